//! Tests of the bridge pallet: every call's success and every error, the deposit queue's
//! exactly-once-in-order property, parking and retrying, withdrawal burns, tree roots against an
//! independent computation, proofs, and issuance conservation under random sequences.

use crate::{mock::*, *};
use mooring_primitives::bridge::{hash_pair, verify_withdrawal_proof, zero_hashes};
use polkadot_sdk::{
	frame_support::{
		assert_noop, assert_ok,
		dispatch::{DispatchErrorWithPostInfo, Pays, PostDispatchInfo},
		traits::{
			fungible::{Inspect as _, Mutate as _},
			fungibles::Inspect as _,
		},
		BoundedVec,
	},
	frame_system,
	sp_core::{H256, U256},
	sp_io,
	sp_runtime::{BuildStorage, DispatchError, TokenError},
};
use proptest::prelude::*;

type Deposits = BoundedVec<DepositOf<Test>, <Test as Config>::MaxDepositsPerCall>;

fn batch(deposits: Vec<DepositOf<Test>>) -> Deposits {
	deposits.try_into().expect("within MaxDepositsPerCall")
}

fn relay(deposits: Vec<DepositOf<Test>>) -> Result<PostDispatchInfo, DispatchErrorWithPostInfo> {
	Bridge::relay_deposits(RuntimeOrigin::signed(RELAYER), PORTAL, batch(deposits))
}

fn withdraw(
	who: &AccountId,
	asset: BridgeAsset<AssetId>,
	amount: Balance,
) -> Result<PostDispatchInfo, DispatchErrorWithPostInfo> {
	Bridge::withdraw(RuntimeOrigin::signed(who.clone()), L1_ALICE, asset, amount)
}

fn native(who: &AccountId) -> Balance {
	Balances::balance(who)
}

fn asset(id: AssetId, who: &AccountId) -> Balance {
	Assets::balance(id, who)
}

fn native_issuance() -> Balance {
	Balances::total_issuance()
}

fn asset_issuance(id: AssetId) -> Balance {
	Assets::total_issuance(id)
}

/// The bridge events so far.
fn events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::Bridge(event) => Some(event),
			_ => None,
		})
		.collect()
}

fn token_error(error: TokenError) -> DispatchError {
	DispatchError::Token(error)
}

fn module_error(error: Error<Test>) -> DispatchError {
	error.into()
}

/// The root of the depth-32 tree over `leaves`, computed level by level without the frontier
/// algorithm (as `contracts/test-vectors/generate.mjs` does).
fn naive_root(leaves: &[H256]) -> H256 {
	let zeros = zero_hashes();
	let mut level = leaves.to_vec();
	for zero in zeros.iter().take(WITHDRAWAL_TREE_DEPTH) {
		level =
			level.chunks(2).map(|pair| hash_pair(&pair[0], pair.get(1).unwrap_or(zero))).collect();
	}
	level.first().copied().unwrap_or(zeros[WITHDRAWAL_TREE_DEPTH])
}

/// The leaf hashes of every withdrawal, by nonce.
fn leaf_hashes() -> Vec<H256> {
	(0..Bridge::withdrawal_count())
		.map(|nonce| Withdrawals::<Test>::get(nonce).unwrap().hash())
		.collect()
}

// ------------------------------------------------------------------------------------ genesis

#[test]
fn genesis_sets_relayers_token_maps_and_nonce() {
	run(|| {
		assert_eq!(Relayers::<Test>::get().into_iter().collect::<Vec<_>>(), vec![RELAYER]);
		assert_eq!(TokenToAsset::<Test>::get(USDT), Some(USDT_ASSET));
		assert_eq!(AssetToToken::<Test>::get(WBTC_ASSET), Some(WBTC));
		assert_eq!(Bridge::next_deposit_nonce(), 0);
		assert_eq!(Bridge::withdrawal_count(), 0);
		assert_eq!(Bridge::withdrawals_root(), zero_hashes()[32]);
	});
}

fn build_genesis(config: GenesisConfig<Test>) -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	config.assimilate_storage(&mut storage).unwrap();
	storage.into()
}

#[test]
fn genesis_may_start_the_queue_at_any_nonce() {
	build_genesis(GenesisConfig { next_deposit_nonce: 7, ..Default::default() }).execute_with(
		|| {
			assert_eq!(NextDepositNonce::<Test>::get(), 7);
			assert!(Relayers::<Test>::get().is_empty());
		},
	);
}

#[test]
#[should_panic(expected = "duplicate relayer")]
fn genesis_refuses_a_duplicate_relayer() {
	build_genesis(GenesisConfig { relayers: vec![ALICE, ALICE], ..Default::default() });
}

#[test]
#[should_panic(expected = "too many relayers")]
fn genesis_refuses_too_many_relayers() {
	let relayers = (0..5u8).map(|i| AccountId::new([i; 32])).collect();
	build_genesis(GenesisConfig { relayers, ..Default::default() });
}

#[test]
#[should_panic(expected = "the zero address is BNB")]
fn genesis_refuses_mapping_the_zero_address() {
	build_genesis(GenesisConfig { token_mappings: vec![([0; 20], 1)], ..Default::default() });
}

#[test]
#[should_panic(expected = "asset mapped twice")]
fn genesis_refuses_an_asset_mapped_twice() {
	build_genesis(GenesisConfig {
		token_mappings: vec![(USDT, 1), (WBTC, 1)],
		..Default::default()
	});
}

#[test]
#[should_panic(expected = "token mapped twice")]
fn genesis_refuses_a_token_mapped_twice() {
	build_genesis(GenesisConfig {
		token_mappings: vec![(USDT, 1), (USDT, 2)],
		..Default::default()
	});
}

// ------------------------------------------------------------------------------ relay_deposits

