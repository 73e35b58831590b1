//! Pure rendering of on-chain DID data as W3C JSON: DID Core documents, DID Resolution results
//! and metadata, credential status with Bitstring Status List entries, and status lists.

use pallet_did::{
	format_did,
	runtime_api::{CredentialStatus, DidDocument, DidResolution, StatusList},
	AttestationStatus, AttributeValue, ClaimHash, DidId, DidPublicKey, KeyId, Moment,
	Relationships, StatusPurpose, Tombstone, VerificationMethod,
};
use serde_json::{json, Map, Value};

/// The JSON-LD contexts of every `did:mooring` document.
pub const DID_CONTEXTS: [&str; 3] = [
	"https://www.w3.org/ns/did/v1",
	"https://w3id.org/security/multikey/v1",
	"https://w3id.org/security/suites/secp256k1recovery-2020/v2",
];

/// The context of a DID Resolution result.
pub const RESOLUTION_CONTEXT: &str = "https://w3id.org/did-resolution/v1";

/// The media type of a resolved document.
pub const CONTENT_TYPE: &str = "application/did+ld+json";

/// The minimum length in bits of a published status list (W3C Bitstring Status List: 16 KiB
/// uncompressed, for herd privacy).
pub const MIN_STATUS_LIST_BITS: usize = 131_072;

/// The relationship flags and their DID Core property names, in document order.
pub const RELATIONSHIPS: [(u8, &str); 5] = [
	(Relationships::AUTHENTICATION, "authentication"),
	(Relationships::ASSERTION_METHOD, "assertionMethod"),
	(Relationships::KEY_AGREEMENT, "keyAgreement"),
	(Relationships::CAPABILITY_INVOCATION, "capabilityInvocation"),
	(Relationships::CAPABILITY_DELEGATION, "capabilityDelegation"),
];

/// The DID URL of verification method `key_id` of `did`: `<did>#key-<id>`.
pub fn key_url(did: &str, key_id: KeyId) -> String {
	format!("{did}#key-{key_id}")
}

/// The DID URL of `issuer`'s status list for `purpose`: `<did>/status/<purpose>`.
pub fn status_list_url(issuer: &DidId, purpose: StatusPurpose) -> String {
	format!("{}/status/{}", format_did(issuer), purpose.as_str())
}

/// `0x`-prefixed lower-case hex.
pub fn hex0x(bytes: &[u8]) -> String {
	let mut out = String::with_capacity(2 + 2 * bytes.len());
	out.push_str("0x");
	for b in bytes {
		out.push_str(&format!("{b:02x}"));
	}
	out
}

/// Parses `0x`-prefixed hex of exactly 32 bytes (either case).
pub fn parse_hash(text: &str) -> Option<[u8; 32]> {
	let hex = text.strip_prefix("0x")?;
	if hex.len() != 64 || !hex.is_ascii() {
		return None;
	}
	let mut out = [0u8; 32];
	for (i, pair) in hex.as_bytes().chunks(2).enumerate() {
		out[i] = u8::from_str_radix(std::str::from_utf8(pair).ok()?, 16).ok()?;
	}
	Some(out)
}

/// An XML Schema `dateTime` in UTC without fractional seconds, as DID Core requires for
/// `created` and `updated`, of a Unix time in milliseconds.
pub fn xml_datetime(unix_ms: Moment) -> String {
	let secs = unix_ms / 1_000;
	let (days, rem) = (secs / 86_400, secs % 86_400);
	let (year, month, day) = civil_from_days(days as i64);
	format!(
		"{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
		rem / 3_600,
		rem % 3_600 / 60,
		rem % 60
	)
}

/// Year, month and day of the `days`-th day after 1970-01-01 (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
	let z = days + 719_468;
	let era = z.div_euclid(146_097);
	let doe = z.rem_euclid(146_097);
	let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
	let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	let mp = (5 * doy + 2) / 153;
	let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
	let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
	let year = yoe + era * 400 + i64::from(month <= 2);
	(year, month, day)
}

