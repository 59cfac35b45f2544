//! The `tremplin` binary as an operator and a tester meet it: check, migrate, chat on piped
//! standard input (bad input included), recording a transcript, and serve with its health
//! check and graceful stop.

mod support;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use tremplin::transcript::Transcript;

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_tremplin"));
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c.env_remove("DATABASE_URL")
        .env_remove("TREMPLIN_DIALOGUES")
        .env_remove("TREMPLIN_LOCALES")
        .env_remove("TREMPLIN_BIND")
        .env_remove("TREMPLIN_SMS_GSM7");
    c
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tremplin-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn chat(db: &str, args: &[&str], stdin: &[u8]) -> Output {
    let mut child = bin()
        .args(["chat", "--db", db])
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    let data = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&data);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}

#[test]
fn check_passes_on_the_project_and_lists_every_problem_of_a_broken_folder() {
    let ok = bin().arg("check").output().unwrap();
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let out = String::from_utf8_lossy(&ok.stdout);
    assert!(
        out.lines().last().is_some_and(|l| l.starts_with("ok: ")),
        "{out}"
    );
    // The WhatsApp templates are checked, and what has none is said.
    assert!(
        out.contains("whatsapp templates (whatsapp/templates.toml): 8 message(s)")
            && out.contains("  booking-reminder: no approved template in fr, ar, en"),
        "{out}"
    );
    // Every French question fits in two SMS segments; sent as written, some do not, and
    // check says which.
    let never = bin()
        .arg("check")
        .env("TREMPLIN_SMS_GSM7", "never")
        .output()
        .unwrap();
    assert_eq!(never.status.code(), Some(1));
    let err = String::from_utf8_lossy(&never.stderr);
    assert!(
        err.contains("the question of step 'without_work' of diagnostic takes 4 Ucs2 SMS segments"),
        "{err}"
    );

    let broken = bin()
        .arg("check")
        .env("TREMPLIN_DIALOGUES", "tests/fixtures/broken")
        .output()
        .unwrap();
    assert_eq!(broken.status.code(), Some(1));
    let err = String::from_utf8_lossy(&broken.stderr);
    for expected in [
        "unknown_target.toml: step 'a': next 'nowhere' does not exist",
        "bad_regex.toml: step 'a': bad pattern",
        "many_problems.toml: step 'a': duplicate step id",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in:\n{err}");
    }
    assert!(err.lines().count() > 10, "all problems at once:\n{err}");
}

#[test]
fn serve_and_chat_refuse_to_start_with_a_broken_dialogue() {
    for cmd in ["serve", "chat"] {
        let out = bin()
            .arg(cmd)
            .env("TREMPLIN_DIALOGUES", "tests/fixtures/broken")
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{cmd}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("dead_end.toml"),
            "{cmd}"
        );
    }
}

#[test]
fn migrate_creates_the_database_file() {
    let dir = scratch("migrate");
    let db = dir.join("t.db");
    let out = bin()
        .args(["migrate", "--db", &format!("sqlite://{}", db.display())])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(db.exists());
    let again = bin()
        .args(["migrate", "--db", &format!("sqlite://{}", db.display())])
        .output()
        .unwrap();
    assert!(again.status.success(), "migrating twice is harmless");
}

#[test]
fn chat_survives_bad_input_and_ends_cleanly_at_eof() {
    let dir = scratch("bad");
    let db = format!("sqlite://{}", dir.join("t.db").display());
    let mut input = Vec::new();
    input.extend_from_slice(b"\n\n1\noui\noui\noui\noui\n");
    input.extend_from_slice(&vec![b'7'; 100_000]);
    input.push(b'\n');
    input.extend_from_slice(b"\xff\xfe\xfd broken utf-8\n");
    input.extend_from_slice("\u{0}\u{1b}[31m\u{7}\n".as_bytes());
    input.extend_from_slice("🙂🙂🙂\n".as_bytes());
    input.extend_from_slice("\u{202E}مرحبا\n".as_bytes());
    input.extend_from_slice(b"34"); // no final new line
    let out = chat(&db, &[], &input);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "exit {:?}: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("Ce nombre est trop grand"), "{stdout}");
    assert!(
        stdout.contains("J'attends un nombre écrit en chiffres."),
        "{stdout}"
    );
    assert!(
        stdout
            .trim_end()
            .ends_with("Dans quelle commune habitez-vous ? Écrivez le code postal ou le nom."),
        "{stdout}"
    );
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));

    // The same name resumes the conversation in a new run.
    let again = chat(&db, &[], b"37000\n");
    let stdout = String::from_utf8_lossy(&again.stdout);
    assert!(stdout.contains("Bon retour"), "{stdout}");
    assert!(stdout.contains("Touchez-vous le RSA ?"), "{stdout}");
}

