//! Telegram, through teloxide: updates in (long polling or the webhook in `web/telegram.rs`),
//! replies out with inline keyboards, the commands menu in every locale, and the outbox's
//! messages (reminders, calendar files, staff messages).
//!
//! Every update goes to its chat's queue: updates of one chat are processed in order, different
//! chats in parallel, and outbound messages take the same queue so a chat's messages never
//! overtake each other. An update id seen before changes nothing; the host also remembers the
//! id of every message with the reply it got.

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use dashmap::DashMap;
use teloxide::adaptors::Throttle;
use teloxide::adaptors::throttle::Limits;
use teloxide::prelude::*;
use teloxide::types::{
    AllowedUpdate, BotCommand, BotCommandScope, ChatId, InlineKeyboardButton,
    InlineKeyboardButtonKind, InlineKeyboardMarkup, InputFile, MessageId, ParseMode, Recipient,
    UpdateKind,
};
use teloxide::{ApiError, RequestError};
use tokio::sync::{mpsc, oneshot};

use crate::app::{Host, Inbound, Reply};
use crate::core::{Channel, ConvKey};
use crate::engine::{Effect, Input, Msg};
use crate::i18n::Isolation;
use crate::i18n::render::Surface;
use crate::notify::{SendError, SendFuture, Sender};

/// The longest message Telegram takes, in UTF-16 code units.
pub const MAX_MESSAGE_UNITS: usize = 4096;
/// The longest `callback_data` Telegram takes, in bytes.
pub const MAX_CALLBACK_BYTES: usize = 64;
/// Labels longer than this are cut (with an ellipsis) so they fit on a phone's button.
pub const MAX_LABEL_CHARS: usize = 48;
/// Labels up to this many characters go two to a row.
const SHORT_LABEL_CHARS: usize = 14;
/// The `callback_data` of an answered keyboard: any tap on it is told the question is closed.
pub const CLOSED_DATA: &str = "-";
/// How many update ids are remembered to drop redeliveries before they reach the host.
const SEEN_UPDATES: usize = 8192;
/// A chat's queue ends after this long without work (a new one starts on the next update).
const QUEUE_IDLE: Duration = Duration::from_secs(30);
/// Sends retried after a `retry_after` (429) before giving up to the caller.
const RETRY_AFTER_ATTEMPTS: u32 = 5;

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
    /// Telegram's limits, honoured by teloxide's `Throttle`; `None` sends at once (benchmarks).
    pub limits: Option<Limits>,
    /// Seconds a `getUpdates` call waits for updates.
    pub poll_timeout: u32,
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
    #[error("the Bot API refused a request: {0}")]
    Api(String),
}

/// What a chat's queue does.
enum Work {
    Update(Box<Update>),
    Text(String),
    Calendar { file_name: String, ics: String },
}

struct Job {
    work: Work,
    done: oneshot::Sender<Result<(), SendError>>,
}

/// The last keyboard sent to a chat, while it still waits for a tap.
#[derive(Debug, Clone)]
struct OpenKeyboard {
    message: MessageId,
    buttons: Vec<(String, String)>,
}

/// Recent update ids.
#[derive(Default)]
struct Seen {
    set: HashSet<u32>,
    order: VecDeque<u32>,
}

/// How many things the channel did (for the benchmark and the logs).
#[derive(Debug, Default)]
pub struct Counters {
    pub updates: std::sync::atomic::AtomicU64,
    pub duplicates: std::sync::atomic::AtomicU64,
    pub sent: std::sync::atomic::AtomicU64,
    pub unreachable: std::sync::atomic::AtomicU64,
}

/// The Telegram channel.
pub struct Telegram {
    host: Arc<Host>,
    bot: Bot,
    throttled: Option<Throttle<Bot>>,
    poll_timeout: u32,
    queues: Mutex<HashMap<i64, mpsc::UnboundedSender<Job>>>,
    seen: Mutex<Seen>,
    keyboards: DashMap<i64, OpenKeyboard>,
    /// Group chats already told that the bot works in private chats only.
    groups_told: DashMap<i64, ()>,
    pub counters: Counters,
}

impl std::fmt::Debug for Telegram {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Telegram")
            .field("throttled", &self.throttled.is_some())
            .finish_non_exhaustive()
    }
}

