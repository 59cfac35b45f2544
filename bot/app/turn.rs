//! One turn of a conversation: find the person and whether the message was seen, step the
//! engine with its effects carried out, then keep the result, in one transaction once the
//! person consented and in memory before.

use std::collections::{BTreeMap, VecDeque};
use std::sync::atomic::AtomicBool;

use super::counts::{Before, turn_tallies};
use super::effects::{Live, Resolver};
use super::model::{MEMORY_DEDUPE, Unconsented};
use super::{Host, HostError, Inbound, Reply, duplicate, sha256_hex};
use crate::booking;
use crate::core::Channel;
use crate::engine::{
    Answer, ConsentScope, Effect, Engine, Event, Input, Msg, Now, Session, Turn, now_at,
};
use crate::i18n::Isolation;
use crate::i18n::render::{Surface, render};
use crate::storage::recent::Ticket;
use crate::storage::stats::Tally;
use crate::storage::{ConsentRecord, Lookup, StoredPerson, TurnWrite, Written, new_id};

/// How many times a turn feeds effects back to the engine.
const MAX_EFFECT_ROUNDS: usize = 6;

/// Steps the engine and carries out the effects it waits on (slots, a booking), feeding each
/// result back, a bounded number of times. The chat and the simulator both run turns through
/// this, with live effects or pretended ones.
pub(super) async fn step_with_effects(
    engine: &Engine<'_>,
    before: Session,
    input: Input,
    now: Now,
    resolver: &impl Resolver,
) -> Result<Turn, HostError> {
    let mut turn = engine.step(before, input, now);
    let mut events = std::mem::take(&mut turn.events);
    for _ in 0..MAX_EFFECT_ROUNDS {
        let Some(effect) = crate::engine::awaiting(&events) else {
            break;
        };
        let resolution = resolver.resolve(&effect, &turn.session, now.unix).await?;
        let next = engine.step(turn.session, Input::Resolved(resolution), now);
        turn.session = next.session;
        // The effect is done: keep it in the record, but never resolve it twice.
        crate::engine::mark_resolved(&mut events, &effect);
        events.extend(next.events);
    }
    turn.events = events;
    Ok(turn)
}

/// The order of a reply kept until delivered: the clock's milliseconds, always after the
/// last one this process gave (two turns in the same millisecond, a clock that stands still).
fn reply_order(now_ms: i64) -> i64 {
    use std::sync::atomic::{AtomicI64, Ordering};
    static LAST: AtomicI64 = AtomicI64::new(0);
    let mut last = LAST.load(Ordering::SeqCst);
    loop {
        let next = now_ms.max(last + 1);
        match LAST.compare_exchange(last, next, Ordering::SeqCst, Ordering::SeqCst) {
            Ok(_) => return next,
            Err(seen) => last = seen,
        }
    }
}

/// Before the language menu a conversation opened in a guessed language, one line in that
/// language offers it by its number (the menu still lists every language).
fn propose_language(events: &mut Vec<Event>, guess: &str) {
    let Some(at) = events.iter().position(|e| {
        matches!(e, Event::Ask(a) if a.choices.iter().any(|c| c.label.id == format!("language-name-{}", c.id)))
    }) else {
        return;
    };
    let Event::Ask(ask) = &events[at] else {
        return;
    };
    let Some(number) = ask.choices.iter().position(|c| c.id == guess) else {
        return;
    };
    let msg = Msg::new("language-proposal")
        .arg("language", Msg::new(format!("language-name-{guess}")))
        .arg("number", number as i64 + 1);
    events.insert(at, Event::Say(msg));
}

