//! The relayer's configuration: a TOML file, overridden by `MOORING_RELAYER_*` environment
//! variables, plus the keys, which only ever come from the environment or a keystore file.
//!
//! Every key of the file can be overridden by the variable named after its path in upper case,
//! joined by `_`: `l1.rpc_url` → `MOORING_RELAYER_L1_RPC_URL`, `l1.fees.max_fee_per_gas_gwei` →
//! `MOORING_RELAYER_L1_FEES_MAX_FEE_PER_GAS_GWEI`, `batcher.enabled` →
//! `MOORING_RELAYER_BATCHER_ENABLED` (see [`OVERRIDABLE_KEYS`]). The file names no secret: it
//! names the environment variables (or keystore files) the secrets are read from.

use alloy::{primitives::Address, signers::local::PrivateKeySigner};
use anyhow::{anyhow, bail, Context};
use mooring_primitives::{
	bridge::{Compression, L1Contract, MAX_L1_TX_BYTES},
	L1_PRICES_STALE_AFTER, L1_PRICE_REPORT_INTERVAL,
};
use serde::{Deserialize, Serialize};
use std::{collections::BTreeMap, fmt, path::PathBuf, str::FromStr};

/// Prefix of every environment override.
pub const ENV_PREFIX: &str = "MOORING_RELAYER_";

/// The whole configuration.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Config {
	/// BNB Chain (L1).
	pub l1: L1Config,
	/// The Mooring node (L2).
	pub l2: L2Config,
	/// The embedded database.
	#[serde(default)]
	pub db: DbConfig,
	/// Prometheus metrics and the health endpoint.
	#[serde(default)]
	pub metrics: MetricsConfig,
	/// Posts L2 blocks to the BatchInbox.
	#[serde(default)]
	pub batcher: BatcherConfig,
	/// Posts output roots to the OutputOracle.
	#[serde(default)]
	pub proposer: ProposerConfig,
	/// Relays Portal deposits to the L2 bridge pallet.
	#[serde(default)]
	pub deposits: DepositsConfig,
	/// Rebuilds L2 from the BatchInbox and challenges wrong outputs.
	#[serde(default)]
	pub verifier: VerifierConfig,
	/// Logging.
	#[serde(default)]
	pub log: LogConfig,
}

/// L1 endpoint, contracts and transaction policy.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct L1Config {
	/// JSON-RPC endpoint (http or https).
	pub rpc_url: String,
	/// Further endpoints of the same chain, used in turn when the ones before fail (alloy's
	/// fallback layer); each must report `chain_id`. TOML only (no environment override).
	#[serde(default, skip_serializing_if = "Vec::is_empty")]
	pub fallback_rpc_urls: Vec<String>,
	/// The chain id the endpoint must report (56 BSC, 97 BSC testnet).
	pub chain_id: u64,
	/// Blocks on top of a block before its deposits are relayed or a transaction counts as
	/// done.
	#[serde(default = "defaults::confirmations")]
	pub confirmations: u64,
	/// How often the loops poll, in milliseconds.
	#[serde(default = "defaults::poll_interval_ms")]
	pub poll_interval_ms: u64,
	/// The BatchInbox contract.
	pub batch_inbox: Address,
	/// The OutputOracle contract.
	pub output_oracle: Address,
	/// The Portal contract.
	pub portal: Address,
	/// The first L1 block that can hold a Portal event (the deployment's `startBlock`).
	#[serde(default)]
	pub start_block: u64,
	/// The widest block range asked of `eth_getLogs` at once.
	#[serde(default = "defaults::max_log_range")]
	pub max_log_range: u64,
	/// Fee policy.
	#[serde(default)]
	pub fees: FeeConfig,
}

impl L1Config {
	/// Every endpoint, the preferred one first.
	pub fn rpc_urls(&self) -> Vec<String> {
		[self.rpc_url.clone()].into_iter().chain(self.fallback_rpc_urls.iter().cloned()).collect()
	}

	/// The OutputOracle with its chain: the domain output roots are computed in.
	pub fn oracle_contract(&self) -> L1Contract {
		L1Contract { chain_id: self.chain_id, address: self.output_oracle.into_array() }
	}

	/// The Portal with its chain: what withdrawal leaves and deposits name.
	pub fn portal_contract(&self) -> L1Contract {
		L1Contract { chain_id: self.chain_id, address: self.portal.into_array() }
	}
}

