//! The JSON form of an import (REST API). It is turned into the same CSV the
//! upload takes, so both routes share one parser and one set of checks.

use serde::Deserialize;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ImportRequest {
    /// The complete unit tree; leave out to keep the tree as it is.
    pub units: Option<Vec<UnitIn>>,
    /// The complete list of employees.
    pub people: Vec<PersonIn>,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UnitIn {
    pub code: String,
    pub name: String,
    pub parent_code: Option<String>,
    /// organisation, enterprise, department or team
    pub kind: Option<String>,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PersonIn {
    pub employee_no: String,
    pub name: String,
    pub email: Option<String>,
    pub unit_code: String,
    /// da, sv or en
    pub language: Option<String>,
    /// Codes of the units this person leads.
    #[serde(default)]
    pub leader_of: Vec<String>,
}

/// (units CSV, people CSV)
pub fn to_csv(req: &ImportRequest) -> Result<(Option<Vec<u8>>, Vec<u8>), csv::Error> {
    let units = match &req.units {
        None => None,
        Some(units) => {
            let mut w = csv::Writer::from_writer(Vec::new());
            w.write_record(["code", "name", "parent_code", "kind"])?;
            for u in units {
                w.write_record([
                    u.code.as_str(),
                    u.name.as_str(),
                    u.parent_code.as_deref().unwrap_or(""),
                    u.kind.as_deref().unwrap_or(""),
                ])?;
            }
            Some(w.into_inner().map_err(|e| e.into_error())?)
        }
    };
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "employee_no",
        "name",
        "email",
        "unit_code",
        "language",
        "leader_of",
    ])?;
    for p in &req.people {
        w.write_record([
            p.employee_no.as_str(),
            p.name.as_str(),
            p.email.as_deref().unwrap_or(""),
            p.unit_code.as_str(),
            p.language.as_deref().unwrap_or(""),
            &p.leader_of.join(";"),
        ])?;
    }
    let people = w.into_inner().map_err(|e| e.into_error())?;
    Ok((units, people))
}
