//! Weights for `pallet_did`.
//!
//! PROVISIONAL figures, written by hand before the first benchmark run on reference hardware:
//! each weight is the storage reads and writes the call does (counted from the code, worst case:
//! full DID records and lists) priced with `T::DbWeight`, plus a conservative execution time
//! (signature checks at about twice their native cost) and the proof size of the largest
//! records touched. Regenerate with frame-omni-bencher from `benchmarking.rs`:
//!
//! ```text
//! frame-omni-bencher v1 benchmark pallet --runtime <mooring_runtime.wasm> --pallet pallet_did \
//!   --extrinsic '*' --steps 50 --repeat 20 --output pallets/did/src/weights.rs \
//!   --template <frame-weight-template.hbs>
//! ```

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]
#![allow(dead_code)]

use polkadot_sdk::frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// Weight functions needed for `pallet_did`.
pub trait WeightInfo {
	fn create_did() -> Weight;
	fn add_verification_method() -> Weight;
	fn remove_verification_method() -> Weight;
	fn set_relationships() -> Weight;
	fn forget_retired_key() -> Weight;
	fn add_service() -> Weight;
	fn remove_service() -> Weight;
	fn add_controller() -> Weight;
	fn remove_controller() -> Weight;
	fn set_also_known_as(a: u32) -> Weight;
	fn deactivate_did(l: u32) -> Weight;
	fn change_deposit_owner() -> Weight;
	fn link_account() -> Weight;
	fn unlink_account() -> Weight;
	fn remove_account_link() -> Weight;
	fn submit_did_call_ed25519() -> Weight;
	fn submit_did_call_sr25519() -> Weight;
	fn submit_did_call_ecdsa() -> Weight;
	fn register_schema() -> Weight;
	fn add_schema_issuer() -> Weight;
	fn remove_schema_issuer() -> Weight;
	fn set_trusted_issuers(n: u32) -> Weight;
	fn attest(e: u32) -> Weight;
	fn revoke() -> Weight;
	fn suspend() -> Weight;
	fn unsuspend() -> Weight;
	fn remove_attestation() -> Weight;
}

