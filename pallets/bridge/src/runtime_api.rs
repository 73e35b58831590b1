//! The runtime API the node's `bridge_*` RPC and the relayer read the bridge through.

use codec::{Decode, Encode};
use mooring_primitives::bridge::{L1Contract, WithdrawalLeaf, WITHDRAWAL_TREE_DEPTH};
use polkadot_sdk::sp_core::H256;
use scale_info::TypeInfo;

/// A withdrawal with its inclusion proof against the withdrawal tree of the block the runtime
/// API was called at: what `Portal.finalizeWithdrawal` needs besides the output.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo)]
pub struct WithdrawalProof {
	/// The withdrawal.
	pub leaf: WithdrawalLeaf,
	/// Its hash, the tree leaf.
	pub leaf_hash: H256,
	/// The 32 siblings from the leaf upwards.
	pub proof: [H256; WITHDRAWAL_TREE_DEPTH],
	/// The tree root the proof leads to.
	pub withdrawals_root: H256,
	/// How many withdrawals the tree held.
	pub count: u64,
}

polkadot_sdk::sp_api::decl_runtime_apis! {
	/// Read access to the bridge's deposit queue and withdrawal tree.
	pub trait BridgeApi {
		/// The root of the withdrawal tree.
		fn withdrawals_root() -> H256;
		/// How many withdrawals the tree holds (the next withdrawal's nonce).
		fn withdrawal_count() -> u64;
		/// The L1 deposit nonce the bridge expects next.
		fn next_deposit_nonce() -> u64;
		/// The withdrawal with `nonce` and its proof, `None` if it does not exist (yet).
		fn withdrawal_proof(nonce: u64) -> Option<WithdrawalProof>;
		/// The L1 Portal the bridge settles to, `None` before one is set.
		fn portal() -> Option<L1Contract>;
	}
}
