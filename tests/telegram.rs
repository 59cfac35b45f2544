//! The Telegram channel against a local mock of the Bot API: a whole diagnostic to a booking
//! by taps and typed answers, in polling mode and in webhook mode; the webhook's secret; a
//! redelivered update and a repeated tap; a tap on an old keyboard; a 429 honoured; a blocked
//! bot; unsupported content; the commands menu; the calendar file through the outbox; Arabic.

mod support;

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::{Value, json};
use support::memory_store;
use support::web::SECRET;
use tower::ServiceExt;
use tremplin::app::Host;
use tremplin::bench::telegram_mock::{self as mock, Fault, MockApi};
use tremplin::channels::telegram::{Limits, Telegram, TelegramConfig, TelegramSender};
use tremplin::core::{Channel, ConvKey};
use tremplin::notify::{CalendarFile, SendError, Sender as _};
use tremplin::storage::Store;
use tremplin::web::telegram::SECRET_HEADER;
use tremplin::web::{AppState, app};

/// The answers of a whole diagnostic to the booking (numbers are taps when a keyboard shows).
const ANSWERS: &[&str] = &[
    "oui", "oui", "oui", "34", "37000", "3", "2", "5", "1", "2", "3", "3", "2", "1", "4", "9", "2",
    "1", "1", "5", "passer", "oui",
];

enum Mode {
    Polling(tokio::task::JoinHandle<()>),
    Webhook(AppState),
}

struct Rig {
    api: MockApi,
    tg: Arc<Telegram>,
    host: Arc<Host>,
    mode: Mode,
}

impl Drop for Rig {
    fn drop(&mut self) {
        if let Mode::Polling(p) = &self.mode {
            p.abort();
        }
    }
}

async fn rig(store: Store, webhook: bool, throttle: bool) -> Rig {
    rig_with(store, webhook, throttle, |_| {}).await
}

/// A rig whose channel settings `tweak` changes.
async fn rig_with(
    store: Store,
    webhook: bool,
    throttle: bool,
    tweak: impl FnOnce(&mut TelegramConfig),
) -> Rig {
    let api = MockApi::start().await.expect("mock");
    let (host, _) = support::host(store);
    let host = Arc::new(host);
    let mut config = support::web::telegram_config(&api);
    config.poll_timeout = 1;
    // A Bot API that does not answer is given up on quickly.
    config.attempt = Duration::from_millis(500);
    if throttle {
        // Telegram's limits, raised so a test conversation is not slowed by them.
        config.limits = Some(Limits {
            chat_burst: 1000,
            chat_interval: std::time::Duration::from_millis(1),
            overall_per_sec: 1000,
        });
    }
    tweak(&mut config);
    let tg = Arc::new(Telegram::new(host.clone(), &config).expect("channel"));
    let mode = if webhook {
        Mode::Webhook(AppState {
            host: host.clone(),
            sms: None,
            telegram: Some(support::web::webhook(tg.clone())),
        })
    } else {
        Mode::Polling(tokio::spawn(tg.clone().poll(std::future::pending())))
    };
    Rig {
        api,
        tg,
        host,
        mode,
    }
}

async fn post_update(
    state: &AppState,
    path: &str,
    secret: Option<&str>,
    body: &Value,
) -> StatusCode {
    let mut req = Request::post(path).header("content-type", "application/json");
    if let Some(s) = secret {
        req = req.header(SECRET_HEADER, s);
    }
    app(state.clone())
        .oneshot(req.body(Body::from(body.to_string())).unwrap())
        .await
        .unwrap()
        .status()
}

impl Rig {
    /// Delivers an update and returns once it is processed and what it sends is sent.
    async fn deliver(&self, update: Value) -> Value {
        let update = self.confirm(update).await;
        self.tg.sent_all().await;
        update
    }

    /// Delivers an update and returns once Telegram would consider it delivered: the offset
    /// passed it (polling) or the webhook answered 200.
    async fn confirm(&self, mut update: Value) -> Value {
        match &self.mode {
            Mode::Polling(_) => {
                let update = self.api.push(update);
                let id = update["update_id"].as_u64().unwrap() as u32;
                assert!(self.api.wait_confirmed(id).await, "update {id} processed");
                update
            }
            Mode::Webhook(state) => {
                if update["update_id"].is_null() {
                    update["update_id"] = json!(self.api.next_update_id());
                }
                let status = post_update(state, "/telegram/hook", Some(SECRET), &update).await;
                assert_eq!(status, StatusCode::OK);
                update
            }
        }
    }

    async fn text(&self, chat: i64, text: &str, lang: &str) {
        self.deliver(mock::text(chat, text, lang)).await;
    }

    /// Answers like a person: a number is a tap on that button when a keyboard shows.
    async fn answer(&self, chat: i64, answer: &str, lang: &str) {
        let buttons = self.last_buttons(chat);
        match answer.parse::<usize>() {
            Ok(n) if n >= 1 && n <= buttons.len() => {
                let tap = self.api.tap_last(chat, &buttons[n - 1].1, lang);
                self.deliver(tap).await;
            }
            _ => self.text(chat, answer, lang).await,
        }
    }

    fn sent(&self, chat: i64) -> Vec<mock::Call> {
        self.api
            .calls_to("sendMessage")
            .into_iter()
            .filter(|c| c.chat() == Some(chat))
            .collect()
    }

    fn last_text(&self, chat: i64) -> String {
        self.sent(chat)
            .last()
            .map(|c| c.text().to_string())
            .unwrap_or_default()
    }

    fn last_buttons(&self, chat: i64) -> Vec<(String, String)> {
        self.sent(chat)
            .last()
            .map(mock::Call::buttons)
            .unwrap_or_default()
    }
}

