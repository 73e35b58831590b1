//! The single compliance function and the ledger it guards.
//!
//! Every movement of units calls [`Pallet::do_move`]: it runs [`Pallet::check_movement`] (the
//! one compliance check; the [`Movement`] kind selects which of its checks apply) and only then
//! changes the ledger in [`Pallet::apply_movement`]. There is no other code that writes
//! [`Holdings`] balances.

use crate::{pallet::*, types::*, AssetDetailsOf, BalanceOf, ConditionOf, RequirementOf};
use alloc::vec::Vec;
use mooring_primitives::identity::{
	ClaimAttributes, ClaimSubject, ClaimVerifier, DidId, IssuerPolicy,
};
use polkadot_sdk::{
	frame_support::{ensure, pallet_prelude::DispatchError},
	frame_system,
	sp_runtime::{
		traits::{CheckedAdd, CheckedSub, Saturating, Zero},
		DispatchResult,
	},
};

/// What a passed check tells the ledger update.
pub(crate) struct Checked {
	/// Compliance work done, for the weight charged.
	pub cost: ComplianceCost,
	/// Period length of the asset's `TransferVolume` restriction, if the movement counts
	/// towards it.
	pub volume_period: Option<Moment>,
}

impl<T: Config> Pallet<T> {
	/// Checks a movement of `amount` units of `asset` from `from` (`None`: issuance) to `to`
	/// (`None`: burn) and applies it. The only way units move.
	pub(crate) fn do_move(
		asset: RwaAssetId,
		from: Option<&T::AccountId>,
		to: Option<&T::AccountId>,
		amount: BalanceOf<T>,
		movement: Movement,
	) -> Result<ComplianceCost, DispatchError> {
		let now = Self::now();
		let mut details = Assets::<T>::get(asset).ok_or(Error::<T>::UnknownAsset)?;
		let checked = Self::check_movement(asset, &details, from, to, amount, movement, now)
			.map_err(|refusal| Self::refusal_error(&refusal))?;
		Self::apply_movement(asset, &mut details, from, to, amount, checked.volume_period, now)?;
		Assets::<T>::insert(asset, details);
		Ok(checked.cost)
	}

	/// Whether a transfer of `amount` units from `from` to `to` would pass every check, and if
	/// not, the ERC-1400 code and the failing rule. Read-only (runtime API `can_transfer`).
	pub fn can_transfer(
		asset: RwaAssetId,
		from: &T::AccountId,
		to: &T::AccountId,
		amount: BalanceOf<T>,
	) -> TransferStatus<BalanceOf<T>> {
		let Some(details) = Assets::<T>::get(asset) else {
			return TransferStatus::refused(TransferRefusal::UnknownAsset);
		};
		// `transfer` refuses a zero amount before any rule, so the answer must too.
		if amount.is_zero() {
			return TransferStatus::refused(TransferRefusal::ZeroAmount);
		}
		match Self::check_movement(
			asset,
			&details,
			Some(from),
			Some(to),
			amount,
			Movement::Transfer,
			Self::now(),
		) {
			Ok(_) => TransferStatus::success(),
			Err(refusal) => TransferStatus::refused(refusal),
		}
	}

	/// Like [`Self::can_transfer`], for `spender` moving `from`'s units under an allowance
	/// (`transfer_from`): also answers ERC-1400's operator codes, `0x58` without an allowance
	/// and `0x53` with one too small. Read-only (runtime API `can_transfer_from`).
	pub fn can_transfer_from(
		asset: RwaAssetId,
		spender: &T::AccountId,
		from: &T::AccountId,
		to: &T::AccountId,
		amount: BalanceOf<T>,
	) -> TransferStatus<BalanceOf<T>> {
		if !Assets::<T>::contains_key(asset) {
			return TransferStatus::refused(TransferRefusal::UnknownAsset);
		}
		match Self::allowance_refusal(asset, spender, from, amount) {
			Some(refusal) => TransferStatus::refused(refusal),
			None => Self::can_transfer(asset, from, to, amount),
		}
	}

	/// Why `spender` may not move `amount` of `from`'s units, if it may not.
	fn allowance_refusal(
		asset: RwaAssetId,
		spender: &T::AccountId,
		from: &T::AccountId,
		amount: BalanceOf<T>,
	) -> Option<TransferRefusal<BalanceOf<T>>> {
		match Approvals::<T>::get((asset, from, spender)) {
			None => Some(TransferRefusal::NotApproved),
			Some((allowance, _)) if allowance < amount => {
				Some(TransferRefusal::InsufficientAllowance)
			},
			Some(_) => None,
		}
	}

