//! Native transfer throughput: `Balances::transfer_keep_alive` signed with the runtime's own
//! types, submitted over `author_submitExtrinsic`, counted in the blocks that include them.

use crate::{
	rpc,
	stats::{median, percentile, BlockObs, Window},
	write_json,
};
use anyhow::{anyhow, bail, Context};
use codec::{Decode, Encode};
use futures::{stream, StreamExt};
use jsonrpsee::{
	core::{
		client::{ClientT, Error as ClientError, SubscriptionClientT},
		params::ArrayParams,
	},
	rpc_params,
	ws_client::WsClient,
};
use mooring_runtime::{
	configs::RuntimeBlockWeights, AccountId, Address, Balance, Runtime, RuntimeCall, Signature,
	SignedPayload, TxExtension, UncheckedExtrinsic, MILLISECS_PER_BLOCK, UNIT, VERSION,
};
use polkadot_sdk::{
	frame_support::dispatch::{DispatchClass, GetDispatchInfo, PerDispatchClass},
	frame_system, pallet_balances, pallet_timestamp, pallet_utility,
	sp_core::{crypto::Ss58Codec, sr25519, Pair as _, H256},
	sp_io::{self, hashing::blake2_256},
	sp_keyring::Sr25519Keyring,
	sp_runtime::generic::{self, Era},
	sp_weights::Weight,
	*,
};
use serde::{Deserialize, Serialize};
use std::{
	collections::{BTreeMap, HashMap},
	path::PathBuf,
	sync::{
		atomic::{AtomicBool, AtomicUsize, Ordering},
		Arc,
	},
	time::{Duration, Instant, SystemTime, UNIX_EPOCH},
};

/// What each benchmark account starts with: far more than the fees of its transfers.
const ENDOWMENT: Balance = 10 * UNIT;
/// What each transfer moves (1 µBNB, the existential deposit).
const AMOUNT: Balance = mooring_primitives::EXISTENTIAL_DEPOSIT;
/// Accounts endowed per batch (well inside a block's weight and length).
const ENDOW_CHUNK: usize = 200;
/// The run ends when nothing new was included for this long after the last submission.
const STALL: Duration = Duration::from_secs(20);

/// Options of `mooring-bench transfers`.
#[derive(clap::Args)]
pub struct Args {
	/// The sequencer's WebSocket RPC.
	#[arg(long)]
	rpc: String,
	/// Sending accounts (each sends to the next one, the last to the first).
	#[arg(long, default_value_t = 4_000)]
	accounts: u32,
	/// Transfers per account (nonces 0..N).
	#[arg(long, default_value_t = 10)]
	per_account: u32,
	/// WebSocket connections that submit.
	#[arg(long, default_value_t = 8)]
	connections: usize,
	/// Submissions in flight at once, over all connections.
	#[arg(long, default_value_t = 512)]
	in_flight: usize,
	/// The node's process id, for its CPU time.
	#[arg(long)]
	node_pid: Option<u32>,
	/// The node's log, for block-building times ("Prepared block for proposing").
	#[arg(long)]
	node_log: Option<PathBuf>,
	/// Where the figures go (JSON).
	#[arg(long)]
	out: PathBuf,
}

/// The chain facts a signature commits to.
#[derive(Clone, Copy)]
struct ChainContext {
	genesis: H256,
	spec_version: u32,
	transaction_version: u32,
}

/// The figures of one run.
#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct NativeResult {
	pub accounts: u32,
	pub per_account: u32,
	pub connections: usize,
	pub in_flight: usize,
	/// Transactions signed and how fast (all threads).
	pub signed: usize,
	pub signing_per_second: f64,
	/// Submissions the pool accepted, refused, and retried because it was full.
	pub accepted: usize,
	pub rejected: usize,
	pub pool_full_retries: usize,
	pub rejections: BTreeMap<String, usize>,
	/// From the first submission to the last answer.
	pub submit_seconds: f64,
	pub accepted_per_second: f64,
	/// Transfers included in blocks, in all.
	pub included: usize,
	/// The steady window, timed by the blocks' timestamps.
	pub window: Window,
	/// Block fullness over the window (medians of per-block shares, in %).
	pub normal_ref_time_pct: f64,
	pub normal_proof_size_pct: f64,
	pub length_pct: f64,
	pub count_pct_of_cap: f64,
	/// Block building on the sequencer over the window (its log): milliseconds, and why it
	/// stopped adding transactions.
	pub build_ms_median: f64,
	pub build_ms_max: f64,
	pub end_reasons: BTreeMap<String, usize>,
	/// CPU used from the first submission to the end of the window, as % of one core.
	pub node_cpu_pct: f64,
	pub generator_cpu_pct: f64,
	pub limits: BlockLimits,
	pub blocks: Vec<BlockSample>,
}

