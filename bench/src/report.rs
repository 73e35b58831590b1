//! The report: medians over runs, printed as a table and written as `docs/benchmarks.md`.
//!
//! Layout of the results directory `scripts/bench` fills:
//! `meta.json` (command, date, machine, workload parameters), `run<N>/native.json`,
//! `run<N>/startup.json`, `run<N>/rss.json`, `run<N>/evm-mooring.json`, `run<N>/evm-anvil.json`,
//! `run<N>/channel.txt` (output of the channel bench) and `l1.json` (the relayer's measurement,
//! if it exists).

use crate::{
	evm::{EvmResult, RuntimeCharge},
	native::{NativeResult, StartUp},
	stats::median,
};
use anyhow::Context;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::{
	collections::BTreeMap,
	fmt::Write as _,
	path::{Path, PathBuf},
};

/// Options of `mooring-bench report`.
#[derive(clap::Args)]
pub struct Args {
	/// The results directory.
	#[arg(long)]
	results: PathBuf,
	/// Where the markdown goes.
	#[arg(long)]
	out: PathBuf,
}

/// Memory of the sequencer: after 30 s idle, and its peak during the transfer load.
#[derive(serde::Deserialize, Debug, Clone)]
struct Rss {
	idle_rss_mib: f64,
	peak_rss_mib: f64,
}

/// Everything one run measured (each part may be missing if that step failed).
#[derive(Default)]
struct Run {
	native: Option<NativeResult>,
	startup: Option<StartUp>,
	rss: Option<Rss>,
	mooring: Option<EvmResult>,
	anvil: Option<EvmResult>,
	channel: BTreeMap<String, f64>,
}

fn read<T: DeserializeOwned>(path: &Path) -> Option<T> {
	let bytes = std::fs::read(path).ok()?;
	match serde_json::from_slice(&bytes) {
		Ok(value) => Some(value),
		Err(e) => {
			eprintln!("[mooring-bench] ignoring {}: {e}", path.display());
			None
		},
	}
}

/// Parses the channel bench's lines: `<name, padded>   <rate> updates/s per core`.
fn parse_channel(text: &str) -> BTreeMap<String, f64> {
	text.lines()
		.filter_map(|line| {
			let line = line.strip_suffix("updates/s per core")?.trim_end();
			let (name, rate) = line.rsplit_once(char::is_whitespace)?;
			Some((name.trim().to_string(), rate.parse().ok()?))
		})
		.collect()
}

fn load_runs(dir: &Path) -> anyhow::Result<Vec<Run>> {
	let mut runs = vec![];
	for index in 1.. {
		let run_dir = dir.join(format!("run{index}"));
		if !run_dir.is_dir() {
			break;
		}
		runs.push(Run {
			native: read(&run_dir.join("native.json")),
			startup: read(&run_dir.join("startup.json")),
			rss: read(&run_dir.join("rss.json")),
			mooring: read(&run_dir.join("evm-mooring.json")),
			anvil: read(&run_dir.join("evm-anvil.json")),
			channel: std::fs::read_to_string(run_dir.join("channel.txt"))
				.map(|text| parse_channel(&text))
				.unwrap_or_default(),
		});
	}
	Ok(runs)
}

/// A figure over the runs: the median and every run's value.
struct Figure {
	values: Vec<f64>,
}

/// The Mooring and anvil ERC-20 results of a run, when both exist.
fn both_evm(run: &Run) -> Option<(&EvmResult, &EvmResult)> {
	run.mooring.as_ref().zip(run.anvil.as_ref())
}

impl Figure {
	fn of<T>(runs: &[Run], part: impl Fn(&Run) -> Option<&T>, value: impl Fn(&T) -> f64) -> Self {
		Self { values: runs.iter().filter_map(|run| part(run).map(&value)).collect() }
	}

	/// The per-run ratio Mooring / anvil of ERC-20 transfers per second.
	fn evm_ratio(runs: &[Run]) -> Self {
		let ratio = |(m, a): (&EvmResult, &EvmResult)| m.window.per_second / a.window.per_second;
		Self { values: runs.iter().filter_map(both_evm).map(ratio).collect() }
	}

