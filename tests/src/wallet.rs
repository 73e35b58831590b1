//! An Ethereum wallet on Mooring: a dev Ethereum key speaking to the L2 through the eth-rpc
//! only (no Substrate client), as MetaMask or a cast user does.

use crate::{node::EthRpc, relayer::anvil_signer};
use alloy::{
	network::{Ethereum, EthereumWallet},
	providers::{DynProvider, PendingTransactionBuilder, Provider, ProviderBuilder},
	rpc::types::TransactionReceipt,
};
use std::{
	future::{Future, IntoFuture},
	time::Duration,
};

/// The L2 account an Ethereum address acts as until it maps itself (pallet-revive's fallback
/// account: the address followed by twelve `0xee` bytes).
pub fn l2_account_of(address: alloy::primitives::Address) -> mooring_runtime::AccountId {
	use polkadot_sdk::pallet_revive::{self, AddressMapper};
	let address = polkadot_sdk::sp_core::H160(address.into_array());
	<mooring_runtime::Runtime as pallet_revive::Config>::AddressMapper::to_fallback_account_id(
		&address,
	)
}

/// How long a wallet waits for a transaction to be mined or a call to answer.
pub const TX_TIMEOUT: Duration = Duration::from_secs(60);

/// A provider on `eth_rpc` that signs with dev Ethereum key `index` (the anvil/Hardhat keys,
/// which the dev presets endow on L2).
pub fn wallet(eth_rpc: &EthRpc, index: usize) -> anyhow::Result<DynProvider> {
	let provider = ProviderBuilder::new()
		.wallet(EthereumWallet::new(anvil_signer(index)))
		.connect_http(eth_rpc.url().parse()?);
	Ok(provider.erased())
}

/// `future`'s output, or an error naming `what` after [`TX_TIMEOUT`].
pub async fn within<T>(what: &str, future: impl IntoFuture<Output = T>) -> anyhow::Result<T> {
	tokio::time::timeout(TX_TIMEOUT, future)
		.await
		.map_err(|_| anyhow::anyhow!("{what}: no answer within {TX_TIMEOUT:?}"))
}

/// The receipt of the transaction `sent`, which must succeed within [`TX_TIMEOUT`]; prints
/// its block and gas used.
pub async fn mined(
	what: &str,
	sent: impl Future<Output = alloy::contract::Result<PendingTransactionBuilder<Ethereum>>>,
) -> anyhow::Result<TransactionReceipt> {
	let receipt = within(what, async { anyhow::Ok(sent.await?.get_receipt().await?) }).await??;
	anyhow::ensure!(receipt.status(), "{what} reverted");
	println!("{what}: mined in block {:?}, gas used {}", receipt.block_number, receipt.gas_used);
	Ok(receipt)
}

/// The reason a wallet's gas estimate gives for refusing `call` (estimating is how a wallet
/// learns of a revert before it signs: a refused send would leave its cached nonce ahead).
pub async fn refusal<T>(
	what: &str,
	estimate: impl Future<Output = alloy::contract::Result<T>>,
) -> anyhow::Result<String> {
	match within(what, estimate).await? {
		Ok(_) => anyhow::bail!("{what} was expected to be refused"),
		Err(error) => Ok(error.to_string()),
	}
}
