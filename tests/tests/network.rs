//! A production network from an operator's description, built the way docs/chain-operator.md
//! says: keys from `mooring-node key`, the spec from `mooring-node network-spec`, a sequencer whose
//! keys are in its keystore (no dev key) and a follower.
//!
//! - `a_network_from_an_operators_file_has_no_dev_keys_and_no_balances`: blocks are produced and
//!   finalized; the total issuance is 0; there is no Sudo; the council, deposit relayer and
//!   Portal are the file's; no dev account authors; the relayer, holding nothing, relays the
//!   first deposits (feeless) to three of the four council members, who then pass motions at
//!   three quarters: one rotates the sequencer's keys (blocks go on being authored and
//!   finalized with the new ones), one authorizes a runtime with a higher `spec_version`, which a
//!   member applies (blocks go on, new transactions are accepted); a bad description and a node
//!   started without `--chain` are refused with clear errors.
//! - `governance_pauses_a_call_and_safe_mode_stops_all_but_block_production` (dev chain, Alice's
//!   council of one): `TxPause.pause` refuses one call (`CallFiltered`) while others go on,
//!   `unpause` releases it; `SafeMode.force_enter` refuses every call outside the whitelist while
//!   blocks keep coming, `force_exit` ends it.

use codec::Decode;
use jsonrpsee::core::params::ArrayParams;
use mooring_e2e::{
	l2::{account, dev, hex, keypair, unhex, Keypair, L2},
	node::{wait_until, EthRpc, Node, NodeConfig},
	workspace_bin,
};
use mooring_primitives::{
	bridge::{Deposit, L1Contract, NATIVE_TOKEN},
	AccountId, UNIT,
};
use mooring_runtime::Runtime;
use mooring_runtime::{RuntimeCall, RuntimeError};
use polkadot_sdk::{
	frame_support::BoundedVec, frame_system, pallet_aura, pallet_balances,
	pallet_balances::TotalIssuance, pallet_collective, pallet_grandpa, pallet_safe_mode,
	pallet_tx_pause, sp_core::H256,
};
use serde_json::{json, Value};
use std::{path::Path, process::Command, time::Duration};

const TIMEOUT: Duration = Duration::from_secs(90);

/// Runs `mooring-node` with `args`; its stdout, or an error with its stderr.
fn node_cli(args: &[&str]) -> anyhow::Result<String> {
	let output = Command::new(workspace_bin("mooring-node")).args(args).output()?;
	anyhow::ensure!(
		output.status.success(),
		"mooring-node {args:?} failed: {}",
		String::from_utf8_lossy(&output.stderr)
	);
	Ok(String::from_utf8(output.stdout)?)
}

/// `mooring-node key inspect` of `suri` with `scheme`: (SS58 public key, account id hex).
fn inspect(suri: &str, scheme: &str) -> anyhow::Result<(String, String)> {
	let text = node_cli(&["key", "inspect", "--scheme", scheme, "--output-type", "json", suri])?;
	let key: Value = serde_json::from_str(&text)?;
	let ss58 = key["ss58PublicKey"].as_str().expect("an SS58 key").to_owned();
	Ok((ss58, key["accountId"].as_str().expect("an account id").to_owned()))
}

/// The SCALE value of `key` (hex storage key) in the node's best state.
async fn storage(node: &Node, key: &[u8]) -> anyhow::Result<Option<Vec<u8>>> {
	let mut params = ArrayParams::new();
	params.insert(hex(key))?;
	let value = node.rpc("state_getStorage", params).await?;
	value.as_str().map(unhex).transpose()
}

/// A pallet or call name as tx-pause takes it.
fn name(text: &str) -> BoundedVec<u8, polkadot_sdk::frame_support::traits::ConstU32<256>> {
	BoundedVec::truncate_from(text.as_bytes().to_vec())
}

fn write_json(path: &Path, value: &Value) -> anyhow::Result<()> {
	Ok(std::fs::write(path, serde_json::to_vec_pretty(value)?)?)
}

