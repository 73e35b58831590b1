//! L1-checkable fault proofs against a real anvil, through alloy: the `Blake2b` and `SubstrateHeader`
//! libraries against their test vectors (`contracts/test-vectors/substrate.json`) and against
//! sp-runtime, `BatchInbox.anchorAt`, and `OutputOracle.proveOutputFault` (both faults, the bond paid
//! to the prover, every refusal) over a real-format L2 header chain built with sp-runtime.
//!
//! Gas figures: `cargo test -p mooring-e2e --test fault_proofs gas -- --nocapture`.

use alloy::{
	contract::{CallBuilder, CallDecoder},
	primitives::{keccak256, Address, Bytes, B256, U256},
	providers::{DynProvider, Provider},
	rpc::types::TransactionReceipt,
	sol_types::SolError,
};
use codec::{Decode, Encode};
use mooring_e2e::{
	anvil::{signing_provider, Anvil, BSC_CHAIN_ID},
	artifacts::{output_root_in, BatchInbox, Formats, HeaderHarness, OutputOracle},
	vectors::{self, b256, bytes, u64_of},
};
use mooring_primitives::bridge::{withdrawals_root_in, withdrawals_root_log};
use polkadot_sdk::{
	sp_core::H256,
	sp_runtime::{
		generic::{self, Digest, DigestItem},
		traits::{BlakeTwo256, Hash as _, Header as _},
	},
};
use serde_json::Value;

// ---------------------------------------------------------------------------------------------
// Harness
// ---------------------------------------------------------------------------------------------

/// anvil's first dev accounts: admin, proposer, challenger, batcher, prover.
const KEYS: [&str; 5] = [
	"0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
	"0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
	"0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
	"0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
	"0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a",
];

const BOND: u128 = 1_000_000_000_000_000_000;
const WINDOW: u64 = 600;
const PROPOSE_GAS: u64 = 300_000;

struct Chain {
	_anvil: Anvil,
	_dir: tempfile::TempDir,
	provider: DynProvider,
	admin: Address,
	proposer: Address,
	challenger: Address,
	batcher: Address,
	prover: Address,
}

impl Chain {
	async fn start() -> Self {
		let dir = tempfile::tempdir().expect("temp dir");
		let anvil = Anvil::start(dir.path(), None).await.expect("anvil starts");
		let (provider, accounts) = signing_provider(&anvil.url(), &KEYS);
		Self {
			_anvil: anvil,
			_dir: dir,
			provider,
			admin: accounts[0],
			proposer: accounts[1],
			challenger: accounts[2],
			batcher: accounts[3],
			prover: accounts[4],
		}
	}

	async fn increase_time(&self, seconds: u64) {
		let p = &self.provider;
		p.raw_request::<_, Value>("evm_increaseTime".into(), serde_json::json!([seconds]))
			.await
			.unwrap();
		p.raw_request::<_, Value>("evm_mine".into(), serde_json::json!([])).await.unwrap();
	}
}

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

async fn assert_reverts<P: Provider, D: CallDecoder, E: SolError>(
	call: CallBuilder<P, D>,
	expected: E,
) {
	let data = match call.call_raw().await {
		Ok(output) => panic!("expected {}, the call returned {output}", E::SIGNATURE),
		Err(e) => e.as_revert_data().unwrap_or_else(|| panic!("no revert data in {e}")),
	};
	assert_eq!(data, Bytes::from(expected.abi_encode()), "expected revert {}", E::SIGNATURE);
}

/// Intrinsic calldata gas (EIP-2028): 16 per non-zero byte, 4 per zero byte.
fn calldata_gas(data: &[u8]) -> u64 {
	data.iter().map(|b| if *b == 0 { 4 } else { 16 }).sum()
}

// ---------------------------------------------------------------------------------------------
// A real-format L2 chain (sp-runtime headers, Aura digests)
// ---------------------------------------------------------------------------------------------

type L2Header = generic::Header<u32, BlakeTwo256>;

fn h256(label: impl AsRef<[u8]>) -> H256 {
	H256(keccak256(label).0)
}

fn b256_of(h: H256) -> B256 {
	B256::from(h.0)
}

/// BLAKE2b-256 as sp-runtime computes it (`BlakeTwo256`).
fn blake2_256(data: &[u8]) -> [u8; 32] {
	BlakeTwo256::hash(data).0
}

/// The withdrawals root after block `n` of the test chain.
fn withdrawals_root(n: u64) -> H256 {
	h256(format!("withdrawals {n}"))
}

/// An Aura-sealed header of block `n` on `parent`, with the given state root, committing to
/// [`withdrawals_root`] as Mooring's runtime does.
fn aura_header(n: u32, parent: H256, state_root: H256) -> L2Header {
	let seal = [keccak256(format!("seal {n} a")).0, keccak256(format!("seal {n} b")).0].concat();
	let digest = Digest {
		logs: vec![
			DigestItem::PreRuntime(*b"aura", (1_700_000_000u64 + n as u64).encode()),
			withdrawals_root_log(withdrawals_root(n as u64)),
			DigestItem::Seal(*b"aura", seal),
		],
	};
	L2Header::new(n, h256(format!("extrinsics {n}")), state_root, parent, digest)
}

/// Blocks `0..len` of an L2 chain: block 0 has no digest, the others are Aura-sealed.
fn l2_chain(len: u32) -> Vec<L2Header> {
	let mut headers = vec![L2Header::new(
		0,
		h256("extrinsics 0"),
		h256("state 0"),
		H256::zero(),
		Digest::default(),
	)];
	for n in 1..len {
		let parent = headers[n as usize - 1].hash();
		headers.push(aura_header(n, parent, h256(format!("state {n}"))));
	}
	headers
}

