//! Invitations end to end, on both databases: a list imported (every row checked, a re-import
//! changing and sending nothing), the invitations sent through the mock provider at the right
//! time and pace, a reply from an invited number through the signed SMS webhook, the
//! diagnostic confirming what the list says rather than asking it, a booking, and the
//! statuses that follow; STOP declines; a partner without free slots holds its invitations.

mod support;

use std::sync::Arc;
use std::time::Instant;

use support::twilio::{self, Mock, TOKEN};
use tower::ServiceExt;
use tremplin::app::Host;
use tremplin::app::invitations::{ImportOptions, ImportReport, Schedule};
use tremplin::channels::sms::RestSender;
use tremplin::core::{Channel, ConvKey, InvitationStatus};
use tremplin::i18n::segments::segments;
use tremplin::notify::invitations::InvitationWorker;
use tremplin::transcript::T0;
use tremplin::web::{AppState, app};

const PHONE: &str = "+33612345678";
const HEADER: &str =
    "Téléphone;Référence;Prénom;Nom;Date de naissance;Code postal;RSA;Langue;Organisation\n";

/// Three good rows (one of them the person who will answer), and bad ones.
fn list() -> String {
    format!(
        "{HEADER}\
         06 12 34 56 78;D37-001;Aminata;Diallo;01/03/1990;37000;oui;fr;\n\
         +33 7 11 22 33 44;D37-002;Paul;Martin;1985-11-30;37300;non;;\n\
         0033 6 99 88 77 66;D37-003;Olena;Kovalenko;12/07/2001;37100;oui;uk;\n\
         01 47 00 00 00;D37-004;Fixe;Numero;01/01/1980;37000;oui;fr;\n\
         06 55 44 33 22;D37-001;Double;Reference;01/01/1980;37000;oui;fr;\n\
         06 55 44 33 23;D37-006;Bad;Date;31/02/1980;37000;oui;fr;\n\
         06 55 44 33 24;D37-007;Bad;Partner;01/01/1980;37000;oui;fr;nulle-part\n"
    )
}

async fn import(host: &Host, csv: &str) -> ImportReport {
    host.import_invitations(csv.as_bytes(), &ImportOptions::default(), &mut |_, _| {})
        .await
        .expect("import")
}

/// A sender to the mock provider, and the worker on `schedule`.
fn worker(host: Arc<Host>, mock: &Mock, schedule: Schedule) -> InvitationWorker {
    let sender =
        RestSender::new(&mock.url, "ACtest", TOKEN, "+33700000000", false).expect("sender");
    InvitationWorker::new(host, schedule)
        .with_sender("sms", Arc::new(sender))
        .with_telegram_bot(Some("tremplin37_bot".into()))
}

fn fast() -> Schedule {
    Schedule {
        rate: 50.0,
        ..Schedule::default()
    }
}

async fn status_of(host: &Host, reference_phone: &str) -> InvitationStatus {
    let key = ConvKey::new(Channel::Sms, reference_phone);
    host.store()
        .invitations(&Default::default(), 100, 0)
        .await
        .expect("invitations")
        .into_iter()
        .find(|r| r.key == key)
        .expect("the invitation")
        .status
}

/// Posts a signed SMS to the webhook; the TwiML answer.
async fn sms(state: &AppState, sid: &str, body: &str) -> String {
    let form = twilio::form(&[
        ("AccountSid", "ACtest"),
        ("Body", body),
        ("From", PHONE),
        ("MessageSid", sid),
        ("NumMedia", "0"),
        ("To", "+33700000000"),
    ]);
    let req = twilio::request(form.clone(), Some(&twilio::sign(form.as_bytes())));
    let resp = app(state.clone()).oneshot(req).await.expect("answer");
    assert!(resp.status().is_success(), "{}", resp.status());
    let bytes = axum::body::to_bytes(resp.into_body(), 1 << 20)
        .await
        .expect("body");
    String::from_utf8_lossy(&bytes).into_owned()
}

