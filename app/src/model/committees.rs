//! Committees, their cascading yearly goals, good stories and the annual
//! working-environment discussion, as the pages see them.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum GoalTheme {
    Wellbeing,
    Safety,
    Ergonomics,
    Workload,
    Collaboration,
    Other,
}

impl GoalTheme {
    pub const ALL: [GoalTheme; 6] = [
        GoalTheme::Wellbeing,
        GoalTheme::Safety,
        GoalTheme::Ergonomics,
        GoalTheme::Workload,
        GoalTheme::Collaboration,
        GoalTheme::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            GoalTheme::Wellbeing => "wellbeing",
            GoalTheme::Safety => "safety",
            GoalTheme::Ergonomics => "ergonomics",
            GoalTheme::Workload => "workload",
            GoalTheme::Collaboration => "collaboration",
            GoalTheme::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<GoalTheme> {
        Self::ALL.into_iter().find(|t| t.as_str() == s)
    }

    pub fn label_key(self) -> String {
        format!("goal-theme-{}", self.as_str())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum GoalStatus {
    NotStarted,
    OnTrack,
    AtRisk,
    Achieved,
    NotAchieved,
}

impl GoalStatus {
    pub const ALL: [GoalStatus; 5] = [
        GoalStatus::NotStarted,
        GoalStatus::OnTrack,
        GoalStatus::AtRisk,
        GoalStatus::Achieved,
        GoalStatus::NotAchieved,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            GoalStatus::NotStarted => "not_started",
            GoalStatus::OnTrack => "on_track",
            GoalStatus::AtRisk => "at_risk",
            GoalStatus::Achieved => "achieved",
            GoalStatus::NotAchieved => "not_achieved",
        }
    }

    pub fn parse(s: &str) -> Option<GoalStatus> {
        Self::ALL.into_iter().find(|t| t.as_str() == s)
    }

    pub fn label_key(self) -> String {
        format!("goal-status-{}", self.as_str().replace('_', "-"))
    }
}

/// A committee: its name, its scope's top unit and its language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommitteeRef {
    pub id: String,
    pub name: String,
    pub unit_id: String,
    pub unit_name: String,
    pub lang: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoalYear {
    pub year: i32,
    pub status: GoalStatus,
    pub evaluation: String,
}

/// A mid-way change to a goal: `add`, `adjust` or `delete`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Adjustment {
    pub kind: String,
    pub reason: String,
    pub made_on: String,
    pub by: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Story {
    pub id: String,
    pub title: String,
    pub body: String,
    pub written_on: String,
    pub by: Option<String>,
}

/// A goal this one serves (of a committee above), or one that serves it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoalLink {
    pub goal_id: String,
    pub title: String,
    pub committee: String,
}

/// A measure serving a goal, with its problem.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoalMeasure {
    pub problem_id: String,
    pub title: String,
    pub status: super::MeasureStatus,
    pub deadline: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoalView {
    pub id: String,
    pub committee_id: String,
    pub committee_name: String,
    pub theme: GoalTheme,
    pub title: String,
    pub description: String,
    pub first_year: i32,
    pub last_year: i32,
    pub parent: Option<GoalLink>,
    pub children: Vec<GoalLink>,
    pub removed_on: Option<String>,
    pub years: Vec<GoalYear>,
    pub adjustments: Vec<Adjustment>,
    pub stories: Vec<Story>,
    pub measures: Vec<GoalMeasure>,
}

/// `/committees/:id`: the committee's goals for a year, the goals of the
/// committees above it, and its annual discussions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommitteePage {
    pub committee: CommitteeRef,
    pub year: i32,
    pub goals: Vec<GoalView>,
    /// Goals of the committees above (nearest first) active in the year.
    pub above: Vec<GoalView>,
    /// (year, state) of the committee's discussions, newest first.
    pub discussions: Vec<(i32, DiscussionState)>,
    /// Open measures in the committee's scope: (id, title, problem title).
    pub measures: Vec<(String, String, String)>,
    /// Code cards printed in the year for units in the committee's scope
    /// (A9: nobody adds answers unseen), newest first.
    pub card_printings: Vec<crate::model::CardPrinting>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DiscussionState {
    Draft,
    Prepared,
    Locked,
}

impl DiscussionState {
    pub fn as_str(self) -> &'static str {
        match self {
            DiscussionState::Draft => "draft",
            DiscussionState::Prepared => "prepared",
            DiscussionState::Locked => "locked",
        }
    }

