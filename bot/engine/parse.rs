//! Reading an answer of each kind from what the person typed. Each failure names its reason, so
//! the person gets a precise hint.

use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};
use regex::Regex;

use super::text::{distance_within, fold, typo_allowance};
use crate::dialogue::model::Commune;
use crate::dialogue::{DateRule, validate::is_postcode};

/// Why an answer was not accepted; each maps to its own message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Miss {
    Empty,
    NotAnOption,
    /// Several options match; the labels are named back.
    Ambiguous(Vec<String>),
    UnknownPart(String),
    TooFew(i64),
    TooMany(i64),
    ExclusiveMixed(String),
    NotANumber,
    /// A year of birth alone, where the month decides which side of an age threshold.
    BirthMonthNeeded,
    TooLow(i64),
    TooHigh(i64),
    NotADate,
    DateInFuture,
    DateInPast,
    NotAPlace,
    NotAPhone,
    TooLong(usize),
    NoMatch,
}

impl Miss {
    /// The Fluent id of the reason.
    #[must_use]
    pub fn msg_id(&self) -> &'static str {
        match self {
            Self::Empty => "miss-empty",
            Self::NotAnOption => "miss-not-an-option",
            Self::Ambiguous(_) => "miss-ambiguous",
            Self::UnknownPart(_) => "miss-unknown-part",
            Self::TooFew(_) => "miss-too-few",
            Self::TooMany(_) => "miss-too-many",
            Self::ExclusiveMixed(_) => "miss-exclusive",
            Self::NotANumber => "miss-not-a-number",
            Self::BirthMonthNeeded => "miss-birth-month",
            Self::TooLow(_) => "miss-too-low",
            Self::TooHigh(_) => "miss-too-high",
            Self::NotADate => "miss-not-a-date",
            Self::DateInFuture => "miss-date-future",
            Self::DateInPast => "miss-date-past",
            Self::NotAPlace => "miss-not-a-place",
            Self::NotAPhone => "miss-not-a-phone",
            Self::TooLong(_) => "miss-too-long",
            Self::NoMatch => "miss-no-match",
        }
    }
}

/// The result of matching a text against options.
#[derive(Debug, PartialEq, Eq)]
pub enum Matched {
    One(String),
    Many(Vec<String>),
    None,
}

/// Matches one answer against options: by number (1-based over `order`), exact label or
/// synonym, a word inside a single label, then typos within a small distance.
pub fn match_option<'a>(
    folded: &str,
    order: &[String],
    forms: impl Iterator<Item = (&'a str, &'a str)> + Clone,
) -> Matched {
    if folded.is_empty() {
        return Matched::None;
    }
    if folded.bytes().all(|b| b.is_ascii_digit()) {
        return match folded.parse::<usize>() {
            Ok(n) if (1..=order.len()).contains(&n) => Matched::One(order[n - 1].clone()),
            _ => Matched::None,
        };
    }
    if let Some((o, _)) = forms.clone().find(|(_, f)| *f == folded) {
        return Matched::One(o.to_string());
    }
    let mut hits: Vec<String> = Vec::new();
    let push = |o: &str, hits: &mut Vec<String>| {
        if !hits.iter().any(|h| h == o) {
            hits.push(o.to_string());
        }
    };
    if folded.chars().count() >= 4 {
        // The answer is a word or a run of words inside a label ("logement", "je ne sais pas").
        let needle = format!(" {folded} ");
        for (o, f) in forms.clone() {
            if format!(" {f} ").contains(&needle) {
                push(o, &mut hits);
            }
        }
        if !hits.is_empty() {
            return settle(hits);
        }
    }
    let allowance = typo_allowance(folded);
    if allowance > 0 {
        for (o, f) in forms.clone() {
            if distance_within(folded, f, allowance).is_some()
                || f.split(' ').any(|w| {
                    w.chars().count() >= 5
                        && distance_within(folded, w, typo_allowance(w)).is_some()
                })
            {
                push(o, &mut hits);
            }
        }
    }
    settle(hits)
}

fn settle(mut hits: Vec<String>) -> Matched {
    match hits.len() {
        0 => Matched::None,
        1 => Matched::One(hits.remove(0)),
        _ => Matched::Many(hits),
    }
}