async fn whole_diagnostic(r: &Rig, chat: i64) {
    r.text(chat, "/start", "fr").await;
    // The app speaks French: the language is not asked, only offered to change.
    let first = r
        .sent(chat)
        .iter()
        .map(|c| c.text().to_string())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(!first.contains("Votre langue ?"), "{first}");
    assert!(
        first.contains("Pour changer de langue, écrivez « langue »."),
        "{first}"
    );
    assert_eq!(
        r.last_buttons(chat).len(),
        2,
        "the first question's answers are buttons: {first}"
    );
    for a in ANSWERS {
        r.answer(chat, a, "fr").await;
    }
    // The offers are buttons; the first one books.
    let offers = r.last_buttons(chat);
    assert!(
        offers.len() >= 2,
        "offers as buttons: {}",
        r.last_text(chat)
    );
    // The message lists each slot (date, time; the place and format said once above them when
    // all share them), numbered; the buttons carry the number and the slot's day and time said
    // briefly ("1 · mer. 2 déc. 9 h 45").
    let listed = r.last_text(chat);
    for (i, (label, _)) in offers.iter().enumerate() {
        let n = i + 1;
        if label.starts_with(&format!("{n} · ")) {
            let line = listed
                .lines()
                .find(|l| l.starts_with(&format!("{n}. ")))
                .unwrap_or_else(|| panic!("slot {n} listed: {listed}"));
            let short = &label[format!("{n} · ").len()..];
            assert!(!short.ends_with('…'), "not cut: {label}");
            for number in short.split(|c: char| !c.is_ascii_digit()) {
                assert!(line.contains(number), "{label} / {line}");
            }
            assert_eq!(
                label.matches('(').count(),
                label.matches(')').count(),
                "{label}"
            );
        }
    }
    let place = "Agence France Travail Tours Nord";
    assert!(
        offers[0].0.starts_with("1 · ")
            && listed.lines().any(|l| l.starts_with("1. "))
            && listed.matches(place).count() == 1,
        "the first slot listed, its place named once: {listed}"
    );
    r.answer(chat, "1", "fr").await;
    let booked = r.last_text(chat);
    assert!(booked.contains("C'est réservé"), "{booked}");
    // Every keyboard fitted Telegram: data of 64 bytes at most, labels that fit.
    for c in r.api.calls_to("sendMessage") {
        for (label, data) in c.buttons() {
            assert!(data.len() <= 64 && !data.is_empty(), "{data}");
            assert!(label.chars().count() <= 48, "{label}");
        }
    }
    // Every tap was answered, and its keyboard replaced by the answer chosen.
    let taps = r.api.calls_to("answerCallbackQuery").len();
    assert!(taps >= 10, "{taps} taps answered");
    let edits = r.api.calls_to("editMessageReplyMarkup");
    assert!(
        edits.iter().any(|e| e
            .buttons()
            .first()
            .is_some_and(|(l, d)| l.starts_with("✓ ") && d == "-")),
        "the chosen answer replaces the keyboard"
    );
    let person = r
        .host
        .store()
        .find_person(&ConvKey::new(Channel::Telegram, chat.to_string()))
        .await
        .unwrap()
        .expect("the person consented and is stored");
    assert!(
        r.host
            .store()
            .active_booking(&person.id, tremplin::transcript::T0)
            .await
            .unwrap()
            .is_some()
    );
}

#[tokio::test]
async fn a_whole_diagnostic_to_a_booking_by_long_polling() {
    for (name, store) in support::stores().await {
        let r = rig(store, false, true).await;
        whole_diagnostic(&r, 424_242).await;
        // The calendar file goes through the outbox as a document.
        let worker = tremplin::notify::OutboxWorker::new(r.host.clone())
            .with_sender("telegram", Arc::new(TelegramSender(r.tg.clone())));
        let sent = worker
            .run_once(tremplin::transcript::T0 + 3600)
            .await
            .unwrap();
        assert!(sent >= 1, "{name}: the calendar was sent");
        let docs = r.api.calls_to("sendDocument");
        assert_eq!(docs.len(), 1, "{name}");
        assert_eq!(docs[0].chat(), Some(424_242));
        let body = docs[0].body.as_str().unwrap_or_default();
        assert!(body.contains("BEGIN:VCALENDAR"), "{name}: {body}");
        assert!(body.contains("filename=\"rendez-vous.ics\""), "{name}");
        assert!(
            body.contains("Content-Type: text/calendar"),
            "{name}: sent as a calendar: {body}"
        );
        let start = body.find("BEGIN:VCALENDAR").unwrap();
        let end = body.find("END:VCALENDAR").unwrap() + "END:VCALENDAR\r\n".len();
        check_calendar(&body[start..end]);
    }
}

/// An iCalendar file as RFC 5545 wants it, read back by a real parser.
fn check_calendar(ics: &str) {
    let unfolded = icalendar::parser::unfold(ics);
    let parsed = icalendar::parser::read_calendar(&unfolded)
        .unwrap_or_else(|e| panic!("not iCalendar: {e}\n{ics}"));
    let event = parsed
        .components
        .iter()
        .find(|c| c.name == "VEVENT")
        .expect("an event");
    for required in ["UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY"] {
        assert!(
            event.properties.iter().any(|p| p.name == required),
            "{required} in the event: {ics}"
        );
    }
    // Every line ends with CRLF and is 75 octets at most (3.1).
    assert!(ics.ends_with("\r\n"));
    for line in ics.split("\r\n").filter(|l| !l.is_empty()) {
        assert!(line.len() <= 75, "folded at 75 octets: {line:?}");
        assert!(!line.contains('\n') && !line.contains('\r'), "{line:?}");
    }
    let lines: Vec<&str> = unfolded.split("\r\n").filter(|l| !l.is_empty()).collect();
    for required in ["VERSION:2.0", "PRODID:"] {
        assert!(
            lines.iter().any(|l| l.starts_with(required)),
            "{required}: {ics}"
        );
    }
    for line in &lines {
        let (head, value) = line.split_once(':').expect("NAME:value");
        let name = head.split(';').next().unwrap();
        match name {
            // TEXT values escape backslashes, semicolons and commas (3.3.11).
            "SUMMARY" | "LOCATION" | "DESCRIPTION" | "NAME" | "X-WR-CALNAME" | "TZNAME" => {
                let mut chars = value.chars();
                while let Some(c) = chars.next() {
                    match c {
                        '\\' => {
                            let next = chars.next();
                            assert!(
                                matches!(next, Some('\\' | ';' | ',' | 'n' | 'N')),
                                "{name}: a bad escape in {value:?}"
                            );
                        }
                        ';' | ',' => panic!("{name}: an unescaped {c:?} in {value:?}"),
                        _ => {}
                    }
                }
            }
            // A UTC stamp (3.8.7.2).
            "DTSTAMP" => assert!(
                value.len() == 16 && value.ends_with('Z') && value.as_bytes()[8] == b'T',
                "DTSTAMP: {value}"
            ),
            // A local time with its zone, which the file defines (3.3.5).
            "DTSTART" | "DTEND" if head.contains("TZID=") => {
                let tz = head.split("TZID=").nth(1).unwrap();
                assert!(
                    lines.iter().any(|l| *l == format!("TZID:{tz}")),
                    "the zone {tz} is defined"
                );
                assert_eq!(value.len(), 15, "{name}: {value}");
            }
            _ => {}
        }
    }
}

