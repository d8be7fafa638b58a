pub mod api;
pub mod org;
pub mod roles;
