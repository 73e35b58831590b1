//! Tests of the DID pallet: every call's success and errors, DID-authorised calls, claim
//! semantics, resolver queries and a property test of deposits.

use crate::{mock::*, *};
use codec::Encode;
use mooring_primitives::identity::{ClaimSubject, ClaimVerifier, IssuerPolicy};
use polkadot_sdk::{
	frame_support::{
		assert_noop, assert_ok,
		traits::{fungible::InspectHold, fungible::Mutate, EnsureOrigin, Get},
		BoundedVec,
	},
	sp_core::{ecdsa, Pair},
	sp_runtime::{DispatchError, TokenError},
};

type Error = crate::Error<Test>;
type Event = crate::Event<Test>;

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

fn bvec<S: Get<u32>>(bytes: &[u8]) -> BoundedVec<u8, S> {
	BoundedVec::try_from(bytes.to_vec()).expect("fits the bound")
}

fn ed_key(seed: u8) -> DidPublicKey {
	DidPublicKey::Ed25519(ed_pair(seed).public().0)
}

fn sr_key(seed: u8) -> DidPublicKey {
	DidPublicKey::Sr25519(sr_pair(seed).public().0)
}

/// The storage deposit currently held from `who` by this pallet.
fn held(who: &AccountId) -> Balance {
	Balances::balance_on_hold(&HoldReason::StorageDeposit.into(), who)
}

/// The origin of a DID-authorised call of `did` signed with key `key_id`, submitted by
/// `submitter`.
fn did_as(did: DidId, key_id: KeyId, submitter: &AccountId) -> RuntimeOrigin {
	RuntimeOrigin::from(DidOrigin { did, key_id, submitter: submitter.clone() })
}

/// The origin of `did` with its initial key, submitted by account 1.
fn as_did(did: DidId) -> RuntimeOrigin {
	did_as(did, 1, &account(1))
}

/// Creates the DID of Ed25519 key `seed`, paid by `account(payer)`, with a proof.
fn create_ed_did(seed: u8, payer: u8) -> DidId {
	let pair = ed_pair(seed);
	let key = DidPublicKey::Ed25519(pair.public().0);
	let proof =
		DidSignature::Ed25519(pair.sign(&Did::create_proof_payload(&key, &account(payer))).0);
	assert_ok!(Did::create_did(RuntimeOrigin::signed(account(payer)), key.clone(), Some(proof)));
	key.did_id()
}

fn record(did: DidId) -> DidRecord<Test> {
	Dids::<Test>::get(did).expect("live DID")
}

/// The deposit a DID record must hold for its current content.
fn assert_did_deposit_consistent(did: DidId) {
	let r = record(did);
	assert_eq!(r.deposit, Did::did_deposit(&r));
}

const SCHEMA: SchemaId = [7u8; 32];
const SCHEMA_URI: &[u8] = b"https://schemas.mooring.dev/kyc/v1";

fn register_schema(schema: SchemaId) {
	assert_ok!(Did::register_schema(RuntimeOrigin::signed(account(9)), schema, bvec(SCHEMA_URI)));
}

fn kyc(tier: u8, country: &[u8; 2]) -> AttributesOf<Test> {
	Attributes {
		kyc_tier: tier,
		jurisdiction: Some(*country),
		accredited: true,
		extra: bvec_attr(&[]),
	}
}

fn bvec_attr(
	items: &[ExtraAttribute],
) -> BoundedVec<ExtraAttribute, <Test as Config>::MaxExtraAttributes> {
	BoundedVec::try_from(items.to_vec()).expect("fits")
}

fn extra(key: &[u8], value: AttributeValue) -> ExtraAttribute {
	ExtraAttribute { key: bvec(key), value }
}

/// An issuer DID (seed 50), a subject DID (seed 60, linked to account 3), a schema trusted
/// by governance for the issuer.
struct Setup {
	issuer: DidId,
	subject: DidId,
}

fn setup_claims() -> Setup {
	let issuer = create_ed_did(50, 2);
	let subject = create_ed_did(60, 3);
	register_schema(SCHEMA);
	assert_ok!(Did::add_schema_issuer(RuntimeOrigin::root(), SCHEMA, issuer));
	assert_ok!(Did::link_account(did_as(subject, 1, &account(3)), subject));
	Setup { issuer, subject }
}

fn attest(issuer: DidId, claim: u8, subject: DidId, expires: Option<Moment>) -> ClaimHash {
	let claim_hash = [claim; 32];
	assert_ok!(Did::attest(
		did_as(issuer, 1, &account(4)),
		claim_hash,
		subject,
		SCHEMA,
		kyc(2, b"SG"),
		expires
	));
	claim_hash
}

fn claim_of_account(who: &AccountId) -> Option<ClaimAttributes> {
	Did::valid_claim(
		&ClaimSubject::Account(who.clone()),
		&SCHEMA,
		IssuerPolicy::SchemaDefault,
		Did::now(),
	)
}

fn signed_call(
	did: DidId,
	key_id: KeyId,
	call: RuntimeCall,
	nonce: u64,
	expires_at: u64,
	submitter: &AccountId,
) -> DidCallOf<Test> {
	DidAuthorizedCall { did, key_id, call, nonce, expires_at, submitter: submitter.clone() }
}

fn sign_ed(seed: u8, did_call: &DidCallOf<Test>) -> DidSignature {
	DidSignature::Ed25519(ed_pair(seed).sign(&Did::did_call_payload(did_call)).0)
}

fn add_service_call(did: DidId, id: &[u8]) -> RuntimeCall {
	RuntimeCall::Did(crate::Call::add_service {
		did,
		service_id: bvec(id),
		service_type: bvec(b"LinkedDomains"),
		endpoint: bvec(b"https://example.com"),
	})
}

/// The key and address of web3.js's documented example account.
const ETH_SECRET: [u8; 32] =
	hex_literal::hex!("4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318");
const ETH_ADDRESS: [u8; 20] = hex_literal::hex!("2c7536e3605d9c16a7a3d7b1898e529396a65c23");

fn eth_pair() -> ecdsa::Pair {
	ecdsa::Pair::from_seed(&ETH_SECRET)
}

fn sign_eth(payload: &[u8]) -> DidSignature {
	DidSignature::Ecdsa(eth_pair().sign_prehashed(&ethereum_signed_digest(payload)).0)
}

// ---------------------------------------------------------------------------------------------
// Types: DID syntax, keys, signatures
// ---------------------------------------------------------------------------------------------

#[test]
fn did_strings_round_trip_and_malformed_ones_are_rejected() {
	let id = [0xab; 32];
	let did = format_did(&id);
	assert_eq!(did, alloc::format!("did:mooring:0x{}", "ab".repeat(32)));
	assert_eq!(parse_did(&did), Some(id));
	assert_eq!(parse_did(&did.to_uppercase()), None);
	assert_eq!(parse_did(&alloc::format!("did:mooring:0x{}", "AB".repeat(32))), None);
	assert_eq!(parse_did(&alloc::format!("did:mooring:{}", "ab".repeat(32))), None);
	assert_eq!(parse_did(&alloc::format!("did:ethr:0x{}", "ab".repeat(32))), None);
	assert_eq!(parse_did(&alloc::format!("did:mooring:0x{}", "ab".repeat(31))), None);
	assert_eq!(parse_did(&alloc::format!("did:mooring:0x{}zz", "ab".repeat(31))), None);
	assert_eq!(parse_did("did:mooring:"), None);
}

#[test]
fn did_ids_are_the_account_ids_of_their_initial_keys() {
	let ed = ed_pair(1).public();
	assert_eq!(ed_key(1).did_id(), ed.0);
	let secp = ecdsa_pair(1).public();
	assert_eq!(
		DidPublicKey::Secp256k1(secp.0).did_id(),
		polkadot_sdk::sp_io::hashing::blake2_256(&secp.0)
	);
	let eth = DidPublicKey::EthereumAddress(ETH_ADDRESS).did_id();
	assert_eq!(&eth[..20], &ETH_ADDRESS);
	assert_eq!(&eth[20..], &[0xEE; 12]);
}

#[test]
fn relationships_and_key_types() {
	assert!(!Relationships(0).is_valid());
	assert!(!Relationships(32).is_valid());
	assert!(Relationships(Relationships::ALL).is_valid());
	assert!(Relationships(3).contains(Relationships::AUTHENTICATION));
	assert!(!Relationships(3).contains(Relationships::KEY_AGREEMENT));
	let x = DidPublicKey::X25519([1; 32]);
	assert!(!x.can_sign());
	assert!(x.supports(Relationships(Relationships::KEY_AGREEMENT)));
	assert!(!x.supports(Relationships(Relationships::AUTHENTICATION)));
	let eth = DidPublicKey::EthereumAddress([1; 20]);
	assert!(eth.supports(Relationships(Relationships::SIGNING)));
	assert!(!eth.supports(Relationships(Relationships::KEY_AGREEMENT)));
	assert!(ed_key(1).supports(Relationships(Relationships::ALL)));
}

#[test]
fn uri_and_fragment_checks() {
	assert!(is_uri(b"https://example.com/a?b=c"));
	assert!(is_uri(b"did:mooring:0x00"));
	assert!(!is_uri(b""));
	assert!(!is_uri(b"no-scheme"));
	assert!(!is_uri(b":missing"));
	assert!(!is_uri(b"https://exa mple.com"));
	assert!(!is_uri(b"1http://x"));
	assert!(is_fragment(b"linked-domain_1.v2"));
	assert!(!is_fragment(b""));
	assert!(!is_fragment(b"a#b"));
	assert!(is_country_code(b"SG"));
	assert!(!is_country_code(b"sg"));
	assert!(!is_country_code(b"S1"));
}

#[test]
fn eip191_matches_the_web3_test_vector() {
	// web3.js `eth.accounts.sign('Some data', ETH_SECRET)`.
	let digest = eip191_digest(b"Some data");
	assert_eq!(
		digest,
		hex_literal::hex!("1da44b586eb0729ff70a73c326926f6ed5a25f5b056e7f47fbc6e58d86871655")
	);
	let signature = hex_literal::hex!(
		"b91467e570a6466aa9e9876cbcd013baba02900b8979d43fe208a4a4f339f5fd6007e74cd82e037b800186422fc2da167c747ef045e5d18a5f5d4300f8e1a0291c"
	);
	new_test_ext().execute_with(|| {
		assert_eq!(recover_ethereum_signer(&signature, &digest), Some(ETH_ADDRESS));
	});
}

#[test]
fn signatures_verify_only_with_the_right_key_and_payload() {
	new_test_ext().execute_with(|| {
		let payload = b"payload";
		let ed = DidSignature::Ed25519(ed_pair(1).sign(payload).0);
		let sr = DidSignature::Sr25519(sr_pair(1).sign(payload).0);
		let secp = DidSignature::Ecdsa(ecdsa_pair(1).sign(payload).0);
		let eth = sign_eth(payload);
		let secp_key = DidPublicKey::Secp256k1(ecdsa_pair(1).public().0);
		let eth_key = DidPublicKey::EthereumAddress(ETH_ADDRESS);
		assert!(ed.verify(&ed_key(1), payload));
		assert!(sr.verify(&sr_key(1), payload));
		assert!(secp.verify(&secp_key, payload));
		assert!(eth.verify(&eth_key, payload));
		// Wrong payload, wrong key, wrong key type.
		assert!(!ed.verify(&ed_key(1), b"other"));
		assert!(!ed.verify(&ed_key(2), payload));
		assert!(!ed.verify(&sr_key(1), payload));
		assert!(!sr.verify(&sr_key(2), payload));
		assert!(!secp.verify(&DidPublicKey::Secp256k1(ecdsa_pair(2).public().0), payload));
		assert!(!eth.verify(&DidPublicKey::EthereumAddress([1; 20]), payload));
		assert!(!eth.verify(&eth_key, b"other"));
		assert!(!secp.verify(&DidPublicKey::X25519([0; 32]), payload));
	});
}

// ---------------------------------------------------------------------------------------------
// create_did
// ---------------------------------------------------------------------------------------------

#[test]
fn create_did_with_a_proof_stores_the_document_and_holds_its_deposit() {
	new_test_ext().execute_with(|| {
		let did = create_ed_did(1, 2);
		let r = record(did);
		assert_eq!(did, ed_pair(1).public().0);
		assert_eq!(r.verification_methods.len(), 1);
		let key = &r.verification_methods[0];
		assert_eq!((key.id, key.key.clone()), (1, ed_key(1)));
		assert_eq!(key.relationships, Relationships(Relationships::SIGNING));
		assert_eq!(
			(r.version, r.created, r.updated, r.next_key_id),
			(1, GENESIS_MS, GENESIS_MS, 2)
		);
		assert_eq!(r.deposit_owner, account(2));
		assert!(r.deposit > 0);
		assert_eq!(held(&account(2)), r.deposit);
		assert_did_deposit_consistent(did);
		System::assert_last_event(Event::DidCreated { did, deposit_owner: account(2) }.into());
	});
}