/// Sends a request through the throttled bot when there is one, else straight.
macro_rules! via {
    ($self:ident, |$api:ident| $body:expr) => {
        match &$self.throttled {
            Some($api) => $body,
            None => {
                let $api = &$self.bot;
                $body
            }
        }
    };
}

impl Telegram {
    /// The channel over a host. Starts teloxide's throttling worker, so call it inside the
    /// runtime.
    pub fn new(host: Arc<Host>, config: &TelegramConfig) -> Result<Self, TelegramError> {
        let mut bot = Bot::new(config.token.clone());
        if let Some(url) = &config.api_url {
            let url = reqwest::Url::parse(url).map_err(|_| TelegramError::ApiUrl)?;
            bot = bot.set_api_url(url);
        }
        let throttled = config
            .limits
            .map(|limits| Throttle::new_spawn(bot.clone(), limits));
        Ok(Self {
            host,
            bot,
            throttled,
            poll_timeout: config.poll_timeout,
            queues: Mutex::new(HashMap::new()),
            seen: Mutex::new(Seen::default()),
            keyboards: DashMap::new(),
            groups_told: DashMap::new(),
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
        self.bot
            .get_me()
            .await
            .map(|_| ())
            .map_err(|e| TelegramError::Api(describe(&e)))
    }

    /// Sets the commands menu in every locale (the reference locale is also the default).
    pub async fn set_commands(&self) -> Result<(), TelegramError> {
        let locales = &self.host.catalog().locales;
        for tag in locales.tags() {
            self.bot
                .set_my_commands(self.commands_in(tag))
                .language_code(tag.clone())
                .await
                .map_err(|e| TelegramError::Api(describe(&e)))?;
        }
        self.bot
            .set_my_commands(self.commands_in(crate::i18n::REFERENCE))
            .await
            .map_err(|e| TelegramError::Api(describe(&e)))?;
        Ok(())
    }

    fn commands_in(&self, locale: &str) -> Vec<BotCommand> {
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
        self.bot
            .set_webhook(url)
            .secret_token(secret)
            .allowed_updates(ALLOWED_UPDATES)
            .await
            .map(|_| ())
            .map_err(|e| TelegramError::Api(describe(&e)))
    }

    /// Long polling until `shutdown` completes. Each batch is processed (chats in parallel)
    /// before the next `getUpdates` confirms it, so a crash never loses an update.
    pub async fn poll(self: Arc<Self>, shutdown: impl std::future::Future<Output = ()>) {
        tokio::pin!(shutdown);
        if let Err(e) = self.bot.delete_webhook().await {
            tracing::warn!(error = %describe(&e), "Telegram: deleteWebhook failed");
        }
        let mut offset: i32 = 0;
        let mut backoff = 1u64;
        loop {
            let request = self
                .bot
                .get_updates()
                .offset(offset)
                .timeout(self.poll_timeout)
                .allowed_updates(ALLOWED_UPDATES);
            let result = tokio::select! {
                () = &mut shutdown => return,
                r = request.send() => r,
            };
            match result {
                Ok(updates) => {
                    backoff = 1;
                    let mut waits = Vec::with_capacity(updates.len());
                    for u in updates {
                        offset = offset.max(i32::try_from(u.id.0).unwrap_or(i32::MAX - 1) + 1);
                        waits.push(self.submit(u));
                    }
                    for w in waits {
                        let _ = w.await;
                    }
                }
                Err(e) => {
                    let wait = match &e {
                        RequestError::RetryAfter(s) => u64::from(s.seconds()),
                        RequestError::Api(ApiError::TerminatedByOtherGetUpdates) => {
                            tracing::error!(
                                "Telegram: another instance is polling with this token; only one may"
                            );
                            30
                        }
                        _ => {
                            tracing::warn!(error = %describe(&e), "Telegram: getUpdates failed");
                            backoff = (backoff * 2).min(30);
                            backoff
                        }
                    };
                    tokio::select! {
                        () = &mut shutdown => return,
                        () = tokio::time::sleep(Duration::from_secs(wait)) => {}
                    }
                }
            }
        }
    }

    /// Queues an update on its chat; the receiver says when it was processed. A redelivered
    /// update id is dropped at once.
    pub fn submit(self: &Arc<Self>, update: Update) -> oneshot::Receiver<Result<(), SendError>> {
        let id = update.id.0;
        {
            let mut seen = self.seen.lock().expect("seen lock");
            if !seen.set.insert(id) {
                self.counters
                    .duplicates
                    .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let (tx, rx) = oneshot::channel();
                let _ = tx.send(Ok(()));
                return rx;
            }
            seen.order.push_back(id);
            if seen.order.len() > SEEN_UPDATES {
                if let Some(old) = seen.order.pop_front() {
                    seen.set.remove(&old);
                }
            }
        }
        let chat = update.chat().map_or(0, |c| c.id.0);
        self.enqueue(chat, Work::Update(Box::new(update)))
    }

    fn enqueue(
        self: &Arc<Self>,
        chat: i64,
        work: Work,
    ) -> oneshot::Receiver<Result<(), SendError>> {
        let (done, rx) = oneshot::channel();
        let mut job = Job { work, done };
        let mut queues = self.queues.lock().expect("queue lock");
        if let Some(tx) = queues.get(&chat) {
            match tx.send(job) {
                Ok(()) => return rx,
                // The queue just ended: start another.
                Err(mpsc::error::SendError(j)) => job = j,
            }
        }
        let (tx, queue) = mpsc::unbounded_channel();
        let _ = tx.send(job);
        queues.insert(chat, tx);
        tokio::spawn(self.clone().run_queue(chat, queue));
        rx
    }

    async fn run_queue(self: Arc<Self>, chat: i64, mut queue: mpsc::UnboundedReceiver<Job>) {
        loop {
            let job = match tokio::time::timeout(QUEUE_IDLE, queue.recv()).await {
                Ok(Some(job)) => job,
                Ok(None) => return,
                Err(_) => {
                    let mut queues = self.queues.lock().expect("queue lock");
                    match queue.try_recv() {
                        Ok(job) => job,
                        Err(_) => {
                            queues.remove(&chat);
                            return;
                        }
                    }
                }
            };
            let result = match job.work {
                Work::Update(update) => {
                    let id = update.id.0;
                    let r = self.process(*update).await;
                    if r.is_err() {
                        // Not done: a redelivery may try again.
                        self.seen.lock().expect("seen lock").set.remove(&id);
                    }
                    r
                }
                Work::Text(text) => self.deliver_text(chat, &text).await,
                Work::Calendar { file_name, ics } => {
                    self.deliver_calendar(chat, &file_name, ics).await
                }
            };
            let _ = job.done.send(result);
        }
    }

    /// Processes one update.
    async fn process(&self, update: Update) -> Result<(), SendError> {
        self.counters
            .updates
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let id = update.id.0;
        match update.kind {
            UpdateKind::Message(m) => self.on_message(id, &m).await,
            UpdateKind::EditedMessage(m) => {
                if m.chat.is_private() {
                    let hint = m.from.as_ref().and_then(|u| u.language_code.as_deref());
                    self.say(m.chat.id.0, "telegram-edited", hint).await
                } else {
                    Ok(())
                }
            }
            UpdateKind::CallbackQuery(q) => self.on_callback(&q).await,
            UpdateKind::MyChatMember(c) if c.chat.is_private() => {
                let key = key_of(c.chat.id.0);
                if c.new_chat_member.is_banned() {
                    // The person blocked the bot: nothing more is sent; staff see it.
                    self.host.opt_out(&key).await.map_err(storage)?;
                } else if c.new_chat_member.is_member() {
                    self.host.opt_in(&key).await.map_err(storage)?;
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }

    async fn on_message(&self, update_id: u32, m: &Message) -> Result<(), SendError> {
        let chat = m.chat.id.0;
        let hint = m.from.as_ref().and_then(|u| u.language_code.clone());
        if m.from.as_ref().is_some_and(|u| u.is_bot) {
            return Ok(());
        }
        if !m.chat.is_private() {
            if !is_service(m) && self.groups_told.insert(chat, ()).is_none() {
                return self
                    .say(chat, "telegram-private-only", hint.as_deref())
                    .await;
            }
            return Ok(());
        }
        let input = match m.text() {
            Some(text) => command_input(text),
            None => {
                return match unsupported(m) {
                    Some(id) => self.say(chat, id, hint.as_deref()).await,
                    None => Ok(()),
                };
            }
        };
        let key = key_of(chat);
        if self.host.opted_out(&key).await.map_err(storage)? {
            // Writing again means the person unblocked the bot.
            self.host.opt_in(&key).await.map_err(storage)?;
        }
        let reply = self
            .host
            .handle(
                Inbound {
                    key,
                    input,
                    // Telegram may restart its numbering after a week of silence: the
                    // message's date keeps the key unique.
                    external_id: Some(format!("u:{update_id}:{}", m.date.timestamp())),
                    language_hint: hint,
                },
                Surface::Buttons,
            )
            .await
            .map_err(|e| {
                tracing::error!(error = %e, "Telegram: turn failed");
                SendError::Retry("turn failed".into())
            })?;
        if reply.duplicate {
            return Ok(());
        }
        // A typed answer: the keyboard still under the last question is closed.
        if let Some((_, open)) = self.keyboards.remove(&chat) {
            let _ = self
                .bot
                .edit_message_reply_markup(ChatId(chat), open.message)
                .reply_markup(InlineKeyboardMarkup::default())
                .await;
        }
        self.answer(chat, &reply).await
    }

    async fn on_callback(&self, q: &CallbackQuery) -> Result<(), SendError> {
        let Some(message) = &q.message else {
            self.answer_callback(q, None).await;
            return Ok(());
        };
        let chat = message.chat().id.0;
        let hint = q.from.language_code.clone();
        let key = key_of(chat);
        let open = self.keyboards.get(&chat).map(|k| k.clone());
        let parsed = q.data.as_deref().and_then(parse_data);
        let option = match (parsed, &open) {
            // A keyboard other than the last one sent: closed, whatever its numbers say.
            (_, Some(k)) if k.message != message.id() => None,
            (Some((turn, Tap::Id(option))), _) => Some((turn, option)),
            (Some((turn, Tap::Index(i))), Some(k)) => k
                .buttons
                .get(i)
                .and_then(|(_, data)| data.split_once(':'))
                .map(|(_, o)| (turn, o.to_string())),
            _ => None,
        };
        let Some((turn, option)) = option.filter(|_| message.chat().is_private()) else {
            let locale = self.locale_of(&key, hint.as_deref()).await?;
            let closed = self.render(&locale, "engine-stale-choice");
            self.answer_callback(q, Some(&closed)).await;
            return Ok(());
        };
        let reply = self
            .host
            .handle(
                Inbound {
                    key,
                    input: Input::Option { turn, option },
                    external_id: Some(format!("c:{}", q.id.0)),
                    language_hint: hint,
                },
                Surface::Buttons,
            )
            .await;
        let reply = match reply {
            Ok(r) => r,
            Err(e) => {
                tracing::error!(error = %e, "Telegram: turn failed");
                self.answer_callback(q, None).await;
                return Err(SendError::Retry("turn failed".into()));
            }
        };
        if reply.duplicate {
            self.answer_callback(q, None).await;
            return Ok(());
        }
        if reply.effects.contains(&Effect::Stale) {
            self.answer_callback(q, Some(&reply.text)).await;
            return Ok(());
        }
        self.answer_callback(q, None).await;
        // The keyboard becomes the answer chosen, so the conversation reads well.
        let chosen = q.data.as_deref().and_then(|d| {
            let from_message = message
                .regular_message()
                .and_then(|m| m.reply_markup())
                .and_then(|kb| {
                    kb.inline_keyboard
                        .iter()
                        .flatten()
                        .find_map(|b| match &b.kind {
                            InlineKeyboardButtonKind::CallbackData(x) if x == d => {
                                Some(b.text.clone())
                            }
                            _ => None,
                        })
                });
            from_message.or_else(|| {
                open.as_ref().and_then(|k| {
                    k.buttons
                        .iter()
                        .enumerate()
                        .find(|(i, (_, data))| callback_data(data, *i) == d)
                        .map(|(_, (label, _))| fit_label(label))
                })
            })
        });
        self.keyboards.remove(&chat);
        let markup = chosen.map_or_else(InlineKeyboardMarkup::default, |label| {
            InlineKeyboardMarkup::new([[InlineKeyboardButton::callback(
                format!("✓ {label}"),
                CLOSED_DATA,
            )]])
        });
        let _ = self
            .bot
            .edit_message_reply_markup(ChatId(chat), message.id())
            .reply_markup(markup)
            .await;
        self.answer(chat, &reply).await
    }

    async fn answer_callback(&self, q: &CallbackQuery, text: Option<&str>) {
        let mut request = self.bot.answer_callback_query(q.id.clone());
        if let Some(t) = text.filter(|t| !t.is_empty()) {
            request = request.text(cut_chars(t, 200));
        }
        if let Err(e) = request.await {
            tracing::warn!(error = %describe(&e), "Telegram: answerCallbackQuery failed");
        }
    }

    /// Sends the host's reply: the text in pieces Telegram takes, the keyboard under the last.
    async fn answer(&self, chat: i64, reply: &Reply) -> Result<(), SendError> {
        for e in &reply.effects {
            if let Effect::LocaleChanged(locale) = e {
                // The commands menu follows the person's language.
                let r = self
                    .bot
                    .set_my_commands(self.commands_in(locale))
                    .scope(BotCommandScope::Chat {
                        chat_id: Recipient::Id(ChatId(chat)),
                    })
                    .await;
                if let Err(e) = r {
                    tracing::warn!(error = %describe(&e), "Telegram: setMyCommands failed");
                }
            }
        }
        if reply.text.trim().is_empty() {
            return Ok(());
        }
        let pieces = split_message(&reply.text, MAX_MESSAGE_UNITS);
        let last = pieces.len() - 1;
        for (i, piece) in pieces.iter().enumerate() {
            let markup = (i == last && !reply.buttons.is_empty()).then(|| keyboard(&reply.buttons));
            match self.send_text(chat, piece, markup).await {
                Ok(m) => {
                    if i == last && !reply.buttons.is_empty() {
                        self.keyboards.insert(
                            chat,
                            OpenKeyboard {
                                message: m.id,
                                buttons: reply.buttons.clone(),
                            },
                        );
                    }
                }
                Err(e) => return self.failed(chat, &e).await,
            }
        }
        Ok(())
    }

    /// A send failed: a blocked bot marks the person unreachable and stops sending.
    async fn failed(&self, chat: i64, e: &RequestError) -> Result<(), SendError> {
        match classify(e) {
            SendError::Unreachable => {
                self.counters
                    .unreachable
                    .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                self.keyboards.remove(&chat);
                self.host.opt_out(&key_of(chat)).await.map_err(storage)?;
                tracing::info!("Telegram: a person blocked the bot; marked unreachable");
                Ok(())
            }
            other => {
                tracing::warn!(error = %describe(e), "Telegram: sending a reply failed");
                Err(other)
            }
        }
    }

    async fn send_text(
        &self,
        chat: i64,
        text: &str,
        markup: Option<InlineKeyboardMarkup>,
    ) -> Result<Message, RequestError> {
        let text = escape_html(text);
        let mut attempt = 0;
        loop {
            let result = via!(self, |api| {
                let mut r = api
                    .send_message(ChatId(chat), text.clone())
                    .parse_mode(ParseMode::Html);
                if let Some(m) = &markup {
                    r = r.reply_markup(m.clone());
                }
                r.await
            });
            match result {
                Err(RequestError::RetryAfter(s)) if attempt < RETRY_AFTER_ATTEMPTS => {
                    attempt += 1;
                    tokio::time::sleep(Duration::from_secs(u64::from(s.seconds()))).await;
                }
                Ok(m) => {
                    self.counters
                        .sent
                        .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    return Ok(m);
                }
                Err(e) => return Err(e),
            }
        }
    }

    /// A short message in the person's language, outside the dialogue.
    async fn say(&self, chat: i64, id: &str, hint: Option<&str>) -> Result<(), SendError> {
        let locale = self.locale_of(&key_of(chat), hint).await?;
        let text = self.render(&locale, id);
        match self.send_text(chat, &text, None).await {
            Ok(_) => Ok(()),
            Err(e) => self.failed(chat, &e).await,
        }
    }

    fn render(&self, locale: &str, id: &str) -> String {
        self.host
            .catalog()
            .locales
            .render(locale, &Msg::new(id), Isolation::Isolated)
    }

    /// The person's language: their conversation's, else their app's.
    async fn locale_of(&self, key: &ConvKey, hint: Option<&str>) -> Result<String, SendError> {
        let session = self.host.session_of(key).await.map_err(|e| {
            tracing::error!(error = %e, "Telegram: reading a session");
            SendError::Retry("storage".into())
        })?;
        Ok(session.map_or_else(|| self.host.catalog().locales.negotiate(hint), |s| s.locale))
    }

    async fn deliver_text(&self, chat: i64, text: &str) -> Result<(), SendError> {
        if self.host.opted_out(&key_of(chat)).await.map_err(storage)? {
            return Err(SendError::Unreachable);
        }
        for piece in split_message(text, MAX_MESSAGE_UNITS) {
            self.send_text(chat, &piece, None)
                .await
                .map_err(|e| classify(&e))?;
        }
        Ok(())
    }

    async fn deliver_calendar(
        &self,
        chat: i64,
        file_name: &str,
        ics: String,
    ) -> Result<(), SendError> {
        if self.host.opted_out(&key_of(chat)).await.map_err(storage)? {
            return Err(SendError::Unreachable);
        }
        let mut attempt = 0;
        loop {
            let file = InputFile::memory(ics.clone().into_bytes()).file_name(file_name.to_string());
            let result = via!(self, |api| api.send_document(ChatId(chat), file).await);
            match result {
                Err(RequestError::RetryAfter(s)) if attempt < RETRY_AFTER_ATTEMPTS => {
                    attempt += 1;
                    tokio::time::sleep(Duration::from_secs(u64::from(s.seconds()))).await;
                }
                Ok(_) => {
                    self.counters
                        .sent
                        .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    return Ok(());
                }
                Err(e) => return Err(classify(&e)),
            }
        }
    }

    async fn outbound(self: Arc<Self>, address: &str, work: Work) -> Result<(), SendError> {
        let chat: i64 = address
            .parse()
            .map_err(|_| SendError::Rejected("not a Telegram chat id".into()))?;
        self.enqueue(chat, work)
            .await
            .unwrap_or_else(|_| Err(SendError::Retry("queue closed".into())))
    }
}

/// The outbox's messages go through the chat's queue, after what is already queued for it.
#[derive(Debug, Clone)]
pub struct TelegramSender(pub Arc<Telegram>);

impl Sender for TelegramSender {
    fn send<'a>(&'a self, address: &'a str, text: &'a str) -> SendFuture<'a> {
        Box::pin(
            self.0
                .clone()
                .outbound(address, Work::Text(text.to_string())),
        )
    }

    fn send_calendar<'a>(
        &'a self,
        address: &'a str,
        file_name: &'a str,
        ics: &'a str,
    ) -> SendFuture<'a> {
        Box::pin(self.0.clone().outbound(
            address,
            Work::Calendar {
                file_name: file_name.to_string(),
                ics: ics.to_string(),
            },
        ))
    }
}

fn key_of(chat: i64) -> ConvKey {
    ConvKey::new(Channel::Telegram, chat.to_string())
}

fn storage(e: crate::app::HostError) -> SendError {
    tracing::error!(error = %e, "Telegram: storage");
    SendError::Retry("storage".into())
}

/// How a failed request is handled: blocked or gone is unreachable, a pause or the network is
/// tried again later, anything else is refused for good.
fn classify(e: &RequestError) -> SendError {
    match e {
        RequestError::Api(
            ApiError::BotBlocked
            | ApiError::UserDeactivated
            | ApiError::BotKicked
            | ApiError::BotKickedFromSupergroup
            | ApiError::ChatNotFound
            | ApiError::CantInitiateConversation
            | ApiError::CantTalkWithBots,
        ) => SendError::Unreachable,
        RequestError::RetryAfter(_) | RequestError::Network(_) | RequestError::Io(_) => {
            SendError::Retry(describe(e))
        }
        RequestError::Api(ApiError::Unknown(d)) if d.contains("Internal Server Error") => {
            SendError::Retry(describe(e))
        }
        _ => SendError::Rejected(describe(e)),
    }
}

/// An error's description without anything personal (Telegram's own words, or the kind).
fn describe(e: &RequestError) -> String {
    match e {
        RequestError::Api(a) => a.to_string(),
        RequestError::RetryAfter(s) => format!("retry after {} s", s.seconds()),
        RequestError::Network(_) => "network error".into(),
        RequestError::Io(_) => "I/O error".into(),
        RequestError::InvalidJson { .. } => "invalid JSON from the Bot API".into(),
        RequestError::MigrateToChatId(_) => "chat migrated".into(),
    }
}

/// What a typed text means: `/start` opens (or resumes) the conversation, the menu's commands
/// become the engine's, anything else is an answer.
#[must_use]
pub fn command_input(text: &str) -> Input {
    let trimmed = text.trim();
    if let Some(rest) = trimmed.strip_prefix('/') {
        let name = rest
            .split(|c: char| c == '@' || c.is_whitespace())
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        if name == "start" {
            return Input::Start;
        }
        if let Some((_, engine, _)) = MENU.iter().find(|(n, _, _)| *n == name) {
            return Input::Text((*engine).to_string());
        }
    }
    Input::Text(text.to_string())
}

/// The kind reply to a message that is not text, or `None` for a service message.
fn unsupported(m: &Message) -> Option<&'static str> {
    if m.voice().is_some() || m.audio().is_some() || m.video_note().is_some() {
        Some("telegram-voice")
    } else if m.location().is_some() || m.venue().is_some() {
        Some("telegram-location")
    } else if m.contact().is_some() {
        Some("telegram-contact")
    } else if is_service(m) {
        None
    } else {
        Some("telegram-unsupported")
    }
}

