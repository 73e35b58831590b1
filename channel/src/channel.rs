//! One party's view of a channel: the latest fully signed state, a proposal in flight, and the
//! hash chains on top of the latest state.
//!
//! # Update rules
//!
//! A party proposes state `n + 1` (signed by itself); the other checks it and countersigns. A
//! party never signs two different states with the same nonce, and accepts a proposal only if it
//! is no worse for it than the latest state plus the micro-payments it has received:
//!
//! * the proposer's transfers grow by at least the micro-payments the acceptor received;
//! * the acceptor's transfers grow by at most the micro-payments it revealed;
//! * the acceptor's withdrawals are unchanged (each party proposes its own withdrawals);
//! * a new hash chain is paid by the proposer; a final state has none;
//! * both parties stay solvent against the deposits, with the new chain fully spent.

use crate::{
	keys::{ChannelKeypair, Verifier},
	micro::{derive_seed, PayeeChain, PayerChain, ReceiptError},
	onchain::{CloseArgs, CooperativeCloseArgs, WithdrawArgs},
};
use codec::{Decode, Encode};
use mooring_primitives::channel::{
	Amount, ChannelId, ChannelPublic, ChannelSignature, ChannelState, Funds, MicroReceipt, Party,
	SignedState,
};
use polkadot_sdk::sp_core::H256;

/// What both parties know about the channel from the chain.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode)]
pub struct ChannelParams {
	/// The channel id the pallet assigned.
	pub channel_id: ChannelId,
	/// The chain's genesis hash (`chain_getBlockHash(0)`).
	pub genesis_hash: H256,
	/// Which party this side is.
	pub me: Party,
	/// The other party's channel key, as registered on chain.
	pub counterparty_key: ChannelPublic,
	/// Everything `A` deposited (top-ups included).
	pub deposit_a: Amount,
	/// Everything `B` deposited.
	pub deposit_b: Amount,
}

/// A message between the two parties.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode)]
pub enum Message {
	/// A new state, signed by the proposer.
	Propose {
		/// The proposed state.
		state: ChannelState,
		/// The proposer's signature.
		signature: ChannelSignature,
	},
	/// The countersignature of the proposal with `nonce`.
	Accept {
		/// The nonce of the accepted proposal.
		nonce: u64,
		/// The acceptor's signature.
		signature: ChannelSignature,
	},
	/// A micro-payment receipt on the hash chain of the state with `nonce`.
	Micro {
		/// The nonce of the state whose chain the receipt is for.
		nonce: u64,
		/// Everything paid along the chain so far.
		receipt: MicroReceipt,
	},
}

/// Why an operation or a counterparty's message was refused. A refused message changes nothing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChannelError {
	/// The state belongs to another channel.
	WrongChannel,
	/// The counterparty's signature does not verify.
	BadSignature,
	/// The message is not for the next (or current) nonce.
	UnexpectedNonce {
		/// The nonce this side expected.
		expected: u64,
		/// The nonce in the message.
		got: u64,
	},
	/// The channel's latest state is final: no more updates.
	Finalized,
	/// This side already has a proposal in flight.
	ProposalPending,
	/// An acceptance arrived with no proposal in flight.
	NoProposal,
	/// The proposal breaks an update rule.
	Refused(&'static str),
	/// The state would leave a party with a negative balance.
	Insolvent,
	/// There is no hash chain this side can use.
	NoChain,
	/// The hash chain has fewer steps left than asked.
	ChainExhausted,
	/// A micro-payment receipt was refused.
	Receipt(ReceiptError),
	/// The key pair does not match the channel.
	KeyMismatch,
}

impl core::fmt::Display for ChannelError {
	fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
		write!(f, "{self:?}")
	}
}

impl std::error::Error for ChannelError {}

/// Everything needed to resume a channel after a restart, except the secret key.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode)]
pub struct Snapshot {
	/// The channel.
	pub params: ChannelParams,
	/// This side's public key.
	pub my_key: ChannelPublic,
	/// The latest fully signed state.
	pub latest: Option<SignedState>,
	/// A state this side signed and sent, not yet countersigned.
	pub pending: Option<(ChannelState, ChannelSignature)>,
	/// Units this side paid on its own hash chain of the latest state.
	pub outgoing_revealed: u32,
	/// The best receipt on the counterparty's hash chain of the latest state.
	pub incoming: Option<PayeeChain>,
}

