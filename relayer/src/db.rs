//! The relayer's embedded database (redb): what must survive a crash.
//!
//! - `meta`: small named values (JSON): the deposit scan cursor, counters.
//! - `l1_txs`: in-flight L1 transactions per role and nonce (JSON [`crate::txmgr::TxRecord`]),
//!   written *before* a transaction is broadcast, so a restart knows every transaction that may
//!   be in a mempool or a block.
//! - `deposits`: Portal deposits seen on L1 but not yet relayed, by deposit nonce.
//!
//! Where work resumes is never taken from here alone: the L1 contracts (inbox tip, latest
//! output) and the L2 bridge (next deposit nonce) are the truth; the database only remembers
//! what the chains cannot tell (transactions in flight, how far logs were scanned).
//!
//! Every write is one redb transaction, committed durably (fsync) before the call returns.

use anyhow::Context;
use redb::{Database, ReadableTable, ReadableTableMetadata, TableDefinition};
use serde::{de::DeserializeOwned, Serialize};
use std::path::Path;

const META: TableDefinition<&str, &[u8]> = TableDefinition::new("meta");
const L1_TXS: TableDefinition<(&str, u64), &[u8]> = TableDefinition::new("l1_txs");
const DEPOSITS: TableDefinition<u64, &[u8]> = TableDefinition::new("deposits");
/// The last [`RELAYED_KEPT`] deposits relayed, by nonce: what L2 credited, to compare with what
/// a rescan after an L1 reorg finds.
const RELAYED: TableDefinition<u64, &[u8]> = TableDefinition::new("relayed_deposits");

/// How many relayed deposits the database remembers (far more than any L1 reorg can reach).
pub const RELAYED_KEPT: u64 = 10_000;

/// Key of the deposit scan cursor in `meta`.
pub const DEPOSIT_CURSOR: &str = "deposits.cursor";

/// The database.
pub struct Db {
	db: Database,
}

impl std::fmt::Debug for Db {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		f.write_str("Db")
	}
}

/// How far the Portal's logs have been scanned: every block up to `block` (whose hash was
/// `hash` when it was scanned) is done.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct ScanCursor {
	/// The last scanned L1 block.
	pub block: u64,
	/// Its hash, to notice a reorg below the cursor.
	pub hash: alloy::primitives::B256,
}

impl Db {
	/// Opens (or creates) the database file, creating its directory and tables.
	pub fn open(path: &Path) -> anyhow::Result<Self> {
		if let Some(dir) = path.parent() {
			if !dir.as_os_str().is_empty() {
				std::fs::create_dir_all(dir)
					.with_context(|| format!("cannot create {}", dir.display()))?;
			}
		}
		let db = Database::create(path)
			.with_context(|| format!("cannot open the database {}", path.display()))?;
		let txn = db.begin_write()?;
		txn.open_table(META)?;
		txn.open_table(L1_TXS)?;
		txn.open_table(DEPOSITS)?;
		txn.open_table(RELAYED)?;
		txn.commit()?;
		Ok(Self { db })
	}

	/// A named value.
	pub fn get_meta<T: DeserializeOwned>(&self, key: &str) -> anyhow::Result<Option<T>> {
		let txn = self.db.begin_read()?;
		let table = txn.open_table(META)?;
		let value = table.get(key)?;
		value
			.map(|v| serde_json::from_slice(v.value()).with_context(|| format!("meta {key}")))
			.transpose()
	}

	/// Sets a named value.
	pub fn put_meta<T: Serialize>(&self, key: &str, value: &T) -> anyhow::Result<()> {
		let bytes = serde_json::to_vec(value)?;
		let txn = self.db.begin_write()?;
		txn.open_table(META)?.insert(key, bytes.as_slice())?;
		txn.commit()?;
		Ok(())
	}