/// The output root of `p` in the oracle at `oracle` on the test chain.
fn output_root(oracle: Address, p: &Formats::OutputRootPreimage) -> B256 {
	let fields = [p.l2BlockHash, p.l2StateRoot, p.withdrawalsRoot];
	output_root_in(BSC_CHAIN_ID, oracle, p.l2BlockNumber, fields)
}

type Inbox = BatchInbox::BatchInboxInstance<DynProvider>;
type Oracle = OutputOracle::OutputOracleInstance<DynProvider>;

/// anvil with a BatchInbox holding the batches of an L2 chain and an OutputOracle over it.
struct Setup {
	chain: Chain,
	l2: Vec<L2Header>,
	inbox: Inbox,
	oracle: Oracle,
}

impl Setup {
	/// An L2 chain of blocks `0..len`, posted in batches ending at each of `boundaries`.
	async fn new(len: u32, boundaries: &[u64]) -> Self {
		Self::with_chain(Chain::start().await, l2_chain(len), boundaries).await
	}

	/// The L2 headers `l2`, posted in batches ending at each of `boundaries`.
	async fn with_chain(chain: Chain, l2: Vec<L2Header>, boundaries: &[u64]) -> Self {
		let genesis = b256_of(l2[0].hash());
		let inbox = BatchInbox::deploy(chain.provider.clone(), chain.admin, chain.batcher, genesis)
			.await
			.expect("inbox");
		let oracle = OutputOracle::deploy(
			chain.provider.clone(),
			chain.admin,
			chain.proposer,
			chain.challenger,
			U256::from(WINDOW),
			U256::from(BOND),
			*inbox.address(),
		)
		.await
		.expect("oracle");
		let setup = Self { chain, l2, inbox, oracle };
		for last in boundaries {
			setup.post_through(*last).await;
		}
		send(setup.oracle.depositBond().value(U256::from(BOND)).from(setup.chain.proposer)).await;
		setup
	}

	fn hash(&self, n: u64) -> B256 {
		b256_of(self.l2[n as usize].hash())
	}

	fn header(&self, n: u64) -> Bytes {
		self.l2[n as usize].encode().into()
	}

	/// The encoded headers of blocks `from..=to`.
	fn headers(&self, from: u64, to: u64) -> Vec<Bytes> {
		(from..=to).map(|n| self.header(n)).collect()
	}

	/// Posts one batch of the blocks after the last posted one up to `last`.
	async fn post_through(&self, last: u64) {
		let first = self.inbox.nextBlock().call().await.unwrap();
		let mut data = vec![0u8, 1];
		data.extend_from_slice(&first.to_be_bytes());
		data.extend_from_slice(&last.to_be_bytes());
		data.extend_from_slice(self.hash(first - 1).as_slice());
		data.extend_from_slice(self.hash(last).as_slice());
		data.extend_from_slice(&[7; 32]);
		send(self.inbox.postBatch(U256::ZERO, U256::ONE, data.into()).from(self.chain.batcher))
			.await;
	}

	/// The true output of block `n`.
	fn preimage(&self, n: u64) -> Formats::OutputRootPreimage {
		let header = &self.l2[n as usize];
		Formats::OutputRootPreimage {
			l2BlockNumber: U256::from(n),
			l2BlockHash: b256_of(header.hash()),
			l2StateRoot: b256_of(header.state_root),
			withdrawalsRoot: b256_of(withdrawals_root(n)),
		}
	}

	/// Proposes `p` (with its preimage, the only way); returns its index.
	async fn propose(&self, p: &Formats::OutputRootPreimage) -> U256 {
		let index = self.oracle.nextOutputIndex().call().await.unwrap();
		// A fixed gas limit: an estimate made in the same second as the previous proposal prices
		// the `lastProposedAt` write as a no-op and falls short if the block is mined a second later.
		let call = self.oracle.proposeOutputWithPreimage(p.clone());
		send(call.from(self.chain.proposer).gas(PROPOSE_GAS)).await;
		index
	}

	fn prove(
		&self,
		index: U256,
		p: &Formats::OutputRootPreimage,
		headers: Vec<Bytes>,
	) -> alloy::contract::SolCallBuilder<&DynProvider, OutputOracle::proveOutputFaultCall> {
		self.oracle.proveOutputFault(index, p.clone(), headers).from(self.chain.prover)
	}
}

// ---------------------------------------------------------------------------------------------
// Blake2b and SubstrateHeader: test vectors, sp-runtime, gas
// ---------------------------------------------------------------------------------------------

fn vectors() -> Value {
	vectors::load("substrate.json")
}

#[tokio::test]
async fn blake2b_matches_test_vectors_and_sp_core() {
	let chain = Chain::start().await;
	let harness = HeaderHarness::deploy(chain.provider.clone()).await.expect("harness");
	let v = vectors();

	let blake = v["blake2b256"].as_array().unwrap();
	assert!(blake.len() >= 9);
	for vector in blake {
		let data = bytes(&vector["data"]);
		let digest = b256(&vector["digest"]);
		assert_eq!(data.len() as u64, u64_of(&vector["length"]));
		assert_eq!(B256::from(blake2_256(&data)), digest, "sp-core agrees: {}", vector["name"]);
		assert_eq!(harness.blake2b256(data.clone()).call().await.unwrap(), digest, "{vector}");
		assert_eq!(harness.blake2b256Memory(data).call().await.unwrap(), digest, "{vector}");
	}

	// Every length around the block boundaries, from calldata and from memory.
	let lengths = (0..=3).flat_map(|k| [k * 128, k * 128 + 1, (k + 1) * 128 - 1]).chain([4096 + 7]);
	for len in lengths {
		let data: Bytes =
			(0..len).map(|i| (keccak256(i.to_string().as_bytes())[0]) ^ 0x5a).collect();
		let expected = B256::from(blake2_256(&data));
		assert_eq!(harness.blake2b256(data.clone()).call().await.unwrap(), expected, "{len} bytes");
		assert_eq!(harness.blake2b256Memory(data).call().await.unwrap(), expected, "{len} bytes");
	}
}

