//! Ethereum accounts and Solidity contracts use bridged tokens as ERC-20s (polkadot-sdk's
//! `pallet-assets-precompiles`) and withdraw them to BNB Chain through the bridge precompile,
//! each call charged at least its pallet's benchmarked weight.

mod common;

use alloy_sol_types::{sol, SolCall, SolConstructor, SolEvent};
use common::{
	evm::{call_ok, call_reverts, call_with_value, deploy, eth, revert_reason, Mapper},
	initialize_block, new_test_ext,
};
use mooring_primitives::{
	bridge::{Deposit, L1Contract},
	dev::ETH_DEV_PRIVATE_KEYS,
	CHAIN_ID,
};
use mooring_runtime::{
	genesis,
	precompiles::{asset_erc20_address, BRIDGE_PRECOMPILE_ADDRESS},
	AccountId, Assets, Balances, Bridge, Runtime, RuntimeEvent, RuntimeOrigin, System, UNIT,
};
use pallet_assets::WeightInfo as _;
use pallet_bridge::WeightInfo as _;
use pallet_revive::AddressMapper;
use polkadot_sdk::{
	frame_support::{assert_ok, traits::fungible::Inspect},
	sp_core::{ecdsa, Pair, H160, H256},
	sp_io::hashing::keccak_256,
	sp_keyring::Sr25519Keyring::{Alice, Ferdie},
	*,
};

type AssetWeights = <Runtime as pallet_assets::Config>::WeightInfo;
type BridgeWeights = <Runtime as pallet_bridge::Config>::WeightInfo;
type Amount = alloy_sol_types::private::U256;

sol! {
	interface IERC20 {
		function name() external view returns (string);
		function symbol() external view returns (string);
		function decimals() external view returns (uint8);
		function totalSupply() external view returns (uint256);
		function balanceOf(address account) external view returns (uint256);
		function transfer(address to, uint256 value) external returns (bool);
		function approve(address spender, uint256 value) external returns (bool);
		function allowance(address owner, address spender) external view returns (uint256);
		function transferFrom(address from, address to, uint256 value) external returns (bool);
		function permit(
			address owner, address spender, uint256 value, uint256 deadline,
			uint8 v, bytes32 r, bytes32 s
		) external;
		function nonces(address owner) external view returns (uint256);
		function DOMAIN_SEPARATOR() external view returns (bytes32);
		event Transfer(address indexed from, address indexed to, uint256 value);
	}
}

sol!(IMooringBridge, "../contracts/artifacts/IMooringBridge.json");
sol!(TokenForwarder, "../contracts/artifacts/TokenForwarder.json");
sol!(DevToken, "../contracts/artifacts/DevToken.json");

const USDT: u32 = 7;
const L1_USDT: [u8; 20] = [0x55; 20];
const L1_RECIPIENT: [u8; 20] = [0x77; 20];
const PORTAL: L1Contract = L1Contract { chain_id: 97, address: [0xaa; 20] };
const DEPOSITED: u128 = 1_000 * UNIT;

/// The ERC-20 of the bridged USDT.
fn usdt() -> H160 {
	H160(asset_erc20_address(USDT))
}

fn bridge() -> H160 {
	H160(BRIDGE_PRECOMPILE_ADDRESS)
}

fn amount(value: u128) -> Amount {
	Amount::from(value)
}

/// Governance bridges L1 USDT to asset 7 with its L1 metadata; a deposit credits `recipient`.
fn bridge_usdt_to(recipient: AccountId) {
	let root = || RuntimeOrigin::root();
	assert_ok!(Bridge::set_portal(root(), PORTAL, 0));
	assert_ok!(Bridge::register_token(root(), L1_USDT, USDT));
	assert_ok!(Assets::force_set_metadata(
		root(),
		USDT.into(),
		b"Tether USD".to_vec(),
		b"USDT".to_vec(),
		18,
		false
	));
	let deposit = Deposit {
		nonce: 0,
		l1_token: L1_USDT,
		l1_sender: [0x11; 20],
		recipient,
		amount: DEPOSITED,
		l1_block_number: 1,
		l1_tx_hash: H256::repeat_byte(1),
	};
	assert_ok!(Bridge::relay_deposits(
		RuntimeOrigin::signed(Ferdie.to_account_id()),
		PORTAL,
		vec![deposit].try_into().unwrap()
	));
}

