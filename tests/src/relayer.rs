//! The bridge end to end: L1 contracts deployed on anvil, the `mooring-relayer` binary as a
//! process, and L2 helpers (council setup, balances, withdrawals) over subxt.

use crate::{
	artifacts::{BatchInbox, DevToken, OutputOracle, Portal},
	free_port,
	process::Process,
	workspace_bin_dir,
};
use alloy::{
	primitives::{Address, B256, U256},
	providers::{DynProvider, Provider},
	signers::local::PrivateKeySigner,
};
use std::{
	path::{Path, PathBuf},
	process::Command,
	time::Duration,
};
use subxt::{
	dynamic::{At, Value},
	OnlineClient, PolkadotConfig,
};
use subxt_signer::sr25519::Keypair;

/// anvil's dev keys 0..=9 (mnemonic "test test … junk").
pub const ANVIL_KEYS: [&str; 10] = [
	"0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
	"0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
	"0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
	"0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
	"0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a",
	"0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba",
	"0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e",
	"0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356",
	"0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97",
	"0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6",
];

/// The devnet's roles: key 6 admin/guardian/deployer, 7 batcher, 8 proposer, 9 challenger.
pub const ADMIN: usize = 6;
/// Batcher key index.
pub const BATCHER: usize = 7;
/// Proposer key index.
pub const PROPOSER: usize = 8;
/// Challenger key index.
pub const CHALLENGER: usize = 9;

/// The L2 asset id the tests give the bridged DevToken.
pub const TOKEN_ASSET_ID: u32 = 1000;

/// anvil dev key `index` as a signer.
pub fn anvil_signer(index: usize) -> PrivateKeySigner {
	ANVIL_KEYS[index].parse().expect("a valid dev key")
}

/// A provider on `url` that signs for every anvil dev key.
pub fn anvil_provider(url: &str) -> DynProvider {
	crate::anvil::signing_provider(url, &ANVIL_KEYS).0
}

/// The L1 contracts of one test.
#[derive(Clone, Debug)]
pub struct L1Deployment {
	/// The L1 chain id.
	pub chain_id: u64,
	/// BatchInbox.
	pub inbox: Address,
	/// OutputOracle.
	pub oracle: Address,
	/// Portal.
	pub portal: Address,
	/// A BEP-20 allowlisted in the Portal.
	pub token: Address,
	/// The block of the first deployment.
	pub start_block: u64,
	/// The challenge window.
	pub window: u64,
}

impl L1Deployment {
	/// The OutputOracle with its chain: the domain of its output roots.
	pub fn oracle_contract(&self) -> mooring_primitives::bridge::L1Contract {
		mooring_primitives::bridge::L1Contract {
			chain_id: self.chain_id,
			address: self.oracle.into_array(),
		}
	}
}

/// The required proposer bond on the test deployments.
pub const BOND: u128 = 1_000_000_000_000_000_000;

/// Deploys DevToken, BatchInbox, OutputOracle and Portal with the devnet roles (admin key 6).
pub async fn deploy_l1(
	provider: &DynProvider,
	l2_genesis: B256,
	window: u64,
) -> anyhow::Result<L1Deployment> {
	let admin = anvil_signer(ADMIN).address();
	let start_block = provider.get_block_number().await?;
	let supply = U256::from(1_000_000u128) * U256::from(BOND);
	let token = DevToken::deploy(provider, "Dev Token".into(), "DEV".into(), 18, supply).await?;
	// The deployer of the token is key 0 (the provider's default signer); move the supply to
	// the admin's user accounts below as needed.
	let inbox =
		BatchInbox::deploy_builder(provider, admin, anvil_signer(BATCHER).address(), l2_genesis)
			.from(admin)
			.deploy()
			.await?;
	let oracle = deploy_oracle(provider, inbox, window).await?;
	let min = U256::from(mooring_primitives::EXISTENTIAL_DEPOSIT);
	let portal =
		deploy_portal(provider, oracle, *token.address(), min, Address::ZERO, U256::ZERO).await?;
	let chain_id = provider.get_chain_id().await?;
	Ok(L1Deployment {
		chain_id,
		inbox,
		oracle,
		portal,
		token: *token.address(),
		start_block,
		window,
	})
}

