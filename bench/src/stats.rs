//! Medians and the steady-state window of a run.

use serde::{Deserialize, Serialize};

/// The median of `values` (the mean of the two middle ones for an even count); NaN if empty.
pub fn median(values: &[f64]) -> f64 {
	percentile(values, 50.0)
}

/// The `p`-th percentile of `values`, interpolated linearly; NaN if empty.
pub fn percentile(values: &[f64], p: f64) -> f64 {
	let mut sorted: Vec<f64> = values.iter().copied().filter(|v| !v.is_nan()).collect();
	if sorted.is_empty() {
		return f64::NAN;
	}
	sorted.sort_by(|a, b| a.partial_cmp(b).expect("no NaN left"));
	let rank = p / 100.0 * (sorted.len() - 1) as f64;
	let (low, high) = (rank.floor() as usize, rank.ceil() as usize);
	sorted[low] + (sorted[high] - sorted[low]) * (rank - low as f64)
}

/// One block as a load generator saw it.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct BlockObs {
	/// Block number.
	pub number: u64,
	/// When it was produced (chain timestamp) or first seen (wall clock), in milliseconds.
	pub at_ms: f64,
	/// How many of the benchmark's transactions it holds.
	pub ours: usize,
}

/// The part of a run where the chain was saturated: the blocks strictly between the first and
/// the last block holding benchmark transactions (the first one fills while submission starts,
/// the last one takes whatever was left).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Window {
	/// First and last block of the window.
	pub first_block: u64,
	pub last_block: u64,
	/// Blocks in the window.
	pub blocks: usize,
	/// Benchmark transactions included in the window.
	pub included: usize,
	/// Time the window spans: from the block before it to its last block.
	pub seconds: f64,
	/// `included / seconds`.
	pub per_second: f64,
	/// Benchmark transactions per block in the window: median, min, max.
	pub per_block_median: f64,
	pub per_block_min: usize,
	pub per_block_max: usize,
	/// Intervals between consecutive blocks in the window, in milliseconds.
	pub interval_mean_ms: f64,
	pub interval_max_ms: f64,
	/// Intervals longer than 1.5 s: missed slots.
	pub slow_intervals: usize,
}

impl Window {
	/// The steady window of `blocks` (consecutive, in order), if any block holds our
	/// transactions.
	pub fn of(blocks: &[BlockObs]) -> Option<Window> {
		let first = blocks.iter().position(|b| b.ours > 0)?;
		let last = blocks.iter().rposition(|b| b.ours > 0)?;
		// With at least one block strictly between, use those; otherwise all blocks with ours,
		// timed from the block before the first (or the first itself at genesis).
		let (start, end) = if last >= first + 2 { (first + 1, last - 1) } else { (first, last) };
		let before = start.saturating_sub(1);
		let window = &blocks[start..=end];
		let included: usize = window.iter().map(|b| b.ours).sum();
		let seconds = (blocks[end].at_ms - blocks[before].at_ms) / 1000.0;
		let intervals: Vec<f64> =
			(start.max(1)..=end).map(|i| blocks[i].at_ms - blocks[i - 1].at_ms).collect();
		let per_block: Vec<f64> = window.iter().map(|b| b.ours as f64).collect();
		Some(Window {
			first_block: blocks[start].number,
			last_block: blocks[end].number,
			blocks: window.len(),
			included,
			seconds,
			per_second: if seconds > 0.0 { included as f64 / seconds } else { f64::NAN },
			per_block_median: median(&per_block),
			per_block_min: window.iter().map(|b| b.ours).min().unwrap_or(0),
			per_block_max: window.iter().map(|b| b.ours).max().unwrap_or(0),
			interval_mean_ms: if intervals.is_empty() {
				f64::NAN
			} else {
				intervals.iter().sum::<f64>() / intervals.len() as f64
			},
			interval_max_ms: intervals.iter().copied().fold(f64::NAN, f64::max),
			slow_intervals: intervals.iter().filter(|&&i| i > 1500.0).count(),
		})
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	fn obs(number: u64, at_ms: f64, ours: usize) -> BlockObs {
		BlockObs { number, at_ms, ours }
	}

	#[test]
	fn median_and_percentiles() {
		assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
		assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), 2.5);
		assert!(median(&[]).is_nan());
		assert_eq!(percentile(&[1.0, 2.0, 3.0, 4.0, 5.0], 100.0), 5.0);
	}

	#[test]
	fn window_drops_the_ramp_up_and_the_tail() {
		let blocks = vec![
			obs(10, 10_000.0, 0),
			obs(11, 11_000.0, 300),
			obs(12, 12_000.0, 1000),
			obs(13, 13_000.0, 1000),
			obs(14, 15_000.0, 1000),
			obs(15, 16_000.0, 200),
			obs(16, 17_000.0, 0),
		];
		let window = Window::of(&blocks).unwrap();
		assert_eq!((window.first_block, window.last_block, window.blocks), (12, 14, 3));
		assert_eq!(window.included, 3000);
		assert_eq!(window.seconds, 4.0);
		assert_eq!(window.per_second, 750.0);
		assert_eq!(window.interval_max_ms, 2000.0);
		assert_eq!(window.slow_intervals, 1);
	}
}
