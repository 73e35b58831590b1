//! JSON-RPC resolver for `did:mooring`.
//!
//! - `did_resolve(did, at?)`: the W3C DID Resolution result (`didDocument`,
//!   `didResolutionMetadata`, `didDocumentMetadata`) of a DID. A malformed DID fails with
//!   [`INVALID_DID`] (`invalidDid`), an unknown one with [`NOT_FOUND`] (`notFound`); the error's
//!   `data` is the W3C resolution result carrying the same error.
//! - `did_credentialStatus(claimHash, at?)`: the on-chain state of a credential's attestation
//!   with its `BitstringStatusListEntry` entries.
//! - `did_statusList(issuerDid, purpose, at?)`: an issuer's revocation or suspension list as
//!   bits and as a `BitstringStatusListCredential`.
//!
//! The JSON is built by the pure functions of [`render`].

pub mod render;

use codec::Codec;
use jsonrpsee::{core::RpcResult, proc_macros::rpc, types::ErrorObjectOwned};
use pallet_did::{parse_did, runtime_api::DidResolution, DidId, StatusPurpose, STATUS_CHUNK_BITS};
use polkadot_sdk::{
	sp_api::ProvideRuntimeApi, sp_blockchain::HeaderBackend, sp_runtime::traits::Block as BlockT,
};
use serde_json::Value;
use std::{marker::PhantomData, sync::Arc};

pub use pallet_did::runtime_api::DidApi as DidRuntimeApi;

/// Error code of a malformed DID (W3C `invalidDid`).
pub const INVALID_DID: i32 = 4000;
/// Error code of a malformed claim hash or status purpose.
pub const INVALID_PARAMS: i32 = 4001;
/// Error code of an unknown DID or credential (W3C `notFound`).
pub const NOT_FOUND: i32 = 4004;
/// Error code of a status list too long to return at once.
pub const TOO_LARGE: i32 = 4013;
/// Error code of a failed runtime call (W3C `internalError`).
pub const INTERNAL_ERROR: i32 = 5000;

/// The longest status list `did_statusList` returns, in bits (2 MiB of bits).
pub const MAX_STATUS_LIST_BITS: u32 = 1 << 24;

/// Chunks of a status list fetched per runtime call.
const CHUNKS_PER_CALL: u32 = 256;

/// The `did_*` RPC methods.
#[rpc(server)]
pub trait DidApi<BlockHash> {
	/// Resolves a `did:mooring:0x…` DID to a W3C DID Resolution result.
	#[method(name = "did_resolve")]
	fn resolve(&self, did: String, at: Option<BlockHash>) -> RpcResult<Value>;

	/// The state of the attestation of the credential with hash `claim_hash` (`0x` + 64 hex).
	#[method(name = "did_credentialStatus")]
	fn credential_status(&self, claim_hash: String, at: Option<BlockHash>) -> RpcResult<Value>;

	/// An issuer's status list for `purpose` (`revocation` or `suspension`).
	#[method(name = "did_statusList")]
	fn status_list(
		&self,
		issuer: String,
		purpose: String,
		at: Option<BlockHash>,
	) -> RpcResult<Value>;
}

/// The `did_*` RPC handler, over a client whose runtime implements [`DidRuntimeApi`].
pub struct Did<C, Block, AccountId, Balance> {
	client: Arc<C>,
	chain_id: u64,
	_marker: PhantomData<(Block, AccountId, Balance)>,
}

impl<C, Block, AccountId, Balance> Did<C, Block, AccountId, Balance> {
	/// A handler for the chain with EIP-155 id `chain_id` (used in `blockchainAccountId`), e.g.
	/// [`mooring_primitives::CHAIN_ID`].
	pub fn new(client: Arc<C>, chain_id: u64) -> Self {
		Self { client, chain_id, _marker: PhantomData }
	}
}

/// A JSON-RPC error with a W3C error name as its message.
pub fn rpc_error(code: i32, message: &str, data: Option<Value>) -> ErrorObjectOwned {
	ErrorObjectOwned::owned(code, message, data)
}

fn internal(error: impl ToString) -> ErrorObjectOwned {
	rpc_error(INTERNAL_ERROR, "internalError", Some(Value::String(error.to_string())))
}

/// The answer of `did_resolve` for `did`, given how to read the chain: pure, so it can be
/// tested without a node.
pub fn resolve_response<AccountId, Balance>(
	did: &str,
	chain_id: u64,
	read: impl FnOnce(DidId) -> Result<Option<DidResolution<AccountId, Balance>>, String>,
) -> RpcResult<Value> {
	let Some(id) = parse_did(did) else {
		return Err(rpc_error(
			INVALID_DID,
			"invalidDid",
			Some(render::resolution_error("invalidDid")),
		));
	};
	match read(id) {
		Ok(Some(resolution)) => Ok(render::resolution_result(&id, &resolution, chain_id)),
		Ok(None) => {
			Err(rpc_error(NOT_FOUND, "notFound", Some(render::resolution_error("notFound"))))
		},
		Err(error) => Err(internal(error)),
	}
}

/// Parses a status purpose name.
pub fn parse_purpose(purpose: &str) -> Option<StatusPurpose> {
	match purpose {
		"revocation" => Some(StatusPurpose::Revocation),
		"suspension" => Some(StatusPurpose::Suspension),
		_ => None,
	}
}

impl<C, Block, AccountId, Balance> DidApiServer<<Block as BlockT>::Hash>
	for Did<C, Block, AccountId, Balance>
where
	Block: BlockT,
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: DidRuntimeApi<Block, AccountId, Balance>,
	AccountId: Codec + Send + Sync + 'static,
	Balance: Codec + Send + Sync + 'static,
{
	fn resolve(&self, did: String, at: Option<Block::Hash>) -> RpcResult<Value> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		resolve_response(&did, self.chain_id, |id| {
			self.client.runtime_api().resolve(at, id).map_err(|e| e.to_string())
		})
	}

	fn credential_status(&self, claim_hash: String, at: Option<Block::Hash>) -> RpcResult<Value> {
		let Some(hash) = render::parse_hash(&claim_hash) else {
			return Err(rpc_error(INVALID_PARAMS, "invalidClaimHash", None));
		};
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		let status = self.client.runtime_api().credential_status(at, hash).map_err(internal)?;
		let status = status.ok_or_else(|| rpc_error(NOT_FOUND, "notFound", None))?;
		Ok(render::credential_status_json(&hash, &status))
	}

	fn status_list(
		&self,
		issuer: String,
		purpose: String,
		at: Option<Block::Hash>,
	) -> RpcResult<Value> {
		let Some(id) = parse_did(&issuer) else {
			return Err(rpc_error(INVALID_DID, "invalidDid", None));
		};
		let Some(purpose) = parse_purpose(&purpose) else {
			return Err(rpc_error(INVALID_PARAMS, "invalidStatusPurpose", None));
		};
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		let api = self.client.runtime_api();
		let mut list = api.status_list(at, id, purpose, 0, CHUNKS_PER_CALL).map_err(internal)?;
		if list.length > MAX_STATUS_LIST_BITS {
			return Err(rpc_error(TOO_LARGE, "statusListTooLarge", Some(list.length.into())));
		}
		let chunks = list.length.div_ceil(STATUS_CHUNK_BITS);
		let mut next = CHUNKS_PER_CALL;
		while next < chunks {
			let page = api.status_list(at, id, purpose, next, CHUNKS_PER_CALL).map_err(internal)?;
			list.bits.extend_from_slice(&page.bits);
			next += CHUNKS_PER_CALL;
		}
		Ok(render::status_list_json(&id, purpose, &list))
	}
}
