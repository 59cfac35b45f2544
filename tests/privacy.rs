//! The privacy promises that are about what is stored: sealed at rest, found by a keyed hash,
//! a new key seals everything again, "my data" shows and withdraws, erasure leaves a receipt,
//! and the retention purge. On SQLite and on PostgreSQL.

mod support;

use std::sync::Arc;

use support::{host, say, stores};
use tremplin::app::{Host, HostConfig};
use tremplin::core::{Channel, ConvKey};
use tremplin::storage::privacy::{PERSONAL_TABLES, Retention};
use tremplin::storage::vault::DataKey;
use tremplin::transcript::T0;

const PHONE: &str = "+33612345678";

async fn answer(host: &Host, key: &ConvKey, answers: &[&str]) {
    for (i, a) in answers.iter().enumerate() {
        say(host, key, Some(a), Some(&format!("m{i}"))).await;
    }
}

/// Up to the end of the profile: consents (all three), age, commune, RSA, France Travail,
/// disability recognition (a sensitive answer).
const PROFILE: &[&str] = &[
    "Bonjour", "1", "oui", "oui", "oui", "30", "37000", "1", "2", "5",
];

async fn all_cells(store: &tremplin::storage::Store) -> Vec<String> {
    let mut out = Vec::new();
    for t in PERSONAL_TABLES {
        out.extend(store.text_cells(t).await.unwrap());
    }
    out
}

#[tokio::test]
async fn addresses_and_sensitive_answers_are_sealed_at_rest() {
    for (name, store) in stores().await {
        let (host, _) = host(store);
        let k = ConvKey::new(Channel::Sms, PHONE);
        answer(&host, &k, PROFILE).await;
        let session = host.session_of(&k).await.unwrap().expect("stored");
        assert!(session.answers.contains_key("disability"), "{name}");
        let cells = all_cells(host.store()).await;
        assert!(!cells.is_empty());
        for c in &cells {
            assert!(!c.contains("612345678"), "{name}: an address in clear: {c}");
        }
        let answers = host.store().text_cells("answers").await.unwrap();
        assert!(answers.iter().any(|c| c.starts_with("v1.")), "{name}");
        let sessions = host.store().text_cells("sessions").await.unwrap();
        assert!(
            sessions.iter().any(|c| c.starts_with("v1.")),
            "{name}: the session (which holds every answer) is sealed"
        );
        // The staff and the outbox read them back.
        let stored = host
            .store()
            .answers_of(&support::person_id(&host, &k).await)
            .await
            .unwrap();
        let disability = stored.iter().find(|a| a.step == "disability").unwrap();
        assert!(
            disability.sensitive && !disability.value.starts_with("v1."),
            "{name}"
        );
    }
}

#[tokio::test]
async fn a_new_key_seals_everything_again() {
    for (name, store) in stores().await {
        let (old_host, clock) = host(store.clone());
        let k = ConvKey::new(Channel::Sms, PHONE);
        answer(&old_host, &k, PROFILE).await;
        let before = old_host.session_of(&k).await.unwrap().expect("stored");
        // A name reception noted is sealed and hashed again too.
        let person = support::person_id(&old_host, &k).await;
        let noted = tremplin::storage::staff::AuditEntry {
            actor: "system",
            action: "note-name",
            booking_id: None,
            person_id: Some(&person),
            detail: None,
        };
        store
            .staff_set_name(&person, Some("Aminata Diallo"), &noted, 0)
            .await
            .unwrap();
        assert_eq!(
            store.people_named("diallo").await.unwrap(),
            std::slice::from_ref(&person)
        );
        let old_cells = all_cells(&store).await;
        let (new_key, _) = DataKey::generate();
        let new_store = store.clone().with_key(Arc::new(new_key));
        let n = new_store
            .reseal_from(&DataKey::development(), 0)
            .await
            .unwrap();
        assert_eq!((n.people, n.sessions), (1, 1), "{name}");
        assert!(n.answers >= 1 && n.inbound >= 1, "{name}: {n:?}");
        // Every sealed value changed; the conversation goes on under the new key.
        let new_cells = all_cells(&new_store).await;
        for c in old_cells.iter().filter(|c| c.starts_with("v1.")) {
            assert!(!new_cells.contains(c), "{name}: a value kept its old seal");
        }
        assert_eq!(
            new_store.person_name(&person).await.unwrap().as_deref(),
            Some("Aminata Diallo"),
            "{name}"
        );
        assert_eq!(
            new_store.people_named("Diallo").await.unwrap(),
            std::slice::from_ref(&person),
            "{name}"
        );
        let host2 = Host::new(new_store, support::catalog(), HostConfig::default(), clock).unwrap();
        assert_eq!(host2.session_of(&k).await.unwrap(), Some(before), "{name}");
        // The old key opens nothing any more.
        assert!(
            !matches!(old_host.session_of(&k).await, Ok(Some(_))),
            "{name}"
        );
    }
}

