//! The verifier: rebuilds L2 from BNB Chain data alone and challenges wrong outputs.
//!
//! **Derivation.** Every batch the BatchInbox recorded, once `l1.confirmations` deep, is read
//! back from the calldata of its frames' `postBatch` transactions, checked against the hash the
//! inbox stored ([`posted_batch`]), decompressed (at most
//! [`MAX_BATCH_RAW_BYTES`], the protocol's limit) and checked to chain ([`decode_batch`]); its
//! blocks go to the
//! verifier's own node through `mooring_importBlocks`, where each block is executed and checked
//! like a block from a peer (seal, extrinsics root, state root).
//!
//! **Checking.** Every output on the OutputOracle whose block has been derived is recomputed
//! from the derived header alone (hash, state root, committed withdrawals root), so the node
//! may prune old state. A wrong output inside its window is deleted with
//! `OutputOracle.deleteOutputs` (`verifier.challenge`, CHALLENGER_ROLE) or, when that is off or
//! refused, with a fault proof anyone may send (`verifier.prove`): if the preimage the proposer
//! published (`OutputPreimage`) names another block, or another block hash, state root or
//! withdrawals root (the one the header's digest commits to) than the header the batches
//! posted, `OutputOracle.proveOutputFault` gets that preimage and the
//! headers from the output's block to the end of its batch, which L1 checks on its own. Either
//! way the proposer's bond is slashed to the sender. Otherwise the output is only reported
//! (logs, metrics).
//!
//! **Restart safety.** The node is the truth for what is imported: a batch whose last block the
//! node already has (with the hash L1 recorded) is skipped, and a batch cut short by a crash
//! resumes after the node's best block. The database keeps the next batch index and each
//! checked output with its root, so an output deleted and replaced by another is checked again.

use crate::{
	batch::{decode_batch, OpaqueBlock},
	inbox::posted_batch,
	l1::{published_preimage, sol_preimage, BatchInbox, OutputOracle},
	l2::L2,
	service::{Ctx, L2Conn, Round},
	txmgr::{SendError, TxManager},
};
use alloy::{
	primitives::{Bytes, B256, U256},
	providers::{DynProvider, Provider},
	rpc::types::Filter,
	sol_types::{SolCall, SolEvent},
};
use anyhow::{anyhow, ensure, Context};
use codec::Encode;
use mooring_primitives::bridge::{withdrawals_root_in, OutputRootPreimage, MAX_BATCH_RAW_BYTES};
use serde_json::Value as Json;
use std::sync::Arc;

/// Database key: the index of the next batch to derive.
pub const NEXT_BATCH: &str = "verifier.next_batch";
/// Database key: the index of the next output to check.
pub const NEXT_OUTPUT: &str = "verifier.next_output";
/// Database counter: L2 blocks imported into the node.
pub const BLOCKS_DERIVED: &str = "verifier.blocks_derived";
/// Database counter: outputs deleted with `deleteOutputs`.
pub const OUTPUTS_CHALLENGED: &str = "verifier.outputs_challenged";
/// Database counter: outputs deleted with a fault proof.
pub const OUTPUTS_PROVEN: &str = "verifier.outputs_proven";

fn checked_output_key(index: u64) -> String {
	format!("verifier.output.{index}")
}

/// What derivation does with a batch of blocks `first..=last` when the node's best block is
/// `best`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
	/// The node has every block of the batch already.
	Skip,
	/// Import the batch's blocks from this offset on (0: all of them).
	Import(usize),
	/// The node is behind the batch (it lost blocks): derive again from the first batch.
	Rewind,
}

/// The [`Step`] for a batch `first..=last` and a node at `best`.
pub fn step(first: u64, last: u64, best: u64) -> Step {
	if best >= last {
		Step::Skip
	} else if best + 1 >= first {
		Step::Import((best + 1 - first) as usize)
	} else {
		Step::Rewind
	}
}

/// Most SCALE bytes of blocks per `mooring_importBlocks` call (twice that in hex): well within
/// the node's default 15 MiB request limit. A larger block goes alone (a block of the largest
/// length, 5 MiB, is about 10.5 MB in hex).
pub const IMPORT_CHUNK_BYTES: usize = 4 * 1024 * 1024;

