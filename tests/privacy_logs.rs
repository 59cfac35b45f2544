//! No personal data in logs or metrics: whole conversations (SMS through the webhook, a chat
//! conversation, a Telegram chat id) run with every log line captured at the finest level, and
//! outbound messages fail on purpose; no answer, phone number or chat id may appear.
//!
//! One test in this file: it installs the process-wide log subscriber.

mod support;

use std::sync::Arc;

use axum::body::Body;
use axum::http::Request;
use tower::ServiceExt;
use tremplin::app::Inbound;
use tremplin::core::{Channel, ConvKey};
use tremplin::engine::Input;
use tremplin::i18n::render::Surface;
use tremplin::notify::{OutboxWorker, SendError, SendFuture, Sender};
use tremplin::web::{AppState, app};

const MARKER: &str = "ZORGLUB-7781 dettes de loyer";

/// A provider that is always down: the worker logs its failures.
struct Down;

impl Sender for Down {
    fn send<'a>(&'a self, _address: &'a str, _text: &'a str) -> SendFuture<'a> {
        Box::pin(async { Err(SendError::Retry("provider answered 503".into())) })
    }
}

async fn sms(state: &AppState, from: &str, sid: &str, body: &str) -> String {
    let req = support::twilio::signed(&[("From", from), ("Body", body), ("MessageSid", sid)]);
    let resp = app(state.clone()).oneshot(req).await.unwrap();
    let bytes = axum::body::to_bytes(resp.into_body(), 1 << 20)
        .await
        .unwrap();
    String::from_utf8_lossy(&bytes).to_string()
}

#[tokio::test]
async fn no_answer_address_or_chat_id_reaches_the_logs_or_the_metrics() {
    let logs = support::logs::Captured::default();
    logs.install_global();

    for (name, store) in support::stores().await {
        let (host, clock) = support::host(store);
        let host = Arc::new(host);
        let state = AppState {
            host: host.clone(),
            sms: Some(support::twilio::config()),
            telegram: None,
        };
        // A whole diagnostic to a booking by SMS, with a free-text answer.
        let from = "06 12 34 56 78";
        let answers = [
            "Bonjour", "1", "oui", "oui", "oui", "34", "37000", "3", "2", "5", "1", "2", "3", "3",
            "2", "1", "4", "9", "2", "1", "1", "5", MARKER, "oui", "", "1",
        ];
        let mut last = String::new();
        for (i, a) in answers.iter().enumerate() {
            last = sms(&state, from, &format!("SMlog{i}"), a).await;
        }
        assert!(
            last.contains("serv") || last.contains("<Message>"),
            "{name}"
        );
        // Wrong-type, huge and replayed messages, STOP and START.
        sms(&state, from, "SMlog0", "Bonjour").await;
        sms(&state, from, "SMlogx", &"é".repeat(3000)).await;
        sms(&state, from, "SMlogs", "STOP").await;
        sms(&state, from, "SMlogt", "START").await;
        // A Telegram chat and a terminal conversation through the host.
        for key in [
            ConvKey::new(Channel::Telegram, "987654321"),
            ConvKey::new(Channel::Console, "ZORGLUB-console-name"),
        ] {
            for (i, a) in ["yes", "yes", "yes", "41", MARKER].iter().enumerate() {
                host.handle(
                    Inbound {
                        key: key.clone(),
                        input: Input::Text((*a).to_string()),
                        external_id: Some(format!("u{i}")),
                        language_hint: Some("en".into()),
                        language_guess: None,
                    },
                    Surface::Buttons,
                )
                .await
                .unwrap();
            }
        }
        // Outbound messages that fail: the worker logs why, not to whom.
        clock.advance(30 * 86_400);
        let worker = OutboxWorker::new(host.clone()).with_sender("sms", Arc::new(Down));
        let _ = worker
            .run_once(tremplin::transcript::T0 + 30 * 86_400)
            .await;
        // The metrics page.
        let resp = app(state.clone())
            .oneshot(Request::get("/metrics").body(Body::empty()).unwrap())
            .await
            .unwrap();
        let metrics = axum::body::to_bytes(resp.into_body(), 1 << 20)
            .await
            .unwrap();
        let metrics = String::from_utf8_lossy(&metrics).to_string();
        for secret in ["612345678", "12 34 56 78", "ZORGLUB", "987654321", "dettes"] {
            assert!(!metrics.contains(secret), "{name}: metrics show {secret}");
        }
    }
    let text = logs.text();
    assert!(
        text.lines().count() > 10,
        "the logs were captured: {} lines",
        text.lines().count()
    );
    for secret in [
        "612345678",
        "12 34 56 78",
        "ZORGLUB",
        "987654321",
        "dettes de loyer",
    ] {
        let hit = text.lines().find(|l| l.contains(secret));
        assert!(hit.is_none(), "a log line shows {secret}: {hit:?}");
    }
}
