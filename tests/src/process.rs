//! A child process that logs to a file and is stopped (SIGINT, then SIGKILL) when dropped.

use std::{
	fs::File,
	os::unix::process::CommandExt,
	path::{Path, PathBuf},
	process::{Child, Command, Stdio},
	time::{Duration, Instant},
};

/// A running server process.
pub struct Process {
	name: String,
	child: Child,
	log: PathBuf,
}

impl Process {
	/// Starts `command`, sending its stdout and stderr to `log`.
	///
	/// The child is also killed if the test process dies without stopping it (a crash or an
	/// abort), so no server outlives its test.
	pub fn spawn(name: &str, mut command: Command, log: &Path) -> anyhow::Result<Self> {
		let out = File::create(log)?;
		// SAFETY: prctl(2) is async-signal-safe and touches no memory of the parent.
		unsafe {
			command.pre_exec(|| {
				libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
				Ok(())
			});
		}
		let child = command
			.stdin(Stdio::null())
			.stdout(out.try_clone()?)
			.stderr(out)
			.spawn()
			.map_err(|e| anyhow::anyhow!("cannot start {name} ({command:?}): {e}"))?;
		Ok(Self { name: name.into(), child, log: log.into() })
	}

	/// The process id.
	pub fn pid(&self) -> u32 {
		self.child.id()
	}

	/// The log file.
	pub fn log_path(&self) -> &Path {
		&self.log
	}

	/// The last `lines` lines of the log, to explain a failure.
	pub fn log_tail(&self, lines: usize) -> String {
		let text = std::fs::read_to_string(&self.log).unwrap_or_default();
		let all: Vec<&str> = text.lines().collect();
		all[all.len().saturating_sub(lines)..].join("\n")
	}

	/// Whether the process is still running.
	pub fn is_running(&mut self) -> bool {
		matches!(self.child.try_wait(), Ok(None))
	}

	/// The exit code, if the process has exited normally (`None` while running or if killed by a
	/// signal).
	pub fn exit_code(&mut self) -> Option<i32> {
		self.child.try_wait().ok().flatten().and_then(|status| status.code())
	}

	/// Fails with the end of the log if the process has exited.
	pub fn ensure_running(&mut self) -> anyhow::Result<()> {
		match self.child.try_wait()? {
			None => Ok(()),
			Some(status) => anyhow::bail!(
				"{} exited ({status}); last log lines:\n{}",
				self.name,
				self.log_tail(30)
			),
		}
	}

	/// Waits until the process answers the JSON-RPC `method` on `url`, failing early if it exits.
	pub async fn wait_for_rpc(
		&mut self,
		url: &str,
		method: &str,
		timeout: Duration,
	) -> anyhow::Result<()> {
		let deadline = Instant::now() + timeout;
		loop {
			self.ensure_running()?;
			if crate::node::answers_rpc(url, method).await {
				return Ok(());
			}
			if Instant::now() > deadline {
				anyhow::bail!(
					"{} did not answer {method} on {url} within {timeout:?}; last log lines:\n{}",
					self.name,
					self.log_tail(30)
				);
			}
			tokio::time::sleep(Duration::from_millis(250)).await;
		}
	}

	/// Sends `signal` (e.g. `libc::SIGKILL`) without waiting.
	pub fn signal(&self, signal: i32) {
		// SAFETY: kill(2) on our own child's pid has no memory-safety preconditions.
		unsafe {
			libc::kill(self.child.id() as i32, signal);
		}
	}

	/// Stops the process: SIGINT, then SIGKILL after `grace`. Returns once it has exited.
	pub fn stop(&mut self, grace: Duration) {
		if !self.is_running() {
			return;
		}
		self.signal(libc::SIGINT);
		let deadline = Instant::now() + grace;
		while Instant::now() < deadline {
			if !self.is_running() {
				return;
			}
			std::thread::sleep(Duration::from_millis(50));
		}
		let _ = self.child.kill();
		let _ = self.child.wait();
	}

	/// Kills the process at once with SIGKILL, as a crash would.
	pub fn kill_hard(&mut self) {
		let _ = self.child.kill();
		let _ = self.child.wait();
	}
}

impl Drop for Process {
	fn drop(&mut self) {
		if self.is_running() {
			self.stop(Duration::from_secs(10));
		} else if std::thread::panicking() {
			eprintln!("{} had exited; last log lines:\n{}", self.name, self.log_tail(30));
		}
	}
}
