//! The foundation end to end: a dev sequencer and the eth-rpc as processes on loopback.
//!
//! One scenario, in steps, so that the node starts once: an OpenZeppelin ERC-20 compiled by solc
//! deploys through the Ethereum JSON-RPC (alloy), transfers, emits its `Transfer` log and answers
//! the usual queries; a Substrate transfer goes through subxt; malformed or replayed transactions
//! get clear errors while blocks keep coming; a second node syncs over libp2p to the same chain.

use alloy::{
	consensus::{SignableTransaction, TxLegacy},
	eips::Encodable2718,
	network::{EthereumWallet, TransactionBuilder, TxSignerSync},
	primitives::{Address, Bytes, TxKind, U256},
	providers::{Provider, ProviderBuilder},
	rpc::types::{Filter, TransactionRequest},
	signers::local::PrivateKeySigner,
	sol_types::SolEvent,
};
use jsonrpsee::core::params::ArrayParams;
use mooring_e2e::{
	artifacts::DevToken,
	node::{wait_until, EthRpc, Node, NodeConfig},
};
use mooring_primitives::{dev::ETH_DEV_PRIVATE_KEYS, CHAIN_ID, UNIT};
use std::time::Duration;
use subxt::transactions::DefaultParams;
use subxt::{
	dynamic::{At, Value},
	OnlineClient, PolkadotConfig,
};
use subxt_signer::sr25519::dev;

const TIMEOUT: Duration = Duration::from_secs(60);

fn dev_signer(index: usize) -> PrivateKeySigner {
	ETH_DEV_PRIVATE_KEYS[index].parse().expect("a valid dev key")
}

#[tokio::test]
async fn devnet_serves_evm_and_substrate_users_and_followers_sync() -> anyhow::Result<()> {
	let dir = tempfile::tempdir()?;
	let sequencer = Node::start(&NodeConfig::dev_sequencer(), dir.path()).await?;
	sequencer.wait_for_block(1, TIMEOUT).await?;
	let eth_rpc = EthRpc::start(&sequencer, dir.path()).await?;

	evm_user_deploys_and_uses_an_erc20(&eth_rpc).await?;
	substrate_user_transfers_with_subxt(&sequencer).await?;
	bad_input_gets_clear_errors_and_blocks_continue(&sequencer, &eth_rpc).await?;
	follower_syncs_the_same_chain(&sequencer, dir.path()).await?;
	Ok(())
}

async fn evm_user_deploys_and_uses_an_erc20(eth_rpc: &EthRpc) -> anyhow::Result<()> {
	let deployer = dev_signer(0);
	let receiver = dev_signer(1).address();
	let provider = ProviderBuilder::new()
		.wallet(EthereumWallet::new(deployer.clone()))
		.connect_http(eth_rpc.url().parse()?);

	assert_eq!(provider.get_chain_id().await?, CHAIN_ID);
	let funded = provider.get_balance(deployer.address()).await?;
	assert!(funded >= U256::from(999_000 * UNIT), "the dev account is funded: {funded}");

	let supply = U256::from(1_000_000u128 * UNIT);
	let token = DevToken::deploy(&provider, "Dev Token".into(), "DEV".into(), 18, supply).await?;
	assert!(!provider.get_code_at(*token.address()).await?.is_empty(), "code is stored");
	assert_eq!(token.totalSupply().call().await?, supply);
	assert_eq!(token.symbol().call().await?, "DEV");

	let amount = U256::from(42u128 * UNIT);
	let estimate = token.transfer(receiver, amount).estimate_gas().await?;
	assert!((21_000..1_000_000).contains(&estimate), "ERC-20 transfer gas estimate: {estimate}");

	let receipt = token.transfer(receiver, amount).send().await?.get_receipt().await?;
	assert!(receipt.status(), "the transfer succeeds");
	assert!(receipt.gas_used > 0);
	let logged =
		receipt.inner.logs().iter().find_map(|log| log.log_decode::<DevToken::Transfer>().ok());
	let transfer = logged.expect("the receipt carries the Transfer log").inner.data;
	assert_eq!(
		(transfer.from, transfer.to, transfer.value),
		(deployer.address(), receiver, amount)
	);

	let block = receipt.block_number.expect("mined");
	let filter = Filter::new()
		.address(*token.address())
		.event_signature(DevToken::Transfer::SIGNATURE_HASH)
		.from_block(block)
		.to_block(block);
	let logs = provider.get_logs(&filter).await?;
	assert_eq!(logs.len(), 1, "eth_getLogs finds exactly the transfer");
	assert_eq!(token.balanceOf(receiver).call().await?, amount);
	assert_eq!(token.balanceOf(deployer.address()).call().await?, supply - amount);

	// A plain value transfer, and the balance it leaves.
	let fresh = Address::repeat_byte(0x42);
	let value = U256::from(UNIT);
	let tx = TransactionRequest::default().with_to(fresh).with_value(value);
	let receipt = provider.send_transaction(tx).await?.get_receipt().await?;
	assert!(receipt.status());
	assert_eq!(provider.get_balance(fresh).await?, value);
	Ok(())
}

