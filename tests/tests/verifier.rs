//! The verifier end to end: a dev sequencer with its relayer posting batches and outputs to
//! anvil, and a second node fed only by `mooring-relayer verify` from what L1 holds.
//!
//! - `a_node_derived_from_l1_alone_matches_the_sequencer_and_resumes_after_sigkill`: the derived
//!   node (no L2 peers) reaches the sequencer's blocks, state roots and output roots; the
//!   verifier killed with SIGKILL mid-derivation resumes right after the node's best block; a
//!   block holding a 600 kB incompressible remark (five times what one L1 transaction carries)
//!   is posted as a batch of its own in frames and derived like any other.
//! - `a_wrong_output_is_deleted_in_its_window_and_pays_nothing`: a proposer in the test-only
//!   `state-root` fault mode posts outputs with a wrong state root (a correct withdrawals root):
//!   the verifier deletes them inside the window, its challenger gets the proposer's bond, and
//!   a withdrawal proven against the wrong output cannot be finalized after the window.
//! - `a_verifier_without_the_role_proves_a_forged_withdrawals_root`: a proposer in the
//!   `withdrawals-root` fault mode posts outputs with the true block hash and state root but a
//!   forged withdrawals root (the forgery that would drain the Portal); a verifier whose key
//!   holds no role proves it with `proveOutputFault` (the headers, which commit to the true
//!   withdrawals root, come from its derived node) and is paid from the bond; the withdrawal
//!   proven against the forged output is refused; the proposer stops once slashed.
//! - `proposer_and_verifier_keep_up_behind_nodes_that_prune_state`: the sequencer and the
//!   derived node keep the state of their last 16 blocks only, batches carry more than 16 blocks:
//!   every output interval is proposed and every output checked, from headers alone.
//! - `a_batch_whose_blocks_do_not_chain_stops_derivation`: a batch whose header L1 accepts but
//!   whose blocks do not chain is refused by derivation; nothing of it is imported.
//!
//! Run: `cargo build --workspace && cargo test -p mooring-e2e --test verifier -- --nocapture`.

use alloy::{
	primitives::{Address, B256, U256},
	providers::Provider,
};
use codec::Decode;
use jsonrpsee::core::params::ArrayParams;
use mooring_e2e::{
	devnet::{Devnet, LONG, WINDOW},
	node::{wait_until, Node, NodeConfig},
	relayer::{
		anvil_signer, metric, plain_text, withdraw_native, Relayer, RelayerOptions, BATCHER,
		CHALLENGER, PROPOSER,
	},
};
use mooring_primitives::bridge::Compression;
use mooring_relayer::{
	batch::{compress, encode_blocks, make_batch, EncodedBlock, OpaqueBlock},
	l1,
	l2::L2,
	withdraw,
};
use polkadot_sdk::sp_core::H256;
use serde_json::{json, Value};
use std::time::Duration;
use subxt::dynamic::Value as SValue;
use subxt_signer::sr25519::dev;

/// Prometheus names of the verifier's metrics.
const DERIVED: &str = "mooring_relayer_verifier_derived_l2_block";
const CHECKED: &str = "mooring_relayer_verifier_outputs_checked_total";
const WRONG: &str = "mooring_relayer_verifier_outputs_wrong_total";
const CHALLENGED: &str = "mooring_relayer_verifier_outputs_challenged_total";
const PROVEN: &str = "mooring_relayer_verifier_outputs_proven_total";
/// 1 while the proposer has stopped because its bond was slashed.
const BOND_LOST: &str = "mooring_relayer_proposer_bond_lost";

/// A funded anvil key with no role on the L1 contracts.
const NO_ROLE: usize = 4;

/// The log line the verifier writes before each `mooring_importBlocks` call.
const IMPORTING: &str = "importing derived L2 blocks";

/// The relayer options of the sequencer's relayer: batches at most 2 s old, an output every 5
/// blocks, no deposits.
fn sequencer_relayer() -> RelayerOptions {
	RelayerOptions {
		deposits: false,
		max_batch_age_secs: 2,
		output_interval: 5,
		..RelayerOptions::default()
	}
}

/// A verifier-only relayer deriving into `node`.
fn verifier_options(node: &Node, import_chunk: usize) -> RelayerOptions {
	RelayerOptions {
		batcher: false,
		proposer: false,
		deposits: false,
		verifier_node: Some(node.ws_url()),
		import_chunk,
		..RelayerOptions::default()
	}
}

