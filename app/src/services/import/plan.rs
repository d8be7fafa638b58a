//! Working out what an import changes: cross-row validation (duplicates,
//! unknown units, cycles) and the difference between the files and the
//! database. Pure: it reads a snapshot and returns a plan; `apply` writes it.

use super::parse::{PersonRow, UnitRow};
use crate::model::{ImportChanges, ImportFile, ImportIssue};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// The database as the import sees it.
#[derive(Clone, Debug, Default)]
pub struct Snapshot {
    /// code → unit
    pub units: HashMap<String, DbUnit>,
    /// employee_no → person
    pub people: HashMap<String, DbPerson>,
    /// (employee_no, unit code) of every leader role held through a person.
    pub leaders: BTreeSet<(String, String)>,
    pub default_lang: String,
}

#[derive(Clone, Debug)]
pub struct DbUnit {
    pub id: String,
    pub name: String,
    pub parent_code: Option<String>,
    pub closed: bool,
}

#[derive(Clone, Debug)]
pub struct DbPerson {
    pub id: String,
    pub name: String,
    pub email: Option<String>,
    pub lang: String,
    pub unit_code: String,
    pub left: bool,
    pub has_account: bool,
}

/// What to write. Units are in an order where every parent comes first.
#[derive(Clone, Debug, Default)]
pub struct Plan {
    pub new_units: Vec<UnitRow>,
    /// (code, new name, new parent code, reopen)
    pub changed_units: Vec<(String, String, Option<String>, bool)>,
    pub closed_units: Vec<String>,
    pub new_people: Vec<PersonRow>,
    /// employee_no, row (the wanted state), whether the unit changed
    pub changed_people: Vec<(PersonRow, bool)>,
    pub leavers: Vec<String>,
    pub leaders_added: Vec<(String, String)>,
    pub leaders_removed: Vec<(String, String)>,
    pub changes: ImportChanges,
    pub issues: Vec<ImportIssue>,
    /// True when an issue cannot be fixed by skipping rows.
    pub blocking: bool,
}

impl Plan {
    /// Whether this plan may be written: nothing blocking, and every people row
    /// with an issue explicitly skipped.
    pub fn can_apply(&self, skip: &BTreeSet<u64>) -> bool {
        !self.blocking && self.bad_people_lines().is_subset(skip)
    }

    /// Lines of the people file with issues (the rows that may be skipped).
    pub fn bad_people_lines(&self) -> BTreeSet<u64> {
        self.issues
            .iter()
            .filter(|i| i.file == ImportFile::People && i.line > 1)
            .map(|i| i.line)
            .collect()
    }
}

