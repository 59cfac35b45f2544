//! Configuration from the environment (and the command line). Secrets never appear in `Debug`.

use std::fmt;
use std::path::PathBuf;

use clap::Args;

use crate::app::HostConfig;
use crate::catalog::Catalog;
use crate::engine::EngineConfig;
use crate::storage::PoolConfig;

/// Settings shared by every subcommand.
#[derive(Clone, Args)]
pub struct Settings {
    /// Database: `sqlite://tremplin.db` (the default, created on first start) or `postgres://...`.
    #[arg(
        long = "db",
        env = "DATABASE_URL",
        default_value = "sqlite://tremplin.db",
        global = true
    )]
    pub database_url: String,
    /// Folder of the dialogue files (relative to the working folder).
    #[arg(
        long,
        env = "TREMPLIN_DIALOGUES",
        default_value = "dialogues",
        global = true
    )]
    pub dialogues: PathBuf,
    /// Folder of the Fluent translations, one sub-folder per locale.
    #[arg(
        long,
        env = "TREMPLIN_LOCALES",
        default_value = "locales",
        global = true
    )]
    pub locales: PathBuf,
    /// The dialogue a new conversation starts.
    #[arg(
        long,
        env = "TREMPLIN_DIALOGUE",
        default_value = "diagnostic",
        global = true
    )]
    pub dialogue: String,
    /// Seconds of silence after which a returning person is asked whether to resume.
    #[arg(
        long,
        env = "TREMPLIN_IDLE_TIMEOUT",
        default_value_t = 86_400,
        global = true
    )]
    pub idle_timeout: i64,
    /// The territory whose partners are booked (default: the first file in dialogues/territories).
    #[arg(long, env = "TREMPLIN_TERRITORY", global = true)]
    pub territory: Option<String>,
    /// Hours before an appointment when a reminder is sent (comma separated).
    #[arg(
        long,
        env = "TREMPLIN_REMINDERS",
        default_value = "48,24",
        value_delimiter = ',',
        global = true
    )]
    pub reminders: Vec<u32>,
    /// The provider's auth token for the SMS/WhatsApp webhook (unset: the SMS channel is off).
    #[arg(long, env = "TWILIO_AUTH_TOKEN", hide_env_values = true, global = true)]
    pub twilio_auth_token: Option<String>,
    /// The public base URL the provider calls (`https://example.org`); signatures are
    /// checked against `<it>/sms/twilio`, never against request headers.
    #[arg(long, env = "TREMPLIN_PUBLIC_URL", global = true)]
    pub public_url: Option<String>,
    /// The provider account that sends SMS and WhatsApp messages (reminders, staff messages).
    #[arg(long, env = "TWILIO_ACCOUNT_SID", global = true)]
    pub twilio_account_sid: Option<String>,
    /// The number messages are sent from (E.164).
    #[arg(long, env = "TWILIO_FROM", global = true)]
    pub twilio_from: Option<String>,
    /// The WhatsApp number messages are sent from, if WhatsApp is used.
    #[arg(long, env = "TWILIO_WHATSAPP_FROM", global = true)]
    pub twilio_whatsapp_from: Option<String>,
    /// The provider's REST base URL.
    #[arg(
        long,
        env = "TWILIO_API_URL",
        default_value = "https://api.twilio.com",
        global = true
    )]
    pub twilio_api_url: String,
    /// The data·inclusion API's base URL (`https://api.data.inclusion.gouv.fr`): local
    /// services are searched there (unset: the imported services, or the territory's file).
    #[arg(long, env = "DATA_INCLUSION_API_URL", global = true)]
    pub data_inclusion_api_url: Option<String>,
    /// The data·inclusion API's bearer token.
    #[arg(
        long,
        env = "DATA_INCLUSION_TOKEN",
        hide_env_values = true,
        global = true
    )]
    pub data_inclusion_token: Option<String>,
    /// GSM-7 transliteration of SMS replies (ê -> e, « » -> "): `auto` (when it saves
    /// segments), `always` (or 1) or `never` (or 0).
    #[arg(
        long,
        env = "TREMPLIN_SMS_GSM7",
        global = true,
        default_value = "auto",
        value_parser = crate::channels::sms::Gsm7::parse
    )]
    pub sms_gsm7: crate::channels::sms::Gsm7,
    /// The whole messages that stop every SMS/WhatsApp message to a number (comma-separated;
    /// case, accents and the punctuation around a word ignored).
    #[arg(
        long,
        env = "TREMPLIN_SMS_STOP_WORDS",
        global = true,
        default_value = "STOP,ARRET,STOPALL,UNSUBSCRIBE",
        value_parser = crate::channels::sms::StopWords::parse
    )]
    pub sms_stop_words: crate::channels::sms::StopWords,
    /// Largest number of database connections.
    #[arg(long, env = "TREMPLIN_DB_POOL", default_value_t = 8, global = true)]
    pub db_pool: u32,
    /// Seconds to wait for a database connection.
    #[arg(long, env = "TREMPLIN_DB_TIMEOUT", default_value_t = 10, global = true)]
    pub db_timeout: u64,
    /// The Telegram bot's token (unset: the Telegram channel is off).
    #[arg(
        long,
        env = "TELEGRAM_BOT_TOKEN",
        hide_env_values = true,
        global = true
    )]
    pub telegram_bot_token: Option<String>,
    /// The public URL Telegram posts updates to (`https://example.org/telegram/<name>`);
    /// unset: long polling.
    #[arg(long, env = "TELEGRAM_WEBHOOK_URL", global = true)]
    pub telegram_webhook_url: Option<String>,
    /// The webhook's secret token (default: derived from the bot's token).
    #[arg(
        long,
        env = "TELEGRAM_WEBHOOK_SECRET",
        hide_env_values = true,
        global = true
    )]
    pub telegram_webhook_secret: Option<String>,
    /// The Bot API base URL.
    #[arg(
        long,
        env = "TELEGRAM_API_URL",
        default_value = "https://api.telegram.org",
        global = true
    )]
    pub telegram_api_url: String,
    /// Telegram's sending limits: `telegram` (its published limits for a bot: a burst of 3,
    /// then one a second per chat, 30 a second over all chats) or `off` (no pacing: a local
    /// Bot API server, or a load measurement against a mock).
    #[arg(
        long,
        env = "TELEGRAM_SEND_LIMITS",
        default_value = "telegram",
        value_parser = ["telegram", "off"],
        global = true
    )]
    pub telegram_send_limits: String,
    /// Serve the staff dashboard over plain http (cookies without `Secure` and without the
    /// `__Host-` prefix): only to try it on localhost.
    #[arg(
        long,
        env = "TREMPLIN_STAFF_INSECURE_HTTP",
        global = true,
        default_value_t = false,
        value_parser = clap::builder::BoolishValueParser::new()
    )]
    pub staff_insecure_http: bool,
    /// How many instances share the database: `one`, `several` (turns lock the conversation
    /// in the database, the pre-consent state is shared, Telegram needs its webhook) or
    /// `auto` (several on PostgreSQL, one on SQLite).
    #[arg(
        long,
        env = "TREMPLIN_INSTANCES",
        default_value = "auto",
        value_parser = ["auto", "one", "several"],
        global = true
    )]
    pub instances: String,
    /// Whether a command applies the database's pending migrations when it starts: `on`,
    /// `off` (`serve` waits, not ready, until `tremplin migrate` has run; the other commands
    /// refuse) or `auto` (on for SQLite, off for PostgreSQL, where instances of two versions
    /// share the database during an upgrade).
    #[arg(
        long,
        env = "TREMPLIN_AUTO_MIGRATE",
        default_value = "auto",
        value_parser = ["auto", "on", "off"],
        global = true
    )]
    pub auto_migrate: String,
    /// Seconds between two rounds of the outbox worker.
    #[arg(
        long,
        env = "TREMPLIN_OUTBOX_INTERVAL",
        default_value_t = 15,
        global = true
    )]
    pub outbox_interval: u64,
    /// Hours no invitation is sent, Paris time (`20-8`: from 20:00 to 08:00; Sundays and public
    /// holidays too), or `off`.
    #[arg(
        long,
        env = "TREMPLIN_QUIET_HOURS",
        default_value = "20-8",
        global = true
    )]
    pub quiet_hours: String,
    /// Invitations sent a second, at most (the provider's pace).
    #[arg(long, env = "TREMPLIN_SEND_RATE", default_value_t = 1.0, global = true)]
    pub send_rate: f64,
    /// Days after an invitation when a reminder goes without an answer (comma separated).
    #[arg(
        long,
        env = "TREMPLIN_INVITATION_REMINDERS",
        default_value = "3,7",
        value_delimiter = ',',
        global = true
    )]
    pub invitation_reminders: Vec<u32>,
    /// Days after which an invitation without an answer expires.
    #[arg(
        long,
        env = "TREMPLIN_INVITATION_DAYS",
        default_value_t = 30,
        global = true
    )]
    pub invitation_days: u32,
    /// The Telegram bot's username, for the link invitations offer (`https://t.me/<it>?start=...`).
    #[arg(long, env = "TELEGRAM_BOT_USERNAME", global = true)]
    pub telegram_bot_username: Option<String>,
    /// A catch-all webhook that receives every partner event (signed with
    /// `TREMPLIN_WEBHOOK_SECRET`).
    #[arg(
        long,
        env = "TREMPLIN_WEBHOOK_URL",
        global = true,
        hide_env_values = true
    )]
    pub webhook_url: Option<String>,
    /// The secret the catch-all webhook's deliveries are signed with (HMAC-SHA256).
    #[arg(
        long,
        env = "TREMPLIN_WEBHOOK_SECRET",
        global = true,
        hide_env_values = true
    )]
    pub webhook_secret: Option<String>,
    /// France Travail's OAuth2 token URL (client credentials).
    #[arg(long, env = "FRANCE_TRAVAIL_TOKEN_URL", global = true)]
    pub france_travail_token_url: Option<String>,
    /// France Travail's partner API client id.
    #[arg(long, env = "FRANCE_TRAVAIL_CLIENT_ID", global = true)]
    pub france_travail_client_id: Option<String>,
    /// France Travail's partner API client secret.
    #[arg(
        long,
        env = "FRANCE_TRAVAIL_CLIENT_SECRET",
        global = true,
        hide_env_values = true
    )]
    pub france_travail_client_secret: Option<String>,
    /// France Travail's partner API base URL (`https://api.francetravail.io`).
    #[arg(long, env = "FRANCE_TRAVAIL_API_URL", global = true)]
    pub france_travail_api_url: Option<String>,
    /// The scopes asked with France Travail's token.
    #[arg(
        long,
        env = "FRANCE_TRAVAIL_SCOPE",
        default_value = "api_rendez-vous-partenairev1 api_rechercher-usagerv2 rechercherusager",
        global = true
    )]
    pub france_travail_scope: String,
    /// Milliseconds within which a second SMS from the same number is part of a burst and
    /// gets no reply (0: off). Counted per instance.
    #[arg(
        long,
        env = "TREMPLIN_SMS_BURST_MS",
        default_value_t = 1500,
        global = true
    )]
    pub sms_burst_ms: i64,
    /// Seconds `serve` waits, on SIGTERM, for in-flight turns and the outbox batch to finish.
    #[arg(
        long,
        env = "TREMPLIN_SHUTDOWN_TIMEOUT",
        default_value_t = 30,
        global = true
    )]
    pub shutdown_timeout: u64,
    /// The data key (32 bytes, base64 or hex) that seals addresses and sensitive answers.
    /// Unset: the key file.
    #[arg(long, env = "TREMPLIN_DATA_KEY", hide_env_values = true, global = true)]
    pub data_key: Option<String>,
    /// The data key's file, used when TREMPLIN_DATA_KEY is unset; with SQLite it is created
    /// (readable by its owner only) on first start. Default: beside the SQLite database.
    #[arg(long, env = "TREMPLIN_DATA_KEY_FILE", global = true)]
    pub data_key_file: Option<std::path::PathBuf>,
    /// Months without contact after which a person's data is erased.
    #[arg(
        long,
        env = "TREMPLIN_RETENTION_MONTHS",
        value_parser = retention_months,
        default_value_t = 24,
        global = true
    )]
    pub retention_months: u32,
    /// Months the staff audit log is kept.
    #[arg(
        long,
        env = "TREMPLIN_AUDIT_RETENTION_MONTHS",
        value_parser = audit_months,
        default_value_t = 12,
        global = true
    )]
    pub audit_retention_months: u32,
    /// Days inbound message ids and sent messages are kept.
    #[arg(
        long,
        env = "TREMPLIN_MESSAGE_RETENTION_DAYS",
        value_parser = message_days,
        default_value_t = 30,
        global = true
    )]
    pub message_retention_days: u32,
}