	/// Adds `by` to the counter `key` and returns the new value.
	pub fn add_counter(&self, key: &str, by: u64) -> anyhow::Result<u64> {
		let txn = self.db.begin_write()?;
		let value = {
			let mut table = txn.open_table(META)?;
			let current: u64 = match table.get(key)? {
				Some(v) => serde_json::from_slice(v.value())?,
				None => 0,
			};
			let value = current + by;
			table.insert(key, serde_json::to_vec(&value)?.as_slice())?;
			value
		};
		txn.commit()?;
		Ok(value)
	}

	/// The counter `key` (0 if never set).
	pub fn counter(&self, key: &str) -> anyhow::Result<u64> {
		Ok(self.get_meta(key)?.unwrap_or(0))
	}

	/// The in-flight L1 transactions of `role`, by increasing nonce.
	pub fn l1_txs<T: DeserializeOwned>(&self, role: &str) -> anyhow::Result<Vec<T>> {
		let txn = self.db.begin_read()?;
		let table = txn.open_table(L1_TXS)?;
		let mut out = vec![];
		for entry in table.range((role, 0u64)..=(role, u64::MAX))? {
			let (_, value) = entry?;
			out.push(serde_json::from_slice(value.value()).context("an L1 transaction record")?);
		}
		Ok(out)
	}

	/// Records (or replaces) the transaction of `role` with `nonce`.
	pub fn put_l1_tx<T: Serialize>(
		&self,
		role: &str,
		nonce: u64,
		record: &T,
	) -> anyhow::Result<()> {
		let bytes = serde_json::to_vec(record)?;
		let txn = self.db.begin_write()?;
		txn.open_table(L1_TXS)?.insert((role, nonce), bytes.as_slice())?;
		txn.commit()?;
		Ok(())
	}

	/// Forgets the transaction of `role` with `nonce`.
	pub fn delete_l1_tx(&self, role: &str, nonce: u64) -> anyhow::Result<()> {
		let txn = self.db.begin_write()?;
		txn.open_table(L1_TXS)?.remove((role, nonce))?;
		txn.commit()?;
		Ok(())
	}

	/// The deposit scan cursor.
	pub fn deposit_cursor(&self) -> anyhow::Result<Option<ScanCursor>> {
		self.get_meta(DEPOSIT_CURSOR)
	}

	/// Stores the deposits found in a scanned range and moves the cursor past it, atomically:
	/// after a crash either both happened or neither did.
	pub fn record_scan<T: Serialize>(
		&self,
		deposits: &[(u64, T)],
		cursor: ScanCursor,
	) -> anyhow::Result<()> {
		let txn = self.db.begin_write()?;
		{
			let mut table = txn.open_table(DEPOSITS)?;
			for (nonce, deposit) in deposits {
				table.insert(*nonce, serde_json::to_vec(deposit)?.as_slice())?;
			}
			txn.open_table(META)?
				.insert(DEPOSIT_CURSOR, serde_json::to_vec(&cursor)?.as_slice())?;
		}
		txn.commit()?;
		Ok(())
	}

	/// Moves the cursor back to `cursor` (or to before any scan, for `None`) and forgets the
	/// stored deposits for which `drop(deposit)` holds, atomically.
	pub fn rewind_scan<T: Serialize + DeserializeOwned>(
		&self,
		cursor: Option<ScanCursor>,
		drop: impl Fn(&T) -> bool,
	) -> anyhow::Result<usize> {
		let txn = self.db.begin_write()?;
		let dropped = {
			let mut table = txn.open_table(DEPOSITS)?;
			let mut doomed = vec![];
			for entry in table.iter()? {
				let (nonce, value) = entry?;
				let deposit: T = serde_json::from_slice(value.value())?;
				if drop(&deposit) {
					doomed.push(nonce.value());
				}
			}
			for nonce in &doomed {
				table.remove(*nonce)?;
			}
			let mut meta = txn.open_table(META)?;
			match cursor {
				Some(cursor) => {
					meta.insert(DEPOSIT_CURSOR, serde_json::to_vec(&cursor)?.as_slice())?;
				},
				None => {
					meta.remove(DEPOSIT_CURSOR)?;
				},
			}
			doomed.len()
		};
		txn.commit()?;
		Ok(dropped)
	}

