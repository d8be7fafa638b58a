pub mod anonymity;
pub mod api;
pub mod org;
pub mod roles;
