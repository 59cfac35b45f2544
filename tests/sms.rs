//! The SMS/WhatsApp webhook over HTTP: signatures (missing, wrong, tampered), a whole
//! diagnostic to a booking in TwiML, a replayed MessageSid, STOP then START, media-only and
//! oversized messages, WhatsApp, and nothing stored when a request is refused.

mod support;

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use support::twilio::{self, TOKEN};
use tower::ServiceExt;
use tremplin::channels::sms::{Encoding, Gsm7, segments};
use tremplin::web::sms::{SmsConfig, config_from};
use tremplin::web::{AppState, app};

const BASE: &str = twilio::PUBLIC;

/// Posts these fields to the webhook, signed with `sign` (the test token by default; no
/// signature at all for `Some("")`); the status and the body of the answer.
async fn post(
    state: &AppState,
    pairs: &[(&str, &str)],
    sign: Option<&str>,
) -> (StatusCode, String) {
    let body = twilio::form(pairs);
    let sig = twilio::sign_with(sign.unwrap_or(TOKEN), body.as_bytes());
    let req = twilio::request(body, (sign != Some("")).then_some(sig.as_str()));
    let resp = app(state.clone()).oneshot(req).await.unwrap();
    let status = resp.status();
    let bytes = axum::body::to_bytes(resp.into_body(), 1 << 20)
        .await
        .unwrap();
    (status, String::from_utf8_lossy(&bytes).to_string())
}

async fn state() -> Vec<(&'static str, AppState)> {
    states(twilio::config)
        .await
        .into_iter()
        .map(|(name, state, _)| (name, state))
        .collect()
}

/// The webhook on each database, each with its own SMS settings (and bursts) from `sms`, and
/// the host's clock (it moves only when told).
async fn states(
    sms: impl Fn() -> Arc<SmsConfig>,
) -> Vec<(&'static str, AppState, Arc<tremplin::core::ManualClock>)> {
    let mut out = Vec::new();
    for (name, store) in support::stores().await {
        let (host, clock) = support::host(store);
        let state = AppState {
            host: Arc::new(host),
            sms: Some(sms()),
            telegram: None,
        };
        out.push((name, state, clock));
    }
    out
}

fn msg(from: &str, sid: &str, body: &str) -> Vec<(&'static str, String)> {
    vec![
        ("From", from.into()),
        ("To", "+33700000000".into()),
        ("Body", body.into()),
        ("MessageSid", sid.into()),
        ("NumMedia", "0".into()),
    ]
}

async fn send(state: &AppState, from: &str, sid: &str, body: &str) -> String {
    let m = msg(from, sid, body);
    let pairs: Vec<(&str, &str)> = m.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (status, text) = post(state, &pairs, None).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    assert!(text.starts_with("<?xml"), "{text}");
    text
}

