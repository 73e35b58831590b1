//! Unit and property tests of the payments pallet.

use crate::{mock::*, *};
use codec::Encode;
use mooring_primitives::identity::SchemaId;
use polkadot_sdk::{
	frame_support::{
		assert_noop, assert_ok,
		dispatch::GetDispatchInfo,
		traits::{fungible::Inspect as _, fungibles::Inspect as _},
		BoundedVec,
	},
	pallet_skip_feeless_payment::SkipCheckIfFeeless,
	pallet_transaction_payment::ChargeTransactionPayment,
	sp_runtime::{
		traits::{DispatchTransaction, Dispatchable},
		transaction_validity::{InvalidTransaction, TransactionValidityError},
		DispatchError, Perbill, TokenError,
	},
};

const KYC: SchemaId = [7; 32];
const MEMO: MemoHash = [9; 32];
const NATIVE: AssetKind<AssetId> = AssetKind::Native;
const USD_ASSET: AssetKind<AssetId> = AssetKind::Asset(USD);
const RWA_ASSET: AssetKind<AssetId> = AssetKind::Asset(RWA);

fn h(raw: &[u8]) -> Handle {
	Handle::truncate_from(raw.to_vec())
}

fn signed(who: AccountId) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

fn payments_events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Payments(e) => Some(e),
			_ => None,
		})
		.collect()
}

fn has_event(event: Event<Test>) -> bool {
	payments_events().contains(&event)
}

fn deposit_held(who: AccountId) -> Balance {
	Payments::held(&NATIVE, HoldReason::StorageDeposit, &who)
}

fn handle_deposit() -> Balance {
	Payments::deposit_for::<Handle, HandleRecordOf<Test>>()
}

fn invoice_deposit() -> Balance {
	Payments::deposit_for::<InvoiceId, InvoiceOf<Test>>()
}

fn escrow_deposit() -> Balance {
	Payments::deposit_for::<EscrowId, EscrowOf<Test>>()
}

fn stream_deposit() -> Balance {
	Payments::deposit_for::<StreamId, StreamOf<Test>>()
}

fn usd(who: AccountId) -> Balance {
	Assets::balance(USD, who)
}

fn rwa(who: AccountId) -> Balance {
	Assets::balance(RWA, who)
}

fn native(who: AccountId) -> Balance {
	Balances::free_balance(who)
}

fn register(who: AccountId, handle: &[u8]) {
	assert_ok!(Payments::register_handle(signed(who), h(handle)));
}

fn prefs(
	preferred: Option<AssetKind<AssetId>>,
	only_preferred: bool,
	refused: Vec<AssetKind<AssetId>>,
) -> PreferencesOf<Test> {
	ReceivePreferences { preferred, only_preferred, refused: BoundedVec::truncate_from(refused) }
}

fn require_kyc(receiver: AccountId) {
	assert_ok!(Payments::set_payer_requirement(signed(receiver), Some(KYC)));
}

fn give_kyc(who: AccountId) {
	Claims::mutate(|c| c.push((who, KYC)));
}

fn block(who: AccountId) {
	BlockedAccounts::mutate(|b| b.push(who));
}

// ---------------------------------------------------------------------------------------------
// Handle rules
// ---------------------------------------------------------------------------------------------

#[test]
fn handle_rules_accept_and_fold() {
	assert_eq!(canonical_handle(b"alice").unwrap().to_vec(), b"alice".to_vec());
	assert_eq!(canonical_handle(b"a1b").unwrap().to_vec(), b"a1b".to_vec());
	assert_eq!(canonical_handle(b"Alice_Pay").unwrap().to_vec(), b"alice-pay".to_vec());
	assert_eq!(canonical_handle(b"alice-pay").unwrap().to_vec(), b"alice-pay".to_vec());
	assert_eq!(canonical_handle(b"shop-2-go").unwrap().to_vec(), b"shop-2-go".to_vec());
	let longest = [b'a'; MAX_HANDLE_LEN as usize];
	assert!(canonical_handle(&longest).is_ok());
}

#[test]
fn handle_rules_refuse_malformed() {
	use HandleError::*;
	assert_eq!(canonical_handle(b"ab"), Err(TooShort));
	assert_eq!(canonical_handle(b""), Err(TooShort));
	assert_eq!(canonical_handle(&[b'a'; MAX_HANDLE_LEN as usize + 1]), Err(TooLong));
	assert_eq!(canonical_handle(b"1abc"), Err(MustStartWithLetter));
	assert_eq!(canonical_handle(b"-abc"), Err(MustStartWithLetter));
	assert_eq!(canonical_handle(b"_abc"), Err(MustStartWithLetter));
	assert_eq!(canonical_handle(b"abc-"), Err(MustEndWithLetterOrDigit));
	assert_eq!(canonical_handle(b"abc_"), Err(MustEndWithLetterOrDigit));
	assert_eq!(canonical_handle(b"ab--c"), Err(ConsecutiveSeparators));
	assert_eq!(canonical_handle(b"ab_-c"), Err(ConsecutiveSeparators));
	assert_eq!(canonical_handle(b"ab c"), Err(InvalidCharacter));
	assert_eq!(canonical_handle(b"ab.c"), Err(InvalidCharacter));
	// Cyrillic "а" (U+0430) looks like Latin "a".
	assert_eq!(canonical_handle("аlice".as_bytes()), Err(InvalidCharacter));
}

/// Stored sizes with the runtime's types (32-byte accounts, u128 balances, u32 asset ids and
/// 8 refused assets), which `docs/payments.md` quotes for the deposits.
#[test]
fn stored_item_sizes_with_runtime_types() {
	use codec::MaxEncodedLen;
	use polkadot_sdk::{frame_support::traits::ConstU32, sp_runtime::AccountId32};
	let handle = Handle::max_encoded_len()
		+ HandleRecord::<AccountId32, u128, u32, ConstU32<8>>::max_encoded_len();
	let invoice = u64::max_encoded_len() + Invoice::<AccountId32, u32, u128>::max_encoded_len();
	let escrow = u64::max_encoded_len() + Escrow::<AccountId32, u32, u128>::max_encoded_len();
	let stream = u64::max_encoded_len() + Stream::<AccountId32, u32, u128>::max_encoded_len();
	assert_eq!((handle, invoice, escrow, stream), (129, 224, 183, 173));
}

// ---------------------------------------------------------------------------------------------
// Handles
// ---------------------------------------------------------------------------------------------

#[test]
fn register_handle_holds_deposit() {
	new_test_ext().execute_with(|| {
		register(ALICE, b"Alice_Pay");
		let record = Handles::<Test>::get(h(b"alice-pay")).unwrap();
		assert_eq!(record.owner, ALICE);
		assert_eq!(record.deposit, handle_deposit());
		assert!(handle_deposit() > DepositBase::get());
		assert_eq!(deposit_held(ALICE), handle_deposit());
		assert_eq!(native(ALICE), INITIAL - handle_deposit());
		assert!(has_event(Event::HandleRegistered {
			handle: h(b"alice-pay"),
			owner: ALICE,
			deposit: handle_deposit(),
		}));
	});
}

#[test]
fn register_handle_errors() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			Payments::register_handle(RuntimeOrigin::none(), h(b"alice")),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Payments::register_handle(signed(ALICE), h(b"al")),
			Error::<Test>::HandleTooShort
		);
		assert_noop!(
			Payments::register_handle(signed(ALICE), h(b"9al")),
			Error::<Test>::HandleMustStartWithLetter
		);
		assert_noop!(
			Payments::register_handle(signed(ALICE), h(b"al-")),
			Error::<Test>::HandleMustEndWithLetterOrDigit
		);
		assert_noop!(
			Payments::register_handle(signed(ALICE), h(b"a--l")),
			Error::<Test>::HandleConsecutiveSeparators
		);
		assert_noop!(
			Payments::register_handle(signed(ALICE), h(b"a l")),
			Error::<Test>::HandleInvalidCharacter
		);
		assert_noop!(
			Payments::register_handle(signed(ALICE), h(b"ADMIN")),
			Error::<Test>::HandleReserved
		);
		register(ALICE, b"alice-pay");
		// Look-alike spellings are the same handle.
		assert_noop!(
			Payments::register_handle(signed(BOB), h(b"alice_pay")),
			Error::<Test>::HandleTaken
		);
		assert_noop!(
			Payments::register_handle(signed(BOB), h(b"ALICE-PAY")),
			Error::<Test>::HandleTaken
		);
		// No funds for the deposit.
		assert_noop!(
			Payments::register_handle(signed(NOBODY), h(b"nobody")),
			TokenError::FundsUnavailable
		);
	});
}

#[test]
fn transfer_handle_moves_deposit_and_resets_preferences() {
	new_test_ext().execute_with(|| {
		register(ALICE, b"shop");
		assert_ok!(Payments::set_handle_preferences(
			signed(ALICE),
			h(b"shop"),
			prefs(Some(USD_ASSET), false, vec![])
		));
		assert_ok!(Payments::transfer_handle(signed(ALICE), h(b"SHOP"), BOB));
		let record = Handles::<Test>::get(h(b"shop")).unwrap();
		assert_eq!(record.owner, BOB);
		assert_eq!(record.preferences, Default::default());
		assert_eq!(deposit_held(ALICE), 0);
		assert_eq!(native(ALICE), INITIAL - handle_deposit());
		assert_eq!(deposit_held(BOB), handle_deposit());
		assert_eq!(native(BOB), INITIAL);
		assert!(has_event(Event::HandleTransferred { handle: h(b"shop"), from: ALICE, to: BOB }));
		// The new owner releases it and gets the deposit.
		assert_ok!(Payments::release_handle(signed(BOB), h(b"shop")));
		assert_eq!(native(BOB), INITIAL + handle_deposit());
	});
}

#[test]
fn transfer_handle_errors() {
	new_test_ext().execute_with(|| {
		register(ALICE, b"shop");
		assert_noop!(
			Payments::transfer_handle(signed(BOB), h(b"shop"), CHARLIE),
			Error::<Test>::NotHandleOwner
		);
		assert_noop!(
			Payments::transfer_handle(signed(ALICE), h(b"nope"), CHARLIE),
			Error::<Test>::UnknownHandle
		);
		assert_noop!(
			Payments::transfer_handle(signed(ALICE), h(b"shop"), ALICE),
			Error::<Test>::SelfPayment
		);
		assert_ok!(Payments::assign_reserved_handle(RuntimeOrigin::root(), h(b"admin"), ALICE));
		assert_noop!(
			Payments::transfer_handle(signed(ALICE), h(b"admin"), BOB),
			Error::<Test>::HandleReserved
		);
	});
}

#[test]
fn release_handle_returns_deposit() {
	new_test_ext().execute_with(|| {
		register(ALICE, b"shop");
		assert_noop!(
			Payments::release_handle(signed(BOB), h(b"shop")),
			Error::<Test>::NotHandleOwner
		);
		assert_noop!(
			Payments::release_handle(signed(ALICE), h(b"none")),
			Error::<Test>::UnknownHandle
		);
		assert_ok!(Payments::release_handle(signed(ALICE), h(b"shop")));
		assert!(Handles::<Test>::get(h(b"shop")).is_none());
		assert_eq!(native(ALICE), INITIAL);
		assert_eq!(deposit_held(ALICE), 0);
		assert!(has_event(Event::HandleReleased { handle: h(b"shop"), owner: ALICE }));
		// Free again.
		register(BOB, b"shop");
	});
}