/// One block of the run.
#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct BlockSample {
	pub number: u64,
	/// The block's timestamp (ms since the epoch).
	pub timestamp_ms: u64,
	/// Milliseconds after the first submission when the generator saw it.
	pub seen_ms: f64,
	pub extrinsics: usize,
	pub transfers: usize,
	pub length: usize,
	pub normal_ref_time: u64,
	pub normal_proof_size: u64,
}

/// The normal-class limits of a block and what one benchmark transfer takes of them.
#[derive(Serialize, Deserialize, Debug, Clone, Default)]
pub struct BlockLimits {
	pub normal_max_ref_time: u64,
	pub normal_max_proof_size: u64,
	pub normal_max_length: u64,
	/// `ExtrinsicBaseWeight`, the call's weight and the transaction extensions' weight.
	pub base_extrinsic_ref_time: u64,
	pub call_ref_time: u64,
	pub call_proof_size: u64,
	pub extensions_ref_time: u64,
	pub extensions_proof_size: u64,
	/// What one transfer consumes (base + call + extensions) and its encoded length.
	pub transfer_ref_time: u64,
	pub transfer_proof_size: u64,
	pub transfer_length: u64,
	/// Transfers a block can hold by each limit, and the binding one.
	pub cap_by_ref_time: u64,
	pub cap_by_proof_size: u64,
	pub cap_by_length: u64,
	pub cap: u64,
	pub binding_limit: String,
}

impl BlockLimits {
	/// Computes the limits from the runtime's configuration and a real signed transfer.
	pub fn compute() -> Self {
		let weights = RuntimeBlockWeights::get();
		let normal = weights.get(DispatchClass::Normal);
		let max = normal.max_total.unwrap_or(weights.max_block);
		let length = <Runtime as frame_system::Config>::BlockLength::get();
		let normal_max_length = u64::from(*length.max.get(DispatchClass::Normal));
		let context =
			ChainContext { genesis: H256::zero(), spec_version: 1, transaction_version: 1 };
		let (alice, bob) = (Sr25519Keyring::Alice.pair(), Sr25519Keyring::Bob.to_account_id());
		let xt = sign(&alice, transfer(bob, AMOUNT), 0, &context);
		let info = sp_io::TestExternalities::default().execute_with(|| xt.get_dispatch_info());
		let base = normal.base_extrinsic;
		let per_tx: Weight = base + info.call_weight + info.extension_weight;
		let transfer_length = xt.encoded_size() as u64;
		let cap_by_ref_time = max.ref_time() / per_tx.ref_time().max(1);
		let cap_by_proof_size = if per_tx.proof_size() == 0 {
			u64::MAX
		} else {
			max.proof_size() / per_tx.proof_size()
		};
		let cap_by_length = normal_max_length / transfer_length;
		let caps = [
			(cap_by_ref_time, "ref_time"),
			(cap_by_proof_size, "proof_size"),
			(cap_by_length, "length"),
		];
		let (cap, binding) = caps.into_iter().min_by_key(|(cap, _)| *cap).expect("three caps");
		Self {
			normal_max_ref_time: max.ref_time(),
			normal_max_proof_size: max.proof_size(),
			normal_max_length,
			base_extrinsic_ref_time: base.ref_time(),
			call_ref_time: info.call_weight.ref_time(),
			call_proof_size: info.call_weight.proof_size(),
			extensions_ref_time: info.extension_weight.ref_time(),
			extensions_proof_size: info.extension_weight.proof_size(),
			transfer_ref_time: per_tx.ref_time(),
			transfer_proof_size: per_tx.proof_size(),
			transfer_length,
			cap_by_ref_time,
			cap_by_proof_size,
			cap_by_length,
			cap,
			binding_limit: binding.into(),
		}
	}
}

