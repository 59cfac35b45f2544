//! Turning one Telegram update into what the host hears: typed messages and commands, taps on
//! a keyboard, edits, content the bot cannot read, and the person blocking or unblocking the
//! bot. The host decides everything about the conversation; this file only reads updates and
//! hands the replies to `send`.

use teloxide::prelude::*;
use teloxide::types::{
    InlineKeyboardButton, InlineKeyboardButtonKind, InlineKeyboardMarkup, MaybeInaccessibleMessage,
};
use teloxide::types::{MessageKind, UpdateKind};

use tokio::time::Instant;

use super::channel::{MENU, Telegram, bump, key_of, unavailable};
use super::format::{CLOSED_DATA, Tap, callback_data, fit_label, parse_data};
use super::keyboard::OpenKeyboard;
use super::send::CALLBACK_DEADLINE;
use super::work::{Out, Outs};
use crate::app::{Inbound, Reply};
use crate::core::ConvKey;
use crate::engine::{Effect, Input, Msg};
use crate::i18n::Isolation;
use crate::i18n::render::Surface;
use crate::notify::SendError;

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

/// The payload of `/start <payload>` (a deep link's), if any.
#[must_use]
pub fn start_payload(text: &str) -> Option<&str> {
    let (command, payload) = text.trim().split_once(char::is_whitespace)?;
    let name = command.strip_prefix('/')?.split('@').next()?;
    let payload = payload.trim();
    (name.eq_ignore_ascii_case("start") && !payload.is_empty()).then_some(payload)
}

