//! Turns the engine's events into what a channel sends: text in the person's locale, with the
//! choices as a numbered menu (SMS, terminal) or as buttons (Telegram).

use super::segments::{QUESTION_SEGMENTS, segments};
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
        text: parts.join("\n"),
        buttons,
    }
}

/// How a numbered menu is written: with the reminder of how to answer or not, and what
/// follows each number.
struct MenuForm {
    footer: bool,
    after_number: &'static str,
}

/// The forms of a menu, fullest first.
const MENU_FORMS: [MenuForm; 3] = [
    MenuForm {
        footer: true,
        after_number: ". ",
    },
    MenuForm {
        footer: false,
        after_number: ". ",
    },
    MenuForm {
        footer: false,
        after_number: " ",
    },
];

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
                let labels: Vec<String> = ask
                    .choices
                    .iter()
                    .map(|c| locales.render(locale, &c.label, iso))
                    .collect();
                let id = if ask.multi {
                    "menu-reply-multi"
                } else {
                    "menu-reply"
                };
                let count = ask.choices.len() as i64;
                let footer = locales.render(locale, &Msg::new(id).arg("count", count), iso);
                let menu = |form: &MenuForm| {
                    let mut m: Vec<String> = labels
                        .iter()
                        .enumerate()
                        .map(|(i, l)| format!("{}{}{l}", i + 1, form.after_number))
                        .collect();
                    if form.footer {
                        m.push(footer.clone());
                    }
                    m
                };
                // The language menu grows with every locale added: within the SMS budget,
                // it drops the reminder of how to answer, then the dots after the numbers.
                let forms: &[MenuForm] = if ask.lists_languages() {
                    &MENU_FORMS
                } else {
                    &MENU_FORMS[..1]
                };
                let fits = |menu: &[String]| {
                    let text = lines.iter().chain(menu).cloned().collect::<Vec<_>>();
                    segments(&text.join("\n")).1 <= QUESTION_SEGMENTS
                };
                let mut chosen = menu(&forms[0]);
                for form in &forms[1..] {
                    if fits(&chosen) {
                        break;
                    }
                    chosen = menu(form);
                }
                lines.extend(chosen);
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
