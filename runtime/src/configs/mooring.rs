//! Mooring's own pallets: identity, real-world assets, payments, state channels, the bridge.

use super::*;
use frame_support::traits::{
	fungible::{NativeFromLeft, NativeOrWithId, UnionOf},
	ConstU128, ConstU32,
};
use mooring_primitives::deposit;

impl pallet_did::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeOrigin = RuntimeOrigin;
	type RuntimeCall = RuntimeCall;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Currency = Balances;
	type GovernanceOrigin = CouncilSuperMajority;
	type Time = Timestamp;
	type DepositPerItem = ConstU128<{ deposit(1, 0) }>;
	type DepositPerByte = ConstU128<{ deposit(0, 1) }>;
	type MaxControllers = ConstU32<5>;
	type MaxVerificationMethods = ConstU32<10>;
	type MaxRetiredKeys = ConstU32<10>;
	type MaxServices = ConstU32<10>;
	type MaxAlsoKnownAs = ConstU32<5>;
	type MaxIdLength = ConstU32<64>;
	type MaxUriLength = ConstU32<200>;
	type MaxLinkedAccounts = ConstU32<10>;
	type MaxTrustedIssuers = ConstU32<20>;
	type MaxExtraAttributes = ConstU32<8>;
	type WeightInfo = pallet_did::weights::SubstrateWeight<Runtime>;
}

parameter_types! {
	pub const RwaPalletId: PalletId = PalletId(*b"mr/rwa00");
}

impl pallet_rwa::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	/// Three quarters of the council hand an asset to a new owner (a lost owner key).
	type ForceOrigin = CouncilSuperMajority;
	type PaymentAssetId = u32;
	type PaymentAssets = Assets;
	type ClaimVerifier = Did;
	type Time = Timestamp;
	type PalletId = RwaPalletId;
	type AssetDeposit = ConstU128<{ deposit(2, 111) }>;
	type DepositBase = ConstU128<{ deposit(1, 0) }>;
	type DepositPerByte = ConstU128<{ deposit(0, 1) }>;
	type StringLimit = ConstU32<64>;
	type MaxDocuments = ConstU32<8>;
	type MaxAgents = ConstU32<16>;
	type MaxRequirements = ConstU32<8>;
	type MaxConditions = ConstU32<16>;
	type MaxCountries = ConstU32<16>;
	type MaxTrustedIssuers = ConstU32<16>;
	type MaxRestrictions = ConstU32<5>;
	type MaxBlockedDids = ConstU32<256>;
	type MaxBatch = ConstU32<32>;
	type MaxClaimCleanup = ConstU32<256>;
	type WeightInfo = pallet_rwa::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = benchmark_helpers::Rwa;
}

/// Prices a sponsored payment with the same fee formula the signer would have paid.
pub struct PaymentsFeeOracle;

impl pallet_payments::FeeOracle<Balance> for PaymentsFeeOracle {
	fn fee(call_weight: Weight, call_len: u32) -> Balance {
		use frame_support::dispatch::{DispatchInfo, Pays};
		let info = DispatchInfo {
			call_weight,
			extension_weight: <TxExtension as sp_runtime::traits::TransactionExtension<
				RuntimeCall,
			>>::weight(&extension_for_pricing(), &dummy_call()),
			class: DispatchClass::Normal,
			pays_fee: Pays::Yes,
		};
		TransactionPayment::compute_fee(call_len + SIGNED_EXTRINSIC_OVERHEAD, &info, 0)
	}

	fn signer_was_charged() -> bool {
		TransactionPayment::remaining_txfee::<Balance>() > 0
	}
}

/// Bytes a signed extrinsic adds to its call: address, signature, extensions.
const SIGNED_EXTRINSIC_OVERHEAD: u32 = 110;

fn extension_for_pricing() -> TxExtension {
	configs::EthExtraImpl::get_eth_extension(0, 0)
}

fn dummy_call() -> RuntimeCall {
	RuntimeCall::System(frame_system::Call::remark { remark: Default::default() })
}

impl pallet_payments::Config for Runtime {
	type Currency = Balances;
	type Assets = Assets;
	type AssetHolds = AssetsHolder;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Time = Timestamp;
	type ClaimVerifier = Did;
	/// pallet-assets tokens carry no RWA rules: RWA units live in pallet-rwa's own ledger, which
	/// no payment path can move.
	type AssetCompliance = ();
	type FeeOracle = PaymentsFeeOracle;
	type FeeDestination = SequencerFeeVault;
	type ReserveOrigin = CouncilSuperMajority;
	type DepositBase = ConstU128<{ deposit(1, 0) }>;
	type DepositPerByte = ConstU128<{ deposit(0, 1) }>;
	type MaxPayouts = ConstU32<128>;
	type MaxAssetPreferences = ConstU32<8>;
	type MaxSponsoredPerBlock = ConstU32<128>;
	/// A payee has 30 days after an escrow's release time to claim it.
	type EscrowClaimPeriod = ConstU64<{ 30 * 24 * 60 * 60 * 1_000 }>;
	type WeightInfo = pallet_payments::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = benchmark_helpers::Payments;
}

