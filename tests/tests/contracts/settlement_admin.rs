//! Production safety of the L1 contracts: the Portal disregarding wrong final outputs, the batcher's
//! identity under EIP-7702, two-step admin transfers with a delay, and the production guards of
//! `contracts/deploy.mjs` (BNB Chain mainnet refusals, BSC testnet warnings, the timelock).

use super::*;
use alloy::{
	primitives::aliases::U48,
	rpc::types::{Authorization, TransactionRequest},
	signers::{local::PrivateKeySigner, SignerSync},
	sol,
};
use mooring_e2e::{free_port, npm_bin, process::Process};
use polkadot_sdk::pallet_balances::TotalIssuance;
use std::{
	io::{BufRead, BufReader, Read, Write},
	net::{TcpListener, TcpStream},
	process::Output,
	time::Duration,
};

sol! {
	/// OpenZeppelin's AccessControlDefaultAdminRules, as BatchInbox and Portal expose it.
	#[sol(rpc)]
	interface IAdminRules {
		error AccessControlEnforcedDefaultAdminRules();
		error AccessControlEnforcedDefaultAdminDelay(uint48 schedule);
		error AccessControlInvalidDefaultAdmin(address defaultAdmin);
		error AccessControlUnauthorizedAccount(address account, bytes32 neededRole);
		function defaultAdmin() external view returns (address);
		function owner() external view returns (address);
		function defaultAdminDelay() external view returns (uint48);
		function pendingDefaultAdmin() external view returns (address newAdmin, uint48 schedule);
		function beginDefaultAdminTransfer(address newAdmin) external;
		function cancelDefaultAdminTransfer() external;
		function acceptDefaultAdminTransfer() external;
		function hasRole(bytes32 role, address account) external view returns (bool);
		function grantRole(bytes32 role, address account) external;
		function revokeRole(bytes32 role, address account) external;
		function renounceRole(bytes32 role, address callerConfirmation) external;
	}
}

sol!(
	/// OpenZeppelin's TimelockController, as `deploy.mjs --timelock-delay` deploys it.
	#[sol(rpc)]
	Timelock,
	"../contracts/artifacts/Timelock.json"
);

const ONE_DAY: u64 = 24 * 60 * 60;

/// A fresh anvil with `chain_id` and `hardfork` (`Chain::start` pins BSC's id and cancun).
async fn start_chain(chain_id: u64, hardfork: &str) -> Chain {
	let dir = tempfile::tempdir().expect("temp dir");
	let port = free_port();
	let mut command = Command::new(npm_bin("anvil"));
	command.args(["--host", "127.0.0.1", "--port", &port.to_string()]).args([
		"--chain-id",
		&chain_id.to_string(),
		"--hardfork",
		hardfork,
	]);
	let process =
		Process::spawn("anvil", command, &dir.path().join("anvil.log")).expect("anvil starts");
	let mut anvil = Anvil { process, port };
	let url = anvil.url();
	anvil
		.process
		.wait_for_rpc(&url, "eth_chainId", Duration::from_secs(30))
		.await
		.expect("anvil answers");
	Chain::on(anvil, dir, chain_id).await
}

// ---------------------------------------------------------------------------------------------
// Portal: disregarding outputs
// ---------------------------------------------------------------------------------------------

/// Which of the output indices `0..count` the portal disregards.
async fn disregarded(portal: &PortalI, count: u64) -> Vec<bool> {
	let mut flags = vec![];
	for index in 0..count {
		flags.push(portal.isOutputDisregarded(U256::from(index)).call().await.unwrap());
	}
	flags
}

/// The portal's disregarded range [from, to).
async fn disregarded_range(portal: &PortalI) -> (u128, u128) {
	let range = portal.disregardedOutputs().call().await.unwrap();
	(range.from, range.to)
}

