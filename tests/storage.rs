//! Consent-first storage, on SQLite and (with `TEST_POSTGRES_URL`) PostgreSQL: nothing is
//! written before consent, sensitive answers only with their own consent, every inbound is
//! idempotent, erasure leaves nothing that names the person, and sessions reload unchanged.
//! Stored names a program version does not know are reported, not guessed.

mod support;

use futures_util::future::join_all;
use support::{host, key, say, stores, stores_with_urls};
use tremplin::app::{Host, HostConfig};
use tremplin::storage::staff::{QueueFilter, StatusFilter};
use tremplin::storage::{Counts, PoolConfig, StorageError, Store};

const TO_AGE: [&str; 4] = ["1", "oui", "oui", "oui"];

/// Walks a conversation to the age question (language, consents), five seconds between
/// messages, their ids `<prefix>0` to `<prefix>4`.
async fn to_age(
    host: &Host,
    clock: &tremplin::core::ManualClock,
    k: &tremplin::core::ConvKey,
    prefix: &str,
) {
    say(host, k, None, Some(&format!("{prefix}0"))).await;
    for (i, l) in TO_AGE.iter().enumerate() {
        clock.advance(5);
        say(host, k, Some(l), Some(&format!("{prefix}{}", i + 1))).await;
    }
}

#[tokio::test]
async fn nothing_is_stored_before_consent() {
    for (name, store) in stores().await {
        let (host, clock) = host(store);
        let k = key("a");
        say(&host, &k, None, Some("m0")).await;
        clock.advance(5);
        say(&host, &k, Some("1"), Some("m1")).await;
        assert_eq!(
            host.store().counts().await.unwrap(),
            Counts::default(),
            "{name}: stored before consent"
        );
        assert_eq!(host.unconsented(), 1);
        clock.advance(5);
        say(&host, &k, Some("oui"), Some("m2")).await;
        let c = host.store().counts().await.unwrap();
        // The three messages' ids: those answered before consent are kept at consent, so
        // that a late redelivery of one gets its first reply.
        assert_eq!(
            (c.people, c.consents, c.sessions, c.inbound),
            (1, 1, 1, 3),
            "{name}: {c:?}"
        );
        assert_eq!(
            c.answers, 2,
            "{name}: language and consent answers, once consented"
        );
        assert_eq!(host.unconsented(), 0);
    }
}

#[tokio::test]
async fn refusing_consent_stores_nothing_and_does_not_dead_end() {
    for (name, store) in stores().await {
        let (host, _) = host(store);
        let k = key("b");
        say(&host, &k, None, None).await;
        say(&host, &k, Some("1"), None).await;
        let reply = say(&host, &k, Some("non"), None).await;
        assert!(
            reply.text.contains("3949"),
            "{name}: the person is told where to get help: {}",
            reply.text
        );
        assert_eq!(
            host.store().counts().await.unwrap(),
            Counts::default(),
            "{name}"
        );
        let again = say(&host, &k, Some("recommencer"), None).await;
        assert!(
            again.text.contains("Votre langue ?"),
            "{name}: can start again"
        );
    }
}

async fn run(host: &Host, k: &tremplin::core::ConvKey, lines: &[&str]) {
    say(host, k, None, None).await;
    for l in lines {
        say(host, k, Some(l), None).await;
    }
}

#[tokio::test]
async fn sensitive_answers_need_their_own_consent() {
    for (name, store) in stores().await {
        let (host, _) = host(store);
        let without = key("no-sensitive");
        run(
            &host,
            &without,
            &[
                "1", "oui", "non", "oui", "30", "37000", "3", "2", "1", "1", "3", "1", "1", "3",
                "9", "1", "3", "5", "passer",
            ],
        )
        .await;
        let p = host
            .store()
            .find_person(&without)
            .await
            .unwrap()
            .expect("stored");
        let answers = host.store().answers_of(&p.id).await.unwrap();
        assert!(
            answers.iter().all(|a| !a.sensitive),
            "{name}: no sensitive row without consent"
        );
        let health = answers
            .iter()
            .find(|a| a.step == "health")
            .expect("health step recorded as withheld");
        assert!(health.value.contains("withheld"), "{name}: {health:?}");

        let with = key("sensitive");
        run(
            &host,
            &with,
            &[
                "1", "oui", "oui", "oui", "30", "37000", "3", "2", "5", "1", "1", "3", "1", "1",
                "3", "9", "1", "1", "2", "1", "3", "5", "passer",
            ],
        )
        .await;
        let p = host
            .store()
            .find_person(&with)
            .await
            .unwrap()
            .expect("stored");
        let answers = host.store().answers_of(&p.id).await.unwrap();
        let health = answers.iter().find(|a| a.step == "health").unwrap();
        assert!(
            health.sensitive && health.codes == "ft-contrainte:25",
            "{name}: {health:?}"
        );
    }
}