impl Telegram {
    /// Processes one update: its turn, committed, and what to send handed to `out`.
    pub(super) async fn process(&self, update: Update, out: &Outs) -> Result<(), SendError> {
        bump(&self.counters.updates);
        let id = update.id.0;
        match update.kind {
            UpdateKind::Message(m) => self.on_message(id, &m, out).await,
            UpdateKind::EditedMessage(m) => {
                if m.chat.is_private() {
                    self.came_back(m.chat.id.0).await?;
                    let hint = m.from.as_ref().and_then(|u| u.language_code.as_deref());
                    self.say(m.chat.id.0, "telegram-edited", hint, out).await
                } else {
                    Ok(())
                }
            }
            UpdateKind::CallbackQuery(q) => self.on_callback(&q, out).await,
            // Added to a group: told once, there, that the bot talks in private chats only
            // (a group's messages are not answered, so a restart says nothing again).
            UpdateKind::MyChatMember(c)
                if !c.chat.is_private()
                    && c.new_chat_member.is_present()
                    && !c.old_chat_member.is_present() =>
            {
                let hint = c.from.language_code.as_deref();
                self.say(c.chat.id.0, "telegram-private-only", hint, out)
                    .await
            }
            UpdateKind::MyChatMember(c) if c.chat.is_private() => {
                let key = key_of(c.chat.id.0);
                if c.new_chat_member.is_banned() {
                    // The person blocked the bot: nothing more is sent; staff see it.
                    self.host.opt_out(&key).await.map_err(unavailable)?;
                } else if c.new_chat_member.is_member() {
                    self.host.opt_in(&key).await.map_err(unavailable)?;
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }

    /// The person's language: their conversation's, else their app's.
    pub(super) async fn locale_of(
        &self,
        key: &ConvKey,
        hint: Option<&str>,
    ) -> Result<String, SendError> {
        let session = self.host.session_of(key).await.map_err(unavailable)?;
        Ok(session.map_or_else(|| self.host.catalog().locales.negotiate(hint), |s| s.locale))
    }

    /// A message of the catalog in a locale, for Telegram's HTML.
    pub(super) fn render(&self, locale: &str, id: &str) -> String {
        self.host
            .catalog()
            .locales
            .render(locale, &Msg::new(id), Isolation::Isolated)
    }

    /// One turn of the host, rendered for buttons; a failed turn is tried again later.
    async fn turn(&self, inbound: Inbound) -> Result<Reply, SendError> {
        self.host
            .handle(inbound, Surface::Buttons)
            .await
            .map_err(|e| {
                tracing::error!(error = %e, "Telegram: turn failed");
                SendError::Retry("turn failed".into())
            })
    }

    /// Whether a chat's last reply has not reached it: an attempt failed, it was given up,
    /// or it has been on its way too long to have been read.
    #[must_use]
    pub fn awaits_delivery(&self, chat: i64) -> bool {
        self.undelivered.get(&chat).is_some_and(|u| u.unseen())
    }

    /// A person who blocked the bot and writes again (anything: text, a sticker, an edit)
    /// unblocked it.
    async fn came_back(&self, chat: i64) -> Result<(), SendError> {
        let key = key_of(chat);
        if self.host.opted_out(&key).await.map_err(unavailable)? {
            self.host.opt_in(&key).await.map_err(unavailable)?;
        }
        Ok(())
    }

    /// Whether the chat did not get its last reply: then the input is not taken (it cannot
    /// answer a question not seen) and the reply is sent again.
    fn held(&self, chat: i64, out: &Outs) -> bool {
        if !self.awaits_delivery(chat) {
            return false;
        }
        self.resend(chat, out);
        true
    }

    async fn on_message(&self, update_id: u32, m: &Message, out: &Outs) -> Result<(), SendError> {
        let chat = m.chat.id.0;
        let hint = m.from.as_ref().and_then(|u| u.language_code.clone());
        if m.from.as_ref().is_some_and(|u| u.is_bot) {
            return Ok(());
        }
        if !m.chat.is_private() {
            return Ok(());
        }
        if is_service(m) {
            return Ok(());
        }
        // Writing again means the person unblocked the bot.
        self.came_back(chat).await?;
        let input = match m.text() {
            Some(text) => command_input(text),
            None => {
                return match unsupported(m) {
                    Some(id) => self.say(chat, id, hint.as_deref(), out).await,
                    None => Ok(()),
                };
            }
        };
        // A command is always heard; an answer only to a question that was seen.
        let command = m.text().is_some_and(|t| t.trim_start().starts_with('/'));
        if !command && self.held(chat, out) {
            return Ok(());
        }
        let key = key_of(chat);
        // An invitation's link (`https://t.me/<bot>?start=<code>`) opens with its code.
        if let Some(code) = m.text().and_then(start_payload) {
            self.host.open_invitation(&key, code);
        }
        // Telegram may restart its numbering after a week of silence: the message's date
        // keeps the key unique.
        let external_id = format!("u:{update_id}:{}", m.date.timestamp());
        let reply = self
            .turn(Inbound {
                key,
                input,
                external_id: Some(external_id.clone()),
                language_hint: hint,
                language_guess: None,
            })
            .await?;
        // A typed answer: the keyboard still under the last question is closed. A redelivery
        // (after a restart) gets the reply it got then, sent again if it was not delivered.
        if reply.duplicate {
            return self.send_again(chat, reply, external_id, out).await;
        }
        out.send(Out::CloseOpen);
        out.send(Out::Reply(Box::new(reply), Some(external_id)));
        Ok(())
    }

    /// A redelivered message's reply, as stored: sent again unless it was delivered, or is on
    /// its way.
    async fn send_again(
        &self,
        chat: i64,
        reply: Reply,
        external_id: String,
        out: &Outs,
    ) -> Result<(), SendError> {
        let on_its_way = self
            .undelivered
            .get(&chat)
            .is_some_and(|u| !u.gave_up && u.reply.text == reply.text);
        if on_its_way
            || !self
                .host
                .reply_pending(&key_of(chat), &external_id)
                .await
                .map_err(unavailable)?
        {
            return Ok(());
        }
        out.send(Out::Reply(Box::new(reply), Some(external_id)));
        Ok(())
    }

    async fn on_callback(&self, q: &CallbackQuery, out: &Outs) -> Result<(), SendError> {
        let by = Instant::now() + CALLBACK_DEADLINE;
        let answer = |text: Option<&str>| {
            out.send(Out::Answer {
                id: q.id.clone(),
                text: text.map(str::to_string),
                by,
            });
        };
        let Some(message) = &q.message else {
            answer(None);
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
            answer(Some(&closed));
            return Ok(());
        };
        self.came_back(chat).await?;
        if self.held(chat, out) {
            answer(None);
            return Ok(());
        }
        let external_id = format!("c:{}", q.id.0);
        let reply = self
            .turn(Inbound {
                key,
                input: Input::Option { turn, option },
                external_id: Some(external_id.clone()),
                language_hint: hint,
                language_guess: None,
            })
            .await;
        let reply = match reply {
            Ok(r) => r,
            Err(e) => {
                answer(None);
                return Err(e);
            }
        };
        if reply.duplicate {
            answer(None);
            return self.send_again(chat, reply, external_id, out).await;
        }
        if reply.effects.contains(&Effect::Stale) {
            // Said in the tap's answer, not as a message.
            answer(Some(&reply.text));
            self.delivered(chat, Some(&external_id)).await;
            return Ok(());
        }
        answer(None);
        // The keyboard becomes the answer chosen, so the conversation reads well.
        let chosen = q
            .data
            .as_deref()
            .and_then(|d| chosen_label(message, open.as_ref(), d));
        self.keyboards.remove(&chat);
        let markup = chosen.map_or_else(InlineKeyboardMarkup::default, |label| {
            InlineKeyboardMarkup::new([[InlineKeyboardButton::callback(
                format!("✓ {label}"),
                CLOSED_DATA,
            )]])
        });
        out.send(Out::Edit {
            message: message.id(),
            markup,
        });
        out.send(Out::Reply(Box::new(reply), Some(external_id)));
        Ok(())
    }

    /// A short message in the person's language, outside the dialogue.
    pub(super) async fn say(
        &self,
        chat: i64,
        id: &str,
        hint: Option<&str>,
        out: &Outs,
    ) -> Result<(), SendError> {
        let locale = self.locale_of(&key_of(chat), hint).await?;
        out.send(Out::Say(self.render(&locale, id)));
        Ok(())
    }
}

/// The label of the button tapped: from the message's own keyboard, else from the keyboard
/// the channel remembers sending.
fn chosen_label(
    message: &MaybeInaccessibleMessage,
    open: Option<&OpenKeyboard>,
    data: &str,
) -> Option<String> {
    let from_message = message
        .regular_message()
        .and_then(|m| m.reply_markup())
        .and_then(|kb| {
            kb.inline_keyboard
                .iter()
                .flatten()
                .find_map(|b| match &b.kind {
                    InlineKeyboardButtonKind::CallbackData(x) if x == data => Some(b.text.clone()),
                    _ => None,
                })
        });
    from_message.or_else(|| {
        open.and_then(|k| {
            k.buttons
                .iter()
                .enumerate()
                .find(|(i, (_, d))| callback_data(d, *i) == data)
                .map(|(_, (label, _))| fit_label(label))
        })
    })
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
    !matches!(m.kind, MessageKind::Common(_))
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