#[tokio::test]
async fn refused_requests_store_nothing() {
    for (name, s) in state().await {
        let m = msg("+33611111111", "SM1", "1");
        let pairs: Vec<(&str, &str)> = m.iter().map(|(k, v)| (*k, v.as_str())).collect();
        assert_eq!(
            post(&s, &pairs, Some("")).await.0,
            StatusCode::FORBIDDEN,
            "{name}: missing signature"
        );
        assert_eq!(
            post(&s, &pairs, Some("wrong-token")).await.0,
            StatusCode::FORBIDDEN,
            "{name}: wrong token"
        );
        // Tampered: signed for one body, another sent.
        let body = twilio::form(&[
            ("From", "+33611111111"),
            ("Body", "2"),
            ("MessageSid", "SM1"),
        ]);
        let sig = twilio::sign(
            twilio::form(&[
                ("From", "+33611111111"),
                ("Body", "1"),
                ("MessageSid", "SM1"),
            ])
            .as_bytes(),
        );
        let req = twilio::request(body, Some(&sig));
        assert_eq!(
            app(s.clone()).oneshot(req).await.unwrap().status(),
            StatusCode::FORBIDDEN,
            "{name}: tampered"
        );
        let req = Request::post("/sms/twilio")
            .header("content-type", "application/json")
            .body(Body::from("{}"))
            .unwrap();
        assert_eq!(
            app(s.clone()).oneshot(req).await.unwrap().status(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "{name}"
        );
        assert_eq!(
            s.host.store().counts().await.unwrap(),
            Default::default(),
            "{name}"
        );
        assert_eq!(s.host.unconsented(), 0, "{name}: not even in memory");
    }
}

#[tokio::test]
async fn a_whole_diagnostic_to_a_booking_by_sms() {
    for (name, s) in state().await {
        let from = "06 12 34 56 78";
        let first = send(&s, from, "SM0", "Bonjour").await;
        assert!(first.contains("Votre langue ?"), "{name}: {first}");
        let answers = [
            "1", "oui", "oui", "oui", "34", "37000", "3", "2", "5", "1", "2", "3", "3", "2", "1",
            "4", "9", "2", "1", "1", "5", "passer", "oui",
        ];
        for (i, a) in answers.iter().enumerate() {
            send(&s, from, &format!("SM{}", i + 1), a).await;
        }
        let offers = send(&s, from, "SM90", "").await;
        assert!(offers.contains("Répondez"), "{name}: {offers}");
        let booked = send(&s, from, "SM91", "1").await;
        assert!(booked.contains("Réservé : "), "{name}: {booked}");
        // A replayed MessageSid gets the same reply and changes nothing.
        let before = s.host.store().counts().await.unwrap();
        assert_eq!(send(&s, from, "SM91", "1").await, booked, "{name}");
        assert_eq!(s.host.store().counts().await.unwrap(), before, "{name}");
        let person = s
            .host
            .store()
            .find_person(&tremplin::core::ConvKey::new(
                tremplin::core::Channel::Sms,
                "+33612345678",
            ))
            .await
            .unwrap();
        assert!(person.is_some(), "{name}: the number is stored in E.164");
    }
}

#[tokio::test]
async fn stop_then_start_and_odd_messages() {
    for (name, s) in state().await {
        let from = "+33698765432";
        send(&s, from, "A1", "Bonjour").await;
        let stop = send(&s, from, "A2", "STOP").await;
        assert!(stop.contains("START"), "{name}: {stop}");
        assert!(
            send(&s, from, "A3", "1")
                .await
                .ends_with("<Response></Response>"),
            "{name}: nothing after STOP"
        );
        assert!(
            send(&s, from, "A4", "ARRÊT")
                .await
                .ends_with("<Response></Response>"),
            "{name}: one confirmation only"
        );
        let start = send(&s, from, "A5", "start").await;
        assert!(
            start.contains("Votre langue ?") || start.contains("Bon retour"),
            "{name}: {start}"
        );
        // Media only.
        let pairs = [
            ("From", from),
            ("Body", ""),
            ("MessageSid", "A6"),
            ("NumMedia", "1"),
        ];
        let (_, media) = post(&s, &pairs, None).await;
        assert!(media.contains("texte"), "{name}: {media}");
        // A huge body is cut, with a kind note.
        let long = "x".repeat(2_000);
        let reply = send(&s, from, "A7", &long).await;
        assert!(reply.contains("trop long"), "{name}: {reply}");
        // WhatsApp: the same flow on a whatsapp: address.
        let wa = send(&s, "whatsapp:+33611223344", "W1", "Hello").await;
        assert!(wa.contains("Votre langue ?"), "{name}: {wa}");
        let en = send(&s, "whatsapp:+33611223344", "W2", "English").await;
        assert!(en.contains("May I keep your answers?"), "{name}: {en}");
        // Arabic is counted as UCS-2.
        let ar = send(&s, "+33655555555", "R1", "مرحبا").await;
        let ar2 = send(&s, "+33655555555", "R2", "العربية").await;
        assert!(!ar.is_empty() && ar2.contains("<Message>"), "{name}");
    }
    assert_eq!(segments("مرحبا").0, Encoding::Ucs2);
}

/// The locales whose wording is still being shortened to the budget; `tremplin check` names
/// their long questions. Every other locale is held to its budget here.
const STILL_OVER_BUDGET: &[&str] = &[];

#[test]
fn every_question_fits_its_locale_s_sms_budget() {
    use tremplin::channels::sms::budget::{
        booking_over_budget, over_budget, question_budget, report,
    };
    let catalog = support::catalog();
    assert_eq!(
        ["fr", "en", "es", "ar"].map(question_budget),
        [2, 2, 3, 3],
        "two segments in French and English, three in the others"
    );
    for locale in catalog.locales.tags() {
        let over = over_budget(&catalog, locale, Gsm7::Auto);
        if STILL_OVER_BUDGET.contains(&locale.as_str()) {
            continue;
        }
        assert!(over.is_empty(), "{locale}: {over:#?}");
        // The slots offered are a question too, and the confirmation fits in three segments.
        let booking = booking_over_budget(&catalog, None, locale, Gsm7::Auto);
        assert!(booking.is_empty(), "{locale}: {booking:#?}");
    }
    // A typical whole diagnostic reaches a booking in every locale, and costs what it says.
    for cost in report(&catalog, None, Gsm7::Auto) {
        let d = &cost.diagnostic;
        assert!(d.booked, "{}: {d:?}", cost.locale);
        assert!(
            d.bodies > 20 && d.segments >= d.bodies && d.longest <= d.segments,
            "{}: {d:?}",
            cost.locale
        );
        assert_eq!(cost.questions, 44, "{}", cost.locale);
        if std::env::var_os("SHOW_SMS").is_some() {
            println!("{}:\n{}", cost.locale, d.sent.join("\n---\n"));
        }
    }
}

#[test]
fn accents_are_replaced_only_where_it_saves_a_segment() {
    // Accents are kept when they cost nothing, replaced when they save a segment.
    assert_eq!(Gsm7::Auto.apply("Êtes-vous prêt ?"), "Êtes-vous prêt ?");
    let long = "Êtes-vous prêt ? ".repeat(6);
    assert_eq!(segments(&long), (Encoding::Ucs2, 2));
    assert_eq!(segments(&Gsm7::Auto.apply(&long)), (Encoding::Gsm7, 1));
    assert_eq!(Gsm7::Never.apply(&long), long);
    assert_eq!(Gsm7::Always.apply("ô œuvre…"), "o oeuvre...");
    // Spanish, Portuguese and Turkish letters outside GSM-7 have a GSM-7 form; those GSM-7
    // has are kept.
    assert_eq!(
        Gsm7::Always.apply("¿Sí? Información, número, útil, ñandú"),
        "¿Si? Informacion, numero, util, ñandu"
    );
    assert_eq!(
        Gsm7::Always.apply("Não, você já marcou a reunião à tarde? Ação."),
        "Nao, voce ja marcou a reuniao à tarde? Acao."
    );
    assert_eq!(
        Gsm7::Always.apply("Şu an işiniz var mı? Değil. İzmir, Ölçü, güç"),
        "Su an isiniz var mi? Degil. Izmir, Ölcü, güc"
    );
    let spanish = "¿Tiene un número de teléfono? Sí, información útil. ".repeat(3);
    assert_eq!(segments(&spanish).0, Encoding::Ucs2);
    assert_eq!(
        segments(&Gsm7::Auto.apply(&spanish)),
        (Encoding::Gsm7, 1),
        "{spanish}"
    );
    // A text that stays UCS-2 for another character (Cyrillic, an emoji) goes as written,
    // even where replacing its accents would shorten nothing.
    let mixed = format!("{spanish} Русский");
    assert_eq!(Gsm7::Auto.apply(&mixed), mixed);
    let emoji = format!("{} 🙂", "¿Sí? ".repeat(40));
    assert_eq!(Gsm7::Auto.apply(&emoji), emoji);
    assert_eq!(Gsm7::parse("1"), Ok(Gsm7::Always));
    assert_eq!(Gsm7::parse("never"), Ok(Gsm7::Never));
    assert!(Gsm7::parse("maybe").is_err());
}

/// The webhook on each database with bursts of 1.5 s, and the host's clock: messages in the
/// same second are a burst.
async fn burst_states() -> Vec<(&'static str, AppState, Arc<tremplin::core::ManualClock>)> {
    states(|| config_from(Some(TOKEN), Some(BASE), Gsm7::Auto).unwrap()).await
}

/// Greets and consents (three consents), each message ten seconds after the one before;
/// the next question is the age.
async fn to_the_age(state: &AppState, clock: &tremplin::core::ManualClock, from: &str, sids: &str) {
    for (i, a) in ["Bonjour", "1", "oui", "oui", "oui"].iter().enumerate() {
        clock.advance(10);
        send(state, from, &format!("{sids}{i}"), a).await;
    }
}

/// The stored answers of a number, by step.
async fn stored_answers(state: &AppState, from: &str) -> Vec<(String, String)> {
    let key = tremplin::core::ConvKey::new(tremplin::core::Channel::Sms, from);
    let id = support::person_id(&state.host, &key).await;
    state
        .host
        .store()
        .answers_of(&id)
        .await
        .unwrap()
        .into_iter()
        .map(|a| (a.step, a.value))
        .collect()
}

fn answered(twiml: &str) -> bool {
    twiml.contains("<Message>")
}

#[tokio::test]
async fn every_message_of_a_burst_is_kept_in_order_and_its_last_answered() {
    for (name, state, clock) in burst_states().await {
        let from = "+33612121212";
        to_the_age(&state, &clock, from, "B").await;
        clock.advance(10);
        // Age, commune and RSA, 100 ms apart: the first is answered at once, the second's
        // reply is held back, the third answers the burst.
        let s1 = state.clone();
        let first = tokio::spawn(async move { send(&s1, from, "B10", "34").await });
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        let s2 = state.clone();
        let second = tokio::spawn(async move { send(&s2, from, "B11", "37000").await });
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        let started = std::time::Instant::now();
        let third = send(&state, from, "B12", "3").await;
        let (first, second) = (first.await.unwrap(), second.await.unwrap());
        assert!(answered(&first), "{name}: {first}");
        assert!(
            second.ends_with("<Response></Response>"),
            "{name}: held back: {second}"
        );
        assert!(
            answered(&third) && third.contains("France Travail"),
            "{name}: the last message is answered with the question after it: {third}"
        );
        assert!(
            started.elapsed() >= std::time::Duration::from_millis(1_500),
            "{name}: the burst's reply waited for the burst to end"
        );
        let answers = stored_answers(&state, from).await;
        let value = |step: &str| {
            answers
                .iter()
                .find(|(s, _)| s == step)
                .map(|(_, v)| v.clone())
                .unwrap_or_else(|| panic!("{name}: no {step} in {answers:?}"))
        };
        assert!(value("age").contains("34"), "{name}");
        assert!(value("place").contains("37000"), "{name}");
        assert!(value("rsa").contains("no"), "{name}");
        // Sent one by one, each is answered.
        clock.advance(10);
        assert!(answered(&send(&state, from, "B13", "2").await), "{name}");
        clock.advance(10);
        assert!(answered(&send(&state, from, "B14", "5").await), "{name}");
    }
}

#[tokio::test]
async fn a_redelivery_inside_a_burst_gets_the_same_reply() {
    for (name, state, clock) in burst_states().await {
        let from = "+33613131313";
        to_the_age(&state, &clock, from, "R").await;
        clock.advance(10);
        let first = send(&state, from, "R10", "34").await;
        assert!(answered(&first), "{name}: {first}");
        // The same message again, in the same second: the same reply, nothing moves.
        let started = std::time::Instant::now();
        let again = send(&state, from, "R10", "34").await;
        assert_eq!(again, first, "{name}");
        assert!(
            started.elapsed() < std::time::Duration::from_millis(1_000),
            "{name}: a redelivery does not wait for a burst"
        );
        let session = state
            .host
            .session_of(&tremplin::core::ConvKey::new(
                tremplin::core::Channel::Sms,
                from,
            ))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(session.step, "place", "{name}: answered once");
        // A message of a burst, held back, then delivered again: its own reply.
        let s1 = state.clone();
        let held = tokio::spawn(async move { send(&s1, from, "R11", "37000").await });
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        let last = send(&state, from, "R12", "3").await;
        assert!(
            held.await.unwrap().ends_with("<Response></Response>"),
            "{name}"
        );
        assert!(answered(&last), "{name}");
        let again = send(&state, from, "R11", "37000").await;
        assert!(
            answered(&again) && again.contains("RSA"),
            "{name}: the reply it got when it was taken: {again}"
        );
        assert_eq!(stored_answers(&state, from).await.len(), 7, "{name}");
    }
}

#[tokio::test]
async fn the_same_message_id_from_two_numbers_is_two_messages() {
    for (name, s) in state().await {
        let (a, b) = ("+33614141414", "+33615151515");
        // Every message id is the same for both numbers, before and after consent.
        for (i, text) in ["Bonjour", "1", "oui", "oui", "oui", "34"]
            .iter()
            .enumerate()
        {
            let sid = format!("SMSAME{i}");
            let ra = send(&s, a, &sid, text).await;
            let rb = send(&s, b, &sid, text).await;
            assert!(answered(&ra) && answered(&rb), "{name}: {i}");
            assert_eq!(ra, rb, "{name}: both taken, each from its start");
        }
        for from in [a, b] {
            let answers = stored_answers(&s, from).await;
            assert!(
                answers
                    .iter()
                    .any(|(step, v)| step == "age" && v.contains("34")),
                "{name}: {from}: {answers:?}"
            );
        }
        // A redelivery from one number is still a redelivery.
        let again = send(&s, a, "SMSAME5", "34").await;
        assert!(answered(&again), "{name}");
        assert_eq!(stored_answers(&s, a).await.len(), 5, "{name}");
    }
}

/// The answers of the SMS diagnostic up to the formats of the appointment.
const TO_THE_FORMATS: &[&str] = &[
    "1", "oui", "oui", "oui", "34", "37000", "3", "2", "5", "1", "2", "3", "3", "2", "1", "4", "9",
    "2",
];

#[tokio::test]
async fn the_number_that_writes_is_offered_first_for_an_appointment_by_phone() {
    for (name, s) in state().await {
        let from = "+33612345678";
        send(&s, from, "P0", "Bonjour").await;
        for (i, a) in TO_THE_FORMATS.iter().enumerate() {
            send(&s, from, &format!("P{}", i + 1), a).await;
        }
        // Only by phone: the number that writes is the first choice.
        let asked = send(&s, from, "P50", "2").await;
        assert!(asked.contains("quel numéro"), "{name}: {asked}");
        assert!(
            asked.contains("1. Ce numéro (celui qui m"),
            "{name}: {asked}"
        );
        let next = send(&s, from, "P51", "1").await;
        assert!(next.contains("vous disponible"), "{name}: {next}");
        let phone = stored_answers(&s, from)
            .await
            .into_iter()
            .find(|(step, _)| step == "phone")
            .expect("the number is an answer");
        assert!(phone.1.contains("+33612345678"), "{name}: {phone:?}");

        // On WhatsApp too, and by a word.
        let wa = "whatsapp:+33622222222";
        send(&s, wa, "W0", "Bonjour").await;
        for (i, a) in TO_THE_FORMATS.iter().enumerate() {
            send(&s, wa, &format!("W{}", i + 1), a).await;
        }
        let asked = send(&s, wa, "W50", "2").await;
        assert!(asked.contains("1. Ce numéro"), "{name}: {asked}");
        let next = send(&s, wa, "W51", "ce numero").await;
        assert!(next.contains("vous disponible"), "{name}: {next}");
    }
}

#[test]
fn the_channel_stays_off_without_its_settings() {
    assert_eq!(
        config_from(None, Some(BASE), Gsm7::Auto).unwrap_err(),
        "TWILIO_AUTH_TOKEN is not set"
    );
    assert!(
        config_from(Some("t"), None, Gsm7::Auto)
            .unwrap_err()
            .contains("TREMPLIN_PUBLIC_URL")
    );
    assert_eq!(
        config_from(Some("t"), Some("https://x.org/"), Gsm7::Auto)
            .unwrap()
            .webhook_url,
        "https://x.org/sms/twilio"
    );
}

mod outbound {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};

    use axum::http::StatusCode;
    use tremplin::channels::sms::RestSender;
    use tremplin::core::{Channel, ConvKey};
    use tremplin::notify::OutboxWorker;
    use tremplin::storage::{OutboxRow, Store, TurnWrite};
    use tremplin::transcript::T0;

    use super::support::twilio::{Answer, Mock};

    async fn with_text(store: &Store, key: &ConvKey, text: &str) {
        let id = store.add_person(key, "fr", T0).await.unwrap();
        let catalog = super::support::catalog();
        let engine = super::support::diagnostic(&catalog);
        let session = engine.new_session("fr", tremplin::engine::now_at(T0));
        store
            .write_turn(TurnWrite {
                key,
                person_id: &id,
                create: false,
                touch: true,
                now: T0,
                session: &session,
                answers: Vec::new(),
                consents: Vec::new(),
                inbound: None,
                pending: None,
                earlier: Vec::new(),
                outbox: vec![OutboxRow {
                    kind: tremplin::core::OutboxKind::Text,
                    payload: text.into(),
                    not_before: T0,
                }],
                events: Vec::new(),
            })
            .await
            .unwrap();
    }

    #[tokio::test]
    async fn messages_go_through_the_providers_api_with_retries_and_opt_outs() {
        // Unsubscribed numbers are refused with Twilio's code 21610; one number fails once.
        let failed_once = Arc::new(AtomicBool::new(false));
        let provider = {
            let failed_once = failed_once.clone();
            Mock::with(move |sent, _| match sent.field("To") {
                "+33600021610" => Answer::Refuse(
                    StatusCode::BAD_REQUEST,
                    r#"{"code": 21610, "message": "unsubscribed"}"#,
                ),
                "+33600000500" if !failed_once.swap(true, Ordering::SeqCst) => {
                    Answer::Refuse(StatusCode::INTERNAL_SERVER_ERROR, "oops")
                }
                _ => Answer::Accept,
            })
            .await
        };
        let base = &provider.url;

        for (name, store) in super::support::stores().await {
            provider.clear();
            failed_once.store(false, Ordering::SeqCst);
            with_text(
                &store,
                &ConvKey::new(Channel::Sms, "+33611111111"),
                "Bonjour & bienvenue",
            )
            .await;
            with_text(
                &store,
                &ConvKey::new(Channel::WhatsApp, "+33622222222"),
                "Hello",
            )
            .await;
            with_text(
                &store,
                &ConvKey::new(Channel::Sms, "+33600000500"),
                "retry me",
            )
            .await;
            let opted = ConvKey::new(Channel::Sms, "+33600021610");
            with_text(&store, &opted, "never").await;
            let worker = OutboxWorker::new(Arc::new(super::support::host(store.clone()).0))
                .with_sender(
                    "sms",
                    Arc::new(
                        RestSender::new(base, "AC123", "secret", "+33700000000", false).unwrap(),
                    ),
                )
                .with_sender(
                    "whatsapp",
                    Arc::new(
                        RestSender::new(base, "AC123", "secret", "+33700000001", true).unwrap(),
                    ),
                );
            assert_eq!(
                worker.run_once(T0 + 1).await.unwrap(),
                2,
                "{name}: two sent, one to retry, one opted out"
            );
            {
                let seen = provider.received();
                assert_eq!(seen.len(), 4, "{name}");
                let first = &seen[0];
                assert_eq!(first.account, "AC123");
                assert_eq!(
                    first.auth, "Basic QUMxMjM6c2VjcmV0",
                    "{name}: basic auth with the account sid and token"
                );
                assert!(
                    first
                        .form
                        .contains(&("Body".into(), "Bonjour & bienvenue".into())),
                    "{:?}",
                    first.form
                );
                let wa = seen.iter().find(|s| {
                    s.form
                        .iter()
                        .any(|(k, v)| k == "To" && v == "whatsapp:+33622222222")
                });
                assert!(
                    wa.is_some_and(|s| s
                        .form
                        .contains(&("From".into(), "whatsapp:+33700000001".into()))),
                    "{name}: {seen:?}"
                );
            }
            assert!(
                store.opted_out(&opted).await.unwrap(),
                "{name}: error 21610 marks the person opted out"
            );
            // The failed one is retried after its back-off, and sent once.
            assert_eq!(
                worker.run_once(T0 + 10).await.unwrap(),
                0,
                "{name}: not before the back-off"
            );
            assert_eq!(worker.run_once(T0 + 3600).await.unwrap(), 1, "{name}");
            assert_eq!(
                worker.run_once(T0 + 7200).await.unwrap(),
                0,
                "{name}: nothing twice"
            );
            assert_eq!(provider.received().len(), 5, "{name}");
        }
    }

    #[tokio::test]
    async fn a_long_message_goes_in_bodies_the_provider_accepts() {
        let provider = Mock::with(|_, _| Answer::Accept).await;
        let (_, store) = super::support::stores().await.remove(0);
        let line = "Votre conseillère vous attend mardi avec vos papiers.";
        let text = vec![line; 60].join("\n");
        with_text(&store, &ConvKey::new(Channel::Sms, "+33633333333"), &text).await;
        let worker = OutboxWorker::new(Arc::new(super::support::host(store.clone()).0))
            .with_sender(
                "sms",
                Arc::new(
                    RestSender::new(&provider.url, "AC123", "secret", "+33700000000", false)
                        .unwrap(),
                ),
            );
        assert_eq!(worker.run_once(T0 + 1).await.unwrap(), 1, "one message");
        let bodies: Vec<String> = provider
            .received()
            .iter()
            .map(|s| s.field("Body").to_string())
            .collect();
        assert!(bodies.len() >= 2, "{bodies:?}");
        assert!(bodies.iter().all(|b| b.chars().count() <= 1_600));
        assert_eq!(bodies.join("\n"), text, "in order, cut at line ends");
    }
}

