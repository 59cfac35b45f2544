//! Slots computed from the weekly openings, in Europe/Paris time (daylight saving handled by
//! the time zone database), French public holidays closed, with the one-off slots and
//! closures staff add. Pure: the caller gives the time window.

use std::collections::HashSet;

use chrono::{Datelike, Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Europe::Paris;

use super::territory::{Partner, Site, Territory, time_of};

/// A bookable time with one advisor of a site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slot {
    /// `site/appointment/start/seat`: the unit that can be booked once.
    pub key: String,
    pub partner: String,
    pub site: String,
    pub appointment: String,
    /// Unix seconds, UTC.
    pub start: i64,
    pub end: i64,
}

/// A period when a site receives nobody (staff holiday, training day).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Closure {
    pub site: String,
    pub start: i64,
    pub end: i64,
}

/// A slot staff opened by hand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExtraSlot {
    pub site: String,
    pub appointment: String,
    pub start: i64,
    pub seats: u32,
}

/// Easter Sunday (anonymous Gregorian algorithm).
#[must_use]
pub fn easter(year: i32) -> NaiveDate {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, month as u32, day as u32).expect("valid Easter date")
}

/// The public holidays of metropolitan France (outside Alsace-Moselle) for a year.
#[must_use]
pub fn holidays(year: i32) -> Vec<NaiveDate> {
    let d = |m, day| NaiveDate::from_ymd_opt(year, m, day).expect("valid date");
    let e = easter(year);
    vec![
        d(1, 1),
        e + Duration::days(1), // lundi de Pâques
        d(5, 1),
        d(5, 8),
        e + Duration::days(39), // Ascension
        e + Duration::days(50), // lundi de Pentecôte
        d(7, 14),
        d(8, 15),
        d(11, 1),
        d(11, 11),
        d(12, 25),
    ]
}

/// Every slot of a site between two instants (UTC seconds), holidays and closures removed,
/// extra slots added, sorted by start.
#[must_use]
pub fn site_slots(
    partner: &Partner,
    site: &Site,
    from: i64,
    until: i64,
    closures: &[Closure],
    extras: &[ExtraSlot],
) -> Vec<Slot> {
    let mut out = Vec::new();
    let Some(first) = Utc.timestamp_opt(from, 0).single() else {
        return out;
    };
    let Some(last) = Utc.timestamp_opt(until, 0).single() else {
        return out;
    };
    let first_day = first.with_timezone(&Paris).date_naive();
    let last_day = last.with_timezone(&Paris).date_naive();
    let mut off: HashSet<NaiveDate> = HashSet::new();
    for y in first_day.year()..=last_day.year() {
        off.extend(holidays(y));
    }
    let closed = |start: i64, end: i64| {
        closures
            .iter()
            .any(|c| c.site == site.id && start < c.end && end > c.start)
    };
    let mut day = first_day;
    while day <= last_day {
        if !off.contains(&day) {
            for o in &site.openings {
                if !o.days.iter().any(|d| d.weekday() == day.weekday()) {
                    continue;
                }
                let Some(appt) = partner.appointments.iter().find(|a| a.id == o.appointment) else {
                    continue;
                };
                let (Some(from_t), Some(to_t)) = (time_of(&o.from), time_of(&o.to)) else {
                    continue;
                };
                let step = Duration::minutes(i64::from(appt.duration));
                let mut t = day.and_time(from_t);
                while t + step <= day.and_time(to_t) {
                    // Opening hours never fall in the night-time daylight-saving gap; a local
                    // time that does not exist or exists twice is skipped rather than guessed.
                    if let Some(local) = Paris.from_local_datetime(&t).single() {
                        let start = local.timestamp();
                        let end = start + step.num_seconds();
                        if start >= from && start < until && !closed(start, end) {
                            for seat in 1..=o.seats {
                                out.push(Slot {
                                    key: format!("{}/{}/{}/{}", site.id, appt.id, start, seat),
                                    partner: partner.id.clone(),
                                    site: site.id.clone(),
                                    appointment: appt.id.clone(),
                                    start,
                                    end,
                                });
                            }
                        }
                    }
                    t += step;
                }
            }
        }
        day = day.succ_opt().expect("date in range");
    }
    for x in extras.iter().filter(|x| x.site == site.id) {
        let Some(appt) = partner.appointments.iter().find(|a| a.id == x.appointment) else {
            continue;
        };
        let end = x.start + i64::from(appt.duration) * 60;
        if x.start >= from && x.start < until && !closed(x.start, end) {
            for seat in 1..=x.seats {
                out.push(Slot {
                    key: format!("{}/{}/{}/x{}", site.id, appt.id, x.start, seat),
                    partner: partner.id.clone(),
                    site: site.id.clone(),
                    appointment: appt.id.clone(),
                    start: x.start,
                    end,
                });
            }
        }
    }
    out.sort_by(|a, b| (a.start, &a.key).cmp(&(b.start, &b.key)));
    out
}

/// The slots of every site of a territory (for the staff's load view).
#[must_use]
pub fn all_slots(
    t: &Territory,
    from: i64,
    until: i64,
    closures: &[Closure],
    extras: &[ExtraSlot],
) -> Vec<Slot> {
    let mut out: Vec<Slot> = t
        .partners
        .iter()
        .flat_map(|p| {
            p.sites
                .iter()
                .flat_map(move |s| site_slots(p, s, from, until, closures, extras))
        })
        .collect();
    out.sort_by(|a, b| (a.start, &a.key).cmp(&(b.start, &b.key)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn easter_dates() {
        assert_eq!(easter(2025), NaiveDate::from_ymd_opt(2025, 4, 20).unwrap());
        assert_eq!(easter(2026), NaiveDate::from_ymd_opt(2026, 4, 5).unwrap());
        assert_eq!(easter(2027), NaiveDate::from_ymd_opt(2027, 3, 28).unwrap());
    }

    #[test]
    fn holidays_2026() {
        let h = holidays(2026);
        for (m, d) in [(4, 6), (5, 14), (5, 25), (11, 11)] {
            assert!(
                h.contains(&NaiveDate::from_ymd_opt(2026, m, d).unwrap()),
                "{m}/{d}"
            );
        }
    }
}
