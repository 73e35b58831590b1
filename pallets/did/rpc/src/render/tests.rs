//! Field-by-field checks of the W3C JSON the resolver produces.

use super::*;
use pallet_did::{
	runtime_api::ServiceEntry, ExtraAttribute, RetiredKey, Tombstone, VerificationMethod,
};
use polkadot_sdk::frame_support::BoundedVec;

const CHAIN_ID: u64 = mooring_primitives::CHAIN_ID;
const DID: DidId = [0x11; 32];
const CONTROLLER: DidId = [0x22; 32];
const T0: Moment = 1_700_000_000_000; // 2023-11-14T22:13:20Z
const T1: Moment = 1_700_000_060_500; // 2023-11-14T22:14:20.5Z
const ETH: [u8; 20] = [
	0x2c, 0x75, 0x36, 0xe3, 0x60, 0x5d, 0x9c, 0x16, 0xa7, 0xa3, 0xd7, 0xb1, 0x89, 0x8e, 0x52, 0x93,
	0x96, 0xa6, 0x5c, 0x23,
];

fn did_str() -> String {
	format!("did:mooring:0x{}", "11".repeat(32))
}

fn method(id: KeyId, key: DidPublicKey, rel: u8) -> VerificationMethod {
	VerificationMethod {
		id,
		key,
		relationships: Relationships(rel),
		ever_asserted: false,
		added: T0,
	}
}

/// A DID with an Ed25519, Sr25519, secp256k1, Ethereum and X25519 key, a retired key, two
/// services, two alsoKnownAs and a controller.
fn rich_document() -> DidDocument<u64, u128> {
	DidDocument {
		controllers: vec![CONTROLLER],
		verification_methods: vec![
			method(
				2,
				DidPublicKey::Ed25519([1; 32]),
				Relationships::AUTHENTICATION | Relationships::CAPABILITY_INVOCATION,
			),
			method(3, DidPublicKey::Sr25519([2; 32]), Relationships::ASSERTION_METHOD),
			method(
				4,
				DidPublicKey::Secp256k1([3; 33]),
				Relationships::CAPABILITY_DELEGATION | Relationships::ASSERTION_METHOD,
			),
			method(5, DidPublicKey::EthereumAddress(ETH), Relationships::AUTHENTICATION),
			method(6, DidPublicKey::X25519([4; 32]), Relationships::KEY_AGREEMENT),
		],
		retired_keys: vec![RetiredKey {
			id: 1,
			key: DidPublicKey::Ed25519([9; 32]),
			added: T0,
			retired: T1,
			compromised_since: Some(T0),
		}],
		services: vec![
			ServiceEntry {
				id: b"web".to_vec(),
				service_type: b"LinkedDomains".to_vec(),
				endpoint: b"https://example.com".to_vec(),
			},
			ServiceEntry {
				id: b"messaging".to_vec(),
				service_type: b"DIDCommMessaging".to_vec(),
				endpoint: b"https://agent.example.com/didcomm".to_vec(),
			},
		],
		also_known_as: vec![b"https://example.com".to_vec(), b"did:web:example.com".to_vec()],
		created: T0,
		updated: T1,
		version: 7,
		deposit_owner: 5,
		deposit: 1_000,
	}
}

fn multibase_bytes(value: &Value) -> Vec<u8> {
	let text = value.as_str().expect("a string");
	assert!(text.starts_with('z'), "base58btc multibase");
	bs58::decode(&text[1..]).into_vec().expect("base58")
}

