//! The list reader's tests: formats, encodings, headers, rows.

use super::*;

pub(super) const PRENOM: usize = 2;
pub(super) const NOM: usize = 3;
pub(super) const DATE_NAISSANCE: usize = 4;
pub(super) const CODE_POSTAL: usize = 5;
pub(super) const RSA: usize = 6;
pub(super) const FT_ID: usize = 7;
pub(super) const LANGUE: usize = 8;
pub(super) const ORGANISATION: usize = 9;

pub(super) const HEADER: &str = "telephone;reference;prenom;nom;date_naissance;code_postal;rsa;\
                      identifiant_france_travail;langue;organisation";
pub(super) const GOOD: [&str; 10] = [
    "06 12 34 56 78",
    "A-001",
    "Jean",
    "Dupont",
    "12/03/1985",
    "93200",
    "oui",
    "1234567A",
    "fr",
    "cd-insertion",
];

pub(super) struct Fixture {
    partners: Vec<String>,
    scope: Vec<String>,
    locales: Vec<String>,
}

impl Fixture {
    pub(super) fn new() -> Self {
        let strings = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect();
        Self {
            partners: strings(&["cd-insertion", "mission-locale", "ccas-saint-denis"]),
            scope: strings(&["cd-insertion"]),
            locales: strings(&["fr", "en", "ar", "uk", "ru", "es", "pt", "tr"]),
        }
    }

    pub(super) fn rules(&self) -> Rules<'_> {
        Rules {
            partners: &self.partners,
            in_scope: None,
            locales: &self.locales,
            today: NaiveDate::from_ymd_opt(2026, 3, 15).unwrap(),
        }
    }
}

/// Every row of a file that opens.
pub(super) fn read(bytes: &[u8]) -> Vec<Result<Listed, Refused>> {
    let fixture = Fixture::new();
    let rules = fixture.rules();
    open(bytes, &rules)
        .expect("the file opens")
        .map(|row| row.expect("no fatal error"))
        .collect()
}

pub(super) fn open_error(bytes: &[u8]) -> FileError {
    let fixture = Fixture::new();
    let rules = fixture.rules();
    match open(bytes, &rules) {
        Ok(_) => panic!("the file should not open"),
        Err(e) => e,
    }
}

/// The good row with column `at` set to `value`.
pub(super) fn row_with(at: usize, value: &str) -> String {
    let mut fields = GOOD;
    fields[at] = value;
    fields.join(";")
}

/// The one row of a file with the good row, column `at` set to `value`.
pub(super) fn one(at: usize, value: &str) -> Result<Listed, Refused> {
    let rows = read(format!("{HEADER}\n{}\n", row_with(at, value)).as_bytes());
    assert_eq!(rows.len(), 1, "{value:?}");
    rows.into_iter().next().unwrap()
}

pub(super) fn refused(at: usize, value: &str) -> Why {
    match one(at, value) {
        Ok(listed) => panic!("{value:?} should be refused, got {listed:?}"),
        Err(refused) => {
            assert_eq!(refused.line, 2);
            refused.why
        }
    }
}

pub(super) fn accepted(at: usize, value: &str) -> Listed {
    one(at, value).unwrap_or_else(|r| panic!("{value:?} refused: {}", r.why))
}

pub(super) fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn reads_a_semicolon_file() {
    let fixture = Fixture::new();
    let rules = fixture.rules();
    let text = format!("{HEADER}\n{}\n", GOOD.join(";"));
    let mut rows = open(text.as_bytes(), &rules).unwrap();
    assert_eq!(rows.separator(), b';');
    assert_eq!(rows.encoding(), "UTF-8");
    assert_eq!(rows.columns().len(), 10);
    let listed = rows.next().unwrap().unwrap().unwrap();
    assert_eq!(
        listed,
        Listed {
            line: 2,
            reference: "A-001".into(),
            channel: Channel::Sms,
            phone: "+33612345678".into(),
            first_name: Some("Jean".into()),
            last_name: Some("Dupont".into()),
            born: Some(date(1985, 3, 12)),
            postcode: Some("93200".into()),
            rsa: Some(true),
            ft_id: Some("1234567A".into()),
            locale: Some("fr".into()),
            partner: Some("cd-insertion".into()),
        }
    );
    assert!(rows.next().is_none());
    assert_eq!(rows.bytes_read(), text.len() as u64);
}

