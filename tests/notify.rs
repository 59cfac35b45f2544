//! The outbox worker: appointment reminders are sent through the person's channel in their
//! language, exactly once, even when the worker restarts or another worker runs beside it;
//! a reminder for a cancelled appointment is never sent.

mod support;

use std::sync::{Arc, Mutex};

use tremplin::core::{Channel, ConvKey};
use tremplin::notify::{CalendarFile, OutboxWorker, SendFuture, Sender};

#[derive(Default)]
struct Recorder(Mutex<Vec<(String, String)>>, Mutex<Vec<String>>);

impl Sender for Recorder {
    fn send<'a>(&'a self, address: &'a str, text: &'a str) -> SendFuture<'a> {
        self.0
            .lock()
            .unwrap()
            .push((address.to_string(), text.to_string()));
        Box::pin(async { Ok(()) })
    }

    fn send_calendar<'a>(&'a self, _address: &'a str, file: CalendarFile<'a>) -> SendFuture<'a> {
        self.1.lock().unwrap().push(file.ics.to_string());
        Box::pin(async { Ok(()) })
    }
}

/// A whole diagnostic, then "other dates" twice, so that the appointment is far enough ahead
/// for both reminders.
const TO_BOOKING: [&str; 26] = [
    "1", "oui", "oui", "oui", "40", "37000", "3", "2", "5", "1", "2", "3", "3", "2", "1", "4", "9",
    "2", "1", "1", "5", "passer", "oui", "4", "4", "1",
];

#[tokio::test]
async fn reminders_are_sent_once_across_restarts_and_never_for_a_cancelled_appointment() {
    for (name, store) in support::stores().await {
        let (host, clock) = support::host(store.clone());
        let host = std::sync::Arc::new(host);
        let k = ConvKey::new(Channel::Telegram, "4242");
        support::say(&host, &k, None, None).await;
        let mut last = String::new();
        for line in TO_BOOKING.iter().filter(|l| !l.is_empty()) {
            clock.advance(20);
            last = support::say(&host, &k, Some(line), None).await.text;
        }
        assert!(last.contains("réservé"), "{name}: {last}");
        let person = store.find_person(&k).await.unwrap().unwrap();
        let booking = store
            .active_booking(&person.id, clock_now(&clock))
            .await
            .unwrap()
            .expect("booked");
        assert_eq!(
            store.counts().await.unwrap().outbox,
            3,
            "{name}: the calendar file, reminders at 48 h and 24 h"
        );

        let sent = Arc::new(Recorder::default());
        let worker = || OutboxWorker::new(host.clone()).with_sender("telegram", sent.clone());
        // The calendar file goes at once; the reminders are not due yet.
        assert_eq!(worker().run_once(clock_now(&clock)).await.unwrap(), 1);
        let ics = sent.1.lock().unwrap().clone();
        assert_eq!(ics.len(), 1, "{name}");
        assert!(
            ics[0].contains("BEGIN:VEVENT") && ics[0].contains("TZID=Europe/Paris"),
            "{}",
            ics[0]
        );
        assert!(sent.0.lock().unwrap().is_empty());
        let at_47h = booking.starts_at - 47 * 3600;
        assert_eq!(
            worker().run_once(at_47h).await.unwrap(),
            1,
            "{name}: the 48 h reminder"
        );
        // A restarted worker, and a second one beside it, send nothing more.
        assert_eq!(worker().run_once(at_47h + 5).await.unwrap(), 0, "{name}");
        assert_eq!(worker().run_once(at_47h + 3600).await.unwrap(), 0, "{name}");
        let at_23h = booking.starts_at - 23 * 3600;
        let (w1, w2) = (worker(), worker());
        let (a, b) = tokio::join!(w1.run_once(at_23h), w2.run_once(at_23h));
        assert_eq!(
            a.unwrap() + b.unwrap(),
            1,
            "{name}: two workers at once send the 24 h reminder once"
        );
        let log = sent.0.lock().unwrap().clone();
        assert_eq!(log.len(), 2);
        assert!(
            log.iter().all(|(to, text)| to == "4242"
                && text.starts_with("Rappel : votre rendez-vous est")
                && text.contains(&booking.reference)),
            "{log:?}"
        );

        // A worker that leased a message and died: the message waits for the lease, then goes once.
        let k2 = ConvKey::new(Channel::Telegram, "4343");
        support::say(&host, &k2, None, None).await;
        for line in TO_BOOKING.iter().filter(|l| !l.is_empty()) {
            clock.advance(20);
            support::say(&host, &k2, Some(line), None).await;
        }
        let p2 = store.find_person(&k2).await.unwrap().unwrap();
        let b2 = store
            .active_booking(&p2.id, clock_now(&clock))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            worker().run_once(clock_now(&clock)).await.unwrap(),
            1,
            "{name}: its calendar file"
        );
        let due = b2.starts_at - 47 * 3600;
        let leased = store.claim_due(due, 10, 120).await.unwrap();
        assert_eq!(leased.len(), 1, "{name}");
        assert_eq!(
            worker().run_once(due + 60).await.unwrap(),
            0,
            "{name}: still leased"
        );
        assert_eq!(
            worker().run_once(due + 121).await.unwrap(),
            1,
            "{name}: sent after the lease ran out"
        );

        // Cancelled: the pending reminder is dropped.
        store
            .set_booking_status(
                &b2.id,
                tremplin::core::BookingStatus::Cancelled,
                "person",
                None,
                due + 200,
            )
            .await
            .unwrap();
        assert_eq!(
            worker().run_once(b2.starts_at - 23 * 3600).await.unwrap(),
            0,
            "{name}"
        );
    }
}

fn clock_now(clock: &tremplin::core::ManualClock) -> i64 {
    use tremplin::core::Clock;
    clock.unix()
}
