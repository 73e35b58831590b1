//! Fee sponsorship: the feeless predicates, the coverage check and the budget debit.

use crate::{pallet::*, types::*};
use codec::Encode;
use polkadot_sdk::{
	frame_support::{
		pallet_prelude::*,
		traits::{
			fungible,
			tokens::{Fortitude, Precision, Restriction},
		},
		BoundedVec,
	},
	frame_system::{self, pallet_prelude::*},
	sp_runtime::traits::{Saturating, StaticLookup, Zero},
};

// Fee sponsorship.
impl<T: Config> Pallet<T> {
	/// `feeless_if` of `pay`.
	pub(crate) fn pay_is_sponsored(
		origin: &OriginFor<T>,
		to: &AccountIdLookupOf<T>,
		asset: &AssetKindOf<T>,
		amount: &BalanceOf<T>,
		memo: &Option<MemoHash>,
	) -> bool {
		let Ok(from) = ensure_signed(origin.clone()) else { return false };
		let Ok(to_account) = T::Lookup::lookup(to.clone()) else { return false };
		let call_len = Self::pay_call_len(to, asset, amount, memo);
		let weight = Self::pay_weight();
		Self::check_payment(&from, &to_account, asset, *amount).is_ok()
			&& Self::sponsorship_covers(&to_account, &from, asset, *amount, weight, call_len)
				.is_ok()
	}

	/// `feeless_if` of `pay_handle`.
	pub(crate) fn pay_handle_is_sponsored(
		origin: &OriginFor<T>,
		handle: &Handle,
		asset: &AssetKindOf<T>,
		amount: &BalanceOf<T>,
		memo: &Option<MemoHash>,
	) -> bool {
		let Ok(from) = ensure_signed(origin.clone()) else { return false };
		let Ok((_, to)) = Self::check_handle_payment(&from, handle, asset, *amount) else {
			return false;
		};
		let call_len = Self::pay_handle_call_len(handle, asset, amount, memo);
		let weight = Self::pay_handle_weight();
		Self::sponsorship_covers(&to, &from, asset, *amount, weight, call_len).is_ok()
	}

	/// `feeless_if` of `pay_invoice`.
	pub(crate) fn pay_invoice_is_sponsored(
		origin: &OriginFor<T>,
		id: &InvoiceId,
		amount: &BalanceOf<T>,
	) -> bool {
		let Ok(payer) = ensure_signed(origin.clone()) else { return false };
		let Ok(invoice) = Self::check_invoice_payment(&payer, *id, *amount) else {
			return false;
		};
		let call_len = Self::pay_invoice_call_len(id, amount);
		let weight = Self::pay_invoice_weight();
		let (holder, asset) = (&invoice.holder, &invoice.asset);
		Self::sponsorship_covers(holder, &payer, asset, *amount, weight, call_len).is_ok()
	}

	/// Encoded length of a `pay` call in the runtime call (pallet and call index included).
	pub(crate) fn pay_call_len(
		to: &AccountIdLookupOf<T>,
		asset: &AssetKindOf<T>,
		amount: &BalanceOf<T>,
		memo: &Option<MemoHash>,
	) -> u32 {
		2 + (to.encoded_size() + asset.encoded_size() + amount.encoded_size() + memo.encoded_size())
			as u32
	}

	/// Encoded length of a `pay_handle` call.
	pub(crate) fn pay_handle_call_len(
		handle: &Handle,
		asset: &AssetKindOf<T>,
		amount: &BalanceOf<T>,
		memo: &Option<MemoHash>,
	) -> u32 {
		2 + (handle.encoded_size()
			+ asset.encoded_size()
			+ amount.encoded_size()
			+ memo.encoded_size()) as u32
	}

	/// Encoded length of a `pay_invoice` call.
	pub(crate) fn pay_invoice_call_len(id: &InvoiceId, amount: &BalanceOf<T>) -> u32 {
		2 + (id.encoded_size() + amount.encoded_size()) as u32
	}

