//! `withdraw prove` and `withdraw finalize`: what a user needs to take a withdrawal burned on L2
//! out of the Portal on L1.
//!
//! 1. Find the L2 block `w` where withdrawal `nonce` appeared (binary search on
//!    `bridge_withdrawalProof`, which fails at blocks before it).
//! 2. `OutputOracle.getL2OutputIndexAfter(w)`: the first output at or after `w`.
//! 3. `bridge_withdrawalProof(nonce, output.l2BlockNumber)`: the leaf, its proof and the output
//!    preimage at exactly that output's block; its output root in this oracle (chain id and
//!    address, format version 1) must equal the oracle's, and the leaf must name a Portal the
//!    given Portal pays (itself, or a predecessor retired into it).
//! 4. Final once `output.timestamp + finalizationPeriodSeconds <= now` on L1.

use crate::{
	l1::{describe_revert, Formats, OutputOracle, Portal},
	l2::{WithdrawalProofResponse, L2},
};
use alloy::{
	eips::BlockNumberOrTag,
	network::EthereumWallet,
	primitives::{Address, FixedBytes, B256, U256},
	providers::{DynProvider, Provider, ProviderBuilder},
	signers::local::PrivateKeySigner,
};
use anyhow::{anyhow, bail, Context};
use mooring_primitives::bridge::{verify_withdrawal_proof, L1Contract};
use serde::Serialize;

/// Everything about one withdrawal, as `withdraw prove` prints it.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WithdrawalStatus {
	/// The withdrawal nonce.
	pub nonce: u64,
	/// The L2 block it appeared in.
	pub l2_block: u64,
	/// The output it is proven against (none yet if `None`).
	pub output_index: Option<u64>,
	/// That output's L2 block.
	pub output_l2_block: Option<u64>,
	/// Whether the output's window has passed.
	pub is_final: bool,
	/// L1 time at which it becomes final (unix seconds).
	pub final_at: Option<u64>,
	/// Seconds until then (0 if final).
	pub seconds_until_final: Option<u64>,
	/// Whether the Portal already paid it.
	pub already_finalized: bool,
	/// The leaf, proof and preimage (at the output's block), if an output covers it.
	pub proof: Option<WithdrawalProofResponse>,
	/// A sentence for humans.
	pub message: String,
}

/// The L1 contracts a withdrawal involves.
pub struct Contracts {
	/// The Portal (optional for `prove`).
	pub portal: Option<Portal::PortalInstance<DynProvider>>,
	/// The OutputOracle.
	pub oracle: OutputOracle::OutputOracleInstance<DynProvider>,
}

impl Contracts {
	/// From the Portal (whose oracle is read) or the oracle alone.
	pub async fn resolve(
		l1: &DynProvider,
		portal: Option<Address>,
		oracle: Option<Address>,
	) -> anyhow::Result<Self> {
		let portal = portal.map(|address| Portal::new(address, l1.clone()));
		let oracle = match (oracle, &portal) {
			(Some(oracle), _) => oracle,
			(None, Some(portal)) => portal.oracle().call().await.context("Portal.oracle()")?,
			(None, None) => bail!("give --portal or --oracle"),
		};
		Ok(Self { portal, oracle: OutputOracle::new(oracle, l1.clone()) })
	}

	/// Fails unless the Portal (if given) pays the leaf of `proof`: the leaf names this chain and
	/// this Portal or a predecessor retired into it (`Portal.acceptsLeavesOf`).
	pub async fn ensure_pays(
		&self,
		chain_id: u64,
		proof: &WithdrawalProofResponse,
	) -> anyhow::Result<()> {
		let Some(portal) = &self.portal else { return Ok(()) };
		let successor = portal.successor().call().await?;
		if successor != Address::ZERO {
			bail!(
				"the Portal {} retired into {successor}, which pays its withdrawals now: use --portal {successor}",
				portal.address()
			);
		}
		let named = proof.leaf.portal();
		let accepted = named.chain_id == chain_id
			&& portal.acceptsLeavesOf(Address::from(named.address)).call().await?;
		if !accepted {
			bail!(
				"withdrawal {} names the Portal {} on chain {}, which the Portal {} on chain \
				 {chain_id} does not pay: finalize it at the Portal it names (if that one has \
				 retired, at its successor, once the retirement is done)",
				proof.leaf.nonce,
				Address::from(named.address),
				named.chain_id,
				portal.address(),
			);
		}
		Ok(())
	}

