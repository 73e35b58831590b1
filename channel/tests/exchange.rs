//! Two parties exchanging updates over a real TCP socket on 127.0.0.1, then restarting from
//! what they persisted.

use mooring_channel::{
	exchange::{run_local_exchange, ExchangeConfig, ExchangeReport, Mode, Persistence},
	Channel, ChannelKeypair, ChannelParams, FileStore,
};
use mooring_primitives::channel::Party;
use polkadot_sdk::sp_core::H256;
use std::path::Path;

const GENESIS: H256 = H256::repeat_byte(0x4d);
const DEPOSIT: u128 = 1_000_000;

fn exchange(
	dir: &Path,
	updates: u32,
	mode: Mode,
	every: u32,
) -> (ExchangeReport, ChannelKeypair, ChannelKeypair) {
	let (ka, kb) = (ChannelKeypair::from_seed([1; 32]), ChannelKeypair::from_seed([2; 32]));
	let params = |me, counterparty_key| ChannelParams {
		channel_id: 3,
		genesis_hash: GENESIS,
		me,
		counterparty_key,
		deposit_a: DEPOSIT,
		deposit_b: DEPOSIT,
	};
	let payer = Channel::new(params(Party::A, kb.public()), ka.clone());
	let payee = Channel::new(params(Party::B, ka.public()), kb.clone());
	let config = ExchangeConfig {
		updates,
		amount: 7,
		mode,
		persistence: Persistence {
			payer: FileStore::without_sync(dir.join("payer.state")),
			payee: FileStore::without_sync(dir.join("payee.state")),
			every,
		},
	};
	(run_local_exchange(payer, payee, &config).unwrap(), ka, kb)
}

fn assert_final(report: &ExchangeReport, ka: &ChannelKeypair, kb: &ChannelKeypair, updates: u32) {
	assert_eq!(report.payer_final, report.payee_final);
	let state = &report.payee_final.state;
	assert!(state.is_final);
	assert_eq!(state.transferred_a, 7 * updates as u128);
	assert_eq!(state.transferred_b, 0);
	assert_eq!(report.balances, (DEPOSIT - 7 * updates as u128, DEPOSIT + 7 * updates as u128));
	// What the pallet's cooperative_close will check.
	assert_eq!(report.payee_final.verify(&GENESIS, 3, &ka.public(), &kb.public()), Ok(()));
	assert_eq!(report.close_args.update, report.payee_final);
	assert_eq!(report.close_args.channel_id, 3);
}

#[test]
fn ten_thousand_micro_updates_over_a_socket() {
	let dir = tempfile::tempdir().unwrap();
	let (report, ka, kb) = exchange(dir.path(), 10_000, Mode::Micro { chain_length: 1_000 }, 1);
	assert_final(&report, &ka, &kb, 10_000);
	// Ten chains of 1,000 steps, each opened by a checkpoint, and the final state.
	assert_eq!(report.signed_states, 11);
	assert_eq!(report.payee_final.state.nonce, 11);
}

#[test]
fn signed_updates_over_a_socket() {
	let dir = tempfile::tempdir().unwrap();
	let (report, ka, kb) = exchange(dir.path(), 1_000, Mode::Signed, 50);
	assert_final(&report, &ka, &kb, 1_000);
	assert_eq!(report.signed_states, 1_001);
}

#[test]
fn both_sides_restart_from_the_persisted_final_state() {
	let dir = tempfile::tempdir().unwrap();
	let (report, ka, kb) = exchange(dir.path(), 2_500, Mode::Micro { chain_length: 700 }, 10);
	for (file, key) in [("payer.state", ka), ("payee.state", kb)] {
		let snapshot = FileStore::new(dir.path().join(file)).load().unwrap().unwrap();
		let channel = Channel::restore(snapshot, key).unwrap();
		assert_eq!(channel.latest_signed(), Some(&report.payee_final));
		assert_eq!(channel.cooperative_close_args(), Some(report.close_args.clone()));
	}
}