#[test]
fn the_document_of_a_did_with_several_keys_and_services() {
	let doc = did_document(&DID, &rich_document(), CHAIN_ID);
	let id = did_str();
	let object = doc.as_object().unwrap();
	let mut keys: Vec<&str> = object.keys().map(String::as_str).collect();
	keys.sort();
	assert_eq!(
		keys,
		vec![
			"@context",
			"alsoKnownAs",
			"assertionMethod",
			"authentication",
			"capabilityDelegation",
			"capabilityInvocation",
			"controller",
			"id",
			"keyAgreement",
			"service",
			"verificationMethod"
		]
	);
	assert_eq!(doc["@context"][0], "https://www.w3.org/ns/did/v1");
	assert_eq!(doc["@context"], json!(DID_CONTEXTS));
	assert_eq!(doc["id"], id);
	assert_eq!(doc["controller"], json!([id, format!("did:mooring:0x{}", "22".repeat(32))]));
	assert_eq!(doc["alsoKnownAs"], json!(["https://example.com", "did:web:example.com"]));

	let methods = doc["verificationMethod"].as_array().unwrap();
	assert_eq!(methods.len(), 6);
	let ids: Vec<&str> = methods.iter().map(|m| m["id"].as_str().unwrap()).collect();
	let url = |n: u32| format!("{id}#key-{n}");
	assert_eq!(ids, vec![url(2), url(3), url(4), url(5), url(6), url(1)]);
	for m in methods {
		assert_eq!(m["controller"], id);
	}
	// Ed25519: Multikey with the ed25519-pub multicodec (0xed 0x01): "z6Mk…".
	assert_eq!(methods[0]["type"], "Multikey");
	let ed = multibase_bytes(&methods[0]["publicKeyMultibase"]);
	assert_eq!(&ed[..2], &[0xed, 0x01]);
	assert_eq!(&ed[2..], &[1; 32]);
	assert!(methods[0]["publicKeyMultibase"].as_str().unwrap().starts_with("z6Mk"));
	// Sr25519: sr25519-pub (0xef 0x01).
	let sr = multibase_bytes(&methods[1]["publicKeyMultibase"]);
	assert_eq!((&sr[..2], &sr[2..]), (&[0xef, 0x01][..], &[2; 32][..]));
	// secp256k1: secp256k1-pub (0xe7 0x01), compressed key: "zQ3s…".
	let secp = multibase_bytes(&methods[2]["publicKeyMultibase"]);
	assert_eq!((&secp[..2], &secp[2..]), (&[0xe7, 0x01][..], &[3; 33][..]));
	assert!(methods[2]["publicKeyMultibase"].as_str().unwrap().starts_with("zQ3s"));
	// Ethereum address: CAIP-10 on this chain, EIP-55 checksummed, no public key.
	assert_eq!(methods[3]["type"], "EcdsaSecp256k1RecoveryMethod2020");
	assert_eq!(
		methods[3]["blockchainAccountId"],
		"eip155:1297043282:0x2c7536E3605D9C16a7a3D7b1898e529396a65c23"
	);
	assert!(methods[3].get("publicKeyMultibase").is_none());
	// X25519: x25519-pub (0xec 0x01): "z6LS…".
	let x = multibase_bytes(&methods[4]["publicKeyMultibase"]);
	assert_eq!((&x[..2], &x[2..]), (&[0xec, 0x01][..], &[4; 32][..]));
	assert!(methods[4]["publicKeyMultibase"].as_str().unwrap().starts_with("z6LS"));
	// The retired key stays resolvable.
	assert_eq!(multibase_bytes(&methods[5]["publicKeyMultibase"])[2..], [9; 32]);

	assert_eq!(doc["authentication"], json!([url(2), url(5)]));
	assert_eq!(doc["assertionMethod"], json!([url(3), url(4)]));
	assert_eq!(doc["keyAgreement"], json!([url(6)]));
	assert_eq!(doc["capabilityInvocation"], json!([url(2)]));
	assert_eq!(doc["capabilityDelegation"], json!([url(4)]));

	assert_eq!(
		doc["service"],
		json!([
			{ "id": format!("{id}#web"), "type": "LinkedDomains", "serviceEndpoint": "https://example.com" },
			{
				"id": format!("{id}#messaging"),
				"type": "DIDCommMessaging",
				"serviceEndpoint": "https://agent.example.com/didcomm"
			},
		])
	);
}