/// How L1 transactions are priced.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FeeConfig {
	/// `auto` (EIP-1559 if the chain has a base fee, else legacy), `eip1559` or `legacy`.
	#[serde(default)]
	pub mode: FeeMode,
	/// Cap on `maxFeePerGas` (or `gasPrice`), in gwei: never paid above it, even when bumping.
	#[serde(default = "defaults::max_fee_per_gas_gwei")]
	pub max_fee_per_gas_gwei: f64,
	/// Cap on the priority fee, in gwei.
	#[serde(default = "defaults::max_priority_fee_gwei")]
	pub max_priority_fee_gwei: f64,
	/// Floor of the priority fee (or gas price), in gwei: BSC validators refuse less than
	/// their minimum gas price.
	#[serde(default = "defaults::min_priority_fee_gwei")]
	pub min_priority_fee_gwei: f64,
	/// A transaction not mined after this many seconds is re-sent with higher fees.
	#[serde(default = "defaults::bump_after_secs")]
	pub bump_after_secs: u64,
	/// How much a replacement raises each fee, in percent (at least 12.5).
	#[serde(default = "defaults::bump_percent")]
	pub bump_percent: f64,
	/// Gas limit = estimate × this percentage / 100.
	#[serde(default = "defaults::gas_limit_percent")]
	pub gas_limit_percent: u64,
}

/// The transaction type the relayer sends.
#[derive(Clone, Copy, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum FeeMode {
	/// EIP-1559 when the latest block has a base fee, else legacy.
	#[default]
	Auto,
	/// Always EIP-1559 (type 2).
	Eip1559,
	/// Always legacy (type 0, EIP-155).
	Legacy,
}

/// The L2 node.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct L2Config {
	/// WebSocket (or http) JSON-RPC endpoint of a Mooring node with the `bridge_*` RPC.
	pub rpc_url: String,
}

/// The embedded database.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct DbConfig {
	/// The redb file (its directory is created).
	#[serde(default = "defaults::db_path")]
	pub path: PathBuf,
}

/// Metrics and health.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct MetricsConfig {
	/// Serve `/metrics` and `/health`.
	#[serde(default = "defaults::yes")]
	pub enabled: bool,
	/// Listen address.
	#[serde(default = "defaults::metrics_listen")]
	pub listen: String,
	/// `/health` fails when an enabled loop has not completed a round for this long.
	#[serde(default = "defaults::health_stale_secs")]
	pub health_stale_secs: u64,
}

/// Where an L1 key comes from: an environment variable holding the 0x-hex key, or an Ethereum
/// keystore JSON file whose password is in an environment variable.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Default)]
#[serde(deny_unknown_fields)]
pub struct L1KeyConfig {
	/// Name of the variable holding the private key.
	#[serde(default, skip_serializing_if = "Option::is_none")]
	pub private_key_env: Option<String>,
	/// Keystore file (used when set).
	#[serde(default, skip_serializing_if = "Option::is_none")]
	pub keystore: Option<PathBuf>,
	/// Name of the variable holding the keystore password.
	#[serde(default, skip_serializing_if = "Option::is_none")]
	pub keystore_password_env: Option<String>,
}

/// The batcher.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct BatcherConfig {
	/// Run the batcher.
	#[serde(default)]
	pub enabled: bool,
	/// The batcher's key (an EOA with BATCHER_ROLE).
	#[serde(default = "defaults::batcher_key")]
	pub key: L1KeyConfig,
	/// Largest frame in bytes: the part of a batch (header + compressed blocks) one L1
	/// transaction carries. A batch that fits one frame is cut there; a single block that does
	/// not is posted in several frames.
	#[serde(default = "defaults::max_frame_bytes")]
	pub max_frame_bytes: usize,
	/// Most uncompressed block bytes considered for one batch (bounds compression work), at most
	/// `mooring_primitives::bridge::MAX_BATCH_RAW_BYTES`; a single larger block still makes a
	/// batch.
	#[serde(default = "defaults::max_raw_bytes")]
	pub max_raw_bytes: usize,
	/// Most L2 blocks in one batch, at most (and by default)
	/// `mooring_primitives::bridge::MAX_BLOCKS_PER_BATCH` (400): fault proofs carry the headers
	/// from an output's block to the end of its batch in one L1 transaction.
	#[serde(default = "defaults::max_blocks_per_batch")]
	pub max_blocks_per_batch: u64,
	/// A batch goes out at the latest this many seconds after blocks became ready, however
	/// small.
	#[serde(default = "defaults::max_batch_age_secs")]
	pub max_batch_age_secs: u64,
	/// `zstd`, `brotli` or `none`.
	#[serde(default = "defaults::compression")]
	pub compression: CompressionName,
	/// Compression level (zstd 1..=22, brotli 0..=11); `None` picks the algorithm's best.
	#[serde(default, skip_serializing_if = "Option::is_none")]
	pub compression_level: Option<i32>,
}

/// The proposer.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ProposerConfig {
	/// Run the proposer.
	#[serde(default)]
	pub enabled: bool,
	/// The proposer's key (PROPOSER_ROLE).
	#[serde(default = "defaults::proposer_key")]
	pub key: L1KeyConfig,
	/// Outputs are proposed for every block number that is a multiple of this.
	#[serde(default = "defaults::output_interval")]
	pub output_interval: u64,
	/// Deposit the OutputOracle's required bond at start if it is missing.
	#[serde(default = "defaults::yes")]
	pub deposit_bond: bool,
	/// Test only: post deliberately wrong outputs, so that verifiers can be tested against a
	/// faulty proposer. Never set it on a real network: the proposer loses its bond.
	#[serde(default)]
	pub fault: ProposerFault,
}

