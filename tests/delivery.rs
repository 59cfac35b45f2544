//! What becomes of the messages the service sends first (staff notices, reminders), through
//! the public interfaces: the outbox worker sends them to a mock of the provider, each asking
//! for its delivery status; the mock's status callbacks come back signed to `/sms/status`
//! (forged ones refused); staff read each message's status on the booking page; a number the
//! provider calls unknown is flagged and sent nothing more; on WhatsApp, outside the 24-hour
//! window, a message goes as its approved template, and a missing template is a status staff
//! and `/metrics` see.

mod support;

use std::path::Path;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use tower::ServiceExt;

use tremplin::app::Host;
use tremplin::catalog::Catalog;
use tremplin::catalog::whatsapp::WhatsAppTemplates;
use tremplin::channels::sms::RestSender;
use tremplin::core::{Channel, Clock, ConvKey, ManualClock};
use tremplin::notify::OutboxWorker;
use tremplin::storage::Store;
use tremplin::storage::bookings::WaitingRequest;
use tremplin::storage::staff::Role;
use tremplin::transcript::T0;
use tremplin::web::AppState;
use tremplin::web::staff::StaffConfig;

use support::browser::{Browser, account};
use support::twilio::{self, Answer, Callback, Mock, PUBLIC, TOKEN};

/// Templates for two notices and the reminder, in French only.
const TEMPLATES: &str = r#"
[booking-reminder]
variables = ["when", "place", "reference"]
content_sid.fr = "HX00000000000000000000000000000001"

[staff-notice-confirmed]
variables = ["when", "place", "reference"]
content_sid.fr = "HX00000000000000000000000000000002"
"#;

struct World {
    app: Router,
    host: Arc<Host>,
    clock: Arc<ManualClock>,
    store: Store,
    provider: Mock,
}

impl World {
    async fn new(store: Store, catalog: Arc<Catalog>) -> Self {
        Self::with(store, catalog, Mock::start().await).await
    }

    async fn with(store: Store, catalog: Arc<Catalog>, provider: Mock) -> Self {
        let clock = Arc::new(ManualClock::new(T0));
        let host = Arc::new(
            Host::new(store.clone(), catalog, Default::default(), clock.clone()).expect("host"),
        );
        let app = tremplin::web::app_with_staff(
            AppState {
                host: host.clone(),
                sms: Some(twilio::config()),
                telegram: None,
            },
            StaffConfig {
                insecure_http: false,
                clock: clock.clone(),
                public_url: Some(PUBLIC.into()),
            },
        );
        account(&store, "accueil@x.fr", Role::Reception, None).await;
        Self {
            app,
            host,
            clock,
            store,
            provider,
        }
    }

    /// One round of the outbox worker, as `serve` runs it, at the clock's time.
    async fn send_due(&self) -> usize {
        let sender = |whatsapp| {
            Arc::new(
                RestSender::new(
                    &self.provider.url,
                    "ACtest",
                    TOKEN,
                    "+33700000000",
                    whatsapp,
                )
                .unwrap()
                .with_status_callback(PUBLIC),
            )
        };
        OutboxWorker::new(self.host.clone())
            .with_sender("sms", sender(false))
            .with_sender("whatsapp", sender(true))
            .run_once(self.clock.unix())
            .await
            .expect("outbox")
    }

    /// Posts the provider's status callbacks, signed as the provider signs them.
    async fn report(&self, callbacks: Vec<Callback>) {
        for c in callbacks {
            assert_eq!(c.url, format!("{PUBLIC}/sms/status"));
            let res = self.post(twilio::status_callback(TOKEN, &c.form)).await;
            assert_eq!(res, StatusCode::NO_CONTENT, "{:?}", c.form);
        }
    }

    async fn post(&self, req: Request<Body>) -> StatusCode {
        self.app.clone().oneshot(req).await.unwrap().status()
    }

    async fn metrics(&self) -> String {
        let res = self
            .app
            .clone()
            .oneshot(Request::get("/metrics").body(Body::empty()).unwrap())
            .await
            .unwrap();
        let bytes = axum::body::to_bytes(res.into_body(), 1 << 20)
            .await
            .unwrap();
        String::from_utf8_lossy(&bytes).into_owned()
    }

