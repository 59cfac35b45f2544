//! What Telegram's wire formats take: HTML escaping, button labels, `callback_data` both ways,
//! and message splitting at 4096 UTF-16 units, and the labels of the content that its buttons
//! would cut. Pure text functions; no request is sent here.

use std::collections::BTreeSet;

use crate::catalog::Catalog;
use crate::dialogue::{Kind, Problem};
use crate::engine::Msg;
use crate::engine::step::question;
use crate::i18n::Isolation;

/// The longest message Telegram takes, in UTF-16 code units.
pub const MAX_MESSAGE_UNITS: usize = 4096;
/// The longest `callback_data` Telegram takes, in bytes.
pub const MAX_CALLBACK_BYTES: usize = 64;
/// Labels longer than this are cut (with an ellipsis) so they fit on a phone's button.
pub const MAX_LABEL_CHARS: usize = 48;
/// The `callback_data` of an answered keyboard: any tap on it is told the question is closed.
pub const CLOSED_DATA: &str = "-";

/// A tap's meaning: the option id, or its place in the keyboard when the id was too long.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tap {
    Id(String),
    Index(usize),
}

/// Reads `callback_data`: `<turn>:<option>` or `<turn>:#<index>`.
#[must_use]
pub fn parse_data(data: &str) -> Option<(u32, Tap)> {
    let (turn, rest) = data.split_once(':')?;
    let turn = turn.parse().ok()?;
    if rest.is_empty() {
        return None;
    }
    Some(match rest.strip_prefix('#') {
        Some(i) => (turn, Tap::Index(i.parse().ok()?)),
        None => (turn, Tap::Id(rest.to_string())),
    })
}

/// The `callback_data` of the button at `index`: the host's `<turn>:<option>`, or
/// `<turn>:#<index>` when that would pass Telegram's 64 bytes.
#[must_use]
pub fn callback_data(data: &str, index: usize) -> String {
    if data.len() <= MAX_CALLBACK_BYTES {
        return data.to_string();
    }
    let turn = data.split_once(':').map_or("0", |(t, _)| t);
    format!("{turn}:#{index}")
}

/// A text cut to `max` characters, the last one an ellipsis when something was cut.
#[must_use]
pub(super) fn cut_chars(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// A label as its button shows it.
#[must_use]
pub(super) fn fit_label(label: &str) -> String {
    cut_words(label.trim(), MAX_LABEL_CHARS)
}

/// A text cut to `max` characters between two words and outside any parenthesis, the last
/// one an ellipsis when something was cut (a single word too long is cut where it must).
#[must_use]
pub(super) fn cut_words(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut depth = 0usize;
    let mut end = 0;
    for (n, (i, c)) in text.char_indices().enumerate() {
        if n >= max.saturating_sub(1) {
            break;
        }
        match c {
            '(' | '[' | '«' => depth += 1,
            ')' | ']' | '»' => depth = depth.saturating_sub(1),
            c if c.is_whitespace() && depth == 0 => end = i,
            _ => {}
        }
    }
    let kept = text[..end].trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, ',' | ';' | ':' | '-' | '–' | '،' | '·')
    });
    if kept.is_empty() {
        return cut_chars(text, max);
    }
    format!("{kept}…")
}

/// Every label of a dialogue's buttons, in every locale, that [`fit_label`] would cut, at the
/// line of its message: what `tremplin check` reports, with the limit the channel applies.
/// The summary's names of the answers are buttons too (to change an answer).
#[must_use]
pub fn long_labels(catalog: &Catalog) -> Vec<Problem> {
    let locales = &catalog.locales;
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for d in &catalog.dialogues {
        for step in d.steps.iter().filter(|s| s.def.kind.takes_input()) {
            let mut labels: Vec<Msg> = question(&catalog.lexicon, step, 1, true)
                .choices
                .into_iter()
                .map(|c| c.label)
                .collect();
            if step.def.kind != Kind::Language {
                labels.push(Msg::new(d.msg_id(&step.def.id, "short")));
            }
            for tag in locales.tags() {
                for label in &labels {
                    let text = locales.render(tag, label, Isolation::Plain);
                    let chars = text.trim().chars().count();
                    if chars > MAX_LABEL_CHARS && seen.insert((tag.clone(), label.id.clone())) {
                        out.push(locales.at(
                            tag,
                            &label.id,
                            format!(
                                "label '{}' (step '{}' of {}) has {chars} characters; Telegram buttons cut labels at {MAX_LABEL_CHARS}",
                                label.id, step.def.id, d.id
                            ),
                        ));
                    }
                }
            }
        }
    }
    out
}

