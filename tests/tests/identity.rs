//! `did:mooring` end to end (issue 3): DIDs, a credential attested through a DID-authorised
//! call, and both resolved over the node's RPC.
//!
//! One dev node, one scenario in steps:
//! 1. An issuer DID is created for an Ed25519 key by a sponsor account that proves it holds the
//!    key; the subject creates its own DID; a schema is registered and governance (sudo) trusts
//!    the issuer for it.
//! 2. The issuer's key signs DID calls (`submit_did_call`, submitted and paid for by the sponsor)
//!    that add a service, a key-agreement key and an Ethereum address to its document, then
//!    attest a credential about the subject.
//! 3. `did_resolve` returns exactly the W3C DID Core document and DID Resolution metadata the
//!    chain holds (checked whole, field by field); `did_credentialStatus` reports the credential
//!    active with its Bitstring Status List entries. Both read older blocks too (`at`).
//! 4. The same signed DID call replayed fails (`NonceAlreadyUsed`), as do one signed by a key
//!    the DID does not have (`InvalidSignature`) and one past its expiry block
//!    (`DidCallExpired`); none uses up a nonce.
//! 5. The issuer revokes the credential: its status and the issuer's revocation list say so.
//! 6. The subject deactivates its DID (a DID call signed by its Sr25519 key): it resolves as a
//!    deactivated tombstone, cannot be created again, and its deposit is back.
//! 7. An unknown DID resolves to the W3C `notFound` error, malformed ones to `invalidDid`.

use codec::Encode;
use mooring_e2e::{
	l2::{account, dev, hex, Keypair, L2},
	node::{Node, NodeConfig},
	params,
};
use mooring_runtime::{BlockNumber, Runtime, RuntimeCall, RuntimeError, RuntimeEvent};
use pallet_did::{
	AttributeValue, Attributes, DidAuthorizedCall, DidCallOf, DidId, DidPublicKey, DidSignature,
	ExtraAttribute, Relationships,
};
use polkadot_sdk::{
	sp_core::{ed25519, Pair},
	sp_io::hashing::blake2_256,
};
use serde_json::{json, Value};
use std::time::Duration;

const TIMEOUT: Duration = Duration::from_secs(60);
const SCHEMA_URI: &[u8] = b"https://schemas.mooring.dev/kyc/v1";
const SERVICE_ENDPOINT: &str = "https://kyc.example.com/credentials";
const KEY_AGREEMENT: [u8; 32] = [0x42; 32];
/// An Ethereum wallet the issuer also authenticates with.
const ETHEREUM_ADDRESS: [u8; 20] = [
	0x5a, 0xae, 0xb6, 0x05, 0x3f, 0x3e, 0x94, 0xc9, 0xb9, 0xa0, 0x9f, 0x33, 0x66, 0x94, 0x35, 0xe7,
	0xef, 0x1b, 0xea, 0xed,
];
const DAY_MS: u64 = 86_400_000;
const DID_CONTEXTS: [&str; 3] = [
	"https://www.w3.org/ns/did/v1",
	"https://w3id.org/security/multikey/v1",
	"https://w3id.org/security/suites/secp256k1recovery-2020/v2",
];