struct Proposal {
	state: ChannelState,
	signature: ChannelSignature,
	chain: Option<PayerChain>,
}

/// One party's side of a channel.
pub struct Channel {
	params: ChannelParams,
	keypair: ChannelKeypair,
	counterparty: Verifier,
	latest: Option<SignedState>,
	pending: Option<Proposal>,
	outgoing: Option<PayerChain>,
	incoming: Option<PayeeChain>,
}

type Result<T> = core::result::Result<T, ChannelError>;

impl Channel {
	/// A channel just opened and joined on chain: nothing paid yet.
	pub fn new(params: ChannelParams, keypair: ChannelKeypair) -> Self {
		let counterparty = Verifier::new(params.counterparty_key);
		Self {
			params,
			keypair,
			counterparty,
			latest: None,
			pending: None,
			outgoing: None,
			incoming: None,
		}
	}

	/// The channel's parameters.
	pub fn params(&self) -> &ChannelParams {
		&self.params
	}

	/// The latest fully signed state, if any update happened.
	pub fn latest_signed(&self) -> Option<&SignedState> {
		self.latest.as_ref()
	}

	/// The latest fully signed state, or the initial state.
	pub fn latest_state(&self) -> ChannelState {
		self.latest
			.as_ref()
			.map_or_else(|| ChannelState::initial(self.params.channel_id), |s| s.state.clone())
	}

	/// Whether a proposal of this side awaits its countersignature.
	pub fn has_pending(&self) -> bool {
		self.pending.is_some()
	}

	/// Steps spent on the latest state's hash chain (by whichever party pays it).
	pub fn micro_count(&self) -> u32 {
		match (&self.outgoing, &self.incoming) {
			(Some(chain), _) => chain.revealed(),
			(_, Some(chain)) => chain.count(),
			_ => 0,
		}
	}

	/// Steps left on this side's own hash chain.
	pub fn micro_remaining(&self) -> u32 {
		self.outgoing.as_ref().map_or(0, PayerChain::remaining)
	}

	/// Both balances now: deposits, minus the latest state's transfers and withdrawals, plus
	/// the micro-payments made on top of it.
	pub fn balances(&self) -> (Amount, Amount) {
		let state = self.latest_state();
		let funds = Funds {
			deposit_a: self.params.deposit_a,
			deposit_b: self.params.deposit_b,
			withdrawn_a: state.withdrawn_a,
			withdrawn_b: state.withdrawn_b,
		};
		funds.payouts(&state, self.micro_count())
	}

	/// Records top-ups seen on chain (deposits only grow).
	pub fn set_deposits(&mut self, deposit_a: Amount, deposit_b: Amount) {
		self.params.deposit_a = self.params.deposit_a.max(deposit_a);
		self.params.deposit_b = self.params.deposit_b.max(deposit_b);
	}

	/// Proposes paying `amount` to the counterparty in a signed state, optionally opening a
	/// hash chain of `length` steps of `unit` for micro-payments on top of it.
	pub fn propose_payment(
		&mut self,
		amount: Amount,
		chain: Option<(Amount, u32)>,
	) -> Result<Message> {
		let mut state = self.next_base()?;
		let me = self.params.me;
		let paid = state.transferred(me).checked_add(amount).ok_or(ChannelError::Insolvent)?;
		*state.transferred_mut(me) = paid;
		let chain = chain.map(|(unit, length)| {
			let seed = self.seed_for(state.nonce);
			PayerChain::new(me, seed, unit, length)
		});
		state.micro = chain.as_ref().map(PayerChain::commitment);
		self.propose(state, chain)
	}

	/// Proposes withdrawing `amount` more of this side's balance from the channel.
	pub fn propose_withdrawal(&mut self, amount: Amount) -> Result<Message> {
		let mut state = self.next_base()?;
		let withdrawn = state.withdrawn_mut(self.params.me);
		*withdrawn = withdrawn.checked_add(amount).ok_or(ChannelError::Insolvent)?;
		self.propose(state, None)
	}

	/// Proposes the final state for a cooperative close: everything paid so far, no chain.
	pub fn propose_final(&mut self) -> Result<Message> {
		let state = ChannelState { is_final: true, ..self.next_base()? };
		self.propose(state, None)
	}

