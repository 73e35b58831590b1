//! Interfaces for other pallets and precompiles. Both go through [`Pallet::do_move`], the one
//! path that moves units, so they run the same compliance check as the pallet's own calls.

use crate::{pallet::*, types::*, BalanceOf, WeightInfo};
use mooring_primitives::compliance::TransferCheck;
use polkadot_sdk::{
	frame_support::{pallet_prelude::Get, storage::with_storage_layer, weights::Weight},
	sp_runtime::{DispatchError, DispatchResult},
};

/// RWA token operations for other pallets and an ERC-20 precompile (`balanceOf`,
/// `totalSupply`, `decimals`, `allowance`, `transfer`, `transferFrom`, `approve`). Every
/// movement runs the full compliance check of a holder's transfer; failures change nothing.
pub trait RwaTransfer<AccountId> {
	/// Units of the asset.
	type Balance;

	/// Whether the asset exists.
	fn exists(asset: RwaAssetId) -> bool;
	/// Decimal places of one whole unit.
	fn decimals(asset: RwaAssetId) -> Option<u8>;
	/// Units in existence.
	fn total_supply(asset: RwaAssetId) -> Self::Balance;
	/// Units `who` holds.
	fn balance_of(asset: RwaAssetId, who: &AccountId) -> Self::Balance;
	/// Units `spender` may still move for `owner`.
	fn allowance(asset: RwaAssetId, owner: &AccountId, spender: &AccountId) -> Self::Balance;
	/// ERC-1400 status of a transfer, with the failing rule (read-only).
	fn can_transfer(
		asset: RwaAssetId,
		from: &AccountId,
		to: &AccountId,
		amount: Self::Balance,
	) -> TransferStatus<Self::Balance>;
	/// Moves units as `from`'s own transfer, after every compliance check.
	fn transfer_checked(
		asset: RwaAssetId,
		from: &AccountId,
		to: &AccountId,
		amount: Self::Balance,
	) -> DispatchResult;
	/// Moves units for `from` within `spender`'s allowance, after every compliance check.
	fn transfer_from_checked(
		asset: RwaAssetId,
		spender: &AccountId,
		from: &AccountId,
		to: &AccountId,
		amount: Self::Balance,
	) -> DispatchResult;
	/// Sets `spender`'s allowance for `owner` (holds a deposit from `owner` while non-zero).
	fn approve(
		asset: RwaAssetId,
		owner: &AccountId,
		spender: &AccountId,
		amount: Self::Balance,
	) -> DispatchResult;
}

impl<T: Config> RwaTransfer<T::AccountId> for Pallet<T> {
	type Balance = BalanceOf<T>;

	fn exists(asset: RwaAssetId) -> bool {
		Assets::<T>::contains_key(asset)
	}

	fn decimals(asset: RwaAssetId) -> Option<u8> {
		Assets::<T>::get(asset).map(|d| d.decimals)
	}

	fn total_supply(asset: RwaAssetId) -> BalanceOf<T> {
		Assets::<T>::get(asset).map(|d| d.supply).unwrap_or_default()
	}

	fn balance_of(asset: RwaAssetId, who: &T::AccountId) -> BalanceOf<T> {
		Holdings::<T>::get(asset, who).map(|h| h.balance).unwrap_or_default()
	}

	fn allowance(asset: RwaAssetId, owner: &T::AccountId, spender: &T::AccountId) -> BalanceOf<T> {
		Approvals::<T>::get((asset, owner, spender)).map(|a| a.0).unwrap_or_default()
	}

	fn can_transfer(
		asset: RwaAssetId,
		from: &T::AccountId,
		to: &T::AccountId,
		amount: BalanceOf<T>,
	) -> TransferStatus<BalanceOf<T>> {
		Pallet::<T>::can_transfer(asset, from, to, amount)
	}

	fn transfer_checked(
		asset: RwaAssetId,
		from: &T::AccountId,
		to: &T::AccountId,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		with_storage_layer(|| Pallet::<T>::do_transfer(asset, from, to, amount).map(|_| ()))
	}

	fn transfer_from_checked(
		asset: RwaAssetId,
		spender: &T::AccountId,
		from: &T::AccountId,
		to: &T::AccountId,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		with_storage_layer(|| {
			Pallet::<T>::do_transfer_from(asset, spender, from, to, amount).map(|_| ())
		})
	}

	fn approve(
		asset: RwaAssetId,
		owner: &T::AccountId,
		spender: &T::AccountId,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		with_storage_layer(|| Pallet::<T>::do_approve(asset, owner, spender, amount))
	}
}

/// The check `pallet-payments` runs before it moves an RWA asset: `Ok` if the transfer would
/// pass every rule of the asset's issuer, else the refusal as a dispatch error.
impl<T: Config> TransferCheck<T::AccountId, RwaAssetId, BalanceOf<T>> for Pallet<T> {
	fn check_transfer(
		asset: &RwaAssetId,
		from: &T::AccountId,
		to: &T::AccountId,
		amount: BalanceOf<T>,
	) -> Result<(), DispatchError> {
		match Pallet::<T>::can_transfer(*asset, from, to, amount).refusal {
			None => Ok(()),
			Some(refusal) => Err(Pallet::<T>::refusal_error(&refusal).into()),
		}
	}

	/// A holder's transfer under the largest rule set, every claim lookup uncached.
	fn check_weight() -> Weight {
		let conditions = T::MaxConditions::get();
		T::WeightInfo::transfer(T::MaxRequirements::get(), conditions)
			.saturating_add(Pallet::<T>::unmeasured_compliance(1, conditions))
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn make_worst_case_compliant(asset: &RwaAssetId, from: &T::AccountId, to: &T::AccountId) {
		crate::benchmark_support::make_worst_case_compliant::<T>(*asset, from, to)
	}
}
