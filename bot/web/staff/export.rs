//! The exports: the bookings of the account's scope as CSV, and everything stored about one
//! person as JSON (their right of access). Both are audited.

use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};

use super::ctx::Ctx;
use super::error::StaffError;
use super::layout;
use super::queue::QueueQuery;
use super::state::Staff;

/// GET /staff/people/{id}/export.json: everything stored about a person (right of access).
pub async fn person_export(
    State(staff): State<Staff>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Response, StaffError> {
    let data = staff.desk(&ctx).person_export(&id).await?;
    let body = serde_json::to_string_pretty(&data).unwrap_or_default();
    Ok((
        [
            (header::CONTENT_TYPE, "application/json; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"personne.json\"",
            ),
        ],
        body,
    )
        .into_response())
}

/// A CSV cell: quoted, and neutralised if a spreadsheet would read it as a formula.
#[must_use]
pub fn csv_cell(v: &str) -> String {
    let v = if v.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{v}")
    } else {
        v.to_string()
    };
    format!("\"{}\"", v.replace('"', "\"\""))
}

/// A CSV line of these cells, each quoted and neutralised, ended by CRLF.
#[must_use]
pub fn csv_line(cells: &[String]) -> String {
    let mut line = cells
        .iter()
        .map(|c| csv_cell(c))
        .collect::<Vec<_>>()
        .join(",");
    line.push_str("\r\n");
    line
}

/// GET /staff/export/bookings.csv: the bookings of the account's scope that match the filters.
pub async fn export_csv(
    State(staff): State<Staff>,
    ctx: Ctx,
    Query(q): Query<QueueQuery>,
) -> Result<Response, StaffError> {
    let filter = q.filter(staff.now())?;
    let rows = staff
        .desk(&ctx)
        .export(&filter, &q.query_string(None))
        .await?;
    let mut out = String::from(
        "reference,status,starts_at,ends_at,partner,site,with_partner,appointment,format,parcours,lead,urgent,created_at\r\n",
    );
    for b in &rows {
        let cells = [
            b.reference.clone(),
            b.status.to_string(),
            layout::when(b.starts_at),
            layout::when(b.ends_at),
            b.partner.clone(),
            b.site.clone(),
            b.with_partner.clone().unwrap_or_default(),
            b.appointment.clone(),
            b.format.clone(),
            b.parcours.clone().unwrap_or_default(),
            b.lead.clone().unwrap_or_default(),
            if b.urgent { "1".into() } else { "0".into() },
            layout::when(b.created_at),
        ];
        out.push_str(&csv_line(&cells));
    }
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"rendez-vous.csv\"",
            ),
        ],
        out,
    )
        .into_response())
}
