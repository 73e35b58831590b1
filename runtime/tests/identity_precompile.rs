//! Solidity contracts ask the DID pallet for claims through the identity precompile, and an
//! Ethereum wallet links itself to a DID with a call the DID's key signed.

mod common;

use alloy_sol_types::{sol, SolCall, SolConstructor, SolInterface};
use codec::Encode;
use common::{evm, initialize_block, new_test_ext, pause, unpause};
use mooring_runtime::{
	genesis, precompiles::IDENTITY_PRECOMPILE_ADDRESS, AccountId, Did, Runtime, RuntimeCall,
	RuntimeEvent, RuntimeOrigin, System,
};
use pallet_did::{
	Attributes, DidAuthorizedCall, DidCallNonces, DidCallOf, DidOrigin, DidPublicKey, DidSignature,
};
use pallet_revive::AddressMapper;
use polkadot_sdk::{
	frame_support::{assert_ok, BoundedVec},
	sp_core::H160,
	sp_keyring::Sr25519Keyring::{self, Alice, Bob, Charlie},
	*,
};

sol!(IMooringIdentity, "../contracts/artifacts/IMooringIdentity.json");
sol!(KycGate, "../contracts/artifacts/KycGate.json");
sol!(TestActor, "../contracts/artifacts/TestActor.json");

const KYC_SCHEMA: [u8; 32] = [0x4b; 32];

fn h160(who: Sr25519Keyring) -> H160 {
	evm::Mapper::to_address(&who.to_account_id())
}

/// Alice issues KYC claims (tier 2, Singapore) under a governance-trusted schema; Bob has one.
fn alice_attests_bob_kyc() {
	for who in [Alice, Bob] {
		let key = DidPublicKey::Sr25519(who.public().0);
		assert_ok!(Did::create_did(RuntimeOrigin::signed(who.to_account_id()), key, None));
	}
	let alice_did: [u8; 32] = Alice.public().0;
	let uri = BoundedVec::truncate_from(b"https://schemas.mooring.dev/kyc/v1".to_vec());
	assert_ok!(Did::register_schema(RuntimeOrigin::signed(Alice.to_account_id()), KYC_SCHEMA, uri));
	assert_ok!(Did::add_schema_issuer(RuntimeOrigin::root(), KYC_SCHEMA, alice_did));
	let issuer = DidOrigin { did: alice_did, key_id: 1, submitter: Alice.to_account_id() };
	let attributes = Attributes {
		kyc_tier: 2,
		jurisdiction: Some(*b"SG"),
		accredited: false,
		extra: Default::default(),
	};
	assert_ok!(Did::attest(
		RuntimeOrigin::from(issuer),
		[0xc1; 32],
		Bob.public().0,
		KYC_SCHEMA,
		attributes,
		None,
	));
}

fn call(caller: Sr25519Keyring, contract: H160, data: Vec<u8>) -> pallet_revive::ExecReturnValue {
	evm::call(&caller.to_account_id(), contract, data)
}

fn deploy_kyc_gate(min_tier: u8) -> H160 {
	let args =
		KycGate::constructorCall { schema_: KYC_SCHEMA.into(), minTier_: min_tier }.abi_encode();
	evm::deploy("KycGate", args)
}

#[test]
fn the_precompile_reports_valid_claims_and_their_attributes() {
	new_test_ext(genesis::DEV_PRESET).execute_with(|| {
		initialize_block(1);
		alice_attests_bob_kyc();
		let precompile = H160(IDENTITY_PRECOMPILE_ADDRESS);
		assert_eq!(precompile, H160(hex_literal::hex!("000000000000000000000000000000000d1d0000")));

		let query = |who| {
			let data = IMooringIdentity::hasValidClaimCall {
				account: h160(who).0.into(),
				schema: KYC_SCHEMA.into(),
			};
			let output = call(Charlie, precompile, data.abi_encode());
			assert!(!output.did_revert());
			IMooringIdentity::hasValidClaimCall::abi_decode_returns(&output.data).unwrap()
		};
		let bob = query(Bob);
		assert!(bob.valid);
		assert_eq!((bob.kycTier, bob.jurisdiction.0, bob.accredited), (2, *b"SG", false));
		assert_eq!(bob.issuer.0, Alice.public().0);
		assert!(!query(Charlie).valid, "Charlie has no claim");

		let data = IMooringIdentity::didOfCall { account: h160(Bob).0.into() }.abi_encode();
		let did_of =
			IMooringIdentity::didOfCall::abi_decode_returns(&call(Charlie, precompile, data).data)
				.unwrap();
		assert!(did_of.linked);
		assert_eq!(did_of.did.0, Bob.public().0);
	});
}

