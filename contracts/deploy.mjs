// Deploys Mooring's L1 contracts (BatchInbox, OutputOracle, Portal) from contracts/artifacts to BNB
// Chain, BSC testnet or anvil, wiring every role and the token allowlist in the constructors, so
// the deployer keeps no privilege unless it is also named admin.
//
//   node contracts/deploy.mjs --private-key 0x… --genesis-hash 0x… \
//     --proposer 0x… --challenger 0x… --batcher 0x… --guardian 0x… [--admin 0x…] \
//     [--rpc-url http://127.0.0.1:8545] [--window-seconds 604800] [--bond 1bnb] \
//     [--token 0x… ...] [--no-batch-check] [--expect-chain-id 56] [--out deployment.json] \
//     [--timelock-delay 604800] [--l2-rpc-url http://…] [--mainnet-checks] \
//     [--batch-inbox 0x…] [--predecessor-portal 0x…]
//
// Every flag has an environment variable (flags win): MOORING_L1_RPC_URL, MOORING_DEPLOYER_KEY,
// MOORING_ADMIN, MOORING_PROPOSER, MOORING_CHALLENGER, MOORING_BATCHER, MOORING_GUARDIAN,
// MOORING_WINDOW_SECONDS, MOORING_BOND, MOORING_L2_GENESIS_HASH, MOORING_TOKENS (comma-separated),
// MOORING_EXPECT_CHAIN_ID, MOORING_DEPLOYMENT_OUT, MOORING_TIMELOCK_DELAY, MOORING_L2_RPC_URL,
// MOORING_MAINNET_CHECKS (1 or true), MOORING_BATCH_INBOX, MOORING_PREDECESSOR_PORTAL. The key is
// never printed.
//
// Moving to a new Portal (see the Portal's NatSpec, "Succession", and docs/operator.md): stop the
// old Portal's deposits (stopDeposits), then deploy with --predecessor-portal OLD (with
// --batch-inbox to keep the L2's posted data in one inbox; the oracle is always new). The script
// reads the old Portal's depositNonce(), refuses unless its deposits are stopped and it has not
// retired, and passes both to the new Portal's constructor, so deposit nonces go on where they
// stopped; the new Portal starts paused. Then governance on L2 switches the bridge pallet to the
// new Portal, the guardian unpauses it, and the admin calls retire(newPortal, []) on the old one. The L2 total-issuance check is skipped: a successor backs
// an L2 that already holds bridged funds. Without --predecessor-portal the Portal gets no
// predecessor and a first deposit nonce of 0. With --batch-inbox, that existing BatchInbox (it must
// have code and --genesis-hash) is used instead of a new one.
//
// Production guards, all checked before the first transaction. On BNB Chain mainnet (chain id 56)
// the script refuses (exit 2) a challenge window below one day, a deployment without a timelock
// (--timelock-delay) or with a timelock delay below the window, and, given --l2-rpc-url, an L2
// whose total issuance is not 0 (every L2 coin must be minted by a deposit, or it could be
// withdrawn from depositors' funds). On BSC testnet (97) these are warnings; elsewhere only a
// non-zero issuance is. An anvil answering with chain id 56 (the devnet and the tests use one as a
// stand-in for BNB Chain) gets warnings too, unless --mainnet-checks, which applies the mainnet
// guards on any chain and node (rehearse a mainnet deployment on anvil). Given --l2-rpc-url, the
// L2's block 0 must be --genesis-hash on every chain.
//
// With --timelock-delay, an OpenZeppelin TimelockController (contracts/src/governance/Timelock.sol)
// is deployed first, with --admin as its only proposer and executor and no other admin, and it
// becomes the admin of all three contracts: every admin action then waits the delay.
//
// The result (the L1 chain id, addresses, the block to start scanning logs from, the parameters) is
// printed to stdout as JSON and, with --out, written to a file. Progress goes to stderr. startBlock is
// the block of the first contract deployed here (the OutputOracle when --batch-inbox reuses an inbox,
// whose batches the relayer finds through the inbox itself).

