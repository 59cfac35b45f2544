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
    /// When accents outside GSM-7 are replaced (ê -> e) so replies take fewer segments.
    pub gsm7: sms::Gsm7,
    /// When each number's last message was taken, for flood control.
    pub last_seen: dashmap::DashMap<String, i64>,
    /// Milliseconds within which a second message from the same number is part of a burst.
    pub burst_ms: i64,
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

/// Handles one inbound message.
/// What the SMS webhook reads of the server's state.
#[derive(Debug, Clone)]
pub struct SmsState {
    pub host: Arc<Host>,
    /// None when the SMS channel is not configured.
    pub config: Option<Arc<SmsConfig>>,
}

pub async fn twilio(State(state): State<SmsState>, headers: HeaderMap, body: Bytes) -> Response {
    let Some(cfg) = state.config.clone() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let form = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !form {
        return (
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "expected application/x-www-form-urlencoded\n",
        )
            .into_response();
    }
    let params: Vec<(String, String)> = form_urlencoded::parse(&body).into_owned().collect();
    let Some(signature) = headers
        .get("x-twilio-signature")
        .and_then(|v| v.to_str().ok())
    else {
        return (StatusCode::FORBIDDEN, "missing signature\n").into_response();
    };
    if !sms::verify(&cfg.auth_token, &cfg.webhook_url, &params, signature) {
        tracing::warn!("SMS webhook: signature does not match");
        return (StatusCode::FORBIDDEN, "invalid signature\n").into_response();
    }
    let get = |name: &str| {
        params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
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
    // The person's language, read only for the few replies the webhook writes itself.
    let say = async |id: &str| {
        let locale = host
            .locale_of(&key)
            .await
            .unwrap_or_else(|_| crate::i18n::REFERENCE.to_string());
        host.catalog()
            .locales
            .render(&locale, &Msg::new(id), Isolation::Plain)
    };
    let finish = |text: String| {
        let text = if key.channel == crate::core::Channel::Sms {
            cfg.gsm7.apply(&text)
        } else {
            text
        };
        twiml(StatusCode::OK, &[&text])
    };
    let unavailable = |e: crate::app::HostError| {
        tracing::error!(error = %e, "SMS webhook: storage");
        StatusCode::SERVICE_UNAVAILABLE.into_response()
    };
    // A notice the webhook writes itself, to a person who had not stopped the messages.
    let notice = async |stopped: Result<bool, crate::app::HostError>, id: &str| match stopped {
        Ok(true) => twiml(StatusCode::OK, &[]),
        Ok(false) => finish(say(id).await),
        Err(e) => unavailable(e),
    };
    let input = match sms::keyword(text) {
        // One confirmation, then nothing.
        Some(Keyword::Stop) => return notice(host.opt_out(&key).await, "sms-stopped").await,
        Some(Keyword::Start) => {
            if let Err(e) = host.opt_in(&key).await {
                return unavailable(e);
            }
            Input::Start
        }
        // A burst (a stuck phone, a paste split in many messages) gets one reply: the first.
        _ if in_burst(&cfg, &key, host.clock().unix_millis()) => {
            return twiml(StatusCode::OK, &[]);
        }
        _ if media > 0 && text.trim().is_empty() => {
            return notice(host.opted_out(&key).await, "sms-media-only").await;
        }
        _ => Input::Text(text.chars().take(MAX_BODY_CHARS).collect()),
    };
    let cut = text.chars().count() > MAX_BODY_CHARS;
    let inbound = Inbound {
        key: key.clone(),
        input,
        external_id: Some(sid.to_string()),
        language_hint: None,
    };
    match host.handle(inbound, Surface::Plain).await {
        // Opted out: the host answered nothing.
        Ok(reply) if reply.text.is_empty() => twiml(StatusCode::OK, &[]),
        Ok(reply) => {
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
            finish(out)
        }
        Err(e) => {
            tracing::error!(error = %e, "SMS webhook: turn failed");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}

fn in_burst(cfg: &SmsConfig, key: &crate::core::ConvKey, now: i64) -> bool {
    let mut last = cfg
        .last_seen
        .entry(format!("{}:{}", key.channel.as_str(), key.address))
        .or_insert(i64::MIN / 2);
    let burst = now - *last < cfg.burst_ms;
    if !burst {
        *last = now;
    }
    // Release the entry before touching the whole map (its shards are locked one by one).
    drop(last);
    if cfg.last_seen.len() > 100_000 {
        cfg.last_seen.retain(|_, t| now - *t < cfg.burst_ms);
    }
    burst
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
        gsm7,
        last_seen: dashmap::DashMap::new(),
        burst_ms: 1_500,
    }))
}
