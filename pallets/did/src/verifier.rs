//! Read-only queries: the [`ClaimVerifier`] other pallets use, the helper for the EVM
//! precompile, and what the runtime API returns.

use crate::{
	runtime_api::{CredentialStatus, DidDocument, DidResolution, ServiceEntry, StatusList},
	*,
};
use alloc::vec::Vec;
use codec::{Decode, Encode};
use mooring_primitives::identity::{ClaimSubject, ClaimVerifier, IssuerPolicy};
use polkadot_sdk::frame_support::{traits::Get, weights::Weight};

impl<T: Config> Pallet<T> {
	/// The DID `account` acts for: the DID it is linked to, else the DID whose identifier is
	/// the account itself while that DID still has its initial key (the key the account
	/// belongs to).
	pub fn did_of_account(account: &T::AccountId) -> Option<DidId> {
		if let Some(link) = AccountLinks::<T>::get(account) {
			return Some(link.did);
		}
		let id: DidId = account.encode().try_into().ok()?;
		let record = Dids::<T>::get(id)?;
		record.verification_methods.iter().any(|m| m.key.did_id() == id).then_some(id)
	}

	/// The attributes of the first valid claim of `schema` about the live DID `subject` from
	/// an issuer `issuers` trusts, in the order of the trusted list. Costs up to one lookup per
	/// trusted issuer.
	pub fn valid_claim_of_did(
		subject: &DidId,
		schema: &SchemaId,
		issuers: IssuerPolicy<'_>,
		now: Moment,
	) -> Option<ClaimAttributes> {
		Self::trusted_claims_of_did(subject, schema, issuers, now)?.next()
	}

	/// The attributes of every valid claim of `schema` about the live DID `subject` from an
	/// issuer `issuers` trusts, in the order of the trusted list. Costs one lookup per trusted
	/// issuer.
	pub fn valid_claims_of_did(
		subject: &DidId,
		schema: &SchemaId,
		issuers: IssuerPolicy<'_>,
		now: Moment,
	) -> Vec<ClaimAttributes> {
		Self::trusted_claims_of_did(subject, schema, issuers, now)
			.map(Iterator::collect)
			.unwrap_or_default()
	}

