//! Payments end to end (issue 5) on a dev node: PayPIN handles resolved over the node's RPC,
//! payments to a handle, invoices paid exactly once, and a payment whose fee a merchant
//! sponsors, made by an account that holds a stablecoin and no native token at all.
//!
//! 1. Bob creates a DID and registers `Bob_Pay` (stored as `bob-pay`); `payments_resolveHandle`
//!    returns his account and DID in any spelling; an unknown handle and malformed ones get
//!    their own errors. Bob issues an invoice to Charlie; Dave, a merchant, registers a handle;
//!    governance creates USDC (a sufficient `pallet-assets` asset) and its owner mints some to a
//!    fresh account that never received the native token.
//! 2. Alice pays 5 BNB to `bob-pay`. Dave sponsors the fees of payments to him in USDC, within
//!    a budget he funds.
//! 3. Charlie pays the invoice: the wrong amount is refused, the right one goes through, the
//!    second payment is refused; `payments_invoice` follows it from open to paid.
//! 4. The stablecoin-only payer cannot pay someone who does not sponsor (the pool refuses a
//!    transaction nobody pays for), but pays Dave's handle in USDC: no fee charged to it, the
//!    fee comes out of Dave's budget.
//! 5. An Ethereum wallet, through the Ethereum JSON-RPC only, deploys the example Solidity
//!    `Checkout` for `dave-shop` priced in USDC, resolves the handle through the payments
//!    precompile and buys an item: the checkout pays Dave's handle; a purchase without allowance
//!    and an unknown item are refused before they are signed.

use alloy::primitives::{Address, U256};
use mooring_e2e::{
	artifacts::{Checkout, DevToken, IMooringPayments},
	l2::{account, dev, hex, keypair, L2},
	node::{EthRpc, Node, NodeConfig},
	params,
	relayer::anvil_signer,
	wallet::{l2_account_of, mined, refusal, wallet, within},
};
use mooring_primitives::UNIT;
use mooring_runtime::{
	precompiles::{asset_erc20_address, PAYMENTS_PRECOMPILE_ADDRESS},
	AccountId, Runtime, RuntimeCall, RuntimeError, RuntimeEvent,
};
use pallet_did::DidPublicKey;
use pallet_payments::{AssetKind, SponsorTerms};
use polkadot_sdk::{
	pallet_assets,
	pallet_revive::{self, AddressMapper},
	sp_runtime::MultiAddress,
};
use serde_json::{json, Value};
use std::time::Duration;

const TIMEOUT: Duration = Duration::from_secs(60);
const USDC: u32 = 1337;

