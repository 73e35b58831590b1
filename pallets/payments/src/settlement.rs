//! Paying out escrows and streams, and the escrow/stream/invoice queries.

use crate::{pallet::*, types::*};
use polkadot_sdk::{frame_support::pallet_prelude::*, sp_runtime::traits::Zero};

// Escrow and stream settlement.
impl<T: Config> Pallet<T> {
	/// Pays the whole escrow to the payee, after the compliance check.
	pub(crate) fn settle_escrow(
		id: EscrowId,
		escrow: EscrowOf<T>,
		after_timeout: bool,
	) -> DispatchResult {
		let amount = escrow.amount;
		Self::ensure_transfer_allowed(&escrow.asset, &escrow.payer, &escrow.payee, amount)?;
		Self::close_escrow(id, escrow, amount, Zero::zero())?;
		Self::deposit_event(Event::EscrowReleased { id, amount, after_timeout });
		Ok(())
	}

	/// Pays `to_payee` from the held funds, releases `to_payer` back to the payer, returns
	/// the deposit and removes the escrow. Callers run the compliance check first.
	pub(crate) fn close_escrow(
		id: EscrowId,
		escrow: EscrowOf<T>,
		to_payee: BalanceOf<T>,
		to_payer: BalanceOf<T>,
	) -> DispatchResult {
		if !to_payee.is_zero() {
			Self::pay_from_hold(
				&escrow.asset,
				HoldReason::Escrow,
				&escrow.payer,
				&escrow.payee,
				to_payee,
			)?;
		}
		Self::release_funds(&escrow.asset, HoldReason::Escrow, &escrow.payer, to_payer)?;
		Self::release_deposit(&escrow.payer, escrow.deposit)?;
		Escrows::<T>::remove(id);
		Ok(())
	}

	/// Pays `amount` of a stream's held funds to its recipient, after the compliance check.
	pub(crate) fn pay_stream_share(stream: &StreamOf<T>, amount: BalanceOf<T>) -> DispatchResult {
		Self::ensure_transfer_allowed(&stream.asset, &stream.sender, &stream.recipient, amount)?;
		Self::pay_from_hold(
			&stream.asset,
			HoldReason::Stream,
			&stream.sender,
			&stream.recipient,
			amount,
		)
	}

	/// Ends a stream's schedule at `now` with `accrued` as its total: from then on
	/// everything has accrued and nothing more will.
	pub(crate) fn truncate_stream(stream: &mut StreamOf<T>, accrued: BalanceOf<T>, now: Moment) {
		stream.total = accrued;
		stream.accrued_at_rate_start = accrued;
		stream.stop = stream.stop.min(now);
		stream.start = stream.start.min(stream.stop);
		stream.cliff = stream.cliff.min(stream.stop);
		stream.rate_start = stream.stop;
	}

	/// Removes a finished stream (returning its deposit), or stores it.
	pub(crate) fn store_or_finish_stream(
		id: StreamId,
		stream: StreamOf<T>,
		now: Moment,
	) -> DispatchResult {
		if stream.is_finished(now) {
			Self::release_deposit(&stream.sender, stream.deposit)?;
			Streams::<T>::remove(id);
			Self::deposit_event(Event::StreamFinished { id });
		} else {
			Streams::<T>::insert(id, stream);
		}
		Ok(())
	}

	/// What the recipient of stream `id` can withdraw now.
	pub fn stream_withdrawable(id: StreamId) -> Option<BalanceOf<T>> {
		Streams::<T>::get(id).map(|stream| stream.withdrawable(Self::now()))
	}

	/// Invoice `id` with its status now.
	pub fn invoice_view(
		id: InvoiceId,
	) -> Option<InvoiceView<T::AccountId, AssetIdOf<T>, BalanceOf<T>>> {
		Invoices::<T>::get(id).map(|invoice| {
			let status = invoice.status(Self::now());
			InvoiceView { invoice, status }
		})
	}
}
