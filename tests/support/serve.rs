//! Running `tremplin serve` processes: the built binary started on a free port with the SMS
//! channel on (its provider a mock), waited for until ready, killed, and started again on the
//! same database.

use std::path::PathBuf;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use super::twilio::{PUBLIC, TOKEN, WEBHOOK};

/// The data key every process seals and finds data with.
pub const DATA_KEY: &str = "1f2e3d4c5b6a79889796a5b4c3d2e1f01f2e3d4c5b6a79889796a5b4c3d2e1f0";
/// The provider's account.
pub const ACCOUNT: &str = "ACtest";
/// The number the service sends from and is written to.
pub const NUMBER: &str = "+33700000000";

/// How to start `tremplin serve`: the database, the provider's API and more settings.
#[derive(Debug, Clone)]
pub struct Serve {
    database: String,
    provider: String,
    env: Vec<(&'static str, String)>,
    key_file: Option<PathBuf>,
}

impl Serve {
    /// A single instance (`TREMPLIN_INSTANCES=one`) on `database`, sending SMS through the
    /// provider API at `provider`, its outbox worker every second. It migrates the database
    /// at start (`TREMPLIN_AUTO_MIGRATE=on`), PostgreSQL included: the tests' databases start
    /// empty, where an operator would run `tremplin migrate` first.
    pub fn new(database: &str, provider: &str) -> Self {
        Self {
            database: database.to_string(),
            provider: provider.to_string(),
            env: vec![
                ("TREMPLIN_INSTANCES", "one".into()),
                ("TREMPLIN_AUTO_MIGRATE", "on".into()),
            ],
            key_file: None,
        }
    }

    /// The same, its data key read from `file` instead of `TREMPLIN_DATA_KEY`.
    #[must_use]
    pub fn key_file(mut self, file: &std::path::Path) -> Self {
        self.key_file = Some(file.to_path_buf());
        self
    }

    /// Runs another command of the binary (`migrate`, `rotate-key`...) with the same
    /// settings, to its end.
    pub async fn tool(&self, args: &[&str]) -> std::process::Output {
        let mut cmd = self.base();
        cmd.args(args);
        tokio::task::spawn_blocking(move || cmd.output().expect("run tremplin"))
            .await
            .expect("join")
    }

    /// The same, with one more environment variable (set last: it wins).
    #[must_use]
    pub fn env(mut self, name: &'static str, value: &str) -> Self {
        self.env.push((name, value.to_string()));
        self
    }

    /// Runs a process that is expected to stop by itself (a start refused): whether it
    /// succeeded, and what it wrote to standard error.
    pub async fn run_to_end(&self) -> (bool, String) {
        let mut cmd = self.command(super::free_port());
        let out = tokio::task::spawn_blocking(move || {
            cmd.stdout(Stdio::null())
                .stderr(Stdio::piped())
                .output()
                .expect("run tremplin serve")
        })
        .await
        .expect("join");
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    /// The command, listening on `port`, its output not yet directed.
    pub fn command(&self, port: u16) -> Command {
        let mut cmd = self.base();
        cmd.arg("serve")
            .env("TREMPLIN_BIND", format!("127.0.0.1:{port}"));
        cmd
    }

    /// The binary with this process's settings, without a command yet.
    fn base(&self) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_tremplin"));
        cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("DATABASE_URL", &self.database)
            .env("TWILIO_AUTH_TOKEN", TOKEN)
            .env("TREMPLIN_PUBLIC_URL", PUBLIC)
            .env("TWILIO_ACCOUNT_SID", ACCOUNT)
            .env("TWILIO_FROM", NUMBER)
            .env("TWILIO_API_URL", &self.provider)
            .env("TREMPLIN_SMS_BURST_MS", "0")
            .env("TREMPLIN_OUTBOX_INTERVAL", "1")
            .env("RUST_LOG", "warn")
            .env_remove("TELEGRAM_BOT_TOKEN")
            .env_remove("TELEGRAM_WEBHOOK_URL")
            .stdin(Stdio::null());
        match &self.key_file {
            Some(f) => cmd
                .env_remove("TREMPLIN_DATA_KEY")
                .env("TREMPLIN_DATA_KEY_FILE", f),
            None => cmd
                .env("TREMPLIN_DATA_KEY", DATA_KEY)
                .env_remove("TREMPLIN_DATA_KEY_FILE"),
        };
        for (name, value) in &self.env {
            cmd.env(name, value);
        }
        cmd
    }

