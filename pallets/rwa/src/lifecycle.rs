//! Checkpoints, distributions, redemption at maturity and the principal/yield split.
//!
//! Payments (coupons, dividends, redemption proceeds) are held in a pot account per
//! distribution (per asset for a redemption) derived from the pallet id. A pot is funded with
//! the amount plus the payment asset's minimum balance (the "float"), so paying out with
//! `Preservation::Preserve` never kills the pot and never loses dust to the existential-deposit
//! rules; the float and whatever is left are swept back to the funder when the distribution is
//! reclaimed or the redemption closed. Shares are rounded down; the rounding dust stays in the
//! pot and goes back to the funder with the unclaimed remainder.

use crate::{
	pallet::*, types::*, AssetDetailsOf, AssetMetadataOf, BalanceOf, DistributionOf, PaymentAssetOf,
};
use codec::MaxEncodedLen;
use polkadot_sdk::{
	frame_support::{
		ensure,
		pallet_prelude::DispatchError,
		storage::with_storage_layer,
		traits::{
			fungible::{self, MutateHold},
			fungibles,
			tokens::Preservation,
			Get,
		},
		BoundedVec,
	},
	sp_runtime::{
		helpers_128bit::multiply_by_rational_with_rounding,
		traits::{
			AccountIdConversion, CheckedAdd, CheckedSub, SaturatedConversion, Saturating, Zero,
		},
		DispatchResult, Rounding,
	},
};

impl<T: Config> Pallet<T> {
	/// The pot paying distribution `id`.
	pub fn distribution_pot(id: DistributionId) -> T::AccountId {
		T::PalletId::get().into_sub_account_truncating((b"dist", id))
	}

	/// The pot paying the redemption of `asset`.
	pub fn redemption_pot(asset: RwaAssetId) -> T::AccountId {
		T::PalletId::get().into_sub_account_truncating((b"redm", asset))
	}

	/// Moves `amount` of a payment asset.
	pub(crate) fn pay(
		payment: &PaymentAssetOf<T>,
		from: &T::AccountId,
		to: &T::AccountId,
		amount: BalanceOf<T>,
		preservation: Preservation,
	) -> DispatchResult {
		if amount.is_zero() {
			return Ok(());
		}
		match payment {
			PaymentAsset::Native => {
				<T::Currency as fungible::Mutate<_>>::transfer(from, to, amount, preservation)
			},
			PaymentAsset::Asset(id) => <T::PaymentAssets as fungibles::Mutate<_>>::transfer(
				*id,
				from,
				to,
				amount,
				preservation,
			),
		}
		.map(|_| ())
	}

	/// The minimum balance of a payment asset (the pot float).
	pub fn payment_min_balance(payment: &PaymentAssetOf<T>) -> BalanceOf<T> {
		match payment {
			PaymentAsset::Native => <T::Currency as fungible::Inspect<_>>::minimum_balance(),
			PaymentAsset::Asset(id) => {
				<T::PaymentAssets as fungibles::Inspect<_>>::minimum_balance(*id)
			},
		}
	}

	/// What `who` holds of a payment asset.
	pub fn payment_balance(payment: &PaymentAssetOf<T>, who: &T::AccountId) -> BalanceOf<T> {
		match payment {
			PaymentAsset::Native => <T::Currency as fungible::Inspect<_>>::balance(who),
			PaymentAsset::Asset(id) => {
				<T::PaymentAssets as fungibles::Inspect<_>>::balance(*id, who)
			},
		}
	}

	/// Opens a pot and funds it with `amount` plus the float from `funder`.
	fn fund_pot(
		payment: &PaymentAssetOf<T>,
		funder: &T::AccountId,
		pot: &T::AccountId,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		let float = Self::payment_min_balance(payment);
		let total = amount.checked_add(&float).ok_or(Error::<T>::Overflow)?;
		Self::open_pot(pot);
		Self::pay(payment, funder, pot, total, Preservation::Preserve)
	}