parameter_types! {
	pub const ChannelsPalletId: PalletId = PalletId(*b"mr/chanl");
	/// The shortest challenge period of a channel: one day of blocks.
	pub const ChannelMinChallengePeriod: BlockNumber = DAY;
	/// The longest challenge period of a channel: seven days of blocks.
	pub const ChannelMaxChallengePeriod: BlockNumber = 7 * DAY;
}

impl pallet_channels::Config for Runtime {
	type RuntimeHoldReason = RuntimeHoldReason;
	type Currency = Balances;
	type AssetKind = NativeOrWithId<u32>;
	type Assets = UnionOf<Balances, Assets, NativeFromLeft, NativeOrWithId<u32>, AccountId>;
	/// Settlements run the payments pallet's compliance check: channels are no way around it.
	type TransferCheck = Payments;
	type PalletId = ChannelsPalletId;
	type RecordDeposit = ConstU128<{ deposit(1, 400) }>;
	/// One day: a party's watcher may be offline or its transactions delayed that long
	/// without losing the channel (Lightning's usual `to_self_delay`).
	type MinChallengePeriod = ChannelMinChallengePeriod;
	/// Seven days.
	type MaxChallengePeriod = ChannelMaxChallengePeriod;
	type WeightInfo = pallet_channels::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = ();
}

parameter_types! {
	/// The bridge's account owns, issues, administers and freezes every bridged asset.
	pub const BridgePalletId: PalletId = PalletId(*b"mr/bridg");
}

impl pallet_bridge::Config for Runtime {
	type PalletId = BridgePalletId;
	type Currency = Balances;
	type AssetId = u32;
	type Assets = Assets;
	type GovernanceOrigin = CouncilSuperMajority;
	type MaxDepositsPerCall = ConstU32<64>;
	type MaxRelayers = ConstU32<8>;
	type WeightInfo = pallet_bridge::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = benchmark_helpers::Bridge;
}

/// Set-up helpers the pallets' benchmarks need from this runtime.
#[cfg(feature = "runtime-benchmarks")]
pub mod benchmark_helpers {
	use super::*;
	use frame_support::traits::fungibles::{Create, Inspect, Mutate};

	/// Creates asset `id` (sufficient when asked, minimum balance 1) unless it exists.
	fn ensure_asset(id: u32, is_sufficient: bool) -> u32 {
		if !<Assets as Inspect<AccountId>>::asset_exists(id) {
			let owner: AccountId = frame_benchmarking::account("asset owner", 0, 0);
			<Assets as Create<AccountId>>::create(id, owner, is_sufficient, 1)
				.expect("the id is free");
		}
		id
	}

	/// For `pallet_rwa`.
	pub struct Rwa;
	impl pallet_rwa::BenchmarkHelper<u32, AccountId, Balance> for Rwa {
		fn create_payment_asset(who: &AccountId, amount: Balance) -> u32 {
			let id = ensure_asset(0x5257_0000, true);
			<Assets as Mutate<AccountId>>::mint_into(id, who, amount).expect("minting works");
			id
		}

		fn link_same_did(existing: &AccountId, new: &AccountId) {
			pallet_did::Pallet::<Runtime>::benchmark_link_same_did(existing, new);
		}
	}

	/// For `pallet_payments`.
	pub struct Payments;
	impl pallet_payments::BenchmarkHelper<AccountId, u32> for Payments {
		fn create_asset(seed: u32) -> u32 {
			ensure_asset(0x5041_0000 + seed, true)
		}

		fn set_time(now: u64) {
			pallet_timestamp::Now::<Runtime>::put(now);
		}
	}

	/// For `pallet_bridge`.
	pub struct Bridge;
	impl pallet_bridge::BenchmarkHelper<u32> for Bridge {
		fn create_asset(seed: u32, is_sufficient: bool) -> u32 {
			ensure_asset(0x4252_0000 + seed, is_sufficient)
		}

		fn free_asset_id(seed: u32) -> u32 {
			0x4253_0000 + seed
		}
	}
}
