//! The off-chain half of Mooring payment channels.
//!
//! `pallets/channels` holds the deposits and enforces the newest state; this crate is what each
//! party runs: it creates states, signs them with the party's channel key, checks the
//! counterparty's signatures and proposals, streams hash-chain micro-payments, persists the
//! latest fully signed state, and produces the arguments of the on-chain calls. The shared types
//! (states, signatures, the signed bytes) come from `mooring_primitives::channel`, so both halves
//! agree byte for byte.
//!
//! ```no_run
//! use mooring_channel::{Channel, ChannelKeypair, ChannelParams, FileStore};
//! use mooring_primitives::channel::Party;
//! # fn counterparty_message() -> mooring_channel::Message { unimplemented!() }
//! # fn send(_: mooring_channel::Message) {}
//! # let (genesis_hash, their_key) = (Default::default(), Default::default());
//! let keypair = ChannelKeypair::generate();
//! let params = ChannelParams {
//!     channel_id: 0,
//!     genesis_hash,
//!     me: Party::A,
//!     counterparty_key: their_key,
//!     deposit_a: 1_000,
//!     deposit_b: 0,
//! };
//! let mut channel = Channel::new(params, keypair);
//! let store = FileStore::new("channel-0.state");
//! // Pay 10 in a signed state and open a 1,000-step chain of 1-unit micro-payments.
//! send(channel.propose_payment(10, Some((1, 1_000)))?);
//! channel.handle(counterparty_message())?; // the countersignature
//! store.save(&channel.snapshot())?;
//! send(channel.pay_micro(1)?);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod channel;
pub mod exchange;
pub mod keys;
pub mod micro;
pub mod onchain;
pub mod store;

pub use channel::{Channel, ChannelError, ChannelParams, Message, Snapshot};
pub use keys::{verify_batch, ChannelKeypair, Verifier};
pub use onchain::{
	submit_cooperative_close, ChainClient, ChannelAsset, CloseArgs, Closed, CooperativeCloseArgs,
	JoinArgs, OpenArgs, OpenChannel, Opened, SubmitError, WithdrawArgs,
};
pub use store::FileStore;
