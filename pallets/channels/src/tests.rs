//! Tests of every call's success and errors, fraud attempts, and a property test of the funds
//! the pallet holds.

use crate::{
	mock::*, ChannelStatus, Channels as ChannelRecords, Error, Event, HoldReason, ParkedPayout,
	ParkedPayoutOf, ParkedPayouts,
};
use mooring_primitives::channel::{
	hash_steps, ChannelId, ChannelState, MicroChain, MicroReceipt, Party, SignedState,
};
use polkadot_sdk::{
	frame_support::{
		assert_noop, assert_ok,
		traits::{fungible::InspectHold, fungibles::Inspect, tokens::fungible::NativeOrWithId},
	},
	frame_system,
	sp_core::H256,
	sp_runtime::{DispatchError, TokenError},
};
use proptest::prelude::*;

type ChannelAssets = <Test as crate::Config>::Assets;

const NATIVE: AssetKind = NativeOrWithId::Native;
const PERIOD: u64 = 10;

fn token() -> AssetKind {
	NativeOrWithId::WithId(TOKEN)
}

fn balance(asset: AssetKind, who: AccountId) -> Balance {
	<ChannelAssets as Inspect<AccountId>>::balance(asset, &who)
}

fn record_held(who: AccountId) -> Balance {
	Balances::balance_on_hold(&RuntimeHoldReason::Channels(HoldReason::ChannelRecord), &who)
}

fn account(channel_id: ChannelId) -> AccountId {
	Channels::channel_account(channel_id)
}

fn last_event() -> RuntimeEvent {
	frame_system::Pallet::<Test>::events().pop().expect("an event").event
}

fn open(asset: AssetKind, deposit: Balance) -> ChannelId {
	let channel_id = crate::NextChannelId::<Test>::get();
	assert_ok!(Channels::open(
		RuntimeOrigin::signed(ALICE),
		BOB,
		asset,
		deposit,
		PERIOD,
		key_of(&ALICE)
	));
	channel_id
}

fn open_and_join(asset: AssetKind, deposit_a: Balance, deposit_b: Balance) -> ChannelId {
	let channel_id = open(asset, deposit_a);
	assert_ok!(Channels::join(RuntimeOrigin::signed(BOB), channel_id, deposit_b, key_of(&BOB)));
	channel_id
}

/// A state in which A paid `paid_a` and B paid `paid_b`.
fn paid(channel_id: ChannelId, nonce: u64, paid_a: Balance, paid_b: Balance) -> ChannelState {
	ChannelState {
		nonce,
		transferred_a: paid_a,
		transferred_b: paid_b,
		..ChannelState::initial(channel_id)
	}
}

fn final_state(channel_id: ChannelId, nonce: u64, paid_a: Balance, paid_b: Balance) -> SignedState {
	sign(ChannelState { is_final: true, ..paid(channel_id, nonce, paid_a, paid_b) })
}

/// A hash chain of `length` steps paid by `payer`, and a function giving its receipts.
fn micro_chain(
	payer: Party,
	unit: Balance,
	length: u32,
) -> (MicroChain, impl Fn(u32) -> MicroReceipt) {
	let seed = H256::repeat_byte(0x5e);
	let chain = MicroChain { payer, anchor: hash_steps(seed, length), unit, length };
	(chain, move |count| MicroReceipt { count, preimage: hash_steps(seed, length - count) })
}

fn closing_state(channel_id: ChannelId) -> (u64, u32) {
	match ChannelRecords::<Test>::get(channel_id).unwrap().status {
		ChannelStatus::Closing(closing) => (closing.state.nonce, closing.micro_count),
		status => panic!("not closing: {status:?}"),
	}
}

fn past_challenge_period() {
	System::set_block_number(System::block_number() + PERIOD + 1);
}

mod open {
	use super::*;

	#[test]
	fn moves_the_deposit_and_holds_the_record_deposit() {
		new_test_ext().execute_with(|| {
			let channel_id = open(NATIVE, 1_000);
			assert_eq!(channel_id, 0);
			assert_eq!(balance(NATIVE, account(0)), 1_000);
			assert_eq!(record_held(ALICE), RECORD_DEPOSIT);
			assert_eq!(balance(NATIVE, ALICE), INITIAL - 1_000 - RECORD_DEPOSIT);
			let channel = ChannelRecords::<Test>::get(0).unwrap();
			assert_eq!((channel.party_a, channel.party_b), (ALICE, BOB));
			assert_eq!(channel.status, ChannelStatus::AwaitingCounterparty);
			assert_eq!(channel.key_b, None);
			assert_eq!(
				last_event(),
				RuntimeEvent::Channels(Event::Opened {
					channel_id: 0,
					party_a: ALICE,
					party_b: BOB,
					asset: NATIVE,
					deposit: 1_000,
					challenge_period: PERIOD,
				})
			);
			assert_eq!(open(token(), 500), 1);
			assert_eq!(balance(token(), account(1)), 500);
			assert_eq!(balance(NATIVE, account(0)), 1_000);
		});
	}

	#[test]
	fn refuses_bad_parameters() {
		new_test_ext().execute_with(|| {
			let alice = RuntimeOrigin::signed(ALICE);
			let key = key_of(&ALICE);
			assert_noop!(
				Channels::open(alice.clone(), ALICE, NATIVE, 100, PERIOD, key),
				Error::<Test>::SelfChannel
			);
			assert_noop!(
				Channels::open(alice.clone(), BOB, NATIVE, 100, MIN_PERIOD - 1, key),
				Error::<Test>::ChallengePeriodTooShort
			);
			assert_noop!(
				Channels::open(alice.clone(), BOB, NATIVE, 100, MAX_PERIOD + 1, key),
				Error::<Test>::ChallengePeriodTooLong
			);
			assert_noop!(
				Channels::open(alice.clone(), BOB, NATIVE, INITIAL, PERIOD, key),
				TokenError::FundsUnavailable
			);
			assert_noop!(
				Channels::open(alice.clone(), BOB, token(), TOKEN_MIN_BALANCE - 1, PERIOD, key),
				TokenError::BelowMinimum
			);
			assert_noop!(
				Channels::open(alice, BOB, NativeOrWithId::WithId(99), 100, PERIOD, key),
				TokenError::UnknownAsset
			);
			assert_noop!(
				Channels::open(RuntimeOrigin::none(), BOB, NATIVE, 100, PERIOD, key),
				DispatchError::BadOrigin
			);
		});
	}

	#[test]
	fn period_bounds_are_inclusive() {
		new_test_ext().execute_with(|| {
			for period in [MIN_PERIOD, MAX_PERIOD] {
				assert_ok!(Channels::open(
					RuntimeOrigin::signed(ALICE),
					BOB,
					NATIVE,
					100,
					period,
					key_of(&ALICE)
				));
			}
		});
	}
}

mod join {
	use super::*;

	#[test]
	fn opens_the_channel() {
		new_test_ext().execute_with(|| {
			let channel_id = open_and_join(NATIVE, 1_000, 400);
			let channel = ChannelRecords::<Test>::get(channel_id).unwrap();
			assert_eq!(channel.status, ChannelStatus::Open);
			assert_eq!(channel.key_b, Some(key_of(&BOB)));
			assert_eq!((channel.deposit_a, channel.deposit_b), (1_000, 400));
			assert_eq!(balance(NATIVE, account(channel_id)), 1_400);
			assert_eq!(
				last_event(),
				RuntimeEvent::Channels(Event::Joined { channel_id, deposit: 400 })
			);
			// Both directions were checked with the channel's capacity.
			assert_eq!(Checked::get(), vec![(ALICE, BOB, 1_400), (BOB, ALICE, 1_400)]);
		});
	}

	#[test]
	fn refuses_wrong_callers_states_and_keys() {
		new_test_ext().execute_with(|| {
			let channel_id = open(NATIVE, 1_000);
			assert_noop!(
				Channels::join(RuntimeOrigin::signed(CHARLIE), channel_id, 0, key_of(&CHARLIE)),
				Error::<Test>::NotCounterparty
			);
			assert_noop!(
				Channels::join(RuntimeOrigin::signed(BOB), channel_id, 0, key_of(&ALICE)),
				Error::<Test>::DuplicateKey
			);
			assert_noop!(
				Channels::join(RuntimeOrigin::signed(BOB), 9, 0, key_of(&BOB)),
				Error::<Test>::ChannelNotFound
			);
			assert_noop!(
				Channels::join(RuntimeOrigin::signed(BOB), channel_id, INITIAL + 1, key_of(&BOB)),
				TokenError::FundsUnavailable
			);
			assert_ok!(Channels::join(RuntimeOrigin::signed(BOB), channel_id, 0, key_of(&BOB)));
			assert_noop!(
				Channels::join(RuntimeOrigin::signed(BOB), channel_id, 0, key_of(&BOB)),
				Error::<Test>::NotAwaitingCounterparty
			);
		});
	}