/// The bodies of a TwiML reply, unescaped, as the phone shows them.
fn bodies(twiml: &str) -> Vec<String> {
    twiml
        .split("<Message>")
        .skip(1)
        .map(|m| {
            m.split("</Message>")
                .next()
                .unwrap_or_default()
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&apos;", "'")
                .replace("&amp;", "&")
        })
        .collect()
}

/// A text without the isolation marks (they change the display, not the words).
fn unmarked(text: &str) -> String {
    text.chars()
        .filter(|c| !('\u{2066}'..='\u{2069}').contains(c))
        .collect()
}

/// The numbered options of a reply: (number, label).
fn options(text: &str) -> Vec<(String, String)> {
    unmarked(text)
        .lines()
        .filter_map(|l| {
            let (n, rest) = l.trim().split_once(". ")?;
            (!n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
                .then(|| (n.to_string(), rest.trim().to_string()))
        })
        .collect()
}

/// Whether a reply asks something new (a miss only repeats the choices).
fn asks(text: &str) -> bool {
    text.contains('?') || text.contains('؟')
}

/// How a diagnostic is answered: every choice by its number, or by typed words (the
/// language's name, "yes" in the language, the label of the first choice).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum By {
    Number,
    Words,
}

/// What a whole diagnostic by SMS cost: its bodies as sent.
struct Walk {
    sent: Vec<String>,
    booked: bool,
}

