//! # DID pallet
//!
//! The `did:mooring` registry (see `docs/did-method.md`): W3C DID documents on chain, calls
//! authorised by DID keys, a credential-schema registry, attestations of verifiable credentials
//! with revocation, suspension and W3C Bitstring Status Lists, and trusted-issuer lists.
//!
//! - A DID is created by an account that proves it holds the initial key; its identifier is
//!   the `AccountId32` of that key. Its document holds controllers, verification methods with
//!   their relationships, services and `alsoKnownAs`. Its storage deposit follows its size.
//!   Deactivation leaves a tombstone: the DID can never be created again.
//! - [`Pallet::submit_did_call`] dispatches a call signed by a DID key (nonce, expiry block and
//!   submitter are signed too) with the origin [`DidOrigin`]; the submitter pays the fee.
//!   Other pallets accept such calls through [`EnsureDidOrigin`].
//! - Issuers (DIDs with an assertion key) attest claims about subject DIDs; other pallets ask
//!   [`mooring_primitives::identity::ClaimVerifier`], which this pallet implements.
//!
//! No personal data is stored: only DIDs, public keys, hashes and small typed attributes.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
mod origin;
pub mod runtime_api;
#[cfg(test)]
mod tests;
pub mod types;
mod verifier;
pub mod weights;

pub use origin::{EnsureDidOrigin, AUTHENTICATION};
pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

use polkadot_sdk::*;

/// The balance type of the deposit currency.
pub type BalanceOf<T> = <<T as Config>::Currency as frame_support::traits::fungible::Inspect<
	<T as frame_system::Config>::AccountId,
>>::Balance;

/// A DID-authorised call of the runtime.
pub type DidCallOf<T> = DidAuthorizedCall<
	<T as Config>::RuntimeCall,
	<T as frame_system::Config>::AccountId,
	frame_system::pallet_prelude::BlockNumberFor<T>,
