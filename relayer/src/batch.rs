//! Batches: L2 blocks SCALE-encoded as a `Vec` of opaque blocks, compressed, behind the 82-byte
//! [`BatchHeader`], posted in one or more frames (one L1 transaction each, [`Batch::frames`]).
//! Pure functions, so that everything here is unit-tested without processes.
//!
//! A batch decodes with `Vec::<sp_runtime::generic::Block<mooring_primitives::Header,
//! OpaqueExtrinsic>>::decode(decompress(payload))`; [`decode_batch`] does exactly that.

use anyhow::{anyhow, bail, ensure, Context};
use codec::{Compact, Decode, Encode};
use mooring_primitives::{
	bridge::{
		batch_hash, BatchHeader, Compression, BATCH_HEADER_LEN, BATCH_VERSION, MAX_BATCH_RAW_BYTES,
		MAX_FRAMES_PER_BATCH,
	},
	Header,
};
use polkadot_sdk::{
	sp_core::H256,
	sp_runtime::{generic, traits::Header as HeaderT, OpaqueExtrinsic},
};
use std::io::{Read, Write};

/// An L2 block as a batch carries it.
pub type OpaqueBlock = generic::Block<Header, OpaqueExtrinsic>;

/// One L2 block, SCALE-encoded, with what chaining needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EncodedBlock {
	/// Its number.
	pub number: u64,
	/// Its hash (blake2-256 of the encoded header).
	pub hash: H256,
	/// Its parent's hash.
	pub parent_hash: H256,
	/// How many extrinsics it has.
	pub extrinsics: usize,
	/// `OpaqueBlock::encode()`.
	pub bytes: Vec<u8>,
}

impl EncodedBlock {
	/// Encodes `block`, checking that `expected_hash` (what the node called it) is the hash of
	/// its header, so the encoding is exactly the chain's.
	pub fn new(block: &OpaqueBlock, expected_hash: Option<H256>) -> anyhow::Result<Self> {
		let hash = block.header.hash();
		if let Some(expected) = expected_hash {
			ensure!(
				hash == expected,
				"block #{} re-encodes to hash {hash:?}, the node says {expected:?}",
				block.header.number
			);
		}
		Ok(Self {
			number: u64::from(*block.header.number()),
			hash,
			parent_hash: *block.header.parent_hash(),
			extrinsics: block.extrinsics.len(),
			bytes: block.encode(),
		})
	}
}

/// Compresses `data`; `level` of `None` is the algorithm's strongest setting.
pub fn compress(
	data: &[u8],
	compression: Compression,
	level: Option<i32>,
) -> anyhow::Result<Vec<u8>> {
	match compression {
		Compression::None => Ok(data.to_vec()),
		Compression::Zstd => {
			let level = level.unwrap_or(19);
			let mut encoder = zstd::stream::Encoder::new(Vec::new(), level)?;
			// Long-distance matching helps when the same accounts recur across blocks.
			encoder.long_distance_matching(true)?;
			encoder.window_log(24)?;
			encoder.include_checksum(false)?;
			encoder.include_contentsize(true)?;
			encoder.write_all(data)?;
			Ok(encoder.finish()?)
		},
		Compression::Brotli => {
			let quality = level.unwrap_or(11) as u32;
			let mut out = Vec::new();
			{
				let mut writer = brotli::CompressorWriter::new(&mut out, 1 << 16, quality, 24);
				writer.write_all(data)?;
			}
			Ok(out)
		},
	}
}

/// Decompresses `data`, refusing output beyond `limit` bytes.
pub fn decompress(data: &[u8], compression: Compression, limit: usize) -> anyhow::Result<Vec<u8>> {
	let mut out = Vec::new();
	match compression {
		Compression::None => out.extend_from_slice(data),
		Compression::Zstd => {
			let mut decoder = zstd::stream::Decoder::new(data)?;
			decoder.window_log_max(27)?;
			decoder.take(limit as u64 + 1).read_to_end(&mut out)?;
		},
		Compression::Brotli => {
			brotli::Decompressor::new(data, 1 << 16)
				.take(limit as u64 + 1)
				.read_to_end(&mut out)?;
		},
	}
	ensure!(out.len() <= limit, "decompressed data exceeds {limit} bytes");
	Ok(out)
}

