//! The sites an account manages: their opening patterns with the changes staff made, one-off
//! slots, closures, and the load of the coming weeks; and the changes to them.

use super::calendar::{day, when};
use super::{Desk, DeskError, OpeningChange, SiteEntry};
use crate::booking::openings::{DAYS, effective_site};
use crate::booking::slots::{ExtraSlot, site_slots};
use crate::booking::territory::{Partner, Site, Territory, time_of};
use crate::core::OpeningOp;

/// Seats a pattern or one-off slot may have.
const SEATS: std::ops::RangeInclusive<u32> = 1..=20;
/// The longest closure reason kept, in characters.
const CLOSURE_REASON_CHARS: usize = 200;
const WEEK: i64 = 7 * 86_400;

/// The booked and open seats of one week.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WeekLoad {
    /// When the week starts (Unix seconds): now, then every seven days.
    pub start: i64,
    /// Seats open.
    pub capacity: usize,
    /// Seats booked.
    pub booked: usize,
}

/// A site as staff plan it.
#[derive(Debug, Clone)]
pub struct SitePlan {
    /// The changes staff made to the site's opening patterns.
    pub changes: Vec<OpeningChange>,
    /// The load of the coming weeks.
    pub load: Vec<WeekLoad>,
    /// Closures to come.
    pub closures: Vec<SiteEntry>,
    /// One-off slots to come.
    pub extras: Vec<SiteEntry>,
}

/// Something added to a site.
#[derive(Debug, Clone)]
pub enum SiteChange {
    /// A weekly pattern: days by their stored names, hours `HH:MM`.
    Opening {
        days: Vec<String>,
        from: String,
        to: String,
        appointment: String,
        seats: u32,
    },
    /// A one-off slot at `start` (none when unreadable).
    Extra {
        start: Option<i64>,
        appointment: String,
        seats: u32,
    },
    /// A closure from the start of a day to the end of another (none when unreadable).
    Closure {
        start: Option<i64>,
        end: Option<i64>,
        reason: String,
    },
}

/// Something taken off a site.
#[derive(Debug, Clone)]
pub enum SiteRemoval {
    /// A pattern of the territory's file, by its position (none when unreadable).
    FileOpening(Option<usize>),
    /// A change staff made to the patterns, by id (a removed file pattern comes back).
    Change(String),
    /// A one-off slot, by id.
    Extra(String),
    /// A closure, by id.
    Closure(String),
}