#[test]
fn create_did_needs_no_proof_from_the_keys_own_account() {
	new_test_ext().execute_with(|| {
		let pair = sr_pair(5);
		let owner = AccountId::from(pair.public());
		Balances::set_balance(&owner, INITIAL_BALANCE);
		assert_ok!(Did::create_did(RuntimeOrigin::signed(owner.clone()), sr_key(5), None));
		let did = sr_key(5).did_id();
		assert_eq!(record(did).deposit_owner, owner);
		// The key's account acts for the DID without an explicit link.
		assert_eq!(Did::did_of(&owner), Some(did));
	});
}

#[test]
fn create_did_with_secp256k1_and_ethereum_keys() {
	new_test_ext().execute_with(|| {
		let pair = ecdsa_pair(3);
		let key = DidPublicKey::Secp256k1(pair.public().0);
		let proof = DidSignature::Ecdsa(pair.sign(&Did::create_proof_payload(&key, &account(1))).0);
		assert_ok!(Did::create_did(RuntimeOrigin::signed(account(1)), key.clone(), Some(proof)));
		assert!(Dids::<Test>::contains_key(key.did_id()));

		let key = DidPublicKey::EthereumAddress(ETH_ADDRESS);
		let proof = sign_eth(&Did::create_proof_payload(&key, &account(1)));
		assert_ok!(Did::create_did(RuntimeOrigin::signed(account(1)), key.clone(), Some(proof)));
		assert_eq!(key.did_id(), ethereum_account_bytes(&ETH_ADDRESS));
		assert!(Dids::<Test>::contains_key(key.did_id()));
	});
}

#[test]
fn create_did_errors() {
	new_test_ext().execute_with(|| {
		let key = ed_key(1);
		let payload = Did::create_proof_payload(&key, &account(2));
		let good = DidSignature::Ed25519(ed_pair(1).sign(&payload).0);
		assert_noop!(
			Did::create_did(RuntimeOrigin::none(), key.clone(), Some(good.clone())),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Did::create_did(RuntimeOrigin::signed(account(2)), DidPublicKey::X25519([1; 32]), None),
			Error::KeyCannotSign
		);
		assert_noop!(
			Did::create_did(RuntimeOrigin::signed(account(2)), key.clone(), None),
			Error::ProofRequired
		);
		// Signed by another key, or for another payer.
		let by_other = DidSignature::Ed25519(ed_pair(2).sign(&payload).0);
		assert_noop!(
			Did::create_did(RuntimeOrigin::signed(account(2)), key.clone(), Some(by_other)),
			Error::InvalidSignature
		);
		assert_noop!(
			Did::create_did(RuntimeOrigin::signed(account(3)), key.clone(), Some(good.clone())),
			Error::InvalidSignature
		);
		// A payer without funds.
		let poor = account(99);
		let poor_proof =
			DidSignature::Ed25519(ed_pair(1).sign(&Did::create_proof_payload(&key, &poor)).0);
		assert_noop!(
			Did::create_did(RuntimeOrigin::signed(poor), key.clone(), Some(poor_proof)),
			Error::InsufficientBalance
		);
		assert_ok!(Did::create_did(
			RuntimeOrigin::signed(account(2)),
			key.clone(),
			Some(good.clone())
		));
		assert_noop!(
			Did::create_did(RuntimeOrigin::signed(account(2)), key.clone(), Some(good.clone())),
			Error::DidAlreadyExists
		);
		assert_ok!(Did::deactivate_did(as_did(key.did_id()), key.did_id()));
		assert_noop!(
			Did::create_did(RuntimeOrigin::signed(account(2)), key, Some(good)),
			Error::DidDeactivated
		);
	});
}

// ---------------------------------------------------------------------------------------------
// Authorisation of DID updates (shared by every update call)
// ---------------------------------------------------------------------------------------------

#[test]
fn updates_need_a_capability_invocation_key_of_the_did_or_a_controller() {
	new_test_ext().execute_with(|| {
		let did = create_ed_did(1, 1);
		let other = create_ed_did(2, 1);
		let call = |origin| Did::add_verification_method(origin, did, ed_key(3), Relationships(1));
		assert_noop!(call(RuntimeOrigin::signed(account(1))), DispatchError::BadOrigin);
		assert_noop!(call(RuntimeOrigin::root()), DispatchError::BadOrigin);
		assert_noop!(call(did_as(did, 9, &account(1))), Error::KeyNotFound);
		assert_noop!(call(as_did(other)), Error::NotAuthorized);
		assert_noop!(
			Did::add_verification_method(as_did(did), [9; 32], ed_key(3), Relationships(1)),
			Error::DidNotFound
		);
		// A key without capabilityInvocation.
		assert_ok!(Did::add_verification_method(
			as_did(did),
			did,
			ed_key(4),
			Relationships(Relationships::AUTHENTICATION)
		));
		assert_noop!(call(did_as(did, 2, &account(1))), Error::MissingRelationship);
		// A controller signs with its own capabilityInvocation key.
		assert_ok!(Did::add_controller(as_did(did), did, other));
		assert_ok!(call(as_did(other)));
		assert!(record(did).has_key(&ed_key(3)));
	});
}

#[test]
fn every_did_call_refuses_plain_signed_and_root_origins() {
	new_test_ext().execute_with(|| {
		let did = create_ed_did(1, 2);
		for origin in [RuntimeOrigin::signed(account(2)), RuntimeOrigin::root()] {
			let o = || origin.clone();
			let bad = DispatchError::BadOrigin;
			assert_noop!(Did::remove_verification_method(o(), did, 1), bad);
			assert_noop!(Did::set_relationships(o(), did, 1, Relationships(1)), bad);
			assert_noop!(Did::forget_retired_key(o(), did, 1), bad);
			assert_noop!(
				Did::add_service(o(), did, bvec(b"s"), bvec(b"T"), bvec(b"https://a")),
				bad
			);
			assert_noop!(Did::remove_service(o(), did, bvec(b"s")), bad);
			assert_noop!(Did::add_controller(o(), did, [1; 32]), bad);
			assert_noop!(Did::remove_controller(o(), did, [1; 32]), bad);
			assert_noop!(Did::set_also_known_as(o(), did, BoundedVec::new()), bad);
			assert_noop!(Did::deactivate_did(o(), did), bad);
			assert_noop!(Did::change_deposit_owner(o(), did), bad);
			assert_noop!(Did::link_account(o(), did), bad);
			assert_noop!(Did::unlink_account(o(), did, account(1)), bad);
		}
	});
}

#[test]
fn key_ids_are_never_reused_even_when_exhausted() {
	new_test_ext().execute_with(|| {
		let did = create_ed_did(1, 2);
		Dids::<Test>::mutate(did, |r| r.as_mut().unwrap().next_key_id = u32::MAX);
		assert_noop!(
			Did::add_verification_method(as_did(did), did, ed_key(2), Relationships(1)),
			Error::KeyIdsExhausted
		);
	});
}

// ---------------------------------------------------------------------------------------------
// Verification methods
// ---------------------------------------------------------------------------------------------

#[test]
fn add_verification_method_works_and_grows_the_deposit() {
	new_test_ext().execute_with(|| {
		let did = create_ed_did(1, 2);
		let before = held(&account(2));
		set_now(GENESIS_MS + 5_000);
		let rel = Relationships(Relationships::ASSERTION_METHOD | Relationships::KEY_AGREEMENT);
		assert_ok!(Did::add_verification_method(did_as(did, 1, &account(7)), did, sr_key(2), rel));
		let r = record(did);
		let key = r.key(2).expect("key 2");
		assert_eq!((key.key.clone(), key.relationships, key.ever_asserted), (sr_key(2), rel, true));
		assert_eq!((r.version, r.updated, r.next_key_id), (2, GENESIS_MS + 5_000, 3));
		assert!(held(&account(2)) > before);
		assert_eq!(held(&account(7)), 0);
		assert_did_deposit_consistent(did);
		System::assert_last_event(
			Event::VerificationMethodAdded { did, key_id: 2, relationships: rel }.into(),
		);
	});
}

#[test]
fn add_verification_method_errors() {
	new_test_ext().execute_with(|| {
		let did = create_ed_did(1, 2);
		let add =
			|key, rel| Did::add_verification_method(as_did(did), did, key, Relationships(rel));
		assert_noop!(add(ed_key(2), 0), Error::InvalidRelationships);
		assert_noop!(add(ed_key(2), 64), Error::InvalidRelationships);
		assert_noop!(add(DidPublicKey::X25519([2; 32]), 1), Error::RelationshipNotSupported);
		assert_noop!(
			add(DidPublicKey::EthereumAddress([2; 20]), Relationships::KEY_AGREEMENT),
			Error::RelationshipNotSupported
		);
		assert_noop!(add(ed_key(1), 1), Error::DuplicateKey);
		for seed in 2..=4 {
			assert_ok!(add(ed_key(seed), Relationships::ASSERTION_METHOD));
		}
		assert_noop!(add(ed_key(5), 1), Error::TooManyVerificationMethods);
		// A retired key cannot come back.
		assert_ok!(Did::remove_verification_method(as_did(did), did, 2));
		assert_noop!(add(ed_key(2), 1), Error::DuplicateKey);
		// Poor deposit owner.
		let poor = create_ed_did(9, 3);
		Balances::set_balance(&account(3), 10);
		let grow = Did::add_verification_method(as_did(poor), poor, ed_key(10), Relationships(1));
		assert_noop!(grow, Error::InsufficientBalance);
	});
}

#[test]
fn removing_an_assertion_key_retires_it_and_other_keys_vanish() {
	new_test_ext().execute_with(|| {
		let did = create_ed_did(1, 2);
		assert_ok!(Did::add_verification_method(as_did(did), did, ed_key(2), Relationships(1)));
		let with_two = held(&account(2));
		set_now(GENESIS_MS + 10);
		assert_ok!(Did::remove_verification_method(as_did(did), did, 2));
		System::assert_last_event(
			Event::VerificationMethodRemoved { did, key_id: 2, retired: false }.into(),
		);
		assert!(held(&account(2)) < with_two);
		assert!(record(did).retired_keys.is_empty());

		// Key 1 (assertion) rotated out for key 3.
		let all = Relationships(Relationships::SIGNING);
		assert_ok!(Did::add_verification_method(as_did(did), did, ed_key(3), all));
		assert_ok!(Did::remove_verification_method(did_as(did, 3, &account(1)), did, 1));
		System::assert_last_event(
			Event::VerificationMethodRemoved { did, key_id: 1, retired: true }.into(),
		);
		let r = record(did);
		assert_eq!(r.retired_keys.len(), 1);
		assert_eq!(
			r.retired_keys[0],
			RetiredKey {
				id: 1,
				key: ed_key(1),
				added: GENESIS_MS,
				retired: GENESIS_MS + 10,
				compromised_since: None
			}
		);
		assert_did_deposit_consistent(did);
		// The removed key no longer signs.
		let signed = Did::add_service(as_did(did), did, bvec(b"x"), bvec(b"T"), bvec(b"a:b"));
		assert_noop!(signed, Error::KeyNotFound);
	});
}

#[test]
fn remove_verification_method_errors() {
	new_test_ext().execute_with(|| {
		let did = create_ed_did(1, 2);
		assert_noop!(Did::remove_verification_method(as_did(did), did, 7), Error::KeyNotFound);
		// The only capabilityInvocation key of a DID without controllers.
		assert_noop!(Did::remove_verification_method(as_did(did), did, 1), Error::WouldLoseControl);
		// Fill the retired keys (bound 2), then a third retirement fails.
		let assert = Relationships(Relationships::ASSERTION_METHOD);
		for seed in 2..=4 {
			assert_ok!(Did::add_verification_method(as_did(did), did, ed_key(seed), assert));
		}
		assert_ok!(Did::remove_verification_method(as_did(did), did, 2));
		assert_ok!(Did::remove_verification_method(as_did(did), did, 3));
		assert_noop!(
			Did::remove_verification_method(as_did(did), did, 4),
			Error::TooManyRetiredKeys
		);
		// Forgetting one makes room.
		assert_ok!(Did::forget_retired_key(as_did(did), did, 2));
		System::assert_last_event(Event::RetiredKeyForgotten { did, key_id: 2 }.into());
		assert_ok!(Did::remove_verification_method(as_did(did), did, 4));
		assert_noop!(Did::forget_retired_key(as_did(did), did, 2), Error::RetiredKeyNotFound);
		assert_did_deposit_consistent(did);
	});
}

