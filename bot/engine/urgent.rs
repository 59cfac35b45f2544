//! Urgent situations told in the person's own words: per locale, the phrases that tell each
//! kind of urgency (`dialogues/urgent/<locale>.toml`), matched on folded text. PURE: the
//! catalog reads the files and hands the phrases over; matching allocates only the words.
//!
//! A phrase is a run of consecutive words. A word ending in `*` matches every word that starts
//! with it (`frapp*`: frappe, frappé, frapper); a word of five letters or more also matches with
//! a typo after its first letter. Apostrophes are dropped on both sides (`j'ai` and `jai` are one word), so phrases
//! are written as people type them. An `unless` phrase that overlaps a match cancels it ("je
//! meurs de faim de travailler" is not hunger).

use super::text::{distance_within, fold, typo_allowance};

/// One word of a phrase.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Word {
    Exact(String),
    Prefix(String),
}

impl Word {
    fn matches(&self, token: &str) -> bool {
        match self {
            Self::Exact(w) => {
                token == w
                    || (same_start(token, w)
                        && distance_within(token, w, typo_allowance(w)).is_some())
            }
            Self::Prefix(p) => {
                if token.starts_with(p.as_str()) {
                    return true;
                }
                let allowance = typo_allowance(p);
                if allowance == 0 || !same_start(token, p) {
                    return false;
                }
                // A typo inside the stem: compare the token's start, give or take a letter.
                let n = p.chars().count();
                (n.saturating_sub(1)..=n + 1).any(|k| {
                    let head: String = token.chars().take(k).collect();
                    head.chars().count() == k && distance_within(&head, p, 1).is_some()
                })
            }
        }
    }
}

/// Whether two words start with the same letter: a typo is looked for only after it, so that
/// "manger" is never read as "danger".
fn same_start(a: &str, b: &str) -> bool {
    a.chars().next() == b.chars().next()
}

/// A run of words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phrase(Vec<Word>);

impl Phrase {
    /// Reads a phrase as written in a lexicon file; `None` if nothing is left once folded.
    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        let words: Vec<Word> = text
            .split_whitespace()
            .flat_map(|w| {
                let prefix = w.ends_with('*');
                let folded = tokens(w.trim_end_matches('*'));
                let last = folded.len().saturating_sub(1);
                folded.into_iter().enumerate().map(move |(i, f)| {
                    if prefix && i == last {
                        Word::Prefix(f)
                    } else {
                        Word::Exact(f)
                    }
                })
            })
            .collect();
        (!words.is_empty()).then_some(Self(words))
    }

    /// Whether a word ends with `*` but leaves a stem too short to mean anything.
    #[must_use]
    pub fn has_short_stem(&self) -> bool {
        self.0
            .iter()
            .any(|w| matches!(w, Word::Prefix(p) if p.chars().count() < 3))
    }

    /// The spans `[start, end)` of the tokens where the phrase occurs.
    fn spans<'a>(&'a self, tokens: &'a [String]) -> impl Iterator<Item = (usize, usize)> + 'a {
        let n = self.0.len();
        (0..=tokens.len().saturating_sub(n))
            .filter(move |&i| {
                tokens.len() >= n
                    && self
                        .0
                        .iter()
                        .zip(&tokens[i..i + n])
                        .all(|(w, t)| w.matches(t))
            })
            .map(move |i| (i, i + n))
    }
}

/// The words of a text as the matcher sees them: folded, apostrophes dropped, and the letters
/// people type one for the other on a phone made one (Turkish dotless ı as i; Arabic final
/// ى as ي and ة as ه).
fn tokens(text: &str) -> Vec<String> {
    fold(text)
        .split(' ')
        .map(|w| {
            w.chars()
                .filter(|c| !matches!(c, '\'' | '\u{02BC}'))
                .map(|c| match c {
                    '\u{0131}' => 'i',
                    '\u{0649}' => '\u{064A}',
                    '\u{0629}' => '\u{0647}',
                    c => c,
                })
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

/// The phrases of one kind of urgency in one locale.
#[derive(Debug, Clone, Default)]
pub struct UrgentKind {
    pub kind: String,
    pub phrases: Vec<Phrase>,
    pub unless: Vec<Phrase>,
}

impl UrgentKind {
    /// Whether the text's tokens tell this urgency.
    fn told(&self, tokens: &[String]) -> bool {
        let excluded: Vec<(usize, usize)> =
            self.unless.iter().flat_map(|p| p.spans(tokens)).collect();
        self.phrases
            .iter()
            .flat_map(|p| p.spans(tokens))
            .any(|(a, b)| !excluded.iter().any(|&(x, y)| x < b && a < y))
    }
}

/// The kinds of urgency a text tells, in the order of `kinds`, without repeats.
#[must_use]
pub fn told<'a>(kinds: impl Iterator<Item = &'a UrgentKind>, text: &str) -> Vec<String> {
    let tokens = tokens(text);
    let mut out: Vec<String> = Vec::new();
    if tokens.is_empty() {
        return out;
    }
    for k in kinds {
        if !out.contains(&k.kind) && k.told(&tokens) {
            out.push(k.kind.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(kind: &str, phrases: &[&str], unless: &[&str]) -> UrgentKind {
        UrgentKind {
            kind: kind.into(),
            phrases: phrases.iter().filter_map(|p| Phrase::parse(p)).collect(),
            unless: unless.iter().filter_map(|p| Phrase::parse(p)).collect(),
        }
    }

    #[test]
    fn phrases_match_words_stems_typos_and_apostrophes() {
        let k = [
            kind("violence", &["me frapp*"], &[]),
            kind(
                "no_food",
                &["j'ai faim", "meurs de faim"],
                &["faim de travailler"],
            ),
        ];
        let t = |s: &str| told(k.iter(), s);
        assert_eq!(t("Mon mari me FRAPPÉ"), ["violence"]);
        assert_eq!(t("il me frapait"), ["violence"]);
        assert_eq!(t("jai faim"), ["no_food"]);
        assert_eq!(t("je meurs de faim"), ["no_food"]);
        assert!(t("je meurs de faim de travailler").is_empty());
        assert!(t("frappe").is_empty());
        assert!(t("").is_empty());
    }
}