/// Walks a whole diagnostic through the webhook from `from` in `locale`, answering as `by`
/// says, until a booking is made; every body sent is kept.
async fn walk(s: &AppState, from: &str, locale: &str, by: By) -> Walk {
    let catalog = support::catalog();
    let locales = &catalog.locales;
    let yes_label = locales.render(
        locale,
        &tremplin::engine::Msg::new("answer-yes"),
        tremplin::i18n::Isolation::Plain,
    );
    let yes_word = match locale {
        "fr" => "oui",
        "en" => "yes",
        "ar" => "نعم",
        "es" => "sí",
        "pt" => "sim",
        "ru" => "да",
        "tr" => "evet",
        "uk" => "так",
        other => panic!("no yes word for {other}"),
    };
    let free = ["40", "37000", "06 12 34 56 78", "1234567A", "01/2020"];
    let key = tremplin::channels::sms::conversation(from).unwrap();
    let mut sent = Vec::new();
    let mut n = 0;
    let mut say = async |body: &str| {
        n += 1;
        let twiml = send(s, from, &format!("SM{locale}{by:?}{n}"), body).await;
        let got = bodies(&twiml);
        sent.extend(got.iter().cloned());
        got.join("\n")
    };
    say("Bonjour").await;
    let index = catalog
        .locales
        .tags()
        .iter()
        .position(|t| t == locale)
        .unwrap();
    let language = match by {
        By::Number => (index + 1).to_string(),
        By::Words => locales.render(
            locale,
            &tremplin::engine::Msg::new(format!("language-name-{locale}")),
            tremplin::i18n::Isolation::Plain,
        ),
    };
    let mut reply = say(&language).await;
    let missed_text = text_of(locale, tremplin::engine::Msg::new("miss-not-an-option"));
    let missed_gsm = tremplin::channels::sms::to_gsm7(&missed_text);
    let mut tries = 0;
    let mut last = Vec::new();
    for _ in 0..150 {
        if let Some(p) = s.host.store().find_person(&key).await.unwrap() {
            let now = s.host.clock().unix();
            if s.host
                .store()
                .active_booking(&p.id, now)
                .await
                .unwrap()
                .is_some()
            {
                return Walk { sent, booked: true };
            }
        }
        // A question asked again after an answer it could not read is not a new question.
        let missed = reply.starts_with(&missed_text) || reply.starts_with(&missed_gsm);
        if asks(&reply) && !missed {
            tries = 0;
            last = options(&reply);
        } else {
            tries += 1;
            let o = options(&reply);
            if !o.is_empty() {
                last = o;
            }
        }
        let answer = if last.is_empty() {
            free.get(tries).copied().unwrap_or("passer").to_string()
        } else if by == By::Words && tries == 0 {
            if last.len() == 2 && last[0].1 == yes_label {
                yes_word.to_string()
            } else {
                last[0].1.clone()
            }
        } else {
            last[0].0.clone()
        };
        reply = say(&answer).await;
    }
    Walk {
        sent,
        booked: false,
    }
}

