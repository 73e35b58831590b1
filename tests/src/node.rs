//! Mooring nodes and the eth-rpc as processes.

use crate::{free_port, process::Process, workspace_bin};
use jsonrpsee::{
	core::{client::ClientT, params::ArrayParams},
	http_client::HttpClientBuilder,
};
use serde_json::Value;
use std::{
	path::{Path, PathBuf},
	process::Command,
	time::{Duration, Instant},
};

/// How to start a node.
#[derive(Clone, Debug)]
pub struct NodeConfig {
	/// `dev` or `local` or a chain spec file.
	pub chain: String,
	/// Author blocks (`--validator`): as Alice (`--alice`, the sequencer of the dev and local
	/// chains) unless `keystore_keys` says the keys are in the keystore already.
	pub sequencer: bool,
	/// The sequencer's keys were inserted into its keystore (`mooring-node key insert`).
	pub keystore_keys: bool,
	/// libp2p addresses of nodes to connect to.
	pub bootnodes: Vec<String>,
	/// A name for logs.
	pub name: String,
	/// Serve `mooring_importBlocks` (`--l1-derivation`): a verifier's node, fed from L1 only.
	pub l1_derivation: bool,
	/// `--state-pruning N`: keep the state of the last N blocks only (`None`: the node's default).
	pub state_pruning: Option<u32>,
	/// `--rpc-methods`: `safe`, `unsafe` or `auto` (`None`: the node's default, `auto`).
	pub rpc_methods: Option<&'static str>,
}

impl NodeConfig {
	/// The single-node development chain's sequencer.
	pub fn dev_sequencer() -> Self {
		Self {
			chain: "dev".into(),
			sequencer: true,
			keystore_keys: false,
			bootnodes: vec![],
			name: "sequencer".into(),
			l1_derivation: false,
			state_pruning: None,
			rpc_methods: None,
		}
	}

	/// A follower of `chain` that connects to `bootnode`.
	pub fn follower(chain: &str, bootnode: String, name: &str) -> Self {
		Self {
			chain: chain.into(),
			sequencer: false,
			keystore_keys: false,
			bootnodes: vec![bootnode],
			name: name.into(),
			l1_derivation: false,
			state_pruning: None,
			rpc_methods: None,
		}
	}

	/// A node of the dev chain with no L2 peers that imports only what a verifier derives
	/// from L1.
	pub fn derived_from_l1(name: &str) -> Self {
		Self {
			chain: "dev".into(),
			sequencer: false,
			keystore_keys: false,
			bootnodes: vec![],
			name: name.into(),
			l1_derivation: true,
			state_pruning: None,
			rpc_methods: None,
		}
	}
}

/// A running `mooring-node`.
pub struct Node {
	/// The process.
	pub process: Process,
	/// Substrate JSON-RPC (HTTP and WebSocket) port.
	pub rpc_port: u16,
	/// libp2p port.
	pub p2p_port: u16,
	/// Prometheus port.
	pub prometheus_port: u16,
	/// The database directory.
	pub base_path: PathBuf,
}

impl Node {
	/// Starts a node with its database in `dir` and waits until its RPC answers.
	pub async fn start(config: &NodeConfig, dir: &Path) -> anyhow::Result<Self> {
		// A port `free_port` picked can be taken by another socket before the node binds it; a
		// node that does not answer is stopped (on drop) and started again on fresh ports.
		let mut attempts_left = 3;
		loop {
			attempts_left -= 1;
			match Self::start_once(config, dir).await {
				Err(error) if attempts_left > 0 => eprintln!("{error:#}; starting it again"),
				result => return result,
			}
		}
	}

	async fn start_once(config: &NodeConfig, dir: &Path) -> anyhow::Result<Self> {
		let (rpc_port, p2p_port, prometheus_port) = (free_port(), free_port(), free_port());
		let base_path = dir.join(&config.name);
		let mut command = Command::new(workspace_bin("mooring-node"));
		command
			.args(["--chain", &config.chain, "--name", &config.name])
			.arg("--base-path")
			.arg(&base_path)
			.args(["--rpc-port", &rpc_port.to_string()])
			.args(["--prometheus-port", &prometheus_port.to_string()])
			.args(["--listen-addr", &format!("/ip4/127.0.0.1/tcp/{p2p_port}")])
			.args(["--no-mdns", "--no-telemetry", "--allow-private-ip"])
			.arg("--unsafe-force-node-key-generation");
		if config.sequencer {
			command.args(["--validator", "--force-authoring"]);
			if !config.keystore_keys {
				command.arg("--alice");
			}
		}
		if config.l1_derivation {
			command.arg("--l1-derivation");
		}
		if let Some(blocks) = config.state_pruning {
			command.args(["--state-pruning", &blocks.to_string()]);
		}
		if let Some(methods) = config.rpc_methods {
			command.args(["--rpc-methods", methods]);
		}
		for bootnode in &config.bootnodes {
			command.args(["--bootnodes", bootnode]);
		}
		let log = dir.join(format!("{}.log", config.name));
		let process = Process::spawn(&config.name, command, &log)?;
		let mut node = Self { process, rpc_port, p2p_port, prometheus_port, base_path };
		let url = node.http_url();
		node.process.wait_for_rpc(&url, "system_health", Duration::from_secs(120)).await?;
		Ok(node)
	}