/// `Balances::transfer_keep_alive` of `value` to `dest`.
fn transfer(dest: AccountId, value: Balance) -> RuntimeCall {
	RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
		dest: Address::Id(dest),
		value,
	})
}

/// The transaction extensions of an immortal transaction with `nonce` and no tip.
fn extension(nonce: u32) -> TxExtension {
	(
		frame_system::CheckNonZeroSender::new(),
		frame_system::CheckSpecVersion::new(),
		frame_system::CheckTxVersion::new(),
		frame_system::CheckGenesis::new(),
		frame_system::CheckEra::from(Era::Immortal),
		frame_system::CheckNonce::from(nonce),
		frame_system::CheckWeight::new(),
		pallet_skip_feeless_payment::SkipCheckIfFeeless::from(
			pallet_transaction_payment::ChargeTransactionPayment::from(0),
		),
		pallet_revive::evm::tx_extension::SetOrigin::default(),
		frame_system::WeightReclaim::new(),
	)
}

/// `call` signed by `pair` with `nonce`, exactly as a wallet builds it.
fn sign(
	pair: &sr25519::Pair,
	call: RuntimeCall,
	nonce: u32,
	chain: &ChainContext,
) -> UncheckedExtrinsic {
	let extension = extension(nonce);
	// What the extensions add to the signed payload without sending it: spec and transaction
	// versions, the genesis hash (CheckGenesis) and, immortal, the genesis hash again (CheckEra).
	let implicit = (
		(),
		chain.spec_version,
		chain.transaction_version,
		chain.genesis,
		chain.genesis,
		(),
		(),
		(),
		(),
		(),
	);
	let payload = SignedPayload::from_raw(call.clone(), extension.clone(), implicit);
	let signature = payload.using_encoded(|bytes| pair.sign(bytes));
	generic::UncheckedExtrinsic::new_signed(
		call,
		Address::Id(AccountId::from(pair.public())),
		Signature::Sr25519(signature),
		extension,
	)
	.into()
}

/// The `index`-th benchmark key: deterministic, so reruns use the same accounts.
fn bench_key(index: u32) -> sr25519::Pair {
	sr25519::Pair::from_seed(&blake2_256(&(b"mooring-bench/native", index).encode()))
}

/// Runs the native transfer benchmark.
pub async fn run(args: Args) -> anyhow::Result<()> {
	let control = rpc::ws(&args.rpc, 64).await?;
	let chain = chain_context(&control).await?;
	let limits = BlockLimits::compute();
	log(format!(
		"one transfer: {} ps ref_time, {} B proof_size, {} B; a block holds {} ({}-bound)",
		limits.transfer_ref_time,
		limits.transfer_proof_size,
		limits.transfer_length,
		limits.cap,
		limits.binding_limit
	));

	let keys: Vec<sr25519::Pair> = (0..args.accounts).map(bench_key).collect();
	let accounts: Vec<AccountId> = keys.iter().map(|key| AccountId::from(key.public())).collect();
	endow(&control, &chain, &accounts).await?;

	let (txs, signing_per_second) = sign_transfers(&keys, &accounts, args.per_account, &chain);
	log(format!("signed {} transfers ({signing_per_second:.0}/s)", txs.len()));

	let started = Instant::now();
	let watcher = Watcher::start(&args.rpc, started).await?;
	let cpu_before = (args.node_pid.and_then(rpc::process_cpu_seconds), rpc::own_cpu_seconds());
	let submission = submit_all(&args, &txs).await?;
	log(format!(
		"submitted: {} accepted, {} rejected in {:.1} s ({:.0}/s accepted), {} retries on a full pool",
		submission.accepted,
		submission.rejected,
		submission.seconds,
		submission.accepted as f64 / submission.seconds,
		submission.pool_full_retries
	));
	let blocks = watcher.finish(submission.accepted).await?;
	let wall = started.elapsed().as_secs_f64();
	let node_cpu = match (cpu_before.0, args.node_pid.and_then(rpc::process_cpu_seconds)) {
		(Some(before), Some(after)) => (after - before) / wall * 100.0,
		_ => f64::NAN,
	};
	let generator_cpu = (rpc::own_cpu_seconds() - cpu_before.1) / wall * 100.0;

	let result = summarize(&args, &limits, blocks, submission, signing_per_second, txs.len()).map(
		|mut result| {
			result.node_cpu_pct = node_cpu;
			result.generator_cpu_pct = generator_cpu;
			result
		},
	)?;
	log(format!(
		"included {} of {}; steady window #{}..#{}: {:.0} tx/s, {:.0} per block, block interval {:.0} ms (max {:.0})",
		result.included,
		result.accepted,
		result.window.first_block,
		result.window.last_block,
		result.window.per_second,
		result.window.per_block_median,
		result.window.interval_mean_ms,
		result.window.interval_max_ms
	));
	write_json(&args.out, &result)
}