/// Deploys an OutputOracle over `inbox` with the devnet roles and a `window`-second window.
async fn deploy_oracle(
	provider: &DynProvider,
	inbox: Address,
	window: u64,
) -> anyhow::Result<Address> {
	let admin = anvil_signer(ADMIN).address();
	let proposer = anvil_signer(PROPOSER).address();
	let challenger = anvil_signer(CHALLENGER).address();
	let (window, bond) = (U256::from(window), U256::from(BOND));
	let oracle =
		OutputOracle::deploy_builder(provider, admin, proposer, challenger, window, bond, inbox)
			.from(admin)
			.deploy()
			.await?;
	Ok(oracle)
}

/// Deploys a Portal on `oracle` with the devnet roles (admin key 6 as admin and guardian),
/// `token` allowlisted, BNB deposits from `min`, succeeding `predecessor` (or none).
async fn deploy_portal(
	provider: &DynProvider,
	oracle: Address,
	token: Address,
	min: U256,
	predecessor: Address,
	first_nonce: U256,
) -> anyhow::Result<Address> {
	let admin = anvil_signer(ADMIN).address();
	let tokens = vec![token];
	let portal = Portal::deploy_builder(
		provider,
		admin,
		admin,
		oracle,
		tokens,
		min,
		predecessor,
		first_nonce,
	)
	.from(admin)
	.deploy()
	.await?;
	Ok(portal)
}

/// Deploys a successor of `old`'s Portal (whose deposits must be stopped): a new OutputOracle
/// over the same BatchInbox and a Portal continuing the old one's deposit nonces, with the
/// devnet roles; it starts paused.
/// Step 2 of the migration in `docs/operator.md` ("Moving to a new Portal").
pub async fn deploy_successor(
	provider: &DynProvider,
	old: &L1Deployment,
) -> anyhow::Result<L1Deployment> {
	let start_block = provider.get_block_number().await?;
	let oracle = deploy_oracle(provider, old.inbox, old.window).await?;
	let old_portal = Portal::new(old.portal, provider);
	let first_nonce = old_portal.depositNonce().call().await?;
	let min = old_portal.minDeposit(Address::ZERO).call().await?;
	let portal = deploy_portal(provider, oracle, old.token, min, old.portal, first_nonce).await?;
	Ok(L1Deployment { oracle, portal, start_block, ..old.clone() })
}

/// Where the `mooring-relayer` binary is: `MOORING_RELAYER_BIN`, else next to the test
/// executable (the target dir the tests were built into), else `MOORING_BIN_DIR`.
pub fn relayer_bin() -> PathBuf {
	if let Ok(path) = std::env::var("MOORING_RELAYER_BIN") {
		return path.into();
	}
	let exe = std::env::current_exe().expect("the test knows its executable");
	let own = exe.parent().and_then(|deps| deps.parent()).map(|dir| dir.join("mooring-relayer"));
	if let Some(own) = own.filter(|path| path.exists()) {
		return own;
	}
	let path = workspace_bin_dir().join("mooring-relayer");
	assert!(path.exists(), "{} is missing: cargo build -p mooring-relayer", path.display());
	path
}

/// What a test relayer runs.
#[derive(Clone, Debug)]
pub struct RelayerOptions {
	/// Run the batcher.
	pub batcher: bool,
	/// Run the proposer.
	pub proposer: bool,
	/// Run the deposit relayer.
	pub deposits: bool,
	/// L1 confirmations.
	pub confirmations: u64,
	/// Output interval.
	pub output_interval: u64,
	/// Batch age limit.
	pub max_batch_age_secs: u64,
	/// Batch size limit.
	pub max_frame_bytes: usize,
	/// `zstd` or `brotli`.
	pub compression: String,
	/// Seconds an L1 transaction may stay unmined before its fees are bumped.
	pub bump_after_secs: u64,
	/// The proposer's test-only fault: `none` or `state-root`.
	pub proposer_fault: String,
	/// Run the verifier, deriving into the node at this WebSocket URL.
	pub verifier_node: Option<String>,
	/// Let the verifier delete wrong outputs with `deleteOutputs`.
	pub challenge: bool,
	/// Let the verifier delete wrong outputs with fault proofs.
	pub prove: bool,
	/// The anvil key the verifier challenges and proves with ([`CHALLENGER`] by default).
	pub verifier_key: usize,
	/// Blocks per `mooring_importBlocks` call.
	pub import_chunk: usize,
}

impl Default for RelayerOptions {
	fn default() -> Self {
		Self {
			batcher: true,
			proposer: true,
			deposits: true,
			confirmations: 2,
			output_interval: 10,
			max_batch_age_secs: 3,
			max_frame_bytes: 120_000,
			compression: "brotli".into(),
			bump_after_secs: 20,
			proposer_fault: "none".into(),
			verifier_node: None,
			challenge: true,
			prove: true,
			verifier_key: CHALLENGER,
			import_chunk: 64,
		}
	}
}