/// A fault the proposer injects on purpose (tests of the verifier and the fault proofs).
#[derive(Clone, Copy, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum ProposerFault {
	/// Honest outputs.
	#[default]
	None,
	/// Outputs whose preimage carries a wrong L2 state root (every byte of it inverted).
	StateRoot,
	/// Outputs whose preimage carries a wrong withdrawals root (every byte inverted) with the
	/// true block hash and state root: the forgery that would let a proposer drain the Portal.
	WithdrawalsRoot,
}

/// The verifier: derives L2 from L1 batches into its own node and checks every output.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct VerifierConfig {
	/// Run the verifier.
	#[serde(default)]
	pub enabled: bool,
	/// The verifier's own node: `mooring-node --l1-derivation` on the same chain spec, with no
	/// L2 peers (never the sequencer: it would trust it); it may prune state (only headers of
	/// old blocks are read).
	#[serde(default = "defaults::verifier_node_url")]
	pub node_url: String,
	/// Delete wrong outputs with `OutputOracle.deleteOutputs` (needs CHALLENGER_ROLE).
	#[serde(default = "defaults::yes")]
	pub challenge: bool,
	/// Delete wrong outputs with a fault proof (`OutputOracle.proveOutputFault`, open to
	/// anyone) when challenging is off or refused and the fault is one L1 checks: the output's
	/// published preimage contradicts the posted L2 header. With neither, or for a fault L1
	/// cannot check, the verifier only reports it (logs and metrics).
	#[serde(default = "defaults::yes")]
	pub prove: bool,
	/// The key that sends challenges and proofs (any funded key can prove; challenging needs
	/// CHALLENGER_ROLE).
	#[serde(default = "defaults::challenger_key")]
	pub key: L1KeyConfig,
	/// L2 blocks per `mooring_importBlocks` call.
	#[serde(default = "defaults::import_chunk")]
	pub import_chunk: usize,
}

/// The deposit relayer.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct DepositsConfig {
	/// Run the deposit relayer.
	#[serde(default)]
	pub enabled: bool,
	/// Name of the variable holding the relayer's sr25519 secret URI (e.g. `//Ferdie`, a
	/// mnemonic, or `0x` seed).
	#[serde(default = "defaults::l2_key_env")]
	pub l2_key_env: String,
	/// Deposits per `relay_deposits` call (the pallet takes at most 64).
	#[serde(default = "defaults::max_deposits_per_call")]
	pub max_per_call: usize,
	/// `relay_deposits` calls submitted at once, with consecutive account nonces, before waiting
	/// for them to be finalized (1 to 16). The pallet's nonce check keeps them in order: if one
	/// fails, the later ones fail too and are sent again next round.
	#[serde(default = "defaults::calls_in_flight")]
	pub calls_in_flight: usize,
	/// How far the scan cursor is rewound when an L1 reorg is detected under it.
	#[serde(default = "defaults::reorg_rewind_blocks")]
	pub reorg_rewind_blocks: u64,
	/// Scan deposits only up to the L1 `finalized` block (BSC's fast finality, two to three
	/// blocks behind the head), as well as at most `head - l1.confirmations`: a deposit credited
	/// on L2 can then only be undone by breaking BSC's finality. Off only for an endpoint that
	/// does not serve the `finalized` tag.
	#[serde(default = "defaults::yes")]
	pub finalized_only: bool,
	/// Report BNB Chain's gas price and blob base fee to `L1Fee.report_l1_prices` with the same
	/// account, so the L2's L1 data fee follows them (`relayer/src/l1_prices.rs`).
	#[serde(default = "defaults::yes")]
	pub report_l1_prices: bool,
	/// Report when a price moved by at least this many percent from the one in force.
	#[serde(default = "defaults::l1_price_change_pct")]
	pub l1_price_change_pct: u32,
	/// Report anyway when the prices in force are this many L2 blocks old (at least
	/// `L1_PRICE_REPORT_INTERVAL`, below `L1_PRICES_STALE_AFTER`).
	#[serde(default = "defaults::l1_price_refresh_blocks")]
	pub l1_price_refresh_blocks: u32,
}

/// Logging.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct LogConfig {
	/// `text` or `json`.
	#[serde(default = "defaults::log_format")]
	pub format: String,
	/// A tracing filter, e.g. `info,mooring_relayer=debug` (`RUST_LOG` wins).
	#[serde(default = "defaults::log_filter")]
	pub filter: String,
}

/// A compression algorithm by name.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum CompressionName {
	/// No compression.
	None,
	/// zstd.
	Zstd,
	/// brotli.
	Brotli,
}

impl From<CompressionName> for Compression {
	fn from(name: CompressionName) -> Compression {
		match name {
			CompressionName::None => Compression::None,
			CompressionName::Zstd => Compression::Zstd,
			CompressionName::Brotli => Compression::Brotli,
		}
	}
}

