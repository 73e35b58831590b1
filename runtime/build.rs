fn main() {
	#[cfg(feature = "std")]
	{
		use polkadot_sdk::substrate_wasm_builder::WasmBuilder;
		WasmBuilder::build_using_defaults();
		// The same runtime with `spec_version` one higher: the upgrade the e2e tests apply
		// (`lib.rs`, `next_spec_version`), as polkadot-sdk's runtimes build their variants.
		WasmBuilder::init_with_defaults()
			.set_file_name("next_spec_version_binary.rs")
			.enable_feature("next-spec-version")
			.build();
	}
}
