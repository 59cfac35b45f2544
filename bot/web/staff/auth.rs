//! Accounts and sessions: Argon2id passwords, one-time setup links, login with a generic error
//! and throttling per account and per address, session ids rotated at login and kept only as
//! hashes, idle and absolute timeouts, CSRF tokens, logout.

use std::collections::HashMap;
use std::net::SocketAddr;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use axum::Form;
use axum::extract::{ConnectInfo, FromRequestParts, Path, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use base64::Engine as _;
use maud::html;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use super::layout::{self, Tr};
use super::{Staff, StaffError};
use crate::storage::staff::{Account, AuditEntry, Role};

/// Seconds of inactivity after which a session ends.
pub const IDLE_TIMEOUT: i64 = 30 * 60;
/// Seconds after login after which a session ends whatever happens.
pub const ABSOLUTE_TIMEOUT: i64 = 8 * 3600;
/// Failed logins in a row that lock an account, and for how long.
pub const ACCOUNT_FAILURES: i64 = 5;
pub const ACCOUNT_LOCK: i64 = 15 * 60;
/// Failed logins from one address within the window that block it.
pub const IP_FAILURES: i64 = 20;
pub const IP_WINDOW: i64 = 15 * 60;
/// How long a setup link works.
pub const SETUP_VALIDITY: i64 = 7 * 86_400;
/// Password length bounds, in characters.
pub const MIN_PASSWORD: usize = 12;
pub const MAX_PASSWORD: usize = 1024;

fn argon2() -> Argon2<'static> {
    // OWASP's first choice: Argon2id, 19 MiB, 2 passes, 1 lane.
    Argon2::new(
        Algorithm::Argon2id,
        Version::V0x13,
        Params::new(19_456, 2, 1, None).expect("valid Argon2 parameters"),
    )
}

/// 256 random bits, URL-safe.
#[must_use]
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    bytes[..16].copy_from_slice(uuid::Uuid::new_v4().as_bytes());
    bytes[16..].copy_from_slice(uuid::Uuid::new_v4().as_bytes());
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// The stored form of a token.
#[must_use]
pub fn token_hash(token: &str) -> String {
    format!("{:x}", Sha256::digest(token.as_bytes()))
}

/// Hashes a password (Argon2id PHC string).
pub fn hash_password(password: &str) -> Result<String, StaffError> {
    let salt = SaltString::encode_b64(uuid::Uuid::new_v4().as_bytes())
        .map_err(|_| StaffError::BadRequest("salt".into()))?;
    argon2()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|_| StaffError::BadRequest("password".into()))
}

/// Whether a password matches a PHC string; without one, the same work is done on a dummy so
/// that an unknown account takes as long as a wrong password.
#[must_use]
pub fn verify_password(password: &str, phc: Option<&str>) -> bool {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let dummy = DUMMY.get_or_init(|| hash_password("not a password at all").unwrap_or_default());
    let (phc, real) = match phc {
        Some(p) => (p, true),
        None => (dummy.as_str(), false),
    };
    let Ok(parsed) = PasswordHash::new(phc) else {
        return false;
    };
    argon2()
        .verify_password(password.as_bytes(), &parsed)
        .is_ok()
        && real
}

/// Why a new password is refused, as a message id.
#[must_use]
pub fn password_problem(password: &str, confirm: &str) -> Option<&'static str> {
    let n = password.chars().count();
    if n < MIN_PASSWORD {
        Some("staff-password-too-short")
    } else if n > MAX_PASSWORD {
        Some("staff-password-too-long")
    } else if password != confirm {
        Some("staff-password-mismatch")
    } else {
        None
    }
}

/// A cookie's value from the request.
#[must_use]
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// Constant-time string equality.
#[must_use]
pub fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

/// The logged-in account of a request.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub account: Account,
    pub csrf: String,
    pub session_hash: String,
}

impl Ctx {
    /// Checks a form's CSRF token.
    pub fn check(&self, form: &HashMap<String, String>) -> Result<(), StaffError> {
        self.check_token(form.get("csrf").map_or("", String::as_str))
    }

    /// Checks a form's anti-forgery token, as a typed form carries it.
    pub fn check_token(&self, token: &str) -> Result<(), StaffError> {
        if same(token, &self.csrf) {
            Ok(())
        } else {
            Err(StaffError::Csrf)
        }
    }

    /// The account's language.
    #[must_use]
    pub fn lang(&self) -> &str {
        if self.account.locale == "en" {
            "en"
        } else {
            "fr"
        }
    }