    /// A booking for a new person on this channel, the `n`-th free slot of the CD37; the
    /// booking's id and start.
    async fn booking(&self, key: &ConvKey, locale: &str, n: usize) -> (String, i64) {
        let person = self.store.add_person(key, locale, T0).await.unwrap();
        let reference = format!("REF{n}");
        let id = support::booking::book(&self.store, &person, "cd37", n, &reference, false).await;
        let start = self
            .store
            .staff_booking(&id)
            .await
            .unwrap()
            .unwrap()
            .starts_at;
        (id, start)
    }

    /// Staff confirm a booking from its page: the person gets a notice.
    async fn confirm(&self, booking: &str) {
        self.act(booking, "confirm", &[]).await;
    }

    /// Staff act on a booking from its page (the person gets a notice).
    async fn act(&self, booking: &str, action: &str, fields: &[(&str, &str)]) {
        let mut staff = Browser::logged_in(&self.app, "accueil@x.fr").await;
        staff
            .act_on(
                &format!("/staff/bookings/{booking}"),
                action,
                fields,
                "staff-done",
            )
            .await;
    }

    /// The page of a waiting request for the person of a booking, as staff see it.
    async fn request_page(&self, booking: &str) -> String {
        let person = self
            .store
            .staff_booking(booking)
            .await
            .unwrap()
            .unwrap()
            .person_id;
        self.store
            .add_waiting_request(&WaitingRequest {
                person_id: person.as_deref().unwrap(),
                territory: "indre-et-loire",
                partner: "cd37",
                parcours: None,
                lead: None,
                urgent: false,
                now: self.clock.unix(),
            })
            .await
            .unwrap();
        let request = self
            .store
            .staff_requests(&Default::default(), None, false, 10)
            .await
            .unwrap()
            .into_iter()
            .find(|r| r.person_id == person)
            .expect("the request")
            .id;
        let mut staff = Browser::logged_in(&self.app, "accueil@x.fr").await;
        let page = staff.get(&format!("/staff/requests/{request}")).await;
        assert_eq!(page.status, StatusCode::OK);
        page.body
    }

    /// The booking's page as staff see it.
    async fn page(&self, booking: &str) -> String {
        let mut staff = Browser::logged_in(&self.app, "accueil@x.fr").await;
        let page = staff.get(&format!("/staff/bookings/{booking}")).await;
        assert_eq!(page.status, StatusCode::OK);
        page.body
    }
}

/// The delivery status of the message whose line on a page contains `needle`.
fn status_of(page: &str, needle: &str) -> String {
    page.split("<li>")
        .find(|li| li.contains(needle) && li.contains("data-status"))
        .map(|li| statuses(li)[0].clone())
        .unwrap_or_else(|| panic!("no message with {needle}"))
}

