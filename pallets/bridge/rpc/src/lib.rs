//! JSON-RPC for the Mooring bridge: what the proposer posts to the L1 OutputOracle and what a
//! user needs to call `Portal.finalizeWithdrawal`.
//!
//! Methods (register with `Bridge::new(client).into_rpc()` in the node's RPC module):
//! - `bridge_outputRoot(blockNumber)` → [`OutputRootResponse`]: the output root of a block of
//!   the node's canonical chain, from its header (hash, state root) and the withdrawals root the
//!   runtime API reports at that block.
//! - `bridge_withdrawalProof(nonce, blockNumber)` → [`WithdrawalProofResponse`]: the withdrawal,
//!   its proof against the withdrawal tree at that block, and that block's output-root preimage.
//! - `bridge_nextDepositNonce()` → the L1 deposit nonce the bridge expects next, at the best
//!   block.
//!
//! JSON: camelCase fields, `0x`-hex bytes, numbers for block numbers and nonces, decimal strings
//! for amounts. The response types also deserialize, so clients can reuse them.

use jsonrpsee::{core::RpcResult, proc_macros::rpc, types::ErrorObjectOwned};
use mooring_primitives::bridge::{
	OutputRootPreimage, WithdrawalLeaf, OUTPUT_ROOT_VERSION, WITHDRAWAL_TREE_DEPTH,
};
use pallet_bridge::WithdrawalProof;
use polkadot_sdk::{
	sp_api::ProvideRuntimeApi,
	sp_blockchain::HeaderBackend,
	sp_core::H256,
	sp_runtime::traits::{Block as BlockT, Header as HeaderT, NumberFor},
};
use serde::{Deserialize, Serialize};
use std::{marker::PhantomData, sync::Arc};

pub use pallet_bridge::runtime_api::BridgeApi as BridgeRuntimeApi;

#[cfg(test)]
mod tests;

/// Error code of a block the node does not have on its canonical chain.
pub const UNKNOWN_BLOCK: i32 = 4004;
/// Error code of a withdrawal that does not exist at the block asked for.
pub const UNKNOWN_WITHDRAWAL: i32 = 4005;
/// Error code of a failed runtime call or database read.
pub const INTERNAL_ERROR: i32 = 5000;

/// The `bridge_*` RPC methods.
#[rpc(server)]
pub trait BridgeApi {
	/// The output root of the canonical block `block_number`.
	#[method(name = "bridge_outputRoot")]
	fn output_root(&self, block_number: u64) -> RpcResult<OutputRootResponse>;

	/// The withdrawal `nonce` with its proof as of the canonical block `block_number`.
	#[method(name = "bridge_withdrawalProof")]
	fn withdrawal_proof(&self, nonce: u64, block_number: u64)
		-> RpcResult<WithdrawalProofResponse>;

	/// The L1 deposit nonce the bridge expects next, at the best block.
	#[method(name = "bridge_nextDepositNonce")]
	fn next_deposit_nonce(&self) -> RpcResult<u64>;
}

/// The answer of `bridge_outputRoot`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OutputRootResponse {
	/// The output-root encoding version (0).
	pub version: u64,
	/// The L2 block.
	pub l2_block_number: u64,
	/// Its hash.
	pub l2_block_hash: H256,
	/// Its state root.
	pub l2_state_root: H256,
	/// The withdrawal tree root after it.
	pub withdrawals_root: H256,
	/// `keccak256(abi.encode(version, number, hash, stateRoot, withdrawalsRoot))`.
	pub output_root: H256,
}

impl From<OutputRootPreimage> for OutputRootResponse {
	fn from(preimage: OutputRootPreimage) -> Self {
		OutputRootResponse {
			version: OUTPUT_ROOT_VERSION,
			l2_block_number: preimage.l2_block_number,
			l2_block_hash: preimage.l2_block_hash,
			l2_state_root: preimage.l2_state_root,
			withdrawals_root: preimage.withdrawals_root,
			output_root: preimage.output_root(),
		}
	}
}

/// The answer of `bridge_withdrawalProof`: the arguments of `Portal.finalizeWithdrawal` except
/// the output index.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WithdrawalProofResponse {
	/// The withdrawal (`amount` as a decimal string).
	pub leaf: WithdrawalLeaf,
	/// Its leaf hash.
	pub leaf_hash: H256,
	/// The 32 siblings from the leaf upwards.
	pub proof: [H256; WITHDRAWAL_TREE_DEPTH],
	/// The withdrawal tree root the proof leads to.
	pub withdrawals_root: H256,
	/// The output-root preimage of the block the proof is for.
	pub output_root_preimage: OutputRootPreimage,
	/// The output root of that block.
	pub output_root: H256,
}

