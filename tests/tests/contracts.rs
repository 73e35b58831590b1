//! Unit tests of the L1 contracts (BatchInbox, OutputOracle, Portal and the Formats library) against
//! a real anvil, through alloy: every revert of every function, the happy paths, the events, and the
//! shared-format test vectors in `contracts/test-vectors/formats.json`.
//!
//! Gas figures: `cargo test -p mooring-e2e --test contracts gas_report -- --nocapture`.

use alloy::{
	contract::{CallBuilder, CallDecoder, SolCallBuilder},
	primitives::{keccak256, Address, Bytes, B256, U256},
	providers::{DynProvider, Provider},
	rpc::types::TransactionReceipt,
	sol_types::{SolError, SolValue},
};
use mooring_e2e::{
	anvil::{signing_provider, Anvil, BSC_CHAIN_ID},
	artifacts::{
		formats_harness, output_root_in, portal::Formats, BatchInbox, DevToken, FeeToken,
		Formats as OracleFormats, FormatsHarness, OutputOracle, Portal, TestActor,
	},
	repo_root,
	vectors::{self, address, b256, bytes, u256, u64_of},
};
use serde_json::Value;
use std::{process::Command, str::FromStr};

// ---------------------------------------------------------------------------------------------
// Harness
// ---------------------------------------------------------------------------------------------

/// anvil's default dev accounts (mnemonic "test test … junk").
const KEYS: [&str; 8] = [
	"0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
	"0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
	"0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
	"0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
	"0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a",
	"0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba",
	"0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e",
	"0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356",
];

const ONE_BNB: u128 = 1_000_000_000_000_000_000;
const WINDOW: u64 = 600;

fn bnb(n: u128) -> U256 {
	U256::from(n * ONE_BNB)
}

fn role(name: &str) -> B256 {
	keccak256(name)
}

/// A fresh anvil with the BSC chain id and a provider that signs for the dev accounts.
struct Chain {
	anvil: Anvil,
	dir: tempfile::TempDir,
	provider: DynProvider,
	admin: Address,
	proposer: Address,
	challenger: Address,
	batcher: Address,
	guardian: Address,
	user: Address,
	stranger: Address,
	recipient: Address,
}

impl Chain {
	async fn start() -> Self {
		let dir = tempfile::tempdir().expect("temp dir");
		let anvil = Anvil::start(dir.path(), None).await.expect("anvil starts");
		Self::on(anvil, dir, BSC_CHAIN_ID).await
	}

	/// The test accounts on `anvil` (data in `dir`), which must report `chain_id`.
	async fn on(anvil: Anvil, dir: tempfile::TempDir, chain_id: u64) -> Self {
		let (provider, accounts) = signing_provider(&anvil.url(), &KEYS);
		assert_eq!(provider.get_chain_id().await.expect("chain id"), chain_id);
		Self {
			anvil,
			dir,
			provider,
			admin: accounts[0],
			proposer: accounts[1],
			challenger: accounts[2],
			batcher: accounts[3],
			guardian: accounts[4],
			user: accounts[5],
			stranger: accounts[6],
			recipient: accounts[7],
		}
	}

	async fn rpc(&self, method: &'static str, params: Value) -> Value {
		self.provider
			.raw_request(method.into(), params)
			.await
			.unwrap_or_else(|e| panic!("{method}: {e}"))
	}

	/// Moves time forward by `seconds` and mines a block.
	async fn increase_time(&self, seconds: u64) {
		self.rpc("evm_increaseTime", serde_json::json!([seconds])).await;
		self.rpc("evm_mine", serde_json::json!([])).await;
	}

	/// Mines a block with exactly `timestamp`; `eth_call`s then see it as `block.timestamp`.
	async fn mine_at(&self, timestamp: u64) {
		self.rpc("evm_setNextBlockTimestamp", serde_json::json!([timestamp])).await;
		self.rpc("evm_mine", serde_json::json!([])).await;
	}

	async fn balance(&self, account: Address) -> U256 {
		self.provider.get_balance(account).await.expect("balance")
	}

	async fn set_balance(&self, account: Address, amount: U256) {
		self.rpc("anvil_setBalance", serde_json::json!([account, amount])).await;
	}
}

/// Sends `call` and returns its receipt, which must show success.
async fn send<P: Provider, D: CallDecoder>(call: CallBuilder<P, D>) -> TransactionReceipt {
	let receipt = call
		.send()
		.await
		.unwrap_or_else(|e| panic!("send failed: {e}"))
		.get_receipt()
		.await
		.expect("receipt");
	assert!(receipt.status(), "transaction reverted: {receipt:?}");
	receipt
}

/// The revert data of `call`, simulated against the latest block; panics if it does not revert.
async fn revert_data<P: Provider, D: CallDecoder>(call: CallBuilder<P, D>) -> Bytes {
	match call.call_raw().await {
		Ok(output) => panic!("expected a revert, the call returned {output}"),
		Err(e) => e.as_revert_data().unwrap_or_else(|| panic!("no revert data in {e}")),
	}
}

/// Asserts that `call` reverts with exactly `expected` (selector and arguments).
async fn assert_reverts<P: Provider, D: CallDecoder, E: SolError>(
	call: CallBuilder<P, D>,
	expected: E,
) {
	let data = revert_data(call).await;
	let wanted = Bytes::from(expected.abi_encode());
	assert_eq!(data, wanted, "expected revert {}", E::SIGNATURE);
}

/// Sends `call` with a fixed gas limit (no estimate, which would refuse it) and asserts that the
/// transaction is mined and fails: the chain itself refuses, not just a simulation.
async fn assert_mined_failure<P: Provider, D: CallDecoder>(call: CallBuilder<P, D>) {
	let receipt = call
		.gas(1_000_000)
		.send()
		.await
		.unwrap_or_else(|e| panic!("send failed: {e}"))
		.get_receipt()
		.await
		.expect("receipt");
	assert!(!receipt.status(), "transaction succeeded: {receipt:?}");
}

/// OpenZeppelin's AccessControl refusal, as each contract's bindings name it.
macro_rules! unauthorized {
	($contract:ident, $account:expr, $role:expr) => {
		$contract::AccessControlUnauthorizedAccount { account: $account, neededRole: $role }
	};
}

// After the macro, so that the module sees it.
#[path = "contracts/settlement_admin.rs"]
mod settlement_admin;

#[path = "contracts/portal_succession.rs"]
mod portal_succession;

// ---------------------------------------------------------------------------------------------
// Formats, computed independently in Rust for the tests
// ---------------------------------------------------------------------------------------------

fn hash_pair(left: B256, right: B256) -> B256 {
	keccak256([left.as_slice(), right.as_slice()].concat())
}

fn zero_hashes() -> Vec<B256> {
	let mut zeros = vec![B256::ZERO];
	for h in 0..32 {
		zeros.push(hash_pair(zeros[h], zeros[h]));
	}
	zeros
}

/// Levels 0..=32 of the depth-32 tree whose leaf `i` is `leaves[i]`, only as wide as the leaves reach.
fn tree_levels(leaves: &[B256]) -> Vec<Vec<B256>> {
	let zeros = zero_hashes();
	let mut levels = vec![leaves.to_vec()];
	for h in 0..32 {
		let next = levels[h]
			.chunks(2)
			.map(|pair| hash_pair(pair[0], pair.get(1).copied().unwrap_or(zeros[h])))
			.collect();
		levels.push(next);
	}
	levels
}

fn tree_root(leaves: &[B256]) -> B256 {
	tree_levels(leaves)[32].first().copied().unwrap_or(zero_hashes()[32])
}

fn tree_proof(leaves: &[B256], index: usize) -> [B256; 32] {
	let zeros = zero_hashes();
	let levels = tree_levels(leaves);
	std::array::from_fn(|h| levels[h].get((index >> h) ^ 1).copied().unwrap_or(zeros[h]))
}

fn leaf(
	nonce: u64,
	l1_recipient: Address,
	l1_token: Address,
	amount: U256,
) -> Formats::WithdrawalLeaf {
	// Bound to no Portal yet: `Withdrawals::with` binds it to the bridge's.
	Formats::WithdrawalLeaf {
		l1ChainId: U256::ZERO,
		portal: Address::ZERO,
		nonce,
		l2Sender: keccak256(format!("l2 sender {nonce}")),
		l1Recipient: l1_recipient,
		l1Token: l1_token,
		amount,
	}
}

fn leaf_hash(leaf: &Formats::WithdrawalLeaf) -> B256 {
	let version = U256::from(1);
	keccak256(
		(version, leaf.l1ChainId, leaf.portal, leaf.nonce, leaf.l2Sender)
			.abi_encode_params()
			.into_iter()
			.chain((leaf.l1Recipient, leaf.l1Token, leaf.amount).abi_encode_params())
			.collect::<Vec<u8>>(),
	)
}

/// `leaf` bound to `portal` on the test chain, unless it names a domain already.
fn bound_to(portal: Address, leaf: Formats::WithdrawalLeaf) -> Formats::WithdrawalLeaf {
	if leaf.portal != Address::ZERO || leaf.l1ChainId != U256::ZERO {
		return leaf;
	}
	Formats::WithdrawalLeaf { l1ChainId: U256::from(BSC_CHAIN_ID), portal, ..leaf }
}

fn preimage(l2_block: u64, withdrawals_root: B256) -> Formats::OutputRootPreimage {
	Formats::OutputRootPreimage {
		l2BlockNumber: U256::from(l2_block),
		l2BlockHash: block_hash(l2_block),
		l2StateRoot: keccak256(format!("state {l2_block}")),
		withdrawalsRoot: withdrawals_root,
	}
}

/// A preimage for block `l2_block` (any U256 the oracle may refuse) tagged by its withdrawals root.
fn preimage_for(l2_block: U256, withdrawals_root: B256) -> Formats::OutputRootPreimage {
	Formats::OutputRootPreimage { l2BlockNumber: l2_block, ..preimage(0, withdrawals_root) }
}

/// The same preimage as the OutputOracle bindings name it.
fn for_oracle(p: &Formats::OutputRootPreimage) -> OracleFormats::OutputRootPreimage {
	OracleFormats::OutputRootPreimage {
		l2BlockNumber: p.l2BlockNumber,
		l2BlockHash: p.l2BlockHash,
		l2StateRoot: p.l2StateRoot,
		withdrawalsRoot: p.withdrawalsRoot,
	}
}

/// The output root of `p` in the oracle at `oracle` on the test chain.
fn output_root(oracle: Address, p: &Formats::OutputRootPreimage) -> B256 {
	let fields = [p.l2BlockHash, p.l2StateRoot, p.withdrawalsRoot];
	output_root_in(BSC_CHAIN_ID, oracle, p.l2BlockNumber, fields)
}

/// The (made-up) hash of L2 block `n`; block 0 is the genesis.
fn block_hash(n: u64) -> B256 {
	keccak256(format!("L2 block {n}"))
}

/// A batch of blocks `first..=last` with a `payload` after the 82-byte header.
fn batch_bytes(
	version: u8,
	compression: u8,
	first: u64,
	last: u64,
	parent: B256,
	last_hash: B256,
	payload: &[u8],
) -> Bytes {
	let mut out = vec![version, compression];
	out.extend_from_slice(&first.to_be_bytes());
	out.extend_from_slice(&last.to_be_bytes());
	out.extend_from_slice(parent.as_slice());
	out.extend_from_slice(last_hash.as_slice());
	assert_eq!(out.len(), 82);
	out.extend_from_slice(payload);
	out.into()
}

/// The well-formed zstd batch of blocks `first..=last` chaining onto block `first - 1`.
fn chained_batch(first: u64, last: u64, payload: &[u8]) -> Bytes {
	batch_bytes(0, 1, first, last, block_hash(first - 1), block_hash(last), payload)
}

/// The hash the inbox records for `data` posted in one frame.
fn one_frame_hash(data: &[u8]) -> B256 {
	B256::from(mooring_primitives::bridge::batch_hash([data]).0)
}

/// Pseudo-random, hardly compressible bytes (as a compressed batch is).
fn noise(len: usize, seed: u64) -> Vec<u8> {
	let mut out = Vec::with_capacity(len + 32);
	let mut counter = 0u64;
	while out.len() < len {
		out.extend_from_slice(
			keccak256([seed.to_be_bytes(), counter.to_be_bytes()].concat()).as_slice(),
		);
		counter += 1;
	}
	out.truncate(len);
	out
}

// ---------------------------------------------------------------------------------------------
// Deployments
// ---------------------------------------------------------------------------------------------

type Inbox = BatchInbox::BatchInboxInstance<DynProvider>;
type Oracle = OutputOracle::OutputOracleInstance<DynProvider>;
type PortalI = Portal::PortalInstance<DynProvider>;
type Token = DevToken::DevTokenInstance<DynProvider>;