/// Starts a node of the dev chain that only imports what the verifier derives.
async fn derived_node(devnet: &Devnet) -> anyhow::Result<Node> {
	Node::start(&NodeConfig::derived_from_l1("derived"), devnet.dir.path()).await
}

/// A metric of a running relayer; an error if its endpoint does not answer or lacks the metric
/// (so a failed scrape never reads as 0).
async fn relayer_metric(relayer: &Relayer, name: &str) -> anyhow::Result<f64> {
	let text = relayer.metrics().await.ok_or_else(|| anyhow::anyhow!("no /metrics answer"))?;
	metric(&text, name).ok_or_else(|| anyhow::anyhow!("no metric {name} in:\n{text}"))
}

/// The `from` of every import the log records, in order.
fn imports_from(log: &str) -> Vec<u64> {
	plain_text(log)
		.lines()
		.filter(|line| line.contains(IMPORTING))
		.filter_map(|line| {
			let from = line.split("from=").nth(1)?;
			from.split(|c: char| !c.is_ascii_digit()).next()?.parse().ok()
		})
		.collect()
}

/// Header `field` (e.g. `stateRoot`) of block `hash` on `node`.
async fn header_field(node: &Node, hash: &str, field: &str) -> anyhow::Result<Value> {
	let mut params = ArrayParams::new();
	params.insert(hash)?;
	Ok(node.rpc("chain_getHeader", params).await?[field].clone())
}

/// `bridge_outputPreimage(number)` on `node` (read from the block's state).
async fn output_preimage(node: &Node, number: u64) -> anyhow::Result<Value> {
	let mut params = ArrayParams::new();
	params.insert(number)?;
	node.rpc("bridge_outputPreimage", params).await
}

/// A few balance transfers, so the blocks have extrinsics and the state changes.
async fn transfers(devnet: &Devnet, count: u128) -> anyhow::Result<()> {
	for amount in 1..=count {
		let call = subxt::dynamic::tx(
			"Balances",
			"transfer_keep_alive",
			(
				SValue::unnamed_variant("Id", [SValue::from_bytes(dev::bob().public_key().0)]),
				SValue::u128(amount * 1_000_000_000),
			),
		);
		devnet
			.l2
			.at_current_block()
			.await?
			.transactions()
			.sign_and_submit_then_watch_default(&call, &dev::alice())
			.await?
			.wait_for_finalized_success()
			.await?;
	}
	Ok(())
}

/// Includes one `System.remark` of `len` random (incompressible) bytes signed by Alice; returns
/// the number of its block.
async fn incompressible_remark(devnet: &Devnet, len: usize) -> anyhow::Result<u64> {
	let mut state = 0x9e37_79b9_7f4a_7c15u64;
	let bytes: Vec<u8> = (0..len)
		.map(|_| {
			state ^= state << 13;
			state ^= state >> 7;
			state ^= state << 17;
			state as u8
		})
		.collect();
	let l2 = mooring_e2e::l2::L2::to(&devnet.node).await?;
	let remark = polkadot_sdk::frame_system::Call::remark { remark: bytes };
	let outcome = l2.submit(mooring_runtime::RuntimeCall::System(remark), &dev::alice()).await?;
	let hash = format!("{:?}", outcome.block_hash);
	outcome.ok()?;
	let number = header_field(&devnet.node, &hash, "number").await?;
	let hex = number.as_str().and_then(|n| n.strip_prefix("0x")).expect("a hex block number");
	Ok(u64::from_str_radix(hex, 16)?)
}