#[test]
fn reads_a_comma_file_with_quotes() {
    let text = "telephone,reference,nom,prenom\n\
                \"06 12 34 56 78\",\"A1\",\"Dupont, dit \"\"Jo\"\"\",  Jean  \n";
    let fixture = Fixture::new();
    let rules = fixture.rules();
    let mut rows = open(text.as_bytes(), &rules).unwrap();
    assert_eq!(rows.separator(), b',');
    let listed = rows.next().unwrap().unwrap().unwrap();
    assert_eq!(listed.last_name.as_deref(), Some("Dupont, dit \"Jo\""));
    assert_eq!(listed.first_name.as_deref(), Some("Jean"));
    assert_eq!(listed.born, None);
    assert_eq!(listed.locale, None);
}

#[test]
fn separator_is_counted_outside_quotes() {
    assert_eq!(separator(b"\"a,b,c\";reference;telephone\n1,2,3,4,5"), b';');
    assert_eq!(separator(b"\r\n  \ntelephone,reference,x;y\n;;;;;"), b',');
    assert_eq!(separator(b"telephone"), b';');
}

#[test]
fn reads_utf8_with_a_bom() {
    let text = b"\xEF\xBB\xBFT\xC3\xA9l\xC3\xA9phone;reference;prenom\n0612345678;A1;H\xC3\xA9l\xC3\xA8ne\n";
    let fixture = Fixture::new();
    let rules = fixture.rules();
    let mut rows = open(&text[..], &rules).unwrap();
    assert_eq!(rows.encoding(), "UTF-8");
    let listed = rows.next().unwrap().unwrap().unwrap();
    assert_eq!(listed.first_name.as_deref(), Some("Hélène"));
    assert_eq!(listed.phone, "+33612345678");
}

#[test]
fn reads_windows_1252() {
    let text = b"T\xe9l\xe9phone;R\xe9f\xe9rence;Pr\xe9nom;Nom\r\n\
                 0612345678;A1;H\xe9l\xe8ne;\xc9lo\xefse-C\x9cur\r\n";
    let fixture = Fixture::new();
    let rules = fixture.rules();
    let mut rows = open(&text[..], &rules).unwrap();
    assert_eq!(rows.encoding(), "windows-1252");
    let listed = rows.next().unwrap().unwrap().unwrap();
    assert_eq!(listed.first_name.as_deref(), Some("Hélène"));
    assert_eq!(listed.last_name.as_deref(), Some("Éloïse-Cœur"));
    assert_eq!(listed.line, 2);
}

#[test]
fn utf8_cut_at_the_end_of_the_sample_is_still_utf8() {
    let mut text = b"telephone;reference;nom\n".to_vec();
    let row = b"0612345678;A1;\xC3\xA9\n";
    while text.len() + row.len() < SAMPLE {
        text.extend_from_slice(row);
    }
    text.resize(SAMPLE - 1, b'\n');
    // "é" cut after its first byte at the end of the sample.
    text.push(0xC3);
    text.extend_from_slice(b"\xA9\n");
    let fixture = Fixture::new();
    let rules = fixture.rules();
    let rows = open(&text[..], &rules).unwrap();
    assert_eq!(rows.encoding(), "UTF-8");
}

#[test]
fn invalid_utf8_after_utf8_past_the_sample_is_bad_text() {
    let mut text = b"telephone;reference;nom\n".to_vec();
    let mut n = 0;
    while text.len() < 2 * SAMPLE {
        n += 1;
        text.extend_from_slice(format!("06{n:08};R{n};Martin\n").as_bytes());
    }
    // Past the ASCII sample, a UTF-8 accent decides UTF-8; a Latin byte later is not text.
    n += 1;
    text.extend_from_slice(format!("06{n:08};R{n};H\u{e9}l\u{e8}ne\n").as_bytes());
    text.extend_from_slice(b"0799999999;LAST;Mart\xefn\n");
    let rows = read(&text);
    assert_eq!(rows.len(), n + 1);
    assert_eq!(
        rows[n - 1].as_ref().unwrap().last_name.as_deref(),
        Some("Hélène")
    );
    let last = rows.last().unwrap().as_ref().unwrap_err();
    assert_eq!(last.why, Why::BadText { column: "nom" });
    assert_eq!(last.line, n as u64 + 2);
}

