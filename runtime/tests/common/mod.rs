//! Helpers for the runtime's native tests: genesis from a preset, blocks, signed extrinsics.

#![allow(dead_code)]

pub mod evm;

use codec::Encode;
use mooring_runtime::{
	genesis, AccountId, Address, Executive, Header, Runtime, RuntimeCall, RuntimeGenesisConfig,
	Signature, SignedPayload, System, TxExtension, UncheckedExtrinsic,
};
use polkadot_sdk::{
	frame_support::genesis_builder_helper::build_state,
	sp_consensus_aura::{Slot, AURA_ENGINE_ID},
	sp_io::TestExternalities,
	sp_keyring::Sr25519Keyring,
	sp_runtime::{
		generic::{self, Era},
		traits::Header as _,
		Digest, DigestItem,
	},
	*,
};
use serde_json::Value;

/// Merges `patch` into `base` the way chain specs apply genesis patches.
pub fn merge_json(base: &mut Value, patch: Value) {
	match (base, patch) {
		(Value::Object(base), Value::Object(patch)) => {
			for (key, value) in patch {
				merge_json(base.entry(key).or_insert(Value::Null), value);
			}
		},
		(base, patch) => *base = patch,
	}
}

/// The full genesis config JSON of preset `name`.
pub fn preset_config(name: &str) -> Value {
	let patch = genesis::get_preset(&name.into()).expect("the preset exists");
	let mut config = serde_json::to_value(RuntimeGenesisConfig::default()).unwrap();
	merge_json(&mut config, serde_json::from_slice(&patch).unwrap());
	config
}

/// Externalities holding the genesis state of preset `name`.
pub fn new_test_ext(name: &str) -> TestExternalities {
	let config = serde_json::to_vec(&preset_config(name)).unwrap();
	let mut ext = TestExternalities::new_empty();
	ext.execute_with(|| build_state::<RuntimeGenesisConfig>(config).expect("the preset builds"));
	ext
}

/// Starts block `number` (after genesis) with an Aura pre-digest, as the sequencer would.
pub fn initialize_block(number: u32) {
	let slot = Slot::from(u64::from(number));
	let digest = Digest { logs: vec![DigestItem::PreRuntime(AURA_ENGINE_ID, slot.encode())] };
	let header =
		Header::new(number, Default::default(), Default::default(), System::parent_hash(), digest);
	Executive::initialize_block(&header);
	pallet_timestamp::Now::<Runtime>::put(u64::from(number) * mooring_runtime::MILLISECS_PER_BLOCK);
}

/// The transaction extensions of a Substrate transaction with `nonce` and no tip.
pub fn tx_extension(nonce: u32) -> TxExtension {
	(
		frame_system::CheckNonZeroSender::new(),
		frame_system::CheckSpecVersion::new(),
		frame_system::CheckTxVersion::new(),
		frame_system::CheckGenesis::new(),
		frame_system::CheckEra::from(Era::Immortal),
		frame_system::CheckNonce::from(nonce),
		frame_system::CheckWeight::new(),
		pallet_skip_feeless_payment::SkipCheckIfFeeless::from(
			pallet_transaction_payment::ChargeTransactionPayment::from(0),
		),
		pallet_revive::evm::tx_extension::SetOrigin::default(),
		frame_system::WeightReclaim::new(),
	)
}

/// `call` signed by `signer` with `nonce`, as a wallet would submit it.
pub fn signed_extrinsic(
	signer: Sr25519Keyring,
	call: RuntimeCall,
	nonce: u32,
) -> UncheckedExtrinsic {
	signed_extrinsic_as(signer.to_account_id(), signer, call, nonce)
}

/// `call` claiming to come from `sender` but signed by `signer`.
pub fn signed_extrinsic_as(
	sender: AccountId,
	signer: Sr25519Keyring,
	call: RuntimeCall,
	nonce: u32,
) -> UncheckedExtrinsic {
	let extension = tx_extension(nonce);
	let payload = SignedPayload::new(call.clone(), extension.clone()).expect("the payload builds");
	let signature = payload.using_encoded(|bytes| signer.sign(bytes));
	generic::UncheckedExtrinsic::new_signed(
		call,
		Address::Id(sender),
		Signature::Sr25519(signature),
		extension,
	)
	.into()
}

/// `pallet.call` as tx-pause names it.
fn call_name(
	pallet: &str,
	call: &str,
) -> polkadot_sdk::pallet_tx_pause::RuntimeCallNameOf<mooring_runtime::Runtime> {
	use polkadot_sdk::frame_support::BoundedVec;
	(
		BoundedVec::truncate_from(pallet.as_bytes().to_vec()),
		BoundedVec::truncate_from(call.as_bytes().to_vec()),
	)
}

/// Governance pauses `pallet.call` with tx-pause, as the emergency brake does.
pub fn pause(pallet: &str, call: &str) {
	let origin = mooring_runtime::RuntimeOrigin::root();
	polkadot_sdk::frame_support::assert_ok!(mooring_runtime::TxPause::pause(
		origin,
		call_name(pallet, call)
	));
}

/// Governance releases the brake on `pallet.call`.
pub fn unpause(pallet: &str, call: &str) {
	let origin = mooring_runtime::RuntimeOrigin::root();
	polkadot_sdk::frame_support::assert_ok!(mooring_runtime::TxPause::unpause(
		origin,
		call_name(pallet, call)
	));
}
