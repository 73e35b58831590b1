//! Real-world assets end to end (issue 4), following the walk-through of `docs/rwa.md` on a
//! dev node: real DIDs and KYC claims from `pallet-did`, the bond, its compliance rules and a
//! stablecoin coupon, with the refusals explained over the node's `rwa_*` RPC.
//!
//! 0. A KYC provider (Eve) creates its DID; governance trusts it for the KYC schema. The
//!    investors Bob (SG, tier 2) and Charlie (DE, tier 1) and Ferdie (US, tier 2) create their
//!    own DIDs and Eve attests their claims through DID-authorised calls. Dave has no claim.
//! 1. The issuer (Alice) creates the bond, requires KYC tier ≥ 1 on both sides and a receiver
//!    outside the US, and caps the holders at 500.
//! 2. It issues 60 000.00 to Bob and 40 000.00 to Charlie.
//! 3. `rwa_canTransfer` explains why Bob cannot send to Dave (ERC-1400 `0x57`, requirement 0,
//!    condition 1: no valid KYC claim) or to Ferdie (condition 2: jurisdiction US), and says
//!    yes to Charlie; the transfer and an issuance to Dave fail with `ReceiverNotCompliant`.
//! 4. A 5 000 USDT coupon (a sufficient `pallet-assets` stablecoin) at a new checkpoint: Bob
//!    claims 60 %, the issuer pushes Charlie's 40 %; a transfer after the checkpoint changes
//!    balances but neither the checkpoint balance nor the shares.
//! 5. Ethereum wallets, through the Ethereum JSON-RPC only: Bob and Charlie each link a wallet
//!    to their DID with a DID call their key signed, submitted by the wallet through the identity
//!    precompile; the issuer issues bonds to Bob's wallet, which sends some to Charlie's through
//!    the bond's ERC-20; a third wallet with no DID is refused with the pallet's reason, which
//!    `canTransfer` gave beforehand.

use alloy::primitives::U256;
use codec::Encode;
use mooring_e2e::{
	artifacts::{IMooringIdentity, IMooringRwaToken},
	l2::{account, council, dev, hex, Keypair, L2},
	node::{EthRpc, Node, NodeConfig},
	params,
	relayer::anvil_signer,
	wallet::{l2_account_of, mined, refusal, wallet},
};
use mooring_runtime::precompiles::{rwa_erc20_address, IDENTITY_PRECOMPILE_ADDRESS};
use mooring_runtime::{AccountId, BlockNumber, Runtime, RuntimeCall, RuntimeError, RuntimeEvent};
use pallet_did::{Attributes, DidAuthorizedCall, DidCallOf, DidPublicKey, DidSignature};
use pallet_rwa::{
	AssetClass, Condition, ConditionKind, Document, DocumentKind, IssuerSource, PaymentAsset,
	Requirement, Restriction, Side,
};
use polkadot_sdk::{pallet_assets, sp_io::hashing::blake2_256, sp_runtime::MultiAddress};
use serde_json::{json, Value};
use std::time::Duration;

const TIMEOUT: Duration = Duration::from_secs(60);
const USDT: u32 = 1984;
const DAY_MS: u64 = 86_400_000;