#[test]
fn set_relationships_works_and_errors() {
	new_test_ext().execute_with(|| {
		let did = create_ed_did(1, 2);
		assert_ok!(Did::add_verification_method(as_did(did), did, ed_key(2), Relationships(1)));
		assert!(!record(did).key(2).unwrap().ever_asserted);
		let rel = Relationships(Relationships::ASSERTION_METHOD);
		assert_ok!(Did::set_relationships(as_did(did), did, 2, rel));
		System::assert_last_event(
			Event::RelationshipsChanged { did, key_id: 2, relationships: rel }.into(),
		);
		// Once an assertion key, always retired on removal.
		assert_ok!(Did::set_relationships(as_did(did), did, 2, Relationships(1)));
		let key = record(did).key(2).unwrap().clone();
		assert_eq!((key.relationships, key.ever_asserted), (Relationships(1), true));
		assert_eq!(record(did).version, 4);

		assert_noop!(Did::set_relationships(as_did(did), did, 9, rel), Error::KeyNotFound);
		assert_noop!(
			Did::set_relationships(as_did(did), did, 2, Relationships(0)),
			Error::InvalidRelationships
		);
		let x = DidPublicKey::X25519([5; 32]);
		let agreement = Relationships(Relationships::KEY_AGREEMENT);
		assert_ok!(Did::add_verification_method(as_did(did), did, x, agreement));
		assert_noop!(
			Did::set_relationships(as_did(did), did, 3, Relationships(1)),
			Error::RelationshipNotSupported
		);
		assert_noop!(
			Did::set_relationships(as_did(did), did, 1, Relationships(1)),
			Error::WouldLoseControl
		);
	});
}

// ---------------------------------------------------------------------------------------------
// Services, controllers, alsoKnownAs
// ---------------------------------------------------------------------------------------------

#[test]
fn services_can_be_added_and_removed() {
	new_test_ext().execute_with(|| {
		let did = create_ed_did(1, 2);
		let before = held(&account(2));
		assert_ok!(Did::add_service(
			as_did(did),
			did,
			bvec(b"messaging"),
			bvec(b"DIDCommMessaging"),
			bvec(b"https://agent.example.com/didcomm")
		));
		System::assert_last_event(
			Event::ServiceAdded { did, service_id: bvec(b"messaging") }.into(),
		);
		let r = record(did);
		assert_eq!(r.services.len(), 1);
		assert_eq!(r.services[0].service_type.as_slice(), b"DIDCommMessaging");
		assert!(held(&account(2)) > before);
		assert_ok!(Did::remove_service(as_did(did), did, bvec(b"messaging")));
		System::assert_last_event(
			Event::ServiceRemoved { did, service_id: bvec(b"messaging") }.into(),
		);
		assert!(record(did).services.is_empty());
		assert_eq!(held(&account(2)), before);
	});
}

#[test]
fn service_errors() {
	new_test_ext().execute_with(|| {
		let did = create_ed_did(1, 2);
		let add = |id: &[u8], ty: &[u8], uri: &[u8]| {
			Did::add_service(as_did(did), did, bvec(id), bvec(ty), bvec(uri))
		};
		assert_noop!(add(b"", b"T", b"https://a"), Error::InvalidServiceId);
		assert_noop!(add(b"a b", b"T", b"https://a"), Error::InvalidServiceId);
		assert_noop!(add(b"key-1", b"T", b"https://a"), Error::InvalidServiceId);
		assert_noop!(add(b"s", b"", b"https://a"), Error::InvalidServiceType);
		assert_noop!(add(b"s", b"A B", b"https://a"), Error::InvalidServiceType);
		assert_noop!(add(b"s", b"T", b"not a uri"), Error::InvalidUri);
		assert_ok!(add(b"s1", b"T", b"https://a"));
		assert_noop!(add(b"s1", b"T", b"https://b"), Error::DuplicateService);
		assert_ok!(add(b"s2", b"T", b"https://a"));
		assert_ok!(add(b"s3", b"T", b"https://a"));
		assert_noop!(add(b"s4", b"T", b"https://a"), Error::TooManyServices);
		assert_noop!(Did::remove_service(as_did(did), did, bvec(b"nope")), Error::ServiceNotFound);
	});
}

#[test]
fn controllers_can_be_added_and_removed() {
	new_test_ext().execute_with(|| {
		let did = create_ed_did(1, 2);
		let c1 = create_ed_did(2, 2);
		assert_ok!(Did::add_controller(as_did(did), did, c1));
		System::assert_last_event(Event::ControllerAdded { did, controller: c1 }.into());
		assert_eq!(record(did).controllers.to_vec(), vec![c1]);
		// With a controller the DID may drop its own capabilityInvocation.
		assert_ok!(Did::set_relationships(as_did(did), did, 1, Relationships(1)));
		assert_noop!(Did::remove_controller(as_did(c1), did, c1), Error::WouldLoseControl);
		assert_ok!(Did::set_relationships(
			as_did(c1),
			did,
			1,
			Relationships(Relationships::SIGNING)
		));
		assert_ok!(Did::remove_controller(as_did(did), did, c1));
		System::assert_last_event(Event::ControllerRemoved { did, controller: c1 }.into());
		assert!(record(did).controllers.is_empty());
		assert_did_deposit_consistent(did);
	});
}

#[test]
fn controller_errors() {
	new_test_ext().execute_with(|| {
		let did = create_ed_did(1, 2);
		let add = |c| Did::add_controller(as_did(did), did, c);
		assert_noop!(add(did), Error::CannotControlSelf);
		assert_noop!(add([9; 32]), Error::UnknownController);
		let controllers: Vec<DidId> = (2..=4).map(|s| create_ed_did(s, 2)).collect();
		for c in &controllers {
			assert_ok!(add(*c));
		}
		assert_noop!(add(controllers[0]), Error::AlreadyController);
		let fifth = create_ed_did(5, 2);
		assert_noop!(add(fifth), Error::TooManyControllers);
		assert_noop!(Did::remove_controller(as_did(did), did, fifth), Error::NotAController);
		// A deactivated controller can no longer act.
		assert_ok!(Did::deactivate_did(as_did(controllers[0]), controllers[0]));
		assert_noop!(
			Did::add_verification_method(as_did(controllers[0]), did, ed_key(8), Relationships(1)),
			Error::DidDeactivated
		);
	});
}

#[test]
fn also_known_as_is_replaced_as_a_whole() {
	new_test_ext().execute_with(|| {
		let did = create_ed_did(1, 2);
		let aka = |uris: &[&[u8]]| -> BoundedVec<UriOf<Test>, _> {
			BoundedVec::try_from(uris.iter().map(|u| bvec(u)).collect::<Vec<_>>()).unwrap()
		};
		assert_ok!(Did::set_also_known_as(
			as_did(did),
			did,
			aka(&[b"https://a.example", b"did:web:a.example"])
		));
		System::assert_last_event(Event::AlsoKnownAsSet { did, count: 2 }.into());
		assert_eq!(record(did).also_known_as.len(), 2);
		assert_noop!(
			Did::set_also_known_as(as_did(did), did, aka(&[b"https://a", b"https://a"])),
			Error::DuplicateAlias
		);
		assert_noop!(Did::set_also_known_as(as_did(did), did, aka(&[b"nope"])), Error::InvalidUri);
		assert_ok!(Did::set_also_known_as(as_did(did), did, aka(&[])));
		assert!(record(did).also_known_as.is_empty());
		assert_did_deposit_consistent(did);
	});
}

// ---------------------------------------------------------------------------------------------
// Deactivation
// ---------------------------------------------------------------------------------------------

#[test]
fn deactivation_leaves_a_tombstone_and_returns_every_deposit() {
	new_test_ext().execute_with(|| {
		let did = create_ed_did(1, 2);
		assert_ok!(Did::add_service(as_did(did), did, bvec(b"s"), bvec(b"T"), bvec(b"https://a")));
		assert_ok!(Did::link_account(did_as(did, 1, &account(5)), did));
		assert_ok!(Did::link_account(did_as(did, 1, &account(6)), did));
		DidCallNonces::<Test>::insert(did, 3);
		assert!(held(&account(5)) > 0);
		set_now(GENESIS_MS + 99);
		assert_ok!(Did::deactivate_did(as_did(did), did));
		System::assert_last_event(Event::DidDeactivated { did }.into());
		assert!(!Dids::<Test>::contains_key(did));
		assert_eq!(
			DeactivatedDids::<Test>::get(did),
			Some(Tombstone { created: GENESIS_MS, deactivated: GENESIS_MS + 99, version: 3 })
		);
		assert_eq!((held(&account(2)), held(&account(5)), held(&account(6))), (0, 0, 0));
		assert_eq!(Did::did_of(&account(5)), None);
		assert!(LinkedAccounts::<Test>::get(did).is_empty());
		assert_eq!(DidCallNonces::<Test>::get(did), 0);
		assert!(matches!(Did::resolve(&did), Some(runtime_api::DidResolution::Deactivated(_))));
	});
}

#[test]
fn a_deactivated_did_refuses_every_update() {
	new_test_ext().execute_with(|| {
		let did = create_ed_did(1, 2);
		assert_ok!(Did::deactivate_did(as_did(did), did));
		let o = || as_did(did);
		let gone = || Error::DidDeactivated;
		assert_noop!(Did::add_verification_method(o(), did, ed_key(2), Relationships(1)), gone());
		assert_noop!(Did::remove_verification_method(o(), did, 1), gone());
		assert_noop!(Did::set_relationships(o(), did, 1, Relationships(1)), gone());
		assert_noop!(Did::forget_retired_key(o(), did, 1), gone());
		assert_noop!(
			Did::add_service(o(), did, bvec(b"s"), bvec(b"T"), bvec(b"https://a")),
			gone()
		);
		assert_noop!(Did::remove_service(o(), did, bvec(b"s")), gone());
		assert_noop!(Did::add_controller(o(), did, [1; 32]), gone());
		assert_noop!(Did::remove_controller(o(), did, [1; 32]), gone());
		assert_noop!(Did::set_also_known_as(o(), did, BoundedVec::new()), gone());
		assert_noop!(Did::deactivate_did(o(), did), gone());
		assert_noop!(Did::change_deposit_owner(o(), did), gone());
		assert_noop!(Did::link_account(o(), did), gone());
		assert_noop!(Did::unlink_account(o(), did, account(1)), gone());
		let call = signed_call(did, 1, add_service_call(did, b"s"), 1, 10, &account(1));
		let sig = sign_ed(1, &call);
		assert_noop!(
			Did::submit_did_call(RuntimeOrigin::signed(account(1)), Box::new(call), sig),
			gone()
		);
	});
}

// ---------------------------------------------------------------------------------------------
// Deposit owner and account links
// ---------------------------------------------------------------------------------------------

#[test]
fn change_deposit_owner_moves_the_hold() {
	new_test_ext().execute_with(|| {
		let did = create_ed_did(1, 2);
		let deposit = record(did).deposit;
		assert_noop!(
			Did::change_deposit_owner(did_as(did, 1, &account(2)), did),
			Error::AlreadyDepositOwner
		);
		assert_noop!(
			Did::change_deposit_owner(did_as(did, 1, &account(99)), did),
			Error::InsufficientBalance
		);
		assert_ok!(Did::change_deposit_owner(did_as(did, 1, &account(3)), did));
		System::assert_last_event(
			Event::DepositOwnerChanged { did, from: account(2), to: account(3) }.into(),
		);
		assert_eq!((held(&account(2)), held(&account(3))), (0, deposit));
		assert_eq!(record(did).deposit_owner, account(3));
		assert_eq!(record(did).version, 1, "not a document change");
	});
}