	/// The first output at or after `index` that the Portal honours (it refuses the range
	/// `Portal.disregardOutputsFrom` set); `None` if no such output exists yet. Every later
	/// output covers the same withdrawals: the withdrawal tree only grows.
	pub async fn first_honoured(&self, index: u64) -> anyhow::Result<Option<u64>> {
		let Some(portal) = &self.portal else { return Ok(Some(index)) };
		if !portal.isOutputDisregarded(U256::from(index)).call().await? {
			return Ok(Some(index));
		}
		let range = portal.disregardedOutputs().call().await?;
		let next = u64::try_from(self.oracle.nextOutputIndex().call().await?)?;
		let after = u64::try_from(range.to)?;
		Ok((after < next).then_some(after))
	}
}

/// The L2 block in which withdrawal `nonce` appeared: the first block at which
/// `bridge_withdrawalProof` knows it. "Does not exist" and "cannot tell" (an RPC failure, pruned
/// state) are told apart: only the first steers the search.
pub async fn withdrawal_block(l2: &L2, nonce: u64) -> anyhow::Result<u64> {
	let best = l2.best_number().await?;
	if l2.withdrawal_proof(nonce, best).await?.is_none() {
		bail!("withdrawal {nonce} does not exist on L2 (best block {best})");
	}
	let (mut lo, mut hi) = (0u64, best); // absent at lo (block 0 has none), present at hi
	if l2.withdrawal_proof(nonce, 0).await?.is_some() {
		return Ok(0);
	}
	while hi - lo > 1 {
		let mid = lo + (hi - lo) / 2;
		if l2.withdrawal_proof(nonce, mid).await?.is_some() {
			hi = mid;
		} else {
			lo = mid;
		}
	}
	Ok(hi)
}

/// Finds the output and proof for withdrawal `nonce`.
pub async fn prove(
	l1: &DynProvider,
	l2: &L2,
	contracts: &Contracts,
	nonce: u64,
) -> anyhow::Result<WithdrawalStatus> {
	let l2_block = withdrawal_block(l2, nonce).await?;
	let already_finalized = match &contracts.portal {
		Some(portal) => portal.isWithdrawalFinalized(nonce).call().await?,
		None => false,
	};
	let mut status = WithdrawalStatus {
		nonce,
		l2_block,
		output_index: None,
		output_l2_block: None,
		is_final: false,
		final_at: None,
		seconds_until_final: None,
		already_finalized,
		proof: None,
		message: String::new(),
	};
	let oracle = &contracts.oracle;
	let index = match oracle.getL2OutputIndexAfter(U256::from(l2_block)).call().await {
		Ok(index) => match contracts.first_honoured(u64::try_from(index)?).await? {
			Some(index) => index,
			None => {
				status.message = format!(
					"the outputs covering L2 block {l2_block} were disregarded by the Portal; \
					 wait for the next output the proposer posts"
				);
				return Ok(status);
			},
		},
		Err(_) => {
			let latest: U256 = oracle.latestBlockNumber().call().await?;
			status.message = format!(
				"no output covers L2 block {l2_block} yet (latest output is at block {latest}); \
				 the proposer posts one every output interval once the block is finalized and batched"
			);
			return Ok(status);
		},
	};
	let output = oracle.getL2Output(U256::from(index)).call().await?;
	let output_block = u64::try_from(output.l2BlockNumber)?;
	let proof = l2.withdrawal_proof(nonce, output_block).await?.ok_or_else(|| {
		anyhow!("withdrawal {nonce} is missing at L2 block {output_block}, after the block it appeared in")
	})?;
	let chain_id = l1.get_chain_id().await.context("eth_chainId")?;
	let oracle_contract = L1Contract { chain_id, address: oracle.address().into_array() };
	let ours = proof.output_root_preimage.output_root(&oracle_contract);
	if B256::from(ours.0) != output.outputRoot {
		bail!(
			"the output root at index {index} (block {output_block}) on L1 is {}, but L2 computes {ours:?}: \
			 the output is wrong (a challenger should delete it) or the L2 node is on another chain",
			output.outputRoot,
		);
	}
	contracts.ensure_pays(chain_id, &proof).await?;
	if !verify_withdrawal_proof(proof.leaf_hash, nonce, &proof.proof, proof.withdrawals_root)
		|| proof.leaf.hash() != proof.leaf_hash
	{
		bail!("the node returned a proof that does not verify");
	}
	let window: U256 = oracle.finalizationPeriodSeconds().call().await?;
	let final_at = output.timestamp.to::<u64>() + u64::try_from(window)?;
	let now = l1
		.get_block_by_number(BlockNumberOrTag::Latest)
		.await?
		.ok_or_else(|| anyhow!("no latest L1 block"))?
		.header
		.timestamp;
	status.output_index = Some(index);
	status.output_l2_block = Some(output_block);
	status.is_final = oracle.isFinalized(U256::from(index)).call().await?;
	status.final_at = Some(final_at);
	status.seconds_until_final = Some(final_at.saturating_sub(now));
	status.proof = Some(proof);
	status.message = if already_finalized {
		format!("withdrawal {nonce} was already paid on L1")
	} else if status.is_final {
		format!("withdrawal {nonce} can be finalized now against output {index}")
	} else {
		format!(
			"output {index} (L2 block {output_block}) becomes final in {} s (at L1 time {final_at})",
			final_at.saturating_sub(now)
		)
	};
	Ok(status)
}

