//! The node's RPC methods beyond the standard Substrate set: nonces and fees, and one namespace
//! per Mooring pallet (`did_*`, `rwa_*`, `payments_*`, `bridge_*`).

use crate::import_blocks_rpc::{Derivation, DerivationApiServer};
use jsonrpsee::RpcModule;
use mooring_runtime::{opaque::Block, AccountId, Balance, Nonce};
use pallet_bridge_rpc::{Bridge, BridgeApiServer};
use pallet_did_rpc::{Did, DidApiServer};
use pallet_payments_rpc::{Payments, PaymentsApiServer};
use pallet_rwa_rpc::{Rwa, RwaApiServer};
use polkadot_sdk::{
	pallet_transaction_payment_rpc::{TransactionPayment, TransactionPaymentApiServer},
	sc_transaction_pool_api::TransactionPool,
	sp_api::ProvideRuntimeApi,
	sp_block_builder::BlockBuilder,
	sp_blockchain::{Error as BlockChainError, HeaderBackend, HeaderMetadata},
	substrate_frame_rpc_system::{System, SystemApiServer},
};
use std::sync::Arc;

/// What the RPC methods need from the node.
pub struct FullDeps<C, P> {
	/// The client.
	pub client: Arc<C>,
	/// The transaction pool.
	pub pool: Arc<P>,
	/// The L1-derivation import method, if the node serves it.
	pub derivation: Option<Derivation<C>>,
	/// The chain's EVM chain id (the chain spec's `evmChainId`), which DID documents name.
	pub evm_chain_id: u64,
}

/// Builds the RPC extensions on top of the standard Substrate methods.
pub fn create_full<C, P>(
	deps: FullDeps<C, P>,
) -> Result<RpcModule<()>, Box<dyn std::error::Error + Send + Sync>>
where
	C: ProvideRuntimeApi<Block>
		+ HeaderBackend<Block>
		+ polkadot_sdk::sc_client_api::Finalizer<Block, crate::service::FullBackend>
		+ polkadot_sdk::sc_client_api::BlockchainEvents<Block>
		+ HeaderMetadata<Block, Error = BlockChainError>
		+ Send
		+ Sync
		+ 'static,
	C::Api: polkadot_sdk::substrate_frame_rpc_system::AccountNonceApi<Block, AccountId, Nonce>,
	C::Api:
		polkadot_sdk::pallet_transaction_payment_rpc::TransactionPaymentRuntimeApi<Block, Balance>,
	C::Api: BlockBuilder<Block>,
	C::Api: pallet_did::runtime_api::DidApi<Block, AccountId, Balance>,
	C::Api: pallet_rwa::runtime_api::RwaApi<Block, AccountId, Balance>,
	C::Api: pallet_payments::runtime_api::PaymentsApi<Block, AccountId, u32, Balance>,
	C::Api: pallet_bridge::runtime_api::BridgeApi<Block>,
	P: TransactionPool + 'static,
{
	let FullDeps { client, pool, derivation, evm_chain_id } = deps;
	let mut module = RpcModule::new(());
	module.merge(System::new(client.clone(), pool).into_rpc())?;
	module.merge(TransactionPayment::new(client.clone()).into_rpc())?;
	module
		.merge(Did::<_, Block, AccountId, Balance>::new(client.clone(), evm_chain_id).into_rpc())?;
	module.merge(RwaApiServer::<_, AccountId>::into_rpc(Rwa::<_, Block, Balance>::new(
		client.clone(),
	)))?;
	module.merge(Payments::<_, Block, AccountId, u32, Balance>::new(client.clone()).into_rpc())?;
	module.merge(Bridge::<_, Block>::new(client).into_rpc())?;
	if let Some(derivation) = derivation {
		module.merge(DerivationApiServer::into_rpc(derivation))?;
	}
	Ok(module)
}
