//! Types and constants shared by the Mooring runtime, node, relayer and tests.
//!
//! Everything here is `no_std`, so the runtime (wasm) and the off-chain tools use the very same
//! definitions: account and balance types, chain constants, and the well-known development
//! accounts.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod bridge;
pub mod channel;
pub mod compliance;
pub mod dev;
pub mod identity;

use polkadot_sdk::sp_runtime::{
	self,
	traits::{IdentifyAccount, Verify},
	MultiSignature,
};

/// A signature on an extrinsic: sr25519, ed25519 or ecdsa (secp256k1).
pub type Signature = MultiSignature;

/// An account on Mooring: a 32-byte public key, or an Ethereum address padded with `0xEE`
/// (pallet-revive's `AccountId32Mapper`).
pub type AccountId = <<Signature as Verify>::Signer as IdentifyAccount>::AccountId;

/// Balance of the native token (bridged BNB), with 18 decimals like wei.
pub type Balance = u128;

/// An L2 block number.
pub type BlockNumber = u32;

/// The index of a transaction in an account's history.
pub type Nonce = u32;

/// A hash of some data: blake2-256 for L2 blocks and state.
pub type Hash = polkadot_sdk::sp_core::H256;

/// The header of an L2 block.
pub type Header = sp_runtime::generic::Header<BlockNumber, sp_runtime::traits::BlakeTwo256>;

/// Ethereum chain id of Mooring networks (EIP-155): `0x4d4f4f52`, the ASCII bytes of "MOOR".
pub const CHAIN_ID: u64 = 0x4d4f_4f52;

/// One whole native token (1 BNB on L2): 10^18 of its smallest unit, exactly as wei.
pub const UNIT: Balance = 1_000_000_000_000_000_000;
/// 10^-3 of a token.
pub const MILLI_UNIT: Balance = UNIT / 1_000;
/// 10^-6 of a token.
pub const MICRO_UNIT: Balance = MILLI_UNIT / 1_000;
/// One gwei: 10^-9 of a token.
pub const GWEI: Balance = 1_000_000_000;

/// The smallest balance an account may hold; below it the account is reaped.
pub const EXISTENTIAL_DEPOSIT: Balance = MICRO_UNIT;

/// Target time between two L2 blocks, in milliseconds (the Aura slot duration).
pub const MILLISECS_PER_BLOCK: u64 = 1_000;

/// The fewest L2 blocks between two reports of L1 prices (`pallet_l1_fee`); the relayer waits
/// as long before it reports again.
pub const L1_PRICE_REPORT_INTERVAL: BlockNumber = 10;

/// After how many L2 blocks without a report the L1 prices count as stale (`pallet_l1_fee`);
/// the relayer refreshes them well before.
pub const L1_PRICES_STALE_AFTER: BlockNumber = 600;

/// L2 blocks in a day at [`MILLISECS_PER_BLOCK`].
pub const DAY: BlockNumber = (24 * 60 * 60 * 1_000 / MILLISECS_PER_BLOCK) as BlockNumber;

/// Storage deposit for `items` storage items holding `bytes` bytes in total.
///
/// One item costs 0.0002 BNB and one byte 0.0000001 BNB; deposits are returned when the item
/// is removed.
pub const fn deposit(items: u32, bytes: u32) -> Balance {
	items as Balance * 200 * MICRO_UNIT + bytes as Balance * (MICRO_UNIT / 10)
}