#[test]
fn chat_records_a_transcript_that_replays_exactly() {
    let dir = scratch("record");
    let file = dir.join("new.txt");
    let out = chat(
        "sqlite::memory:",
        &["--lang", "en", "--record", file.to_str().unwrap()],
        b"yes\nno\nyes\nyes\n23\nAmboise\n3\n1\n1\n2\n1\n3\n1\n1\n3\n9\n1\n3\n5\n",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&file).unwrap();
    let t = Transcript::parse(&text).unwrap();
    assert_eq!(t.locale.as_deref(), Some("en"));
    assert_eq!(t.inputs.len(), 19);
    assert!(
        t.outcome.contains("answer place = 37400 Amboise"),
        "{}",
        t.outcome
    );
    let rt = tokio::runtime::Runtime::new().unwrap();
    let replayed = rt
        .block_on(tremplin::transcript::replay(support::catalog(), &t))
        .unwrap();
    assert_eq!(replayed.format(), text);
}

#[test]
fn chat_with_a_language_does_not_ask_it_but_offers_to_change_it() {
    // Without a language, the first question is the language.
    let asked = chat("sqlite::memory:", &[], b"");
    let stdout = String::from_utf8_lossy(&asked.stdout);
    assert!(stdout.contains("Votre langue ?"), "{stdout}");

    let out = chat("sqlite::memory:", &["--lang", "fr"], b"oui\nlangue\n3\n");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let first = stdout.split("\n1. Oui").next().expect("a first reply");
    assert!(!first.contains("Votre langue ?"), "{stdout}");
    assert!(
        first.contains("Je vous écris en français. Pour changer de langue, écrivez « langue »."),
        "{stdout}"
    );
    assert!(first.contains("Puis-je garder vos réponses ?"), "{stdout}");
    // "oui" answered the first question: the next one is asked, then the language changes.
    assert!(
        stdout.contains("Puis-je aussi garder ces réponses ?"),
        "{stdout}"
    );
    assert!(stdout.contains("Quelle langue préférez-vous ?"), "{stdout}");
    assert!(stdout.contains("May I keep these answers too?"), "{stdout}");

    // A language the dialogue does not speak is asked as if none was given.
    let unknown = chat("sqlite::memory:", &["--lang", "de"], b"");
    let stdout = String::from_utf8_lossy(&unknown.stdout);
    assert!(stdout.contains("Votre langue ?"), "{stdout}");
}

#[test]
fn asked_what_is_needed_and_only_that() {
    use chrono::Datelike;
    // A year of birth that makes 25 or 26 this year: the month is asked, then the question
    // goes on; a year that settles it is taken as it is.
    let unix = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let today = tremplin::engine::now_at(i64::try_from(unix).unwrap()).today;
    let straddling = today.year() - 26;
    let month = if today.month() == 1 { 2 } else { 1 };
    let script = format!("oui\noui\noui\n{straddling}\n{month:02}/{straddling}\n");
    let out = chat("sqlite::memory:", &["--lang", "fr"], script.as_bytes());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        stdout
            .matches("il me faut aussi votre mois de naissance")
            .count(),
        1,
        "{stdout}"
    );
    assert!(stdout.contains("Dans quelle commune"), "{stdout}");
    let script = format!("oui\noui\noui\n{}\n", straddling - 1);
    let out = chat("sqlite::memory:", &["--lang", "fr"], script.as_bytes());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!stdout.contains("mois de naissance"), "{stdout}");
    assert!(stdout.contains("Dans quelle commune"), "{stdout}");

    // By phone only, and the number skipped: asked once more, then on site or by video.
    let to_formats = "oui\noui\noui\n34\nAmboise\n3\n2\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n";
    let script = format!("{to_formats}2\npasser\npasser\n1\n");
    let out = chat("sqlite::memory:", &["--lang", "fr"], script.as_bytes());
    let stdout = String::from_utf8_lossy(&out.stdout);
    let after = stdout
        .split("Comment pouvez-vous avoir votre rendez-vous ?")
        .nth(1)
        .expect("the formats are asked");
    let again = after
        .find("le service doit pouvoir vous appeler")
        .expect("asked once more");
    let offered = after
        .find("Sans numéro, personne ne peut vous appeler.")
        .expect("another format offered");
    let next = after.find("Quand êtes-vous disponible").expect("goes on");
    assert!(again < offered && offered < next, "{after}");
    assert!(after.contains("3. Je donne un numéro"), "{after}");
    // With another format chosen too, a skipped number just drops the phone.
    let script = format!("{to_formats}1, 2\npasser\n");
    let out = chat("sqlite::memory:", &["--lang", "fr"], script.as_bytes());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!stdout.contains("Sans numéro"), "{stdout}");
    assert!(stdout.contains("Quand êtes-vous disponible"), "{stdout}");
}

