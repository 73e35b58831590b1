//! Weights for `pallet_governance`, from the FRAME benchmarks in `src/benchmarking.rs`.
//!
//! NOT YET MEASURED (added with the pallet, before `scripts/bench-weights` was rerun; it needs a
//! release node built with the `benchmark` subcommand): `rotate_sequencer_keys` is charged the
//! storage it touches at the runtime's database weights plus a base of 50 µs, about four times
//! the measured `pallet_bridge::remove_relayer` (one small read and write, 13 µs). The benchmark
//! exists; the next run of the script replaces this.

#![allow(missing_docs)]

use core::marker::PhantomData;
use polkadot_sdk::frame_support::{traits::Get, weights::Weight};

/// Weight functions needed for `pallet_governance`.
pub trait WeightInfo {
	fn rotate_sequencer_keys() -> Weight;
}

/// Weights for `pallet_governance` with the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: polkadot_sdk::frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `Grandpa::PendingChange` (r:1 w:1), `Aura::Authorities` (r:1 w:1),
	/// `Grandpa::Authorities` (r:1 w:0), `Grandpa::CurrentSetId` (r:1 w:1), `System::Digest`
	/// (r:1 w:1).
	fn rotate_sequencer_keys() -> Weight {
		Weight::from_parts(50_000_000, 4_000)
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
}

impl WeightInfo for () {
	fn rotate_sequencer_keys() -> Weight {
		Weight::from_parts(50_000_000, 4_000)
	}
}
