//! Persistence of a channel's latest state: one small file, rewritten atomically.
//!
//! Only the latest snapshot matters (a few hundred bytes), so an embedded database would add a
//! dependency, a write-ahead log and compaction for nothing. Instead every save writes the whole
//! snapshot to `<file>.tmp`, `fsync`s it, renames it over `<file>` (atomic on POSIX) and
//! `fsync`s the directory. A crash at any point leaves either the previous or the new snapshot,
//! never a mix; a magic tag and a blake2 checksum catch a corrupted or foreign file on load.

use crate::channel::Snapshot;
use codec::{Decode, Encode};
use polkadot_sdk::sp_runtime::traits::{BlakeTwo256, Hash};
use std::{
	fs::{self, File},
	io::{self, Write},
	path::{Path, PathBuf},
};

/// Identifies snapshot files and their format version.
const MAGIC: [u8; 8] = *b"MOORCH01";

/// A channel snapshot stored in one file.
#[derive(Clone, Debug)]
pub struct FileStore {
	path: PathBuf,
	sync: bool,
}

impl FileStore {
	/// A store at `path`, synced to disk on every save.
	pub fn new(path: impl Into<PathBuf>) -> Self {
		Self { path: path.into(), sync: true }
	}

	/// A store that skips `fsync` (still atomic against crashes of the process, not of the
	/// machine): for tests and benchmarks only.
	pub fn without_sync(path: impl Into<PathBuf>) -> Self {
		Self { path: path.into(), sync: false }
	}

	/// Where the snapshot lives.
	pub fn path(&self) -> &Path {
		&self.path
	}

	/// Replaces the stored snapshot with `snapshot`.
	pub fn save(&self, snapshot: &Snapshot) -> io::Result<()> {
		let body = snapshot.encode();
		let checksum = BlakeTwo256::hash(&body);
		let tmp = self.path.with_extension("tmp");
		{
			let mut file = File::create(&tmp)?;
			file.write_all(&MAGIC)?;
			file.write_all(&body)?;
			file.write_all(checksum.as_bytes())?;
			if self.sync {
				file.sync_all()?;
			}
		}
		fs::rename(&tmp, &self.path)?;
		if self.sync {
			let dir = self.path.parent().filter(|dir| !dir.as_os_str().is_empty());
			File::open(dir.unwrap_or_else(|| Path::new(".")))?.sync_all()?;
		}
		Ok(())
	}

	/// The stored snapshot, `None` if there is none yet.
	pub fn load(&self) -> io::Result<Option<Snapshot>> {
		let bytes = match fs::read(&self.path) {
			Ok(bytes) => bytes,
			Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(None),
			Err(error) => return Err(error),
		};
		let invalid = |what: &str| io::Error::new(io::ErrorKind::InvalidData, what.to_string());
		if bytes.len() < MAGIC.len() + 32 || bytes[..MAGIC.len()] != MAGIC {
			return Err(invalid("not a channel snapshot"));
		}
		let (body, checksum) = bytes[MAGIC.len()..].split_at(bytes.len() - MAGIC.len() - 32);
		if BlakeTwo256::hash(body).as_bytes() != checksum {
			return Err(invalid("channel snapshot checksum mismatch"));
		}
		Snapshot::decode(&mut &body[..])
			.map(Some)
			.map_err(|_| invalid("undecodable channel snapshot"))
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::{
		channel::{Channel, ChannelParams, Message},
		keys::ChannelKeypair,
	};
	use mooring_primitives::channel::Party;
	use polkadot_sdk::sp_core::H256;

	fn channels() -> (Channel, Channel) {
		let (ka, kb) = (ChannelKeypair::from_seed([1; 32]), ChannelKeypair::from_seed([2; 32]));
		let params = |me, counterparty_key| ChannelParams {
			channel_id: 1,
			genesis_hash: H256::repeat_byte(3),
			me,
			counterparty_key,
			deposit_a: 100,
			deposit_b: 100,
		};
		(
			Channel::new(params(Party::A, kb.public()), ka),
			Channel::new(params(Party::B, ChannelKeypair::from_seed([1; 32]).public()), kb),
		)
	}

	fn exchange(a: &mut Channel, b: &mut Channel, amount: u128) {
		let proposal = a.propose_payment(amount, Some((1, 10))).unwrap();
		let accept: Message = b.handle(proposal).unwrap().unwrap();
		a.handle(accept).unwrap();
	}

	#[test]
	fn the_latest_state_survives_a_restart() {
		let dir = tempfile::tempdir().unwrap();
		let store = FileStore::new(dir.path().join("channel-1.state"));
		assert_eq!(store.load().unwrap(), None);
		let (mut a, mut b) = channels();
		exchange(&mut a, &mut b, 5);
		b.handle(a.pay_micro(3).unwrap()).unwrap();
		store.save(&b.snapshot()).unwrap();
		exchange(&mut a, &mut b, 7);
		store.save(&b.snapshot()).unwrap();

		// "Restart": a new process reads the file back.
		let reopened = FileStore::new(dir.path().join("channel-1.state"));
		let restored =
			Channel::restore(reopened.load().unwrap().unwrap(), ChannelKeypair::from_seed([2; 32]))
				.unwrap();
		assert_eq!(restored.latest_signed(), b.latest_signed());
		assert_eq!(restored.latest_state().transferred_a, 15);
		assert!(!dir.path().join("channel-1.tmp").exists());
	}

	#[test]
	fn a_corrupted_or_foreign_file_is_refused() {
		let dir = tempfile::tempdir().unwrap();
		let path = dir.path().join("state");
		let store = FileStore::without_sync(&path);
		let (mut a, mut b) = channels();
		exchange(&mut a, &mut b, 5);
		store.save(&a.snapshot()).unwrap();
		let mut bytes = fs::read(&path).unwrap();
		let middle = bytes.len() / 2;
		bytes[middle] ^= 0xff;
		fs::write(&path, &bytes).unwrap();
		assert_eq!(store.load().unwrap_err().kind(), io::ErrorKind::InvalidData);
		fs::write(&path, b"something else entirely, long enough to have a checksum....").unwrap();
		assert_eq!(store.load().unwrap_err().kind(), io::ErrorKind::InvalidData);
	}
}
