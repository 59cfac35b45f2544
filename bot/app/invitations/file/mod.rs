//! Reading an invitation list (CSV): sniffs the encoding and the separator, decodes while
//! streaming, and checks each row against the territory's rules. It owns the file format and the
//! row checks only: no database, no network, no clock (`today` comes in [`Rules`]), and memory
//! stays flat whatever the size of the file.

use std::io::{self, Chain, Cursor, Read};

use chrono::NaiveDate;
use encoding_rs::{UTF_8, WINDOWS_1252};

use crate::core::Channel;
use crate::engine::text::fold;

mod cells;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_more;
mod text;

use cells::*;
use text::*;

/// The longest line (or record) read, in bytes: past it the file is refused.
pub const MAX_LINE: usize = 64 * 1024;
/// The longest field read, in characters.
pub const MAX_FIELD: usize = 200;
/// The longest reference, in characters.
pub const MAX_REFERENCE: usize = 64;
/// The most rows a list may hold: the duplicate checks keep 16 bytes per row, so memory stays
/// bounded (some 35 MB at most) whatever the size of the file.
pub const MAX_ROWS: u64 = 500_000;

/// What a row is checked against.
#[derive(Debug, Clone, Copy)]
pub struct Rules<'a> {
    /// Every partner id of the territory.
    pub partners: &'a [String],
    /// The partners the uploader may invite for (`None`: all of them).
    pub in_scope: Option<&'a [String]>,
    /// The locales the service speaks (e.g. "fr", "en", "ar", "uk", "ru", "es", "pt", "tr").
    pub locales: &'a [String],
    /// Today, to check dates of birth.
    pub today: NaiveDate,
}

/// A good row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    /// The 1-based physical line number in the file (the header is line 1 when it comes first).
    pub line: u64,
    /// The Département's own id for the person, the key for re-imports: trimmed, 1 to 64
    /// characters.
    pub reference: String,
    /// [`Channel::Sms`], or [`Channel::WhatsApp`] when written `whatsapp:+33...`.
    pub channel: Channel,
    /// The number in E.164, e.g. "+33612345678".
    pub phone: String,
    /// The first name, as written.
    pub first_name: Option<String>,
    /// The last name, as written.
    pub last_name: Option<String>,
    /// The date of birth.
    pub born: Option<NaiveDate>,
    /// The postcode, five digits.
    pub postcode: Option<String>,
    /// Whether the person receives the RSA.
    pub rsa: Option<bool>,
    /// The France Travail identifier, upper-cased, spaces removed.
    pub ft_id: Option<String>,
    /// One of [`Rules::locales`].
    pub locale: Option<String>,
    /// One of [`Rules::partners`], in scope.
    pub partner: Option<String>,
}

/// A refused row: its line and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    /// The 1-based physical line number in the file.
    pub line: u64,
    /// Why the row is refused.
    pub why: Why,
}