#[test]
fn accounts_link_to_dids_with_their_own_consent_and_deposit() {
	new_test_ext().execute_with(|| {
		let did = create_ed_did(1, 2);
		assert_ok!(Did::link_account(did_as(did, 1, &account(5)), did));
		System::assert_last_event(Event::AccountLinked { did, account: account(5) }.into());
		assert_eq!(Did::did_of(&account(5)), Some(did));
		let deposit = Did::link_deposit(&account(5));
		assert_eq!(held(&account(5)), deposit);
		assert_eq!(LinkedAccounts::<Test>::get(did).to_vec(), vec![account(5)]);

		assert_noop!(
			Did::link_account(did_as(did, 1, &account(5)), did),
			Error::AccountAlreadyLinked
		);
		let other = create_ed_did(2, 2);
		assert_noop!(
			Did::link_account(did_as(other, 1, &account(5)), other),
			Error::AccountAlreadyLinked
		);
		assert_ok!(Did::link_account(did_as(did, 1, &account(6)), did));
		assert_noop!(
			Did::link_account(did_as(did, 1, &account(7)), did),
			Error::TooManyLinkedAccounts
		);
		assert_noop!(
			Did::link_account(did_as(other, 1, &account(99)), other),
			Error::InsufficientBalance
		);

		// Unlinking by the DID.
		assert_noop!(
			Did::unlink_account(as_did(other), other, account(5)),
			Error::AccountNotLinked
		);
		assert_noop!(Did::unlink_account(as_did(did), did, account(8)), Error::AccountNotLinked);
		assert_ok!(Did::unlink_account(as_did(did), did, account(5)));
		System::assert_last_event(Event::AccountUnlinked { did, account: account(5) }.into());
		assert_eq!((held(&account(5)), Did::did_of(&account(5))), (0, None));

		// Unlinking by the account.
		assert_ok!(Did::remove_account_link(RuntimeOrigin::signed(account(6))));
		System::assert_last_event(Event::AccountUnlinked { did, account: account(6) }.into());
		assert_eq!(held(&account(6)), 0);
		assert!(!LinkedAccounts::<Test>::contains_key(did));
		assert_noop!(
			Did::remove_account_link(RuntimeOrigin::signed(account(6))),
			Error::AccountNotLinked
		);
		assert_noop!(Did::remove_account_link(RuntimeOrigin::root()), DispatchError::BadOrigin);
	});
}

#[test]
fn the_initial_keys_account_acts_for_the_did_only_while_the_key_is_there() {
	new_test_ext().execute_with(|| {
		let did = create_ed_did(1, 2);
		let key_account = AccountId::new(did);
		assert_eq!(Did::did_of(&key_account), Some(did));
		let all = Relationships(Relationships::SIGNING);
		assert_ok!(Did::add_verification_method(as_did(did), did, ed_key(2), all));
		assert_ok!(Did::remove_verification_method(did_as(did, 2, &account(1)), did, 1));
		assert_eq!(Did::did_of(&key_account), None);
	});
}

// ---------------------------------------------------------------------------------------------
// DID-authorised calls
// ---------------------------------------------------------------------------------------------

#[test]
fn a_did_call_is_dispatched_as_the_did_and_the_submitter_pays_only_the_fee() {
	new_test_ext().execute_with(|| {
		let did = create_ed_did(1, 2);
		let sponsor = account(8);
		let call = signed_call(did, 1, add_service_call(did, b"web"), 1, 5, &sponsor);
		let sig = sign_ed(1, &call);
		assert_ok!(Did::submit_did_call(
			RuntimeOrigin::signed(sponsor.clone()),
			Box::new(call),
			sig
		));
		System::assert_last_event(
			Event::DidCallDispatched { did, nonce: 1, result: Ok(()) }.into(),
		);
		assert_eq!(record(did).services.len(), 1);
		assert_eq!(DidCallNonces::<Test>::get(did), 1);
		assert_eq!(held(&sponsor), 0);
		assert_did_deposit_consistent(did);
	});
}

#[test]
fn did_calls_with_every_signing_key_type() {
	new_test_ext().execute_with(|| {
		let did = create_ed_did(1, 2);
		let all = Relationships(Relationships::SIGNING);
		let secp = ecdsa_pair(4);
		let keys = [
			sr_key(2),
			DidPublicKey::Secp256k1(secp.public().0),
			DidPublicKey::EthereumAddress(ETH_ADDRESS),
		];
		for key in keys {
			assert_ok!(Did::add_verification_method(as_did(did), did, key, all));
		}
		let sponsor = account(8);
		for (nonce, key_id) in [(1u64, 2u32), (2, 3), (3, 4)] {
			let id = alloc::format!("svc{nonce}");
			let call =
				signed_call(did, key_id, add_service_call(did, id.as_bytes()), nonce, 9, &sponsor);
			let payload = Did::did_call_payload(&call);
			let sig = match key_id {
				2 => DidSignature::Sr25519(sr_pair(2).sign(&payload).0),
				3 => DidSignature::Ecdsa(secp.sign(&payload).0),
				_ => sign_eth(&payload),
			};
			assert_ok!(Did::submit_did_call(
				RuntimeOrigin::signed(sponsor.clone()),
				Box::new(call),
				sig
			));
			System::assert_last_event(
				Event::DidCallDispatched { did, nonce, result: Ok(()) }.into(),
			);
		}
		assert_eq!(record(did).services.len(), 3);
	});
}

#[test]
fn did_call_replay_expiry_and_wrong_keys_fail() {
	new_test_ext().execute_with(|| {
		let did = create_ed_did(1, 2);
		let sponsor = account(8);
		let submit = |call: DidCallOf<Test>, sig| {
			Did::submit_did_call(RuntimeOrigin::signed(sponsor.clone()), Box::new(call), sig)
		};
		let call = signed_call(did, 1, add_service_call(did, b"a"), 1, 5, &sponsor);
		assert_ok!(submit(call.clone(), sign_ed(1, &call)));
		// Replaying the very same signed call.
		assert_noop!(submit(call.clone(), sign_ed(1, &call)), Error::NonceAlreadyUsed);
		// Skipping a nonce.
		let skip = signed_call(did, 1, add_service_call(did, b"b"), 3, 5, &sponsor);
		assert_noop!(submit(skip.clone(), sign_ed(1, &skip)), Error::NonceTooHigh);
		// Signed by another key, or with a key id the DID lacks.
		let next = signed_call(did, 1, add_service_call(did, b"b"), 2, 5, &sponsor);
		assert_noop!(submit(next.clone(), sign_ed(2, &next)), Error::InvalidSignature);
		let wrong_type = DidSignature::Sr25519(sr_pair(1).sign(&Did::did_call_payload(&next)).0);
		assert_noop!(submit(next.clone(), wrong_type), Error::InvalidSignature);
		let no_key = signed_call(did, 7, add_service_call(did, b"b"), 2, 5, &sponsor);
		assert_noop!(submit(no_key.clone(), sign_ed(1, &no_key)), Error::KeyNotFound);
		// Tampering with the signed call.
		let mut tampered = next.clone();
		tampered.expires_at = 100;
		assert_noop!(submit(tampered, sign_ed(1, &next)), Error::InvalidSignature);
		// Submitted by someone else than the signed submitter.
		assert_noop!(
			Did::submit_did_call(
				RuntimeOrigin::signed(account(9)),
				Box::new(next.clone()),
				sign_ed(1, &next)
			),
			Error::WrongSubmitter
		);
		assert_noop!(
			Did::submit_did_call(RuntimeOrigin::none(), Box::new(next.clone()), sign_ed(1, &next)),
			DispatchError::BadOrigin
		);
		// Expiry: valid up to and including block 5.
		System::set_block_number(5);
		assert_ok!(submit(next.clone(), sign_ed(1, &next)));
		System::set_block_number(6);
		let late = signed_call(did, 1, add_service_call(did, b"c"), 3, 5, &sponsor);
		assert_noop!(submit(late.clone(), sign_ed(1, &late)), Error::DidCallExpired);
		// An unknown DID.
		let unknown = signed_call([9; 32], 1, add_service_call(did, b"c"), 1, 50, &sponsor);
		assert_noop!(submit(unknown.clone(), sign_ed(1, &unknown)), Error::DidNotFound);
	});
}

#[test]
fn a_did_call_weighs_its_overhead_plus_the_inner_call_in_the_normal_class() {
	use polkadot_sdk::frame_support::dispatch::{DispatchClass, GetDispatchInfo};
	new_test_ext().execute_with(|| {
		let did = create_ed_did(1, 2);
		let inner = add_service_call(did, b"a");
		let inner_weight = inner.get_dispatch_info().call_weight;
		let did_call = signed_call(did, 1, inner, 1, 5, &account(8));
		let did_call_len = did_call.encoded_size();
		let signature = sign_ed(1, &did_call);
		let outer = RuntimeCall::Did(crate::Call::submit_did_call {
			did_call: Box::new(did_call.clone()),
			signature: signature.clone(),
		});
		let info = outer.get_dispatch_info();
		let overhead = Did::did_call_overhead(&signature, did_call.encoded_size());
		assert_eq!(info.call_weight, overhead + inner_weight);
		assert_eq!(info.class, DispatchClass::Normal);
		let post = Did::submit_did_call(
			RuntimeOrigin::signed(account(8)),
			Box::new(did_call),
			signature.clone(),
		)
		.expect("dispatched");
		assert_eq!(post.actual_weight, Some(overhead + inner_weight));
		assert!(overhead.ref_time() > 0);
		// A longer call costs more to encode and hash (issue 19: the weight had no length).
		assert!(Did::payload_weight(100_000).ref_time() > Did::payload_weight(100).ref_time());
		assert_eq!(
			overhead,
			Did::did_call_overhead(&signature, 0) + Did::payload_weight(did_call_len)
		);
	});
}

#[test]
fn a_failing_inner_call_still_uses_the_nonce() {
	new_test_ext().execute_with(|| {
		let did = create_ed_did(1, 2);
		let sponsor = account(8);
		// Not a valid service id: the inner call fails.
		let call = signed_call(did, 1, add_service_call(did, b"key-9"), 1, 5, &sponsor);
		assert_ok!(Did::submit_did_call(
			RuntimeOrigin::signed(sponsor.clone()),
			Box::new(call.clone()),
			sign_ed(1, &call)
		));
		let failed: DispatchError = Error::InvalidServiceId.into();
		System::assert_last_event(
			Event::DidCallDispatched { did, nonce: 1, result: Err(failed) }.into(),
		);
		assert_eq!(DidCallNonces::<Test>::get(did), 1);
		assert!(record(did).services.is_empty());
		// A call that needs a signed origin refuses the DID origin.
		let remark = RuntimeCall::Did(crate::Call::remove_account_link {});
		let call = signed_call(did, 1, remark, 2, 5, &sponsor);
		assert_ok!(Did::submit_did_call(
			RuntimeOrigin::signed(sponsor),
			Box::new(call.clone()),
			sign_ed(1, &call)
		));
		System::assert_last_event(
			Event::DidCallDispatched { did, nonce: 2, result: Err(DispatchError::BadOrigin) }
				.into(),
		);
	});
}

#[test]
fn ensure_did_origin_checks_the_key_relationship() {
	new_test_ext().execute_with(|| {
		let did = create_ed_did(1, 2);
		assert_ok!(Did::add_verification_method(
			as_did(did),
			did,
			ed_key(2),
			Relationships(Relationships::ASSERTION_METHOD)
		));
		type Auth = EnsureDidOrigin<Test>;
		type Assert = EnsureDidOrigin<Test, { Relationships::ASSERTION_METHOD }>;
		let success = Auth::try_origin(as_did(did)).expect("authentication key");
		assert_eq!(success, DidOrigin { did, key_id: 1, submitter: account(1) });
		assert!(Auth::try_origin(did_as(did, 2, &account(1))).is_err());
		assert!(Assert::try_origin(did_as(did, 2, &account(1))).is_ok());
		assert!(Auth::try_origin(RuntimeOrigin::signed(account(1))).is_err());
		assert!(Auth::try_origin(did_as([9; 32], 1, &account(1))).is_err());
		assert_ok!(Did::deactivate_did(as_did(did), did));
		assert!(Auth::try_origin(as_did(did)).is_err());
	});
}

// ---------------------------------------------------------------------------------------------
// Schemas and trusted issuers
// ---------------------------------------------------------------------------------------------