/// The EIP-55 mixed-case checksum form of an Ethereum address.
pub fn eip55(address: &[u8; 20]) -> String {
	let lower = hex0x(address);
	let hash = polkadot_sdk::sp_io::hashing::keccak_256(&lower.as_bytes()[2..]);
	let mut out = String::from("0x");
	for (i, c) in lower[2..].chars().enumerate() {
		let nibble = (hash[i / 2] >> if i % 2 == 0 { 4 } else { 0 }) & 0x0f;
		out.push(if nibble >= 8 { c.to_ascii_uppercase() } else { c });
	}
	out
}

/// The CAIP-10 account id of an Ethereum address on the EIP-155 chain `chain_id`.
pub fn caip10(address: &[u8; 20], chain_id: u64) -> String {
	format!("eip155:{chain_id}:{}", eip55(address))
}

/// The multicodec varint prefix of a key type, if it has a multibase form.
pub fn multicodec_prefix(key: &DidPublicKey) -> Option<[u8; 2]> {
	match key {
		DidPublicKey::Ed25519(_) => Some([0xed, 0x01]),
		DidPublicKey::Sr25519(_) => Some([0xef, 0x01]),
		DidPublicKey::Secp256k1(_) => Some([0xe7, 0x01]),
		DidPublicKey::X25519(_) => Some([0xec, 0x01]),
		DidPublicKey::EthereumAddress(_) => None,
	}
}

/// The `publicKeyMultibase` of a key: `z` + base58btc(multicodec prefix ‖ key bytes).
pub fn public_key_multibase(key: &DidPublicKey) -> Option<String> {
	let prefix = multicodec_prefix(key)?;
	let bytes: &[u8] = match key {
		DidPublicKey::Ed25519(k) | DidPublicKey::Sr25519(k) | DidPublicKey::X25519(k) => k,
		DidPublicKey::Secp256k1(k) => k,
		DidPublicKey::EthereumAddress(_) => return None,
	};
	let mut data = prefix.to_vec();
	data.extend_from_slice(bytes);
	Some(format!("z{}", bs58::encode(data).into_string()))
}

/// A verification method object of DID `did` (textual) for `key` with fragment `key_id`.
pub fn verification_method_json(
	did: &str,
	key_id: KeyId,
	key: &DidPublicKey,
	chain_id: u64,
) -> Value {
	let mut method = Map::new();
	method.insert("id".into(), key_url(did, key_id).into());
	method.insert("controller".into(), did.into());
	match key {
		DidPublicKey::EthereumAddress(address) => {
			method.insert("type".into(), "EcdsaSecp256k1RecoveryMethod2020".into());
			method.insert("blockchainAccountId".into(), caip10(address, chain_id).into());
		},
		other => {
			method.insert("type".into(), "Multikey".into());
			let multibase = public_key_multibase(other).unwrap_or_default();
			method.insert("publicKeyMultibase".into(), multibase.into());
		},
	}
	Value::Object(method)
}

/// The W3C DID Core document of a live DID.
pub fn did_document<AccountId, Balance>(
	did: &DidId,
	document: &DidDocument<AccountId, Balance>,
	chain_id: u64,
) -> Value {
	let id = format_did(did);
	let mut out = Map::new();
	out.insert("@context".into(), json!(DID_CONTEXTS));
	out.insert("id".into(), id.clone().into());
	let controllers: Vec<String> =
		std::iter::once(id.clone()).chain(document.controllers.iter().map(format_did)).collect();
	out.insert("controller".into(), json!(controllers));
	out.insert(
		"alsoKnownAs".into(),
		json!(document.also_known_as.iter().map(|u| lossy(u)).collect::<Vec<_>>()),
	);
	let mut methods: Vec<Value> = document
		.verification_methods
		.iter()
		.map(|m| verification_method_json(&id, m.id, &m.key, chain_id))
		.collect();
	methods.extend(
		document.retired_keys.iter().map(|r| verification_method_json(&id, r.id, &r.key, chain_id)),
	);
	out.insert("verificationMethod".into(), Value::Array(methods));
	for (flag, name) in RELATIONSHIPS {
		out.insert(
			name.into(),
			json!(relationship_urls(&id, &document.verification_methods, flag)),
		);
	}
	let services: Vec<Value> = document
		.services
		.iter()
		.map(|s| {
			json!({
				"id": format!("{id}#{}", lossy(&s.id)),
				"type": lossy(&s.service_type),
				"serviceEndpoint": lossy(&s.endpoint),
			})
		})
		.collect();
	out.insert("service".into(), Value::Array(services));
	Value::Object(out)
}

