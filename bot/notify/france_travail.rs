//! France Travail's partner API, as rdv-insertion calls it: an OAuth2 token by client
//! credentials, the person found by their France Travail number (`rechercher-usager`, which
//! gives a `jetonUsager`), then the appointment created, changed or deleted
//! (`rendez-vous-partenaire`). A token endpoint that refuses is asked again a minute later at
//! the soonest, whatever the number of deliveries waiting.

use std::sync::Mutex;
use std::time::Duration;

use serde_json::Value;

/// What went wrong with a call, and whether trying again may help.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FtError {
    /// Not worth trying again (the person is not found, or found twice; access refused; the
    /// appointment refused): the code staff read (`S002`, `S003`, `R001`, `R998`, `status 400`).
    Refused(String),
    /// Worth trying again later: what happened (`timeout`, `status 503`, `token 401`).
    Retry(Option<i64>, String),
}

/// The settings of France Travail's API.
#[derive(Debug, Clone)]
pub struct FtConfig {
    pub token_url: String,
    pub client_id: String,
    pub client_secret: String,
    pub api_url: String,
    pub scope: String,
}

/// A client of France Travail's partner API.
pub struct FranceTravail {
    client: reqwest::Client,
    config: FtConfig,
    /// The access token and when it stops being used (Unix seconds).
    token: Mutex<Option<(String, i64)>>,
    /// Until when the token endpoint is not asked again after refusing (Unix seconds).
    refused_until: Mutex<(i64, Option<i64>)>,
}

impl std::fmt::Debug for FranceTravail {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FranceTravail").finish_non_exhaustive()
    }
}

const RDV_PATH: &str = "/partenaire/rendez-vous-partenaire/v1/rendez-vous";
const USAGER_PATH: &str = "/partenaire/rechercher-usager/v2/usagers/par-numero-francetravail";

fn transport(e: &reqwest::Error) -> FtError {
    FtError::Retry(None, transport_name(e).into())
}

