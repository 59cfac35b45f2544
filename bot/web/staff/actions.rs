//! The forms that act on a booking (confirm, cancel, record the outcome, move it, undo, note a
//! call back) or a waiting request (close it, book it, note a call back). Each checks the
//! form's token and lets the application layer act. What was done goes back to the page with
//! a message; an action that tells the person and cannot be taken back after a while asks
//! first; what failed is shown beside the form that failed, with what was typed, and the page
//! opens at that form.

use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::html;
use serde::Deserialize;

use super::auth::TokenForm;
use super::case::{self, Problem};
use super::ctx::Ctx;
use super::error::StaffError;
use super::layout::{self, Tr, site_name, when};
use super::state::Staff;
use crate::app::staff::{BookingAction, Outcome, QueueRow, RequestAction, RequestRow};
use crate::core::BookingStatus;

/// A form with a reason; `confirmed` once the person acting said yes.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ReasonForm {
    pub csrf: String,
    pub reason: String,
    pub confirmed: String,
}

/// The outcome of an appointment, with a reason if given; `confirmed` once asked.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct OutcomeForm {
    pub csrf: String,
    pub outcome: String,
    pub reason: String,
    pub confirmed: String,
}

/// A free slot chosen, by its key, with a reason where the action needs one.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SlotForm {
    pub csrf: String,
    pub slot: String,
    pub reason: String,
}

/// A call back, with its note.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NoteForm {
    pub csrf: String,
    pub note: String,
}

/// A person's name as reception learnt it.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NameForm {
    pub csrf: String,
    pub name: String,
}

/// What an action is done to.
enum On<'a> {
    Booking(&'a str, BookingAction<'a>),
    Request(&'a str, RequestAction<'a>),
}

/// The form an action came from: its id (the page's fragment), the field a problem is about,
/// and what was typed in it.
struct Origin<'a> {
    form: &'static str,
    field: &'static str,
    typed: &'a str,
}