	/// The valid claims of `subject` by each trusted issuer, looked up lazily; `None` if the
	/// subject is not a live DID.
	fn trusted_claims_of_did<'a>(
		subject: &'a DidId,
		schema: &'a SchemaId,
		issuers: IssuerPolicy<'a>,
		now: Moment,
	) -> Option<impl Iterator<Item = ClaimAttributes> + 'a> {
		if !Dids::<T>::contains_key(subject) {
			return None;
		}
		let trusted = match issuers {
			IssuerPolicy::SchemaDefault => SchemaIssuers::<T>::get(schema).into_inner(),
			IssuerPolicy::Only(list) => list.to_vec(),
		};
		Some(
			trusted
				.into_iter()
				.filter_map(move |issuer| Self::claim_by(subject, schema, &issuer, now)),
		)
	}

	/// The attributes of `issuer`'s current claim of `schema` about `subject` if it is valid
	/// at `now` and the issuer is live.
	fn claim_by(
		subject: &DidId,
		schema: &SchemaId,
		issuer: &DidId,
		now: Moment,
	) -> Option<ClaimAttributes> {
		let claim_hash = ClaimIndex::<T>::get((subject, schema, issuer))?;
		let attestation = Attestations::<T>::get(claim_hash)?;
		Self::is_valid(&attestation, now).then(|| attestation.claim_attributes())
	}

	/// Whether `attestation` is valid at `now`: active, not expired, its issuer live and the
	/// key that signed it not compromised at the time.
	pub fn is_valid(attestation: &Attestation<T>, now: Moment) -> bool {
		attestation.is_valid_at(now) && !Self::issuer_voids(attestation)
	}

	/// Whether `attestation` is still in force: neither revoked nor expired (a suspension
	/// does not end it), its issuer live and its signing key not compromised at the time.
	pub fn in_force(attestation: &Attestation<T>) -> bool {
		let expired = attestation.expires.is_some_and(|expires| Self::now() >= expires);
		let revoked = matches!(attestation.status, AttestationStatus::Revoked { .. });
		!expired && !revoked && !Self::issuer_voids(attestation)
	}

	/// Whether the issuer no longer stands behind `attestation`: it is deactivated, or the
	/// signing key was reported compromised at the time of issue.
	fn issuer_voids(attestation: &Attestation<T>) -> bool {
		Self::key_compromised(attestation).unwrap_or(true)
	}

	/// Whether the key that signed `attestation` was compromised at the time; `None` if the
	/// issuer is not live.
	fn key_compromised(attestation: &Attestation<T>) -> Option<bool> {
		let issuer = Dids::<T>::get(attestation.issuer)?;
		Some(issuer.signed_while_compromised(attestation.key_id, attestation.issued))
	}

	/// The DID a claim subject stands for (an account's linked DID).
	fn subject_did(subject: &ClaimSubject<T::AccountId>) -> Option<DidId> {
		match subject {
			ClaimSubject::Account(account) => Self::did_of_account(account),
			ClaimSubject::Did(did) => Some(*did),
		}
	}

	/// The account pallet-revive maps an Ethereum address to (the address followed by twelve
	/// `0xEE` bytes), if `T::AccountId` is 32 bytes.
	pub fn ethereum_account(address: &[u8; 20]) -> Option<T::AccountId> {
		T::AccountId::decode(&mut &ethereum_account_bytes(address)[..]).ok()
	}

	/// For the EVM precompile's `hasValidClaim(address, bytes32 schema)`: the attributes of a
	/// valid claim of `schema` from an issuer governance trusts about the account of
	/// `address`, now.
	pub fn valid_claim_of_ethereum_address(
		address: &[u8; 20],
		schema: &SchemaId,
	) -> Option<ClaimAttributes> {
		let account = Self::ethereum_account(address)?;
		let subject = ClaimSubject::Account(account);
		<Self as ClaimVerifier<T::AccountId>>::valid_claim(
			&subject,
			schema,
			IssuerPolicy::SchemaDefault,
			Self::now(),
		)
	}

	/// The issuers `consumer` trusts for `schema` (empty if it keeps no list), to pass as
	/// [`IssuerPolicy::Only`].
	pub fn trusted_issuers(consumer: &Consumer<T::AccountId>, schema: &SchemaId) -> Vec<DidId> {
		ConsumerIssuers::<T>::get(consumer, schema)
			.map(|list| list.issuers.into_inner())
			.unwrap_or_default()
	}

	/// The on-chain state of `did` for resolvers: its document and metadata, its tombstone,
	/// or `None` if it never existed.
	pub fn resolve(did: &DidId) -> Option<DidResolution<T::AccountId, BalanceOf<T>>> {
		if let Some(record) = Dids::<T>::get(did) {
			return Some(DidResolution::Active(Self::document_of(record)));
		}
		DeactivatedDids::<T>::get(did).map(DidResolution::Deactivated)
	}

	fn document_of(record: DidRecord<T>) -> DidDocument<T::AccountId, BalanceOf<T>> {
		DidDocument {
			controllers: record.controllers.into_inner(),
			verification_methods: record.verification_methods.into_inner(),
			retired_keys: record.retired_keys.into_inner(),
			services: record
				.services
				.into_iter()
				.map(|s| ServiceEntry {
					id: s.id.into_inner(),
					service_type: s.service_type.into_inner(),
					endpoint: s.endpoint.into_inner(),
				})
				.collect(),
			also_known_as: record.also_known_as.into_iter().map(|u| u.into_inner()).collect(),
			created: record.created,
			updated: record.updated,
			version: record.version,
			deposit_owner: record.deposit_owner,
			deposit: record.deposit,
		}
	}

	/// The state of the attestation `claim_hash`, with its status-list bits.
	pub fn credential_status(claim_hash: &ClaimHash) -> Option<CredentialStatus> {
		let a = Attestations::<T>::get(claim_hash)?;
		let now = Self::now();
		Some(CredentialStatus {
			issuer: a.issuer,
			key_id: a.key_id,
			subject: a.subject,
			schema: a.schema,
			kyc_tier: a.attributes.kyc_tier,
			jurisdiction: a.attributes.jurisdiction,
			accredited: a.attributes.accredited,
			extra: a.attributes.extra.clone().into_inner(),
			issued: a.issued,
			expires: a.expires,
			status: a.status.clone(),
			status_index: a.status_index,
			revocation_bit: Self::status_bit(&a.issuer, StatusPurpose::Revocation, a.status_index),
			suspension_bit: Self::status_bit(&a.issuer, StatusPurpose::Suspension, a.status_index),
			key_compromised: Self::key_compromised(&a).unwrap_or(false),
			valid_now: Self::is_valid(&a, now),
			now,
		})
	}

	/// Bit `index` of `issuer`'s status list for `purpose`.
	pub fn status_bit(issuer: &DidId, purpose: StatusPurpose, index: u32) -> bool {
		let key = (issuer, purpose, index / STATUS_CHUNK_BITS);
		let offset = index % STATUS_CHUNK_BITS;
		StatusListChunks::<T>::get(key)
			.is_some_and(|chunk| chunk[(offset / 8) as usize] & (0x80 >> (offset % 8)) != 0)
	}

	/// Up to `max_chunks` chunks of `issuer`'s status list for `purpose`, from chunk
	/// `first_chunk`, as bytes (left-most bit first); the list length is the number of indices
	/// handed out.
	pub fn status_list(
		issuer: &DidId,
		purpose: StatusPurpose,
		first_chunk: u32,
		max_chunks: u32,
	) -> StatusList {
		let length = StatusListLength::<T>::get(issuer);
		let chunks = length.div_ceil(STATUS_CHUNK_BITS);
		let end = chunks.min(first_chunk.saturating_add(max_chunks));
		let mut bits = Vec::new();
		for chunk in first_chunk..end {
			let stored = StatusListChunks::<T>::get((issuer, purpose, chunk));
			bits.extend_from_slice(&stored.unwrap_or([0u8; STATUS_CHUNK_BYTES]));
		}
		StatusList { length, first_chunk, bits }
	}

	/// The claim attributes the runtime API reports for `subject`, using governance's issuers
	/// and the current time.
	pub fn valid_claim_now(
		subject: &ClaimSubject<T::AccountId>,
		schema: &SchemaId,
	) -> Option<ClaimAttributes> {
		<Self as ClaimVerifier<T::AccountId>>::valid_claim(
			subject,
			schema,
			IssuerPolicy::SchemaDefault,
			Self::now(),
		)
	}
}

