//! # RWA pallet
//!
//! Compliant real-world-asset tokens (bonds, fund shares, equity, real estate, ...) for Mooring.
//!
//! - **Own ledger.** RWA balances live in this pallet ([`Holdings`]), not in `pallet-assets`, so
//!   there is no generic token path around compliance. Every movement of units (transfer,
//!   batch transfer, transfer by an approved spender, issue, redeem, forced transfer, recovery,
//!   split and recombine, redemption at maturity) goes through one function,
//!   [`Pallet::do_move`], which runs the single compliance check [`Pallet::check_movement`]
//!   before it touches the ledger. Other pallets and an ERC-20 precompile use the
//!   [`RwaTransfer`] trait, which goes through the same function; `pallet-payments` asks
//!   through `mooring_primitives::compliance::TransferCheck`.
//! - **Compliance** (Polymesh semantics): an asset has a list of requirements; a movement passes
//!   when ANY requirement has ALL its (sender and receiver) conditions true. An **empty list
//!   admits nothing**; an issuer who wants open transfers adds a requirement without conditions.
//!   Conditions read DID claims through [`mooring_primitives::identity::ClaimVerifier`].
//!   Restrictions (max holders, max balance, max ownership, lockup, per-period volume) apply on
//!   top, even while compliance is paused.
//! - **Explained refusals**: [`Pallet::can_transfer`] (runtime API `RwaApi::can_transfer`, RPC
//!   `rwa_canTransfer`) returns an ERC-1400 reason code and the failing rule.
//! - **Controls**: agents with permission flags, pause, account freeze, partial freeze, forced
//!   transfer, recovery to a wallet of the same DID.
//! - **Lifecycle**: lazy checkpoints, pro-rata distributions in native or `pallet-assets`
//!   currency (claim or agent push), NAV by an oracle agent, redemption at maturity, and the
//!   principal/yield split of bonds.
//!
//! See `docs/rwa.md` for a walk-through.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

mod compliance;
mod lifecycle;
pub mod runtime_api;
mod traits;
pub mod types;
pub mod weights;

#[cfg(feature = "runtime-benchmarks")]
pub mod benchmark_support;
#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;

#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

pub use pallet::*;
pub use traits::RwaTransfer;
pub use types::*;
pub use weights::WeightInfo;

use polkadot_sdk::{
	frame_support::{
		self,
		traits::{
			fungible, fungibles,
			tokens::{Fortitude, Precision, Restriction as HoldRestriction},
		},
	},
	frame_system,
	sp_runtime::traits::{Saturating, Zero},
};

/// Balance type of the native currency; RWA units and payments use it too.
pub type BalanceOf<T> =
	<<T as Config>::Currency as fungible::Inspect<<T as frame_system::Config>::AccountId>>::Balance;
/// An asset record of a runtime.
pub type AssetDetailsOf<T> = AssetDetails<<T as frame_system::Config>::AccountId, BalanceOf<T>>;
/// Asset metadata of a runtime.
pub type AssetMetadataOf<T> =
	AssetMetadata<<T as Config>::StringLimit, <T as Config>::MaxDocuments>;
/// One requirement of a runtime.
pub type RequirementOf<T> = Requirement<<T as Config>::MaxConditions, <T as Config>::MaxCountries>;
/// A condition of a runtime.
pub type ConditionOf<T> = Condition<<T as Config>::MaxCountries>;
/// The requirement list of an asset.
pub type RequirementsOf<T> =
	frame_support::BoundedVec<RequirementOf<T>, <T as Config>::MaxRequirements>;
/// The trusted issuer list of an asset.
pub type TrustedIssuersOf<T> = frame_support::BoundedVec<
	mooring_primitives::identity::DidId,
	<T as Config>::MaxTrustedIssuers,
>;
/// The restriction list of an asset.
pub type RestrictionsOf<T> =
	frame_support::BoundedVec<Restriction<BalanceOf<T>>, <T as Config>::MaxRestrictions>;
/// The DID blocklist of an asset (sorted).
pub type BlocklistOf<T> =
	frame_support::BoundedVec<mooring_primitives::identity::DidId, <T as Config>::MaxBlockedDids>;
/// The agents of an asset.
pub type AgentsOf<T> = frame_support::BoundedVec<
	(<T as frame_system::Config>::AccountId, AgentPermissions),
	<T as Config>::MaxAgents,
>;
/// A configuration item with its deposit.
pub type DepositedOf<T, V> = Deposited<V, <T as frame_system::Config>::AccountId, BalanceOf<T>>;
/// A distribution of a runtime.
pub type DistributionOf<T> = Distribution<
	<T as frame_system::Config>::AccountId,
	BalanceOf<T>,
	<T as Config>::PaymentAssetId,
>;
/// A redemption of a runtime.
pub type RedemptionOf<T> =
	Redemption<<T as frame_system::Config>::AccountId, BalanceOf<T>, <T as Config>::PaymentAssetId>;
/// A payment asset of a runtime.
pub type PaymentAssetOf<T> = PaymentAsset<<T as Config>::PaymentAssetId>;
/// A batch of (account, amount) pairs.
pub type BatchOf<T> = frame_support::BoundedVec<
	(<T as frame_system::Config>::AccountId, BalanceOf<T>),
	<T as Config>::MaxBatch,
>;

