//! Measurement helpers: how well real L2 blocks compress, and what batches of them cost.

use crate::{
	batch::{build_batch, make_batch, EncodedBlock},
	l2::L2,
};
use mooring_primitives::bridge::{Compression, BATCH_HEADER_LEN};
use std::time::Instant;

/// One algorithm and level applied to a range of blocks, as one payload.
#[derive(Clone, Debug)]
pub struct CompressionRow {
	/// e.g. `zstd-19`.
	pub name: String,
	/// Compressed payload bytes (without the header).
	pub bytes: usize,
	/// Uncompressed / compressed.
	pub ratio: f64,
	/// Milliseconds it took.
	pub millis: u128,
}

/// The settings compared.
pub const SETTINGS: [(&str, Compression, Option<i32>); 7] = [
	("zstd-3", Compression::Zstd, Some(3)),
	("zstd-9", Compression::Zstd, Some(9)),
	("zstd-19", Compression::Zstd, Some(19)),
	("zstd-22", Compression::Zstd, Some(22)),
	("brotli-6", Compression::Brotli, Some(6)),
	("brotli-9", Compression::Brotli, Some(9)),
	("brotli-11", Compression::Brotli, Some(11)),
];

/// Fetches blocks `from..=to`.
pub async fn fetch_blocks(l2: &L2, from: u64, to: u64) -> anyhow::Result<Vec<EncodedBlock>> {
	let mut blocks = vec![];
	for number in from..=to {
		blocks.push(l2.block(number).await?);
	}
	Ok(blocks)
}

/// Compresses `blocks` (as one payload) with every setting.
pub fn compression_rows(blocks: &[EncodedBlock]) -> anyhow::Result<(usize, Vec<CompressionRow>)> {
	let raw = make_batch(blocks, Compression::None, None)?.raw_len;
	let mut rows = vec![];
	for (name, compression, level) in SETTINGS {
		let start = Instant::now();
		let batch = make_batch(blocks, compression, level)?;
		let bytes = batch.data.len() - BATCH_HEADER_LEN;
		rows.push(CompressionRow {
			name: name.into(),
			bytes,
			ratio: raw as f64 / bytes as f64,
			millis: start.elapsed().as_millis(),
		});
	}
	Ok((raw, rows))
}

/// Batches and bytes the batcher would post for `blocks` with `compression` (default level)
/// and `max_bytes`.
pub fn split_cost(
	blocks: &[EncodedBlock],
	compression: Compression,
	max_bytes: usize,
) -> anyhow::Result<(usize, usize)> {
	let (mut next, mut batches, mut bytes) = (0usize, 0usize, 0usize);
	while next < blocks.len() {
		let built = build_batch(&blocks[next..], compression, None, max_bytes, false)?;
		next += built.batch.blocks() as usize;
		batches += 1;
		bytes += built.batch.data.len();
	}
	Ok((batches, bytes))
}

/// A printable report of [`compression_rows`] and [`split_cost`].
pub fn compression_report(blocks: &[EncodedBlock], max_bytes: usize) -> anyhow::Result<String> {
	use std::fmt::Write;
	let extrinsics: usize = blocks.iter().map(|b| b.extrinsics).sum();
	let (raw, rows) = compression_rows(blocks)?;
	let mut out = String::new();
	let (first, last) = (blocks[0].number, blocks[blocks.len() - 1].number);
	writeln!(
		out,
		"blocks {first}..={last}: {} blocks, {extrinsics} extrinsics, {raw} bytes SCALE",
		blocks.len()
	)?;
	writeln!(out, "{:<10} {:>10} {:>7} {:>9} {:>7}", "setting", "bytes", "ratio", "B/extr", "ms")?;
	for row in rows {
		writeln!(
			out,
			"{:<10} {:>10} {:>7.2} {:>9.1} {:>7}",
			row.name,
			row.bytes,
			row.ratio,
			row.bytes as f64 / extrinsics.max(1) as f64,
			row.millis
		)?;
	}
	for (name, compression) in [("zstd", Compression::Zstd), ("brotli", Compression::Brotli)] {
		let (batches, bytes) = split_cost(blocks, compression, max_bytes)?;
		writeln!(
			out,
			"{name} (relayer default level) split at {max_bytes} B: {batches} batches, {bytes} B posted, {:.1} B per extrinsic",
			bytes as f64 / extrinsics.max(1) as f64
		)?;
	}
	Ok(out)
}

