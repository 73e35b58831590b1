//! EVM helpers for the runtime's native tests: dev Ethereum accounts, deploying the committed
//! contract artifacts, calls and their revert reasons.

use alloy_sol_types::SolError;
use mooring_primitives::dev::ETH_DEV_ADDRESSES;
use mooring_runtime::{AccountId, Revive, Runtime, RuntimeEvent, RuntimeOrigin, System, UNIT};
use pallet_revive::{
	AddressMapper, ContractResult, ExecConfig, ExecReturnValue, TransactionLimits,
};
use polkadot_sdk::{
	frame_support::{assert_ok, weights::Weight},
	sp_core::{H160, U256},
	sp_keyring::Sr25519Keyring::Alice,
	*,
};

/// pallet-revive's mapping between accounts and EVM addresses.
pub type Mapper = <Runtime as pallet_revive::Config>::AddressMapper;

/// A weight limit no test call reaches.
pub const WEIGHT: Weight = Weight::from_parts(200_000_000_000, 5 * 1024 * 1024);

/// Dev Ethereum account `index` (the anvil/Hardhat keys): its address and the account it acts
/// as.
pub fn eth(index: usize) -> (H160, AccountId) {
	let address = H160(ETH_DEV_ADDRESSES[index]);
	(address, Mapper::to_account_id(&address))
}

/// Deploys `contracts/artifacts/<name>.json` with ABI-encoded constructor `arguments`, as
/// Alice; returns its address.
pub fn deploy(name: &str, arguments: Vec<u8>) -> H160 {
	let path = format!("{}/../contracts/artifacts/{name}.json", env!("CARGO_MANIFEST_DIR"));
	let artifact: serde_json::Value =
		serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
	let bytecode = array_bytes::hex2bytes(artifact["bytecode"].as_str().unwrap()).unwrap();
	System::reset_events();
	assert_ok!(Revive::instantiate_with_code(
		RuntimeOrigin::signed(Alice.to_account_id()),
		0,
		WEIGHT,
		UNIT,
		[bytecode, arguments].concat(),
		vec![],
		None,
	));
	// The next deployment gets another address (it derives from the deployer's nonce, which
	// only a transaction would raise).
	System::inc_account_nonce(Alice.to_account_id());
	System::events()
		.into_iter()
		.find_map(|record| match record.event {
			RuntimeEvent::Revive(pallet_revive::Event::Instantiated { contract, .. }) => {
				Some(contract)
			},
			_ => None,
		})
		.unwrap_or_else(|| panic!("{name} is deployed"))
}

/// A call from `caller` with `value` wei; the whole result, weight included.
pub fn call_with_value(
	caller: &AccountId,
	contract: H160,
	value: u128,
	data: Vec<u8>,
) -> ContractResult<ExecReturnValue, u128> {
	Revive::bare_call(
		RuntimeOrigin::signed(caller.clone()),
		contract,
		U256::from(value),
		TransactionLimits::WeightAndDeposit { weight_limit: WEIGHT, deposit_limit: UNIT },
		data,
		&ExecConfig::new_substrate_tx(),
	)
}

/// A call that executes (reverting or not); its output.
pub fn call(caller: &AccountId, contract: H160, data: Vec<u8>) -> ExecReturnValue {
	call_with_value(caller, contract, 0, data).result.expect("the call executes")
}

/// A call that must succeed without reverting; its output and the weight it consumed.
pub fn call_ok(caller: &AccountId, contract: H160, data: Vec<u8>) -> (Vec<u8>, Weight) {
	let result = call_with_value(caller, contract, 0, data);
	let output = result.result.expect("the call executes");
	assert!(!output.did_revert(), "reverted: {}", revert_reason(&output.data));
	(output.data, result.weight_consumed)
}

/// A call that must revert; its reason.
pub fn call_reverts(caller: &AccountId, contract: H160, data: Vec<u8>) -> String {
	let output = call(caller, contract, data);
	assert!(output.did_revert(), "the call was expected to revert");
	revert_reason(&output.data)
}

/// The reason of a Solidity `Error(string)` revert, empty for any other revert data.
pub fn revert_reason(data: &[u8]) -> String {
	alloy_sol_types::Revert::abi_decode(data).map(|revert| revert.reason).unwrap_or_default()
}