#[tokio::test]
async fn dids_and_credentials_resolve_over_the_node_rpc() -> anyhow::Result<()> {
	let dir = tempfile::tempdir()?;
	let node = Node::start(&NodeConfig::dev_sequencer(), dir.path()).await?;
	node.wait_for_block(1, TIMEOUT).await?;
	let l2 = L2::to(&node).await?;

	// The issuer's DID key is an Ed25519 key of its own; the sponsor account (Charlie) pays.
	let issuer_key = ed25519::Pair::from_string("//KycIssuer", None).expect("a dev seed");
	let issuer_public = DidPublicKey::Ed25519(issuer_key.public().0);
	let issuer_did = issuer_public.did_id();
	let sponsor = dev::charlie();
	let subject = dev::bob();
	let subject_did: DidId = subject.public_key().0;
	let schema = blake2_256(b"mooring kyc schema v1");
	let claim_hash = blake2_256(b"the credential the issuer gave bob");

	// 1. DIDs, schema, trusted issuer.
	let proof_payload =
		(pallet_did::DID_CREATE_CONTEXT, l2.genesis_hash, &issuer_public, account(&sponsor))
			.encode();
	let proof = DidSignature::Ed25519(issuer_key.sign(&proof_payload).0);
	let outcomes = l2
		.submit_all(vec![
			(
				did(pallet_did::Call::create_did {
					key: issuer_public.clone(),
					proof: Some(proof),
				}),
				&sponsor,
			),
			(
				did(pallet_did::Call::create_did {
					key: DidPublicKey::Sr25519(subject_did),
					proof: None,
				}),
				&subject,
			),
			(
				did(pallet_did::Call::register_schema {
					schema,
					uri: SCHEMA_URI.to_vec().try_into().unwrap(),
				}),
				&dev::alice(),
			),
		])
		.await?;
	let created_in = outcomes[0].block_hash;
	let mut events = Vec::new();
	for outcome in outcomes {
		events.extend(outcome.ok()?);
	}
	let created: Vec<DidId> = events
		.iter()
		.filter_map(|e| match e {
			RuntimeEvent::Did(pallet_did::Event::DidCreated { did, .. }) => Some(*did),
			_ => None,
		})
		.collect();
	assert_eq!(created, vec![issuer_did, subject_did]);

	// 2. Governance trusts the issuer; the issuer's key updates its document and attests.
	let expires_at = node.best_number().await? as BlockNumber + 100;
	let signer =
		DidSigner { l2: &l2, did: issuer_did, key: &issuer_key, submitter: &sponsor, expires_at };
	l2.submit_all_ok(vec![
		(
			mooring_e2e::l2::council(did(pallet_did::Call::add_schema_issuer {
				schema,
				issuer: issuer_did,
			})),
			&dev::alice(),
		),
		(
			signer.submit(
				1,
				did(pallet_did::Call::add_service {
					did: issuer_did,
					service_id: b"kyc-api".to_vec().try_into().unwrap(),
					service_type: b"CredentialRegistry".to_vec().try_into().unwrap(),
					endpoint: SERVICE_ENDPOINT.as_bytes().to_vec().try_into().unwrap(),
				}),
			),
			&sponsor,
		),
		(
			signer.submit(
				2,
				did(pallet_did::Call::add_verification_method {
					did: issuer_did,
					key: DidPublicKey::X25519(KEY_AGREEMENT),
					relationships: Relationships(Relationships::KEY_AGREEMENT),
				}),
			),
			&sponsor,
		),
		(
			signer.submit(
				3,
				did(pallet_did::Call::add_verification_method {
					did: issuer_did,
					key: DidPublicKey::EthereumAddress(ETHEREUM_ADDRESS),
					relationships: Relationships(Relationships::AUTHENTICATION),
				}),
			),
			&sponsor,
		),
	])
	.await
	.and_then(|events| dispatched_ok(&events, &[1, 2, 3]))?;

	let now = l2.now().await?;
	let expires = now + 365 * DAY_MS;
	let attest = signer.submit(
		4,
		did(pallet_did::Call::attest {
			claim_hash,
			subject: subject_did,
			schema,
			attributes: Attributes {
				kyc_tier: 2,
				jurisdiction: Some(*b"SG"),
				accredited: true,
				extra: vec![ExtraAttribute {
					key: b"level".to_vec().try_into().unwrap(),
					value: AttributeValue::Uint(3),
				}]
				.try_into()
				.unwrap(),
			},
			expires: Some(expires),
		}),
	);
	// 4. Submitted right behind it: the very same signed call (a replay), and a call for the
	// next nonce signed by a key that is not the DID's.
	let stranger = ed25519::Pair::from_string("//NotTheIssuer", None).expect("a dev seed");
	let forged = DidSigner { key: &stranger, ..signer }
		.submit(5, did(pallet_did::Call::revoke { claim_hash }));
	// And one properly signed, but only valid until block 1.
	let expired = DidSigner { expires_at: 1, ..signer }
		.submit(5, did(pallet_did::Call::revoke { claim_hash }));
	let outcomes = l2
		.submit_all(vec![
			(attest.clone(), &sponsor),
			(attest, &sponsor),
			(forged, &sponsor),
			(expired, &sponsor),
		])
		.await?;
	let [attested, replayed, forged, expired] =
		<[_; 4]>::try_from(outcomes).expect("four outcomes");
	let attested_in = attested.block_hash;
	let events = attested.ok()?;
	dispatched_ok(&events, &[4])?;
	assert!(events.contains(&RuntimeEvent::Did(pallet_did::Event::Attested {
		claim_hash,
		issuer: issuer_did,
		subject: subject_did,
		schema,
		status_index: 0,
	})));
	assert!(matches!(
		replayed.module_error()?,
		RuntimeError::Did(pallet_did::Error::NonceAlreadyUsed)
	));
	assert!(matches!(
		forged.module_error()?,
		RuntimeError::Did(pallet_did::Error::InvalidSignature)
	));
	assert!(matches!(
		expired.module_error()?,
		RuntimeError::Did(pallet_did::Error::DidCallExpired)
	));
	let nonce_key = pallet_did::DidCallNonces::<Runtime>::hashed_key_for(issuer_did);
	assert_eq!(l2.storage::<u64>(&nonce_key).await?, Some(4), "only the good calls used nonces");

	// 3. The resolver: both DID documents and the credential, field by field.
	check_issuer_resolution(&l2, issuer_did, &issuer_key).await?;
	// At the block that created it, the issuer's DID had its first key only.
	let then = l2.rpc("did_resolve", params![did_string(&issuer_did), created_in]).await?;
	assert_eq!(then["didDocumentMetadata"]["versionId"], "1");
	assert_eq!(then["didDocument"]["verificationMethod"].as_array().map(Vec::len), Some(1));
	assert_eq!(then["didDocument"]["service"], json!([]));
	check_subject_resolution(&l2, subject_did).await?;
	let status = credential_status(&l2, &claim_hash).await?;
	let issuer = did_string(&issuer_did);
	let entry = |purpose: &str| {
		json!({
			"id": format!("{issuer}/status/{purpose}#0"),
			"type": "BitstringStatusListEntry",
			"statusPurpose": purpose,
			"statusListIndex": "0",
			"statusListCredential": format!("{issuer}/status/{purpose}"),
		})
	};
	let attestation = pallet_did::Attestations::<Runtime>::hashed_key_for(claim_hash);
	let attestation: pallet_did::Attestation<Runtime> =
		l2.storage(&attestation).await?.expect("the attestation is stored");
	assert_eq!(
		status,
		json!({
			"claimHash": hex(&claim_hash),
			"issuer": issuer,
			"verificationMethod": format!("{issuer}#key-1"),
			"subject": did_string(&subject_did),
			"schema": hex(&schema),
			"attributes": {
				"kycTier": 2,
				"jurisdiction": "SG",
				"accredited": true,
				"extra": { "level": 3 },
			},
			"issued": xml_datetime(attestation.issued),
			"expires": xml_datetime(expires),
			"status": "active",
			"statusSince": null,
			"revoked": false,
			"suspended": false,
			"keyCompromised": false,
			"valid": true,
			"checkedAt": status["checkedAt"],
			"credentialStatus": [entry("revocation"), entry("suspension")],
		})
	);
	assert!(is_xml_datetime(&status["checkedAt"]), "{status}");

	// 5. Revocation, with the nonce the forged call did not use up.
	let events = l2
		.submit_ok(signer.submit(5, did(pallet_did::Call::revoke { claim_hash })), &sponsor)
		.await?;
	dispatched_ok(&events, &[5])?;
	assert!(events.contains(&RuntimeEvent::Did(pallet_did::Event::Revoked { claim_hash })));
	let status = credential_status(&l2, &claim_hash).await?;
	assert_eq!(status["status"], "revoked");
	assert_eq!(status["revoked"], true);
	assert_eq!(status["suspended"], false);
	assert_eq!(status["valid"], false);
	assert!(is_xml_datetime(&status["statusSince"]), "{status}");
	// Read at the block that attested it, the credential was active.
	let then = l2.rpc("did_credentialStatus", params![hex(&claim_hash), attested_in]).await?;
	assert_eq!((&then["status"], &then["valid"]), (&json!("active"), &json!(true)));
	let list = l2.rpc("did_statusList", params![issuer.clone(), "revocation"]).await?;
	assert_eq!(list["length"], 1);
	assert_eq!(list["bits"], "0x80", "bit 0, the credential's index, is set");
	assert_eq!(list["statusListCredential"]["credentialSubject"]["statusPurpose"], "revocation");

	// 6. The subject deactivates its DID with a DID call signed by its own key: a tombstone that
	// resolves as deactivated, cannot be created again, and the deposit is returned.
	let subject_signer =
		DidSigner { did: subject_did, key: &subject, submitter: &subject, ..signer };
	let deactivate =
		subject_signer.submit(1, did(pallet_did::Call::deactivate_did { did: subject_did }));
	let recreate =
		did(pallet_did::Call::create_did { key: DidPublicKey::Sr25519(subject_did), proof: None });
	let outcomes = l2.submit_all(vec![(deactivate, &subject), (recreate, &subject)]).await?;
	let [deactivated, recreated] = <[_; 2]>::try_from(outcomes).expect("two outcomes");
	let events = deactivated.ok()?;
	dispatched_ok(&events, &[1])?;
	assert!(
		events.contains(&RuntimeEvent::Did(pallet_did::Event::DidDeactivated { did: subject_did }))
	);
	assert!(matches!(
		recreated.module_error()?,
		RuntimeError::Did(pallet_did::Error::DidDeactivated)
	));
	assert_eq!(l2.account_info(&account(&subject)).await?.data.reserved, 0, "deposit returned");
	let tombstone_key = pallet_did::DeactivatedDids::<Runtime>::hashed_key_for(subject_did);
	let tombstone: pallet_did::Tombstone = l2.storage(&tombstone_key).await?.expect("a tombstone");
	assert_eq!(tombstone.version, 2, "created, deactivated");
	let id = did_string(&subject_did);
	assert_eq!(
		l2.rpc("did_resolve", params![id.clone()]).await?,
		json!({
			"@context": "https://w3id.org/did-resolution/v1",
			"didDocument": { "@context": DID_CONTEXTS, "id": id },
			"didResolutionMetadata": { "contentType": "application/did+ld+json" },
			"didDocumentMetadata": {
				"created": xml_datetime(tombstone.created),
				"updated": xml_datetime(tombstone.deactivated),
				"deactivated": true,
				"versionId": "2",
			},
		})
	);
	// The credential about it stays revoked; the claim no longer counts for anyone.
	assert_eq!(credential_status(&l2, &claim_hash).await?["status"], "revoked");

	// 7. Errors of the resolver.
	let unknown = format!("did:mooring:0x{}", "ab".repeat(32));
	let error = l2.rpc_error("did_resolve", params![unknown]).await?;
	assert_eq!((error.code(), error.message()), (4004, "notFound"));
	let data: Value = serde_json::from_str(error.data().expect("a resolution result").get())?;
	assert_eq!(data["didResolutionMetadata"]["error"], "notFound");
	assert_eq!(data["didDocument"], Value::Null);
	for malformed in [
		"did:mooring:bob".to_string(),
		format!("did:mooring:0x{}", "AB".repeat(32)),
		format!("did:mooring:0x{}", "ab".repeat(31)),
		format!("did:example:0x{}", "ab".repeat(32)),
	] {
		let error = l2.rpc_error("did_resolve", params![malformed.clone()]).await?;
		assert_eq!((error.code(), error.message()), (4000, "invalidDid"), "{malformed}");
		let data: Value = serde_json::from_str(error.data().expect("a resolution result").get())?;
		assert_eq!(data["didResolutionMetadata"]["error"], "invalidDid");
	}
	let error = l2.rpc_error("did_credentialStatus", params![hex(&[7; 32])]).await?;
	assert_eq!((error.code(), error.message()), (4004, "notFound"));
	let error = l2.rpc_error("did_credentialStatus", params!["0x1234"]).await?;
	assert_eq!(error.code(), 4001);
	Ok(())
}

