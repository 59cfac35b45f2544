//! Golden transcripts: the format (a header, `> user` and `< bot` lines, the stored outcome),
//! and the replay that produces them. `tremplin chat --record` writes them; the test suite
//! replays every file under `tests/transcripts/` and compares.

use std::fmt::Write as _;
use std::sync::Arc;

use crate::app::{Host, HostConfig, HostError, Inbound, Reply};
use crate::catalog::Catalog;
use crate::core::{Channel, ConvKey};
use crate::core::{CountingEntropy, ManualClock};
use crate::engine::{Input, Session, Status, Value};
use crate::i18n::render::Surface;
use crate::storage::{PoolConfig, Store};

/// When a replayed transcript starts: Monday 5 January 2026, 09:00 in Paris.
pub const T0: i64 = 1_767_600_000;
/// Seconds between two replayed turns.
pub const TURN_GAP: i64 = 20;

/// A transcript file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transcript {
    pub dialogue: String,
    /// The language the person's device (or `chat --lang`) announces at first contact; none
    /// when it announces none, and the language is then asked.
    pub locale: Option<String>,
    pub channel: String,
    /// The person's lines; the first bot reply answers the first contact.
    pub inputs: Vec<String>,
    /// The bot's replies: one more than the inputs.
    pub replies: Vec<String>,
    pub outcome: String,
}

impl Transcript {
    /// Reads a transcript file.
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut t = Self {
            dialogue: "diagnostic".into(),
            locale: None,
            channel: "console".into(),
            inputs: Vec::new(),
            replies: Vec::new(),
            outcome: String::new(),
        };
        let mut current: Option<Vec<String>> = None;
        let mut in_outcome = false;
        for (n, line) in text.lines().enumerate() {
            if in_outcome {
                t.outcome.push_str(line);
                t.outcome.push('\n');
                continue;
            }
            if let Some(rest) = line.strip_prefix("# ") {
                let (k, v) = rest
                    .split_once(':')
                    .ok_or_else(|| format!("line {}: header needs 'key: value'", n + 1))?;
                match k.trim() {
                    "dialogue" => t.dialogue = v.trim().into(),
                    "locale" => t.locale = Some(v.trim().into()),
                    "channel" => t.channel = v.trim().into(),
                    other => return Err(format!("line {}: unknown header '{other}'", n + 1)),
                }
            } else if line == "<" || line.starts_with("< ") {
                current
                    .get_or_insert_with(Vec::new)
                    .push(line.get(2..).unwrap_or("").to_string());
            } else if line == ">" || line.starts_with("> ") {
                if let Some(r) = current.take() {
                    t.replies.push(r.join("\n"));
                }
                t.inputs.push(line.get(2..).unwrap_or("").to_string());
            } else if line == "== outcome" {
                if let Some(r) = current.take() {
                    t.replies.push(r.join("\n"));
                }
                in_outcome = true;
            } else if !line.trim().is_empty() {
                return Err(format!(
                    "line {}: expected '# ', '> ', '< ' or '== outcome'",
                    n + 1
                ));
            }
        }
        if let Some(r) = current.take() {
            t.replies.push(r.join("\n"));
        }
        Ok(t)
    }

    /// Writes the transcript in its file format.
    #[must_use]
    pub fn format(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "# dialogue: {}", self.dialogue);
        if let Some(locale) = &self.locale {
            let _ = writeln!(out, "# locale: {locale}");
        }
        let _ = writeln!(out, "# channel: {}", self.channel);
        for (i, reply) in self.replies.iter().enumerate() {
            if i > 0 {
                if let Some(input) = self.inputs.get(i - 1) {
                    push_line(&mut out, ">", input);
                }
            }
            for line in reply.lines() {
                push_line(&mut out, "<", line);
            }
        }
        for input in self
            .inputs
            .iter()
            .skip(self.replies.len().saturating_sub(1))
        {
            push_line(&mut out, ">", input);
        }
        out.push_str("== outcome\n");
        out.push_str(&self.outcome);
        out
    }

    /// The surface this transcript's channel renders to.
    #[must_use]
    pub fn surface(&self) -> Surface {
        if self.channel == "telegram" {
            Surface::Buttons
        } else {
            Surface::Plain
        }
    }
}

fn push_line(out: &mut String, mark: &str, text: &str) {
    if text.is_empty() {
        out.push_str(mark);
    } else {
        out.push_str(mark);
        out.push(' ');
        out.push_str(text);
    }
    out.push('\n');
}

/// A reply as it reads in a transcript: the text, then the buttons (Telegram).
#[must_use]
pub fn reply_text(reply: &Reply) -> String {
    let mut text = reply.text.clone();
    for (label, _) in &reply.buttons {
        let _ = write!(text, "\n[{label}]");
    }
    text
}

/// A conversation in the conditions of a replay: a fresh in-memory database, the clock at
/// [`T0`] moved by [`TURN_GAP`] before each input, and counted randomness (booking
/// references). Replays run on it, and `tremplin chat --record` records on it, so that what
/// is recorded replays exactly, a booking included.
pub struct Stage {
    pub host: Host,
    clock: Arc<ManualClock>,
}

impl std::fmt::Debug for Stage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Stage").finish_non_exhaustive()
    }
}

impl Stage {
    /// A stage for a dialogue of the catalog.
    pub async fn open(catalog: Arc<Catalog>, dialogue: &str) -> Result<Self, HostError> {
        let store = Store::open("sqlite::memory:", PoolConfig::default()).await?;
        let clock = Arc::new(ManualClock::new(T0));
        // As `chat` runs: the territory's own file of services, no API.
        let config = HostConfig {
            dialogue: dialogue.to_string(),
            services: crate::app::ServicesConfig {
                imported: true,
                territory_file: true,
                ..crate::app::ServicesConfig::default()
            },
            ..HostConfig::default()
        };
        let host = Host::new(store, catalog, config, clock.clone())?
            .with_entropy(Arc::new(CountingEntropy::default()));
        Ok(Self { host, clock })
    }