/// All three contracts, wired as the deploy script wires them, plus a dev token on the allowlist.
struct Bridge {
	chain: Chain,
	inbox: Inbox,
	oracle: Oracle,
	portal: PortalI,
	token: Token,
}

const BOND: u128 = ONE_BNB;

async fn deploy_inbox(chain: &Chain) -> Inbox {
	BatchInbox::deploy(chain.provider.clone(), chain.admin, chain.batcher, block_hash(0))
		.await
		.expect("inbox")
}

async fn deploy_oracle(chain: &Chain, inbox: Address) -> Oracle {
	OutputOracle::deploy(
		chain.provider.clone(),
		chain.admin,
		chain.proposer,
		chain.challenger,
		U256::from(WINDOW),
		U256::from(BOND),
		inbox,
	)
	.await
	.expect("oracle")
}

async fn deploy_token(chain: &Chain, supply: U256) -> Token {
	DevToken::deploy(chain.provider.clone(), "Dev USD".into(), "DUSD".into(), 18, supply)
		.await
		.expect("token")
}

impl Bridge {
	async fn deploy() -> Self {
		let chain = Chain::start().await;
		let inbox = deploy_inbox(&chain).await;
		let oracle = deploy_oracle(&chain, *inbox.address()).await;
		let token = deploy_token(&chain, bnb(1_000_000)).await;
		let portal = Portal::deploy(
			chain.provider.clone(),
			chain.admin,
			chain.guardian,
			*oracle.address(),
			vec![*token.address()],
			U256::ZERO,
			Address::ZERO,
			U256::ZERO,
		)
		.await
		.expect("portal");
		send(token.transfer(chain.user, bnb(1_000))).await;
		send(token.approve(*portal.address(), U256::MAX).from(chain.user)).await;
		Self { chain, inbox, oracle, portal, token }
	}

	/// Posts batches until block `block` is on L1.
	async fn post_through(&self, block: u64) {
		let next = self.inbox.nextBlock().call().await.unwrap();
		if next <= block {
			send(
				self.inbox
					.postBatch(U256::ZERO, U256::ONE, chained_batch(next, block, &[7; 32]))
					.from(self.chain.batcher),
			)
			.await;
		}
	}

	async fn bond_proposer(&self) {
		if self.oracle.bonds(self.chain.proposer).call().await.unwrap() < U256::from(BOND) {
			send(self.oracle.depositBond().value(U256::from(BOND)).from(self.chain.proposer)).await;
		}
	}

	/// Posts the data, bonds and proposes the output of `p`; returns its index and receipt.
	async fn propose(&self, p: &Formats::OutputRootPreimage) -> (U256, TransactionReceipt) {
		let block: u64 = p.l2BlockNumber.to();
		self.post_through(block).await;
		self.bond_proposer().await;
		let index = self.oracle.nextOutputIndex().call().await.unwrap();
		let receipt =
			send(self.oracle.proposeOutputWithPreimage(for_oracle(p)).from(self.chain.proposer))
				.await;
		(index, receipt)
	}

	/// Proposes `p` and lets its window pass.
	async fn propose_final(&self, p: &Formats::OutputRootPreimage) -> U256 {
		let (index, _) = self.propose(p).await;
		self.chain.increase_time(WINDOW).await;
		assert!(self.oracle.isFinalized(index).call().await.unwrap());
		index
	}

	async fn deposit_native(&self, amount: U256) {
		send(self.portal.depositNative(keccak256("l2 user")).value(amount).from(self.chain.user))
			.await;
	}

	async fn deposit_token(&self, amount: U256) {
		send(
			self.portal
				.depositERC20(*self.token.address(), amount, keccak256("l2 user"))
				.from(self.chain.user),
		)
		.await;
	}

	async fn output_timestamp(&self, index: U256) -> u64 {
		self.oracle.getL2Output(index).call().await.unwrap().timestamp.to()
	}
}

// ---------------------------------------------------------------------------------------------
// Shared formats: test vectors
// ---------------------------------------------------------------------------------------------

fn vectors() -> Value {
	vectors::load("formats.json")
}

#[tokio::test]
async fn formats_match_shared_test_vectors() {
	let chain = Chain::start().await;
	let harness = FormatsHarness::deploy(chain.provider.clone()).await.expect("harness");
	let v = vectors();

	// zero hashes
	let zeros: Vec<B256> = v["zeroHashes"].as_array().unwrap().iter().map(b256).collect();
	assert_eq!(zeros.len(), 33);
	assert_eq!(zeros, zero_hashes(), "the Rust test helper agrees");
	let on_chain = harness.zeroHashes().call().await.unwrap();
	assert_eq!(on_chain.to_vec(), zeros);

	// withdrawal leaves
	let leaves = v["withdrawalLeaves"].as_array().unwrap();
	assert!(leaves.len() >= 5);
	for l in leaves {
		let leaf = formats_harness::Formats::WithdrawalLeaf {
			l1ChainId: u256(&l["l1ChainId"]),
			portal: address(&l["portal"]),
			nonce: u64_of(&l["nonce"]),
			l2Sender: b256(&l["l2Sender"]),
			l1Recipient: address(&l["l1Recipient"]),
			l1Token: address(&l["l1Token"]),
			amount: u256(&l["amount"]),
		};
		assert_eq!(
			harness.withdrawalLeafPreimage(leaf.clone()).call().await.unwrap(),
			bytes(&l["encoded"])
		);
		assert_eq!(
			harness.withdrawalLeafHash(leaf).call().await.unwrap(),
			b256(&l["leafHash"]),
			"{l}"
		);
	}

	// withdrawal trees
	for t in v["withdrawalTrees"].as_array().unwrap() {
		let name = t["name"].as_str().unwrap();
		let tree_leaves: Vec<B256> = t["leaves"].as_array().unwrap().iter().map(b256).collect();
		let root = b256(&t["root"]);
		assert_eq!(tree_root(&tree_leaves), root, "{name}: the Rust test helper agrees");
		let roots_after: Vec<B256> = t["rootAfter"].as_array().unwrap().iter().map(b256).collect();
		let incremental = harness.incrementalRoots(tree_leaves.clone()).call().await.unwrap();
		assert_eq!(incremental, roots_after, "{name}: the O(32) incremental algorithm");
		if let Some(last) = roots_after.last() {
			assert_eq!(*last, root, "{name}");
		} else {
			assert_eq!(root, zeros[32], "the empty tree's root is Z[32]");
		}
		for p in t["proofs"].as_array().unwrap() {
			let index = u64_of(&p["index"]);
			let leaf = b256(&p["leaf"]);
			assert_eq!(leaf, tree_leaves[index as usize]);
			let siblings: Vec<B256> = p["siblings"].as_array().unwrap().iter().map(b256).collect();
			let proof: [B256; 32] = siblings.clone().try_into().expect("32 siblings");
			assert_eq!(
				proof,
				tree_proof(&tree_leaves, index as usize),
				"{name}: the Rust test helper agrees"
			);
			let i = U256::from(index);
			assert_eq!(
				harness.rootFromProof(leaf, i, proof).call().await.unwrap(),
				root,
				"{name} #{index}"
			);
			assert!(harness.verifyWithdrawalProof(leaf, i, proof, root).call().await.unwrap());
			// Another index, a wrong leaf, a changed sibling or an index past 2^32 fail.
			assert!(!harness
				.verifyWithdrawalProof(leaf, i ^ U256::from(1), proof, root)
				.call()
				.await
				.unwrap());
			assert!(!harness.verifyWithdrawalProof(zeros[1], i, proof, root).call().await.unwrap());
			let mut forged = proof;
			forged[31] = keccak256("forged");
			assert!(!harness.verifyWithdrawalProof(leaf, i, forged, root).call().await.unwrap());
			let high = i + (U256::from(1) << 32);
			assert_eq!(harness.rootFromProof(leaf, high, proof).call().await.unwrap(), root);
			assert!(!harness.verifyWithdrawalProof(leaf, high, proof, root).call().await.unwrap());
		}
	}

	// output roots
	for o in v["outputRoots"].as_array().unwrap() {
		let p = formats_harness::Formats::OutputRootPreimage {
			l2BlockNumber: u256(&o["l2BlockNumber"]),
			l2BlockHash: b256(&o["l2BlockHash"]),
			l2StateRoot: b256(&o["l2StateRoot"]),
			withdrawalsRoot: b256(&o["withdrawalsRoot"]),
		};
		assert_eq!(keccak256(bytes(&o["encoded"])), b256(&o["outputRoot"]));
		let (chain_id, oracle) = (u256(&o["l1ChainId"]), address(&o["oracle"]));
		assert_eq!(
			harness.outputRootPreimage(chain_id, oracle, p.clone()).call().await.unwrap(),
			bytes(&o["encoded"])
		);
		assert_eq!(
			harness.outputRoot(chain_id, oracle, p).call().await.unwrap(),
			b256(&o["outputRoot"]),
			"{o}"
		);
	}

	// batches
	for b in v["batches"].as_array().unwrap() {
		let data = bytes(&b["batch"]);
		assert_eq!(&data[..82], &bytes(&b["header"])[..]);
		let h = harness.parseBatchHeader(data.clone()).call().await.unwrap();
		assert_eq!(h.version.to_string(), b["version"].as_str().unwrap());
		assert_eq!(h.compression.to_string(), b["compression"].as_str().unwrap());
		assert_eq!(h.firstBlock, u64_of(&b["firstBlock"]));
		assert_eq!(h.lastBlock, u64_of(&b["lastBlock"]));
		assert_eq!(h.parentHash, b256(&b["parentHash"]));
		assert_eq!(h.lastBlockHash, b256(&b["lastBlockHash"]));
		let mut hash = B256::ZERO;
		for frame in b["frames"].as_array().unwrap() {
			hash = harness.chainFrameHash(hash, bytes(frame)).call().await.unwrap();
		}
		assert_eq!(hash, b256(&b["batchHash"]));
		assert_eq!(one_frame_hash(&data), keccak256([[0u8; 32], keccak256(&data).0].concat()));
		// The header alone parses; one byte less does not.
		harness.parseBatchHeader(data.slice(..82)).call().await.unwrap();
		assert_reverts(
			harness.parseBatchHeader(data.slice(..81)),
			FormatsHarness::BatchTooShort { length: U256::from(81) },
		)
		.await;
	}
	assert_reverts(
		harness.parseBatchHeader(Bytes::new()),
		FormatsHarness::BatchTooShort { length: U256::ZERO },
	)
	.await;
}

#[test]
fn formats_vectors_are_up_to_date() {
	let status = Command::new("node")
		.arg(repo_root().join("contracts/test-vectors/generate.mjs"))
		.arg("--check")
		.current_dir(repo_root())
		.status()
		.expect("node runs (scripts/setup installs it)");
	assert!(
		status.success(),
		"formats.json or substrate.json differs from what generate.mjs computes"
	);
}

// ---------------------------------------------------------------------------------------------
// BatchInbox
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn batch_inbox_constructor_refuses_zero_arguments() {
	let chain = Chain::start().await;
	let p = chain.provider.clone();
	for (admin, genesis) in [(Address::ZERO, block_hash(0)), (chain.admin, B256::ZERO)] {
		assert_reverts(
			BatchInbox::deploy_builder(p.clone(), admin, chain.batcher, genesis),
			BatchInbox::ZeroArgument,
		)
		.await;
	}
	// No batcher is fine: the admin grants one later.
	let inbox = BatchInbox::deploy(p, chain.admin, Address::ZERO, block_hash(0)).await.unwrap();
	assert!(!inbox.hasRole(role("BATCHER_ROLE"), chain.batcher).call().await.unwrap());
	assert!(inbox.hasRole(B256::ZERO, chain.admin).call().await.unwrap());
}

