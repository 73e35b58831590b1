//! Benchmarks of the DID pallet (FRAME benchmarks v2). Every call runs on its worst case: DID
//! records filled to their bounds, the longest strings, the most expensive signature checks.

#![cfg(feature = "runtime-benchmarks")]

use super::*;
use alloc::{boxed::Box, vec, vec::Vec};
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{
		fungible::{Inspect, InspectHold, MutateHold, Unbalanced},
		tokens::Precision,
		EnsureOrigin, Get,
	},
	BoundedVec,
};
use frame_system::{pallet_prelude::OriginFor, RawOrigin};
use sp_core::crypto::KeyTypeId;
use sp_runtime::traits::{Bounded, Saturating, Zero};

const SEED: u32 = 0;
const KEY_TYPE: KeyTypeId = KeyTypeId(*b"didk");

fn assert_last_event<T: Config>(event: Event<T>) {
	frame_system::Pallet::<T>::assert_last_event(<T as Config>::RuntimeEvent::from(event).into());
}

/// An account with plenty of free balance for deposits.
fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who: T::AccountId = account(name, index, SEED);
	let amount = Pallet::<T>::deposit_for(10_000, 10_000_000)
		.saturating_add(T::Currency::minimum_balance().saturating_mul(1_000u32.into()));
	let _ = <T::Currency as Unbalanced<_>>::increase_balance(&who, amount, Precision::BestEffort);
	who
}

fn bounded<S: Get<u32>>(fill: u8, first: u8) -> BoundedVec<u8, S> {
	let mut bytes = vec![fill; S::get() as usize];
	if let Some(b) = bytes.first_mut() {
		*b = first;
	}
	BoundedVec::truncate_from(bytes)
}

/// A URI of the maximum length, distinct per `n`.
fn long_uri<T: Config>(n: u8) -> UriOf<T> {
	let mut bytes = b"https://".to_vec();
	bytes.resize(T::MaxUriLength::get() as usize, b'a' + n % 26);
	BoundedVec::truncate_from(bytes)
}

/// A service id of the maximum length, distinct per `n`.
fn long_id<T: Config>(n: u8) -> BoundedVec<u8, T::MaxIdLength> {
	bounded::<T::MaxIdLength>(b'a' + n % 26, b'A' + n % 26)
}

fn filler_key(n: u32) -> DidPublicKey {
	let mut key = [0x5a; 32];
	key[..4].copy_from_slice(&n.to_le_bytes());
	DidPublicKey::Ed25519(key)
}

/// Stores a DID whose key 1 is `key` with every signing relationship, paid by `owner`. With
/// `full`, every list is filled to one below its bound (`alsoKnownAs` to its bound); filler
/// keys have ever been assertion keys.
fn insert_did<T: Config>(key: DidPublicKey, owner: &T::AccountId, full: bool) -> DidId {
	let did = key.did_id();
	let first = VerificationMethod {
		id: 1,
		key,
		relationships: Relationships(Relationships::SIGNING),
		ever_asserted: true,
		added: 0,
	};
	let mut record = DidRecord::<T> {
		controllers: BoundedVec::new(),
		verification_methods: BoundedVec::truncate_from(vec![first]),
		retired_keys: BoundedVec::new(),
		services: BoundedVec::new(),
		also_known_as: BoundedVec::new(),
		next_key_id: 2,
		created: 0,
		updated: 0,
		version: 1,
		deposit_owner: owner.clone(),
		deposit: Zero::zero(),
	};
	if full {
		fill_record(&mut record);
	}
	record.deposit = Pallet::<T>::did_deposit(&record);
	T::Currency::hold(&HoldReason::StorageDeposit.into(), owner, record.deposit)
		.expect("owner is funded");
	Dids::<T>::insert(did, record);
	did
}

fn fill_record<T: Config>(record: &mut DidRecord<T>) {
	for n in 0..T::MaxControllers::get().saturating_sub(1) {
		let _ = record.controllers.try_push(filler_key(1_000 + n).did_id());
	}
	for n in 0..T::MaxVerificationMethods::get().saturating_sub(2) {
		let id = record.next_key_id;
		record.next_key_id += 1;
		let rel = Relationships(Relationships::AUTHENTICATION | Relationships::ASSERTION_METHOD);
		let method = VerificationMethod {
			id,
			key: filler_key(n),
			relationships: rel,
			ever_asserted: true,
			added: 0,
		};
		let _ = record.verification_methods.try_push(method);
	}
	for n in 0..T::MaxRetiredKeys::get().saturating_sub(1) {
		let id = record.next_key_id;
		record.next_key_id += 1;
		let retired = RetiredKey {
			id,
			key: filler_key(2_000 + n),
			added: 0,
			retired: 0,
			compromised_since: None,
		};
		let _ = record.retired_keys.try_push(retired);
	}
	for n in 0..T::MaxServices::get().saturating_sub(1) {
		let service = Service {
			id: long_id::<T>(n as u8),
			service_type: long_id::<T>(n as u8),
			endpoint: long_uri::<T>(n as u8),
		};
		let _ = record.services.try_push(service);
	}
	for n in 0..T::MaxAlsoKnownAs::get() {
		let _ = record.also_known_as.try_push(long_uri::<T>(n as u8));
	}
}