#[test]
fn relaying_credits_bnb_and_bep20_in_order_for_free() {
	run(|| {
		let issuance = native_issuance();
		let info = relay(vec![
			deposit(0, NATIVE_TOKEN, NEWCOMER, 1_000),
			deposit(1, USDT, BOB, 250),
			deposit(2, NATIVE_TOKEN, ALICE, 7),
		])
		.unwrap();
		assert_eq!(info.pays_fee, Pays::No);
		assert_eq!(native(&NEWCOMER), 1_000);
		assert_eq!(native(&ALICE), INITIAL + 7);
		assert_eq!(asset(USDT_ASSET, &BOB), 250);
		assert_eq!(native_issuance(), issuance + 1_007);
		assert_eq!(Bridge::next_deposit_nonce(), 3);
		assert_eq!(
			events(),
			vec![
				Event::DepositRelayed {
					nonce: 0,
					recipient: NEWCOMER,
					l1_token: NATIVE_TOKEN,
					amount: 1_000
				},
				Event::DepositRelayed { nonce: 1, recipient: BOB, l1_token: USDT, amount: 250 },
				Event::DepositRelayed {
					nonce: 2,
					recipient: ALICE,
					l1_token: NATIVE_TOKEN,
					amount: 7
				},
			]
		);
		// The queue continues where it stopped.
		assert_ok!(relay(vec![deposit(3, USDT, ALICE, 1)]));
		assert_eq!(Bridge::next_deposit_nonce(), 4);
	});
}

#[test]
fn only_authorized_relayers_relay() {
	run(|| {
		let deposits = batch(vec![deposit(0, NATIVE_TOKEN, BOB, 100)]);
		assert_noop!(
			Bridge::relay_deposits(RuntimeOrigin::none(), PORTAL, deposits.clone()),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Bridge::relay_deposits(RuntimeOrigin::root(), PORTAL, deposits.clone()),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Bridge::relay_deposits(RuntimeOrigin::signed(ALICE), PORTAL, deposits),
			Error::<Test>::NotRelayer
		);
	});
}

#[test]
fn an_empty_batch_is_refused() {
	run(|| {
		assert_noop!(relay(vec![]), Error::<Test>::NoDeposits);
	});
}

#[test]
fn a_gap_is_refused_and_changes_nothing() {
	run(|| {
		assert_noop!(
			relay(vec![deposit(1, NATIVE_TOKEN, BOB, 100)]),
			Error::<Test>::UnexpectedDepositNonce
		);
		assert_ok!(relay(vec![deposit(0, NATIVE_TOKEN, BOB, 100)]));
		assert_noop!(
			relay(vec![deposit(2, NATIVE_TOKEN, BOB, 100)]),
			Error::<Test>::UnexpectedDepositNonce
		);
	});
}

#[test]
fn a_gap_inside_a_batch_is_refused_and_nothing_of_it_applies() {
	run(|| {
		// Deposit 0 is fine on its own, but the batch skips 1.
		assert_noop!(
			relay(vec![deposit(0, NATIVE_TOKEN, BOB, 100), deposit(2, NATIVE_TOKEN, BOB, 100)]),
			Error::<Test>::UnexpectedDepositNonce
		);
		assert_noop!(
			relay(vec![
				deposit(0, NATIVE_TOKEN, BOB, 100),
				deposit(1, NATIVE_TOKEN, BOB, 100),
				deposit(1, NATIVE_TOKEN, BOB, 100),
			]),
			Error::<Test>::UnexpectedDepositNonce
		);
		assert_eq!(native(&BOB), INITIAL);
	});
}

#[test]
fn repeats_are_refused_so_each_deposit_applies_exactly_once() {
	run(|| {
		let first = vec![deposit(0, NATIVE_TOKEN, BOB, 100), deposit(1, USDT, BOB, 50)];
		assert_ok!(relay(first.clone()));
		// The same batch again (a relayer restarted after submitting it), and overlaps.
		assert_noop!(relay(first), Error::<Test>::UnexpectedDepositNonce);
		assert_noop!(
			relay(vec![deposit(1, USDT, BOB, 50), deposit(2, USDT, BOB, 50)]),
			Error::<Test>::UnexpectedDepositNonce
		);
		assert_noop!(
			relay(vec![deposit(0, NATIVE_TOKEN, BOB, 100)]),
			Error::<Test>::UnexpectedDepositNonce
		);
		assert_eq!(native(&BOB), INITIAL + 100);
		assert_eq!(asset(USDT_ASSET, &BOB), 50);
		assert_eq!(Bridge::next_deposit_nonce(), 2);
	});
}

#[test]
fn failed_credits_are_parked_without_blocking_the_queue() {
	run(|| {
		let (native_before, usdt_before) = (native_issuance(), asset_issuance(USDT_ASSET));
		assert_ok!(relay(vec![
			deposit(0, NATIVE_TOKEN, BOB, 100),
			// A token governance never mapped.
			deposit(1, UNMAPPED, BOB, 100),
			// Below the existential deposit for an account that does not exist.
			deposit(2, NATIVE_TOKEN, NEWCOMER, ED - 1),
			// A non-sufficient asset for an account that does not exist.
			deposit(3, WBTC, NEWCOMER, 1_000),
			// Below the asset's minimum balance.
			deposit(4, WBTC, BOB, WBTC_MIN - 1),
			deposit(5, USDT, BOB, 30),
		]));
		assert_eq!(Bridge::next_deposit_nonce(), 6);
		assert_eq!(native(&BOB), INITIAL + 100);
		assert_eq!(asset(USDT_ASSET, &BOB), 30);
		assert_eq!(native_issuance(), native_before + 100);
		assert_eq!(asset_issuance(USDT_ASSET), usdt_before + 30);
		assert!(!frame_system::Pallet::<Test>::account_exists(&NEWCOMER));
		assert_eq!(FailedDeposits::<Test>::iter_keys().count(), 4);
		assert_eq!(FailedDeposits::<Test>::get(3), Some(deposit(3, WBTC, NEWCOMER, 1_000)));
		let failures: Vec<_> = events()
			.into_iter()
			.filter_map(|event| match event {
				Event::DepositFailed { nonce, reason } => Some((nonce, reason)),
				_ => None,
			})
			.collect();
		assert_eq!(
			failures,
			vec![
				(1, module_error(Error::<Test>::UnknownToken)),
				(2, token_error(TokenError::BelowMinimum)),
				(3, token_error(TokenError::CannotCreate)),
				(4, token_error(TokenError::BelowMinimum)),
			]
		);
		// The next batch continues after the parked ones.
		assert_ok!(relay(vec![deposit(6, NATIVE_TOKEN, BOB, 1)]));
	});
}

