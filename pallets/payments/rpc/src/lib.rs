//! JSON-RPC of the payments pallet.
//!
//! - `payments_resolveHandle(handle, at?)`: the owner, DID and receive preferences of a PayPIN
//!   handle. Errors: [`HANDLE_MALFORMED`] (with the broken rule in `data`), [`HANDLE_UNKNOWN`].
//! - `payments_invoice(id, at?)`: an invoice and its status (`open`, `paid`, `cancelled`,
//!   `expired`), or `null`.
//! - `payments_streamWithdrawable(id, at?)`: what a stream's recipient can withdraw now (a
//!   decimal string), or `null`.
//!
//! Runtime-API failures are reported with [`RUNTIME_ERROR`]. Balances are decimal strings
//! (they exceed JSON's safe integers); accounts and asset ids use their serde form (SS58 for
//! `AccountId32`).

use std::{fmt::Display, marker::PhantomData, sync::Arc};

use codec::Codec;
use jsonrpsee::{
	core::RpcResult,
	proc_macros::rpc,
	types::{error::ErrorObject, ErrorObjectOwned},
};
use pallet_payments::{
	AssetKind, HandleError, HandleResolution, InvoiceState, InvoiceStatus, InvoiceView,
	ResolveError,
};
use polkadot_sdk::{
	sp_api::ProvideRuntimeApi, sp_blockchain::HeaderBackend, sp_runtime::traits::Block as BlockT,
};
use serde::Serialize;
use serde_json::{json, Value};

pub use pallet_payments::runtime_api::PaymentsApi as PaymentsRuntimeApi;

/// The runtime API call failed.
pub const RUNTIME_ERROR: i32 = 7000;
/// The handle breaks the handle rules; `data` names the rule.
pub const HANDLE_MALFORMED: i32 = 7001;
/// Nobody holds the handle.
pub const HANDLE_UNKNOWN: i32 = 7002;

/// The `payments_*` methods.
#[rpc(server)]
pub trait PaymentsApi<BlockHash> {
	/// Resolves a handle to its owner, DID and preferences.
	#[method(name = "payments_resolveHandle")]
	fn resolve_handle(&self, handle: String, at: Option<BlockHash>) -> RpcResult<Value>;

	/// An invoice and its status, or `null`.
	#[method(name = "payments_invoice")]
	fn invoice(&self, id: u64, at: Option<BlockHash>) -> RpcResult<Option<Value>>;

	/// What a stream's recipient can withdraw now, or `null`.
	#[method(name = "payments_streamWithdrawable")]
	fn stream_withdrawable(&self, id: u64, at: Option<BlockHash>) -> RpcResult<Option<String>>;
}

/// Serves the `payments_*` methods from a client's runtime API.
pub struct Payments<C, Block, AccountId, AssetId, Balance> {
	client: Arc<C>,
	_marker: PhantomData<fn() -> (Block, AccountId, AssetId, Balance)>,
}

impl<C, Block, AccountId, AssetId, Balance> Payments<C, Block, AccountId, AssetId, Balance> {
	/// Serves from `client`.
	pub fn new(client: Arc<C>) -> Self {
		Self { client, _marker: PhantomData }
	}
}

fn runtime_error(error: impl ToString) -> ErrorObjectOwned {
	ErrorObject::owned(RUNTIME_ERROR, "runtime API call failed", Some(error.to_string()))
}

/// The rule a malformed handle breaks, as a JSON-RPC error.
pub fn handle_error(error: ResolveError) -> ErrorObjectOwned {
	match error {
		ResolveError::Unknown => ErrorObject::owned(HANDLE_UNKNOWN, "unknown handle", None::<()>),
		ResolveError::Malformed(rule) => {
			ErrorObject::owned(HANDLE_MALFORMED, "malformed handle", Some(malformed_reason(rule)))
		},
	}
}

fn malformed_reason(rule: HandleError) -> &'static str {
	match rule {
		HandleError::TooShort => "shorter than 3 characters",
		HandleError::TooLong => "longer than 32 characters",
		HandleError::InvalidCharacter => "only a-z, 0-9, '-' and '_' are allowed",
		HandleError::MustStartWithLetter => "must start with a letter",
		HandleError::MustEndWithLetterOrDigit => "must end with a letter or digit",
		HandleError::ConsecutiveSeparators => "no two '-' or '_' in a row",
	}
}

/// JSON of an asset: `"native"` or `{"asset": id}`.
pub fn asset_json<AssetId: Serialize>(asset: &AssetKind<AssetId>) -> Value {
	match asset {
		AssetKind::Native => json!("native"),
		AssetKind::Asset(id) => json!({ "asset": id }),
	}
}

fn hex(bytes: &[u8]) -> String {
	format!("0x{}", bytes.iter().map(|b| format!("{b:02x}")).collect::<String>())
}

