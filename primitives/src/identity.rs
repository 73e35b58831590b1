//! Identity claims as other pallets see them.
//!
//! `pallets/did` keeps DIDs and verifiable-credential attestations; `pallets/rwa` and
//! `pallets/payments` only ask one question through [`ClaimVerifier`]: does this subject hold a
//! valid claim of schema S from an issuer I trust, and what are its attributes? No personal data
//! is on chain: a claim carries a hash of the off-chain credential and a few typed attributes.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use polkadot_sdk::sp_runtime::Weight;
use scale_info::TypeInfo;

/// The method-specific identifier of a `did:mooring:<id>` DID.
pub type DidId = [u8; 32];

/// Identifies a credential schema: the hash of its definition in the schema registry.
pub type SchemaId = [u8; 32];

/// An ISO 3166-1 alpha-2 country code in ASCII upper case, e.g. `*b"SG"`.
pub type CountryCode = [u8; 2];

/// Whom a claim is about: an account (resolved to the DID it is linked to) or a DID.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
pub enum ClaimSubject<AccountId> {
	/// An L2 account; it must be linked to a DID.
	Account(AccountId),
	/// A DID directly.
	Did(DidId),
}

/// Which issuers a caller trusts for a schema.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum IssuerPolicy<'a> {
	/// The issuers that governance trusts for the schema.
	SchemaDefault,
	/// Only these issuers (e.g. the list an RWA issuer keeps for its asset).
	Only(&'a [DidId]),
}

/// The typed attributes of a valid claim that compliance rules look at.
#[derive(
	Clone,
	PartialEq,
	Eq,
	Debug,
	Default,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
pub struct ClaimAttributes {
	/// The DID that issued (attested) the claim.
	pub issuer: DidId,
	/// KYC tier; 0 means none.
	pub kyc_tier: u8,
	/// Jurisdiction of the subject, if the claim states one.
	pub jurisdiction: Option<CountryCode>,
	/// Whether the subject is an accredited investor.
	pub accredited: bool,
	/// When the claim stops being valid (Unix time in milliseconds), if ever.
	pub expires_at: Option<u64>,
}

/// Answers whether a subject holds valid claims. Implemented by `pallets/did`.
///
/// A subject may hold claims of one schema from several trusted issuers, which may disagree
/// (an old "SG" claim from one, a newer "US" claim from another). A rule that requires
/// something must hold for SOME valid claim, a rule that forbids something for EVERY valid
/// claim, so that no issuer's claim can hide another's: use [`Self::valid_claims`] for both.
pub trait ClaimVerifier<AccountId> {
	/// The attributes of every claim of `schema` about `subject` that is valid at `now` (Unix
	/// time in milliseconds: not expired, revoked or suspended) from an issuer `issuers` trusts,
	/// at most one per issuer, in the order of the trusted list. Empty if there is none.
	fn valid_claims(
		subject: &ClaimSubject<AccountId>,
		schema: &SchemaId,
		issuers: IssuerPolicy<'_>,
		now: u64,
	) -> alloc::vec::Vec<ClaimAttributes>;

	/// One of [`Self::valid_claims`] (the first trusted issuer's), for callers that only ask
	/// whether a valid claim exists. `None` if there is none.
	fn valid_claim(
		subject: &ClaimSubject<AccountId>,
		schema: &SchemaId,
		issuers: IssuerPolicy<'_>,
		now: u64,
	) -> Option<ClaimAttributes> {
		Self::valid_claims(subject, schema, issuers, now).into_iter().next()
	}

	/// The DID an account is linked to, if any.
	fn did_of(account: &AccountId) -> Option<DidId>;

	/// The most one [`Self::valid_claims`] (or [`Self::valid_claim`]) call can weigh, every
	/// read uncached (each condition of a compliance rule may ask about another schema and
	/// subject); callers add it per call.
	fn claim_check_weight() -> Weight;

	/// Gives `subject` a valid claim of `schema` with `attributes`, creating whatever DIDs,
	/// schemas and issuers that needs, so benchmarks of other pallets can set up compliance.
	#[cfg(feature = "runtime-benchmarks")]
	fn set_valid_claim(account: &AccountId, schema: &SchemaId, attributes: ClaimAttributes);
}

/// A verifier for which no claim is ever valid: for runtimes or mocks without identities.
impl<AccountId> ClaimVerifier<AccountId> for () {
	fn valid_claims(
		_subject: &ClaimSubject<AccountId>,
		_schema: &SchemaId,
		_issuers: IssuerPolicy<'_>,
		_now: u64,
	) -> alloc::vec::Vec<ClaimAttributes> {
		alloc::vec::Vec::new()
	}

	fn did_of(_account: &AccountId) -> Option<DidId> {
		None
	}

	fn claim_check_weight() -> Weight {
		Weight::zero()
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn set_valid_claim(_account: &AccountId, _schema: &SchemaId, _attributes: ClaimAttributes) {}
}
