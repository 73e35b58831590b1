//! The Mooring node (L2): blocks for the batcher, `bridge_*` RPC for the proposer and the
//! withdrawal helpers, and `Bridge.relay_deposits` for the deposit relayer (subxt).

use crate::batch::{EncodedBlock, OpaqueBlock};
use anyhow::{anyhow, bail, ensure, Context};
use codec::Decode;
use jsonrpsee::ws_client::WsClientBuilder;
use mooring_primitives::{
	bridge::{
		withdrawals_root_in, Deposit, L1Contract, OutputRootPreimage, WithdrawalLeaf,
		RPC_INTERNAL_ERROR, RPC_UNKNOWN_WITHDRAWAL, WITHDRAWAL_TREE_DEPTH,
	},
	Header,
};
use polkadot_sdk::{
	sp_core::{crypto::AccountId32, H256},
	sp_runtime::{Digest, DigestItem, OpaqueExtrinsic},
};
use serde::{Deserialize, Serialize};
use serde_json::Value as Json;
use std::time::Duration;
use subxt::{
	dynamic::Value,
	rpcs::{client::RpcParams, RpcClient},
	OnlineClient, PolkadotConfig,
};
use subxt_signer::{sr25519::Keypair, SecretUri};

/// The output preimage of the block `header` heads: its hash, its state root and the withdrawals
/// root its digest commits to (the bridge pallet's log). Needs no state of the block, so any
/// node serves it, pruning or not.
pub fn output_preimage_of(header: &Header) -> anyhow::Result<OutputRootPreimage> {
	let withdrawals_root = withdrawals_root_in(header.digest.logs()).ok_or_else(|| {
		anyhow!("L2 block #{} carries no withdrawals-root log in its header", header.number)
	})?;
	Ok(OutputRootPreimage {
		l2_block_number: header.number.into(),
		l2_block_hash: header.hash(),
		l2_state_root: header.state_root,
		withdrawals_root,
	})
}

/// The answer of `bridge_withdrawalProof` (mirrors `pallet_bridge_rpc::WithdrawalProofResponse`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WithdrawalProofResponse {
	/// The withdrawal.
	pub leaf: WithdrawalLeaf,
	/// Its hash.
	pub leaf_hash: H256,
	/// Siblings from the leaf up.
	pub proof: [H256; WITHDRAWAL_TREE_DEPTH],
	/// The root the proof leads to.
	pub withdrawals_root: H256,
	/// The output-root preimage of the block asked for.
	pub output_root_preimage: OutputRootPreimage,
}

/// A connection to the node.
#[derive(Clone)]
pub struct L2 {
	rpc: RpcClient,
	api: OnlineClient<PolkadotConfig>,
}

fn params(values: Vec<Json>) -> anyhow::Result<RpcParams> {
	let mut params = RpcParams::new();
	for value in values {
		params.push(value)?;
	}
	Ok(params)
}

fn hex_bytes(value: &Json) -> anyhow::Result<Vec<u8>> {
	let text = value.as_str().ok_or_else(|| anyhow!("expected hex, got {value}"))?;
	Ok(alloy::hex::decode(text)?)
}

fn hex_u64(value: &Json) -> anyhow::Result<u64> {
	let text = value.as_str().ok_or_else(|| anyhow!("expected a hex number, got {value}"))?;
	Ok(u64::from_str_radix(text.trim_start_matches("0x"), 16)?)
}

fn hash(value: &Json) -> anyhow::Result<H256> {
	let bytes = hex_bytes(value)?;
	ensure!(bytes.len() == 32, "expected a 32-byte hash");
	Ok(H256::from_slice(&bytes))
}

/// Builds a header from the JSON of `chain_getHeader` (digest items are SCALE in hex).
pub fn header_from_json(header: &Json) -> anyhow::Result<Header> {
	let logs = header["digest"]["logs"]
		.as_array()
		.ok_or_else(|| anyhow!("header without digest logs"))?
		.iter()
		.map(|log| Ok(DigestItem::decode(&mut &hex_bytes(log)?[..])?))
		.collect::<anyhow::Result<Vec<_>>>()?;
	let number = hex_u64(&header["number"])?;
	Ok(Header {
		parent_hash: hash(&header["parentHash"])?,
		number: u32::try_from(number).context("block number beyond u32")?,
		state_root: hash(&header["stateRoot"])?,
		extrinsics_root: hash(&header["extrinsicsRoot"])?,
		digest: Digest { logs },
	})
}