impl WithdrawalProofResponse {
	/// The answer for `proof`, taken at the block `preimage` describes (its withdrawals root
	/// is replaced by the proof's, which is read from the same state).
	pub fn new(proof: WithdrawalProof, mut preimage: OutputRootPreimage) -> Self {
		preimage.withdrawals_root = proof.withdrawals_root;
		WithdrawalProofResponse {
			leaf: proof.leaf,
			leaf_hash: proof.leaf_hash,
			proof: proof.proof,
			withdrawals_root: proof.withdrawals_root,
			output_root: preimage.output_root(),
			output_root_preimage: preimage,
		}
	}
}

/// The `bridge_*` RPC handler, over a client whose runtime implements [`BridgeRuntimeApi`].
pub struct Bridge<C, Block> {
	client: Arc<C>,
	_marker: PhantomData<Block>,
}

impl<C, Block> Bridge<C, Block> {
	/// A handler reading through `client`.
	pub fn new(client: Arc<C>) -> Self {
		Self { client, _marker: PhantomData }
	}
}

fn unknown_block(block_number: u64) -> ErrorObjectOwned {
	ErrorObjectOwned::owned(
		UNKNOWN_BLOCK,
		format!("block {block_number} is not on the canonical chain"),
		None::<()>,
	)
}

fn internal(error: impl ToString) -> ErrorObjectOwned {
	ErrorObjectOwned::owned(INTERNAL_ERROR, error.to_string(), None::<()>)
}

/// A 32-byte hash of the chain as an `H256`.
fn to_h256(bytes: &[u8]) -> RpcResult<H256> {
	if bytes.len() != 32 {
		return Err(internal(format!("expected a 32-byte hash, got {} bytes", bytes.len())));
	}
	Ok(H256::from_slice(bytes))
}

impl<C, Block> Bridge<C, Block>
where
	Block: BlockT,
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block>,
	C::Api: BridgeRuntimeApi<Block>,
{
	/// The hash of the canonical block `block_number` and its output-root preimage with a zero
	/// withdrawals root (filled in by the caller from the runtime API at that hash).
	fn block_at(&self, block_number: u64) -> RpcResult<(Block::Hash, OutputRootPreimage)> {
		let number =
			NumberFor::<Block>::try_from(block_number).map_err(|_| unknown_block(block_number))?;
		let hash = self
			.client
			.hash(number)
			.map_err(internal)?
			.ok_or_else(|| unknown_block(block_number))?;
		let header = self
			.client
			.header(hash)
			.map_err(internal)?
			.ok_or_else(|| unknown_block(block_number))?;
		let preimage = OutputRootPreimage {
			l2_block_number: block_number,
			l2_block_hash: to_h256(hash.as_ref())?,
			l2_state_root: to_h256(header.state_root().as_ref())?,
			withdrawals_root: H256::zero(),
		};
		Ok((hash, preimage))
	}
}

impl<C, Block> BridgeApiServer for Bridge<C, Block>
where
	Block: BlockT,
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: BridgeRuntimeApi<Block>,
{
	fn output_root(&self, block_number: u64) -> RpcResult<OutputRootResponse> {
		let (hash, mut preimage) = self.block_at(block_number)?;
		preimage.withdrawals_root =
			self.client.runtime_api().withdrawals_root(hash).map_err(internal)?;
		Ok(preimage.into())
	}

	fn withdrawal_proof(
		&self,
		nonce: u64,
		block_number: u64,
	) -> RpcResult<WithdrawalProofResponse> {
		let (hash, preimage) = self.block_at(block_number)?;
		let proof =
			self.client.runtime_api().withdrawal_proof(hash, nonce).map_err(internal)?.ok_or_else(
				|| {
					ErrorObjectOwned::owned(
						UNKNOWN_WITHDRAWAL,
						format!("withdrawal {nonce} does not exist at block {block_number}"),
						None::<()>,
					)
				},
			)?;
		Ok(WithdrawalProofResponse::new(proof, preimage))
	}

	fn next_deposit_nonce(&self) -> RpcResult<u64> {
		let best = self.client.info().best_hash;
		self.client.runtime_api().next_deposit_nonce(best).map_err(internal)
	}
}