mod defaults {
	use super::*;
	pub fn confirmations() -> u64 {
		15
	}
	pub fn poll_interval_ms() -> u64 {
		3_000
	}
	pub fn max_log_range() -> u64 {
		5_000
	}
	pub fn max_fee_per_gas_gwei() -> f64 {
		10.0
	}
	pub fn max_priority_fee_gwei() -> f64 {
		3.0
	}
	pub fn min_priority_fee_gwei() -> f64 {
		0.1
	}
	pub fn bump_after_secs() -> u64 {
		30
	}
	pub fn bump_percent() -> f64 {
		15.0
	}
	pub fn gas_limit_percent() -> u64 {
		125
	}
	pub fn db_path() -> PathBuf {
		PathBuf::from("relayer-data/relayer.redb")
	}
	pub fn yes() -> bool {
		true
	}
	pub fn metrics_listen() -> String {
		"127.0.0.1:9187".into()
	}
	pub fn health_stale_secs() -> u64 {
		300
	}
	pub fn batcher_key() -> L1KeyConfig {
		L1KeyConfig { private_key_env: Some("MOORING_BATCHER_KEY".into()), ..Default::default() }
	}
	pub fn proposer_key() -> L1KeyConfig {
		L1KeyConfig { private_key_env: Some("MOORING_PROPOSER_KEY".into()), ..Default::default() }
	}
	pub fn max_frame_bytes() -> usize {
		120_000
	}
	pub fn max_raw_bytes() -> usize {
		2_000_000
	}
	pub fn max_blocks_per_batch() -> u64 {
		mooring_primitives::bridge::MAX_BLOCKS_PER_BATCH
	}
	pub fn max_batch_age_secs() -> u64 {
		300
	}
	pub fn compression() -> CompressionName {
		CompressionName::Brotli
	}
	pub fn verifier_node_url() -> String {
		"ws://127.0.0.1:9955".into()
	}
	pub fn challenger_key() -> L1KeyConfig {
		L1KeyConfig { private_key_env: Some("MOORING_CHALLENGER_KEY".into()), ..Default::default() }
	}
	pub fn import_chunk() -> usize {
		64
	}
	pub fn output_interval() -> u64 {
		10
	}
	pub fn l2_key_env() -> String {
		"MOORING_RELAYER_L2_SURI".into()
	}
	pub fn max_deposits_per_call() -> usize {
		64
	}
	pub fn reorg_rewind_blocks() -> u64 {
		64
	}
	pub fn calls_in_flight() -> usize {
		4
	}
	pub fn l1_price_change_pct() -> u32 {
		10
	}
	pub fn l1_price_refresh_blocks() -> u32 {
		300
	}
	pub fn log_format() -> String {
		"text".into()
	}
	pub fn log_filter() -> String {
		"info".into()
	}
}

impl Default for FeeConfig {
	fn default() -> Self {
		toml::from_str("").expect("all fee settings have defaults")
	}
}
impl Default for DbConfig {
	fn default() -> Self {
		Self { path: defaults::db_path() }
	}
}
impl Default for MetricsConfig {
	fn default() -> Self {
		toml::from_str("").expect("all metrics settings have defaults")
	}
}
impl Default for BatcherConfig {
	fn default() -> Self {
		toml::from_str("").expect("all batcher settings have defaults")
	}
}
impl Default for ProposerConfig {
	fn default() -> Self {
		toml::from_str("").expect("all proposer settings have defaults")
	}
}
impl Default for VerifierConfig {
	fn default() -> Self {
		toml::from_str("").expect("all verifier settings have defaults")
	}
}
impl Default for DepositsConfig {
	fn default() -> Self {
		toml::from_str("").expect("all deposit settings have defaults")
	}
}
impl Default for LogConfig {
	fn default() -> Self {
		toml::from_str("").expect("all log settings have defaults")
	}
}

/// Every key that a `MOORING_RELAYER_*` variable can override (dotted TOML paths).
pub const OVERRIDABLE_KEYS: &[&str] = &[
	"l1.rpc_url",
	"l1.chain_id",
	"l1.confirmations",
	"l1.poll_interval_ms",
	"l1.batch_inbox",
	"l1.output_oracle",
	"l1.portal",
	"l1.start_block",
	"l1.max_log_range",
	"l1.fees.mode",
	"l1.fees.max_fee_per_gas_gwei",
	"l1.fees.max_priority_fee_gwei",
	"l1.fees.min_priority_fee_gwei",
	"l1.fees.bump_after_secs",
	"l1.fees.bump_percent",
	"l1.fees.gas_limit_percent",
	"l2.rpc_url",
	"db.path",
	"metrics.enabled",
	"metrics.listen",
	"metrics.health_stale_secs",
	"batcher.enabled",
	"batcher.key.private_key_env",
	"batcher.key.keystore",
	"batcher.key.keystore_password_env",
	"batcher.max_frame_bytes",
	"batcher.max_raw_bytes",
	"batcher.max_blocks_per_batch",
	"batcher.max_batch_age_secs",
	"batcher.compression",
	"batcher.compression_level",
	"proposer.enabled",
	"proposer.key.private_key_env",
	"proposer.key.keystore",
	"proposer.key.keystore_password_env",
	"proposer.output_interval",
	"proposer.deposit_bond",
	"proposer.fault",
	"deposits.enabled",
	"deposits.l2_key_env",
	"deposits.max_per_call",
	"deposits.calls_in_flight",
	"deposits.reorg_rewind_blocks",
	"deposits.finalized_only",
	"deposits.report_l1_prices",
	"deposits.l1_price_change_pct",
	"deposits.l1_price_refresh_blocks",
	"verifier.enabled",
	"verifier.node_url",
	"verifier.challenge",
	"verifier.prove",
	"verifier.key.private_key_env",
	"verifier.key.keystore",
	"verifier.key.keystore_password_env",
	"verifier.import_chunk",
	"log.format",
	"log.filter",
];