#[tokio::test]
async fn a_bond_for_two_kyc_investors_refuses_a_third_and_pays_a_coupon() -> anyhow::Result<()> {
	let dir = tempfile::tempdir()?;
	let node = Node::start(&NodeConfig::dev_sequencer(), dir.path()).await?;
	node.wait_for_block(1, TIMEOUT).await?;
	let l2 = L2::to(&node).await?;

	let (issuer, kyc_provider) = (dev::alice(), dev::eve());
	let (bob, charlie, dave, ferdie) = (dev::bob(), dev::charlie(), dev::dave(), dev::ferdie());
	let kyc = blake2_256(b"mooring kyc schema v1");

	// 0 and 1. DIDs, the KYC schema, the stablecoin and the bond with its rules, in parallel.
	let create_did = |who: &Keypair| {
		RuntimeCall::Did(pallet_did::Call::create_did {
			key: DidPublicKey::Sr25519(who.public_key().0),
			proof: None,
		})
	};
	let condition = |side, kind| Condition { side, kind, issuers: IssuerSource::SchemaDefault };
	let requirements = vec![Requirement {
		conditions: vec![
			condition(Side::Sender, ConditionKind::KycTierAtLeast { schema: kyc, tier: 1 }),
			condition(Side::Receiver, ConditionKind::KycTierAtLeast { schema: kyc, tier: 1 }),
			condition(
				Side::Receiver,
				ConditionKind::JurisdictionNotIn {
					schema: kyc,
					countries: vec![*b"US"].try_into().unwrap(),
				},
			),
		]
		.try_into()
		.unwrap(),
	}];
	let maturity = 1_893_456_000_000; // 2030-01-01
	let events = l2
		.submit_all_ok(vec![
			(create_did(&kyc_provider), &kyc_provider),
			(create_did(&bob), &bob),
			(create_did(&charlie), &charlie),
			(create_did(&ferdie), &ferdie),
			(
				RuntimeCall::Did(pallet_did::Call::register_schema {
					schema: kyc,
					uri: b"https://schemas.mooring.dev/kyc/v1".to_vec().try_into().unwrap(),
				}),
				&issuer,
			),
			(
				council(RuntimeCall::Assets(pallet_assets::Call::force_create {
					id: USDT.into(),
					owner: MultiAddress::Id(account(&issuer)),
					is_sufficient: true,
					min_balance: 1,
				})),
				&issuer,
			),
			(
				RuntimeCall::Assets(pallet_assets::Call::mint {
					id: USDT.into(),
					beneficiary: MultiAddress::Id(account(&issuer)),
					amount: 10_000_000_000,
				}),
				&issuer,
			),
			(
				rwa(pallet_rwa::Call::create_asset {
					name: b"MGB 2030".to_vec().try_into().unwrap(),
					symbol: b"MGB30".to_vec().try_into().unwrap(),
					decimals: 2,
					class: AssetClass::Bond,
					documents: vec![
						Document { kind: DocumentKind::Prospectus, hash: [0x11; 32] },
						Document { kind: DocumentKind::Terms, hash: [0x22; 32] },
					]
					.try_into()
					.unwrap(),
					supply_cap: Some(100_000_000),
					maturity: Some(maturity),
				}),
				&issuer,
			),
		])
		.await?;
	let bond = events
		.iter()
		.find_map(|e| match e {
			RuntimeEvent::Rwa(pallet_rwa::Event::AssetCreated { asset, owner, class }) => {
				assert_eq!((owner, class), (&account(&issuer), &AssetClass::Bond));
				Some(*asset)
			},
			_ => None,
		})
		.expect("an AssetCreated event");

	// Governance trusts the provider; the provider attests the investors; the issuer sets the
	// bond's rules.
	let expires_at = node.best_number().await? as BlockNumber + 100;
	let attest = |nonce: u64, subject: &Keypair, tier: u8, country: [u8; 2]| {
		let call = RuntimeCall::Did(pallet_did::Call::attest {
			claim_hash: blake2_256(&(b"kyc", subject.public_key().0).encode()),
			subject: subject.public_key().0,
			schema: kyc,
			attributes: Attributes {
				kyc_tier: tier,
				jurisdiction: Some(country),
				accredited: false,
				extra: Default::default(),
			},
			expires: None,
		});
		did_call(&l2, &kyc_provider, nonce, call, expires_at)
	};
	let events = l2
		.submit_all_ok(vec![
			(
				council(RuntimeCall::Did(pallet_did::Call::add_schema_issuer {
					schema: kyc,
					issuer: kyc_provider.public_key().0,
				})),
				&issuer,
			),
			(
				rwa(pallet_rwa::Call::set_requirements {
					asset: bond,
					requirements: requirements.try_into().unwrap(),
				}),
				&issuer,
			),
			(
				rwa(pallet_rwa::Call::set_restrictions {
					asset: bond,
					restrictions: vec![Restriction::MaxHolders(500)].try_into().unwrap(),
				}),
				&issuer,
			),
			(attest(1, &bob, 2, *b"SG"), &kyc_provider),
			(attest(2, &charlie, 1, *b"DE"), &kyc_provider),
			(attest(3, &ferdie, 2, *b"US"), &kyc_provider),
		])
		.await?;
	let attested = events
		.iter()
		.filter(|e| matches!(e, RuntimeEvent::Did(pallet_did::Event::Attested { .. })))
		.count();
	assert_eq!(attested, 3, "three claims attested through DID calls");

	// 2. Issue 60 000.00 to Bob and 40 000.00 to Charlie.
	let events = l2
		.submit_ok(
			rwa(pallet_rwa::Call::issue_batch {
				asset: bond,
				issues: vec![(account(&bob), 6_000_000), (account(&charlie), 4_000_000)]
					.try_into()
					.unwrap(),
			}),
			&issuer,
		)
		.await?;
	for (who, amount) in [(&bob, 6_000_000), (&charlie, 4_000_000)] {
		assert!(events.contains(&RuntimeEvent::Rwa(pallet_rwa::Event::Issued {
			asset: bond,
			to: account(who),
			amount,
		})));
		assert_eq!(holding(&l2, bond, &account(who)).await?, amount);
	}

	// 3. Wallets ask before sending.
	let schema_hex = hex(&kyc);
	let no_claim =
		format!("the receiver has no valid claim of schema {schema_hex} from a trusted issuer");
	assert_eq!(
		can_transfer(&l2, bond, &bob, &dave, 100_000).await?,
		json!({
			"ok": false,
			"code": "0x57",
			"codeName": "InvalidReceiver",
			"reason": "NotCompliant",
			"message": format!("No compliance requirement is met: requirement 0: {no_claim}."),
			"requirements": [{
				"requirement": 0,
				"condition": 1,
				"side": "receiver",
				"failure": "MissingClaim",
				"detail": no_claim,
			}],
			"restriction": null,
		})
	);
	let us = can_transfer(&l2, bond, &bob, &ferdie, 100_000).await?;
	assert_eq!(
		(&us["ok"], &us["code"], &us["reason"]),
		(&json!(false), &json!("0x57"), &json!("NotCompliant"))
	);
	assert_eq!(
		us["requirements"],
		json!([{
			"requirement": 0,
			"condition": 2,
			"side": "receiver",
			"failure": "JurisdictionNotAllowed",
			"detail": "the jurisdiction of the receiver (US) is not allowed",
		}])
	);
	let yes = can_transfer(&l2, bond, &bob, &charlie, 100_000).await?;
	assert_eq!(
		yes,
		json!({
			"ok": true,
			"code": "0x51",
			"codeName": "TransferSuccess",
			"reason": null,
			"message": null,
			"requirements": [],
			"restriction": null,
		})
	);
	let too_much = can_transfer(&l2, bond, &bob, &charlie, 6_000_001).await?;
	assert_eq!(
		(&too_much["code"], &too_much["reason"]),
		(&json!("0x52"), &json!("InsufficientBalance"))
	);
	// The chain refuses what the RPC explained.
	let outcomes = l2
		.submit_all(vec![
			(
				rwa(pallet_rwa::Call::transfer {
					asset: bond,
					to: account(&dave),
					amount: 100_000,
				}),
				&bob,
			),
			(
				rwa(pallet_rwa::Call::issue { asset: bond, to: account(&dave), amount: 100_000 }),
				&issuer,
			),
			(
				rwa(pallet_rwa::Call::transfer { asset: bond, to: account(&ferdie), amount: 1 }),
				&bob,
			),
		])
		.await?;
	for outcome in &outcomes {
		assert!(
			matches!(
				outcome.module_error()?,
				RuntimeError::Rwa(pallet_rwa::Error::ReceiverNotCompliant)
			),
			"{:?}",
			outcome.error
		);
	}
	assert_eq!(holding(&l2, bond, &account(&dave)).await?, 0);
	assert_eq!(holding(&l2, bond, &account(&bob)).await?, 6_000_000);

	// 4. The coupon: 5 000 USDT (6 decimals) at a new checkpoint, claimable for 30 days.
	let usdt_before = l2.asset_balance(USDT, &account(&issuer)).await?;
	let expires = l2.now().await? + 30 * DAY_MS;
	let events = l2
		.submit_ok(
			rwa(pallet_rwa::Call::create_distribution {
				asset: bond,
				checkpoint: None,
				payment: PaymentAsset::Asset(USDT),
				amount: 5_000_000_000,
				expires_at: expires,
			}),
			&issuer,
		)
		.await?;
	let (id, checkpoint) = events
		.iter()
		.find_map(|e| match e {
			RuntimeEvent::Rwa(pallet_rwa::Event::DistributionCreated {
				id,
				checkpoint,
				amount,
				..
			}) => {
				assert_eq!(*amount, 5_000_000_000);
				Some((*id, *checkpoint))
			},
			_ => None,
		})
		.expect("a DistributionCreated event");
	assert!(events.iter().any(|e| matches!(
		e,
		RuntimeEvent::Rwa(pallet_rwa::Event::CheckpointCreated { supply: 10_000_000, .. })
	)));
	// The issuer paid the coupon and the asset's minimum balance (the pot's float).
	assert_eq!(usdt_before - l2.asset_balance(USDT, &account(&issuer)).await?, 5_000_000_001);
	assert_eq!(entitlement(&l2, id, &bob).await?, json!("3000000000"));
	assert_eq!(entitlement(&l2, id, &charlie).await?, json!("2000000000"));

	// After the checkpoint Bob sends 1 000.00 to Charlie and claims; the issuer pushes
	// Charlie's share. Shares follow the checkpoint, not the new balances.
	let events = l2
		.submit_all_ok(vec![
			(
				rwa(pallet_rwa::Call::transfer {
					asset: bond,
					to: account(&charlie),
					amount: 100_000,
				}),
				&bob,
			),
			(rwa(pallet_rwa::Call::claim_distribution { id, holder: account(&bob) }), &bob),
			(
				rwa(pallet_rwa::Call::push_distribution {
					id,
					holders: vec![account(&charlie)].try_into().unwrap(),
				}),
				&issuer,
			),
		])
		.await?;
	for (who, amount) in [(&bob, 3_000_000_000), (&charlie, 2_000_000_000)] {
		assert!(events.contains(&RuntimeEvent::Rwa(pallet_rwa::Event::DistributionPaid {
			id,
			holder: account(who),
			payee: account(who),
			amount,
		})));
		assert_eq!(l2.asset_balance(USDT, &account(who)).await?, amount);
		assert_eq!(entitlement(&l2, id, who).await?, json!("0"), "paid once");
	}
	assert_eq!(holding(&l2, bond, &account(&bob)).await?, 5_900_000);
	assert_eq!(holding(&l2, bond, &account(&charlie)).await?, 4_100_000);
	let at_checkpoint =
		l2.rpc("rwa_balanceAt", params![bond, account(&bob).to_string(), checkpoint]).await?;
	assert_eq!(at_checkpoint, json!("6000000"));
	// A second claim pays nothing more.
	let error = l2
		.submit_err(rwa(pallet_rwa::Call::claim_distribution { id, holder: account(&bob) }), &bob)
		.await?;
	assert!(matches!(error, RuntimeError::Rwa(pallet_rwa::Error::AlreadyPaid)), "{error:?}");
	assert_eq!(l2.asset_balance(USDT, &account(&bob)).await?, 3_000_000_000);

	let eth_rpc = EthRpc::start(&node, dir.path()).await?;
	ethereum_wallets_hold_the_bond(&node, &l2, &eth_rpc, bond).await
}

