//! The council governs at three quarters and pulls the brakes at half; no Sudo exists and a
//! minority of the council can do neither.

mod common;

use codec::Encode;
use common::{initialize_block, merge_json, preset_config};
use mooring_runtime::{
	genesis, AccountId, Runtime, RuntimeCall, RuntimeEvent, RuntimeGenesisConfig, RuntimeOrigin,
	System,
};
use polkadot_sdk::{
	frame_support::{assert_ok, genesis_builder_helper::build_state},
	sp_io::TestExternalities,
	sp_keyring::{Ed25519Keyring, Sr25519Keyring},
	sp_runtime::{traits::Hash, DispatchError},
	*,
};

type Council = pallet_collective::Pallet<Runtime, pallet_collective::Instance1>;

/// Alice, Bob, Charlie and Dave.
fn members() -> Vec<AccountId> {
	[Sr25519Keyring::Alice, Sr25519Keyring::Bob, Sr25519Keyring::Charlie, Sr25519Keyring::Dave]
		.iter()
		.map(|key| key.to_account_id())
		.collect()
}

/// The dev genesis with a council of [`members`] instead of Alice alone, at block 1.
fn four_member_council() -> TestExternalities {
	let mut config = preset_config(genesis::DEV_PRESET);
	let patch = genesis::network_genesis(
		Sr25519Keyring::Alice.public().into(),
		Ed25519Keyring::Alice.public().into(),
		members(),
		vec![Sr25519Keyring::Ferdie.to_account_id()],
		None,
	)
	.unwrap();
	merge_json(&mut config, patch);
	let config = serde_json::to_vec(&config).unwrap();
	let mut ext = TestExternalities::new_empty();
	ext.execute_with(|| {
		build_state::<RuntimeGenesisConfig>(config).expect("the genesis builds");
		initialize_block(1);
	});
	ext
}

/// A motion to add Eve as a deposit relayer (a privileged bridge call).
fn add_relayer() -> RuntimeCall {
	RuntimeCall::Bridge(pallet_bridge::Call::add_relayer {
		who: Sr25519Keyring::Eve.to_account_id(),
	})
}

/// Proposes `call` by Alice with `threshold`, has the first `ayes` members (Alice included: a
/// proposal carries no vote) vote aye, closes it, and returns the result of the dispatched call
/// (`None` if the motion did not pass).
fn motion(call: RuntimeCall, threshold: u32, ayes: usize) -> Option<Result<(), DispatchError>> {
	let members = members();
	let hash = <Runtime as frame_system::Config>::Hashing::hash_of(&call);
	let length = call.encoded_size() as u32;
	let index = pallet_collective::ProposalCount::<Runtime, pallet_collective::Instance1>::get();
	System::reset_events();
	assert_ok!(Council::propose(
		RuntimeOrigin::signed(members[0].clone()),
		threshold,
		Box::new(call),
		length
	));
	if threshold < 2 {
		// Executed at once, on the proposer's word alone.
		return executed();
	}
	for member in &members[..ayes] {
		assert_ok!(Council::vote(RuntimeOrigin::signed(member.clone()), hash, index, true));
	}
	System::reset_events();
	let closed = Council::close(
		RuntimeOrigin::signed(members[0].clone()),
		hash,
		index,
		<Runtime as pallet_collective::Config<pallet_collective::Instance1>>::MaxProposalWeight::get(),
		length,
	);
	if closed.is_err() {
		return None;
	}
	let result = executed();
	// Free the proposer's motion ticket, as members do once a motion is closed.
	assert_ok!(Council::release_proposal_cost(RuntimeOrigin::signed(members[1].clone()), hash));
	result
}

/// The result of the call the last council motion executed, if one did.
fn executed() -> Option<Result<(), DispatchError>> {
	System::events().into_iter().find_map(|record| match record.event {
		RuntimeEvent::Council(pallet_collective::Event::Executed { result, .. }) => Some(result),
		_ => None,
	})
}

fn eve_relays() -> bool {
	pallet_bridge::Relayers::<Runtime>::get().contains(&Sr25519Keyring::Eve.to_account_id())
}

#[test]
fn three_quarters_of_the_council_make_a_privileged_call() {
	four_member_council().execute_with(|| {
		assert_eq!(motion(add_relayer(), 3, 3), Some(Ok(())));
		assert!(eve_relays());
	});
}

