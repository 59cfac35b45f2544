//! The Invitations page (administrators and reception): import a list, see where every invited
//! person stands (counts by status, filters, the held invitations' alert), one person's
//! history with its actions (send again, stop, close with a reason), and the CSV of what is
//! shown. Every read and action is audited by the application layer.

use axum::Form;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Redirect, Response};
use maud::html;

use super::ctx::Ctx;
use super::error::StaffError;
use super::export::csv_line;
use super::layout::{self, Tr};
use super::queue::nonempty;
use super::state::Staff;
use crate::app::invitations::ImportReport;
use crate::app::invitations::{InvitationFilter, InvitationRow};
use crate::app::staff::paris_day;
use crate::core::InvitationStatus;

/// Invitations a page lists.
pub const PAGE: i64 = 100;
/// The largest list the page takes (the command line takes any size).
pub const MAX_UPLOAD: usize = 64 << 20;

/// The page's query string: its filters and page.
#[derive(Debug, Default, Clone, serde::Deserialize)]
pub struct InvitationQuery {
    pub status: Option<String>,
    pub partner: Option<String>,
    pub import: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub page: Option<i64>,
    pub msg: Option<String>,
}

impl InvitationQuery {
    fn filter(&self) -> Result<InvitationFilter, StaffError> {
        let status = match nonempty(self.status.as_ref()) {
            Some(s) => Some(
                InvitationStatus::parse(&s)
                    .ok_or_else(|| StaffError::BadRequest("unknown status".into()))?,
            ),
            None => None,
        };
        let date = |v: &Option<String>| nonempty(v.as_ref()).and_then(|d| paris_day(&d));
        Ok(InvitationFilter {
            status,
            partner: nonempty(self.partner.as_ref()),
            import_id: nonempty(self.import.as_ref()),
            from: date(&self.from).map(|d| d.0),
            until: date(&self.to).map(|d| d.1),
            scope: None,
        })
    }

    /// The filters again, without blanks, with `extra` pairs.
    fn query_string(&self, extra: &[(&str, String)]) -> String {
        let mut s = form_urlencoded::Serializer::new(String::new());
        for (k, v) in [
            ("status", &self.status),
            ("partner", &self.partner),
            ("import", &self.import),
            ("from", &self.from),
            ("to", &self.to),
        ] {
            if let Some(v) = nonempty(v.as_ref()) {
                s.append_pair(k, &v);
            }
        }
        for (k, v) in extra {
            s.append_pair(k, v);
        }
        s.finish()
    }
}