#[test]
fn a_solidity_gate_admits_claim_holders_only() {
	new_test_ext(genesis::DEV_PRESET).execute_with(|| {
		initialize_block(1);
		alice_attests_bob_kyc();
		let gate = deploy_kyc_gate(1);

		assert!(!call(Bob, gate, KycGate::joinCall {}.abi_encode()).did_revert(), "Bob joins");
		let refused = call(Charlie, gate, KycGate::joinCall {}.abi_encode());
		assert!(refused.did_revert());
		let error = KycGate::KycGateErrors::abi_decode(&refused.data).unwrap();
		assert!(
			matches!(error, KycGate::KycGateErrors::NoValidClaim(e) if e.account.0 == h160(Charlie).0)
		);

		let member = |who| {
			let data = KycGate::membersCall(h160(who).0.into()).abi_encode();
			KycGate::membersCall::abi_decode_returns(&call(Alice, gate, data).data).unwrap()
		};
		assert!(member(Bob));
		assert!(!member(Charlie));
	});
}

#[test]
fn a_higher_tier_requirement_refuses_lower_tiers() {
	new_test_ext(genesis::DEV_PRESET).execute_with(|| {
		initialize_block(1);
		alice_attests_bob_kyc();
		let gate = deploy_kyc_gate(3);
		assert!(call(Bob, gate, KycGate::joinCall {}.abi_encode()).did_revert(), "tier 2 < 3");
	});
}

/// `call` as a DID call of Bob's DID with nonce `nonce`, for `submitter`, signed by Bob's DID
/// key, as `submitDidCall` input.
fn bob_signs(
	call: RuntimeCall,
	submitter: AccountId,
	nonce: u64,
) -> IMooringIdentity::submitDidCallCall {
	let did_call: DidCallOf<Runtime> = DidAuthorizedCall {
		did: Bob.public().0,
		key_id: 1,
		call,
		nonce,
		expires_at: 10,
		submitter,
	};
	let signature = DidSignature::Sr25519(Bob.sign(&Did::did_call_payload(&did_call)).0);
	IMooringIdentity::submitDidCallCall {
		didCall: did_call.encode().into(),
		signature: signature.encode().into(),
	}
}

/// `Did.link_account(Bob's DID)` signed by Bob's DID key, for `submitter`.
fn bob_links(submitter: AccountId, nonce: u64) -> IMooringIdentity::submitDidCallCall {
	let link = RuntimeCall::Did(pallet_did::Call::link_account { did: Bob.public().0 });
	bob_signs(link, submitter, nonce)
}

