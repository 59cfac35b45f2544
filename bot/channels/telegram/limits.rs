//! Telegram's sending limits as it documents them: in a private chat about one message a
//! second, short bursts allowed; about thirty messages a second over all chats. Each chat has
//! its own pace, so a chat that writes a lot waits for its own replies and nobody else's.
//! Nothing here sends.

use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

/// The limits the channel keeps to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Messages a chat may get at once before the pace applies.
    pub chat_burst: u32,
    /// The pace of one chat's messages after a burst.
    pub chat_interval: Duration,
    /// Messages a second over all chats.
    pub overall_per_sec: u32,
}

impl Default for Limits {
    /// Telegram's published limits for private chats.
    fn default() -> Self {
        Self {
            chat_burst: 3,
            chat_interval: Duration::from_secs(1),
            overall_per_sec: 30,
        }
    }
}

/// A pace: at most `burst` messages at once, then one every `interval` (a virtual-time token
/// bucket). [`Pace::reserve`] books the next free moment, so waiters are served in order.
#[derive(Debug)]
pub(super) struct Pace {
    interval: Duration,
    tolerance: Duration,
    /// When the bucket will be empty again.
    next: Mutex<Instant>,
}

impl Pace {
    pub(super) fn new(burst: u32, interval: Duration) -> Self {
        Self {
            interval,
            tolerance: interval * burst.saturating_sub(1),
            next: Mutex::new(Instant::now()),
        }
    }

    /// The pace of one chat under `limits`.
    pub(super) fn chat(limits: &Limits) -> Self {
        Self::new(limits.chat_burst, limits.chat_interval)
    }

    /// The pace of all chats under `limits`.
    pub(super) fn overall(limits: &Limits) -> Self {
        let per_sec = limits.overall_per_sec.max(1);
        Self::new(1, Duration::from_secs(1) / per_sec)
    }

    /// Books the next moment a message may go, and waits for it.
    pub(super) async fn wait(&self) {
        let at = self.reserve(Instant::now());
        tokio::time::sleep_until(at).await;
    }

    /// Books the next moment a message may go at or after `now`.
    fn reserve(&self, now: Instant) -> Instant {
        let mut next = self.next.lock().expect("pace lock");
        let t = (*next).max(now);
        let at = (t.checked_sub(self.tolerance).unwrap_or(now)).max(now);
        *next = t + self.interval;
        at
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_goes_at_once_then_the_pace_applies() {
        let pace = Pace::new(3, Duration::from_secs(1));
        let now = Instant::now();
        let at: Vec<Duration> = (0..5).map(|_| pace.reserve(now) - now).collect();
        assert_eq!(at[0], Duration::ZERO);
        assert_eq!(at[1], Duration::ZERO);
        assert_eq!(at[2], Duration::ZERO);
        assert_eq!(at[3], Duration::from_secs(1));
        assert_eq!(at[4], Duration::from_secs(2));
    }

    #[test]
    fn a_quiet_chat_has_its_burst_again() {
        let pace = Pace::new(2, Duration::from_secs(1));
        let now = Instant::now();
        for _ in 0..4 {
            pace.reserve(now);
        }
        let later = now + Duration::from_secs(10);
        assert_eq!(pace.reserve(later), later);
        assert_eq!(pace.reserve(later), later);
    }
}