    /// The next input comes [`TURN_GAP`] seconds after the one before.
    pub fn next_turn(&self) {
        self.clock.advance(TURN_GAP);
    }
}

/// Replays a transcript's inputs on a [`Stage`] and returns the transcript as it comes out
/// now.
pub async fn replay(catalog: Arc<Catalog>, t: &Transcript) -> Result<Transcript, HostError> {
    let stage = Stage::open(catalog, &t.dialogue).await?;
    let host = &stage.host;
    let key = ConvKey::new(channel_of(&t.channel), "transcript");
    let surface = t.surface();
    let mut replies = Vec::new();
    let first = Inbound {
        key: key.clone(),
        input: Input::Start,
        external_id: None,
        language_hint: t.locale.clone(),
        language_guess: None,
    };
    replies.push(reply_text(&host.handle(first, surface).await?));
    for input in &t.inputs {
        stage.next_turn();
        let inbound = Inbound {
            key: key.clone(),
            input: Input::Text(input.clone()),
            external_id: None,
            language_hint: None,
            language_guess: None,
        };
        replies.push(reply_text(&host.handle(inbound, surface).await?));
    }
    let outcome = outcome(host, &key).await?;
    Ok(Transcript {
        replies,
        outcome,
        ..t.clone()
    })
}

fn channel_of(name: &str) -> Channel {
    match name {
        "telegram" => Channel::Telegram,
        "sms" => Channel::Sms,
        "whatsapp" => Channel::WhatsApp,
        _ => Channel::Console,
    }
}

/// What is stored for a conversation, one fact a line.
pub async fn outcome(host: &Host, key: &ConvKey) -> Result<String, HostError> {
    let mut out = String::new();
    let stored = host.store().find_person(key).await?;
    let session = host.session_of(key).await?;
    if let Some(s) = &session {
        let _ = writeln!(out, "status: {}", status(s));
        let _ = writeln!(out, "step: {}", s.step);
        let _ = writeln!(out, "locale: {}", s.locale);
    } else {
        let _ = writeln!(out, "status: none");
    }
    if let Some(s) = session.as_ref().filter(|s| s.status == Status::Ended) {
        let dialogue = host.catalog().dialogue(&s.dialogue);
        if let Some(d) = dialogue.filter(|d| {
            d.steps.iter().any(|st| st.def.proposal)
                && s.consented(crate::engine::ConsentScope::Store)
        }) {
            let p = s.proposal(d);
            let _ = write!(out, "proposal: {:?}, lead {:?}", p.parcours, p.lead);
            if let Some(with) = p.with {
                let _ = write!(out, ", with {with:?}");
            }
            out.push('\n');
        }
    }
    if let Some(s) = session.as_ref().filter(|s| !s.urgent.is_empty()) {
        let urgent: Vec<&str> = s.urgent.iter().map(String::as_str).collect();
        let _ = writeln!(out, "urgent: {}", urgent.join(", "));
    }
    let Some(person) = stored else {
        out.push_str("stored: nothing\n");
        return Ok(out);
    };
    out.push_str("stored: yes\n");
    for (scope, granted) in host.store().consents_of(&person.id).await? {
        let _ = writeln!(
            out,
            "consent {scope}: {}",
            if granted { "yes" } else { "no" }
        );
    }
    if let Some(b) = host.store().active_booking(&person.id, 0).await? {
        use chrono::TimeZone as _;
        let when = chrono_tz::Europe::Paris
            .timestamp_opt(b.starts_at, 0)
            .single()
            .map_or_else(String::new, |t| t.format("%Y-%m-%d %H:%M").to_string());
        let _ = write!(
            out,
            "booking: {}, {} {}, {}",
            b.status, b.site, when, b.format
        );
        if let Some(with) = &b.with_site {
            let _ = write!(out, ", with {with}");
        }
        out.push('\n');
    }
    for (_, partner, urgent) in host
        .store()
        .open_requests()
        .await?
        .iter()
        .filter(|r| r.0.as_deref() == Some(person.id.as_str()))
    {
        let _ = writeln!(
            out,
            "waiting request: {partner}{}",
            if *urgent { ", urgent" } else { "" }
        );
    }
    for a in host.store().answers_of(&person.id).await? {
        let value: Value = serde_json::from_str(&a.value).unwrap_or(Value::Text(a.value.clone()));
        let _ = write!(out, "answer {} = {}", a.step, short_value(&value));
        if !a.codes.is_empty() {
            let _ = write!(out, " [{}]", a.codes);
        }
        if a.sensitive {
            out.push_str(" (sensitive)");
        }
        out.push('\n');
    }
    Ok(out)
}

fn status(s: &Session) -> &'static str {
    match s.status {
        Status::Active => "active",
        Status::Paused => "paused",
        Status::Ended => "ended",
        Status::Erased => "erased",
    }
}

fn short_value(v: &Value) -> String {
    match v {
        Value::Option(o) => o.clone(),
        Value::Options(v) => v.join(", "),
        Value::Number(n) => n.to_string(),
        Value::Date(d) => d.to_string(),
        Value::Text(t) => format!("{t:?}"),
        Value::Place { postcode, commune } => match commune {
            Some(c) => format!("{postcode} {c}"),
            None => postcode.clone(),
        },
        Value::Phone(p) => p.clone(),
        Value::Skipped => "(skipped)".into(),
        Value::RatherNot => "(rather not say)".into(),
        Value::Withheld => "(withheld)".into(),
    }
}