    /// Writes an audit line by this account.
    pub async fn audit(
        &self,
        staff: &Staff,
        action: &str,
        booking: Option<&str>,
        person: Option<&str>,
        detail: Option<&str>,
    ) -> Result<(), StaffError> {
        staff
            .store()
            .audit(
                &AuditEntry {
                    actor: &self.account.id,
                    action,
                    booking_id: booking,
                    person_id: person,
                    detail,
                },
                staff.now(),
            )
            .await?;
        Ok(())
    }

    /// 404 unless the account is an admin.
    pub fn admin(&self) -> Result<(), StaffError> {
        if self.account.role == Role::Admin {
            Ok(())
        } else {
            Err(StaffError::NotFound)
        }
    }
}

impl FromRequestParts<Staff> for Ctx {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, staff: &Staff) -> Result<Self, Response> {
        let to_login = || Redirect::to("/staff/login").into_response();
        let Some(token) = cookie(&parts.headers, staff.cookie_name()) else {
            return Err(to_login());
        };
        let hash = token_hash(&token);
        let found = staff
            .store()
            .staff_session(&hash)
            .await
            .map_err(|e| StaffError::from(e).into_response())?;
        let Some((account, csrf, created, seen)) = found else {
            return Err(to_login());
        };
        let now = staff.now();
        if !account.active || now - seen > IDLE_TIMEOUT || now - created > ABSOLUTE_TIMEOUT {
            let _ = staff.store().close_staff_session(&hash).await;
            return Err(to_login());
        }
        // One write a minute at most: the idle clock does not need more.
        if now - seen >= 60 {
            staff
                .store()
                .touch_staff_session(&hash, now)
                .await
                .map_err(|e| StaffError::from(e).into_response())?;
        }
        Ok(Self {
            account,
            csrf,
            session_hash: hash,
        })
    }
}

fn client_ip(parts: &axum::http::Extensions) -> String {
    parts
        .get::<ConnectInfo<SocketAddr>>()
        .map_or_else(|| "unknown".to_string(), |c| c.0.ip().to_string())
}

/// The language of a page shown before login: English if the browser puts it first.
#[must_use]
pub fn browser_lang(headers: &HeaderMap) -> &'static str {
    let first = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').next())
        .unwrap_or("");
    if first.trim().to_ascii_lowercase().starts_with("en") {
        "en"
    } else {
        "fr"
    }
}