#[test]
fn set_handle_preferences_validates() {
	new_test_ext().execute_with(|| {
		register(ALICE, b"shop");
		let good = prefs(Some(USD_ASSET), true, vec![RWA_ASSET]);
		assert_ok!(Payments::set_handle_preferences(signed(ALICE), h(b"shop"), good.clone()));
		assert_eq!(Handles::<Test>::get(h(b"shop")).unwrap().preferences, good);
		assert!(has_event(Event::HandlePreferencesSet { handle: h(b"shop"), preferences: good }));
		assert_noop!(
			Payments::set_handle_preferences(signed(BOB), h(b"shop"), Default::default()),
			Error::<Test>::NotHandleOwner
		);
		assert_noop!(
			Payments::set_handle_preferences(signed(ALICE), h(b"shop"), prefs(None, true, vec![])),
			Error::<Test>::NoPreferredAsset
		);
		assert_noop!(
			Payments::set_handle_preferences(
				signed(ALICE),
				h(b"shop"),
				prefs(Some(USD_ASSET), false, vec![USD_ASSET])
			),
			Error::<Test>::PreferredAssetRefused
		);
		assert_noop!(
			Payments::set_handle_preferences(
				signed(ALICE),
				h(b"shop"),
				prefs(None, false, vec![RWA_ASSET, NATIVE, RWA_ASSET])
			),
			Error::<Test>::DuplicateAsset
		);
		assert_noop!(
			Payments::set_handle_preferences(
				signed(ALICE),
				h(b"shop"),
				prefs(Some(AssetKind::Asset(NO_ASSET)), false, vec![])
			),
			Error::<Test>::UnknownAsset
		);
	});
}

#[test]
fn reserved_handles_are_governance_only() {
	new_test_ext().execute_with(|| {
		assert_noop!(Payments::reserve_handle(signed(ALICE), h(b"sudo")), DispatchError::BadOrigin);
		assert_noop!(
			Payments::unreserve_handle(signed(ALICE), h(b"admin")),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Payments::assign_reserved_handle(signed(ALICE), h(b"admin"), ALICE),
			DispatchError::BadOrigin
		);
		assert_ok!(Payments::reserve_handle(RuntimeOrigin::root(), h(b"Sudo")));
		assert!(has_event(Event::HandleReserved { handle: h(b"sudo") }));
		assert_noop!(
			Payments::reserve_handle(RuntimeOrigin::root(), h(b"sudo")),
			Error::<Test>::HandleAlreadyReserved
		);
		assert_noop!(
			Payments::register_handle(signed(ALICE), h(b"sudo")),
			Error::<Test>::HandleReserved
		);
		assert_noop!(
			Payments::assign_reserved_handle(RuntimeOrigin::root(), h(b"free"), ALICE),
			Error::<Test>::HandleNotReserved
		);
		assert_ok!(Payments::assign_reserved_handle(RuntimeOrigin::root(), h(b"sudo"), ALICE));
		let record = Handles::<Test>::get(h(b"sudo")).unwrap();
		assert_eq!((record.owner, record.deposit), (ALICE, 0));
		assert!(has_event(Event::ReservedHandleAssigned { handle: h(b"sudo"), owner: ALICE }));
		assert_ok!(Payments::unreserve_handle(RuntimeOrigin::root(), h(b"sudo")));
		assert!(has_event(Event::HandleUnreserved { handle: h(b"sudo") }));
		assert_noop!(
			Payments::unreserve_handle(RuntimeOrigin::root(), h(b"sudo")),
			Error::<Test>::HandleNotReserved
		);
		// The assignee keeps it.
		assert_eq!(Handles::<Test>::get(h(b"sudo")).unwrap().owner, ALICE);
	});
}

#[test]
fn reserving_does_not_evict_but_assignment_refunds_previous_owner() {
	new_test_ext().execute_with(|| {
		register(BOB, b"bank");
		assert_ok!(Payments::reserve_handle(RuntimeOrigin::root(), h(b"bank")));
		assert_eq!(Handles::<Test>::get(h(b"bank")).unwrap().owner, BOB);
		assert_eq!(deposit_held(BOB), handle_deposit());
		assert_ok!(Payments::assign_reserved_handle(RuntimeOrigin::root(), h(b"bank"), CHARLIE));
		assert_eq!(deposit_held(BOB), 0);
		assert_eq!(native(BOB), INITIAL);
		assert_eq!(Handles::<Test>::get(h(b"bank")).unwrap().owner, CHARLIE);
		assert_eq!(deposit_held(CHARLIE), 0);
	});
}

#[test]
fn resolve_handle_returns_owner_did_and_preferences() {
	new_test_ext().execute_with(|| {
		register(ALICE, b"alice-shop");
		Dids::set(vec![(ALICE, [42; 32])]);
		require_kyc(ALICE);
		let preferences = prefs(Some(USD_ASSET), false, vec![RWA_ASSET]);
		assert_ok!(Payments::set_handle_preferences(signed(ALICE), h(b"alice-shop"), preferences));
		let resolved = Payments::resolve_handle(b"Alice_Shop").unwrap();
		assert_eq!(resolved.handle, b"alice-shop".to_vec());
		assert_eq!(resolved.owner, ALICE);
		assert_eq!(resolved.did, Some([42; 32]));
		assert_eq!(resolved.preferred, Some(USD_ASSET));
		assert!(!resolved.only_preferred);
		assert_eq!(resolved.refused, vec![RWA_ASSET]);
		assert_eq!(resolved.payer_requirement, Some(KYC));
		assert!(!resolved.reserved);
		register(BOB, b"bob");
		let bob = Payments::resolve_handle(b"bob").unwrap();
		assert_eq!((bob.did, bob.payer_requirement), (None, None));
		assert_eq!(Payments::resolve_handle(b"carol"), Err(ResolveError::Unknown));
		assert_eq!(
			Payments::resolve_handle(b"x"),
			Err(ResolveError::Malformed(HandleError::TooShort))
		);
		assert_eq!(
			Payments::resolve_handle(b"bob!"),
			Err(ResolveError::Malformed(HandleError::InvalidCharacter))
		);
		assert_ok!(Payments::assign_reserved_handle(RuntimeOrigin::root(), h(b"admin"), BOB));
		assert!(Payments::resolve_handle(b"admin").unwrap().reserved);
	});
}

// ---------------------------------------------------------------------------------------------
// Direct payments, handle payments and batches
// ---------------------------------------------------------------------------------------------

#[test]
fn pay_native_and_asset() {
	new_test_ext().execute_with(|| {
		assert_ok!(Payments::pay(signed(ALICE), BOB, NATIVE, 500, Some(MEMO)));
		assert_eq!((native(ALICE), native(BOB)), (INITIAL - 500, INITIAL + 500));
		assert!(has_event(Event::Paid {
			from: ALICE,
			to: BOB,
			asset: NATIVE,
			amount: 500,
			memo: Some(MEMO)
		}));
		assert_ok!(Payments::pay(signed(ALICE), BOB, USD_ASSET, 700, None));
		assert_eq!((usd(ALICE), usd(BOB)), (INITIAL_USD - 700, INITIAL_USD + 700));
		// A stablecoin-only account can pay in the stablecoin.
		assert_ok!(Payments::pay(signed(STABLE_ONLY), BOB, USD_ASSET, 100, None));
		assert_eq!(usd(STABLE_ONLY), INITIAL_USD - 100);
	});
}

#[test]
fn pay_errors() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			Payments::pay(RuntimeOrigin::root(), BOB, NATIVE, 1, None),
			DispatchError::BadOrigin
		);
		assert_noop!(Payments::pay(signed(ALICE), BOB, NATIVE, 0, None), Error::<Test>::ZeroAmount);
		assert_noop!(
			Payments::pay(signed(ALICE), ALICE, NATIVE, 1, None),
			Error::<Test>::SelfPayment
		);
		assert_noop!(
			Payments::pay(signed(ALICE), BOB, AssetKind::Asset(NO_ASSET), 1, None),
			Error::<Test>::UnknownAsset
		);
		// The payer keeps its existential deposit.
		assert_noop!(
			Payments::pay(signed(ALICE), BOB, NATIVE, INITIAL, None),
			Error::<Test>::InsufficientBalance
		);
		assert_noop!(
			Payments::pay(signed(ALICE), BOB, USD_ASSET, INITIAL_USD, None),
			Error::<Test>::InsufficientBalance
		);
		// A non-sufficient asset with a minimum balance of 10 cannot be sent in dust to NOBODY.
		assert_ok!(Assets::force_create(RuntimeOrigin::root(), 50, ALICE, false, 10));
		assert_ok!(Assets::mint(signed(ALICE), 50, ALICE, 1_000));
		assert_noop!(
			Payments::pay(signed(ALICE), NOBODY, AssetKind::Asset(50), 5, None),
			Error::<Test>::CannotReceive
		);
	});
}

#[test]
fn pay_handle_goes_to_owner() {
	new_test_ext().execute_with(|| {
		register(BOB, b"bob-shop");
		assert_ok!(Payments::pay_handle(signed(ALICE), h(b"BOB_SHOP"), USD_ASSET, 250, Some(MEMO)));
		assert_eq!(usd(BOB), INITIAL_USD + 250);
		assert!(has_event(Event::PaidToHandle {
			handle: h(b"bob-shop"),
			from: ALICE,
			to: BOB,
			asset: USD_ASSET,
			amount: 250,
			memo: Some(MEMO),
		}));
		assert_ok!(Payments::pay_handle(signed(ALICE), h(b"bob-shop"), NATIVE, 10, None));
		assert_eq!(native(BOB), INITIAL - handle_deposit() + 10);
	});
}

#[test]
fn pay_handle_errors_and_preferences() {
	new_test_ext().execute_with(|| {
		register(BOB, b"bob-shop");
		assert_noop!(
			Payments::pay_handle(signed(ALICE), h(b"nobody"), NATIVE, 1, None),
			Error::<Test>::UnknownHandle
		);
		assert_noop!(
			Payments::pay_handle(signed(ALICE), h(b"b!"), NATIVE, 1, None),
			Error::<Test>::HandleTooShort
		);
		assert_noop!(
			Payments::pay_handle(signed(BOB), h(b"bob-shop"), NATIVE, 1, None),
			Error::<Test>::SelfPayment
		);
		assert_ok!(Payments::set_handle_preferences(
			signed(BOB),
			h(b"bob-shop"),
			prefs(None, false, vec![NATIVE])
		));
		assert_noop!(
			Payments::pay_handle(signed(ALICE), h(b"bob-shop"), NATIVE, 1, None),
			Error::<Test>::AssetRefused
		);
		assert_ok!(Payments::pay_handle(signed(ALICE), h(b"bob-shop"), RWA_ASSET, 1, None));
		assert_ok!(Payments::set_handle_preferences(
			signed(BOB),
			h(b"bob-shop"),
			prefs(Some(USD_ASSET), true, vec![])
		));
		assert_noop!(
			Payments::pay_handle(signed(ALICE), h(b"bob-shop"), RWA_ASSET, 1, None),
			Error::<Test>::AssetRefused
		);
		assert_ok!(Payments::pay_handle(signed(ALICE), h(b"bob-shop"), USD_ASSET, 1, None));
	});
}

#[test]
fn batch_pay_is_atomic() {
	new_test_ext().execute_with(|| {
		let payouts = BoundedVec::truncate_from(vec![(BOB, 10), (CHARLIE, 20), (BOB, 5)]);
		assert_ok!(Payments::batch_pay(signed(ALICE), USD_ASSET, payouts, Some(MEMO)));
		assert_eq!(usd(BOB), INITIAL_USD + 15);
		assert_eq!(usd(CHARLIE), INITIAL_USD + 20);
		assert_eq!(usd(ALICE), INITIAL_USD - 35);
		assert!(has_event(Event::BatchPaid {
			from: ALICE,
			asset: USD_ASSET,
			count: 3,
			total: 35,
			memo: Some(MEMO),
		}));
		// One bad payout (to self) fails the whole batch through the dispatcher.
		let call = RuntimeCall::Payments(Call::batch_pay {
			asset: USD_ASSET,
			payouts: BoundedVec::truncate_from(vec![(BOB, 10), (ALICE, 20)]),
			memo: None,
		});
		assert_eq!(
			call.dispatch(signed(ALICE)).map_err(|e| e.error),
			Err(Error::<Test>::SelfPayment.into())
		);
		assert_eq!(usd(BOB), INITIAL_USD + 15);
		assert_noop!(
			Payments::batch_pay(signed(ALICE), USD_ASSET, BoundedVec::new(), None),
			Error::<Test>::EmptyBatch
		);
		assert_noop!(
			Payments::batch_pay(
				signed(ALICE),
				USD_ASSET,
				BoundedVec::truncate_from(vec![(BOB, 0)]),
				None
			),
			Error::<Test>::ZeroAmount
		);
	});
}

