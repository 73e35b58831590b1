//! Benchmarks (FRAME v2) of every call, on its worst path: an asset rather than the native
//! token, a regulated asset, a receiver that requires a claim, and for `pay`, `pay_handle` and
//! `pay_invoice` a sponsored fee with a nearly full block of sponsored payers.

use super::*;
use crate::Pallet as Payments;
use alloc::vec::Vec;
use mooring_primitives::identity::{ClaimAttributes, ClaimVerifier, SchemaId};
use polkadot_sdk::{
	frame_benchmarking::v2::*,
	frame_support::{
		traits::{
			fungible::{Inspect as _, Mutate as _},
			fungibles::{Inspect as _, Mutate as _},
			EnsureOrigin, Get,
		},
		BoundedVec,
	},
	frame_system::{self, RawOrigin},
	sp_runtime::{traits::StaticLookup, Perbill, Saturating},
};

const SEED: u32 = 0;
const SCHEMA: SchemaId = [1; 32];
/// Unix ms at the start of every benchmark.
const NOW: Moment = 1_000_000_000;

/// The longest well-formed handle.
fn long_handle() -> Handle {
	Handle::truncate_from(b"abcdefghijklmnopqrstuvwxyz012345".to_vec())
}

/// A unit of value comfortably above the existential deposit and every storage deposit.
fn unit<T: Config>() -> BalanceOf<T> {
	let deposit = Payments::<T>::deposit_for::<StreamId, StreamOf<T>>();
	deposit.saturating_add(T::Currency::minimum_balance()).saturating_add(1u32.into())
}

/// An account with plenty of native funds.
fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who: T::AccountId = account(name, index, SEED);
	T::Currency::set_balance(&who, unit::<T>().saturating_mul(1_000_000u32.into()));
	who
}

/// What the benchmarks pay.
fn amount<T: Config>() -> BalanceOf<T> {
	unit::<T>().saturating_mul(100u32.into())
}

/// A regulated asset that `holders` hold, with transfers between `from` and `to` compliant.
fn regulated_asset<T: Config>(
	from: &T::AccountId,
	to: &T::AccountId,
	holders: &[&T::AccountId],
) -> AssetKindOf<T> {
	let id = T::BenchmarkHelper::create_asset(0);
	for who in holders {
		T::Assets::mint_into(id.clone(), who, amount::<T>().saturating_mul(1_000u32.into()))
			.expect("benchmark asset is mintable");
	}
	T::AssetCompliance::make_worst_case_compliant(&id, from, to);
	AssetKind::Asset(id)
}

/// `receiver` requires `SCHEMA` of its payers and `payer` holds it.
fn require_claim<T: Config>(payer: &T::AccountId, receiver: &T::AccountId) {
	T::ClaimVerifier::set_valid_claim(payer, &SCHEMA, ClaimAttributes::default());
	Payments::<T>::set_payer_requirement(RawOrigin::Signed(receiver.clone()).into(), Some(SCHEMA))
		.expect("receiver can pay the deposit");
}

/// `sponsor` sponsors payments in `asset` with a large budget, and the block's sponsored-payer
/// list is one short of full.
fn sponsor<T: Config>(sponsor: &T::AccountId, asset: &AssetKindOf<T>) {
	let budget = unit::<T>().saturating_mul(1_000u32.into());
	let origin = || RawOrigin::Signed(sponsor.clone());
	let terms = SponsorTerms {
		max_fee_per_payment: budget,
		max_payments_per_block: u32::MAX,
		asset: asset.clone(),
		min_amount: 0u32.into(),
	};
	Payments::<T>::set_sponsorship(origin().into(), terms).expect("deposit");
	Payments::<T>::fund_sponsorship(origin().into(), budget).expect("funded");
	let others = T::MaxSponsoredPerBlock::get().saturating_sub(1);
	let payers: Vec<T::AccountId> = (0..others).map(|i| account("sponsored", i, SEED)).collect();
	SponsoredPayers::<T>::put(SponsoredBlock {
		block: frame_system::Pallet::<T>::block_number(),
		payers: BoundedVec::truncate_from(payers),
	});
}

/// The sponsored path ran if the fee oracle reports an uncharged signer (as in benchmarks).
fn assert_sponsored<T: Config>(sponsor: &T::AccountId) {
	if !T::FeeOracle::signer_was_charged() {
		assert_eq!(Sponsorships::<T>::get(sponsor).map(|s| s.used_in_block), Some(1));
	}
}