fn did(call: pallet_did::Call<Runtime>) -> RuntimeCall {
	RuntimeCall::Did(call)
}

/// A DID key that signs DID calls.
trait DidKey {
	fn sign_did(&self, payload: &[u8]) -> DidSignature;
}

impl DidKey for ed25519::Pair {
	fn sign_did(&self, payload: &[u8]) -> DidSignature {
		DidSignature::Ed25519(self.sign(payload).0)
	}
}

impl DidKey for Keypair {
	fn sign_did(&self, payload: &[u8]) -> DidSignature {
		DidSignature::Sr25519(self.sign(payload).0)
	}
}

/// Signs DID calls of `did` with `key` for `submitter`.
#[derive(Clone, Copy)]
struct DidSigner<'a> {
	l2: &'a L2,
	did: DidId,
	key: &'a dyn DidKey,
	submitter: &'a Keypair,
	expires_at: BlockNumber,
}

impl DidSigner<'_> {
	/// `Did.submit_did_call` of `call` with `nonce`, signed over
	/// `SCALE(("mooring/did-call", genesis_hash, did_call))`.
	fn submit(&self, nonce: u64, call: RuntimeCall) -> RuntimeCall {
		let did_call: DidCallOf<Runtime> = DidAuthorizedCall {
			did: self.did,
			key_id: 1,
			call,
			nonce,
			expires_at: self.expires_at,
			submitter: account(self.submitter),
		};
		let payload = (pallet_did::DID_CALL_CONTEXT, self.l2.genesis_hash, &did_call).encode();
		let signature = self.key.sign_did(&payload);
		did(pallet_did::Call::submit_did_call { did_call: Box::new(did_call), signature })
	}
}