/// Why a row is refused. [`Why::code`] gives a stable kebab-case code; `Display` a short English
/// sentence that never quotes a personal value (a partner id or a language code may be named).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Why {
    /// The row has more non-empty fields than the header has columns.
    #[error("the line has {found} fields where the header has {expected}")]
    ColumnCount { found: usize, expected: usize },
    /// A field holds control characters or bytes that could not be decoded.
    #[error("the {column} column holds control characters or bytes that are not text")]
    BadText { column: &'static str },
    /// A field is over [`MAX_FIELD`] characters.
    #[error("the {column} column holds more than 200 characters")]
    TooLong { column: &'static str },
    /// The reference is empty.
    #[error("the reference column is empty")]
    MissingReference,
    /// The reference is over [`MAX_REFERENCE`] characters.
    #[error("the reference is longer than 64 characters")]
    ReferenceTooLong,
    /// The phone number is empty.
    #[error("the telephone column is empty")]
    MissingPhone,
    /// The phone column does not hold a phone number.
    #[error("the telephone column does not hold a phone number")]
    NotAPhone,
    /// The phone number is not French (France or its overseas territories).
    #[error("the phone number is not French (France or its overseas territories)")]
    NotFrench,
    /// The phone number is a landline or a special number: SMS cannot reach it.
    #[error("the phone number is a landline or a special number, which cannot receive SMS")]
    Landline,
    /// The date of birth is not a date in an accepted format.
    #[error("the date of birth is not a real date written DD/MM/YYYY or YYYY-MM-DD")]
    BadDate,
    /// The date of birth is not after 1 January 1900 (Excel's day zero, most of the time).
    #[error("the date of birth is not after 1 January 1900")]
    BornBefore1900,
    /// The date of birth is after today.
    #[error("the date of birth is in the future")]
    BornInFuture,
    /// The postcode is not a French postcode.
    #[error("the postcode is not a French postcode of five digits")]
    BadPostcode,
    /// The rsa column is not yes or no.
    #[error("the rsa column is neither oui nor non")]
    BadRsa,
    /// The France Travail identifier has the wrong shape.
    #[error("the France Travail identifier is not 8 to 11 letters and digits")]
    BadFtId,
    /// The langue column names no language.
    #[error("the langue column does not name a language")]
    NotALanguage,
    /// A language the service does not speak, by its code.
    #[error("the service does not speak the language {0}")]
    UnknownLanguage(String),
    /// Not a partner of the territory.
    #[error("{0} is not a partner of the territory")]
    UnknownPartner(String),
    /// A partner the uploader may not invite for.
    #[error("the partner {0} is outside what this account may invite for")]
    PartnerOutOfScope(String),
    /// The same reference is on an earlier line.
    #[error("the same reference is already on line {first}")]
    DuplicateReference { first: u64 },
    /// The same phone number is on an earlier line.
    #[error("the same phone number is already on line {first}")]
    DuplicatePhone { first: u64 },
}

impl Why {
    /// The stable kebab-case code of the reason.
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            Self::ColumnCount { .. } => "column-count",
            Self::BadText { .. } => "bad-text",
            Self::TooLong { .. } => "too-long",
            Self::MissingReference => "missing-reference",
            Self::ReferenceTooLong => "reference-too-long",
            Self::MissingPhone => "missing-phone",
            Self::NotAPhone => "not-a-phone",
            Self::NotFrench => "not-french",
            Self::Landline => "landline",
            Self::BadDate => "bad-date",
            Self::BornBefore1900 => "born-before-1900",
            Self::BornInFuture => "born-in-future",
            Self::BadPostcode => "bad-postcode",
            Self::BadRsa => "bad-rsa",
            Self::BadFtId => "bad-ft-id",
            Self::NotALanguage => "not-a-language",
            Self::UnknownLanguage(_) => "unknown-language",
            Self::UnknownPartner(_) => "unknown-partner",
            Self::PartnerOutOfScope(_) => "partner-out-of-scope",
            Self::DuplicateReference { .. } => "duplicate-reference",
            Self::DuplicatePhone { .. } => "duplicate-phone",
        }
    }
}

/// Why the file as a whole cannot be read (nothing is imported).
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    /// No bytes, or only a byte order mark and blank lines.
    #[error("the file is empty")]
    Empty,
    /// Binary content (NUL bytes).
    #[error("the file is not text: export the list as CSV")]
    NotText,
    /// An Excel or LibreOffice workbook rather than CSV.
    #[error("the file is a spreadsheet workbook, not CSV: save it as CSV")]
    Workbook,
    /// UTF-16 text (Excel's "Unicode text"), which the format does not accept.
    #[error("the file is UTF-16 text: save it as CSV (UTF-8 or Windows-1252)")]
    Utf16,
    /// The first row lacks required columns.
    #[error(
        "the first row must name the columns, telephone and reference being required; missing: {}",
        .missing.join(", ")
    )]
    NoHeader {
        /// The required columns not found, by their names in the format.
        missing: Vec<&'static str>,
    },
    /// A column is named twice in the header.
    #[error("the column {column} appears twice in the first row")]
    DuplicateColumn {
        /// The column, by its name in the format.
        column: &'static str,
    },
    /// A physical line over `max` bytes.
    #[error("line {line} is longer than {max} bytes")]
    LineTooLong {
        /// The 1-based physical line.
        line: u64,
        /// The limit, in bytes.
        max: usize,
    },
    /// A quoted field spanning lines past `max` bytes: its closing quote is likely missing.
    #[error(
        "a quoted field opened on line {line} runs past {max} bytes: is a closing quote missing?"
    )]
    UnclosedQuote {
        /// The 1-based physical line where the record starts.
        line: u64,
        /// The limit, in bytes.
        max: usize,
    },
    /// More than `max` rows.
    #[error("the list holds more than {max} rows: split it")]
    TooManyRows {
        /// The limit.
        max: u64,
    },
    /// Reading failed.
    #[error("the file could not be read: {0}")]
    Io(#[source] io::Error),
}

impl FileError {
    /// The stable kebab-case code of the error.
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            Self::Empty => "empty",
            Self::NotText => "not-text",
            Self::Workbook => "workbook",
            Self::Utf16 => "utf16",
            Self::NoHeader { .. } => "no-header",
            Self::DuplicateColumn { .. } => "duplicate-column",
            Self::LineTooLong { .. } => "line-too-long",
            Self::UnclosedQuote { .. } => "unclosed-quote",
            Self::TooManyRows { .. } => "too-many-rows",
            Self::Io(_) => "io",
        }
    }
}