impl Host {
    pub(super) async fn turn(
        &self,
        inbound: &Inbound,
        surface: Surface,
    ) -> Result<Reply, HostError> {
        let now = now_at(self.clock.unix());
        let ticket = self.store.ticket();
        let external_id = inbound.external_id.as_deref();
        // Someone who wrote in the last minutes is in memory as their last turn left them;
        // anyone else, one query finds with whether this message was seen before.
        let recalled = self.store.recall(&inbound.key, external_id, now.unix);
        let remembered = recalled.is_some();
        let lookup = match recalled {
            Some(r) => Lookup {
                seen: match (r.seen, external_id) {
                    (true, Some(id)) => self.store.inbound_reply(&inbound.key, id).await?,
                    _ => None,
                },
                person: Some(r.person),
                opted_out: false,
            },
            None => {
                self.store
                    .find_person_and_reply(&inbound.key, external_id)
                    .await?
            }
        };
        // A number that answered STOP gets nothing until it sends START (which clears it).
        if lookup.opted_out
            && matches!(inbound.key.channel, Channel::Sms | Channel::WhatsApp)
            && !matches!(inbound.input, Input::Start)
        {
            let locale = lookup
                .person
                .map_or_else(|| crate::i18n::REFERENCE.to_string(), |p| p.locale);
            return Ok(Reply::silent(locale));
        }
        let (mut stored, seen) = (lookup.person, lookup.seen);
        let mem = if stored.as_ref().is_some_and(|p| p.session.is_some()) {
            None
        } else {
            self.unconsented_of(&inbound.key).await?
        };
        if let Some(id) = &inbound.external_id {
            if let Some(reply) = seen {
                return Ok(duplicate(&reply));
            }
            if let Some((_, r)) = mem
                .as_ref()
                .and_then(|c| c.seen.iter().find(|(x, _)| x == id))
            {
                return Ok(Reply {
                    duplicate: true,
                    ..r.clone()
                });
            }
        }
        let engine = self.engine()?;
        let mut guessed = None;
        let fresh = stored.as_ref().is_none_or(|p| p.session.is_none()) && mem.is_none();
        // The stored session is stepped as it is; its answers are kept to see what changed.
        let old = stored.as_mut().and_then(|p| p.session.take());
        let old_answers = old.as_ref().map(|s| s.answers.clone()).unwrap_or_default();
        // A new conversation may answer an invitation: the number invited, or a link's code.
        let invitation = if old.is_none() && mem.is_none() {
            self.invitation_of_new(&inbound.key).await?
        } else {
            None
        };
        let mut before = match (old, &mem) {
            (Some(s), _) => s,
            (None, Some(c)) => c.session.clone(),
            _ => {
                let locales = &self.catalog.locales;
                // An invitation was written in the list's language, or in French.
                let listed = invitation.as_ref().map(|i| {
                    i.locale
                        .clone()
                        .unwrap_or_else(|| crate::i18n::REFERENCE.to_string())
                });
                let known = listed.or_else(|| locales.matching(inbound.language_hint.as_deref()));
                if known.is_none() {
                    guessed = locales.matching(inbound.language_guess.as_deref());
                }
                let mut s = match (known, &guessed) {
                    (Some(locale), _) => engine.new_session_in(&locale, now),
                    (None, Some(guess)) => engine.new_session(guess, now),
                    (None, None) => engine.new_session(crate::i18n::REFERENCE, now),
                };
                if let Some(row) = &invitation {
                    engine.invite(&mut s, &Self::invited(row), now);
                }
                s
            }
        };
        let was = (!fresh).then(|| Before::of(&before));
        // On SMS and WhatsApp, the number the person writes from is the first they may give.
        before.own_number = matches!(inbound.key.channel, Channel::Sms | Channel::WhatsApp)
            .then(|| inbound.key.address.clone());
        // From memory, a message it does not know was not answered since it knew the person,
        // but maybe before: the commit's guard says so, and what cannot wait for it asks first.
        let unverified = external_id
            .filter(|_| remembered)
            .map(|id| (&inbound.key, id));
        let live = Live {
            host: self,
            person: stored.as_ref().map(|p| p.id.as_str()),
            unverified,
            verified: AtomicBool::new(false),
        };
        let stepped = step_with_effects(&engine, before, inbound.input.clone(), now, &live).await;
        let mut turn = match stepped {
            Err(HostError::AnsweredBefore(reply)) => return Ok(duplicate(&reply)),
            other => other?,
        };
        if let Some(guess) = &guessed {
            propose_language(&mut turn.events, guess);
        }
        let effects: Vec<Effect> = turn.effects().cloned().collect();
        let erase = effects.contains(&Effect::Erase);
        // The closing message proposes local services; once the diagnostic is summed up,
        // their search starts, so that the end finds it done.
        let services = if effects.contains(&Effect::Ended) && !erase {
            let budget = self.config.services.turn_budget;
            self.services_for(&turn.session.answers, budget).await
        } else {
            if effects.iter().any(|e| matches!(e, Effect::Proposal(_))) {
                self.prefetch_services(&turn.session.answers);
            }
            Vec::new()
        };
        if let Some(row) = &invitation {
            self.store.invitation_started(&row.id, now.unix).await?;
        }
        // Erasing a stored person gives them a receipt reference.
        let receipt = (erase && stored.is_some()).then(|| booking::reference(self.entropy.bytes()));
        let reply = self.reply(
            &turn,
            effects.clone(),
            receipt.as_deref(),
            surface,
            &services,
        );
        let reply_json = serde_json::to_string(&reply).unwrap_or_default();
        let inbound_row = inbound
            .external_id
            .as_deref()
            .map(|id| (id, reply_json.as_str()));
        let territory = self.territory().map(|t| t.id.clone()).unwrap_or_default();
        let tallies = turn_tallies(
            was.as_ref(),
            &turn.session,
            &effects,
            inbound.key.channel,
            &territory,
            now.unix,
        );
        let kept = Kept {
            inbound,
            stored: stored.as_ref(),
            mem,
            inbound_row,
            now: now.unix,
            ticket,
            old_answers,
        };
        let consented = turn.session.consented(ConsentScope::Store);
        if (erase || !consented) && stored.is_some() {
            // An erasure cannot wait for the commit's guard either.
            match live.verify().await {
                Err(HostError::AnsweredBefore(reply)) => return Ok(duplicate(&reply)),
                other => other?,
            }
        }
        if erase {
            if let Some(id) = &turn.session.invitation {
                // What the Département's list said goes too.
                self.store.erase_invitation(id).await?;
            }
            self.erase(kept, receipt.as_deref()).await?;
            self.store.add_tallies(&tallies).await?;
        } else if consented {
            if let Some(earlier) = self.commit(kept, turn.session, &effects, &tallies).await? {
                return Ok(earlier);
            }
        } else {
            self.keep_before_consent(kept, &turn.session, &reply)
                .await?;
            // Before consent, only counts that name no one are kept.
            self.store.add_tallies(&tallies).await?;
        }
        Ok(reply)
    }