#[test]
fn the_resolution_result_and_metadata_of_a_live_did() {
	let result = resolution_result(&DID, &DidResolution::Active(rich_document()), CHAIN_ID);
	assert_eq!(result["@context"], RESOLUTION_CONTEXT);
	assert_eq!(
		result["didResolutionMetadata"],
		json!({ "contentType": "application/did+ld+json" })
	);
	assert_eq!(result["didDocument"]["id"], did_str());
	let meta = &result["didDocumentMetadata"];
	assert_eq!(meta["created"], "2023-11-14T22:13:20Z");
	assert_eq!(meta["updated"], "2023-11-14T22:14:20Z");
	assert_eq!(meta["deactivated"], false);
	assert_eq!(meta["versionId"], "7");
	assert_eq!(
		meta["retiredVerificationMethods"],
		json!([{
			"id": format!("{}#key-1", did_str()),
			"added": "2023-11-14T22:13:20Z",
			"retired": "2023-11-14T22:14:20Z",
			"compromisedSince": "2023-11-14T22:13:20Z"
		}])
	);
	// A never-updated document has no `updated`.
	let fresh = DidDocument { version: 1, ..rich_document() };
	let meta =
		&resolution_result(&DID, &DidResolution::Active(fresh), CHAIN_ID)["didDocumentMetadata"];
	assert!(meta.get("updated").is_none());
	assert_eq!(meta["versionId"], "1");
}

#[test]
fn the_resolution_result_of_a_deactivated_did() {
	let tombstone = Tombstone { created: T0, deactivated: T1, version: 8 };
	let result =
		resolution_result::<u64, u128>(&DID, &DidResolution::Deactivated(tombstone), CHAIN_ID);
	assert_eq!(result["didDocument"], json!({ "@context": DID_CONTEXTS, "id": did_str() }));
	assert_eq!(
		result["didDocumentMetadata"],
		json!({
			"created": "2023-11-14T22:13:20Z",
			"updated": "2023-11-14T22:14:20Z",
			"deactivated": true,
			"versionId": "8"
		})
	);
}

#[test]
fn errors_follow_did_resolution() {
	let not_found =
		crate::resolve_response::<u64, u128>(&did_str(), CHAIN_ID, |_| Ok(None)).unwrap_err();
	assert_eq!((not_found.code(), not_found.message()), (crate::NOT_FOUND, "notFound"));
	let data: Value = serde_json::from_str(not_found.data().unwrap().get()).unwrap();
	assert_eq!(data["didResolutionMetadata"]["error"], "notFound");
	assert_eq!(data["didDocument"], Value::Null);

	for bad in
		["did:mooring:0x11", "did:web:example.com", "did:mooring:0xZZ", &did_str().to_uppercase()]
	{
		let invalid =
			crate::resolve_response::<u64, u128>(bad, CHAIN_ID, |_| panic!("no read")).unwrap_err();
		assert_eq!((invalid.code(), invalid.message()), (crate::INVALID_DID, "invalidDid"));
		let data: Value = serde_json::from_str(invalid.data().unwrap().get()).unwrap();
		assert_eq!(data["didResolutionMetadata"]["error"], "invalidDid");
	}

	let failed = crate::resolve_response::<u64, u128>(&did_str(), CHAIN_ID, |_| Err("boom".into()))
		.unwrap_err();
	assert_eq!((failed.code(), failed.message()), (crate::INTERNAL_ERROR, "internalError"));

	let found = crate::resolve_response::<u64, u128>(&did_str(), CHAIN_ID, |id| {
		assert_eq!(id, DID);
		Ok(Some(DidResolution::Active(rich_document())))
	})
	.unwrap();
	assert_eq!(found["didDocument"]["id"], did_str());
}