	/// Sends everything in a pot to `to` and closes it; returns the amount sent.
	fn sweep_pot(
		payment: &PaymentAssetOf<T>,
		pot: &T::AccountId,
		to: &T::AccountId,
	) -> Result<BalanceOf<T>, DispatchError> {
		let all = Self::payment_balance(payment, pot);
		Self::pay(payment, pot, to, all, Preservation::Expendable)?;
		Self::close_pot(pot);
		Ok(all)
	}

	/// Takes a checkpoint of `asset` (and of its yield asset if it is a split bond). O(1).
	pub(crate) fn take_checkpoint(
		asset: RwaAssetId,
		details: &mut AssetDetailsOf<T>,
	) -> Result<CheckpointId, DispatchError> {
		let now = Self::now();
		let yield_checkpoint = match details.split {
			SplitRole::Parent { yield_asset, .. } => {
				let mut leg = Assets::<T>::get(yield_asset).ok_or(Error::<T>::UnknownAsset)?;
				let id = Self::record_checkpoint(yield_asset, &mut leg, now, None)?;
				Assets::<T>::insert(yield_asset, leg);
				Some(id)
			},
			_ => None,
		};
		let id = Self::record_checkpoint(asset, details, now, yield_checkpoint)?;
		Assets::<T>::insert(asset, details.clone());
		Ok(id)
	}

	/// Stores a checkpoint record and emits `CheckpointCreated`.
	fn record_checkpoint(
		asset: RwaAssetId,
		details: &mut AssetDetailsOf<T>,
		now: Moment,
		yield_checkpoint: Option<CheckpointId>,
	) -> Result<CheckpointId, DispatchError> {
		let id = details.checkpoints;
		details.checkpoints = id.checked_add(1).ok_or(Error::<T>::Overflow)?;
		let supply = details.supply;
		Checkpoints::<T>::insert(asset, id, CheckpointInfo { at: now, supply, yield_checkpoint });
		Self::deposit_event(Event::CheckpointCreated { asset, checkpoint: id, supply, at: now });
		Ok(id)
	}

	/// Creates and funds a distribution.
	#[allow(clippy::too_many_arguments)]
	pub(crate) fn do_create_distribution(
		funder: T::AccountId,
		asset: RwaAssetId,
		mut details: AssetDetailsOf<T>,
		checkpoint: Option<CheckpointId>,
		payment: PaymentAssetOf<T>,
		amount: BalanceOf<T>,
		expires_at: Moment,
	) -> DispatchResult {
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		let now = Self::now();
		ensure!(expires_at > now, Error::<T>::TimeInPast);
		ensure!(!Redemptions::<T>::contains_key(asset), Error::<T>::RedemptionOpen);
		if matches!(details.split, SplitRole::Parent { .. }) {
			ensure!(details.maturity.is_some_and(|m| now < m), Error::<T>::Matured);
		}
		let checkpoint = match checkpoint {
			Some(id) => {
				ensure!(id < details.checkpoints, Error::<T>::UnknownCheckpoint);
				id
			},
			None => Self::take_checkpoint(asset, &mut details)?,
		};
		let supply =
			Checkpoints::<T>::get(asset, checkpoint).ok_or(Error::<T>::UnknownCheckpoint)?.supply;
		ensure!(!supply.is_zero(), Error::<T>::NoSupplyAtCheckpoint);
		let id = NextDistributionId::<T>::get();
		NextDistributionId::<T>::put(id.checked_add(1).ok_or(Error::<T>::Overflow)?);
		Self::fund_pot(&payment, &funder, &Self::distribution_pot(id), amount)?;
		let deposit = Self::deposit_for(DistributionOf::<T>::max_encoded_len());
		T::Currency::hold(&HoldReason::StorageDeposit.into(), &funder, deposit)?;
		Distributions::<T>::insert(
			id,
			Distribution {
				asset,
				checkpoint,
				payment,
				amount,
				remaining: amount,
				supply,
				funder,
				expires_at,
				deposit,
			},
		);
		Self::deposit_event(Event::DistributionCreated {
			id,
			asset,
			checkpoint,
			payment,
			amount,
			expires_at,
		});
		Ok(())
	}