/// The rows of an opened list, one at a time.
pub struct Rows<'r, R> {
    csv: csv::Reader<Text<Chain<Cursor<Vec<u8>>, R>>>,
    record: csv::StringRecord,
    columns: [Option<usize>; COLUMNS.len()],
    width: usize,
    rules: &'r Rules<'r>,
    seen: Seen,
    /// The rows given out so far, and how many may be.
    count: u64,
    max_rows: u64,
    separator: u8,
    done: bool,
}

/// Opens a list: reads the header, sniffing the encoding and the separator.
///
/// # Errors
/// A [`FileError`] when the file cannot be read as a list at all.
pub fn open<'r, R: Read>(mut input: R, rules: &'r Rules<'r>) -> Result<Rows<'r, R>, FileError> {
    let sample = sample(&mut input).map_err(FileError::Io)?;
    let complete = sample.len() < SAMPLE;
    let bom = sample.starts_with(BOM);
    let body = if bom {
        &sample[BOM.len()..]
    } else {
        &sample[..]
    };
    if sample.starts_with(&[0xFF, 0xFE]) || sample.starts_with(&[0xFE, 0xFF]) {
        return Err(FileError::Utf16);
    }
    if sample.starts_with(b"PK\x03\x04") || sample.starts_with(&OLE) {
        return Err(FileError::Workbook);
    }
    if complete && body.iter().all(u8::is_ascii_whitespace) {
        return Err(FileError::Empty);
    }
    if body.contains(&0) {
        return Err(FileError::NotText);
    }
    let utf8 = bom
        || match std::str::from_utf8(body) {
            Ok(_) => true,
            // A character cut at the end of the sample.
            Err(e) => e.error_len().is_none(),
        };
    let separator = separator(body);
    let (decoder, encoding) = if utf8 {
        (UTF_8.new_decoder_with_bom_removal(), "UTF-8")
    } else {
        (
            WINDOWS_1252.new_decoder_without_bom_handling(),
            "windows-1252",
        )
    };
    // Nothing but ASCII in the sample: either encoding reads it the same; the first byte
    // past it decides.
    let undecided = !bom && body.is_ascii();
    let mut text = Text::new(Cursor::new(sample).chain(input), decoder, separator);
    text.encoding = encoding;
    text.undecided = undecided;
    let mut csv = csv::ReaderBuilder::new()
        .delimiter(separator)
        .has_headers(false)
        .flexible(true)
        .from_reader(text);
    let mut record = csv::StringRecord::new();
    loop {
        if !csv.read_record(&mut record).map_err(file_error)? {
            return Err(FileError::Empty);
        }
        if !is_blank(&record) {
            break;
        }
    }
    let columns = header(&record)?;
    Ok(Rows {
        csv,
        width: record.len(),
        record,
        columns,
        rules,
        seen: Seen::default(),
        count: 0,
        max_rows: MAX_ROWS,
        separator,
        done: false,
    })
}

impl<R: Read> Rows<'_, R> {
    /// The encoding read: "UTF-8" or "windows-1252".
    #[must_use]
    pub fn encoding(&self) -> &'static str {
        self.csv.get_ref().encoding
    }

    /// The separator read: `b';'` or `b','`.
    #[must_use]
    pub fn separator(&self) -> u8 {
        self.separator
    }

    /// The bytes read from the input so far, for a progress bar (a little ahead of the rows
    /// given out, by the buffers).
    #[must_use]
    pub fn bytes_read(&self) -> u64 {
        self.csv.get_ref().bytes
    }

    /// The columns found in the header, by their names in the format, in the format's order.
    #[must_use]
    pub fn columns(&self) -> Vec<&'static str> {
        COLUMNS
            .iter()
            .zip(self.columns)
            .filter(|(_, at)| at.is_some())
            .map(|((name, _), _)| *name)
            .collect()
    }

    /// The physical line where the current record starts: the reader stands just past its
    /// end of line (every record ends with one, see [`Text`]), minus the lines inside it.
    fn line(&self) -> u64 {
        let inside = self
            .record
            .as_slice()
            .bytes()
            .filter(|&b| b == b'\n')
            .count() as u64;
        self.csv.position().line().saturating_sub(1 + inside).max(1)
    }
}

