//! Weights for `pallet_bridge`
//!
//! HAND-WRITTEN ESTIMATES, NOT YET BENCHMARKED. The layout follows what frame-omni-bencher
//! generates, so the file can be regenerated in place from `src/benchmarking.rs`:
//!
//! frame-omni-bencher v1 benchmark pallet --runtime <mooring_runtime.wasm> \
//!   --pallet=pallet_bridge --extrinsic='*' --steps=50 --repeat=20 \
//!   --output=pallets/bridge/src/weights.rs
//!
//! Until then every figure is a conservative estimate derived from the storage each call reads
//! and writes, counted for the `pallet-assets` path (it touches more items than the native one)
//! with a new recipient account, plus computation: a keccak-256 of 64 bytes is taken as 5 µs
//! with its node write overhead, a mint or burn through `pallet-assets` as 40 µs. Proof sizes
//! assume `MaxRelayers` up to 64 (2 KiB of relayer set), a withdrawal-tree frontier of 1 KiB,
//! an asset entry of 250 bytes, an asset account of 150 bytes and a system account of 130 bytes,
//! rounded up generously.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]
#![allow(dead_code)]

use core::marker::PhantomData;
use polkadot_sdk::frame_support::{
	traits::Get,
	weights::{constants::RocksDbWeight, Weight},
};

/// Weight functions needed for `pallet_bridge`.
pub trait WeightInfo {
	fn relay_deposits(n: u32, ) -> Weight;
	fn relay_deposits_parked(n: u32, ) -> Weight;
	fn withdraw(l: u32, ) -> Weight;
	fn retry_deposit() -> Weight;
	fn register_token() -> Weight;
	fn deregister_token() -> Weight;
	fn add_relayer() -> Weight;
	fn remove_relayer() -> Weight;
}

