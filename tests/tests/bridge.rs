//! The bridge end to end: a dev sequencer, anvil as BNB Chain (chain id 56, a block a second),
//! the L1 contracts, and `mooring-relayer` as a process.
//!
//! - `batches_carry_every_block_and_cost_per_transfer`: thousands of signed transfers on L2, the
//!   batcher posts them; every block is on L1 exactly once and decodes; prints the L1 gas per
//!   transfer and the zstd/brotli figures (`-- --nocapture`).
//! - `deposits_withdrawals_and_outputs`: BNB and a BEP-20 deposited on anvil appear on L2
//!   exactly once; a withdrawal on L2 is covered by a proposed output, refused before the window,
//!   paid by `withdraw finalize` after it, and refused when finalized twice, with a forged proof
//!   or with the wrong output; prints output gas and block→output latency; SIGTERM exits 0.
//!   First an Ethereum wallet, through the Ethereum JSON-RPC only, deposits the BEP-20 to its
//!   own address (`depositERC20To`), sees it as an ERC-20 on L2 with the L1 token's metadata,
//!   lets a Solidity contract move part of it, withdraws part through the bridge precompile,
//!   and that withdrawal is finalized to its L1 address with the others.
//! - `relayer_killed_at_random_points_loses_and_duplicates_nothing`: SIGKILL at random moments
//!   while deposits and blocks keep coming; batches, outputs and deposits stay exactly once.
//! - `l1_reorg_of_a_deposit_does_not_double_credit_it`: the L1 blocks holding a relayed deposit
//!   (and the relayer's own transactions) are reverted and the deposit re-mined elsewhere; then a
//!   reorg replaces a relayed deposit by a different one under its nonce, which raises the alarm.
//! - `an_l1_transaction_refused_for_good_is_dropped_and_its_nonce_reused` (anvil and the tx
//!   manager only): a transaction over 128 KiB is refused before it is recorded; a recorded one
//!   the node refuses for good after a restart is dropped, and the next one takes its nonce.
//!
//! - `deposits_wait_for_the_l1_finalized_block`: with no confirmations asked for, a deposit
//!   is relayed only once L1 finalizes its block (`deposits.finalized_only`).
//! - `a_flood_of_deposits_is_relayed_several_calls_at_a_time`: 500 deposits queued on L1 are
//!   credited exactly once, four `relay_deposits` calls in flight at a time; prints the rate.
//! - `the_bridge_moves_to_a_successor_portal`: the Portal migration of `docs/operator.md` on a
//!   live devnet: the successor pays the old Portal's unpaid withdrawal and its own, refuses the
//!   one paid before, takes the next deposit nonce; the retired Portal pays nothing new.
//!
//! Run: `cargo build -p mooring-relayer && MOORING_BIN_DIR=<dir with mooring-node>
//! cargo test -p mooring-e2e --test bridge -- --nocapture --test-threads 1`.

use alloy::{
	consensus::Transaction as _,
	network::TransactionBuilder,
	primitives::{Address, Bytes, B256, U256},
	providers::Provider,
	rpc::types::TransactionRequest,
	sol_types::SolCall,
};
use jsonrpsee::{
	core::{client::ClientT, params::ArrayParams},
	http_client::HttpClientBuilder,
};
use mooring_e2e::{
	artifacts::{DevToken, IMooringBridge, OutputOracle, Portal, TokenForwarder},
	devnet::{Devnet, LONG, WINDOW},
	node::{wait_until, EthRpc},
	relayer::{
		anvil_signer, deploy_successor, metric, native_balance, next_deposit_nonce, plain_text,
		register_bridged_token, set_bridge_portal, token_balance, withdraw_native, withdraw_token,
		Relayer, RelayerOptions, ADMIN, ANVIL_KEYS, BATCHER, PROPOSER,
	},
	wallet::{mined, refusal, wallet, within},
};
use mooring_primitives::bridge::MAX_BATCH_RAW_BYTES;
use mooring_relayer::{batch::decode_batch, l2::WithdrawalProofResponse, withdraw};
use mooring_runtime::precompiles::BRIDGE_PRECOMPILE_ADDRESS;
use serde_json::{json, Value};
use std::{
	process::Command,
	time::{Duration, Instant},
};
use subxt::{dynamic::Value as SValue, PolkadotConfig};
use subxt_signer::sr25519::{dev, Keypair};

const UNIT: u128 = 1_000_000_000_000_000_000;

fn account(uri: &str) -> [u8; 32] {
	keypair(uri).public_key().0
}

fn keypair(uri: &str) -> Keypair {
	mooring_relayer::l2::keypair_from_uri(uri).expect("a valid uri")
}

/// Checks that the posted batches cover blocks 1..=n exactly once, in order, and decode.
async fn assert_batches_chain(devnet: &Devnet) -> anyhow::Result<u64> {
	let batches = devnet.batches().await?;
	let count: U256 = devnet.inbox().batchCount().call().await?;
	assert_eq!(batches.len() as u64, u64::try_from(count)?, "one BatchPosted per batch");
	let mut next = 1;
	for (i, (index, first, last)) in batches.iter().enumerate() {
		assert_eq!(*index, i as u64);
		assert_eq!(*first, next, "batch {index} starts where the previous one stopped");
		assert!(last >= first);
		let posted = devnet.posted_batch(*index).await?;
		let (header, blocks) = decode_batch(&posted.data, MAX_BATCH_RAW_BYTES)?;
		assert_eq!((header.first_block, header.last_block), (*first, *last));
		assert_eq!(blocks.len() as u64, last - first + 1);
		next = last + 1;
	}
	Ok(next - 1)
}

// ---------------------------------------------------------------------------------------------
// Batches and their cost
// ---------------------------------------------------------------------------------------------

/// Signs `count` `Balances.transfer_keep_alive` from the dev accounts and submits them all.
async fn flood_transfers(devnet: &Devnet, count: usize) -> anyhow::Result<()> {
	use subxt::config::PolkadotExtrinsicParamsBuilder as Params;
	let senders: Vec<Keypair> = [
		"//Alice",
		"//Bob",
		"//Charlie",
		"//Dave",
		"//Eve",
		"//Ferdie",
		"//Alice//stash",
		"//Bob//stash",
		"//Charlie//stash",
		"//Dave//stash",
		"//Eve//stash",
		"//Ferdie//stash",
	]
	.iter()
	.map(|uri| keypair(uri))
	.collect();
	let http = HttpClientBuilder::default().build(devnet.node.http_url())?;
	let mut nonces = vec![];
	for sender in &senders {
		let mut params = ArrayParams::new();
		params.insert(subxt::utils::AccountId32(sender.public_key().0).to_string())?;
		let nonce: u64 = http.request("system_accountNextIndex", params).await?;
		nonces.push(nonce);
	}
	let at = devnet.l2.at_current_block().await?;
	let mut encoded = vec![];
	for i in 0..count {
		let s = i % senders.len();
		let dest = account(&format!("//recipient/{}", i % 500));
		let call = subxt::dynamic::tx(
			"Balances",
			"transfer_keep_alive",
			(
				SValue::unnamed_variant("Id", [SValue::from_bytes(dest)]),
				SValue::u128(UNIT / 100 + i as u128),
			),
		);
		let params = Params::<PolkadotConfig>::new().nonce(nonces[s]).build();
		nonces[s] += 1;
		let mut signable = at.transactions().create_signable_offline(&call, params)?;
		encoded.push(signable.sign(&senders[s])?.into_encoded());
	}
	// In order, so that every transaction arrives ready (a future queue is small and drops).
	for tx in &encoded {
		let mut params = ArrayParams::new();
		params.insert(format!("0x{}", alloy::hex::encode(tx)))?;
		let _: Value = http.request("author_submitExtrinsic", params).await?;
	}
	// Wait until every sender's nonce on chain reached the last one it signed.
	wait_until(LONG, "all transfers included", || async {
		for (sender, target) in senders.iter().zip(&nonces) {
			let mut params = ArrayParams::new();
			params.insert(subxt::utils::AccountId32(sender.public_key().0).to_string())?;
			let next: u64 = http.request("system_accountNextIndex", params).await?;
			let pending: Value =
				http.request("author_pendingExtrinsics", ArrayParams::new()).await?;
			if next < *target || !pending.as_array().map(|a| a.is_empty()).unwrap_or(false) {
				return Ok(false);
			}
		}
		Ok(true)
	})
	.await
}

