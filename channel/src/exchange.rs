//! Two parties exchanging payments over a TCP socket on 127.0.0.1: the engine of the
//! `local_exchange` example and of its test.
//!
//! Frames are a little-endian `u32` length followed by a SCALE-encoded [`Message`]. The payer
//! (`A`) drives: it proposes signed states and streams micro-payments; the payee (`B`) checks
//! every message, countersigns proposals and persists. Micro-payments are pipelined (no reply);
//! every signed state is a round trip.

use crate::{
	channel::{Channel, ChannelError, Message},
	onchain::CooperativeCloseArgs,
	store::FileStore,
};
use codec::{Decode, Encode};
use mooring_primitives::channel::{Amount, SignedState};
use std::{
	io::{self, BufReader, BufWriter, Read, Write},
	net::{TcpListener, TcpStream},
	thread,
	time::{Duration, Instant},
};

/// How the payer pays.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
	/// Every payment is a state signed by both parties.
	Signed,
	/// Payments are hash-chain steps; a signed checkpoint opens a chain of `chain_length`
	/// steps and folds the previous one in.
	Micro {
		/// Steps per chain (at most `MAX_MICRO_CHAIN_LENGTH`).
		chain_length: u32,
	},
}

/// When each side persists its state.
#[derive(Clone, Debug)]
pub struct Persistence {
	/// The payer's store.
	pub payer: FileStore,
	/// The payee's store.
	pub payee: FileStore,
	/// Save after every `every`-th fully signed state (and always the final one); 1 saves
	/// every signed state before it is acknowledged.
	pub every: u32,
}

/// What to exchange.
#[derive(Clone, Debug)]
pub struct ExchangeConfig {
	/// How many payments the payer makes.
	pub updates: u32,
	/// What each payment is worth.
	pub amount: Amount,
	/// Signed states or micro-payments.
	pub mode: Mode,
	/// Where the two sides keep their state.
	pub persistence: Persistence,
}

/// What came out of an exchange.
#[derive(Clone, Debug)]
pub struct ExchangeReport {
	/// Payments made.
	pub updates: u32,
	/// States signed by both parties along the way (checkpoints and the final state included).
	pub signed_states: u32,
	/// Wall-clock time from the first payment to the final state, both sides included.
	pub elapsed: Duration,
	/// The final state as the payer holds it.
	pub payer_final: SignedState,
	/// The final state as the payee holds it.
	pub payee_final: SignedState,
	/// The arguments of the on-chain cooperative close.
	pub close_args: CooperativeCloseArgs,
	/// The balances of `A` and `B` in the final state.
	pub balances: (Amount, Amount),
}

fn protocol_error(error: ChannelError) -> io::Error {
	io::Error::new(io::ErrorKind::InvalidData, error)
}

/// Writes one frame (not flushed).
pub fn write_frame(writer: &mut impl Write, message: &Message) -> io::Result<()> {
	let bytes = message.encode();
	writer.write_all(&(bytes.len() as u32).to_le_bytes())?;
	writer.write_all(&bytes)
}

/// Reads one frame (at most 64 KiB).
pub fn read_frame(reader: &mut impl Read) -> io::Result<Message> {
	let mut length = [0u8; 4];
	reader.read_exact(&mut length)?;
	let length = u32::from_le_bytes(length) as usize;
	if length > 64 * 1024 {
		return Err(io::Error::new(io::ErrorKind::InvalidData, "frame too long"));
	}
	let mut bytes = vec![0u8; length];
	reader.read_exact(&mut bytes)?;
	Message::decode(&mut &bytes[..])
		.map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "undecodable message"))
}

