//! The simulator: staff try the dialogue in any locale, rendered as an SMS or as a Telegram
//! message with buttons. Nothing is stored: the conversation lives in memory, tied to the
//! staff session, and a booking is pretended, never made.

use axum::Form;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Redirect, Response};
use maud::html;

use super::ctx::Ctx;
use super::error::StaffError;
use super::layout::{self, Tr};
use super::sims::Sim;
use super::state::Staff;
use crate::engine::Input;
use crate::i18n::render::Surface;

/// Lines a simulated conversation keeps.
const MAX_LINES: usize = 60;
/// Simulated conversations held at once.
const MAX_SIMS: usize = 500;

/// GET /staff/simulator
pub async fn page(State(staff): State<Staff>, ctx: Ctx) -> Html<String> {
    let tr = Tr::new(staff.catalog(), ctx.lang());
    let sim = staff.sims.get(&ctx.session_hash);
    let locales = staff.catalog().locales.tags().to_vec();
    let current_lang = sim
        .as_ref()
        .and_then(|s| s.session.as_ref())
        .map_or("fr".to_string(), |s| s.locale.clone());
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
                            option value=(l) selected[*l == current_lang] { (tr.or(&crate::dialogue::language_name_id(l), l)) " (" (l) ")" }
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
    Form(form): Form<SimForm>,
) -> Result<Response, StaffError> {
    ctx.check_token(&form.csrf)?;
    let (mut sim, input, shown) = if form.action == "start" {
        let surface = if form.surface == "telegram" {
            Surface::Buttons
        } else {
            Surface::Sms
        };
        if staff.sims.len() >= MAX_SIMS {
            staff.sims.clear();
        }
        (
            Sim {
                session: None,
                surface,
                lines: Vec::new(),
            },
            Input::Start,
            None,
        )
    } else {
        let Some(sim) = staff.sims.get(&ctx.session_hash) else {
            return Ok(Redirect::to("/staff/simulator").into_response());
        };
        let button = form
            .button
            .split_once(':')
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
                let text: String = form.text.chars().take(1600).collect();
                (sim, Input::Text(text.clone()), Some(text))
            }
        }
    };
    let out = staff
        .host
        .simulate(sim.session.take(), &form.lang, input, sim.surface)
        .await?;
    if let Some(text) = shown {
        sim.lines.push((true, text, Vec::new()));
    }
    sim.lines.push((
        false,
        out.reply.text,
        out.reply
            .buttons
            .into_iter()
            .map(|b| (b.label, b.data))
            .collect(),
    ));
    if sim.lines.len() > MAX_LINES {
        let extra = sim.lines.len() - MAX_LINES;
        sim.lines.drain(..extra);
    }
    sim.session = Some(out.session);
    staff.sims.insert(ctx.session_hash.clone(), sim);
    Ok(Redirect::to("/staff/simulator").into_response())
}

/// The simulator's form: start a conversation, or say something in it.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct SimForm {
    pub csrf: String,
    pub action: String,
    pub lang: String,
    pub surface: String,
    pub button: String,
    pub text: String,
}
