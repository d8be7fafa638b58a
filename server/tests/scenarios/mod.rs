pub mod api;
pub mod org;