	/// Up to `max` stored deposits from nonce `from` on, in nonce order.
	pub fn deposits_from<T: DeserializeOwned>(
		&self,
		from: u64,
		max: usize,
	) -> anyhow::Result<Vec<(u64, T)>> {
		let txn = self.db.begin_read()?;
		let table = txn.open_table(DEPOSITS)?;
		let mut out = vec![];
		for entry in table.range(from..)?.take(max) {
			let (nonce, value) = entry?;
			out.push((nonce.value(), serde_json::from_slice(value.value())?));
		}
		Ok(out)
	}

	/// Forgets stored deposits below nonce `below` (relayed already).
	pub fn prune_deposits(&self, below: u64) -> anyhow::Result<()> {
		let txn = self.db.begin_write()?;
		{
			let mut table = txn.open_table(DEPOSITS)?;
			let doomed: Vec<u64> = table
				.range(..below)?
				.map(|entry| entry.map(|(k, _)| k.value()))
				.collect::<Result<_, _>>()?;
			for nonce in doomed {
				table.remove(nonce)?;
			}
		}
		txn.commit()?;
		Ok(())
	}

	/// Remembers `deposits` as relayed (credited on L2), forgetting those more than
	/// [`RELAYED_KEPT`] nonces older than the newest.
	pub fn record_relayed<T: Serialize>(&self, deposits: &[(u64, T)]) -> anyhow::Result<()> {
		let Some(newest) = deposits.iter().map(|(nonce, _)| *nonce).max() else { return Ok(()) };
		let txn = self.db.begin_write()?;
		{
			let mut table = txn.open_table(RELAYED)?;
			for (nonce, deposit) in deposits {
				table.insert(*nonce, serde_json::to_vec(deposit)?.as_slice())?;
			}
			let forgotten: Vec<u64> = table
				.range(..newest.saturating_sub(RELAYED_KEPT))?
				.map(|entry| entry.map(|(k, _)| k.value()))
				.collect::<Result<_, _>>()?;
			for nonce in forgotten {
				table.remove(nonce)?;
			}
		}
		txn.commit()?;
		Ok(())
	}

	/// The deposit relayed under `nonce`, if it is among the remembered ones.
	pub fn relayed<T: DeserializeOwned>(&self, nonce: u64) -> anyhow::Result<Option<T>> {
		let txn = self.db.begin_read()?;
		let table = txn.open_table(RELAYED)?;
		let Some(value) = table.get(nonce)? else { return Ok(None) };
		Ok(Some(serde_json::from_slice(value.value())?))
	}

