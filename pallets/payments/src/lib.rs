//! # Payments pallet
//!
//! Payments for Mooring: PayPIN handles, invoices that are transferable receivables (PayFi),
//! escrow, linear streams, batch payouts, merchant fee sponsorship and a compliance check that
//! every payment path goes through. State channels live in `pallets/channels`.
//!
//! ## Funds
//!
//! Payments move the native token through `fungible` (`Config::Currency`, pallet-balances) and
//! any `pallet-assets` asset through `fungibles` (`Config::Assets`). Funds that wait (escrow,
//! streams, sponsorship budgets) are **held** in the owner's own account with a [`HoldReason`]
//! (`Config::Currency` for native, `Config::AssetHolds`, i.e. pallet-assets-holder, for assets);
//! nothing is pooled in a pallet account, so no existential-deposit or minimum-balance dust can
//! make pooled funds drift from the books. For every asset, the funds held for
//! [`HoldReason::Escrow`] and [`HoldReason::Stream`] over all accounts equal the sum of the
//! open escrows and the unwithdrawn part of the streams. Storage deposits are held in the native
//! token for [`HoldReason::StorageDeposit`].
//!
//! ## Compliance
//!
//! Every transfer to a receiver — `pay`, `pay_handle`, `batch_pay`, `pay_invoice`, escrow
//! creation, release, claim and resolution, stream creation, withdrawal and cancellation — goes
//! through [`Pallet::ensure_transfer_allowed`]: the asset check of `Config::AssetCompliance`
//! (regulated assets) and the receiver's own [`PayerRequirement`] (checked with
//! `Config::ClaimVerifier`). Refunds are releases of the payer's own held funds and need no check.
//!
//! ## Fee sponsorship
//!
//! `pay`, `pay_handle` and `pay_invoice` are `feeless_if` the receiver's sponsorship covers them
//! and the payment would succeed. The runtime wraps `ChargeTransactionPayment` in
//! `pallet_skip_feeless_payment::SkipCheckIfFeeless`, which keeps the wire format of the
//! extension. When the signer was not charged, the call pays the fee (from `Config::FeeOracle`)
//! out of the receiver's budget to `Config::FeeDestination`.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod checks;
mod funds;
#[cfg(test)]
mod mock;
mod settlement;
mod sponsorship;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

/// The runtime API behind the `payments_*` RPC methods.
pub mod runtime_api {
	use super::*;
	use alloc::vec::Vec;
	use codec::Codec;

	polkadot_sdk::sp_api::decl_runtime_apis! {
		/// Read-only queries of the payments pallet.
		pub trait PaymentsApi<AccountId, AssetId, Balance>
		where
			AccountId: Codec,
			AssetId: Codec,
			Balance: Codec,
		{
			/// Resolves a handle (any spelling that folds to it) to its owner, DID and preferences.
			fn resolve_handle(handle: Vec<u8>) -> Result<HandleResolution<AccountId, AssetId>, ResolveError>;
			/// An invoice and its status now.
			fn invoice(id: InvoiceId) -> Option<InvoiceView<AccountId, AssetId, Balance>>;
			/// What the recipient of a stream can withdraw now.
			fn stream_withdrawable(id: StreamId) -> Option<Balance>;
		}
	}
}