#[tokio::test]
async fn every_row_is_checked_and_a_second_import_changes_nothing() {
    for (name, store) in support::stores().await {
        let (host, _) = support::host(store);
        let report = import(&host, &list()).await;
        let s = &report.summary;
        assert_eq!(
            (s.read, s.added, s.updated, s.unchanged),
            (7, 3, 0, 0),
            "{name}"
        );
        let refused: Vec<(u64, &str)> = report
            .refused
            .iter()
            .map(|r| (r.line, r.why.code()))
            .collect();
        assert_eq!(
            refused,
            vec![
                (5, "landline"),
                (6, "duplicate-reference"),
                (7, "bad-date"),
                (8, "unknown-partner")
            ],
            "{name}"
        );
        // No refusal names what the row held.
        for r in &report.refused {
            let text = r.why.to_string();
            assert!(
                !text.contains("01 47") && !text.contains("D37"),
                "{name}: {text}"
            );
        }
        let again = import(&host, &list()).await;
        let s = &again.summary;
        assert_eq!(
            (s.added, s.updated, s.unchanged),
            (0, 0, 3),
            "{name}: the same rows again"
        );
        // A changed row updates the person it names, and only it.
        let changed = list().replace("37300;non", "37400;non");
        let s = import(&host, &changed).await.summary;
        assert_eq!((s.added, s.updated, s.unchanged), (0, 1, 2), "{name}");
        // What is stored is sealed: no number, name or reference in clear.
        for table in ["invitations", "invitation_events", "invitation_imports"] {
            for cell in host.store().text_cells(table).await.expect("cells") {
                for plain in ["612345678", "Aminata", "Diallo", "D37-001", "1990-03-01"] {
                    assert!(!cell.contains(plain), "{name}: {plain} in clear in {table}");
                }
            }
        }
    }
}

#[tokio::test]
async fn a_file_that_is_not_a_list_is_refused_whole() {
    for (name, store) in support::stores().await {
        let (host, _) = support::host(store);
        for (bytes, why) in [
            (&b""[..], "empty"),
            (&b"nom;prenom\nDiallo;Aminata\n"[..], "telephone"),
            (&b"\x00\x01\x02binary\x00"[..], "not text"),
        ] {
            let err = host
                .import_invitations(bytes, &ImportOptions::default(), &mut |_, _| {})
                .await
                .expect_err("refused");
            assert!(err.to_string().contains(why), "{name}: {err}");
        }
        let n = host
            .store()
            .invitations(&Default::default(), 10, 0)
            .await
            .expect("list")
            .len();
        assert_eq!(n, 0, "{name}: nothing imported");
    }
}

