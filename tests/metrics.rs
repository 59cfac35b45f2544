//! `/metrics`, `/healthz` and `/readyz` over HTTP on both databases: the Prometheus text
//! format, turns counted by channel, a cumulative latency histogram, bookings by status, the
//! outbox backlog, and nothing that names a person.

mod support;

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use tower::ServiceExt;
use tremplin::core::{Channel, ConvKey};
use tremplin::web::{AppState, app};

async fn get(state: &AppState, path: &str) -> (StatusCode, String, String) {
    let resp = app(state.clone())
        .oneshot(Request::get(path).body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = resp.status();
    let content_type = resp
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let bytes = axum::body::to_bytes(resp.into_body(), 1 << 20)
        .await
        .unwrap();
    (
        status,
        content_type,
        String::from_utf8_lossy(&bytes).to_string(),
    )
}

/// Sample lines by name and labels.
fn samples(text: &str) -> BTreeMap<String, f64> {
    let mut out = BTreeMap::new();
    for line in text.lines() {
        if line.starts_with('#') || line.is_empty() {
            continue;
        }
        let (series, value) = line.rsplit_once(' ').expect("name value");
        out.insert(series.to_string(), value.parse::<f64>().expect("a number"));
    }
    out
}

/// The whole exposition is well formed: HELP and TYPE before each family, known types,
/// label names and values from closed sets.
fn check_format(text: &str) {
    let mut typed = std::collections::HashSet::new();
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("# TYPE ") {
            let (name, kind) = rest.split_once(' ').unwrap();
            assert!(["counter", "gauge", "histogram"].contains(&kind), "{line}");
            typed.insert(name.to_string());
            continue;
        }
        if line.starts_with("# HELP ") {
            continue;
        }
        let (series, value) = line.rsplit_once(' ').expect("name value");
        assert!(value.parse::<f64>().is_ok(), "{line}");
        let name = series.split('{').next().unwrap();
        assert!(
            name.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
            "{line}"
        );
        let family = ["_bucket", "_sum", "_count"]
            .iter()
            .find_map(|s| name.strip_suffix(s).filter(|f| typed.contains(*f)))
            .unwrap_or(name);
        assert!(typed.contains(family), "no TYPE before {line}");
        if let Some(labels) = series.split_once('{').map(|(_, l)| l.trim_end_matches('}')) {
            for pair in labels.split(',') {
                let (k, v) = pair.split_once('=').unwrap();
                assert!(
                    ["channel", "le", "kind", "status", "dependency", "stage"].contains(&k),
                    "{line}"
                );
                let v = v.trim_matches('"');
                assert!(
                    v.len() <= 16
                        && v.chars()
                            .all(|c| c.is_ascii_alphanumeric() || "._+".contains(c)),
                    "label value {v} in {line}"
                );
            }
        }
    }
}