#[tokio::test]
async fn substrate_headers_match_test_vectors_and_sp_runtime() {
	let chain = Chain::start().await;
	let harness = HeaderHarness::deploy(chain.provider.clone()).await.expect("harness");
	let v = vectors();

	let headers = v["headers"].as_array().unwrap();
	let chain_headers = v["headerChain"].as_array().unwrap();
	assert!(headers.len() >= 9);
	for vector in headers.iter().chain(chain_headers) {
		let name = vector["name"].as_str().unwrap();
		let encoded = bytes(&vector["header"]);
		// sp-runtime decodes the same header and hashes it the same way.
		let decoded = L2Header::decode(&mut &encoded[..]).expect("sp-runtime decodes it");
		assert_eq!(decoded.encode(), encoded.to_vec(), "{name}: canonical");
		assert_eq!(b256_of(decoded.hash()), b256(&vector["hash"]), "{name}: sp-runtime's hash");
		assert_eq!(b256_of(decoded.parent_hash), b256(&vector["parentHash"]), "{name}");
		assert_eq!(decoded.number as u64, u64_of(&vector["number"]), "{name}");
		assert_eq!(b256_of(decoded.state_root), b256(&vector["stateRoot"]), "{name}");
		assert_eq!(b256_of(decoded.extrinsics_root), b256(&vector["extrinsicsRoot"]), "{name}");
		assert_eq!(decoded.digest.encode(), bytes(&vector["digest"]).to_vec(), "{name}");
		if decoded.number != 0 {
			assert!(
				decoded.digest.logs.iter().any(|l| matches!(l, DigestItem::PreRuntime(..))),
				"{name}"
			);
			assert!(
				decoded.digest.logs.iter().any(|l| matches!(l, DigestItem::Seal(..))),
				"{name}"
			);
		}

		// The withdrawals root the header commits to, read by L1 and by the Rust twin.
		let expected = vector["withdrawalsRoot"].as_str().map(|_| b256(&vector["withdrawalsRoot"]));
		let committed = harness.withdrawalsRoot(encoded.clone()).call().await.unwrap();
		assert_eq!(committed.found.then_some(committed.root), expected, "{name}");
		assert_eq!(withdrawals_root_in(&decoded.digest.logs).map(b256_of), expected, "{name}");

		let parsed = harness.parseHeader(encoded.clone()).call().await.unwrap();
		assert_eq!(parsed.parentHash, b256(&vector["parentHash"]), "{name}");
		assert_eq!(parsed.number as u64, u64_of(&vector["number"]), "{name}");
		assert_eq!(parsed.stateRoot, b256(&vector["stateRoot"]), "{name}");
		assert_eq!(parsed.extrinsicsRoot, b256(&vector["extrinsicsRoot"]), "{name}");
		assert_eq!(
			harness.headerHash(encoded).call().await.unwrap(),
			b256(&vector["hash"]),
			"{name}"
		);
	}
	for pair in chain_headers.windows(2) {
		assert_eq!(b256(&pair[1]["parentHash"]), b256(&pair[0]["hash"]));
	}

	// A digest that runs past the header's end, or holds an unknown item kind.
	let with_digest = |digest: &[u8]| -> Bytes {
		let mut out = vec![0x11u8; 32];
		out.push(0x04);
		out.extend(std::iter::repeat_n(0x22u8, 64));
		out.extend_from_slice(digest);
		out.into()
	};
	for digest in [
		&[0x04u8][..],                   // one item, none there
		&[0x04, 0x00, 0x90],             // an Other log of 36 bytes, none there
		&[0x04, 0x06, b'a', b'u'],       // an engine id cut short
		&[0x08, 0x08, 0x00, 0x08, 0xff], // 2 items: an update, then a log longer than the rest
	] {
		assert_reverts(harness.withdrawalsRoot(with_digest(digest)), HeaderHarness::InvalidDigest)
			.await;
	}
	let none = harness.withdrawalsRoot(with_digest(&[0x04, 0x08])).call().await.unwrap();
	assert!(!none.found, "a well-formed digest without the log");
	// An item of an unknown kind (no DigestItem has index 7) ends the scan: not found, so the
	// other faults of such a header stay provable.
	let unknown = harness.withdrawalsRoot(with_digest(&[0x04, 0x07, 0x00])).call().await.unwrap();
	assert!(!unknown.found);

	// Malformed headers: too short for the fixed fields and the digest length, or a block number
	// that is not a canonical Compact<u32> (which sp-runtime refuses too).
	let with_number = |number: &[u8], tail: usize| -> Bytes {
		let mut out = vec![0x11u8; 32];
		out.extend_from_slice(number);
		out.extend(std::iter::repeat_n(0x22u8, 64));
		out.extend(std::iter::repeat_n(0u8, tail));
		out.into()
	};
	for (header, length) in [
		(Bytes::new(), 0usize),
		(with_number(&[0x04], 0), 97),
		(with_number(&[0x01, 0x01], 0), 98),
		(with_number(&[0x02, 0x00, 0x01, 0x00], 0), 100),
		(with_number(&[0x03, 0xff, 0xff, 0xff, 0xff], 0), 101),
	] {
		assert_eq!(header.len(), length);
		assert!(L2Header::decode(&mut &header[..]).is_err());
		assert_reverts(
			harness.parseHeader(header),
			HeaderHarness::HeaderTooShort { length: U256::from(length) },
		)
		.await;
	}
	for number in [
		&[0xfd, 0x00][..],                  // two-byte mode holding 63
		&[0xfe, 0xff, 0x00, 0x00],          // four-byte mode holding 2^14 - 1
		&[0x03, 0xff, 0xff, 0xff, 0x3f],    // big-integer mode holding 2^30 - 1
		&[0x07, 0x00, 0x00, 0x00, 0x00, 1], // big-integer mode with 5 bytes (too big for a u32)
	] {
		let header = with_number(number, 1);
		assert!(L2Header::decode(&mut &header[..]).is_err(), "{number:?}");
		assert_reverts(harness.parseHeader(header), HeaderHarness::InvalidCompactNumber).await;
	}
	// The smallest well-formed header: 1-byte number, empty digest.
	let smallest = with_number(&[0x04], 1);
	assert_eq!(smallest.len(), 98);
	let decoded = L2Header::decode(&mut &smallest[..]).expect("decodes");
	assert_eq!(harness.parseHeader(smallest.clone()).call().await.unwrap().number, 1);
	assert_eq!(harness.headerHash(smallest).call().await.unwrap(), b256_of(decoded.hash()));
}