#[tokio::test]
async fn a_node_derived_from_l1_alone_matches_the_sequencer_and_resumes_after_sigkill(
) -> anyhow::Result<()> {
	let devnet = Devnet::start().await?;
	let mut relayer = devnet.relayer("relayer", &sequencer_relayer())?;
	relayer.start()?;
	transfers(&devnet, 3).await?;
	let inbox = devnet.inbox();
	wait_until(LONG, "20 L2 blocks posted to L1", || async {
		relayer.ensure_running()?;
		Ok(inbox.nextBlock().call().await? > 20)
	})
	.await
	.map_err(|e| e.context(relayer.log_tail(40)))?;

	// The verifier imports 2 blocks per call, so derivation takes many calls; it is killed
	// after the first ones.
	let node = derived_node(&devnet).await?;
	let mut verifier = devnet.relayer("verifier", &verifier_options(&node, 2))?;
	verifier.start_verifier()?;
	wait_until(LONG, "the first derived blocks", || async {
		verifier.ensure_running()?;
		Ok(node.best_number().await? >= 2)
	})
	.await
	.map_err(|e| e.context(verifier.log_tail(40)))?;
	verifier.kill_hard();
	// An import the kill interrupted may still finish inside the node.
	tokio::time::sleep(Duration::from_secs(2)).await;
	let best_at_restart = node.best_number().await?;
	let first_run = verifier.all_logs();

	verifier.start_verifier()?;
	transfers(&devnet, 2).await?;
	// A block far larger than one L1 transaction: a batch of its own, posted in frames.
	let large = incompressible_remark(&devnet, 600_000).await?;
	wait_until(LONG, &format!("the large block #{large} posted"), || async {
		relayer.ensure_running()?;
		Ok(inbox.nextBlock().call().await? > large)
	})
	.await
	.map_err(|e| e.context(relayer.log_tail(40)))?;
	let (index, first, last) = devnet
		.batches()
		.await?
		.into_iter()
		.find(|(_, first, last)| (*first..=*last).contains(&large))
		.expect("a batch holds the large block");
	assert_eq!((first, last), (large, large), "the large block is a batch of its own");
	let posted = devnet.posted_batch(index).await?;
	let frames = posted.transactions.len();
	assert!(frames >= 5, "600 kB in frames of 120 kB: {frames} frames");
	let mut gas = 0;
	for tx in &posted.transactions {
		gas += devnet.l1.get_transaction_receipt(*tx).await?.expect("mined").gas_used;
	}
	eprintln!(
		"block #{large} (600,000-byte remark): {} posted bytes in {frames} frames, {gas} L1 gas",
		posted.data.len()
	);
	let target = inbox.nextBlock().call().await? - 1;
	wait_until(LONG, &format!("the derived node at block #{target}"), || async {
		verifier.ensure_running()?;
		Ok(node.best_number().await? >= target)
	})
	.await
	.map_err(|e| e.context(verifier.log_tail(40)))?;

	// Resumed right after the node's best block: nothing imported twice, nothing skipped.
	let second_run = verifier.all_logs()[first_run.len()..].to_owned();
	let resumed = imports_from(&second_run);
	assert!(!imports_from(&first_run).is_empty(), "the first run imported: {first_run}");
	assert_eq!(resumed.first(), Some(&(best_at_restart + 1)), "{second_run}");
	assert!(resumed.windows(2).all(|pair| pair[1] > pair[0]), "{resumed:?}");

	// The same chain as the sequencer's: block hashes, state roots, output roots; and the output
	// a header alone gives (what the proposer and verifier use) is the node's
	// `bridge_outputPreimage`, read from the block's state.
	let sequencer = L2::connect(&devnet.node.ws_url()).await?;
	for number in [1, target / 2, large, target] {
		let from_state = sequencer.output_preimage_from_state(number).await?;
		assert_eq!(sequencer.output_preimage(number).await?, from_state, "block #{number}");
		let ours = node.block_hash(number).await?.expect("derived");
		assert_eq!(Some(&ours), devnet.node.block_hash(number).await?.as_ref(), "block #{number}");
		assert_eq!(
			header_field(&node, &ours, "stateRoot").await?,
			header_field(&devnet.node, &ours, "stateRoot").await?
		);
		assert_eq!(
			output_preimage(&node, number).await?,
			output_preimage(&devnet.node, number).await?
		);
	}
	// `mooring_importBlocks` finalizes the last block of a chunk right after it shows up as best.
	wait_until(Duration::from_secs(30), "derived blocks are final", || async {
		Ok(node.finalized_number().await? >= target)
	})
	.await?;

	// Every output up to the derived block checked, none wrong.
	let oracle = devnet.oracle();
	wait_until(LONG, "outputs checked", || async {
		Ok(relayer_metric(&verifier, CHECKED).await? >= 1.0)
	})
	.await?;
	assert!(u64::try_from(oracle.nextOutputIndex().call().await?)? >= 1);
	assert_eq!(relayer_metric(&verifier, WRONG).await?, 0.0);
	assert_eq!(relayer_metric(&verifier, CHALLENGED).await?, 0.0);
	// The gauge moves once `mooring_importBlocks` returns, just after the node shows the block.
	wait_until(Duration::from_secs(30), "the derived-block gauge at the target", || async {
		Ok(relayer_metric(&verifier, DERIVED).await? >= target as f64)
	})
	.await?;
	assert_eq!(verifier.terminate(Duration::from_secs(30)), Some(0), "SIGTERM exits 0");
	Ok(())
}

