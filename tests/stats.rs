//! The statistics page and its CSV on SQLite and PostgreSQL, over conversations replayed from
//! the golden transcripts and outcomes recorded as staff do: the figures agree with counts
//! done directly in SQL, small numbers read "< 5" in the page and the CSV, a filter that
//! isolates fewer than 5 people draws nothing, an advisor sees only their partner (and is told
//! that what comes before a booking has no partner yet), weeks are weeks in Paris, where people
//! stop is said with the question's words, the delay of invitations says none were sent,
//! `/metrics` carries the funnel, and what was stored before the counts existed is counted
//! once at start.

mod support;

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use sqlx::Row;
use tower::ServiceExt;

use tremplin::app::staff::{Cell, Chart, Label, StatsAsk};
use tremplin::app::{Host, Inbound};
use tremplin::core::{BookingStatus, Channel, ConvKey, ManualClock, local_day};
use tremplin::engine::Input;
use tremplin::storage::Store;
use tremplin::storage::staff::Role;
use tremplin::storage::stats::Tally;
use tremplin::transcript::{T0, TURN_GAP, Transcript};
use tremplin::web::staff::{self, Staff, StaffConfig, auth};

const DAY: i64 = 86_400;

/// The transcripts replayed, and how many times each.
const SCRIPTS: [(&str, usize); 6] = [
    ("fr-emploi", 6),
    ("fr-global-rsa", 6),
    ("fr-social-urgent", 5),
    ("es-complete", 5),
    ("fr-refuses-every-consent", 5),
    // Fewer than 5: the Arabic conversations are the small numbers.
    ("ar-complete", 2),
];

fn transcript(name: &str) -> Transcript {
    let path = format!(
        "{}/tests/transcripts/diagnostic/{name}.txt",
        env!("CARGO_MANIFEST_DIR")
    );
    Transcript::parse(&std::fs::read_to_string(path).expect("transcript")).expect("parse")
}

/// Replays a transcript's inputs as a conversation of `key`, from the clock's time.
async fn replay(host: &Host, clock: &ManualClock, t: &Transcript, key: &ConvKey) {
    let first = Inbound {
        key: key.clone(),
        input: Input::Start,
        external_id: None,
        language_hint: t.locale.clone(),
        language_guess: None,
    };
    host.handle(first, t.surface()).await.expect("turn");
    for input in &t.inputs {
        clock.advance(TURN_GAP);
        let inbound = Inbound {
            key: key.clone(),
            input: Input::Text(input.clone()),
            external_id: None,
            language_hint: None,
            language_guess: None,
        };
        host.handle(inbound, t.surface()).await.expect("turn");
    }
}

/// A count as the page shows it.
fn masked(n: i64) -> String {
    if n > 0 && n < 5 {
        "< 5".into()
    } else {
        n.to_string()
    }
}

fn count(c: &Cell) -> i64 {
    match c {
        Cell::Count(n) => *n,
        other => panic!("not a count: {other:?}"),
    }
}

fn chart<'a>(charts: &'a [Chart], id: &str) -> &'a Chart {
    charts.iter().find(|c| c.id == id).expect("chart")
}

/// Times a SQL query gives (one a row), counted by their Monday-based week in Paris (weeks
/// since 1970-01-05, as the page numbers them).
async fn sql_weeks(url: &str, sql: &str) -> BTreeMap<String, i64> {
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(url).await.expect("connect");
    let rows = sqlx::query(sql).fetch_all(&pool).await.expect("query");
    pool.close().await;
    let mut out = BTreeMap::new();
    for r in &rows {
        let week = (local_day(r.get::<i64, _>(0)) + 3).div_euclid(7);
        *out.entry(week.to_string()).or_insert(0) += 1;
    }
    out
}

/// Rows of a SQL query: a text key and a count.
async fn sql_counts(url: &str, sql: &str) -> BTreeMap<String, i64> {
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(url).await.expect("connect");
    let rows = sqlx::query(sql).fetch_all(&pool).await.expect("query");
    pool.close().await;
    rows.iter()
        .map(|r| (r.get::<String, _>(0), r.get::<i64, _>(1)))
        .collect()
}

async fn login(store: &Store, email: &str, role: Role, partner: Option<&str>) -> String {
    let id = support::browser::account(store, email, role, partner).await;
    let token = auth::new_token();
    store
        .open_staff_session(&auth::token_hash(&token), &id, "csrf", T0, None)
        .await
        .unwrap();
    token
}

