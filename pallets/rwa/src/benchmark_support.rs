//! Worst-case compliance set-ups shared by this pallet's benchmarks and by other pallets'
//! benchmarks (through `AssetTransferCheck::make_worst_case_compliant`).

use crate::{pallet::*, types::*, BalanceOf, ConditionOf, RequirementsOf, RestrictionsOf};
use alloc::{vec, vec::Vec};
use mooring_primitives::identity::{ClaimAttributes, ClaimVerifier, DidId, SchemaId};
use polkadot_sdk::{
	frame_support::{traits::Get, BoundedVec},
	sp_runtime::{
		traits::{Bounded, Saturating, Zero},
		Permill,
	},
};

/// The KYC schema of benchmark claims.
pub const SCHEMA: SchemaId = [7; 32];
/// The issuer of benchmark claims.
pub const CLAIM_ISSUER: DidId = [8; 32];

/// Gives `who` a valid, high-tier KYC claim of [`SCHEMA`] from [`CLAIM_ISSUER`].
pub fn kyc<T: Config>(who: &T::AccountId) {
	T::ClaimVerifier::set_valid_claim(
		who,
		&SCHEMA,
		ClaimAttributes {
			issuer: CLAIM_ISSUER,
			kyc_tier: 5,
			jurisdiction: Some(*b"SG"),
			accredited: true,
			expires_at: None,
		},
	);
}

/// A KYC condition on `side`; `pass: false` asks for a tier no claim has, looked up against
/// the asset's trusted issuer list.
fn condition<T: Config>(side: Side, pass: bool) -> ConditionOf<T> {
	let (tier, issuers) =
		if pass { (1, IssuerSource::SchemaDefault) } else { (200, IssuerSource::AssetTrusted) };
	Condition { side, kind: ConditionKind::KycTierAtLeast { schema: SCHEMA, tier }, issuers }
}

/// `r` requirements holding `c` conditions in total, arranged so that every condition is
/// evaluated: each requirement but the last fails on its last condition (a receiver
/// condition), the last requirement passes.
pub fn requirements<T: Config>(r: u32, c: u32) -> RequirementsOf<T> {
	let mut list = Vec::new();
	for i in 0..r {
		let count = c / r + u32::from(i < c % r);
		let last_requirement = i + 1 == r;
		let conditions = (0..count)
			.map(|j| {
				let fails = !last_requirement && j + 1 == count;
				let side = if fails || j % 2 == 1 { Side::Receiver } else { Side::Sender };
				condition::<T>(side, !fails)
			})
			.collect::<Vec<_>>();
		list.push(Requirement { conditions: BoundedVec::truncate_from(conditions) });
	}
	BoundedVec::truncate_from(list)
}

/// One of each restriction, none of them refusing.
pub fn all_restrictions<T: Config>() -> RestrictionsOf<T> {
	let max = BalanceOf::<T>::max_value();
	BoundedVec::truncate_from(vec![
		Restriction::MaxHolders(u32::MAX),
		Restriction::MaxBalancePerHolder(max),
		Restriction::MaxOwnership(Permill::one()),
		Restriction::LockupUntil(0),
		Restriction::TransferVolume { period: 86_400_000, max },
	])
}

/// A full trusted issuer list ending with [`CLAIM_ISSUER`].
pub fn trusted_issuers<T: Config>() -> crate::TrustedIssuersOf<T> {
	// Fillers are `0xEE..EE ++ i`, never equal to `CLAIM_ISSUER` whatever the list's bound.
	let filler = |i: u32| {
		let mut did = [0xEE; 32];
		did[28..].copy_from_slice(&i.to_be_bytes());
		did
	};
	let mut issuers: Vec<DidId> = (1..T::MaxTrustedIssuers::get()).map(filler).collect();
	issuers.push(CLAIM_ISSUER);
	BoundedVec::truncate_from(issuers)
}

/// A stored item without deposit (benchmark set-up only).
fn free_deposit<T: Config, V>(who: &T::AccountId, value: V) -> crate::DepositedOf<T, V> {
	Deposited { value, depositor: who.clone(), deposit: Zero::zero() }
}

/// Makes a transfer of `asset` from `from` to `to` pass the check while doing the most work:
/// creates the asset if needed, writes the largest requirement list (every condition
/// evaluated), a full trusted issuer list and every restriction, gives both accounts valid
/// claims and `from` a large balance. Writes storage directly (no deposits).
pub fn make_worst_case_compliant<T: Config>(
	asset: RwaAssetId,
	from: &T::AccountId,
	to: &T::AccountId,
) {
	let mut details = Assets::<T>::get(asset).unwrap_or_else(|| AssetDetails {
		owner: from.clone(),
		class: AssetClass::Other,
		decimals: 0,
		supply: Zero::zero(),
		supply_cap: None,
		maturity: None,
		holders: 0,
		paused: false,
		compliance_paused: false,
		checkpoints: 0,
		split: SplitRole::None,
		deposit: Zero::zero(),
	});
	let rules = details.split.parent().unwrap_or(asset);
	Requirements::<T>::insert(
		rules,
		free_deposit::<T, _>(
			from,
			requirements::<T>(T::MaxRequirements::get(), T::MaxConditions::get()),
		),
	);
	TrustedIssuers::<T>::insert(rules, free_deposit::<T, _>(from, trusted_issuers::<T>()));
	Restrictions::<T>::insert(rules, free_deposit::<T, _>(from, all_restrictions::<T>()));
	kyc::<T>(from);
	kyc::<T>(to);
	let big = BalanceOf::<T>::max_value() / 4u32.into();
	let mut holding = Holdings::<T>::get(asset, from).unwrap_or_default();
	if holding.balance.is_zero() {
		details.holders = details.holders.saturating_add(1);
	}
	details.supply = details.supply.saturating_sub(holding.balance).saturating_add(big);
	holding.balance = big;
	Holdings::<T>::insert(asset, from, holding);
	Assets::<T>::insert(asset, details);
}