/// A full DID (see [`insert_did`]) with an Ed25519 key from the keystore, its owner and an
/// origin of it with key 1.
fn full_did<T: Config>() -> (DidId, T::AccountId, OriginFor<T>) {
	let owner = funded::<T>("owner", 0);
	let key = DidPublicKey::Ed25519(sp_io::crypto::ed25519_generate(KEY_TYPE, None).0);
	let did = insert_did::<T>(key, &owner, true);
	let origin = did_origin::<T>(did, &owner);
	(did, owner, origin)
}

/// The origin of a DID-authorised call of `did` with key 1.
fn did_origin<T: Config>(did: DidId, submitter: &T::AccountId) -> OriginFor<T> {
	Pallet::<T>::did_runtime_origin(DidOrigin { did, key_id: 1, submitter: submitter.clone() })
}

/// A live DID with a key-store Ed25519 key (not full), paid by a fresh funded account.
fn simple_did<T: Config>(index: u32) -> DidId {
	let owner = funded::<T>("simple", index);
	let key = DidPublicKey::Ed25519(sp_io::crypto::ed25519_generate(KEY_TYPE, None).0);
	insert_did::<T>(key, &owner, false)
}

fn setup_schema<T: Config>(schema: SchemaId) {
	let registrant = funded::<T>("registrant", 0);
	Pallet::<T>::register_schema(RawOrigin::Signed(registrant).into(), schema, long_uri::<T>(0))
		.expect("schema registers");
}

fn max_attributes<T: Config>(extra: u32) -> AttributesOf<T> {
	let items: Vec<ExtraAttribute> = (0..extra)
		.map(|n| ExtraAttribute {
			key: bounded::<MaxAttributeLength>(b'k', b'a' + n as u8),
			value: AttributeValue::Text(bounded::<MaxAttributeLength>(b't', b't')),
		})
		.collect();
	Attributes {
		kyc_tier: 3,
		jurisdiction: Some(*b"SG"),
		accredited: true,
		extra: BoundedVec::truncate_from(items),
	}
}

/// An issuer (full DID), a subject, a schema and one active attestation; returns the issuer
/// origin and the claim hash.
fn attested<T: Config>() -> (OriginFor<T>, ClaimHash) {
	let (issuer, owner, origin) = full_did::<T>();
	let subject = simple_did::<T>(1);
	let schema = [1u8; 32];
	setup_schema::<T>(schema);
	let claim_hash = [9u8; 32];
	let attributes = max_attributes::<T>(T::MaxExtraAttributes::get());
	Pallet::<T>::attest(origin.clone(), claim_hash, subject, schema, attributes, Some(u64::MAX))
		.expect("attests");
	let _ = (issuer, owner);
	(origin, claim_hash)
}

