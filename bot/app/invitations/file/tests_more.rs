//! The list reader's tests: reasons, limits, streaming.

use super::tests::*;
use super::*;

#[test]
fn reasons_have_stable_codes_and_keep_personal_values_out() {
    let all = [
        Why::ColumnCount {
            found: 3,
            expected: 2,
        },
        Why::BadText { column: "nom" },
        Why::TooLong { column: "nom" },
        Why::MissingReference,
        Why::ReferenceTooLong,
        Why::MissingPhone,
        Why::NotAPhone,
        Why::NotFrench,
        Why::Landline,
        Why::BadDate,
        Why::BornBefore1900,
        Why::BornInFuture,
        Why::BadPostcode,
        Why::BadRsa,
        Why::BadFtId,
        Why::NotALanguage,
        Why::UnknownLanguage("de".into()),
        Why::UnknownPartner("x".into()),
        Why::PartnerOutOfScope("x".into()),
        Why::DuplicateReference { first: 2 },
        Why::DuplicatePhone { first: 2 },
    ];
    let mut codes: Vec<&str> = all.iter().map(Why::code).collect();
    assert!(codes.iter().all(|c| {
        c.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    }));
    codes.sort_unstable();
    codes.dedup();
    assert_eq!(codes.len(), all.len(), "codes are unique");

    // The sentence for a refused row never quotes the personal value.
    for (at, value) in [
        (TELEPHONE, "01 47 12 34 56"),
        (TELEPHONE, "+44 7911 123456"),
        (DATE_NAISSANCE, "31/02/1990"),
        (DATE_NAISSANCE, "16/03/2026"),
        (NOM, "Du\u{1}pont"),
        (REFERENCE, &"SECRET".repeat(11)),
        (FT_ID, "SECRET"),
        (CODE_POSTAL, "SECRET"),
    ] {
        let why = refused(at, value);
        let sentence = why.to_string();
        assert!(
            !sentence.contains(value) && !sentence.contains("SECRET") && !sentence.contains("47"),
            "{sentence}"
        );
        assert!(!sentence.is_empty());
    }
    assert_eq!(
        Why::UnknownLanguage("de".into()).to_string(),
        "the service does not speak the language de"
    );
    assert_eq!(
        Why::DuplicatePhone { first: 7 }.to_string(),
        "the same phone number is already on line 7"
    );
}

