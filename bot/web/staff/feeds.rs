//! The calendar feeds page: the feeds an account manages (whose, created, last read), making
//! one, renewing its address and revoking it. A new address is shown once, on the page that
//! made it; the rules and the audit are the application layer's.

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
use crate::app::staff::{FeedChoice, FeedLine, FeedOwner};

/// A new feed: whose (`account:<id>` or `site:<territory>/<site>`).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct FeedForm {
    pub csrf: String,
    pub owner: String,
}

/// A form that only carries its CSRF token.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct TokenForm {
    pub csrf: String,
}

/// What the page says above the list after an action.
enum Said<'a> {
    Nothing,
    /// A new address, shown this once.
    Link(&'a str),
    Notice(&'static str),
    Error(&'static str),
}

fn feeds_page(
    staff: &Staff,
    ctx: &Ctx,
    (feeds, choices): (&[FeedLine], &[FeedChoice]),
    said: &Said<'_>,
) -> Html<String> {
    let tr = Tr::new(staff.catalog(), ctx.lang());
    let body = html! {
        h1 { (tr.t("staff-feeds")) }
        p { (tr.t("staff-feeds-intro")) }
        p { (tr.t("staff-feeds-contents")) }
        @if staff.public_url().is_none() {
            p.error #no-public-url role="alert" { (tr.t("staff-feeds-no-public-url")) }
        }
        @match said {
            Said::Link(link) => div.notice role="status" {
                p { (tr.t("staff-feed-link")) }
                p { code #feed-link { (link) } }
                p { (tr.t("staff-feeds-help")) }
            },
            Said::Notice(id) => p.notice role="status" { (tr.t(id)) },
            Said::Error(id) => p.error role="alert" { (tr.t(id)) },
            Said::Nothing => {},
        }
        @if feeds.is_empty() {
            p #no-feeds { (tr.t("staff-feeds-none")) }
        } @else {
            (layout::scroll(&tr.t("staff-feeds"), html! { table #feeds {
                (tr.head(&["staff-feed-owner", "staff-feed-created", "staff-feed-fetched", "staff-actions"]))
                tbody {
                    @for l in feeds {
                        @let at = format!("/staff/feeds/{}", l.feed.id);
                        tr {
                            td { (l.owner) }
                            td { (layout::when(l.feed.renewed_at.unwrap_or(l.feed.created_at))) }
                            td {
                                @match l.feed.last_fetched_at {
                                    Some(t) => (layout::when(t)),
                                    None => (tr.t("staff-feed-never-fetched")),
                                }
                            }
                            td {
                                (layout::post_button(ctx, &format!("{at}/renew"), &[], &tr.t("staff-feed-renew")))
                                " "
                                (layout::post_button(ctx, &format!("{at}/revoke"), &[], &tr.t("staff-feed-revoke")))
                            }
                        }
                    }
                }
            } }))
        }
        @if !choices.is_empty() {
            h2 { (tr.t("staff-feed-new")) }
            form method="post" action="/staff/feeds" {
                input type="hidden" name="csrf" value=(ctx.csrf);
                p { label for="feed-owner" { (tr.t("staff-feed-owner")) }
                    select #feed-owner name="owner" {
                        @for c in choices { option value=(c.owner.param()) { (c.label) } }
                    } }
                button type="submit" { (tr.t("staff-feed-create")) }
            }
        }
    };
    layout::page(&tr, ctx, &tr.t("staff-feeds"), body)
}

/// The page with what to say, at a status.
async fn answer(
    staff: &Staff,
    ctx: &Ctx,
    said: Said<'_>,
    status: StatusCode,
) -> Result<Response, StaffError> {
    let desk = staff.desk(ctx);
    let feeds = desk.feeds().await?;
    let choices = desk.feed_choices(&feeds).await?;
    let mut res = feeds_page(staff, ctx, (&feeds, &choices), &said).into_response();
    *res.status_mut() = status;
    Ok(res)
}

/// A form that makes an address: a wrong CSRF token is refused; without a configured
/// public URL no address can be shown, so nothing is made or renewed and the page says why.
async fn refused(staff: &Staff, ctx: &Ctx, csrf: &str) -> Result<Option<Response>, StaffError> {
    ctx.check_token(csrf)?;
    if staff.public_url().is_some() {
        return Ok(None);
    }
    let page = answer(staff, ctx, Said::Nothing, StatusCode::SERVICE_UNAVAILABLE).await?;
    Ok(Some(page))
}

/// GET /staff/feeds
pub async fn page(State(staff): State<Staff>, ctx: Ctx) -> Result<Response, StaffError> {
    answer(&staff, &ctx, Said::Nothing, StatusCode::OK).await
}

/// POST /staff/feeds: makes a feed and shows its address once.
pub async fn create(
    State(staff): State<Staff>,
    ctx: Ctx,
    Form(form): Form<FeedForm>,
) -> Result<Response, StaffError> {
    if let Some(refused) = refused(&staff, &ctx, &form.csrf).await? {
        return Ok(refused);
    }
    let owner = FeedOwner::from_param(&form.owner).ok_or(StaffError::NotFound)?;
    match staff.desk(&ctx).create_feed(&owner).await? {
        Some(token) => shown(&staff, &ctx, &token).await,
        None => {
            let said = Said::Error("staff-feed-exists");
            answer(&staff, &ctx, said, StatusCode::CONFLICT).await
        }
    }
}

/// POST /staff/feeds/{id}/renew: a new address, shown once; the old one stops working.
pub async fn renew(
    State(staff): State<Staff>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(form): Form<TokenForm>,
) -> Result<Response, StaffError> {
    if let Some(refused) = refused(&staff, &ctx, &form.csrf).await? {
        return Ok(refused);
    }
    let token = staff.desk(&ctx).renew_feed(&id).await?;
    shown(&staff, &ctx, &token).await
}

/// POST /staff/feeds/{id}/revoke: the address stops working.
pub async fn revoke(
    State(staff): State<Staff>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(form): Form<TokenForm>,
) -> Result<Response, StaffError> {
    ctx.check_token(&form.csrf)?;
    staff.desk(&ctx).revoke_feed(&id).await?;
    answer(
        &staff,
        &ctx,
        Said::Notice("staff-feed-revoked"),
        StatusCode::OK,
    )
    .await
}

/// The page showing a new address once.
async fn shown(staff: &Staff, ctx: &Ctx, token: &str) -> Result<Response, StaffError> {
    let link = staff.feed_link(token).unwrap_or_default();
    answer(staff, ctx, Said::Link(&link), StatusCode::OK).await
}