#[tokio::test]
async fn a_whole_diagnostic_to_a_booking_by_webhook() {
    let r = rig(memory_store().await, true, true).await;
    whole_diagnostic(&r, 515_151).await;
}

#[tokio::test]
async fn the_webhook_refuses_a_missing_or_wrong_secret() {
    let r = rig(memory_store().await, true, false).await;
    let Mode::Webhook(state) = &r.mode else {
        unreachable!()
    };
    let mut update = mock::text(77, "/start", "fr");
    update["update_id"] = json!(1);
    assert_eq!(
        post_update(state, "/telegram/hook", None, &update).await,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        post_update(state, "/telegram/hook", Some("wrong"), &update).await,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        post_update(
            state,
            "/telegram/hook",
            Some(&SECRET[..SECRET.len() - 1]),
            &update
        )
        .await,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        post_update(state, "/telegram/other", Some(SECRET), &update).await,
        StatusCode::NOT_FOUND
    );
    assert!(r.api.calls().is_empty(), "nothing processed");
    assert_eq!(r.host.unconsented(), 0, "not even in memory");
    // Not an update: a precise error.
    assert_eq!(
        post_update(state, "/telegram/hook", Some(SECRET), &json!({"hello": 1})).await,
        StatusCode::BAD_REQUEST
    );
    // The right secret is processed.
    assert_eq!(
        post_update(state, "/telegram/hook", Some(SECRET), &update).await,
        StatusCode::OK
    );
    r.tg.sent_all().await;
    assert_eq!(r.api.calls_to("sendMessage").len(), 1);
}

#[tokio::test]
async fn a_redelivered_update_or_a_repeated_tap_changes_nothing() {
    for webhook in [false, true] {
        let r = rig(memory_store().await, webhook, false).await;
        let chat = 31;
        let first = r.deliver(mock::text(chat, "/start", "fr")).await;
        assert_eq!(r.sent(chat).len(), 1);
        // The same update id again.
        r.deliver(first.clone()).await;
        assert_eq!(r.sent(chat).len(), 1, "webhook={webhook}: no second reply");
        // A tap, then the same callback delivered again under a new update id.
        let data = r.last_buttons(chat)[0].1.clone();
        let tap = r.api.tap_last(chat, &data, "fr");
        r.deliver(tap.clone()).await;
        let after_tap = r.sent(chat).len();
        let session = r
            .host
            .session_of(&ConvKey::new(Channel::Telegram, chat.to_string()))
            .await
            .unwrap();
        let mut again = tap.clone();
        again["update_id"] = Value::Null;
        r.deliver(again).await;
        assert_eq!(
            r.sent(chat).len(),
            after_tap,
            "webhook={webhook}: the repeated tap sends nothing"
        );
        assert_eq!(
            r.host
                .session_of(&ConvKey::new(Channel::Telegram, chat.to_string()))
                .await
                .unwrap(),
            session,
            "webhook={webhook}: nothing changed"
        );
        let answered = r.api.calls_to("answerCallbackQuery").len();
        assert_eq!(answered, 2, "webhook={webhook}: every tap is answered");
    }
}

#[tokio::test]
async fn a_tap_on_an_old_keyboard_is_told_the_question_is_closed() {
    let r = rig(memory_store().await, false, false).await;
    let chat = 41;
    r.text(chat, "/start", "fr").await;
    let consent_store = r.api.last_message(chat).unwrap();
    let yes = r.last_buttons(chat)[0].1.clone();
    r.deliver(mock::callback(chat, consent_store.clone(), &yes, "fr"))
        .await;
    let consent = r.last_text(chat);
    let sent = r.sent(chat).len();
    let key = ConvKey::new(Channel::Telegram, chat.to_string());
    let before = r.host.session_of(&key).await.unwrap();
    // The first keyboard again: stale.
    let no = r.api.calls_to("sendMessage")[0].buttons()[1].1.clone();
    r.deliver(mock::callback(chat, consent_store.clone(), &no, "fr"))
        .await;
    assert_eq!(r.sent(chat).len(), sent, "no new message");
    assert_eq!(
        r.host.session_of(&key).await.unwrap(),
        before,
        "nothing changed"
    );
    let answers = r.api.calls_to("answerCallbackQuery");
    let last = answers.last().unwrap();
    assert!(
        last.body["text"]
            .as_str()
            .unwrap_or_default()
            .contains("déjà fermée"),
        "{:?}",
        last.body
    );
    // The answered keyboard's own button ("✓ Oui") says the same.
    r.deliver(mock::callback(chat, consent_store, "-", "fr"))
        .await;
    let last = r
        .api
        .calls_to("answerCallbackQuery")
        .last()
        .unwrap()
        .clone();
    assert!(
        last.body["text"]
            .as_str()
            .unwrap_or_default()
            .contains("fermée")
    );
    assert_eq!(r.last_text(chat), consent);
    // A typed answer closes the keyboard still open under the question.
    let edits = r.api.calls_to("editMessageReplyMarkup").len();
    r.text(chat, "oui", "fr").await;
    assert_eq!(r.api.calls_to("editMessageReplyMarkup").len(), edits + 1);
}

#[tokio::test]
async fn a_429_is_honoured_with_and_without_throttling() {
    for throttle in [true, false] {
        let r = rig(memory_store().await, false, throttle).await;
        r.api.fail_once("sendMessage", 1);
        r.text(51, "/start", "fr").await;
        let sent = r.sent(51);
        assert_eq!(
            sent.len(),
            2,
            "throttle={throttle}: refused once, then sent"
        );
        assert_eq!(sent[0].text(), sent[1].text());
        assert!(r.last_text(51).contains("langue"), "{}", r.last_text(51));
    }
}