// ---------------------------------------------------------------------------------------------
// BatchInbox anchors
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn inbox_anchors_are_batch_boundaries() {
	let s = Setup::new(60, &[]).await;
	let inbox = &s.inbox;
	let anchor = |n: u64| async move { inbox.anchorAt(n).call().await.unwrap() };
	let at_or_after = |n: u64| async move { inbox.anchorAtOrAfter(n).call().await.unwrap() };

	// No batch yet: only the genesis is known.
	let genesis = anchor(0).await;
	assert!(genesis.found);
	assert_eq!(genesis.blockHash, s.hash(0));
	assert!(!anchor(1).await.found);
	assert!(!at_or_after(1).await.found);

	let boundaries = [1u64, 5, 6, 20, 21, 40];
	for last in boundaries {
		s.post_through(last).await;
	}
	for n in 0..=45u64 {
		let a = anchor(n).await;
		let after = at_or_after(n).await;
		let boundary = n == 0 || boundaries.contains(&n);
		assert_eq!(a.found, boundary, "block {n}");
		assert_eq!(a.blockHash, if boundary { s.hash(n) } else { B256::ZERO }, "block {n}");
		let next = if n == 0 { Some(0) } else { boundaries.iter().find(|b| **b >= n).copied() };
		match next {
			Some(next) => {
				assert!(after.found, "block {n}");
				assert_eq!((after.anchorBlock, after.blockHash), (next, s.hash(next)), "block {n}");
			},
			None => {
				assert!(!after.found, "block {n}");
				assert_eq!((after.anchorBlock, after.blockHash), (0, B256::ZERO), "block {n}");
			},
		}
	}
	assert!(!anchor(u64::MAX).await.found);
}

// ---------------------------------------------------------------------------------------------
// proveOutputFault
// ---------------------------------------------------------------------------------------------

/// Batches end at 10, 20 and 30; blocks up to 40 exist on L2.
async fn standard() -> Setup {
	Setup::new(41, &[10, 20, 30]).await
}

#[tokio::test]
async fn a_wrong_state_root_is_proven_by_anyone_and_the_prover_is_paid() {
	let s = standard().await;
	let (oracle, c) = (&s.oracle, &s.chain);
	let good = s.propose(&s.preimage(5)).await;
	let mut wrong = s.preimage(14);
	wrong.l2StateRoot = keccak256("a state root that block 14 does not have");
	let index = s.propose(&wrong).await;
	let later = s.propose(&s.preimage(25)).await;
	assert_eq!((good, index, later), (U256::ZERO, U256::from(1), U256::from(2)));

	// Blocks 14 to 20: from the output's block to the end of its batch.
	let receipt = send(s.prove(index, &wrong, s.headers(14, 20))).await;
	let deleted = receipt.decoded_log::<OutputOracle::OutputsDeleted>().unwrap().data;
	assert_eq!((deleted.prevNextIndex, deleted.newNextIndex), (U256::from(3), U256::from(1)));
	let proven = receipt.decoded_log::<OutputOracle::OutputFaultProven>().unwrap();
	assert_eq!(proven.address, *oracle.address());
	assert_eq!(
		(proven.data.outputIndex, proven.data.prover, proven.data.kind),
		(index, c.prover, oracle.FAULT_STATE_ROOT().call().await.unwrap())
	);
	assert_eq!(proven.data.kind, 1);
	// Half of the bond is burnt, half goes to the prover.
	assert_eq!(oracle.SLASH_BURN_PERCENT().call().await.unwrap(), U256::from(50));
	let slashed = receipt.decoded_log::<OutputOracle::BondSlashed>().unwrap().data;
	assert_eq!(
		(slashed.proposer, slashed.challenger, slashed.amount, slashed.burnt),
		(c.proposer, c.prover, U256::from(BOND / 2), U256::from(BOND / 2))
	);
	assert_eq!(oracle.burntBonds().call().await.unwrap(), U256::from(BOND / 2));

	// Output 0 stays; 1 and 2 are gone; the reward moved to the prover, who withdraws it.
	assert_eq!(oracle.nextOutputIndex().call().await.unwrap(), U256::from(1));
	assert_eq!(oracle.latestBlockNumber().call().await.unwrap(), U256::from(5));
	assert_eq!(oracle.bonds(c.proposer).call().await.unwrap(), U256::ZERO);
	assert_eq!(oracle.bonds(c.prover).call().await.unwrap(), U256::from(BOND / 2));
	let before = s.chain.provider.get_balance(c.prover).await.unwrap();
	let receipt = send(oracle.withdrawBond().from(c.prover)).await;
	let fee = U256::from(receipt.gas_used) * U256::from(receipt.effective_gas_price);
	let after = s.chain.provider.get_balance(c.prover).await.unwrap();
	assert_eq!(after, before + U256::from(BOND / 2) - fee);
	// The burnt half stays locked in the oracle: nobody can withdraw it.
	let locked = s.chain.provider.get_balance(*oracle.address()).await.unwrap();
	assert_eq!(locked, U256::from(BOND / 2));

	// The same proof again: the output is gone.
	assert_reverts(
		s.prove(index, &wrong, s.headers(14, 20)),
		OutputOracle::UnknownOutput { outputIndex: index },
	)
	.await;

	// The proposer bonds again and proposes the true output of block 14.
	send(oracle.depositBond().value(U256::from(BOND)).from(c.proposer)).await;
	assert_eq!(s.propose(&s.preimage(14)).await, U256::from(1));
}

