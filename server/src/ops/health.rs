//! Liveness and readiness, for service managers, container platforms and
//! load balancers:
//! - `/livez`: the process serves requests (restart it if not);
//! - `/readyz`: it can take work now — the database answers and the answer
//!   writer runs (send it no traffic if not);
//! - `/healthz`: the same as `/readyz`, kept for existing checks.
//!
//! `server healthcheck` asks `/readyz` from the command line, for container
//! images without curl.

use anyhow::{bail, Context};
use app::services::state::AppState;
use axum::{
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Response},
};
use std::{
    net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr},
    time::Duration,
};

pub async fn live() -> Response {
    (StatusCode::OK, "live").into_response()
}

pub async fn ready(State(state): State<AppState>) -> Response {
    if !state.writer.running() {
        tracing::error!("readiness: the answer writer has stopped");
        return (StatusCode::SERVICE_UNAVAILABLE, "answer writer stopped").into_response();
    }
    match sqlx::query_scalar::<_, i64>("SELECT 1")
        .fetch_one(&state.db.pool)
        .await
    {
        Ok(_) => (StatusCode::OK, "ok").into_response(),
        Err(e) => {
            tracing::error!(error = %e, "readiness: database unreachable");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
        }
    }
}

/// `server healthcheck`: GET /readyz on this machine.
pub async fn check(addr: SocketAddr) -> anyhow::Result<()> {
    let ip = match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    let url = format!("http://{}/readyz", SocketAddr::new(ip, addr.port()));
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(5))
        .build()
        .context("making an HTTP client")?;
    let res = client
        .get(&url)
        .send()
        .await
        .with_context(|| format!("asking {url}"))?;
    if !res.status().is_success() {
        bail!("{url} answered {}", res.status());
    }
    println!("ready");
    Ok(())
}
