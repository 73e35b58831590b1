//! Speaking to a Mooring node as a Substrate client, in the runtime's own types.
//!
//! Calls are built as [`RuntimeCall`]s with the pallets' real Rust types and submitted with
//! subxt: the adapter ([`RuntimeCallPayload`]) names the pallet and call as
//! [`GetCallMetadata`] does and writes the SCALE encoding of the call's arguments (the
//! `RuntimeCall` encoding minus its two index bytes), and [`L2::submit`] checks that the node's
//! metadata encodes the call to exactly those bytes, so the native types and the node's runtime
//! cannot silently disagree. Events come back as [`RuntimeEvent`]s, failures as the runtime's
//! [`DispatchError`] and, for pallet errors, [`RuntimeError`].
//!
//! Transactions wait for inclusion in a best block, not for finality: the dev chain has one
//! sequencer and no forks, and GRANDPA would add seconds to every step.

use codec::{Decode, Encode};
use jsonrpsee::{
	core::{client::ClientT, params::ArrayParams},
	http_client::{HttpClient, HttpClientBuilder},
};
use mooring_runtime::{AccountId, RuntimeCall, RuntimeError, RuntimeEvent};
use polkadot_sdk::{
	frame_support::traits::GetCallMetadata, frame_system, pallet_collective, sp_core::H256,
	sp_runtime::DispatchError,
};
use serde_json::Value;
use std::time::Duration;
use subxt::{
	config::PolkadotExtrinsicParamsBuilder,
	ext::scale_encode::{self, EncodeAsFields, FieldIter, TypeResolver},
	tx::{StaticPayload, TransactionStatus},
	OnlineClient, PolkadotConfig,
};
pub use subxt_signer::sr25519::{dev, Keypair};

/// How long a transaction may take from submission to inclusion.
pub const INCLUSION_TIMEOUT: Duration = Duration::from_secs(60);

/// The arguments of a call, already SCALE-encoded: written as they are, whatever the metadata
/// says the fields are (the caller encodes them with the runtime's own types).
#[derive(Clone, Debug)]
pub struct EncodedArgs(pub Vec<u8>);

impl EncodeAsFields for EncodedArgs {
	fn encode_as_fields_to<R: TypeResolver>(
		&self,
		_fields: &mut dyn FieldIter<'_, R::TypeId>,
		_types: &R,
		out: &mut Vec<u8>,
	) -> Result<(), scale_encode::Error> {
		out.extend_from_slice(&self.0);
		Ok(())
	}
}

/// A subxt transaction payload made of a [`RuntimeCall`].
pub type RuntimeCallPayload = StaticPayload<EncodedArgs>;

/// The payload of `call`: its pallet and call names and its encoded arguments.
pub fn payload(call: &RuntimeCall) -> RuntimeCallPayload {
	let metadata = call.get_call_metadata();
	let encoded = call.encode();
	StaticPayload::new(
		metadata.pallet_name,
		metadata.function_name,
		EncodedArgs(encoded[2..].to_vec()),
	)
}

/// `call` as a motion of the dev chains' council (Alice alone): proposed by its only member, it
/// passes and executes at once.
pub fn council(call: RuntimeCall) -> RuntimeCall {
	RuntimeCall::Council(pallet_collective::Call::propose {
		threshold: 1,
		length_bound: call.encoded_size() as u32,
		proposal: Box::new(call),
	})
}

/// The account of a key pair.
pub fn account(keypair: &Keypair) -> AccountId {
	AccountId::from(keypair.public_key().0)
}

/// A key pair from a secret URI such as `//Alice` or `//Payer`.
pub fn keypair(uri: &str) -> Keypair {
	let uri: subxt_signer::SecretUri = uri.parse().expect("a valid secret URI");
	Keypair::from_uri(&uri).expect("a valid key")
}

/// What became of an included transaction.
#[derive(Debug)]
pub struct Outcome {
	/// The block it was included in.
	pub block_hash: H256,
	/// Its events, in order (including `System.ExtrinsicSuccess` or `ExtrinsicFailed`).
	pub events: Vec<RuntimeEvent>,
	/// Why it failed, if it did.
	pub error: Option<DispatchError>,
}

