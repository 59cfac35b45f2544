//! Checking one row: the cells cleaned, then the phone, the dates, the postcode, the RSA, the
//! France Travail identifier, the language and the partner read, and duplicates found.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::hash::{DefaultHasher, Hash, Hasher};

use chrono::NaiveDate;

use super::*;
use crate::core::Channel;
use crate::engine::read_phone;
use crate::engine::text::fold;

/// The fingerprints of the references and phones seen, with their first line.
#[derive(Default)]
pub(super) struct Seen {
    references: HashMap<u64, u64>,
    phones: HashMap<u64, u64>,
}

impl Seen {
    /// Records `value` at `line`; the first line it was seen on, if before.
    pub(super) fn first(map: &mut HashMap<u64, u64>, value: &str, line: u64) -> Option<u64> {
        let mut hasher = DefaultHasher::new();
        value.hash(&mut hasher);
        match map.entry(hasher.finish()) {
            Entry::Occupied(first) => Some(*first.get()),
            Entry::Vacant(slot) => {
                slot.insert(line);
                None
            }
        }
    }
}

/// One record with the header's mapping.
pub(super) struct Row<'a> {
    pub(super) record: &'a csv::StringRecord,
    pub(super) columns: &'a [Option<usize>; COLUMNS.len()],
    pub(super) width: usize,
}

impl Row<'_> {
    /// Checks the row: its shape, its text, each field, then duplicates. The reference and the
    /// phone count as seen as soon as they are valid, even if the row is refused for another
    /// field, so a later row with the same ones is named a duplicate of this line.
    pub(super) fn check(
        &self,
        line: u64,
        rules: &Rules<'_>,
        seen: &mut Seen,
    ) -> Result<Listed, Why> {
        let found = (0..self.record.len())
            .rev()
            .find(|&i| self.record.get(i).is_some_and(|f| !f.trim().is_empty()))
            .map_or(0, |i| i + 1);
        if found > self.width {
            return Err(Why::ColumnCount {
                found,
                expected: self.width,
            });
        }
        let mut fields: [Option<String>; COLUMNS.len()] = Default::default();
        for (c, field) in fields.iter_mut().enumerate() {
            let raw = self.columns[c]
                .and_then(|at| self.record.get(at))
                .unwrap_or("");
            *field = clean(raw, COLUMNS[c].0)?;
        }
        let [
            phone,
            reference,
            first_name,
            last_name,
            born,
            postcode,
            rsa,
            ft_id,
            locale,
            partner,
        ] = fields;

        let reference = reference.ok_or(Why::MissingReference)?;
        if reference.chars().count() > MAX_REFERENCE {
            return Err(Why::ReferenceTooLong);
        }
        let same_reference = Seen::first(&mut seen.references, &reference, line);
        let (channel, phone) = read_number(phone.as_deref().ok_or(Why::MissingPhone)?)?;
        let same_phone = Seen::first(&mut seen.phones, &phone, line);

        let listed = Listed {
            line,
            reference,
            channel,
            phone,
            first_name,
            last_name,
            born: born.map(|b| read_date(&b, rules.today)).transpose()?,
            postcode: postcode.map(|p| read_postcode(&p)).transpose()?,
            rsa: rsa.map(|r| read_rsa(&r)).transpose()?,
            ft_id: ft_id.map(|f| read_ft_id(&f)).transpose()?,
            locale: locale
                .map(|l| read_language(&l, rules.locales))
                .transpose()?,
            partner: partner.map(|p| read_partner(&p, rules)).transpose()?,
        };
        if let Some(first) = same_reference {
            return Err(Why::DuplicateReference { first });
        }
        if let Some(first) = same_phone {
            return Err(Why::DuplicatePhone { first });
        }
        Ok(listed)
    }
}