/// Index ranges that cut blocks of `sizes` bytes into chunks of at most `max_blocks` blocks and
/// `max_bytes` bytes; a block larger than `max_bytes` is a chunk of its own.
pub fn import_chunks(
	sizes: &[usize],
	max_blocks: usize,
	max_bytes: usize,
) -> Vec<std::ops::Range<usize>> {
	let mut chunks = vec![];
	let (mut start, mut bytes) = (0, 0);
	for (i, size) in sizes.iter().enumerate() {
		let full = i - start == max_blocks || bytes + size > max_bytes;
		if i > start && full {
			chunks.push(start..i);
			(start, bytes) = (i, 0);
		}
		bytes += size;
	}
	if start < sizes.len() {
		chunks.push(start..sizes.len());
	}
	chunks
}

/// The verifier loop.
pub struct Verifier {
	ctx: Arc<Ctx>,
	inbox: BatchInbox::BatchInboxInstance<DynProvider>,
	oracle: OutputOracle::OutputOracleInstance<DynProvider>,
	node: L2Conn,
	/// Sends challenges and fault proofs (with `verifier.challenge` or `verifier.prove`).
	sender: Option<TxManager>,
	genesis_checked: bool,
}

/// How a wrong output was deleted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Deletion {
	/// `deleteOutputs` (CHALLENGER_ROLE).
	Challenge,
	/// `proveOutputFault` (anyone).
	Proof,
}

impl Verifier {
	/// A verifier deriving into the node at `verifier.node_url`, challenging and proving
	/// through `sender` if given.
	pub fn new(ctx: Arc<Ctx>, sender: Option<TxManager>) -> Self {
		Self {
			inbox: BatchInbox::new(ctx.config.l1.batch_inbox, ctx.l1.clone()),
			oracle: OutputOracle::new(ctx.config.l1.output_oracle, ctx.l1.clone()),
			node: L2Conn::new(&ctx.config.verifier.node_url),
			ctx,
			sender,
			genesis_checked: false,
		}
	}

	/// Refuses a node of another chain than the inbox's.
	async fn check_genesis(&mut self, node: &L2) -> anyhow::Result<()> {
		if self.genesis_checked {
			return Ok(());
		}
		let expected: B256 = self.inbox.l2GenesisHash().call().await?;
		let actual = node.genesis_hash();
		ensure!(
			actual.0 == expected.0,
			"the verifier node's genesis {actual:?} is not the inbox's L2 genesis {expected}"
		);
		self.genesis_checked = true;
		Ok(())
	}

	/// Imports `blocks` (which chain onto the node's best block) in chunks of at most
	/// `verifier.import_chunk` blocks and [`IMPORT_CHUNK_BYTES`].
	async fn import(&self, node: &L2, blocks: &[OpaqueBlock]) -> anyhow::Result<()> {
		let encoded: Vec<Vec<u8>> = blocks.iter().map(Encode::encode).collect();
		let sizes: Vec<usize> = encoded.iter().map(Vec::len).collect();
		let max_blocks = self.ctx.config.verifier.import_chunk;
		for range in import_chunks(&sizes, max_blocks, IMPORT_CHUNK_BYTES) {
			let chunk = &blocks[range.clone()];
			let (first, last) = (chunk[0].header.number, chunk[chunk.len() - 1].header.number);
			tracing::info!(from = first, to = last, "importing derived L2 blocks");
			let encoded: Vec<Json> = encoded[range]
				.iter()
				.map(|block| Json::String(format!("0x{}", alloy::hex::encode(block))))
				.collect();
			let _: String = node.call("mooring_importBlocks", vec![Json::Array(encoded)]).await?;
			self.ctx.metrics.blocks_derived.inc_by(chunk.len() as u64);
			self.ctx.metrics.derived_block.set(i64::from(last));
			self.ctx.db.add_counter(BLOCKS_DERIVED, chunk.len() as u64)?;
		}
		Ok(())
	}

