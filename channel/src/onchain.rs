//! Arguments of the `pallet-channels` calls a party submits, and their submission to a node.
//!
//! The argument structs encode exactly as the pallet's call arguments, so
//! `[pallet_index, call_index] ++ args.encode()` is the call's SCALE encoding. The pallet's call
//! indices are fixed in its code; its pallet index is whatever `construct_runtime!` gives it,
//! which [`ChainClient`] reads from the node's metadata.
//!
//! [`ChainClient`] submits the calls with subxt: it builds each call from these bytes, decodes it
//! against the node's metadata first (so arguments that do not match the runtime's types are
//! refused before anything is signed), signs it with the party's account key (sr25519), submits
//! it and waits until a block includes it, then reads the pallet's events. Like subxt, it needs
//! a tokio runtime.

use crate::channel::ChannelParams;
use codec::{Decode, Encode};
use mooring_primitives::channel::{
	Amount, ChannelId, ChannelPublic, MicroReceipt, Party, SignedState,
};
use polkadot_sdk::sp_core::H256;
use std::time::Duration;
use subxt::{
	config::{PolkadotExtrinsicParamsBuilder, RpcConfigFor},
	rpcs::{LegacyRpcMethods, RpcClient},
	tx::{Signer, TransactionStatus},
	OnlineClient, PolkadotConfig,
};
pub use subxt_signer::sr25519::Keypair;

/// The pallet's name in runtime metadata, as the runtime is expected to name it.
pub const PALLET_NAME: &str = "Channels";

/// How long a submitted call may take to be included in a block.
pub const INCLUSION_TIMEOUT: Duration = Duration::from_secs(60);

/// Call indices of `pallet-channels` (its `#[pallet::call_index]` attributes).
pub mod call_index {
	/// `open(counterparty, asset, deposit, challenge_period, key)`.
	pub const OPEN: u8 = 0;
	/// `join(channel_id, deposit, key)`.
	pub const JOIN: u8 = 1;
	/// `withdraw(channel_id, update)`.
	pub const WITHDRAW: u8 = 4;
	/// `cooperative_close(channel_id, update)`.
	pub const COOPERATIVE_CLOSE: u8 = 5;
	/// `close(channel_id, update, receipt)`.
	pub const CLOSE: u8 = 6;
	/// `dispute(channel_id, update, receipt)`.
	pub const DISPUTE: u8 = 7;
	/// `settle(channel_id)`.
	pub const SETTLE: u8 = 8;
}

/// The asset a channel holds. Encodes as the Mooring runtime's channel asset kind
/// (`NativeOrWithId<u32>`): the native token or a `pallet-assets` id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode)]
pub enum ChannelAsset {
	/// The native token.
	Native,
	/// A `pallet-assets` asset.
	Asset(u32),
}

/// Arguments of `open`.
#[derive(Clone, Debug, PartialEq, Eq, Encode)]
pub struct OpenArgs {
	/// The other party's account (32 bytes).
	pub counterparty: [u8; 32],
	/// What the channel holds.
	pub asset: ChannelAsset,
	/// The opener's deposit.
	pub deposit: Amount,
	/// The challenge period of a unilateral close, in blocks.
	pub challenge_period: u32,
	/// The opener's channel key.
	pub key: ChannelPublic,
}

/// Arguments of `join`.
#[derive(Clone, Debug, PartialEq, Eq, Encode)]
pub struct JoinArgs {
	/// The channel.
	pub channel_id: ChannelId,
	/// The counterparty's deposit (possibly zero).
	pub deposit: Amount,
	/// The counterparty's channel key.
	pub key: ChannelPublic,
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

impl OpenArgs {
	/// The SCALE-encoded call, for a runtime where the pallet has index `pallet_index`.
	pub fn call_data(&self, pallet_index: u8) -> Vec<u8> {
		call_data(pallet_index, call_index::OPEN, self)
	}
}

impl JoinArgs {
	/// The SCALE-encoded call.
	pub fn call_data(&self, pallet_index: u8) -> Vec<u8> {
		call_data(pallet_index, call_index::JOIN, self)
	}
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

/// The SCALE-encoded `settle(channel_id)` call.
pub fn settle_call_data(pallet_index: u8, channel_id: ChannelId) -> Vec<u8> {
	call_data(pallet_index, call_index::SETTLE, &channel_id)
}

/// Why a submission failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SubmitError {
	/// The node could not be reached or answered something unexpected.
	Client(String),
	/// The node's runtime has no `Channels` pallet.
	NoPallet,
	/// The call does not decode against the node's metadata (the arguments do not match the
	/// runtime's types).
	BadCall(String),
	/// The node refused the transaction (invalid, dropped), or it was not included in time.
	Rejected(String),
	/// The transaction was included but the call failed, e.g. `Channels::StaleState`.
	Failed(String),
	/// The call succeeded but the expected event is missing or malformed.
	MissingEvent(&'static str),
}

impl core::fmt::Display for SubmitError {
	fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
		match self {
			SubmitError::Client(error) => write!(f, "node client error: {error}"),
			SubmitError::NoPallet => write!(f, "the runtime has no {PALLET_NAME} pallet"),
			SubmitError::BadCall(error) => {
				write!(f, "the call does not match the runtime: {error}")
			},
			SubmitError::Rejected(error) => write!(f, "the node did not include the call: {error}"),
			SubmitError::Failed(error) => write!(f, "the call failed: {error}"),
			SubmitError::MissingEvent(event) => write!(f, "no {PALLET_NAME}.{event} event"),
		}
	}
}

impl std::error::Error for SubmitError {}

fn client_error(error: impl ToString) -> SubmitError {
	SubmitError::Client(error.to_string())
}

/// An event of the included transaction: pallet, name and SCALE-encoded fields.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawEvent {
	/// The pallet's name, e.g. `Channels`.
	pub pallet: String,
	/// The event's name, e.g. `Closed`.
	pub name: String,
	/// The SCALE encoding of its fields, in order.
	pub fields: Vec<u8>,
}