	/// Units of `holder` that share in a distribution: its balance at the checkpoint, plus for
	/// a split bond its yield (Y) units at the linked checkpoint. The vault shares nothing: the
	/// Y holders receive the share of the bond units locked in it.
	pub(crate) fn entitled_units(
		distribution: &DistributionOf<T>,
		holder: &T::AccountId,
	) -> BalanceOf<T> {
		if holder == &Self::vault_account() {
			return Zero::zero();
		}
		let units = Self::recorded_balance(distribution.asset, holder, distribution.checkpoint);
		let yield_units = Checkpoints::<T>::get(distribution.asset, distribution.checkpoint)
			.and_then(|info| info.yield_checkpoint)
			.zip(Assets::<T>::get(distribution.asset))
			.and_then(|(checkpoint, details)| match details.split {
				SplitRole::Parent { yield_asset, .. } => {
					Some(Self::recorded_balance(yield_asset, holder, checkpoint))
				},
				_ => None,
			})
			.unwrap_or_default();
		units.saturating_add(yield_units)
	}

	/// `holder`'s share of a distribution, rounded down (paid or not).
	pub fn entitlement(distribution: &DistributionOf<T>, holder: &T::AccountId) -> BalanceOf<T> {
		let units = Self::entitled_units(distribution, holder);
		multiply_by_rational_with_rounding(
			distribution.amount.saturated_into(),
			units.saturated_into(),
			distribution.supply.saturated_into(),
			Rounding::Down,
		)
		.map(|share| share.saturated_into())
		.unwrap_or_default()
	}

	/// What `holder` may still claim from distribution `id` (zero once paid); `None` if the
	/// distribution does not exist.
	pub fn unclaimed_entitlement(
		id: DistributionId,
		holder: &T::AccountId,
	) -> Option<BalanceOf<T>> {
		let distribution = Distributions::<T>::get(id)?;
		if DistributionPaid::<T>::contains_key(id, holder) {
			return Some(Zero::zero());
		}
		Some(Self::entitlement(&distribution, holder))
	}

	/// Who receives payouts owed to `holder`: the wallet it was recovered to, if any.
	pub fn payee_of(asset: RwaAssetId, holder: &T::AccountId) -> T::AccountId {
		let yield_asset = match Assets::<T>::get(asset).map(|d| d.split) {
			Some(SplitRole::Parent { yield_asset, .. }) => Some(yield_asset),
			_ => None,
		};
		RecoveredTo::<T>::get(asset, holder)
			.or_else(|| yield_asset.and_then(|y| RecoveredTo::<T>::get(y, holder)))
			.unwrap_or_else(|| holder.clone())
	}

	/// Pays `holder`'s share to `payee` and marks it paid.
	fn pay_share(
		id: DistributionId,
		distribution: &mut DistributionOf<T>,
		holder: &T::AccountId,
		payee: &T::AccountId,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		let remaining = distribution.remaining.checked_sub(&amount).ok_or(Error::<T>::Overflow)?;
		let pot = Self::distribution_pot(id);
		Self::pay(&distribution.payment, &pot, payee, amount, Preservation::Preserve)?;
		distribution.remaining = remaining;
		DistributionPaid::<T>::insert(id, holder, ());
		Distributions::<T>::insert(id, distribution.clone());
		Self::deposit_event(Event::DistributionPaid {
			id,
			holder: holder.clone(),
			payee: payee.clone(),
			amount,
		});
		Ok(())
	}

	/// A holder's (or its recovery wallet's) claim.
	pub(crate) fn do_claim(
		caller: &T::AccountId,
		id: DistributionId,
		holder: &T::AccountId,
	) -> Result<ComplianceCost, DispatchError> {
		let mut distribution =
			Distributions::<T>::get(id).ok_or(Error::<T>::UnknownDistribution)?;
		let payee = Self::payee_of(distribution.asset, holder);
		ensure!(caller == holder || caller == &payee, Error::<T>::NotHolderOrRecovery);
		ensure!(Self::now() < distribution.expires_at, Error::<T>::DistributionExpired);
		ensure!(!DistributionPaid::<T>::contains_key(id, holder), Error::<T>::AlreadyPaid);
		let amount = Self::entitlement(&distribution, holder);
		ensure!(!amount.is_zero(), Error::<T>::NothingToClaim);
		let cost = Self::payee_eligible(distribution.asset, &payee)?;
		Self::pay_share(id, &mut distribution, holder, &payee, amount)?;
		Ok(cost)
	}

