//! Plain data shared by the server and the browser (sent across server
//! functions). No behaviour beyond parsing and small derived facts.

use serde::{Deserialize, Serialize};

mod committees;
mod follow_up;
pub use committees::*;
pub use follow_up::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Role {
    Admin,
    Leader,
    Committee,
    Handler,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Leader => "leader",
            Role::Committee => "committee",
            Role::Handler => "handler",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "admin" => Some(Role::Admin),
            "leader" => Some(Role::Leader),
            "committee" => Some(Role::Committee),
            "handler" => Some(Role::Handler),
            _ => None,
        }
    }

    /// The message key of the role's name.
    pub fn label_key(self) -> &'static str {
        match self {
            Role::Admin => "role-admin",
            Role::Leader => "role-leader",
            Role::Committee => "role-committee",
            Role::Handler => "role-handler",
        }
    }
}

/// One role held by a signed-in staff member, with its unit scope if any.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleGrant {
    pub role: Role,
    pub unit_id: Option<String>,
    pub unit_name: Option<String>,
    /// A committee's own name, e.g. "HMU".
    pub label: Option<String>,
    /// The committee a committee member sits on.
    #[serde(default)]
    pub committee_id: Option<String>,
}

/// The signed-in staff member, as pages see them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionUser {
    pub id: String,
    pub name: String,
    pub email: String,
    pub roles: Vec<RoleGrant>,
}

impl SessionUser {
    pub fn has(&self, role: Role) -> bool {
        self.roles.iter().any(|g| g.role == role)
    }
}

/// One unit of the organisation tree as the overview shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitSummary {
    pub id: String,
    pub parent_id: Option<String>,
    pub code: String,
    pub name: String,
    pub kind: String,
    pub depth: u32,
    /// People filed directly under this unit.
    pub direct: i64,
    /// People in this unit and everything below it.
    pub total: i64,
    pub closed: bool,
}

/// The part of the tree a viewer may see, with the thresholds that apply.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgOverview {
    pub organisation: String,
    pub k_score: i64,
    pub k_comment: i64,
    pub k_sensitive: i64,
    pub units: Vec<UnitSummary>,
}

/// Which of the two import files a finding is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum ImportFile {
    Units,
    People,
}

/// One problem found in an import file: where, and why (a message key with
/// one detail, e.g. the offending value).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ImportIssue {
    pub file: ImportFile,
    /// 1-based line in the file (the header is line 1); 0 for the whole file.
    pub line: u64,
    pub key: String,
    pub detail: String,
}

impl ImportIssue {
    pub fn new(file: ImportFile, line: u64, key: &str, detail: impl Into<String>) -> Self {
        ImportIssue {
            file,
            line,
            key: key.to_owned(),
            detail: detail.into(),
        }
    }
}

/// How many changes of one kind, with the first few as examples.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ChangeList {
    pub count: usize,
    pub examples: Vec<String>,
}

impl ChangeList {
    /// Examples shown per kind of change.
    pub const EXAMPLES: usize = 25;

    pub fn push(&mut self, example: impl FnOnce() -> String) {
        if self.examples.len() < Self::EXAMPLES {
            self.examples.push(example());
        }
        self.count += 1;
    }
}

/// What an import would change (or changed), by kind.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ImportChanges {
    pub units_new: ChangeList,
    pub units_renamed: ChangeList,
    pub units_moved: ChangeList,
    pub units_closed: ChangeList,
    pub units_reopened: ChangeList,
    pub people_new: ChangeList,
    pub people_moved: ChangeList,
    pub people_updated: ChangeList,
    pub people_left: ChangeList,
    pub people_returning: ChangeList,
    pub leaders_added: ChangeList,
    pub leaders_removed: ChangeList,
}