#[tokio::test]
async fn batch_inbox_posts_chained_batches() {
	let chain = Chain::start().await;
	let inbox = deploy_inbox(&chain).await;
	assert_eq!(inbox.BATCHER_ROLE().call().await.unwrap(), role("BATCHER_ROLE"));
	assert!(inbox.hasRole(role("BATCHER_ROLE"), chain.batcher).call().await.unwrap());
	assert_eq!(inbox.l2GenesisHash().call().await.unwrap(), block_hash(0));
	assert_eq!(inbox.nextBlock().call().await.unwrap(), 1);
	assert_eq!(inbox.lastBlockHash().call().await.unwrap(), block_hash(0));
	assert_eq!(inbox.batchCount().call().await.unwrap(), U256::ZERO);

	let mut expected_next = 1u64;
	for (i, (first, last, compression)) in
		[(1u64, 1u64, 0u8), (2, 50, 1), (51, 51, 2), (52, 451, 1)].into_iter().enumerate()
	{
		let data = batch_bytes(
			0,
			compression,
			first,
			last,
			block_hash(first - 1),
			block_hash(last),
			&noise(100, i as u64),
		);
		let receipt =
			send(inbox.postBatch(U256::ZERO, U256::ONE, data.clone()).from(chain.batcher)).await;
		let event = receipt.decoded_log::<BatchInbox::BatchPosted>().expect("BatchPosted").data;
		assert_eq!(event.batchIndex, U256::from(i));
		assert_eq!((event.firstBlock, event.lastBlock), (first, last));
		assert_eq!(event.batchHash, one_frame_hash(&data));
		let frame = receipt.decoded_log::<BatchInbox::FramePosted>().expect("FramePosted").data;
		assert_eq!((frame.frame, frame.frames), (U256::ZERO, U256::ONE));
		assert_eq!((event.firstFrameL1Block, event.frames), (receipt.block_number.unwrap(), 1));
		assert_eq!(receipt.logs().len(), 2);

		expected_next = last + 1;
		assert_eq!(inbox.nextBlock().call().await.unwrap(), expected_next);
		assert_eq!(inbox.lastBlockHash().call().await.unwrap(), block_hash(last));
		assert_eq!(inbox.batchCount().call().await.unwrap(), U256::from(i + 1));
		let stored = inbox.batch(U256::from(i)).call().await.unwrap();
		assert_eq!((stored.firstBlock, stored.lastBlock), (first, last));
		assert_eq!(stored.lastBlockHash, block_hash(last));
		assert_eq!(stored.batchHash, one_frame_hash(&data));
		assert_eq!(stored.l1BlockNumber, receipt.block_number.unwrap());
		let block = chain
			.provider
			.get_block_by_number(receipt.block_number.unwrap().into())
			.await
			.unwrap()
			.unwrap();
		assert_eq!(stored.l1Timestamp, block.header.timestamp);
	}
	assert_eq!(expected_next, 452);
	assert_reverts(
		inbox.batch(U256::from(4)),
		BatchInbox::UnknownBatch { batchIndex: U256::from(4) },
	)
	.await;

	// The admin can add a batcher; a batch holds at most MAX_BLOCKS_PER_BATCH blocks, so that a
	// fault proof of any of its outputs fits one L1 transaction.
	send(inbox.grantRole(role("BATCHER_ROLE"), chain.stranger)).await;
	let most = inbox.MAX_BLOCKS_PER_BATCH().call().await.unwrap().to::<u64>();
	assert_eq!(most, mooring_primitives::bridge::MAX_BLOCKS_PER_BATCH);
	assert_reverts(
		inbox
			.postBatch(U256::ZERO, U256::ONE, chained_batch(452, 452 + most, &[1]))
			.from(chain.stranger),
		BatchInbox::BatchTooLong { blocks: U256::from(most + 1) },
	)
	.await;
	send(
		inbox
			.postBatch(U256::ZERO, U256::ONE, chained_batch(452, 451 + most, &[1]))
			.from(chain.stranger),
	)
	.await;
	assert_eq!(inbox.nextBlock().call().await.unwrap(), 452 + most);
}

#[tokio::test]
async fn batch_inbox_posts_a_batch_in_frames() {
	let chain = Chain::start().await;
	let inbox = deploy_inbox(&chain).await;
	let most = inbox.MAX_FRAMES_PER_BATCH().call().await.unwrap();
	assert_eq!(most, U256::from(mooring_primitives::bridge::MAX_FRAMES_PER_BATCH));
	let post = |frame: u64, frames: u64, data: &[u8]| {
		inbox
			.postBatch(U256::from(frame), U256::from(frames), Bytes::copy_from_slice(data))
			.from(chain.batcher)
	};
	let unexpected = |expected: (u64, u64), got: (u64, u64)| BatchInbox::UnexpectedFrame {
		expectedFrame: U256::from(expected.0),
		expectedFrames: U256::from(expected.1),
		frame: U256::from(got.0),
		frames: U256::from(got.1),
	};
	let data = chained_batch(1, 3, &noise(1_000, 1));
	let three = [&data[..182], &data[182..600], &data[600..]];

	// Frame counts out of range, and a later frame with no batch pending.
	for frames in [0, most.to::<u64>() + 1] {
		assert_reverts(
			post(0, frames, &data),
			BatchInbox::TooManyFrames { frames: U256::from(frames) },
		)
		.await;
	}
	assert_reverts(post(1, 3, three[1]), unexpected((0, 0), (1, 3))).await;

	// Frame 0 of 3: checked, pending, nothing recorded yet.
	let receipt = send(post(0, 3, three[0])).await;
	assert!(receipt.decoded_log::<BatchInbox::BatchPosted>().is_none());
	assert_eq!(inbox.nextBlock().call().await.unwrap(), 1);
	assert_eq!(inbox.batchCount().call().await.unwrap(), U256::ZERO);
	let pending = inbox.pendingBatch().call().await.unwrap();
	assert_eq!(
		(pending.firstBlock, pending.lastBlock, pending.frames, pending.nextFrame),
		(1, 3, 3, 1)
	);
	assert_eq!(pending.hash, B256::from(mooring_primitives::bridge::batch_hash([three[0]]).0));
	// Out of order, another count, an empty frame: refused.
	assert_reverts(post(2, 3, three[2]), unexpected((1, 3), (2, 3))).await;
	assert_reverts(post(1, 4, three[1]), unexpected((1, 3), (1, 4))).await;
	assert_reverts(post(1, 3, &[]), BatchInbox::EmptyFrame).await;
	// Frame 0 of a batch that does not chain is refused as ever, and leaves the pending one.
	assert_reverts(
		post(0, 2, &chained_batch(2, 3, &[1])),
		BatchInbox::UnexpectedFirstBlock { expected: 1, actual: 2 },
	)
	.await;
	send(post(1, 3, three[1])).await;

	// The batcher restarts the batch in two other frames: frame 0 abandons the pending one.
	let two = [&data[..400], &data[400..]];
	let first = send(post(0, 2, two[0])).await;
	let pending = inbox.pendingBatch().call().await.unwrap();
	assert_eq!((pending.frames, pending.nextFrame), (2, 1));
	let last = send(post(1, 2, two[1])).await;
	let event = last.decoded_log::<BatchInbox::BatchPosted>().expect("BatchPosted").data;
	let hash = B256::from(mooring_primitives::bridge::batch_hash(two).0);
	assert_eq!((event.firstBlock, event.lastBlock, event.batchHash), (1, 3, hash));
	assert_eq!((event.firstFrameL1Block, event.frames), (first.block_number.unwrap(), 2));
	let stored = inbox.batch(U256::ZERO).call().await.unwrap();
	assert_eq!((stored.batchHash, stored.l1BlockNumber), (hash, last.block_number.unwrap()));
	assert_eq!(inbox.nextBlock().call().await.unwrap(), 4);
	assert_eq!(inbox.pendingBatch().call().await.unwrap().frames, 0);
	assert_reverts(post(1, 2, two[1]), unexpected((0, 0), (1, 2))).await;

	// Derivation reads the completing attempt back, past the abandoned frames.
	let relayer_inbox =
		mooring_relayer::l1::BatchInbox::new(*inbox.address(), chain.provider.clone());
	let posted = mooring_relayer::inbox::posted_batch(&relayer_inbox, 0, 2).await.unwrap();
	assert_eq!(posted.data, data.to_vec());
	assert_eq!(posted.transactions, vec![first.transaction_hash, last.transaction_hash]);

	// A one-frame batch abandons a pending one too: its later frames are refused from then on.
	let next = chained_batch(4, 5, &noise(300, 2));
	send(post(0, 2, &next[..200])).await;
	assert_eq!(inbox.pendingBatch().call().await.unwrap().frames, 2);
	send(post(0, 1, &chained_batch(4, 4, &[1]))).await;
	assert_eq!(inbox.nextBlock().call().await.unwrap(), 5);
	assert_eq!(inbox.pendingBatch().call().await.unwrap().frames, 0);
	assert_reverts(post(1, 2, &next[200..]), unexpected((0, 0), (1, 2))).await;

	// A frame longer than one L1 transaction carries is refused.
	let longest = inbox.MAX_FRAME_BYTES().call().await.unwrap();
	assert_eq!(longest, U256::from(mooring_primitives::bridge::MAX_FRAME_BYTES));
	let long = chained_batch(5, 5, &noise(longest.to::<usize>() - 81, 3));
	assert_reverts(post(0, 1, &long), BatchInbox::FrameTooLarge { length: longest + U256::ONE })
		.await;
	send(post(0, 1, &long[..longest.to::<usize>()])).await;

	// A pending batch expires MAX_FRAME_SPAN_L1_BLOCKS after its frame 0.
	let span = inbox.MAX_FRAME_SPAN_L1_BLOCKS().call().await.unwrap();
	assert_eq!(span, U256::from(mooring_primitives::bridge::MAX_FRAME_SPAN_L1_BLOCKS));
	let late = chained_batch(6, 6, &noise(300, 4));
	let started = send(post(0, 3, &late[..150])).await.block_number.unwrap();
	// The last block in the span still takes the next frame; the one after it does not.
	let mine = |blocks: u64| {
		chain.provider.raw_request::<_, Value>("anvil_mine".into(), [format!("{blocks:#x}")])
	};
	mine(span.to::<u64>() - 1).await.unwrap();
	let second = send(post(1, 3, &late[150..250])).await;
	assert_eq!(second.block_number.unwrap(), started + span.to::<u64>());
	mine(1).await.unwrap();
	assert_reverts(post(2, 3, &late[250..]), unexpected((0, 0), (2, 3))).await;
	assert_eq!(inbox.pendingBatch().call().await.unwrap().frames, 0);
	send(post(0, 1, &late)).await;
	assert_eq!(inbox.nextBlock().call().await.unwrap(), 7);
}

#[tokio::test]
async fn batch_inbox_refuses_batches_that_do_not_chain() {
	let chain = Chain::start().await;
	let inbox = deploy_inbox(&chain).await;
	let post = |data: Bytes| inbox.postBatch(U256::ZERO, U256::ONE, data).from(chain.batcher);

	// Only a batcher, and only an EOA batcher.
	assert_reverts(
		inbox.postBatch(U256::ZERO, U256::ONE, chained_batch(1, 1, &[1])).from(chain.stranger),
		unauthorized!(BatchInbox, chain.stranger, role("BATCHER_ROLE")),
	)
	.await;
	let actor = TestActor::deploy(chain.provider.clone()).await.unwrap();
	send(inbox.grantRole(role("BATCHER_ROLE"), *actor.address())).await;
	let call = inbox.postBatch(U256::ZERO, U256::ONE, chained_batch(1, 1, &[1])).calldata().clone();
	assert_reverts(
		actor.forward(*inbox.address(), call).from(chain.batcher),
		BatchInbox::CallerNotEOA,
	)
	.await;

	// Shape of the header.
	assert_reverts(
		post(Bytes::from(vec![0u8; 81])),
		BatchInbox::BatchTooShort { length: U256::from(81) },
	)
	.await;
	assert_reverts(post(Bytes::new()), BatchInbox::BatchTooShort { length: U256::ZERO }).await;
	assert_reverts(post(chained_batch(1, 1, &[])), BatchInbox::EmptyBatchPayload).await;
	let wrong_version = batch_bytes(1, 1, 1, 1, block_hash(0), block_hash(1), &[1]);
	assert_reverts(post(wrong_version), BatchInbox::UnsupportedBatchVersion { version: 1 }).await;
	let wrong_compression = batch_bytes(0, 3, 1, 1, block_hash(0), block_hash(1), &[1]);
	assert_reverts(post(wrong_compression), BatchInbox::UnsupportedCompression { compression: 3 })
		.await;

	// Chaining: block 0 is never batched; the first batch starts at 1 on the genesis hash.
	let from_genesis = batch_bytes(0, 1, 0, 3, block_hash(0), block_hash(3), &[1]);
	assert_reverts(post(from_genesis), BatchInbox::UnexpectedFirstBlock { expected: 1, actual: 0 })
		.await;
	assert_reverts(
		post(chained_batch(2, 3, &[1])),
		BatchInbox::UnexpectedFirstBlock { expected: 1, actual: 2 },
	)
	.await;
	let backwards = batch_bytes(0, 1, 1, 0, block_hash(0), block_hash(0), &[1]);
	assert_reverts(post(backwards), BatchInbox::InvalidBlockRange { firstBlock: 1, lastBlock: 0 })
		.await;
	let to_max = batch_bytes(0, 1, 1, u64::MAX, block_hash(0), block_hash(9), &[1]);
	assert_reverts(
		post(to_max),
		BatchInbox::InvalidBlockRange { firstBlock: 1, lastBlock: u64::MAX },
	)
	.await;
	let orphan = batch_bytes(0, 1, 1, 5, keccak256("other genesis"), block_hash(5), &[1]);
	assert_reverts(
		post(orphan),
		BatchInbox::ParentHashMismatch {
			expected: block_hash(0),
			actual: keccak256("other genesis"),
		},
	)
	.await;
	let zero_hash = batch_bytes(0, 1, 1, 5, block_hash(0), B256::ZERO, &[1]);
	assert_reverts(post(zero_hash), BatchInbox::ZeroLastBlockHash).await;

	// After a batch: a replay, an overlap, a gap and a fork are all refused.
	let first = chained_batch(1, 10, &[1, 2, 3]);
	send(post(first.clone())).await;
	assert_mined_failure(post(first.clone())).await;
	assert_reverts(post(first), BatchInbox::UnexpectedFirstBlock { expected: 11, actual: 1 }).await;
	assert_reverts(
		post(chained_batch(10, 12, &[1])),
		BatchInbox::UnexpectedFirstBlock { expected: 11, actual: 10 },
	)
	.await;
	assert_reverts(
		post(chained_batch(12, 12, &[1])),
		BatchInbox::UnexpectedFirstBlock { expected: 11, actual: 12 },
	)
	.await;
	let fork = batch_bytes(0, 1, 11, 12, keccak256("forked block 10"), block_hash(12), &[1]);
	assert_reverts(
		post(fork),
		BatchInbox::ParentHashMismatch {
			expected: block_hash(10),
			actual: keccak256("forked block 10"),
		},
	)
	.await;
	send(post(chained_batch(11, 12, &[1]))).await;
	assert_eq!(inbox.batchCount().call().await.unwrap(), U256::from(2));

	// A revoked batcher is refused.
	send(inbox.revokeRole(role("BATCHER_ROLE"), chain.batcher)).await;
	assert_reverts(
		post(chained_batch(13, 13, &[1])),
		unauthorized!(BatchInbox, chain.batcher, role("BATCHER_ROLE")),
	)
	.await;
}

