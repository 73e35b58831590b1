//! The devnet the bridge and verifier tests share: a dev sequencer, anvil and the L1 contracts.

use crate::{
	anvil::Anvil,
	artifacts::{BatchInbox, DevToken, OutputOracle, Portal},
	node::{Node, NodeConfig},
	relayer::{
		anvil_provider, anvil_signer, deploy_l1, set_bridge_portal, L1Deployment, Relayer,
		RelayerOptions,
	},
};
use alloy::{
	primitives::{Address, B256, U256},
	providers::{DynProvider, Provider},
	rpc::types::Filter,
	sol_types::SolEvent,
};
use mooring_relayer::inbox::{posted_batch, PostedBatch};
use serde_json::Value;
use std::time::Duration;
use subxt::{OnlineClient, PolkadotConfig};

/// The OutputOracle's challenge window on the devnet, in seconds.
pub const WINDOW: u64 = 120;
/// How long the tests wait for slow things (blocks, batches, outputs).
pub const LONG: Duration = Duration::from_secs(180);

/// A dev sequencer, anvil as BNB Chain (chain id 56, a block a second) and the L1 contracts
/// deployed for the sequencer's genesis.
pub struct Devnet {
	pub dir: tempfile::TempDir,
	pub node: Node,
	pub anvil: Anvil,
	pub l1: DynProvider,
	pub l2: OnlineClient<PolkadotConfig>,
	pub deployment: L1Deployment,
}

impl Devnet {
	/// Starts the sequencer (waits for block 1), anvil, and deploys the contracts.
	pub async fn start() -> anyhow::Result<Self> {
		Self::start_with(&NodeConfig::dev_sequencer()).await
	}

	/// [`Self::start`] with a sequencer started as `sequencer` says.
	pub async fn start_with(sequencer: &NodeConfig) -> anyhow::Result<Self> {
		let dir = tempfile::tempdir()?;
		let node = Node::start(sequencer, dir.path()).await?;
		node.wait_for_block(1, LONG).await?;
		let anvil = Anvil::start(dir.path(), Some(1)).await?;
		let l1 = anvil_provider(&anvil.url());
		let genesis: B256 = node.block_hash(0).await?.expect("genesis").parse()?;
		let deployment = deploy_l1(&l1, genesis, WINDOW).await?;
		set_bridge_portal(&node.ws_url(), &deployment, deployment.portal, 0).await?;
		let l2 = OnlineClient::<PolkadotConfig>::from_insecure_url(node.ws_url()).await?;
		Ok(Self { dir, node, anvil, l1, l2, deployment })
	}

	/// A relayer configured for this devnet in `<dir>/<name>` (not started).
	pub fn relayer(&self, name: &str, options: &RelayerOptions) -> anyhow::Result<Relayer> {
		Relayer::configure(
			&self.dir.path().join(name),
			&self.anvil.url(),
			&self.node.ws_url(),
			&self.deployment,
			options,
		)
	}

	/// The BatchInbox.
	pub fn inbox(&self) -> BatchInbox::BatchInboxInstance<DynProvider> {
		BatchInbox::new(self.deployment.inbox, self.l1.clone())
	}

	/// The OutputOracle.
	pub fn oracle(&self) -> OutputOracle::OutputOracleInstance<DynProvider> {
		OutputOracle::new(self.deployment.oracle, self.l1.clone())
	}

	/// The Portal.
	pub fn portal(&self) -> Portal::PortalInstance<DynProvider> {
		Portal::new(self.deployment.portal, self.l1.clone())
	}

	/// A raw JSON-RPC call to anvil (`evm_increaseTime`, `evm_mine`, ...).
	pub async fn rpc(&self, method: &'static str, params: Value) -> anyhow::Result<Value> {
		Ok(self.l1.raw_request(method.into(), params).await?)
	}

	/// Every BatchPosted event: (index, first, last).
	pub async fn batches(&self) -> anyhow::Result<Vec<(u64, u64, u64)>> {
		let filter = Filter::new()
			.address(self.deployment.inbox)
			.event_signature(BatchInbox::BatchPosted::SIGNATURE_HASH)
			.from_block(self.deployment.start_block);
		let mut out = vec![];
		for log in self.l1.get_logs(&filter).await? {
			let event = log.log_decode::<BatchInbox::BatchPosted>()?.inner.data;
			out.push((u64::try_from(event.batchIndex)?, event.firstBlock, event.lastBlock));
		}
		Ok(out)
	}

	/// Batch `index` as derivation reads it back from its frames' L1 transactions.
	pub async fn posted_batch(&self, index: u64) -> anyhow::Result<PostedBatch> {
		let inbox = mooring_relayer::l1::BatchInbox::new(self.deployment.inbox, self.l1.clone());
		posted_batch(&inbox, index, 10_000).await
	}

	/// Every live output: (index, l2 block, root, tx hash) from OutputProposed events.
	pub async fn output_events(&self) -> anyhow::Result<Vec<(u64, u64, B256)>> {
		let filter = Filter::new()
			.address(self.deployment.oracle)
			.event_signature(OutputOracle::OutputProposed::SIGNATURE_HASH)
			.from_block(self.deployment.start_block);
		let mut out = vec![];
		for log in self.l1.get_logs(&filter).await? {
			let event = log.log_decode::<OutputOracle::OutputProposed>()?.inner.data;
			out.push((
				u64::try_from(event.outputIndex)?,
				u64::try_from(event.l2BlockNumber)?,
				log.transaction_hash.expect("mined"),
			));
		}
		Ok(out)
	}

	/// Transactions from `signer` that reverted, between the deployment and now.
	pub async fn failed_transactions_from(&self, signer: Address) -> anyhow::Result<usize> {
		let head = self.l1.get_block_number().await?;
		let mut failed = 0;
		for number in self.deployment.start_block..=head {
			let Some(block) = self.l1.get_block_by_number(number.into()).full().await? else {
				continue;
			};
			for tx in block.transactions.txns() {
				if tx.inner.signer() == signer {
					let receipt = self.l1.get_transaction_receipt(*tx.inner.hash()).await?;
					if receipt.map(|r| !r.status()).unwrap_or(false) {
						failed += 1;
					}
				}
			}
		}
		Ok(failed)
	}

	/// `Portal.depositNative` of `amount` from anvil key `from` to L2 account `recipient`.
	pub async fn deposit_native(
		&self,
		from: usize,
		recipient: [u8; 32],
		amount: u128,
	) -> anyhow::Result<()> {
		let receipt = self
			.portal()
			.depositNative(B256::from(recipient))
			.value(U256::from(amount))
			.from(anvil_signer(from).address())
			.send()
			.await?
			.get_receipt()
			.await?;
		anyhow::ensure!(receipt.status(), "depositNative reverted");
		Ok(())
	}

	/// `Portal.depositERC20` of the DevToken (approved first) from anvil key 0.
	pub async fn deposit_token(&self, recipient: [u8; 32], amount: u128) -> anyhow::Result<()> {
		// The DevToken supply belongs to anvil key 0, who deployed it.
		let token = DevToken::new(self.deployment.token, self.l1.clone());
		let owner = anvil_signer(0).address();
		let approve =
			token.approve(self.deployment.portal, U256::from(amount)).from(owner).send().await?;
		approve.get_receipt().await?;
		let receipt = self
			.portal()
			.depositERC20(self.deployment.token, U256::from(amount), B256::from(recipient))
			.from(owner)
			.send()
			.await?
			.get_receipt()
			.await?;
		anyhow::ensure!(receipt.status(), "depositERC20 reverted");
		Ok(())
	}
}
