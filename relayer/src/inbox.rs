//! Reading posted batches back from L1: the input of derivation.
//!
//! A batch is posted in frames, one `BatchInbox.postBatch(frame, frames, data)` transaction
//! each (`docs/architecture.md`, "Batches"). Every frame emits `FramePosted`, the last one also
//! `BatchPosted` with the L1 block of frame 0. [`posted_batch`] finds the frames of the attempt
//! that completed the batch (a batcher that restarted may have abandoned earlier frames 0..k),
//! reads their transactions' inputs and checks them against the hash the inbox recorded. The
//! inbox keeps every frame of a batch within `MAX_FRAME_SPAN_L1_BLOCKS` of its frame 0, so the
//! logs are read from a bounded range; a batch longer than `MAX_BATCH_BYTES` is refused before
//! it is decompressed.

use crate::l1::BatchInbox;
use alloy::{
	consensus::Transaction as _,
	primitives::{B256, U256},
	providers::{DynProvider, Provider},
	rpc::types::{Filter, Log},
	sol_types::{SolCall, SolEvent},
};
use anyhow::{anyhow, ensure, Context};
use mooring_primitives::bridge::{chain_frame_hash, MAX_BATCH_BYTES};
use polkadot_sdk::sp_core::H256;

/// A batch as posted on L1.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PostedBatch {
	/// Header and compressed blocks: the frames' data, concatenated.
	pub data: Vec<u8>,
	/// The frames' L1 transactions, in order.
	pub transactions: Vec<B256>,
}

/// The inbox's events with signature `event` about batch `index` (their first topic) in L1
/// blocks `from..=to`.
fn batch_events(
	inbox: &BatchInbox::BatchInboxInstance<DynProvider>,
	event: B256,
	index: u64,
	(from, to): (u64, u64),
) -> Filter {
	Filter::new()
		.address(*inbox.address())
		.event_signature(event)
		.topic1(B256::from(U256::from(index)))
		.from_block(from)
		.to_block(to)
}

/// The event `BatchPosted` of batch `index` (it is in L1 block `l1_block`, where the inbox's
/// `batch(index).l1BlockNumber` says).
async fn batch_posted(
	inbox: &BatchInbox::BatchInboxInstance<DynProvider>,
	index: u64,
	l1_block: u64,
) -> anyhow::Result<BatchInbox::BatchPosted> {
	let signature = BatchInbox::BatchPosted::SIGNATURE_HASH;
	let filter = batch_events(inbox, signature, index, (l1_block, l1_block));
	let logs = inbox.provider().get_logs(&filter).await?;
	let log = logs
		.first()
		.ok_or_else(|| anyhow!("no BatchPosted log for batch {index} in L1 block {l1_block}"))?;
	Ok(log.log_decode::<BatchInbox::BatchPosted>()?.inner.data)
}

/// Every `FramePosted` log of batch `index` in L1 blocks `from..=to`, in chain order, read in
/// ranges of at most `max_log_range` blocks.
async fn frame_logs(
	inbox: &BatchInbox::BatchInboxInstance<DynProvider>,
	index: u64,
	(from, to): (u64, u64),
	max_log_range: u64,
) -> anyhow::Result<Vec<Log>> {
	let mut logs = vec![];
	let mut start = from;
	while start <= to {
		let end = to.min(start.saturating_add(max_log_range.max(1) - 1));
		let signature = BatchInbox::FramePosted::SIGNATURE_HASH;
		let filter = batch_events(inbox, signature, index, (start, end));
		logs.extend(inbox.provider().get_logs(&filter).await?);
		start = end + 1;
	}
	logs.sort_by_key(|log| (log.block_number, log.log_index));
	Ok(logs)
}

/// The frames (transaction hashes) of the attempt that completed a batch of `frames` frames:
/// the last run that starts at frame 0 among `events` (frame numbers with their transaction).
pub fn completing_frames(events: &[(u64, B256)], frames: u64) -> anyhow::Result<Vec<B256>> {
	let start = events
		.iter()
		.rposition(|(frame, _)| *frame == 0)
		.ok_or_else(|| anyhow!("no frame 0 was posted"))?;
	let run = &events[start..];
	ensure!(
		run.len() as u64 == frames
			&& run.iter().enumerate().all(|(i, (frame, _))| *frame == i as u64),
		"the frames posted are {:?}, not 0..{frames}",
		run.iter().map(|(frame, _)| frame).collect::<Vec<_>>()
	);
	Ok(run.iter().map(|(_, tx)| *tx).collect())
}

/// Batch `index` as posted: its frames' data read from their transactions' inputs, checked
/// against the hash the inbox recorded. Fails if the batch is not complete on L1.
pub async fn posted_batch(
	inbox: &BatchInbox::BatchInboxInstance<DynProvider>,
	index: u64,
	max_log_range: u64,
) -> anyhow::Result<PostedBatch> {
	let batch = inbox.batch(U256::from(index)).call().await.context("BatchInbox.batch")?;
	let posted = batch_posted(inbox, index, batch.l1BlockNumber).await?;
	let range = (posted.firstFrameL1Block, batch.l1BlockNumber);
	let mut events = vec![];
	for log in frame_logs(inbox, index, range, max_log_range).await? {
		let tx = log.transaction_hash.ok_or_else(|| anyhow!("a mined log without transaction"))?;
		let frame = log.log_decode::<BatchInbox::FramePosted>()?.inner.data.frame;
		events.push((u64::try_from(frame)?, tx));
	}
	let transactions = completing_frames(&events, u64::from(posted.frames))
		.with_context(|| format!("batch {index}"))?;
	let (mut data, mut hash) = (vec![], H256::zero());
	for (i, tx_hash) in transactions.iter().enumerate() {
		let tx = inbox
			.provider()
			.get_transaction_by_hash(*tx_hash)
			.await?
			.ok_or_else(|| anyhow!("L1 transaction {tx_hash} of batch {index} is unknown"))?;
		let call = BatchInbox::postBatchCall::abi_decode(tx.inner.input())
			.with_context(|| format!("transaction {tx_hash} is not a postBatch call"))?;
		ensure!(call.frame == U256::from(i), "transaction {tx_hash} is not frame {i}");
		ensure!(
			data.len() + call.data.len() <= MAX_BATCH_BYTES,
			"batch {index} is longer than {MAX_BATCH_BYTES} bytes, more than any honest batch"
		);
		hash = chain_frame_hash(hash, &call.data);
		data.extend_from_slice(&call.data);
	}
	ensure!(
		hash.0 == batch.batchHash.0,
		"the frames of batch {index} do not hash to the hash the inbox recorded"
	);
	Ok(PostedBatch { data, transactions })
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn the_completing_attempt_is_the_last_run_from_frame_0() {
		let tx = |n: u8| B256::repeat_byte(n);
		// One frame.
		assert_eq!(completing_frames(&[(0, tx(1))], 1).unwrap(), vec![tx(1)]);
		// An attempt abandoned after two frames, then a complete one.
		let events = [(0, tx(1)), (1, tx(2)), (0, tx(3)), (1, tx(4)), (2, tx(5))];
		assert_eq!(completing_frames(&events, 3).unwrap(), vec![tx(3), tx(4), tx(5)]);
		// What the inbox would never record is refused, not guessed at.
		assert!(completing_frames(&events, 2).is_err());
		assert!(completing_frames(&[(1, tx(1))], 1).is_err());
		assert!(completing_frames(&[(0, tx(1)), (2, tx(2))], 2).is_err());
		assert!(completing_frames(&[], 1).is_err());
	}
}