#[test]
fn register_schema_works_and_errors() {
	new_test_ext().execute_with(|| {
		assert_ok!(Did::register_schema(
			RuntimeOrigin::signed(account(9)),
			SCHEMA,
			bvec(SCHEMA_URI)
		));
		System::assert_last_event(
			Event::SchemaRegistered { schema: SCHEMA, registrant: account(9) }.into(),
		);
		let schema = Schemas::<Test>::get(SCHEMA).unwrap();
		assert_eq!((schema.uri.as_slice(), schema.created), (SCHEMA_URI, GENESIS_MS));
		assert_eq!(held(&account(9)), schema.deposit);
		assert_noop!(
			Did::register_schema(RuntimeOrigin::signed(account(9)), SCHEMA, bvec(SCHEMA_URI)),
			Error::SchemaAlreadyExists
		);
		assert_noop!(
			Did::register_schema(RuntimeOrigin::signed(account(9)), [1; 32], bvec(b"kyc")),
			Error::InvalidUri
		);
		assert_noop!(
			Did::register_schema(RuntimeOrigin::signed(account(99)), [1; 32], bvec(SCHEMA_URI)),
			Error::InsufficientBalance
		);
		assert_noop!(
			Did::register_schema(RuntimeOrigin::root(), [1; 32], bvec(SCHEMA_URI)),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn governance_trusts_issuers_per_schema() {
	new_test_ext().execute_with(|| {
		let issuer = create_ed_did(50, 2);
		register_schema(SCHEMA);
		assert_noop!(
			Did::add_schema_issuer(RuntimeOrigin::signed(account(1)), SCHEMA, issuer),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Did::add_schema_issuer(RuntimeOrigin::root(), [1; 32], issuer),
			Error::SchemaNotFound
		);
		assert_noop!(
			Did::add_schema_issuer(RuntimeOrigin::root(), SCHEMA, [9; 32]),
			Error::InvalidIssuer
		);
		// A DID without an assertion key is no issuer.
		let no_assert = create_ed_did(51, 2);
		assert_ok!(Did::set_relationships(
			as_did(no_assert),
			no_assert,
			1,
			Relationships(Relationships::CAPABILITY_INVOCATION)
		));
		assert_noop!(
			Did::add_schema_issuer(RuntimeOrigin::root(), SCHEMA, no_assert),
			Error::InvalidIssuer
		);

		assert_ok!(Did::add_schema_issuer(RuntimeOrigin::root(), SCHEMA, issuer));
		System::assert_last_event(Event::SchemaIssuerAdded { schema: SCHEMA, issuer }.into());
		assert_noop!(
			Did::add_schema_issuer(RuntimeOrigin::root(), SCHEMA, issuer),
			Error::AlreadyTrusted
		);
		for seed in 52..=53 {
			let other = create_ed_did(seed, 2);
			assert_ok!(Did::add_schema_issuer(RuntimeOrigin::root(), SCHEMA, other));
		}
		let fourth = create_ed_did(54, 2);
		assert_noop!(
			Did::add_schema_issuer(RuntimeOrigin::root(), SCHEMA, fourth),
			Error::TooManyTrustedIssuers
		);

		assert_noop!(
			Did::remove_schema_issuer(RuntimeOrigin::signed(account(1)), SCHEMA, issuer),
			DispatchError::BadOrigin
		);
		assert_ok!(Did::remove_schema_issuer(RuntimeOrigin::root(), SCHEMA, issuer));
		System::assert_last_event(Event::SchemaIssuerRemoved { schema: SCHEMA, issuer }.into());
		assert_noop!(
			Did::remove_schema_issuer(RuntimeOrigin::root(), SCHEMA, issuer),
			Error::NotTrusted
		);
		assert_noop!(
			Did::remove_schema_issuer(RuntimeOrigin::root(), [1; 32], issuer),
			Error::NotTrusted
		);
	});
}

#[test]
fn consumers_keep_their_own_trusted_issuer_lists() {
	new_test_ext().execute_with(|| {
		let i1 = create_ed_did(50, 2);
		let i2 = create_ed_did(51, 2);
		register_schema(SCHEMA);
		let list = |items: &[DidId]| BoundedVec::try_from(items.to_vec()).unwrap();
		// An account consumer pays its own deposit.
		let rwa_issuer = account(5);
		assert_ok!(Did::set_trusted_issuers(
			RuntimeOrigin::signed(rwa_issuer.clone()),
			SCHEMA,
			list(&[i1, i2])
		));
		let consumer = Consumer::Account(rwa_issuer.clone());
		System::assert_last_event(
			Event::TrustedIssuersSet { consumer: consumer.clone(), schema: SCHEMA, count: 2 }
				.into(),
		);
		assert_eq!(Did::trusted_issuers(&consumer, &SCHEMA), vec![i1, i2]);
		let two = held(&rwa_issuer);
		assert!(two > 0);
		assert_ok!(Did::set_trusted_issuers(
			RuntimeOrigin::signed(rwa_issuer.clone()),
			SCHEMA,
			list(&[i2])
		));
		assert!(held(&rwa_issuer) < two);
		assert_eq!(Did::trusted_issuers(&consumer, &SCHEMA), vec![i2]);
		assert_ok!(Did::set_trusted_issuers(
			RuntimeOrigin::signed(rwa_issuer.clone()),
			SCHEMA,
			list(&[])
		));
		System::assert_last_event(
			Event::TrustedIssuersCleared { consumer: consumer.clone(), schema: SCHEMA }.into(),
		);
		assert_eq!(held(&rwa_issuer), 0);
		assert!(Did::trusted_issuers(&consumer, &SCHEMA).is_empty());

		// A DID consumer; its submitter pays.
		let dao = create_ed_did(52, 2);
		assert_ok!(Did::set_trusted_issuers(did_as(dao, 1, &account(6)), SCHEMA, list(&[i1])));
		assert_eq!(Did::trusted_issuers(&Consumer::Did(dao), &SCHEMA), vec![i1]);
		assert!(held(&account(6)) > 0);
		// Replaced by another submitter: the first one gets its deposit back.
		assert_ok!(Did::set_trusted_issuers(did_as(dao, 1, &account(7)), SCHEMA, list(&[i2])));
		assert_eq!(held(&account(6)), 0);
		assert!(held(&account(7)) > 0);
	});
}

#[test]
fn trusted_issuer_list_errors() {
	new_test_ext().execute_with(|| {
		let i1 = create_ed_did(50, 2);
		register_schema(SCHEMA);
		let list = |items: &[DidId]| BoundedVec::try_from(items.to_vec()).unwrap();
		let signed = || RuntimeOrigin::signed(account(5));
		assert_noop!(
			Did::set_trusted_issuers(RuntimeOrigin::root(), SCHEMA, list(&[i1])),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Did::set_trusted_issuers(signed(), [1; 32], list(&[i1])),
			Error::SchemaNotFound
		);
		assert_noop!(
			Did::set_trusted_issuers(signed(), SCHEMA, list(&[i1, i1])),
			Error::DuplicateIssuer
		);
		assert_noop!(
			Did::set_trusted_issuers(signed(), SCHEMA, list(&[[9; 32]])),
			Error::InvalidIssuer
		);
		assert_noop!(
			Did::set_trusted_issuers(signed(), SCHEMA, list(&[])),
			Error::NoTrustedIssuerList
		);
		assert_noop!(
			Did::set_trusted_issuers(RuntimeOrigin::signed(account(99)), SCHEMA, list(&[i1])),
			Error::InsufficientBalance
		);
		// A DID key without authentication.
		let dao = create_ed_did(52, 2);
		let rel = Relationships(Relationships::ASSERTION_METHOD);
		assert_ok!(Did::add_verification_method(as_did(dao), dao, ed_key(53), rel));
		assert_noop!(
			Did::set_trusted_issuers(did_as(dao, 2, &account(5)), SCHEMA, list(&[i1])),
			Error::MissingRelationship
		);
	});
}

// ---------------------------------------------------------------------------------------------
// Attestations
// ---------------------------------------------------------------------------------------------

#[test]
fn attest_stores_the_claim_indexes_it_and_holds_the_deposit() {
	new_test_ext().execute_with(|| {
		let Setup { issuer, subject } = setup_claims();
		let expires = GENESIS_MS + 1_000;
		let claim = attest(issuer, 1, subject, Some(expires));
		System::assert_last_event(
			Event::Attested { claim_hash: claim, issuer, subject, schema: SCHEMA, status_index: 0 }
				.into(),
		);
		let a = Attestations::<Test>::get(claim).unwrap();
		assert_eq!((a.issuer, a.key_id, a.subject, a.schema), (issuer, 1, subject, SCHEMA));
		assert_eq!(
			(a.issued, a.expires, a.status.clone()),
			(GENESIS_MS, Some(expires), AttestationStatus::Active)
		);
		assert_eq!(a.depositor, account(4));
		assert_eq!(held(&account(4)), a.deposit);
		assert_eq!(a.deposit, Did::attestation_deposit(&a));
		assert_eq!(ClaimIndex::<Test>::get((subject, SCHEMA, issuer)), Some(claim));
		let second = attest(issuer, 2, subject, None);
		assert_eq!(Attestations::<Test>::get(second).unwrap().status_index, 1);
		assert_eq!(StatusListLength::<Test>::get(issuer), 2);
		// The newer attestation is the issuer's current claim.
		assert_eq!(ClaimIndex::<Test>::get((subject, SCHEMA, issuer)), Some(second));
	});
}

#[test]
fn attest_errors() {
	new_test_ext().execute_with(|| {
		let Setup { issuer, subject } = setup_claims();
		let attest_with = |origin, claim: u8, subject, schema, attributes, expires| {
			Did::attest(origin, [claim; 32], subject, schema, attributes, expires)
		};
		let o = || did_as(issuer, 1, &account(4));
		assert_noop!(
			attest_with(RuntimeOrigin::signed(account(4)), 1, subject, SCHEMA, kyc(1, b"SG"), None),
			DispatchError::BadOrigin
		);
		assert_noop!(
			attest_with(o(), 1, subject, [1; 32], kyc(1, b"SG"), None),
			Error::SchemaNotFound
		);
		assert_noop!(
			attest_with(o(), 1, [9; 32], SCHEMA, kyc(1, b"SG"), None),
			Error::SubjectNotFound
		);
		assert_noop!(
			attest_with(o(), 1, subject, SCHEMA, kyc(1, b"SG"), Some(GENESIS_MS)),
			Error::ExpiryInPast
		);
		assert_noop!(
			attest_with(o(), 1, subject, SCHEMA, kyc(1, b"sg"), None),
			Error::InvalidCountryCode
		);
		let bad_key = Attributes {
			extra: bvec_attr(&[extra(b"", AttributeValue::Bool(true))]),
			..kyc(1, b"SG")
		};
		assert_noop!(attest_with(o(), 1, subject, SCHEMA, bad_key, None), Error::InvalidAttribute);
		let bad_text = Attributes {
			extra: bvec_attr(&[extra(b"note", AttributeValue::Text(bvec(b"tab\there")))]),
			..kyc(1, b"SG")
		};
		assert_noop!(attest_with(o(), 1, subject, SCHEMA, bad_text, None), Error::InvalidAttribute);
		let bad_country = Attributes {
			extra: bvec_attr(&[extra(b"residence", AttributeValue::Country(*b"u1"))]),
			..kyc(1, b"SG")
		};
		assert_noop!(
			attest_with(o(), 1, subject, SCHEMA, bad_country, None),
			Error::InvalidCountryCode
		);
		let duplicate = Attributes {
			extra: bvec_attr(&[
				extra(b"level", AttributeValue::Uint(1)),
				extra(b"level", AttributeValue::Uint(2)),
			]),
			..kyc(1, b"SG")
		};
		assert_noop!(
			attest_with(o(), 1, subject, SCHEMA, duplicate, None),
			Error::DuplicateAttribute
		);
		assert_noop!(
			attest_with(did_as(issuer, 1, &account(99)), 1, subject, SCHEMA, kyc(1, b"SG"), None),
			Error::InsufficientBalance
		);
		let good_extra = Attributes {
			extra: bvec_attr(&[
				extra(b"residence", AttributeValue::Country(*b"DE")),
				extra(b"note", AttributeValue::Text(bvec(b"verified in person"))),
			]),
			..kyc(1, b"SG")
		};
		assert_ok!(attest_with(o(), 1, subject, SCHEMA, good_extra, None));
		assert_noop!(
			attest_with(o(), 1, subject, SCHEMA, kyc(1, b"SG"), None),
			Error::AttestationAlreadyExists
		);
		// A key without assertionMethod.
		assert_ok!(Did::add_verification_method(
			as_did(issuer),
			issuer,
			ed_key(70),
			Relationships(1)
		));
		assert_noop!(
			attest_with(did_as(issuer, 2, &account(4)), 2, subject, SCHEMA, kyc(1, b"SG"), None),
			Error::MissingRelationship
		);
	});
}

#[test]
fn revoke_suspend_and_unsuspend_follow_the_lifecycle() {
	new_test_ext().execute_with(|| {
		let Setup { issuer, subject } = setup_claims();
		let claim = attest(issuer, 1, subject, None);
		let o = || did_as(issuer, 1, &account(4));
		let bit = |purpose| Did::status_bit(&issuer, purpose, 0);
		assert_noop!(Did::unsuspend(o(), claim), Error::NotSuspended);
		set_now(GENESIS_MS + 7);
		assert_ok!(Did::suspend(o(), claim));
		System::assert_last_event(Event::Suspended { claim_hash: claim }.into());
		assert_eq!(
			Attestations::<Test>::get(claim).unwrap().status,
			AttestationStatus::Suspended { since: GENESIS_MS + 7 }
		);
		assert!(bit(StatusPurpose::Suspension) && !bit(StatusPurpose::Revocation));
		assert_noop!(Did::suspend(o(), claim), Error::AlreadySuspended);
		assert_ok!(Did::unsuspend(o(), claim));
		System::assert_last_event(Event::Unsuspended { claim_hash: claim }.into());
		assert!(!bit(StatusPurpose::Suspension));
		assert_ok!(Did::suspend(o(), claim));
		assert_ok!(Did::revoke(o(), claim));
		System::assert_last_event(Event::Revoked { claim_hash: claim }.into());
		assert_eq!(
			Attestations::<Test>::get(claim).unwrap().status,
			AttestationStatus::Revoked { at: GENESIS_MS + 7 }
		);
		assert!(bit(StatusPurpose::Revocation) && !bit(StatusPurpose::Suspension));
		assert_noop!(Did::revoke(o(), claim), Error::AlreadyRevoked);
		assert_noop!(Did::suspend(o(), claim), Error::AttestationRevoked);
		assert_noop!(Did::unsuspend(o(), claim), Error::AttestationRevoked);
	});
}

#[test]
fn only_the_issuer_changes_an_attestation() {
	new_test_ext().execute_with(|| {
		let Setup { issuer, subject } = setup_claims();
		let claim = attest(issuer, 1, subject, None);
		let other = create_ed_did(70, 2);
		for call in [Did::revoke, Did::suspend, Did::unsuspend] {
			assert_noop!(call(as_did(other), claim), Error::NotIssuer);
			assert_noop!(call(did_as(issuer, 1, &account(4)), [9; 32]), Error::AttestationNotFound);
			assert_noop!(call(RuntimeOrigin::signed(account(4)), claim), DispatchError::BadOrigin);
		}
		assert_ok!(Did::add_verification_method(
			as_did(issuer),
			issuer,
			ed_key(71),
			Relationships(1)
		));
		assert_noop!(
			Did::revoke(did_as(issuer, 2, &account(4)), claim),
			Error::MissingRelationship
		);
	});
}

#[test]
fn remove_attestation_returns_the_deposit_and_keeps_it_revoked() {
	new_test_ext().execute_with(|| {
		let Setup { issuer, subject } = setup_claims();
		let c1 = attest(issuer, 1, subject, None);
		let c2 = attest(issuer, 2, subject, None);
		let other = create_ed_did(70, 2);
		assert_noop!(Did::remove_attestation(as_did(other), c1), Error::NotIssuer);
		assert_noop!(
			Did::remove_attestation(RuntimeOrigin::signed(account(5)), c1),
			Error::NotAuthorized
		);
		assert_noop!(
			Did::remove_attestation(RuntimeOrigin::signed(account(4)), [9; 32]),
			Error::AttestationNotFound
		);
		assert_noop!(Did::remove_attestation(RuntimeOrigin::root(), c1), DispatchError::BadOrigin);
		// The depositor removes the older one: the index still points to the newer one.
		assert_ok!(Did::remove_attestation(RuntimeOrigin::signed(account(4)), c1));
		System::assert_last_event(Event::AttestationRemoved { claim_hash: c1 }.into());
		assert!(!Attestations::<Test>::contains_key(c1));
		assert!(Did::status_bit(&issuer, StatusPurpose::Revocation, 0));
		assert_eq!(ClaimIndex::<Test>::get((subject, SCHEMA, issuer)), Some(c2));
		// The issuer removes the current one.
		assert_ok!(Did::remove_attestation(did_as(issuer, 1, &account(1)), c2));
		assert!(ClaimIndex::<Test>::get((subject, SCHEMA, issuer)).is_none());
		assert!(Did::status_bit(&issuer, StatusPurpose::Revocation, 1));
		assert_eq!(held(&account(4)), 0);
	});
}

// ---------------------------------------------------------------------------------------------
// ClaimVerifier
// ---------------------------------------------------------------------------------------------

#[test]
fn valid_claims_for_accounts_and_dids() {
	new_test_ext().execute_with(|| {
		let Setup { issuer, subject } = setup_claims();
		assert_eq!(claim_of_account(&account(3)), None);
		attest(issuer, 1, subject, Some(GENESIS_MS + 1_000));
		let expected = ClaimAttributes {
			issuer,
			kyc_tier: 2,
			jurisdiction: Some(*b"SG"),
			accredited: true,
			expires_at: Some(GENESIS_MS + 1_000),
		};
		assert_eq!(claim_of_account(&account(3)), Some(expected.clone()));
		let by_did = Did::valid_claim(
			&ClaimSubject::Did(subject),
			&SCHEMA,
			IssuerPolicy::SchemaDefault,
			GENESIS_MS,
		);
		assert_eq!(by_did, Some(expected.clone()));
		assert_eq!(Did::did_of(&account(3)), Some(subject));
		// An unlinked account, another schema.
		assert_eq!(claim_of_account(&account(4)), None);
		let other_schema = Did::valid_claim(
			&ClaimSubject::Did(subject),
			&[1; 32],
			IssuerPolicy::SchemaDefault,
			GENESIS_MS,
		);
		assert_eq!(other_schema, None);
		// Consumer lists.
		let only = |list: &[DidId]| {
			Did::valid_claim(
				&ClaimSubject::Did(subject),
				&SCHEMA,
				IssuerPolicy::Only(list),
				GENESIS_MS,
			)
		};
		assert_eq!(only(&[issuer]), Some(expected));
		assert_eq!(only(&[[9; 32]]), None);
		assert_eq!(only(&[]), None);
	});
}

#[test]
fn expired_revoked_suspended_and_untrusted_claims_are_not_valid() {
	new_test_ext().execute_with(|| {
		let Setup { issuer, subject } = setup_claims();
		let claim = attest(issuer, 1, subject, Some(GENESIS_MS + 1_000));
		let at = |now| {
			Did::valid_claim(&ClaimSubject::Did(subject), &SCHEMA, IssuerPolicy::SchemaDefault, now)
		};
		assert!(at(GENESIS_MS + 999).is_some());
		assert!(at(GENESIS_MS + 1_000).is_none(), "expired at its expiry time");
		let o = || did_as(issuer, 1, &account(4));
		assert_ok!(Did::suspend(o(), claim));
		assert!(at(GENESIS_MS).is_none());
		assert_ok!(Did::unsuspend(o(), claim));
		assert!(at(GENESIS_MS).is_some());
		assert_ok!(Did::remove_schema_issuer(RuntimeOrigin::root(), SCHEMA, issuer));
		assert!(at(GENESIS_MS).is_none(), "issuer no longer trusted");
		assert_ok!(Did::add_schema_issuer(RuntimeOrigin::root(), SCHEMA, issuer));
		assert!(at(GENESIS_MS).is_some());
		assert_ok!(Did::revoke(o(), claim));
		assert!(at(GENESIS_MS).is_none());
	});
}

#[test]
fn a_claim_is_invalid_once_its_issuer_or_subject_is_deactivated() {
	new_test_ext().execute_with(|| {
		let Setup { issuer, subject } = setup_claims();
		attest(issuer, 1, subject, None);
		let valid = || {
			Did::valid_claim(
				&ClaimSubject::Did(subject),
				&SCHEMA,
				IssuerPolicy::Only(&[issuer]),
				GENESIS_MS,
			)
		};
		assert!(valid().is_some());
		assert_ok!(Did::deactivate_did(as_did(issuer), issuer));
		assert!(valid().is_none());

		let issuer2 = create_ed_did(51, 2);
		assert_ok!(Did::attest(
			did_as(issuer2, 1, &account(4)),
			[2; 32],
			subject,
			SCHEMA,
			kyc(1, b"DE"),
			None
		));
		let valid2 = || {
			Did::valid_claim(
				&ClaimSubject::Did(subject),
				&SCHEMA,
				IssuerPolicy::Only(&[issuer2]),
				GENESIS_MS,
			)
		};
		assert!(valid2().is_some());
		assert_ok!(Did::deactivate_did(as_did(subject), subject));
		assert!(valid2().is_none());
		assert_eq!(claim_of_account(&account(3)), None);
	});
}

/// Every trusted issuer's valid claim is listed, in the order of the trusted list, so that
/// compliance can look at all of them (issue 19); `valid_claim` answers with the first.
#[test]
fn every_trusted_issuers_valid_claim_is_listed() {
	new_test_ext().execute_with(|| {
		let Setup { issuer, subject } = setup_claims();
		let issuer2 = create_ed_did(51, 2);
		let claim = attest(issuer, 1, subject, None);
		assert_ok!(Did::attest(
			did_as(issuer2, 1, &account(4)),
			[2; 32],
			subject,
			SCHEMA,
			kyc(3, b"DE"),
			None
		));
		let subject = ClaimSubject::Did(subject);
		let all = |list: &[DidId]| {
			Did::valid_claims(&subject, &SCHEMA, IssuerPolicy::Only(list), GENESIS_MS)
				.iter()
				.map(|claim| (claim.issuer, claim.kyc_tier))
				.collect::<Vec<_>>()
		};
		assert_eq!(all(&[issuer2, issuer]), vec![(issuer2, 3), (issuer, 2)]);
		assert_eq!(all(&[issuer, issuer2]), vec![(issuer, 2), (issuer2, 3)]);
		let first =
			Did::valid_claim(&subject, &SCHEMA, IssuerPolicy::Only(&[issuer, issuer2]), GENESIS_MS);
		assert_eq!(first.map(|claim| claim.issuer), Some(issuer));
		// An untrusted issuer's claim is not listed, a revoked one no longer.
		assert_eq!(all(&[issuer2]), vec![(issuer2, 3)]);
		assert_ok!(Did::revoke(did_as(issuer, 1, &account(4)), claim));
		assert_eq!(all(&[issuer, issuer2]), vec![(issuer2, 3)]);
	});
}

#[test]
fn ethereum_addresses_map_to_their_accounts_for_the_precompile() {
	new_test_ext().execute_with(|| {
		let Setup { issuer, .. } = setup_claims();
		let key = DidPublicKey::EthereumAddress(ETH_ADDRESS);
		let proof = sign_eth(&Did::create_proof_payload(&key, &account(1)));
		assert_ok!(Did::create_did(RuntimeOrigin::signed(account(1)), key.clone(), Some(proof)));
		let did = key.did_id();
		assert_eq!(Did::ethereum_account(&ETH_ADDRESS), Some(AccountId::new(did)));
		assert_eq!(Did::valid_claim_of_ethereum_address(&ETH_ADDRESS, &SCHEMA), None);
		attest(issuer, 1, did, None);
		let claim = Did::valid_claim_of_ethereum_address(&ETH_ADDRESS, &SCHEMA).expect("valid");
		assert_eq!((claim.issuer, claim.kyc_tier), (issuer, 2));
		assert_eq!(Did::valid_claim_of_ethereum_address(&[1; 20], &SCHEMA), None);
	});
}

#[cfg(feature = "runtime-benchmarks")]
#[test]
fn set_valid_claim_gives_other_pallets_benchmarks_a_valid_claim() {
	new_test_ext().execute_with(|| {
		let attributes = ClaimAttributes {
			issuer: [42; 32],
			kyc_tier: 2,
			jurisdiction: Some(*b"US"),
			accredited: true,
			expires_at: None,
		};
		Did::set_valid_claim(&account(3), &SCHEMA, attributes.clone());
		assert_eq!(claim_of_account(&account(3)), Some(attributes.clone()));
		// Again for another schema and the same account.
		Did::set_valid_claim(&account(3), &[8; 32], attributes.clone());
		let other = Did::valid_claim(
			&ClaimSubject::Account(account(3)),
			&[8; 32],
			IssuerPolicy::SchemaDefault,
			Did::now(),
		);
		assert_eq!(other, Some(attributes));
	});
}

#[cfg(feature = "runtime-benchmarks")]
#[test]
fn ensure_did_origin_has_a_successful_origin_for_benchmarks() {
	new_test_ext().execute_with(|| {
		type Assert = EnsureDidOrigin<Test, { Relationships::ASSERTION_METHOD }>;
		let origin = Assert::try_successful_origin().expect("a DID origin");
		assert!(Assert::try_origin(origin.clone()).is_ok());
		assert!(EnsureDidOrigin::<Test>::try_origin(origin).is_ok());
	});
}

// ---------------------------------------------------------------------------------------------
// Resolver queries (runtime API)
// ---------------------------------------------------------------------------------------------

#[test]
fn resolve_returns_the_document_with_retired_keys_and_metadata() {
	new_test_ext().execute_with(|| {
		assert_eq!(Did::resolve(&[1; 32]), None);
		let did = create_ed_did(1, 2);
		let all = Relationships(Relationships::SIGNING);
		assert_ok!(Did::add_verification_method(as_did(did), did, ed_key(2), all));
		set_now(GENESIS_MS + 60_000);
		assert_ok!(Did::remove_verification_method(did_as(did, 2, &account(1)), did, 1));
		assert_ok!(Did::add_service(
			did_as(did, 2, &account(1)),
			did,
			bvec(b"web"),
			bvec(b"LinkedDomains"),
			bvec(b"https://a.example")
		));
		let Some(runtime_api::DidResolution::Active(doc)) = Did::resolve(&did) else {
			panic!("live DID");
		};
		assert_eq!(doc.verification_methods.iter().map(|m| m.id).collect::<Vec<_>>(), vec![2]);
		assert_eq!(
			doc.retired_keys.iter().map(|r| (r.id, r.retired)).collect::<Vec<_>>(),
			vec![(1, GENESIS_MS + 60_000)]
		);
		assert_eq!(doc.services[0].endpoint, b"https://a.example".to_vec());
		assert_eq!((doc.created, doc.updated, doc.version), (GENESIS_MS, GENESIS_MS + 60_000, 4));
		assert_eq!((doc.deposit_owner, doc.deposit), (account(2), record(did).deposit));
	});
}

#[test]
fn credential_status_and_status_lists() {
	new_test_ext().execute_with(|| {
		let Setup { issuer, subject } = setup_claims();
		assert_eq!(Did::credential_status(&[1; 32]), None);
		// Each attestation supersedes (revokes) the one before it.
		let claims: Vec<ClaimHash> = (1..=10).map(|n| attest(issuer, n, subject, None)).collect();
		let status = Did::credential_status(&claims[8]).unwrap();
		assert_eq!(
			(status.status_index, status.revocation_bit, status.valid_now),
			(8, true, false)
		);
		assert_ok!(Did::suspend(did_as(issuer, 1, &account(4)), claims[9]));
		let status = Did::credential_status(&claims[9]).unwrap();
		assert_eq!(
			(status.status_index, status.suspension_bit, status.revocation_bit, status.valid_now),
			(9, true, false, false)
		);
		assert_ok!(Did::unsuspend(did_as(issuer, 1, &account(4)), claims[9]));
		let status = Did::credential_status(&claims[9]).unwrap();
		assert_eq!(
			(status.issuer, status.subject, status.kyc_tier, status.valid_now),
			(issuer, subject, 2, true)
		);
		assert_ok!(Did::suspend(did_as(issuer, 1, &account(4)), claims[9]));
		let revocation = Did::status_list(&issuer, StatusPurpose::Revocation, 0, 10);
		assert_eq!(
			(revocation.length, revocation.first_chunk, revocation.bits.len()),
			(10, 0, STATUS_CHUNK_BYTES)
		);
		assert_eq!(&revocation.bits[..2], &[0xff, 0b1000_0000]);
		let suspension = Did::status_list(&issuer, StatusPurpose::Suspension, 0, 10);
		assert_eq!(&suspension.bits[..2], &[0, 0b0100_0000]);
		assert!(Did::status_list(&issuer, StatusPurpose::Revocation, 1, 10).bits.is_empty());
		assert!(Did::status_list(&[9; 32], StatusPurpose::Revocation, 0, 10).bits.is_empty());
	});
}

#[test]
fn status_bits_beyond_the_first_chunk() {
	new_test_ext().execute_with(|| {
		let Setup { issuer, subject } = setup_claims();
		StatusListLength::<Test>::insert(issuer, STATUS_CHUNK_BITS + 2);
		let claim = attest(issuer, 1, subject, None);
		let index = STATUS_CHUNK_BITS + 2;
		assert_eq!(Attestations::<Test>::get(claim).unwrap().status_index, index);
		assert_ok!(Did::revoke(did_as(issuer, 1, &account(4)), claim));
		assert!(Did::status_bit(&issuer, StatusPurpose::Revocation, index));
		assert!(!Did::status_bit(&issuer, StatusPurpose::Revocation, index - 1));
		let list = Did::status_list(&issuer, StatusPurpose::Revocation, 0, 5);
		assert_eq!(list.bits.len(), 2 * STATUS_CHUNK_BYTES);
		assert_eq!(list.bits[STATUS_CHUNK_BYTES], 0b0010_0000);
		StatusListLength::<Test>::insert(issuer, u32::MAX);
		assert_noop!(
			Did::attest(
				did_as(issuer, 1, &account(4)),
				[2; 32],
				subject,
				SCHEMA,
				kyc(1, b"SG"),
				None
			),
			Error::StatusListFull
		);
	});
}

#[test]
fn the_hold_is_a_real_hold() {
	new_test_ext().execute_with(|| {
		create_ed_did(1, 2);
		let deposit = held(&account(2));
		// The held amount cannot be transferred away.
		assert_noop!(
			<Balances as Mutate<_>>::transfer(
				&account(2),
				&account(3),
				INITIAL_BALANCE - deposit + 1,
				polkadot_sdk::frame_support::traits::tokens::Preservation::Expendable
			),
			TokenError::FundsUnavailable
		);
	});
}

// ---------------------------------------------------------------------------------------------
// Property test: deposits held equal the deposits owed by live items.
// ---------------------------------------------------------------------------------------------

mod deposits_property {
	use super::*;
	use proptest::prelude::*;

	const ACCOUNTS: u8 = 5;
	const KEYS: u8 = 4;

	#[derive(Clone, Debug)]
	enum Op {
		Create { key: u8, payer: u8 },
		AddKey { did: u8, key: u8, submitter: u8 },
		RemoveKey { did: u8, key_id: u32 },
		AddService { did: u8, n: u8 },
		RemoveService { did: u8, n: u8 },
		SetAka { did: u8, count: u8 },
		Deactivate { did: u8 },
		ChangeOwner { did: u8, to: u8 },
		Link { did: u8, account: u8 },
		Unlink { account: u8 },
		RegisterSchema { n: u8, payer: u8 },
		SetTrusted { consumer: u8, schema: u8, issuers: u8 },
		Attest { issuer: u8, subject: u8, schema: u8, claim: u8, submitter: u8 },
		Revoke { issuer: u8, claim: u8 },
		Remove { claim: u8, by_depositor: bool, account: u8 },
	}

	fn op() -> impl Strategy<Value = Op> {
		let a = 1..=ACCOUNTS;
		let k = 0..KEYS;
		prop_oneof![
			3 => (k.clone(), a.clone()).prop_map(|(key, payer)| Op::Create { key, payer }),
			3 => (k.clone(), 10u8..14, a.clone()).prop_map(|(did, key, submitter)| Op::AddKey { did, key, submitter }),
			3 => (k.clone(), 1u32..5).prop_map(|(did, key_id)| Op::RemoveKey { did, key_id }),
			3 => (k.clone(), 0u8..4).prop_map(|(did, n)| Op::AddService { did, n }),
			3 => (k.clone(), 0u8..4).prop_map(|(did, n)| Op::RemoveService { did, n }),
			3 => (k.clone(), 0u8..3).prop_map(|(did, count)| Op::SetAka { did, count }),
			1 => k.clone().prop_map(|did| Op::Deactivate { did }),
			3 => (k.clone(), a.clone()).prop_map(|(did, to)| Op::ChangeOwner { did, to }),
			3 => (k.clone(), a.clone()).prop_map(|(did, account)| Op::Link { did, account }),
			3 => a.clone().prop_map(|account| Op::Unlink { account }),
			3 => (0u8..3, a.clone()).prop_map(|(n, payer)| Op::RegisterSchema { n, payer }),
			3 => (a.clone(), 0u8..3, 0u8..16).prop_map(|(consumer, schema, issuers)| Op::SetTrusted { consumer, schema, issuers }),
			3 => (k.clone(), k.clone(), 0u8..3, 0u8..6, a.clone()).prop_map(|(issuer, subject, schema, claim, submitter)| Op::Attest { issuer, subject, schema, claim, submitter }),
			3 => (k.clone(), 0u8..6).prop_map(|(issuer, claim)| Op::Revoke { issuer, claim }),
			3 => (0u8..6, any::<bool>(), a).prop_map(|(claim, by_depositor, account)| Op::Remove { claim, by_depositor, account }),
		]
	}

	fn did_of_seed(seed: u8) -> DidId {
		ed_key(seed + 1).did_id()
	}

	/// Applies `op`; returns its kind and whether it succeeded.
	fn apply(op: Op) -> (&'static str, bool) {
		let o = |did: u8, submitter: u8| did_as(did_of_seed(did), 1, &account(submitter));
		let kind = op.kind();
		let result = match op {
			Op::Create { key, payer } => {
				let pair = ed_pair(key + 1);
				let public = DidPublicKey::Ed25519(pair.public().0);
				let proof = pair.sign(&Did::create_proof_payload(&public, &account(payer))).0;
				Did::create_did(
					RuntimeOrigin::signed(account(payer)),
					public,
					Some(DidSignature::Ed25519(proof)),
				)
			},
			Op::AddKey { did, key, submitter } => Did::add_verification_method(
				o(did, submitter),
				did_of_seed(did),
				ed_key(key),
				Relationships(3 | ((key % 2) * Relationships::CAPABILITY_INVOCATION)),
			),
			Op::RemoveKey { did, key_id } => {
				Did::remove_verification_method(o(did, 1), did_of_seed(did), key_id)
			},
			Op::AddService { did, n } => Did::add_service(
				o(did, 1),
				did_of_seed(did),
				bvec(alloc::format!("s{n}").as_bytes()),
				bvec(b"LinkedDomains"),
				bvec(alloc::format!("https://{n}.example").as_bytes()),
			),
			Op::RemoveService { did, n } => Did::remove_service(
				o(did, 1),
				did_of_seed(did),
				bvec(alloc::format!("s{n}").as_bytes()),
			),
			Op::SetAka { did, count } => {
				let uris: Vec<UriOf<Test>> = (0..count)
					.map(|i| bvec(alloc::format!("https://aka{i}.example").as_bytes()))
					.collect();
				Did::set_also_known_as(
					o(did, 1),
					did_of_seed(did),
					BoundedVec::try_from(uris).unwrap(),
				)
			},
			Op::Deactivate { did } => {
				Did::deactivate_did(o(did, 1), did_of_seed(did)).map(|_| ()).map_err(|e| e.error)
			},
			Op::ChangeOwner { did, to } => Did::change_deposit_owner(o(did, to), did_of_seed(did)),
			Op::Link { did, account } => Did::link_account(o(did, account), did_of_seed(did)),
			Op::Unlink { account: who } => {
				Did::remove_account_link(RuntimeOrigin::signed(account(who)))
			},
			Op::RegisterSchema { n, payer } => Did::register_schema(
				RuntimeOrigin::signed(account(payer)),
				[n; 32],
				bvec(SCHEMA_URI),
			),
			Op::SetTrusted { consumer, schema, issuers } => {
				let list: Vec<DidId> = (0..KEYS)
					.filter(|i| issuers & (1 << i) != 0)
					.map(did_of_seed)
					.take(3)
					.collect();
				Did::set_trusted_issuers(
					RuntimeOrigin::signed(account(consumer)),
					[schema; 32],
					BoundedVec::try_from(list).unwrap(),
				)
			},
			Op::Attest { issuer, subject, schema, claim, submitter } => Did::attest(
				o(issuer, submitter),
				[claim + 100; 32],
				did_of_seed(subject),
				[schema; 32],
				kyc(1, b"SG"),
				None,
			),
			Op::Revoke { issuer, claim } => Did::revoke(o(issuer, 1), [claim + 100; 32]),
			Op::Remove { claim, by_depositor, account: who } => {
				let claim_hash = [claim + 100; 32];
				let origin = match (by_depositor, Attestations::<Test>::get(claim_hash)) {
					(true, _) => RuntimeOrigin::signed(account(who)),
					(false, Some(a)) => did_as(a.issuer, 1, &account(who)),
					(false, None) => RuntimeOrigin::signed(account(who)),
				};
				Did::remove_attestation(origin, claim_hash)
			},
		};
		(kind, result.is_ok())
	}

	impl Op {
		fn kind(&self) -> &'static str {
			match self {
				Op::Create { .. } => "create_did",
				Op::AddKey { .. } => "add_verification_method",
				Op::RemoveKey { .. } => "remove_verification_method",
				Op::AddService { .. } => "add_service",
				Op::RemoveService { .. } => "remove_service",
				Op::SetAka { .. } => "set_also_known_as",
				Op::Deactivate { .. } => "deactivate_did",
				Op::ChangeOwner { .. } => "change_deposit_owner",
				Op::Link { .. } => "link_account",
				Op::Unlink { .. } => "unlink_account",
				Op::RegisterSchema { .. } => "register_schema",
				Op::SetTrusted { .. } => "set_trusted_issuers",
				Op::Attest { .. } => "attest",
				Op::Revoke { .. } => "revoke",
				Op::Remove { .. } => "remove_attestation",
			}
		}
	}

	/// Every account's held deposit equals what the live items it pays for owe, and every
	/// item's recorded deposit is what its current size costs.
	fn check_invariant() {
		for n in 1..=ACCOUNTS {
			let who = account(n);
			let mut owed: Balance = 0;
			for (_, r) in Dids::<Test>::iter() {
				assert_eq!(r.deposit, Did::did_deposit(&r));
				if r.deposit_owner == who {
					owed += r.deposit;
				}
			}
			if let Some(link) = AccountLinks::<Test>::get(&who) {
				assert_eq!(link.deposit, Did::link_deposit(&who));
				owed += link.deposit;
			}
			owed += Schemas::<Test>::iter()
				.filter(|(_, s)| s.registrant == who)
				.map(|(_, s)| s.deposit)
				.sum::<Balance>();
			owed += ConsumerIssuers::<Test>::iter()
				.filter(|(_, _, l)| l.depositor == who)
				.map(|(_, _, l)| l.deposit)
				.sum::<Balance>();
			for (_, a) in Attestations::<Test>::iter() {
				assert_eq!(a.deposit, Did::attestation_deposit(&a));
				if a.depositor == who {
					owed += a.deposit;
				}
			}
			assert_eq!(held(&who), owed, "account {n}");
		}
		// Every link is listed under its DID and the DID is live.
		for (who, link) in AccountLinks::<Test>::iter() {
			assert!(Dids::<Test>::contains_key(link.did));
			assert!(LinkedAccounts::<Test>::get(link.did).contains(&who));
		}
	}

	/// Random operations keep the deposits and `try_state` invariants, and enough of each
	/// kind succeed (fixed seed) for that to mean something.
	#[test]
	fn deposits_held_equal_deposits_owed() {
		let successes = mooring_test_support::run_counted(
			64,
			proptest::collection::vec(op(), 1..80),
			|ops, record| {
				new_test_ext().execute_with(|| {
					for n in 0..KEYS {
						apply(Op::Create { key: n, payer: n + 1 });
					}
					for n in 0..3 {
						apply(Op::RegisterSchema { n, payer: ACCOUNTS });
					}
					check_invariant();
					for op in ops {
						let (kind, ok) = apply(op);
						record(kind, ok);
						check_invariant();
						Did::do_try_state().expect("try_state holds");
					}
				});
				Ok(())
			},
		);
		// About half of what the fixed seed gives; DIDs and schemas are created in the setup.
		mooring_test_support::assert_floors(
			&successes,
			&[
				("add_service", 70),
				("add_verification_method", 75),
				("attest", 60),
				("change_deposit_owner", 65),
				("deactivate_did", 35),
				("link_account", 60),
				("remove_attestation", 9),
				("remove_service", 8),
				("remove_verification_method", 12),
				("revoke", 3),
				("set_also_known_as", 80),
				("set_trusted_issuers", 70),
				("unlink_account", 13),
			],
		);
	}
}

// ---------------------------------------------------------------------------------------------
// Issue 19: attestations that agree with their status, deposits that cannot be locked
// ---------------------------------------------------------------------------------------------

#[test]
fn a_new_attestation_supersedes_the_issuers_earlier_one() {
	new_test_ext().execute_with(|| {
		let Setup { issuer, subject } = setup_claims();
		let older = attest(issuer, 1, subject, None);
		let newer = attest(issuer, 2, subject, None);
		System::assert_has_event(Event::Superseded { claim_hash: older, by: newer }.into());
		assert!(matches!(
			Attestations::<Test>::get(older).unwrap().status,
			AttestationStatus::Revoked { .. }
		));
		let status = Did::credential_status(&older).unwrap();
		assert_eq!((status.revocation_bit, status.valid_now), (true, false));
		// Removing the newest leaves no claim, and the status list agrees: nothing valid.
		assert_ok!(Did::remove_attestation(did_as(issuer, 1, &account(1)), newer));
		assert_eq!(claim_of_account(&account(3)), None);
		assert!(!Did::credential_status(&older).unwrap().valid_now);
	});
}

#[test]
fn a_depositor_cannot_remove_an_attestation_in_force() {
	new_test_ext().execute_with(|| {
		let Setup { issuer, subject } = setup_claims();
		let depositor = || RuntimeOrigin::signed(account(4));
		let claim = attest(issuer, 1, subject, Some(GENESIS_MS + 1_000));
		assert_noop!(Did::remove_attestation(depositor(), claim), Error::AttestationInForce);
		// A suspension does not end it.
		assert_ok!(Did::suspend(did_as(issuer, 1, &account(4)), claim));
		assert_noop!(Did::remove_attestation(depositor(), claim), Error::AttestationInForce);
		// Expired, it may go.
		set_now(GENESIS_MS + 1_000);
		assert_ok!(Did::remove_attestation(depositor(), claim));
		assert_eq!(held(&account(4)), 0);

		// So may one whose issuer is gone.
		let other = create_ed_did(61, 3);
		let claim = {
			assert_ok!(Did::attest(
				did_as(issuer, 1, &account(4)),
				[2; 32],
				other,
				SCHEMA,
				kyc(2, b"SG"),
				None
			));
			[2; 32]
		};
		assert_noop!(Did::remove_attestation(depositor(), claim), Error::AttestationInForce);
		assert_ok!(Did::deactivate_did(as_did(issuer), issuer));
		assert_ok!(Did::remove_attestation(depositor(), claim));
	});
}

#[test]
fn a_compromised_key_voids_what_it_signed_from_then_on() {
	new_test_ext().execute_with(|| {
		let Setup { issuer, subject } = setup_claims();
		let second = create_ed_did(61, 3);
		let before = attest(issuer, 1, subject, None);
		set_now(GENESIS_MS + 5_000);
		let after = [2; 32];
		assert_ok!(Did::attest(
			did_as(issuer, 1, &account(4)),
			after,
			second,
			SCHEMA,
			kyc(2, b"SG"),
			None
		));
		// Rotate: key 2 in, key 1 out (retired), then report key 1 compromised from 5 s on.
		let all = Relationships(27);
		assert_ok!(Did::add_verification_method(as_did(issuer), issuer, ed_key(2), all));
		set_now(GENESIS_MS + 9_000);
		let by_key_2 = || did_as(issuer, 2, &account(1));
		assert_noop!(
			Did::report_key_compromise(by_key_2(), issuer, 1, GENESIS_MS + 5_000),
			Error::RetiredKeyNotFound
		);
		assert_ok!(Did::remove_verification_method(by_key_2(), issuer, 1));
		assert_noop!(
			Did::report_key_compromise(by_key_2(), issuer, 1, GENESIS_MS + 9_001),
			Error::CompromiseAfterRetirement
		);
		let stranger = create_ed_did(62, 3);
		assert_noop!(
			Did::report_key_compromise(as_did(stranger), issuer, 1, GENESIS_MS + 5_000),
			Error::NotAuthorized
		);
		assert!(Did::credential_status(&after).unwrap().valid_now);
		assert_ok!(Did::report_key_compromise(by_key_2(), issuer, 1, GENESIS_MS + 5_000));
		System::assert_last_event(
			Event::KeyCompromised { did: issuer, key_id: 1, since: GENESIS_MS + 5_000 }.into(),
		);
		let status = Did::credential_status(&after).unwrap();
		assert_eq!((status.key_compromised, status.valid_now), (true, false));
		let subject_of = |did| ClaimSubject::Did(did);
		let valid = |did| {
			Did::valid_claim(&subject_of(did), &SCHEMA, IssuerPolicy::SchemaDefault, Did::now())
		};
		assert_eq!(valid(second), None);
		// What it signed before the compromise stands.
		assert!(valid(subject).is_some());
		assert!(!Did::credential_status(&before).unwrap().key_compromised);
		// A later report does not move the start back; the key stays on record.
		assert_ok!(Did::report_key_compromise(by_key_2(), issuer, 1, GENESIS_MS + 8_000));
		assert_eq!(record(issuer).retired_keys[0].compromised_since, Some(GENESIS_MS + 5_000));
		assert_noop!(Did::forget_retired_key(by_key_2(), issuer, 1), Error::KeyCompromised);
		// A voided attestation is out of force: its depositor may take its deposit back, not
		// so one signed before the compromise.
		let depositor = || RuntimeOrigin::signed(account(4));
		assert_noop!(Did::remove_attestation(depositor(), before), Error::AttestationInForce);
		assert_ok!(Did::remove_attestation(depositor(), after));
	});
}

#[test]
fn a_deactivated_dids_issuer_lists_return_their_deposits() {
	new_test_ext().execute_with(|| {
		let issuer = create_ed_did(50, 2);
		register_schema(SCHEMA);
		let dao = create_ed_did(52, 2);
		let list = BoundedVec::try_from(vec![issuer]).unwrap();
		assert_ok!(Did::set_trusted_issuers(did_as(dao, 1, &account(6)), SCHEMA, list));
		assert!(held(&account(6)) > 0);
		let anyone = || RuntimeOrigin::signed(account(9));
		assert_noop!(
			Did::remove_deactivated_issuer_list(anyone(), dao, SCHEMA),
			Error::ConsumerNotDeactivated
		);
		assert_ok!(Did::deactivate_did(as_did(dao), dao));
		assert_noop!(
			Did::remove_deactivated_issuer_list(anyone(), dao, [8; 32]),
			Error::NoTrustedIssuerList
		);
		assert_ok!(Did::remove_deactivated_issuer_list(anyone(), dao, SCHEMA));
		assert_eq!(held(&account(6)), 0);
		assert!(Did::trusted_issuers(&Consumer::Did(dao), &SCHEMA).is_empty());
	});
}

#[test]
fn a_did_whose_only_controller_is_gone_can_be_deactivated_by_its_deposit_owner() {
	new_test_ext().execute_with(|| {
		let controller = create_ed_did(71, 3);
		// Two DIDs give up their own capability key to the controller: one keeps only an
		// authentication key, the other also an assertion key (it issues claims).
		let (inert, issuer) = (create_ed_did(70, 2), create_ed_did(72, 2));
		for (did, relationships) in [(inert, 1), (issuer, 3)] {
			assert_ok!(Did::add_controller(as_did(did), did, controller));
			assert_ok!(Did::set_relationships(as_did(did), did, 1, Relationships(relationships)));
		}
		let owner = || RuntimeOrigin::signed(account(2));
		assert_noop!(Did::deactivate_orphaned_did(owner(), inert), Error::NotOrphaned);
		assert_ok!(Did::deactivate_did(as_did(controller), controller));
		// Nobody can change or deactivate them now, except through this call.
		assert_noop!(Did::deactivate_did(as_did(controller), inert), Error::DidDeactivated);
		assert_noop!(Did::deactivate_did(as_did(inert), inert), Error::MissingRelationship);
		assert_noop!(
			Did::deactivate_orphaned_did(RuntimeOrigin::signed(account(3)), inert),
			Error::NotDepositOwner
		);
		// The issuer's claims rely on it: its deposit owner cannot void them.
		assert_noop!(Did::deactivate_orphaned_did(owner(), issuer), Error::StillRelied);
		let before = held(&account(2));
		assert_ok!(Did::deactivate_orphaned_did(owner(), inert));
		assert!(held(&account(2)) < before);
		assert!(DeactivatedDids::<Test>::contains_key(inert));
		assert!(Dids::<Test>::contains_key(issuer));
	});
}
