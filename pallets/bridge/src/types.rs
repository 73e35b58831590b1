//! Types of the bridge pallet's calls and storage.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

pub use mooring_primitives::bridge::{
	Deposit, IncrementalMerkleTree, L1Contract, WithdrawalLeaf, MAX_WITHDRAWALS, NATIVE_TOKEN,
	WITHDRAWAL_TREE_DEPTH,
};

/// An L1 token address (20 bytes); [`NATIVE_TOKEN`] (zero) is BNB.
pub type L1Token = [u8; 20];

/// An L1 account address (20 bytes).
pub type L1Address = [u8; 20];

/// What a withdrawal burns on L2: the native token (paid out as BNB) or a `pallet-assets` asset
/// mapped to a BEP-20 token.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
pub enum BridgeAsset<AssetId> {
	/// The native token, bridged BNB.
	Native,
	/// A `pallet-assets` asset that governance mapped to a BEP-20 token.
	Asset(AssetId),
}

/// The most levels of internal tree nodes one append completes (heights 1 to 31): the bound of
/// the `withdraw` weight's component.
pub const MAX_COMPLETED_LEVELS: u32 = WITHDRAWAL_TREE_DEPTH as u32 - 1;

/// What [`crate::Pallet::initiate_withdrawal`] recorded.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct WithdrawalReceipt {
	/// The withdrawal's nonce: its leaf index in the withdrawal tree.
	pub nonce: u64,
	/// The L1 token the Portal pays out.
	pub l1_token: L1Token,
	/// The hash of the withdrawal's leaf.
	pub leaf_hash: polkadot_sdk::sp_core::H256,
	/// The levels of tree nodes the append completed: the `withdraw` weight's component.
	pub completed_levels: u32,
}
