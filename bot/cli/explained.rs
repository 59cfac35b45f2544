//! A failure a command has already explained on standard error.

use std::process::ExitCode;

/// A failure the command has already explained on standard error: the process ends with this
/// exit code and prints nothing more.
#[derive(Debug, thiserror::Error)]
#[error("ended with {0:?}")]
pub struct Explained(pub ExitCode);
