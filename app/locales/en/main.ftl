language-name = English
skip-to-content = Skip to content
nav-main = Main menu
nav-language = Language
nav-login = Sign in
nav-logout = Sign out
nav-overview = Overview
nav-organisation = Organisation
footer-promise = Trivsel is anonymous: nobody can see what one person answered or who reported what.
loading = Loading…
home-title = Welcome
home-heading = Trivsel — wellbeing and psychological safety at work
home-lead = Short, frequent surveys that nobody can trace back to you, anonymous reporting of harassment and discrimination, and the follow-up work that makes the answers matter.
home-promise-heading = Our promise
home-promise-1 = Nobody — not your leader, not an administrator — can see what you answered.
home-promise-2 = Results are only shown when enough people have answered, never for a small group.
home-promise-3 = Reports are anonymous: no name, no address, no device details are stored.
home-staff-login = Sign in as leader, committee member, report handler or administrator
login-title = Sign in
login-intro = For leaders, committee members, report handlers and administrators.
login-email = E-mail address
login-password = Password
login-submit = Sign in
login-employees-note = Employees never need an account to answer a survey or make a report.
overview-title = Overview
overview-greeting = Welcome, { $name }
overview-roles = Your roles
overview-scope-all = the whole organisation
role-admin = Administrator
role-leader = Leader
role-committee = Committee member
role-handler = Report handler
sign-in-first-title = Please sign in
sign-in-first-body = This page is for signed-in staff.
org-title = Organisation
org-threshold-note = Results are shown for groups of at least { $k } people. Units with fewer people are merged with the unit above when answers are filed.
org-col-unit = Unit
org-col-code = Code
org-col-direct = People in the unit
org-col-total = Including sub-units
org-col-status = Note
org-status-below = Below the threshold — merged upwards
org-status-closed = Closed
not-found-title = Page not found
not-found-body = The page you asked for does not exist or has moved.
not-found-home = Go to the front page
error-title = Something went wrong
error-bad-request = The request could not be understood. Please check what you entered and try again.
error-malformed-form = The form was incomplete or malformed. Please fill it in again.
error-network = The server could not be reached. Please check your connection and try again.
error-invalid-credentials = The e-mail address or the password is wrong.
error-unauthenticated = Please sign in to continue.
error-forbidden = You do not have access to this.
error-not-found = Not found.
error-too-large = What you sent is too large.
error-too-many-requests = Too many attempts. Please wait a minute and try again.
error-internal = Something went wrong on our side. If it keeps happening, give this reference to your administrator: { $id }.
error-method = This address does not accept that kind of request.
nav-import = Import
nav-settings = Settings
yes = Yes
no = No
unit-breadcrumbs = Where the unit sits
unit-kind = Level
unit-kind-organisation = Organisation
unit-kind-enterprise = Enterprise
unit-kind-department = Department
unit-kind-team = Team
unit-leaders = Leaders
unit-no-leaders = none appointed
unit-below-threshold = Fewer than { $k } people: answers from this unit are filed under the unit above.
unit-closed-note = This unit is closed. Its history is kept; it takes no new members.
unit-children = Sub-units
unit-people = People in the unit
unit-no-people = Nobody is filed directly under this unit.
unit-people-caption = People filed directly under this unit
person-name = Name
person-employee-no = Employee number
person-email = Has e-mail
unit-move-person = Move a person
unit-move-to = To unit
unit-move-person-submit = Move person
unit-change = Change the unit
unit-new-name = Name
unit-rename-submit = Rename
unit-move-under = Move the unit (with its sub-units) under
unit-move-submit = Move unit
unit-new-code = Code of a new sub-unit
unit-new-child-name = Name of the new sub-unit
unit-add-submit = Add sub-unit
unit-close-note = A unit can be closed when nobody and no open sub-unit is left in it. Its past results stay available.
unit-close-submit = Close unit
unit-reopen-submit = Reopen unit
error-unit-cycle = A unit cannot be moved below itself or one of its sub-units.
error-unit-code-taken = Another unit already has this code.
error-unit-invalid = Please give a name (and code) of at most 200 characters.
error-unit-closed = That unit is closed.
error-unit-not-empty = The unit still has people or open sub-units. Move them first.
error-threshold-range = Every threshold must be a whole number from 3 to 1000.
error-threshold-order = The comment and sensitive-item thresholds cannot be lower than the score threshold.
error-import-not-pending = This import has already been applied or discarded.
error-import-unresolved = Some rows have problems. Fix the file and upload it again, or choose to skip those rows.
settings-title = Settings
settings-intro = The minimum group sizes that protect anonymity. No figure is ever shown for fewer people than these.
settings-k-score = Minimum group size for scores
settings-k-score-help = At least 3. Default 5.
settings-k-comment = Minimum group size for free-text comments
settings-k-comment-help = At least the score threshold. Default 10.
settings-k-sensitive = Minimum group size for sensitive questions
settings-k-sensitive-help = Harassment, bullying, violence and discrimination. At least the score threshold. Default 10.
settings-save = Save
settings-saved = Saved.
import-title = Import from the HR system
import-intro = Upload the people file (and, to change the organisation tree, the units file) exported from the HR or payroll system. You will see what changes before anything is saved.
import-format-heading = File format
import-format-units = Units file (optional): one line per unit; the top unit has no parent_code.
import-format-people = People file: one line per employee. E-mail, language (da, sv, en) and leader_of (unit codes separated by ;) may be empty.
import-format-note = CSV in UTF-8, separated by commas or semicolons. The files are complete lists: people missing from the file are treated as having left, units missing from the units file are closed.
import-units-file = Units file (CSV, optional)
import-people-file = People file (CSV)
import-upload-submit = Upload and preview
import-upload-missing = Please choose a people file.
import-preview-title = Import preview
import-status-preview = Not applied yet: nothing has been saved.
import-status-applying = Applying…
import-status-applied = Applied.
import-status-failed = Applying failed. Nothing was saved.
import-status-discarded = Discarded. Nothing was saved.
import-rows = { $people } people rows and { $units } unit rows read.
import-progress = Progress
import-refresh = Update progress
import-changes = Changes
import-no-changes = No changes: the organisation already matches the files.
import-change-kind = Change
import-change-count = Number
import-change-examples = Examples
import-and-more = … and { $n } more
import-units-new = New units
import-units-renamed = Renamed units
import-units-moved = Moved units
import-units-closed = Closed units
import-units-reopened = Reopened units
import-people-new = New people
import-people-moved = People moving to another unit
import-people-updated = People with changed name, e-mail or language
import-people-left = People who have left
import-people-returning = People who have returned
import-leaders-added = New leader appointments
import-leaders-removed = Ended leader appointments
import-blocking = The files cannot be applied. Fix the problems above and upload them again.
import-skip-rows = Skip the { $n } rows with problems (those people are left as they are)
import-apply-submit = Apply the changes
import-discard-submit = Discard
import-back = Back to the organisation
import-issues = Problems
import-issues-count = { $n } problems found
import-issue-file = File
import-issue-line = Line
import-issue-problem = Problem
import-file-units = units
import-file-people = people
import-error-too-large = The file is too large.
import-error-empty = The file is empty.
import-error-encoding = The file is not UTF-8 text. In Excel, save it as "CSV UTF-8".
import-error-header = The first line (the column names) could not be read.
import-error-missing-column = The column "{ $detail }" is missing.
import-error-missing-value = "{ $detail }" is empty.
import-error-field-count = The line has the wrong number of fields ({ $detail }).
import-error-unreadable-row = The line could not be read.
import-error-kind = Unknown level "{ $detail }" (use organisation, enterprise, department or team).
import-error-too-long = A value is too long ({ $detail }).
import-error-email = "{ $detail }" is not a valid e-mail address.
import-error-language = Unknown language "{ $detail }" (use da, sv or en).
import-error-duplicate-employee = Employee number { $detail } appears twice (first on the line in brackets).
import-error-unknown-unit = Unknown unit code "{ $detail }".
import-error-closed-unit = The unit "{ $detail }" is closed.
import-error-leader-email = { $detail } is to lead a unit but has no e-mail address to sign in with.
import-error-duplicate-unit = Unit code { $detail } appears twice (first on the line in brackets).
import-error-unknown-parent = Unknown parent unit "{ $detail }".
import-error-roots = The tree must have exactly one top unit (found { $detail }).
import-error-cycle = These units are each other's parents: { $detail }.
nav-roles = Roles
roles-title = Roles
roles-intro = Who administers Trivsel, leads which units, sits on which committee (with its scope) and handles reports. A person may hold several roles.
roles-caption = Current roles
roles-col-role = Role
roles-col-scope = Scope
roles-col-actions = Actions
roles-revoke = End role
roles-revoke-label = End role for { $name }
roles-no-password = has not signed in yet
roles-appoint = Appoint someone
roles-name-if-new = Name (only for someone without an account)
roles-unit = Unit (leaders and committees)
roles-unit-none = — none —
roles-unit-help = A leader leads this unit and everything below it; a committee's scope is this unit and everything below it.
roles-label = Committee name (e.g. HMU, LMU, arbejdsmiljøgruppe)
roles-appoint-submit = Appoint
roles-new-account = A new account was created for { $email }. Their temporary password:
roles-new-account-once = Give it to them personally. It is shown only this once.
error-role-email = Please give a valid e-mail address.
error-role-name = Please give the name of the new person.
error-role-unit = Leaders and committee members need a unit.
error-role-duplicate = The person already has this role.
error-role-last-admin = The last administrator cannot be removed.
tokens-title = API tokens
tokens-intro = A token lets another system use the REST API (/api/v1, described at /api/v1/openapi.json): an HR system importing the organisation nightly, or a BI tool reading results. Anyone holding an import token can replace the organisation's people and units; a results token reads only the figures the thresholds allow.
tokens-caption = Tokens in use
tokens-label = Name of the system
tokens-created = Created
tokens-last-used = Last used
tokens-never = never
tokens-revoke = Revoke
tokens-revoke-label = Revoke the token for { $label }
tokens-create = Create token
tokens-purpose = What the token may do
tokens-purpose-import = Import people and units (HR system)
tokens-purpose-results = Read results (BI tools; the same thresholds as the results pages)
error-token-purpose = Choose what the token may do.
tokens-new = The new token:
tokens-new-once = Copy it into the HR system now. It is shown only this once; Trivsel keeps only a fingerprint of it.
error-token-label = Please name the system the token is for (at most 100 characters).

