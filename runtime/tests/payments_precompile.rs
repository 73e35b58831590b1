//! Solidity pays PayPIN handles and invoices through the payments precompile: a checkout
//! contract sells an item for a token and pays the merchant's handle; an Ethereum account reads
//! and pays an invoice. Refusals revert with the payments pallet's reason and move nothing.

mod common;

use alloy_sol_types::{sol, SolCall, SolConstructor};
use common::{
	evm::{call_ok, call_reverts, deploy, eth},
	initialize_block, new_test_ext,
};
use mooring_runtime::{
	genesis,
	precompiles::{asset_erc20_address, INVOICE_OPEN, INVOICE_PAID, PAYMENTS_PRECOMPILE_ADDRESS},
	AccountId, Assets, Balances, Payments, RuntimeEvent, RuntimeOrigin, System, UNIT,
};
use pallet_payments::AssetKind;
use pallet_revive::AddressMapper;
use polkadot_sdk::{
	frame_support::{assert_ok, traits::fungible::Inspect, BoundedVec},
	sp_core::H160,
	sp_keyring::Sr25519Keyring::{Alice, Bob},
	*,
};

sol!(IMooringPayments, "../contracts/artifacts/IMooringPayments.json");
sol!(Checkout, "../contracts/artifacts/Checkout.json");
sol! {
	interface IERC20 {
		function approve(address spender, uint256 value) external returns (bool);
	}
}

type Amount = alloy_sol_types::private::U256;

const USD: u32 = 1984;
const PRICE: u128 = 5 * UNIT;

fn payments() -> H160 {
	H160(PAYMENTS_PRECOMPILE_ADDRESS)
}

fn usd() -> H160 {
	H160(asset_erc20_address(USD))
}

fn bob_address() -> H160 {
	common::evm::Mapper::to_address(&Bob.to_account_id())
}

/// A stablecoin (asset 1984) with 100 units held by Ethereum account 0; Bob owns the handle
/// `coffee_shop`.
fn setup() {
	let alice = || RuntimeOrigin::signed(Alice.to_account_id());
	assert_ok!(Assets::force_create(
		RuntimeOrigin::root(),
		USD.into(),
		Alice.to_account_id().into(),
		true,
		1
	));
	assert_ok!(Assets::mint(alice(), USD.into(), eth(0).1.into(), 100 * UNIT));
	let handle = BoundedVec::truncate_from(b"coffee_shop".to_vec());
	assert_ok!(Payments::register_handle(RuntimeOrigin::signed(Bob.to_account_id()), handle));
}

/// A checkout for `handle`, funded with the token's minimum balance (payments keep the
/// paying account alive, so the contract keeps that much).
fn deploy_checkout(handle: &str) -> H160 {
	let constructor = Checkout::constructorCall {
		merchantHandle_: handle.into(),
		token_: usd().0.into(),
		prices: vec![Amount::from(UNIT), Amount::from(PRICE)],
	};
	let checkout = deploy("Checkout", constructor.abi_encode());
	let alice = RuntimeOrigin::signed(Alice.to_account_id());
	let account = common::evm::Mapper::to_account_id(&checkout);
	assert_ok!(Assets::mint(alice, USD.into(), account.into(), 1));
	checkout
}

/// The buyer approves the checkout for the price; the `buy(item)` call data.
fn buy(buyer: &AccountId, checkout: H160, item: u64) -> Vec<u8> {
	let approve = IERC20::approveCall { spender: checkout.0.into(), value: Amount::from(PRICE) };
	call_ok(buyer, usd(), approve.abi_encode());
	Checkout::buyCall { itemId: Amount::from(item) }.abi_encode()
}