impl<R: Read> Iterator for Rows<'_, R> {
    type Item = Result<Result<Listed, Refused>, FileError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        loop {
            match self.csv.read_record(&mut self.record) {
                Ok(true) if is_blank(&self.record) => {}
                Ok(true) if self.count == self.max_rows => {
                    self.done = true;
                    return Some(Err(FileError::TooManyRows { max: self.max_rows }));
                }
                Ok(true) => {
                    self.count += 1;
                    let line = self.line();
                    let row = Row {
                        record: &self.record,
                        columns: &self.columns,
                        width: self.width,
                    };
                    let checked = row.check(line, self.rules, &mut self.seen);
                    return Some(Ok(checked.map_err(|why| Refused { line, why })));
                }
                Ok(false) => {
                    self.done = true;
                    return None;
                }
                Err(e) => {
                    self.done = true;
                    return Some(Err(file_error(e)));
                }
            }
        }
    }
}

/// The columns of the format: the name in the format and the folded names that match it.
const COLUMNS: [(&str, &[&str]); 10] = [
    ("telephone", &["telephone"]),
    ("reference", &["reference"]),
    ("prenom", &["prenom"]),
    ("nom", &["nom"]),
    ("date_naissance", &["datenaissance", "datedenaissance"]),
    ("code_postal", &["codepostal"]),
    ("rsa", &["rsa"]),
    (
        "identifiant_france_travail",
        &["identifiantfrancetravail", "identifiantdefrancetravail"],
    ),
    ("langue", &["langue"]),
    ("organisation", &["organisation"]),
];
const TELEPHONE: usize = 0;
const REFERENCE: usize = 1;

/// The bytes sniffed for the encoding and the separator.
const SAMPLE: usize = MAX_LINE + 1;
const BOM: &[u8] = b"\xEF\xBB\xBF";
/// The signature of an OLE compound file (Excel 97-2003 `.xls`).
const OLE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
/// The raw bytes decoded at a time.
const CHUNK: usize = 8 * 1024;

/// Maps the header to the columns of the format.
fn header(record: &csv::StringRecord) -> Result<[Option<usize>; COLUMNS.len()], FileError> {
    let mut columns = [None; COLUMNS.len()];
    for (at, name) in record.iter().enumerate() {
        let key: String = fold(name).chars().filter(|c| c.is_alphanumeric()).collect();
        let Some(which) = COLUMNS
            .iter()
            .position(|(_, keys)| keys.contains(&key.as_str()))
        else {
            continue;
        };
        if columns[which].is_some() {
            return Err(FileError::DuplicateColumn {
                column: COLUMNS[which].0,
            });
        }
        columns[which] = Some(at);
    }
    let missing: Vec<&'static str> = [TELEPHONE, REFERENCE]
        .into_iter()
        .filter(|&c| columns[c].is_none())
        .map(|c| COLUMNS[c].0)
        .collect();
    if missing.is_empty() {
        Ok(columns)
    } else {
        Err(FileError::NoHeader { missing })
    }
}

/// Reads the first [`SAMPLE`] bytes (fewer at the end of the input).
fn sample(input: &mut impl Read) -> io::Result<Vec<u8>> {
    let mut sample = Vec::with_capacity(SAMPLE);
    input.take(SAMPLE as u64).read_to_end(&mut sample)?;
    Ok(sample)
}

/// The separator of the first non-blank line: whichever of `;` and `,` occurs more outside
/// quotes, `;` on a tie (French Excel's).
fn separator(body: &[u8]) -> u8 {
    let (mut semicolons, mut commas, mut quoted, mut blank) = (0usize, 0usize, false, true);
    for &b in body {
        match b {
            b'"' => quoted = !quoted,
            b'\n' | b'\r' if !quoted && !blank => break,
            b';' if !quoted => semicolons += 1,
            b',' if !quoted => commas += 1,
            _ => {}
        }
        blank &= b.is_ascii_whitespace();
    }
    if commas > semicolons { b',' } else { b';' }
}

/// Whether every field of a record is blank.
fn is_blank(record: &csv::StringRecord) -> bool {
    record.iter().all(|f| f.trim().is_empty())
}

/// Maps a reading error, recognising the over-long line raised by [`Text`].
fn file_error(e: csv::Error) -> FileError {
    if !matches!(e.kind(), csv::ErrorKind::Io(_)) {
        return FileError::Io(io::Error::new(io::ErrorKind::InvalidData, e.to_string()));
    }
    let csv::ErrorKind::Io(e) = e.into_kind() else {
        unreachable!("checked above")
    };
    match e
        .get_ref()
        .and_then(|inner| inner.downcast_ref::<Overflow>())
    {
        Some(&Overflow {
            line,
            quoted: false,
        }) => FileError::LineTooLong {
            line,
            max: MAX_LINE,
        },
        Some(&Overflow { line, quoted: true }) => FileError::UnclosedQuote {
            line,
            max: MAX_LINE,
        },
        None => FileError::Io(e),
    }
}
