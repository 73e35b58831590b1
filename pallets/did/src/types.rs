//! Types of the `did:mooring` registry: DID documents, keys, signatures, credentials and the
//! textual form of a DID.

extern crate alloc;

use alloc::{string::String, vec::Vec};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use polkadot_sdk::{
	frame_support::{
		traits::{ConstU32, Get},
		BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound,
	},
	sp_core::{ecdsa, ed25519, sr25519},
	sp_io,
};
use scale_info::TypeInfo;

pub use mooring_primitives::identity::{ClaimAttributes, CountryCode, DidId, SchemaId};

/// The prefix of every DID of this method.
pub const DID_PREFIX: &str = "did:mooring:";

/// The identifier of a verification method inside its DID (`#key-<n>`); never reused.
pub type KeyId = u32;

/// The hash of an off-chain credential; identifies its attestation on chain.
pub type ClaimHash = [u8; 32];

/// A Unix time in milliseconds.
pub type Moment = u64;

/// Number of status bits kept in one storage chunk of a status list.
pub const STATUS_CHUNK_BITS: u32 = 1024;

/// Number of bytes of one status-list chunk.
pub const STATUS_CHUNK_BYTES: usize = (STATUS_CHUNK_BITS / 8) as usize;

/// One chunk of a status list: bit `i` of the list is bit `7 - i % 8` of byte `i / 8`
/// (the left-most bit first, as in the W3C Bitstring Status List).
pub type StatusChunk = [u8; STATUS_CHUNK_BYTES];

/// Maximum length of the key of an extra attribute and of a text attribute value.
pub type MaxAttributeLength = ConstU32<32>;

/// Signing context of a DID-authorised call.
pub const DID_CALL_CONTEXT: &[u8] = b"mooring/did-call";

/// Signing context of the proof that the creator of a DID holds its initial key.
pub const DID_CREATE_CONTEXT: &[u8] = b"mooring/did-create";

/// The verification relationships of a key, as bit flags (W3C DID Core section 5.3).
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Default,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
pub struct Relationships(pub u8);

impl Relationships {
	/// `authentication`: prove to be the DID subject; required by other pallets' DID origins.
	pub const AUTHENTICATION: u8 = 1;
	/// `assertionMethod`: issue, revoke and suspend credentials.
	pub const ASSERTION_METHOD: u8 = 2;
	/// `keyAgreement`: encryption towards the DID subject (off chain only).
	pub const KEY_AGREEMENT: u8 = 4;
	/// `capabilityInvocation`: update or deactivate the DID document.
	pub const CAPABILITY_INVOCATION: u8 = 8;
	/// `capabilityDelegation`: delegate capabilities to others (off chain only).
	pub const CAPABILITY_DELEGATION: u8 = 16;
	/// Every relationship.
	pub const ALL: u8 = 31;
	/// Every relationship that needs a signing key.
	pub const SIGNING: u8 = Self::ALL & !Self::KEY_AGREEMENT;

	/// Whether every flag of `flags` is set.
	pub fn contains(self, flags: u8) -> bool {
		self.0 & flags == flags
	}

	/// Whether at least one known flag and no unknown flag is set.
	pub fn is_valid(self) -> bool {
		self.0 != 0 && self.0 & !Self::ALL == 0
	}
}

/// The public part of a verification method.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
pub enum DidPublicKey {
	/// An Ed25519 public key.
	Ed25519([u8; 32]),
	/// An Sr25519 (Schnorrkel) public key.
	Sr25519([u8; 32]),
	/// A compressed secp256k1 public key; signatures are over the blake2-256 of the payload.
	Secp256k1([u8; 33]),
	/// An Ethereum address; signatures are EIP-191 `personal_sign` of the keccak-256 of the
	/// payload.
	EthereumAddress([u8; 20]),
	/// An X25519 key-agreement key; it cannot sign.
	X25519([u8; 32]),
}