/// The environment variable that overrides the dotted `key`.
pub fn env_name(key: &str) -> String {
	format!("{ENV_PREFIX}{}", key.replace('.', "_").to_uppercase())
}

/// An environment value as TOML: a number or boolean if it reads as one, else a string.
fn env_value(text: &str) -> toml::Value {
	if let Ok(n) = text.parse::<i64>() {
		return toml::Value::Integer(n);
	}
	if !text.starts_with("0x") {
		if let Ok(x) = text.parse::<f64>() {
			if x.is_finite() {
				return toml::Value::Float(x);
			}
		}
	}
	match text {
		"true" => toml::Value::Boolean(true),
		"false" => toml::Value::Boolean(false),
		_ => toml::Value::String(text.to_owned()),
	}
}

/// Sets `path` (dotted) to `value` inside `table`, creating tables on the way.
fn set_path(table: &mut toml::Table, path: &str, value: toml::Value) -> anyhow::Result<()> {
	let mut parts: Vec<&str> = path.split('.').collect();
	let last = parts.pop().expect("paths are not empty");
	let mut cursor = table;
	for part in parts {
		let entry = cursor.entry(part.to_owned()).or_insert_with(|| toml::Table::new().into());
		cursor = entry.as_table_mut().ok_or_else(|| anyhow!("{path}: {part} is not a table"))?;
	}
	cursor.insert(last.to_owned(), value);
	Ok(())
}

impl Config {
	/// Parses `text` (TOML) and applies the overrides in `env` (variable name → value).
	pub fn parse(text: &str, env: &BTreeMap<String, String>) -> anyhow::Result<Self> {
		let mut table: toml::Table =
			toml::from_str(text).context("the config is not valid TOML")?;
		for key in OVERRIDABLE_KEYS {
			if let Some(value) = env.get(&env_name(key)) {
				// Floats must stay floats where the file has them, whatever the text looks like.
				let mut parsed = env_value(value);
				if key.ends_with("_gwei") || key.ends_with("_percent") && key.contains("bump") {
					if let toml::Value::Integer(n) = parsed {
						parsed = toml::Value::Float(n as f64);
					}
				}
				set_path(&mut table, key, parsed)?;
			}
		}
		for name in env.keys() {
			if name.starts_with(ENV_PREFIX)
				&& !OVERRIDABLE_KEYS.iter().any(|key| &env_name(key) == name)
				&& !is_secret_variable(name)
			{
				bail!("unknown override {name}: see the config reference for the variables");
			}
		}
		let config: Config = toml::Value::Table(table)
			.try_into()
			.map_err(|e: toml::de::Error| anyhow!("invalid config: {}", e.message()))?;
		config.validate()?;
		Ok(config)
	}

	/// Reads `path` and applies the process's `MOORING_RELAYER_*` variables.
	pub fn load(path: &std::path::Path) -> anyhow::Result<Self> {
		let text = std::fs::read_to_string(path)
			.with_context(|| format!("cannot read the config {}", path.display()))?;
		let env = std::env::vars().filter(|(name, _)| name.starts_with(ENV_PREFIX)).collect();
		Self::parse(&text, &env).with_context(|| format!("in {}", path.display()))
	}