impl<T: Config> ClaimVerifier<T::AccountId> for Pallet<T> {
	fn valid_claims(
		subject: &ClaimSubject<T::AccountId>,
		schema: &SchemaId,
		issuers: IssuerPolicy<'_>,
		now: u64,
	) -> Vec<ClaimAttributes> {
		Self::subject_did(subject)
			.map(|did| Self::valid_claims_of_did(&did, schema, issuers, now))
			.unwrap_or_default()
	}

	fn valid_claim(
		subject: &ClaimSubject<T::AccountId>,
		schema: &SchemaId,
		issuers: IssuerPolicy<'_>,
		now: u64,
	) -> Option<ClaimAttributes> {
		Self::valid_claim_of_did(&Self::subject_did(subject)?, schema, issuers, now)
	}

	fn did_of(account: &T::AccountId) -> Option<DidId> {
		Self::did_of_account(account)
	}

	/// Reads of one check: the account's link and, without one, its implicit DID; the
	/// subject's record; the schema's issuers; per trusted issuer the claim index, the
	/// attestation and the issuer's record (`MaxTrustedIssuers` of them at most).
	fn claim_check_weight() -> Weight {
		let issuers = u64::from(T::MaxTrustedIssuers::get());
		T::DbWeight::get().reads(4 + 3 * issuers)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn set_valid_claim(account: &T::AccountId, schema: &SchemaId, attributes: ClaimAttributes) {
		Self::benchmark_set_valid_claim(account, schema, attributes)
	}
}

#[cfg(feature = "runtime-benchmarks")]
mod benchmark_helpers {
	use super::*;
	use polkadot_sdk::{
		frame_support::BoundedVec,
		sp_runtime::traits::{TrailingZeroInput, Zero},
	};

	impl<T: Config> Pallet<T> {
		/// Inserts a live DID with one Ed25519 key (id 1) with `relationships`, without a
		/// deposit, and returns an origin for it. For benchmarks only.
		pub fn benchmark_did(seed: &[u8], relationships: Relationships) -> DidOrigin<T::AccountId> {
			let key = DidPublicKey::Ed25519(sp_io::hashing::blake2_256(seed));
			let did = key.did_id();
			let submitter = T::AccountId::decode(&mut TrailingZeroInput::zeroes())
				.expect("infinite input decodes an account");
			if !Dids::<T>::contains_key(did) {
				Self::insert_benchmark_did(did, key, relationships, submitter.clone());
			}
			DidOrigin { did, key_id: 1, submitter }
		}

