//! JSON-RPC clients and the small conversions around them, plus process accounting from /proc.

use anyhow::{anyhow, Context};
use jsonrpsee::{
	http_client::{HttpClient, HttpClientBuilder},
	ws_client::{WsClient, WsClientBuilder},
};
use serde_json::Value;
use std::time::Duration;

/// Generous: a loaded node answers late, and a block with thousands of extrinsics is large.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(120);
const MAX_MESSAGE: u32 = 64 * 1024 * 1024;

/// A WebSocket client allowing `in_flight` concurrent requests.
pub async fn ws(url: &str, in_flight: usize) -> anyhow::Result<WsClient> {
	WsClientBuilder::default()
		.max_concurrent_requests(in_flight.max(1))
		.request_timeout(REQUEST_TIMEOUT)
		.max_request_size(MAX_MESSAGE)
		.max_response_size(MAX_MESSAGE)
		.max_buffer_capacity_per_subscription(4096)
		.build(url)
		.await
		.with_context(|| format!("cannot connect to {url}"))
}

/// An HTTP client allowing `in_flight` concurrent requests.
pub fn http(url: &str, in_flight: usize) -> anyhow::Result<HttpClient> {
	HttpClientBuilder::default()
		.max_concurrent_requests(in_flight.max(1))
		.request_timeout(REQUEST_TIMEOUT)
		.max_request_size(MAX_MESSAGE)
		.max_response_size(MAX_MESSAGE)
		.build(url)
		.with_context(|| format!("bad URL {url}"))
}

/// A `0x` hex quantity as a number.
pub fn hex_u64(value: &Value) -> anyhow::Result<u64> {
	let text = value.as_str().ok_or_else(|| anyhow!("expected a hex number, got {value}"))?;
	Ok(u64::from_str_radix(text.trim_start_matches("0x"), 16)?)
}

/// A `0x` hex quantity as a 128-bit number.
pub fn hex_u128(value: &Value) -> anyhow::Result<u128> {
	let text = value.as_str().ok_or_else(|| anyhow!("expected a hex number, got {value}"))?;
	Ok(u128::from_str_radix(text.trim_start_matches("0x"), 16)?)
}

/// `0x` hex data as bytes.
pub fn hex_bytes(value: &Value) -> anyhow::Result<Vec<u8>> {
	let text = value.as_str().ok_or_else(|| anyhow!("expected hex data, got {value}"))?;
	array_bytes::hex2bytes(text).map_err(|e| anyhow!("bad hex {text}: {e:?}"))
}

/// Bytes as `0x` hex.
pub fn to_hex(bytes: &[u8]) -> String {
	array_bytes::bytes2hex("0x", bytes)
}

/// CPU time (user + system) a process has used so far, in seconds.
pub fn process_cpu_seconds(pid: u32) -> Option<f64> {
	let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
	// Fields after the command name (which may hold spaces) start after the last ')'.
	let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
	// utime and stime are fields 14 and 15 of stat(5); fields[0] is field 3.
	let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
	Some(ticks / clock_ticks_per_second())
}

/// CPU time this process has used so far, in seconds.
pub fn own_cpu_seconds() -> f64 {
	process_cpu_seconds(std::process::id()).unwrap_or(0.0)
}

fn clock_ticks_per_second() -> f64 {
	// USER_HZ is 100 on every Linux architecture we run on; getconf would say the same.
	100.0
}
