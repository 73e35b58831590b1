//! JSON-RPC for the Mooring bridge: what the proposer posts to the L1 OutputOracle and what a
//! user needs to call `Portal.finalizeWithdrawal`.
//!
//! Methods (register with `Bridge::new(client).into_rpc()` in the node's RPC module):
//! - `bridge_outputPreimage(blockNumber)` → [`OutputRootPreimage`]: what an output root of a
//!   block of the node's canonical chain commits to, from its header (hash, state root) and the
//!   withdrawals root the runtime API reports at that block (so it needs the block's state). The
//!   root itself depends on the OutputOracle it is posted to (chain id and address, see
//!   [`OutputRootPreimage::output_root`]), which the node does not know.
//! - `bridge_withdrawalProof(nonce, blockNumber)` → [`WithdrawalProofResponse`]: the withdrawal
//!   (naming the Portal that pays it), its proof against the withdrawal tree at that block, and
//!   that block's output-root preimage.
//! - `bridge_nextDepositNonce()` → the L1 deposit nonce the bridge expects next, at the best
//!   block.
//! - `bridge_portal()` → the Portal ([`L1Contract`]) the bridge settles to at the best block,
//!   `null` before one is set.
//!
//! JSON: camelCase fields, `0x`-hex bytes, numbers for block numbers and nonces, decimal strings
//! for amounts. The response types also deserialize, so clients can reuse them.

use jsonrpsee::{core::RpcResult, proc_macros::rpc, types::ErrorObjectOwned};
use mooring_primitives::bridge::{
	L1Contract, OutputRootPreimage, WithdrawalLeaf, WITHDRAWAL_TREE_DEPTH,
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

pub use mooring_primitives::bridge::{
	RPC_INTERNAL_ERROR as INTERNAL_ERROR, RPC_UNKNOWN_BLOCK as UNKNOWN_BLOCK,
	RPC_UNKNOWN_WITHDRAWAL as UNKNOWN_WITHDRAWAL,
};

/// The `bridge_*` RPC methods.
#[rpc(server)]
pub trait BridgeApi {
	/// The output-root preimage of the canonical block `block_number`.
	#[method(name = "bridge_outputPreimage")]
	fn output_preimage(&self, block_number: u64) -> RpcResult<OutputRootPreimage>;

	/// The withdrawal `nonce` with its proof as of the canonical block `block_number`.
	#[method(name = "bridge_withdrawalProof")]
	fn withdrawal_proof(&self, nonce: u64, block_number: u64)
		-> RpcResult<WithdrawalProofResponse>;

	/// The L1 deposit nonce the bridge expects next, at the best block.
	#[method(name = "bridge_nextDepositNonce")]
	fn next_deposit_nonce(&self) -> RpcResult<u64>;

	/// The Portal the bridge settles to, at the best block.
	#[method(name = "bridge_portal")]
	fn portal(&self) -> RpcResult<Option<L1Contract>>;
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
	fn output_preimage(&self, block_number: u64) -> RpcResult<OutputRootPreimage> {
		let (hash, mut preimage) = self.block_at(block_number)?;
		preimage.withdrawals_root =
			self.client.runtime_api().withdrawals_root(hash).map_err(internal)?;
		Ok(preimage)
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

	fn portal(&self) -> RpcResult<Option<L1Contract>> {
		let best = self.client.info().best_hash;
		self.client.runtime_api().portal(best).map_err(internal)
	}
}