	fn median(&self) -> f64 {
		median(&self.values)
	}

	fn fmt(&self, decimals: usize) -> String {
		if self.values.is_empty() {
			return "failed (see the log)".into();
		}
		num(self.median(), decimals)
	}

	fn runs(&self, decimals: usize) -> String {
		self.values.iter().map(|v| num(*v, decimals)).collect::<Vec<_>>().join(", ")
	}
}

/// A number with thousands separators.
fn num(value: f64, decimals: usize) -> String {
	if value.is_nan() {
		return "n/a".into();
	}
	let text = format!("{:.*}", decimals, value.abs());
	let (int, frac) = text.split_once('.').map_or((text.as_str(), None), |(i, f)| (i, Some(f)));
	let mut grouped = String::new();
	for (i, digit) in int.chars().enumerate() {
		if i > 0 && (int.len() - i) % 3 == 0 {
			grouped.push(',');
		}
		grouped.push(digit);
	}
	let sign = if value < 0.0 { "-" } else { "" };
	match frac {
		Some(frac) => format!("{sign}{grouped}.{frac}"),
		None => format!("{sign}{grouped}"),
	}
}

/// Runs the report.
pub fn run(args: Args) -> anyhow::Result<()> {
	let meta: Value = read(&args.results.join("meta.json")).context("meta.json is missing")?;
	let runs = load_runs(&args.results)?;
	let l1: Option<Value> = read(&args.results.join("l1.json"));
	let summary = summary_rows(&runs, &l1);
	println!("\nMooring benchmarks: medians of {} runs\n", runs.len());
	let widths = [3, 34, 48, 16];
	println!(
		"{:<w0$} {:<w1$} {:<w2$} {:>w3$}",
		"#",
		"workload",
		"figure",
		"median",
		w0 = widths[0],
		w1 = widths[1],
		w2 = widths[2],
		w3 = widths[3]
	);
	for row in &summary {
		println!(
			"{:<w0$} {:<w1$} {:<w2$} {:>w3$}",
			row.0,
			row.1,
			row.2,
			row.3,
			w0 = widths[0],
			w1 = widths[1],
			w2 = widths[2],
			w3 = widths[3]
		);
	}
	println!();
	let markdown = markdown(&meta, &runs, &l1, &summary);
	std::fs::write(&args.out, markdown)?;
	eprintln!("[mooring-bench] wrote {}", args.out.display());
	Ok(())
}

type Row = (String, String, String, String, String);