fn relationship_urls(did: &str, methods: &[VerificationMethod], flag: u8) -> Vec<String> {
	methods.iter().filter(|m| m.relationships.contains(flag)).map(|m| key_url(did, m.id)).collect()
}

fn lossy(bytes: &[u8]) -> String {
	String::from_utf8_lossy(bytes).into_owned()
}

/// The document of a deactivated DID: only its context and id.
pub fn deactivated_document(did: &DidId) -> Value {
	json!({ "@context": DID_CONTEXTS, "id": format_did(did) })
}

/// The DID document metadata (DID Core section 7.1.3) of a live DID.
pub fn document_metadata<AccountId, Balance>(
	did: &DidId,
	document: &DidDocument<AccountId, Balance>,
) -> Value {
	let id = format_did(did);
	let mut meta = Map::new();
	meta.insert("created".into(), xml_datetime(document.created).into());
	if document.version > 1 {
		meta.insert("updated".into(), xml_datetime(document.updated).into());
	}
	meta.insert("deactivated".into(), false.into());
	meta.insert("versionId".into(), document.version.to_string().into());
	let retired: Vec<Value> = document
		.retired_keys
		.iter()
		.map(|r| {
			json!({
				"id": key_url(&id, r.id),
				"added": xml_datetime(r.added),
				"retired": xml_datetime(r.retired),
				"compromisedSince": r.compromised_since.map(xml_datetime),
			})
		})
		.collect();
	meta.insert("retiredVerificationMethods".into(), Value::Array(retired));
	Value::Object(meta)
}

/// The DID document metadata of a deactivated DID.
pub fn tombstone_metadata(tombstone: &Tombstone) -> Value {
	json!({
		"created": xml_datetime(tombstone.created),
		"updated": xml_datetime(tombstone.deactivated),
		"deactivated": true,
		"versionId": tombstone.version.to_string(),
	})
}

/// The W3C DID Resolution result for what the chain knows about `did`.
pub fn resolution_result<AccountId, Balance>(
	did: &DidId,
	resolution: &DidResolution<AccountId, Balance>,
	chain_id: u64,
) -> Value {
	let (document, metadata) = match resolution {
		DidResolution::Active(doc) => {
			(did_document(did, doc, chain_id), document_metadata(did, doc))
		},
		DidResolution::Deactivated(tombstone) => {
			(deactivated_document(did), tombstone_metadata(tombstone))
		},
	};
	json!({
		"@context": RESOLUTION_CONTEXT,
		"didDocument": document,
		"didResolutionMetadata": { "contentType": CONTENT_TYPE },
		"didDocumentMetadata": metadata,
	})
}

/// The W3C DID Resolution result of a failed resolution with `error` (`invalidDid`,
/// `notFound`, `internalError`).
pub fn resolution_error(error: &str) -> Value {
	json!({
		"@context": RESOLUTION_CONTEXT,
		"didDocument": Value::Null,
		"didResolutionMetadata": { "error": error },
		"didDocumentMetadata": {},
	})
}

/// A credential's on-chain state with its W3C `credentialStatus` entries.
pub fn credential_status_json(claim_hash: &ClaimHash, status: &CredentialStatus) -> Value {
	let issuer = format_did(&status.issuer);
	let (state, since) = match status.status {
		AttestationStatus::Active => ("active", None),
		AttestationStatus::Suspended { since } => ("suspended", Some(since)),
		AttestationStatus::Revoked { at } => ("revoked", Some(at)),
	};
	let extra: Map<String, Value> =
		status.extra.iter().map(|a| (lossy(&a.key), attribute_json(&a.value))).collect();
	let entries: Vec<Value> = [StatusPurpose::Revocation, StatusPurpose::Suspension]
		.into_iter()
		.map(|purpose| status_entry(&status.issuer, purpose, status.status_index))
		.collect();
	json!({
		"claimHash": hex0x(claim_hash),
		"issuer": issuer,
		"verificationMethod": key_url(&issuer, status.key_id),
		"subject": format_did(&status.subject),
		"schema": hex0x(&status.schema),
		"attributes": {
			"kycTier": status.kyc_tier,
			"jurisdiction": status.jurisdiction.map(|c| lossy(&c)),
			"accredited": status.accredited,
			"extra": extra,
		},
		"issued": xml_datetime(status.issued),
		"expires": status.expires.map(xml_datetime),
		"status": state,
		"statusSince": since.map(xml_datetime),
		"revoked": status.revocation_bit,
		"suspended": status.suspension_bit,
		"keyCompromised": status.key_compromised,
		"valid": status.valid_now,
		"checkedAt": xml_datetime(status.now),
		"credentialStatus": entries,
	})
}