impl DidPublicKey {
	/// Whether the key can sign DID-authorised calls.
	pub fn can_sign(&self) -> bool {
		!matches!(self, Self::X25519(_))
	}

	/// Whether the key type supports every relationship in `relationships`.
	pub fn supports(&self, relationships: Relationships) -> bool {
		let allowed = match self {
			Self::X25519(_) => Relationships::KEY_AGREEMENT,
			Self::EthereumAddress(_) => Relationships::SIGNING,
			_ => Relationships::ALL,
		};
		relationships.0 & !allowed == 0
	}

	/// The DID identifier a DID created with this key as its initial key gets. It equals the
	/// `AccountId32` of the same key: the public key for Ed25519 and Sr25519, the blake2-256 of
	/// the compressed key for secp256k1, the address followed by twelve `0xEE` bytes for an
	/// Ethereum address (pallet-revive's account mapping).
	pub fn did_id(&self) -> DidId {
		match self {
			Self::Ed25519(k) | Self::Sr25519(k) | Self::X25519(k) => *k,
			Self::Secp256k1(k) => sp_io::hashing::blake2_256(k),
			Self::EthereumAddress(a) => ethereum_account_bytes(a),
		}
	}
}

/// The 32 bytes of the account pallet-revive maps an Ethereum address to.
pub fn ethereum_account_bytes(address: &[u8; 20]) -> [u8; 32] {
	let mut bytes = [0xEE; 32];
	bytes[..20].copy_from_slice(address);
	bytes
}

/// A signature by a DID key.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
pub enum DidSignature {
	/// An Ed25519 signature of the payload.
	Ed25519([u8; 64]),
	/// An Sr25519 signature of the payload (signing context `substrate`, as `sp_core` signs).
	Sr25519([u8; 64]),
	/// A recoverable secp256k1 signature `r ‖ s ‖ v`: of the blake2-256 of the payload for a
	/// `Secp256k1` key, of the EIP-191 message of the keccak-256 of the payload for an
	/// `EthereumAddress`.
	Ecdsa([u8; 65]),
}

impl DidSignature {
	/// Whether this is a valid signature of `payload` by `key`.
	pub fn verify(&self, key: &DidPublicKey, payload: &[u8]) -> bool {
		match (self, key) {
			(Self::Ed25519(sig), DidPublicKey::Ed25519(pk)) => sp_io::crypto::ed25519_verify(
				&ed25519::Signature::from_raw(*sig),
				payload,
				&ed25519::Public::from_raw(*pk),
			),
			(Self::Sr25519(sig), DidPublicKey::Sr25519(pk)) => sp_io::crypto::sr25519_verify(
				&sr25519::Signature::from_raw(*sig),
				payload,
				&sr25519::Public::from_raw(*pk),
			),
			(Self::Ecdsa(sig), DidPublicKey::Secp256k1(pk)) => sp_io::crypto::ecdsa_verify(
				&ecdsa::Signature::from_raw(*sig),
				payload,
				&ecdsa::Public::from_raw(*pk),
			),
			(Self::Ecdsa(sig), DidPublicKey::EthereumAddress(address)) => {
				recover_ethereum_address(sig, payload).as_ref() == Some(address)
			},
			_ => false,
		}
	}
}

/// The EIP-191 (`personal_sign`) digest of `message`:
/// `keccak256("\x19Ethereum Signed Message:\n" ‖ decimal length ‖ message)`.
pub fn eip191_digest(message: &[u8]) -> [u8; 32] {
	let mut data = Vec::with_capacity(message.len() + 40);
	data.extend_from_slice(b"\x19Ethereum Signed Message:\n");
	let mut digits = [0u8; 20];
	let mut n = message.len();
	let mut start = digits.len();
	loop {
		start -= 1;
		digits[start] = b'0' + (n % 10) as u8;
		n /= 10;
		if n == 0 {
			break;
		}
	}
	data.extend_from_slice(&digits[start..]);
	data.extend_from_slice(message);
	sp_io::hashing::keccak_256(&data)
}

