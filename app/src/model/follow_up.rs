//! Follow-up (APV / SAM): problems, risk assessments and action plans, as
//! the pages see them.

use super::{Hidden, TrendSeries};
use serde::{Deserialize, Serialize};

/// A measure's state in the action plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MeasureStatus {
    Planned,
    InProgress,
    Done,
    Dropped,
}

impl MeasureStatus {
    pub const ALL: [MeasureStatus; 4] = [
        MeasureStatus::Planned,
        MeasureStatus::InProgress,
        MeasureStatus::Done,
        MeasureStatus::Dropped,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MeasureStatus::Planned => "planned",
            MeasureStatus::InProgress => "in_progress",
            MeasureStatus::Done => "done",
            MeasureStatus::Dropped => "dropped",
        }
    }

    pub fn parse(s: &str) -> Option<MeasureStatus> {
        Self::ALL.into_iter().find(|m| m.as_str() == s)
    }

    pub fn label_key(self) -> String {
        format!("measure-status-{}", self.as_str().replace('_', "-"))
    }

    /// Still to be done: these can be overdue.
    pub fn is_open(self) -> bool {
        matches!(self, MeasureStatus::Planned | MeasureStatus::InProgress)
    }
}

/// Where a likelihood × consequence product falls. The bands are the usual
/// ones of a 5 × 5 matrix: 1–4 low, 5–9 medium, 10–14 high, 15–25 very high.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Priority {
    Low,
    Medium,
    High,
    VeryHigh,
}

impl Priority {
    pub fn of(likelihood: u8, consequence: u8) -> Priority {
        match likelihood as u16 * consequence as u16 {
            0..=4 => Priority::Low,
            5..=9 => Priority::Medium,
            10..=14 => Priority::High,
            _ => Priority::VeryHigh,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Priority::Low => "low",
            Priority::Medium => "medium",
            Priority::High => "high",
            Priority::VeryHigh => "very-high",
        }
    }

    pub fn label_key(self) -> String {
        format!("priority-{}", self.as_str())
    }
}

/// One dated risk assessment of a problem.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assessment {
    pub likelihood: u8,
    pub consequence: u8,
    pub note: String,
    pub assessed_on: String,
    /// Who assessed it (staff are not anonymous).
    pub by: Option<String>,
}

impl Assessment {
    pub fn score(&self) -> u8 {
        self.likelihood * self.consequence
    }

    pub fn priority(&self) -> Priority {
        Priority::of(self.likelihood, self.consequence)
    }

    /// A grid value from a form: a whole number from 1 to 5.
    pub fn grid_value(s: &str) -> Option<u8> {
        s.trim().parse::<u8>().ok().filter(|v| (1..=5).contains(v))
    }
}

/// Where a problem came from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ProblemSource {
    Manual,
    /// A theme's figure for a unit in a round.
    Result {
        round_name: String,
        dimension: String,
        dimension_name: String,
    },
    /// A report statistic: a category in a quarter.
    Report {
        category_key: String,
        period: String,
    },
}

/// The source figure as the problem shows it: as it was published when the
/// problem was created, unless the rule now hides it (then hidden here too).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ProblemFigure {
    None,
    Score { score: f64, previous: Option<f64> },
    Count(i64),
    Hidden(Hidden),
}

/// A measure of the action plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Measure {
    pub id: String,
    pub title: String,
    pub owner_name: String,
    pub owner_email: Option<String>,
    pub deadline: String,
    pub follow_up: Option<String>,
    pub status: MeasureStatus,
    pub outcome: String,
    pub done_on: Option<String>,
    /// Open and past its deadline.
    pub overdue: bool,
    /// The yearly goal the measure serves, if any.
    pub goal: Option<String>,
}

/// A problem in the list of a scope.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProblemRow {
    pub id: String,
    pub title: String,
    pub unit_name: String,
    pub created_on: String,
    pub closed: bool,
    pub assessment: Option<Assessment>,
    pub measures: i64,
    pub open_measures: i64,
    pub overdue: i64,
}

/// An overdue measure, with the problem it serves.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OverdueMeasure {
    pub problem_id: String,
    pub problem_title: String,
    pub unit_name: String,
    pub measure: Measure,
}

/// `/follow-up`: the scope's problems, the grid and what is overdue.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FollowUpOverview {
    /// Units a problem can be created for: (id, name, depth).
    pub units: Vec<(String, String, u32)>,
    pub problems: Vec<ProblemRow>,
    pub overdue: Vec<OverdueMeasure>,
    pub absence: Vec<AbsenceFigure>,
    /// Units whose absence may be entered: (code, name).
    pub absence_units: Vec<(String, String)>,
    pub today: String,
}

/// One problem with its assessments, plan and follow-up.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProblemView {
    pub id: String,
    pub title: String,
    pub description: String,
    pub unit_id: String,
    pub unit_name: String,
    pub created_on: String,
    pub created_by: Option<String>,
    pub closed_on: Option<String>,
    pub source: ProblemSource,
    pub figure: ProblemFigure,
    /// Newest first; the first is the current one.
    pub assessments: Vec<Assessment>,
    pub measures: Vec<Measure>,
    /// For a problem born from a theme: that theme's trend in the unit from
    /// a little before the problem to now, under the results' rules.
    pub trend: Option<TrendSeries>,
    pub today: String,
}

/// A unit's sickness absence in a quarter: the rate (per cent of the days
/// that could have been worked), or why it is hidden.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AbsenceFigure {
    pub unit_name: String,
    pub period: String,
    pub rate: Option<f64>,
    pub headcount: Option<i64>,
    pub hidden: Option<Hidden>,
}

/// A completed measure, as employees see it before answering: no owner, no
/// figure.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DoneMeasure {
    pub title: String,
    pub unit_name: String,
    pub done_on: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn priority_bands_cover_the_grid() {
        assert_eq!(Priority::of(1, 1), Priority::Low);
        assert_eq!(Priority::of(2, 2), Priority::Low);
        assert_eq!(Priority::of(1, 5), Priority::Medium);
        assert_eq!(Priority::of(3, 3), Priority::Medium);
        assert_eq!(Priority::of(2, 5), Priority::High);
        assert_eq!(Priority::of(3, 4), Priority::High);
        assert_eq!(Priority::of(3, 5), Priority::VeryHigh);
        assert_eq!(Priority::of(5, 5), Priority::VeryHigh);
    }

    #[test]
    fn grid_values_are_one_to_five() {
        assert_eq!(Assessment::grid_value(" 3 "), Some(3));
        for bad in ["0", "6", "-1", "2.5", "", "x"] {
            assert_eq!(Assessment::grid_value(bad), None, "{bad}");
        }
    }
}