	/// How many deposits are stored.
	pub fn stored_deposits(&self) -> anyhow::Result<u64> {
		let txn = self.db.begin_read()?;
		Ok(txn.open_table(DEPOSITS)?.len()?)
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use alloy::primitives::B256;

	#[derive(Debug, PartialEq, Serialize, serde::Deserialize)]
	struct Item {
		block: u64,
	}

	#[test]
	fn the_cursor_and_deposits_survive_reopening() {
		let dir = tempfile::tempdir().unwrap();
		let path = dir.path().join("sub/relayer.redb");
		{
			let db = Db::open(&path).unwrap();
			assert_eq!(db.deposit_cursor().unwrap(), None);
			let cursor = ScanCursor { block: 42, hash: B256::repeat_byte(4) };
			db.record_scan(&[(0, Item { block: 10 }), (1, Item { block: 40 })], cursor).unwrap();
			assert_eq!(db.add_counter("batches", 2).unwrap(), 2);
		}
		let db = Db::open(&path).unwrap();
		assert_eq!(
			db.deposit_cursor().unwrap(),
			Some(ScanCursor { block: 42, hash: B256::repeat_byte(4) })
		);
		assert_eq!(db.counter("batches").unwrap(), 2);
		assert_eq!(db.counter("never").unwrap(), 0);
		let stored: Vec<(u64, Item)> = db.deposits_from(0, 10).unwrap();
		assert_eq!(stored, vec![(0, Item { block: 10 }), (1, Item { block: 40 })]);
		let from_one: Vec<(u64, Item)> = db.deposits_from(1, 10).unwrap();
		assert_eq!(from_one.len(), 1);
		db.prune_deposits(1).unwrap();
		assert_eq!(db.stored_deposits().unwrap(), 1);
	}

	#[test]
	fn relayed_deposits_are_remembered_for_the_last_nonces_and_survive_rewinds() {
		let dir = tempfile::tempdir().unwrap();
		let db = Db::open(&dir.path().join("db")).unwrap();
		db.record_relayed(&[(0, Item { block: 1 }), (1, Item { block: 2 })]).unwrap();
		assert_eq!(db.relayed::<Item>(1).unwrap(), Some(Item { block: 2 }));
		assert_eq!(db.relayed::<Item>(2).unwrap(), None);
		// A rewind of the scan forgets unrelayed deposits only.
		db.rewind_scan(None, |_: &Item| true).unwrap();
		assert_eq!(db.relayed::<Item>(0).unwrap(), Some(Item { block: 1 }));
		// Relaying far beyond forgets the oldest.
		db.record_relayed(&[(RELAYED_KEPT + 1, Item { block: 3 })]).unwrap();
		assert_eq!(db.relayed::<Item>(0).unwrap(), None);
		assert_eq!(db.relayed::<Item>(1).unwrap(), Some(Item { block: 2 }));
	}

	#[test]
	fn rewinding_drops_deposits_above_the_new_cursor() {
		let dir = tempfile::tempdir().unwrap();
		let db = Db::open(&dir.path().join("db")).unwrap();
		let cursor = ScanCursor { block: 50, hash: B256::repeat_byte(1) };
		db.record_scan(&[(3, Item { block: 10 }), (4, Item { block: 45 })], cursor).unwrap();
		let back = ScanCursor { block: 20, hash: B256::repeat_byte(2) };
		let dropped = db.rewind_scan(Some(back), |d: &Item| d.block > 20).unwrap();
		assert_eq!(dropped, 1);
		assert_eq!(db.deposit_cursor().unwrap(), Some(back));
		let left: Vec<(u64, Item)> = db.deposits_from(0, 10).unwrap();
		assert_eq!(left, vec![(3, Item { block: 10 })]);
		db.rewind_scan(None, |_: &Item| true).unwrap();
		assert_eq!(db.deposit_cursor().unwrap(), None);
		assert_eq!(db.stored_deposits().unwrap(), 0);
	}

	#[test]
	fn l1_transactions_are_kept_per_role_in_nonce_order() {
		let dir = tempfile::tempdir().unwrap();
		let db = Db::open(&dir.path().join("db")).unwrap();
		db.put_l1_tx("batcher", 7, &Item { block: 7 }).unwrap();
		db.put_l1_tx("batcher", 5, &Item { block: 5 }).unwrap();
		db.put_l1_tx("proposer", 1, &Item { block: 1 }).unwrap();
		let batcher: Vec<Item> = db.l1_txs("batcher").unwrap();
		assert_eq!(batcher, vec![Item { block: 5 }, Item { block: 7 }]);
		db.put_l1_tx("batcher", 5, &Item { block: 6 }).unwrap();
		db.delete_l1_tx("batcher", 7).unwrap();
		let batcher: Vec<Item> = db.l1_txs("batcher").unwrap();
		assert_eq!(batcher, vec![Item { block: 6 }]);
		let proposer: Vec<Item> = db.l1_txs("proposer").unwrap();
		assert_eq!(proposer, vec![Item { block: 1 }]);
		let none: Vec<Item> = db.l1_txs("deposits").unwrap();
		assert!(none.is_empty());
	}
}