/// The digest an Ethereum wallet signs to authorise `payload`: the EIP-191 digest of the
/// 32-byte keccak-256 of the payload (`signMessage(keccak256(payload))` in ethers/viem).
pub fn ethereum_signed_digest(payload: &[u8]) -> [u8; 32] {
	eip191_digest(&sp_io::hashing::keccak_256(payload))
}

/// The Ethereum address whose key produced `signature` (`r ‖ s ‖ v`, `v` 0/1 or 27/28) of
/// `digest`, if the signature is valid.
pub fn recover_ethereum_signer(signature: &[u8; 65], digest: &[u8; 32]) -> Option<[u8; 20]> {
	let public = sp_io::crypto::secp256k1_ecdsa_recover(signature, digest).ok()?;
	let hash = sp_io::hashing::keccak_256(&public);
	let mut address = [0u8; 20];
	address.copy_from_slice(&hash[12..]);
	Some(address)
}

/// The Ethereum address that authorised `payload` with `signature`, if valid.
pub fn recover_ethereum_address(signature: &[u8; 65], payload: &[u8]) -> Option<[u8; 20]> {
	recover_ethereum_signer(signature, &ethereum_signed_digest(payload))
}

/// A verification method of a DID document.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
pub struct VerificationMethod {
	/// Its fragment number: `did:mooring:<id>#key-<id>`.
	pub id: KeyId,
	/// The public key or address.
	pub key: DidPublicKey,
	/// Its verification relationships.
	pub relationships: Relationships,
	/// Whether it has ever been an assertion method; such keys are kept as retired keys when
	/// removed, so credentials they signed stay verifiable.
	pub ever_asserted: bool,
	/// When it was added (Unix ms).
	pub added: Moment,
}

/// A removed assertion key that stays resolvable.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
pub struct RetiredKey {
	/// Its fragment number (never reused).
	pub id: KeyId,
	/// The public key or address.
	pub key: DidPublicKey,
	/// When it was added (Unix ms).
	pub added: Moment,
	/// When it was removed (Unix ms); it signs nothing valid after this time.
	pub retired: Moment,
	/// When it was compromised (Unix ms), if reported: what it signed from then on is invalid.
	pub compromised_since: Option<Moment>,
}

/// A service endpoint of a DID document.
#[derive(
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	DebugNoBound,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
#[scale_info(skip_type_params(MaxId, MaxUri))]
#[codec(mel_bound())]
pub struct Service<MaxId: Get<u32>, MaxUri: Get<u32>> {
	/// Its fragment: `did:mooring:<id>#<id>`.
	pub id: BoundedVec<u8, MaxId>,
	/// Its type, e.g. `LinkedDomains` or `DIDCommMessaging`.
	pub service_type: BoundedVec<u8, MaxId>,
	/// Its endpoint URI.
	pub endpoint: BoundedVec<u8, MaxUri>,
}

/// The tombstone of a deactivated DID: it can never be created again.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
pub struct Tombstone {
	/// When the DID was created (Unix ms).
	pub created: Moment,
	/// When it was deactivated (Unix ms).
	pub deactivated: Moment,
	/// Its last version number (the deactivation counts as one).
	pub version: u32,
}

/// The authorisation a DID-authorised call carried; the origin of the dispatched call.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
pub struct DidOrigin<AccountId> {
	/// The DID that signed.
	pub did: DidId,
	/// The verification method that signed.
	pub key_id: KeyId,
	/// The account that submitted (and paid for) the call; it pays deposits of items the call
	/// creates.
	pub submitter: AccountId,
}