fn with_login_cookie(staff: &Staff, token: &str, body: Html<String>) -> Response {
    let mut res = body.into_response();
    if let Ok(v) =
        HeaderValue::from_str(&staff.cookie(staff.login_cookie_name(), token, Some(IDLE_TIMEOUT)))
    {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    res
}

fn login_form(staff: &Staff, lang: &str, token: &str, error: bool) -> Html<String> {
    let tr = Tr::new(staff.catalog(), lang);
    layout::public_page(
        &tr,
        &tr.t("staff-login-title"),
        html! {
            h1 { (tr.t("staff-login-title")) }
            @if error {
                p.error role="alert" { (tr.t("staff-login-failed")) }
            }
            form method="post" action="/staff/login" {
                input type="hidden" name="csrf" value=(token);
                p {
                    label for="email" { (tr.t("staff-email")) }
                    input #email type="email" name="email" required autocomplete="username" autofocus;
                }
                p {
                    label for="password" { (tr.t("staff-password")) }
                    input #password type="password" name="password" required autocomplete="current-password";
                }
                p { button type="submit" { (tr.t("staff-login-button")) } }
            }
        },
    )
}

/// GET /staff/login
pub async fn login_page(State(staff): State<Staff>, headers: HeaderMap) -> Response {
    let token = new_token();
    let lang = browser_lang(&headers);
    with_login_cookie(&staff, &token, login_form(&staff, lang, &token, false))
}

/// POST /staff/login
pub async fn login(
    State(staff): State<Staff>,
    headers: HeaderMap,
    ext: axum::http::Extensions,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, StaffError> {
    let lang = browser_lang(&headers);
    let expected = cookie(&headers, staff.login_cookie_name()).unwrap_or_default();
    match form.get("csrf") {
        Some(t) if !expected.is_empty() && same(t, &expected) => {}
        _ => return Err(StaffError::Csrf),
    }
    let email = form
        .get("email")
        .map(|e| e.trim().to_lowercase())
        .unwrap_or_default();
    let password = form.get("password").cloned().unwrap_or_default();
    let ip = client_ip(&ext);
    let now = staff.now();
    let store = staff.store();
    let failed = |account: Option<Account>| {
        let staff = staff.clone();
        let ip = ip.clone();
        async move {
            store_failure(&staff, account.as_ref(), &ip, now).await?;
            let token = new_token();
            let mut res = with_login_cookie(&staff, &token, login_form(&staff, lang, &token, true));
            *res.status_mut() = StatusCode::UNAUTHORIZED;
            Ok::<Response, StaffError>(res)
        }
    };
    let ip_blocked = store.ip_failures(&ip, IP_WINDOW, now).await? >= IP_FAILURES;
    let account = if email.is_empty() {
        None
    } else {
        store.staff_by_email(&email).await?
    };
    let usable = account.as_ref().filter(|a| {
        a.active && a.password_hash.is_some() && a.locked_until.is_none_or(|l| l <= now)
    });
    let phc = usable.and_then(|a| a.password_hash.clone());
    let ok = tokio::task::spawn_blocking(move || verify_password(&password, phc.as_deref()))
        .await
        .unwrap_or(false);
    if !ok || ip_blocked || usable.is_none() {
        return failed(account).await;
    }
    let account = account.expect("usable");
    let old = cookie(&headers, staff.cookie_name()).map(|t| token_hash(&t));
    let session = new_token();
    store
        .open_staff_session(
            &token_hash(&session),
            &account.id,
            &new_token(),
            now,
            old.as_deref(),
        )
        .await?;
    store
        .audit(
            &AuditEntry {
                actor: &account.id,
                action: "login",
                booking_id: None,
                person_id: None,
                detail: None,
            },
            now,
        )
        .await?;
    Ok(session_response(&staff, &session, "/staff"))
}

async fn store_failure(
    staff: &Staff,
    account: Option<&Account>,
    ip: &str,
    now: i64,
) -> Result<(), StaffError> {
    let store = staff.store();
    store.ip_failed(ip, IP_WINDOW, now).await?;
    if let Some(a) = account {
        store
            .staff_login_failed(&a.id, ACCOUNT_FAILURES, ACCOUNT_LOCK, now)
            .await?;
        store
            .audit(
                &AuditEntry {
                    actor: &a.id,
                    action: "login-failed",
                    booking_id: None,
                    person_id: None,
                    detail: None,
                },
                now,
            )
            .await?;
    }
    Ok(())
}

fn session_response(staff: &Staff, session: &str, to: &str) -> Response {
    let mut res = Redirect::to(to).into_response();
    for c in [
        staff.cookie(staff.cookie_name(), session, None),
        staff.cookie(staff.login_cookie_name(), "", Some(0)),
    ] {
        if let Ok(v) = HeaderValue::from_str(&c) {
            res.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    res
}

/// POST /staff/logout
pub async fn logout(
    State(staff): State<Staff>,
    ctx: Ctx,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, StaffError> {
    ctx.check(&form)?;
    staff.store().close_staff_session(&ctx.session_hash).await?;
    staff.sims.forget(&ctx.session_hash);
    ctx.audit(&staff, "logout", None, None, None).await?;
    let mut res = Redirect::to("/staff/login").into_response();
    if let Ok(v) = HeaderValue::from_str(&staff.cookie(staff.cookie_name(), "", Some(0))) {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    Ok(res)
}

fn setup_form(
    staff: &Staff,
    lang: &str,
    action: &str,
    token: &str,
    current: bool,
    error: Option<&str>,
) -> Html<String> {
    let tr = Tr::new(staff.catalog(), lang);
    layout::public_page(
        &tr,
        &tr.t("staff-setup-title"),
        html! {
            h1 { (tr.t("staff-setup-title")) }
            p { (tr.ta("staff-password-rule", &[("min", MIN_PASSWORD.to_string())])) }
            @if let Some(e) = error {
                p.error role="alert" { (tr.t(e)) }
            }
            form method="post" action=(action) {
                input type="hidden" name="csrf" value=(token);
                @if current {
                    p {
                        label for="current" { (tr.t("staff-password-current")) }
                        input #current type="password" name="current" required autocomplete="current-password";
                    }
                }
                p {
                    label for="password" { (tr.t("staff-password-new")) }
                    input #password type="password" name="password" required minlength=(MIN_PASSWORD) autocomplete="new-password";
                }
                p {
                    label for="confirm" { (tr.t("staff-password-confirm")) }
                    input #confirm type="password" name="confirm" required minlength=(MIN_PASSWORD) autocomplete="new-password";
                }
                p { button type="submit" { (tr.t("staff-save")) } }
            }
        },
    )
}

/// GET /staff/setup/{token}
pub async fn setup_page(
    State(staff): State<Staff>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Result<Response, StaffError> {
    let account = staff
        .store()
        .staff_by_setup(&token_hash(&token), staff.now())
        .await?
        .ok_or(StaffError::NotFound)?;
    let form_token = new_token();
    let lang = if account.locale == "en" {
        "en"
    } else {
        browser_lang(&headers)
    };
    let mut res = with_login_cookie(
        &staff,
        &form_token,
        setup_form(
            &staff,
            lang,
            &format!("/staff/setup/{token}"),
            &form_token,
            false,
            None,
        ),
    );
    res.headers_mut().insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    Ok(res)
}

/// POST /staff/setup/{token}
pub async fn setup(
    State(staff): State<Staff>,
    Path(token): Path<String>,
    headers: HeaderMap,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, StaffError> {
    let expected = cookie(&headers, staff.login_cookie_name()).unwrap_or_default();
    match form.get("csrf") {
        Some(t) if !expected.is_empty() && same(t, &expected) => {}
        _ => return Err(StaffError::Csrf),
    }
    let now = staff.now();
    let store = staff.store();
    let account = store
        .staff_by_setup(&token_hash(&token), now)
        .await?
        .ok_or(StaffError::NotFound)?;
    let password = form.get("password").cloned().unwrap_or_default();
    let confirm = form.get("confirm").cloned().unwrap_or_default();
    if let Some(problem) = password_problem(&password, &confirm) {
        let mut res = with_login_cookie(
            &staff,
            &expected,
            setup_form(
                &staff,
                browser_lang(&headers),
                &format!("/staff/setup/{token}"),
                &expected,
                false,
                Some(problem),
            ),
        );
        *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
        return Ok(res);
    }
    let phc = tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(|_| StaffError::BadRequest("password".into()))??;
    store.set_staff_password(&account.id, &phc, now).await?;
    store
        .audit(
            &AuditEntry {
                actor: &account.id,
                action: "password-set",
                booking_id: None,
                person_id: None,
                detail: None,
            },
            now,
        )
        .await?;
    let session = new_token();
    store
        .open_staff_session(&token_hash(&session), &account.id, &new_token(), now, None)
        .await?;
    Ok(session_response(&staff, &session, "/staff"))
}

/// GET /staff/password
pub async fn password_page(State(staff): State<Staff>, ctx: Ctx) -> Html<String> {
    setup_form(&staff, ctx.lang(), "/staff/password", &ctx.csrf, true, None)
}

/// POST /staff/password
pub async fn change_password(
    State(staff): State<Staff>,
    ctx: Ctx,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, StaffError> {
    ctx.check(&form)?;
    let current = form.get("current").cloned().unwrap_or_default();
    let password = form.get("password").cloned().unwrap_or_default();
    let confirm = form.get("confirm").cloned().unwrap_or_default();
    let phc = ctx.account.password_hash.clone();
    let ok = tokio::task::spawn_blocking(move || verify_password(&current, phc.as_deref()))
        .await
        .unwrap_or(false);
    let problem = if ok {
        password_problem(&password, &confirm)
    } else {
        Some("staff-password-wrong")
    };
    if let Some(problem) = problem {
        let mut res = setup_form(
            &staff,
            ctx.lang(),
            "/staff/password",
            &ctx.csrf,
            true,
            Some(problem),
        )
        .into_response();
        *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
        return Ok(res);
    }
    let phc = tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(|_| StaffError::BadRequest("password".into()))??;
    let now = staff.now();
    staff
        .store()
        .set_staff_password(&ctx.account.id, &phc, now)
        .await?;
    ctx.audit(&staff, "password-set", None, None, None).await?;
    // Every session was closed: this one opens again with a new id.
    let session = new_token();
    staff
        .store()
        .open_staff_session(
            &token_hash(&session),
            &ctx.account.id,
            &new_token(),
            now,
            None,
        )
        .await?;
    Ok(session_response(&staff, &session, "/staff"))
}

/// POST /staff/locale
pub async fn set_locale(
    State(staff): State<Staff>,
    ctx: Ctx,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, StaffError> {
    ctx.check(&form)?;
    let lang = match form.get("lang").map(String::as_str) {
        Some("en") => "en",
        _ => "fr",
    };
    staff
        .store()
        .set_staff_locale(&ctx.account.id, lang)
        .await?;
    Ok(Redirect::to("/staff").into_response())
}

/// Creates an account and returns its one-time setup token (for `tremplin staff add`, the
/// first run of `serve` and the accounts page).
pub async fn create_account(
    store: &crate::storage::Store,
    email: &str,
    role: Role,
    territory: Option<&str>,
    partner: Option<&str>,
    actor: &str,
    now: i64,
) -> Result<Option<String>, crate::storage::StorageError> {
    let token = new_token();
    let created = store
        .create_staff(
            email,
            role,
            territory,
            partner,
            &token_hash(&token),
            now + SETUP_VALIDITY,
            now,
        )
        .await?;
    let Some(id) = created else { return Ok(None) };
    let detail = format!("{} {}", role.as_str(), partner.unwrap_or(""));
    store
        .audit(
            &AuditEntry {
                actor,
                action: "account-created",
                booking_id: None,
                person_id: None,
                detail: Some(detail.trim()),
            },
            now,
        )
        .await?;
    let _ = id;
    Ok(Some(token))
}