fn balance_of(token: H160, owner: H160) -> u128 {
	let (data, _) = call_ok(
		&Alice.to_account_id(),
		token,
		IERC20::balanceOfCall { account: owner.0.into() }.abi_encode(),
	);
	IERC20::balanceOfCall::abi_decode_returns(&data).unwrap().to::<u128>()
}

fn deploy_forwarder() -> H160 {
	deploy("TokenForwarder", vec![])
}

/// The EVM logs `emitter` deposited in this block, as (topics, data).
fn logs_of(emitter: H160) -> Vec<(Vec<H256>, Vec<u8>)> {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::Revive(pallet_revive::Event::ContractEmitted {
				contract,
				data,
				topics,
			}) if contract == emitter => Some((topics, data)),
			_ => None,
		})
		.collect()
}

#[test]
fn a_bridged_token_is_an_erc20_with_its_l1_metadata() {
	new_test_ext(genesis::DEV_PRESET).execute_with(|| {
		initialize_block(1);
		let (holder, holder_account) = eth(0);
		let (receiver, _) = eth(1);
		bridge_usdt_to(holder_account.clone());
		let alice = Alice.to_account_id();

		let (name, _) = call_ok(&alice, usdt(), IERC20::nameCall {}.abi_encode());
		assert_eq!(IERC20::nameCall::abi_decode_returns(&name).unwrap(), "Tether USD");
		let (symbol, _) = call_ok(&alice, usdt(), IERC20::symbolCall {}.abi_encode());
		assert_eq!(IERC20::symbolCall::abi_decode_returns(&symbol).unwrap(), "USDT");
		let (decimals, _) = call_ok(&alice, usdt(), IERC20::decimalsCall {}.abi_encode());
		assert_eq!(IERC20::decimalsCall::abi_decode_returns(&decimals).unwrap(), 18);
		let (supply, _) = call_ok(&alice, usdt(), IERC20::totalSupplyCall {}.abi_encode());
		assert_eq!(
			IERC20::totalSupplyCall::abi_decode_returns(&supply).unwrap(),
			amount(DEPOSITED)
		);
		assert_eq!(balance_of(usdt(), holder), DEPOSITED);

		System::reset_events();
		let transfer = IERC20::transferCall { to: receiver.0.into(), value: amount(40 * UNIT) };
		let (_, weight) = call_ok(&holder_account, usdt(), transfer.abi_encode());
		assert!(weight.all_gte(AssetWeights::transfer()), "charged below pallet-assets' transfer");
		assert_eq!(balance_of(usdt(), holder), DEPOSITED - 40 * UNIT);
		assert_eq!(balance_of(usdt(), receiver), 40 * UNIT);
		assert_eq!(Assets::balance(USDT, eth(1).1), 40 * UNIT, "the ERC-20 is the asset's ledger");
		let logs = logs_of(usdt());
		assert_eq!(logs.len(), 1);
		assert_eq!(logs[0].0[0].0, IERC20::Transfer::SIGNATURE_HASH.0);

		// Against the OpenZeppelin ERC-20 (`contracts/src/dev/DevToken.sol`) held by the same
		// account: the same transfer, interpreted EVM code instead of a precompile.
		let supply = amount(DEPOSITED);
		let constructor =
			DevToken::constructorCall { name_: "Dev".into(), symbol_: "DEV".into(), decimals_: 18, supply };
		let plain = deploy("DevToken", constructor.abi_encode());
		let seed = IERC20::transferCall { to: holder.0.into(), value: amount(100 * UNIT) };
		call_ok(&alice, plain, seed.abi_encode());
		let (_, plain_weight) = call_ok(&holder_account, plain, transfer.abi_encode());
		println!(
			"ERC-20 transfer to a new holder: precompile {} ps / {} B proof, OpenZeppelin {} ps / {} B proof",
			weight.ref_time(),
			weight.proof_size(),
			plain_weight.ref_time(),
			plain_weight.proof_size()
		);
		// Execution time is of the same order (pallet-assets' reference weights against
		// interpreted EVM code); the proof is smaller (no contract code), even with the address
		// mapping reads the precompile charges at their largest.
		assert!(weight.proof_size() < plain_weight.proof_size());

		let too_much = IERC20::transferCall { to: receiver.0.into(), value: amount(DEPOSITED) };
		let result = call_with_value(&holder_account, usdt(), 0, too_much.abi_encode());
		assert!(
			result.result.map_or(true, |output| output.did_revert()),
			"a transfer above the balance fails"
		);
		assert_eq!(balance_of(usdt(), holder), DEPOSITED - 40 * UNIT, "and moves nothing");
	});
}

