//! Right-to-left text on channels that lay out each line on its own: a line of a right-to-left
//! locale whose first strong character would make it read left to right (a line that starts
//! with a name in Latin letters, or with an isolated placeable, which the bidi algorithm skips)
//! starts with a right-to-left mark. Pure text; applied once a message is rendered.

/// The right-to-left mark.
const RLM: char = '\u{200F}';

/// Whether a locale writes right to left.
#[must_use]
pub fn right_to_left(locale: &str) -> bool {
    let primary = locale.split(['-', '_']).next().unwrap_or_default();
    matches!(primary, "ar" | "fa" | "he" | "ur" | "ps" | "ckb" | "yi")
}

/// The text with a right-to-left mark before every line that would otherwise read left to
/// right, when the locale writes right to left; unchanged otherwise.
#[must_use]
pub fn lines_in_direction(locale: &str, text: &str) -> String {
    if !right_to_left(locale) {
        return text.to_string();
    }
    text.split('\n')
        .map(|line| {
            if line.trim().is_empty() || first_strong_is_rtl(line) {
                line.to_string()
            } else {
                format!("{RLM}{line}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Whether the first strong character of a line, outside isolates (the rule P2 of the
/// Unicode bidi algorithm), is right to left. A line without one reads left to right.
fn first_strong_is_rtl(line: &str) -> bool {
    let mut depth = 0usize;
    for c in line.chars() {
        match c {
            // LRI, RLI, FSI open an isolate; PDI closes one.
            '\u{2066}'..='\u{2068}' => depth += 1,
            '\u{2069}' => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            '\u{200F}' | '\u{061C}' => return true,
            '\u{200E}' => return false,
            c if rtl_letter(c) => return true,
            c if c.is_alphabetic() => return false,
            _ => {}
        }
    }
    false
}

/// Letters of the right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, N'Ko and their
/// presentation forms).
fn rtl_letter(c: char) -> bool {
    matches!(c,
        '\u{0590}'..='\u{08FF}' | '\u{FB1D}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}'
        | '\u{10800}'..='\u{10FFF}' | '\u{1E800}'..='\u{1EFFF}')
        && c.is_alphabetic()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_that_would_read_left_to_right_get_a_mark() {
        let text = "مرحبا\n\u{2068}France Travail\u{2069} : 12\n• 34\nTours, 37000\n\u{2068}Tours\u{2069} : موعد";
        let out = lines_in_direction("ar", text);
        let lines: Vec<&str> = out.split('\n').collect();
        assert_eq!(lines[0], "مرحبا");
        assert!(lines[1].starts_with(RLM));
        assert!(lines[2].starts_with(RLM));
        assert!(lines[3].starts_with(RLM));
        assert!(!lines[4].starts_with(RLM), "already right to left");
        assert_eq!(lines_in_direction("ar", &out), out, "once only");
        assert_eq!(lines_in_direction("fr", text), text);
    }
}
