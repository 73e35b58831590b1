//! Benchmarks of every call, worst case: a `pallet-assets`-style transfer path when the helper's
//! asset is one, two payouts where a call can make two, and the longest receipt for `close` and
//! `dispute`.

use super::*;
use crate::{Channels as Channels_, Pallet as Channels};
use frame_benchmarking::v2::*;
use frame_support::traits::{
	fungible::{Inspect as _, Mutate as _},
	fungibles::{Inspect, Mutate},
	Get,
};
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use mooring_primitives::channel::{hash_steps, ChannelSignature, MicroChain};
use polkadot_sdk::{frame_benchmarking, sp_core::crypto::KeyTypeId, sp_io};

/// Key type of the benchmark's channel keys in the keystore.
const KEY_TYPE: KeyTypeId = KeyTypeId(*b"chnl");

/// A channel key generated in the benchmark keystore from `seed`.
fn channel_key(seed: &str) -> ChannelPublic {
	sp_io::crypto::ed25519_generate(KEY_TYPE, Some(seed.as_bytes().to_vec()))
}

fn sign<T: Config>(key: &ChannelPublic, state: &ChannelState) -> ChannelSignature {
	state.using_signing_payload(&Channels::<T>::genesis_hash(), |payload| {
		sp_io::crypto::ed25519_sign(KEY_TYPE, key, payload).expect("the key is in the keystore")
	})
}

/// Both parties' signatures on `state`.
fn signed<T: Config>(state: ChannelState) -> SignedState {
	let signature_a = sign::<T>(&channel_key("//ChannelA"), &state);
	let signature_b = sign::<T>(&channel_key("//ChannelB"), &state);
	SignedState { state, signature_a, signature_b }
}

/// The deposit each party makes: a thousand times the asset's minimum balance.
fn deposit<T: Config>() -> BalanceOf<T> {
	let minimum = T::Assets::minimum_balance(T::BenchmarkHelper::asset());
	minimum.max(1u32.into()).saturating_mul(1_000u32.into())
}

/// An account with plenty of native funds and of the benchmark asset.
fn funded<T: Config>(name: &'static str) -> T::AccountId {
	let who: T::AccountId = account(name, 0, 0);
	let native = T::Currency::minimum_balance()
		.max(1u32.into())
		.saturating_mul(1_000_000u32.into())
		.saturating_add(T::RecordDeposit::get().saturating_mul(10u32.into()));
	T::Currency::set_balance(&who, native);
	let asset = T::BenchmarkHelper::asset();
	let wanted = deposit::<T>().saturating_mul(100u32.into());
	let have = T::Assets::balance(asset.clone(), &who);
	if have < wanted {
		T::Assets::mint_into(asset, &who, wanted - have).expect("the benchmark asset exists");
	}
	who
}

/// Opens a channel between two funded accounts; joined unless `join` is false.
fn setup<T: Config>(join: bool) -> (ChannelId, T::AccountId, T::AccountId) {
	let (a, b) = (funded::<T>("a"), funded::<T>("b"));
	let channel_id = NextChannelId::<T>::get();
	Channels::<T>::open(
		RawOrigin::Signed(a.clone()).into(),
		b.clone(),
		T::BenchmarkHelper::asset(),
		deposit::<T>(),
		T::MinChallengePeriod::get(),
		channel_key("//ChannelA"),
	)
	.expect("open works");
	if join {
		Channels::<T>::join(
			RawOrigin::Signed(b.clone()).into(),
			channel_id,
			deposit::<T>(),
			channel_key("//ChannelB"),
		)
		.expect("join works");
	}
	(channel_id, a, b)
}

/// A state in which A paid B half of A's deposit.
fn paid_state<T: Config>(channel_id: ChannelId, nonce: u64) -> ChannelState {
	ChannelState {
		nonce,
		transferred_a: deposit::<T>().saturated_into::<Amount>() / 2,
		..ChannelState::initial(channel_id)
	}
}

/// A state with the longest hash chain, paid by A, and a receipt for `count` of its steps.
fn micro_state<T: Config>(
	channel_id: ChannelId,
	nonce: u64,
	count: u32,
) -> (ChannelState, MicroReceipt) {
	let seed = H256::repeat_byte(0x42);
	let chain = MicroChain {
		payer: Party::A,
		anchor: hash_steps(seed, MAX_MICRO_CHAIN_LENGTH),
		unit: 1,
		length: MAX_MICRO_CHAIN_LENGTH,
	};
	let receipt =
		MicroReceipt { count, preimage: hash_steps(seed, MAX_MICRO_CHAIN_LENGTH - count) };
	(ChannelState { micro: Some(chain), ..paid_state::<T>(channel_id, nonce) }, receipt)
}