fn simple_terms<T: Config>(asset: AssetKindOf<T>) -> SponsorTermsOf<T> {
	SponsorTerms {
		max_fee_per_payment: amount::<T>(),
		max_payments_per_block: 10,
		asset,
		min_amount: amount::<T>(),
	}
}

fn setup<T: Config>() {
	T::BenchmarkHelper::set_time(NOW);
}

/// Payer and payee set up for the worst case of a payment between them.
fn worst_case_parties<T: Config>() -> (T::AccountId, T::AccountId, AssetKindOf<T>) {
	setup::<T>();
	let payer = funded::<T>("payer", 0);
	let payee = funded::<T>("payee", 0);
	let asset = regulated_asset::<T>(&payer, &payee, &[&payer]);
	require_claim::<T>(&payer, &payee);
	(payer, payee, asset)
}

fn create_escrow_between<T: Config>(
	payer: &T::AccountId,
	payee: &T::AccountId,
	asset: &AssetKindOf<T>,
	arbiter: Option<T::AccountId>,
) -> EscrowId {
	let id = NextEscrowId::<T>::get();
	Payments::<T>::create_escrow(
		RawOrigin::Signed(payer.clone()).into(),
		T::Lookup::unlookup(payee.clone()),
		asset.clone(),
		amount::<T>(),
		arbiter.map(T::Lookup::unlookup),
		NOW + 1_000,
		Some([0; 32]),
	)
	.expect("escrow created");
	id
}

fn create_stream_between<T: Config>(
	sender: &T::AccountId,
	recipient: &T::AccountId,
	asset: &AssetKindOf<T>,
) -> StreamId {
	let id = NextStreamId::<T>::get();
	Payments::<T>::create_stream(
		RawOrigin::Signed(sender.clone()).into(),
		T::Lookup::unlookup(recipient.clone()),
		asset.clone(),
		amount::<T>(),
		NOW,
		Some(NOW + 100),
		NOW + 1_000,
	)
	.expect("stream created");
	id
}