>;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::boxed::Box;
	use codec::Encode;
	use frame_support::{
		dispatch::{extract_actual_weight, GetDispatchInfo, PostDispatchInfo},
		pallet_prelude::*,
		traits::{
			fungible::{Inspect, MutateHold},
			tokens::Precision,
			UnixTime,
		},
	};
	use frame_system::pallet_prelude::*;
	use sp_runtime::traits::{Dispatchable, Saturating, Zero};

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Configuration of the DID pallet.
	#[pallet::config]
	pub trait Config: polkadot_sdk::frame_system::Config {
		/// The overarching event type.
		#[allow(deprecated)]
		type RuntimeEvent: From<Event<Self>>
			+ IsType<<Self as polkadot_sdk::frame_system::Config>::RuntimeEvent>;

		/// The overarching origin type; it includes [`DidOrigin`].
		type RuntimeOrigin: From<DidOrigin<Self::AccountId>>
			+ Into<Result<DidOrigin<Self::AccountId>, <Self as Config>::RuntimeOrigin>>
			+ IsType<<Self as frame_system::Config>::RuntimeOrigin>;

		/// The overarching call type, for DID-authorised calls.
		type RuntimeCall: Parameter
			+ Dispatchable<
				RuntimeOrigin = <Self as frame_system::Config>::RuntimeOrigin,
				PostInfo = PostDispatchInfo,
			> + GetDispatchInfo
			+ From<frame_system::Call<Self>>;

		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason>;

		/// The currency that storage deposits are held in.
		type Currency: Inspect<Self::AccountId>
			+ MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The origin that decides which issuers are trusted for a schema by default.
		type GovernanceOrigin: EnsureOrigin<<Self as frame_system::Config>::RuntimeOrigin>;

		/// Wall-clock time, for creation, update, issuance and expiry times.
		type Time: UnixTime;

		/// Deposit for every storage item a user creates.
		#[pallet::constant]
		type DepositPerItem: Get<BalanceOf<Self>>;

		/// Deposit for every byte a user stores.
		#[pallet::constant]
		type DepositPerByte: Get<BalanceOf<Self>>;

		/// Maximum number of controllers of a DID.
		#[pallet::constant]
		type MaxControllers: Get<u32>;

		/// Maximum number of verification methods of a DID.
		#[pallet::constant]
		type MaxVerificationMethods: Get<u32>;

		/// Maximum number of retired assertion keys a DID keeps.
		#[pallet::constant]
		type MaxRetiredKeys: Get<u32>;

		/// Maximum number of services of a DID.
		#[pallet::constant]
		type MaxServices: Get<u32>;

		/// Maximum number of `alsoKnownAs` identifiers of a DID.
		#[pallet::constant]
		type MaxAlsoKnownAs: Get<u32>;

		/// Maximum length of a service id or service type.
		#[pallet::constant]
		type MaxIdLength: Get<u32>;

		/// Maximum length of a URI (service endpoint, `alsoKnownAs`, schema location).
		#[pallet::constant]
		type MaxUriLength: Get<u32>;

		/// Maximum number of accounts linked to one DID.
		#[pallet::constant]
		type MaxLinkedAccounts: Get<u32>;

		/// Maximum number of issuers in a trusted-issuer list.
		#[pallet::constant]
		type MaxTrustedIssuers: Get<u32>;

		/// Maximum number of extra typed attributes of an attestation.
		#[pallet::constant]
		type MaxExtraAttributes: Get<u32>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;
	}

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// Storage deposit of a DID, account link, schema, trusted-issuer list or attestation.
		#[codec(index = 0)]
		StorageDeposit,
	}

	/// The origin of a DID-authorised call.
	#[pallet::origin]
	pub type Origin<T> = DidOrigin<<T as frame_system::Config>::AccountId>;

	/// Live DIDs.
	#[pallet::storage]
	pub type Dids<T: Config> = StorageMap<_, Blake2_128Concat, DidId, DidRecord<T>>;

	/// Tombstones of deactivated DIDs; they can never be created again.
	#[pallet::storage]
	pub type DeactivatedDids<T: Config> = StorageMap<_, Blake2_128Concat, DidId, Tombstone>;

	/// The last nonce each DID used for a DID-authorised call.
	#[pallet::storage]
	pub type DidCallNonces<T: Config> = StorageMap<_, Blake2_128Concat, DidId, u64, ValueQuery>;

	/// The DID each linked account acts for.
	#[pallet::storage]
	pub type AccountLinks<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, AccountLink<T>>;

	/// The accounts linked to each DID.
	#[pallet::storage]
	pub type LinkedAccounts<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		DidId,
		BoundedVec<T::AccountId, T::MaxLinkedAccounts>,
		ValueQuery,
	>;

	/// Registered credential schemas.
	#[pallet::storage]
	pub type Schemas<T: Config> = StorageMap<_, Blake2_128Concat, SchemaId, SchemaRecord<T>>;

	/// The issuers governance trusts for each schema ([`IssuerPolicy::SchemaDefault`]).
	///
	/// [`IssuerPolicy::SchemaDefault`]: mooring_primitives::identity::IssuerPolicy
	#[pallet::storage]
	pub type SchemaIssuers<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		SchemaId,
		BoundedVec<DidId, T::MaxTrustedIssuers>,
		ValueQuery,
	>;

	/// The issuers each consumer (account or DID) trusts for a schema.
	#[pallet::storage]
	pub type ConsumerIssuers<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		Consumer<T::AccountId>,
		Blake2_128Concat,
		SchemaId,
		TrustedIssuerList<T>,
	>;

	/// Attestations by claim hash.
	#[pallet::storage]
	pub type Attestations<T: Config> = StorageMap<_, Blake2_128Concat, ClaimHash, Attestation<T>>;

	/// The latest attestation of each issuer about a subject for a schema:
	/// `(subject, schema, issuer) -> claim hash`.
	#[pallet::storage]
	pub type ClaimIndex<T: Config> = StorageNMap<
		_,
		(
			NMapKey<Blake2_128Concat, DidId>,
			NMapKey<Blake2_128Concat, SchemaId>,
			NMapKey<Blake2_128Concat, DidId>,
		),
		ClaimHash,
	>;

	/// The number of status-list indices each issuer has handed out.
	#[pallet::storage]
	pub type StatusListLength<T: Config> = StorageMap<_, Blake2_128Concat, DidId, u32, ValueQuery>;

	/// The status lists of each issuer, in chunks of [`STATUS_CHUNK_BITS`] bits:
	/// `(issuer, purpose, chunk) -> bits`. Bits are never forgotten.
	#[pallet::storage]
	pub type StatusListChunks<T: Config> = StorageNMap<
		_,
		(
			NMapKey<Blake2_128Concat, DidId>,
			NMapKey<Twox64Concat, StatusPurpose>,
			NMapKey<Twox64Concat, u32>,
		),
		StatusChunk,
	>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A DID was created.
		DidCreated { did: DidId, deposit_owner: T::AccountId },
		/// A verification method was added.
		VerificationMethodAdded { did: DidId, key_id: KeyId, relationships: Relationships },
		/// A verification method was removed; `retired` if it stays resolvable.
		VerificationMethodRemoved { did: DidId, key_id: KeyId, retired: bool },
		/// The relationships of a verification method changed.
		RelationshipsChanged { did: DidId, key_id: KeyId, relationships: Relationships },
		/// A retired key was forgotten.
		RetiredKeyForgotten { did: DidId, key_id: KeyId },
		/// A retired key was reported compromised: attestations it signed at or after `since`
		/// are invalid.
		KeyCompromised { did: DidId, key_id: KeyId, since: Moment },
		/// A service was added.
		ServiceAdded { did: DidId, service_id: BoundedVec<u8, T::MaxIdLength> },
		/// A service was removed.
		ServiceRemoved { did: DidId, service_id: BoundedVec<u8, T::MaxIdLength> },
		/// A controller was added.
		ControllerAdded { did: DidId, controller: DidId },
		/// A controller was removed.
		ControllerRemoved { did: DidId, controller: DidId },
		/// The `alsoKnownAs` identifiers were replaced.
		AlsoKnownAsSet { did: DidId, count: u32 },
		/// A DID was deactivated; its deposit and its account links' deposits were returned.
		DidDeactivated { did: DidId },
		/// Another account now pays the deposit of a DID.
		DepositOwnerChanged { did: DidId, from: T::AccountId, to: T::AccountId },
		/// An account was linked to a DID.
		AccountLinked { did: DidId, account: T::AccountId },
		/// An account was unlinked from a DID.
		AccountUnlinked { did: DidId, account: T::AccountId },
		/// A DID-authorised call was dispatched (its nonce is used whatever the result).
		DidCallDispatched { did: DidId, nonce: u64, result: DispatchResult },
		/// A credential schema was registered.
		SchemaRegistered { schema: SchemaId, registrant: T::AccountId },
		/// Governance trusts an issuer for a schema.
		SchemaIssuerAdded { schema: SchemaId, issuer: DidId },
		/// Governance no longer trusts an issuer for a schema.
		SchemaIssuerRemoved { schema: SchemaId, issuer: DidId },
		/// A consumer set its trusted issuers for a schema.
		TrustedIssuersSet { consumer: Consumer<T::AccountId>, schema: SchemaId, count: u32 },
		/// A consumer removed its trusted issuers for a schema.
		TrustedIssuersCleared { consumer: Consumer<T::AccountId>, schema: SchemaId },
		/// An issuer attested a claim.
		Attested {
			claim_hash: ClaimHash,
			issuer: DidId,
			subject: DidId,
			schema: SchemaId,
			status_index: u32,
		},
		/// An attestation was revoked, forever.
		Revoked { claim_hash: ClaimHash },
		/// A newer attestation of the same issuer about the same subject and schema replaced
		/// `claim_hash`, which is revoked.
		Superseded { claim_hash: ClaimHash, by: ClaimHash },
		/// An attestation was suspended.
		Suspended { claim_hash: ClaimHash },
		/// A suspended attestation is active again.
		Unsuspended { claim_hash: ClaimHash },
		/// An attestation was removed (and stays revoked in the status list); its deposit was
		/// returned.
		AttestationRemoved { claim_hash: ClaimHash },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No live DID with this identifier.
		DidNotFound,
		/// The DID was deactivated; it can neither change nor be created again.
		DidDeactivated,
		/// A DID with this identifier already exists.
		DidAlreadyExists,
		/// The creator is not the initial key's account, so a proof of possession is required.
		ProofRequired,
		/// The signature does not verify with the key.
		InvalidSignature,
		/// The key cannot sign (a key-agreement key).
		KeyCannotSign,
		/// The origin is neither the DID nor one of its controllers.
		NotAuthorized,
		/// The signing key is not (or no longer) a verification method of the DID.
		KeyNotFound,
		/// The signing key lacks the verification relationship this call needs.
		MissingRelationship,
		/// No relationship, or an unknown one, was given.
		InvalidRelationships,
		/// The key type cannot have one of the given relationships.
		RelationshipNotSupported,
		/// The key is already one of the DID's current or retired keys.
		DuplicateKey,
		/// The DID has the maximum number of verification methods.
		TooManyVerificationMethods,
		/// The DID keeps the maximum number of retired keys; forget one first.
		TooManyRetiredKeys,
		/// No retired key with this id.
		RetiredKeyNotFound,
		/// The change would leave nobody able to update the DID.
		WouldLoseControl,
		/// A service id must be a fragment (letters, digits, `-`, `_`, `.`) not starting with
		/// `key-`.
		InvalidServiceId,
		/// A service type must be printable ASCII without spaces.
		InvalidServiceType,
		/// Not an absolute URI of printable ASCII.
		InvalidUri,
		/// A service with this id exists.
		DuplicateService,
		/// No service with this id.
		ServiceNotFound,
		/// The DID has the maximum number of services.
		TooManyServices,
		/// A DID cannot be its own controller.
		CannotControlSelf,
		/// The controller is not a live DID.
		UnknownController,
		/// The DID is already a controller.
		AlreadyController,
		/// The DID is not a controller.
		NotAController,
		/// The DID has the maximum number of controllers.
		TooManyControllers,
		/// The same `alsoKnownAs` identifier appears twice.
		DuplicateAlias,
		/// The submitter already pays the deposit.
		AlreadyDepositOwner,
		/// The account is already linked to a DID.
		AccountAlreadyLinked,
		/// The account is not linked (to this DID).
		AccountNotLinked,
		/// The DID has the maximum number of linked accounts.
		TooManyLinkedAccounts,
		/// The call was submitted by another account than the one signed for.
		WrongSubmitter,
		/// The call's expiry block has passed.
		DidCallExpired,
		/// The nonce was used already.
		NonceAlreadyUsed,
		/// The nonce is beyond the DID's next nonce.
		NonceTooHigh,
		/// Not enough free funds for the storage deposit.
		InsufficientBalance,
		/// A schema with this id exists.
		SchemaAlreadyExists,
		/// No schema with this id.
		SchemaNotFound,
		/// The issuer is not a live DID with an assertion key.
		InvalidIssuer,
		/// The issuer is already trusted.
		AlreadyTrusted,
		/// The issuer is not trusted.
		NotTrusted,
		/// The same issuer appears twice.
		DuplicateIssuer,
		/// A trusted-issuer list has the maximum number of issuers.
		TooManyTrustedIssuers,
		/// The consumer keeps no trusted-issuer list for this schema.
		NoTrustedIssuerList,
		/// The subject is not a live DID.
		SubjectNotFound,
		/// An attestation with this claim hash exists.
		AttestationAlreadyExists,
		/// No attestation with this claim hash.
		AttestationNotFound,
		/// The expiry is not in the future.
		ExpiryInPast,
		/// A country code must be two upper-case ASCII letters.
		InvalidCountryCode,
		/// An extra attribute has an empty or non-printable key or text.
		InvalidAttribute,
		/// Two extra attributes have the same key.
		DuplicateAttribute,
		/// Only the issuer may change an attestation.
		NotIssuer,
		/// The attestation is revoked already.
		AlreadyRevoked,
		/// The attestation is revoked, so its suspension cannot change.
		AttestationRevoked,
		/// The attestation is suspended already.
		AlreadySuspended,
		/// The attestation is not suspended.
		NotSuspended,
		/// The issuer's status list is full.
		StatusListFull,
		/// The key-id counter of the DID is exhausted.
		KeyIdsExhausted,
		/// The attestation is in force (neither revoked nor expired, its issuer live): only the
		/// issuer may remove it.
		AttestationInForce,
		/// A compromise cannot start after the key was retired (it signed nothing later).
		CompromiseAfterRetirement,
		/// A compromised key stays on record; it cannot be forgotten.
		KeyCompromised,
		/// The consumer is not a deactivated DID.
		ConsumerNotDeactivated,
		/// Only the account paying the DID's deposit may do this.
		NotDepositOwner,
		/// The DID can still be controlled (it has a capability-invocation key or a live
		/// controller).
		NotOrphaned,
		/// Something relies on the DID (an assertion key or a linked account): only a
		/// controller may deactivate it.
		StillRelied,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MaxVerificationMethods::get() > 0, "a DID needs a verification method");
			assert!(T::MaxIdLength::get() >= 4, "service ids need a few bytes");
			assert!(T::MaxUriLength::get() >= 8, "URIs need a few bytes");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(
			_n: BlockNumberFor<T>,
		) -> Result<(), polkadot_sdk::sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Creates the DID of `key`, whose identifier is the `AccountId32` of the key, with
		/// `key` as its only verification method (every signing relationship). The signer pays
		/// the deposit. Unless the signer is the key's own account, `proof` must be the key's
		/// signature of [`Pallet::create_proof_payload`].
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::create_did())]
		pub fn create_did(
			origin: OriginFor<T>,
			key: DidPublicKey,
			proof: Option<DidSignature>,
		) -> DispatchResult {
			let payer = ensure_signed(origin)?;
			ensure!(key.can_sign(), Error::<T>::KeyCannotSign);
			let did = key.did_id();
			ensure!(!Dids::<T>::contains_key(did), Error::<T>::DidAlreadyExists);
			ensure!(!DeactivatedDids::<T>::contains_key(did), Error::<T>::DidDeactivated);
			if payer.encode() != did.encode() {
				let proof = proof.ok_or(Error::<T>::ProofRequired)?;
				let payload = Self::create_proof_payload(&key, &payer);
				ensure!(proof.verify(&key, &payload), Error::<T>::InvalidSignature);
			}
			let now = Self::now();
			let first_key = VerificationMethod {
				id: 1,
				key,
				relationships: Relationships(Relationships::SIGNING),
				ever_asserted: true,
				added: now,
			};
			let mut record = DidRecord::<T> {
				controllers: BoundedVec::new(),
				verification_methods: BoundedVec::truncate_from(alloc::vec![first_key]),
				retired_keys: BoundedVec::new(),
				services: BoundedVec::new(),
				also_known_as: BoundedVec::new(),
				next_key_id: 2,
				created: now,
				updated: now,
				version: 1,
				deposit_owner: payer.clone(),
				deposit: Zero::zero(),
			};
			record.deposit = Self::did_deposit(&record);
			Self::hold(&payer, record.deposit)?;
			Dids::<T>::insert(did, record);
			Self::deposit_event(Event::DidCreated { did, deposit_owner: payer });
			Ok(())
		}

		/// Adds a verification method with `relationships` to `did`. Origin: the DID or a
		/// controller, with a capability-invocation key.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::add_verification_method())]
		pub fn add_verification_method(
			origin: OriginFor<T>,
			did: DidId,
			key: DidPublicKey,
			relationships: Relationships,
		) -> DispatchResult {
			let (_, mut record) = Self::ensure_controller(origin, &did)?;
			Self::ensure_relationships(&key, relationships)?;
			ensure!(!record.has_key(&key), Error::<T>::DuplicateKey);
			let key_id = record.next_key_id;
			record.next_key_id = key_id.checked_add(1).ok_or(Error::<T>::KeyIdsExhausted)?;
			let method = VerificationMethod {
				id: key_id,
				key,
				relationships,
				ever_asserted: relationships.contains(Relationships::ASSERTION_METHOD),
				added: Self::now(),
			};
			record
				.verification_methods
				.try_push(method)
				.map_err(|_| Error::<T>::TooManyVerificationMethods)?;
			Self::save_did(&did, record)?;
			Self::deposit_event(Event::VerificationMethodAdded { did, key_id, relationships });
			Ok(())
		}

		/// Removes a verification method of `did` (key rotation). A key that has ever been an
		/// assertion method stays resolvable as a retired key. Origin: the DID or a controller,
		/// with a capability-invocation key.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::remove_verification_method())]
		pub fn remove_verification_method(
			origin: OriginFor<T>,
			did: DidId,
			key_id: KeyId,
		) -> DispatchResult {
			let (_, mut record) = Self::ensure_controller(origin, &did)?;
			let position = record
				.verification_methods
				.iter()
				.position(|m| m.id == key_id)
				.ok_or(Error::<T>::KeyNotFound)?;
			let removed = record.verification_methods.remove(position);
			let retired = removed.ever_asserted;
			if retired {
				let key = RetiredKey {
					id: removed.id,
					key: removed.key,
					added: removed.added,
					retired: Self::now(),
					compromised_since: None,
				};
				record.retired_keys.try_push(key).map_err(|_| Error::<T>::TooManyRetiredKeys)?;
			}
			ensure!(record.is_controllable(), Error::<T>::WouldLoseControl);
			Self::save_did(&did, record)?;
			Self::deposit_event(Event::VerificationMethodRemoved { did, key_id, retired });
			Ok(())
		}

		/// Replaces the relationships of a verification method of `did`. Origin: the DID or a
		/// controller, with a capability-invocation key.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::set_relationships())]
		pub fn set_relationships(
			origin: OriginFor<T>,
			did: DidId,
			key_id: KeyId,
			relationships: Relationships,
		) -> DispatchResult {
			let (_, mut record) = Self::ensure_controller(origin, &did)?;
			let method = record
				.verification_methods
				.iter_mut()
				.find(|m| m.id == key_id)
				.ok_or(Error::<T>::KeyNotFound)?;
			Self::ensure_relationships(&method.key, relationships)?;
			method.relationships = relationships;
			method.ever_asserted |= relationships.contains(Relationships::ASSERTION_METHOD);
			ensure!(record.is_controllable(), Error::<T>::WouldLoseControl);
			Self::save_did(&did, record)?;
			Self::deposit_event(Event::RelationshipsChanged { did, key_id, relationships });
			Ok(())
		}

		/// Forgets a retired key of `did`: credentials it signed can no longer be verified.
		/// Origin: the DID or a controller, with a capability-invocation key.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::forget_retired_key())]
		pub fn forget_retired_key(
			origin: OriginFor<T>,
			did: DidId,
			key_id: KeyId,
		) -> DispatchResult {
			let (_, mut record) = Self::ensure_controller(origin, &did)?;
			let position = record
				.retired_keys
				.iter()
				.position(|r| r.id == key_id)
				.ok_or(Error::<T>::RetiredKeyNotFound)?;
			ensure!(
				record.retired_keys[position].compromised_since.is_none(),
				Error::<T>::KeyCompromised
			);
			record.retired_keys.remove(position);
			Self::save_did(&did, record)?;
			Self::deposit_event(Event::RetiredKeyForgotten { did, key_id });
			Ok(())
		}

		/// Adds a service (`did:mooring:<id>#<service_id>`) to `did`. Origin: the DID or a
		/// controller, with a capability-invocation key.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::add_service())]
		pub fn add_service(
			origin: OriginFor<T>,
			did: DidId,
			service_id: BoundedVec<u8, T::MaxIdLength>,
			service_type: BoundedVec<u8, T::MaxIdLength>,
			endpoint: UriOf<T>,
		) -> DispatchResult {
			let (_, mut record) = Self::ensure_controller(origin, &did)?;
			ensure!(
				is_fragment(&service_id) && !service_id.starts_with(b"key-"),
				Error::<T>::InvalidServiceId
			);
			ensure!(is_printable_token(&service_type), Error::<T>::InvalidServiceType);
			ensure!(is_uri(&endpoint), Error::<T>::InvalidUri);
			ensure!(
				!record.services.iter().any(|s| s.id == service_id),
				Error::<T>::DuplicateService
			);
			let service = Service { id: service_id.clone(), service_type, endpoint };
			record.services.try_push(service).map_err(|_| Error::<T>::TooManyServices)?;
			Self::save_did(&did, record)?;
			Self::deposit_event(Event::ServiceAdded { did, service_id });
			Ok(())
		}

		/// Removes a service of `did`. Origin: the DID or a controller, with a
		/// capability-invocation key.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::remove_service())]
		pub fn remove_service(
			origin: OriginFor<T>,
			did: DidId,
			service_id: BoundedVec<u8, T::MaxIdLength>,
		) -> DispatchResult {
			let (_, mut record) = Self::ensure_controller(origin, &did)?;
			let position = record
				.services
				.iter()
				.position(|s| s.id == service_id)
				.ok_or(Error::<T>::ServiceNotFound)?;
			record.services.remove(position);
			Self::save_did(&did, record)?;
			Self::deposit_event(Event::ServiceRemoved { did, service_id });
			Ok(())
		}

		/// Makes the live DID `controller` a controller of `did`. Origin: the DID or a
		/// controller, with a capability-invocation key.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::add_controller())]
		pub fn add_controller(
			origin: OriginFor<T>,
			did: DidId,
			controller: DidId,
		) -> DispatchResult {
			let (_, mut record) = Self::ensure_controller(origin, &did)?;
			ensure!(controller != did, Error::<T>::CannotControlSelf);
			ensure!(Dids::<T>::contains_key(controller), Error::<T>::UnknownController);
			ensure!(!record.controllers.contains(&controller), Error::<T>::AlreadyController);
			record.controllers.try_push(controller).map_err(|_| Error::<T>::TooManyControllers)?;
			Self::save_did(&did, record)?;
			Self::deposit_event(Event::ControllerAdded { did, controller });
			Ok(())
		}

		/// Removes a controller of `did`. Origin: the DID or a controller, with a
		/// capability-invocation key.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::remove_controller())]
		pub fn remove_controller(
			origin: OriginFor<T>,
			did: DidId,
			controller: DidId,
		) -> DispatchResult {
			let (_, mut record) = Self::ensure_controller(origin, &did)?;
			let position = record
				.controllers
				.iter()
				.position(|c| *c == controller)
				.ok_or(Error::<T>::NotAController)?;
			record.controllers.remove(position);
			ensure!(record.is_controllable(), Error::<T>::WouldLoseControl);
			Self::save_did(&did, record)?;
			Self::deposit_event(Event::ControllerRemoved { did, controller });
			Ok(())
		}

		/// Replaces the `alsoKnownAs` identifiers of `did`. Origin: the DID or a controller,
		/// with a capability-invocation key.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::set_also_known_as(also_known_as.len() as u32))]
		pub fn set_also_known_as(
			origin: OriginFor<T>,
			did: DidId,
			also_known_as: BoundedVec<UriOf<T>, T::MaxAlsoKnownAs>,
		) -> DispatchResult {
			let (_, mut record) = Self::ensure_controller(origin, &did)?;
			ensure!(also_known_as.iter().all(|uri| is_uri(uri)), Error::<T>::InvalidUri);
			for (i, uri) in also_known_as.iter().enumerate() {
				ensure!(!also_known_as[..i].contains(uri), Error::<T>::DuplicateAlias);
			}
			let count = also_known_as.len() as u32;
			record.also_known_as = also_known_as;
			Self::save_did(&did, record)?;
			Self::deposit_event(Event::AlsoKnownAsSet { did, count });
			Ok(())
		}

		/// Deactivates `did` for good: its record is replaced by a tombstone, its account links
		/// are removed and every deposit is returned. Origin: the DID or a controller, with a
		/// capability-invocation key.
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::deactivate_did(T::MaxLinkedAccounts::get()))]
		pub fn deactivate_did(origin: OriginFor<T>, did: DidId) -> DispatchResultWithPostInfo {
			let (_, record) = Self::ensure_controller(origin, &did)?;
			let links = Self::deactivate(did, record);
			Ok(Some(T::WeightInfo::deactivate_did(links)).into())
		}

		/// Makes the submitter of this DID-authorised call pay the deposit of `did` instead of
		/// its current owner. Origin: the DID or a controller, with a capability-invocation key.
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::change_deposit_owner())]
		pub fn change_deposit_owner(origin: OriginFor<T>, did: DidId) -> DispatchResult {
			let (did_origin, mut record) = Self::ensure_controller(origin, &did)?;
			let new_owner = did_origin.submitter;
			ensure!(new_owner != record.deposit_owner, Error::<T>::AlreadyDepositOwner);
			Self::hold(&new_owner, record.deposit)?;
			Self::release(&record.deposit_owner, record.deposit);
			let old_owner = core::mem::replace(&mut record.deposit_owner, new_owner.clone());
			Dids::<T>::insert(did, record);
			Self::deposit_event(Event::DepositOwnerChanged { did, from: old_owner, to: new_owner });
			Ok(())
		}

		/// Links the submitter of this DID-authorised call to `did`, so claims about the DID
		/// count for the account; the account pays the link deposit. Origin: the DID or a
		/// controller, with a capability-invocation key.
		#[pallet::call_index(12)]
		#[pallet::weight(T::WeightInfo::link_account())]
		pub fn link_account(origin: OriginFor<T>, did: DidId) -> DispatchResult {
			let (did_origin, _) = Self::ensure_controller(origin, &did)?;
			let account = did_origin.submitter;
			ensure!(!AccountLinks::<T>::contains_key(&account), Error::<T>::AccountAlreadyLinked);
			LinkedAccounts::<T>::try_mutate(did, |accounts| accounts.try_push(account.clone()))
				.map_err(|_| Error::<T>::TooManyLinkedAccounts)?;
			let deposit = Self::link_deposit(&account);
			Self::hold(&account, deposit)?;
			AccountLinks::<T>::insert(&account, AccountLink { did, deposit });
			Self::deposit_event(Event::AccountLinked { did, account });
			Ok(())
		}

		/// Unlinks `account` from `did` and returns the account's link deposit. Origin: the
		/// DID or a controller, with a capability-invocation key.
		#[pallet::call_index(13)]
		#[pallet::weight(T::WeightInfo::unlink_account())]
		pub fn unlink_account(
			origin: OriginFor<T>,
			did: DidId,
			account: T::AccountId,
		) -> DispatchResult {
			Self::ensure_controller(origin, &did)?;
			let link = AccountLinks::<T>::get(&account).ok_or(Error::<T>::AccountNotLinked)?;
			ensure!(link.did == did, Error::<T>::AccountNotLinked);
			Self::remove_link(&account, link);
			Ok(())
		}

		/// Unlinks the signer from the DID it is linked to and returns its link deposit.
		#[pallet::call_index(14)]
		#[pallet::weight(T::WeightInfo::remove_account_link())]
		pub fn remove_account_link(origin: OriginFor<T>) -> DispatchResult {
			let account = ensure_signed(origin)?;
			let link = AccountLinks::<T>::get(&account).ok_or(Error::<T>::AccountNotLinked)?;
			Self::remove_link(&account, link);
			Ok(())
		}

		/// Dispatches `did_call.call` as the DID (origin [`DidOrigin`]) if `signature` is the
		/// signature of [`Pallet::did_call_payload`] by the DID's key `did_call.key_id`, the
		/// nonce is the DID's next one, the expiry block has not passed and the signer of this
		/// extrinsic is `did_call.submitter` (who pays the fee). The nonce is used even if the
		/// call fails; the result is in [`Event::DidCallDispatched`]. The weight is this
		/// pallet's overhead for the signature type plus the inner call's weight, refunded to
		/// what the inner call reports.
		#[pallet::call_index(15)]
		#[pallet::weight({
			// Always `Normal`: a DID origin cannot make a call operational.
			(Pallet::<T>::did_call_weight(did_call, signature), DispatchClass::Normal)
		})]
		pub fn submit_did_call(
			origin: OriginFor<T>,
			did_call: Box<DidCallOf<T>>,
			signature: DidSignature,
		) -> DispatchResultWithPostInfo {
			let submitter = ensure_signed(origin)?;
			let (_, weight) = Self::dispatch_did_call(&submitter, *did_call, &signature)?;
			Ok(Some(weight).into())
		}

		/// Registers a credential schema: `schema` is the hash of its definition, `uri` where
		/// the definition is published. The signer pays the deposit. Schemas are permanent.
		#[pallet::call_index(16)]
		#[pallet::weight(T::WeightInfo::register_schema())]
		pub fn register_schema(
			origin: OriginFor<T>,
			schema: SchemaId,
			uri: UriOf<T>,
		) -> DispatchResult {
			let registrant = ensure_signed(origin)?;
			ensure!(is_uri(&uri), Error::<T>::InvalidUri);
			ensure!(!Schemas::<T>::contains_key(schema), Error::<T>::SchemaAlreadyExists);
			let mut record = SchemaRecord::<T> {
				uri,
				registrant: registrant.clone(),
				created: Self::now(),
				deposit: Zero::zero(),
			};
			record.deposit = Self::deposit_for(1, schema.encoded_size() + record.encoded_size());
			Self::hold(&registrant, record.deposit)?;
			Schemas::<T>::insert(schema, record);
			Self::deposit_event(Event::SchemaRegistered { schema, registrant });
			Ok(())
		}

		/// Trusts `issuer` for `schema` by default. Origin: governance.
		#[pallet::call_index(17)]
		#[pallet::weight(T::WeightInfo::add_schema_issuer())]
		pub fn add_schema_issuer(
			origin: OriginFor<T>,
			schema: SchemaId,
			issuer: DidId,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			ensure!(Schemas::<T>::contains_key(schema), Error::<T>::SchemaNotFound);
			Self::ensure_issuer(&issuer)?;
			SchemaIssuers::<T>::try_mutate(schema, |issuers| {
				ensure!(!issuers.contains(&issuer), Error::<T>::AlreadyTrusted);
				issuers.try_push(issuer).map_err(|_| Error::<T>::TooManyTrustedIssuers)
			})?;
			Self::deposit_event(Event::SchemaIssuerAdded { schema, issuer });
			Ok(())
		}

		/// Stops trusting `issuer` for `schema` by default. Origin: governance.
		#[pallet::call_index(18)]
		#[pallet::weight(T::WeightInfo::remove_schema_issuer())]
		pub fn remove_schema_issuer(
			origin: OriginFor<T>,
			schema: SchemaId,
			issuer: DidId,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			SchemaIssuers::<T>::try_mutate_exists(schema, |maybe| {
				let issuers = maybe.as_mut().ok_or(Error::<T>::NotTrusted)?;
				let position =
					issuers.iter().position(|i| *i == issuer).ok_or(Error::<T>::NotTrusted)?;
				issuers.remove(position);
				if issuers.is_empty() {
					*maybe = None;
				}
				Ok::<_, Error<T>>(())
			})?;
			Self::deposit_event(Event::SchemaIssuerRemoved { schema, issuer });
			Ok(())
		}

		/// Sets the issuers the caller trusts for `schema` (an empty list removes it and
		/// returns its deposit). Origin: a signed account (the consumer is the account, which
		/// pays the deposit) or a DID-authorised call with an authentication key (the consumer
		/// is the DID; the submitter pays).
		#[pallet::call_index(19)]
		#[pallet::weight(T::WeightInfo::set_trusted_issuers(issuers.len() as u32))]
		pub fn set_trusted_issuers(
			origin: OriginFor<T>,
			schema: SchemaId,
			issuers: BoundedVec<DidId, T::MaxTrustedIssuers>,
		) -> DispatchResult {
			let (consumer, payer) = Self::ensure_consumer(origin)?;
			ensure!(Schemas::<T>::contains_key(schema), Error::<T>::SchemaNotFound);
			if issuers.is_empty() {
				let old = ConsumerIssuers::<T>::take(&consumer, schema)
					.ok_or(Error::<T>::NoTrustedIssuerList)?;
				Self::release(&old.depositor, old.deposit);
				Self::deposit_event(Event::TrustedIssuersCleared { consumer, schema });
				return Ok(());
			}
			for (i, issuer) in issuers.iter().enumerate() {
				ensure!(!issuers[..i].contains(issuer), Error::<T>::DuplicateIssuer);
				Self::ensure_issuer(issuer)?;
			}
			let count = issuers.len() as u32;
			let mut list =
				TrustedIssuerList::<T> { issuers, depositor: payer, deposit: Zero::zero() };
			list.deposit = Self::deposit_for(
				1,
				consumer.encoded_size() + schema.encoded_size() + list.encoded_size(),
			);
			match ConsumerIssuers::<T>::get(&consumer, schema) {
				Some(old) if old.depositor == list.depositor => {
					Self::rehold(&list.depositor, old.deposit, list.deposit)?
				},
				Some(old) => {
					Self::hold(&list.depositor, list.deposit)?;
					Self::release(&old.depositor, old.deposit);
				},
				None => Self::hold(&list.depositor, list.deposit)?,
			}
			ConsumerIssuers::<T>::insert(&consumer, schema, list);
			Self::deposit_event(Event::TrustedIssuersSet { consumer, schema, count });
			Ok(())
		}

		/// Attests a claim with hash `claim_hash` about `subject` under `schema`, stating
		/// `attributes`, valid until `expires` (Unix ms) if given. The issuer is the DID of
		/// this DID-authorised call, signed with an assertion key; the submitter pays the
		/// deposit. The attestation gets the issuer's next status-list index and becomes the
		/// issuer's current claim about the subject for the schema.
		///
		/// An earlier attestation of the issuer about the subject for the schema is revoked
		/// (superseded), so the status list and the on-chain check agree on one current claim.
		#[pallet::call_index(20)]
		#[pallet::weight(
			// Superseding costs at most what revoking does.
			T::WeightInfo::attest(attributes.extra.len() as u32)
				.saturating_add(T::WeightInfo::revoke())
		)]
		pub fn attest(
			origin: OriginFor<T>,
			claim_hash: ClaimHash,
			subject: DidId,
			schema: SchemaId,
			attributes: AttributesOf<T>,
			expires: Option<Moment>,
		) -> DispatchResult {
			let (issuer, _) = Self::ensure_did_key(origin, Relationships::ASSERTION_METHOD)?;
			ensure!(Schemas::<T>::contains_key(schema), Error::<T>::SchemaNotFound);
			ensure!(Dids::<T>::contains_key(subject), Error::<T>::SubjectNotFound);
			ensure!(
				!Attestations::<T>::contains_key(claim_hash),
				Error::<T>::AttestationAlreadyExists
			);
			Self::ensure_attributes(&attributes)?;
			let now = Self::now();
			ensure!(expires.is_none_or(|e| e > now), Error::<T>::ExpiryInPast);
			let status_index = StatusListLength::<T>::get(issuer.did);
			let next_index = status_index.checked_add(1).ok_or(Error::<T>::StatusListFull)?;
			let mut attestation = Attestation::<T> {
				issuer: issuer.did,
				key_id: issuer.key_id,
				subject,
				schema,
				attributes,
				issued: now,
				expires,
				status: AttestationStatus::Active,
				status_index,
				depositor: issuer.submitter,
				deposit: Zero::zero(),
			};
			attestation.deposit = Self::attestation_deposit(&attestation);
			Self::hold(&attestation.depositor, attestation.deposit)?;
			StatusListLength::<T>::insert(issuer.did, next_index);
			let previous = ClaimIndex::<T>::mutate((subject, schema, issuer.did), |current| {
				current.replace(claim_hash)
			});
			if let Some(previous) = previous {
				Self::supersede(previous, claim_hash, now);
			}
			Attestations::<T>::insert(claim_hash, attestation);
			Self::deposit_event(Event::Attested {
				claim_hash,
				issuer: issuer.did,
				subject,
				schema,
				status_index,
			});
			Ok(())
		}

		/// Revokes an attestation forever and sets its revocation bit. Origin: the issuer,
		/// with an assertion key.
		#[pallet::call_index(21)]
		#[pallet::weight(T::WeightInfo::revoke())]
		pub fn revoke(origin: OriginFor<T>, claim_hash: ClaimHash) -> DispatchResult {
			let mut attestation = Self::ensure_issuer_of(origin, &claim_hash)?;
			ensure!(
				!matches!(attestation.status, AttestationStatus::Revoked { .. }),
				Error::<T>::AlreadyRevoked
			);
			attestation.status = AttestationStatus::Revoked { at: Self::now() };
			Self::set_status_bits(&attestation, true, false);
			Attestations::<T>::insert(claim_hash, attestation);
			Self::deposit_event(Event::Revoked { claim_hash });
			Ok(())
		}

		/// Suspends an active attestation and sets its suspension bit. Origin: the issuer, with
		/// an assertion key.
		#[pallet::call_index(22)]
		#[pallet::weight(T::WeightInfo::suspend())]
		pub fn suspend(origin: OriginFor<T>, claim_hash: ClaimHash) -> DispatchResult {
			let mut attestation = Self::ensure_issuer_of(origin, &claim_hash)?;
			match attestation.status {
				AttestationStatus::Active => (),
				AttestationStatus::Suspended { .. } => Err(Error::<T>::AlreadySuspended)?,
				AttestationStatus::Revoked { .. } => Err(Error::<T>::AttestationRevoked)?,
			}
			attestation.status = AttestationStatus::Suspended { since: Self::now() };
			Self::set_status_bits(&attestation, false, true);
			Attestations::<T>::insert(claim_hash, attestation);
			Self::deposit_event(Event::Suspended { claim_hash });
			Ok(())
		}

		/// Makes a suspended attestation active again and clears its suspension bit. Origin:
		/// the issuer, with an assertion key.
		#[pallet::call_index(23)]
		#[pallet::weight(T::WeightInfo::unsuspend())]
		pub fn unsuspend(origin: OriginFor<T>, claim_hash: ClaimHash) -> DispatchResult {
			let mut attestation = Self::ensure_issuer_of(origin, &claim_hash)?;
			match attestation.status {
				AttestationStatus::Suspended { .. } => (),
				AttestationStatus::Active => Err(Error::<T>::NotSuspended)?,
				AttestationStatus::Revoked { .. } => Err(Error::<T>::AttestationRevoked)?,
			}
			attestation.status = AttestationStatus::Active;
			Self::set_status_bits(&attestation, false, false);
			Attestations::<T>::insert(claim_hash, attestation);
			Self::deposit_event(Event::Unsuspended { claim_hash });
			Ok(())
		}

		/// Removes an attestation and returns its deposit; its revocation bit stays set for
		/// good. Origin: the issuer (DID-authorised, assertion key), or the signed depositor
		/// once the attestation is no longer in force (revoked or expired, or its issuer
		/// deactivated): a depositor cannot erase an issuer's claim, say a sanctions flag about
		/// itself.
		#[pallet::call_index(24)]
		#[pallet::weight(T::WeightInfo::remove_attestation())]
		pub fn remove_attestation(origin: OriginFor<T>, claim_hash: ClaimHash) -> DispatchResult {
			let attestation =
				Attestations::<T>::get(claim_hash).ok_or(Error::<T>::AttestationNotFound)?;
			Self::ensure_issuer_or_depositor(origin, &attestation)?;
			Attestations::<T>::remove(claim_hash);
			let index_key = (attestation.subject, attestation.schema, attestation.issuer);
			if ClaimIndex::<T>::get(index_key) == Some(claim_hash) {
				ClaimIndex::<T>::remove(index_key);
			}
			Self::set_status_bits(&attestation, true, false);
			Self::release(&attestation.depositor, attestation.deposit);
			Self::deposit_event(Event::AttestationRemoved { claim_hash });
			Ok(())
		}

		/// Reports the retired key `key_id` of `did` compromised from `since` (Unix ms) on:
		/// every attestation it signed at or after `since` is invalid from now on, for the
		/// on-chain check and `did_credentialStatus` alike. Remove the key first (both calls
		/// fit in one batch). A second report can only move `since` earlier, and the key can
		/// no longer be forgotten. Origin: the DID or a controller, with a
		/// capability-invocation key.
		#[pallet::call_index(25)]
		#[pallet::weight(T::WeightInfo::forget_retired_key())]
		pub fn report_key_compromise(
			origin: OriginFor<T>,
			did: DidId,
			key_id: KeyId,
			since: Moment,
		) -> DispatchResult {
			let (_, mut record) = Self::ensure_controller(origin, &did)?;
			let key = record
				.retired_keys
				.iter_mut()
				.find(|r| r.id == key_id)
				.ok_or(Error::<T>::RetiredKeyNotFound)?;
			ensure!(since <= key.retired, Error::<T>::CompromiseAfterRetirement);
			let since = key.compromised_since.map_or(since, |earlier| earlier.min(since));
			key.compromised_since = Some(since);
			Self::save_did(&did, record)?;
			Self::deposit_event(Event::KeyCompromised { did, key_id, since });
			Ok(())
		}

		/// Removes the trusted-issuer list of a deactivated DID for `schema` and returns its
		/// deposit to whoever paid it. Anyone may call.
		#[pallet::call_index(26)]
		#[pallet::weight(T::WeightInfo::set_trusted_issuers(0))]
		pub fn remove_deactivated_issuer_list(
			origin: OriginFor<T>,
			did: DidId,
			schema: SchemaId,
		) -> DispatchResult {
			ensure_signed(origin)?;
			ensure!(DeactivatedDids::<T>::contains_key(did), Error::<T>::ConsumerNotDeactivated);
			let consumer = Consumer::Did(did);
			let list = ConsumerIssuers::<T>::take(&consumer, schema)
				.ok_or(Error::<T>::NoTrustedIssuerList)?;
			Self::release(&list.depositor, list.deposit);
			Self::deposit_event(Event::TrustedIssuersCleared { consumer, schema });
			Ok(())
		}

		/// Deactivates an orphaned `did`, one that nobody can control any more (no
		/// capability-invocation key of its own and no live controller, as when its only
		/// controller deactivated itself) and that nothing relies on (no assertion key, so no
		/// claims it issues are voided; no linked account), and returns its deposit. Origin:
		/// the signed account paying its deposit.
		#[pallet::call_index(27)]
		#[pallet::weight(
			T::WeightInfo::deactivate_did(0)
				.saturating_add(T::DbWeight::get().reads(T::MaxControllers::get().into()))
		)]
		pub fn deactivate_orphaned_did(
			origin: OriginFor<T>,
			did: DidId,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let record = Self::live_did(&did)?;
			ensure!(who == record.deposit_owner, Error::<T>::NotDepositOwner);
			let own_key = record
				.verification_methods
				.iter()
				.any(|m| m.relationships.contains(Relationships::CAPABILITY_INVOCATION));
			let live_controller = record.controllers.iter().any(|c| Dids::<T>::contains_key(c));
			ensure!(!own_key && !live_controller, Error::<T>::NotOrphaned);
			let issues_claims = record
				.verification_methods
				.iter()
				.any(|m| m.relationships.contains(Relationships::ASSERTION_METHOD));
			let linked = !LinkedAccounts::<T>::get(did).is_empty();
			ensure!(!issues_claims && !linked, Error::<T>::StillRelied);
			let controllers = record.controllers.len() as u64;
			let links = Self::deactivate(did, record);
			let weight = T::WeightInfo::deactivate_did(links)
				.saturating_add(T::DbWeight::get().reads(controllers));
			Ok(Some(weight).into())
		}
	}

	impl<T: Config> Pallet<T> {
		/// The current Unix time in milliseconds.
		pub fn now() -> Moment {
			T::Time::now().as_millis().try_into().unwrap_or(Moment::MAX)
		}

		/// The genesis hash, which every signed payload includes against cross-chain replay.
		pub fn genesis_hash() -> T::Hash {
			frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero())
		}

		/// The bytes a DID key signs to authorise `did_call`:
		/// `SCALE(("mooring/did-call", genesis_hash, did_call))`.
		pub fn did_call_payload(did_call: &DidCallOf<T>) -> alloc::vec::Vec<u8> {
			(DID_CALL_CONTEXT, Self::genesis_hash(), did_call).encode()
		}

		/// What [`Pallet::submit_did_call`] of `did_call` is charged before it runs: the
		/// overhead for the signature type and payload length plus the inner call's weight.
		pub fn did_call_weight(did_call: &DidCallOf<T>, signature: &DidSignature) -> Weight {
			let call_weight = did_call.call.get_dispatch_info().call_weight;
			let overhead = Self::did_call_overhead(signature, did_call.encoded_size());
			overhead.saturating_add(call_weight)
		}

		/// The work of [`Pallet::submit_did_call`] for `submitter` (an extrinsic's signer or
		/// an EVM caller): verifies `did_call`, uses its nonce and dispatches it as the DID.
		/// Returns the inner call's result (also in [`Event::DidCallDispatched`]) and the
		/// weight used; an error only if `did_call` was refused before it ran.
		pub fn dispatch_did_call(
			submitter: &T::AccountId,
			did_call: DidCallOf<T>,
			signature: &DidSignature,
		) -> Result<(DispatchResult, Weight), DispatchError> {
			Self::verify_did_call(submitter, &did_call, signature)?;
			DidCallNonces::<T>::insert(did_call.did, did_call.nonce);
			let payload_len = did_call.encoded_size();
			let DidAuthorizedCall { did, key_id, call, nonce, .. } = did_call;
			let info = call.get_dispatch_info();
			let origin = DidOrigin { did, key_id, submitter: submitter.clone() };
			let result = call.dispatch(Self::did_runtime_origin(origin));
			let call_weight = extract_actual_weight(&result, &info);
			let result = result.map(|_| ()).map_err(|e| e.error);
			Self::deposit_event(Event::DidCallDispatched { did, nonce, result });
			let weight =
				Self::did_call_overhead(signature, payload_len).saturating_add(call_weight);
			Ok((result, weight))
		}

		/// The bytes the initial key signs when `payer` creates its DID:
		/// `SCALE(("mooring/did-create", genesis_hash, key, payer))`.
		pub fn create_proof_payload(
			key: &DidPublicKey,
			payer: &T::AccountId,
		) -> alloc::vec::Vec<u8> {
			(DID_CREATE_CONTEXT, Self::genesis_hash(), key, payer).encode()
		}

		/// The weight of [`Pallet::submit_did_call`] without the inner call.
		pub fn did_call_overhead(signature: &DidSignature, payload_len: usize) -> Weight {
			let measured = match signature {
				DidSignature::Ed25519(_) => T::WeightInfo::submit_did_call_ed25519(),
				DidSignature::Sr25519(_) => T::WeightInfo::submit_did_call_sr25519(),
				DidSignature::Ecdsa(_) => T::WeightInfo::submit_did_call_ecdsa(),
			};
			measured.saturating_add(Self::payload_weight(payload_len))
		}

		/// What the benchmarks (a small inner call) do not measure of a `len`-byte DID call:
		/// encoding it into the signed payload and hashing that payload for the signature,
		/// priced at twice what this runtime measured for hashing a remark of `len` bytes.
		pub fn payload_weight(len: usize) -> Weight {
			use frame_system::WeightInfo as _;
			let len = u32::try_from(len).unwrap_or(u32::MAX);
			let hashing = <T as frame_system::Config>::SystemWeightInfo::remark_with_event(len)
				.saturating_sub(<T as frame_system::Config>::SystemWeightInfo::remark_with_event(
					0,
				));
			hashing.saturating_mul(2)
		}

		/// Turns a DID origin into a runtime origin.
		pub fn did_runtime_origin(did_origin: DidOrigin<T::AccountId>) -> OriginFor<T> {
			let origin: <T as Config>::RuntimeOrigin = did_origin.into();
			origin.into()
		}

		/// The DID origin inside `origin`, if it is one.
		pub(crate) fn did_origin(
			origin: OriginFor<T>,
		) -> Result<DidOrigin<T::AccountId>, OriginFor<T>> {
			let outer = <T as Config>::RuntimeOrigin::from(origin);
			let did_origin: Result<DidOrigin<T::AccountId>, _> = outer.into();
			did_origin.map_err(|outer| outer.into())
		}

		/// The record of a live DID, or why there is none.
		pub fn live_did(did: &DidId) -> Result<DidRecord<T>, Error<T>> {
			Dids::<T>::get(did).ok_or_else(|| {
				if DeactivatedDids::<T>::contains_key(did) {
					Error::<T>::DidDeactivated
				} else {
					Error::<T>::DidNotFound
				}
			})
		}

		/// Checks that the key `key_id` of `record` has every relationship in `relationship`.
		pub(crate) fn ensure_key_relationship(
			record: &DidRecord<T>,
			key_id: KeyId,
			relationship: u8,
		) -> Result<(), Error<T>> {
			let method = record.key(key_id).ok_or(Error::<T>::KeyNotFound)?;
			ensure!(method.relationships.contains(relationship), Error::<T>::MissingRelationship);
			Ok(())
		}

		/// Checks that `origin` is a DID-authorised call whose DID is live and whose key still
		/// has `relationship`; returns the origin and the DID's record.
		pub fn ensure_did_key(
			origin: OriginFor<T>,
			relationship: u8,
		) -> Result<(DidOrigin<T::AccountId>, DidRecord<T>), DispatchError> {
			let did_origin = Self::did_origin(origin).map_err(|_| DispatchError::BadOrigin)?;
			let record = Self::live_did(&did_origin.did)?;
			Self::ensure_key_relationship(&record, did_origin.key_id, relationship)?;
			Ok((did_origin, record))
		}

		/// Checks that `origin` may update `did`: a DID-authorised call of `did` itself or of
		/// one of its controllers, signed with a capability-invocation key. Returns the origin
		/// and the record of `did`.
		pub fn ensure_controller(
			origin: OriginFor<T>,
			did: &DidId,
		) -> Result<(DidOrigin<T::AccountId>, DidRecord<T>), DispatchError> {
			let did_origin = Self::did_origin(origin).map_err(|_| DispatchError::BadOrigin)?;
			let record = Self::live_did(did)?;
			let rel = Relationships::CAPABILITY_INVOCATION;
			if did_origin.did == *did {
				Self::ensure_key_relationship(&record, did_origin.key_id, rel)?;
			} else {
				ensure!(record.controllers.contains(&did_origin.did), Error::<T>::NotAuthorized);
				let controller = Self::live_did(&did_origin.did)?;
				Self::ensure_key_relationship(&controller, did_origin.key_id, rel)?;
			}
			Ok((did_origin, record))
		}

		/// The consumer and payer of a trusted-issuer list call: a signed account, or a DID
		/// with an authentication key and its submitter.
		fn ensure_consumer(
			origin: OriginFor<T>,
		) -> Result<(Consumer<T::AccountId>, T::AccountId), DispatchError> {
			match Self::did_origin(origin) {
				Ok(did_origin) => {
					let record = Self::live_did(&did_origin.did)?;
					let rel = Relationships::AUTHENTICATION;
					Self::ensure_key_relationship(&record, did_origin.key_id, rel)?;
					Ok((Consumer::Did(did_origin.did), did_origin.submitter))
				},
				Err(origin) => {
					let who = ensure_signed(origin)?;
					Ok((Consumer::Account(who.clone()), who))
				},
			}
		}

		/// The attestation `claim_hash` if `origin` is its issuer with an assertion key.
		fn ensure_issuer_of(
			origin: OriginFor<T>,
			claim_hash: &ClaimHash,
		) -> Result<Attestation<T>, DispatchError> {
			let (issuer, _) = Self::ensure_did_key(origin, Relationships::ASSERTION_METHOD)?;
			let attestation =
				Attestations::<T>::get(claim_hash).ok_or(Error::<T>::AttestationNotFound)?;
			ensure!(attestation.issuer == issuer.did, Error::<T>::NotIssuer);
			Ok(attestation)
		}

		/// Checks that `origin` is the issuer of `attestation` (with an assertion key) or the
		/// signed account that paid its deposit.
		fn ensure_issuer_or_depositor(
			origin: OriginFor<T>,
			attestation: &Attestation<T>,
		) -> DispatchResult {
			match Self::did_origin(origin) {
				Ok(did_origin) => {
					ensure!(did_origin.did == attestation.issuer, Error::<T>::NotIssuer);
					let record = Self::live_did(&did_origin.did)?;
					let rel = Relationships::ASSERTION_METHOD;
					Self::ensure_key_relationship(&record, did_origin.key_id, rel)?;
				},
				Err(origin) => {
					let who = ensure_signed(origin)?;
					ensure!(who == attestation.depositor, Error::<T>::NotAuthorized);
					ensure!(!Self::in_force(attestation), Error::<T>::AttestationInForce);
				},
			}
			Ok(())
		}

		/// Checks that `issuer` is a live DID with an assertion key.
		fn ensure_issuer(issuer: &DidId) -> DispatchResult {
			let record = Dids::<T>::get(issuer).ok_or(Error::<T>::InvalidIssuer)?;
			let asserts = record
				.verification_methods
				.iter()
				.any(|m| m.relationships.contains(Relationships::ASSERTION_METHOD));
			ensure!(asserts, Error::<T>::InvalidIssuer);
			Ok(())
		}

		/// Checks relationships are valid for `key`.
		fn ensure_relationships(
			key: &DidPublicKey,
			relationships: Relationships,
		) -> DispatchResult {
			ensure!(relationships.is_valid(), Error::<T>::InvalidRelationships);
			ensure!(key.supports(relationships), Error::<T>::RelationshipNotSupported);
			Ok(())
		}

		/// Checks country codes, extra attribute keys and texts.
		fn ensure_attributes(attributes: &AttributesOf<T>) -> DispatchResult {
			if let Some(code) = &attributes.jurisdiction {
				ensure!(is_country_code(code), Error::<T>::InvalidCountryCode);
			}
			for (i, extra) in attributes.extra.iter().enumerate() {
				ensure!(is_printable_token(&extra.key), Error::<T>::InvalidAttribute);
				ensure!(
					!attributes.extra[..i].iter().any(|e| e.key == extra.key),
					Error::<T>::DuplicateAttribute
				);
				match &extra.value {
					AttributeValue::Country(code) => {
						ensure!(is_country_code(code), Error::<T>::InvalidCountryCode)
					},
					AttributeValue::Text(text) => ensure!(
						text.iter().all(|b| *b == b' ' || b.is_ascii_graphic()),
						Error::<T>::InvalidAttribute
					),
					_ => (),
				}
			}
			Ok(())
		}

		/// Checks everything about a DID-authorised call but the inner call.
		fn verify_did_call(
			submitter: &T::AccountId,
			did_call: &DidCallOf<T>,
			signature: &DidSignature,
		) -> DispatchResult {
			ensure!(*submitter == did_call.submitter, Error::<T>::WrongSubmitter);
			let now = frame_system::Pallet::<T>::block_number();
			ensure!(now <= did_call.expires_at, Error::<T>::DidCallExpired);
			let record = Self::live_did(&did_call.did)?;
			let last = DidCallNonces::<T>::get(did_call.did);
			ensure!(did_call.nonce > last, Error::<T>::NonceAlreadyUsed);
			ensure!(did_call.nonce == last.saturating_add(1), Error::<T>::NonceTooHigh);
			let method = record.key(did_call.key_id).ok_or(Error::<T>::KeyNotFound)?;
			let payload = Self::did_call_payload(did_call);
			ensure!(signature.verify(&method.key, &payload), Error::<T>::InvalidSignature);
			Ok(())
		}

		/// Stores a changed DID document: bumps its version and update time and adjusts the
		/// deposit held from its owner to its new size.
		/// Revokes `previous`, replaced by `by` as the issuer's current claim, unless it is
		/// revoked or removed already.
		fn supersede(previous: ClaimHash, by: ClaimHash, now: Moment) {
			let Some(mut attestation) = Attestations::<T>::get(previous) else { return };
			if matches!(attestation.status, AttestationStatus::Revoked { .. }) {
				return;
			}
			attestation.status = AttestationStatus::Revoked { at: now };
			Self::set_status_bits(&attestation, true, false);
			Attestations::<T>::insert(previous, attestation);
			Self::deposit_event(Event::Superseded { claim_hash: previous, by });
		}

		/// Replaces `did`'s record by a tombstone, removes its account links and returns every
		/// deposit; returns the number of links removed.
		fn deactivate(did: DidId, record: DidRecord<T>) -> u32 {
			Dids::<T>::remove(did);
			DidCallNonces::<T>::remove(did);
			Self::release(&record.deposit_owner, record.deposit);
			let linked = LinkedAccounts::<T>::take(did);
			for account in linked.iter() {
				if let Some(link) = AccountLinks::<T>::take(account) {
					Self::release(account, link.deposit);
				}
			}
			let tombstone = Tombstone {
				created: record.created,
				deactivated: Self::now(),
				version: record.version.saturating_add(1),
			};
			DeactivatedDids::<T>::insert(did, tombstone);
			Self::deposit_event(Event::DidDeactivated { did });
			linked.len() as u32
		}

		fn save_did(did: &DidId, mut record: DidRecord<T>) -> DispatchResult {
			record.updated = Self::now();
			record.version = record.version.saturating_add(1);
			let deposit = Self::did_deposit(&record);
			Self::rehold(&record.deposit_owner, record.deposit, deposit)?;
			record.deposit = deposit;
			Dids::<T>::insert(did, record);
			Ok(())
		}

		/// Removes an account link and returns its deposit.
		fn remove_link(account: &T::AccountId, link: AccountLink<T>) {
			AccountLinks::<T>::remove(account);
			LinkedAccounts::<T>::mutate_exists(link.did, |maybe| {
				if let Some(accounts) = maybe {
					accounts.retain(|a| a != account);
					if accounts.is_empty() {
						*maybe = None;
					}
				}
			});
			Self::release(account, link.deposit);
			Self::deposit_event(Event::AccountUnlinked { did: link.did, account: account.clone() });
		}

		/// Sets the revocation bit of `attestation` if `revoked` (it is never cleared) and
		/// sets or clears its suspension bit.
		fn set_status_bits(attestation: &Attestation<T>, revoked: bool, suspended: bool) {
			if revoked {
				Self::write_status_bit(attestation, StatusPurpose::Revocation, true);
			}
			Self::write_status_bit(attestation, StatusPurpose::Suspension, suspended);
		}

		fn write_status_bit(attestation: &Attestation<T>, purpose: StatusPurpose, value: bool) {
			let index = attestation.status_index;
			let key = (attestation.issuer, purpose, index / STATUS_CHUNK_BITS);
			let mut chunk = StatusListChunks::<T>::get(key).unwrap_or([0u8; STATUS_CHUNK_BYTES]);
			let offset = index % STATUS_CHUNK_BITS;
			let mask = 0x80u8 >> (offset % 8);
			let byte = &mut chunk[(offset / 8) as usize];
			let before = *byte;
			if value {
				*byte |= mask;
			} else {
				*byte &= !mask;
			}
			if *byte != before {
				StatusListChunks::<T>::insert(key, chunk);
			}
		}

		/// The deposit for `items` storage items of `bytes` bytes in total.
		pub fn deposit_for(items: u32, bytes: usize) -> BalanceOf<T> {
			let bytes: u32 = bytes.try_into().unwrap_or(u32::MAX);
			T::DepositPerItem::get()
				.saturating_mul(items.into())
				.saturating_add(T::DepositPerByte::get().saturating_mul(bytes.into()))
		}

		/// The deposit a DID owes: its record and its nonce.
		/// Checks the pallet's invariants: every item's deposit is what its size costs and the
		/// holds equal what each payer owes; links point to live DIDs that list them; deactivated
		/// DIDs stay dead; each issuer's current claim about a subject and schema is the only one
		/// not revoked.
		#[cfg(any(feature = "try-runtime", test))]
		pub fn do_try_state() -> Result<(), polkadot_sdk::sp_runtime::TryRuntimeError> {
			use alloc::collections::BTreeMap;
			let mut owed: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
			let mut owe = |who: &T::AccountId, amount: BalanceOf<T>| {
				let total = owed.entry(who.clone()).or_default();
				*total = total.saturating_add(amount);
			};
			for (did, record) in Dids::<T>::iter() {
				ensure!(!DeactivatedDids::<T>::contains_key(did), "a deactivated DID is live");
				ensure!(record.deposit == Self::did_deposit(&record), "a DID deposit is off");
				owe(&record.deposit_owner, record.deposit);
			}
			for (account, link) in AccountLinks::<T>::iter() {
				ensure!(Dids::<T>::contains_key(link.did), "a link to a DID that is not live");
				ensure!(
					LinkedAccounts::<T>::get(link.did).contains(&account),
					"a link its DID does not list"
				);
				ensure!(link.deposit == Self::link_deposit(&account), "a link deposit is off");
				owe(&account, link.deposit);
			}
			for (_, schema) in Schemas::<T>::iter() {
				owe(&schema.registrant, schema.deposit);
			}
			for (_, _, list) in ConsumerIssuers::<T>::iter() {
				owe(&list.depositor, list.deposit);
			}
			for (claim_hash, attestation) in Attestations::<T>::iter() {
				ensure!(
					attestation.deposit == Self::attestation_deposit(&attestation),
					"an attestation deposit is off"
				);
				owe(&attestation.depositor, attestation.deposit);
				let current = ClaimIndex::<T>::get((
					attestation.subject,
					attestation.schema,
					attestation.issuer,
				));
				let revoked = matches!(attestation.status, AttestationStatus::Revoked { .. });
				ensure!(
					revoked || current == Some(claim_hash),
					"a superseded claim is not revoked"
				);
			}
			for ((subject, schema, issuer), claim_hash) in ClaimIndex::<T>::iter() {
				let attestation = Attestations::<T>::get(claim_hash)
					.ok_or("an index entry without attestation")?;
				ensure!(
					(attestation.subject, attestation.schema, attestation.issuer)
						== (subject, schema, issuer),
					"an index entry points to another claim"
				);
			}
			for (who, amount) in owed {
				let held =
					<T::Currency as polkadot_sdk::frame_support::traits::fungible::InspectHold<
						T::AccountId,
					>>::balance_on_hold(&HoldReason::StorageDeposit.into(), &who);
				ensure!(held == amount, "held deposits differ from deposits owed");
			}
			Ok(())
		}

		pub fn did_deposit(record: &DidRecord<T>) -> BalanceOf<T> {
			Self::deposit_for(2, 2 * 32 + record.encoded_size() + 8)
		}

		/// The deposit an account link owes: its entry and its place in the DID's list.
		pub fn link_deposit(account: &T::AccountId) -> BalanceOf<T> {
			Self::deposit_for(
				1,
				2 * account.encoded_size() + 32 + AccountLink::<T>::max_encoded_len(),
			)
		}

		/// The deposit an attestation owes: its record (with room for its largest status, so
		/// revocation and suspension do not change it) and its claim-index entry.
		pub fn attestation_deposit(attestation: &Attestation<T>) -> BalanceOf<T> {
			let record = attestation.encoded_size() - attestation.status.encoded_size()
				+ AttestationStatus::max_encoded_len();
			Self::deposit_for(2, 32 + record + 3 * 32 + 32)
		}

		/// Changes the deposit held from `who` from `old` to `new`.
		fn rehold(who: &T::AccountId, old: BalanceOf<T>, new: BalanceOf<T>) -> DispatchResult {
			if new > old {
				Self::hold(who, new.saturating_sub(old))
			} else {
				Self::release(who, old.saturating_sub(new));
				Ok(())
			}
		}

		fn hold(who: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
			if amount.is_zero() {
				return Ok(());
			}
			T::Currency::hold(&HoldReason::StorageDeposit.into(), who, amount)
				.map_err(|_| Error::<T>::InsufficientBalance.into())
		}

		fn release(who: &T::AccountId, amount: BalanceOf<T>) {
			if amount.is_zero() {
				return;
			}
			let reason = HoldReason::StorageDeposit.into();
			let released = T::Currency::release(&reason, who, amount, Precision::BestEffort);
			if released != Ok(amount) {
				log::error!(target: "runtime::did", "could not release the full deposit");
			}
		}
	}
}
