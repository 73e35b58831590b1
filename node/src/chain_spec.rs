//! Chain specifications: the built-in `dev` and `local` networks (production networks:
//! [`crate::network_spec`]).

use mooring_runtime::{genesis, WASM_BINARY};
use polkadot_sdk::{sc_chain_spec::Properties, sc_service::ChainType};

/// A Mooring chain specification.
pub type ChainSpec = polkadot_sdk::sc_service::GenericChainSpec;

/// Single-node development chain: Alice sequences; every dev account is funded.
pub fn development() -> Result<ChainSpec, String> {
	Ok(ChainSpec::builder(runtime_wasm()?, None)
		.with_name("Mooring Development")
		.with_id("mooring_dev")
		.with_chain_type(ChainType::Development)
		.with_protocol_id("mooring-dev")
		.with_genesis_config_preset_name(genesis::DEV_PRESET)
		.with_properties(properties(mooring_runtime::CHAIN_ID))
		.build())
}

/// Local testnet: Alice sequences, other nodes follow over libp2p.
pub fn local_testnet() -> Result<ChainSpec, String> {
	Ok(ChainSpec::builder(runtime_wasm()?, None)
		.with_name("Mooring Local Testnet")
		.with_id("mooring_local")
		.with_chain_type(ChainType::Local)
		.with_protocol_id("mooring-local")
		.with_genesis_config_preset_name(genesis::LOCAL_PRESET)
		.with_properties(properties(mooring_runtime::CHAIN_ID))
		.build())
}

pub(crate) fn runtime_wasm() -> Result<&'static [u8], String> {
	WASM_BINARY.ok_or_else(|| {
		"the runtime wasm was not built (SKIP_WASM_BUILD was set); rebuild without it".to_string()
	})
}

/// Token and address metadata that wallets such as polkadot-js read from the chain spec, for a
/// chain whose EVM chain id is `evm_chain_id`.
pub(crate) fn properties(evm_chain_id: u64) -> Properties {
	let mut properties = Properties::new();
	properties.insert("tokenSymbol".into(), "BNB".into());
	properties.insert("tokenDecimals".into(), 18.into());
	properties.insert("ss58Format".into(), 42.into());
	properties.insert("evmChainId".into(), evm_chain_id.into());
	properties
}

/// The EVM chain id a chain spec names (`evmChainId`), [`mooring_runtime::CHAIN_ID`] if none.
pub fn evm_chain_id(spec: &dyn polkadot_sdk::sc_chain_spec::ChainSpec) -> u64 {
	spec.properties()
		.get("evmChainId")
		.and_then(|value| value.as_u64())
		.unwrap_or(mooring_runtime::CHAIN_ID)
}