#[tokio::test]
async fn a_blocked_bot_marks_the_person_unreachable_and_stops_sending() {
    let r = rig(memory_store().await, false, false).await;
    let chat = 61;
    r.text(chat, "/start", "fr").await;
    r.api.block(chat);
    r.text(chat, "1", "fr").await;
    let key = ConvKey::new(Channel::Telegram, chat.to_string());
    assert!(
        r.host.store().opted_out(&key).await.unwrap(),
        "marked unreachable"
    );
    let attempts = r.sent(chat).len();
    // The outbox does not even try.
    let sender = TelegramSender(r.tg.clone());
    assert!(matches!(
        sender.send(&chat.to_string(), "Rappel").await,
        Err(SendError::Unreachable)
    ));
    assert!(matches!(
        sender
            .send_calendar(
                &chat.to_string(),
                CalendarFile {
                    name: "rendez-vous.ics",
                    ics: "BEGIN:VCALENDAR"
                }
            )
            .await,
        Err(SendError::Unreachable)
    ));
    assert_eq!(r.sent(chat).len(), attempts);
    assert!(r.api.calls_to("sendDocument").is_empty());
    // Blocking seen as a membership change works the same; unblocking clears it.
    let other = 62;
    let member = |status: &str| {
        json!({"my_chat_member": {
            "chat": mock::private_chat(other),
            "from": {"id": other, "is_bot": false, "first_name": "C"},
            "date": 1_767_600_000,
            "old_chat_member": {"user": {"id": mock::BOT_ID, "is_bot": true, "first_name": "t"}, "status": "member"},
            "new_chat_member": {"user": {"id": mock::BOT_ID, "is_bot": true, "first_name": "t"}, "status": status, "until_date": 0},
        }})
    };
    let other_key = ConvKey::new(Channel::Telegram, other.to_string());
    r.deliver(member("kicked")).await;
    assert!(r.host.store().opted_out(&other_key).await.unwrap());
    r.deliver(member("member")).await;
    assert!(!r.host.store().opted_out(&other_key).await.unwrap());
}

#[tokio::test]
async fn unsupported_content_gets_a_kind_reply_in_the_persons_language() {
    let r = rig(memory_store().await, false, false).await;
    let chat = 71;
    let cases = [
        (
            json!({"sticker": {"file_id": "s", "file_unique_id": "s", "type": "regular", "width": 512, "height": 512, "is_animated": false, "is_video": false}}),
            "texte",
        ),
        (
            json!({"photo": [{"file_id": "p", "file_unique_id": "p", "width": 90, "height": 90}]}),
            "texte",
        ),
        (
            json!({"voice": {"file_id": "v", "file_unique_id": "v", "duration": 3, "mime_type": "audio/ogg"}}),
            "vocaux",
        ),
        (
            json!({"location": {"latitude": 47.39, "longitude": 0.68}}),
            "code postal",
        ),
        (
            json!({"contact": {"phone_number": "+33600000000", "first_name": "A"}}),
            "numéro",
        ),
    ];
    for (content, expect) in cases {
        r.deliver(mock::message_update(chat, content.clone(), "fr"))
            .await;
        assert!(
            r.last_text(chat).contains(expect),
            "{content}: {}",
            r.last_text(chat)
        );
    }
    // In English for an English phone.
    r.deliver(mock::message_update(72, json!({"voice": {"file_id": "v", "file_unique_id": "v", "duration": 3, "mime_type": "audio/ogg"}}), "en")).await;
    assert!(
        r.last_text(72).contains("voice messages"),
        "{}",
        r.last_text(72)
    );
    // An edited message.
    let mut edited = mock::text(chat, "oui", "fr");
    edited["edited_message"] = edited["message"].take();
    edited.as_object_mut().unwrap().remove("message");
    edited["edited_message"]["edit_date"] = json!(1_767_600_100);
    r.deliver(edited).await;
    assert!(
        r.last_text(chat).contains("première version"),
        "{}",
        r.last_text(chat)
    );
    // A group: told once, when the bot is added, that it works in private chats; then
    // silence, whatever is written there (and after a restart too).
    let group = -1001;
    let bot = json!({"id": mock::BOT_ID, "is_bot": true, "first_name": "t"});
    r.deliver(json!({"my_chat_member": {
        "chat": {"id": group, "type": "group", "title": "Groupe"},
        "from": {"id": 5, "is_bot": false, "first_name": "C", "language_code": "fr"},
        "date": 1_767_600_000,
        "old_chat_member": {"user": bot, "status": "left"},
        "new_chat_member": {"user": bot, "status": "member"},
    }}))
    .await;
    let mut g = mock::text(group, "bonjour", "fr");
    g["message"]["chat"] = json!({"id": group, "type": "group", "title": "Groupe"});
    g["message"]["from"]["id"] = json!(5);
    r.deliver(g.clone()).await;
    g["update_id"] = Value::Null;
    r.deliver(g.clone()).await;
    let restarted = rig(memory_store().await, false, false).await;
    g["update_id"] = Value::Null;
    restarted.deliver(g).await;
    assert!(restarted.sent(group).is_empty(), "nothing after a restart");
    let to_group = r.sent(group);
    assert_eq!(to_group.len(), 1);
    assert!(to_group[0].text().contains("conversation privée"));
    // Nothing of this started a conversation.
    assert_eq!(r.host.unconsented(), 0);
}

#[tokio::test]
async fn an_arabic_conversation_and_the_commands_menu_in_every_locale() {
    let r = rig(memory_store().await, false, false).await;
    r.tg.set_commands().await.expect("commands");
    let menus = r.api.calls_to("setMyCommands");
    assert_eq!(menus.len(), 9, "eight locales and the default");
    let ar = menus
        .iter()
        .find(|c| c.body["language_code"] == "ar")
        .expect("an Arabic menu");
    let names: Vec<&str> = ar.body["commands"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["command"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "start",
            "help",
            "language",
            "back",
            "human",
            "appointment",
            "mydata",
            "erase"
        ]
    );
    assert!(
        ar.body["commands"][0]["description"]
            .as_str()
            .unwrap()
            .contains("البدء")
    );

    let chat = 81;
    r.text(chat, "/start", "ar").await;
    let first = r.last_text(chat);
    assert!(
        first.contains("مرحب"),
        "the first locale is the app's: {first}"
    );
    // The app's language is known: it is not asked, only offered to change.
    assert!(!first.contains("Choisissez votre langue"), "{first}");
    assert!(first.contains("لتغيير اللغة، اكتب «اللغة»"), "{first}");
    // Arabic all along, typed and tapped, Arabic-Indic digits included.
    let arabic = |t: &str| t.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c));
    for a in ["نعم", "1", "نعم", "٣٤"] {
        r.answer(chat, a, "ar").await;
        let text = r.last_text(chat);
        assert!(arabic(&text) && !text.contains("compris"), "{a}: {text}");
    }
    let session = r
        .host
        .session_of(&ConvKey::new(Channel::Telegram, chat.to_string()))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(session.locale, "ar");
    assert!(
        session.answers.contains_key("age"),
        "{:?}",
        session.answers.keys()
    );
    // /mydata says what is kept, in Arabic.
    r.text(chat, "/mydata", "ar").await;
    assert!(arabic(&r.last_text(chat)), "{}", r.last_text(chat));
    assert!(r.last_text(chat).contains("٣٤") || r.last_text(chat).contains("34"));
    // Changing language moves the person's own menu.
    r.text(chat, "/language", "ar").await;
    let english = r
        .last_buttons(chat)
        .into_iter()
        .find(|(l, _)| l == "English")
        .expect("English offered")
        .1;
    r.deliver(r.api.tap_last(chat, &english, "ar")).await;
    let chat_menu = r.api.calls_to("setMyCommands");
    let last = chat_menu.last().unwrap();
    assert_eq!(last.body["scope"]["type"], "chat");
    assert_eq!(last.body["commands"][0]["description"], "Start or resume");
}