fn log(message: String) {
	eprintln!("[mooring-bench] {message}");
}

/// Genesis hash and runtime versions, checked against the native runtime.
async fn chain_context(client: &WsClient) -> anyhow::Result<ChainContext> {
	let genesis: String = client.request("chain_getBlockHash", rpc_params![0]).await?;
	let version: serde_json::Value =
		client.request("state_getRuntimeVersion", rpc_params![]).await?;
	let spec_version = version["specVersion"].as_u64().context("specVersion")? as u32;
	let transaction_version =
		version["transactionVersion"].as_u64().context("transactionVersion")? as u32;
	if (spec_version, transaction_version) != (VERSION.spec_version, VERSION.transaction_version) {
		bail!(
			"the node runs spec {spec_version} / tx {transaction_version}, this tool was built \
			 for {} / {}: rebuild it",
			VERSION.spec_version,
			VERSION.transaction_version
		);
	}
	let genesis = H256::from_slice(&rpc::hex_bytes(&genesis.into())?);
	Ok(ChainContext { genesis, spec_version, transaction_version })
}

/// Gives every account [`ENDOWMENT`] with Alice's batches of `Balances::transfer_allow_death`
/// (the dev chain endows her; no key can mint), and waits until all of them hold it.
async fn endow(
	client: &WsClient,
	chain: &ChainContext,
	accounts: &[AccountId],
) -> anyhow::Result<()> {
	let alice = Sr25519Keyring::Alice;
	let mut nonce: u32 = client
		.request("system_accountNextIndex", rpc_params![alice.to_account_id().to_ss58check()])
		.await?;
	for chunk in accounts.chunks(ENDOW_CHUNK) {
		let calls = chunk
			.iter()
			.map(|who| {
				RuntimeCall::Balances(pallet_balances::Call::transfer_allow_death {
					dest: Address::Id(who.clone()),
					value: ENDOWMENT,
				})
			})
			.collect();
		let batch = RuntimeCall::Utility(pallet_utility::Call::batch_all { calls });
		let xt = sign(&alice.pair(), batch, nonce, chain);
		let _: H256 = client
			.request("author_submitExtrinsic", rpc_params![rpc::to_hex(&xt.encode())])
			.await
			.context("submitting an endowment batch")?;
		nonce += 1;
	}
	log(format!(
		"endowing {} accounts ({} batches of transfers from Alice)",
		accounts.len(),
		accounts.len().div_ceil(ENDOW_CHUNK)
	));
	let deadline = Instant::now() + Duration::from_secs(120);
	loop {
		let missing = unendowed(client, accounts).await?;
		if missing == 0 {
			return Ok(());
		}
		if Instant::now() > deadline {
			bail!("{missing} accounts still lack their endowment after 120 s");
		}
		tokio::time::sleep(Duration::from_millis(500)).await;
	}
}

