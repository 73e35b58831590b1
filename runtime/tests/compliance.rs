//! RWA compliance against the real DID pallet (issue 19): several trusted issuers in order,
//! linked accounts, expiry and an issuer's deactivation, as the runtime wires them.

mod common;

use common::{initialize_block, new_test_ext};
use mooring_runtime::{Did, Runtime, RuntimeOrigin, Rwa};
use pallet_did::{Attributes, DidOrigin, DidPublicKey};
use pallet_rwa::{
	AssetClass, Condition, ConditionFailure, ConditionKind, IssuerSource, Requirement, Side,
	TransferRefusal,
};
use polkadot_sdk::{
	frame_support::{assert_ok, BoundedVec},
	sp_keyring::Sr25519Keyring::{self, Alice, Bob, Charlie, Dave, Eve, Ferdie},
	*,
};

const KYC: [u8; 32] = [0x4b; 32];
const ASSET: pallet_rwa::RwaAssetId = 0;

fn signed(who: Sr25519Keyring) -> RuntimeOrigin {
	RuntimeOrigin::signed(who.to_account_id())
}

/// The DID of a dev key (its identifier is the key's account id).
fn did(who: Sr25519Keyring) -> [u8; 32] {
	who.public().0
}

/// A DID-authorised call of `who`'s DID with its initial key, submitted by `submitter`.
fn as_did(who: Sr25519Keyring, submitter: Sr25519Keyring) -> RuntimeOrigin {
	RuntimeOrigin::from(DidOrigin {
		did: did(who),
		key_id: 1,
		submitter: submitter.to_account_id(),
	})
}

fn now() -> u64 {
	pallet_timestamp::Now::<Runtime>::get()
}

/// `issuer` attests a KYC claim (tier 2) about `subject` in `country`.
fn attest(
	issuer: Sr25519Keyring,
	subject: Sr25519Keyring,
	country: &[u8; 2],
	expires: Option<u64>,
) {
	let attributes = Attributes {
		kyc_tier: 2,
		jurisdiction: Some(*country),
		accredited: false,
		extra: Default::default(),
	};
	let claim_hash = sp_io::hashing::blake2_256(&[did(issuer), did(subject)].concat());
	assert_ok!(Did::attest(
		as_did(issuer, issuer),
		claim_hash,
		did(subject),
		KYC,
		attributes,
		expires
	));
}

/// Why a transfer of the asset from Eve (a KYC'd holder) to `to` would be refused, if it would.
fn refusal(to: Sr25519Keyring) -> Option<TransferRefusal<u128>> {
	Rwa::can_transfer(ASSET, &Eve.to_account_id(), &to.to_account_id(), 1).refusal
}

/// Governance trusts Alice's and then Charlie's DID for the KYC schema; Dave issues an asset
/// that receivers may hold with a KYC tier of 1 or more outside the US; Eve holds some.
fn setup() {
	for who in [Alice, Bob, Charlie, Eve] {
		let key = DidPublicKey::Sr25519(who.public().0);
		assert_ok!(Did::create_did(signed(who), key, None));
	}
	let uri = BoundedVec::truncate_from(b"https://schemas.mooring.dev/kyc/v1".to_vec());
	assert_ok!(Did::register_schema(signed(Alice), KYC, uri));
	for issuer in [Alice, Charlie] {
		assert_ok!(Did::add_schema_issuer(RuntimeOrigin::root(), KYC, did(issuer)));
	}
	let receiver =
		|kind| Condition { side: Side::Receiver, kind, issuers: IssuerSource::SchemaDefault };
	let us = BoundedVec::truncate_from(vec![*b"US"]);
	let requirement = Requirement {
		conditions: BoundedVec::truncate_from(vec![
			receiver(ConditionKind::KycTierAtLeast { schema: KYC, tier: 1 }),
			receiver(ConditionKind::JurisdictionNotIn { schema: KYC, countries: us }),
		]),
	};
	let name = BoundedVec::truncate_from(b"Mooring Fund".to_vec());
	let symbol = BoundedVec::truncate_from(b"MFND".to_vec());
	let documents = BoundedVec::new();
	assert_ok!(Rwa::create_asset(
		signed(Dave),
		name,
		symbol,
		0,
		AssetClass::FundShare,
		documents,
		None,
		None
	));
	assert_ok!(Rwa::set_requirements(
		signed(Dave),
		ASSET,
		BoundedVec::truncate_from(vec![requirement])
	));
	attest(Alice, Eve, b"SG", None);
	assert_ok!(Rwa::issue(signed(Dave), ASSET, Eve.to_account_id(), 1_000));
}

fn jurisdiction_refused(country: &[u8; 2]) -> Option<TransferRefusal<u128>> {
	let failure = ConditionFailure::JurisdictionNotAllowed { schema: KYC, actual: Some(*country) };
	Some(TransferRefusal::NotCompliant(vec![pallet_rwa::RequirementFailure {
		requirement: 0,
		condition: 1,
		side: Side::Receiver,
		failure,
	}]))
}

#[test]
fn every_trusted_issuers_claim_counts_for_the_did_and_its_linked_accounts() {
	new_test_ext("development").execute_with(|| {
		initialize_block(1);
		setup();
		// The first trusted issuer (Alice) says Singapore: Bob may receive.
		attest(Alice, Bob, b"SG", Some(now() + 60_000));
		assert_eq!(refusal(Bob), None);
		// The second (Charlie) says US: a prohibition must hold for every valid claim.
		attest(Charlie, Bob, b"US", None);
		assert_eq!(refusal(Bob), jurisdiction_refused(b"US"));
		// An account Bob links to his DID is Bob for compliance, Charlie's claim included.
		assert!(refusal(Ferdie).is_some());
		assert_ok!(Did::link_account(as_did(Bob, Ferdie), did(Bob)));
		assert_eq!(refusal(Ferdie), jurisdiction_refused(b"US"));
		// Charlie's DID is deactivated: its claims no longer count, for Bob and his link.
		assert_ok!(Did::deactivate_did(as_did(Charlie, Charlie), did(Charlie)));
		assert_eq!(refusal(Bob), None);
		assert_eq!(refusal(Ferdie), None);
		assert_ok!(Rwa::transfer(signed(Eve), ASSET, Ferdie.to_account_id(), 10));
		// Alice's claim expires: nothing valid is left.
		pallet_timestamp::Now::<Runtime>::put(now() + 60_000);
		let missing = |condition| {
			Some(TransferRefusal::NotCompliant(vec![pallet_rwa::RequirementFailure {
				requirement: 0,
				condition,
				side: Side::Receiver,
				failure: ConditionFailure::MissingClaim(KYC),
			}]))
		};
		assert_eq!(refusal(Bob), missing(0));
		assert_eq!(refusal(Ferdie), missing(0));
	});
}
