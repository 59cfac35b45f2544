//! Everything the channel sends: replies split into pieces with the keyboard under the last,
//! short notices, keyboard edits, callback answers, the commands menu and the outbox's texts and
//! calendar files, each at the chat's pace and tried again within its deadline. Every Bot API
//! call goes through `api`'s [`retry_until`]; a blocked bot marks the person unreachable.
//! Nothing here reads an update.

use std::time::Duration;

use teloxide::payloads::{EditMessageReplyMarkup, SendMessage};
use teloxide::prelude::*;
use teloxide::types::{
    BotCommandScope, CallbackQueryId, ChatId, InlineKeyboardMarkup, MessageId, ParseMode, Recipient,
};
use teloxide::{ApiError, RequestError};
use tokio::time::Instant;

use super::api::{call_until, describe, method_url, post, read_answer, retry_until, transient};
use super::channel::{Telegram, bump, key_of, unavailable};
use super::format::{MAX_MESSAGE_UNITS, cut_chars, escape_html, split_message};
use super::keyboard::{OpenKeyboard, keyboard, listing};
use super::limits::Pace;
use super::work::Undelivered;
use crate::app::Reply;
use crate::engine::Effect;
use crate::notify::SendError;

/// The longest text of a callback answer Telegram shows.
const MAX_CALLBACK_ANSWER_CHARS: usize = 200;

/// How long a keyboard edit keeps being tried (after that, the next message closes it).
const EDIT_BUDGET: Duration = Duration::from_secs(30);

/// The media type of a calendar file (RFC 5545).
const CALENDAR_TYPE: &str = "text/calendar; charset=utf-8";

/// How long an outbox message is tried before the outbox takes it back for later.
const OUTBOX_BUDGET: Duration = Duration::from_secs(30);

/// How long after a tap its answer is still worth sending (Telegram shows the tap spinning
/// for about 15 seconds).
pub(super) const CALLBACK_DEADLINE: Duration = Duration::from_secs(14);

impl Telegram {
    /// Sends a turn's reply: the commands menu again when the language changed, then the text
    /// in pieces Telegram takes, the keyboard under the last. A reply a later one replaces
    /// (`superseded`) sends no text. Failures are tried again for the reply budget; until the
    /// reply is sent the chat is marked as not having it.
    pub(super) async fn deliver_reply(
        &self,
        chat: i64,
        reply: &Reply,
        inbound: Option<&str>,
        superseded: bool,
        pace: Option<&Pace>,
    ) {
        let deadline = Instant::now() + self.reply_budget;
        // The chat's commands menu follows the person's language, however it changed (a
        // choice, a new conversation after an erasure): set whenever it is not known to be the
        // reply's.
        let changed = reply
            .effects
            .iter()
            .any(|e| matches!(e, Effect::LocaleChanged(_)));
        let known = self.menus.get(&chat).is_some_and(|m| *m == reply.locale);
        if (changed || !known) && !reply.text.trim().is_empty() {
            self.chat_commands(chat, &reply.locale, deadline).await;
        }
        if superseded || reply.text.trim().is_empty() {
            // Nothing to send (a later reply takes its place).
            self.delivered(chat, inbound).await;
            return;
        }
        // Labels too long for a button: the message lists the choices in full.
        let text = match listing(&reply.buttons, &reply.shorts) {
            Some(list) => format!(
                "{}\n{}",
                reply.text,
                crate::i18n::bidi::lines_in_direction(&reply.locale, &list)
            ),
            None => reply.text.clone(),
        };
        let pieces = split_message(&text, MAX_MESSAGE_UNITS);
        let last = pieces.len() - 1;
        // Until it is sent, the chat counts as not having it.
        self.undelivered
            .entry(chat)
            .and_modify(|u| {
                if u.reply.text != reply.text || u.reply.buttons != reply.buttons {
                    *u = Undelivered::new(reply, inbound);
                }
            })
            .or_insert_with(|| Undelivered::new(reply, inbound));
        for (i, piece) in pieces.iter().enumerate() {
            let markup = (i == last && !reply.buttons.is_empty())
                .then(|| keyboard(&reply.buttons, &reply.shorts));
            let sent = self
                .send_text(chat, piece, markup, pace, deadline, |_| {
                    if let Some(mut u) = self.undelivered.get_mut(&chat) {
                        u.failed = true;
                    }
                })
                .await;
            match sent {
                Ok(message) => {
                    if i == last && !reply.buttons.is_empty() {
                        self.keyboards.insert(
                            chat,
                            OpenKeyboard {
                                message,
                                buttons: reply.buttons.clone(),
                            },
                        );
                    }
                }
                Err(e) => {
                    if matches!(self.failed(chat, &e).await, Err(SendError::Retry(_))) {
                        tracing::warn!(
                            "Telegram: a reply was not sent; sent again when the person writes"
                        );
                        if let Some(mut u) = self.undelivered.get_mut(&chat) {
                            u.gave_up = true;
                        }
                    } else {
                        // Blocked or refused for good: it never will be delivered.
                        self.delivered(chat, inbound).await;
                        self.undelivered.remove(&chat);
                    }
                    return;
                }
            }
        }
        // Stored as delivered first: a redelivery of its update in between finds it on its
        // way, and never sends it twice.
        self.delivered(chat, inbound).await;
        self.undelivered.remove(&chat);
    }

