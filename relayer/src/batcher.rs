//! The batcher: posts every finalized L2 block, in order, to the BatchInbox.
//!
//! Each round: settle the in-flight batch transaction (bump, rebroadcast after a reorg); read
//! the inbox tip (`nextBlock`, `lastBlockHash`) — the only truth about what is posted; check
//! that it is the hash of L2 block `nextBlock - 1`; gather finalized blocks from `nextBlock` on;
//! build the largest batch that fits one frame of `max_frame_bytes`; post it when it is full or its blocks
//! have waited `max_batch_age_secs`. A restart (even after SIGKILL) resumes from the inbox tip,
//! after settling the recorded transaction: nothing is posted twice (the inbox refuses a batch
//! that does not chain) and nothing is skipped (each batch starts at `nextBlock`).
//!
//! A block that does not fit one frame (`max_frame_bytes`) alone is a batch of its own, posted
//! in several frames, one L1 transaction each, in order. After a restart the batcher rebuilds
//! the batch and goes on from the inbox's `pendingBatch` if it is the same batch (checked by the
//! hash of the frames posted so far), else starts the batch again from frame 0. Run one batcher
//! at a time: two with different compression or frame settings abandon each other's frames.

use crate::{
	batch::{build_batch, Batch, EncodedBlock},
	config::BatcherConfig,
	l1::BatchInbox,
	service::{Ctx, L2Conn, Round},
	txmgr::{SendError, TxManager},
};
use alloy::{primitives::U256, providers::DynProvider, sol_types::SolCall};
use anyhow::{bail, Context};
use mooring_primitives::bridge::{batch_hash, Compression, BATCH_HEADER_LEN};
use polkadot_sdk::sp_core::H256;
use std::{
	collections::BTreeMap,
	sync::Arc,
	time::{Duration, Instant},
};

/// The batcher loop.
pub struct Batcher {
	ctx: Arc<Ctx>,
	config: BatcherConfig,
	txm: TxManager,
	inbox: BatchInbox::BatchInboxInstance<DynProvider>,
	l2: L2Conn,
	cache: BTreeMap<u64, EncodedBlock>,
	pending_since: Option<Instant>,
}

impl Batcher {
	/// A batcher sending through `txm`.
	pub fn new(ctx: Arc<Ctx>, txm: TxManager) -> Self {
		let inbox = BatchInbox::new(ctx.config.l1.batch_inbox, ctx.l1.clone());
		Self {
			config: ctx.config.batcher.clone(),
			l2: L2Conn::new(&ctx.config.l2.rpc_url),
			ctx,
			txm,
			inbox,
			cache: BTreeMap::new(),
			pending_since: None,
		}
	}

	async fn block(&mut self, number: u64) -> anyhow::Result<EncodedBlock> {
		if let Some(block) = self.cache.get(&number) {
			return Ok(block.clone());
		}
		let block = self.l2.get().await?.block(number).await?;
		self.cache.insert(number, block.clone());
		Ok(block)
	}

	/// The frame to post next: where the inbox's pending batch stopped if it is this very batch
	/// (same blocks, frame count and hash of the frames so far), else 0 (which abandons it).
	async fn resume_at(&self, batch: &Batch, frames: &[&[u8]]) -> anyhow::Result<usize> {
		let pending = self.inbox.pendingBatch().call().await.context("BatchInbox.pendingBatch")?;
		let next = usize::from(pending.nextFrame);
		let same = usize::from(pending.frames) == frames.len()
			&& pending.firstBlock == batch.header.first_block
			&& pending.lastBlock == batch.header.last_block
			&& next < frames.len()
			&& batch_hash(frames[..next].iter().copied()).0 == pending.hash.0;
		if pending.frames != 0 && !same {
			tracing::warn!(
				first = pending.firstBlock,
				last = pending.lastBlock,
				"the inbox holds an unfinished batch this batcher does not rebuild; starting over"
			);
		}
		Ok(if same { next } else { 0 })
	}