import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { createPublicClient, createWalletClient, defineChain, getAddress, getContractAddress, http, isAddress, isHex, parseEther, zeroAddress } from "viem";
import { privateKeyToAccount } from "viem/accounts";

const artifactDir = path.join(path.dirname(fileURLToPath(import.meta.url)), "artifacts");
const ONE_DAY = 24 * 60 * 60;
const SEVEN_DAYS = 7 * ONE_DAY;
const BSC_MAINNET = 56;
const BSC_TESTNET = 97;
// The L2's existential deposit in wei (mooring_primitives::EXISTENTIAL_DEPOSIT): a smaller BNB
// deposit to a new account cannot be credited on L2.
const L2_EXISTENTIAL_DEPOSIT = 10n ** 12n;
// Storage key of Balances.TotalIssuance: twox128("Balances") ++ twox128("TotalIssuance").
const TOTAL_ISSUANCE_KEY = "0xc2261276cc9d1f8598ea4b6a74b15c2f57c875e4cff74148e4628f264b974c80";

const USAGE = `usage: node contracts/deploy.mjs [options]
  --rpc-url URL            L1 JSON-RPC endpoint (MOORING_L1_RPC_URL; default http://127.0.0.1:8545)
  --private-key KEY        deployer key, 0x-hex (MOORING_DEPLOYER_KEY; required)
  --admin ADDR             admin of the contracts deployed (MOORING_ADMIN; default: the deployer)
  --proposer ADDR          OutputOracle proposer (MOORING_PROPOSER)
  --challenger ADDR        OutputOracle challenger (MOORING_CHALLENGER)
  --batcher ADDR           BatchInbox batcher, an EOA (MOORING_BATCHER)
  --guardian ADDR          Portal guardian, may pause (MOORING_GUARDIAN)
  --window-seconds N       challenge window (MOORING_WINDOW_SECONDS; default ${SEVEN_DAYS} = 7 days)
  --bond AMOUNT            required proposer bond: wei, or e.g. 0.5bnb / 1ether (MOORING_BOND; default 1bnb)
  --min-deposit AMOUNT     smallest BNB deposit the Portal takes: wei, or e.g. 0.001bnb; at least the
                           L2 existential deposit, ${L2_EXISTENTIAL_DEPOSIT} wei (MOORING_MIN_DEPOSIT; default 0.001bnb)
  --genesis-hash HASH      hash of L2 block 0 (MOORING_L2_GENESIS_HASH; required)
  --token ADDR             allowlist a BEP-20 for deposits; repeatable (MOORING_TOKENS, comma-separated)
  --no-batch-check         let outputs be proposed before their block's data is in the BatchInbox
  --expect-chain-id N      refuse to deploy unless the RPC reports this chain id (MOORING_EXPECT_CHAIN_ID)
  --out FILE               also write the result JSON to FILE (MOORING_DEPLOYMENT_OUT)
  --timelock-delay N       deploy a TimelockController with this delay (seconds), --admin as its
                           proposer and executor, as the admin of the contracts deployed
                           (MOORING_TIMELOCK_DELAY; required on chain 56, at least the window)
  --l2-rpc-url URL         the L2 node (http or ws): check its block 0 is --genesis-hash and its
                           total issuance is 0 (not with --predecessor-portal), as chain 56
                           requires (MOORING_L2_RPC_URL)
  --mainnet-checks         apply the chain 56 guards whatever the chain or node (MOORING_MAINNET_CHECKS)
  --batch-inbox ADDR       use this existing BatchInbox (for --genesis-hash) instead of deploying one
                           (MOORING_BATCH_INBOX)
  --predecessor-portal ADDR
                           deploy the Portal as the successor of this Portal (deposits stopped): its deposit nonces
                           go on from the old one's, and the L2 total-issuance check is skipped
                           (MOORING_PREDECESSOR_PORTAL); afterwards the admin calls retire() on the old one
  --predict-portal         print where the Portal of this deployment will be (deployer, nonce, portal as JSON)
                           and send nothing; --genesis-hash is not needed. A new network names this Portal in
                           its genesis (mooring-node network-spec), since the BatchInbox needs the L2's genesis hash
  --expect-portal ADDR     refuse to deploy unless the Portal lands at ADDR (MOORING_EXPECT_PORTAL): the
                           --predict-portal answer, with the same --timelock-delay and --batch-inbox
A role given no address is not granted; the admin can grant it later.`;