	/// An agent's push to a batch of holders.
	pub(crate) fn do_push(
		caller: &T::AccountId,
		id: DistributionId,
		holders: BoundedVec<T::AccountId, T::MaxBatch>,
	) -> DispatchResult {
		let mut distribution =
			Distributions::<T>::get(id).ok_or(Error::<T>::UnknownDistribution)?;
		Self::ensure_agent(caller, distribution.asset, Permission::ManageDistributions)?;
		ensure!(Self::now() < distribution.expires_at, Error::<T>::DistributionExpired);
		for holder in holders {
			if let Err(reason) = Self::push_one(id, &mut distribution, &holder) {
				Self::deposit_event(Event::PayoutWithheld { id, holder, reason });
			}
		}
		Ok(())
	}

	/// Pays one holder in a push, or says why not.
	fn push_one(
		id: DistributionId,
		distribution: &mut DistributionOf<T>,
		holder: &T::AccountId,
	) -> Result<(), WithheldReason> {
		if DistributionPaid::<T>::contains_key(id, holder) {
			return Err(WithheldReason::AlreadyPaid);
		}
		let amount = Self::entitlement(distribution, holder);
		if amount.is_zero() {
			return Err(WithheldReason::NothingDue);
		}
		let payee = Self::payee_of(distribution.asset, holder);
		Self::payee_eligible(distribution.asset, &payee)
			.map_err(|_| WithheldReason::NotEligible)?;
		with_storage_layer(|| Self::pay_share(id, distribution, holder, &payee, amount))
			.map_err(|_| WithheldReason::PaymentFailed)
	}

	/// Closes an expired distribution, returning the pot to the funder.
	pub(crate) fn do_reclaim(caller: &T::AccountId, id: DistributionId) -> DispatchResult {
		let distribution = Distributions::<T>::get(id).ok_or(Error::<T>::UnknownDistribution)?;
		Self::ensure_funder_or_agent(caller, &distribution.funder, distribution.asset)?;
		ensure!(Self::now() >= distribution.expires_at, Error::<T>::DistributionNotExpired);
		let pot = Self::distribution_pot(id);
		let returned = Self::sweep_pot(&distribution.payment, &pot, &distribution.funder)?;
		Self::release_deposit(&distribution.funder, distribution.deposit);
		Distributions::<T>::remove(id);
		let _ = DistributionPaid::<T>::clear_prefix(id, T::MaxClaimCleanup::get(), None);
		Self::deposit_event(Event::DistributionReclaimed { id, returned });
		Ok(())
	}

	/// Ok if `caller` is `funder` or an agent of `asset` with `ManageDistributions`.
	fn ensure_funder_or_agent(
		caller: &T::AccountId,
		funder: &T::AccountId,
		asset: RwaAssetId,
	) -> DispatchResult {
		if caller != funder {
			Self::ensure_agent(caller, asset, Permission::ManageDistributions)?;
		}
		Ok(())
	}

	/// Opens redemption at maturity.
	#[allow(clippy::too_many_arguments)]
	pub(crate) fn do_open_redemption(
		funder: T::AccountId,
		asset: RwaAssetId,
		details: AssetDetailsOf<T>,
		payment: PaymentAssetOf<T>,
		price: BalanceOf<T>,
		funding: BalanceOf<T>,
		expires_at: Moment,
	) -> DispatchResult {
		ensure!(details.split.parent().is_none(), Error::<T>::IsSplitLeg);
		let maturity = details.maturity.ok_or(Error::<T>::NoMaturity)?;
		let now = Self::now();
		ensure!(now >= maturity, Error::<T>::NotMatured);
		ensure!(!price.is_zero() && !funding.is_zero(), Error::<T>::ZeroAmount);
		ensure!(expires_at > now, Error::<T>::TimeInPast);
		ensure!(!Redemptions::<T>::contains_key(asset), Error::<T>::RedemptionAlreadyOpen);
		Self::fund_pot(&payment, &funder, &Self::redemption_pot(asset), funding)?;
		let deposit = Self::deposit_for(crate::RedemptionOf::<T>::max_encoded_len());
		T::Currency::hold(&HoldReason::StorageDeposit.into(), &funder, deposit)?;
		Redemptions::<T>::insert(
			asset,
			Redemption { payment, price, remaining: funding, funder, expires_at, deposit },
		);
		Self::deposit_event(Event::RedemptionOpened { asset, payment, price, funding, expires_at });
		Ok(())
	}

