//! Read-only checks shared by dispatch, the feeless predicates and the runtime API: handles,
//! payment preconditions and the compliance check every payment path goes through.

use crate::{pallet::*, types::*};
use mooring_primitives::{
	compliance::TransferCheck,
	identity::{ClaimSubject, ClaimVerifier, IssuerPolicy},
};
use polkadot_sdk::frame_support::{
	pallet_prelude::*,
	traits::{fungible, fungibles},
};

/// Channel settlements (`pallets/channels`) run the same compliance check as payments.
impl<T: Config> TransferCheck<T::AccountId, fungible::NativeOrWithId<AssetIdOf<T>>, BalanceOf<T>>
	for Pallet<T>
where
	AssetIdOf<T>: Ord,
{
	fn check_transfer(
		asset: &fungible::NativeOrWithId<AssetIdOf<T>>,
		from: &T::AccountId,
		to: &T::AccountId,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		Self::ensure_transfer_allowed(&asset.clone().into(), from, to, amount)
	}

	/// The payer-requirement read, then the claim lookup and the regulated-asset check at
	/// their worst (uncached) cost, plus a margin for the code around them.
	fn check_weight() -> Weight {
		Weight::from_parts(25_000_000, 6_000)
			.saturating_add(T::DbWeight::get().reads(2))
			.saturating_add(Pallet::<T>::unmeasured_checks(1))
	}
}

// Handles.
impl<T: Config> Pallet<T> {
	/// The canonical form of `raw`, or the rule it breaks.
	pub(crate) fn parse_handle(raw: &[u8]) -> Result<Handle, Error<T>> {
		canonical_handle(raw).map_err(Error::<T>::from)
	}

	/// The record of `handle` if `who` owns it.
	pub(crate) fn owned_handle(
		handle: &Handle,
		who: &T::AccountId,
	) -> Result<HandleRecordOf<T>, Error<T>> {
		let record = Handles::<T>::get(handle).ok_or(Error::<T>::UnknownHandle)?;
		ensure!(record.owner == *who, Error::<T>::NotHandleOwner);
		Ok(record)
	}

	/// Checks a preferences update: known assets, no duplicates, coherent flags.
	pub(crate) fn validate_preferences(preferences: &PreferencesOf<T>) -> DispatchResult {
		ensure!(
			!preferences.only_preferred || preferences.preferred.is_some(),
			Error::<T>::NoPreferredAsset
		);
		if let Some(preferred) = &preferences.preferred {
			Self::ensure_asset_exists(preferred)?;
			ensure!(!preferences.refused.contains(preferred), Error::<T>::PreferredAssetRefused);
		}
		for (index, asset) in preferences.refused.iter().enumerate() {
			ensure!(!preferences.refused[..index].contains(asset), Error::<T>::DuplicateAsset);
		}
		Ok(())
	}

	/// Resolves a handle for the runtime API.
	pub fn resolve_handle(
		raw: &[u8],
	) -> Result<HandleResolution<T::AccountId, AssetIdOf<T>>, ResolveError> {
		let handle = canonical_handle(raw).map_err(ResolveError::Malformed)?;
		let record = Handles::<T>::get(&handle).ok_or(ResolveError::Unknown)?;
		Ok(HandleResolution {
			did: T::ClaimVerifier::did_of(&record.owner),
			payer_requirement: PayerRequirements::<T>::get(&record.owner).map(|r| r.schema),
			reserved: ReservedHandles::<T>::contains_key(&handle),
			handle: handle.into_inner(),
			owner: record.owner,
			preferred: record.preferences.preferred,
			only_preferred: record.preferences.only_preferred,
			refused: record.preferences.refused.into_inner(),
		})
	}
}