/// A relayer process with its config, database and metrics port.
pub struct Relayer {
	/// The running process, if any (behind a mutex so `&self` can check on it).
	process: std::sync::Mutex<Option<Process>>,
	/// Its config file.
	pub config: PathBuf,
	/// Its working directory (database, logs).
	pub dir: PathBuf,
	/// The metrics/health port.
	pub metrics_port: u16,
	/// The anvil key of the verifier's L1 transactions.
	verifier_key: usize,
	starts: usize,
}

impl Relayer {
	/// Writes the config for `deployment` into `dir` (not started yet).
	pub fn configure(
		dir: &Path,
		l1_url: &str,
		l2_ws: &str,
		deployment: &L1Deployment,
		options: &RelayerOptions,
	) -> anyhow::Result<Self> {
		std::fs::create_dir_all(dir)?;
		let metrics_port = free_port();
		let config = format!(
			r#"
[l1]
rpc_url = "{l1_url}"
chain_id = 56
confirmations = {confirmations}
poll_interval_ms = 500
batch_inbox = "{inbox}"
output_oracle = "{oracle}"
portal = "{portal}"
start_block = {start}
max_log_range = 1000

[l1.fees]
max_fee_per_gas_gwei = 100.0
max_priority_fee_gwei = 5.0
min_priority_fee_gwei = 0.0
bump_after_secs = {bump_after_secs}

[l2]
rpc_url = "{l2_ws}"

[db]
path = "{db}"

[metrics]
listen = "127.0.0.1:{metrics_port}"
health_stale_secs = 60

[batcher]
enabled = {batcher}
max_frame_bytes = {max_bytes}
max_batch_age_secs = {age}
compression = "{compression}"

[proposer]
enabled = {proposer}
output_interval = {interval}
fault = "{fault}"

[verifier]
enabled = {verifier}
node_url = "{verifier_node}"
challenge = {challenge}
prove = {prove}
import_chunk = {import_chunk}

[deposits]
enabled = {deposits}

[log]
filter = "info,mooring_relayer=debug"
"#,
			confirmations = options.confirmations,
			inbox = deployment.inbox,
			oracle = deployment.oracle,
			portal = deployment.portal,
			start = deployment.start_block,
			db = dir.join("relayer.redb").display(),
			batcher = options.batcher,
			max_bytes = options.max_frame_bytes,
			age = options.max_batch_age_secs,
			compression = options.compression,
			proposer = options.proposer,
			interval = options.output_interval,
			deposits = options.deposits,
			bump_after_secs = options.bump_after_secs,
			fault = options.proposer_fault,
			verifier = options.verifier_node.is_some(),
			verifier_node = options.verifier_node.as_deref().unwrap_or("ws://127.0.0.1:1"),
			challenge = options.challenge,
			prove = options.prove,
			import_chunk = options.import_chunk,
		);
		let path = dir.join("relayer.toml");
		std::fs::write(&path, config)?;
		Ok(Self {
			process: std::sync::Mutex::new(None),
			config: path,
			dir: dir.into(),
			metrics_port,
			verifier_key: options.verifier_key,
			starts: 0,
		})
	}

	/// Starts (or restarts) `mooring-relayer run`; each start logs to its own file.
	pub fn start(&mut self) -> anyhow::Result<()> {
		self.spawn("run")
	}

	/// Starts (or restarts) `mooring-relayer verify`: only the verifier loop.
	pub fn start_verifier(&mut self) -> anyhow::Result<()> {
		self.spawn("verify")
	}

	fn spawn(&mut self, subcommand: &str) -> anyhow::Result<()> {
		self.starts += 1;
		let mut command = Command::new(relayer_bin());
		command
			.args([subcommand, "--config"])
			.arg(&self.config)
			.env("MOORING_BATCHER_KEY", ANVIL_KEYS[BATCHER])
			.env("MOORING_PROPOSER_KEY", ANVIL_KEYS[PROPOSER])
			.env("MOORING_CHALLENGER_KEY", ANVIL_KEYS[self.verifier_key])
			.env("MOORING_RELAYER_L2_SURI", "//Ferdie")
			.env("RUST_BACKTRACE", "1");
		let log = self.dir.join(format!("relayer-{}.log", self.starts));
		*self.process.lock().expect("not poisoned") =
			Some(Process::spawn("relayer", command, &log)?);
		Ok(())
	}

