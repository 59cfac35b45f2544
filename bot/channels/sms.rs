//! SMS and WhatsApp through a Twilio-compatible provider: the request signature, phone
//! numbers, keywords, segment counting and the TwiML reply. Pure functions; the HTTP handler
//! is in `web::sms`.

use base64::Engine as _;
use hmac::{Hmac, Mac};
use sha1::Sha1;

use crate::core::{Channel, ConvKey};

pub mod budget;
mod words;

pub use words::{Keyword, StopWords, country_language, keyword};

/// Longest body read; a longer one is cut and the person told.
pub const MAX_BODY_CHARS: usize = 1_600;

/// The signature Twilio computes: base64(HMAC-SHA1(auth token, URL + every parameter name
/// and value, sorted by name)).
#[must_use]
pub fn signature(auth_token: &str, url: &str, params: &[(String, String)]) -> String {
    base64::engine::general_purpose::STANDARD
        .encode(mac(auth_token, url, params).finalize().into_bytes())
}

/// Checks a request's `X-Twilio-Signature` in constant time, against the configured public
/// URL with and without its default port, as Twilio may sign either.
#[must_use]
pub fn verify(auth_token: &str, url: &str, params: &[(String, String)], header: &str) -> bool {
    let Ok(given) = base64::engine::general_purpose::STANDARD.decode(header.trim()) else {
        return false;
    };
    url_variants(url)
        .iter()
        .any(|u| mac(auth_token, u, params).verify_slice(&given).is_ok())
}

/// The HMAC-SHA1 over the URL and every parameter name and value, sorted by name.
fn mac(auth_token: &str, url: &str, params: &[(String, String)]) -> Hmac<Sha1> {
    let mut sorted: Vec<&(String, String)> = params.iter().collect();
    // A stable sort keeps repeated names in the order they came.
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    let mut mac =
        Hmac::<Sha1>::new_from_slice(auth_token.as_bytes()).expect("HMAC takes any key length");
    mac.update(url.as_bytes());
    for (k, v) in sorted {
        mac.update(k.as_bytes());
        mac.update(v.as_bytes());
    }
    mac
}

/// The URL as configured, plus the same URL with the scheme's default port added (if absent)
/// or removed (if present).
#[must_use]
pub fn url_variants(url: &str) -> Vec<String> {
    let mut out = vec![url.to_string()];
    let (scheme, port) = if url.starts_with("https://") {
        ("https://", "443")
    } else if url.starts_with("http://") {
        ("http://", "80")
    } else {
        return out;
    };
    let rest = &url[scheme.len()..];
    let (authority, tail) = rest
        .find(['/', '?'])
        .map_or((rest, ""), |i| rest.split_at(i));
    let (userinfo, host) = authority
        .rsplit_once('@')
        .map_or(("", authority), |(u, h)| (u, h));
    let at = if userinfo.is_empty() {
        String::new()
    } else {
        format!("{userinfo}@")
    };
    if let Some(bare) = host.strip_suffix(&format!(":{port}")) {
        out.push(format!("{scheme}{at}{bare}{tail}"));
    } else if !host.contains(':') || host.ends_with(']') {
        out.push(format!("{scheme}{at}{host}:{port}{tail}"));
    }
    out
}

/// The conversation of a `From` address: `whatsapp:+33...` is WhatsApp, anything else an SMS
/// number, normalised to E.164 (French 06/07 numbers become +336/+337).
#[must_use]
pub fn conversation(from: &str) -> Option<ConvKey> {
    let (channel, number) = match from.strip_prefix("whatsapp:") {
        Some(n) => (Channel::WhatsApp, n),
        None => (Channel::Sms, from),
    };
    e164(number).map(|n| ConvKey::new(channel, n))
}