	/// The one compliance check. Reads only; see [`Movement::checks`] for what each kind runs.
	pub(crate) fn check_movement(
		asset: RwaAssetId,
		details: &AssetDetailsOf<T>,
		from: Option<&T::AccountId>,
		to: Option<&T::AccountId>,
		amount: BalanceOf<T>,
		movement: Movement,
		now: Moment,
	) -> Result<Checked, TransferRefusal<BalanceOf<T>>> {
		let checks = movement.checks();
		let vault = Self::vault_account();
		let rules = details.split.parent().unwrap_or(asset);
		let rules_details = if rules == asset { None } else { Assets::<T>::get(rules) };
		let paused = details.paused || rules_details.as_ref().is_some_and(|d| d.paused);
		let compliance_paused =
			rules_details.as_ref().map_or(details.compliance_paused, |d| d.compliance_paused);

		if checks.pause && paused {
			return Err(TransferRefusal::AssetPaused);
		}
		if from.is_some() && from == to {
			return Err(TransferRefusal::InvalidReceiver);
		}
		if to == Some(&vault) && movement != Movement::SplitLock {
			return Err(TransferRefusal::InvalidReceiver);
		}
		let vault_may_send = matches!(movement, Movement::SplitUnlock | Movement::AgentRedeem);
		if from == Some(&vault) && !vault_may_send {
			return Err(TransferRefusal::InvalidSender);
		}

		let family = Family::of(asset, details, rules, rules_details.as_ref());
		// A leg follows its bond's account freezes: splitting is no way out of a freeze.
		let bond_frozen = |who: &T::AccountId| {
			family.as_ref().is_some_and(|f| f.bond != asset)
				&& Holdings::<T>::get(rules, who).is_some_and(|h| h.account_frozen)
		};
		let sender = from.map(|who| Holdings::<T>::get(asset, who).unwrap_or_default());
		if let (Some(holding), Some(who)) = (&sender, from) {
			let frozen = holding.account_frozen || (who != &vault && bond_frozen(who));
			if checks.sender_freezes && frozen {
				return Err(TransferRefusal::SenderFrozen);
			}
			if holding.balance < amount {
				return Err(TransferRefusal::InsufficientBalance);
			}
			if checks.sender_freezes && holding.balance.saturating_sub(holding.frozen) < amount {
				return Err(TransferRefusal::FundsFrozen { frozen: holding.frozen });
			}
		}
		let receiver = to
			.filter(|who| *who != &vault)
			.map(|who| Holdings::<T>::get(asset, who).unwrap_or_default());
		let receiver_frozen = receiver.as_ref().is_some_and(|h| h.account_frozen)
			|| to.is_some_and(|who| who != &vault && bond_frozen(who));
		if receiver_frozen {
			return Err(TransferRefusal::ReceiverFrozen);
		}
		if checks.supply_cap {
			if let Some(cap) = details.supply_cap {
				if details.supply.saturating_add(amount) > cap {
					return Err(TransferRefusal::SupplyCapExceeded);
				}
			}
		}

		let movement_facts = MovementFacts {
			asset,
			details,
			rules_details: rules_details.as_ref(),
			family: family.as_ref(),
			from: from.filter(|who| *who != &vault),
			to: to.filter(|who| *who != &vault),
			sender: sender.as_ref(),
			receiver: receiver.as_ref(),
			burns: to.is_none(),
			amount,
		};
		let volume_period =
			Self::check_restrictions(rules, &movement_facts, checks.sender_restrictions, now)?;

		let mut cost = ComplianceCost::default();
		if !compliance_paused {
			let sender_checked = checks.sender_conditions || checks.sender_prohibitions;
			let sender_subject = from.filter(|who| sender_checked && *who != &vault);
			let receiver_subject = to.filter(|who| checks.receiver_conditions && *who != &vault);
			let scope = if checks.sender_conditions || checks.receiver_conditions {
				ConditionScope::All
			} else {
				ConditionScope::ProhibitionsOnly
			};
			if sender_subject.is_some() || receiver_subject.is_some() {
				cost = Self::evaluate_requirements(
					rules,
					sender_subject,
					receiver_subject,
					scope,
					now,
				)?;
			}
		}
		Ok(Checked { cost, volume_period })
	}