#[tokio::test]
async fn a_whole_diagnostic_in_every_language_by_number_and_by_words_fits_sms_and_books() {
    let catalog = support::catalog();
    let mut briefs = 0;
    for (i, locale) in catalog.locales.tags().iter().enumerate() {
        for by in [By::Number, By::Words] {
            // A fresh database each time: the first slots stay free.
            let (_, s) = state().await.remove(0);
            let from = format!("+3361{}{i}0000{}", by as u8, i);
            let w = walk(&s, &from, locale, by).await;
            assert!(w.booked, "{locale} {by:?}: no booking\n{:#?}", w.sent);
            let longest = w.sent.iter().map(|b| b.encode_utf16().count()).max();
            assert!(
                longest <= Some(tremplin::channels::sms::MAX_SEND_CHARS),
                "{locale} {by:?}: a body of {longest:?} characters"
            );
            let total: usize = w.sent.iter().map(|b| segments(b).1).sum();
            let worst = w.sent.iter().map(|b| segments(b).1).max().unwrap_or(0);
            println!(
                "{locale} {by:?}: {} bodies, longest {longest:?} characters, worst {worst} segments, total {total} segments",
                w.sent.len()
            );
            // Every message fits in three segments, the slots offered in the locale's
            // question budget, the booking confirmation in its own.
            use tremplin::channels::sms::budget::{CONFIRMATION_SEGMENTS, question_budget};
            let (last, others) = w.sent.split_last().unwrap();
            for body in others {
                let n = segments(body).1;
                let limit = if is_offer(locale, body) {
                    question_budget(locale)
                } else {
                    3
                };
                assert!(n <= limit, "{locale} {by:?}: {n} segments\n{body}");
            }
            let n = segments(last).1;
            assert!(n <= CONFIRMATION_SEGMENTS, "{locale} {by:?}: {last}");
            // Where the confirmation is said briefly, the appointment's word gives the rest:
            // what to bring to it.
            let details = text_of(locale, tremplin::engine::Msg::new("booking-details"));
            let brief = [details.clone(), tremplin::channels::sms::to_gsm7(&details)]
                .iter()
                .any(|d| unmarked(last).contains(d.as_str()));
            if brief {
                let word = text_of(locale, tremplin::engine::Msg::new("command-appointment"));
                let twiml = send(&s, &from, &format!("RDV{locale}{by:?}"), &word).await;
                let reply = unmarked(&bodies(&twiml).join("\n"));
                let bring = tremplin::engine::Msg::new("bring-id");
                let id = catalog
                    .locales
                    .render_sms(locale, &bring, tremplin::i18n::Isolation::Plain)
                    .unwrap_or_else(|| text_of(locale, bring));
                assert!(
                    reply.contains(&id) || reply.contains(&tremplin::channels::sms::to_gsm7(&id)),
                    "{locale} {by:?}: what to bring, on request\n{reply}"
                );
            }
            briefs += usize::from(brief);
            // The whole summary, on request, comes in bodies the provider accepts.
            let word = catalog.locales.render(
                locale,
                &tremplin::engine::Msg::new("command-summary"),
                tremplin::i18n::Isolation::Plain,
            );
            let twiml = send(&s, &from, &format!("SUM{locale}{by:?}"), &word).await;
            let parts = bodies(&twiml);
            assert!(
                parts
                    .iter()
                    .all(|b| b.encode_utf16().count() <= tremplin::channels::sms::MAX_SEND_CHARS),
                "{locale}: {parts:#?}"
            );
            let whole = unmarked(&parts.join("\n"));
            assert!(
                whole.contains("37000") && whole.lines().count() > 20,
                "{locale}: the whole summary\n{whole}"
            );
        }
    }
    // Arabic, Russian and Ukrainian confirm an appointment on site briefly.
    assert!(briefs >= 3, "{briefs} brief confirmation(s)");
}