// ---------------------------------------------------------------------------------------------
// OutputOracle
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn oracle_constructor_refuses_zero_arguments() {
	let chain = Chain::start().await;
	let p = chain.provider.clone();
	let deploy = |admin: Address, bond: u128| {
		OutputOracle::deploy_builder(
			p.clone(),
			admin,
			chain.proposer,
			chain.challenger,
			U256::from(WINDOW),
			U256::from(bond),
			Address::ZERO,
		)
	};
	assert_reverts(
		deploy(Address::ZERO, BOND),
		OutputOracle::AccessControlInvalidDefaultAdmin { defaultAdmin: Address::ZERO },
	)
	.await;
	assert_reverts(deploy(chain.admin, 0), OutputOracle::ZeroArgument).await;

	let oracle = deploy_oracle(&chain, Address::ZERO).await;
	assert_eq!(oracle.finalizationPeriodSeconds().call().await.unwrap(), U256::from(WINDOW));
	assert_eq!(oracle.requiredBond().call().await.unwrap(), U256::from(BOND));
	assert_eq!(oracle.batchInbox().call().await.unwrap(), Address::ZERO);
	assert_eq!(oracle.PROPOSER_ROLE().call().await.unwrap(), role("PROPOSER_ROLE"));
	assert_eq!(oracle.CHALLENGER_ROLE().call().await.unwrap(), role("CHALLENGER_ROLE"));
	assert!(oracle.hasRole(role("PROPOSER_ROLE"), chain.proposer).call().await.unwrap());
	assert!(oracle.hasRole(role("CHALLENGER_ROLE"), chain.challenger).call().await.unwrap());
	assert!(oracle.hasRole(B256::ZERO, chain.admin).call().await.unwrap());
	// Roles given as address(0) are not granted.
	let bare = OutputOracle::deploy(
		p,
		chain.admin,
		Address::ZERO,
		Address::ZERO,
		U256::ZERO,
		U256::from(1),
		Address::ZERO,
	)
	.await
	.unwrap();
	assert!(!bare.hasRole(role("PROPOSER_ROLE"), Address::ZERO).call().await.unwrap());
}

#[tokio::test]
async fn oracle_admin_moves_in_two_steps_a_window_apart() {
	let chain = Chain::start().await;
	let oracle = deploy_oracle(&chain, Address::ZERO).await;
	assert_eq!(oracle.defaultAdminDelay().call().await.unwrap().to::<u64>(), WINDOW);
	assert_eq!(oracle.defaultAdmin().call().await.unwrap(), chain.admin);
	// The admin role is never granted directly.
	assert_reverts(
		oracle.grantRole(B256::ZERO, chain.stranger).from(chain.admin),
		OutputOracle::AccessControlEnforcedDefaultAdminRules,
	)
	.await;
	let receipt = send(oracle.beginDefaultAdminTransfer(chain.stranger).from(chain.admin)).await;
	let started =
		receipt.decoded_log::<OutputOracle::DefaultAdminTransferScheduled>().unwrap().data;
	assert_eq!(started.newAdmin, chain.stranger);
	assert_reverts(
		oracle.acceptDefaultAdminTransfer().from(chain.stranger),
		OutputOracle::AccessControlEnforcedDefaultAdminDelay { schedule: started.acceptSchedule },
	)
	.await;
	// Accepted strictly after the schedule.
	chain.increase_time(WINDOW + 1).await;
	send(oracle.acceptDefaultAdminTransfer().from(chain.stranger)).await;
	assert_eq!(oracle.defaultAdmin().call().await.unwrap(), chain.stranger);
	assert!(!oracle.hasRole(B256::ZERO, chain.admin).call().await.unwrap());
}

#[tokio::test]
async fn oracle_bonds_deposit_lock_and_withdraw() {
	let b = Bridge::deploy().await;
	let (oracle, c) = (&b.oracle, &b.chain);

	assert_reverts(
		oracle.depositBond().value(U256::from(BOND)).from(c.stranger),
		unauthorized!(OutputOracle, c.stranger, role("PROPOSER_ROLE")),
	)
	.await;
	assert_reverts(oracle.depositBond().from(c.proposer), OutputOracle::ZeroArgument).await;
	assert_reverts(oracle.withdrawBond().from(c.proposer), OutputOracle::NoBond).await;

	let receipt = send(oracle.depositBond().value(U256::from(BOND / 2)).from(c.proposer)).await;
	let event = receipt.decoded_log::<OutputOracle::BondDeposited>().unwrap().data;
	assert_eq!(
		(event.account, event.amount, event.balance),
		(c.proposer, U256::from(BOND / 2), U256::from(BOND / 2))
	);
	let receipt = send(oracle.depositBond().value(U256::from(BOND / 2)).from(c.proposer)).await;
	let event = receipt.decoded_log::<OutputOracle::BondDeposited>().unwrap().data;
	assert_eq!(event.balance, U256::from(BOND));
	assert_eq!(oracle.bonds(c.proposer).call().await.unwrap(), U256::from(BOND));
	assert_eq!(oracle.lastProposalTimestamp(c.proposer).call().await.unwrap(), U256::ZERO);
	assert_eq!(c.balance(*oracle.address()).await, U256::from(BOND));

	// Not yet proposed: the bond can leave at once.
	let before = c.balance(c.proposer).await;
	let receipt = send(oracle.withdrawBond().from(c.proposer)).await;
	let event = receipt.decoded_log::<OutputOracle::BondWithdrawn>().unwrap().data;
	assert_eq!((event.account, event.amount), (c.proposer, U256::from(BOND)));
	let gas = U256::from(receipt.gas_used) * U256::from(receipt.effective_gas_price);
	assert_eq!(c.balance(c.proposer).await, before + U256::from(BOND) - gas);
	assert_eq!(oracle.bonds(c.proposer).call().await.unwrap(), U256::ZERO);

	// With an output inside the window the bond is locked until the window has passed.
	let (index, _) = b.propose(&preimage(10, B256::ZERO)).await;
	let proposed_at = b.output_timestamp(index).await;
	assert_eq!(
		oracle.lastProposalTimestamp(c.proposer).call().await.unwrap(),
		U256::from(proposed_at)
	);
	let unlocks_at = U256::from(proposed_at + WINDOW);
	assert_reverts(
		oracle.withdrawBond().from(c.proposer),
		OutputOracle::BondLocked { unlocksAt: unlocks_at },
	)
	.await;
	c.mine_at(proposed_at + WINDOW - 1).await;
	assert_reverts(
		oracle.withdrawBond().from(c.proposer),
		OutputOracle::BondLocked { unlocksAt: unlocks_at },
	)
	.await;
	c.mine_at(proposed_at + WINDOW).await;
	send(oracle.withdrawBond().from(c.proposer)).await;
	assert_eq!(c.balance(*oracle.address()).await, U256::ZERO);

	// A proposer that refuses BNB cannot withdraw (and keeps its bond).
	let actor = TestActor::deploy(c.provider.clone()).await.unwrap();
	send(oracle.grantRole(role("PROPOSER_ROLE"), *actor.address())).await;
	let deposit = oracle.depositBond().calldata().clone();
	send(actor.forward(*oracle.address(), deposit).value(U256::from(BOND))).await;
	send(actor.setAcceptEther(false)).await;
	let withdraw = oracle.withdrawBond().calldata().clone();
	assert_reverts(
		actor.forward(*oracle.address(), withdraw.clone()),
		OutputOracle::BondTransferFailed,
	)
	.await;
	send(actor.setAcceptEther(true)).await;
	send(actor.forward(*oracle.address(), withdraw)).await;
	assert_eq!(c.balance(*actor.address()).await, U256::from(BOND));

	// Bonds are kept in 128 bits.
	let huge = U256::from(1) << 128;
	c.set_balance(c.proposer, huge * U256::from(2)).await;
	assert_reverts(
		oracle.depositBond().value(huge).from(c.proposer),
		OutputOracle::SafeCastOverflowedUintDowncast { bits: 128, value: huge },
	)
	.await;
}