function fail(message) {
  console.error(`deploy: ${message}`);
  process.exit(2);
}

/** `text` (wei, or an amount like 0.5bnb / 1ether) in wei; fails naming `--flag`. */
function parseWei(flag, text) {
  const value = text.trim().toLowerCase();
  if (/^\d+$/.test(value)) return BigInt(value);
  const m = /^(\d+(?:\.\d+)?)\s*(bnb|ether|eth)$/.exec(value);
  if (!m) fail(`--${flag}: expected wei or an amount like 0.5bnb: ${text}`);
  return parseEther(m[1]);
}

function parseOptions() {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        "rpc-url": { type: "string" },
        "private-key": { type: "string" },
        admin: { type: "string" },
        proposer: { type: "string" },
        challenger: { type: "string" },
        batcher: { type: "string" },
        guardian: { type: "string" },
        "window-seconds": { type: "string" },
        bond: { type: "string" },
        "min-deposit": { type: "string" },
        "genesis-hash": { type: "string" },
        token: { type: "string", multiple: true },
        "no-batch-check": { type: "boolean" },
        "expect-chain-id": { type: "string" },
        out: { type: "string" },
        "timelock-delay": { type: "string" },
        "l2-rpc-url": { type: "string" },
        "mainnet-checks": { type: "boolean" },
        "batch-inbox": { type: "string" },
        "predecessor-portal": { type: "string" },
        "predict-portal": { type: "boolean" },
        "expect-portal": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
    }).values;
  } catch (e) {
    fail(`${e.message}\n${USAGE}`);
  }
  if (parsed.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const env = process.env;
  const pick = (flag, name) => parsed[flag] ?? (env[name] === "" ? undefined : env[name]);

  const address = (flag, name) => {
    const value = pick(flag, name);
    if (value === undefined) return undefined;
    if (!isAddress(value, { strict: false })) fail(`--${flag}: not an address: ${value}`);
    return getAddress(value);
  };

  const key = pick("private-key", "MOORING_DEPLOYER_KEY");
  if (!key) fail(`--private-key (or MOORING_DEPLOYER_KEY) is required\n${USAGE}`);
  if (!isHex(key) || key.length !== 66) fail("--private-key: expected 32 bytes of 0x-hex");

  const predictPortal = Boolean(parsed["predict-portal"]);
  const genesisHash = pick("genesis-hash", "MOORING_L2_GENESIS_HASH") ?? (predictPortal ? `0x${"11".repeat(32)}` : undefined);
  if (!genesisHash) fail(`--genesis-hash (or MOORING_L2_GENESIS_HASH) is required\n${USAGE}`);
  if (!isHex(genesisHash) || genesisHash.length !== 66 || BigInt(genesisHash) === 0n) {
    fail("--genesis-hash: expected a non-zero 32-byte 0x-hex hash");
  }

  const windowText = pick("window-seconds", "MOORING_WINDOW_SECONDS") ?? String(SEVEN_DAYS);
  if (!/^\d+$/.test(windowText)) fail(`--window-seconds: not a whole number: ${windowText}`);

  const bond = parseWei("bond", pick("bond", "MOORING_BOND") ?? "1bnb");
  if (bond === 0n) fail("--bond must be positive");
  const minDeposit = parseWei("min-deposit", pick("min-deposit", "MOORING_MIN_DEPOSIT") ?? "0.001bnb");
  if (minDeposit < L2_EXISTENTIAL_DEPOSIT) {
    fail(`--min-deposit ${minDeposit} is below the L2 existential deposit ${L2_EXISTENTIAL_DEPOSIT}: such deposits could not be credited`);
  }

  const tokenList = parsed.token ?? (env.MOORING_TOKENS ? env.MOORING_TOKENS.split(",").map((t) => t.trim()).filter(Boolean) : []);
  const tokens = tokenList.map((t) => {
    if (!isAddress(t, { strict: false })) fail(`--token: not an address: ${t}`);
    return getAddress(t);
  });

  const expect = pick("expect-chain-id", "MOORING_EXPECT_CHAIN_ID");
  if (expect !== undefined && !/^\d+$/.test(expect)) fail(`--expect-chain-id: not a number: ${expect}`);

  const timelockText = pick("timelock-delay", "MOORING_TIMELOCK_DELAY");
  if (timelockText !== undefined && !/^\d+$/.test(timelockText)) {
    fail(`--timelock-delay: not a whole number of seconds: ${timelockText}`);
  }

  const l2RpcUrl = pick("l2-rpc-url", "MOORING_L2_RPC_URL");
  if (l2RpcUrl !== undefined && !/^(https?|wss?):\/\//.test(l2RpcUrl)) {
    fail(`--l2-rpc-url: expected an http(s) or ws(s) URL: ${l2RpcUrl}`);
  }

  return {
    rpcUrl: pick("rpc-url", "MOORING_L1_RPC_URL") ?? "http://127.0.0.1:8545",
    key,
    admin: address("admin", "MOORING_ADMIN"),
    proposer: address("proposer", "MOORING_PROPOSER"),
    challenger: address("challenger", "MOORING_CHALLENGER"),
    batcher: address("batcher", "MOORING_BATCHER"),
    guardian: address("guardian", "MOORING_GUARDIAN"),
    windowSeconds: BigInt(windowText),
    bond,
    minDeposit,
    genesisHash: genesisHash.toLowerCase(),
    tokens,
    batchCheck: !parsed["no-batch-check"],
    expectChainId: expect === undefined ? undefined : Number(expect),
    out: pick("out", "MOORING_DEPLOYMENT_OUT"),
    timelockDelay: timelockText === undefined ? undefined : BigInt(timelockText),
    l2RpcUrl,
    mainnetChecks: parsed["mainnet-checks"] || /^(1|true)$/i.test(env.MOORING_MAINNET_CHECKS ?? ""),
    batchInbox: address("batch-inbox", "MOORING_BATCH_INBOX"),
    predecessorPortal: address("predecessor-portal", "MOORING_PREDECESSOR_PORTAL"),
    predictPortal,
    expectPortal: address("expect-portal", "MOORING_EXPECT_PORTAL"),
  };
}