    /// A reply was delivered (or never can be): the store stops keeping it for the next start.
    /// Should the store not say so, the next start sends it once more.
    pub(super) async fn delivered(&self, chat: i64, inbound: Option<&str>) {
        let Some(id) = inbound else {
            return;
        };
        if let Err(e) = self.host.reply_delivered(&key_of(chat), id).await {
            tracing::warn!(error = %e, "Telegram: a reply sent was not marked delivered");
        }
    }

    /// The commands menu of one chat, in its person's language.
    async fn chat_commands(&self, chat: i64, locale: &str, deadline: Instant) {
        let request =
            self.bot
                .set_my_commands(self.commands_in(locale))
                .scope(BotCommandScope::Chat {
                    chat_id: Recipient::Id(ChatId(chat)),
                });
        match call_until(request, deadline, self.attempt, |_| {}).await {
            Ok(_) => {
                self.menus.insert(chat, locale.to_string());
            }
            Err(e) => tracing::warn!(error = %describe(&e), "Telegram: setMyCommands failed"),
        }
    }

    /// A short notice outside the dialogue, already rendered.
    pub(super) async fn deliver_notice(&self, chat: i64, text: &str, pace: Option<&Pace>) {
        let deadline = Instant::now() + self.reply_budget;
        if let Err(e) = self
            .send_text(chat, text, None, pace, deadline, |_| {})
            .await
        {
            let _ = self.failed(chat, &e).await;
        }
    }

    /// Answers a tap, with a short notice when there is one, until `by`.
    pub(super) async fn answer_callback(
        &self,
        id: CallbackQueryId,
        text: Option<&str>,
        by: Instant,
    ) {
        let mut request = self.bot.answer_callback_query(id);
        if let Some(t) = text.filter(|t| !t.is_empty()) {
            request = request.text(cut_chars(t, MAX_CALLBACK_ANSWER_CHARS));
        }
        if Instant::now() >= by {
            return;
        }
        if let Err(e) = call_until(request, by, self.attempt.min(by - Instant::now()), |_| {}).await
        {
            tracing::warn!(error = %describe(&e), "Telegram: answerCallbackQuery failed");
        }
    }

    /// Replaces the keyboard under a message (an empty one removes it). A failure changes
    /// nothing the person needs (a tap on it is told the question is closed), so it is not
    /// reported.
    pub(super) async fn edit_keyboard(
        &self,
        chat: i64,
        message: MessageId,
        markup: InlineKeyboardMarkup,
    ) {
        let mut payload = EditMessageReplyMarkup::new(ChatId(chat), message);
        payload.reply_markup = Some(markup);
        let deadline = Instant::now() + EDIT_BUDGET;
        let edit = || post::<_, serde::de::IgnoredAny>(&self.bot, &payload);
        if let Err(e) = retry_until(deadline, self.attempt, |_| {}, edit).await {
            tracing::debug!(error = %describe(&e), "Telegram: editMessageReplyMarkup failed");
        }
    }