#[tokio::test]
async fn a_wrong_block_hash_is_proven_and_faults_combine() {
	let s = standard().await;
	let (oracle, c) = (&s.oracle, &s.chain);
	// An output exactly at a batch boundary needs one header.
	let mut wrong_hash = s.preimage(20);
	wrong_hash.l2BlockHash = keccak256("not the hash of block 20");
	let index = s.propose(&wrong_hash).await;
	let receipt = send(s.prove(index, &wrong_hash, s.headers(20, 20))).await;
	let proven = receipt.decoded_log::<OutputOracle::OutputFaultProven>().unwrap().data;
	assert_eq!((proven.outputIndex, proven.prover, proven.kind), (index, c.prover, 2));
	assert_eq!(oracle.FAULT_BLOCK_HASH().call().await.unwrap(), 2);
	assert_eq!(oracle.bonds(c.prover).call().await.unwrap(), U256::from(BOND / 2));

	// Both wrong, proven with a chain running past the first boundary to a later one.
	send(oracle.depositBond().value(U256::from(BOND)).from(c.proposer)).await;
	let mut both = s.preimage(7);
	both.l2BlockHash = keccak256("hash");
	both.l2StateRoot = keccak256("state");
	let index = s.propose(&both).await;
	let receipt = send(s.prove(index, &both, s.headers(7, 30))).await;
	assert_eq!(receipt.decoded_log::<OutputOracle::OutputFaultProven>().unwrap().data.kind, 3);

	assert_eq!(oracle.bonds(c.prover).call().await.unwrap(), U256::from(BOND));
	assert_eq!(oracle.nextOutputIndex().call().await.unwrap(), U256::ZERO);
}

#[tokio::test]
async fn a_forged_withdrawals_root_is_proven_by_anyone() {
	let s = standard().await;
	let (oracle, c) = (&s.oracle, &s.chain);
	assert_eq!(oracle.FAULT_WITHDRAWALS_ROOT().call().await.unwrap(), 4);
	// The true block hash and state root, a withdrawals root with a forged leaf: the forgery
	// that would pay itself from the Portal once final.
	let mut forged = s.preimage(12);
	forged.withdrawalsRoot = keccak256("a tree with the thief's withdrawal");
	let index = s.propose(&forged).await;
	let receipt = send(s.prove(index, &forged, s.headers(12, 20))).await;
	let proven = receipt.decoded_log::<OutputOracle::OutputFaultProven>().unwrap().data;
	assert_eq!((proven.outputIndex, proven.prover, proven.kind), (index, c.prover, 4));
	assert_eq!(oracle.nextOutputIndex().call().await.unwrap(), U256::ZERO);
	assert_eq!(oracle.bonds(c.prover).call().await.unwrap(), U256::from(BOND / 2));

	// Combined with a wrong state root: both bits.
	send(oracle.depositBond().value(U256::from(BOND)).from(c.proposer)).await;
	let mut both = s.preimage(30);
	both.withdrawalsRoot = keccak256("forged");
	both.l2StateRoot = keccak256("state");
	let index = s.propose(&both).await;
	let receipt = send(s.prove(index, &both, s.headers(30, 30))).await;
	assert_eq!(receipt.decoded_log::<OutputOracle::OutputFaultProven>().unwrap().data.kind, 5);

	// The true withdrawals root is no fault.
	send(oracle.depositBond().value(U256::from(BOND)).from(c.proposer)).await;
	let index = s.propose(&s.preimage(30)).await;
	assert_reverts(s.prove(index, &s.preimage(30), s.headers(30, 30)), OutputOracle::NoFault).await;
}

#[tokio::test]
async fn a_header_without_the_withdrawals_root_log_proves_no_withdrawals_root_fault() {
	// A chain whose block 3 carries no withdrawals-root log (as before the runtime wrote one):
	// L1 cannot tell the root, so only the other fields can be proven wrong.
	let chain = Chain::start().await;
	let mut l2 = l2_chain(4);
	l2[3] = L2Header::new(
		3,
		h256("extrinsics 3"),
		h256("state 3"),
		l2[2].hash(),
		Digest { logs: vec![DigestItem::PreRuntime(*b"aura", 3u64.encode())] },
	);
	let s = Setup::with_chain(chain, l2, &[3]).await;
	let mut forged = s.preimage(3);
	forged.withdrawalsRoot = keccak256("forged");
	let index = s.propose(&forged).await;
	assert_reverts(s.prove(index, &forged, s.headers(3, 3)), OutputOracle::NoFault).await;
}