/// Plans an import. `units` is `None` when only a people file was given (the
/// tree stays as it is). Rows on `skip` lines of the people file are left out
/// entirely: the person is neither changed nor treated as a leaver; `kept`
/// names the employees of skipped rows that did not even parse.
pub fn plan(
    snapshot: &Snapshot,
    units: Option<&[UnitRow]>,
    people: &[PersonRow],
    skip: &BTreeSet<u64>,
    kept: &HashSet<String>,
) -> Plan {
    let mut p = Plan::default();

    // ---- the unit tree ------------------------------------------------------
    // code → (name, parent code, closed) of the tree the people are placed in.
    let mut tree: BTreeMap<String, (String, Option<String>, bool)> = BTreeMap::new();
    match units {
        Some(rows) => {
            plan_units(snapshot, rows, &mut p);
            for r in rows {
                tree.entry(r.code.clone()).or_insert((
                    r.name.clone(),
                    r.parent_code.clone(),
                    false,
                ));
            }
        }
        None => {
            for (code, u) in &snapshot.units {
                tree.insert(
                    code.clone(),
                    (u.name.clone(), u.parent_code.clone(), u.closed),
                );
            }
        }
    }

    // ---- people ---------------------------------------------------------------
    let mut seen: HashMap<&str, u64> = HashMap::new();
    let mut wanted_leaders: BTreeSet<(String, String)> = BTreeSet::new();
    let mut valid: Vec<&PersonRow> = Vec::new();
    for row in people {
        if let Some(first) = seen.get(row.employee_no.as_str()) {
            p.issues.push(ImportIssue::new(
                ImportFile::People,
                row.line,
                "import-error-duplicate-employee",
                format!("{} ({first})", row.employee_no),
            ));
            continue;
        }
        seen.insert(&row.employee_no, row.line);
        match tree.get(&row.unit_code) {
            None => {
                p.issues.push(ImportIssue::new(
                    ImportFile::People,
                    row.line,
                    "import-error-unknown-unit",
                    &row.unit_code,
                ));
                continue;
            }
            Some((_, _, true)) => {
                p.issues.push(ImportIssue::new(
                    ImportFile::People,
                    row.line,
                    "import-error-closed-unit",
                    &row.unit_code,
                ));
                continue;
            }
            Some(_) => {}
        }
        if let Some(bad) = row.leader_of.iter().find(|c| !tree.contains_key(*c)) {
            p.issues.push(ImportIssue::new(
                ImportFile::People,
                row.line,
                "import-error-unknown-unit",
                bad,
            ));
            continue;
        }
        let has_account = snapshot
            .people
            .get(&row.employee_no)
            .is_some_and(|d| d.has_account);
        if !row.leader_of.is_empty() && row.email.is_none() && !has_account {
            p.issues.push(ImportIssue::new(
                ImportFile::People,
                row.line,
                "import-error-leader-email",
                &row.employee_no,
            ));
            continue;
        }
        valid.push(row);
    }

    // Skipped lines: their employee numbers are protected from "leaver".
    let skipped_employees: HashSet<&str> = people
        .iter()
        .filter(|r| skip.contains(&r.line))
        .map(|r| r.employee_no.as_str())
        .chain(kept.iter().map(String::as_str))
        .collect();
    let mut in_file: HashSet<&str> = HashSet::new();
    for row in valid.iter().filter(|r| !skip.contains(&r.line)) {
        in_file.insert(&row.employee_no);
        for code in &row.leader_of {
            wanted_leaders.insert((row.employee_no.clone(), code.clone()));
        }
        let label = || format!("{} ({})", row.name, row.employee_no);
        match snapshot.people.get(&row.employee_no) {
            None => {
                p.changes.people_new.push(label);
                p.new_people.push((*row).clone());
            }
            Some(db) => {
                let lang = row.lang.clone().unwrap_or_else(|| db.lang.clone());
                let moved = db.unit_code != row.unit_code;
                let updated = db.name != row.name || db.email != row.email || db.lang != lang;
                if db.left {
                    p.changes.people_returning.push(label);
                } else if moved {
                    p.changes
                        .people_moved
                        .push(|| format!("{}: {} → {}", label(), db.unit_code, row.unit_code));
                }
                if updated && !db.left {
                    p.changes.people_updated.push(label);
                }
                if moved || updated || db.left {
                    p.changed_people.push(((*row).clone(), moved || db.left));
                }
            }
        }
    }
    for (no, db) in &snapshot.people {
        if !db.left && !in_file.contains(no.as_str()) && !skipped_employees.contains(no.as_str()) {
            p.changes.people_left.push(|| format!("{} ({no})", db.name));
            p.leavers.push(no.clone());
        }
    }
    p.leavers.sort();

    // ---- leaders ---------------------------------------------------------------
    // Leader roles of skipped people stay as they are.
    let current: BTreeSet<(String, String)> = snapshot
        .leaders
        .iter()
        .filter(|(no, _)| !skipped_employees.contains(no.as_str()))
        .cloned()
        .collect();
    for l in wanted_leaders.difference(&current) {
        p.changes
            .leaders_added
            .push(|| format!("{} → {}", l.0, l.1));
        p.leaders_added.push(l.clone());
    }
    for l in current.difference(&wanted_leaders) {
        p.changes
            .leaders_removed
            .push(|| format!("{} → {}", l.0, l.1));
        p.leaders_removed.push(l.clone());
    }

    p.issues
        .sort_by_key(|i| (i.file == ImportFile::People, i.line));
    p
}

