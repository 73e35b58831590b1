//! # Channels pallet
//!
//! Two-party payment channels in the native token or any `pallet-assets` asset.
//!
//! ## Life of a channel
//!
//! 1. `A` calls [`Pallet::open`] with the counterparty `B`, the asset, `A`'s deposit, a challenge
//!    period within `[MinChallengePeriod, MaxChallengePeriod]` and `A`'s ed25519 channel key. The
//!    deposit moves into the channel's own account (a sub-account of [`Config::PalletId`]) and a
//!    record deposit is held from `A`.
//! 2. `B` calls [`Pallet::join`] with its deposit (possibly zero) and its own channel key; until
//!    then `A` may [`Pallet::cancel_open`] and get everything back. Two calls rather than one
//!    co-signed call keep each party's funds under that party's own transaction.
//! 3. Off chain the parties exchange [`ChannelState`]s signed by both
//!    (see `mooring_primitives::channel` for the protocol), and micro-payment receipts.
//!    [`Pallet::top_up`] adds to a deposit at any time; [`Pallet::withdraw`] pays out a partial
//!    withdrawal that both signed into a state.
//! 4. Closing: [`Pallet::cooperative_close`] with a final state signed by both pays out at once.
//!    Otherwise either party calls [`Pallet::close`] with the latest state it holds; during the
//!    challenge period either party may [`Pallet::dispute`] with a state of higher nonce or a
//!    receipt for more micro-payments; after it anyone calls [`Pallet::settle`].
//!
//! A dispute that replaces the closing state with a newer one extends the challenge period to
//! at least one full period from the dispute, so the other party can always answer it (with a
//! still newer state, or a receipt on the new one). Receipts alone do not extend it: nothing can
//! answer a valid receipt, and the receiver could otherwise delay settlement one step at a time.
//!
//! Every payout that moves value from one party to the other goes through
//! [`Config::TransferCheck`] (the runtime's compliance check), so a channel is no bypass of the
//! rules for direct payments.
//! - A refused withdrawal or cooperative close fails and changes nothing: the parties can sign
//!   another state or close unilaterally.
//! - [`Pallet::settle`] pays each party on its own, so neither can hold the other's funds
//!   hostage (say, by setting a payer requirement the other fails after joining). A payout the
//!   check or the asset refuses is parked in the channel account ([`ParkedPayouts`]) and
//!   [`Pallet::claim_parked`] pays it once it passes. A refused payout below the asset's minimum
//!   balance cannot be held (it would be dust) and goes to the other party. Settlement fails
//!   only if neither payout can be made.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

use mooring_primitives::{
	channel::{
		Amount, ChannelId, ChannelPublic, ChannelState, MicroReceipt, Party, SignedState,
		StateError, MAX_MICRO_CHAIN_LENGTH,
	},
	compliance::TransferCheck,
};
use polkadot_sdk::{
	frame_support, frame_system,
	sp_core::H256,
	sp_runtime::{
		traits::{
			AccountIdConversion, BlakeTwo256, CheckedAdd, CheckedSub, Hash as HashT, Saturating,
			Zero,
		},
		SaturatedConversion,
	},
};

/// The native balance type, which is also the balance type of every channel asset.
pub type BalanceOf<T> = <<T as Config>::Currency as frame_support::traits::fungible::Inspect<
	<T as frame_system::Config>::AccountId,
>>::Balance;

/// A channel record of the runtime `T`.
pub type ChannelOf<T> = Channel<
	<T as frame_system::Config>::AccountId,
	<T as Config>::AssetKind,
	BalanceOf<T>,
	frame_system::pallet_prelude::BlockNumberFor<T>,
>;

/// A parked payout of the runtime `T`.
pub type ParkedPayoutOf<T> =
	ParkedPayout<<T as frame_system::Config>::AccountId, <T as Config>::AssetKind, BalanceOf<T>>;

/// Gives benchmarks an asset that channels can hold.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AssetKind> {
	/// An existing asset; benchmarks fund accounts with it through `Config::Assets`.
	fn asset() -> AssetKind;
}

#[cfg(feature = "runtime-benchmarks")]
impl<AssetKind: Default> BenchmarkHelper<AssetKind> for () {
	fn asset() -> AssetKind {
		AssetKind::default()
	}
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::{
		pallet_prelude::*,
		traits::{
			fungible::{self, MutateHold},
			fungibles,
			tokens::{Precision, Preservation},
		},
		PalletId,
	};
	use frame_system::pallet_prelude::*;

	/// The in-code storage version: the layout every network starts with. A change of layout
	/// after a network launched bumps it and ships a migration (docs/chain-operator.md).
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: polkadot_sdk::frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason>;

		/// The native currency: holds the record deposit of every channel.
		type Currency: fungible::MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>
			+ fungible::Mutate<Self::AccountId>;

		/// Names an asset a channel can hold (e.g. native or a `pallet-assets` id).
		type AssetKind: Parameter + MaxEncodedLen;

		/// Moves channel funds: every asset, the native one included (e.g. `fungible::UnionOf`
		/// of `Balances` and `Assets`).
		type Assets: fungibles::Mutate<
			Self::AccountId,
			AssetId = Self::AssetKind,
			Balance = BalanceOf<Self>,
		>;

