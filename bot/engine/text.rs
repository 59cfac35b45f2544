//! Text folding and fuzzy matching for answers. Pure functions only: no I/O, no allocation
//! beyond the folded strings.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Longest input the engine reads, in characters. Anything longer is cut before matching, so a
/// 100 kB line costs no more than this.
pub const MAX_INPUT_CHARS: usize = 2_000;

/// Removes control characters (keeping new lines as spaces), trims and caps the length.
#[must_use]
pub fn clean(input: &str) -> String {
    let mut out = String::with_capacity(input.len().min(MAX_INPUT_CHARS * 4));
    let mut last_space = true;
    for c in input.chars().take(MAX_INPUT_CHARS) {
        let c = if c.is_whitespace() {
            ' '
        } else {
            ascii_digit(c)
        };
        if c.is_control() || is_invisible(c) {
            continue;
        }
        if c == ' ' {
            if last_space {
                continue;
            }
            last_space = true;
        } else {
            last_space = false;
        }
        out.push(c);
    }
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    out
}

/// Arabic-Indic and Eastern Arabic-Indic digits, as Arabic and Persian phone keyboards type
/// them, read as the ASCII digits they are.
fn ascii_digit(c: char) -> char {
    match c {
        '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8),
        '\u{06F0}'..='\u{06F9}' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
        c => c,
    }
}

/// Bidirectional marks, zero-width characters and the byte order mark: they change nothing a
/// person means, but would defeat an exact comparison.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}'
    )
}

/// Folds a text for comparison: no accents, lower case, typographic quotes made straight,
/// punctuation around words dropped, single spaces.
#[must_use]
pub fn fold(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    let mut pending_space = false;
    for c in input.nfd() {
        if is_combining_mark(c) || is_invisible(c) {
            continue;
        }
        let c = match c {
            '\u{2019}' | '\u{2018}' | '`' | '\u{00B4}' => '\'',
            '\u{0152}' | '\u{0153}' => {
                push_word_char(&mut out, &mut pending_space, 'o');
                'e'
            }
            '\u{00C6}' | '\u{00E6}' => {
                push_word_char(&mut out, &mut pending_space, 'a');
                'e'
            }
            c => c,
        };
        if c.is_alphanumeric() || c == '\'' || c == '+' {
            for l in c.to_lowercase() {
                push_word_char(&mut out, &mut pending_space, l);
            }
        } else {
            pending_space = !out.is_empty();
        }
    }
    out
}

fn push_word_char(out: &mut String, pending_space: &mut bool, c: char) {
    if *pending_space {
        out.push(' ');
        *pending_space = false;
    }
    out.push(c);
}

/// Optimal string alignment distance (Levenshtein with adjacent transpositions), bounded:
/// returns `None` as soon as the distance is known to exceed `limit`.
#[must_use]
pub fn distance_within(a: &str, b: &str, limit: usize) -> Option<usize> {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    let width = b.len() + 1;
    let mut prev2 = vec![0usize; width];
    let mut prev: Vec<usize> = (0..width).collect();
    let mut cur = vec![0usize; width];
    for i in 1..=a.len() {
        cur[0] = i;
        let mut row_min = cur[0];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(prev2[j - 2] + 1);
            }
            cur[j] = d;
            row_min = row_min.min(d);
        }
        if row_min > limit {
            return None;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    let d = prev[b.len()];
    (d <= limit).then_some(d)
}

/// How many typos a folded word of this length may carry and still be recognised.
#[must_use]
pub fn typo_allowance(folded: &str) -> usize {
    match folded.chars().count() {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_removes_accents_case_and_punctuation() {
        assert_eq!(fold("  Logement !"), "logement");
        assert_eq!(fold("J’ai un EMPLOI."), "j'ai un emploi");
        assert_eq!(fold("Œuvre"), "oeuvre");
        assert_eq!(fold("Ça  va"), "ca va");
        assert_eq!(fold("نعم"), "نعم");
        assert_eq!(fold("Привет"), "привет");
    }

    #[test]
    fn clean_drops_controls_and_caps_length() {
        assert_eq!(clean("\u{0}a\u{7}b\r\n c\u{200F}"), "ab c");
        assert_eq!(clean(&"x".repeat(100_000)).len(), MAX_INPUT_CHARS);
        assert_eq!(clean("٣٤ سنة"), "34 سنة");
        assert_eq!(clean("۱۲/۰۳/۲۰۲۴"), "12/03/2024");
    }

    #[test]
    fn bounded_distance() {
        assert_eq!(distance_within("logment", "logement", 1), Some(1));
        assert_eq!(distance_within("lgoement", "logement", 1), Some(1));
        assert_eq!(distance_within("sante", "logement", 2), None);
    }
}