/// A refusal's code from France Travail's body (`codeRetour`, `codeErreur`), if any.
fn code_of(body: &Value) -> Option<String> {
    ["codeRetour", "codeErreur", "code"]
        .iter()
        .find_map(|k| body.get(*k).and_then(Value::as_str))
        .filter(|c| c.len() <= 40 && c.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        .map(str::to_string)
}

/// What an answer that is not a success means.
fn failure(status: u16, body: &Value) -> FtError {
    let code = i64::from(status);
    match status {
        401 => FtError::Retry(Some(code), "token expired".into()),
        408 | 429 | 500..=599 => FtError::Retry(Some(code), format!("status {status}")),
        _ => FtError::Refused(code_of(body).unwrap_or_else(|| format!("status {status}"))),
    }
}

impl FranceTravail {
    /// A client; calls time out after 10 seconds and never follow redirects.
    pub fn new(config: FtConfig) -> anyhow::Result<Self> {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .redirect(reqwest::redirect::Policy::none())
            .build()?;
        Ok(Self {
            client,
            config,
            token: Mutex::new(None),
            refused_until: Mutex::new((0, None)),
        })
    }

    /// An access token, asked for when the one kept is about to expire.
    pub async fn token(&self, now: i64) -> Result<String, FtError> {
        if let Some((t, until)) = self.token.lock().ok().and_then(|g| g.clone()) {
            if until > now {
                return Ok(t);
            }
        }
        if let Ok(g) = self.refused_until.lock() {
            if g.0 > now {
                return Err(FtError::Retry(g.1, "token refused".into()));
            }
        }
        let form = [
            ("grant_type", "client_credentials"),
            ("client_id", self.config.client_id.as_str()),
            ("client_secret", self.config.client_secret.as_str()),
            ("scope", self.config.scope.as_str()),
        ];
        let body = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(form)
            .finish();
        let answer = self
            .client
            .post(&self.config.token_url)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await;
        let refuse = |code: Option<i64>| {
            if let Ok(mut g) = self.refused_until.lock() {
                *g = (now + 60, code);
            }
            FtError::Retry(code, "token refused".into())
        };
        let answer = match answer {
            Ok(a) => a,
            Err(e) => {
                tracing::warn!(error = %transport_name(&e), "France Travail token endpoint unreachable");
                return Err(refuse(None));
            }
        };
        let status = answer.status().as_u16();
        if !answer.status().is_success() {
            tracing::warn!(
                status,
                "France Travail token endpoint refused the credentials"
            );
            return Err(refuse(Some(i64::from(status))));
        }
        let body: Value = answer.json().await.unwrap_or(Value::Null);
        let Some(token) = body.get("access_token").and_then(Value::as_str) else {
            return Err(refuse(Some(i64::from(status))));
        };
        let lifetime = body
            .get("expires_in")
            .and_then(Value::as_i64)
            .unwrap_or(300);
        let until = now + (lifetime - 30).max(1);
        if let Ok(mut g) = self.token.lock() {
            *g = Some((token.to_string(), until));
        }
        Ok(token.to_string())
    }

    /// Forgets the token kept (France Travail said it expired).
    pub fn drop_token(&self) {
        if let Ok(mut g) = self.token.lock() {
            *g = None;
        }
    }

    fn call(&self, method: reqwest::Method, path: &str, token: &str) -> reqwest::RequestBuilder {
        // A batch, in France Travail's words: `BATCH` and a logical name for the agent.
        self.client
            .request(
                method,
                format!("{}{path}", self.config.api_url.trim_end_matches('/')),
            )
            .bearer_auth(token)
            .header("accept", "application/json")
            .header("pa-identifiant-agent", "BATCH")
            .header("pa-nom-agent", "tremplin")
            .header("pa-prenom-agent", "tremplin")
    }

    /// The person's token (`jetonUsager`) from their France Travail number.
    pub async fn usager(&self, token: &str, number: &str) -> Result<String, FtError> {
        let answer = self
            .call(reqwest::Method::POST, USAGER_PATH, token)
            .json(&serde_json::json!({ "numeroFranceTravail": number }))
            .send()
            .await
            .map_err(|e| transport(&e))?;
        let status = answer.status().as_u16();
        let body: Value = answer.json().await.unwrap_or(Value::Null);
        if status == 404 {
            return Err(FtError::Refused("S002".into()));
        }
        if !(200..300).contains(&status) {
            return Err(failure(status, &body));
        }
        // No match (S002) and several (S003) come as successes.
        if let Some(code) = code_of(&body).filter(|c| c == "S002" || c == "S003") {
            return Err(FtError::Refused(code));
        }
        body.get("jetonUsager")
            .and_then(Value::as_str)
            .map(str::to_string)
            .ok_or_else(|| FtError::Retry(Some(i64::from(status)), "no jetonUsager".into()))
    }

    /// Sends an appointment (`POST` to create, `PUT` to change) for the person `jeton` names;
    /// the answer's body on a success.
    async fn send_rdv(
        &self,
        method: reqwest::Method,
        token: &str,
        jeton: &str,
        payload: &Value,
    ) -> Result<(u16, Value), FtError> {
        let answer = self
            .call(method, RDV_PATH, token)
            .header("ft-jeton-usager", jeton)
            .json(payload)
            .send()
            .await
            .map_err(|e| transport(&e))?;
        let status = answer.status().as_u16();
        let body: Value = answer.json().await.unwrap_or(Value::Null);
        if (200..300).contains(&status) {
            Ok((status, body))
        } else {
            Err(failure(status, &body))
        }
    }

    /// Creates the appointment; France Travail's id of it.
    pub async fn create(
        &self,
        token: &str,
        jeton: &str,
        payload: &Value,
    ) -> Result<String, FtError> {
        let (status, body) = self
            .send_rdv(reqwest::Method::POST, token, jeton, payload)
            .await?;
        body.get("id")
            .and_then(|v| {
                v.as_str()
                    .map(str::to_string)
                    .or_else(|| v.as_i64().map(|n| n.to_string()))
            })
            .ok_or_else(|| FtError::Retry(Some(i64::from(status)), "no id".into()))
    }

    /// Changes the appointment (its `id` in the body).
    pub async fn update(&self, token: &str, jeton: &str, payload: &Value) -> Result<(), FtError> {
        self.send_rdv(reqwest::Method::PUT, token, jeton, payload)
            .await
            .map(|_| ())
    }

    /// Deletes the appointment; one France Travail no longer knows is deleted already.
    pub async fn delete(&self, token: &str, jeton: &str, ft_id: &str) -> Result<(), FtError> {
        let id: String = form_urlencoded::byte_serialize(ft_id.as_bytes()).collect();
        let answer = self
            .call(reqwest::Method::DELETE, &format!("{RDV_PATH}/{id}"), token)
            .header("ft-jeton-usager", jeton)
            .send()
            .await
            .map_err(|e| transport(&e))?;
        let status = answer.status().as_u16();
        if (200..300).contains(&status) || status == 404 {
            return Ok(());
        }
        let body: Value = answer.json().await.unwrap_or(Value::Null);
        if code_of(&body).as_deref() == Some("ID_NON_RECONNU") {
            return Ok(());
        }
        Err(failure(status, &body))
    }
}

/// What kind of failure a request met, in a word (never its URL or body).
pub(super) fn transport_name(e: &reqwest::Error) -> &'static str {
    if e.is_timeout() {
        "timeout"
    } else if e.is_connect() {
        "connect"
    } else {
        "request"
    }
}
