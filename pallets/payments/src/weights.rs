//! Weights for `pallet-payments`.
//!
//! HAND-WRITTEN ESTIMATES, NOT BENCHMARK RESULTS. They follow the layout frame-omni-bencher
//! generates and must be regenerated from the benchmarks in `benchmarking.rs` on reference
//! hardware before production:
//!
//! ```text
//! frame-omni-bencher v1 benchmark pallet --runtime <mooring_runtime.wasm> \
//!     --pallet pallet_payments --extrinsic "*" --steps 50 --repeat 20 \
//!     --output pallets/payments/src/weights.rs --template <frame-weight-template.hbs>
//! ```
//!
//! Until then each figure is derived from the storage each call reads and writes on its worst
//! path (asset rather than native, a receiver payer requirement, a regulated asset, and the
//! sponsored-fee path for `pay`, `pay_handle` and `pay_invoice`), counting the claim verifier as
//! 5 reads and the regulated-asset check as 3, plus a generous execution time and proof size.
//! They err on the high side.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use polkadot_sdk::frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// Weight functions needed for `pallet_payments`.
pub trait WeightInfo {
	fn register_handle() -> Weight;
	fn transfer_handle() -> Weight;
	fn release_handle() -> Weight;
	fn set_handle_preferences() -> Weight;
	fn reserve_handle() -> Weight;
	fn unreserve_handle() -> Weight;
	fn assign_reserved_handle() -> Weight;
	fn pay() -> Weight;
	fn pay_handle() -> Weight;
	fn batch_pay(n: u32) -> Weight;
	fn set_payer_requirement() -> Weight;
	fn create_invoice() -> Weight;
	fn cancel_invoice() -> Weight;
	fn assign_invoice() -> Weight;
	fn pay_invoice() -> Weight;
	fn close_invoice() -> Weight;
	fn create_escrow() -> Weight;
	fn release_escrow() -> Weight;
	fn refund_escrow() -> Weight;
	fn claim_escrow() -> Weight;
	fn resolve_escrow() -> Weight;
	fn create_stream() -> Weight;
	fn withdraw_from_stream() -> Weight;
	fn cancel_stream() -> Weight;
	fn top_up_stream() -> Weight;
	fn set_sponsorship() -> Weight;
	fn fund_sponsorship() -> Weight;
	fn withdraw_sponsorship() -> Weight;
	fn remove_sponsorship() -> Weight;
}