static SEPARATORS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)[,;/+&،]|\s(?:et|and|y|e|i|и|і|та|ve|و|ou|or)\s").expect("separator regex")
});

/// Splits a multi-choice answer into its parts ("1 3", "1, 3", "1 et 3", "logement, santé"),
/// each as typed (to be quoted back, never folded) and folded (to be matched).
#[must_use]
pub fn split_multi_typed(text: &str) -> Vec<(String, String)> {
    let folded = fold(text);
    if !folded.is_empty()
        && folded
            .split(' ')
            .all(|w| w.bytes().all(|b| b.is_ascii_digit()))
    {
        return folded
            .split(' ')
            .map(|d| (d.to_string(), d.to_string()))
            .collect();
    }
    SEPARATORS
        .split(text)
        .map(|p| (p.trim().to_string(), fold(p)))
        .filter(|(_, f)| !f.is_empty())
        .collect()
}

/// Reads a whole number written in digits, alone or with a word or two ("34", "34 ans",
/// "j'ai 34ans"). Digits glued to other signs ("utf-8", "[31m") are not a number.
pub fn number(text: &str, min: i64, max: i64) -> Result<i64, Miss> {
    let tokens: Vec<&str> = text.split_whitespace().collect();
    let numeric: Vec<&str> = tokens
        .iter()
        .filter_map(|t| {
            let t = t.trim_end_matches(['.', ',', '!', '?']);
            let t = t.strip_prefix('-').map_or(t, |rest| {
                if rest.starts_with(|c: char| c.is_ascii_digit()) {
                    rest
                } else {
                    t
                }
            });
            let digits = t.len() - t.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            (digits > 0 && t[digits..].chars().all(char::is_alphabetic)).then(|| &t[..digits])
        })
        .collect();
    let ([digits], true) = (numeric.as_slice(), tokens.len() <= 4) else {
        return Err(Miss::NotANumber);
    };
    let n: i64 = digits.parse().map_err(|_| Miss::TooHigh(max))?;
    if text.trim_start().starts_with('-') {
        return Err(Miss::TooLow(min));
    }
    if n < min {
        Err(Miss::TooLow(min))
    } else if n > max {
        Err(Miss::TooHigh(max))
    } else {
        Ok(n)
    }
}

/// Reads an age: years ("34", "34 ans"), a year of birth ("1991") or a date of birth
/// ("12/05/1991"), checked against the bounds.
pub fn age(
    text: &str,
    min: i64,
    max: i64,
    thresholds: &[i64],
    today: NaiveDate,
) -> Result<i64, Miss> {
    // Born in year n, a person is `year - n` or one less: where that straddles a threshold,
    // the month decides (and the day, within the current month).
    let straddles = |born: i64| thresholds.contains(&(i64::from(today.year()) - born));
    if let Some(c) = MY.captures(text.trim()) {
        let (month, year) = (c[1].parse::<u32>(), c[2].parse::<i64>());
        if let (Ok(m), Ok(y)) = (month, year) {
            if m == today.month() && straddles(y) {
                return Err(Miss::BirthMonthNeeded);
            }
        }
    }
    let years = match number(text, 0, 9_999) {
        Ok(n) if n >= 1900 && n <= i64::from(today.year()) && straddles(n) => {
            return Err(Miss::BirthMonthNeeded);
        }
        Ok(n) if n >= 1900 && n <= i64::from(today.year()) => i64::from(today.year()) - n,
        Ok(n) if n >= 1900 => return Err(Miss::TooLow(min)),
        Ok(n) if n > 150 => return Err(Miss::NotANumber),
        Ok(n) => n,
        Err(Miss::TooLow(_)) => return Err(Miss::TooLow(min)),
        Err(Miss::TooHigh(_)) => return Err(Miss::TooHigh(max)),
        Err(_) => {
            let born = date(text, DateRule::Past, today).map_err(|_| Miss::NotANumber)?;
            let mut y = i64::from(today.year() - born.year());
            if (today.month(), today.day()) < (born.month(), born.day()) {
                y -= 1;
            }
            y
        }
    };
    if years < min {
        Err(Miss::TooLow(min))
    } else if years > max {
        Err(Miss::TooHigh(max))
    } else {
        Ok(years)
    }
}

