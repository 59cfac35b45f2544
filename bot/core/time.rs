//! Where `now` and random bytes come from. The pure modules are handed both; only the two
//! system implementations here read the clock or the operating system's randomness.

use std::sync::Mutex as StdMutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// Where `now` comes from.
pub trait Clock: Send + Sync {
    /// Seconds since the Unix epoch.
    fn unix(&self) -> i64;

    /// Milliseconds since the Unix epoch.
    fn unix_millis(&self) -> i64 {
        self.unix() * 1000
    }
}

/// The system clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn unix(&self) -> i64 {
        chrono::Utc::now().timestamp()
    }

    fn unix_millis(&self) -> i64 {
        chrono::Utc::now().timestamp_millis()
    }
}

/// A clock that moves only when told to: for tests, transcripts and benchmarks.
#[derive(Debug)]
pub struct ManualClock(StdMutex<i64>);

impl ManualClock {
    #[must_use]
    pub fn new(unix: i64) -> Self {
        Self(StdMutex::new(unix))
    }

    /// Moves the clock forward.
    pub fn advance(&self, seconds: i64) {
        *self.0.lock().expect("clock lock") += seconds;
    }
}

impl Clock for ManualClock {
    fn unix(&self) -> i64 {
        *self.0.lock().expect("clock lock")
    }
}

/// Where random bytes come from (booking references, tokens).
pub trait Entropy: Send + Sync {
    fn bytes(&self) -> [u8; 16];
}

/// The operating system's randomness.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemEntropy;

impl Entropy for SystemEntropy {
    fn bytes(&self) -> [u8; 16] {
        *uuid::Uuid::new_v4().as_bytes()
    }
}

/// A predictable sequence, for transcripts and tests.
#[derive(Debug, Default)]
pub struct CountingEntropy(AtomicU64);

impl Entropy for CountingEntropy {
    fn bytes(&self) -> [u8; 16] {
        let n = self.0.fetch_add(1, Ordering::Relaxed) + 1;
        let mut b = [0u8; 16];
        b[..8].copy_from_slice(&n.wrapping_mul(0x9E37_79B9_7F4A_7C15).to_le_bytes());
        b
    }
}

/// Capped exponential backoff with jitter: the wait after `failures` failures in a row
/// (0 after the first) is `first` doubled at each failure up to `cap`, plus up to a quarter
/// more taken from `random`, so that processes that lost a dependency together do not all
/// try again in step. Pure: the caller draws `random` from its [`Entropy`].
#[must_use]
pub fn backoff(first: Duration, cap: Duration, failures: u32, random: [u8; 16]) -> Duration {
    let doubled = first.saturating_mul(1_u32.checked_shl(failures).unwrap_or(u32::MAX));
    let base = doubled.min(cap);
    let quarter = u64::try_from(base.as_millis() / 4)
        .unwrap_or(u64::MAX)
        .max(1);
    let mut low = [0_u8; 8];
    low.copy_from_slice(&random[..8]);
    base + Duration::from_millis(u64::from_le_bytes(low) % quarter)
}

/// The calendar date where the service runs (Europe/Paris, summer time included) at a Unix
/// time: what "today", a day or a week means to the people and staff of the SPIE.
#[must_use]
pub fn local_date(unix: i64) -> chrono::NaiveDate {
    use chrono::TimeZone;
    chrono_tz::Europe::Paris
        .timestamp_opt(unix, 0)
        .single()
        .map_or(chrono::NaiveDate::MIN, |t| t.date_naive())
}

/// The day in Paris at a Unix time, as days since 1970-01-01 (the day numbers of the
/// statistics).
#[must_use]
pub fn local_day(unix: i64) -> i64 {
    (local_date(unix) - chrono::NaiveDate::default()).num_days()
}

#[cfg(test)]
mod local_day_tests {
    use super::local_day;

    #[test]
    fn a_day_is_the_day_in_paris() {
        // 2026-11-30 23:30 in Paris (22:30 UTC, winter time) is still the 30th: day 20_787.
        assert_eq!(local_day(1_796_077_800), 20_787);
        // 2026-12-01 00:30 in Paris is 23:30 UTC on the 30th: already the 1st in Paris.
        assert_eq!(local_day(1_796_081_400), 20_788);
        // 2026-07-14 00:30 in Paris (summer time) is 22:30 UTC on the 13th.
        assert_eq!(local_day(1_783_981_800), 20_648);
    }
}