/// Dispatches `call` as a motion `member` proposes with threshold 1: on the dev chains, whose
/// council is Alice alone, it passes and executes at once. On a larger council the call fails
/// with `BadOrigin` (one member is not three quarters): pass it as a motion of the whole council
/// instead (docs/chain-operator.md).
pub async fn council_execute(
	l2: &L2,
	member: &subxt_signer::sr25519::Keypair,
	call: subxt::dynamic::Value,
) -> anyhow::Result<()> {
	use subxt::dynamic::Value;
	let at = l2.api().at_current_block().await?;
	let length = at.transactions().call_data(&subxt::dynamic::tx(
		"Council",
		"propose",
		(Value::u128(1), call.clone(), Value::u128(0)),
	))?;
	// The proposal's encoding: the propose call minus its indices, threshold and length bound.
	let length_bound = Value::u128((length.len() - 2 - 1 - 1) as u128);
	let tx = subxt::dynamic::tx("Council", "propose", (Value::u128(1), call, length_bound));
	let events = at
		.transactions()
		.sign_and_submit_then_watch_default(&tx, member)
		.await?
		.wait_for_finalized_success()
		.await
		.map_err(|e| anyhow::anyhow!("{e}"))?;
	for event in events.iter() {
		let event = event?;
		if event.pallet_name() == "Council" && event.event_name() == "Executed" {
			let fields = event.decode_fields_unchecked_as::<subxt::dynamic::Value>()?.to_string();
			anyhow::ensure!(
				!fields.contains("Err"),
				"the council's call failed: {fields} (BadOrigin: the council has more than one \
				 member, so the call needs a motion of three quarters of them)"
			);
			return Ok(());
		}
	}
	anyhow::bail!("the motion was included but no Council.Executed event followed")
}

/// The metadata a bridged token's ERC-20 on L2 carries: its L1 token's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenMetadata {
	/// `name()`.
	pub name: String,
	/// `symbol()`.
	pub symbol: String,
	/// `decimals()`.
	pub decimals: u8,
}

/// The longest name or symbol an L2 asset takes (`pallet_assets::Config::StringLimit`).
pub const METADATA_STRING_LIMIT: usize = 50;

/// Reads the metadata of the BEP-20 `token` on L1.
pub async fn l1_token_metadata(
	l1: &alloy::providers::DynProvider,
	token: alloy::primitives::Address,
) -> anyhow::Result<TokenMetadata> {
	use anyhow::Context;
	let erc20 = crate::l1::IERC20Metadata::new(token, l1.clone());
	let context = || format!("reading the ERC-20 metadata of {token} on L1");
	Ok(TokenMetadata {
		name: erc20.name().call().await.with_context(context)?,
		symbol: erc20.symbol().call().await.with_context(context)?,
		decimals: erc20.decimals().call().await.with_context(context)?,
	})
}

/// Maps the BEP-20 `token` to the L2 asset `asset_id` and gives the asset `metadata`, in one
/// motion of the dev council (development networks): `Bridge.register_token` creates the asset
/// (sufficient, minimum balance 1) with the bridge's account in every role, so no key can mint
/// it but the bridge; `Assets.force_set_metadata` names it as on L1, which is what its ERC-20
/// precompile answers to `name()`, `symbol()` and `decimals()`.
pub async fn register_token(
	l2: &L2,
	member: &subxt_signer::sr25519::Keypair,
	token: [u8; 20],
	asset_id: u32,
	metadata: &TokenMetadata,
) -> anyhow::Result<()> {
	use subxt::dynamic::Value;
	for (field, text) in [("name", &metadata.name), ("symbol", &metadata.symbol)] {
		anyhow::ensure!(
			text.len() <= METADATA_STRING_LIMIT,
			"the token's {field} {text:?} is longer than the {METADATA_STRING_LIMIT} bytes an L2 \
			 asset takes"
		);
	}
	let register = Value::named_variant(
		"register_token",
		[("l1_token", Value::from_bytes(token)), ("asset", Value::u128(asset_id.into()))],
	);
	let set_metadata = Value::named_variant(
		"force_set_metadata",
		[
			("id", Value::u128(asset_id.into())),
			("name", Value::from_bytes(metadata.name.as_bytes())),
			("symbol", Value::from_bytes(metadata.symbol.as_bytes())),
			("decimals", Value::u128(metadata.decimals.into())),
			("is_frozen", Value::bool(false)),
		],
	);
	let calls = Value::unnamed_composite([
		Value::unnamed_variant("Bridge", [register]),
		Value::unnamed_variant("Assets", [set_metadata]),
	]);
	let batch = Value::named_variant("batch_all", [("calls", calls)]);
	council_execute(l2, member, Value::unnamed_variant("Utility", [batch])).await
}

/// Dispatches `Bridge.<call>(fields)` through the dev council.
async fn council_bridge<const N: usize>(
	l2: &L2,
	member: &subxt_signer::sr25519::Keypair,
	call: &str,
	fields: [(&str, subxt::dynamic::Value); N],
) -> anyhow::Result<()> {
	use subxt::dynamic::Value;
	let call = Value::named_variant(call, fields);
	council_execute(l2, member, Value::unnamed_variant("Bridge", [call])).await
}

/// Settles the L2 bridge to `portal` through the dev council (development networks; on
/// production the same call is a motion of the council): `Bridge.set_portal(portal, next_deposit_nonce)`. Later
/// withdrawals name the Portal and deposits are taken from it, from `next_deposit_nonce` on.
pub async fn set_portal(
	l2: &L2,
	member: &subxt_signer::sr25519::Keypair,
	portal: mooring_primitives::bridge::L1Contract,
	next_deposit_nonce: u64,
) -> anyhow::Result<()> {
	use subxt::dynamic::Value;
	let fields = [
		("portal", crate::l2::l1_contract_value(portal)),
		("next_deposit_nonce", Value::u128(next_deposit_nonce.into())),
	];
	council_bridge(l2, member, "set_portal", fields).await
}