fn asset_balance<T: Config>(asset: &AssetKindOf<T>, who: &T::AccountId) -> BalanceOf<T> {
	match asset {
		AssetKind::Native => T::Currency::balance(who),
		AssetKind::Asset(id) => T::Assets::balance(id.clone(), who),
	}
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn register_handle() {
		let caller = funded::<T>("caller", 0);
		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()), long_handle());
		assert_eq!(Handles::<T>::get(long_handle()).map(|r| r.owner), Some(caller));
	}

	#[benchmark]
	fn transfer_handle() {
		let caller = funded::<T>("caller", 0);
		let new_owner = funded::<T>("new_owner", 0);
		Payments::<T>::register_handle(RawOrigin::Signed(caller.clone()).into(), long_handle())
			.unwrap();
		#[extrinsic_call]
		_(RawOrigin::Signed(caller), long_handle(), T::Lookup::unlookup(new_owner.clone()));
		assert_eq!(Handles::<T>::get(long_handle()).map(|r| r.owner), Some(new_owner));
	}

	#[benchmark]
	fn release_handle() {
		let caller = funded::<T>("caller", 0);
		Payments::<T>::register_handle(RawOrigin::Signed(caller.clone()).into(), long_handle())
			.unwrap();
		#[extrinsic_call]
		_(RawOrigin::Signed(caller), long_handle());
		assert!(!Handles::<T>::contains_key(long_handle()));
	}

	#[benchmark]
	fn set_handle_preferences() {
		let caller = funded::<T>("caller", 0);
		Payments::<T>::register_handle(RawOrigin::Signed(caller.clone()).into(), long_handle())
			.unwrap();
		let max = T::MaxAssetPreferences::get();
		let preferred = AssetKind::Asset(T::BenchmarkHelper::create_asset(0));
		let mut refused = alloc::vec![AssetKind::Native];
		refused.extend((1..max).map(|i| AssetKind::Asset(T::BenchmarkHelper::create_asset(i))));
		let preferences = ReceivePreferences {
			preferred: Some(preferred),
			only_preferred: false,
			refused: BoundedVec::truncate_from(refused),
		};
		#[extrinsic_call]
		_(RawOrigin::Signed(caller), long_handle(), preferences.clone());
		assert_eq!(Handles::<T>::get(long_handle()).map(|r| r.preferences), Some(preferences));
	}

	#[benchmark]
	fn reserve_handle() -> Result<(), BenchmarkError> {
		let origin =
			T::ReserveOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, long_handle());
		assert!(ReservedHandles::<T>::contains_key(long_handle()));
		Ok(())
	}

	#[benchmark]
	fn unreserve_handle() -> Result<(), BenchmarkError> {
		let origin =
			T::ReserveOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		ReservedHandles::<T>::insert(long_handle(), ());
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, long_handle());
		assert!(!ReservedHandles::<T>::contains_key(long_handle()));
		Ok(())
	}

	#[benchmark]
	fn assign_reserved_handle() -> Result<(), BenchmarkError> {
		let origin =
			T::ReserveOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		// Worst case: a user registered it before it was reserved and gets the deposit back.
		let previous = funded::<T>("previous", 0);
		let owner = funded::<T>("owner", 0);
		Payments::<T>::register_handle(RawOrigin::Signed(previous).into(), long_handle()).unwrap();
		ReservedHandles::<T>::insert(long_handle(), ());
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, long_handle(), T::Lookup::unlookup(owner.clone()));
		assert_eq!(Handles::<T>::get(long_handle()).map(|r| r.owner), Some(owner));
		Ok(())
	}

	#[benchmark]
	fn pay() {
		let (payer, payee, asset) = worst_case_parties::<T>();
		sponsor::<T>(&payee, &asset);
		let before = asset_balance::<T>(&asset, &payee);
		#[extrinsic_call]
		_(
			RawOrigin::Signed(payer),
			T::Lookup::unlookup(payee.clone()),
			asset.clone(),
			amount::<T>(),
			Some([0; 32]),
		);
		assert_eq!(asset_balance::<T>(&asset, &payee), before + amount::<T>());
		assert_sponsored::<T>(&payee);
	}

	#[benchmark]
	fn pay_handle() {
		let (payer, payee, asset) = worst_case_parties::<T>();
		sponsor::<T>(&payee, &asset);
		Payments::<T>::register_handle(RawOrigin::Signed(payee.clone()).into(), long_handle())
			.unwrap();
		let refused: Vec<_> = (1..T::MaxAssetPreferences::get())
			.map(|i| AssetKind::Asset(T::BenchmarkHelper::create_asset(i)))
			.collect();
		let preferences = ReceivePreferences {
			preferred: Some(asset.clone()),
			only_preferred: false,
			refused: BoundedVec::truncate_from(refused),
		};
		Payments::<T>::set_handle_preferences(
			RawOrigin::Signed(payee.clone()).into(),
			long_handle(),
			preferences,
		)
		.unwrap();
		let before = asset_balance::<T>(&asset, &payee);
		#[extrinsic_call]
		_(RawOrigin::Signed(payer), long_handle(), asset.clone(), amount::<T>(), Some([0; 32]));
		assert_eq!(asset_balance::<T>(&asset, &payee), before + amount::<T>());
		assert_sponsored::<T>(&payee);
	}

	#[benchmark]
	fn batch_pay(n: Linear<1, { T::MaxPayouts::get() }>) {
		setup::<T>();
		let payer = funded::<T>("payer", 0);
		let recipients: Vec<T::AccountId> = (0..n).map(|i| funded::<T>("recipient", i)).collect();
		let asset = regulated_asset::<T>(&payer, &recipients[0], &[&payer]);
		for recipient in &recipients {
			require_claim::<T>(&payer, recipient);
		}
		let payouts: Vec<_> = recipients.iter().map(|r| (r.clone(), amount::<T>())).collect();
		#[extrinsic_call]
		_(RawOrigin::Signed(payer), asset.clone(), BoundedVec::truncate_from(payouts), None);
		assert!(asset_balance::<T>(&asset, &recipients[0]) >= amount::<T>());
	}

	#[benchmark]
	fn set_payer_requirement() {
		let caller = funded::<T>("caller", 0);
		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()), Some(SCHEMA));
		assert!(PayerRequirements::<T>::contains_key(caller));
	}

	#[benchmark]
	fn create_invoice() {
		setup::<T>();
		let merchant = funded::<T>("merchant", 0);
		let payer = funded::<T>("payer", 0);
		let asset = regulated_asset::<T>(&payer, &merchant, &[&payer]);
		#[extrinsic_call]
		_(
			RawOrigin::Signed(merchant),
			Some(T::Lookup::unlookup(payer)),
			asset,
			amount::<T>(),
			Some(NOW + 1_000),
			[0; 32],
		);
		assert!(Invoices::<T>::contains_key(0));
	}

	#[benchmark]
	fn cancel_invoice() {
		setup::<T>();
		let merchant = funded::<T>("merchant", 0);
		Payments::<T>::create_invoice(
			RawOrigin::Signed(merchant.clone()).into(),
			None,
			AssetKind::Native,
			amount::<T>(),
			Some(NOW + 1_000),
			[0; 32],
		)
		.unwrap();
		#[extrinsic_call]
		_(RawOrigin::Signed(merchant), 0);
		assert_eq!(
			Payments::<T>::invoice_view(0).map(|v| v.status),
			Some(InvoiceStatus::Cancelled)
		);
	}

	#[benchmark]
	fn assign_invoice() {
		setup::<T>();
		let merchant = funded::<T>("merchant", 0);
		let financier: T::AccountId = account("financier", 0, SEED);
		Payments::<T>::create_invoice(
			RawOrigin::Signed(merchant.clone()).into(),
			None,
			AssetKind::Native,
			amount::<T>(),
			Some(NOW + 1_000),
			[0; 32],
		)
		.unwrap();
		#[extrinsic_call]
		_(RawOrigin::Signed(merchant), 0, T::Lookup::unlookup(financier.clone()));
		assert_eq!(Invoices::<T>::get(0).map(|i| i.holder), Some(financier));
	}

	#[benchmark]
	fn pay_invoice() {
		let (payer, holder, asset) = worst_case_parties::<T>();
		sponsor::<T>(&holder, &asset);
		Payments::<T>::create_invoice(
			RawOrigin::Signed(holder.clone()).into(),
			Some(T::Lookup::unlookup(payer.clone())),
			asset.clone(),
			amount::<T>(),
			Some(NOW + 1_000),
			[0; 32],
		)
		.unwrap();
		#[extrinsic_call]
		_(RawOrigin::Signed(payer), 0, amount::<T>());
		assert_eq!(Payments::<T>::invoice_view(0).map(|v| v.status), Some(InvoiceStatus::Paid));
		assert_sponsored::<T>(&holder);
	}

	#[benchmark]
	fn close_invoice() {
		setup::<T>();
		let merchant = funded::<T>("merchant", 0);
		let payer = funded::<T>("payer", 0);
		Payments::<T>::create_invoice(
			RawOrigin::Signed(merchant.clone()).into(),
			None,
			AssetKind::Native,
			amount::<T>(),
			None,
			[0; 32],
		)
		.unwrap();
		Payments::<T>::pay_invoice(RawOrigin::Signed(payer).into(), 0, amount::<T>()).unwrap();
		#[extrinsic_call]
		_(RawOrigin::Signed(merchant), 0);
		assert!(!Invoices::<T>::contains_key(0));
	}

	#[benchmark]
	fn create_escrow() {
		let (payer, payee, asset) = worst_case_parties::<T>();
		let arbiter: T::AccountId = account("arbiter", 0, SEED);
		#[extrinsic_call]
		_(
			RawOrigin::Signed(payer),
			T::Lookup::unlookup(payee),
			asset,
			amount::<T>(),
			Some(T::Lookup::unlookup(arbiter)),
			NOW + 1_000,
			Some([0; 32]),
		);
		assert!(Escrows::<T>::contains_key(0));
	}

	#[benchmark]
	fn release_escrow() {
		let (payer, payee, asset) = worst_case_parties::<T>();
		let id = create_escrow_between::<T>(&payer, &payee, &asset, None);
		#[extrinsic_call]
		_(RawOrigin::Signed(payer), id);
		assert!(!Escrows::<T>::contains_key(id));
	}

	#[benchmark]
	fn refund_escrow() {
		let (payer, payee, asset) = worst_case_parties::<T>();
		let id = create_escrow_between::<T>(&payer, &payee, &asset, None);
		#[extrinsic_call]
		_(RawOrigin::Signed(payee), id);
		assert!(!Escrows::<T>::contains_key(id));
	}

	#[benchmark]
	fn claim_escrow() {
		let (payer, payee, asset) = worst_case_parties::<T>();
		let id = create_escrow_between::<T>(&payer, &payee, &asset, None);
		T::BenchmarkHelper::set_time(NOW + 1_000);
		#[extrinsic_call]
		_(RawOrigin::Signed(payee), id);
		assert!(!Escrows::<T>::contains_key(id));
	}

	#[benchmark]
	fn resolve_escrow() {
		let (payer, payee, asset) = worst_case_parties::<T>();
		let arbiter: T::AccountId = account("arbiter", 0, SEED);
		let id = create_escrow_between::<T>(&payer, &payee, &asset, Some(arbiter.clone()));
		#[extrinsic_call]
		_(RawOrigin::Signed(arbiter), id, Resolution::Split(Perbill::from_percent(50)));
		assert!(!Escrows::<T>::contains_key(id));
	}

	#[benchmark]
	fn create_stream() {
		let (sender, recipient, asset) = worst_case_parties::<T>();
		#[extrinsic_call]
		_(
			RawOrigin::Signed(sender),
			T::Lookup::unlookup(recipient),
			asset,
			amount::<T>(),
			NOW,
			Some(NOW + 100),
			NOW + 1_000,
		);
		assert!(Streams::<T>::contains_key(0));
	}

	#[benchmark]
	fn withdraw_from_stream() {
		let (sender, recipient, asset) = worst_case_parties::<T>();
		let id = create_stream_between::<T>(&sender, &recipient, &asset);
		// The last withdrawal also finishes the stream and returns the deposit.
		T::BenchmarkHelper::set_time(NOW + 1_000);
		#[extrinsic_call]
		_(RawOrigin::Signed(recipient), id);
		assert!(!Streams::<T>::contains_key(id));
	}

	#[benchmark]
	fn cancel_stream() {
		let (sender, recipient, asset) = worst_case_parties::<T>();
		let id = create_stream_between::<T>(&sender, &recipient, &asset);
		T::BenchmarkHelper::set_time(NOW + 500);
		#[extrinsic_call]
		_(RawOrigin::Signed(sender), id);
		assert!(!Streams::<T>::contains_key(id));
	}

	#[benchmark]
	fn top_up_stream() {
		let (sender, recipient, asset) = worst_case_parties::<T>();
		let id = create_stream_between::<T>(&sender, &recipient, &asset);
		T::BenchmarkHelper::set_time(NOW + 500);
		#[extrinsic_call]
		_(RawOrigin::Signed(sender), id, amount::<T>(), Some(NOW + 2_000));
		assert_eq!(Streams::<T>::get(id).map(|s| s.stop), Some(NOW + 2_000));
	}

	#[benchmark]
	fn set_sponsorship() {
		let caller = funded::<T>("caller", 0);
		let asset = AssetKind::Asset(T::BenchmarkHelper::create_asset(0));
		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()), simple_terms::<T>(asset));
		assert!(Sponsorships::<T>::contains_key(caller));
	}

	#[benchmark]
	fn fund_sponsorship() {
		let caller = funded::<T>("caller", 0);
		Payments::<T>::set_sponsorship(
			RawOrigin::Signed(caller.clone()).into(),
			simple_terms::<T>(AssetKind::Native),
		)
		.unwrap();
		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()), amount::<T>());
		assert_eq!(Sponsorships::<T>::get(caller).map(|s| s.budget), Some(amount::<T>()));
	}

	#[benchmark]
	fn withdraw_sponsorship() {
		let caller = funded::<T>("caller", 0);
		let origin = || RawOrigin::Signed(caller.clone());
		Payments::<T>::set_sponsorship(origin().into(), simple_terms::<T>(AssetKind::Native))
			.unwrap();
		Payments::<T>::fund_sponsorship(origin().into(), amount::<T>()).unwrap();
		#[extrinsic_call]
		_(origin(), amount::<T>());
		assert_eq!(
			Sponsorships::<T>::get(&caller).map(|s| s.budget),
			Some(BalanceOf::<T>::from(0u32))
		);
	}

	#[benchmark]
	fn remove_sponsorship() {
		let caller = funded::<T>("caller", 0);
		let origin = || RawOrigin::Signed(caller.clone());
		Payments::<T>::set_sponsorship(origin().into(), simple_terms::<T>(AssetKind::Native))
			.unwrap();
		Payments::<T>::fund_sponsorship(origin().into(), amount::<T>()).unwrap();
		#[extrinsic_call]
		_(origin());
		assert!(!Sponsorships::<T>::contains_key(&caller));
	}

	impl_benchmark_test_suite!(Payments, crate::mock::new_test_ext(), crate::mock::Test);
}