/// A call a DID key signs so that any submitter can dispatch it as the DID.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
pub struct DidAuthorizedCall<Call, AccountId, BlockNumber> {
	/// The DID the call acts as.
	pub did: DidId,
	/// The verification method that signs.
	pub key_id: KeyId,
	/// The call.
	pub call: Call,
	/// The DID's next call nonce: one more than the last one used (the first is 1).
	pub nonce: u64,
	/// The last block in which the call may be included.
	pub expires_at: BlockNumber,
	/// The only account allowed to submit the call.
	pub submitter: AccountId,
}

/// Who keeps a list of trusted issuers.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
pub enum Consumer<AccountId> {
	/// An account, e.g. the issuer of a real-world asset.
	Account(AccountId),
	/// A DID.
	Did(DidId),
}

/// A typed value of an extra attribute.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
pub enum AttributeValue {
	/// A flag.
	Bool(bool),
	/// An unsigned number (amounts, dates, levels).
	Uint(u64),
	/// An ISO 3166-1 alpha-2 country code.
	Country(CountryCode),
	/// A hash or identifier.
	Hash([u8; 32]),
	/// A short printable ASCII text.
	Text(BoundedVec<u8, MaxAttributeLength>),
}

/// An extra typed attribute of a claim.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
pub struct ExtraAttribute {
	/// Its name, printable ASCII.
	pub key: BoundedVec<u8, MaxAttributeLength>,
	/// Its value.
	pub value: AttributeValue,
}

/// The typed attributes an attestation states about its subject.
#[derive(
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	DebugNoBound,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
#[scale_info(skip_type_params(MaxExtra))]
#[codec(mel_bound())]
pub struct Attributes<MaxExtra: Get<u32>> {
	/// KYC tier; 0 means none.
	pub kyc_tier: u8,
	/// ISO 3166-1 alpha-2 jurisdiction of the subject, upper case.
	pub jurisdiction: Option<CountryCode>,
	/// Whether the subject is an accredited investor.
	pub accredited: bool,
	/// Further typed attributes, with distinct keys.
	pub extra: BoundedVec<ExtraAttribute, MaxExtra>,
}

impl<MaxExtra: Get<u32>> Default for Attributes<MaxExtra> {
	fn default() -> Self {
		Self { kyc_tier: 0, jurisdiction: None, accredited: false, extra: BoundedVec::new() }
	}
}

/// The revocation state of an attestation.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
pub enum AttestationStatus {
	/// Valid until it expires.
	Active,
	/// Temporarily not valid, since this time (Unix ms).
	Suspended {
		/// When it was suspended.
		since: Moment,
	},
	/// Permanently not valid, since this time (Unix ms).
	Revoked {
		/// When it was revoked.
		at: Moment,
	},
}

/// The two status lists each issuer keeps (W3C Bitstring Status List `statusPurpose`).
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
pub enum StatusPurpose {
	/// A set bit means revoked, forever.
	Revocation,
	/// A set bit means suspended; the bit is cleared again on unsuspension.
	Suspension,
}

impl StatusPurpose {
	/// The W3C name of the purpose.
	pub fn as_str(self) -> &'static str {
		match self {
			Self::Revocation => "revocation",
			Self::Suspension => "suspension",
		}
	}
}

/// Whether `code` is an upper-case ISO 3166-1 alpha-2 shaped code.
pub fn is_country_code(code: &CountryCode) -> bool {
	code.iter().all(u8::is_ascii_uppercase)
}

/// Whether `bytes` is non-empty printable ASCII without spaces.
pub fn is_printable_token(bytes: &[u8]) -> bool {
	!bytes.is_empty() && bytes.iter().all(|b| b.is_ascii_graphic())
}