fn summary_rows(runs: &[Run], l1: &Option<Value>) -> Vec<Row> {
	let mut rows: Vec<Row> = vec![];
	fn native(r: &Run) -> Option<&NativeResult> {
		r.native.as_ref()
	}
	push_figure(
		&mut rows,
		"1",
		"Native transfers",
		"included tx/s (steady window)",
		Figure::of(runs, native, |n| n.window.per_second),
		0,
	);
	push_figure(
		&mut rows,
		"1",
		"Native transfers",
		"transfers per block",
		Figure::of(runs, native, |n| n.window.per_block_median),
		0,
	);
	push_figure(
		&mut rows,
		"1",
		"Native transfers",
		"block interval, mean ms",
		Figure::of(runs, native, |n| n.window.interval_mean_ms),
		0,
	);
	push_figure(
		&mut rows,
		"1",
		"Native transfers",
		"block interval, max ms",
		Figure::of(runs, native, |n| n.window.interval_max_ms),
		0,
	);
	push_figure(
		&mut rows,
		"1",
		"Native transfers",
		"normal-class ref_time used, %",
		Figure::of(runs, native, |n| n.normal_ref_time_pct),
		1,
	);
	push_figure(
		&mut rows,
		"1",
		"Native transfers",
		"normal-class proof_size used, %",
		Figure::of(runs, native, |n| n.normal_proof_size_pct),
		1,
	);
	push_figure(
		&mut rows,
		"1",
		"Native transfers",
		"transfers, % of the per-block cap",
		Figure::of(runs, native, |n| n.count_pct_of_cap),
		1,
	);
	push_figure(
		&mut rows,
		"1",
		"Native transfers",
		"pool accepted tx/s (submission)",
		Figure::of(runs, native, |n| n.accepted_per_second),
		0,
	);
	push_figure(
		&mut rows,
		"1",
		"Native transfers",
		"block building, median ms",
		Figure::of(runs, native, |n| n.build_ms_median),
		0,
	);
	fn mooring(r: &Run) -> Option<&EvmResult> {
		r.mooring.as_ref()
	}
	fn anvil(r: &Run) -> Option<&EvmResult> {
		r.anvil.as_ref()
	}
	fn charge(r: &Run) -> Option<&RuntimeCharge> {
		r.mooring.as_ref().and_then(|m| m.runtime.as_ref())
	}
	push_figure(
		&mut rows,
		"2",
		"ERC-20 transfers",
		"Mooring transfers/s",
		Figure::of(runs, mooring, |e| e.window.per_second),
		0,
	);
	push_figure(
		&mut rows,
		"2",
		"ERC-20 transfers",
		"anvil transfers/s",
		Figure::of(runs, anvil, |e| e.window.per_second),
		0,
	);
	push_figure(
		&mut rows,
		"2",
		"ERC-20 transfers",
		"ratio Mooring / anvil",
		Figure::evm_ratio(runs),
		2,
	);
	push_figure(
		&mut rows,
		"2",
		"ERC-20 transfers",
		"Mooring normal-class ref_time used, %",
		Figure::of(runs, charge, |c| c.normal_ref_time_pct),
		1,
	);
	push_figure(
		&mut rows,
		"2",
		"ERC-20 transfers",
		"Mooring ref_time charged per transfer, µs",
		Figure::of(runs, charge, |c| c.ref_time_per_transfer as f64 / 1e6),
		0,
	);
	push_figure(
		&mut rows,
		"2",
		"ERC-20 transfers",
		"Mooring block building, median ms",
		Figure::of(runs, charge, |c| c.build_ms_median),
		0,
	);
	match l1 {
		Some(l1) => {
			for (key, label, decimals) in L1_FIGURES {
				if let Some(value) = l1[key].as_f64() {
					rows.push((
						"3".into(),
						"L1 cost (relayer)".into(),
						label.into(),
						num(value, decimals),
						"relayer measurement".into(),
					));
				}
			}
		},
		None => rows.push((
			"3".into(),
			"L1 cost".into(),
			"L1 gas per L2 transfer; output-proposal gas".into(),
			"not measured (BENCH_L1=0)".into(),
			String::new(),
		)),
	}
	for name in CHANNEL_HEADLINES {
		let fig =
			Figure { values: runs.iter().filter_map(|r| r.channel.get(name).copied()).collect() };
		push_figure(
			&mut rows,
			"4",
			"State channels (per core)",
			&format!("{name}, updates/s"),
			fig,
			0,
		);
	}
	fn startup(r: &Run) -> Option<&StartUp> {
		r.startup.as_ref()
	}
	fn rss(r: &Run) -> Option<&Rss> {
		r.rss.as_ref()
	}
	push_figure(
		&mut rows,
		"5",
		"Node",
		"start to first block, ms",
		Figure::of(runs, startup, |s| s.first_block_ms),
		0,
	);
	push_figure(
		&mut rows,
		"5",
		"Node",
		"idle RSS after 30 s, MiB",
		Figure::of(runs, rss, |r| r.idle_rss_mib),
		0,
	);
	push_figure(
		&mut rows,
		"5",
		"Node",
		"peak RSS under transfer load, MiB",
		Figure::of(runs, rss, |r| r.peak_rss_mib),
		0,
	);
	rows
}

/// Appends the row of one figure: its median and every run's value.
fn push_figure(
	rows: &mut Vec<Row>,
	n: &str,
	workload: &str,
	figure: &str,
	fig: Figure,
	decimals: usize,
) {
	let median = fig.fmt(decimals);
	let all = fig.runs(decimals);
	rows.push((n.into(), workload.into(), figure.into(), median, all));
}