/// `Channels::Opened`.
#[derive(Clone, Debug, PartialEq, Eq, Decode)]
pub struct Opened {
	/// The id of the new channel.
	pub channel_id: ChannelId,
	/// The opener.
	pub party_a: [u8; 32],
	/// The counterparty.
	pub party_b: [u8; 32],
	/// The asset.
	pub asset: ChannelAsset,
	/// The opener's deposit.
	pub deposit: Amount,
	/// The challenge period in blocks.
	pub challenge_period: u32,
}

/// `Channels::Closed`: the channel paid out and no longer exists.
#[derive(Clone, Debug, PartialEq, Eq, Decode)]
pub struct Closed {
	/// The channel.
	pub channel_id: ChannelId,
	/// Whether both parties agreed the final state.
	pub cooperative: bool,
	/// The nonce of the state it closed on.
	pub nonce: u64,
	/// What `A` received.
	pub payout_a: Amount,
	/// What `B` received.
	pub payout_b: Amount,
}

/// A channel opened and joined on chain: what both parties need to start exchanging states.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpenChannel {
	/// The id the pallet assigned.
	pub channel_id: ChannelId,
	/// The chain's genesis hash.
	pub genesis_hash: H256,
	/// `A`'s channel key.
	pub key_a: ChannelPublic,
	/// `B`'s channel key.
	pub key_b: ChannelPublic,
	/// `A`'s deposit.
	pub deposit_a: Amount,
	/// `B`'s deposit.
	pub deposit_b: Amount,
}

impl OpenChannel {
	/// The parameters of party `me`'s [`crate::Channel`].
	pub fn params(&self, me: Party) -> ChannelParams {
		ChannelParams {
			channel_id: self.channel_id,
			genesis_hash: self.genesis_hash,
			me,
			counterparty_key: match me {
				Party::A => self.key_b,
				Party::B => self.key_a,
			},
			deposit_a: self.deposit_a,
			deposit_b: self.deposit_b,
		}
	}
}

/// A connection to a Mooring node that submits channel calls.
#[derive(Clone)]
pub struct ChainClient {
	api: OnlineClient<PolkadotConfig>,
	rpc: LegacyRpcMethods<RpcConfigFor<PolkadotConfig>>,
	pallet_index: u8,
	genesis_hash: H256,
}

impl ChainClient {
	/// Connects to the node at `url` (a WebSocket URL such as `ws://127.0.0.1:9944`) and finds
	/// the channels pallet in its metadata.
	pub async fn connect(url: &str) -> Result<Self, SubmitError> {
		let rpc = RpcClient::from_insecure_url(url).await.map_err(client_error)?;
		let api = OnlineClient::<PolkadotConfig>::from_rpc_client(rpc.clone())
			.await
			.map_err(client_error)?;
		let at = api.at_current_block().await.map_err(client_error)?;
		let pallet_index = at
			.metadata_ref()
			.pallet_by_name(PALLET_NAME)
			.ok_or(SubmitError::NoPallet)?
			.call_index();
		let genesis_hash = H256(api.genesis_hash().0);
		Ok(Self { api, rpc: LegacyRpcMethods::new(rpc), pallet_index, genesis_hash })
	}

	/// The chain's genesis hash, which every channel state signs.
	pub fn genesis_hash(&self) -> H256 {
		self.genesis_hash
	}

	/// The index of the channels pallet in the node's runtime.
	pub fn pallet_index(&self) -> u8 {
		self.pallet_index
	}