#[tokio::test]
async fn batches_carry_every_block_and_cost_per_transfer() -> anyhow::Result<()> {
	let transfers: usize =
		std::env::var("MOORING_BENCH_TRANSFERS").ok().and_then(|v| v.parse().ok()).unwrap_or(3000);
	let compression = std::env::var("MOORING_BENCH_COMPRESSION").unwrap_or_else(|_| "zstd".into());
	let devnet = Devnet::start().await?;
	let start = devnet.node.best_number().await?;
	flood_transfers(&devnet, transfers).await?;
	let end = devnet.node.best_number().await?;
	devnet.node.wait_for_block(end + 3, LONG).await?;
	wait_until(LONG, "transfers finalized", || async {
		Ok(devnet.node.finalized_number().await? >= end)
	})
	.await?;

	let options = RelayerOptions {
		proposer: false,
		deposits: false,
		compression: compression.clone(),
		..Default::default()
	};
	let mut relayer = devnet.relayer("relayer", &options)?;
	relayer.start()?;
	let inbox = devnet.inbox();
	wait_until(LONG, "the batcher posts every transfer block", || async {
		relayer.ensure_running()?;
		Ok(inbox.nextBlock().call().await? > end)
	})
	.await
	.map_err(|e| e.context(relayer.log_tail(40)))?;
	let posted = assert_batches_chain(&devnet).await?;
	assert!(posted >= end);
	assert_eq!(devnet.failed_transactions_from(anvil_signer(BATCHER).address()).await?, 0);
	assert_eq!(relayer.health().await, Some(200));
	wait_until(Duration::from_secs(30), "the metrics show the last batched block", || async {
		let metrics = relayer.metrics().await.unwrap_or_default();
		Ok(metric(&metrics, "mooring_relayer_last_batched_l2_block").unwrap_or(0.0) >= end as f64)
	})
	.await?;

	// Figures: the batches that hold transfers.
	let (mut gas, mut bytes, mut signed, mut blocks) = (0u64, 0usize, 0usize, 0u64);
	let (mut floor_gas, mut charged_gas) = (0u64, 0f64);
	for (index, first, last) in devnet.batches().await? {
		let posted = devnet.posted_batch(index).await?;
		let [tx] = posted.transactions[..] else { panic!("transfers fit one frame per batch") };
		let input =
			devnet.l1.get_transaction_by_hash(tx).await?.expect("known").inner.input().clone();
		let data = posted.data;
		let (_, decoded) = decode_batch(&data, MAX_BATCH_RAW_BYTES)?;
		let signed_lengths: Vec<usize> = decoded
			.iter()
			.flat_map(|b| b.extrinsics.iter())
			.filter(|x| x.inner().first().is_some_and(|v| v & 0x80 != 0))
			.map(|x| x.inner().len())
			.collect();
		let in_batch = signed_lengths.len();
		if in_batch == 0 {
			continue;
		}
		// The L1 gas the L1 data fee charged these transactions for (at equal L1 prices).
		charged_gas += signed_lengths.iter().map(|len| l1_gas_charged(*len)).sum::<f64>();
		let receipt = devnet.l1.get_transaction_receipt(tx).await?.expect("mined");
		gas += receipt.gas_used;
		bytes += data.len();
		signed += in_batch;
		blocks += last - first + 1;
		// EIP-7623 (Prague) floor: 21000 + 10 per token, a token per zero byte, 4 per non-zero.
		let zeros = input.iter().filter(|b| **b == 0).count() as u64;
		let floor = 21_000 + 10 * (zeros + 4 * (input.len() as u64 - zeros));
		floor_gas += floor.max(receipt.gas_used);
	}
	assert!(signed >= transfers, "every transfer is in a batch ({signed} of {transfers})");
	let l2 = mooring_relayer::l2::L2::connect(&devnet.node.ws_url()).await?;
	let fetched = mooring_relayer::tools::fetch_blocks(&l2, start.max(1), end).await?;
	println!("== L1 cost of L2 transfers ({compression}, {transfers} transfers, L2 blocks {start}..={end}) ==");
	println!(
		"batches with transfers: {blocks} L2 blocks, {signed} signed extrinsics, {bytes} posted bytes, {gas} gas"
	);
	println!(
		"per transfer: {:.1} gas, {:.1} posted bytes (target <= 1200 gas)",
		gas as f64 / signed as f64,
		bytes as f64 / signed as f64
	);
	println!("{}", mooring_relayer::tools::compression_report(&fetched, options.max_frame_bytes)?);
	println!(
		"per transfer if BSC prices calldata as EIP-7623 (Prague floor, 40 gas per non-zero byte): {:.1} gas",
		floor_gas as f64 / signed as f64
	);
	println!(
		"L1 data fee coverage (at equal L1 prices, target >= 1.0): the transfers paid for {:.1} L1 \
		 gas each: {:.2}x the batcher's {:.1} here, {:.2}x its {:.1} at BNB Chain's EIP-7623 floor",
		charged_gas / signed as f64,
		charged_gas / gas as f64,
		gas as f64 / signed as f64,
		charged_gas / floor_gas as f64,
		floor_gas as f64 / signed as f64
	);
	assert_eq!(relayer.terminate(Duration::from_secs(30)), Some(0), "SIGTERM exits 0");
	Ok(())
}

/// The L1 gas the L1 data fee charges a signed extrinsic of `inner_len` bytes (without its
/// length prefix) for: its L1 data fee at 1 gwei per L1 gas, in gwei.
fn l1_gas_charged(inner_len: usize) -> f64 {
	let len = inner_len + codec::Encode::encoded_size(&codec::Compact(inner_len as u32));
	let gwei = 1_000_000_000u128;
	let prices = pallet_l1_fee::L1Prices {
		l1_block: 0,
		base_fee: gwei,
		blob_base_fee: 0,
		reported_at: 0u32,
	};
	let fee = mooring_runtime::configs::L1_FEE_PARAMS.l1_data_fee(len as u32, &prices);
	fee as f64 / gwei as f64
}

// ---------------------------------------------------------------------------------------------
// Deposits, withdrawals, outputs
// ---------------------------------------------------------------------------------------------

fn relayer_cli(args: &[&str], envs: &[(&str, &str)]) -> (bool, String, String) {
	let mut command = Command::new(mooring_e2e::relayer::relayer_bin());
	command.args(args);
	for (k, v) in envs {
		command.env(k, v);
	}
	let output = command.output().expect("the relayer binary runs");
	(
		output.status.success(),
		String::from_utf8_lossy(&output.stdout).into_owned(),
		String::from_utf8_lossy(&output.stderr).into_owned(),
	)
}