#[test]
fn a_zero_amount_counts_as_applied_and_credits_nothing() {
	run(|| {
		let issuance = native_issuance();
		assert_ok!(relay(vec![deposit(0, NATIVE_TOKEN, NEWCOMER, 0), deposit(1, USDT, BOB, 0)]));
		assert_eq!(native_issuance(), issuance);
		assert_eq!(asset(USDT_ASSET, &BOB), 0);
		assert_eq!(Bridge::next_deposit_nonce(), 2);
		assert_eq!(FailedDeposits::<Test>::iter_keys().count(), 0);
	});
}

#[test]
fn the_nonce_cannot_overflow() {
	run(|| {
		NextDepositNonce::<Test>::put(u64::MAX);
		assert_noop!(
			relay(vec![deposit(u64::MAX, NATIVE_TOKEN, BOB, 1)]),
			Error::<Test>::DepositNonceOverflow
		);
	});
}

#[test]
fn relaying_the_most_deposits_per_call_works() {
	run(|| {
		let max =
			<<Test as Config>::MaxDepositsPerCall as polkadot_sdk::frame_support::traits::Get<
				u32,
			>>::get() as u64;
		let deposits = (0..max).map(|nonce| deposit(nonce, USDT, BOB, 1)).collect();
		assert_ok!(relay(deposits));
		assert_eq!(asset(USDT_ASSET, &BOB), max as Balance);
		assert_eq!(Bridge::next_deposit_nonce(), max);
	});
}

#[test]
fn failed_relays_pay_the_fee() {
	run(|| {
		let error = relay(vec![deposit(5, NATIVE_TOKEN, BOB, 1)]).unwrap_err();
		assert_eq!(error.post_info.pays_fee, Pays::Yes);
	});
}

#[test]
fn only_a_relay_that_will_succeed_is_feeless() {
	use polkadot_sdk::frame_support::dispatch::CheckIfFeeless;
	run(|| {
		let call = |portal, nonce| Call::<Test>::relay_deposits {
			portal,
			deposits: batch(vec![deposit(nonce, NATIVE_TOKEN, BOB, 1)]),
		};
		assert!(call(PORTAL, 0).is_feeless(&RuntimeOrigin::signed(RELAYER)));
		// Not a relayer, not the settlement Portal, not the next nonce, not signed: fees as usual.
		assert!(!call(PORTAL, 0).is_feeless(&RuntimeOrigin::signed(BOB)));
		let other = L1Contract { address: [0x77; 20], ..PORTAL };
		assert!(!call(other, 0).is_feeless(&RuntimeOrigin::signed(RELAYER)));
		assert!(!call(PORTAL, 1).is_feeless(&RuntimeOrigin::signed(RELAYER)));
		assert!(!call(PORTAL, 0).is_feeless(&RuntimeOrigin::root()));
		let empty = Call::<Test>::relay_deposits { portal: PORTAL, deposits: batch(vec![]) };
		assert!(!empty.is_feeless(&RuntimeOrigin::signed(RELAYER)));
	});
}

#[test]
fn genesis_relayers_exist_without_a_balance() {
	run(|| {
		// RELAYER is endowed in the mock; a relayer only named in the bridge genesis still has
		// the provider reference the genesis gives it.
		assert!(System::providers(&RELAYER) >= 2);
	});
}

// ------------------------------------------------------------------------------- retry_deposit

#[test]
fn a_parked_deposit_is_credited_once_its_cause_is_gone() {
	run(|| {
		assert_ok!(relay(vec![deposit(0, UNMAPPED, BOB, 40)]));
		assert!(FailedDeposits::<Test>::contains_key(0));
		// Still unmapped: the retry fails and the deposit stays parked.
		assert_noop!(
			Bridge::retry_deposit(RuntimeOrigin::signed(CHARLIE), 0),
			Error::<Test>::UnknownToken
		);
		assert_ok!(Bridge::register_token(RuntimeOrigin::root(), UNMAPPED, SPARE_ASSET));
		// Anyone may retry.
		assert_ok!(Bridge::retry_deposit(RuntimeOrigin::signed(CHARLIE), 0));
		assert_eq!(asset(SPARE_ASSET, &BOB), 40);
		assert!(!FailedDeposits::<Test>::contains_key(0));
		assert_eq!(
			events().last(),
			Some(&Event::DepositRetried {
				nonce: 0,
				recipient: BOB,
				l1_token: UNMAPPED,
				amount: 40
			})
		);
		// Exactly once.
		assert_noop!(
			Bridge::retry_deposit(RuntimeOrigin::signed(CHARLIE), 0),
			Error::<Test>::NoFailedDeposit
		);
	});
}

#[test]
fn a_deposit_below_the_minimum_is_credited_once_the_account_exists() {
	run(|| {
		assert_ok!(relay(vec![deposit(0, NATIVE_TOKEN, NEWCOMER, ED - 1)]));
		assert_noop!(
			Bridge::retry_deposit(RuntimeOrigin::signed(NEWCOMER), 0),
			TokenError::BelowMinimum
		);
		assert_ok!(Balances::mint_into(&NEWCOMER, ED));
		assert_ok!(Bridge::retry_deposit(RuntimeOrigin::signed(ALICE), 0));
		assert_eq!(native(&NEWCOMER), ED + ED - 1);
	});
}

#[test]
fn retry_needs_a_signed_origin_and_a_parked_deposit() {
	run(|| {
		assert_ok!(relay(vec![deposit(0, UNMAPPED, BOB, 40)]));
		assert_noop!(Bridge::retry_deposit(RuntimeOrigin::none(), 0), DispatchError::BadOrigin);
		assert_noop!(
			Bridge::retry_deposit(RuntimeOrigin::signed(ALICE), 1),
			Error::<Test>::NoFailedDeposit
		);
	});
}

// ------------------------------------------------------------------------------------ withdraw