	#[test]
	fn refuses_a_channel_below_twice_the_minimum_balance() {
		new_test_ext().execute_with(|| {
			let channel_id = open(NATIVE, 0);
			assert_noop!(
				Channels::join(RuntimeOrigin::signed(BOB), channel_id, 2 * ED - 1, key_of(&BOB)),
				Error::<Test>::ChannelTooSmall
			);
			assert_ok!(Channels::join(
				RuntimeOrigin::signed(BOB),
				channel_id,
				2 * ED,
				key_of(&BOB)
			));
		});
	}

	#[test]
	fn refuses_parties_compliance_forbids() {
		new_test_ext().execute_with(|| {
			let channel_id = open(NATIVE, 1_000);
			Refused::set(vec![(BOB, ALICE)]);
			assert_noop!(
				Channels::join(RuntimeOrigin::signed(BOB), channel_id, 0, key_of(&BOB)),
				DispatchError::Other("refused by compliance")
			);
		});
	}
}

mod cancel_open {
	use super::*;

	#[test]
	fn returns_everything_and_removes_the_channel() {
		new_test_ext().execute_with(|| {
			let channel_id = open(token(), 1_000);
			assert_ok!(Channels::cancel_open(RuntimeOrigin::signed(ALICE), channel_id));
			assert!(ChannelRecords::<Test>::get(channel_id).is_none());
			assert_eq!(balance(token(), ALICE), INITIAL);
			assert_eq!(balance(NATIVE, ALICE), INITIAL);
			assert_eq!(record_held(ALICE), 0);
			assert_eq!(balance(token(), account(channel_id)), 0);
			assert!(!frame_system::Pallet::<Test>::account_exists(&account(channel_id)));
			assert_eq!(last_event(), RuntimeEvent::Channels(Event::Cancelled { channel_id }));
		});
	}

	#[test]
	fn only_the_opener_before_the_join() {
		new_test_ext().execute_with(|| {
			let channel_id = open(NATIVE, 1_000);
			assert_noop!(
				Channels::cancel_open(RuntimeOrigin::signed(BOB), channel_id),
				Error::<Test>::NotOpener
			);
			assert_noop!(
				Channels::cancel_open(RuntimeOrigin::signed(ALICE), 5),
				Error::<Test>::ChannelNotFound
			);
			assert_ok!(Channels::join(RuntimeOrigin::signed(BOB), channel_id, 0, key_of(&BOB)));
			assert_noop!(
				Channels::cancel_open(RuntimeOrigin::signed(ALICE), channel_id),
				Error::<Test>::NotAwaitingCounterparty
			);
		});
	}
}

mod top_up {
	use super::*;

	#[test]
	fn adds_to_the_callers_deposit() {
		new_test_ext().execute_with(|| {
			let channel_id = open_and_join(NATIVE, 1_000, 0);
			assert_ok!(Channels::top_up(RuntimeOrigin::signed(BOB), channel_id, 300));
			assert_ok!(Channels::top_up(RuntimeOrigin::signed(ALICE), channel_id, 50));
			let channel = ChannelRecords::<Test>::get(channel_id).unwrap();
			assert_eq!((channel.deposit_a, channel.deposit_b), (1_050, 300));
			assert_eq!(balance(NATIVE, account(channel_id)), 1_350);
			assert_eq!(
				last_event(),
				RuntimeEvent::Channels(Event::ToppedUp { channel_id, party: Party::A, amount: 50 })
			);
		});
	}

	#[test]
	fn refuses_zero_strangers_and_channels_not_open() {
		new_test_ext().execute_with(|| {
			let channel_id = open(NATIVE, 1_000);
			assert_noop!(
				Channels::top_up(RuntimeOrigin::signed(ALICE), channel_id, 10),
				Error::<Test>::ChannelNotOpen
			);
			assert_ok!(Channels::join(RuntimeOrigin::signed(BOB), channel_id, 0, key_of(&BOB)));
			assert_noop!(
				Channels::top_up(RuntimeOrigin::signed(ALICE), channel_id, 0),
				Error::<Test>::ZeroAmount
			);
			assert_noop!(
				Channels::top_up(RuntimeOrigin::signed(CHARLIE), channel_id, 10),
				Error::<Test>::NotParticipant
			);
			assert_noop!(
				Channels::top_up(RuntimeOrigin::signed(ALICE), channel_id, INITIAL),
				TokenError::FundsUnavailable
			);
			assert_ok!(Channels::close(RuntimeOrigin::signed(ALICE), channel_id, None, None));
			assert_noop!(
				Channels::top_up(RuntimeOrigin::signed(ALICE), channel_id, 10),
				Error::<Test>::ChannelNotOpen
			);
		});
	}
}

mod withdraw {
	use super::*;

	/// A state in which A paid B 300 and the parties withdraw the given totals.
	fn withdrawal(
		channel_id: ChannelId,
		nonce: u64,
		withdrawn_a: Balance,
		withdrawn_b: Balance,
	) -> SignedState {
		sign(ChannelState { withdrawn_a, withdrawn_b, ..paid(channel_id, nonce, 300, 0) })
	}

	#[test]
	fn pays_out_co_signed_withdrawals_once() {
		new_test_ext().execute_with(|| {
			let channel_id = open_and_join(NATIVE, 1_000, 200);
			// A paid B 300, so B may take out 500 of its 200 + 300, A 100 of its 700.
			assert_ok!(Channels::withdraw(
				RuntimeOrigin::signed(BOB),
				channel_id,
				withdrawal(channel_id, 3, 100, 500)
			));
			assert_eq!(balance(NATIVE, BOB), INITIAL - 200 + 500);
			assert_eq!(balance(NATIVE, ALICE), INITIAL - 1_000 - RECORD_DEPOSIT + 100);
			assert_eq!(balance(NATIVE, account(channel_id)), 600);
			let channel = ChannelRecords::<Test>::get(channel_id).unwrap();
			assert_eq!(
				(channel.withdrawn_a, channel.withdrawn_b, channel.nonce_floor),
				(100, 500, 3)
			);
			assert_eq!(
				last_event(),
				RuntimeEvent::Channels(Event::Withdrawn {
					channel_id,
					nonce: 3,
					amount_a: 100,
					amount_b: 500
				})
			);
			// B received 300 of A's: that part went through compliance.
			assert_eq!(Checked::get().last(), Some(&(ALICE, BOB, 300)));
			// Replaying the same state pays nothing more.
			assert_noop!(
				Channels::withdraw(
					RuntimeOrigin::signed(BOB),
					channel_id,
					withdrawal(channel_id, 3, 100, 500)
				),
				Error::<Test>::NothingToWithdraw
			);
			// A later state withdraws only the increase.
			assert_ok!(Channels::withdraw(
				RuntimeOrigin::signed(ALICE),
				channel_id,
				withdrawal(channel_id, 4, 150, 500)
			));
			assert_eq!(balance(NATIVE, account(channel_id)), 550);
		});
	}

	#[test]
	fn refuses_overdrafts_dust_stale_states_and_strangers() {
		new_test_ext().execute_with(|| {
			let channel_id = open_and_join(NATIVE, 1_000, 200);
			let bob = RuntimeOrigin::signed(BOB);
			assert_noop!(
				Channels::withdraw(bob.clone(), channel_id, withdrawal(channel_id, 3, 0, 501)),
				Error::<Test>::InsufficientChannelFunds
			);
			assert_noop!(
				Channels::withdraw(bob.clone(), channel_id, withdrawal(channel_id, 3, 696, 500)),
				Error::<Test>::WouldLeaveDust
			);
			assert_noop!(
				Channels::withdraw(bob.clone(), channel_id, withdrawal(channel_id, 3, 0, 0)),
				Error::<Test>::NothingToWithdraw
			);
			assert_noop!(
				Channels::withdraw(
					RuntimeOrigin::signed(CHARLIE),
					channel_id,
					withdrawal(channel_id, 3, 0, 10)
				),
				Error::<Test>::NotParticipant
			);
			assert_ok!(Channels::withdraw(
				bob.clone(),
				channel_id,
				withdrawal(channel_id, 3, 0, 10)
			));
			assert_noop!(
				Channels::withdraw(bob.clone(), channel_id, withdrawal(channel_id, 2, 0, 20)),
				Error::<Test>::StaleState
			);
			// Withdrawing everything at once is fine: nothing is left behind.
			assert_ok!(Channels::withdraw(bob, channel_id, withdrawal(channel_id, 4, 700, 500)));
			assert_eq!(balance(NATIVE, account(channel_id)), 0);
		});
	}

