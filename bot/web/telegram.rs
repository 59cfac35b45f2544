//! `POST /telegram/<path>`: updates pushed by Telegram in webhook mode. The secret token set
//! with `setWebhook` is checked in constant time on every request before anything is read;
//! the update then takes the same per-chat queue as in polling, and the answer waits for it to
//! be processed, so an update that failed is delivered again by Telegram.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use subtle::ConstantTimeEq;

use crate::app::Host;
use crate::channels::telegram::Telegram;
use crate::notify::SendError;

/// The header Telegram sends the secret token in.
pub const SECRET_HEADER: &str = "x-telegram-bot-api-secret-token";

/// The webhook's settings.
#[derive(Clone)]
pub struct TelegramWebhook {
    pub channel: Arc<Telegram>,
    /// The last segment of the webhook URL's path (`/telegram/<path>`).
    pub path: String,
    pub secret: String,
}

impl std::fmt::Debug for TelegramWebhook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TelegramWebhook").finish_non_exhaustive()
    }
}

impl TelegramWebhook {
    /// The webhook for a public URL whose path is `/telegram/<something>`.
    pub fn new(channel: Arc<Telegram>, url: &str, secret: String) -> Result<Self, &'static str> {
        let parsed = reqwest::Url::parse(url).map_err(|_| "TELEGRAM_WEBHOOK_URL is not a URL")?;
        let path = parsed
            .path()
            .strip_prefix("/telegram/")
            .filter(|p| !p.is_empty() && !p.contains('/'))
            .ok_or("TELEGRAM_WEBHOOK_URL must end with /telegram/<name>")?
            .to_string();
        if !crate::channels::telegram::valid_secret(&secret) {
            return Err("TELEGRAM_WEBHOOK_SECRET takes 1 to 256 of A-Z a-z 0-9 _ -");
        }
        Ok(Self {
            channel,
            path,
            secret,
        })
    }
}

/// What the Telegram webhook reads of the server's state.
#[derive(Debug, Clone)]
pub struct TelegramState {
    pub host: Arc<Host>,
    /// None when Telegram does not run in webhook mode.
    pub hook: Option<Arc<TelegramWebhook>>,
}

/// The largest update read, once the secret is known to be right.
const UPDATE_LIMIT: usize = 64 * 1024;

/// Handles one pushed update. The path and the secret are checked before a byte of the body
/// is read: a wrong secret is 401 whatever the body's size.
pub async fn webhook(
    State(state): State<TelegramState>,
    Path(path): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let Some(hook) = state.hook.clone() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    if !bool::from(path.as_bytes().ct_eq(hook.path.as_bytes())) {
        return StatusCode::NOT_FOUND.into_response();
    }
    let given = headers
        .get(SECRET_HEADER)
        .map(|v| v.as_bytes())
        .unwrap_or_default();
    if !bool::from(given.ct_eq(hook.secret.as_bytes())) {
        tracing::warn!("Telegram webhook: missing or wrong secret token");
        return (StatusCode::UNAUTHORIZED, "wrong secret token\n").into_response();
    }
    let Ok(body) = axum::body::to_bytes(body, UPDATE_LIMIT).await else {
        return (
            StatusCode::PAYLOAD_TOO_LARGE,
            "an update is 64 KiB at most\n",
        )
            .into_response();
    };
    let update: teloxide::types::Update = match serde_json::from_slice(&body) {
        Ok(u) => u,
        Err(_) => return (StatusCode::BAD_REQUEST, "not a Telegram update\n").into_response(),
    };
    match hook.channel.submit(update).await {
        Ok(
            Ok(())
            | Err(
                SendError::Unreachable
                | SendError::Rejected(_)
                | SendError::Unsupported
                | SendError::BadNumber(_)
                | SendError::WindowClosed,
            ),
        ) => StatusCode::OK.into_response(),
        // Telegram delivers the update again later.
        Ok(Err(SendError::Retry(_))) | Err(_) => StatusCode::SERVICE_UNAVAILABLE.into_response(),
    }
}

/// The Telegram channel as `serve` runs it.
#[derive(Debug)]
pub struct Started {
    pub channel: Arc<Telegram>,
    /// The route's settings in webhook mode.
    pub webhook: Option<Arc<TelegramWebhook>>,
    poller: Option<tokio::task::JoinHandle<()>>,
}