#[test]
fn withdrawing_native_burns_and_appends_the_leaf() {
	run(|| {
		let issuance = native_issuance();
		let info = withdraw(&ALICE, BridgeAsset::Native, 1_000).unwrap();
		assert_eq!(native(&ALICE), INITIAL - 1_000);
		assert_eq!(native_issuance(), issuance - 1_000);
		let leaf = WithdrawalLeaf {
			l1_chain_id: PORTAL.chain_id,
			portal: PORTAL.address,
			nonce: 0,
			l2_sender: [1; 32],
			l1_recipient: L1_ALICE,
			l1_token: NATIVE_TOKEN,
			amount: U256::from(1_000),
		};
		assert_eq!(Withdrawals::<Test>::get(0), Some(leaf.clone()));
		assert_eq!(Bridge::withdrawal_count(), 1);
		assert_eq!(Bridge::withdrawals_root(), naive_root(&[leaf.hash()]));
		assert_eq!(
			events(),
			vec![Event::WithdrawalInitiated {
				nonce: 0,
				sender: ALICE,
				l1_recipient: L1_ALICE,
				l1_token: NATIVE_TOKEN,
				amount: 1_000,
				leaf_hash: leaf.hash(),
			}]
		);
		// The first leaf completes no internal node.
		assert_eq!(info.actual_weight, Some(<() as WeightInfo>::withdraw(0)));
		assert_eq!(info.pays_fee, Pays::Yes);
	});
}

#[test]
fn withdrawing_an_asset_burns_it_and_names_its_token() {
	run(|| {
		let issuance = asset_issuance(USDT_ASSET);
		assert_ok!(withdraw(&ALICE, BridgeAsset::Native, 1));
		let info = withdraw(&ALICE, BridgeAsset::Asset(USDT_ASSET), 600).unwrap();
		assert_eq!(asset(USDT_ASSET, &ALICE), INITIAL - 600);
		assert_eq!(asset_issuance(USDT_ASSET), issuance - 600);
		let leaf = Withdrawals::<Test>::get(1).unwrap();
		assert_eq!(leaf.l1_token, USDT);
		assert_eq!(leaf.amount, U256::from(600));
		assert_eq!(leaf.nonce, 1);
		// The second leaf completes the node at height 1.
		assert_eq!(info.actual_weight, Some(<() as WeightInfo>::withdraw(1)));
		assert_eq!(Bridge::withdrawals_root(), naive_root(&leaf_hashes()));
	});
}

#[test]
fn withdraw_refuses_bad_input() {
	run(|| {
		assert_noop!(
			Bridge::withdraw(RuntimeOrigin::none(), L1_ALICE, BridgeAsset::Native, 1),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Bridge::withdraw(RuntimeOrigin::signed(ALICE), [0; 20], BridgeAsset::Native, 1),
			Error::<Test>::ZeroRecipient
		);
		assert_noop!(withdraw(&ALICE, BridgeAsset::Native, 0), Error::<Test>::ZeroAmount);
		assert_noop!(
			withdraw(&ALICE, BridgeAsset::Asset(SPARE_ASSET), 1),
			Error::<Test>::UnmappedAsset
		);
		assert_noop!(
			withdraw(&ALICE, BridgeAsset::Native, INITIAL + 1),
			TokenError::FundsUnavailable
		);
		assert_noop!(
			withdraw(&BOB, BridgeAsset::Asset(USDT_ASSET), 1),
			TokenError::FundsUnavailable
		);
	});
}

#[test]
fn withdraw_refuses_once_the_tree_is_full() {
	run(|| {
		WithdrawalTree::<Test>::mutate(|tree| tree.count = MAX_WITHDRAWALS);
		assert_noop!(withdraw(&ALICE, BridgeAsset::Native, 1), Error::<Test>::WithdrawalTreeFull);
		// Put the tree back so the invariants hold.
		WithdrawalTree::<Test>::kill();
	});
}

#[test]
fn the_last_withdrawal_in_the_tree_is_accepted() {
	run(|| {
		// Pretend 2^32 - 2 withdrawals happened: only the frontier matters for an append.
		WithdrawalTree::<Test>::mutate(|tree| tree.count = MAX_WITHDRAWALS - 1);
		assert_ok!(withdraw(&ALICE, BridgeAsset::Native, 1));
		assert_eq!(Bridge::withdrawal_count(), MAX_WITHDRAWALS);
		assert!(Withdrawals::<Test>::contains_key(MAX_WITHDRAWALS - 1));
		assert_noop!(withdraw(&ALICE, BridgeAsset::Native, 1), Error::<Test>::WithdrawalTreeFull);
		WithdrawalTree::<Test>::kill();
		let _ = Withdrawals::<Test>::clear(u32::MAX, None);
		let _ = WithdrawalTreeNodes::<Test>::clear(u32::MAX, None);
	});
}

#[test]
fn withdrawing_everything_reaps_a_free_account_but_never_one_that_is_needed() {
	run(|| {
		assert_ok!(withdraw(&BOB, BridgeAsset::Native, INITIAL));
		assert_eq!(native(&BOB), 0);
		assert!(!frame_system::Pallet::<Test>::account_exists(&BOB));

		// Another pallet depends on CHARLIE's account: the existential deposit stays.
		assert_ok!(frame_system::Pallet::<Test>::inc_consumers(&CHARLIE));
		assert_noop!(
			withdraw(&CHARLIE, BridgeAsset::Native, INITIAL),
			TokenError::FundsUnavailable
		);
		assert_ok!(withdraw(&CHARLIE, BridgeAsset::Native, INITIAL - ED));
		assert_eq!(native(&CHARLIE), ED);
		frame_system::Pallet::<Test>::dec_consumers(&CHARLIE);
	});
}

#[test]
fn withdrawals_that_would_leave_dust_are_refused() {
	run(|| {
		assert_noop!(
			withdraw(&ALICE, BridgeAsset::Native, INITIAL - (ED - 1)),
			Error::<Test>::WouldLeaveDust
		);
		assert_noop!(
			withdraw(&ALICE, BridgeAsset::Asset(WBTC_ASSET), INITIAL - (WBTC_MIN - 1)),
			Error::<Test>::WouldLeaveDust
		);
		assert_ok!(withdraw(&ALICE, BridgeAsset::Native, INITIAL - ED));
		assert_ok!(withdraw(&ALICE, BridgeAsset::Asset(WBTC_ASSET), INITIAL - WBTC_MIN));
		assert_eq!(native(&ALICE), ED);
		assert_eq!(asset(WBTC_ASSET, &ALICE), WBTC_MIN);
	});
}