impl Outcome {
	/// The events, or the dispatch error as an `Err`; a call a council motion executed that
	/// failed inside counts as a failure too.
	pub fn ok(self) -> anyhow::Result<Vec<RuntimeEvent>> {
		if let Some(error) = self.error {
			anyhow::bail!(
				"the extrinsic failed: {error:?} ({:?})",
				RuntimeError::from_dispatch_error(error)
			);
		}
		for event in &self.events {
			if let RuntimeEvent::Council(pallet_collective::Event::Executed {
				result: Err(error),
				..
			}) = event
			{
				anyhow::bail!(
					"the call the council executed failed: {:?} ({:?})",
					error,
					RuntimeError::from_dispatch_error(*error)
				);
			}
		}
		Ok(self.events)
	}

	/// The pallet error the transaction failed with; fails if it succeeded or failed otherwise.
	pub fn module_error(&self) -> anyhow::Result<RuntimeError> {
		let error = self.error.ok_or_else(|| anyhow::anyhow!("the extrinsic succeeded"))?;
		RuntimeError::from_dispatch_error(error)
			.ok_or_else(|| anyhow::anyhow!("not a pallet error: {error:?}"))
	}
}

/// A connection to a node: subxt for transactions, plain JSON-RPC for storage and custom
/// methods.
pub struct L2 {
	/// The subxt client.
	pub api: OnlineClient<PolkadotConfig>,
	/// JSON-RPC over HTTP.
	pub http: HttpClient,
	/// The chain's genesis hash (what DID calls and channel states sign).
	pub genesis_hash: H256,
}

impl L2 {
	/// Connects to a node's WebSocket (`ws_url`) and HTTP (`http_url`) RPC.
	pub async fn connect(ws_url: &str, http_url: &str) -> anyhow::Result<Self> {
		let api = OnlineClient::<PolkadotConfig>::from_url(ws_url).await?;
		let http = HttpClientBuilder::default()
			.request_timeout(Duration::from_secs(30))
			.build(http_url)?;
		let genesis_hash = H256(api.genesis_hash().0);
		Ok(Self { api, http, genesis_hash })
	}

	/// Connects to `node`.
	pub async fn to(node: &crate::node::Node) -> anyhow::Result<Self> {
		Self::connect(&node.ws_url(), &node.http_url()).await
	}

	/// Calls a JSON-RPC method.
	pub async fn rpc(&self, method: &str, params: ArrayParams) -> anyhow::Result<Value> {
		Ok(self.http.request(method, params).await?)
	}

	/// Calls a JSON-RPC method and returns its error (failing if it succeeds).
	pub async fn rpc_error(
		&self,
		method: &str,
		params: ArrayParams,
	) -> anyhow::Result<jsonrpsee::types::ErrorObjectOwned> {
		match self.http.request::<Value, _>(method, params).await {
			Ok(value) => anyhow::bail!("{method} answered {value} where an error was expected"),
			Err(jsonrpsee::core::ClientError::Call(error)) => Ok(error),
			Err(other) => anyhow::bail!("{method} failed without a JSON-RPC error: {other}"),
		}
	}

	/// The next nonce of `who`, counting its transactions in the pool.
	pub async fn next_nonce(&self, who: &AccountId) -> anyhow::Result<u64> {
		let mut params = ArrayParams::new();
		params.insert(who.to_string())?;
		let nonce = self.rpc("system_accountNextIndex", params).await?;
		nonce.as_u64().ok_or_else(|| anyhow::anyhow!("bad nonce {nonce}"))
	}

	/// The raw value under storage `key` at the best block.
	pub async fn storage_raw(&self, key: &[u8]) -> anyhow::Result<Option<Vec<u8>>> {
		let mut params = ArrayParams::new();
		params.insert(hex(key))?;
		let value = self.rpc("state_getStorage", params).await?;
		match value.as_str() {
			None => Ok(None),
			Some(text) => Ok(Some(unhex(text)?)),
		}
	}

