//! ERC-20 throughput over the Ethereum JSON-RPC: the same workload against Mooring's eth-rpc and
//! against anvil. DevToken (OpenZeppelin) is deployed, keys are funded with gas money and
//! tokens, then every key's `transfer`s are signed up front (legacy, EIP-155) and submitted with
//! `eth_sendRawTransaction`; blocks are read to count what they include.

use crate::{
	native::{normal_weight, prepared_blocks, BlockLimits},
	rpc,
	stats::{median, BlockObs, Window},
	write_json,
};
use alloy::{
	consensus::{SignableTransaction, TxLegacy},
	eips::Encodable2718,
	network::TxSignerSync,
	primitives::{keccak256, Address, Bytes, TxKind, B256, U256},
	signers::local::PrivateKeySigner,
	sol_types::{SolCall, SolValue},
};
use anyhow::{anyhow, bail, Context};
use futures::{stream, StreamExt};
use jsonrpsee::{
	core::client::{ClientT, Error as ClientError},
	http_client::HttpClient,
	rpc_params,
};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::{
	collections::{BTreeMap, HashSet},
	path::PathBuf,
	sync::{
		atomic::{AtomicBool, AtomicUsize, Ordering},
		Arc,
	},
	time::{Duration, Instant},
};

alloy::sol! {
	function transfer(address to, uint256 value) external returns (bool);
	function balanceOf(address owner) external view returns (uint256);
}

/// Gas money each key gets: 1 BNB (or ETH on anvil), far more than its transfers cost.
const GAS_MONEY: u128 = 1_000_000_000_000_000_000;
/// Tokens each key gets; every transfer moves 1.
const TOKENS: u64 = 1_000_000;
/// Funding transactions in flight from the single funder before waiting for them.
const FUND_CHUNK: usize = 256;
/// The run ends when nothing new was included for this long after the last submission.
const STALL: Duration = Duration::from_secs(30);

/// Options of `mooring-bench evm`.
#[derive(clap::Args)]
pub struct Args {
	/// The Ethereum JSON-RPC (HTTP).
	#[arg(long)]
	rpc: String,
	/// A name for this chain in the report (`mooring`, `anvil`).
	#[arg(long)]
	label: String,
	/// The DevToken artifact (ABI and bytecode).
	#[arg(long, default_value = "contracts/artifacts/DevToken.json")]
	artifact: PathBuf,
	/// A funded key: deploys the token and funds the benchmark keys (default: the first
	/// anvil/Hardhat dev key, funded on both chains).
	#[arg(
		long,
		default_value = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"
	)]
	funder_key: String,
	/// Sending keys (each sends to the next one, the last to the first).
	#[arg(long, default_value_t = 500)]
	keys: u32,
	/// Transfers per key (nonces 0..N).
	#[arg(long, default_value_t = 20)]
	per_key: u32,
	/// HTTP clients that submit.
	#[arg(long, default_value_t = 4)]
	connections: usize,
	/// Submissions in flight at once, over all clients.
	#[arg(long, default_value_t = 64)]
	in_flight: usize,
	/// Gas price = `eth_gasPrice` times this. anvil raises its base fee by 12.5% per full
	/// block, so its transactions need headroom; Mooring's price is fixed.
	#[arg(long, default_value_t = 1)]
	gas_price_multiplier: u128,
	/// Gas limit of a transfer = `eth_estimateGas` plus this many percent.
	#[arg(long, default_value_t = 10)]
	gas_margin_pct: u64,
	/// The serving processes (node and eth-rpc, or anvil), for their CPU time.
	#[arg(long)]
	pid: Vec<u32>,
	/// Mooring only: the node's RPC (WebSocket), to read the weight the runtime charged each
	/// block of the window.
	#[arg(long)]
	node_rpc: Option<String>,
	/// Mooring only: the node's log, for block-building times ("Prepared block for proposing").
	#[arg(long)]
	node_log: Option<PathBuf>,
	/// Where the figures go (JSON).
	#[arg(long)]
	out: PathBuf,
}

