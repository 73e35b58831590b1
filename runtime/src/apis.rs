//! The runtime APIs the node and the eth-rpc call: block building, consensus, fees, nonces,
//! genesis presets and, through `impl_runtime_apis_plus_revive_traits!`, pallet-revive's
//! Ethereum APIs.

use crate::*;
use alloc::vec::Vec;
use frame_support::weights::Weight;
use pallet_transaction_payment::{FeeDetails, RuntimeDispatchInfo};
use polkadot_sdk_frame::{deps::sp_genesis_builder, runtime::apis, traits::Block as BlockT};
use sp_runtime::traits::NumberFor;

pallet_revive::impl_runtime_apis_plus_revive_traits!(
	Runtime,
	Revive,
	Executive,
	configs::EthExtraImpl,

	impl apis::Core<Block> for Runtime {
		fn version() -> RuntimeVersion {
			VERSION
		}

		fn execute_block(block: <Block as BlockT>::LazyBlock) {
			Executive::execute_block(block)
		}

		fn initialize_block(header: &Header) -> ExtrinsicInclusionMode {
			Executive::initialize_block(header)
		}
	}

	impl apis::Metadata<Block> for Runtime {
		fn metadata() -> OpaqueMetadata {
			OpaqueMetadata::new(Runtime::metadata().into())
		}

		fn metadata_at_version(version: u32) -> Option<OpaqueMetadata> {
			Runtime::metadata_at_version(version)
		}

		fn metadata_versions() -> Vec<u32> {
			Runtime::metadata_versions()
		}
	}

	impl apis::BlockBuilder<Block> for Runtime {
		fn apply_extrinsic(extrinsic: ExtrinsicFor<Runtime>) -> ApplyExtrinsicResult {
			Executive::apply_extrinsic(extrinsic)
		}

		fn finalize_block() -> HeaderFor<Runtime> {
			Executive::finalize_block()
		}

		fn inherent_extrinsics(data: InherentData) -> Vec<ExtrinsicFor<Runtime>> {
			data.create_extrinsics()
		}

		fn check_inherents(
			block: <Block as BlockT>::LazyBlock,
			data: InherentData,
		) -> CheckInherentsResult {
			data.check_extrinsics(&block)
		}
	}

	impl apis::TaggedTransactionQueue<Block> for Runtime {
		fn validate_transaction(
			source: TransactionSource,
			tx: ExtrinsicFor<Runtime>,
			block_hash: <Runtime as frame_system::Config>::Hash,
		) -> TransactionValidity {
			Executive::validate_transaction(source, tx, block_hash)
		}
	}

	impl apis::OffchainWorkerApi<Block> for Runtime {
		fn offchain_worker(header: &HeaderFor<Runtime>) {
			Executive::offchain_worker(header)
		}
	}

	impl apis::AuraApi<Block, AuraId> for Runtime {
		fn slot_duration() -> apis::SlotDuration {
			apis::SlotDuration::from_millis(Aura::slot_duration())
		}

		fn authorities() -> Vec<AuraId> {
			pallet_aura::Authorities::<Runtime>::get().into_inner()
		}
	}

	impl apis::GrandpaApi<Block> for Runtime {
		fn grandpa_authorities() -> apis::AuthorityList {
			Grandpa::grandpa_authorities()
		}

		fn current_set_id() -> apis::SetId {
			Grandpa::current_set_id()
		}

		fn submit_report_equivocation_unsigned_extrinsic(
			_equivocation_proof: apis::EquivocationProof<<Block as BlockT>::Hash, NumberFor<Block>>,
			_key_owner_proof: apis::OpaqueKeyOwnershipProof,
		) -> Option<()> {
			// A single sequencer cannot equivocate against anyone but itself; nothing to report.
			None
		}

		fn generate_key_ownership_proof(
			_set_id: apis::SetId,
			_authority_id: GrandpaId,
		) -> Option<apis::OpaqueKeyOwnershipProof> {
			None
		}
	}

	impl apis::SessionKeys<Block> for Runtime {
		fn generate_session_keys(
			owner: Vec<u8>,
			seed: Option<Vec<u8>>,
		) -> apis::OpaqueGeneratedSessionKeys {
			opaque::SessionKeys::generate(&owner, seed).into()
		}

		fn decode_session_keys(encoded: Vec<u8>) -> Option<Vec<(Vec<u8>, apis::KeyTypeId)>> {
			opaque::SessionKeys::decode_into_raw_public_keys(&encoded)
		}
	}

	impl apis::AccountNonceApi<Block, AccountId, Nonce> for Runtime {
		fn account_nonce(account: AccountId) -> Nonce {
			System::account_nonce(account)
		}
	}

	impl pallet_transaction_payment_rpc_runtime_api::TransactionPaymentApi<Block, Balance>
		for Runtime
	{
		fn query_info(uxt: ExtrinsicFor<Runtime>, len: u32) -> RuntimeDispatchInfo<Balance> {
			TransactionPayment::query_info(uxt, len)
		}

		fn query_fee_details(uxt: ExtrinsicFor<Runtime>, len: u32) -> FeeDetails<Balance> {
			TransactionPayment::query_fee_details(uxt, len)
		}

		fn query_weight_to_fee(weight: Weight) -> Balance {
			TransactionPayment::weight_to_fee(weight)
		}

		fn query_length_to_fee(length: u32) -> Balance {
			TransactionPayment::length_to_fee(length)
		}
	}

	impl pallet_transaction_payment_rpc_runtime_api::TransactionPaymentCallApi<Block, Balance, RuntimeCall>
		for Runtime
	{
		fn query_call_info(call: RuntimeCall, len: u32) -> RuntimeDispatchInfo<Balance> {
			TransactionPayment::query_call_info(call, len)
		}

		fn query_call_fee_details(call: RuntimeCall, len: u32) -> FeeDetails<Balance> {
			TransactionPayment::query_call_fee_details(call, len)
		}

		fn query_weight_to_fee(weight: Weight) -> Balance {
			TransactionPayment::weight_to_fee(weight)
		}

		fn query_length_to_fee(length: u32) -> Balance {
			TransactionPayment::length_to_fee(length)
		}
	}

	impl pallet_did::runtime_api::DidApi<Block, AccountId, Balance> for Runtime {
		fn resolve(
			did: pallet_did::DidId,
		) -> Option<pallet_did::runtime_api::DidResolution<AccountId, Balance>> {
			Did::resolve(&did)
		}

		fn credential_status(
			claim_hash: pallet_did::ClaimHash,
		) -> Option<pallet_did::runtime_api::CredentialStatus> {
			Did::credential_status(&claim_hash)
		}

		fn status_list(
			issuer: pallet_did::DidId,
			purpose: pallet_did::StatusPurpose,
			first_chunk: u32,
			max_chunks: u32,
		) -> pallet_did::runtime_api::StatusList {
			Did::status_list(&issuer, purpose, first_chunk, max_chunks)
		}

		fn did_of(account: AccountId) -> Option<pallet_did::DidId> {
			Did::did_of_account(&account)
		}

		fn valid_claim(
			subject: mooring_primitives::identity::ClaimSubject<AccountId>,
			schema: pallet_did::SchemaId,
		) -> Option<pallet_did::ClaimAttributes> {
			Did::valid_claim_now(&subject, &schema)
		}
	}

	impl pallet_rwa::runtime_api::RwaApi<Block, AccountId, Balance> for Runtime {
		fn can_transfer(
			asset: pallet_rwa::RwaAssetId,
			from: AccountId,
			to: AccountId,
			amount: Balance,
		) -> pallet_rwa::TransferStatus<Balance> {
			Rwa::can_transfer(asset, &from, &to, amount)
		}

		fn can_transfer_from(
			asset: pallet_rwa::RwaAssetId,
			spender: AccountId,
			from: AccountId,
			to: AccountId,
			amount: Balance,
		) -> pallet_rwa::TransferStatus<Balance> {
			Rwa::can_transfer_from(asset, &spender, &from, &to, amount)
		}

		fn balance_at(
			asset: pallet_rwa::RwaAssetId,
			who: AccountId,
			checkpoint: pallet_rwa::CheckpointId,
		) -> Option<Balance> {
			Rwa::balance_at(asset, &who, checkpoint)
		}

		fn distribution_entitlement(
			distribution: pallet_rwa::DistributionId,
			holder: AccountId,
		) -> Option<Balance> {
			Rwa::unclaimed_entitlement(distribution, &holder)
		}
	}

	impl pallet_payments::runtime_api::PaymentsApi<Block, AccountId, u32, Balance> for Runtime {
		fn resolve_handle(
			handle: Vec<u8>,
		) -> Result<pallet_payments::HandleResolution<AccountId, u32>, pallet_payments::ResolveError> {
			Payments::resolve_handle(&handle)
		}

		fn invoice(
			id: pallet_payments::InvoiceId,
		) -> Option<pallet_payments::InvoiceView<AccountId, u32, Balance>> {
			Payments::invoice_view(id)
		}

		fn stream_withdrawable(id: pallet_payments::StreamId) -> Option<Balance> {
			Payments::stream_withdrawable(id)
		}
	}

	impl pallet_bridge::runtime_api::BridgeApi<Block> for Runtime {
		fn withdrawals_root() -> sp_core::H256 {
			Bridge::withdrawals_root()
		}

		fn withdrawal_count() -> u64 {
			Bridge::withdrawal_count()
		}

		fn next_deposit_nonce() -> u64 {
			Bridge::next_deposit_nonce()
		}

		fn withdrawal_proof(nonce: u64) -> Option<pallet_bridge::WithdrawalProof> {
			Bridge::withdrawal_proof(nonce)
		}

		fn portal() -> Option<pallet_bridge::L1Contract> {
			Bridge::portal()
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	impl frame_benchmarking::Benchmark<Block> for Runtime {
		fn benchmark_metadata(extra: bool) -> (
			Vec<frame_benchmarking::BenchmarkList>,
			Vec<frame_support::traits::StorageInfo>,
		) {
			use frame_benchmarking::BenchmarkList;
			use frame_support::traits::StorageInfoTrait;
			use frame_system_benchmarking::Pallet as SystemBench;
			use crate::benchmarks::*;

			let mut list = Vec::<BenchmarkList>::new();
			list_benchmarks!(list, extra);
			(list, AllPalletsWithSystem::storage_info())
		}

		#[allow(non_local_definitions)]
		fn dispatch_benchmark(
			config: frame_benchmarking::BenchmarkConfig,
		) -> Result<Vec<frame_benchmarking::BenchmarkBatch>, alloc::string::String> {
			use frame_benchmarking::BenchmarkBatch;
			use frame_support::traits::WhitelistedStorageKeys;
			use frame_system_benchmarking::Pallet as SystemBench;
			use crate::benchmarks::*;

			impl frame_system_benchmarking::Config for Runtime {}

			let whitelist = AllPalletsWithSystem::whitelisted_storage_keys();
			let mut batches = Vec::<BenchmarkBatch>::new();
			let params = (&config, &whitelist);
			add_benchmarks!(params, batches);
			Ok(batches)
		}
	}

	impl apis::GenesisBuilder<Block> for Runtime {
		fn build_state(config: Vec<u8>) -> sp_genesis_builder::Result {
			genesis::build_state(config)
		}

		fn get_preset(id: &Option<sp_genesis_builder::PresetId>) -> Option<Vec<u8>> {
			get_preset::<RuntimeGenesisConfig>(id, genesis::get_preset)
		}

		fn preset_names() -> Vec<sp_genesis_builder::PresetId> {
			genesis::preset_names()
		}
	}
);
