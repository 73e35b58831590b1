//! Interfaces for other pallets and precompiles. Both go through [`Pallet::do_move`], the one
//! path that moves units, so they run the same compliance check as the pallet's own calls.

use crate::{pallet::*, types::*, BalanceOf, WeightInfo};
use alloc::vec::Vec;
use mooring_primitives::compliance::TransferCheck;
use polkadot_sdk::{
	frame_support::{storage::with_storage_layer, weights::Weight},
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
	/// The pallet error a refusal of [`Self::can_transfer`] dispatches as, by name
	/// (`ReceiverNotCompliant`, `LockupActive`...): what a refused transfer reverts with.
	fn refusal_reason(refusal: &TransferRefusal<Self::Balance>) -> &'static str;
	/// The asset's name and symbol.
	fn name_and_symbol(asset: RwaAssetId) -> Option<(Vec<u8>, Vec<u8>)>;
	/// Whether transfers of the asset are halted: it, or the bond it is a leg of, is paused.
	fn is_paused(asset: RwaAssetId) -> bool;
	/// Whether `who`'s account is frozen in the asset, or in the bond it is a leg of.
	fn is_frozen(asset: RwaAssetId, who: &AccountId) -> bool;
	/// The most [`Self::transfer_checked`] weighs: the largest rule set, every claim uncached.
	fn max_transfer_weight() -> Weight;
	/// The most [`Self::transfer_from_checked`] weighs.
	fn max_transfer_from_weight() -> Weight;
	/// What [`Self::approve`] weighs.
	fn approve_weight() -> Weight;
	/// Moves units as `from`'s own transfer, after every compliance check; returns the weight
	/// it used (at most [`Self::max_transfer_weight`]).
	fn transfer_checked(
		asset: RwaAssetId,
		from: &AccountId,
		to: &AccountId,
		amount: Self::Balance,
	) -> Result<Weight, DispatchError>;
	/// Moves units for `from` within `spender`'s allowance, after every compliance check;
	/// returns the weight it used (at most [`Self::max_transfer_from_weight`]).
	fn transfer_from_checked(
		asset: RwaAssetId,
		spender: &AccountId,
		from: &AccountId,
		to: &AccountId,
		amount: Self::Balance,
	) -> Result<Weight, DispatchError>;
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

	fn refusal_reason(refusal: &TransferRefusal<BalanceOf<T>>) -> &'static str {
		Pallet::<T>::refusal_error(refusal).into()
	}

	fn name_and_symbol(asset: RwaAssetId) -> Option<(Vec<u8>, Vec<u8>)> {
		Metadata::<T>::get(asset).map(|m| (m.name.into_inner(), m.symbol.into_inner()))
	}

	fn is_paused(asset: RwaAssetId) -> bool {
		let paused = |id| Assets::<T>::get(id).is_some_and(|d| d.paused);
		let bond = Assets::<T>::get(asset).and_then(|d| d.split.parent());
		paused(asset) || bond.is_some_and(paused)
	}

	fn is_frozen(asset: RwaAssetId, who: &T::AccountId) -> bool {
		let frozen = |id| Holdings::<T>::get(id, who).is_some_and(|h| h.account_frozen);
		let bond = Assets::<T>::get(asset).and_then(|d| d.split.parent());
		frozen(asset) || bond.is_some_and(frozen)
	}

	fn max_transfer_weight() -> Weight {
		Pallet::<T>::transfer_weight(ComplianceCost::worst::<T>())
	}

	fn max_transfer_from_weight() -> Weight {
		Pallet::<T>::transfer_from_weight(ComplianceCost::worst::<T>())
	}

	fn approve_weight() -> Weight {
		T::WeightInfo::approve()
	}

	fn transfer_checked(
		asset: RwaAssetId,
		from: &T::AccountId,
		to: &T::AccountId,
		amount: BalanceOf<T>,
	) -> Result<Weight, DispatchError> {
		with_storage_layer(|| {
			Pallet::<T>::do_transfer(asset, from, to, amount).map(Pallet::<T>::transfer_weight)
		})
	}

	fn transfer_from_checked(
		asset: RwaAssetId,
		spender: &T::AccountId,
		from: &T::AccountId,
		to: &T::AccountId,
		amount: BalanceOf<T>,
	) -> Result<Weight, DispatchError> {
		with_storage_layer(|| {
			Pallet::<T>::do_transfer_from(asset, spender, from, to, amount)
				.map(Pallet::<T>::transfer_from_weight)
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
		Pallet::<T>::transfer_weight(ComplianceCost::worst::<T>())
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn make_worst_case_compliant(asset: &RwaAssetId, from: &T::AccountId, to: &T::AccountId) {
		crate::benchmark_support::make_worst_case_compliant::<T>(*asset, from, to)
	}
}