#[tokio::test]
async fn a_network_from_an_operators_file_has_no_dev_keys_and_no_balances() -> anyhow::Result<()> {
	let dir = tempfile::tempdir()?;
	// The operator's keys (here derived from test seeds; on a real network generated offline
	// with `mooring-node key generate`).
	let sequencer_seed = "//mooring-test-sequencer";
	let (aura, _) = inspect(sequencer_seed, "sr25519")?;
	let (grandpa, _) = inspect(sequencer_seed, "ed25519")?;
	let council_seeds: Vec<String> =
		(1..=4).map(|n| format!("//mooring-test-council-{n}")).collect();
	let council: Vec<(String, String)> =
		council_seeds.iter().map(|seed| inspect(seed, "sr25519")).collect::<Result<_, _>>()?;
	let (relayer, _) = inspect("//mooring-test-relayer", "sr25519")?;
	let portal = json!({ "chainId": 97, "address": format!("0x{}", "11".repeat(20)) });
	let description = json!({
		"name": "Mooring Test Network",
		"id": "mooring_test",
		"protocolId": "mooring-test",
		"evmChainId": 424242,
		"sequencer": { "aura": aura, "grandpa": grandpa },
		"council": council.iter().map(|(ss58, _)| ss58).collect::<Vec<_>>(),
		"depositRelayers": [relayer],
		"portal": portal,
	});
	let file = dir.path().join("network.json");
	write_json(&file, &description)?;

	// The spec, raw, as every node of the network starts from it.
	let raw = node_cli(&["network-spec", "--config", file.to_str().unwrap()])?;
	let spec = dir.path().join("mooring-test.json");
	std::fs::write(&spec, &raw)?;
	let spec = spec.to_str().unwrap();
	let parsed: Value = serde_json::from_str(&raw)?;
	assert_eq!(parsed["id"], "mooring_test");
	assert_eq!(parsed["chainType"], "Live");
	assert_eq!(parsed["properties"]["evmChainId"], 424242);

	// The sequencer's keys go into its keystore.
	let base = dir.path().join("sequencer");
	for (scheme, key_type) in [("sr25519", "aura"), ("ed25519", "gran")] {
		node_cli(&[
			"key",
			"insert",
			"--chain",
			spec,
			"--base-path",
			base.to_str().unwrap(),
			"--scheme",
			scheme,
			"--key-type",
			key_type,
			"--suri",
			sequencer_seed,
		])?;
	}
	let sequencer = Node::start(
		&NodeConfig { chain: spec.into(), keystore_keys: true, ..NodeConfig::dev_sequencer() },
		dir.path(),
	)
	.await?;
	let follower = Node::start(
		&NodeConfig::follower(spec, sequencer.multiaddr().await?, "follower"),
		dir.path(),
	)
	.await?;
	wait_until(TIMEOUT, "the follower finalizes block 3", || async {
		Ok(follower.finalized_number().await? >= 3)
	})
	.await?;

	// No balance anywhere: BNB comes to this L2 through deposits only.
	let issuance =
		storage(&follower, &TotalIssuance::<mooring_runtime::Runtime>::hashed_key()).await?;
	let issuance = issuance.map(|bytes| u128::decode(&mut &bytes[..])).transpose()?.unwrap_or(0);
	assert_eq!(issuance, 0, "total issuance at genesis");
	// No root key: the file's council governs.
	let l2 = L2::to(&sequencer).await?;
	assert!(!l2.has_pallet("Sudo").await? && l2.has_pallet("Council").await?);
	let members = pallet_collective::Members::<Runtime, pallet_collective::Instance1>::hashed_key();
	let members = storage(&follower, &members).await?.expect("council members");
	let mut members: Vec<String> =
		Vec::<AccountId>::decode(&mut &members[..])?.iter().map(|m| hex(m.as_ref())).collect();
	let mut expected: Vec<String> = council.iter().map(|(_, id)| id.clone()).collect();
	members.sort();
	expected.sort();
	assert_eq!(members, expected);
	// The bridge settles to the file's Portal.
	let portal_now = follower.rpc("bridge_portal", ArrayParams::new()).await?;
	assert_eq!(portal_now["address"], portal["address"]);
	assert_eq!(portal_now["chainId"], 97);
	// The network's own EVM chain id, as Ethereum wallets see it.
	let eth_rpc = EthRpc::start(&follower, dir.path()).await?;
	let client = jsonrpsee::http_client::HttpClientBuilder::default().build(eth_rpc.url())?;
	let chain_id: String =
		jsonrpsee::core::client::ClientT::request(&client, "eth_chainId", ArrayParams::new())
			.await?;
	assert_eq!(chain_id, "0x67932", "424242");

	// The first coin: the deposit relayer, which holds nothing, relays deposits 0 to 2 to three
	// council members (feeless, as a relay that will succeed is); they can then pay for motions.
	let members: Vec<Keypair> = council_seeds.iter().map(|seed| keypair(seed)).collect();
	let deposits = members[..3].iter().enumerate().map(|(nonce, member)| Deposit {
		nonce: nonce as u64,
		l1_token: NATIVE_TOKEN,
		l1_sender: [0x22; 20],
		recipient: account(member),
		amount: UNIT,
		l1_block_number: 1,
		l1_tx_hash: H256::repeat_byte(nonce as u8 + 3),
	});
	let relay = pallet_bridge::Call::relay_deposits {
		portal: L1Contract { chain_id: 97, address: [0x11; 20] },
		deposits: BoundedVec::truncate_from(deposits.collect()),
	};
	l2.submit_ok(RuntimeCall::Bridge(relay), &keypair("//mooring-test-relayer")).await?;
	let issuance =
		storage(&sequencer, &TotalIssuance::<mooring_runtime::Runtime>::hashed_key()).await?;
	let issuance = u128::decode(&mut &issuance.expect("an issuance")[..])?;
	assert_eq!(issuance, 3 * UNIT, "what was deposited");
	let quorum: Vec<&Keypair> = members[..3].iter().collect();

	rotate_the_sequencer_keys(&sequencer, &follower, &l2, &quorum).await?;
	upgrade_the_runtime(&sequencer, &follower, &l2, &quorum).await?;

	// A bad description is refused with the field that is wrong.
	let mut bad = description.clone();
	bad["sequencer"]["aura"] = json!("not-a-key");
	write_json(&file, &bad)?;
	let error = node_cli(&["network-spec", "--config", file.to_str().unwrap()]).unwrap_err();
	assert!(error.to_string().contains("sequencer.aura"), "{error}");
	// A live network may not reuse the dev chains' EVM chain id.
	let mut dev_id = description.clone();
	dev_id["evmChainId"] = json!(mooring_primitives::CHAIN_ID);
	write_json(&file, &dev_id)?;
	let error = node_cli(&["network-spec", "--config", file.to_str().unwrap()]).unwrap_err();
	assert!(error.to_string().contains("the dev chains' id"), "{error}");
	// A live council of fewer than four, or one naming a development key, is refused.
	let mut small = description.clone();
	small["council"].as_array_mut().expect("a list").truncate(3);
	write_json(&file, &small)?;
	let error = node_cli(&["network-spec", "--config", file.to_str().unwrap()]).unwrap_err();
	assert!(error.to_string().contains("at least 4 council members"), "{error}");
	let mut dev_member = description.clone();
	dev_member["council"][0] = json!(inspect("//Alice", "sr25519")?.0);
	write_json(&file, &dev_member)?;
	let error = node_cli(&["network-spec", "--config", file.to_str().unwrap()]).unwrap_err();
	assert!(error.to_string().contains("development account"), "{error}");
	// A live network without its Portal could never take a first deposit: refused.
	let mut no_portal = description.clone();
	no_portal.as_object_mut().expect("an object").remove("portal");
	write_json(&file, &no_portal)?;
	let error = node_cli(&["network-spec", "--config", file.to_str().unwrap()]).unwrap_err();
	assert!(error.to_string().contains("needs its portal"), "{error}");
	// A node started without --chain refuses, instead of running a chain of dev keys.
	let error =
		node_cli(&["--base-path", dir.path().join("nowhere").to_str().unwrap()]).unwrap_err();
	assert!(error.to_string().contains("no chain given"), "{error}");
	drop(sequencer);
	Ok(())
}