/// Whether a body offers slots: one of its options is "other dates".
fn is_offer(locale: &str, body: &str) -> bool {
    let more = text_of(locale, tremplin::engine::Msg::new("booking-more"));
    let gsm = tremplin::channels::sms::to_gsm7(&more);
    options(body).iter().any(|(_, l)| *l == more || *l == gsm)
}

/// A message of the catalog in a locale, as plain text.
fn text_of(locale: &str, msg: tremplin::engine::Msg) -> String {
    support::catalog()
        .locales
        .render(locale, &msg, tremplin::i18n::Isolation::Plain)
}

#[tokio::test]
async fn keywords_act_only_where_they_mean_something_in_the_persons_language() {
    for (name, s) in state().await {
        // An English conversation: "Yes!" is an answer, "cancel" too (not an opt-out).
        let from = "+33622220001";
        send(&s, from, "K1", "Hello").await;
        let consent = bodies(&send(&s, from, "K2", "English").await).join("\n");
        assert!(
            consent.contains("May I keep your answers?"),
            "{name}: {consent}"
        );
        let next = bodies(&send(&s, from, "K3", "Yes!").await).join("\n");
        assert!(
            next.contains("health") && !next.contains("Welcome back"),
            "{name}: yes is an answer\n{next}"
        );
        let cancel = bodies(&send(&s, from, "K4", "cancel").await).join("\n");
        let stopped_en = text_of("en", tremplin::engine::Msg::new("sms-stopped"));
        assert!(
            !cancel.contains(&stopped_en),
            "{name}: cancel is no opt-out"
        );
        assert!(!s.host.opted_out(&sms_key(from)).await.unwrap(), "{name}");
        // STOP is confirmed in English, once; then nothing until YES, which resumes.
        let stop = bodies(&send(&s, from, "K5", "Stop").await);
        assert_eq!(stop, vec![stopped_en.clone()], "{name}");
        assert!(
            bodies(&send(&s, from, "K6", "1").await).is_empty(),
            "{name}"
        );
        assert!(
            bodies(&send(&s, from, "K7", "STOP").await).is_empty(),
            "{name}"
        );
        let back = bodies(&send(&s, from, "K8", "yes").await).join("\n");
        assert!(back.contains("health"), "{name}: resumed\n{back}");
        // Before any conversation, a Moroccan number's STOP is confirmed in Arabic.
        let ar = bodies(&send(&s, "+212612345678", "K9", "ARRÊT").await);
        assert_eq!(
            ar.iter().map(|b| unmarked(b)).collect::<Vec<_>>(),
            vec![text_of("ar", tremplin::engine::Msg::new("sms-stopped"))],
            "{name}"
        );
        // A picture alone, answered in the conversation's language.
        let pairs = [
            ("From", from),
            ("Body", ""),
            ("MessageSid", "K10"),
            ("NumMedia", "1"),
        ];
        let (_, media) = post(&s, &pairs, None).await;
        assert_eq!(
            bodies(&media),
            vec![text_of("en", tremplin::engine::Msg::new("sms-media-only"))],
            "{name}"
        );
    }
    // The stop words are a setting: CANCEL can be added where a carrier requires it.
    let mut cfg = (*twilio::config()).clone();
    cfg.stop_words = tremplin::channels::sms::StopWords::parse("STOP,ARRET,CANCEL").unwrap();
    let cfg = Arc::new(cfg);
    let (_, s, _) = states(move || cfg.clone()).await.remove(0);
    send(&s, "+33622220002", "C1", "Bonjour").await;
    let stop = bodies(&send(&s, "+33622220002", "C2", "Cancel").await);
    assert_eq!(
        stop,
        vec![text_of("fr", tremplin::engine::Msg::new("sms-stopped"))]
    );
}

