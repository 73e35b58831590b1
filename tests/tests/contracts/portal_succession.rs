//! Settlement domains and Portal succession: a withdrawal leaf is paid only by the Portal it names
//! (on its chain), an output root counts only in the oracle it was proposed to, and a Portal hands
//! its funds and its unpaid leaves over to a successor without any leaf becoming payable twice.

use super::*;

/// A second oracle over `b`'s inbox and a Portal on it: another deployment over the same L2.
async fn second_pair(b: &Bridge, predecessor: Address, first_nonce: U256) -> (Oracle, PortalI) {
	let c = &b.chain;
	let oracle = deploy_oracle(c, *b.inbox.address()).await;
	send(oracle.depositBond().value(U256::from(BOND)).from(c.proposer)).await;
	let tokens = vec![*b.token.address()];
	let deploy = Portal::deploy_builder(
		c.provider.clone(),
		c.admin,
		c.guardian,
		*oracle.address(),
		tokens,
		U256::ZERO,
		predecessor,
		first_nonce,
	);
	let portal = Portal::new(send(deploy).await.contract_address.unwrap(), c.provider.clone());
	(oracle, portal)
}

/// Proposes `p` to `oracle` (its data already posted) and lets the window pass.
async fn propose_final_to(b: &Bridge, oracle: &Oracle, p: &Formats::OutputRootPreimage) -> U256 {
	b.post_through(p.l2BlockNumber.to()).await;
	let index = oracle.nextOutputIndex().call().await.unwrap();
	send(oracle.proposeOutputWithPreimage(for_oracle(p)).from(b.chain.proposer)).await;
	b.chain.increase_time(WINDOW).await;
	index
}

/// `portal.finalizeWithdrawal` of `leaves[i]` against the final output `index` of `p`.
fn pay<'a>(
	portal: &'a PortalI,
	leaves: &[Formats::WithdrawalLeaf],
	index: U256,
	p: &Formats::OutputRootPreimage,
	i: usize,
) -> SolCallBuilder<&'a DynProvider, Portal::finalizeWithdrawalCall> {
	let hashes: Vec<B256> = leaves.iter().map(leaf_hash).collect();
	portal.finalizeWithdrawal(leaves[i].clone(), index, p.clone(), tree_proof(&hashes, i))
}

#[tokio::test]
async fn a_withdrawal_is_paid_only_by_the_portal_and_chain_it_names() {
	let b = Withdrawals::funded_bridge().await;
	let c = &b.chain;
	let (other_oracle, other_portal) = second_pair(&b, Address::ZERO, U256::ZERO).await;
	send(other_portal.depositNative(keccak256("l2 user")).value(bnb(10)).from(c.user)).await;

	// One L2 withdrawal tree; leaf 0 names the first Portal, leaf 1 the second, leaf 2 the first
	// Portal's address on BSC testnet.
	let mine = |l| bound_to(*b.portal.address(), l);
	let theirs = |l| bound_to(*other_portal.address(), l);
	let testnet = Formats::WithdrawalLeaf {
		l1ChainId: U256::from(97),
		..mine(leaf(2, c.recipient, Address::ZERO, bnb(1)))
	};
	let leaves = vec![
		mine(leaf(0, c.recipient, Address::ZERO, bnb(1))),
		theirs(leaf(1, c.recipient, Address::ZERO, bnb(1))),
		testnet,
	];
	let hashes: Vec<B256> = leaves.iter().map(leaf_hash).collect();
	let p = preimage(30, tree_root(&hashes));
	// The same preimage is a different root in each oracle.
	let (first, _) = b.propose(&p).await;
	let second = propose_final_to(&b, &other_oracle, &p).await;
	let first_root = b.oracle.getL2Output(first).call().await.unwrap().outputRoot;
	let second_root = other_oracle.getL2Output(second).call().await.unwrap().outputRoot;
	assert_eq!(first_root, output_root(*b.oracle.address(), &p));
	assert_eq!(second_root, output_root(*other_oracle.address(), &p));
	assert_ne!(first_root, second_root);
	b.chain.increase_time(WINDOW).await;

	// Each Portal pays the leaf that names it and refuses the other's, whatever the proof.
	let wrong_domain = |l: &Formats::WithdrawalLeaf| Portal::WrongDomain {
		l1ChainId: l.l1ChainId,
		portal: l.portal,
	};
	assert_reverts(pay(&other_portal, &leaves, second, &p, 0), wrong_domain(&leaves[0])).await;
	assert_reverts(pay(&b.portal, &leaves, first, &p, 1), wrong_domain(&leaves[1])).await;
	assert_reverts(pay(&b.portal, &leaves, first, &p, 2), wrong_domain(&leaves[2])).await;
	assert_reverts(pay(&other_portal, &leaves, second, &p, 2), wrong_domain(&leaves[2])).await;
	send(pay(&b.portal, &leaves, first, &p, 0)).await;
	send(pay(&other_portal, &leaves, second, &p, 1)).await;
	assert!(b.portal.isWithdrawalFinalized(0).call().await.unwrap());
	assert!(!other_portal.isWithdrawalFinalized(0).call().await.unwrap());
}