impl ImportChanges {
    /// The kinds in display order, with their message keys.
    pub fn kinds(&self) -> [(&'static str, &ChangeList); 12] {
        [
            ("import-units-new", &self.units_new),
            ("import-units-renamed", &self.units_renamed),
            ("import-units-moved", &self.units_moved),
            ("import-units-closed", &self.units_closed),
            ("import-units-reopened", &self.units_reopened),
            ("import-people-new", &self.people_new),
            ("import-people-moved", &self.people_moved),
            ("import-people-updated", &self.people_updated),
            ("import-people-left", &self.people_left),
            ("import-people-returning", &self.people_returning),
            ("import-leaders-added", &self.leaders_added),
            ("import-leaders-removed", &self.leaders_removed),
        ]
    }

    pub fn total(&self) -> usize {
        self.kinds().iter().map(|(_, l)| l.count).sum()
    }
}

/// An uploaded import as the preview page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ImportPreview {
    pub id: String,
    /// `preview`, `applying`, `applied`, `failed` or `discarded`.
    pub status: String,
    pub people_rows: usize,
    pub unit_rows: usize,
    pub changes: ImportChanges,
    pub issues: Vec<ImportIssue>,
    /// Issues that skipping rows cannot fix (encoding, header, unit tree).
    pub blocking: bool,
    /// Rows done / total while applying.
    pub progress: Option<(u64, u64)>,
}

/// A unit as its own page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitDetail {
    pub unit: UnitSummary,
    /// From the root down to the parent (only the part the viewer may see).
    pub path: Vec<(String, String)>,
    pub children: Vec<UnitSummary>,
    /// People filed directly here (administrators only).
    pub people: Vec<PersonSummary>,
    /// People who left from here and whose data is not erased yet
    /// (administrators only), and the months they are kept.
    pub leavers: Vec<LeaverSummary>,
    pub leaver_retention_months: i64,
    pub leaders: Vec<String>,
    pub k_score: i64,
    /// Whether the viewer may change the unit (administrators).
    pub can_edit: bool,
    /// Units the viewer could move this unit or a person to (administrators).
    pub targets: Vec<(String, String)>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonSummary {
    pub id: String,
    pub employee_no: String,
    pub name: String,
    pub has_email: bool,
}

/// Someone who left, until their personal data is erased.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeaverSummary {
    pub id: String,
    pub employee_no: String,
    pub name: String,
    /// The day they left and the day their data is erased ('YYYY-MM-DD', UTC).
    pub left_on: String,
    pub erased_on: String,
}

/// How long the personal data of people who left is kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeaverSettings {
    /// Months after leaving before a person's data is erased.
    pub retention_months: i64,
}

impl LeaverSettings {
    pub const MIN: i64 = 1;
    pub const MAX: i64 = 120;
    pub const DEFAULT: i64 = 12;

    /// The form's text as settings, or the message key of what is wrong
    /// with it (the browser and the server say the same).
    pub fn parse(months: &str) -> Result<LeaverSettings, &'static str> {
        let retention_months: i64 = months
            .trim()
            .parse()
            .map_err(|_| "error-leaver-retention")?;
        if !(Self::MIN..=Self::MAX).contains(&retention_months) {
            return Err("error-leaver-retention");
        }
        Ok(LeaverSettings { retention_months })
    }
}

/// The organisation's minimum group sizes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Thresholds {
    pub k_score: i64,
    pub k_comment: i64,
    pub k_sensitive: i64,
}

/// A new organisation's thresholds.
impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            k_score: 5,
            k_comment: 10,
            k_sensitive: 10,
        }
    }
}

impl Thresholds {
    /// The lowest threshold the product allows for anything.
    pub const MIN: i64 = 3;
    pub const MAX: i64 = 1000;

    /// Checks the rules (used by the form and enforced by the server): every
    /// threshold at least 3, and comments and sensitive items never easier to
    /// see than scores. Returns the message key of the first broken rule.
    pub fn validate(&self) -> Result<(), &'static str> {
        for v in [self.k_score, self.k_comment, self.k_sensitive] {
            if !(Self::MIN..=Self::MAX).contains(&v) {
                return Err("error-threshold-range");
            }
        }
        if self.k_comment < self.k_score || self.k_sensitive < self.k_score {
            return Err("error-threshold-order");
        }
        Ok(())
    }
}

/// One role held by someone, as the roles page lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleView {
    pub id: String,
    pub role: Role,
    pub name: String,
    pub email: String,
    pub unit_name: Option<String>,
    pub label: Option<String>,
    /// False until the account has a password.
    pub can_sign_in: bool,
    pub account_id: String,
    /// Disabled by an administrator: cannot sign in, roles kept.
    pub disabled: bool,
}

/// The roles page: who holds which role, the units to choose from, and a
/// one-time message from the last appointment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RolesPage {
    pub roles: Vec<RoleView>,
    pub units: Vec<(String, String)>,
    /// The e-mail of an account just created (sent a link to set its
    /// password).
    pub new_account: Option<String>,
}