#[tokio::test]
async fn handles_invoices_and_sponsored_stablecoin_payments() -> anyhow::Result<()> {
	let dir = tempfile::tempdir()?;
	let node = Node::start(&NodeConfig::dev_sequencer(), dir.path()).await?;
	node.wait_for_block(1, TIMEOUT).await?;
	let l2 = L2::to(&node).await?;

	let (alice, bob, charlie, merchant) = (dev::alice(), dev::bob(), dev::charlie(), dev::dave());
	let payer = keypair("//StablecoinOnlyPayer");
	let reference = [0x1e; 32];
	let max_fee = UNIT / 10;
	let budget = UNIT;

	// 1. Handles, a DID, an invoice, a sponsorship and the stablecoin.
	let events = l2
		.submit_all_ok(vec![
			(
				RuntimeCall::Did(pallet_did::Call::create_did {
					key: DidPublicKey::Sr25519(bob.public_key().0),
					proof: None,
				}),
				&bob,
			),
			(pay(pallet_payments::Call::register_handle { handle: handle("Bob_Pay") }), &bob),
			(
				pay(pallet_payments::Call::create_invoice {
					payer: Some(MultiAddress::Id(account(&charlie))),
					asset: AssetKind::Native,
					amount: 2 * UNIT,
					due: None,
					reference,
				}),
				&bob,
			),
			(
				pay(pallet_payments::Call::register_handle { handle: handle("dave-shop") }),
				&merchant,
			),
			(
				mooring_e2e::l2::council(RuntimeCall::Assets(pallet_assets::Call::force_create {
					id: USDC.into(),
					owner: MultiAddress::Id(account(&alice)),
					is_sufficient: true,
					min_balance: 1,
				})),
				&alice,
			),
			(
				RuntimeCall::Assets(pallet_assets::Call::mint {
					id: USDC.into(),
					beneficiary: MultiAddress::Id(account(&payer)),
					amount: 1_000_000_000,
				}),
				&alice,
			),
		])
		.await?;
	let invoice = events
		.iter()
		.find_map(|e| match e {
			RuntimeEvent::Payments(pallet_payments::Event::InvoiceCreated { id, .. }) => Some(*id),
			_ => None,
		})
		.expect("an InvoiceCreated event");
	assert!(events.contains(&RuntimeEvent::Payments(pallet_payments::Event::HandleRegistered {
		handle: handle("bob-pay"),
		owner: account(&bob),
		deposit: events
			.iter()
			.find_map(|e| match e {
				RuntimeEvent::Payments(pallet_payments::Event::HandleRegistered {
					deposit,
					..
				}) => {
					Some(*deposit)
				},
				_ => None,
			})
			.unwrap(),
	})));

	// The handle resolves, whatever its spelling, to Bob's account and DID.
	let bob_resolution = json!({
		"handle": "bob-pay",
		"account": account(&bob).to_string(),
		"did": hex(&bob.public_key().0),
		"preferredAsset": null,
		"onlyPreferred": false,
		"refusedAssets": [],
		"payerRequirement": null,
		"reserved": false,
	});
	for spelling in ["bob-pay", "Bob_Pay", "BOB-PAY"] {
		assert_eq!(l2.rpc("payments_resolveHandle", params![spelling]).await?, bob_resolution);
	}
	let dave_resolution = l2.rpc("payments_resolveHandle", params!["dave-shop"]).await?;
	assert_eq!(dave_resolution["account"], json!(account(&merchant).to_string()));
	assert_eq!(dave_resolution["did"], Value::Null, "Dave has no DID");
	let unknown = l2.rpc_error("payments_resolveHandle", params!["nobody-here"]).await?;
	assert_eq!((unknown.code(), unknown.message()), (7002, "unknown handle"));
	for (malformed, rule) in [
		("1abc", "must start with a letter"),
		("ab", "shorter than 3 characters"),
		("bob--pay", "no two '-' or '_' in a row"),
		("bob-", "must end with a letter or digit"),
		("bøb", "only a-z, 0-9, '-' and '_' are allowed"),
	] {
		let error = l2.rpc_error("payments_resolveHandle", params![malformed]).await?;
		assert_eq!((error.code(), error.message()), (7001, "malformed handle"), "{malformed}");
		assert_eq!(error.data().map(|d| d.get()), Some(format!("\"{rule}\"").as_str()));
	}

	// 2. A payment to the handle; meanwhile Dave sponsors fees of payments to him in USDC,
	// which exists now.
	let bob_before = l2.free_balance(&account(&bob)).await?;
	let memo = Some([0x3e; 32]);
	let events = l2
		.submit_all_ok(vec![
			(
				pay(pallet_payments::Call::pay_handle {
					handle: handle("BOB_pay"),
					asset: AssetKind::Native,
					amount: 5 * UNIT,
					memo,
				}),
				&alice,
			),
			(
				pay(pallet_payments::Call::set_sponsorship {
					terms: SponsorTerms {
						max_fee_per_payment: max_fee,
						max_payments_per_block: 5,
						asset: AssetKind::Asset(USDC),
						min_amount: 1_000,
					},
				}),
				&merchant,
			),
			(pay(pallet_payments::Call::fund_sponsorship { amount: budget }), &merchant),
		])
		.await?;
	assert!(events.contains(&RuntimeEvent::Payments(pallet_payments::Event::PaidToHandle {
		handle: handle("bob-pay"),
		from: account(&alice),
		to: account(&bob),
		asset: AssetKind::Native,
		amount: 5 * UNIT,
		memo,
	})));
	assert_eq!(l2.free_balance(&account(&bob)).await? - bob_before, 5 * UNIT);

	// 3. The invoice: open, a wrong amount refused, paid once, a second payment refused.
	let status = invoice_status(&l2, invoice).await?;
	assert_eq!(status["status"], "open");
	assert_eq!(status["amount"], (2 * UNIT).to_string());
	assert_eq!(status["payer"], json!(account(&charlie).to_string()));
	assert_eq!(status["reference"], json!(hex(&reference)));
	let bob_before = l2.free_balance(&account(&bob)).await?;
	let outcomes = l2
		.submit_all(vec![
			(pay(pallet_payments::Call::pay_invoice { id: invoice, amount: 3 * UNIT }), &charlie),
			(pay(pallet_payments::Call::pay_invoice { id: invoice, amount: 2 * UNIT }), &charlie),
			(pay(pallet_payments::Call::pay_invoice { id: invoice, amount: 2 * UNIT }), &charlie),
		])
		.await?;
	let [overpaid, paid, paid_again] = <[_; 3]>::try_from(outcomes).expect("three outcomes");
	assert!(matches!(
		overpaid.module_error()?,
		RuntimeError::Payments(pallet_payments::Error::WrongAmount)
	));
	assert!(paid.ok()?.contains(&RuntimeEvent::Payments(pallet_payments::Event::InvoicePaid {
		id: invoice,
		payer: account(&charlie),
		holder: account(&bob),
		asset: AssetKind::Native,
		amount: 2 * UNIT,
	})));
	assert!(matches!(
		paid_again.module_error()?,
		RuntimeError::Payments(pallet_payments::Error::InvoiceNotOpen)
	));
	assert_eq!(l2.free_balance(&account(&bob)).await? - bob_before, 2 * UNIT, "paid exactly once");
	let status = invoice_status(&l2, invoice).await?;
	assert_eq!(status["status"], "paid");
	assert_eq!(status["paidBy"], json!(account(&charlie).to_string()));
	assert_eq!(status["holder"], json!(account(&bob).to_string()));

	// 4. A payer with USDC and no native token at all.
	let info = l2.account_info(&account(&payer)).await?;
	assert_eq!((info.data.free, info.providers, info.sufficients, info.nonce), (0, 0, 1, 0));
	assert_eq!(l2.asset_balance(USDC, &account(&payer)).await?, 1_000_000_000);
	// Nobody sponsors a payment to Eve, and the payer cannot pay the fee: the pool refuses it.
	let refused = l2
		.submit_refused(
			pay(pallet_payments::Call::pay {
				to: MultiAddress::Id(account(&dev::eve())),
				asset: AssetKind::Asset(USDC),
				amount: 250_000,
				memo: None,
			}),
			&payer,
		)
		.await?;
	assert!(refused.contains("Inability to pay some fees"), "{refused}");
	// Dave sponsors payments to him in USDC.
	let vault_before = l2.free_balance(&mooring_runtime::configs::SequencerFeeVault::get()).await?;
	let events = l2
		.submit_ok(
			pay(pallet_payments::Call::pay_handle {
				handle: handle("dave-shop"),
				asset: AssetKind::Asset(USDC),
				amount: 250_000,
				memo: None,
			}),
			&payer,
		)
		.await?;
	let fee = events
		.iter()
		.find_map(|e| match e {
			RuntimeEvent::Payments(pallet_payments::Event::FeeSponsored {
				sponsor,
				payer: p,
				fee,
			}) if *sponsor == account(&merchant) && *p == account(&payer) => Some(*fee),
			_ => None,
		})
		.expect("a FeeSponsored event");
	assert!(fee > 0 && fee <= max_fee, "fee {fee}");
	assert!(
		events.iter().any(|e| matches!(e, RuntimeEvent::SkipFeelessPayment(_))),
		"the fee charge was skipped: {events:?}"
	);
	assert!(
		!events.iter().any(|e| matches!(e, RuntimeEvent::TransactionPayment(_))),
		"no fee was charged to the payer"
	);
	assert!(events.contains(&RuntimeEvent::Payments(pallet_payments::Event::PaidToHandle {
		handle: handle("dave-shop"),
		from: account(&payer),
		to: account(&merchant),
		asset: AssetKind::Asset(USDC),
		amount: 250_000,
		memo: None,
	})));
	let info = l2.account_info(&account(&payer)).await?;
	assert_eq!((info.data.free, info.nonce), (0, 1), "still no native token; the nonce moved");
	assert_eq!(l2.asset_balance(USDC, &account(&payer)).await?, 1_000_000_000 - 250_000);
	assert_eq!(l2.asset_balance(USDC, &account(&merchant)).await?, 250_000);
	let key = pallet_payments::Sponsorships::<Runtime>::hashed_key_for(account(&merchant));
	let sponsorship: pallet_payments::SponsorshipOf<Runtime> =
		l2.storage(&key).await?.expect("the sponsorship");
	assert_eq!(sponsorship.budget, budget - fee, "the fee came out of the budget");
	assert_eq!(sponsorship.used_in_block, 1);
	let vault_after = l2.free_balance(&mooring_runtime::configs::SequencerFeeVault::get()).await?;
	assert!(vault_after >= vault_before + fee, "the sequencer's fee vault got the fee");

	let eth_rpc = EthRpc::start(&node, dir.path()).await?;
	a_wallet_buys_at_a_checkout_that_pays_a_handle(&l2, &eth_rpc).await
}

