//! What the pallets' property tests share. A property test over random operations can pass
//! because nearly every operation was refused; these helpers count the operations that
//! succeeded, per kind, over a fixed seed, and fail the test when a kind falls below its floor.

use proptest::{
	strategy::Strategy,
	test_runner::{Config, TestCaseError, TestRng, TestRunner},
};
use std::{cell::RefCell, collections::BTreeMap};

/// Successful operations per kind, over every case of a run.
pub type Counts = BTreeMap<&'static str, u32>;

/// Records the outcome of one operation of a kind.
pub type Record<'a> = &'a dyn Fn(&'static str, bool);

/// Runs `cases` cases of `strategy` from a fixed seed, so that the counts, and the floors set
/// from them, are facts about the code rather than luck. `case` gets each generated value and
/// records each operation's kind and success; a failed case fails the run.
pub fn run_counted<S: Strategy>(
	cases: u32,
	strategy: S,
	case: impl Fn(S::Value, Record<'_>) -> Result<(), TestCaseError>,
) -> Counts {
	let counts = RefCell::new(Counts::new());
	let record = |kind: &'static str, ok: bool| {
		*counts.borrow_mut().entry(kind).or_insert(0) += u32::from(ok);
	};
	let config = Config::with_cases(cases);
	let rng = TestRng::deterministic_rng(config.rng_algorithm);
	let mut runner = TestRunner::new_with_rng(config, rng);
	if let Err(error) = runner.run(&strategy, |value| case(value, &record)) {
		panic!("{error}");
	}
	counts.into_inner()
}

/// Fails unless every kind in `floors` succeeded at least its floor's number of times.
pub fn assert_floors(counts: &Counts, floors: &[(&'static str, u32)]) {
	for (kind, floor) in floors {
		let done = counts.get(kind).copied().unwrap_or(0);
		assert!(done >= *floor, "only {done} successful {kind} (floor {floor}): {counts:?}");
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn counts_successes_per_kind_and_enforces_floors() {
		let counts = run_counted(20, 0..10u32, |n, record| {
			record("even", n % 2 == 0);
			record("any", true);
			Ok(())
		});
		assert_eq!(counts["any"], 20);
		assert!(counts["even"] <= 20);
		assert_floors(&counts, &[("any", 20)]);
		let missed = std::panic::catch_unwind(|| assert_floors(&counts, &[("any", 21)]));
		assert!(missed.is_err(), "a kind below its floor fails");
	}

	#[test]
	fn the_same_seed_gives_the_same_counts() {
		let run = || {
			run_counted(50, 0..1_000u32, |n, record| {
				record("small", n < 100);
				Ok(())
			})
		};
		assert_eq!(run(), run());
	}
}
