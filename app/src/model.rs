//! Plain data shared by the server and the browser (sent across server
//! functions). No behaviour beyond parsing and small derived facts.

use serde::{Deserialize, Serialize};

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
