//! The fee formula, its effect on transaction fees, and who may move the prices how far.

use crate::{mock::*, Error, Event, FeeParams, Prices};
use polkadot_sdk::{
	frame_support::{
		assert_noop, assert_ok,
		dispatch::{DispatchInfo, Pays},
		weights::Weight,
	},
	sp_runtime::DispatchError,
};

fn report(l1_block: u64, base_fee: u128, blob_base_fee: u128) -> Result<Pays, DispatchError> {
	L1Fee::report_l1_prices(RuntimeOrigin::signed(REPORTER), l1_block, base_fee, blob_base_fee)
		.map(|post| post.pays_fee)
		.map_err(|e| e.error)
}

/// What transaction payment charges a transaction of `len` bytes that weighs nothing.
fn fee_of_length(len: u32) -> u128 {
	let info = DispatchInfo { call_weight: Weight::zero(), ..Default::default() };
	TransactionPayment::compute_fee(len, &info, 0)
}

#[test]
fn the_l1_data_fee_follows_the_formula() {
	new_test_ext().execute_with(|| {
		// 1,000 bytes, 65 % of them after compression, 16 L1 gas each at 1 gwei, scalar 1.0.
		assert_eq!(L1Fee::l1_data_fee(1_000), 650 * 16 * GWEI);
		assert_eq!(L1Fee::l1_data_fee(0), 0);
		// Blobs weigh in through their scalar only.
		let with_blobs = FeeParams { blob_base_fee_scalar: 500_000, ..params() };
		assert_ok!(L1Fee::set_params(RuntimeOrigin::root(), with_blobs));
		assert_ok!(report(1, GWEI, 2 * GWEI));
		assert_eq!(L1Fee::l1_data_fee(1_000), 650 * 16 * GWEI + 650 * GWEI);
	});
}

#[test]
fn a_transactions_fee_rises_with_the_l1_base_fee() {
	new_test_ext().execute_with(|| {
		let len = 150;
		let before = fee_of_length(len);
		assert_eq!(before, L1Fee::l1_data_fee(len) + u128::from(len) * BYTE_FEE + base_fee());
		assert_ok!(report(1, 2 * GWEI, 1));
		let after = fee_of_length(len);
		// One more gwei for each of the 97.5 bytes the transaction is estimated to compress to.
		assert_eq!(after - before, 975 * 16 * GWEI / 10);
	});
}

/// The extrinsic base weight's fee, which every transaction pays.
fn base_fee() -> u128 {
	fee_of_length(0)
}

#[test]
fn a_report_pays_no_fee_and_is_recorded() {
	new_test_ext().execute_with(|| {
		System::set_block_number(5);
		assert_eq!(report(7, 2 * GWEI, 3), Ok(Pays::No));
		let prices = Prices::<Test>::get();
		assert_eq!(
			(prices.l1_block, prices.base_fee, prices.blob_base_fee, prices.reported_at),
			(7, 2 * GWEI, 3, 5)
		);
		System::assert_last_event(
			Event::PricesReported { l1_block: 7, base_fee: 2 * GWEI, blob_base_fee: 3 }.into(),
		);
	});
}

