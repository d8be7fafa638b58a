//! Results: the only path by which figures computed from answers leave the
//! server. [`suppress`] decides which units' figures may be published (A4, A5);
//! [`tally`] keeps the aggregates they are computed from.

pub mod comments;
pub mod counts;
pub mod dashboard;
pub mod figures;
pub mod heatmap;
pub mod suppress;
pub mod tally;
