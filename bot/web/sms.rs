//! `POST /sms/twilio`: inbound SMS and WhatsApp messages from a Twilio-compatible provider.
//! Every request's signature is checked against the configured public URL before anything is
//! read or stored; the reply is TwiML.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::app::Host;
use crate::app::Inbound;
use crate::channels::sms::{self, Keyword, MAX_BODY_CHARS};
use crate::engine::{Input, Msg};
use crate::i18n::Isolation;
use crate::i18n::render::Surface;

/// The SMS channel's settings.
#[derive(Clone)]
pub struct SmsConfig {
    pub auth_token: String,
    /// The webhook's public URL, exactly as configured at the provider.
    pub webhook_url: String,
    /// The public URL of the delivery status callbacks (`<public URL>/sms/status`).
    pub status_url: String,
    /// When accents outside GSM-7 are replaced (ê -> e) so replies take fewer segments.
    pub gsm7: sms::Gsm7,
    /// Each number's last messages, to merge the replies of a burst.
    pub bursts: Bursts,
    /// Milliseconds within which a second message from the same number is part of a burst.
    pub burst_ms: i64,
    /// The messages that stop every message to the number.
    pub stop_words: sms::StopWords,
}

impl std::fmt::Debug for SmsConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmsConfig")
            .field("webhook_url", &self.webhook_url)
            .field("gsm7", &self.gsm7)
            .finish_non_exhaustive()
    }
}

fn twiml(status: StatusCode, texts: &[&str]) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/xml; charset=utf-8")],
        sms::twiml(texts),
    )
        .into_response()
}

/// What the SMS webhook reads of the server's state.
#[derive(Debug, Clone)]
pub struct SmsState {
    pub host: Arc<Host>,
    /// None when the SMS channel is not configured.
    pub config: Option<Arc<SmsConfig>>,
}

/// The parameters of a provider's request whose signature was checked.
pub(super) struct SignedForm(Vec<(String, String)>);

