//! Dispatches the command line to the service or to a maintenance subcommand.

use crate::{
	chain_spec,
	cli::{Cli, Subcommand},
	service,
};
use mooring_runtime::opaque::Block;
#[cfg(feature = "benchmark-cli")]
use polkadot_sdk::{
	frame_benchmarking_cli::{BenchmarkCmd, SUBSTRATE_REFERENCE_HARDWARE},
	sp_runtime::traits::HashingFor,
};
use polkadot_sdk::{
	sc_cli::{self, ChainSpec, Database, SubstrateCli},
	sc_network::{config::NetworkBackendType, Litep2pNetworkBackend, NetworkWorker},
	sc_service::PartialComponents,
};

impl SubstrateCli for Cli {
	fn impl_name() -> String {
		"Mooring Node".into()
	}

	fn impl_version() -> String {
		env!("SUBSTRATE_CLI_IMPL_VERSION").into()
	}

	fn description() -> String {
		env!("CARGO_PKG_DESCRIPTION").into()
	}

	fn author() -> String {
		env!("CARGO_PKG_AUTHORS").into()
	}

	fn support_url() -> String {
		"https://github.com/mooring-l2/mooring/issues".into()
	}

	fn copyright_start_year() -> i32 {
		2026
	}

	fn load_spec(&self, id: &str) -> Result<Box<dyn ChainSpec>, String> {
		Ok(match id {
			"dev" => Box::new(chain_spec::development()?),
			"" | "local" => Box::new(chain_spec::local_testnet()?),
			path => {
				Box::new(chain_spec::ChainSpec::from_json_file(std::path::PathBuf::from(path))?)
			},
		})
	}
}

/// Why the node does not start without `--chain`: the built-in chains endow publicly known dev
/// keys, so none of them is a default.
const NO_CHAIN: &str = "no chain given: pass --chain <spec.json> for a real network (built with \
	`mooring-node network-spec`), or --dev (or --chain dev / --chain local) for a development chain \
	whose dev keys anyone can use";

/// Parses the command line and runs what it asks for.
pub fn run() -> sc_cli::Result<()> {
	let mut cli = Cli::from_args();
	default_to_paritydb(&mut cli);

	match &cli.subcommand {
		Some(Subcommand::Key(cmd)) => cmd.run(&cli),
		Some(Subcommand::NetworkSpec(cmd)) => cmd.run(),
		Some(Subcommand::BuildSpec(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| cmd.run(config.chain_spec, config.network))
		},
		Some(Subcommand::ExportChainSpec(cmd)) => {
			let chain_spec = cli.load_spec(&cmd.chain)?;
			cmd.run(chain_spec)
		},
		Some(Subcommand::CheckBlock(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, import_queue, .. } =
					service::new_partial(&config)?;
				Ok((cmd.run(client, import_queue), task_manager))
			})
		},
		Some(Subcommand::ExportBlocks(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, .. } = service::new_partial(&config)?;
				Ok((cmd.run(client, config.database), task_manager))
			})
		},
		Some(Subcommand::ExportState(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, .. } = service::new_partial(&config)?;
				Ok((cmd.run(client, config.chain_spec), task_manager))
			})
		},
		Some(Subcommand::ImportBlocks(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, import_queue, .. } =
					service::new_partial(&config)?;
				Ok((cmd.run(client, import_queue), task_manager))
			})
		},
		Some(Subcommand::PurgeChain(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| cmd.run(config.database))
		},
		Some(Subcommand::Revert(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, backend, .. } =
					service::new_partial(&config)?;
				let aux_revert = Box::new(|client, _, blocks| {
					polkadot_sdk::sc_consensus_grandpa::revert(client, blocks)?;
					Ok(())
				});
				Ok((cmd.run(client, backend, Some(aux_revert)), task_manager))
			})
		},
		Some(Subcommand::ChainInfo(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| cmd.run::<Block>(&config))
		},
		#[cfg(feature = "benchmark-cli")]
		Some(Subcommand::Benchmark(cmd)) => run_benchmark(&cli, cmd),
		None => {
			let shared = &cli.run.shared_params;
			if shared.chain.is_none() && !shared.dev {
				return Err(NO_CHAIN.into());
			}
			let runner = cli.create_runner(&cli.run)?;
			let l1_derivation = cli.l1_derivation;
			runner.run_node_until_exit(|config| async move {
				match config.network.network_backend {
					NetworkBackendType::Libp2p => service::new_full::<
						NetworkWorker<
							Block,
							<Block as polkadot_sdk::sp_runtime::traits::Block>::Hash,
						>,
					>(config, l1_derivation)
					.map_err(sc_cli::Error::Service),
					NetworkBackendType::Litep2p => {
						service::new_full::<Litep2pNetworkBackend>(config, l1_derivation)
							.map_err(sc_cli::Error::Service)
					},
				}
			})
		},
	}
}

/// Runs `benchmark pallet` or `benchmark machine`; the other benchmark commands need a node
/// built for them and are refused.
#[cfg(feature = "benchmark-cli")]
fn run_benchmark(cli: &Cli, cmd: &BenchmarkCmd) -> sc_cli::Result<()> {
	let runner = cli.create_runner(cmd)?;
	runner.sync_run(|config| match cmd {
		BenchmarkCmd::Pallet(cmd) => {
			cmd.run_with_spec::<HashingFor<Block>, ()>(Some(config.chain_spec))
		},
		BenchmarkCmd::Machine(cmd) => cmd.run(&config, SUBSTRATE_REFERENCE_HARDWARE.clone()),
		_ => Err("mooring-node supports `benchmark pallet` and `benchmark machine`".into()),
	})
}

/// Makes new databases ParityDB unless `--database` says otherwise.
///
/// sc-cli's own default depends on whether its `rocksdb` feature was compiled in, which would make
/// the same command line create different databases depending on how the binary was built.
/// `auto` opens an existing database of either kind and creates ParityDB otherwise.
fn default_to_paritydb(cli: &mut Cli) {
	let params = match &mut cli.subcommand {
		None => &mut cli.run.import_params.database_params,
		Some(Subcommand::CheckBlock(cmd)) => &mut cmd.import_params.database_params,
		Some(Subcommand::ImportBlocks(cmd)) => &mut cmd.import_params.database_params,
		Some(Subcommand::ExportBlocks(cmd)) => &mut cmd.database_params,
		Some(Subcommand::ExportState(cmd)) => &mut cmd.database_params,
		Some(Subcommand::PurgeChain(cmd)) => &mut cmd.database_params,
		Some(Subcommand::Revert(cmd)) => &mut cmd.database_params,
		Some(Subcommand::ChainInfo(cmd)) => &mut cmd.database_params,
		Some(_) => return,
	};
	params.database.get_or_insert(Database::Auto);
}