#[test]
fn credential_status_with_bitstring_status_list_entries() {
	let status = CredentialStatus {
		issuer: DID,
		key_id: 3,
		subject: CONTROLLER,
		schema: [0xab; 32],
		kyc_tier: 2,
		jurisdiction: Some(*b"SG"),
		accredited: true,
		extra: vec![
			ExtraAttribute {
				key: BoundedVec::truncate_from(b"residence".to_vec()),
				value: AttributeValue::Country(*b"DE"),
			},
			ExtraAttribute {
				key: BoundedVec::truncate_from(b"level".to_vec()),
				value: AttributeValue::Uint(4),
			},
		],
		issued: T0,
		expires: Some(T1),
		status: AttestationStatus::Suspended { since: T1 },
		status_index: 94_567,
		revocation_bit: false,
		suspension_bit: true,
		key_compromised: true,
		valid_now: false,
		now: T1,
	};
	let json = credential_status_json(&[0xcd; 32], &status);
	let issuer = did_str();
	assert_eq!(json["claimHash"], format!("0x{}", "cd".repeat(32)));
	assert_eq!(json["issuer"], issuer);
	assert_eq!(json["verificationMethod"], format!("{issuer}#key-3"));
	assert_eq!(json["subject"], format!("did:mooring:0x{}", "22".repeat(32)));
	assert_eq!(json["schema"], format!("0x{}", "ab".repeat(32)));
	assert_eq!(
		json["attributes"],
		json!({ "kycTier": 2, "jurisdiction": "SG", "accredited": true, "extra": { "residence": "DE", "level": 4 } })
	);
	assert_eq!(
		(json["issued"].as_str(), json["expires"].as_str()),
		(Some("2023-11-14T22:13:20Z"), Some("2023-11-14T22:14:20Z"))
	);
	assert_eq!(
		(json["status"].as_str(), json["statusSince"].as_str()),
		(Some("suspended"), Some("2023-11-14T22:14:20Z"))
	);
	assert_eq!(
		(json["revoked"].as_bool(), json["suspended"].as_bool(), json["valid"].as_bool()),
		(Some(false), Some(true), Some(false))
	);
	assert_eq!(json["keyCompromised"].as_bool(), Some(true));
	assert_eq!(
		json["credentialStatus"][0],
		json!({
			"id": format!("{issuer}/status/revocation#94567"),
			"type": "BitstringStatusListEntry",
			"statusPurpose": "revocation",
			"statusListIndex": "94567",
			"statusListCredential": format!("{issuer}/status/revocation"),
		})
	);
	assert_eq!(json["credentialStatus"][1]["statusPurpose"], "suspension");
	assert_eq!(
		json["credentialStatus"][1]["statusListCredential"],
		format!("{issuer}/status/suspension")
	);
}

/// Inflates a GZIP member made of stored DEFLATE blocks, checking its framing and CRC.
fn gunzip_stored(data: &[u8]) -> Vec<u8> {
	assert_eq!(&data[..4], &[0x1f, 0x8b, 8, 0]);
	let mut pos = 10;
	let mut out = Vec::new();
	loop {
		let header = data[pos];
		assert_eq!(header & 0b110, 0, "stored block");
		let len = u16::from_le_bytes([data[pos + 1], data[pos + 2]]);
		let nlen = u16::from_le_bytes([data[pos + 3], data[pos + 4]]);
		assert_eq!(len, !nlen);
		out.extend_from_slice(&data[pos + 5..pos + 5 + len as usize]);
		pos += 5 + len as usize;
		if header & 1 == 1 {
			break;
		}
	}
	assert_eq!(u32::from_le_bytes(data[pos..pos + 4].try_into().unwrap()), crc32(&out));
	assert_eq!(u32::from_le_bytes(data[pos + 4..pos + 8].try_into().unwrap()), out.len() as u32);
	assert_eq!(pos + 8, data.len());
	out
}

fn base64url_decode(text: &str) -> Vec<u8> {
	let value = |c: u8| match c {
		b'A'..=b'Z' => c - b'A',
		b'a'..=b'z' => c - b'a' + 26,
		b'0'..=b'9' => c - b'0' + 52,
		b'-' => 62,
		b'_' => 63,
		_ => panic!("not base64url"),
	};
	let mut out = Vec::new();
	for chunk in text.as_bytes().chunks(4) {
		let mut n = 0u32;
		for (i, c) in chunk.iter().enumerate() {
			n |= u32::from(value(*c)) << (18 - 6 * i);
		}
		out.extend_from_slice(&n.to_be_bytes()[1..chunk.len()]);
	}
	out
}