fn assert_closing<T: Config>(channel_id: ChannelId, nonce: u64, count: u32) {
	match Channels_::<T>::get(channel_id).map(|channel| channel.status) {
		Some(ChannelStatus::Closing(closing)) => {
			assert_eq!((closing.state.nonce, closing.micro_count), (nonce, count))
		},
		other => panic!("channel not closing: {other:?}"),
	}
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn open() {
		let (a, b) = (funded::<T>("a"), funded::<T>("b"));
		let channel_id = NextChannelId::<T>::get();

		#[extrinsic_call]
		_(
			RawOrigin::Signed(a),
			b,
			T::BenchmarkHelper::asset(),
			deposit::<T>(),
			T::MaxChallengePeriod::get(),
			channel_key("//ChannelA"),
		);

		assert!(Channels_::<T>::contains_key(channel_id));
	}

	#[benchmark]
	fn join() {
		let (channel_id, _, b) = setup::<T>(false);

		#[extrinsic_call]
		_(RawOrigin::Signed(b), channel_id, deposit::<T>(), channel_key("//ChannelB"));

		assert_eq!(Channels_::<T>::get(channel_id).unwrap().status, ChannelStatus::Open);
	}

	#[benchmark]
	fn cancel_open() {
		let (channel_id, a, _) = setup::<T>(false);

		#[extrinsic_call]
		_(RawOrigin::Signed(a), channel_id);

		assert!(!Channels_::<T>::contains_key(channel_id));
	}

	#[benchmark]
	fn top_up() {
		let (channel_id, _, b) = setup::<T>(true);

		#[extrinsic_call]
		_(RawOrigin::Signed(b), channel_id, deposit::<T>());

		let expected = deposit::<T>().saturating_mul(2u32.into());
		assert_eq!(Channels_::<T>::get(channel_id).unwrap().deposit_b, expected);
	}

	#[benchmark]
	fn withdraw() {
		let (channel_id, a, _) = setup::<T>(true);
		let quarter = deposit::<T>().saturated_into::<Amount>() / 4;
		// Both withdraw; B's withdrawal includes funds received from A.
		let state = ChannelState {
			withdrawn_a: quarter,
			withdrawn_b: 5 * quarter,
			..paid_state::<T>(channel_id, 1)
		};
		let update = signed::<T>(state);

		#[extrinsic_call]
		_(RawOrigin::Signed(a), channel_id, update);

		assert_eq!(Channels_::<T>::get(channel_id).unwrap().nonce_floor, 1);
	}

	#[benchmark]
	fn cooperative_close() {
		let (channel_id, a, _) = setup::<T>(true);
		let update = signed::<T>(ChannelState { is_final: true, ..paid_state::<T>(channel_id, 1) });

		#[extrinsic_call]
		_(RawOrigin::Signed(a), channel_id, update);

		assert!(!Channels_::<T>::contains_key(channel_id));
	}

	#[benchmark]
	fn close(c: Linear<0, MAX_MICRO_CHAIN_LENGTH>) {
		let (channel_id, _, b) = setup::<T>(true);
		let (state, receipt) = micro_state::<T>(channel_id, 1, c);
		let update = signed::<T>(state);

		#[extrinsic_call]
		_(RawOrigin::Signed(b), channel_id, Some(update), Some(receipt));

		assert_closing::<T>(channel_id, 1, c);
	}

	#[benchmark]
	fn dispute(c: Linear<0, MAX_MICRO_CHAIN_LENGTH>) {
		let (channel_id, a, b) = setup::<T>(true);
		let old = signed::<T>(paid_state::<T>(channel_id, 1));
		Channels::<T>::close(RawOrigin::Signed(a).into(), channel_id, Some(old), None)
			.expect("close works");
		let (state, receipt) = micro_state::<T>(channel_id, 2, c);
		let update = signed::<T>(state);

		#[extrinsic_call]
		_(RawOrigin::Signed(b), channel_id, Some(update), Some(receipt));

		assert_closing::<T>(channel_id, 2, c);
	}

	#[benchmark]
	fn settle() {
		let (channel_id, a, b) = setup::<T>(true);
		let update = signed::<T>(paid_state::<T>(channel_id, 1));
		Channels::<T>::close(RawOrigin::Signed(a).into(), channel_id, Some(update), None)
			.expect("close works");
		let after_period = frame_system::Pallet::<T>::block_number()
			.saturating_add(T::MaxChallengePeriod::get())
			.saturating_add(BlockNumberFor::<T>::from(1u32));
		frame_system::Pallet::<T>::set_block_number(after_period);

		#[extrinsic_call]
		_(RawOrigin::Signed(b), channel_id);

		assert!(!Channels_::<T>::contains_key(channel_id));
	}

	impl_benchmark_test_suite!(Channels, crate::mock::new_test_ext(), crate::mock::Test);
}