impl Started {
    /// The outbox's sender for Telegram.
    #[must_use]
    pub fn sender(&self) -> Arc<dyn crate::notify::Sender> {
        Arc::new(crate::channels::telegram::TelegramSender(
            self.channel.clone(),
        ))
    }

    /// Stops polling.
    pub fn stop(&self) {
        if let Some(p) = &self.poller {
            p.abort();
        }
    }
}

/// How long the start waits for the Bot API's word on the token before serving without it
/// (teloxide waits 10 s after a 5xx before it reports it).
const START_CHECK: std::time::Duration = std::time::Duration::from_secs(3);

/// Starts Telegram when `TELEGRAM_BOT_TOKEN` is set: checks the token (`getMe`), then, in the
/// background, sets the commands menu in every locale and either registers the webhook
/// (`TELEGRAM_WEBHOOK_URL`) or starts long polling. Only a token the Bot API refuses (401 or
/// 404) stops the start: a Bot API that cannot be reached, or gives no answer within
/// [`START_CHECK`], leaves Telegram degraded while the
/// rest of the service serves, and the background task tries again with backoff until it
/// answers.
pub async fn start(
    host: Arc<crate::app::Host>,
    settings: &crate::config::Settings,
) -> anyhow::Result<Option<Started>> {
    use crate::channels::telegram::TelegramError;
    let Some(token) = settings
        .telegram_bot_token
        .as_deref()
        .filter(|t| !t.is_empty())
    else {
        tracing::warn!("Telegram channel off: TELEGRAM_BOT_TOKEN is not set");
        return Ok(None);
    };
    let mut config = crate::channels::telegram::TelegramConfig::new(
        token,
        Some(settings.telegram_api_url.as_str()),
    );
    if settings.telegram_send_limits == "off" {
        tracing::warn!("Telegram: sending limits off (TELEGRAM_SEND_LIMITS=off)");
        config.limits = None;
    }
    let channel = Arc::new(Telegram::new(host, &config)?);
    // What a crash left unsent goes first, before any update is taken.
    channel.resume_replies().await;
    let webhook = match settings
        .telegram_webhook_url
        .as_deref()
        .filter(|u| !u.is_empty())
    {
        Some(url) => {
            let secret = crate::channels::telegram::webhook_secret(
                token,
                settings.telegram_webhook_secret.as_deref(),
            );
            let hook = TelegramWebhook::new(channel.clone(), url, secret)
                .map_err(|e| anyhow::anyhow!(e))?;
            Some((Arc::new(hook), url.to_string()))
        }
        None => None,
    };
    let checked = match tokio::time::timeout(START_CHECK, channel.check()).await {
        Ok(Ok(())) => true,
        Ok(Err(e @ TelegramError::TokenRefused(_))) => {
            anyhow::bail!("Telegram: {e}; the service does not start with a refused token")
        }
        Ok(Err(e)) => {
            tracing::warn!(
                error = %e,
                "Telegram degraded: the other channels and the dashboard serve, Telegram \
                 starts as soon as the Bot API answers"
            );
            false
        }
        Err(_) => {
            crate::metrics::record_dependency(crate::metrics::Dependency::Telegram, false);
            tracing::warn!(
                "Telegram degraded: the Bot API gave no answer to getMe within {} s; the \
                 other channels and the dashboard serve, Telegram starts as soon as it answers",
                START_CHECK.as_secs()
            );
            false
        }
    };
    let hook = webhook.as_ref().map(|(h, _)| h.clone());
    let task = tokio::spawn(run(channel.clone(), webhook, checked));
    Ok(Some(Started {
        channel,
        webhook: hook,
        poller: Some(task),
    }))
}

/// The rest of the start, in the background: `getMe` until it answers (unless it did), the
/// commands menu, then `setWebhook` until it is accepted, or long polling.
async fn run(
    channel: Arc<Telegram>,
    webhook: Option<(Arc<TelegramWebhook>, String)>,
    checked: bool,
) {
    if !checked {
        channel.until_done("getMe", || channel.check()).await;
        tracing::info!("Telegram: the Bot API answers again");
    }
    if let Err(e) = channel.set_commands().await {
        tracing::warn!(error = %e, "Telegram: the commands menu was not set");
    }
    match webhook {
        Some((hook, url)) => {
            channel
                .until_done("setWebhook", || channel.set_webhook(&url, &hook.secret))
                .await;
            tracing::info!("Telegram channel on: webhook");
        }
        None => {
            tracing::info!("Telegram channel on: long polling");
            channel.clone().poll(std::future::pending()).await;
        }
    }
}