	/// Substrate RPC over HTTP.
	pub fn http_url(&self) -> String {
		format!("http://127.0.0.1:{}", self.rpc_port)
	}

	/// Substrate RPC over WebSocket.
	pub fn ws_url(&self) -> String {
		format!("ws://127.0.0.1:{}", self.rpc_port)
	}

	/// Calls a Substrate JSON-RPC method.
	pub async fn rpc(&self, method: &str, params: ArrayParams) -> anyhow::Result<Value> {
		let client = HttpClientBuilder::default().build(self.http_url())?;
		Ok(client.request(method, params).await?)
	}

	/// The node's libp2p address, for `--bootnodes` of another node.
	pub async fn multiaddr(&self) -> anyhow::Result<String> {
		let peer_id = self.rpc("system_localPeerId", ArrayParams::new()).await?;
		let peer_id = peer_id.as_str().ok_or_else(|| anyhow::anyhow!("peer id is not a string"))?;
		Ok(format!("/ip4/127.0.0.1/tcp/{}/p2p/{peer_id}", self.p2p_port))
	}

	/// The number of the best block.
	pub async fn best_number(&self) -> anyhow::Result<u64> {
		let header = self.rpc("chain_getHeader", ArrayParams::new()).await?;
		parse_hex_u64(&header["number"])
	}

	/// The hash of block `number`, if the node has it.
	pub async fn block_hash(&self, number: u64) -> anyhow::Result<Option<String>> {
		let mut params = ArrayParams::new();
		params.insert(number)?;
		let hash = self.rpc("chain_getBlockHash", params).await?;
		Ok(hash.as_str().map(str::to_owned))
	}

	/// The number of the last finalized block.
	pub async fn finalized_number(&self) -> anyhow::Result<u64> {
		let hash = self.rpc("chain_getFinalizedHead", ArrayParams::new()).await?;
		let mut params = ArrayParams::new();
		params.insert(hash)?;
		let header = self.rpc("chain_getHeader", params).await?;
		parse_hex_u64(&header["number"])
	}

	/// Waits until the best block number reaches `number`.
	pub async fn wait_for_block(&self, number: u64, timeout: Duration) -> anyhow::Result<()> {
		wait_until(timeout, &format!("block #{number} on {}", self.http_url()), || async {
			Ok(self.best_number().await? >= number)
		})
		.await
	}
}

/// A running `mooring-eth-rpc` connected to a node.
pub struct EthRpc {
	/// The process.
	pub process: Process,
	/// Ethereum JSON-RPC port.
	pub port: u16,
}

impl EthRpc {
	/// Starts the eth-rpc in front of `node` and waits until `eth_chainId` answers.
	pub async fn start(node: &Node, dir: &Path) -> anyhow::Result<Self> {
		let (port, prometheus_port) = (free_port(), free_port());
		let mut command = Command::new(workspace_bin("mooring-eth-rpc"));
		command
			.args(["--node-rpc-url", &node.ws_url()])
			.args(["--rpc-port", &port.to_string()])
			.args(["--prometheus-port", &prometheus_port.to_string()])
			.arg("--base-path")
			.arg(dir.join("eth-rpc"));
		let process = Process::spawn("eth-rpc", command, &dir.join("eth-rpc.log"))?;
		let mut eth_rpc = Self { process, port };
		let url = eth_rpc.url();
		eth_rpc.process.wait_for_rpc(&url, "eth_chainId", Duration::from_secs(120)).await?;
		Ok(eth_rpc)
	}

	/// The Ethereum JSON-RPC endpoint.
	pub fn url(&self) -> String {
		format!("http://127.0.0.1:{}", self.port)
	}
}

/// Whether `url` answers the JSON-RPC `method` (without parameters) right now.
pub async fn answers_rpc(url: &str, method: &str) -> bool {
	let Ok(client) =
		HttpClientBuilder::default().request_timeout(Duration::from_secs(5)).build(url)
	else {
		return false;
	};
	client.request::<Value, _>(method, ArrayParams::new()).await.is_ok()
}

/// Polls `condition` every 250 ms until it holds, failing after `timeout`.
pub async fn wait_until<F, Fut>(
	timeout: Duration,
	what: &str,
	mut condition: F,
) -> anyhow::Result<()>
where
	F: FnMut() -> Fut,
	Fut: std::future::Future<Output = anyhow::Result<bool>>,
{
	let deadline = Instant::now() + timeout;
	loop {
		match condition().await {
			Ok(true) => return Ok(()),
			Ok(false) | Err(_) if Instant::now() < deadline => {},
			Ok(false) => anyhow::bail!("timed out after {timeout:?} waiting for {what}"),
			Err(e) => anyhow::bail!("timed out after {timeout:?} waiting for {what}: {e}"),
		}
		tokio::time::sleep(Duration::from_millis(250)).await;
	}
}

fn parse_hex_u64(value: &Value) -> anyhow::Result<u64> {
	let text =
		value.as_str().ok_or_else(|| anyhow::anyhow!("expected a hex number, got {value}"))?;
	Ok(u64::from_str_radix(text.trim_start_matches("0x"), 16)?)
}