/// A person's name as the list gives it, or their reference.
fn who(r: &InvitationRow) -> String {
    let name = [r.data.first_name.as_deref(), r.data.last_name.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    if name.trim().is_empty() {
        "—".into()
    } else {
        name
    }
}

/// A number with its middle hidden: enough to tell two apart on the phone.
fn masked(number: &str) -> String {
    let chars: Vec<char> = number.chars().collect();
    if chars.len() <= 6 {
        return "••".into();
    }
    let head: String = chars[..4].iter().collect();
    let tail: String = chars[chars.len() - 2..].iter().collect();
    format!("{head} •• •• •• {tail}")
}

fn status_label(tr: &Tr<'_>, s: InvitationStatus) -> String {
    tr.t(&format!("invitations-status-{}", s.as_str()))
}

/// GET /staff/invitations
pub async fn page(
    State(staff): State<Staff>,
    ctx: Ctx,
    Query(q): Query<InvitationQuery>,
) -> Result<Html<String>, StaffError> {
    let filter = q.filter()?;
    let page = q.page.unwrap_or(1).clamp(1, 100_000);
    let desk = staff.desk(&ctx);
    let (rows, counts) = desk.invitations(&filter, PAGE, (page - 1) * PAGE).await?;
    let imports = desk.imports().await?;
    let held = staff.host().held_invitations().await?;
    let tr = Tr::new(staff.catalog(), ctx.lang());
    let t = staff.host().territory();
    let total: i64 = counts.iter().map(|(_, n)| n).sum();
    let body = html! {
        h1 { (tr.t("invitations-title")) }
        @if let Some(m) = nonempty(q.msg.as_ref()).filter(|m| m.starts_with("invitations-")) {
            p.notice role="status" { (tr.t(&m)) }
        }
        (layout::held_alert(&tr, t, &held))
        section aria-labelledby="import-title" {
            h2 #import-title { (tr.t("invitations-import")) }
            p.muted { (tr.t("invitations-import-help")) }
            form method="post" action="/staff/invitations/import" enctype="multipart/form-data" {
                input type="hidden" name="csrf" value=(ctx.csrf);
                p {
                    label for="file" { (tr.t("invitations-file")) }
                    input #file type="file" name="file" accept=".csv,text/csv" required;
                }
                p {
                    input #dry type="checkbox" name="dry_run" value="1";
                    label for="dry" { (tr.t("invitations-dry-run")) }
                }
                p { button type="submit" { (tr.t("invitations-import-button")) } }
            }
            @if !imports.is_empty() {
                (layout::scroll(&tr.t("invitations-imports"), html! { table {
                    (tr.head(&["invitations-import-when", "invitations-import-by", "invitations-import-status", "invitations-read", "invitations-added", "invitations-updated", "invitations-unchanged", "invitations-refused"]))
                    tbody {
                        @for i in imports.iter().take(5) {
                            tr {
                                td { a href={ "/staff/invitations?import=" (i.id) } { (layout::when_words(&tr, i.started_at)) } }
                                td { (i.by_staff.clone().unwrap_or_default()) }
                                td { (tr.or(&format!("invitations-import-{}", i.status), &i.status)) }
                                td { (i.read) } td { (i.added) } td { (i.updated) } td { (i.unchanged) } td { (i.refused) }
                            }
                        }
                    }
                } }))
            }
        }
        section aria-labelledby="list-title" {
            h2 #list-title { (tr.ta("invitations-count", &[("count", total.to_string())])) }
            ul.counts {
                @for (s, n) in &counts {
                    li { a href={ "/staff/invitations?" (InvitationQuery { status: Some(s.as_str().into()), ..q.clone() }.query_string(&[])) } { (status_label(&tr, *s)) " : " (n) } }
                }
            }
            form.filters method="get" action="/staff/invitations" role="search" {
                p {
                    label for="status" { (tr.t("invitations-status")) }
                    select #status name="status" {
                        option value="" { (tr.t("staff-audit-all")) }
                        @for s in InvitationStatus::ALL {
                            option value=(s.as_str()) selected[filter.status == Some(*s)] { (status_label(&tr, *s)) }
                        }
                    }
                }
                p {
                    label for="partner" { (tr.t("invitations-partner")) }
                    select #partner name="partner" {
                        option value="" { (tr.t("staff-audit-all")) }
                        @if let Some(t) = t {
                            @for p in &t.partners {
                                option value=(p.id) selected[filter.partner.as_deref() == Some(p.id.as_str())] { (p.name) }
                            }
                        }
                    }
                }
                p {
                    label for="from" { (tr.t("staff-from")) }
                    input #from name="from" type="date" value=(q.from.clone().unwrap_or_default());
                }
                p {
                    label for="to" { (tr.t("staff-to-included")) }
                    input #to name="to" type="date" value=(q.to.clone().unwrap_or_default());
                }
                @if let Some(i) = nonempty(q.import.as_ref()) { input type="hidden" name="import" value=(i); }
                p { button type="submit" { (tr.t("staff-filter-apply")) } }
            }
            p { a href={ "/staff/invitations.csv?" (q.query_string(&[])) } download { (tr.t("invitations-export")) } }
            (layout::scroll(&tr.t("invitations-title"), html! { table {
                (tr.head(&["invitations-reference", "invitations-name", "invitations-status", "invitations-partner", "invitations-lead", "invitations-sends", "invitations-imported"]))
                tbody {
                    @for r in &rows {
                        tr {
                            td { a href={ "/staff/invitations/" (r.id) } { (r.data.reference) } }
                            td { (who(r)) }
                            td { (status_label(&tr, r.status)) }
                            td { (r.partner.as_deref().map_or_else(|| "—".to_string(), |p| layout::partner_name(t, p))) }
                            td { (r.lead.as_deref().map_or_else(|| "—".to_string(), |p| layout::partner_name(t, p))) }
                            td { (r.sends) }
                            td { (layout::when_words(&tr, r.created_at)) }
                        }
                    }
                }
            } }))
            @if page > 1 || i64::try_from(rows.len()).unwrap_or(i64::MAX) >= PAGE {
                nav aria-label=(tr.t("staff-pages")) {
                    p {
                        @if page > 1 { a href={ "/staff/invitations?" (q.query_string(&[("page", (page - 1).to_string())])) } { (tr.t("staff-previous")) } " " }
                        @if i64::try_from(rows.len()).unwrap_or(i64::MAX) >= PAGE { a href={ "/staff/invitations?" (q.query_string(&[("page", (page + 1).to_string())])) } { (tr.t("staff-next")) } }
                    }
                }
            }
        }
    };
    Ok(layout::page(&tr, &ctx, &tr.t("invitations-title"), body))
}