#[test]
fn withdrawing_a_whole_asset_balance_works() {
	run(|| {
		assert_ok!(withdraw(&ALICE, BridgeAsset::Asset(WBTC_ASSET), INITIAL));
		assert_eq!(asset(WBTC_ASSET, &ALICE), 0);
	});
}

// ------------------------------------------------------------------------- tree and proofs

#[test]
fn roots_match_an_independent_computation_after_every_withdrawal() {
	run(|| {
		let mut leaves = vec![];
		for i in 0..70u128 {
			let who = if i % 3 == 0 { &BOB } else { &ALICE };
			let asset =
				if i % 2 == 0 { BridgeAsset::Native } else { BridgeAsset::Asset(USDT_ASSET) };
			if i % 3 == 0 && i % 2 == 1 {
				// BOB has no USDT yet.
				assert_ok!(relay(vec![deposit(Bridge::next_deposit_nonce(), USDT, BOB, 1_000)]));
			}
			assert_ok!(withdraw(who, asset, 1 + i));
			leaves.push(Withdrawals::<Test>::get(i as u64).unwrap().hash());
			assert_eq!(Bridge::withdrawals_root(), naive_root(&leaves), "after {} leaves", i + 1);
		}
		assert_eq!(leaf_hashes(), leaves);
	});
}

#[test]
fn proofs_from_the_runtime_api_verify_for_every_leaf_and_many_counts() {
	run(|| {
		for count in 1..=40u64 {
			assert_ok!(withdraw(&ALICE, BridgeAsset::Native, count as Balance));
			let root = Bridge::withdrawals_root();
			for nonce in 0..count {
				let proof = Bridge::withdrawal_proof(nonce).expect("the withdrawal exists");
				assert_eq!(proof.count, count);
				assert_eq!(proof.withdrawals_root, root);
				assert_eq!(proof.leaf, Withdrawals::<Test>::get(nonce).unwrap());
				assert_eq!(proof.leaf_hash, proof.leaf.hash());
				assert!(
					verify_withdrawal_proof(proof.leaf_hash, nonce, &proof.proof, root),
					"nonce {nonce} of {count}"
				);
				// A proof of one leaf does not prove another.
				let other = (nonce + 1) % count;
				if other != nonce {
					assert!(!verify_withdrawal_proof(proof.leaf_hash, other, &proof.proof, root));
				}
			}
			assert_eq!(Bridge::withdrawal_proof(count), None);
		}
	});
}

#[test]
fn an_old_proof_verifies_against_the_root_of_its_block_only() {
	run(|| {
		assert_ok!(withdraw(&ALICE, BridgeAsset::Native, 5));
		let old = Bridge::withdrawal_proof(0).unwrap();
		assert_ok!(withdraw(&ALICE, BridgeAsset::Native, 6));
		let new = Bridge::withdrawal_proof(0).unwrap();
		assert!(verify_withdrawal_proof(old.leaf_hash, 0, &old.proof, old.withdrawals_root));
		assert!(verify_withdrawal_proof(new.leaf_hash, 0, &new.proof, new.withdrawals_root));
		assert!(!verify_withdrawal_proof(old.leaf_hash, 0, &old.proof, new.withdrawals_root));
	});
}

#[test]
fn completed_nodes_cost_about_two_writes_per_withdrawal() {
	run(|| {
		for i in 0..64u64 {
			assert_ok!(withdraw(&ALICE, BridgeAsset::Native, 1 + i as Balance));
		}
		// 64 leaves + 32 + 16 + 8 + 4 + 2 + 1 internal nodes.
		assert_eq!(WithdrawalTreeNodes::<Test>::iter_keys().count(), 127);
	});
}

// ------------------------------------------------------------------------- token mappings

#[test]
fn governance_registers_and_deregisters_tokens() {
	run(|| {
		assert_ok!(Bridge::register_token(RuntimeOrigin::root(), UNMAPPED, SPARE_ASSET));
		assert_eq!(TokenToAsset::<Test>::get(UNMAPPED), Some(SPARE_ASSET));
		assert_eq!(AssetToToken::<Test>::get(SPARE_ASSET), Some(UNMAPPED));
		assert_ok!(relay(vec![deposit(0, UNMAPPED, BOB, 10)]));
		assert_eq!(asset(SPARE_ASSET, &BOB), 10);

		assert_ok!(Bridge::deregister_token(RuntimeOrigin::root(), UNMAPPED));
		assert_eq!(TokenToAsset::<Test>::get(UNMAPPED), None);
		assert_eq!(AssetToToken::<Test>::get(SPARE_ASSET), None);
		assert_noop!(
			withdraw(&BOB, BridgeAsset::Asset(SPARE_ASSET), 1),
			Error::<Test>::UnmappedAsset
		);
		assert_ok!(relay(vec![deposit(1, UNMAPPED, BOB, 10)]));
		assert!(FailedDeposits::<Test>::contains_key(1));
		assert_eq!(
			events()
				.into_iter()
				.filter(|e| matches!(
					e,
					Event::TokenRegistered { .. } | Event::TokenDeregistered { .. }
				))
				.collect::<Vec<_>>(),
			vec![
				Event::TokenRegistered { l1_token: UNMAPPED, asset: SPARE_ASSET },
				Event::TokenDeregistered { l1_token: UNMAPPED, asset: SPARE_ASSET },
			]
		);
	});
}