#[tokio::test]
async fn a_portal_retires_into_its_successor_without_replays_or_stranded_funds() {
	// The old Portal holds 10 BNB and 100 tokens; withdrawals 0 to 2 name it.
	let b = Withdrawals::funded_bridge().await;
	let c = &b.chain;
	let old = &b.portal;
	let token = *b.token.address();
	let bind_old = |l| bound_to(*old.address(), l);
	let mut leaves = vec![
		bind_old(leaf(0, c.recipient, Address::ZERO, bnb(2))),
		bind_old(leaf(1, c.recipient, token, bnb(30))),
		bind_old(leaf(2, c.user, Address::ZERO, bnb(1))),
	];
	let hashes: Vec<B256> = leaves.iter().map(leaf_hash).collect();
	let before = preimage(40, tree_root(&hashes));
	let old_output = b.propose_final(&before).await;
	send(pay(old, &leaves, old_output, &before, 0)).await;
	let nonce = old.depositNonce().call().await.unwrap();
	assert_eq!(nonce, U256::from(2));

	// A successor needs a predecessor whose deposits stopped for good, an oracle of its own and
	// the predecessor's final deposit nonce.
	let deploy = |oracle: Address, first: U256| {
		Portal::deploy_builder(
			c.provider.clone(),
			c.admin,
			c.guardian,
			oracle,
			vec![token],
			U256::ZERO,
			*old.address(),
			first,
		)
	};
	let own_oracle = *deploy_oracle(c, *b.inbox.address()).await.address();
	assert_reverts(deploy(own_oracle, nonce), Portal::PredecessorTakesDeposits).await;
	// Only the admin, or the guardian while paused, stops deposits, for good; withdrawals go on.
	let guardian_role = role("GUARDIAN_ROLE");
	assert_reverts(
		old.stopDeposits().from(c.stranger),
		unauthorized!(Portal, c.stranger, guardian_role),
	)
	.await;
	assert_reverts(old.stopDeposits().from(c.guardian), Portal::ExpectedPause).await;
	send(old.pause().from(c.guardian)).await;
	let receipt = send(old.stopDeposits().from(c.guardian)).await;
	let stopped = receipt.decoded_log::<Portal::DepositsStopped>().unwrap().data;
	assert_eq!((stopped.depositNonce, stopped.account), (nonce, c.guardian));
	assert_reverts(old.stopDeposits(), Portal::DepositsAreStopped).await;
	send(old.unpause().from(c.guardian)).await;
	assert_reverts(
		old.depositNative(keccak256("l2 user")).value(bnb(1)).from(c.user),
		Portal::DepositsAreStopped,
	)
	.await;
	// On the old oracle, a successor would honour the outputs the old Portal disregarded.
	assert_reverts(deploy(*b.oracle.address(), nonce), Portal::SameOracle).await;
	assert_reverts(
		deploy(own_oracle, U256::ZERO),
		Portal::DepositNonceMismatch { expected: nonce, given: U256::ZERO },
	)
	.await;
	let (oracle, new) = second_pair(&b, *old.address(), nonce).await;
	assert_eq!(new.predecessor().call().await.unwrap(), *old.address());
	assert_eq!(new.depositNonce().call().await.unwrap(), nonce);
	// It starts paused: nobody deposits there before the L2 bridge settles to it.
	assert!(new.paused().call().await.unwrap());
	send(new.unpause().from(c.guardian)).await;

	// Before the old Portal retires, the new one pays none of its leaves (no leaf is ever
	// payable in two places), and nobody else can hand it BNB.
	let after = preimage(50, tree_root(&hashes));
	let new_output = propose_final_to(&b, &oracle, &after).await;
	let refused =
		Portal::WrongDomain { l1ChainId: U256::from(BSC_CHAIN_ID), portal: *old.address() };
	assert_reverts(pay(&new, &leaves, new_output, &after, 1), refused).await;
	assert_reverts(
		new.receiveFromPredecessor().value(bnb(1)).from(c.stranger),
		Portal::NotPredecessor,
	)
	.await;

	// Only the admin retires, only into a successor that names it.
	assert_reverts(
		old.retire(*new.address(), vec![token]).from(c.guardian),
		unauthorized!(Portal, c.guardian, B256::ZERO),
	)
	.await;
	let (_, unrelated) = second_pair(&b, Address::ZERO, U256::ZERO).await;
	assert_reverts(old.retire(*unrelated.address(), vec![]), Portal::NotOurSuccessor).await;
	assert_reverts(old.sweepToSuccessor(token), Portal::NotRetired).await;
	let (old_bnb, old_tokens) =
		(c.balance(*old.address()).await, b.token.balanceOf(*old.address()).call().await.unwrap());
	assert_eq!((old_bnb, old_tokens), (bnb(8), bnb(100)));
	let receipt = send(old.retire(*new.address(), vec![token])).await;
	let retired = receipt.decoded_log::<Portal::PortalRetired>().unwrap().data;
	assert_eq!((retired.successor, retired.nativeAmount), (*new.address(), bnb(8)));
	assert_eq!(c.balance(*new.address()).await, bnb(8));
	assert_eq!(b.token.balanceOf(*new.address()).call().await.unwrap(), bnb(100));
	assert_eq!(c.balance(*old.address()).await, U256::ZERO);

	// The old Portal is done for good; a token sent to it later is swept on.
	let done = Portal::Retired { successor: *new.address() };
	assert_reverts(old.retire(*new.address(), vec![]), done.clone()).await;
	assert_reverts(
		old.depositNative(keccak256("l2 user")).value(bnb(1)).from(c.user),
		done.clone(),
	)
	.await;
	assert_reverts(pay(old, &leaves, old_output, &before, 2), done).await;
	send(b.token.transfer(*old.address(), bnb(1)).from(c.user)).await;
	send(old.sweepToSuccessor(token).from(c.stranger)).await;
	assert_eq!(b.token.balanceOf(*new.address()).call().await.unwrap(), bnb(101));

	// The new Portal pays the old leaves not paid yet, never one paid already, and its own.
	assert!(new.acceptsLeavesOf(*old.address()).call().await.unwrap());
	assert!(new.isWithdrawalFinalized(0).call().await.unwrap(), "paid by the predecessor");
	assert_reverts(
		pay(&new, &leaves, new_output, &after, 0),
		Portal::WithdrawalAlreadyFinalized { nonce: 0 },
	)
	.await;
	let recipient_tokens = b.token.balanceOf(c.recipient).call().await.unwrap();
	send(pay(&new, &leaves, new_output, &after, 1)).await;
	assert_eq!(b.token.balanceOf(c.recipient).call().await.unwrap(), recipient_tokens + bnb(30));
	leaves.push(bound_to(*new.address(), leaf(3, c.user, Address::ZERO, bnb(3))));
	let hashes: Vec<B256> = leaves.iter().map(leaf_hash).collect();
	let later = preimage(60, tree_root(&hashes));
	let later_output = propose_final_to(&b, &oracle, &later).await;
	send(pay(&new, &leaves, later_output, &later, 2)).await;
	send(pay(&new, &leaves, later_output, &later, 3)).await;
	assert_eq!(c.balance(*new.address()).await, bnb(8 - 1 - 3));

	// Deposits continue the nonces where the old Portal stopped.
	let receipt = send(new.depositNative(keccak256("l2 user")).value(bnb(1)).from(c.user)).await;
	let deposit = receipt.decoded_log::<Portal::DepositInitiated>().unwrap().data;
	assert_eq!(deposit.nonce, nonce);
}