/// What benchmarks need from the runtime beyond `ClaimVerifier::set_valid_claim`.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<PaymentAssetId, AccountId, Balance> {
	/// Creates (once) a sufficient `pallet-assets` payment asset and mints `amount` of it to
	/// `who`; returns its id.
	fn create_payment_asset(who: &AccountId, amount: Balance) -> PaymentAssetId;
	/// Links `new` to the DID `existing` is linked to (for the recovery benchmark).
	fn link_same_did(existing: &AccountId, new: &AccountId);
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::{
		pallet_prelude::*,
		traits::{fungible::MutateHold, UnixTime},
		PalletId,
	};
	use frame_system::pallet_prelude::*;
	use mooring_primitives::identity::{ClaimVerifier, DidId};

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Configuration of the RWA pallet.
	#[pallet::config]
	pub trait Config: polkadot_sdk::frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The native currency: pays deposits and can be a payment asset.
		type Currency: fungible::Inspect<Self::AccountId>
			+ fungible::Mutate<Self::AccountId>
			+ fungible::MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason>;

		/// May move an asset to a new owner without the owner (e.g. when its key is lost).
		type ForceOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Identifier of a `pallet-assets` asset used for payments (coupons, redemptions).
		type PaymentAssetId: Member + Parameter + MaxEncodedLen + Copy;

		/// `pallet-assets` (or any fungibles) for payments in assets other than native.
		type PaymentAssets: fungibles::Mutate<
			Self::AccountId,
			AssetId = Self::PaymentAssetId,
			Balance = BalanceOf<Self>,
		>;

		/// Answers the claim questions of compliance conditions (the DID pallet).
		type ClaimVerifier: ClaimVerifier<Self::AccountId>;

		/// Wall-clock time (`pallet_timestamp`), for lockups, maturities, expiries and claims.
		type Time: UnixTime;

		/// Derives the split vault and the payment pots.
		#[pallet::constant]
		type PalletId: Get<PalletId>;

		/// Deposit held from the issuer for an asset (on top of its metadata bytes).
		#[pallet::constant]
		type AssetDeposit: Get<BalanceOf<Self>>;

		/// Deposit held for every other stored item (agents, requirement list, ...).
		#[pallet::constant]
		type DepositBase: Get<BalanceOf<Self>>;

		/// Deposit held per byte of a stored item.
		#[pallet::constant]
		type DepositPerByte: Get<BalanceOf<Self>>;

		/// Longest name or symbol in bytes.
		#[pallet::constant]
		type StringLimit: Get<u32>;

		/// Most documents per asset.
		#[pallet::constant]
		type MaxDocuments: Get<u32>;

		/// Most agents per asset.
		#[pallet::constant]
		type MaxAgents: Get<u32>;

		/// Most requirements per asset.
		#[pallet::constant]
		type MaxRequirements: Get<u32>;

		/// Most conditions per asset, summed over all its requirements.
		#[pallet::constant]
		type MaxConditions: Get<u32>;

		/// Most countries in one jurisdiction condition.
		#[pallet::constant]
		type MaxCountries: Get<u32>;

		/// Most trusted issuers per asset.
		#[pallet::constant]
		type MaxTrustedIssuers: Get<u32>;

		/// Most restrictions per asset.
		#[pallet::constant]
		type MaxRestrictions: Get<u32>;

		/// Most DIDs on an asset's blocklist.
		#[pallet::constant]
		type MaxBlockedDids: Get<u32>;

		/// Most entries in a batch call (transfers, issues, redeems, distribution pushes).
		#[pallet::constant]
		type MaxBatch: Get<u32>;

		/// Most claim markers removed when a distribution is reclaimed.
		#[pallet::constant]
		type MaxClaimCleanup: Get<u32>;

		/// Weights of the calls.
		type WeightInfo: WeightInfo;

		/// Creates payment assets for benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<
			Self::PaymentAssetId,
			Self::AccountId,
			BalanceOf<Self>,
		>;
	}

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// Deposit for stored assets, rules, agents, approvals, distributions and redemptions.
		#[codec(index = 0)]
		StorageDeposit,
	}

	/// The id the next asset gets.
	#[pallet::storage]
	pub type NextAssetId<T> = StorageValue<_, RwaAssetId, ValueQuery>;

	/// Assets by id.
	#[pallet::storage]
	pub type Assets<T: Config> = StorageMap<_, Blake2_128Concat, RwaAssetId, AssetDetailsOf<T>>;

	/// Name, symbol and documents of each asset.
	#[pallet::storage]
	pub type Metadata<T: Config> = StorageMap<_, Blake2_128Concat, RwaAssetId, AssetMetadataOf<T>>;

	/// Agents of each asset and their permissions (the owner has all without an entry).
	#[pallet::storage]
	pub type Agents<T: Config> =
		StorageMap<_, Blake2_128Concat, RwaAssetId, DepositedOf<T, AgentsOf<T>>>;

	/// Distinct holders of a split bond's family (the bond, its principal and its yield leg
	/// together; the vault aside), which `MaxHolders` limits: an account holding any of the
	/// three counts once.
	#[pallet::storage]
	pub type FamilyHolders<T: Config> =
		StorageMap<_, Blake2_128Concat, RwaAssetId, u32, ValueQuery>;

	/// Ownership handovers the owner offered and the new owner has not accepted yet (at most
	/// one per asset; covered by the asset's deposit).
	#[pallet::storage]
	pub type PendingOwners<T: Config> = StorageMap<_, Blake2_128Concat, RwaAssetId, T::AccountId>;

	/// The ledger: each account's units, frozen units and freeze flag per asset.
	#[pallet::storage]
	pub type Holdings<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		RwaAssetId,
		Blake2_128Concat,
		T::AccountId,
		Holding<BalanceOf<T>>,
	>;

	/// Compliance requirements of each asset (ANY requirement with ALL conditions true).
	#[pallet::storage]
	pub type Requirements<T: Config> =
		StorageMap<_, Blake2_128Concat, RwaAssetId, DepositedOf<T, RequirementsOf<T>>>;

	/// The asset's own trusted claim issuers (for conditions with `IssuerSource::AssetTrusted`).
	#[pallet::storage]
	pub type TrustedIssuers<T: Config> =
		StorageMap<_, Blake2_128Concat, RwaAssetId, DepositedOf<T, TrustedIssuersOf<T>>>;

	/// Statistics-based restrictions of each asset.
	#[pallet::storage]
	pub type Restrictions<T: Config> =
		StorageMap<_, Blake2_128Concat, RwaAssetId, DepositedOf<T, RestrictionsOf<T>>>;

	/// DIDs an agent blocked from an asset (sorted; read by `ConditionKind::NotBlocked`).
	#[pallet::storage]
	pub type Blocklist<T: Config> =
		StorageMap<_, Blake2_128Concat, RwaAssetId, DepositedOf<T, BlocklistOf<T>>>;

	/// Units each sender moved in its current period: (period index, units). Only written
	/// while the asset has a `TransferVolume` restriction.
	#[pallet::storage]
	pub type TransferVolumes<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		RwaAssetId,
		Blake2_128Concat,
		T::AccountId,
		(u64, BalanceOf<T>),
	>;

	/// Allowances (ERC-20 style): (asset, owner, spender) → (units, deposit held from owner).
	#[pallet::storage]
	pub type Approvals<T: Config> = StorageNMap<
		_,
		(
			NMapKey<Blake2_128Concat, RwaAssetId>,
			NMapKey<Blake2_128Concat, T::AccountId>,
			NMapKey<Blake2_128Concat, T::AccountId>,
		),
		(BalanceOf<T>, BalanceOf<T>),
	>;

	/// Checkpoints of each asset.
	#[pallet::storage]
	pub type Checkpoints<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		RwaAssetId,
		Twox64Concat,
		CheckpointId,
		CheckpointInfo<BalanceOf<T>>,
	>;

	/// Lazily recorded balances: `((asset, account), big-endian checkpoint id)` → the account's
	/// balance at that checkpoint, written by the first change of the balance after the
	/// checkpoint. The balance at checkpoint `c` is the value under the smallest recorded id
	/// `>= c`, or the current balance if there is none (the `Identity` hasher keeps ids in
	/// order, so that is one `next_key` lookup).
	#[pallet::storage]
	pub type CheckpointBalances<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		(RwaAssetId, T::AccountId),
		Identity,
		[u8; 4],
		BalanceOf<T>,
	>;

	/// The id the next distribution gets.
	#[pallet::storage]
	pub type NextDistributionId<T> = StorageValue<_, DistributionId, ValueQuery>;

	/// Open distributions.
	#[pallet::storage]
	pub type Distributions<T: Config> =
		StorageMap<_, Blake2_128Concat, DistributionId, DistributionOf<T>>;

	/// Holders already paid by a distribution.
	#[pallet::storage]
	pub type DistributionPaid<T: Config> =
		StorageDoubleMap<_, Twox64Concat, DistributionId, Blake2_128Concat, T::AccountId, ()>;

	/// Open redemptions at maturity, by asset.
	#[pallet::storage]
	pub type Redemptions<T: Config> = StorageMap<_, Blake2_128Concat, RwaAssetId, RedemptionOf<T>>;

	/// Latest NAV (price per whole unit) of each asset.
	#[pallet::storage]
	pub type Navs<T: Config> =
		StorageMap<_, Blake2_128Concat, RwaAssetId, Nav<BalanceOf<T>, T::PaymentAssetId>>;

	/// Wallets recovered by an agent: (asset, lost wallet) → new wallet. Distribution payouts
	/// owed to the lost wallet go to the new one.
	#[pallet::storage]
	pub type RecoveredTo<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		RwaAssetId,
		Blake2_128Concat,
		T::AccountId,
		T::AccountId,
	>;

	/// Why a push did not pay a holder.
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
	pub enum WithheldReason {
		/// The holder was already paid.
		AlreadyPaid,
		/// The holder is owed nothing.
		NothingDue,
		/// The payee is frozen or does not meet the asset's receiver conditions now; the share
		/// stays claimable until expiry.
		NotEligible,
		/// The payment asset refused the transfer (e.g. below its minimum balance).
		PaymentFailed,
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// An asset was created.
		AssetCreated { asset: RwaAssetId, owner: T::AccountId, class: AssetClass },
		/// The owner offered the asset to `to`, who takes it with `accept_ownership`.
		OwnershipOffered { asset: RwaAssetId, to: T::AccountId },
		/// The asset (with its split legs) and its deposits moved to a new owner.
		OwnerChanged { asset: RwaAssetId, from: T::AccountId, to: T::AccountId },
		/// The documents of an asset were replaced.
		DocumentsSet { asset: RwaAssetId, count: u32 },
		/// An agent's permissions were set (empty: the agent was removed).
		AgentSet { asset: RwaAssetId, agent: T::AccountId, permissions: AgentPermissions },
		/// Units were issued.
		Issued { asset: RwaAssetId, to: T::AccountId, amount: BalanceOf<T> },
		/// An agent burned units of a holder.
		Redeemed { asset: RwaAssetId, from: T::AccountId, amount: BalanceOf<T> },
		/// Units moved between holders.
		Transferred {
			asset: RwaAssetId,
			from: T::AccountId,
			to: T::AccountId,
			amount: BalanceOf<T>,
		},
		/// An allowance was set.
		Approved {
			asset: RwaAssetId,
			owner: T::AccountId,
			spender: T::AccountId,
			amount: BalanceOf<T>,
		},
		/// An agent moved units without the sender's consent.
		ForcedTransfer {
			asset: RwaAssetId,
			agent: T::AccountId,
			from: T::AccountId,
			to: T::AccountId,
			amount: BalanceOf<T>,
		},
		/// A lost wallet's units moved to a new wallet of the same DID.
		Recovered { asset: RwaAssetId, lost: T::AccountId, new: T::AccountId, amount: BalanceOf<T> },
		/// The requirement list was replaced.
		RequirementsSet { asset: RwaAssetId, requirements: u32, conditions: u32 },
		/// The trusted issuer list was replaced.
		TrustedIssuersSet { asset: RwaAssetId, count: u32 },
		/// The restriction list was replaced.
		RestrictionsSet { asset: RwaAssetId, count: u32 },
		/// Compliance (the requirements) was paused or resumed.
		CompliancePaused { asset: RwaAssetId, paused: bool },
		/// A DID was put on or taken off the asset's blocklist.
		DidBlocked { asset: RwaAssetId, did: DidId, blocked: bool },
		/// The asset was paused or unpaused.
		AssetPaused { asset: RwaAssetId, paused: bool },
		/// An account was frozen or unfrozen.
		AccountFrozen { asset: RwaAssetId, who: T::AccountId, frozen: bool },
		/// Part of a balance was frozen (the new frozen amount).
		BalanceFrozen { asset: RwaAssetId, who: T::AccountId, amount: BalanceOf<T> },
		/// A checkpoint was taken.
		CheckpointCreated {
			asset: RwaAssetId,
			checkpoint: CheckpointId,
			supply: BalanceOf<T>,
			at: Moment,
		},
		/// A distribution was created and funded.
		DistributionCreated {
			id: DistributionId,
			asset: RwaAssetId,
			checkpoint: CheckpointId,
			payment: PaymentAssetOf<T>,
			amount: BalanceOf<T>,
			expires_at: Moment,
		},
		/// A holder's share of a distribution was paid to `payee`.
		DistributionPaid {
			id: DistributionId,
			holder: T::AccountId,
			payee: T::AccountId,
			amount: BalanceOf<T>,
		},
		/// A push skipped a holder.
		PayoutWithheld { id: DistributionId, holder: T::AccountId, reason: WithheldReason },
		/// An expired distribution was closed; `returned` went back to the funder.
		DistributionReclaimed { id: DistributionId, returned: BalanceOf<T> },
		/// A NAV was published.
		NavSet {
			asset: RwaAssetId,
			price: BalanceOf<T>,
			currency: PaymentAssetOf<T>,
			observed_at: Moment,
		},
		/// Redemption at maturity was opened.
		RedemptionOpened {
			asset: RwaAssetId,
			payment: PaymentAssetOf<T>,
			price: BalanceOf<T>,
			funding: BalanceOf<T>,
			expires_at: Moment,
		},
		/// A holder redeemed units at maturity.
		RedeemedAtMaturity {
			asset: RwaAssetId,
			holder: T::AccountId,
			amount: BalanceOf<T>,
			paid: BalanceOf<T>,
		},
		/// A redemption was closed; `returned` went back to the funder.
		RedemptionClosed { asset: RwaAssetId, returned: BalanceOf<T> },
		/// A bond's principal/yield split was enabled.
		SplitEnabled { bond: RwaAssetId, principal: RwaAssetId, yield_asset: RwaAssetId },
		/// Bond units were locked for equal P and Y units.
		Split { bond: RwaAssetId, who: T::AccountId, amount: BalanceOf<T> },
		/// P and Y units were burned to unlock bond units.
		Recombined { bond: RwaAssetId, who: T::AccountId, amount: BalanceOf<T> },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No asset with this id.
		UnknownAsset,
		/// The caller is neither the owner nor an agent with the needed permission.
		MissingPermission,
		/// Only the asset owner may do this.
		NotOwner,
		/// Amounts must not be zero.
		ZeroAmount,
		/// More than 18 decimals.
		TooManyDecimals,
		/// Name and symbol must not be empty.
		EmptyName,
		/// The maturity or expiry is not in the future.
		TimeInPast,
		/// A supply cap of zero.
		ZeroSupplyCap,
		/// An arithmetic overflow.
		Overflow,
		/// Unknown permission bits.
		InvalidPermissions,
		/// The asset has the most agents it may have.
		TooManyAgents,
		/// The account is not an agent of the asset.
		NotAnAgent,
		/// Not on a split leg: its rules and agents are its bond's, and its supply changes only
		/// by splitting and recombining the bond.
		IsSplitLeg,
		/// The asset is paused.
		AssetPaused,
		/// The sender holds too few units.
		InsufficientBalance,
		/// Too many of the sender's units are frozen.
		FundsFrozen,
		/// The sender's account is frozen.
		SenderFrozen,
		/// The receiver's account is frozen.
		ReceiverFrozen,
		/// The sender cannot send (the split vault outside splits).
		InvalidSender,
		/// The receiver cannot receive (the sender itself or the split vault).
		InvalidReceiver,
		/// The spender's allowance is too small.
		InsufficientAllowance,
		/// Spender and owner are the same account.
		SelfApproval,
		/// Issuing would exceed the supply cap.
		SupplyCapExceeded,
		/// The receiver would make the asset exceed its maximum number of holders.
		MaxHoldersExceeded,
		/// The receiver would exceed the maximum balance per holder.
		MaxBalanceExceeded,
		/// The receiver would exceed the maximum ownership share.
		MaxOwnershipExceeded,
		/// The asset is in its lockup period.
		LockupActive,
		/// The sender reached its transfer volume for the period.
		VolumeLimitExceeded,
		/// The asset has no requirement, so compliance admits no transfer.
		NoRequirements,
		/// The sender fails a condition of every requirement.
		SenderNotCompliant,
		/// The receiver fails a condition of every requirement.
		ReceiverNotCompliant,
		/// Every requirement fails, on the sender in some and on the receiver in others.
		NotCompliant,
		/// The requirements hold more conditions than `MaxConditions`.
		TooManyConditions,
		/// A restriction is malformed (zero period) or its kind appears twice.
		InvalidRestriction,
		/// The same issuer is listed twice.
		DuplicateIssuer,
		/// The DID is already on the blocklist.
		AlreadyBlocked,
		/// The DID is not on the blocklist.
		NotBlocked,
		/// The blocklist is full.
		TooManyBlocked,
		/// The account holds no position in the asset.
		NotAHolder,
		/// The frozen amount exceeds the balance.
		FreezeExceedsBalance,
		/// The account has no DID.
		NoDid,
		/// The new wallet belongs to another DID than the lost one.
		DidMismatch,
		/// The lost wallet holds nothing to recover.
		NothingToRecover,
		/// No checkpoint with this id.
		UnknownCheckpoint,
		/// The supply at the checkpoint is zero: nobody to pay.
		NoSupplyAtCheckpoint,
		/// No distribution with this id.
		UnknownDistribution,
		/// The distribution has expired.
		DistributionExpired,
		/// The distribution has not expired yet.
		DistributionNotExpired,
		/// The holder was already paid.
		AlreadyPaid,
		/// The holder is owed nothing.
		NothingToClaim,
		/// Only the holder or the wallet it was recovered to may claim.
		NotHolderOrRecovery,
		/// The payee is frozen or fails the asset's receiver conditions.
		PayeeNotEligible,
		/// The asset has no maturity.
		NoMaturity,
		/// The asset has not matured yet.
		NotMatured,
		/// The asset has matured.
		Matured,
		/// A redemption is already open for the asset.
		RedemptionAlreadyOpen,
		/// A redemption is open: the asset is being wound down.
		RedemptionOpen,
		/// No redemption is open for the asset.
		NoRedemption,
		/// The redemption has not expired yet.
		RedemptionNotExpired,
		/// The redemption funds do not cover the payout.
		RedemptionUnderfunded,
		/// The payout for this amount rounds to zero.
		PayoutTooSmall,
		/// Yield units are not redeemed; they received the distributions.
		NotRedeemable,
		/// Only bonds with a maturity, not yet matured, can be split.
		NotSplittable,
		/// The split is already enabled.
		AlreadySplit,
		/// The asset has no principal/yield split.
		NotSplit,
		/// The observation time is in the future or not newer than the current NAV.
		StaleNav,
		/// The account owns the asset already.
		AlreadyOwner,
		/// The spender has no allowance from the holder.
		NotApproved,
		/// The asset was not offered to the caller.
		NotOffered,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		#[cfg(feature = "try-runtime")]
		fn try_state(
			_n: BlockNumberFor<T>,
		) -> Result<(), polkadot_sdk::sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Creates an asset owned by the caller, holding `AssetDeposit` plus the metadata bytes.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::create_asset())]
		#[allow(clippy::too_many_arguments)]
		pub fn create_asset(
			origin: OriginFor<T>,
			name: BoundedVec<u8, T::StringLimit>,
			symbol: BoundedVec<u8, T::StringLimit>,
			decimals: u8,
			class: AssetClass,
			documents: BoundedVec<Document, T::MaxDocuments>,
			supply_cap: Option<BalanceOf<T>>,
			maturity: Option<Moment>,
		) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			ensure!(!name.is_empty() && !symbol.is_empty(), Error::<T>::EmptyName);
			ensure!(decimals <= 18, Error::<T>::TooManyDecimals);
			ensure!(supply_cap.is_none_or(|cap| !cap.is_zero()), Error::<T>::ZeroSupplyCap);
			ensure!(maturity.is_none_or(|m| m > Self::now()), Error::<T>::TimeInPast);
			let metadata = AssetMetadata { name, symbol, documents };
			let details = AssetDetails {
				owner: owner.clone(),
				class,
				decimals,
				supply: Zero::zero(),
				supply_cap,
				maturity,
				holders: 0,
				paused: false,
				compliance_paused: false,
				checkpoints: 0,
				split: SplitRole::None,
				deposit: Zero::zero(),
			};
			let asset = Self::insert_asset(details, metadata)?;
			Self::deposit_event(Event::AssetCreated { asset, owner, class });
			Ok(())
		}

		/// Replaces the documents of an asset (owner only); the deposit follows the size.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::set_documents())]
		pub fn set_documents(
			origin: OriginFor<T>,
			asset: RwaAssetId,
			documents: BoundedVec<Document, T::MaxDocuments>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut details = Self::ensure_owner(&who, asset)?;
			let mut metadata = Metadata::<T>::get(asset).ok_or(Error::<T>::UnknownAsset)?;
			let count = documents.len() as u32;
			metadata.documents = documents;
			let deposit = Self::asset_deposit(&metadata);
			Self::release_deposit(&details.owner, details.deposit);
			T::Currency::hold(&HoldReason::StorageDeposit.into(), &details.owner, deposit)?;
			details.deposit = deposit;
			Assets::<T>::insert(asset, details);
			Metadata::<T>::insert(asset, metadata);
			Self::deposit_event(Event::DocumentsSet { asset, count });
			Ok(())
		}

		/// Sets an agent's permissions (owner only); empty permissions remove the agent. The
		/// deposit for the agent list is held from the owner.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::set_agent())]
		pub fn set_agent(
			origin: OriginFor<T>,
			asset: RwaAssetId,
			agent: T::AccountId,
			permissions: AgentPermissions,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let details = Self::ensure_owner(&who, asset)?;
			ensure!(details.split.parent().is_none(), Error::<T>::IsSplitLeg);
			ensure!(permissions.is_valid(), Error::<T>::InvalidPermissions);
			let old = Agents::<T>::get(asset);
			let mut agents = old.as_ref().map(|d| d.value.clone()).unwrap_or_default();
			let existed = agents.iter().any(|(a, _)| a == &agent);
			ensure!(existed || !permissions.is_empty(), Error::<T>::NotAnAgent);
			agents.retain(|(a, _)| a != &agent);
			if !permissions.is_empty() {
				agents
					.try_push((agent.clone(), permissions))
					.map_err(|_| Error::<T>::TooManyAgents)?;
			}
			let keep = !agents.is_empty();
			Agents::<T>::set(asset, Self::redeposit(old, &details.owner, agents, keep)?);
			Self::deposit_event(Event::AgentSet { asset, agent, permissions });
			Ok(())
		}

		/// Issues `amount` new units to `to` (permission `Mint`); the receiver must pass the
		/// receiver conditions and restrictions, and the supply cap holds. Not on a split leg.
		#[pallet::call_index(3)]
		#[pallet::weight(
			T::WeightInfo::issue(T::MaxRequirements::get(), T::MaxConditions::get())
				.saturating_add(Pallet::<T>::unmeasured_compliance(1, T::MaxConditions::get()))
		)]
		pub fn issue(
			origin: OriginFor<T>,
			asset: RwaAssetId,
			to: T::AccountId,
			amount: BalanceOf<T>,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			Self::ensure_rules_agent(&who, asset, Permission::Mint)?;
			let cost = Self::do_issue(asset, &to, amount)?;
			Ok(Some(
				T::WeightInfo::issue(cost.requirements, cost.conditions)
					.saturating_add(Self::unmeasured_compliance(1, cost.conditions)),
			)
			.into())
		}

		/// Issues to several receivers at once (permission `Mint`); all or nothing.
		#[pallet::call_index(4)]
		#[pallet::weight(
			T::WeightInfo::issue_batch(issues.len() as u32)
				.saturating_add(Pallet::<T>::unmeasured_compliance(issues.len() as u32, T::MaxConditions::get()))
		)]
		pub fn issue_batch(
			origin: OriginFor<T>,
			asset: RwaAssetId,
			issues: BatchOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::ensure_rules_agent(&who, asset, Permission::Mint)?;
			for (to, amount) in issues {
				Self::do_issue(asset, &to, amount)?;
			}
			Ok(())
		}

		/// Burns `amount` units of `from` (permission `Burn`); may burn frozen units. Not on a
		/// split leg.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::redeem())]
		pub fn redeem(
			origin: OriginFor<T>,
			asset: RwaAssetId,
			from: T::AccountId,
			amount: BalanceOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::ensure_rules_agent(&who, asset, Permission::Burn)?;
			Self::do_agent_redeem(asset, &from, amount)
		}

		/// Burns units of several holders (permission `Burn`); all or nothing.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::redeem_batch(redeems.len() as u32))]
		pub fn redeem_batch(
			origin: OriginFor<T>,
			asset: RwaAssetId,
			redeems: BatchOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::ensure_rules_agent(&who, asset, Permission::Burn)?;
			for (from, amount) in redeems {
				Self::do_agent_redeem(asset, &from, amount)?;
			}
			Ok(())
		}

		/// Sends `amount` units to `to` after every compliance check.
		#[pallet::call_index(7)]
		#[pallet::weight(Pallet::<T>::transfer_weight(ComplianceCost::worst::<T>()))]
		pub fn transfer(
			origin: OriginFor<T>,
			asset: RwaAssetId,
			to: T::AccountId,
			amount: BalanceOf<T>,
		) -> DispatchResultWithPostInfo {
			let from = ensure_signed(origin)?;
			let cost = Self::do_transfer(asset, &from, &to, amount)?;
			Ok(Some(Self::transfer_weight(cost)).into())
		}

		/// Sends units to several receivers; each transfer is checked; all or nothing.
		#[pallet::call_index(8)]
		#[pallet::weight(
			T::WeightInfo::transfer_batch(transfers.len() as u32)
				.saturating_add(Pallet::<T>::unmeasured_compliance(transfers.len() as u32, T::MaxConditions::get()))
		)]
		pub fn transfer_batch(
			origin: OriginFor<T>,
			asset: RwaAssetId,
			transfers: BatchOf<T>,
		) -> DispatchResult {
			let from = ensure_signed(origin)?;
			for (to, amount) in transfers {
				Self::do_transfer(asset, &from, &to, amount)?;
			}
			Ok(())
		}

		/// Lets `spender` move up to `amount` of the caller's units (ERC-20 `approve`); zero
		/// removes the allowance and returns its deposit.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::approve())]
		pub fn approve(
			origin: OriginFor<T>,
			asset: RwaAssetId,
			spender: T::AccountId,
			amount: BalanceOf<T>,
		) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			Self::do_approve(asset, &owner, &spender, amount)
		}

		/// Moves `amount` of `from`'s units to `to` within the caller's allowance, after every
		/// compliance check on `from` and `to`.
		#[pallet::call_index(10)]
		#[pallet::weight(Pallet::<T>::transfer_from_weight(ComplianceCost::worst::<T>()))]
		pub fn transfer_from(
			origin: OriginFor<T>,
			asset: RwaAssetId,
			from: T::AccountId,
			to: T::AccountId,
			amount: BalanceOf<T>,
		) -> DispatchResultWithPostInfo {
			let spender = ensure_signed(origin)?;
			let cost = Self::do_transfer_from(asset, &spender, &from, &to, amount)?;
			Ok(Some(Self::transfer_from_weight(cost)).into())
		}

		/// Replaces the requirement list (permission `ManageCompliance`). An empty list admits
		/// no transfer. The deposit follows the encoded size.
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::set_requirements(
			requirements.len() as u32,
			requirements.iter().map(|r| r.conditions.len() as u32).sum(),
		))]
		pub fn set_requirements(
			origin: OriginFor<T>,
			asset: RwaAssetId,
			requirements: RequirementsOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::ensure_rules_agent(&who, asset, Permission::ManageCompliance)?;
			let conditions: u32 = requirements.iter().map(|r| r.conditions.len() as u32).sum();
			ensure!(conditions <= T::MaxConditions::get(), Error::<T>::TooManyConditions);
			let count = requirements.len() as u32;
			let keep = !requirements.is_empty();
			let old = Requirements::<T>::get(asset);
			Requirements::<T>::set(asset, Self::redeposit(old, &who, requirements, keep)?);
			Self::deposit_event(Event::RequirementsSet { asset, requirements: count, conditions });
			Ok(())
		}

		/// Replaces the asset's trusted issuer list (permission `ManageCompliance`).
		#[pallet::call_index(12)]
		#[pallet::weight(T::WeightInfo::set_trusted_issuers())]
		pub fn set_trusted_issuers(
			origin: OriginFor<T>,
			asset: RwaAssetId,
			issuers: TrustedIssuersOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::ensure_rules_agent(&who, asset, Permission::ManageCompliance)?;
			let mut sorted = issuers.to_vec();
			sorted.sort();
			sorted.dedup();
			ensure!(sorted.len() == issuers.len(), Error::<T>::DuplicateIssuer);
			let count = issuers.len() as u32;
			let old = TrustedIssuers::<T>::get(asset);
			TrustedIssuers::<T>::set(asset, Self::redeposit(old, &who, issuers, count > 0)?);
			Self::deposit_event(Event::TrustedIssuersSet { asset, count });
			Ok(())
		}

		/// Replaces the restriction list (permission `ManageCompliance`); each kind at most
		/// once, periods not zero.
		#[pallet::call_index(13)]
		#[pallet::weight(T::WeightInfo::set_restrictions())]
		pub fn set_restrictions(
			origin: OriginFor<T>,
			asset: RwaAssetId,
			restrictions: RestrictionsOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::ensure_rules_agent(&who, asset, Permission::ManageCompliance)?;
			ensure!(Self::restrictions_valid(&restrictions), Error::<T>::InvalidRestriction);
			let count = restrictions.len() as u32;
			let old = Restrictions::<T>::get(asset);
			Restrictions::<T>::set(asset, Self::redeposit(old, &who, restrictions, count > 0)?);
			Self::deposit_event(Event::RestrictionsSet { asset, count });
			Ok(())
		}

		/// Pauses or resumes the requirements (permission `ManageCompliance`). While paused,
		/// claim conditions are skipped; freezes and restrictions still apply.
		#[pallet::call_index(14)]
		#[pallet::weight(T::WeightInfo::set_compliance_paused())]
		pub fn set_compliance_paused(
			origin: OriginFor<T>,
			asset: RwaAssetId,
			paused: bool,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut details = Self::ensure_rules_agent(&who, asset, Permission::ManageCompliance)?;
			details.compliance_paused = paused;
			Assets::<T>::insert(asset, details);
			Self::deposit_event(Event::CompliancePaused { asset, paused });
			Ok(())
		}

		/// Puts a DID on or takes it off the asset's blocklist (permission
		/// `ManageCompliance`), read by the `NotBlocked` condition.
		#[pallet::call_index(15)]
		#[pallet::weight(T::WeightInfo::set_did_blocked())]
		pub fn set_did_blocked(
			origin: OriginFor<T>,
			asset: RwaAssetId,
			did: DidId,
			blocked: bool,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::ensure_rules_agent(&who, asset, Permission::ManageCompliance)?;
			let old = Blocklist::<T>::get(asset);
			let mut list = old.as_ref().map(|d| d.value.clone()).unwrap_or_default();
			match (list.binary_search(&did), blocked) {
				(Ok(_), true) => return Err(Error::<T>::AlreadyBlocked.into()),
				(Err(_), false) => return Err(Error::<T>::NotBlocked.into()),
				(Ok(at), false) => {
					list.remove(at);
				},
				(Err(at), true) => {
					list.try_insert(at, did).map_err(|_| Error::<T>::TooManyBlocked)?
				},
			}
			let keep = !list.is_empty();
			Blocklist::<T>::set(asset, Self::redeposit(old, &who, list, keep)?);
			Self::deposit_event(Event::DidBlocked { asset, did, blocked });
			Ok(())
		}

		/// Pauses or unpauses the asset (permission `Pause`): holders cannot move units;
		/// forced transfers, recovery and agent burns still work.
		#[pallet::call_index(16)]
		#[pallet::weight(T::WeightInfo::set_asset_paused())]
		pub fn set_asset_paused(
			origin: OriginFor<T>,
			asset: RwaAssetId,
			paused: bool,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut details = Self::ensure_agent(&who, asset, Permission::Pause)?;
			details.paused = paused;
			Assets::<T>::insert(asset, details);
			Self::deposit_event(Event::AssetPaused { asset, paused });
			Ok(())
		}

		/// Freezes or unfreezes a holder's account (permission `Freeze`): a frozen account
		/// neither sends nor receives. To bar a non-holder, block its DID instead.
		#[pallet::call_index(17)]
		#[pallet::weight(T::WeightInfo::set_account_frozen())]
		pub fn set_account_frozen(
			origin: OriginFor<T>,
			asset: RwaAssetId,
			who: T::AccountId,
			frozen: bool,
		) -> DispatchResult {
			let agent = ensure_signed(origin)?;
			Self::ensure_agent(&agent, asset, Permission::Freeze)?;
			ensure!(who != Self::vault_account(), Error::<T>::InvalidSender);
			let mut holding = Holdings::<T>::get(asset, &who).ok_or(Error::<T>::NotAHolder)?;
			holding.account_frozen = frozen;
			Self::store_holding(asset, &who, holding);
			Self::deposit_event(Event::AccountFrozen { asset, who, frozen });
			Ok(())
		}

		/// Sets how many of a holder's units are frozen (permission `Freeze`).
		#[pallet::call_index(18)]
		#[pallet::weight(T::WeightInfo::set_frozen_balance())]
		pub fn set_frozen_balance(
			origin: OriginFor<T>,
			asset: RwaAssetId,
			who: T::AccountId,
			amount: BalanceOf<T>,
		) -> DispatchResult {
			let agent = ensure_signed(origin)?;
			Self::ensure_agent(&agent, asset, Permission::Freeze)?;
			ensure!(who != Self::vault_account(), Error::<T>::InvalidSender);
			let mut holding = Holdings::<T>::get(asset, &who).ok_or(Error::<T>::NotAHolder)?;
			ensure!(amount <= holding.balance, Error::<T>::FreezeExceedsBalance);
			holding.frozen = amount;
			Self::store_holding(asset, &who, holding);
			Self::deposit_event(Event::BalanceFrozen { asset, who, amount });
			Ok(())
		}

		/// Moves units from `from` to `to` without `from`'s consent (permission
		/// `ForceTransfer`). Ignores pause, freezes of the sender and sender rules; the receiver
		/// must still pass the receiver conditions and restrictions.
		#[pallet::call_index(19)]
		#[pallet::weight(
			T::WeightInfo::forced_transfer(T::MaxRequirements::get(), T::MaxConditions::get())
				.saturating_add(Pallet::<T>::unmeasured_compliance(1, T::MaxConditions::get()))
		)]
		pub fn forced_transfer(
			origin: OriginFor<T>,
			asset: RwaAssetId,
			from: T::AccountId,
			to: T::AccountId,
			amount: BalanceOf<T>,
		) -> DispatchResultWithPostInfo {
			let agent = ensure_signed(origin)?;
			Self::ensure_agent(&agent, asset, Permission::ForceTransfer)?;
			ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
			let cost = Self::do_move(asset, Some(&from), Some(&to), amount, Movement::Forced)?;
			Self::deposit_event(Event::ForcedTransfer { asset, agent, from, to, amount });
			Ok(Some(
				T::WeightInfo::forced_transfer(cost.requirements, cost.conditions)
					.saturating_add(Self::unmeasured_compliance(1, cost.conditions)),
			)
			.into())
		}

		/// Moves all units of a lost wallet to a new wallet linked to the same DID (permission
		/// `Recover`); frozen units stay frozen, and later distribution payouts owed to the
		/// lost wallet go to the new one.
		#[pallet::call_index(20)]
		#[pallet::weight(
			T::WeightInfo::recover(T::MaxRequirements::get(), T::MaxConditions::get())
				.saturating_add(Pallet::<T>::unmeasured_compliance(1, T::MaxConditions::get()))
		)]
		pub fn recover(
			origin: OriginFor<T>,
			asset: RwaAssetId,
			lost: T::AccountId,
			new: T::AccountId,
		) -> DispatchResultWithPostInfo {
			let agent = ensure_signed(origin)?;
			Self::ensure_agent(&agent, asset, Permission::Recover)?;
			let cost = Self::do_recover(asset, &lost, &new)?;
			Ok(Some(
				T::WeightInfo::recover(cost.requirements, cost.conditions)
					.saturating_add(Self::unmeasured_compliance(1, cost.conditions)),
			)
			.into())
		}

		/// Takes a checkpoint of the asset (permission `ManageDistributions`); O(1): balances
		/// are recorded lazily when they next change.
		#[pallet::call_index(21)]
		#[pallet::weight(T::WeightInfo::create_checkpoint())]
		pub fn create_checkpoint(origin: OriginFor<T>, asset: RwaAssetId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut details = Self::ensure_agent(&who, asset, Permission::ManageDistributions)?;
			Self::take_checkpoint(asset, &mut details)?;
			Ok(())
		}

		/// Funds a distribution of `amount` in `payment` to the holders at `checkpoint` (a new
		/// checkpoint if `None`), claimable until `expires_at` (permission
		/// `ManageDistributions`). The caller pays `amount` plus the payment asset's minimum
		/// balance (returned at reclaim) and a deposit for the record.
		#[pallet::call_index(22)]
		#[pallet::weight(T::WeightInfo::create_distribution())]
		pub fn create_distribution(
			origin: OriginFor<T>,
			asset: RwaAssetId,
			checkpoint: Option<CheckpointId>,
			payment: PaymentAssetOf<T>,
			amount: BalanceOf<T>,
			expires_at: Moment,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let details = Self::ensure_agent(&who, asset, Permission::ManageDistributions)?;
			Self::do_create_distribution(
				who, asset, details, checkpoint, payment, amount, expires_at,
			)
		}

		/// Pays `holder`'s share of a distribution; the caller is the holder or the wallet it
		/// was recovered to. The payee must be eligible (not frozen, meets the receiver
		/// conditions of some requirement).
		#[pallet::call_index(23)]
		#[pallet::weight(
			T::WeightInfo::claim_distribution(T::MaxRequirements::get(), T::MaxConditions::get())
				.saturating_add(Pallet::<T>::unmeasured_compliance(1, T::MaxConditions::get()))
		)]
		pub fn claim_distribution(
			origin: OriginFor<T>,
			id: DistributionId,
			holder: T::AccountId,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let cost = Self::do_claim(&who, id, &holder)?;
			Ok(Some(
				T::WeightInfo::claim_distribution(cost.requirements, cost.conditions)
					.saturating_add(Self::unmeasured_compliance(1, cost.conditions)),
			)
			.into())
		}

		/// Pays the shares of up to `MaxBatch` holders (permission `ManageDistributions`).
		/// Holders already paid, owed nothing, not eligible, or refused by the payment asset are
		/// skipped with a `PayoutWithheld` event.
		#[pallet::call_index(24)]
		#[pallet::weight(
			T::WeightInfo::push_distribution(holders.len() as u32)
				.saturating_add(Pallet::<T>::unmeasured_compliance(holders.len() as u32, T::MaxConditions::get()))
		)]
		pub fn push_distribution(
			origin: OriginFor<T>,
			id: DistributionId,
			holders: BoundedVec<T::AccountId, T::MaxBatch>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_push(&who, id, holders)
		}

		/// After expiry, returns the unpaid remainder (unclaimed shares and rounding dust) and
		/// the minimum-balance float to the funder, and the record deposit (funder or an agent
		/// with `ManageDistributions`).
		#[pallet::call_index(25)]
		#[pallet::weight(T::WeightInfo::reclaim_distribution(T::MaxClaimCleanup::get()))]
		pub fn reclaim_distribution(origin: OriginFor<T>, id: DistributionId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_reclaim(&who, id)
		}

		/// Publishes the NAV / price per whole unit observed at `observed_at` (permission
		/// `SetNav`, the oracle role).
		#[pallet::call_index(26)]
		#[pallet::weight(T::WeightInfo::set_nav())]
		pub fn set_nav(
			origin: OriginFor<T>,
			asset: RwaAssetId,
			price: BalanceOf<T>,
			currency: PaymentAssetOf<T>,
			observed_at: Moment,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::ensure_agent(&who, asset, Permission::SetNav)?;
			let now = Self::now();
			let newer = Navs::<T>::get(asset).is_none_or(|nav| observed_at > nav.observed_at);
			ensure!(observed_at <= now && newer, Error::<T>::StaleNav);
			Navs::<T>::insert(asset, Nav { price, currency, observed_at, published_at: now });
			Self::deposit_event(Event::NavSet { asset, price, currency, observed_at });
			Ok(())
		}

		/// Opens redemption at maturity (permission `ManageDistributions`): holders (and P
		/// holders of a split bond) burn units for `price` per whole unit, paid from `funding`.
		#[pallet::call_index(27)]
		#[pallet::weight(T::WeightInfo::open_redemption())]
		pub fn open_redemption(
			origin: OriginFor<T>,
			asset: RwaAssetId,
			payment: PaymentAssetOf<T>,
			price: BalanceOf<T>,
			funding: BalanceOf<T>,
			expires_at: Moment,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let details = Self::ensure_agent(&who, asset, Permission::ManageDistributions)?;
			Self::do_open_redemption(who, asset, details, payment, price, funding, expires_at)
		}

		/// Burns `amount` of the caller's units for the redemption price. For a principal (P)
		/// asset the bond's redemption pays and the locked bond units are burned too.
		#[pallet::call_index(28)]
		#[pallet::weight(
			T::WeightInfo::redeem_at_maturity(T::MaxRequirements::get(), T::MaxConditions::get())
				.saturating_add(Pallet::<T>::unmeasured_compliance(2, T::MaxConditions::get()))
		)]
		pub fn redeem_at_maturity(
			origin: OriginFor<T>,
			asset: RwaAssetId,
			amount: BalanceOf<T>,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let cost = Self::do_redeem_at_maturity(&who, asset, amount)?;
			Ok(Some(
				T::WeightInfo::redeem_at_maturity(cost.requirements, cost.conditions)
					.saturating_add(Self::unmeasured_compliance(2, cost.conditions)),
			)
			.into())
		}

		/// After its expiry, closes a redemption and returns what is left to the funder (funder
		/// or an agent with `ManageDistributions`).
		#[pallet::call_index(29)]
		#[pallet::weight(T::WeightInfo::close_redemption())]
		pub fn close_redemption(origin: OriginFor<T>, asset: RwaAssetId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_close_redemption(&who, asset)
		}

		/// Enables the principal/yield split of a bond (owner only): creates its P and Y assets,
		/// holding one asset deposit for each.
		#[pallet::call_index(30)]
		#[pallet::weight(T::WeightInfo::enable_split())]
		pub fn enable_split(origin: OriginFor<T>, asset: RwaAssetId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let details = Self::ensure_owner(&who, asset)?;
			Self::do_enable_split(asset, details)
		}

		/// Locks `amount` bond units of the caller in the vault and mints as many P and Y
		/// units to it.
		#[pallet::call_index(31)]
		#[pallet::weight(
			T::WeightInfo::split(T::MaxRequirements::get(), T::MaxConditions::get())
				.saturating_add(Pallet::<T>::unmeasured_compliance(3, T::MaxConditions::get()))
		)]
		pub fn split(
			origin: OriginFor<T>,
			asset: RwaAssetId,
			amount: BalanceOf<T>,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let cost = Self::do_split(&who, asset, amount)?;
			Ok(Some(
				T::WeightInfo::split(cost.requirements, cost.conditions)
					.saturating_add(Self::unmeasured_compliance(3, cost.conditions)),
			)
			.into())
		}

		/// Burns `amount` P and Y units of the caller and unlocks as many bond units to it.
		#[pallet::call_index(32)]
		#[pallet::weight(
			T::WeightInfo::recombine(T::MaxRequirements::get(), T::MaxConditions::get())
				.saturating_add(Pallet::<T>::unmeasured_compliance(3, T::MaxConditions::get()))
		)]
		pub fn recombine(
			origin: OriginFor<T>,
			asset: RwaAssetId,
			amount: BalanceOf<T>,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let cost = Self::do_recombine(&who, asset, amount)?;
			Ok(Some(
				T::WeightInfo::recombine(cost.requirements, cost.conditions)
					.saturating_add(Self::unmeasured_compliance(3, cost.conditions)),
			)
			.into())
		}

		/// Offers `asset` (with its split legs) to `new_owner`, who takes it, and the deposits
		/// held for it, with `accept_ownership`; nobody becomes an owner (and holds its
		/// deposit) without consenting. A new offer replaces the last. Origin: the owner.
		#[pallet::call_index(33)]
		#[pallet::weight(T::WeightInfo::set_asset_paused())]
		pub fn transfer_ownership(
			origin: OriginFor<T>,
			asset: RwaAssetId,
			new_owner: T::AccountId,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let details = Self::ensure_owner(&who, asset)?;
			ensure!(details.split.parent().is_none(), Error::<T>::IsSplitLeg);
			ensure!(details.owner != new_owner, Error::<T>::AlreadyOwner);
			PendingOwners::<T>::insert(asset, &new_owner);
			Self::deposit_event(Event::OwnershipOffered { asset, to: new_owner });
			Ok(())
		}

		/// Takes an asset its owner offered to the caller: the asset, its legs and their
		/// deposits (held from the caller from now on). Agents stay; the new owner may change
		/// them. Origin: the account the asset was offered to.
		#[pallet::call_index(35)]
		#[pallet::weight(Pallet::<T>::change_owner_weight())]
		pub fn accept_ownership(origin: OriginFor<T>, asset: RwaAssetId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			ensure!(PendingOwners::<T>::get(asset) == Some(who.clone()), Error::<T>::NotOffered);
			let details = Assets::<T>::get(asset).ok_or(Error::<T>::UnknownAsset)?;
			Self::change_owner(asset, details, who)
		}

		/// Hands `asset` to `new_owner` without its owner, e.g. when the owner's key is lost.
		/// Origin: [`Config::ForceOrigin`] (on Mooring, three quarters of the council).
		#[pallet::call_index(34)]
		#[pallet::weight(Pallet::<T>::change_owner_weight())]
		pub fn force_transfer_ownership(
			origin: OriginFor<T>,
			asset: RwaAssetId,
			new_owner: T::AccountId,
		) -> DispatchResult {
			T::ForceOrigin::ensure_origin(origin)?;
			let details = Assets::<T>::get(asset).ok_or(Error::<T>::UnknownAsset)?;
			Self::change_owner(asset, details, new_owner)
		}
	}

	impl<T: Config> Pallet<T> {
		/// Moves `asset` (with its split legs) and the deposits held for it from `owner` to
		/// `new_owner`.
		fn change_owner(
			asset: RwaAssetId,
			mut details: AssetDetailsOf<T>,
			new_owner: T::AccountId,
		) -> DispatchResult {
			ensure!(details.split.parent().is_none(), Error::<T>::IsSplitLeg);
			let old_owner = details.owner.clone();
			ensure!(old_owner != new_owner, Error::<T>::AlreadyOwner);
			let legs = match details.split {
				SplitRole::Parent { principal, yield_asset } => alloc::vec![principal, yield_asset],
				_ => alloc::vec![],
			};
			Self::move_deposit(&old_owner, &new_owner, details.deposit)?;
			details.owner = new_owner.clone();
			Assets::<T>::insert(asset, details);
			for leg in legs {
				let mut leg_details = Assets::<T>::get(leg).ok_or(Error::<T>::UnknownAsset)?;
				Self::move_deposit(&old_owner, &new_owner, leg_details.deposit)?;
				leg_details.owner = new_owner.clone();
				Assets::<T>::insert(leg, leg_details);
			}
			PendingOwners::<T>::remove(asset);
			Self::deposit_event(Event::OwnerChanged { asset, from: old_owner, to: new_owner });
			Ok(())
		}

		/// The weight of a handover (not benchmarked yet): the asset and its legs read and
		/// written, three deposits moved between holds (two accounts read and written each),
		/// the offer removed, on top of `enable_split` (which also writes three assets).
		pub fn change_owner_weight() -> Weight {
			T::WeightInfo::enable_split().saturating_add(T::DbWeight::get().reads_writes(10, 10))
		}

		/// Moves a deposit held from `from` to a hold on `to`.
		fn move_deposit(
			from: &T::AccountId,
			to: &T::AccountId,
			amount: BalanceOf<T>,
		) -> DispatchResult {
			if amount.is_zero() {
				return Ok(());
			}
			T::Currency::transfer_on_hold(
				&HoldReason::StorageDeposit.into(),
				from,
				to,
				amount,
				Precision::Exact,
				HoldRestriction::OnHold,
				Fortitude::Polite,
			)?;
			Ok(())
		}

		/// Checks the ledger's invariants: each asset's supply is the sum of its holdings and
		/// within its cap, its holder count is the number of non-empty holdings (the vault
		/// aside), no partial freeze exceeds its balance, and a split bond's vault holds exactly
		/// the units of each leg, whose roles point back at it.
		#[cfg(any(feature = "try-runtime", test))]
		pub fn do_try_state() -> Result<(), polkadot_sdk::sp_runtime::TryRuntimeError> {
			let vault = Self::vault_account();
			for (asset, details) in Assets::<T>::iter() {
				let mut supply: BalanceOf<T> = Zero::zero();
				let mut holders = 0u32;
				for (who, holding) in Holdings::<T>::iter_prefix(asset) {
					ensure!(holding.frozen <= holding.balance, "a freeze above the balance");
					supply = supply.saturating_add(holding.balance);
					holders += (!holding.balance.is_zero() && who != vault) as u32;
				}
				ensure!(supply == details.supply, "supply differs from the holdings");
				ensure!(holders == details.holders, "holder count differs from the holdings");
				ensure!(
					details.supply_cap.is_none_or(|cap| details.supply <= cap),
					"supply above its cap"
				);
				if let SplitRole::Parent { principal, yield_asset } = details.split {
					let family = crate::compliance::Family { bond: asset, principal, yield_asset };
					let mut accounts: alloc::collections::BTreeSet<T::AccountId> =
						Default::default();
					for member in family.members() {
						for (who, holding) in Holdings::<T>::iter_prefix(member) {
							if !holding.balance.is_zero() && who != vault {
								accounts.insert(who);
							}
						}
					}
					ensure!(
						FamilyHolders::<T>::get(asset) == accounts.len() as u32,
						"family holder count differs from the holdings"
					);
					let locked = Holdings::<T>::get(asset, &vault).unwrap_or_default().balance;
					for (leg, role) in [
						(principal, SplitRole::Principal(asset)),
						(yield_asset, SplitRole::Yield(asset)),
					] {
						let leg = Assets::<T>::get(leg).ok_or("a split leg is missing")?;
						ensure!(leg.split == role, "a split leg does not point at its bond");
						ensure!(
							leg.supply == locked,
							"a leg's supply differs from the locked units"
						);
					}
				}
			}
			Ok(())
		}

		/// What the benchmarks of `movements` unit movements under rules of `conditions`
		/// conditions do not measure: each condition's claim lookup with every read uncached
		/// (the benchmarks look up one claim again and again), and the reads a split bond
		/// family adds (the other members' holdings and the family's holder count: six reads
		/// and a write per movement).
		pub fn unmeasured_compliance(movements: u32, conditions: u32) -> Weight {
			let lookups = T::ClaimVerifier::claim_check_weight()
				.saturating_mul(u64::from(conditions))
				.saturating_mul(u64::from(movements));
			let movements = u64::from(movements);
			T::DbWeight::get()
				.reads_writes(6u64.saturating_mul(movements), movements)
				.saturating_add(lookups)
		}

		/// The weight of a holder's transfer that did `cost`'s compliance work.
		pub fn transfer_weight(cost: ComplianceCost) -> Weight {
			T::WeightInfo::transfer(cost.requirements, cost.conditions)
				.saturating_add(Self::unmeasured_compliance(1, cost.conditions))
		}

		/// The weight of a spender's transfer that did `cost`'s compliance work.
		pub fn transfer_from_weight(cost: ComplianceCost) -> Weight {
			T::WeightInfo::transfer_from(cost.requirements, cost.conditions)
				.saturating_add(Self::unmeasured_compliance(1, cost.conditions))
		}

		/// Now, in Unix milliseconds.
		pub fn now() -> Moment {
			T::Time::now().as_millis() as Moment
		}

		/// The account holding bond units locked by splits.
		pub fn vault_account() -> T::AccountId {
			use polkadot_sdk::sp_runtime::traits::AccountIdConversion;
			T::PalletId::get().into_sub_account_truncating(b"vault")
		}

		/// The deposit for an item of `bytes` encoded bytes.
		pub fn deposit_for(bytes: usize) -> BalanceOf<T> {
			let bytes: BalanceOf<T> = (bytes as u32).into();
			T::DepositBase::get().saturating_add(T::DepositPerByte::get().saturating_mul(bytes))
		}

		/// The deposit of an asset with this metadata.
		pub(crate) fn asset_deposit(metadata: &AssetMetadataOf<T>) -> BalanceOf<T> {
			let bytes: BalanceOf<T> = (metadata.encoded_size() as u32).into();
			T::AssetDeposit::get().saturating_add(T::DepositPerByte::get().saturating_mul(bytes))
		}

		/// Stores a new asset, holding its deposit from the owner; returns its id.
		pub(crate) fn insert_asset(
			mut details: AssetDetailsOf<T>,
			metadata: AssetMetadataOf<T>,
		) -> Result<RwaAssetId, DispatchError> {
			let id = NextAssetId::<T>::get();
			NextAssetId::<T>::put(id.checked_add(1).ok_or(Error::<T>::Overflow)?);
			details.deposit = Self::asset_deposit(&metadata);
			T::Currency::hold(&HoldReason::StorageDeposit.into(), &details.owner, details.deposit)?;
			Assets::<T>::insert(id, details);
			Metadata::<T>::insert(id, metadata);
			Ok(id)
		}

		/// Returns a deposit (best effort: never fails).
		pub(crate) fn release_deposit(who: &T::AccountId, amount: BalanceOf<T>) {
			if !amount.is_zero() {
				let _ = T::Currency::release(
					&HoldReason::StorageDeposit.into(),
					who,
					amount,
					Precision::BestEffort,
				);
			}
		}

		/// Releases the deposit of `old` and, if `keep`, holds one for `value` from `payer`.
		pub(crate) fn redeposit<V: Encode>(
			old: Option<DepositedOf<T, V>>,
			payer: &T::AccountId,
			value: V,
			keep: bool,
		) -> Result<Option<DepositedOf<T, V>>, DispatchError> {
			if let Some(old) = old {
				Self::release_deposit(&old.depositor, old.deposit);
			}
			if !keep {
				return Ok(None);
			}
			let deposit = Self::deposit_for(value.encoded_size());
			T::Currency::hold(&HoldReason::StorageDeposit.into(), payer, deposit)?;
			Ok(Some(Deposited { value, depositor: payer.clone(), deposit }))
		}

		/// The asset, if `who` owns it.
		pub(crate) fn ensure_owner(
			who: &T::AccountId,
			asset: RwaAssetId,
		) -> Result<AssetDetailsOf<T>, DispatchError> {
			let details = Assets::<T>::get(asset).ok_or(Error::<T>::UnknownAsset)?;
			ensure!(&details.owner == who, Error::<T>::NotOwner);
			Ok(details)
		}

		/// Whether `who` owns the asset whose agents govern `asset` or is its agent with
		/// `permission` (split legs follow their bond's agents).
		pub fn has_permission(
			who: &T::AccountId,
			asset: RwaAssetId,
			details: &AssetDetailsOf<T>,
			permission: Permission,
		) -> bool {
			let rules = details.split.parent().unwrap_or(asset);
			&details.owner == who
				|| Agents::<T>::get(rules).is_some_and(|agents| {
					agents.value.iter().any(|(a, p)| a == who && p.has(permission))
				})
		}

		/// The asset, if `who` may act on it with `permission`.
		pub(crate) fn ensure_agent(
			who: &T::AccountId,
			asset: RwaAssetId,
			permission: Permission,
		) -> Result<AssetDetailsOf<T>, DispatchError> {
			let details = Assets::<T>::get(asset).ok_or(Error::<T>::UnknownAsset)?;
			ensure!(
				Self::has_permission(who, asset, &details, permission),
				Error::<T>::MissingPermission
			);
			Ok(details)
		}

		/// Like [`Self::ensure_agent`], for settings that live on the bond, not on a split leg.
		pub(crate) fn ensure_rules_agent(
			who: &T::AccountId,
			asset: RwaAssetId,
			permission: Permission,
		) -> Result<AssetDetailsOf<T>, DispatchError> {
			let details = Self::ensure_agent(who, asset, permission)?;
			ensure!(details.split.parent().is_none(), Error::<T>::IsSplitLeg);
			Ok(details)
		}

		/// Whether each restriction kind appears at most once and volume periods are not zero.
		pub(crate) fn restrictions_valid(restrictions: &RestrictionsOf<T>) -> bool {
			let mut seen = [false; 5];
			restrictions.iter().all(|r| {
				let kind = match r {
					Restriction::MaxHolders(_) => 0,
					Restriction::MaxBalancePerHolder(_) => 1,
					Restriction::MaxOwnership(_) => 2,
					Restriction::LockupUntil(_) => 3,
					Restriction::TransferVolume { period, .. } if *period > 0 => 4,
					Restriction::TransferVolume { .. } => return false,
				};
				!core::mem::replace(&mut seen[kind], true)
			})
		}
	}
}
