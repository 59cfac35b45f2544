//! The Bot API's plumbing: every request goes through [`call`], the one place a `retry_after`
//! is honoured, and [`describe`] names an error without anything personal. Nothing here knows
//! the channel.

use std::time::Duration;

use teloxide::RequestError;
use teloxide::prelude::*;
use teloxide::requests::Output;

/// Times a request is sent again after a `retry_after` (429) before the error reaches the
/// caller.
const RETRY_AFTER_ATTEMPTS: u32 = 5;

/// Sends a Bot API request, again after each `retry_after` Telegram asks for, at most
/// [`RETRY_AFTER_ATTEMPTS`] times.
pub(super) async fn call<R>(request: R) -> Result<Output<R>, RequestError>
where
    R: Request<Err = RequestError>,
{
    let mut attempt = 0;
    loop {
        match request.send_ref().await {
            Err(RequestError::RetryAfter(s)) if attempt < RETRY_AFTER_ATTEMPTS => {
                attempt += 1;
                tokio::time::sleep(Duration::from_secs(u64::from(s.seconds()))).await;
            }
            result => return result,
        }
    }
}

/// The first wait after a failure to reach the Bot API.
const FIRST_WAIT: Duration = Duration::from_secs(1);
/// The longest wait between two attempts to reach the Bot API.
pub(super) const MAX_WAIT: Duration = Duration::from_secs(30);

/// The waits between attempts to reach the Bot API: doubling from 1 s up to 30 s, each with
/// up to a quarter more at random (see [`crate::core::backoff`]), so that instances that lost
/// it together do not retry in step.
#[derive(Debug)]
pub(super) struct Backoff {
    failures: u32,
}

impl Backoff {
    pub(super) fn new() -> Self {
        Self { failures: 0 }
    }

    /// Starts again from the first wait (after a success).
    pub(super) fn reset(&mut self) {
        self.failures = 0;
    }

    /// The wait before the next attempt.
    pub(super) fn next_wait(&mut self) -> Duration {
        use crate::core::Entropy as _;
        let wait = crate::core::backoff(
            FIRST_WAIT,
            MAX_WAIT,
            self.failures,
            crate::core::SystemEntropy.bytes(),
        );
        self.failures = self.failures.saturating_add(1);
        wait
    }
}

/// Whether an error says the Bot API was not reached (network, time-out, an answer that is not
/// the Bot API's, or an error it does not name, which is how a 5xx comes back) rather than
/// that it refused the request.
pub(super) fn unreachable(e: &RequestError) -> bool {
    match e {
        RequestError::Api(teloxide::ApiError::Unknown(_)) => true,
        RequestError::Api(_) | RequestError::MigrateToChatId(_) => false,
        _ => true,
    }
}

/// An error's description without anything personal (Telegram's own words, or the kind).
pub(super) fn describe(e: &RequestError) -> String {
    match e {
        RequestError::Api(a) => a.to_string(),
        RequestError::RetryAfter(s) => format!("retry after {} s", s.seconds()),
        RequestError::Network(_) => "network error".into(),
        RequestError::Io(_) => "I/O error".into(),
        RequestError::InvalidJson { .. } => "invalid JSON from the Bot API".into(),
        RequestError::MigrateToChatId(_) => "chat migrated".into(),
    }
}
