//! Who may see which units. Administrators see the whole tree; leaders and
//! committee members see the subtrees they are appointed to; nobody else sees
//! any unit. Every unit-scoped server function asks here — hiding a link is
//! never the protection.

use super::db::Db;
use crate::model::{Role, SessionUser};
use std::collections::HashMap;

/// The unit tree as child → parent links.
pub struct Tree {
    parent: HashMap<String, Option<String>>,
}

impl Tree {
    /// A tree from child → parent links already read.
    pub fn from_parents(parent: impl IntoIterator<Item = (String, Option<String>)>) -> Tree {
        Tree {
            parent: parent.into_iter().collect(),
        }
    }

    pub async fn load(db: &Db) -> Result<Tree, sqlx::Error> {
        let rows: Vec<(String, Option<String>)> = sqlx::query_as("SELECT id, parent_id FROM units")
            .fetch_all(&db.pool)
            .await?;
        Ok(Tree {
            parent: rows.into_iter().collect(),
        })
    }

    pub fn exists(&self, unit: &str) -> bool {
        self.parent.contains_key(unit)
    }

    /// The units above `unit`, nearest first.
    pub fn ancestors(&self, unit: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut cur = self.parent.get(unit).cloned().flatten();
        while let Some(u) = cur {
            if out.len() > self.parent.len() {
                break; // a cycle would be a bug elsewhere; never loop
            }
            cur = self.parent.get(&u).cloned().flatten();
            out.push(u);
        }
        out
    }

    /// True when `unit` is `root` or lies below it.
    pub fn is_within(&self, unit: &str, root: &str) -> bool {
        let mut cur = Some(unit.to_owned());
        let mut steps = 0;
        while let Some(u) = cur {
            if u == root {
                return true;
            }
            steps += 1;
            if steps > self.parent.len() {
                return false; // a cycle would be a bug elsewhere; never loop
            }
            cur = self.parent.get(&u).cloned().flatten();
        }
        false
    }
}

/// The units a person may see: `None` means all of them.
pub fn roots(user: &SessionUser) -> Option<Vec<String>> {
    if user.has(Role::Admin) {
        return None;
    }
    Some(
        user.roles
            .iter()
            .filter(|g| matches!(g.role, Role::Leader | Role::Committee))
            .filter_map(|g| g.unit_id.clone())
            .collect(),
    )
}

/// Units as rows of a tree, depth-first from `roots` (None: the top), each
/// with its depth below the row it started from: (id, name, depth). `units`
/// are (id, parent, name), in the order siblings should appear.
pub fn depth_first(
    units: &[(String, Option<String>, String)],
    roots: Option<&[String]>,
) -> Vec<(String, String, u32)> {
    let mut children: std::collections::BTreeMap<Option<&str>, Vec<(&str, &str)>> =
        Default::default();
    for (u, p, n) in units {
        children.entry(p.as_deref()).or_default().push((u, n));
    }
    let starts: Vec<(&str, &str)> = match roots {
        None => children.get(&None).cloned().unwrap_or_default(),
        Some(r) => units
            .iter()
            .filter(|(u, _, _)| r.contains(u))
            .map(|(u, _, n)| (u.as_str(), n.as_str()))
            .collect(),
    };
    let mut order = Vec::new();
    let mut stack: Vec<(&str, &str, u32)> =
        starts.into_iter().rev().map(|(u, n)| (u, n, 0)).collect();
    while let Some((u, n, depth)) = stack.pop() {
        if order.len() > units.len() {
            break; // a cycle would be a bug elsewhere; never loop
        }
        if let Some(kids) = children.get(&Some(u)) {
            for (c, cn) in kids.iter().rev() {
                stack.push((c, cn, depth + 1));
            }
        }
        order.push((u.to_owned(), n.to_owned(), depth));
    }
    order
}

/// Whether `user` may see `unit`.
pub fn can_see(user: &SessionUser, tree: &Tree, unit: &str) -> bool {
    match roots(user) {
        None => tree.exists(unit),
        Some(roots) => roots.iter().any(|r| tree.is_within(unit, r)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_unit_is_within_its_ancestors_only() {
        let tree = Tree {
            parent: [
                ("root".to_owned(), None),
                ("a".to_owned(), Some("root".to_owned())),
                ("a1".to_owned(), Some("a".to_owned())),
                ("b".to_owned(), Some("root".to_owned())),
            ]
            .into_iter()
            .collect(),
        };
        assert!(tree.is_within("a1", "a"));
        assert!(tree.is_within("a1", "root"));
        assert!(tree.is_within("a", "a"));
        assert!(!tree.is_within("a", "a1"));
        assert!(!tree.is_within("b", "a"));
        assert!(!tree.is_within("unknown", "a"));
    }
}