impl Desk<'_> {
    /// A site the account may manage, with its territory and partner.
    pub fn site(&self, id: &str) -> Result<(&Territory, &Partner, &Site), DeskError> {
        self.sites()
            .into_iter()
            .find(|(_, _, s)| s.id == id)
            .ok_or(DeskError::NotFound)
    }

    /// The plan of a site: its changes, the load of the weeks the territory books ahead and
    /// two more, its closures and one-off slots to come.
    pub async fn site_plan(
        &self,
        t: &Territory,
        partner: &Partner,
        site: &Site,
    ) -> Result<SitePlan, DeskError> {
        let store = self.host.store();
        let now = self.now;
        let changes = store.opening_changes(Some(&site.id)).await?;
        let effective = effective_site(site, &changes);
        let weeks = i64::from(t.weeks_ahead.max(1)) + 2;
        let until = now + weeks * WEEK;
        let closures = store.closures(now, until).await?;
        let extras = store.extra_slots(now, until).await?;
        let all = site_slots(partner, &effective, now, until, &closures, &extras);
        let booked = store.booked_starts(now, until).await?;
        let week_of = |ts: i64| usize::try_from((ts - now) / WEEK).ok();
        let mut load: Vec<WeekLoad> = (0..weeks)
            .map(|w| WeekLoad {
                start: now + w * WEEK,
                capacity: 0,
                booked: 0,
            })
            .collect();
        for s in &all {
            if let Some(l) = week_of(s.start).and_then(|w| load.get_mut(w)) {
                l.capacity += 1;
            }
        }
        for (s, start) in &booked {
            if *s == site.id {
                if let Some(l) = week_of(*start).and_then(|w| load.get_mut(w)) {
                    l.booked += 1;
                }
            }
        }
        Ok(SitePlan {
            changes,
            load,
            closures: store.site_closures(&site.id, now).await?,
            extras: store.site_extras(&site.id, now).await?,
        })
    }

    /// Adds a pattern, a one-off slot or a closure to a site; false if the change does not
    /// hold (unknown appointment, seats out of bounds, hours or days in the wrong order, a
    /// slot in the past).
    pub async fn change_site(
        &self,
        partner: &Partner,
        site: &Site,
        change: SiteChange,
    ) -> Result<bool, DeskError> {
        let store = self.host.store();
        let now = self.now;
        let by = &self.account.id;
        let known = |appointment: &str| partner.appointments.iter().any(|a| a.id == appointment);
        match change {
            SiteChange::Opening {
                days,
                from,
                to,
                appointment,
                seats,
            } => {
                let hours = matches!((time_of(&from), time_of(&to)), (Some(f), Some(t)) if f < t);
                if days.is_empty() || !hours || !known(&appointment) || !SEATS.contains(&seats) {
                    return Ok(false);
                }
                let change = OpeningChange {
                    id: String::new(),
                    site: site.id.clone(),
                    op: OpeningOp::Add,
                    file_index: None,
                    days,
                    from,
                    to,
                    appointment,
                    seats,
                };
                store.add_opening_change(&change, by, now).await?;
            }
            SiteChange::Extra {
                start,
                appointment,
                seats,
            } => {
                let Some(start) = start.filter(|s| *s > now) else {
                    return Ok(false);
                };
                if !known(&appointment) || !SEATS.contains(&seats) {
                    return Ok(false);
                }
                let slot = ExtraSlot {
                    site: site.id.clone(),
                    appointment,
                    start,
                    seats,
                };
                store.add_extra_slot(&slot, by, now).await?;
                let detail = format!("extra {} {}", site.id, when(start));
                self.audit("slots", None, None, Some(&detail)).await?;
            }
            SiteChange::Closure { start, end, reason } => {
                let (Some(start), Some(end)) = (start, end) else {
                    return Ok(false);
                };
                if end <= start {
                    return Ok(false);
                }
                let reason: String = reason.chars().take(CLOSURE_REASON_CHARS).collect();
                store
                    .add_closure(&site.id, start, end, &reason, by, now)
                    .await?;
                let detail = format!("closure {} {} {}", site.id, day(start), day(end - 1));
                self.audit("slots", None, None, Some(&detail)).await?;
            }
        }
        Ok(true)
    }

    /// Takes a pattern, a change, a one-off slot or a closure off a site; false if there was
    /// none such.
    pub async fn remove_from_site(
        &self,
        site: &Site,
        removal: SiteRemoval,
    ) -> Result<bool, DeskError> {
        let store = self.host.store();
        let now = self.now;
        let by = &self.account.id;
        let (kind, id) = match removal {
            SiteRemoval::FileOpening(index) => {
                let Some((index, o)) = index.and_then(|i| site.openings.get(i).map(|o| (i, o)))
                else {
                    return Ok(false);
                };
                let change = OpeningChange {
                    id: String::new(),
                    site: site.id.clone(),
                    op: OpeningOp::Remove,
                    file_index: i64::try_from(index).ok(),
                    days: DAYS
                        .iter()
                        .filter(|(_, d)| o.days.contains(d))
                        .map(|(n, _)| (*n).to_string())
                        .collect(),
                    from: o.from.clone(),
                    to: o.to.clone(),
                    appointment: o.appointment.clone(),
                    seats: o.seats,
                };
                store.add_opening_change(&change, by, now).await?;
                return Ok(true);
            }
            SiteRemoval::Change(id) => {
                return Ok(store.delete_opening_change(&id, &site.id, by, now).await?);
            }
            SiteRemoval::Extra(id) => ("extra", id),
            SiteRemoval::Closure(id) => ("closure", id),
        };
        let done = store.delete_site_entry(kind, &id, &site.id).await?;
        if done {
            let detail = format!("remove {kind} {}", site.id);
            self.audit("slots", None, None, Some(&detail)).await?;
        }
        Ok(done)
    }
}