/// A DID-authorised remark call of a full DID whose key `key_id` is `key`, for `submitter`.
fn remark_did_call<T: Config>(
	key: DidPublicKey,
	submitter: &T::AccountId,
) -> (DidCallOf<T>, DidId) {
	let owner = funded::<T>("owner", 1);
	let did = insert_did::<T>(key, &owner, true);
	let remark: <T as Config>::RuntimeCall =
		frame_system::Call::<T>::remark { remark: vec![] }.into();
	let did_call = DidAuthorizedCall {
		did,
		key_id: 1,
		call: remark,
		nonce: 1,
		expires_at: frame_system::pallet_prelude::BlockNumberFor::<T>::max_value(),
		submitter: submitter.clone(),
	};
	(did_call, did)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn create_did() {
		let payer = funded::<T>("payer", 0);
		let public = sp_io::crypto::ed25519_generate(KEY_TYPE, None);
		let key = DidPublicKey::Ed25519(public.0);
		let payload = Pallet::<T>::create_proof_payload(&key, &payer);
		let proof = sp_io::crypto::ed25519_sign(KEY_TYPE, &public, &payload).expect("key in store");
		let did = key.did_id();

		#[extrinsic_call]
		_(RawOrigin::Signed(payer.clone()), key, Some(DidSignature::Ed25519(proof.0)));

		assert_last_event::<T>(Event::DidCreated { did, deposit_owner: payer });
	}

	#[benchmark]
	fn add_verification_method() {
		let (did, _, origin) = full_did::<T>();
		let key = filler_key(9_999);
		let rel = Relationships(Relationships::ALL);

		#[extrinsic_call]
		_(origin, did, key, rel);

		let key_id = Dids::<T>::get(did).unwrap().next_key_id - 1;
		assert_last_event::<T>(Event::VerificationMethodAdded { did, key_id, relationships: rel });
	}

	#[benchmark]
	fn remove_verification_method() {
		let (did, _, origin) = full_did::<T>();
		let key_id = Dids::<T>::get(did).unwrap().verification_methods.last().unwrap().id;

		#[extrinsic_call]
		_(origin, did, key_id);

		let retired = key_id != 1;
		assert_last_event::<T>(Event::VerificationMethodRemoved { did, key_id, retired });
	}

	#[benchmark]
	fn set_relationships() {
		let (did, _, origin) = full_did::<T>();
		let key_id = Dids::<T>::get(did).unwrap().verification_methods.last().unwrap().id;
		let rel = Relationships(Relationships::SIGNING);

		#[extrinsic_call]
		_(origin, did, key_id, rel);

		assert_last_event::<T>(Event::RelationshipsChanged { did, key_id, relationships: rel });
	}

	#[benchmark]
	fn forget_retired_key() -> Result<(), BenchmarkError> {
		let (did, _, origin) = full_did::<T>();
		let key_id = Dids::<T>::get(did)
			.unwrap()
			.retired_keys
			.last()
			.map(|r| r.id)
			.ok_or(BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin, did, key_id);

		assert_last_event::<T>(Event::RetiredKeyForgotten { did, key_id });
		Ok(())
	}

	#[benchmark]
	fn add_service() {
		let (did, _, origin) = full_did::<T>();
		let id = bounded::<T::MaxIdLength>(b'z', b'Z');

		#[extrinsic_call]
		_(origin, did, id.clone(), long_id::<T>(0), long_uri::<T>(25));

		assert_last_event::<T>(Event::ServiceAdded { did, service_id: id });
	}

	#[benchmark]
	fn remove_service() -> Result<(), BenchmarkError> {
		let (did, _, origin) = full_did::<T>();
		let service_id = Dids::<T>::get(did)
			.unwrap()
			.services
			.last()
			.map(|s| s.id.clone())
			.ok_or(BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin, did, service_id.clone());

		assert_last_event::<T>(Event::ServiceRemoved { did, service_id });
		Ok(())
	}

	#[benchmark]
	fn add_controller() {
		let (did, _, origin) = full_did::<T>();
		let controller = simple_did::<T>(1);

		#[extrinsic_call]
		_(origin, did, controller);

		assert_last_event::<T>(Event::ControllerAdded { did, controller });
	}

	#[benchmark]
	fn remove_controller() -> Result<(), BenchmarkError> {
		let (did, _, origin) = full_did::<T>();
		let controller = Dids::<T>::get(did)
			.unwrap()
			.controllers
			.last()
			.copied()
			.ok_or(BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin, did, controller);

		assert_last_event::<T>(Event::ControllerRemoved { did, controller });
		Ok(())
	}

	#[benchmark]
	fn set_also_known_as(a: Linear<0, { T::MaxAlsoKnownAs::get() }>) {
		let (did, _, origin) = full_did::<T>();
		let uris: Vec<UriOf<T>> = (0..a).map(|n| long_uri::<T>(n as u8 + 10)).collect();
		let uris = BoundedVec::truncate_from(uris);

		#[extrinsic_call]
		_(origin, did, uris);

		assert_last_event::<T>(Event::AlsoKnownAsSet { did, count: a });
	}

	#[benchmark]
	fn deactivate_did(l: Linear<0, { T::MaxLinkedAccounts::get() }>) {
		let (did, _, origin) = full_did::<T>();
		for n in 0..l {
			let account = funded::<T>("linked", n);
			Pallet::<T>::link_account(did_origin::<T>(did, &account), did).expect("links");
		}

		#[extrinsic_call]
		_(origin, did);

		assert_last_event::<T>(Event::DidDeactivated { did });
		assert!(LinkedAccounts::<T>::get(did).is_empty());
	}

	#[benchmark]
	fn change_deposit_owner() {
		let (did, owner, _) = full_did::<T>();
		let new_owner = funded::<T>("new-owner", 0);
		let origin = did_origin::<T>(did, &new_owner);

		#[extrinsic_call]
		_(origin, did);

		assert_last_event::<T>(Event::DepositOwnerChanged { did, from: owner, to: new_owner });
	}

	#[benchmark]
	fn link_account() {
		let (did, _, _) = full_did::<T>();
		for n in 0..T::MaxLinkedAccounts::get().saturating_sub(1) {
			let account = funded::<T>("linked", n);
			Pallet::<T>::link_account(did_origin::<T>(did, &account), did).expect("links");
		}
		let account = funded::<T>("linked", u32::MAX);
		let origin = did_origin::<T>(did, &account);

		#[extrinsic_call]
		_(origin, did);

		assert_last_event::<T>(Event::AccountLinked { did, account });
	}

	#[benchmark]
	fn unlink_account() {
		let (did, owner, origin) = full_did::<T>();
		let mut account = owner;
		for n in 0..T::MaxLinkedAccounts::get() {
			account = funded::<T>("linked", n);
			Pallet::<T>::link_account(did_origin::<T>(did, &account), did).expect("links");
		}

		#[extrinsic_call]
		_(origin, did, account.clone());

		assert_last_event::<T>(Event::AccountUnlinked { did, account });
	}

	#[benchmark]
	fn remove_account_link() {
		let (did, owner, _) = full_did::<T>();
		let mut account = owner;
		for n in 0..T::MaxLinkedAccounts::get() {
			account = funded::<T>("linked", n);
			Pallet::<T>::link_account(did_origin::<T>(did, &account), did).expect("links");
		}

		#[extrinsic_call]
		_(RawOrigin::Signed(account.clone()));

		assert_last_event::<T>(Event::AccountUnlinked { did, account });
	}

	#[benchmark]
	fn submit_did_call_ed25519() {
		let submitter = funded::<T>("submitter", 0);
		let public = sp_io::crypto::ed25519_generate(KEY_TYPE, None);
		let (did_call, did) = remark_did_call::<T>(DidPublicKey::Ed25519(public.0), &submitter);
		let payload = Pallet::<T>::did_call_payload(&did_call);
		let signature =
			sp_io::crypto::ed25519_sign(KEY_TYPE, &public, &payload).expect("key in store");

		#[extrinsic_call]
		submit_did_call(
			RawOrigin::Signed(submitter),
			Box::new(did_call),
			DidSignature::Ed25519(signature.0),
		);

		assert_eq!(DidCallNonces::<T>::get(did), 1);
	}

	#[benchmark]
	fn submit_did_call_sr25519() {
		let submitter = funded::<T>("submitter", 0);
		let public = sp_io::crypto::sr25519_generate(KEY_TYPE, None);
		let (did_call, did) = remark_did_call::<T>(DidPublicKey::Sr25519(public.0), &submitter);
		let payload = Pallet::<T>::did_call_payload(&did_call);
		let signature =
			sp_io::crypto::sr25519_sign(KEY_TYPE, &public, &payload).expect("key in store");

		#[extrinsic_call]
		submit_did_call(
			RawOrigin::Signed(submitter),
			Box::new(did_call),
			DidSignature::Sr25519(signature.0),
		);

		assert_eq!(DidCallNonces::<T>::get(did), 1);
	}

	/// The costlier of the two ECDSA cases: an Ethereum address (two keccak hashes, recovery
	/// and a third keccak).
	#[benchmark]
	fn submit_did_call_ecdsa() {
		let submitter = funded::<T>("submitter", 0);
		let public = sp_io::crypto::ecdsa_generate(KEY_TYPE, None);
		let probe = [7u8; 32];
		let probe_signature =
			sp_io::crypto::ecdsa_sign_prehashed(KEY_TYPE, &public, &probe).expect("key in store");
		let address = recover_ethereum_signer(&probe_signature.0, &probe).expect("valid signature");
		let (did_call, did) =
			remark_did_call::<T>(DidPublicKey::EthereumAddress(address), &submitter);
		let digest = ethereum_signed_digest(&Pallet::<T>::did_call_payload(&did_call));
		let signature =
			sp_io::crypto::ecdsa_sign_prehashed(KEY_TYPE, &public, &digest).expect("key in store");

		#[extrinsic_call]
		submit_did_call(
			RawOrigin::Signed(submitter),
			Box::new(did_call),
			DidSignature::Ecdsa(signature.0),
		);

		assert_eq!(DidCallNonces::<T>::get(did), 1);
	}

	#[benchmark]
	fn register_schema() {
		let registrant = funded::<T>("registrant", 1);
		let schema = [3u8; 32];

		#[extrinsic_call]
		_(RawOrigin::Signed(registrant.clone()), schema, long_uri::<T>(1));

		assert_last_event::<T>(Event::SchemaRegistered { schema, registrant });
	}

	#[benchmark]
	fn add_schema_issuer() -> Result<(), BenchmarkError> {
		let schema = [1u8; 32];
		setup_schema::<T>(schema);
		let filler: Vec<DidId> = (0..T::MaxTrustedIssuers::get().saturating_sub(1))
			.map(|n| filler_key(3_000 + n).did_id())
			.collect();
		SchemaIssuers::<T>::insert(schema, BoundedVec::truncate_from(filler));
		let issuer = simple_did::<T>(1);
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin, schema, issuer);

		assert_last_event::<T>(Event::SchemaIssuerAdded { schema, issuer });
		Ok(())
	}

	#[benchmark]
	fn remove_schema_issuer() -> Result<(), BenchmarkError> {
		let schema = [1u8; 32];
		let issuers: Vec<DidId> =
			(0..T::MaxTrustedIssuers::get()).map(|n| filler_key(3_000 + n).did_id()).collect();
		let issuer = *issuers.last().ok_or(BenchmarkError::Weightless)?;
		SchemaIssuers::<T>::insert(schema, BoundedVec::truncate_from(issuers));
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin, schema, issuer);

		assert_last_event::<T>(Event::SchemaIssuerRemoved { schema, issuer });
		Ok(())
	}

	#[benchmark]
	fn set_trusted_issuers(n: Linear<1, { T::MaxTrustedIssuers::get() }>) {
		let (consumer_did, _, _) = full_did::<T>();
		let schema = [1u8; 32];
		setup_schema::<T>(schema);
		let issuers: Vec<DidId> = (0..n).map(|i| simple_did::<T>(10 + i)).collect();
		let issuers: BoundedVec<DidId, T::MaxTrustedIssuers> = BoundedVec::truncate_from(issuers);
		// An existing list paid by someone else, released by the call.
		let previous = funded::<T>("previous", 0);
		Pallet::<T>::set_trusted_issuers(
			did_origin::<T>(consumer_did, &previous),
			schema,
			issuers.clone(),
		)
		.expect("sets");
		let payer = funded::<T>("payer", 0);
		let origin = did_origin::<T>(consumer_did, &payer);

		#[extrinsic_call]
		_(origin, schema, issuers);

		assert_last_event::<T>(Event::TrustedIssuersSet {
			consumer: Consumer::Did(consumer_did),
			schema,
			count: n,
		});
		assert!(
			T::Currency::balance_on_hold(&HoldReason::StorageDeposit.into(), &previous).is_zero()
		);
	}

	#[benchmark]
	fn attest(e: Linear<0, { T::MaxExtraAttributes::get() }>) {
		let (issuer, _, origin) = full_did::<T>();
		let subject = simple_did::<T>(1);
		let schema = [1u8; 32];
		setup_schema::<T>(schema);
		let claim_hash = [9u8; 32];
		let attributes = max_attributes::<T>(e);

		#[extrinsic_call]
		_(origin, claim_hash, subject, schema, attributes, Some(u64::MAX));

		assert_last_event::<T>(Event::Attested {
			claim_hash,
			issuer,
			subject,
			schema,
			status_index: 0,
		});
	}

	#[benchmark]
	fn revoke() {
		let (origin, claim_hash) = attested::<T>();
		Pallet::<T>::suspend(origin.clone(), claim_hash).expect("suspends");

		#[extrinsic_call]
		_(origin, claim_hash);

		assert_last_event::<T>(Event::Revoked { claim_hash });
	}

	#[benchmark]
	fn suspend() {
		let (origin, claim_hash) = attested::<T>();

		#[extrinsic_call]
		_(origin, claim_hash);

		assert_last_event::<T>(Event::Suspended { claim_hash });
	}

	#[benchmark]
	fn unsuspend() {
		let (origin, claim_hash) = attested::<T>();
		Pallet::<T>::suspend(origin.clone(), claim_hash).expect("suspends");

		#[extrinsic_call]
		_(origin, claim_hash);

		assert_last_event::<T>(Event::Unsuspended { claim_hash });
	}

	#[benchmark]
	fn remove_attestation() {
		let (origin, claim_hash) = attested::<T>();

		#[extrinsic_call]
		_(origin, claim_hash);

		assert_last_event::<T>(Event::AttestationRemoved { claim_hash });
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