/// Whether `bytes` is a valid DID URL fragment: letters, digits, `-`, `_` and `.`.
pub fn is_fragment(bytes: &[u8]) -> bool {
	!bytes.is_empty()
		&& bytes.iter().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// Whether `bytes` looks like an absolute URI: printable ASCII with a scheme (`scheme:rest`).
pub fn is_uri(bytes: &[u8]) -> bool {
	let Some(colon) = bytes.iter().position(|b| *b == b':') else { return false };
	is_printable_token(bytes)
		&& colon > 0
		&& bytes[0].is_ascii_alphabetic()
		&& bytes[..colon]
			.iter()
			.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
}

/// The textual DID `did:mooring:0x<64 lower-case hex digits>` of `id`.
pub fn format_did(id: &DidId) -> String {
	let mut did = String::with_capacity(DID_PREFIX.len() + 66);
	did.push_str(DID_PREFIX);
	did.push_str("0x");
	for byte in id {
		did.push(hex_digit(byte >> 4));
		did.push(hex_digit(byte & 0x0f));
	}
	did
}

fn hex_digit(nibble: u8) -> char {
	char::from_digit(nibble as u32, 16).unwrap_or('0')
}

/// Parses a textual DID `did:mooring:0x<64 lower-case hex digits>`; `None` if malformed.
pub fn parse_did(did: &str) -> Option<DidId> {
	let hex = did.strip_prefix(DID_PREFIX)?.strip_prefix("0x")?;
	if hex.len() != 64 {
		return None;
	}
	let mut id = [0u8; 32];
	for (i, pair) in hex.as_bytes().chunks(2).enumerate() {
		id[i] = (lower_hex_value(pair[0])? << 4) | lower_hex_value(pair[1])?;
	}
	Some(id)
}

fn lower_hex_value(digit: u8) -> Option<u8> {
	match digit {
		b'0'..=b'9' => Some(digit - b'0'),
		b'a'..=b'f' => Some(digit - b'a' + 10),
		_ => None,
	}
}

/// A service with the bounds of the runtime.
pub type ServiceOf<T> =
	Service<<T as crate::Config>::MaxIdLength, <T as crate::Config>::MaxUriLength>;

/// A URI with the bound of the runtime.
pub type UriOf<T> = BoundedVec<u8, <T as crate::Config>::MaxUriLength>;

/// Claim attributes with the bound of the runtime.
pub type AttributesOf<T> = Attributes<<T as crate::Config>::MaxExtraAttributes>;

/// A live DID: its document, metadata and the deposit that pays for its storage.
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound, Encode, Decode, TypeInfo, MaxEncodedLen,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound())]
pub struct DidRecord<T: crate::Config> {
	/// Other DIDs that may update or deactivate this DID (W3C `controller`).
	pub controllers: BoundedVec<DidId, T::MaxControllers>,
	/// Its current verification methods.
	pub verification_methods: BoundedVec<VerificationMethod, T::MaxVerificationMethods>,
	/// Removed assertion keys, kept so credentials they signed stay verifiable.
	pub retired_keys: BoundedVec<RetiredKey, T::MaxRetiredKeys>,
	/// Its service endpoints.
	pub services: BoundedVec<ServiceOf<T>, T::MaxServices>,
	/// Other identifiers of the subject (W3C `alsoKnownAs`).
	pub also_known_as: BoundedVec<UriOf<T>, T::MaxAlsoKnownAs>,
	/// The fragment number the next verification method gets.
	pub next_key_id: KeyId,
	/// When it was created (Unix ms).
	pub created: Moment,
	/// When its document last changed (Unix ms).
	pub updated: Moment,
	/// Its version: 1 at creation, one more for every change of the document.
	pub version: u32,
	/// The account whose funds are held for the deposit.
	pub deposit_owner: T::AccountId,
	/// The deposit held for this record.
	pub deposit: crate::BalanceOf<T>,
}

impl<T: crate::Config> DidRecord<T> {
	/// The verification method with fragment number `id`.
	pub fn key(&self, id: KeyId) -> Option<&VerificationMethod> {
		self.verification_methods.iter().find(|m| m.id == id)
	}