/// Step 5: the bond between Ethereum wallets (dev Ethereum keys 0, 1 and 2).
async fn ethereum_wallets_hold_the_bond(
	node: &Node,
	l2: &L2,
	eth_rpc: &EthRpc,
	bond: u32,
) -> anyhow::Result<()> {
	let (issuer, bob, charlie) = (dev::alice(), dev::bob(), dev::charlie());
	let [bob_wallet, charlie_wallet, stranger] =
		[0, 1, 2].map(|index| wallet(eth_rpc, index).expect("a wallet"));
	let address = |index| anvil_signer(index).address();
	let account_of = |index| l2_account_of(address(index));

	// Each investor's DID key signs a link of the wallet; the wallet submits it.
	let expires_at = node.best_number().await? as BlockNumber + 100;
	for (investor, index, provider) in [(&bob, 0, &bob_wallet), (&charlie, 1, &charlie_wallet)] {
		let did = investor.public_key().0;
		let link = RuntimeCall::Did(pallet_did::Call::link_account { did });
		let (did_call, signature) =
			signed_did_call(l2, investor, 1, link, expires_at, account_of(index));
		let identity = IMooringIdentity::new(IDENTITY_PRECOMPILE_ADDRESS.into(), provider);
		let submit = identity.submitDidCall(did_call.encode().into(), signature.encode().into());
		mined("submitDidCall(link_account)", submit.send()).await?;
		let linked = identity.didOf(address(index)).call().await?;
		assert_eq!((linked.linked, linked.did.0), (true, did));
	}

	// The issuer issues 500.00 to Bob's wallet, which sees the balance and the bond's symbol.
	let issue = rwa(pallet_rwa::Call::issue { asset: bond, to: account_of(0), amount: 50_000 });
	l2.submit_ok(issue, &issuer).await?;
	let token = IMooringRwaToken::new(rwa_erc20_address(bond).into(), &bob_wallet);
	assert_eq!(token.balanceOf(address(0)).call().await?, U256::from(50_000));
	assert_eq!(token.symbol().call().await?, "MGB30");
	assert_eq!(token.decimals().call().await?, 2);

	// Bob's wallet asks, then sends 120.00 to Charlie's.
	let check = token.canTransfer(address(0), address(1), U256::from(12_000)).call().await?;
	assert_eq!((check.code.0, check.reason), ([0x51], Default::default()));
	let sent = mined("RWA transfer", token.transfer(address(1), U256::from(12_000)).send()).await?;
	let log = sent.decoded_log::<IMooringRwaToken::Transfer>().expect("a Transfer log");
	assert_eq!((log.from, log.to, log.value), (address(0), address(1), U256::from(12_000)));
	assert_eq!(holding(l2, bond, &account_of(0)).await?, 38_000);
	assert_eq!(holding(l2, bond, &account_of(1)).await?, 12_000);

	// A wallet with no DID: `canTransfer` says why, the transfer is refused for that reason
	// when the wallet estimates it, and nothing moves.
	let check = token.canTransfer(address(0), address(2), U256::from(100)).call().await?;
	assert_eq!(check.code.0, [0x57], "ERC-1066 invalid receiver");
	let reason = String::from_utf8(check.reason.0.to_vec())?;
	assert_eq!(reason.trim_end_matches('\0'), "ReceiverNotCompliant");
	let to_stranger = token.transfer(address(2), U256::from(100));
	let refused = refusal("an RWA transfer to a wallet with no DID", to_stranger.estimate_gas());
	let refused = refused.await?;
	assert!(refused.contains("ReceiverNotCompliant"), "{refused}");
	// Nor can the stranger pull the bond with an allowance it does not have.
	let stranger_token = IMooringRwaToken::new(rwa_erc20_address(bond).into(), &stranger);
	let pull = stranger_token.transferFrom(address(0), address(2), U256::from(100));
	let refused = refusal("a transferFrom without allowance", pull.estimate_gas()).await?;
	assert!(refused.contains("revert"), "{refused}");
	assert_eq!(holding(l2, bond, &account_of(0)).await?, 38_000);
	assert_eq!(holding(l2, bond, &account_of(2)).await?, 0);
	Ok(())
}