#[test]
fn a_checkout_contract_pays_the_merchants_handle() {
	new_test_ext(genesis::DEV_PRESET).execute_with(|| {
		initialize_block(1);
		setup();
		let (_, buyer) = eth(0);
		let resolve = IMooringPayments::resolveHandleCall { handle: "Coffee_Shop".into() };
		let (output, _) = call_ok(&buyer, payments(), resolve.abi_encode());
		let resolved = IMooringPayments::resolveHandleCall::abi_decode_returns(&output).unwrap();
		assert!(resolved.found, "handles resolve in any case");
		assert_eq!(resolved.owner.0 .0, bob_address().0);
		let unknown = IMooringPayments::resolveHandleCall { handle: "nobody_here".into() };
		let (output, _) = call_ok(&buyer, payments(), unknown.abi_encode());
		assert!(!IMooringPayments::resolveHandleCall::abi_decode_returns(&output).unwrap().found);

		let checkout = deploy_checkout("coffee_shop");
		System::reset_events();
		let data = buy(&buyer, checkout, 1);
		let (_, weight) = call_ok(&buyer, checkout, data);
		assert!(weight.all_gte(Payments::pay_handle_weight()), "charged below pay_handle");
		assert_eq!(Assets::balance(USD, Bob.to_account_id()), PRICE);
		assert_eq!(Assets::balance(USD, eth(0).1), 100 * UNIT - PRICE);
		let paid = System::events().into_iter().find_map(|record| match record.event {
			RuntimeEvent::Payments(pallet_payments::Event::PaidToHandle {
				memo, asset, ..
			}) => Some((memo, asset)),
			_ => None,
		});
		let mut item = [0u8; 32];
		item[31] = 1;
		assert_eq!(paid, Some((Some(item), AssetKind::Asset(USD))), "the item id is the memo");

		// A brake on `Payments.pay_handle` stops the checkout too.
		common::pause("Payments", "pay_handle");
		let data = buy(&buyer, checkout, 1);
		assert_eq!(call_reverts(&buyer, checkout, data), "CallFiltered");
		assert_ok!(mooring_runtime::TxPause::unpause(
			RuntimeOrigin::root(),
			(
				BoundedVec::truncate_from(b"Payments".to_vec()),
				BoundedVec::truncate_from(b"pay_handle".to_vec())
			)
		));

		// A handle nobody owns: the contract's call reverts with the pallet's reason, and the
		// whole purchase with it.
		let nowhere = deploy_checkout("nobody_here");
		let data = buy(&buyer, nowhere, 1);
		assert_eq!(call_reverts(&buyer, nowhere, data), "UnknownHandle");
		assert_eq!(Assets::balance(USD, eth(0).1), 100 * UNIT - PRICE, "nothing moved");
	});
}

#[test]
fn an_ethereum_account_reads_and_pays_an_invoice_once() {
	new_test_ext(genesis::DEV_PRESET).execute_with(|| {
		initialize_block(1);
		setup();
		let (payer_address, payer) = eth(0);
		let bob = RuntimeOrigin::signed(Bob.to_account_id());
		let reference = [0x0f; 32];
		assert_ok!(Payments::create_invoice(
			bob,
			Some(payer.clone().into()),
			AssetKind::Native,
			3 * UNIT,
			None,
			reference
		));
		let read = || {
			let (output, _) =
				call_ok(&payer, payments(), IMooringPayments::invoiceCall { id: 0 }.abi_encode());
			IMooringPayments::invoiceCall::abi_decode_returns(&output).unwrap()
		};
		let invoice = read();
		assert!(invoice.found);
		assert_eq!(invoice.holder.0 .0, bob_address().0);
		assert_eq!(invoice.payer.0 .0, payer_address.0);
		assert_eq!((invoice.token, invoice.amount), (Default::default(), Amount::from(3 * UNIT)));
		assert_eq!((invoice.referenceHash.0, invoice.status), (reference, INVOICE_OPEN));

		let pay = |amount: u128| {
			IMooringPayments::payInvoiceCall { id: 0, amount: Amount::from(amount) }.abi_encode()
		};
		assert_eq!(call_reverts(&payer, payments(), pay(2 * UNIT)), "WrongAmount");
		let (_, stranger) = eth(1);
		assert_eq!(call_reverts(&stranger, payments(), pay(3 * UNIT)), "NotInvoicePayer");
		let before = Balances::balance(&Bob.to_account_id());
		let (_, weight) = call_ok(&payer, payments(), pay(3 * UNIT));
		assert!(weight.all_gte(Payments::pay_invoice_weight()), "charged below pay_invoice");
		assert_eq!(Balances::balance(&Bob.to_account_id()) - before, 3 * UNIT);
		assert_eq!(read().status, INVOICE_PAID);
		assert_eq!(call_reverts(&payer, payments(), pay(3 * UNIT)), "InvoiceNotOpen");
	});
}