	#[test]
	fn refuses_what_compliance_forbids() {
		new_test_ext().execute_with(|| {
			let channel_id = open_and_join(NATIVE, 1_000, 200);
			Refused::set(vec![(ALICE, BOB)]);
			assert_noop!(
				Channels::withdraw(
					RuntimeOrigin::signed(BOB),
					channel_id,
					withdrawal(channel_id, 3, 0, 300)
				),
				DispatchError::Other("refused by compliance")
			);
			// B taking back only its own deposit moves nothing from A.
			assert_ok!(Channels::withdraw(
				RuntimeOrigin::signed(BOB),
				channel_id,
				withdrawal(channel_id, 3, 0, 200)
			));
		});
	}

	#[test]
	fn makes_older_states_unusable_for_closing() {
		new_test_ext().execute_with(|| {
			let channel_id = open_and_join(NATIVE, 1_000, 200);
			let old = sign(paid(channel_id, 2, 0, 0));
			assert_ok!(Channels::withdraw(
				RuntimeOrigin::signed(BOB),
				channel_id,
				withdrawal(channel_id, 3, 0, 400)
			));
			assert_noop!(
				Channels::close(RuntimeOrigin::signed(ALICE), channel_id, Some(old), None),
				Error::<Test>::StaleState
			);
			assert_noop!(
				Channels::close(RuntimeOrigin::signed(ALICE), channel_id, None, None),
				Error::<Test>::StaleState
			);
		});
	}

	#[test]
	fn needs_an_open_channel() {
		new_test_ext().execute_with(|| {
			let channel_id = open(NATIVE, 1_000);
			assert_noop!(
				Channels::withdraw(
					RuntimeOrigin::signed(ALICE),
					channel_id,
					withdrawal(channel_id, 3, 10, 0)
				),
				Error::<Test>::ChannelNotOpen
			);
		});
	}
}

mod cooperative_close {
	use super::*;

	#[test]
	fn pays_out_at_once_and_removes_everything() {
		new_test_ext().execute_with(|| {
			let channel_id = open_and_join(token(), 1_000, 200);
			assert_ok!(Channels::cooperative_close(
				RuntimeOrigin::signed(BOB),
				channel_id,
				final_state(channel_id, 9, 300, 50)
			));
			assert_eq!(balance(token(), ALICE), INITIAL - 250);
			assert_eq!(balance(token(), BOB), INITIAL + 250);
			assert_eq!(balance(token(), account(channel_id)), 0);
			assert_eq!(record_held(ALICE), 0);
			assert!(ChannelRecords::<Test>::get(channel_id).is_none());
			assert!(!frame_system::Pallet::<Test>::account_exists(&account(channel_id)));
			assert_eq!(
				last_event(),
				RuntimeEvent::Channels(Event::Closed {
					channel_id,
					cooperative: true,
					nonce: 9,
					payout_a: 750,
					payout_b: 450
				})
			);
			assert_eq!(Checked::get().last(), Some(&(ALICE, BOB, 250)));
		});
	}

	#[test]
	fn refuses_states_that_are_not_final_or_carry_a_chain() {
		new_test_ext().execute_with(|| {
			let channel_id = open_and_join(NATIVE, 1_000, 200);
			let alice = RuntimeOrigin::signed(ALICE);
			assert_noop!(
				Channels::cooperative_close(
					alice.clone(),
					channel_id,
					sign(paid(channel_id, 9, 1, 0))
				),
				Error::<Test>::NotFinal
			);
			let (chain, _) = micro_chain(Party::A, 1, 10);
			let with_chain = sign(ChannelState {
				micro: Some(chain),
				is_final: true,
				..paid(channel_id, 9, 1, 0)
			});
			assert_noop!(
				Channels::cooperative_close(alice.clone(), channel_id, with_chain),
				Error::<Test>::FinalStateHasMicroChain
			);
			assert_noop!(
				Channels::cooperative_close(
					RuntimeOrigin::signed(CHARLIE),
					channel_id,
					final_state(channel_id, 9, 1, 0)
				),
				Error::<Test>::NotParticipant
			);
			let unjoined = open(NATIVE, 100);
			assert_noop!(
				Channels::cooperative_close(alice, unjoined, final_state(unjoined, 9, 1, 0)),
				Error::<Test>::ChannelNotOpen
			);
		});
	}

	#[test]
	fn ends_a_unilateral_close_but_not_with_an_older_state() {
		new_test_ext().execute_with(|| {
			let channel_id = open_and_join(NATIVE, 1_000, 200);
			assert_ok!(Channels::close(
				RuntimeOrigin::signed(ALICE),
				channel_id,
				Some(sign(paid(channel_id, 5, 100, 0))),
				None
			));
			assert_noop!(
				Channels::cooperative_close(
					RuntimeOrigin::signed(BOB),
					channel_id,
					final_state(channel_id, 4, 0, 0)
				),
				Error::<Test>::StaleState
			);
			assert_ok!(Channels::cooperative_close(
				RuntimeOrigin::signed(BOB),
				channel_id,
				final_state(channel_id, 6, 100, 0)
			));
			assert!(ChannelRecords::<Test>::get(channel_id).is_none());
		});
	}

	#[test]
	fn a_refused_settlement_keeps_the_funds_until_it_passes() {
		new_test_ext().execute_with(|| {
			let channel_id = open_and_join(NATIVE, 1_000, 200);
			Refused::set(vec![(ALICE, BOB)]);
			assert_noop!(
				Channels::cooperative_close(
					RuntimeOrigin::signed(BOB),
					channel_id,
					final_state(channel_id, 2, 300, 0)
				),
				DispatchError::Other("refused by compliance")
			);
			// A state that moves nothing from A to B needs no check.
			assert_ok!(Channels::cooperative_close(
				RuntimeOrigin::signed(BOB),
				channel_id,
				final_state(channel_id, 3, 300, 300)
			));
			assert_eq!(balance(NATIVE, BOB), INITIAL);
		});
	}
}

mod close_dispute_settle {
	use super::*;

	#[test]
	fn close_starts_the_challenge_period() {
		new_test_ext().execute_with(|| {
			let channel_id = open_and_join(NATIVE, 1_000, 200);
			assert_ok!(Channels::close(
				RuntimeOrigin::signed(BOB),
				channel_id,
				Some(sign(paid(channel_id, 4, 300, 0))),
				None
			));
			assert_eq!(closing_state(channel_id), (4, 0));
			assert_eq!(
				last_event(),
				RuntimeEvent::Channels(Event::Closing {
					channel_id,
					closer: Party::B,
					nonce: 4,
					micro_count: 0,
					ends_at: 1 + PERIOD
				})
			);
			assert_noop!(
				Channels::close(RuntimeOrigin::signed(ALICE), channel_id, None, None),
				Error::<Test>::ChannelNotOpen
			);
		});
	}

	#[test]
	fn close_without_a_state_settles_the_deposits() {
		new_test_ext().execute_with(|| {
			let channel_id = open_and_join(NATIVE, 1_000, 200);
			assert_ok!(Channels::close(RuntimeOrigin::signed(ALICE), channel_id, None, None));
			assert_eq!(closing_state(channel_id), (0, 0));
			past_challenge_period();
			assert_ok!(Channels::settle(RuntimeOrigin::signed(CHARLIE), channel_id));
			assert_eq!(balance(NATIVE, ALICE), INITIAL);
			assert_eq!(balance(NATIVE, BOB), INITIAL);
		});
	}

	#[test]
	fn close_refuses_strangers_and_unjoined_channels() {
		new_test_ext().execute_with(|| {
			let channel_id = open(NATIVE, 1_000);
			assert_noop!(
				Channels::close(RuntimeOrigin::signed(ALICE), channel_id, None, None),
				Error::<Test>::ChannelNotOpen
			);
			assert_ok!(Channels::join(RuntimeOrigin::signed(BOB), channel_id, 0, key_of(&BOB)));
			assert_noop!(
				Channels::close(RuntimeOrigin::signed(CHARLIE), channel_id, None, None),
				Error::<Test>::NotParticipant
			);
			assert_noop!(
				Channels::close(RuntimeOrigin::signed(ALICE), 42, None, None),
				Error::<Test>::ChannelNotFound
			);
		});
	}

