//! Solidity contracts ask the DID pallet for claims through the identity precompile.

mod common;

use alloy_sol_types::{sol, SolCall, SolConstructor, SolInterface};
use common::{initialize_block, new_test_ext};
use mooring_runtime::{
	genesis, precompiles::IDENTITY_PRECOMPILE_ADDRESS, Did, Revive, Runtime, RuntimeEvent,
	RuntimeOrigin, System, UNIT,
};
use pallet_did::{Attributes, DidOrigin, DidPublicKey};
use pallet_revive::{AddressMapper, ExecConfig, TransactionLimits};
use polkadot_sdk::{
	frame_support::{assert_ok, weights::Weight, BoundedVec},
	sp_core::{H160, U256},
	sp_keyring::Sr25519Keyring::{self, Alice, Bob, Charlie},
	*,
};

type Mapper = <Runtime as pallet_revive::Config>::AddressMapper;

sol! {
	interface IMooringIdentity {
		function hasValidClaim(address account, bytes32 schema) external view returns (
			bool valid, uint8 kycTier, bytes2 jurisdiction, bool accredited, uint64 expiresAt, bytes32 issuer
		);
		function didOf(address account) external view returns (bool linked, bytes32 did);
	}

	contract KycGate {
		constructor(bytes32 schema_, uint8 minTier_);
		function join() external;
		function members(address account) external view returns (bool);
		error NoValidClaim(address account);
	}
}

const KYC_SCHEMA: [u8; 32] = [0x4b; 32];
const WEIGHT: Weight = Weight::from_parts(200_000_000_000, 4 * 1024 * 1024);

fn h160(who: Sr25519Keyring) -> H160 {
	Mapper::to_address(&who.to_account_id())
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
	let result = Revive::bare_call(
		RuntimeOrigin::signed(caller.to_account_id()),
		contract,
		U256::zero(),
		TransactionLimits::WeightAndDeposit { weight_limit: WEIGHT, deposit_limit: UNIT },
		data,
		&ExecConfig::new_substrate_tx(),
	);
	result.result.expect("the call executes")
}

fn deploy_kyc_gate(min_tier: u8) -> H160 {
	let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../contracts/artifacts/KycGate.json");
	let artifact: serde_json::Value =
		serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
	let bytecode = array_bytes::hex2bytes(artifact["bytecode"].as_str().unwrap()).unwrap();
	let args =
		KycGate::constructorCall { schema_: KYC_SCHEMA.into(), minTier_: min_tier }.abi_encode();
	assert_ok!(Revive::instantiate_with_code(
		RuntimeOrigin::signed(Alice.to_account_id()),
		0,
		WEIGHT,
		UNIT,
		[bytecode, args].concat(),
		vec![],
		None,
	));
	System::events()
		.into_iter()
		.find_map(|record| match record.event {
			RuntimeEvent::Revive(pallet_revive::Event::Instantiated { contract, .. }) => {
				Some(contract)
			},
			_ => None,
		})
		.expect("the gate is deployed")
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
			let data = KycGate::membersCall { account: h160(who).0.into() }.abi_encode();
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