/// JSON of a handle resolution.
pub fn resolution_json<AccountId: Serialize, AssetId: Serialize>(
	resolution: &HandleResolution<AccountId, AssetId>,
) -> Value {
	json!({
		"handle": String::from_utf8_lossy(&resolution.handle),
		"account": resolution.owner,
		"did": resolution.did.map(|did| hex(&did)),
		"preferredAsset": resolution.preferred.as_ref().map(asset_json),
		"onlyPreferred": resolution.only_preferred,
		"refusedAssets": resolution.refused.iter().map(asset_json).collect::<Vec<_>>(),
		"payerRequirement": resolution.payer_requirement.map(|schema| hex(&schema)),
		"reserved": resolution.reserved,
	})
}

/// JSON of an invoice with its status.
pub fn invoice_json<AccountId: Serialize, AssetId: Serialize, Balance: Display>(
	view: &InvoiceView<AccountId, AssetId, Balance>,
) -> Value {
	let invoice = &view.invoice;
	let status = match view.status {
		InvoiceStatus::Open => "open",
		InvoiceStatus::Paid => "paid",
		InvoiceStatus::Cancelled => "cancelled",
		InvoiceStatus::Expired => "expired",
	};
	let (paid_by, paid_at) = match &invoice.state {
		InvoiceState::Paid { payer, at } => (json!(payer), json!(at)),
		_ => (Value::Null, Value::Null),
	};
	json!({
		"status": status,
		"merchant": invoice.merchant,
		"holder": invoice.holder,
		"payer": invoice.payer,
		"asset": asset_json(&invoice.asset),
		"amount": invoice.amount.to_string(),
		"due": invoice.due,
		"reference": hex(&invoice.reference),
		"paidBy": paid_by,
		"paidAt": paid_at,
	})
}

impl<C, Block, AccountId, AssetId, Balance> PaymentsApiServer<<Block as BlockT>::Hash>
	for Payments<C, Block, AccountId, AssetId, Balance>
