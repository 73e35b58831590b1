//! EVM bytecode compiled by plain solc deploys and runs in pallet-revive.

mod common;

use alloy_sol_types::{sol, SolCall, SolConstructor};
use common::{initialize_block, new_test_ext};
use mooring_runtime::{genesis, Revive, Runtime, RuntimeEvent, RuntimeOrigin, System, UNIT};
use pallet_revive::{AddressMapper, ExecConfig, TransactionLimits};
use polkadot_sdk::{
	frame_support::{assert_ok, weights::Weight},
	sp_core::{H160, U256},
	sp_keyring::Sr25519Keyring::{Alice, Bob},
	*,
};

type Mapper = <Runtime as pallet_revive::Config>::AddressMapper;

sol! {
	contract DevToken {
		constructor(string name_, string symbol_, uint8 decimals_, uint256 supply);
		function transfer(address to, uint256 amount) returns (bool);
		function balanceOf(address account) returns (uint256);
		function totalSupply() returns (uint256);
	}
}

const SUPPLY: u128 = 1_000_000 * UNIT;
const GENEROUS_WEIGHT: Weight = Weight::from_parts(200_000_000_000, 5 * 1024 * 1024);

fn deploy_dev_token() -> H160 {
	let constructor = DevToken::constructorCall {
		name_: "Dev Token".into(),
		symbol_: "DEV".into(),
		decimals_: 18,
		supply: alloy_sol_types::private::U256::from(SUPPLY),
	};
	// EVM init code: the creation bytecode of the OpenZeppelin ERC-20 in contracts/artifacts
	// followed by the ABI-encoded constructor arguments.
	common::evm::deploy("DevToken", constructor.abi_encode())
}

/// Calls `data` on `contract` read-only and returns the output.
fn view(contract: H160, data: Vec<u8>) -> Vec<u8> {
	let result = Revive::bare_call(
		RuntimeOrigin::signed(Alice.to_account_id()),
		contract,
		U256::zero(),
		TransactionLimits::WeightAndDeposit { weight_limit: GENEROUS_WEIGHT, deposit_limit: UNIT },
		data,
		&ExecConfig::new_substrate_tx(),
	);
	let output = result.result.expect("the call succeeds");
	assert!(!output.did_revert());
	output.data
}

fn balance_of(contract: H160, owner: H160) -> u128 {
	let data = view(contract, DevToken::balanceOfCall { account: owner.0.into() }.abi_encode());
	DevToken::balanceOfCall::abi_decode_returns(&data).unwrap().to::<u128>()
}

#[test]
fn solc_erc20_deploys_and_transfers() {
	new_test_ext(genesis::DEV_PRESET).execute_with(|| {
		initialize_block(1);
		let token = deploy_dev_token();
		let alice = Mapper::to_address(&Alice.to_account_id());
		let bob = Mapper::to_address(&Bob.to_account_id());

		let supply = view(token, DevToken::totalSupplyCall {}.abi_encode());
		assert_eq!(DevToken::totalSupplyCall::abi_decode_returns(&supply).unwrap().to::<u128>(), SUPPLY);
		assert_eq!(balance_of(token, alice), SUPPLY);

		let transfer = DevToken::transferCall { to: bob.0.into(), amount: alloy_sol_types::private::U256::from(7 * UNIT) };
		assert_ok!(Revive::call(
			RuntimeOrigin::signed(Alice.to_account_id()),
			token,
			0,
			GENEROUS_WEIGHT,
			UNIT,
			transfer.abi_encode(),
		));

		assert_eq!(balance_of(token, bob), 7 * UNIT);
		assert_eq!(balance_of(token, alice), SUPPLY - 7 * UNIT);
		let emitted_transfer_log = System::events().iter().any(|record| {
			matches!(&record.event, RuntimeEvent::Revive(pallet_revive::Event::ContractEmitted { contract, topics, .. })
				if *contract == token && topics.len() == 3)
		});
		assert!(emitted_transfer_log, "the ERC-20 Transfer event is emitted");
	});
}

#[test]
fn a_reverting_call_changes_nothing() {
	new_test_ext(genesis::DEV_PRESET).execute_with(|| {
		initialize_block(1);
		let token = deploy_dev_token();
		let bob = Mapper::to_address(&Bob.to_account_id());
		// Bob holds no tokens: the ERC-20 reverts with ERC20InsufficientBalance.
		let transfer = DevToken::transferCall {
			to: bob.0.into(),
			amount: alloy_sol_types::private::U256::from(1u8),
		};
		let outcome = Revive::call(
			RuntimeOrigin::signed(Bob.to_account_id()),
			token,
			0,
			GENEROUS_WEIGHT,
			UNIT,
			transfer.abi_encode(),
		);
		assert!(outcome.is_err(), "the revert surfaces as a dispatch error");
		assert_eq!(balance_of(token, bob), 0);
	});
}