fn get(port: u16, path: &str) -> Option<String> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut out = String::new();
    s.read_to_string(&mut out).ok()?;
    Some(out)
}

/// `serve` on a SQLite file of `dir`, with `env`, once it answers `/healthz`: the process, its
/// port and that first answer.
#[expect(
    clippy::zombie_processes,
    reason = "the child is handed to the caller, which waits on it"
)]
fn start_serve(dir: &std::path::Path, env: &[(&str, &str)]) -> (std::process::Child, u16, String) {
    let port = support::free_port();
    let mut child = bin()
        .args([
            "serve",
            "--db",
            &format!("sqlite://{}", dir.join("s.db").display()),
        ])
        .env("TREMPLIN_BIND", format!("127.0.0.1:{port}"))
        .envs(env.iter().copied())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    loop {
        if let Some(r) = get(port, "/healthz") {
            return (child, port, r);
        }
        if start.elapsed() > Duration::from_secs(30) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("serve did not start");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn serve_answers_health_checks_and_stops_on_sigterm() {
    let dir = scratch("serve");
    let (mut child, port, health) = start_serve(&dir, &[]);
    assert!(health.starts_with("HTTP/1.1 200"), "{health}");
    // `/healthz` answers as soon as the port is open; `/readyz` once the service is in place.
    let start = Instant::now();
    let ready = loop {
        let ready = get(port, "/readyz").unwrap();
        if ready.starts_with("HTTP/1.1 200") || start.elapsed() > Duration::from_secs(30) {
            break ready;
        }
        assert!(ready.contains("starting"), "{ready}");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(ready.starts_with("HTTP/1.1 200"), "{ready}");
    let missing = get(port, "/nothing-here").unwrap();
    assert!(missing.starts_with("HTTP/1.1 404"), "{missing}");
    // A second `serve` on the same SQLite file stops at once and says why.
    let second = bin()
        .args([
            "serve",
            "--db",
            &format!("sqlite://{}", dir.join("s.db").display()),
        ])
        .env(
            "TREMPLIN_BIND",
            format!("127.0.0.1:{}", support::free_port()),
        )
        .output()
        .unwrap();
    assert_eq!(second.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&second.stderr).contains("Another `tremplin serve` already runs"),
        "{}",
        String::from_utf8_lossy(&second.stderr)
    );
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        if let Some(code) = child.try_wait().unwrap() {
            assert!(code.success(), "graceful stop exits 0: {code:?}");
            break;
        }
        assert!(Instant::now() < deadline, "serve did not stop on SIGTERM");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn the_data_key_is_created_private_and_rotate_key_keeps_conversations_readable() {
    let dir = scratch("rotate");
    let db = format!("sqlite://{}", dir.join("t.db").display());
    let key = dir.join("t.key");
    let first = chat(&db, &["--as", "alice"], b"bonjour\n1\noui\noui\noui\n34\n");
    assert!(first.status.success());
    assert!(
        String::from_utf8_lossy(&first.stderr).contains("created a new data key"),
        "the first start says it created the key"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&key).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "only its owner reads the key");
    }
    let before = std::fs::read_to_string(&key).unwrap();
    let rotate = bin().args(["rotate-key", "--db", &db]).output().unwrap();
    assert!(
        rotate.status.success(),
        "{}",
        String::from_utf8_lossy(&rotate.stderr)
    );
    let said = String::from_utf8_lossy(&rotate.stdout);
    assert!(
        said.contains("sealed again: 1 people, 1 sessions"),
        "{said}"
    );
    assert_ne!(std::fs::read_to_string(&key).unwrap(), before);
    assert_eq!(
        std::fs::read_to_string(dir.join("t.key.old")).unwrap(),
        before
    );
    // The conversation resumes under the new key, at the question after the age.
    let again = chat(&db, &["--as", "alice"], b"Tours\n");
    let out = String::from_utf8_lossy(&again.stdout);
    assert!(out.contains("RSA"), "{out}");
    // The purge's dry run only counts.
    let dry = bin()
        .args(["purge", "--dry-run", "--db", &db])
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&dry.stdout).starts_with("would remove: 0 people"),
        "{}",
        String::from_utf8_lossy(&dry.stdout)
    );
}

