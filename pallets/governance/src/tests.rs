//! Upgrade authorization and key rotation: only the council origin, and what each changes.

use crate::{mock::*, Error, Event, GrandpaId};
use polkadot_sdk::{
	frame_support::{assert_noop, assert_ok, traits::Hooks},
	frame_system, pallet_aura,
	sp_consensus_aura::sr25519::AuthorityId as AuraId,
	sp_core::crypto::UncheckedFrom,
	sp_runtime::{traits::Hash, DispatchError},
};

fn new_aura() -> AuraId {
	AuraId::unchecked_from([0xa1; 32])
}

fn new_grandpa() -> GrandpaId {
	GrandpaId::unchecked_from([0xb2; 32])
}

/// Finalizes the current block as the runtime does, and starts the next one.
fn next_block() {
	let now = System::block_number();
	Grandpa::on_finalize(now);
	System::set_block_number(now + 1);
}

#[test]
fn only_the_council_authorizes_an_upgrade() {
	new_test_ext().execute_with(|| {
		let code_hash = <Test as frame_system::Config>::Hashing::hash(b"next runtime");
		assert_noop!(
			Governance::authorize_upgrade(RuntimeOrigin::signed(1), code_hash),
			DispatchError::BadOrigin
		);

		assert_ok!(Governance::authorize_upgrade(RuntimeOrigin::root(), code_hash));
		// The new code's version is checked when it is applied.
		System::assert_last_event(
			frame_system::Event::UpgradeAuthorized { code_hash, check_version: true }.into(),
		);
	});
}

#[test]
fn a_rotation_replaces_the_aura_key_now_and_schedules_the_grandpa_key() {
	new_test_ext().execute_with(|| {
		assert_ok!(Governance::rotate_sequencer_keys(
			RuntimeOrigin::root(),
			new_aura(),
			new_grandpa()
		));
		assert_eq!(pallet_aura::Authorities::<Test>::get().into_inner(), vec![new_aura()]);
		let pending = Grandpa::pending_change().expect("a scheduled GRANDPA change");
		assert_eq!(pending.next_authorities.to_vec(), vec![(new_grandpa(), 1)]);
		assert_eq!((pending.scheduled_at, pending.delay, pending.forced), (1, 0, None));
		assert_eq!(Grandpa::current_set_id(), 1);
		System::assert_last_event(
			Event::SequencerKeysRotated { aura: new_aura(), grandpa: new_grandpa() }.into(),
		);

		// The block that rotates signals the change in its header and enacts it (delay 0).
		Grandpa::on_finalize(1);
		assert!(System::digest().logs().iter().any(|log| log.as_consensus().is_some()));
		assert_eq!(Grandpa::grandpa_authorities(), vec![(new_grandpa(), 1)]);
		assert!(Grandpa::pending_change().is_none());
	});
}

#[test]
fn a_second_rotation_in_the_same_block_and_the_same_keys_are_refused() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			Governance::rotate_sequencer_keys(
				RuntimeOrigin::root(),
				genesis_aura(),
				genesis_grandpa()
			),
			Error::<Test>::SameKeys
		);
		assert_ok!(Governance::rotate_sequencer_keys(
			RuntimeOrigin::root(),
			new_aura(),
			new_grandpa()
		));
		let other = GrandpaId::unchecked_from([0xc3; 32]);
		assert_noop!(
			Governance::rotate_sequencer_keys(RuntimeOrigin::root(), genesis_aura(), other.clone()),
			Error::<Test>::RotationPending
		);

		// The next block may rotate again: the change was enacted at the end of this one.
		next_block();
		// A new GRANDPA key alone (the Aura key unchanged) is a rotation too.
		assert_ok!(Governance::rotate_sequencer_keys(RuntimeOrigin::root(), new_aura(), other));
	});
}

#[test]
fn anyone_but_the_council_is_refused_and_nothing_changes() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			Governance::rotate_sequencer_keys(RuntimeOrigin::signed(1), new_aura(), new_grandpa()),
			DispatchError::BadOrigin
		);
		assert_eq!(pallet_aura::Authorities::<Test>::get().into_inner(), vec![genesis_aura()]);
		assert!(Grandpa::pending_change().is_none());
	});
}

#[test]
fn a_member_holds_at_most_its_share_of_motion_tickets() {
	use crate::{MotionSlot, OpenMotions};
	use polkadot_sdk::frame_support::traits::Consideration;
	new_test_ext().execute_with(|| {
		let first = MotionSlot::<Test>::new(&1, 0).unwrap();
		let second = MotionSlot::<Test>::new(&1, 1).unwrap();
		assert_eq!(MotionSlot::<Test>::new(&1, 2), Err(Error::<Test>::TooManyOpenMotions.into()));
		// Another member is not affected.
		let other = MotionSlot::<Test>::new(&2, 2).unwrap();
		assert_ok!(crate::Pallet::<Test>::do_try_state());
		// A released or burnt ticket frees its slot.
		first.drop(&1).unwrap();
		let third = MotionSlot::<Test>::new(&1, 2).unwrap();
		third.burn(&1);
		second.drop(&1).unwrap();
		other.drop(&2).unwrap();
		assert!(!OpenMotions::<Test>::contains_key(1) && !OpenMotions::<Test>::contains_key(2));
		assert_ok!(crate::Pallet::<Test>::do_try_state());
		// A count above the limit (as a bad migration could leave) is caught.
		OpenMotions::<Test>::insert(3, 99);
		assert!(crate::Pallet::<Test>::do_try_state().is_err());
	});
}