/// The relayer's figures this report shows: key in `l1.json`, label, decimals.
const L1_FIGURES: [(&str, &str, usize); 6] = [
	("l1_gas_per_l2_transfer", "L1 gas per L2 transfer", 0),
	("l1_fee_coverage", "L1 data fee / batcher's L1 gas (anvil, no floor)", 2),
	("l1_fee_coverage_at_floor", "L1 data fee / batcher's L1 gas at the EIP-7623 floor (BSC)", 2),
	("batch_gas", "L1 gas per posted batch", 0),
	("transfers_per_batch", "L2 transfers per batch", 0),
	("output_proposal_gas", "output-proposal gas", 0),
];

/// The channel bench lines shown in the summary.
const CHANNEL_HEADLINES: [&str; 2] = [
	"one-sided update (1 sign + 1 verify)",
	"co-signed update, engine ping-pong (2 sign + 2 verify)",
];

fn markdown(meta: &Value, runs: &[Run], l1: &Option<Value>, summary: &[Row]) -> String {
	let mut md = String::new();
	let text = |key: &str| meta[key].as_str().unwrap_or("?").to_string();
	let _ = writeln!(md, "# Benchmarks\n");
	let _ = writeln!(
		md,
		"Generated by `scripts/bench` on {} from commit `{}`. Every figure below comes from that \
		 run; do not edit by hand, rerun the script. Figures are medians of {} runs unless a \
		 table lists the runs.\n",
		text("date"),
		text("commit"),
		runs.len()
	);
	let _ = writeln!(md, "## Machine and command\n");
	let _ = writeln!(md, "| | |\n|---|---|");
	let _ = writeln!(md, "| CPU | {} |", text("cpu"));
	let _ = writeln!(md, "| cores | {} |", meta["cores"]);
	let _ = writeln!(md, "| RAM | {} GiB |", meta["ram_gib"]);
	let _ = writeln!(md, "| OS | {} |", text("os"));
	let _ = writeln!(md, "| command | `{}` |", text("command"));
	let _ = writeln!(md, "| binaries | `{}` (release) |", text("bin_dir"));
	let _ = writeln!(md, "| sequencer | `mooring-node {}` |", text("node_flags"));
	let _ = writeln!(md, "| anvil | `anvil {}` ({}) |", text("anvil_flags"), text("anvil_version"));
	let _ = writeln!(
		md,
		"\nThe load generator (`mooring-bench`), the servers and the block watcher share these \
		 cores; their CPU use is reported with each workload.\n"
	);
	let _ = writeln!(md, "## Summary\n");
	let _ = writeln!(md, "| # | workload | figure | median | runs |\n|---|---|---|--:|---|");
	for (n, workload, figure, median, all) in summary {
		let _ = writeln!(md, "| {n} | {workload} | {figure} | {median} | {all} |");
	}
	native_section(&mut md, meta, runs);
	evm_section(&mut md, meta, runs);
	l1_section(&mut md, l1);
	channel_section(&mut md, meta, runs);
	node_section(&mut md, runs);
	md
}

