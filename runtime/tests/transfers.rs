//! A signed balance transfer goes through every transaction extension and pays its fee into the
//! sequencer fee vault.

mod common;

use common::{initialize_block, new_test_ext, signed_extrinsic, signed_extrinsic_as};
use mooring_runtime::{
	configs::SequencerFeeVault, genesis, Balances, Executive, RuntimeCall, System, UNIT,
};
use polkadot_sdk::{
	frame_support::assert_ok,
	sp_keyring::Sr25519Keyring::{Alice, Bob},
	sp_runtime::transaction_validity::{InvalidTransaction, TransactionValidityError},
	*,
};

fn transfer_call(amount: u128) -> RuntimeCall {
	RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
		dest: Bob.to_account_id().into(),
		value: amount,
	})
}

#[test]
fn signed_transfer_moves_funds_and_pays_the_fee_to_the_vault() {
	new_test_ext(genesis::DEV_PRESET).execute_with(|| {
		initialize_block(1);
		let vault_before = Balances::free_balance(SequencerFeeVault::get());

		assert_ok!(Executive::apply_extrinsic(signed_extrinsic(Alice, transfer_call(5 * UNIT), 0))
			.unwrap());

		let fee = genesis::DEV_ENDOWMENT - 5 * UNIT - Balances::free_balance(Alice.to_account_id());
		assert!(fee > 0, "a transfer is not free");
		assert!(fee < UNIT / 1_000, "a transfer costs less than 0.001 BNB, got {fee}");
		assert_eq!(Balances::free_balance(Bob.to_account_id()), genesis::DEV_ENDOWMENT + 5 * UNIT);
		assert_eq!(Balances::free_balance(SequencerFeeVault::get()) - vault_before, fee);
		assert_eq!(System::account_nonce(Alice.to_account_id()), 1);
	});
}

#[test]
fn replayed_and_badly_signed_transfers_are_refused() {
	new_test_ext(genesis::DEV_PRESET).execute_with(|| {
		initialize_block(1);
		assert_ok!(
			Executive::apply_extrinsic(signed_extrinsic(Alice, transfer_call(UNIT), 0)).unwrap()
		);

		// The same nonce again: stale.
		assert_eq!(
			Executive::apply_extrinsic(signed_extrinsic(Alice, transfer_call(UNIT), 0)),
			Err(TransactionValidityError::Invalid(InvalidTransaction::Stale))
		);

		// Signed by Bob but claiming to come from Alice.
		let forged = signed_extrinsic_as(Alice.to_account_id(), Bob, transfer_call(UNIT), 1);
		assert_eq!(
			Executive::apply_extrinsic(forged),
			Err(TransactionValidityError::Invalid(InvalidTransaction::BadProof))
		);
		assert_eq!(Balances::free_balance(Bob.to_account_id()), genesis::DEV_ENDOWMENT + UNIT);
	});
}

#[test]
fn transfers_below_the_existential_deposit_to_new_accounts_fail() {
	new_test_ext(genesis::DEV_PRESET).execute_with(|| {
		initialize_block(1);
		let fresh = polkadot_sdk::sp_runtime::AccountId32::new([7u8; 32]);
		let call = RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
			dest: fresh.clone().into(),
			value: mooring_runtime::EXISTENTIAL_DEPOSIT - 1,
		});
		let outcome = Executive::apply_extrinsic(signed_extrinsic(Alice, call, 0)).unwrap();
		assert!(outcome.is_err(), "the dispatch fails");
		assert_eq!(Balances::free_balance(&fresh), 0);
	});
}
