//! The inline keyboards: how a question's buttons are laid out, and the last keyboard sent to
//! a chat while it waits for a tap. Sending and editing them is `send`'s.

use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup, MessageId};

use super::format::{callback_data, fit_label};

/// Labels up to this many characters go two to a row.
const SHORT_LABEL_CHARS: usize = 14;

/// The last keyboard sent to a chat, while it still waits for a tap.
#[derive(Debug, Clone)]
pub(super) struct OpenKeyboard {
    pub(super) message: MessageId,
    pub(super) buttons: Vec<(String, String)>,
}

/// The inline keyboard of a question: short labels two to a row, long ones one a row.
#[must_use]
pub fn keyboard(buttons: &[(String, String)]) -> InlineKeyboardMarkup {
    let short = buttons
        .iter()
        .all(|(label, _)| label.chars().count() <= SHORT_LABEL_CHARS);
    let per_row = if short { 2 } else { 1 };
    let all: Vec<InlineKeyboardButton> = buttons
        .iter()
        .enumerate()
        .map(|(i, (label, data))| {
            InlineKeyboardButton::callback(fit_label(label), callback_data(data, i))
        })
        .collect();
    InlineKeyboardMarkup::new(all.chunks(per_row).map(<[InlineKeyboardButton]>::to_vec))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::channels::telegram::format::MAX_LABEL_CHARS;

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
    }
}