/// The delivery statuses shown on a page, in order.
fn statuses(page: &str) -> Vec<String> {
    page.split("data-status=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn delivery_statuses_come_back_signed_and_staff_see_them() {
    for (name, store) in support::stores().await {
        let w = World::new(store.clone(), support::catalog()).await;
        let key = ConvKey::new(Channel::Sms, "+33611110001");
        let (booking, start) = w.booking(&key, "fr", 4).await;
        assert!(
            start - 86_400 > T0 + 5,
            "{name}: the reminder is not due at once"
        );
        w.confirm(&booking).await;
        w.clock.advance(5);
        assert_eq!(w.send_due().await, 1, "{name}: the confirmation");
        let sent = w.provider.received();
        assert_eq!(
            sent[0].field("StatusCallback"),
            format!("{PUBLIC}/sms/status"),
            "{name}: every message asks for its status"
        );
        assert!(sent[0].body().contains("REF4"), "{name}");
        assert_eq!(
            statuses(&w.page(&booking).await),
            ["queued", "waiting"],
            "{name}"
        );

        let callbacks = w.provider.take_callbacks();
        assert_eq!(callbacks.len(), 2, "{name}: sent, then delivered");
        // Forged, unsigned, signed for another address, or not a form: refused, nothing stored.
        let forged = twilio::status_callback("another-token", &callbacks[1].form);
        assert_eq!(w.post(forged).await, StatusCode::FORBIDDEN, "{name}");
        let body = twilio::form(&callbacks[1].form);
        let unsigned = Request::post("/sms/status")
            .header("content-type", twilio::FORM)
            .body(Body::from(body.clone()))
            .unwrap();
        assert_eq!(w.post(unsigned).await, StatusCode::FORBIDDEN, "{name}");
        let inbound_signature = twilio::sign(body.as_bytes());
        let elsewhere = Request::post("/sms/status")
            .header("content-type", twilio::FORM)
            .header("x-twilio-signature", inbound_signature)
            .body(Body::from(body))
            .unwrap();
        assert_eq!(w.post(elsewhere).await, StatusCode::FORBIDDEN, "{name}");
        assert_eq!(statuses(&w.page(&booking).await)[0], "queued", "{name}");
        // Bad input: a precise 400.
        let bad =
            twilio::status_callback(TOKEN, &[("MessageSid", "SM1"), ("MessageStatus", "lost")]);
        assert_eq!(w.post(bad).await, StatusCode::BAD_REQUEST, "{name}");
        let bad = twilio::status_callback(TOKEN, &[("MessageStatus", "sent")]);
        assert_eq!(w.post(bad).await, StatusCode::BAD_REQUEST, "{name}");

        // Signed: stored. A late "sent" never hides "delivered".
        w.report(callbacks.clone()).await;
        w.report(vec![callbacks[0].clone()]).await;
        let page = w.page(&booking).await;
        assert_eq!(statuses(&page), ["delivered", "waiting"], "{name}");
        assert!(page.contains("REF4"), "{name}");

        // The reminder: the provider says the number does not exist.
        w.provider
            .report(|_| vec![("sent", None), ("undelivered", Some(30_005))]);
        set(&w.clock, start - 86_400 + 1);
        assert_eq!(w.send_due().await, 1, "{name}: the reminder");
        w.report(w.provider.take_callbacks()).await;
        let page = w.page(&booking).await;
        assert_eq!(statuses(&page), ["delivered", "undelivered"], "{name}");
        assert!(
            page.contains("id=\"unreachable\"") && page.contains("30005"),
            "{name}: the contact is flagged for staff"
        );
        assert!(
            w.metrics()
                .await
                .contains("tremplin_unreachable_contacts 1"),
            "{name}"
        );
        // Nothing more is sent to that number, and nothing is retried.
        // (A cancellation asks first, then waits out its undo window before the person is told.)
        w.act(
            &booking,
            "cancel",
            &[("reason", "test"), ("confirmed", "yes")],
        )
        .await;
        w.clock.advance(tremplin::app::staff::UNDO_WINDOW + 1);
        assert_eq!(w.send_due().await, 0, "{name}");
        assert_eq!(w.provider.received().len(), 2, "{name}");
        assert_eq!(
            statuses(&w.page(&booking).await),
            ["delivered", "undelivered", "not-sent"],
            "{name}"
        );
        // A waiting request of the same person shows the same.
        let page = w.request_page(&booking).await;
        assert_eq!(
            statuses(&page),
            ["delivered", "undelivered", "not-sent"],
            "{name}"
        );
        assert!(page.contains("id=\"unreachable\""), "{name}");
        // The person writes again: their number works, the flag goes.
        let hello = twilio::signed(&[
            ("From", "+33611110001"),
            ("MessageSid", "SMin0001"),
            ("Body", "bonjour"),
        ]);
        assert_eq!(w.post(hello).await, StatusCode::OK, "{name}");
        assert!(
            !w.page(&booking).await.contains("id=\"unreachable\""),
            "{name}"
        );
    }
}

/// Sets a manual clock to `at` (forward only).
fn set(clock: &ManualClock, at: i64) {
    let now = clock.unix();
    assert!(at >= now, "the clock goes forward");
    clock.advance(at - now);
}

fn with_templates() -> Arc<Catalog> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut c = Catalog::load(&root.join("dialogues"), &root.join("locales")).expect("catalog");
    c.whatsapp = WhatsAppTemplates::parse("test", TEMPLATES, &c.locales).expect("templates");
    Arc::new(c)
}

