//! Turns the engine's events into what a channel sends: text in the person's locale, with the
//! choices as a numbered menu (SMS, terminal) or as buttons (Telegram).

use super::segments::{OTHER_QUESTION_SEGMENTS, QUESTION_SEGMENTS, question_budget, segments};
use super::{Isolation, Locales};
use crate::engine::{Ask, Event, Msg};

/// How a channel shows choices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Surface {
    /// Plain text with numbered choices: the terminal and WhatsApp.
    Plain,
    /// Plain text with numbered choices, paid by the segment: SMS. Long passages take their
    /// short form.
    Sms,
    /// Text with buttons under it: Telegram.
    Buttons,
}

/// A button under a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Button {
    pub label: String,
    /// A shorter form for the button itself, when the choice has one (a slot: its day and
    /// time); the message then lists the choices in full.
    pub short: Option<String>,
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
///
/// Something long ([`Event::Long`]) is said in full on SMS too where the whole reply still fits
/// in [`OTHER_QUESTION_SEGMENTS`] as sent (transliterated where that saves segments), and in
/// its shorter form where it does not.
#[must_use]
pub fn render(locales: &Locales, locale: &str, events: &[Event], surface: Surface) -> Outgoing {
    if surface == Surface::Sms && events.iter().any(|e| matches!(e, Event::Long { .. })) {
        let full = render_with(locales, locale, events, surface, false);
        if sms_segments(&full.text) <= OTHER_QUESTION_SEGMENTS {
            return full;
        }
    }
    render_with(locales, locale, events, surface, surface == Surface::Sms)
}

/// The segments a text takes as SMS at best: as it is, or transliterated to GSM-7.
fn sms_segments(text: &str) -> usize {
    let gsm7 = super::segments::to_gsm7(text);
    segments(text).1.min(segments(&gsm7).1)
}

