//! The Mooring runtime.
//!
//! A FRAME runtime for a BNB Chain L2: native balances of bridged BNB (18 decimals), Aura for the
//! single sequencer, GRANDPA finality, pallet-assets for bridged BEP-20 tokens and stablecoins,
//! and pallet-revive executing EVM bytecode, reachable through the Ethereum transaction path.

#![cfg_attr(not(feature = "std"), no_std)]
// `construct_runtime` and `impl_runtime_apis` expand to deeply nested types.
#![recursion_limit = "256"]

#[cfg(feature = "std")]
include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));

extern crate alloc;

mod apis;
#[cfg(feature = "runtime-benchmarks")]
mod benchmarks;
pub mod configs;
pub mod genesis;
pub mod precompiles;

use alloc::{borrow::Cow, vec, vec::Vec};
use polkadot_sdk::{
	polkadot_sdk_frame::runtime::prelude::*,
	sp_consensus_aura::sr25519::AuthorityId as AuraId,
	sp_consensus_grandpa::AuthorityId as GrandpaId,
	sp_runtime::{generic, impl_opaque_keys},
	*,
};

pub use apis::RuntimeApi;
pub use mooring_primitives::{
	AccountId, Balance, BlockNumber, Hash, Header, Nonce, Signature, CHAIN_ID, DAY,
	EXISTENTIAL_DEPOSIT, MILLISECS_PER_BLOCK, UNIT,
};

/// Opaque types: what the node needs to know of the runtime without depending on its calls.
pub mod opaque {
	use super::*;

	/// A block whose extrinsics are opaque bytes.
	pub type Block = polkadot_sdk_frame::runtime::types_common::OpaqueBlock;

	impl_opaque_keys! {
		/// The session keys of the sequencer: Aura to author, GRANDPA to finalize.
		pub struct SessionKeys {
			/// Authors blocks.
			pub aura: Aura,
			/// Votes for finality.
			pub grandpa: Grandpa,
		}
	}
}

/// Defines [`VERSION`] with `spec_version` (a literal: `#[runtime_version]` reads it).
macro_rules! runtime_version {
	($spec_version:tt) => {
		/// The runtime version.
		#[runtime_version]
		pub const VERSION: RuntimeVersion = RuntimeVersion {
			spec_name: Cow::Borrowed("mooring"),
			impl_name: Cow::Borrowed("mooring"),
			authoring_version: 1,
			spec_version: $spec_version,
			impl_version: 1,
			apis: apis::RUNTIME_API_VERSIONS,
			transaction_version: 1,
			system_version: 1,
		};
	};
}

#[cfg(not(feature = "next-spec-version"))]
runtime_version!(1);
#[cfg(feature = "next-spec-version")]
runtime_version!(2);

/// This runtime built with `spec_version` one higher (feature `next-spec-version`): the code a
/// council-authorized upgrade installs in the e2e tests.
#[cfg(feature = "std")]
pub mod next_spec_version {
	include!(concat!(env!("OUT_DIR"), "/next_spec_version_binary.rs"));
}

/// The address format for describing accounts.
pub type Address = sp_runtime::MultiAddress<AccountId, ()>;

/// Block type as expected by this runtime.
pub type Block = generic::Block<Header, UncheckedExtrinsic>;

/// The transaction extensions of a Substrate transaction, in order.
pub type TxExtension = (
	frame_system::CheckNonZeroSender<Runtime>,
	frame_system::CheckSpecVersion<Runtime>,
	frame_system::CheckTxVersion<Runtime>,
	frame_system::CheckGenesis<Runtime>,
	frame_system::CheckEra<Runtime>,
	frame_system::CheckNonce<Runtime>,
	frame_system::CheckWeight<Runtime>,
	// Charges the fee, unless the call is feeless (a payment a merchant sponsors). The wrapper
	// keeps ChargeTransactionPayment's wire format, so wallets sign exactly as before.
	pallet_skip_feeless_payment::SkipCheckIfFeeless<
		Runtime,
		pallet_transaction_payment::ChargeTransactionPayment<Runtime>,
	>,
	// Turns an Ethereum transaction into a signed origin; after every extension that needs one.
	pallet_revive::evm::tx_extension::SetOrigin<Runtime>,
	// Last, so it sees the refunds of all the extensions before it.
	frame_system::WeightReclaim<Runtime>,
);

/// Unchecked extrinsic: a Substrate extrinsic, or an Ethereum transaction wrapped in
/// `Revive::eth_transact` that pallet-revive checks and converts with [`configs::EthExtraImpl`].
pub type UncheckedExtrinsic =
	pallet_revive::evm::runtime::UncheckedExtrinsic<Address, Signature, configs::EthExtraImpl>;

