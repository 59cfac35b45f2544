//! A backup taken in the middle of a conversation while `tremplin serve` runs, restored into a
//! fresh database with its data key, lets the conversation go on: the person's next SMS gets,
//! from a `serve` on the restored database, the very reply the original got. The same copy
//! with another key does not start, and says which key it needs. SQLite is copied with
//! `VACUUM INTO`; PostgreSQL with the README's `pg_dump` and `pg_restore` commands, into a new
//! database.

mod support;

use std::process::Command;

use support::serve::{DATA_KEY, Serve, database, scripts, sms, store_of};
use support::twilio::Mock;
use tremplin::core::{Channel, ConvKey};

const NUMBER: &str = "+33622222222";

fn sid(turn: usize) -> String {
    format!("SMbackup{turn:04}")
}

/// The longest conversation the processes answer, cut where the backup is taken.
struct Conversation {
    script: Vec<String>,
    half: usize,
}

impl Conversation {
    fn new() -> Self {
        let script = scripts()
            .into_iter()
            .max_by_key(Vec::len)
            .expect("a script");
        let half = script.len() / 2;
        Self { script, half }
    }

    /// Sends the first half of the conversation to the server at `base`.
    async fn first_half(&self, client: &reqwest::Client, base: &str) {
        for (turn, text) in self.script.iter().enumerate().take(self.half) {
            sms(client, base, NUMBER, &sid(turn), text)
                .await
                .expect("a reply");
        }
    }

    /// Sends the three messages after the backup; their replies.
    async fn next_turns(&self, client: &reqwest::Client, base: &str) -> Vec<String> {
        let mut out = Vec::new();
        for (turn, text) in self.script.iter().enumerate().skip(self.half).take(3) {
            out.push(
                sms(client, base, NUMBER, &sid(turn), text)
                    .await
                    .expect("a reply"),
            );
        }
        out
    }

    /// Checks a restored database: the person is in it, another key does not start on it,
    /// and with its key the next messages get the replies the original gave (`expected`).
    async fn goes_on_after_restore(&self, restored_url: &str, provider: &str, expected: &[String]) {
        let store = store_of(restored_url).await;
        assert!(
            store
                .find_person(&ConvKey::new(Channel::Sms, NUMBER.to_string()))
                .await
                .expect("read the copy")
                .is_some(),
            "the person who consented is in the backup"
        );
        store.close().await;

        // Another key: the start stops and names the key the data is sealed with.
        let other_key = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
        assert_ne!(other_key, DATA_KEY);
        let wrong = Serve::new(restored_url, provider).env("TREMPLIN_DATA_KEY", other_key);
        let (started, stderr) = wrong.run_to_end().await;
        assert!(!started, "started with another key:\n{stderr}");
        assert!(stderr.contains("does not open this database"), "{stderr}");

        // Its key: the conversation goes on from where the backup was taken.
        let client = reqwest::Client::new();
        let server = Serve::new(restored_url, provider)
            .start("backup-restored")
            .await;
        for ((turn, text), want) in self.script.iter().enumerate().skip(self.half).zip(expected) {
            let got = sms(&client, &server.base, NUMBER, &sid(turn), text)
                .await
                .expect("a reply");
            assert_eq!(&got, want, "turn {turn} ({text}) after the restore");
        }
        drop(server);
    }
}

#[tokio::test]
async fn a_backup_taken_mid_conversation_restores_and_the_conversation_goes_on() {
    let url = database("sqlite").await;
    let provider = Mock::start().await;
    let conversation = Conversation::new();
    let client = reqwest::Client::new();

    let server = Serve::new(&url, &provider.url)
        .start("backup-original")
        .await;
    conversation.first_half(&client, &server.base).await;

    // The backup, through sqlx, while the service runs.
    let backup = std::env::temp_dir().join(format!(
        "tremplin-backup-{}.db",
        tremplin::storage::new_id()
    ));
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&url).await.expect("connect");
    sqlx::query(&format!("VACUUM INTO '{}'", backup.display()))
        .execute(&pool)
        .await
        .expect("VACUUM INTO");
    pool.close().await;

    // The original goes on: what the next turns get is what the restored copy must give.
    let expected = conversation.next_turns(&client, &server.base).await;
    drop(server);

    // Restored into a fresh file (as `install` would), with the key of its time.
    let restored = std::env::temp_dir().join(format!(
        "tremplin-restored-{}.db",
        tremplin::storage::new_id()
    ));
    std::fs::copy(&backup, &restored).expect("restore the copy");
    let restored_url = format!("sqlite://{}", restored.display());
    conversation
        .goes_on_after_restore(&restored_url, &provider.url, &expected)
        .await;
    eprintln!(
        "sqlite: backup after {} of {} messages; {} turns after the restore as on the original",
        conversation.half,
        conversation.script.len(),
        expected.len()
    );
    for f in [&backup, &restored] {
        let _ = std::fs::remove_file(f);
    }
}

