//! anvil as the local stand-in for BNB Chain.

use crate::{free_port, npm_bin, process::Process};
use alloy::{
	network::EthereumWallet,
	primitives::Address,
	providers::{DynProvider, Provider, ProviderBuilder},
	signers::local::PrivateKeySigner,
};
use std::{path::Path, process::Command, time::Duration};

/// BNB Smart Chain's chain id; anvil uses it so wallets and the relayer see a BSC network.
pub const BSC_CHAIN_ID: u64 = 56;

/// A running anvil.
pub struct Anvil {
	/// The process.
	pub process: Process,
	/// JSON-RPC port on 127.0.0.1.
	pub port: u16,
}

impl Anvil {
	/// Starts anvil with the BSC chain id. `block_time` of `None` mines a block per transaction
	/// (automine), which keeps tests fast and deterministic; `Some(s)` mines every `s` seconds.
	pub async fn start(log_dir: &Path, block_time: Option<u64>) -> anyhow::Result<Self> {
		let port = free_port();
		let mut command = Command::new(npm_bin("anvil"));
		command
			// anvil spills old states under $HOME/.foundry/anvil/tmp and leaves them there when
			// it is killed (gigabytes over a test run): keep them in the test's own directory.
			.env("HOME", log_dir)
			.args(["--host", "127.0.0.1", "--port", &port.to_string()])
			.args(["--chain-id", &BSC_CHAIN_ID.to_string()])
			.args(["--hardfork", "cancun"])
			// `finalized` two blocks behind the head, like BSC's fast finality (anvil's default
			// is 64).
			.args(["--slots-in-an-epoch", "1"]);
		if let Some(seconds) = block_time {
			command.args(["--block-time", &seconds.to_string()]);
		}
		let process = Process::spawn("anvil", command, &log_dir.join("anvil.log"))?;
		let mut anvil = Self { process, port };
		let url = anvil.url();
		anvil.process.wait_for_rpc(&url, "eth_chainId", Duration::from_secs(30)).await?;
		Ok(anvil)
	}

	/// The HTTP JSON-RPC endpoint.
	pub fn url(&self) -> String {
		format!("http://127.0.0.1:{}", self.port)
	}
}

/// A provider on `url` that signs for each of `keys` (0x-hex private keys), and their addresses
/// in the same order.
pub fn signing_provider(url: &str, keys: &[&str]) -> (DynProvider, Vec<Address>) {
	let signers: Vec<PrivateKeySigner> =
		keys.iter().map(|key| key.parse().expect("a valid private key")).collect();
	let accounts = signers.iter().map(|signer| signer.address()).collect();
	let (first, rest) = signers.split_first().expect("at least one key");
	let mut wallet = EthereumWallet::new(first.clone());
	for signer in rest {
		wallet.register_signer(signer.clone());
	}
	let provider =
		ProviderBuilder::new().wallet(wallet).connect_http(url.parse().expect("url")).erased();
	(provider, accounts)
}
