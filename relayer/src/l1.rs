//! BNB Chain (L1): contract bindings from `contracts/artifacts`, the provider, and helpers to
//! read reverts.

use alloy::{
	primitives::{Address, Bytes, B256, U256},
	providers::{DynProvider, Provider, ProviderBuilder},
	sol_types::SolInterface,
	transports::{RpcError, TransportErrorKind},
};
use anyhow::{bail, Context};
use mooring_primitives::bridge::OutputRootPreimage;
use polkadot_sdk::sp_core::H256;

alloy::sol!(
	#[sol(rpc)]
	#[derive(Debug)]
	BatchInbox,
	"../contracts/artifacts/BatchInbox.json"
);

/// The OutputOracle binding (in its own module: its ABI may name `Formats` structs too).
pub mod oracle {
	alloy::sol!(
		#[sol(rpc)]
		#[derive(Debug)]
		OutputOracle,
		"../contracts/artifacts/OutputOracle.json"
	);
}
pub use oracle::OutputOracle;

/// `preimage` as the OutputOracle's ABI struct.
pub fn sol_preimage(preimage: &OutputRootPreimage) -> oracle::Formats::OutputRootPreimage {
	oracle::Formats::OutputRootPreimage {
		l2BlockNumber: U256::from(preimage.l2_block_number),
		l2BlockHash: B256::from(preimage.l2_block_hash.0),
		l2StateRoot: B256::from(preimage.l2_state_root.0),
		withdrawalsRoot: B256::from(preimage.withdrawals_root.0),
	}
}

/// The preimage an `OutputPreimage` event published, as the shared type; `None` for a block
/// number beyond u64 (no Mooring block).
pub fn published_preimage(event: &OutputOracle::OutputPreimage) -> Option<OutputRootPreimage> {
	Some(OutputRootPreimage {
		l2_block_number: u64::try_from(event.l2BlockNumber).ok()?,
		l2_block_hash: H256(event.l2BlockHash.0),
		l2_state_root: H256(event.l2StateRoot.0),
		withdrawals_root: H256(event.withdrawalsRoot.0),
	})
}

/// The Portal binding (in its own module: it brings the `Formats` structs along).
pub mod portal {
	alloy::sol!(
		#[sol(rpc)]
		#[derive(Debug)]
		Portal,
		"../contracts/artifacts/Portal.json"
	);
}
pub use portal::{Formats, Portal};

/// A provider for `url` that does nothing on its own (no fillers): the relayer picks nonces,
/// fees and gas and signs itself.
pub async fn connect(url: &str, expected_chain_id: Option<u64>) -> anyhow::Result<DynProvider> {
	let url = url.parse().with_context(|| format!("invalid L1 RPC URL {url}"))?;
	let provider = ProviderBuilder::new().disable_recommended_fillers().connect_http(url).erased();
	if let Some(expected) = expected_chain_id {
		let chain_id = provider.get_chain_id().await.context("cannot reach the L1 RPC")?;
		if chain_id != expected {
			bail!("the L1 RPC serves chain {chain_id}, the config says {expected}");
		}
	}
	Ok(provider)
}

/// The revert data in an RPC error, if it is a revert.
pub fn revert_data(error: &RpcError<TransportErrorKind>) -> Option<Bytes> {
	error.as_error_resp().and_then(|payload| payload.as_revert_data())
}

/// A revert as readable text: the contract error of any of our contracts, or the raw data.
pub fn describe_revert(data: &[u8]) -> String {
	if let Ok(e) = BatchInbox::BatchInboxErrors::abi_decode(data) {
		return format!("{e:?}");
	}
	if let Ok(e) = OutputOracle::OutputOracleErrors::abi_decode(data) {
		return format!("{e:?}");
	}
	if let Ok(e) = Portal::PortalErrors::abi_decode(data) {
		return format!("{e:?}");
	}
	format!("revert 0x{}", alloy::hex::encode(data))
}

/// Whether `address` holds code (a deployed contract).
pub async fn has_code(provider: &DynProvider, address: Address) -> anyhow::Result<bool> {
	Ok(!provider.get_code_at(address).await?.is_empty())
}

#[cfg(test)]
mod tests {
	use super::*;
	use alloy::sol_types::SolError;

	#[test]
	fn reverts_of_our_contracts_are_named() {
		let data = BatchInbox::UnexpectedFirstBlock { expected: 5, actual: 3 }.abi_encode();
		let text = describe_revert(&data);
		assert!(text.contains("UnexpectedFirstBlock"), "{text}");
		let data = OutputOracle::BatchDataNotPosted {
			l2BlockNumber: alloy::primitives::U256::from(10),
			inboxNextBlock: alloy::primitives::U256::from(4),
		}
		.abi_encode();
		assert!(describe_revert(&data).contains("BatchDataNotPosted"));
		assert!(describe_revert(&[1, 2, 3, 4]).starts_with("revert 0x01020304"));
	}
}