#[test]
fn a_contract_moves_a_bridged_token_with_an_allowance_and_withdraws_it_to_l1() {
	new_test_ext(genesis::DEV_PRESET).execute_with(|| {
		initialize_block(1);
		let (holder, holder_account) = eth(0);
		let (receiver, _) = eth(1);
		bridge_usdt_to(holder_account.clone());
		let forwarder = deploy_forwarder();

		let approve =
			IERC20::approveCall { spender: forwarder.0.into(), value: amount(300 * UNIT) };
		call_ok(&holder_account, usdt(), approve.abi_encode());
		let forward = TokenForwarder::forwardCall {
			token: usdt().0.into(),
			to: receiver.0.into(),
			amount: amount(100 * UNIT),
		};
		call_ok(&holder_account, forwarder, forward.abi_encode());
		assert_eq!(balance_of(usdt(), receiver), 100 * UNIT);

		System::reset_events();
		let to_l1 = TokenForwarder::forwardToL1Call {
			token: usdt().0.into(),
			l1Token: L1_USDT.into(),
			l1Recipient: L1_RECIPIENT.into(),
			amount: amount(150 * UNIT),
		};
		let (output, _) = call_ok(&holder_account, forwarder, to_l1.abi_encode());
		assert_eq!(TokenForwarder::forwardToL1Call::abi_decode_returns(&output).unwrap(), 0);
		assert_eq!(balance_of(usdt(), holder), DEPOSITED - 250 * UNIT);
		assert_eq!(balance_of(usdt(), forwarder), 0, "the forwarder's tokens were burned");
		assert_eq!(Assets::total_supply(USDT), DEPOSITED - 150 * UNIT);

		let leaf =
			pallet_bridge::Withdrawals::<Runtime>::get(0).expect("the withdrawal is recorded");
		assert_eq!(leaf.l1_recipient, L1_RECIPIENT);
		assert_eq!(leaf.l1_token, L1_USDT);
		let forwarder_account: [u8; 32] = Mapper::to_account_id(&forwarder).into();
		assert_eq!(leaf.l2_sender, forwarder_account);
		let logs = logs_of(bridge());
		assert_eq!(logs.len(), 1, "the bridge precompile emits one log");
		let (topics, data) = &logs[0];
		assert_eq!(topics[0].0, IMooringBridge::WithdrawalInitiated::SIGNATURE_HASH.0);
		assert_eq!(&topics[2].0[12..], forwarder.as_bytes(), "the sender is the contract");
		assert_eq!(&topics[3].0[12..], &L1_RECIPIENT);
		let event = IMooringBridge::WithdrawalInitiated::abi_decode_data(data).unwrap();
		assert_eq!(event.1, amount(150 * UNIT));
		assert_eq!(event.2 .0, leaf.hash().0, "the log carries the leaf hash the Portal proves");
	});
}