/// The SCALE encoding of `Vec<OpaqueBlock>` from already encoded blocks.
pub fn encode_blocks(blocks: &[EncodedBlock]) -> Vec<u8> {
	let mut out = Compact(blocks.len() as u32).encode();
	out.reserve(blocks.iter().map(|b| b.bytes.len()).sum());
	for block in blocks {
		out.extend_from_slice(&block.bytes);
	}
	out
}

/// A batch ready to post.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Batch {
	/// The header.
	pub header: BatchHeader,
	/// Header and compressed payload, posted in frames ([`Batch::frames`]).
	pub data: Vec<u8>,
	/// Uncompressed payload size.
	pub raw_len: usize,
	/// Extrinsics in all its blocks.
	pub extrinsics: usize,
}

impl Batch {
	/// Number of blocks.
	pub fn blocks(&self) -> u64 {
		self.header.last_block - self.header.first_block + 1
	}

	/// The frames of at most `max_frame_bytes` bytes (at least [`BATCH_HEADER_LEN`]) to post
	/// `data` in, the first holding the whole header; refused beyond [`MAX_FRAMES_PER_BATCH`].
	pub fn frames(&self, max_frame_bytes: usize) -> anyhow::Result<Vec<&[u8]>> {
		ensure!(max_frame_bytes >= BATCH_HEADER_LEN, "a frame holds at least the batch header");
		let frames: Vec<&[u8]> = self.data.chunks(max_frame_bytes).collect();
		ensure!(
			frames.len() <= MAX_FRAMES_PER_BATCH,
			"batch {}-{} needs {} frames of {max_frame_bytes} bytes, more than {MAX_FRAMES_PER_BATCH}",
			self.header.first_block,
			self.header.last_block,
			frames.len()
		);
		Ok(frames)
	}

	/// The hash the inbox records for this batch posted in frames of `max_frame_bytes`.
	pub fn hash(&self, max_frame_bytes: usize) -> anyhow::Result<H256> {
		Ok(batch_hash(self.frames(max_frame_bytes)?))
	}
}

/// The outcome of [`build_batch`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Built {
	/// The batch of the longest prefix of the blocks that fits.
	pub batch: Batch,
	/// Whether blocks were left out because the batch is full (so it should go out now).
	pub full: bool,
}

/// The batch header and data for exactly `blocks` (which must chain).
pub fn make_batch(
	blocks: &[EncodedBlock],
	compression: Compression,
	level: Option<i32>,
) -> anyhow::Result<Batch> {
	let (first, last) = match (blocks.first(), blocks.last()) {
		(Some(first), Some(last)) => (first, last),
		_ => bail!("a batch needs at least one block"),
	};
	for pair in blocks.windows(2) {
		ensure!(
			pair[1].number == pair[0].number + 1 && pair[1].parent_hash == pair[0].hash,
			"block #{} does not follow block #{}",
			pair[1].number,
			pair[0].number
		);
	}
	let raw = encode_blocks(blocks);
	ensure!(
		raw.len() <= MAX_BATCH_RAW_BYTES,
		"blocks #{}..=#{} encode to {} bytes, more than a batch may hold ({MAX_BATCH_RAW_BYTES})",
		first.number,
		last.number,
		raw.len()
	);
	let payload = compress(&raw, compression, level)?;
	let header = BatchHeader {
		version: BATCH_VERSION,
		compression,
		first_block: first.number,
		last_block: last.number,
		parent_hash: first.parent_hash,
		last_block_hash: last.hash,
	};
	let mut data = header.encode_header().to_vec();
	data.extend_from_slice(&payload);
	Ok(Batch {
		header,
		data,
		raw_len: raw.len(),
		extrinsics: blocks.iter().map(|b| b.extrinsics).sum(),
	})
}

/// Builds the batch of the longest prefix of `blocks` whose posted size is at most
/// `max_bytes` (one frame). `more_available` says whether blocks beyond `blocks` are ready too
/// (then a batch of all of `blocks` also counts as full). A first block that does not fit one
/// frame alone makes a batch of its own, posted in several frames: a block is never split
/// across batches, and every block the runtime accepts fits one batch.
///
/// Cost: one compression if everything fits, else a binary search (about log2(n) more).
pub fn build_batch(
	blocks: &[EncodedBlock],
	compression: Compression,
	level: Option<i32>,
	max_bytes: usize,
	more_available: bool,
) -> anyhow::Result<Built> {
	let all = make_batch(blocks, compression, level)?;
	if all.data.len() <= max_bytes {
		return Ok(Built { batch: all, full: more_available });
	}
	// Largest k in [1, n-1] whose batch fits: fits(lo) holds, fits(hi) does not.
	let (mut lo, mut hi) = (0usize, blocks.len());
	let mut best = None;
	while hi - lo > 1 {
		let mid = (lo + hi) / 2;
		let batch = make_batch(&blocks[..mid], compression, level)?;
		if batch.data.len() <= max_bytes {
			lo = mid;
			best = Some(batch);
		} else {
			hi = mid;
		}
	}
	let batch = match best {
		Some(batch) => batch,
		None if blocks.len() == 1 => all,
		None => make_batch(&blocks[..1], compression, level)?,
	};
	Ok(Built { batch, full: true })
}

