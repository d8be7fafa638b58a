//! Counts kept for the operators' metrics (the server's `metrics` room
//! publishes them): plain atomics, so the services that count need no metrics
//! library and the browser build none at all.
//!
//! Figures that anonymous people's actions move — answers and batches the
//! writer stored, how deep its queue got — are counted for the current UTC
//! day and published only when the day is over ([`roll_day`]), as the access
//! log does with the anonymous routes' requests: a figure that moved between
//! two scrapes 15 seconds apart would date an answer to its moment. Figures
//! that staff work or scheduled jobs move (mail sent) are live.

use std::sync::atomic::{AtomicU64, Ordering::Relaxed};

/// A count of the current day, and the total over the days that are over.
pub struct DayCount {
    today: AtomicU64,
    done: AtomicU64,
}

impl DayCount {
    const fn new() -> Self {
        DayCount {
            today: AtomicU64::new(0),
            done: AtomicU64::new(0),
        }
    }

    pub fn add(&self, n: u64) {
        self.today.fetch_add(n, Relaxed);
    }

    /// The total over completed days: what may be published.
    pub fn published(&self) -> u64 {
        self.done.load(Relaxed)
    }

    fn roll(&self) {
        self.done.fetch_add(self.today.swap(0, Relaxed), Relaxed);
    }
}

/// The highest value seen today, and the highest of the last completed day.
pub struct DayMax {
    today: AtomicU64,
    done: AtomicU64,
}

impl DayMax {
    const fn new() -> Self {
        DayMax {
            today: AtomicU64::new(0),
            done: AtomicU64::new(0),
        }
    }

    pub fn see(&self, n: u64) {
        self.today.fetch_max(n, Relaxed);
    }

    /// The last completed day's highest: what may be published.
    pub fn published(&self) -> u64 {
        self.done.load(Relaxed)
    }

    fn roll(&self) {
        self.done.store(self.today.swap(0, Relaxed), Relaxed);
    }
}

/// Batches the answer writer committed.
pub static ANSWER_BATCHES: DayCount = DayCount::new();
/// Answers the writer committed (acknowledged to respondents).
pub static ANSWERS_STORED: DayCount = DayCount::new();
/// The most answers waiting for the writer at once.
pub static DEEPEST_ANSWER_QUEUE: DayMax = DayMax::new();

/// E-mails handed to the SMTP relay, and those it refused or that failed.
pub static MAIL_SENT: AtomicU64 = AtomicU64::new(0);
pub static MAIL_FAILED: AtomicU64 = AtomicU64::new(0);

/// The day is over: its figures become publishable. Called just after
/// midnight UTC, with the access log's daily counts.
pub fn roll_day() {
    ANSWER_BATCHES.roll();
    ANSWERS_STORED.roll();
    DEEPEST_ANSWER_QUEUE.roll();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_days_figures_are_published_only_when_it_is_over() {
        let count = DayCount::new();
        let max = DayMax::new();
        count.add(3);
        max.see(7);
        max.see(2);
        assert_eq!((count.published(), max.published()), (0, 0));
        count.roll();
        max.roll();
        assert_eq!((count.published(), max.published()), (3, 7));
        count.add(1);
        max.see(1);
        assert_eq!((count.published(), max.published()), (3, 7));
        count.roll();
        max.roll();
        assert_eq!((count.published(), max.published()), (4, 1));
    }
}