/// What an import did, as the page shows it.
fn import_summary(tr: &Tr<'_>, ctx: &Ctx, report: &ImportReport, dry_run: bool) -> Html<String> {
    let s = &report.summary;
    let whole = report.stopped.is_some() && s.read == 0;
    let title = match (whole, dry_run) {
        (true, _) => "invitations-file-refused-title",
        (false, true) => "invitations-dry-run-title",
        (false, false) => "invitations-imported-title",
    };
    let body = html! {
        h1 { (tr.t(title)) }
        @if let Some(code) = report.stopped {
            p.alert role="alert" {
                (tr.t(if whole { "invitations-file-refused" } else { "invitations-file-stopped" }))
                " " (tr.or(&format!("invitations-file-{code}"), s.error.as_deref().unwrap_or(code)))
            }
        }
        @if !whole { p { (tr.ta("invitations-summary", &[
            ("read", s.read.to_string()),
            ("added", s.added.to_string()),
            ("updated", s.updated.to_string()),
            ("unchanged", s.unchanged.to_string()),
            ("refused", s.refused.to_string()),
        ])) } }
        @if !s.refusals.is_empty() {
            h2 { (tr.t("invitations-refused-rows")) }
            (layout::scroll(&tr.t("invitations-refused-rows"), html! { table {
                (tr.head(&["invitations-line", "invitations-reason"]))
                tbody {
                    @for (line, code) in &s.refusals {
                        tr { td { (line) } td { (tr.or(&format!("invitations-why-{code}"), code)) } }
                    }
                }
            } }))
            @if s.refused > i64::try_from(s.refusals.len()).unwrap_or(i64::MAX) {
                p.muted { (tr.ta("invitations-refused-more", &[("count", (s.refused - s.refusals.len() as i64).to_string())])) }
            }
        }
        p { a href="/staff/invitations" { (tr.t("invitations-back")) } }
    };
    layout::page(tr, ctx, &tr.t("invitations-title"), body)
}

/// POST /staff/invitations/import (multipart: csrf, file, dry_run)
pub async fn import(
    State(staff): State<Staff>,
    ctx: Ctx,
    mut form: Multipart,
) -> Result<Response, StaffError> {
    let mut csrf = String::new();
    let mut dry_run = false;
    let mut file: Option<Vec<u8>> = None;
    let too_big = || {
        StaffError::BadRequest(format!(
            "The file is larger than {} MiB. / Le fichier dépasse {} Mio : importez-le avec la commande tremplin invitations import.",
            MAX_UPLOAD >> 20,
            MAX_UPLOAD >> 20
        ))
    };
    while let Some(mut field) = form
        .next_field()
        .await
        .map_err(|e| StaffError::BadRequest(e.body_text()))?
    {
        match field.name().unwrap_or_default() {
            "csrf" => {
                csrf = field
                    .text()
                    .await
                    .map_err(|e| StaffError::BadRequest(e.body_text()))?
            }
            "dry_run" => dry_run = true,
            "file" => {
                let mut bytes = Vec::new();
                while let Some(chunk) = field
                    .chunk()
                    .await
                    .map_err(|e| StaffError::BadRequest(e.body_text()))?
                {
                    if bytes.len() + chunk.len() > MAX_UPLOAD {
                        return Err(too_big());
                    }
                    bytes.extend_from_slice(&chunk);
                }
                file = Some(bytes);
            }
            _ => {}
        }
    }
    ctx.check_token(&csrf)?;
    let file = file.ok_or_else(|| StaffError::BadRequest("No file. / Aucun fichier.".into()))?;
    let report = staff.desk(&ctx).import_invitations(&file, dry_run).await?;
    let tr = Tr::new(staff.catalog(), ctx.lang());
    let status = if report.summary.error.is_some() && report.summary.read == 0 {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    } else {
        axum::http::StatusCode::OK
    };
    Ok((status, import_summary(&tr, &ctx, &report, dry_run)).into_response())
}

