//! Benchmarks (FRAME v2) of every call of the RWA pallet.
//!
//! Worst cases: the caller is an agent at the end of a full agent list; the asset has a
//! checkpoint, so every balance change also records the checkpoint balance; it has every kind
//! of restriction; and its `r` requirements hold `c` conditions (summed) arranged so that every
//! condition is evaluated: each requirement but the last fails on its last condition (a KYC tier
//! no claim reaches, looked up against a full trusted-issuer list), the last one passes (see
//! `benchmark_support`). Each condition costs one `ClaimVerifier::valid_claim` lookup, so `c`
//! measures how compliance grows.

use super::*;
use crate::{
	benchmark_support::{all_restrictions, kyc, requirements, trusted_issuers},
	Pallet as Rwa,
};
use alloc::{vec, vec::Vec};
use mooring_primitives::identity::DidId;
use polkadot_sdk::{
	frame_benchmarking::v2::*,
	frame_support::{
		traits::{fungible::Mutate as _, Get},
		BoundedVec,
	},
	frame_system::RawOrigin,
	sp_runtime::traits::Bounded,
};

const SEED: u32 = 0;

/// An amount of units or payment.
fn units<T: Config>(n: u32) -> BalanceOf<T> {
	n.into()
}

/// An account with plenty of native funds.
fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who: T::AccountId = account(name, index, SEED);
	// Far above any deposit a runtime charges, far below what could overflow the issuance.
	let amount = BalanceOf::<T>::max_value() / units::<T>(1 << 20);
	T::Currency::set_balance(&who, amount);
	who
}

/// A funded, KYC'd account.
fn investor<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who = funded::<T>(name, index);
	kyc::<T>(&who);
	who
}

/// A bounded vec of `len` copies of `item`.
fn filled<I: Clone, S: Get<u32>>(item: I, len: u32) -> BoundedVec<I, S> {
	BoundedVec::truncate_from(vec![item; len as usize])
}

/// Creates a bond with maximal metadata; returns (owner, asset).
fn bond<T: Config>() -> (T::AccountId, RwaAssetId) {
	let owner = funded::<T>("owner", 0);
	let asset = NextAssetId::<T>::get();
	let docs =
		filled(Document { kind: DocumentKind::Terms, hash: [1; 32] }, T::MaxDocuments::get());
	Rwa::<T>::create_asset(
		RawOrigin::Signed(owner.clone()).into(),
		filled(b'n', T::StringLimit::get()),
		filled(b's', T::StringLimit::get()),
		2,
		AssetClass::Bond,
		docs,
		None,
		Some(Rwa::<T>::now() + 1_000_000_000),
	)
	.expect("bond created");
	(owner, asset)
}

/// Fills the agent list; the returned agent (last in the list) has every permission.
fn agent<T: Config>(owner: &T::AccountId, asset: RwaAssetId) -> T::AccountId {
	let max = T::MaxAgents::get();
	for i in 0..max.saturating_sub(1) {
		let other: T::AccountId = account("other_agent", i, SEED);
		let mint = AgentPermissions::of(&[Permission::Mint]);
		Rwa::<T>::set_agent(RawOrigin::Signed(owner.clone()).into(), asset, other, mint)
			.expect("agent added");
	}
	let agent = funded::<T>("agent", 0);
	Rwa::<T>::set_agent(
		RawOrigin::Signed(owner.clone()).into(),
		asset,
		agent.clone(),
		AgentPermissions::ALL,
	)
	.expect("agent added");
	agent
}

/// Sets `r`/`c` requirements, a full trusted issuer list, every restriction (permissive) and a
/// checkpoint on `asset`.
fn rules<T: Config>(owner: &T::AccountId, asset: RwaAssetId, r: u32, c: u32) {
	let origin = || RawOrigin::Signed(owner.clone());
	Rwa::<T>::set_requirements(origin().into(), asset, requirements::<T>(r, c)).expect("set");
	Rwa::<T>::set_trusted_issuers(origin().into(), asset, trusted_issuers::<T>()).expect("set");
	Rwa::<T>::set_restrictions(origin().into(), asset, all_restrictions::<T>()).expect("set");
	Rwa::<T>::create_checkpoint(origin().into(), asset).expect("checkpoint");
}