#[test]
fn headers_match_in_any_order_case_accents_and_separators() {
    let text = "Organisation ; Code-Postal;Date de naissance;Colonne inconnue;R\u{e9}f\u{e9}rence;\
                PR\u{c9}NOM;TELEPHONE;identifiant_France_Travail;Langue;RSA;NOM\n\
                mission-locale;7000;1985-03-12;ignored;REF-9;Ana;+33 7 12 34 56 78;\
                123 456 7a;Fran\u{e7}ais;Non;Silva\n";
    let fixture = Fixture::new();
    let rules = fixture.rules();
    let mut rows = open(text.as_bytes(), &rules).unwrap();
    assert_eq!(
        rows.columns(),
        [
            "telephone",
            "reference",
            "prenom",
            "nom",
            "date_naissance",
            "code_postal",
            "rsa",
            "identifiant_france_travail",
            "langue",
            "organisation"
        ]
    );
    let listed = rows.next().unwrap().unwrap().unwrap();
    assert_eq!(listed.reference, "REF-9");
    assert_eq!(listed.phone, "+33712345678");
    assert_eq!(listed.first_name.as_deref(), Some("Ana"));
    assert_eq!(listed.last_name.as_deref(), Some("Silva"));
    assert_eq!(listed.born, Some(date(1985, 3, 12)));
    assert_eq!(listed.postcode.as_deref(), Some("07000"));
    assert_eq!(listed.rsa, Some(false));
    assert_eq!(listed.ft_id.as_deref(), Some("1234567A"));
    assert_eq!(listed.locale.as_deref(), Some("fr"));
    assert_eq!(listed.partner.as_deref(), Some("mission-locale"));

    for name in [
        "date_naissance",
        "Date-Naissance",
        "DATE NAISSANCE",
        "date de naissance",
    ] {
        let text = format!("telephone;reference;{name}\n0612345678;A;01/02/2000\n");
        let rows = read(text.as_bytes());
        assert_eq!(
            rows[0].as_ref().unwrap().born,
            Some(date(2000, 2, 1)),
            "{name}"
        );
    }
}

#[test]
fn a_column_named_twice_is_refused() {
    let e = open_error(b"telephone;reference;T\xC3\xA9l\xC3\xA9phone\n0612345678;A;0712345678\n");
    assert!(
        matches!(
            e,
            FileError::DuplicateColumn {
                column: "telephone"
            }
        ),
        "{e:?}"
    );
}