#[test]
fn good_values_are_normalised() {
    for (text, expected) in [
        ("12/03/1985", date(1985, 3, 12)),
        ("2/3/1985", date(1985, 3, 2)),
        ("1985-03-12", date(1985, 3, 12)),
        ("12-03-1985", date(1985, 3, 12)),
        ("12.03.1985", date(1985, 3, 12)),
        ("1985-03-12 00:00:00", date(1985, 3, 12)),
        ("29/02/2000", date(2000, 2, 29)),
        ("15/03/2026", date(2026, 3, 15)),
        ("02/01/1900", date(1900, 1, 2)),
    ] {
        assert_eq!(
            accepted(DATE_NAISSANCE, text).born,
            Some(expected),
            "{text}"
        );
    }
    for (text, expected) in [
        ("93200", "93200"),
        ("7000", "07000"),
        ("1000", "01000"),
        ("75 001", "75001"),
        ("20000", "20000"),
        ("97100", "97100"),
        ("97600", "97600"),
        ("98800", "98800"),
        ("=\"01000\"", "01000"),
    ] {
        assert_eq!(
            accepted(CODE_POSTAL, text).postcode.as_deref(),
            Some(expected),
            "{text}"
        );
    }
    for (text, expected) in [
        ("oui", true),
        ("OUI", true),
        ("O", true),
        ("yes", true),
        ("1", true),
        ("true", true),
        ("Vrai", true),
        ("non", false),
        ("N", false),
        ("no", false),
        ("0", false),
        ("FALSE", false),
        ("faux", false),
    ] {
        assert_eq!(accepted(RSA, text).rsa, Some(expected), "{text}");
    }
    for (text, expected) in [
        ("1234567A", "1234567A"),
        ("1234567 a", "1234567A"),
        ("12345678", "12345678"),
        (" 0123 456 789a ", "0123456789A"),
        ("ab12cd34", "AB12CD34"),
    ] {
        assert_eq!(
            accepted(FT_ID, text).ft_id.as_deref(),
            Some(expected),
            "{text}"
        );
    }
    for (text, expected) in [
        ("fr", "fr"),
        ("FR", "fr"),
        ("fr-FR", "fr"),
        ("fr_FR", "fr"),
        ("fran\u{e7}ais", "fr"),
        ("Francais", "fr"),
        ("fra", "fr"),
        ("anglais", "en"),
        ("English", "en"),
        ("arabe", "ar"),
        ("\u{627}\u{644}\u{639}\u{631}\u{628}\u{64a}\u{629}", "ar"),
        ("ukrainien", "uk"),
        ("russe", "ru"),
        ("espagnol", "es"),
        ("Espa\u{f1}ol", "es"),
        ("portugais", "pt"),
        ("pt-BR", "pt"),
        ("turc", "tr"),
    ] {
        assert_eq!(
            accepted(LANGUE, text).locale.as_deref(),
            Some(expected),
            "{text}"
        );
    }
    assert_eq!(
        accepted(ORGANISATION, "CD-Insertion").partner.as_deref(),
        Some("cd-insertion")
    );
    assert_eq!(
        accepted(NOM, "  Le\tGall  ").last_name.as_deref(),
        Some("Le Gall")
    );
    assert_eq!(accepted(TELEPHONE, "=\"0612345678\"").phone, "+33612345678");
    // Optional fields may be empty.
    for at in [
        PRENOM,
        NOM,
        DATE_NAISSANCE,
        CODE_POSTAL,
        RSA,
        FT_ID,
        LANGUE,
        ORGANISATION,
    ] {
        accepted(at, " ");
    }
}

#[test]
fn duplicates_name_the_first_line() {
    let text = "telephone;reference\r\n\
                06 12 34 56 78;A\r\n\
                \r\n\
                07 12 34 56 78;B\r\n\
                +33 6 12 34 56 78;C\r\n\
                06 00 00 00 01;A\r\n\
                01 47 12 34 56;D\r\n\
                06 00 00 00 02;D\r\n";
    let rows = read(text.as_bytes());
    let lines: Vec<Result<u64, (u64, Why)>> = rows
        .into_iter()
        .map(|r| r.map(|l| l.line).map_err(|r| (r.line, r.why)))
        .collect();
    assert_eq!(
        lines,
        [
            Ok(2),
            Ok(4),
            Err((5, Why::DuplicatePhone { first: 2 })),
            Err((6, Why::DuplicateReference { first: 2 })),
            Err((7, Why::Landline)),
            // Refused rows still count: D was first on line 7.
            Err((8, Why::DuplicateReference { first: 7 })),
        ]
    );
}

#[test]
fn short_long_and_blank_rows() {
    let text = "\n\ntelephone;reference;nom;prenom\n\
                0612345678;A;Martin;Paul;;;\n\
                ;;;\n\
                \n\
                0612345679;B\n\
                \x20  ;  ;\n\
                0612345670;C;;;;;x\r\
                0612345671;\"D\nE\";Nom\n\
                0612345672;F\n";
    let fixture = Fixture::new();
    let rules = fixture.rules();
    let rows: Vec<_> = open(text.as_bytes(), &rules)
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(rows.len(), 5);
    let a = rows[0].as_ref().unwrap();
    assert_eq!((a.line, a.first_name.as_deref()), (4, Some("Paul")));
    let b = rows[1].as_ref().unwrap();
    assert_eq!((b.line, b.last_name.as_deref()), (7, None));
    assert_eq!(
        rows[2].as_ref().unwrap_err(),
        &Refused {
            line: 9,
            why: Why::ColumnCount {
                found: 7,
                expected: 4
            }
        }
    );
    // A quoted field over two lines: its line is where it starts, the next is counted right.
    assert_eq!(
        rows[3].as_ref().unwrap_err(),
        &Refused {
            line: 10,
            why: Why::BadText {
                column: "reference"
            }
        }
    );
    assert_eq!(rows[4].as_ref().unwrap().line, 12);
}