/// Decodes posted batch `data` back into its header and blocks, checking that the blocks match
/// the header and chain (what a verifier rebuilding L2 from L1 does).
pub fn decode_batch(data: &[u8], limit: usize) -> anyhow::Result<(BatchHeader, Vec<OpaqueBlock>)> {
	let header = BatchHeader::decode_header(data).map_err(|e| anyhow!("bad header: {e:?}"))?;
	let raw = decompress(&data[BATCH_HEADER_LEN..], header.compression, limit)?;
	let blocks =
		Vec::<OpaqueBlock>::decode(&mut &raw[..]).context("payload is not SCALE blocks")?;
	ensure!(!blocks.is_empty(), "empty batch");
	let mut parent = header.parent_hash;
	for (i, block) in blocks.iter().enumerate() {
		ensure!(
			u64::from(block.header.number) == header.first_block + i as u64,
			"block {i} has number {}",
			block.header.number
		);
		ensure!(
			block.header.parent_hash == parent,
			"block #{} does not chain",
			block.header.number
		);
		parent = block.header.hash();
	}
	ensure!(
		u64::from(blocks.last().expect("not empty").header.number) == header.last_block,
		"last block number differs from the header"
	);
	ensure!(parent == header.last_block_hash, "last block hash differs from the header");
	Ok((header, blocks))
}

#[cfg(test)]
pub(crate) mod tests {
	use super::*;
	use polkadot_sdk::sp_runtime::{traits::BlakeTwo256, Digest};

	/// A pseudo-random generator good enough for test data.
	pub struct Lcg(pub u64);
	impl Lcg {
		pub fn next(&mut self) -> u64 {
			self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
			self.0 >> 11
		}
		pub fn bytes(&mut self, n: usize) -> Vec<u8> {
			(0..n).map(|_| self.next() as u8).collect()
		}
	}

	/// A chain of `n` blocks after `parent`, each with `txs` transfer-like extrinsics of ~145
	/// bytes: a 64-byte random signature, a signer from 8 accounts, a recipient from 16.
	pub fn chain(parent: H256, first: u64, n: usize, txs: usize, seed: u64) -> Vec<EncodedBlock> {
		let mut rng = Lcg(seed);
		let accounts: Vec<Vec<u8>> = (0..16).map(|_| rng.bytes(32)).collect();
		let mut parent = parent;
		let mut out = vec![];
		for i in 0..n {
			let mut extrinsics = vec![];
			// A timestamp inherent.
			extrinsics.push(OpaqueExtrinsic::from_blob(
				[
					vec![4, 3, 0, 0x0b],
					(1_700_000_000_000u64 + i as u64 * 1000).to_le_bytes()[..6].to_vec(),
				]
				.concat(),
			));
			for _ in 0..txs {
				let signer = &accounts[(rng.next() % 8) as usize];
				let dest = &accounts[(rng.next() % 16) as usize];
				let mut x = vec![0x84, 0x00];
				x.extend_from_slice(signer);
				x.push(1);
				x.extend_from_slice(&rng.bytes(64));
				x.extend_from_slice(&[0x35, 0x01, (rng.next() % 50) as u8, 0x00, 0x00]);
				x.extend_from_slice(&[0x05, 0x03, 0x00]);
				x.extend_from_slice(dest);
				x.extend_from_slice(&[0x0b, 0x00, 0x40, 0x7a, 0x10, 0xf3, 0x5a]);
				extrinsics.push(OpaqueExtrinsic::from_blob(x));
			}
			let header = Header::new(
				(first + i as u64) as u32,
				H256::from_slice(&rng.bytes(32)),
				H256::from_slice(&rng.bytes(32)),
				parent,
				Digest::default(),
			);
			let block = OpaqueBlock { header, extrinsics };
			let encoded = EncodedBlock::new(&block, None).unwrap();
			assert_eq!(
				encoded.hash,
				<BlakeTwo256 as polkadot_sdk::sp_runtime::traits::Hash>::hash(
					&block.header.encode()
				)
			);
			parent = encoded.hash;
			out.push(encoded);
		}
		out
	}

