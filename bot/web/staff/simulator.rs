//! The simulator: staff try the dialogue in any locale, rendered as an SMS or as a Telegram
//! message with buttons. Nothing is stored: the conversation lives in memory, tied to the
//! staff session, and a booking is pretended, never made.

use std::collections::HashMap;

use axum::Form;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Redirect, Response};
use dashmap::DashMap;
use maud::html;

use super::auth::Ctx;
use super::layout::{self, Tr};
use super::{Staff, StaffError};
use crate::booking::{self, SearchContext};
use crate::conversation::now_at;
use crate::engine::{
    BookingView, Effect, Engine, EngineConfig, Input, OfferView, Resolution, Session,
};
use crate::i18n::render::{Surface, render};

/// Lines a simulated conversation keeps.
const MAX_LINES: usize = 60;
/// Simulated conversations held at once.
const MAX_SIMS: usize = 500;

/// A line of a simulated conversation: (from the person?, text, buttons as (label, data)).
pub type SimLine = (bool, String, Vec<(String, String)>);

/// One simulated conversation.
#[derive(Debug, Clone)]
pub struct Sim {
    pub session: Session,
    pub surface: Surface,
    pub lines: Vec<SimLine>,
}

/// Simulated conversations by staff session.
#[derive(Debug, Default)]
pub struct Sims(DashMap<String, Sim>);

impl Sims {
    /// Forgets a session's simulation (at logout).
    pub fn forget(&self, session: &str) {
        self.0.remove(session);
    }

    /// How many simulations are held.
    #[must_use]
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether none is held.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// GET /staff/simulator
pub async fn page(State(staff): State<Staff>, ctx: Ctx) -> Html<String> {
    let tr = Tr::new(staff.catalog(), ctx.lang());
    let sim = staff.sims.0.get(&ctx.session_hash).map(|s| s.clone());
    let locales = staff.catalog().locales.tags().to_vec();
    let current_lang = sim
        .as_ref()
        .map_or("fr".to_string(), |s| s.session.locale.clone());
    let telegram = sim.as_ref().is_some_and(|s| s.surface == Surface::Buttons);
    let body = html! {
        h1 { (tr.t("staff-simulator")) }
        p.muted { (tr.t("staff-sim-nothing-stored")) }
        form method="post" action="/staff/simulator" {
            input type="hidden" name="csrf" value=(ctx.csrf);
            input type="hidden" name="action" value="start";
            div.filters {
                p {
                    label for="sim-lang" { (tr.t("staff-language")) }
                    select #sim-lang name="lang" {
                        @for l in &locales {
                            option value=(l) selected[*l == current_lang] { (tr.or(&format!("language-name-{l}"), l)) " (" (l) ")" }
                        }
                    }
                }
                p {
                    label for="sim-surface" { (tr.t("staff-sim-surface")) }
                    select #sim-surface name="surface" {
                        option value="sms" selected[!telegram] { "SMS" }
                        option value="telegram" selected[telegram] { "Telegram" }
                    }
                }
                p { button type="submit" { (tr.t("staff-sim-start")) } }
            }
        }
        @if let Some(sim) = &sim {
            section class=(if telegram { "telegram" } else { "sms" }) aria-live="polite" {
                @for (me, text, _) in &sim.lines {
                    @let dir = if *me { "ltr" } else { "auto" };
                    div class=(if *me { "bubble me" } else { "bubble bot" }) dir=(dir) { (text) }
                }
            }
            form method="post" action="/staff/simulator" {
                input type="hidden" name="csrf" value=(ctx.csrf);
                input type="hidden" name="action" value="say";
                @if let Some((_, _, buttons)) = sim.lines.iter().rev().find(|l| !l.0) {
                    @if telegram && !buttons.is_empty() {
                        div.keys {
                            @for (label, data) in buttons {
                                button.secondary type="submit" name="button" value=(data) { (label) }
                            }
                        }
                    }
                }
                p {
                    label for="sim-text" { (tr.t("staff-sim-answer")) }
                    input #sim-text name="text" autocomplete="off" autofocus;
                    " " button type="submit" { (tr.t("staff-sim-send")) }
                }
            }
        }
    };
    layout::page(&tr, &ctx, &tr.t("staff-simulator"), body)
}