fn native_section(md: &mut String, meta: &Value, runs: &[Run]) {
	let _ = writeln!(md, "\n## 1. Native transfer throughput\n");
	let Some(first) = runs.iter().find_map(|r| r.native.as_ref()) else {
		let _ = writeln!(md, "Every run failed; see the script's log.");
		return;
	};
	let _ = writeln!(
		md,
		"**Workload.** {} accounts, endowed by Alice's batches of `Balances::transfer_allow_death`, each \
		 pre-sign {} `Balances::transfer_keep_alive` of 1 µBNB to the next account ({} \
		 transactions, sr25519, immortal, no tip), signed natively with the runtime's types. \
		 They are submitted as fast as the node takes them with `author_submitExtrinsic` over \
		 {} WebSocket connections, {} requests in flight, to a fresh release sequencer \
		 (`{}`). Blocks are read as they come; the **steady window** is every block strictly \
		 between the first and the last block holding benchmark transfers, timed by the blocks' \
		 own timestamps. Fullness figures are medians over the window's blocks.\n",
		first.accounts,
		first.per_account,
		num(first.signed as f64, 0),
		first.connections,
		first.in_flight,
		meta["node_flags"].as_str().unwrap_or("?"),
	);
	let _ = writeln!(
		md,
		"| run | tx/s | blocks | per block (min–max) | interval mean / max ms | slots missed | \
		 ref_time % | proof_size % | % of cap | length % | build ms median / max | ended by | \
		 pool accepted/s | node CPU % | generator CPU % | included / accepted |"
	);
	let _ = writeln!(md, "|--:|--:|--:|---|---|--:|--:|--:|--:|--:|---|---|--:|--:|--:|---|");
	for (i, run) in runs.iter().enumerate() {
		let Some(n) = &run.native else {
			let _ = writeln!(md, "| {} | failed | | | | | | | | | | | | | | |", i + 1);
			continue;
		};
		let w = &n.window;
		let ends = ended_by(&n.end_reasons);
		let _ = writeln!(
			md,
			"| {} | {} | {} (#{}–#{}) | {} ({}–{}) | {} / {} | {} | {} | {} | {} | {} | {} / {} | {} | {} | {} | {} | {} / {} |",
			i + 1,
			num(w.per_second, 0),
			w.blocks,
			w.first_block,
			w.last_block,
			num(w.per_block_median, 0),
			w.per_block_min,
			w.per_block_max,
			num(w.interval_mean_ms, 0),
			num(w.interval_max_ms, 0),
			w.slow_intervals,
			num(n.normal_ref_time_pct, 1),
			num(n.normal_proof_size_pct, 1),
			num(n.count_pct_of_cap, 1),
			num(n.length_pct, 1),
			num(n.build_ms_median, 0),
			num(n.build_ms_max, 0),
			if ends.is_empty() { "n/a".into() } else { ends },
			num(n.accepted_per_second, 0),
			num(n.node_cpu_pct, 0),
			num(n.generator_cpu_pct, 0),
			num(n.included as f64, 0),
			num(n.accepted as f64, 0),
		);
	}
	let rejected: BTreeMap<&String, usize> = runs
		.iter()
		.filter_map(|r| r.native.as_ref())
		.flat_map(|n| n.rejections.iter())
		.fold(BTreeMap::new(), |mut all, (reason, count)| {
			*all.entry(reason).or_default() += count;
			all
		});
	if !rejected.is_empty() {
		let _ = writeln!(md, "\nRefused submissions (all runs): {rejected:?}");
	}
	let l = &first.limits;
	let _ = writeln!(
		md,
		"\n**What one transfer costs the block** (the runtime's weights, computed natively by \
		 `mooring-bench limits`):\n"
	);
	let _ = writeln!(md, "| | ref_time (ps) | proof_size (B) | length (B) |\n|---|--:|--:|--:|");
	let _ = writeln!(
		md,
		"| `ExtrinsicBaseWeight` | {} | 0 | |",
		num(l.base_extrinsic_ref_time as f64, 0)
	);
	let _ = writeln!(
		md,
		"| `transfer_keep_alive` | {} | {} | |",
		num(l.call_ref_time as f64, 0),
		num(l.call_proof_size as f64, 0)
	);
	let _ = writeln!(
		md,
		"| transaction extensions | {} | {} | |",
		num(l.extensions_ref_time as f64, 0),
		num(l.extensions_proof_size as f64, 0)
	);
	let _ = writeln!(
		md,
		"| **one transfer** | {} | {} | {} |",
		num(l.transfer_ref_time as f64, 0),
		num(l.transfer_proof_size as f64, 0),
		num(l.transfer_length as f64, 0)
	);
	let _ = writeln!(
		md,
		"| normal-class limit per block | {} | {} | {} |",
		num(l.normal_max_ref_time as f64, 0),
		num(l.normal_max_proof_size as f64, 0),
		num(l.normal_max_length as f64, 0)
	);
	let _ = writeln!(
		md,
		"| **transfers per block by that limit** | {} | {} | {} |",
		num(l.cap_by_ref_time as f64, 0),
		num(l.cap_by_proof_size as f64, 0),
		num(l.cap_by_length as f64, 0)
	);
	let per_second = Figure::of(runs, |r| r.native.as_ref(), |n| n.window.per_second).median();
	let pct_cap = Figure::of(runs, |r| r.native.as_ref(), |n| n.count_pct_of_cap).median();
	let build = Figure::of(runs, |r| r.native.as_ref(), |n| n.build_ms_median).median();
	let accepted = Figure::of(runs, |r| r.native.as_ref(), |n| n.accepted_per_second).median();
	let _ = writeln!(
		md,
		"\n**What limits it.** The binding limit of the runtime is **{}**: at most {} transfers \
		 per block, {} tx/s with 1 s blocks. Blocks in the window held a median {}% of that cap \
		 while the sequencer took a median {} ms to build one (it may use about 600 ms of the \
		 1 s slot) and the pool accepted {} submissions per second. {}",
		l.binding_limit,
		num(l.cap as f64, 0),
		num(l.cap as f64 * 1000.0 / mooring_runtime::MILLISECS_PER_BLOCK as f64, 0),
		num(pct_cap, 0),
		num(build, 0),
		num(accepted, 0),
		verdict(per_second, pct_cap, build, accepted, l.cap as f64)
	);
}

