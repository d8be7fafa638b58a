//! Signing in and out.

use crate::{error::AppError, model::SessionUser};
use leptos::prelude::*;

/// Signs a staff member in. On success the browser is sent to the overview.
#[server(endpoint = "login")]
pub async fn login(email: String, password: String) -> Result<(), AppError> {
    use super::ctx;
    use crate::services::{accounts, password as pw, sessions};

    async {
        let state = ctx::state()?;
        if !state.settings.passwords {
            return Err(AppError::bad_request("error-passwords-off"));
        }
        if email.len() > 254 || password.len() > 1024 {
            return Err(AppError::bad_request("error-malformed-form"));
        }
        let Some(email) = accounts::normalise_email(&email) else {
            return Err(AppError::InvalidCredentials);
        };
        if state.login_limiter.check_key(&email).is_err() {
            return Err(AppError::TooManyRequests);
        }
        let found = accounts::credentials(&state.db, &email)
            .await
            .map_err(ctx::db_error)?;
        let (account, hash) = match found {
            Some((id, hash)) => (Some(id), Some(hash)),
            None => (None, None),
        };
        // Verify even for unknown accounts (against a dummy hash) so the
        // time taken does not tell whether an account exists.
        let ok = pw::verify(password, hash)
            .await
            .map_err(|_| AppError::TooManyRequests)?;
        let Some(account) = account.filter(|_| ok) else {
            return Err(AppError::InvalidCredentials);
        };
        // A second step for those who have an app, and for those who must
        // (who set one up now).
        let has_app = crate::services::two_step::is_on(&state.db, &account)
            .await
            .map_err(ctx::db_error)?;
        let must = match accounts::session_user(&state.db, &account)
            .await
            .map_err(ctx::db_error)?
        {
            Some(user) => super::two_step::required_for(&state, &user),
            None => false,
        };
        if has_app || must {
            return super::two_step::send_to_step(&state, &account, !has_app).await;
        }
        let hours = state.settings.session_hours;
        let token = sessions::create(&state.db, &account, hours)
            .await
            .map_err(ctx::db_error)?;
        ctx::set_cookie(&sessions::cookie(
            &token,
            state.settings.secure_cookies,
            hours,
        ));
        leptos_axum::redirect("/overview");
        Ok(())
    }
    .await
}

/// Ends the session in the database and in the browser.
#[server(endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
    use super::ctx;
    use crate::services::sessions;

    async {
        let state = ctx::state()?;
        if let Some(token) = ctx::cookie(sessions::SESSION_COOKIE) {
            sessions::end(&state.db, &token)
                .await
                .map_err(ctx::db_error)?;
        }
        ctx::set_cookie(&sessions::clear_cookie(state.settings.secure_cookies));
        leptos_axum::redirect("/");
        Ok(())
    }
    .await
}

/// Whether a password link still works: the holder's name, or `None` when it
/// is unknown, used or expired (one answer for all three).
#[server(endpoint = "password/link")]
pub async fn password_link(token: String) -> Result<Option<String>, AppError> {
    use super::ctx;
    let state = ctx::state()?;
    Ok(crate::services::password_links::holder(&state.db, &token)
        .await
        .map_err(ctx::db_error)?
        .map(|(_, name, _)| name))
}

/// Sets a password through a link from an e-mail (a welcome or a reset
/// link); then the person signs in with it.
#[server(endpoint = "password/set")]
pub async fn set_password(
    token: String,
    password: String,
    password_again: String,
) -> Result<(), AppError> {
    use super::ctx;
    use crate::services::password_links::{self, Refused};

    async {
        let state = ctx::state()?;
        if !state.settings.passwords {
            return Err(AppError::bad_request("error-passwords-off"));
        }
        if token.len() > 100 || password.len() > 4096 || password_again.len() > 4096 {
            return Err(AppError::bad_request("error-malformed-form"));
        }
        match password_links::redeem(&state.db, &token, &password, &password_again)
            .await
            .map_err(ctx::db_error)?
        {
            Ok(_) => {
                leptos_axum::redirect("/login?password=set");
                Ok(())
            }
            Err(Refused::Link | Refused::Current) => {
                Err(AppError::bad_request("error-password-link"))
            }
            Err(Refused::Mismatch) => Err(AppError::bad_request("error-password-mismatch")),
            Err(Refused::Password(key)) => Err(AppError::bad_request(key)),
            Err(Refused::Busy) => Err(AppError::TooManyRequests),
        }
    }
    .await
}