#[tokio::test]
async fn portal_disregards_a_wrong_final_output_and_pays_honest_withdrawals_later() {
	let b = Withdrawals::funded_bridge().await;
	let (portal, c) = (&b.portal, &b.chain);
	// The honest L2 withdrawal tree only grows: leaf 0, then leaf 1.
	let bind = |l| bound_to(*portal.address(), l);
	let honest = vec![
		bind(leaf(0, c.recipient, Address::ZERO, bnb(1))),
		bind(leaf(1, c.user, Address::ZERO, bnb(2))),
	];
	let honest_hashes: Vec<B256> = honest.iter().map(leaf_hash).collect();
	let first = preimage(10, tree_root(&honest_hashes[..1]));
	let first_index = b.propose_final(&first).await;

	// A wrong output becomes final unchallenged: its tree holds leaf 0 and a forged leaf 1 that pays
	// the stranger 5 BNB.
	let forged = bind(leaf(1, c.stranger, Address::ZERO, bnb(5)));
	let wrong_hashes = vec![honest_hashes[0], leaf_hash(&forged)];
	let wrong = preimage(20, tree_root(&wrong_hashes));
	let wrong_index = b.propose_final(&wrong).await;
	let pay_wrong = |l: &Formats::WithdrawalLeaf, i: usize| {
		portal
			.finalizeWithdrawal(l.clone(), wrong_index, wrong.clone(), tree_proof(&wrong_hashes, i))
			.from(c.stranger)
	};
	pay_wrong(&forged, 1).call().await.expect("unless disregarded, the forged leaf would pay");

	// The guardian pauses, disregards from the wrong output on, and unpauses.
	send(portal.pause().from(c.guardian)).await;
	let receipt = send(portal.disregardOutputsFrom(wrong_index).from(c.guardian)).await;
	println!("disregardOutputsFrom (first range): {} gas", receipt.gas_used);
	let event = receipt.decoded_log::<Portal::OutputsDisregarded>().expect("event").data;
	assert_eq!(
		(event.fromIndex, event.toIndex, event.account),
		(wrong_index, wrong_index + U256::from(1), c.guardian)
	);
	send(portal.unpause().from(c.guardian)).await;
	assert_eq!(disregarded(portal, 3).await, [false, true, false]);

	// Neither the forged leaf nor an honest one is paid against the wrong output.
	let refused = Portal::OutputDisregarded { outputIndex: wrong_index };
	assert_reverts(pay_wrong(&forged, 1), refused.clone()).await;
	assert_reverts(pay_wrong(&honest[0], 0), refused).await;
	assert!(!portal.isWithdrawalFinalized(1).call().await.unwrap());

	// A later honest output holds every honest leaf so far (the tree is append-only).
	let later = preimage(30, tree_root(&honest_hashes));
	let (later_index, _) = b.propose(&later).await;
	assert_eq!(later_index, wrong_index + U256::from(1));
	assert!(!portal.isOutputDisregarded(later_index).call().await.unwrap());
	let pay_later = |l: &Formats::WithdrawalLeaf, proof: [B256; 32]| {
		portal.finalizeWithdrawal(l.clone(), later_index, later.clone(), proof).from(c.stranger)
	};
	assert_reverts(
		pay_later(&honest[1], tree_proof(&honest_hashes, 1)),
		Portal::OutputNotFinalized { outputIndex: later_index },
	)
	.await;
	c.increase_time(WINDOW).await;
	// The forged leaf is in no honest root.
	assert_reverts(
		pay_later(&forged, tree_proof(&wrong_hashes, 1)),
		Portal::InvalidWithdrawalProof,
	)
	.await;

	let held = c.balance(*portal.address()).await;
	let (user_before, recipient_before) = (c.balance(c.user).await, c.balance(c.recipient).await);
	let receipt = send(pay_later(&honest[1], tree_proof(&honest_hashes, 1))).await;
	println!("finalizeWithdrawal (BNB, after a disregard): {} gas", receipt.gas_used);
	send(pay_later(&honest[0], tree_proof(&honest_hashes, 0))).await;
	assert_eq!(c.balance(c.user).await, user_before + bnb(2));
	assert_eq!(c.balance(c.recipient).await, recipient_before + bnb(1));
	assert_eq!(c.balance(*portal.address()).await, held - bnb(3));
	// Each nonce still pays once, whichever output proves it.
	assert_reverts(
		portal
			.finalizeWithdrawal(
				honest[0].clone(),
				first_index,
				first.clone(),
				tree_proof(&honest_hashes[..1], 0),
			)
			.from(c.stranger),
		Portal::WithdrawalAlreadyFinalized { nonce: 0 },
	)
	.await;
}

