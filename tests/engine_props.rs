//! Properties of the engine: random input sequences never panic, always leave the session
//! waiting for something (or ended) within the step limit, and sessions survive a save and
//! reload unchanged.

mod support;

use proptest::prelude::*;

use tremplin::engine::now_at;
use tremplin::engine::{Engine, EngineConfig, Event, Input, Session, Status};
use tremplin::transcript::T0;

fn input() -> impl Strategy<Value = Input> {
    prop_oneof![
        3 => (0u8..12).prop_map(|n| Input::Text(n.to_string())),
        3 => prop::sample::select(vec![
            "oui", "non", "yes", "no", "aide", "retour", "passer", "langue", "humain", "stop", "effacer",
            "recommencer", "/start", "34", "37000", "Tours", "06 12 34 56 78", "1, 3", "1 et 2", "03/2024",
            "1234567A", "je prefere pas", "", "  ", "🙂", "مرحبا", "\u{202E}abc", "\u{0}\u{7}",
        ]).prop_map(|s| Input::Text(s.to_string())),
        2 => any::<String>().prop_map(Input::Text),
        1 => "[a-zé ]{0,3000}".prop_map(Input::Text),
        1 => (0u32..40, prop::sample::select(vec!["yes", "no", "fr", "en", "job_seeker", "x", "rather_not"]))
            .prop_map(|(turn, o)| Input::Option { turn, option: o.to_string() }),
        1 => Just(Input::Start),
    ]
}

