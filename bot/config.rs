//! Configuration from the environment (and the command line). Secrets never appear in `Debug`.

use std::fmt;
use std::path::PathBuf;

use clap::Args;

use crate::conversation::HostConfig;
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
    /// Folder of the dialogue files.
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
    /// Largest number of database connections.
    #[arg(long, env = "TREMPLIN_DB_POOL", default_value_t = 8, global = true)]
    pub db_pool: u32,
    /// Seconds to wait for a database connection.
    #[arg(long, env = "TREMPLIN_DB_TIMEOUT", default_value_t = 10, global = true)]
    pub db_timeout: u64,
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
}

impl Settings {
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

    /// Where the content is: the configured folder, or the one beside the sources when the
    /// program runs from elsewhere (tests, `cargo run` in a sub-folder).
    #[must_use]
    pub fn content_dir(configured: &std::path::Path) -> PathBuf {
        if configured.exists() || configured.is_absolute() {
            return configured.to_path_buf();
        }
        let beside = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(configured);
        if beside.exists() {
            beside
        } else {
            configured.to_path_buf()
        }
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