/// GET /staff/invitations/{id}
pub async fn show(
    State(staff): State<Staff>,
    ctx: Ctx,
    Path(id): Path<String>,
    Query(q): Query<InvitationQuery>,
) -> Result<Html<String>, StaffError> {
    let view = staff.desk(&ctx).invitation(&id).await?;
    let tr = Tr::new(staff.catalog(), ctx.lang());
    let schedule = &staff.host().config().invitations;
    let t = staff.host().territory();
    let r = &view.row;
    let d = &r.data;
    let yes_no = |b: Option<bool>| match b {
        Some(true) => tr.t("invitations-yes"),
        Some(false) => tr.t("invitations-no"),
        None => "—".into(),
    };
    let body = html! {
        p { a href="/staff/invitations" { (tr.t("invitations-back")) } }
        h1 { (tr.ta("invitations-person", &[("reference", d.reference.clone())])) }
        @if let Some(m) = nonempty(q.msg.as_ref()).filter(|m| m.starts_with("invitations-done-")) {
            p.notice role="status" { (tr.t(&m)) }
        }
        @if let Some(m) = nonempty(q.msg.as_ref()).filter(|m| m.starts_with("invitations-refused-")) {
            p.alert role="alert" { (tr.or(&m, "")) }
        }
        dl {
            dt { (tr.t("invitations-status")) } dd { (status_label(&tr, r.status)) " · " (layout::when_words(&tr, r.status_at)) }
            dt { (tr.t("invitations-name")) } dd { (who(r)) }
            dt { (tr.t("invitations-phone")) } dd { (masked(&r.key.address)) " (" (r.key.channel.as_str()) ")" }
            dt { (tr.t("invitations-born")) } dd { (d.born.clone().unwrap_or_else(|| "—".into())) }
            dt { (tr.t("invitations-postcode")) } dd { (d.postcode.clone().unwrap_or_else(|| "—".into())) }
            dt { "RSA" } dd { (yes_no(d.rsa)) }
            dt { (tr.t("invitations-ft-id")) } dd { (d.france_travail_id.clone().unwrap_or_else(|| "—".into())) }
            dt { (tr.t("invitations-language")) } dd { (r.locale.as_deref().map(|l| tr.language(l)).unwrap_or_else(|| "—".into())) }
            dt { (tr.t("invitations-partner")) } dd { (r.partner.as_deref().map(|p| layout::partner_name(t, p)).unwrap_or_else(|| "—".into())) }
            dt { (tr.t("invitations-lead")) } dd { (r.lead.as_deref().map(|p| layout::partner_name(t, p)).unwrap_or_else(|| "—".into())) }
            // When it can really go: quiet hours, Sundays and holidays put it off.
            dt { (tr.t("invitations-next")) } dd { (r.next_at.map(|n| layout::when_words(&tr, schedule.open_at(n))).unwrap_or_else(|| html! { "—" })) }
            @if let Some(reason) = &r.closed_reason {
                dt { (tr.t("invitations-closed-reason")) } dd { (reason) }
            }
        }
        h2 { (tr.t("invitations-history")) }
        (layout::scroll(&tr.t("invitations-history"), html! { table {
            (tr.head(&["invitations-when", "invitations-event", "invitations-delivery"]))
            tbody {
                @for e in &view.events {
                    tr {
                        td { (layout::when_words(&tr, e.at)) }
                        td { (tr.or(&format!("invitations-event-{}", e.kind), &e.kind)) }
                        td {
                            @if let Some(dl) = &e.delivery {
                                (tr.or(&format!("staff-delivery-{dl}"), dl))
                                @if let Some(c) = e.delivery_code { " (" (c) ")" }
                            }
                        }
                    }
                }
            }
        } }))
        h2 { (tr.t("invitations-actions")) }
        // No invitation goes again to a number that said STOP, nor to someone who answered.
        @if r.person_id.is_none() && !matches!(r.status, InvitationStatus::Declined | InvitationStatus::Closed) {
            (layout::post_button(&ctx, &format!("/staff/invitations/{}/again", r.id), &[], &tr.t("invitations-send-again")))
        }
        @if r.next_at.is_some() {
            (layout::post_button(&ctx, &format!("/staff/invitations/{}/stop", r.id), &[], &tr.t("invitations-stop")))
        }
        @if r.status != InvitationStatus::Closed { form method="post" action={ "/staff/invitations/" (r.id) "/close" } {
            input type="hidden" name="csrf" value=(ctx.csrf);
            p {
                label for="reason" { (tr.t("invitations-close-reason")) }
                input #reason name="reason" type="text" maxlength="500" required;
            }
            p { button type="submit" { (tr.t("invitations-close")) } }
        } }
    };
    Ok(layout::page(&tr, &ctx, &tr.t("invitations-title"), body))
}