#[tokio::test]
async fn invitations_go_out_of_quiet_hours_at_the_pace_then_remind_and_expire() {
    for (name, store) in support::stores().await {
        let (host, _) = support::host(store);
        let host = Arc::new(host);
        let mock = Mock::start().await;
        let rate = Schedule {
            rate: 20.0,
            ..Schedule::default()
        };
        let w = worker(host.clone(), &mock, rate);
        import(&host, &list()).await;
        // Sunday 4 January 2026, 15:00 in Paris: nothing goes.
        let r = w.run_once(T0 - 18 * 3600, 10).await.expect("round");
        assert!(r.quiet && r.sent == 0, "{name}: {r:?}");
        // Monday 9:00: each invited once, in their language, within 2 SMS segments in French.
        let started = Instant::now();
        let r = w.run_once(T0, 10).await.expect("round");
        let took = started.elapsed();
        assert_eq!(r.sent, 3, "{name}: {r:?}");
        assert!(
            took.as_secs_f64() >= 2.0 / 20.0 * 0.9,
            "{name}: 3 messages at 20 a second took {took:?}"
        );
        let sent = mock.accepted();
        assert_eq!(sent.len(), 3, "{name}");
        let to_aminata = sent
            .iter()
            .find(|s| s.field("To") == PHONE)
            .expect("Aminata's");
        let text = to_aminata.body();
        assert!(
            text.contains("vous invite") && text.contains("RSA"),
            "{name}: {text}"
        );
        assert!(
            text.contains("https://t.me/tremplin37_bot?start="),
            "{name}: {text}"
        );
        assert!(
            segments(text).1 <= 2,
            "{name}: {:?} segments: {text}",
            segments(text)
        );
        let olena = sent
            .iter()
            .find(|s| s.field("To") == "+33699887766")
            .expect("Olena's");
        assert!(
            olena.body().contains("запрошує"),
            "{name}: in Ukrainian: {}",
            olena.body()
        );
        assert_eq!(
            status_of(&host, PHONE).await,
            InvitationStatus::Invited,
            "{name}"
        );
        // Nothing is due again, and a re-import sends nothing.
        assert_eq!(
            w.run_once(T0 + 60, 10).await.expect("round").sent,
            0,
            "{name}"
        );
        import(&host, &list()).await;
        assert_eq!(
            w.run_once(T0 + 120, 10).await.expect("round").sent,
            0,
            "{name}"
        );
        assert_eq!(mock.accepted().len(), 3, "{name}");
        // Three days later, a reminder each; after the last, the expiry.
        let day = 86_400;
        assert_eq!(
            w.run_once(T0 + 3 * day, 10).await.expect("round").sent,
            3,
            "{name}"
        );
        assert!(mock.accepted()[3].body().starts_with("Rappel"), "{name}");
        assert_eq!(
            status_of(&host, PHONE).await,
            InvitationStatus::Reminded,
            "{name}"
        );
        assert_eq!(
            w.run_once(T0 + 7 * day, 10).await.expect("round").sent,
            3,
            "{name}"
        );
        let r = w.run_once(T0 + 30 * day + 3600, 10).await.expect("round");
        assert_eq!((r.sent, r.expired), (0, 3), "{name}");
        assert_eq!(
            status_of(&host, PHONE).await,
            InvitationStatus::Expired,
            "{name}"
        );
        assert_eq!(
            mock.accepted().len(),
            9,
            "{name}: 3 invitations, 6 reminders"
        );
    }
}

#[tokio::test]
async fn an_invited_person_answers_confirms_what_the_list_says_and_books() {
    for (name, store) in support::stores().await {
        let (host, _) = support::host(store);
        let host = Arc::new(host);
        let mock = Mock::start().await;
        let w = worker(host.clone(), &mock, fast());
        import(&host, &list()).await;
        w.run_once(T0, 10).await.expect("round");
        let state = AppState {
            host: host.clone(),
            sms: Some(twilio::config()),
            telegram: None,
        };
        // The list says French: the language is known, not asked.
        let first = sms(&state, "SMinv0", "Bonjour").await;
        assert!(
            !first.contains("Choisissez votre langue"),
            "{name}: {first}"
        );
        assert_eq!(
            status_of(&host, PHONE).await,
            InvitationStatus::Started,
            "{name}"
        );
        sms(&state, "SMinv1", "oui").await;
        sms(&state, "SMinv2", "oui").await;
        let age = sms(&state, "SMinv3", "oui").await;
        assert!(
            age.contains("vous avez 35 ans"),
            "{name}: the age is confirmed: {age}"
        );
        let place = sms(&state, "SMinv4", "oui").await;
        assert!(
            place.contains("vous habitez 37000 Tours"),
            "{name}: {place}"
        );
        let rsa = sms(&state, "SMinv5", "1").await;
        assert!(rsa.contains("vous touchez le RSA"), "{name}: {rsa}");
        let next = sms(&state, "SMinv6", "oui").await;
        assert!(
            next.contains("France Travail"),
            "{name}: then the first question the list does not answer: {next}"
        );
        let key = ConvKey::new(Channel::Sms, PHONE);
        let session = host
            .session_of(&key)
            .await
            .expect("session")
            .expect("kept: consent given");
        assert_eq!(
            session.answers["age"].value,
            tremplin::engine::Value::Number(35),
            "{name}"
        );
        assert!(
            session.answers["rsa"]
                .codes
                .contains(&"crit:rsa".to_string()),
            "{name}: the codes of an answer given"
        );
        // The rest of the diagnostic, to the appointments offered, and one booked.
        let rest = &support::TO_OFFERS[8..];
        for (i, text) in rest.iter().enumerate() {
            sms(&state, &format!("SMinv{}", 10 + i), text).await;
        }
        let booked = sms(&state, "SMinv99", "1").await;
        assert!(booked.contains("rendez-vous"), "{name}: {booked}");
        host.refresh_invitations(T0 + 60).await.expect("refresh");
        assert_eq!(
            status_of(&host, PHONE).await,
            InvitationStatus::Booked,
            "{name}"
        );
        // The invitation follows the person: its history says so.
        let row = host.store().invitation_for(&key).await.expect("find");
        assert!(
            row.is_none(),
            "{name}: linked to the person, no longer open to a new conversation"
        );
    }
}