static DMY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d{1,2})\s*[/.\- ]\s*(\d{1,2})\s*[/.\- ]\s*(\d{2}|\d{4})$").expect("dmy")
});
static YMD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{4})-(\d{1,2})-(\d{1,2})$").expect("ymd"));
static MY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{1,2})\s*[/.\- ]\s*(\d{4})$").expect("my"));
static Y: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(\d{4})$").expect("y"));

/// Reads a date: `31/12/2024`, `31.12.24`, `2024-12-31`, `12/2024` (the first of the month) or
/// a year alone (the first of January).
pub fn date(text: &str, rule: DateRule, today: NaiveDate) -> Result<NaiveDate, Miss> {
    let t = text.trim();
    let num = |s: &str| s.parse::<u32>().ok();
    let parsed = if let Some(c) = DMY.captures(t) {
        let mut y = num(&c[3]).ok_or(Miss::NotADate)? as i32;
        if c[3].len() == 2 {
            let century_now = today.year() % 100;
            y += if y <= century_now { 2000 } else { 1900 };
        }
        NaiveDate::from_ymd_opt(
            y,
            num(&c[2]).ok_or(Miss::NotADate)?,
            num(&c[1]).ok_or(Miss::NotADate)?,
        )
    } else if let Some(c) = YMD.captures(t) {
        NaiveDate::from_ymd_opt(
            num(&c[1]).ok_or(Miss::NotADate)? as i32,
            num(&c[2]).ok_or(Miss::NotADate)?,
            num(&c[3]).ok_or(Miss::NotADate)?,
        )
    } else if let Some(c) = MY.captures(t) {
        NaiveDate::from_ymd_opt(
            num(&c[2]).ok_or(Miss::NotADate)? as i32,
            num(&c[1]).ok_or(Miss::NotADate)?,
            1,
        )
    } else if let Some(c) = Y.captures(t) {
        NaiveDate::from_ymd_opt(num(&c[1]).ok_or(Miss::NotADate)? as i32, 1, 1)
    } else {
        None
    };
    let d = parsed.ok_or(Miss::NotADate)?;
    if d.year() < 1900 || d.year() > today.year() + 100 {
        return Err(Miss::NotADate);
    }
    match rule {
        DateRule::Past if d > today => Err(Miss::DateInFuture),
        DateRule::Future if d < today => Err(Miss::DateInPast),
        _ => Ok(d),
    }
}

/// Reads a French postcode, or the name of a known commune.
pub fn place(text: &str, communes: &[Commune]) -> Result<(String, Option<String>), Miss> {
    let digits: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if digits.len() == 5 && digits.bytes().all(|b| b.is_ascii_digit()) {
        if !is_postcode(&digits) {
            return Err(Miss::NotAPlace);
        }
        let names: Vec<&Commune> = communes.iter().filter(|c| c.postcode == digits).collect();
        let commune = (names.len() == 1).then(|| names[0].name.clone());
        return Ok((digits, commune));
    }
    let folded = fold_commune(text);
    if folded.is_empty() {
        return Err(Miss::NotAPlace);
    }
    if let Some(c) = communes.iter().find(|c| fold_commune(&c.name) == folded) {
        return Ok((c.postcode.clone(), Some(c.name.clone())));
    }
    let allowance = typo_allowance(&folded);
    let near: Vec<&Commune> = communes
        .iter()
        .filter(|c| {
            allowance > 0 && distance_within(&folded, &fold_commune(&c.name), allowance).is_some()
        })
        .collect();
    match near.as_slice() {
        [c] => Ok((c.postcode.clone(), Some(c.name.clone()))),
        [] => Err(Miss::NotAPlace),
        many => Err(Miss::Ambiguous(
            many.iter().map(|c| c.name.clone()).collect(),
        )),
    }
}