	/// Derives every confirmed batch not derived yet; returns the node's best block after it.
	async fn derive(&self, node: &L2) -> anyhow::Result<u64> {
		let ctx = &self.ctx;
		let head = ctx.l1.get_block_number().await?;
		let safe = head.saturating_sub(ctx.config.l1.confirmations);
		let count = u64::try_from(self.inbox.batchCount().call().await?)?;
		let mut index: u64 = ctx.db.get_meta(NEXT_BATCH)?.unwrap_or(0);
		let mut best = node.best_number().await?;
		while index < count && !ctx.shutdown.is_cancelled() {
			let batch = self.inbox.batch(U256::from(index)).call().await?;
			if batch.l1BlockNumber > safe {
				break;
			}
			match step(batch.firstBlock, batch.lastBlock, best) {
				Step::Rewind => {
					tracing::warn!(
						index,
						best,
						"the node is behind batch {index}: deriving again from batch 0"
					);
					ctx.db.put_meta(NEXT_BATCH, &0u64)?;
					return Ok(best);
				},
				Step::Skip => {
					let hash = node.block_hash(batch.lastBlock).await?;
					ensure!(
						hash.map(|h| h.0) == Some(batch.lastBlockHash.0),
						"the verifier node has another block #{} ({hash:?}) than batch {index} \
						 ({}): it must import from L1 only (no L2 peers)",
						batch.lastBlock,
						batch.lastBlockHash
					);
				},
				Step::Import(offset) => {
					let max_log_range = ctx.config.l1.max_log_range;
					let posted = posted_batch(&self.inbox, index, max_log_range).await?;
					let (_, blocks) = decode_batch(&posted.data, MAX_BATCH_RAW_BYTES)
						.with_context(|| {
							format!("batch {index} is invalid: derivation stops here")
						})?;
					let parent = node
						.block_hash(best)
						.await?
						.ok_or_else(|| anyhow!("the verifier node lost block #{best}"))?;
					ensure!(
						blocks[offset].header.parent_hash == parent,
						"batch {index} does not chain onto the node's block #{best}"
					);
					self.import(node, &blocks[offset..]).await?;
					let hash = node.block_hash(batch.lastBlock).await?;
					ensure!(
						hash.map(|h| h.0) == Some(batch.lastBlockHash.0),
						"after importing batch {index} the node's block #{} is {hash:?}",
						batch.lastBlock
					);
				},
			}
			best = best.max(batch.lastBlock);
			index += 1;
			ctx.db.put_meta(NEXT_BATCH, &index)?;
			ctx.metrics.derived_block.set(best as i64);
		}
		let posted_tip = self.inbox.nextBlock().call().await?.saturating_sub(1);
		ctx.metrics.derivation_lag_blocks.set(posted_tip.saturating_sub(best) as i64);
		Ok(best)
	}

	/// The next output to check, rewound past outputs that were deleted (and maybe replaced by
	/// others) since they were checked.
	async fn output_cursor(&self, next_index: u64) -> anyhow::Result<u64> {
		let mut cursor: u64 = self.ctx.db.get_meta(NEXT_OUTPUT)?.unwrap_or(0);
		cursor = cursor.min(next_index);
		while cursor > 0 {
			let checked: Option<B256> = self.ctx.db.get_meta(&checked_output_key(cursor - 1))?;
			let live = self.oracle.getL2Output(U256::from(cursor - 1)).call().await?;
			if checked == Some(live.outputRoot) {
				break;
			}
			cursor -= 1;
		}
		Ok(cursor)
	}

	fn record_checked(&self, index: u64, root: B256) -> anyhow::Result<()> {
		self.ctx.db.put_meta(&checked_output_key(index), &root)?;
		self.ctx.db.put_meta(NEXT_OUTPUT, &(index + 1))
	}

	/// Checks every output whose block is at most `derived`; deletes the first wrong one.
	async fn check_outputs(&self, node: &L2, derived: u64) -> anyhow::Result<()> {
		let ctx = &self.ctx;
		let next_index = u64::try_from(self.oracle.nextOutputIndex().call().await?)?;
		let mut index = self.output_cursor(next_index).await?;
		while index < next_index && !ctx.shutdown.is_cancelled() {
			let output = self.oracle.getL2Output(U256::from(index)).call().await?;
			let block: u64 = output.l2BlockNumber.to();
			if block > derived {
				break;
			}
			// From the derived header alone: no state of old blocks needed.
			let ours =
				node.output_preimage(block).await?.output_root(&ctx.config.l1.oracle_contract());
			ctx.metrics.outputs_checked.inc();
			if ours.0 == output.outputRoot.0 {
				tracing::debug!(index, l2_block = block, "output checked");
				self.record_checked(index, output.outputRoot)?;
				index += 1;
				continue;
			}
			ctx.metrics.outputs_wrong.inc();
			tracing::error!(
				index,
				l2_block = block,
				posted = %output.outputRoot,
				derived = ?ours,
				proposer = %output.proposer,
				"WRONG OUTPUT: it differs from the chain derived from L1"
			);
			if self.oracle.isFinalized(U256::from(index)).call().await? {
				tracing::error!(index, "the wrong output is already final: too late to challenge");
			} else if let Some(txm) = &self.sender {
				if self.defeat(txm, node, index, &output).await? {
					return Ok(());
				}
			}
			self.record_checked(index, output.outputRoot)?;
			index += 1;
		}
		Ok(())
	}