    pub fn parse(s: &str) -> Option<DiscussionState> {
        [
            DiscussionState::Draft,
            DiscussionState::Prepared,
            DiscussionState::Locked,
        ]
        .into_iter()
        .find(|d| d.as_str() == s)
    }

    pub fn label_key(self) -> String {
        format!("discussion-state-{}", self.as_str())
    }
}

/// What the committee writes in the annual discussion.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiscussionFields {
    pub meeting_on: String,
    pub participants: String,
    /// The committee's evaluation of last year's goals.
    pub evaluation: String,
    /// Reflection: have we worked with the goals?
    pub worked: String,
    /// Reflection: are we where we expected to be?
    pub expected: String,
    /// Reflection: what still challenges us?
    pub challenges: String,
    /// The organisation of the cooperation in the coming year.
    pub cooperation: String,
    /// The members' competence development in the coming year.
    pub competence: String,
    /// Decisions on next year's goals and focus.
    pub decisions: String,
}

/// A line of the document: a label and its text, already in the
/// committee's language.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocLine {
    pub label: String,
    pub text: String,
}

/// A table of the document: a caption that says what it holds, the column
/// headings (the first heads the row headings), and rows.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocTable {
    pub caption: String,
    pub columns: Vec<String>,
    pub rows: Vec<DocRow>,
}

/// A row: its heading cell and one cell per remaining column, already
/// written out.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocRow {
    pub heading: String,
    pub cells: Vec<String>,
}

/// One theme's score over rounds, drawn as a line; `alt` says in words what
/// it shows. Scores are kept in tenths so the stored document compares
/// exactly; None: hidden or not asked in that round (the line breaks).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocChart {
    pub title: String,
    pub alt: String,
    pub rounds: Vec<String>,
    pub tenths: Vec<Option<i32>>,
    /// Per round: whether its figure was hidden (rather than not asked).
    #[serde(default)]
    pub hidden: Vec<bool>,
}

/// The likelihood × consequence grid with each assessed problem's number in
/// its cell; `alt` names every problem's place in words.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocGrid {
    pub alt: String,
    /// (number, title, likelihood 1–5, consequence 1–5)
    pub points: Vec<(String, String, u8, u8)>,
}

/// A section of the assembled document, read in this order: paragraphs,
/// tables, the risk grid, labelled lines, charts, notes. `empty` is shown
/// when it holds none of them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocSection {
    pub heading: String,
    #[serde(default)]
    pub paragraphs: Vec<String>,
    #[serde(default)]
    pub tables: Vec<DocTable>,
    #[serde(default)]
    pub grid: Option<DocGrid>,
    pub lines: Vec<DocLine>,
    #[serde(default)]
    pub charts: Vec<DocChart>,
    /// What a "–" in the section's figures stands for, and why.
    #[serde(default)]
    pub notes: Vec<String>,
    pub empty: String,
}

impl DocSection {
    pub fn is_empty(&self) -> bool {
        self.paragraphs.is_empty()
            && self.tables.is_empty()
            && self.grid.is_none()
            && self.lines.is_empty()
            && self.charts.is_empty()
    }
}

/// The annual discussion as one document, in the committee's language: the
/// assembled sections then the committee's own words. Kept unchanged once
/// locked.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnnualDocument {
    pub title: String,
    pub subtitle: String,
    pub lang: String,
    pub sections: Vec<DocSection>,
    pub fields: DiscussionFields,
    /// "Locked on … by …", once locked.
    pub signed: Option<String>,
    /// The signature block's lines (chair, vice chair …), in the
    /// committee's language.
    #[serde(default)]
    pub signatures: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiscussionView {
    pub committee: CommitteeRef,
    pub year: i32,
    pub state: DiscussionState,
    pub document: AnnualDocument,
    pub material_sent: bool,
}
