//! Benchmarks of the calls at their worst: a report after an earlier one (every check runs,
//! every item is read), a change of parameters (which also rewrites the prices), and governance
//! setting the prices.

use super::*;
use frame_benchmarking::v2::*;
use frame_support::traits::{EnsureOrigin, Get};
use polkadot_sdk::{frame_benchmarking, frame_system::pallet_prelude::BlockNumberFor};
use sp_runtime::traits::Saturating;

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn report_l1_prices() -> Result<(), BenchmarkError> {
		let origin =
			T::ReportOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let params = Params::<T>::get().ok_or(BenchmarkError::Weightless)?;
		Prices::<T>::put(L1Prices {
			l1_block: 1,
			base_fee: params.max_base_fee / 2,
			blob_base_fee: 0,
			reported_at: BlockNumberFor::<T>::from(1u32),
		});
		let now = BlockNumberFor::<T>::from(1u32).saturating_add(T::MinReportInterval::get());
		frame_system::Pallet::<T>::set_block_number(now);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, 2, params.max_base_fee, params.max_blob_base_fee);

		assert_eq!(Prices::<T>::get().l1_block, 2);
		Ok(())
	}

	#[benchmark]
	fn set_params() -> Result<(), BenchmarkError> {
		let origin =
			T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let mut params = Params::<T>::get().ok_or(BenchmarkError::Weightless)?;
		params.base_fee_scalar = params.base_fee_scalar.saturating_add(1);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, params);

		assert_eq!(Params::<T>::get(), Some(params));
		Ok(())
	}

	#[benchmark]
	fn force_set_prices() -> Result<(), BenchmarkError> {
		let origin =
			T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let params = Params::<T>::get().ok_or(BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, 7, params.max_base_fee, params.max_blob_base_fee);

		assert_eq!(Prices::<T>::get().l1_block, 7);
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