	/// Deletes wrong output `index` (and every later one): with `deleteOutputs`, or with a fault
	/// proof if challenging is off or refused. False if neither could be sent.
	async fn defeat(
		&self,
		txm: &TxManager,
		node: &L2,
		index: u64,
		output: &OutputOracle::OutputProposal,
	) -> anyhow::Result<bool> {
		let config = &self.ctx.config.verifier;
		if config.challenge {
			let input = OutputOracle::deleteOutputsCall { fromIndex: U256::from(index) };
			if self.delete(txm, index, input.abi_encode(), Deletion::Challenge).await? {
				return Ok(true);
			}
		}
		if config.prove {
			match self.fault_proof(node, index, output).await? {
				Some(input) => return self.delete(txm, index, input, Deletion::Proof).await,
				None => tracing::warn!(
					index,
					"L1 cannot check this fault (an execution fault: the output agrees with the \
					 posted headers): it needs the challenger"
				),
			}
		}
		Ok(false)
	}

	/// Sends `input` (a deletion of output `index`) to the oracle; false if it would revert.
	async fn delete(
		&self,
		txm: &TxManager,
		index: u64,
		input: Vec<u8>,
		how: Deletion,
	) -> anyhow::Result<bool> {
		let purpose = match how {
			Deletion::Challenge => format!("delete output {index}"),
			Deletion::Proof => format!("prove the fault of output {index}"),
		};
		match txm.send(purpose.clone(), *self.oracle.address(), input.into(), U256::ZERO).await {
			Ok(_) => {},
			Err(SendError::Reverts(reason)) => {
				tracing::warn!(index, %reason, "{purpose} would revert");
				return Ok(false);
			},
			Err(SendError::Other(e)) => return Err(e),
		}
		if txm.settle(&self.ctx.shutdown).await? {
			tracing::warn!(index, ?how, "wrong output deleted with every later one");
			let (metric, counter) = match how {
				Deletion::Challenge => (&self.ctx.metrics.outputs_challenged, OUTPUTS_CHALLENGED),
				Deletion::Proof => (&self.ctx.metrics.outputs_proven, OUTPUTS_PROVEN),
			};
			metric.inc();
			self.ctx.db.add_counter(counter, 1)?;
		}
		Ok(true)
	}

	/// The `proveOutputFault` call that defeats output `index`, if L1 can check its fault: its
	/// published preimage names another block, or differs from the derived header in block
	/// hash, state root or the withdrawals root the header commits to.
	async fn fault_proof(
		&self,
		node: &L2,
		index: u64,
		output: &OutputOracle::OutputProposal,
	) -> anyhow::Result<Option<Vec<u8>>> {
		let Some(preimage) = self.published_preimage(index, output).await? else {
			return Ok(None);
		};
		let block: u64 = output.l2BlockNumber.to();
		let headers = if preimage.l2_block_number != block {
			vec![]
		} else {
			let header = node.header(block).await?;
			if header.hash() == preimage.l2_block_hash
				&& header.state_root == preimage.l2_state_root
				&& withdrawals_root_in(header.digest.logs()) == Some(preimage.withdrawals_root)
			{
				return Ok(None);
			}
			self.anchored_headers(node, block).await?
		};
		tracing::info!(index, headers = headers.len(), "proving the output's fault on L1");
		let call = OutputOracle::proveOutputFaultCall {
			outputIndex: U256::from(index),
			preimage: sol_preimage(&preimage),
			headers,
		};
		Ok(Some(call.abi_encode()))
	}