where
	Block: BlockT,
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: PaymentsRuntimeApi<Block, AccountId, AssetId, Balance>,
	AccountId: Codec + Serialize + Send + Sync + 'static,
	AssetId: Codec + Serialize + Send + Sync + 'static,
	Balance: Codec + Display + Send + Sync + 'static,
{
	fn resolve_handle(&self, handle: String, at: Option<Block::Hash>) -> RpcResult<Value> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		let resolution = self
			.client
			.runtime_api()
			.resolve_handle(at, handle.into_bytes())
			.map_err(runtime_error)?
			.map_err(handle_error)?;
		Ok(resolution_json(&resolution))
	}

	fn invoice(&self, id: u64, at: Option<Block::Hash>) -> RpcResult<Option<Value>> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		let view = self.client.runtime_api().invoice(at, id).map_err(runtime_error)?;
		Ok(view.as_ref().map(invoice_json))
	}

	fn stream_withdrawable(&self, id: u64, at: Option<Block::Hash>) -> RpcResult<Option<String>> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		let amount =
			self.client.runtime_api().stream_withdrawable(at, id).map_err(runtime_error)?;
		Ok(amount.map(|a| a.to_string()))
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use jsonrpsee::MethodsError;
	use pallet_payments::Invoice;
	use polkadot_sdk::{
		sp_api::{ApiRef, ProvideRuntimeApi},
		sp_blockchain::{BlockStatus, HeaderBackend, Info},
		sp_core::H256,
		sp_runtime::{
			generic,
			traits::{BlakeTwo256, NumberFor},
			OpaqueExtrinsic,
		},
	};

	type Block = generic::Block<generic::Header<u32, BlakeTwo256>, OpaqueExtrinsic>;
	type AccountId = u64;
	type AssetId = u32;
	type Balance = u128;

	const BEST: H256 = H256::repeat_byte(1);

	/// The runtime side: one handle `alice` owned by 42 with DID 0x2a.., one paid invoice.
	#[derive(Clone, Default)]
	struct MockRuntime;

	polkadot_sdk::sp_api::mock_impl_runtime_apis! {
		impl PaymentsRuntimeApi<Block, AccountId, AssetId, Balance> for MockRuntime {
			fn resolve_handle(raw: Vec<u8>) -> Result<HandleResolution<AccountId, AssetId>, ResolveError> {
				let handle = pallet_payments::canonical_handle(&raw).map_err(ResolveError::Malformed)?;
				if handle.as_slice() != b"alice" {
					return Err(ResolveError::Unknown);
				}
				Ok(HandleResolution {
					handle: handle.to_vec(),
					owner: 42,
					did: Some([0x2a; 32]),
					preferred: Some(AssetKind::Asset(7)),
					only_preferred: false,
					refused: vec![AssetKind::Native],
					payer_requirement: None,
					reserved: false,
				})
			}

			fn invoice(id: u64) -> Option<InvoiceView<AccountId, AssetId, Balance>> {
				(id == 3).then(|| InvoiceView {
					invoice: Invoice {
						merchant: 1,
						holder: 2,
						payer: None,
						asset: AssetKind::Native,
						amount: u128::MAX,
						due: Some(5),
						reference: [0xab; 32],
						state: InvoiceState::Paid { payer: 9, at: 4 },
						deposit: 0,
					},
					status: InvoiceStatus::Paid,
				})
			}

			fn stream_withdrawable(id: u64) -> Option<Balance> {
				(id == 1).then_some(12_345)
			}
		}
	}

	struct MockClient;

	impl ProvideRuntimeApi<Block> for MockClient {
		type Api = MockRuntime;
		fn runtime_api(&self) -> ApiRef<'_, Self::Api> {
			MockRuntime.into()
		}
	}

	impl HeaderBackend<Block> for MockClient {
		fn header(
			&self,
			_: H256,
		) -> polkadot_sdk::sp_blockchain::Result<Option<<Block as BlockT>::Header>> {
			Ok(None)
		}
		fn info(&self) -> Info<Block> {
			Info {
				best_hash: BEST,
				best_number: 1,
				genesis_hash: H256::zero(),
				finalized_hash: BEST,
				finalized_number: 1,
				finalized_state: None,
				number_leaves: 1,
				block_gap: None,
			}
		}
		fn status(&self, _: H256) -> polkadot_sdk::sp_blockchain::Result<BlockStatus> {
			Ok(BlockStatus::InChain)
		}
		fn number(&self, _: H256) -> polkadot_sdk::sp_blockchain::Result<Option<NumberFor<Block>>> {
			Ok(Some(1))
		}
		fn hash(&self, _: NumberFor<Block>) -> polkadot_sdk::sp_blockchain::Result<Option<H256>> {
			Ok(Some(BEST))
		}
	}

	fn module() -> jsonrpsee::RpcModule<Payments<MockClient, Block, AccountId, AssetId, Balance>> {
		Payments::<MockClient, Block, AccountId, AssetId, Balance>::new(Arc::new(MockClient))
			.into_rpc()
	}

	fn error_of(result: Result<Value, MethodsError>) -> ErrorObjectOwned {
		match result {
			Err(MethodsError::JsonRpc(error)) => error,
			other => panic!("expected a JSON-RPC error, got {other:?}"),
		}
	}

	#[tokio::test]
	async fn resolve_handle_returns_account_did_and_preferences() {
		let value: Value = module().call("payments_resolveHandle", ("Alice",)).await.unwrap();
		assert_eq!(
			value,
			json!({
				"handle": "alice",
				"account": 42,
				"did": format!("0x{}", "2a".repeat(32)),
				"preferredAsset": { "asset": 7 },
				"onlyPreferred": false,
				"refusedAssets": ["native"],
				"payerRequirement": null,
				"reserved": false,
			})
		);
		// At an explicit block too.
		let at: Value = module().call("payments_resolveHandle", ("alice", BEST)).await.unwrap();
		assert_eq!(at["account"], 42);
	}

	#[tokio::test]
	async fn resolve_handle_errors_are_clear() {
		let unknown = error_of(module().call("payments_resolveHandle", ("bobby",)).await);
		assert_eq!(unknown.code(), HANDLE_UNKNOWN);
		assert_eq!(unknown.message(), "unknown handle");
		let malformed = error_of(module().call("payments_resolveHandle", ("b!",)).await);
		assert_eq!(malformed.code(), HANDLE_MALFORMED);
		assert_eq!(malformed.data().map(|d| d.get()), Some("\"shorter than 3 characters\""));
		let malformed = error_of(module().call("payments_resolveHandle", ("1abc",)).await);
		assert_eq!(malformed.data().map(|d| d.get()), Some("\"must start with a letter\""));
	}

	#[tokio::test]
	async fn invoice_and_stream_queries() {
		let invoice: Option<Value> = module().call("payments_invoice", (3,)).await.unwrap();
		let invoice = invoice.unwrap();
		assert_eq!(invoice["status"], "paid");
		assert_eq!(invoice["holder"], 2);
		assert_eq!(invoice["amount"], u128::MAX.to_string());
		assert_eq!(invoice["paidBy"], 9);
		assert_eq!(invoice["asset"], "native");
		let none: Option<Value> = module().call("payments_invoice", (4,)).await.unwrap();
		assert!(none.is_none());
		let amount: Option<String> =
			module().call("payments_streamWithdrawable", (1,)).await.unwrap();
		assert_eq!(amount.as_deref(), Some("12345"));
		let none: Option<String> =
			module().call("payments_streamWithdrawable", (2,)).await.unwrap();
		assert!(none.is_none());
	}
}