/// The payload being signed in a Substrate transaction.
pub type SignedPayload = generic::SignedPayload<RuntimeCall, TxExtension>;

/// Executes blocks: dispatches extrinsics to the pallets.
pub type Executive = frame_executive::Executive<
	Runtime,
	Block,
	frame_system::ChainContext<Runtime>,
	Runtime,
	AllPalletsWithSystem,
>;

#[frame_construct_runtime]
mod runtime {
	/// The Mooring runtime.
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeFreezeReason,
		RuntimeHoldReason,
		RuntimeSlashReason,
		RuntimeLockId,
		RuntimeTask,
		RuntimeViewFunction
	)]
	pub struct Runtime;

	/// Accounts, blocks, events.
	#[runtime::pallet_index(0)]
	pub type System = frame_system::Pallet<Runtime>;

	/// The block timestamp, set by the sequencer.
	#[runtime::pallet_index(1)]
	pub type Timestamp = pallet_timestamp::Pallet<Runtime>;

	/// The sequencer's slot-based authoring.
	#[runtime::pallet_index(2)]
	pub type Aura = pallet_aura::Pallet<Runtime>;

	/// Finality.
	#[runtime::pallet_index(3)]
	pub type Grandpa = pallet_grandpa::Pallet<Runtime>;

	/// Native token balances (bridged BNB).
	#[runtime::pallet_index(4)]
	pub type Balances = pallet_balances::Pallet<Runtime>;

	/// Transaction fees.
	#[runtime::pallet_index(5)]
	pub type TransactionPayment = pallet_transaction_payment::Pallet<Runtime>;

	/// Governance: the council's motions (no Sudo: docs/security.md).
	#[runtime::pallet_index(6)]
	pub type Council = pallet_collective::Pallet<Runtime, Instance1>;

	/// Fungible assets: bridged BEP-20 tokens and stablecoins.
	#[runtime::pallet_index(7)]
	pub type Assets = pallet_assets::Pallet<Runtime>;

	/// Batches of calls.
	#[runtime::pallet_index(8)]
	pub type Utility = pallet_utility::Pallet<Runtime>;

	/// Holds on asset balances (escrow and streams of payments).
	#[runtime::pallet_index(9)]
	pub type AssetsHolder = pallet_assets_holder::Pallet<Runtime>;

	/// Lets sponsored payments skip the payer's fee.
	#[runtime::pallet_index(11)]
	pub type SkipFeelessPayment = pallet_skip_feeless_payment::Pallet<Runtime>;

	/// Smart contracts: EVM bytecode compiled by solc.
	#[runtime::pallet_index(10)]
	pub type Revive = pallet_revive::Pallet<Runtime>;

	/// `did:mooring` DIDs and verifiable-credential attestations.
	#[runtime::pallet_index(20)]
	pub type Did = pallet_did::Pallet<Runtime>;

	/// Real-world-asset tokens with compliance.
	#[runtime::pallet_index(21)]
	pub type Rwa = pallet_rwa::Pallet<Runtime>;

	/// PayPIN handles, invoices, escrow, streams, payouts, fee sponsorship.
	#[runtime::pallet_index(22)]
	pub type Payments = pallet_payments::Pallet<Runtime>;

	/// Deposits from and withdrawals to BNB Chain.
	#[runtime::pallet_index(23)]
	pub type Bridge = pallet_bridge::Pallet<Runtime>;

	/// Payment channels with off-chain balance proofs.
	#[runtime::pallet_index(24)]
	pub type Channels = pallet_channels::Pallet<Runtime>;

	/// Who sits on the council.
	#[runtime::pallet_index(12)]
	pub type CouncilMembership = pallet_membership::Pallet<Runtime, Instance1>;

	/// The council's root-only actions: runtime upgrades, sequencer key rotation.
	#[runtime::pallet_index(13)]
	pub type Governance = pallet_governance::Pallet<Runtime>;

	/// EIP-2612 `permit` nonces of the assets' ERC-20 precompiles ([`precompiles::AssetsErc20`]).
	#[runtime::pallet_index(14)]
	pub type AssetsPermit = pallet_assets_precompiles::permit::Pallet<Runtime>;

	/// The L1 data fee: BNB Chain's prices, reported by the relayer.
	#[runtime::pallet_index(15)]
	pub type L1Fee = pallet_l1_fee::Pallet<Runtime>;

	/// Emergency brake: governance pauses chosen calls.
	#[runtime::pallet_index(30)]
	pub type TxPause = pallet_tx_pause::Pallet<Runtime>;

	/// Emergency brake: governance stops every call but block production for a day.
	#[runtime::pallet_index(31)]
	pub type SafeMode = pallet_safe_mode::Pallet<Runtime>;
}
