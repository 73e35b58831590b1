//! Weights for `pallet_channels`
//!
//! HAND-WRITTEN ESTIMATES, NOT YET BENCHMARKED. The layout follows what frame-omni-bencher
//! generates, so the file can be regenerated in place from `src/benchmarking.rs`:
//!
//! frame-omni-bencher v1 benchmark pallet --runtime <mooring_runtime.wasm> \
//!   --pallet=pallet_channels --extrinsic='*' --steps=50 --repeat=20 \
//!   --output=pallets/channels/src/weights.rs
//!
//! Until then every figure is a conservative estimate derived from the storage each call reads
//! and writes (counted for the `pallet-assets` path, which touches more items than the native
//! one) and from its cryptography: an ed25519 verification is taken as 60 µs and one blake2-256
//! step of a hash-chain receipt as 2 µs. Proof sizes assume a channel record of at most 400
//! bytes and account/asset entries of at most 150 bytes.

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

/// Weight functions needed for `pallet_channels`.
pub trait WeightInfo {
	fn open() -> Weight;
	fn join() -> Weight;
	fn cancel_open() -> Weight;
	fn top_up() -> Weight;
	fn withdraw() -> Weight;
	fn cooperative_close() -> Weight;
	fn close(c: u32, ) -> Weight;
	fn dispute(c: u32, ) -> Weight;
	fn settle() -> Weight;
}

/// Weights for `pallet_channels` using the Substrate node and recommended hardware.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: polkadot_sdk::frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `Channels::NextChannelId` (r:1 w:1)
	/// Storage: `Channels::Channels` (r:0 w:1)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Storage: `System::Account` (r:2 w:2)
	/// Storage: `Assets::Asset` (r:1 w:1)
	/// Storage: `Assets::Account` (r:2 w:2)
	fn open() -> Weight {
		Weight::from_parts(95_000_000, 12_000)
			.saturating_add(T::DbWeight::get().reads(7_u64))
			.saturating_add(T::DbWeight::get().writes(8_u64))
	}
	/// Storage: `Channels::Channels` (r:1 w:1)
	/// Storage: `System::Account` (r:1 w:1)
	/// Storage: `Assets::Asset` (r:1 w:1)
	/// Storage: `Assets::Account` (r:2 w:2)
	fn join() -> Weight {
		Weight::from_parts(85_000_000, 10_000)
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().writes(5_u64))
	}
	/// Storage: `Channels::Channels` (r:1 w:1)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Storage: `System::Account` (r:2 w:2)
	/// Storage: `Assets::Asset` (r:1 w:1)
	/// Storage: `Assets::Account` (r:2 w:2)
	fn cancel_open() -> Weight {
		Weight::from_parts(95_000_000, 12_000)
			.saturating_add(T::DbWeight::get().reads(7_u64))
			.saturating_add(T::DbWeight::get().writes(7_u64))
	}
	/// Storage: `Channels::Channels` (r:1 w:1)
	/// Storage: `System::Account` (r:1 w:1)
	/// Storage: `Assets::Asset` (r:1 w:1)
	/// Storage: `Assets::Account` (r:2 w:2)
	fn top_up() -> Weight {
		Weight::from_parts(75_000_000, 10_000)
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().writes(5_u64))
	}
	/// Storage: `Channels::Channels` (r:1 w:1)
	/// Storage: `System::BlockHash` (r:1 w:0)
	/// Storage: `System::Account` (r:2 w:2)
	/// Storage: `Assets::Asset` (r:1 w:1)
	/// Storage: `Assets::Account` (r:3 w:3)
	fn withdraw() -> Weight {
		Weight::from_parts(230_000_000, 14_000)
			.saturating_add(T::DbWeight::get().reads(8_u64))
			.saturating_add(T::DbWeight::get().writes(7_u64))
	}
	/// Storage: `Channels::Channels` (r:1 w:1)
	/// Storage: `System::BlockHash` (r:1 w:0)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Storage: `System::Account` (r:3 w:3)
	/// Storage: `Assets::Asset` (r:1 w:1)
	/// Storage: `Assets::Account` (r:3 w:3)
	fn cooperative_close() -> Weight {
		Weight::from_parts(250_000_000, 16_000)
			.saturating_add(T::DbWeight::get().reads(10_u64))
			.saturating_add(T::DbWeight::get().writes(9_u64))
	}
	/// Storage: `Channels::Channels` (r:1 w:1)
	/// Storage: `System::BlockHash` (r:1 w:0)
	/// The range of component `c` is `[0, 4096]`.
	fn close(c: u32, ) -> Weight {
		Weight::from_parts(150_000_000, 5_000)
			.saturating_add(Weight::from_parts(2_000_000, 0).saturating_mul(c.into()))
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Channels::Channels` (r:1 w:1)
	/// Storage: `System::BlockHash` (r:1 w:0)
	/// The range of component `c` is `[0, 4096]`.
	fn dispute(c: u32, ) -> Weight {
		Weight::from_parts(150_000_000, 5_000)
			.saturating_add(Weight::from_parts(2_000_000, 0).saturating_mul(c.into()))
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Channels::Channels` (r:1 w:1)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Storage: `System::Account` (r:3 w:3)
	/// Storage: `Assets::Asset` (r:1 w:1)
	/// Storage: `Assets::Account` (r:3 w:3)
	fn settle() -> Weight {
		Weight::from_parts(120_000_000, 16_000)
			.saturating_add(T::DbWeight::get().reads(9_u64))
			.saturating_add(T::DbWeight::get().writes(9_u64))
	}
}

// For backwards compatibility and tests.
impl WeightInfo for () {
	fn open() -> Weight {
		Weight::from_parts(95_000_000, 12_000)
			.saturating_add(RocksDbWeight::get().reads(7_u64))
			.saturating_add(RocksDbWeight::get().writes(8_u64))
	}
	fn join() -> Weight {
		Weight::from_parts(85_000_000, 10_000)
			.saturating_add(RocksDbWeight::get().reads(5_u64))
			.saturating_add(RocksDbWeight::get().writes(5_u64))
	}
	fn cancel_open() -> Weight {
		Weight::from_parts(95_000_000, 12_000)
			.saturating_add(RocksDbWeight::get().reads(7_u64))
			.saturating_add(RocksDbWeight::get().writes(7_u64))
	}
	fn top_up() -> Weight {
		Weight::from_parts(75_000_000, 10_000)
			.saturating_add(RocksDbWeight::get().reads(5_u64))
			.saturating_add(RocksDbWeight::get().writes(5_u64))
	}
	fn withdraw() -> Weight {
		Weight::from_parts(230_000_000, 14_000)
			.saturating_add(RocksDbWeight::get().reads(8_u64))
			.saturating_add(RocksDbWeight::get().writes(7_u64))
	}
	fn cooperative_close() -> Weight {
		Weight::from_parts(250_000_000, 16_000)
			.saturating_add(RocksDbWeight::get().reads(10_u64))
			.saturating_add(RocksDbWeight::get().writes(9_u64))
	}
	fn close(c: u32, ) -> Weight {
		Weight::from_parts(150_000_000, 5_000)
			.saturating_add(Weight::from_parts(2_000_000, 0).saturating_mul(c.into()))
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn dispute(c: u32, ) -> Weight {
		Weight::from_parts(150_000_000, 5_000)
			.saturating_add(Weight::from_parts(2_000_000, 0).saturating_mul(c.into()))
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn settle() -> Weight {
		Weight::from_parts(120_000_000, 16_000)
			.saturating_add(RocksDbWeight::get().reads(9_u64))
			.saturating_add(RocksDbWeight::get().writes(9_u64))
	}
}
