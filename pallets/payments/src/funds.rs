//! Moving, holding and releasing funds of the native token and of assets, and deposits.

use crate::{pallet::*, types::*};
use polkadot_sdk::{
	frame_support::{
		pallet_prelude::*,
		traits::{
			fungible, fungibles,
			tokens::{
				DepositConsequence, Fortitude, Precision, Preservation, Provenance, Restriction,
			},
			UnixTime,
		},
	},
	sp_runtime::traits::{Saturating, Zero},
};

// Funds and deposits.
impl<T: Config> Pallet<T> {
	/// The current time in Unix milliseconds.
	pub fn now() -> Moment {
		T::Time::now().as_millis() as Moment
	}

	/// Returns the id a counter holds and advances it.
	pub(crate) fn bump_id(next: &mut u64) -> Result<u64, Error<T>> {
		let id = *next;
		*next = id.checked_add(1).ok_or(Error::<T>::Overflow)?;
		Ok(id)
	}

	/// The deposit for one storage item with key `K` and value `V`.
	pub fn deposit_for<K: MaxEncodedLen, V: MaxEncodedLen>() -> BalanceOf<T> {
		let bytes = (K::max_encoded_len() + V::max_encoded_len()) as u32;
		T::DepositBase::get().saturating_add(T::DepositPerByte::get().saturating_mul(bytes.into()))
	}

	pub(crate) fn hold_deposit(who: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		Self::hold_funds(&AssetKind::Native, HoldReason::StorageDeposit, who, amount)
	}

	pub(crate) fn release_deposit(who: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		Self::release_funds(&AssetKind::Native, HoldReason::StorageDeposit, who, amount)
	}

	/// Moves a held deposit to another account, where it stays on hold.
	pub(crate) fn move_deposit(
		from: &T::AccountId,
		to: &T::AccountId,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		if amount.is_zero() {
			return Ok(());
		}
		<T::Currency as fungible::MutateHold<_>>::transfer_on_hold(
			&HoldReason::StorageDeposit.into(),
			from,
			to,
			amount,
			Precision::Exact,
			Restriction::OnHold,
			Fortitude::Polite,
		)?;
		Ok(())
	}

	/// What `who` can spend of `asset`, keeping its account alive.
	pub(crate) fn spendable(asset: &AssetKindOf<T>, who: &T::AccountId) -> BalanceOf<T> {
		match asset {
			AssetKind::Native => <T::Currency as fungible::Inspect<_>>::reducible_balance(
				who,
				Preservation::Preserve,
				Fortitude::Polite,
			),
			AssetKind::Asset(id) => <T::Assets as fungibles::Inspect<_>>::reducible_balance(
				id.clone(),
				who,
				Preservation::Preserve,
				Fortitude::Polite,
			),
		}
	}

	/// Whether `who` can receive `amount` of `asset`.
	pub(crate) fn can_receive(
		asset: &AssetKindOf<T>,
		who: &T::AccountId,
		amount: BalanceOf<T>,
	) -> bool {
		let consequence = match asset {
			AssetKind::Native => {
				<T::Currency as fungible::Inspect<_>>::can_deposit(who, amount, Provenance::Extant)
			},
			AssetKind::Asset(id) => <T::Assets as fungibles::Inspect<_>>::can_deposit(
				id.clone(),
				who,
				amount,
				Provenance::Extant,
			),
		};
		consequence == DepositConsequence::Success
	}

	/// Transfers `amount` of `asset`, keeping the payer's account alive.
	pub(crate) fn transfer(
		asset: &AssetKindOf<T>,
		from: &T::AccountId,
		to: &T::AccountId,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		match asset {
			AssetKind::Native => <T::Currency as fungible::Mutate<_>>::transfer(
				from,
				to,
				amount,
				Preservation::Preserve,
			)?,
			AssetKind::Asset(id) => <T::Assets as fungibles::Mutate<_>>::transfer(
				id.clone(),
				from,
				to,
				amount,
				Preservation::Preserve,
			)?,
		};
		Ok(())
	}

	/// Puts `amount` of `who`'s `asset` on hold for `reason`.
	pub(crate) fn hold_funds(
		asset: &AssetKindOf<T>,
		reason: HoldReason,
		who: &T::AccountId,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		if amount.is_zero() {
			return Ok(());
		}
		match asset {
			AssetKind::Native => {
				<T::Currency as fungible::MutateHold<_>>::hold(&reason.into(), who, amount)
			},
			AssetKind::Asset(id) => <T::AssetHolds as fungibles::MutateHold<_>>::hold(
				id.clone(),
				&reason.into(),
				who,
				amount,
			),
		}
	}

	/// Releases exactly `amount` of `who`'s `asset` held for `reason`.
	pub(crate) fn release_funds(
		asset: &AssetKindOf<T>,
		reason: HoldReason,
		who: &T::AccountId,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		if amount.is_zero() {
			return Ok(());
		}
		match asset {
			AssetKind::Native => <T::Currency as fungible::MutateHold<_>>::release(
				&reason.into(),
				who,
				amount,
				Precision::Exact,
			)?,
			AssetKind::Asset(id) => <T::AssetHolds as fungibles::MutateHold<_>>::release(
				id.clone(),
				&reason.into(),
				who,
				amount,
				Precision::Exact,
			)?,
		};
		Ok(())
	}

	/// Pays exactly `amount` of `from`'s funds held for `reason` to `to`'s free balance.
	pub(crate) fn pay_from_hold(
		asset: &AssetKindOf<T>,
		reason: HoldReason,
		from: &T::AccountId,
		to: &T::AccountId,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		match asset {
			AssetKind::Native => <T::Currency as fungible::MutateHold<_>>::transfer_on_hold(
				&reason.into(),
				from,
				to,
				amount,
				Precision::Exact,
				Restriction::Free,
				Fortitude::Polite,
			)?,
			AssetKind::Asset(id) => <T::AssetHolds as fungibles::MutateHold<_>>::transfer_on_hold(
				id.clone(),
				&reason.into(),
				from,
				to,
				amount,
				Precision::Exact,
				Restriction::Free,
				Fortitude::Polite,
			)?,
		};
		Ok(())
	}

	/// What `who` holds of `asset` for `reason`.
	pub fn held(asset: &AssetKindOf<T>, reason: HoldReason, who: &T::AccountId) -> BalanceOf<T> {
		match asset {
			AssetKind::Native => {
				<T::Currency as fungible::InspectHold<_>>::balance_on_hold(&reason.into(), who)
			},
			AssetKind::Asset(id) => <T::AssetHolds as fungibles::InspectHold<_>>::balance_on_hold(
				id.clone(),
				&reason.into(),
				who,
			),
		}
	}
}