/// Runs payer and payee on two threads connected over 127.0.0.1 (a free port) and returns once
/// both hold the final state.
pub fn run_local_exchange(
	payer: Channel,
	payee: Channel,
	config: &ExchangeConfig,
) -> io::Result<ExchangeReport> {
	let listener = TcpListener::bind("127.0.0.1:0")?;
	let address = listener.local_addr()?;
	let payee_store = config.persistence.payee.clone();
	let every = config.persistence.every;
	let payee_thread = thread::spawn(move || -> io::Result<Channel> {
		let (stream, _) = listener.accept()?;
		run_payee(stream, payee, &payee_store, every)
	});
	let stream = TcpStream::connect(address)?;
	let started = Instant::now();
	let payer_result = run_payer(stream, payer, config);
	let payee =
		payee_thread.join().map_err(|_| io::Error::other("the payee thread panicked"))??;
	let elapsed = started.elapsed();
	let (payer, signed_states) = payer_result?;
	let payer_final = payer.latest_signed().cloned().expect("the payer finished");
	let payee_final = payee.latest_signed().cloned().expect("the payee finished");
	let close_args = payee.cooperative_close_args().expect("the final state is final");
	Ok(ExchangeReport {
		updates: config.updates,
		signed_states,
		elapsed,
		payer_final,
		payee_final,
		close_args,
		balances: payee.balances(),
	})
}

/// The payee: answers every message until the final state is signed; returns its channel.
pub fn run_payee(
	stream: TcpStream,
	mut channel: Channel,
	store: &FileStore,
	every: u32,
) -> io::Result<Channel> {
	stream.set_nodelay(true)?;
	let mut reader = BufReader::with_capacity(1 << 16, stream.try_clone()?);
	let mut writer = BufWriter::new(stream);
	let mut signed = 0u32;
	loop {
		let message = read_frame(&mut reader)?;
		let Some(reply) = channel.handle(message).map_err(protocol_error)? else { continue };
		signed += 1;
		let is_final = channel.latest_state().is_final;
		// Persist before acknowledging, so nothing acknowledged is ever lost.
		if is_final || signed.is_multiple_of(every.max(1)) {
			store.save(&channel.snapshot())?;
		}
		write_frame(&mut writer, &reply)?;
		writer.flush()?;
		if is_final {
			return Ok(channel);
		}
	}
}

/// The payer: makes `config.updates` payments, then agrees the final state; returns its
/// channel and the number of states signed by both.
pub fn run_payer(
	stream: TcpStream,
	mut channel: Channel,
	config: &ExchangeConfig,
) -> io::Result<(Channel, u32)> {
	stream.set_nodelay(true)?;
	let mut reader = BufReader::new(stream.try_clone()?);
	let mut writer = BufWriter::with_capacity(1 << 16, stream);
	let persistence = &config.persistence;
	let mut signed = 0u32;
	let mut round_trip = |channel: &mut Channel,
	                      writer: &mut BufWriter<TcpStream>,
	                      proposal: Message|
	 -> io::Result<()> {
		write_frame(writer, &proposal)?;
		writer.flush()?;
		let reply = read_frame(&mut reader)?;
		channel.handle(reply).map_err(protocol_error)?;
		signed += 1;
		if channel.latest_state().is_final || signed.is_multiple_of(persistence.every.max(1)) {
			persistence.payer.save(&channel.snapshot())?;
		}
		Ok(())
	};
	match config.mode {
		Mode::Signed => {
			for _ in 0..config.updates {
				let proposal =
					channel.propose_payment(config.amount, None).map_err(protocol_error)?;
				round_trip(&mut channel, &mut writer, proposal)?;
			}
		},
		Mode::Micro { chain_length } => {
			let mut left = config.updates;
			while left > 0 {
				if channel.micro_remaining() == 0 {
					let chain = Some((config.amount, chain_length.min(left)));
					let checkpoint = channel.propose_payment(0, chain).map_err(protocol_error)?;
					round_trip(&mut channel, &mut writer, checkpoint)?;
				}
				let micro = channel.pay_micro(1).map_err(protocol_error)?;
				write_frame(&mut writer, &micro)?;
				left -= 1;
			}
		},
	}
	let last = channel.propose_final().map_err(protocol_error)?;
	round_trip(&mut channel, &mut writer, last)?;
	Ok((channel, signed))
}
