//! Command-line interface, following the sc-cli conventions.

use polkadot_sdk::{sc_cli, sc_cli::RunCmd};

/// The `mooring-node` command line.
#[derive(Debug, clap::Parser)]
pub struct Cli {
	/// A maintenance subcommand; without one the node runs.
	#[command(subcommand)]
	pub subcommand: Option<Subcommand>,

	/// Options of a running node.
	#[clap(flatten)]
	pub run: RunCmd,

	/// Serve `mooring_importBlocks`, through which a verifier imports the L2 blocks it derives
	/// from BNB Chain batches. Start such a node without L2 peers (`--reserved-only`).
	#[arg(long)]
	pub l1_derivation: bool,
}

/// Maintenance subcommands.
#[derive(Debug, clap::Subcommand)]
#[allow(clippy::large_enum_variant)]
pub enum Subcommand {
	/// Key management: generate, inspect, insert.
	#[command(subcommand)]
	Key(sc_cli::KeySubcommand),

	/// Build a chain specification (JSON), e.g. to start a network from a file.
	BuildSpec(sc_cli::BuildSpecCmd),

	/// Write the chain specification of a production network from its description (JSON): no
	/// endowed account, no dev key (docs/chain-operator.md).
	NetworkSpec(crate::network_spec::NetworkSpecCmd),

	/// Export the chain specification of a running chain's database.
	ExportChainSpec(sc_cli::ExportChainSpecCmd),

	/// Validate blocks.
	CheckBlock(sc_cli::CheckBlockCmd),

	/// Export blocks to a file.
	ExportBlocks(sc_cli::ExportBlocksCmd),

	/// Export the state of a block into a chain spec.
	ExportState(sc_cli::ExportStateCmd),

	/// Import blocks from a file.
	ImportBlocks(sc_cli::ImportBlocksCmd),

	/// Remove the whole chain database.
	PurgeChain(sc_cli::PurgeChainCmd),

	/// Revert the chain to a previous state.
	Revert(sc_cli::RevertCmd),

	/// Information about the database: best and finalized blocks.
	ChainInfo(sc_cli::ChainInfoCmd),

	/// Benchmarks: `pallet` measures FRAME benchmarks (run against a runtime built with the
	/// `runtime-benchmarks` feature, given with `--runtime`), `machine` this machine's hardware.
	/// Only in a node built with the `benchmark-cli` feature (`scripts/bench-weights` does).
	#[cfg(feature = "benchmark-cli")]
	#[command(subcommand)]
	Benchmark(Box<polkadot_sdk::frame_benchmarking_cli::BenchmarkCmd>),
}