#[tokio::test]
async fn my_data_shows_what_is_kept_and_each_consent_is_withdrawn_in_one_step() {
    for (name, store) in stores().await {
        let (host, _) = host(store);
        let k = ConvKey::new(Channel::Sms, PHONE);
        answer(&host, &k, PROFILE).await;
        let shown = say(&host, &k, Some("mes données"), Some("d1")).await;
        assert!(
            shown.text.contains("Voici ce que je garde sur vous")
                && shown.text.contains("Âge : 30")
                && shown.text.contains("que je les montre aux services"),
            "{name}: {}",
            shown.text
        );
        // 1: stop sharing.
        let r = say(&host, &k, Some("1"), Some("d2")).await;
        assert!(r.text.contains("ne verront plus"), "{name}: {}", r.text);
        let person = support::person_id(&host, &k).await;
        let consents = host.store().consents_of(&person).await.unwrap();
        assert_eq!(
            consents.last(),
            Some(&("share".to_string(), false)),
            "{name}: the withdrawal is recorded"
        );
        // Then the health answers.
        say(&host, &k, Some("mes donnees"), Some("d3")).await;
        let r = say(&host, &k, Some("1"), Some("d4")).await;
        assert!(r.text.contains("santé sont effacées"), "{name}: {}", r.text);
        let answers = host.store().answers_of(&person).await.unwrap();
        assert!(answers.iter().all(|a| !a.sensitive), "{name}");
        // Every value is sealed; no sealed codes are left (only sensitive answers have them).
        let sealed = host
            .store()
            .text_cells("answers")
            .await
            .unwrap()
            .iter()
            .filter(|c| c.starts_with("v1."))
            .count();
        assert_eq!(sealed, answers.len(), "{name}: no sensitive codes left");
        // "stop sharing" is also a command of its own.
        let r = say(&host, &k, Some("ne plus partager"), Some("d5")).await;
        assert!(
            r.text.contains("ne sont montrées à personne"),
            "{name}: {}",
            r.text
        );
    }
}

#[tokio::test]
async fn erasing_gives_a_receipt_and_a_new_start() {
    for (name, store) in stores().await {
        let (host, _) = host(store);
        let k = ConvKey::new(Channel::Sms, PHONE);
        answer(&host, &k, PROFILE).await;
        say(&host, &k, Some("effacer"), Some("e1")).await;
        let r = say(&host, &k, Some("oui"), Some("e2")).await;
        let reference = r
            .text
            .split("Référence de l'effacement : ")
            .nth(1)
            .and_then(|t| t.get(..6))
            .unwrap_or_else(|| panic!("{name}: no receipt in {}", r.text))
            .to_string();
        assert!(
            host.store()
                .erasure_receipt(&reference)
                .await
                .unwrap()
                .is_some(),
            "{name}"
        );
        assert_eq!(host.store().counts().await.unwrap().people, 0, "{name}");
        // Starting again is a new person.
        let again = say(&host, &k, Some("Bonjour"), Some("e3")).await;
        assert!(
            again.text.contains("Votre langue"),
            "{name}: {}",
            again.text
        );
    }
}