impl Settings {
    /// How long data is kept.
    #[must_use]
    pub fn retention(&self) -> crate::storage::privacy::Retention {
        crate::storage::privacy::Retention {
            people_months: self.retention_months,
            audit_months: self.audit_retention_months,
            messages_days: self.message_retention_days,
        }
    }

    /// Where the data key file is: as configured, or beside the SQLite database file
    /// (`tremplin.db` -> `tremplin.key`); `None` for PostgreSQL and in-memory SQLite.
    #[must_use]
    pub fn key_file(&self) -> Option<std::path::PathBuf> {
        if let Some(f) = &self.data_key_file {
            return Some(f.clone());
        }
        self.sqlite_file().map(|f| f.with_extension("key"))
    }

    /// The SQLite database's file; `None` for PostgreSQL and in-memory SQLite.
    #[must_use]
    pub fn sqlite_file(&self) -> Option<std::path::PathBuf> {
        let url = self.database_url.as_str();
        if url.starts_with("postgres") || url.contains(":memory:") || url.contains("mode=memory") {
            return None;
        }
        let path = url
            .trim_start_matches("sqlite://")
            .trim_start_matches("sqlite:")
            .split('?')
            .next()
            .unwrap_or("tremplin.db");
        Some(std::path::PathBuf::from(path))
    }