    /// Starts the process on a free port and waits until it is ready (`/readyz`); `name`
    /// tells the processes of a test apart in failures and in the log file's name.
    pub async fn start(&self, name: &str) -> Server {
        let mut server = self.spawn(name);
        server.wait_ready(name).await;
        server
    }

    /// Starts the process on a free port, without waiting for it.
    pub fn spawn(&self, name: &str) -> Server {
        let port = super::free_port();
        let log = std::env::temp_dir().join(format!(
            "tremplin-serve-{name}-{}.log",
            tremplin::storage::new_id()
        ));
        let child = self
            .command(port)
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).expect("log file"))
            .spawn()
            .expect("start tremplin serve");
        Server {
            child,
            base: format!("http://127.0.0.1:{port}"),
            log,
            serve: self.clone(),
        }
    }
}

/// A running `tremplin serve` process, killed when dropped.
pub struct Server {
    child: Child,
    /// Its base URL.
    pub base: String,
    log: PathBuf,
    serve: Serve,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// Waits until it answers `/readyz` with a success, failing if it stops or never does.
    pub async fn wait_ready(&mut self, name: &str) {
        let client = reqwest::Client::new();
        let deadline = Instant::now() + Duration::from_secs(120);
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!(
                    "tremplin serve ({name}) stopped with {status}:\n{}",
                    self.log()
                );
            }
            if let Ok(r) = client.get(format!("{}/readyz", self.base)).send().await {
                if r.status().is_success() {
                    return;
                }
            }
            assert!(
                Instant::now() < deadline,
                "tremplin serve ({name}) never became ready:\n{}",
                self.log()
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Its process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// What it logged so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Waits for the process to end; how it ended.
    pub fn wait(&mut self) -> ExitStatus {
        self.child.wait().expect("wait for tremplin serve")
    }

    /// Asks it to stop (SIGTERM) and waits; how it ended.
    pub fn terminate(&mut self) -> ExitStatus {
        signal(self.pid(), "TERM");
        self.wait()
    }

    /// Starts the same process again, on the same database and provider (after a crash).
    pub async fn restart(&self, name: &str) -> Server {
        self.serve.start(name).await
    }
}

/// Sends a signal (`KILL`, `TERM`...) to a process.
pub fn signal(pid: u32, name: &str) {
    let status = Command::new("kill")
        .args([format!("-{name}"), pid.to_string()])
        .status()
        .expect("kill");
    assert!(status.success(), "kill -{name} {pid}");
}

/// Posts one signed SMS from `from` to a server at `base`; the TwiML reply, or `None` when
/// the server did not answer. A reply must be a success with a message in it.
pub async fn sms(
    client: &reqwest::Client,
    base: &str,
    from: &str,
    sid: &str,
    body: &str,
) -> Option<String> {
    let form = super::twilio::form(&[
        ("AccountSid", ACCOUNT),
        ("Body", body),
        ("From", from),
        ("MessageSid", sid),
        ("NumMedia", "0"),
        ("To", NUMBER),
    ]);
    let res = client
        .post(format!("{base}{WEBHOOK}"))
        .header("content-type", super::twilio::FORM)
        .header("x-twilio-signature", super::twilio::sign(form.as_bytes()))
        .body(form)
        .send()
        .await
        .ok()?;
    let status = res.status();
    let text = res.text().await.ok()?;
    assert!(status.is_success(), "{status}: {text}");
    assert!(text.contains("<Message>"), "no reply: {text}");
    Some(text)
}

/// A fresh database for a process, `kind` `sqlite` (a new file) or `postgres` (a new schema of
/// the server at `TEST_POSTGRES_URL`).
pub async fn database(kind: &str) -> String {
    match kind {
        "sqlite" => super::sqlite_file(),
        "postgres" => {
            let url = super::postgres_url().expect("TEST_POSTGRES_URL");
            super::fresh_schema(&url).await
        }
        other => panic!("no database of kind {other}"),
    }
}

/// The kinds of [`database`] to run on: SQLite, and PostgreSQL when `TEST_POSTGRES_URL` is
/// set (in CI, it must be).
pub fn kinds() -> Vec<&'static str> {
    let mut out = vec!["sqlite"];
    if super::postgres_url().is_some() {
        out.push("postgres");
    }
    out
}

