//! The pallets whose FRAME benchmarks `mooring-node benchmark pallet` runs against this runtime
//! (built with the `runtime-benchmarks` feature); `scripts/bench-weights` writes their weights.

polkadot_sdk::frame_benchmarking::define_benchmarks!(
	[frame_system, SystemBench::<Runtime>]
	[pallet_balances, Balances]
	[pallet_timestamp, Timestamp]
	[pallet_did, Did]
	[pallet_rwa, Rwa]
	[pallet_payments, Payments]
	[pallet_bridge, Bridge]
	[pallet_channels, Channels]
	[pallet_governance, Governance]
	[pallet_l1_fee, L1Fee]
);