/// Why the sequencer stopped filling blocks, with counts: `HitBlockWeightLimit ×14, ...`.
fn ended_by(reasons: &BTreeMap<String, usize>) -> String {
	reasons
		.iter()
		.map(|(reason, count)| format!("{reason} ×{count}"))
		.collect::<Vec<_>>()
		.join(", ")
}

/// Which resource the figures say ran out first.
fn verdict(per_second: f64, pct_cap: f64, build_ms: f64, accepted: f64, cap: f64) -> String {
	if pct_cap >= 90.0 {
		format!(
			"Blocks are full by the runtime's limit, so {} tx/s is the ceiling the block limits \
			 set, not what the CPU could do.",
			num(per_second, 0)
		)
	} else if build_ms >= 500.0 {
		"Blocks end on the proposer's deadline before they are full: block building (executing \
		 the transfers in the runtime) is the bottleneck."
			.into()
	} else if accepted < cap {
		"Blocks are neither full nor out of time: the pool does not receive transactions fast \
		 enough (submission and validation are the bottleneck)."
			.into()
	} else {
		"No single limit dominates; see the per-run table.".into()
	}
}

fn evm_section(md: &mut String, meta: &Value, runs: &[Run]) {
	let _ = writeln!(md, "\n## 2. EVM: ERC-20 transfers, Mooring and anvil\n");
	let Some(first) = runs.iter().find_map(|r| r.mooring.as_ref().or(r.anvil.as_ref())) else {
		let _ = writeln!(md, "Every run failed; see the script's log.");
		return;
	};
	let _ = writeln!(
		md,
		"**Workload**, the same on both chains in each run: DevToken (OpenZeppelin ERC-20, \
		 `contracts/artifacts/DevToken.json`) is deployed; {} keys get gas money and tokens from \
		 a dev key; each key pre-signs {} `transfer(next key, 1)` (legacy EIP-155 transactions, \
		 gas limit = `eth_estimateGas` + {}%, {} transfers in all), submitted with \
		 `eth_sendRawTransaction` over HTTP with {} requests in flight. Mooring: \
		 `mooring-eth-rpc` in front of a fresh release sequencer; anvil: `anvil {}`. The steady \
		 window is timed by when the generator first saw each block (polling every 20 ms).\n",
		first.keys,
		first.per_key,
		meta["gas_margin_pct"],
		num(f64::from(first.keys) * f64::from(first.per_key), 0),
		first.in_flight,
		meta["anvil_flags"].as_str().unwrap_or("?"),
	);
	let _ = writeln!(
		md,
		"| run | chain | transfers/s | per block (min–max) | interval mean / max ms | gas used / limit per tx | block gas used % | accepted/s | server CPU % | generator CPU % | included / accepted | failed receipts |"
	);
	let _ = writeln!(md, "|--:|---|--:|---|---|---|--:|--:|--:|--:|---|---|");
	for (i, run) in runs.iter().enumerate() {
		for result in [&run.mooring, &run.anvil].into_iter().flatten() {
			let w = &result.window;
			let _ = writeln!(
				md,
				"| {} | {} | {} | {} ({}–{}) | {} / {} | {} / {} | {} | {} | {} | {} | {} / {} | {} of {} |",
				i + 1,
				result.label,
				num(w.per_second, 0),
				num(w.per_block_median, 0),
				w.per_block_min,
				w.per_block_max,
				num(w.interval_mean_ms, 0),
				num(w.interval_max_ms, 0),
				num(result.gas_used as f64, 0),
				num(result.gas_limit as f64, 0),
				num(result.gas_used_pct, 1),
				num(result.accepted_per_second, 0),
				num(result.server_cpu_pct, 0),
				num(result.generator_cpu_pct, 0),
				num(result.included as f64, 0),
				num(result.accepted as f64, 0),
				result.receipts_failed,
				result.receipts_checked,
			);
		}
	}
	let ratio = Figure::evm_ratio(runs);
	let _ = writeln!(
		md,
		"\nMooring / anvil, median of the per-run ratios: **{}×** (runs: {}).",
		ratio.fmt(2),
		ratio.runs(2)
	);
	evm_limit(md, runs);
}