/// Checks the form's token, acts, and answers with the page to go back to: a message on
/// success, the question when the action asks first, the page with the problem beside the form
/// otherwise.
async fn act(
    staff: &Staff,
    ctx: &Ctx,
    csrf: &str,
    on: On<'_>,
    from: Origin<'_>,
) -> Result<Response, StaffError> {
    ctx.check_token(csrf)?;
    let desk = staff.desk(ctx);
    let (page, outcome) = match &on {
        On::Booking(id, action) => (
            format!("/staff/bookings/{id}"),
            desk.act_on_booking(id, *action).await?,
        ),
        On::Request(id, action) => (
            format!("/staff/requests/{id}"),
            desk.act_on_request(id, *action).await?,
        ),
    };
    let problem = match &outcome {
        Outcome::Done => {
            let msg = match on {
                On::Booking(_, BookingAction::Undo) => "staff-undone",
                On::Booking(_, BookingAction::Cancel { .. })
                | On::Booking(
                    _,
                    BookingAction::Record {
                        outcome: Some(BookingStatus::NoShow),
                        ..
                    },
                ) => "staff-done-undo",
                _ => "staff-done",
            };
            return Ok(Redirect::to(&format!("{page}?msg={msg}")).into_response());
        }
        Outcome::HandedOver => return Ok(Redirect::to("/staff").into_response()),
        Outcome::Booked(booking) => {
            let to = format!("/staff/bookings/{booking}?msg=staff-done");
            return Ok(Redirect::to(&to).into_response());
        }
        Outcome::Unchanged => {
            return Ok(Redirect::to(&format!("{page}?msg=staff-unchanged")).into_response());
        }
        // The forms of the lead are not on the page of the second partner of a joint
        // appointment: said at the top of the page.
        Outcome::LeadOnly => {
            return Ok(Redirect::to(&format!("{page}?msg=staff-lead-only")).into_response());
        }
        Outcome::ConfirmFirst => {
            let On::Booking(id, action) = on else {
                return Err(StaffError::NotFound);
            };
            return ask_first(staff, ctx, id, action).await;
        }
        Outcome::ReasonRequired => "staff-reason-required",
        Outcome::ChooseOutcome => "staff-choose-outcome",
        Outcome::SlotUnknown => "staff-slot-unknown",
        Outcome::SlotTaken => "staff-slot-taken",
        Outcome::NotStarted => "staff-not-started",
        Outcome::UndoExpired => "staff-undo-expired",
        Outcome::NoteRequired => "staff-note-required",
    };
    let field = match outcome {
        Outcome::ReasonRequired | Outcome::NoteRequired => from.field,
        Outcome::SlotUnknown | Outcome::SlotTaken => "slot",
        Outcome::ChooseOutcome => "outcome-seen",
        _ => "",
    };
    let problem = Problem {
        form: from.form,
        field,
        message: problem,
        typed: from.typed.to_string(),
    };
    let page = match on {
        On::Booking(id, _) => case::with_problem::<QueueRow>(staff, ctx, id, &problem).await?,
        On::Request(id, _) => case::with_problem::<RequestRow>(staff, ctx, id, &problem).await?,
    };
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

/// The question asked before a cancellation or a no-show: what it does, that the person is
/// told in 10 minutes and that it can be undone until then; yes posts the same form again.
async fn ask_first(
    staff: &Staff,
    ctx: &Ctx,
    id: &str,
    action: BookingAction<'_>,
) -> Result<Response, StaffError> {
    let b = staff.desk(ctx).booking(id).await?;
    let tr = Tr::new(staff.catalog(), ctx.lang());
    let t = staff.catalog().territory(Some(&b.territory));
    let base = format!("/staff/bookings/{id}");
    let (question, yes, path, fields): (&str, &str, &str, Vec<(&str, &str)>) = match action {
        BookingAction::Cancel { reason, .. } => (
            "staff-ask-cancel",
            "staff-ask-cancel-yes",
            "cancel",
            vec![("reason", reason)],
        ),
        BookingAction::Record { reason, .. } => (
            "staff-ask-no-show",
            "staff-ask-no-show-yes",
            "outcome",
            vec![("outcome", "no-show"), ("reason", reason)],
        ),
        _ => return Err(StaffError::NotFound),
    };
    let title = tr.ta(question, &[("reference", b.reference.clone())]);
    let body = html! {
        h1 { (title) }
        p { (when(b.starts_at)) " · " (site_name(t, &b.site)) }
        p #ask-undo { (tr.t("staff-ask-undo")) }
        form #ask method="post" action={ (base) "/" (path) } {
            input type="hidden" name="csrf" value=(ctx.csrf);
            @for (name, value) in &fields {
                input type="hidden" name=(name) value=(value);
            }
            input type="hidden" name="confirmed" value="yes";
            div.actions {
                button.danger #ask-yes type="submit" { (tr.t(yes)) }
                a #ask-no href=(base) { (tr.t("staff-ask-no")) }
            }
        }
    };
    Ok(layout::page(&tr, ctx, &title, body).into_response())
}

fn yes(v: &str) -> bool {
    v == "yes"
}

/// POST /staff/bookings/{id}/confirm
pub async fn confirm(
    State(staff): State<Staff>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(form): Form<TokenForm>,
) -> Result<Response, StaffError> {
    let on = On::Booking(&id, BookingAction::Confirm);
    let from = Origin {
        form: "confirm",
        field: "",
        typed: "",
    };
    act(&staff, &ctx, &form.csrf, on, from).await
}

/// POST /staff/bookings/{id}/cancel
pub async fn cancel(
    State(staff): State<Staff>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(form): Form<ReasonForm>,
) -> Result<Response, StaffError> {
    let on = On::Booking(
        &id,
        BookingAction::Cancel {
            reason: &form.reason,
            confirmed: yes(&form.confirmed),
        },
    );
    let from = Origin {
        form: "cancel",
        field: "cancel-reason",
        typed: &form.reason,
    };
    act(&staff, &ctx, &form.csrf, on, from).await
}