/// Checks that the DID calls with `nonces` were dispatched and their inner calls succeeded.
fn dispatched_ok(events: &[RuntimeEvent], nonces: &[u64]) -> anyhow::Result<()> {
	for nonce in nonces {
		let result = events.iter().find_map(|e| match e {
			RuntimeEvent::Did(pallet_did::Event::DidCallDispatched {
				nonce: n, result, ..
			}) if n == nonce => Some(*result),
			_ => None,
		});
		match result {
			Some(Ok(())) => {},
			Some(Err(error)) => anyhow::bail!(
				"DID call {nonce} failed: {:?}",
				RuntimeError::from_dispatch_error(error)
			),
			None => anyhow::bail!("DID call {nonce} was not dispatched"),
		}
	}
	Ok(())
}

/// The issuer: three keys (Ed25519 with every signing relationship, X25519 key agreement, an
/// Ethereum address for authentication), a service, four versions.
async fn check_issuer_resolution(
	l2: &L2,
	issuer_did: DidId,
	issuer_key: &ed25519::Pair,
) -> anyhow::Result<()> {
	let id = did_string(&issuer_did);
	let resolution = l2.rpc("did_resolve", params![id.clone()]).await?;
	let key_1 = format!("{id}#key-1");
	let key_2 = format!("{id}#key-2");
	let key_3 = format!("{id}#key-3");
	let ed25519_multibase = multibase(&[0xed, 0x01], &issuer_key.public().0);
	assert!(ed25519_multibase.starts_with("z6Mk"), "an Ed25519 multikey: {ed25519_multibase}");
	let x25519_multibase = multibase(&[0xec, 0x01], &KEY_AGREEMENT);
	assert!(x25519_multibase.starts_with("z6LS"), "an X25519 multikey: {x25519_multibase}");
	assert_eq!(resolution["@context"], "https://w3id.org/did-resolution/v1");
	assert_eq!(
		resolution["didResolutionMetadata"],
		json!({ "contentType": "application/did+ld+json" })
	);
	assert_eq!(
		resolution["didDocument"],
		json!({
			"@context": DID_CONTEXTS,
			"id": id,
			"controller": [id],
			"alsoKnownAs": [],
			"verificationMethod": [
				{ "id": key_1, "type": "Multikey", "controller": id, "publicKeyMultibase": ed25519_multibase },
				{ "id": key_2, "type": "Multikey", "controller": id, "publicKeyMultibase": x25519_multibase },
				{
					"id": key_3,
					"type": "EcdsaSecp256k1RecoveryMethod2020",
					"controller": id,
					"blockchainAccountId": format!("eip155:{}:{}", mooring_runtime::CHAIN_ID, eip55(&ETHEREUM_ADDRESS)),
				},
			],
			"authentication": [key_1, key_3],
			"assertionMethod": [key_1],
			"keyAgreement": [key_2],
			"capabilityInvocation": [key_1],
			"capabilityDelegation": [key_1],
			"service": [{
				"id": format!("{id}#kyc-api"),
				"type": "CredentialRegistry",
				"serviceEndpoint": SERVICE_ENDPOINT,
			}],
		})
	);
	let record = did_record(l2, issuer_did).await?;
	assert_eq!(record.version, 4, "created, a service, two keys");
	let now = l2.now().await?;
	assert!(record.created <= record.updated && record.updated <= now);
	assert!(now - record.created < 5 * 60_000, "created a moment ago, in Unix ms");
	assert_eq!(
		resolution["didDocumentMetadata"],
		json!({
			"created": xml_datetime(record.created),
			"updated": xml_datetime(record.updated),
			"deactivated": false,
			"versionId": "4",
			"retiredVerificationMethods": [],
		})
	);
	Ok(())
}