#[tokio::test]
async fn portal_disregard_needs_the_admin_or_a_paused_guardian_and_ranges_merge() {
	let b = Bridge::deploy().await;
	let (portal, c) = (&b.portal, &b.chain);
	for block in [10, 20, 30] {
		b.propose(&preimage(block, B256::ZERO)).await;
	}
	let disregard =
		|from: u64, who: Address| portal.disregardOutputsFrom(U256::from(from)).from(who);
	assert_eq!(disregarded_range(portal).await, (0, 0));
	assert_eq!(disregarded(portal, 3).await, [false; 3]);

	// Unpaused: a stranger never, the guardian not, the admin may.
	let not_guardian = Portal::AccessControlUnauthorizedAccount {
		account: c.stranger,
		neededRole: role("GUARDIAN_ROLE"),
	};
	assert_reverts(disregard(1, c.stranger), not_guardian.clone()).await;
	assert_reverts(disregard(1, c.guardian), Portal::ExpectedPause).await;
	assert_reverts(disregard(3, c.admin), Portal::UnknownOutput { outputIndex: U256::from(3) })
		.await;
	let receipt = send(disregard(1, c.admin)).await;
	let event = receipt.decoded_log::<Portal::OutputsDisregarded>().expect("event").data;
	assert_eq!(
		(event.fromIndex, event.toIndex, event.account),
		(U256::from(1), U256::from(3), c.admin)
	);
	assert_eq!(disregarded_range(portal).await, (1, 3));

	// Outputs proposed afterwards are honoured.
	for block in [40, 50] {
		b.propose(&preimage(block, B256::ZERO)).await;
	}
	assert_eq!(disregarded(portal, 6).await, [false, true, true, false, false, false]);

	// Paused: still not a stranger; the guardian may. Ranges merge: from the lowest start to the
	// oracle's current end.
	send(portal.pause().from(c.guardian)).await;
	assert_reverts(disregard(4, c.stranger), not_guardian).await;
	assert_reverts(disregard(5, c.guardian), Portal::UnknownOutput { outputIndex: U256::from(5) })
		.await;
	let receipt = send(disregard(4, c.guardian)).await;
	println!("disregardOutputsFrom (merging): {} gas", receipt.gas_used);
	let event = receipt.decoded_log::<Portal::OutputsDisregarded>().expect("event").data;
	assert_eq!(
		(event.fromIndex, event.toIndex, event.account),
		(U256::from(1), U256::from(5), c.guardian)
	);
	assert_eq!(disregarded(portal, 6).await, [false, true, true, true, true, false]);
	// The admin may while paused too; a later start never un-disregards an earlier incident.
	send(disregard(0, c.admin)).await;
	assert_eq!(disregarded_range(portal).await, (0, 5));
	send(disregard(4, c.guardian)).await;
	assert_eq!(disregarded_range(portal).await, (0, 5));

	// Outputs the challenger deletes drop off the end of the range on the next call (they name no
	// output any more); what is left stays disregarded.
	send(b.oracle.deleteOutputs(U256::from(3)).from(c.challenger)).await;
	send(disregard(2, c.guardian)).await;
	assert_eq!(disregarded_range(portal).await, (0, 3));
	send(portal.unpause().from(c.guardian)).await;
	b.propose(&preimage(60, B256::ZERO)).await;
	assert_eq!(disregarded(portal, 4).await, [true, true, true, false]);
}

// ---------------------------------------------------------------------------------------------
// BatchInbox: the batcher under EIP-7702
// ---------------------------------------------------------------------------------------------

