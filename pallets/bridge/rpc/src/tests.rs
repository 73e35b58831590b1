//! Tests of the RPC over a mock client: a four-block chain whose runtime reports a growing
//! withdrawal tree, checked against the primitives' own tree and proof verification.

use super::*;
use jsonrpsee::{core::EmptyServerParams, MethodsError};
use mooring_primitives::bridge::{
	proof_from_completed_nodes, verify_withdrawal_proof, IncrementalMerkleTree,
};
use polkadot_sdk::{
	sp_api, sp_blockchain,
	sp_core::U256,
	sp_runtime::{generic, traits::BlakeTwo256, Digest, OpaqueExtrinsic},
};
use serde_json::{json, Value};
use std::collections::BTreeMap;

type Header = generic::Header<u32, BlakeTwo256>;
type Block = generic::Block<Header, OpaqueExtrinsic>;
type Hash = <Block as BlockT>::Hash;

/// Withdrawals in the tree at block `n`: `3 * n`.
fn withdrawals_at(number: u32) -> Vec<WithdrawalLeaf> {
	(0..3 * number as u64)
		.map(|nonce| WithdrawalLeaf {
			l1_chain_id: PORTAL.chain_id,
			portal: PORTAL.address,
			nonce,
			l2_sender: [nonce as u8; 32],
			l1_recipient: [0xa1; 20],
			l1_token: [0; 20],
			amount: U256::from(1_000 + nonce) * U256::from(u128::MAX),
		})
		.collect()
}

/// The Portal the mock runtime settles to.
const PORTAL: L1Contract = L1Contract { chain_id: 97, address: [0x90; 20] };

/// A canonical chain of blocks 0..=3 and the bridge state at each.
struct Chain {
	headers: Vec<Header>,
}

impl Chain {
	fn new() -> Self {
		let mut headers: Vec<Header> = vec![];
		for number in 0..4u32 {
			let parent = headers.last().map(|h| h.hash()).unwrap_or_default();
			headers.push(Header::new(
				number,
				Default::default(),
				H256::repeat_byte(0x20 + number as u8),
				parent,
				Digest::default(),
			));
		}
		Chain { headers }
	}

	fn number_of(&self, hash: Hash) -> Option<u32> {
		self.headers.iter().find(|h| h.hash() == hash).map(|h| h.number)
	}
}

/// The bridge state of one block, as the runtime API would report it.
struct State {
	tree: IncrementalMerkleTree,
	nodes: BTreeMap<(u32, u64), H256>,
	leaves: Vec<WithdrawalLeaf>,
}

impl State {
	fn at(number: u32) -> Self {
		let leaves = withdrawals_at(number);
		let mut tree = IncrementalMerkleTree::default();
		let mut nodes = BTreeMap::new();
		for leaf in &leaves {
			tree.append_with_nodes(leaf.hash(), |h, i, node| {
				nodes.insert((h, i), node);
			})
			.unwrap();
		}
		State { tree, nodes, leaves }
	}
}

#[derive(Clone)]
struct MockClient(Arc<Chain>);

#[derive(Clone)]
struct MockRuntime(Arc<Chain>);

impl MockRuntime {
	fn state(&self, at: Hash) -> Result<State, sp_api::ApiError> {
		let number = self
			.0
			.number_of(at)
			.ok_or_else(|| sp_api::ApiError::Application(format!("unknown block {at:?}").into()))?;
		Ok(State::at(number))
	}
}

sp_api::mock_impl_runtime_apis! {
	impl BridgeRuntimeApi<Block> for MockRuntime {
		#[advanced]
		fn withdrawals_root(&self, at: Hash) -> Result<H256, sp_api::ApiError> {
			Ok(self.state(at)?.tree.root())
		}

		#[advanced]
		fn withdrawal_count(&self, at: Hash) -> Result<u64, sp_api::ApiError> {
			Ok(self.state(at)?.tree.count)
		}

		#[advanced]
		fn next_deposit_nonce(&self, at: Hash) -> Result<u64, sp_api::ApiError> {
			Ok(10 + self.0.number_of(at).unwrap_or_default() as u64)
		}

		#[advanced]
		fn portal(&self, at: Hash) -> Result<Option<L1Contract>, sp_api::ApiError> {
			Ok((self.0.number_of(at).unwrap_or_default() > 0).then_some(PORTAL))
		}

		#[advanced]
		fn withdrawal_proof(&self, at: Hash, nonce: u64) -> Result<Option<WithdrawalProof>, sp_api::ApiError> {
			let state = self.state(at)?;
			let Some(leaf) = state.leaves.get(nonce as usize).cloned() else { return Ok(None) };
			let proof = proof_from_completed_nodes(nonce, state.tree.count, |h, i| state.nodes[&(h, i)])
				.expect("the leaf exists");
			Ok(Some(WithdrawalProof {
				leaf_hash: leaf.hash(),
				leaf,
				proof,
				withdrawals_root: state.tree.root(),
				count: state.tree.count,
			}))
		}
	}
}