#[tokio::test]
async fn deposits_withdrawals_and_outputs() -> anyhow::Result<()> {
	let devnet = Devnet::start().await?;
	register_bridged_token(&devnet.node.ws_url(), &devnet.l1, devnet.deployment.token).await?;
	// The devnet settings (relayer/devnet.toml): batches at most 6 s old, outputs every 10 blocks.
	let devnet_like = RelayerOptions { max_batch_age_secs: 6, ..Default::default() };
	let mut relayer = devnet.relayer("relayer", &devnet_like)?;
	relayer.start()?;
	let eth_rpc = EthRpc::start(&devnet.node, devnet.dir.path()).await?;
	let (evm_nonce, evm_block) = an_ethereum_wallet_uses_a_bridged_token(&devnet, &eth_rpc)
		.await
		.map_err(|e| e.context(relayer.log_tail(40)))?;

	// Deposits: BNB to a fresh L2 account, the BEP-20 to Bob (who has none yet, and can pay the
	// fee of withdrawing it later).
	let (bnb_to, token_to) = (account("//deposit/bnb"), dev::bob().public_key().0);
	devnet.deposit_native(0, bnb_to, 2 * UNIT).await?;
	devnet.deposit_token(token_to, 5 * UNIT).await?;
	wait_until(LONG, "both deposits on L2", || async {
		relayer.ensure_running()?;
		Ok(native_balance(&devnet.l2, bnb_to).await? > 0
			&& token_balance(&devnet.l2, token_to).await? > 0)
	})
	.await
	.map_err(|e| e.context(relayer.log_tail(40)))?;
	// Exactly once: a few more L1 blocks and relayer rounds change nothing.
	tokio::time::sleep(Duration::from_secs(8)).await;
	assert_eq!(native_balance(&devnet.l2, bnb_to).await?, 2 * UNIT);
	assert_eq!(token_balance(&devnet.l2, token_to).await?, 5 * UNIT);
	assert_eq!(next_deposit_nonce(&devnet.node).await?, 3, "the wallet's deposit and these two");
	l2_fees_follow_the_l1_gas_price(&devnet).await.map_err(|e| e.context(relayer.log_tail(40)))?;

	// A withdrawal on L2 → an output covering it → the window → finalize on L1.
	let recipient = Address::repeat_byte(0x42);
	let amount = UNIT / 2;
	let (nonce, _) = withdraw_native(&devnet.l2, &dev::bob(), recipient, amount).await?;
	// And a BEP-20 withdrawal: the burnt L2 asset is paid out in the L1 token.
	let token_amount = 2 * UNIT;
	let (token_nonce, withdrawal_block) =
		withdraw_token(&devnet.l2, &dev::bob(), recipient, token_amount).await?;
	assert_eq!(token_balance(&devnet.l2, token_to).await?, 3 * UNIT, "burnt on L2");
	let oracle = devnet.oracle();
	let covered = Instant::now();
	assert!(evm_block < withdrawal_block);
	wait_until(LONG, "an output covering the withdrawal", || async {
		relayer.ensure_running()?;
		Ok(oracle.latestBlockNumber().call().await? >= U256::from(withdrawal_block))
	})
	.await
	.map_err(|e| e.context(relayer.log_tail(40)))?;
	println!(
		"withdrawal in L2 block {withdrawal_block} covered by an output after {:?}",
		covered.elapsed()
	);

	let portal = devnet.deployment.portal.to_string();
	let (l1_url, l2_url) = (devnet.anvil.url(), devnet.node.ws_url());
	let nonce_text = nonce.to_string();
	let base =
		["--l1-rpc", &l1_url, "--l2-rpc", &l2_url, "--portal", &portal, "--nonce", &nonce_text];
	let prove: Vec<&str> = ["withdraw", "prove"].iter().chain(base.iter()).copied().collect();
	let (ok, stdout, stderr) = relayer_cli(&prove, &[]);
	assert!(ok, "withdraw prove: {stderr}");
	let status: Value = serde_json::from_str(&stdout)?;
	assert_eq!(status["isFinal"], json!(false), "{stdout}");
	assert!(status["secondsUntilFinal"].as_u64().unwrap() > 0);
	let output_index = status["outputIndex"].as_u64().expect("an output index");
	let proof: WithdrawalProofResponse = serde_json::from_value(status["proof"].clone())?;
	assert_eq!(proof.leaf.nonce, nonce);
	assert_eq!(
		proof.output_root_preimage.l2_block_number,
		status["outputL2Block"].as_u64().unwrap()
	);

	// Early finalize is refused.
	let payer = ("MOORING_TEST_PAYER_KEY", ANVIL_KEYS[5]);
	let finalize: Vec<&str> = ["withdraw", "finalize"]
		.iter()
		.chain(base.iter())
		.chain(["--private-key-env", "MOORING_TEST_PAYER_KEY"].iter())
		.copied()
		.collect();
	let (ok, _, stderr) = relayer_cli(&finalize, &[payer]);
	assert!(!ok, "an early finalize must fail");
	assert!(stderr.contains("final"), "{stderr}");

	// Output proposal gas and block → output latency (before time travel skews L1 time).
	let mut latencies = vec![];
	for (index, block, tx) in devnet.output_events().await? {
		let receipt = devnet.l1.get_transaction_receipt(tx).await?.expect("mined");
		let output = oracle.getL2Output(U256::from(index)).call().await?;
		let l2_time = block_timestamp_ms(&devnet, block).await?;
		let latency = (output.timestamp.to::<u64>() * 1000).saturating_sub(l2_time);
		println!(
			"output {index}: L2 block {block}, proposal gas {}, L2 block time → output on L1: {:.1} s",
			receipt.gas_used,
			latency as f64 / 1000.0
		);
		latencies.push(latency);
	}
	let mean = latencies.iter().sum::<u64>() as f64 / latencies.len().max(1) as f64 / 1000.0;
	println!(
		"mean latency L2 block → its output on L1: {mean:.1} s over {} outputs",
		latencies.len()
	);

	// The window passes.
	devnet.rpc("evm_increaseTime", json!([WINDOW + 1])).await?;
	devnet.rpc("evm_mine", json!([])).await?;
	let before = devnet.l1.get_balance(recipient).await?;
	let (ok, stdout, stderr) = relayer_cli(&finalize, &[payer]);
	assert!(ok, "withdraw finalize: {stderr}");
	assert!(stdout.contains("transactionHash"), "{stdout}");
	assert_eq!(devnet.l1.get_balance(recipient).await? - before, U256::from(amount));
	let token = DevToken::new(devnet.deployment.token, devnet.l1.clone());
	let token_nonce = token_nonce.to_string();
	let finalize_token: Vec<&str> = finalize
		.iter()
		.map(|arg| if *arg == nonce_text { token_nonce.as_str() } else { arg })
		.collect();
	let (ok, _, stderr) = relayer_cli(&finalize_token, &[payer]);
	assert!(ok, "withdraw finalize (BEP-20): {stderr}");
	assert_eq!(token.balanceOf(recipient).call().await?, U256::from(token_amount));
	// The Ethereum wallet's withdrawal pays its own L1 address.
	let wallet = anvil_signer(EVM_WALLET).address();
	let wallet_before = token.balanceOf(wallet).call().await?;
	let evm_nonce = evm_nonce.to_string();
	let finalize_evm: Vec<&str> = finalize
		.iter()
		.map(|arg| if *arg == nonce_text { evm_nonce.as_str() } else { arg })
		.collect();
	let (ok, _, stderr) = relayer_cli(&finalize_evm, &[payer]);
	assert!(ok, "withdraw finalize (from an Ethereum wallet): {stderr}");
	assert_eq!(token.balanceOf(wallet).call().await? - wallet_before, U256::from(EVM_WITHDRAWN));

	// Twice: refused by the CLI and by the Portal.
	let (ok, _, stderr) = relayer_cli(&finalize, &[payer]);
	assert!(!ok && stderr.contains("already finalized"), "{stderr}");
	let (leaf, preimage, siblings) = withdraw::finalize_arguments(&proof);
	let raw = |leaf, index, preimage, siblings| {
		withdraw::try_finalize_raw(
			&l1_url,
			devnet.deployment.portal,
			anvil_signer(5),
			leaf,
			index,
			preimage,
			siblings,
		)
	};
	let again = raw(leaf.clone(), output_index, preimage.clone(), siblings).await?;
	assert!(again.unwrap_or_default().contains("WithdrawalAlreadyFinalized"));

	// A second withdrawal for the refusals that need an unpaid leaf.
	let (nonce2, block2) = withdraw_native(&devnet.l2, &dev::charlie(), recipient, amount).await?;
	wait_until(LONG, "an output covering the second withdrawal", || async {
		Ok(oracle.latestBlockNumber().call().await? >= U256::from(block2))
	})
	.await?;
	devnet.rpc("evm_increaseTime", json!([WINDOW + 1])).await?;
	devnet.rpc("evm_mine", json!([])).await?;
	let status = {
		let l1 = mooring_relayer::l1::connect(&[l1_url.clone()], None).await?;
		let l2 = mooring_relayer::l2::L2::connect(&l2_url).await?;
		let contracts =
			withdraw::Contracts::resolve(&l1, Some(devnet.deployment.portal), None).await?;
		withdraw::prove(&l1, &l2, &contracts, nonce2).await?
	};
	let index2 = status.output_index.expect("covered");
	let proof2 = status.proof.expect("a proof");
	let (leaf2, preimage2, siblings2) = withdraw::finalize_arguments(&proof2);
	// Forged proof.
	let mut forged = siblings2;
	forged[0] = B256::repeat_byte(0x66);
	let refused = raw(leaf2.clone(), index2, preimage2.clone(), forged).await?;
	assert!(refused.unwrap_or_default().contains("InvalidWithdrawalProof"));
	// Forged amount.
	let mut richer = leaf2.clone();
	richer.amount *= U256::from(10);
	let refused = raw(richer, index2, preimage2.clone(), siblings2).await?;
	assert!(refused.unwrap_or_default().contains("InvalidWithdrawalProof"));
	// Wrong output index: an earlier output (its root differs from the preimage) and one that
	// does not exist.
	let refused = raw(leaf2.clone(), index2 - 1, preimage2.clone(), siblings2).await?;
	assert!(refused.unwrap_or_default().contains("InvalidOutputRootPreimage"));
	let live: U256 = oracle.nextOutputIndex().call().await?;
	let refused =
		raw(leaf2.clone(), u64::try_from(live)? + 5, preimage2.clone(), siblings2).await?;
	assert!(refused.unwrap_or_default().contains("UnknownOutput"));
	// And the genuine arguments work.
	assert_eq!(raw(leaf2, index2, preimage2, siblings2).await?, None);

	// Bookkeeping: every batch chains, outputs every 10 blocks, no reverted relayer tx.
	assert_batches_chain(&devnet).await?;
	let outputs = devnet.output_events().await?;
	for (i, (index, block, _)) in outputs.iter().enumerate() {
		assert_eq!((*index, *block), (i as u64, 10 * (i as u64 + 1)));
	}
	assert_eq!(devnet.failed_transactions_from(anvil_signer(BATCHER).address()).await?, 0);
	assert_eq!(devnet.failed_transactions_from(anvil_signer(PROPOSER).address()).await?, 0);
	let (ok, stdout, _) =
		relayer_cli(&["status", "--config", relayer.config.to_str().unwrap()], &[]);
	assert!(ok && stdout.contains("lastBatchedL2Block"), "{stdout}");
	assert_eq!(relayer.health().await, Some(200));
	assert_eq!(relayer.terminate(Duration::from_secs(60)), Some(0), "SIGTERM exits 0");
	Ok(())
}