/// The figures of one run on one chain.
#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct EvmResult {
	pub label: String,
	pub chain_id: u64,
	pub keys: u32,
	pub per_key: u32,
	pub in_flight: usize,
	/// Gas price and limit of every benchmark transfer, and what one used (its receipt).
	pub gas_price: u128,
	pub gas_estimate: u64,
	pub gas_limit: u64,
	pub gas_used: u64,
	/// Submissions accepted and refused (by reason), and how fast they were accepted.
	pub accepted: usize,
	pub rejected: usize,
	pub rejections: BTreeMap<String, usize>,
	pub submit_seconds: f64,
	pub accepted_per_second: f64,
	/// Transfers included in all, and the steady window (timed by when blocks were seen).
	pub included: usize,
	pub window: Window,
	/// Share of the block gas limit used over the window (median, %), and the limit.
	pub block_gas_limit: u64,
	pub gas_used_pct: f64,
	/// Receipts checked (each key's last transfer) and how many failed or are missing.
	pub receipts_checked: usize,
	pub receipts_failed: usize,
	/// CPU of the serving processes from the first submission to the end, % of one core.
	pub server_cpu_pct: f64,
	pub generator_cpu_pct: f64,
	/// Mooring only (`--node-rpc`): what the runtime charged the window's blocks.
	#[serde(default)]
	pub runtime: Option<RuntimeCharge>,
	pub blocks: Vec<EvmBlock>,
}

/// The weight Mooring's runtime charged the steady window's blocks, and how long the sequencer
/// took to build them: what bounds ERC-20 transfers per block.
#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct RuntimeCharge {
	/// Medians over the window of each block's share of the normal-class limits (%).
	pub normal_ref_time_pct: f64,
	pub normal_proof_size_pct: f64,
	/// Median over the window of a block's normal-class weight divided by its transfers.
	pub ref_time_per_transfer: u64,
	pub proof_size_per_transfer: u64,
	/// The normal-class limits, and the transfers a block holds at that charge per limit.
	pub normal_max_ref_time: u64,
	pub normal_max_proof_size: u64,
	pub cap_by_ref_time: u64,
	pub cap_by_proof_size: u64,
	/// Block building on the sequencer over the window (its log): median milliseconds, and
	/// why it stopped adding transactions.
	pub build_ms_median: f64,
	pub end_reasons: BTreeMap<String, usize>,
}

/// One block of the run.
#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct EvmBlock {
	pub number: u64,
	pub timestamp: u64,
	/// Milliseconds after the first submission when the generator saw it.
	pub seen_ms: f64,
	pub transactions: usize,
	pub transfers: usize,
	pub gas_used: u64,
	pub gas_limit: u64,
}

/// An Ethereum JSON-RPC endpoint.
struct Eth {
	client: HttpClient,
	chain_id: u64,
}

impl Eth {
	async fn call<T: serde::de::DeserializeOwned>(
		&self,
		method: &str,
		params: jsonrpsee::core::params::ArrayParams,
	) -> anyhow::Result<T> {
		self.client.request(method, params).await.with_context(|| format!("{method} failed"))
	}

	async fn nonce(&self, address: Address, tag: &str) -> anyhow::Result<u64> {
		rpc::hex_u64(
			&self.call::<Value>("eth_getTransactionCount", rpc_params![address, tag]).await?,
		)
	}

	async fn estimate(&self, request: Value) -> anyhow::Result<u64> {
		rpc::hex_u64(&self.call::<Value>("eth_estimateGas", rpc_params![request]).await?)
	}

	/// Submits `raw` (0x-hex); a transaction the pool already holds (error 1013, e.g. when a
	/// set-up step resends after a slow answer) counts as submitted, under its own hash.
	async fn send(&self, raw: &str) -> anyhow::Result<B256> {
		match self.client.request("eth_sendRawTransaction", rpc_params![raw]).await {
			Ok(hash) => Ok(hash),
			Err(jsonrpsee::core::client::Error::Call(e)) if e.code() == 1013 => {
				let bytes = alloy::hex::decode(raw).context("raw transaction is hex")?;
				Ok(keccak256(bytes))
			},
			Err(e) => Err(e).context("eth_sendRawTransaction failed"),
		}
	}