#[tokio::test]
async fn the_purge_removes_what_is_past_its_time_and_the_dry_run_only_counts() {
    for (name, store) in stores().await {
        let (host, clock) = host(store);
        let old = ConvKey::new(Channel::Sms, PHONE);
        answer(&host, &old, PROFILE).await;
        // Two years and a month later, someone else talks.
        clock.advance(25 * 31 * 86_400);
        let recent = ConvKey::new(Channel::Sms, "+33699999999");
        for (i, a) in PROFILE.iter().enumerate() {
            say(&host, &recent, Some(a), Some(&format!("r{i}"))).await;
        }
        let now = T0 + 25 * 31 * 86_400;
        let before = host.store().counts().await.unwrap();
        let dry = host
            .store()
            .purge(now, Retention::default(), true)
            .await
            .unwrap();
        assert_eq!(dry.people, 1, "{name}");
        assert!(dry.inbound > 0, "{name}: the old message ids");
        assert_eq!(
            host.store().counts().await.unwrap(),
            before,
            "{name}: nothing removed"
        );
        let done = host
            .store()
            .purge(now, Retention::default(), false)
            .await
            .unwrap();
        assert_eq!(
            done, dry,
            "{name}: the purge removes what its dry run counted"
        );
        assert_eq!(host.store().counts().await.unwrap().people, 1, "{name}");
        assert!(host.session_of(&old).await.unwrap().is_none(), "{name}");
        assert!(host.session_of(&recent).await.unwrap().is_some(), "{name}");
        // Nothing left to purge.
        let again = host
            .store()
            .purge(now, Retention::default(), true)
            .await
            .unwrap();
        assert_eq!((again.people, again.inbound), (0, 0), "{name}");
    }
}

#[tokio::test]
async fn rows_an_older_version_left_in_clear_are_sealed_at_the_next_start() {
    for (name, store, url) in support::stores_with_urls().await {
        let (host, _) = host(store.clone());
        let k = ConvKey::new(Channel::Sms, PHONE);
        // A disability recognition (RQTH): a sensitive answer with a code.
        let profile = [&PROFILE[..9], &["1"]].concat();
        answer(&host, &k, &profile).await;
        let person = support::person_id(&host, &k).await;
        let before = store.answers_of(&person).await.unwrap();
        assert!(
            before.iter().any(|a| a.codes.contains("crit:boe")),
            "{name}"
        );
        // As an older version wrote them: every value and the sensitive codes in clear, the
        // inbound messages keyed by the provider's id alone (the migration's placeholder).
        for a in &before {
            let sql = format!(
                "UPDATE answers SET value = '{}', codes = '{}' WHERE person_id = '{person}' AND step = '{}'",
                a.value.replace('\'', "''"),
                a.codes,
                a.step
            );
            support::execute(&url, &sql).await;
        }
        support::execute(
            &url,
            "UPDATE inbound SET message_key = 'old.' || external_id",
        )
        .await;
        support::execute(
            &url,
            "INSERT INTO reseal_pending (what) VALUES ('answers') ON CONFLICT DO NOTHING",
        )
        .await;
        assert!(
            store
                .text_cells("answers")
                .await
                .unwrap()
                .iter()
                .any(|c| c.contains("crit:boe")),
            "{name}"
        );
        // What `serve`, `chat` and `migrate` do when they open the database with the key.
        assert!(store.has_clear_rows().await.unwrap(), "{name}");
        let n = store.reseal_from(store.key(), 0).await.unwrap();
        assert_eq!(n.answers as usize, before.len(), "{name}");
        assert!(!store.has_clear_rows().await.unwrap(), "{name}");
        let cells = store.text_cells("answers").await.unwrap();
        assert!(!cells.iter().any(|c| c.contains("crit:boe")), "{name}");
        assert_eq!(
            cells.iter().filter(|c| c.starts_with("v1.")).count(),
            before.len() + before.iter().filter(|a| a.sensitive).count(),
            "{name}: every value, and the sensitive codes"
        );
        assert_eq!(store.answers_of(&person).await.unwrap(), before, "{name}");
        // A stored person's message delivered again is still recognised.
        let again = say(&host, &k, Some("1"), Some("m9")).await;
        assert!(again.duplicate, "{name}");
    }
}

