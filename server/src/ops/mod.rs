//! What a region's IT operators use beside the web front: the server secret
//! kept outside the database, liveness and readiness, `/metrics` on its own
//! address, and backup and restore.

pub mod backup;
pub mod health;
pub mod metrics;
pub mod secret;