	/// Checks the restrictions of `rules` against a movement; returns the volume period to
	/// count the movement in, if any. A split bond and its legs count as one asset: holder
	/// limits look at a holder's position (bond units plus the larger leg), holders are counted
	/// over all three, and leg transfers use the bond's volume, so splitting, moving the legs
	/// and recombining escapes no limit.
	fn check_restrictions(
		rules: RwaAssetId,
		movement: &MovementFacts<'_, T>,
		sender_restrictions: bool,
		now: Moment,
	) -> Result<Option<Moment>, TransferRefusal<BalanceOf<T>>> {
		let Some(restrictions) = Restrictions::<T>::get(rules) else { return Ok(None) };
		let amount = movement.amount;
		let mut volume_period = None;
		for (index, restriction) in restrictions.value.iter().enumerate() {
			let refused = || TransferRefusal::Restricted {
				index: index as u32,
				restriction: restriction.clone(),
			};
			match restriction {
				Restriction::LockupUntil(until) => {
					if sender_restrictions && now < *until {
						return Err(refused());
					}
				},
				Restriction::TransferVolume { period, max } => {
					if sender_restrictions {
						if let Some(who) = movement.from {
							let used = Self::volume_used(rules, who, *period, now);
							if used.saturating_add(amount) > *max {
								return Err(refused());
							}
							volume_period = Some(*period);
						}
					}
				},
				Restriction::MaxHolders(max) => {
					if movement.joins_beyond(*max) {
						return Err(refused());
					}
				},
				Restriction::MaxBalancePerHolder(max) => {
					if movement.receiver_position().is_some_and(|position| position > *max) {
						return Err(refused());
					}
				},
				Restriction::MaxOwnership(share) => {
					let base = movement.ownership_base();
					let over = |position| base.is_some_and(|base| position > share.mul_floor(base));
					if movement.receiver_position().is_some_and(over) {
						return Err(refused());
					}
				},
			}
		}
		Ok(volume_period)
	}

	/// Units `who` already moved in the current period of length `period`.
	fn volume_used(
		asset: RwaAssetId,
		who: &T::AccountId,
		period: Moment,
		now: Moment,
	) -> BalanceOf<T> {
		match TransferVolumes::<T>::get(asset, who) {
			Some((index, used)) if index == now / period => used,
			_ => Zero::zero(),
		}
	}

	/// Evaluates the requirements of `rules`: passes when ANY requirement has ALL its
	/// conditions in `scope` on the given sides true. `None` for a side skips that side's
	/// conditions.
	pub(crate) fn evaluate_requirements(
		rules: RwaAssetId,
		sender: Option<&T::AccountId>,
		receiver: Option<&T::AccountId>,
		scope: ConditionScope,
		now: Moment,
	) -> Result<ComplianceCost, TransferRefusal<BalanceOf<T>>> {
		let requirements = Requirements::<T>::get(rules).map(|d| d.value).unwrap_or_default();
		let cost = ComplianceCost {
			requirements: requirements.len() as u32,
			conditions: requirements.iter().map(|r| r.conditions.len() as u32).sum(),
		};
		if requirements.is_empty() {
			return Err(TransferRefusal::NoRequirements);
		}
		let trusted = TrustedIssuers::<T>::get(rules).map(|d| d.value.to_vec()).unwrap_or_default();
		let mut blocklist = None;
		let mut failures = Vec::new();
		for (index, requirement) in requirements.iter().enumerate() {
			let context = ConditionContext { rules, trusted: &trusted, scope, now };
			match Self::first_failure(requirement, sender, receiver, &context, &mut blocklist) {
				None => return Ok(cost),
				Some((condition, side, failure)) => failures.push(RequirementFailure {
					requirement: index as u32,
					condition,
					side,
					failure,
				}),
			}
		}
		Err(TransferRefusal::NotCompliant(failures))
	}

	/// The first condition of `requirement` that fails, with its index and side.
	fn first_failure(
		requirement: &RequirementOf<T>,
		sender: Option<&T::AccountId>,
		receiver: Option<&T::AccountId>,
		context: &ConditionContext,
		blocklist: &mut Option<Vec<DidId>>,
	) -> Option<(u32, Side, ConditionFailure)> {
		requirement.conditions.iter().enumerate().find_map(|(index, condition)| {
			let prohibition =
				matches!(condition.kind, ConditionKind::NoClaim(_) | ConditionKind::NotBlocked);
			if context.scope == ConditionScope::ProhibitionsOnly && !prohibition {
				return None;
			}
			let who = match condition.side {
				Side::Sender => sender?,
				Side::Receiver => receiver?,
			};
			Self::check_condition(condition, who, context, blocklist)
				.err()
				.map(|failure| (index as u32, condition.side, failure))
		})
	}