	/// Waits for the receipt of `hash` and fails if the transaction reverted.
	async fn receipt(&self, hash: B256) -> anyhow::Result<Value> {
		let deadline = Instant::now() + Duration::from_secs(120);
		loop {
			let receipt: Value = self.call("eth_getTransactionReceipt", rpc_params![hash]).await?;
			if !receipt.is_null() {
				if rpc::hex_u64(&receipt["status"])? != 1 {
					bail!("transaction {hash} reverted: {receipt}");
				}
				return Ok(receipt);
			}
			if Instant::now() > deadline {
				bail!("no receipt for {hash} within 120 s");
			}
			tokio::time::sleep(Duration::from_millis(100)).await;
		}
	}

	/// Waits until `address` has sent `nonce` transactions.
	async fn wait_nonce(&self, address: Address, nonce: u64) -> anyhow::Result<()> {
		let deadline = Instant::now() + Duration::from_secs(180);
		while self.nonce(address, "latest").await? < nonce {
			if Instant::now() > deadline {
				bail!("{address} did not reach nonce {nonce} within 180 s");
			}
			tokio::time::sleep(Duration::from_millis(100)).await;
		}
		Ok(())
	}
}

/// A signed transaction: its hash and its raw `0x` hex.
struct Signed {
	hash: B256,
	raw: String,
}

/// A legacy (EIP-155) transaction signed by `signer`.
fn sign(
	signer: &PrivateKeySigner,
	chain_id: u64,
	nonce: u64,
	gas_price: u128,
	gas_limit: u64,
	to: TxKind,
	value: U256,
	input: Bytes,
) -> anyhow::Result<Signed> {
	let mut tx =
		TxLegacy { chain_id: Some(chain_id), nonce, gas_price, gas_limit, to, value, input };
	let signature = signer.sign_transaction_sync(&mut tx)?;
	let signed = tx.into_signed(signature);
	Ok(Signed { hash: *signed.hash(), raw: rpc::to_hex(&signed.encoded_2718()) })
}

/// The `index`-th benchmark key: deterministic, so reruns use the same keys.
fn bench_key(index: u32) -> PrivateKeySigner {
	let secret = keccak256([&b"mooring-bench/evm"[..], &index.to_be_bytes()].concat());
	PrivateKeySigner::from_bytes(&secret).expect("a keccak hash is a valid key")
}

fn transfer_input(to: Address, value: u64) -> Bytes {
	transferCall { to, value: U256::from(value) }.abi_encode().into()
}

fn log(label: &str, message: String) {
	eprintln!("[mooring-bench] {label}: {message}");
}