	#[test]
	fn settle_pays_the_closing_state_once_after_the_period() {
		new_test_ext().execute_with(|| {
			let channel_id = open_and_join(NATIVE, 1_000, 200);
			assert_noop!(
				Channels::settle(RuntimeOrigin::signed(ALICE), channel_id),
				Error::<Test>::ChannelNotClosing
			);
			assert_ok!(Channels::close(
				RuntimeOrigin::signed(BOB),
				channel_id,
				Some(sign(paid(channel_id, 4, 300, 100))),
				None
			));
			System::set_block_number(1 + PERIOD);
			assert_noop!(
				Channels::settle(RuntimeOrigin::signed(ALICE), channel_id),
				Error::<Test>::ChallengePeriodActive
			);
			assert_eq!(Channels::payouts(channel_id, None), Some((800, 400)));
			System::set_block_number(2 + PERIOD);
			assert_ok!(Channels::settle(RuntimeOrigin::signed(CHARLIE), channel_id));
			assert_eq!(balance(NATIVE, ALICE), INITIAL - 200);
			assert_eq!(balance(NATIVE, BOB), INITIAL + 200);
			assert_eq!(record_held(ALICE), 0);
			assert_eq!(
				last_event(),
				RuntimeEvent::Channels(Event::Closed {
					channel_id,
					cooperative: false,
					nonce: 4,
					payout_a: 800,
					payout_b: 400
				})
			);
			assert_noop!(
				Channels::settle(RuntimeOrigin::signed(CHARLIE), channel_id),
				Error::<Test>::ChannelNotFound
			);
			assert_noop!(
				Channels::settle(RuntimeOrigin::none(), channel_id),
				DispatchError::BadOrigin
			);
		});
	}

	#[test]
	fn settle_goes_through_compliance() {
		new_test_ext().execute_with(|| {
			let channel_id = open_and_join(NATIVE, 1_000, 200);
			assert_ok!(Channels::close(
				RuntimeOrigin::signed(BOB),
				channel_id,
				Some(sign(paid(channel_id, 4, 300, 0))),
				None
			));
			past_challenge_period();
			assert_ok!(Channels::settle(RuntimeOrigin::signed(BOB), channel_id));
			// Only what B received is checked; a refusal parks it (see `hostage`).
			assert_eq!(Checked::get().last(), Some(&(ALICE, BOB, 300)));
		});
	}

	#[test]
	fn dispute_errors() {
		new_test_ext().execute_with(|| {
			let channel_id = open_and_join(NATIVE, 1_000, 200);
			let alice = RuntimeOrigin::signed(ALICE);
			assert_noop!(
				Channels::dispute(
					alice.clone(),
					channel_id,
					Some(sign(paid(channel_id, 9, 0, 0))),
					None
				),
				Error::<Test>::ChannelNotClosing
			);
			assert_ok!(Channels::close(
				RuntimeOrigin::signed(BOB),
				channel_id,
				Some(sign(paid(channel_id, 4, 300, 0))),
				None
			));
			assert_noop!(
				Channels::dispute(alice.clone(), channel_id, None, None),
				Error::<Test>::NothingToDispute
			);
			assert_noop!(
				Channels::dispute(
					alice.clone(),
					channel_id,
					Some(sign(paid(channel_id, 4, 0, 0))),
					None
				),
				Error::<Test>::StaleState
			);
			let (_, receipt) = micro_chain(Party::A, 1, 4);
			assert_noop!(
				Channels::dispute(alice.clone(), channel_id, None, Some(receipt(1))),
				Error::<Test>::NoMicroChain
			);
			assert_noop!(
				Channels::dispute(
					RuntimeOrigin::signed(CHARLIE),
					channel_id,
					Some(sign(paid(channel_id, 5, 0, 0))),
					None
				),
				Error::<Test>::NotParticipant
			);
			assert_noop!(Channels::dispute(alice, 77, None, None), Error::<Test>::ChannelNotFound);
		});
	}
}

/// Fraud attempts: each must fail or be beaten.
mod fraud {
	use super::*;

	#[test]
	fn an_old_state_on_close_is_beaten_by_a_newer_proof() {
		new_test_ext().execute_with(|| {
			let channel_id = open_and_join(NATIVE, 1_000, 0);
			// A paid B 100, then 600; A closes with the state where it had paid only 100.
			let old = sign(paid(channel_id, 1, 100, 0));
			let newer = sign(paid(channel_id, 2, 600, 0));
			assert_ok!(Channels::close(RuntimeOrigin::signed(ALICE), channel_id, Some(old), None));
			// The last block of the challenge period still accepts the newer proof.
			System::set_block_number(1 + PERIOD);
			assert_ok!(Channels::dispute(
				RuntimeOrigin::signed(BOB),
				channel_id,
				Some(newer),
				None
			));
			assert_eq!(
				last_event(),
				RuntimeEvent::Channels(Event::Disputed {
					channel_id,
					by: Party::B,
					nonce: 2,
					micro_count: 0,
					ends_at: 1 + 2 * PERIOD,
				})
			);
			past_challenge_period();
			assert_ok!(Channels::settle(RuntimeOrigin::signed(BOB), channel_id));
			assert_eq!(balance(NATIVE, BOB), INITIAL + 600);
			assert_eq!(balance(NATIVE, ALICE), INITIAL - 600);
		});
	}

	#[test]
	fn the_closer_cannot_answer_a_newer_proof_with_an_older_one() {
		new_test_ext().execute_with(|| {
			let channel_id = open_and_join(NATIVE, 1_000, 0);
			assert_ok!(Channels::close(
				RuntimeOrigin::signed(BOB),
				channel_id,
				Some(sign(paid(channel_id, 7, 600, 0))),
				None
			));
			assert_noop!(
				Channels::dispute(
					RuntimeOrigin::signed(ALICE),
					channel_id,
					Some(sign(paid(channel_id, 6, 100, 0))),
					None
				),
				Error::<Test>::StaleState
			);
		});
	}

	#[test]
	fn settle_twice_fails() {
		new_test_ext().execute_with(|| {
			let channel_id = open_and_join(NATIVE, 1_000, 0);
			assert_ok!(Channels::close(RuntimeOrigin::signed(ALICE), channel_id, None, None));
			past_challenge_period();
			assert_ok!(Channels::settle(RuntimeOrigin::signed(ALICE), channel_id));
			assert_noop!(
				Channels::settle(RuntimeOrigin::signed(ALICE), channel_id),
				Error::<Test>::ChannelNotFound
			);
		});
	}

	#[test]
	fn a_signature_from_a_wrong_key_fails() {
		new_test_ext().execute_with(|| {
			let channel_id = open_and_join(NATIVE, 1_000, 0);
			let genesis = Channels::genesis_hash();
			let state = paid(channel_id, 1, 0, 500);
			let forged_b = sign_with(state.clone(), &pair_of(&ALICE), &pair_of(&CHARLIE), &genesis);
			assert_noop!(
				Channels::close(RuntimeOrigin::signed(ALICE), channel_id, Some(forged_b), None),
				Error::<Test>::InvalidSignatureB
			);
			let forged_a = sign_with(state.clone(), &pair_of(&CHARLIE), &pair_of(&BOB), &genesis);
			assert_noop!(
				Channels::close(RuntimeOrigin::signed(ALICE), channel_id, Some(forged_a), None),
				Error::<Test>::InvalidSignatureA
			);
			// B signing twice is still not A's signature.
			let only_b = sign_with(state, &pair_of(&BOB), &pair_of(&BOB), &genesis);
			assert_noop!(
				Channels::close(RuntimeOrigin::signed(BOB), channel_id, Some(only_b), None),
				Error::<Test>::InvalidSignatureA
			);
		});
	}

	#[test]
	fn a_proof_replayed_on_another_channel_fails() {
		new_test_ext().execute_with(|| {
			// Same parties, same keys, two channels.
			let first = open_and_join(NATIVE, 1_000, 1_000);
			let second = open_and_join(NATIVE, 1_000, 1_000);
			let proof = sign(paid(first, 3, 0, 900));
			assert_noop!(
				Channels::close(RuntimeOrigin::signed(ALICE), second, Some(proof.clone()), None),
				Error::<Test>::WrongChannel
			);
			// Rewriting the channel id breaks the signatures.
			let mut rewritten = proof;
			rewritten.state.channel_id = second;
			assert_noop!(
				Channels::close(RuntimeOrigin::signed(ALICE), second, Some(rewritten), None),
				Error::<Test>::InvalidSignatureA
			);
		});
	}

	#[test]
	fn a_proof_from_another_chain_fails() {
		new_test_ext().execute_with(|| {
			let channel_id = open_and_join(NATIVE, 1_000, 0);
			let other_chain = H256::repeat_byte(0xaa);
			assert_ne!(other_chain, Channels::genesis_hash());
			let proof = sign_with(
				paid(channel_id, 1, 0, 0),
				&pair_of(&ALICE),
				&pair_of(&BOB),
				&other_chain,
			);
			assert_noop!(
				Channels::close(RuntimeOrigin::signed(ALICE), channel_id, Some(proof), None),
				Error::<Test>::InvalidSignatureA
			);
		});
	}