#[tokio::test]
async fn oracle_proposals_and_views() {
	let b = Bridge::deploy().await;
	let (oracle, c) = (&b.oracle, &b.chain);

	assert_eq!(oracle.nextOutputIndex().call().await.unwrap(), U256::ZERO);
	assert_eq!(oracle.latestBlockNumber().call().await.unwrap(), U256::ZERO);
	assert_reverts(oracle.latestOutputIndex(), OutputOracle::NoOutputs).await;
	assert_reverts(
		oracle.getL2Output(U256::ZERO),
		OutputOracle::UnknownOutput { outputIndex: U256::ZERO },
	)
	.await;
	assert_reverts(
		oracle.getL2OutputIndexAfter(U256::ZERO),
		OutputOracle::NoOutputForBlock { l2BlockNumber: U256::ZERO },
	)
	.await;
	assert!(!oracle.isFinalized(U256::ZERO).call().await.unwrap());

	// Refusals before any output.
	let root = keccak256("root");
	b.post_through(100).await;
	assert_reverts(
		oracle
			.proposeOutputWithPreimage(for_oracle(&preimage_for(U256::from(10), root)))
			.from(c.stranger),
		unauthorized!(OutputOracle, c.stranger, role("PROPOSER_ROLE")),
	)
	.await;
	assert_reverts(
		oracle
			.proposeOutputWithPreimage(for_oracle(&preimage_for(U256::from(10), root)))
			.from(c.proposer),
		OutputOracle::InsufficientBond { bond: U256::ZERO, required: U256::from(BOND) },
	)
	.await;
	send(oracle.depositBond().value(U256::from(BOND - 1)).from(c.proposer)).await;
	assert_reverts(
		oracle
			.proposeOutputWithPreimage(for_oracle(&preimage_for(U256::from(10), root)))
			.from(c.proposer),
		OutputOracle::InsufficientBond { bond: U256::from(BOND - 1), required: U256::from(BOND) },
	)
	.await;
	send(oracle.depositBond().value(U256::from(1)).from(c.proposer)).await;
	assert_reverts(
		oracle
			.proposeOutputWithPreimage(for_oracle(&preimage_for(U256::ZERO, root)))
			.from(c.proposer),
		OutputOracle::BlockNumberNotIncreasing { latest: U256::ZERO, proposed: U256::ZERO },
	)
	.await;

	// Three outputs.
	let mut timestamps = vec![];
	for (i, block) in [10u64, 20, 40].into_iter().enumerate() {
		let p = preimage(block, keccak256(format!("withdrawals {block}")));
		let (index, receipt) = b.propose(&p).await;
		assert_eq!(index, U256::from(i));
		let event = receipt.decoded_log::<OutputOracle::OutputProposed>().unwrap().data;
		let ts = c
			.provider
			.get_block_by_number(receipt.block_number.unwrap().into())
			.await
			.unwrap()
			.unwrap()
			.header
			.timestamp;
		assert_eq!(event.outputRoot, output_root(*oracle.address(), &p));
		assert_eq!(event.outputIndex, index);
		assert_eq!(event.l2BlockNumber, U256::from(block));
		assert_eq!(event.l1Timestamp, U256::from(ts));
		let stored = oracle.getL2Output(index).call().await.unwrap();
		assert_eq!(stored.outputRoot, output_root(*oracle.address(), &p));
		assert_eq!(stored.proposer, c.proposer);
		assert_eq!(stored.timestamp.to::<u64>(), ts);
		assert_eq!(stored.l2BlockNumber.to::<u64>(), block);
		assert_eq!(oracle.latestOutputIndex().call().await.unwrap(), index);
		assert_eq!(oracle.latestBlockNumber().call().await.unwrap(), U256::from(block));
		assert_eq!(oracle.nextOutputIndex().call().await.unwrap(), index + U256::from(1));
		timestamps.push(ts);
	}

	// Strictly increasing block numbers.
	for stale in [10u64, 39, 40] {
		assert_reverts(
			oracle
				.proposeOutputWithPreimage(for_oracle(&preimage_for(U256::from(stale), root)))
				.from(c.proposer),
			OutputOracle::BlockNumberNotIncreasing {
				latest: U256::from(40),
				proposed: U256::from(stale),
			},
		)
		.await;
		assert_mined_failure(
			oracle
				.proposeOutputWithPreimage(for_oracle(&preimage_for(U256::from(stale), root)))
				.from(c.proposer),
		)
		.await;
	}

	// The output a withdrawal of block n is proven against: the first at or after n.
	for (block, expected) in [(0u64, 0u64), (1, 0), (10, 0), (11, 1), (20, 1), (21, 2), (40, 2)] {
		assert_eq!(
			oracle.getL2OutputIndexAfter(U256::from(block)).call().await.unwrap(),
			U256::from(expected)
		);
	}
	assert_reverts(
		oracle.getL2OutputIndexAfter(U256::from(41)),
		OutputOracle::NoOutputForBlock { l2BlockNumber: U256::from(41) },
	)
	.await;
	assert_reverts(
		oracle.getL2Output(U256::from(3)),
		OutputOracle::UnknownOutput { outputIndex: U256::from(3) },
	)
	.await;

	// Finalization: exactly WINDOW seconds after the proposal.
	assert!(!oracle.isFinalized(U256::ZERO).call().await.unwrap());
	c.mine_at(timestamps[0] + WINDOW - 1).await;
	assert!(!oracle.isFinalized(U256::ZERO).call().await.unwrap());
	c.mine_at(timestamps[0] + WINDOW).await;
	assert!(oracle.isFinalized(U256::ZERO).call().await.unwrap());
	c.mine_at(timestamps[2] + WINDOW).await;
	for i in 0..3 {
		assert!(oracle.isFinalized(U256::from(i)).call().await.unwrap());
	}
	assert!(!oracle.isFinalized(U256::from(3)).call().await.unwrap());

	// A revoked proposer is refused; block numbers above 48 bits are refused (no inbox check here).
	send(oracle.revokeRole(role("PROPOSER_ROLE"), c.proposer)).await;
	assert_reverts(
		oracle
			.proposeOutputWithPreimage(for_oracle(&preimage_for(U256::from(50), root)))
			.from(c.proposer),
		unauthorized!(OutputOracle, c.proposer, role("PROPOSER_ROLE")),
	)
	.await;
	let unchecked = deploy_oracle(c, Address::ZERO).await;
	send(unchecked.depositBond().value(U256::from(BOND)).from(c.proposer)).await;
	let too_large = U256::from(1u64 << 48);
	assert_reverts(
		unchecked
			.proposeOutputWithPreimage(for_oracle(&preimage_for(too_large, root)))
			.from(c.proposer),
		OutputOracle::BlockNumberTooLarge { l2BlockNumber: too_large },
	)
	.await;
	send(
		unchecked
			.proposeOutputWithPreimage(for_oracle(&preimage_for(too_large - U256::from(1), root)))
			.from(c.proposer),
	)
	.await;
}

#[tokio::test]
async fn oracle_requires_posted_batch_data() {
	let b = Bridge::deploy().await;
	let (oracle, c) = (&b.oracle, &b.chain);
	assert_eq!(oracle.batchInbox().call().await.unwrap(), *b.inbox.address());
	b.bond_proposer().await;
	let root = keccak256("root");
	assert_reverts(
		oracle
			.proposeOutputWithPreimage(for_oracle(&preimage_for(U256::from(1), root)))
			.from(c.proposer),
		OutputOracle::BatchDataNotPosted {
			l2BlockNumber: U256::from(1),
			inboxNextBlock: U256::from(1),
		},
	)
	.await;
	b.post_through(10).await;
	assert_reverts(
		oracle
			.proposeOutputWithPreimage(for_oracle(&preimage_for(U256::from(11), root)))
			.from(c.proposer),
		OutputOracle::BatchDataNotPosted {
			l2BlockNumber: U256::from(11),
			inboxNextBlock: U256::from(11),
		},
	)
	.await;
	send(
		oracle
			.proposeOutputWithPreimage(for_oracle(&preimage_for(U256::from(10), root)))
			.from(c.proposer),
	)
	.await;
}

#[tokio::test]
async fn oracle_challenger_deletes_outputs_and_slashes() {
	let b = Bridge::deploy().await;
	let (oracle, c) = (&b.oracle, &b.chain);
	let blocks = [10u64, 20, 30, 40];
	let mut timestamps = vec![];
	for block in blocks {
		let (index, _) = b.propose(&preimage(block, B256::ZERO)).await;
		timestamps.push(b.output_timestamp(index).await);
		c.increase_time(60).await;
	}

	assert_reverts(
		oracle.deleteOutputs(U256::from(1)).from(c.stranger),
		unauthorized!(OutputOracle, c.stranger, role("CHALLENGER_ROLE")),
	)
	.await;
	assert_reverts(
		oracle.deleteOutputs(U256::from(1)).from(c.proposer),
		unauthorized!(OutputOracle, c.proposer, role("CHALLENGER_ROLE")),
	)
	.await;
	assert_reverts(
		oracle.deleteOutputs(U256::from(4)).from(c.challenger),
		OutputOracle::UnknownOutput { outputIndex: U256::from(4) },
	)
	.await;

	// Output 0 finalizes; deleting it is refused from exactly then on, output 1 can still go.
	c.mine_at(timestamps[0] + WINDOW - 1).await;
	oracle
		.deleteOutputs(U256::ZERO)
		.from(c.challenger)
		.call()
		.await
		.expect("still deletable one second before");
	c.mine_at(timestamps[0] + WINDOW).await;
	assert_reverts(
		oracle.deleteOutputs(U256::ZERO).from(c.challenger),
		OutputOracle::OutputAlreadyFinalized { outputIndex: U256::ZERO },
	)
	.await;

	// Delete outputs 2 and 3: the proposer of output 2 loses requiredBond to the challenger.
	let receipt = send(oracle.deleteOutputs(U256::from(2)).from(c.challenger)).await;
	let deleted = receipt.decoded_log::<OutputOracle::OutputsDeleted>().unwrap().data;
	assert_eq!((deleted.prevNextIndex, deleted.newNextIndex), (U256::from(4), U256::from(2)));
	// Half of what is slashed is burnt (locked in the oracle for ever), half paid.
	let slashed = receipt.decoded_log::<OutputOracle::BondSlashed>().unwrap().data;
	assert_eq!(
		(slashed.proposer, slashed.challenger, slashed.amount, slashed.burnt),
		(c.proposer, c.challenger, U256::from(BOND / 2), U256::from(BOND / 2))
	);
	assert_eq!(oracle.bonds(c.proposer).call().await.unwrap(), U256::ZERO);
	assert_eq!(oracle.bonds(c.challenger).call().await.unwrap(), U256::from(BOND / 2));
	assert_eq!(oracle.burntBonds().call().await.unwrap(), U256::from(BOND / 2));
	assert_eq!(oracle.nextOutputIndex().call().await.unwrap(), U256::from(2));
	assert_eq!(oracle.latestOutputIndex().call().await.unwrap(), U256::from(1));
	assert_eq!(oracle.latestBlockNumber().call().await.unwrap(), U256::from(20));
	for gone in [2u64, 3] {
		assert_reverts(
			oracle.getL2Output(U256::from(gone)),
			OutputOracle::UnknownOutput { outputIndex: U256::from(gone) },
		)
		.await;
		assert!(!oracle.isFinalized(U256::from(gone)).call().await.unwrap());
	}
	assert_reverts(
		oracle.deleteOutputs(U256::from(2)).from(c.challenger),
		OutputOracle::UnknownOutput { outputIndex: U256::from(2) },
	)
	.await;

	// The slashed proposer must bond again; it may then re-propose from block 21 on.
	assert_reverts(
		oracle
			.proposeOutputWithPreimage(for_oracle(&preimage_for(
				U256::from(25),
				keccak256("fixed"),
			)))
			.from(c.proposer),
		OutputOracle::InsufficientBond { bond: U256::ZERO, required: U256::from(BOND) },
	)
	.await;
	b.bond_proposer().await;
	assert_reverts(
		oracle
			.proposeOutputWithPreimage(for_oracle(&preimage_for(
				U256::from(20),
				keccak256("fixed"),
			)))
			.from(c.proposer),
		OutputOracle::BlockNumberNotIncreasing { latest: U256::from(20), proposed: U256::from(20) },
	)
	.await;
	let receipt = send(
		oracle
			.proposeOutputWithPreimage(for_oracle(&preimage_for(
				U256::from(25),
				keccak256("fixed"),
			)))
			.from(c.proposer),
	)
	.await;
	let event = receipt.decoded_log::<OutputOracle::OutputProposed>().unwrap().data;
	assert_eq!(event.outputIndex, U256::from(2));
	assert_eq!(
		oracle.getL2Output(U256::from(2)).call().await.unwrap().outputRoot,
		output_root(*oracle.address(), &preimage_for(U256::from(25), keccak256("fixed")))
	);

	// The challenger withdraws its reward (it has no outputs of its own).
	let receipt = send(oracle.withdrawBond().from(c.challenger)).await;
	assert_eq!(
		receipt.decoded_log::<OutputOracle::BondWithdrawn>().unwrap().data.amount,
		U256::from(BOND / 2)
	);

	// Slashing takes up to requiredBond, as far as the bond goes, and nothing from an empty bond.
	send(oracle.depositBond().value(U256::from(BOND / 2)).from(c.proposer)).await;
	send(
		oracle
			.proposeOutputWithPreimage(for_oracle(&preimage_for(U256::from(30), keccak256("b"))))
			.from(c.proposer),
	)
	.await;
	send(
		oracle
			.proposeOutputWithPreimage(for_oracle(&preimage_for(U256::from(35), keccak256("c"))))
			.from(c.proposer),
	)
	.await;
	for (from, slashed) in [(4u64, BOND), (3, BOND / 2)] {
		let receipt = send(oracle.deleteOutputs(U256::from(from)).from(c.challenger)).await;
		let event = receipt.decoded_log::<OutputOracle::BondSlashed>().expect("slashed").data;
		assert_eq!((event.amount, event.burnt), (U256::from(slashed / 2), U256::from(slashed / 2)));
	}
	assert_eq!(oracle.bonds(c.proposer).call().await.unwrap(), U256::ZERO);
	let receipt = send(oracle.deleteOutputs(U256::from(2)).from(c.challenger)).await;
	assert!(receipt.decoded_log::<OutputOracle::BondSlashed>().is_none(), "nothing left to slash");
	let deleted = receipt.decoded_log::<OutputOracle::OutputsDeleted>().unwrap().data;
	assert_eq!((deleted.prevNextIndex, deleted.newNextIndex), (U256::from(3), U256::from(2)));
	assert_eq!(oracle.bonds(c.challenger).call().await.unwrap(), U256::from((BOND + BOND / 2) / 2));
	assert_eq!(
		oracle.burntBonds().call().await.unwrap(),
		U256::from(BOND / 2 + (BOND + BOND / 2) / 2)
	);
	// The oracle holds exactly the challenger's balance and what was burnt.
	let held = c.provider.get_balance(*oracle.address()).await.unwrap();
	assert_eq!(held, U256::from(2 * BOND));
}