/// Builds the header and block from the JSON of `chain_getBlock` (without relying on serde
/// support in sp-runtime): digest items and extrinsics are SCALE in hex.
pub fn block_from_json(json: &Json) -> anyhow::Result<OpaqueBlock> {
	let block = &json["block"];
	let header = header_from_json(&block["header"])?;
	let extrinsics = block["extrinsics"]
		.as_array()
		.ok_or_else(|| anyhow!("block without extrinsics"))?
		.iter()
		.map(|x| Ok(OpaqueExtrinsic::try_from_encoded_extrinsic(&hex_bytes(x)?)?))
		.collect::<anyhow::Result<Vec<_>>>()?;
	Ok(OpaqueBlock { header, extrinsics })
}

/// The SCALE value of a deposit, as `relay_deposits` takes it.
pub fn deposit_value(deposit: &Deposit<AccountId32>) -> Value {
	let recipient: &[u8; 32] = deposit.recipient.as_ref();
	Value::named_composite([
		("nonce", Value::u128(deposit.nonce.into())),
		("l1_token", Value::from_bytes(deposit.l1_token)),
		("l1_sender", Value::from_bytes(deposit.l1_sender)),
		("recipient", Value::from_bytes(recipient)),
		("amount", Value::u128(deposit.amount)),
		("l1_block_number", Value::u128(deposit.l1_block_number.into())),
		("l1_tx_hash", Value::from_bytes(deposit.l1_tx_hash.0)),
	])
}

/// The SCALE value of an [`L1Contract`] (a Portal), as `relay_deposits` and `set_portal` take it.
pub fn l1_contract_value(contract: L1Contract) -> Value {
	Value::named_composite([
		("chain_id", Value::u128(contract.chain_id.into())),
		("address", Value::from_bytes(contract.address)),
	])
}

/// Parses an sr25519 secret URI (`//Ferdie`, a mnemonic, a `0x` seed, with `//hard/soft`
/// derivations).
pub fn keypair_from_uri(uri: &str) -> anyhow::Result<Keypair> {
	let uri: SecretUri = uri.parse().map_err(|_| anyhow!("invalid sr25519 secret URI"))?;
	Keypair::from_uri(&uri).map_err(|_| anyhow!("cannot derive an sr25519 key from the secret URI"))
}

/// Largest JSON-RPC request or response the L2 client takes: a block of the largest length
/// (`MAX_BLOCK_LENGTH`, 5 MiB) is about 10.5 MB as hex JSON, over jsonrpsee's default 10 MiB.
/// (The node's own limit, `--rpc-max-request-size` / `--rpc-max-response-size`, defaults to
/// 15 MiB, enough for one such block.)
pub const MAX_RPC_BYTES: u32 = 32 * 1024 * 1024;

impl L2 {
	/// Connects to `url` (ws or wss), taking requests and responses of up to [`MAX_RPC_BYTES`].
	pub async fn connect(url: &str) -> anyhow::Result<Self> {
		let client = WsClientBuilder::default()
			.max_request_size(MAX_RPC_BYTES)
			.max_response_size(MAX_RPC_BYTES)
			.max_buffer_capacity_per_subscription(4096)
			.build(url)
			.await
			.with_context(|| format!("cannot connect to the L2 node at {url}"))?;
		let rpc = RpcClient::new(client);
		let api = OnlineClient::<PolkadotConfig>::from_rpc_client(rpc.clone())
			.await
			.context("cannot load the L2 metadata")?;
		Ok(Self { rpc, api })
	}

	/// Calls a JSON-RPC method.
	pub async fn call<T: serde::de::DeserializeOwned>(
		&self,
		method: &str,
		args: Vec<Json>,
	) -> anyhow::Result<T> {
		self.rpc.request(method, params(args)?).await.map_err(|e| anyhow!("{method}: {e}"))
	}

	/// The genesis hash.
	pub fn genesis_hash(&self) -> H256 {
		H256(self.api.genesis_hash().0)
	}

	/// The number of the last finalized block.
	pub async fn finalized_number(&self) -> anyhow::Result<u64> {
		let head: Json = self.call("chain_getFinalizedHead", vec![]).await?;
		let header: Json = self.call("chain_getHeader", vec![head]).await?;
		hex_u64(&header["number"])
	}

	/// The number of the best block.
	pub async fn best_number(&self) -> anyhow::Result<u64> {
		let header: Json = self.call("chain_getHeader", vec![]).await?;
		hex_u64(&header["number"])
	}

	/// The canonical hash of block `number`, if it exists.
	pub async fn block_hash(&self, number: u64) -> anyhow::Result<Option<H256>> {
		let value: Json = self.call("chain_getBlockHash", vec![number.into()]).await?;
		if value.is_null() {
			return Ok(None);
		}
		Ok(Some(hash(&value)?))
	}

	/// The hash of canonical block `number` and what `method` (`chain_getBlock`,
	/// `chain_getHeader`) answers for that hash.
	async fn canonical(&self, method: &str, number: u64) -> anyhow::Result<(H256, Json)> {
		let hash =
			self.block_hash(number).await?.ok_or_else(|| anyhow!("no L2 block #{number}"))?;
		let json: Json = self.call(method, vec![format!("{hash:?}").into()]).await?;
		ensure!(!json.is_null(), "the node does not have block {hash:?}");
		Ok((hash, json))
	}

