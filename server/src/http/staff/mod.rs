//! Plain routes for signed-in staff: HR and absence uploads, code-card
//! sheets, results and audit exports, a person's data (GDPR access) and the
//! annual discussion's PDF. Each checks the session and the role itself.

pub mod audit_export;
pub mod cards;
pub mod discussion_pdf;
pub mod people_export;
pub mod results_export;
pub mod upload;