async fn get(app: &Router, token: &str, uri: &str) -> (StatusCode, String) {
    let req = Request::get(uri)
        .header(header::COOKIE, format!("__Host-tremplin_staff={token}"))
        .body(Body::empty())
        .unwrap();
    let res = app.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let body = axum::body::to_bytes(res.into_body(), 1 << 24)
        .await
        .unwrap();
    (status, String::from_utf8(body.to_vec()).unwrap())
}

async fn page_of(app: &Router, token: &str, range: &str) -> String {
    get(app, token, &format!("/staff/stats?{range}")).await.1
}

/// The funnel's stages SQL counts by week: consented, booked, seen, no-show.
async fn sql_funnel(
    url: &str,
) -> (
    BTreeMap<String, i64>,
    BTreeMap<String, i64>,
    BTreeMap<String, i64>,
    BTreeMap<String, i64>,
) {
    (
        sql_weeks(
            url,
            "SELECT at FROM consents WHERE scope = 'store' AND granted = 1",
        )
        .await,
        sql_weeks(url, "SELECT created_at FROM bookings").await,
        sql_weeks(url, "SELECT starts_at FROM bookings WHERE status = 'seen'").await,
        sql_weeks(
            url,
            "SELECT starts_at FROM bookings WHERE status = 'no-show'",
        )
        .await,
    )
}

/// The CSV's lines, cells unquoted.
fn csv(body: &str) -> Vec<Vec<String>> {
    body.lines()
        .map(|l| {
            l.split("\",\"")
                .map(|c| c.trim_matches('"').to_string())
                .collect()
        })
        .collect()
}

