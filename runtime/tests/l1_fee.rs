//! Every transaction pays the L1 data fee of its length: Substrate transfers and Ethereum
//! transactions alike, more when BNB Chain's gas costs more; only the bridge relayer reports
//! BNB Chain's prices.

mod common;

use codec::Encode;
use common::{evm, initialize_block, new_test_ext, signed_extrinsic};
use mooring_runtime::{
	configs::{L1_FEE_COMPRESSION_PPM, L1_FEE_PARAMS},
	genesis::{self, GENESIS_L1_BASE_FEE},
	L1Fee, Revive, RuntimeCall, RuntimeOrigin, TransactionPayment, UNIT,
};
use polkadot_sdk::{
	frame_support::{assert_noop, assert_ok},
	pallet_revive::evm::GenericTransaction,
	sp_core::U256,
	sp_keyring::Sr25519Keyring::{Alice, Bob, Ferdie},
	sp_runtime::DispatchError,
	*,
};

fn transfer() -> RuntimeCall {
	RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
		dest: Bob.to_account_id().into(),
		value: UNIT,
	})
}

/// What a wallet is quoted for Alice's signed transfer (`payment_queryInfo`), and its length.
fn quoted_transfer_fee() -> (u128, u32) {
	let extrinsic = signed_extrinsic(Alice, transfer(), 0);
	let len = extrinsic.encoded_size() as u32;
	(TransactionPayment::query_info(extrinsic, len).partial_fee, len)
}

/// `eth_estimateGas` of a BNB transfer between two Ethereum dev accounts.
fn estimated_eth_gas() -> U256 {
	let ((from, _), (to, _)) = (evm::eth(0), evm::eth(1));
	let tx = GenericTransaction {
		from: Some(from),
		to: Some(to),
		value: Some(U256::from(UNIT)),
		..Default::default()
	};
	Revive::dry_run_eth_transact(tx, None, true, None).expect("the transfer dry-runs").eth_gas
}

/// The relayer (Ferdie on the dev chain) reports a base fee.
fn report(l1_block: u64, base_fee: u128) -> Result<(), DispatchError> {
	let ferdie = RuntimeOrigin::signed(Ferdie.to_account_id());
	L1Fee::report_l1_prices(ferdie, l1_block, base_fee, 1).map(|_| ()).map_err(|e| e.error)
}

#[test]
fn a_transfer_pays_the_l1_data_fee_of_its_length_and_more_when_l1_gas_costs_more() {
	new_test_ext(genesis::DEV_PRESET).execute_with(|| {
		initialize_block(1);
		let (before, len) = quoted_transfer_fee();
		assert_eq!(len, 148, "update L1_FEE_COMPRESSION_PPM's calibration");
		let l1_fee = L1Fee::l1_data_fee(len);
		let size_millionths = u128::from(len) * u128::from(L1_FEE_COMPRESSION_PPM);
		let scalar = u128::from(L1_FEE_PARAMS.base_fee_scalar);
		let expected = size_millionths * 16 * GENESIS_L1_BASE_FEE * scalar / 1_000_000_000_000;
		assert_eq!(l1_fee, expected);
		assert!(before > l1_fee, "the quote includes the L1 data fee");
		let eth_gas_before = estimated_eth_gas();

		assert_ok!(report(100, 2 * GENESIS_L1_BASE_FEE));
		let (after, _) = quoted_transfer_fee();
		assert_eq!(after - before, l1_fee, "twice the L1 price, twice its fee");
		let eth_gas_after = estimated_eth_gas();
		assert!(
			eth_gas_after > eth_gas_before,
			"an Ethereum transaction's gas rises too: {eth_gas_before} -> {eth_gas_after}"
		);
	});
}

#[test]
fn only_the_bridge_relayer_reports_prices_within_governances_bounds() {
	new_test_ext(genesis::DEV_PRESET).execute_with(|| {
		initialize_block(1);
		let alice = RuntimeOrigin::signed(Alice.to_account_id());
		assert_noop!(
			L1Fee::report_l1_prices(alice, 1, GENESIS_L1_BASE_FEE, 1),
			DispatchError::BadOrigin
		);
		assert_noop!(
			report(1, L1_FEE_PARAMS.max_base_fee + 1),
			pallet_l1_fee::Error::<mooring_runtime::Runtime>::OutOfRange
		);
		assert_noop!(
			L1Fee::set_params(RuntimeOrigin::signed(Alice.to_account_id()), L1_FEE_PARAMS),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn an_accepted_report_is_free_and_a_refused_one_is_not() {
	use polkadot_sdk::frame_support::dispatch::CheckIfFeeless;
	new_test_ext(genesis::DEV_PRESET).execute_with(|| {
		initialize_block(1);
		let report = |base_fee| {
			RuntimeCall::L1Fee(pallet_l1_fee::Call::report_l1_prices {
				l1_block: 5,
				base_fee,
				blob_base_fee: 1,
			})
		};
		let (ferdie, alice) = (Ferdie.to_account_id(), Alice.to_account_id());
		assert!(report(2 * GENESIS_L1_BASE_FEE).is_feeless(&RuntimeOrigin::signed(ferdie.clone())));
		let too_far = report(3 * GENESIS_L1_BASE_FEE);
		assert!(!too_far.is_feeless(&RuntimeOrigin::signed(ferdie)), "refused: it pays");
		let by_alice = report(2 * GENESIS_L1_BASE_FEE);
		assert!(!by_alice.is_feeless(&RuntimeOrigin::signed(alice)), "not a relayer: it pays");
	});
}
