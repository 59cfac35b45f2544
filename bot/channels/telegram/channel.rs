//! The Telegram channel and its settings: the bot, its chat queues and open keyboards, the
//! commands menu, the start-up calls (`getMe`, `setMyCommands`, `setWebhook`) and the webhook
//! secret. The conversation is the host's, and the channel never touches storage or a clock.
//! Reading updates, ordering work and sending are the sibling files', as `impl Telegram` blocks.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use std::time::Duration;

use dashmap::DashMap;
use teloxide::prelude::*;
use teloxide::types::{AllowedUpdate, BotCommand};
use tokio::sync::mpsc;

use super::api::{call, call_once, describe};
use super::keyboard::OpenKeyboard;
use super::limits::{Limits, Pace};
use super::work::{Busy, Job, Seen, Undelivered};
use crate::app::{Host, HostError};
use crate::core::{Channel, ConvKey};
use crate::engine::Msg;
use crate::i18n::Isolation;
use crate::notify::SendError;

/// The updates the bot asks for.
pub const ALLOWED_UPDATES: [AllowedUpdate; 4] = [
    AllowedUpdate::Message,
    AllowedUpdate::EditedMessage,
    AllowedUpdate::CallbackQuery,
    AllowedUpdate::MyChatMember,
];

/// The commands of the menu: the name Telegram shows, the command the engine hears, and the
/// Fluent message of its description.
pub const MENU: [(&str, &str, &str); 8] = [
    ("start", "/start", "telegram-command-start"),
    ("help", "/help", "telegram-command-help"),
    ("language", "/language", "telegram-command-language"),
    ("back", "/back", "telegram-command-back"),
    ("human", "/human", "telegram-command-human"),
    (
        "appointment",
        "/appointment",
        "telegram-command-appointment",
    ),
    ("mydata", "/mydata", "telegram-command-mydata"),
    ("erase", "/erase", "telegram-command-erase"),
];

/// The channel's settings.
#[derive(Clone)]
pub struct TelegramConfig {
    pub token: String,
    /// The Bot API base URL (`https://api.telegram.org`; a local mock in tests).
    pub api_url: Option<String>,
    /// Telegram's sending limits; `None` sends at once (benchmarks).
    pub limits: Option<Limits>,
    /// Seconds a `getUpdates` call waits for updates.
    pub poll_timeout: u32,
    /// The longest one attempt at a request (other than `getUpdates`) may take.
    pub attempt: Duration,
    /// How long a reply keeps being tried before the chat is marked as not having it (it is
    /// sent again when the person writes or the update comes again).
    pub reply_budget: Duration,
}

impl TelegramConfig {
    /// Settings with Telegram's published limits.
    #[must_use]
    pub fn new(token: &str, api_url: Option<&str>) -> Self {
        Self {
            token: token.to_string(),
            api_url: api_url.map(str::to_string),
            limits: Some(Limits::default()),
            poll_timeout: 10,
            attempt: Duration::from_secs(10),
            reply_budget: Duration::from_secs(120),
        }
    }
}

impl std::fmt::Debug for TelegramConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TelegramConfig")
            .field("api_url", &self.api_url)
            .field("limits", &self.limits)
            .finish_non_exhaustive()
    }
}

/// Why the channel could not start.
#[derive(Debug, thiserror::Error)]
pub enum TelegramError {
    #[error("TELEGRAM_API_URL is not a valid URL")]
    ApiUrl,
    #[error("the Bot API refused the bot token ({0}): check TELEGRAM_BOT_TOKEN")]
    TokenRefused(String),
    #[error("the Bot API refused a request: {0}")]
    Api(String),
    #[error("the Bot API could not be reached: {0}")]
    Unreachable(String),
}

/// How many things the channel did (for the benchmark and the logs).
#[derive(Debug, Default)]
pub struct Counters {
    pub updates: AtomicU64,
    pub duplicates: AtomicU64,
    pub sent: AtomicU64,
    pub unreachable: AtomicU64,
}

/// The Telegram channel.
pub struct Telegram {
    pub(super) host: Arc<Host>,
    pub(super) bot: Bot,
    pub(super) limits: Option<Limits>,
    /// The pace of all chats together, when limits apply.
    pub(super) overall: Option<Pace>,
    pub(super) poll_timeout: u32,
    pub(super) attempt: Duration,
    pub(super) reply_budget: Duration,
    pub(super) queues: Mutex<HashMap<i64, mpsc::UnboundedSender<Job>>>,
    pub(super) seen: Mutex<Seen>,
    pub(super) keyboards: DashMap<i64, OpenKeyboard>,
    /// The last reply each chat did not get yet: while it is there, a typed answer or a tap
    /// is not taken, and the reply is sent again.
    pub(super) undelivered: DashMap<i64, Undelivered>,
    /// The language of each chat's commands menu, as last set.
    pub(super) menus: DashMap<i64, String>,
    /// What waits to be sent, over all chats.
    pub(super) busy: Arc<Busy>,
    pub counters: Counters,
}

impl std::fmt::Debug for Telegram {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Telegram")
            .field("limits", &self.limits)
            .finish_non_exhaustive()
    }
}

