//! The "Partners' systems" page (admins): the endpoints partner events go to, with what each
//! received; adding a signed webhook (its secret shown once), turning one on or off, removing
//! it, a test event, and one endpoint's delivery log. The environment's endpoints (the
//! catch-all webhook, France Travail's API) are shown, not edited.

use axum::Form;
use axum::extract::{Path, RawForm, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use maud::{Markup, html};
use serde::Deserialize;

use super::ctx::Ctx;
use super::error::StaffError;
use super::layout::{self, Tr};
use super::state::Staff;
use crate::app::partners::{CreatedEndpoint, DeliveryLine, EVENT_NAMES, EndpointView};
use crate::app::staff::{DeskError, when};

/// A new endpoint: its URL, its partner (blank: every partner) and the events it takes
/// (none ticked: all; a box ticked sends one more `event` field).
#[derive(Debug, Default)]
pub struct EndpointForm {
    pub csrf: String,
    pub url: String,
    pub partner: String,
    pub events: Vec<String>,
}

impl EndpointForm {
    /// Reads the form's fields, `event` as many times as it comes.
    #[must_use]
    pub fn parse(body: &[u8]) -> Self {
        let mut f = Self::default();
        for (k, v) in form_urlencoded::parse(body) {
            match k.as_ref() {
                "csrf" => f.csrf = v.into_owned(),
                "url" => f.url = v.into_owned(),
                "partner" => f.partner = v.into_owned(),
                "event" => f.events.push(v.into_owned()),
                _ => {}
            }
        }
        f
    }
}

/// A form with only its CSRF token.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct TokenOnly {
    pub csrf: String,
}

fn state_text(tr: &Tr<'_>, e: &EndpointView) -> String {
    if e.endpoint.active {
        tr.t("partners-on")
    } else {
        match e.endpoint.off_reason.as_deref() {
            Some("gone") => tr.t("partners-off-gone"),
            Some("unset") => tr.t("partners-off-unset"),
            _ => tr.t("partners-off"),
        }
    }
}

/// What a try came to, in a few words.
pub fn last_text(tr: &Tr<'_>, l: &DeliveryLine) -> String {
    let code = l.last_code.map(|c| c.to_string()).unwrap_or_default();
    let error = l.last_error.clone().unwrap_or_default();
    format!(
        "{} {code} {error}",
        tr.t(&format!("partners-state-{}", l.state))
    )
    .trim()
    .to_string()
}