/// How many of `accounts` do not hold [`ENDOWMENT`] at the best block.
async fn unendowed(client: &WsClient, accounts: &[AccountId]) -> anyhow::Result<usize> {
	let keys: Vec<String> = accounts
		.iter()
		.map(|account| rpc::to_hex(&frame_system::Account::<Runtime>::hashed_key_for(account)))
		.collect();
	let mut missing = 0;
	for chunk in keys.chunks(1000) {
		let answer: Vec<serde_json::Value> =
			client.request("state_queryStorageAt", rpc_params![chunk]).await?;
		let changes = answer.first().map(|set| set["changes"].clone()).unwrap_or_default();
		let changes = changes.as_array().cloned().unwrap_or_default();
		let endowed = changes
			.iter()
			.filter(|change| {
				let Ok(bytes) = rpc::hex_bytes(&change[1]) else { return false };
				let Ok(info) = <frame_system::AccountInfo<
					mooring_runtime::Nonce,
					pallet_balances::AccountData<Balance>,
				>>::decode(&mut &bytes[..]) else {
					return false;
				};
				info.data.free >= ENDOWMENT
			})
			.count();
		missing += chunk.len() - endowed;
	}
	Ok(missing)
}

/// Signs `per_account` transfers from every account to the next one, nonce by nonce (all
/// nonce-0 transfers first), on every core. Returns the hex-encoded extrinsics and the rate.
fn sign_transfers(
	keys: &[sr25519::Pair],
	accounts: &[AccountId],
	per_account: u32,
	chain: &ChainContext,
) -> (Vec<String>, f64) {
	let jobs: Vec<(usize, u32)> =
		(0..per_account).flat_map(|nonce| (0..keys.len()).map(move |i| (i, nonce))).collect();
	let threads = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
	let started = Instant::now();
	let txs: Vec<String> = std::thread::scope(|scope| {
		let handles: Vec<_> = jobs
			.chunks(jobs.len().div_ceil(threads).max(1))
			.map(|chunk| {
				scope.spawn(move || {
					chunk
						.iter()
						.map(|&(i, nonce)| {
							let dest = accounts[(i + 1) % accounts.len()].clone();
							let xt = sign(&keys[i], transfer(dest, AMOUNT), nonce, chain);
							rpc::to_hex(&xt.encode())
						})
						.collect::<Vec<_>>()
				})
			})
			.collect();
		handles.into_iter().flat_map(|handle| handle.join().expect("signing thread")).collect()
	});
	let rate = txs.len() as f64 / started.elapsed().as_secs_f64();
	(txs, rate)
}

/// What submitting gave.
struct Submission {
	accepted: usize,
	rejected: usize,
	pool_full_retries: usize,
	rejections: BTreeMap<String, usize>,
	seconds: f64,
}

enum Outcome {
	Accepted { retries: usize },
	Rejected { reason: String, retries: usize },
}

/// Submits every transaction, `in_flight` at a time over `connections` WebSockets. A
/// submission the pool refuses because it is full (1016) is retried after a pause.
async fn submit_all(args: &Args, txs: &[String]) -> anyhow::Result<Submission> {
	let per_connection = args.in_flight.div_ceil(args.connections.max(1));
	let mut clients = vec![];
	for _ in 0..args.connections.max(1) {
		clients.push(rpc::ws(&args.rpc, per_connection).await?);
	}
	let started = Instant::now();
	let outcomes: Vec<Outcome> = stream::iter(txs.iter().enumerate())
		.map(|(i, tx)| submit_one(&clients[i % clients.len()], tx))
		.buffer_unordered(args.in_flight.max(1))
		.collect()
		.await;
	let seconds = started.elapsed().as_secs_f64();
	let mut submission = Submission {
		accepted: 0,
		rejected: 0,
		pool_full_retries: 0,
		rejections: BTreeMap::new(),
		seconds,
	};
	for outcome in outcomes {
		match outcome {
			Outcome::Accepted { retries } => {
				submission.accepted += 1;
				submission.pool_full_retries += retries;
			},
			Outcome::Rejected { reason, retries } => {
				submission.rejected += 1;
				submission.pool_full_retries += retries;
				*submission.rejections.entry(reason).or_default() += 1;
			},
		}
	}
	Ok(submission)
}