/// What the runtime charged Mooring's ERC-20 blocks, and what that says limits them.
fn evm_limit(md: &mut String, runs: &[Run]) {
	let charges: Vec<(usize, &RuntimeCharge)> = runs
		.iter()
		.enumerate()
		.filter_map(|(i, r)| Some((i + 1, r.mooring.as_ref()?.runtime.as_ref()?)))
		.collect();
	let Some((_, first)) = charges.first() else { return };
	let _ = writeln!(
		md,
		"\n**What Mooring's runtime charged** the window's blocks (`System::BlockWeight` of each \
		 block, read from the node; build times from its log):\n"
	);
	let _ = writeln!(
		md,
		"| run | ref_time % | proof_size % | ref_time per transfer, µs | proof_size per transfer, B | per block by ref_time / proof_size | build ms median | ended by |"
	);
	let _ = writeln!(md, "|--:|--:|--:|--:|--:|---|--:|---|");
	for (run, c) in &charges {
		let _ = writeln!(
			md,
			"| {run} | {} | {} | {} | {} | {} / {} | {} | {} |",
			num(c.normal_ref_time_pct, 1),
			num(c.normal_proof_size_pct, 1),
			num(c.ref_time_per_transfer as f64 / 1e6, 0),
			num(c.proof_size_per_transfer as f64, 0),
			num(c.cap_by_ref_time as f64, 0),
			num(c.cap_by_proof_size as f64, 0),
			num(c.build_ms_median, 0),
			ended_by(&c.end_reasons),
		);
	}
	let of = |value: fn(&RuntimeCharge) -> f64| {
		median(&charges.iter().map(|(_, c)| value(c)).collect::<Vec<_>>())
	};
	let (ref_pct, per_transfer_us, build_ms) = (
		of(|c| c.normal_ref_time_pct),
		of(|c| c.ref_time_per_transfer as f64 / 1e6),
		of(|c| c.build_ms_median),
	);
	let limit_ms = first.normal_max_ref_time as f64 / 1e9;
	let verdict = if ref_pct >= 90.0 {
		format!(
			"Blocks are full by the runtime's **ref_time** limit ({} ms of weight for normal \
			 transactions per block): each ERC-20 transfer is charged a median {} µs (pallet-revive's \
			 weights for the Ethereum transaction and its EVM execution, plus the transaction \
			 extensions), so a block holds about {}. The sequencer built those full blocks in a \
			 median {} ms, so the weights charge about {}× the time it took: the chain is bound by \
			 the weights it charges, not by its CPU.",
			num(limit_ms, 0),
			num(per_transfer_us, 0),
			num(limit_ms * 1000.0 / per_transfer_us, 0),
			num(build_ms, 0),
			num(limit_ms * ref_pct / 100.0 / build_ms, 1),
		)
	} else {
		format!(
			"Blocks used a median {}% of the normal-class ref_time: the runtime's weights did not \
			 bound them; see the build times and CPU figures.",
			num(ref_pct, 0)
		)
	};
	let _ = writeln!(md, "\n{verdict}");
}

