//! L1 derivation support: `mooring_importBlocks`, through which a verifier feeds the node the L2
//! blocks it rebuilt from BNB Chain batches.
//!
//! The blocks go into the node's import queue, the same path blocks from peers take: the Aura
//! seal is verified and every block is executed and checked against its state root before it
//! is imported. Enabled only with `--l1-derivation`, for a node that has no L2 peers.
//!
//! Imported blocks are then finalized: they come from batches the verifier reads only once
//! they are confirmed on L1, which is what finality means for a node that derives from L1 (and
//! it lets the node prune old state as usual).

use codec::Decode;
use jsonrpsee::{
	core::{async_trait, RpcResult},
	proc_macros::rpc,
	types::ErrorObjectOwned,
};
use mooring_runtime::opaque::Block;
use polkadot_sdk::{
	sc_client_api::{Finalizer, HeaderBackend},
	sc_consensus::{import_queue::ImportQueueService, IncomingBlock},
	sp_consensus::BlockOrigin,
	sp_core::Bytes,
	sp_runtime::traits::Block as BlockT,
};
use std::{
	sync::{Arc, Mutex},
	time::{Duration, Instant},
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
	#[method(name = "importBlocks")]
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
	C: HeaderBackend<Block> + Finalizer<Block, crate::service::FullBackend> + Send + Sync + 'static,
{
	async fn import_blocks(&self, blocks: Vec<Bytes>) -> RpcResult<String> {
		let incoming = blocks
			.iter()
			.enumerate()
			.map(|(index, bytes)| incoming_block(bytes, index))
			.collect::<Result<Vec<_>, _>>()?;
		let Some(last) = incoming.last().map(|block| block.hash) else {
			return Err(rpc_error(NOT_IMPORTED, "no blocks given".into()));
		};
		self.queue
			.lock()
			.expect("the import queue handle is never poisoned")
			.import_blocks(BlockOrigin::NetworkInitialSync, incoming);

		let deadline = Instant::now() + IMPORT_TIMEOUT;
		while self.client.header(last).ok().flatten().is_none() {
			if Instant::now() > deadline {
				return Err(rpc_error(
					NOT_IMPORTED,
					format!("block {last:?} was not imported within {IMPORT_TIMEOUT:?}: see the node log for why"),
				));
			}
			tokio::time::sleep(Duration::from_millis(50)).await;
		}
		self.client.finalize_block(last, None, true).map_err(|e| {
			rpc_error(NOT_IMPORTED, format!("block {last:?} imported but not finalized: {e}"))
		})?;
		Ok(format!("{last:?}"))
	}
}