#[test]
fn phone_formats() {
    let sms = |n: &str| Ok((Channel::Sms, n.to_owned()));
    let whatsapp = |n: &str| Ok((Channel::WhatsApp, n.to_owned()));
    type Number = Result<(Channel, String), Why>;
    let cases: &[(&str, Number)] = &[
        ("06 12 34 56 78", sms("+33612345678")),
        ("0612345678", sms("+33612345678")),
        ("06.12.34.56.78", sms("+33612345678")),
        ("06-12-34-56-78", sms("+33612345678")),
        ("06/12/34/56/78", sms("+33612345678")),
        ("07 12 34 56 78", sms("+33712345678")),
        ("+33 6 12 34 56 78", sms("+33612345678")),
        ("+33612345678", sms("+33612345678")),
        ("0033 6 12 34 56 78", sms("+33612345678")),
        ("+33 (0)6 12 34 56 78", sms("+33612345678")),
        ("06\u{a0}12\u{202f}34 56 78", sms("+33612345678")),
        // Excel dropped the zero, or the plus sign.
        ("612345678", sms("+33612345678")),
        ("33612345678", sms("+33612345678")),
        // Overseas mobiles, national and international.
        ("0692 12 34 56", sms("+262692123456")),
        ("+262 692 12 34 56", sms("+262692123456")),
        ("+262 0692 12 34 56", sms("+262692123456")),
        ("262692123456", sms("+262692123456")),
        ("0639 12 34 56", sms("+262639123456")),
        ("+269 639 12 34 56", sms("+262639123456")),
        ("0690 12 34 56", sms("+590690123456")),
        ("+590 691 12 34 56", sms("+590691123456")),
        ("0694 12 34 56", sms("+594694123456")),
        ("+596 696 12 34 56", sms("+596696123456")),
        ("0697 12 34 56", sms("+596697123456")),
        ("+508 55 12 34", sms("+508551234")),
        ("+687 78 12 34", sms("+687781234")),
        ("+689 87 12 34 56", sms("+68987123456")),
        // Landlines and special numbers.
        ("01 47 12 34 56", Err(Why::Landline)),
        ("+33 1 47 12 34 56", Err(Why::Landline)),
        ("05 56 12 34 56", Err(Why::Landline)),
        ("09 70 12 34 56", Err(Why::Landline)),
        ("08 00 12 34 56", Err(Why::Landline)),
        ("0262 12 34 56", Err(Why::Landline)),
        ("+262 262 12 34 56", Err(Why::Landline)),
        ("+590 590 12 34 56", Err(Why::Landline)),
        ("+508 41 12 34", Err(Why::Landline)),
        ("+687 27 12 34", Err(Why::Landline)),
        ("+689 40 12 34 56", Err(Why::Landline)),
        // Foreign.
        ("+44 7911 123456", Err(Why::NotFrench)),
        ("0044 7911 123456", Err(Why::NotFrench)),
        ("+32 470 12 34 56", Err(Why::NotFrench)),
        ("+1 415 555 2671", Err(Why::NotFrench)),
        ("+269 773 12 34", Err(Why::NotFrench)),
        ("+681 72 12 34", Err(Why::NotFrench)),
        // Not numbers.
        ("12345", Err(Why::NotAPhone)),
        ("06 12 34 56", Err(Why::NotAPhone)),
        ("06 12 34 56 78 90", Err(Why::NotAPhone)),
        ("appeler le matin", Err(Why::NotAPhone)),
        ("+262 692 12 34", Err(Why::NotAPhone)),
        // WhatsApp: the same, landlines allowed.
        ("whatsapp:+33 6 12 34 56 78", whatsapp("+33612345678")),
        ("WhatsApp: 06 12 34 56 78", whatsapp("+33612345678")),
        ("WHATSAPP:01 47 12 34 56", whatsapp("+33147123456")),
        ("whatsapp:+44 7911 123456", Err(Why::NotFrench)),
        ("whatsapp:", Err(Why::MissingPhone)),
        ("whatsapp:bonjour", Err(Why::NotAPhone)),
    ];
    for (text, expected) in cases {
        assert_eq!(&read_number(text), expected, "{text}");
    }
}

#[test]
fn phones_in_a_file() {
    let text = "telephone;reference\n\
                06 12 34 56 78;A\n\
                +33 6 12 34 56 79;B\n\
                0033 6 12 34 56 70;C\n\
                01 47 12 34 56;D\n\
                +44 7911 123456;E\n\
                whatsapp:+33 6 12 34 56 71;F\n\
                ;G\n";
    let rows = read(text.as_bytes());
    let phones: Vec<Result<(Channel, &str), &Why>> = rows
        .iter()
        .map(|r| match r {
            Ok(l) => Ok((l.channel, l.phone.as_str())),
            Err(r) => Err(&r.why),
        })
        .collect();
    assert_eq!(
        phones,
        [
            Ok((Channel::Sms, "+33612345678")),
            Ok((Channel::Sms, "+33612345679")),
            Ok((Channel::Sms, "+33612345670")),
            Err(&Why::Landline),
            Err(&Why::NotFrench),
            Ok((Channel::WhatsApp, "+33612345671")),
            Err(&Why::MissingPhone),
        ]
    );
}