    /// The host settings.
    #[must_use]
    pub fn host(&self) -> HostConfig {
        HostConfig {
            dialogue: self.dialogue.clone(),
            engine: EngineConfig {
                idle_timeout: self.idle_timeout,
                ..EngineConfig::default()
            },
            territory: self.territory.clone(),
            reminders: self.reminders.clone(),
            // A bad setting stops every command first (see `problems`).
            invitations: self.invitation_schedule().unwrap_or_default(),
            services: crate::app::ServicesConfig {
                api_url: self.data_inclusion_api_url.clone(),
                token: self.data_inclusion_token.clone(),
                imported: true,
                territory_file: true,
                ..crate::app::ServicesConfig::default()
            },
        }
    }

    /// When invitations go (see `TREMPLIN_QUIET_HOURS` and the others).
    pub fn invitation_schedule(&self) -> Result<crate::app::invitations::Schedule, String> {
        let quiet = crate::app::invitations::Quiet::parse(&self.quiet_hours)
            .map_err(|e| format!("TREMPLIN_QUIET_HOURS: {e}"))?;
        if !(self.send_rate.is_finite() && self.send_rate > 0.0) {
            return Err("TREMPLIN_SEND_RATE: messages a second must be more than 0".into());
        }
        if self.invitation_days == 0 {
            return Err("TREMPLIN_INVITATION_DAYS: must be 1 or more".into());
        }
        let mut reminders = self.invitation_reminders.clone();
        reminders.sort_unstable();
        if reminders.contains(&0) || reminders.last().is_some_and(|d| *d >= self.invitation_days) {
            return Err(
                "TREMPLIN_INVITATION_REMINDERS: days must be 1 or more, and fewer than TREMPLIN_INVITATION_DAYS"
                    .into(),
            );
        }
        Ok(crate::app::invitations::Schedule {
            quiet,
            reminders,
            days: self.invitation_days,
            rate: self.send_rate,
        })
    }

