//! The web front. [`router`] puts the Leptos pages and server functions, the
//! plain routes below and the embedded site behind one middleware stack.
//!
//! Plumbing every route shares: [`admission`] (how many pages are worked on
//! at once, and how many wait), [`middleware`] (security headers, cross-site
//! writes, language, friendly errors), [`request_log`] (the access log and
//! its privacy rules), [`sent_once`] (a form sent twice does its work once),
//! [`cookies`], [`session`] (the one place a staff session is read) and
//! [`page`] (the few pages the plain routes answer with themselves).
//!
//! The plain routes — form posts and files that are not server functions —
//! by who uses them:
//! - [`answering`]: employees answering a round;
//! - [`reporting`]: reporters filing a report and following their case;
//! - [`staff`]: uploads, code cards, exports and the discussion's PDF;
//! - [`api_v1`]: the token-authenticated API for HR and BI systems;
//! - [`sign_in`]: signing in through the organisation's identity provider.

pub mod admission;
pub mod answering;
pub mod api_v1;
pub mod assets;
pub mod cookies;
pub mod middleware;
pub mod page;
pub mod reporting;
pub mod request_log;
pub mod router;
pub mod sent_once;
pub mod session;
pub mod sign_in;
pub mod staff;