	/// Whether someone can still update the DID: one of its keys is a capability-invocation
	/// key, or it has a controller.
	pub fn is_controllable(&self) -> bool {
		!self.controllers.is_empty()
			|| self
				.verification_methods
				.iter()
				.any(|m| m.relationships.contains(Relationships::CAPABILITY_INVOCATION))
	}

	/// Whether something the key `key_id` signed at `signed` (Unix ms) falls in a reported
	/// compromise of that key.
	pub fn signed_while_compromised(&self, key_id: KeyId, signed: Moment) -> bool {
		self.retired_keys
			.iter()
			.any(|r| r.id == key_id && r.compromised_since.is_some_and(|since| signed >= since))
	}

	/// Whether `key` is one of its current or retired keys.
	pub fn has_key(&self, key: &DidPublicKey) -> bool {
		self.verification_methods.iter().any(|m| m.key == *key)
			|| self.retired_keys.iter().any(|r| r.key == *key)
	}
}

/// An account linked to a DID, with the deposit its owner paid for the link.
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound, Encode, Decode, TypeInfo, MaxEncodedLen,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound())]
pub struct AccountLink<T: crate::Config> {
	/// The DID the account acts for.
	pub did: DidId,
	/// The deposit held from the account.
	pub deposit: crate::BalanceOf<T>,
}

/// A registered credential schema.
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound, Encode, Decode, TypeInfo, MaxEncodedLen,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound())]
pub struct SchemaRecord<T: crate::Config> {
	/// Where its definition is published; its id is the hash of that definition.
	pub uri: UriOf<T>,
	/// The account that registered it and paid the deposit.
	pub registrant: T::AccountId,
	/// When it was registered (Unix ms).
	pub created: Moment,
	/// The deposit held from the registrant.
	pub deposit: crate::BalanceOf<T>,
}

/// The issuers a consumer trusts for one schema.
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound, Encode, Decode, TypeInfo, MaxEncodedLen,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound())]
pub struct TrustedIssuerList<T: crate::Config> {
	/// The trusted issuer DIDs, in order of preference.
	pub issuers: BoundedVec<DidId, T::MaxTrustedIssuers>,
	/// The account that paid the deposit.
	pub depositor: T::AccountId,
	/// The deposit held from the depositor.
	pub deposit: crate::BalanceOf<T>,
}

/// An attestation: an issuer DID vouches for a claim about a subject DID.
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound, Encode, Decode, TypeInfo, MaxEncodedLen,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound())]
pub struct Attestation<T: crate::Config> {
	/// The issuer DID.
	pub issuer: DidId,
	/// The issuer's assertion key that authorised it.
	pub key_id: KeyId,
	/// Whom the claim is about.
	pub subject: DidId,
	/// The schema of the claim.
	pub schema: SchemaId,
	/// The typed attributes it states.
	pub attributes: AttributesOf<T>,
	/// When it was issued (Unix ms).
	pub issued: Moment,
	/// When it expires (Unix ms), if ever.
	pub expires: Option<Moment>,
	/// Whether it is active, suspended or revoked.
	pub status: AttestationStatus,
	/// Its index in the issuer's status lists.
	pub status_index: u32,
	/// The account that paid the deposit.
	pub depositor: T::AccountId,
	/// The deposit held from the depositor.
	pub deposit: crate::BalanceOf<T>,
}

impl<T: crate::Config> Attestation<T> {
	/// Whether it is active and not expired at `now` (Unix ms).
	pub fn is_valid_at(&self, now: Moment) -> bool {
		self.status == AttestationStatus::Active && self.expires.is_none_or(|e| now < e)
	}

	/// The attributes other pallets see.
	pub fn claim_attributes(&self) -> ClaimAttributes {
		ClaimAttributes {
			issuer: self.issuer,
			kyc_tier: self.attributes.kyc_tier,
			jurisdiction: self.attributes.jurisdiction,
			accredited: self.attributes.accredited,
			expires_at: self.expires,
		}
	}
}