#[tokio::test]
async fn a_wrong_output_is_deleted_in_its_window_and_pays_nothing() -> anyhow::Result<()> {
	let devnet = Devnet::start().await?;
	let faulty = RelayerOptions { proposer_fault: "state-root".into(), ..sequencer_relayer() };
	let mut relayer = devnet.relayer("relayer", &faulty)?;
	relayer.start()?;

	// A withdrawal, and the (wrong) output that covers it.
	let recipient = Address::repeat_byte(0x42);
	let (nonce, block) =
		withdraw_native(&devnet.l2, &dev::bob(), recipient, 10u128.pow(18)).await?;
	let oracle = devnet.oracle();
	wait_until(LONG, "an output covering the withdrawal", || async {
		relayer.ensure_running()?;
		Ok(oracle.latestBlockNumber().call().await? >= U256::from(block))
	})
	.await
	.map_err(|e| e.context(relayer.log_tail(40)))?;
	let index = u64::try_from(oracle.getL2OutputIndexAfter(U256::from(block)).call().await?)?;
	let wrong = oracle.getL2Output(U256::from(index)).call().await?;
	let output_block = u64::try_from(wrong.l2BlockNumber)?;

	// What a thief would finalize with: the honest proof, and the preimage of the wrong root
	// (its withdrawals root is right, only the state root is not).
	let l2 = L2::connect(&devnet.node.ws_url()).await?;
	let proof = l2.withdrawal_proof(nonce, output_block).await?.expect("the withdrawal exists");
	let (leaf, mut preimage, siblings) = withdraw::finalize_arguments(&proof);
	preimage.l2StateRoot = !preimage.l2StateRoot;
	let mut inverted = proof.output_root_preimage.clone();
	inverted.l2_state_root.0.iter_mut().for_each(|byte| *byte = !*byte);
	assert_eq!(
		B256::from(inverted.output_root(&devnet.deployment.oracle_contract()).0),
		wrong.outputRoot,
		"the faulty proposer inverts the state root, nothing else"
	);

	let bond_before = oracle.bonds(anvil_signer(PROPOSER).address()).call().await?;
	let node = derived_node(&devnet).await?;
	let mut verifier = devnet.relayer("verifier", &verifier_options(&node, 64))?;
	verifier.start_verifier()?;
	// The challenge counts once its transaction is `l1.confirmations` deep.
	wait_until(LONG, "the wrong output deleted", || async {
		verifier.ensure_running()?;
		Ok(u64::try_from(oracle.nextOutputIndex().call().await?)? <= index
			&& relayer_metric(&verifier, CHALLENGED).await? >= 1.0)
	})
	.await
	.map_err(|e| e.context(verifier.log_tail(40)))?;
	assert!(relayer_metric(&verifier, WRONG).await? >= 1.0);
	assert!(plain_text(&verifier.all_logs()).contains("WRONG OUTPUT"));

	// The faulty proposer stops proposing once its bond is slashed, and says so.
	wait_until(LONG, "the proposer stopped", || async {
		relayer.ensure_running()?;
		Ok(relayer_metric(&relayer, BOND_LOST).await? == 1.0)
	})
	.await
	.map_err(|e| e.context(relayer.log_tail(40)))?;
	assert!(plain_text(&relayer.all_logs()).contains("PROPOSER STOPPED"));
	assert_eq!(relayer.terminate(Duration::from_secs(30)), Some(0));
	tokio::time::sleep(Duration::from_secs(3)).await;
	wait_until(LONG, "no output left", || async {
		verifier.ensure_running()?;
		Ok(oracle.nextOutputIndex().call().await? == U256::ZERO)
	})
	.await
	.map_err(|e| e.context(verifier.log_tail(40)))?;

	// The challenger was paid half of the proposer's bond, the other half was burnt; the
	// proposer never topped its bond up again.
	let challenger_bond = oracle.bonds(anvil_signer(CHALLENGER).address()).call().await?;
	assert!(challenger_bond > U256::ZERO, "the challenger got the bond");
	let slashed = oracle.BondSlashed_filter().from_block(0).query().await?;
	assert!(!slashed.is_empty(), "a BondSlashed event");
	for (event, _) in &slashed {
		assert_eq!(event.proposer, anvil_signer(PROPOSER).address());
		assert_eq!(event.challenger, anvil_signer(CHALLENGER).address());
		assert!(event.amount > U256::ZERO && event.amount <= bond_before, "{}", event.amount);
	}
	let paid = slashed.iter().fold(U256::ZERO, |sum, (event, _)| sum + event.amount);
	let burnt = slashed.iter().fold(U256::ZERO, |sum, (event, _)| sum + event.burnt);
	assert_eq!(paid, challenger_bond, "the challenger holds exactly what was slashed");
	assert_eq!(burnt, oracle.burntBonds().call().await?);
	let proposer_bond = oracle.bonds(anvil_signer(PROPOSER).address()).call().await?;
	assert_eq!(proposer_bond + paid + burnt, bond_before, "no top-up after the slash");

	// After the window, the withdrawal cannot be finalized against the deleted output.
	assert_unpayable_after_window(&devnet, (leaf, index, preimage, siblings), recipient).await
}