async fn submit_one(client: &WsClient, tx: &str) -> Outcome {
	let mut retries = 0;
	loop {
		match client.request::<H256, _>("author_submitExtrinsic", rpc_params![tx]).await {
			Ok(_) => return Outcome::Accepted { retries },
			Err(ClientError::Call(error)) if error.code() == 1016 && retries < 600 => {
				retries += 1;
				tokio::time::sleep(Duration::from_millis(100)).await;
			},
			Err(ClientError::Call(error)) => {
				let reason = format!("{} {}", error.code(), error.message());
				let reason = match error.data() {
					Some(data) => format!("{reason}: {}", data.get()),
					None => reason,
				};
				return Outcome::Rejected { reason, retries };
			},
			Err(error) => return Outcome::Rejected { reason: error.to_string(), retries },
		}
	}
}

/// Follows new blocks and counts the benchmark's transfers in each.
struct Watcher {
	stop: Arc<AtomicBool>,
	included: Arc<AtomicUsize>,
	task: tokio::task::JoinHandle<anyhow::Result<Vec<BlockSample>>>,
}

impl Watcher {
	async fn start(url: &str, started: Instant) -> anyhow::Result<Self> {
		let client = rpc::ws(url, 16).await?;
		let best: serde_json::Value = client.request("chain_getHeader", rpc_params![]).await?;
		let from = rpc::hex_u64(&best["number"])?;
		let stop = Arc::new(AtomicBool::new(false));
		let included = Arc::new(AtomicUsize::new(0));
		let task = tokio::spawn(watch(client, from, started, stop.clone(), included.clone()));
		Ok(Self { stop, included, task })
	}

	/// Waits until `expected` transfers are included or inclusion stalls, then stops.
	async fn finish(self, expected: usize) -> anyhow::Result<Vec<BlockSample>> {
		let (mut last, mut last_change) = (usize::MAX, Instant::now());
		loop {
			let included = self.included.load(Ordering::Relaxed);
			if included >= expected || self.task.is_finished() {
				break;
			}
			if included != last {
				(last, last_change) = (included, Instant::now());
			} else if last_change.elapsed() > STALL {
				log(format!("inclusion stalled at {included} of {expected}"));
				break;
			}
			tokio::time::sleep(Duration::from_millis(200)).await;
		}
		// One more block, so the last block with transfers is followed by a complete one.
		tokio::time::sleep(Duration::from_millis(2 * MILLISECS_PER_BLOCK)).await;
		self.stop.store(true, Ordering::Relaxed);
		self.task.await?
	}
}

async fn watch(
	client: WsClient,
	from: u64,
	started: Instant,
	stop: Arc<AtomicBool>,
	included: Arc<AtomicUsize>,
) -> anyhow::Result<Vec<BlockSample>> {
	let mut heads = client
		.subscribe::<serde_json::Value, _>(
			"chain_subscribeNewHeads",
			rpc_params![],
			"chain_unsubscribeNewHeads",
		)
		.await?;
	let mut blocks = vec![];
	let mut next = from + 1;
	while !stop.load(Ordering::Relaxed) {
		let head = match tokio::time::timeout(Duration::from_millis(300), heads.next()).await {
			Ok(Some(head)) => head?,
			Ok(None) => bail!("the node closed the head subscription"),
			Err(_) => continue,
		};
		let seen_ms = started.elapsed().as_secs_f64() * 1000.0;
		let number = rpc::hex_u64(&head["number"])?;
		while next <= number {
			let sample = block_sample(&client, next, seen_ms).await?;
			included.fetch_add(sample.transfers, Ordering::Relaxed);
			blocks.push(sample);
			next += 1;
		}
	}
	Ok(blocks)
}

/// The normal-class weight the runtime charged the block `hash` (`System::BlockWeight` in its
/// post-state).
pub async fn normal_weight(client: &WsClient, hash: &str) -> anyhow::Result<Weight> {
	let key = rpc::to_hex(&frame_system::BlockWeight::<Runtime>::hashed_key());
	let weight: Option<String> = client.request("state_getStorage", rpc_params![key, hash]).await?;
	Ok(match weight {
		Some(encoded) => {
			let bytes = rpc::hex_bytes(&encoded.into())?;
			*PerDispatchClass::<Weight>::decode(&mut &bytes[..])?.get(DispatchClass::Normal)
		},
		None => Weight::zero(),
	})
}

