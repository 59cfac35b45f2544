//! Days and times as the dashboard reads and writes them: in Paris, where the service runs.

use chrono::{Datelike, NaiveDate, NaiveTime, TimeZone};
use chrono_tz::Europe::Paris;

/// A time in Paris, `2026-12-01 09:30`.
#[must_use]
pub fn when(t: i64) -> String {
    Paris
        .timestamp_opt(t, 0)
        .single()
        .map_or_else(|| t.to_string(), |d| d.format("%Y-%m-%d %H:%M").to_string())
}

/// A day in Paris, `2026-12-01`.
#[must_use]
pub fn day(t: i64) -> String {
    Paris
        .timestamp_opt(t, 0)
        .single()
        .map_or_else(|| t.to_string(), |d| d.format("%Y-%m-%d").to_string())
}

/// A Paris day as Unix seconds, start and end.
#[must_use]
pub fn day_range(d: NaiveDate) -> Option<(i64, i64)> {
    let start = Paris
        .from_local_datetime(&d.and_hms_opt(0, 0, 0)?)
        .earliest()?;
    let next = d.succ_opt()?;
    let end = Paris
        .from_local_datetime(&next.and_hms_opt(0, 0, 0)?)
        .earliest()?;
    Some((start.timestamp(), end.timestamp()))
}

/// A Paris day written `2026-12-01`, as Unix seconds, start and end.
#[must_use]
pub fn paris_day(date: &str) -> Option<(i64, i64)> {
    NaiveDate::parse_from_str(date, "%Y-%m-%d")
        .ok()
        .and_then(day_range)
}

/// A Paris day and time written `2026-12-01` and `09:30`, as Unix seconds.
#[must_use]
pub fn paris_time(date: &str, time: &str) -> Option<i64> {
    let d = NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d").ok()?;
    let t = NaiveTime::parse_from_str(time.trim(), "%H:%M").ok()?;
    Paris
        .from_local_datetime(&d.and_time(t))
        .earliest()
        .map(|x| x.timestamp())
}

/// A time in Paris, `09:30`.
#[must_use]
pub fn time(t: i64) -> String {
    Paris
        .timestamp_opt(t, 0)
        .single()
        .map_or_else(|| t.to_string(), |d| d.format("%H:%M").to_string())
}

/// A day in Paris in parts to write in words: the weekday (`mon`...`sun`), the day of the
/// month and the month (1 to 12).
#[must_use]
pub fn day_parts(t: i64) -> Option<(&'static str, u32, u32)> {
    let d = Paris.timestamp_opt(t, 0).single()?;
    let weekday = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
        [d.weekday().num_days_from_monday() as usize];
    Some((weekday, d.day(), d.month()))
}
