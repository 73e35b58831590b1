//! `mooring_importBlocks`: the RPC method through which a verifier feeds the node the L2 blocks
//! it rebuilt from BNB Chain batches (L1 derivation).
//!
//! The blocks go into the node's import queue, the same path blocks from peers take: the Aura
//! seal is verified and every block is executed and checked against its state root before it
//! is imported. Enabled only with `--l1-derivation`, for a node that has no L2 peers, and an
//! unsafe method: refused unless the node serves unsafe methods (`--rpc-methods unsafe`, or
//! the default `auto` on a listener bound to localhost). The call waits on the client's import
//! notifications for its last block.
//!
//! Imported blocks are then finalized: they come from batches the verifier reads only once
//! they are confirmed on L1, which is what finality means for a node that derives from L1 (and
//! it lets the node prune old state as usual).

use codec::Decode;
use futures::StreamExt;
use jsonrpsee::{
	core::{async_trait, RpcResult},
	proc_macros::rpc,
	types::ErrorObjectOwned,
	Extensions,
};
use mooring_runtime::opaque::Block;
use polkadot_sdk::{
	sc_client_api::{BlockchainEvents, Finalizer, HeaderBackend},
	sc_consensus::{import_queue::ImportQueueService, IncomingBlock},
	sc_rpc_api::check_if_safe,
	sp_consensus::BlockOrigin,
	sp_core::Bytes,
	sp_runtime::traits::Block as BlockT,
};
use std::{
	sync::{Arc, Mutex},
	time::Duration,
};

/// How long `importBlocks` waits for the last block of a call to be imported.
const IMPORT_TIMEOUT: Duration = Duration::from_secs(120);

/// JSON-RPC error code: a block could not be decoded.
pub const UNDECODABLE_BLOCK: i32 = 6001;
/// JSON-RPC error code: the blocks were not imported (invalid, or not linked to the chain).
pub const NOT_IMPORTED: i32 = 6002;

/// L2 blocks derived from L1 data.
#[rpc(server, namespace = "mooring")]
pub trait DerivationApi {
	/// Imports SCALE-encoded blocks (header and extrinsics), each the child of the previous one,
	/// waits until the last one is imported and finalizes it. Returns the hash of the last block.
	/// Unsafe: refused on a node that serves safe methods only.
	#[method(name = "importBlocks", with_extensions)]
	async fn import_blocks(&self, blocks: Vec<Bytes>) -> RpcResult<String>;
}

/// Serves [`DerivationApiServer`] with the node's client and import queue.
pub struct Derivation<C> {
	client: Arc<C>,
	queue: Arc<Mutex<Box<dyn ImportQueueService<Block>>>>,
}

impl<C> Clone for Derivation<C> {
	fn clone(&self) -> Self {
		Self { client: self.client.clone(), queue: self.queue.clone() }
	}
}

impl<C> Derivation<C> {
	/// A server that imports through `queue` and watches `client` for the result.
	pub fn new(client: Arc<C>, queue: Box<dyn ImportQueueService<Block>>) -> Self {
		Self { client, queue: Arc::new(Mutex::new(queue)) }
	}
}

fn rpc_error(code: i32, message: String) -> ErrorObjectOwned {
	ErrorObjectOwned::owned(code, message, None::<()>)
}

/// Decodes one block into what the import queue takes.
fn incoming_block(bytes: &[u8], index: usize) -> Result<IncomingBlock<Block>, ErrorObjectOwned> {
	let block = Block::decode(&mut &bytes[..])
		.map_err(|e| rpc_error(UNDECODABLE_BLOCK, format!("block {index} does not decode: {e}")))?;
	let (header, body) = block.deconstruct();
	Ok(IncomingBlock {
		hash: header.hash(),
		header: Some(header),
		body: Some(body),
		indexed_body: None,
		justifications: None,
		origin: None,
		allow_missing_state: false,
		skip_execution: false,
		import_existing: false,
		state: None,
	})
}

#[async_trait]
impl<C> DerivationApiServer for Derivation<C>
where
	C: HeaderBackend<Block>
		+ BlockchainEvents<Block>
		+ Finalizer<Block, crate::service::FullBackend>
		+ Send
		+ Sync
		+ 'static,
{
	async fn import_blocks(&self, ext: &Extensions, blocks: Vec<Bytes>) -> RpcResult<String> {
		check_if_safe(ext)?;
		let incoming = blocks
			.iter()
			.enumerate()
			.map(|(index, bytes)| incoming_block(bytes, index))
			.collect::<Result<Vec<_>, _>>()?;
		let Some(last) = incoming.last().map(|block| block.hash) else {
			return Err(rpc_error(NOT_IMPORTED, "no blocks given".into()));
		};
		// Subscribed before queueing, so that no notification is missed.
		let mut imported = self.client.every_import_notification_stream();
		self.queue
			.lock()
			.expect("the import queue handle is never poisoned")
			.import_blocks(BlockOrigin::NetworkInitialSync, incoming);

		let wait_for_last = async {
			while self.client.header(last).ok().flatten().is_none() {
				match imported.next().await {
					Some(notification) if notification.hash == last => break,
					Some(_) => continue,
					None => return false,
				}
			}
			true
		};
		if !tokio::time::timeout(IMPORT_TIMEOUT, wait_for_last).await.unwrap_or(false) {
			return Err(rpc_error(
				NOT_IMPORTED,
				format!("block {last:?} was not imported within {IMPORT_TIMEOUT:?}: see the node log for why"),
			));
		}
		self.client.finalize_block(last, None, true).map_err(|e| {
			rpc_error(NOT_IMPORTED, format!("block {last:?} imported but not finalized: {e}"))
		})?;
		Ok(format!("{last:?}"))
	}
}