## Answering (respondents)
answer-code-title = Answer a survey
answer-code-intro = Type the code from your card. You can also scan the card's QR code with your phone's camera.
answer-code-label = Your code
answer-code-help = 12 letters and digits, for example K7QF-M2XD-9HPA. Capitals, spaces and dashes do not matter.
answer-code-go = Continue
answer-code-invalid = That is not a code. Check it against your card: 12 letters and digits.
answer-statement-title = Before you start
answer-statement-stored = We store your answers and the survey round they belong to, filed under your unit or — if it is small — a larger unit above it.
answer-statement-not-stored = We do not store your name, your code or link, your e-mail, your device, your IP address or when you answered. Nobody can find out what you answered, not even the administrators.
answer-statement-groups = Leaders and committees see results only for groups of at least { $k } respondents.
answer-statement-sensitive = Questions about offensive behaviour are shown only for groups of at least { $k } respondents.
answer-statement-comments = Comments are shown only for groups of at least { $k } respondents. They are read by people who may recognise your way of writing, so leave out names and details that point to you.
answer-statement-skip = Every question is optional, and you can go back and change an answer until you send.
answer-closes = The survey closes on { $date }.
answer-start = Start
answer-step = Step { $n } of { $total }
answer-back = Back
answer-next = Next
answer-submit = Send my answers
answer-dont-know = Don't know / prefer not to say
answer-comment-label = Comment (optional)
answer-comment-help = Shown only when at least { $k } have answered. Others may recognise your writing style: avoid names and details that point to you.
answer-thanks-title = Thank you — your answers are received
answer-thanks-body = Your answers are stored and count in the results once enough colleagues have answered.
answer-thanks-nothing-kept = Nothing else about you was kept. You can close this page.
answer-refused-title = This code or link cannot be used
answer-refused-body = It may already have been used, the survey may have closed, or it may have been typed wrong. Each code can be used once.
answer-refused-other-code = Type a code
answer-problem-title = Your answers were not sent
answer-problem-back = Use your browser's back button to return to your answers; your code has not been used.
answer-empty = You have not answered any question.
answer-invalid = The answers could not be read. Please reload the questionnaire and try again.
answer-comment-too-long = The comment is too long (at most 2000 characters).
answer-unavailable = Your answers could not be stored just now. Please try again in a moment.