#[test]
fn half_the_council_cannot_make_a_privileged_call() {
	four_member_council().execute_with(|| {
		// A motion passed by two of four reaches the call with too weak an origin.
		assert_eq!(motion(add_relayer(), 2, 2), Some(Err(DispatchError::BadOrigin)));
		// One member cannot execute it directly either.
		assert_ok!(Council::propose(
			RuntimeOrigin::signed(members()[0].clone()),
			1,
			Box::new(add_relayer()),
			add_relayer().encoded_size() as u32
		));
		assert!(System::events().iter().any(|record| matches!(
			record.event,
			RuntimeEvent::Council(pallet_collective::Event::Executed {
				result: Err(DispatchError::BadOrigin),
				..
			})
		)));
		assert!(!eve_relays());
	});
}

#[test]
fn half_the_council_pulls_the_brakes_and_one_member_cannot() {
	four_member_council().execute_with(|| {
		let pause = RuntimeCall::TxPause(pallet_tx_pause::Call::pause {
			full_name: (
				b"Balances".to_vec().try_into().unwrap(),
				b"transfer_keep_alive".to_vec().try_into().unwrap(),
			),
		});
		assert_eq!(
			motion(RuntimeCall::SafeMode(pallet_safe_mode::Call::force_enter {}), 1, 1),
			Some(Err(DispatchError::BadOrigin))
		);
		assert_eq!(motion(pause, 2, 2), Some(Ok(())));
		assert_eq!(
			motion(RuntimeCall::SafeMode(pallet_safe_mode::Call::force_enter {}), 2, 2),
			Some(Ok(()))
		);
		assert!(pallet_safe_mode::EnteredUntil::<Runtime>::get().is_some());
	});
}

#[test]
fn no_root_key_exists() {
	use frame_support::__private::metadata::RuntimeMetadata;
	let metadata = TestExternalities::default().execute_with(Runtime::metadata);
	let RuntimeMetadata::V14(metadata) = metadata.1 else {
		panic!("the runtime's default metadata is V14")
	};
	let pallets: Vec<&str> = metadata.pallets.iter().map(|pallet| pallet.name.as_str()).collect();
	assert!(pallets.contains(&"Council") && pallets.contains(&"Governance"));
	assert!(!pallets.contains(&"Sudo"), "{pallets:?}");
}

#[test]
fn one_member_cannot_fill_the_proposal_slots() {
	four_member_council().execute_with(|| {
		let propose = |who: &AccountId, n: u8| {
			let call = RuntimeCall::System(frame_system::Call::remark { remark: vec![n] });
			let length = call.encoded_size() as u32;
			Council::propose(RuntimeOrigin::signed(who.clone()), 3, Box::new(call), length)
		};
		let [alice, bob, ..] = &members()[..] else { unreachable!() };
		for n in 0..3 {
			assert_ok!(propose(alice, n));
		}
		assert_eq!(
			propose(alice, 3).map_err(|e| e.error),
			Err(pallet_governance::Error::<Runtime>::TooManyOpenMotions.into())
		);
		// The others keep their slots.
		assert_ok!(propose(bob, 4));
	});
}

#[test]
fn brakes_cannot_pause_a_defence_and_half_the_council_cannot_prolong_safe_mode() {
	four_member_council().execute_with(|| {
		let pause_disputes = RuntimeCall::TxPause(pallet_tx_pause::Call::pause {
			full_name: (
				b"Channels".to_vec().try_into().unwrap(),
				b"dispute".to_vec().try_into().unwrap(),
			),
		});
		assert_eq!(
			motion(pause_disputes, 3, 3),
			Some(Err(pallet_tx_pause::Error::<Runtime>::Unpausable.into()))
		);
		let safe_mode = |call| RuntimeCall::SafeMode(call);
		assert_eq!(motion(safe_mode(pallet_safe_mode::Call::force_enter {}), 2, 2), Some(Ok(())));
		let extend = || safe_mode(pallet_safe_mode::Call::force_extend {});
		assert_eq!(motion(extend(), 2, 2), Some(Err(DispatchError::BadOrigin)));
		assert_eq!(motion(extend(), 3, 3), Some(Ok(())));
	});
}

#[test]
fn a_member_cannot_move_its_seat_to_a_fresh_account_on_its_own() {
	four_member_council().execute_with(|| {
		use polkadot_sdk::frame_support::traits::Contains;
		let fresh = Sr25519Keyring::Eve.to_account_id();
		let change_key = RuntimeCall::CouncilMembership(pallet_membership::Call::change_key {
			new: fresh.clone().into(),
		});
		assert!(!mooring_runtime::configs::CallFilter::contains(&change_key));
		// The council swaps a member's key by a motion.
		let swap = RuntimeCall::CouncilMembership(pallet_membership::Call::swap_member {
			remove: members()[3].clone().into(),
			add: fresh.clone().into(),
		});
		assert_eq!(motion(swap, 3, 3), Some(Ok(())));
		assert!(pallet_collective::Members::<Runtime, pallet_collective::Instance1>::get()
			.contains(&fresh));
	});
}