// ---------------------------------------------------------------------------------------------
// Portal: administration and deposits
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn portal_constructor_and_token_allowlist() {
	let b = Bridge::deploy().await;
	let (portal, c) = (&b.portal, &b.chain);
	let p = c.provider.clone();
	let oracle = *b.oracle.address();

	assert_reverts(
		Portal::deploy_builder(
			p.clone(),
			Address::ZERO,
			c.guardian,
			oracle,
			vec![],
			U256::ZERO,
			Address::ZERO,
			U256::ZERO,
		),
		Portal::ZeroArgument,
	)
	.await;
	assert_reverts(
		Portal::deploy_builder(
			p.clone(),
			c.admin,
			c.guardian,
			Address::ZERO,
			vec![],
			U256::ZERO,
			Address::ZERO,
			U256::ZERO,
		),
		Portal::ZeroArgument,
	)
	.await;
	assert_reverts(
		Portal::deploy_builder(
			p.clone(),
			c.admin,
			c.guardian,
			oracle,
			vec![*b.token.address(), c.stranger],
			U256::ZERO,
			Address::ZERO,
			U256::ZERO,
		),
		Portal::InvalidToken { token: c.stranger },
	)
	.await;

	assert_eq!(portal.oracle().call().await.unwrap(), oracle);
	assert_eq!(portal.GUARDIAN_ROLE().call().await.unwrap(), role("GUARDIAN_ROLE"));
	assert!(portal.hasRole(role("GUARDIAN_ROLE"), c.guardian).call().await.unwrap());
	assert!(portal.hasRole(B256::ZERO, c.admin).call().await.unwrap());
	assert!(portal.allowedTokens(*b.token.address()).call().await.unwrap());
	assert_eq!(portal.depositNonce().call().await.unwrap(), U256::ZERO);
	assert!(!portal.paused().call().await.unwrap());

	// Only the admin manages the allowlist; only contracts can be allowed.
	let other = deploy_token(c, bnb(10)).await;
	let other_addr = *other.address();
	assert_reverts(
		portal.setTokenAllowed(other_addr, true).from(c.guardian),
		unauthorized!(Portal, c.guardian, B256::ZERO),
	)
	.await;
	assert_reverts(
		portal.setTokenAllowed(c.stranger, true),
		Portal::InvalidToken { token: c.stranger },
	)
	.await;
	assert_reverts(
		portal.setTokenAllowed(Address::ZERO, true),
		Portal::InvalidToken { token: Address::ZERO },
	)
	.await;
	let receipt = send(portal.setTokenAllowed(other_addr, true)).await;
	let event = receipt.decoded_log::<Portal::TokenAllowlistUpdated>().unwrap().data;
	assert_eq!((event.token, event.allowed), (other_addr, true));
	assert!(portal.allowedTokens(other_addr).call().await.unwrap());
	let receipt = send(portal.setTokenAllowed(other_addr, false)).await;
	assert!(!receipt.decoded_log::<Portal::TokenAllowlistUpdated>().unwrap().data.allowed);
	assert!(!portal.allowedTokens(other_addr).call().await.unwrap());
	// Removing anything is fine.
	send(portal.setTokenAllowed(c.stranger, false)).await;

	// Tokens passed to the constructor are allowed, with events; no guardian is fine.
	let deployed = Portal::deploy_builder(
		p.clone(),
		c.admin,
		Address::ZERO,
		oracle,
		vec![other_addr],
		U256::ZERO,
		Address::ZERO,
		U256::ZERO,
	);
	let receipt = send(deployed).await;
	let second = Portal::new(receipt.contract_address.unwrap(), p);
	assert!(second.allowedTokens(other_addr).call().await.unwrap());
	assert!(receipt.decoded_log::<Portal::TokenAllowlistUpdated>().unwrap().data.allowed);
	assert!(!second.hasRole(role("GUARDIAN_ROLE"), Address::ZERO).call().await.unwrap());
}

#[tokio::test]
async fn portal_guardian_pauses_everything() {
	let b = Bridge::deploy().await;
	let (portal, c) = (&b.portal, &b.chain);

	assert_reverts(
		portal.pause().from(c.admin),
		unauthorized!(Portal, c.admin, role("GUARDIAN_ROLE")),
	)
	.await;
	assert_reverts(
		portal.unpause().from(c.stranger),
		unauthorized!(Portal, c.stranger, role("GUARDIAN_ROLE")),
	)
	.await;
	assert_reverts(portal.unpause().from(c.guardian), Portal::ExpectedPause).await;

	let receipt = send(portal.pause().from(c.guardian)).await;
	assert_eq!(receipt.decoded_log::<Portal::Paused>().unwrap().data.account, c.guardian);
	assert!(portal.paused().call().await.unwrap());
	assert_reverts(portal.pause().from(c.guardian), Portal::EnforcedPause).await;

	let recipient = keccak256("l2 user");
	assert_reverts(
		portal.depositNative(recipient).value(bnb(1)).from(c.user),
		Portal::EnforcedPause,
	)
	.await;
	assert_reverts(
		portal.depositERC20(*b.token.address(), bnb(1), recipient).from(c.user),
		Portal::EnforcedPause,
	)
	.await;
	let l = leaf(0, c.recipient, Address::ZERO, bnb(1));
	assert_reverts(
		portal
			.finalizeWithdrawal(l, U256::ZERO, preimage(1, B256::ZERO), [B256::ZERO; 32])
			.from(c.user),
		Portal::EnforcedPause,
	)
	.await;

	let receipt = send(portal.unpause().from(c.guardian)).await;
	assert_eq!(receipt.decoded_log::<Portal::Unpaused>().unwrap().data.account, c.guardian);
	b.deposit_native(bnb(1)).await;
}

#[tokio::test]
async fn portal_native_deposits() {
	let b = Bridge::deploy().await;
	let (portal, c) = (&b.portal, &b.chain);
	let to = keccak256("l2 user");

	assert_reverts(
		portal.depositNative(B256::ZERO).value(bnb(1)).from(c.user),
		Portal::ZeroRecipient,
	)
	.await;
	assert_reverts(portal.depositNative(to).from(c.user), Portal::ZeroAmount).await;

	for (nonce, amount) in [(0u64, bnb(1)), (1, U256::from(1)), (2, bnb(3))] {
		let receipt = send(portal.depositNative(to).value(amount).from(c.user)).await;
		let event = receipt.decoded_log::<Portal::DepositInitiated>().unwrap().data;
		assert_eq!(event.nonce, U256::from(nonce));
		assert_eq!(event.from, c.user);
		assert_eq!(event.l2Recipient, to);
		assert_eq!(event.token, Address::ZERO);
		assert_eq!(event.amount, amount);
		assert_eq!(portal.depositNonce().call().await.unwrap(), U256::from(nonce + 1));
	}
	assert_eq!(c.balance(*portal.address()).await, bnb(4) + U256::from(1));

	// Amounts must fit the L2's u128 balances.
	let max = U256::from(u128::MAX);
	c.set_balance(c.stranger, max * U256::from(4)).await;
	assert_reverts(
		portal.depositNative(to).value(max + U256::from(1)).from(c.stranger),
		Portal::AmountTooLarge { amount: max + U256::from(1) },
	)
	.await;
	// anvil adds value and gas cost in 128 bits, so a transaction carrying exactly u128::MAX wei
	// cannot be sent there; the ERC-20 test deposits exactly u128::MAX.
	portal
		.depositNative(to)
		.value(max)
		.from(c.stranger)
		.call()
		.await
		.expect("u128::MAX is accepted");
	let large = max - U256::from(10u128.pow(19));
	let receipt = send(portal.depositNative(to).value(large).from(c.stranger)).await;
	assert_eq!(receipt.decoded_log::<Portal::DepositInitiated>().unwrap().data.amount, large);

	// Plain transfers are refused: BNB only enters through a deposit.
	let tx = alloy::rpc::types::TransactionRequest::default()
		.from(c.user)
		.to(*portal.address())
		.value(U256::from(1));
	assert!(c.provider.send_transaction(tx).await.is_err());
}

/// The account an Ethereum key acts as on L2, by pallet-revive's own mapping (for an address no
/// Substrate account was mapped to; the mapping looks that up in storage, empty here).
fn l2_account_of(address: Address) -> B256 {
	use polkadot_sdk::pallet_revive::{self, AddressMapper};
	type Mapper = <mooring_runtime::Runtime as pallet_revive::Config>::AddressMapper;
	let address = polkadot_sdk::sp_core::H160(address.0 .0);
	let account = polkadot_sdk::sp_io::TestExternalities::new_empty()
		.execute_with(|| Mapper::to_account_id(&address));
	B256::from(<[u8; 32]>::from(account))
}

#[tokio::test]
async fn portal_deposits_name_an_ethereum_style_l2_account() {
	let b = Bridge::deploy().await;
	let (portal, c) = (&b.portal, &b.chain);
	let token = *b.token.address();
	let metamask = c.stranger;
	let expected = l2_account_of(metamask);
	assert_eq!(&expected[20..], &[0xee; 12]);
	assert_eq!(portal.l2AccountOf(metamask).call().await.unwrap(), expected);
	assert_eq!(portal.l2AccountOf(Address::ZERO).call().await.unwrap(), B256::ZERO);

	let receipt = send(portal.depositNativeTo(metamask).value(bnb(1)).from(c.user)).await;
	let event = receipt.decoded_log::<Portal::DepositInitiated>().unwrap().data;
	assert_eq!((event.l2Recipient, event.token, event.amount), (expected, Address::ZERO, bnb(1)));
	let receipt = send(portal.depositERC20To(token, bnb(2), metamask).from(c.user)).await;
	let event = receipt.decoded_log::<Portal::DepositInitiated>().unwrap().data;
	assert_eq!((event.nonce, event.l2Recipient, event.token), (U256::from(1), expected, token));

	// The same checks as the bytes32 forms: no zero recipient, no empty deposit.
	assert_reverts(
		portal.depositNativeTo(Address::ZERO).value(bnb(1)).from(c.user),
		Portal::ZeroRecipient,
	)
	.await;
	assert_reverts(portal.depositNativeTo(metamask).from(c.user), Portal::ZeroAmount).await;
	assert_reverts(
		portal.depositERC20To(token, bnb(1), Address::ZERO).from(c.user),
		Portal::ZeroRecipient,
	)
	.await;
	assert_eq!(portal.depositNonce().call().await.unwrap(), U256::from(2));
}

#[tokio::test]
async fn portal_refuses_deposits_below_the_minimum() {
	let b = Bridge::deploy().await;
	let (portal, c) = (&b.portal, &b.chain);
	let (to, token) = (keccak256("l2 user"), *b.token.address());
	// The minimum starts at the constructor's (0 here; deploy.mjs passes at least the L2's
	// existential deposit); only the admin changes it, per token, with an event.
	assert_eq!(portal.minDeposit(Address::ZERO).call().await.unwrap(), U256::ZERO);
	assert_reverts(
		portal.setMinDeposit(Address::ZERO, bnb(1)).from(c.guardian),
		unauthorized!(Portal, c.guardian, B256::ZERO),
	)
	.await;
	for (asset, minimum) in [(Address::ZERO, bnb(1) / U256::from(1000)), (token, bnb(5))] {
		let receipt = send(portal.setMinDeposit(asset, minimum)).await;
		let event = receipt.decoded_log::<Portal::MinDepositSet>().unwrap().data;
		assert_eq!((event.token, event.amount), (asset, minimum));
	}
	// Below the minimum: refused, nothing taken, no nonce used.
	let dust = bnb(1) / U256::from(1000) - U256::from(1);
	assert_reverts(
		portal.depositNative(to).value(dust).from(c.user),
		Portal::DepositTooSmall { amount: dust, minimum: dust + U256::from(1) },
	)
	.await;
	assert_reverts(
		portal.depositERC20(token, bnb(4), to).from(c.user),
		Portal::DepositTooSmall { amount: bnb(4), minimum: bnb(5) },
	)
	.await;
	assert_eq!(portal.depositNonce().call().await.unwrap(), U256::ZERO);
	// At the minimum: taken.
	send(portal.depositNative(to).value(dust + U256::from(1)).from(c.user)).await;
	send(portal.depositERC20(token, bnb(5), to).from(c.user)).await;
	assert_eq!(portal.depositNonce().call().await.unwrap(), U256::from(2));
}

