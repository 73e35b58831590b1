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