#[test]
fn empty_files() {
    for text in [
        &b""[..],
        b"\xEF\xBB\xBF",
        b"  \r\n\n\t\n",
        b"\xEF\xBB\xBF\r\n",
        b";;;\n;;\n",
    ] {
        assert!(matches!(open_error(text), FileError::Empty), "{text:?}");
    }
    // A header and no rows is not an error: no rows.
    assert!(read(b"telephone;reference\n").is_empty());
}

#[test]
fn a_file_without_header() {
    let e = open_error(b"06 12 34 56 78;A-001;Jean\n07 12 34 56 78;A-002;Paul\n");
    match &e {
        FileError::NoHeader { missing } => assert_eq!(missing, &["telephone", "reference"]),
        e => panic!("{e:?}"),
    }
    assert_eq!(
        e.to_string(),
        "the first row must name the columns, telephone and reference being required; \
         missing: telephone, reference"
    );
    match open_error(b"nom;prenom;tel\xC3\xA9phone\n") {
        FileError::NoHeader { missing } => assert_eq!(missing, ["reference"]),
        e => panic!("{e:?}"),
    }
}

#[test]
fn binary_files() {
    let mut binary = b"telephone;reference\n".to_vec();
    binary.extend((0..=255u8).cycle().take(4096));
    assert!(matches!(open_error(&binary), FileError::NotText));
    assert!(matches!(
        open_error(b"\x00\x00\x00\x18ftypmp42"),
        FileError::NotText
    ));
    assert!(matches!(
        open_error(b"PK\x03\x04\x14\x00\x06\x00"),
        FileError::Workbook
    ));
    assert!(matches!(
        open_error(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00\x00"),
        FileError::Workbook
    ));
    assert!(matches!(
        open_error(b"\xFF\xFEt\x00e\x00l\x00"),
        FileError::Utf16
    ));
}

#[test]
fn too_many_rows() {
    let fixture = Fixture::new();
    let rules = fixture.rules();
    let text = "telephone;reference\n0612345671;A\n\n0612345672;B\nx;C\n0612345674;D\n";
    let mut rows = open(text.as_bytes(), &rules).unwrap();
    rows.max_rows = 3;
    assert!(rows.next().unwrap().unwrap().is_ok());
    assert!(rows.next().unwrap().unwrap().is_ok());
    assert_eq!(
        rows.next().unwrap().unwrap().unwrap_err().why,
        Why::NotAPhone
    );
    match rows.next() {
        Some(Err(e @ FileError::TooManyRows { max: 3 })) => {
            assert_eq!(e.code(), "too-many-rows")
        }
        other => panic!("{other:?}"),
    }
    assert!(rows.next().is_none());
}

#[test]
fn rows_can_be_held_across_an_await() {
    fn is_send<T: Send>(_: &T) {}
    let fixture = Fixture::new();
    let rules = fixture.rules();
    let rows = open(&b"telephone;reference\n"[..], &rules).unwrap();
    is_send(&rows);
    assert_eq!(rows.count(), 0);
}

/// A reader that counts what is read from it.
struct Counted<R> {
    inner: R,
    read: std::rc::Rc<std::cell::Cell<u64>>,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.set(self.read.get() + n as u64);
        Ok(n)
    }
}

#[test]
fn a_50_mb_line_fails_fast() {
    let fixture = Fixture::new();
    let rules = fixture.rules();
    let read = std::rc::Rc::new(std::cell::Cell::new(0));
    let input = Counted {
        inner: Cursor::new(b"telephone;reference\n0612345678;A\n".to_vec())
            .chain(io::repeat(b'a').take(50 << 20)),
        read: read.clone(),
    };
    let mut rows = open(input, &rules).unwrap();
    assert!(rows.next().unwrap().unwrap().is_ok());
    match rows.next() {
        Some(Err(FileError::LineTooLong {
            line: 3,
            max: MAX_LINE,
        })) => {}
        other => panic!("{other:?}"),
    }
    assert!(rows.next().is_none(), "the error ends the iteration");
    assert!(read.get() < 1 << 20, "read {} bytes", read.get());
    assert!(rows.bytes_read() < 1 << 20);

    // The same as the first line.
    let input = io::repeat(b'a').take(50 << 20);
    match open(input, &rules) {
        Err(e @ FileError::LineTooLong { line: 1, .. }) => {
            assert_eq!(e.to_string(), "line 1 is longer than 65536 bytes");
        }
        Err(e) => panic!("{e:?}"),
        Ok(_) => panic!("opened"),
    }
}

