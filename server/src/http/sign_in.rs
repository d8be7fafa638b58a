//! Sign-in through the organisation's identity provider: OpenID Connect's
//! authorization code flow with PKCE, by the `openidconnect` crate.
//!
//! `GET /auth/provider` sends the browser to the provider with a fresh
//! state, nonce and PKCE challenge (kept in `provider_sign_ins`, the state
//! also bound to this browser by a cookie). `GET /auth/provider/back` takes
//! that sign-in once, exchanges the code, and accepts the ID token only when
//! its signature (the provider's published keys), issuer, audience, expiry
//! and nonce are right. Which account the person is decides
//! `services::provider_sign_in`. Every refusal looks the same to the person
//! ("did not work, try again"); the log says why, without tokens.

use app::services::{
    ids,
    provider_sign_in::{self, Found, ProviderSettings, Vouched},
    sessions,
    state::AppState,
};
use axum::{
    extract::{Query, State},
    http::HeaderMap,
    response::{IntoResponse, Redirect, Response},
};
use openidconnect::{
    core::{
        CoreAuthDisplay, CoreAuthPrompt, CoreAuthenticationFlow, CoreErrorResponseType,
        CoreGenderClaim, CoreJsonWebKey, CoreJweContentEncryptionAlgorithm,
        CoreJwsSigningAlgorithm, CoreProviderMetadata, CoreRevocableToken,
        CoreRevocationErrorResponse, CoreTokenIntrospectionResponse, CoreTokenType,
    },
    AdditionalClaims, AuthorizationCode, Client, ClientId, ClientSecret, CsrfToken,
    EmptyExtraTokenFields, EndpointMaybeSet, EndpointNotSet, EndpointSet, IdTokenFields, IssuerUrl,
    Nonce, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, Scope, StandardErrorResponse,
    StandardTokenResponse, TokenResponse,
};
use std::{
    collections::HashMap,
    sync::{LazyLock, Mutex},
    time::{Duration, Instant},
};

/// The cookie binding a sign-in to the browser that started it.
const BROWSER_COOKIE: &str = "trivsel_provider";
/// The provider's metadata and keys are fetched again after this long, so
/// rotated signing keys are picked up.
const METADATA_TTL: Duration = Duration::from_secs(3600);

/// Every claim of the ID token beyond the standard ones (the employee
/// number claim has no standard name).
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
struct OtherClaims {
    #[serde(flatten)]
    all: serde_json::Map<String, serde_json::Value>,
}
impl AdditionalClaims for OtherClaims {}

type Fields = IdTokenFields<
    OtherClaims,
    EmptyExtraTokenFields,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJwsSigningAlgorithm,
>;
type Tokens = StandardTokenResponse<Fields, CoreTokenType>;
type OidcClient = Client<
    OtherClaims,
    CoreAuthDisplay,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJsonWebKey,
    CoreAuthPrompt,
    StandardErrorResponse<CoreErrorResponseType>,
    Tokens,
    CoreTokenIntrospectionResponse,
    CoreRevocableToken,
    CoreRevocationErrorResponse,
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

/// The HTTP client for the provider: never follows redirects (the crate's
/// advice against SSRF), gives up after ten seconds.
static HTTP: LazyLock<reqwest::Client> = LazyLock::new(|| {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap_or_default()
});

/// Discovered metadata per issuer, with when it was fetched.
static METADATA: LazyLock<Mutex<HashMap<String, (Instant, CoreProviderMetadata)>>> =
    LazyLock::new(Mutex::default);

async fn metadata(issuer: &str) -> Result<CoreProviderMetadata, String> {
    if let Ok(cache) = METADATA.lock() {
        if let Some((at, m)) = cache.get(issuer) {
            if at.elapsed() < METADATA_TTL {
                return Ok(m.clone());
            }
        }
    }
    let url = IssuerUrl::new(issuer.to_owned()).map_err(|e| e.to_string())?;
    let m = CoreProviderMetadata::discover_async(url, &*HTTP)
        .await
        .map_err(|e| format!("discovery: {e}"))?;
    if let Ok(mut cache) = METADATA.lock() {
        cache.insert(issuer.to_owned(), (Instant::now(), m.clone()));
    }
    Ok(m)
}

fn forget_metadata(issuer: &str) {
    if let Ok(mut cache) = METADATA.lock() {
        cache.remove(issuer);
    }
}

async fn client(settings: &ProviderSettings, public_url: &str) -> Result<OidcClient, String> {
    let m = metadata(&settings.issuer).await?;
    let redirect =
        RedirectUrl::new(format!("{public_url}/auth/provider/back")).map_err(|e| e.to_string())?;
    Ok(OidcClient::from_provider_metadata(
        m,
        ClientId::new(settings.client_id.clone()),
        Some(ClientSecret::new(settings.client_secret.clone())),
    )
    .set_redirect_uri(redirect))
}

