//! How long a text is as SMS: its encoding and its segments, and how many segments a question
//! may take. Pure text arithmetic, shared by the renderer (which keeps menus within the
//! budget), the SMS channel and `tremplin check`.

/// The most SMS segments a question may take, as the SMS channel sends it.
pub const QUESTION_SEGMENTS: usize = 2;

/// How a text travels as SMS.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Gsm7,
    Ucs2,
}

const GSM7_BASIC: &str = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
const GSM7_EXTENDED: &str = "^{}\\[~]|€\u{c}";

/// The encoding a text needs and how many segments it takes: GSM-7 (160 units alone, 153 a
/// part; extended characters count two) or UCS-2 (70 alone, 67 a part, counted in UTF-16 units).
#[must_use]
pub fn segments(text: &str) -> (Encoding, usize) {
    let mut units = 0usize;
    let mut gsm = true;
    for c in text.chars() {
        if GSM7_BASIC.contains(c) {
            units += 1;
        } else if GSM7_EXTENDED.contains(c) {
            units += 2;
        } else {
            gsm = false;
            break;
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