	#[test]
	fn close_after_settle_fails() {
		new_test_ext().execute_with(|| {
			let channel_id = open_and_join(NATIVE, 1_000, 0);
			let proof = sign(paid(channel_id, 1, 10, 0));
			assert_ok!(Channels::close(
				RuntimeOrigin::signed(ALICE),
				channel_id,
				Some(proof.clone()),
				None
			));
			past_challenge_period();
			assert_ok!(Channels::settle(RuntimeOrigin::signed(ALICE), channel_id));
			assert_noop!(
				Channels::close(
					RuntimeOrigin::signed(ALICE),
					channel_id,
					Some(proof.clone()),
					None
				),
				Error::<Test>::ChannelNotFound
			);
			assert_noop!(
				Channels::cooperative_close(RuntimeOrigin::signed(ALICE), channel_id, proof),
				Error::<Test>::ChannelNotFound
			);
		});
	}

	#[test]
	fn dispute_after_the_period_fails() {
		new_test_ext().execute_with(|| {
			let channel_id = open_and_join(NATIVE, 1_000, 0);
			assert_ok!(Channels::close(
				RuntimeOrigin::signed(ALICE),
				channel_id,
				Some(sign(paid(channel_id, 1, 10, 0))),
				None
			));
			past_challenge_period();
			assert_noop!(
				Channels::dispute(
					RuntimeOrigin::signed(BOB),
					channel_id,
					Some(sign(paid(channel_id, 2, 900, 0))),
					None
				),
				Error::<Test>::ChallengePeriodOver
			);
		});
	}

	#[test]
	fn a_tampered_state_fails() {
		new_test_ext().execute_with(|| {
			let channel_id = open_and_join(NATIVE, 1_000, 0);
			let mut proof = sign(paid(channel_id, 1, 10, 0));
			proof.state.transferred_b = 500;
			assert_noop!(
				Channels::close(RuntimeOrigin::signed(ALICE), channel_id, Some(proof), None),
				Error::<Test>::InvalidSignatureA
			);
		});
	}
}

mod micro_payments {
	use super::*;

	fn with_chain(channel_id: ChannelId, nonce: u64, chain: &MicroChain) -> SignedState {
		sign(ChannelState { micro: Some(chain.clone()), ..paid(channel_id, nonce, 100, 0) })
	}

	#[test]
	fn receipts_count_on_close_and_in_disputes() {
		new_test_ext().execute_with(|| {
			let channel_id = open_and_join(NATIVE, 1_000, 0);
			let (chain, receipt) = micro_chain(Party::A, 5, 64);
			// A closes with the checkpoint and no receipt; B proves 20 micro-payments.
			assert_ok!(Channels::close(
				RuntimeOrigin::signed(ALICE),
				channel_id,
				Some(with_chain(channel_id, 3, &chain)),
				None
			));
			assert_ok!(Channels::dispute(
				RuntimeOrigin::signed(BOB),
				channel_id,
				None,
				Some(receipt(20))
			));
			assert_eq!(closing_state(channel_id), (3, 20));
			assert_noop!(
				Channels::dispute(RuntimeOrigin::signed(BOB), channel_id, None, Some(receipt(20))),
				Error::<Test>::StaleReceipt
			);
			let mut forged = receipt(30);
			forged.count = 40;
			assert_noop!(
				Channels::dispute(RuntimeOrigin::signed(BOB), channel_id, None, Some(forged)),
				Error::<Test>::InvalidReceipt
			);
			assert_noop!(
				Channels::dispute(
					RuntimeOrigin::signed(BOB),
					channel_id,
					None,
					Some(MicroReceipt { count: 65, preimage: H256::zero() })
				),
				Error::<Test>::InvalidReceipt
			);
			assert_ok!(Channels::dispute(
				RuntimeOrigin::signed(BOB),
				channel_id,
				None,
				Some(receipt(30))
			));
			past_challenge_period();
			assert_ok!(Channels::settle(RuntimeOrigin::signed(BOB), channel_id));
			// 100 signed plus 30 steps of 5.
			assert_eq!(balance(NATIVE, BOB), INITIAL + 250);
		});
	}

	#[test]
	fn close_with_a_receipt_and_a_newer_state_resets_the_count() {
		new_test_ext().execute_with(|| {
			let channel_id = open_and_join(NATIVE, 1_000, 0);
			let (chain, receipt) = micro_chain(Party::A, 5, 64);
			assert_ok!(Channels::close(
				RuntimeOrigin::signed(BOB),
				channel_id,
				Some(with_chain(channel_id, 3, &chain)),
				Some(receipt(10))
			));
			assert_eq!(closing_state(channel_id), (3, 10));
			// The next checkpoint folded the 10 steps in: 100 + 50.
			assert_ok!(Channels::dispute(
				RuntimeOrigin::signed(ALICE),
				channel_id,
				Some(sign(paid(channel_id, 4, 150, 0))),
				None
			));
			assert_eq!(closing_state(channel_id), (4, 0));
		});
	}

	#[test]
	fn a_dispute_can_bring_a_newer_state_and_its_receipt_together() {
		new_test_ext().execute_with(|| {
			let channel_id = open_and_join(NATIVE, 1_000, 0);
			assert_ok!(Channels::close(RuntimeOrigin::signed(ALICE), channel_id, None, None));
			let (chain, receipt) = micro_chain(Party::A, 5, 64);
			assert_ok!(Channels::dispute(
				RuntimeOrigin::signed(BOB),
				channel_id,
				Some(with_chain(channel_id, 2, &chain)),
				Some(receipt(12))
			));
			assert_eq!(closing_state(channel_id), (2, 12));
			past_challenge_period();
			assert_ok!(Channels::settle(RuntimeOrigin::signed(BOB), channel_id));
			assert_eq!(balance(NATIVE, BOB), INITIAL + 100 + 60);
		});
	}

	#[test]
	fn a_receipt_needs_a_chain_and_a_malformed_chain_is_refused() {
		new_test_ext().execute_with(|| {
			let channel_id = open_and_join(NATIVE, 1_000, 0);
			let (mut chain, receipt) = micro_chain(Party::A, 5, 64);
			assert_noop!(
				Channels::close(
					RuntimeOrigin::signed(BOB),
					channel_id,
					Some(sign(paid(channel_id, 1, 0, 0))),
					Some(receipt(1))
				),
				Error::<Test>::NoMicroChain
			);
			chain.unit = 0;
			assert_noop!(
				Channels::close(
					RuntimeOrigin::signed(BOB),
					channel_id,
					Some(with_chain(channel_id, 1, &chain)),
					None
				),
				Error::<Test>::MalformedMicroChain
			);
		});
	}
}

mod assets {
	use super::*;

	#[test]
	fn a_token_channel_lives_and_dies_cleanly() {
		new_test_ext().execute_with(|| {
			let channel_id = open_and_join(token(), 500, 500);
			assert_ok!(Channels::top_up(RuntimeOrigin::signed(BOB), channel_id, 100));
			assert_ok!(Channels::close(
				RuntimeOrigin::signed(BOB),
				channel_id,
				Some(sign(paid(channel_id, 2, 0, 595))),
				None
			));
			past_challenge_period();
			assert_ok!(Channels::settle(RuntimeOrigin::signed(ALICE), channel_id));
			// B keeps 5: below the token's minimum balance, yet paid out first and exactly.
			assert_eq!(balance(token(), BOB), INITIAL - 595);
			assert_eq!(balance(token(), ALICE), INITIAL + 595);
			assert_eq!(balance(token(), account(channel_id)), 0);
			assert!(!frame_system::Pallet::<Test>::account_exists(&account(channel_id)));
		});
	}
}

/// The off-chain library builds call data as `[pallet, call] ++ arguments`: the indices and the
/// argument order it assumes must be the pallet's.
mod call_encoding {
	use super::*;
	use codec::Encode;

	#[test]
	fn call_indices_and_argument_order_are_stable() {
		new_test_ext().execute_with(|| {
			let update = sign(paid(3, 1, 2, 0));
			let receipt = Some(MicroReceipt { count: 1, preimage: H256::repeat_byte(1) });
			let call =
				crate::Call::<Test>::cooperative_close { channel_id: 3, update: update.clone() };
			assert_eq!(call.encode(), [vec![5u8], (3u64, update.clone()).encode()].concat());
			let call = crate::Call::<Test>::close {
				channel_id: 3,
				update: Some(update.clone()),
				receipt: receipt.clone(),
			};
			assert_eq!(
				call.encode(),
				[vec![6u8], (3u64, Some(update.clone()), receipt.clone()).encode()].concat()
			);
			let call = crate::Call::<Test>::dispute {
				channel_id: 3,
				update: None,
				receipt: receipt.clone(),
			};
			assert_eq!(
				call.encode(),
				[vec![7u8], (3u64, None::<SignedState>, receipt).encode()].concat()
			);
			let call = crate::Call::<Test>::withdraw { channel_id: 3, update: update.clone() };
			assert_eq!(call.encode(), [vec![4u8], (3u64, update).encode()].concat());
		});
	}
}

