//! The proposer: posts the output of every L2 block `n` that is a multiple of
//! `output_interval`, once `n` is finalized on L2 and its data is in the inbox. The output's
//! preimage comes from `n`'s header alone (hash, state root, and the withdrawals root the header
//! commits to), so the proposer needs no state of old blocks and works behind a pruning node.
//!
//! Where to resume is `OutputOracle.latestBlockNumber()`: the next output is the next multiple
//! of the interval above it (also after a challenger deleted outputs). The oracle refuses
//! non-increasing block numbers, so an output is never posted twice.

use crate::{
	config::ProposerFault,
	l1::{sol_preimage, BatchInbox, OutputOracle},
	service::{Ctx, L2Conn, Round},
	txmgr::{SendError, TxManager},
};
use alloy::{
	primitives::{Address, U256},
	providers::DynProvider,
	sol_types::SolCall,
};
use anyhow::{bail, Context};
use mooring_primitives::bridge::OutputRootPreimage;
use std::sync::Arc;

/// The next block an output is due for, after the latest output at `latest`.
pub fn next_output_block(latest: u64, interval: u64) -> u64 {
	(latest / interval + 1) * interval
}

/// The preimage to post for the true `preimage`: itself, unless a test fault is injected.
pub fn posted_preimage(
	mut preimage: OutputRootPreimage,
	fault: ProposerFault,
) -> OutputRootPreimage {
	let forged = match fault {
		ProposerFault::None => return preimage,
		ProposerFault::StateRoot => &mut preimage.l2_state_root,
		ProposerFault::WithdrawalsRoot => &mut preimage.withdrawals_root,
	};
	forged.0.iter_mut().for_each(|byte| *byte = !*byte);
	preimage
}

/// The `proposeOutputWithPreimage` call that posts `preimage`'s output root and publishes the
/// preimage.
pub fn propose_call(preimage: &OutputRootPreimage) -> Vec<u8> {
	OutputOracle::proposeOutputWithPreimageCall { preimage: sol_preimage(preimage) }.abi_encode()
}

/// Database key, per oracle and proposer: set once that proposer's bond there has been at least
/// the required bond (a new key or a new oracle starts afresh).
fn bond_was_full_key(oracle: Address, proposer: Address) -> String {
	format!("proposer.bond_was_full.{oracle}.{proposer}")
}

/// The proposer loop.
pub struct Proposer {
	ctx: Arc<Ctx>,
	txm: TxManager,
	oracle: OutputOracle::OutputOracleInstance<DynProvider>,
	l2: L2Conn,
	interval: u64,
	bond_checked: bool,
}

impl Proposer {
	/// A proposer sending through `txm`.
	pub fn new(ctx: Arc<Ctx>, txm: TxManager) -> Self {
		let oracle = OutputOracle::new(ctx.config.l1.output_oracle, ctx.l1.clone());
		if ctx.config.proposer.fault != ProposerFault::None {
			tracing::warn!(fault = ?ctx.config.proposer.fault, "TEST MODE: the proposer posts wrong outputs");
		}
		Self {
			interval: ctx.config.proposer.output_interval,
			l2: L2Conn::new(&ctx.config.l2.rpc_url),
			ctx,
			txm,
			oracle,
			bond_checked: false,
		}
	}

	/// Deposits the missing part of the required bond (once per start). A bond that was full
	/// once and is short now was slashed (or withdrawn by hand): the proposer then stops, with
	/// an error and the `proposer_bond_lost` metric, instead of paying for more wrong outputs,
	/// until an operator restores the bond (`depositBond`).
	async fn ensure_bond(&mut self) -> anyhow::Result<()> {
		if self.bond_checked {
			return Ok(());
		}
		let required = self.oracle.requiredBond().call().await?;
		let bond = self.oracle.bonds(self.txm.address()).call().await?;
		let was_full_key = bond_was_full_key(*self.oracle.address(), self.txm.address());
		let was_full = self.ctx.db.get_meta::<bool>(&was_full_key)?.unwrap_or(false);
		self.ctx.metrics.proposer_bond_lost.set((was_full && bond < required) as i64);
		if was_full && bond < required {
			tracing::error!(
				%bond,
				%required,
				"PROPOSER STOPPED: its bond was full and is short now (slashed for a wrong \
				 output, or withdrawn): find out why, then restore it with depositBond"
			);
			bail!("the proposer's bond was slashed or withdrawn ({bond} < {required})");
		}
		if bond < required {
			if !self.ctx.config.proposer.deposit_bond {
				bail!("the proposer's bond {bond} is below the required {required} (deposit_bond = false)");
			}
			let missing = required - bond;
			tracing::info!(%missing, "depositing the proposer bond");
			let input = OutputOracle::depositBondCall {}.abi_encode();
			match self.txm.send("bond".into(), *self.oracle.address(), input.into(), missing).await
			{
				Ok(_) => {},
				Err(SendError::Reverts(reason)) => bail!("depositBond would revert: {reason}"),
				Err(SendError::Other(e)) => return Err(e),
			}
			if !self.txm.settle(&self.ctx.shutdown).await? {
				return Ok(());
			}
			let bond = self.oracle.bonds(self.txm.address()).call().await?;
			if bond < required {
				bail!("the bond is still {bond} after depositing; required {required}");
			}
		}
		self.ctx.db.put_meta(&was_full_key, &true)?;
		self.bond_checked = true;
		Ok(())
	}
}