#[test]
fn every_refusal_reason() {
    let long = "x".repeat(201);
    let reference = "R".repeat(65);
    let cases: Vec<(usize, &str, Why)> = vec![
        (NOM, "Du\u{1}pont", Why::BadText { column: "nom" }),
        (PRENOM, "Jean\u{7f}", Why::BadText { column: "prenom" }),
        (PRENOM, "Jean\u{fffd}", Why::BadText { column: "prenom" }),
        (PRENOM, &long, Why::TooLong { column: "prenom" }),
        (
            TELEPHONE,
            &long,
            Why::TooLong {
                column: "telephone",
            },
        ),
        (REFERENCE, "", Why::MissingReference),
        (REFERENCE, "  ", Why::MissingReference),
        (REFERENCE, &reference, Why::ReferenceTooLong),
        (TELEPHONE, "", Why::MissingPhone),
        (TELEPHONE, "inconnu", Why::NotAPhone),
        (TELEPHONE, "+49 151 12345678", Why::NotFrench),
        (TELEPHONE, "01 47 12 34 56", Why::Landline),
        (DATE_NAISSANCE, "31/02/1990", Why::BadDate),
        (DATE_NAISSANCE, "12/13/1990", Why::BadDate),
        (DATE_NAISSANCE, "12/03/85", Why::BadDate),
        (DATE_NAISSANCE, "12 mars 1985", Why::BadDate),
        (DATE_NAISSANCE, "1985/3/12/1", Why::BadDate),
        (DATE_NAISSANCE, "31120", Why::BadDate),
        (DATE_NAISSANCE, "hier", Why::BadDate),
        (DATE_NAISSANCE, "01/01/1900", Why::BornBefore1900),
        (DATE_NAISSANCE, "1899-12-31", Why::BornBefore1900),
        (DATE_NAISSANCE, "16/03/2026", Why::BornInFuture),
        (CODE_POSTAL, "123", Why::BadPostcode),
        (CODE_POSTAL, "930200", Why::BadPostcode),
        (CODE_POSTAL, "00100", Why::BadPostcode),
        (CODE_POSTAL, "96100", Why::BadPostcode),
        (CODE_POSTAL, "97700", Why::BadPostcode),
        (CODE_POSTAL, "98000", Why::BadPostcode),
        (CODE_POSTAL, "99100", Why::BadPostcode),
        (CODE_POSTAL, "2A004", Why::BadPostcode),
        (RSA, "peut-\u{ea}tre", Why::BadRsa),
        (RSA, "2", Why::BadRsa),
        (FT_ID, "1234567", Why::BadFtId),
        (FT_ID, "123456789012", Why::BadFtId),
        (FT_ID, "1234-5678", Why::BadFtId),
        (FT_ID, "1234567\u{e9}", Why::BadFtId),
        (LANGUE, "elfique", Why::NotALanguage),
        (LANGUE, "??", Why::NotALanguage),
        (LANGUE, "de", Why::UnknownLanguage("de".into())),
        (LANGUE, "allemand", Why::UnknownLanguage("de".into())),
        (LANGUE, "it-IT", Why::UnknownLanguage("it".into())),
        (
            ORGANISATION,
            "inconnu",
            Why::UnknownPartner("inconnu".into()),
        ),
    ];
    for (at, value, expected) in &cases {
        assert_eq!(&refused(*at, value), expected, "{value:?}");
    }

    // Out of scope, with a scope.
    let fixture = Fixture::new();
    let rules = Rules {
        in_scope: Some(fixture.scope.as_slice()),
        ..fixture.rules()
    };
    let text = format!("{HEADER}\n{}\n", row_with(ORGANISATION, "mission-locale"));
    let rows: Vec<_> = open(text.as_bytes(), &rules).unwrap().collect();
    assert_eq!(
        rows[0].as_ref().unwrap().as_ref().unwrap_err().why,
        Why::PartnerOutOfScope("mission-locale".into())
    );

    // More fields than the header, not empty.
    let rows = read(b"telephone;reference\n0612345678;A;en trop\n");
    assert_eq!(
        rows[0].as_ref().unwrap_err().why,
        Why::ColumnCount {
            found: 3,
            expected: 2
        }
    );
}
