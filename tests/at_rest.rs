//! Nothing personal in clear at rest, on every channel. Whole diagnostics by SMS (signed
//! webhook requests), Telegram (the webhook, over the mock Bot API) and the terminal's host,
//! each with a typed phone number, a comment, a commune, a France Travail identifier, a date
//! and health answers; then no cell of any table, and no byte of the SQLite files (main file
//! and write-ahead log), holds one of those values or a sensitive answer's code. After one
//! person erases their data, a backup taken at once holds none of their values, not even
//! sealed. On SQLite, and on PostgreSQL (every cell) when `TEST_POSTGRES_URL` is set.

mod support;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::json;
use support::scan;
use support::twilio;
use support::web::SECRET;
use tower::ServiceExt;
use tremplin::app::Host;
use tremplin::bench::telegram_mock::{self as mock, MockApi};
use tremplin::core::{Channel, ConvKey};
use tremplin::web::telegram::SECRET_HEADER;
use tremplin::web::{AppState, app};

/// What one person types, beside the choices every person makes the same way.
struct Typed {
    key: ConvKey,
    /// The phone number as typed, and as it is kept (E.164).
    phone: &'static str,
    phone_e164: &'static str,
    comment: &'static str,
    ft_id: &'static str,
}

const COMMUNE: &str = "Saint-Avertin";
const DATE: &str = "15/03/2027";

/// The whole diagnostic to a booking: consents, age, commune, France Travail and its
/// identifier, a disability recognition (RQTH), work, a future date, health (yes, a situation,
/// weighs strongly), appointments by phone with the number, a comment, reminders, the first
/// slot.
fn answers(t: &Typed) -> Vec<&'static str> {
    let mut out = vec![
        "Bonjour", "1", "oui", "oui", "oui", "34", COMMUNE, "3", "1", t.ft_id, "1", "1", "2", "2",
        "1", "3", DATE, "1", "1", "9", "1", "1", "1", "2", t.phone, "1", "5", t.comment, "oui",
        "1",
    ];
    if t.key.channel == Channel::Telegram {
        // The app speaks French: the language is not asked.
        out.remove(1);
    }
    out
}

/// What must never be read in clear: the values people typed, in every form they are kept,
/// their addresses, and the codes of sensitive answers.
fn needles(people: &[Typed]) -> Vec<String> {
    let mut out: Vec<String> = [
        COMMUNE,
        "37550",
        "37208",
        DATE,
        "2027-03-15",
        "crit:boe",
        "cdb:sante",
        "frein:sante",
        "ft-contrainte:25",
        "ft-situation:15",
        "rqth",
        "limits_jobs",
    ]
    .iter()
    .map(ToString::to_string)
    .collect();
    for p in people {
        out.extend([
            p.phone.to_string(),
            p.phone_e164.to_string(),
            p.phone_e164[3..].to_string(),
            p.comment.to_string(),
            p.ft_id.to_string(),
            p.key.address.clone(),
        ]);
    }
    out
}

async fn sms(state: &AppState, from: &str, sid: &str, body: &str) {
    let req = twilio::signed(&[
        ("From", from),
        ("To", "+33700000000"),
        ("Body", body),
        ("MessageSid", sid),
        ("NumMedia", "0"),
    ]);
    let resp = app(state.clone()).oneshot(req).await.unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
}

async fn telegram(state: &AppState, api: &MockApi, chat: i64, text: &str) {
    let mut update = mock::text(chat, text, "fr");
    update["update_id"] = json!(api.next_update_id());
    let req = Request::post("/telegram/hook")
        .header("content-type", "application/json")
        .header(SECRET_HEADER, SECRET)
        .body(Body::from(update.to_string()))
        .unwrap();
    let resp = app(state.clone()).oneshot(req).await.unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
}

/// Runs a person's diagnostic on their channel, and checks it was all kept (so that the scan
/// looks for values that are really there, sealed).
async fn diagnostic(state: &AppState, api: &MockApi, t: &Typed) {
    for (i, a) in answers(t).into_iter().enumerate() {
        match t.key.channel {
            Channel::Sms => sms(state, &t.key.address, &format!("SM{i:032}"), a).await,
            Channel::Telegram => telegram(state, api, t.key.address.parse().unwrap(), a).await,
            _ => {
                support::say(&state.host, &t.key, Some(a), None).await;
            }
        }
    }
    let person = support::person_id(&state.host, &t.key).await;
    let kept = state.host.store().answers_of(&person).await.unwrap();
    let value = |step: &str| {
        kept.iter()
            .find(|a| a.step == step)
            .unwrap_or_else(|| panic!("{:?}: no {step} kept", t.key.channel))
    };
    assert!(value("phone").value.contains(t.phone_e164));
    assert!(value("comment").value.contains(t.comment));
    assert!(value("ft_id").value.contains(t.ft_id));
    assert!(value("place").value.contains(COMMUNE));
    assert!(value("disability").codes.contains("crit:boe"));
    assert!(value("health_impact").codes.contains("frein:sante:fort"));
    assert!(
        state
            .host
            .store()
            .active_booking(&person, tremplin::transcript::T0)
            .await
            .unwrap()
            .is_some(),
        "{:?}: booked",
        t.key.channel
    );
}