#[tokio::test]
async fn stop_from_an_invited_number_declines_and_nothing_more_is_sent() {
    for (name, store) in support::stores().await {
        let (host, _) = support::host(store);
        let host = Arc::new(host);
        let mock = Mock::start().await;
        let w = worker(host.clone(), &mock, fast());
        import(&host, &list()).await;
        w.run_once(T0, 10).await.expect("round");
        let state = AppState {
            host: host.clone(),
            sms: Some(twilio::config()),
            telegram: None,
        };
        sms(&state, "SMstop", "STOP").await;
        assert_eq!(
            status_of(&host, PHONE).await,
            InvitationStatus::Declined,
            "{name}"
        );
        w.run_once(T0 + 3 * 86_400, 10).await.expect("round");
        let to_her = mock
            .accepted()
            .iter()
            .filter(|s| s.field("To") == PHONE)
            .count();
        assert_eq!(
            to_her, 1,
            "{name}: the invitation, and no reminder after STOP"
        );
        // A new list with her number: not invited, and reported.
        let report = import(&host, &list().replace("D37-001", "D37-101")).await;
        assert!(
            report.opted_out.contains(&2),
            "{name}: {:?}",
            report.opted_out
        );
    }
}

#[tokio::test]
async fn a_partner_without_free_slots_holds_its_invitations() {
    for (name, store) in support::stores().await {
        let (host, _) = support::host(store);
        let host = Arc::new(host);
        let mock = Mock::start().await;
        let w = worker(host.clone(), &mock, fast());
        // The CAF's one site is closed for the coming weeks: invitations for it wait.
        host.store()
            .add_closure(
                "caf-tours",
                T0 - 86_400,
                T0 + 60 * 86_400,
                "travaux",
                "test",
                T0,
            )
            .await
            .expect("closure");
        let csv = format!(
            "{HEADER}06 12 34 56 78;D37-001;Aminata;Diallo;01/03/1990;37000;oui;fr;caf-touraine\n"
        );
        import(&host, &csv).await;
        let r = w.run_once(T0, 10).await.expect("round");
        assert_eq!(r.sent, 0, "{name}");
        assert_eq!(
            status_of(&host, PHONE).await,
            InvitationStatus::Held,
            "{name}"
        );
        assert_eq!(
            host.held_invitations().await.expect("held"),
            vec![("caf-touraine".to_string(), 1)],
            "{name}"
        );
        assert!(mock.accepted().is_empty(), "{name}");
    }
}

