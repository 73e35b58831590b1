//! Weights for `pallet_l1_fee`, from the FRAME benchmarks in `src/benchmarking.rs`.
//!
//! NOT YET MEASURED (added with the pallet; `scripts/bench-weights` needs a release node built
//! with the `benchmark` subcommand): each call is charged its storage at the runtime's
//! database weights plus a base of 20 µs, above the measured `pallet_bridge::remove_relayer`
//! (13 µs for one small read and write). The next run of the script replaces this.

#![allow(missing_docs)]

use core::marker::PhantomData;
use polkadot_sdk::frame_support::{traits::Get, weights::Weight};

/// Weight functions needed for `pallet_l1_fee`.
pub trait WeightInfo {
	fn report_l1_prices() -> Weight;
	fn set_params() -> Weight;
	fn force_set_prices() -> Weight;
}

/// Weights for `pallet_l1_fee` with the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: polkadot_sdk::frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: the report origin's relayer set (r:1), `L1Fee::Prices` (r:1 w:1),
	/// `L1Fee::Params` (r:1).
	fn report_l1_prices() -> Weight {
		Weight::from_parts(20_000_000, 3_000)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `L1Fee::Params` (w:1), `L1Fee::Prices` (r:1 w:1).
	fn set_params() -> Weight {
		Weight::from_parts(20_000_000, 1_000)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Storage: `L1Fee::Params` (r:1), `L1Fee::Prices` (w:1).
	fn force_set_prices() -> Weight {
		Weight::from_parts(20_000_000, 1_000)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
}

impl WeightInfo for () {
	fn report_l1_prices() -> Weight {
		Weight::from_parts(20_000_000, 3_000)
	}
	fn set_params() -> Weight {
		Weight::from_parts(20_000_000, 1_000)
	}
	fn force_set_prices() -> Weight {
		Weight::from_parts(20_000_000, 1_000)
	}
}
