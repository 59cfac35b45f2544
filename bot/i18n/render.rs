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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Choice;
    use crate::i18n::LocaleSource;
    use crate::i18n::segments::{QUESTION_SEGMENTS, segments};

    /// A reference locale naming `n` languages in a script that needs UCS-2.
    fn locales(n: usize) -> Locales {
        let mut text = String::from(
            "prompt = Votre langue ?\nmenu-reply = Répondez de 1 à { $count }.\nother = Autre réponse\n",
        );
        for i in 0..n {
            text.push_str(&format!("language-name-l{i} = Языкна{i}\n"));
        }
        Locales::from_sources(vec![LocaleSource {
            tag: "fr".into(),
            files: vec![("a.ftl".into(), "locales/fr/a.ftl".into(), text)],
        }])
        .unwrap()
    }

    fn ask(choices: Vec<Choice>) -> Event {
        Event::Ask(Ask {
            step: "language".into(),
            turn: 1,
            prompt: Some(Msg::new("prompt")),
            choices,
            multi: false,
        })
    }

    fn languages(n: usize) -> Vec<Choice> {
        (0..n)
            .map(|i| Choice {
                id: format!("l{i}"),
                label: Msg::new(crate::dialogue::language_name_id(&format!("l{i}"))),
            })
            .collect()
    }

    #[test]
    fn the_language_menu_keeps_to_the_sms_budget_as_languages_are_added() {
        let text = |n: usize| render(&locales(n), "fr", &[ask(languages(n))], Surface::Plain).text;
        // Few languages: the full menu, with how to answer.
        let four = text(4);
        assert!(four.contains("1. Языкна0") && four.ends_with("Répondez de 1 à 4."));
        // More: without how to answer, then without the dots.
        let ten = text(10);
        assert!(
            ten.contains("1. Языкна0") && !ten.contains("Répondez"),
            "{ten}"
        );
        let eleven = text(11);
        assert!(eleven.contains("\n1 Языкна0\n"), "{eleven}");
        for n in [4, 10, 11] {
            assert!(
                segments(&text(n)).1 <= QUESTION_SEGMENTS,
                "{n}: {}",
                text(n)
            );
        }
        // Every language stays in the menu, numbered in order.
        assert!(eleven.contains("\n11 Языкна10"), "{eleven}");
        // Any other menu keeps its full form, however long.
        let others: Vec<Choice> = (0..30)
            .map(|i| Choice {
                id: format!("o{i}"),
                label: Msg::new("other"),
            })
            .collect();
        let long = render(&locales(0), "fr", &[ask(others)], Surface::Plain).text;
        assert!(
            long.ends_with("30. Autre réponse\nRépondez de 1 à 30."),
            "{long}"
        );
    }
}