/// An API token as the settings page lists it (never the token itself).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenView {
    pub id: String,
    pub label: String,
    pub created: String,
    pub last_used: Option<String>,
    pub purpose: TokenPurpose,
    /// The day it stops working (UTC).
    pub expires: String,
    pub expired: bool,
}

/// A line of the administrative audit log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminAuditRow {
    /// Exact time, UTC, ISO 8601 with milliseconds.
    pub at: String,
    pub actor: String,
    /// The action's key (`role-appointed`), translated on the page.
    pub action: String,
    pub subject: String,
    pub detail: String,
}

impl AdminAuditRow {
    /// The actor of lines Trivsel writes by itself (the erasure of people
    /// who left); the page shows it translated. No staff actor looks like
    /// it (they read "Name <address>", tokens "API: label").
    pub const SYSTEM: &'static str = "Trivsel";
}

/// The lifetimes, in days, an API token may be given (two years at most).
pub const TOKEN_DAYS: [i64; 4] = [30, 90, 365, 730];

/// What an API token may do (one job per token).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TokenPurpose {
    /// Replace the organisation's people and units (an HR system).
    Import,
    /// Read results, under the same thresholds as the pages (a BI tool).
    Results,
}

impl TokenPurpose {
    pub fn as_str(self) -> &'static str {
        match self {
            TokenPurpose::Import => "import",
            TokenPurpose::Results => "results",
        }
    }

    pub fn parse(s: &str) -> Option<TokenPurpose> {
        match s {
            "import" => Some(TokenPurpose::Import),
            "results" => Some(TokenPurpose::Results),
            _ => None,
        }
    }

    /// The locale key of its name.
    pub fn label_key(self) -> &'static str {
        match self {
            TokenPurpose::Import => "tokens-purpose-import",
            TokenPurpose::Results => "tokens-purpose-results",
        }
    }
}

/// The API tokens section: live tokens, and a token just created (shown once).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokensPage {
    pub tokens: Vec<TokenView>,
    pub new_token: Option<String>,
    /// What the new token may do ('import' or 'results').
    #[serde(default)]
    pub new_purpose: Option<String>,
}

/// A survey as the administrator creates it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewSurvey {
    pub name: String,
    /// Item ids from the question bank, in the order asked.
    pub items: Vec<String>,
    /// Units asked, each with its subtree.
    pub units: Vec<String>,
    /// Rotation: items per round; None asks all every round.
    pub per_round: Option<i64>,
    /// None: one round only.
    pub every_weeks: Option<i64>,
    pub open_days: i64,
    /// Unix seconds; None opens the first round now.
    pub first_open: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoundSummary {
    pub id: String,
    pub name: String,
    pub survey: Option<String>,
    pub items: Vec<String>,
    pub opened: String,
    pub closes: Option<String>,
    pub closed: bool,
    pub invited: i64,
    pub answered: i64,
}

/// A round's page for administrators: the round, the units that may still
/// get code cards, and every printing so far.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoundPageData {
    pub round: RoundSummary,
    /// (unit id, indented name, cards left), in tree order.
    pub card_units: Vec<(String, String, i64)>,
    pub printings: Vec<CardPrinting>,
}

/// One printing of code cards (A9: recorded and shown).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardPrinting {
    pub round: String,
    pub unit: String,
    /// The administrator's name; None for the server's own tools.
    pub by: Option<String>,
    /// The day (YYYY-MM-DD, UTC).
    pub day: String,
    pub cards: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveySummary {
    pub id: String,
    pub name: String,
    pub items: usize,
    pub per_round: Option<i64>,
    pub every_weeks: Option<i64>,
    pub open_days: i64,
    pub next_open: Option<String>,
    pub stopped: bool,
    pub units: Vec<String>,
    pub rounds: Vec<RoundSummary>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveysPage {
    pub surveys: Vec<SurveySummary>,
}

/// The question bank as the survey form offers it, in the reader's language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BankChoice {
    pub dimension: String,
    pub sensitive: bool,
    /// (item id, text, chosen by default for a short pulse)
    pub items: Vec<(String, String, bool)>,
}

/// The form page for a new survey: bank items and units to choose from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyForm {
    pub bank: Vec<BankChoice>,
    /// (unit id, indented name)
    pub units: Vec<(String, String)>,
}

/// Longest comment a respondent may write, in characters.
pub const MAX_COMMENT_CHARS: usize = 2000;