/// Lets the window pass and checks that `finalizeWithdrawal` with `arguments` (leaf, output
/// index, preimage, proof) is refused and `recipient` got nothing.
async fn assert_unpayable_after_window(
	devnet: &Devnet,
	(leaf, index, preimage, siblings): (
		l1::Formats::WithdrawalLeaf,
		u64,
		l1::Formats::OutputRootPreimage,
		[B256; 32],
	),
	recipient: Address,
) -> anyhow::Result<()> {
	devnet.rpc("evm_increaseTime", json!([WINDOW + 1])).await?;
	devnet.rpc("evm_mine", json!([])).await?;
	let refused = withdraw::try_finalize_raw(
		&devnet.anvil.url(),
		devnet.deployment.portal,
		anvil_signer(5),
		leaf,
		index,
		preimage,
		siblings,
	)
	.await?;
	assert!(refused.is_some(), "a withdrawal against a deleted output is refused");
	assert_eq!(devnet.l1.get_balance(recipient).await?, U256::ZERO);
	Ok(())
}

#[tokio::test]
async fn a_verifier_without_the_role_proves_a_forged_withdrawals_root() -> anyhow::Result<()> {
	let devnet = Devnet::start().await?;
	let faulty =
		RelayerOptions { proposer_fault: "withdrawals-root".into(), ..sequencer_relayer() };
	let mut relayer = devnet.relayer("relayer", &faulty)?;
	relayer.start()?;

	// A withdrawal, and the forged output that covers it.
	let recipient = Address::repeat_byte(0x43);
	let (nonce, block) =
		withdraw_native(&devnet.l2, &dev::bob(), recipient, 10u128.pow(18)).await?;
	let oracle = devnet.oracle();
	wait_until(LONG, "an output covering the withdrawal", || async {
		relayer.ensure_running()?;
		Ok(oracle.latestBlockNumber().call().await? >= U256::from(block))
	})
	.await
	.map_err(|e| e.context(relayer.log_tail(40)))?;
	let index = u64::try_from(oracle.getL2OutputIndexAfter(U256::from(block)).call().await?)?;
	let forged = oracle.getL2Output(U256::from(index)).call().await?;
	let output_block = u64::try_from(forged.l2BlockNumber)?;
	let l2 = L2::connect(&devnet.node.ws_url()).await?;
	let proof = l2.withdrawal_proof(nonce, output_block).await?.expect("the withdrawal exists");
	let mut thief = proof.output_root_preimage.clone();
	thief.withdrawals_root.0.iter_mut().for_each(|byte| *byte = !*byte);
	assert_eq!(
		B256::from(thief.output_root(&devnet.deployment.oracle_contract()).0),
		forged.outputRoot,
		"the faulty proposer forges the withdrawals root, nothing else"
	);
	let bond_before = oracle.bonds(anvil_signer(PROPOSER).address()).call().await?;

	let prover = anvil_signer(NO_ROLE).address();
	let challenger_role = oracle.CHALLENGER_ROLE().call().await?;
	assert!(!oracle.hasRole(challenger_role, prover).call().await?);
	let node = derived_node(&devnet).await?;
	let options =
		RelayerOptions { challenge: false, verifier_key: NO_ROLE, ..verifier_options(&node, 64) };
	let mut verifier = devnet.relayer("verifier", &options)?;
	verifier.start_verifier()?;
	wait_until(LONG, "a fault proven", || async {
		verifier.ensure_running()?;
		Ok(relayer_metric(&verifier, PROVEN).await? >= 1.0)
	})
	.await
	.map_err(|e| e.context(verifier.log_tail(40)))?;
	assert_eq!(relayer_metric(&verifier, CHALLENGED).await?, 0.0);

	// L1 checked a withdrawals-root fault (kind 4) and paid the prover from the bond.
	let proofs = oracle.OutputFaultProven_filter().from_block(0).query().await?;
	assert!(!proofs.is_empty(), "an OutputFaultProven event");
	for (event, _) in &proofs {
		assert_eq!(event.prover, prover);
		assert_eq!(event.kind, 4, "the withdrawals root, nothing else, is wrong");
	}
	let slashed = oracle.BondSlashed_filter().from_block(0).query().await?;
	let paid = slashed
		.iter()
		.filter(|(event, _)| event.challenger == prover)
		.fold(U256::ZERO, |sum, (event, _)| sum + event.amount);
	assert!(paid > U256::ZERO, "the prover was paid");
	assert_eq!(oracle.bonds(prover).call().await?, paid);
	let proof_tx = proofs[0].1.transaction_hash.expect("a mined log");
	let receipt = devnet.l1.get_transaction_receipt(proof_tx).await?.expect("mined");
	eprintln!("proveOutputFault (withdrawals root): {} gas", receipt.gas_used);

	// The proposer stopped at its first slash instead of buying more forged outputs.
	wait_until(LONG, "the proposer stopped", || async {
		relayer.ensure_running()?;
		Ok(relayer_metric(&relayer, BOND_LOST).await? == 1.0)
	})
	.await
	.map_err(|e| e.context(relayer.log_tail(40)))?;
	assert!(oracle.bonds(anvil_signer(PROPOSER).address()).call().await? < bond_before);

	// After the window, the forged output cannot pay: it was deleted.
	let (leaf, mut preimage, siblings) = withdraw::finalize_arguments(&proof);
	preimage.withdrawalsRoot = B256::from(thief.withdrawals_root.0);
	assert_unpayable_after_window(&devnet, (leaf, index, preimage, siblings), recipient).await?;

	assert_eq!(relayer.terminate(Duration::from_secs(30)), Some(0));
	assert_eq!(verifier.terminate(Duration::from_secs(30)), Some(0));
	Ok(())
}

