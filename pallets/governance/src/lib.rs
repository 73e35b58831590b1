//! # Governance pallet
//!
//! The root-only actions the Mooring council takes instead of a root key (docs/security.md,
//! "Governance and emergency brakes"). Mooring has no `Sudo` and no other way to the root origin:
//! every privileged call of a pallet answers to [`Config::CouncilOrigin`] (in the runtime, three
//! quarters of the council), and this pallet gives that origin the two root-only actions a live
//! network needs:
//!
//! - [`Pallet::authorize_upgrade`]: `frame_system`'s upgrade authorization, with its version
//!   check. Anyone may then submit the code with `System.apply_authorized_upgrade`, which pays no
//!   fee when it matches, so the upgrade never needs a second motion carrying megabytes of wasm.
//! - [`Pallet::rotate_sequencer_keys`]: replaces the sequencer's Aura key (from the next block
//!   on) and schedules its GRANDPA key (from the block that rotates, once it is finalized),
//!   without stopping the chain. The sequencer must hold both new keys in its keystore before
//!   the motion closes, or block production stops until it does (docs/chain-operator.md). The
//!   GRANDPA set id goes up by one, as the client's does.
//!
//! Mooring runs one sequencer, so a rotation sets exactly one authority in each set.
//!
//! [`MotionSlot`] is the council's `pallet_collective::Config::Consideration`: each member may
//! hold at most [`Config::MaxOpenMotionsPerMember`] motion tickets (a ticket is released with
//! `Council.release_proposal_cost` once its motion is closed), so one compromised member cannot
//! fill every proposal slot and stall governance.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod weights;

use polkadot_sdk::{frame_support, frame_system, pallet_aura, pallet_grandpa, sp_runtime};

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use crate::weights::WeightInfo as _;
	use alloc::vec;
	use frame_support::{pallet_prelude::*, BoundedVec};
	use frame_system::pallet_prelude::*;
	use frame_system::WeightInfo as _;
	use polkadot_sdk::sp_runtime::traits::Zero;

	/// The sequencer's block-authoring key.
	pub type AuraIdOf<T> = <T as pallet_aura::Config>::AuthorityId;
	/// The sequencer's finality key.
	pub type GrandpaId = polkadot_sdk::sp_consensus_grandpa::AuthorityId;

	/// The in-code storage version: the layout every network starts with. A change of layout
	/// after a network launched bumps it and ships a migration (docs/chain-operator.md).
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config:
		polkadot_sdk::frame_system::Config<RuntimeEvent: From<Event<Self>>>
		+ pallet_aura::Config
		+ pallet_grandpa::Config
	{
		/// Who may authorize upgrades and rotate keys: the council, at its highest threshold.
		type CouncilOrigin: EnsureOrigin<Self::RuntimeOrigin>;
		/// Weights of this pallet's calls.
		type WeightInfo: crate::weights::WeightInfo;
		/// Most motion tickets one member may hold at once (see [`MotionSlot`]).
		#[pallet::constant]
		type MaxOpenMotionsPerMember: Get<u32>;
	}

	/// Motion tickets each council member holds: motions it proposed whose ticket was not yet
	/// released.
	#[pallet::storage]
	pub type OpenMotions<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, u32, ValueQuery>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// The sequencer authors with `aura` from the next block on and finalizes with `grandpa`
		/// once this block is finalized.
		SequencerKeysRotated { aura: AuraIdOf<T>, grandpa: GrandpaId },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// This block already schedules a GRANDPA authority change (a rotation takes effect at
		/// the end of its block): rotate again in a later block.
		RotationPending,
		/// The new keys are the current ones.
		SameKeys,
		/// The member already holds `MaxOpenMotionsPerMember` motion tickets: close its motions
		/// and release their tickets (`Council.release_proposal_cost`) first.
		TooManyOpenMotions,
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
		/// Checks that no member holds more than `MaxOpenMotionsPerMember` tickets, and that
		/// no zero count is stored.
		#[cfg(any(feature = "try-runtime", test))]
		pub fn do_try_state() -> Result<(), polkadot_sdk::sp_runtime::TryRuntimeError> {
			for (_, open) in OpenMotions::<T>::iter() {
				ensure!(open > 0, "a zero ticket count is stored");
				ensure!(
					open <= T::MaxOpenMotionsPerMember::get(),
					"a member holds too many tickets"
				);
			}
			Ok(())
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Authorizes the runtime whose code hashes to `code_hash` (BLAKE2b-256); its
		/// `spec_version` must be higher than the current one when it is applied. Anyone then
		/// applies it with `System.apply_authorized_upgrade(code)`.
		#[pallet::call_index(0)]
		#[pallet::weight((
			<T as frame_system::Config>::SystemWeightInfo::authorize_upgrade(),
			DispatchClass::Operational,
		))]
		pub fn authorize_upgrade(origin: OriginFor<T>, code_hash: T::Hash) -> DispatchResult {
			T::CouncilOrigin::ensure_origin(origin)?;
			frame_system::Pallet::<T>::do_authorize_upgrade(code_hash, true);
			Ok(())
		}

		/// Makes `aura` the sequencer's authoring key from the next block on and schedules
		/// `grandpa` as its finality key from this block on, applied when this block is
		/// finalized. Refused if this block already schedules a GRANDPA change. The sequencer
		/// must keep every key it was given until the block that replaced it is finalized.
		#[pallet::call_index(1)]
		#[pallet::weight((<T as Config>::WeightInfo::rotate_sequencer_keys(), DispatchClass::Operational))]
		pub fn rotate_sequencer_keys(
			origin: OriginFor<T>,
			aura: AuraIdOf<T>,
			grandpa: GrandpaId,
		) -> DispatchResult {
			T::CouncilOrigin::ensure_origin(origin)?;
			ensure!(
				pallet_grandpa::Pallet::<T>::pending_change().is_none(),
				Error::<T>::RotationPending
			);
			let same_aura = pallet_aura::Authorities::<T>::get().as_slice() == [aura.clone()];
			let same_grandpa = pallet_grandpa::Pallet::<T>::grandpa_authorities()
				.iter()
				.map(|(key, _)| key)
				.eq([&grandpa]);
			ensure!(!(same_aura && same_grandpa), Error::<T>::SameKeys);
			pallet_grandpa::Pallet::<T>::schedule_change(
				vec![(grandpa.clone(), 1)],
				Zero::zero(),
				None,
			)?;
			// The set the client switches to has the next id; keep the runtime's count in step,
			// as pallet-grandpa's own session handler does.
			pallet_grandpa::CurrentSetId::<T>::mutate(|set_id| *set_id += 1);
			let authorities = BoundedVec::truncate_from(vec![aura.clone()]);
			pallet_aura::Pallet::<T>::change_authorities(authorities);
			Self::deposit_event(Event::SequencerKeysRotated { aura, grandpa });
			Ok(())
		}
	}
}