	/// Whether `who` meets `condition`.
	fn check_condition(
		condition: &ConditionOf<T>,
		who: &T::AccountId,
		context: &ConditionContext,
		blocklist: &mut Option<Vec<DidId>>,
	) -> Result<(), ConditionFailure> {
		let policy = match condition.issuers {
			IssuerSource::SchemaDefault => IssuerPolicy::SchemaDefault,
			IssuerSource::AssetTrusted => IssuerPolicy::Only(context.trusted),
		};
		let subject = ClaimSubject::Account(who.clone());
		// Every trusted issuer's valid claim: a condition that requires something holds if
		// SOME claim meets it, one that forbids something only if EVERY claim does, so a stale
		// claim from one issuer never hides another issuer's (ClaimVerifier's rule).
		let claims = |schema| {
			let claims = T::ClaimVerifier::valid_claims(&subject, schema, policy, context.now);
			ensure!(!claims.is_empty(), ConditionFailure::MissingClaim(*schema));
			Ok(claims)
		};
		match &condition.kind {
			ConditionKind::HasClaim(schema) => claims(schema).map(|_| ()),
			ConditionKind::KycTierAtLeast { schema, tier } => {
				let best = claims(schema)?.iter().map(|claim| claim.kyc_tier).max().unwrap_or(0);
				ensure!(
					best >= *tier,
					ConditionFailure::KycTierTooLow {
						schema: *schema,
						required: *tier,
						actual: best
					}
				);
				Ok(())
			},
			ConditionKind::JurisdictionIn { schema, countries } => {
				let claims = claims(schema)?;
				let allowed = |claim: &ClaimAttributes| {
					claim.jurisdiction.is_some_and(|country| countries.contains(&country))
				};
				ensure!(
					claims.iter().any(allowed),
					ConditionFailure::JurisdictionNotAllowed {
						schema: *schema,
						actual: claims[0].jurisdiction
					}
				);
				Ok(())
			},
			ConditionKind::JurisdictionNotIn { schema, countries } => {
				// A claim without a jurisdiction cannot show it is outside the list.
				let refused = |claim: &&ClaimAttributes| {
					claim.jurisdiction.is_none_or(|country| countries.contains(&country))
				};
				match claims(schema)?.iter().find(refused) {
					None => Ok(()),
					Some(claim) => Err(ConditionFailure::JurisdictionNotAllowed {
						schema: *schema,
						actual: claim.jurisdiction,
					}),
				}
			},
			ConditionKind::Accredited(schema) => {
				let accredited = claims(schema)?.iter().any(|claim| claim.accredited);
				ensure!(accredited, ConditionFailure::NotAccredited(*schema));
				Ok(())
			},
			ConditionKind::NoClaim(schema) => {
				match T::ClaimVerifier::valid_claim(&subject, schema, policy, context.now) {
					Some(_) => Err(ConditionFailure::BlockingClaim(*schema)),
					None => Ok(()),
				}
			},
			ConditionKind::NotBlocked => {
				let Some(did) = T::ClaimVerifier::did_of(who) else { return Ok(()) };
				let list = blocklist.get_or_insert_with(|| {
					Blocklist::<T>::get(context.rules).map(|d| d.value.to_vec()).unwrap_or_default()
				});
				ensure!(list.binary_search(&did).is_err(), ConditionFailure::Blocked(did));
				Ok(())
			},
		}
	}

	/// Whether `who` may receive a distribution payout of `asset` now: not frozen, and meets
	/// the receiver conditions of some requirement (unless compliance is paused).
	pub(crate) fn payee_eligible(
		asset: RwaAssetId,
		who: &T::AccountId,
	) -> Result<ComplianceCost, DispatchError> {
		let details = Assets::<T>::get(asset).ok_or(Error::<T>::UnknownAsset)?;
		let rules = details.split.parent().unwrap_or(asset);
		let rules_details = if rules == asset {
			details
		} else {
			Assets::<T>::get(rules).ok_or(Error::<T>::UnknownAsset)?
		};
		// A yield leg's payee is also frozen by a freeze in its bond.
		let frozen_in = |asset| Holdings::<T>::get(asset, who).is_some_and(|h| h.account_frozen);
		ensure!(
			!frozen_in(asset) && (rules == asset || !frozen_in(rules)),
			Error::<T>::PayeeNotEligible
		);
		if rules_details.compliance_paused {
			return Ok(ComplianceCost::default());
		}
		Self::evaluate_requirements(rules, None, Some(who), ConditionScope::All, Self::now())
			.map_err(|_| Error::<T>::PayeeNotEligible.into())
	}

