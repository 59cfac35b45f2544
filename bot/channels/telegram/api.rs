//! The Bot API's plumbing: every request goes through [`retry_until`] (teloxide's requests
//! through [`call_until`]), the one place a `retry_after`, a server error or a time-out is
//! tried again; the calls sent at each reply go through [`post`], which reads back only what
//! the channel uses; [`describe`] names an error without anything personal. Nothing here
//! knows the channel.

use std::time::Duration;

use tokio::time::Instant;

use teloxide::RequestError;
use teloxide::prelude::*;
use teloxide::requests::{Output, Payload};

/// How long a start-up request (`getMe`, `setMyCommands`, `setWebhook`) keeps being tried
/// before its error reaches the caller.
pub(super) const START_BUDGET: Duration = Duration::from_secs(30);

/// Sends a Bot API request, again after each `retry_after` (429), server error or time-out,
/// until `deadline`: each attempt gets `attempt` at most (a time-out is an error like the
/// network's), the waits between attempts grow from a quarter of a second. `on_error` hears
/// every failed attempt. A refusal (bad request, blocked bot) or a deadline reached returns
/// the last error.
pub(super) async fn call_until<R>(
    request: R,
    deadline: Instant,
    attempt: Duration,
    on_error: impl FnMut(&RequestError),
) -> Result<Output<R>, RequestError>
where
    R: Request<Err = RequestError>,
{
    retry_until(deadline, attempt, on_error, || request.send_ref()).await
}

/// Runs `send` as [`call_until`] does: again after each transient error, until `deadline`.
pub(super) async fn retry_until<T, F, Fut>(
    deadline: Instant,
    attempt: Duration,
    mut on_error: impl FnMut(&RequestError),
    mut send: F,
) -> Result<T, RequestError>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T, RequestError>>,
{
    let mut wait = Duration::from_millis(250);
    loop {
        let result = match tokio::time::timeout(attempt, send()).await {
            Ok(r) => r,
            Err(_) => Err(RequestError::Io(
                std::io::Error::from(std::io::ErrorKind::TimedOut).into(),
            )),
        };
        let e = match result {
            Ok(out) => return Ok(out),
            Err(e) => e,
        };
        on_error(&e);
        if !transient(&e) {
            return Err(e);
        }
        let pause = match &e {
            RequestError::RetryAfter(s) => s.duration(),
            _ => {
                let w = wait;
                wait = (wait * 2).min(Duration::from_secs(5));
                w
            }
        };
        if Instant::now() + pause >= deadline {
            return Err(e);
        }
        tokio::time::sleep(pause).await;
    }
}

/// The URL of a Bot API method, as teloxide builds it (`<api>/bot<token>/<method>`).
pub(super) fn method_url(bot: &Bot, method: &str) -> reqwest::Url {
    let mut url = bot.api_url();
    if let Ok(mut segments) = url.path_segments_mut() {
        segments.pop_if_empty();
        segments.push(&format!("bot{}", bot.token()));
        segments.push(method);
    }
    url
}

/// Sends one of teloxide's payloads as JSON, the body teloxide would send, and reads of the
/// answer only `T`: teloxide would read the whole message sent back into its types, through
/// many untagged enums, and the channel only needs its id (or nothing).
pub(super) async fn post<P, T>(bot: &Bot, payload: &P) -> Result<T, RequestError>
where
    P: Payload + serde::Serialize,
    T: serde::de::DeserializeOwned,
{
    let body = serde_json::to_vec(payload)
        .map_err(|e| RequestError::Io(std::io::Error::from(e).into()))?;
    let response = bot
        .client()
        .post(method_url(bot, P::NAME))
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .body(body)
        .send()
        .await
        .map_err(|e| RequestError::Network(std::sync::Arc::new(e.without_url())))?;
    read_answer(response)
        .await?
        .ok_or_else(|| RequestError::InvalidJson {
            source: std::sync::Arc::new(<serde_json::Error as serde::de::Error>::missing_field(
                "result",
            )),
            raw: "".into(),
        })
}

/// The Bot API's answer to a request sent without teloxide, as teloxide would report it: its
/// `result` read as `T` when there is one.
pub(super) async fn read_answer<T: serde::de::DeserializeOwned>(
    response: reqwest::Response,
) -> Result<Option<T>, RequestError> {
    #[derive(serde::Deserialize)]
    struct Answer<T> {
        ok: bool,
        #[serde(default)]
        description: String,
        #[serde(default)]
        parameters: Option<Parameters>,
        #[serde(default = "none")]
        result: Option<T>,
    }
    fn none<T>() -> Option<T> {
        None
    }
    #[derive(serde::Deserialize)]
    struct Parameters {
        retry_after: Option<u32>,
        migrate_to_chat_id: Option<i64>,
    }
    let body = response
        .bytes()
        .await
        .map_err(|e| RequestError::Network(std::sync::Arc::new(e.without_url())))?;
    let answer: Answer<T> =
        serde_json::from_slice(&body).map_err(|source| RequestError::InvalidJson {
            source: source.into(),
            raw: String::from_utf8_lossy(&body).into(),
        })?;
    if answer.ok {
        return Ok(answer.result);
    }
    if let Some(p) = answer.parameters {
        if let Some(s) = p.retry_after {
            return Err(RequestError::RetryAfter(
                teloxide::types::Seconds::from_seconds(s),
            ));
        }
        if let Some(chat) = p.migrate_to_chat_id {
            return Err(RequestError::MigrateToChatId(teloxide::types::ChatId(chat)));
        }
    }
    let known = serde_json::from_value(serde_json::Value::String(answer.description.clone()));
    Err(RequestError::Api(
        known.unwrap_or(teloxide::ApiError::Unknown(answer.description)),
    ))
}

/// Sends a start-up request with [`call_until`] and the start-up budget.
pub(super) async fn call<R>(request: R, attempt: Duration) -> Result<Output<R>, RequestError>
where
    R: Request<Err = RequestError>,
{
    call_until(request, Instant::now() + START_BUDGET, attempt, |_| {}).await
}

/// Sends a request once (its caller tries again in its own way).
pub(super) async fn call_once<R>(request: R, attempt: Duration) -> Result<Output<R>, RequestError>
where
    R: Request<Err = RequestError>,
{
    call_until(request, Instant::now(), attempt, |_| {}).await
}

/// Whether trying again may succeed: a `retry_after`, the network, a time-out, an answer that
/// is not the Bot API's (a proxy's error page), or a server error (teloxide names those
/// `Unknown`, with the status's reason as description). A bad request, a refused token or a
/// blocked bot stays refused.
pub(super) fn transient(e: &RequestError) -> bool {
    match e {
        RequestError::RetryAfter(_)
        | RequestError::Network(_)
        | RequestError::Io(_)
        | RequestError::InvalidJson { .. } => true,
        RequestError::Api(teloxide::ApiError::Unknown(d)) => {
            !REFUSALS.iter().any(|r| d.starts_with(r))
        }
        RequestError::Api(_) | RequestError::MigrateToChatId(_) => false,
    }
}

/// How the Bot API's refusals begin (its 4xx descriptions).
const REFUSALS: [&str; 5] = [
    "Bad Request",
    "Unauthorized",
    "Forbidden",
    "Not Found",
    "Conflict",
];

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