/**
 * The address the Portal will have: the deployer sends, in order and nothing in between, the
 * timelock (with --timelock-delay), the BatchInbox (without --batch-inbox), the OutputOracle and
 * the Portal, so the Portal is the CREATE address of the deployer's next nonce plus that many.
 */
async function predictPortal(publicClient, options, deployer) {
  const nonce = await publicClient.getTransactionCount({ address: deployer, blockTag: "pending" });
  const before = (options.timelockDelay === undefined ? 0 : 1) + (options.batchInbox === undefined ? 1 : 0) + 1;
  return { nonce, portal: getContractAddress({ from: deployer, nonce: BigInt(nonce + before) }) };
}

/** Whether the node behind `client` says it is a local development chain (anvil or Hardhat). */
async function isLocalDevNode(client) {
  try {
    const version = await client.request({ method: "web3_clientVersion" });
    return /^(anvil|HardhatNetwork)\//i.test(String(version));
  } catch {
    return false; // a node that does not say is treated as real
  }
}

/** Calls `method` on the Substrate JSON-RPC at `url` (a ws URL is asked over http, same port). */
async function l2Request(url, method, params) {
  const httpUrl = url.replace(/^ws(s?):\/\//, "http$1://");
  let response;
  try {
    response = await fetch(httpUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
    });
  } catch (e) {
    fail(`--l2-rpc-url ${url}: ${e.cause?.message ?? e.message}`);
  }
  const body = await response.json().catch(() => ({}));
  if (!response.ok || body.error || !("result" in body)) {
    fail(`--l2-rpc-url ${url}: ${method} failed: ${JSON.stringify(body.error ?? response.status)}`);
  }
  return body.result;
}

