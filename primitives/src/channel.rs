//! State channels: the types that `pallets/channels` and the off-chain `mooring-channel` library
//! share.
//!
//! # Protocol in one page
//!
//! Two parties, `A` (who opened the channel on chain) and `B` (who joined it), lock deposits of
//! one asset in a channel. Off chain they agree on a sequence of [`ChannelState`]s, each signed by
//! both ([`SignedState`]) with the channel keys (ed25519) they registered on chain. A state does
//! not carry balances directly: it carries what each party has *transferred* to the other and
//! *withdrawn* in total since the channel opened (both only ever grow). The balances follow from
//! the deposits on chain ([`Funds::payouts`]); this lets either party top up alone without
//! invalidating any signed state, and makes a newer state never worse for the party that received
//! the latest payment.
//!
//! Between two signed states a payer may stream micro-payments along a hash chain (PayWord): the
//! latest signed state commits to a [`MicroChain`] (`anchor = H^length(seed)`, a unit amount and
//! the payer); the payer pays `k` units by revealing the preimage `p` with `H^k(p) = anchor`
//! ([`MicroReceipt`]). The receipt is enforceable on chain, so the payee is protected at every
//! micro-payment, not only at the next signed state; the payer can never be charged more than it
//! revealed, since only it knows the seed. Checking a receipt costs one hash off chain and at most
//! [`MAX_MICRO_CHAIN_LENGTH`] hashes on chain.
//!
//! Every signature covers [`ChannelState::using_signing_payload`]: a fixed domain tag, the
//! chain's genesis hash and the channel id, then the SCALE-encoded state. A state signed for one
//! channel or one chain therefore never verifies for another, and the tag keeps channel
//! signatures apart from any other message a key might sign (extrinsic payloads start with a
//! pallet index; no pallet has index `b'm'`).

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use polkadot_sdk::{
	sp_core::{ed25519, H256},
	sp_runtime::traits::{BlakeTwo256, Hash as HashT, Verify},
};
use scale_info::TypeInfo;

/// Identifies a channel on chain: a counter, unique per chain.
pub type ChannelId = u64;

/// Amounts in channel states (the `Balance` of Mooring).
pub type Amount = crate::Balance;

/// The public key a party signs channel states with (ed25519).
pub type ChannelPublic = ed25519::Public;

/// A party's signature on a channel state (ed25519).
pub type ChannelSignature = ed25519::Signature;

/// The domain tag every signed channel state starts with.
pub const STATE_DOMAIN: [u8; 24] = *b"mooring/channel/state/v1";

/// The domain tag from which payers derive the seeds of their hash chains.
pub const MICRO_SEED_DOMAIN: [u8; 24] = *b"mooring/channel/micro/v1";

/// The longest hash chain a state may commit to: bounds the hashes a receipt costs on chain.
pub const MAX_MICRO_CHAIN_LENGTH: u32 = 4_096;

/// One of the two parties of a channel.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
pub enum Party {
	/// The account that opened the channel.
	A,
	/// The counterparty that joined it.
	B,
}

impl Party {
	/// The other party.
	pub fn other(self) -> Party {
		match self {
			Party::A => Party::B,
			Party::B => Party::A,
		}
	}
}

/// A hash chain a payer committed to in a signed state, to stream micro-payments.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
pub struct MicroChain {
	/// Who pays along this chain.
	pub payer: Party,
	/// `H^length(seed)`: the end of the chain.
	pub anchor: H256,
	/// What one step of the chain is worth.
	pub unit: Amount,
	/// How many steps the chain has (at most [`MAX_MICRO_CHAIN_LENGTH`]).
	pub length: u32,
}

impl MicroChain {
	/// The most the payer can pay along this chain, `None` on overflow.
	pub fn budget(&self) -> Option<Amount> {
		self.unit.checked_mul(self.length.into())
	}

	/// Whether the chain is well formed: a non-zero unit, a length within bounds, no overflow.
	pub fn is_well_formed(&self) -> bool {
		self.unit > 0
			&& self.length > 0
			&& self.length <= MAX_MICRO_CHAIN_LENGTH
			&& self.budget().is_some()
	}

	/// Whether `receipt` proves `receipt.count` steps of this chain: `H^count(preimage) = anchor`.
	pub fn verify(&self, receipt: &MicroReceipt) -> bool {
		receipt.count <= self.length && hash_steps(receipt.preimage, receipt.count) == self.anchor
	}

	/// What `count` steps are worth (the count is capped at the chain length).
	pub fn value_of(&self, count: u32) -> Amount {
		self.unit.saturating_mul(count.min(self.length).into())
	}
}