/// A setting that names something that is not there stops `check`, `serve` and `chat` alike,
/// with the same full list of problems: nothing starts that would lose people's requests.
#[test]
fn a_mistyped_setting_stops_every_command_with_the_same_problems() {
    let dir = scratch("settings");
    let db = format!("sqlite://{}", dir.join("t.db").display());
    for cmd in ["check", "serve", "chat", "purge"] {
        let out = bin()
            .args([cmd, "--db", &db])
            .env("TREMPLIN_TERRITORY", "nope")
            .env("TREMPLIN_RETENTION_MONTHS", "0")
            .env("TREMPLIN_BIND", "127.0.0.1:0")
            .stdin(Stdio::null())
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{cmd}: {err}");
        assert!(
            err.contains("TREMPLIN_TERRITORY: no territory 'nope'")
                && err.contains("TREMPLIN_RETENTION_MONTHS: must be 1 or more")
                && err.contains("2 problem(s) found"),
            "{cmd}: {err}"
        );
    }
    assert!(
        !dir.join("t.db").exists(),
        "nothing was opened before the settings were right"
    );
    // The content is found from the working folder or as configured, never through the
    // folder the program was built in.
    let out = bin()
        .arg("check")
        .current_dir(&dir)
        .env("TREMPLIN_RETENTION_MONTHS", "0")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("TREMPLIN_DIALOGUES: no folder dialogues")
            && err.contains("TREMPLIN_LOCALES: no folder locales")
            && err.contains("TREMPLIN_RETENTION_MONTHS: must be 1 or more"),
        "{err}"
    );
}

/// The data key must be the one the data is sealed with: a database without its key file, a
/// wrong key, and the key a rotation replaced are refused, with the expected key's id, and no
/// key is created for a database that holds people or for PostgreSQL.
#[test]
fn a_data_key_that_is_not_the_datas_stops_the_start() {
    let dir = scratch("wrong-key");
    let db = format!("sqlite://{}", dir.join("t.db").display());
    let key = dir.join("t.key");
    let first = chat(&db, &["--as", "bob"], b"bonjour\n1\noui\noui\noui\n34\n");
    assert!(first.status.success());
    let id_of = |out: &Output| {
        let err = String::from_utf8_lossy(&out.stderr).to_string();
        err.split("sealed with key ")
            .nth(1)
            .map(|s| {
                s.chars()
                    .take_while(char::is_ascii_hexdigit)
                    .collect::<String>()
            })
            .unwrap_or_else(|| panic!("no expected key id in: {err}"))
    };
    // The database copied without its key file.
    std::fs::rename(&key, dir.join("saved.key")).unwrap();
    let out = chat(&db, &["--as", "bob"], b"Tours\n");
    assert_eq!(out.status.code(), Some(1));
    let expected = id_of(&out);
    assert!(!key.exists(), "no new key was created over existing data");
    // Another key.
    let wrong = bin()
        .args(["chat", "--db", &db, "--as", "bob"])
        .env("TREMPLIN_DATA_KEY", "A".repeat(43) + "=")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(wrong.status.code(), Some(1));
    assert_eq!(id_of(&wrong), expected);
    // The right one; then a rotation: the key it replaced is refused, the new one reads.
    std::fs::rename(dir.join("saved.key"), &key).unwrap();
    let rotate = bin().args(["rotate-key", "--db", &db]).output().unwrap();
    assert!(rotate.status.success());
    let old = bin()
        .args(["chat", "--db", &db, "--as", "bob"])
        .env("TREMPLIN_DATA_KEY_FILE", dir.join("t.key.old"))
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(old.status.code(), Some(1));
    assert_ne!(id_of(&old), expected, "the rotation recorded its new key");
    let again = chat(&db, &["--as", "bob"], b"Tours\n");
    assert!(String::from_utf8_lossy(&again.stdout).contains("RSA"));
    // PostgreSQL: a mistyped key file is a problem, never a new key.
    if let Some(url) = support::postgres_url() {
        let missing = dir.join("mistyped.key");
        for cmd in ["check", "chat"] {
            let out = bin()
                .args([cmd, "--db", &url])
                .env("TREMPLIN_DATA_KEY_FILE", &missing)
                .stdin(Stdio::null())
                .output()
                .unwrap();
            assert_eq!(out.status.code(), Some(1), "{cmd}");
        }
        assert!(!missing.exists(), "no key file created for PostgreSQL");
    }
}