/// What the channel accounts hold must always equal what the open channels hold, and nothing
/// is created or destroyed, whatever sequence of calls (most of them refused) is made.
mod held_funds_property {
	use super::*;

	#[derive(Debug, Clone)]
	enum Op {
		Open {
			a: u64,
			b: u64,
			token: bool,
			deposit: Balance,
		},
		Join {
			channel: u64,
			deposit: Balance,
		},
		Cancel {
			channel: u64,
		},
		TopUp {
			channel: u64,
			by_b: bool,
			amount: Balance,
		},
		Withdraw {
			channel: u64,
			nonce: u64,
			paid: (Balance, Balance),
			withdrawn: (Balance, Balance),
		},
		CooperativeClose {
			channel: u64,
			nonce: u64,
			paid: (Balance, Balance),
		},
		Close {
			channel: u64,
			by_b: bool,
			nonce: u64,
			paid: (Balance, Balance),
			steps: Option<u32>,
		},
		Dispute {
			channel: u64,
			by_b: bool,
			nonce: u64,
			paid: (Balance, Balance),
		},
		Settle {
			channel: u64,
		},
		Wait {
			blocks: u64,
		},
		/// Makes the compliance check refuse (or accept again) payments from `a` to `b`.
		Refuse {
			a: u64,
			b: u64,
		},
		ClaimParked {
			channel: u64,
		},
	}

	fn amount() -> impl Strategy<Value = Balance> {
		prop_oneof![0..30u128, 0..3_000u128]
	}

	fn op() -> impl Strategy<Value = Op> {
		// Channel indices name one of the channels that exist when the operation runs.
		let channel = 0..8u64;
		prop_oneof![
			3 => (1..4u64, 1..3u64, any::<bool>(), amount()).prop_map(|(a, offset, token, deposit)| {
				Op::Open { a, b: (a + offset - 1) % 3 + 1, token, deposit }
			}),
			3 => (channel.clone(), amount()).prop_map(|(channel, deposit)| Op::Join { channel, deposit }),
			1 => channel.clone().prop_map(|channel| Op::Cancel { channel }),
			2 => (channel.clone(), any::<bool>(), amount())
				.prop_map(|(channel, by_b, amount)| Op::TopUp { channel, by_b, amount }),
			2 => (channel.clone(), 0..8u64, (amount(), amount()), (amount(), amount())).prop_map(
				|(channel, nonce, paid, withdrawn)| Op::Withdraw { channel, nonce, paid, withdrawn }
			),
			1 => (channel.clone(), 0..8u64, (amount(), amount()))
				.prop_map(|(channel, nonce, paid)| Op::CooperativeClose { channel, nonce, paid }),
			2 => (
				channel.clone(),
				any::<bool>(),
				0..8u64,
				(amount(), amount()),
				proptest::option::of(0..9u32)
			)
				.prop_map(|(channel, by_b, nonce, paid, steps)| Op::Close {
					channel,
					by_b,
					nonce,
					paid,
					steps
				}),
			2 => (channel.clone(), any::<bool>(), 0..8u64, (amount(), amount()))
				.prop_map(|(channel, by_b, nonce, paid)| Op::Dispute { channel, by_b, nonce, paid }),
			4 => channel.prop_map(|channel| Op::Settle { channel }),
			3 => (0..30u64).prop_map(|blocks| Op::Wait { blocks }),
			1 => (1..4u64, 1..3u64).prop_map(|(a, offset)| Op::Refuse { a, b: (a + offset - 1) % 3 + 1 }),
			3 => (0..8u64).prop_map(|channel| Op::ClaimParked { channel }),
		]
	}

	/// A channel id no channel has.
	fn channel_index_none() -> ChannelId {
		ChannelId::MAX
	}

	fn acc(index: u64) -> AccountId {
		AccountId::new([index as u8; 32])
	}

	/// The channel an index names: one of the channels that exist (a missing one if none).
	fn resolve(index: u64) -> ChannelId {
		let mut existing: Vec<ChannelId> = ChannelRecords::<Test>::iter_keys().collect();
		existing.sort();
		match existing.len() {
			0 => index,
			len => existing[index as usize % len],
		}
	}

	fn party(channel: ChannelId, by_b: bool) -> AccountId {
		ChannelRecords::<Test>::get(channel)
			.map(|record| if by_b { record.party_b } else { record.party_a })
			.unwrap_or(CHARLIE)
	}

	/// `state` signed with the keys of `channel`'s parties, if the channel exists.
	fn signed(channel: ChannelId, state: ChannelState) -> Option<SignedState> {
		let record = ChannelRecords::<Test>::get(channel)?;
		Some(sign_with(
			state,
			&pair_of(&record.party_a),
			&pair_of(&record.party_b),
			&Channels::genesis_hash(),
		))
	}

	fn state(
		channel: ChannelId,
		nonce: u64,
		paid: (Balance, Balance),
		micro: bool,
	) -> ChannelState {
		let (chain, _) = micro_chain(Party::A, 3, 8);
		ChannelState {
			micro: micro.then_some(chain),
			..super::paid(channel, nonce, paid.0, paid.1)
		}
	}

	/// Applies `op`; returns its kind and whether it succeeded.
	fn apply(op: Op) -> (&'static str, bool) {
		let origin = RuntimeOrigin::signed;
		let missing = || Err(Error::<Test>::ChannelNotFound.into());
		let kind = op.kind();
		// Many random operations are refused; the invariants must hold either way.
		let result: Result<(), DispatchError> = match op {
			Op::Open { a, b, token: is_token, deposit } => Channels::open(
				origin(acc(a)),
				acc(b),
				if is_token { token() } else { NATIVE },
				deposit,
				PERIOD,
				key_of(&acc(a)),
			),
			Op::Join { channel, deposit } => {
				let channel = resolve(channel);
				let b = party(channel, true);
				Channels::join(origin(b.clone()), channel, deposit, key_of(&b))
			},
			Op::Cancel { channel } => {
				let channel = resolve(channel);
				Channels::cancel_open(origin(party(channel, false)), channel)
			},
			Op::TopUp { channel, by_b, amount } => {
				let channel = resolve(channel);
				Channels::top_up(origin(party(channel, by_b)), channel, amount)
			},
			Op::Withdraw { channel, nonce, paid, withdrawn } => {
				let channel = resolve(channel);
				let state = ChannelState {
					withdrawn_a: withdrawn.0,
					withdrawn_b: withdrawn.1,
					..state(channel, nonce, paid, false)
				};
				match signed(channel, state) {
					Some(update) => {
						Channels::withdraw(origin(party(channel, false)), channel, update)
					},
					None => missing(),
				}
			},
			Op::CooperativeClose { channel, nonce, paid } => {
				let channel = resolve(channel);
				let state = ChannelState { is_final: true, ..state(channel, nonce, paid, false) };
				match signed(channel, state) {
					Some(update) => {
						Channels::cooperative_close(origin(party(channel, true)), channel, update)
					},
					None => missing(),
				}
			},
			Op::Close { channel, by_b, nonce, paid, steps } => {
				let channel = resolve(channel);
				let update = signed(channel, state(channel, nonce, paid, steps.is_some()));
				let receipt = steps.map(|count| micro_chain(Party::A, 3, 8).1(count));
				Channels::close(origin(party(channel, by_b)), channel, update, receipt)
			},
			Op::Dispute { channel, by_b, nonce, paid } => {
				let channel = resolve(channel);
				let update = signed(channel, state(channel, nonce, paid, false));
				Channels::dispute(origin(party(channel, by_b)), channel, update, None)
			},
			Op::Settle { channel } => Channels::settle(origin(CHARLIE), resolve(channel)),
			Op::Wait { blocks } => {
				System::set_block_number(System::block_number() + blocks);
				Ok(())
			},
			Op::Refuse { a, b } => {
				let pair = (acc(a), acc(b));
				Refused::mutate(|refused| match refused.iter().position(|p| *p == pair) {
					Some(at) => drop(refused.remove(at)),
					None => refused.push(pair),
				});
				Ok(())
			},
			Op::ClaimParked { channel } => {
				let mut parked: Vec<ChannelId> = ParkedPayouts::<Test>::iter_keys().collect();
				parked.sort();
				let channel = parked.get(channel as usize % parked.len().max(1)).copied();
				Channels::claim_parked(origin(CHARLIE), channel.unwrap_or(channel_index_none()))
			},
		};
		(kind, result.is_ok())
	}