/// A form with its CSRF token and, for a closing, the reason.
#[derive(Debug, serde::Deserialize)]
pub struct ActionForm {
    pub csrf: String,
    #[serde(default)]
    pub reason: String,
}

/// POST /staff/invitations/{id}/{action}: send again, stop, close.
pub async fn act(
    State(staff): State<Staff>,
    ctx: Ctx,
    Path((id, action)): Path<(String, String)>,
    Form(form): Form<ActionForm>,
) -> Result<Response, StaffError> {
    ctx.check_token(&form.csrf)?;
    let desk = staff.desk(&ctx);
    let done = match action.as_str() {
        "again" => desk
            .send_invitation_again(&id)
            .await
            .map(|()| "invitations-done-again"),
        "stop" => desk
            .stop_invitation(&id)
            .await
            .map(|()| "invitations-done-stop"),
        "close" => desk
            .close_invitation(&id, &form.reason)
            .await
            .map(|()| "invitations-done-close"),
        _ => return Err(StaffError::NotFound),
    };
    // A refused action is said on the person's page, beside its form.
    let msg = match done {
        Ok(msg) => msg.to_string(),
        Err(crate::app::staff::DeskError::Invalid(why)) => format!("invitations-refused-{why}"),
        Err(e) => return Err(e.into()),
    };
    Ok(Redirect::to(&format!("/staff/invitations/{id}?msg={msg}")).into_response())
}

/// GET /staff/invitations.csv: what the page shows with these filters, every page.
pub async fn export(
    State(staff): State<Staff>,
    ctx: Ctx,
    Query(q): Query<InvitationQuery>,
) -> Result<Response, StaffError> {
    let filter = q.filter()?;
    let desk = staff.desk(&ctx);
    let mut out = String::from(
        "reference,prenom,nom,canal,statut,depuis,organisation,partenaire_probable,envois,importee_le,prochain_envoi\r\n",
    );
    let mut offset = 0;
    loop {
        let (rows, _) = desk.invitations(&filter, 1_000, offset).await?;
        for r in &rows {
            let cells = [
                r.data.reference.clone(),
                r.data.first_name.clone().unwrap_or_default(),
                r.data.last_name.clone().unwrap_or_default(),
                r.key.channel.as_str().to_string(),
                r.status.as_str().to_string(),
                layout::when(r.status_at),
                r.partner.clone().unwrap_or_default(),
                r.lead.clone().unwrap_or_default(),
                r.sends.to_string(),
                layout::when(r.created_at),
                r.next_at.map(layout::when).unwrap_or_default(),
            ];
            out.push_str(&csv_line(&cells));
        }
        if rows.len() < 1_000 {
            break;
        }
        offset += 1_000;
    }
    desk.audit("invitations-export", None, None, Some(&q.query_string(&[])))
        .await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"invitations.csv\"",
            ),
        ],
        out,
    )
        .into_response())
}