/// A store on a database the processes use, sealing and finding data with their key.
pub async fn store_of(url: &str) -> tremplin::storage::Store {
    use tremplin::storage::vault::DataKey;
    tremplin::storage::Store::open(url, tremplin::storage::PoolConfig::default())
        .await
        .expect("open the store")
        .with_key(std::sync::Arc::new(
            DataKey::parse(DATA_KEY).expect("a data key"),
        ))
}

/// The scripts of the conversations the processes answer: the inputs of every golden
/// transcript and every script of the benchmark, each after a greeting. STOP and START are
/// the provider's keywords on SMS, not the dialogue's pause: the transcripts with them are
/// left out.
pub fn scripts() -> Vec<Vec<String>> {
    use tremplin::channels::sms::{Keyword, StopWords, keyword};
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/transcripts/diagnostic");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("the golden transcripts")
        .map(|e| e.expect("a transcript").path())
        .collect();
    files.sort();
    let mut out: Vec<Vec<String>> = files
        .iter()
        .map(|f| {
            let t = tremplin::transcript::Transcript::parse(
                &std::fs::read_to_string(f).expect("a transcript"),
            )
            .expect("a valid transcript");
            std::iter::once("Bonjour".to_string())
                .chain(t.inputs)
                .collect()
        })
        .collect();
    out.retain(|inputs| {
        !inputs.iter().any(|i| {
            matches!(
                keyword(i, &StopWords::default()),
                Some(Keyword::Stop | Keyword::Start)
            )
        })
    });
    out.extend(tremplin::bench::SCRIPTS.iter().map(|(_, inputs)| {
        std::iter::once("Bonjour")
            .chain(inputs.iter().copied())
            .map(str::to_string)
            .collect()
    }));
    out
}

/// Queues a text message to a person in the outbox, due now.
pub async fn queue_text(pool: &sqlx::AnyPool, person_id: &str, body: &str, now: i64) {
    sqlx::query(
        "INSERT INTO outbox (id, person_id, channel, kind, payload, created_at, not_before) \
         VALUES ($1, $2, 'sms', 'text', $3, $4, $4)",
    )
    .bind(tremplin::storage::new_id())
    .bind(person_id)
    .bind(body)
    .bind(now)
    .execute(pool)
    .await
    .expect("queue a text");
}

/// Waits until no text message waits in the outbox, failing after `within` with what `log`
/// says.
pub async fn wait_for_outbox(pool: &sqlx::AnyPool, within: Duration, log: impl Fn() -> String) {
    let deadline = Instant::now() + within;
    loop {
        let due: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND kind = 'text'",
        )
        .fetch_one(pool)
        .await
        .expect("count the outbox");
        if due == 0 {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{due} messages still waiting in the outbox:\n{}",
            log()
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Checks that no slot is held by two active bookings; how many slots are held.
pub async fn held_slots(pool: &sqlx::AnyPool) -> i64 {
    let (active, distinct): (i64, i64) = sqlx::query_as(
        "SELECT COUNT(*), COUNT(DISTINCT slot_key) FROM booking_slots WHERE active = 1",
    )
    .fetch_one(pool)
    .await
    .expect("count the held slots");
    assert_eq!(active, distinct, "a slot was double-booked");
    active
}