/// Issues `amount` to `to` as `owner`.
fn give<T: Config>(owner: &T::AccountId, asset: RwaAssetId, to: &T::AccountId, amount: u32) {
	Rwa::<T>::issue(RawOrigin::Signed(owner.clone()).into(), asset, to.clone(), units::<T>(amount))
		.expect("issued");
}

/// A bond with the max rules, split enabled, and a holder that split half of its 1 000 units.
fn split_bond<T: Config>(
	r: u32,
	c: u32,
) -> (T::AccountId, RwaAssetId, RwaAssetId, RwaAssetId, T::AccountId) {
	let (owner, asset) = bond::<T>();
	let holder = investor::<T>("holder", 0);
	rules::<T>(&owner, asset, r, c);
	give::<T>(&owner, asset, &holder, 1_000);
	Rwa::<T>::enable_split(RawOrigin::Signed(owner.clone()).into(), asset).expect("split on");
	let SplitRole::Parent { principal, yield_asset } = Assets::<T>::get(asset).unwrap().split
	else {
		panic!("split enabled")
	};
	Rwa::<T>::split(RawOrigin::Signed(holder.clone()).into(), asset, units::<T>(500))
		.expect("split");
	(owner, asset, principal, yield_asset, holder)
}

/// Lets the asset mature now (benchmarks cannot move the clock).
fn mature<T: Config>(asset: RwaAssetId) {
	Assets::<T>::mutate(asset, |d| d.as_mut().unwrap().maturity = Some(Rwa::<T>::now()));
}