fn rwa(call: pallet_rwa::Call<Runtime>) -> RuntimeCall {
	RuntimeCall::Rwa(call)
}

/// `Did.submit_did_call` of `call` by the DID of `who`'s Sr25519 key, submitted by `who`.
fn did_call(
	l2: &L2,
	who: &Keypair,
	nonce: u64,
	call: RuntimeCall,
	expires_at: BlockNumber,
) -> RuntimeCall {
	let (did_call, signature) = signed_did_call(l2, who, nonce, call, expires_at, account(who));
	RuntimeCall::Did(pallet_did::Call::submit_did_call { did_call: Box::new(did_call), signature })
}

/// `call` as a DID call of `who`'s DID for `submitter`, signed by `who`'s Sr25519 key.
fn signed_did_call(
	l2: &L2,
	who: &Keypair,
	nonce: u64,
	call: RuntimeCall,
	expires_at: BlockNumber,
	submitter: AccountId,
) -> (DidCallOf<Runtime>, DidSignature) {
	let did_call: DidCallOf<Runtime> = DidAuthorizedCall {
		did: who.public_key().0,
		key_id: 1,
		call,
		nonce,
		expires_at,
		submitter,
	};
	let payload = (pallet_did::DID_CALL_CONTEXT, l2.genesis_hash, &did_call).encode();
	(did_call, DidSignature::Sr25519(who.sign(&payload).0))
}

/// `who`'s units of `asset` in the RWA ledger.
async fn holding(l2: &L2, asset: u32, who: &AccountId) -> anyhow::Result<u128> {
	let key = pallet_rwa::Holdings::<Runtime>::hashed_key_for(asset, who);
	let holding: Option<pallet_rwa::Holding<u128>> = l2.storage(&key).await?;
	Ok(holding.map_or(0, |h| h.balance))
}

async fn can_transfer(
	l2: &L2,
	asset: u32,
	from: &Keypair,
	to: &Keypair,
	amount: u64,
) -> anyhow::Result<Value> {
	l2.rpc(
		"rwa_canTransfer",
		params![asset, account(from).to_string(), account(to).to_string(), amount],
	)
	.await
}

async fn entitlement(l2: &L2, id: u32, holder: &Keypair) -> anyhow::Result<Value> {
	l2.rpc("rwa_distributionEntitlement", params![id, account(holder).to_string()]).await
}
