//! Telegram, through teloxide: updates in (long polling or the webhook in `web/telegram.rs`),
//! replies out with inline keyboards, the commands menu in every locale, and the outbox's
//! messages (reminders, calendar files, staff messages). The conversation is the host's, and
//! the channel never touches storage or a clock. This file only declares the parts and names
//! what the rest of the crate uses.
//!
//! Every update goes to its chat's queue (`queue`, carrying `work`): updates of one chat are
//! processed in order, different chats in parallel, and outbound messages take the same queue
//! so a chat's messages never overtake each other. An update id seen before changes nothing;
//! the host also remembers the id of every message with the reply it got. `channel` holds the
//! channel and its settings, `update` turns an update into the host's input, `send` sends what
//! comes back (through `api`, with `keyboard`'s layout), `format` holds Telegram's text rules.

mod api;
mod channel;
mod format;
mod keyboard;
mod limits;
mod queue;
mod send;
mod update;
mod work;

pub use channel::{
    ALLOWED_UPDATES, Counters, MENU, Telegram, TelegramConfig, TelegramError, valid_secret,
    webhook_secret,
};
pub use format::{
    CLOSED_DATA, MAX_CALLBACK_BYTES, MAX_LABEL_CHARS, MAX_MESSAGE_UNITS, Tap, callback_data,
    escape_html, long_labels, parse_data, split_message, utf16_len,
};
pub use keyboard::{keyboard, listed, listing};
pub use limits::Limits;
pub use queue::TelegramSender;
pub use update::command_input;