#[tokio::test]
async fn an_app_language_the_bot_does_not_speak_is_asked() {
    let r = rig(memory_store().await, false, false).await;
    let chat = 83;
    r.text(chat, "/start", "de").await;
    let first = r.last_text(chat);
    assert!(first.contains("Votre langue ?"), "{first}");
    let labels: Vec<String> = r.last_buttons(chat).into_iter().map(|(l, _)| l).collect();
    assert!(labels.iter().any(|l| l == "English"), "{labels:?}");
    r.text(chat, "English", "de").await;
    assert!(
        r.last_text(chat).contains("May I keep your answers?"),
        "{}",
        r.last_text(chat)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_benchmark_checks_every_chats_order() {
    let dir = std::env::temp_dir().join(format!("tremplin-tg-{}", tremplin::storage::new_id()));
    std::fs::create_dir_all(&dir).unwrap();
    let url = format!("sqlite://{}", dir.join("bench.db").display());
    let f = tremplin::bench::telegram::telegram(support::catalog(), &url, 5, 1)
        .await
        .expect("bench");
    assert_eq!(f.replies_checked, f.updates_per_run);
    assert!(f.per_sec > 0.0 && f.baseline_per_sec > 0.0);
}

#[tokio::test]
async fn long_staff_messages_are_split_and_escaped() {
    let r = rig(memory_store().await, false, false).await;
    let chat = 91;
    let sender = TelegramSender(r.tg.clone());
    let sentence = "Votre conseillère <Mme Martin> vous attend & vous rappelle. ";
    let text = sentence.repeat(120);
    sender.send(&chat.to_string(), &text).await.expect("sent");
    let sent = r.sent(chat);
    assert_eq!(sent.len(), 2, "over 4096 units: two messages");
    for m in &sent {
        assert_eq!(m.body["parse_mode"], "HTML");
        assert!(m.text().contains("&lt;Mme Martin&gt;") && m.text().contains(" &amp; "));
        assert!(!m.text().contains("<Mme"));
        assert!(m.text().ends_with("rappelle."), "cut at a sentence end");
    }
}

#[tokio::test]
async fn urgent_words_in_the_persons_language_are_answered_at_once() {
    let r = rig(memory_store().await, true, false).await;
    let chat = 91;
    r.text(chat, "/start", "uk").await;
    // A typed answer the bot does not understand, in Ukrainian: the numbers, then the question.
    r.text(chat, "чоловік б'є мене", "uk").await;
    let said: Vec<String> = r.sent(chat).iter().map(|c| c.text().to_string()).collect();
    let all = said.join("\n");
    assert!(all.contains("3919"), "{all}");
    assert!(
        !r.last_buttons(chat).is_empty(),
        "the question comes again with its buttons: {all}"
    );
    let session = r
        .host
        .session_of(&tremplin::core::ConvKey::new(
            tremplin::core::Channel::Telegram,
            "91",
        ))
        .await
        .unwrap()
        .expect("in memory until consent");
    assert!(session.urgent.contains("violence"), "{session:?}");
}

#[tokio::test]
async fn a_skipped_number_is_asked_once_more_then_another_format_is_offered() {
    let r = rig(memory_store().await, true, false).await;
    let chat = 92;
    r.text(chat, "/start", "fr").await;
    // Up to the formats of the appointment, then by phone only.
    for a in &ANSWERS[..17] {
        r.answer(chat, a, "fr").await;
    }
    r.text(chat, "2", "fr").await;
    assert!(
        r.last_text(chat).contains("À quel numéro"),
        "{}",
        r.last_text(chat)
    );
    let before = r.sent(chat).len();
    r.text(chat, "passer", "fr").await;
    let again: Vec<String> = r.sent(chat)[before..]
        .iter()
        .map(|c| c.text().to_string())
        .collect();
    assert!(
        again
            .iter()
            .any(|t| t.contains("le service doit pouvoir vous appeler")),
        "{again:?}"
    );
    r.text(chat, "passer", "fr").await;
    assert!(
        r.last_text(chat)
            .contains("Sans numéro, personne ne peut vous appeler"),
        "{}",
        r.last_text(chat)
    );
    let labels: Vec<String> = r.last_buttons(chat).into_iter().map(|(l, _)| l).collect();
    assert_eq!(
        labels,
        [
            "Sur place, dans un bureau",
            "En visio",
            "Je donne un numéro"
        ]
    );
    r.answer(chat, "2", "fr").await;
    assert!(
        r.last_text(chat).contains("Quand êtes-vous disponible"),
        "{}",
        r.last_text(chat)
    );
    let session = r
        .host
        .session_of(&ConvKey::new(Channel::Telegram, chat.to_string()))
        .await
        .unwrap()
        .expect("the person consented");
    assert_eq!(
        session.answers["formats"].value,
        tremplin::engine::Value::Options(vec!["video".into()]),
        "an appointment by video, no longer by phone"
    );
    assert_eq!(
        session.answers["phone"].value,
        tremplin::engine::Value::Skipped
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_chat_that_floods_delays_no_other_chat() {
    for webhook in [false, true] {
        // Telegram's own limits: a private chat about one message a second.
        let r = rig_with(memory_store().await, webhook, false, |c| {
            c.limits = Some(Limits::default());
        })
        .await;
        let (flood, other) = (81, 82);
        r.text(flood, "/start", "fr").await;
        for i in 0..100 {
            let update = mock::text(flood, &format!("message {i}"), "fr");
            match &r.mode {
                Mode::Polling(_) => {
                    r.api.push(update);
                }
                Mode::Webhook(_) => {
                    r.confirm(update).await;
                }
            }
        }
        let asked = Instant::now();
        let update = mock::text(other, "/start", "fr");
        match &r.mode {
            Mode::Polling(_) => {
                r.api.push(update);
            }
            Mode::Webhook(_) => {
                r.confirm(update).await;
            }
        }
        let answered = r
            .api
            .wait_until(Duration::from_secs(30), |calls| {
                calls
                    .iter()
                    .any(|c| c.method == "sendMessage" && c.chat() == Some(other))
            })
            .await;
        let delay = asked.elapsed();
        println!(
            "webhook={webhook}: the other chat's first reply came {} ms after its /start, behind a flood of 100 messages",
            delay.as_millis()
        );
        assert!(answered, "webhook={webhook}: the other chat was answered");
        assert!(
            delay < Duration::from_secs(2),
            "webhook={webhook}: the other chat waited {delay:?}"
        );
        // The flooding chat kept Telegram's pace: at most a burst, then one a second.
        let flood_sends = r.sent(flood).len();
        assert!(
            flood_sends < 10,
            "webhook={webhook}: {flood_sends} messages to the flooding chat so far"
        );
    }
}

/// Waits until `f` holds (10 seconds at most).
async fn until(f: impl Fn() -> bool) {
    for _ in 0..200 {
        if f() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("never held");
}

/// The key of a test chat.
fn key(chat: i64) -> ConvKey {
    ConvKey::new(Channel::Telegram, chat.to_string())
}

#[tokio::test]
async fn a_question_not_delivered_is_sent_again_and_never_answered_unseen() {
    let faults = [
        Fault::Status(StatusCode::INTERNAL_SERVER_ERROR),
        Fault::Hang(Duration::from_secs(2)),
    ];
    for webhook in [false, true] {
        for fault in faults {
            let r = rig(memory_store().await, webhook, false).await;
            let chat = 91;
            r.text(chat, "/start", "fr").await;
            let first = r.last_text(chat);
            // The next question cannot be sent for 3 seconds.
            r.api.fail_for("sendMessage", fault, Duration::from_secs(3));
            let yes = r.last_buttons(chat)[0].1.clone();
            let tap = r.api.tap_last(chat, &yes, "fr");
            // Confirmed to Telegram once its turn is committed, before the reply is sent.
            r.confirm(tap).await;
            let session = r.host.session_of(&key(chat)).await.unwrap();
            // The person did not get it.
            until(|| r.tg.awaits_delivery(chat)).await;
            // An answer typed meanwhile answers no question the person saw: not taken.
            r.confirm(mock::text(chat, "oui", "fr")).await;
            r.tg.sent_all().await;
            assert_eq!(
                r.host.session_of(&key(chat)).await.unwrap(),
                session,
                "webhook={webhook} {fault:?}: the answer to an unseen question was not taken"
            );
            let sent = r.sent(chat);
            let question = sent.last().unwrap();
            assert_ne!(question.text(), first, "webhook={webhook} {fault:?}");
            assert!(
                !question.buttons().is_empty(),
                "webhook={webhook} {fault:?}: the next question, with its buttons"
            );
            assert!(
                !r.api.calls_to("sendMessage!").is_empty(),
                "webhook={webhook} {fault:?}: it failed first"
            );
            // Exactly once after the window.
            let texts: Vec<&str> = sent.iter().map(mock::Call::text).collect();
            assert_eq!(
                texts.iter().filter(|t| **t == question.text()).count(),
                1,
                "webhook={webhook} {fault:?}: {texts:?}"
            );
        }
    }
}

#[tokio::test]
async fn a_reply_given_up_is_sent_again_on_redelivery_or_the_next_message() {
    for webhook in [false, true] {
        let r = rig_with(memory_store().await, webhook, false, |c| {
            c.reply_budget = Duration::from_secs(1);
        })
        .await;
        let chat = 93;
        r.text(chat, "/start", "fr").await;
        r.api.fail_for(
            "sendMessage",
            Fault::Status(StatusCode::BAD_GATEWAY),
            Duration::from_secs(2),
        );
        let yes = r.last_buttons(chat)[0].1.clone();
        let tap = r.deliver(r.api.tap_last(chat, &yes, "fr")).await;
        let before = r.sent(chat).len();
        let session = r.host.session_of(&key(chat)).await.unwrap();
        // The window ends.
        tokio::time::sleep(Duration::from_millis(2100)).await;
        if webhook {
            // Telegram delivers the same update again: the reply it got is sent.
            r.deliver(tap).await;
        } else {
            // The person writes: not an answer to the question they did not see, which
            // comes now.
            r.text(chat, "oui", "fr").await;
        }
        let sent = r.sent(chat);
        assert_eq!(sent.len(), before + 1, "webhook={webhook}");
        assert!(!sent.last().unwrap().buttons().is_empty());
        assert_eq!(
            r.host.session_of(&key(chat)).await.unwrap(),
            session,
            "webhook={webhook}: nothing taken"
        );
        // Now seen: the next answer is taken.
        let tap = r
            .api
            .tap_last(chat, &sent.last().unwrap().buttons()[0].1, "fr");
        r.deliver(tap).await;
        assert_ne!(r.host.session_of(&key(chat)).await.unwrap(), session);
    }
}

#[tokio::test]
async fn every_bot_api_method_is_tried_again_after_errors_and_time_outs() {
    let faults = [
        Fault::Status(StatusCode::SERVICE_UNAVAILABLE),
        Fault::Hang(Duration::from_millis(1500)),
    ];
    for webhook in [false, true] {
        for fault in faults {
            let r = rig(memory_store().await, webhook, false).await;
            let chat = 95;
            let window = Duration::from_secs(1);
            if !webhook {
                r.api.fail_for("getUpdates", fault, window);
            }
            r.text(chat, "/start", "fr").await;
            assert_eq!(r.sent(chat).len(), 1, "webhook={webhook} {fault:?}");
            // A tap: its answer and the keyboard's edit fail for a while, then go (the edit
            // comes after the answer, so its window is longer).
            r.api.fail_for("answerCallbackQuery", fault, window);
            r.api.fail_for("editMessageReplyMarkup", fault, window * 2);
            let yes = r.last_buttons(chat)[0].1.clone();
            r.deliver(r.api.tap_last(chat, &yes, "fr")).await;
            for method in ["answerCallbackQuery", "editMessageReplyMarkup"] {
                assert!(
                    !r.api.calls_to(&format!("{method}!")).is_empty(),
                    "webhook={webhook} {fault:?}: {method} failed first"
                );
                assert_eq!(
                    r.api.calls_to(method).len(),
                    1,
                    "webhook={webhook} {fault:?}: {method} then went"
                );
            }
            // A language change sets the chat's menu again, through a window.
            r.api.fail_for("setMyCommands", fault, window);
            r.text(chat, "/language", "fr").await;
            let buttons = r.last_buttons(chat);
            let english = buttons
                .iter()
                .find(|(l, _)| l.contains("English"))
                .map(|(_, d)| d.clone())
                .expect("English offered");
            r.deliver(r.api.tap_last(chat, &english, "fr")).await;
            let menus = r.api.calls_to("setMyCommands");
            assert!(
                menus
                    .iter()
                    .any(|c| c.body["scope"]["chat_id"].as_i64() == Some(chat)),
                "webhook={webhook} {fault:?}: the chat's menu was set"
            );
            // A calendar file through a window.
            r.api.fail_for("sendDocument", fault, window);
            let sender = TelegramSender(r.tg.clone());
            let sent = sender
                .send_calendar(
                    &chat.to_string(),
                    CalendarFile {
                        name: "rendez-vous.ics",
                        ics: "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
                    },
                )
                .await;
            assert!(sent.is_ok(), "webhook={webhook} {fault:?}: {sent:?}");
            assert_eq!(r.api.calls_to("sendDocument").len(), 1);
            assert!(!r.api.calls_to("sendDocument!").is_empty());
        }
    }
}

#[tokio::test]
async fn the_commands_menu_follows_a_new_conversation_in_another_language() {
    for webhook in [false, true] {
        let r = rig(memory_store().await, webhook, false).await;
        let chat = 97;
        let chat_menus = |r: &Rig| -> Vec<String> {
            r.api
                .calls_to("setMyCommands")
                .iter()
                .filter(|c| c.body["scope"]["chat_id"].as_i64() == Some(chat))
                .map(|c| {
                    c.body["commands"][0]["description"]
                        .as_str()
                        .unwrap_or_default()
                        .to_string()
                })
                .collect()
        };
        r.text(chat, "/start", "fr").await;
        let yes = r.last_buttons(chat)[0].1.clone();
        r.deliver(r.api.tap_last(chat, &yes, "fr")).await;
        assert_eq!(chat_menus(&r).len(), 1, "webhook={webhook}: set once");
        r.text(chat, "/erase", "fr").await;
        let yes = r.last_buttons(chat)[0].1.clone();
        r.deliver(r.api.tap_last(chat, &yes, "fr")).await;
        assert!(r.last_text(chat).contains("effac"), "{}", r.last_text(chat));
        // A new conversation, the app now in Ukrainian.
        r.text(chat, "/start", "uk").await;
        let menus = chat_menus(&r);
        assert_eq!(menus.len(), 2, "webhook={webhook}: {menus:?}");
        let uk = r.host.catalog().locales.render(
            "uk",
            &tremplin::engine::Msg::new("telegram-command-start"),
            tremplin::i18n::Isolation::Plain,
        );
        assert_eq!(menus[1], uk, "webhook={webhook}");
    }
}

#[tokio::test]
async fn a_blocked_chat_that_writes_anything_is_unblocked_and_nobody_is_welcomed_back_unseen() {
    let r = rig(memory_store().await, false, false).await;
    // Blocked before the very first reply.
    let chat = 99;
    r.api.block(chat);
    r.text(chat, "/start", "fr").await;
    assert!(r.host.store().opted_out(&key(chat)).await.unwrap());
    // A sticker says the person is back.
    r.api.unblock(chat);
    r.deliver(mock::message_update(
        chat,
        json!({"sticker": {"file_id": "s", "file_unique_id": "s", "type": "regular",
            "width": 512, "height": 512, "is_animated": false, "is_video": false}}),
        "fr",
    ))
    .await;
    assert!(!r.host.store().opted_out(&key(chat)).await.unwrap());
    // They read nothing before: not welcomed back.
    r.text(chat, "/start", "fr").await;
    let text = r.last_text(chat);
    assert!(!text.contains("Bon retour"), "{text}");
    assert!(text.contains("Bonjour"), "{text}");
    // An edit unblocks too.
    r.api.block(chat);
    r.text(chat, "1", "fr").await;
    assert!(r.host.store().opted_out(&key(chat)).await.unwrap());
    r.api.unblock(chat);
    let mut edited = mock::text(chat, "oui", "fr");
    edited["edited_message"] = edited["message"].take();
    edited.as_object_mut().unwrap().remove("message");
    edited["edited_message"]["edit_date"] = json!(1_767_600_100);
    r.deliver(edited).await;
    assert!(!r.host.store().opted_out(&key(chat)).await.unwrap());
}

/// Each line of an Arabic text as a phone lays it out: its paragraph direction by the Unicode
/// bidi algorithm must be right to left.
fn assert_right_to_left(text: &str, what: &str) {
    for line in text.split('\n').filter(|l| !l.trim().is_empty()) {
        let info = unicode_bidi::BidiInfo::new(line, None);
        assert!(
            info.paragraphs[0].level.is_rtl(),
            "{what}: reads left to right: {line:?}"
        );
    }
}

#[tokio::test]
async fn every_arabic_line_reads_right_to_left_on_telegram_and_by_sms() {
    let inputs = ["/start", "نعم", "1", "نعم", "٣٤", "/mydata", "/help"];
    // Telegram.
    let r = rig(memory_store().await, false, false).await;
    let chat = 101;
    for a in inputs {
        r.answer(chat, a, "ar").await;
    }
    let mut marked = 0;
    for c in r.sent(chat) {
        assert_right_to_left(c.text(), "telegram");
        marked += c
            .text()
            .lines()
            .filter(|l| l.starts_with('\u{200F}'))
            .count();
    }
    assert!(marked > 0, "some lines needed the mark");
    // SMS, as the webhook's host renders it.
    let sms = ConvKey::new(Channel::Sms, "+33612345678".to_string());
    for (i, a) in ["/start", "العربية", "نعم", "نعم", "٣٤", "/mydata", "/help"]
        .iter()
        .enumerate()
    {
        let reply = r
            .host
            .handle(
                tremplin::app::Inbound {
                    key: sms.clone(),
                    input: tremplin::channels::telegram::command_input(a),
                    external_id: Some(format!("SM{i}")),
                    language_hint: None,
                    language_guess: None,
                },
                tremplin::i18n::render::Surface::Plain,
            )
            .await
            .unwrap();
        if reply.locale == "ar" {
            assert_right_to_left(&reply.text, "sms");
        }
    }
}

/// A measure, not a check (run with `--ignored --nocapture`): 2,000 updates from 200 chats at
/// once, long polling, under Telegram's own limits.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a measure: run it on its own"]
async fn measure_2000_updates_from_200_chats_under_telegram_limits() {
    let r = rig_with(memory_store().await, false, false, |c| {
        c.limits = Some(Limits::default());
    })
    .await;
    let started = Instant::now();
    let mut last = 0;
    for i in 0..10 {
        for chat in 0..200 {
            let text = if i == 0 { "/start" } else { "bonjour" };
            let u = r.api.push(mock::text(1_000 + chat, text, "fr"));
            last = u["update_id"].as_u64().unwrap() as u32;
        }
    }
    assert!(r.api.wait_confirmed(last).await);
    let confirmed = started.elapsed();
    r.tg.sent_all().await;
    let done = started.elapsed();
    let sent = r.api.calls_to("sendMessage").len();
    println!(
        "2,000 updates from 200 chats: all confirmed in {:.1} s, all replies sent in {:.1} s ({sent} messages, {:.1} messages/s)",
        confirmed.as_secs_f64(),
        done.as_secs_f64(),
        sent as f64 / done.as_secs_f64()
    );
}

/// `tremplin serve` with Telegram on over the mock Bot API: by webhook, or by long polling.
fn telegram_serve(database: &str, api: &MockApi, webhook: bool) -> support::serve::Serve {
    let serve = support::serve::Serve::new(database, "http://127.0.0.1:9")
        .env("TELEGRAM_BOT_TOKEN", support::web::BOT_TOKEN)
        .env("TELEGRAM_API_URL", &api.url);
    if webhook {
        serve
            .env("TELEGRAM_WEBHOOK_URL", &support::web::hook_url())
            .env("TELEGRAM_WEBHOOK_SECRET", SECRET)
    } else {
        serve
    }
}

/// Hands an update to a running process as Telegram would, and returns once Telegram holds
/// it as delivered: the webhook answered 200, or the poller confirmed it.
async fn hand_over(server: &support::serve::Server, api: &MockApi, webhook: bool, update: Value) {
    if webhook {
        let mut update = update;
        update["update_id"] = json!(api.next_update_id());
        let status = reqwest::Client::new()
            .post(format!("{}/telegram/hook", server.base))
            .header(SECRET_HEADER, SECRET)
            .json(&update)
            .send()
            .await
            .expect("the webhook answers")
            .status();
        assert_eq!(status, reqwest::StatusCode::OK, "{}", server.log());
    } else {
        let update = api.push(update);
        let id = update["update_id"].as_u64().unwrap() as u32;
        assert!(api.wait_confirmed(id).await, "update {id} confirmed");
    }
}

/// The messages sent to a chat that Telegram accepted.
fn accepted(api: &MockApi, chat: i64) -> Vec<mock::Call> {
    accepted_of(&api.calls(), chat)
}

/// The same, among `calls`.
fn accepted_of(calls: &[mock::Call], chat: i64) -> Vec<mock::Call> {
    calls
        .iter()
        .filter(|c| c.method == "sendMessage" && c.chat() == Some(chat))
        .cloned()
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reply_committed_but_not_sent_when_the_process_is_killed_is_sent_at_restart() {
    let runs = support::serve::kinds()
        .into_iter()
        .flat_map(|kind| [(kind, true), (kind, false)]);
    for (kind, webhook) in runs {
        let api = MockApi::start().await.expect("mock");
        let database = support::serve::database(kind).await;
        let serve = telegram_serve(&database, &api, webhook);
        let mut server = serve
            .start(&format!("telegram-kill-{kind}-{webhook}"))
            .await;
        let chat = 4242;
        hand_over(&server, &api, webhook, mock::text(chat, "/start", "fr")).await;
        assert!(
            api.wait_until(Duration::from_secs(60), |calls| !accepted_of(calls, chat)
                .is_empty())
                .await,
            "webhook={webhook}: the first question: {}",
            server.log()
        );
        let first = accepted(&api, chat);
        // The consent is given; the next question cannot be sent: the Bot API hangs.
        api.fail_for(
            "sendMessage",
            Fault::Hang(Duration::from_secs(5)),
            Duration::from_secs(5),
        );
        let yes = first.last().unwrap().buttons()[0].1.clone();
        let tap = api.tap_last(chat, &yes, "fr");
        hand_over(&server, &api, webhook, tap).await;
        // Telegram holds the update as delivered; the process dies before the reply is sent.
        support::serve::signal(server.pid(), "KILL");
        server.wait();
        assert_eq!(
            accepted(&api, chat).len(),
            first.len(),
            "webhook={webhook}: not sent before the crash"
        );
        // The reply is kept, sealed: no clear text of it in the database.
        drop(support::serve::store_of(&database).await);
        let pool = &sqlx::AnyPool::connect(&database).await.unwrap();
        let kept: Vec<String> =
            sqlx::query_scalar("SELECT reply FROM inbound WHERE pending IS NOT NULL")
                .fetch_all(pool)
                .await
                .unwrap();
        assert_eq!(kept.len(), 1, "webhook={webhook}: the reply is kept");
        assert!(
            !kept[0].contains("buttons") && !kept[0].contains("locale"),
            "webhook={webhook}: sealed"
        );
        api.fail_for("sendMessage", Fault::Hang(Duration::ZERO), Duration::ZERO);
        let server = server
            .restart(&format!("telegram-restart-{kind}-{webhook}"))
            .await;
        assert!(
            api.wait_until(Duration::from_secs(60), |calls| accepted_of(calls, chat)
                .len()
                > first.len())
                .await,
            "webhook={webhook}: the reply arrives after the restart: {}",
            server.log()
        );
        let question = accepted(&api, chat).last().unwrap().clone();
        assert_ne!(question.text(), first.last().unwrap().text());
        assert!(
            !question.buttons().is_empty(),
            "webhook={webhook}: the next question with its buttons"
        );
        // Delivered: not kept any more, and sent once.
        for _ in 0..100 {
            let pending: i64 =
                sqlx::query_scalar("SELECT COUNT(*) FROM inbound WHERE pending IS NOT NULL")
                    .fetch_one(pool)
                    .await
                    .unwrap();
            if pending == 0 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let pending: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM inbound WHERE pending IS NOT NULL")
                .fetch_one(pool)
                .await
                .unwrap();
        assert_eq!(pending, 0, "webhook={webhook}: marked delivered");
        // The person answers the question they now see: taken.
        let before = accepted(&api, chat).len();
        let tap = api.tap_last(chat, &question.buttons()[0].1, "fr");
        hand_over(&server, &api, webhook, tap).await;
        assert!(
            api.wait_until(Duration::from_secs(60), |calls| accepted_of(calls, chat)
                .len()
                > before)
                .await,
            "webhook={webhook}: the next answer is taken: {}",
            server.log()
        );
        let texts: Vec<String> = accepted(&api, chat)
            .iter()
            .map(|c| c.text().to_string())
            .collect();
        assert_eq!(
            texts.iter().filter(|t| **t == question.text()).count(),
            1,
            "webhook={webhook}: sent once: {texts:?}"
        );
    }
}