/// Proof that the payer of a [`MicroChain`] paid `count` units: the preimage `count` steps
/// before the anchor.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
pub struct MicroReceipt {
	/// How many units the payer has paid along the chain so far.
	pub count: u32,
	/// The value `p` with `H^count(p) = anchor`.
	pub preimage: H256,
}

/// One step of a micro-payment hash chain: blake2-256.
pub fn hash_step(value: H256) -> H256 {
	BlakeTwo256::hash(value.as_bytes())
}

/// `steps` applications of [`hash_step`] to `value`.
pub fn hash_steps(mut value: H256, steps: u32) -> H256 {
	for _ in 0..steps {
		value = hash_step(value);
	}
	value
}

/// The state two parties agree on off chain; signed by both it is a [`SignedState`].
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
pub struct ChannelState {
	/// The channel this state belongs to.
	pub channel_id: ChannelId,
	/// Orders states: a state with a higher nonce replaces one with a lower nonce.
	pub nonce: u64,
	/// Everything `A` has paid `B` since the channel opened.
	pub transferred_a: Amount,
	/// Everything `B` has paid `A` since the channel opened.
	pub transferred_b: Amount,
	/// Everything `A` may have withdrawn from the channel (co-signed partial withdrawals).
	pub withdrawn_a: Amount,
	/// Everything `B` may have withdrawn from the channel.
	pub withdrawn_b: Amount,
	/// A hash chain for micro-payments on top of this state, if any.
	pub micro: Option<MicroChain>,
	/// Set on the state both parties sign to close the channel cooperatively.
	pub is_final: bool,
}

impl ChannelState {
	/// The state of a channel nobody has paid in yet (nonce 0; needs no signatures).
	pub fn initial(channel_id: ChannelId) -> Self {
		ChannelState {
			channel_id,
			nonce: 0,
			transferred_a: 0,
			transferred_b: 0,
			withdrawn_a: 0,
			withdrawn_b: 0,
			micro: None,
			is_final: false,
		}
	}

	/// What `party` has paid the other party in signed updates.
	pub fn transferred(&self, party: Party) -> Amount {
		match party {
			Party::A => self.transferred_a,
			Party::B => self.transferred_b,
		}
	}

	/// A mutable reference to what `party` has paid the other party.
	pub fn transferred_mut(&mut self, party: Party) -> &mut Amount {
		match party {
			Party::A => &mut self.transferred_a,
			Party::B => &mut self.transferred_b,
		}
	}

	/// What `party` may have withdrawn.
	pub fn withdrawn(&self, party: Party) -> Amount {
		match party {
			Party::A => self.withdrawn_a,
			Party::B => self.withdrawn_b,
		}
	}

	/// A mutable reference to what `party` may have withdrawn.
	pub fn withdrawn_mut(&mut self, party: Party) -> &mut Amount {
		match party {
			Party::A => &mut self.withdrawn_a,
			Party::B => &mut self.withdrawn_b,
		}
	}

	/// What `party` has paid in total: signed transfers plus `micro_count` steps of the hash
	/// chain if `party` is its payer.
	pub fn paid_by(&self, party: Party, micro_count: u32) -> Amount {
		let micro = match &self.micro {
			Some(chain) if chain.payer == party => chain.value_of(micro_count),
			_ => 0,
		};
		self.transferred(party).saturating_add(micro)
	}

	/// Calls `f` with the exact bytes each party signs: [`STATE_DOMAIN`], the genesis hash, the
	/// channel id and the SCALE-encoded state.
	pub fn using_signing_payload<R>(&self, genesis_hash: &H256, f: impl FnOnce(&[u8]) -> R) -> R {
		(STATE_DOMAIN, genesis_hash, self.channel_id, self).using_encoded(f)
	}

	/// Whether `signature` is `signer`'s signature of this state on the chain `genesis_hash`.
	pub fn is_signed_by(
		&self,
		genesis_hash: &H256,
		signature: &ChannelSignature,
		signer: &ChannelPublic,
	) -> bool {
		self.using_signing_payload(genesis_hash, |payload| signature.verify(payload, signer))
	}

	/// The worst-case balances of both parties, given their total deposits, once this state's
	/// withdrawals are made and its hash chain is fully spent; `None` if either would be negative,
	/// i.e. the state promises more than a party has.
	pub fn solvent_balances(
		&self,
		deposit_a: Amount,
		deposit_b: Amount,
	) -> Option<(Amount, Amount)> {
		let micro_budget = |party| match &self.micro {
			Some(chain) if chain.payer == party => chain.budget(),
			_ => Some(0),
		};
		let balance = |party: Party, deposit: Amount| -> Option<Amount> {
			deposit
				.checked_add(self.transferred(party.other()))?
				.checked_sub(self.transferred(party))?
				.checked_sub(self.withdrawn(party))?
				.checked_sub(micro_budget(party)?)
		};
		Some((balance(Party::A, deposit_a)?, balance(Party::B, deposit_b)?))
	}
}

