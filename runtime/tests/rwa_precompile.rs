//! An RWA asset as an ERC-20 (the RWA precompile): Ethereum accounts and Solidity contracts
//! move it only as the RWA pallet's compliance allows, and a refusal reverts with the pallet's
//! reason, which `canTransfer` gives beforehand with its ERC-1400 code.

mod common;

use alloy_sol_types::{sol, SolCall};
use common::{
	evm::{call_ok, call_reverts, deploy, eth},
	initialize_block, new_test_ext,
};
use mooring_runtime::{
	genesis, precompiles::rwa_erc20_address, AccountId, Did, Runtime, RuntimeOrigin, Rwa,
};
use pallet_did::{Attributes, DidOrigin, DidPublicKey};
use pallet_rwa::{
	reason_code, AssetClass, Condition, ConditionKind, IssuerSource, Requirement, RwaTransfer, Side,
};
use polkadot_sdk::{
	frame_support::{assert_ok, BoundedVec},
	sp_core::H160,
	sp_keyring::Sr25519Keyring::{self, Alice, Bob, Dave, Eve},
	*,
};

type Amount = alloy_sol_types::private::U256;

sol!(IMooringRwaToken, "../contracts/artifacts/IMooringRwaToken.json");
sol!(TokenForwarder, "../contracts/artifacts/TokenForwarder.json");

const KYC: [u8; 32] = [0x4b; 32];
const ASSET: pallet_rwa::RwaAssetId = 0;

fn token() -> H160 {
	H160(rwa_erc20_address(ASSET))
}

fn signed(who: Sr25519Keyring) -> RuntimeOrigin {
	RuntimeOrigin::signed(who.to_account_id())
}

fn did(who: Sr25519Keyring) -> [u8; 32] {
	who.public().0
}

/// `owner`'s DID, created with its sr25519 key, is attested KYC tier 2 in `country` by Alice
/// and linked to the Ethereum account `account`: claims about the DID count for it.
fn kyc_and_link(owner: Sr25519Keyring, country: &[u8; 2], account: &AccountId) {
	assert_ok!(Did::create_did(signed(owner), DidPublicKey::Sr25519(owner.public().0), None));
	let attributes = Attributes {
		kyc_tier: 2,
		jurisdiction: Some(*country),
		accredited: false,
		extra: Default::default(),
	};
	let alice = DidOrigin { did: did(Alice), key_id: 1, submitter: Alice.to_account_id() };
	let claim_hash = sp_io::hashing::blake2_256(&did(owner));
	assert_ok!(Did::attest(alice.into(), claim_hash, did(owner), KYC, attributes, None));
	let link = DidOrigin { did: did(owner), key_id: 1, submitter: account.clone() };
	assert_ok!(Did::link_account(link.into(), did(owner)));
}

/// Alice issues KYC claims trusted for the schema; Dave's fund share requires receivers with
/// KYC tier 1 or more outside the US. Ethereum accounts 0 and 1 are KYC'd (through Bob's and
/// Eve's DIDs); account 0 holds 1,000; account 2 has no claim.
fn setup() {
	assert_ok!(Did::create_did(signed(Alice), DidPublicKey::Sr25519(Alice.public().0), None));
	let uri = BoundedVec::truncate_from(b"https://schemas.mooring.dev/kyc/v1".to_vec());
	assert_ok!(Did::register_schema(signed(Alice), KYC, uri));
	assert_ok!(Did::add_schema_issuer(RuntimeOrigin::root(), KYC, did(Alice)));
	kyc_and_link(Bob, b"SG", &eth(0).1);
	kyc_and_link(Eve, b"DE", &eth(1).1);
	let receiver =
		|kind| Condition { side: Side::Receiver, kind, issuers: IssuerSource::SchemaDefault };
	let us = BoundedVec::truncate_from(vec![*b"US"]);
	let requirement = Requirement {
		conditions: BoundedVec::truncate_from(vec![
			receiver(ConditionKind::KycTierAtLeast { schema: KYC, tier: 1 }),
			receiver(ConditionKind::JurisdictionNotIn { schema: KYC, countries: us }),
		]),
	};
	assert_ok!(Rwa::create_asset(
		signed(Dave),
		BoundedVec::truncate_from(b"Mooring Fund".to_vec()),
		BoundedVec::truncate_from(b"MFND".to_vec()),
		0,
		AssetClass::FundShare,
		BoundedVec::new(),
		None,
		None
	));
	let requirements = BoundedVec::truncate_from(vec![requirement]);
	assert_ok!(Rwa::set_requirements(signed(Dave), ASSET, requirements));
	assert_ok!(Rwa::issue(signed(Dave), ASSET, eth(0).1, 1_000));
}

fn view<C: SolCall>(data: C) -> C::Return {
	let (output, _) = call_ok(&Alice.to_account_id(), token(), data.abi_encode());
	C::abi_decode_returns(&output).unwrap()
}

fn balance_of(who: H160) -> u128 {
	view(IMooringRwaToken::balanceOfCall { account: who.0.into() }).to::<u128>()
}

fn transfer(to: H160, value: u128) -> Vec<u8> {
	IMooringRwaToken::transferCall { to: to.0.into(), value: Amount::from(value) }.abi_encode()
}

