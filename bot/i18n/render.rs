//! Turns the engine's events into what a channel sends: text in the person's locale, with the
//! choices as a numbered menu (SMS, terminal) or as buttons (Telegram).

use super::{Isolation, Locales};
use crate::engine::{Ask, Event, Msg};

/// How a channel shows choices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Surface {
    /// Plain text with numbered choices: SMS and the terminal.
    Plain,
    /// Text with buttons under it: Telegram.
    Buttons,
}

/// A button under a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Button {
    pub label: String,
    /// Compact, carries no personal data: `<turn>:<option>`.
    pub data: String,
}

/// One message to send.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Outgoing {
    pub text: String,
    pub buttons: Vec<Button>,
}

/// Renders a turn's events as one message (the engine says little per turn, and one message
/// costs the person least on SMS).
#[must_use]
pub fn render(locales: &Locales, locale: &str, events: &[Event], surface: Surface) -> Outgoing {
    let iso = match surface {
        Surface::Plain => Isolation::Plain,
        Surface::Buttons => Isolation::Isolated,
    };
    let mut parts: Vec<String> = Vec::new();
    let mut buttons = Vec::new();
    for event in events {
        match event {
            Event::Say(m) => parts.push(locales.render(locale, m, iso)),
            Event::Ask(ask) => {
                let (text, b) = render_ask(locales, locale, ask, surface, iso);
                if !text.is_empty() {
                    parts.push(text);
                }
                buttons = b;
            }
            Event::Effect(_) => {}
        }
    }
    Outgoing {
        text: super::bidi::lines_in_direction(locale, &parts.join("\n")),
        buttons,
    }
}

fn render_ask(
    locales: &Locales,
    locale: &str,
    ask: &Ask,
    surface: Surface,
    iso: Isolation,
) -> (String, Vec<Button>) {
    let mut lines = Vec::new();
    if let Some(p) = &ask.prompt {
        lines.push(locales.render(locale, p, iso));
    }
    let mut buttons = Vec::new();
    if !ask.choices.is_empty() {
        match surface {
            Surface::Plain => {
                for (i, c) in ask.choices.iter().enumerate() {
                    lines.push(format!(
                        "{}. {}",
                        i + 1,
                        locales.render(locale, &c.label, iso)
                    ));
                }
                let id = if ask.multi {
                    "menu-reply-multi"
                } else {
                    "menu-reply"
                };
                let count = ask.choices.len() as i64;
                lines.push(locales.render(locale, &Msg::new(id).arg("count", count), iso));
            }
            Surface::Buttons => {
                buttons = ask
                    .choices
                    .iter()
                    .map(|c| Button {
                        label: locales.render(locale, &c.label, Isolation::Plain),
                        data: format!("{}:{}", ask.turn, c.id),
                    })
                    .collect();
                if ask.multi {
                    lines.push(locales.render(locale, &Msg::new("menu-reply-multi-buttons"), iso));
                }
            }
        }
    }
    (lines.join("\n"), buttons)
}