#[tokio::test]
async fn a_message_seen_twice_is_answered_the_same_and_advances_nothing() {
    for (name, store) in stores().await {
        let (host, clock) = host(store);
        let k = key("dup");
        to_age(&host, &clock, &k, "s").await;
        let first = say(&host, &k, Some("34"), Some("age-msg")).await;
        let before = host.store().counts().await.unwrap();
        let session = host.session_of(&k).await.unwrap();
        clock.advance(60);
        let again = say(&host, &k, Some("34"), Some("age-msg")).await;
        assert!(again.duplicate, "{name}");
        assert_eq!(again.text, first.text, "{name}");
        assert_eq!(host.store().counts().await.unwrap(), before, "{name}");
        assert_eq!(host.session_of(&k).await.unwrap(), session, "{name}");
        // Before consent too, a redelivery is answered the same way.
        let k2 = key("dup-early");
        let a = say(&host, &k2, None, Some("e0")).await;
        let b = say(&host, &k2, None, Some("e0")).await;
        assert!(b.duplicate && a.text == b.text, "{name}");
    }
}

/// A turn of someone who wrote in the last minutes starts from memory, without reading the
/// database; a message answered before memory knew them (by the process that ran before a
/// restart), redelivered then, is still found: it changes nothing, not an answer, and not an
/// erasure that its text would now confirm.
#[tokio::test]
async fn a_message_answered_before_a_restart_changes_nothing_when_it_comes_again() {
    for (name, first, url) in stores_with_urls().await {
        let (before, clock) = host(first);
        let k = key("restart-dup");
        to_age(&before, &clock, &k, "r").await;
        // The same database, a new process: its memory holds no one.
        let second = Store::open(&url, PoolConfig::default())
            .await
            .expect("the same database again");
        let (after, clock) = host(second);
        clock.advance(60);
        say(&after, &k, Some("34"), Some("r5")).await;
        clock.advance(5);
        let asked = say(&after, &k, Some("effacer"), Some("r6")).await;
        let counts = after.store().counts().await.unwrap();
        let session = after.session_of(&k).await.unwrap();
        assert!(counts.people == 1 && session.is_some(), "{name}: {asked:?}");
        // "oui" was the consent's last answer, in the first process: now it would confirm
        // the erasure.
        clock.advance(5);
        let late = say(&after, &k, Some("oui"), Some("r4")).await;
        assert!(late.duplicate, "{name}: {}", late.text);
        assert_eq!(after.store().counts().await.unwrap(), counts, "{name}");
        assert_eq!(after.session_of(&k).await.unwrap(), session, "{name}");
        // "1" was the language, answered first: now it would be read as an answer.
        let late = say(&after, &k, Some("1"), Some("r1")).await;
        assert!(late.duplicate, "{name}: {}", late.text);
        assert_eq!(after.session_of(&k).await.unwrap(), session, "{name}");
        // The person goes on from where they were, and can still erase for real.
        let erased = say(&after, &k, Some("oui"), Some("r7")).await;
        assert!(erased.text.contains("effacé"), "{name}: {}", erased.text);
        assert_eq!(after.store().counts().await.unwrap().people, 0, "{name}");
    }
}

