//! `mooring-node`: the Mooring L2 node.
//!
//! Run with `--dev` for a single-node development chain, or `--chain local` for a sequencer
//! (`--alice --validator`) and followers (`--bootnodes ...`).

mod chain_spec;
mod cli;
mod command;
mod import_blocks_rpc;
mod rpc;
mod service;

fn main() -> polkadot_sdk::sc_cli::Result<()> {
	command::run()
}
