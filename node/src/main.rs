//! `mooring-node`: the Mooring L2 node.
//!
//! Run with `--dev` for a single-node development chain, `--chain local` for a sequencer
//! (`--alice --validator`) and followers (`--bootnodes ...`), or `--chain <spec.json>` for a
//! network built with `network-spec`. Without `--chain` it refuses to start.

mod chain_spec;
mod cli;
mod command;
mod import_blocks_rpc;
mod network_spec;
mod rpc;
mod service;

fn main() -> polkadot_sdk::sc_cli::Result<()> {
	command::run()
}
