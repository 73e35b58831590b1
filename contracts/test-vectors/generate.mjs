// Writes contracts/test-vectors/formats.json: test vectors for the shared formats of
// ARCHITECTURE.md ("Shared formats"). The expected values are computed here, in JavaScript with
// viem, independently of both definitions they check: the Solidity library (contracts/src/lib/
// Formats.sol, checked by tests/tests/contracts.rs through FormatsHarness on anvil) and the Rust
// one in primitives/.
//
//   node contracts/test-vectors/generate.mjs          (re)write formats.json
//   node contracts/test-vectors/generate.mjs --check  fail if formats.json differs
//
// Conventions of the JSON: every integer is a decimal string (u64 and u256 do not fit a JSON
// number everywhere); bytes, hashes and addresses are lowercase 0x-hex.

import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { concat, encodeAbiParameters, keccak256, numberToHex, stringToHex } from "viem";

const here = path.dirname(fileURLToPath(import.meta.url));
const outFile = path.join(here, "formats.json");

const U64_MAX = (1n << 64n) - 1n;
const U128_MAX = (1n << 128n) - 1n;
const U256_MAX = (1n << 256n) - 1n;
const DEPTH = 32;

/** A deterministic 32-byte value named by `label`. */
const h = (label) => keccak256(stringToHex(label));
/** A deterministic address named by `label`. */
const addr = (label) => `0x${h(label).slice(26)}`;
const ZERO32 = `0x${"00".repeat(32)}`;
const ZERO_ADDRESS = `0x${"00".repeat(20)}`;
const hashPair = (left, right) => keccak256(concat([left, right]));

// ------------------------------------------------------------------ zero hashes

const zeroHashes = [ZERO32];
for (let i = 0; i < DEPTH; i++) zeroHashes.push(hashPair(zeroHashes[i], zeroHashes[i]));

// ------------------------------------------------------------------ withdrawal leaves

function withdrawalLeaf({ nonce, l2Sender, l1Recipient, l1Token, amount }) {
  const encoded = encodeAbiParameters(
    [{ type: "uint64" }, { type: "bytes32" }, { type: "address" }, { type: "address" }, { type: "uint256" }],
    [nonce, l2Sender, l1Recipient, l1Token, amount],
  );
  return {
    nonce: nonce.toString(),
    l2Sender,
    l1Recipient,
    l1Token,
    amount: amount.toString(),
    encoded,
    leafHash: keccak256(encoded),
  };
}

const token = addr("mooring/test-vectors/token/USDT");
const treeLeaves = [
  { nonce: 0n, l2Sender: h("alice"), l1Recipient: addr("alice/l1"), l1Token: ZERO_ADDRESS, amount: 10n ** 18n },
  { nonce: 1n, l2Sender: h("bob"), l1Recipient: addr("bob/l1"), l1Token: token, amount: 2_500_000n },
  { nonce: 2n, l2Sender: h("alice"), l1Recipient: addr("carol/l1"), l1Token: ZERO_ADDRESS, amount: 1n },
  { nonce: 3n, l2Sender: h("dave"), l1Recipient: addr("dave/l1"), l1Token: token, amount: U128_MAX },
  { nonce: 4n, l2Sender: h("erin"), l1Recipient: addr("erin/l1"), l1Token: ZERO_ADDRESS, amount: 123_456_789n },
].map(withdrawalLeaf);
const extraLeaves = [
  // Edge values: largest nonce, largest amount, all-ones sender and recipient, zero everything.
  { nonce: U64_MAX, l2Sender: `0x${"ff".repeat(32)}`, l1Recipient: `0x${"ff".repeat(20)}`, l1Token: token, amount: U256_MAX },
  { nonce: 0n, l2Sender: ZERO32, l1Recipient: ZERO_ADDRESS, l1Token: ZERO_ADDRESS, amount: 0n },
  { nonce: 4294967295n, l2Sender: h("frank"), l1Recipient: addr("frank/l1"), l1Token: ZERO_ADDRESS, amount: 7n },
].map(withdrawalLeaf);

// ------------------------------------------------------------------ withdrawal trees

/** The levels of the depth-32 tree over `leaves`, only as wide as the leaves reach. */
function levels(leaves) {
  const all = [leaves];
  for (let height = 0; height < DEPTH; height++) {
    const level = all[height];
    const next = [];
    for (let i = 0; i < level.length; i += 2) {
      next.push(hashPair(level[i], i + 1 < level.length ? level[i + 1] : zeroHashes[height]));
    }
    all.push(next);
  }
  return all;
}

function rootOf(leaves) {
  const top = levels(leaves)[DEPTH];
  return top.length === 0 ? zeroHashes[DEPTH] : top[0];
}

function proofOf(leaves, index) {
  const all = levels(leaves);
  const siblings = [];
  let i = index;
  for (let height = 0; height < DEPTH; height++) {
    const sibling = i ^ 1;
    siblings.push(sibling < all[height].length ? all[height][sibling] : zeroHashes[height]);
    i >>= 1;
  }
  return siblings;
}