	/// The preimage published with output `index` (the `OutputPreimage` event of its proposal,
	/// found by the proposal's L1 timestamp), if it was published.
	async fn published_preimage(
		&self,
		index: u64,
		output: &OutputOracle::OutputProposal,
	) -> anyhow::Result<Option<OutputRootPreimage>> {
		let proposed_at: u64 = output.timestamp.to();
		let from = self.first_l1_block_at(proposed_at).await?;
		let to = self.first_l1_block_at(proposed_at + 1).await?.saturating_sub(1).max(from);
		let filter = Filter::new()
			.address(*self.oracle.address())
			.event_signature(OutputOracle::OutputPreimage::SIGNATURE_HASH)
			.topic1(B256::from(U256::from(index)))
			.from_block(from)
			.to_block(to);
		for log in self.ctx.l1.get_logs(&filter).await?.iter().rev() {
			let event = log.log_decode::<OutputOracle::OutputPreimage>()?.inner.data;
			match published_preimage(&event) {
				Some(preimage)
					if preimage.output_root(&self.ctx.config.l1.oracle_contract()).0
						== output.outputRoot.0 =>
				{
					return Ok(Some(preimage))
				},
				_ => {},
			}
		}
		Ok(None)
	}

	/// The first L1 block (from `l1.start_block`) whose timestamp is at least `timestamp`; the
	/// head + 1 if there is none yet.
	async fn first_l1_block_at(&self, timestamp: u64) -> anyhow::Result<u64> {
		let l1 = &self.ctx.l1;
		let (mut low, mut high) =
			(self.ctx.config.l1.start_block, l1.get_block_number().await? + 1);
		while low < high {
			let middle = low + (high - low) / 2;
			let block = l1
				.get_block_by_number(middle.into())
				.await?
				.ok_or_else(|| anyhow!("L1 block {middle} is unknown"))?;
			if block.header.timestamp < timestamp {
				low = middle + 1;
			} else {
				high = middle;
			}
		}
		Ok(low)
	}

	/// SCALE headers from L2 block `block` to the end of the batch holding it, the last one
	/// checked against the block hash the inbox recorded for that batch.
	async fn anchored_headers(&self, node: &L2, block: u64) -> anyhow::Result<Vec<Bytes>> {
		let anchor = self.inbox.anchorAtOrAfter(block).call().await?;
		ensure!(anchor.found, "L2 block {block} is in no posted batch");
		let mut headers = Vec::new();
		let mut last_hash = None;
		for number in block..=anchor.anchorBlock {
			let header = node.header(number).await?;
			last_hash = Some(header.hash());
			headers.push(Bytes::from(header.encode()));
		}
		ensure!(
			last_hash.map(|hash| hash.0) == Some(anchor.blockHash.0),
			"the derived block #{} is not the one batch data anchors on L1",
			anchor.anchorBlock
		);
		Ok(headers)
	}
}

impl Round for Verifier {
	const NAME: &'static str = "verifier";

	async fn round(&mut self) -> anyhow::Result<()> {
		if let Some(txm) = &self.sender {
			if !txm.settle(&self.ctx.shutdown).await? {
				return Ok(());
			}
			txm.observe_balance().await?;
		}
		let node = self.node.get().await?;
		self.check_genesis(&node).await?;
		let derived = self.derive(&node).await?;
		self.check_outputs(&node, derived).await
	}

	fn on_error(&mut self) {
		self.node.reset();
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn imports_are_cut_by_block_count_and_bytes() {
		assert_eq!(import_chunks(&[10; 5], 2, 100), vec![0..2, 2..4, 4..5]);
		assert_eq!(import_chunks(&[40, 40, 40, 10], 64, 100), vec![0..2, 2..4]);
		// A block larger than the byte limit goes alone, between its neighbours.
		assert_eq!(import_chunks(&[10, 500, 10], 64, 100), vec![0..1, 1..2, 2..3]);
		assert_eq!(import_chunks(&[500], 64, 100), vec![0..1]);
		assert!(import_chunks(&[], 64, 100).is_empty());
	}

	#[test]
	fn derivation_resumes_after_the_nodes_best_block() {
		// Fresh node, first batch 1..=5.
		assert_eq!(step(1, 5, 0), Step::Import(0));
		// Killed after importing 1..=3 of it.
		assert_eq!(step(1, 5, 3), Step::Import(3));
		// Killed after the import, before the cursor moved.
		assert_eq!(step(1, 5, 5), Step::Skip);
		assert_eq!(step(1, 5, 9), Step::Skip);
		// The next batch.
		assert_eq!(step(6, 8, 5), Step::Import(0));
		// The node lost blocks the cursor counts as derived.
		assert_eq!(step(6, 8, 2), Step::Rewind);
	}
}