	impl Op {
		fn kind(&self) -> &'static str {
			match self {
				Op::Open { .. } => "open",
				Op::Join { .. } => "join",
				Op::Cancel { .. } => "cancel_open",
				Op::TopUp { .. } => "top_up",
				Op::Withdraw { .. } => "withdraw",
				Op::CooperativeClose { .. } => "cooperative_close",
				Op::Close { .. } => "close",
				Op::Dispute { .. } => "dispute",
				Op::Settle { .. } => "settle",
				Op::Wait { .. } => "wait",
				Op::Refuse { .. } => "refuse",
				Op::ClaimParked { .. } => "claim_parked",
			}
		}
	}

	fn assert_invariants() {
		let channel_ids = 0..crate::NextChannelId::<Test>::get();
		for channel in channel_ids.clone() {
			let holding = (balance(NATIVE, account(channel)), balance(token(), account(channel)));
			match ChannelRecords::<Test>::get(channel) {
				Some(record) if record.asset == NATIVE => assert_eq!(holding, (record.held(), 0)),
				Some(record) => assert_eq!(holding, (0, record.held())),
				None => match ParkedPayouts::<Test>::get(channel) {
					Some(parked) if parked.asset == NATIVE => {
						assert_eq!(holding, (parked.amount, 0))
					},
					Some(parked) => assert_eq!(holding, (0, parked.amount)),
					None => assert_eq!(holding, (0, 0)),
				},
			}
		}
		let everyone: Vec<AccountId> =
			[ALICE, BOB, CHARLIE].into_iter().chain(channel_ids.map(account)).collect();
		let total = |asset: AssetKind| -> Balance {
			everyone
				.iter()
				.map(|who| <ChannelAssets as Inspect<AccountId>>::total_balance(asset.clone(), who))
				.sum()
		};
		assert_eq!(total(NATIVE), 3 * INITIAL);
		assert_eq!(total(token()), 3 * INITIAL);
		for who in [ALICE, BOB, CHARLIE] {
			let records = ChannelRecords::<Test>::iter_values()
				.filter(|record| record.party_a == who)
				.count() + ParkedPayouts::<Test>::iter_values()
				.filter(|parked| parked.opener == who)
				.count();
			assert_eq!(record_held(who), records as Balance * RECORD_DEPOSIT);
		}
	}

	/// Random operations keep every invariant (the pallet's `try_state` and the model's), and
	/// enough of each kind succeed across the cases for that to mean something.
	#[test]
	fn held_funds_equal_open_channels() {
		let successes = mooring_test_support::run_counted(
			256,
			proptest::collection::vec(op(), 1..60),
			|ops, record| {
				new_test_ext().execute_with(|| {
					for op in ops {
						let (kind, ok) = apply(op);
						record(kind, ok);
						Channels::do_try_state().expect("try_state holds");
						assert_invariants();
					}
				});
				Ok(())
			},
		);
		// About half of what the fixed seed gives (780, 273, 134, 81, 16, 50, 95, 9, 21).
		mooring_test_support::assert_floors(
			&successes,
			&[
				("open", 400),
				("join", 130),
				("cancel_open", 60),
				("top_up", 40),
				("withdraw", 8),
				("cooperative_close", 25),
				("close", 45),
				("dispute", 4),
				("settle", 10),
			],
		);
	}
}

/// A party that refuses its payout cannot hold the other's (issue 19), and a late dispute can be
/// answered.
mod hostage {
	use super::*;

	fn parked(channel_id: ChannelId) -> Option<ParkedPayoutOf<Test>> {
		ParkedPayouts::<Test>::get(channel_id)
	}

	fn events() -> Vec<RuntimeEvent> {
		frame_system::Pallet::<Test>::events().into_iter().map(|record| record.event).collect()
	}

	#[test]
	fn a_receiver_refusing_its_payer_cannot_lock_the_payers_funds() {
		new_test_ext().execute_with(|| {
			let channel_id = open_and_join(NATIVE, 1_000, 200);
			// B, owed 300 net, makes the check refuse A as its payer after joining (as a payer
			// requirement A fails would), then A closes.
			Refused::set(vec![(ALICE, BOB)]);
			let state = sign(paid(channel_id, 3, 300, 0));
			assert_ok!(Channels::close(
				RuntimeOrigin::signed(ALICE),
				channel_id,
				Some(state),
				None
			));
			past_challenge_period();
			assert_ok!(Channels::settle(RuntimeOrigin::signed(CHARLIE), channel_id));
			// A has its 700; B's 500 waits in the channel account, with the record deposit
			// that pays for the waiting entry.
			assert_eq!(balance(NATIVE, ALICE), INITIAL - 300 - RECORD_DEPOSIT);
			assert_eq!(record_held(ALICE), RECORD_DEPOSIT);
			assert_eq!(balance(NATIVE, BOB), INITIAL - 200);
			assert_eq!(balance(NATIVE, account(channel_id)), 500);
			assert!(ChannelRecords::<Test>::get(channel_id).is_none());
			assert_eq!(
				parked(channel_id),
				Some(ParkedPayout {
					to: BOB,
					from: ALICE,
					asset: NATIVE,
					amount: 500,
					received: 300,
					opener: ALICE,
					record_deposit: RECORD_DEPOSIT,
				})
			);
			// (An event keeps a module error whole; `Other`'s text is not encoded.)
			assert!(events().contains(&RuntimeEvent::Channels(Event::PayoutParked {
				channel_id,
				party: Party::B,
				amount: 500,
				reason: DispatchError::Other(""),
			})));

			// Still refused: the claim fails and keeps the payout.
			assert_noop!(
				Channels::claim_parked(RuntimeOrigin::signed(CHARLIE), channel_id),
				DispatchError::Other("refused by compliance")
			);
			Refused::set(vec![]);
			assert_ok!(Channels::claim_parked(RuntimeOrigin::signed(CHARLIE), channel_id));
			assert_eq!(balance(NATIVE, BOB), INITIAL + 300);
			assert_eq!(record_held(ALICE), 0);
			assert_eq!(balance(NATIVE, ALICE), INITIAL - 300);
			assert_eq!(balance(NATIVE, account(channel_id)), 0);
			assert_eq!(parked(channel_id), None);
			assert_eq!(System::providers(&account(channel_id)), 0);
			assert_eq!(
				last_event(),
				RuntimeEvent::Channels(Event::ParkedPayoutClaimed {
					channel_id,
					to: BOB,
					amount: 500
				})
			);
			assert_noop!(
				Channels::claim_parked(RuntimeOrigin::signed(CHARLIE), channel_id),
				Error::<Test>::NoParkedPayout
			);
		});
	}

	#[test]
	fn a_refused_payout_below_the_minimum_balance_goes_to_the_other_party() {
		new_test_ext().execute_with(|| {
			let channel_id = open_and_join(NATIVE, 1_000, 0);
			Refused::set(vec![(ALICE, BOB)]);
			let state = sign(paid(channel_id, 1, ED - 1, 0));
			assert_ok!(Channels::close(RuntimeOrigin::signed(BOB), channel_id, Some(state), None));
			past_challenge_period();
			assert_ok!(Channels::settle(RuntimeOrigin::signed(BOB), channel_id));
			assert_eq!(balance(NATIVE, ALICE), INITIAL);
			assert_eq!(balance(NATIVE, BOB), INITIAL);
			assert_eq!(parked(channel_id), None);
			assert!(events().contains(&RuntimeEvent::Channels(Event::DustToCounterparty {
				channel_id,
				party: Party::B,
				amount: ED - 1,
			})));
		});
	}

	#[test]
	fn settlement_waits_while_neither_payout_can_be_made_then_parks_the_one_still_refused() {
		new_test_ext().execute_with(|| {
			let channel_id = open_and_join(token(), 1_000, 200);
			// A is blocked in the asset and B refuses A as its payer: nobody can be paid.
			assert_ok!(Assets::block(RuntimeOrigin::signed(CHARLIE), TOKEN, ALICE));
			Refused::set(vec![(ALICE, BOB)]);
			let state = sign(paid(channel_id, 3, 300, 0));
			assert_ok!(Channels::close(RuntimeOrigin::signed(BOB), channel_id, Some(state), None));
			past_challenge_period();
			assert_noop!(
				Channels::settle(RuntimeOrigin::signed(BOB), channel_id),
				DispatchError::Other("refused by compliance")
			);
			// Once B accepts A again, B is paid and A's payout waits for its unblocking.
			Refused::set(vec![]);
			assert_ok!(Channels::settle(RuntimeOrigin::signed(BOB), channel_id));
			assert_eq!(balance(token(), BOB), INITIAL + 300);
			assert_eq!(
				parked(channel_id),
				Some(ParkedPayout {
					to: ALICE,
					from: BOB,
					asset: token(),
					amount: 700,
					received: 0,
					opener: ALICE,
					record_deposit: RECORD_DEPOSIT,
				})
			);
			assert!(Channels::claim_parked(RuntimeOrigin::signed(ALICE), channel_id).is_err());
			assert_ok!(Assets::thaw(RuntimeOrigin::signed(CHARLIE), TOKEN, ALICE));
			assert_ok!(Channels::claim_parked(RuntimeOrigin::signed(ALICE), channel_id));
			assert_eq!(balance(token(), ALICE), INITIAL - 300);
			assert_eq!(balance(token(), account(channel_id)), 0);
		});
	}