/// The signed-in person changes their password (the current one required);
/// every other session of theirs ends.
#[server(endpoint = "account/password")]
pub async fn change_password(
    current: String,
    password: String,
    password_again: String,
) -> Result<(), AppError> {
    use super::ctx;
    use crate::services::{
        password_links::{self, Refused},
        sessions,
    };

    async {
        let state = ctx::state()?;
        if !state.settings.passwords {
            return Err(AppError::bad_request("error-passwords-off"));
        }
        let user = ctx::require_user().await?;
        let token = ctx::cookie(sessions::SESSION_COOKIE).ok_or(AppError::Unauthenticated)?;
        if current.len() > 1024 || password.len() > 4096 || password_again.len() > 4096 {
            return Err(AppError::bad_request("error-malformed-form"));
        }
        throttle_current_password(&state, &user)?;
        match password_links::change(
            &state.db,
            &user.id,
            &token,
            &current,
            &password,
            &password_again,
        )
        .await
        .map_err(ctx::db_error)?
        {
            Ok(()) => {
                leptos_axum::redirect("/account?changed=1");
                Ok(())
            }
            Err(Refused::Current) => Err(AppError::bad_request("error-password-current")),
            Err(Refused::Link) => Err(AppError::bad_request("error-password-link")),
            Err(Refused::Mismatch) => Err(AppError::bad_request("error-password-mismatch")),
            Err(Refused::Password(key)) => Err(AppError::bad_request(key)),
            Err(Refused::Busy) => Err(AppError::TooManyRequests),
        }
    }
    .await
}

/// A forgotten password: a reset link goes to the address if it belongs to
/// an account. The answer is the same whether or not it does.
#[server(endpoint = "password/forgot")]
pub async fn forgot_password(email: String) -> Result<(), AppError> {
    use super::ctx;
    use crate::services::{accounts, password_links};

    async {
        let state = ctx::state()?;
        if !state.settings.passwords {
            return Err(AppError::bad_request("error-passwords-off"));
        }
        if email.len() > 254 {
            return Err(AppError::bad_request("error-malformed-form"));
        }
        // Not on the sign-in limiter: asking for someone's reset link must
        // not lock them out of signing in. An account gets one link per ten
        // minutes however often it is asked for (`password_links`). The work
        // runs after the answer, so its time does not tell whether the
        // address has an account either.
        if accounts::normalise_email(&email).is_some() {
            let db = state.db.clone();
            tokio::spawn(async move {
                if let Err(e) = password_links::request_reset(&db, &email).await {
                    tracing::warn!(error = %e, "a reset link could not be requested");
                }
            });
        }
        leptos_axum::redirect("/password/forgot?sent=1");
        Ok(())
    }
    .await
}

/// The signed-in staff member, or `None`.
#[server(endpoint = "me")]
pub async fn current_user() -> Result<Option<SessionUser>, AppError> {
    super::ctx::current_user().await
}

/// How staff can sign in on this instance (for the sign-in page).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SignInWays {
    pub passwords: bool,
    pub provider: bool,
}

#[server(endpoint = "sign-in/options")]
pub async fn sign_in_options() -> Result<SignInWays, AppError> {
    let state = super::ctx::state()?;
    Ok(SignInWays {
        passwords: state.settings.passwords,
        provider: state.settings.provider.is_some(),
    })
}

/// Guessing the current password from an open session (to change it, to
/// turn two-step sign-in off) is throttled like signing in, on a key of its
/// own, so that it cannot lock the person out of signing in.
#[cfg(feature = "ssr")]
pub(super) fn throttle_current_password(
    state: &crate::services::state::AppState,
    user: &SessionUser,
) -> Result<(), AppError> {
    state
        .login_limiter
        .check_key(&format!("password-change {}", user.email))
        .map_err(|_| AppError::TooManyRequests)
}