#[tokio::test]
async fn the_migration_keeps_what_an_older_version_stored_and_the_next_start_seals_it() {
    use sqlx::Executor;
    use tremplin::storage::{INBOUND_REPLY, PEOPLE_ADDRESS, PoolConfig, Store};
    let mut urls = vec![(
        "sqlite-file",
        format!("{}?mode=rwc", support::sqlite_file()),
    )];
    if let Some(pg) = support::postgres_url() {
        urls.push(("postgres", support::fresh_schema(&pg).await));
    }
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    for (name, url) in urls {
        // The database as the version before this one left it.
        let older =
            std::env::temp_dir().join(format!("tremplin-older-{}", tremplin::storage::new_id()));
        std::fs::create_dir_all(&older).unwrap();
        for f in std::fs::read_dir(&root).unwrap() {
            let f = f.unwrap().path();
            if !f.to_string_lossy().contains("20261201000010") {
                std::fs::copy(&f, older.join(f.file_name().unwrap())).unwrap();
            }
        }
        sqlx::any::install_default_drivers();
        let pool = sqlx::AnyPool::connect(&url).await.unwrap();
        sqlx::migrate::Migrator::new(older.as_path())
            .await
            .unwrap()
            .run(&pool)
            .await
            .unwrap();
        let key = DataKey::development();
        let k = ConvKey::new(Channel::Sms, PHONE);
        let reply = r#"{"text":"Merci","buttons":[],"locale":"fr"}"#;
        pool.execute(
            format!(
                "INSERT INTO people (id, channel, address_key, address, locale, created_at, last_contact_at) \
                 VALUES ('p1', 'sms', '{}', '{}', 'fr', {T0}, {T0}); \
                 INSERT INTO answers (person_id, dialogue, step, value, codes, sensitive, answered_at) \
                 VALUES ('p1', 'diagnostic', 'disability', '{{\"choices\":[\"rqth\"]}}', 'crit:boe', 1, {T0}); \
                 INSERT INTO answers (person_id, dialogue, step, value, codes, sensitive, answered_at) \
                 VALUES ('p1', 'diagnostic', 'comment', '{{\"text\":\"Hubert\"}}', '', 0, {T0}); \
                 INSERT INTO inbound (channel, external_id, person_id, reply, received_at) \
                 VALUES ('sms', 'SMold', 'p1', '{}', {T0})",
                key.lookup(&k),
                key.seal(PEOPLE_ADDRESS, PHONE),
                key.seal(INBOUND_REPLY, reply),
            )
            .as_str(),
        )
        .await
        .unwrap();
        pool.close().await;
        let _ = std::fs::remove_dir_all(&older);

        // This version migrates, then seals at its start.
        let store = Store::open(&url, PoolConfig::default()).await.unwrap();
        let cells = store.text_cells("answers").await.unwrap();
        assert!(cells.iter().any(|c| c.contains("Hubert")), "{name}: kept");
        assert!(store.has_clear_rows().await.unwrap(), "{name}");
        store.reseal_from(store.key(), 0).await.unwrap();
        let cells = all_cells(&store).await;
        for clear in ["Hubert", "rqth", "crit:boe"] {
            assert!(!cells.iter().any(|c| c.contains(clear)), "{name}: {clear}");
        }
        let answers = store.answers_of("p1").await.unwrap();
        assert_eq!(answers.len(), 2, "{name}");
        assert!(
            answers
                .iter()
                .any(|a| a.codes == "crit:boe" && a.value.contains("rqth")),
            "{name}"
        );
        let seen = store
            .find_person_and_reply(&k, Some("SMold"))
            .await
            .unwrap();
        assert_eq!(
            seen.seen.as_deref(),
            Some(reply),
            "{name}: the redelivery is still known"
        );
        store.close().await;
    }
}