    /// Whether several instances share the database (see `TREMPLIN_INSTANCES`).
    #[must_use]
    pub fn several_instances(&self, backend: crate::storage::Backend) -> bool {
        match self.instances.as_str() {
            "several" => true,
            "one" => false,
            _ => backend == crate::storage::Backend::Postgres,
        }
    }

    /// Whether a command migrates the database itself (see `TREMPLIN_AUTO_MIGRATE`).
    #[must_use]
    pub fn auto_migrate(&self, backend: crate::storage::Backend) -> bool {
        match self.auto_migrate.as_str() {
            "on" => true,
            "off" => false,
            _ => backend == crate::storage::Backend::Sqlite,
        }
    }

    /// The pool settings.
    #[must_use]
    pub fn pool(&self) -> PoolConfig {
        PoolConfig {
            max_connections: self.db_pool.max(1),
            acquire_timeout: std::time::Duration::from_secs(self.db_timeout.max(1)),
        }
    }

    /// Every problem with the settings that name something (the dialogue, the territory, the
    /// data key file), hold a data key that is not one, or hold a number that must be
    /// positive; those that name content are
    /// checked against it when it could be read. `check`, `serve` and `chat` print the same
    /// list; any problem stops the start.
    #[must_use]
    pub fn problems(&self, catalog: Option<&Catalog>) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(catalog) = catalog {
            if catalog.dialogue(&self.dialogue).is_none() {
                let known: Vec<&str> = catalog.dialogues.iter().map(|d| d.id.as_str()).collect();
                out.push(format!(
                    "TREMPLIN_DIALOGUE: no dialogue '{}' (loaded: {})",
                    self.dialogue,
                    known.join(", ")
                ));
            }
            let known: Vec<&str> = catalog.territories.iter().map(|t| t.id.as_str()).collect();
            match &self.territory {
                Some(t) if catalog.territory(Some(t)).is_none() => out.push(format!(
                    "TREMPLIN_TERRITORY: no territory '{t}' in {}/territories (loaded: {}); without it nothing could be booked and every call-back request would be lost",
                    self.dialogues.display(),
                    known.join(", ")
                )),
                None if known.is_empty() => out.push(format!(
                    "{}/territories: no territory could be read; without one nothing can be booked",
                    self.dialogues.display()
                )),
                _ => {}
            }
        }
        match (&self.data_inclusion_api_url, &self.data_inclusion_token) {
            (Some(url), _) if !(url.starts_with("https://") || url.starts_with("http://")) => {
                out.push("DATA_INCLUSION_API_URL: not a web address (https://...)".into());
            }
            (Some(_), None) => out.push(
                "DATA_INCLUSION_TOKEN: needed with DATA_INCLUSION_API_URL (the API's bearer token)"
                    .into(),
            ),
            _ => {}
        }
        if let Some(Err(e)) = self
            .data_key
            .as_deref()
            .map(crate::storage::vault::DataKey::parse)
        {
            out.push(format!("TREMPLIN_DATA_KEY: {e}"));
        }
        if let Some(f) = &self.data_key_file {
            if self.data_key.is_none() && !f.exists() && self.database_url.starts_with("postgres") {
                out.push(format!(
                    "TREMPLIN_DATA_KEY_FILE: no file {} (a data key is never created for PostgreSQL)",
                    f.display()
                ));
            }
        }
        for (name, value) in [
            ("TREMPLIN_RETENTION_MONTHS", self.retention_months),
            (
                "TREMPLIN_AUDIT_RETENTION_MONTHS",
                self.audit_retention_months,
            ),
            (
                "TREMPLIN_MESSAGE_RETENTION_DAYS",
                self.message_retention_days,
            ),
        ] {
            if value == 0 {
                out.push(format!("{name}: must be 1 or more"));
            }
        }
        if let Err(e) = self.invitation_schedule() {
            out.push(e);
        }
        for (name, url) in [
            ("TREMPLIN_WEBHOOK_URL", &self.webhook_url),
            ("FRANCE_TRAVAIL_TOKEN_URL", &self.france_travail_token_url),
            ("FRANCE_TRAVAIL_API_URL", &self.france_travail_api_url),
        ] {
            if let Some(u) = url.as_deref().filter(|u| !u.is_empty()) {
                if reqwest::Url::parse(u).is_err() {
                    out.push(format!("{name}: not a URL"));
                }
            }
        }
        if self.webhook_url.is_some() && self.webhook_secret.as_deref().is_none_or(str::is_empty) {
            out.push(
                "TREMPLIN_WEBHOOK_SECRET: must be set with TREMPLIN_WEBHOOK_URL (receivers check the signature)".into(),
            );
        }
        let ft = [
            &self.france_travail_token_url,
            &self.france_travail_client_id,
            &self.france_travail_client_secret,
            &self.france_travail_api_url,
        ];
        let set = ft
            .iter()
            .filter(|v| v.as_deref().is_some_and(|v| !v.is_empty()))
            .count();
        if set != 0 && set != ft.len() {
            out.push(
                "FRANCE_TRAVAIL_*: set FRANCE_TRAVAIL_TOKEN_URL, FRANCE_TRAVAIL_CLIENT_ID, FRANCE_TRAVAIL_CLIENT_SECRET and FRANCE_TRAVAIL_API_URL together".into(),
            );
        }
        if self.reminders.contains(&0) {
            out.push("TREMPLIN_REMINDERS: hours before an appointment must be 1 or more".into());
        }
        out
    }
}

