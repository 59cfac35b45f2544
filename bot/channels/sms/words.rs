//! The words of an SMS number: the keywords carriers and people use (stop, start, help) and
//! the language a number's country suggests. Pure functions.

/// The language most people writing from a number's country speak, as a proposal only:
/// +380 uk, +7 ru, +90 tr, +212/+213/+216 ar, +34 es, +351/+55 pt, +44/+1 en.
#[must_use]
pub fn country_language(number: &str) -> Option<&'static str> {
    const CODES: [(&str, &str); 11] = [
        ("+380", "uk"),
        ("+351", "pt"),
        ("+212", "ar"),
        ("+213", "ar"),
        ("+216", "ar"),
        ("+34", "es"),
        ("+55", "pt"),
        ("+44", "en"),
        ("+90", "tr"),
        ("+7", "ru"),
        ("+1", "en"),
    ];
    CODES
        .iter()
        .find(|(code, _)| number.starts_with(code))
        .map(|(_, tag)| *tag)
}

/// The words a provider and its users treat as instructions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keyword {
    /// Stop every message (the law and the operators require it).
    Stop,
    /// Start again after a stop: acts only for a number that stopped; for anyone else the
    /// word is an answer like any other ("yes").
    Start,
    Help,
}

/// The messages that stop every message to a number, folded (case, accents and the
/// punctuation around the word ignored): a whole message must be one of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StopWords(Vec<String>);

impl Default for StopWords {
    /// STOP, ARRET (and ARRÊT), STOPALL, UNSUBSCRIBE.
    fn default() -> Self {
        Self(
            ["stop", "arret", "stopall", "unsubscribe"]
                .map(String::from)
                .to_vec(),
        )
    }
}

impl StopWords {
    /// Reads a comma-separated list of words (`STOP,ARRET,CANCEL`); an empty list is refused,
    /// as a number must always be able to stop the messages.
    pub fn parse(s: &str) -> Result<Self, String> {
        let words: Vec<String> = s
            .split(',')
            .map(crate::engine::text::fold)
            .filter(|w| !w.is_empty())
            .collect();
        if words.is_empty() {
            return Err("expected at least one word, e.g. STOP,ARRET,STOPALL,UNSUBSCRIBE".into());
        }
        Ok(Self(words))
    }

    /// The words, folded.
    #[must_use]
    pub fn words(&self) -> &[String] {
        &self.0
    }
}

/// The keyword a whole message is, if any (case, accents, spaces and the punctuation around
/// the word ignored).
#[must_use]
pub fn keyword(body: &str, stop: &StopWords) -> Option<Keyword> {
    let folded = crate::engine::text::fold(body);
    if stop.0.contains(&folded) {
        return Some(Keyword::Stop);
    }
    match folded.as_str() {
        "start" | "unstop" | "yes" => Some(Keyword::Start),
        "aide" | "help" | "info" => Some(Keyword::Help),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn country_codes_suggest_a_language() {
        assert_eq!(country_language("+380501234567"), Some("uk"));
        assert_eq!(country_language("+79161234567"), Some("ru"));
        assert_eq!(country_language("+212612345678"), Some("ar"));
        assert_eq!(country_language("+351912345678"), Some("pt"));
        assert_eq!(country_language("+5511912345678"), Some("pt"));
        assert_eq!(country_language("+14155550100"), Some("en"));
        assert_eq!(country_language("+33612345678"), None);
        assert_eq!(country_language("+4915112345678"), None);
    }

    #[test]
    fn keywords() {
        let stop = StopWords::default();
        assert_eq!(keyword(" Stop ", &stop), Some(Keyword::Stop));
        assert_eq!(keyword("ARRÊT", &stop), Some(Keyword::Stop));
        assert_eq!(keyword("start", &stop), Some(Keyword::Start));
        assert_eq!(keyword("Yes!", &stop), Some(Keyword::Start));
        assert_eq!(keyword("AIDE", &stop), Some(Keyword::Help));
        assert_eq!(keyword("stop please", &stop), None);
        for word in ["cancel", "end", "quit"] {
            assert_eq!(keyword(word, &stop), None, "{word} is an answer by default");
        }
        let more = StopWords::parse("STOP, Arrêt,CANCEL").unwrap();
        assert_eq!(keyword("cancel", &more), Some(Keyword::Stop));
        assert_eq!(keyword("arret", &more), Some(Keyword::Stop));
        assert!(StopWords::parse(" , ").is_err());
    }
}