	/// Refuses settings that cannot work.
	pub fn validate(&self) -> anyhow::Result<()> {
		let fees = &self.l1.fees;
		if fees.bump_percent < 12.5 {
			bail!("l1.fees.bump_percent must be at least 12.5 (nodes refuse smaller replacements)");
		}
		if fees.max_fee_per_gas_gwei <= 0.0 || fees.max_priority_fee_gwei < 0.0 {
			bail!("l1.fees caps must be positive");
		}
		if fees.min_priority_fee_gwei > fees.max_priority_fee_gwei {
			bail!("l1.fees.min_priority_fee_gwei exceeds max_priority_fee_gwei");
		}
		if fees.gas_limit_percent < 100 {
			bail!("l1.fees.gas_limit_percent must be at least 100");
		}
		if self.l1.max_log_range == 0 || self.l1.poll_interval_ms == 0 {
			bail!("l1.max_log_range and l1.poll_interval_ms must be positive");
		}
		let b = &self.batcher;
		let smallest = mooring_primitives::bridge::min_frame_bytes();
		if b.max_frame_bytes < smallest {
			bail!(
				"batcher.max_frame_bytes must be at least {smallest}: a block of the largest length \
				 the runtime accepts must fit in {} frames",
				mooring_primitives::bridge::MAX_FRAMES_PER_BATCH
			);
		}
		let largest = mooring_primitives::bridge::MAX_FRAME_BYTES;
		if b.max_frame_bytes > largest {
			bail!("batcher.max_frame_bytes must be at most {largest}: L1 nodes refuse transactions over {MAX_L1_TX_BYTES} bytes");
		}
		let raw_limit = mooring_primitives::bridge::MAX_BATCH_RAW_BYTES;
		if !(b.max_frame_bytes..=raw_limit).contains(&b.max_raw_bytes) {
			bail!(
				"batcher.max_raw_bytes must be within batcher.max_frame_bytes..={raw_limit} (the \
				 verifier's decompression limit)"
			);
		}
		let most = mooring_primitives::bridge::MAX_BLOCKS_PER_BATCH;
		if !(1..=most).contains(&b.max_blocks_per_batch) {
			bail!(
				"batcher.max_blocks_per_batch must be within 1..={most}: a fault proof carries the \
				 headers up to its batch's end in one L1 transaction of at most 128 KiB"
			);
		}
		if let Some(level) = b.compression_level {
			let ok = match b.compression {
				CompressionName::Zstd => (1..=22).contains(&level),
				CompressionName::Brotli => (0..=11).contains(&level),
				CompressionName::None => true,
			};
			if !ok {
				bail!("batcher.compression_level {level} is out of range for {:?}", b.compression);
			}
		}
		if self.proposer.output_interval == 0 {
			bail!("proposer.output_interval must be positive");
		}
		if !(1..=16).contains(&self.deposits.calls_in_flight) {
			bail!("deposits.calls_in_flight must be within 1..=16");
		}
		if !(1..=64).contains(&self.deposits.max_per_call) {
			bail!("deposits.max_per_call must be within 1..=64");
		}
		if self.deposits.l1_price_change_pct == 0 {
			bail!("deposits.l1_price_change_pct must be positive");
		}
		let (interval, stale) = (L1_PRICE_REPORT_INTERVAL, L1_PRICES_STALE_AFTER);
		if !(interval..stale).contains(&self.deposits.l1_price_refresh_blocks) {
			bail!("deposits.l1_price_refresh_blocks must be within {interval}..{stale}");
		}
		if !(1..=1024).contains(&self.verifier.import_chunk) {
			bail!("verifier.import_chunk must be within 1..=1024");
		}
		if self.verifier.enabled && self.verifier.node_url == self.l2.rpc_url {
			bail!("verifier.node_url must be the verifier's own derivation node, not l2.rpc_url");
		}
		if self.log.format != "text" && self.log.format != "json" {
			bail!("log.format must be text or json");
		}
		Ok(())
	}
}

/// Whether `name` is one of the default secret variables (they share the prefix but are not
/// overrides).
fn is_secret_variable(name: &str) -> bool {
	name == defaults::l2_key_env() || name.ends_with("_KEY") || name.ends_with("_PASSWORD")
}

/// A secret string whose `Debug` and `Display` never show it.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
	/// Wraps `value`.
	pub fn new(value: String) -> Self {
		Self(value)
	}

	/// The secret itself: only pass it to the code that uses it, never to a log.
	pub fn expose(&self) -> &str {
		&self.0
	}
}

impl fmt::Debug for Secret {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		f.write_str("Secret(<redacted>)")
	}
}

impl fmt::Display for Secret {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		f.write_str("<redacted>")
	}
}

impl Drop for Secret {
	fn drop(&mut self) {
		// Best effort: overwrite the bytes before the allocation is freed.
		// SAFETY: zero bytes are valid UTF-8.
		unsafe { self.0.as_bytes_mut() }.fill(0);
	}
}

/// Reads the secret in the environment variable `name`.
pub fn secret_from_env(name: &str) -> anyhow::Result<Secret> {
	match std::env::var(name) {
		Ok(value) if !value.trim().is_empty() => Ok(Secret::new(value.trim().to_owned())),
		_ => bail!("the environment variable {name} (a secret) is not set"),
	}
}

/// An L1 signer with a redacted `Debug`: only its address shows.
#[derive(Clone)]
pub struct L1Key {
	signer: PrivateKeySigner,
}

impl L1Key {
	/// The signer.
	pub fn signer(&self) -> &PrivateKeySigner {
		&self.signer
	}

	/// Its address.
	pub fn address(&self) -> Address {
		self.signer.address()
	}

	/// Parses a 0x-hex private key.
	pub fn from_hex(secret: &Secret) -> anyhow::Result<Self> {
		let signer = PrivateKeySigner::from_str(secret.expose().trim_start_matches("0x"))
			.map_err(|_| anyhow!("the private key is not 32 bytes of hex"))?;
		Ok(Self { signer })
	}
}

impl fmt::Debug for L1Key {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		write!(f, "L1Key {{ address: {}, key: <redacted> }}", self.signer.address())
	}
}