/// The anvil key of the Ethereum wallet: the same key on BNB Chain and on Mooring, as in
/// MetaMask (the dev genesis endows the ten `test … junk` addresses with BNB on L2).
const EVM_WALLET: usize = 3;
/// What the wallet deposits, forwards through a contract, and withdraws of the BEP-20.
const EVM_DEPOSITED: u128 = 10 * UNIT;
const EVM_FORWARDED: u128 = 3 * UNIT;
const EVM_WITHDRAWN: u128 = 4 * UNIT;

/// The relayer reports BNB Chain's gas price to `L1Fee`, and what an L2 transfer pays follows
/// it: anvil's base fee is held at 8 gwei until the reports reach it, then the same transfer
/// pays more by the L1 data fee formula.
async fn l2_fees_follow_the_l1_gas_price(devnet: &Devnet) -> anyhow::Result<()> {
	let l2 = mooring_e2e::l2::L2::to(&devnet.node).await?;
	let prices = || async {
		let key = pallet_l1_fee::storage_key("L1Fee", "Prices");
		let prices: Option<pallet_l1_fee::L1Prices<u32>> = l2.storage(&key).await?;
		anyhow::Ok(prices.expect("the L1 fee pallet has prices"))
	};
	wait_until(LONG, "a first report of L1 prices", || async { Ok(prices().await?.l1_block > 0) })
		.await?;
	let (alice, bob) = (mooring_e2e::l2::dev::alice(), mooring_e2e::l2::dev::bob());
	let transfer = || {
		mooring_runtime::RuntimeCall::Balances(
			polkadot_sdk::pallet_balances::Call::transfer_keep_alive {
				dest: mooring_e2e::l2::account(&bob).into(),
				value: UNIT,
			},
		)
	};
	let fee_paid = |events: Vec<mooring_runtime::RuntimeEvent>| {
		events.into_iter().find_map(|event| match event {
			mooring_runtime::RuntimeEvent::TransactionPayment(
				polkadot_sdk::pallet_transaction_payment::Event::TransactionFeePaid {
					actual_fee,
					..
				},
			) => Some(actual_fee),
			_ => None,
		})
	};
	// A transfer's fee and the prices in force when it ran (none reported meanwhile).
	let fee_at_steady_prices = || async {
		loop {
			let prices_before = prices().await?;
			let fee = fee_paid(l2.submit_ok(transfer(), &alice).await?).expect("a fee");
			if prices().await? == prices_before {
				return anyhow::Ok((prices_before, fee));
			}
		}
	};
	let (before, fee_before) = fee_at_steady_prices().await?;

	// The relayer moves the price at most to double per report, so 8 gwei arrives in steps.
	let eight_gwei = 8_000_000_000u128;
	wait_until(LONG, "a report of anvil's 8 gwei", || async {
		devnet.rpc("anvil_setNextBlockBaseFeePerGas", json!([format!("{eight_gwei:#x}")])).await?;
		Ok(prices().await?.base_fee >= eight_gwei)
	})
	.await?;
	let (after, fee_after) = fee_at_steady_prices().await?;
	let params = mooring_runtime::configs::L1_FEE_PARAMS;
	// A signed transfer of 1 BNB is 148 bytes (runtime/tests/l1_fee.rs); its era and nonce may
	// take a byte or two more here.
	let expected = params.l1_data_fee(148, &after) - params.l1_data_fee(148, &before);
	let rise = fee_after - fee_before;
	println!(
		"L1 gas price reported {} -> {} wei: transfer fee {fee_before} -> {fee_after} wei",
		before.base_fee, after.base_fee
	);
	assert!(
		rise.abs_diff(expected) <= expected / 50,
		"the fee rose by {rise}, the formula says {expected}"
	);
	Ok(())
}