	/// The fee `sponsor` pays for `payer`'s payment of `amount` of `asset`, if its
	/// sponsorship covers it now: sponsored asset and minimum amount, per-payment fee cap,
	/// budget, the merchant's per-block limit, one sponsored payment per payer per block,
	/// the block-wide limit, and a fee destination that can receive the fee.
	pub fn sponsorship_covers(
		sponsor: &T::AccountId,
		payer: &T::AccountId,
		asset: &AssetKindOf<T>,
		amount: BalanceOf<T>,
		call_weight: Weight,
		call_len: u32,
	) -> Result<BalanceOf<T>, Error<T>> {
		let sponsorship = Sponsorships::<T>::get(sponsor).ok_or(Error::<T>::NoSponsorship)?;
		let terms = &sponsorship.terms;
		ensure!(&terms.asset == asset, Error::<T>::AssetNotSponsored);
		ensure!(amount >= terms.min_amount, Error::<T>::BelowSponsoredMinimum);
		let fee = T::FeeOracle::fee(call_weight, call_len);
		ensure!(fee <= terms.max_fee_per_payment, Error::<T>::FeeAboveSponsorLimit);
		ensure!(fee <= sponsorship.budget, Error::<T>::SponsorBudgetExhausted);
		let block = frame_system::Pallet::<T>::block_number();
		let used = if sponsorship.block == block { sponsorship.used_in_block } else { 0 };
		ensure!(used < terms.max_payments_per_block, Error::<T>::SponsorRateLimited);
		if let Some(sponsored) = SponsoredPayers::<T>::get().filter(|s| s.block == block) {
			ensure!(!sponsored.payers.contains(payer), Error::<T>::PayerRateLimited);
			ensure!(
				(sponsored.payers.len() as u32) < T::MaxSponsoredPerBlock::get(),
				Error::<T>::SponsoredBlockFull
			);
		}
		ensure!(
			fee.is_zero() || Self::can_receive(&AssetKind::Native, &T::FeeDestination::get(), fee),
			Error::<T>::FeeDestinationCannotReceive
		);
		Ok(fee)
	}

	/// At dispatch of a sponsorable call, the fee the sponsor owes: `None` if the signer
	/// paid its fee (a normal transaction, or the call is nested in a call the signer paid
	/// for) or the sponsorship does not cover the call. When the fee was skipped, the
	/// feeless predicate has just found the sponsorship covering it in this very state.
	pub(crate) fn sponsored_fee(
		sponsor: &T::AccountId,
		payer: &T::AccountId,
		asset: &AssetKindOf<T>,
		amount: BalanceOf<T>,
		call_weight: Weight,
		call_len: u32,
	) -> Option<BalanceOf<T>> {
		if T::FeeOracle::signer_was_charged() {
			return None;
		}
		Self::sponsorship_covers(sponsor, payer, asset, amount, call_weight, call_len).ok()
	}

	/// Pays a sponsored fee from the sponsor's budget and counts it against the limits.
	pub(crate) fn charge_sponsor(
		sponsor: &T::AccountId,
		payer: &T::AccountId,
		fee: Option<BalanceOf<T>>,
	) -> DispatchResult {
		let Some(fee) = fee else { return Ok(()) };
		let mut sponsorship = Sponsorships::<T>::get(sponsor).ok_or(Error::<T>::NoSponsorship)?;
		if !fee.is_zero() {
			<T::Currency as fungible::MutateHold<_>>::transfer_on_hold(
				&HoldReason::SponsorBudget.into(),
				sponsor,
				&T::FeeDestination::get(),
				fee,
				Precision::Exact,
				Restriction::Free,
				Fortitude::Polite,
			)?;
		}
		let block = frame_system::Pallet::<T>::block_number();
		if sponsorship.block != block {
			sponsorship.block = block;
			sponsorship.used_in_block = 0;
		}
		sponsorship.used_in_block = sponsorship.used_in_block.saturating_add(1);
		sponsorship.budget = sponsorship.budget.saturating_sub(fee);
		Sponsorships::<T>::insert(sponsor, sponsorship);
		let mut sponsored = SponsoredPayers::<T>::get()
			.filter(|s| s.block == block)
			.unwrap_or(SponsoredBlock { block, payers: BoundedVec::new() });
		sponsored.payers.try_push(payer.clone()).map_err(|_| Error::<T>::SponsoredBlockFull)?;
		SponsoredPayers::<T>::put(sponsored);
		Self::deposit_event(Event::FeeSponsored {
			sponsor: sponsor.clone(),
			payer: payer.clone(),
			fee,
		});
		Ok(())
	}
}