	/// Posts `frames[start..]` of `batch`, one transaction each, waiting for each to be mined
	/// (the inbox takes frames in order only). False if shutdown came first.
	async fn post_frames(
		&self,
		batch: &Batch,
		frames: &[&[u8]],
		start: usize,
	) -> anyhow::Result<bool> {
		let (first, last) = (batch.header.first_block, batch.header.last_block);
		let count = frames.len();
		for (i, frame) in frames.iter().enumerate().skip(start) {
			let call = BatchInbox::postBatchCall {
				frame: U256::from(i),
				frames: U256::from(count),
				data: frame.to_vec().into(),
			};
			let purpose = if count == 1 {
				format!("batch {first}-{last}")
			} else {
				format!("batch {first}-{last} frame {i}/{count}")
			};
			let to = *self.inbox.address();
			match self.txm.send(purpose.clone(), to, call.abi_encode().into(), U256::ZERO).await {
				Ok(_) => {},
				Err(SendError::Reverts(reason)) => {
					bail!("{purpose} would revert ({reason}); re-reading the inbox next round")
				},
				Err(SendError::Other(e)) => return Err(e),
			}
			if !self.txm.settle(&self.ctx.shutdown).await? {
				return Ok(false);
			}
			// A mined frame is progress: a long batch does not read as a stale loop on /health.
			self.ctx.metrics.loop_ok(Self::NAME);
		}
		Ok(true)
	}
}

impl Round for Batcher {
	const NAME: &'static str = "batcher";

	async fn round(&mut self) -> anyhow::Result<()> {
		let ctx = self.ctx.clone();
		if !self.txm.settle(&ctx.shutdown).await? {
			return Ok(());
		}
		self.txm.observe_balance().await?;
		let l2 = self.l2.get().await?;
		let next = self.inbox.nextBlock().call().await.context("BatchInbox.nextBlock")?;
		let parent = H256(self.inbox.lastBlockHash().call().await?.0);
		let finalized = l2.finalized_number().await?;
		let metrics = &ctx.metrics;
		metrics.last_batched_block.set(next as i64 - 1);
		metrics.l2_finalized_block.set(finalized as i64);
		metrics.l2_lag_blocks.set(finalized as i64 - (next as i64 - 1));
		self.cache.retain(|number, _| *number >= next);
		if next > finalized {
			self.pending_since = None;
			return Ok(());
		}
		let l2_parent = l2.block_hash(next - 1).await?;
		if l2_parent != Some(parent) {
			bail!(
				"the BatchInbox's last block hash {parent:?} is not the hash of L2 block #{} \
				 ({l2_parent:?}): wrong inbox or L2 chain",
				next - 1
			);
		}

		let mut blocks = vec![];
		// The encoding of `Vec<Block>` starts with its length (a compact integer, at most 5 bytes).
		let mut raw = 5;
		let mut number = next;
		let last_allowed = next + self.config.max_blocks_per_batch - 1;
		while number <= finalized && number <= last_allowed {
			let block = self.block(number).await?;
			// The first block always goes in (it fits a batch: the runtime bounds its length).
			if !blocks.is_empty() && raw + block.bytes.len() > self.config.max_raw_bytes {
				break;
			}
			raw += block.bytes.len();
			blocks.push(block);
			number += 1;
		}
		let more = number <= finalized;
		let compression = Compression::from(self.config.compression);
		let (level, max_bytes) = (self.config.compression_level, self.config.max_frame_bytes);
		let built = tokio::task::spawn_blocking(move || {
			build_batch(&blocks, compression, level, max_bytes, more)
		})
		.await??;

		let since = *self.pending_since.get_or_insert_with(Instant::now);
		let max_age = Duration::from_secs(self.config.max_batch_age_secs);
		let batch = built.batch;
		if !built.full && since.elapsed() < max_age {
			tracing::debug!(
				first = batch.header.first_block,
				last = batch.header.last_block,
				bytes = batch.data.len(),
				"batch not full yet; waiting"
			);
			return Ok(());
		}

		let frames = batch.frames(self.config.max_frame_bytes)?;
		let start = self.resume_at(&batch, &frames).await?;
		if !self.post_frames(&batch, &frames, start).await? {
			return Ok(());
		}
		let ratio = batch.raw_len as f64 / (batch.data.len() - BATCH_HEADER_LEN).max(1) as f64;
		tracing::info!(
			first = batch.header.first_block,
			last = batch.header.last_block,
			frames = frames.len(),
			blocks = batch.blocks(),
			extrinsics = batch.extrinsics,
			raw_bytes = batch.raw_len,
			posted_bytes = batch.data.len(),
			ratio = format!("{ratio:.2}"),
			"posted batch"
		);
		metrics.batches_posted.inc();
		metrics.batch_bytes_posted.inc_by(batch.data.len() as u64);
		metrics.last_batch_ratio.set(ratio);
		ctx.db.add_counter("batcher.batches", 1)?;
		self.pending_since = None;
		let next = self.inbox.nextBlock().call().await?;
		metrics.last_batched_block.set(next as i64 - 1);
		metrics.l2_lag_blocks.set(finalized as i64 - (next as i64 - 1));
		Ok(())
	}

	fn on_error(&mut self) {
		self.l2.reset();
	}
}
