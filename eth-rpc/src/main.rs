//! `mooring-eth-rpc`: the Ethereum JSON-RPC endpoint of a Mooring node.
//!
//! It is pallet-revive's eth-rpc proxy (`pallet-revive-eth-rpc`), pinned to the same polkadot-sdk
//! release as the runtime, so that its generated client matches Mooring's `Revive` pallet.
//! It connects to a node's Substrate RPC (`--node-rpc-url ws://127.0.0.1:9944`) and serves
//! `eth_*`, `net_*` and `web3_*` on `--rpc-port` (8545 by default).

fn main() -> anyhow::Result<()> {
	let command = pallet_revive_eth_rpc::cli::CliCommand::parse_cli()?;
	pallet_revive_eth_rpc::cli::run(command)
}