/** The L2's genesis hash and Balances.TotalIssuance (a SCALE u128, little-endian; absent is 0). */
async function readL2(url) {
  const genesisHash = String(await l2Request(url, "chain_getBlockHash", [0])).toLowerCase();
  const raw = await l2Request(url, "state_getStorage", [TOTAL_ISSUANCE_KEY]);
  if (raw !== null && !(isHex(raw) && raw.length === 34)) fail(`--l2-rpc-url: TotalIssuance is not a u128: ${raw}`);
  const bytes = raw === null ? [] : raw.slice(2).match(/../g);
  const totalIssuance = bytes.reduceRight((acc, byte) => (acc << 8n) | BigInt(`0x${byte}`), 0n);
  return { genesisHash, totalIssuance };
}

/**
 * The production guards (see the top of this file), before anything is sent: exits 2 on a refusal
 * under mainnet rules, warns otherwise. Returns what was read from the L2, if anything.
 */
async function checkProduction(options, chainId, probe) {
  const isMainnet = chainId === BSC_MAINNET || options.mainnetChecks;
  const strict = options.mainnetChecks || (isMainnet && !(await isLocalDevNode(probe)));
  if (isMainnet && !strict) {
    console.error(`deploy: warning: chain ${chainId} served by a local dev node: the mainnet guards only warn (--mainnet-checks enforces them)`);
  }
  const guard = (problem) => {
    if (strict) fail(`refusing to deploy on chain ${chainId}: ${problem}`);
    if (isMainnet || chainId === BSC_TESTNET) console.error(`deploy: warning: ${problem}`);
  };
  if (options.windowSeconds < BigInt(ONE_DAY)) {
    guard(`--window-seconds ${options.windowSeconds} is below one day (${ONE_DAY}); withdrawals could finalize before anyone can react`);
  }
  if (!options.batchCheck) {
    guard("--no-batch-check deploys an oracle without an inbox: no fault could be proven by anyone, only by the challenger");
  }
  if (options.timelockDelay === undefined) {
    guard("no --timelock-delay: the admin would act without notice");
  } else if (options.timelockDelay < options.windowSeconds) {
    guard(`--timelock-delay ${options.timelockDelay} is below the window ${options.windowSeconds}`);
  }
  if (options.l2RpcUrl === undefined) {
    if (strict) console.error("deploy: warning: no --l2-rpc-url: the L2's genesis and total issuance are not checked");
    return undefined;
  }
  const l2 = await readL2(options.l2RpcUrl);
  if (l2.genesisHash !== options.genesisHash) {
    fail(`the L2 at ${options.l2RpcUrl} has genesis ${l2.genesisHash}, not --genesis-hash ${options.genesisHash}`);
  }
  if (options.predecessorPortal !== undefined) {
    console.error(`deploy: note: the L2's total issuance (${l2.totalIssuance}) is not checked: a successor Portal backs an L2 that already holds bridged funds`);
  } else if (l2.totalIssuance !== 0n) {
    const problem = `the L2's total issuance is ${l2.totalIssuance}, not 0: coins minted without a deposit could be withdrawn from depositors' funds`;
    if (strict) fail(`refusing to deploy on chain ${chainId}: ${problem}`);
    console.error(`deploy: warning: ${problem}`);
  }
  return l2;
}

/**
 * The existing BatchInbox at `address`: it must have code and be for the L2 with `genesisHash`.
 */
async function checkBatchInbox(client, address, genesisHash, chainId) {
  const code = await client.getCode({ address });
  if (!code || code === "0x") fail(`--batch-inbox ${address} has no code on chain ${chainId}`);
  let inboxGenesis;
  try {
    inboxGenesis = await client.readContract({ address, abi: artifact("BatchInbox").abi, functionName: "l2GenesisHash" });
  } catch (e) {
    fail(`--batch-inbox ${address} is not a BatchInbox: l2GenesisHash() failed: ${e.shortMessage ?? e.message}`);
  }
  if (inboxGenesis.toLowerCase() !== genesisHash) {
    fail(`--batch-inbox ${address} is for the L2 with genesis ${inboxGenesis}, not --genesis-hash ${genesisHash}`);
  }
}