/// Three of four council members rotate the sequencer's keys to ones it already holds in its
/// keystore (inserted over its local RPC, as docs/chain-operator.md says): blocks go on being
/// authored with the new Aura key and finalized with the new GRANDPA key.
async fn rotate_the_sequencer_keys(
	sequencer: &Node,
	follower: &Node,
	l2: &L2,
	quorum: &[&Keypair],
) -> anyhow::Result<()> {
	let seed = "//mooring-test-sequencer-2";
	let (_, aura) = inspect(seed, "sr25519")?;
	let (_, grandpa) = inspect(seed, "ed25519")?;
	for (key_type, public) in [("aura", &aura), ("gran", &grandpa)] {
		let mut params = ArrayParams::new();
		params.insert(key_type)?;
		params.insert(seed)?;
		params.insert(public.as_str())?;
		sequencer.rpc("author_insertKey", params).await?;
	}
	let rotate = pallet_governance::Call::rotate_sequencer_keys {
		aura: Decode::decode(&mut &unhex(&aura)?[..])?,
		grandpa: Decode::decode(&mut &unhex(&grandpa)?[..])?,
	};
	l2.council_motion(RuntimeCall::Governance(rotate), quorum).await?;
	let rotated_at = sequencer.best_number().await?;

	let authorities = storage(follower, &pallet_aura::Authorities::<Runtime>::hashed_key()).await?;
	let authorities = Vec::<[u8; 32]>::decode(&mut &authorities.expect("authorities")[..])?;
	assert_eq!(authorities.iter().map(|key| hex(key)).collect::<Vec<_>>(), vec![aura]);
	// The follower imports only blocks sealed by the new key, and finality needs the new
	// GRANDPA key's votes from the block that scheduled it on.
	wait_until(TIMEOUT, "the follower finalizes 3 blocks past the rotation", || async {
		Ok(follower.finalized_number().await? >= rotated_at + 3)
	})
	.await?;
	let set_id = storage(follower, &pallet_grandpa::CurrentSetId::<Runtime>::hashed_key()).await?;
	assert_eq!(u64::decode(&mut &set_id.expect("a set id")[..])?, 1, "one authority set change");
	Ok(())
}