/// A phone number in E.164 form, or `None` if it is not one.
#[must_use]
pub fn e164(raw: &str) -> Option<String> {
    let digits: String = raw
        .chars()
        .filter(|c| !matches!(c, ' ' | '.' | '-' | '(' | ')'))
        .collect();
    let digits = digits
        .strip_prefix("00")
        .map_or(digits.clone(), |d| format!("+{d}"));
    if digits.len() == 10 && digits.starts_with('0') && digits.bytes().all(|b| b.is_ascii_digit()) {
        return Some(format!("+33{}", &digits[1..]));
    }
    let rest = digits.strip_prefix('+')?;
    ((8..=15).contains(&rest.len())
        && rest.bytes().all(|b| b.is_ascii_digit())
        && !rest.starts_with('0'))
    .then(|| digits.clone())
}

pub use crate::i18n::segments::{Encoding, QUESTION_SEGMENTS, segments};

/// When SMS replies are written with GSM-7 characters only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Gsm7 {
    /// Only when it makes the message take fewer segments: accents are kept when they cost
    /// nothing.
    #[default]
    Auto,
    /// Always.
    Always,
    /// Never: the text is sent as written.
    Never,
}

impl Gsm7 {
    /// Reads `auto`, `always`/`1`/`true`/`yes` or `never`/`0`/`false`/`no`.
    pub fn parse(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "auto" | "" => Ok(Self::Auto),
            "always" | "1" | "true" | "yes" | "on" => Ok(Self::Always),
            "never" | "0" | "false" | "no" | "off" => Ok(Self::Never),
            other => Err(format!("'{other}': expected auto, always or never")),
        }
    }

    /// The text as it is sent by SMS in this mode. `Auto` sends the transliteration only when
    /// it is all GSM-7 and takes fewer segments: a text that stays UCS-2 anyway (Cyrillic, an
    /// emoji), or that fits in as many segments with its accents, goes as written.
    #[must_use]
    pub fn apply(self, text: &str) -> String {
        match self {
            Self::Never => text.to_string(),
            Self::Always => to_gsm7(text),
            Self::Auto => crate::i18n::segments::gsm7_if_shorter(text),
        }
    }
}

/// A reply as sent in a locale with this transliteration: in a right-to-left language, the
/// left-to-right runs isolated where that costs no segment
/// ([`crate::i18n::render::isolate_runs`]); else transliterated as `mode` says.
#[must_use]
pub fn for_locale(text: &str, locale: &str, mode: Gsm7) -> String {
    if crate::i18n::render::right_to_left(locale) {
        let isolated = crate::i18n::render::isolate_runs(text);
        return if segments(&isolated).1 <= segments(text).1 {
            isolated
        } else {
            text.to_string()
        };
    }
    mode.apply(text)
}

/// The GSM-7 transliteration, where SMS text arithmetic lives (the renderer counts with it).
pub use crate::i18n::segments::to_gsm7;

/// The longest body the provider accepts, in characters (UTF-16 units, to be safe with
/// emoji): a longer one is refused (Twilio's error 21617), so it is sent in several bodies.
pub const MAX_SEND_CHARS: usize = 1_600;

/// A TwiML reply with one message per text (none: an empty response, nothing is sent). A
/// text longer than a body the provider accepts goes in several messages
/// ([`crate::i18n::render::split`]): no
/// `<Message>` ever carries more than [`MAX_SEND_CHARS`].
#[must_use]
pub fn twiml(texts: &[&str]) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response>");
    for t in texts.iter().filter(|t| !t.is_empty()) {
        for body in crate::i18n::render::split(t, MAX_SEND_CHARS) {
            out.push_str("<Message>");
            out.push_str(&xml_escape(&body));
            out.push_str("</Message>");
        }
    }
    out.push_str("</Response>");
    out
}

fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if c.is_control() && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// Sends messages through the provider's REST API (`.../Accounts/{sid}/Messages.json`, basic
/// auth): a text as `Body`, an approved template as `ContentSid` and `ContentVariables`, each
/// asking for its delivery status at the status callback URL. The base URL is configurable,
/// so tests talk to a local mock.
pub struct RestSender {
    client: reqwest::Client,
    endpoint: String,
    account_sid: String,
    auth_token: String,
    from: String,
    /// `whatsapp:` for the WhatsApp channel, empty for SMS.
    prefix: &'static str,
    /// Where the provider posts each message's delivery status (`<public URL>/sms/status`).
    status_callback: Option<String>,
}

impl std::fmt::Debug for RestSender {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RestSender")
            .field("endpoint", &self.endpoint)
            .field("prefix", &self.prefix)
            .field("status_callback", &self.status_callback)
            .finish_non_exhaustive()
    }
}

/// The status callback's path, under the public URL.
pub const STATUS_PATH: &str = "/sms/status";

impl RestSender {
    /// A sender for SMS (`whatsapp = false`) or WhatsApp.
    pub fn new(
        api_url: &str,
        account_sid: &str,
        auth_token: &str,
        from: &str,
        whatsapp: bool,
    ) -> Result<Self, reqwest::Error> {
        let client = reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(15))
            .build()?;
        Ok(Self {
            client,
            endpoint: format!(
                "{}/2010-04-01/Accounts/{account_sid}/Messages.json",
                api_url.trim_end_matches('/')
            ),
            account_sid: account_sid.to_string(),
            auth_token: auth_token.to_string(),
            from: from.to_string(),
            prefix: if whatsapp { "whatsapp:" } else { "" },
            status_callback: None,
        })
    }

    /// Asks the provider to post every message's delivery status to `<public_url>/sms/status`.
    #[must_use]
    pub fn with_status_callback(mut self, public_url: &str) -> Self {
        self.status_callback = Some(format!("{}{STATUS_PATH}", public_url.trim_end_matches('/')));
        self
    }
}

/// Records whether the provider's REST API answered (a refusal is an answer; a network error,
/// a time-out or a 5xx is not).
fn reached(answered: bool) {
    crate::metrics::record_dependency(crate::metrics::Dependency::SmsProvider, answered);
}

impl crate::notify::Sender for RestSender {
    fn max_chars(&self) -> Option<usize> {
        Some(MAX_SEND_CHARS)
    }

    fn send<'a>(&'a self, address: &'a str, text: &'a str) -> crate::notify::SendFuture<'a> {
        use crate::notify::Content;
        Box::pin(async move { self.deliver(address, Content::Text(text)).await.map(|_| ()) })
    }

    fn deliver<'a>(
        &'a self,
        address: &'a str,
        content: crate::notify::Content<'a>,
    ) -> crate::notify::DeliverFuture<'a> {
        use crate::notify::{Content, SendError};
        Box::pin(async move {
            let to = format!("{}{address}", self.prefix);
            let from = format!(
                "{}{}",
                self.prefix,
                self.from.trim_start_matches("whatsapp:")
            );
            let mut form = vec![("To", to.as_str()), ("From", from.as_str())];
            match content {
                Content::Text(text) => form.push(("Body", text)),
                Content::Template(t) => {
                    form.push(("ContentSid", &t.content_sid));
                    form.push(("ContentVariables", &t.variables));
                }
            }
            if let Some(url) = &self.status_callback {
                form.push(("StatusCallback", url));
            }
            let resp = self
                .client
                .post(&self.endpoint)
                .basic_auth(&self.account_sid, Some(&self.auth_token))
                .form(&form)
                .send()
                .await
                .map_err(|e| {
                    reached(false);
                    SendError::Retry(format!("provider unreachable: {}", e.without_url()))
                })?;
            let status = resp.status();
            reached(!status.is_server_error());
            if status.as_u16() == 429 || status.is_server_error() {
                return Err(SendError::Retry(format!("provider answered {status}")));
            }
            let body = resp.text().await.unwrap_or_default();
            let json = serde_json::from_str::<serde_json::Value>(&body).ok();
            let field = |name: &str| json.as_ref().and_then(|v| v.get(name).cloned());
            if status.is_success() {
                return Ok(field("sid").and_then(|v| v.as_str().map(str::to_string)));
            }
            let code = field("code").and_then(|v| v.as_i64()).unwrap_or_default();
            Err(SendError::refused(
                code,
                format!("provider answered {status}, code {code}"),
            ))
        })
    }
}