/// Escapes text for Telegram's HTML parse mode.
#[must_use]
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
    out
}

/// Length in UTF-16 code units, as Telegram counts.
#[must_use]
pub fn utf16_len(text: &str) -> usize {
    text.chars().map(char::len_utf16).sum()
}

/// Splits a text into pieces of at most `max` UTF-16 units, at a paragraph, a line or a
/// sentence end when there is one in the second half of the piece, else at a space.
#[must_use]
pub fn split_message(text: &str, max: usize) -> Vec<String> {
    let max = max.max(2);
    let mut out = Vec::new();
    let mut rest = text.trim();
    while utf16_len(rest) > max {
        let end = fitting_prefix(rest, max);
        let head = &rest[..end];
        let half = end / 2;
        let cut = [head.rfind("\n\n"), head.rfind('\n'), sentence_end(head)]
            .into_iter()
            .flatten()
            .find(|&p| p >= half && p > 0)
            .or_else(|| head.rfind(char::is_whitespace).filter(|&p| p > 0))
            .unwrap_or(end);
        let piece = rest[..cut].trim_end();
        if !piece.is_empty() {
            out.push(piece.to_string());
        }
        rest = rest[cut..].trim_start();
    }
    if !rest.is_empty() || out.is_empty() {
        out.push(rest.to_string());
    }
    out
}

/// The byte length of the longest prefix of `text` within `max` UTF-16 units, on a char
/// boundary.
fn fitting_prefix(text: &str, max: usize) -> usize {
    let mut units = 0;
    let mut end = 0;
    for (i, c) in text.char_indices() {
        if units + c.len_utf16() > max {
            break;
        }
        units += c.len_utf16();
        end = i + c.len_utf8();
    }
    end
}

/// Where the last sentence of `text` ends: the whitespace after its final punctuation.
fn sentence_end(text: &str) -> Option<usize> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    chars
        .windows(2)
        .rev()
        .find(|w| matches!(w[0].1, '.' | '!' | '?' | '…' | '؟' | '。') && w[1].1.is_whitespace())
        .map(|w| w[1].0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_texts_split_at_sentences_within_the_limit() {
        let sentence = "Voici une phrase assez longue pour remplir le message. ";
        let text = sentence.repeat(200);
        let pieces = split_message(&text, MAX_MESSAGE_UNITS);
        assert!(pieces.len() > 1);
        for p in &pieces {
            assert!(utf16_len(p) <= MAX_MESSAGE_UNITS);
            assert!(
                p.ends_with('.'),
                "cut at a sentence end: {:?}",
                &p[p.len() - 20..]
            );
        }
        assert_eq!(pieces.join(" "), text.trim());
    }

    #[test]
    fn splitting_counts_utf16_units_and_never_cuts_a_character() {
        // An emoji is two UTF-16 units: 3000 of them are 6000 units.
        let text = "😀".repeat(3000);
        let pieces = split_message(&text, MAX_MESSAGE_UNITS);
        assert_eq!(pieces.len(), 2);
        assert_eq!(utf16_len(&pieces[0]), 4096);
        assert_eq!(pieces.concat(), text);
        assert_eq!(split_message("court", 4096), vec!["court".to_string()]);
    }

    #[test]
    fn paragraphs_are_preferred() {
        let text = format!("{}\n\n{}", "a. ".repeat(30).trim(), "b ".repeat(30).trim());
        let pieces = split_message(&text, 100);
        assert_eq!(pieces[0], "a. ".repeat(30).trim());
    }

    #[test]
    fn html_is_escaped() {
        assert_eq!(escape_html("a <b> & c"), "a &lt;b&gt; &amp; c");
    }

    #[test]
    fn callback_data_stays_within_64_bytes() {
        assert_eq!(callback_data("3:yes", 0), "3:yes");
        let long = format!("12:{}", "x".repeat(80));
        assert_eq!(callback_data(&long, 4), "12:#4");
        assert_eq!(parse_data("12:#4"), Some((12, Tap::Index(4))));
        assert_eq!(parse_data("3:yes"), Some((3, Tap::Id("yes".into()))));
        assert_eq!(parse_data(CLOSED_DATA), None);
        assert_eq!(parse_data("x:yes"), None);
    }
}