/// Fails on any cell that holds a needle; returns how many cells were read.
async fn no_cell_holds(url: &str, needles: &[String], when: &str) -> usize {
    let cells = scan::every_cell(url).await;
    for (table, column, v) in &cells {
        // A sealed value is ciphertext in base64: a short needle can turn up in it by chance
        // (about once in a hundred runs for 4 letters), and proves nothing there.
        let v = match v.strip_prefix("v1.") {
            Some(sealed)
                if sealed
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b)) =>
            {
                "v1."
            }
            _ => v.as_str(),
        };
        for n in needles {
            assert!(
                !v.contains(n.as_str()),
                "{when}: {table}.{column} holds {n:?}"
            );
        }
    }
    cells.len()
}

/// Fails on any file that holds a needle; returns how many bytes were read.
fn no_byte_holds(files: &[(String, Vec<u8>)], needles: &[String], when: &str) -> usize {
    for (name, bytes) in files {
        for n in needles {
            assert!(!scan::contains(bytes, n), "{when}: {name} holds {n:?}");
        }
    }
    files.iter().map(|(_, b)| b.len()).sum()
}

/// The erased person's values as stored (sealed, or keyed hashes) and their id: after the
/// erasure, none of these may stay in any byte.
async fn stored_values(url: &str, person: &str) -> Vec<String> {
    use sqlx::Row;
    let pool = sqlx::AnyPool::connect(url).await.expect("connect");
    let mut out = vec![person.to_string()];
    for sql in [
        "SELECT address_key AS a, address AS b FROM people WHERE id = $1",
        "SELECT state AS a, state AS b FROM sessions WHERE person_id = $1",
        "SELECT value AS a, codes AS b FROM answers WHERE person_id = $1",
        "SELECT message_key AS a, reply AS b FROM inbound WHERE person_id = $1",
    ] {
        for r in sqlx::query(sql)
            .bind(person)
            .fetch_all(&pool)
            .await
            .unwrap()
        {
            for v in [r.get::<String, _>("a"), r.get::<String, _>("b")] {
                if ["v1.", "h1.", "m1."].iter().any(|p| v.starts_with(p)) {
                    out.push(v);
                }
            }
        }
    }
    pool.close().await;
    out
}

fn people() -> Vec<Typed> {
    vec![
        Typed {
            key: ConvKey::new(Channel::Sms, "+33698765432"),
            phone: "06 21 43 65 87",
            phone_e164: "+33621436587",
            comment: "Mon voisin Hubert garde mes chats le mardi",
            ft_id: "4826193K",
        },
        Typed {
            key: ConvKey::new(Channel::Telegram, "7345678901"),
            phone: "07 55 66 77 88",
            phone_e164: "+33755667788",
            comment: "Je prefere le matin, apres avoir depose Lison",
            ft_id: "3917264W",
        },
        Typed {
            key: ConvKey::new(Channel::Console, "camille-au-terminal"),
            phone: "06 98 12 76 34",
            phone_e164: "+33698127634",
            comment: "Ma tante Berenice peut venir avec moi",
            ft_id: "5173920Q",
        },
    ]
}

#[tokio::test]
async fn no_typed_value_or_sensitive_code_is_in_clear_and_an_erasure_leaves_no_byte() {
    let people = people();
    let needles = needles(&people);
    for (name, store, url) in support::stores_with_urls().await {
        let (state, api) = support::web::state(store).await;
        for p in &people {
            diagnostic(&state, &api, p).await;
        }
        let host: &Host = &state.host;
        let cells = no_cell_holds(&url, &needles, name).await;
        let sqlite = url.starts_with("sqlite:");
        let path = scan::sqlite_path(&url);
        let mut bytes = 0;
        if sqlite {
            let files = scan::sqlite_files(&path);
            assert_eq!(files.len(), 2, "{name}: the main file and its log");
            bytes = no_byte_holds(&files, &needles, name);
        }
        eprintln!("{name}: after 3 diagnostics, {cells} cells and {bytes} bytes read, 0 found");

        // The SMS person erases everything.
        let sms_person = &people[0];
        let id = support::person_id(host, &sms_person.key).await;
        let theirs = stored_values(&url, &id).await;
        assert!(theirs.len() > 30, "{name}: {} sealed values", theirs.len());
        sms(&state, &sms_person.key.address, "SMerase1", "effacer").await;
        sms(&state, &sms_person.key.address, "SMerase2", "oui").await;
        assert!(
            host.store()
                .find_person(&sms_person.key)
                .await
                .unwrap()
                .is_none()
        );
        let cells = no_cell_holds(&url, &needles, name).await;
        let cells_after = no_cell_holds(&url, &theirs, name).await;
        assert_eq!(cells, cells_after);
        if sqlite {
            let backup = path.with_extension("backup.db");
            scan::sqlite_backup(&url, &backup).await;
            let mut files = scan::sqlite_files(&path);
            files.extend(scan::sqlite_files(&backup));
            let all: Vec<String> = needles.iter().chain(&theirs).cloned().collect();
            bytes = no_byte_holds(&files, &all, &format!("{name} after the erasure"));
            let _ = std::fs::remove_file(&backup);
        }
        eprintln!(
            "{name}: after the erasure, {cells} cells and {bytes} bytes (files and backup) read for {} values, 0 found",
            needles.len() + theirs.len()
        );
        drop(api);
    }
}