/// Has `authority` sign an EIP-7702 authorization for `target` (address(0) clears a delegation)
/// and the chain's admin submit it in a transaction of its own.
async fn delegate(chain: &Chain, authority: &PrivateKeySigner, target: Address) {
	let chain_id = chain.provider.get_chain_id().await.unwrap();
	let nonce = chain.provider.get_transaction_count(authority.address()).await.unwrap();
	let authorization = Authorization { chain_id: U256::from(chain_id), address: target, nonce };
	let signature = authority.sign_hash_sync(&authorization.signature_hash()).expect("signs");
	let mut request = TransactionRequest::default().from(chain.admin).to(chain.admin);
	request.authorization_list = Some(vec![authorization.into_signed(signature)]);
	let receipt = chain
		.provider
		.send_transaction(request)
		.await
		.expect("sent")
		.get_receipt()
		.await
		.expect("receipt");
	assert!(receipt.status(), "the delegation transaction failed: {receipt:?}");
}

#[tokio::test]
async fn batch_inbox_refuses_a_batcher_delegated_with_eip7702() {
	let chain = start_chain(BSC_CHAIN_ID, "prague").await;
	let inbox = deploy_inbox(&chain).await;
	let actor = TestActor::deploy(chain.provider.clone()).await.unwrap();
	let batcher: PrivateKeySigner = KEYS[3].parse().unwrap();
	assert_eq!(batcher.address(), chain.batcher);

	// The batcher EOA delegates to the TestActor code: its code is 0xef0100 ++ address.
	delegate(&chain, &batcher, *actor.address()).await;
	let code = chain.provider.get_code_at(chain.batcher).await.unwrap();
	assert_eq!(code, Bytes::from([&[0xef, 0x01, 0x00][..], actor.address().as_slice()].concat()));

	// (a) A plain postBatch from the delegated EOA: sender and origin, but with code.
	let batch = chained_batch(1, 1, &[1]);
	assert_reverts(
		inbox.postBatch(U256::ZERO, U256::ONE, batch.clone()).from(chain.batcher),
		BatchInbox::CallerHasCode,
	)
	.await;
	assert_mined_failure(inbox.postBatch(U256::ZERO, U256::ONE, batch.clone()).from(chain.batcher))
		.await;

	// (b) Through its delegated code: in a transaction from the batcher to itself, the inbox sees
	// msg.sender == tx.origin, yet the transaction's `to` is not the inbox. In anyone else's
	// transaction the batcher is not the origin.
	let delegated = TestActor::new(chain.batcher, chain.provider.clone());
	let call = inbox.postBatch(U256::ZERO, U256::ONE, batch.clone()).calldata().clone();
	assert_reverts(
		delegated.forward(*inbox.address(), call.clone()).from(chain.batcher),
		BatchInbox::CallerHasCode,
	)
	.await;
	assert_reverts(
		delegated.forward(*inbox.address(), call).from(chain.stranger),
		BatchInbox::CallerNotEOA,
	)
	.await;
	assert_eq!(inbox.batchCount().call().await.unwrap(), U256::ZERO);

	// (c) Once the delegation is cleared, the batcher posts again.
	delegate(&chain, &batcher, Address::ZERO).await;
	assert!(chain.provider.get_code_at(chain.batcher).await.unwrap().is_empty());
	// Each authorization bumped the batcher's nonce behind the provider's nonce cache.
	let nonce = chain.provider.get_transaction_count(chain.batcher).await.unwrap();
	let receipt =
		send(inbox.postBatch(U256::ZERO, U256::ONE, batch).from(chain.batcher).nonce(nonce)).await;
	println!("postBatch (1-byte payload, with the code check): {} gas", receipt.gas_used);
	assert_eq!(inbox.batchCount().call().await.unwrap(), U256::from(1));
}

// ---------------------------------------------------------------------------------------------
// Admin transfers
// ---------------------------------------------------------------------------------------------

/// The timestamp of the block that included `receipt`.
async fn block_time(chain: &Chain, receipt: &TransactionReceipt) -> u64 {
	let number = receipt.block_number.expect("mined");
	let block = chain.provider.get_block_by_number(number.into()).await.unwrap().unwrap();
	block.header.timestamp
}