/// Why a [`SignedState`] was refused.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum StateError {
	/// The state belongs to another channel.
	WrongChannel,
	/// `A`'s signature does not verify with `A`'s channel key.
	BadSignatureA,
	/// `B`'s signature does not verify with `B`'s channel key.
	BadSignatureB,
	/// The state's hash chain is malformed (zero unit, too long, or overflowing).
	MalformedMicroChain,
}

/// A channel state with both parties' signatures: what either party can enforce on chain.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
pub struct SignedState {
	/// The state both signed.
	pub state: ChannelState,
	/// `A`'s signature of the state.
	pub signature_a: ChannelSignature,
	/// `B`'s signature of the state.
	pub signature_b: ChannelSignature,
}

impl SignedState {
	/// Checks that this state belongs to `channel_id`, carries a well-formed hash chain, and is
	/// signed by both channel keys on the chain `genesis_hash`.
	pub fn verify(
		&self,
		genesis_hash: &H256,
		channel_id: ChannelId,
		key_a: &ChannelPublic,
		key_b: &ChannelPublic,
	) -> Result<(), StateError> {
		if self.state.channel_id != channel_id {
			return Err(StateError::WrongChannel);
		}
		if self.state.micro.as_ref().is_some_and(|chain| !chain.is_well_formed()) {
			return Err(StateError::MalformedMicroChain);
		}
		// Encode once and check both signatures against the same bytes.
		self.state.using_signing_payload(genesis_hash, |payload| {
			if !self.signature_a.verify(payload, key_a) {
				return Err(StateError::BadSignatureA);
			}
			if !self.signature_b.verify(payload, key_b) {
				return Err(StateError::BadSignatureB);
			}
			Ok(())
		})
	}
}

/// What a channel holds on chain, as totals since it opened.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct Funds {
	/// Everything `A` deposited (opening deposit plus top-ups).
	pub deposit_a: Amount,
	/// Everything `B` deposited.
	pub deposit_b: Amount,
	/// Everything paid out to `A` by co-signed withdrawals.
	pub withdrawn_a: Amount,
	/// Everything paid out to `B` by co-signed withdrawals.
	pub withdrawn_b: Amount,
}

impl Funds {
	/// What the channel holds now.
	pub fn held(&self) -> Amount {
		self.deposit_a
			.saturating_add(self.deposit_b)
			.saturating_sub(self.withdrawn_a)
			.saturating_sub(self.withdrawn_b)
	}