/// POST /staff/bookings/{id}/outcome
pub async fn outcome(
    State(staff): State<Staff>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(form): Form<OutcomeForm>,
) -> Result<Response, StaffError> {
    let on = On::Booking(
        &id,
        BookingAction::Record {
            outcome: BookingStatus::parse(&form.outcome),
            reason: &form.reason,
            confirmed: yes(&form.confirmed),
        },
    );
    let from = Origin {
        form: "outcome",
        field: "outcome-reason",
        typed: &form.reason,
    };
    act(&staff, &ctx, &form.csrf, on, from).await
}

/// POST /staff/bookings/{id}/reassign
pub async fn reassign(
    State(staff): State<Staff>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(form): Form<SlotForm>,
) -> Result<Response, StaffError> {
    let on = On::Booking(
        &id,
        BookingAction::Move {
            slot: &form.slot,
            reason: &form.reason,
        },
    );
    let from = Origin {
        form: "move",
        field: "move-reason",
        typed: &form.reason,
    };
    act(&staff, &ctx, &form.csrf, on, from).await
}

/// POST /staff/bookings/{id}/undo
pub async fn undo(
    State(staff): State<Staff>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(form): Form<TokenForm>,
) -> Result<Response, StaffError> {
    let on = On::Booking(&id, BookingAction::Undo);
    let from = Origin {
        form: "undo",
        field: "",
        typed: "",
    };
    act(&staff, &ctx, &form.csrf, on, from).await
}

/// POST /staff/bookings/{id}/called-back
pub async fn booking_called_back(
    State(staff): State<Staff>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(form): Form<NoteForm>,
) -> Result<Response, StaffError> {
    let on = On::Booking(&id, BookingAction::CalledBack { note: &form.note });
    let from = Origin {
        form: "called-back",
        field: "called-back-note",
        typed: &form.note,
    };
    act(&staff, &ctx, &form.csrf, on, from).await
}

/// POST /staff/requests/{id}/called-back
pub async fn request_called_back(
    State(staff): State<Staff>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(form): Form<NoteForm>,
) -> Result<Response, StaffError> {
    let on = On::Request(&id, RequestAction::CalledBack { note: &form.note });
    let from = Origin {
        form: "called-back",
        field: "called-back-note",
        typed: &form.note,
    };
    act(&staff, &ctx, &form.csrf, on, from).await
}

/// POST /staff/bookings/{id}/name
pub async fn booking_name(
    State(staff): State<Staff>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(form): Form<NameForm>,
) -> Result<Response, StaffError> {
    let on = On::Booking(&id, BookingAction::Name { name: &form.name });
    let from = Origin {
        form: "name-form",
        field: "name",
        typed: &form.name,
    };
    act(&staff, &ctx, &form.csrf, on, from).await
}

/// POST /staff/requests/{id}/name
pub async fn request_name(
    State(staff): State<Staff>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(form): Form<NameForm>,
) -> Result<Response, StaffError> {
    let on = On::Request(&id, RequestAction::Name { name: &form.name });
    let from = Origin {
        form: "name-form",
        field: "name",
        typed: &form.name,
    };
    act(&staff, &ctx, &form.csrf, on, from).await
}

/// POST /staff/requests/{id}/close
pub async fn close_request(
    State(staff): State<Staff>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(form): Form<ReasonForm>,
) -> Result<Response, StaffError> {
    let on = On::Request(
        &id,
        RequestAction::Close {
            reason: &form.reason,
        },
    );
    let from = Origin {
        form: "close",
        field: "close-reason",
        typed: &form.reason,
    };
    act(&staff, &ctx, &form.csrf, on, from).await
}

/// POST /staff/requests/{id}/book: books a free slot for a person waiting for a call back,
/// closes the request and tells the person.
pub async fn book_request(
    State(staff): State<Staff>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(form): Form<SlotForm>,
) -> Result<Response, StaffError> {
    let on = On::Request(&id, RequestAction::Book { slot: &form.slot });
    let from = Origin {
        form: "book",
        field: "slot",
        typed: "",
    };
    act(&staff, &ctx, &form.csrf, on, from).await
}