	/// What redeeming `amount` base units pays at `price` per whole unit of `decimals`.
	pub fn redemption_payout(
		amount: BalanceOf<T>,
		price: BalanceOf<T>,
		decimals: u8,
	) -> BalanceOf<T> {
		multiply_by_rational_with_rounding(
			amount.saturated_into(),
			price.saturated_into(),
			10u128.saturating_pow(decimals as u32),
			Rounding::Down,
		)
		.map(|paid| paid.saturated_into())
		.unwrap_or_default()
	}

	/// A holder redeems units at maturity.
	pub(crate) fn do_redeem_at_maturity(
		who: &T::AccountId,
		asset: RwaAssetId,
		amount: BalanceOf<T>,
	) -> Result<ComplianceCost, DispatchError> {
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		let details = Assets::<T>::get(asset).ok_or(Error::<T>::UnknownAsset)?;
		let bond = match details.split {
			SplitRole::Yield(_) => return Err(Error::<T>::NotRedeemable.into()),
			SplitRole::Principal(bond) => bond,
			_ => asset,
		};
		let mut redemption = Redemptions::<T>::get(bond).ok_or(Error::<T>::NoRedemption)?;
		let paid = Self::redemption_payout(amount, redemption.price, details.decimals);
		ensure!(!paid.is_zero(), Error::<T>::PayoutTooSmall);
		redemption.remaining =
			redemption.remaining.checked_sub(&paid).ok_or(Error::<T>::RedemptionUnderfunded)?;
		let cost = Self::do_move(asset, Some(who), None, amount, Movement::HolderRedeem)?;
		if bond != asset {
			let vault = Self::vault_account();
			Self::do_move(bond, Some(&vault), None, amount, Movement::AgentRedeem)?;
		}
		let pot = Self::redemption_pot(bond);
		Self::pay(&redemption.payment, &pot, who, paid, Preservation::Preserve)?;
		Redemptions::<T>::insert(bond, redemption);
		Self::deposit_event(Event::RedeemedAtMaturity { asset, holder: who.clone(), amount, paid });
		Ok(cost)
	}

	/// Closes an expired redemption, returning the pot to the funder.
	pub(crate) fn do_close_redemption(caller: &T::AccountId, asset: RwaAssetId) -> DispatchResult {
		let redemption = Redemptions::<T>::get(asset).ok_or(Error::<T>::NoRedemption)?;
		Self::ensure_funder_or_agent(caller, &redemption.funder, asset)?;
		ensure!(Self::now() >= redemption.expires_at, Error::<T>::RedemptionNotExpired);
		let pot = Self::redemption_pot(asset);
		let returned = Self::sweep_pot(&redemption.payment, &pot, &redemption.funder)?;
		Self::release_deposit(&redemption.funder, redemption.deposit);
		Redemptions::<T>::remove(asset);
		Self::deposit_event(Event::RedemptionClosed { asset, returned });
		Ok(())
	}