	/// The value under storage `key` at the best block, decoded as `T`.
	pub async fn storage<T: Decode>(&self, key: &[u8]) -> anyhow::Result<Option<T>> {
		match self.storage_raw(key).await? {
			None => Ok(None),
			Some(bytes) => Ok(Some(T::decode(&mut &bytes[..])?)),
		}
	}

	/// The account info of `who` (nonce, reference counts, balances) at the best block.
	pub async fn account_info(
		&self,
		who: &AccountId,
	) -> anyhow::Result<
		frame_system::AccountInfo<
			mooring_runtime::Nonce,
			polkadot_sdk::pallet_balances::AccountData<mooring_runtime::Balance>,
		>,
	> {
		let key = frame_system::Account::<mooring_runtime::Runtime>::hashed_key_for(who);
		Ok(self.storage(&key).await?.unwrap_or_default())
	}

	/// The free native balance of `who`.
	pub async fn free_balance(&self, who: &AccountId) -> anyhow::Result<mooring_runtime::Balance> {
		Ok(self.account_info(who).await?.data.free)
	}

	/// Signs `call` as `signer` with `nonce`, after checking that the node's metadata encodes
	/// it to the same bytes as the native runtime.
	async fn sign(
		&self,
		call: &RuntimeCall,
		signer: &Keypair,
		nonce: u64,
	) -> anyhow::Result<
		subxt::tx::SubmittableTransaction<
			PolkadotConfig,
			subxt::client::OnlineClientAtBlockImpl<PolkadotConfig>,
		>,
	> {
		let payload = payload(call);
		let at = self.api.at_current_block().await?;
		let txs = at.transactions();
		let call_data = txs.call_data(&payload)?;
		anyhow::ensure!(
			call_data == call.encode(),
			"the node's metadata encodes {} differently from the native runtime",
			payload.call_name()
		);
		let params = PolkadotExtrinsicParamsBuilder::<PolkadotConfig>::new().nonce(nonce).build();
		let mut signable = txs.create_signable_offline(&payload, params)?;
		Ok(signable.sign(signer)?)
	}

	/// Submits `call` signed by `signer` and waits until a best block includes it.
	pub async fn submit(&self, call: RuntimeCall, signer: &Keypair) -> anyhow::Result<Outcome> {
		let nonce = self.next_nonce(&account(signer)).await?;
		let tx = self.sign(&call, signer, nonce).await?;
		let progress = tx.submit_and_watch().await?;
		wait_for_inclusion(progress).await
	}

	/// Submits `call` and fails unless it succeeds; returns its events.
	pub async fn submit_ok(
		&self,
		call: RuntimeCall,
		signer: &Keypair,
	) -> anyhow::Result<Vec<RuntimeEvent>> {
		let name = call_name(&call);
		self.submit(call, signer).await?.ok().map_err(|e| e.context(name))
	}

	/// Submits `call` and returns the pallet error it fails with (failing if it succeeds).
	pub async fn submit_err(
		&self,
		call: RuntimeCall,
		signer: &Keypair,
	) -> anyhow::Result<RuntimeError> {
		self.submit(call, signer).await?.module_error()
	}

	/// Submits `call` and returns the error the node refuses it with (failing if it is
	/// accepted into the pool).
	pub async fn submit_refused(
		&self,
		call: RuntimeCall,
		signer: &Keypair,
	) -> anyhow::Result<String> {
		let nonce = self.next_nonce(&account(signer)).await?;
		let tx = self.sign(&call, signer, nonce).await?;
		match tx.submit().await {
			Ok(hash) => anyhow::bail!("the node accepted {} ({hash:?})", call_name(&call)),
			Err(error) => Ok(error.to_string()),
		}
	}

	/// Dispatches `call` by a motion of the dev council (Alice alone; see [`council`]); fails
	/// unless the motion executes and the call succeeds.
	pub async fn council_ok(&self, call: RuntimeCall) -> anyhow::Result<Vec<RuntimeEvent>> {
		self.council_motion(call, &[&dev::alice()]).await
	}