#[tokio::test]
async fn a_preimage_published_on_l1_lets_a_watcher_prove_the_fault() {
	let s = standard().await;
	let (oracle, c) = (&s.oracle, &s.chain);
	let mut wrong = s.preimage(14);
	wrong.l2StateRoot = keccak256("wrong 14");

	// Same rules as proposeOutput: only the proposer, covered blocks, increasing numbers.
	assert_reverts(
		oracle.proposeOutputWithPreimage(wrong.clone()).from(c.prover),
		OutputOracle::AccessControlUnauthorizedAccount {
			account: c.prover,
			neededRole: keccak256("PROPOSER_ROLE"),
		},
	)
	.await;
	assert_reverts(
		oracle.proposeOutputWithPreimage(s.preimage(31)).from(c.proposer),
		OutputOracle::BatchDataNotPosted {
			l2BlockNumber: U256::from(31),
			inboxNextBlock: U256::from(31),
		},
	)
	.await;
	let receipt =
		send(oracle.proposeOutputWithPreimage(wrong.clone()).from(c.proposer).gas(PROPOSE_GAS))
			.await;
	let proposed = receipt.decoded_log::<OutputOracle::OutputProposed>().unwrap().data;
	assert_eq!(
		(proposed.outputRoot, proposed.outputIndex, proposed.l2BlockNumber),
		(output_root(*oracle.address(), &wrong), U256::ZERO, U256::from(14))
	);
	assert_eq!(
		oracle.getL2Output(U256::ZERO).call().await.unwrap().outputRoot,
		output_root(*oracle.address(), &wrong)
	);
	assert_reverts(
		oracle.proposeOutputWithPreimage(s.preimage(14)).from(c.proposer),
		OutputOracle::BlockNumberNotIncreasing { latest: U256::from(14), proposed: U256::from(14) },
	)
	.await;

	// A watcher reads the preimage from L1 alone, compares it with the posted blocks and proves.
	let published = oracle.OutputPreimage_filter().from_block(0).query().await.unwrap();
	assert_eq!(published.len(), 1);
	let (event, _) = &published[0];
	assert_eq!(event.outputIndex, U256::ZERO);
	let p = Formats::OutputRootPreimage {
		l2BlockNumber: event.l2BlockNumber,
		l2BlockHash: event.l2BlockHash,
		l2StateRoot: event.l2StateRoot,
		withdrawalsRoot: event.withdrawalsRoot,
	};
	assert_eq!(output_root(*oracle.address(), &p), proposed.outputRoot);
	let block: u64 = p.l2BlockNumber.to();
	let anchor = s.inbox.anchorAtOrAfter(block).call().await.unwrap();
	assert!(anchor.found);
	assert_eq!(anchor.anchorBlock, 20);
	assert_ne!(p.l2StateRoot, b256_of(s.l2[block as usize].state_root));
	let receipt = send(s.prove(event.outputIndex, &p, s.headers(block, anchor.anchorBlock))).await;
	assert_eq!(receipt.decoded_log::<OutputOracle::OutputFaultProven>().unwrap().data.kind, 1);
	assert_eq!(oracle.bonds(c.prover).call().await.unwrap(), U256::from(BOND / 2));
}

#[tokio::test]
async fn a_smaller_bond_pays_what_is_left() {
	let s = standard().await;
	let (oracle, c) = (&s.oracle, &s.chain);
	let mut first = s.preimage(4);
	first.l2StateRoot = keccak256("wrong 4");
	let mut second = s.preimage(12);
	second.l2StateRoot = keccak256("wrong 12");
	let i0 = s.propose(&first).await;
	let i1 = s.propose(&second).await;
	// The later output is proven first: the whole bond goes; the earlier one then pays nothing.
	send(s.prove(i1, &second, s.headers(12, 20))).await;
	let receipt = send(s.prove(i0, &first, s.headers(4, 10))).await;
	assert!(receipt.decoded_log::<OutputOracle::BondSlashed>().is_none());
	assert!(receipt.decoded_log::<OutputOracle::OutputFaultProven>().is_some());
	assert_eq!(oracle.nextOutputIndex().call().await.unwrap(), U256::ZERO);
	assert_eq!(oracle.bonds(c.prover).call().await.unwrap(), U256::from(BOND / 2));
}