/// What changes a person outside their turns (an erasure by staff, STOP, a send that failed
/// for good) is what their next turn finds, even when memory held them a moment before.
#[tokio::test]
async fn a_person_changed_outside_their_turn_is_read_again() {
    for (name, store) in stores().await {
        let (host, clock) = host(store);
        // By SMS, where STOP silences a number.
        let k = tremplin::core::ConvKey::new(tremplin::core::Channel::Sms, "+33600000077");
        to_age(&host, &clock, &k, "c").await;
        let id = support::person_id(&host, &k).await;
        // A send that failed for good: the next message clears it.
        host.store()
            .flag_unreachable(&id, Some(30_003), tremplin::core::Clock::unix(&*clock))
            .await
            .unwrap();
        clock.advance(5);
        say(&host, &k, Some("34"), Some("c5")).await;
        assert!(
            host.store().unreachable_since(&id).await.unwrap().is_none(),
            "{name}: the person wrote, their number works"
        );
        // STOP recorded for the number: the next message gets nothing, until START.
        host.store()
            .set_opt_out(&k, true, tremplin::core::Clock::unix(&*clock))
            .await
            .unwrap();
        clock.advance(5);
        let silent = say(&host, &k, Some("37000"), Some("c5b")).await;
        assert!(silent.text.is_empty(), "{name}: {}", silent.text);
        host.store()
            .set_opt_out(&k, false, tremplin::core::Clock::unix(&*clock))
            .await
            .unwrap();
        // Erased by someone else: the next message starts a new conversation.
        host.store()
            .erase_person(&id, None, tremplin::core::Clock::unix(&*clock))
            .await
            .unwrap();
        clock.advance(5);
        let reply = say(&host, &k, Some("37000"), Some("c6")).await;
        assert!(!reply.duplicate, "{name}");
        assert_eq!(host.store().counts().await.unwrap().people, 0, "{name}");
        assert_eq!(host.unconsented(), 1, "{name}: {}", reply.text);
    }
}

#[tokio::test]
async fn erasing_leaves_nothing_that_names_the_person() {
    for (name, store) in stores().await {
        let (host, _) = host(store);
        let k = key("erase");
        run(
            &host,
            &k,
            &[
                "1", "oui", "oui", "oui", "30", "37000", "1", "2", "5", "1", "2", "3", "3", "2",
                "1", "4", "4", "2", "4", "1", "1", "1", "5", "passer", "oui", "1",
            ],
        )
        .await;
        assert!(host.store().counts().await.unwrap().answers > 5);
        say(&host, &k, Some("effacer"), Some("x1")).await;
        let reply = say(&host, &k, Some("oui"), Some("x2")).await;
        assert!(reply.text.contains("effacé"), "{name}: {}", reply.text);
        let c = host.store().counts().await.unwrap();
        assert_eq!(
            Counts {
                inbound: 0,
                ..c.clone()
            },
            Counts::default(),
            "{name}: every row naming the person is gone"
        );
        // What remains is the message id of the erasure itself, with no person attached, so
        // that a redelivery gets the same receipt.
        assert!(c.inbound <= 1, "{name}");
        let replay = say(&host, &k, Some("oui"), Some("x2")).await;
        assert!(replay.duplicate && replay.text == reply.text, "{name}");
    }
}

#[tokio::test]
async fn a_stored_session_reloads_unchanged_in_a_new_process() {
    for (name, store) in stores().await {
        let (host1, clock) = host(store.clone());
        let k = key("reload");
        run(&host1, &k, &["English", "yes", "no", "yes", "41"]).await;
        let saved = host1.session_of(&k).await.unwrap().expect("session");
        drop(host1);
        let host2 = Host::new(store, support::catalog(), HostConfig::default(), clock).unwrap();
        assert_eq!(
            host2.session_of(&k).await.unwrap(),
            Some(saved.clone()),
            "{name}"
        );
        let reply = say(&host2, &k, Some("Tours"), None).await;
        assert!(
            reply.text.contains("RSA"),
            "{name}: resumes in English at the next step: {}",
            reply.text
        );
    }
}

#[tokio::test]
async fn going_back_and_withdrawing_consent_erases_what_was_stored() {
    for (name, store) in stores().await {
        let (host, _) = host(store);
        let k = key("withdraw");
        run(&host, &k, &["1", "oui"]).await;
        assert_eq!(host.store().counts().await.unwrap().people, 1);
        say(&host, &k, Some("retour"), None).await;
        say(&host, &k, Some("non"), None).await;
        assert_eq!(
            host.store().counts().await.unwrap(),
            Counts::default(),
            "{name}"
        );
    }
}

