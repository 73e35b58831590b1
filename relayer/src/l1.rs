//! BNB Chain (L1): contract bindings from `contracts/artifacts`, the provider, and helpers to
//! read reverts.

use alloy::{
	primitives::{Address, Bytes, B256, U256},
	providers::{DynProvider, Provider, ProviderBuilder},
	sol_types::SolInterface,
	transports::{RpcError, TransportErrorKind},
};
use alloy::{
	rpc::client::RpcClient,
	transports::{
		http::{reqwest::Url, ReqwestTransport},
		layers::{FallbackService, RetryBackoffLayer},
	},
};
use anyhow::{bail, ensure, Context};
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

alloy::sol!(
	/// The metadata functions of a BEP-20 (ERC-20) token.
	#[sol(rpc)]
	interface IERC20Metadata {
		function name() external view returns (string);
		function symbol() external view returns (string);
		function decimals() external view returns (uint8);
	}
);

/// Rate-limit retries of one L1 request (HTTP 429 and the providers' "too many requests"
/// errors) before it fails, with exponential backoff from [`L1_INITIAL_BACKOFF_MS`].
pub const L1_RATE_LIMIT_RETRIES: u32 = 10;
/// First backoff of a rate-limited L1 request, in milliseconds.
pub const L1_INITIAL_BACKOFF_MS: u64 = 500;
/// The request budget the retry layer assumes of an endpoint (compute units per second, as
/// hosted providers count them; about 500 requests per second).
pub const L1_COMPUTE_UNITS_PER_SECOND: u64 = 10_000;

/// The JSON-RPC methods the relayer sends, each tried on one endpoint at a time, the best
/// first, falling over to the next on a transport error (so every answer comes from one node,
/// never the fastest of several that may lag). Others race all endpoints (alloy's default).
pub const L1_ORDERED_METHODS: &[&str] = &[
	"eth_blockNumber",
	"eth_call",
	"eth_chainId",
	"eth_estimateGas",
	"eth_gasPrice",
	"eth_getBalance",
	"eth_getBlockByHash",
	"eth_getBlockByNumber",
	"eth_getCode",
	"eth_getLogs",
	"eth_getTransactionByHash",
	"eth_getTransactionCount",
	"eth_getTransactionReceipt",
	"eth_maxPriorityFeePerGas",
	"eth_sendRawTransaction",
];

/// A provider over the endpoints `urls` (the first is preferred) that does nothing on its own
/// (no fillers): the relayer picks nonces, fees and gas and signs itself.
///
/// Requests that an endpoint rate-limits are retried with backoff (alloy's
/// `RetryBackoffLayer`); a request an endpoint fails (connection refused, HTTP error) goes to
/// the next one (alloy's `FallbackService`, endpoints ranked by success and latency, the
/// configured order first; [`L1_ORDERED_METHODS`]). With
/// `expected_chain_id`, every endpoint that answers at start must serve that chain (else an
/// error); one that does not answer is left out, with a warning, until the next start, so that
/// an endpoint of another chain is never used. Failover guards against a broken endpoint, not a
/// lying one: an endpoint that answers wrongly is believed (see docs/security.md).
pub async fn connect(
	urls: &[String],
	expected_chain_id: Option<u64>,
) -> anyhow::Result<DynProvider> {
	let mut transports = vec![];
	for url in urls {
		let parsed: Url = url.parse().with_context(|| format!("invalid L1 RPC URL {url}"))?;
		if let Some(expected) = expected_chain_id {
			let probe =
				ProviderBuilder::new().disable_recommended_fillers().connect_http(parsed.clone());
			match probe.get_chain_id().await {
				Ok(chain_id) if chain_id == expected => {},
				Ok(chain_id) => {
					bail!("the L1 RPC {url} serves chain {chain_id}, the config says {expected}")
				},
				Err(error) => {
					tracing::warn!(url, %error, "L1 RPC endpoint unreachable: left out until restart");
					continue;
				},
			}
		}
		transports.push(ReqwestTransport::new(parsed));
	}
	ensure!(!transports.is_empty(), "cannot reach the L1 RPC ({})", urls.join(", "));
	let ordered = L1_ORDERED_METHODS.iter().map(|method| method.to_string()).collect();
	let count = transports.len();
	let fallback = FallbackService::new_with_sequential_methods(transports, count, ordered);
	let retry = RetryBackoffLayer::new(
		L1_RATE_LIMIT_RETRIES,
		L1_INITIAL_BACKOFF_MS,
		L1_COMPUTE_UNITS_PER_SECOND,
	);
	let client = RpcClient::builder().layer(retry).transport(fallback, false);
	Ok(ProviderBuilder::new().disable_recommended_fillers().connect_client(client).erased())
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