	/// Changes the ledger for a checked movement. Only [`Self::do_move`] calls it.
	fn apply_movement(
		asset: RwaAssetId,
		details: &mut AssetDetailsOf<T>,
		from: Option<&T::AccountId>,
		to: Option<&T::AccountId>,
		amount: BalanceOf<T>,
		volume_period: Option<Moment>,
		now: Moment,
	) -> DispatchResult {
		let vault = Self::vault_account();
		let family = Self::family_of(asset, details);
		let accounts: Vec<&T::AccountId> =
			[from, to].into_iter().flatten().filter(|who| **who != vault).collect();
		let held_before: Vec<bool> = match &family {
			Some(family) => accounts.iter().map(|who| Self::holds_family(family, who)).collect(),
			None => Vec::new(),
		};
		match from {
			Some(who) => {
				let mut holding = Holdings::<T>::get(asset, who).unwrap_or_default();
				Self::note_checkpoint_balance(asset, details, who, holding.balance);
				holding.balance =
					holding.balance.checked_sub(&amount).ok_or(Error::<T>::InsufficientBalance)?;
				holding.frozen = holding.frozen.min(holding.balance);
				if holding.balance.is_zero() && !amount.is_zero() && who != &vault {
					details.holders = details.holders.saturating_sub(1);
				}
				Self::store_holding(asset, who, holding);
				if let Some(period) = volume_period {
					// Legs count towards their bond's volume.
					let rules = details.split.parent().unwrap_or(asset);
					let used = Self::volume_used(rules, who, period, now).saturating_add(amount);
					TransferVolumes::<T>::insert(rules, who, (now / period, used));
				}
			},
			None => {
				details.supply = details.supply.checked_add(&amount).ok_or(Error::<T>::Overflow)?
			},
		}
		match to {
			Some(who) => {
				let mut holding = Holdings::<T>::get(asset, who).unwrap_or_default();
				Self::note_checkpoint_balance(asset, details, who, holding.balance);
				if holding.balance.is_zero() && !amount.is_zero() && who != &vault {
					details.holders = details.holders.saturating_add(1);
				}
				holding.balance =
					holding.balance.checked_add(&amount).ok_or(Error::<T>::Overflow)?;
				Self::store_holding(asset, who, holding);
			},
			None => {
				details.supply =
					details.supply.checked_sub(&amount).ok_or(Error::<T>::InsufficientBalance)?
			},
		}
		if let Some(family) = family {
			Self::count_family_holders(&family, &accounts, &held_before);
		}
		Ok(())
	}

	/// The split family `asset` (with `details`) belongs to, if any.
	pub(crate) fn family_of(asset: RwaAssetId, details: &AssetDetailsOf<T>) -> Option<Family> {
		match details.split {
			SplitRole::Parent { principal, yield_asset } => {
				Some(Family { bond: asset, principal, yield_asset })
			},
			SplitRole::Principal(bond) | SplitRole::Yield(bond) => {
				let bond_details = Assets::<T>::get(bond)?;
				Family::of(bond, &bond_details, bond, None)
			},
			SplitRole::None => None,
		}
	}

	/// Whether `who` holds units of any member of `family`.
	pub(crate) fn holds_family(family: &Family, who: &T::AccountId) -> bool {
		family
			.members()
			.into_iter()
			.any(|member| Holdings::<T>::get(member, who).is_some_and(|h| !h.balance.is_zero()))
	}

	/// Counts the accounts that started or stopped holding the family in a movement.
	fn count_family_holders(family: &Family, accounts: &[&T::AccountId], held_before: &[bool]) {
		for (who, before) in accounts.iter().zip(held_before) {
			match (*before, Self::holds_family(family, who)) {
				(false, true) => FamilyHolders::<T>::mutate(family.bond, |n| *n += 1),
				(true, false) => {
					FamilyHolders::<T>::mutate(family.bond, |n| *n = n.saturating_sub(1))
				},
				_ => {},
			}
		}
	}

	/// Records `balance` (the balance before a change) at the latest checkpoint, unless the
	/// account's balance already changed since that checkpoint. O(1).
	fn note_checkpoint_balance(
		asset: RwaAssetId,
		details: &AssetDetailsOf<T>,
		who: &T::AccountId,
		balance: BalanceOf<T>,
	) {
		let Some(latest) = details.checkpoints.checked_sub(1) else { return };
		let key = (asset, who.clone());
		if !CheckpointBalances::<T>::contains_key(&key, latest.to_be_bytes()) {
			CheckpointBalances::<T>::insert(&key, latest.to_be_bytes(), balance);
		}
	}

	/// The balance of `who` at `checkpoint` of `asset`, if the checkpoint exists.
	pub fn balance_at(
		asset: RwaAssetId,
		who: &T::AccountId,
		checkpoint: CheckpointId,
	) -> Option<BalanceOf<T>> {
		let details = Assets::<T>::get(asset)?;
		(checkpoint < details.checkpoints).then(|| Self::recorded_balance(asset, who, checkpoint))
	}

	/// The balance at an existing checkpoint: the record under the smallest id `>= checkpoint`,
	/// else the current balance.
	pub(crate) fn recorded_balance(
		asset: RwaAssetId,
		who: &T::AccountId,
		checkpoint: CheckpointId,
	) -> BalanceOf<T> {
		let key = (asset, who.clone());
		let mut later = match checkpoint.checked_sub(1) {
			None => CheckpointBalances::<T>::iter_prefix(&key),
			Some(before) => CheckpointBalances::<T>::iter_prefix_from(
				&key,
				CheckpointBalances::<T>::hashed_key_for(&key, before.to_be_bytes()),
			),
		};
		match later.next() {
			Some((_, balance)) => balance,
			None => Holdings::<T>::get(asset, who).map(|h| h.balance).unwrap_or_default(),
		}
	}