fn endpoints_page(
    staff: &Staff,
    ctx: &Ctx,
    endpoints: &[EndpointView],
    created: Option<&CreatedEndpoint>,
    error: Option<&str>,
) -> Html<String> {
    let tr = Tr::new(staff.catalog(), ctx.lang());
    let partners = layout::partner_choices(staff.catalog());
    let body = html! {
        h1 { (tr.t("partners-title")) }
        p { (tr.t("partners-help")) }
        @if let Some(c) = created {
            div.notice role="status" {
                p { (tr.t("partners-secret-once")) }
                p { code #endpoint-secret { (c.secret) } }
            }
        }
        @if let Some(e) = error { p.error role="alert" { (tr.t(e)) } }
        (layout::scroll(&tr.t("partners-title"), html! { table {
            (tr.head(&["partners-url", "partners-partner", "partners-events", "partners-state", "partners-counts", "partners-last", "staff-actions"]))
            tbody {
                @for e in endpoints {
                    (endpoint_row(&tr, ctx, e))
                }
            }
        } }))
        h2 { (tr.t("partners-add")) }
        form method="post" action="/staff/partners" {
            input type="hidden" name="csrf" value=(ctx.csrf);
            p { label for="endpoint-url" { (tr.t("partners-url")) }
                input #endpoint-url type="url" name="url" required placeholder="https://"; }
            p { label for="endpoint-partner" { (tr.t("partners-partner")) }
                select #endpoint-partner name="partner" {
                    option value="" { (tr.t("partners-all-partners")) }
                    @for (id, name) in &partners { option value=(id) { (name) } }
                } }
            fieldset {
                legend { (tr.t("partners-events")) " " (tr.t("partners-events-help")) }
                @for (i, name) in EVENT_NAMES.iter().enumerate() {
                    @let id = format!("event-{i}");
                    input id=(id) type="checkbox" name="event" value=(name);
                    label for=(id) { code { (name) } }
                    " "
                }
            }
            button type="submit" { (tr.t("staff-add")) }
        }
    };
    layout::page(&tr, ctx, &tr.t("partners-title"), body)
}

fn endpoint_row(tr: &Tr<'_>, ctx: &Ctx, e: &EndpointView) -> Markup {
    let id = &e.endpoint.id;
    let base = format!("/staff/partners/{id}");
    html! {
        tr {
            td {
                a href=(base) { code { (shown_url(&e.endpoint.url)) } }
                @if e.endpoint.kind == "france-travail" { " (" (tr.t("partners-france-travail")) ")" }
                @else if e.configured { " (" (tr.t("partners-from-env")) ")" }
            }
            td { (e.endpoint.partner.clone().unwrap_or_else(|| tr.t("partners-all-partners"))) }
            td { (e.endpoint.events) }
            td { (state_text(tr, e)) }
            td { (tr.ta("partners-counts-value", &[("pending", e.pending.to_string()), ("delivered", e.delivered.to_string()), ("failed", e.failed.to_string())])) }
            td { @if let Some(l) = &e.last { (when(l.last_at.unwrap_or(l.created_at))) " · " (last_text(tr, l)) } }
            td {
                @if !e.configured {
                    @if e.endpoint.active {
                        (layout::post_button(ctx, &format!("{base}/test"), &[], &tr.t("partners-test")))
                        " "
                        (layout::post_button(ctx, &format!("{base}/off"), &[], &tr.t("partners-turn-off")))
                    } @else {
                        (layout::post_button(ctx, &format!("{base}/on"), &[], &tr.t("partners-turn-on")))
                    }
                    " "
                    (layout::post_button(ctx, &format!("{base}/remove"), &[], &tr.t("partners-remove")))
                } @else if e.endpoint.active && e.endpoint.kind == "webhook" {
                    (layout::post_button(ctx, &format!("{base}/test"), &[], &tr.t("partners-test")))
                }
            }
        }
    }
}

/// A URL as the page shows it: without its query string, which may hold a token.
fn shown_url(url: &str) -> String {
    match reqwest::Url::parse(url) {
        Ok(mut u) => {
            u.set_query(None);
            let _ = u.set_password(None);
            u.to_string()
        }
        Err(_) => String::new(),
    }
}

/// GET /staff/partners (admins)
pub async fn page(State(staff): State<Staff>, ctx: Ctx) -> Result<Html<String>, StaffError> {
    let endpoints = staff.desk(&ctx).partner_endpoints().await?;
    Ok(endpoints_page(&staff, &ctx, &endpoints, None, None))
}

/// POST /staff/partners (admins): adds an endpoint and shows its secret once.
pub async fn add(
    State(staff): State<Staff>,
    ctx: Ctx,
    RawForm(body): RawForm,
) -> Result<Response, StaffError> {
    let form = EndpointForm::parse(&body);
    staff.desk(&ctx).admin()?;
    ctx.check_token(&form.csrf)?;
    let partner = Some(form.partner.trim()).filter(|p| !p.is_empty());
    let added = staff
        .desk(&ctx)
        .add_partner_endpoint(partner, &form.url, &form.events)
        .await;
    let (created, error, status) = match added {
        Ok(c) => (Some(c), None, StatusCode::OK),
        Err(DeskError::Invalid(why)) => (None, Some(why), StatusCode::UNPROCESSABLE_ENTITY),
        Err(e) => return Err(e.into()),
    };
    let endpoints = staff.desk(&ctx).partner_endpoints().await?;
    let mut res = endpoints_page(
        &staff,
        &ctx,
        &endpoints,
        created.as_ref(),
        error.map(|e| match e {
            "endpoint-url-invalid" => "partners-url-invalid",
            "endpoint-url-https" => "partners-url-https",
            "endpoint-partner-unknown" => "partners-partner-unknown",
            _ => "partners-events-unknown",
        }),
    )
    .into_response();
    *res.status_mut() = status;
    Ok(res)
}

/// POST /staff/partners/{id}/{on|off|remove|test} (admins)
pub async fn act(
    State(staff): State<Staff>,
    ctx: Ctx,
    Path((id, action)): Path<(String, String)>,
    Form(form): Form<TokenOnly>,
) -> Result<Response, StaffError> {
    staff.desk(&ctx).admin()?;
    ctx.check_token(&form.csrf)?;
    let desk = staff.desk(&ctx);
    match action.as_str() {
        "on" => desk.set_partner_endpoint_active(&id, true).await?,
        "off" => desk.set_partner_endpoint_active(&id, false).await?,
        "remove" => desk.remove_partner_endpoint(&id).await?,
        "test" => match desk.test_partner_endpoint(&id).await {
            Ok(()) => return Ok(Redirect::to(&format!("/staff/partners/{id}")).into_response()),
            Err(DeskError::Invalid(_)) => {
                let endpoints = desk.partner_endpoints().await?;
                let mut res =
                    endpoints_page(&staff, &ctx, &endpoints, None, Some("partners-test-off"))
                        .into_response();
                *res.status_mut() = StatusCode::CONFLICT;
                return Ok(res);
            }
            Err(e) => return Err(e.into()),
        },
        _ => return Err(DeskError::NotFound.into()),
    }
    Ok(Redirect::to("/staff/partners").into_response())
}

/// GET /staff/partners/{id} (admins): an endpoint's latest deliveries.
pub async fn log(
    State(staff): State<Staff>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Html<String>, StaffError> {
    let (endpoint, lines) = staff.desk(&ctx).partner_endpoint_log(&id).await?;
    let tr = Tr::new(staff.catalog(), ctx.lang());
    let title = tr.t("partners-log");
    let body = html! {
        p { a href="/staff/partners" { (tr.t("partners-title")) } }
        h1 { (title) }
        p { code { (shown_url(&endpoint.url)) } }
        @if lines.is_empty() { p { (tr.t("partners-log-empty")) } }
        @else {
            (layout::scroll(&title, html! { table {
                (tr.head(&["partners-when", "partners-event", "partners-resource", "partners-state", "partners-attempts", "partners-last"]))
                tbody {
                    @for l in &lines {
                        tr {
                            td { (when(l.created_at)) }
                            td { code { (l.model) "." (l.event) } }
                            td { code { (l.resource_id) } }
                            td { (tr.t(&format!("partners-state-{}", l.state))) }
                            td { (l.attempts) }
                            td {
                                @if let Some(at) = l.last_at { (when(at)) " · " }
                                (last_text(&tr, l))
                                @if l.state == "pending" && l.attempts > 0 { " · " (tr.t("partners-next")) " " (when(l.next_at)) }
                            }
                        }
                    }
                }
            } }))
        }
    };
    Ok(layout::page(&tr, &ctx, &title, body))
}