// Payment checks shared by dispatch and the feeless predicates.
impl<T: Config> Pallet<T> {
	/// Checks a payment of `amount` from `from` to `to` without changing anything:
	/// non-zero, not to self, known asset, compliance, and that the funds can move.
	pub(crate) fn check_payment(
		from: &T::AccountId,
		to: &T::AccountId,
		asset: &AssetKindOf<T>,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		ensure!(from != to, Error::<T>::SelfPayment);
		Self::ensure_payable_to(from, to, asset, amount)?;
		ensure!(Self::can_receive(asset, to, amount), Error::<T>::CannotReceive);
		Ok(())
	}

	/// Non-zero amount of a known asset that `from` can spend and compliance allows.
	pub(crate) fn ensure_payable_to(
		from: &T::AccountId,
		to: &T::AccountId,
		asset: &AssetKindOf<T>,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		Self::ensure_asset_exists(asset)?;
		ensure!(Self::spendable(asset, from) >= amount, Error::<T>::InsufficientBalance);
		Self::ensure_transfer_allowed(asset, from, to, amount)
	}

	/// Checks a payment to a handle; returns the canonical handle and its owner.
	pub(crate) fn check_handle_payment(
		from: &T::AccountId,
		handle: &[u8],
		asset: &AssetKindOf<T>,
		amount: BalanceOf<T>,
	) -> Result<(Handle, T::AccountId), DispatchError> {
		let handle = Self::parse_handle(handle)?;
		let record = Handles::<T>::get(&handle).ok_or(Error::<T>::UnknownHandle)?;
		ensure!(record.preferences.accepts(asset), Error::<T>::AssetRefused);
		Self::check_payment(from, &record.owner, asset, amount)?;
		Ok((handle, record.owner))
	}

	/// Checks an invoice payment; returns the invoice.
	pub(crate) fn check_invoice_payment(
		payer: &T::AccountId,
		id: InvoiceId,
		amount: BalanceOf<T>,
	) -> Result<InvoiceOf<T>, DispatchError> {
		let invoice = Invoices::<T>::get(id).ok_or(Error::<T>::UnknownInvoice)?;
		Self::ensure_invoice_payable(&invoice)?;
		ensure!(invoice.payer.as_ref().map_or(true, |p| p == payer), Error::<T>::NotInvoicePayer);
		ensure!(amount == invoice.amount, Error::<T>::WrongAmount);
		Self::check_payment(payer, &invoice.holder, &invoice.asset, amount)?;
		Ok(invoice)
	}

	/// Open and not past due.
	pub(crate) fn ensure_invoice_payable(invoice: &InvoiceOf<T>) -> DispatchResult {
		match invoice.status(Self::now()) {
			InvoiceStatus::Open => Ok(()),
			InvoiceStatus::Expired => Err(Error::<T>::InvoiceExpired.into()),
			InvoiceStatus::Paid | InvoiceStatus::Cancelled => {
				Err(Error::<T>::InvoiceNotOpen.into())
			},
		}
	}

	/// The compliance check every transfer to a receiver goes through: the regulated-asset
	/// check, then the receiver's payer requirement.
	pub fn ensure_transfer_allowed(
		asset: &AssetKindOf<T>,
		from: &T::AccountId,
		to: &T::AccountId,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		if let AssetKind::Asset(id) = asset {
			T::AssetCompliance::check_transfer(id, from, to, amount)?;
		}
		if let Some(requirement) = PayerRequirements::<T>::get(to) {
			let subject = ClaimSubject::Account(from.clone());
			let claim = T::ClaimVerifier::valid_claim(
				&subject,
				&requirement.schema,
				IssuerPolicy::SchemaDefault,
				Self::now(),
			);
			ensure!(claim.is_some(), Error::<T>::PayerLacksRequiredClaim);
		}
		Ok(())
	}

	/// Whether the asset exists (the native token always does).
	pub(crate) fn ensure_asset_exists(asset: &AssetKindOf<T>) -> DispatchResult {
		if let AssetKind::Asset(id) = asset {
			ensure!(
				<T::Assets as fungibles::Inspect<_>>::asset_exists(id.clone()),
				Error::<T>::UnknownAsset
			);
		}
		Ok(())
	}
}