	/// Pays `units` steps of this side's hash chain.
	pub fn pay_micro(&mut self, units: u32) -> Result<Message> {
		if self.pending.is_some() {
			return Err(ChannelError::ProposalPending);
		}
		let nonce = self.latest_state().nonce;
		let chain = self.outgoing.as_mut().ok_or(ChannelError::NoChain)?;
		let receipt = chain.pay(units).ok_or(ChannelError::ChainExhausted)?;
		Ok(Message::Micro { nonce, receipt })
	}

	/// Handles a message from the counterparty; returns the reply to send, if any.
	pub fn handle(&mut self, message: Message) -> Result<Option<Message>> {
		match message {
			Message::Propose { state, signature } => self.accept(state, signature).map(Some),
			Message::Accept { nonce, signature } => self.on_accept(nonce, signature).map(|()| None),
			Message::Micro { nonce, receipt } => self.on_micro(nonce, receipt).map(|()| None),
		}
	}

	/// The arguments of `close` with the best this side holds: the latest signed state and the
	/// best receipt on the counterparty's hash chain.
	pub fn close_args(&self) -> CloseArgs {
		CloseArgs {
			channel_id: self.params.channel_id,
			update: self.latest.clone(),
			receipt: self
				.incoming
				.as_ref()
				.filter(|chain| chain.count() > 0)
				.map(|c| c.best.clone()),
		}
	}

	/// The arguments of `dispute` if this side holds something better than the closing state
	/// on chain (`nonce`, `micro_count`); `None` if there is nothing to answer.
	pub fn dispute_args(&self, nonce: u64, micro_count: u32) -> Option<CloseArgs> {
		let mine = self.close_args();
		let my_nonce = mine.update.as_ref().map_or(0, |update| update.state.nonce);
		let my_count = mine.receipt.as_ref().map_or(0, |receipt| receipt.count);
		if my_nonce > nonce {
			Some(mine)
		} else if my_nonce == nonce && my_count > micro_count {
			Some(CloseArgs { update: None, ..mine })
		} else {
			None
		}
	}

	/// The arguments of `cooperative_close` once the latest state is final.
	pub fn cooperative_close_args(&self) -> Option<CooperativeCloseArgs> {
		let latest = self.latest.as_ref().filter(|latest| latest.state.is_final)?;
		Some(CooperativeCloseArgs { channel_id: self.params.channel_id, update: latest.clone() })
	}

	/// The arguments of `withdraw` for the latest state.
	pub fn withdraw_args(&self) -> Option<WithdrawArgs> {
		let latest = self.latest.clone()?;
		Some(WithdrawArgs { channel_id: self.params.channel_id, update: latest })
	}

	/// What to persist to resume after a restart.
	pub fn snapshot(&self) -> Snapshot {
		Snapshot {
			params: self.params.clone(),
			my_key: self.keypair.public(),
			latest: self.latest.clone(),
			pending: self.pending.as_ref().map(|p| (p.state.clone(), p.signature)),
			outgoing_revealed: self.outgoing.as_ref().map_or(0, PayerChain::revealed),
			incoming: self.incoming.clone(),
		}
	}

	/// Resumes a channel from `snapshot` with this side's key pair.
	pub fn restore(snapshot: Snapshot, keypair: ChannelKeypair) -> Result<Self> {
		if snapshot.my_key != keypair.public() {
			return Err(ChannelError::KeyMismatch);
		}
		let mut channel = Channel::new(snapshot.params, keypair);
		channel.outgoing =
			snapshot.latest.as_ref().and_then(|latest| channel.my_chain(&latest.state));
		if let Some(chain) = channel.outgoing.as_mut() {
			chain.set_revealed(snapshot.outgoing_revealed);
		}
		channel.pending = snapshot.pending.map(|(state, signature)| Proposal {
			chain: channel.my_chain(&state),
			state,
			signature,
		});
		channel.latest = snapshot.latest;
		channel.incoming = snapshot.incoming;
		Ok(channel)
	}

	fn seed_for(&self, nonce: u64) -> H256 {
		derive_seed(&self.keypair.seed(), &self.params.genesis_hash, self.params.channel_id, nonce)
	}