	#[test]
	fn compression_round_trips_for_every_algorithm() {
		let blocks = chain(H256::repeat_byte(9), 1, 20, 30, 1);
		let raw = encode_blocks(&blocks);
		for compression in [Compression::None, Compression::Zstd, Compression::Brotli] {
			for level in [None, Some(3)] {
				let packed = compress(&raw, compression, level).unwrap();
				assert_eq!(decompress(&packed, compression, raw.len()).unwrap(), raw);
				if compression != Compression::None {
					assert!(packed.len() < raw.len(), "{compression:?} compresses");
				}
			}
			// The decompression limit holds.
			let packed = compress(&raw, compression, None).unwrap();
			assert!(decompress(&packed, compression, raw.len() - 1).is_err());
		}
		assert!(decompress(b"not zstd", Compression::Zstd, 100).is_err());
	}

	#[test]
	fn batches_decode_to_the_same_blocks_with_a_chaining_header() {
		let genesis = H256::repeat_byte(7);
		let blocks = chain(genesis, 1, 5, 3, 2);
		for compression in [Compression::Zstd, Compression::Brotli, Compression::None] {
			let batch = make_batch(&blocks, compression, None).unwrap();
			assert_eq!(batch.header.first_block, 1);
			assert_eq!(batch.header.last_block, 5);
			assert_eq!(batch.header.parent_hash, genesis);
			assert_eq!(batch.header.last_block_hash, blocks[4].hash);
			assert_eq!(batch.header.version, BATCH_VERSION);
			assert_eq!(batch.extrinsics, 5 * 4);
			assert_eq!(&batch.data[..BATCH_HEADER_LEN], &batch.header.encode_header());
			let (header, decoded) = decode_batch(&batch.data, 10_000_000).unwrap();
			assert_eq!(header, batch.header);
			let reencoded: Vec<Vec<u8>> = decoded.iter().map(|b| b.encode()).collect();
			let original: Vec<Vec<u8>> = blocks.iter().map(|b| b.bytes.clone()).collect();
			assert_eq!(reencoded, original);
		}
		// The next batch names the last block as its parent.
		let next = chain(blocks[4].hash, 6, 2, 1, 3);
		let batch = make_batch(&next, Compression::Zstd, None).unwrap();
		assert_eq!(batch.header.parent_hash, blocks[4].hash);
		assert_eq!(batch.header.first_block, 6);
	}

	#[test]
	fn blocks_that_do_not_chain_are_refused() {
		let mut blocks = chain(H256::zero(), 1, 3, 1, 4);
		assert!(make_batch(&[], Compression::Zstd, None).is_err());
		let mut gap = blocks.clone();
		gap.remove(1);
		assert!(make_batch(&gap, Compression::Zstd, None).is_err());
		blocks[2].parent_hash = H256::repeat_byte(1);
		assert!(make_batch(&blocks, Compression::Zstd, None).is_err());
	}

	#[test]
	fn tampered_batches_do_not_decode() {
		let blocks = chain(H256::zero(), 1, 3, 2, 5);
		let batch = make_batch(&blocks, Compression::Zstd, None).unwrap();
		let mut wrong_hash = batch.header.clone();
		wrong_hash.last_block_hash = H256::repeat_byte(1);
		let mut data = wrong_hash.encode_header().to_vec();
		data.extend_from_slice(&batch.data[BATCH_HEADER_LEN..]);
		assert!(decode_batch(&data, 1 << 20).is_err());
		let mut wrong_range = batch.header.clone();
		wrong_range.first_block = 2;
		let mut data = wrong_range.encode_header().to_vec();
		data.extend_from_slice(&batch.data[BATCH_HEADER_LEN..]);
		assert!(decode_batch(&data, 1 << 20).is_err());
	}

