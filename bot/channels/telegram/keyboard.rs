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

/// Whether some label does not fit a button: then the message lists the choices in full,
/// numbered, and each button carries its number and the start of its label.
#[must_use]
pub fn listed(buttons: &[(String, String)]) -> bool {
    buttons
        .iter()
        .any(|(label, _)| label.trim().chars().count() > MAX_LABEL_CHARS)
}

/// The choices in full, numbered, for the message above a keyboard whose labels do not fit
/// (see [`listed`]); `None` when they fit.
#[must_use]
pub fn listing(buttons: &[(String, String)]) -> Option<String> {
    listed(buttons).then(|| {
        buttons
            .iter()
            .enumerate()
            .map(|(i, (label, _))| format!("{}. {}", i + 1, label.trim()))
            .collect::<Vec<_>>()
            .join("\n")
    })
}

/// A button's label: the label if it fits, else its number and as much of it as fits
/// ("1 · mer. 2 déc. 9 h 45…"), cut between words.
fn button_label(index: usize, label: &str, numbered: bool) -> String {
    if !numbered {
        return fit_label(label);
    }
    let prefix = format!("{} · ", index + 1);
    let room = MAX_LABEL_CHARS - prefix.chars().count();
    format!("{prefix}{}", cut_words(label.trim(), room))
}

/// The inline keyboard of a question: short labels two to a row, long ones one a row.
#[must_use]
pub fn keyboard(buttons: &[(String, String)]) -> InlineKeyboardMarkup {
    let short = buttons
        .iter()
        .all(|(label, _)| label.chars().count() <= SHORT_LABEL_CHARS);
    let per_row = if short { 2 } else { 1 };
    let numbered = listed(buttons);
    let all: Vec<InlineKeyboardButton> = buttons
        .iter()
        .enumerate()
        .map(|(i, (label, data))| {
            InlineKeyboardButton::callback(button_label(i, label, numbered), callback_data(data, i))
        })
        .collect();
    InlineKeyboardMarkup::new(all.chunks(per_row).map(<[InlineKeyboardButton]>::to_vec))
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let label = keyboard(&b).inline_keyboard[0][0].text.clone();
        assert_eq!(label, "1 · mercredi 2 décembre à 9 h 45, sur place…");
        assert!(label.chars().count() <= MAX_LABEL_CHARS);
        let listing = listing(&b).unwrap();
        assert_eq!(listing, format!("1. {slot}"));
        let ar = "الأربعاء 2 ديسمبر الساعة 9:45، في المكان (وكالة فرانس ترافاي تور الشمال)";
        let cut = cut_words(ar, 44);
        assert_eq!(cut.matches('(').count(), cut.matches(')').count(), "{cut}");
        assert!(ar.starts_with(cut.trim_end_matches('…')), "{cut}");
    }
}