	/// Rebuilds this side's hash chain of `state`, if it has one.
	fn my_chain(&self, state: &ChannelState) -> Option<PayerChain> {
		let commitment = state.micro.as_ref().filter(|chain| chain.payer == self.params.me)?;
		let chain = PayerChain::new(
			self.params.me,
			self.seed_for(state.nonce),
			commitment.unit,
			commitment.length,
		);
		(chain.commitment() == *commitment).then_some(chain)
	}

	/// The micro-payments made on the latest state's chain, as `(payer, value)`.
	fn micro_paid(&self) -> Option<(Party, Amount)> {
		let state = self.latest.as_ref()?;
		let chain = state.state.micro.as_ref()?;
		Some((chain.payer, chain.value_of(self.micro_count())))
	}

	/// The next state with the latest micro-payments folded into the transfers.
	fn next_base(&self) -> Result<ChannelState> {
		if self.pending.is_some() {
			return Err(ChannelError::ProposalPending);
		}
		let latest = self.latest_state();
		if latest.is_final {
			return Err(ChannelError::Finalized);
		}
		let mut next = ChannelState { nonce: latest.nonce + 1, micro: None, ..latest };
		if let Some((payer, value)) = self.micro_paid() {
			let transferred = next.transferred_mut(payer);
			*transferred = transferred.checked_add(value).ok_or(ChannelError::Insolvent)?;
		}
		Ok(next)
	}

	fn ensure_solvent(&self, state: &ChannelState) -> Result<()> {
		state
			.solvent_balances(self.params.deposit_a, self.params.deposit_b)
			.map(|_| ())
			.ok_or(ChannelError::Insolvent)
	}

	fn propose(&mut self, state: ChannelState, chain: Option<PayerChain>) -> Result<Message> {
		if state.micro.as_ref().is_some_and(|chain| !chain.is_well_formed()) {
			return Err(ChannelError::Refused("malformed hash chain"));
		}
		self.ensure_solvent(&state)?;
		let signature = self.keypair.sign(&self.params.genesis_hash, &state);
		self.pending = Some(Proposal { state: state.clone(), signature, chain });
		Ok(Message::Propose { state, signature })
	}

	fn signed(
		&self,
		state: ChannelState,
		mine: ChannelSignature,
		theirs: ChannelSignature,
	) -> SignedState {
		let (signature_a, signature_b) = match self.params.me {
			Party::A => (mine, theirs),
			Party::B => (theirs, mine),
		};
		SignedState { state, signature_a, signature_b }
	}

	/// Checks a proposal against the update rules in the module docs.
	fn check_proposal(&self, next: &ChannelState) -> Result<()> {
		let latest = self.latest_state();
		let (me, them) = (self.params.me, self.params.me.other());
		if next.channel_id != self.params.channel_id {
			return Err(ChannelError::WrongChannel);
		}
		if latest.is_final {
			return Err(ChannelError::Finalized);
		}
		if next.nonce != latest.nonce + 1 {
			return Err(ChannelError::UnexpectedNonce {
				expected: latest.nonce + 1,
				got: next.nonce,
			});
		}
		let (received, revealed) = match self.micro_paid() {
			Some((payer, value)) if payer == them => (value, 0),
			Some((_, value)) => (0, value),
			None => (0, 0),
		};
		let their_floor = latest.transferred(them).saturating_add(received);
		let my_ceiling = latest.transferred(me).saturating_add(revealed);
		let rules = [
			(next.transferred(them) >= their_floor, "proposer must pay at least what it streamed"),
			(next.transferred(me) >= latest.transferred(me), "transfers only grow"),
			(
				next.transferred(me) <= my_ceiling,
				"acceptor's payments must not grow beyond its receipts",
			),
			(
				next.withdrawn(me) == latest.withdrawn(me),
				"only a party proposes its own withdrawals",
			),
			(next.withdrawn(them) >= latest.withdrawn(them), "withdrawals only grow"),
			(
				next.micro.as_ref().is_none_or(|chain| chain.payer == them),
				"a chain is paid by its proposer",
			),
			(
				next.micro.as_ref().is_none_or(|chain| chain.is_well_formed()),
				"malformed hash chain",
			),
			(!(next.is_final && next.micro.is_some()), "a final state has no chain"),
		];
		if let Some((_, reason)) = rules.iter().find(|(ok, _)| !ok) {
			return Err(ChannelError::Refused(reason));
		}
		self.ensure_solvent(next)
	}