#[test]
fn an_ethereum_wallet_links_itself_to_a_did_with_a_call_the_did_signed() {
	new_test_ext(genesis::DEV_PRESET).execute_with(|| {
		initialize_block(1);
		alice_attests_bob_kyc();
		let precompile = H160(IDENTITY_PRECOMPILE_ADDRESS);
		let ((wallet, wallet_account), (_, stranger)) = (evm::eth(0), evm::eth(1));
		let claim = |address: H160| {
			let data = IMooringIdentity::hasValidClaimCall {
				account: address.0.into(),
				schema: KYC_SCHEMA.into(),
			};
			let (output, _) = evm::call_ok(&stranger, precompile, data.abi_encode());
			IMooringIdentity::hasValidClaimCall::abi_decode_returns(&output).unwrap()
		};
		assert!(!claim(wallet).valid, "not linked yet");

		// Bad input loses nothing: malformed bytes, and a call only the wallet may submit.
		let mut malformed = bob_links(wallet_account.clone(), 1);
		malformed.didCall = malformed.didCall[1..].to_vec().into();
		assert_eq!(
			evm::call_reverts(&wallet_account, precompile, malformed.abi_encode()),
			"malformed didCall"
		);
		let for_the_wallet = bob_links(wallet_account.clone(), 1).abi_encode();
		assert_eq!(
			evm::call_reverts(&stranger, precompile, for_the_wallet.clone()),
			"WrongSubmitter"
		);
		pause("Did", "submit_did_call");
		assert_eq!(
			evm::call_reverts(&wallet_account, precompile, for_the_wallet.clone()),
			"CallFiltered"
		);
		unpause("Did", "submit_did_call");
		// Only DID-pallet calls, of bounded size.
		let remark = RuntimeCall::System(frame_system::Call::remark { remark: vec![1; 8] });
		let not_did = bob_signs(remark, wallet_account.clone(), 1).abi_encode();
		assert_eq!(
			evm::call_reverts(&wallet_account, precompile, not_did),
			"not a call of the DID pallet"
		);
		let huge = RuntimeCall::System(frame_system::Call::remark { remark: vec![1; 20_000] });
		let huge = bob_signs(huge, wallet_account.clone(), 1).abi_encode();
		assert_eq!(evm::call_reverts(&wallet_account, precompile, huge), "didCall too long");
		// A contract that relays anyone's calldata cannot be made a submitter (it would pay the
		// link's deposit for a DID it does not control).
		let relay = evm::deploy("TestActor", vec![]);
		let relay_account = evm::Mapper::to_account_id(&relay);
		let alice = RuntimeOrigin::signed(Alice.to_account_id());
		let fund = mooring_runtime::UNIT;
		assert_ok!(mooring_runtime::Balances::transfer_keep_alive(
			alice,
			relay_account.clone().into(),
			fund
		));
		let for_the_relay = bob_links(relay_account.clone(), 1).abi_encode();
		let relayed =
			TestActor::forwardCall { target: precompile.0.into(), data: for_the_relay.into() };
		assert_eq!(
			evm::call_reverts(&wallet_account, relay, relayed.abi_encode()),
			"only a wallet may submit a DID call"
		);
		assert!(pallet_did::AccountLinks::<Runtime>::get(&relay_account).is_none());
		assert_eq!(DidCallNonces::<Runtime>::get(Bob.public().0), 0, "no nonce used");

		System::reset_events();
		let (_, weight) = evm::call_ok(&wallet_account, precompile, for_the_wallet.clone());
		let linked = claim(wallet);
		assert!(linked.valid, "Bob's claim counts for the wallet");
		assert_eq!((linked.kycTier, linked.jurisdiction.0), (2, *b"SG"));
		assert_eq!(
			pallet_did::AccountLinks::<Runtime>::get(&wallet_account).unwrap().did,
			Bob.public().0
		);
		let overhead = Did::did_call_overhead(&DidSignature::Sr25519([0; 64]), 0);
		assert!(weight.ref_time() >= overhead.ref_time(), "{weight:?} covers {overhead:?}");
		let logged = System::events().into_iter().any(|record| {
			matches!(record.event, RuntimeEvent::Revive(pallet_revive::Event::ContractEmitted {
				contract, ..
			}) if contract == precompile)
		});
		assert!(logged, "the precompile logs DidCallDispatched");

		// A replay is refused; a failing inner call reverts with its reason and keeps its nonce.
		assert_eq!(
			evm::call_reverts(&wallet_account, precompile, for_the_wallet),
			"NonceAlreadyUsed"
		);
		let again = bob_links(wallet_account.clone(), 2).abi_encode();
		assert_eq!(evm::call_reverts(&wallet_account, precompile, again), "AccountAlreadyLinked");
		assert_eq!(DidCallNonces::<Runtime>::get(Bob.public().0), 1);
	});
}