#[test]
fn only_the_reporter_reports_and_only_governance_sets_params() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			L1Fee::report_l1_prices(RuntimeOrigin::signed(2), 1, GWEI, 1),
			DispatchError::BadOrigin
		);
		assert_noop!(
			L1Fee::set_params(RuntimeOrigin::signed(REPORTER), params()),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn a_report_outside_governances_bounds_is_refused() {
	new_test_ext().execute_with(|| {
		let p = params();
		for (base_fee, blob_base_fee) in
			[(p.max_base_fee + 1, 1), (p.min_base_fee - 1, 1), (GWEI, p.max_blob_base_fee + 1)]
		{
			assert_noop!(report(1, base_fee, blob_base_fee), Error::<Test>::OutOfRange);
		}
		// The bounds themselves are in range.
		assert_ok!(report(1, 2 * GWEI, p.max_blob_base_fee));
		assert_ok!(L1Fee::set_params(
			RuntimeOrigin::root(),
			FeeParams { max_base_fee: 2 * GWEI, ..p }
		));
		System::set_block_number(20);
		assert_ok!(report(2, 2 * GWEI, 1));
	});
}

#[test]
fn reports_move_forward_at_most_once_per_interval() {
	new_test_ext().execute_with(|| {
		System::set_block_number(20);
		assert_ok!(report(100, GWEI, 1));
		assert_noop!(report(100, 2 * GWEI, 1), Error::<Test>::NotNewer);
		assert_noop!(report(99, 2 * GWEI, 1), Error::<Test>::NotNewer);
		System::set_block_number(29);
		assert_noop!(report(101, 2 * GWEI, 1), Error::<Test>::TooFrequent);
		System::set_block_number(30);
		assert_ok!(report(101, 2 * GWEI, 1));
	});
}

#[test]
fn prices_go_stale_without_reports_and_stay_in_force() {
	new_test_ext().execute_with(|| {
		System::set_block_number(10);
		assert_ok!(report(1, 2 * GWEI, 1));
		let fee = L1Fee::l1_data_fee(100);
		System::set_block_number(110);
		assert!(!L1Fee::is_stale());
		System::set_block_number(111);
		assert!(L1Fee::is_stale());
		assert_eq!(L1Fee::l1_data_fee(100), fee, "the last prices still apply");
		assert_ok!(report(2, 2 * GWEI, 1));
		assert!(!L1Fee::is_stale());
	});
}

#[test]
fn invalid_params_are_refused() {
	new_test_ext().execute_with(|| {
		let reversed = FeeParams { min_base_fee: 2, max_base_fee: 1, ..params() };
		let expanding = FeeParams { compression_ppm: 1_000_001, ..params() };
		for invalid in [reversed, expanding] {
			assert_noop!(
				L1Fee::set_params(RuntimeOrigin::root(), invalid),
				Error::<Test>::InvalidParams
			);
		}
		let cheaper = FeeParams { base_fee_scalar: 500_000, ..params() };
		assert_ok!(L1Fee::set_params(RuntimeOrigin::root(), cheaper));
		assert_eq!(L1Fee::l1_data_fee(1_000), 650 * 8 * GWEI);
	});
}

#[test]
fn extreme_inputs_saturate_instead_of_overflowing() {
	let p = FeeParams {
		base_fee_scalar: u32::MAX,
		blob_base_fee_scalar: u32::MAX,
		compression_ppm: 1_000_000,
		min_base_fee: 0,
		max_base_fee: u128::MAX,
		max_blob_base_fee: u128::MAX,
	};
	let prices = crate::L1Prices {
		l1_block: 1,
		base_fee: u128::MAX,
		blob_base_fee: u128::MAX,
		reported_at: 0u64,
	};
	assert_eq!(p.l1_data_fee(u32::MAX, &prices), u128::MAX / (1_000_000 * 1_000_000));
}

#[test]
fn storage_keys_for_clients_match_the_pallets() {
	assert_eq!(crate::storage_key("L1Fee", "Prices"), Prices::<Test>::hashed_key());
	assert_eq!(crate::storage_key("L1Fee", "Params"), crate::Params::<Test>::hashed_key());
}

#[test]
fn a_report_moves_the_base_fee_at_most_to_double_or_half() {
	new_test_ext().execute_with(|| {
		// 1 gwei in force.
		assert_noop!(report(1, 2 * GWEI + 1, 1), Error::<Test>::MovedTooFar);
		assert_ok!(report(1, 2 * GWEI, 1));
		System::set_block_number(11);
		assert_noop!(report(2, GWEI - 1, 1), Error::<Test>::MovedTooFar);
		assert_ok!(report(2, GWEI, 1));
		assert_eq!(Prices::<Test>::get().base_fee, GWEI);
	});
}

#[test]
fn governance_undoes_a_report_of_a_wrong_l1_block() {
	new_test_ext().execute_with(|| {
		assert_ok!(report(u64::MAX, 2 * GWEI, 1));
		System::set_block_number(20);
		assert_noop!(report(1_000, GWEI, 1), Error::<Test>::NotNewer);
		assert_noop!(
			L1Fee::force_set_prices(RuntimeOrigin::signed(REPORTER), 900, GWEI, 1),
			DispatchError::BadOrigin
		);
		let p = params();
		assert_noop!(
			L1Fee::force_set_prices(RuntimeOrigin::root(), 900, p.max_base_fee + 1, 1),
			Error::<Test>::OutOfRange
		);
		assert_ok!(L1Fee::force_set_prices(RuntimeOrigin::root(), 900, GWEI, 1));
		System::assert_last_event(
			Event::PricesForced { l1_block: 900, base_fee: GWEI, blob_base_fee: 1 }.into(),
		);
		System::set_block_number(30);
		assert_ok!(report(1_000, GWEI + 1, 1));
	});
}

#[test]
fn new_bounds_bring_the_prices_in_force_within_them() {
	new_test_ext().execute_with(|| {
		let dearer = FeeParams { min_base_fee: 5 * GWEI, ..params() };
		assert_ok!(L1Fee::set_params(RuntimeOrigin::root(), dearer));
		assert_eq!(Prices::<Test>::get().base_fee, 5 * GWEI);
		let cheaper = FeeParams { max_base_fee: GWEI / 10, min_base_fee: GWEI / 100, ..params() };
		assert_ok!(L1Fee::set_params(RuntimeOrigin::root(), cheaper));
		assert_eq!(Prices::<Test>::get().base_fee, GWEI / 10);
	});
}

#[test]
fn the_next_base_fee_range_doubles_and_halves_within_the_bounds() {
	let p = params();
	assert_eq!(p.next_base_fee_range(GWEI), (GWEI / 2, 2 * GWEI));
	assert_eq!(p.next_base_fee_range(p.max_base_fee), (p.max_base_fee / 2, p.max_base_fee));
	assert_eq!(p.next_base_fee_range(p.min_base_fee), (p.min_base_fee, 2 * p.min_base_fee));
	assert_eq!(p.next_base_fee_range(0), (p.min_base_fee, p.max_base_fee));
}