/// `GET /auth/provider`: off to the identity provider.
pub async fn start(State(state): State<AppState>) -> Response {
    let Some(settings) = state.settings.provider.as_ref() else {
        return Redirect::to("/login").into_response();
    };
    let client = match client(settings, &state.settings.public_url).await {
        Ok(c) => c,
        Err(e) => {
            tracing::warn!(error = %e, "identity provider unreachable");
            return back_to_login("failed");
        }
    };
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let (url, csrf, nonce) = client
        .authorize_url(
            CoreAuthenticationFlow::AuthorizationCode,
            CsrfToken::new_random,
            Nonce::new_random,
        )
        .add_scope(Scope::new("email".into()))
        .add_scope(Scope::new("profile".into()))
        .set_pkce_challenge(challenge)
        .url();
    let browser = ids::random_token(32);
    if let Err(e) = provider_sign_in::begin(
        &state.db,
        csrf.secret(),
        &browser,
        nonce.secret(),
        verifier.secret(),
    )
    .await
    {
        tracing::error!(error = %e, "storing a sign-in under way failed");
        return back_to_login("failed");
    }
    let mut res = Redirect::to(url.as_str()).into_response();
    // Lax: the provider's redirect back is a top-level GET, which carries it.
    let cookie = sessions::set_cookie(
        BROWSER_COOKIE,
        &browser,
        "/auth/provider",
        provider_sign_in::PENDING_SECONDS,
        state.settings.secure_cookies,
    );
    crate::http::cookies::set(&mut res, [cookie]);
    res
}

#[derive(serde::Deserialize)]
pub struct Back {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
}

/// `GET /auth/provider/back`: the provider's answer.
pub async fn back(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<Back>,
) -> Response {
    let Some(settings) = state.settings.provider.as_ref() else {
        return Redirect::to("/login").into_response();
    };
    let outcome = finish(&state, settings, &headers, q).await;
    let mut res = match outcome {
        Ok(Found::Account(account)) => {
            let hours = state.settings.session_hours;
            match sessions::create(&state.db, &account, hours).await {
                Ok(token) => {
                    let mut res = Redirect::to("/overview").into_response();
                    crate::http::cookies::set(
                        &mut res,
                        [sessions::cookie(
                            &token,
                            state.settings.secure_cookies,
                            hours,
                        )],
                    );
                    res
                }
                Err(e) => {
                    tracing::error!(error = %e, "starting a session failed");
                    back_to_login("failed")
                }
            }
        }
        Ok(Found::Unknown | Found::Disabled) => back_to_login("no-account"),
        Err(why) => {
            tracing::warn!(reason = %why, "sign-in through the identity provider refused");
            back_to_login("failed")
        }
    };
    let clear = sessions::set_cookie(
        BROWSER_COOKIE,
        "",
        "/auth/provider",
        0,
        state.settings.secure_cookies,
    );
    crate::http::cookies::set(&mut res, [clear]);
    res
}

async fn finish(
    state: &AppState,
    settings: &ProviderSettings,
    headers: &HeaderMap,
    q: Back,
) -> Result<Found, String> {
    if let Some(error) = q.error {
        return Err(format!("the provider answered {error:?}"));
    }
    let (Some(code), Some(returned_state)) = (q.code, q.state) else {
        return Err("no code or state".into());
    };
    if code.len() > 4096 || returned_state.len() > 512 {
        return Err("oversized code or state".into());
    }
    let browser = crate::http::cookies::get(headers, BROWSER_COOKIE).unwrap_or_default();
    let pending = provider_sign_in::take(&state.db, &returned_state, browser)
        .await
        .map_err(|e| e.to_string())?
        .ok_or("unknown, used, expired or another browser's state")?;
    let client = client(settings, &state.settings.public_url).await?;
    let tokens = client
        .exchange_code(AuthorizationCode::new(code))
        .map_err(|e| e.to_string())?
        .set_pkce_verifier(PkceCodeVerifier::new(pending.pkce_verifier))
        .request_async(&*HTTP)
        .await
        .map_err(|e| format!("code exchange: {e}"))?;
    let id_token = tokens.id_token().ok_or("no ID token")?;
    let claims = match id_token.claims(&client.id_token_verifier(), &Nonce::new(pending.nonce)) {
        Ok(c) => c,
        Err(e) => {
            // Perhaps the provider rotated its keys: fetch them anew next time.
            forget_metadata(&settings.issuer);
            return Err(format!("ID token: {e}"));
        }
    };
    let other = &claims.additional_claims().all;
    let value = match settings.claim.as_str() {
        "email" => claims.email().map(|e| e.as_str().to_owned()),
        "sub" => Some(claims.subject().as_str().to_owned()),
        "preferred_username" => claims.preferred_username().map(|u| u.as_str().to_owned()),
        name => other.get(name).and_then(|v| match v {
            serde_json::Value::String(s) => Some(s.clone()),
            serde_json::Value::Number(n) => Some(n.to_string()),
            _ => None,
        }),
    };
    let who = Vouched {
        value,
        email: claims.email().map(|e| e.as_str().to_owned()),
        email_verified: claims.email_verified() == Some(true),
        name: claims
            .name()
            .and_then(|n| n.get(None))
            .map(|n| n.as_str().to_owned()),
    };
    provider_sign_in::account_of(&state.db, settings, &who)
        .await
        .map_err(|e| e.to_string())
}

fn back_to_login(reason: &str) -> Response {
    Redirect::to(&format!("/login?provider={reason}")).into_response()
}