/// Three of four council members authorize the runtime with the next `spec_version`; a member
/// applies it (no second motion carries the code); blocks go on being produced and finalized and
/// a client sees and signs for the new version.
async fn upgrade_the_runtime(
	sequencer: &Node,
	follower: &Node,
	l2: &L2,
	quorum: &[&Keypair],
) -> anyhow::Result<()> {
	use polkadot_sdk::sp_io::hashing::blake2_256;
	let version = l2.spec_version().await?;
	let code = mooring_runtime::next_spec_version::WASM_BINARY
		.expect("the runtime's build script builds the next-spec-version variant");
	// zstd-compressed as a release build ships it (a debug build's wasm is 7 MB, more than a
	// block holds); nodes and the upgrade check decompress it.
	let code = polkadot_sdk::sp_maybe_compressed_blob::compress_strongly(code, 50 << 20)
		.expect("the runtime compresses");
	let authorize =
		pallet_governance::Call::authorize_upgrade { code_hash: H256(blake2_256(&code)) };
	l2.council_motion(RuntimeCall::Governance(authorize), quorum).await?;
	let apply = frame_system::Call::apply_authorized_upgrade { code };
	l2.submit_ok(RuntimeCall::System(apply), quorum[0]).await?;
	let upgraded_at = sequencer.best_number().await?;

	wait_until(TIMEOUT, "the follower finalizes 3 blocks past the upgrade", || async {
		Ok(follower.finalized_number().await? >= upgraded_at + 3)
	})
	.await?;
	let l2 = L2::to(sequencer).await?;
	assert_eq!(l2.spec_version().await?, version + 1);
	let remark = RuntimeCall::System(frame_system::Call::remark { remark: b"upgraded".to_vec() });
	l2.submit_ok(remark, quorum[1]).await?;
	Ok(())
}

#[tokio::test]
async fn governance_pauses_a_call_and_safe_mode_stops_all_but_block_production(
) -> anyhow::Result<()> {
	let dir = tempfile::tempdir()?;
	let node = Node::start(&NodeConfig::dev_sequencer(), dir.path()).await?;
	node.wait_for_block(1, TIMEOUT).await?;
	let l2 = L2::to(&node).await?;
	let bob = dev::bob();
	let transfer = || {
		RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
			dest: account(&dev::charlie()).into(),
			value: UNIT,
		})
	};
	let remark = || RuntimeCall::System(frame_system::Call::remark { remark: vec![7] });
	let transfers = (name("Balances"), name("transfer_keep_alive"));
	let assert_filtered = |error: RuntimeError| {
		assert!(
			matches!(error, RuntimeError::System(frame_system::Error::CallFiltered)),
			"{error:?}"
		)
	};

	// One call paused: refused at dispatch, while other calls go on; unpaused: it works again.
	let pause = pallet_tx_pause::Call::pause { full_name: transfers.clone() };
	l2.council_ok(RuntimeCall::TxPause(pause)).await?;
	assert_filtered(l2.submit_err(transfer(), &bob).await?);
	l2.submit_ok(remark(), &bob).await?;
	let unpause = pallet_tx_pause::Call::unpause { ident: transfers };
	l2.council_ok(RuntimeCall::TxPause(unpause)).await?;
	l2.submit_ok(transfer(), &bob).await?;
	// Nobody but governance pauses.
	let pause = pallet_tx_pause::Call::pause { full_name: (name("System"), name("remark")) };
	let error = l2.submit(RuntimeCall::TxPause(pause), &bob).await?.error;
	assert!(matches!(error, Some(polkadot_sdk::sp_runtime::DispatchError::BadOrigin)), "{error:?}");

	// Safe mode: every call outside the whitelist is refused, blocks keep coming; exit ends it.
	l2.council_ok(RuntimeCall::SafeMode(pallet_safe_mode::Call::force_enter {})).await?;
	assert_filtered(l2.submit_err(transfer(), &bob).await?);
	let best = node.best_number().await?;
	node.wait_for_block(best + 2, TIMEOUT).await?;
	l2.submit_ok(remark(), &bob).await?;
	l2.council_ok(RuntimeCall::SafeMode(pallet_safe_mode::Call::force_exit {})).await?;
	l2.submit_ok(transfer(), &bob).await?;
	Ok(())
}
