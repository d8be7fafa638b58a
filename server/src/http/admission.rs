//! How many requests the page stack works on at once, and how many may wait.
//!
//! A page in the making holds its reactive owner, its resources and its
//! half-written HTML: some 170 KB on the answering page. With nothing to
//! bound them, a load the machine cannot keep up with — a round opening for
//! a whole organisation on a slower server, or anybody sending requests as
//! fast as they can — piled up thousands of renders waiting for the
//! database: in one such run 600 MB of memory, pages answered after 30 s and
//! most not at all.
//!
//! So at most [`AT_ONCE`] requests are worked on; the rest wait their turn in
//! order. A request that would be the [`MOST_WAITING`]th in line, or that has
//! waited [`LONGEST_WAIT`], is answered at once with 503 and a page in the
//! person's language saying to try again (nothing was done). Memory then
//! stays bounded whatever arrives, and the requests that are taken finish
//! as fast as the machine allows instead of all of them slowly.
//!
//! The answer post has its own, lighter way in (`router`): it renders
//! nothing and waits only for the one writer, whose queue is bounded.

use crate::http::middleware::error_response;
use app::error::AppError;
use axum::{
    extract::{Request, State},
    http::{header, HeaderValue},
    middleware::Next,
    response::Response,
};
use std::{
    sync::{
        atomic::{AtomicUsize, Ordering},
        Arc,
    },
    time::Duration,
};
use tokio::sync::Semaphore;

/// Requests worked on at once: enough to keep two cores and the database's
/// connections busy while some renders wait for a query (the answering page
/// reaches its best rate from about 32 connections).
pub const AT_ONCE: usize = 64;
/// Requests that may wait for a turn; one more is turned away.
pub const MOST_WAITING: usize = 2048;
/// How long a request waits for its turn before it is turned away: longer
/// than that and the person has given up or pressed reload.
pub const LONGEST_WAIT: Duration = Duration::from_secs(10);

/// The turns, shared by every connection's copy of the router.
#[derive(Clone)]
pub struct Admission {
    turns: Arc<Semaphore>,
    waiting: Arc<AtomicUsize>,
    most_waiting: usize,
    longest_wait: Duration,
}

impl Admission {
    pub fn new(at_once: usize, most_waiting: usize, longest_wait: Duration) -> Admission {
        Admission {
            turns: Arc::new(Semaphore::new(at_once)),
            waiting: Arc::default(),
            most_waiting,
            longest_wait,
        }
    }

    /// The limits above.
    pub fn standard() -> Admission {
        Admission::new(AT_ONCE, MOST_WAITING, LONGEST_WAIT)
    }
}

pub async fn admit(State(a): State<Admission>, req: Request, next: Next) -> Response {
    let turn = match a.turns.clone().try_acquire_owned() {
        Ok(turn) => turn,
        Err(_) => {
            if a.waiting.fetch_add(1, Ordering::Relaxed) >= a.most_waiting {
                a.waiting.fetch_sub(1, Ordering::Relaxed);
                return busy(&req);
            }
            let waited =
                tokio::time::timeout(a.longest_wait, a.turns.clone().acquire_owned()).await;
            a.waiting.fetch_sub(1, Ordering::Relaxed);
            match waited {
                Ok(Ok(turn)) => turn,
                _ => return busy(&req),
            }
        }
    };
    // Pages render whole before they are answered (SsrMode::Async), so
    // the turn is over when the response is.
    let res = next.run(req).await;
    drop(turn);
    res
}

/// 503, a page (or JSON for a server function) in the person's language,
/// and when to try again.
fn busy(req: &Request) -> Response {
    let mut res = error_response(req.headers(), req.uri().path(), AppError::Busy);
    res.headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
    res
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::{body::Body, routing::get, Router};
    use tower::ServiceExt;

    /// One request at a time, one waiting: of three at once, the first is
    /// worked on, the second waits its turn, the third is turned away at
    /// once; a request that waits too long is turned away too.
    #[tokio::test]
    async fn requests_beyond_the_line_are_turned_away_not_kept() {
        let gate = Arc::new(tokio::sync::Notify::new());
        let open = gate.clone();
        let app = Router::new()
            .route(
                "/slow",
                get(move || {
                    let gate = gate.clone();
                    async move {
                        gate.notified().await;
                        "done"
                    }
                }),
            )
            .route("/fast", get(|| async { "done" }))
            .layer(axum::middleware::from_fn_with_state(
                Admission::new(1, 1, Duration::from_millis(300)),
                admit,
            ));
        let get = |path: &'static str| {
            let app = app.clone();
            tokio::spawn(async move {
                let req = Request::get(path)
                    .header("accept-language", "da")
                    .body(Body::empty())
                    .expect("request");
                app.oneshot(req).await.expect("response")
            })
        };
        let first = get("/slow");
        tokio::time::sleep(Duration::from_millis(50)).await;
        let second = get("/fast");
        tokio::time::sleep(Duration::from_millis(50)).await;
        let third = get("/fast").await.expect("third");
        assert_eq!(third.status(), 503);
        // Turned away at once, not after waiting: the second is still in line.
        assert!(!second.is_finished());
        assert_eq!(third.headers()[header::RETRY_AFTER], "5");
        let body = axum::body::to_bytes(third.into_body(), 1 << 16)
            .await
            .expect("body");
        assert!(String::from_utf8_lossy(&body).contains("travlt"));
        // The second waited longer than its limit while the first held on.
        assert_eq!(second.await.expect("second").status(), 503);
        // Once the first is done, the line moves again.
        open.notify_one();
        assert_eq!(first.await.expect("first").status(), 200);
        assert_eq!(get("/fast").await.expect("after").status(), 200);
    }
}