/// POST /staff/simulator
pub async fn step(
    State(staff): State<Staff>,
    ctx: Ctx,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, StaffError> {
    ctx.check(&form)?;
    let catalog = staff.host.shared_catalog();
    let Some(dialogue) = catalog
        .dialogue("diagnostic")
        .or_else(|| catalog.dialogues.first())
    else {
        return Err(StaffError::NotFound);
    };
    let engine = Engine::new(dialogue, &catalog.lexicon, EngineConfig::default());
    let now = now_at(staff.now());
    let (mut sim, input, shown) = match form.get("action").map(String::as_str) {
        Some("start") => {
            let lang = catalog
                .locales
                .negotiate(form.get("lang").map(String::as_str));
            let surface = if form.get("surface").map(String::as_str) == Some("telegram") {
                Surface::Buttons
            } else {
                Surface::Plain
            };
            if staff.sims.len() >= MAX_SIMS {
                staff.sims.0.clear();
            }
            (
                Sim {
                    session: engine.new_session(&lang, now),
                    surface,
                    lines: Vec::new(),
                },
                Input::Start,
                None,
            )
        }
        _ => {
            let Some(sim) = staff.sims.0.get(&ctx.session_hash).map(|s| s.clone()) else {
                return Ok(Redirect::to("/staff/simulator").into_response());
            };
            let button = form
                .get("button")
                .and_then(|b| b.split_once(':'))
                .and_then(|(t, o)| Some((t.parse::<u32>().ok()?, o.to_string())));
            match button {
                Some((turn, option)) => {
                    let label = sim
                        .lines
                        .iter()
                        .rev()
                        .find(|l| !l.0)
                        .and_then(|l| {
                            l.2.iter()
                                .find(|(_, d)| *d == format!("{turn}:{option}"))
                                .map(|(label, _)| label.clone())
                        })
                        .unwrap_or_else(|| option.clone());
                    (sim, Input::Option { turn, option }, Some(label))
                }
                None => {
                    let text: String = form
                        .get("text")
                        .map(|t| t.chars().take(1600).collect())
                        .unwrap_or_default();
                    (sim, Input::Text(text.clone()), Some(text))
                }
            }
        }
    };
    let mut turn = engine.step(sim.session.clone(), input, now);
    let mut events = std::mem::take(&mut turn.events);
    for _ in 0..6 {
        let pending = crate::engine::awaiting(&events);
        let Some(effect) = pending else { break };
        let resolution = pretend(&staff, &effect, now.unix).await?;
        let next = engine.step(turn.session, Input::Resolved(resolution), now);
        turn.session = next.session;
        crate::engine::mark_resolved(&mut events, &effect);
        events.extend(next.events);
    }
    let out = render(&catalog.locales, &turn.session.locale, &events, sim.surface);
    if let Some(text) = shown {
        sim.lines.push((true, text, Vec::new()));
    }
    sim.lines.push((
        false,
        out.text,
        out.buttons.into_iter().map(|b| (b.label, b.data)).collect(),
    ));
    if sim.lines.len() > MAX_LINES {
        let extra = sim.lines.len() - MAX_LINES;
        sim.lines.drain(..extra);
    }
    sim.session = turn.session;
    staff.sims.0.insert(ctx.session_hash.clone(), sim);
    Ok(Redirect::to("/staff/simulator").into_response())
}

/// Carries out an effect without writing anything: slots are searched for real, a booking
/// is pretended.
async fn pretend(staff: &Staff, effect: &Effect, now: i64) -> Result<Resolution, StaffError> {
    let Some(t) = staff.catalog().territories.first() else {
        return Ok(Resolution::Offers(Vec::new()));
    };
    Ok(match effect {
        Effect::FindSlots { wish, skip } => {
            let store = staff.store();
            let until = now + i64::from(t.weeks_ahead) * 7 * 86_400 + 86_400;
            let taken = store.taken_slot_keys(now, until).await?;
            let closures = store.closures(now, until).await?;
            let extras = store.extra_slots(now, until).await?;
            let ctx = SearchContext {
                now,
                taken: &taken,
                closures: &closures,
                extras: &extras,
            };
            Resolution::Offers(
                booking::search(t, wish, &ctx, *skip as usize, 3)
                    .into_iter()
                    .map(|offer| OfferView {
                        place: t
                            .site(&offer.site)
                            .map(|(_, s)| s.name.clone())
                            .unwrap_or_default(),
                        with_place: offer
                            .with_site
                            .as_deref()
                            .and_then(|w| t.site(w))
                            .map(|(p, _)| p.name.clone()),
                        offer,
                    })
                    .collect(),
            )
        }
        Effect::Book(offer) => {
            let site = t.site(&offer.site);
            Resolution::Booked(BookingView {
                reference: "SIMUL0".into(),
                start: offer.start,
                format: offer.format,
                place: site.map(|(_, s)| s.name.clone()).unwrap_or_default(),
                address: site.map(|(_, s)| s.address.clone()).unwrap_or_default(),
                directions: site.map(|(_, s)| s.directions.clone()).unwrap_or_default(),
                with_place: offer
                    .with_site
                    .as_deref()
                    .and_then(|w| t.site(w))
                    .map(|(p, _)| p.name.clone()),
                bring: site
                    .and_then(|(p, _)| p.appointments.iter().find(|a| a.id == offer.appointment))
                    .map(|a| a.bring.clone())
                    .unwrap_or_default(),
                demo: t.demo,
            })
        }
        Effect::FindAppointment => Resolution::Appointment(None),
        Effect::CancelAppointment => Resolution::Cancelled,
        _ => Resolution::Offers(Vec::new()),
    })
}