/// A distribution of 1 000 payment units on `asset`, funded by `owner`; returns its id.
fn distribution<T: Config>(owner: &T::AccountId, asset: RwaAssetId) -> DistributionId {
	let payment = T::BenchmarkHelper::create_payment_asset(owner, units::<T>(1_000_000));
	let id = NextDistributionId::<T>::get();
	Rwa::<T>::create_distribution(
		RawOrigin::Signed(owner.clone()).into(),
		asset,
		None,
		PaymentAsset::Asset(payment),
		units::<T>(1_000),
		Rwa::<T>::now() + 1_000_000,
	)
	.expect("distribution");
	id
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn create_asset() {
		let owner = funded::<T>("owner", 0);
		let docs =
			filled(Document { kind: DocumentKind::Terms, hash: [1; 32] }, T::MaxDocuments::get());
		#[extrinsic_call]
		_(
			RawOrigin::Signed(owner.clone()),
			filled(b'n', T::StringLimit::get()),
			filled(b's', T::StringLimit::get()),
			18,
			AssetClass::Bond,
			docs,
			Some(units::<T>(1_000_000)),
			Some(Rwa::<T>::now() + 1_000),
		);
		assert_eq!(Assets::<T>::get(0).unwrap().owner, owner);
	}

	#[benchmark]
	fn set_documents() {
		let (owner, asset) = bond::<T>();
		let docs =
			filled(Document { kind: DocumentKind::Report, hash: [2; 32] }, T::MaxDocuments::get());
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), asset, docs.clone());
		assert_eq!(Metadata::<T>::get(asset).unwrap().documents, docs);
	}

	#[benchmark]
	fn set_agent() {
		let (owner, asset) = bond::<T>();
		for i in 0..T::MaxAgents::get().saturating_sub(1) {
			let other: T::AccountId = account("other_agent", i, SEED);
			Rwa::<T>::set_agent(
				RawOrigin::Signed(owner.clone()).into(),
				asset,
				other,
				AgentPermissions::ALL,
			)
			.unwrap();
		}
		let new: T::AccountId = account("agent", 0, SEED);
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), asset, new.clone(), AgentPermissions::ALL);
		assert_eq!(Agents::<T>::get(asset).unwrap().value.len() as u32, T::MaxAgents::get());
	}

	#[benchmark]
	fn issue(
		r: Linear<1, { T::MaxRequirements::get() }>,
		c: Linear<0, { T::MaxConditions::get() }>,
	) {
		let (owner, asset) = bond::<T>();
		let agent = agent::<T>(&owner, asset);
		rules::<T>(&owner, asset, r, c);
		let to = investor::<T>("to", 0);
		#[extrinsic_call]
		_(RawOrigin::Signed(agent), asset, to.clone(), units::<T>(100));
		assert_eq!(Holdings::<T>::get(asset, &to).unwrap().balance, units::<T>(100));
	}

	#[benchmark]
	fn issue_batch(n: Linear<1, { T::MaxBatch::get() }>) {
		let (owner, asset) = bond::<T>();
		let agent = agent::<T>(&owner, asset);
		rules::<T>(&owner, asset, T::MaxRequirements::get(), T::MaxConditions::get());
		let batch: Vec<_> = (0..n).map(|i| (investor::<T>("to", i), units::<T>(10))).collect();
		#[extrinsic_call]
		_(RawOrigin::Signed(agent), asset, BoundedVec::truncate_from(batch));
		assert_eq!(Assets::<T>::get(asset).unwrap().supply, units::<T>(10 * n));
	}

	#[benchmark]
	fn redeem() {
		let (owner, asset) = bond::<T>();
		let agent = agent::<T>(&owner, asset);
		rules::<T>(&owner, asset, 1, 0);
		let holder = investor::<T>("holder", 0);
		give::<T>(&owner, asset, &holder, 100);
		#[extrinsic_call]
		_(RawOrigin::Signed(agent), asset, holder.clone(), units::<T>(100));
		assert!(Holdings::<T>::get(asset, &holder).is_none());
	}

	#[benchmark]
	fn redeem_batch(n: Linear<1, { T::MaxBatch::get() }>) {
		let (owner, asset) = bond::<T>();
		let agent = agent::<T>(&owner, asset);
		rules::<T>(&owner, asset, 1, 0);
		let batch: Vec<_> = (0..n)
			.map(|i| {
				let holder = investor::<T>("holder", i);
				give::<T>(&owner, asset, &holder, 10);
				(holder, units::<T>(10))
			})
			.collect();
		#[extrinsic_call]
		_(RawOrigin::Signed(agent), asset, BoundedVec::truncate_from(batch));
		assert!(Assets::<T>::get(asset).unwrap().supply.is_zero());
	}

	#[benchmark]
	fn transfer(
		r: Linear<1, { T::MaxRequirements::get() }>,
		c: Linear<0, { T::MaxConditions::get() }>,
	) {
		let (owner, asset) = bond::<T>();
		let from = investor::<T>("from", 0);
		let to = investor::<T>("to", 0);
		rules::<T>(&owner, asset, r, c);
		give::<T>(&owner, asset, &from, 100);
		#[extrinsic_call]
		_(RawOrigin::Signed(from), asset, to.clone(), units::<T>(40));
		assert_eq!(Holdings::<T>::get(asset, &to).unwrap().balance, units::<T>(40));
	}

	#[benchmark]
	fn transfer_batch(n: Linear<1, { T::MaxBatch::get() }>) {
		let (owner, asset) = bond::<T>();
		let from = investor::<T>("from", 0);
		rules::<T>(&owner, asset, T::MaxRequirements::get(), T::MaxConditions::get());
		give::<T>(&owner, asset, &from, 1_000);
		let batch: Vec<_> = (0..n).map(|i| (investor::<T>("to", i), units::<T>(10))).collect();
		#[extrinsic_call]
		_(RawOrigin::Signed(from.clone()), asset, BoundedVec::truncate_from(batch));
		assert_eq!(Holdings::<T>::get(asset, &from).unwrap().balance, units::<T>(1_000 - 10 * n));
	}

	#[benchmark]
	fn approve() {
		let (_, asset) = bond::<T>();
		let owner = funded::<T>("holder", 0);
		let spender: T::AccountId = account("spender", 0, SEED);
		#[extrinsic_call]
		_(RawOrigin::Signed(owner.clone()), asset, spender.clone(), units::<T>(100));
		assert!(Approvals::<T>::contains_key((asset, &owner, &spender)));
	}

	#[benchmark]
	fn transfer_from(
		r: Linear<1, { T::MaxRequirements::get() }>,
		c: Linear<0, { T::MaxConditions::get() }>,
	) {
		let (owner, asset) = bond::<T>();
		let from = investor::<T>("from", 0);
		let to = investor::<T>("to", 0);
		let spender = funded::<T>("spender", 0);
		rules::<T>(&owner, asset, r, c);
		give::<T>(&owner, asset, &from, 100);
		Rwa::<T>::approve(
			RawOrigin::Signed(from.clone()).into(),
			asset,
			spender.clone(),
			units::<T>(40),
		)
		.unwrap();
		#[extrinsic_call]
		_(RawOrigin::Signed(spender), asset, from.clone(), to.clone(), units::<T>(40));
		assert_eq!(Holdings::<T>::get(asset, &to).unwrap().balance, units::<T>(40));
	}

	#[benchmark]
	fn set_requirements(
		r: Linear<1, { T::MaxRequirements::get() }>,
		c: Linear<0, { T::MaxConditions::get() }>,
	) {
		let (owner, asset) = bond::<T>();
		let agent = agent::<T>(&owner, asset);
		let full = requirements::<T>(T::MaxRequirements::get(), T::MaxConditions::get());
		Rwa::<T>::set_requirements(RawOrigin::Signed(owner).into(), asset, full).unwrap();
		#[extrinsic_call]
		_(RawOrigin::Signed(agent), asset, requirements::<T>(r, c));
		assert_eq!(Requirements::<T>::get(asset).unwrap().value.len() as u32, r);
	}

	#[benchmark]
	fn set_trusted_issuers() {
		let (owner, asset) = bond::<T>();
		let agent = agent::<T>(&owner, asset);
		let issuers: Vec<DidId> = (0..T::MaxTrustedIssuers::get()).map(|i| [i as u8; 32]).collect();
		#[extrinsic_call]
		_(RawOrigin::Signed(agent), asset, BoundedVec::truncate_from(issuers));
		assert!(TrustedIssuers::<T>::contains_key(asset));
	}

	#[benchmark]
	fn set_restrictions() {
		let (owner, asset) = bond::<T>();
		let agent = agent::<T>(&owner, asset);
		#[extrinsic_call]
		_(RawOrigin::Signed(agent), asset, all_restrictions::<T>());
		assert!(Restrictions::<T>::contains_key(asset));
	}

	#[benchmark]
	fn set_compliance_paused() {
		let (owner, asset) = bond::<T>();
		let agent = agent::<T>(&owner, asset);
		#[extrinsic_call]
		_(RawOrigin::Signed(agent), asset, true);
		assert!(Assets::<T>::get(asset).unwrap().compliance_paused);
	}

	#[benchmark]
	fn set_did_blocked() {
		let (owner, asset) = bond::<T>();
		let agent = agent::<T>(&owner, asset);
		for i in 1..T::MaxBlockedDids::get() {
			Rwa::<T>::set_did_blocked(
				RawOrigin::Signed(owner.clone()).into(),
				asset,
				[i as u8; 32],
				true,
			)
			.unwrap();
		}
		#[extrinsic_call]
		_(RawOrigin::Signed(agent), asset, [0; 32], true);
		assert_eq!(
			Blocklist::<T>::get(asset).unwrap().value.len() as u32,
			T::MaxBlockedDids::get()
		);
	}

	#[benchmark]
	fn set_asset_paused() {
		let (owner, asset) = bond::<T>();
		let agent = agent::<T>(&owner, asset);
		#[extrinsic_call]
		_(RawOrigin::Signed(agent), asset, true);
		assert!(Assets::<T>::get(asset).unwrap().paused);
	}

	#[benchmark]
	fn set_account_frozen() {
		let (owner, asset) = bond::<T>();
		let agent = agent::<T>(&owner, asset);
		rules::<T>(&owner, asset, 1, 0);
		let holder = investor::<T>("holder", 0);
		give::<T>(&owner, asset, &holder, 100);
		#[extrinsic_call]
		_(RawOrigin::Signed(agent), asset, holder.clone(), true);
		assert!(Holdings::<T>::get(asset, &holder).unwrap().account_frozen);
	}

	#[benchmark]
	fn set_frozen_balance() {
		let (owner, asset) = bond::<T>();
		let agent = agent::<T>(&owner, asset);
		rules::<T>(&owner, asset, 1, 0);
		let holder = investor::<T>("holder", 0);
		give::<T>(&owner, asset, &holder, 100);
		#[extrinsic_call]
		_(RawOrigin::Signed(agent), asset, holder.clone(), units::<T>(60));
		assert_eq!(Holdings::<T>::get(asset, &holder).unwrap().frozen, units::<T>(60));
	}

	#[benchmark]
	fn forced_transfer(
		r: Linear<1, { T::MaxRequirements::get() }>,
		c: Linear<0, { T::MaxConditions::get() }>,
	) {
		let (owner, asset) = bond::<T>();
		let agent = agent::<T>(&owner, asset);
		let from = investor::<T>("from", 0);
		let to = investor::<T>("to", 0);
		rules::<T>(&owner, asset, r, c);
		give::<T>(&owner, asset, &from, 100);
		#[extrinsic_call]
		_(RawOrigin::Signed(agent), asset, from, to.clone(), units::<T>(40));
		assert_eq!(Holdings::<T>::get(asset, &to).unwrap().balance, units::<T>(40));
	}

	#[benchmark]
	fn recover(
		r: Linear<1, { T::MaxRequirements::get() }>,
		c: Linear<0, { T::MaxConditions::get() }>,
	) {
		let (owner, asset) = bond::<T>();
		let agent = agent::<T>(&owner, asset);
		let lost = investor::<T>("lost", 0);
		let new = funded::<T>("new", 0);
		T::BenchmarkHelper::link_same_did(&lost, &new);
		kyc::<T>(&new);
		rules::<T>(&owner, asset, r, c);
		give::<T>(&owner, asset, &lost, 100);
		Rwa::<T>::set_frozen_balance(
			RawOrigin::Signed(owner.clone()).into(),
			asset,
			lost.clone(),
			units::<T>(10),
		)
		.unwrap();
		#[extrinsic_call]
		_(RawOrigin::Signed(agent), asset, lost.clone(), new.clone());
		assert_eq!(RecoveredTo::<T>::get(asset, &lost), Some(new));
	}

	#[benchmark]
	fn create_checkpoint() {
		let (owner, asset, _, yield_asset, _) =
			split_bond::<T>(T::MaxRequirements::get(), T::MaxConditions::get());
		let agent = agent::<T>(&owner, asset);
		#[extrinsic_call]
		_(RawOrigin::Signed(agent), asset);
		assert_eq!(Assets::<T>::get(yield_asset).unwrap().checkpoints, 1);
	}

	#[benchmark]
	fn create_distribution() {
		let (owner, asset, ..) = split_bond::<T>(1, 0);
		let agent = agent::<T>(&owner, asset);
		let payment = T::BenchmarkHelper::create_payment_asset(&agent, units::<T>(1_000_000));
		#[extrinsic_call]
		_(
			RawOrigin::Signed(agent),
			asset,
			None,
			PaymentAsset::Asset(payment),
			units::<T>(1_000),
			Rwa::<T>::now() + 1_000,
		);
		assert!(Distributions::<T>::contains_key(0));
	}

	#[benchmark]
	fn claim_distribution(
		r: Linear<1, { T::MaxRequirements::get() }>,
		c: Linear<0, { T::MaxConditions::get() }>,
	) {
		let (owner, asset, _, yield_asset, holder) = split_bond::<T>(r, c);
		let id = distribution::<T>(&owner, asset);
		// Change the holder's balances after the checkpoint so both are looked up in history.
		let other = investor::<T>("other", 0);
		let origin = || RawOrigin::Signed(holder.clone());
		Rwa::<T>::transfer(origin().into(), asset, other.clone(), units::<T>(1)).unwrap();
		Rwa::<T>::transfer(origin().into(), yield_asset, other, units::<T>(1)).unwrap();
		#[extrinsic_call]
		_(origin(), id, holder.clone());
		assert!(DistributionPaid::<T>::contains_key(id, &holder));
	}

	#[benchmark]
	fn push_distribution(n: Linear<1, { T::MaxBatch::get() }>) {
		let (owner, asset, _, yield_asset, holder) =
			split_bond::<T>(T::MaxRequirements::get(), T::MaxConditions::get());
		let holders: Vec<T::AccountId> = (0..n)
			.map(|i| {
				let to = investor::<T>("to", i);
				let origin = RawOrigin::Signed(holder.clone());
				Rwa::<T>::transfer(origin.clone().into(), asset, to.clone(), units::<T>(1))
					.unwrap();
				Rwa::<T>::transfer(origin.into(), yield_asset, to.clone(), units::<T>(1)).unwrap();
				to
			})
			.collect();
		let id = distribution::<T>(&owner, asset);
		let agent = agent::<T>(&owner, asset);
		#[extrinsic_call]
		_(RawOrigin::Signed(agent), id, BoundedVec::truncate_from(holders.clone()));
		assert!(holders.iter().all(|h| DistributionPaid::<T>::contains_key(id, h)));
	}

	#[benchmark]
	fn reclaim_distribution(k: Linear<0, { T::MaxClaimCleanup::get() }>) {
		let (owner, asset, ..) = split_bond::<T>(1, 0);
		let id = distribution::<T>(&owner, asset);
		for i in 0..k {
			let paid: T::AccountId = account("paid", i, SEED);
			DistributionPaid::<T>::insert(id, paid, ());
		}
		Distributions::<T>::mutate(id, |d| d.as_mut().unwrap().expires_at = Rwa::<T>::now());
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id);
		assert!(!Distributions::<T>::contains_key(id));
		assert_eq!(DistributionPaid::<T>::iter_prefix(id).count(), 0);
	}

	#[benchmark]
	fn set_nav() {
		let (owner, asset) = bond::<T>();
		let agent = agent::<T>(&owner, asset);
		let now = Rwa::<T>::now();
		#[extrinsic_call]
		_(RawOrigin::Signed(agent), asset, units::<T>(101), PaymentAsset::Native, now);
		assert!(Navs::<T>::contains_key(asset));
	}

	#[benchmark]
	fn open_redemption() {
		let (owner, asset) = bond::<T>();
		let agent = agent::<T>(&owner, asset);
		mature::<T>(asset);
		let payment = T::BenchmarkHelper::create_payment_asset(&agent, units::<T>(1_000_000));
		#[extrinsic_call]
		_(
			RawOrigin::Signed(agent),
			asset,
			PaymentAsset::Asset(payment),
			units::<T>(100),
			units::<T>(100_000),
			Rwa::<T>::now() + 1_000,
		);
		assert!(Redemptions::<T>::contains_key(asset));
	}

	#[benchmark]
	fn redeem_at_maturity(
		r: Linear<1, { T::MaxRequirements::get() }>,
		c: Linear<0, { T::MaxConditions::get() }>,
	) {
		let (owner, asset, principal, _, holder) = split_bond::<T>(r, c);
		mature::<T>(asset);
		let payment = T::BenchmarkHelper::create_payment_asset(&owner, units::<T>(1_000_000));
		Rwa::<T>::open_redemption(
			RawOrigin::Signed(owner).into(),
			asset,
			PaymentAsset::Asset(payment),
			units::<T>(100),
			units::<T>(100_000),
			Rwa::<T>::now() + 1_000,
		)
		.unwrap();
		#[extrinsic_call]
		_(RawOrigin::Signed(holder.clone()), principal, units::<T>(100));
		assert_eq!(Holdings::<T>::get(principal, &holder).unwrap().balance, units::<T>(400));
	}

	#[benchmark]
	fn close_redemption() {
		let (owner, asset) = bond::<T>();
		mature::<T>(asset);
		let payment = T::BenchmarkHelper::create_payment_asset(&owner, units::<T>(1_000_000));
		Rwa::<T>::open_redemption(
			RawOrigin::Signed(owner.clone()).into(),
			asset,
			PaymentAsset::Asset(payment),
			units::<T>(100),
			units::<T>(100_000),
			Rwa::<T>::now() + 1_000,
		)
		.unwrap();
		Redemptions::<T>::mutate(asset, |d| d.as_mut().unwrap().expires_at = Rwa::<T>::now());
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), asset);
		assert!(!Redemptions::<T>::contains_key(asset));
	}

	#[benchmark]
	fn enable_split() {
		let (owner, asset) = bond::<T>();
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), asset);
		assert!(matches!(Assets::<T>::get(asset).unwrap().split, SplitRole::Parent { .. }));
	}

	#[benchmark]
	fn split(
		r: Linear<1, { T::MaxRequirements::get() }>,
		c: Linear<0, { T::MaxConditions::get() }>,
	) {
		let (_, asset, principal, _, holder) = split_bond::<T>(r, c);
		#[extrinsic_call]
		_(RawOrigin::Signed(holder.clone()), asset, units::<T>(100));
		assert_eq!(Holdings::<T>::get(principal, &holder).unwrap().balance, units::<T>(600));
	}

	#[benchmark]
	fn recombine(
		r: Linear<1, { T::MaxRequirements::get() }>,
		c: Linear<0, { T::MaxConditions::get() }>,
	) {
		let (_, asset, principal, _, holder) = split_bond::<T>(r, c);
		#[extrinsic_call]
		_(RawOrigin::Signed(holder.clone()), asset, units::<T>(100));
		assert_eq!(Holdings::<T>::get(principal, &holder).unwrap().balance, units::<T>(400));
	}

	impl_benchmark_test_suite!(Rwa, crate::mock::new_test_ext(), crate::mock::Test);
}