    /// The outbox's text, in pieces Telegram takes.
    pub(super) async fn deliver_text(
        &self,
        chat: i64,
        text: &str,
        pace: Option<&Pace>,
    ) -> Result<(), SendError> {
        self.ensure_reachable(chat).await?;
        let deadline = Instant::now() + OUTBOX_BUDGET;
        for piece in split_message(text, MAX_MESSAGE_UNITS) {
            self.send_text(chat, &piece, None, pace, deadline, |_| {})
                .await
                .map_err(|e| classify(&e))?;
        }
        Ok(())
    }

    /// The outbox's calendar file, as a document.
    pub(super) async fn deliver_calendar(
        &self,
        chat: i64,
        file_name: &str,
        ics: String,
        pace: Option<&Pace>,
    ) -> Result<(), SendError> {
        self.ensure_reachable(chat).await?;
        self.paced(pace).await;
        let deadline = Instant::now() + OUTBOX_BUDGET;
        let url = method_url(&self.bot, "sendDocument");
        retry_until(
            deadline,
            self.attempt,
            |_| {},
            || {
                // teloxide gives a file no type: the part is built here, as `text/calendar`.
                let part = reqwest::multipart::Part::bytes(ics.clone().into_bytes())
                    .file_name(file_name.to_string())
                    .mime_str(CALENDAR_TYPE)
                    .expect("a valid media type");
                let form = reqwest::multipart::Form::new()
                    .text("chat_id", chat.to_string())
                    .part("document", part);
                let request = self.bot.client().post(url.clone()).multipart(form);
                async move {
                    let response = request
                        .send()
                        .await
                        .map_err(|e| RequestError::Network(std::sync::Arc::new(e.without_url())))?;
                    read_answer::<serde::de::IgnoredAny>(response)
                        .await
                        .map(drop)
                }
            },
        )
        .await
        .map_err(|e| classify(&e))?;
        bump(&self.counters.sent);
        Ok(())
    }

    /// Waits for the chat's pace and the pace of all chats, when limits apply.
    async fn paced(&self, pace: Option<&Pace>) {
        if let Some(p) = pace {
            p.wait().await;
        }
        if let Some(p) = &self.overall {
            p.wait().await;
        }
    }

    /// Refuses to send to a person who opted out (or blocked the bot).
    async fn ensure_reachable(&self, chat: i64) -> Result<(), SendError> {
        if self
            .host
            .opted_out(&key_of(chat))
            .await
            .map_err(unavailable)?
        {
            return Err(SendError::Unreachable);
        }
        Ok(())
    }

    /// A send failed: a blocked bot marks the person unreachable and stops sending.
    async fn failed(&self, chat: i64, e: &RequestError) -> Result<(), SendError> {
        match classify(e) {
            SendError::Unreachable => {
                bump(&self.counters.unreachable);
                self.keyboards.remove(&chat);
                let key = key_of(chat);
                self.host.opt_out(&key).await.map_err(unavailable)?;
                self.host
                    .blocked_before_consent(&key)
                    .await
                    .map_err(unavailable)?;
                tracing::info!("Telegram: a person blocked the bot; marked unreachable");
                Ok(())
            }
            other => {
                tracing::warn!(error = %describe(e), "Telegram: sending a reply failed");
                Err(other)
            }
        }
    }

    /// Sends one piece of text (escaped for HTML), with a keyboard under it or not, at the
    /// pace of the chat and of all chats, tried again until `deadline`.
    async fn send_text(
        &self,
        chat: i64,
        text: &str,
        markup: Option<InlineKeyboardMarkup>,
        pace: Option<&Pace>,
        deadline: Instant,
        on_error: impl FnMut(&RequestError),
    ) -> Result<MessageId, RequestError> {
        /// What the channel reads of the message sent back.
        #[derive(serde::Deserialize)]
        struct Sent {
            message_id: i32,
        }
        let mut payload = SendMessage::new(ChatId(chat), escape_html(text));
        payload.parse_mode = Some(ParseMode::Html);
        payload.reply_markup = markup.map(Into::into);
        self.paced(pace).await;
        let send = || post::<_, Sent>(&self.bot, &payload);
        let sent = retry_until(deadline, self.attempt, on_error, send).await?;
        bump(&self.counters.sent);
        Ok(MessageId(sent.message_id))
    }
}

/// How a failed request is handled: blocked or gone is unreachable, a pause, the network or a
/// server error is tried again later, anything else is refused for good.
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
        e if transient(e) => SendError::Retry(describe(e)),
        _ => SendError::Rejected(describe(e)),
    }
}