/// An Ethereum wallet, through the Ethereum JSON-RPC only: deposits the BEP-20 on L1 to its own
/// address, finds its ERC-20 on L2 through the bridge precompile, sees the balance and L1's
/// metadata, lets a Solidity contract move part of it, and withdraws part to its L1 address.
/// Returns the withdrawal's nonce and L2 block.
async fn an_ethereum_wallet_uses_a_bridged_token(
	devnet: &Devnet,
	eth_rpc: &EthRpc,
) -> anyhow::Result<(u64, u64)> {
	let me = anvil_signer(EVM_WALLET).address();
	let (l1_token, portal) = (devnet.deployment.token, devnet.deployment.portal);
	let on_l1 = DevToken::new(l1_token, devnet.l1.clone());
	let funder = anvil_signer(0).address();
	mined("L1 transfer", on_l1.transfer(me, U256::from(EVM_DEPOSITED)).from(funder).send()).await?;
	mined("L1 approve", on_l1.approve(portal, U256::from(EVM_DEPOSITED)).from(me).send()).await?;
	let portal = devnet.portal();
	let deposit = portal.depositERC20To(l1_token, U256::from(EVM_DEPOSITED), me).from(me);
	mined("depositERC20To", deposit.send()).await?;

	let l2 = wallet(eth_rpc, EVM_WALLET)?;
	let bridge = IMooringBridge::new(BRIDGE_PRECOMPILE_ADDRESS.into(), l2.clone());
	let mapping = bridge.l2TokenOf(l1_token).call().await?;
	assert!(mapping.bridged);
	let erc20 = DevToken::new(mapping.l2Token, l2.clone());
	wait_until(LONG, "the deposit as an ERC-20 balance on L2", || async {
		Ok(erc20.balanceOf(me).call().await? == U256::from(EVM_DEPOSITED))
	})
	.await?;
	assert_eq!(erc20.name().call().await?, on_l1.name().call().await?);
	assert_eq!(erc20.symbol().call().await?, on_l1.symbol().call().await?);
	assert_eq!(erc20.decimals().call().await?, on_l1.decimals().call().await?);

	let forwarder =
		within("deploying TokenForwarder", TokenForwarder::deploy(l2.clone())).await??;
	let shop = Address::repeat_byte(0x5b);
	let approve = erc20.approve(*forwarder.address(), U256::from(EVM_FORWARDED));
	mined("L2 approve", approve.send()).await?;
	let forward = forwarder.forward(mapping.l2Token, shop, U256::from(EVM_FORWARDED));
	mined("forward", forward.send()).await?;
	let shop_balance = within("balanceOf", erc20.balanceOf(shop).call()).await??;
	assert_eq!(shop_balance, U256::from(EVM_FORWARDED));
	println!("the shop holds {shop_balance}");

	// A withdrawal beyond the balance is refused with the pallet's reason when the wallet
	// estimates it, before it is signed.
	let too_much = bridge.withdraw(me, l1_token, U256::from(EVM_DEPOSITED));
	let refused = refusal("a withdrawal beyond the balance", too_much.estimate_gas()).await?;
	assert!(refused.contains("FundsUnavailable"), "{refused}");
	let withdraw = bridge.withdraw(me, l1_token, U256::from(EVM_WITHDRAWN));
	// Gas against a plain OpenZeppelin ERC-20 on the same chain, both to an existing holder.
	let plain = DevToken::deploy(l2.clone(), "Plain".into(), "PLN".into(), 18, U256::from(UNIT));
	let plain = within("deploying the plain ERC-20", plain).await??;
	mined("plain ERC-20 transfer", plain.transfer(shop, U256::from(1)).send()).await?;
	println!(
		"gas estimates: ERC-20 transfer to a holder: bridged token (precompile) {}, OpenZeppelin \
		 {}; bridge withdraw {}",
		erc20.transfer(shop, U256::from(1)).estimate_gas().await?,
		plain.transfer(shop, U256::from(1)).estimate_gas().await?,
		withdraw.estimate_gas().await?
	);
	let receipt = mined("withdraw", withdraw.send()).await?;
	let event = receipt
		.decoded_log::<IMooringBridge::WithdrawalInitiated>()
		.expect("the bridge precompile logs the withdrawal");
	assert_eq!((event.sender, event.l1Recipient), (me, me));
	let left = EVM_DEPOSITED - EVM_FORWARDED - EVM_WITHDRAWN;
	assert_eq!(erc20.balanceOf(me).call().await?, U256::from(left));
	Ok((event.nonce, receipt.block_number.expect("mined")))
}

async fn block_timestamp_ms(devnet: &Devnet, number: u64) -> anyhow::Result<u64> {
	let hash = devnet.node.block_hash(number).await?.expect("block exists");
	let at = devnet.l2.at_block(hash.parse::<subxt::utils::H256>()?).await?;
	let now = subxt::dynamic::storage::<(), u64>("Timestamp", "Now");
	Ok(at.storage().fetch(now, ()).await?.decode()?)
}

// ---------------------------------------------------------------------------------------------
// Crashes and reorgs
// ---------------------------------------------------------------------------------------------

/// A cheap deterministic random source (no extra dependency).
struct Rng(u64);
impl Rng {
	fn below(&mut self, n: u64) -> u64 {
		self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
		(self.0 >> 33) % n
	}
}

#[tokio::test]
async fn relayer_killed_at_random_points_loses_and_duplicates_nothing() -> anyhow::Result<()> {
	let devnet = Devnet::start().await?;
	let seed =
		std::env::var("MOORING_KILL_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or_else(|| {
			std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos()
				as u64
		});
	println!("kill seed {seed} (MOORING_KILL_SEED reproduces it)");
	let mut rng = Rng(seed);
	let mut relayer = devnet
		.relayer("relayer", &RelayerOptions { max_batch_age_secs: 1, ..Default::default() })?;
	let deposits = 12u64;
	let mut kills = 0;
	relayer.start()?;
	for i in 0..deposits {
		devnet
			.deposit_native(1 + (i as usize % 4), account(&format!("//kill/{i}")), UNIT + i as u128)
			.await?;
		tokio::time::sleep(Duration::from_millis(200 + rng.below(2500))).await;
		if rng.below(3) != 0 {
			relayer.kill_hard();
			kills += 1;
			tokio::time::sleep(Duration::from_millis(rng.below(1000))).await;
			relayer.start()?;
		}
	}
	println!("{kills} SIGKILLs");
	let portal_nonce: U256 = devnet.portal().depositNonce().call().await?;
	assert_eq!(portal_nonce, U256::from(deposits));
	wait_until(LONG, "every deposit relayed and 40 blocks batched and proposed", || async {
		relayer.ensure_running()?;
		Ok(next_deposit_nonce(&devnet.node).await? == deposits
			&& devnet.oracle().latestBlockNumber().call().await? >= U256::from(40))
	})
	.await
	.map_err(|e| e.context(relayer.log_tail(60)))?;
	tokio::time::sleep(Duration::from_secs(5)).await;
	for i in 0..deposits {
		let balance = native_balance(&devnet.l2, account(&format!("//kill/{i}"))).await?;
		assert_eq!(balance, UNIT + i as u128, "deposit {i} credited exactly once");
	}
	assert_eq!(next_deposit_nonce(&devnet.node).await?, deposits);
	assert_batches_chain(&devnet).await?;
	let outputs = devnet.output_events().await?;
	for (i, (index, block, _)) in outputs.iter().enumerate() {
		assert_eq!((*index, *block), (i as u64, 10 * (i as u64 + 1)), "outputs: no gap, no repeat");
	}
	// Nothing was even attempted twice on L1: no relayer transaction reverted.
	assert_eq!(devnet.failed_transactions_from(anvil_signer(BATCHER).address()).await?, 0);
	assert_eq!(devnet.failed_transactions_from(anvil_signer(PROPOSER).address()).await?, 0);
	Ok(())
}