#[test]
fn an_unclosed_quote_fails_fast() {
    let fixture = Fixture::new();
    let rules = fixture.rules();
    let rows = Cursor::new(b"telephone;reference\n0612345678;\"A\n".to_vec())
        .chain(io::repeat(b'\n').take(1 << 30));
    let mut rows = open(rows, &rules).unwrap();
    match rows.next() {
        Some(Err(FileError::UnclosedQuote {
            line: 2,
            max: MAX_LINE,
        })) => {}
        other => panic!("{other:?}"),
    }
    assert!(rows.bytes_read() < 1 << 20);
}

/// Generates a list of `rows` rows, a few bytes at a time.
struct Generated {
    rows: u32,
    next: u32,
    line: Vec<u8>,
    at: usize,
}

impl Read for Generated {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.at == self.line.len() {
            self.line.clear();
            self.at = 0;
            if self.next == 0 {
                self.line
                    .extend_from_slice(b"reference,telephone,nom,prenom,code_postal\r\n");
            } else if self.next <= self.rows {
                let n = self.next;
                let line = format!(
                    "REF{n:06},06 {:02} {:02} {:02} {:02},Martin,Am\u{e9}lie,93200\r\n",
                    n / 1_000_000,
                    n / 10_000 % 100,
                    n / 100 % 100,
                    n % 100
                );
                self.line.extend_from_slice(line.as_bytes());
            } else {
                return Ok(0);
            }
            self.next += 1;
        }
        let n = buf.len().min(self.line.len() - self.at);
        buf[..n].copy_from_slice(&self.line[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

#[test]
fn streams_100_000_rows() {
    let fixture = Fixture::new();
    let rules = fixture.rules();
    let input = Generated {
        rows: 100_000,
        next: 0,
        line: Vec::new(),
        at: 0,
    };
    let mut rows = open(input, &rules).unwrap();
    assert_eq!(rows.separator(), b',');
    let first = rows.next().unwrap().unwrap().unwrap();
    assert_eq!((first.line, first.phone.as_str()), (2, "+33600000001"));
    assert_eq!(first.first_name.as_deref(), Some("Amélie"));
    // Only a small part of the ~5 MB has been read for the first row.
    assert!(rows.bytes_read() < 200 << 10, "{}", rows.bytes_read());
    let (mut good, mut last) = (1, 0);
    for row in &mut rows {
        let listed = row.unwrap().unwrap();
        good += 1;
        last = listed.line;
    }
    assert_eq!(good, 100_000);
    assert_eq!(last, 100_001);
    assert!(rows.bytes_read() > 4_000_000);
}

#[test]
fn an_ascii_start_then_a_spreadsheet_accent_is_windows_1252() {
    let mut bytes = b"telephone;reference;prenom\n".to_vec();
    for i in 0..3_000 {
        bytes.extend_from_slice(
            format!(
                "06 12 {:02} {:02} {:02};R{i};Paul\n",
                i / 10_000,
                (i / 100) % 100,
                i % 100
            )
            .as_bytes(),
        );
    }
    assert!(bytes.len() > 64 * 1024, "past the sample");
    bytes.extend_from_slice(b"07 99 99 99 99;R-last;H\xe9l\xe8ne\n");
    let fixture = Fixture::new();
    let rules = fixture.rules();
    let mut rows = open(&bytes[..], &rules).expect("open");
    let all: Vec<_> = rows.by_ref().map(|r| r.expect("no fault")).collect();
    let last = all.last().expect("rows").as_ref().expect("accepted");
    assert_eq!(last.first_name.as_deref(), Some("Hélène"));
    assert_eq!(rows.encoding(), "windows-1252");
}
