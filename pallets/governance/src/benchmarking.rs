//! Benchmarks of the calls whose weight is this pallet's own: `rotate_sequencer_keys` replacing
//! both key sets (`authorize_upgrade` is charged `frame_system`'s benchmarked weight of the same
//! work).

use super::*;
use frame_benchmarking::v2::*;
use frame_support::traits::EnsureOrigin;
use polkadot_sdk::{frame_benchmarking, sp_core::crypto::UncheckedFrom};

#[benchmarks(where AuraIdOf<T>: UncheckedFrom<[u8; 32]>)]
mod benchmarks {
	use super::*;

	/// Rotation from a genesis key set to new keys: reads both current sets and the pending
	/// GRANDPA change, writes the Aura set, the pending change and a digest log.
	#[benchmark]
	fn rotate_sequencer_keys() -> Result<(), BenchmarkError> {
		let aura = AuraIdOf::<T>::unchecked_from([0xa7; 32]);
		let grandpa = GrandpaId::unchecked_from([0x9a; 32]);
		let origin =
			T::CouncilOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, aura.clone(), grandpa);

		assert_eq!(pallet_aura::Authorities::<T>::get().into_inner(), alloc::vec![aura]);
		assert!(pallet_grandpa::Pallet::<T>::pending_change().is_some());
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