#[tokio::test]
async fn l1_reorg_of_a_deposit_does_not_double_credit_it() -> anyhow::Result<()> {
	let devnet = Devnet::start().await?;
	let mut relayer = devnet.relayer("relayer", &RelayerOptions::default())?;
	relayer.start()?;
	// Let the relayer deposit its bond and post a first batch before the snapshot.
	wait_until(LONG, "a first batch", || async {
		Ok(devnet.inbox().nextBlock().call().await? > 1)
	})
	.await?;

	let snapshot = devnet.rpc("evm_snapshot", json!([])).await?;
	let recipient = account("//reorg/recipient");
	// A deposit signed once, so that the same transaction can be mined again after the reorg.
	let user = anvil_signer(3);
	let call = Portal::depositNativeCall { l2Recipient: B256::from(recipient) }.abi_encode();
	let nonce = devnet.l1.get_transaction_count(user.address()).await?;
	let request = TransactionRequest::default()
		.with_from(user.address())
		.with_to(devnet.deployment.portal)
		.with_input(Bytes::from(call))
		.with_value(U256::from(3 * UNIT))
		.with_nonce(nonce)
		.with_chain_id(56)
		.with_gas_limit(200_000)
		.with_max_fee_per_gas(50_000_000_000)
		.with_max_priority_fee_per_gas(1_000_000_000);
	let wallet = alloy::network::EthereumWallet::new(user);
	let envelope = request.build(&wallet).await?;
	let raw = alloy::eips::Encodable2718::encoded_2718(&envelope);
	devnet.l1.send_raw_transaction(&raw).await?.get_receipt().await?;
	wait_until(LONG, "the deposit relayed", || async {
		relayer.ensure_running()?;
		Ok(native_balance(&devnet.l2, recipient).await? > 0)
	})
	.await
	.map_err(|e| e.context(relayer.log_tail(40)))?;
	let batched_before = devnet.inbox().nextBlock().call().await?;

	// Reorg: back to the snapshot (the deposit, and the relayer's batches and outputs since,
	// vanish), then the same deposit transaction is mined again, a block later than before.
	devnet.rpc("evm_revert", json!([snapshot])).await?;
	devnet.rpc("evm_mine", json!([])).await?;
	devnet.rpc("evm_mine", json!([])).await?;
	// Poll the receipt directly: a pending-transaction watcher may remember the transaction in
	// the block the revert dropped and then fetch a receipt that no longer exists.
	let resent = *devnet.l1.send_raw_transaction(&raw).await?.tx_hash();
	wait_until(LONG, "the deposit mined again", || async {
		Ok(devnet.l1.get_transaction_receipt(resent).await?.is_some())
	})
	.await?;
	// The relayer notices the reorg, rescans, finds nonce 0 again and does not relay it twice;
	// its own dropped transactions are resubmitted and batching goes on.
	wait_until(LONG, "batching past the reorg", || async {
		relayer.ensure_running()?;
		Ok(devnet.inbox().nextBlock().call().await? > batched_before + 5)
	})
	.await
	.map_err(|e| e.context(relayer.log_tail(60)))?;
	tokio::time::sleep(Duration::from_secs(5)).await;
	assert_eq!(native_balance(&devnet.l2, recipient).await?, 3 * UNIT, "credited once");
	assert_eq!(next_deposit_nonce(&devnet.node).await?, 1);
	assert_batches_chain(&devnet).await?;
	let metrics = relayer.metrics().await.unwrap_or_default();
	assert!(metric(&metrics, "mooring_relayer_l1_reorgs_total").unwrap_or(0.0) >= 1.0, "{metrics}");
	let changed = "mooring_relayer_deposits_changed_by_reorg_total";
	assert_eq!(metric(&metrics, changed), Some(0.0), "the same deposit mined again is no alarm");

	// A reorg that puts a different deposit under a nonce L2 already credited: the credit
	// cannot be undone, so the relayer raises the alarm (and credits nothing more).
	let snapshot = devnet.rpc("evm_snapshot", json!([])).await?;
	let (first, second) = (account("//reorg/first"), account("//reorg/second"));
	devnet.deposit_native(4, first, UNIT).await?;
	wait_until(LONG, "deposit 1 relayed", || async {
		relayer.ensure_running()?;
		Ok(next_deposit_nonce(&devnet.node).await? == 2)
	})
	.await
	.map_err(|e| e.context(relayer.log_tail(40)))?;
	devnet.rpc("evm_revert", json!([snapshot])).await?;
	devnet.rpc("evm_mine", json!([])).await?;
	devnet.deposit_native(5, second, 2 * UNIT).await?;
	wait_until(LONG, "the alarm", || async {
		relayer.ensure_running()?;
		let metrics = relayer.metrics().await.unwrap_or_default();
		Ok(metric(&metrics, changed).unwrap_or(0.0) >= 1.0)
	})
	.await
	.map_err(|e| e.context(relayer.log_tail(60)))?;
	assert!(relayer.log_tail(400).contains("RELAYED DEPOSIT CHANGED"));
	assert_eq!(native_balance(&devnet.l2, first).await?, UNIT);
	assert_eq!(native_balance(&devnet.l2, second).await?, 0);
	assert_eq!(next_deposit_nonce(&devnet.node).await?, 2);
	Ok(())
}

#[tokio::test]
async fn a_stuck_l1_transaction_is_re_sent_with_higher_fees_and_lands_once() -> anyhow::Result<()> {
	let devnet = Devnet::start().await?;
	let options = RelayerOptions {
		proposer: false,
		deposits: false,
		bump_after_secs: 3,
		..RelayerOptions::default()
	};
	let mut relayer = devnet.relayer("relayer", &options)?;
	// L1 stops mining: the batcher's first transaction stays in anvil's pool.
	devnet.rpc("evm_setIntervalMining", json!([0])).await?;
	devnet.rpc("evm_setAutomine", json!([false])).await?;
	relayer.start()?;
	let batcher = anvil_signer(BATCHER).address();
	let pending_fee = || async {
		let pool = devnet.rpc("txpool_content", json!([])).await?;
		let by_sender = pool["pending"].as_object().cloned().unwrap_or_default();
		let txs = by_sender.iter().find(|(from, _)| from.parse::<Address>().ok() == Some(batcher));
		let fee = txs
			.and_then(|(_, txs)| txs.as_object()?.values().next()?.get("maxFeePerGas")?.as_str())
			.map(|hex| u128::from_str_radix(hex.trim_start_matches("0x"), 16))
			.transpose()?;
		anyhow::Ok(fee)
	};
	let first_fee = std::cell::Cell::new(0);
	wait_until(LONG, "a pending batch transaction", || async {
		relayer.ensure_running()?;
		first_fee.set(pending_fee().await?.unwrap_or(0));
		Ok(first_fee.get() > 0)
	})
	.await
	.map_err(|e| e.context(relayer.log_tail(40)))?;
	let bumped_fee = std::cell::Cell::new(0);
	wait_until(LONG, "the fees bumped", || async {
		relayer.ensure_running()?;
		bumped_fee.set(pending_fee().await?.unwrap_or(0));
		Ok(bumped_fee.get() > first_fee.get())
	})
	.await
	.map_err(|e| e.context(relayer.log_tail(40)))?;
	// A bump raises the fee cap by bump_percent (15 %): enough for any pool to replace it.
	let (first_fee, bumped_fee) = (first_fee.get(), bumped_fee.get());
	assert!(bumped_fee * 100 >= first_fee * 115, "{first_fee} -> {bumped_fee}");
	let metrics = relayer.metrics().await.unwrap_or_default();
	let bumps = metric(&metrics, "mooring_relayer_l1_tx_bumps_total{role=\"batcher\"}");
	assert!(bumps.unwrap_or(0.0) >= 1.0, "{metrics}");

	// Mining resumes: the replacement lands, the batch is posted once and batching goes on.
	devnet.rpc("evm_setIntervalMining", json!([1])).await?;
	wait_until(LONG, "batches past the stuck one", || async {
		relayer.ensure_running()?;
		Ok(devnet.inbox().batchCount().call().await? >= U256::from(3))
	})
	.await
	.map_err(|e| e.context(relayer.log_tail(40)))?;
	assert_batches_chain(&devnet).await?;
	Ok(())
}

/// Sends a JSON-RPC request to anvil.
async fn anvil_rpc(
	l1: &alloy::providers::DynProvider,
	method: &'static str,
	params: Value,
) -> anyhow::Result<Value> {
	Ok(l1.raw_request(method.into(), params).await?)
}