## Surveys (administrators)
nav-surveys = Surveys
surveys-title = Surveys
surveys-intro = A survey asks a set of questions of the units you choose, once or every few weeks. Each round opens and closes by itself.
surveys-new = New survey
surveys-none = No surveys yet.
surveys-every = Every { $weeks ->
    [one] week
   *[other] { $weeks } weeks
}
surveys-once = One round
surveys-rotation = { $n } of { $total } questions per round, in turn
surveys-open-days = open { $days ->
    [one] one day
   *[other] { $days } days
}
surveys-units = Units
surveys-next = Next round opens { $date }.
surveys-stopped = Stopped: no more rounds open.
surveys-stop = Stop the schedule
surveys-back = All surveys
rounds-caption = Rounds
rounds-name = Round
rounds-opened = Opened
rounds-closes = Closes
rounds-closed = Closed
rounds-answered = Answered
survey-new-title = New survey
survey-new-intro = Choose who is asked, which questions, and how often. A short pulse of about eight questions takes under a minute.
survey-name = Name
survey-units = Units asked
survey-units-help = Everyone in a chosen unit and the units below it is invited.
survey-items = Questions
survey-items-help = From Trivsel's question bank. The first question of each theme is chosen for a short pulse.
survey-sensitive = sensitive: shown only above the higher threshold
survey-schedule = Schedule
survey-start = First round opens
survey-start-help = Leave empty to open the first round now.
survey-every = Repeat every (weeks)
survey-every-help = Leave empty for a single round.
survey-open-days = Each round is open for (days)
survey-per-round = Questions per round
survey-per-round-help = Leave empty to ask all of them each round; a smaller number rotates through them.
survey-create = Create survey
round-progress = { $answered } of { $invited } invited have answered.
round-items = { $n ->
    [one] one question
   *[other] { $n } questions
}
round-closes = closes { $date }
round-close-title = Close the round now
round-close-intro = No more answers are taken after this. Answers already received are stored under units of at least the minimum group size.
round-close = Close round
overview-my-rounds = Your open surveys