/// The subject: the Sr25519 key it created its DID with, untouched since (no `updated`).
async fn check_subject_resolution(l2: &L2, subject_did: DidId) -> anyhow::Result<()> {
	let id = did_string(&subject_did);
	let resolution = l2.rpc("did_resolve", params![id.clone()]).await?;
	let key_1 = format!("{id}#key-1");
	assert_eq!(
		resolution["didDocument"],
		json!({
			"@context": DID_CONTEXTS,
			"id": id,
			"controller": [id],
			"alsoKnownAs": [],
			"verificationMethod": [{
				"id": key_1,
				"type": "Multikey",
				"controller": id,
				"publicKeyMultibase": multibase(&[0xef, 0x01], &subject_did),
			}],
			"authentication": [key_1],
			"assertionMethod": [key_1],
			"keyAgreement": [],
			"capabilityInvocation": [key_1],
			"capabilityDelegation": [key_1],
			"service": [],
		})
	);
	let record = did_record(l2, subject_did).await?;
	assert_eq!(
		resolution["didDocumentMetadata"],
		json!({
			"created": xml_datetime(record.created),
			"deactivated": false,
			"versionId": "1",
			"retiredVerificationMethods": [],
		})
	);
	Ok(())
}

async fn did_record(l2: &L2, did: DidId) -> anyhow::Result<pallet_did::DidRecord<Runtime>> {
	let key = pallet_did::Dids::<Runtime>::hashed_key_for(did);
	l2.storage(&key).await?.ok_or_else(|| anyhow::anyhow!("no DID {}", did_string(&did)))
}