	/// Writes a holding, removing it when it holds nothing and is not frozen.
	pub(crate) fn store_holding(
		asset: RwaAssetId,
		who: &T::AccountId,
		holding: Holding<BalanceOf<T>>,
	) {
		if holding == Holding::default() {
			Holdings::<T>::remove(asset, who);
		} else {
			Holdings::<T>::insert(asset, who, holding);
		}
	}

	/// The dispatch error for a refusal.
	pub(crate) fn refusal_error(refusal: &TransferRefusal<BalanceOf<T>>) -> Error<T> {
		match refusal {
			TransferRefusal::UnknownAsset => Error::UnknownAsset,
			TransferRefusal::ZeroAmount => Error::ZeroAmount,
			TransferRefusal::AssetPaused => Error::AssetPaused,
			TransferRefusal::InsufficientBalance => Error::InsufficientBalance,
			TransferRefusal::FundsFrozen { .. } => Error::FundsFrozen,
			TransferRefusal::SenderFrozen => Error::SenderFrozen,
			TransferRefusal::ReceiverFrozen => Error::ReceiverFrozen,
			TransferRefusal::InvalidSender => Error::InvalidSender,
			TransferRefusal::InvalidReceiver => Error::InvalidReceiver,
			TransferRefusal::InsufficientAllowance => Error::InsufficientAllowance,
			TransferRefusal::NotApproved => Error::NotApproved,
			TransferRefusal::SupplyCapExceeded => Error::SupplyCapExceeded,
			TransferRefusal::NoRequirements => Error::NoRequirements,
			TransferRefusal::Restricted { restriction, .. } => match restriction {
				Restriction::MaxHolders(_) => Error::MaxHoldersExceeded,
				Restriction::MaxBalancePerHolder(_) => Error::MaxBalanceExceeded,
				Restriction::MaxOwnership(_) => Error::MaxOwnershipExceeded,
				Restriction::LockupUntil(_) => Error::LockupActive,
				Restriction::TransferVolume { .. } => Error::VolumeLimitExceeded,
			},
			TransferRefusal::NotCompliant(_) => match refusal.code() {
				reason_code::INVALID_SENDER => Error::SenderNotCompliant,
				reason_code::INVALID_RECEIVER => Error::ReceiverNotCompliant,
				_ => Error::NotCompliant,
			},
		}
	}

	/// Issues units to `to` and emits `Issued`.
	pub(crate) fn do_issue(
		asset: RwaAssetId,
		to: &T::AccountId,
		amount: BalanceOf<T>,
	) -> Result<ComplianceCost, DispatchError> {
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		// A matured bond is being paid back, not sold: new units would dilute the redemption
		// (which opens only at maturity).
		let details = Assets::<T>::get(asset).ok_or(Error::<T>::UnknownAsset)?;
		ensure!(details.maturity.is_none_or(|m| Self::now() < m), Error::<T>::Matured);
		let cost = Self::do_move(asset, None, Some(to), amount, Movement::Issue)?;
		Self::deposit_event(Event::Issued { asset, to: to.clone(), amount });
		Ok(cost)
	}

	/// Burns units of `from` on an agent's order and emits `Redeemed`.
	pub(crate) fn do_agent_redeem(
		asset: RwaAssetId,
		from: &T::AccountId,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		ensure!(from != &Self::vault_account(), Error::<T>::InvalidSender);
		Self::do_move(asset, Some(from), None, amount, Movement::AgentRedeem)?;
		Self::deposit_event(Event::Redeemed { asset, from: from.clone(), amount });
		Ok(())
	}

	/// A holder's transfer; emits `Transferred`.
	pub(crate) fn do_transfer(
		asset: RwaAssetId,
		from: &T::AccountId,
		to: &T::AccountId,
		amount: BalanceOf<T>,
	) -> Result<ComplianceCost, DispatchError> {
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		let cost = Self::do_move(asset, Some(from), Some(to), amount, Movement::Transfer)?;
		Self::deposit_event(Event::Transferred {
			asset,
			from: from.clone(),
			to: to.clone(),
			amount,
		});
		Ok(cost)
	}