/// A council member's ticket for one open motion (pallet-collective's `Consideration`): at most
/// `MaxOpenMotionsPerMember` per member, counted in [`OpenMotions`]; no funds are held.
#[derive(
	frame_support::CloneNoBound,
	frame_support::PartialEqNoBound,
	frame_support::EqNoBound,
	frame_support::DebugNoBound,
	codec::Encode,
	codec::Decode,
	codec::DecodeWithMemTracking,
	codec::MaxEncodedLen,
	scale_info::TypeInfo,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound())]
pub struct MotionSlot<T>(core::marker::PhantomData<fn() -> T>);

impl<T: Config> frame_support::traits::Consideration<T::AccountId, u32> for MotionSlot<T> {
	fn new(who: &T::AccountId, _open_motions: u32) -> Result<Self, sp_runtime::DispatchError> {
		OpenMotions::<T>::try_mutate(who, |open| {
			frame_support::ensure!(
				*open < <T::MaxOpenMotionsPerMember as frame_support::traits::Get<u32>>::get(),
				Error::<T>::TooManyOpenMotions
			);
			*open += 1;
			Ok(Self(Default::default()))
		})
	}

	fn update(
		self,
		_who: &T::AccountId,
		_open_motions: u32,
	) -> Result<Self, sp_runtime::DispatchError> {
		Ok(self)
	}

	fn drop(self, who: &T::AccountId) -> Result<(), sp_runtime::DispatchError> {
		OpenMotions::<T>::mutate_exists(who, |open| {
			*open = open.map(|n| n.saturating_sub(1)).filter(|n| *n > 0);
		});
		Ok(())
	}

	fn burn(self, who: &T::AccountId) {
		let _ = frame_support::traits::Consideration::drop(self, who);
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn ensure_successful(who: &T::AccountId, _open_motions: u32) {
		OpenMotions::<T>::remove(who);
	}
}

impl<T: Config> frame_support::traits::MaybeConsideration<T::AccountId, u32> for MotionSlot<T> {
	fn is_none(&self) -> bool {
		false
	}
}