#[polkadot_sdk::frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::vec::Vec;
	use mooring_primitives::{
		compliance::TransferCheck,
		identity::{ClaimVerifier, SchemaId},
	};
	use polkadot_sdk::{
		frame_support::{
			pallet_prelude::*,
			traits::{fungible, fungibles, UnixTime},
		},
		frame_system::{self, pallet_prelude::*},
		sp_runtime::traits::{Saturating, StaticLookup, Zero},
	};

	/// The native balance type, also used for assets.
	pub type BalanceOf<T> = <<T as Config>::Currency as fungible::Inspect<
		<T as frame_system::Config>::AccountId,
	>>::Balance;
	/// The `pallet-assets` asset id.
	pub type AssetIdOf<T> = <<T as Config>::Assets as fungibles::Inspect<
		<T as frame_system::Config>::AccountId,
	>>::AssetId;
	/// Native or an asset.
	pub type AssetKindOf<T> = AssetKind<AssetIdOf<T>>;
	/// An account parameter of a call.
	pub type AccountIdLookupOf<T> = <<T as frame_system::Config>::Lookup as StaticLookup>::Source;
	/// Receive preferences of a handle.
	pub type PreferencesOf<T> =
		ReceivePreferences<AssetIdOf<T>, <T as Config>::MaxAssetPreferences>;
	/// A stored handle.
	pub type HandleRecordOf<T> = HandleRecord<
		<T as frame_system::Config>::AccountId,
		BalanceOf<T>,
		AssetIdOf<T>,
		<T as Config>::MaxAssetPreferences,
	>;
	/// A stored invoice.
	pub type InvoiceOf<T> =
		Invoice<<T as frame_system::Config>::AccountId, AssetIdOf<T>, BalanceOf<T>>;
	/// A stored escrow.
	pub type EscrowOf<T> =
		Escrow<<T as frame_system::Config>::AccountId, AssetIdOf<T>, BalanceOf<T>>;
	/// A stored stream.
	pub type StreamOf<T> =
		Stream<<T as frame_system::Config>::AccountId, AssetIdOf<T>, BalanceOf<T>>;
	/// A stored sponsorship.
	pub type SponsorshipOf<T> = Sponsorship<AssetIdOf<T>, BalanceOf<T>, BlockNumberFor<T>>;
	/// Sponsorship terms.
	pub type SponsorTermsOf<T> = SponsorTerms<AssetIdOf<T>, BalanceOf<T>>;
	/// The payers sponsored in the current block.
	pub type SponsoredBlockOf<T> = SponsoredBlock<
		<T as frame_system::Config>::AccountId,
		BlockNumberFor<T>,
		<T as Config>::MaxSponsoredPerBlock,
	>;
	/// Recipients and amounts of a batch payout.
	pub type PayoutsOf<T> = BoundedVec<
		(<T as frame_system::Config>::AccountId, BalanceOf<T>),
		<T as Config>::MaxPayouts,
	>;

	/// The in-code storage version: the layout every network starts with. A change of layout
	/// after a network launched bumps it and ships a migration (docs/chain-operator.md).
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Why the pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// Storage deposit of a handle, invoice, escrow, stream, sponsorship or payer requirement.
		StorageDeposit,
		/// Funds locked in an escrow.
		Escrow,
		/// Funds of a stream not yet withdrawn by its recipient.
		Stream,
		/// A merchant's fee sponsorship budget.
		SponsorBudget,
	}

	#[pallet::config]
	pub trait Config: polkadot_sdk::frame_system::Config {
		/// The native token, with holds.
		type Currency: fungible::Mutate<Self::AccountId>
			+ fungible::MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;
		/// `pallet-assets`, for transfers.
		type Assets: fungibles::Mutate<Self::AccountId, Balance = BalanceOf<Self>>;
		/// Holds on `pallet-assets` balances (`pallet-assets-holder`).
		type AssetHolds: fungibles::MutateHold<
			Self::AccountId,
			AssetId = AssetIdOf<Self>,
			Balance = BalanceOf<Self>,
			Reason = Self::RuntimeHoldReason,
		>;
		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason>;
		/// The current time (`pallet-timestamp`).
		type Time: UnixTime;
		/// Answers claim questions (the DID pallet).
		type ClaimVerifier: ClaimVerifier<Self::AccountId>;
		/// The transfer check of regulated assets (the RWA pallet); `()` for none.
		type AssetCompliance: TransferCheck<Self::AccountId, AssetIdOf<Self>, BalanceOf<Self>>;
		/// Transaction fees, for sponsorship.
		type FeeOracle: FeeOracle<BalanceOf<Self>>;
		/// Receives sponsored fees (the account transaction fees go to).
		type FeeDestination: Get<Self::AccountId>;
		/// Governance: reserves handles and assigns reserved ones.
		type ReserveOrigin: EnsureOrigin<Self::RuntimeOrigin>;
		/// Deposit per stored item.
		#[pallet::constant]
		type DepositBase: Get<BalanceOf<Self>>;
		/// Deposit per byte of a stored item (key and value at their maximum encoded length).
		#[pallet::constant]
		type DepositPerByte: Get<BalanceOf<Self>>;
		/// Most recipients in one batch payout.
		#[pallet::constant]
		type MaxPayouts: Get<u32>;
		/// Most assets in a handle's refused list.
		#[pallet::constant]
		type MaxAssetPreferences: Get<u32>;
		/// Most sponsored payments in one block, over all merchants (one per payer).
		#[pallet::constant]
		type MaxSponsoredPerBlock: Get<u32>;
		/// How long (ms) after an escrow's release time its payee has to claim it before the
		/// payer may take it back with `reclaim_escrow`, so funds never stay held for good.
		#[pallet::constant]
		type EscrowClaimPeriod: Get<Moment>;
		/// Weights of the calls.
		type WeightInfo: WeightInfo;
		/// Runtime-specific benchmark setup.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId, AssetIdOf<Self>>;
	}

	/// Registered handles by canonical form.
	#[pallet::storage]
	pub type Handles<T: Config> = StorageMap<_, Blake2_128Concat, Handle, HandleRecordOf<T>>;

	/// Handles only governance may assign.
	#[pallet::storage]
	pub type ReservedHandles<T: Config> = StorageMap<_, Blake2_128Concat, Handle, ()>;

	/// Receivers' payer requirements.
	#[pallet::storage]
	pub type PayerRequirements<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, PayerRequirement<BalanceOf<T>>>;

	/// The id the next invoice gets.
	#[pallet::storage]
	pub type NextInvoiceId<T: Config> = StorageValue<_, InvoiceId, ValueQuery>;

	/// Invoices until their merchant closes them.
	#[pallet::storage]
	pub type Invoices<T: Config> = StorageMap<_, Twox64Concat, InvoiceId, InvoiceOf<T>>;

	/// The id the next escrow gets.
	#[pallet::storage]
	pub type NextEscrowId<T: Config> = StorageValue<_, EscrowId, ValueQuery>;

	/// Open escrows.
	#[pallet::storage]
	pub type Escrows<T: Config> = StorageMap<_, Twox64Concat, EscrowId, EscrowOf<T>>;

	/// The id the next stream gets.
	#[pallet::storage]
	pub type NextStreamId<T: Config> = StorageValue<_, StreamId, ValueQuery>;

	/// Streams until fully withdrawn or cancelled.
	#[pallet::storage]
	pub type Streams<T: Config> = StorageMap<_, Twox64Concat, StreamId, StreamOf<T>>;

	/// Fee sponsorships by merchant.
	#[pallet::storage]
	pub type Sponsorships<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, SponsorshipOf<T>>;

	/// Payers sponsored in the latest block that had sponsored payments.
	#[pallet::storage]
	pub type SponsoredPayers<T: Config> = StorageValue<_, SponsoredBlockOf<T>>;

	#[pallet::genesis_config]
	#[derive(polkadot_sdk::frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Handles reserved for governance at genesis (any spelling; stored canonical).
		pub reserved_handles: Vec<Vec<u8>>,
		#[serde(skip)]
		pub _config: core::marker::PhantomData<T>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			for raw in &self.reserved_handles {
				let handle = canonical_handle(raw).expect("reserved handles must be well formed");
				ReservedHandles::<T>::insert(handle, ());
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A handle was registered.
		HandleRegistered { handle: Handle, owner: T::AccountId, deposit: BalanceOf<T> },
		/// A handle (and its deposit) moved to a new owner.
		HandleTransferred { handle: Handle, from: T::AccountId, to: T::AccountId },
		/// A handle was released and its deposit returned.
		HandleReleased { handle: Handle, owner: T::AccountId },
		/// A handle's receive preferences changed.
		HandlePreferencesSet { handle: Handle, preferences: PreferencesOf<T> },
		/// Governance reserved a handle.
		HandleReserved { handle: Handle },
		/// Governance lifted a reservation.
		HandleUnreserved { handle: Handle },
		/// Governance assigned a reserved handle.
		ReservedHandleAssigned { handle: Handle, owner: T::AccountId },
		/// A direct payment.
		Paid {
			from: T::AccountId,
			to: T::AccountId,
			asset: AssetKindOf<T>,
			amount: BalanceOf<T>,
			memo: Option<MemoHash>,
		},
		/// A payment to a handle.
		PaidToHandle {
			handle: Handle,
			from: T::AccountId,
			to: T::AccountId,
			asset: AssetKindOf<T>,
			amount: BalanceOf<T>,
			memo: Option<MemoHash>,
		},
		/// A batch payout.
		BatchPaid {
			from: T::AccountId,
			asset: AssetKindOf<T>,
			count: u32,
			total: BalanceOf<T>,
			memo: Option<MemoHash>,
		},
		/// A receiver set or cleared its payer requirement.
		PayerRequirementSet { receiver: T::AccountId, schema: Option<SchemaId> },
		/// An invoice was issued.
		InvoiceCreated {
			id: InvoiceId,
			merchant: T::AccountId,
			payer: Option<T::AccountId>,
			asset: AssetKindOf<T>,
			amount: BalanceOf<T>,
			due: Option<Moment>,
			reference: MemoHash,
		},
		/// An invoice was cancelled.
		InvoiceCancelled { id: InvoiceId },
		/// An invoice (a receivable) was assigned to a new holder.
		InvoiceAssigned { id: InvoiceId, from: T::AccountId, to: T::AccountId },
		/// An invoice was paid to its holder.
		InvoicePaid {
			id: InvoiceId,
			payer: T::AccountId,
			holder: T::AccountId,
			asset: AssetKindOf<T>,
			amount: BalanceOf<T>,
		},
		/// An invoice was removed and its deposit returned.
		InvoiceClosed { id: InvoiceId },
		/// Funds were put in escrow.
		EscrowCreated {
			id: EscrowId,
			payer: T::AccountId,
			payee: T::AccountId,
			arbiter: Option<T::AccountId>,
			asset: AssetKindOf<T>,
			amount: BalanceOf<T>,
			release_at: Moment,
		},
		/// An escrow was paid to its payee (by the payer, or claimed after the timeout).
		EscrowReleased { id: EscrowId, amount: BalanceOf<T>, after_timeout: bool },
		/// The payee returned an escrow to the payer.
		EscrowRefunded { id: EscrowId, amount: BalanceOf<T> },
		/// The payer took back an escrow nobody settled within the claim period.
		EscrowReclaimed { id: EscrowId, amount: BalanceOf<T> },
		/// The arbiter split an escrow.
		EscrowResolved { id: EscrowId, to_payee: BalanceOf<T>, to_payer: BalanceOf<T> },
		/// A stream was created.
		StreamCreated {
			id: StreamId,
			sender: T::AccountId,
			recipient: T::AccountId,
			asset: AssetKindOf<T>,
			amount: BalanceOf<T>,
			start: Moment,
			cliff: Moment,
			stop: Moment,
		},
		/// The recipient withdrew from a stream.
		StreamWithdrawn { id: StreamId, amount: BalanceOf<T> },
		/// The sender topped a stream up.
		StreamToppedUp { id: StreamId, amount: BalanceOf<T>, stop: Moment },
		/// The sender cancelled a stream: `to_sender` returned, `to_recipient` paid,
		/// `pending` accrued but left for the recipient to withdraw (compliance refused it now).
		StreamCancelled {
			id: StreamId,
			to_sender: BalanceOf<T>,
			to_recipient: BalanceOf<T>,
			pending: BalanceOf<T>,
		},
		/// A stream was fully paid out and removed.
		StreamFinished { id: StreamId },
		/// A merchant set its sponsorship terms.
		SponsorshipSet { sponsor: T::AccountId, terms: SponsorTermsOf<T> },
		/// A merchant added to its sponsorship budget.
		SponsorshipFunded { sponsor: T::AccountId, amount: BalanceOf<T> },
		/// A merchant took funds out of its sponsorship budget.
		SponsorshipWithdrawn { sponsor: T::AccountId, amount: BalanceOf<T> },
		/// A merchant ended its sponsorship; the budget was returned.
		SponsorshipRemoved { sponsor: T::AccountId, refunded: BalanceOf<T> },
		/// A sponsor paid the fee of a payment to it.
		FeeSponsored { sponsor: T::AccountId, payer: T::AccountId, fee: BalanceOf<T> },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The handle has fewer than 3 characters.
		HandleTooShort,
		/// The handle has more than 32 characters.
		HandleTooLong,
		/// The handle has a character outside `a-z`, `0-9`, `-`, `_`.
		HandleInvalidCharacter,
		/// The handle does not start with a letter.
		HandleMustStartWithLetter,
		/// The handle ends with `-` or `_`.
		HandleMustEndWithLetterOrDigit,
		/// The handle has two separators in a row.
		HandleConsecutiveSeparators,
		/// The handle is reserved for governance.
		HandleReserved,
		/// The handle is not reserved.
		HandleNotReserved,
		/// The handle is already reserved.
		HandleAlreadyReserved,
		/// Someone holds the handle already.
		HandleTaken,
		/// Nobody holds the handle.
		UnknownHandle,
		/// The caller does not own the handle.
		NotHandleOwner,
		/// The handle's owner refuses this asset.
		AssetRefused,
		/// The preferences list an asset twice.
		DuplicateAsset,
		/// The preferred asset is also refused.
		PreferredAssetRefused,
		/// `only_preferred` needs a preferred asset.
		NoPreferredAsset,
		/// The asset does not exist.
		UnknownAsset,
		/// A payment or deposit of zero.
		ZeroAmount,
		/// Payer and receiver are the same account.
		SelfPayment,
		/// The payer cannot spend this much (keeping the existential deposit).
		InsufficientBalance,
		/// The receiver cannot receive this amount (e.g. below the minimum balance).
		CannotReceive,
		/// The receiver only accepts payers holding a claim the payer lacks.
		PayerLacksRequiredClaim,
		/// The caller has no payer requirement to clear.
		NoPayerRequirement,
		/// The batch has no payouts.
		EmptyBatch,
		/// The amounts overflow.
		Overflow,
		/// No such invoice.
		UnknownInvoice,
		/// The invoice is paid, cancelled or expired.
		InvoiceNotOpen,
		/// The invoice's due time has passed.
		InvoiceExpired,
		/// The due time is not in the future.
		DueInPast,
		/// The amount differs from the invoice amount (overpay or underpay).
		WrongAmount,
		/// The invoice is addressed to another payer.
		NotInvoicePayer,
		/// Only the invoice's holder may do this.
		NotInvoiceHolder,
		/// Only the invoice's merchant may do this.
		NotInvoiceMerchant,
		/// The invoice is still payable; it cannot be closed.
		InvoiceStillOpen,
		/// The receivable already belongs to that account.
		AlreadyHolder,
		/// No such escrow.
		UnknownEscrow,
		/// Only the escrow's payer may do this.
		NotEscrowPayer,
		/// Only the escrow's payee may do this.
		NotEscrowPayee,
		/// Only the escrow's arbiter may do this.
		NotEscrowArbiter,
		/// The arbiter may not be the payer or the payee.
		InvalidArbiter,
		/// The release time is not in the future.
		ReleaseTimeInPast,
		/// The escrow's release time has not come.
		EscrowNotDue,
		/// The payee may still claim the escrow: its release time plus the claim period has
		/// not passed.
		EscrowClaimPeriodOpen,
		/// The resolution's amounts do not add up to the escrowed amount.
		ResolutionMismatch,
		/// No such stream.
		UnknownStream,
		/// Only the stream's sender may do this.
		NotStreamSender,
		/// Only the stream's recipient may do this.
		NotStreamRecipient,
		/// Start, cliff and stop are not ordered `start <= cliff <= stop`, `start < stop`.
		InvalidSchedule,
		/// The stop time has already passed.
		StopInPast,
		/// Nothing to withdraw yet.
		NothingToWithdraw,
		/// The stream has ended; a top-up must give a new stop time.
		StreamEnded,
		/// A new stop time may only move the stop later, into the future.
		InvalidNewStop,
		/// The merchant has no sponsorship.
		NoSponsorship,
		/// The merchant already sponsors; fund or change it instead.
		SponsorshipExists,
		/// The sponsorship budget cannot pay this fee.
		SponsorBudgetExhausted,
		/// The fee exceeds the merchant's per-payment limit.
		FeeAboveSponsorLimit,
		/// The merchant's sponsored payments for this block are used up.
		SponsorRateLimited,
		/// This payer already had a payment sponsored in this block.
		PayerRateLimited,
		/// The block's sponsored payments are used up.
		SponsoredBlockFull,
		/// The sponsorship budget holds less than that.
		InsufficientBudget,
		/// The merchant does not sponsor payments in this asset.
		AssetNotSponsored,
		/// The payment is below the merchant's sponsored minimum.
		BelowSponsoredMinimum,
		/// The fee destination cannot receive the fee.
		FeeDestinationCannotReceive,
	}

	impl<T: Config> From<HandleError> for Error<T> {
		fn from(error: HandleError) -> Self {
			match error {
				HandleError::TooShort => Error::HandleTooShort,
				HandleError::TooLong => Error::HandleTooLong,
				HandleError::InvalidCharacter => Error::HandleInvalidCharacter,
				HandleError::MustStartWithLetter => Error::HandleMustStartWithLetter,
				HandleError::MustEndWithLetterOrDigit => Error::HandleMustEndWithLetterOrDigit,
				HandleError::ConsecutiveSeparators => Error::HandleConsecutiveSeparators,
			}
		}
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

	impl<T: Config> Pallet<T> {
		/// The weight of `pay`, which a sponsorship prices too.
		pub fn pay_weight() -> Weight {
			T::WeightInfo::pay().saturating_add(Self::unmeasured_checks(1))
		}

		/// The weight of `pay_handle`, which a sponsorship prices too.
		pub fn pay_handle_weight() -> Weight {
			T::WeightInfo::pay_handle().saturating_add(Self::unmeasured_checks(1))
		}

		/// The weight of `pay_invoice`, which a sponsorship prices too.
		pub fn pay_invoice_weight() -> Weight {
			T::WeightInfo::pay_invoice().saturating_add(Self::unmeasured_checks(1))
		}

		/// Pays `amount` of `asset` from `from` to the owner of `handle` as `pay_handle` does,
		/// every check included, but with no fee sponsorship: for callers that paid their own
		/// fee (the EVM payments precompile). Returns the owner paid.
		pub fn pay_handle_unsponsored(
			from: &T::AccountId,
			handle: &[u8],
			asset: AssetKindOf<T>,
			amount: BalanceOf<T>,
			memo: Option<MemoHash>,
		) -> Result<T::AccountId, DispatchError> {
			let (handle, to) = Self::check_handle_payment(from, handle, &asset, amount)?;
			Self::settle_handle_payment(from, handle, &to, asset, amount, memo)?;
			Ok(to)
		}

		/// Pays invoice `id` from `payer` as `pay_invoice` does, with no fee sponsorship.
		/// Returns the holder paid.
		pub fn pay_invoice_unsponsored(
			payer: &T::AccountId,
			id: InvoiceId,
			amount: BalanceOf<T>,
		) -> Result<T::AccountId, DispatchError> {
			let invoice = Self::check_invoice_payment(payer, id, amount)?;
			Self::settle_invoice_payment(payer, id, invoice)
		}

		/// Moves a checked handle payment and records it.
		fn settle_handle_payment(
			from: &T::AccountId,
			handle: Handle,
			to: &T::AccountId,
			asset: AssetKindOf<T>,
			amount: BalanceOf<T>,
			memo: Option<MemoHash>,
		) -> DispatchResult {
			Self::transfer(&asset, from, to, amount)?;
			Self::deposit_event(Event::PaidToHandle {
				handle,
				from: from.clone(),
				to: to.clone(),
				asset,
				amount,
				memo,
			});
			Ok(())
		}

		/// Moves a checked invoice payment, marks the invoice paid; returns its holder.
		fn settle_invoice_payment(
			payer: &T::AccountId,
			id: InvoiceId,
			mut invoice: InvoiceOf<T>,
		) -> Result<T::AccountId, DispatchError> {
			let amount = invoice.amount;
			Self::transfer(&invoice.asset, payer, &invoice.holder, amount)?;
			invoice.state = InvoiceState::Paid { payer: payer.clone(), at: Self::now() };
			let (holder, asset) = (invoice.holder.clone(), invoice.asset.clone());
			Invoices::<T>::insert(id, invoice);
			Self::deposit_event(Event::InvoicePaid {
				id,
				payer: payer.clone(),
				holder: holder.clone(),
				asset,
				amount,
			});
			Ok(holder)
		}

		/// What the benchmarks of `checks` compliance checks do not measure: the payer
		/// requirement's claim lookup with every read uncached, and the regulated-asset check
		/// (`()` on Mooring, measured by its own pallet).
		pub fn unmeasured_checks(checks: u32) -> Weight {
			T::ClaimVerifier::claim_check_weight()
				.saturating_add(T::AssetCompliance::check_weight())
				.saturating_mul(u64::from(checks))
		}

		/// Checks the pallet's invariants: the funds held for escrows, streams and sponsorship
		/// budgets equal the books, storage deposits held equal what the items owe, streams
		/// never owe more than they hold, ids are below their counters.
		#[cfg(any(feature = "try-runtime", test))]
		pub fn do_try_state() -> Result<(), polkadot_sdk::sp_runtime::TryRuntimeError> {
			use alloc::vec::Vec;
			type Books<T> = Vec<(
				(<T as frame_system::Config>::AccountId, AssetKindOf<T>, HoldReason),
				BalanceOf<T>,
			)>;
			let mut books: Books<T> = Vec::new();
			let mut book = |who: &T::AccountId, asset: AssetKindOf<T>, reason, amount| {
				let key = (who.clone(), asset, reason);
				match books.iter_mut().find(|(k, _)| *k == key) {
					Some((_, total)) => *total = total.saturating_add(amount),
					None => books.push((key, amount)),
				}
			};
			let (native, deposit) = (AssetKind::Native, HoldReason::StorageDeposit);
			for (_, handle) in Handles::<T>::iter() {
				book(&handle.owner, native.clone(), deposit, handle.deposit);
			}
			for (receiver, requirement) in PayerRequirements::<T>::iter() {
				book(&receiver, native.clone(), deposit, requirement.deposit);
			}
			for (id, invoice) in Invoices::<T>::iter() {
				ensure!(id < NextInvoiceId::<T>::get(), "an invoice id beyond the counter");
				book(&invoice.merchant, native.clone(), deposit, invoice.deposit);
			}
			for (id, escrow) in Escrows::<T>::iter() {
				ensure!(id < NextEscrowId::<T>::get(), "an escrow id beyond the counter");
				book(&escrow.payer, native.clone(), deposit, escrow.deposit);
				book(&escrow.payer, escrow.asset.clone(), HoldReason::Escrow, escrow.amount);
			}
			let now = Self::now();
			for (id, stream) in Streams::<T>::iter() {
				ensure!(id < NextStreamId::<T>::get(), "a stream id beyond the counter");
				ensure!(stream.withdrawn <= stream.accrued(now), "a stream paid more than accrued");
				ensure!(
					stream.accrued(now) <= stream.total,
					"a stream accrued more than its total"
				);
				book(&stream.sender, native.clone(), deposit, stream.deposit);
				book(&stream.sender, stream.asset.clone(), HoldReason::Stream, stream.held());
			}
			for (merchant, sponsorship) in Sponsorships::<T>::iter() {
				book(&merchant, native.clone(), deposit, sponsorship.deposit);
				book(&merchant, native.clone(), HoldReason::SponsorBudget, sponsorship.budget);
			}
			for ((who, asset, reason), owed) in books {
				ensure!(
					Self::held(&asset, reason, &who) == owed,
					"held funds differ from the books"
				);
			}
			Ok(())
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Registers `handle` (see [`canonical_handle`] for the rules) for the caller, holding a
		/// storage deposit. Reserved handles are refused.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register_handle())]
		pub fn register_handle(origin: OriginFor<T>, handle: Handle) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			let handle = Self::parse_handle(&handle)?;
			ensure!(!ReservedHandles::<T>::contains_key(&handle), Error::<T>::HandleReserved);
			ensure!(!Handles::<T>::contains_key(&handle), Error::<T>::HandleTaken);
			let deposit = Self::deposit_for::<Handle, HandleRecordOf<T>>();
			Self::hold_deposit(&owner, deposit)?;
			let record =
				HandleRecord { owner: owner.clone(), deposit, preferences: Default::default() };
			Handles::<T>::insert(&handle, record);
			Self::deposit_event(Event::HandleRegistered { handle, owner, deposit });
			Ok(())
		}

		/// Gives the caller's handle to `new_owner`; the held deposit moves with it (it stays on
		/// hold, now in the new owner's account). Preferences are reset. Reserved handles can
		/// only be reassigned by governance.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::transfer_handle())]
		pub fn transfer_handle(
			origin: OriginFor<T>,
			handle: Handle,
			new_owner: AccountIdLookupOf<T>,
		) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			let new_owner = T::Lookup::lookup(new_owner)?;
			let handle = Self::parse_handle(&handle)?;
			let mut record = Self::owned_handle(&handle, &owner)?;
			ensure!(!ReservedHandles::<T>::contains_key(&handle), Error::<T>::HandleReserved);
			ensure!(new_owner != owner, Error::<T>::SelfPayment);
			Self::move_deposit(&owner, &new_owner, record.deposit)?;
			record.owner = new_owner.clone();
			record.preferences = Default::default();
			Handles::<T>::insert(&handle, record);
			Self::deposit_event(Event::HandleTransferred { handle, from: owner, to: new_owner });
			Ok(())
		}

		/// Gives up the caller's handle and returns its deposit.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::release_handle())]
		pub fn release_handle(origin: OriginFor<T>, handle: Handle) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			let handle = Self::parse_handle(&handle)?;
			let record = Self::owned_handle(&handle, &owner)?;
			Self::release_deposit(&owner, record.deposit)?;
			Handles::<T>::remove(&handle);
			Self::deposit_event(Event::HandleReleased { handle, owner });
			Ok(())
		}

		/// Sets how the caller wants to be paid through its handle.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::set_handle_preferences())]
		pub fn set_handle_preferences(
			origin: OriginFor<T>,
			handle: Handle,
			preferences: PreferencesOf<T>,
		) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			let handle = Self::parse_handle(&handle)?;
			let mut record = Self::owned_handle(&handle, &owner)?;
			Self::validate_preferences(&preferences)?;
			record.preferences = preferences.clone();
			Handles::<T>::insert(&handle, record);
			Self::deposit_event(Event::HandlePreferencesSet { handle, preferences });
			Ok(())
		}

		/// Governance: reserves a handle. A current registration is not evicted.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::reserve_handle())]
		pub fn reserve_handle(origin: OriginFor<T>, handle: Handle) -> DispatchResult {
			T::ReserveOrigin::ensure_origin(origin)?;
			let handle = Self::parse_handle(&handle)?;
			ensure!(
				!ReservedHandles::<T>::contains_key(&handle),
				Error::<T>::HandleAlreadyReserved
			);
			ReservedHandles::<T>::insert(&handle, ());
			Self::deposit_event(Event::HandleReserved { handle });
			Ok(())
		}

		/// Governance: lifts a reservation. An assigned owner keeps the handle.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::unreserve_handle())]
		pub fn unreserve_handle(origin: OriginFor<T>, handle: Handle) -> DispatchResult {
			T::ReserveOrigin::ensure_origin(origin)?;
			let handle = Self::parse_handle(&handle)?;
			ensure!(ReservedHandles::<T>::contains_key(&handle), Error::<T>::HandleNotReserved);
			ReservedHandles::<T>::remove(&handle);
			Self::deposit_event(Event::HandleUnreserved { handle });
			Ok(())
		}

		/// Governance: assigns a reserved handle to `owner` without a deposit. A previous
		/// holder loses it and gets its deposit back.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::assign_reserved_handle())]
		pub fn assign_reserved_handle(
			origin: OriginFor<T>,
			handle: Handle,
			owner: AccountIdLookupOf<T>,
		) -> DispatchResult {
			T::ReserveOrigin::ensure_origin(origin)?;
			let owner = T::Lookup::lookup(owner)?;
			let handle = Self::parse_handle(&handle)?;
			ensure!(ReservedHandles::<T>::contains_key(&handle), Error::<T>::HandleNotReserved);
			if let Some(previous) = Handles::<T>::get(&handle) {
				Self::release_deposit(&previous.owner, previous.deposit)?;
			}
			let record = HandleRecord {
				owner: owner.clone(),
				deposit: Zero::zero(),
				preferences: Default::default(),
			};
			Handles::<T>::insert(&handle, record);
			Self::deposit_event(Event::ReservedHandleAssigned { handle, owner });
			Ok(())
		}

		/// Pays `amount` of `asset` to `to`, with an optional memo hash. Fee-free when `to`
		/// sponsors it.
		#[pallet::call_index(7)]
		#[pallet::weight(Pallet::<T>::pay_weight())]
		#[pallet::feeless_if(|origin: &OriginFor<T>, to: &AccountIdLookupOf<T>, asset: &AssetKindOf<T>, amount: &BalanceOf<T>, memo: &Option<MemoHash>| -> bool {
			Pallet::<T>::pay_is_sponsored(origin, to, asset, amount, memo)
		})]
		pub fn pay(
			origin: OriginFor<T>,
			to: AccountIdLookupOf<T>,
			asset: AssetKindOf<T>,
			amount: BalanceOf<T>,
			memo: Option<MemoHash>,
		) -> DispatchResult {
			let from = ensure_signed(origin)?;
			let call_len = Self::pay_call_len(&to, &asset, &amount, &memo);
			let to = T::Lookup::lookup(to)?;
			let fee = Self::sponsored_fee(&to, &from, &asset, amount, Self::pay_weight(), call_len);
			Self::check_payment(&from, &to, &asset, amount)?;
			Self::transfer(&asset, &from, &to, amount)?;
			Self::deposit_event(Event::Paid {
				from: from.clone(),
				to: to.clone(),
				asset,
				amount,
				memo,
			});
			Self::charge_sponsor(&to, &from, fee)
		}

		/// Pays `amount` of `asset` to the owner of `handle`, honouring its preferences.
		/// Fee-free when the owner sponsors it.
		#[pallet::call_index(8)]
		#[pallet::weight(Pallet::<T>::pay_handle_weight())]
		#[pallet::feeless_if(|origin: &OriginFor<T>, handle: &Handle, asset: &AssetKindOf<T>, amount: &BalanceOf<T>, memo: &Option<MemoHash>| -> bool {
			Pallet::<T>::pay_handle_is_sponsored(origin, handle, asset, amount, memo)
		})]
		pub fn pay_handle(
			origin: OriginFor<T>,
			handle: Handle,
			asset: AssetKindOf<T>,
			amount: BalanceOf<T>,
			memo: Option<MemoHash>,
		) -> DispatchResult {
			let from = ensure_signed(origin)?;
			let call_len = Self::pay_handle_call_len(&handle, &asset, &amount, &memo);
			let (handle, to) = Self::check_handle_payment(&from, &handle, &asset, amount)?;
			let weight = Self::pay_handle_weight();
			let fee = Self::sponsored_fee(&to, &from, &asset, amount, weight, call_len);
			Self::settle_handle_payment(&from, handle, &to, asset, amount, memo)?;
			Self::charge_sponsor(&to, &from, fee)
		}

		/// Pays many recipients in one asset, all or nothing.
		#[pallet::call_index(9)]
		#[pallet::weight(
			T::WeightInfo::batch_pay(payouts.len() as u32)
				.saturating_add(Pallet::<T>::unmeasured_checks(payouts.len() as u32))
		)]
		pub fn batch_pay(
			origin: OriginFor<T>,
			asset: AssetKindOf<T>,
			payouts: PayoutsOf<T>,
			memo: Option<MemoHash>,
		) -> DispatchResult {
			let from = ensure_signed(origin)?;
			ensure!(!payouts.is_empty(), Error::<T>::EmptyBatch);
			let mut total = BalanceOf::<T>::zero();
			for (to, amount) in payouts.iter() {
				Self::check_payment(&from, to, &asset, *amount)?;
				Self::transfer(&asset, &from, to, *amount)?;
				total = total.checked_add(amount).ok_or(Error::<T>::Overflow)?;
			}
			let count = payouts.len() as u32;
			Self::deposit_event(Event::BatchPaid { from, asset, count, total, memo });
			Ok(())
		}

		/// Sets (or with `None` clears) the claim schema the caller requires of its payers.
		/// Payers must hold a valid claim of it from the schema's default trusted issuers.
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::set_payer_requirement())]
		pub fn set_payer_requirement(
			origin: OriginFor<T>,
			schema: Option<SchemaId>,
		) -> DispatchResult {
			let receiver = ensure_signed(origin)?;
			let previous = PayerRequirements::<T>::take(&receiver);
			match (&schema, previous) {
				(Some(schema), Some(mut requirement)) => {
					requirement.schema = *schema;
					PayerRequirements::<T>::insert(&receiver, requirement);
				},
				(Some(schema), None) => {
					let deposit =
						Self::deposit_for::<T::AccountId, PayerRequirement<BalanceOf<T>>>();
					Self::hold_deposit(&receiver, deposit)?;
					PayerRequirements::<T>::insert(
						&receiver,
						PayerRequirement { schema: *schema, deposit },
					);
				},
				(None, Some(requirement)) => Self::release_deposit(&receiver, requirement.deposit)?,
				(None, None) => return Err(Error::<T>::NoPayerRequirement.into()),
			}
			Self::deposit_event(Event::PayerRequirementSet { receiver, schema });
			Ok(())
		}

		/// Issues an invoice payable to the caller (its first holder).
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::create_invoice())]
		pub fn create_invoice(
			origin: OriginFor<T>,
			payer: Option<AccountIdLookupOf<T>>,
			asset: AssetKindOf<T>,
			amount: BalanceOf<T>,
			due: Option<Moment>,
			reference: MemoHash,
		) -> DispatchResult {
			let merchant = ensure_signed(origin)?;
			let payer = payer.map(T::Lookup::lookup).transpose()?;
			ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
			ensure!(payer.as_ref() != Some(&merchant), Error::<T>::SelfPayment);
			Self::ensure_asset_exists(&asset)?;
			ensure!(due.map_or(true, |due| due > Self::now()), Error::<T>::DueInPast);
			let deposit = Self::deposit_for::<InvoiceId, InvoiceOf<T>>();
			Self::hold_deposit(&merchant, deposit)?;
			let id = NextInvoiceId::<T>::try_mutate(Self::bump_id)?;
			let invoice = Invoice {
				merchant: merchant.clone(),
				holder: merchant.clone(),
				payer: payer.clone(),
				asset: asset.clone(),
				amount,
				due,
				reference,
				state: InvoiceState::Open,
				deposit,
			};
			Invoices::<T>::insert(id, invoice);
			Self::deposit_event(Event::InvoiceCreated {
				id,
				merchant,
				payer,
				asset,
				amount,
				due,
				reference,
			});
			Ok(())
		}

		/// The holder cancels an unpaid invoice. It stays queryable until the merchant closes it.
		#[pallet::call_index(12)]
		#[pallet::weight(T::WeightInfo::cancel_invoice())]
		pub fn cancel_invoice(origin: OriginFor<T>, id: InvoiceId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut invoice = Invoices::<T>::get(id).ok_or(Error::<T>::UnknownInvoice)?;
			ensure!(invoice.holder == who, Error::<T>::NotInvoiceHolder);
			ensure!(invoice.state == InvoiceState::Open, Error::<T>::InvoiceNotOpen);
			invoice.state = InvoiceState::Cancelled;
			Invoices::<T>::insert(id, invoice);
			Self::deposit_event(Event::InvoiceCancelled { id });
			Ok(())
		}

		/// The holder assigns the receivable to `new_holder` (e.g. a financier); payment then
		/// goes to the new holder, who may assign it again.
		#[pallet::call_index(13)]
		#[pallet::weight(T::WeightInfo::assign_invoice())]
		pub fn assign_invoice(
			origin: OriginFor<T>,
			id: InvoiceId,
			new_holder: AccountIdLookupOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let new_holder = T::Lookup::lookup(new_holder)?;
			let mut invoice = Invoices::<T>::get(id).ok_or(Error::<T>::UnknownInvoice)?;
			ensure!(invoice.holder == who, Error::<T>::NotInvoiceHolder);
			Self::ensure_invoice_payable(&invoice)?;
			ensure!(new_holder != who, Error::<T>::AlreadyHolder);
			invoice.holder = new_holder.clone();
			Invoices::<T>::insert(id, invoice);
			Self::deposit_event(Event::InvoiceAssigned { id, from: who, to: new_holder });
			Ok(())
		}

		/// Pays an open invoice to its current holder. `amount` must equal the invoice amount.
		/// Fee-free when the holder sponsors it.
		#[pallet::call_index(14)]
		#[pallet::weight(Pallet::<T>::pay_invoice_weight())]
		#[pallet::feeless_if(|origin: &OriginFor<T>, id: &InvoiceId, amount: &BalanceOf<T>| -> bool {
			Pallet::<T>::pay_invoice_is_sponsored(origin, id, amount)
		})]
		pub fn pay_invoice(
			origin: OriginFor<T>,
			id: InvoiceId,
			amount: BalanceOf<T>,
		) -> DispatchResult {
			let payer = ensure_signed(origin)?;
			let call_len = Self::pay_invoice_call_len(&id, &amount);
			let invoice = Self::check_invoice_payment(&payer, id, amount)?;
			let weight = Self::pay_invoice_weight();
			let fee = Self::sponsored_fee(
				&invoice.holder,
				&payer,
				&invoice.asset,
				amount,
				weight,
				call_len,
			);
			let holder = Self::settle_invoice_payment(&payer, id, invoice)?;
			Self::charge_sponsor(&holder, &payer, fee)
		}

		/// The merchant removes a paid, cancelled or expired invoice and gets its deposit back.
		#[pallet::call_index(15)]
		#[pallet::weight(T::WeightInfo::close_invoice())]
		pub fn close_invoice(origin: OriginFor<T>, id: InvoiceId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let invoice = Invoices::<T>::get(id).ok_or(Error::<T>::UnknownInvoice)?;
			ensure!(invoice.merchant == who, Error::<T>::NotInvoiceMerchant);
			ensure!(
				invoice.status(Self::now()) != InvoiceStatus::Open,
				Error::<T>::InvoiceStillOpen
			);
			Self::release_deposit(&who, invoice.deposit)?;
			Invoices::<T>::remove(id);
			Self::deposit_event(Event::InvoiceClosed { id });
			Ok(())
		}

		/// Puts `amount` of `asset` in escrow for `payee`: the funds are held in the caller's
		/// account. The payer may release them at any time, the payee may claim them from
		/// `release_at` (Unix ms), and the optional arbiter may split them. If none of that has
		/// happened `EscrowClaimPeriod` after `release_at`, the payer may take them back.
		#[pallet::call_index(16)]
		#[pallet::weight(
			T::WeightInfo::create_escrow().saturating_add(Pallet::<T>::unmeasured_checks(1))
		)]
		pub fn create_escrow(
			origin: OriginFor<T>,
			payee: AccountIdLookupOf<T>,
			asset: AssetKindOf<T>,
			amount: BalanceOf<T>,
			arbiter: Option<AccountIdLookupOf<T>>,
			release_at: Moment,
			memo: Option<MemoHash>,
		) -> DispatchResult {
			let payer = ensure_signed(origin)?;
			let payee = T::Lookup::lookup(payee)?;
			let arbiter = arbiter.map(T::Lookup::lookup).transpose()?;
			ensure!(payee != payer, Error::<T>::SelfPayment);
			ensure!(
				arbiter.as_ref().map_or(true, |a| *a != payer && *a != payee),
				Error::<T>::InvalidArbiter
			);
			ensure!(release_at > Self::now(), Error::<T>::ReleaseTimeInPast);
			Self::ensure_payable_to(&payer, &payee, &asset, amount)?;
			let deposit = Self::deposit_for::<EscrowId, EscrowOf<T>>();
			Self::hold_deposit(&payer, deposit)?;
			Self::hold_funds(&asset, HoldReason::Escrow, &payer, amount)?;
			let id = NextEscrowId::<T>::try_mutate(Self::bump_id)?;
			let escrow = Escrow {
				payer: payer.clone(),
				payee: payee.clone(),
				arbiter: arbiter.clone(),
				asset: asset.clone(),
				amount,
				release_at,
				memo,
				deposit,
			};
			Escrows::<T>::insert(id, escrow);
			Self::deposit_event(Event::EscrowCreated {
				id,
				payer,
				payee,
				arbiter,
				asset,
				amount,
				release_at,
			});
			Ok(())
		}

		/// The payer releases the escrow to the payee.
		#[pallet::call_index(17)]
		#[pallet::weight(
			T::WeightInfo::release_escrow().saturating_add(Pallet::<T>::unmeasured_checks(1))
		)]
		pub fn release_escrow(origin: OriginFor<T>, id: EscrowId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let escrow = Escrows::<T>::get(id).ok_or(Error::<T>::UnknownEscrow)?;
			ensure!(escrow.payer == who, Error::<T>::NotEscrowPayer);
			Self::settle_escrow(id, escrow, false)?;
			Ok(())
		}

		/// The payee gives the escrow back to the payer.
		#[pallet::call_index(18)]
		#[pallet::weight(T::WeightInfo::refund_escrow())]
		pub fn refund_escrow(origin: OriginFor<T>, id: EscrowId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let escrow = Escrows::<T>::get(id).ok_or(Error::<T>::UnknownEscrow)?;
			ensure!(escrow.payee == who, Error::<T>::NotEscrowPayee);
			let amount = escrow.amount;
			Self::close_escrow(id, escrow, Zero::zero(), amount)?;
			Self::deposit_event(Event::EscrowRefunded { id, amount });
			Ok(())
		}

		/// The payee claims the escrow once its release time has come.
		#[pallet::call_index(19)]
		#[pallet::weight(
			T::WeightInfo::claim_escrow().saturating_add(Pallet::<T>::unmeasured_checks(1))
		)]
		pub fn claim_escrow(origin: OriginFor<T>, id: EscrowId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let escrow = Escrows::<T>::get(id).ok_or(Error::<T>::UnknownEscrow)?;
			ensure!(escrow.payee == who, Error::<T>::NotEscrowPayee);
			ensure!(Self::now() >= escrow.release_at, Error::<T>::EscrowNotDue);
			Self::settle_escrow(id, escrow, true)?;
			Ok(())
		}

		/// The payer takes back an escrow that nobody settled within `EscrowClaimPeriod` after its
		/// release time (a payee that never claims, lost its keys, or can no longer receive).
		#[pallet::call_index(29)]
		#[pallet::weight(T::WeightInfo::refund_escrow())]
		pub fn reclaim_escrow(origin: OriginFor<T>, id: EscrowId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let escrow = Escrows::<T>::get(id).ok_or(Error::<T>::UnknownEscrow)?;
			ensure!(escrow.payer == who, Error::<T>::NotEscrowPayer);
			let reclaimable_at = escrow.release_at.saturating_add(T::EscrowClaimPeriod::get());
			ensure!(Self::now() >= reclaimable_at, Error::<T>::EscrowClaimPeriodOpen);
			let amount = escrow.amount;
			// The same work as a refund by the payee: release hold and deposit, remove.
			Self::close_escrow(id, escrow, Zero::zero(), amount)?;
			Self::deposit_event(Event::EscrowReclaimed { id, amount });
			Ok(())
		}

		/// The arbiter splits the escrow between payee and payer.
		#[pallet::call_index(20)]
		#[pallet::weight(
			T::WeightInfo::resolve_escrow().saturating_add(Pallet::<T>::unmeasured_checks(1))
		)]
		pub fn resolve_escrow(
			origin: OriginFor<T>,
			id: EscrowId,
			resolution: Resolution<BalanceOf<T>>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let escrow = Escrows::<T>::get(id).ok_or(Error::<T>::UnknownEscrow)?;
			ensure!(escrow.arbiter.as_ref() == Some(&who), Error::<T>::NotEscrowArbiter);
			let (to_payee, to_payer) = split_resolution(escrow.amount, &resolution)
				.ok_or(Error::<T>::ResolutionMismatch)?;
			if !to_payee.is_zero() {
				Self::ensure_transfer_allowed(
					&escrow.asset,
					&escrow.payer,
					&escrow.payee,
					to_payee,
				)?;
			}
			Self::close_escrow(id, escrow, to_payee, to_payer)?;
			Self::deposit_event(Event::EscrowResolved { id, to_payee, to_payer });
			Ok(())
		}

		/// Streams `amount` of `asset` to `recipient` linearly from `start` to `stop` (Unix ms),
		/// nothing withdrawable before `cliff` (default `start`). The funds are held in the
		/// caller's account. `start` may be in the past; `stop` must be in the future.
		#[pallet::call_index(21)]
		#[pallet::weight(
			T::WeightInfo::create_stream().saturating_add(Pallet::<T>::unmeasured_checks(1))
		)]
		pub fn create_stream(
			origin: OriginFor<T>,
			recipient: AccountIdLookupOf<T>,
			asset: AssetKindOf<T>,
			amount: BalanceOf<T>,
			start: Moment,
			cliff: Option<Moment>,
			stop: Moment,
		) -> DispatchResult {
			let sender = ensure_signed(origin)?;
			let recipient = T::Lookup::lookup(recipient)?;
			let cliff = cliff.unwrap_or(start);
			ensure!(start < stop && start <= cliff && cliff <= stop, Error::<T>::InvalidSchedule);
			ensure!(stop > Self::now(), Error::<T>::StopInPast);
			ensure!(recipient != sender, Error::<T>::SelfPayment);
			Self::ensure_payable_to(&sender, &recipient, &asset, amount)?;
			let deposit = Self::deposit_for::<StreamId, StreamOf<T>>();
			Self::hold_deposit(&sender, deposit)?;
			Self::hold_funds(&asset, HoldReason::Stream, &sender, amount)?;
			let id = NextStreamId::<T>::try_mutate(Self::bump_id)?;
			let stream = Stream {
				sender: sender.clone(),
				recipient: recipient.clone(),
				asset: asset.clone(),
				total: amount,
				withdrawn: Zero::zero(),
				start,
				cliff,
				stop,
				rate_start: start,
				accrued_at_rate_start: Zero::zero(),
				deposit,
			};
			Streams::<T>::insert(id, stream);
			Self::deposit_event(Event::StreamCreated {
				id,
				sender,
				recipient,
				asset,
				amount,
				start,
				cliff,
				stop,
			});
			Ok(())
		}

		/// The recipient withdraws everything accrued so far.
		#[pallet::call_index(22)]
		#[pallet::weight(
			T::WeightInfo::withdraw_from_stream().saturating_add(Pallet::<T>::unmeasured_checks(1))
		)]
		pub fn withdraw_from_stream(origin: OriginFor<T>, id: StreamId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut stream = Streams::<T>::get(id).ok_or(Error::<T>::UnknownStream)?;
			ensure!(stream.recipient == who, Error::<T>::NotStreamRecipient);
			let now = Self::now();
			let amount = stream.withdrawable(now);
			ensure!(!amount.is_zero(), Error::<T>::NothingToWithdraw);
			Self::pay_stream_share(&stream, amount)?;
			stream.withdrawn = stream.withdrawn.saturating_add(amount);
			Self::deposit_event(Event::StreamWithdrawn { id, amount });
			Self::store_or_finish_stream(id, stream, now)
		}

		/// The sender cancels: what has accrued goes to the recipient (or, if compliance refuses
		/// it now, stays held for the recipient to withdraw later) and the rest returns to the
		/// sender at once.
		#[pallet::call_index(23)]
		#[pallet::weight(
			T::WeightInfo::cancel_stream().saturating_add(Pallet::<T>::unmeasured_checks(1))
		)]
		pub fn cancel_stream(origin: OriginFor<T>, id: StreamId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut stream = Streams::<T>::get(id).ok_or(Error::<T>::UnknownStream)?;
			ensure!(stream.sender == who, Error::<T>::NotStreamSender);
			let now = Self::now();
			let accrued = stream.accrued(now);
			let to_sender = stream.total.saturating_sub(accrued);
			Self::release_funds(&stream.asset, HoldReason::Stream, &stream.sender, to_sender)?;
			let owed = accrued.saturating_sub(stream.withdrawn);
			let allowed = Self::ensure_transfer_allowed(
				&stream.asset,
				&stream.sender,
				&stream.recipient,
				owed,
			)
			.is_ok();
			let to_recipient = if allowed { owed } else { Zero::zero() };
			if !to_recipient.is_zero() {
				Self::pay_stream_share(&stream, to_recipient)?;
			}
			Self::truncate_stream(&mut stream, accrued, now);
			stream.withdrawn = stream.withdrawn.saturating_add(to_recipient);
			let pending = owed.saturating_sub(to_recipient);
			Self::deposit_event(Event::StreamCancelled { id, to_sender, to_recipient, pending });
			Self::store_or_finish_stream(id, stream, now)
		}

		/// The sender adds `amount`. Before the stop, the stop stays (or moves to `new_stop`) and
		/// the rate rises from now on; what had accrued stays accrued. After the stop a
		/// `new_stop` is required and the top-up streams from now until then.
		#[pallet::call_index(24)]
		#[pallet::weight(
			T::WeightInfo::top_up_stream().saturating_add(Pallet::<T>::unmeasured_checks(1))
		)]
		pub fn top_up_stream(
			origin: OriginFor<T>,
			id: StreamId,
			amount: BalanceOf<T>,
			new_stop: Option<Moment>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut stream = Streams::<T>::get(id).ok_or(Error::<T>::UnknownStream)?;
			ensure!(stream.sender == who, Error::<T>::NotStreamSender);
			ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
			let now = Self::now();
			let stop = match new_stop {
				Some(stop) => {
					ensure!(stop >= stream.stop && stop > now, Error::<T>::InvalidNewStop);
					stop
				},
				None => {
					ensure!(now < stream.stop, Error::<T>::StreamEnded);
					stream.stop
				},
			};
			Self::ensure_transfer_allowed(
				&stream.asset,
				&stream.sender,
				&stream.recipient,
				amount,
			)?;
			Self::hold_funds(&stream.asset, HoldReason::Stream, &who, amount)?;
			if now > stream.rate_start {
				stream.accrued_at_rate_start = stream.accrued_ignoring_cliff(now);
				stream.rate_start = now;
			}
			stream.total = stream.total.checked_add(&amount).ok_or(Error::<T>::Overflow)?;
			stream.stop = stop;
			Streams::<T>::insert(id, stream);
			Self::deposit_event(Event::StreamToppedUp { id, amount, stop });
			Ok(())
		}

		/// Sponsors the fees of payments to the caller on `terms`, or changes the terms of its
		/// sponsorship. The first call holds a storage deposit; fund the budget with
		/// `fund_sponsorship`.
		#[pallet::call_index(25)]
		#[pallet::weight(T::WeightInfo::set_sponsorship())]
		pub fn set_sponsorship(origin: OriginFor<T>, terms: SponsorTermsOf<T>) -> DispatchResult {
			let sponsor = ensure_signed(origin)?;
			Self::ensure_asset_exists(&terms.asset)?;
			let sponsorship = match Sponsorships::<T>::get(&sponsor) {
				Some(existing) => Sponsorship { terms: terms.clone(), ..existing },
				None => {
					let deposit = Self::deposit_for::<T::AccountId, SponsorshipOf<T>>();
					Self::hold_deposit(&sponsor, deposit)?;
					Sponsorship {
						terms: terms.clone(),
						budget: Zero::zero(),
						block: Zero::zero(),
						used_in_block: 0,
						deposit,
					}
				},
			};
			Sponsorships::<T>::insert(&sponsor, sponsorship);
			Self::deposit_event(Event::SponsorshipSet { sponsor, terms });
			Ok(())
		}

		/// Adds native funds to the caller's sponsorship budget (held in its account).
		#[pallet::call_index(26)]
		#[pallet::weight(T::WeightInfo::fund_sponsorship())]
		pub fn fund_sponsorship(origin: OriginFor<T>, amount: BalanceOf<T>) -> DispatchResult {
			let sponsor = ensure_signed(origin)?;
			ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
			let mut sponsorship =
				Sponsorships::<T>::get(&sponsor).ok_or(Error::<T>::NoSponsorship)?;
			Self::hold_funds(&AssetKind::Native, HoldReason::SponsorBudget, &sponsor, amount)?;
			sponsorship.budget =
				sponsorship.budget.checked_add(&amount).ok_or(Error::<T>::Overflow)?;
			Sponsorships::<T>::insert(&sponsor, sponsorship);
			Self::deposit_event(Event::SponsorshipFunded { sponsor, amount });
			Ok(())
		}

		/// Takes funds out of the caller's sponsorship budget.
		#[pallet::call_index(27)]
		#[pallet::weight(T::WeightInfo::withdraw_sponsorship())]
		pub fn withdraw_sponsorship(origin: OriginFor<T>, amount: BalanceOf<T>) -> DispatchResult {
			let sponsor = ensure_signed(origin)?;
			ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
			let mut sponsorship =
				Sponsorships::<T>::get(&sponsor).ok_or(Error::<T>::NoSponsorship)?;
			ensure!(amount <= sponsorship.budget, Error::<T>::InsufficientBudget);
			Self::release_funds(&AssetKind::Native, HoldReason::SponsorBudget, &sponsor, amount)?;
			sponsorship.budget -= amount;
			Sponsorships::<T>::insert(&sponsor, sponsorship);
			Self::deposit_event(Event::SponsorshipWithdrawn { sponsor, amount });
			Ok(())
		}

		/// Ends the caller's sponsorship, returning the budget and the deposit.
		#[pallet::call_index(28)]
		#[pallet::weight(T::WeightInfo::remove_sponsorship())]
		pub fn remove_sponsorship(origin: OriginFor<T>) -> DispatchResult {
			let sponsor = ensure_signed(origin)?;
			let sponsorship = Sponsorships::<T>::take(&sponsor).ok_or(Error::<T>::NoSponsorship)?;
			Self::release_funds(
				&AssetKind::Native,
				HoldReason::SponsorBudget,
				&sponsor,
				sponsorship.budget,
			)?;
			Self::release_deposit(&sponsor, sponsorship.deposit)?;
			Self::deposit_event(Event::SponsorshipRemoved {
				sponsor,
				refunded: sponsorship.budget,
			});
			Ok(())
		}
	}
}