#[tokio::test]
async fn metrics_count_turns_and_read_the_database_without_personal_data() {
    let emploi = tremplin::transcript::Transcript::parse(
        &std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/transcripts/diagnostic/fr-emploi.txt"),
        )
        .unwrap(),
    )
    .unwrap();
    for (name, store) in support::stores().await {
        let (host, _) = support::host(store.clone());
        let state = AppState {
            host: Arc::new(host),
            sms: None,
            telegram: None,
        };
        let (status, content_type, before) = get(&state, "/metrics").await;
        assert_eq!(status, StatusCode::OK, "{name}");
        assert!(
            content_type.starts_with("text/plain; version=0.0.4"),
            "{name}: {content_type}"
        );
        check_format(&before);
        let before = samples(&before);

        // A whole diagnostic to a booking, on the console channel.
        let key = ConvKey::new(Channel::Console, "Camille Martin 0612345678");
        support::say(&state.host, &key, None, None).await;
        // The transcript's device announces French; this conversation announces no language,
        // so French is chosen first.
        support::say(&state.host, &key, Some("1"), None).await;
        let mut turns = 2.0;
        for input in &emploi.inputs {
            support::say(&state.host, &key, Some(input), None).await;
            turns += 1.0;
        }
        let person = store.find_person(&key).await.unwrap().expect("consented");
        let booking = store
            .active_booking(&person.id, tremplin::transcript::T0)
            .await
            .unwrap()
            .expect("booked");

        let (_, _, text) = get(&state, "/metrics").await;
        check_format(&text);
        for secret in [
            "Camille",
            "0612345678",
            booking.reference.as_str(),
            person.id.as_str(),
            "37000",
        ] {
            assert!(!text.contains(secret), "{name}: {secret} in the metrics");
        }
        let after = samples(&text);
        let console = |m: &str| {
            after[&format!("{m}{{channel=\"console\"}}")]
                - before
                    .get(&format!("{m}{{channel=\"console\"}}"))
                    .copied()
                    .unwrap_or(0.0)
        };
        // Tests in this file run at once: at least this conversation's turns.
        assert!(console("tremplin_turns_total") >= turns, "{name}");
        assert!(console("tremplin_turn_duration_seconds_count") >= turns);
        let mut last = 0.0;
        for (series, n) in &after {
            if series.starts_with("tremplin_turn_duration_seconds_bucket{channel=\"console\"") {
                // BTreeMap order is by label text; check each bucket against +Inf instead.
                last = f64::max(last, *n);
            }
        }
        assert_eq!(
            last, after["tremplin_turn_duration_seconds_bucket{channel=\"console\",le=\"+Inf\"}"],
            "{name}: +Inf holds every turn"
        );
        assert_eq!(
            after["tremplin_turn_duration_seconds_bucket{channel=\"console\",le=\"+Inf\"}"],
            after["tremplin_turn_duration_seconds_count{channel=\"console\"}"]
        );
        assert_eq!(
            after["tremplin_bookings{status=\"pending\"}"], 1.0,
            "{name}"
        );
        assert_eq!(after["tremplin_database_up"], 1.0, "{name}");
        assert!(after.contains_key("tremplin_outbox_backlog"), "{name}");
        assert!(
            after.contains_key("tremplin_outbox_oldest_seconds"),
            "{name}"
        );
        assert!(after.contains_key("tremplin_errors_total{kind=\"turn\"}"));

        // Alive and ready; not ready once the database is gone, and said so in the metrics.
        assert_eq!(get(&state, "/healthz").await.0, StatusCode::OK);
        assert_eq!(get(&state, "/readyz").await.0, StatusCode::OK, "{name}");
        store.close().await;
        assert_eq!(get(&state, "/healthz").await.0, StatusCode::OK);
        let (status, _, body) = get(&state, "/readyz").await;
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{name}: {body}");
        let (status, _, text) = get(&state, "/metrics").await;
        assert_eq!(status, StatusCode::OK);
        check_format(&text);
        assert!(text.contains("tremplin_database_up 0"), "{name}");
    }
}

#[tokio::test]
async fn the_latency_histogram_is_cumulative() {
    use std::time::Duration;
    use tremplin::metrics::{TurnOutcome, record_turn};
    record_turn(
        Channel::Telegram,
        Duration::from_micros(500),
        TurnOutcome::Answered,
    );
    record_turn(
        Channel::Telegram,
        Duration::from_millis(40),
        TurnOutcome::Duplicate,
    );
    record_turn(
        Channel::Telegram,
        Duration::from_secs(30),
        TurnOutcome::Failed,
    );
    let text = tremplin::metrics::render(None, 0);
    check_format(&text);
    let s = samples(&text);
    let bucket = |le: &str| {
        s[&format!("tremplin_turn_duration_seconds_bucket{{channel=\"telegram\",le=\"{le}\"}}")]
    };
    let bounds: Vec<String> = tremplin::metrics::LATENCY_BUCKETS
        .iter()
        .map(f64::to_string)
        .chain(std::iter::once("+Inf".to_string()))
        .collect();
    for pair in bounds.windows(2) {
        assert!(bucket(&pair[0]) <= bucket(&pair[1]), "{pair:?}");
    }
    assert!(bucket("0.001") >= 1.0);
    assert!(bucket("0.05") >= 2.0);
    assert!(bucket("+Inf") >= 3.0);
    assert!(bucket("5") < bucket("+Inf"));
    assert!(s["tremplin_turn_duplicates_total{channel=\"telegram\"}"] >= 1.0);
    assert!(s["tremplin_turn_failures_total{channel=\"telegram\"}"] >= 1.0);
    assert!(s["tremplin_errors_total{kind=\"turn\"}"] >= 1.0);
    assert!(text.contains("tremplin_database_up 0"));
}