/// `canTransfer`'s code and reason (the reason's ASCII up to its padding).
fn can_transfer(from: H160, to: H160, value: u128) -> (u8, String) {
	let status = view(IMooringRwaToken::canTransferCall {
		from: from.0.into(),
		to: to.0.into(),
		value: Amount::from(value),
	});
	let reason = status.reason.0.iter().take_while(|byte| **byte != 0).copied().collect();
	(status.code.0[0], String::from_utf8(reason).unwrap())
}

#[test]
fn compliant_ethereum_accounts_trade_an_rwa_token_and_others_are_refused_with_the_reason() {
	new_test_ext(genesis::DEV_PRESET).execute_with(|| {
		initialize_block(1);
		setup();
		let ((holder, holder_account), (investor, _), (stranger, _)) = (eth(0), eth(1), eth(2));
		assert_eq!(view(IMooringRwaToken::nameCall {}), "Mooring Fund");
		assert_eq!(view(IMooringRwaToken::symbolCall {}), "MFND");
		assert_eq!(view(IMooringRwaToken::decimalsCall {}), 0);
		assert_eq!(view(IMooringRwaToken::totalSupplyCall {}), Amount::from(1_000));
		assert_eq!(balance_of(holder), 1_000);

		assert_eq!(can_transfer(holder, investor, 100), (reason_code::TRANSFER_SUCCESS, "".into()));
		let (_, weight) = call_ok(&holder_account, token(), transfer(investor, 100));
		let benchmarked = pallet_rwa::Pallet::<Runtime>::transfer_weight(Default::default());
		assert!(weight.all_gte(benchmarked), "charged below the pallet's transfer benchmark");
		assert_eq!((balance_of(holder), balance_of(investor)), (900, 100));
		assert_eq!(<Rwa as RwaTransfer<AccountId>>::balance_of(ASSET, &eth(1).1), 100);

		// A receiver without a KYC claim: refused before and at the transfer, same reason.
		let refused = (reason_code::INVALID_RECEIVER, "ReceiverNotCompliant".to_string());
		assert_eq!(can_transfer(holder, stranger, 100), refused);
		assert_eq!(call_reverts(&holder_account, token(), transfer(stranger, 100)), refused.1);
		assert_eq!(can_transfer(holder, investor, 5_000).0, reason_code::INSUFFICIENT_BALANCE);
		assert_eq!(
			call_reverts(&holder_account, token(), transfer(investor, 5_000)),
			"InsufficientBalance"
		);
		assert_eq!(balance_of(stranger), 0, "nothing moved");
		assert_eq!(balance_of(holder), 900);

		// ERC-3643's views, and the codes they explain.
		assert!(!view(IMooringRwaToken::isFrozenCall { account: investor.0.into() }));
		assert_ok!(Rwa::set_account_frozen(signed(Dave), ASSET, eth(1).1, true));
		assert!(view(IMooringRwaToken::isFrozenCall { account: investor.0.into() }));
		assert_eq!(can_transfer(holder, investor, 1).0, reason_code::INVALID_RECEIVER);
		assert_ok!(Rwa::set_account_frozen(signed(Dave), ASSET, eth(1).1, false));
		assert!(!view(IMooringRwaToken::pausedCall {}));
		assert_ok!(Rwa::set_asset_paused(signed(Dave), ASSET, true));
		assert!(view(IMooringRwaToken::pausedCall {}));
		assert_eq!(
			can_transfer(holder, investor, 1),
			(reason_code::TRANSFERS_HALTED, "AssetPaused".into())
		);
		assert_eq!(call_reverts(&holder_account, token(), transfer(investor, 1)), "AssetPaused");
		assert_ok!(Rwa::set_asset_paused(signed(Dave), ASSET, false));

		// A brake on the pallet's call brakes the ERC-20 too.
		common::pause("Rwa", "transfer");
		assert_eq!(call_reverts(&holder_account, token(), transfer(investor, 1)), "CallFiltered");
		assert_eq!(balance_of(investor), 100);

		// No other asset lives at another id's address.
		let unknown = H160(rwa_erc20_address(ASSET + 1));
		let data = IMooringRwaToken::totalSupplyCall {}.abi_encode();
		assert_eq!(call_reverts(&holder_account, unknown, data), "UnknownAsset");
	});
}

#[test]
fn a_solidity_contract_moves_an_rwa_token_only_where_compliance_allows() {
	new_test_ext(genesis::DEV_PRESET).execute_with(|| {
		initialize_block(1);
		setup();
		let ((holder, holder_account), (investor, _), (stranger, _)) = (eth(0), eth(1), eth(2));
		let forwarder = deploy("TokenForwarder", vec![]);
		let approve =
			IMooringRwaToken::approveCall { spender: forwarder.0.into(), value: Amount::MAX };
		call_ok(&holder_account, token(), approve.abi_encode());
		let forward = |to: H160, amount: u128| {
			TokenForwarder::forwardCall {
				token: token().0.into(),
				to: to.0.into(),
				amount: Amount::from(amount),
			}
			.abi_encode()
		};

		call_ok(&holder_account, forwarder, forward(investor, 250));
		assert_eq!(balance_of(investor), 250);
		// The contract cannot move units around the rules: the pallet's reason reaches it.
		assert_eq!(
			call_reverts(&holder_account, forwarder, forward(stranger, 1)),
			"ReceiverNotCompliant"
		);
		assert_eq!(balance_of(stranger), 0);
		assert_eq!(balance_of(holder), 750);
		// The investor gave the contract no allowance: it is no operator of the investor's units.
		assert_eq!(call_reverts(&eth(1).1, forwarder, forward(holder, 1)), "NotApproved");
	});
}