#[test]
fn chat_answers_urgent_words_at_once_then_asks_again() {
    let dir = scratch("urgent");
    let db = format!("sqlite://{}", dir.join("t.db").display());
    let out = chat(
        &db,
        &[],
        "\n1\noui\noui\noui\nje n'ai rien a manger depuis hier\n".as_bytes(),
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (_, after) = stdout.split_once("rien a manger").unwrap_or(("", &stdout));
    assert!(after.contains("CCAS"), "{stdout}");
    assert!(!after.contains("pas compris"), "{stdout}");
    assert!(
        after.trim_end().ends_with("Quel âge avez-vous ?") || after.contains("âge"),
        "{stdout}"
    );
}

/// SIGTERM ends `serve` within `TREMPLIN_SHUTDOWN_TIMEOUT` in all, even with a client that
/// keeps a request open (the grace time is not spent twice).
#[test]
fn sigterm_stops_within_the_shutdown_timeout_with_a_slow_client() {
    let dir = scratch("slow-stop");
    let (mut child, port, _) = start_serve(&dir, &[("TREMPLIN_SHUTDOWN_TIMEOUT", "2")]);
    // A request whose body never finishes coming.
    let mut slow = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        slow,
        "POST /healthz HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100000\r\n\r\nabc"
    )
    .unwrap();
    std::thread::sleep(Duration::from_millis(200));
    let asked = Instant::now();
    Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        assert!(
            asked.elapsed() < Duration::from_secs(10),
            "serve did not stop on SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let took = asked.elapsed();
    assert!(
        took < Duration::from_millis(3_500),
        "stopped in {took:?}, for a shutdown timeout of 2 s"
    );
    drop(slow);
}

/// `chat --record` records as a replay runs (the transcripts' clock, counted references, a
/// fresh database): every golden conversation that ends with an appointment, typed into
/// `chat --record`, comes out as the very file, and replays exactly.
#[test]
fn chat_records_a_booking_that_replays_exactly() {
    let dir = scratch("record-booking");
    let folder =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/transcripts/diagnostic");
    let mut booked = 0;
    let mut files: Vec<_> = std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for golden in files {
        let text = std::fs::read_to_string(&golden).unwrap();
        let t = Transcript::parse(&text).unwrap();
        if !t.outcome.lines().any(|l| l.starts_with("booking: ")) || t.channel != "console" {
            continue;
        }
        booked += 1;
        let file = dir.join("recorded.txt");
        let mut stdin = t.inputs.join("\n").into_bytes();
        stdin.push(b'\n');
        let mut args = vec!["--record", file.to_str().unwrap()];
        if let Some(l) = &t.locale {
            args.extend(["--lang", l.as_str()]);
        }
        let out = chat("sqlite::memory:", &args, &stdin);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let recorded = std::fs::read_to_string(&file).unwrap();
        assert_eq!(recorded, text, "{} as recorded", golden.display());
        let rt = tokio::runtime::Runtime::new().unwrap();
        let replayed = rt
            .block_on(tremplin::transcript::replay(
                support::catalog(),
                &Transcript::parse(&recorded).unwrap(),
            ))
            .unwrap();
        assert_eq!(replayed.format(), recorded, "{}", golden.display());
    }
    assert!(
        booked >= 3,
        "only {booked} golden conversations end with a booking"
    );
    eprintln!("{booked} conversations ending with a booking recorded and replayed exactly");
}

/// Retention values that are not a whole number of 1 or more stop every command, naming the
/// variable: none is raised or replaced silently.
#[test]
fn invalid_retention_values_are_refused_with_the_variable_named() {
    let dir = scratch("retention");
    let db = format!("sqlite://{}", dir.join("t.db").display());
    let mut refused = 0;
    for name in [
        "TREMPLIN_RETENTION_MONTHS",
        "TREMPLIN_AUDIT_RETENTION_MONTHS",
        "TREMPLIN_MESSAGE_RETENTION_DAYS",
    ] {
        for value in ["0", "-1", "douze", "1.5"] {
            for cmd in ["check", "serve"] {
                let out = bin()
                    .args([cmd, "--db", &db])
                    .env(name, value)
                    .env("TREMPLIN_BIND", "127.0.0.1:0")
                    .stdin(Stdio::null())
                    .output()
                    .unwrap();
                let err = String::from_utf8_lossy(&out.stderr);
                assert!(!out.status.success(), "{cmd} {name}={value:?}: {err}");
                assert!(
                    err.contains(name) && err.contains("1 or more"),
                    "{cmd} {name}={value:?}: {err}"
                );
                refused += 1;
            }
        }
    }
    assert!(!dir.join("t.db").exists(), "nothing was opened");
    eprintln!("{refused} invalid retention settings refused");
}

/// A client that does not finish its request line and headers within the time limit (10 s)
/// is answered 408, not dropped without a word; a client that then asks properly is served.
#[test]
fn serve_answers_408_to_headers_that_never_end() {
    let dir = scratch("header-timeout");
    let (mut child, port, _) = start_serve(&dir, &[]);
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    let started = Instant::now();
    s.write_all(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Never: end")
        .unwrap();
    let mut out = String::new();
    let _ = s.read_to_string(&mut out);
    let after = started.elapsed();
    assert!(out.starts_with("HTTP/1.1 408"), "{out:?}");
    assert!(out.contains("too slow"), "{out}");
    let health = get(port, "/healthz").unwrap();
    assert!(health.starts_with("HTTP/1.1 200"), "{health}");
    eprintln!("408 after {:.1} s", after.as_secs_f64());
    let _ = child.kill();
    let _ = child.wait();
}

/// "AIDE" or "HELP" as a number's very first SMS gets the help, then the first question; the
/// conversation then goes on from that question.
#[tokio::test]
async fn help_as_the_first_sms_gets_the_help_then_the_first_question() {
    use support::serve::{Serve, database, sms};
    let url = database("sqlite").await;
    let provider = support::twilio::Mock::start().await;
    let server = Serve::new(&url, &provider.url).start("first-help").await;
    let client = reqwest::Client::new();
    let greeting = sms(&client, &server.base, "+33655555550", "SMhelp0", "Bonjour")
        .await
        .expect("a reply");
    assert!(!greeting.contains("humain"), "{greeting}");
    for (n, word) in ["AIDE", "help", "Aide"].iter().enumerate() {
        let number = format!("+3365555555{}", n + 1);
        let reply = sms(&client, &server.base, &number, &format!("SMhelp{n}a"), word)
            .await
            .expect("a reply");
        assert!(
            reply.contains("humain") && reply.contains("retour"),
            "{word}: {reply}"
        );
        assert!(
            reply.contains("Votre langue"),
            "{word}: the first question: {reply}"
        );
        let next = sms(&client, &server.base, &number, &format!("SMhelp{n}b"), "1")
            .await
            .expect("a reply");
        assert!(
            next.contains("garder vos r"),
            "{word}: then the conversation goes on: {next}"
        );
        if n == 0 {
            let text = reply
                .split("<Message>")
                .skip(1)
                .collect::<Vec<_>>()
                .join("");
            let (_, segments) = tremplin::channels::sms::segments(&text);
            eprintln!(
                "{word} first: {} characters, {segments} segments (the greeting alone: {} characters)",
                text.chars().count(),
                greeting.chars().count()
            );
        }
    }
    drop(server);
}

/// A copy of the project's content folders (`dialogues/`, `locales/`) in a scratch folder, to
/// break or to extend.
fn content_copy(name: &str) -> PathBuf {
    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                copy(&path, &to.join(entry.file_name()));
            } else {
                std::fs::copy(&path, to.join(entry.file_name())).unwrap();
            }
        }
    }
    let dir = scratch(name);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for folder in ["dialogues", "locales"] {
        copy(&root.join(folder), &dir.join(folder));
    }
    dir
}