/// From outside, as the Département's staff and the people would: the command imports the
/// file (a dry run first), `serve` sends the invitations through the provider, and a person
/// answers through the signed webhook; on both databases.
#[tokio::test]
async fn from_outside_the_command_imports_and_serve_invites() {
    use support::serve::{Serve, database, kinds};
    for kind in kinds() {
        let db = database(kind).await;
        let mock = Mock::start().await;
        let serve = Serve::new(&db, &mock.url)
            .env("TREMPLIN_QUIET_HOURS", "off")
            .env("TREMPLIN_SEND_RATE", "10")
            .env("TELEGRAM_BOT_USERNAME", "tremplin37_bot");
        // The service first: it creates the database.
        let server = serve.start(&format!("invitations-{kind}")).await;
        let file = std::env::temp_dir().join(format!("liste-{}.csv", tremplin::storage::new_id()));
        // A spreadsheet's export: Windows-1252, with a byte order mark-less header.
        let text = list();
        let (latin, _, _) = encoding_rs::WINDOWS_1252.encode(&text);
        std::fs::write(&file, &latin).expect("write the list");
        let path = file.to_string_lossy().to_string();

        let dry = serve
            .tool(&["invitations", "import", "--dry-run", &path])
            .await;
        let (out, err) = (
            String::from_utf8_lossy(&dry.stdout),
            String::from_utf8_lossy(&dry.stderr),
        );
        assert_eq!(
            dry.status.code(),
            Some(1),
            "{kind}: rows were refused: {out}{err}"
        );
        assert!(
            out.contains("dry run") && out.contains("3 new") && out.contains("windows-1252"),
            "{kind}: {out}"
        );
        assert!(
            err.contains("line 5:") && err.contains("landline"),
            "{kind}: {err}"
        );
        assert!(
            !err.contains("01 47"),
            "{kind}: a refused row's values are never printed: {err}"
        );

        let real = serve.tool(&["invitations", "import", &path]).await;
        let out = String::from_utf8_lossy(&real.stdout);
        assert!(out.contains("3 new"), "{kind}: {out}");
        // The service sends each invitation once, at its pace.
        let deadline = Instant::now() + std::time::Duration::from_secs(60);
        while mock.accepted().len() < 3 {
            assert!(
                Instant::now() < deadline,
                "{kind}: sent {:?}\n{}",
                mock.accepted().len(),
                server.log()
            );
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        let again = serve.tool(&["invitations", "import", &path]).await;
        let out = String::from_utf8_lossy(&again.stdout);
        assert!(
            out.contains("0 new, 0 updated, 3 unchanged"),
            "{kind}: {out}"
        );
        tokio::time::sleep(std::time::Duration::from_secs(3)).await;
        assert_eq!(mock.accepted().len(), 3, "{kind}: nothing more sent");
        let text = mock
            .accepted()
            .into_iter()
            .find(|s| s.field("To") == PHONE)
            .expect("Aminata's invitation")
            .body()
            .to_string();
        // The bot's name is set, but Telegram is off: no link that nobody would answer.
        assert!(!text.contains("t.me"), "{kind}: {text}");
        assert!(
            server.log().contains("invitations offer no Telegram link"),
            "{kind}: {}",
            server.log()
        );

        // She answers: the conversation knows her invitation.
        let client = reqwest::Client::new();
        let mut last = String::new();
        for (i, t) in ["Bonjour", "oui", "oui", "oui"].iter().enumerate() {
            last = support::serve::sms(&client, &server.base, PHONE, &format!("SMout{i}"), t)
                .await
                .expect("an answer");
        }
        assert!(
            last.contains("D&apos;après votre invitation, vous avez"),
            "{kind}: {last}"
        );
        std::fs::remove_file(&file).ok();
    }
}

/// A multipart form with the CSRF token and a file, as a browser posts it.
fn upload(
    b: &support::browser::Browser,
    csv: &[u8],
    dry_run: bool,
) -> axum::http::Request<axum::body::Body> {
    let boundary = "----tremplin-test-boundary";
    let mut body = Vec::new();
    let mut part = |name: &str, filename: Option<&str>, value: &[u8]| {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"").as_bytes(),
        );
        if let Some(f) = filename {
            body.extend_from_slice(
                format!("; filename=\"{f}\"\r\nContent-Type: text/csv").as_bytes(),
            );
        }
        body.extend_from_slice(b"\r\n\r\n");
        body.extend_from_slice(value);
        body.extend_from_slice(b"\r\n");
    };
    part("csrf", None, b.csrf.as_bytes());
    if dry_run {
        part("dry_run", None, b"1");
    }
    part("file", Some("liste.csv"), csv);
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    axum::http::Request::post("/staff/invitations/import")
        .header(axum::http::header::COOKIE, b.cookie_header())
        .header(
            axum::http::header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(axum::body::Body::from(body))
        .expect("request")
}

