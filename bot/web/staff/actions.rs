//! The forms that act on a booking (confirm, cancel, record the outcome, move it) or a waiting
//! request (close it, book it). Each checks the form's token, lets the application layer act,
//! and goes back to the page with what happened.

use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::auth::TokenForm;
use super::ctx::Ctx;
use super::error::StaffError;
use super::state::Staff;
use crate::app::staff::{BookingAction, Outcome, RequestAction};
use crate::core::BookingStatus;

/// A form with a reason.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ReasonForm {
    pub csrf: String,
    pub reason: String,
}

/// The outcome of an appointment, with a reason if given.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct OutcomeForm {
    pub csrf: String,
    pub outcome: String,
    pub reason: String,
}

/// A free slot chosen, by its key, with a reason where the action needs one.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SlotForm {
    pub csrf: String,
    pub slot: String,
    pub reason: String,
}

/// What an action is done to.
enum On<'a> {
    Booking(&'a str, BookingAction<'a>),
    Request(&'a str, RequestAction<'a>),
}

/// Checks the form's token, acts, and answers with the page to go back to.
async fn act(staff: &Staff, ctx: &Ctx, csrf: &str, on: On<'_>) -> Result<Response, StaffError> {
    ctx.check_token(csrf)?;
    let desk = staff.desk(ctx);
    let (page, outcome) = match on {
        On::Booking(id, action) => (
            format!("/staff/bookings/{id}"),
            desk.act_on_booking(id, action).await?,
        ),
        On::Request(id, action) => (
            format!("/staff/requests/{id}"),
            desk.act_on_request(id, action).await?,
        ),
    };
    let msg = match outcome {
        Outcome::Done => "staff-done",
        Outcome::HandedOver => return Ok(Redirect::to("/staff").into_response()),
        Outcome::Booked(booking) => {
            let to = format!("/staff/bookings/{booking}?msg=staff-done");
            return Ok(Redirect::to(&to).into_response());
        }
        Outcome::Unchanged => "staff-unchanged",
        Outcome::ReasonRequired => "staff-reason-required",
        Outcome::ChooseOutcome => "staff-choose-outcome",
        Outcome::SlotUnknown => "staff-slot-unknown",
        Outcome::SlotTaken => "staff-slot-taken",
        Outcome::LeadOnly => "staff-lead-only",
    };
    Ok(Redirect::to(&format!("{page}?msg={msg}")).into_response())
}

/// POST /staff/bookings/{id}/confirm
pub async fn confirm(
    State(staff): State<Staff>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(form): Form<TokenForm>,
) -> Result<Response, StaffError> {
    let on = On::Booking(&id, BookingAction::Confirm);
    act(&staff, &ctx, &form.csrf, on).await
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
        },
    );
    act(&staff, &ctx, &form.csrf, on).await
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
        },
    );
    act(&staff, &ctx, &form.csrf, on).await
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
    act(&staff, &ctx, &form.csrf, on).await
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
    act(&staff, &ctx, &form.csrf, on).await
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
    act(&staff, &ctx, &form.csrf, on).await
}