async fn credential_status(l2: &L2, claim_hash: &[u8; 32]) -> anyhow::Result<Value> {
	l2.rpc("did_credentialStatus", params![hex(claim_hash)]).await
}

/// `did:mooring:0x<64 lower-case hex digits>`.
fn did_string(did: &DidId) -> String {
	format!("did:mooring:{}", hex(did))
}

/// `publicKeyMultibase`: `z` and the base58btc of the multicodec prefix and the key.
fn multibase(prefix: &[u8], key: &[u8]) -> String {
	let bytes = [prefix, key].concat();
	format!("z{}", base58(&bytes))
}

/// Base58 with the Bitcoin alphabet.
fn base58(bytes: &[u8]) -> String {
	const ALPHABET: &[u8] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
	let mut digits: Vec<u8> = Vec::new();
	for &byte in bytes {
		let mut carry = byte as u32;
		for digit in digits.iter_mut() {
			carry += (*digit as u32) << 8;
			*digit = (carry % 58) as u8;
			carry /= 58;
		}
		while carry > 0 {
			digits.push((carry % 58) as u8);
			carry /= 58;
		}
	}
	let zeros = bytes.iter().take_while(|b| **b == 0).count();
	std::iter::repeat_n('1', zeros)
		.chain(digits.iter().rev().map(|d| ALPHABET[*d as usize] as char))
		.collect()
}