/// Stores with a second, plain connection to the same database, to write what the program
/// never writes.
async fn stores_with_sql() -> Vec<(&'static str, Store, sqlx::AnyPool)> {
    use sqlx::Executor;
    sqlx::any::install_default_drivers();
    let path =
        std::env::temp_dir().join(format!("tremplin-names-{}.db", tremplin::storage::new_id()));
    let mut urls = vec![("sqlite", format!("sqlite://{}?mode=rwc", path.display()))];
    if let Ok(url) = std::env::var("TEST_POSTGRES_URL") {
        if !url.is_empty() {
            let schema = format!("t_{}", tremplin::storage::new_id());
            let admin = sqlx::AnyPool::connect(&url).await.expect("postgres");
            admin
                .execute(format!("CREATE SCHEMA {schema}").as_str())
                .await
                .expect("schema");
            admin.close().await;
            let sep = if url.contains('?') { '&' } else { '?' };
            urls.push((
                "postgres",
                format!("{url}{sep}options=-csearch_path%3D{schema}"),
            ));
        }
    }
    let mut out = Vec::new();
    for (name, url) in urls {
        let store = Store::open(&url, PoolConfig::default()).await.expect(name);
        let sql = sqlx::AnyPool::connect(&url).await.expect(name);
        out.push((name, store, sql));
    }
    out
}

#[tokio::test]
async fn an_unknown_stored_name_is_reported_with_the_name() {
    for (name, store, sql) in stores_with_sql().await {
        let partners = [("cd37".to_string(), "cd37-tours".to_string())];
        store
            .bench_bookings("cd37", &partners, 2, 0, &[])
            .await
            .unwrap();
        sqlx::query("UPDATE bookings SET status = 'teleported' WHERE reference = 'B0000001'")
            .execute(&sql)
            .await
            .unwrap();
        let all = QueueFilter {
            status: StatusFilter::All,
            ..QueueFilter::default()
        };
        let queue = store.staff_queue(&Default::default(), &all, 10, 0).await;
        assert!(
            matches!(&queue, Err(StorageError::Corrupt(m)) if m.contains("'teleported'")),
            "{name}: {queue:?}"
        );
        let id: String = sqlx::query_scalar("SELECT id FROM bookings WHERE reference = 'B0000001'")
            .fetch_one(&sql)
            .await
            .unwrap();
        let booking = store.booking(&id).await;
        assert!(
            matches!(&booking, Err(StorageError::Corrupt(m)) if m.contains("'teleported'")),
            "{name}: {booking:?}"
        );

        let person = store.add_person(&key("pigeon"), "fr", 0).await.unwrap();
        sqlx::query(
            "INSERT INTO outbox (id, person_id, channel, kind, payload, created_at, not_before) \
             VALUES ('m1', $1, 'sms', 'pigeon', 'coucou', 0, 0)",
        )
        .bind(person.as_str())
        .execute(&sql)
        .await
        .unwrap();
        let outbox = store.outbox_of(&person).await;
        assert!(
            matches!(&outbox, Err(StorageError::Corrupt(m)) if m.contains("'pigeon'")),
            "{name}: {outbox:?}"
        );
        let due = store.claim_due(10, 10, 60).await;
        assert!(
            matches!(&due, Err(StorageError::Corrupt(m)) if m.contains("'pigeon'")),
            "{name}: {due:?}"
        );
        sql.close().await;
    }
}