	/// What each party receives when the channel settles on `state` with `micro_count` steps of
	/// its hash chain spent: `deposit - withdrawn - paid + received`, clamped to what the channel
	/// holds so the two payouts always add up to [`Funds::held`] exactly, whatever the state says.
	pub fn payouts(&self, state: &ChannelState, micro_count: u32) -> (Amount, Amount) {
		let held = self.held();
		let credit_a = self.deposit_a.saturating_add(state.paid_by(Party::B, micro_count));
		let debit_a = self.withdrawn_a.saturating_add(state.paid_by(Party::A, micro_count));
		let payout_a = credit_a.saturating_sub(debit_a).min(held);
		(payout_a, held - payout_a)
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use polkadot_sdk::sp_core::{ed25519::Pair, Pair as _};

	fn genesis() -> H256 {
		H256::repeat_byte(7)
	}

	fn sign(pair: &Pair, state: &ChannelState, genesis_hash: &H256) -> ChannelSignature {
		state.using_signing_payload(genesis_hash, |payload| pair.sign(payload))
	}

	fn signed(state: ChannelState) -> (SignedState, Pair, Pair) {
		let a = Pair::from_seed(&[1; 32]);
		let b = Pair::from_seed(&[2; 32]);
		let signature_a = sign(&a, &state, &genesis());
		let signature_b = sign(&b, &state, &genesis());
		(SignedState { state, signature_a, signature_b }, a, b)
	}

	fn state(channel_id: ChannelId, nonce: u64) -> ChannelState {
		ChannelState { nonce, transferred_a: 10, ..ChannelState::initial(channel_id) }
	}

	#[test]
	fn signed_state_verifies_only_for_its_channel_chain_and_keys() {
		let (signed, a, b) = signed(state(3, 1));
		assert_eq!(signed.verify(&genesis(), 3, &a.public(), &b.public()), Ok(()));
		assert_eq!(
			signed.verify(&genesis(), 4, &a.public(), &b.public()),
			Err(StateError::WrongChannel)
		);
		assert_eq!(
			signed.verify(&H256::repeat_byte(8), 3, &a.public(), &b.public()),
			Err(StateError::BadSignatureA)
		);
		assert_eq!(
			signed.verify(&genesis(), 3, &b.public(), &a.public()),
			Err(StateError::BadSignatureA)
		);
		assert_eq!(
			signed.verify(&genesis(), 3, &a.public(), &a.public()),
			Err(StateError::BadSignatureB)
		);
	}

	#[test]
	fn a_changed_channel_id_breaks_the_signatures() {
		let (mut signed, a, b) = signed(state(3, 1));
		signed.state.channel_id = 4;
		assert_eq!(
			signed.verify(&genesis(), 4, &a.public(), &b.public()),
			Err(StateError::BadSignatureA)
		);
	}

	#[test]
	fn signing_payload_starts_with_domain_genesis_and_channel() {
		let state = state(0x0102, 5);
		let payload = state.using_signing_payload(&genesis(), |bytes| bytes.to_vec());
		assert_eq!(&payload[..24], &STATE_DOMAIN);
		assert_eq!(&payload[24..56], genesis().as_bytes());
		assert_eq!(&payload[56..64], &0x0102u64.to_le_bytes());
		assert_eq!(&payload[64..], &state.encode()[..]);
	}

	#[test]
	fn receipts_verify_against_the_anchor() {
		let seed = H256::repeat_byte(9);
		let chain =
			MicroChain { payer: Party::A, anchor: hash_steps(seed, 10), unit: 5, length: 10 };
		let receipt = |count| MicroReceipt { count, preimage: hash_steps(seed, 10 - count) };
		assert!(chain.verify(&receipt(1)));
		assert!(chain.verify(&receipt(10)));
		assert!(chain.verify(&MicroReceipt { count: 0, preimage: chain.anchor }));
		assert!(!chain.verify(&MicroReceipt { count: 2, preimage: receipt(1).preimage }));
		assert!(!chain.verify(&MicroReceipt { count: 11, preimage: hash_steps(seed, 0) }));
		assert_eq!(chain.value_of(3), 15);
		assert_eq!(chain.value_of(30), 50);
	}

	#[test]
	fn malformed_chains_are_refused() {
		let chain = MicroChain { payer: Party::B, anchor: H256::zero(), unit: 1, length: 1 };
		assert!(chain.is_well_formed());
		assert!(!MicroChain { unit: 0, ..chain.clone() }.is_well_formed());
		assert!(!MicroChain { length: 0, ..chain.clone() }.is_well_formed());
		assert!(
			!MicroChain { length: MAX_MICRO_CHAIN_LENGTH + 1, ..chain.clone() }.is_well_formed()
		);
		assert!(!MicroChain { unit: Amount::MAX, length: 2, ..chain }.is_well_formed());
	}

	#[test]
	fn payouts_follow_transfers_and_always_add_up() {
		let funds = Funds { deposit_a: 100, deposit_b: 50, withdrawn_a: 10, withdrawn_b: 0 };
		let mut state = ChannelState::initial(1);
		state.transferred_a = 30;
		state.transferred_b = 5;
		state.micro =
			Some(MicroChain { payer: Party::B, anchor: H256::zero(), unit: 2, length: 9 });
		// A: 100 - 10 - 30 + 5 + 2*3 = 71; B gets the rest of 140.
		assert_eq!(funds.payouts(&state, 3), (71, 69));
		// An overdrawn state is clamped, never paying out more than the channel holds.
		state.transferred_a = 1_000;
		assert_eq!(funds.payouts(&state, 0), (0, 140));
		state.transferred_a = 0;
		state.transferred_b = 1_000;
		assert_eq!(funds.payouts(&state, 0), (140, 0));
	}

	#[test]
	fn solvency_counts_the_payers_whole_chain() {
		let mut state = ChannelState::initial(1);
		state.transferred_a = 40;
		state.withdrawn_b = 10;
		assert_eq!(state.solvent_balances(50, 20), Some((10, 50)));
		state.micro =
			Some(MicroChain { payer: Party::A, anchor: H256::zero(), unit: 1, length: 10 });
		assert_eq!(state.solvent_balances(50, 20), Some((0, 50)));
		state.micro =
			Some(MicroChain { payer: Party::A, anchor: H256::zero(), unit: 1, length: 11 });
		assert_eq!(state.solvent_balances(50, 20), None);
		state.micro = None;
		state.withdrawn_b = 61;
		assert_eq!(state.solvent_balances(50, 20), None);
	}
}