/// One question as the respondent sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    pub id: String,
    pub text: String,
    /// Labels of the scale points, low to high (values 1..=n).
    pub labels: Vec<String>,
    pub dont_know: bool,
    pub sensitive: bool,
}

/// Everything the answering page needs. `code` is None when a signed-in staff
/// member answers their own invitation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Questionnaire {
    pub round: String,
    pub round_name: String,
    pub code: Option<String>,
    pub closes: Option<String>,
    pub k_score: i64,
    pub k_comment: i64,
    pub k_sensitive: i64,
    pub has_sensitive: bool,
    pub questions: Vec<Question>,
    /// Measures completed lately for the respondent's unit and the units
    /// above it ("what happened since last time").
    pub since_last: Vec<DoneMeasure>,
    /// Answers this browser kept across a change of language
    /// (`services::kept_answers`): field name and value.
    #[serde(default)]
    pub kept: Vec<(String, String)>,
}

/// A staff member's own open invitation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenRound {
    pub round: String,
    pub name: String,
    pub closes: Option<String>,
}

/// A theme (dimension) of the organisation's own.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewDimension {
    pub name_da: String,
    pub name_sv: String,
    pub name_en: String,
    pub sensitive: bool,
}

/// A question of the organisation's own, on one of the shipped scales.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewItem {
    pub dimension: String,
    pub scale: String,
    pub reverse: bool,
    pub text_da: String,
    pub text_sv: String,
    pub text_en: String,
}

/// The question-bank page: every theme with its questions (custom ones
/// marked), and the scales a new question can use.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionBankPage {
    pub themes: Vec<ThemeView>,
    /// (scale id, its labels joined, e.g. "Strongly disagree … Strongly agree")
    pub scales: Vec<(String, String)>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThemeView {
    pub id: String,
    pub name: String,
    pub sensitive: bool,
    pub questions: Vec<QuestionView>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionView {
    pub text: String,
    /// The scale's ends, e.g. "Strongly disagree … Strongly agree".
    pub scale: String,
    pub reverse: bool,
    /// Added by the organisation (not shipped with Trivsel).
    pub custom: bool,
}

/// Why a figure is not shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Hidden {
    /// Fewer than k answered in this unit.
    TooFew { k: i64 },
    /// Enough answered, but showing it beside the other figures would let
    /// someone work out a smaller group's answers by subtraction.
    WouldReveal { k: i64 },
}

/// One dimension's figure for a unit in a round: safe to publish, or hidden.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DimensionFigure {
    pub dimension: String,
    /// 0–100, one decimal.
    pub score: Option<f64>,
    /// Favourable, neutral, unfavourable answers, in per cent.
    pub shares: Option<(u8, u8, u8)>,
    pub respondents: Option<i64>,
    pub hidden: Option<Hidden>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DashboardRow {
    pub name: String,
    pub sensitive: bool,
    pub here: DimensionFigure,
    /// The score in the previous round of the unit, when both are shown.
    pub change: Option<f64>,
    pub parent: Option<DimensionFigure>,
    pub organisation: Option<DimensionFigure>,
}

/// A leader's view of one unit in one round.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnitDashboard {
    pub unit_id: String,
    pub unit_name: String,
    pub round_id: String,
    pub round_name: String,
    pub round_closed: bool,
    /// Rounds the unit took part in, newest first: (id, name).
    pub rounds: Vec<(String, String)>,
    pub invited: i64,
    pub answered: i64,
    /// When the unit was too small, the unit its answers are filed under.
    pub filed_with: Option<String>,
    /// For a closed round of such a unit: where its answers were counted in
    /// the end (Some(None): nowhere — too few up the tree, kept sealed).
    #[serde(default)]
    pub counted_with: Option<Option<String>>,
    pub parent_name: Option<String>,
    pub organisation_name: String,
    pub k_score: i64,
    pub rows: Vec<DashboardRow>,
    /// Each theme over the unit's recent rounds, oldest first.
    pub trend: Vec<TrendSeries>,
    /// Invited and answered per round, oldest first (plain counts).
    pub responses: Vec<RoundCount>,
    pub comments: CommentsView,
    /// Opened without a chosen round, the page shows the latest round with
    /// figures here; a newer round without figures yet is named here.
    #[serde(default)]
    pub newer: Option<NewerRound>,
}

/// A newer round than the one shown, still without figures for the unit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NewerRound {
    pub round_id: String,
    pub round_name: String,
    pub closed: bool,
    pub invited: i64,
    pub answered: i64,
    /// Its threshold for a theme's figure.
    pub k_score: i64,
}