#[tokio::test]
async fn proofs_that_show_no_fault_or_are_malformed_are_refused() {
	let s = standard().await;
	let (oracle, c) = (&s.oracle, &s.chain);
	let good = s.preimage(5);
	let index = s.propose(&good).await;
	let mut wrong = s.preimage(15);
	wrong.l2StateRoot = keccak256("wrong");
	let wrong_index = s.propose(&wrong).await;

	// A consistent output: no fault, however it is anchored.
	assert_reverts(s.prove(index, &good, s.headers(5, 10)), OutputOracle::NoFault).await;
	assert_reverts(s.prove(index, &good, s.headers(5, 20)), OutputOracle::NoFault).await;
	// ... and the chain refuses the transaction itself, not just the simulation.
	let receipt = s
		.prove(index, &good, s.headers(5, 10))
		.gas(2_000_000)
		.send()
		.await
		.unwrap()
		.get_receipt()
		.await
		.unwrap();
	assert!(!receipt.status());

	// The preimage must be the output's.
	let mut other = wrong.clone();
	other.withdrawalsRoot = keccak256("other");
	assert_reverts(
		s.prove(wrong_index, &other, s.headers(15, 20)),
		OutputOracle::InvalidOutputRootPreimage,
	)
	.await;
	assert_reverts(
		s.prove(wrong_index, &good, s.headers(5, 10)),
		OutputOracle::InvalidOutputRootPreimage,
	)
	.await;

	// Header count.
	assert_reverts(
		s.prove(wrong_index, &wrong, vec![]),
		OutputOracle::InvalidHeaderCount { count: U256::ZERO },
	)
	.await;
	let too_many = vec![s.header(15); 1025];
	assert_reverts(
		s.prove(wrong_index, &wrong, too_many),
		OutputOracle::InvalidHeaderCount { count: U256::from(1025) },
	)
	.await;

	// headers[0] must be the output's block.
	assert_reverts(
		s.prove(wrong_index, &wrong, s.headers(16, 20)),
		OutputOracle::WrongOutputBlock { expected: U256::from(15), actual: U256::from(16) },
	)
	.await;
	assert_reverts(
		s.prove(wrong_index, &wrong, vec![Bytes::from(vec![1u8; 40])]),
		OutputOracle::HeaderTooShort { length: U256::from(40) },
	)
	.await;

	// Broken chains: a block left out, a block changed, a right parent with a wrong number.
	let mut skipped = s.headers(15, 20);
	skipped.remove(2);
	assert_reverts(
		s.prove(wrong_index, &wrong, skipped),
		OutputOracle::BrokenHeaderChain { index: U256::from(2) },
	)
	.await;
	let mut changed = s.headers(15, 20);
	changed[3] = aura_header(18, s.l2[17].hash(), h256("forged state 18")).encode().into();
	assert_reverts(
		s.prove(wrong_index, &wrong, changed),
		OutputOracle::BrokenHeaderChain { index: U256::from(4) },
	)
	.await;
	let mut renumbered = s.headers(15, 20);
	renumbered[1] = aura_header(17, s.l2[15].hash(), s.l2[16].state_root).encode().into();
	assert_reverts(
		s.prove(wrong_index, &wrong, renumbered),
		OutputOracle::BrokenHeaderChain { index: U256::from(1) },
	)
	.await;
	// A forged first header with the output's state root does not chain to the posted blocks.
	let mut forged = s.headers(15, 20);
	forged[0] = aura_header(15, s.l2[14].hash(), H256(wrong.l2StateRoot.0)).encode().into();
	assert_reverts(
		s.prove(wrong_index, &wrong, forged),
		OutputOracle::BrokenHeaderChain { index: U256::from(1) },
	)
	.await;

	// Anchors: the chain must end at a posted batch boundary, on the hash posted for it.
	assert_reverts(
		s.prove(wrong_index, &wrong, s.headers(15, 18)),
		OutputOracle::UnknownAnchor { l2BlockNumber: U256::from(18) },
	)
	.await;
	assert_reverts(
		s.prove(wrong_index, &wrong, s.headers(15, 40)),
		OutputOracle::UnknownAnchor { l2BlockNumber: U256::from(40) },
	)
	.await;
	let mut fake_end = s.headers(15, 20);
	let fake = aura_header(20, s.l2[19].hash(), h256("forged state 20"));
	fake_end[5] = fake.encode().into();
	assert_reverts(
		s.prove(wrong_index, &wrong, fake_end),
		OutputOracle::AnchorMismatch {
			l2BlockNumber: U256::from(20),
			anchorHash: s.hash(20),
			headerHash: b256_of(fake.hash()),
		},
	)
	.await;

	// Outside the window, and after deletion.
	s.chain.increase_time(WINDOW).await;
	assert_reverts(
		s.prove(wrong_index, &wrong, s.headers(15, 20)),
		OutputOracle::OutputAlreadyFinalized { outputIndex: wrong_index },
	)
	.await;
	assert_reverts(
		s.prove(U256::from(2), &wrong, s.headers(15, 20)),
		OutputOracle::UnknownOutput { outputIndex: U256::from(2) },
	)
	.await;
	// The challenger's path is unchanged (and refused past the window too).
	assert_reverts(
		oracle.deleteOutputs(wrong_index).from(c.challenger),
		OutputOracle::OutputAlreadyFinalized { outputIndex: wrong_index },
	)
	.await;
	assert_eq!(oracle.nextOutputIndex().call().await.unwrap(), U256::from(2));
	assert_eq!(oracle.bonds(c.proposer).call().await.unwrap(), U256::from(BOND));
}

#[tokio::test]
async fn proofs_need_the_inbox() {
	let chain = Chain::start().await;
	let oracle = OutputOracle::deploy(
		chain.provider.clone(),
		chain.admin,
		chain.proposer,
		chain.challenger,
		U256::from(WINDOW),
		U256::from(BOND),
		Address::ZERO,
	)
	.await
	.expect("oracle");
	let l2 = l2_chain(3);
	let p = Formats::OutputRootPreimage {
		l2BlockNumber: U256::from(2),
		l2BlockHash: b256_of(l2[2].hash()),
		l2StateRoot: keccak256("wrong"),
		withdrawalsRoot: B256::ZERO,
	};
	send(oracle.depositBond().value(U256::from(BOND)).from(chain.proposer)).await;
	send(oracle.proposeOutputWithPreimage(p.clone()).from(chain.proposer).gas(PROPOSE_GAS)).await;
	assert_reverts(
		oracle.proveOutputFault(U256::ZERO, p, vec![l2[2].encode().into()]).from(chain.prover),
		OutputOracle::NoBatchInbox,
	)
	.await;
}

// ---------------------------------------------------------------------------------------------
// Gas
// ---------------------------------------------------------------------------------------------