#[tokio::test]
async fn the_l1_client_falls_over_to_the_next_endpoint() -> anyhow::Result<()> {
	use mooring_e2e::anvil::{Anvil, BSC_CHAIN_ID};
	use mooring_relayer::l1::connect;
	let (first_dir, second_dir) = (tempfile::tempdir()?, tempfile::tempdir()?);
	let first = Anvil::start(first_dir.path(), None).await?;
	let second = Anvil::start(second_dir.path(), None).await?;
	// The second endpoint is 16 blocks ahead, so the answers tell which one served.
	let second_provider = mooring_e2e::relayer::anvil_provider(&second.url());
	anvil_rpc(&second_provider, "anvil_mine", json!(["0x10"])).await?;
	let dead = format!("http://127.0.0.1:{}", mooring_e2e::free_port());

	// An endpoint down at start is left out; the first that answers serves.
	let urls = [dead.clone(), first.url(), second.url()];
	let l1 = connect(&urls, Some(BSC_CHAIN_ID)).await?;
	assert_eq!(l1.get_block_number().await?, 0);
	// The serving endpoint goes away: the same request goes on to the next one.
	drop(first);
	for _ in 0..3 {
		assert_eq!(l1.get_block_number().await?, 16);
	}
	assert_eq!(l1.get_chain_id().await?, BSC_CHAIN_ID);

	// Refused at start, with a clear error: no endpoint answers, or one serves another chain.
	let error = connect(std::slice::from_ref(&dead), Some(BSC_CHAIN_ID)).await.unwrap_err();
	assert!(error.to_string().contains("cannot reach the L1 RPC"), "{error}");
	let error = connect(&[dead, second.url()], Some(97)).await.unwrap_err();
	assert!(error.to_string().contains("serves chain 56, the config says 97"), "{error}");
	Ok(())
}

#[tokio::test]
async fn an_l1_transaction_refused_for_good_is_dropped_and_its_nonce_reused() -> anyhow::Result<()>
{
	use mooring_relayer::{
		config::{FeeConfig, L1Key, Secret},
		txmgr::{DropReason, SettleError, TxManager, MAX_L1_TX_BYTES},
	};
	let dir = tempfile::tempdir()?;
	let anvil = mooring_e2e::anvil::Anvil::start(dir.path(), None).await?;
	let chain_id = mooring_e2e::anvil::BSC_CHAIN_ID;
	let l1 = mooring_relayer::l1::connect(&[anvil.url()], Some(chain_id)).await?;
	let db = std::sync::Arc::new(mooring_relayer::db::Db::open(&dir.path().join("relayer.redb"))?);
	let metrics = mooring_relayer::metrics::Metrics::new();
	let key = L1Key::from_hex(&Secret::new(ANVIL_KEYS[6].into()))?;
	// A manager on the same database: a (re)start of the relayer.
	let start = || {
		let (fees, poll) = (FeeConfig::default(), Duration::from_millis(100));
		let (db, metrics) = (db.clone(), metrics.clone());
		TxManager::new("batcher", l1.clone(), key.clone(), chain_id, fees, 0, poll, db, metrics)
	};
	let dropped = |reason: &str| metrics.tx_dropped.with_label_values(&["batcher", reason]).get();
	let to = anvil_signer(5).address();
	let data = || Bytes::from(vec![1; 64]);

	// Over the size limit: refused before anything is recorded or broadcast.
	let txm = start();
	let oversized = Bytes::from(vec![1; MAX_L1_TX_BYTES]);
	let error = txm.send("oversized".into(), to, oversized, U256::ZERO).await.unwrap_err();
	assert_eq!(error.dropped().map(|d| d.reason), Some(DropReason::Oversized), "{error}");
	assert!(txm.records()?.is_empty());
	assert_eq!(dropped("oversized"), 1);

	// A transaction waits in the pool when the relayer stops; by the restart the node has lost
	// it and no longer takes its gas limit (the block gas limit fell below it).
	anvil_rpc(&l1, "evm_setAutomine", json!([false])).await?;
	assert_eq!(txm.send("batch 1-2".into(), to, data(), U256::ZERO).await?, 0);
	let gas_limit = txm.records()?[0].gas_limit;
	anvil_rpc(&l1, "evm_setBlockGasLimit", json!([format!("{:#x}", gas_limit - 1)])).await?;
	anvil_rpc(&l1, "anvil_dropAllTransactions", json!([])).await?;
	let txm = start();
	let error = txm.settle(&Default::default()).await.unwrap_err();
	let SettleError::Dropped(gone) = error else { anyhow::bail!("not a drop: {error}") };
	assert_eq!((gone.nonce, gone.reason), (0, DropReason::GasLimit), "{gone}");
	assert!(txm.records()?.is_empty());
	assert_eq!(dropped("gas_limit"), 1);

	// The loop goes on: the next transaction takes nonce 0 again and lands.
	anvil_rpc(&l1, "evm_setBlockGasLimit", json!(["0x1c9c380"])).await?;
	anvil_rpc(&l1, "evm_setAutomine", json!([true])).await?;
	assert_eq!(txm.send("batch 1".into(), to, data(), U256::ZERO).await?, 0);
	assert!(txm.settle(&Default::default()).await?);
	assert_eq!(l1.get_transaction_count(txm.address()).await?, 1);
	Ok(())
}

/// `withdraw finalize` of `nonce` at `portal` (paid by anvil key 5); `(ok, stdout, stderr)`.
fn finalize_cli(devnet: &Devnet, portal: Address, nonce: u64) -> (bool, String, String) {
	let (l1_url, l2_url, portal, nonce) =
		(devnet.anvil.url(), devnet.node.ws_url(), portal.to_string(), nonce.to_string());
	let args = [
		"withdraw",
		"finalize",
		"--l1-rpc",
		&l1_url,
		"--l2-rpc",
		&l2_url,
		"--portal",
		&portal,
		"--nonce",
		&nonce,
		"--private-key-env",
		"MOORING_TEST_PAYER_KEY",
	];
	relayer_cli(&args, &[("MOORING_TEST_PAYER_KEY", ANVIL_KEYS[5])])
}

