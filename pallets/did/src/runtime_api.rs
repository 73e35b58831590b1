//! The runtime API resolvers and wallets use: DID documents with their metadata, credential
//! status and status lists, as stored on chain. The JSON (W3C DID Core) rendering lives in the
//! `pallet-did-rpc` crate.

use crate::types::{
	AttestationStatus, ClaimAttributes, ClaimHash, CountryCode, DidId, ExtraAttribute, KeyId,
	Moment, RetiredKey, SchemaId, StatusPurpose, Tombstone, VerificationMethod,
};
use alloc::vec::Vec;
use codec::{Codec, Decode, Encode};
use mooring_primitives::identity::ClaimSubject;
use scale_info::TypeInfo;

/// A service of a DID document.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo)]
pub struct ServiceEntry {
	/// Its fragment.
	pub id: Vec<u8>,
	/// Its type.
	pub service_type: Vec<u8>,
	/// Its endpoint URI.
	pub endpoint: Vec<u8>,
}

/// A live DID document with its metadata.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo)]
pub struct DidDocument<AccountId, Balance> {
	/// Other DIDs that control it.
	pub controllers: Vec<DidId>,
	/// Its current verification methods.
	pub verification_methods: Vec<VerificationMethod>,
	/// Its retired assertion keys, still resolvable.
	pub retired_keys: Vec<RetiredKey>,
	/// Its services.
	pub services: Vec<ServiceEntry>,
	/// Its `alsoKnownAs` URIs.
	pub also_known_as: Vec<Vec<u8>>,
	/// Creation time (Unix ms).
	pub created: Moment,
	/// Last update time (Unix ms).
	pub updated: Moment,
	/// Version: 1 at creation, one more per update.
	pub version: u32,
	/// Who pays its deposit.
	pub deposit_owner: AccountId,
	/// Its deposit.
	pub deposit: Balance,
}

/// What the chain knows about a DID.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo)]
pub enum DidResolution<AccountId, Balance> {
	/// It is live.
	Active(DidDocument<AccountId, Balance>),
	/// It was deactivated.
	Deactivated(Tombstone),
}

/// The state of an attestation.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo)]
pub struct CredentialStatus {
	/// The issuer DID.
	pub issuer: DidId,
	/// The issuer's key that authorised it.
	pub key_id: KeyId,
	/// The subject DID.
	pub subject: DidId,
	/// Its schema.
	pub schema: SchemaId,
	/// KYC tier.
	pub kyc_tier: u8,
	/// Jurisdiction.
	pub jurisdiction: Option<CountryCode>,
	/// Accredited investor.
	pub accredited: bool,
	/// Extra typed attributes.
	pub extra: Vec<ExtraAttribute>,
	/// Issuance time (Unix ms).
	pub issued: Moment,
	/// Expiry time (Unix ms), if any.
	pub expires: Option<Moment>,
	/// Active, suspended or revoked.
	pub status: AttestationStatus,
	/// Its index in the issuer's status lists.
	pub status_index: u32,
	/// Its bit in the issuer's revocation list.
	pub revocation_bit: bool,
	/// Its bit in the issuer's suspension list.
	pub suspension_bit: bool,
	/// Whether the key that signed it was reported compromised at the time of issue.
	pub key_compromised: bool,
	/// Whether it is valid at `now`: active, not expired, issuer live, its key not
	/// compromised at the time of issue.
	pub valid_now: bool,
	/// The time of the block it was read at (Unix ms).
	pub now: Moment,
}

/// A slice of an issuer's status list.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo)]
pub struct StatusList {
	/// Number of indices the issuer has handed out.
	pub length: u32,
	/// The chunk `bits` starts at (each chunk holds 1024 bits).
	pub first_chunk: u32,
	/// The bits, left-most first.
	pub bits: Vec<u8>,
}

polkadot_sdk::sp_api::decl_runtime_apis! {
	/// Read access to the `did:mooring` registry.
	pub trait DidApi<AccountId, Balance> where AccountId: Codec, Balance: Codec {
		/// The document and metadata of a DID, its tombstone, or `None` if it never existed.
		fn resolve(did: DidId) -> Option<DidResolution<AccountId, Balance>>;
		/// The state of the attestation of a credential.
		fn credential_status(claim_hash: ClaimHash) -> Option<CredentialStatus>;
		/// Up to `max_chunks` chunks of 1024 bits of an issuer's status list from `first_chunk`.
		fn status_list(issuer: DidId, purpose: StatusPurpose, first_chunk: u32, max_chunks: u32) -> StatusList;
		/// The DID an account acts for.
		fn did_of(account: AccountId) -> Option<DidId>;
		/// A claim of `schema` about `subject` valid now from an issuer governance trusts.
		fn valid_claim(subject: ClaimSubject<AccountId>, schema: SchemaId) -> Option<ClaimAttributes>;
	}
}