/// Trims a field (and Excel's `="..."` wrapping), makes tabs spaces, drops zero-width marks;
/// refuses control characters, undecodable bytes and over-long fields. `None` when empty.
pub(super) fn clean(raw: &str, column: &'static str) -> Result<Option<String>, Why> {
    let mut text = raw.trim();
    if let Some(inner) = text.strip_prefix("=\"").and_then(|t| t.strip_suffix('"')) {
        text = inner.trim();
    }
    if text.is_empty() {
        return Ok(None);
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\t' => out.push(' '),
            '\u{FEFF}' | '\u{200B}' => {}
            c if c.is_control() || c == char::REPLACEMENT_CHARACTER => {
                return Err(Why::BadText { column });
            }
            c => out.push(c),
        }
    }
    let out = out.trim();
    if out.chars().count() > MAX_FIELD {
        return Err(Why::TooLong { column });
    }
    Ok((!out.is_empty()).then(|| out.to_owned()))
}

/// Overseas numbers written in the national format (`0692...`), read by the phone reader as
/// `+33692...`: the national prefix, the country code it belongs to, and whether it is a mobile.
pub(super) const OVERSEAS_NATIONAL: [(&str, &str, bool); 14] = [
    ("262", "262", false), // Réunion
    ("263", "262", false), // Réunion
    ("269", "262", false), // Mayotte
    ("590", "590", false), // Guadeloupe, Saint-Martin, Saint-Barthélemy
    ("594", "594", false), // Guyane
    ("596", "596", false), // Martinique
    ("639", "262", true),  // Mayotte
    ("690", "590", true),
    ("691", "590", true),
    ("692", "262", true),
    ("693", "262", true),
    ("694", "594", true),
    ("696", "596", true),
    ("697", "596", true),
];

/// Reads a phone cell: `whatsapp:` then a number, or a number for SMS.
pub(super) fn read_number(text: &str) -> Result<(Channel, String), Why> {
    const WHATSAPP: &str = "whatsapp:";
    let (channel, number) = match text.get(..WHATSAPP.len()) {
        Some(head) if head.eq_ignore_ascii_case(WHATSAPP) => {
            (Channel::WhatsApp, text[WHATSAPP.len()..].trim())
        }
        _ => (Channel::Sms, text),
    };
    if number.is_empty() {
        return Err(Why::MissingPhone);
    }
    let compact: String = number
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '/')
        .collect();
    let e164 = read_phone(&excel_phone(compact)).map_err(|_| Why::NotAPhone)?;
    let (e164, mobile) = french(&e164)?;
    if !mobile && channel == Channel::Sms {
        return Err(Why::Landline);
    }
    Ok((channel, e164))
}

/// Restores what Excel drops from a number stored as a number: the leading zero
/// (`612345678`) or the plus sign (`33612345678`, `262692123456`).
pub(super) fn excel_phone(compact: String) -> String {
    if !compact.bytes().all(|b| b.is_ascii_digit()) {
        return compact;
    }
    match compact.len() {
        9 if !compact.starts_with('0') => format!("0{compact}"),
        11 if compact.starts_with("33") => format!("+{compact}"),
        12 if ["262", "590", "594", "596"]
            .iter()
            .any(|c| compact.starts_with(c)) =>
        {
            format!("+{compact}")
        }
        _ => compact,
    }
}

/// Checks that an E.164 number is French and says whether it is a mobile; overseas numbers
/// read as metropolitan get their own country code.
pub(super) fn french(e164: &str) -> Result<(String, bool), Why> {
    let digits = e164.strip_prefix('+').ok_or(Why::NotAPhone)?;
    if let Some(national) = digits.strip_prefix("33") {
        // Nine digits, not starting with 0: the phone reader checked.
        for (prefix, code, mobile) in OVERSEAS_NATIONAL {
            if national.starts_with(prefix) {
                return Ok((format!("+{code}{national}"), mobile));
            }
        }
        // 06 and 07 are mobiles; 01-05 and 09 landlines, 08 special numbers.
        return Ok((
            e164.to_owned(),
            matches!(national.as_bytes()[0], b'6' | b'7'),
        ));
    }
    // Country code, national length, mobile prefixes.
    const OVERSEAS: [(&str, usize, &[&str]); 7] = [
        ("262", 9, &["692", "693", "639"]), // Réunion, Mayotte
        ("590", 9, &["690", "691"]),        // Guadeloupe, Saint-Martin, Saint-Barthélemy
        ("594", 9, &["694"]),               // Guyane
        ("596", 9, &["696", "697"]),        // Martinique
        ("508", 6, &["55"]),                // Saint-Pierre-et-Miquelon
        ("687", 6, &["5", "7", "8", "9"]),  // Nouvelle-Calédonie
        ("689", 8, &["87", "88", "89"]),    // Polynésie française
    ];
    for (code, len, mobiles) in OVERSEAS {
        let Some(national) = digits.strip_prefix(code) else {
            continue;
        };
        // A trunk zero kept after the country code (`+262 0692...`).
        let national = match national.strip_prefix('0') {
            Some(rest) if national.len() == len + 1 => rest,
            _ => national,
        };
        if national.len() != len {
            return Err(Why::NotAPhone);
        }
        let mobile = mobiles.iter().any(|p| national.starts_with(p));
        return Ok((format!("+{code}{national}"), mobile));
    }
    // +269 is the Comoros; Mayotte moved to +262 in 2007 with the same nine digits, which
    // lists still write after +269.
    if let Some(national) = digits.strip_prefix("269") {
        if national.len() == 9 && (national.starts_with("639") || national.starts_with("269")) {
            return Ok((format!("+262{national}"), national.starts_with("639")));
        }
    }
    Err(Why::NotFrench)
}