	/// Submits the SCALE-encoded call `call_data` signed by `signer`, waits until a block
	/// includes it and returns its events; fails if the call fails.
	pub async fn submit(
		&self,
		call_data: &[u8],
		signer: &Keypair,
	) -> Result<Vec<RawEvent>, SubmitError> {
		let at = self.api.at_current_block().await.map_err(client_error)?;
		let txs = at.transactions();
		// Decoding against the metadata checks the arguments before anything is signed.
		let payload = txs
			.from_call_data_bytes(call_data)
			.map_err(|error| SubmitError::BadCall(error.to_string()))?;
		// The pool's view of the nonce: the signer's earlier calls may not be final yet.
		let account = <Keypair as Signer<PolkadotConfig>>::account_id(signer);
		let nonce = self.rpc.system_account_next_index(&account).await.map_err(client_error)?;
		let params = PolkadotExtrinsicParamsBuilder::<PolkadotConfig>::new().nonce(nonce).build();
		let tx = txs
			.create_signable_offline(&payload, params)
			.and_then(|mut signable| signable.sign(signer))
			.map_err(client_error)?;
		let mut progress =
			tx.submit_and_watch().await.map_err(|e| SubmitError::Rejected(e.to_string()))?;
		let in_block = tokio::time::timeout(INCLUSION_TIMEOUT, async {
			while let Some(status) = progress.next().await {
				match status.map_err(|e| SubmitError::Rejected(e.to_string()))? {
					TransactionStatus::InBestBlock(in_block)
					| TransactionStatus::InFinalizedBlock(in_block) => return Ok(in_block),
					TransactionStatus::Invalid { message }
					| TransactionStatus::Dropped { message }
					| TransactionStatus::Error { message } => return Err(SubmitError::Rejected(message)),
					_ => continue,
				}
			}
			Err(SubmitError::Rejected("the transaction status stream ended".into()))
		})
		.await
		.map_err(|_| {
			SubmitError::Rejected(format!("not included within {INCLUSION_TIMEOUT:?}"))
		})??;
		let events = in_block.wait_for_success().await.map_err(|error| match error {
			subxt::error::TransactionEventsError::ExtrinsicFailed(error) => {
				SubmitError::Failed(error.to_string())
			},
			other => client_error(other),
		})?;
		let mut out = Vec::new();
		for event in events.iter() {
			let event = event.map_err(client_error)?;
			out.push(RawEvent {
				pallet: event.pallet_name().to_string(),
				name: event.event_name().to_string(),
				fields: event.field_bytes().to_vec(),
			});
		}
		Ok(out)
	}

	/// Opens a channel as `signer` (party `A`); returns the `Opened` event with its id.
	pub async fn open(&self, signer: &Keypair, args: &OpenArgs) -> Result<Opened, SubmitError> {
		let events = self.submit(&args.call_data(self.pallet_index), signer).await?;
		channel_event(&events, "Opened")
	}

	/// Opens a channel from `a` to `b` in `asset` with the given deposits, challenge period (in
	/// blocks) and channel keys, and has `b` join it: the two calls, in order.
	#[allow(clippy::too_many_arguments)]
	pub async fn open_and_join(
		&self,
		a: &Keypair,
		b: &Keypair,
		asset: ChannelAsset,
		(deposit_a, deposit_b): (Amount, Amount),
		challenge_period: u32,
		(key_a, key_b): (ChannelPublic, ChannelPublic),
	) -> Result<OpenChannel, SubmitError> {
		let counterparty = b.public_key().0;
		let open =
			OpenArgs { counterparty, asset, deposit: deposit_a, challenge_period, key: key_a };
		let opened = self.open(a, &open).await?;
		let join = JoinArgs { channel_id: opened.channel_id, deposit: deposit_b, key: key_b };
		self.join(b, &join).await?;
		Ok(OpenChannel {
			channel_id: opened.channel_id,
			genesis_hash: self.genesis_hash,
			key_a,
			key_b,
			deposit_a,
			deposit_b,
		})
	}

	/// Joins a channel as `signer` (party `B`).
	pub async fn join(&self, signer: &Keypair, args: &JoinArgs) -> Result<(), SubmitError> {
		let events = self.submit(&args.call_data(self.pallet_index), signer).await?;
		has_channel_event(&events, "Joined")
	}

	/// Closes a channel at once on a final state both parties signed; returns the payouts.
	pub async fn cooperative_close(
		&self,
		signer: &Keypair,
		args: &CooperativeCloseArgs,
	) -> Result<Closed, SubmitError> {
		let events = self.submit(&args.call_data(self.pallet_index), signer).await?;
		channel_event(&events, "Closed")
	}

	/// Starts a unilateral close with the newest state and receipt the signer holds.
	pub async fn close(&self, signer: &Keypair, args: &CloseArgs) -> Result<(), SubmitError> {
		let events = self.submit(&args.close_call_data(self.pallet_index), signer).await?;
		has_channel_event(&events, "Closing")
	}