impl Telegram {
    /// The channel over a host.
    pub fn new(host: Arc<Host>, config: &TelegramConfig) -> Result<Self, TelegramError> {
        let mut bot = Bot::new(config.token.clone());
        if let Some(url) = &config.api_url {
            let url = reqwest::Url::parse(url).map_err(|_| TelegramError::ApiUrl)?;
            bot = bot.set_api_url(url);
        }
        Ok(Self {
            host,
            bot,
            limits: config.limits,
            overall: config.limits.as_ref().map(Pace::overall),
            poll_timeout: config.poll_timeout,
            attempt: config.attempt,
            reply_budget: config.reply_budget,
            queues: Mutex::new(HashMap::new()),
            seen: Mutex::new(Seen::default()),
            keyboards: DashMap::new(),
            undelivered: DashMap::new(),
            menus: DashMap::new(),
            busy: Arc::new(Busy::default()),
            counters: Counters::default(),
        })
    }

    /// The host of turns.
    #[must_use]
    pub fn host(&self) -> &Arc<Host> {
        &self.host
    }

    /// Checks the token against the Bot API (`getMe`).
    pub async fn check(&self) -> Result<(), TelegramError> {
        call_once(self.bot.get_me(), self.attempt)
            .await
            .map_err(api)?;
        reached(true);
        Ok(())
    }

    /// Calls `attempt` until it succeeds, waiting after each failure with capped exponential
    /// backoff and jitter (a refusal is logged as an error, a failure to reach the Bot API as
    /// a warning). Meanwhile the rest of the service goes on.
    pub async fn until_done<F, Fut>(&self, what: &str, mut attempt: F)
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = Result<(), TelegramError>>,
    {
        let mut backoff = super::api::Backoff::new();
        loop {
            match attempt().await {
                Ok(()) => return,
                Err(e @ TelegramError::Unreachable(_)) => {
                    tracing::warn!(error = %e, "Telegram: {what}: trying again");
                }
                Err(e) => tracing::error!(error = %e, "Telegram: {what}: trying again"),
            }
            tokio::time::sleep(backoff.next_wait()).await;
        }
    }

    /// Sets the commands menu in every locale (the reference locale is also the default).
    pub async fn set_commands(&self) -> Result<(), TelegramError> {
        let locales = &self.host.catalog().locales;
        for tag in locales.tags() {
            let request = self
                .bot
                .set_my_commands(self.commands_in(tag))
                .language_code(tag.clone());
            call(request, self.attempt).await.map_err(api)?;
        }
        call(
            self.bot
                .set_my_commands(self.commands_in(crate::i18n::REFERENCE)),
            self.attempt,
        )
        .await
        .map_err(api)?;
        Ok(())
    }

    /// The commands menu in a locale.
    pub(super) fn commands_in(&self, locale: &str) -> Vec<BotCommand> {
        let locales = &self.host.catalog().locales;
        MENU.iter()
            .map(|(name, _, id)| {
                BotCommand::new(
                    *name,
                    locales.render(locale, &Msg::new(*id), Isolation::Plain),
                )
            })
            .collect()
    }

    /// Asks Telegram to post updates to `url`, with the secret it must send back.
    pub async fn set_webhook(&self, url: &str, secret: &str) -> Result<(), TelegramError> {
        let url = reqwest::Url::parse(url).map_err(|_| TelegramError::ApiUrl)?;
        let request = self
            .bot
            .set_webhook(url)
            .secret_token(secret)
            .allowed_updates(ALLOWED_UPDATES);
        call_once(request, self.attempt).await.map_err(api)?;
        reached(true);
        Ok(())
    }
}

/// The conversation of a chat.
pub(super) fn key_of(chat: i64) -> ConvKey {
    ConvKey::new(Channel::Telegram, chat.to_string())
}

/// Counts one more of something.
pub(super) fn bump(counter: &AtomicU64) {
    counter.fetch_add(1, Ordering::Relaxed);
}

/// The host could not read or write: the work is tried again later.
pub(super) fn unavailable(e: HostError) -> SendError {
    tracing::error!(error = %e, "Telegram: storage");
    SendError::Retry("storage".into())
}

/// What a start-up request's error means: the token refused (401 or 404), another refusal,
/// or the Bot API not reached (counted, the dependency degraded).
fn api(e: teloxide::RequestError) -> TelegramError {
    use teloxide::{ApiError, RequestError};
    match &e {
        RequestError::Api(ApiError::InvalidToken) => TelegramError::TokenRefused(describe(&e)),
        e if super::api::unreachable(e) => {
            reached(false);
            TelegramError::Unreachable(describe(e))
        }
        e => TelegramError::Api(describe(e)),
    }
}

/// Records whether the Bot API answered.
pub(super) fn reached(answered: bool) {
    crate::metrics::record_dependency(crate::metrics::Dependency::Telegram, answered);
}

/// The webhook secret: the configured one, or one derived from the token (Telegram accepts
/// `A-Z a-z 0-9 _ -`, 1 to 256 characters).
#[must_use]
pub fn webhook_secret(token: &str, configured: Option<&str>) -> String {
    use hmac::{Hmac, Mac};
    if let Some(s) = configured.filter(|s| !s.is_empty()) {
        return s.to_string();
    }
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(token.as_bytes()).expect("any key length");
    mac.update(b"tremplin telegram webhook");
    mac.finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Whether a webhook secret is one Telegram accepts.
#[must_use]
pub fn valid_secret(secret: &str) -> bool {
    (1..=256).contains(&secret.len())
        && secret
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_valid_for_telegram() {
        let s = webhook_secret("123:abc", None);
        assert!(valid_secret(&s));
        assert_eq!(s, webhook_secret("123:abc", None));
        assert_ne!(s, webhook_secret("123:abd", None));
        assert_eq!(webhook_secret("t", Some("mine")), "mine");
        assert!(!valid_secret("with space"));
    }
}