/// The URL of database `name` on the server of `server_url`.
fn database_named(server_url: &str, name: &str) -> String {
    let base = server_url.split('?').next().unwrap_or(server_url);
    let (server, _) = base.rsplit_once('/').expect("a database URL");
    format!("{server}/{name}")
}

/// Runs a PostgreSQL client program (`pg_dump`, `pg_restore`), failing with what it said.
fn run(program: &str, args: &[&str]) {
    let out = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{program}: {e}"));
    assert!(
        out.status.success(),
        "{program} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Whether PostgreSQL's client programs are on this machine (in CI they must be).
fn pg_tools() -> bool {
    let found = Command::new("pg_dump")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        found || std::env::var("CI").map_or(true, |v| v != "true"),
        "CI=true but pg_dump is not installed: the PostgreSQL backup test would be skipped"
    );
    found
}

#[tokio::test]
async fn a_postgres_dump_taken_mid_conversation_restores_into_a_new_database() {
    let Some(server_url) = support::postgres_url() else {
        eprintln!("TEST_POSTGRES_URL not set: PostgreSQL backup not tested");
        return;
    };
    if !pg_tools() {
        eprintln!("pg_dump not installed: PostgreSQL backup not tested");
        return;
    }
    sqlx::any::install_default_drivers();
    let admin = sqlx::AnyPool::connect(&server_url)
        .await
        .expect("connect to TEST_POSTGRES_URL");
    let id = tremplin::storage::new_id().to_lowercase();
    let original = format!("tremplin_backup_{id}");
    let restored = format!("tremplin_restored_{id}");
    for db in [&original, &restored] {
        sqlx::query(&format!("CREATE DATABASE {db}"))
            .execute(&admin)
            .await
            .expect("CREATE DATABASE");
    }
    let url = database_named(&server_url, &original);
    let restored_url = database_named(&server_url, &restored);

    let provider = Mock::start().await;
    let conversation = Conversation::new();
    let client = reqwest::Client::new();
    let server = Serve::new(&url, &provider.url)
        .start("pg-backup-original")
        .await;
    conversation.first_half(&client, &server.base).await;

    // The README's backup command, while the service runs.
    let dump = std::env::temp_dir().join(format!("tremplin-{id}.dump"));
    let dump_path = dump.to_str().expect("a UTF-8 path");
    run(
        "pg_dump",
        &["--format=custom", &format!("--file={dump_path}"), &url],
    );
    let expected = conversation.next_turns(&client, &server.base).await;
    drop(server);

    // The README's restore command, into the new, empty database.
    run(
        "pg_restore",
        &[
            "--no-owner",
            "--exit-on-error",
            &format!("--dbname={restored_url}"),
            dump_path,
        ],
    );
    conversation
        .goes_on_after_restore(&restored_url, &provider.url, &expected)
        .await;
    eprintln!(
        "postgres: pg_dump after {} of {} messages ({} bytes); {} turns after pg_restore as on the original",
        conversation.half,
        conversation.script.len(),
        std::fs::metadata(&dump).map_or(0, |m| m.len()),
        expected.len()
    );
    let _ = std::fs::remove_file(&dump);
    for db in [&original, &restored] {
        sqlx::query(&format!("DROP DATABASE {db} WITH (FORCE)"))
            .execute(&admin)
            .await
            .expect("DROP DATABASE");
    }
    admin.close().await;
}