#[tokio::test]
async fn reception_imports_follows_and_acts_on_the_invitations_page() {
    use support::browser::{Browser, PASSWORD, account};
    use tremplin::storage::staff::Role;
    use tremplin::web::staff::{self, Staff, StaffConfig};
    for (name, store) in support::stores().await {
        account(&store, "accueil@example.org", Role::Reception, None).await;
        account(
            &store,
            "conseil@example.org",
            Role::Advisor,
            Some("france-travail-37"),
        )
        .await;
        let (host, clock) = support::host(store);
        let host = Arc::new(host);
        let app = staff::router(Staff::new(
            host.clone(),
            StaffConfig {
                insecure_http: false,
                clock: clock.clone(),
                public_url: Some("https://tremplin.example.org".into()),
            },
        ));
        // An advisor has no Invitations page: 404, as for what does not exist.
        let mut advisor = Browser::new(&app);
        advisor.login("conseil@example.org", PASSWORD).await;
        assert_eq!(
            advisor.get("/staff/invitations").await.status,
            404,
            "{name}"
        );

        let mut b = Browser::new(&app);
        b.login("accueil@example.org", PASSWORD).await;
        let page = b.get("/staff/invitations").await;
        assert_eq!(page.status, 200, "{name}");
        assert!(page.body.contains("multipart/form-data"), "{name}");
        // A check first (nothing saved), then the import: the refused rows listed with their line.
        let dry = b.send(upload(&b, list().as_bytes(), true)).await;
        assert_eq!(dry.status, 200, "{name}: {}", dry.body);
        assert!(dry.body.contains("rien n'a été enregistré"), "{name}");
        assert!(
            host.store()
                .invitations(&Default::default(), 10, 0)
                .await
                .unwrap()
                .is_empty(),
            "{name}"
        );
        b.get("/staff/invitations").await;
        // Imported on Sunday afternoon: the invitations go on Monday at 8.
        clock.advance(-18 * 3600);
        let done = b.send(upload(&b, list().as_bytes(), false)).await;
        clock.advance(18 * 3600);
        assert_eq!(done.status, 200, "{name}: {}", done.body);
        assert!(done.body.contains("3 nouvelles"), "{name}: {}", done.body);
        assert!(
            done.body.contains("<td>5</td><td>le numéro est un fixe"),
            "{name}: {}",
            done.body
        );
        // Not a CSV at all: a precise message, nothing imported.
        b.get("/staff/invitations").await;
        let bad = b.send(upload(&b, b"\x00\x01PK binary", false)).await;
        assert_eq!(bad.status, 422, "{name}");
        assert!(
            bad.body.contains("Fichier refusé") && bad.body.contains("au format CSV"),
            "{name}: {}",
            bad.body
        );
        // The list, its counts, and a filter by status.
        let list_page = b.get("/staff/invitations").await;
        assert!(
            list_page.body.contains("3 personnes sur la liste"),
            "{name}"
        );
        assert!(
            list_page.body.contains("à envoyer : 3"),
            "{name}: {}",
            list_page.body
        );
        assert!(list_page.body.contains("Aminata Diallo"), "{name}");
        let filtered = b.get("/staff/invitations?status=declined").await;
        assert!(!filtered.body.contains("Aminata Diallo"), "{name}");
        // One person's page, and an action with a reason.
        let at = list_page
            .body
            .find("/staff/invitations/0")
            .or_else(|| list_page.body.find("href=\"/staff/invitations/"))
            .expect("a link");
        let id: String = list_page.body[at..]
            .trim_start_matches("href=\"")
            .trim_start_matches("/staff/invitations/")
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        let person = b.get(&format!("/staff/invitations/{id}")).await;
        assert_eq!(person.status, 200, "{name}");
        assert!(person.body.contains("importée"), "{name}: the history");
        assert!(
            person.body.contains("08:00"),
            "{name}: the next message when it can go"
        );
        assert!(
            !person.body.contains("612345678") && !person.body.contains("0612345678"),
            "{name}: the number is masked"
        );
        let closed = b
            .post(
                &format!("/staff/invitations/{id}/close"),
                &[("reason", "Déménagée hors du département")],
            )
            .await;
        assert_eq!(closed.status, 303, "{name}: {}", closed.body);
        let after = b.get(&format!("/staff/invitations/{id}")).await;
        assert!(
            after.body.contains("Déménagée hors du département"),
            "{name}"
        );
        let without = b
            .post(
                &format!("/staff/invitations/{id}/close"),
                &[("reason", "  ")],
            )
            .await;
        assert!(
            without
                .location()
                .ends_with("msg=invitations-refused-reason-needed"),
            "{name}: a closing needs its reason: {}",
            without.location()
        );
        let said = b.get(without.location()).await;
        assert!(
            said.body.contains("Écrivez la raison de la clôture"),
            "{name}"
        );
        // The CSV of what is shown, and every look and action in the audit log.
        let csv = b.get("/staff/invitations.csv?status=pending").await;
        assert_eq!(csv.status, 200, "{name}");
        assert_eq!(
            csv.body.lines().count(),
            3,
            "{name}: the header and the 2 still to send: {}",
            csv.body
        );
        let audit = host
            .store()
            .audit_entries(&tremplin::storage::staff::AuditFilter::default(), 1_000)
            .await
            .expect("audit");
        for action in [
            "invitations-import",
            "invitation-view",
            "invitation-close",
            "invitations-export",
        ] {
            assert!(
                audit.iter().any(|a| a.action == action),
                "{name}: {action} audited"
            );
        }
    }
}