	/// Kills the process with SIGKILL, as a crash would.
	pub fn kill_hard(&mut self) {
		if let Some(mut process) = self.process.lock().expect("not poisoned").take() {
			process.kill_hard();
		}
	}

	/// Stops the process with SIGTERM and returns its exit status code.
	pub fn terminate(&mut self, grace: Duration) -> Option<i32> {
		let mut process = self.process.lock().expect("not poisoned").take()?;
		process.signal(libc::SIGTERM);
		let deadline = std::time::Instant::now() + grace;
		while std::time::Instant::now() < deadline {
			if !process.is_running() {
				break;
			}
			std::thread::sleep(Duration::from_millis(50));
		}
		let code = process.exit_code();
		process.kill_hard();
		code
	}

	/// Fails with the end of the log if the process has exited.
	pub fn ensure_running(&self) -> anyhow::Result<()> {
		match &mut *self.process.lock().expect("not poisoned") {
			Some(process) => process.ensure_running(),
			None => anyhow::bail!("the relayer is not running"),
		}
	}

	/// Every log line of every start.
	pub fn all_logs(&self) -> String {
		(1..=self.starts)
			.map(|i| {
				std::fs::read_to_string(self.dir.join(format!("relayer-{i}.log")))
					.unwrap_or_default()
			})
			.collect::<Vec<_>>()
			.join("\n")
	}

	/// The last lines of the current log.
	pub fn log_tail(&self, lines: usize) -> String {
		self.process
			.lock()
			.expect("not poisoned")
			.as_ref()
			.map(|p| p.log_tail(lines))
			.unwrap_or_default()
	}

	/// `GET /health` status code (`None` if nothing answers).
	pub async fn health(&self) -> Option<u16> {
		http_get(self.metrics_port, "/health").await.map(|(status, _)| status)
	}

	/// `GET /metrics` body.
	pub async fn metrics(&self) -> Option<String> {
		http_get(self.metrics_port, "/metrics").await.map(|(_, body)| body)
	}
}

/// A minimal HTTP/1.1 GET on 127.0.0.1.
pub async fn http_get(port: u16, path: &str) -> Option<(u16, String)> {
	use tokio::io::{AsyncReadExt, AsyncWriteExt};
	let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", port)).await.ok()?;
	let request = format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
	stream.write_all(request.as_bytes()).await.ok()?;
	let mut response = String::new();
	stream.read_to_string(&mut response).await.ok()?;
	let status = response.split_whitespace().nth(1)?.parse().ok()?;
	let body = response.split_once("\r\n\r\n").map(|(_, b)| b.to_owned()).unwrap_or_default();
	Some((status, body))
}

/// `text` without its ANSI escape sequences (the relayer's text logs are coloured).
pub fn plain_text(text: &str) -> String {
	let mut out = String::with_capacity(text.len());
	let mut chars = text.chars();
	while let Some(c) = chars.next() {
		if c == '\u{1b}' {
			for c in chars.by_ref() {
				if c.is_ascii_alphabetic() {
					break;
				}
			}
		} else {
			out.push(c);
		}
	}
	out
}

/// The value of metric `name` (no labels) in a Prometheus text exposition.
pub fn metric(text: &str, name: &str) -> Option<f64> {
	text.lines()
		.find(|line| line.split_whitespace().next() == Some(name))
		.and_then(|line| line.split_whitespace().nth(1))
		.and_then(|value| value.parse().ok())
}

// ---------------------------------------------------------------------------------------------
// L2
// ---------------------------------------------------------------------------------------------

/// Creates the sufficient L2 asset [`TOKEN_ASSET_ID`] for `token`, maps the token to it and
/// names it as on L1 (the dev council: Alice).
pub async fn register_bridged_token(
	l2_ws: &str,
	l1: &DynProvider,
	token: Address,
) -> anyhow::Result<()> {
	use mooring_relayer::tools;
	let l2 = mooring_relayer::l2::L2::connect(l2_ws).await?;
	let alice = subxt_signer::sr25519::dev::alice();
	let metadata = tools::l1_token_metadata(l1, token).await?;
	tools::register_token(&l2, &alice, token.into_array(), TOKEN_ASSET_ID, &metadata).await
}