/**
 * The Portal at `address` the new one succeeds: its deposits must be stopped and it not yet retired. Returns its
 * depositNonce(), the new Portal's first deposit nonce.
 */
async function readPredecessor(client, address, chainId) {
  const code = await client.getCode({ address });
  if (!code || code === "0x") fail(`--predecessor-portal ${address} has no code on chain ${chainId}`);
  const { abi } = artifact("Portal");
  const read = async (functionName) => {
    try {
      return await client.readContract({ address, abi, functionName });
    } catch (e) {
      fail(`--predecessor-portal ${address} is not a Portal of this version: ${functionName}() failed: ${e.shortMessage ?? e.message}`);
    }
  };
  const [stopped, successor, depositNonce] = [await read("depositsStopped"), await read("successor"), await read("depositNonce")];
  if (successor !== zeroAddress) fail(`--predecessor-portal ${address} has already retired into ${successor}`);
  if (!stopped) {
    fail(`--predecessor-portal ${address} still takes deposits: call stopDeposits() on it first (its guardian while paused, or its admin), so that its deposit nonces are final before they are handed over`);
  }
  return depositNonce;
}

function artifact(name) {
  const file = path.join(artifactDir, `${name}.json`);
  if (!fs.existsSync(file)) fail(`${file} is missing: run node contracts/build.mjs`);
  return JSON.parse(fs.readFileSync(file, "utf8"));
}