	/// A transfer by an approved spender: spends the allowance, then checks like a transfer.
	pub(crate) fn do_transfer_from(
		asset: RwaAssetId,
		spender: &T::AccountId,
		from: &T::AccountId,
		to: &T::AccountId,
		amount: BalanceOf<T>,
	) -> Result<ComplianceCost, DispatchError> {
		if let Some(refusal) = Self::allowance_refusal(asset, spender, from, amount) {
			return Err(Self::refusal_error(&refusal).into());
		}
		let (allowance, deposit) = Approvals::<T>::get((asset, from, spender)).unwrap_or_default();
		let cost = Self::do_transfer(asset, from, to, amount)?;
		let left = allowance.saturating_sub(amount);
		if left.is_zero() {
			Approvals::<T>::remove((asset, from, spender));
			Self::release_deposit(from, deposit);
		} else {
			Approvals::<T>::insert((asset, from, spender), (left, deposit));
		}
		Ok(cost)
	}

	/// Sets an allowance, holding a deposit from `owner` while it exists.
	pub(crate) fn do_approve(
		asset: RwaAssetId,
		owner: &T::AccountId,
		spender: &T::AccountId,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		use polkadot_sdk::frame_support::traits::fungible::MutateHold;
		ensure!(Assets::<T>::contains_key(asset), Error::<T>::UnknownAsset);
		ensure!(owner != spender, Error::<T>::SelfApproval);
		let key = (asset, owner, spender);
		match (Approvals::<T>::get(key), amount.is_zero()) {
			(None, true) => {},
			(Some((_, deposit)), true) => {
				Approvals::<T>::remove(key);
				Self::release_deposit(owner, deposit);
			},
			(Some((_, deposit)), false) => Approvals::<T>::insert(key, (amount, deposit)),
			(None, false) => {
				let deposit = Self::deposit_for(Self::approval_bytes());
				T::Currency::hold(&HoldReason::StorageDeposit.into(), owner, deposit)?;
				Approvals::<T>::insert(key, (amount, deposit));
			},
		}
		Self::deposit_event(Event::Approved {
			asset,
			owner: owner.clone(),
			spender: spender.clone(),
			amount,
		});
		Ok(())
	}

	/// Bytes of one approval entry (key and value).
	fn approval_bytes() -> usize {
		use codec::MaxEncodedLen;
		<RwaAssetId>::max_encoded_len()
			+ 2 * <T::AccountId>::max_encoded_len()
			+ 2 * <BalanceOf<T>>::max_encoded_len()
	}

	/// Moves all units of `lost` to `new` (same DID) and remembers the recovery.
	pub(crate) fn do_recover(
		asset: RwaAssetId,
		lost: &T::AccountId,
		new: &T::AccountId,
	) -> Result<ComplianceCost, DispatchError> {
		let did = T::ClaimVerifier::did_of(lost).ok_or(Error::<T>::NoDid)?;
		ensure!(T::ClaimVerifier::did_of(new) == Some(did), Error::<T>::DidMismatch);
		let holding = Holdings::<T>::get(asset, lost).ok_or(Error::<T>::NotAHolder)?;
		ensure!(!holding.balance.is_zero(), Error::<T>::NothingToRecover);
		let amount = holding.balance;
		let cost = Self::do_move(asset, Some(lost), Some(new), amount, Movement::Recovery)?;
		if !holding.frozen.is_zero() {
			let mut moved = Holdings::<T>::get(asset, new).unwrap_or_default();
			moved.frozen = moved.frozen.saturating_add(holding.frozen).min(moved.balance);
			Self::store_holding(asset, new, moved);
		}
		RecoveredTo::<T>::insert(asset, lost, new);
		Self::deposit_event(Event::Recovered {
			asset,
			lost: lost.clone(),
			new: new.clone(),
			amount,
		});
		Ok(cost)
	}

	/// Gives an internal pot account a provider reference so it can hold any payment asset.
	pub(crate) fn open_pot(pot: &T::AccountId) {
		frame_system::Pallet::<T>::inc_providers(pot);
	}

	/// Drops the provider reference of an emptied pot account.
	pub(crate) fn close_pot(pot: &T::AccountId) {
		let _ = frame_system::Pallet::<T>::dec_providers(pot);
	}
}

/// What every condition of one evaluation shares.
pub(crate) struct ConditionContext<'a> {
	/// The asset whose rules are evaluated.
	pub rules: RwaAssetId,
	/// Its trusted issuers.
	pub trusted: &'a [DidId],
	/// Which conditions apply.
	pub scope: ConditionScope,
	/// Now, in Unix ms.
	pub now: Moment,
}

/// Which conditions of the requirements a movement evaluates.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum ConditionScope {
	/// Every condition.
	All,
	/// Only those that forbid something (`NoClaim`, `NotBlocked`): a holder paid back at
	/// maturity need not hold claims any more, but must not be sanctioned or blocked.
	ProhibitionsOnly,
}