impl sp_api::ProvideRuntimeApi<Block> for MockClient {
	type Api = MockRuntime;

	fn runtime_api(&self) -> sp_api::ApiRef<'_, Self::Api> {
		MockRuntime(self.0.clone()).into()
	}
}

impl sp_blockchain::HeaderBackend<Block> for MockClient {
	fn header(&self, hash: Hash) -> sp_blockchain::Result<Option<Header>> {
		Ok(self.0.headers.iter().find(|h| h.hash() == hash).cloned())
	}

	fn info(&self) -> sp_blockchain::Info<Block> {
		let best = self.0.headers.last().unwrap();
		sp_blockchain::Info {
			best_hash: best.hash(),
			best_number: best.number,
			genesis_hash: self.0.headers[0].hash(),
			finalized_hash: self.0.headers[0].hash(),
			finalized_number: 0,
			finalized_state: None,
			number_leaves: 1,
			block_gap: None,
		}
	}

	fn status(&self, hash: Hash) -> sp_blockchain::Result<sp_blockchain::BlockStatus> {
		Ok(match self.0.number_of(hash) {
			Some(_) => sp_blockchain::BlockStatus::InChain,
			None => sp_blockchain::BlockStatus::Unknown,
		})
	}

	fn number(&self, hash: Hash) -> sp_blockchain::Result<Option<u32>> {
		Ok(self.0.number_of(hash))
	}

	fn hash(&self, number: u32) -> sp_blockchain::Result<Option<Hash>> {
		Ok(self.0.headers.get(number as usize).map(|h| h.hash()))
	}
}

fn chain() -> Arc<Chain> {
	Arc::new(Chain::new())
}

fn module(chain: &Arc<Chain>) -> jsonrpsee::RpcModule<Bridge<MockClient, Block>> {
	Bridge::<MockClient, Block>::new(Arc::new(MockClient(chain.clone()))).into_rpc()
}

fn error_code(error: MethodsError) -> i32 {
	match error {
		MethodsError::JsonRpc(error) => error.code(),
		other => panic!("not a JSON-RPC error: {other:?}"),
	}
}

fn hex(bytes: &[u8]) -> String {
	mooring_primitives::bridge::serde_hex::to_hex(bytes)
}

#[tokio::test]
async fn output_preimage_commits_to_the_header_and_the_withdrawals_root() {
	let chain = chain();
	let module = module(&chain);
	for number in 0..4u32 {
		let header = &chain.headers[number as usize];
		let response: Value = module.call("bridge_outputPreimage", [number as u64]).await.unwrap();
		let expected = OutputRootPreimage {
			l2_block_number: number as u64,
			l2_block_hash: header.hash(),
			l2_state_root: header.state_root,
			withdrawals_root: State::at(number).tree.root(),
		};
		assert_eq!(
			response,
			json!({
				"l2BlockNumber": number,
				"l2BlockHash": hex(header.hash().as_bytes()),
				"l2StateRoot": hex(header.state_root.as_bytes()),
				"withdrawalsRoot": hex(expected.withdrawals_root.as_bytes()),
			})
		);
		let typed: OutputRootPreimage = serde_json::from_value(response).unwrap();
		assert_eq!(typed, expected);
	}
}

#[tokio::test]
async fn output_preimage_of_an_unknown_block_is_an_error() {
	let chain = chain();
	let module = module(&chain);
	let error = module.call::<_, Value>("bridge_outputPreimage", [4u64]).await.unwrap_err();
	assert_eq!(error_code(error), UNKNOWN_BLOCK);
	// Beyond the block number type.
	let error = module.call::<_, Value>("bridge_outputPreimage", [u64::MAX]).await.unwrap_err();
	assert_eq!(error_code(error), UNKNOWN_BLOCK);
}