	/// Block `number` of the canonical chain, encoded, its hash checked.
	pub async fn block(&self, number: u64) -> anyhow::Result<EncodedBlock> {
		let (hash, json) = self.canonical("chain_getBlock", number).await?;
		EncodedBlock::new(&block_from_json(&json)?, Some(hash))
	}

	/// The header of canonical block `number`, its hash checked.
	pub async fn header(&self, number: u64) -> anyhow::Result<Header> {
		let (hash, json) = self.canonical("chain_getHeader", number).await?;
		let header = header_from_json(&json)?;
		ensure!(header.hash() == hash, "the header of block #{number} does not hash to {hash:?}");
		Ok(header)
	}

	/// The output preimage of canonical block `number`, from its header alone
	/// ([`output_preimage_of`]).
	pub async fn output_preimage(&self, number: u64) -> anyhow::Result<OutputRootPreimage> {
		output_preimage_of(&self.header(number).await?)
	}

	/// `bridge_outputPreimage(number)`: the preimage from the block's state (needs a node that
	/// still has it), checked to name that block.
	pub async fn output_preimage_from_state(
		&self,
		number: u64,
	) -> anyhow::Result<OutputRootPreimage> {
		let preimage: OutputRootPreimage =
			self.call("bridge_outputPreimage", vec![number.into()]).await?;
		ensure!(preimage.l2_block_number == number, "bridge_outputPreimage answered another block");
		Ok(preimage)
	}

	/// `bridge_portal()`: the Portal the bridge settles to at the best block.
	pub async fn portal(&self) -> anyhow::Result<Option<L1Contract>> {
		self.call("bridge_portal", vec![]).await
	}

	/// Fails unless the bridge settles to `portal`: deposits of another Portal would be refused
	/// and withdrawals name another Portal.
	pub async fn ensure_portal(&self, portal: L1Contract) -> anyhow::Result<()> {
		match self.portal().await? {
			Some(current) if current == portal => Ok(()),
			Some(current) => bail!(
				"the L2 bridge settles to the Portal {} on chain {}, not to {} on chain {} \
				 (l1.portal, l1.chain_id): point the relayer at the Portal the bridge settles to \
				 (or, in the middle of a migration, wait for Bridge.set_portal)",
				alloy::hex::encode_prefixed(current.address),
				current.chain_id,
				alloy::hex::encode_prefixed(portal.address),
				portal.chain_id
			),
			None => bail!(
				"the L2 bridge has no Portal yet: governance sets it with Bridge.set_portal \
				 (`mooring-relayer tools set-portal`) once the L1 contracts are deployed"
			),
		}
	}

	/// `bridge_withdrawalProof(nonce, number)`: `None` if the withdrawal does not exist at that
	/// block; an error if the node cannot tell (block unknown, state pruned, RPC failure).
	pub async fn withdrawal_proof(
		&self,
		nonce: u64,
		number: u64,
	) -> anyhow::Result<Option<WithdrawalProofResponse>> {
		let args = params(vec![nonce.into(), number.into()])?;
		match self.rpc.request("bridge_withdrawalProof", args).await {
			Ok(proof) => Ok(Some(proof)),
			Err(subxt::rpcs::Error::User(e)) if e.code == RPC_UNKNOWN_WITHDRAWAL => Ok(None),
			Err(subxt::rpcs::Error::User(e)) if e.code == RPC_INTERNAL_ERROR => bail!(
				"bridge_withdrawalProof at L2 block {number}: {} (the withdraw helper reads the \
				 state of the blocks it searches: use a node started with \
				 --state-pruning archive-canonical)",
				e.message
			),
			Err(e) => bail!("bridge_withdrawalProof at L2 block {number}: {e}"),
		}
	}

	/// `bridge_nextDepositNonce()`.
	pub async fn next_deposit_nonce(&self) -> anyhow::Result<u64> {
		self.call("bridge_nextDepositNonce", vec![]).await
	}

	/// Whether `account` has a transaction in the node's pool (its pool-aware next index is
	/// ahead of its nonce in the best block's state).
	pub async fn has_pending_transaction(&self, account: &AccountId32) -> anyhow::Result<bool> {
		let pool: u64 =
			self.call("system_accountNextIndex", vec![account.to_string().into()]).await?;
		let at = self.api.at_current_block().await?;
		let raw: &[u8; 32] = account.as_ref();
		let state = at
			.runtime_apis()
			.call(subxt::dynamic::runtime_api_call::<_, u32>(
				"AccountNonceApi",
				"account_nonce",
				(*raw,),
			))
			.await?;
		Ok(pool > u64::from(state))
	}