	#[test]
	fn batches_are_split_at_the_size_limit() {
		let blocks = chain(H256::zero(), 1, 60, 40, 6);
		let whole = make_batch(&blocks, Compression::Zstd, None).unwrap();
		let limit = whole.data.len() / 3;
		let built = build_batch(&blocks, Compression::Zstd, None, limit, false).unwrap();
		assert!(built.full);
		assert!(built.batch.data.len() <= limit);
		let k = built.batch.blocks() as usize;
		assert!(k >= 1 && k < blocks.len());
		// Maximal: one more block would not fit.
		let bigger = make_batch(&blocks[..k + 1], Compression::Zstd, None).unwrap();
		assert!(bigger.data.len() > limit, "{} blocks fit in {limit}", k + 1);
		// The rest continues from where the first batch stopped, and so on until all are posted.
		let mut next = 0;
		let mut parent = H256::zero();
		while next < blocks.len() {
			let built =
				build_batch(&blocks[next..], Compression::Zstd, None, limit, false).unwrap();
			assert_eq!(built.batch.header.parent_hash, parent);
			assert_eq!(built.batch.header.first_block, next as u64 + 1);
			assert!(built.batch.data.len() <= limit);
			next += built.batch.blocks() as usize;
			parent = built.batch.header.last_block_hash;
		}
		assert_eq!(parent, blocks.last().unwrap().hash);
	}

	#[test]
	fn a_batch_that_fits_is_full_only_when_more_blocks_wait() {
		let blocks = chain(H256::zero(), 1, 3, 2, 7);
		let built = build_batch(&blocks, Compression::Brotli, None, 120_000, false).unwrap();
		assert!(!built.full);
		assert_eq!(built.batch.blocks(), 3);
		assert!(build_batch(&blocks, Compression::Brotli, None, 120_000, true).unwrap().full);
	}

	#[test]
	fn a_block_larger_than_one_frame_is_a_batch_of_its_own_posted_in_frames() {
		let blocks = chain(H256::zero(), 1, 2, 200, 8);
		let built = build_batch(&blocks, Compression::Zstd, None, 1_000, false).unwrap();
		assert!(built.full);
		let batch = built.batch;
		assert_eq!((batch.header.first_block, batch.header.last_block), (1, 1));
		assert!(batch.data.len() > 10_000, "{} bytes", batch.data.len());
		let frames = batch.frames(1_000).unwrap();
		assert_eq!(frames.len(), batch.data.len().div_ceil(1_000));
		assert!(frames.iter().all(|frame| frame.len() <= 1_000 && !frame.is_empty()));
		assert_eq!(frames.concat(), batch.data);
		assert_eq!(batch.hash(1_000).unwrap(), batch_hash(frames.iter().copied()));
		// One frame has another hash than several.
		assert_ne!(batch.hash(1_000).unwrap(), batch.hash(batch.data.len()).unwrap());
		let (header, decoded) = decode_batch(&frames.concat(), MAX_BATCH_RAW_BYTES).unwrap();
		assert_eq!(header, batch.header);
		assert_eq!(decoded.len(), 1);
		// The next batch goes on with block 2.
		let next = build_batch(&blocks[1..], Compression::Zstd, None, 1_000, false).unwrap();
		assert_eq!(next.batch.header.parent_hash, blocks[0].hash);
	}

	#[test]
	fn frames_beyond_the_protocol_limit_are_refused() {
		let blocks = chain(H256::zero(), 1, 1, 200, 10);
		let batch = make_batch(&blocks, Compression::None, None).unwrap();
		let smallest = batch.data.len().div_ceil(MAX_FRAMES_PER_BATCH);
		assert!(batch.frames(smallest).unwrap().len() <= MAX_FRAMES_PER_BATCH);
		let error = batch.frames(smallest - 1).unwrap_err();
		assert!(error.to_string().contains("more than 256"), "{error}");
		assert!(batch.frames(BATCH_HEADER_LEN - 1).is_err());
	}

	#[test]
	fn blocks_beyond_the_raw_limit_are_refused() {
		let mut blocks = chain(H256::zero(), 1, 1, 0, 11);
		blocks[0].bytes.resize(MAX_BATCH_RAW_BYTES + 1, 7);
		let error = make_batch(&blocks, Compression::Zstd, None).unwrap_err();
		assert!(error.to_string().contains("more than a batch may hold"), "{error}");
	}

	#[test]
	fn encoded_blocks_check_the_node_hash() {
		let blocks = chain(H256::zero(), 1, 1, 1, 9);
		let block = OpaqueBlock::decode(&mut &blocks[0].bytes[..]).unwrap();
		assert!(EncodedBlock::new(&block, Some(blocks[0].hash)).is_ok());
		assert!(EncodedBlock::new(&block, Some(H256::repeat_byte(3))).is_err());
	}
}