fn sms_key(from: &str) -> tremplin::core::ConvKey {
    tremplin::channels::sms::conversation(from).unwrap()
}

#[tokio::test]
async fn a_number_s_country_proposes_its_language_and_words_come_back_as_typed() {
    let (_, s) = state().await.remove(0);
    // A Ukrainian number: the first message offers Ukrainian, before the whole menu.
    let from = "+380501234567";
    let first = bodies(&send(&s, from, "U0", "Привіт").await).join("\n");
    let offer = text_of(
        "uk",
        tremplin::engine::Msg::new("language-proposal")
            .arg("language", tremplin::engine::Msg::new("language-name-uk"))
            .arg("number", 8),
    );
    assert!(first.contains(&offer), "{first}");
    // The whole menu follows (without its dots when that keeps it within its segments).
    assert!(
        first.contains("Français") && first.contains("8. Українська")
            || first.contains("8 Українська"),
        "{first}"
    );
    for (i, a) in [
        "8", "так", "так", "так", "40", "37000", "1", "1", "1234567A",
    ]
    .iter()
    .enumerate()
    {
        send(&s, from, &format!("U{}", i + 1), a).await;
    }
    // A multiple choice: a part not understood is quoted as typed, never folded.
    let miss = bodies(&send(&s, from, "U20", "знайти, 1").await).join("\n");
    assert!(miss.contains("«знайти»"), "{miss}");
    // Arabic by SMS: the numbers of the menu are isolated, at no segment's cost.
    let ar = bodies(&send(&s, "+212612340000", "A0", "مرحبا").await);
    let plain = unmarked(&ar[0]);
    assert!(
        ar[0].contains("\u{2066}1. Français\u{2069}")
            || ar[0].contains("\u{2066}1 Français\u{2069}"),
        "{:?}",
        ar[0]
    );
    assert_eq!(segments(&ar[0]).1, segments(&plain).1);
    assert!(
        plain.contains(&text_of(
            "ar",
            tremplin::engine::Msg::new("language-proposal")
                .arg("language", tremplin::engine::Msg::new("language-name-ar"))
                .arg("number", 2),
        ))
    );
}