/// Weights for `pallet_payments` using the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: polkadot_sdk::frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: Handles, ReservedHandles, System::Account, Balances::Holds.
	fn register_handle() -> Weight {
		Weight::from_parts(45_000_000, 4000)
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	/// Storage: Handles, ReservedHandles, System::Account x2, Balances::Holds x2.
	fn transfer_handle() -> Weight {
		Weight::from_parts(60_000_000, 6000)
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().writes(5_u64))
	}
	/// Storage: Handles, System::Account, Balances::Holds.
	fn release_handle() -> Weight {
		Weight::from_parts(45_000_000, 4000)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	/// Storage: Handles, Assets::Asset (preferred), refused list.
	fn set_handle_preferences() -> Weight {
		Weight::from_parts(40_000_000, 4000)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: ReservedHandles.
	fn reserve_handle() -> Weight {
		Weight::from_parts(20_000_000, 3500)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: ReservedHandles.
	fn unreserve_handle() -> Weight {
		Weight::from_parts(20_000_000, 3500)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: ReservedHandles, Handles, System::Account, Balances::Holds.
	fn assign_reserved_handle() -> Weight {
		Weight::from_parts(50_000_000, 4500)
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	/// Storage: asset transfer (Asset, Account x2, System::Account), compliance (PayerRequirements, claim verifier ~5, asset check ~3, Timestamp), sponsorship (Sponsorships, SponsoredPayers, fee oracle 2, System::Account x2, Balances::Holds).
	fn pay() -> Weight {
		Weight::from_parts(140_000_000, 12000)
			.saturating_add(T::DbWeight::get().reads(19_u64))
			.saturating_add(T::DbWeight::get().writes(9_u64))
	}
	/// Storage: as pay, plus Handles.
	fn pay_handle() -> Weight {
		Weight::from_parts(150_000_000, 13000)
			.saturating_add(T::DbWeight::get().reads(20_u64))
			.saturating_add(T::DbWeight::get().writes(9_u64))
	}
	/// Storage: per payout: asset transfer (Account x2, System::Account) and compliance ~10; Asset read and written once.
	/// The range of component `n` is `[1, MaxPayouts]`.
	fn batch_pay(n: u32, ) -> Weight {
		Weight::from_parts(30_000_000, 3000)
			.saturating_add(Weight::from_parts(80_000_000, 0).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().reads((13_u64).saturating_mul(n.into())))
			.saturating_add(T::DbWeight::get().writes(0_u64))
			.saturating_add(T::DbWeight::get().writes((4_u64).saturating_mul(n.into())))
			.saturating_add(Weight::from_parts(0, 4000).saturating_mul(n.into()))
	}
	/// Storage: PayerRequirements, System::Account, Balances::Holds.
	fn set_payer_requirement() -> Weight {
		Weight::from_parts(40_000_000, 4000)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	/// Storage: Assets::Asset, Timestamp, NextInvoiceId, Invoices, System::Account, Balances::Holds.
	fn create_invoice() -> Weight {
		Weight::from_parts(50_000_000, 4500)
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
	/// Storage: Invoices, Timestamp.
	fn cancel_invoice() -> Weight {
		Weight::from_parts(25_000_000, 3800)
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: Invoices, Timestamp.
	fn assign_invoice() -> Weight {
		Weight::from_parts(25_000_000, 3800)
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: as pay, plus Invoices.
	fn pay_invoice() -> Weight {
		Weight::from_parts(150_000_000, 13000)
			.saturating_add(T::DbWeight::get().reads(20_u64))
			.saturating_add(T::DbWeight::get().writes(10_u64))
	}
	/// Storage: Invoices, Timestamp, System::Account, Balances::Holds.
	fn close_invoice() -> Weight {
		Weight::from_parts(40_000_000, 4000)
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	/// Storage: compliance ~10, asset hold (Asset, Account, AssetsHolder x2), deposit hold 2, NextEscrowId, Escrows.
	fn create_escrow() -> Weight {
		Weight::from_parts(110_000_000, 10000)
			.saturating_add(T::DbWeight::get().reads(17_u64))
			.saturating_add(T::DbWeight::get().writes(10_u64))
	}
	/// Storage: Escrows, compliance ~10, transfer on hold (Asset, Account x2, AssetsHolder x2, System::Account), deposit release 2.
	fn release_escrow() -> Weight {
		Weight::from_parts(120_000_000, 11000)
			.saturating_add(T::DbWeight::get().reads(17_u64))
			.saturating_add(T::DbWeight::get().writes(10_u64))
	}
	/// Storage: Escrows, asset release (Asset, Account, AssetsHolder x2), deposit release 2.
	fn refund_escrow() -> Weight {
		Weight::from_parts(70_000_000, 7000)
			.saturating_add(T::DbWeight::get().reads(7_u64))
			.saturating_add(T::DbWeight::get().writes(7_u64))
	}
	/// Storage: as release_escrow.
	fn claim_escrow() -> Weight {
		Weight::from_parts(120_000_000, 11000)
			.saturating_add(T::DbWeight::get().reads(17_u64))
			.saturating_add(T::DbWeight::get().writes(10_u64))
	}
	/// Storage: as release_escrow plus releasing the payer's share.
	fn resolve_escrow() -> Weight {
		Weight::from_parts(140_000_000, 12000)
			.saturating_add(T::DbWeight::get().reads(19_u64))
			.saturating_add(T::DbWeight::get().writes(12_u64))
	}
	/// Storage: as create_escrow, with Streams.
	fn create_stream() -> Weight {
		Weight::from_parts(110_000_000, 10000)
			.saturating_add(T::DbWeight::get().reads(17_u64))
			.saturating_add(T::DbWeight::get().writes(10_u64))
	}
	/// Storage: Streams, compliance ~10, transfer on hold, deposit release when finished.
	fn withdraw_from_stream() -> Weight {
		Weight::from_parts(130_000_000, 11000)
			.saturating_add(T::DbWeight::get().reads(17_u64))
			.saturating_add(T::DbWeight::get().writes(10_u64))
	}
	/// Storage: Streams, compliance ~10, release and transfer on hold, deposit release.
	fn cancel_stream() -> Weight {
		Weight::from_parts(160_000_000, 13000)
			.saturating_add(T::DbWeight::get().reads(19_u64))
			.saturating_add(T::DbWeight::get().writes(12_u64))
	}
	/// Storage: Streams, compliance ~10, asset hold.
	fn top_up_stream() -> Weight {
		Weight::from_parts(100_000_000, 9000)
			.saturating_add(T::DbWeight::get().reads(15_u64))
			.saturating_add(T::DbWeight::get().writes(6_u64))
	}
	/// Storage: Sponsorships, Assets::Asset, System::Account, Balances::Holds.
	fn set_sponsorship() -> Weight {
		Weight::from_parts(40_000_000, 4000)
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	/// Storage: Sponsorships, System::Account, Balances::Holds.
	fn fund_sponsorship() -> Weight {
		Weight::from_parts(40_000_000, 4000)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	/// Storage: Sponsorships, System::Account, Balances::Holds.
	fn withdraw_sponsorship() -> Weight {
		Weight::from_parts(40_000_000, 4000)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	/// Storage: Sponsorships, System::Account, Balances::Holds (budget and deposit).
	fn remove_sponsorship() -> Weight {
		Weight::from_parts(50_000_000, 4000)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
}

// For backwards compatibility and tests.
impl WeightInfo for () {
	/// Storage: Handles, ReservedHandles, System::Account, Balances::Holds.
	fn register_handle() -> Weight {
		Weight::from_parts(45_000_000, 4000)
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
	}
	/// Storage: Handles, ReservedHandles, System::Account x2, Balances::Holds x2.
	fn transfer_handle() -> Weight {
		Weight::from_parts(60_000_000, 6000)
			.saturating_add(RocksDbWeight::get().reads(5_u64))
			.saturating_add(RocksDbWeight::get().writes(5_u64))
	}
	/// Storage: Handles, System::Account, Balances::Holds.
	fn release_handle() -> Weight {
		Weight::from_parts(45_000_000, 4000)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
	}
	/// Storage: Handles, Assets::Asset (preferred), refused list.
	fn set_handle_preferences() -> Weight {
		Weight::from_parts(40_000_000, 4000)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	/// Storage: ReservedHandles.
	fn reserve_handle() -> Weight {
		Weight::from_parts(20_000_000, 3500)
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	/// Storage: ReservedHandles.
	fn unreserve_handle() -> Weight {
		Weight::from_parts(20_000_000, 3500)
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	/// Storage: ReservedHandles, Handles, System::Account, Balances::Holds.
	fn assign_reserved_handle() -> Weight {
		Weight::from_parts(50_000_000, 4500)
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
	}
	/// Storage: asset transfer (Asset, Account x2, System::Account), compliance (PayerRequirements, claim verifier ~5, asset check ~3, Timestamp), sponsorship (Sponsorships, SponsoredPayers, fee oracle 2, System::Account x2, Balances::Holds).
	fn pay() -> Weight {
		Weight::from_parts(140_000_000, 12000)
			.saturating_add(RocksDbWeight::get().reads(19_u64))
			.saturating_add(RocksDbWeight::get().writes(9_u64))
	}
	/// Storage: as pay, plus Handles.
	fn pay_handle() -> Weight {
		Weight::from_parts(150_000_000, 13000)
			.saturating_add(RocksDbWeight::get().reads(20_u64))
			.saturating_add(RocksDbWeight::get().writes(9_u64))
	}
	/// Storage: per payout: asset transfer (Account x2, System::Account) and compliance ~10; Asset read and written once.
	/// The range of component `n` is `[1, MaxPayouts]`.
	fn batch_pay(n: u32, ) -> Weight {
		Weight::from_parts(30_000_000, 3000)
			.saturating_add(Weight::from_parts(80_000_000, 0).saturating_mul(n.into()))
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().reads((13_u64).saturating_mul(n.into())))
			.saturating_add(RocksDbWeight::get().writes(0_u64))
			.saturating_add(RocksDbWeight::get().writes((4_u64).saturating_mul(n.into())))
			.saturating_add(Weight::from_parts(0, 4000).saturating_mul(n.into()))
	}
	/// Storage: PayerRequirements, System::Account, Balances::Holds.
	fn set_payer_requirement() -> Weight {
		Weight::from_parts(40_000_000, 4000)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
	}
	/// Storage: Assets::Asset, Timestamp, NextInvoiceId, Invoices, System::Account, Balances::Holds.
	fn create_invoice() -> Weight {
		Weight::from_parts(50_000_000, 4500)
			.saturating_add(RocksDbWeight::get().reads(5_u64))
			.saturating_add(RocksDbWeight::get().writes(4_u64))
	}
	/// Storage: Invoices, Timestamp.
	fn cancel_invoice() -> Weight {
		Weight::from_parts(25_000_000, 3800)
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	/// Storage: Invoices, Timestamp.
	fn assign_invoice() -> Weight {
		Weight::from_parts(25_000_000, 3800)
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	/// Storage: as pay, plus Invoices.
	fn pay_invoice() -> Weight {
		Weight::from_parts(150_000_000, 13000)
			.saturating_add(RocksDbWeight::get().reads(20_u64))
			.saturating_add(RocksDbWeight::get().writes(10_u64))
	}
	/// Storage: Invoices, Timestamp, System::Account, Balances::Holds.
	fn close_invoice() -> Weight {
		Weight::from_parts(40_000_000, 4000)
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
	}
	/// Storage: compliance ~10, asset hold (Asset, Account, AssetsHolder x2), deposit hold 2, NextEscrowId, Escrows.
	fn create_escrow() -> Weight {
		Weight::from_parts(110_000_000, 10000)
			.saturating_add(RocksDbWeight::get().reads(17_u64))
			.saturating_add(RocksDbWeight::get().writes(10_u64))
	}
	/// Storage: Escrows, compliance ~10, transfer on hold (Asset, Account x2, AssetsHolder x2, System::Account), deposit release 2.
	fn release_escrow() -> Weight {
		Weight::from_parts(120_000_000, 11000)
			.saturating_add(RocksDbWeight::get().reads(17_u64))
			.saturating_add(RocksDbWeight::get().writes(10_u64))
	}
	/// Storage: Escrows, asset release (Asset, Account, AssetsHolder x2), deposit release 2.
	fn refund_escrow() -> Weight {
		Weight::from_parts(70_000_000, 7000)
			.saturating_add(RocksDbWeight::get().reads(7_u64))
			.saturating_add(RocksDbWeight::get().writes(7_u64))
	}
	/// Storage: as release_escrow.
	fn claim_escrow() -> Weight {
		Weight::from_parts(120_000_000, 11000)
			.saturating_add(RocksDbWeight::get().reads(17_u64))
			.saturating_add(RocksDbWeight::get().writes(10_u64))
	}
	/// Storage: as release_escrow plus releasing the payer's share.
	fn resolve_escrow() -> Weight {
		Weight::from_parts(140_000_000, 12000)
			.saturating_add(RocksDbWeight::get().reads(19_u64))
			.saturating_add(RocksDbWeight::get().writes(12_u64))
	}
	/// Storage: as create_escrow, with Streams.
	fn create_stream() -> Weight {
		Weight::from_parts(110_000_000, 10000)
			.saturating_add(RocksDbWeight::get().reads(17_u64))
			.saturating_add(RocksDbWeight::get().writes(10_u64))
	}
	/// Storage: Streams, compliance ~10, transfer on hold, deposit release when finished.
	fn withdraw_from_stream() -> Weight {
		Weight::from_parts(130_000_000, 11000)
			.saturating_add(RocksDbWeight::get().reads(17_u64))
			.saturating_add(RocksDbWeight::get().writes(10_u64))
	}
	/// Storage: Streams, compliance ~10, release and transfer on hold, deposit release.
	fn cancel_stream() -> Weight {
		Weight::from_parts(160_000_000, 13000)
			.saturating_add(RocksDbWeight::get().reads(19_u64))
			.saturating_add(RocksDbWeight::get().writes(12_u64))
	}
	/// Storage: Streams, compliance ~10, asset hold.
	fn top_up_stream() -> Weight {
		Weight::from_parts(100_000_000, 9000)
			.saturating_add(RocksDbWeight::get().reads(15_u64))
			.saturating_add(RocksDbWeight::get().writes(6_u64))
	}
	/// Storage: Sponsorships, Assets::Asset, System::Account, Balances::Holds.
	fn set_sponsorship() -> Weight {
		Weight::from_parts(40_000_000, 4000)
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
	}
	/// Storage: Sponsorships, System::Account, Balances::Holds.
	fn fund_sponsorship() -> Weight {
		Weight::from_parts(40_000_000, 4000)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
	}
	/// Storage: Sponsorships, System::Account, Balances::Holds.
	fn withdraw_sponsorship() -> Weight {
		Weight::from_parts(40_000_000, 4000)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
	}
	/// Storage: Sponsorships, System::Account, Balances::Holds (budget and deposit).
	fn remove_sponsorship() -> Weight {
		Weight::from_parts(50_000_000, 4000)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
	}
}
