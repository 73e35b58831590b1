//! `mooring-bench`: the load generators and the report behind `scripts/bench`.
//!
//! Each subcommand measures one thing against servers the script started and writes its figures
//! as JSON; `report` turns the JSON of all runs into the table of medians and
//! `docs/benchmarks.md`. Nothing here starts or stops servers: the script does.

mod evm;
mod native;
mod report;
mod rpc;
mod stats;

use clap::{Parser, Subcommand};
use std::path::PathBuf;

/// Load generators and report of Mooring's benchmarks.
#[derive(Parser)]
#[command(name = "mooring-bench", version, about)]
struct Cli {
	#[command(subcommand)]
	command: Command,
}

#[derive(Subcommand)]
enum Command {
	/// Native transfers: endow accounts, pre-sign `Balances::transfer_keep_alive`, submit them
	/// over `author_submitExtrinsic` and measure what blocks include.
	Transfers(native::Args),
	/// ERC-20 transfers: deploy DevToken, fund keys, pre-sign `transfer`, submit them over
	/// `eth_sendRawTransaction` and measure what blocks include.
	Evm(evm::Args),
	/// Waits for block #1 and prints the time since `--since-unix-ns` (node start-up).
	FirstBlock(native::FirstBlockArgs),
	/// Prints the weight of one benchmark transfer and how many fit in a block.
	Limits,
	/// Aggregates the JSON of all runs: prints the table of medians, writes the markdown.
	Report(report::Args),
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
	match Cli::parse().command {
		Command::Transfers(args) => native::run(args).await,
		Command::Evm(args) => evm::run(args).await,
		Command::FirstBlock(args) => native::first_block(args).await,
		Command::Limits => {
			println!("{}", serde_json::to_string_pretty(&native::BlockLimits::compute())?);
			Ok(())
		},
		Command::Report(args) => report::run(args),
	}
}

/// Writes `value` as pretty JSON to `path` (and says so on stderr).
fn write_json(path: &PathBuf, value: &impl serde::Serialize) -> anyhow::Result<()> {
	std::fs::write(path, serde_json::to_string_pretty(value)? + "\n")?;
	eprintln!("[mooring-bench] wrote {}", path.display());
	Ok(())
}
