//! Off-chain channel updates per second on one core: signing and verifying, with and without
//! batch verification, and hash-chain micro-payments between signed checkpoints.
//!
//! Run: `cargo bench --workspace --bench updates` (optionally `-- --quick`).
//! Each figure is the median of several timed runs on a single thread, so it is a per-core
//! rate; the two parties' work is both counted on that one core.

use mooring_channel::{
	keys::{verify_batch, ChannelKeypair, Verifier},
	Channel, ChannelParams,
};
use mooring_primitives::channel::{ChannelSignature, ChannelState, Party};
use polkadot_sdk::sp_core::H256;
use std::{hint::black_box, time::Instant};

const GENESIS: H256 = H256::repeat_byte(0x42);

/// Runs `round` (which performs `per_round` updates) `runs` times and returns the median rate.
fn median_rate(runs: usize, per_round: u64, mut round: impl FnMut()) -> f64 {
	round(); // warm-up
	let mut rates: Vec<f64> = (0..runs)
		.map(|_| {
			let started = Instant::now();
			round();
			per_round as f64 / started.elapsed().as_secs_f64()
		})
		.collect();
	rates.sort_by(|a, b| a.partial_cmp(b).unwrap());
	rates[rates.len() / 2]
}

fn report(name: &str, rate: f64) {
	println!("{name:<62} {:>12.0} updates/s per core", rate);
}

fn params(me: Party, counterparty: &ChannelKeypair) -> ChannelParams {
	ChannelParams {
		channel_id: 1,
		genesis_hash: GENESIS,
		me,
		counterparty_key: counterparty.public(),
		deposit_a: u64::MAX as u128,
		deposit_b: u64::MAX as u128,
	}
}

fn channels() -> (Channel, Channel) {
	let (ka, kb) = (ChannelKeypair::from_seed([1; 32]), ChannelKeypair::from_seed([2; 32]));
	(Channel::new(params(Party::A, &kb), ka.clone()), Channel::new(params(Party::B, &ka), kb))
}

fn state(nonce: u64) -> ChannelState {
	ChannelState { nonce, transferred_a: nonce as u128, ..ChannelState::initial(1) }
}

fn main() {
	let quick = std::env::args().any(|arg| arg == "--quick");
	let runs = if quick { 3 } else { 9 };
	let n: u64 = if quick { 500 } else { 4_000 };
	let (ka, kb) = (ChannelKeypair::from_seed([1; 32]), ChannelKeypair::from_seed([2; 32]));
	let va = Verifier::new(ka.public());
	let states: Vec<ChannelState> = (1..=n).map(state).collect();
	println!("mooring-channel update throughput ({runs} runs each, median)");

	// Primitive operations.
	report(
		"ed25519 sign of a channel state",
		median_rate(runs, n, || {
			for s in &states {
				black_box(ka.sign(&GENESIS, s));
			}
		}),
	);
	let signatures: Vec<ChannelSignature> = states.iter().map(|s| ka.sign(&GENESIS, s)).collect();
	report(
		"ed25519 verify, one by one",
		median_rate(runs, n, || {
			for (s, sig) in states.iter().zip(&signatures) {
				assert!(va.verify(&GENESIS, s, sig));
			}
		}),
	);
	let public_a = ka.public();
	report(
		"ed25519 verify, batches of 64",
		median_rate(runs, n, || {
			for (chunk, sigs) in states.chunks(64).zip(signatures.chunks(64)) {
				assert!(verify_batch(
					&GENESIS,
					chunk.iter().zip(sigs).map(|(s, sig)| (&public_a, s, sig))
				));
			}
		}),
	);

	// One-sided update: the payer signs, the payee verifies (a signed payment that only needs
	// the payer's signature to protect the payee).
	report(
		"one-sided update (1 sign + 1 verify)",
		median_rate(runs, n, || {
			for s in &states {
				let sig = ka.sign(&GENESIS, s);
				assert!(va.verify(&GENESIS, s, &sig));
			}
		}),
	);

	// Fully co-signed updates through the channel engine (2 signs + 2 verifies + checks).
	let per_round = n / 4;
	report(
		"co-signed update, engine ping-pong (2 sign + 2 verify)",
		median_rate(runs, per_round, || {
			let (mut a, mut b) = channels();
			for _ in 0..per_round {
				let proposal = a.propose_payment(1, None).unwrap();
				let accept = b.handle(proposal).unwrap().unwrap();
				a.handle(accept).unwrap();
			}
		}),
	);

	// Co-signed updates pipelined in batches of 64: each side signs 64 states and
	// batch-verifies the other side's 64 signatures.
	report(
		"co-signed update, pipelined, batch-verified (crypto only)",
		median_rate(runs, n, || {
			for chunk in states.chunks(64) {
				let from_a: Vec<_> = chunk.iter().map(|s| ka.sign(&GENESIS, s)).collect();
				assert!(verify_batch(
					&GENESIS,
					chunk.iter().zip(&from_a).map(|(s, sig)| (&public_a, s, sig))
				));
				let from_b: Vec<_> = chunk.iter().map(|s| kb.sign(&GENESIS, s)).collect();
				let public_b = kb.public();
				assert!(verify_batch(
					&GENESIS,
					chunk.iter().zip(&from_b).map(|(s, sig)| (&public_b, s, sig))
				));
			}
		}),
	);

	// Hash-chain micro-payments through the engine, with a co-signed checkpoint (which also
	// builds the next chain) every `length` payments: everything both parties do, amortized.
	for length in [1_000u32, 4_096] {
		let micro_n: u64 = if quick { 20_000 } else { 200_000 };
		report(
			&format!("micro-payment, engine, co-signed checkpoint every {length}"),
			median_rate(runs, micro_n, || {
				let (mut a, mut b) = channels();
				let mut left = micro_n;
				while left > 0 {
					if a.micro_remaining() == 0 {
						let checkpoint = a.propose_payment(0, Some((1, length))).unwrap();
						let accept = b.handle(checkpoint).unwrap().unwrap();
						a.handle(accept).unwrap();
					}
					let micro = a.pay_micro(1).unwrap();
					b.handle(micro).unwrap();
					left -= 1;
				}
			}),
		);
	}
}