#[test]
fn an_ethereum_account_withdraws_bnb_and_tokens_and_bad_withdrawals_revert_with_the_reason() {
	new_test_ext(genesis::DEV_PRESET).execute_with(|| {
		initialize_block(1);
		let (holder, holder_account) = eth(0);
		bridge_usdt_to(holder_account.clone());
		let withdraw = |l1_token: [u8; 20], value: u128| {
			IMooringBridge::withdrawCall {
				l1Recipient: L1_RECIPIENT.into(),
				l1Token: l1_token.into(),
				amount: amount(value),
			}
			.abi_encode()
		};

		let (bridged, _) = call_ok(
			&holder_account,
			bridge(),
			IMooringBridge::l2TokenOfCall { l1Token: L1_USDT.into() }.abi_encode(),
		);
		let bridged = IMooringBridge::l2TokenOfCall::abi_decode_returns(&bridged).unwrap();
		assert!(bridged.bridged);
		assert_eq!(bridged.l2Token.0 .0, usdt().0, "l2TokenOf names the token's ERC-20");
		let (unknown, _) = call_ok(
			&holder_account,
			bridge(),
			IMooringBridge::l2TokenOfCall { l1Token: [0x99; 20].into() }.abi_encode(),
		);
		assert!(!IMooringBridge::l2TokenOfCall::abi_decode_returns(&unknown).unwrap().bridged);

		let native_before = Balances::balance(&holder_account);
		let (output, weight) = call_ok(&holder_account, bridge(), withdraw([0; 20], 2 * UNIT));
		assert_eq!(IMooringBridge::withdrawCall::abi_decode_returns(&output).unwrap(), 0);
		assert!(weight.all_gte(BridgeWeights::withdraw(0)), "charged below the bridge's withdraw");
		assert_eq!(Balances::balance(&holder_account), native_before - 2 * UNIT);
		let (output, _) = call_ok(&holder_account, bridge(), withdraw(L1_USDT, 10 * UNIT));
		assert_eq!(IMooringBridge::withdrawCall::abi_decode_returns(&output).unwrap(), 1);
		assert_eq!(balance_of(usdt(), holder), DEPOSITED - 10 * UNIT);
		assert_eq!(Bridge::withdrawal_count(), 2);

		let usdt_left = DEPOSITED - 10 * UNIT;
		let refusals = [
			(withdraw([0x99; 20], UNIT), "l1Token is not bridged"),
			(withdraw(L1_USDT, 0), "ZeroAmount"),
			(withdraw(L1_USDT, usdt_left + 1), "FundsUnavailable"),
			(
				IMooringBridge::withdrawCall {
					l1Recipient: [0; 20].into(),
					l1Token: L1_USDT.into(),
					amount: amount(UNIT),
				}
				.abi_encode(),
				"ZeroRecipient",
			),
			(
				IMooringBridge::withdrawCall {
					l1Recipient: L1_RECIPIENT.into(),
					l1Token: L1_USDT.into(),
					amount: Amount::MAX,
				}
				.abi_encode(),
				"amount exceeds 2^128 - 1",
			),
		];
		for (data, reason) in refusals {
			assert_eq!(call_reverts(&holder_account, bridge(), data), reason);
		}
		let paid = call_with_value(&holder_account, bridge(), UNIT, withdraw([0; 20], UNIT));
		let output = paid.result.expect("the call executes");
		assert!(output.did_revert(), "withdraw is not payable");
		assert_eq!(revert_reason(&output.data), "not payable");
		assert_eq!(balance_of(usdt(), holder), usdt_left, "refusals burn nothing");
		assert_eq!(Bridge::withdrawal_count(), 2, "and record nothing");
	});
}

/// The EIP-712 digest of an EIP-2612 permit for the USDT ERC-20, computed here from the EIP's
/// definitions (not by the precompile).
fn permit_digest(owner: H160, spender: H160, value: u128, nonce: u64, deadline: u64) -> [u8; 32] {
	let word = |bytes: &[u8]| {
		let mut word = [0u8; 32];
		word[32 - bytes.len()..].copy_from_slice(bytes);
		word
	};
	let domain_type = keccak_256(
		b"EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)",
	);
	let domain = keccak_256(
		&[
			domain_type,
			keccak_256(b"Tether USD"),
			keccak_256(b"1"),
			word(&CHAIN_ID.to_be_bytes()),
			word(usdt().as_bytes()),
		]
		.concat(),
	);
	let permit_type = keccak_256(
		b"Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)",
	);
	let permit = keccak_256(
		&[
			permit_type,
			word(owner.as_bytes()),
			word(spender.as_bytes()),
			word(&value.to_be_bytes()),
			word(&nonce.to_be_bytes()),
			word(&deadline.to_be_bytes()),
		]
		.concat(),
	);
	keccak_256(&[&[0x19, 0x01][..], &domain, &permit].concat())
}