#[tokio::test]
async fn whatsapp_outside_the_window_goes_as_a_template_or_staff_see_why_not() {
    let catalog = with_templates();
    for (name, store) in support::stores().await {
        let w = World::new(store.clone(), catalog.clone()).await;
        let to = "whatsapp:+33622220001";
        let key = ConvKey::new(Channel::WhatsApp, "+33622220001");
        let (booking, start) = w.booking(&key, "fr", 5).await;
        assert!(
            start - 86_400 > T0 + 86_400,
            "{name}: the reminder falls outside the window"
        );

        // Within the day after the person's last message, free text goes; the provider says
        // the window is closed (63016): the notice goes again, as its template.
        w.confirm(&booking).await;
        w.clock.advance(60);
        assert_eq!(w.send_due().await, 1, "{name}");
        let first = w.provider.received();
        assert!(first[0].body().contains("REF5") && first[0].field("ContentSid").is_empty());
        w.report(w.provider.take_callbacks()).await;
        assert_eq!(
            status_of(&w.page(&booking).await, "REF5"),
            "waiting",
            "{name}: failed, to be sent again"
        );
        assert_eq!(w.send_due().await, 1, "{name}: again, as a template");
        let again = &w.provider.received()[1];
        assert_eq!(
            again.field("ContentSid"),
            "HX00000000000000000000000000000002"
        );
        assert!(
            again.body().is_empty(),
            "{name}: no free text with a template"
        );
        let vars: serde_json::Value =
            serde_json::from_str(again.field("ContentVariables")).expect("JSON");
        assert_eq!(vars["3"], "REF5", "{name}: {vars}");
        assert!(!vars["1"].as_str().unwrap().is_empty() && !vars["2"].as_str().unwrap().is_empty());
        w.report(w.provider.take_callbacks()).await;
        assert_eq!(
            status_of(&w.page(&booking).await, "REF5"),
            "delivered",
            "{name}"
        );

        // Two days later the reminder goes as its template at once, never as free text.
        set(&w.clock, start - 86_400 + 1);
        assert_eq!(w.send_due().await, 1, "{name}");
        let reminder = &w.provider.received()[2];
        assert_eq!(reminder.field("To"), to);
        assert_eq!(
            reminder.field("ContentSid"),
            "HX00000000000000000000000000000001"
        );
        assert!(reminder.body().is_empty());

        // A person in Russian, for whom no template is declared, a day after their last
        // message: nothing goes, staff see why.
        let ru = ConvKey::new(Channel::WhatsApp, "+33622220002");
        let (other, _) = w.booking(&ru, "ru", 6).await;
        w.confirm(&other).await;
        let before = w.provider.received().len();
        assert_eq!(w.send_due().await, 0, "{name}");
        assert_eq!(w.provider.received().len(), before, "{name}: nothing sent");
        let page = w.page(&other).await;
        assert_eq!(status_of(&page, "REF6"), "no-template", "{name}");
        assert!(page.contains("aucun modèle WhatsApp approuvé"), "{name}");
        assert!(
            w.metrics()
                .await
                .contains("tremplin_outbox_messages{delivery=\"no-template\"} 1"),
            "{name}"
        );
    }
}