#[test]
fn encodings_match_their_standards() {
	assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
	assert_eq!(crc32(b""), 0);
	for (plain, encoded) in [
		("", ""),
		("f", "Zg"),
		("fo", "Zm8"),
		("foo", "Zm9v"),
		("foob", "Zm9vYg"),
		("fooba", "Zm9vYmE"),
		("foobar", "Zm9vYmFy"),
	] {
		assert_eq!(base64url(plain.as_bytes()), encoded);
	}
	assert_eq!(base64url(&[0xfb, 0xff]), "-_8");
	for size in [0usize, 1, 65_535, 65_536, 140_000] {
		let data: Vec<u8> = (0..size).map(|i| (i * 7) as u8).collect();
		assert_eq!(gunzip_stored(&gzip_stored(&data)), data);
	}
	// EIP-55 test vectors.
	for address in [
		"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
		"0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
		"0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
		"0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
		"0x52908400098527886E0F7030069857D2E4169EE7",
		"0xde709f2102306220921060314715629080e2fb77",
	] {
		let mut bytes = [0u8; 20];
		for (i, pair) in address.as_bytes()[2..].chunks(2).enumerate() {
			bytes[i] = u8::from_str_radix(std::str::from_utf8(pair).unwrap(), 16).unwrap();
		}
		assert_eq!(eip55(&bytes), address);
	}
	assert_eq!(xml_datetime(0), "1970-01-01T00:00:00Z");
	assert_eq!(xml_datetime(951_782_400_000), "2000-02-29T00:00:00Z");
	assert_eq!(xml_datetime(4_102_444_799_999), "2099-12-31T23:59:59Z");
	assert_eq!(parse_hash(&format!("0x{}", "Ab".repeat(32))), Some([0xab; 32]));
	assert_eq!(parse_hash("0x12"), None);
	assert_eq!(parse_hash(&"ab".repeat(32)), None);
}

#[test]
fn status_lists_are_published_as_bitstring_status_list_credentials() {
	let mut bits = vec![0u8; 128];
	bits[0] = 0b1000_0000; // index 0
	bits[1] = 0b0000_0001; // index 15
	let list = StatusList { length: 20, first_chunk: 0, bits };
	let json = status_list_json(&DID, StatusPurpose::Revocation, &list);
	let issuer = did_str();
	assert_eq!(json["issuer"], issuer);
	assert_eq!(json["statusPurpose"], "revocation");
	assert_eq!(json["length"], 20);
	assert_eq!(json["bits"], "0x800100");
	let credential = &json["statusListCredential"];
	assert_eq!(
		credential["type"],
		json!(["VerifiableCredential", "BitstringStatusListCredential"])
	);
	assert_eq!(credential["id"], format!("{issuer}/status/revocation"));
	assert_eq!(credential["issuer"], issuer);
	let subject = &credential["credentialSubject"];
	assert_eq!(subject["type"], "BitstringStatusList");
	assert_eq!(subject["statusPurpose"], "revocation");
	let encoded = subject["encodedList"].as_str().unwrap();
	assert!(encoded.starts_with('u'), "multibase base64url");
	let decoded = gunzip_stored(&base64url_decode(&encoded[1..]));
	assert_eq!(decoded.len(), MIN_STATUS_LIST_BITS / 8);
	assert_eq!(&decoded[..3], &[0b1000_0000, 0b0000_0001, 0]);
	assert!(decoded[3..].iter().all(|b| *b == 0));
}

#[test]
fn purposes_parse() {
	assert_eq!(crate::parse_purpose("revocation"), Some(StatusPurpose::Revocation));
	assert_eq!(crate::parse_purpose("suspension"), Some(StatusPurpose::Suspension));
	assert_eq!(crate::parse_purpose("message"), None);
}