#[test]
fn a_permit_signed_by_an_ethereum_key_approves_a_spender_once() {
	new_test_ext(genesis::DEV_PRESET).execute_with(|| {
		initialize_block(1);
		let (owner, owner_account) = eth(0);
		let (spender, spender_account) = eth(1);
		let (receiver, _) = eth(2);
		bridge_usdt_to(owner_account);
		let key = array_bytes::hex2bytes(ETH_DEV_PRIVATE_KEYS[0]).unwrap();
		let key = ecdsa::Pair::from_seed_slice(&key).unwrap();
		let deadline = u64::MAX;
		let signature = key.sign_prehashed(&permit_digest(owner, spender, 50 * UNIT, 0, deadline));
		let signature: [u8; 65] = signature.0;
		let permit = IERC20::permitCall {
			owner: owner.0.into(),
			spender: spender.0.into(),
			value: amount(50 * UNIT),
			deadline: Amount::from(deadline),
			v: 27 + signature[64],
			r: <[u8; 32]>::try_from(&signature[..32]).unwrap().into(),
			s: <[u8; 32]>::try_from(&signature[32..64]).unwrap().into(),
		};

		// The spender submits the owner's signature: the owner pays no gas.
		call_ok(&spender_account, usdt(), permit.abi_encode());
		let allowance = IERC20::allowanceCall { owner: owner.0.into(), spender: spender.0.into() };
		let (output, _) = call_ok(&spender_account, usdt(), allowance.abi_encode());
		assert_eq!(IERC20::allowanceCall::abi_decode_returns(&output).unwrap(), amount(50 * UNIT));
		let (nonce, _) = call_ok(
			&spender_account,
			usdt(),
			IERC20::noncesCall { owner: owner.0.into() }.abi_encode(),
		);
		assert_eq!(IERC20::noncesCall::abi_decode_returns(&nonce).unwrap(), Amount::from(1));
		assert!(
			!call_reverts(&spender_account, usdt(), permit.abi_encode()).is_empty(),
			"no replay"
		);

		let pull = IERC20::transferFromCall {
			from: owner.0.into(),
			to: receiver.0.into(),
			value: amount(50 * UNIT),
		};
		call_ok(&spender_account, usdt(), pull.abi_encode());
		assert_eq!(balance_of(usdt(), receiver), 50 * UNIT);
		let result = call_with_value(&spender_account, usdt(), 0, pull.abi_encode());
		assert!(result.result.map_or(true, |output| output.did_revert()), "the allowance is spent");
	});
}

#[test]
fn a_paused_call_is_paused_from_the_evm_too() {
	new_test_ext(genesis::DEV_PRESET).execute_with(|| {
		initialize_block(1);
		let (holder, holder_account) = eth(0);
		let (receiver, _) = eth(1);
		bridge_usdt_to(holder_account.clone());
		let withdraw = IMooringBridge::withdrawCall {
			l1Recipient: L1_RECIPIENT.into(),
			l1Token: L1_USDT.into(),
			amount: amount(UNIT),
		};
		let transfer = IERC20::transferCall { to: receiver.0.into(), value: amount(UNIT) };

		common::pause("Bridge", "withdraw");
		assert_eq!(call_reverts(&holder_account, bridge(), withdraw.abi_encode()), "CallFiltered");
		common::pause("Assets", "transfer");
		assert_eq!(call_reverts(&holder_account, usdt(), transfer.abi_encode()), "CallFiltered");
		assert_eq!(Bridge::withdrawal_count(), 0);
		assert_eq!(balance_of(usdt(), holder), DEPOSITED, "nothing moved");
		// Views still answer; BNB sent to a view would be stranded, so it is refused.
		let view = IERC20::balanceOfCall { account: holder.0.into() }.abi_encode();
		let output = call_with_value(&holder_account, usdt(), UNIT, view).result.unwrap();
		assert_eq!(revert_reason(&output.data), "not payable");
	});
}