/// Replaces the first `from` of a file with `to`.
fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{from:?} is not in {}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// `check` says everything at once: a broken copy of the content with problems of every stage
/// (a dialogue, a locale, a Fluent error, a message missing everywhere, a territory, the urgent
/// words, the SMS budget, Telegram's button labels, a setting) gets them all in one run, each at
/// its file and line or step; `serve` and `chat` stop with the same list.
#[test]
fn check_reports_the_problems_of_every_stage_in_one_run() {
    let dir = content_copy("stages");
    let (d, l) = (dir.join("dialogues"), dir.join("locales"));
    edit(
        &d.join("diagnostic.toml"),
        "id = \"welcome\"\nkind = \"info\"\nsection = \"welcome\"",
        "id = \"welcome\"\nkind = \"info\"\nsection = \"welcom\"",
    );
    edit(
        &l.join("en/common.ftl"),
        "menu-reply-multi-buttons = Tap an answer, or write several separated by commas.\n",
        "",
    );
    edit(&l.join("es/booking.ftl"), " = ", " = { $oops ");
    for tag in ["fr", "ar", "en", "es", "pt", "ru", "tr", "uk"] {
        let path = l.join(tag).join("diagnostic.ftl");
        let text = std::fs::read_to_string(&path).unwrap();
        let kept: Vec<&str> = text
            .lines()
            .filter(|line| !line.starts_with("diag-age-hint ="))
            .collect();
        std::fs::write(&path, kept.join("\n") + "\n").unwrap();
    }
    edit(
        &d.join("territories/indre-et-loire.toml"),
        "spec_version = 1\n",
        "spec_version = 1\ncolour = \"blue\"\n",
    );
    edit(
        &d.join("urgent/fr.toml"),
        "phrases = [",
        "phrases = [\"!!\", ",
    );
    edit(
        &l.join("fr/diagnostic.ftl"),
        "diag-rsa-prompt = Touchez-vous le RSA ?",
        "diag-rsa-prompt = Touchez-vous le RSA, le revenu de solidarité active que la CAF ou la MSA verse chaque mois aux personnes qui ont peu de ressources ? Dites-le-nous : le RSA ouvre des droits et un accompagnement particulier par le Département, qui vous oriente vers un référent unique. Si vous ne savez pas, votre dernier courrier de la CAF le dit.",
    );
    edit(
        &l.join("fr/diagnostic.ftl"),
        "diag-situation-opt-job-seeker = ",
        "diag-situation-opt-job-seeker = Depuis bien longtemps, sans aucun succès : ",
    );
    let expected = [
        "dialogues/diagnostic.toml: step 'welcome': unknown section 'welcom'",
        "locales/en/common.ftl: message 'menu-reply-multi-buttons' missing (line ",
        "locales/es/booking.ftl: line ",
        "dialogues/diagnostic.toml: step 'age': message 'diag-age-hint' missing in locale fr (in locales/fr/diagnostic.ftl)",
        "dialogues/diagnostic.toml: step 'age': message 'diag-age-hint' missing in locale uk (in locales/uk/diagnostic.ftl)",
        "dialogues/territories/indre-et-loire.toml: line 4: unknown field `colour`",
        "dialogues/urgent/fr.toml: line ",
        "'violence': the phrase '!!' has no word",
        "the question of step 'rsa' of diagnostic takes 3 Gsm7 SMS segments (2 at most)",
        "label 'diag-situation-opt-job-seeker' (step 'situation' of diagnostic) has ",
        "Telegram buttons cut labels at 48",
        "TREMPLIN_TERRITORY: no territory 'nope'",
    ];
    let db = format!("sqlite://{}", dir.join("t.db").display());
    let mut lists = Vec::new();
    for cmd in ["check", "serve", "chat"] {
        let out = bin()
            .args([cmd, "--db", &db])
            .current_dir(&dir)
            .env("TREMPLIN_TERRITORY", "nope")
            .env("TREMPLIN_BIND", "127.0.0.1:0")
            .stdin(Stdio::null())
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr).to_string();
        assert_eq!(out.status.code(), Some(1), "{cmd}: {err}");
        for e in expected {
            assert!(err.contains(e), "{cmd}: missing {e:?} in:\n{err}");
        }
        let rsa = err
            .lines()
            .find(|line| line.contains("step 'rsa'"))
            .unwrap_or_default();
        assert!(
            rsa.starts_with("locales/fr/diagnostic.ftl: line "),
            "{cmd}: {rsa}"
        );
        lists.push(err);
    }
    assert!(
        lists.iter().all(|l| *l == lists[0]),
        "check, serve and chat list the same problems:\n{lists:#?}"
    );
    assert!(!dir.join("t.db").exists(), "nothing was opened");
}