fn fold_commune(name: &str) -> String {
    fold(name)
        .split(' ')
        .map(|w| match w {
            "st" => "saint",
            "ste" => "sainte",
            w => w,
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Reads a phone number into E.164: French numbers written `06 12 34 56 78`, `+33 6...`,
/// `0033 6...`, and international numbers with their `+`.
pub fn phone(text: &str) -> Result<String, Miss> {
    let mut s: String = text
        .chars()
        .filter(|c| !matches!(c, ' ' | '.' | '-' | '(' | ')' | '\u{a0}'))
        .collect();
    if let Some(rest) = s.strip_prefix("00") {
        s = format!("+{rest}");
    }
    let digits_only = |x: &str| !x.is_empty() && x.bytes().all(|b| b.is_ascii_digit());
    if s.len() == 10 && s.starts_with('0') && digits_only(&s) && s.as_bytes()[1] != b'0' {
        return Ok(format!("+33{}", &s[1..]));
    }
    if let Some(rest) = s.strip_prefix("+33") {
        let rest = rest.strip_prefix('0').unwrap_or(rest);
        if rest.len() == 9 && digits_only(rest) && !rest.starts_with('0') {
            return Ok(format!("+33{rest}"));
        }
        return Err(Miss::NotAPhone);
    }
    if let Some(rest) = s.strip_prefix('+') {
        if (8..=15).contains(&rest.len()) && digits_only(rest) && !rest.starts_with('0') {
            return Ok(s);
        }
    }
    Err(Miss::NotAPhone)
}

/// Checks free text against its length cap.
pub fn text(text: &str, max_len: usize) -> Result<String, Miss> {
    let n = text.chars().count();
    if n == 0 {
        Err(Miss::Empty)
    } else if n > max_len {
        Err(Miss::TooLong(max_len))
    } else {
        Ok(text.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split_multi(text: &str) -> Vec<String> {
        split_multi_typed(text)
            .into_iter()
            .map(|(_, f)| f)
            .collect()
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, 15).unwrap()
    }

    #[test]
    fn numbers() {
        assert_eq!(number("34 ans", 16, 99), Ok(34));
        assert_eq!(number("7", 16, 99), Err(Miss::TooLow(16)));
        assert_eq!(number("140", 16, 99), Err(Miss::TooHigh(99)));
        assert_eq!(number("trente", 16, 99), Err(Miss::NotANumber));
        assert_eq!(
            number("99999999999999999999999", 16, 99),
            Err(Miss::TooHigh(99))
        );
        assert_eq!(number("12 ou 13", 0, 99), Err(Miss::NotANumber));
        assert_eq!(number("j'ai 34ans", 16, 99), Ok(34));
        assert_eq!(number("-5", 16, 99), Err(Miss::TooLow(16)));
        assert_eq!(number("broken utf-8", 0, 99), Err(Miss::NotANumber));
        assert_eq!(number("[31m", 0, 99), Err(Miss::NotANumber));
    }

    #[test]
    fn ages() {
        assert_eq!(age("34", 15, 99, &[26], today()), Ok(34));
        assert_eq!(age("1991", 15, 99, &[26], today()), Ok(35));
        assert_eq!(age("20/03/1991", 15, 99, &[26], today()), Ok(34));
        assert_eq!(age("15/03/1991", 15, 99, &[26], today()), Ok(35));
        assert_eq!(age("7", 15, 99, &[26], today()), Err(Miss::TooLow(15)));
        assert_eq!(age("140", 15, 99, &[26], today()), Err(Miss::TooHigh(99)));
        assert_eq!(age("2020", 15, 99, &[26], today()), Err(Miss::TooLow(15)));
        assert_eq!(
            age("quarante", 15, 99, &[26], today()),
            Err(Miss::NotANumber)
        );
    }

    #[test]
    fn a_year_of_birth_alone_is_not_enough_at_a_threshold() {
        // Today is in 2026: born in 2000, the person is 25 or 26.
        let need = Err(Miss::BirthMonthNeeded);
        assert_eq!(age("2000", 15, 99, &[26], today()), need);
        assert_eq!(age("2001", 15, 99, &[26], today()), Ok(25));
        assert_eq!(age("1999", 15, 99, &[26], today()), Ok(27));
        assert_eq!(age("2000", 15, 99, &[], today()), Ok(26));
        // A month settles it, unless it is this month: then the day does.
        let month = today().month();
        let before = if month == 1 { 12 } else { month - 1 };
        let expected = if month == 1 { 25 } else { 26 };
        assert_eq!(
            age(&format!("{before}/2000"), 15, 99, &[26], today()),
            Ok(expected)
        );
        assert_eq!(age(&format!("{month}/2000"), 15, 99, &[26], today()), need);
        assert_eq!(
            age(&format!("1/{month}/2000"), 15, 99, &[26], today()),
            Ok(26)
        );
    }

    #[test]
    fn dates() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        assert_eq!(date("3/2/2024", DateRule::Past, today()), Ok(d(2024, 2, 3)));
        assert_eq!(date("03.02.24", DateRule::Past, today()), Ok(d(2024, 2, 3)));
        assert_eq!(
            date("2024-02-03", DateRule::Any, today()),
            Ok(d(2024, 2, 3))
        );
        assert_eq!(date("02/2024", DateRule::Past, today()), Ok(d(2024, 2, 1)));
        assert_eq!(date("2019", DateRule::Past, today()), Ok(d(2019, 1, 1)));
        assert_eq!(
            date("31/02/2024", DateRule::Any, today()),
            Err(Miss::NotADate)
        );
        assert_eq!(
            date("1/1/2030", DateRule::Past, today()),
            Err(Miss::DateInFuture)
        );
        assert_eq!(date("hier", DateRule::Past, today()), Err(Miss::NotADate));
    }

    #[test]
    fn phones() {
        assert_eq!(phone("06 12 34 56 78").as_deref(), Ok("+33612345678"));
        assert_eq!(phone("+33 (0)6 12 34 56 78").as_deref(), Ok("+33612345678"));
        assert_eq!(phone("0033612345678").as_deref(), Ok("+33612345678"));
        assert_eq!(phone("+380 50 123 4567").as_deref(), Ok("+380501234567"));
        assert_eq!(phone("12345"), Err(Miss::NotAPhone));
    }

    #[test]
    fn places() {
        let communes = vec![
            Commune {
                name: "Tours".into(),
                postcode: "37000".into(),
                insee: None,
            },
            Commune {
                name: "Saint-Cyr-sur-Loire".into(),
                postcode: "37540".into(),
                insee: None,
            },
        ];
        assert_eq!(
            place("37 000", &communes),
            Ok(("37000".into(), Some("Tours".into())))
        );
        assert_eq!(
            place("st cyr sur loire", &communes),
            Ok(("37540".into(), Some("Saint-Cyr-sur-Loire".into())))
        );
        assert_eq!(place("75011", &communes), Ok(("75011".into(), None)));
        assert_eq!(place("00000", &communes), Err(Miss::NotAPlace));
        assert_eq!(place("Atlantis", &communes), Err(Miss::NotAPlace));
    }

    #[test]
    fn options_by_number_label_word_and_typo() {
        let order = vec!["housing".to_string(), "health".to_string()];
        let forms = [("housing", "un logement stable"), ("health", "ma sante")];
        let m = |s: &str| match_option(s, &order, forms.iter().copied());
        assert_eq!(m("2"), Matched::One("health".into()));
        assert_eq!(m("3"), Matched::None);
        assert_eq!(m("ma sante"), Matched::One("health".into()));
        assert_eq!(m("logement"), Matched::One("housing".into()));
        assert_eq!(m("logment"), Matched::One("housing".into()));
        assert_eq!(m("voiture"), Matched::None);
    }

    #[test]
    fn multi_split() {
        assert_eq!(split_multi("1 3"), vec!["1", "3"]);
        assert_eq!(
            split_multi_typed("знайти, Житло"),
            vec![
                ("знайти".to_string(), fold("знайти")),
                ("Житло".to_string(), fold("Житло"))
            ],
            "each part kept as typed beside its folded form"
        );
        assert_eq!(split_multi("1 et 3"), vec!["1", "3"]);
        assert_eq!(split_multi("Logement, santé"), vec!["logement", "sante"]);
        assert_eq!(
            split_multi("transport et permis"),
            vec!["transport", "permis"]
        );
    }
}