/// The arguments of `Portal.finalizeWithdrawal` from a proof.
pub fn finalize_arguments(
	proof: &WithdrawalProofResponse,
) -> (Formats::WithdrawalLeaf, Formats::OutputRootPreimage, [FixedBytes<32>; 32]) {
	let leaf = Formats::WithdrawalLeaf {
		l1ChainId: U256::from(proof.leaf.l1_chain_id),
		portal: Address::from(proof.leaf.portal),
		nonce: proof.leaf.nonce,
		l2Sender: B256::from(proof.leaf.l2_sender),
		l1Recipient: Address::from(proof.leaf.l1_recipient),
		l1Token: Address::from(proof.leaf.l1_token),
		amount: U256::from_be_bytes(proof.leaf.amount.to_big_endian()),
	};
	let p = &proof.output_root_preimage;
	let preimage = Formats::OutputRootPreimage {
		l2BlockNumber: U256::from(p.l2_block_number),
		l2BlockHash: B256::from(p.l2_block_hash.0),
		l2StateRoot: B256::from(p.l2_state_root.0),
		withdrawalsRoot: B256::from(p.withdrawals_root.0),
	};
	let siblings = proof.proof.map(|h| B256::from(h.0));
	(leaf, preimage, siblings)
}

/// Proves and pays withdrawal `nonce` with `signer` paying the gas. Returns the transaction
/// hash.
pub async fn finalize(
	l1_url: &str,
	l2: &L2,
	portal: Address,
	nonce: u64,
	signer: PrivateKeySigner,
) -> anyhow::Result<(WithdrawalStatus, B256)> {
	let reader = crate::l1::connect(&[l1_url.to_owned()], None).await?;
	let contracts = Contracts::resolve(&reader, Some(portal), None).await?;
	let status = prove(&reader, l2, &contracts, nonce).await?;
	if status.already_finalized {
		bail!("withdrawal {nonce} was already finalized on L1: it pays only once");
	}
	let (Some(index), Some(proof)) = (status.output_index, status.proof.as_ref()) else {
		bail!("{}", status.message);
	};
	if !status.is_final {
		bail!("{}", status.message);
	}
	let wallet = ProviderBuilder::new()
		.wallet(EthereumWallet::new(signer))
		.connect_http(l1_url.parse().context("L1 URL")?);
	let portal = Portal::new(portal, wallet);
	let (leaf, preimage, siblings) = finalize_arguments(proof);
	let call = portal.finalizeWithdrawal(leaf, U256::from(index), preimage, siblings);
	if let Err(e) = call.call().await {
		let reason =
			e.as_revert_data().map(|d| describe_revert(&d)).unwrap_or_else(|| e.to_string());
		bail!("finalizeWithdrawal would revert: {reason}");
	}
	let pending = call.send().await.map_err(|e| match e.as_revert_data() {
		Some(data) => anyhow!("finalizeWithdrawal refused: {}", describe_revert(&data)),
		None => anyhow!("finalizeWithdrawal: {e}"),
	})?;
	let receipt = pending.get_receipt().await?;
	if !receipt.status() {
		bail!("finalizeWithdrawal {} reverted", receipt.transaction_hash);
	}
	Ok((status, receipt.transaction_hash))
}

/// Sends `finalizeWithdrawal` with explicit arguments (no checks), for tests of the refusals;
/// returns the revert reason, if any.
pub async fn try_finalize_raw(
	l1_url: &str,
	portal: Address,
	signer: PrivateKeySigner,
	leaf: Formats::WithdrawalLeaf,
	output_index: u64,
	preimage: Formats::OutputRootPreimage,
	proof: [FixedBytes<32>; 32],
) -> anyhow::Result<Option<String>> {
	let wallet = ProviderBuilder::new()
		.wallet(EthereumWallet::new(signer))
		.connect_http(l1_url.parse().context("L1 URL")?);
	let portal = Portal::new(portal, wallet);
	match portal.finalizeWithdrawal(leaf, U256::from(output_index), preimage, proof).call().await {
		Ok(_) => Ok(None),
		Err(e) => Ok(Some(
			e.as_revert_data().map(|d| describe_revert(&d)).unwrap_or_else(|| e.to_string()),
		)),
	}
}