    /// The reply the person reads, rendered for their channel.
    fn reply(
        &self,
        turn: &Turn,
        effects: Vec<Effect>,
        receipt: Option<&str>,
        surface: Surface,
        services: &[crate::services::Proposed],
    ) -> Reply {
        let locale = turn.session.locale.clone();
        let mut events = turn.events.clone();
        if let Some(r) = receipt {
            events.push(Event::Say(
                Msg::new("engine-erase-receipt").arg("reference", r.to_string()),
            ));
        }
        if effects.contains(&Effect::Stale) {
            events.push(Event::Say(Msg::new("engine-stale-choice")));
        }
        let mut out = render(&self.catalog.locales, &locale, &events, surface);
        if let Some(text) = self.services_text(&locale, services, surface, &out.text) {
            out.text = format!("{}\n{text}", out.text);
        }
        Reply::from_outgoing(out, &locale, effects)
    }

    /// Erases everything about the person (or, before consent, what memory holds).
    async fn erase(&self, k: Kept<'_>, receipt: Option<&str>) -> Result<(), HostError> {
        let key = &k.inbound.key;
        let channel = key.channel.as_str();
        if k.mem.is_some() {
            self.forget_unconsented(key).await?;
        }
        if let Some(p) = k.stored {
            let row = k.inbound_row.map(|(id, r)| (key, id, r));
            self.store.erase_person(&p.id, row, k.now).await?;
            if let Some(r) = receipt {
                self.store.record_erasure(r, channel, k.now).await?;
            }
        } else if let Some((id, r)) = k.inbound_row {
            self.store
                .record_anonymous_inbound(key, id, r, k.now)
                .await?;
        }
        Ok(())
    }