/// Settles the L2 bridge to `portal` of `deployment`'s chain from deposit `next_deposit_nonce`
/// on (the dev council: Alice), as an operator does once the L1 contracts are deployed.
pub async fn set_bridge_portal(
	l2_ws: &str,
	deployment: &L1Deployment,
	portal: Address,
	next_deposit_nonce: u64,
) -> anyhow::Result<()> {
	let l2 = mooring_relayer::l2::L2::connect(l2_ws).await?;
	let alice = subxt_signer::sr25519::dev::alice();
	let portal = mooring_primitives::bridge::L1Contract {
		chain_id: deployment.chain_id,
		address: portal.into_array(),
	};
	mooring_relayer::tools::set_portal(&l2, &alice, portal, next_deposit_nonce).await
}

/// Free native balance of `who` at the best block.
pub async fn native_balance(
	api: &OnlineClient<PolkadotConfig>,
	who: [u8; 32],
) -> anyhow::Result<u128> {
	let account = subxt::dynamic::storage::<([u8; 32],), Value>("System", "Account");
	let at = api.at_current_block().await?;
	let value = at.storage().try_fetch(account, (who,)).await?;
	let Some(value) = value else { return Ok(0) };
	let info: Value = value.decode()?;
	info.at("data")
		.at("free")
		.and_then(|free| free.as_u128())
		.ok_or_else(|| anyhow::anyhow!("no free balance in {info}"))
}

/// Balance of `who` in the bridged token's asset.
pub async fn token_balance(
	api: &OnlineClient<PolkadotConfig>,
	who: [u8; 32],
) -> anyhow::Result<u128> {
	let account = subxt::dynamic::storage::<(u32, [u8; 32]), Value>("Assets", "Account");
	let at = api.at_current_block().await?;
	let value = at.storage().try_fetch(account, (TOKEN_ASSET_ID, who)).await?;
	let Some(value) = value else { return Ok(0) };
	let info: Value = value.decode()?;
	info.at("balance")
		.and_then(|b| b.as_u128())
		.ok_or_else(|| anyhow::anyhow!("no balance in {info}"))
}

/// `Bridge.withdraw(l1_recipient, Native, amount)` signed by `who`; returns the withdrawal nonce
/// and the block it landed in.
pub async fn withdraw_native(
	api: &OnlineClient<PolkadotConfig>,
	who: &Keypair,
	l1_recipient: Address,
	amount: u128,
) -> anyhow::Result<(u64, u64)> {
	withdraw(api, who, l1_recipient, Value::unnamed_variant("Native", []), amount).await
}

/// `Bridge.withdraw` of the bridged DevToken ([`TOKEN_ASSET_ID`]); like [`withdraw_native`].
pub async fn withdraw_token(
	api: &OnlineClient<PolkadotConfig>,
	who: &Keypair,
	l1_recipient: Address,
	amount: u128,
) -> anyhow::Result<(u64, u64)> {
	let asset = Value::unnamed_variant("Asset", [Value::u128(TOKEN_ASSET_ID.into())]);
	withdraw(api, who, l1_recipient, asset, amount).await
}

/// Signs `Bridge.withdraw(l1_recipient, asset, amount)`, waits for finality and returns the
/// withdrawal nonce and the L2 block that holds it.
async fn withdraw(
	api: &OnlineClient<PolkadotConfig>,
	who: &Keypair,
	l1_recipient: Address,
	asset: Value,
	amount: u128,
) -> anyhow::Result<(u64, u64)> {
	let tx = subxt::dynamic::tx(
		"Bridge",
		"withdraw",
		(Value::from_bytes(l1_recipient.into_array()), asset, Value::u128(amount)),
	);
	let in_block = api
		.at_current_block()
		.await?
		.transactions()
		.sign_and_submit_then_watch_default(&tx, who)
		.await?
		.wait_for_finalized()
		.await?;
	let block_hash = in_block.block_hash();
	let events = in_block.wait_for_success().await?;
	let mut nonce = None;
	for event in events.iter() {
		let event = event?;
		if event.pallet_name() == "Bridge" && event.event_name() == "WithdrawalInitiated" {
			let fields = event.decode_fields_unchecked_as::<Value>()?;
			nonce = fields.at("nonce").and_then(|n| n.as_u128()).map(|n| n as u64);
		}
	}
	let nonce = nonce.ok_or_else(|| anyhow::anyhow!("no WithdrawalInitiated event"))?;
	let number = api.at_block(block_hash).await?.block_number();
	Ok((nonce, number))
}

/// `bridge_nextDepositNonce` over the node's HTTP RPC.
pub async fn next_deposit_nonce(node: &crate::node::Node) -> anyhow::Result<u64> {
	let value = node.rpc("bridge_nextDepositNonce", Default::default()).await?;
	value.as_u64().ok_or_else(|| anyhow::anyhow!("not a number: {value}"))
}