// ---------------------------------------------------------------------------------------------
// Compliance: payer requirements and regulated assets on every path
// ---------------------------------------------------------------------------------------------

#[test]
fn payer_requirement_set_and_clear() {
	new_test_ext().execute_with(|| {
		let deposit = Payments::deposit_for::<AccountId, PayerRequirement<Balance>>();
		require_kyc(BOB);
		assert_eq!(deposit_held(BOB), deposit);
		assert!(has_event(Event::PayerRequirementSet { receiver: BOB, schema: Some(KYC) }));
		// Changing the schema keeps the single deposit.
		assert_ok!(Payments::set_payer_requirement(signed(BOB), Some([8; 32])));
		assert_eq!(deposit_held(BOB), deposit);
		assert_eq!(PayerRequirements::<Test>::get(BOB).unwrap().schema, [8; 32]);
		assert_ok!(Payments::set_payer_requirement(signed(BOB), None));
		assert_eq!(deposit_held(BOB), 0);
		assert_eq!(native(BOB), INITIAL);
		assert_noop!(
			Payments::set_payer_requirement(signed(BOB), None),
			Error::<Test>::NoPayerRequirement
		);
	});
}

#[test]
fn payer_requirement_refuses_direct_handle_and_batch_payments() {
	new_test_ext().execute_with(|| {
		require_kyc(BOB);
		register(BOB, b"bob");
		let lacks = || Error::<Test>::PayerLacksRequiredClaim;
		assert_noop!(Payments::pay(signed(ALICE), BOB, NATIVE, 10, None), lacks());
		assert_noop!(Payments::pay_handle(signed(ALICE), h(b"bob"), USD_ASSET, 10, None), lacks());
		assert_noop!(
			Payments::batch_pay(
				signed(ALICE),
				NATIVE,
				BoundedVec::truncate_from(vec![(CHARLIE, 1), (BOB, 1)]),
				None
			),
			lacks()
		);
		give_kyc(ALICE);
		assert_ok!(Payments::pay(signed(ALICE), BOB, NATIVE, 10, None));
		assert_ok!(Payments::pay_handle(signed(ALICE), h(b"bob"), USD_ASSET, 10, None));
		assert_ok!(Payments::batch_pay(
			signed(ALICE),
			NATIVE,
			BoundedVec::truncate_from(vec![(CHARLIE, 1), (BOB, 1)]),
			None
		));
		// The requirement is the receiver's: BOB may still pay anyone.
		assert_ok!(Payments::pay(signed(BOB), CHARLIE, NATIVE, 10, None));
	});
}

#[test]
fn regulated_asset_refuses_direct_handle_and_batch_payments() {
	new_test_ext().execute_with(|| {
		block(BOB);
		register(BOB, b"bob");
		assert_noop!(Payments::pay(signed(ALICE), BOB, RWA_ASSET, 10, None), NOT_COMPLIANT);
		assert_noop!(
			Payments::pay_handle(signed(ALICE), h(b"bob"), RWA_ASSET, 10, None),
			NOT_COMPLIANT
		);
		assert_noop!(
			Payments::batch_pay(
				signed(ALICE),
				RWA_ASSET,
				BoundedVec::truncate_from(vec![(CHARLIE, 1), (BOB, 1)]),
				None
			),
			NOT_COMPLIANT
		);
		// Unregulated assets and the native token are not affected.
		assert_ok!(Payments::pay(signed(ALICE), BOB, USD_ASSET, 10, None));
		assert_ok!(Payments::pay(signed(ALICE), BOB, NATIVE, 10, None));
		// Blocked as a sender too.
		assert_noop!(Payments::pay(signed(BOB), ALICE, RWA_ASSET, 10, None), NOT_COMPLIANT);
	});
}

#[test]
fn compliance_refuses_invoice_payment() {
	new_test_ext().execute_with(|| {
		assert_ok!(Payments::create_invoice(signed(BOB), None, RWA_ASSET, 100, None, MEMO));
		assert_ok!(Payments::create_invoice(signed(BOB), None, NATIVE, 100, None, MEMO));
		block(ALICE);
		assert_noop!(Payments::pay_invoice(signed(ALICE), 0, 100), NOT_COMPLIANT);
		require_kyc(BOB);
		assert_noop!(
			Payments::pay_invoice(signed(ALICE), 1, 100),
			Error::<Test>::PayerLacksRequiredClaim
		);
		give_kyc(ALICE);
		assert_ok!(Payments::pay_invoice(signed(ALICE), 1, 100));
		// After assignment the new holder's requirement applies.
		assert_ok!(Payments::create_invoice(signed(CHARLIE), None, NATIVE, 100, None, MEMO));
		assert_ok!(Payments::assign_invoice(signed(CHARLIE), 2, DAVE));
		require_kyc(DAVE);
		assert_noop!(
			Payments::pay_invoice(signed(BOB), 2, 100),
			Error::<Test>::PayerLacksRequiredClaim
		);
	});
}

#[test]
fn compliance_refuses_escrow_creation_release_claim_and_resolution() {
	new_test_ext().execute_with(|| {
		// Creation.
		block(BOB);
		assert_noop!(
			Payments::create_escrow(signed(ALICE), BOB, RWA_ASSET, 100, None, T0 + 10, None),
			NOT_COMPLIANT
		);
		BlockedAccounts::set(vec![]);
		assert_ok!(Payments::create_escrow(
			signed(ALICE),
			BOB,
			RWA_ASSET,
			100,
			Some(CHARLIE),
			T0 + 10,
			None
		));
		// The payee loses its standing after creation: release, claim and a payee share of a
		// resolution are refused; a full refund is not a transfer and still works.
		block(BOB);
		assert_noop!(Payments::release_escrow(signed(ALICE), 0), NOT_COMPLIANT);
		set_time(T0 + 10);
		assert_noop!(Payments::claim_escrow(signed(BOB), 0), NOT_COMPLIANT);
		assert_noop!(
			Payments::resolve_escrow(
				signed(CHARLIE),
				0,
				Resolution::Split(Perbill::from_percent(50))
			),
			NOT_COMPLIANT
		);
		assert_ok!(Payments::resolve_escrow(
			signed(CHARLIE),
			0,
			Resolution::Amounts { to_payee: 0, to_payer: 100 }
		));
		assert_eq!(rwa(ALICE), INITIAL_USD);
		// A payer requirement also guards escrow release.
		BlockedAccounts::set(vec![]);
		assert_ok!(Payments::create_escrow(signed(ALICE), DAVE, NATIVE, 100, None, T0 + 100, None));
		require_kyc(DAVE);
		assert_noop!(
			Payments::release_escrow(signed(ALICE), 1),
			Error::<Test>::PayerLacksRequiredClaim
		);
		assert_noop!(
			Payments::create_escrow(signed(ALICE), DAVE, NATIVE, 100, None, T0 + 100, None),
			Error::<Test>::PayerLacksRequiredClaim
		);
		give_kyc(ALICE);
		assert_ok!(Payments::release_escrow(signed(ALICE), 1));
	});
}

#[test]
fn compliance_refuses_stream_creation_withdrawal_and_top_up() {
	new_test_ext().execute_with(|| {
		block(BOB);
		assert_noop!(
			Payments::create_stream(signed(ALICE), BOB, RWA_ASSET, 100, T0, None, T0 + 100),
			NOT_COMPLIANT
		);
		BlockedAccounts::set(vec![]);
		assert_ok!(Payments::create_stream(signed(ALICE), BOB, RWA_ASSET, 100, T0, None, T0 + 100));
		set_time(T0 + 50);
		block(BOB);
		assert_noop!(Payments::withdraw_from_stream(signed(BOB), 0), NOT_COMPLIANT);
		assert_noop!(Payments::top_up_stream(signed(ALICE), 0, 10, None), NOT_COMPLIANT);
		// Payer requirement on a native stream.
		BlockedAccounts::set(vec![]);
		require_kyc(CHARLIE);
		assert_noop!(
			Payments::create_stream(signed(ALICE), CHARLIE, NATIVE, 100, T0, None, T0 + 100),
			Error::<Test>::PayerLacksRequiredClaim
		);
		give_kyc(ALICE);
		assert_ok!(Payments::create_stream(
			signed(ALICE),
			CHARLIE,
			NATIVE,
			100,
			T0,
			None,
			T0 + 100
		));
		Claims::set(vec![]);
		assert_noop!(
			Payments::withdraw_from_stream(signed(CHARLIE), 1),
			Error::<Test>::PayerLacksRequiredClaim
		);
	});
}

#[test]
fn cancel_with_refused_recipient_leaves_share_pending() {
	new_test_ext().execute_with(|| {
		assert_ok!(Payments::create_stream(
			signed(ALICE),
			BOB,
			RWA_ASSET,
			1_000,
			T0,
			None,
			T0 + 1_000
		));
		set_time(T0 + 300);
		block(BOB);
		assert_ok!(Payments::cancel_stream(signed(ALICE), 0));
		assert!(has_event(Event::StreamCancelled {
			id: 0,
			to_sender: 700,
			to_recipient: 0,
			pending: 300
		}));
		// The sender got its share back at once; the recipient's stays held.
		assert_eq!(rwa(ALICE), INITIAL_USD - 300);
		assert_eq!(Payments::held(&RWA_ASSET, HoldReason::Stream, &ALICE), 300);
		assert_eq!(rwa(BOB), INITIAL_USD);
		// Nothing more accrues.
		set_time(T0 + 900);
		assert_eq!(Payments::stream_withdrawable(0), Some(300));
		assert_noop!(Payments::withdraw_from_stream(signed(BOB), 0), NOT_COMPLIANT);
		// Once compliant again the recipient withdraws exactly its share and the stream ends.
		BlockedAccounts::set(vec![]);
		assert_ok!(Payments::withdraw_from_stream(signed(BOB), 0));
		assert_eq!(rwa(BOB), INITIAL_USD + 300);
		assert!(Streams::<Test>::get(0).is_none());
		assert_eq!(deposit_held(ALICE), 0);
	});
}

/// Issue 19: every payment path charges the claim lookup and the regulated-asset check at
/// their uncached worst, and so does the check channels ask for.
#[test]
fn payments_charge_the_compliance_check_at_its_worst() {
	use mooring_primitives::compliance::TransferCheck;
	use polkadot_sdk::frame_support::{
		dispatch::GetDispatchInfo, traits::fungible::NativeOrWithId,
	};
	let unmeasured = MOCK_CLAIM_CHECK_WEIGHT.saturating_add(MOCK_ASSET_CHECK_WEIGHT);
	let pay = RuntimeCall::Payments(Call::pay { to: BOB, asset: NATIVE, amount: 1, memo: None });
	assert_eq!(
		pay.get_dispatch_info().call_weight,
		<() as WeightInfo>::pay().saturating_add(unmeasured)
	);
	let payouts = BoundedVec::try_from(vec![(BOB, 1), (CHARLIE, 1), (DAVE, 1)]).unwrap();
	let batch = RuntimeCall::Payments(Call::batch_pay { asset: NATIVE, payouts, memo: None });
	assert_eq!(
		batch.get_dispatch_info().call_weight,
		<() as WeightInfo>::batch_pay(3).saturating_add(unmeasured.saturating_mul(3))
	);
	let channel_check = <Payments as TransferCheck<_, NativeOrWithId<AssetId>, _>>::check_weight();
	assert!(channel_check.all_gte(unmeasured));
}