/// Checks that the admin of `contract` (held by `chain.admin`, with a transfer delay of `delay`
/// seconds) moves to `chain.stranger` only in two steps, `delay` apart, and that the new admin then
/// manages `managed_role`.
async fn assert_admin_moves_in_two_steps(
	chain: &Chain,
	contract: Address,
	delay: u64,
	managed_role: B256,
) {
	let rules = IAdminRules::new(contract, chain.provider.clone());
	let (admin, next) = (chain.admin, chain.stranger);
	assert_eq!(rules.defaultAdmin().call().await.unwrap(), admin);
	assert_eq!(rules.owner().call().await.unwrap(), admin);
	assert_eq!(rules.defaultAdminDelay().call().await.unwrap(), U48::from(delay));

	// The role itself cannot be granted, revoked or renounced directly.
	let enforced = IAdminRules::AccessControlEnforcedDefaultAdminRules;
	assert_reverts(rules.grantRole(B256::ZERO, next).from(admin), enforced.clone()).await;
	assert_reverts(rules.revokeRole(B256::ZERO, admin).from(admin), enforced).await;
	assert_reverts(
		rules.renounceRole(B256::ZERO, admin).from(admin),
		IAdminRules::AccessControlEnforcedDefaultAdminDelay { schedule: U48::ZERO },
	)
	.await;

	// Only the admin begins a transfer, and can cancel it.
	assert_reverts(
		rules.beginDefaultAdminTransfer(next).from(next),
		IAdminRules::AccessControlUnauthorizedAccount { account: next, neededRole: B256::ZERO },
	)
	.await;
	send(rules.beginDefaultAdminTransfer(chain.user).from(admin)).await;
	send(rules.cancelDefaultAdminTransfer().from(admin)).await;
	assert_eq!(rules.pendingDefaultAdmin().call().await.unwrap().newAdmin, Address::ZERO);

	let receipt = send(rules.beginDefaultAdminTransfer(next).from(admin)).await;
	let pending = rules.pendingDefaultAdmin().call().await.unwrap();
	let schedule: u64 = pending.schedule.to();
	assert_eq!((pending.newAdmin, schedule), (next, block_time(chain, &receipt).await + delay));

	// Only the pending admin accepts, and only once the delay has passed.
	assert_reverts(
		rules.acceptDefaultAdminTransfer().from(chain.user),
		IAdminRules::AccessControlInvalidDefaultAdmin { defaultAdmin: chain.user },
	)
	.await;
	let too_early =
		IAdminRules::AccessControlEnforcedDefaultAdminDelay { schedule: pending.schedule };
	assert_reverts(rules.acceptDefaultAdminTransfer().from(next), too_early.clone()).await;
	chain.mine_at(schedule).await;
	assert_reverts(rules.acceptDefaultAdminTransfer().from(next), too_early).await;
	chain.mine_at(schedule + 1).await;
	send(rules.acceptDefaultAdminTransfer().from(next)).await;

	assert_eq!(rules.defaultAdmin().call().await.unwrap(), next);
	assert!(!rules.hasRole(B256::ZERO, admin).call().await.unwrap());
	assert_reverts(
		rules.grantRole(managed_role, chain.user).from(admin),
		IAdminRules::AccessControlUnauthorizedAccount { account: admin, neededRole: B256::ZERO },
	)
	.await;
	send(rules.grantRole(managed_role, chain.user).from(next)).await;
	assert!(rules.hasRole(managed_role, chain.user).call().await.unwrap());
}

#[tokio::test]
async fn batch_inbox_and_portal_admins_move_in_two_steps_after_a_delay() {
	let b = Bridge::deploy().await;
	let c = &b.chain;
	let inbox_delay = b.inbox.INITIAL_ADMIN_DELAY().call().await.unwrap();
	assert_eq!(inbox_delay, U48::from(ONE_DAY));
	assert_admin_moves_in_two_steps(c, *b.inbox.address(), ONE_DAY, role("BATCHER_ROLE")).await;
	// The portal's delay is the oracle's challenge window.
	assert_admin_moves_in_two_steps(c, *b.portal.address(), WINDOW, role("GUARDIAN_ROLE")).await;
}