/// Step 5: an Ethereum wallet (dev Ethereum key 0), through the Ethereum JSON-RPC only, deploys
/// the example `Checkout` for `dave-shop` priced in USDC and buys an item: the checkout pays
/// Dave's handle through the payments precompile.
async fn a_wallet_buys_at_a_checkout_that_pays_a_handle(
	l2: &L2,
	eth_rpc: &EthRpc,
) -> anyhow::Result<()> {
	let (usdc_owner, merchant) = (dev::alice(), dev::dave());
	let buyer = wallet(eth_rpc, 0)?;
	let me = anvil_signer(0).address();
	let usdc = Address::from(asset_erc20_address(USDC));
	let price = U256::from(2_500_000);
	// The buyer holds 10 USDC (the asset's owner mints them, as an exchange would pay out).
	l2.submit_ok(mint_usdc(l2_account_of(me), 10_000_000), &usdc_owner).await?;

	let prices = vec![U256::from(1_000_000), price];
	let deploy = Checkout::deploy(buyer.clone(), "dave-shop".into(), usdc, prices);
	let checkout = within("deploying Checkout", deploy).await??;
	// The checkout keeps the token's minimum balance so that paying out never reaps it.
	l2.submit_ok(mint_usdc(l2_account_of(*checkout.address()), 1), &usdc_owner).await?;
	let resolved = IMooringPayments::new(PAYMENTS_PRECOMPILE_ADDRESS.into(), &buyer)
		.resolveHandle("Dave-Shop".into())
		.call()
		.await?;
	let dave_address = Address::from(
		<Runtime as pallet_revive::Config>::AddressMapper::to_address(&account(&merchant)).0,
	);
	assert_eq!((resolved.found, resolved.owner), (true, dave_address));

	let token = DevToken::new(usdc, &buyer);
	mined("USDC approve", token.approve(*checkout.address(), price).send()).await?;
	let merchant_before = l2.asset_balance(USDC, &account(&merchant)).await?;
	let receipt = mined("Checkout.buy", checkout.buy(U256::from(1)).send()).await?;
	let sold = receipt.decoded_log::<Checkout::Sold>().expect("a Sold log");
	assert_eq!(
		(sold.itemId, sold.buyer, sold.to, sold.price),
		(U256::from(1), me, dave_address, price)
	);
	assert_eq!(l2.asset_balance(USDC, &account(&merchant)).await? - merchant_before, 2_500_000);
	assert_eq!(token.balanceOf(me).call().await?, U256::from(7_500_000));

	// The allowance is spent: a second purchase is refused before it is signed, nothing moves.
	let again = checkout.buy(U256::from(1));
	let again = refusal("a purchase without allowance", again.estimate_gas()).await?;
	assert!(again.contains("revert"), "{again}");
	let unknown = refusal("an unknown item", checkout.buy(U256::from(7)).estimate_gas()).await?;
	assert!(unknown.contains("revert"), "{unknown}");
	assert_eq!(token.balanceOf(me).call().await?, U256::from(7_500_000));
	Ok(())
}

fn mint_usdc(to: AccountId, amount: u128) -> RuntimeCall {
	RuntimeCall::Assets(pallet_assets::Call::mint {
		id: USDC.into(),
		beneficiary: MultiAddress::Id(to),
		amount,
	})
}

fn pay(call: pallet_payments::Call<Runtime>) -> RuntimeCall {
	RuntimeCall::Payments(call)
}

fn handle(text: &str) -> pallet_payments::Handle {
	text.as_bytes().to_vec().try_into().expect("short enough")
}

async fn invoice_status(l2: &L2, id: u64) -> anyhow::Result<Value> {
	l2.rpc("payments_invoice", params![id]).await
}