	/// Submits one `Bridge.relay_deposits(portal, deposits)` per entry of `calls`, signed by
	/// `signer` (whose account is `account`) with consecutive nonces from its pool-aware next
	/// index, all at once; then waits until each is finalized and succeeded, in order.
	pub async fn relay_deposits(
		&self,
		signer: &Keypair,
		account: &AccountId32,
		portal: L1Contract,
		calls: &[Vec<Deposit<AccountId32>>],
		timeout: Duration,
	) -> anyhow::Result<Vec<H256>> {
		let first: u64 =
			self.call("system_accountNextIndex", vec![account.to_string().into()]).await?;
		let mut transactions = self.api.at_current_block().await?.transactions();
		let mut progress = Vec::with_capacity(calls.len());
		for (index, deposits) in calls.iter().enumerate() {
			let values: Vec<Value> = deposits.iter().map(deposit_value).collect();
			let call = subxt::dynamic::transaction(
				"Bridge",
				"relay_deposits",
				(l1_contract_value(portal), Value::unnamed_composite(values)),
			);
			let params = subxt::config::DefaultExtrinsicParamsBuilder::<PolkadotConfig>::new()
				.nonce(first + index as u64)
				.build();
			let submitted = transactions
				.sign_and_submit_then_watch(&call, signer, params)
				.await
				.map_err(|e| anyhow!("relay_deposits refused by the pool: {e}"))?;
			progress.push(submitted);
		}
		let mut hashes = Vec::with_capacity(progress.len());
		for submitted in progress {
			let events = tokio::time::timeout(timeout, submitted.wait_for_finalized_success())
				.await
				.map_err(|_| anyhow!("relay_deposits not finalized within {timeout:?}"))?
				.map_err(|e| anyhow!("relay_deposits failed: {e}"))?;
			hashes.push(H256(events.extrinsic_hash().0));
		}
		Ok(hashes)
	}

	/// Submits a signed dynamic call and waits for it to be finalized successfully (used by
	/// tests and tools).
	pub async fn submit<Call: subxt::tx::Payload>(
		&self,
		call: &Call,
		signer: &Keypair,
	) -> anyhow::Result<()> {
		let progress = self
			.api
			.at_current_block()
			.await?
			.transactions()
			.sign_and_submit_then_watch_default(call, signer)
			.await?;
		progress.wait_for_finalized_success().await.map_err(|e| anyhow!("{e}"))?;
		Ok(())
	}

	/// The subxt client.
	pub fn api(&self) -> &OnlineClient<PolkadotConfig> {
		&self.api
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use codec::Encode;

	#[test]
	fn blocks_from_rpc_json_re_encode_to_their_hash() {
		// The shape of `chain_getBlock` on a dev node (an Aura pre-digest and seal, a
		// timestamp inherent).
		let pre = DigestItem::PreRuntime(*b"aura", vec![1, 2, 3, 4, 5, 6, 7, 8]);
		let seal = DigestItem::Seal(*b"aura", vec![9; 64]);
		let header = Header {
			parent_hash: H256::repeat_byte(1),
			number: 0x1a,
			state_root: H256::repeat_byte(2),
			extrinsics_root: H256::repeat_byte(3),
			digest: Digest { logs: vec![pre.clone(), seal.clone()] },
		};
		let extrinsic = vec![0x28u8, 0x04, 0x03, 0x00, 0x0b, 1, 2, 3, 4, 5, 6];
		let hex = |b: &[u8]| format!("0x{}", alloy::hex::encode(b));
		let json = serde_json::json!({
			"block": {
				"header": {
					"parentHash": hex(header.parent_hash.as_bytes()),
					"number": "0x1a",
					"stateRoot": hex(header.state_root.as_bytes()),
					"extrinsicsRoot": hex(header.extrinsics_root.as_bytes()),
					"digest": { "logs": [hex(&pre.encode()), hex(&seal.encode())] }
				},
				"extrinsics": [hex(&extrinsic)]
			},
			"justifications": null
		});
		let block = block_from_json(&json).unwrap();
		assert_eq!(block.header, header);
		assert_eq!(block.extrinsics[0].encode(), extrinsic);
		let encoded = EncodedBlock::new(&block, Some(header.hash())).unwrap();
		assert_eq!(encoded.number, 26);
		assert_eq!(encoded.extrinsics, 1);
	}

	#[test]
	fn secret_uris_derive_the_dev_keys() {
		let ferdie = keypair_from_uri("//Ferdie").unwrap();
		assert_eq!(ferdie.public_key().0, subxt_signer::sr25519::dev::ferdie().public_key().0);
		assert!(keypair_from_uri("not a uri at all //").is_err());
	}
}