	fn accept(&mut self, state: ChannelState, signature: ChannelSignature) -> Result<Message> {
		if self.pending.is_some() {
			// Both proposed the same nonce: never sign a second state with it.
			return Err(ChannelError::ProposalPending);
		}
		self.check_proposal(&state)?;
		if !self.counterparty.verify(&self.params.genesis_hash, &state, &signature) {
			return Err(ChannelError::BadSignature);
		}
		let mine = self.keypair.sign(&self.params.genesis_hash, &state);
		let nonce = state.nonce;
		self.incoming = state.micro.clone().map(PayeeChain::new);
		self.outgoing = None;
		self.latest = Some(self.signed(state, mine, signature));
		Ok(Message::Accept { nonce, signature: mine })
	}

	fn on_accept(&mut self, nonce: u64, signature: ChannelSignature) -> Result<()> {
		let proposal = self.pending.as_ref().ok_or(ChannelError::NoProposal)?;
		if proposal.state.nonce != nonce {
			return Err(ChannelError::UnexpectedNonce {
				expected: proposal.state.nonce,
				got: nonce,
			});
		}
		if !self.counterparty.verify(&self.params.genesis_hash, &proposal.state, &signature) {
			return Err(ChannelError::BadSignature);
		}
		let proposal = self.pending.take().expect("checked above");
		self.outgoing = proposal.chain;
		self.incoming = None;
		self.latest = Some(self.signed(proposal.state, proposal.signature, signature));
		Ok(())
	}