	#[test]
	fn a_cooperative_close_stays_all_or_nothing() {
		new_test_ext().execute_with(|| {
			let channel_id = open_and_join(NATIVE, 1_000, 200);
			Refused::set(vec![(ALICE, BOB)]);
			assert_noop!(
				Channels::cooperative_close(
					RuntimeOrigin::signed(ALICE),
					channel_id,
					final_state(channel_id, 2, 300, 0)
				),
				DispatchError::Other("refused by compliance")
			);
			assert_eq!(parked(channel_id), None);
		});
	}

	#[test]
	fn a_newer_state_in_the_last_block_gives_the_other_party_a_full_period() {
		new_test_ext().execute_with(|| {
			let channel_id = open_and_join(NATIVE, 1_000, 0);
			let (chain, receipt) = micro_chain(Party::A, 10, 20);
			let with_chain = |nonce| {
				sign(ChannelState { micro: Some(chain.clone()), ..paid(channel_id, nonce, 100, 0) })
			};
			assert_ok!(Channels::close(RuntimeOrigin::signed(BOB), channel_id, None, None));
			// A answers in the last block with a newer state whose chain B has receipts for.
			System::set_block_number(1 + PERIOD);
			assert_ok!(Channels::dispute(
				RuntimeOrigin::signed(ALICE),
				channel_id,
				Some(with_chain(2)),
				None
			));
			// B still has a full period to prove the micro-payments.
			System::set_block_number(1 + 2 * PERIOD);
			assert_noop!(
				Channels::settle(RuntimeOrigin::signed(ALICE), channel_id),
				Error::<Test>::ChallengePeriodActive
			);
			assert_ok!(Channels::dispute(
				RuntimeOrigin::signed(BOB),
				channel_id,
				None,
				Some(receipt(5))
			));
			// A receipt alone does not extend the period.
			assert_eq!(
				last_event(),
				RuntimeEvent::Channels(Event::Disputed {
					channel_id,
					by: Party::B,
					nonce: 2,
					micro_count: 5,
					ends_at: 1 + 2 * PERIOD,
				})
			);
			System::set_block_number(2 + 2 * PERIOD);
			assert_ok!(Channels::settle(RuntimeOrigin::signed(ALICE), channel_id));
			assert_eq!(balance(NATIVE, BOB), INITIAL + 150);
		});
	}
}

/// Settlement with any mix of refusals: neither party's refusal holds the other's payout, and
/// nothing is lost or created.
mod settlement_property {
	use super::*;

	/// Outcomes over the cases, with a floor for each (fixed seed).
	#[test]
	fn each_party_is_paid_or_parked_and_nothing_is_lost() {
		// Small amounts half of the time, so payouts below the minimum balance occur.
		let amount = || prop_oneof![0..12u128, 0..2_000u128];
		let inputs = (
			(20..2_000u128, amount()),
			(amount(), amount()),
			any::<bool>(),
			any::<bool>(),
			any::<bool>(),
		);
		let outcomes = mooring_test_support::run_counted(
			256,
			inputs,
			|(deposits, payments, refuse_a_to_b, refuse_b_to_a, block_a), record| {
				let outcome = settle_with_refusals(
					deposits,
					payments,
					refuse_a_to_b,
					refuse_b_to_a,
					block_a,
				)?;
				record(outcome, true);
				Ok(())
			},
		);
		// About half of what the fixed seed gives (72, 120, 12, 52).
		mooring_test_support::assert_floors(
			&outcomes,
			&[("paid", 36), ("parked", 60), ("dust", 6), ("waits", 26)],
		);
	}

	/// Settles a channel with the given refusals and checks it; names the outcome.
	fn settle_with_refusals(
		deposits: (Balance, Balance),
		payments: (Balance, Balance),
		refuse_a_to_b: bool,
		refuse_b_to_a: bool,
		block_a: bool,
	) -> Result<&'static str, proptest::test_runner::TestCaseError> {
		new_test_ext().execute_with(|| {
			let channel_id = open_and_join(token(), deposits.0, deposits.1);
			let held = deposits.0 + deposits.1;
			// A solvent state: nobody pays more than it has.
			let paid_a = payments.0.min(deposits.0);
			let paid_b = payments.1.min(deposits.1);
			let payout_a = deposits.0 + paid_b - paid_a;
			let payout_b = deposits.1 + paid_a - paid_b;
			let mut refused = vec![];
			if refuse_a_to_b {
				refused.push((ALICE, BOB));
			}
			if refuse_b_to_a {
				refused.push((BOB, ALICE));
			}
			Refused::set(refused);
			if block_a {
				assert_ok!(Assets::block(RuntimeOrigin::signed(CHARLIE), TOKEN, ALICE));
			}
			let state = sign(paid(channel_id, 1, paid_a, paid_b));
			assert_ok!(Channels::close(RuntimeOrigin::signed(BOB), channel_id, Some(state), None));
			past_challenge_period();
			let before = (balance(token(), ALICE), balance(token(), BOB));
			// Who cannot be paid: A if blocked or refused what it received; B likewise.
			let a_fails = (block_a && payout_a > 0) || (refuse_b_to_a && paid_b > paid_a);
			let b_fails = refuse_a_to_b && paid_a > paid_b;
			let settled = Channels::settle(RuntimeOrigin::signed(CHARLIE), channel_id);
			Channels::do_try_state().expect("try_state holds");
			if a_fails && b_fails {
				prop_assert!(settled.is_err());
				prop_assert_eq!((balance(token(), ALICE), balance(token(), BOB)), before);
				prop_assert!(ChannelRecords::<Test>::get(channel_id).is_some());
				return Ok("waits");
			}
			prop_assert!(settled.is_ok(), "{:?}", settled);
			prop_assert!(ChannelRecords::<Test>::get(channel_id).is_none());
			let got = (balance(token(), ALICE) - before.0, balance(token(), BOB) - before.1);
			let parked = ParkedPayouts::<Test>::get(channel_id).map(|p| (p.to, p.amount));
			let in_account = balance(token(), account(channel_id));
			// Conservation: what left the channel, what waits in it and dust the asset burned
			// (a refused payout below the minimum balance the other party could not take
			// either) is what it held.
			let forfeited: Balance = System::events()
				.iter()
				.filter_map(|record| match record.event {
					RuntimeEvent::Channels(Event::DustForfeited { amount, .. }) => Some(amount),
					_ => None,
				})
				.sum();
			prop_assert!(forfeited < TOKEN_MIN_BALANCE);
			prop_assert_eq!(got.0 + got.1 + in_account + forfeited, held);
			prop_assert_eq!(parked.as_ref().map_or(0, |p| p.1), in_account);
			// The party that can be paid got at least its own payout.
			if !a_fails {
				prop_assert!(got.0 >= payout_a);
			}
			if !b_fails {
				prop_assert!(got.1 >= payout_b);
			}
			// Lifting every refusal lets the parked payout be claimed.
			Refused::set(vec![]);
			if block_a {
				assert_ok!(Assets::thaw(RuntimeOrigin::signed(CHARLIE), TOKEN, ALICE));
			}
			if parked.is_some() {
				prop_assert!(
					Channels::claim_parked(RuntimeOrigin::signed(CHARLIE), channel_id).is_ok()
				);
			}
			let total = balance(token(), ALICE) + balance(token(), BOB) - before.0 - before.1;
			prop_assert_eq!(total + forfeited, held);
			prop_assert_eq!(balance(token(), account(channel_id)), 0);
			let dust = System::events().iter().any(|record| {
				matches!(
					record.event,
					RuntimeEvent::Channels(
						Event::DustToCounterparty { .. } | Event::DustForfeited { .. }
					)
				)
			});
			Ok(if parked.is_some() {
				"parked"
			} else if dust {
				"dust"
			} else {
				"paid"
			})
		})
	}
}