/// The EIP-55 mixed-case checksum form of an Ethereum address.
fn eip55(address: &[u8; 20]) -> String {
	let lower = hex(address)[2..].to_string();
	let hash = polkadot_sdk::sp_io::hashing::keccak_256(lower.as_bytes());
	let checksummed: String = lower
		.chars()
		.enumerate()
		.map(|(i, c)| {
			let nibble = (hash[i / 2] >> if i % 2 == 0 { 4 } else { 0 }) & 0x0f;
			if nibble >= 8 {
				c.to_ascii_uppercase()
			} else {
				c
			}
		})
		.collect();
	format!("0x{checksummed}")
}

/// The XML Schema `dateTime` (UTC, whole seconds) of a Unix time in milliseconds.
fn xml_datetime(unix_ms: u64) -> String {
	let secs = (unix_ms / 1_000) as i64;
	let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
	// Days to a civil date (proleptic Gregorian), after Howard Hinnant.
	let z = days + 719_468;
	let era = z.div_euclid(146_097);
	let doe = z.rem_euclid(146_097);
	let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
	let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	let mp = (5 * doy + 2) / 153;
	let day = doy - (153 * mp + 2) / 5 + 1;
	let month = if mp < 10 { mp + 3 } else { mp - 9 };
	let year = yoe + era * 400 + i64::from(month <= 2);
	format!(
		"{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
		rem / 3_600,
		rem % 3_600 / 60,
		rem % 60
	)
}

fn is_xml_datetime(value: &Value) -> bool {
	let Some(text) = value.as_str() else { return false };
	let bytes = text.as_bytes();
	bytes.len() == 20
		&& bytes.iter().enumerate().all(|(i, b)| match i {
			4 | 7 => *b == b'-',
			10 => *b == b'T',
			13 | 16 => *b == b':',
			19 => *b == b'Z',
			_ => b.is_ascii_digit(),
		})
}

#[test]
fn helpers_match_known_vectors() {
	assert_eq!(base58(&[0, 0, 1]), "112");
	assert_eq!(base58(b"hello world"), "StV1DL6CwTryKyV");
	assert_eq!(xml_datetime(0), "1970-01-01T00:00:00Z");
	assert_eq!(xml_datetime(1_893_456_000_000), "2030-01-01T00:00:00Z");
	assert_eq!(xml_datetime(951_782_400_999), "2000-02-29T00:00:00Z");
	assert!(is_xml_datetime(&json!("2030-01-01T00:00:00Z")));
	// The first example of EIP-55.
	assert_eq!(eip55(&ETHEREUM_ADDRESS), "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed");
	assert!(!is_xml_datetime(&json!("2030-01-01 00:00:00Z")));
}