/// Reads a date of birth: `DD/MM/YYYY`, `D/M/YYYY`, `YYYY-MM-DD`, `DD-MM-YYYY`, `DD.MM.YYYY`
/// (any of the three separators), with an optional time Excel adds (`00:00:00`).
pub(super) fn read_date(text: &str, today: NaiveDate) -> Result<NaiveDate, Why> {
    let date = match text.split_once(' ') {
        Some((date, time)) if time.trim().bytes().all(|b| b.is_ascii_digit() || b == b':') => date,
        Some(_) => return Err(Why::BadDate),
        None => text,
    };
    let separator = date
        .chars()
        .find(|c| !c.is_ascii_digit())
        .ok_or(Why::BadDate)?;
    if !matches!(separator, '/' | '-' | '.') {
        return Err(Why::BadDate);
    }
    let parts: Vec<&str> = date.split(separator).collect();
    let [a, b, c] = parts[..] else {
        return Err(Why::BadDate);
    };
    let short = |p: &str| (1..=2).contains(&p.len());
    let (y, m, d) = if a.len() == 4 && short(b) && short(c) {
        (a, b, c)
    } else if short(a) && short(b) && c.len() == 4 {
        (c, b, a)
    } else {
        return Err(Why::BadDate);
    };
    let number = |p: &str| -> Result<u32, Why> {
        if p.bytes().all(|b| b.is_ascii_digit()) {
            p.parse().map_err(|_| Why::BadDate)
        } else {
            Err(Why::BadDate)
        }
    };
    let year = i32::try_from(number(y)?).map_err(|_| Why::BadDate)?;
    let born = NaiveDate::from_ymd_opt(year, number(m)?, number(d)?).ok_or(Why::BadDate)?;
    let floor = NaiveDate::from_ymd_opt(1900, 1, 1).expect("a real date");
    if born <= floor {
        return Err(Why::BornBefore1900);
    }
    if born > today {
        return Err(Why::BornInFuture);
    }
    Ok(born)
}

/// Reads a French postcode, restoring the leading zero Excel drops (`7000` is `07000`).
pub(super) fn read_postcode(text: &str) -> Result<String, Why> {
    let code: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if !code.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Why::BadPostcode);
    }
    let code = match code.len() {
        5 => code,
        4 => format!("0{code}"),
        _ => return Err(Why::BadPostcode),
    };
    let department: u32 = code[..2].parse().map_err(|_| Why::BadPostcode)?;
    let overseas: u32 = code[..3].parse().map_err(|_| Why::BadPostcode)?;
    // Metropolitan départements (Corsica's 2A and 2B write 20), the overseas départements
    // and collectivities (971-976), Wallis-et-Futuna, Polynesia and New Caledonia (986-988).
    let french = (1..=95).contains(&department)
        || (971..=976).contains(&overseas)
        || (986..=988).contains(&overseas);
    if french {
        Ok(code)
    } else {
        Err(Why::BadPostcode)
    }
}