/// Prints the gas of BLAKE2b, anchor lookups and fault proofs (run with `--nocapture`).
#[tokio::test]
async fn gas() {
	let mut rows: Vec<(String, u64)> = vec![];

	// BLAKE2b-256 through the harness: the gas of the hashing alone, per 128-byte block.
	let chain = Chain::start().await;
	let harness = HeaderHarness::deploy(chain.provider.clone()).await.expect("harness");
	let mut per_length = vec![];
	for blocks in [1u64, 2, 8, 64] {
		let data: Bytes = vec![0xa5u8; blocks as usize * 128].into();
		let r = harness.blake2b256Gas(data.clone()).call().await.unwrap();
		assert_eq!(r.digest, B256::from(blake2_256(&data)));
		let gas: u64 = r.gasUsed.to();
		per_length.push((blocks, gas));
		rows.push((format!("blake2b-256 of {} bytes (execution only)", blocks * 128), gas));
	}
	let (b1, g1) = per_length[0];
	let (bn, gn) = *per_length.last().unwrap();
	rows.push(("blake2b-256, per additional 128-byte block".into(), (gn - g1) / (bn - b1)));
	drop(chain);

	// Fault proofs of 1 to 1024 headers: batches end at blocks 400, 800 and 1100 (at most
	// MAX_BLOCKS_PER_BATCH each), the proofs anchor at 1100; outputs sit 0 to 1023 blocks before
	// it, with wrong state roots. Estimated (nothing deleted) and then one sent.
	let s = Setup::new(1101, &[400, 800, 1100]).await;
	let counts = [1024u64, 512, 128, 16, 2, 1];
	let mut proofs = vec![];
	for count in counts {
		let block = 1100 - (count - 1);
		let mut p = s.preimage(block);
		p.l2StateRoot = keccak256(format!("wrong {block}"));
		let index = s.propose(&p).await;
		proofs.push((count, index, p, s.headers(block, 1100)));
	}
	let mut measured = vec![];
	for (count, index, p, headers) in &proofs {
		let call = s.prove(*index, p, headers.clone());
		let calldata = calldata_gas(call.calldata());
		let gas = call.estimate_gas().await.unwrap();
		let bytes: usize = headers.iter().map(|h| h.len()).sum();
		measured.push((*count, gas, calldata));
		rows.push((
			format!("proveOutputFault, {count} headers ({bytes} header bytes), total"),
			gas,
		));
		rows.push((format!("  of which calldata ({} bytes)", call.calldata().len()), calldata));
	}
	let (c_max, g_max, d_max) = measured[0];
	let (c_min, g_min, d_min) = *measured.last().unwrap();
	let span = c_max - c_min;
	rows.push(("proveOutputFault, per header, total".into(), (g_max - g_min) / span));
	rows.push(("proveOutputFault, per header, calldata".into(), (d_max - d_min) / span));
	rows.push((
		"proveOutputFault, per header, execution".into(),
		((g_max - d_max) - (g_min - d_min)) / span,
	));
	// The longest proof really goes through.
	let (_, index, p, headers) = &proofs[0];
	let receipt = send(s.prove(*index, p, headers.clone()).gas(g_max + 100_000)).await;
	rows.push(("proveOutputFault, 1024 headers, mined".into(), receipt.gas_used));
	assert_eq!(receipt.decoded_log::<OutputOracle::OutputFaultProven>().unwrap().data.kind, 1);

	// Proposals (with the preimage, the only way), into fresh output slots (after a first one),
	// and a one-header proof of each fault kind.
	let t = standard().await;
	t.propose(&t.preimage(5)).await;
	for block in [10u64, 15, 20, 25] {
		let call = t.oracle.proposeOutputWithPreimage(t.preimage(block));
		let receipt = send(call.from(t.chain.proposer).gas(PROPOSE_GAS)).await;
		rows.push(("proposeOutputWithPreimage (steady state)".into(), receipt.gas_used));
	}
	let kinds: [(&str, fn(&mut Formats::OutputRootPreimage)); 3] = [
		("state root", |p| p.l2StateRoot = keccak256("wrong state")),
		("block hash", |p| p.l2BlockHash = keccak256("wrong hash")),
		("withdrawals root", |p| p.withdrawalsRoot = keccak256("forged")),
	];
	for (name, forge) in kinds {
		send(t.oracle.depositBond().value(U256::from(BOND)).from(t.chain.proposer)).await;
		let mut wrong = t.preimage(30);
		forge(&mut wrong);
		let index = t.propose(&wrong).await;
		let receipt = send(t.prove(index, &wrong, t.headers(30, 30))).await;
		rows.push((format!("proveOutputFault, 1 header, {name} fault, mined"), receipt.gas_used));
	}
	drop(t);

	// Anchor lookups with 1 and 1024 batches (a binary search), as transactions.
	let one = s.inbox.anchorAt(1100).estimate_gas().await.unwrap();
	rows.push(("anchorAt, 1 batch (as a transaction)".into(), one));
	let s = Setup::new(1026, &[]).await;
	for last in 1..=1024u64 {
		s.post_through(last).await;
	}
	let mut post = s.inbox.nextBlock().call().await.unwrap();
	for at in [1u64, 512, 1024] {
		let gas = s.inbox.anchorAt(at).estimate_gas().await.unwrap();
		rows.push((format!("anchorAt block {at}, 1024 batches (as a transaction)"), gas));
	}
	let gas = s.inbox.anchorAt(1025).estimate_gas().await.unwrap();
	rows.push(("anchorAt past the posted blocks (as a transaction)".into(), gas));
	// postBatch itself (32-byte payload), for comparison with contracts.rs.
	let mut data = vec![0u8, 1];
	data.extend_from_slice(&post.to_be_bytes());
	data.extend_from_slice(&post.to_be_bytes());
	data.extend_from_slice(s.hash(post - 1).as_slice());
	data.extend_from_slice(s.hash(post).as_slice());
	data.extend_from_slice(&[7; 32]);
	let receipt =
		send(s.inbox.postBatch(U256::ZERO, U256::ONE, data.into()).from(s.chain.batcher)).await;
	post += 1;
	assert_eq!(s.inbox.nextBlock().call().await.unwrap(), post);
	rows.push(("postBatch, 114 bytes, 1025th batch".into(), receipt.gas_used));

	println!("\nfault-proof gas (anvil, cancun)");
	for (label, gas) in &rows {
		println!("  {label:<64} {gas:>9}");
	}
}