// ---------------------------------------------------------------------------------------------
// Deploy script: production guards and the timelock
// ---------------------------------------------------------------------------------------------

/// Answers one JSON-RPC request over HTTP on `stream` with `answer(method, params)`.
fn serve_json_rpc(
	stream: TcpStream,
	answer: &dyn Fn(&str, &Value) -> Value,
) -> std::io::Result<()> {
	let mut reader = BufReader::new(stream.try_clone()?);
	let mut length = 0;
	loop {
		let mut line = String::new();
		reader.read_line(&mut line)?;
		let line = line.trim_end();
		if line.is_empty() {
			break;
		}
		if let Some((name, value)) = line.split_once(':') {
			if name.eq_ignore_ascii_case("content-length") {
				length = value.trim().parse().unwrap_or(0);
			}
		}
	}
	let mut body = vec![0; length];
	reader.read_exact(&mut body)?;
	let request: Value = serde_json::from_slice(&body).unwrap_or_default();
	let method = request["method"].as_str().unwrap_or_default();
	let response = serde_json::json!({
		"jsonrpc": "2.0",
		"id": request["id"],
		"result": answer(method, &request["params"]),
	})
	.to_string();
	let mut stream = stream;
	write!(
		stream,
		"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{response}",
		response.len()
	)
}

/// A stand-in for an L2 node's JSON-RPC (HTTP on loopback): block 0 is `genesis` and
/// Balances.TotalIssuance is `issuance`, stored under the runtime's own storage key (so the key
/// `deploy.mjs` hard-codes is checked against the runtime). Returns its URL.
fn fake_l2(genesis: B256, issuance: u128) -> String {
	let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
	let url = format!("http://{}", listener.local_addr().unwrap());
	let key = Bytes::from(TotalIssuance::<mooring_runtime::Runtime>::hashed_key().to_vec());
	let answer = move |method: &str, params: &Value| match method {
		"chain_getBlockHash" if params[0] == 0 => Value::from(genesis.to_string()),
		"state_getStorage" if params[0] == key.to_string() => {
			Value::from(Bytes::from(issuance.to_le_bytes().to_vec()).to_string())
		},
		_ => Value::Null,
	};
	std::thread::spawn(move || {
		for stream in listener.incoming().flatten() {
			let _ = serve_json_rpc(stream, &answer);
		}
	});
	url
}

/// Runs `contracts/deploy.mjs` against `chain` with the deployer key 0, every role given, the
/// user as `--admin`, then `extra`.
fn run_deploy(chain: &Chain, extra: &[&str]) -> Output {
	run_deploy_script(chain, chain.user, extra)
}

/// Asserts that the script exited 2 and said `why`.
fn assert_refused(output: &Output, why: &str) {
	let stderr = String::from_utf8_lossy(&output.stderr);
	assert_eq!(output.status.code(), Some(2), "expected a refusal ({why}): {stderr}");
	assert!(stderr.contains(why), "expected {why:?} in: {stderr}");
}

/// The deployment JSON the script printed; asserts that it succeeded.
fn deployed(output: &Output) -> Value {
	let stderr = String::from_utf8_lossy(&output.stderr);
	assert!(output.status.success(), "deploy failed: {stderr}");
	serde_json::from_slice(&output.stdout).expect("JSON on stdout")
}