#[tokio::test]
async fn portal_erc20_deposits() {
	let b = Bridge::deploy().await;
	let (portal, c) = (&b.portal, &b.chain);
	let to = keccak256("l2 user");
	let token = *b.token.address();

	assert_reverts(
		portal.depositERC20(token, bnb(1), B256::ZERO).from(c.user),
		Portal::ZeroRecipient,
	)
	.await;
	assert_reverts(
		portal.depositERC20(c.stranger, bnb(1), to).from(c.user),
		Portal::TokenNotAllowed { token: c.stranger },
	)
	.await;
	assert_reverts(
		portal.depositERC20(Address::ZERO, bnb(1), to).from(c.user),
		Portal::TokenNotAllowed { token: Address::ZERO },
	)
	.await;
	assert_reverts(portal.depositERC20(token, U256::ZERO, to).from(c.user), Portal::ZeroAmount)
		.await;
	// Without allowance or balance the token's own error bubbles up.
	assert_reverts(
		portal.depositERC20(token, bnb(1), to).from(c.stranger),
		DevToken::ERC20InsufficientAllowance {
			spender: *portal.address(),
			allowance: U256::ZERO,
			needed: bnb(1),
		},
	)
	.await;
	assert_reverts(
		portal.depositERC20(token, bnb(1_001), to).from(c.user),
		DevToken::ERC20InsufficientBalance {
			sender: c.user,
			balance: bnb(1_000),
			needed: bnb(1_001),
		},
	)
	.await;

	// Native and token deposits share one nonce sequence.
	b.deposit_native(bnb(1)).await;
	let receipt = send(portal.depositERC20(token, bnb(5), to).from(c.user)).await;
	let event = receipt.decoded_log::<Portal::DepositInitiated>().unwrap().data;
	assert_eq!(event.nonce, U256::from(1));
	assert_eq!(
		(event.from, event.l2Recipient, event.token, event.amount),
		(c.user, to, token, bnb(5))
	);
	assert_eq!(b.token.balanceOf(*portal.address()).call().await.unwrap(), bnb(5));
	assert_eq!(b.token.balanceOf(c.user).call().await.unwrap(), bnb(995));
	assert_eq!(portal.depositNonce().call().await.unwrap(), U256::from(2));

	// A delisted token can no longer be deposited.
	send(portal.setTokenAllowed(token, false)).await;
	assert_reverts(
		portal.depositERC20(token, bnb(1), to).from(c.user),
		Portal::TokenNotAllowed { token },
	)
	.await;

	// Fee-on-transfer: what arrives is credited; a token that delivers nothing is refused.
	for (fee_bps, amount, credited) in [(100u64, 10_000u64, 9_900u64), (10_000, 10_000, 0)] {
		let fee =
			FeeToken::deploy(c.provider.clone(), U256::from(fee_bps), bnb(100)).await.unwrap();
		send(portal.setTokenAllowed(*fee.address(), true)).await;
		send(fee.approve(*portal.address(), U256::MAX)).await;
		let call = portal.depositERC20(*fee.address(), U256::from(amount), to);
		if credited == 0 {
			assert_reverts(call, Portal::ZeroAmount).await;
		} else {
			let receipt = send(call).await;
			let event = receipt.decoded_log::<Portal::DepositInitiated>().unwrap().data;
			assert_eq!(event.amount, U256::from(credited));
			assert_eq!(
				fee.balanceOf(*portal.address()).call().await.unwrap(),
				U256::from(credited)
			);
		}
	}

	// Amounts must fit in u128.
	let big = deploy_token(c, U256::MAX).await;
	send(portal.setTokenAllowed(*big.address(), true)).await;
	send(big.approve(*portal.address(), U256::MAX)).await;
	let too_much = U256::from(u128::MAX) + U256::from(1);
	assert_reverts(
		portal.depositERC20(*big.address(), too_much, to),
		Portal::AmountTooLarge { amount: too_much },
	)
	.await;
	send(portal.depositERC20(*big.address(), U256::from(u128::MAX), to)).await;
}

// ---------------------------------------------------------------------------------------------
// Portal: withdrawals
// ---------------------------------------------------------------------------------------------

/// A bridge holding deposits, with an output over a withdrawal tree of `leaves` (leaf i at index i).
struct Withdrawals {
	b: Bridge,
	leaves: Vec<Formats::WithdrawalLeaf>,
	hashes: Vec<B256>,
	preimage: Formats::OutputRootPreimage,
	index: U256,
}

impl Withdrawals {
	/// A bridge holding 10 BNB and 100 tokens in deposits.
	async fn funded_bridge() -> Bridge {
		let b = Bridge::deploy().await;
		b.deposit_native(bnb(10)).await;
		b.deposit_token(bnb(100)).await;
		b
	}

	async fn new(
		make: impl FnOnce(&Bridge) -> Vec<Formats::WithdrawalLeaf>,
		finalize: bool,
	) -> Self {
		let b = Self::funded_bridge().await;
		let leaves = make(&b);
		Self::with(b, leaves, finalize).await
	}

	async fn with(b: Bridge, leaves: Vec<Formats::WithdrawalLeaf>, finalize: bool) -> Self {
		let portal = *b.portal.address();
		let leaves: Vec<_> = leaves.into_iter().map(|leaf| bound_to(portal, leaf)).collect();
		let hashes: Vec<B256> = leaves.iter().map(leaf_hash).collect();
		let preimage = preimage(42, tree_root(&hashes));
		let index =
			if finalize { b.propose_final(&preimage).await } else { b.propose(&preimage).await.0 };
		Self { b, leaves, hashes, preimage, index }
	}

	fn proof(&self, i: usize) -> [B256; 32] {
		tree_proof(&self.hashes, i)
	}

	fn finalize(&self, i: usize) -> SolCallBuilder<&DynProvider, Portal::finalizeWithdrawalCall> {
		self.b
			.portal
			.finalizeWithdrawal(
				self.leaves[i].clone(),
				self.index,
				self.preimage.clone(),
				self.proof(i),
			)
			.from(self.b.chain.stranger)
	}
}

fn standard_leaves(b: &Bridge) -> Vec<Formats::WithdrawalLeaf> {
	let c = &b.chain;
	vec![
		leaf(0, c.recipient, Address::ZERO, bnb(2)),
		leaf(1, c.recipient, *b.token.address(), bnb(30)),
		leaf(2, c.user, Address::ZERO, U256::from(12_345)),
	]
}

#[tokio::test]
async fn portal_pays_proven_withdrawals_once() {
	let w = Withdrawals::new(standard_leaves, true).await;
	let (b, c) = (&w.b, &w.b.chain);
	let portal_addr = *b.portal.address();

	// BNB: paid to the recipient, whoever sends the transaction.
	assert!(!b.portal.isWithdrawalFinalized(0).call().await.unwrap());
	let before = c.balance(c.recipient).await;
	let receipt = send(w.finalize(0)).await;
	let event = receipt.decoded_log::<Portal::WithdrawalFinalized>().unwrap().data;
	assert_eq!(event.leafHash, w.hashes[0]);
	assert_eq!(event.nonce, 0);
	assert_eq!(
		(event.l1Recipient, event.l1Token, event.amount),
		(c.recipient, Address::ZERO, bnb(2))
	);
	assert_eq!(c.balance(c.recipient).await, before + bnb(2));
	assert_eq!(c.balance(portal_addr).await, bnb(8));
	assert!(b.portal.isWithdrawalFinalized(0).call().await.unwrap());
	assert!(!b.portal.isWithdrawalFinalized(1).call().await.unwrap());

	// Token: paid even after the token left the deposit allowlist.
	send(b.portal.setTokenAllowed(*b.token.address(), false)).await;
	let receipt = send(w.finalize(1)).await;
	let event = receipt.decoded_log::<Portal::WithdrawalFinalized>().unwrap().data;
	assert_eq!((event.nonce, event.l1Token, event.amount), (1, *b.token.address(), bnb(30)));
	assert_eq!(b.token.balanceOf(c.recipient).call().await.unwrap(), bnb(30));
	assert_eq!(b.token.balanceOf(portal_addr).call().await.unwrap(), bnb(70));

	// Double finalization is refused, for every leaf.
	for i in [0usize, 1] {
		assert_reverts(w.finalize(i), Portal::WithdrawalAlreadyFinalized { nonce: i as u64 }).await;
		assert_mined_failure(w.finalize(i)).await;
	}
	assert_eq!(c.balance(portal_addr).await, bnb(8));
	assert_eq!(b.token.balanceOf(portal_addr).call().await.unwrap(), bnb(70));
	// The same nonce proven against a later output is refused too.
	let later = preimage(50, tree_root(&w.hashes));
	let later_index = b.propose_final(&later).await;
	assert_reverts(
		b.portal.finalizeWithdrawal(w.leaves[0].clone(), later_index, later.clone(), w.proof(0)),
		Portal::WithdrawalAlreadyFinalized { nonce: 0 },
	)
	.await;
	// ... while the third leaf works against it.
	send(b.portal.finalizeWithdrawal(w.leaves[2].clone(), later_index, later, w.proof(2))).await;
	assert!(b.portal.isWithdrawalFinalized(2).call().await.unwrap());
}

#[tokio::test]
async fn portal_refuses_bad_withdrawals() {
	let w = Withdrawals::new(standard_leaves, false).await;
	let (b, c) = (&w.b, &w.b.chain);
	let portal = &b.portal;

	// Early: the output is inside its window, up to the last second.
	assert_reverts(w.finalize(0), Portal::OutputNotFinalized { outputIndex: w.index }).await;
	assert_mined_failure(w.finalize(0)).await;
	let proposed_at = b.output_timestamp(w.index).await;
	c.mine_at(proposed_at + WINDOW - 1).await;
	assert_reverts(w.finalize(0), Portal::OutputNotFinalized { outputIndex: w.index }).await;
	c.mine_at(proposed_at + WINDOW).await;
	w.finalize(0).call().await.expect("final exactly WINDOW seconds after the proposal");

	// Unknown output index.
	let missing = w.index + U256::from(1);
	assert_reverts(
		portal.finalizeWithdrawal(w.leaves[0].clone(), missing, w.preimage.clone(), w.proof(0)),
		Portal::UnknownOutput { outputIndex: missing },
	)
	.await;

	// A preimage that is not the output's: another state root, another block number, or the
	// preimage of another output (wrong output index).
	let mut wrong = w.preimage.clone();
	wrong.l2StateRoot = keccak256("other state");
	assert_reverts(
		portal.finalizeWithdrawal(w.leaves[0].clone(), w.index, wrong, w.proof(0)),
		Portal::InvalidOutputRootPreimage,
	)
	.await;
	let mut wrong = w.preimage.clone();
	wrong.l2BlockNumber = U256::from(43);
	assert_reverts(
		portal.finalizeWithdrawal(w.leaves[0].clone(), w.index, wrong, w.proof(0)),
		Portal::InvalidOutputRootPreimage,
	)
	.await;
	let other = preimage(60, keccak256("another withdrawals root"));
	let other_index = b.propose_final(&other).await;
	assert_reverts(
		portal.finalizeWithdrawal(w.leaves[0].clone(), other_index, w.preimage.clone(), w.proof(0)),
		Portal::InvalidOutputRootPreimage,
	)
	.await;
	assert_reverts(
		portal.finalizeWithdrawal(w.leaves[0].clone(), other_index, other.clone(), w.proof(0)),
		Portal::InvalidWithdrawalProof,
	)
	.await;

	// Forged proofs: a changed leaf field, a changed sibling, another leaf's proof, a nonce
	// pointing elsewhere.
	let forge = |l: Formats::WithdrawalLeaf, proof: [B256; 32]| {
		portal.finalizeWithdrawal(l, w.index, w.preimage.clone(), proof).from(c.stranger)
	};
	let mut l = w.leaves[0].clone();
	l.amount = bnb(3);
	assert_reverts(forge(l, w.proof(0)), Portal::InvalidWithdrawalProof).await;
	let mut l = w.leaves[0].clone();
	l.l1Recipient = c.stranger;
	assert_reverts(forge(l, w.proof(0)), Portal::InvalidWithdrawalProof).await;
	let mut l = w.leaves[1].clone();
	l.l1Token = Address::ZERO;
	assert_reverts(forge(l, w.proof(1)), Portal::InvalidWithdrawalProof).await;
	let mut proof = w.proof(0);
	proof[5] = keccak256("forged");
	assert_reverts(forge(w.leaves[0].clone(), proof), Portal::InvalidWithdrawalProof).await;
	assert_reverts(forge(w.leaves[0].clone(), w.proof(1)), Portal::InvalidWithdrawalProof).await;
	let mut l = w.leaves[0].clone();
	l.nonce = 1;
	assert_reverts(forge(l, w.proof(1)), Portal::InvalidWithdrawalProof).await;
	assert_reverts(forge(w.leaves[0].clone(), [B256::ZERO; 32]), Portal::InvalidWithdrawalProof)
		.await;

	// A deleted output no longer pays.
	let deleted = preimage(90, tree_root(&w.hashes));
	let (deleted_index, _) = b.propose(&deleted).await;
	send(b.oracle.deleteOutputs(deleted_index).from(c.challenger)).await;
	c.increase_time(WINDOW).await;
	assert_reverts(
		portal.finalizeWithdrawal(w.leaves[0].clone(), deleted_index, deleted, w.proof(0)),
		Portal::UnknownOutput { outputIndex: deleted_index },
	)
	.await;

	// The genuine withdrawal still pays.
	send(w.finalize(0)).await;
}