/// The migration of `docs/operator.md` ("Moving to a new Portal") on a live devnet: pause the
/// old Portal, deploy a successor, switch the L2 bridge, retire the old Portal, point the relayer
/// at the new contracts. Nothing is paid twice, nothing is stranded, deposit nonces go on.
#[tokio::test]
async fn the_bridge_moves_to_a_successor_portal() -> anyhow::Result<()> {
	let devnet = Devnet::start().await?;
	let mut relayer = devnet.relayer("relayer", &RelayerOptions::default())?;
	relayer.start()?;
	let depositor = account("//deposit/migration");
	devnet.deposit_native(0, depositor, 2 * UNIT).await?;
	wait_until(LONG, "the deposit on L2", || async {
		relayer.ensure_running()?;
		Ok(native_balance(&devnet.l2, depositor).await? > 0)
	})
	.await
	.map_err(|e| e.context(relayer.log_tail(40)))?;

	// Two withdrawals name the old Portal; it pays the first before the migration.
	let recipient = Address::repeat_byte(0x43);
	let (paid, _) = withdraw_native(&devnet.l2, &dev::bob(), recipient, UNIT / 4).await?;
	let (unpaid, block) = withdraw_native(&devnet.l2, &dev::charlie(), recipient, UNIT / 2).await?;
	wait_until(LONG, "an output covering both withdrawals", || async {
		relayer.ensure_running()?;
		Ok(devnet.oracle().latestBlockNumber().call().await? >= U256::from(block))
	})
	.await
	.map_err(|e| e.context(relayer.log_tail(40)))?;
	devnet.rpc("evm_increaseTime", json!([WINDOW + 1])).await?;
	devnet.rpc("evm_mine", json!([])).await?;
	let (ok, _, stderr) = finalize_cli(&devnet, devnet.deployment.portal, paid);
	assert!(ok, "withdraw finalize at the old Portal: {stderr}");

	// 1. The old Portal stops deposits for good (the admin here; the guardian may while paused);
	// the relayer relays what came before and stops.
	let admin = anvil_signer(ADMIN).address();
	let old = devnet.portal();
	old.stopDeposits().from(admin).send().await?.get_receipt().await?;
	let next_nonce = next_deposit_nonce(&devnet.node).await?;
	assert_eq!(U256::from(next_nonce), old.depositNonce().call().await?, "every deposit relayed");
	assert_eq!(relayer.terminate(Duration::from_secs(60)), Some(0));
	// 2. A successor continues the deposit nonces; 3. the L2 bridge settles to it, and the
	// guardian opens it.
	let new_deployment = deploy_successor(&devnet.l1, &devnet.deployment).await?;
	set_bridge_portal(&devnet.node.ws_url(), &new_deployment, new_deployment.portal, next_nonce)
		.await?;
	let new = Portal::new(new_deployment.portal, devnet.l1.clone());
	new.unpause().from(admin).send().await?.get_receipt().await?;
	// 4. The admin retires the old Portal into it (on production: through the timelock); the
	// token is swept after, so that a token that reverts cannot block the retirement.
	let held = devnet.l1.get_balance(devnet.deployment.portal).await?;
	old.retire(new_deployment.portal, vec![]).from(admin).send().await?.get_receipt().await?;
	old.sweepToSuccessor(new_deployment.token).send().await?.get_receipt().await?;
	assert_eq!(devnet.l1.get_balance(new_deployment.portal).await?, held);
	// 5. The relayer runs against the new contracts.
	let mut relayer = Relayer::configure(
		&devnet.dir.path().join("relayer-new"),
		&devnet.anvil.url(),
		&devnet.node.ws_url(),
		&new_deployment,
		&RelayerOptions::default(),
	)?;
	relayer.start()?;

	// Deposits go on at the new Portal with the next nonce.
	new.depositNative(B256::from(depositor))
		.value(U256::from(UNIT))
		.from(anvil_signer(0).address())
		.send()
		.await?
		.get_receipt()
		.await?;
	wait_until(LONG, "the new Portal's deposit on L2", || async {
		relayer.ensure_running()?;
		Ok(next_deposit_nonce(&devnet.node).await? == next_nonce + 1)
	})
	.await
	.map_err(|e| e.context(relayer.log_tail(40)))?;

	// A withdrawal after the switch names the new Portal; the new oracle covers it.
	let (fresh, block) = withdraw_native(&devnet.l2, &dev::bob(), recipient, UNIT / 8).await?;
	let new_oracle = OutputOracle::new(new_deployment.oracle, devnet.l1.clone());
	wait_until(LONG, "an output of the new oracle covering it", || async {
		relayer.ensure_running()?;
		Ok(new_oracle.latestBlockNumber().call().await? >= U256::from(block))
	})
	.await
	.map_err(|e| e.context(relayer.log_tail(40)))?;
	devnet.rpc("evm_increaseTime", json!([WINDOW + 1])).await?;
	devnet.rpc("evm_mine", json!([])).await?;

	// The new Portal pays the old Portal's unpaid leaf and its own, never the one paid before;
	// the old Portal pays nothing any more.
	let before = devnet.l1.get_balance(recipient).await?;
	for nonce in [unpaid, fresh] {
		let (ok, _, stderr) = finalize_cli(&devnet, new_deployment.portal, nonce);
		assert!(ok, "withdraw finalize {nonce} at the new Portal: {stderr}");
	}
	let paid_out = devnet.l1.get_balance(recipient).await? - before;
	assert_eq!(paid_out, U256::from(UNIT / 2 + UNIT / 8));
	let (ok, _, stderr) = finalize_cli(&devnet, new_deployment.portal, paid);
	assert!(!ok && stderr.contains("already finalized"), "{stderr}");
	assert!(new.isWithdrawalFinalized(paid).call().await?);
	let (ok, _, _) = finalize_cli(&devnet, devnet.deployment.portal, unpaid);
	assert!(!ok, "the retired Portal pays nothing");
	assert!(!old.acceptsLeavesOf(new_deployment.portal).call().await?);
	assert_eq!(relayer.terminate(Duration::from_secs(60)), Some(0));
	Ok(())
}

/// Deposits are relayed only once their L1 block is `finalized` (anvil here finalizes two
/// blocks behind the head, like BSC), even with no confirmations asked for.
#[tokio::test]
async fn deposits_wait_for_the_l1_finalized_block() -> anyhow::Result<()> {
	let devnet = Devnet::start().await?;
	let options = RelayerOptions {
		batcher: false,
		proposer: false,
		confirmations: 0,
		..RelayerOptions::default()
	};
	let mut relayer = devnet.relayer("relayer", &options)?;
	relayer.start()?;
	// L1 blocks only when the test mines them.
	devnet.rpc("evm_setIntervalMining", json!([0])).await?;
	let recipient = account("//finalized/recipient");
	let pending = devnet.deposit_native(0, recipient, UNIT);
	let mined = async {
		tokio::time::sleep(Duration::from_secs(1)).await;
		devnet.rpc("evm_mine", json!([])).await
	};
	let (deposited, _) = tokio::join!(pending, mined);
	deposited?;
	// The deposit's block is the head: confirmed (0 confirmations) but not finalized.
	tokio::time::sleep(Duration::from_secs(8)).await;
	relayer.ensure_running()?;
	assert_eq!(next_deposit_nonce(&devnet.node).await?, 0, "relayed before finality");
	devnet.rpc("evm_mine", json!([])).await?;
	devnet.rpc("evm_mine", json!([])).await?;
	wait_until(LONG, "the deposit relayed once finalized", || async {
		relayer.ensure_running()?;
		Ok(native_balance(&devnet.l2, recipient).await? == UNIT)
	})
	.await
	.map_err(|e| e.context(relayer.log_tail(40)))?;
	assert_eq!(next_deposit_nonce(&devnet.node).await?, 1);
	Ok(())
}

/// 500 deposits queued on L1 at once are all relayed, exactly once, in `relay_deposits` calls
/// submitted several at a time; prints the rate (`-- --nocapture`; set
/// `MOORING_RELAYER_DEPOSITS_CALLS_IN_FLIGHT=1` for the one-call-per-round figure).
#[tokio::test]
async fn a_flood_of_deposits_is_relayed_several_calls_at_a_time() -> anyhow::Result<()> {
	const FLOOD: u64 = 500;
	const AMOUNT: u128 = UNIT / 1000;
	let devnet = Devnet::start().await?;
	let options = RelayerOptions { batcher: false, proposer: false, ..RelayerOptions::default() };
	let mut relayer = devnet.relayer("relayer", &options)?;
	relayer.start()?;
	let recipient = account("//flood/recipient");
	let portal = devnet.portal();
	let mut sent = Vec::with_capacity(FLOOD as usize);
	for index in 0..FLOOD {
		let from = anvil_signer(index as usize % 5).address();
		let deposit = portal.depositNative(B256::from(recipient)).value(U256::from(AMOUNT));
		sent.push(deposit.from(from).send().await?);
	}
	for pending in sent {
		anyhow::ensure!(pending.get_receipt().await?.status(), "a deposit reverted");
	}
	let started = Instant::now();
	wait_until(LONG, "every deposit relayed", || async {
		relayer.ensure_running()?;
		Ok(next_deposit_nonce(&devnet.node).await? == FLOOD)
	})
	.await
	.map_err(|e| e.context(relayer.log_tail(40)))?;
	let elapsed = started.elapsed().as_secs_f64();
	println!(
		"{FLOOD} deposits mined on L1 relayed in {elapsed:.1} s: {:.1} deposits/s",
		FLOOD as f64 / elapsed
	);
	wait_until(LONG, "every deposit credited", || async {
		Ok(native_balance(&devnet.l2, recipient).await? == FLOOD as u128 * AMOUNT)
	})
	.await?;
	let in_flight = std::env::var("MOORING_RELAYER_DEPOSITS_CALLS_IN_FLIGHT").unwrap_or_default();
	if in_flight.is_empty() {
		let log = plain_text(&relayer.log_tail(400));
		assert!(log.contains("calls=4"), "four calls in flight at once: {log}");
	}
	Ok(())
}