		fn insert_benchmark_did(
			did: DidId,
			key: DidPublicKey,
			relationships: Relationships,
			owner: T::AccountId,
		) {
			let method =
				VerificationMethod { id: 1, key, relationships, ever_asserted: true, added: 0 };
			let record = DidRecord::<T> {
				controllers: BoundedVec::new(),
				verification_methods: BoundedVec::truncate_from(alloc::vec![method]),
				retired_keys: BoundedVec::new(),
				services: BoundedVec::new(),
				also_known_as: BoundedVec::new(),
				next_key_id: 2,
				created: 0,
				updated: 0,
				version: 1,
				deposit_owner: owner,
				deposit: Zero::zero(),
			};
			Dids::<T>::insert(did, record);
		}

		/// Links `new` to the DID `existing` acts for (creating one for `existing` if it has
		/// none), without deposits. For benchmarks of pallets that need two accounts of one DID.
		pub fn benchmark_link_same_did(existing: &T::AccountId, new: &T::AccountId) {
			let did = Self::did_of_account(existing).unwrap_or_else(|| {
				let seed = (b"benchmark-linked", existing).encode();
				let did = Self::benchmark_did(&seed, Relationships(Relationships::SIGNING)).did;
				Self::benchmark_link(existing, did);
				did
			});
			Self::benchmark_link(new, did);
		}

		fn benchmark_link(account: &T::AccountId, did: DidId) {
			LinkedAccounts::<T>::mutate(did, |accounts| {
				let _ = accounts.try_push(account.clone());
			});
			AccountLinks::<T>::insert(account, AccountLink { did, deposit: Zero::zero() });
		}

		/// Gives `account` a valid claim of `schema` with `attributes` from `attributes.issuer`,
		/// creating the subject DID (linked to the account), the schema and the issuer and
		/// trusting the issuer for the schema, all without deposits. For benchmarks only.
		pub fn benchmark_set_valid_claim(
			account: &T::AccountId,
			schema: &SchemaId,
			attributes: ClaimAttributes,
		) {
			let subject = match Self::did_of_account(account) {
				Some(did) => did,
				None => {
					let seed = (b"benchmark-subject", account).encode();
					let subject = Self::benchmark_did(&seed, Relationships(Relationships::SIGNING));
					Self::benchmark_link(account, subject.did);
					subject.did
				},
			};
			if !Schemas::<T>::contains_key(schema) {
				let record = SchemaRecord::<T> {
					uri: BoundedVec::truncate_from(
						b"https://schemas.mooring.dev/benchmark".to_vec(),
					),
					registrant: account.clone(),
					created: 0,
					deposit: Zero::zero(),
				};
				Schemas::<T>::insert(schema, record);
			}
			let issuer = attributes.issuer;
			if !Dids::<T>::contains_key(issuer) {
				let key = DidPublicKey::Ed25519(issuer);
				let rel = Relationships(Relationships::SIGNING);
				Self::insert_benchmark_did(issuer, key, rel, account.clone());
			}
			SchemaIssuers::<T>::mutate(schema, |issuers| {
				if !issuers.contains(&issuer) {
					let _ = issuers.try_push(issuer);
				}
			});
			let claim_hash = sp_io::hashing::blake2_256(&(subject, schema, issuer).encode());
			let status_index = StatusListLength::<T>::mutate(issuer, |length| {
				*length = length.saturating_add(1);
				*length - 1
			});
			let attestation = Attestation::<T> {
				issuer,
				key_id: 1,
				subject,
				schema: *schema,
				attributes: Attributes {
					kyc_tier: attributes.kyc_tier,
					jurisdiction: attributes.jurisdiction,
					accredited: attributes.accredited,
					extra: BoundedVec::new(),
				},
				issued: 0,
				expires: attributes.expires_at,
				status: AttestationStatus::Active,
				status_index,
				depositor: account.clone(),
				deposit: Zero::zero(),
			};
			Attestations::<T>::insert(claim_hash, attestation);
			ClaimIndex::<T>::insert((subject, *schema, issuer), claim_hash);
		}
	}
}