/// A split bond and its two legs, which restrictions treat as one asset.
pub(crate) struct Family {
	/// The bond, whose rules all three follow.
	pub bond: RwaAssetId,
	/// Its principal leg.
	pub principal: RwaAssetId,
	/// Its yield leg.
	pub yield_asset: RwaAssetId,
}

impl Family {
	/// The bond and its two legs.
	pub fn members(&self) -> [RwaAssetId; 3] {
		[self.bond, self.principal, self.yield_asset]
	}

	/// The family `asset` belongs to, given its details and those of its rules asset (`None`
	/// when `asset` is its own rules asset).
	fn of<AccountId, Balance>(
		asset: RwaAssetId,
		details: &AssetDetails<AccountId, Balance>,
		rules: RwaAssetId,
		rules_details: Option<&AssetDetails<AccountId, Balance>>,
	) -> Option<Family> {
		let bond_split = if rules == asset { &details.split } else { &rules_details?.split };
		match bond_split {
			SplitRole::Parent { principal, yield_asset } => {
				Some(Family { bond: rules, principal: *principal, yield_asset: *yield_asset })
			},
			_ => None,
		}
	}
}

/// The facts about one movement that the restrictions look at.
struct MovementFacts<'a, T: Config> {
	asset: RwaAssetId,
	details: &'a AssetDetailsOf<T>,
	/// The bond's details when `asset` is a leg.
	rules_details: Option<&'a AssetDetailsOf<T>>,
	family: Option<&'a Family>,
	/// The sender, unless the movement mints or the split vault sends.
	from: Option<&'a T::AccountId>,
	/// The receiver, unless the movement burns or the split vault receives.
	to: Option<&'a T::AccountId>,
	sender: Option<&'a Holding<BalanceOf<T>>>,
	receiver: Option<&'a Holding<BalanceOf<T>>>,
	burns: bool,
	amount: BalanceOf<T>,
}

impl<T: Config> MovementFacts<'_, T> {
	/// Whether the receiver becomes a new holder and the holder count (of the family, if any)
	/// would then exceed `max`.
	fn joins_beyond(&self, max: u32) -> bool {
		let Some(receiver) = self.receiver else { return false };
		if self.amount.is_zero() {
			return false;
		}
		let (joins, leaves, holders) = match self.family {
			None => (
				receiver.balance.is_zero(),
				self.from.is_some() && self.sender.is_some_and(|s| s.balance == self.amount),
				self.details.holders,
			),
			// In a family an account joins when it held none of the three and leaves when
			// this movement takes its last unit of any of them.
			Some(family) => (
				receiver.balance.is_zero()
					&& self.to.is_none_or(|who| !self.holds_other(family, who)),
				self.from.is_some_and(|who| {
					self.sender.is_some_and(|s| s.balance == self.amount)
						&& !self.holds_other(family, who)
				}),
				FamilyHolders::<T>::get(family.bond),
			),
		};
		let after = holders.saturating_add(joins as u32).saturating_sub((joins && leaves) as u32);
		joins && after > max
	}

	/// Whether `who` holds a member of `family` other than the moving asset.
	fn holds_other(&self, family: &Family, who: &T::AccountId) -> bool {
		family
			.members()
			.into_iter()
			.filter(|member| *member != self.asset)
			.any(|member| Holdings::<T>::get(member, who).is_some_and(|h| !h.balance.is_zero()))
	}

	/// The receiver's position after the movement: its balance, or in a split family its bond
	/// units plus the larger of its legs.
	fn receiver_position(&self) -> Option<BalanceOf<T>> {
		let receiver = self.receiver?;
		let Some(family) = self.family else {
			return Some(receiver.balance.saturating_add(self.amount));
		};
		let who = self.to?;
		let units = |member: RwaAssetId| {
			let held = if member == self.asset {
				receiver.balance
			} else {
				Holdings::<T>::get(member, who).map(|h| h.balance).unwrap_or_default()
			};
			if member == self.asset {
				held.saturating_add(self.amount)
			} else {
				held
			}
		};
		let legs = units(family.principal).max(units(family.yield_asset));
		Some(units(family.bond).saturating_add(legs))
	}

	/// The supply an ownership share is measured against: the bond's supply after the
	/// movement. An issuance is measured against the supply cap, or not at all without one:
	/// from zero supply the first units would otherwise always exceed any share below 100 %.
	fn ownership_base(&self) -> Option<BalanceOf<T>> {
		let bond = self.rules_details.unwrap_or(self.details);
		let moves_bond = self.family.is_none_or(|f| f.bond == self.asset);
		if self.sender.is_none() && moves_bond {
			return bond.supply_cap;
		}
		let supply = bond.supply;
		Some(if moves_bond && self.burns { supply.saturating_sub(self.amount) } else { supply })
	}
}