async fn substrate_user_transfers_with_subxt(sequencer: &Node) -> anyhow::Result<()> {
	let api = OnlineClient::<PolkadotConfig>::from_url(sequencer.ws_url()).await?;
	let bob = dev::bob().public_key();
	let free_balance = || async {
		let account = subxt::dynamic::storage::<([u8; 32],), Value>("System", "Account");
		let at_block = api.at_current_block().await?;
		let info: Value = at_block.storage().fetch(account, (bob.0,)).await?.decode()?;
		let free = info.at("data").at("free").and_then(|free| free.as_u128());
		free.ok_or_else(|| anyhow::anyhow!("no free balance in {info}"))
	};
	let before = free_balance().await?;

	let amount = 3 * UNIT;
	let call = subxt::dynamic::tx(
		"Balances",
		"transfer_keep_alive",
		(Value::unnamed_variant("Id", [Value::from_bytes(bob.0)]), Value::u128(amount)),
	);
	let events = api
		.at_current_block()
		.await?
		.transactions()
		.sign_and_submit_then_watch_default(&call, &dev::alice())
		.await?
		.wait_for_finalized_success()
		.await?;
	assert!(events.iter().any(|event| event
		.map(|e| e.pallet_name() == "Balances" && e.event_name() == "Transfer")
		.unwrap_or(false)));

	assert_eq!(free_balance().await? - before, amount);
	Ok(())
}

async fn bad_input_gets_clear_errors_and_blocks_continue(
	sequencer: &Node,
	eth_rpc: &EthRpc,
) -> anyhow::Result<()> {
	let provider = ProviderBuilder::new().connect_http(eth_rpc.url().parse()?);
	let signer = dev_signer(2);
	let nonce = provider.get_transaction_count(signer.address()).await?;
	let gas_price = provider.get_gas_price().await?;
	let sign = |chain_id: u64, nonce: u64, value: u64| -> Bytes {
		let mut tx = TxLegacy {
			chain_id: Some(chain_id),
			nonce,
			gas_price,
			gas_limit: 100_000,
			to: TxKind::Call(Address::repeat_byte(0x11)),
			value: U256::from(value),
			input: Bytes::new(),
		};
		let signature = signer.sign_transaction_sync(&mut tx).expect("signing works");
		tx.into_signed(signature).encoded_2718().into()
	};

	// The node refuses what pallet-revive refuses with a JSON-RPC error; the eth-rpc passes on
	// the node's code and message (1010 "Invalid Transaction") but not its detail.
	let wrong_chain =
		provider.send_raw_transaction(&sign(1, nonce, 1)).await.expect_err("wrong chain id");
	assert_rpc_error(&wrong_chain, 1010, "invalid transaction");
	assert_eq!(provider.get_transaction_count(signer.address()).await?, nonce, "nothing executed");

	let receipt =
		provider.send_raw_transaction(&sign(CHAIN_ID, nonce, 1)).await?.get_receipt().await?;
	assert!(receipt.status());
	// Same nonce, different transaction: its nonce is used up.
	let stale =
		provider.send_raw_transaction(&sign(CHAIN_ID, nonce, 2)).await.expect_err("stale nonce");
	assert_rpc_error(&stale, 1010, "invalid transaction");
	assert_eq!(provider.get_transaction_count(signer.address()).await?, nonce + 1);

	let malformed =
		provider.send_raw_transaction(&[0xde, 0xad, 0xbe, 0xef]).await.expect_err("bad RLP");
	assert_rpc_error(&malformed, -32000, "invalid transaction");

	let mut params = ArrayParams::new();
	params.insert("0x1234")?;
	let error =
		sequencer.rpc("author_submitExtrinsic", params).await.expect_err("invalid extrinsic");
	assert!(error.to_string().contains("Could not decode"), "invalid extrinsic: {error}");

	// A well-formed extrinsic whose signature does not match its sender: Alice signs, the bytes
	// then name Bob as the sender.
	let api = OnlineClient::<PolkadotConfig>::from_url(sequencer.ws_url()).await?;
	let remark = subxt::dynamic::tx("System", "remark", (Value::from_bytes(b"forged"),));
	let mut forged = api
		.at_current_block()
		.await?
		.transactions()
		.create_signed(&remark, &dev::alice(), DefaultParams::default_params())
		.await?
		.into_encoded();
	let (alice, bob) = (dev::alice().public_key().0, dev::bob().public_key().0);
	let at = forged.windows(32).position(|w| w == alice).expect("the sender is in the bytes");
	forged[at..at + 32].copy_from_slice(&bob);
	let mut params = ArrayParams::new();
	params.insert(alloy::hex::encode_prefixed(&forged))?;
	let error = sequencer.rpc("author_submitExtrinsic", params).await.expect_err("bad signature");
	assert!(error.to_string().to_lowercase().contains("bad signature"), "forged: {error}");

	let best = sequencer.best_number().await?;
	sequencer.wait_for_block(best + 2, TIMEOUT).await?;
	Ok(())
}

async fn follower_syncs_the_same_chain(
	sequencer: &Node,
	dir: &std::path::Path,
) -> anyhow::Result<()> {
	let bootnode = sequencer.multiaddr().await?;
	let follower = Node::start(&NodeConfig::follower("dev", bootnode, "follower"), dir).await?;
	let target = sequencer.best_number().await?;
	follower.wait_for_block(target, TIMEOUT).await?;
	assert_eq!(follower.block_hash(target).await?, sequencer.block_hash(target).await?);
	wait_until(TIMEOUT, "the follower to see finality", || async {
		Ok(follower.finalized_number().await? > 0)
	})
	.await?;
	Ok(())
}

/// Checks that `error` is a JSON-RPC error response with `code` and a message containing `text`.
fn assert_rpc_error(
	error: &alloy::transports::RpcError<alloy::transports::TransportErrorKind>,
	code: i64,
	text: &str,
) {
	let payload = error.as_error_resp().unwrap_or_else(|| panic!("not a JSON-RPC error: {error}"));
	assert_eq!(payload.code, code, "{error}");
	assert!(payload.message.to_lowercase().contains(text), "{error}");
}
