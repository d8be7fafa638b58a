//! Results: the only path by which figures computed from answers leave the
//! server. [`suppress`] decides which units' figures may be published (A4, A5).

pub mod suppress;