/// A question as the SMS channel sends it: its segments, encoding and text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LongQuestion {
    pub step: String,
    /// Segments as sent.
    pub segments: usize,
    pub encoding: Encoding,
    /// The text as sent.
    pub text: String,
}

/// When a question is asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Asked {
    /// The first time: its prompt and its options.
    First,
    /// Again after an answer not understood: "I do not understand", the step's hint and the
    /// options (choice questions only).
    Again,
}

/// Every question of a dialogue, asked as `asked` says, as sent by SMS in a locale with this
/// transliteration (and, right to left, with its isolation marks), that takes more than
/// `limit` segments.
#[must_use]
pub fn long_questions(
    catalog: &crate::catalog::Catalog,
    dialogue: &crate::dialogue::Dialogue,
    locale: &str,
    mode: Gsm7,
    asked: Asked,
    limit: usize,
) -> Vec<LongQuestion> {
    use crate::dialogue::Kind;
    use crate::engine::step::question;
    use crate::engine::{Event, Msg};
    use crate::i18n::render::{Surface, render};
    let again = asked == Asked::Again;
    let mut out = Vec::new();
    for step in dialogue
        .steps
        .iter()
        .filter(|s| s.def.kind.takes_input() && s.def.kind != Kind::Booking)
        .filter(|s| !again || !s.options.is_empty())
    {
        let mut events = Vec::new();
        if again {
            events.push(Event::Say(Msg::new("miss-not-an-option")));
            events.push(crate::engine::step::hint(step));
        }
        events.push(Event::Ask(question(&catalog.lexicon, step, 1, !again)));
        let text = for_locale(
            &render(&catalog.locales, locale, &events, Surface::Sms).text,
            locale,
            mode,
        );
        let (encoding, n) = segments(&text);
        if n > limit {
            out.push(LongQuestion {
                step: step.def.id.clone(),
                segments: n,
                encoding,
                text,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
            .collect()
    }

    #[test]
    fn twilio_documented_example() {
        let params = p(&[
            ("CallSid", "CA1234567890ABCDE"),
            ("Caller", "+12349013030"),
            ("Digits", "1234"),
            ("From", "+12349013030"),
            ("To", "+18005551212"),
        ]);
        // Twilio's documented example: a URL with a query string, the token 12345.
        let url = "https://mycompany.com/myapp.php?foo=1&bar=2";
        assert_eq!(
            signature("12345", url, &params),
            "0/KCTR6DLpKmkAf8muzZqo1nDgQ="
        );
        assert!(verify(
            "12345",
            url,
            &params,
            "0/KCTR6DLpKmkAf8muzZqo1nDgQ="
        ));
        assert!(
            !verify("12346", url, &params, "0/KCTR6DLpKmkAf8muzZqo1nDgQ="),
            "wrong token"
        );
        let mut tampered = params.clone();
        tampered[2].1 = "1235".into();
        assert!(
            !verify("12345", url, &tampered, "0/KCTR6DLpKmkAf8muzZqo1nDgQ="),
            "tampered body"
        );
        assert!(
            !verify("12345", url, &params, "not base64!"),
            "garbage header"
        );
        // Twilio may sign with the default port spelled out.
        let with_port = signature(
            "12345",
            "https://mycompany.com:443/myapp.php?foo=1&bar=2",
            &params,
        );
        assert!(verify("12345", url, &params, &with_port));
    }

    #[test]
    fn port_variants() {
        assert_eq!(
            url_variants("https://ex.org/sms?x=1"),
            vec!["https://ex.org/sms?x=1", "https://ex.org:443/sms?x=1"]
        );
        assert_eq!(
            url_variants("https://ex.org:443/sms"),
            vec!["https://ex.org:443/sms", "https://ex.org/sms"]
        );
        assert_eq!(
            url_variants("http://ex.org:8080/sms"),
            vec!["http://ex.org:8080/sms"]
        );
    }

    #[test]
    fn numbers() {
        assert_eq!(
            conversation("whatsapp:+33612345678"),
            Some(ConvKey::new(Channel::WhatsApp, "+33612345678"))
        );
        assert_eq!(
            conversation("06 12 34 56 78"),
            Some(ConvKey::new(Channel::Sms, "+33612345678"))
        );
        assert_eq!(
            conversation("+447700900123"),
            Some(ConvKey::new(Channel::Sms, "+447700900123"))
        );
        assert_eq!(conversation("hello"), None);
    }

    #[test]
    fn segment_counts() {
        assert_eq!(segments("Répondez 1, 2 ou 3."), (Encoding::Gsm7, 1));
        assert_eq!(
            segments("Bonjour, ça va ?"),
            (Encoding::Ucs2, 1),
            "a lower-case ç is not GSM-7"
        );
        assert_eq!(segments(&"a".repeat(160)), (Encoding::Gsm7, 1));
        assert_eq!(segments(&"a".repeat(161)), (Encoding::Gsm7, 2));
        assert_eq!(segments(&"€".repeat(80)), (Encoding::Gsm7, 1));
        assert_eq!(segments(&"€".repeat(81)), (Encoding::Gsm7, 2));
        assert_eq!(segments("Êtes-vous inscrit ?"), (Encoding::Ucs2, 1));
        assert_eq!(segments(&"ê".repeat(71)), (Encoding::Ucs2, 2));
        assert_eq!(segments(&"مرحبا ".repeat(12)), (Encoding::Ucs2, 2));
        assert_eq!(
            segments(&"🙂".repeat(35)),
            (Encoding::Ucs2, 1),
            "an emoji is two UTF-16 units"
        );
        assert_eq!(
            to_gsm7("Êtes-vous prêt ? « oui » – ça"),
            "Etes-vous pret ? \"oui\" - ca"
        );
    }

    #[test]
    fn twiml_is_escaped() {
        assert_eq!(
            twiml(&["a < b & \"c\""]),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Message>a &lt; b &amp; &quot;c&quot;</Message></Response>"
        );
        assert_eq!(
            twiml(&[]),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response></Response>"
        );
    }

    #[test]
    fn long_texts_are_split_at_lines_then_spaces() {
        let line = "mot ".repeat(30);
        let text = vec![line.trim_end(); 20].join("\n");
        let parts = crate::i18n::render::split(&text, 500);
        assert!(parts.len() > 1);
        for p in &parts {
            assert!(p.chars().count() <= 500, "{}", p.len());
            assert!(p.split(['\n', ' ']).all(|w| w == "mot"), "{p:?}");
        }
        assert_eq!(parts.join("\n"), text, "nothing lost, cut at line ends");
        // One long line: cut at spaces, never inside a word.
        let long = "parole ".repeat(400);
        let parts = crate::i18n::render::split(long.trim_end(), MAX_SEND_CHARS);
        assert!(
            parts
                .iter()
                .all(|p| p.encode_utf16().count() <= MAX_SEND_CHARS)
        );
        assert!(parts.iter().all(|p| p.split(' ').all(|w| w == "parole")));
        // A word longer than a body is the only thing cut.
        let huge = "x".repeat(3_500);
        let parts = crate::i18n::render::split(&huge, MAX_SEND_CHARS);
        assert_eq!(parts.concat(), huge);
        assert_eq!(
            crate::i18n::render::split("court", MAX_SEND_CHARS),
            vec!["court"]
        );
        let xml = twiml(&[&long]);
        assert!(xml.matches("<Message>").count() >= 2);
    }
}