/// A message about the chat (members, title, pins) rather than from a person.
fn is_service(m: &Message) -> bool {
    !matches!(m.kind, teloxide::types::MessageKind::Common(_))
}

/// A tap's meaning: the option id, or its place in the keyboard when the id was too long.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tap {
    Id(String),
    Index(usize),
}

/// Reads `callback_data`: `<turn>:<option>` or `<turn>:#<index>`.
#[must_use]
pub fn parse_data(data: &str) -> Option<(u32, Tap)> {
    let (turn, rest) = data.split_once(':')?;
    let turn = turn.parse().ok()?;
    if rest.is_empty() {
        return None;
    }
    Some(match rest.strip_prefix('#') {
        Some(i) => (turn, Tap::Index(i.parse().ok()?)),
        None => (turn, Tap::Id(rest.to_string())),
    })
}

/// The `callback_data` of the button at `index`: the host's `<turn>:<option>`, or
/// `<turn>:#<index>` when that would pass Telegram's 64 bytes.
#[must_use]
pub fn callback_data(data: &str, index: usize) -> String {
    if data.len() <= MAX_CALLBACK_BYTES {
        return data.to_string();
    }
    let turn = data.split_once(':').map_or("0", |(t, _)| t);
    format!("{turn}:#{index}")
}