/// Adding a language is a translator's job, done as the README says (copy `locales/fr`, copy
/// the French urgent words, name the language in every locale): `check` passes, names the
/// language's name when it is forgotten, and a conversation runs in the new language with the
/// language menu within the SMS budget, for a 9th and a 10th locale.
#[test]
fn a_ninth_and_tenth_language_are_added_as_the_readme_says() {
    use tremplin::channels::sms::{QUESTION_SEGMENTS, segments};
    let dir = content_copy("languages");
    let (d, l) = (dir.join("dialogues"), dir.join("locales"));
    let check = || {
        let out = bin().arg("check").current_dir(&dir).output().unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).to_string()
                + &String::from_utf8_lossy(&out.stderr),
        )
    };
    let mut tags: Vec<String> = std::fs::read_dir(&l)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .collect();
    for (tag, name, synonyms, welcome) in [
        (
            "de",
            "Deutsch",
            "allemand, german",
            "Ich stelle Ihnen kurze Fragen zu Ihrer Situation.",
        ),
        (
            "it",
            "Italiano",
            "italien, italian",
            "Le faccio alcune domande brevi sulla sua situazione.",
        ),
    ] {
        // 1. Copy locales/fr to locales/<tag>, and translate.
        let new = l.join(tag);
        std::fs::create_dir_all(&new).unwrap();
        for f in std::fs::read_dir(l.join("fr")).unwrap().flatten() {
            std::fs::copy(f.path(), new.join(f.file_name())).unwrap();
        }
        let welcome_fr = "diag-welcome-prompt = Je vais vous poser des questions courtes sur votre situation. Cela prend environ 10 minutes. Ensuite, je vous propose le service qui peut vous aider. Vos réponses sont lues seulement par les personnes qui vous accompagnent.";
        edit(
            &new.join("diagnostic.ftl"),
            welcome_fr,
            &format!("diag-welcome-prompt = {welcome}"),
        );
        // 2. Copy the French urgent words to dialogues/urgent/<tag>.toml.
        std::fs::copy(
            d.join("urgent/fr.toml"),
            d.join(format!("urgent/{tag}.toml")),
        )
        .unwrap();
        // Forgetting the language's name is reported, at the file it belongs in.
        let (ok, out) = check();
        assert!(!ok, "{out}");
        assert!(
            out.contains(&format!(
                "locales/fr/common.ftl: message 'language-name-{tag}' missing: every locale needs it"
            )),
            "{out}"
        );
        // 3. Name the language in every locale's common.ftl.
        let entry = format!("language-name-{tag} = {name}\n    .synonyms = {synonyms}\n");
        tags.push(tag.to_string());
        for t in &tags {
            let p = l.join(t).join("common.ftl");
            let text = std::fs::read_to_string(&p).unwrap();
            std::fs::write(&p, format!("{text}\n{entry}")).unwrap();
        }
        // 4. Check.
        let (ok, out) = check();
        assert!(ok, "{out}");

        // Forgotten in one locale: reported there, with the line of the reference.
        let en = l.join("en/common.ftl");
        let text = std::fs::read_to_string(&en).unwrap();
        std::fs::write(&en, text.replace(&entry, "")).unwrap();
        let (ok, out) = check();
        assert!(!ok, "{out}");
        assert!(
            out.contains(&format!(
                "locales/en/common.ftl: message 'language-name-{tag}' missing (line "
            )),
            "{out}"
        );
        std::fs::write(&en, text).unwrap();

        // A conversation in the new language, in the terminal.
        let mut child = bin()
            .args(["chat", "--db", "sqlite::memory:"])
            .current_dir(&dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(format!("{name}\n1\n").as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{stdout}");
        let lines: Vec<&str> = stdout
            .lines()
            .skip_while(|line| *line != "Votre langue ?")
            .collect();
        let items = lines
            .iter()
            .skip(1)
            .take_while(|line| line.starts_with(|c: char| c.is_ascii_digit()))
            .count();
        assert_eq!(items, tags.len(), "{stdout}");
        let menu = lines[..=items].join("\n");
        assert!(menu.contains(name), "{menu}");
        let (_, n) = segments(&menu);
        assert!(n <= QUESTION_SEGMENTS, "{n} segments:\n{menu}");
        assert!(stdout.contains(welcome), "{stdout}");
        // "1" answered the consent in the new language: the next question is asked.
        assert!(
            stdout.contains("Deux questions parlent de santé et de handicap."),
            "{stdout}"
        );
        eprintln!("{items} languages, menu in {n} SMS segments:\n{menu}");
    }
}

/// A message answered before consent and delivered again after it (the provider retries late)
/// gets the reply it got, and moves nothing: the ids memory held before consent are kept at
/// consent.
#[tokio::test]
async fn a_message_from_before_consent_delivered_again_after_it_gets_the_same_reply() {
    use support::serve::{Serve, database, kinds, sms};
    let provider = support::twilio::Mock::start().await;
    let client = reqwest::Client::new();
    for kind in kinds() {
        let url = database(kind).await;
        let server = Serve::new(&url, &provider.url)
            .start(&format!("late-{kind}"))
            .await;
        let from = "+33655555560";
        let say = |sid: &'static str, body: &'static str| {
            let (client, base) = (client.clone(), server.base.clone());
            async move { sms(&client, &base, from, sid, body).await.expect("a reply") }
        };
        say("SMlate0", "Bonjour").await;
        let language = say("SMlate1", "1").await;
        assert!(language.contains("garder vos r"), "{kind}: {language}");
        let consent = say("SMlate2", "1").await;
        assert!(consent.contains("santé"), "{kind}: {consent}");
        // After consent, the language choice comes again: the same reply, not an answer to
        // the question now asked.
        assert_eq!(say("SMlate1", "1").await, language, "{kind}");
        let greeting = say("SMlate0", "Bonjour").await;
        assert!(greeting.contains("Votre langue"), "{kind}: {greeting}");
        let next = say("SMlate3", "1").await;
        assert!(
            next.contains("Plusieurs services"),
            "{kind}: the conversation did not move: {next}"
        );
        drop(server);
    }
}
