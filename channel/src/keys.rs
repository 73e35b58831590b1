//! Channel keys and the ed25519 signatures on channel states.
//!
//! Signing and verification use `ed25519-zebra`, the implementation behind
//! `sp_io::crypto::ed25519_verify` in the runtime, so a signature this crate accepts is exactly a
//! signature the pallet accepts (ZIP-215 rules, no malleability surprises between the two).

use ed25519_zebra::{batch, Signature, SigningKey, VerificationKey, VerificationKeyBytes};
use mooring_primitives::channel::{ChannelPublic, ChannelSignature, ChannelState};
use polkadot_sdk::sp_core::H256;

/// A party's channel key pair: a hot key used only for channel states, separate from the account
/// key that holds funds.
#[derive(Clone)]
pub struct ChannelKeypair {
	signing: SigningKey,
	public: ChannelPublic,
}

impl ChannelKeypair {
	/// A fresh key pair from the operating system's randomness.
	pub fn generate() -> Self {
		Self::from_signing(SigningKey::new(rand_core::OsRng))
	}

	/// The key pair whose secret is `seed` (32 bytes, as `sp_core::ed25519::Pair::from_seed`).
	pub fn from_seed(seed: [u8; 32]) -> Self {
		Self::from_signing(SigningKey::from(seed))
	}

	fn from_signing(signing: SigningKey) -> Self {
		let public = ChannelPublic::from_raw(VerificationKeyBytes::from(&signing).into());
		Self { signing, public }
	}

	/// The public key to register on chain.
	pub fn public(&self) -> ChannelPublic {
		self.public
	}

	/// The secret seed; keep it as safe as the funds in the channel.
	pub fn seed(&self) -> [u8; 32] {
		*self.signing.as_bytes()
	}

	/// Signs `state` for the chain `genesis_hash`.
	pub fn sign(&self, genesis_hash: &H256, state: &ChannelState) -> ChannelSignature {
		let signature =
			state.using_signing_payload(genesis_hash, |payload| self.signing.sign(payload));
		ChannelSignature::from_raw(signature.to_bytes())
	}
}

/// A counterparty's public key, decompressed once for fast repeated verification.
#[derive(Clone)]
pub struct Verifier {
	public: ChannelPublic,
	key: Option<VerificationKey>,
}

impl Verifier {
	/// Prepares `public` for verification (an invalid point verifies nothing).
	pub fn new(public: ChannelPublic) -> Self {
		Self { public, key: VerificationKey::try_from(public.0).ok() }
	}

	/// The public key.
	pub fn public(&self) -> ChannelPublic {
		self.public
	}

	/// Whether `signature` is this key's signature on `state` for the chain `genesis_hash`.
	pub fn verify(
		&self,
		genesis_hash: &H256,
		state: &ChannelState,
		signature: &ChannelSignature,
	) -> bool {
		let Some(key) = &self.key else { return false };
		let signature = Signature::from_bytes(&signature.0);
		state.using_signing_payload(genesis_hash, |payload| key.verify(&signature, payload).is_ok())
	}
}

/// Verifies many state signatures at once (about twice as fast per signature as one by one).
///
/// Returns `true` only if every signature is valid; on `false`, check them one by one to find the
/// bad ones.
pub fn verify_batch<'a>(
	genesis_hash: &H256,
	items: impl IntoIterator<Item = (&'a ChannelPublic, &'a ChannelState, &'a ChannelSignature)>,
) -> bool {
	let mut verifier = batch::Verifier::new();
	let mut payloads = Vec::new();
	let mut keys_and_signatures = Vec::new();
	for (public, state, signature) in items {
		payloads.push(state.using_signing_payload(genesis_hash, |payload| payload.to_vec()));
		keys_and_signatures
			.push((VerificationKeyBytes::from(public.0), Signature::from_bytes(&signature.0)));
	}
	for ((key, signature), payload) in keys_and_signatures.into_iter().zip(&payloads) {
		verifier.queue((key, signature, payload));
	}
	verifier.verify(rand_core::OsRng).is_ok()
}

#[cfg(test)]
mod tests {
	use super::*;
	use mooring_primitives::channel::SignedState;
	use polkadot_sdk::sp_core::{ed25519, Pair};

	fn state(nonce: u64) -> ChannelState {
		ChannelState { nonce, transferred_a: 7, ..ChannelState::initial(3) }
	}

	#[test]
	fn signatures_match_sp_core_and_the_runtime_check() {
		let genesis = H256::repeat_byte(1);
		let a = ChannelKeypair::from_seed([1; 32]);
		let b = ChannelKeypair::from_seed([2; 32]);
		// Same seed, same public key and the same (deterministic) signature as sp_core.
		let sp_a = ed25519::Pair::from_seed(&[1; 32]);
		assert_eq!(a.public(), sp_a.public());
		let state = state(5);
		let signature = a.sign(&genesis, &state);
		assert_eq!(signature, state.using_signing_payload(&genesis, |payload| sp_a.sign(payload)));
		// The primitives' verification (what the pallet runs, through sp_io) accepts it.
		let signed =
			SignedState { signature_a: signature, signature_b: b.sign(&genesis, &state), state };
		assert_eq!(signed.verify(&genesis, 3, &a.public(), &b.public()), Ok(()));
	}

	#[test]
	fn verification_catches_tampering_wrong_keys_and_chains() {
		let genesis = H256::repeat_byte(1);
		let a = ChannelKeypair::from_seed([1; 32]);
		let verifier = Verifier::new(a.public());
		let signature = a.sign(&genesis, &state(5));
		assert!(verifier.verify(&genesis, &state(5), &signature));
		assert!(!verifier.verify(&genesis, &state(6), &signature));
		assert!(!verifier.verify(&H256::repeat_byte(2), &state(5), &signature));
		let other = Verifier::new(ChannelKeypair::from_seed([9; 32]).public());
		assert!(!other.verify(&genesis, &state(5), &signature));
		let mut flipped = signature;
		flipped.0[10] ^= 1;
		assert!(!verifier.verify(&genesis, &state(5), &flipped));
	}

	#[test]
	fn batch_verification_accepts_good_and_refuses_one_bad() {
		let genesis = H256::repeat_byte(1);
		let a = ChannelKeypair::from_seed([1; 32]);
		let b = ChannelKeypair::from_seed([2; 32]);
		let states: Vec<_> = (0..20).map(state).collect();
		let (pa, pb) = (a.public(), b.public());
		let mut items: Vec<_> = states
			.iter()
			.enumerate()
			.map(|(i, s)| {
				let key = if i % 2 == 0 { &a } else { &b };
				(if i % 2 == 0 { pa } else { pb }, s, key.sign(&genesis, s))
			})
			.collect();
		assert!(verify_batch(&genesis, items.iter().map(|(p, s, sig)| (p, *s, sig))));
		items[13].2 .0[0] ^= 1;
		assert!(!verify_batch(&genesis, items.iter().map(|(p, s, sig)| (p, *s, sig))));
	}
}
