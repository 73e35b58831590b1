//! Bindings to the compiled Solidity contracts in `contracts/artifacts` (ABI and bytecode).
//!
//! `sol!` turns the `Formats` library's structs, used by both `Portal` and `FormatsHarness`, into a
//! module `Formats` next to each contract; those two bindings live in their own modules so the two
//! `Formats` do not collide (`portal::Formats::WithdrawalLeaf`, `formats_harness::Formats::…`).
//! `OutputOracle` (whose `proveOutputFault` takes a `Formats.OutputRootPreimage`) brings the
//! top-level `artifacts::Formats`.

alloy::sol!(
	#[sol(rpc)]
	DevToken,
	"../contracts/artifacts/DevToken.json"
);

alloy::sol!(
	#[sol(rpc)]
	BatchInbox,
	"../contracts/artifacts/BatchInbox.json"
);

alloy::sol!(
	#[sol(rpc)]
	OutputOracle,
	"../contracts/artifacts/OutputOracle.json"
);

/// The bridge's L1 end.
pub mod portal {
	alloy::sol!(
		#[sol(rpc)]
		Portal,
		"../contracts/artifacts/Portal.json"
	);
}
pub use portal::Portal;

/// Test-only: exposes the `Formats` library (shared-format test vectors).
pub mod formats_harness {
	alloy::sol!(
		#[sol(rpc)]
		FormatsHarness,
		"../contracts/artifacts/FormatsHarness.json"
	);
}
pub use formats_harness::FormatsHarness;

alloy::sol!(
	/// Test-only: a contract account (forwarding, refusing BNB, re-entering).
	#[sol(rpc)]
	TestActor,
	"../contracts/artifacts/TestActor.json"
);

alloy::sol!(
	/// Test-only: a fee-on-transfer ERC-20.
	#[sol(rpc)]
	FeeToken,
	"../contracts/artifacts/FeeToken.json"
);

alloy::sol!(
	/// Test-only: moves its callers' tokens with their allowance and withdraws them to L1
	/// through the bridge precompile.
	#[sol(rpc)]
	TokenForwarder,
	"../contracts/artifacts/TokenForwarder.json"
);

alloy::sol!(
	/// The bridge precompile on Mooring (`contracts/src/bridge/IMooringBridge.sol`).
	#[sol(rpc)]
	IMooringBridge,
	"../contracts/artifacts/IMooringBridge.json"
);

alloy::sol!(
	/// The identity precompile on Mooring (`contracts/src/identity/IMooringIdentity.sol`).
	#[sol(rpc)]
	IMooringIdentity,
	"../contracts/artifacts/IMooringIdentity.json"
);

alloy::sol!(
	/// An RWA asset's ERC-20 on Mooring (`contracts/src/rwa/IMooringRwaToken.sol`).
	#[sol(rpc)]
	IMooringRwaToken,
	"../contracts/artifacts/IMooringRwaToken.json"
);

alloy::sol!(
	/// The payments precompile on Mooring (`contracts/src/payments/IMooringPayments.sol`).
	#[sol(rpc)]
	IMooringPayments,
	"../contracts/artifacts/IMooringPayments.json"
);

alloy::sol!(
	/// Example: a shop's checkout paying a PayPIN handle (`contracts/src/payments/Checkout.sol`).
	#[sol(rpc)]
	Checkout,
	"../contracts/artifacts/Checkout.json"
);

alloy::sol!(
	/// Test-only: exposes the Blake2b and SubstrateHeader libraries (fault-proof test vectors).
	#[sol(rpc)]
	HeaderHarness,
	"../contracts/artifacts/HeaderHarness.json"
);

/// The output root the OutputOracle at `oracle` on chain `chain_id` computes for a preimage
/// with these fields (the Rust definition, `mooring_primitives::bridge`).
pub fn output_root_in(
	chain_id: u64,
	oracle: alloy::primitives::Address,
	l2_block_number: alloy::primitives::U256,
	fields: [alloy::primitives::B256; 3],
) -> alloy::primitives::B256 {
	use mooring_primitives::bridge::{L1Contract, OutputRootPreimage};
	use polkadot_sdk::sp_core::H256;
	let [l2_block_hash, l2_state_root, withdrawals_root] = fields.map(|word| H256(word.0));
	let preimage = OutputRootPreimage {
		l2_block_number: l2_block_number.to(),
		l2_block_hash,
		l2_state_root,
		withdrawals_root,
	};
	let oracle = L1Contract { chain_id, address: oracle.into_array() };
	preimage.output_root(&oracle).0.into()
}
