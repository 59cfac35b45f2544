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
