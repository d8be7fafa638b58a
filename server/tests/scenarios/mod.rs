pub mod anonymity;
pub mod answering;
pub mod api;
pub mod api_results;
pub mod org;
pub mod reports;
pub mod results;
pub mod roles;