#[tokio::test]
async fn proposer_and_verifier_keep_up_behind_nodes_that_prune_state() -> anyhow::Result<()> {
	const KEPT: u32 = 16;
	let pruning = |config: NodeConfig| NodeConfig { state_pruning: Some(KEPT), ..config };
	let devnet = Devnet::start_with(&pruning(NodeConfig::dev_sequencer())).await?;
	// Batches about 25 blocks long: an output's block is often more than KEPT blocks old by the
	// time its batch is on L1.
	let options = RelayerOptions { max_batch_age_secs: 25, ..sequencer_relayer() };
	let mut relayer = devnet.relayer("relayer", &options)?;
	relayer.start()?;
	let node =
		Node::start(&pruning(NodeConfig::derived_from_l1("derived")), devnet.dir.path()).await?;
	let mut verifier = devnet.relayer("verifier", &verifier_options(&node, 64))?;
	verifier.start_verifier()?;

	let oracle = devnet.oracle();
	const OUTPUTS: u64 = 8;
	wait_until(LONG, "8 outputs proposed and checked", || async {
		relayer.ensure_running()?;
		verifier.ensure_running()?;
		Ok(u64::try_from(oracle.nextOutputIndex().call().await?)? >= OUTPUTS
			&& relayer_metric(&verifier, CHECKED).await? >= OUTPUTS as f64)
	})
	.await
	.map_err(|e| e.context(format!("{}\n{}", relayer.log_tail(30), verifier.log_tail(30))))?;

	// The sequencer really prunes: the state of block 1 is gone, so `bridge_outputPreimage(1)`
	// (what the proposer and verifier used to read) fails there.
	let gone = output_preimage(&devnet.node, 1).await.expect_err("block 1's state is pruned");
	assert!(format!("{gone:#}").contains("State already discarded"), "{gone:#}");
	// Every interval was proposed (no output skipped), none found wrong.
	let count = u64::try_from(oracle.nextOutputIndex().call().await?)?;
	for index in 0..count {
		let output = oracle.getL2Output(U256::from(index)).call().await?;
		assert_eq!(u64::try_from(output.l2BlockNumber)?, (index + 1) * 5, "output {index}");
	}
	assert_eq!(relayer_metric(&verifier, WRONG).await?, 0.0);
	let batches = devnet.batches().await?;
	assert!(
		batches.iter().any(|(_, first, last)| last - first + 1 > KEPT as u64),
		"a batch longer than the kept state: {batches:?}"
	);
	assert_eq!(relayer.terminate(Duration::from_secs(30)), Some(0));
	assert_eq!(verifier.terminate(Duration::from_secs(30)), Some(0));
	Ok(())
}

