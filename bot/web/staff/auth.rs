//! Logging in and out on the dashboard: the login form with a generic error, one-time setup
//! links, password changes, the language, the session cookie, and the CSRF token every form
//! carries (reading the logged-in [`Ctx`] from a request and checking a form's token are here).
//! The rules (throttling, timeouts, hashing) are the application layer's.

use std::net::SocketAddr;

use axum::Form;
use axum::extract::{ConnectInfo, FromRequestParts, Path, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use maud::html;
use serde::Deserialize;
use subtle::ConstantTimeEq;

use super::ctx::Ctx;
use super::error::StaffError;
use super::layout::{self, Tr};
use super::state::Staff;
use crate::app::staff::{Login, PasswordCheck};

pub use crate::app::staff::{
    ABSOLUTE_TIMEOUT, ACCOUNT_FAILURES, ACCOUNT_LOCK, IDLE_TIMEOUT, IP_FAILURES, IP_WINDOW,
    MAX_PASSWORD, MIN_PASSWORD, SETUP_VALIDITY, create_account, hash_password, new_token,
    password_problem, token_hash, verify_password,
};

/// A form that carries only its anti-forgery token.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct TokenForm {
    pub csrf: String,
}

/// The login form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LoginForm {
    pub csrf: String,
    pub email: String,
    pub password: String,
}

/// The form that sets a password (`current` only when changing one's own).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PasswordForm {
    pub csrf: String,
    pub current: String,
    pub password: String,
    pub confirm: String,
}

/// The language switch.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LocaleForm {
    pub csrf: String,
    pub lang: String,
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

impl Ctx {
    /// Checks a form's anti-forgery token.
    pub fn check_token(&self, token: &str) -> Result<(), StaffError> {
        if same(token, &self.csrf) {
            Ok(())
        } else {
            Err(StaffError::Csrf)
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
        let session = staff
            .host
            .staff_session(&token, staff.now())
            .await
            .map_err(|e| StaffError::from(e).into_response())?;
        let Some(session) = session else {
            return Err(to_login());
        };
        Ok(Self {
            account: session.account,
            csrf: session.csrf,
            session_hash: session.hash,
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

/// The login form's own token (double-submit: the cookie and the form must agree), before a
/// session exists.
fn login_token(staff: &Staff, headers: &HeaderMap, given: &str) -> Result<String, StaffError> {
    let expected = cookie(headers, staff.login_cookie_name()).unwrap_or_default();
    if expected.is_empty() || !same(given, &expected) {
        return Err(StaffError::Csrf);
    }
    Ok(expected)
}

/// POST /staff/login
pub async fn login(
    State(staff): State<Staff>,
    headers: HeaderMap,
    ext: axum::http::Extensions,
    Form(form): Form<LoginForm>,
) -> Result<Response, StaffError> {
    login_token(&staff, &headers, &form.csrf)?;
    let email = form.email.trim().to_lowercase();
    let old = cookie(&headers, staff.cookie_name());
    let login = staff
        .host
        .staff_login(
            &email,
            form.password,
            &client_ip(&ext),
            old.as_deref(),
            staff.now(),
        )
        .await?;
    match login {
        Login::Opened(session) => Ok(session_response(&staff, &session, "/staff")),
        Login::Failed => {
            let token = new_token();
            let lang = browser_lang(&headers);
            let mut res = with_login_cookie(&staff, &token, login_form(&staff, lang, &token, true));
            *res.status_mut() = StatusCode::UNAUTHORIZED;
            Ok(res)
        }
    }
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
    Form(form): Form<TokenForm>,
) -> Result<Response, StaffError> {
    ctx.check_token(&form.csrf)?;
    staff.sims.forget(&ctx.session_hash);
    staff.desk(&ctx).logout(&ctx.session_hash).await?;
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
    logged_in: Option<&Ctx>,
    error: Option<&str>,
) -> Html<String> {
    let tr = Tr::new(staff.catalog(), lang);
    let current = logged_in.is_some();
    let title = tr.t(if current {
        "staff-password-title"
    } else {
        "staff-setup-title"
    });
    let body = html! {
            h1 { (title) }
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
    };
    match logged_in {
        Some(ctx) => layout::page(&tr, ctx, &title, body),
        None => layout::public_page(&tr, &title, body),
    }
}

/// The password form again, saying what is wrong with the password given.
fn refused(mut res: Response) -> Response {
    *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    res
}

/// GET /staff/setup/{token}
pub async fn setup_page(
    State(staff): State<Staff>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Result<Response, StaffError> {
    let account = staff
        .host
        .staff_setup_account(&token, staff.now())
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
            None,
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
    Form(form): Form<PasswordForm>,
) -> Result<Response, StaffError> {
    let expected = login_token(&staff, &headers, &form.csrf)?;
    let now = staff.now();
    let account = staff
        .host
        .staff_setup_account(&token, now)
        .await?
        .ok_or(StaffError::NotFound)?;
    if let Some(problem) = password_problem(&form.password, &form.confirm) {
        let page = setup_form(
            &staff,
            browser_lang(&headers),
            &format!("/staff/setup/{token}"),
            &expected,
            None,
            Some(problem),
        );
        return Ok(refused(with_login_cookie(&staff, &expected, page)));
    }
    let session = staff
        .host
        .staff_set_password(&account, form.password, now)
        .await?;
    Ok(session_response(&staff, &session, "/staff"))
}

/// GET /staff/password
pub async fn password_page(State(staff): State<Staff>, ctx: Ctx) -> Html<String> {
    setup_form(
        &staff,
        ctx.lang(),
        "/staff/password",
        &ctx.csrf,
        Some(&ctx),
        None,
    )
}

/// POST /staff/password
pub async fn change_password(
    State(staff): State<Staff>,
    ctx: Ctx,
    ext: axum::http::Extensions,
    Form(form): Form<PasswordForm>,
) -> Result<Response, StaffError> {
    ctx.check_token(&form.csrf)?;
    let desk = staff.desk(&ctx);
    let problem = match desk
        .check_own_password(form.current, &client_ip(&ext))
        .await?
    {
        PasswordCheck::Right => password_problem(&form.password, &form.confirm),
        PasswordCheck::Wrong => Some("staff-password-wrong"),
        PasswordCheck::TooMany => Some("staff-password-too-many"),
    };
    if let Some(problem) = problem {
        let page = setup_form(
            &staff,
            ctx.lang(),
            "/staff/password",
            &ctx.csrf,
            Some(&ctx),
            Some(problem),
        );
        return Ok(refused(page.into_response()));
    }
    // Every session was closed: this one opens again with a new id.
    let session = staff
        .host
        .staff_set_password(&ctx.account, form.password, staff.now())
        .await?;
    Ok(session_response(&staff, &session, "/staff"))
}

/// POST /staff/locale
pub async fn set_locale(
    State(staff): State<Staff>,
    ctx: Ctx,
    Form(form): Form<LocaleForm>,
) -> Result<Response, StaffError> {
    ctx.check_token(&form.csrf)?;
    staff.desk(&ctx).set_locale(&form.lang).await?;
    Ok(Redirect::to("/staff").into_response())
}