/// Weights for `pallet_did` using the Substrate node and recommended hardware.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: polkadot_sdk::frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: Dids, DeactivatedDids, Balances::Holds, System::Account; proof signature check.
	fn create_did() -> Weight {
		Weight::from_parts(180_000_000, 7_500)
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	/// Storage: origin DID record, Dids, Balances::Holds, System::Account.
	fn add_verification_method() -> Weight {
		Weight::from_parts(60_000_000, 13_000)
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	/// Storage: origin DID record, Dids, Balances::Holds, System::Account.
	fn remove_verification_method() -> Weight {
		Weight::from_parts(60_000_000, 13_000)
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	/// Storage: origin DID record, Dids, Balances::Holds, System::Account.
	fn set_relationships() -> Weight {
		Weight::from_parts(55_000_000, 13_000)
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	/// Storage: origin DID record, Dids, Balances::Holds, System::Account.
	fn forget_retired_key() -> Weight {
		Weight::from_parts(55_000_000, 13_000)
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	/// Storage: origin DID record, Dids, Balances::Holds, System::Account.
	fn add_service() -> Weight {
		Weight::from_parts(65_000_000, 13_000)
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	/// Storage: origin DID record, Dids, Balances::Holds, System::Account.
	fn remove_service() -> Weight {
		Weight::from_parts(60_000_000, 13_000)
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	/// Storage: origin DID record, Dids (target and new controller), Balances::Holds, System::Account.
	fn add_controller() -> Weight {
		Weight::from_parts(60_000_000, 13_000)
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	/// Storage: origin DID record, Dids, Balances::Holds, System::Account.
	fn remove_controller() -> Weight {
		Weight::from_parts(60_000_000, 13_000)
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	/// Storage: origin DID record, Dids, Balances::Holds, System::Account.
	/// The range of component `a` is `[0, Max]` of its list.
	fn set_also_known_as(a: u32) -> Weight {
		Weight::from_parts(60_000_000, 13_000)
			// Standard Error: provisional
			.saturating_add(Weight::from_parts(1_500_000, 0).saturating_mul(a.into()))
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	/// Storage: Dids, DeactivatedDids, DidCallNonces, LinkedAccounts, Holds and Account of the owner; per linked account: AccountLinks, Holds, Account.
	/// The range of component `l` is `[0, Max]` of its list.
	fn deactivate_did(l: u32) -> Weight {
		Weight::from_parts(90_000_000, 13_000)
			// Standard Error: provisional
			.saturating_add(Weight::from_parts(45_000_000, 0).saturating_mul(l.into()))
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().writes(6_u64))
			.saturating_add(T::DbWeight::get().reads((3_u64).saturating_mul(l.into())))
			.saturating_add(T::DbWeight::get().writes((3_u64).saturating_mul(l.into())))
	}
	/// Storage: Dids, Holds and Account of both owners.
	fn change_deposit_owner() -> Weight {
		Weight::from_parts(90_000_000, 13_000)
			.saturating_add(T::DbWeight::get().reads(6_u64))
			.saturating_add(T::DbWeight::get().writes(5_u64))
	}
	/// Storage: Dids, AccountLinks, LinkedAccounts, Balances::Holds, System::Account.
	fn link_account() -> Weight {
		Weight::from_parts(70_000_000, 13_000)
			.saturating_add(T::DbWeight::get().reads(6_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
	/// Storage: Dids, AccountLinks, LinkedAccounts, Balances::Holds, System::Account.
	fn unlink_account() -> Weight {
		Weight::from_parts(65_000_000, 13_000)
			.saturating_add(T::DbWeight::get().reads(6_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
	/// Storage: AccountLinks, LinkedAccounts, Balances::Holds, System::Account.
	fn remove_account_link() -> Weight {
		Weight::from_parts(55_000_000, 3_000)
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
	/// Storage: genesis hash, Dids, DidCallNonces; Ed25519 verification.
	fn submit_did_call_ed25519() -> Weight {
		Weight::from_parts(180_000_000, 7_500)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: genesis hash, Dids, DidCallNonces; Sr25519 verification.
	fn submit_did_call_sr25519() -> Weight {
		Weight::from_parts(200_000_000, 7_500)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: genesis hash, Dids, DidCallNonces; secp256k1 recovery and keccak hashing.
	fn submit_did_call_ecdsa() -> Weight {
		Weight::from_parts(220_000_000, 7_500)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: Schemas, Balances::Holds, System::Account.
	fn register_schema() -> Weight {
		Weight::from_parts(50_000_000, 3_000)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	/// Storage: Schemas, Dids, SchemaIssuers.
	fn add_schema_issuer() -> Weight {
		Weight::from_parts(40_000_000, 8_000)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: SchemaIssuers.
	fn remove_schema_issuer() -> Weight {
		Weight::from_parts(30_000_000, 1_500)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: origin DID record, Schemas, ConsumerIssuers, Holds and Account of both depositors; per issuer: Dids.
	/// The range of component `n` is `[0, Max]` of its list.
	fn set_trusted_issuers(n: u32) -> Weight {
		Weight::from_parts(70_000_000, 8_000)
			// Standard Error: provisional
			.saturating_add(Weight::from_parts(4_000_000, 0).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(6_u64))
			.saturating_add(T::DbWeight::get().writes(5_u64))
			.saturating_add(T::DbWeight::get().reads((1_u64).saturating_mul(n.into())))
	}
	/// Storage: issuer DID record, Schemas, subject Dids, Attestations, StatusListLength, Balances::Holds, System::Account, ClaimIndex.
	/// The range of component `e` is `[0, Max]` of its list.
	fn attest(e: u32) -> Weight {
		Weight::from_parts(90_000_000, 8_000)
			// Standard Error: provisional
			.saturating_add(Weight::from_parts(800_000, 0).saturating_mul(e.into()))
			.saturating_add(T::DbWeight::get().reads(8_u64))
			.saturating_add(T::DbWeight::get().writes(5_u64))
	}
	/// Storage: issuer DID record, Attestations, two StatusListChunks.
	fn revoke() -> Weight {
		Weight::from_parts(60_000_000, 8_000)
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	/// Storage: issuer DID record, Attestations, StatusListChunks.
	fn suspend() -> Weight {
		Weight::from_parts(55_000_000, 8_000)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Storage: issuer DID record, Attestations, StatusListChunks.
	fn unsuspend() -> Weight {
		Weight::from_parts(55_000_000, 8_000)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Storage: issuer DID record, Attestations, ClaimIndex, two StatusListChunks, Balances::Holds, System::Account.
	fn remove_attestation() -> Weight {
		Weight::from_parts(80_000_000, 8_000)
			.saturating_add(T::DbWeight::get().reads(7_u64))
			.saturating_add(T::DbWeight::get().writes(6_u64))
	}
}

// For backwards compatibility and tests.
impl WeightInfo for () {
	/// Storage: Dids, DeactivatedDids, Balances::Holds, System::Account; proof signature check.
	fn create_did() -> Weight {
		Weight::from_parts(180_000_000, 7_500)
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
	}
	/// Storage: origin DID record, Dids, Balances::Holds, System::Account.
	fn add_verification_method() -> Weight {
		Weight::from_parts(60_000_000, 13_000)
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
	}
	/// Storage: origin DID record, Dids, Balances::Holds, System::Account.
	fn remove_verification_method() -> Weight {
		Weight::from_parts(60_000_000, 13_000)
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
	}
	/// Storage: origin DID record, Dids, Balances::Holds, System::Account.
	fn set_relationships() -> Weight {
		Weight::from_parts(55_000_000, 13_000)
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
	}
	/// Storage: origin DID record, Dids, Balances::Holds, System::Account.
	fn forget_retired_key() -> Weight {
		Weight::from_parts(55_000_000, 13_000)
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
	}
	/// Storage: origin DID record, Dids, Balances::Holds, System::Account.
	fn add_service() -> Weight {
		Weight::from_parts(65_000_000, 13_000)
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
	}
	/// Storage: origin DID record, Dids, Balances::Holds, System::Account.
	fn remove_service() -> Weight {
		Weight::from_parts(60_000_000, 13_000)
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
	}
	/// Storage: origin DID record, Dids (target and new controller), Balances::Holds, System::Account.
	fn add_controller() -> Weight {
		Weight::from_parts(60_000_000, 13_000)
			.saturating_add(RocksDbWeight::get().reads(5_u64))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
	}
	/// Storage: origin DID record, Dids, Balances::Holds, System::Account.
	fn remove_controller() -> Weight {
		Weight::from_parts(60_000_000, 13_000)
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
	}
	/// Storage: origin DID record, Dids, Balances::Holds, System::Account.
	/// The range of component `a` is `[0, Max]` of its list.
	fn set_also_known_as(a: u32) -> Weight {
		Weight::from_parts(60_000_000, 13_000)
			// Standard Error: provisional
			.saturating_add(Weight::from_parts(1_500_000, 0).saturating_mul(a.into()))
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
	}
	/// Storage: Dids, DeactivatedDids, DidCallNonces, LinkedAccounts, Holds and Account of the owner; per linked account: AccountLinks, Holds, Account.
	/// The range of component `l` is `[0, Max]` of its list.
	fn deactivate_did(l: u32) -> Weight {
		Weight::from_parts(90_000_000, 13_000)
			// Standard Error: provisional
			.saturating_add(Weight::from_parts(45_000_000, 0).saturating_mul(l.into()))
			.saturating_add(RocksDbWeight::get().reads(5_u64))
			.saturating_add(RocksDbWeight::get().writes(6_u64))
			.saturating_add(RocksDbWeight::get().reads((3_u64).saturating_mul(l.into())))
			.saturating_add(RocksDbWeight::get().writes((3_u64).saturating_mul(l.into())))
	}
	/// Storage: Dids, Holds and Account of both owners.
	fn change_deposit_owner() -> Weight {
		Weight::from_parts(90_000_000, 13_000)
			.saturating_add(RocksDbWeight::get().reads(6_u64))
			.saturating_add(RocksDbWeight::get().writes(5_u64))
	}
	/// Storage: Dids, AccountLinks, LinkedAccounts, Balances::Holds, System::Account.
	fn link_account() -> Weight {
		Weight::from_parts(70_000_000, 13_000)
			.saturating_add(RocksDbWeight::get().reads(6_u64))
			.saturating_add(RocksDbWeight::get().writes(4_u64))
	}
	/// Storage: Dids, AccountLinks, LinkedAccounts, Balances::Holds, System::Account.
	fn unlink_account() -> Weight {
		Weight::from_parts(65_000_000, 13_000)
			.saturating_add(RocksDbWeight::get().reads(6_u64))
			.saturating_add(RocksDbWeight::get().writes(4_u64))
	}
	/// Storage: AccountLinks, LinkedAccounts, Balances::Holds, System::Account.
	fn remove_account_link() -> Weight {
		Weight::from_parts(55_000_000, 3_000)
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().writes(4_u64))
	}
	/// Storage: genesis hash, Dids, DidCallNonces; Ed25519 verification.
	fn submit_did_call_ed25519() -> Weight {
		Weight::from_parts(180_000_000, 7_500)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	/// Storage: genesis hash, Dids, DidCallNonces; Sr25519 verification.
	fn submit_did_call_sr25519() -> Weight {
		Weight::from_parts(200_000_000, 7_500)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	/// Storage: genesis hash, Dids, DidCallNonces; secp256k1 recovery and keccak hashing.
	fn submit_did_call_ecdsa() -> Weight {
		Weight::from_parts(220_000_000, 7_500)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	/// Storage: Schemas, Balances::Holds, System::Account.
	fn register_schema() -> Weight {
		Weight::from_parts(50_000_000, 3_000)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
	}
	/// Storage: Schemas, Dids, SchemaIssuers.
	fn add_schema_issuer() -> Weight {
		Weight::from_parts(40_000_000, 8_000)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	/// Storage: SchemaIssuers.
	fn remove_schema_issuer() -> Weight {
		Weight::from_parts(30_000_000, 1_500)
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	/// Storage: origin DID record, Schemas, ConsumerIssuers, Holds and Account of both depositors; per issuer: Dids.
	/// The range of component `n` is `[0, Max]` of its list.
	fn set_trusted_issuers(n: u32) -> Weight {
		Weight::from_parts(70_000_000, 8_000)
			// Standard Error: provisional
			.saturating_add(Weight::from_parts(4_000_000, 0).saturating_mul(n.into()))
			.saturating_add(RocksDbWeight::get().reads(6_u64))
			.saturating_add(RocksDbWeight::get().writes(5_u64))
			.saturating_add(RocksDbWeight::get().reads((1_u64).saturating_mul(n.into())))
	}
	/// Storage: issuer DID record, Schemas, subject Dids, Attestations, StatusListLength, Balances::Holds, System::Account, ClaimIndex.
	/// The range of component `e` is `[0, Max]` of its list.
	fn attest(e: u32) -> Weight {
		Weight::from_parts(90_000_000, 8_000)
			// Standard Error: provisional
			.saturating_add(Weight::from_parts(800_000, 0).saturating_mul(e.into()))
			.saturating_add(RocksDbWeight::get().reads(8_u64))
			.saturating_add(RocksDbWeight::get().writes(5_u64))
	}
	/// Storage: issuer DID record, Attestations, two StatusListChunks.
	fn revoke() -> Weight {
		Weight::from_parts(60_000_000, 8_000)
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
	}
	/// Storage: issuer DID record, Attestations, StatusListChunks.
	fn suspend() -> Weight {
		Weight::from_parts(55_000_000, 8_000)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	/// Storage: issuer DID record, Attestations, StatusListChunks.
	fn unsuspend() -> Weight {
		Weight::from_parts(55_000_000, 8_000)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	/// Storage: issuer DID record, Attestations, ClaimIndex, two StatusListChunks, Balances::Holds, System::Account.
	fn remove_attestation() -> Weight {
		Weight::from_parts(80_000_000, 8_000)
			.saturating_add(RocksDbWeight::get().reads(7_u64))
			.saturating_add(RocksDbWeight::get().writes(6_u64))
	}
}
