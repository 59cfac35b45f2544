//! When invitations go: never at night, on a Sunday or on a French public holiday (Paris
//! time), reminders after so many days without an answer, an expiry, and a pace the provider
//! accepts. Pure: the caller gives the time.

use chrono::{Datelike, Duration, NaiveDate, TimeZone, Timelike, Weekday};
use chrono_tz::Europe::Paris;

/// Seconds in a day.
const DAY: i64 = 86_400;

/// The hours nothing is sent: from `from` o'clock to `to` o'clock the next morning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quiet {
    pub from: u32,
    pub to: u32,
}

impl Quiet {
    /// Reads `TREMPLIN_QUIET_HOURS`: `20-8` (from 20:00 to 08:00), or `off`.
    pub fn parse(text: &str) -> Result<Option<Self>, String> {
        let t = text.trim();
        if t.eq_ignore_ascii_case("off") {
            return Ok(None);
        }
        let bad = || format!("'{t}': write the hours as FROM-TO (e.g. 20-8), or off");
        let (a, b) = t.split_once('-').ok_or_else(bad)?;
        let from: u32 = a.trim().parse().map_err(|_| bad())?;
        let to: u32 = b.trim().parse().map_err(|_| bad())?;
        if from > 23 || to > 23 || from == to {
            return Err(bad());
        }
        Ok(Some(Self { from, to }))
    }

    /// Whether an hour of the day is quiet.
    fn covers(self, hour: u32) -> bool {
        if self.from > self.to {
            hour >= self.from || hour < self.to
        } else {
            hour >= self.from && hour < self.to
        }
    }
}

/// When invitations and their reminders go.
#[derive(Debug, Clone, PartialEq)]
pub struct Schedule {
    /// Quiet hours, Sundays and public holidays (`None`: any time).
    pub quiet: Option<Quiet>,
    /// Days after the invitation when a reminder goes, if there is no answer.
    pub reminders: Vec<u32>,
    /// Days after the invitation when it expires.
    pub days: u32,
    /// Messages a second, at most.
    pub rate: f64,
}

impl Default for Schedule {
    fn default() -> Self {
        Self {
            quiet: Some(Quiet { from: 20, to: 8 }),
            reminders: vec![3, 7],
            days: 30,
            rate: 1.0,
        }
    }
}

impl Schedule {
    /// The first instant at or after `t` when a message may go.
    #[must_use]
    pub fn open_at(&self, t: i64) -> i64 {
        let Some(quiet) = self.quiet else {
            return t;
        };
        let mut t = t;
        // A holiday weekend and a night at most: a few steps always settle.
        for _ in 0..16 {
            let Some(local) = Paris.timestamp_opt(t, 0).single() else {
                return t;
            };
            let date = local.date_naive();
            if date.weekday() == Weekday::Sun || holiday(date) {
                t = morning(date + Duration::days(1), quiet.to);
                continue;
            }
            if !quiet.covers(local.hour()) {
                return t;
            }
            t = if local.hour() < quiet.to {
                morning(date, quiet.to)
            } else {
                morning(date + Duration::days(1), quiet.to)
            };
        }
        t
    }

    /// What is due after the `sends`-th message went out at `first` (the invitation is the
    /// first): the next reminder's time, or the expiry's.
    #[must_use]
    pub fn next_after(&self, sends: usize, first: i64) -> Due {
        match self.reminders.get(sends.saturating_sub(1)) {
            Some(days) => Due::Reminder(first + i64::from(*days) * DAY),
            None => Due::Expiry(self.expires(first)),
        }
    }

    /// When an invitation first sent at `first` expires.
    #[must_use]
    pub fn expires(&self, first: i64) -> i64 {
        first + i64::from(self.days.max(1)) * DAY
    }

    /// Seconds between two messages.
    #[must_use]
    pub fn gap(&self) -> std::time::Duration {
        std::time::Duration::from_secs_f64(1.0 / self.rate.max(0.001))
    }
}

/// What comes next for an invitation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Due {
    Reminder(i64),
    Expiry(i64),
}

/// `hour` o'clock on a day in Paris, as a Unix time.
fn morning(date: NaiveDate, hour: u32) -> i64 {
    let naive = date.and_hms_opt(hour, 0, 0).unwrap_or_default();
    Paris
        .from_local_datetime(&naive)
        .earliest()
        .map_or_else(|| naive.and_utc().timestamp(), |t| t.timestamp())
}