/// A W3C `BitstringStatusListEntry` for index `index` of `issuer`'s list for `purpose`.
pub fn status_entry(issuer: &DidId, purpose: StatusPurpose, index: u32) -> Value {
	let list = status_list_url(issuer, purpose);
	json!({
		"id": format!("{list}#{index}"),
		"type": "BitstringStatusListEntry",
		"statusPurpose": purpose.as_str(),
		"statusListIndex": index.to_string(),
		"statusListCredential": list,
	})
}

fn attribute_json(value: &AttributeValue) -> Value {
	match value {
		AttributeValue::Bool(b) => json!(b),
		AttributeValue::Uint(n) => json!(n),
		AttributeValue::Country(c) => json!(lossy(c)),
		AttributeValue::Hash(h) => json!(hex0x(h)),
		AttributeValue::Text(t) => json!(lossy(t)),
	}
}

/// An issuer's status list: its length, its bits as hex, and an (unsigned) W3C
/// `BitstringStatusListCredential` whose `encodedList` is the multibase base64url GZIP of the
/// list padded to [`MIN_STATUS_LIST_BITS`].
pub fn status_list_json(issuer: &DidId, purpose: StatusPurpose, list: &StatusList) -> Value {
	let used_bytes = (list.length as usize).div_ceil(8).min(list.bits.len());
	let mut padded = list.bits[..used_bytes].to_vec();
	padded.resize(padded.len().max(MIN_STATUS_LIST_BITS / 8), 0);
	let url = status_list_url(issuer, purpose);
	json!({
		"issuer": format_did(issuer),
		"statusPurpose": purpose.as_str(),
		"length": list.length,
		"bits": hex0x(&list.bits[..used_bytes]),
		"statusListCredential": {
			"@context": ["https://www.w3.org/ns/credentials/v2"],
			"id": url,
			"type": ["VerifiableCredential", "BitstringStatusListCredential"],
			"issuer": format_did(issuer),
			"credentialSubject": {
				"id": format!("{url}#list"),
				"type": "BitstringStatusList",
				"statusPurpose": purpose.as_str(),
				"encodedList": format!("u{}", base64url(&gzip_stored(&padded))),
			},
		},
	})
}

/// Base64url without padding (RFC 4648 section 5).
pub fn base64url(data: &[u8]) -> String {
	const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
	for chunk in data.chunks(3) {
		let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
		let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
		let chars = chunk.len() + 1;
		for i in 0..chars {
			out.push(ALPHABET[(n >> (18 - 6 * i) & 0x3f) as usize] as char);
		}
	}
	out
}

/// The CRC-32 (IEEE 802.3) of `data`, as GZIP uses.
pub fn crc32(data: &[u8]) -> u32 {
	let mut crc = !0u32;
	for byte in data {
		crc ^= u32::from(*byte);
		for _ in 0..8 {
			crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
		}
	}
	!crc
}

/// A GZIP member (RFC 1952) holding `data` in stored (uncompressed) DEFLATE blocks: valid for
/// every GZIP reader, without a compression library.
pub fn gzip_stored(data: &[u8]) -> Vec<u8> {
	let mut out = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];
	let blocks: Vec<&[u8]> =
		if data.is_empty() { vec![&[]] } else { data.chunks(0xffff).collect() };
	let last = blocks.len() - 1;
	for (i, block) in blocks.iter().enumerate() {
		out.push(u8::from(i == last));
		let len = block.len() as u16;
		out.extend_from_slice(&len.to_le_bytes());
		out.extend_from_slice(&(!len).to_le_bytes());
		out.extend_from_slice(block);
	}
	out.extend_from_slice(&crc32(data).to_le_bytes());
	out.extend_from_slice(&(data.len() as u32).to_le_bytes());
	out
}

#[cfg(test)]
mod tests;