/// Weights for `pallet_bridge` using the Substrate node and recommended hardware.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: polkadot_sdk::frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `Bridge::Relayers` (r:1 w:0)
	/// Storage: `Bridge::NextDepositNonce` (r:1 w:1)
	/// Storage: per deposit: `Bridge::TokenToAsset` (r:1 w:0)
	/// Storage: per deposit: `Assets::Asset` (r:1 w:1)
	/// Storage: per deposit: `Assets::Account` (r:1 w:1)
	/// Storage: per deposit: `System::Account` (r:1 w:1)
	/// The range of component `n` is `[1, MaxDepositsPerCall]`.
	fn relay_deposits(n: u32, ) -> Weight {
		Weight::from_parts(30_000_000, 4_000)
			.saturating_add(Weight::from_parts(60_000_000, 3_700).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().reads((4_u64).saturating_mul(n.into())))
			.saturating_add(T::DbWeight::get().writes(1_u64))
			.saturating_add(T::DbWeight::get().writes((3_u64).saturating_mul(n.into())))
	}
	/// Storage: `Bridge::Relayers` (r:1 w:0)
	/// Storage: `Bridge::NextDepositNonce` (r:1 w:1)
	/// Storage: per deposit: `Bridge::TokenToAsset` (r:1 w:0)
	/// Storage: per deposit: `Assets::Asset` (r:1 w:0)
	/// Storage: per deposit: `Assets::Account` (r:1 w:0)
	/// Storage: per deposit: `System::Account` (r:1 w:0)
	/// Storage: per deposit: `Bridge::FailedDeposits` (r:0 w:1)
	/// The range of component `n` is `[1, MaxDepositsPerCall]`.
	fn relay_deposits_parked(n: u32, ) -> Weight {
		Weight::from_parts(30_000_000, 4_000)
			.saturating_add(Weight::from_parts(70_000_000, 3_900).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().reads((4_u64).saturating_mul(n.into())))
			.saturating_add(T::DbWeight::get().writes(1_u64))
			.saturating_add(T::DbWeight::get().writes((1_u64).saturating_mul(n.into())))
	}
	/// Storage: `Bridge::AssetToToken` (r:1 w:0)
	/// Storage: `Bridge::WithdrawalTree` (r:1 w:1)
	/// Storage: `Assets::Asset` (r:1 w:1)
	/// Storage: `Assets::Account` (r:1 w:1)
	/// Storage: `System::Account` (r:1 w:1)
	/// Storage: `Bridge::Withdrawals` (r:0 w:1)
	/// Storage: `Bridge::WithdrawalTreeNodes` (r:0 w:1), plus one write and one keccak per completed level
	/// The range of component `l` is `[0, 31]`.
	fn withdraw(l: u32, ) -> Weight {
		Weight::from_parts(90_000_000, 8_000)
			.saturating_add(Weight::from_parts(5_000_000, 0).saturating_mul(l.into()))
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().writes(6_u64))
			.saturating_add(T::DbWeight::get().writes((1_u64).saturating_mul(l.into())))
	}
	/// Storage: `Bridge::FailedDeposits` (r:1 w:1)
	/// Storage: `Bridge::TokenToAsset` (r:1 w:0)
	/// Storage: `Assets::Asset` (r:1 w:1)
	/// Storage: `Assets::Account` (r:1 w:1)
	/// Storage: `System::Account` (r:1 w:1)
	fn retry_deposit() -> Weight {
		Weight::from_parts(80_000_000, 5_000)
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
	/// Storage: `Bridge::TokenToAsset` (r:1 w:1)
	/// Storage: `Bridge::AssetToToken` (r:1 w:1)
	/// Storage: `Assets::Asset` (r:1 w:0)
	fn register_token() -> Weight {
		Weight::from_parts(30_000_000, 4_000)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Storage: `Bridge::TokenToAsset` (r:1 w:1)
	/// Storage: `Bridge::AssetToToken` (r:0 w:1)
	fn deregister_token() -> Weight {
		Weight::from_parts(25_000_000, 2_600)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Storage: `Bridge::Relayers` (r:1 w:1)
	fn add_relayer() -> Weight {
		Weight::from_parts(25_000_000, 2_100)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Bridge::Relayers` (r:1 w:1)
	fn remove_relayer() -> Weight {
		Weight::from_parts(25_000_000, 2_100)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
}

// For backwards compatibility and tests.
impl WeightInfo for () {
	fn relay_deposits(n: u32, ) -> Weight {
		Weight::from_parts(30_000_000, 4_000)
			.saturating_add(Weight::from_parts(60_000_000, 3_700).saturating_mul(n.into()))
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().reads((4_u64).saturating_mul(n.into())))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
			.saturating_add(RocksDbWeight::get().writes((3_u64).saturating_mul(n.into())))
	}
	fn relay_deposits_parked(n: u32, ) -> Weight {
		Weight::from_parts(30_000_000, 4_000)
			.saturating_add(Weight::from_parts(70_000_000, 3_900).saturating_mul(n.into()))
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().reads((4_u64).saturating_mul(n.into())))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
			.saturating_add(RocksDbWeight::get().writes((1_u64).saturating_mul(n.into())))
	}
	fn withdraw(l: u32, ) -> Weight {
		Weight::from_parts(90_000_000, 8_000)
			.saturating_add(Weight::from_parts(5_000_000, 0).saturating_mul(l.into()))
			.saturating_add(RocksDbWeight::get().reads(5_u64))
			.saturating_add(RocksDbWeight::get().writes(6_u64))
			.saturating_add(RocksDbWeight::get().writes((1_u64).saturating_mul(l.into())))
	}
	fn retry_deposit() -> Weight {
		Weight::from_parts(80_000_000, 5_000)
			.saturating_add(RocksDbWeight::get().reads(5_u64))
			.saturating_add(RocksDbWeight::get().writes(4_u64))
	}
	fn register_token() -> Weight {
		Weight::from_parts(30_000_000, 4_000)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	fn deregister_token() -> Weight {
		Weight::from_parts(25_000_000, 2_600)
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	fn add_relayer() -> Weight {
		Weight::from_parts(25_000_000, 2_100)
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn remove_relayer() -> Weight {
		Weight::from_parts(25_000_000, 2_100)
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
}