## Code cards
cards-title = Code cards
cards-intro = For people without e-mail: print one card per person and hand them out at random. Each code can be used once. The codes are shown only on the sheet you print now.
cards-unit = Unit
cards-count = Number of cards
cards-print = Make the sheet
cards-sheet-intro = { $n } cards for { $unit }, in random order. Cut them apart and hand them out without noting who got which.
cards-sheet-once = These codes are stored only in a form that cannot be read back: this sheet cannot be printed again.
cards-qr-label = QR code with the link to the survey
cards-how = Scan the QR code, or go to the address below and type the code:
cards-anonymous = Anonymous: nobody can see which card was yours.
error-cards-count = Choose between 1 and 500 cards.
error-cards-round = The round is closed or the unit does not exist.
error-survey-name = Give the survey a name (at most 200 characters).
error-survey-items = Choose at least one question.
error-survey-units = Choose at least one unit.
error-survey-rotation = Questions per round must be between 1 and the number of questions chosen.
error-survey-every = Repeat every 1 to 52 weeks, or leave it empty.
error-survey-open-days = A round is open for 1 to 60 days.
error-survey-start = The first opening date is not a date.

## E-mail (plain text)
mail-invite-subject = { $round }: a short, anonymous survey
mail-invite-body =
    Hello,

    You are invited to answer "{ $round }" — a few questions about your working environment. It takes about a minute.

    Answer here (the link is yours and works once):
    { $link }

    The survey closes on { $closes }.

    Your answers are anonymous: nobody can find out what you answered, not your leader and not the administrators. Results are shown only for groups large enough that no one can be singled out.

    — Trivsel
mail-remind-subject = Reminder: { $round }
mail-remind-body =
    Hello,

    "{ $round }" is still open, and your answer is still missing. It takes about a minute and is anonymous.

    Answer here (the same link as before):
    { $link }

    The survey closes on { $closes }. If you have answered in the meantime, please ignore this e-mail.

    — Trivsel

