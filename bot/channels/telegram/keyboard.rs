//! The inline keyboards: how a question's buttons are laid out, and the last keyboard sent to
//! a chat while it waits for a tap. Sending and editing them is `send`'s.

use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup, MessageId};

use super::format::{MAX_LABEL_CHARS, callback_data, cut_words, fit_label};

/// Labels up to this many characters go two to a row.
const SHORT_LABEL_CHARS: usize = 14;

/// The last keyboard sent to a chat, while it still waits for a tap.
#[derive(Debug, Clone)]
pub(super) struct OpenKeyboard {
    pub(super) message: MessageId,
    pub(super) buttons: Vec<(String, String)>,
}

/// Whether the message lists the choices in full, numbered, each button carrying its number
/// and a short form: when a choice has a short form of its own (a slot: its day and time; see
/// `shorts`), or some label does not fit a button.
#[must_use]
pub fn listed(buttons: &[(String, String)], shorts: &[Option<String>]) -> bool {
    shorts.iter().any(Option::is_some)
        || buttons
            .iter()
            .any(|(label, _)| label.trim().chars().count() > MAX_LABEL_CHARS)
}

/// The choices in full, numbered, for the message above a keyboard that carries only their
/// short forms (see [`listed`]); `None` when the buttons say it all.
#[must_use]
pub fn listing(buttons: &[(String, String)], shorts: &[Option<String>]) -> Option<String> {
    listed(buttons, shorts).then(|| {
        buttons
            .iter()
            .enumerate()
            .map(|(i, (label, _))| format!("{}. {}", i + 1, label.trim()))
            .collect::<Vec<_>>()
            .join("\n")
    })
}

/// A button's label: the label if it fits, else its number and its short form, or as much of
/// the label as fits ("1 · mer. 2 déc. 9 h 45"), cut between words and outside parentheses.
fn button_label(index: usize, label: &str, short: Option<&str>, numbered: bool) -> String {
    if !numbered {
        return fit_label(label);
    }
    let prefix = format!("{} · ", index + 1);
    let room = MAX_LABEL_CHARS - prefix.chars().count();
    format!("{prefix}{}", cut_words(short.unwrap_or(label).trim(), room))
}

/// The inline keyboard of a question: short labels two to a row, long ones one a row.
#[must_use]
pub fn keyboard(buttons: &[(String, String)], shorts: &[Option<String>]) -> InlineKeyboardMarkup {
    let numbered = listed(buttons, shorts);
    let all: Vec<InlineKeyboardButton> = buttons
        .iter()
        .enumerate()
        .map(|(i, (label, data))| {
            let short = shorts.get(i).and_then(Option::as_deref);
            InlineKeyboardButton::callback(
                button_label(i, label, short, numbered),
                callback_data(data, i),
            )
        })
        .collect();
    let short = all
        .iter()
        .all(|b| b.text.chars().count() <= SHORT_LABEL_CHARS);
    let per_row = if short { 2 } else { 1 };
    InlineKeyboardMarkup::new(all.chunks(per_row).map(<[InlineKeyboardButton]>::to_vec))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keyboards_put_short_labels_in_pairs() {
        let b = |l: &str, d: &str| (l.to_string(), d.to_string());
        let kb = keyboard(&[b("Oui", "1:yes"), b("Non", "1:no")], &[]);
        assert_eq!(kb.inline_keyboard.len(), 1);
        let kb = keyboard(
            &[
                b("Oui", "1:yes"),
                b("Non", "1:no"),
                b("Je préfère ne pas répondre", "1:rather_not"),
            ],
            &[],
        );
        assert_eq!(kb.inline_keyboard.len(), 3);
        let kb = keyboard(&[b(&"x".repeat(100), "1:a")], &[]);
        assert_eq!(
            kb.inline_keyboard[0][0].text.chars().count(),
            MAX_LABEL_CHARS
        );
        assert!(kb.inline_keyboard[0][0].text.starts_with("1 · "));
    }
}

#[cfg(test)]
mod cut_tests {
    use super::*;

    #[test]
    fn labels_are_cut_between_words_and_outside_parentheses() {
        let slot = "mercredi 2 décembre à 9 h 45, sur place (Agence France Travail Tours Nord)";
        let b = vec![(slot.to_string(), "3:s1".to_string())];
        let label = keyboard(&b, &[]).inline_keyboard[0][0].text.clone();
        assert_eq!(label, "1 · mercredi 2 décembre à 9 h 45, sur place…");
        assert!(label.chars().count() <= MAX_LABEL_CHARS);
        let listing = listing(&b, &[]).unwrap();
        assert_eq!(listing, format!("1. {slot}"));
        let ar = "الأربعاء 2 ديسمبر الساعة 9:45، في المكان (وكالة فرانس ترافاي تور الشمال)";
        let cut = cut_words(ar, 44);
        assert_eq!(cut.matches('(').count(), cut.matches(')').count(), "{cut}");
        assert!(ar.starts_with(cut.trim_end_matches('…')), "{cut}");
    }

    #[test]
    fn slots_carry_their_short_form_and_the_message_lists_them_in_full() {
        let slot = "mercredi 2 décembre à 9 h 45, sur place (Agence France Travail Tours Nord)";
        let b = vec![
            (slot.to_string(), "3:o1".to_string()),
            ("D'autres dates".to_string(), "3:more".to_string()),
        ];
        let shorts = vec![Some("mer. 2 déc. 9 h 45".to_string()), None];
        let kb = keyboard(&b, &shorts);
        assert_eq!(kb.inline_keyboard[0][0].text, "1 · mer. 2 déc. 9 h 45");
        assert_eq!(kb.inline_keyboard[1][0].text, "2 · D'autres dates");
        assert_eq!(
            listing(&b, &shorts).unwrap(),
            format!("1. {slot}\n2. D'autres dates")
        );
        // Without short forms, labels that fit are shown as they are.
        assert!(listing(&b[1..], &[]).is_none());
    }
}
