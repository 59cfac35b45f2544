//! Everything the channel sends: replies split into pieces with the keyboard under the last,
//! short notices, keyboard edits, callback answers, the commands menu and the outbox's texts and
//! calendar files. Every Bot API call goes through `api`'s [`call`]; a blocked bot marks the
//! person unreachable. Nothing here reads an update.

use teloxide::prelude::*;
use teloxide::types::{
    BotCommandScope, ChatId, InlineKeyboardMarkup, InputFile, MessageId, ParseMode, Recipient,
};
use teloxide::{ApiError, RequestError};

use super::api::{call, describe};
use super::channel::{Telegram, bump, key_of, unavailable};
use super::format::{MAX_MESSAGE_UNITS, cut_chars, escape_html, split_message};
use super::keyboard::{OpenKeyboard, keyboard};
use crate::app::Reply;
use crate::engine::Effect;
use crate::notify::SendError;

/// The longest text of a callback answer Telegram shows.
const MAX_CALLBACK_ANSWER_CHARS: usize = 200;

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
    /// Sends the host's reply: the text in pieces Telegram takes, the keyboard under the last.
    pub(super) async fn answer(&self, chat: i64, reply: &Reply) -> Result<(), SendError> {
        for e in &reply.effects {
            if let Effect::LocaleChanged(locale) = e {
                // The commands menu follows the person's language.
                let request = self.bot.set_my_commands(self.commands_in(locale)).scope(
                    BotCommandScope::Chat {
                        chat_id: Recipient::Id(ChatId(chat)),
                    },
                );
                if let Err(e) = call(request).await {
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

    /// A short message in the person's language, outside the dialogue.
    pub(super) async fn say(
        &self,
        chat: i64,
        id: &str,
        hint: Option<&str>,
    ) -> Result<(), SendError> {
        let locale = self.locale_of(&key_of(chat), hint).await?;
        let text = self.render(&locale, id);
        match self.send_text(chat, &text, None).await {
            Ok(_) => Ok(()),
            Err(e) => self.failed(chat, &e).await,
        }
    }

    /// Answers a tap, with a short notice when there is one.
    pub(super) async fn answer_callback(&self, q: &CallbackQuery, text: Option<&str>) {
        let mut request = self.bot.answer_callback_query(q.id.clone());
        if let Some(t) = text.filter(|t| !t.is_empty()) {
            request = request.text(cut_chars(t, MAX_CALLBACK_ANSWER_CHARS));
        }
        if let Err(e) = call(request).await {
            tracing::warn!(error = %describe(&e), "Telegram: answerCallbackQuery failed");
        }
    }

    /// Replaces the keyboard under a message (an empty one removes it). A failure changes
    /// nothing the person needs, so it is not reported.
    pub(super) async fn edit_keyboard(
        &self,
        chat: i64,
        message: MessageId,
        markup: InlineKeyboardMarkup,
    ) {
        let request = self
            .bot
            .edit_message_reply_markup(ChatId(chat), message)
            .reply_markup(markup);
        if let Err(e) = call(request).await {
            tracing::debug!(error = %describe(&e), "Telegram: editMessageReplyMarkup failed");
        }
    }

    /// The outbox's text, in pieces Telegram takes.
    pub(super) async fn deliver_text(&self, chat: i64, text: &str) -> Result<(), SendError> {
        self.ensure_reachable(chat).await?;
        for piece in split_message(text, MAX_MESSAGE_UNITS) {
            self.send_text(chat, &piece, None)
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
    ) -> Result<(), SendError> {
        self.ensure_reachable(chat).await?;
        let file = InputFile::memory(ics.into_bytes()).file_name(file_name.to_string());
        via!(self, |api| call(api.send_document(ChatId(chat), file))
            .await)
        .map_err(|e| classify(&e))?;
        bump(&self.counters.sent);
        Ok(())
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
                self.host
                    .opt_out(&key_of(chat))
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

    /// Sends one piece of text (escaped for HTML), with a keyboard under it or not.
    async fn send_text(
        &self,
        chat: i64,
        text: &str,
        markup: Option<InlineKeyboardMarkup>,
    ) -> Result<Message, RequestError> {
        let text = escape_html(text);
        let sent = via!(self, |api| {
            let mut request = api
                .send_message(ChatId(chat), text)
                .parse_mode(ParseMode::Html);
            if let Some(m) = markup {
                request = request.reply_markup(m);
            }
            call(request).await
        })?;
        bump(&self.counters.sent);
        Ok(sent)
    }
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