	/// Creates the P and Y assets of a bond.
	pub(crate) fn do_enable_split(
		bond: RwaAssetId,
		mut details: AssetDetailsOf<T>,
	) -> DispatchResult {
		match details.split {
			SplitRole::None => {},
			SplitRole::Parent { .. } => return Err(Error::<T>::AlreadySplit.into()),
			_ => return Err(Error::<T>::IsSplitLeg.into()),
		}
		ensure!(details.class == AssetClass::Bond, Error::<T>::NotSplittable);
		let maturity = details.maturity.ok_or(Error::<T>::NotSplittable)?;
		ensure!(Self::now() < maturity, Error::<T>::Matured);
		let metadata = Metadata::<T>::get(bond).ok_or(Error::<T>::UnknownAsset)?;
		let leg = |role| AssetDetails {
			supply: Zero::zero(),
			supply_cap: None,
			holders: 0,
			paused: false,
			compliance_paused: false,
			checkpoints: 0,
			split: role,
			deposit: Zero::zero(),
			..details.clone()
		};
		let principal = Self::insert_asset(
			leg(SplitRole::Principal(bond)),
			Self::leg_metadata(&metadata, b"-P"),
		)?;
		let yield_asset =
			Self::insert_asset(leg(SplitRole::Yield(bond)), Self::leg_metadata(&metadata, b"-Y"))?;
		details.split = SplitRole::Parent { principal, yield_asset };
		FamilyHolders::<T>::insert(bond, details.holders);
		Assets::<T>::insert(bond, details);
		Self::deposit_event(Event::SplitEnabled { bond, principal, yield_asset });
		Ok(())
	}

	/// Metadata of a split leg: the bond's name, its symbol with `suffix`, no documents.
	fn leg_metadata(metadata: &AssetMetadataOf<T>, suffix: &[u8]) -> AssetMetadataOf<T> {
		let limit = T::StringLimit::get() as usize;
		let mut symbol = metadata.symbol.to_vec();
		symbol.truncate(limit.saturating_sub(suffix.len()));
		symbol.extend_from_slice(suffix);
		AssetMetadata {
			name: metadata.name.clone(),
			symbol: BoundedVec::truncate_from(symbol),
			documents: BoundedVec::new(),
		}
	}

	/// The legs of a split bond.
	fn legs(
		bond: RwaAssetId,
	) -> Result<(AssetDetailsOf<T>, RwaAssetId, RwaAssetId), DispatchError> {
		let details = Assets::<T>::get(bond).ok_or(Error::<T>::UnknownAsset)?;
		match details.split {
			SplitRole::Parent { principal, yield_asset } => Ok((details, principal, yield_asset)),
			_ => Err(Error::<T>::NotSplit.into()),
		}
	}

	/// Locks bond units in the vault for equal P and Y units.
	pub(crate) fn do_split(
		who: &T::AccountId,
		bond: RwaAssetId,
		amount: BalanceOf<T>,
	) -> Result<ComplianceCost, DispatchError> {
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		let (details, principal, yield_asset) = Self::legs(bond)?;
		ensure!(details.maturity.is_some_and(|m| Self::now() < m), Error::<T>::Matured);
		let vault = Self::vault_account();
		let lock = Self::do_move(bond, Some(who), Some(&vault), amount, Movement::SplitLock)?;
		let p = Self::do_move(principal, None, Some(who), amount, Movement::SplitMint)?;
		let y = Self::do_move(yield_asset, None, Some(who), amount, Movement::SplitMint)?;
		Self::deposit_event(Event::Split { bond, who: who.clone(), amount });
		Ok(Self::max_cost(&[lock, p, y]))
	}

	/// Burns P and Y units to unlock as many bond units.
	pub(crate) fn do_recombine(
		who: &T::AccountId,
		bond: RwaAssetId,
		amount: BalanceOf<T>,
	) -> Result<ComplianceCost, DispatchError> {
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		let (_, principal, yield_asset) = Self::legs(bond)?;
		let vault = Self::vault_account();
		let p = Self::do_move(principal, Some(who), None, amount, Movement::SplitBurn)?;
		let y = Self::do_move(yield_asset, Some(who), None, amount, Movement::SplitBurn)?;
		let unlock = Self::do_move(bond, Some(&vault), Some(who), amount, Movement::SplitUnlock)?;
		Self::deposit_event(Event::Recombined { bond, who: who.clone(), amount });
		Ok(Self::max_cost(&[p, y, unlock]))
	}

	/// The largest compliance shape among several checks of the same rules.
	fn max_cost(costs: &[ComplianceCost]) -> ComplianceCost {
		costs.iter().fold(ComplianceCost::default(), |acc, c| ComplianceCost {
			requirements: acc.requirements.max(c.requirements),
			conditions: acc.conditions.max(c.conditions),
		})
	}
}
