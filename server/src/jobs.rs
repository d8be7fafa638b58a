//! Background jobs. Each job must stay correct when several app instances run
//! against one PostgreSQL; the ones here are idempotent deletes, so running
//! them on every instance is harmless. Import previews hold personal data and
//! are forgotten after a day.

use crate::ops::metrics::job_run;
use app::services::{mail::Mailer, sessions, state::AppState};
use std::time::Duration;

/// The mover runs once no batch of answers has been stored for this long...
const MOVER_LULL: Duration = Duration::from_secs(1);
/// ...or this long after the first batch it has not moved, when answers never
/// stop coming (a whole organisation at 1 000 people a second). Not shorter:
/// a run costs a few statements per filing unit with a group ready, however
/// small the group, so more frequent runs under a long load would do more
/// work in all and hold the write lock more often while people answer.
const MOVER_LONGEST: Duration = Duration::from_secs(30);

pub fn spawn(state: AppState, mailer: Option<Mailer>) -> tokio::task::JoinHandle<()> {
    let warm = state.clone();
    tokio::spawn(async move {
        let started = std::time::Instant::now();
        match app::services::results::warm_up(&warm.db).await {
            Ok(()) => tracing::info!(
                ms = started.elapsed().as_millis() as u64,
                "results ready in memory"
            ),
            Err(e) => tracing::warn!(error = %e, "preparing results failed"),
        }
    });
    let movers = state.clone();
    tokio::spawn(async move {
        // The scheduler: rounds open and close by themselves, and the day's
        // letters and reports go out. Safe on several instances: a due
        // survey is claimed by a conditional update.
        let mut tick = tokio::time::interval(Duration::from_secs(30));
        loop {
            tick.tick().await;
            let scheduled = schedule(&movers).await;
            job_run("schedule", scheduled.is_ok());
            if let Err(e) = scheduled {
                tracing::warn!(error = %e, "opening or closing rounds failed");
            }
            // Yesterday's reports and reporters' messages reach the handlers
            // in one shuffled transaction (claimed by deleting the sealed
            // rows, so several instances deliver once).
            let delivered = app::services::reports::inbox::deliver(
                &movers.db,
                &movers.inbox_key,
                app::services::reports::today(),
            )
            .await;
            job_run("report-delivery", delivered.is_ok());
            match delivered {
                Ok(n) if n > 0 => tracing::info!(arrivals = n, "the day's reports delivered"),
                Ok(_) => {}
                Err(e) => {
                    tracing::warn!(error = %sqlx::Error::from(e), "delivering the day's reports failed")
                }
            }
            if let Some(mailer) = &mailer {
                let mailed = mail(&movers, mailer).await;
                job_run("invitations", mailed.is_ok());
                if let Err(e) = mailed {
                    tracing::warn!(error = %e, "sending invitations failed");
                }
                // Owners of overdue measures: claimed per measure and day, so
                // several instances never remind twice.
                let today = app::services::follow_up::today();
                let reminded =
                    app::services::follow_up::reminders::remind_overdue(&movers.db, mailer, today)
                        .await;
                job_run("overdue-reminders", reminded.is_ok());
                match reminded {
                    Ok(n) if n > 0 => {
                        tracing::info!(reminded = n, "owners of overdue measures reminded")
                    }
                    Ok(_) => {}
                    Err(e) => {
                        tracing::warn!(error = %e, "reminding owners of overdue measures failed")
                    }
                }
                // Report handlers hear of new cases once a day at a fixed
                // hour: the e-mail's time must not date a report.
                let notified = app::services::mail::notify_handlers_daily(
                    &movers.db,
                    mailer,
                    chrono::Utc::now(),
                )
                .await;
                job_run("handler-notices", notified.is_ok());
                match notified {
                    Ok(n) if n > 0 => tracing::info!(handlers = n, "handlers told of new reports"),
                    Ok(_) => {}
                    Err(e) => tracing::warn!(error = %e, "telling handlers of new reports failed"),
                }
                // Annual discussions prepared for a meeting: the material goes
                // to the members once (claimed per discussion).
                let material =
                    app::services::committees::discussions::send_material(&movers.db, mailer).await;
                job_run("discussion-material", material.is_ok());
                match material {
                    Ok(n) if n > 0 => tracing::info!(mails = n, "discussion material sent"),
                    Ok(_) => {}
                    Err(e) => tracing::warn!(error = %e, "sending discussion material failed"),
                }
            }
        }
    });
    let mover = state.clone();
    tokio::spawn(async move {
        // The mover: pending answers move to permanent storage once a group
        // reaches k. It looks soon after the writer has stored answers, so
        // that a round's opening is filed within seconds of its last answer (it had waited for the scheduler's
        // 30-s tick: 36 s from the last answer to an empty inbox in
        // `bench-answers`), and every 30 s in any case, for the rounds that
        // have closed. Safe on several instances: a batch is claimed by
        // deleting exactly its sealed rows, or not at all.
        let mut tick = tokio::time::interval(Duration::from_secs(30));
        loop {
            tokio::select! {
                _ = tick.tick() => {}
                _ = mover.writer.stored() => {}
            }
            // While batches keep coming, wait for a lull (or MOVER_LONGEST):
            // every run reads the round's whole inbox and moves each group
            // that reached k, so a run per batch would move groups split
            // small and read the rest again and again.
            let cue = std::time::Instant::now();
            while cue.elapsed() < MOVER_LONGEST {
                if tokio::time::timeout(MOVER_LULL, mover.writer.stored())
                    .await
                    .is_err()
                {
                    break;
                }
            }
            let moved = move_pending_answers(&mover).await;
            job_run("answer-mover", moved.is_ok());
            if let Err(e) = moved {
                tracing::warn!(error = %e, "moving pending answers failed");
            }
        }
    });
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(3600));
        loop {
            tick.tick().await;
            // Reports: closed cases past their retention are deleted (safe on
            // several instances).
            let purged = app::services::reports::retention::purge(
                &state.db,
                app::services::reports::today(),
            )
            .await;
            job_run("report-retention", purged.is_ok());
            match purged {
                Ok(d) if !d.is_empty() => {
                    tracing::info!(deleted = d.len(), "closed reports deleted after retention")
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "deleting reports past retention failed"),
            }
            // People who left: erased once their retention period has
            // passed. The day is claimed in `daily_jobs` and each person by
            // a conditional update, so several instances erase once. The
            // log line has counts only, never a name.
            let erased = app::services::leavers::run_daily(&state.db, chrono::Utc::now()).await;
            job_run("leaver-erasure", erased.is_ok());
            match erased {
                Ok(Some(o)) if o.erased + o.kept > 0 => tracing::info!(
                    erased = o.erased,
                    kept_in_use = o.kept,
                    "personal data of people who left erased"
                ),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "erasing people who left failed"),
            }
            let expired = sessions::purge_expired(&state.db).await;
            job_run("session-purge", expired.is_ok());
            match expired {
                Ok(n) if n > 0 => tracing::info!(removed = n, "expired sessions purged"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "purging expired sessions failed"),
            }
            let stale = app::services::import::purge_stale(&state.db).await;
            job_run("import-purge", stale.is_ok());
            match stale {
                Ok(n) if n > 0 => tracing::info!(discarded = n, "stale import previews discarded"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "discarding stale imports failed"),
            }
            state.login_limiter.retain_recent();
        }
    })
}