impl Round for Proposer {
	const NAME: &'static str = "proposer";

	async fn round(&mut self) -> anyhow::Result<()> {
		let ctx = self.ctx.clone();
		if !self.txm.settle(&ctx.shutdown).await? {
			return Ok(());
		}
		self.txm.observe_balance().await?;
		self.ensure_bond().await?;
		let inbox_address: Address = self.oracle.batchInbox().call().await?;
		let inbox = (inbox_address != Address::ZERO)
			.then(|| BatchInbox::new(inbox_address, ctx.l1.clone()));
		while !ctx.shutdown.is_cancelled() {
			let latest: U256 = self.oracle.latestBlockNumber().call().await?;
			let latest = u64::try_from(latest).context("latest output block beyond u64")?;
			ctx.metrics.last_output_block.set(latest as i64);
			let target = next_output_block(latest, self.interval);
			let l2 = self.l2.get().await?;
			let finalized = l2.finalized_number().await?;
			ctx.metrics.l2_finalized_block.set(finalized as i64);
			if target > finalized {
				return Ok(());
			}
			if let Some(inbox) = &inbox {
				let posted_below = inbox.nextBlock().call().await?;
				if target >= posted_below {
					tracing::debug!(target, posted_below, "output waits for its batch");
					return Ok(());
				}
			}
			let preimage =
				posted_preimage(l2.output_preimage(target).await?, ctx.config.proposer.fault);
			let posted = preimage.output_root(&ctx.config.l1.oracle_contract());
			let input = propose_call(&preimage);
			let purpose = format!("output {target}");
			match self
				.txm
				.send(purpose.clone(), *self.oracle.address(), input.into(), U256::ZERO)
				.await
			{
				Ok(_) => {},
				Err(SendError::Reverts(reason)) => {
					bail!("{purpose} would revert ({reason}); re-reading the oracle next round")
				},
				Err(SendError::Other(e)) => return Err(e),
			}
			tracing::info!(
				l2_block = target,
				output_root = ?posted,
				withdrawals_root = ?preimage.withdrawals_root,
				"proposed output"
			);
			ctx.metrics.outputs_proposed.inc();
			ctx.db.add_counter("proposer.outputs", 1)?;
			if !self.txm.settle(&ctx.shutdown).await? {
				return Ok(());
			}
		}
		Ok(())
	}

	fn on_error(&mut self) {
		self.l2.reset();
		self.bond_checked = false;
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn outputs_are_due_at_multiples_of_the_interval() {
		assert_eq!(next_output_block(0, 10), 10);
		assert_eq!(next_output_block(10, 10), 20);
		assert_eq!(next_output_block(15, 10), 20);
		assert_eq!(next_output_block(19, 10), 20);
		assert_eq!(next_output_block(0, 1), 1);
		assert_eq!(next_output_block(1799, 1800), 1800);
	}

	#[test]
	fn each_fault_changes_only_its_field() {
		use mooring_primitives::bridge::L1Contract;
		use polkadot_sdk::sp_core::H256;
		let preimage = OutputRootPreimage {
			l2_block_number: 10,
			l2_block_hash: H256::repeat_byte(1),
			l2_state_root: H256::repeat_byte(2),
			withdrawals_root: H256::repeat_byte(3),
		};
		assert_eq!(posted_preimage(preimage, ProposerFault::None), preimage);
		let wrong = OutputRootPreimage { l2_state_root: H256::repeat_byte(!2), ..preimage };
		assert_eq!(posted_preimage(preimage, ProposerFault::StateRoot), wrong);
		let oracle = L1Contract { chain_id: 56, address: [7; 20] };
		assert_ne!(wrong.output_root(&oracle), preimage.output_root(&oracle));
		let forged = OutputRootPreimage { withdrawals_root: H256::repeat_byte(!3), ..preimage };
		assert_eq!(posted_preimage(preimage, ProposerFault::WithdrawalsRoot), forged);
	}
}