/// Runs the ERC-20 benchmark against one chain.
pub async fn run(args: Args) -> anyhow::Result<()> {
	let client = rpc::http(&args.rpc, args.in_flight.max(16))?;
	let chain_id = rpc::hex_u64(&client.request::<Value, _>("eth_chainId", rpc_params![]).await?)?;
	let eth = Eth { client, chain_id };
	let base_price = rpc::hex_u128(&eth.call::<Value>("eth_gasPrice", rpc_params![]).await?)?;
	let gas_price = base_price * args.gas_price_multiplier.max(1);
	let funder: PrivateKeySigner = args.funder_key.parse().context("--funder-key")?;
	let label = args.label.as_str();

	let token = deploy(&eth, &funder, gas_price, &args.artifact).await?;
	log(label, format!("DevToken at {token}"));
	let keys: Vec<PrivateKeySigner> = (0..args.keys).map(bench_key).collect();
	let addresses: Vec<Address> = keys.iter().map(|key| key.address()).collect();
	fund(&eth, &funder, gas_price, token, &addresses).await?;
	log(label, format!("funded {} keys", keys.len()));

	let probe = json!({
		"from": addresses[0],
		"to": token,
		"data": transfer_input(addresses[1 % addresses.len()], 1),
		"gasPrice": format!("{gas_price:#x}"),
	});
	let gas_estimate = eth.estimate(probe).await?;
	let gas_limit = gas_estimate + gas_estimate * args.gas_margin_pct / 100;
	let txs = sign_transfers(&eth, &keys, &addresses, args.per_key, gas_price, gas_limit, token)?;
	log(
		label,
		format!("signed {} transfers, gas limit {gas_limit} (estimate {gas_estimate})", txs.len()),
	);

	let ours: Arc<HashSet<B256>> = Arc::new(txs.iter().map(|tx| tx.hash).collect());
	let started = Instant::now();
	let cpu_before = (servers_cpu(&args.pid), rpc::own_cpu_seconds());
	let watcher = Watcher::start(&args.rpc, started, ours.clone()).await?;
	let submission = submit_all(&args, &txs).await?;
	log(
		label,
		format!(
			"submitted: {} accepted, {} rejected in {:.1} s",
			submission.accepted, submission.rejected, submission.seconds
		),
	);
	let blocks = watcher.finish(submission.accepted).await?;
	let wall = started.elapsed().as_secs_f64();
	let server_cpu = (servers_cpu(&args.pid) - cpu_before.0) / wall * 100.0;
	let generator_cpu = (rpc::own_cpu_seconds() - cpu_before.1) / wall * 100.0;

	// Each key's last transfer: it succeeded only if all before it did (same nonce sequence).
	let (mut checked, mut failed, mut gas_used) = (0, 0, 0);
	for chunk in txs.chunks(txs.len() / args.per_key.max(1) as usize).last().into_iter() {
		for tx in chunk {
			checked += 1;
			match eth.call::<Value>("eth_getTransactionReceipt", rpc_params![tx.hash]).await? {
				receipt if receipt.is_null() => failed += 1,
				receipt => {
					gas_used = rpc::hex_u64(&receipt["gasUsed"]).unwrap_or(0);
					if rpc::hex_u64(&receipt["status"]).unwrap_or(0) != 1 {
						failed += 1;
					}
				},
			}
		}
	}

	let observed: Vec<BlockObs> = blocks
		.iter()
		.map(|b| BlockObs { number: b.number, at_ms: b.seen_ms, ours: b.transfers })
		.collect();
	let window = Window::of(&observed).ok_or_else(|| anyhow!("no block included a transfer"))?;
	let in_window: Vec<&EvmBlock> = blocks
		.iter()
		.filter(|b| (window.first_block..=window.last_block).contains(&b.number))
		.collect();
	let result = EvmResult {
		label: args.label.clone(),
		chain_id,
		keys: args.keys,
		per_key: args.per_key,
		in_flight: args.in_flight,
		gas_price,
		gas_estimate,
		gas_limit,
		gas_used,
		accepted: submission.accepted,
		rejected: submission.rejected,
		rejections: submission.rejections,
		submit_seconds: submission.seconds,
		accepted_per_second: submission.accepted as f64 / submission.seconds,
		included: blocks.iter().map(|b| b.transfers).sum(),
		block_gas_limit: in_window.first().map(|b| b.gas_limit).unwrap_or_default(),
		gas_used_pct: median(
			&in_window
				.iter()
				.map(|b| b.gas_used as f64 * 100.0 / b.gas_limit.max(1) as f64)
				.collect::<Vec<_>>(),
		),
		receipts_checked: checked,
		receipts_failed: failed,
		server_cpu_pct: server_cpu,
		generator_cpu_pct: generator_cpu,
		runtime: runtime_charge(&args, &in_window).await?,
		window,
		blocks,
	};
	log(
		label,
		format!(
			"included {} of {}; steady window #{}..#{}: {:.0} transfers/s, {:.0} per block; {} of {} receipts failed",
			result.included,
			result.accepted,
			result.window.first_block,
			result.window.last_block,
			result.window.per_second,
			result.window.per_block_median,
			failed,
			checked
		),
	);
	write_json(&args.out, &result)
}