#[tokio::test]
async fn portal_withdrawal_nonce_must_fit_the_tree() {
	// A leaf whose nonce is 2^32 + 1 sits at index 1 of the tree: its proof checks out for the low
	// 32 bits, but no nonce above 2^32 - 1 can be in a depth-32 tree, so it is refused.
	let w = Withdrawals::new(
		|b| {
			let c = &b.chain;
			vec![
				leaf(0, c.recipient, Address::ZERO, bnb(1)),
				leaf((1 << 32) + 1, c.recipient, Address::ZERO, bnb(1)),
			]
		},
		true,
	)
	.await;
	assert_reverts(w.finalize(1), Portal::InvalidWithdrawalProof).await;
	send(w.finalize(0)).await;
}

#[tokio::test]
async fn portal_finalized_bitmap_spans_words() {
	// 260 leaves: nonces 255 and 256 live in different bitmap words.
	let w = Withdrawals::new(
		|b| {
			(0..260).map(|n| leaf(n, b.chain.recipient, Address::ZERO, U256::from(n + 1))).collect()
		},
		true,
	)
	.await;
	for i in [256usize, 255, 0, 259] {
		send(w.finalize(i)).await;
	}
	for n in 0..260u64 {
		let done = [256, 255, 0, 259].contains(&n);
		assert_eq!(w.b.portal.isWithdrawalFinalized(n).call().await.unwrap(), done, "nonce {n}");
	}
	assert_reverts(w.finalize(256), Portal::WithdrawalAlreadyFinalized { nonce: 256 }).await;
	assert!(!w.b.portal.isWithdrawalFinalized(u64::MAX).call().await.unwrap());
}

#[tokio::test]
async fn portal_withdrawal_payout_failures_and_reentrancy() {
	let b = Withdrawals::funded_bridge().await;
	let actor = TestActor::deploy(b.chain.provider.clone()).await.unwrap();
	let quirky = FeeToken::deploy(b.chain.provider.clone(), U256::ZERO, bnb(100)).await.unwrap();
	send(b.portal.setTokenAllowed(*quirky.address(), true)).await;
	send(quirky.approve(*b.portal.address(), U256::MAX)).await;
	send(b.portal.depositERC20(*quirky.address(), bnb(10), keccak256("l2 user"))).await;
	let (a, r) = (*actor.address(), b.chain.recipient);
	let leaves = vec![
		leaf(0, a, Address::ZERO, bnb(1)),
		leaf(1, r, Address::ZERO, bnb(1)),
		leaf(2, a, *b.token.address(), bnb(1)),
		leaf(3, r, *quirky.address(), bnb(1)),
		leaf(4, r, Address::ZERO, bnb(1_000)),
	];
	let w = Withdrawals::with(b, leaves, true).await;
	let (b, c) = (&w.b, &w.b.chain);

	// A recipient that refuses BNB: nothing is paid and the withdrawal stays open.
	send(actor.setAcceptEther(false)).await;
	assert_reverts(w.finalize(0), Portal::NativeTransferFailed).await;
	assert!(!b.portal.isWithdrawalFinalized(0).call().await.unwrap());
	// Tokens need no cooperation from the recipient.
	send(w.finalize(2)).await;
	assert_eq!(b.token.balanceOf(a).call().await.unwrap(), bnb(1));
	// More BNB than the portal holds (only a wrong output could say so) fails the same way.
	assert_reverts(w.finalize(4), Portal::NativeTransferFailed).await;
	// A token whose transfer returns false.
	send(quirky.setReturnFalse(true)).await;
	assert_reverts(w.finalize(3), Portal::SafeERC20FailedOperation { token: *quirky.address() })
		.await;
	assert_reverts(
		b.portal.depositERC20(*quirky.address(), bnb(1), keccak256("l2 user")),
		Portal::SafeERC20FailedOperation { token: *quirky.address() },
	)
	.await;
	send(quirky.setReturnFalse(false)).await;
	send(w.finalize(3)).await;

	// A recipient that re-enters finalizeWithdrawal is stopped by the guard.
	send(actor.setAcceptEther(true)).await;
	send(actor.setReenter(*b.portal.address(), w.finalize(1).calldata().clone())).await;
	send(w.finalize(0)).await;
	assert!(actor.reentered().call().await.unwrap());
	assert!(!actor.reenterSucceeded().call().await.unwrap());
	assert_eq!(
		actor.reenterResult().call().await.unwrap(),
		Bytes::from(Portal::ReentrancyGuardReentrantCall.abi_encode())
	);
	assert!(b.portal.isWithdrawalFinalized(0).call().await.unwrap());
	assert!(!b.portal.isWithdrawalFinalized(1).call().await.unwrap());
	assert_eq!(c.balance(a).await, bnb(1));
	// ... and the re-entered withdrawal still works on its own.
	send(w.finalize(1)).await;
}

// ---------------------------------------------------------------------------------------------
// Deploy script
// ---------------------------------------------------------------------------------------------

/// Runs `contracts/deploy.mjs` against `chain` with the deployer key 0, every role given,
/// `admin` as `--admin`, then `extra`; deploy settings from the environment are ignored.
fn run_deploy_script(chain: &Chain, admin: Address, extra: &[&str]) -> std::process::Output {
	Command::new("node")
		.arg(repo_root().join("contracts/deploy.mjs"))
		.args(["--rpc-url", &chain.anvil.url()])
		.args(["--genesis-hash", &block_hash(0).to_string()])
		.args(["--proposer", &chain.proposer.to_string()])
		.args(["--challenger", &chain.challenger.to_string()])
		.args(["--batcher", &chain.batcher.to_string()])
		.args(["--guardian", &chain.guardian.to_string()])
		.args(["--admin", &admin.to_string()])
		.args(extra)
		.env("MOORING_DEPLOYER_KEY", KEYS[0])
		.env_remove("MOORING_TIMELOCK_DELAY")
		.env_remove("MOORING_L2_RPC_URL")
		.env_remove("MOORING_MAINNET_CHECKS")
		.output()
		.expect("node runs")
}

#[tokio::test]
async fn deploy_script_wires_roles_and_tokens() {
	let chain = Chain::start().await;
	let token = deploy_token(&chain, bnb(1)).await;
	let out = chain.dir.path().join("deployment.json");
	let (token_address, out_path) = (token.address().to_string(), out.to_str().unwrap());
	let output = run_deploy_script(
		&chain,
		chain.stranger,
		&[
			"--window-seconds",
			"120",
			"--bond",
			"0.5bnb",
			"--expect-chain-id",
			"56",
			"--token",
			&token_address,
			"--out",
			out_path,
		],
	);
	let stderr = String::from_utf8_lossy(&output.stderr);
	assert!(output.status.success(), "deploy failed: {stderr}");
	assert!(!stderr.contains(&KEYS[0][2..]), "the key is never printed");
	let printed: Value = serde_json::from_slice(&output.stdout).expect("JSON on stdout");
	let written: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
	assert_eq!(printed, written);
	assert_eq!(printed["chainId"], 56);
	assert_eq!(printed["config"]["requiredBond"], "500000000000000000");

	let p = chain.provider.clone();
	let inbox = BatchInbox::new(address(&printed["batchInbox"]), p.clone());
	let oracle = OutputOracle::new(address(&printed["outputOracle"]), p.clone());
	let portal = Portal::new(address(&printed["portal"]), p.clone());
	let start = printed["startBlock"].as_u64().unwrap();
	let inbox_block = p
		.get_transaction_receipt(
			B256::from_str(printed["transactions"]["batchInbox"].as_str().unwrap()).unwrap(),
		)
		.await
		.unwrap()
		.unwrap()
		.block_number
		.unwrap();
	assert_eq!(start, inbox_block);

	let admin = chain.stranger;
	assert!(inbox.hasRole(B256::ZERO, admin).call().await.unwrap());
	assert!(
		!inbox.hasRole(B256::ZERO, chain.admin).call().await.unwrap(),
		"the deployer keeps nothing"
	);
	assert!(inbox.hasRole(role("BATCHER_ROLE"), chain.batcher).call().await.unwrap());
	assert_eq!(inbox.l2GenesisHash().call().await.unwrap(), block_hash(0));
	assert!(oracle.hasRole(B256::ZERO, admin).call().await.unwrap());
	assert!(oracle.hasRole(role("PROPOSER_ROLE"), chain.proposer).call().await.unwrap());
	assert!(oracle.hasRole(role("CHALLENGER_ROLE"), chain.challenger).call().await.unwrap());
	assert_eq!(oracle.finalizationPeriodSeconds().call().await.unwrap(), U256::from(120));
	assert_eq!(oracle.requiredBond().call().await.unwrap(), U256::from(ONE_BNB / 2));
	assert_eq!(oracle.batchInbox().call().await.unwrap(), *inbox.address());
	assert!(portal.hasRole(B256::ZERO, admin).call().await.unwrap());
	assert!(portal.hasRole(role("GUARDIAN_ROLE"), chain.guardian).call().await.unwrap());
	assert_eq!(portal.oracle().call().await.unwrap(), *oracle.address());
	assert!(portal.allowedTokens(*token.address()).call().await.unwrap());

	// A wrong chain id is refused before anything is sent.
	let output = Command::new("node")
		.arg(repo_root().join("contracts/deploy.mjs"))
		.args(["--rpc-url", &chain.anvil.url(), "--expect-chain-id", "97"])
		.args(["--genesis-hash", &block_hash(0).to_string()])
		.env("MOORING_DEPLOYER_KEY", KEYS[0])
		.output()
		.unwrap();
	assert!(!output.status.success());
	assert!(String::from_utf8_lossy(&output.stderr).contains("expected 97"));
}

// ---------------------------------------------------------------------------------------------
// Gas
// ---------------------------------------------------------------------------------------------

/// Prints the gas of the L1 operations (run with `--nocapture`).
#[tokio::test]
async fn gas_report() {
	let w = Withdrawals::new(standard_leaves, true).await;
	let (b, c) = (&w.b, &w.b.chain);
	let mut rows: Vec<(String, u64)> = vec![];

	// Batches: header + incompressible payload (as compressed blocks are).
	for (label, len) in [
		("postBatch, 1 kB", 1_000usize),
		("postBatch, 10 kB", 10_000),
		("postBatch, 100 kB", 100_000),
	] {
		let next = b.inbox.nextBlock().call().await.unwrap();
		let data = chained_batch(next, next + 99, &noise(len - 82, len as u64));
		assert_eq!(data.len(), len);
		let receipt = send(b.inbox.postBatch(U256::ZERO, U256::ONE, data).from(c.batcher)).await;
		rows.push((format!("{label} (total bytes incl. 82-byte header)"), receipt.gas_used));
	}

	// Proposals (the first one was paid in Withdrawals::new; these are steady-state ones).
	for _ in 0..2 {
		let next = b.oracle.latestBlockNumber().call().await.unwrap() + U256::from(1);
		b.post_through(next.to()).await;
		let receipt = send(
			b.oracle
				.proposeOutputWithPreimage(for_oracle(&preimage_for(next, keccak256("root"))))
				.from(c.proposer),
		)
		.await;
		rows.push(("proposeOutput (steady state)".into(), receipt.gas_used));
	}

	// Deposits.
	let to = keccak256("l2 user");
	for _ in 0..2 {
		let receipt = send(b.portal.depositNative(to).value(bnb(1)).from(c.user)).await;
		rows.push(("depositNative".into(), receipt.gas_used));
	}
	for _ in 0..2 {
		let receipt =
			send(b.portal.depositERC20(*b.token.address(), bnb(1), to).from(c.user)).await;
		rows.push(("depositERC20 (OZ ERC-20)".into(), receipt.gas_used));
	}

	// Withdrawals.
	let receipt = send(w.finalize(0)).await;
	rows.push(("finalizeWithdrawal, BNB, first in its bitmap word".into(), receipt.gas_used));
	let receipt = send(w.finalize(2)).await;
	rows.push(("finalizeWithdrawal, BNB".into(), receipt.gas_used));
	let receipt = send(w.finalize(1)).await;
	rows.push(("finalizeWithdrawal, ERC-20".into(), receipt.gas_used));

	println!("\nL1 gas used (anvil, cancun, from receipts)");
	for (label, gas) in &rows {
		println!("  {label:<60} {gas:>9}");
	}
	for (label, gas) in &rows {
		assert!(*gas > 21_000, "{label}");
	}
}