#[tokio::test]
async fn withdrawal_proofs_verify_against_the_output_of_their_block() {
	let chain = chain();
	let module = module(&chain);
	for number in 1..4u32 {
		let output: OutputRootPreimage =
			module.call("bridge_outputPreimage", [number as u64]).await.unwrap();
		for nonce in 0..3 * number as u64 {
			let response: WithdrawalProofResponse =
				module.call("bridge_withdrawalProof", [nonce, number as u64]).await.unwrap();
			assert_eq!(response.leaf, withdrawals_at(number)[nonce as usize]);
			assert_eq!(response.leaf_hash, response.leaf.hash());
			assert!(verify_withdrawal_proof(
				response.leaf_hash,
				nonce,
				&response.proof,
				response.withdrawals_root
			));
			assert_eq!(response.withdrawals_root, output.withdrawals_root);
			assert_eq!(response.output_root_preimage, output);
			assert_eq!(response.leaf.portal(), PORTAL);
		}
	}
}

#[tokio::test]
async fn withdrawal_proof_json_has_the_agreed_shape() {
	let chain = chain();
	let module = module(&chain);
	let response: Value = module.call("bridge_withdrawalProof", [1u64, 2u64]).await.unwrap();
	let leaf = &withdrawals_at(2)[1];
	assert_eq!(
		response["leaf"],
		json!({
			"l1ChainId": 97,
			"portal": hex(&[0x90; 20]),
			"nonce": 1,
			"l2Sender": hex(&[1; 32]),
			"l1Recipient": hex(&[0xa1; 20]),
			"l1Token": hex(&[0; 20]),
			"amount": leaf.amount.to_string(),
		})
	);
	// The amount is a decimal string, even beyond u128: 1001 * (2^128 - 1).
	assert_eq!(response["leaf"]["amount"], "340622649287859401926837982039199979666455");
	let proof = response["proof"].as_array().unwrap();
	assert_eq!(proof.len(), 32);
	assert!(proof.iter().all(|node| node.as_str().unwrap().len() == 66));
	let preimage = &response["outputRootPreimage"];
	assert_eq!(preimage["l2BlockNumber"], 2);
	assert_eq!(preimage["l2BlockHash"], hex(chain.headers[2].hash().as_bytes()));
	assert_eq!(preimage["withdrawalsRoot"], response["withdrawalsRoot"]);
	let fields: Vec<_> = response.as_object().unwrap().keys().cloned().collect();
	assert_eq!(fields, ["leaf", "leafHash", "outputRootPreimage", "proof", "withdrawalsRoot"]);
}

#[tokio::test]
async fn withdrawal_proof_of_a_missing_withdrawal_or_block_is_an_error() {
	let chain = chain();
	let module = module(&chain);
	// Withdrawal 3 exists from block 2 on.
	let error = module.call::<_, Value>("bridge_withdrawalProof", [3u64, 1u64]).await.unwrap_err();
	assert_eq!(error_code(error), UNKNOWN_WITHDRAWAL);
	assert!(module.call::<_, Value>("bridge_withdrawalProof", [3u64, 2u64]).await.is_ok());
	let error = module.call::<_, Value>("bridge_withdrawalProof", [0u64, 9u64]).await.unwrap_err();
	assert_eq!(error_code(error), UNKNOWN_BLOCK);
}

#[tokio::test]
async fn next_deposit_nonce_is_read_at_the_best_block() {
	let chain = chain();
	let nonce: u64 =
		module(&chain).call("bridge_nextDepositNonce", EmptyServerParams::new()).await.unwrap();
	assert_eq!(nonce, 13);
}

#[tokio::test]
async fn portal_is_read_at_the_best_block() {
	let chain = chain();
	let portal: Value =
		module(&chain).call("bridge_portal", EmptyServerParams::new()).await.unwrap();
	assert_eq!(portal, json!({ "chainId": 97, "address": hex(&[0x90; 20]) }));
	assert_eq!(serde_json::from_value::<Option<L1Contract>>(portal).unwrap(), Some(PORTAL));
}