/// Reads what the runtime charged each window block (with `--node-rpc`); Ethereum block
/// numbers are the node's block numbers.
async fn runtime_charge(
	args: &Args,
	window: &[&EvmBlock],
) -> anyhow::Result<Option<RuntimeCharge>> {
	let Some(url) = &args.node_rpc else { return Ok(None) };
	let client = rpc::ws(url, 16).await?;
	let limits = BlockLimits::compute();
	let builds = args.node_log.as_ref().map(prepared_blocks).unwrap_or_default();
	let (mut ref_pct, mut proof_pct, mut ref_per, mut proof_per, mut build_ms) =
		(vec![], vec![], vec![], vec![], vec![]);
	let mut end_reasons = BTreeMap::new();
	for block in window.iter().filter(|b| b.transfers > 0) {
		let hash: String = client.request("chain_getBlockHash", rpc_params![block.number]).await?;
		let weight = normal_weight(&client, &hash).await?;
		ref_pct.push(weight.ref_time() as f64 * 100.0 / limits.normal_max_ref_time as f64);
		proof_pct.push(weight.proof_size() as f64 * 100.0 / limits.normal_max_proof_size as f64);
		ref_per.push(weight.ref_time() as f64 / block.transfers as f64);
		proof_per.push(weight.proof_size() as f64 / block.transfers as f64);
		if let Some(build) = builds.get(&block.number) {
			build_ms.push(build.millis);
			*end_reasons.entry(build.end.clone()).or_default() += 1;
		}
	}
	let (ref_time_per_transfer, proof_size_per_transfer) =
		(median(&ref_per) as u64, median(&proof_per) as u64);
	Ok(Some(RuntimeCharge {
		normal_ref_time_pct: median(&ref_pct),
		normal_proof_size_pct: median(&proof_pct),
		ref_time_per_transfer,
		proof_size_per_transfer,
		normal_max_ref_time: limits.normal_max_ref_time,
		normal_max_proof_size: limits.normal_max_proof_size,
		cap_by_ref_time: limits.normal_max_ref_time / ref_time_per_transfer.max(1),
		cap_by_proof_size: limits.normal_max_proof_size / proof_size_per_transfer.max(1),
		build_ms_median: median(&build_ms),
		end_reasons,
	}))
}

fn servers_cpu(pids: &[u32]) -> f64 {
	pids.iter().filter_map(|pid| rpc::process_cpu_seconds(*pid)).sum()
}

/// Deploys DevToken from the artifact and returns its address.
async fn deploy(
	eth: &Eth,
	funder: &PrivateKeySigner,
	gas_price: u128,
	artifact: &PathBuf,
) -> anyhow::Result<Address> {
	let artifact: Value = serde_json::from_slice(
		&std::fs::read(artifact).with_context(|| format!("reading {}", artifact.display()))?,
	)?;
	let mut code = rpc::hex_bytes(&artifact["bytecode"])?;
	let supply = U256::from(TOKENS) * U256::from(1_000_000u64);
	code.extend(
		// A `uint8` constructor argument is ABI-encoded as one 32-byte word, like a `uint256`.
		("Bench Token".to_string(), "BENCH".to_string(), U256::from(18u8), supply)
			.abi_encode_params(),
	);
	let code = Bytes::from(code);
	let estimate = eth
		.estimate(
			json!({ "from": funder.address(), "data": code, "gasPrice": format!("{gas_price:#x}") }),
		)
		.await?;
	let nonce = eth.nonce(funder.address(), "pending").await?;
	let tx = sign(
		funder,
		eth.chain_id,
		nonce,
		gas_price,
		estimate * 3 / 2,
		TxKind::Create,
		U256::ZERO,
		code,
	)?;
	eth.send(&tx.raw).await?;
	let receipt = eth.receipt(tx.hash).await?;
	receipt["contractAddress"]
		.as_str()
		.ok_or_else(|| anyhow!("no contract address in {receipt}"))?
		.parse()
		.context("contract address")
}

