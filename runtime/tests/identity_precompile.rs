//! Solidity contracts ask the DID pallet for claims through the identity precompile.

mod common;

use alloy_sol_types::{sol, SolCall, SolConstructor, SolInterface};
use common::{evm, initialize_block, new_test_ext};
use mooring_runtime::{genesis, precompiles::IDENTITY_PRECOMPILE_ADDRESS, Did, RuntimeOrigin};
use pallet_did::{Attributes, DidOrigin, DidPublicKey};
use pallet_revive::AddressMapper;
use polkadot_sdk::{
	frame_support::{assert_ok, BoundedVec},
	sp_core::H160,
	sp_keyring::Sr25519Keyring::{self, Alice, Bob, Charlie},
	*,
};

sol!(IMooringIdentity, "../contracts/artifacts/IMooringIdentity.json");
sol!(KycGate, "../contracts/artifacts/KycGate.json");

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