#[tokio::test]
async fn a_reminder_is_never_sent_after_the_appointment() {
    for (name, store) in support::stores().await {
        let w = World::new(store.clone(), support::catalog()).await;
        let key = ConvKey::new(Channel::Sms, "+33611110003");
        let (booking, start) = w.booking(&key, "fr", 3).await;
        // The provider fails the reminder for a while (not the number's fault): it is sent
        // again later, until the appointment time, never after.
        w.provider.report(|_| vec![("failed", Some(30_008))]);
        set(&w.clock, start - 86_400 + 1);
        assert_eq!(w.send_due().await, 1, "{name}");
        w.report(w.provider.take_callbacks()).await;
        assert_eq!(
            statuses(&w.page(&booking).await),
            ["waiting"],
            "{name}: to be sent again"
        );
        set(&w.clock, start + 60);
        assert_eq!(w.send_due().await, 0, "{name}");
        assert_eq!(
            w.provider.received().len(),
            1,
            "{name}: not after the appointment"
        );
        assert_eq!(statuses(&w.page(&booking).await), ["none"], "{name}");
    }
}

#[tokio::test]
async fn refusals_at_send_time_mean_what_late_reports_mean() {
    let catalog = with_templates();
    // The provider refuses at once: a number that is not a mobile (21614); free text to a
    // WhatsApp number whose window is closed (63016).
    let provider = Mock::with(|sent, _| match sent.field("To") {
        "+33611110009" => Answer::Refuse(
            StatusCode::BAD_REQUEST,
            r#"{"code": 21614, "message": "not a mobile number"}"#,
        ),
        "whatsapp:+33622220009" if sent.field("ContentSid").is_empty() => Answer::Refuse(
            StatusCode::BAD_REQUEST,
            r#"{"code": 63016, "message": "outside the allowed window"}"#,
        ),
        _ => Answer::Accept,
    })
    .await;
    for (name, store) in support::stores().await {
        provider.clear();
        let w = World::with(store.clone(), catalog.clone(), provider.clone()).await;
        let (landline, _) = w
            .booking(&ConvKey::new(Channel::Sms, "+33611110009"), "fr", 2)
            .await;
        let (closed, _) = w
            .booking(&ConvKey::new(Channel::WhatsApp, "+33622220009"), "fr", 3)
            .await;
        w.confirm(&landline).await;
        w.confirm(&closed).await;
        w.clock.advance(5);
        assert_eq!(
            w.send_due().await,
            1,
            "{name}: the WhatsApp notice, as a template"
        );
        let sent = w.provider.received();
        assert_eq!(
            sent.len(),
            3,
            "{name}: the SMS once, the WhatsApp text then its template"
        );
        assert!(
            sent.iter()
                .any(|s| s.field("ContentSid") == "HX00000000000000000000000000000002")
        );
        let page = w.page(&landline).await;
        assert_eq!(status_of(&page, "REF2"), "failed", "{name}");
        assert!(
            page.contains("id=\"unreachable\"") && page.contains("21614"),
            "{name}"
        );
        assert_eq!(w.send_due().await, 0, "{name}: no retry");
        assert_eq!(w.provider.received().len(), 3, "{name}");
        assert_eq!(
            status_of(&w.page(&closed).await, "REF3"),
            "queued",
            "{name}"
        );
    }
}

#[test]
fn a_templates_file_is_checked_whole() {
    let catalog = support::catalog();
    let bad = r#"
[no-such-message]
variables = []

[booking-reminder]
variables = ["when", "nope"]
content_sid = { fr = "HX123", xx = "HX00000000000000000000000000000001" }
"#;
    let problems = WhatsAppTemplates::parse("t.toml", bad, &catalog.locales)
        .expect_err("problems")
        .to_string();
    for expected in [
        "'no-such-message' is not a message",
        "has no variable 'nope'",
        "'xx' is not a loaded locale",
        "'HX123' is not a content id",
    ] {
        assert!(problems.contains(expected), "{expected}: {problems}");
    }
    assert!(
        WhatsAppTemplates::parse(
            "t.toml",
            "[booking-reminder]\nvariable = []\n",
            &catalog.locales
        )
        .is_err(),
        "unknown keys are refused"
    );
    // The shipped file declares every message the outbox sends first, without content ids:
    // each deployment gets its own approved templates.
    let shipped = &catalog.whatsapp;
    assert_eq!(shipped.messages().count(), 8);
    assert_eq!(shipped.missing(catalog.locales.tags()).len(), 8 * 8);
}