## Question bank (administrators)
questions-title = Question bank
questions-intro = The themes and questions surveys can ask: Trivsel's own, in Danish, Swedish and English, and any your organisation adds. A question of your own uses one of the same answer scales, so it is scored like the others.
questions-reverse-short = reverse-scored
questions-own = your own
questions-add-title = Add a question
questions-theme = Theme
questions-scale = Answer scale
questions-reverse = Reverse-scored
questions-reverse-help = Tick this when agreeing (or "often") is the bad end, e.g. "I am often too tired to concentrate".
questions-text = The question, in each language
questions-add = Add question
questions-theme-add-title = Add a theme
questions-theme-name = The theme's name, in each language
questions-theme-sensitive = Sensitive (exposure to offensive behaviour): results only above the higher threshold
questions-theme-add = Add theme
lang-da = Danish
lang-sv = Swedish
lang-en = English
error-question-text = Write the question in all three languages (at most 200 characters each).
error-question-theme-name = Write the theme's name in all three languages (at most 200 characters each).
error-question-scale = Choose one of the answer scales.
error-question-theme = Choose one of the themes.

## Results
nav-results = Results
results-title = Results
results-intro = Choose a unit. Figures are shown only for groups of enough respondents, and never in a way that lets anyone work out a smaller group's answers.
results-none = There are no results to show for this unit yet.
results-round = Round
results-show = Show
results-response = { $answered } of { $invited } invited have answered.
results-closed = The round is closed.
results-open = The round is still open: figures change only when at least { $k } more have answered.
results-filed-with = Fewer than { $k } people were invited here, so their answers count with { $unit } — see the results there. When too few answered there as well, they count one level further up.
results-nothing-yet = No results yet: they appear once at least the minimum number of colleagues have answered.
results-would-reveal = Some figures are hidden although enough answered: shown beside the others, they would let someone work out a smaller group's answers by subtraction.
results-caption = Scores 0–100 in { $round } (higher is better)
results-dimension = Theme
results-score = Score
results-shares = Favourable / neutral / unfavourable
results-shares-value = { $f } % / { $n } % / { $u } %
results-change = Change
results-hidden-few = fewer than { $k } answered
results-hidden-short = hidden
results-all-units = All units
results-too-few = Fewer than { $k } answered here, so no figures are shown for this unit.
results-too-few-parent = Fewer than { $k } answered here, so no figures are shown for this unit — the column { $unit } shows the results for the unit above instead.
results-trend = Trend
results-trend-note = Each theme's score over recent rounds. A gap means the figure of that round is hidden; the figures are also listed under each chart.
results-responses = Response rate
results-invited = Invited
results-answered = Answered
results-rate = Rate
results-responses-rounds = { $n ->
    [one] Invited and answered in this round
   *[other] Invited and answered in the last { $n } rounds
}
results-comments = Comments
results-comments-note = Comments are shown in a fixed mixed order, without dates or names. They are shown only when enough people wrote one.
results-comments-none = Nobody wrote a comment in this round — or their comments count with a larger unit.
results-comments-few = Fewer than { $k } people wrote a comment, so the comments are not shown.
results-comments-few-parent = Fewer than { $k } people here wrote a comment, so the comments are not shown here. They can be read together with others' at { $unit } when enough wrote one there.
results-comments-reveal = Enough people wrote a comment, but showing them beside the comments of other units would single out a smaller group, so they are hidden.
chart-trend-from-to = { $theme }: from { $from } in { $first } to { $to } in { $last }.
chart-trend-one = { $theme }: { $score } in { $round }.
chart-trend-none = { $theme }: no figure can be shown yet.
chart-trend-hidden = { $n ->
    [one] One round is hidden.
   *[other] { $n } rounds are hidden.
}
chart-show-figures = Figures for { $theme }
chart-not-asked = not asked
heatmap-title = Heatmap
heatmap-intro = Every unit in your scope and every theme of the round. Scores are shown for at least { $k } respondents ({ $ks } for the sensitive theme, marked *), and never where subtraction would reveal a smaller group.
heatmap-unit = Unit
heatmap-sort = Sort by { $theme }, lowest first
heatmap-legend = Green: 70 or more; yellow: 50–69; red: below 50. A dash: hidden — fewer than { $k } answered ({ $ks } for *), or showing it would reveal a smaller group.
heatmap-change-legend = The small number in a cell is the change since { $round }, where both figures are shown.
heatmap-comparison = for comparison
export-unit = Unit
export-parents = Part of
export-favourable = Favourable (%)
export-neutral = Neutral (%)
export-unfavourable = Unfavourable (%)
export-respondents = Respondents
export-note = Note
export-hidden-reveal = hidden: would reveal a smaller group
export-bad-format = Choose CSV or XLSX.
export-title = Download
export-csv = CSV file
export-xlsx = Excel file (XLSX)
export-print = To print for the committee meeting, use your browser's print function: the page prints without menus.