	/// Answers a unilateral close with a newer state or a better receipt.
	pub async fn dispute(&self, signer: &Keypair, args: &CloseArgs) -> Result<(), SubmitError> {
		let events = self.submit(&args.dispute_call_data(self.pallet_index), signer).await?;
		has_channel_event(&events, "Disputed")
	}

	/// Pays out a unilaterally closed channel after its challenge period.
	pub async fn settle(
		&self,
		signer: &Keypair,
		channel_id: ChannelId,
	) -> Result<Closed, SubmitError> {
		let events = self.submit(&settle_call_data(self.pallet_index, channel_id), signer).await?;
		channel_event(&events, "Closed")
	}

	/// Pays out the partial withdrawals of a co-signed state.
	pub async fn withdraw(&self, signer: &Keypair, args: &WithdrawArgs) -> Result<(), SubmitError> {
		let events = self.submit(&args.call_data(self.pallet_index), signer).await?;
		has_channel_event(&events, "Withdrawn")
	}
}

/// The first `Channels.<name>` event, decoded.
fn channel_event<E: Decode>(events: &[RawEvent], name: &'static str) -> Result<E, SubmitError> {
	let event = events
		.iter()
		.find(|e| e.pallet == PALLET_NAME && e.name == name)
		.ok_or(SubmitError::MissingEvent(name))?;
	E::decode(&mut &event.fields[..]).map_err(|_| SubmitError::MissingEvent(name))
}

fn has_channel_event(events: &[RawEvent], name: &'static str) -> Result<(), SubmitError> {
	events
		.iter()
		.any(|e| e.pallet == PALLET_NAME && e.name == name)
		.then_some(())
		.ok_or(SubmitError::MissingEvent(name))
}

/// Submits `cooperative_close` to the node at `rpc_url` (e.g. `ws://127.0.0.1:9944`), signed by
/// `signer`, one of the channel's parties, and waits until a block includes it. Returns the
/// payouts of the `Closed` event.
pub async fn submit_cooperative_close(
	rpc_url: &str,
	signer: &Keypair,
	args: &CooperativeCloseArgs,
) -> Result<Closed, SubmitError> {
	ChainClient::connect(rpc_url).await?.cooperative_close(signer, args).await
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
	use polkadot_sdk::sp_core::ed25519::{Public, Signature};

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
		assert_eq!(settle_call_data(42, 9), vec![42, call_index::SETTLE, 9, 0, 0, 0, 0, 0, 0, 0]);
	}

	#[test]
	fn open_and_join_encode_as_the_pallet_arguments() {
		let key = Public::from_raw([7; 32]);
		let open = OpenArgs {
			counterparty: [3; 32],
			asset: ChannelAsset::Asset(5),
			deposit: 1_000,
			challenge_period: 300,
			key,
		};
		let mut expected = vec![24, call_index::OPEN];
		expected.extend_from_slice(&[3; 32]);
		expected.extend_from_slice(&[1, 5, 0, 0, 0]);
		expected.extend_from_slice(&1_000u128.to_le_bytes());
		expected.extend_from_slice(&300u32.to_le_bytes());
		expected.extend_from_slice(&[7; 32]);
		assert_eq!(open.call_data(24), expected);
		assert_eq!(ChannelAsset::Native.encode(), vec![0]);
		let join = JoinArgs { channel_id: 2, deposit: 0, key };
		let data = join.call_data(24);
		assert_eq!(&data[..10], &[24, call_index::JOIN, 2, 0, 0, 0, 0, 0, 0, 0]);
		assert_eq!(data.len(), 2 + 8 + 16 + 32);
	}

	#[test]
	fn events_decode_from_their_fields() {
		let fields = (4u64, true, 11u64, 600u128, 1_400u128).encode();
		let events = vec![RawEvent { pallet: "Channels".into(), name: "Closed".into(), fields }];
		let closed: Closed = channel_event(&events, "Closed").unwrap();
		assert_eq!(
			closed,
			Closed { channel_id: 4, cooperative: true, nonce: 11, payout_a: 600, payout_b: 1_400 }
		);
		assert_eq!(
			channel_event::<Closed>(&events, "Opened"),
			Err(SubmitError::MissingEvent("Opened"))
		);
	}

	#[tokio::test]
	async fn an_unreachable_node_is_a_client_error() {
		let result = submit_cooperative_close(
			"ws://127.0.0.1:1",
			&subxt_signer::sr25519::dev::alice(),
			&CooperativeCloseArgs {
				channel_id: 0,
				update: SignedState {
					state: ChannelState::initial(0),
					signature_a: Signature::from_raw([0; 64]),
					signature_b: Signature::from_raw([0; 64]),
				},
			},
		)
		.await;
		assert!(matches!(result, Err(SubmitError::Client(_))), "{result:?}");
	}
}