#[test]
fn register_token_refuses_bad_mappings() {
	run(|| {
		assert_noop!(
			Bridge::register_token(RuntimeOrigin::signed(ALICE), UNMAPPED, SPARE_ASSET),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Bridge::register_token(RuntimeOrigin::root(), NATIVE_TOKEN, SPARE_ASSET),
			Error::<Test>::NativeTokenNotMappable
		);
		assert_noop!(
			Bridge::register_token(RuntimeOrigin::root(), USDT, SPARE_ASSET),
			Error::<Test>::TokenAlreadyRegistered
		);
		assert_noop!(
			Bridge::register_token(RuntimeOrigin::root(), UNMAPPED, USDT_ASSET),
			Error::<Test>::AssetAlreadyRegistered
		);
		// An asset someone else created: its owner could mint the bridged token.
		assert_noop!(
			Bridge::register_token(RuntimeOrigin::root(), UNMAPPED, FOREIGN_ASSET),
			Error::<Test>::AssetAlreadyExists
		);
		// Even handed over in full after minting (every role the bridge's): units that no
		// deposit minted would be withdrawn from the Portal.
		assert_ok!(Assets::mint(RuntimeOrigin::signed(CHARLIE), FOREIGN_ASSET, CHARLIE, 1_000));
		assert_ok!(<Test as Config>::Currency::mint_into(&bridge_account(), INITIAL));
		let bridge = bridge_account();
		assert_ok!(Assets::set_team(
			RuntimeOrigin::signed(CHARLIE),
			FOREIGN_ASSET,
			bridge.clone(),
			bridge.clone(),
			bridge.clone()
		));
		assert_ok!(Assets::transfer_ownership(
			RuntimeOrigin::signed(CHARLIE),
			FOREIGN_ASSET,
			bridge
		));
		assert_noop!(
			Bridge::register_token(RuntimeOrigin::root(), UNMAPPED, FOREIGN_ASSET),
			Error::<Test>::AssetAlreadyExists
		);
		// So is an existing asset the bridge controls but was never mapped.
		assert_noop!(
			Bridge::register_token(RuntimeOrigin::root(), UNMAPPED, IDLE_ASSET),
			Error::<Test>::AssetAlreadyExists
		);
	});
}

#[test]
fn register_token_creates_a_missing_asset_that_only_the_bridge_controls() {
	run(|| {
		assert!(
			!<Assets as polkadot_sdk::frame_support::traits::fungibles::Inspect<_>>::asset_exists(
				NEW_ASSET
			)
		);
		assert_ok!(Bridge::register_token(RuntimeOrigin::root(), UNMAPPED, NEW_ASSET));
		use polkadot_sdk::frame_support::traits::fungibles::roles::Inspect as _;
		let bridge = Some(bridge_account());
		assert_eq!(
			[
				Assets::owner(NEW_ASSET),
				Assets::issuer(NEW_ASSET),
				Assets::admin(NEW_ASSET),
				Assets::freezer(NEW_ASSET)
			],
			[bridge.clone(), bridge.clone(), bridge.clone(), bridge]
		);
		// Deposits mint it; nobody else can.
		assert_ok!(relay(vec![deposit(0, UNMAPPED, NEWCOMER, 7)]));
		assert_eq!(asset(NEW_ASSET, &NEWCOMER), 7, "sufficient: creates the account");
		for who in [ALICE, CHARLIE, RELAYER] {
			assert_noop!(
				Assets::mint(RuntimeOrigin::signed(who), NEW_ASSET, ALICE, 1_000),
				polkadot_sdk::pallet_assets::Error::<Test>::NoPermission
			);
		}
	});
}

#[test]
fn an_asset_once_mapped_is_never_mapped_to_another_token() {
	run(|| {
		assert_ok!(Bridge::register_token(RuntimeOrigin::root(), UNMAPPED, SPARE_ASSET));
		assert_ok!(Bridge::deregister_token(RuntimeOrigin::root(), UNMAPPED));
		assert_eq!(MappedBefore::<Test>::get(SPARE_ASSET), Some(UNMAPPED));
		let other_token = [0x44; 20];
		assert_noop!(
			Bridge::register_token(RuntimeOrigin::root(), other_token, SPARE_ASSET),
			Error::<Test>::AssetMappedToAnotherToken
		);
		// The genesis mappings are remembered as well.
		assert_ok!(Bridge::deregister_token(RuntimeOrigin::root(), USDT));
		assert_noop!(
			Bridge::register_token(RuntimeOrigin::root(), other_token, USDT_ASSET),
			Error::<Test>::AssetMappedToAnotherToken
		);
		// Its own token again is fine.
		assert_ok!(Bridge::register_token(RuntimeOrigin::root(), UNMAPPED, SPARE_ASSET));
		assert_ok!(Bridge::register_token(RuntimeOrigin::root(), USDT, USDT_ASSET));
	});
}

#[test]
fn deregister_token_refuses_unknown_tokens_and_other_origins() {
	run(|| {
		assert_noop!(
			Bridge::deregister_token(RuntimeOrigin::signed(ALICE), USDT),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Bridge::deregister_token(RuntimeOrigin::root(), UNMAPPED),
			Error::<Test>::TokenNotRegistered
		);
	});
}

// ------------------------------------------------------------------------------ relayer set

#[test]
fn governance_adds_and_removes_relayers() {
	run(|| {
		assert_ok!(Bridge::add_relayer(RuntimeOrigin::root(), BOB));
		assert_ok!(Bridge::relay_deposits(
			RuntimeOrigin::signed(BOB),
			PORTAL,
			batch(vec![deposit(0, NATIVE_TOKEN, CHARLIE, 5)])
		));
		assert_ok!(Bridge::remove_relayer(RuntimeOrigin::root(), BOB));
		assert_noop!(
			Bridge::relay_deposits(
				RuntimeOrigin::signed(BOB),
				PORTAL,
				batch(vec![deposit(1, NATIVE_TOKEN, CHARLIE, 5)])
			),
			Error::<Test>::NotRelayer
		);
		let changes: Vec<_> = events()
			.into_iter()
			.filter(|e| matches!(e, Event::RelayerAdded { .. } | Event::RelayerRemoved { .. }))
			.collect();
		assert_eq!(
			changes,
			vec![Event::RelayerAdded { who: BOB }, Event::RelayerRemoved { who: BOB }]
		);
	});
}

#[test]
fn relayer_changes_refuse_bad_requests() {
	run(|| {
		assert_noop!(
			Bridge::add_relayer(RuntimeOrigin::signed(RELAYER), BOB),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Bridge::remove_relayer(RuntimeOrigin::signed(RELAYER), RELAYER),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Bridge::add_relayer(RuntimeOrigin::root(), RELAYER),
			Error::<Test>::AlreadyRelayer
		);
		assert_noop!(
			Bridge::remove_relayer(RuntimeOrigin::root(), BOB),
			Error::<Test>::UnknownRelayer
		);
		for who in [ALICE, BOB, CHARLIE] {
			assert_ok!(Bridge::add_relayer(RuntimeOrigin::root(), who));
		}
		assert_noop!(
			Bridge::add_relayer(RuntimeOrigin::root(), NEWCOMER),
			Error::<Test>::TooManyRelayers
		);
	});
}