/// Renders a turn's events, each [`Event::Long`] in its shorter form or in full.
fn render_with(
    locales: &Locales,
    locale: &str,
    events: &[Event],
    surface: Surface,
    brief: bool,
) -> Outgoing {
    let iso = match surface {
        Surface::Plain | Surface::Sms => Isolation::Plain,
        Surface::Buttons => Isolation::Isolated,
    };
    let mut parts: Vec<String> = Vec::new();
    let mut buttons = Vec::new();
    for event in events {
        match event {
            Event::Say(m) => parts.push(say(locales, locale, m, surface)),
            Event::Long { full, brief: short } => {
                let said = if brief { short } else { full };
                parts.extend(said.iter().map(|m| say(locales, locale, m, surface)));
            }
            Event::Ask(ask) => {
                let (text, b) = render_ask(locales, locale, ask, surface, iso, &parts);
                if !text.is_empty() {
                    parts.push(text);
                }
                buttons = b;
            }
            Event::Effect(_) => {}
        }
    }
    parts.retain(|p| !p.is_empty());
    Outgoing {
        text: super::bidi::lines_in_direction(locale, &parts.join("\n")),
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

/// A message as said on a surface: on SMS its shorter form where it has one.
fn say(locales: &Locales, locale: &str, m: &crate::engine::Msg, surface: Surface) -> String {
    let iso = match surface {
        Surface::Plain | Surface::Sms => Isolation::Plain,
        Surface::Buttons => Isolation::Isolated,
    };
    if surface == Surface::Sms {
        if let Some(short) = locales.render_sms(locale, m, iso) {
            return short.trim().to_string();
        }
    }
    locales.render(locale, m, iso)
}

fn render_ask(
    locales: &Locales,
    locale: &str,
    ask: &Ask,
    surface: Surface,
    iso: Isolation,
    before: &[String],
) -> (String, Vec<Button>) {
    let mut lines = Vec::new();
    if let Some(p) = &ask.prompt {
        lines.push(say(locales, locale, p, surface));
    }
    let mut buttons = Vec::new();
    if !ask.choices.is_empty() {
        match surface {
            Surface::Plain | Surface::Sms => {
                let labels: Vec<String> = ask
                    .choices
                    .iter()
                    .map(|c| match surface {
                        Surface::Sms => locales.render_sms_choice(locale, &c.label, iso),
                        _ => locales.render(locale, &c.label, iso),
                    })
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
                // Counted as sent: with what the reply says before, and the marks a
                // right-to-left line may take.
                let fits = |menu: &[String], before: &[String], budget: usize| {
                    let text = before.iter().chain(&lines).chain(menu).cloned();
                    let text = text.collect::<Vec<_>>().join("\n");
                    segments(&super::bidi::lines_in_direction(locale, &text)).1 <= budget
                };
                let full = menu(&MENU_FORMS[0]);
                let chosen = if ask.lists_languages() {
                    // The language menu grows with every locale added: within the SMS
                    // budget, it drops the reminder of how to answer, then the dots after
                    // the numbers.
                    let mut chosen = full;
                    for form in &MENU_FORMS[1..] {
                        if fits(&chosen, &[], QUESTION_SEGMENTS) {
                            break;
                        }
                        chosen = menu(form);
                    }
                    chosen
                } else if surface == Surface::Sms {
                    // Any other menu by SMS drops the reminder where that alone keeps the
                    // question within its locale's budget (the offers, whose dates and
                    // places are not known in advance), and the reply within three
                    // segments when other messages come before it.
                    let budget = question_budget(locale);
                    let whole = budget.max(OTHER_QUESTION_SEGMENTS);
                    let short = menu(&MENU_FORMS[1]);
                    let over = !fits(&full, &[], budget) || !fits(&full, before, whole);
                    if over && fits(&short, &[], budget) && fits(&short, before, whole) {
                        short
                    } else {
                        full
                    }
                } else {
                    full
                };
                lines.extend(chosen);
            }
            Surface::Buttons => {
                buttons = ask
                    .choices
                    .iter()
                    .map(|c| Button {
                        label: locales.render(locale, &c.label, Isolation::Plain),
                        short: locales.render_button(locale, &c.label),
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

/// The bodies a text is sent in, each at most `max` characters (UTF-16 units): cut at line
/// ends, a line too long for one body at spaces; a single word longer than a body (nothing a
/// person reads) is the only thing ever cut inside. Empty lines at a cut are dropped.
#[must_use]
pub fn split(text: &str, max: usize) -> Vec<String> {
    let len = |s: &str| s.encode_utf16().count();
    let max = max.max(2);
    if len(text) <= max {
        return vec![text.to_string()];
    }
    let mut out = Vec::new();
    let mut cur = String::new();
    let push = |piece: &str, sep: &str, cur: &mut String, out: &mut Vec<String>| {
        if !cur.is_empty() && len(cur) + len(sep) + len(piece) > max {
            out.push(std::mem::take(cur).trim_end().to_string());
        }
        if !cur.is_empty() {
            cur.push_str(sep);
        }
        cur.push_str(piece);
    };
    for line in text.split('\n') {
        if len(line) <= max {
            push(line, "\n", &mut cur, &mut out);
            continue;
        }
        // A line longer than a body: its words, the first joined to the line before.
        let mut sep = "\n";
        for word in line.split(' ') {
            if len(word) <= max {
                push(word, sep, &mut cur, &mut out);
            } else {
                let mut rest: Vec<char> = word.chars().collect();
                while !rest.is_empty() {
                    let mut take = 0;
                    let mut units = 0;
                    while take < rest.len() && units + rest[take].len_utf16() <= max {
                        units += rest[take].len_utf16();
                        take += 1;
                    }
                    let piece: String = rest.drain(..take).collect();
                    push(&piece, sep, &mut cur, &mut out);
                    sep = "";
                }
            }
            sep = " ";
        }
    }
    if !cur.trim().is_empty() {
        out.push(cur.trim_end().to_string());
    }
    out.retain(|b| !b.trim().is_empty());
    out
}

/// Whether a locale is written right to left.
#[must_use]
pub fn right_to_left(locale: &str) -> bool {
    matches!(
        locale.split('-').next().unwrap_or_default(),
        "ar" | "he" | "fa" | "ur"
    )
}

/// A right-to-left plain text with each left-to-right run (numbers, Latin words) that holds
/// spaces or punctuation wrapped in U+2066 LEFT-TO-RIGHT ISOLATE ... U+2069 POP DIRECTIONAL
/// ISOLATE, so "06 12 34 56 78", "1, 3" or a menu's "1." read in their order on a phone. A
/// run of one word or number alone displays right already and is left as it is.
#[must_use]
pub fn isolate_runs(text: &str) -> String {
    let strong = |c: char| c.is_ascii_alphanumeric() || (c.is_alphabetic() && (c as u32) < 0x0250);
    let inner = |c: char| strong(c) || " ,.:/-+()'@&%".contains(c);
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 16);
    let mut i = 0;
    while i < chars.len() {
        let starts = strong(chars[i])
            || (chars[i] == '+' && chars.get(i + 1).is_some_and(|c| c.is_ascii_digit()));
        if !starts {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let mut end = i + 1;
        while end < chars.len() && inner(chars[end]) {
            end += 1;
        }
        // The run ends on a letter or a digit, on the point or bracket of a menu number, or
        // on the bracket that closes one opened inside it ("Tours (démo)").
        while end > i + 1 && !strong(chars[end - 1]) {
            let numbered = matches!(chars[end - 1], '.' | ')')
                && chars[end - 2].is_ascii_digit()
                && chars.get(end) == Some(&' ');
            let open = |c| chars[i..end - 1].iter().filter(|&&x| x == c).count();
            let closes = chars[end - 1] == ')' && open('(') > open(')');
            if numbered || closes {
                break;
            }
            end -= 1;
        }
        let run: String = chars[i..end].iter().collect();
        if run.chars().all(strong) {
            out.push_str(&run);
        } else {
            out.push('\u{2066}');
            out.push_str(&run);
            out.push('\u{2069}');
        }
        i = end;
    }
    out
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

    #[test]
    fn bodies_stay_under_the_limit() {
        let text = "ligne\n".repeat(400);
        let parts = split(&text, 1_600);
        assert!(parts.len() > 1 && parts.iter().all(|p| p.len() <= 1_600));
    }

    #[test]
    fn left_to_right_runs_are_isolated_where_it_matters() {
        let (lri, pdi) = ('\u{2066}', '\u{2069}');
        assert_eq!(
            isolate_runs("1. نعم\nاكتب 1 أو 2."),
            format!("{lri}1.{pdi} نعم\nاكتب 1 أو 2."),
            "a menu number keeps its point; a lone number is left alone"
        );
        assert_eq!(
            isolate_runs("مثلًا: 06 12 34 56 78"),
            format!("مثلًا: {lri}06 12 34 56 78{pdi}")
        );
        assert_eq!(isolate_runs("مثلًا: 1, 3."), format!("مثلًا: {lri}1, 3{pdi}."));
        assert_eq!(
            isolate_runs("سيتصل بك Cap emploi 37, Tours (démo)."),
            format!("سيتصل بك {lri}Cap emploi 37, Tours (démo){pdi}."),
            "a bracket opened inside the run closes inside it"
        );
        assert_eq!(isolate_runs("RSA"), "RSA");
        assert!(right_to_left("ar") && !right_to_left("fr"));
    }
}