#[test]
fn channel_settlements_use_the_same_check() {
	use mooring_primitives::compliance::TransferCheck;
	use polkadot_sdk::frame_support::traits::fungible::NativeOrWithId;
	new_test_ext().execute_with(|| {
		let check = |asset, from, to| {
			<Payments as TransferCheck<_, _, _>>::check_transfer(&asset, &from, &to, 5)
		};
		assert_ok!(check(NativeOrWithId::WithId(RWA), ALICE, BOB));
		block(BOB);
		assert_eq!(check(NativeOrWithId::WithId(RWA), ALICE, BOB), Err(NOT_COMPLIANT));
		assert_ok!(check(NativeOrWithId::WithId(USD), ALICE, BOB));
		require_kyc(CHARLIE);
		assert_eq!(
			check(NativeOrWithId::Native, ALICE, CHARLIE),
			Err(Error::<Test>::PayerLacksRequiredClaim.into())
		);
		give_kyc(ALICE);
		assert_ok!(check(NativeOrWithId::Native, ALICE, CHARLIE));
		assert_eq!(AssetKind::from(NativeOrWithId::WithId(USD)), USD_ASSET);
		assert_eq!(NativeOrWithId::from(NATIVE), NativeOrWithId::<AssetId>::Native);
	});
}

// ---------------------------------------------------------------------------------------------
// Invoices
// ---------------------------------------------------------------------------------------------

#[test]
fn invoice_lifecycle_paid_once() {
	new_test_ext().execute_with(|| {
		assert_ok!(Payments::create_invoice(
			signed(BOB),
			Some(ALICE),
			USD_ASSET,
			300,
			Some(T0 + 1_000),
			MEMO
		));
		assert_eq!(deposit_held(BOB), invoice_deposit());
		assert!(has_event(Event::InvoiceCreated {
			id: 0,
			merchant: BOB,
			payer: Some(ALICE),
			asset: USD_ASSET,
			amount: 300,
			due: Some(T0 + 1_000),
			reference: MEMO,
		}));
		assert_eq!(Payments::invoice_view(0).unwrap().status, InvoiceStatus::Open);
		assert_noop!(Payments::pay_invoice(signed(ALICE), 0, 301), Error::<Test>::WrongAmount);
		assert_noop!(Payments::pay_invoice(signed(ALICE), 0, 299), Error::<Test>::WrongAmount);
		assert_noop!(
			Payments::pay_invoice(signed(CHARLIE), 0, 300),
			Error::<Test>::NotInvoicePayer
		);
		assert_noop!(Payments::pay_invoice(signed(ALICE), 9, 300), Error::<Test>::UnknownInvoice);
		assert_ok!(Payments::pay_invoice(signed(ALICE), 0, 300));
		assert_eq!(usd(BOB), INITIAL_USD + 300);
		assert_eq!(usd(ALICE), INITIAL_USD - 300);
		assert!(has_event(Event::InvoicePaid {
			id: 0,
			payer: ALICE,
			holder: BOB,
			asset: USD_ASSET,
			amount: 300
		}));
		let view = Payments::invoice_view(0).unwrap();
		assert_eq!(view.status, InvoiceStatus::Paid);
		assert_eq!(view.invoice.state, InvoiceState::Paid { payer: ALICE, at: T0 });
		// Paid exactly once.
		assert_noop!(Payments::pay_invoice(signed(ALICE), 0, 300), Error::<Test>::InvoiceNotOpen);
		assert_noop!(Payments::cancel_invoice(signed(BOB), 0), Error::<Test>::InvoiceNotOpen);
		// Only the merchant closes it, and gets the deposit back.
		assert_noop!(Payments::close_invoice(signed(ALICE), 0), Error::<Test>::NotInvoiceMerchant);
		assert_ok!(Payments::close_invoice(signed(BOB), 0));
		assert!(has_event(Event::InvoiceClosed { id: 0 }));
		assert_eq!(deposit_held(BOB), 0);
		assert!(Payments::invoice_view(0).is_none());
		assert_noop!(Payments::close_invoice(signed(BOB), 0), Error::<Test>::UnknownInvoice);
	});
}