// ---------------------------------------------------------------------------- properties

/// One step of a random sequence.
#[derive(Clone, Debug)]
enum Step {
	/// Relay `count` deposits (of random kinds) starting at the expected nonce.
	Relay(Vec<(u8, u8, Balance)>),
	/// Withdraw `amount` of native (`false`) or USDT (`true`) from account `who`.
	Withdraw(u8, bool, Balance),
	/// Retry the parked deposit with the `n`-th smallest nonce.
	Retry(u8),
	/// Map or unmap the spare token.
	ToggleSpare,
}

fn account(index: u8) -> AccountId {
	[ALICE, BOB, CHARLIE, NEWCOMER][index as usize % 4].clone()
}

fn token(kind: u8) -> [u8; 20] {
	[NATIVE_TOKEN, USDT, WBTC, UNMAPPED][kind as usize % 4]
}

fn step() -> impl Strategy<Value = Step> {
	prop_oneof![
		3 => prop::collection::vec((0u8..4, 0u8..4, 0u128..2_000), 1..6).prop_map(Step::Relay),
		3 => (0u8..4, any::<bool>(), 0u128..3_000).prop_map(|(w, a, n)| Step::Withdraw(w, a, n)),
		1 => (0u8..8).prop_map(Step::Retry),
		1 => Just(Step::ToggleSpare),
	]
}

/// Whatever happens, issuance changes by exactly what was credited minus what was burned;
/// every submitted nonce is applied exactly once (credited or parked), every withdrawal takes
/// exactly its amount from its sender, `try_state` holds after every step, and enough of each
/// kind happen (fixed seed) for that to mean something.
#[test]
fn issuance_changes_by_credits_minus_burns() {
	let counts = mooring_test_support::run_counted(
		64,
		prop::collection::vec(step(), 1..30),
		|steps, record| {
			issuance_case(steps, record);
			Ok(())
		},
	);
	// About half of what the fixed seed gives ("credited"/"parked": cases with any).
	mooring_test_support::assert_floors(
		&counts,
		&[("relay", 170), ("withdraw", 90), ("retry_deposit", 3), ("credited", 29), ("parked", 24)],
	);
}

fn issuance_case(steps: Vec<Step>, count: mooring_test_support::Record<'_>) {
	run(|| {
		let start_native = native_issuance();
		let start_usdt = asset_issuance(USDT_ASSET);
		let start_spare = asset_issuance(SPARE_ASSET);
		let mut submitted = 0u64;
		for step in steps {
			match step {
				Step::Relay(specs) => {
					let first = Bridge::next_deposit_nonce();
					let deposits = specs
						.iter()
						.enumerate()
						.map(|(i, (kind, who, amount))| {
							deposit(first + i as u64, token(*kind), account(*who), *amount)
						})
						.collect::<Vec<_>>();
					submitted += deposits.len() as u64;
					assert_ok!(relay(deposits));
					count("relay", true);
				},
				Step::Withdraw(who, usdt, amount) => {
					let who = account(who);
					let asset =
						if usdt { BridgeAsset::Asset(USDT_ASSET) } else { BridgeAsset::Native };
					let balance = |who: &AccountId| match asset {
						BridgeAsset::Native => native(who),
						BridgeAsset::Asset(id) => self::asset(id, who),
					};
					let before = balance(&who);
					match withdraw(&who, asset, amount) {
						Ok(_) => {
							assert_eq!(balance(&who), before - amount);
							count("withdraw", true);
						},
						Err(_) => assert_eq!(balance(&who), before),
					}
				},
				Step::Retry(n) => {
					if let Some(nonce) = FailedDeposits::<Test>::iter_keys().nth(n as usize) {
						let retried = Bridge::retry_deposit(RuntimeOrigin::signed(ALICE), nonce);
						count("retry_deposit", retried.is_ok());
					}
				},
				Step::ToggleSpare => {
					if TokenToAsset::<Test>::contains_key(UNMAPPED) {
						assert_ok!(Bridge::deregister_token(RuntimeOrigin::root(), UNMAPPED));
					} else {
						assert_ok!(Bridge::register_token(
							RuntimeOrigin::root(),
							UNMAPPED,
							SPARE_ASSET
						));
					}
				},
			}
			Bridge::do_try_state().expect("try_state holds");
		}

		let (mut credited, mut burned) =
			(std::collections::BTreeMap::new(), std::collections::BTreeMap::new());
		let mut applied = std::collections::BTreeSet::new();
		let mut parked = std::collections::BTreeSet::new();
		for event in events() {
			match event {
				Event::DepositRelayed { nonce, l1_token, amount, .. } => {
					assert!(applied.insert(nonce), "nonce {nonce} applied twice");
					*credited.entry(l1_token).or_insert(0u128) += amount;
				},
				Event::DepositFailed { nonce, .. } => {
					assert!(applied.insert(nonce), "nonce {nonce} applied twice");
					parked.insert(nonce);
				},
				Event::DepositRetried { nonce, l1_token, amount, .. } => {
					assert!(parked.remove(&nonce), "nonce {nonce} retried but not parked");
					*credited.entry(l1_token).or_insert(0u128) += amount;
				},
				Event::WithdrawalInitiated { l1_token, amount, .. } => {
					*burned.entry(l1_token).or_insert(0u128) += amount;
				},
				_ => {},
			}
		}
		assert_eq!(applied, (0..submitted).collect());
		assert_eq!(Bridge::next_deposit_nonce(), submitted);
		assert_eq!(parked, FailedDeposits::<Test>::iter_keys().collect());
		let get = |map: &std::collections::BTreeMap<[u8; 20], u128>, token| {
			map.get(&token).copied().unwrap_or(0)
		};
		assert_eq!(
			native_issuance() as i128 - start_native as i128,
			get(&credited, NATIVE_TOKEN) as i128 - get(&burned, NATIVE_TOKEN) as i128
		);
		assert_eq!(
			asset_issuance(USDT_ASSET) as i128 - start_usdt as i128,
			get(&credited, USDT) as i128 - get(&burned, USDT) as i128
		);
		// The spare asset is only ever minted (nobody withdraws it here).
		assert_eq!(asset_issuance(SPARE_ASSET) - start_spare, get(&credited, UNMAPPED));
		assert_eq!(Bridge::withdrawals_root(), naive_root(&leaf_hashes()));
		count("credited", !credited.is_empty());
		count("parked", !parked.is_empty());
	});
}