fn cut_chars(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

fn fit_label(label: &str) -> String {
    cut_chars(label.trim(), MAX_LABEL_CHARS)
}

/// The inline keyboard of a question: short labels two to a row, long ones one a row.
#[must_use]
pub fn keyboard(buttons: &[(String, String)]) -> InlineKeyboardMarkup {
    let short = buttons
        .iter()
        .all(|(label, _)| label.chars().count() <= SHORT_LABEL_CHARS);
    let per_row = if short { 2 } else { 1 };
    let all: Vec<InlineKeyboardButton> = buttons
        .iter()
        .enumerate()
        .map(|(i, (label, data))| {
            InlineKeyboardButton::callback(fit_label(label), callback_data(data, i))
        })
        .collect();
    InlineKeyboardMarkup::new(all.chunks(per_row).map(<[InlineKeyboardButton]>::to_vec))
}

/// Escapes text for Telegram's HTML parse mode.
#[must_use]
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
    out
}

/// Length in UTF-16 code units, as Telegram counts.
#[must_use]
pub fn utf16_len(text: &str) -> usize {
    text.chars().map(char::len_utf16).sum()
}

/// Splits a text into pieces of at most `max` UTF-16 units, at a paragraph, a line or a
/// sentence end when there is one in the second half of the piece, else at a space.
#[must_use]
pub fn split_message(text: &str, max: usize) -> Vec<String> {
    let max = max.max(2);
    let mut out = Vec::new();
    let mut rest = text.trim();
    while utf16_len(rest) > max {
        // The longest prefix that fits, on a char boundary.
        let mut units = 0;
        let mut end = 0;
        for (i, c) in rest.char_indices() {
            if units + c.len_utf16() > max {
                break;
            }
            units += c.len_utf16();
            end = i + c.len_utf8();
        }
        let head = &rest[..end];
        let half = end / 2;
        let sentence = |s: &str| -> Option<usize> {
            let chars: Vec<(usize, char)> = s.char_indices().collect();
            chars
                .windows(2)
                .rev()
                .find(|w| {
                    matches!(w[0].1, '.' | '!' | '?' | '…' | '؟' | '。') && w[1].1.is_whitespace()
                })
                .map(|w| w[1].0)
        };
        let cut = [head.rfind("\n\n"), head.rfind('\n'), sentence(head)]
            .into_iter()
            .flatten()
            .find(|&p| p >= half && p > 0)
            .or_else(|| head.rfind(char::is_whitespace).filter(|&p| p > 0))
            .unwrap_or(end);
        let piece = rest[..cut].trim_end();
        if !piece.is_empty() {
            out.push(piece.to_string());
        }
        rest = rest[cut..].trim_start();
    }
    if !rest.is_empty() || out.is_empty() {
        out.push(rest.to_string());
    }
    out
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
    fn long_texts_split_at_sentences_within_the_limit() {
        let sentence = "Voici une phrase assez longue pour remplir le message. ";
        let text = sentence.repeat(200);
        let pieces = split_message(&text, MAX_MESSAGE_UNITS);
        assert!(pieces.len() > 1);
        for p in &pieces {
            assert!(utf16_len(p) <= MAX_MESSAGE_UNITS);
            assert!(
                p.ends_with('.'),
                "cut at a sentence end: {:?}",
                &p[p.len() - 20..]
            );
        }
        assert_eq!(pieces.join(" "), text.trim());
    }

    #[test]
    fn splitting_counts_utf16_units_and_never_cuts_a_character() {
        // An emoji is two UTF-16 units: 3000 of them are 6000 units.
        let text = "😀".repeat(3000);
        let pieces = split_message(&text, MAX_MESSAGE_UNITS);
        assert_eq!(pieces.len(), 2);
        assert_eq!(utf16_len(&pieces[0]), 4096);
        assert_eq!(pieces.concat(), text);
        assert_eq!(split_message("court", 4096), vec!["court".to_string()]);
    }

    #[test]
    fn paragraphs_are_preferred() {
        let text = format!("{}\n\n{}", "a. ".repeat(30).trim(), "b ".repeat(30).trim());
        let pieces = split_message(&text, 100);
        assert_eq!(pieces[0], "a. ".repeat(30).trim());
    }

    #[test]
    fn html_is_escaped() {
        assert_eq!(escape_html("a <b> & c"), "a &lt;b&gt; &amp; c");
    }

    #[test]
    fn callback_data_stays_within_64_bytes() {
        assert_eq!(callback_data("3:yes", 0), "3:yes");
        let long = format!("12:{}", "x".repeat(80));
        assert_eq!(callback_data(&long, 4), "12:#4");
        assert_eq!(parse_data("12:#4"), Some((12, Tap::Index(4))));
        assert_eq!(parse_data("3:yes"), Some((3, Tap::Id("yes".into()))));
        assert_eq!(parse_data(CLOSED_DATA), None);
        assert_eq!(parse_data("x:yes"), None);
    }

    #[test]
    fn keyboards_put_short_labels_in_pairs() {
        let b = |l: &str, d: &str| (l.to_string(), d.to_string());
        let kb = keyboard(&[b("Oui", "1:yes"), b("Non", "1:no")]);
        assert_eq!(kb.inline_keyboard.len(), 1);
        let kb = keyboard(&[
            b("Oui", "1:yes"),
            b("Non", "1:no"),
            b("Je préfère ne pas répondre", "1:rather_not"),
        ]);
        assert_eq!(kb.inline_keyboard.len(), 3);
        let kb = keyboard(&[b(&"x".repeat(100), "1:a")]);
        assert_eq!(
            kb.inline_keyboard[0][0].text.chars().count(),
            MAX_LABEL_CHARS
        );
    }

    #[test]
    fn commands_map_to_the_engine() {
        assert_eq!(command_input("/start"), Input::Start);
        assert_eq!(command_input("/start ref42"), Input::Start);
        assert_eq!(
            command_input("/mydata@tremplin_bot"),
            Input::Text("/mydata".into())
        );
        assert_eq!(command_input("/help"), Input::Text("/help".into()));
        assert_eq!(command_input("bonjour"), Input::Text("bonjour".into()));
    }

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