/// Fetches block `number` and counts its transfers, length and normal-class weight.
async fn block_sample(client: &WsClient, number: u64, seen_ms: f64) -> anyhow::Result<BlockSample> {
	let hash: String = client.request("chain_getBlockHash", rpc_params![number]).await?;
	let block: serde_json::Value = client.request("chain_getBlock", rpc_params![&hash]).await?;
	let extrinsics = block["block"]["extrinsics"].as_array().cloned().unwrap_or_default();
	let (mut transfers, mut length, mut timestamp_ms) = (0, 0, 0);
	for encoded in &extrinsics {
		let bytes = rpc::hex_bytes(encoded)?;
		length += bytes.len();
		let xt = UncheckedExtrinsic::decode(&mut &bytes[..])
			.map_err(|e| anyhow!("block #{number} holds an undecodable extrinsic: {e}"))?;
		match &xt.0.function {
			RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive { .. })
				if matches!(xt.0.preamble, generic::Preamble::Signed(..)) =>
			{
				transfers += 1;
			},
			RuntimeCall::Timestamp(pallet_timestamp::Call::set { now }) => timestamp_ms = *now,
			_ => {},
		}
	}
	let normal = normal_weight(client, &hash).await?;
	Ok(BlockSample {
		number,
		timestamp_ms,
		seen_ms,
		extrinsics: extrinsics.len(),
		transfers,
		length,
		normal_ref_time: normal.ref_time(),
		normal_proof_size: normal.proof_size(),
	})
}

/// Turns the blocks of a run into its figures.
fn summarize(
	args: &Args,
	limits: &BlockLimits,
	blocks: Vec<BlockSample>,
	submission: Submission,
	signing_per_second: f64,
	signed: usize,
) -> anyhow::Result<NativeResult> {
	let observed: Vec<BlockObs> = blocks
		.iter()
		.map(|b| BlockObs { number: b.number, at_ms: b.timestamp_ms as f64, ours: b.transfers })
		.collect();
	let window = Window::of(&observed).ok_or_else(|| anyhow!("no block included a transfer"))?;
	let in_window: Vec<&BlockSample> = blocks
		.iter()
		.filter(|b| (window.first_block..=window.last_block).contains(&b.number))
		.collect();
	let share = |f: &dyn Fn(&BlockSample) -> f64| -> f64 {
		median(&in_window.iter().map(|b| f(b) * 100.0).collect::<Vec<_>>())
	};
	let builds = args.node_log.as_ref().map(|log| prepared_blocks(log)).unwrap_or_default();
	let window_builds: Vec<&PreparedBlock> =
		(window.first_block..=window.last_block).filter_map(|number| builds.get(&number)).collect();
	let build_ms: Vec<f64> = window_builds.iter().map(|b| b.millis).collect();
	let mut end_reasons = BTreeMap::new();
	for build in &window_builds {
		*end_reasons.entry(build.end.clone()).or_default() += 1;
	}
	Ok(NativeResult {
		accounts: args.accounts,
		per_account: args.per_account,
		connections: args.connections,
		in_flight: args.in_flight,
		signed,
		signing_per_second,
		accepted: submission.accepted,
		rejected: submission.rejected,
		pool_full_retries: submission.pool_full_retries,
		rejections: submission.rejections,
		submit_seconds: submission.seconds,
		accepted_per_second: submission.accepted as f64 / submission.seconds,
		included: blocks.iter().map(|b| b.transfers).sum(),
		normal_ref_time_pct: share(&|b| {
			b.normal_ref_time as f64 / limits.normal_max_ref_time as f64
		}),
		normal_proof_size_pct: share(&|b| {
			b.normal_proof_size as f64 / limits.normal_max_proof_size as f64
		}),
		length_pct: share(&|b| b.length as f64 / limits.normal_max_length as f64),
		count_pct_of_cap: share(&|b| b.transfers as f64 / limits.cap as f64),
		build_ms_median: median(&build_ms),
		build_ms_max: percentile(&build_ms, 100.0),
		end_reasons,
		node_cpu_pct: f64::NAN,
		generator_cpu_pct: f64::NAN,
		limits: limits.clone(),
		window,
		blocks,
	})
}

/// A "Prepared block for proposing" line of the sequencer's log.
#[derive(Debug, Clone)]
pub struct PreparedBlock {
	pub millis: f64,
	pub end: String,
	/// The sequencer's own count, inherents included; the report counts transfers from the
	/// block bodies instead, so only the parser's test reads it.
	#[allow(dead_code)]
	pub extrinsics: usize,
}