/// One round's point on a theme's trend line.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrendPoint {
    pub round_id: String,
    pub round_name: String,
    /// None with `hidden` None: the theme was not asked (or not answered).
    pub score: Option<f64>,
    pub hidden: Option<Hidden>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrendSeries {
    pub dimension: String,
    pub name: String,
    pub sensitive: bool,
    pub points: Vec<TrendPoint>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RoundCount {
    pub round_id: String,
    pub round_name: String,
    pub invited: i64,
    pub answered: i64,
}

/// A unit's free-text comments in a round.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub enum CommentsView {
    /// Nobody here wrote a comment (or none reached the results yet).
    #[default]
    None,
    /// In a stable shuffled order, without timing or authorship.
    Shown(Vec<String>),
    Hidden(Hidden),
}

/// One unit's row of the committee heatmap.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HeatRow {
    pub unit_id: String,
    pub parent_id: Option<String>,
    pub name: String,
    pub depth: u32,
    /// One cell per heatmap dimension, in order; None where the theme was
    /// not asked in this unit.
    pub cells: Vec<Option<DimensionFigure>>,
    /// Per cell, the change since the previous round where both are shown.
    pub changes: Vec<Option<f64>>,
    /// The organisation, shown above a committee's scope for comparison.
    pub outside_scope: bool,
}

/// Units × themes for a committee's scope in one round.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Heatmap {
    pub round_id: String,
    pub round_name: String,
    pub previous_round: Option<String>,
    pub rounds: Vec<(String, String)>,
    /// (dimension id, name, sensitive)
    pub dimensions: Vec<(String, String, bool)>,
    pub rows: Vec<HeatRow>,
    pub k_score: i64,
    pub k_sensitive: i64,
}

/// What a report is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReportCategory {
    Discrimination,
    Harassment,
    SexualHarassment,
    Bullying,
    Violence,
    Retaliation,
    Substances,
    Accident,
    Other,
}

impl ReportCategory {
    pub const ALL: [ReportCategory; 9] = [
        ReportCategory::Discrimination,
        ReportCategory::Harassment,
        ReportCategory::SexualHarassment,
        ReportCategory::Bullying,
        ReportCategory::Violence,
        ReportCategory::Retaliation,
        ReportCategory::Substances,
        ReportCategory::Accident,
        ReportCategory::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ReportCategory::Discrimination => "discrimination",
            ReportCategory::Harassment => "harassment",
            ReportCategory::SexualHarassment => "sexual_harassment",
            ReportCategory::Bullying => "bullying",
            ReportCategory::Violence => "violence",
            ReportCategory::Retaliation => "retaliation",
            ReportCategory::Substances => "substances",
            ReportCategory::Accident => "accident",
            ReportCategory::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<ReportCategory> {
        ReportCategory::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// Locale key of the name (`report-category-…`).
    pub fn label_key(self) -> String {
        format!("report-category-{}", self.as_str().replace('_', "-"))
    }
}

/// Where a case stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReportStatus {
    New,
    Acknowledged,
    InProgress,
    Closed,
}

impl ReportStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ReportStatus::New => "new",
            ReportStatus::Acknowledged => "acknowledged",
            ReportStatus::InProgress => "in_progress",
            ReportStatus::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<ReportStatus> {
        [
            ReportStatus::New,
            ReportStatus::Acknowledged,
            ReportStatus::InProgress,
            ReportStatus::Closed,
        ]
        .into_iter()
        .find(|c| c.as_str() == s)
    }

    pub fn label_key(self) -> String {
        format!("report-status-{}", self.as_str().replace('_', "-"))
    }
}

/// How a closed case ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReportOutcome {
    Substantiated,
    PartlySubstantiated,
    NotSubstantiated,
    Resolved,
    Referred,
    Withdrawn,
}

