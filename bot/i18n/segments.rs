//! How long a text is as SMS: its encoding and its segments, how many segments a question
//! may take, and its GSM-7 transliteration. Pure text arithmetic, shared by the renderer
//! (which keeps menus and replies within the budget), the SMS channel and `tremplin check`.

/// The most SMS segments a question may take in French and English, as the SMS channel sends
/// it (and the budget of the language menu, which every locale reads before choosing).
pub const QUESTION_SEGMENTS: usize = 2;

/// The most SMS segments a question may take in the other locales, whose words are longer or
/// need UCS-2 (70 characters a segment instead of 160).
pub const OTHER_QUESTION_SEGMENTS: usize = 3;

/// The most SMS segments a question, with its options, may take in a locale.
#[must_use]
pub fn question_budget(locale: &str) -> usize {
    match locale.split('-').next().unwrap_or_default() {
        "fr" | "en" => QUESTION_SEGMENTS,
        _ => OTHER_QUESTION_SEGMENTS,
    }
}

/// How a text travels as SMS.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Gsm7,
    Ucs2,
}

const GSM7_BASIC: &str = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
const GSM7_EXTENDED: &str = "^{}\\[~]|€\u{c}";

/// What a character costs in GSM-7: 1 unit, 2 (an extended one), or 0 when GSM-7 lacks it.
fn gsm7_units(c: char) -> usize {
    /// The cost of each ASCII character, read once from the alphabets.
    static ASCII: std::sync::LazyLock<[u8; 128]> = std::sync::LazyLock::new(|| {
        let mut t = [0u8; 128];
        for (set, n) in [(GSM7_BASIC, 1), (GSM7_EXTENDED, 2)] {
            for c in set.chars().filter(char::is_ascii) {
                t[c as usize] = n;
            }
        }
        t
    });
    if c.is_ascii() {
        return usize::from(ASCII[c as usize]);
    }
    if GSM7_BASIC.contains(c) {
        1
    } else if GSM7_EXTENDED.contains(c) {
        2
    } else {
        0
    }
}

/// The encoding a text needs and how many segments it takes: GSM-7 (160 units alone, 153 a
/// part; extended characters count two) or UCS-2 (70 alone, 67 a part, counted in UTF-16 units).
#[must_use]
pub fn segments(text: &str) -> (Encoding, usize) {
    let mut units = 0usize;
    let mut gsm = true;
    for c in text.chars() {
        match gsm7_units(c) {
            0 => {
                gsm = false;
                break;
            }
            n => units += n,
        }
    }
    if gsm {
        let n = if units <= 160 { 1 } else { units.div_ceil(153) };
        return (Encoding::Gsm7, n);
    }
    let units = text.encode_utf16().count();
    let n = if units <= 70 { 1 } else { units.div_ceil(67) };
    (Encoding::Ucs2, n)
}

/// The transliteration only when it is all GSM-7 and takes fewer segments: a text that stays
/// UCS-2 anyway (Cyrillic, an emoji), or fits in as many segments with its accents, goes as
/// written (what `TREMPLIN_SMS_GSM7=auto` sends, and every invitation).
#[must_use]
pub fn gsm7_if_shorter(text: &str) -> String {
    let plain = to_gsm7(text);
    let (encoding, n) = segments(&plain);
    if encoding == Encoding::Gsm7 && n < segments(text).1 {
        plain
    } else {
        text.to_string()
    }
}

/// Replaces the characters outside GSM-7 that have a close GSM-7 form, so a French, Spanish,
/// Portuguese or Turkish text can stay in cheap segments: accents the GSM-7 set lacks (ê -> e,
/// á -> a, ã -> a, ç -> c, ş -> s, ğ -> g, ı -> i, İ -> I), typographic quotes and dashes ->
/// straight. Letters GSM-7 has (é è à ù ì ò ñ ä ö ü Ç É Ñ Ö Ü, ¿ ¡) are kept. Characters
/// without a GSM-7 form (Cyrillic, Arabic, emoji) are left as they are.
#[must_use]
pub fn to_gsm7(text: &str) -> String {
    let text = text
        .replace("« ", "\"")
        .replace("«\u{a0}", "\"")
        .replace("«\u{202f}", "\"")
        .replace(" »", "\"")
        .replace("\u{a0}»", "\"")
        .replace("\u{202f}»", "\"");
    let text = text
        .replace('\u{2026}', "...")
        .replace('œ', "oe")
        .replace('Œ', "OE");
    text.chars()
        .map(|c| match c {
            'á' | 'â' | 'ã' => 'a',
            'ê' | 'ë' => 'e',
            'í' | 'î' | 'ï' | 'ı' => 'i',
            'ó' | 'ô' | 'õ' => 'o',
            'ú' | 'û' => 'u',
            'ç' => 'c',
            'ş' => 's',
            'ğ' => 'g',
            'ÿ' => 'y',
            'ª' => 'a',
            'º' => 'o',
            'Á' | 'À' | 'Â' | 'Ã' => 'A',
            'Ê' | 'Ë' | 'È' => 'E',
            'Í' | 'Ì' | 'Î' | 'Ï' | 'İ' => 'I',
            'Ó' | 'Ò' | 'Ô' | 'Õ' => 'O',
            'Ú' | 'Û' | 'Ù' => 'U',
            'Ş' => 'S',
            'Ğ' => 'G',
            '\u{2019}' | '\u{2018}' => '\'',
            '\u{201C}' | '\u{201D}' | '«' | '»' => '"',
            '\u{2013}' | '\u{2014}' => '-',
            '\u{a0}' | '\u{202f}' => ' ',
            '•' => '-',
            c => c,
        })
        .collect()
}