/// The block-building lines of a node log, by block number.
pub fn prepared_blocks(log: &PathBuf) -> HashMap<u64, PreparedBlock> {
	let text = std::fs::read_to_string(log).unwrap_or_default();
	text.lines().filter_map(parse_prepared).collect()
}

/// Parses `... Prepared block for proposing at 12 (532 ms) hash: ...; end: HitDeadline;
/// extrinsics_count: 1234`.
fn parse_prepared(line: &str) -> Option<(u64, PreparedBlock)> {
	let rest = line.split("Prepared block for proposing at ").nth(1)?;
	let (number, rest) = rest.split_once(" (")?;
	let (millis, rest) = rest.split_once(" ms)")?;
	let end = rest.split("end: ").nth(1)?.split(';').next()?.trim().to_string();
	let extrinsics = rest.split("extrinsics_count: ").nth(1)?.trim();
	let extrinsics = extrinsics.trim_end_matches(|c: char| !c.is_ascii_digit()).parse().ok()?;
	Some((
		number.trim().parse().ok()?,
		PreparedBlock { millis: millis.parse().ok()?, end, extrinsics },
	))
}

/// Options of `mooring-bench first-block`.
#[derive(clap::Args)]
pub struct FirstBlockArgs {
	/// The node's HTTP RPC.
	#[arg(long)]
	rpc: String,
	/// When the node process was started (nanoseconds since the epoch, `date +%s%N`).
	#[arg(long)]
	since_unix_ns: u128,
	/// Where the figures go (JSON).
	#[arg(long)]
	out: PathBuf,
	/// Give up after this many seconds.
	#[arg(long, default_value_t = 180)]
	timeout: u64,
}

/// Start-up figures of a node.
#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct StartUp {
	/// From process start to the first RPC answer, and to block #1 being the best block.
	pub rpc_ms: f64,
	pub first_block_ms: f64,
}

/// Waits for block #1 and records the start-up times.
pub async fn first_block(args: FirstBlockArgs) -> anyhow::Result<()> {
	let since = |()| -> f64 {
		let now = SystemTime::now().duration_since(UNIX_EPOCH).expect("after 1970").as_nanos();
		now.saturating_sub(args.since_unix_ns) as f64 / 1e6
	};
	let client = rpc::http(&args.rpc, 4)?;
	let deadline = Instant::now() + Duration::from_secs(args.timeout);
	let mut rpc_ms = None;
	loop {
		if let Ok(header) =
			client.request::<serde_json::Value, _>("chain_getHeader", ArrayParams::new()).await
		{
			rpc_ms.get_or_insert_with(|| since(()));
			if rpc::hex_u64(&header["number"]).unwrap_or(0) >= 1 {
				let result =
					StartUp { rpc_ms: rpc_ms.unwrap_or_default(), first_block_ms: since(()) };
				log(format!(
					"RPC after {:.0} ms, block #1 after {:.0} ms",
					result.rpc_ms, result.first_block_ms
				));
				return write_json(&args.out, &result);
			}
		}
		if Instant::now() > deadline {
			bail!("no block #1 on {} within {} s", args.rpc, args.timeout);
		}
		tokio::time::sleep(Duration::from_millis(10)).await;
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn parses_prepared_block_lines() {
		let line = "2026-11-24 04:31:26 🎁 Prepared block for proposing at 12 (532 ms) hash: \
			0xab; parent_hash: 0xcd; end: HitBlockWeightLimit; extrinsics_count: 1234";
		let (number, block) = parse_prepared(line).unwrap();
		assert_eq!((number, block.millis, block.extrinsics), (12, 532.0, 1234));
		assert_eq!(block.end, "HitBlockWeightLimit");
		assert!(parse_prepared("Imported #12").is_none());
	}

	#[test]
	fn a_block_holds_at_least_some_transfers() {
		let limits = BlockLimits::compute();
		assert!(limits.cap > 100, "{limits:?}");
		assert!(limits.transfer_ref_time > limits.base_extrinsic_ref_time);
	}
}