impl L1KeyConfig {
	/// Loads the key: from the keystore if one is set, else from the variable.
	pub fn load(&self, role: &str) -> anyhow::Result<L1Key> {
		if let Some(path) = &self.keystore {
			let password_env = self
				.keystore_password_env
				.as_deref()
				.ok_or_else(|| anyhow!("{role}: keystore set without keystore_password_env"))?;
			let password = secret_from_env(password_env)?;
			let signer = PrivateKeySigner::decrypt_keystore(path, password.expose())
				.map_err(|e| anyhow!("{role}: cannot decrypt {}: {e}", path.display()))?;
			return Ok(L1Key { signer });
		}
		let env = self
			.private_key_env
			.as_deref()
			.ok_or_else(|| anyhow!("{role}: set key.private_key_env or key.keystore"))?;
		L1Key::from_hex(&secret_from_env(env)?).with_context(|| format!("{role} key in {env}"))
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	const MINIMAL: &str = r#"
[l1]
rpc_url = "http://127.0.0.1:8546"
chain_id = 56
batch_inbox = "0x5FbDB2315678afecb367f032d93F642f64180aa3"
output_oracle = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512"
portal = "0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0"

[l2]
rpc_url = "ws://127.0.0.1:9944"
"#;

	fn env(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
		pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
	}

	#[test]
	fn a_minimal_file_gets_the_defaults() {
		let config = Config::parse(MINIMAL, &BTreeMap::new()).unwrap();
		assert_eq!(config.l1.confirmations, 15);
		assert_eq!(config.l1.fees.mode, FeeMode::Auto);
		assert_eq!(config.l1.fees.bump_percent, 15.0);
		assert_eq!(config.batcher.max_frame_bytes, 120_000);
		assert_eq!(config.batcher.compression, CompressionName::Brotli);
		assert!(!config.batcher.enabled && !config.proposer.enabled && !config.deposits.enabled);
		assert_eq!(config.proposer.key.private_key_env.as_deref(), Some("MOORING_PROPOSER_KEY"));
		assert_eq!(config.deposits.max_per_call, 64);
		assert_eq!(config.metrics.listen, "127.0.0.1:9187");
	}

	#[test]
	fn environment_variables_override_the_file() {
		let config = Config::parse(
			MINIMAL,
			&env(&[
				("MOORING_RELAYER_L1_RPC_URL", "https://bsc-testnet.example"),
				("MOORING_RELAYER_L1_CHAIN_ID", "97"),
				("MOORING_RELAYER_L1_FEES_MAX_FEE_PER_GAS_GWEI", "3"),
				("MOORING_RELAYER_L1_FEES_MODE", "legacy"),
				("MOORING_RELAYER_BATCHER_ENABLED", "true"),
				("MOORING_RELAYER_BATCHER_COMPRESSION", "zstd"),
				("MOORING_RELAYER_BATCHER_KEY_KEYSTORE", "/keys/batcher.json"),
				("MOORING_RELAYER_PROPOSER_OUTPUT_INTERVAL", "1800"),
				("MOORING_RELAYER_L1_PORTAL", "0x0000000000000000000000000000000000000001"),
				// Secrets share the prefix but are not overrides.
				("MOORING_RELAYER_L2_SURI", "//Ferdie"),
			]),
		)
		.unwrap();
		assert_eq!(config.l1.rpc_url, "https://bsc-testnet.example");
		assert_eq!(config.l1.chain_id, 97);
		assert_eq!(config.l1.fees.max_fee_per_gas_gwei, 3.0);
		assert_eq!(config.l1.fees.mode, FeeMode::Legacy);
		assert!(config.batcher.enabled);
		assert_eq!(config.batcher.compression, CompressionName::Zstd);
		assert_eq!(config.batcher.key.keystore, Some(PathBuf::from("/keys/batcher.json")));
		assert_eq!(config.proposer.output_interval, 1800);
		assert_eq!(config.l1.portal, Address::with_last_byte(1));
	}

	#[test]
	fn unknown_keys_overrides_and_bad_values_are_refused() {
		let unknown_key = format!("{MINIMAL}\n[batcher]\nmax_bytes = 1\n");
		assert!(Config::parse(&unknown_key, &BTreeMap::new()).is_err());
		let typo = env(&[("MOORING_RELAYER_BATCHER_ENABLE", "true")]);
		let error = Config::parse(MINIMAL, &typo).unwrap_err().to_string();
		assert!(error.contains("MOORING_RELAYER_BATCHER_ENABLE"), "{error}");
		let small_bump = env(&[("MOORING_RELAYER_L1_FEES_BUMP_PERCENT", "10")]);
		assert!(Config::parse(MINIMAL, &small_bump).is_err());
		let bad_address = env(&[("MOORING_RELAYER_L1_PORTAL", "0x12")]);
		assert!(Config::parse(MINIMAL, &bad_address).is_err());
		let too_many = env(&[("MOORING_RELAYER_DEPOSITS_MAX_PER_CALL", "65")]);
		assert!(Config::parse(MINIMAL, &too_many).is_err());
		let level = env(&[("MOORING_RELAYER_BATCHER_COMPRESSION_LEVEL", "23")]);
		assert!(Config::parse(MINIMAL, &level).is_err());
		let long = env(&[("MOORING_RELAYER_BATCHER_MAX_BLOCKS_PER_BATCH", "401")]);
		let error = Config::parse(MINIMAL, &long).unwrap_err().to_string();
		assert!(error.contains("1..=400"), "a fault proof must fit one transaction: {error}");
		let at_most = env(&[("MOORING_RELAYER_BATCHER_MAX_BLOCKS_PER_BATCH", "400")]);
		assert_eq!(Config::parse(MINIMAL, &at_most).unwrap().batcher.max_blocks_per_batch, 400);
		let missing = MINIMAL.replace("chain_id = 56\n", "");
		assert!(Config::parse(&missing, &BTreeMap::new()).is_err());
	}

	#[test]
	fn a_frame_fits_one_l1_transaction_and_a_largest_block_fits_its_frames() {
		let fits = |bytes: usize| {
			let bytes = bytes.to_string();
			Config::parse(MINIMAL, &env(&[("MOORING_RELAYER_BATCHER_MAX_FRAME_BYTES", &bytes)]))
		};
		assert!(fits(130_048).is_ok());
		let error = fits(130_049).unwrap_err().to_string();
		assert!(error.contains("at most 130048"), "{error}");
		let smallest = mooring_primitives::bridge::min_frame_bytes();
		assert!(fits(smallest).is_ok());
		let error = fits(smallest - 1).unwrap_err().to_string();
		assert!(error.contains(&format!("at least {smallest}")), "{error}");
		let raw = |bytes: &str| {
			Config::parse(MINIMAL, &env(&[("MOORING_RELAYER_BATCHER_MAX_RAW_BYTES", bytes)]))
		};
		assert!(raw("6291456").is_ok());
		let error = raw("6291457").unwrap_err().to_string();
		assert!(error.contains("decompression limit"), "{error}");
		assert!(raw("119999").is_err());
	}

	#[test]
	fn every_overridable_key_is_a_real_key() {
		// Setting each key through its variable (to a value of the right type) must parse.
		let config = Config::parse(MINIMAL, &BTreeMap::new()).unwrap();
		let full = toml::Value::try_from(&config).unwrap();
		for key in OVERRIDABLE_KEYS {
			let mut value = Some(&full);
			for part in key.split('.') {
				value = value.and_then(|v| v.get(part));
			}
			let optional = key.ends_with("keystore")
				|| key.ends_with("password_env")
				|| key.ends_with("compression_level");
			assert!(value.is_some() || optional, "{key} is not in the config");
		}
	}

	#[test]
	fn the_devnet_file_parses() {
		let text = include_str!("../devnet.toml");
		let config = Config::parse(text, &BTreeMap::new()).unwrap();
		assert_eq!(config.l1.chain_id, 56);
		assert_eq!(config.l1.confirmations, 2);
		assert_eq!(config.proposer.output_interval, 10);
		assert!(config.batcher.enabled && config.proposer.enabled && config.deposits.enabled);
	}

	#[test]
	fn secrets_never_show_in_debug_or_display() {
		let secret = Secret::new("0xdeadbeefcafe".into());
		assert!(!format!("{secret:?}").contains("dead"));
		assert!(!format!("{secret}").contains("dead"));
		let key = L1Key::from_hex(&Secret::new(
			"0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356".into(),
		))
		.unwrap();
		let shown = format!("{key:?}");
		assert!(shown.contains("<redacted>"));
		assert!(!shown.to_lowercase().contains("4bbbf85ce3377467"));
		assert!(shown.contains(&key.address().to_string()));
		assert!(L1Key::from_hex(&Secret::new("0x1234".into())).is_err());
	}

	#[test]
	fn keystores_decrypt_with_the_password_from_the_environment() {
		let dir = tempfile::tempdir().unwrap();
		let mut rng = rand_core_for_tests();
		let (signer, name) =
			PrivateKeySigner::new_keystore(dir.path(), &mut rng, "hunter2", None).unwrap();
		// SAFETY (test): the variable name is unique to this test.
		unsafe { std::env::set_var("MOORING_TEST_KEYSTORE_PASSWORD", "hunter2") };
		let config = L1KeyConfig {
			private_key_env: None,
			keystore: Some(dir.path().join(name)),
			keystore_password_env: Some("MOORING_TEST_KEYSTORE_PASSWORD".into()),
		};
		assert_eq!(config.load("test").unwrap().address(), signer.address());
		unsafe { std::env::set_var("MOORING_TEST_KEYSTORE_PASSWORD", "wrong") };
		assert!(config.load("test").is_err());
	}

	fn rand_core_for_tests() -> impl alloy::signers::k256::elliptic_curve::rand_core::CryptoRngCore
	{
		alloy::signers::k256::elliptic_curve::rand_core::OsRng
	}
}