		/// The compliance check every transfer of value between the parties goes through.
		type TransferCheck: TransferCheck<Self::AccountId, Self::AssetKind, BalanceOf<Self>>;

		/// Derives the account of each channel.
		#[pallet::constant]
		type PalletId: Get<PalletId>;

		/// The native deposit held from the opener for a channel record.
		#[pallet::constant]
		type RecordDeposit: Get<BalanceOf<Self>>;

		/// The shortest challenge period a channel may have, in blocks.
		#[pallet::constant]
		type MinChallengePeriod: Get<BlockNumberFor<Self>>;

		/// The longest challenge period a channel may have, in blocks.
		#[pallet::constant]
		type MaxChallengePeriod: Get<BlockNumberFor<Self>>;

		/// Weights of the calls.
		type WeightInfo: WeightInfo;

		/// Provides an asset for benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AssetKind>;
	}

	/// Why the pallet holds native funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The deposit for a channel record, returned when the channel is removed.
		ChannelRecord,
	}

	/// The id the next channel gets.
	#[pallet::storage]
	pub type NextChannelId<T> = StorageValue<_, ChannelId, ValueQuery>;

	/// Channels that are open, awaiting their counterparty, or closing.
	#[pallet::storage]
	pub type Channels<T: Config> = StorageMap<_, Twox64Concat, ChannelId, ChannelOf<T>>;

	/// Settlement payouts of removed channels that could not be paid yet, at most one per
	/// channel. Each keeps at least the asset's minimum balance in the channel account, which
	/// pays for the entry as an account's existential deposit does.
	#[pallet::storage]
	pub type ParkedPayouts<T: Config> = StorageMap<_, Twox64Concat, ChannelId, ParkedPayoutOf<T>>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// `party_a` opened a channel with `party_b`.
		Opened {
			channel_id: ChannelId,
			party_a: T::AccountId,
			party_b: T::AccountId,
			asset: T::AssetKind,
			deposit: BalanceOf<T>,
			challenge_period: BlockNumberFor<T>,
		},
		/// The counterparty joined; the channel is open.
		Joined { channel_id: ChannelId, deposit: BalanceOf<T> },
		/// The opener cancelled a channel nobody joined and got its deposit back.
		Cancelled { channel_id: ChannelId },
		/// A party added to its deposit.
		ToppedUp { channel_id: ChannelId, party: Party, amount: BalanceOf<T> },
		/// A co-signed partial withdrawal was paid out.
		Withdrawn {
			channel_id: ChannelId,
			nonce: u64,
			amount_a: BalanceOf<T>,
			amount_b: BalanceOf<T>,
		},
		/// A party closed unilaterally; the challenge period runs until `ends_at`.
		Closing {
			channel_id: ChannelId,
			closer: Party,
			nonce: u64,
			micro_count: u32,
			ends_at: BlockNumberFor<T>,
		},
		/// A newer state or receipt replaced the closing state; the challenge period now ends
		/// at `ends_at`.
		Disputed {
			channel_id: ChannelId,
			by: Party,
			nonce: u64,
			micro_count: u32,
			ends_at: BlockNumberFor<T>,
		},
		/// The channel closed; it no longer exists. `payout_a`/`payout_b` are what the state
		/// assigns; a settlement that held part back says so in `PayoutParked`,
		/// `DustToCounterparty` or `DustForfeited`.
		Closed {
			channel_id: ChannelId,
			cooperative: bool,
			nonce: u64,
			payout_a: BalanceOf<T>,
			payout_b: BalanceOf<T>,
		},
		/// Settlement could not pay `party` (`reason`); the payout waits in the channel account
		/// for [`Pallet::claim_parked`].
		PayoutParked {
			channel_id: ChannelId,
			party: Party,
			amount: BalanceOf<T>,
			reason: DispatchError,
		},
		/// Settlement could not pay `party` an amount below the asset's minimum balance, which
		/// the chain cannot hold; it went to the other party.
		DustToCounterparty { channel_id: ChannelId, party: Party, amount: BalanceOf<T> },
		/// As `DustToCounterparty`, but the check refused that too: the other party got its own
		/// payout and the dust was burned, as an account's dust is.
		DustForfeited { channel_id: ChannelId, party: Party, amount: BalanceOf<T> },
		/// A parked payout was paid to `to`.
		ParkedPayoutClaimed { channel_id: ChannelId, to: T::AccountId, amount: BalanceOf<T> },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No channel has this id (never opened, or already closed).
		ChannelNotFound,
		/// A channel needs two different accounts.
		SelfChannel,
		/// Both parties must sign with different channel keys.
		DuplicateKey,
		/// The challenge period is shorter than `MinChallengePeriod`.
		ChallengePeriodTooShort,
		/// The challenge period is longer than `MaxChallengePeriod`.
		ChallengePeriodTooLong,
		/// The caller is not a party of the channel.
		NotParticipant,
		/// Only the counterparty named at opening may join.
		NotCounterparty,
		/// Only the opener may cancel.
		NotOpener,
		/// The channel is not waiting for its counterparty.
		NotAwaitingCounterparty,
		/// The channel is not open.
		ChannelNotOpen,
		/// The channel is not closing.
		ChannelNotClosing,
		/// The channel would hold less than twice the asset's minimum balance.
		ChannelTooSmall,
		/// The amount is zero.
		ZeroAmount,
		/// The state belongs to another channel.
		WrongChannel,
		/// The opener's signature does not verify.
		InvalidSignatureA,
		/// The counterparty's signature does not verify.
		InvalidSignatureB,
		/// The state's hash chain is malformed.
		MalformedMicroChain,
		/// The state is older than one the chain already knows.
		StaleState,
		/// The receipt proves no more micro-payments than already counted.
		StaleReceipt,
		/// The state has no hash chain for the receipt.
		NoMicroChain,
		/// The receipt does not lead to the chain's anchor.
		InvalidReceipt,
		/// A dispute needs a newer state or a receipt.
		NothingToDispute,
		/// The state is not marked final.
		NotFinal,
		/// A final state must not carry a hash chain.
		FinalStateHasMicroChain,
		/// The state promises more than a party has in the channel.
		InsufficientChannelFunds,
		/// The state withdraws nothing new.
		NothingToWithdraw,
		/// The withdrawal would leave the channel with less than twice the asset's minimum
		/// balance; close the channel instead.
		WouldLeaveDust,
		/// The challenge period is over.
		ChallengePeriodOver,
		/// The challenge period is still running.
		ChallengePeriodActive,
		/// An amount overflowed.
		Overflow,
		/// The channel has no parked payout.
		NoParkedPayout,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(!T::MinChallengePeriod::get().is_zero(), "MinChallengePeriod must be positive");
			assert!(
				T::MinChallengePeriod::get() <= T::MaxChallengePeriod::get(),
				"MinChallengePeriod must not exceed MaxChallengePeriod"
			);
			assert_ne!(
				Self::channel_account(0),
				Self::channel_account(ChannelId::MAX),
				"AccountId too short: channel accounts would collide"
			);
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
		/// Opens a channel with `counterparty` in `asset`, depositing `deposit` and registering
		/// `key` as the caller's channel key.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::open())]
		pub fn open(
			origin: OriginFor<T>,
			counterparty: T::AccountId,
			asset: T::AssetKind,
			deposit: BalanceOf<T>,
			challenge_period: BlockNumberFor<T>,
			key: ChannelPublic,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			ensure!(who != counterparty, Error::<T>::SelfChannel);
			ensure!(
				challenge_period >= T::MinChallengePeriod::get(),
				Error::<T>::ChallengePeriodTooShort
			);
			ensure!(
				challenge_period <= T::MaxChallengePeriod::get(),
				Error::<T>::ChallengePeriodTooLong
			);
			let channel_id = NextChannelId::<T>::get();
			let next_id = channel_id.checked_add(1).ok_or(Error::<T>::Overflow)?;

			let record_deposit = T::RecordDeposit::get();
			T::Currency::hold(&HoldReason::ChannelRecord.into(), &who, record_deposit)?;
			let account = Self::channel_account(channel_id);
			// The channel account must exist to hold assets that are not sufficient; the
			// reference is dropped when the channel is removed.
			frame_system::Pallet::<T>::inc_providers(&account);
			Self::pay_in(&asset, &who, &account, deposit)?;

			Channels::<T>::insert(
				channel_id,
				Channel {
					party_a: who.clone(),
					party_b: counterparty.clone(),
					key_a: key,
					key_b: None,
					asset: asset.clone(),
					deposit_a: deposit,
					deposit_b: Zero::zero(),
					withdrawn_a: Zero::zero(),
					withdrawn_b: Zero::zero(),
					challenge_period,
					record_deposit,
					nonce_floor: 0,
					status: ChannelStatus::AwaitingCounterparty,
				},
			);
			NextChannelId::<T>::put(next_id);
			Self::deposit_event(Event::Opened {
				channel_id,
				party_a: who,
				party_b: counterparty,
				asset,
				deposit,
				challenge_period,
			});
			Ok(())
		}

		/// Joins a channel as its counterparty, depositing `deposit` and registering `key`.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::join().saturating_add(Pallet::<T>::check_weight()))]
		pub fn join(
			origin: OriginFor<T>,
			channel_id: ChannelId,
			deposit: BalanceOf<T>,
			key: ChannelPublic,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut channel = Self::channel(channel_id)?;
			ensure!(who == channel.party_b, Error::<T>::NotCounterparty);
			ensure!(
				channel.status == ChannelStatus::AwaitingCounterparty,
				Error::<T>::NotAwaitingCounterparty
			);
			ensure!(key != channel.key_a, Error::<T>::DuplicateKey);
			let total = channel.deposit_a.checked_add(&deposit).ok_or(Error::<T>::Overflow)?;
			ensure!(total >= Self::smallest_holding(&channel.asset), Error::<T>::ChannelTooSmall);
			// Both directions must be allowed before funds are locked in a channel whose
			// settlement would be refused.
			T::TransferCheck::check_transfer(&channel.asset, &channel.party_a, &who, total)?;
			T::TransferCheck::check_transfer(&channel.asset, &who, &channel.party_a, total)?;

			Self::pay_in(&channel.asset, &who, &Self::channel_account(channel_id), deposit)?;
			channel.key_b = Some(key);
			channel.deposit_b = deposit;
			channel.status = ChannelStatus::Open;
			Channels::<T>::insert(channel_id, channel);
			Self::deposit_event(Event::Joined { channel_id, deposit });
			Ok(())
		}

		/// Cancels a channel that the counterparty has not joined: the opener gets its deposit
		/// and the record deposit back.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::cancel_open())]
		pub fn cancel_open(origin: OriginFor<T>, channel_id: ChannelId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let channel = Self::channel(channel_id)?;
			ensure!(who == channel.party_a, Error::<T>::NotOpener);
			ensure!(
				channel.status == ChannelStatus::AwaitingCounterparty,
				Error::<T>::NotAwaitingCounterparty
			);
			Self::pay_out(
				channel_id,
				&channel,
				[(Party::A, channel.held()), (Party::B, Zero::zero())],
			)?;
			Self::remove(channel_id, &channel)?;
			Self::deposit_event(Event::Cancelled { channel_id });
			Ok(())
		}

		/// Adds `amount` to the caller's deposit in an open channel.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::top_up())]
		pub fn top_up(
			origin: OriginFor<T>,
			channel_id: ChannelId,
			amount: BalanceOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
			let mut channel = Self::channel(channel_id)?;
			let party = channel.party_of(&who).ok_or(Error::<T>::NotParticipant)?;
			ensure!(channel.status == ChannelStatus::Open, Error::<T>::ChannelNotOpen);
			let deposit = channel.deposit_mut(party);
			*deposit = deposit.checked_add(&amount).ok_or(Error::<T>::Overflow)?;
			Self::pay_in(&channel.asset, &who, &Self::channel_account(channel_id), amount)?;
			Channels::<T>::insert(channel_id, channel);
			Self::deposit_event(Event::ToppedUp { channel_id, party, amount });
			Ok(())
		}

		/// Pays out the partial withdrawals that both parties signed into `update`
		/// (`withdrawn_a`/`withdrawn_b` above what was already paid). States older than
		/// `update` can no longer close the channel afterwards.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::withdraw().saturating_add(Pallet::<T>::check_weight()))]
		pub fn withdraw(
			origin: OriginFor<T>,
			channel_id: ChannelId,
			update: SignedState,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut channel = Self::channel(channel_id)?;
			channel.party_of(&who).ok_or(Error::<T>::NotParticipant)?;
			ensure!(channel.status == ChannelStatus::Open, Error::<T>::ChannelNotOpen);
			Self::verify(channel_id, &channel, &update)?;
			let state = &update.state;
			ensure!(state.nonce >= channel.nonce_floor, Error::<T>::StaleState);
			state
				.solvent_balances(
					channel.deposit_a.saturated_into(),
					channel.deposit_b.saturated_into(),
				)
				.ok_or(Error::<T>::InsufficientChannelFunds)?;

			let increase = |party: Party, paid: BalanceOf<T>| -> BalanceOf<T> {
				state.withdrawn(party).saturated_into::<BalanceOf<T>>().saturating_sub(paid)
			};
			let amount_a = increase(Party::A, channel.withdrawn_a);
			let amount_b = increase(Party::B, channel.withdrawn_b);
			ensure!(!(amount_a.is_zero() && amount_b.is_zero()), Error::<T>::NothingToWithdraw);
			let remaining = channel.held().saturating_sub(amount_a).saturating_sub(amount_b);
			ensure!(
				remaining.is_zero() || remaining >= Self::smallest_holding(&channel.asset),
				Error::<T>::WouldLeaveDust
			);

			Self::check_received(&channel, [(Party::A, amount_a), (Party::B, amount_b)])?;
			Self::pay_out(channel_id, &channel, [(Party::A, amount_a), (Party::B, amount_b)])?;
			channel.withdrawn_a.saturating_accrue(amount_a);
			channel.withdrawn_b.saturating_accrue(amount_b);
			channel.nonce_floor = state.nonce;
			let nonce = state.nonce;
			Channels::<T>::insert(channel_id, channel);
			Self::deposit_event(Event::Withdrawn { channel_id, nonce, amount_a, amount_b });
			Ok(())
		}

		/// Closes the channel at once on a final state both parties signed, open or closing.
		#[pallet::call_index(5)]
		#[pallet::weight(
			T::WeightInfo::cooperative_close().saturating_add(Pallet::<T>::check_weight())
		)]
		pub fn cooperative_close(
			origin: OriginFor<T>,
			channel_id: ChannelId,
			update: SignedState,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let channel = Self::channel(channel_id)?;
			channel.party_of(&who).ok_or(Error::<T>::NotParticipant)?;
			let newest_nonce = match &channel.status {
				ChannelStatus::Open => channel.nonce_floor,
				ChannelStatus::Closing(closing) => closing.state.nonce.max(channel.nonce_floor),
				ChannelStatus::AwaitingCounterparty => {
					return Err(Error::<T>::ChannelNotOpen.into())
				},
			};
			Self::verify(channel_id, &channel, &update)?;
			let state = &update.state;
			ensure!(state.is_final, Error::<T>::NotFinal);
			ensure!(state.micro.is_none(), Error::<T>::FinalStateHasMicroChain);
			ensure!(state.nonce >= newest_nonce, Error::<T>::StaleState);
			Self::finish(channel_id, channel, state, 0, true)
		}

		/// Starts a unilateral close with the newest state the caller holds (`None`: the initial
		/// state) and optionally a receipt for that state's hash chain. The other party has the
		/// channel's challenge period to answer with [`Pallet::dispute`].
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::close(Pallet::<T>::receipt_steps(receipt)))]
		pub fn close(
			origin: OriginFor<T>,
			channel_id: ChannelId,
			update: Option<SignedState>,
			receipt: Option<MicroReceipt>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut channel = Self::channel(channel_id)?;
			let closer = channel.party_of(&who).ok_or(Error::<T>::NotParticipant)?;
			ensure!(channel.status == ChannelStatus::Open, Error::<T>::ChannelNotOpen);
			let state = match update {
				Some(update) => {
					Self::verify(channel_id, &channel, &update)?;
					update.state
				},
				None => ChannelState::initial(channel_id),
			};
			ensure!(state.nonce >= channel.nonce_floor, Error::<T>::StaleState);
			let micro_count = match receipt {
				Some(receipt) => Self::receipt_count(&state, &receipt)?,
				None => 0,
			};
			let ends_at =
				frame_system::Pallet::<T>::block_number().saturating_add(channel.challenge_period);
			let nonce = state.nonce;
			channel.status =
				ChannelStatus::Closing(Closing { closer, ends_at, state, micro_count });
			Channels::<T>::insert(channel_id, channel);
			Self::deposit_event(Event::Closing { channel_id, closer, nonce, micro_count, ends_at });
			Ok(())
		}

		/// Answers a unilateral close during its challenge period with a state of higher nonce
		/// and/or a receipt proving more micro-payments on the (new) closing state.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::dispute(Pallet::<T>::receipt_steps(receipt)))]
		pub fn dispute(
			origin: OriginFor<T>,
			channel_id: ChannelId,
			update: Option<SignedState>,
			receipt: Option<MicroReceipt>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut channel = Self::channel(channel_id)?;
			let by = channel.party_of(&who).ok_or(Error::<T>::NotParticipant)?;
			let ChannelStatus::Closing(mut closing) = channel.status.clone() else {
				return Err(Error::<T>::ChannelNotClosing.into());
			};
			ensure!(
				frame_system::Pallet::<T>::block_number() <= closing.ends_at,
				Error::<T>::ChallengePeriodOver
			);
			ensure!(update.is_some() || receipt.is_some(), Error::<T>::NothingToDispute);
			let replaced = if let Some(update) = update {
				Self::verify(channel_id, &channel, &update)?;
				ensure!(update.state.nonce > closing.state.nonce, Error::<T>::StaleState);
				closing.state = update.state;
				closing.micro_count = 0;
				// The other party gets a full period to answer the new state.
				let answer_until = frame_system::Pallet::<T>::block_number()
					.saturating_add(channel.challenge_period);
				closing.ends_at = closing.ends_at.max(answer_until);
				true
			} else {
				false
			};
			if let Some(receipt) = receipt {
				// On the same state a receipt must prove more than the last one.
				ensure!(replaced || receipt.count > closing.micro_count, Error::<T>::StaleReceipt);
				closing.micro_count = Self::receipt_count(&closing.state, &receipt)?;
			}
			let (nonce, micro_count, ends_at) =
				(closing.state.nonce, closing.micro_count, closing.ends_at);
			channel.status = ChannelStatus::Closing(closing);
			Channels::<T>::insert(channel_id, channel);
			Self::deposit_event(Event::Disputed { channel_id, by, nonce, micro_count, ends_at });
			Ok(())
		}

		/// Pays out a unilaterally closed channel after its challenge period; anyone may call.
		/// Each party is paid on its own: a payout that cannot be made is parked (see the
		/// module docs).
		#[pallet::call_index(8)]
		#[pallet::weight(
			T::WeightInfo::settle()
				.saturating_add(Pallet::<T>::check_weight())
				// Parking: the minimum balance and the parked entry, read and written.
				.saturating_add(T::DbWeight::get().reads_writes(2, 1))
		)]
		pub fn settle(origin: OriginFor<T>, channel_id: ChannelId) -> DispatchResult {
			ensure_signed(origin)?;
			let channel = Self::channel(channel_id)?;
			let ChannelStatus::Closing(closing) = &channel.status else {
				return Err(Error::<T>::ChannelNotClosing.into());
			};
			ensure!(
				frame_system::Pallet::<T>::block_number() > closing.ends_at,
				Error::<T>::ChallengePeriodActive
			);
			let (state, micro_count) = (closing.state.clone(), closing.micro_count);
			Self::finish(channel_id, channel, &state, micro_count, false)
		}

		/// Pays a parked settlement payout to its party once the compliance check and the asset
		/// allow it; anyone may call. Weighs as much as `settle`, which does all it does and
		/// more (two transfers, the record and its deposit).
		#[pallet::call_index(9)]
		#[pallet::weight(
			T::WeightInfo::settle().saturating_add(T::TransferCheck::check_weight())
		)]
		pub fn claim_parked(origin: OriginFor<T>, channel_id: ChannelId) -> DispatchResult {
			ensure_signed(origin)?;
			let parked = ParkedPayouts::<T>::get(channel_id).ok_or(Error::<T>::NoParkedPayout)?;
			if !parked.received.is_zero() {
				T::TransferCheck::check_transfer(
					&parked.asset,
					&parked.from,
					&parked.to,
					parked.received,
				)?;
			}
			<T::Assets as fungibles::Mutate<T::AccountId>>::transfer(
				parked.asset.clone(),
				&Self::channel_account(channel_id),
				&parked.to,
				parked.amount,
				Preservation::Expendable,
			)?;
			ParkedPayouts::<T>::remove(channel_id);
			Self::release_record_deposit(&parked.opener, parked.record_deposit)?;
			Self::release_account(channel_id);
			Self::deposit_event(Event::ParkedPayoutClaimed {
				channel_id,
				to: parked.to,
				amount: parked.amount,
			});
			Ok(())
		}
	}

	impl<T: Config> Pallet<T> {
		/// The account that holds the funds of `channel_id`.
		pub fn channel_account(channel_id: ChannelId) -> T::AccountId {
			T::PalletId::get().into_sub_account_truncating(channel_id)
		}

		/// The genesis hash of this chain, which every channel signature covers.
		pub fn genesis_hash() -> H256 {
			let hash = frame_system::BlockHash::<T>::get(BlockNumberFor::<T>::zero());
			let bytes = hash.as_ref();
			if bytes.len() == 32 {
				H256::from_slice(bytes)
			} else {
				BlakeTwo256::hash(bytes)
			}
		}

		/// What each party would receive if the channel settled on its current closing state
		/// (or on `state` for an open channel), or `None` if there is no such channel.
		pub fn payouts(
			channel_id: ChannelId,
			state: Option<&ChannelState>,
		) -> Option<(Amount, Amount)> {
			let channel = Channels::<T>::get(channel_id)?;
			match (&channel.status, state) {
				(ChannelStatus::Closing(closing), _) => {
					Some(channel.funds().payouts(&closing.state, closing.micro_count))
				},
				(_, Some(state)) => Some(channel.funds().payouts(state, 0)),
				(_, None) => Some(channel.funds().payouts(&ChannelState::initial(channel_id), 0)),
			}
		}

		/// The weight of the compliance checks one call makes (two at most).
		pub fn check_weight() -> Weight {
			T::TransferCheck::check_weight().saturating_mul(2)
		}

		/// The hashes a receipt costs to check, as the weight component of `close`/`dispute`.
		pub fn receipt_steps(receipt: &Option<MicroReceipt>) -> u32 {
			receipt.as_ref().map_or(0, |receipt| receipt.count.min(MAX_MICRO_CHAIN_LENGTH))
		}

		fn channel(channel_id: ChannelId) -> Result<ChannelOf<T>, Error<T>> {
			Channels::<T>::get(channel_id).ok_or(Error::<T>::ChannelNotFound)
		}

		/// Twice the asset's minimum balance: the least an open channel may hold, so either
		/// payout can go first without leaving dust behind.
		fn smallest_holding(asset: &T::AssetKind) -> BalanceOf<T> {
			<T::Assets as fungibles::Inspect<T::AccountId>>::minimum_balance(asset.clone())
				.saturating_mul(2u32.into())
		}

		fn verify(
			channel_id: ChannelId,
			channel: &ChannelOf<T>,
			update: &SignedState,
		) -> DispatchResult {
			let key_b = channel.key_b.as_ref().ok_or(Error::<T>::ChannelNotOpen)?;
			update.verify(&Self::genesis_hash(), channel_id, &channel.key_a, key_b).map_err(
				|error| match error {
					StateError::WrongChannel => Error::<T>::WrongChannel,
					StateError::BadSignatureA => Error::<T>::InvalidSignatureA,
					StateError::BadSignatureB => Error::<T>::InvalidSignatureB,
					StateError::MalformedMicroChain => Error::<T>::MalformedMicroChain,
				},
			)?;
			Ok(())
		}

		/// The count a receipt proves on `state`'s hash chain.
		fn receipt_count(state: &ChannelState, receipt: &MicroReceipt) -> Result<u32, Error<T>> {
			let chain = state.micro.as_ref().ok_or(Error::<T>::NoMicroChain)?;
			ensure!(chain.verify(receipt), Error::<T>::InvalidReceipt);
			Ok(receipt.count)
		}

		/// Moves `amount` from `who` into the channel account.
		fn pay_in(
			asset: &T::AssetKind,
			who: &T::AccountId,
			account: &T::AccountId,
			amount: BalanceOf<T>,
		) -> DispatchResult {
			if !amount.is_zero() {
				<T::Assets as fungibles::Mutate<T::AccountId>>::transfer(
					asset.clone(),
					who,
					account,
					amount,
					Preservation::Preserve,
				)?;
			}
			Ok(())
		}

		/// Pays `payments` out of the channel account, smallest first, so that every payment
		/// but one that empties the account leaves at least the minimum balance behind.
		fn pay_out(
			channel_id: ChannelId,
			channel: &ChannelOf<T>,
			mut payments: [(Party, BalanceOf<T>); 2],
		) -> DispatchResult {
			payments.sort_unstable_by_key(|(_, amount)| *amount);
			let account = Self::channel_account(channel_id);
			let mut remaining = channel.held();
			for (party, amount) in payments {
				if amount.is_zero() {
					continue;
				}
				remaining = remaining.checked_sub(&amount).ok_or(Error::<T>::Overflow)?;
				let preservation = if remaining.is_zero() {
					Preservation::Expendable
				} else {
					Preservation::Preserve
				};
				<T::Assets as fungibles::Mutate<T::AccountId>>::transfer(
					channel.asset.clone(),
					&account,
					channel.account(party),
					amount,
					preservation,
				)?;
			}
			Ok(())
		}

		/// The part of a payment to `party` that is value received from the other party: what
		/// takes the party's payouts beyond its deposits.
		fn received_part(
			channel: &ChannelOf<T>,
			party: Party,
			amount: BalanceOf<T>,
		) -> BalanceOf<T> {
			let (deposit, withdrawn) = match party {
				Party::A => (channel.deposit_a, channel.withdrawn_a),
				Party::B => (channel.deposit_b, channel.withdrawn_b),
			};
			let received_before = withdrawn.saturating_sub(deposit);
			let received_after = withdrawn.saturating_add(amount).saturating_sub(deposit);
			received_after.saturating_sub(received_before)
		}

		/// Runs the compliance check on the part of each payment that is value received from
		/// the other party.
		fn check_received(
			channel: &ChannelOf<T>,
			payments: [(Party, BalanceOf<T>); 2],
		) -> DispatchResult {
			for (party, amount) in payments {
				Self::check_one(channel, party, Self::received_part(channel, party, amount))?;
			}
			Ok(())
		}

		/// The compliance check on `received` paid from the other party to `party`.
		fn check_one(
			channel: &ChannelOf<T>,
			party: Party,
			received: BalanceOf<T>,
		) -> DispatchResult {
			if received.is_zero() {
				return Ok(());
			}
			T::TransferCheck::check_transfer(
				&channel.asset,
				channel.account(party.other()),
				channel.account(party),
				received,
			)
		}

		/// Checks and pays `amount` (of which `received` came from the other party) to `party`,
		/// changing nothing if either step fails.
		fn try_pay(
			channel_id: ChannelId,
			channel: &ChannelOf<T>,
			party: Party,
			(amount, received): (BalanceOf<T>, BalanceOf<T>),
			preservation: Preservation,
		) -> DispatchResult {
			if amount.is_zero() {
				return Ok(());
			}
			frame_support::storage::with_storage_layer(|| {
				Self::check_one(channel, party, received)?;
				<T::Assets as fungibles::Mutate<T::AccountId>>::transfer(
					channel.asset.clone(),
					&Self::channel_account(channel_id),
					channel.account(party),
					amount,
					preservation,
				)
				.map(|_| ())
			})
		}

		/// Pays each party its settlement payout on its own: one the check or the asset refuses
		/// is parked (or, below the minimum balance, goes to the other party) instead of
		/// blocking the other. Fails, changing nothing, only if neither can be paid.
		fn pay_out_separately(
			channel_id: ChannelId,
			channel: &ChannelOf<T>,
			mut payments: [(Party, BalanceOf<T>); 2],
		) -> DispatchResult {
			payments.sort_unstable_by_key(|(_, amount)| *amount);
			let [(small_party, small), (large_party, large)] = payments;
			let small_received = Self::received_part(channel, small_party, small);
			let large_received = Self::received_part(channel, large_party, large);
			let minimum = <T::Assets as fungibles::Inspect<T::AccountId>>::minimum_balance(
				channel.asset.clone(),
			);
			let pay = |party, amounts, preservation| {
				Self::try_pay(channel_id, channel, party, amounts, preservation)
			};
			match pay(small_party, (small, small_received), Preservation::Preserve) {
				Ok(()) => {
					if let Err(reason) =
						pay(large_party, (large, large_received), Preservation::Expendable)
					{
						Self::park(
							channel_id,
							channel,
							large_party,
							(large, large_received),
							reason,
						);
					}
				},
				Err(reason) if small < minimum => {
					// Too small to keep in the account: the other party takes it if the check
					// allows, else only its own payout and the dust is the asset's to handle.
					let with_dust =
						(large.saturating_add(small), large_received.saturating_add(small));
					if pay(large_party, with_dust, Preservation::Expendable).is_ok() {
						Self::deposit_event(Event::DustToCounterparty {
							channel_id,
							party: small_party,
							amount: small,
						});
					} else {
						pay(large_party, (large, large_received), Preservation::Expendable)
							.map_err(|_| reason)?;
						Self::deposit_event(Event::DustForfeited {
							channel_id,
							party: small_party,
							amount: small,
						});
					}
				},
				Err(reason) => {
					pay(large_party, (large, large_received), Preservation::Preserve)
						.map_err(|_| reason)?;
					Self::park(channel_id, channel, small_party, (small, small_received), reason);
				},
			}
			Ok(())
		}

		/// Keeps a payout that could not be made in the channel account for `claim_parked`.
		fn park(
			channel_id: ChannelId,
			channel: &ChannelOf<T>,
			party: Party,
			(amount, received): (BalanceOf<T>, BalanceOf<T>),
			reason: DispatchError,
		) {
			ParkedPayouts::<T>::insert(
				channel_id,
				ParkedPayout {
					to: channel.account(party).clone(),
					from: channel.account(party.other()).clone(),
					asset: channel.asset.clone(),
					amount,
					received,
					opener: channel.party_a.clone(),
					record_deposit: channel.record_deposit,
				},
			);
			Self::deposit_event(Event::PayoutParked { channel_id, party, amount, reason });
		}

		/// Pays out a channel on `state` and removes it: at once and all or nothing when
		/// `cooperative`, each party on its own otherwise.
		fn finish(
			channel_id: ChannelId,
			channel: ChannelOf<T>,
			state: &ChannelState,
			micro_count: u32,
			cooperative: bool,
		) -> DispatchResult {
			let (payout_a, payout_b) = channel.funds().payouts(state, micro_count);
			let payout_a: BalanceOf<T> = payout_a.saturated_into();
			let payout_b: BalanceOf<T> = payout_b.saturated_into();
			let payments = [(Party::A, payout_a), (Party::B, payout_b)];
			if cooperative {
				Self::check_received(&channel, payments)?;
				Self::pay_out(channel_id, &channel, payments)?;
			} else {
				Self::pay_out_separately(channel_id, &channel, payments)?;
			}
			Self::remove(channel_id, &channel)?;
			Self::deposit_event(Event::Closed {
				channel_id,
				cooperative,
				nonce: state.nonce,
				payout_a,
				payout_b,
			});
			Ok(())
		}

		/// Removes an emptied channel: the record, its deposit and the account reference.
		/// A parked payout keeps the record deposit and the account until it is claimed.
		fn remove(channel_id: ChannelId, channel: &ChannelOf<T>) -> DispatchResult {
			Channels::<T>::remove(channel_id);
			if !ParkedPayouts::<T>::contains_key(channel_id) {
				Self::release_record_deposit(&channel.party_a, channel.record_deposit)?;
				Self::release_account(channel_id);
			}
			Ok(())
		}

		/// Returns a record deposit to the opener.
		fn release_record_deposit(opener: &T::AccountId, deposit: BalanceOf<T>) -> DispatchResult {
			T::Currency::release(
				&HoldReason::ChannelRecord.into(),
				opener,
				deposit,
				Precision::BestEffort,
			)?;
			Ok(())
		}

		/// Checks the pallet's invariants: each channel account holds at least what its record
		/// says (a parked payout at least its amount, never below the minimum balance), records
		/// are consistent with their status, and each opener's hold covers its records.
		#[cfg(any(feature = "try-runtime", test))]
		pub fn do_try_state() -> Result<(), polkadot_sdk::sp_runtime::TryRuntimeError> {
			use alloc::collections::BTreeMap;
			use fungibles::Inspect;
			let next_id = NextChannelId::<T>::get();
			let mut record_deposits: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
			for (channel_id, channel) in Channels::<T>::iter() {
				ensure!(channel_id < next_id, "a channel id at or beyond NextChannelId");
				ensure!(
					!ParkedPayouts::<T>::contains_key(channel_id),
					"a live channel with a parked payout"
				);
				let paid_out = channel.withdrawn_a.saturating_add(channel.withdrawn_b);
				ensure!(
					channel.deposit_a.saturating_add(channel.deposit_b) >= paid_out,
					"a channel paid out more than was deposited"
				);
				let account = Self::channel_account(channel_id);
				ensure!(
					T::Assets::balance(channel.asset.clone(), &account) >= channel.held(),
					"a channel account holds less than its record"
				);
				let joined = channel.key_b.is_some();
				let awaiting = channel.status == ChannelStatus::AwaitingCounterparty;
				ensure!(joined != awaiting, "a channel's key_b disagrees with its status");
				let total = record_deposits.entry(channel.party_a.clone()).or_default();
				*total = total.saturating_add(channel.record_deposit);
			}
			for (channel_id, parked) in ParkedPayouts::<T>::iter() {
				ensure!(channel_id < next_id, "a parked payout of a channel never opened");
				let account = Self::channel_account(channel_id);
				let minimum = T::Assets::minimum_balance(parked.asset.clone());
				ensure!(parked.amount >= minimum, "a parked payout below the minimum balance");
				ensure!(
					parked.received <= parked.amount,
					"a parked payout received more than it holds"
				);
				ensure!(
					T::Assets::balance(parked.asset.clone(), &account) >= parked.amount,
					"a channel account holds less than its parked payout"
				);
				let total = record_deposits.entry(parked.opener.clone()).or_default();
				*total = total.saturating_add(parked.record_deposit);
			}
			for (opener, owed) in record_deposits {
				let held = <T::Currency as fungible::InspectHold<T::AccountId>>::balance_on_hold(
					&HoldReason::ChannelRecord.into(),
					&opener,
				);
				ensure!(held >= owed, "an opener's hold does not cover its channel records");
			}
			Ok(())
		}

		/// Drops the channel account's provider reference once nothing is left in it.
		fn release_account(channel_id: ChannelId) {
			let account = Self::channel_account(channel_id);
			if let Err(error) = frame_system::Pallet::<T>::dec_providers(&account) {
				// Only possible if something else still references the emptied account; the
				// channel is settled either way.
				log::warn!(target: "runtime::channels", "channel {channel_id} account kept: {error:?}");
			}
		}
	}
}