#[tokio::test]
async fn deploy_script_refuses_unsafe_bnb_chain_deployments() {
	let chain = Chain::start().await;
	let day = ONE_DAY.to_string();
	let minted_l2 = fake_l2(block_hash(0), 5);
	let minted_ws = minted_l2.replace("http://", "ws://");
	let other_l2 = fake_l2(keccak256("another L2 genesis"), 0);
	// --mainnet-checks holds this anvil to BNB Chain's rules (chain id 56 on a real node).
	fn mainnet<'a>(extra: &[&'a str]) -> Vec<&'a str> {
		[&["--mainnet-checks"][..], extra].concat()
	}
	let cases: Vec<(Vec<&str>, &str)> = vec![
		(
			mainnet(&["--window-seconds", "3600", "--timelock-delay", &day]),
			"refusing to deploy on chain 56: --window-seconds 3600 is below one day (86400)",
		),
		(mainnet(&["--window-seconds", &day]), "no --timelock-delay"),
		(
			mainnet(&["--window-seconds", &day, "--timelock-delay", &day, "--no-batch-check"]),
			"--no-batch-check deploys an oracle without an inbox",
		),
		(
			mainnet(&["--window-seconds", &day, "--timelock-delay", "3600"]),
			"--timelock-delay 3600 is below the window 86400",
		),
		(
			mainnet(&[
				"--window-seconds",
				&day,
				"--timelock-delay",
				&day,
				"--l2-rpc-url",
				&minted_ws,
			]),
			"the L2's total issuance is 5, not 0",
		),
		// The genesis check holds on every chain.
		(vec!["--window-seconds", "120", "--l2-rpc-url", &other_l2], "has genesis"),
		(vec!["--timelock-delay", "1d"], "--timelock-delay: not a whole number"),
		(vec!["--l2-rpc-url", "127.0.0.1:9944"], "--l2-rpc-url: expected an http(s) or ws(s) URL"),
	];
	for (extra, why) in cases {
		assert_refused(&run_deploy(&chain, &extra), why);
	}
	let sent = chain.provider.get_transaction_count(chain.admin).await.unwrap();
	assert_eq!(sent, 0, "every refusal comes before the first transaction");

	// Without --mainnet-checks, chain id 56 on anvil (the devnet's stand-in) only warns.
	let output = run_deploy(&chain, &["--window-seconds", "120"]);
	deployed(&output);
	let stderr = String::from_utf8_lossy(&output.stderr);
	assert!(stderr.contains("served by a local dev node"), "{stderr}");
	assert!(stderr.contains("warning: --window-seconds 120 is below one day"), "{stderr}");
}

#[tokio::test]
async fn deploy_script_only_warns_on_bsc_testnet() {
	let chain = start_chain(97, "cancun").await;
	let issuance = 1_000 * ONE_BNB;
	let l2 = fake_l2(block_hash(0), issuance);
	let output = run_deploy(&chain, &["--window-seconds", "120", "--l2-rpc-url", &l2]);
	let printed = deployed(&output);
	let stderr = String::from_utf8_lossy(&output.stderr);
	let minted = format!("warning: the L2's total issuance is {issuance}, not 0");
	for warning in [
		"warning: --window-seconds 120 is below one day",
		"warning: no --timelock-delay",
		minted.as_str(),
	] {
		assert!(stderr.contains(warning), "expected {warning:?} in: {stderr}");
	}
	assert_eq!(printed["chainId"], 97);
	assert_eq!(printed["timelock"], Value::Null);
	assert_eq!(printed["config"]["l2TotalIssuance"], issuance.to_string());
	let inbox = BatchInbox::new(address(&printed["batchInbox"]), chain.provider.clone());
	assert_eq!(inbox.defaultAdmin().call().await.unwrap(), chain.user);
}