impl ReportOutcome {
    pub const ALL: [ReportOutcome; 6] = [
        ReportOutcome::Substantiated,
        ReportOutcome::PartlySubstantiated,
        ReportOutcome::NotSubstantiated,
        ReportOutcome::Resolved,
        ReportOutcome::Referred,
        ReportOutcome::Withdrawn,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ReportOutcome::Substantiated => "substantiated",
            ReportOutcome::PartlySubstantiated => "partly_substantiated",
            ReportOutcome::NotSubstantiated => "not_substantiated",
            ReportOutcome::Resolved => "resolved",
            ReportOutcome::Referred => "referred",
            ReportOutcome::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(s: &str) -> Option<ReportOutcome> {
        ReportOutcome::ALL.into_iter().find(|c| c.as_str() == s)
    }

    pub fn label_key(self) -> String {
        format!("report-outcome-{}", self.as_str().replace('_', "-"))
    }
}

/// What the reporting form offers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportFormOptions {
    /// Units a report may point to: (id, name, depth).
    pub units: Vec<(String, String, u32)>,
    /// Months to choose from, newest first: 'YYYY-MM'.
    pub months: Vec<String>,
    pub max_chars: usize,
    /// This drawing of the form's one-time value (a form is sent once).
    pub once: String,
}

/// A case open in the reporter's browser (`/report/case`), with what its
/// message form needs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReporterVisit {
    pub case: ReporterCase,
    /// The sealed pass the message form sends instead of the receipt.
    pub pass: String,
    /// The message form's one-time value.
    pub once: String,
    pub max_chars: usize,
}

/// One message of a case as its reader may see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseMessage {
    pub seq: i64,
    /// 'reporter', 'handler', 'note' or 'receipt'.
    pub kind: String,
    pub body: String,
    pub written_on: String,
    /// The handler's name (handlers' view only).
    pub author: Option<String>,
    /// A reporter's message still in the sealed inbox: the handlers see it
    /// after the day is over (reporter's view only).
    #[serde(default)]
    pub waiting: bool,
}

/// A case as the handler list shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseRow {
    pub id: String,
    pub category: ReportCategory,
    pub unit: Option<String>,
    pub status: ReportStatus,
    pub received_on: String,
    /// Acknowledge by (while not acknowledged).
    pub ack_due: Option<String>,
    /// Feedback to the reporter by (until given).
    pub feedback_due: Option<String>,
    /// The day feedback was given (a handler's message marked as feedback).
    #[serde(default)]
    pub feedback_on: Option<String>,
    pub overdue: bool,
    pub hold: bool,
    /// The reporter wrote last: a reply waits for the handlers.
    #[serde(default)]
    pub reply_waiting: bool,
}

/// A case as a handler works it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HandlerCase {
    pub row: CaseRow,
    pub happened: Option<String>,
    pub outcome: Option<ReportOutcome>,
    pub closed_on: Option<String>,
    pub messages: Vec<CaseMessage>,
    /// The one-time value of this drawing of the message and note forms.
    #[serde(default)]
    pub once: String,
}

/// A case as its reporter sees it (through the receipt).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReporterCase {
    pub category: ReportCategory,
    pub status: ReportStatus,
    pub received_on: String,
    pub outcome: Option<ReportOutcome>,
    /// Reporter's and handlers' messages and the acknowledgement; no notes,
    /// no handler names.
    pub messages: Vec<CaseMessage>,
}

/// One line of a case's audit trail.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRow {
    pub at: String,
    pub who: Option<String>,
    pub action: String,
}

/// Report counts for a committee: units × quarters for one category.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportStats {
    pub category: ReportCategory,
    /// "2026-Q3", oldest first.
    pub quarters: Vec<String>,
    /// The sensitive threshold the counts obey.
    pub k: i64,
    pub rows: Vec<ReportStatsRow>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportStatsRow {
    pub unit_id: String,
    pub name: String,
    pub depth: u32,
    /// Per quarter: the count, or why it is hidden.
    pub cells: Vec<Result<i64, Hidden>>,
}

/// The organisation's reporting settings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportSettings {
    /// The finest unit kind a report may point to.
    pub level: String,
    /// Months a closed case is kept.
    pub retention_months: i64,
}

impl ReportSettings {
    pub const LEVELS: [&'static str; 4] = ["organisation", "enterprise", "department", "team"];

    pub fn validate(&self) -> Result<(), &'static str> {
        if !Self::LEVELS.contains(&self.level.as_str()) {
            return Err("error-report-level");
        }
        if !(1..=120).contains(&self.retention_months) {
            return Err("error-retention");
        }
        Ok(())
    }
}

/// What the accessibility statement names about this instance.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessibilityFacts {
    /// The organisation (the top of its tree).
    pub organisation: String,
    /// Where Trivsel is reached.
    pub url: String,
    /// Where to report a barrier, when the operator set one.
    pub contact: Option<String>,
    pub assessed_on: String,
}