#[tokio::test]
async fn a_batch_whose_blocks_do_not_chain_stops_derivation() -> anyhow::Result<()> {
	let devnet = Devnet::start().await?;
	devnet.node.wait_for_block(3, LONG).await?;
	let l2 = L2::connect(&devnet.node.ws_url()).await?;
	let blocks = [l2.block(1).await?, l2.block(2).await?, l2.block(3).await?];
	// The header is the honest one (L1 checks its range and parent), but block 2 is replaced
	// by one with another parent: the blocks no longer chain.
	let honest = make_batch(&blocks, Compression::Brotli, None)?;
	let mut forged = OpaqueBlock::decode(&mut &blocks[1].bytes[..])?;
	forged.header.parent_hash = H256::repeat_byte(7);
	let forged = EncodedBlock::new(&forged, None)?;
	let payload = encode_blocks(&[blocks[0].clone(), forged, blocks[2].clone()]);
	let mut data = honest.header.encode_header().to_vec();
	data.extend(compress(&payload, honest.header.compression, None)?);
	let receipt = devnet
		.inbox()
		.postBatch(U256::ZERO, U256::ONE, data.into())
		.from(anvil_signer(BATCHER).address())
		.send()
		.await?
		.get_receipt()
		.await?;
	assert!(receipt.status(), "L1 accepts the batch: it cannot see inside it");

	let node = derived_node(&devnet).await?;
	let mut verifier = devnet.relayer("verifier", &verifier_options(&node, 64))?;
	verifier.start_verifier()?;
	wait_until(LONG, "derivation refusing batch 0", || async {
		verifier.ensure_running()?;
		Ok(plain_text(&verifier.all_logs()).contains("batch 0 is invalid"))
	})
	.await
	.map_err(|e| e.context(verifier.log_tail(40)))?;
	// Past the confirmation depth and a few more rounds: still nothing imported.
	tokio::time::sleep(Duration::from_secs(5)).await;
	let log = plain_text(&verifier.all_logs());
	assert!(log.contains("does not chain"), "{log}");
	assert_eq!(node.best_number().await?, 0, "nothing of the batch is imported");
	assert!(imports_from(&log).is_empty(), "{log}");
	assert_eq!(relayer_metric(&verifier, DERIVED).await?, 0.0);
	Ok(())
}

#[tokio::test]
async fn the_block_import_method_is_unsafe() -> anyhow::Result<()> {
	let dir = tempfile::tempdir()?;
	let no_blocks = || -> anyhow::Result<ArrayParams> {
		let mut params = ArrayParams::new();
		params.insert(Vec::<String>::new())?;
		Ok(params)
	};
	// A node serving safe methods only refuses it, as it refuses author_insertKey.
	let safe = NodeConfig { rpc_methods: Some("safe"), ..NodeConfig::derived_from_l1("safe") };
	let safe = Node::start(&safe, dir.path()).await?;
	let refused = safe.rpc("mooring_importBlocks", no_blocks()?).await.expect_err("refused");
	assert!(format!("{refused:#}").contains("unsafe"), "{refused:#}");
	// The default (`auto`, on localhost) serves it: the call reaches the method.
	let open = Node::start(&NodeConfig::derived_from_l1("open"), dir.path()).await?;
	let reached = open.rpc("mooring_importBlocks", no_blocks()?).await.expect_err("no blocks");
	assert!(format!("{reached:#}").contains("no blocks given"), "{reached:#}");
	Ok(())
}