/// Validates the units file and works out the changes to the tree.
fn plan_units(snapshot: &Snapshot, rows: &[UnitRow], p: &mut Plan) {
    let f = ImportFile::Units;
    let mut by_code: HashMap<&str, &UnitRow> = HashMap::new();
    for r in rows {
        if let Some(first) = by_code.get(r.code.as_str()) {
            p.issues.push(ImportIssue::new(
                f,
                r.line,
                "import-error-duplicate-unit",
                format!("{} ({})", r.code, first.line),
            ));
            p.blocking = true;
        } else {
            by_code.insert(&r.code, r);
        }
    }
    let mut roots = 0;
    for r in rows {
        match &r.parent_code {
            None => roots += 1,
            Some(parent) if !by_code.contains_key(parent.as_str()) => {
                p.issues.push(ImportIssue::new(
                    f,
                    r.line,
                    "import-error-unknown-parent",
                    parent,
                ));
                p.blocking = true;
            }
            Some(_) => {}
        }
    }
    if roots != 1 {
        p.issues.push(ImportIssue::new(
            f,
            0,
            "import-error-roots",
            roots.to_string(),
        ));
        p.blocking = true;
    }
    // Cycles: follow parents from every unit; a walk longer than the number of
    // units, or one that returns to a unit on the current path, is a cycle.
    let mut reported: HashSet<&str> = HashSet::new();
    for r in rows {
        let mut path: Vec<&str> = vec![&r.code];
        let mut cur = r.parent_code.as_deref();
        while let Some(c) = cur {
            if let Some(pos) = path.iter().position(|x| *x == c) {
                let cycle: Vec<&str> = path[pos..].to_vec();
                if cycle.iter().all(|c| reported.insert(c)) {
                    let mut lines: Vec<u64> = cycle
                        .iter()
                        .filter_map(|c| by_code.get(c))
                        .map(|r| r.line)
                        .collect();
                    lines.sort();
                    p.issues.push(ImportIssue::new(
                        f,
                        lines.first().copied().unwrap_or(0),
                        "import-error-cycle",
                        cycle.join(" → "),
                    ));
                    p.blocking = true;
                }
                break;
            }
            path.push(c);
            cur = by_code.get(c).and_then(|u| u.parent_code.as_deref());
            if path.len() > rows.len() + 1 {
                break;
            }
        }
    }
    if p.blocking {
        return;
    }

    // Parents before children: depth-first from the root.
    let mut children: HashMap<Option<&str>, Vec<&UnitRow>> = HashMap::new();
    for r in by_code.values() {
        children
            .entry(r.parent_code.as_deref())
            .or_default()
            .push(r);
    }
    let mut ordered: Vec<&UnitRow> = Vec::with_capacity(by_code.len());
    let mut stack: Vec<&UnitRow> = children.get(&None).cloned().unwrap_or_default();
    while let Some(u) = stack.pop() {
        ordered.push(u);
        if let Some(kids) = children.get(&Some(u.code.as_str())) {
            stack.extend(kids.iter().copied());
        }
    }
    for r in ordered {
        match snapshot.units.get(&r.code) {
            None => {
                p.changes
                    .units_new
                    .push(|| format!("{} ({})", r.name, r.code));
                p.new_units.push(r.clone());
            }
            Some(db) => {
                let renamed = db.name != r.name;
                let moved = db.parent_code != r.parent_code;
                if renamed {
                    p.changes
                        .units_renamed
                        .push(|| format!("{} → {}", db.name, r.name));
                }
                if moved {
                    p.changes.units_moved.push(|| {
                        format!(
                            "{}: {} → {}",
                            r.code,
                            db.parent_code.as_deref().unwrap_or("—"),
                            r.parent_code.as_deref().unwrap_or("—")
                        )
                    });
                }
                if db.closed {
                    p.changes
                        .units_reopened
                        .push(|| format!("{} ({})", r.name, r.code));
                }
                if renamed || moved || db.closed {
                    p.changed_units.push((
                        r.code.clone(),
                        r.name.clone(),
                        r.parent_code.clone(),
                        db.closed,
                    ));
                }
            }
        }
    }
    let mut closing: Vec<(&String, &DbUnit)> = snapshot
        .units
        .iter()
        .filter(|(code, u)| !u.closed && !by_code.contains_key(code.as_str()))
        .collect();
    closing.sort_by(|a, b| a.0.cmp(b.0));
    for (code, u) in closing {
        p.changes
            .units_closed
            .push(|| format!("{} ({code})", u.name));
        p.closed_units.push(code.clone());
    }
}