	/// Passes `call` as a council motion that all `members` approve: the first proposes it (with
	/// a threshold of all of them), all vote aye (a proposal carries no vote), the first closes
	/// it and releases its ticket. Fails unless it executes and the call succeeds; returns the
	/// closing transaction's events.
	pub async fn council_motion(
		&self,
		call: RuntimeCall,
		members: &[&Keypair],
	) -> anyhow::Result<Vec<RuntimeEvent>> {
		use polkadot_sdk::frame_support::dispatch::GetDispatchInfo;
		let proposer = members.first().expect("a motion needs a member");
		let length_bound = call.encoded_size() as u32;
		let proposal_weight_bound = call.get_dispatch_info().call_weight;
		let propose = RuntimeCall::Council(pallet_collective::Call::propose {
			threshold: members.len() as u32,
			proposal: Box::new(call),
			length_bound,
		});
		let mut events = self.submit_ok(propose, proposer).await?;
		let proposed = events.iter().find_map(|event| match event {
			RuntimeEvent::Council(pallet_collective::Event::Proposed {
				proposal_index,
				proposal_hash,
				..
			}) => Some((*proposal_index, *proposal_hash)),
			_ => None,
		});
		if let Some((index, proposal)) = proposed {
			let vote = || {
				RuntimeCall::Council(pallet_collective::Call::vote {
					proposal,
					index,
					approve: true,
				})
			};
			self.submit_all_ok(members.iter().map(|member| (vote(), *member)).collect()).await?;
			let close = pallet_collective::Call::close {
				proposal_hash: proposal,
				index,
				proposal_weight_bound,
				length_bound,
			};
			events = self.submit_ok(RuntimeCall::Council(close), proposer).await?;
			// Free the proposer's motion ticket (a member holds few: MotionSlot).
			let release =
				pallet_collective::Call::release_proposal_cost { proposal_hash: proposal };
			self.submit_ok(RuntimeCall::Council(release), proposer).await?;
		}
		let executed = events.iter().any(|event| {
			matches!(event, RuntimeEvent::Council(pallet_collective::Event::Executed { .. }))
		});
		anyhow::ensure!(executed, "the motion did not execute: {events:?}");
		Ok(events)
	}

	/// Whether the runtime at the best block has a pallet called `name` (from its metadata).
	pub async fn has_pallet(&self, name: &str) -> anyhow::Result<bool> {
		Ok(self.api.at_current_block().await?.metadata_ref().pallet_by_name(name).is_some())
	}

	/// The `spec_version` of the runtime at the best block.
	pub async fn spec_version(&self) -> anyhow::Result<u32> {
		Ok(self.api.at_current_block().await?.spec_version())
	}

	/// Submits all `calls` at once (a signer's calls in order, with consecutive nonces) and
	/// waits until each is included; the outcomes are in the order of `calls`.
	pub async fn submit_all(
		&self,
		calls: Vec<(RuntimeCall, &Keypair)>,
	) -> anyhow::Result<Vec<Outcome>> {
		let mut nonces: Vec<(AccountId, u64)> = Vec::new();
		let mut progress = Vec::new();
		for (call, signer) in &calls {
			let who = account(signer);
			let nonce = match nonces.iter_mut().find(|(a, _)| *a == who) {
				Some((_, nonce)) => {
					*nonce += 1;
					*nonce
				},
				None => {
					let nonce = self.next_nonce(&who).await?;
					nonces.push((who, nonce));
					nonce
				},
			};
			let tx = self.sign(call, signer, nonce).await?;
			progress.push(tx.submit_and_watch().await?);
		}
		let mut outcomes = Vec::new();
		for p in progress {
			outcomes.push(wait_for_inclusion(p).await?);
		}
		Ok(outcomes)
	}

	/// Like [`Self::submit_all`], failing unless every call succeeds; returns all events.
	pub async fn submit_all_ok(
		&self,
		calls: Vec<(RuntimeCall, &Keypair)>,
	) -> anyhow::Result<Vec<RuntimeEvent>> {
		let names: Vec<String> = calls.iter().map(|(call, _)| call_name(call)).collect();
		let mut events = Vec::new();
		for (outcome, name) in self.submit_all(calls).await?.into_iter().zip(names) {
			events.extend(outcome.ok().map_err(|e| e.context(name))?);
		}
		Ok(events)
	}

