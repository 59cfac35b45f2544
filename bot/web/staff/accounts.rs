//! The accounts (admins): who works on the dashboard, with which role and partner; creating
//! one shows its one-time setup link once; turning one off, or a new setup link.

use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use maud::html;
use serde::Deserialize;

use super::ctx::Ctx;
use super::error::StaffError;
use super::layout::{self, Tr};
use super::state::Staff;
use crate::app::staff::{Account, AccountProblem};

/// A new account.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AccountForm {
    pub csrf: String,
    pub email: String,
    pub role: String,
    /// A partner id (advisors), or blank.
    pub partner: String,
}

/// Turns an account on (`active=1`) or off, or, with `reset`, gives it a new setup link.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ActiveForm {
    pub csrf: String,
    pub active: String,
    pub reset: Option<String>,
}

fn accounts_page(
    staff: &Staff,
    ctx: &Ctx,
    accounts: &[Account],
    link: Option<&str>,
    error: Option<&str>,
) -> Html<String> {
    let tr = Tr::new(staff.catalog(), ctx.lang());
    let partners = layout::partner_choices(staff.catalog());
    let body = html! {
        h1 { (tr.t("staff-accounts")) }
        @if staff.config.public_url.is_none() {
            p.error #no-public-url role="alert" { (tr.t("staff-no-public-url")) }
        }
        @if let Some(l) = link {
            div.notice role="status" {
                p { (tr.t("staff-setup-link")) }
                p { code #setup-link { (l) } }
            }
        }
        @if let Some(e) = error { p.error role="alert" { (tr.t(e)) } }
        (layout::scroll(&tr.t("staff-accounts"), html! { table {
            (tr.head(&["staff-email", "staff-role", "staff-col-partner", "staff-col-status", "staff-actions"]))
            tbody {
                @for a in accounts {
                    tr {
                        td { (a.email) }
                        td { (tr.t(&format!("staff-role-{}", a.role.as_str()))) }
                        td { (a.partner.clone().unwrap_or_default()) }
                        td {
                            @if !a.active { (tr.t("staff-account-off")) }
                            @else if a.password_hash.is_none() { (tr.t("staff-account-waiting")) }
                            @else { (tr.t("staff-account-on")) }
                        }
                        td {
                            @if a.id != ctx.account.id {
                                @let action = format!("/staff/accounts/{}/active", a.id);
                                @if a.active {
                                    (layout::post_button(ctx, &action, &[("active", "0")], &tr.t("staff-account-disable")))
                                } @else {
                                    (layout::post_button(ctx, &action, &[("active", "1")], &tr.t("staff-account-enable")))
                                }
                                " "
                                (layout::post_button(ctx, &action, &[("reset", "1")], &tr.t("staff-account-reset")))
                            }
                        }
                    }
                }
            }
        } }))
        h2 { (tr.t("staff-account-add")) }
        form method="post" action="/staff/accounts" {
            input type="hidden" name="csrf" value=(ctx.csrf);
            p { label for="new-email" { (tr.t("staff-email")) } input #new-email type="email" name="email" required; }
            p { label for="new-role" { (tr.t("staff-role")) }
                select #new-role name="role" {
                    @for r in ["reception", "advisor", "admin"] { option value=(r) { (tr.t(&format!("staff-role-{r}"))) } }
                } }
            p { label for="new-partner" { (tr.t("staff-account-partner")) }
                select #new-partner name="partner" {
                    option value="" { "—" }
                    @for (id, name) in &partners { option value=(id) { (name) } }
                } }
            button type="submit" { (tr.t("staff-add")) }
        }
    };
    layout::page(&tr, ctx, &tr.t("staff-accounts"), body)
}

/// GET /staff/accounts (admins)
pub async fn accounts(State(staff): State<Staff>, ctx: Ctx) -> Result<Html<String>, StaffError> {
    staff.desk(&ctx).admin()?;
    let accounts = staff.desk(&ctx).accounts().await?;
    Ok(accounts_page(&staff, &ctx, &accounts, None, None))
}

/// The accounts page with a message, at a status.
async fn accounts_answer(
    staff: &Staff,
    ctx: &Ctx,
    link: Option<&str>,
    error: Option<&str>,
    status: StatusCode,
) -> Result<Response, StaffError> {
    let accounts = staff.desk(ctx).accounts().await?;
    let mut res = accounts_page(staff, ctx, &accounts, link, error).into_response();
    *res.status_mut() = status;
    Ok(res)
}

/// Without a configured public URL no setup link can be made: the accounts page saying so
/// (nothing is created, no link is issued).
async fn without_links(staff: &Staff, ctx: &Ctx) -> Result<Option<Response>, StaffError> {
    if staff.config.public_url.is_some() {
        return Ok(None);
    }
    let page = accounts_answer(staff, ctx, None, None, StatusCode::SERVICE_UNAVAILABLE).await?;
    Ok(Some(page))
}

/// POST /staff/accounts (admins): creates an account and shows its setup link once.
pub async fn accounts_add(
    State(staff): State<Staff>,
    ctx: Ctx,
    Form(form): Form<AccountForm>,
) -> Result<Response, StaffError> {
    staff.desk(&ctx).admin()?;
    ctx.check_token(&form.csrf)?;
    if let Some(refused) = without_links(&staff, &ctx).await? {
        return Ok(refused);
    }
    let added = staff
        .desk(&ctx)
        .add_account(&form.email, &form.role, &form.partner)
        .await?;
    let (link, error, status) = match added {
        Ok(token) => (staff.setup_link(&token), None, StatusCode::OK),
        Err(AccountProblem::Invalid) => (
            None,
            Some("staff-account-invalid"),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        Err(AccountProblem::Exists) => (None, Some("staff-account-exists"), StatusCode::CONFLICT),
    };
    accounts_answer(&staff, &ctx, link.as_deref(), error, status).await
}

/// POST /staff/accounts/{id}/active (admins): turn on or off, or a new setup link.
pub async fn accounts_active(
    State(staff): State<Staff>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(form): Form<ActiveForm>,
) -> Result<Response, StaffError> {
    staff.desk(&ctx).admin()?;
    ctx.check_token(&form.csrf)?;
    let desk = staff.desk(&ctx);
    let link = if form.reset.is_some() {
        if let Some(refused) = without_links(&staff, &ctx).await? {
            return Ok(refused);
        }
        let token = desk.reset_account(&id).await?;
        staff.setup_link(&token)
    } else {
        desk.set_account_active(&id, form.active == "1").await?;
        None
    };
    accounts_answer(&staff, &ctx, link.as_deref(), None, StatusCode::OK).await
}