#[tokio::test]
async fn a_telegram_reply_is_kept_until_delivered_and_an_earlier_one_goes_with_a_later() {
    use tremplin::core::{Channel, ConvKey};
    for (name, store) in stores().await {
        let (host, clock) = host(store);
        let k = ConvKey::new(Channel::Telegram, "777");
        say(&host, &k, None, Some("t0")).await;
        let mut ids = Vec::new();
        for (i, l) in TO_AGE.iter().enumerate() {
            // The clock stands still: the replies keep their order all the same.
            let id = format!("t{}", i + 1);
            say(&host, &k, Some(l), Some(&id)).await;
            ids.push(id);
        }
        clock.advance(5);
        let pending = host.pending_replies(Channel::Telegram).await.unwrap();
        assert!(pending.len() >= 2, "{name}: kept after consent");
        let kept: Vec<&str> = pending.iter().map(|(_, id, _)| id.as_str()).collect();
        assert_eq!(kept, ids[ids.len() - kept.len()..], "{name}: in order");
        assert!(pending.iter().all(|(key, _, _)| *key == k), "{name}");
        assert!(host.reply_pending(&k, kept[0]).await.unwrap(), "{name}");
        // The one before the last reached the person: it and every earlier one are done.
        let last = kept[kept.len() - 1].to_string();
        let before_last = kept[kept.len() - 2].to_string();
        host.reply_delivered(&k, &before_last).await.unwrap();
        let pending = host.pending_replies(Channel::Telegram).await.unwrap();
        assert_eq!(pending.len(), 1, "{name}");
        assert_eq!(pending[0].1, last, "{name}");
        assert!(
            !host.reply_pending(&k, &before_last).await.unwrap(),
            "{name}"
        );
        // The same conversation by SMS keeps nothing: its reply goes back in the answer.
        let sms = ConvKey::new(Channel::Sms, "+33612345678");
        say(&host, &sms, None, Some("m0")).await;
        for (i, l) in TO_AGE.iter().enumerate() {
            say(&host, &sms, Some(l), Some(&format!("m{}", i + 1))).await;
        }
        assert!(host.pending_replies(Channel::Sms).await.unwrap().is_empty());
        host.reply_delivered(&k, &last).await.unwrap();
        assert!(
            host.pending_replies(Channel::Telegram)
                .await
                .unwrap()
                .is_empty()
        );
    }
}

/// Many people answering at the same moment have their turns committed together (the same
/// statements of different people written as one): each is kept exactly as when alone.
#[tokio::test]
async fn people_answering_at_the_same_moment_are_each_kept_as_when_alone() {
    const LINES: [Option<&str>; 7] = [
        None,
        Some("1"),
        Some("oui"),
        Some("oui"),
        Some("oui"),
        Some("34"),
        Some("37000"),
    ];
    for (name, store) in support::file_stores().await {
        let (host, _) = host(store);
        let alone = key("alone");
        for (n, line) in LINES.iter().enumerate() {
            say(&host, &alone, *line, Some(&format!("alone-{n}"))).await;
        }
        let one = host.store().counts().await.unwrap();
        let people: Vec<_> = (0..40).map(|i| key(&format!("p{i}"))).collect();
        for (n, line) in LINES.iter().enumerate() {
            let ids: Vec<String> = (0..people.len()).map(|i| format!("p{i}-{n}")).collect();
            let turns = people
                .iter()
                .zip(&ids)
                .map(|(k, id)| say(&host, k, *line, Some(id.as_str())));
            // Every message of this round at once, and one of them delivered twice.
            let again = say(&host, &people[0], *line, Some(ids[0].as_str()));
            let (replies, twice) = tokio::join!(join_all(turns), again);
            assert!(replies.iter().all(|r| !r.text.is_empty()), "{name}");
            assert_eq!(
                twice.text, replies[0].text,
                "{name}: a redelivery, the same reply"
            );
        }
        let all = host.store().counts().await.unwrap();
        let n = people.len() as i64 + 1;
        assert_eq!(
            (
                all.people,
                all.sessions,
                all.consents,
                all.answers,
                all.inbound
            ),
            (
                one.people * n,
                one.sessions * n,
                one.consents * n,
                one.answers * n,
                one.inbound * n
            ),
            "{name}: {all:?} for {n} people, {one:?} for one"
        );
        for k in &people {
            let p = host.store().find_person(k).await.unwrap().expect("kept");
            let s = p.session.expect("a session");
            let a = host.store().find_person(&alone).await.unwrap().unwrap();
            let a = a.session.unwrap();
            assert_eq!(s.step, a.step, "{name}");
            assert_eq!(
                s.answers.keys().collect::<Vec<_>>(),
                a.answers.keys().collect::<Vec<_>>(),
                "{name}"
            );
        }
    }
}