fn l1_section(md: &mut String, l1: &Option<Value>) {
	let _ = writeln!(md, "\n## 3. L1 cost\n");
	match l1 {
		None => {
			let _ = writeln!(
				md,
				"Not measured in this run (`BENCH_L1=0`). With `BENCH_L1=1` (the default) the \
				 script runs the bridge end-to-end test that posts real batches to anvil and \
				 reads their gas from the receipts."
			);
		},
		Some(l1) => {
			let _ = writeln!(
				md,
				"From the relayer's measurement (`{}`):\n",
				l1["source"].as_str().unwrap_or("l1.json")
			);
			let _ = writeln!(md, "| figure | value |\n|---|--:|");
			for (key, label, decimals) in L1_FIGURES {
				if let Some(value) = l1[key].as_f64() {
					let _ = writeln!(md, "| {label} | {} |", num(value, decimals));
				}
			}
			if let Some(notes) = l1["notes"].as_str() {
				let _ = writeln!(md, "\n{notes}");
			}
		},
	}
}

fn channel_section(md: &mut String, meta: &Value, runs: &[Run]) {
	let _ = writeln!(md, "\n## 4. State channels: off-chain updates\n");
	let _ = writeln!(
		md,
		"`{}` (channel/benches/updates.rs): every figure is the bench's own median of 9 timed \
		 rounds on one thread, so a per-core rate; the table gives the median over the script's \
		 runs.\n",
		meta["channel_command"]
			.as_str()
			.unwrap_or("cargo bench -p mooring-channel --bench updates")
	);
	let names: Vec<&String> = runs
		.iter()
		.flat_map(|r| r.channel.keys())
		.collect::<std::collections::BTreeSet<_>>()
		.into_iter()
		.collect();
	if names.is_empty() {
		let _ = writeln!(md, "The channel bench produced no figures; see the script's log.");
		return;
	}
	let _ = writeln!(md, "| operation | updates/s per core | runs |\n|---|--:|---|");
	for name in names {
		let fig =
			Figure { values: runs.iter().filter_map(|r| r.channel.get(name).copied()).collect() };
		let _ = writeln!(md, "| {name} | {} | {} |", fig.fmt(0), fig.runs(0));
	}
}

fn node_section(md: &mut String, runs: &[Run]) {
	let _ = writeln!(md, "\n## 5. Node\n");
	let _ = writeln!(
		md,
		"A fresh `mooring-node --dev` (release) per run: time from process start to its first RPC \
		 answer and to block #1 (Aura waits for the next 1 s slot, so up to a second of this is \
		 the slot boundary); `VmRSS` after 30 s idle; `VmHWM` (peak resident set) after the \
		 native-transfer load.\n"
	);
	let _ = writeln!(md, "| run | start to RPC, ms | start to block #1, ms | idle RSS, MiB | peak RSS under load, MiB |\n|--:|--:|--:|--:|--:|");
	for (i, run) in runs.iter().enumerate() {
		let (rpc, block) =
			run.startup.as_ref().map_or((f64::NAN, f64::NAN), |s| (s.rpc_ms, s.first_block_ms));
		let (idle, peak) =
			run.rss.as_ref().map_or((f64::NAN, f64::NAN), |r| (r.idle_rss_mib, r.peak_rss_mib));
		let _ = writeln!(
			md,
			"| {} | {} | {} | {} | {} |",
			i + 1,
			num(rpc, 0),
			num(block, 0),
			num(idle, 0),
			num(peak, 0)
		);
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn parses_channel_bench_lines() {
		let text = "mooring-channel update throughput (9 runs each, median)\n\
			ed25519 sign of a channel state                                       48211 updates/s per core\n\
			co-signed update, engine ping-pong (2 sign + 2 verify)                 9876 updates/s per core\n";
		let parsed = parse_channel(text);
		assert_eq!(parsed.len(), 2);
		assert_eq!(parsed["ed25519 sign of a channel state"], 48211.0);
		assert_eq!(parsed["co-signed update, engine ping-pong (2 sign + 2 verify)"], 9876.0);
	}

	#[test]
	fn numbers_get_separators() {
		assert_eq!(num(1234567.0, 0), "1,234,567");
		assert_eq!(num(999.0, 0), "999");
		assert_eq!(num(1234.567, 2), "1,234.57");
		assert_eq!(num(f64::NAN, 0), "n/a");
	}
}