/// Sends every key [`GAS_MONEY`] and [`TOKENS`] from the funder, and checks the last key got both.
async fn fund(
	eth: &Eth,
	funder: &PrivateKeySigner,
	gas_price: u128,
	token: Address,
	keys: &[Address],
) -> anyhow::Result<()> {
	let from = funder.address();
	let price = format!("{gas_price:#x}");
	let value_gas = eth
		.estimate(
			json!({ "from": from, "to": keys[0], "value": format!("{GAS_MONEY:#x}"), "gasPrice": price }),
		)
		.await?;
	let token_gas = eth
		.estimate(
			json!({ "from": from, "to": token, "data": transfer_input(keys[0], TOKENS), "gasPrice": price }),
		)
		.await?;
	let mut nonce = eth.nonce(from, "pending").await?;
	let mut txs = vec![];
	for key in keys {
		let value = U256::from(GAS_MONEY);
		let call = TxKind::Call(*key);
		txs.push(sign(
			funder,
			eth.chain_id,
			nonce,
			gas_price,
			value_gas * 3 / 2,
			call,
			value,
			Bytes::new(),
		)?);
		let input = transfer_input(*key, TOKENS);
		let call = TxKind::Call(token);
		txs.push(sign(
			funder,
			eth.chain_id,
			nonce + 1,
			gas_price,
			token_gas * 3 / 2,
			call,
			U256::ZERO,
			input,
		)?);
		nonce += 2;
	}
	let mut sent = eth.nonce(from, "latest").await?;
	for chunk in txs.chunks(FUND_CHUNK) {
		for tx in chunk {
			eth.send(&tx.raw).await?;
		}
		sent += chunk.len() as u64;
		eth.wait_nonce(from, sent).await?;
	}
	// All funding came from one sender in nonce order: the last two succeeded only if the chain
	// executed them, so check their receipts and the resulting balances.
	for tx in txs.iter().rev().take(2) {
		eth.receipt(tx.hash).await?;
	}
	let last = *keys.last().expect("at least one key");
	let input: Bytes = balanceOfCall { owner: last }.abi_encode().into();
	let balance: Value =
		eth.call("eth_call", rpc_params![json!({ "to": token, "data": input }), "latest"]).await?;
	let balance =
		U256::from_str_radix(balance.as_str().unwrap_or("0x0").trim_start_matches("0x"), 16)?;
	if balance != U256::from(TOKENS) {
		bail!("the last key holds {balance} tokens, expected {TOKENS}");
	}
	Ok(())
}

/// Signs `per_key` transfers of 1 token from every key to the next, nonce by nonce (every key's
/// first transfer, then every key's second, ...).
fn sign_transfers(
	eth: &Eth,
	keys: &[PrivateKeySigner],
	addresses: &[Address],
	per_key: u32,
	gas_price: u128,
	gas_limit: u64,
	token: Address,
) -> anyhow::Result<Vec<Signed>> {
	let mut txs = Vec::with_capacity(keys.len() * per_key as usize);
	for nonce in 0..u64::from(per_key) {
		for (i, key) in keys.iter().enumerate() {
			let input = transfer_input(addresses[(i + 1) % addresses.len()], 1);
			let call = TxKind::Call(token);
			txs.push(sign(
				key,
				eth.chain_id,
				nonce,
				gas_price,
				gas_limit,
				call,
				U256::ZERO,
				input,
			)?);
		}
	}
	Ok(txs)
}

/// What submitting gave.
struct Submission {
	accepted: usize,
	rejected: usize,
	rejections: BTreeMap<String, usize>,
	seconds: f64,
}

/// Submits every transaction, `in_flight` at a time over `connections` HTTP clients. A
/// transaction refused because the pool is full is retried after a pause.
async fn submit_all(args: &Args, txs: &[Signed]) -> anyhow::Result<Submission> {
	let per_client = args.in_flight.div_ceil(args.connections.max(1));
	let clients: Vec<HttpClient> = (0..args.connections.max(1))
		.map(|_| rpc::http(&args.rpc, per_client))
		.collect::<anyhow::Result<_>>()?;
	let started = Instant::now();
	let outcomes: Vec<Result<(), String>> = stream::iter(txs.iter().enumerate())
		.map(|(i, tx)| submit_one(&clients[i % clients.len()], &tx.raw))
		.buffer_unordered(args.in_flight.max(1))
		.collect()
		.await;
	let mut submission = Submission {
		accepted: 0,
		rejected: 0,
		rejections: BTreeMap::new(),
		seconds: started.elapsed().as_secs_f64(),
	};
	for outcome in outcomes {
		match outcome {
			Ok(()) => submission.accepted += 1,
			Err(reason) => {
				submission.rejected += 1;
				*submission.rejections.entry(reason).or_default() += 1;
			},
		}
	}
	Ok(submission)
}