#[test]
fn lists_and_ranges_read_in_each_language() {
    use tremplin::engine::{Arg, Msg};
    let labels = |ids: &[&str]| {
        Arg::List(
            ids.iter()
                .map(|id| Arg::Msg(Box::new(Msg::new(*id))))
                .collect(),
        )
    };
    let line = |locale: &str, arg: Arg| {
        text_of(
            locale,
            Msg::new("engine-summary-line")
                .arg("label", "X")
                .arg("value", arg),
        )
    };
    let fr = line(
        "fr",
        labels(&[
            "diag-barriers-opt-mobility",
            "diag-barriers-opt-family",
            "diag-barriers-opt-language",
        ]),
    );
    assert_eq!(
        fr, "• X : Se déplacer ; famille, garde d'enfants et le français, lire ou écrire",
        "labels with commas are separated by a stronger mark, in lower case inside"
    );
    let plain = line("fr", labels(&["diag-rsa-opt-yes", "diag-rsa-opt-no"]));
    assert!(plain.ends_with("Oui et non"), "{plain}");
    let ar = line("ar", labels(&["diag-rsa-opt-yes", "diag-rsa-opt-no"]));
    assert!(
        ar.contains(" و") && !ar.contains(" و "),
        "the conjunction is attached: {ar}"
    );
    // "Reply from 1 to 1" never happens.
    for locale in support::catalog().locales.tags() {
        let one = text_of(locale, Msg::new("menu-reply").arg("count", 1));
        assert_eq!(one.matches('1').count(), 1, "{locale}: {one}");
    }
}