async fn schedule(state: &AppState) -> Result<(), sqlx::Error> {
    use app::services::surveys;
    let now = chrono::Utc::now().timestamp();
    let opened = surveys::open_due(&state.db, &state.inbox_key, now).await?;
    if !opened.is_empty() {
        tracing::info!(rounds = opened.len(), "rounds opened");
    }
    let closed = surveys::close_due(&state.db, &state.inbox_key, now).await?;
    if closed > 0 {
        tracing::info!(rounds = closed, "rounds closed");
    }
    Ok(())
}

/// Invitations for newly opened rounds, reminders halfway through.
async fn mail(state: &AppState, mailer: &Mailer) -> Result<(), sqlx::Error> {
    use app::services::mail;
    let now = chrono::Utc::now().timestamp();
    let sent = mail::send_invitations(&state.db, &state.inbox_key, mailer).await?;
    let reminded = mail::send_reminders(&state.db, &state.inbox_key, mailer, now).await?;
    if sent + reminded > 0 {
        tracing::info!(sent, reminded, "invitation e-mails sent");
    }
    if !state.settings.passwords {
        // Everyone signs in through the identity provider: a link to choose
        // a password would lead nowhere.
        app::services::password_links::discard_unsent(&state.db).await?;
        return Ok(());
    }
    let links = app::services::password_links::send_due(&state.db, mailer).await?;
    if links > 0 {
        tracing::info!(links, "password links sent");
    }
    Ok(())
}

/// Moves ready batches of open rounds, and whatever reached the inbox of a
/// closed round after it closed (a batch committed while it was closing).
async fn move_pending_answers(state: &AppState) -> Result<(), sqlx::Error> {
    let moved = app::anonymity::store::move_pending(&state.db, &state.inbox_key).await?;
    crate::ops::metrics::answers_moved(moved as u64);
    if moved > 0 {
        tracing::info!(moved, "answers moved to permanent storage");
    }
    Ok(())
}