#[test]
fn every_block_header_commits_to_the_withdrawals_root_after_the_block() {
	use mooring_primitives::bridge::withdrawals_root_in;
	use polkadot_sdk::frame_support::traits::Hooks;
	run(|| {
		let empty_root = zero_hashes()[WITHDRAWAL_TREE_DEPTH];
		Bridge::on_finalize(1);
		assert_eq!(withdrawals_root_in(System::digest().logs()), Some(empty_root));

		System::reset_events();
		System::initialize(&2, &System::parent_hash(), &Default::default());
		assert!(withdrawals_root_in(System::digest().logs()).is_none(), "a new block, no log yet");
		assert_eq!(Bridge::on_initialize(2), <() as WeightInfo>::on_finalize());
		assert_ok!(<Test as Config>::Currency::mint_into(&ALICE, 1_000));
		assert_ok!(withdraw(&ALICE, BridgeAsset::Native, 400));
		Bridge::on_finalize(2);
		let root = Bridge::withdrawals_root();
		assert_ne!(root, empty_root);
		assert_eq!(withdrawals_root_in(System::digest().logs()), Some(root));
		assert_eq!(System::digest().logs().len(), 1, "exactly one log per block");
	});
}

// ------------------------------------------------------------------------------ settlement portal

#[test]
fn governance_moves_the_bridge_to_a_new_portal_without_reusing_nonces() {
	run(|| {
		assert_eq!(Bridge::portal(), Some(PORTAL));
		assert_ok!(relay((0..3).map(|n| deposit(n, NATIVE_TOKEN, BOB, 10)).collect()));
		assert_ok!(withdraw(&ALICE, BridgeAsset::Native, 100));

		assert_ok!(Bridge::set_portal(RuntimeOrigin::root(), NEXT_PORTAL, 3));
		assert_eq!(Bridge::portal(), Some(NEXT_PORTAL));
		assert_eq!(Bridge::next_deposit_nonce(), 3);
		assert_eq!(
			events().last(),
			Some(&Event::PortalChanged { portal: NEXT_PORTAL, next_deposit_nonce: 3 })
		);

		// A late deposit of the old Portal is refused whatever its nonce, and changes nothing.
		assert_noop!(relay(vec![deposit(3, NATIVE_TOKEN, BOB, 10)]), Error::<Test>::WrongPortal);
		// The new Portal's deposits continue the nonces.
		assert_ok!(Bridge::relay_deposits(
			RuntimeOrigin::signed(RELAYER),
			NEXT_PORTAL,
			batch(vec![deposit(3, NATIVE_TOKEN, BOB, 10)])
		));
		assert_eq!(native(&BOB), INITIAL + 40);

		// The withdrawal made before names the old Portal, the next one the new Portal.
		assert_ok!(withdraw(&ALICE, BridgeAsset::Native, 100));
		let (before, after) =
			(Withdrawals::<Test>::get(0).unwrap(), Withdrawals::<Test>::get(1).unwrap());
		assert_eq!(before.portal(), PORTAL);
		assert_eq!(after.portal(), NEXT_PORTAL);
		assert_eq!(after.nonce, 1, "one withdrawal tree across Portals");
		assert_ne!(
			before.hash(),
			WithdrawalLeaf { portal: NEXT_PORTAL.address, ..before.clone() }.hash()
		);
	});
}

#[test]
fn set_portal_refuses_bad_moves_and_changes_nothing() {
	run(|| {
		assert_ok!(relay((0..2).map(|n| deposit(n, NATIVE_TOKEN, BOB, 10)).collect()));
		assert_noop!(
			Bridge::set_portal(RuntimeOrigin::signed(ALICE), NEXT_PORTAL, 2),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Bridge::set_portal(RuntimeOrigin::signed(RELAYER), NEXT_PORTAL, 2),
			DispatchError::BadOrigin
		);
		for invalid in [
			L1Contract { chain_id: 0, ..NEXT_PORTAL },
			L1Contract { address: [0; 20], ..NEXT_PORTAL },
		] {
			assert_noop!(
				Bridge::set_portal(RuntimeOrigin::root(), invalid, 2),
				Error::<Test>::InvalidPortal
			);
		}
		assert_noop!(
			Bridge::set_portal(RuntimeOrigin::root(), PORTAL, 2),
			Error::<Test>::PortalUsedBefore
		);
		// The nonce continues exactly: lower would credit again, higher would skip deposits.
		for wrong in [1, 3] {
			assert_noop!(
				Bridge::set_portal(RuntimeOrigin::root(), NEXT_PORTAL, wrong),
				Error::<Test>::DepositNonceMismatch
			);
		}
		// The same address on another chain is another Portal.
		let other_chain = L1Contract { chain_id: 97, ..PORTAL };
		assert_ok!(Bridge::set_portal(RuntimeOrigin::root(), other_chain, 2));
		// Going back to a Portal the bridge left would credit its nonces again.
		assert_noop!(
			Bridge::set_portal(RuntimeOrigin::root(), PORTAL, 2),
			Error::<Test>::PortalUsedBefore
		);
	});
}

#[test]
fn without_a_portal_withdrawals_and_deposits_are_refused_and_lose_nothing() {
	run(|| {
		SettlementPortal::<Test>::kill();
		assert_noop!(withdraw(&ALICE, BridgeAsset::Native, 100), Error::<Test>::NoPortal);
		assert_noop!(relay(vec![deposit(0, NATIVE_TOKEN, BOB, 10)]), Error::<Test>::WrongPortal);
		assert_eq!(native(&ALICE), INITIAL);
		// Governance sets one, which may start above the current nonce (there is no old Portal
		// whose deposits it would skip): both work again.
		assert_ok!(Bridge::set_portal(RuntimeOrigin::root(), NEXT_PORTAL, 5));
		assert_eq!(Bridge::next_deposit_nonce(), 5);
		assert_ok!(withdraw(&ALICE, BridgeAsset::Native, 100));
		assert_eq!(Withdrawals::<Test>::get(0).unwrap().portal(), NEXT_PORTAL);
	});
}
