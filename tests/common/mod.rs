//! Helpers shared by the integration tests.
#![allow(
    dead_code,
    reason = "each test file uses a different part of these helpers"
)]

use std::path::Path;
use std::sync::{Arc, OnceLock};

use tremplin::app::{Host, HostConfig, Inbound, Reply};
use tremplin::catalog::Catalog;
use tremplin::core::ManualClock;
use tremplin::core::{Channel, ConvKey};
use tremplin::engine::Input;
use tremplin::i18n::render::Surface;
use tremplin::storage::{PoolConfig, Store};
use tremplin::transcript::T0;

/// The answers of a person in Tours (37000) up to the first appointments offered (the last
/// answer agrees to reminders).
pub const TO_OFFERS: &[&str] = &[
    "Bonjour", "1", "oui", "oui", "oui", "34", "37000", "3", "2", "5", "1", "2", "3", "3", "2",
    "1", "4", "9", "2", "1", "1", "5", "passer", "oui", "",
];

/// The project's own dialogues and locales, loaded once.
pub fn catalog() -> Arc<Catalog> {
    static CATALOG: OnceLock<Arc<Catalog>> = OnceLock::new();
    CATALOG
        .get_or_init(|| {
            let root = Path::new(env!("CARGO_MANIFEST_DIR"));
            Arc::new(
                Catalog::load(&root.join("dialogues"), &root.join("locales"))
                    .unwrap_or_else(|p| panic!("{p}")),
            )
        })
        .clone()
}

/// The databases to run a storage test on: SQLite always, PostgreSQL when `TEST_POSTGRES_URL`
/// is set (each test in its own fresh schema). In CI a missing PostgreSQL is a failure.
pub async fn stores() -> Vec<(&'static str, Store)> {
    let mut out = vec![(
        "sqlite",
        Store::open("sqlite::memory:", PoolConfig::default())
            .await
            .expect("sqlite"),
    )];
    match std::env::var("TEST_POSTGRES_URL") {
        Ok(url) if !url.is_empty() => out.push(("postgres", fresh_postgres(&url).await)),
        _ => {
            assert!(
                std::env::var("CI").map_or(true, |v| v != "true"),
                "CI=true but TEST_POSTGRES_URL is not set: the PostgreSQL half of the suite would be skipped"
            );
        }
    }
    out
}

/// Like [`stores`], but SQLite on a file with a real pool, for tests of concurrency.
pub async fn file_stores() -> Vec<(&'static str, Store)> {
    let path =
        std::env::temp_dir().join(format!("tremplin-test-{}.db", tremplin::storage::new_id()));
    let url = format!("sqlite://{}", path.display());
    let mut out = vec![(
        "sqlite-file",
        Store::open(&url, PoolConfig::default())
            .await
            .expect("sqlite file"),
    )];
    let mut rest = stores().await;
    rest.retain(|(n, _)| *n != "sqlite");
    out.append(&mut rest);
    out
}

/// A person row, as after their consent (for tests that book directly).
pub async fn person(store: &Store, name: &str) -> String {
    store
        .add_person(&key(name), "fr", T0)
        .await
        .expect("person")
}

/// A store on a new, empty PostgreSQL schema.
pub async fn fresh_postgres(url: &str) -> Store {
    Store::open(&fresh_postgres_url(url).await, PoolConfig::default())
        .await
        .expect("open postgres store")
}

/// The URL of a new, empty PostgreSQL schema.
pub async fn fresh_postgres_url(url: &str) -> String {
    use sqlx::Executor;
    sqlx::any::install_default_drivers();
    let schema = format!("t_{}", uuid_like());
    let admin = sqlx::AnyPool::connect(url)
        .await
        .expect("connect to TEST_POSTGRES_URL");
    admin
        .execute(format!("CREATE SCHEMA {schema}").as_str())
        .await
        .expect("create schema");
    admin.close().await;
    let sep = if url.contains('?') { '&' } else { '?' };
    format!("{url}{sep}options=-csearch_path%3D{schema}")
}

/// Databases to run a test on that also changes them behind the store's back: a SQLite file,
/// and PostgreSQL when `TEST_POSTGRES_URL` is set. Each with its URL.
pub async fn stores_with_urls() -> Vec<(&'static str, Store, String)> {
    let path =
        std::env::temp_dir().join(format!("tremplin-test-{}.db", tremplin::storage::new_id()));
    let sqlite = format!("sqlite://{}", path.display());
    let mut out = vec![(
        "sqlite-file",
        Store::open(&sqlite, PoolConfig::default())
            .await
            .expect("sqlite file"),
        sqlite,
    )];
    if let Ok(url) = std::env::var("TEST_POSTGRES_URL") {
        if !url.is_empty() {
            let scoped = fresh_postgres_url(&url).await;
            let store = Store::open(&scoped, PoolConfig::default())
                .await
                .expect("open postgres store");
            out.push(("postgres", store, scoped));
        }
    }
    out
}

/// Makes every insert into `table` fail with an I/O-like error (not a conflict), behind the
/// store's back: what a full disk or a dying database does to a write.
pub async fn fail_inserts(url: &str, table: &str) {
    let sql = if url.starts_with("sqlite:") {
        format!(
            "CREATE TRIGGER fail_{table} BEFORE INSERT ON {table} \
             BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END"
        )
    } else {
        format!(
            "CREATE FUNCTION fail_{table}() RETURNS trigger LANGUAGE plpgsql AS \
             $$ BEGIN RAISE EXCEPTION 'disk I/O error'; END $$; \
             CREATE TRIGGER fail_{table} BEFORE INSERT ON {table} \
             FOR EACH ROW EXECUTE FUNCTION fail_{table}()"
        )
    };
    execute(url, &sql).await;
}

/// Runs SQL on a database behind the store's back (to break it on purpose).
pub async fn execute(url: &str, sql: &str) {
    use sqlx::Executor;
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(url).await.expect("connect");
    pool.execute(sql).await.expect("execute");
    pool.close().await;
}

fn uuid_like() -> String {
    tremplin::storage::new_id()
}

/// A host over a store, with a manual clock at [`T0`].
pub fn host(store: Store) -> (Host, Arc<ManualClock>) {
    let clock = Arc::new(ManualClock::new(T0));
    let host = Host::new(store, catalog(), HostConfig::default(), clock.clone()).expect("host");
    (host, clock)
}

/// Sends a text (or the first contact, for `None`) and returns the reply.
pub async fn say(
    host: &Host,
    key: &ConvKey,
    text: Option<&str>,
    external_id: Option<&str>,
) -> Reply {
    let input = text.map_or(Input::Start, |t| Input::Text(t.to_string()));
    host.handle(
        Inbound {
            key: key.clone(),
            input,
            external_id: external_id.map(str::to_string),
            language_hint: Some("fr".into()),
        },
        Surface::Plain,
    )
    .await
    .expect("turn")
}

/// The stored id of the person behind a conversation.
#[allow(dead_code)]
pub async fn person_id(host: &Host, key: &ConvKey) -> String {
    host.store()
        .find_person(key)
        .await
        .expect("storage")
        .expect("a stored person")
        .id
}

/// A console conversation key.
pub fn key(name: &str) -> ConvKey {
    ConvKey::new(Channel::Console, name)
}
