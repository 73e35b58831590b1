//! Storage types of the channels pallet.

use codec::{Decode, Encode, MaxEncodedLen};
use mooring_primitives::channel::{ChannelPublic, ChannelState, Funds, Party};
use polkadot_sdk::sp_runtime::{traits::AtLeast32BitUnsigned, SaturatedConversion};
use scale_info::TypeInfo;

/// A channel as the chain keeps it.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo, MaxEncodedLen)]
pub struct Channel<AccountId, AssetKind, Balance, BlockNumber> {
	/// The account that opened the channel (party `A`); it paid the record deposit.
	pub party_a: AccountId,
	/// The counterparty (party `B`).
	pub party_b: AccountId,
	/// `A`'s channel key.
	pub key_a: ChannelPublic,
	/// `B`'s channel key, set when `B` joins.
	pub key_b: Option<ChannelPublic>,
	/// The asset the channel holds.
	pub asset: AssetKind,
	/// Everything `A` deposited.
	pub deposit_a: Balance,
	/// Everything `B` deposited.
	pub deposit_b: Balance,
	/// Everything paid out to `A` by co-signed withdrawals.
	pub withdrawn_a: Balance,
	/// Everything paid out to `B` by co-signed withdrawals.
	pub withdrawn_b: Balance,
	/// Blocks the counterparty of a unilateral close has to answer with a newer state.
	pub challenge_period: BlockNumber,
	/// The native deposit held from `A` for this record.
	pub record_deposit: Balance,
	/// The nonce of the last state used for a withdrawal: older states can no longer close the
	/// channel.
	pub nonce_floor: u64,
	/// Where the channel is in its life.
	pub status: ChannelStatus<BlockNumber>,
}

impl<AccountId: PartialEq, AssetKind, Balance, BlockNumber>
	Channel<AccountId, AssetKind, Balance, BlockNumber>
where
	Balance: AtLeast32BitUnsigned + Copy,
{
	/// Which party `who` is, if any.
	pub fn party_of(&self, who: &AccountId) -> Option<Party> {
		if *who == self.party_a {
			Some(Party::A)
		} else if *who == self.party_b {
			Some(Party::B)
		} else {
			None
		}
	}

	/// The account of `party`.
	pub fn account(&self, party: Party) -> &AccountId {
		match party {
			Party::A => &self.party_a,
			Party::B => &self.party_b,
		}
	}

	/// The deposit total of `party`, mutably.
	pub fn deposit_mut(&mut self, party: Party) -> &mut Balance {
		match party {
			Party::A => &mut self.deposit_a,
			Party::B => &mut self.deposit_b,
		}
	}

	/// The withdrawal total of `party`, mutably.
	pub fn withdrawn_mut(&mut self, party: Party) -> &mut Balance {
		match party {
			Party::A => &mut self.withdrawn_a,
			Party::B => &mut self.withdrawn_b,
		}
	}

	/// The channel key of `party`, if set.
	pub fn key(&self, party: Party) -> Option<&ChannelPublic> {
		match party {
			Party::A => Some(&self.key_a),
			Party::B => self.key_b.as_ref(),
		}
	}

	/// The channel's deposits and withdrawals as amounts.
	pub fn funds(&self) -> Funds {
		Funds {
			deposit_a: self.deposit_a.saturated_into(),
			deposit_b: self.deposit_b.saturated_into(),
			withdrawn_a: self.withdrawn_a.saturated_into(),
			withdrawn_b: self.withdrawn_b.saturated_into(),
		}
	}

	/// What the channel holds now.
	pub fn held(&self) -> Balance {
		self.deposit_a
			.saturating_add(self.deposit_b)
			.saturating_sub(self.withdrawn_a)
			.saturating_sub(self.withdrawn_b)
	}
}

/// Where a channel is in its life.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo, MaxEncodedLen)]
pub enum ChannelStatus<BlockNumber> {
	/// Opened by `A`; waiting for `B` to join (or for `A` to cancel).
	AwaitingCounterparty,
	/// Both parties joined; off-chain updates are live.
	Open,
	/// A party closed unilaterally; newer states are accepted until `ends_at`.
	Closing(Closing<BlockNumber>),
}

/// The best state known during a unilateral close.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo, MaxEncodedLen)]
pub struct Closing<BlockNumber> {
	/// Who started the close.
	pub closer: Party,
	/// The last block in which a newer state is accepted; settlement is possible after it.
	pub ends_at: BlockNumber,
	/// The state with the highest nonce submitted so far.
	pub state: ChannelState,
	/// How many steps of the state's hash chain receipts have proven.
	pub micro_count: u32,
}

/// A settlement payout the chain could not make (refused by the compliance check or by the
/// asset), kept in the channel account until [`crate::Pallet::claim_parked`] pays it.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo, MaxEncodedLen)]
pub struct ParkedPayout<AccountId, AssetKind, Balance> {
	/// Who the payout belongs to.
	pub to: AccountId,
	/// The other party: the sender the compliance check sees for `received`.
	pub from: AccountId,
	/// The channel's asset.
	pub asset: AssetKind,
	/// The whole payout, at least the asset's minimum balance.
	pub amount: Balance,
	/// The part of `amount` that is value received from `from` and needs the compliance check.
	pub received: Balance,
	/// The channel's opener, whose record deposit stays held while the payout waits.
	pub opener: AccountId,
	/// That record deposit, released by the claim.
	pub record_deposit: Balance,
}