#[test]
fn invoice_create_errors() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			Payments::create_invoice(signed(BOB), None, NATIVE, 0, None, MEMO),
			Error::<Test>::ZeroAmount
		);
		assert_noop!(
			Payments::create_invoice(signed(BOB), Some(BOB), NATIVE, 1, None, MEMO),
			Error::<Test>::SelfPayment
		);
		assert_noop!(
			Payments::create_invoice(signed(BOB), None, AssetKind::Asset(NO_ASSET), 1, None, MEMO),
			Error::<Test>::UnknownAsset
		);
		assert_noop!(
			Payments::create_invoice(signed(BOB), None, NATIVE, 1, Some(T0), MEMO),
			Error::<Test>::DueInPast
		);
		assert_noop!(
			Payments::create_invoice(signed(NOBODY), None, NATIVE, 1, None, MEMO),
			TokenError::FundsUnavailable
		);
		assert_noop!(
			Payments::create_invoice(RuntimeOrigin::none(), None, NATIVE, 1, None, MEMO),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn invoice_cancel_and_expiry() {
	new_test_ext().execute_with(|| {
		assert_ok!(Payments::create_invoice(signed(BOB), None, NATIVE, 100, Some(T0 + 50), MEMO));
		assert_ok!(Payments::create_invoice(signed(BOB), None, NATIVE, 100, None, MEMO));
		assert_noop!(Payments::close_invoice(signed(BOB), 0), Error::<Test>::InvoiceStillOpen);
		assert_noop!(Payments::cancel_invoice(signed(ALICE), 1), Error::<Test>::NotInvoiceHolder);
		assert_noop!(Payments::cancel_invoice(signed(BOB), 7), Error::<Test>::UnknownInvoice);
		assert_ok!(Payments::cancel_invoice(signed(BOB), 1));
		assert!(has_event(Event::InvoiceCancelled { id: 1 }));
		assert_eq!(Payments::invoice_view(1).unwrap().status, InvoiceStatus::Cancelled);
		assert_noop!(Payments::pay_invoice(signed(ALICE), 1, 100), Error::<Test>::InvoiceNotOpen);
		// Payable up to and including the due time.
		set_time(T0 + 50);
		assert_eq!(Payments::invoice_view(0).unwrap().status, InvoiceStatus::Open);
		set_time(T0 + 51);
		assert_eq!(Payments::invoice_view(0).unwrap().status, InvoiceStatus::Expired);
		assert_noop!(Payments::pay_invoice(signed(ALICE), 0, 100), Error::<Test>::InvoiceExpired);
		assert_noop!(
			Payments::assign_invoice(signed(BOB), 0, CHARLIE),
			Error::<Test>::InvoiceExpired
		);
		// Expired and cancelled invoices can be closed.
		assert_ok!(Payments::close_invoice(signed(BOB), 0));
		assert_ok!(Payments::close_invoice(signed(BOB), 1));
		assert_eq!(native(BOB), INITIAL);
	});
}

#[test]
fn invoice_assignment_then_payment_goes_to_financier() {
	new_test_ext().execute_with(|| {
		assert_ok!(Payments::create_invoice(signed(BOB), None, USD_ASSET, 1_000, None, MEMO));
		// The financier pays the merchant off chain and takes the receivable.
		assert_ok!(Payments::assign_invoice(signed(BOB), 0, CHARLIE));
		assert!(has_event(Event::InvoiceAssigned { id: 0, from: BOB, to: CHARLIE }));
		// The merchant can no longer cancel, re-assign or collect it.
		assert_noop!(Payments::cancel_invoice(signed(BOB), 0), Error::<Test>::NotInvoiceHolder);
		assert_noop!(
			Payments::assign_invoice(signed(BOB), 0, DAVE),
			Error::<Test>::NotInvoiceHolder
		);
		assert_noop!(
			Payments::assign_invoice(signed(CHARLIE), 0, CHARLIE),
			Error::<Test>::AlreadyHolder
		);
		assert_noop!(
			Payments::assign_invoice(signed(CHARLIE), 5, DAVE),
			Error::<Test>::UnknownInvoice
		);
		// The holder re-assigns it.
		assert_ok!(Payments::assign_invoice(signed(CHARLIE), 0, DAVE));
		assert_ok!(Payments::pay_invoice(signed(ALICE), 0, 1_000));
		assert_eq!(usd(DAVE), INITIAL_USD + 1_000);
		assert_eq!(usd(BOB), INITIAL_USD);
		assert_eq!(usd(CHARLIE), INITIAL_USD);
		assert!(has_event(Event::InvoicePaid {
			id: 0,
			payer: ALICE,
			holder: DAVE,
			asset: USD_ASSET,
			amount: 1_000
		}));
		assert_noop!(
			Payments::assign_invoice(signed(DAVE), 0, CHARLIE),
			Error::<Test>::InvoiceNotOpen
		);
		// The deposit still belongs to the merchant.
		assert_ok!(Payments::close_invoice(signed(BOB), 0));
		assert_eq!(native(BOB), INITIAL);
	});
}

// ---------------------------------------------------------------------------------------------
// Escrow
// ---------------------------------------------------------------------------------------------

#[test]
fn escrow_release_by_payer() {
	new_test_ext().execute_with(|| {
		assert_ok!(Payments::create_escrow(
			signed(ALICE),
			BOB,
			USD_ASSET,
			400,
			Some(CHARLIE),
			T0 + 100,
			Some(MEMO)
		));
		assert!(has_event(Event::EscrowCreated {
			id: 0,
			payer: ALICE,
			payee: BOB,
			arbiter: Some(CHARLIE),
			asset: USD_ASSET,
			amount: 400,
			release_at: T0 + 100,
		}));
		assert_eq!(Payments::held(&USD_ASSET, HoldReason::Escrow, &ALICE), 400);
		assert_eq!(usd(ALICE), INITIAL_USD - 400);
		assert_eq!(deposit_held(ALICE), escrow_deposit());
		assert_noop!(Payments::release_escrow(signed(BOB), 0), Error::<Test>::NotEscrowPayer);
		assert_noop!(Payments::release_escrow(signed(ALICE), 3), Error::<Test>::UnknownEscrow);
		assert_ok!(Payments::release_escrow(signed(ALICE), 0));
		assert!(has_event(Event::EscrowReleased { id: 0, amount: 400, after_timeout: false }));
		assert_eq!(usd(BOB), INITIAL_USD + 400);
		assert_eq!(Payments::held(&USD_ASSET, HoldReason::Escrow, &ALICE), 0);
		assert_eq!(deposit_held(ALICE), 0);
		assert_eq!(native(ALICE), INITIAL);
		assert!(Escrows::<Test>::get(0).is_none());
	});
}

#[test]
fn escrow_refund_by_payee() {
	new_test_ext().execute_with(|| {
		assert_ok!(Payments::create_escrow(signed(ALICE), BOB, NATIVE, 400, None, T0 + 100, None));
		assert_eq!(native(ALICE), INITIAL - 400 - escrow_deposit());
		assert_noop!(Payments::refund_escrow(signed(ALICE), 0), Error::<Test>::NotEscrowPayee);
		assert_ok!(Payments::refund_escrow(signed(BOB), 0));
		assert!(has_event(Event::EscrowRefunded { id: 0, amount: 400 }));
		assert_eq!(native(ALICE), INITIAL);
		assert_eq!(native(BOB), INITIAL);
		assert_noop!(Payments::refund_escrow(signed(BOB), 0), Error::<Test>::UnknownEscrow);
	});
}

#[test]
fn escrow_claim_after_timeout() {
	new_test_ext().execute_with(|| {
		assert_ok!(Payments::create_escrow(
			signed(ALICE),
			BOB,
			USD_ASSET,
			400,
			None,
			T0 + 100,
			None
		));
		assert_noop!(Payments::claim_escrow(signed(BOB), 0), Error::<Test>::EscrowNotDue);
		set_time(T0 + 99);
		assert_noop!(Payments::claim_escrow(signed(BOB), 0), Error::<Test>::EscrowNotDue);
		set_time(T0 + 100);
		assert_noop!(Payments::claim_escrow(signed(ALICE), 0), Error::<Test>::NotEscrowPayee);
		assert_ok!(Payments::claim_escrow(signed(BOB), 0));
		assert!(has_event(Event::EscrowReleased { id: 0, amount: 400, after_timeout: true }));
		assert_eq!(usd(BOB), INITIAL_USD + 400);
		assert_eq!(native(ALICE), INITIAL);
	});
}

/// Issue 19: an escrow nobody settles does not hold the payer's funds for good: once the
/// payee's claim period after the release time is over, the payer takes them back.
#[test]
fn a_payer_reclaims_an_escrow_the_payee_never_claimed() {
	new_test_ext().execute_with(|| {
		assert_ok!(Payments::create_escrow(
			signed(ALICE),
			BOB,
			USD_ASSET,
			400,
			None,
			T0 + 100,
			None
		));
		let reclaimable_at = T0 + 100 + EscrowClaimPeriod::get();
		for now in [T0, T0 + 100, reclaimable_at - 1] {
			set_time(now);
			assert_noop!(
				Payments::reclaim_escrow(signed(ALICE), 0),
				Error::<Test>::EscrowClaimPeriodOpen
			);
		}
		set_time(reclaimable_at);
		assert_noop!(Payments::reclaim_escrow(signed(BOB), 0), Error::<Test>::NotEscrowPayer);
		assert_ok!(Payments::reclaim_escrow(signed(ALICE), 0));
		assert!(has_event(Event::EscrowReclaimed { id: 0, amount: 400 }));
		assert_eq!((usd(ALICE), usd(BOB)), (INITIAL_USD, INITIAL_USD));
		assert_eq!(native(ALICE), INITIAL);
		assert_noop!(Payments::claim_escrow(signed(BOB), 0), Error::<Test>::UnknownEscrow);

		// Until then the payee may still claim, even after its release time.
		assert_ok!(Payments::create_escrow(
			signed(ALICE),
			BOB,
			USD_ASSET,
			400,
			None,
			reclaimable_at + 1,
			None
		));
		set_time(reclaimable_at + 1 + EscrowClaimPeriod::get() - 1);
		assert_ok!(Payments::claim_escrow(signed(BOB), 1));
		assert_eq!(usd(BOB), INITIAL_USD + 400);
	});
}

#[test]
fn escrow_arbiter_splits() {
	new_test_ext().execute_with(|| {
		assert_ok!(Payments::create_escrow(
			signed(ALICE),
			BOB,
			USD_ASSET,
			10,
			Some(CHARLIE),
			T0 + 100,
			None
		));
		assert_noop!(
			Payments::resolve_escrow(signed(BOB), 0, Resolution::Split(Perbill::one())),
			Error::<Test>::NotEscrowArbiter
		);
		assert_noop!(
			Payments::resolve_escrow(
				signed(CHARLIE),
				0,
				Resolution::Amounts { to_payee: 6, to_payer: 5 }
			),
			Error::<Test>::ResolutionMismatch
		);
		assert_noop!(
			Payments::resolve_escrow(
				signed(CHARLIE),
				0,
				Resolution::Amounts { to_payee: u128::MAX, to_payer: 1 }
			),
			Error::<Test>::ResolutionMismatch
		);
		// 33% of 10 rounds down to 3 for the payee; the payer gets the other 7.
		assert_ok!(Payments::resolve_escrow(
			signed(CHARLIE),
			0,
			Resolution::Split(Perbill::from_percent(33))
		));
		assert!(has_event(Event::EscrowResolved { id: 0, to_payee: 3, to_payer: 7 }));
		assert_eq!(usd(BOB), INITIAL_USD + 3);
		assert_eq!(usd(ALICE), INITIAL_USD - 3);
		assert_eq!(native(ALICE), INITIAL);
		// Exact amounts.
		assert_ok!(Payments::create_escrow(
			signed(ALICE),
			BOB,
			NATIVE,
			100,
			Some(CHARLIE),
			T0 + 100,
			None
		));
		assert_ok!(Payments::resolve_escrow(
			signed(CHARLIE),
			1,
			Resolution::Amounts { to_payee: 64, to_payer: 36 }
		));
		assert_eq!(native(BOB), INITIAL + 64);
		assert_eq!(native(ALICE), INITIAL - 64);
		// Without an arbiter nobody resolves.
		assert_ok!(Payments::create_escrow(signed(ALICE), BOB, NATIVE, 100, None, T0 + 100, None));
		assert_noop!(
			Payments::resolve_escrow(signed(CHARLIE), 2, Resolution::Split(Perbill::one())),
			Error::<Test>::NotEscrowArbiter
		);
	});
}

#[test]
fn escrow_create_errors() {
	new_test_ext().execute_with(|| {
		let create = |payer, payee, asset, amount, arbiter, at| {
			Payments::create_escrow(signed(payer), payee, asset, amount, arbiter, at, None)
		};
		assert_noop!(create(ALICE, ALICE, NATIVE, 1, None, T0 + 1), Error::<Test>::SelfPayment);
		assert_noop!(
			create(ALICE, BOB, NATIVE, 1, Some(ALICE), T0 + 1),
			Error::<Test>::InvalidArbiter
		);
		assert_noop!(
			create(ALICE, BOB, NATIVE, 1, Some(BOB), T0 + 1),
			Error::<Test>::InvalidArbiter
		);
		assert_noop!(create(ALICE, BOB, NATIVE, 1, None, T0), Error::<Test>::ReleaseTimeInPast);
		assert_noop!(create(ALICE, BOB, NATIVE, 0, None, T0 + 1), Error::<Test>::ZeroAmount);
		assert_noop!(
			create(ALICE, BOB, NATIVE, INITIAL, None, T0 + 1),
			Error::<Test>::InsufficientBalance
		);
		assert_noop!(
			create(ALICE, BOB, AssetKind::Asset(NO_ASSET), 1, None, T0 + 1),
			Error::<Test>::UnknownAsset
		);
		assert_noop!(
			Payments::create_escrow(RuntimeOrigin::root(), BOB, NATIVE, 1, None, T0 + 1, None),
			DispatchError::BadOrigin
		);
	});
}

// ---------------------------------------------------------------------------------------------
// Streams
// ---------------------------------------------------------------------------------------------

/// 1000 units from T0+100 to T0+1100 with a cliff at T0+400.
fn create_cliff_stream() {
	assert_ok!(Payments::create_stream(
		signed(ALICE),
		BOB,
		USD_ASSET,
		1_000,
		T0 + 100,
		Some(T0 + 400),
		T0 + 1_100
	));
}

#[test]
fn stream_math_at_boundaries() {
	new_test_ext().execute_with(|| {
		create_cliff_stream();
		let at = |t: Moment| {
			set_time(t);
			Payments::stream_withdrawable(0).unwrap()
		};
		assert_eq!(at(T0), 0); // before start
		assert_eq!(at(T0 + 100), 0); // at start
		assert_eq!(at(T0 + 399), 0); // just before the cliff (299 accrued but locked)
		assert_eq!(at(T0 + 400), 300); // at the cliff everything since start unlocks
		assert_eq!(at(T0 + 600), 500); // mid
		assert_eq!(at(T0 + 1_099), 999);
		assert_eq!(at(T0 + 1_100), 1_000); // at stop
		assert_eq!(at(T0 + 5_000), 1_000); // after stop
	});
}

#[test]
fn stream_rounds_down_for_recipient() {
	new_test_ext().execute_with(|| {
		// 1000 over 3 ms: 333.33 per ms.
		assert_ok!(Payments::create_stream(signed(ALICE), BOB, NATIVE, 1_000, T0, None, T0 + 3));
		set_time(T0 + 1);
		assert_eq!(Payments::stream_withdrawable(0), Some(333));
		set_time(T0 + 2);
		assert_eq!(Payments::stream_withdrawable(0), Some(666));
		set_time(T0 + 3);
		assert_eq!(Payments::stream_withdrawable(0), Some(1_000));
		// A huge stream does not overflow: u128::MAX / 2 over 7 ms.
		let big = u128::MAX / 2;
		let stream = Stream::<AccountId, AssetId, Balance> {
			sender: ALICE,
			recipient: BOB,
			asset: NATIVE,
			total: big,
			withdrawn: 0,
			start: 0,
			cliff: 0,
			stop: 7,
			rate_start: 0,
			accrued_at_rate_start: 0,
			deposit: 0,
		};
		assert_eq!(stream.accrued(3), big / 7 * 3 + (big % 7) * 3 / 7);
		assert_eq!(stream.accrued(7), big);
	});
}

#[test]
fn stream_withdrawals_then_finish() {
	new_test_ext().execute_with(|| {
		create_cliff_stream();
		assert_eq!(Payments::held(&USD_ASSET, HoldReason::Stream, &ALICE), 1_000);
		assert_eq!(usd(ALICE), INITIAL_USD - 1_000);
		assert!(has_event(Event::StreamCreated {
			id: 0,
			sender: ALICE,
			recipient: BOB,
			asset: USD_ASSET,
			amount: 1_000,
			start: T0 + 100,
			cliff: T0 + 400,
			stop: T0 + 1_100,
		}));
		set_time(T0 + 300);
		assert_noop!(
			Payments::withdraw_from_stream(signed(BOB), 0),
			Error::<Test>::NothingToWithdraw
		);
		set_time(T0 + 600);
		assert_noop!(
			Payments::withdraw_from_stream(signed(ALICE), 0),
			Error::<Test>::NotStreamRecipient
		);
		assert_noop!(Payments::withdraw_from_stream(signed(BOB), 1), Error::<Test>::UnknownStream);
		assert_ok!(Payments::withdraw_from_stream(signed(BOB), 0));
		assert!(has_event(Event::StreamWithdrawn { id: 0, amount: 500 }));
		assert_eq!(usd(BOB), INITIAL_USD + 500);
		assert_noop!(
			Payments::withdraw_from_stream(signed(BOB), 0),
			Error::<Test>::NothingToWithdraw
		);
		set_time(T0 + 800);
		assert_ok!(Payments::withdraw_from_stream(signed(BOB), 0));
		assert_eq!(usd(BOB), INITIAL_USD + 700);
		set_time(T0 + 2_000);
		assert_ok!(Payments::withdraw_from_stream(signed(BOB), 0));
		assert_eq!(usd(BOB), INITIAL_USD + 1_000);
		assert_eq!(usd(ALICE), INITIAL_USD - 1_000);
		assert!(has_event(Event::StreamFinished { id: 0 }));
		assert!(Streams::<Test>::get(0).is_none());
		assert_eq!(Payments::held(&USD_ASSET, HoldReason::Stream, &ALICE), 0);
		assert_eq!(native(ALICE), INITIAL);
	});
}

#[test]
fn stream_cancel_splits_exactly() {
	new_test_ext().execute_with(|| {
		create_cliff_stream();
		set_time(T0 + 600);
		assert_ok!(Payments::withdraw_from_stream(signed(BOB), 0));
		set_time(T0 + 733);
		assert_noop!(Payments::cancel_stream(signed(BOB), 0), Error::<Test>::NotStreamSender);
		assert_noop!(Payments::cancel_stream(signed(ALICE), 4), Error::<Test>::UnknownStream);
		assert_ok!(Payments::cancel_stream(signed(ALICE), 0));
		// 633 accrued: 500 already withdrawn, 133 now; 367 back to the sender.
		assert!(has_event(Event::StreamCancelled {
			id: 0,
			to_sender: 367,
			to_recipient: 133,
			pending: 0
		}));
		assert_eq!(usd(BOB), INITIAL_USD + 633);
		assert_eq!(usd(ALICE), INITIAL_USD - 633);
		assert!(Streams::<Test>::get(0).is_none());
		assert_eq!(deposit_held(ALICE), 0);
		assert_eq!(Payments::held(&USD_ASSET, HoldReason::Stream, &ALICE), 0);
	});
}

#[test]
fn stream_cancel_before_cliff_and_after_stop() {
	new_test_ext().execute_with(|| {
		create_cliff_stream();
		set_time(T0 + 399);
		assert_ok!(Payments::cancel_stream(signed(ALICE), 0));
		assert!(has_event(Event::StreamCancelled {
			id: 0,
			to_sender: 1_000,
			to_recipient: 0,
			pending: 0
		}));
		assert_eq!(usd(ALICE), INITIAL_USD);
		assert!(Streams::<Test>::get(0).is_none());
		// Before start.
		assert_ok!(Payments::create_stream(
			signed(ALICE),
			BOB,
			NATIVE,
			50,
			T0 + 1_000,
			None,
			T0 + 2_000
		));
		assert_ok!(Payments::cancel_stream(signed(ALICE), 1));
		assert_eq!(native(ALICE), INITIAL);
		assert!(Streams::<Test>::get(1).is_none());
		// After stop everything is the recipient's.
		assert_ok!(Payments::create_stream(signed(ALICE), BOB, NATIVE, 50, T0, None, T0 + 2_000));
		set_time(T0 + 3_000);
		assert_ok!(Payments::cancel_stream(signed(ALICE), 2));
		assert!(has_event(Event::StreamCancelled {
			id: 2,
			to_sender: 0,
			to_recipient: 50,
			pending: 0
		}));
		assert_eq!(native(BOB), INITIAL + 50);
	});
}

#[test]
fn stream_top_up_raises_rate_keeping_accrual() {
	new_test_ext().execute_with(|| {
		// 1000 over [T0, T0+1000].
		assert_ok!(Payments::create_stream(
			signed(ALICE),
			BOB,
			USD_ASSET,
			1_000,
			T0,
			None,
			T0 + 1_000
		));
		set_time(T0 + 400);
		assert_ok!(Payments::top_up_stream(signed(ALICE), 0, 600, None));
		assert!(has_event(Event::StreamToppedUp { id: 0, amount: 600, stop: T0 + 1_000 }));
		// 400 had accrued and stays; the remaining 600 + 600 stream over 600 ms: 2 per ms.
		assert_eq!(Payments::stream_withdrawable(0), Some(400));
		set_time(T0 + 700);
		assert_eq!(Payments::stream_withdrawable(0), Some(400 + 600));
		set_time(T0 + 1_000);
		assert_eq!(Payments::stream_withdrawable(0), Some(1_600));
		assert_eq!(Payments::held(&USD_ASSET, HoldReason::Stream, &ALICE), 1_600);
	});
}

#[test]
fn stream_top_up_extends_stop() {
	new_test_ext().execute_with(|| {
		assert_ok!(Payments::create_stream(
			signed(ALICE),
			BOB,
			NATIVE,
			1_000,
			T0,
			None,
			T0 + 1_000
		));
		set_time(T0 + 500);
		// Same rate (1 per ms) for 500 ms more.
		assert_ok!(Payments::top_up_stream(signed(ALICE), 0, 500, Some(T0 + 1_500)));
		set_time(T0 + 1_000);
		assert_eq!(Payments::stream_withdrawable(0), Some(1_000));
		set_time(T0 + 1_500);
		assert_eq!(Payments::stream_withdrawable(0), Some(1_500));
		// After the stop a new stop is required; the top-up then streams from now.
		set_time(T0 + 2_000);
		assert_noop!(
			Payments::top_up_stream(signed(ALICE), 0, 100, None),
			Error::<Test>::StreamEnded
		);
		assert_noop!(
			Payments::top_up_stream(signed(ALICE), 0, 100, Some(T0 + 2_000)),
			Error::<Test>::InvalidNewStop
		);
		assert_ok!(Payments::top_up_stream(signed(ALICE), 0, 100, Some(T0 + 2_100)));
		assert_eq!(Payments::stream_withdrawable(0), Some(1_500));
		set_time(T0 + 2_050);
		assert_eq!(Payments::stream_withdrawable(0), Some(1_550));
		assert_noop!(Payments::top_up_stream(signed(ALICE), 0, 0, None), Error::<Test>::ZeroAmount);
		assert_noop!(
			Payments::top_up_stream(signed(BOB), 0, 1, None),
			Error::<Test>::NotStreamSender
		);
		assert_noop!(
			Payments::top_up_stream(signed(ALICE), 0, 1, Some(T0 + 2_099)),
			Error::<Test>::InvalidNewStop
		);
		assert_noop!(
			Payments::top_up_stream(signed(ALICE), 8, 1, None),
			Error::<Test>::UnknownStream
		);
	});
}

#[test]
fn stream_top_up_before_cliff_keeps_cliff() {
	new_test_ext().execute_with(|| {
		create_cliff_stream();
		set_time(T0 + 200);
		assert_ok!(Payments::top_up_stream(signed(ALICE), 0, 900, None));
		// 100 accrued (locked); 900 + 900 over 900 ms from now: 2 per ms.
		assert_eq!(Payments::stream_withdrawable(0), Some(0));
		set_time(T0 + 399);
		assert_eq!(Payments::stream_withdrawable(0), Some(0));
		set_time(T0 + 400);
		assert_eq!(Payments::stream_withdrawable(0), Some(100 + 400));
		set_time(T0 + 1_100);
		assert_eq!(Payments::stream_withdrawable(0), Some(1_900));
	});
}

#[test]
fn stream_create_errors() {
	new_test_ext().execute_with(|| {
		let create = |recipient, amount, start, cliff, stop| {
			Payments::create_stream(signed(ALICE), recipient, NATIVE, amount, start, cliff, stop)
		};
		assert_noop!(create(BOB, 10, T0 + 10, None, T0 + 10), Error::<Test>::InvalidSchedule);
		assert_noop!(create(BOB, 10, T0 + 10, None, T0 + 5), Error::<Test>::InvalidSchedule);
		assert_noop!(
			create(BOB, 10, T0 + 10, Some(T0 + 9), T0 + 20),
			Error::<Test>::InvalidSchedule
		);
		assert_noop!(
			create(BOB, 10, T0 + 10, Some(T0 + 21), T0 + 20),
			Error::<Test>::InvalidSchedule
		);
		assert_noop!(create(BOB, 10, T0 - 100, None, T0), Error::<Test>::StopInPast);
		assert_noop!(create(ALICE, 10, T0, None, T0 + 10), Error::<Test>::SelfPayment);
		assert_noop!(create(BOB, 0, T0, None, T0 + 10), Error::<Test>::ZeroAmount);
		assert_noop!(create(BOB, INITIAL, T0, None, T0 + 10), Error::<Test>::InsufficientBalance);
		// A start in the past is fine: part has accrued already.
		assert_ok!(create(BOB, 100, T0 - 50, None, T0 + 50));
		assert_eq!(Payments::stream_withdrawable(0), Some(50));
	});
}

// ---------------------------------------------------------------------------------------------
// Fee sponsorship
// ---------------------------------------------------------------------------------------------

fn sponsorship_deposit() -> Balance {
	Payments::deposit_for::<AccountId, SponsorshipOf<Test>>()
}

fn terms(max_fee: Balance, per_block: u32) -> SponsorTermsOf<Test> {
	SponsorTerms {
		max_fee_per_payment: max_fee,
		max_payments_per_block: per_block,
		asset: USD_ASSET,
		min_amount: 0,
	}
}

fn sponsor(merchant: AccountId, budget: Balance, max_fee: Balance, per_block: u32) {
	assert_ok!(Payments::set_sponsorship(signed(merchant), terms(max_fee, per_block)));
	assert_ok!(Payments::fund_sponsorship(signed(merchant), budget));
}

fn budget(merchant: AccountId) -> Balance {
	Sponsorships::<Test>::get(merchant).map_or(0, |s| s.budget)
}

/// Submits `call` signed by `who` through `SkipCheckIfFeeless<ChargeTransactionPayment>`, as
/// the runtime does.
fn submit(
	who: AccountId,
	call: RuntimeCall,
) -> Result<Result<(), DispatchError>, TransactionValidityError> {
	let info = call.get_dispatch_info();
	let len = call.encoded_size() + EXTRINSIC_OVERHEAD as usize;
	SkipCheckIfFeeless::<Test, ChargeTransactionPayment<Test>>::from(
		ChargeTransactionPayment::from(0),
	)
	.dispatch_transaction(signed(who), call, &info, len, 0)
	.map(|r| r.map(|_| ()).map_err(|e| e.error))
}

/// Submits `call` through a plain `ChargeTransactionPayment` (a runtime without the skip).
fn submit_charged(
	who: AccountId,
	call: RuntimeCall,
) -> Result<Result<(), DispatchError>, TransactionValidityError> {
	let info = call.get_dispatch_info();
	let len = call.encoded_size() + EXTRINSIC_OVERHEAD as usize;
	ChargeTransactionPayment::<Test>::from(0)
		.dispatch_transaction(signed(who), call, &info, len, 0)
		.map(|r| r.map(|_| ()).map_err(|e| e.error))
}

fn pay_handle_call(handle: &[u8], asset: AssetKind<AssetId>, amount: Balance) -> RuntimeCall {
	RuntimeCall::Payments(Call::pay_handle { handle: h(handle), asset, amount, memo: Some(MEMO) })
}

fn fee_of(call: &RuntimeCall) -> Balance {
	let weight = call.get_dispatch_info().call_weight;
	TransactionPaymentFees::fee(weight, call.encoded_size() as u32)
}

const PAYMENT_REFUSED: TransactionValidityError =
	TransactionValidityError::Invalid(InvalidTransaction::Payment);

#[test]
fn sponsorship_management() {
	new_test_ext().execute_with(|| {
		assert_noop!(Payments::fund_sponsorship(signed(BOB), 10), Error::<Test>::NoSponsorship);
		assert_noop!(Payments::withdraw_sponsorship(signed(BOB), 10), Error::<Test>::NoSponsorship);
		assert_noop!(Payments::remove_sponsorship(signed(BOB)), Error::<Test>::NoSponsorship);
		assert_noop!(
			Payments::set_sponsorship(
				signed(BOB),
				SponsorTerms { asset: AssetKind::Asset(NO_ASSET), ..terms(5_000, 2) }
			),
			Error::<Test>::UnknownAsset
		);
		assert_ok!(Payments::set_sponsorship(signed(BOB), terms(5_000, 2)));
		assert!(has_event(Event::SponsorshipSet { sponsor: BOB, terms: terms(5_000, 2) }));
		assert_eq!(deposit_held(BOB), sponsorship_deposit());
		assert_ok!(Payments::fund_sponsorship(signed(BOB), 50_000));
		assert!(has_event(Event::SponsorshipFunded { sponsor: BOB, amount: 50_000 }));
		assert_eq!(Payments::held(&NATIVE, HoldReason::SponsorBudget, &BOB), 50_000);
		assert_noop!(Payments::fund_sponsorship(signed(BOB), 0), Error::<Test>::ZeroAmount);
		assert_noop!(
			Payments::fund_sponsorship(signed(BOB), INITIAL),
			TokenError::FundsUnavailable
		);
		// Changing the terms keeps budget and deposit.
		assert_ok!(Payments::set_sponsorship(signed(BOB), terms(6_000, 3)));
		assert_eq!(budget(BOB), 50_000);
		assert_eq!(deposit_held(BOB), sponsorship_deposit());
		assert_noop!(
			Payments::withdraw_sponsorship(signed(BOB), 50_001),
			Error::<Test>::InsufficientBudget
		);
		assert_noop!(Payments::withdraw_sponsorship(signed(BOB), 0), Error::<Test>::ZeroAmount);
		assert_ok!(Payments::withdraw_sponsorship(signed(BOB), 20_000));
		assert!(has_event(Event::SponsorshipWithdrawn { sponsor: BOB, amount: 20_000 }));
		assert_eq!(budget(BOB), 30_000);
		assert_ok!(Payments::remove_sponsorship(signed(BOB)));
		assert!(has_event(Event::SponsorshipRemoved { sponsor: BOB, refunded: 30_000 }));
		assert_eq!(native(BOB), INITIAL);
		assert_eq!(Payments::held(&NATIVE, HoldReason::SponsorBudget, &BOB), 0);
	});
}

#[test]
fn call_length_matches_runtime_call_encoding() {
	new_test_ext().execute_with(|| {
		let pay = RuntimeCall::Payments(Call::pay {
			to: BOB,
			asset: USD_ASSET,
			amount: 5,
			memo: Some(MEMO),
		});
		let RuntimeCall::Payments(Call::pay { to, asset, amount, memo }) = &pay else {
			unreachable!()
		};
		assert_eq!(Payments::pay_call_len(to, asset, amount, memo) as usize, pay.encoded_size());
		let by_handle = pay_handle_call(b"bob-shop", NATIVE, 7);
		let RuntimeCall::Payments(Call::pay_handle { handle, asset, amount, memo }) = &by_handle
		else {
			unreachable!()
		};
		assert_eq!(
			Payments::pay_handle_call_len(handle, asset, amount, memo) as usize,
			by_handle.encoded_size()
		);
		let invoice = RuntimeCall::Payments(Call::pay_invoice { id: 3, amount: 9 });
		assert_eq!(Payments::pay_invoice_call_len(&3, &9) as usize, invoice.encoded_size());
	});
}

#[test]
fn sponsored_stablecoin_payer_pays_without_native_token() {
	new_test_ext().execute_with(|| {
		register(BOB, b"bob-shop");
		let call = pay_handle_call(b"bob-shop", USD_ASSET, 1_000);
		assert_eq!(native(STABLE_ONLY), 0);
		// Without a sponsor the payer cannot pay the fee.
		assert_eq!(submit(STABLE_ONLY, call.clone()), Err(PAYMENT_REFUSED));
		sponsor(BOB, 100_000, 50_000, 10);
		let fee = fee_of(&call);
		assert!(fee > 0);
		assert_eq!(submit(STABLE_ONLY, call), Ok(Ok(())));
		assert_eq!(usd(STABLE_ONLY), INITIAL_USD - 1_000);
		assert_eq!(usd(BOB), INITIAL_USD + 1_000);
		assert_eq!(native(STABLE_ONLY), 0);
		assert_eq!(budget(BOB), 100_000 - fee);
		assert_eq!(Payments::held(&NATIVE, HoldReason::SponsorBudget, &BOB), 100_000 - fee);
		assert_eq!(native(FeeVault::get()), fee);
		assert!(has_event(Event::FeeSponsored { sponsor: BOB, payer: STABLE_ONLY, fee }));
	});
}

/// Issue 19: a sponsorship names the one asset it pays fees for, so a payer cannot drain a
/// merchant's budget with feeless payments of dust in an asset it minted itself.
#[test]
fn a_self_minted_asset_cannot_drain_a_sponsorship() {
	new_test_ext().execute_with(|| {
		sponsor(BOB, 100_000, 50_000, 10);
		// DAVE creates an asset of his own and mints himself plenty of it.
		const JUNK: AssetId = 77;
		assert_ok!(Assets::create(signed(DAVE), JUNK, DAVE, 1));
		assert_ok!(Assets::mint(signed(DAVE), JUNK, DAVE, 1_000_000));
		let junk = RuntimeCall::Payments(Call::pay {
			to: BOB,
			asset: AssetKind::Asset(JUNK),
			amount: 1,
			memo: None,
		});
		for block in 2..5 {
			System::set_block_number(block);
			let before = native(DAVE);
			assert_eq!(submit(DAVE, junk.clone()), Ok(Ok(())));
			// Not sponsored: DAVE paid his own fee and the budget is whole.
			assert!(native(DAVE) < before);
			assert_eq!(budget(BOB), 100_000);
		}
	});
}

#[test]
fn sponsored_pay_and_pay_invoice() {
	new_test_ext().execute_with(|| {
		sponsor(BOB, 100_000, 50_000, 10);
		let call =
			RuntimeCall::Payments(Call::pay { to: BOB, asset: USD_ASSET, amount: 10, memo: None });
		let fee = fee_of(&call);
		assert_eq!(submit(STABLE_ONLY, call), Ok(Ok(())));
		assert_eq!(budget(BOB), 100_000 - fee);
		// An invoice assigned to a financier is sponsored by the financier (the payee).
		assert_ok!(Payments::create_invoice(signed(BOB), None, USD_ASSET, 70, None, MEMO));
		assert_ok!(Payments::assign_invoice(signed(BOB), 0, CHARLIE));
		let call = RuntimeCall::Payments(Call::pay_invoice { id: 0, amount: 70 });
		System::set_block_number(2);
		assert_eq!(submit(STABLE_ONLY, call.clone()), Err(PAYMENT_REFUSED));
		sponsor(CHARLIE, 100_000, 50_000, 10);
		let fee = fee_of(&call);
		assert_eq!(submit(STABLE_ONLY, call), Ok(Ok(())));
		assert_eq!(budget(CHARLIE), 100_000 - fee);
		assert_eq!(usd(CHARLIE), INITIAL_USD + 70);
	});
}

#[test]
fn sponsorship_refused_when_payment_would_fail() {
	new_test_ext().execute_with(|| {
		register(BOB, b"bob-shop");
		sponsor(BOB, 100_000, 50_000, 10);
		// More than the payer has: not feeless, so the fee is charged and the payer has no
		// native token: the transaction is invalid and never enters a block.
		let call = pay_handle_call(b"bob-shop", USD_ASSET, INITIAL_USD * 2);
		assert_eq!(submit(STABLE_ONLY, call), Err(PAYMENT_REFUSED));
		// Refused asset, unknown handle, compliance: same.
		assert_ok!(Payments::set_handle_preferences(
			signed(BOB),
			h(b"bob-shop"),
			prefs(None, false, vec![RWA_ASSET])
		));
		assert_eq!(
			submit(STABLE_ONLY, pay_handle_call(b"bob-shop", RWA_ASSET, 1)),
			Err(PAYMENT_REFUSED)
		);
		assert_eq!(
			submit(STABLE_ONLY, pay_handle_call(b"nobody", USD_ASSET, 1)),
			Err(PAYMENT_REFUSED)
		);
		require_kyc(BOB);
		assert_eq!(
			submit(STABLE_ONLY, pay_handle_call(b"bob-shop", USD_ASSET, 1)),
			Err(PAYMENT_REFUSED)
		);
		give_kyc(STABLE_ONLY);
		assert_eq!(submit(STABLE_ONLY, pay_handle_call(b"bob-shop", USD_ASSET, 1)), Ok(Ok(())));
		assert_eq!(budget(BOB), 100_000 - fee_of(&pay_handle_call(b"bob-shop", USD_ASSET, 1)));
		// A payer with native tokens whose payment is not sponsorable pays its own fee and
		// still gets a clear error.
		let before = native(ALICE);
		assert_eq!(
			submit(ALICE, pay_handle_call(b"bob-shop", RWA_ASSET, 1)),
			Ok(Err(Error::<Test>::AssetRefused.into()))
		);
		assert!(native(ALICE) < before);
	});
}

#[test]
fn sponsorship_limits_budget_and_fee_cap() {
	new_test_ext().execute_with(|| {
		register(BOB, b"bob-shop");
		let call = pay_handle_call(b"bob-shop", USD_ASSET, 1);
		let fee = fee_of(&call);
		// Budget one unit short.
		sponsor(BOB, fee - 1, 50_000, 10);
		assert_eq!(submit(STABLE_ONLY, call.clone()), Err(PAYMENT_REFUSED));
		assert_ok!(Payments::fund_sponsorship(signed(BOB), 1));
		// Fee above the per-payment cap.
		assert_ok!(Payments::set_sponsorship(signed(BOB), terms(fee - 1, 10)));
		assert_eq!(submit(STABLE_ONLY, call.clone()), Err(PAYMENT_REFUSED));
		assert_ok!(Payments::set_sponsorship(signed(BOB), terms(fee, 10)));
		assert_eq!(submit(STABLE_ONLY, call.clone()), Ok(Ok(())));
		assert_eq!(budget(BOB), 0);
		// Budget spent.
		System::set_block_number(2);
		assert_eq!(submit(STABLE_ONLY, call), Err(PAYMENT_REFUSED));
	});
}

#[test]
fn sponsorship_asset_and_minimum_amount() {
	new_test_ext().execute_with(|| {
		register(BOB, b"bob-shop");
		let usd_only = SponsorTerms { asset: USD_ASSET, min_amount: 500, ..terms(50_000, 10) };
		assert_ok!(Payments::set_sponsorship(signed(BOB), usd_only));
		assert_ok!(Payments::fund_sponsorship(signed(BOB), 100_000));
		// Another asset, or a dust payment, is not sponsored.
		assert_eq!(
			submit(STABLE_ONLY, pay_handle_call(b"bob-shop", RWA_ASSET, 500)),
			Err(PAYMENT_REFUSED)
		);
		assert_eq!(
			submit(STABLE_ONLY, pay_handle_call(b"bob-shop", USD_ASSET, 499)),
			Err(PAYMENT_REFUSED)
		);
		assert_eq!(budget(BOB), 100_000);
		assert_eq!(submit(STABLE_ONLY, pay_handle_call(b"bob-shop", USD_ASSET, 500)), Ok(Ok(())));
		assert!(budget(BOB) < 100_000);
	});
}

#[test]
fn sponsorship_rate_limits() {
	new_test_ext().execute_with(|| {
		register(BOB, b"bob-shop");
		sponsor(BOB, 200_000, 50_000, 2);
		let call = pay_handle_call(b"bob-shop", USD_ASSET, 1);
		// One sponsored payment per payer per block.
		assert_eq!(submit(STABLE_ONLY, call.clone()), Ok(Ok(())));
		assert_eq!(submit(STABLE_ONLY, call.clone()), Err(PAYMENT_REFUSED));
		// The merchant allows 2 per block.
		assert_ok!(Payments::pay(signed(ALICE), 10, USD_ASSET, 1_000, None));
		assert_ok!(Payments::pay(signed(ALICE), 11, USD_ASSET, 1_000, None));
		assert_eq!(submit(10, call.clone()), Ok(Ok(())));
		assert_eq!(submit(11, call.clone()), Err(PAYMENT_REFUSED));
		// Next block: allowed again.
		System::set_block_number(2);
		assert_eq!(submit(STABLE_ONLY, call.clone()), Ok(Ok(())));
		assert_eq!(submit(11, call.clone()), Ok(Ok(())));
		// The block-wide limit (3) holds across merchants.
		System::set_block_number(3);
		register(CHARLIE, b"charlie");
		sponsor(CHARLIE, 200_000, 50_000, 10);
		assert_ok!(Payments::pay(signed(ALICE), 12, USD_ASSET, 1_000, None));
		assert_eq!(submit(STABLE_ONLY, call.clone()), Ok(Ok(())));
		assert_eq!(submit(10, call), Ok(Ok(())));
		let to_charlie = pay_handle_call(b"charlie", USD_ASSET, 1);
		assert_eq!(submit(11, to_charlie.clone()), Ok(Ok(())));
		assert_eq!(submit(12, to_charlie), Err(PAYMENT_REFUSED));
	});
}

#[test]
fn charged_signer_is_not_sponsored_twice() {
	new_test_ext().execute_with(|| {
		register(BOB, b"bob-shop");
		sponsor(BOB, 100_000, 50_000, 10);
		// Without the skip extension (or when the payment is nested in a call the signer paid
		// for) the signer pays the fee and the budget is untouched.
		let before = native(ALICE);
		assert_eq!(submit_charged(ALICE, pay_handle_call(b"bob-shop", USD_ASSET, 5)), Ok(Ok(())));
		assert!(native(ALICE) < before);
		assert_eq!(budget(BOB), 100_000);
		assert_eq!(usd(BOB), INITIAL_USD + 5);
	});
}

#[test]
fn feeless_predicate_requires_signed_origin() {
	new_test_ext().execute_with(|| {
		register(BOB, b"bob-shop");
		sponsor(BOB, 100_000, 50_000, 10);
		use polkadot_sdk::frame_support::dispatch::CheckIfFeeless;
		let call = Call::<Test>::pay_handle {
			handle: h(b"bob-shop"),
			asset: USD_ASSET,
			amount: 1,
			memo: None,
		};
		assert!(call.is_feeless(&signed(STABLE_ONLY)));
		assert!(!call.is_feeless(&RuntimeOrigin::root()));
		assert!(!call.is_feeless(&RuntimeOrigin::none()));
		let not_sponsorable =
			Call::<Test>::batch_pay { asset: USD_ASSET, payouts: BoundedVec::new(), memo: None };
		assert!(!not_sponsorable.is_feeless(&signed(STABLE_ONLY)));
	});
}

// ---------------------------------------------------------------------------------------------
// Property test: held funds equal the books
// ---------------------------------------------------------------------------------------------

mod held_funds_property {
	use super::*;
	use proptest::prelude::*;

	const ACTORS: [AccountId; 4] = [ALICE, BOB, CHARLIE, DAVE];

	#[derive(Debug, Clone)]
	enum Op {
		CreateEscrow {
			payer: usize,
			payee: usize,
			regulated: bool,
			amount: Balance,
			arbiter: bool,
			timeout: u64,
		},
		ReleaseEscrow(usize),
		RefundEscrow(usize),
		ClaimEscrow(usize),
		ResolveEscrow(usize, u32),
		CreateStream {
			sender: usize,
			recipient: usize,
			regulated: bool,
			amount: Balance,
			delay: u64,
			cliff: u64,
			duration: u64,
		},
		Withdraw(usize),
		Cancel(usize),
		TopUp(usize, Balance, Option<u64>),
		Advance(u64),
		Block(usize, bool),
	}

	fn op() -> impl Strategy<Value = Op> {
		prop_oneof![
			(0..4usize, 0..4usize, any::<bool>(), 1..300_000u128, any::<bool>(), 1..1_500u64)
				.prop_map(|(payer, payee, regulated, amount, arbiter, timeout)| Op::CreateEscrow {
					payer,
					payee,
					regulated,
					amount,
					arbiter,
					timeout
				}),
			any::<usize>().prop_map(Op::ReleaseEscrow),
			any::<usize>().prop_map(Op::RefundEscrow),
			any::<usize>().prop_map(Op::ClaimEscrow),
			(any::<usize>(), 0..=1_000_000_000u32).prop_map(|(i, p)| Op::ResolveEscrow(i, p)),
			(
				0..4usize,
				0..4usize,
				any::<bool>(),
				1..300_000u128,
				0..500u64,
				0..1_000u64,
				1..3_000u64
			)
				.prop_map(|(sender, recipient, regulated, amount, delay, cliff, duration)| {
					Op::CreateStream {
						sender,
						recipient,
						regulated,
						amount,
						delay,
						cliff,
						duration,
					}
				}),
			any::<usize>().prop_map(Op::Withdraw),
			any::<usize>().prop_map(Op::Cancel),
			(any::<usize>(), 1..100_000u128, proptest::option::of(0..3_000u64))
				.prop_map(|(i, a, e)| Op::TopUp(i, a, e)),
			(0..3_000u64).prop_map(Op::Advance),
			(0..4usize, any::<bool>()).prop_map(|(i, b)| Op::Block(i, b)),
		]
	}

	fn nth_escrow(i: usize) -> Option<(EscrowId, EscrowOf<Test>)> {
		let mut all: Vec<_> = Escrows::<Test>::iter().collect();
		all.sort_by_key(|(id, _)| *id);
		(!all.is_empty()).then(|| all[i % all.len()].clone())
	}

	fn nth_stream(i: usize) -> Option<(StreamId, StreamOf<Test>)> {
		let mut all: Vec<_> = Streams::<Test>::iter().collect();
		all.sort_by_key(|(id, _)| *id);
		(!all.is_empty()).then(|| all[i % all.len()].clone())
	}

	fn asset(regulated: bool) -> AssetKind<AssetId> {
		if regulated {
			RWA_ASSET
		} else {
			NATIVE
		}
	}

	/// Runs `op`; returns its kind and whether a call succeeded.
	fn run(op: Op) -> (&'static str, bool) {
		let kind = op.kind();
		let ok = std::cell::Cell::new(false);
		let dispatch = |who: AccountId, call: Call<Test>| {
			ok.set(RuntimeCall::Payments(call).dispatch(signed(who)).is_ok());
		};
		match op {
			Op::CreateEscrow { payer, payee, regulated, amount, arbiter, timeout } => dispatch(
				ACTORS[payer],
				Call::create_escrow {
					payee: ACTORS[payee],
					asset: asset(regulated),
					amount,
					arbiter: arbiter
						.then(|| {
							ACTORS.into_iter().find(|a| *a != ACTORS[payer] && *a != ACTORS[payee])
						})
						.flatten(),
					release_at: Payments::now() + timeout,
					memo: None,
				},
			),
			Op::ReleaseEscrow(i) => {
				if let Some((id, e)) = nth_escrow(i) {
					dispatch(e.payer, Call::release_escrow { id })
				}
			},
			Op::RefundEscrow(i) => {
				if let Some((id, e)) = nth_escrow(i) {
					dispatch(e.payee, Call::refund_escrow { id })
				}
			},
			Op::ClaimEscrow(i) => {
				if let Some((id, e)) = nth_escrow(i) {
					dispatch(e.payee, Call::claim_escrow { id })
				}
			},
			Op::ResolveEscrow(i, parts) => {
				if let Some((id, e)) = nth_escrow(i) {
					let resolution = Resolution::Split(Perbill::from_parts(parts));
					dispatch(e.arbiter.unwrap_or(e.payer), Call::resolve_escrow { id, resolution })
				}
			},
			Op::CreateStream { sender, recipient, regulated, amount, delay, cliff, duration } => {
				let start = Payments::now() + delay;
				dispatch(
					ACTORS[sender],
					Call::create_stream {
						recipient: ACTORS[recipient],
						asset: asset(regulated),
						amount,
						start,
						cliff: Some(start + cliff.min(duration)),
						stop: start + duration,
					},
				)
			},
			Op::Withdraw(i) => {
				if let Some((id, s)) = nth_stream(i) {
					dispatch(s.recipient, Call::withdraw_from_stream { id })
				}
			},
			Op::Cancel(i) => {
				if let Some((id, s)) = nth_stream(i) {
					dispatch(s.sender, Call::cancel_stream { id })
				}
			},
			Op::TopUp(i, amount, extend) => {
				if let Some((id, s)) = nth_stream(i) {
					let new_stop = extend.map(|e| s.stop.max(Payments::now()) + e);
					dispatch(s.sender, Call::top_up_stream { id, amount, new_stop })
				}
			},
			Op::Advance(ms) => set_time(Payments::now() + ms),
			Op::Block(i, on) => {
				if on {
					block(ACTORS[i])
				} else {
					BlockedAccounts::mutate(|b| b.retain(|a| *a != ACTORS[i]))
				}
			},
		}
		(kind, ok.get())
	}

	impl Op {
		fn kind(&self) -> &'static str {
			match self {
				Op::CreateEscrow { .. } => "create_escrow",
				Op::ReleaseEscrow(_) => "release_escrow",
				Op::RefundEscrow(_) => "refund_escrow",
				Op::ClaimEscrow(_) => "claim_escrow",
				Op::ResolveEscrow(..) => "resolve_escrow",
				Op::CreateStream { .. } => "create_stream",
				Op::Withdraw(_) => "withdraw_from_stream",
				Op::Cancel(_) => "cancel_stream",
				Op::TopUp(..) => "top_up_stream",
				Op::Advance(_) => "advance",
				Op::Block(..) => "block",
			}
		}
	}

	/// For every account, asset and reason, the funds on hold equal the books.
	fn assert_held_equals_books() {
		for asset in [NATIVE, RWA_ASSET] {
			let mut held_total = 0;
			let mut book_total = 0;
			for who in ACTORS {
				let escrowed: Balance = Escrows::<Test>::iter_values()
					.filter(|e| e.payer == who && e.asset == asset)
					.map(|e| e.amount)
					.sum();
				let streaming: Balance = Streams::<Test>::iter_values()
					.filter(|s| s.sender == who && s.asset == asset)
					.map(|s| s.held())
					.sum();
				let held_escrow = Payments::held(&asset, HoldReason::Escrow, &who);
				let held_stream = Payments::held(&asset, HoldReason::Stream, &who);
				assert_eq!(held_escrow, escrowed, "escrow hold of {who} in {asset:?}");
				assert_eq!(held_stream, streaming, "stream hold of {who} in {asset:?}");
				held_total += held_escrow + held_stream;
				book_total += escrowed + streaming;
			}
			assert_eq!(held_total, book_total);
		}
		// Deposits: one per open escrow and stream.
		for who in ACTORS {
			let items = Escrows::<Test>::iter_values().filter(|e| e.payer == who).count()
				as Balance * escrow_deposit()
				+ Streams::<Test>::iter_values().filter(|s| s.sender == who).count() as Balance
					* stream_deposit();
			assert_eq!(deposit_held(who), items);
		}
		// Streams never owe more than they hold.
		let now = Payments::now();
		for stream in Streams::<Test>::iter_values() {
			assert!(stream.withdrawn <= stream.accrued(now));
			assert!(stream.accrued(now) <= stream.total);
		}
	}

	/// Random operations keep the books and `try_state`, mint and burn nothing, and enough of
	/// each kind succeed (fixed seed) for that to mean something.
	#[test]
	fn held_funds_equal_open_escrows_and_streams() {
		let successes = mooring_test_support::run_counted(
			128,
			proptest::collection::vec(op(), 1..60),
			|ops, record| {
				new_test_ext().execute_with(|| {
					let native_issuance = Balances::total_issuance();
					let rwa_issuance = Assets::total_issuance(RWA);
					for op in ops {
						let (kind, ok) = run(op);
						record(kind, ok);
						assert_held_equals_books();
						Payments::do_try_state().expect("try_state holds");
					}
					// Nothing is minted or burned.
					assert_eq!(Balances::total_issuance(), native_issuance);
					assert_eq!(Assets::total_issuance(RWA), rwa_issuance);
					let everyone: Balance = ACTORS.iter().map(|a| Balances::total_balance(a)).sum();
					assert_eq!(everyone, 4 * INITIAL);
				});
				Ok(())
			},
		);
		// About half of what the fixed seed gives.
		mooring_test_support::assert_floors(
			&successes,
			&[
				("cancel_stream", 70),
				("claim_escrow", 4),
				("create_escrow", 100),
				("create_stream", 120),
				("refund_escrow", 40),
				("release_escrow", 30),
				("resolve_escrow", 12),
				("top_up_stream", 50),
				("withdraw_from_stream", 18),
			],
		);
	}
}