    /// Writes a consented turn in one transaction: the person, their consents, the session,
    /// the answers that changed and the inbound id with its reply. Returns the earlier reply
    /// when another delivery of the same message won the race.
    async fn commit(
        &self,
        k: Kept<'_>,
        session: Session,
        effects: &[Effect],
        tallies: &[Tally],
    ) -> Result<Option<Reply>, HostError> {
        let (person_id, create) = match k.stored {
            Some(p) => (p.id.clone(), false),
            None => (new_id(), true),
        };
        let touch = k
            .stored
            .is_none_or(|p| p.needs_touch(&session.locale, k.now));
        let old_answers = &k.old_answers;
        let mut answers = Vec::new();
        for (step, a) in &session.answers {
            if a.sensitive && !session.consented(ConsentScope::Sensitive) {
                continue;
            }
            if old_answers.get(step) != Some(a) {
                answers.push((step.as_str(), Some(a)));
            }
        }
        for step in old_answers.keys() {
            if !session.answers.contains_key(step) {
                answers.push((step.as_str(), None));
            }
        }
        let locale = &session.locale;
        let consents = effects
            .iter()
            .filter_map(|e| match e {
                Effect::Consent {
                    scope,
                    granted,
                    text,
                } => Some(ConsentRecord {
                    scope: scope.as_str(),
                    granted: *granted,
                    text_id: text.id.clone(),
                    text_locale: locale.clone(),
                    text_sha256: sha256_hex(&self.catalog.locales.render(
                        locale,
                        text,
                        Isolation::Plain,
                    )),
                }),
                _ => None,
            })
            .collect();
        let written = self
            .store
            .write_turn_counted(
                TurnWrite {
                    key: &k.inbound.key,
                    person_id: &person_id,
                    create,
                    touch,
                    now: k.now,
                    session: &session,
                    answers,
                    consents,
                    inbound: k.inbound_row,
                    pending: k
                        .inbound
                        .key
                        .channel
                        .replies_after_commit()
                        .then(|| reply_order(self.clock.unix_millis())),
                    // The messages answered before consent were known only to memory: kept
                    // with the consent, a late redelivery of one still gets its reply.
                    earlier: k.mem.as_ref().map_or_else(Vec::new, |mem| {
                        mem.seen
                            .iter()
                            .map(|(id, reply)| {
                                (id.clone(), serde_json::to_string(reply).unwrap_or_default())
                            })
                            .collect()
                    }),
                    outbox: Vec::new(),
                    // Partners' systems hear of an orientation proposed.
                    events: effects
                        .iter()
                        .filter_map(|e| match e {
                            Effect::Proposal(p) => {
                                Some(self.orientation_event(&person_id, p, k.now))
                            }
                            _ => None,
                        })
                        .collect(),
                },
                tallies,
            )
            .await?;
        if written == Written::Duplicate {
            let id = k.inbound.external_id.as_deref().unwrap_or_default();
            let earlier = self
                .store
                .inbound_reply(&k.inbound.key, id)
                .await?
                .unwrap_or_default();
            return Ok(Some(duplicate(&earlier)));
        }
        if k.mem.is_some() {
            self.forget_unconsented(&k.inbound.key).await?;
        }
        let no_reminders = effects.iter().any(|e| {
            matches!(
                e,
                Effect::Consent {
                    scope: ConsentScope::Reminders,
                    granted: false,
                    ..
                }
            )
        });
        if no_reminders {
            self.store.cancel_reminders(&person_id).await?;
        }
        for e in effects {
            if let Effect::WaitingRequest(wish) = e {
                self.record_waiting(&person_id, wish, &session, k.now)
                    .await?;
            }
        }
        // The next turn starts from memory: what was just committed, and the message ids
        // committed with it.
        let committed = StoredPerson {
            locale: session.locale.clone(),
            last_contact_at: match k.stored {
                Some(p) if !touch => p.last_contact_at,
                _ => k.now,
            },
            unreachable: !touch && k.stored.is_some_and(|p| p.unreachable),
            session: Some(session),
            id: person_id,
        };
        let ids = k
            .mem
            .iter()
            .flat_map(|m| m.seen.iter().map(|(id, _)| id.as_str()))
            .chain(k.inbound.external_id.as_deref());
        self.store
            .remember(&k.inbound.key, committed, ids, k.now, k.ticket);
        Ok(None)
    }

    /// Keeps a conversation that has no consent (yet, or any more): nothing may stay stored.
    async fn keep_before_consent(
        &self,
        k: Kept<'_>,
        session: &Session,
        reply: &Reply,
    ) -> Result<(), HostError> {
        if let Some(p) = k.stored {
            // Consent withdrawn: nothing may stay stored.
            self.store.erase_person(&p.id, None, k.now).await?;
        }
        let mut entry = k.mem.unwrap_or_else(|| Unconsented {
            session: session.clone(),
            seen: VecDeque::new(),
        });
        entry.session = session.clone();
        if let Some(id) = &k.inbound.external_id {
            entry.seen.push_back((id.clone(), reply.clone()));
            if entry.seen.len() > MEMORY_DEDUPE {
                entry.seen.pop_front();
            }
        }
        self.keep_unconsented(&k.inbound.key, entry, k.now).await
    }
}

/// What a turn found and keeps, handed to the function that keeps it.
struct Kept<'a> {
    inbound: &'a Inbound,
    stored: Option<&'a StoredPerson>,
    mem: Option<Unconsented>,
    inbound_row: Option<(&'a str, &'a str)>,
    now: i64,
    /// When the turn started, before it read (see [`Store::remember`]).
    ticket: Ticket,
    /// The stored session's answers before the turn.
    old_answers: BTreeMap<String, Answer>,
}