#[tokio::test]
async fn the_figures_agree_with_sql_mask_small_numbers_and_follow_the_scope() {
    for (name, store, url) in support::stores_with_urls().await {
        let (host, clock) = support::host(store.clone());
        let host = Arc::new(host);
        let mut started = 0;
        for (script, copies) in SCRIPTS {
            let t = transcript(script);
            for copy in 0..copies {
                let key = ConvKey::new(Channel::Console, format!("{script}-{copy}"));
                replay(&host, &clock, &t, &key).await;
                started += 1;
            }
        }
        // Staff record outcomes: every third booking seen, the next no-show.
        let ids = sql_counts(&url, "SELECT id, 0 FROM bookings ORDER BY id").await;
        assert!(ids.len() >= 10, "{name}: {} bookings", ids.len());
        for (i, id) in ids.keys().enumerate() {
            let status = match i % 3 {
                0 => BookingStatus::Seen,
                1 => BookingStatus::NoShow,
                _ => continue,
            };
            store
                .set_booking_status(id, status, "staff", None, T0 + 30 * DAY)
                .await
                .unwrap();
        }
        let admin = login(
            &store,
            &format!("admin-{name}@example.org"),
            Role::Admin,
            None,
        )
        .await;
        let account = store
            .staff_by_email(&format!("admin-{name}@example.org"))
            .await
            .unwrap()
            .unwrap();
        let ask = StatsAsk {
            from_day: T0 / DAY - 1,
            to_day: T0 / DAY + 60,
            ..StatsAsk::default()
        };
        let report = host.desk(&account, T0).stats(&ask).await.expect("stats");
        assert!(!report.too_few);

        // The funnel, week by week, against SQL.
        let (consented, booked, seen, no_show) = sql_funnel(&url).await;
        let funnel = chart(&report.charts, "funnel");
        let mut totals = [0_i64; 6];
        for (label, cells) in &funnel.rows {
            let Label::Week(monday) = label else {
                panic!("{label:?}")
            };
            let w = ((monday + 3) / 7).to_string();
            let sql = |m: &BTreeMap<String, i64>| m.get(&w).copied().unwrap_or(0);
            assert_eq!(
                count(&cells[1]),
                sql(&consented),
                "{name}: consented, week {w}"
            );
            assert_eq!(count(&cells[3]), sql(&booked), "{name}: booked, week {w}");
            assert_eq!(count(&cells[4]), sql(&seen), "{name}: seen, week {w}");
            assert_eq!(count(&cells[5]), sql(&no_show), "{name}: no-show, week {w}");
            for (t, c) in totals.iter_mut().zip(cells) {
                *t += count(c);
            }
        }
        assert_eq!(
            totals[0], started,
            "{name}: every conversation started is counted"
        );
        assert!(
            totals[2] > 0 && totals[2] <= totals[1],
            "{name}: {totals:?}"
        );

        // Where people stop: the consented conversations stand where their sessions do.
        let at_step = sql_counts(&url, "SELECT step, COUNT(*) FROM sessions GROUP BY step").await;
        let steps: BTreeMap<String, i64> = chart(&report.charts, "steps")
            .rows
            .iter()
            .map(|(l, c)| match l {
                Label::Step(s) => (s.clone(), count(&c[0])),
                other => panic!("{other:?}"),
            })
            .collect();
        for (step, n) in &at_step {
            assert!(
                steps.get(step).copied().unwrap_or(0) >= *n,
                "{name}: step {step}: {steps:?} vs {at_step:?}"
            );
        }
        assert_eq!(
            steps.values().sum::<i64>(),
            started,
            "{name}: one last step per conversation"
        );

        // Appointments by partner and status, against SQL, through the CSV (masked).
        let by = sql_counts(
            &url,
            "SELECT partner || '|' || status, COUNT(*) FROM bookings GROUP BY partner, status",
        )
        .await;
        let staff_app = staff::router(Staff::new(
            host.clone(),
            StaffConfig {
                insecure_http: false,
                clock: Arc::new(ManualClock::new(T0)),
                public_url: None,
            },
        ));
        let range = format!("from={}&to={}", "2026-01-04", "2026-03-05");
        let (status, body) = get(
            &staff_app,
            &admin,
            &format!("/staff/stats.csv?chart=appointments&{range}"),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{name}: {body}");
        let lines = csv(&body);
        let catalog = support::catalog();
        let t = catalog.territory(None).unwrap();
        let statuses: Vec<&str> = BookingStatus::ALL.iter().map(|s| s.as_str()).collect();
        let mut partners_seen = 0;
        for line in &lines[1..] {
            let p = t
                .partners
                .iter()
                .find(|p| p.name == line[0])
                .expect("a partner's name");
            partners_seen += 1;
            for (i, s) in statuses.iter().enumerate() {
                let n = by.get(&format!("{}|{s}", p.id)).copied().unwrap_or(0);
                assert_eq!(line[i + 1], masked(n), "{name}: {} {s}", p.id);
            }
        }
        let partners: std::collections::BTreeSet<&str> =
            by.keys().map(|k| k.split('|').next().unwrap()).collect();
        assert_eq!(partners_seen, partners.len(), "{name}: {body}");

        // Small numbers: the two Arabic conversations read "< 5" in the page and in the CSV,
        // and a filter on Arabic alone draws nothing.
        let (status, page) = get(&staff_app, &admin, &format!("/staff/stats?{range}")).await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            page.contains("<svg") && page.contains("<caption>") && page.contains("scope=\"row\""),
            "{name}"
        );
        assert!(page.contains("&lt; 5"), "{name}: small numbers masked");
        std::fs::write(
            std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("stats-{name}.html")),
            &page,
        )
        .unwrap();
        assert!(
            !page.contains(" style="),
            "{name}: no style attribute under the CSP"
        );
        assert!(page.contains("</rect>"), "{name}: SVG elements closed");
        let (_, locales) = get(
            &staff_app,
            &admin,
            &format!("/staff/stats.csv?chart=locales&{range}"),
        )
        .await;
        let ar = csv(&locales)
            .into_iter()
            .find(|l| l[0] == "Arabe")
            .expect("an Arabic row");
        assert_eq!(ar[1], "< 5", "{name}: {locales}");
        let (status, page) = get(
            &staff_app,
            &admin,
            &format!("/staff/stats?{range}&locale=ar"),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            page.contains("Moins de 5 personnes correspondent") && !page.contains("<svg"),
            "{name}"
        );
        let (status, _) = get(
            &staff_app,
            &admin,
            &format!("/staff/stats.csv?chart=funnel&{range}&locale=ar"),
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        let (status, _) = get(
            &staff_app,
            &admin,
            &format!("/staff/stats.csv?chart=nope&{range}"),
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        let (status, _) = get(&staff_app, &admin, "/staff/stats?from=2026-13-01").await;
        assert_eq!(status, StatusCode::BAD_REQUEST);

        // An advisor sees their partner only: its appointments, and no conversation that
        // belongs to no partner yet.
        let (partner, mine) = partners
            .iter()
            .map(|p| {
                (
                    *p,
                    by.iter()
                        .filter(|(k, _)| k.starts_with(&format!("{p}|")))
                        .map(|(_, n)| *n)
                        .sum::<i64>(),
                )
            })
            .max_by_key(|(_, n)| *n)
            .unwrap();
        let advisor = login(
            &store,
            &format!("advisor-{name}@example.org"),
            Role::Advisor,
            Some(partner),
        )
        .await;
        let (status, body) = get(
            &staff_app,
            &advisor,
            &format!("/staff/stats.csv?chart=appointments&{range}"),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        let lines = csv(&body);
        assert_eq!(lines.len(), 2, "{name}: {body}");
        assert_eq!(lines[1][0], t.partner(partner).unwrap().name);
        let total: i64 = lines[1][1..]
            .iter()
            .filter_map(|c| c.parse::<i64>().ok())
            .sum();
        assert!(total <= mine, "{name}");
        let (_, body) = get(
            &staff_app,
            &advisor,
            &format!("/staff/stats.csv?chart=funnel&{range}"),
        )
        .await;
        // Before a booking the partner is not known: the first stages say so, not "0".
        let lines = csv(&body);
        assert!(
            lines[1..lines.len() - 1]
                .iter()
                .all(|l| l[1] == "—" && l[2] == "—" && l[3] == "—"),
            "{name}: {body}"
        );
        assert!(
            lines.last().unwrap()[0].starts_with("Avant la prise de rendez-vous"),
            "{name}: {body}"
        );
        let (_, page) = get(&staff_app, &advisor, &format!("/staff/stats?{range}")).await;
        assert!(
            page.contains("role=\"note\"")
                && page.contains("on ne sait pas encore vers quel partenaire"),
            "{name}: the note on the page"
        );
        // The same for an administrator who filters on a partner.
        let (_, page) = get(
            &staff_app,
            &admin,
            &format!("/staff/stats?{range}&partner={partner}"),
        )
        .await;
        assert!(
            page.contains("on ne sait pas encore vers quel partenaire"),
            "{name}: partner filter"
        );

        // Where people stop: each step is said with its question's words, its id beside.
        let (_, body) = get(
            &staff_app,
            &admin,
            &format!("/staff/stats.csv?chart=steps&{range}"),
        )
        .await;
        let dialogue = catalog.dialogue("diagnostic").unwrap();
        for line in &csv(&body)[1..] {
            let (words, id) = line[0]
                .rsplit_once(" [")
                .unwrap_or_else(|| panic!("{name}: {line:?}"));
            let id = id.trim_end_matches(']');
            assert!(dialogue.step(id).is_some(), "{name}: {id}");
            assert!(!words.is_empty() && words != id, "{name}: {line:?}");
        }
        assert!(
            page_of(&staff_app, &admin, &range)
                .await
                .contains("<small class=\"muted\">"),
            "{name}: the id under the question"
        );

        // Invitations: none sent, and the delays say so; once some are, the delay is drawn.
        let (_, page) = get(&staff_app, &admin, &format!("/staff/stats?{range}")).await;
        assert!(
            page.contains("Aucune invitation envoyée sur la période"),
            "{name}"
        );
        let base = Tally {
            territory: t.id.clone(),
            channel: "sms".into(),
            locale: "fr".into(),
            ..Tally::default()
        };
        let invited = T0 + 2 * DAY;
        let mut tallies = Vec::new();
        for k in 0..6 {
            tallies.push(Tally::invitation_sent(&base, invited));
            tallies.push(Tally::invitation_answered(
                &base,
                invited,
                invited + k * DAY,
            ));
        }
        store.add_tallies(&tallies).await.unwrap();
        let report = host.desk(&account, T0).stats(&ask).await.expect("stats");
        let delays = chart(&report.charts, "delays");
        assert!(delays.notes.is_empty(), "{name}: {:?}", delays.notes);
        assert_eq!(
            delays.rows.last().unwrap().1,
            vec![
                Cell::Value { value: 2, of: 6 },
                Cell::Value { value: 5, of: 6 },
                Cell::Count(6)
            ],
            "{name}"
        );

        // /metrics: the funnel as counters, with no other label than the stage.
        let figures = host.database_figures().await.unwrap();
        let text = tremplin::metrics::render(Some(&figures), 0);
        assert!(
            text.contains(&format!(
                "tremplin_funnel_total{{stage=\"started\"}} {started}"
            )),
            "{name}: {text}"
        );
        let seen_total: i64 = seen.values().sum();
        assert!(
            text.contains(&format!(
                "tremplin_funnel_total{{stage=\"seen\"}} {seen_total}"
            )),
            "{name}"
        );
    }
}

/// The consenting transcripts: what a back-fill can count again from what is stored.
const CONSENTING: [(&str, usize); 4] = [
    ("fr-emploi", 5),
    ("fr-global-rsa", 5),
    ("fr-social-urgent", 5),
    ("es-complete", 5),
];

#[tokio::test]
async fn what_was_stored_before_the_counts_is_counted_once_at_start() {
    for (name, store, url) in support::stores_with_urls().await {
        let (host, clock) = support::host(store.clone());
        let host = Arc::new(host);
        for (script, copies) in CONSENTING {
            let t = transcript(script);
            for copy in 0..copies {
                let key = ConvKey::new(Channel::Console, format!("old-{script}-{copy}"));
                replay(&host, &clock, &t, &key).await;
            }
        }
        let ids = sql_counts(&url, "SELECT id, 0 FROM bookings ORDER BY id").await;
        for (i, id) in ids.keys().enumerate() {
            let status = if i % 2 == 0 {
                BookingStatus::Seen
            } else {
                BookingStatus::NoShow
            };
            store
                .set_booking_status(id, status, "staff", None, T0 + 30 * DAY)
                .await
                .unwrap();
        }
        login(
            &store,
            &format!("admin-{name}@example.org"),
            Role::Admin,
            None,
        )
        .await;
        let account = store
            .staff_by_email(&format!("admin-{name}@example.org"))
            .await
            .unwrap()
            .unwrap();
        let ask = StatsAsk {
            from_day: local_day(T0) - 1,
            to_day: local_day(T0) + 60,
            ..StatsAsk::default()
        };
        let counted = host.desk(&account, T0).stats(&ask).await.expect("stats");
        // The database was empty when migrated: nothing was left to back-fill.
        assert!(host.backfill_counts().await.unwrap().is_none(), "{name}");

        // The database as a version without counts left it: no counts, bookings without what
        // they are split by.
        sqlx::any::install_default_drivers();
        let pool = sqlx::AnyPool::connect(&url).await.expect("connect");
        for sql in [
            "DELETE FROM stats_counts",
            "DELETE FROM stats_backfill",
            "UPDATE bookings SET channel = NULL, locale = NULL, first_contact_at = NULL, reminded = 0",
        ] {
            sqlx::query(sql).execute(&pool).await.expect(sql);
        }
        pool.close().await;
        let empty = host.desk(&account, T0).stats(&ask).await.expect("stats");
        assert!(
            chart(&empty.charts, "funnel")
                .rows
                .iter()
                .all(|(_, c)| c.iter().all(|c| count(c) == 0)),
            "{name}: nothing counted before the back-fill"
        );

        // Two instances start at once: one counts, the other finds it done; a restart too.
        let (a, b) = tokio::join!(host.backfill_counts(), host.backfill_counts());
        let (a, b) = (a.expect("back-fill"), b.expect("back-fill"));
        assert!(a.is_some() != b.is_some(), "{name}: {a:?} {b:?}");
        let done = a.or(b).unwrap();
        assert_eq!(
            done.conversations,
            sql_counts(&url, "SELECT 'n', COUNT(*) FROM people").await["n"],
            "{name}"
        );
        assert_eq!(done.bookings, i64::try_from(ids.len()).unwrap(), "{name}");
        assert!(host.backfill_counts().await.unwrap().is_none(), "{name}");

        let report = host.desk(&account, T0).stats(&ask).await.expect("stats");
        // The figures agree with SQL...
        let (consented, booked, seen, no_show) = sql_funnel(&url).await;
        let people = sql_counts(&url, "SELECT 'n', COUNT(*) FROM people").await["n"];
        let funnel = chart(&report.charts, "funnel");
        let mut started = 0;
        for (label, cells) in &funnel.rows {
            let Label::Week(monday) = label else {
                panic!("{label:?}")
            };
            let w = ((monday + 3) / 7).to_string();
            let sql = |m: &BTreeMap<String, i64>| m.get(&w).copied().unwrap_or(0);
            started += count(&cells[0]);
            assert_eq!(count(&cells[1]), sql(&consented), "{name}: consented {w}");
            assert_eq!(count(&cells[3]), sql(&booked), "{name}: booked {w}");
            assert_eq!(count(&cells[4]), sql(&seen), "{name}: seen {w}");
            assert_eq!(count(&cells[5]), sql(&no_show), "{name}: no-show {w}");
        }
        assert_eq!(started, people, "{name}: one start per stored conversation");
        let steps: i64 = chart(&report.charts, "steps")
            .rows
            .iter()
            .map(|(_, c)| count(&c[0]))
            .sum();
        assert_eq!(steps, people, "{name}: one last step per conversation");
        // ...and with what was counted as it happened.
        for id in [
            "funnel",
            "steps",
            "channels",
            "locales",
            "duration",
            "parcours",
            "leads",
            "urgent",
            "delays",
            "received",
            "appointments",
        ] {
            assert_eq!(
                chart(&report.charts, id),
                chart(&counted.charts, id),
                "{name}: {id}"
            );
        }
    }
}