impl fmt::Debug for Settings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Settings")
            .field("database_url", &redact_url(&self.database_url))
            .field("dialogues", &self.dialogues)
            .field("locales", &self.locales)
            .field("dialogue", &self.dialogue)
            .field("idle_timeout", &self.idle_timeout)
            .field("db_pool", &self.db_pool)
            .finish()
    }
}

/// A database URL with its password hidden.
#[must_use]
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let creds = &url[scheme + 3..at];
            match creds.find(':') {
                Some(colon) => {
                    format!("{}://{}:***{}", &url[..scheme], &creds[..colon], &url[at..])
                }
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

/// A retention setting: a whole number of `unit`, 0 or more here (0 is reported with the
/// other problems by [`Settings::problems`]); anything else (a negative number, a word)
/// stops every command with a message naming the variable, rather than being replaced by a
/// value nobody chose.
fn whole(text: &str, name: &str, unit: &str) -> Result<u32, String> {
    text.trim()
        .parse()
        .map_err(|_| format!("{name} takes a whole number of {unit}, 1 or more"))
}

fn retention_months(text: &str) -> Result<u32, String> {
    whole(text, "TREMPLIN_RETENTION_MONTHS", "months")
}

fn audit_months(text: &str) -> Result<u32, String> {
    whole(text, "TREMPLIN_AUDIT_RETENTION_MONTHS", "months")
}

fn message_days(text: &str) -> Result<u32, String> {
    whole(text, "TREMPLIN_MESSAGE_RETENTION_DAYS", "days")
}

#[cfg(test)]
mod tests {
    #[test]
    fn passwords_are_hidden() {
        assert_eq!(
            super::redact_url("postgres://u:secret@h/db"),
            "postgres://u:***@h/db"
        );
        assert_eq!(
            super::redact_url("sqlite://tremplin.db"),
            "sqlite://tremplin.db"
        );
    }
}
