//! Arguments of the `pallet-channels` calls a party submits, and their submission.
//!
//! The argument structs encode exactly as the pallet's call arguments, so
//! `[pallet_index, call_index] ++ args.encode()` is the call's SCALE encoding: what subxt's
//! dynamic or raw-call APIs need. The pallet's call indices are fixed in its code; its pallet
//! index is whatever `construct_runtime!` gives it.

use codec::Encode;
use mooring_primitives::channel::{ChannelId, MicroReceipt, SignedState};

/// The pallet's name in runtime metadata, as the runtime is expected to name it.
pub const PALLET_NAME: &str = "Channels";

/// Call indices of `pallet-channels` (its `#[pallet::call_index]` attributes).
pub mod call_index {
	/// `withdraw(channel_id, update)`.
	pub const WITHDRAW: u8 = 4;
	/// `cooperative_close(channel_id, update)`.
	pub const COOPERATIVE_CLOSE: u8 = 5;
	/// `close(channel_id, update, receipt)`.
	pub const CLOSE: u8 = 6;
	/// `dispute(channel_id, update, receipt)`.
	pub const DISPUTE: u8 = 7;
}

/// Arguments of `cooperative_close`.
#[derive(Clone, Debug, PartialEq, Eq, Encode)]
pub struct CooperativeCloseArgs {
	/// The channel.
	pub channel_id: ChannelId,
	/// The final state, signed by both.
	pub update: SignedState,
}

/// Arguments of `close` (and of `dispute`, which takes the same).
#[derive(Clone, Debug, PartialEq, Eq, Encode)]
pub struct CloseArgs {
	/// The channel.
	pub channel_id: ChannelId,
	/// The newest state held, `None` for the initial state (or, in a dispute, to add only a
	/// receipt).
	pub update: Option<SignedState>,
	/// The best receipt on the state's hash chain, if any.
	pub receipt: Option<MicroReceipt>,
}

/// Arguments of `withdraw`.
#[derive(Clone, Debug, PartialEq, Eq, Encode)]
pub struct WithdrawArgs {
	/// The channel.
	pub channel_id: ChannelId,
	/// A state both signed whose withdrawals exceed what was paid out.
	pub update: SignedState,
}

fn call_data(pallet_index: u8, call_index: u8, args: &impl Encode) -> Vec<u8> {
	let mut data = vec![pallet_index, call_index];
	args.encode_to(&mut data);
	data
}

impl CooperativeCloseArgs {
	/// The SCALE-encoded call, for a runtime where the pallet has index `pallet_index`.
	pub fn call_data(&self, pallet_index: u8) -> Vec<u8> {
		call_data(pallet_index, call_index::COOPERATIVE_CLOSE, self)
	}
}

impl CloseArgs {
	/// The SCALE-encoded `close` call.
	pub fn close_call_data(&self, pallet_index: u8) -> Vec<u8> {
		call_data(pallet_index, call_index::CLOSE, self)
	}

	/// The SCALE-encoded `dispute` call.
	pub fn dispute_call_data(&self, pallet_index: u8) -> Vec<u8> {
		call_data(pallet_index, call_index::DISPUTE, self)
	}
}

impl WithdrawArgs {
	/// The SCALE-encoded call.
	pub fn call_data(&self, pallet_index: u8) -> Vec<u8> {
		call_data(pallet_index, call_index::WITHDRAW, self)
	}
}

/// Why a submission did not happen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SubmitError {
	/// This build has no chain client: the call data is ready, submitting it is left to the
	/// runtime integration (see [`submit_cooperative_close`]).
	NotWired {
		/// The node the call was meant for.
		rpc_url: String,
		/// The hex-encoded call (`0x` + pallet index + call index + arguments).
		call_hex: String,
	},
}

impl core::fmt::Display for SubmitError {
	fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
		match self {
			SubmitError::NotWired { rpc_url, call_hex } => write!(
				f,
				"no chain client in this build; submit this call to {rpc_url} signed by a party: \
				 {call_hex}"
			),
		}
	}
}

impl std::error::Error for SubmitError {}

/// Submits `cooperative_close` to the node at `rpc_url` (a subxt-compatible WebSocket URL such
/// as `ws://127.0.0.1:9944`), signed by one of the channel's parties.
///
/// Not wired yet: the runtime does not include the pallet, so there is no metadata to build the
/// extrinsic against. It returns [`SubmitError::NotWired`] with the exact call to submit. To wire
/// it, with subxt: `OnlineClient::<PolkadotConfig>::from_url(rpc_url)`, look up the pallet
/// index in `client.metadata()` (`pallet_by_name(PALLET_NAME)`), then submit
/// `subxt::dynamic::tx(PALLET_NAME, "cooperative_close", ...)` — or the raw
/// [`CooperativeCloseArgs::call_data`] through a raw-call payload — with
/// `client.tx().sign_and_submit_then_watch_default(&payload, &signer)` and wait for
/// `Channels::Closed` in the block's events.
pub fn submit_cooperative_close(
	rpc_url: &str,
	pallet_index: u8,
	args: &CooperativeCloseArgs,
) -> Result<(), SubmitError> {
	Err(SubmitError::NotWired {
		rpc_url: rpc_url.to_string(),
		call_hex: hex(&args.call_data(pallet_index)),
	})
}

/// `0x`-prefixed lower-case hex.
pub fn hex(bytes: &[u8]) -> String {
	let mut out = String::with_capacity(2 + bytes.len() * 2);
	out.push_str("0x");
	for byte in bytes {
		out.push_str(&format!("{byte:02x}"));
	}
	out
}

#[cfg(test)]
mod tests {
	use super::*;
	use mooring_primitives::channel::ChannelState;
	use polkadot_sdk::sp_core::ed25519::Signature;

	#[test]
	fn call_data_is_indices_then_arguments_in_order() {
		let update = SignedState {
			state: ChannelState::initial(9),
			signature_a: Signature::from_raw([1; 64]),
			signature_b: Signature::from_raw([2; 64]),
		};
		let args = CooperativeCloseArgs { channel_id: 9, update: update.clone() };
		let data = args.call_data(42);
		assert_eq!(&data[..2], &[42, call_index::COOPERATIVE_CLOSE]);
		assert_eq!(&data[2..10], &9u64.to_le_bytes());
		assert_eq!(&data[10..], &update.encode()[..]);
		let close = CloseArgs { channel_id: 9, update: None, receipt: None };
		assert_eq!(
			close.close_call_data(42),
			vec![42, call_index::CLOSE, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0]
		);
		let error = submit_cooperative_close("ws://127.0.0.1:9944", 42, &args).unwrap_err();
		assert!(error.to_string().contains(&hex(&data)));
	}
}