function tree(name, leaves, proofIndices) {
  return {
    name,
    leaves,
    // rootAfter[i] is the root once leaves[0..=i] are appended.
    rootAfter: leaves.map((_, i) => rootOf(leaves.slice(0, i + 1))),
    root: rootOf(leaves),
    proofs: proofIndices.map((index) => ({ index: index.toString(), leaf: leaves[index], siblings: proofOf(leaves, index) })),
  };
}

const thirtyThree = Array.from({ length: 33 }, (_, i) => h(`mooring/test-vectors/leaf/${i}`));
const withdrawalTrees = [
  tree("empty", [], []),
  tree("one leaf", treeLeaves.slice(0, 1).map((l) => l.leafHash), [0]),
  tree("the five withdrawal leaves", treeLeaves.map((l) => l.leafHash), [0, 1, 2, 3, 4]),
  tree("33 leaves", thirtyThree, [0, 1, 15, 16, 31, 32]),
];

// ------------------------------------------------------------------ output roots

function outputRoot({ l2BlockNumber, l2BlockHash, l2StateRoot, withdrawalsRoot }) {
  const encoded = encodeAbiParameters(
    [{ type: "uint256" }, { type: "uint256" }, { type: "bytes32" }, { type: "bytes32" }, { type: "bytes32" }],
    [0n, l2BlockNumber, l2BlockHash, l2StateRoot, withdrawalsRoot],
  );
  return {
    l2BlockNumber: l2BlockNumber.toString(),
    l2BlockHash,
    l2StateRoot,
    withdrawalsRoot,
    encoded,
    outputRoot: keccak256(encoded),
  };
}

const outputRoots = [
  { l2BlockNumber: 1n, l2BlockHash: h("block/1"), l2StateRoot: h("state/1"), withdrawalsRoot: zeroHashes[DEPTH] },
  { l2BlockNumber: 100n, l2BlockHash: h("block/100"), l2StateRoot: h("state/100"), withdrawalsRoot: withdrawalTrees[2].root },
  { l2BlockNumber: 4294967295n, l2BlockHash: h("block/max"), l2StateRoot: h("state/max"), withdrawalsRoot: withdrawalTrees[3].root },
].map(outputRoot);

// ------------------------------------------------------------------ batches

function batch({ version, compression, firstBlock, lastBlock, parentHash, lastBlockHash, payload }) {
  const header = concat([
    numberToHex(version, { size: 1 }),
    numberToHex(compression, { size: 1 }),
    numberToHex(firstBlock, { size: 8 }),
    numberToHex(lastBlock, { size: 8 }),
    parentHash,
    lastBlockHash,
  ]);
  if ((header.length - 2) / 2 !== 82) throw new Error("a batch header is 82 bytes");
  const bytes = concat([header, payload]);
  return {
    version: version.toString(),
    compression: compression.toString(),
    firstBlock: firstBlock.toString(),
    lastBlock: lastBlock.toString(),
    parentHash,
    lastBlockHash,
    header,
    payload,
    batch: bytes,
    batchHash: keccak256(bytes),
  };
}

// The payloads are opaque bytes here: the format only fixes the header and the hash.
const batches = [
  { version: 0, compression: 0, firstBlock: 1n, lastBlock: 1n, parentHash: h("block/0"), lastBlockHash: h("block/1"), payload: "0x00" },
  { version: 0, compression: 1, firstBlock: 2n, lastBlock: 100n, parentHash: h("block/1"), lastBlockHash: h("block/100"), payload: stringToHex("zstd frame stand-in") },
  { version: 0, compression: 2, firstBlock: 101n, lastBlock: 4294967295n, parentHash: h("block/100"), lastBlockHash: h("block/max"), payload: h("payload") },
  { version: 0, compression: 1, firstBlock: 0x0102030405060708n, lastBlock: U64_MAX - 1n, parentHash: `0x${"ab".repeat(32)}`, lastBlockHash: `0x${"cd".repeat(32)}`, payload: "0xdeadbeef" },
].map(batch);

// ------------------------------------------------------------------ output

const vectors = {
  description:
    "Shared-format test vectors for Mooring (ARCHITECTURE.md, 'Shared formats'), generated by generate.mjs. " +
    "Integers are decimal strings; bytes are 0x-hex. zeroHashes[i] is the empty subtree root of height i. " +
    "A proof's siblings go from the leaf upwards; rootAfter[i] is the tree root after appending leaves[0..=i].",
  zeroHashes,
  withdrawalLeaves: [...treeLeaves, ...extraLeaves],
  withdrawalTrees,
  outputRoots,
  batches,
};
const rendered = JSON.stringify(vectors, null, 2) + "\n";

if (process.argv.includes("--check")) {
  const current = fs.existsSync(outFile) ? fs.readFileSync(outFile, "utf8") : null;
  if (current !== rendered) {
    console.error("contracts/test-vectors/formats.json is out of date: run node contracts/test-vectors/generate.mjs");
    process.exit(1);
  }
  console.log("contracts/test-vectors/formats.json is up to date");
} else {
  fs.writeFileSync(outFile, rendered);
  console.log(`wrote ${path.relative(process.cwd(), outFile)}`);
}