#[tokio::test]
async fn a_second_import_while_one_runs_is_refused_with_a_precise_message() {
    use tremplin::storage::held::Taken;
    for (name, store, url) in support::stores_with_urls().await {
        let url = Some(url);
        let (host, _) = support::host(store);
        // Two uploads at once in one service: the second is told, the first imports.
        let options = ImportOptions::default();
        let (mut p1, mut p2) = (|_: u64, _: u64| {}, |_: u64, _: u64| {});
        let text = list();
        let (a, b) = tokio::join!(
            host.import_invitations(text.as_bytes(), &options, &mut p1),
            host.import_invitations(text.as_bytes(), &options, &mut p2),
        );
        assert_eq!(a.expect("the first").summary.added, 3, "{name}");
        let err = b.expect_err("the second");
        assert!(
            err.to_string().contains("another import is running"),
            "{name}: {err}"
        );
        // Another process importing into the same database: its lease is held.
        if let Some(url) =
            url.filter(|_| host.store().backend() == tremplin::storage::Backend::Postgres)
        {
            let other = tremplin::storage::Store::open(&url, Default::default())
                .await
                .expect("another store");
            let Taken::Held(lease) = other
                .take_lease("invitation-import", "cli")
                .await
                .expect("lease")
            else {
                panic!("{name}: free");
            };
            let err = host
                .import_invitations(text.as_bytes(), &options, &mut p1)
                .await
                .expect_err("busy");
            assert!(
                err.to_string().contains("another import is running (cli)"),
                "{name}: {err}"
            );
            lease.release().await;
        }
        assert_eq!(
            import(&host, &list()).await.summary.unchanged,
            3,
            "{name}: then it runs"
        );
    }
}

#[tokio::test]
async fn a_telegram_link_continues_the_same_record() {
    for (name, store) in support::stores().await {
        let (host, _) = support::host(store);
        let host = Arc::new(host);
        let mock = Mock::start().await;
        import(&host, &list()).await;
        worker(host.clone(), &mock, fast())
            .run_once(T0, 10)
            .await
            .expect("round");
        let text = mock
            .accepted()
            .into_iter()
            .find(|s| s.field("To") == "+33699887766")
            .expect("Olena's")
            .body()
            .to_string();
        let code: String = text
            .split("?start=")
            .nth(1)
            .expect("a link")
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        let chat = ConvKey::new(Channel::Telegram, "4242");
        host.open_invitation(&chat, &code);
        let first = support::say(&host, &chat, None, Some("u:1")).await;
        assert_eq!(first.locale, "uk", "{name}: the list's language");
        let listed = host
            .store()
            .invitations(&Default::default(), 10, 0)
            .await
            .unwrap();
        let olena = listed
            .iter()
            .find(|r| r.key.address == "+33699887766")
            .expect("hers");
        assert_eq!(olena.status, InvitationStatus::Started, "{name}");
        // A code that names nothing opens an ordinary conversation.
        let other = ConvKey::new(Channel::Telegram, "4343");
        host.open_invitation(&other, "NOPE");
        let reply = support::say(&host, &other, None, Some("u:2")).await;
        assert_eq!(reply.locale, "fr", "{name}");
    }
}

