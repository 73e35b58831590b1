//! Hash-chain micro-payments (PayWord) on top of a signed state.
//!
//! The payer derives a secret seed, computes `H^0(seed) .. H^length(seed)` once, and commits to
//! the anchor `H^length(seed)` in a state both parties sign. Paying `k` units in total means
//! revealing `H^(length-k)(seed)`: one array lookup for the payer and one hash for the payee,
//! instead of a signature and its verification. Every receipt is enforceable on chain against
//! the signed anchor, so the payee is protected at each step.

use codec::{Decode, Encode};
use mooring_primitives::channel::{
	hash_step, hash_steps, ChannelId, MicroChain, MicroReceipt, Party, MICRO_SEED_DOMAIN,
};
use polkadot_sdk::{
	sp_core::H256,
	sp_runtime::traits::{BlakeTwo256, Hash},
};

/// The seed of the hash chain a payer commits to in the state with `nonce`: derived from the
/// payer's channel secret, so nothing extra has to be stored to rebuild the chain after a restart,
/// and unique per chain, channel and state.
pub fn derive_seed(
	secret: &[u8; 32],
	genesis_hash: &H256,
	channel_id: ChannelId,
	nonce: u64,
) -> H256 {
	BlakeTwo256::hash(&(MICRO_SEED_DOMAIN, secret, genesis_hash, channel_id, nonce).encode())
}

/// The payer's side of a hash chain: every value of the chain and how far it has paid.
#[derive(Clone, Debug)]
pub struct PayerChain {
	/// `values[i] = H^i(seed)`; `values[length]` is the anchor.
	values: Vec<H256>,
	unit: u128,
	payer: Party,
	revealed: u32,
}

impl PayerChain {
	/// Computes a chain of `length` steps from `seed` (costs `length` hashes).
	pub fn new(payer: Party, seed: H256, unit: u128, length: u32) -> Self {
		let mut values = Vec::with_capacity(length as usize + 1);
		let mut value = seed;
		values.push(value);
		for _ in 0..length {
			value = hash_step(value);
			values.push(value);
		}
		Self { values, unit, payer, revealed: 0 }
	}

	/// The commitment to put into a state.
	pub fn commitment(&self) -> MicroChain {
		MicroChain {
			payer: self.payer,
			anchor: *self.values.last().expect("a chain has its seed"),
			unit: self.unit,
			length: self.length(),
		}
	}

	/// How many steps the chain has.
	pub fn length(&self) -> u32 {
		(self.values.len() - 1) as u32
	}

	/// How many units have been paid so far.
	pub fn revealed(&self) -> u32 {
		self.revealed
	}

	/// Steps still available.
	pub fn remaining(&self) -> u32 {
		self.length() - self.revealed
	}

	/// Pays `units` more and returns the receipt for everything paid so far, or `None` if the
	/// chain has fewer steps left.
	pub fn pay(&mut self, units: u32) -> Option<MicroReceipt> {
		let count = self.revealed.checked_add(units).filter(|count| *count <= self.length())?;
		self.revealed = count;
		Some(self.receipt(count))
	}

	/// The receipt for `count` paid units (`count` at most the length).
	pub fn receipt(&self, count: u32) -> MicroReceipt {
		MicroReceipt { count, preimage: self.values[(self.length() - count) as usize] }
	}

	/// Marks `count` units as already paid (after a restart).
	pub fn set_revealed(&mut self, count: u32) {
		self.revealed = count.min(self.length());
	}
}

/// The payee's side of a hash chain: the best receipt so far.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode)]
pub struct PayeeChain {
	/// The chain committed to in the signed state.
	pub chain: MicroChain,
	/// The best receipt received (count 0: the anchor itself).
	pub best: MicroReceipt,
}

/// Why a micro-payment was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReceiptError {
	/// The receipt pays nothing new.
	Stale,
	/// The receipt claims more steps than the chain has.
	BeyondChain,
	/// The preimage does not hash to the last receipt.
	Invalid,
}

impl PayeeChain {
	/// Starts tracking `chain` with nothing paid yet.
	pub fn new(chain: MicroChain) -> Self {
		let best = MicroReceipt { count: 0, preimage: chain.anchor };
		Self { chain, best }
	}

	/// Accepts `receipt` if it pays more than the best so far: `count - best.count` hashes.
	pub fn accept(&mut self, receipt: MicroReceipt) -> Result<u32, ReceiptError> {
		if receipt.count <= self.best.count {
			return Err(ReceiptError::Stale);
		}
		if receipt.count > self.chain.length {
			return Err(ReceiptError::BeyondChain);
		}
		if hash_steps(receipt.preimage, receipt.count - self.best.count) != self.best.preimage {
			return Err(ReceiptError::Invalid);
		}
		let newly_paid = receipt.count - self.best.count;
		self.best = receipt;
		Ok(newly_paid)
	}

	/// Units paid so far.
	pub fn count(&self) -> u32 {
		self.best.count
	}

	/// Value paid so far.
	pub fn value(&self) -> u128 {
		self.chain.value_of(self.best.count)
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn receipts_verify_incrementally_and_on_chain() {
		let seed = derive_seed(&[7; 32], &H256::zero(), 1, 2);
		let mut payer = PayerChain::new(Party::A, seed, 3, 100);
		let chain = payer.commitment();
		let mut payee = PayeeChain::new(chain.clone());
		for expected in 1..=10 {
			let receipt = payer.pay(1).unwrap();
			assert_eq!(payee.accept(receipt.clone()), Ok(1));
			assert_eq!(payee.count(), expected);
			// The pallet's check from the anchor agrees.
			assert!(chain.verify(&receipt));
		}
		let jump = payer.pay(15).unwrap();
		assert_eq!(payee.accept(jump.clone()), Ok(15));
		assert_eq!(payee.value(), 75);
		assert_eq!(payee.accept(jump), Err(ReceiptError::Stale));
		let mut forged = payer.receipt(30);
		forged.count = 31;
		assert_eq!(payee.accept(forged), Err(ReceiptError::Invalid));
		assert_eq!(
			payee.accept(MicroReceipt { count: 101, preimage: seed }),
			Err(ReceiptError::BeyondChain)
		);
		assert!(payer.pay(76).is_none());
		assert_eq!(payer.pay(75).unwrap().preimage, seed);
	}

	#[test]
	fn seeds_differ_per_state_channel_and_chain() {
		let secret = [1; 32];
		let base = derive_seed(&secret, &H256::zero(), 1, 1);
		assert_ne!(base, derive_seed(&secret, &H256::zero(), 1, 2));
		assert_ne!(base, derive_seed(&secret, &H256::zero(), 2, 1));
		assert_ne!(base, derive_seed(&secret, &H256::repeat_byte(1), 1, 1));
		assert_ne!(base, derive_seed(&[2; 32], &H256::zero(), 1, 1));
	}
}