impl SignedForm {
    /// The first value of a parameter.
    pub(super) fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// The channel's settings and a provider's request's parameters, once its form and its
/// `X-Twilio-Signature` (over `url` of the settings, the address the provider was given) are
/// checked; else the status and text refusing it (404 when the channel is off).
pub(super) fn signed(
    state: &SmsState,
    headers: &HeaderMap,
    body: &Bytes,
    url: fn(&SmsConfig) -> &str,
) -> Result<(Arc<SmsConfig>, SignedForm), (StatusCode, &'static str)> {
    let Some(cfg) = state.config.clone() else {
        return Err((StatusCode::NOT_FOUND, ""));
    };
    let form = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !form {
        return Err((
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "expected application/x-www-form-urlencoded\n",
        ));
    }
    let params: Vec<(String, String)> = form_urlencoded::parse(body).into_owned().collect();
    let Some(signature) = headers
        .get("x-twilio-signature")
        .and_then(|v| v.to_str().ok())
    else {
        return Err((StatusCode::FORBIDDEN, "missing signature\n"));
    };
    if !sms::verify(&cfg.auth_token, url(&cfg), &params, signature) {
        tracing::warn!(
            url = url(&cfg),
            "SMS provider request: signature does not match"
        );
        return Err((StatusCode::FORBIDDEN, "invalid signature\n"));
    }
    Ok((cfg, SignedForm(params)))
}

/// Handles one inbound message.
pub async fn twilio(State(state): State<SmsState>, headers: HeaderMap, body: Bytes) -> Response {
    let (cfg, params) = match signed(&state, &headers, &body, |c| &c.webhook_url) {
        Ok(signed) => signed,
        Err(refused) => return refused.into_response(),
    };
    let get = |name: &str| params.get(name);
    let (Some(from), Some(sid)) = (get("From"), get("MessageSid")) else {
        return (
            StatusCode::BAD_REQUEST,
            "From and MessageSid are required\n",
        )
            .into_response();
    };
    let Some(key) = sms::conversation(from) else {
        return (StatusCode::BAD_REQUEST, "From is not a phone number\n").into_response();
    };
    let text = get("Body").unwrap_or_default();
    let media = get("NumMedia")
        .and_then(|n| n.parse::<u32>().ok())
        .unwrap_or(0);
    let host = &state.host;
    let guess = sms::country_language(&key.address).map(str::to_string);
    // The conversation's language (or the one its number's country suggests), read only for
    // the few replies the webhook writes itself.
    let say = async |id: &str| {
        let locale = host
            .locale_of(&key)
            .await
            .ok()
            .flatten()
            .or_else(|| guess.clone())
            .unwrap_or_else(|| crate::i18n::REFERENCE.to_string());
        let text = host
            .catalog()
            .locales
            .render(&locale, &Msg::new(id), Isolation::Plain);
        (locale, text)
    };
    // Transliterated on SMS where it saves a segment; right-to-left text isolated.
    let mode = if key.channel == crate::core::Channel::Sms {
        cfg.gsm7
    } else {
        sms::Gsm7::Never
    };
    let finish = |locale: &str, texts: Vec<String>| {
        let texts: Vec<String> = texts
            .iter()
            .map(|t| sms::for_locale(t, locale, mode))
            .collect();
        twiml(
            StatusCode::OK,
            &texts.iter().map(String::as_str).collect::<Vec<_>>(),
        )
    };
    let unavailable = |e: crate::app::HostError| {
        tracing::error!(error = %e, "SMS webhook: storage");
        StatusCode::SERVICE_UNAVAILABLE.into_response()
    };
    // A notice the webhook writes itself, to a person who had not stopped the messages.
    let notice = async |stopped: Result<bool, crate::app::HostError>, id: &str| match stopped {
        Ok(true) => twiml(StatusCode::OK, &[]),
        Ok(false) => {
            let (locale, text) = say(id).await;
            finish(&locale, vec![text])
        }
        Err(e) => unavailable(e),
    };
    let input = match sms::keyword(text, &cfg.stop_words) {
        // One confirmation, then nothing.
        Some(Keyword::Stop) => return notice(host.opt_out(&key).await, "sms-stopped").await,
        // START, YES, UNSTOP resume a number that stopped; for anyone else they are answers.
        Some(Keyword::Start) => match host.opted_out(&key).await {
            Ok(true) => {
                if let Err(e) = host.opt_in(&key).await {
                    return unavailable(e);
                }
                Input::Start
            }
            Ok(false) => Input::Text(text.chars().take(MAX_BODY_CHARS).collect()),
            Err(e) => return unavailable(e),
        },
        _ if media > 0 && text.trim().is_empty() => {
            return notice(host.opted_out(&key).await, "sms-media-only").await;
        }
        _ => Input::Text(text.chars().take(MAX_BODY_CHARS).collect()),
    };
    let cut = text.chars().count() > MAX_BODY_CHARS;
    let arrived = host.clock().unix_millis();
    let inbound = Inbound {
        key: key.clone(),
        input,
        external_id: Some(sid.to_string()),
        language_hint: None,
        language_guess: guess.clone(),
    };
    // SMS is paid by the segment: long passages take their short form there.
    let surface = if key.channel == crate::core::Channel::Sms {
        Surface::Sms
    } else {
        Surface::Plain
    };
    match host.handle(inbound, surface).await {
        // Opted out: the host answered nothing.
        Ok(reply) if reply.text.is_empty() => twiml(StatusCode::OK, &[]),
        Ok(reply) => {
            let must = reply.must_reach();
            let mut out = reply.text;
            if cut {
                out = format!(
                    "{}\n{out}",
                    host.catalog().locales.render(
                        &reply.locale,
                        &Msg::new("sms-too-long"),
                        Isolation::Plain
                    )
                );
            }
            // A redelivery is recognised before any flood rule: it gets the same reply.
            if reply.duplicate {
                return finish(&reply.locale, vec![out]);
            }
            let who = format!("{}:{}", key.channel.as_str(), key.address);
            finish(
                &reply.locale,
                cfg.bursts
                    .settle(who, arrived, out, must, cfg.burst_ms)
                    .await,
            )
        }
        Err(e) => {
            tracing::error!(error = %e, "SMS webhook: turn failed");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}

/// The replies of each number's bursts. Every message of a burst (a quick answer, a long text
/// split in several SMS, a stuck phone) is processed and stored, in order; only its replies
/// are merged: a message that comes within the burst time of the one before waits that time
/// once its turn is done, and answers only if no later message came meanwhile, with the
/// replies held back before it that must reach the person ([`crate::app::Reply::must_reach`])
/// and its own. The first message of a burst is answered at once.
#[derive(Debug, Clone, Default)]
pub struct Bursts {
    numbers: dashmap::DashMap<String, Burst>,
    /// Numbers the messages in the order their turns ended, across numbers.
    tickets: Arc<std::sync::atomic::AtomicU64>,
}

/// One number's burst: when its last message came, the ticket of its latest, the replies
/// held back.
#[derive(Debug, Clone)]
struct Burst {
    last: i64,
    latest: u64,
    held: Vec<String>,
}

impl Default for Burst {
    fn default() -> Self {
        Self {
            last: i64::MIN / 2,
            latest: 0,
            held: Vec::new(),
        }
    }
}

impl Bursts {
    /// What to answer a message from `who` that came at `arrived` (milliseconds) and got
    /// `reply`: nothing when a later message of its burst answers instead.
    pub async fn settle(
        &self,
        who: String,
        arrived: i64,
        reply: String,
        must_reach: bool,
        window_ms: i64,
    ) -> Vec<String> {
        if window_ms <= 0 {
            return vec![reply];
        }
        let ticket = 1 + self
            .tickets
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let in_burst = {
            let mut b = self.numbers.entry(who.clone()).or_default();
            let in_burst = arrived - b.last < window_ms;
            b.last = b.last.max(arrived);
            b.latest = ticket;
            in_burst
        };
        // Entries released first: the map's shards are locked one by one. An entry forgotten
        // while a message waits only means that message answers.
        if self.numbers.len() > 100_000 {
            self.numbers
                .retain(|_, b| arrived - b.last < window_ms || !b.held.is_empty());
        }
        if !in_burst {
            return vec![reply];
        }
        tokio::time::sleep(std::time::Duration::from_millis(
            u64::try_from(window_ms).unwrap_or(0),
        ))
        .await;
        let mut b = self.numbers.entry(who).or_default();
        if b.latest > ticket {
            if must_reach {
                b.held.push(reply);
            }
            return Vec::new();
        }
        let mut out = std::mem::take(&mut b.held);
        out.push(reply);
        out
    }
}

/// Builds the SMS settings from the environment, or says why the channel stays off.
pub fn config_from(
    auth_token: Option<&str>,
    public_url: Option<&str>,
    gsm7: sms::Gsm7,
) -> Result<Arc<SmsConfig>, &'static str> {
    let token = auth_token
        .filter(|t| !t.is_empty())
        .ok_or("TWILIO_AUTH_TOKEN is not set")?;
    let base = public_url
        .filter(|u| !u.is_empty())
        .ok_or("TREMPLIN_PUBLIC_URL is not set (the signature is checked against it)")?;
    Ok(Arc::new(SmsConfig {
        auth_token: token.to_string(),
        webhook_url: format!("{}/sms/twilio", base.trim_end_matches('/')),
        status_url: format!("{}{}", base.trim_end_matches('/'), sms::STATUS_PATH),
        gsm7,
        bursts: Bursts::default(),
        burst_ms: 1_500,
        stop_words: sms::StopWords::default(),
    }))
}