/// Whether a day is a public holiday in metropolitan France (the slots' own calendar).
#[must_use]
pub fn holiday(d: NaiveDate) -> bool {
    crate::booking::slots::holidays(d.year()).contains(&d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paris(y: i32, m: u32, d: u32, h: u32, min: u32) -> i64 {
        Paris
            .with_ymd_and_hms(y, m, d, h, min, 0)
            .single()
            .expect("a time in Paris")
            .timestamp()
    }

    #[test]
    fn holidays_of_2026_and_2027() {
        // Easter 2026 is on 5 April: Monday the 6th, Ascension 14 May, Whit Monday 25 May.
        for (m, d) in [
            (1, 1),
            (4, 6),
            (5, 1),
            (5, 8),
            (5, 14),
            (5, 25),
            (7, 14),
            (11, 11),
            (12, 25),
        ] {
            assert!(
                holiday(NaiveDate::from_ymd_opt(2026, m, d).unwrap()),
                "2026-{m}-{d}"
            );
        }
        assert!(!holiday(NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()));
        assert!(
            !holiday(NaiveDate::from_ymd_opt(2026, 4, 5).unwrap()),
            "Easter Sunday is a Sunday, not a holiday"
        );
    }

    #[test]
    fn nothing_goes_at_night_on_sundays_or_holidays() {
        let s = Schedule::default();
        // Tuesday 1 December 2026, 10:00: open.
        let t = paris(2026, 12, 1, 10, 0);
        assert_eq!(s.open_at(t), t);
        // 21:30: the next morning at 8.
        assert_eq!(
            s.open_at(paris(2026, 12, 1, 21, 30)),
            paris(2026, 12, 2, 8, 0)
        );
        // 06:59: the same morning at 8.
        assert_eq!(
            s.open_at(paris(2026, 12, 2, 6, 59)),
            paris(2026, 12, 2, 8, 0)
        );
        // Saturday 19:59 is open; 20:00 waits for Monday (Sunday is quiet).
        assert_eq!(
            s.open_at(paris(2026, 12, 5, 19, 59)),
            paris(2026, 12, 5, 19, 59)
        );
        assert_eq!(
            s.open_at(paris(2026, 12, 5, 20, 0)),
            paris(2026, 12, 7, 8, 0)
        );
        // Christmas Eve at night: past Christmas Day, to Saturday the 26th.
        assert_eq!(
            s.open_at(paris(2026, 12, 24, 22, 0)),
            paris(2026, 12, 26, 8, 0)
        );
        // Summer time: the morning is 8:00 in Paris, 6:00 UTC.
        assert_eq!(
            s.open_at(paris(2026, 7, 15, 3, 0)),
            paris(2026, 7, 15, 8, 0)
        );
        let off = Schedule {
            quiet: None,
            ..Schedule::default()
        };
        let sunday_night = paris(2026, 12, 6, 23, 0);
        assert_eq!(off.open_at(sunday_night), sunday_night);
    }

    #[test]
    fn quiet_hours_read_from_the_setting() {
        assert_eq!(Quiet::parse("20-8"), Ok(Some(Quiet { from: 20, to: 8 })));
        assert_eq!(
            Quiet::parse(" 21 - 9 "),
            Ok(Some(Quiet { from: 21, to: 9 }))
        );
        assert_eq!(Quiet::parse("OFF"), Ok(None));
        assert!(Quiet::parse("8").is_err());
        assert!(Quiet::parse("25-8").is_err());
        assert!(Quiet::parse("8-8").is_err());
    }

    #[test]
    fn reminders_then_expiry() {
        let s = Schedule::default();
        let first = 1_000_000;
        assert_eq!(s.next_after(1, first), Due::Reminder(first + 3 * DAY));
        assert_eq!(s.next_after(2, first), Due::Reminder(first + 7 * DAY));
        assert_eq!(s.next_after(3, first), Due::Expiry(first + 30 * DAY));
        let two_per_second = Schedule {
            rate: 2.0,
            ..Schedule::default()
        };
        assert_eq!(two_per_second.gap(), std::time::Duration::from_millis(500));
    }
}
