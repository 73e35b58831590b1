// Compiles contracts/src with the pinned npm solc and writes one artifact per contract
// (ABI, creation and runtime bytecode) to contracts/artifacts/<Contract>.json.
//
//   node contracts/build.mjs          compile and (re)write the artifacts
//   node contracts/build.mjs --check  compile and fail if the committed artifacts differ
//
// Artifacts are committed so that Rust code (alloy's `sol!`) and tests can use them without
// Node.js; `--check` (run by scripts/test) proves they match the sources.

import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const solc = require("solc");

const contractsDir = path.dirname(fileURLToPath(import.meta.url));
const repoDir = path.dirname(contractsDir);
const sourceDir = path.join(contractsDir, "src");
const artifactDir = path.join(contractsDir, "artifacts");

/** Settings shared by every contract; evmVersion cancun runs on BSC, anvil and pallet-revive. */
const SETTINGS = {
  optimizer: { enabled: true, runs: 200 },
  evmVersion: "cancun",
  metadata: { bytecodeHash: "none", appendCBOR: false },
  outputSelection: { "*": { "*": ["abi", "evm.bytecode.object", "evm.deployedBytecode.object"] } },
};

function solidityFiles(dir) {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return solidityFiles(full);
      return entry.name.endsWith(".sol") ? [full] : [];
    })
    .sort();
}

/** Resolves `@openzeppelin/...` imports from node_modules. */
function findImport(importPath) {
  const candidate = path.join(repoDir, "node_modules", importPath);
  if (fs.existsSync(candidate)) return { contents: fs.readFileSync(candidate, "utf8") };
  return { error: `import not found: ${importPath} (run scripts/setup to install npm tools)` };
}

function compile() {
  const sources = {};
  for (const file of solidityFiles(sourceDir)) {
    sources[path.relative(contractsDir, file)] = { content: fs.readFileSync(file, "utf8") };
  }
  const input = { language: "Solidity", sources, settings: SETTINGS };
  const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImport }));
  const errors = (output.errors || []).filter((e) => e.severity === "error");
  for (const message of output.errors || []) console.error(message.formattedMessage);
  if (errors.length > 0) process.exit(1);

  const artifacts = {};
  for (const [sourceName, contracts] of Object.entries(output.contracts)) {
    if (!sourceName.startsWith("src/")) continue; // skip OpenZeppelin's own files
    for (const [contractName, contract] of Object.entries(contracts)) {
      // Interfaces are kept only for Mooring's precompiles, whose Rust and test bindings are
      // generated from these ABIs (`IMooring*`); other interfaces and abstract contracts have
      // no artifact.
      const isInterface = contract.evm.bytecode.object === "";
      if (isInterface && !contractName.startsWith("IMooring")) continue;
      artifacts[contractName] = {
        contractName,
        sourceName,
        compiler: { version: solc.version(), settings: SETTINGS },
        abi: contract.abi,
        bytecode: "0x" + contract.evm.bytecode.object,
        deployedBytecode: "0x" + contract.evm.deployedBytecode.object,
      };
    }
  }
  return artifacts;
}

function render(artifact) {
  return JSON.stringify(artifact, null, 2) + "\n";
}

const check = process.argv.includes("--check");
const artifacts = compile();
fs.mkdirSync(artifactDir, { recursive: true });
const stale = [];
for (const [name, artifact] of Object.entries(artifacts)) {
  const file = path.join(artifactDir, `${name}.json`);
  const wanted = render(artifact);
  const current = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : null;
  if (current === wanted) continue;
  if (check) stale.push(name);
  else fs.writeFileSync(file, wanted);
}
const orphans = fs
  .readdirSync(artifactDir)
  .filter((f) => f.endsWith(".json") && !(f.slice(0, -5) in artifacts));
if (check) {
  if (stale.length || orphans.length) {
    console.error(`contracts/artifacts is out of date: ${[...stale, ...orphans].join(", ")}`);
    console.error("run `node contracts/build.mjs` and commit the result");
    process.exit(1);
  }
  console.log(`contracts/artifacts matches the sources (${Object.keys(artifacts).length} contracts, solc ${solc.version()})`);
} else {
  for (const orphan of orphans) fs.unlinkSync(path.join(artifactDir, orphan));
  console.log(`wrote ${Object.keys(artifacts).length} artifacts with solc ${solc.version()}`);
}