#[test]
fn every_invitation_fits_its_sms_budget_in_every_language() {
    use tremplin::app::invitations::InvitationRow;
    use tremplin::storage::invitations::InvitationData;
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let (host, _) = rt.block_on(async { support::host(support::memory_store().await) });
    let catalog = support::catalog();
    // The longest name of the territory's partners invites, with the Telegram link, on RSA.
    let longest = host
        .catalog()
        .territories
        .iter()
        .flat_map(|t| t.partners.iter())
        .max_by_key(|p| p.name.chars().count())
        .expect("partners")
        .id
        .clone();
    for locale in catalog.locales.tags() {
        for sends in [0, 1] {
            let row = InvitationRow {
                id: "x".into(),
                key: ConvKey::new(Channel::Sms, PHONE),
                data: InvitationData {
                    reference: "D37-001".into(),
                    rsa: Some(true),
                    ..InvitationData::default()
                },
                locale: Some(locale.clone()),
                partner: Some(longest.clone()),
                lead: None,
                import_id: "i".into(),
                code: "abcdefghjkmnpqrs".into(),
                status: InvitationStatus::Pending,
                status_at: T0,
                created_at: T0,
                sends,
                first_sent_at: None,
                next_at: None,
                person_id: None,
                closed_reason: None,
            };
            let (text, _) = host.invitation_text(
                &row,
                Some("https://t.me/tremplin37_bot?start=abcdefghjkmnpqrs"),
            );
            let (_, n) = segments(&text);
            let budget = if locale == "fr" || locale == "en" {
                2
            } else {
                3
            };
            assert!(
                n <= budget,
                "{locale} ({sends} sent before): {n} segments: {text}"
            );
            assert!(
                text.contains("STOP") && text.contains("t.me"),
                "{locale}: {text}"
            );
        }
    }
}

#[tokio::test]
async fn two_instances_send_each_invitation_once_at_one_pace() {
    for (name, store, url) in support::stores_with_urls().await {
        let key = std::sync::Arc::new(
            tremplin::storage::vault::DataKey::parse(support::serve::DATA_KEY).expect("key"),
        );
        let store = store.with_key(key.clone());
        let other = tremplin::storage::Store::open(&url, Default::default())
            .await
            .expect("another store")
            .with_key(key);
        let (a, _) = support::host(store);
        let (b, _) = support::host(other);
        let (a, b) = (Arc::new(a), Arc::new(b));
        let mock = Mock::start().await;
        import(&a, &list()).await;
        let slow = Schedule {
            rate: 10.0,
            ..Schedule::default()
        };
        let (wa, wb) = (worker(a, &mock, slow.clone()), worker(b, &mock, slow));
        let (ra, rb) = tokio::join!(wa.run_once(T0, 10), wb.run_once(T0, 10));
        let (ra, rb) = (ra.expect("a"), rb.expect("b"));
        assert_eq!(ra.sent + rb.sent, 3, "{name}: {ra:?} {rb:?}");
        assert!(
            ra.sent == 0 || rb.sent == 0,
            "{name}: one sends at a time: {ra:?} {rb:?}"
        );
        assert_eq!(mock.accepted().len(), 3, "{name}: each once");
        let (ra, rb) = tokio::join!(wa.run_once(T0 + 60, 10), wb.run_once(T0 + 60, 10));
        assert_eq!(ra.expect("a").sent + rb.expect("b").sent, 0, "{name}");
    }
}

#[tokio::test]
async fn a_stop_ends_the_round_and_what_was_claimed_goes_at_the_next_start() {
    for (name, store) in support::stores().await {
        let (host, _) = support::host(store);
        let host = Arc::new(host);
        let mock = Mock::start().await;
        import(&host, &list()).await;
        let w = worker(host.clone(), &mock, fast());
        w.stopper().store(true, std::sync::atomic::Ordering::SeqCst);
        assert_eq!(w.run_once(T0, 10).await.expect("round").sent, 0, "{name}");
        // The next process (or round) sends them at once: nothing stayed claimed.
        let next = worker(host.clone(), &mock, fast());
        assert_eq!(
            next.run_once(T0 + 1, 10).await.expect("round").sent,
            3,
            "{name}"
        );
    }
}