	fn on_micro(&mut self, nonce: u64, receipt: MicroReceipt) -> Result<()> {
		let latest_nonce = self.latest_state().nonce;
		if nonce != latest_nonce || self.pending.is_some() {
			// A receipt for a superseded state, or one racing this side's own proposal.
			return Err(ChannelError::UnexpectedNonce { expected: latest_nonce, got: nonce });
		}
		let chain = self.incoming.as_mut().ok_or(ChannelError::NoChain)?;
		chain.accept(receipt).map(|_| ()).map_err(ChannelError::Receipt)
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	const GENESIS: H256 = H256::repeat_byte(0x11);

	fn pair() -> (Channel, Channel) {
		let (ka, kb) = (ChannelKeypair::from_seed([1; 32]), ChannelKeypair::from_seed([2; 32]));
		let params = |me, counterparty_key| ChannelParams {
			channel_id: 4,
			genesis_hash: GENESIS,
			me,
			counterparty_key,
			deposit_a: 1_000,
			deposit_b: 500,
		};
		let a = Channel::new(params(Party::A, kb.public()), ka.clone());
		let b = Channel::new(params(Party::B, ka.public()), kb.clone());
		(a, b)
	}

	/// `from` proposes with `propose`, `to` accepts, `from` takes the acceptance.
	fn round(
		from: &mut Channel,
		to: &mut Channel,
		propose: impl FnOnce(&mut Channel) -> Result<Message>,
	) {
		let proposal = propose(from).unwrap();
		let accept = to.handle(proposal).unwrap().unwrap();
		assert_eq!(from.handle(accept).unwrap(), None);
		assert_eq!(from.latest_signed(), to.latest_signed());
	}

	fn verify_for_chain(channel: &Channel, a: &Channel, b: &Channel) {
		let signed = channel.latest_signed().unwrap();
		let (ka, kb) = (a.keypair.public(), b.keypair.public());
		assert_eq!(signed.verify(&GENESIS, 4, &ka, &kb), Ok(()));
	}

	#[test]
	fn signed_payments_both_ways() {
		let (mut a, mut b) = pair();
		round(&mut a, &mut b, |c| c.propose_payment(300, None));
		round(&mut b, &mut a, |c| c.propose_payment(50, None));
		assert_eq!(a.balances(), (750, 750));
		assert_eq!(b.balances(), (750, 750));
		verify_for_chain(&a, &a, &b);
		assert_eq!(a.latest_state().nonce, 2);
	}

	#[test]
	fn micro_payments_and_checkpoints() {
		let (mut a, mut b) = pair();
		round(&mut a, &mut b, |c| c.propose_payment(0, Some((2, 100))));
		for _ in 0..40 {
			let micro = a.pay_micro(1).unwrap();
			assert_eq!(b.handle(micro).unwrap(), None);
		}
		assert_eq!(b.balances(), (920, 580));
		assert_eq!(a.balances(), (920, 580));
		// B closing now would prove the 40 steps on chain.
		let close = b.close_args();
		assert_eq!(close.receipt.as_ref().unwrap().count, 40);
		let chain = close.update.as_ref().unwrap().state.micro.clone().unwrap();
		assert!(chain.verify(close.receipt.as_ref().unwrap()));
		// The next checkpoint folds the 40 steps into A's transfers.
		round(&mut a, &mut b, |c| c.propose_payment(0, Some((2, 100))));
		assert_eq!(b.latest_state().transferred_a, 80);
		assert_eq!(b.balances(), (920, 580));
		// B pays with a signed update: it folds A's stream as B saw it.
		let micro = a.pay_micro(5).unwrap();
		b.handle(micro).unwrap();
		round(&mut b, &mut a, |c| c.propose_payment(1, None));
		assert_eq!(a.latest_state().transferred_a, 90);
		assert_eq!(a.balances(), (911, 589));
		verify_for_chain(&b, &a, &b);
	}

	#[test]
	fn refuses_proposals_that_short_the_acceptor() {
		let (mut a, mut b) = pair();
		round(&mut a, &mut b, |c| c.propose_payment(0, Some((2, 100))));
		b.handle(a.pay_micro(10).unwrap()).unwrap();
		// A "forgets" its stream in the next state.
		let sneaky = ChannelState { nonce: 2, micro: None, ..a.latest_state() };
		let signature = a.keypair.sign(&GENESIS, &sneaky);
		let refused = b.handle(Message::Propose { state: sneaky, signature });
		assert_eq!(
			refused,
			Err(ChannelError::Refused("proposer must pay at least what it streamed"))
		);
		// A claims B paid it.
		let claim = ChannelState {
			nonce: 2,
			transferred_a: 20,
			transferred_b: 1,
			micro: None,
			..a.latest_state()
		};
		let signature = a.keypair.sign(&GENESIS, &claim);
		assert_eq!(
			b.handle(Message::Propose { state: claim, signature }),
			Err(ChannelError::Refused("acceptor's payments must not grow beyond its receipts"))
		);
		// A withdraws for B, or overdraws.
		let withdraw_b = ChannelState {
			nonce: 2,
			transferred_a: 20,
			withdrawn_b: 1,
			micro: None,
			..a.latest_state()
		};
		let signature = a.keypair.sign(&GENESIS, &withdraw_b);
		assert_eq!(
			b.handle(Message::Propose { state: withdraw_b, signature }),
			Err(ChannelError::Refused("only a party proposes its own withdrawals"))
		);
		let overdraw =
			ChannelState { nonce: 2, transferred_a: 1_001, micro: None, ..a.latest_state() };
		let signature = a.keypair.sign(&GENESIS, &overdraw);
		assert_eq!(
			b.handle(Message::Propose { state: overdraw, signature }),
			Err(ChannelError::Insolvent)
		);
		// Nonce gaps and replays.
		let skip = ChannelState { nonce: 3, transferred_a: 20, micro: None, ..a.latest_state() };
		let signature = a.keypair.sign(&GENESIS, &skip);
		assert_eq!(
			b.handle(Message::Propose { state: skip, signature }),
			Err(ChannelError::UnexpectedNonce { expected: 2, got: 3 })
		);
		// A chain that B would have to pay.
		let mut chain_for_b = a.latest_state().micro.unwrap();
		chain_for_b.payer = Party::B;
		let state = ChannelState {
			nonce: 2,
			transferred_a: 20,
			micro: Some(chain_for_b),
			..a.latest_state()
		};
		let signature = a.keypair.sign(&GENESIS, &state);
		assert_eq!(
			b.handle(Message::Propose { state, signature }),
			Err(ChannelError::Refused("a chain is paid by its proposer"))
		);
		// Nothing was signed by B along the way.
		assert_eq!(b.latest_state().nonce, 1);
	}

	#[test]
	fn tampered_and_foreign_signatures_are_refused() {
		let (mut a, mut b) = pair();
		let Message::Propose { mut state, signature } = a.propose_payment(10, None).unwrap() else {
			panic!("a proposal")
		};
		state.transferred_a = 1;
		assert_eq!(
			b.handle(Message::Propose { state: state.clone(), signature }),
			Err(ChannelError::BadSignature)
		);
		let stranger = ChannelKeypair::from_seed([9; 32]);
		let signature = stranger.sign(&GENESIS, &state);
		assert_eq!(
			b.handle(Message::Propose { state: state.clone(), signature }),
			Err(ChannelError::BadSignature)
		);
		let other_chain = a.keypair.sign(&H256::repeat_byte(0x22), &state);
		assert_eq!(
			b.handle(Message::Propose { state: state.clone(), signature: other_chain }),
			Err(ChannelError::BadSignature)
		);
		let mut other_channel = state;
		other_channel.channel_id = 5;
		let signature = a.keypair.sign(&GENESIS, &other_channel);
		assert_eq!(
			b.handle(Message::Propose { state: other_channel, signature }),
			Err(ChannelError::WrongChannel)
		);
		// A forged acceptance does not complete A's proposal.
		let forged = stranger.sign(&GENESIS, &a.pending.as_ref().unwrap().state);
		assert_eq!(
			a.handle(Message::Accept { nonce: 1, signature: forged }),
			Err(ChannelError::BadSignature)
		);
		assert!(a.latest_signed().is_none());
	}

	#[test]
	fn never_signs_two_states_with_one_nonce() {
		let (mut a, mut b) = pair();
		let from_a = a.propose_payment(10, None).unwrap();
		let _from_b = b.propose_payment(20, None).unwrap();
		assert_eq!(b.handle(from_a), Err(ChannelError::ProposalPending));
		assert_eq!(a.propose_payment(1, None), Err(ChannelError::ProposalPending));
	}

	#[test]
	fn withdrawals_final_state_and_chain_arguments() {
		let (mut a, mut b) = pair();
		round(&mut a, &mut b, |c| c.propose_payment(200, None));
		round(&mut b, &mut a, |c| c.propose_withdrawal(600));
		assert_eq!(b.propose_withdrawal(101), Err(ChannelError::Insolvent));
		assert!(!b.has_pending());
		let withdraw = a.withdraw_args().unwrap();
		assert_eq!(withdraw.update.state.withdrawn_b, 600);
		assert!(a.cooperative_close_args().is_none());
		round(&mut a, &mut b, |c| c.propose_final());
		let close = b.cooperative_close_args().unwrap();
		assert!(close.update.state.is_final);
		assert_eq!(close.update.state.nonce, 3);
		assert_eq!(a.propose_payment(1, None), Err(ChannelError::Finalized));
		// Dispute arguments only when this side has something newer.
		assert_eq!(a.dispute_args(3, 0), None);
		assert_eq!(a.dispute_args(2, 0).unwrap().update.unwrap().state.nonce, 3);
	}

	#[test]
	fn dispute_arguments_with_only_a_better_receipt() {
		let (mut a, mut b) = pair();
		round(&mut a, &mut b, |c| c.propose_payment(0, Some((1, 50))));
		b.handle(a.pay_micro(7).unwrap()).unwrap();
		let args = b.dispute_args(1, 3).unwrap();
		assert_eq!((args.update, args.receipt.unwrap().count), (None, 7));
		assert_eq!(b.dispute_args(1, 7), None);
	}

	#[test]
	fn snapshots_restore_the_chain_and_pending_proposal() {
		let (mut a, mut b) = pair();
		round(&mut a, &mut b, |c| c.propose_payment(0, Some((1, 50))));
		b.handle(a.pay_micro(3).unwrap()).unwrap();
		let ka = ChannelKeypair::from_seed([1; 32]);
		let mut a2 = Channel::restore(a.snapshot(), ka.clone()).unwrap();
		let mut b2 = Channel::restore(b.snapshot(), ChannelKeypair::from_seed([2; 32])).unwrap();
		b2.handle(a2.pay_micro(2).unwrap()).unwrap();
		assert_eq!(b2.micro_count(), 5);
		let proposal = a2.propose_payment(0, None).unwrap();
		let mut a3 = Channel::restore(a2.snapshot(), ka).unwrap();
		let accept = b2.handle(proposal).unwrap().unwrap();
		a3.handle(accept).unwrap();
		assert_eq!(a3.latest_state().transferred_a, 5);
		assert_eq!(
			Channel::restore(a3.snapshot(), ChannelKeypair::from_seed([2; 32])).err(),
			Some(ChannelError::KeyMismatch)
		);
	}
}