async function main() {
  const options = parseOptions();
  const probe = createPublicClient({ transport: http(options.rpcUrl) });
  const chainId = await probe.getChainId();
  if (options.expectChainId !== undefined && chainId !== options.expectChainId) {
    fail(`the RPC at ${options.rpcUrl} is chain ${chainId}, expected ${options.expectChainId}`);
  }
  if (options.predictPortal) {
    const account = privateKeyToAccount(options.key);
    const { nonce, portal } = await predictPortal(probe, options, account.address);
    console.log(JSON.stringify({ chainId, deployer: account.address, nonce, portal }, null, 2));
    return;
  }
  const l2 = await checkProduction(options, chainId, probe);
  const chain = defineChain({
    id: chainId,
    name: `chain ${chainId}`,
    nativeCurrency: { name: "BNB", symbol: "BNB", decimals: 18 },
    rpcUrls: { default: { http: [options.rpcUrl] } },
  });
  const account = privateKeyToAccount(options.key);
  const publicClient = createPublicClient({ chain, transport: http(options.rpcUrl) });
  const wallet = createWalletClient({ account, chain, transport: http(options.rpcUrl) });
  const owner = options.admin ?? account.address;
  const roles = options.batchInbox === undefined ? ["proposer", "challenger", "batcher", "guardian"] : ["proposer", "challenger", "guardian"];
  for (const role of roles) {
    if (!options[role]) console.error(`deploy: warning: no ${role} given; the role stays ungranted`);
  }
  if (options.batchInbox !== undefined && options.batcher) {
    console.error("deploy: warning: --batcher is ignored with --batch-inbox: the existing inbox keeps its batchers");
  }
  for (const token of options.tokens) {
    const code = await publicClient.getCode({ address: token });
    if (!code || code === "0x") fail(`--token ${token} has no code on chain ${chainId}`);
  }
  if (options.batchInbox !== undefined) {
    await checkBatchInbox(publicClient, options.batchInbox, options.genesisHash, chainId);
  }
  const firstDepositNonce =
    options.predecessorPortal === undefined ? 0n : await readPredecessor(publicClient, options.predecessorPortal, chainId);

  if (options.expectPortal !== undefined) {
    const { nonce, portal } = await predictPortal(publicClient, options, account.address);
    if (portal !== options.expectPortal) {
      fail(`--expect-portal ${options.expectPortal}: the Portal would be at ${portal} (deployer nonce ${nonce}); the deployer sent other transactions since --predict-portal, or the flags differ`);
    }
  }

  async function deploy(name, args) {
    const { abi, bytecode } = artifact(name);
    const hash = await wallet.deployContract({ abi, bytecode, args });
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success" || !receipt.contractAddress) fail(`${name} deployment failed in ${hash}`);
    console.error(`deploy: ${name} at ${receipt.contractAddress} (block ${receipt.blockNumber}, gas ${receipt.gasUsed})`);
    return { address: getAddress(receipt.contractAddress), blockNumber: receipt.blockNumber, transactionHash: hash };
  }

  console.error(`deploy: chain ${chainId} at ${options.rpcUrl}, deployer ${account.address}`);
  // The admin of the three contracts: the timelock, if any, whose proposer and executor is `owner`.
  const timelock =
    options.timelockDelay === undefined
      ? undefined
      : await deploy("Timelock", [options.timelockDelay, [owner], [owner], zeroAddress]);
  const admin = timelock?.address ?? owner;
  const inbox =
    options.batchInbox === undefined
      ? await deploy("BatchInbox", [admin, options.batcher ?? zeroAddress, options.genesisHash])
      : undefined;
  if (inbox === undefined) console.error(`deploy: BatchInbox: reusing ${options.batchInbox}`);
  const inboxAddress = inbox?.address ?? options.batchInbox;
  const oracle = await deploy("OutputOracle", [
    admin,
    options.proposer ?? zeroAddress,
    options.challenger ?? zeroAddress,
    options.windowSeconds,
    options.bond,
    options.batchCheck ? inboxAddress : zeroAddress,
  ]);
  const portal = await deploy("Portal", [
    admin,
    options.guardian ?? zeroAddress,
    oracle.address,
    options.tokens,
    options.minDeposit,
    options.predecessorPortal ?? zeroAddress,
    firstDepositNonce,
  ]);
  if (options.expectPortal !== undefined && portal.address !== options.expectPortal) {
    fail(`the Portal landed at ${portal.address}, not --expect-portal ${options.expectPortal}: the L2 genesis names another address`);
  }
  if (options.predecessorPortal !== undefined) {
    console.error(
      `deploy: Portal succeeds ${options.predecessorPortal} from deposit nonce ${firstDepositNonce} and starts paused; next: switch the L2 bridge pallet to ${portal.address} (Bridge.set_portal, next deposit nonce ${firstDepositNonce}), unpause it (guardian), then retire(${portal.address}, []) on ${options.predecessorPortal} (admin) and sweepToSuccessor(token) for each token`,
    );
  }

  const result = {
    chainId,
    deployer: account.address,
    // The first block that can hold an event of these contracts: start log scans here.
    startBlock: Number((inbox ?? oracle).blockNumber),
    batchInbox: inboxAddress,
    outputOracle: oracle.address,
    portal: portal.address,
    timelock: timelock?.address ?? null,
    transactions: {
      timelock: timelock?.transactionHash ?? null,
      batchInbox: inbox?.transactionHash ?? null,
      outputOracle: oracle.transactionHash,
      portal: portal.transactionHash,
    },
    config: {
      admin,
      timelockDelay: options.timelockDelay === undefined ? null : Number(options.timelockDelay),
      timelockProposer: timelock ? owner : null,
      proposer: options.proposer ?? null,
      challenger: options.challenger ?? null,
      batcher: options.batcher ?? null,
      guardian: options.guardian ?? null,
      finalizationPeriodSeconds: Number(options.windowSeconds),
      requiredBond: options.bond.toString(),
      minDeposit: options.minDeposit.toString(),
      l2GenesisHash: options.genesisHash,
      batchCheck: options.batchCheck,
      tokens: options.tokens,
      batchInboxReused: inbox === undefined,
      predecessorPortal: options.predecessorPortal ?? null,
      firstDepositNonce: firstDepositNonce.toString(),
      l2TotalIssuance: l2 ? l2.totalIssuance.toString() : null,
    },
  };
  const json = JSON.stringify(result, null, 2) + "\n";
  if (options.out) {
    fs.mkdirSync(path.dirname(path.resolve(options.out)), { recursive: true });
    fs.writeFileSync(options.out, json);
    console.error(`deploy: wrote ${options.out}`);
  }
  process.stdout.write(json);
}

main().catch((e) => {
  console.error(`deploy: ${e.shortMessage ?? e.message}`);
  process.exit(1);
});