	/// The balance of `who` in the `pallet-assets` asset `id`.
	pub async fn asset_balance(
		&self,
		id: u32,
		who: &AccountId,
	) -> anyhow::Result<mooring_runtime::Balance> {
		let key = polkadot_sdk::pallet_assets::Account::<mooring_runtime::Runtime>::hashed_key_for(
			id, who,
		);
		let account: Option<
			polkadot_sdk::pallet_assets::AssetAccountOf<mooring_runtime::Runtime, ()>,
		> = self.storage(&key).await?;
		Ok(account.map_or(0, |account| account.balance))
	}

	/// The current block's timestamp (Unix ms) at the best block.
	pub async fn now(&self) -> anyhow::Result<u64> {
		let key = polkadot_sdk::pallet_timestamp::Now::<mooring_runtime::Runtime>::hashed_key();
		Ok(self.storage::<u64>(&key).await?.unwrap_or_default())
	}
}

/// `Pallet.call` of a runtime call, for messages.
pub fn call_name(call: &RuntimeCall) -> String {
	let metadata = call.get_call_metadata();
	format!("{}.{}", metadata.pallet_name, metadata.function_name)
}

/// Waits until `progress` reports the transaction in a best block and returns its outcome.
async fn wait_for_inclusion<C>(
	mut progress: subxt::tx::TransactionProgress<PolkadotConfig, C>,
) -> anyhow::Result<Outcome>
where
	C: subxt::client::OnlineClientAtBlockT<PolkadotConfig>,
{
	let in_block = tokio::time::timeout(INCLUSION_TIMEOUT, async {
		while let Some(status) = progress.next().await {
			match status? {
				TransactionStatus::InBestBlock(in_block)
				| TransactionStatus::InFinalizedBlock(in_block) => return Ok(in_block),
				TransactionStatus::Invalid { message }
				| TransactionStatus::Dropped { message }
				| TransactionStatus::Error { message } => {
					anyhow::bail!("the transaction was not included: {message}")
				},
				_ => continue,
			}
		}
		anyhow::bail!("the transaction status stream ended")
	})
	.await
	.map_err(|_| anyhow::anyhow!("no inclusion within {INCLUSION_TIMEOUT:?}"))??;
	let block_hash = H256(in_block.block_hash().0);
	let mut events = Vec::new();
	for event in in_block.fetch_events().await?.iter() {
		let event = event?;
		let mut bytes = vec![event.pallet_index(), event.event_index()];
		bytes.extend_from_slice(event.field_bytes());
		events.push(RuntimeEvent::decode(&mut &bytes[..]).map_err(|e| {
			anyhow::anyhow!("cannot decode {}.{}: {e}", event.pallet_name(), event.event_name())
		})?);
	}
	let error = events.iter().find_map(|event| match event {
		RuntimeEvent::System(frame_system::Event::ExtrinsicFailed { dispatch_error, .. }) => {
			Some(*dispatch_error)
		},
		_ => None,
	});
	Ok(Outcome { block_hash, events, error })
}

/// `0x`-prefixed lower-case hex.
pub fn hex(bytes: &[u8]) -> String {
	let mut out = String::from("0x");
	for byte in bytes {
		out.push_str(&format!("{byte:02x}"));
	}
	out
}

/// Bytes of `0x`-prefixed hex.
pub fn unhex(text: &str) -> anyhow::Result<Vec<u8>> {
	let digits = text.strip_prefix("0x").unwrap_or(text);
	anyhow::ensure!(digits.len() % 2 == 0, "odd hex length");
	(0..digits.len()).step_by(2).map(|i| Ok(u8::from_str_radix(&digits[i..i + 2], 16)?)).collect()
}

/// JSON-RPC parameters from a list of serializable values.
#[macro_export]
macro_rules! params {
	($($value:expr),* $(,)?) => {{
		#[allow(unused_mut)]
		let mut params = jsonrpsee::core::params::ArrayParams::new();
		$(params.insert($value).expect("serializable parameter");)*
		params
	}};
}
