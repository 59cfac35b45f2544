//! The integration tests' shared harness: the catalog, stores on SQLite and PostgreSQL, hosts,
//! signed SMS requests, mock providers and running `tremplin serve` processes. It asserts
//! nothing about the product itself: each test file says what it expects.
#![allow(
    dead_code,
    reason = "each test file uses a different part of the harness"
)]

pub mod booking;
pub mod browser;
pub mod logs;
pub mod receiver;
pub mod scan;
pub mod serve;
pub mod twilio;
pub mod web;

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

/// The URL of the PostgreSQL server the suite runs on, from `TEST_POSTGRES_URL`; `None` when
/// it is not set, which in CI (`CI=true`) is a failure.
pub fn postgres_url() -> Option<String> {
    match std::env::var("TEST_POSTGRES_URL") {
        Ok(url) if !url.is_empty() => Some(url),
        _ => {
            assert!(
                std::env::var("CI").map_or(true, |v| v != "true"),
                "CI=true but TEST_POSTGRES_URL is not set: the PostgreSQL half of the suite would be skipped"
            );
            None
        }
    }
}

/// The URL of a new, empty schema on the PostgreSQL server at `url`.
pub async fn fresh_schema(url: &str) -> String {
    use sqlx::Executor;
    sqlx::any::install_default_drivers();
    let schema = format!("t_{}", tremplin::storage::new_id());
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

/// A store on a new, empty PostgreSQL schema.
pub async fn fresh_postgres(url: &str) -> Store {
    Store::open(&fresh_schema(url).await, PoolConfig::default())
        .await
        .expect("open postgres store")
}

/// Databases to run a test on that also changes them behind the store's back: a SQLite file,
/// and PostgreSQL when `TEST_POSTGRES_URL` is set. Each with its URL.
pub async fn stores_with_urls() -> Vec<(&'static str, Store, String)> {
    let mut urls = vec![("sqlite-file", sqlite_file())];
    if let Some(url) = postgres_url() {
        urls.push(("postgres", fresh_schema(&url).await));
    }
    let mut out = Vec::new();
    for (name, url) in urls {
        let store = Store::open(&url, PoolConfig::default())
            .await
            .expect("open store");
        out.push((name, store, url));
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

/// Runs SQL on the database at `url`, behind the store's back.
pub async fn execute(url: &str, sql: &str) {
    use sqlx::Executor;
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(url).await.expect("connect");
    pool.execute(sql).await.expect("execute");
    pool.close().await;
}

/// The text values a query finds on the database at `url`, behind the store's back.
pub async fn query_strings(url: &str, sql: &str) -> Vec<String> {
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(url).await.expect("connect");
    let out = sqlx::query_scalar(sql)
        .fetch_all(&pool)
        .await
        .expect("query");
    pool.close().await;
    out
}

/// The URL of a new SQLite database file.
pub fn sqlite_file() -> String {
    let path =
        std::env::temp_dir().join(format!("tremplin-test-{}.db", tremplin::storage::new_id()));
    format!("sqlite://{}", path.display())
}

/// A store on an empty SQLite database in memory.
pub async fn memory_store() -> Store {
    Store::open("sqlite::memory:", PoolConfig::default())
        .await
        .expect("sqlite")
}

/// The databases to run a storage test on: SQLite always, PostgreSQL when `TEST_POSTGRES_URL`
/// is set (each test in its own fresh schema). In CI a missing PostgreSQL is a failure.
pub async fn stores() -> Vec<(&'static str, Store)> {
    let mut out = vec![("sqlite", memory_store().await)];
    if let Some(url) = postgres_url() {
        out.push(("postgres", fresh_postgres(&url).await));
    }
    out
}

/// Like [`stores`], but SQLite on a file with a real pool, for tests of concurrency.
pub async fn file_stores() -> Vec<(&'static str, Store)> {
    let mut out = vec![(
        "sqlite-file",
        Store::open(&sqlite_file(), PoolConfig::default())
            .await
            .expect("sqlite file"),
    )];
    if let Some(url) = postgres_url() {
        out.push(("postgres", fresh_postgres(&url).await));
    }
    out
}

/// A person row, as after their consent (for tests that book directly).
pub async fn person(store: &Store, name: &str) -> String {
    store
        .add_person(&key(name), "fr", T0)
        .await
        .expect("person")
}

/// A host over a store, with a manual clock at [`T0`].
pub fn host(store: Store) -> (Host, Arc<ManualClock>) {
    let clock = Arc::new(ManualClock::new(T0));
    let host = Host::new(store, catalog(), HostConfig::default(), clock.clone()).expect("host");
    (host, clock)
}

/// Sends a text (or the first contact, for `None`) and returns the reply. The conversation
/// announces no language, as an SMS does: the language is asked first.
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
            language_hint: None,
            language_guess: None,
        },
        Surface::Plain,
    )
    .await
    .expect("turn")
}

/// The stored id of the person behind a conversation.
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

/// A local TCP port that was free a moment ago.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .expect("a free port")
        .local_addr()
        .expect("its address")
        .port()
}

/// Serves a router on a local port for the rest of the test; its base URL.
pub async fn serve_router(router: axum::Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a local port");
    let base = format!("http://{}", listener.local_addr().expect("its address"));
    tokio::spawn(async move { axum::serve(listener, router).await.expect("serve") });
    base
}

/// The engine of the diagnostic dialogue, with the default settings.
pub fn diagnostic(catalog: &Catalog) -> tremplin::engine::Engine<'_> {
    tremplin::engine::Engine::new(
        catalog
            .dialogue("diagnostic")
            .expect("the diagnostic dialogue"),
        &catalog.lexicon,
        tremplin::engine::EngineConfig::default(),
    )
}

/// The text messages of a person's outbox, sent or not, in its order (reminders and calendar
/// files left out).
pub async fn texts(store: &Store, person_id: &str) -> Vec<String> {
    store
        .outbox_of(person_id)
        .await
        .expect("the outbox")
        .into_iter()
        .filter(|(kind, _, _)| *kind == tremplin::core::OutboxKind::Text)
        .map(|(_, text, _)| text)
        .collect()
}