#[tokio::test]
async fn deploy_script_puts_the_contracts_behind_a_timelock() {
	let chain = Chain::start().await;
	let (window, delay) = (ONE_DAY, 2 * ONE_DAY);
	let l2 = fake_l2(block_hash(0), 0);
	// A new network names its Portal in its genesis, before the L1 contracts exist: predicted
	// from the deployer's nonce, then checked when deploying.
	let delay_text = delay.to_string();
	let predicted =
		deployed(&run_deploy(&chain, &["--predict-portal", "--timelock-delay", &delay_text]));
	let portal_address = predicted["portal"].as_str().expect("a Portal address").to_owned();
	let flags = |expect: &str| -> Vec<String> {
		[
			"--mainnet-checks",
			"--window-seconds",
			&window.to_string(),
			"--timelock-delay",
			&delay_text,
			"--l2-rpc-url",
			&l2,
			"--expect-portal",
			expect,
		]
		.iter()
		.map(|flag| flag.to_string())
		.collect()
	};
	let elsewhere = flags(&chain.stranger.to_string());
	let elsewhere: Vec<&str> = elsewhere.iter().map(String::as_str).collect();
	assert_refused(&run_deploy(&chain, &elsewhere), "--expect-portal");
	let expected = flags(&portal_address);
	let output = run_deploy(&chain, &expected.iter().map(String::as_str).collect::<Vec<_>>());
	let printed = deployed(&output);
	assert_eq!(printed["portal"].as_str(), Some(portal_address.as_str()), "where it was predicted");
	let stderr = String::from_utf8_lossy(&output.stderr);
	assert!(
		!stderr.contains("warning"),
		"a complete mainnet deployment warns of nothing: {stderr}"
	);

	let p = chain.provider.clone();
	let timelock_address = address(&printed["timelock"]);
	let timelock = Timelock::new(timelock_address, p.clone());
	assert_eq!(printed["config"]["admin"], timelock_address.to_string());
	assert_eq!(printed["config"]["timelockDelay"], delay);
	assert_eq!(printed["config"]["timelockProposer"], chain.user.to_string());
	assert_eq!(printed["config"]["l2TotalIssuance"], "0");

	// The timelock: --admin proposes, cancels and executes; the timelock administers itself.
	let owner = chain.user;
	assert_eq!(timelock.getMinDelay().call().await.unwrap(), U256::from(delay));
	for role_name in ["PROPOSER_ROLE", "EXECUTOR_ROLE", "CANCELLER_ROLE"] {
		assert!(timelock.hasRole(role(role_name), owner).call().await.unwrap(), "{role_name}");
	}
	assert!(timelock.hasRole(B256::ZERO, timelock_address).call().await.unwrap());
	for account in [owner, chain.admin] {
		assert!(!timelock.hasRole(B256::ZERO, account).call().await.unwrap());
	}

	// The timelock is the admin of all three contracts; neither the deployer nor --admin is.
	let inbox = BatchInbox::new(address(&printed["batchInbox"]), p.clone());
	let oracle = OutputOracle::new(address(&printed["outputOracle"]), p.clone());
	let portal = Portal::new(address(&printed["portal"]), p.clone());
	assert_eq!(inbox.defaultAdmin().call().await.unwrap(), timelock_address);
	assert_eq!(portal.defaultAdmin().call().await.unwrap(), timelock_address);
	assert_eq!(portal.defaultAdminDelay().call().await.unwrap(), U48::from(window));
	assert!(oracle.hasRole(B256::ZERO, timelock_address).call().await.unwrap());
	for account in [owner, chain.admin] {
		assert!(!inbox.hasRole(B256::ZERO, account).call().await.unwrap());
		assert!(!oracle.hasRole(B256::ZERO, account).call().await.unwrap());
		assert!(!portal.hasRole(B256::ZERO, account).call().await.unwrap());
	}

	// An admin action goes through the timelock: scheduled by --admin, executable after the delay.
	let grant = inbox.grantRole(role("BATCHER_ROLE"), chain.stranger).calldata().clone();
	assert_reverts(
		inbox.grantRole(role("BATCHER_ROLE"), chain.stranger).from(owner),
		BatchInbox::AccessControlUnauthorizedAccount { account: owner, neededRole: B256::ZERO },
	)
	.await;
	let target = *inbox.address();
	let (predecessor, salt) = (B256::ZERO, keccak256("grant a batcher"));
	send(
		timelock
			.schedule(target, U256::ZERO, grant.clone(), predecessor, salt, U256::from(delay))
			.from(owner),
	)
	.await;
	let execute =
		|| timelock.execute(target, U256::ZERO, grant.clone(), predecessor, salt).from(owner);
	let early = revert_data(execute()).await;
	assert_eq!(early[..4], Timelock::TimelockUnexpectedOperationState::SELECTOR);
	chain.increase_time(delay).await;
	send(execute()).await;
	assert!(inbox.hasRole(role("BATCHER_ROLE"), chain.stranger).call().await.unwrap());
}
