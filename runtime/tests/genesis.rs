//! The genesis presets build and fund the accounts wallets and scripts expect.

mod common;

use common::new_test_ext;
use mooring_primitives::dev::ETH_DEV_ADDRESSES;
use mooring_runtime::{genesis, Balances, Runtime, EXISTENTIAL_DEPOSIT, UNIT};
use pallet_revive::AddressMapper;
use polkadot_sdk::{sp_keyring::Sr25519Keyring, *};

type Mapper = <Runtime as pallet_revive::Config>::AddressMapper;

#[test]
fn every_preset_builds_and_funds_the_dev_accounts() {
	for preset in [genesis::DEV_PRESET, genesis::LOCAL_PRESET] {
		new_test_ext(preset).execute_with(|| {
			for account in genesis::dev_accounts() {
				assert_eq!(Balances::free_balance(&account), genesis::DEV_ENDOWMENT, "{preset}");
			}
			// Alice alone is the council: her motions pass at once.
			assert_eq!(
				pallet_collective::Members::<Runtime, pallet_collective::Instance1>::get(),
				vec![Sr25519Keyring::Alice.to_account_id()]
			);
			assert_eq!(pallet_aura::Authorities::<Runtime>::get().len(), 1);
			assert_eq!(pallet_grandpa::Pallet::<Runtime>::grandpa_authorities().len(), 1);
		});
	}
}

#[test]
fn ethereum_dev_accounts_hold_a_million_bnb_at_their_evm_address() {
	new_test_ext(genesis::DEV_PRESET).execute_with(|| {
		assert_eq!(genesis::DEV_ENDOWMENT, 1_000_000 * UNIT);
		for address in ETH_DEV_ADDRESSES {
			let account = Mapper::to_account_id(&address.into());
			assert_eq!(Balances::free_balance(&account), genesis::DEV_ENDOWMENT);
			// One native unit is one wei; the EVM sees what the account can spend, which is all
			// but the existential deposit.
			assert_eq!(
				pallet_revive::Pallet::<Runtime>::evm_balance(&address.into()),
				(genesis::DEV_ENDOWMENT - EXISTENTIAL_DEPOSIT).into()
			);
		}
	});
}

#[test]
fn substrate_dev_accounts_are_reachable_from_the_evm() {
	new_test_ext(genesis::DEV_PRESET).execute_with(|| {
		let alice = Sr25519Keyring::Alice.to_account_id();
		assert!(Mapper::is_mapped(&alice));
		let alice_h160 = Mapper::to_address(&alice);
		assert_eq!(Mapper::to_account_id(&alice_h160), alice);
	});
}

#[test]
fn unknown_presets_are_refused() {
	assert!(genesis::get_preset(&"mainnet".into()).is_none());
	assert_eq!(genesis::preset_names().len(), 2);
}