fn check_waiting(session: &Session, events: &[Event]) -> Result<(), TestCaseError> {
    let asked = events.iter().any(|e| matches!(e, Event::Ask(_)))
        || events.iter().any(|e| {
            matches!(
                e,
                Event::Effect(
                    tremplin::engine::Effect::FindSlots { .. }
                        | tremplin::engine::Effect::Book(_)
                        | tremplin::engine::Effect::FindAppointment
                        | tremplin::engine::Effect::CancelAppointment
                )
            )
        });
    let stale = events
        .iter()
        .any(|e| matches!(e, Event::Effect(tremplin::engine::Effect::Stale)));
    if session.status == Status::Active && !stale {
        prop_assert!(
            asked,
            "an active session must be waiting on a question; events: {events:?}"
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn random_inputs_never_panic_and_always_wait(inputs in prop::collection::vec(input(), 1..60), locale in prop::sample::select(vec!["fr", "en"])) {
        let catalog = support::catalog();
        let engine = support::diagnostic(&catalog);
        let mut now = T0;
        let mut session = engine.new_session(locale, now_at(now));
        let first = engine.step(session, Input::Start, now_at(now));
        check_waiting(&first.session, &first.events)?;
        session = first.session;
        for i in inputs {
            now += 7;
            let turn = engine.step(session, i, now_at(now));
            check_waiting(&turn.session, &turn.events)?;
            // The engine says a bounded amount per input.
            prop_assert!(turn.events.len() <= 2 * EngineConfig::default().step_limit as usize + 8);
            session = turn.session;
        }
        // Saved and reloaded, the session is the same.
        let json = serde_json::to_string(&session).unwrap();
        let back: Session = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(back, session);
    }
}

/// A French session started at `T0` and given `texts`, one a second.
fn started(engine: &Engine<'_>, texts: &[&str]) -> Session {
    let mut s = engine
        .step(
            engine.new_session("fr", now_at(T0)),
            Input::Start,
            now_at(T0),
        )
        .session;
    for (i, text) in texts.iter().enumerate() {
        s = engine
            .step(s, Input::Text((*text).into()), now_at(T0 + 1 + i as i64))
            .session;
    }
    s
}

#[test]
fn a_long_silence_offers_to_resume() {
    let catalog = support::catalog();
    let engine = support::diagnostic(&catalog);
    let s = started(&engine, &["1", "oui", "oui", "oui", "oui"]);
    assert_eq!(s.step, "age");
    let later = T0 + 3 * 24 * 3600;
    let t = engine.step(s, Input::Text("34".into()), now_at(later));
    assert!(
        t.events
            .iter()
            .any(|e| matches!(e, Event::Say(m) if m.id == "engine-resume-offer"))
    );
    assert!(
        !t.session.answers.contains_key("age"),
        "an answer after a long silence is not taken blindly"
    );
    let t = engine.step(t.session, Input::Text("oui".into()), now_at(later + 5));
    let t = engine.step(t.session, Input::Text("34".into()), now_at(later + 10));
    assert_eq!(t.session.step, "place");
}

#[test]
fn a_stale_button_changes_nothing() {
    let catalog = support::catalog();
    let engine = support::diagnostic(&catalog);
    let s = engine.new_session("fr", now_at(T0));
    let t = engine.step(s, Input::Start, now_at(T0));
    let turn = t.session.turn;
    let t = engine.step(
        t.session,
        Input::Option {
            turn,
            option: "fr".into(),
        },
        now_at(T0 + 1),
    );
    assert_eq!(t.session.step, "consent_store");
    let before = t.session.clone();
    let t = engine.step(
        t.session,
        Input::Option {
            turn,
            option: "en".into(),
        },
        now_at(T0 + 2),
    );
    assert!(
        t.events
            .iter()
            .any(|e| matches!(e, Event::Effect(tremplin::engine::Effect::Stale)))
    );
    assert_eq!(t.session.answers, before.answers);
    assert_eq!(t.session.locale, "fr");
}

#[test]
fn a_changed_dialogue_resumes_at_the_nearest_valid_step() {
    let catalog = support::catalog();
    let engine = support::diagnostic(&catalog);
    let mut s = started(&engine, &["1", "oui", "oui", "oui", "oui", "34"]);
    assert_eq!(s.step, "place");
    // As if saved under an older revision, at a step that no longer exists.
    s.revision = 0;
    s.step = "removed_step".into();
    let t = engine.step(s, Input::Text("37000".into()), now_at(T0 + 100));
    assert_eq!(
        t.session.step, "place",
        "resumes at the first step without a valid answer"
    );
    assert!(
        t.events
            .iter()
            .any(|e| matches!(e, Event::Say(m) if m.id == "engine-dialogue-updated"))
    );
    assert_eq!(
        t.session.answers.get("age").map(|a| &a.value),
        Some(&tremplin::engine::Value::Number(34))
    );
}

#[test]
fn the_slots_searched_follow_the_options_that_name_an_appointment() {
    let text = include_str!("fixtures/appointment_hints.toml");
    let dialogue = tremplin::dialogue::from_str("fx.toml", text, None).unwrap();
    let lexicon = tremplin::engine::Lexicon::new(vec!["fr".into()]);
    let engine = Engine::new(&dialogue, &lexicon, EngineConfig::default());
    let wish_after = |answers: &[&str]| {
        let mut t = engine.step(
            engine.new_session("fr", now_at(T0)),
            Input::Start,
            now_at(T0),
        );
        for a in answers {
            t = engine.step(t.session, Input::Text((*a).into()), now_at(T0 + 1));
        }
        match tremplin::engine::awaiting(&t.events) {
            Some(tremplin::engine::Effect::FindSlots { wish, .. }) => wish,
            other => panic!("expected a slot search, got {other:?}: {:?}", t.events),
        }
    };
    use tremplin::booking::territory::Format;
    // Without a means of transport, phone and video come before on site.
    let wish = wish_after(&["1", "1, 2", "1", "1"]);
    assert_eq!(wish.formats, vec![Format::Phone, Format::OnSite]);
    assert!(wish.mornings && !wish.afternoons);
    let wish = wish_after(&["1", "1, 3", "2", "2"]);
    assert_eq!(wish.formats, vec![Format::OnSite, Format::Video]);
    assert!(!wish.mornings && wish.afternoons);
}