/// Reads yes or no, in French or English, or as 1/0.
pub(super) fn read_rsa(text: &str) -> Result<bool, Why> {
    match fold(text).as_str() {
        "oui" | "o" | "yes" | "y" | "1" | "true" | "vrai" => Ok(true),
        "non" | "n" | "no" | "0" | "false" | "faux" => Ok(false),
        _ => Err(Why::BadRsa),
    }
}

/// Reads a France Travail identifier: 8 to 11 letters and digits once spaces are removed
/// (which includes the older 7 digits and a letter or digit).
pub(super) fn read_ft_id(text: &str) -> Result<String, Why> {
    let id: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if (8..=11).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_alphanumeric()) {
        Ok(id)
    } else {
        Err(Why::BadFtId)
    }
}

/// The two-letter code of a language name (folded: in French, English or the language itself)
/// or of a three-letter code.
pub(super) fn language_code(name: &str) -> Option<&'static str> {
    Some(match name {
        "francais" | "french" | "fra" | "fre" => "fr",
        "anglais" | "english" | "eng" => "en",
        "arabe" | "arabic" | "ara" | "العربية" => "ar",
        "ukrainien" | "ukrainian" | "ukr" | "українська" => "uk",
        "russe" | "russian" | "rus" | "русскии" => "ru",
        "espagnol" | "spanish" | "espanol" | "spa" => "es",
        "portugais" | "portuguese" | "portugues" | "por" => "pt",
        "turc" | "turkish" | "turkce" | "tur" => "tr",
        "allemand" | "german" | "deutsch" | "deu" | "ger" => "de",
        "italien" | "italian" | "italiano" | "ita" => "it",
        "roumain" | "romanian" | "romana" | "ron" | "rum" => "ro",
        "persan" | "farsi" | "dari" | "fas" | "per" => "fa",
        "pachto" | "pashto" | "pus" => "ps",
        "tamoul" | "tamil" | "tam" => "ta",
        "bengali" | "ben" => "bn",
        "chinois" | "chinese" | "mandarin" | "zho" | "chi" => "zh",
        "vietnamien" | "vietnamese" | "vie" => "vi",
        "polonais" | "polish" | "pol" => "pl",
        "serbe" | "serbian" | "srp" => "sr",
        "albanais" | "albanian" | "sqi" | "alb" => "sq",
        "georgien" | "georgian" | "kat" | "geo" => "ka",
        "armenien" | "armenian" | "hye" | "arm" => "hy",
        "somali" | "som" => "so",
        "tigrinya" | "tigrigna" | "tir" => "ti",
        "wolof" | "wol" => "wo",
        "bambara" | "bam" => "bm",
        "lingala" | "lin" => "ln",
        _ => return None,
    })
}

/// Reads a language, as a tag (`fr`, `fr-FR`), a three-letter code or a name in French,
/// English or the language itself, and matches it to the locales the service speaks.
pub(super) fn read_language(text: &str, locales: &[String]) -> Result<String, Why> {
    let folded = fold(text);
    let primary = folded.split(' ').next().unwrap_or_default();
    let letters = primary.chars().all(|c| c.is_ascii_lowercase());
    let tag = match language_code(primary) {
        Some(tag) => tag.to_owned(),
        None if letters && (2..=3).contains(&primary.len()) => primary.to_owned(),
        None => return Err(Why::NotALanguage),
    };
    locales
        .iter()
        .find(|l| {
            l.split(['-', '_'])
                .next()
                .is_some_and(|p| p.eq_ignore_ascii_case(&tag))
        })
        .cloned()
        .ok_or(Why::UnknownLanguage(tag))
}

/// Reads a partner id of the territory (exactly, else ignoring ASCII case), in scope.
pub(super) fn read_partner(text: &str, rules: &Rules<'_>) -> Result<String, Why> {
    let id = rules
        .partners
        .iter()
        .find(|p| p.as_str() == text)
        .or_else(|| rules.partners.iter().find(|p| p.eq_ignore_ascii_case(text)))
        .ok_or_else(|| Why::UnknownPartner(text.to_owned()))?;
    if rules.in_scope.is_some_and(|scope| !scope.contains(id)) {
        return Err(Why::PartnerOutOfScope(id.clone()));
    }
    Ok(id.clone())
}