async fn submit_one(client: &HttpClient, raw: &str) -> Result<(), String> {
	let mut retries = 0;
	loop {
		match client.request::<B256, _>("eth_sendRawTransaction", rpc_params![raw]).await {
			Ok(_) => return Ok(()),
			Err(ClientError::Call(error))
				if (error.code() == 1016 || error.message().contains("Immediately Dropped"))
					&& retries < 600 =>
			{
				retries += 1;
				tokio::time::sleep(Duration::from_millis(100)).await;
			},
			Err(ClientError::Call(error)) => {
				return Err(format!("{} {}", error.code(), error.message()));
			},
			Err(error) => return Err(error.to_string()),
		}
	}
}

/// Polls for new blocks and counts the benchmark's transfers in each.
struct Watcher {
	stop: Arc<AtomicBool>,
	included: Arc<AtomicUsize>,
	task: tokio::task::JoinHandle<anyhow::Result<Vec<EvmBlock>>>,
}

impl Watcher {
	async fn start(url: &str, started: Instant, ours: Arc<HashSet<B256>>) -> anyhow::Result<Self> {
		let client = rpc::http(url, 4)?;
		let best =
			rpc::hex_u64(&client.request::<Value, _>("eth_blockNumber", rpc_params![]).await?)?;
		let stop = Arc::new(AtomicBool::new(false));
		let included = Arc::new(AtomicUsize::new(0));
		let task = tokio::spawn(watch(client, best, started, ours, stop.clone(), included.clone()));
		Ok(Self { stop, included, task })
	}

	/// Waits until `expected` transfers are included or inclusion stalls, then stops.
	async fn finish(self, expected: usize) -> anyhow::Result<Vec<EvmBlock>> {
		let (mut last, mut last_change) = (usize::MAX, Instant::now());
		loop {
			let included = self.included.load(Ordering::Relaxed);
			if included >= expected || self.task.is_finished() {
				break;
			}
			if included != last {
				(last, last_change) = (included, Instant::now());
			} else if last_change.elapsed() > STALL {
				eprintln!("[mooring-bench] inclusion stalled at {included} of {expected}");
				break;
			}
			tokio::time::sleep(Duration::from_millis(200)).await;
		}
		tokio::time::sleep(Duration::from_millis(2_500)).await;
		self.stop.store(true, Ordering::Relaxed);
		self.task.await?
	}
}

async fn watch(
	client: HttpClient,
	from: u64,
	started: Instant,
	ours: Arc<HashSet<B256>>,
	stop: Arc<AtomicBool>,
	included: Arc<AtomicUsize>,
) -> anyhow::Result<Vec<EvmBlock>> {
	let mut blocks = vec![];
	let mut next = from + 1;
	while !stop.load(Ordering::Relaxed) {
		let best =
			rpc::hex_u64(&client.request::<Value, _>("eth_blockNumber", rpc_params![]).await?)?;
		let seen_ms = started.elapsed().as_secs_f64() * 1000.0;
		while next <= best {
			let block: Value = client
				.request("eth_getBlockByNumber", rpc_params![format!("{next:#x}"), false])
				.await?;
			if block.is_null() {
				break; // Announced but not served yet: try again on the next poll.
			}
			let hashes = block["transactions"].as_array().cloned().unwrap_or_default();
			let transfers = hashes
				.iter()
				.filter_map(|hash| hash.as_str()?.parse::<B256>().ok())
				.filter(|hash| ours.contains(hash))
				.count();
			included.fetch_add(transfers, Ordering::Relaxed);
			blocks.push(EvmBlock {
				number: next,
				timestamp: rpc::hex_u64(&block["timestamp"]).unwrap_or(0),
				seen_ms,
				transactions: hashes.len(),
				transfers,
				gas_used: rpc::hex_u64(&block["gasUsed"]).unwrap_or(0),
				gas_limit: rpc::hex_u64(&block["gasLimit"]).unwrap_or(0),
			});
			next += 1;
		}
		tokio::time::sleep(Duration::from_millis(20)).await;
	}
	Ok(blocks)
}
