//! Integration scenarios. Every scenario runs twice: on a fresh SQLite file and
//! on a fresh database in a real PostgreSQL server.

mod scenarios;
mod support;

use scenarios::{
    anonymity::*, answering::*, api::*, api_results::*, attacks::*, audit_log::*, authorization::*,
    backup::*, committees::*, discussion_pdf::*, follow_up::*, hardening::*, leavers::*,
    operations::*, org::*, passwords::*, provider::*, reports::*, results::*, roles::*,
    sent_once::*, two_step::*,
};

use support::{client, login, login_ok, Store, TestApp, ADMIN, COMMITTEE, HANDLER, LEADER};

macro_rules! on_both_stores {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() { super::$name(super::Store::Sqlite).await })*
        }
        mod postgres {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() { super::$name(super::Store::Postgres).await })*
        }
    };
}

on_both_stores!(
    a_leaver_past_the_retention_is_erased_everywhere_and_history_stays,
    the_retention_setting_is_checked_and_a_shorter_one_erases_at_the_next_run,
    two_instances_erasing_at_once_erase_each_leaver_once,
    an_administrator_exports_a_persons_data_without_answers_or_reports,
    a_backup_taken_under_answer_load_restores_every_acknowledged_answer,
    a_restore_refuses_a_store_with_anything_in_it_and_a_backup_never_overwrites,
    every_server_function_is_refused_to_those_it_is_not_for,
    the_accessibility_statement_is_published_in_three_languages,
    an_administrator_needs_a_code_from_an_app_after_the_password,
    a_leader_may_turn_two_step_sign_in_on_and_off,
    with_a_replaced_server_secret_recovery_codes_still_sign_in,
    a_leader_signs_in_through_the_identity_provider,
    an_account_is_made_at_first_sign_in_only_when_allowed,
    a_tampered_misdirected_expired_or_replayed_answer_lets_nobody_in,
    with_passwords_off_only_the_provider_signs_in,
    every_administrative_change_is_logged_with_who_and_when,
    writes_sent_from_another_site_are_refused_and_change_nothing,
    hostile_return_addresses_never_lead_off_the_site,
    private_pages_are_never_stored_and_https_is_insisted_on,
    a_flood_of_sign_ins_queues_for_the_hasher,
    a_leader_from_the_hr_import_chooses_a_password_by_an_emailed_link,
    a_leaver_is_locked_out_and_their_roles_end_dated,
    a_password_change_needs_the_current_one_and_ends_other_sessions,
    an_administrator_disables_and_enables_an_account,
    a_forgotten_password_link_says_nothing_about_who_has_an_account,
    goals_cascade_only_from_the_committees_above,
    a_committee_works_only_on_its_own_goals_and_documents,
    a_locked_discussion_is_kept_as_locked_and_nobody_can_change_it,
    the_annual_discussion_is_an_accessible_pdf_that_reads_as_a_document,
    the_discussion_s_figures_do_not_move_between_two_looks,
    a_staff_form_sent_twice_makes_one_thing,
    the_discussion_material_reaches_the_members_once,
    a_problem_from_a_figure_keeps_it_only_while_the_rules_publish_it,
    leaders_and_committees_work_only_in_their_scope,
    bad_follow_up_input_gets_its_message_and_changes_nothing,
    overdue_owners_are_reminded_once_even_when_two_instances_race,
    employees_see_completed_measures_without_names_or_figures,
    sickness_absence_is_shown_only_under_the_group_size_rule,
    a_problem_from_a_report_statistic_keeps_the_count_only_while_it_is_shown,
    simultaneous_assessments_are_all_kept_in_order,
    the_health_check_reaches_the_database,
    metrics_never_date_an_answer_or_a_report,
    readiness_follows_the_database_and_liveness_the_process,
    the_demo_organisation_is_seeded_once_with_small_teams,
    a_staff_member_signs_in_sees_their_roles_and_signs_out,
    a_wrong_password_and_an_unknown_account_get_the_same_answer,
    a_form_post_without_javascript_returns_to_the_form_with_the_error_in_the_users_language,
    a_successful_form_post_without_javascript_goes_to_the_overview,
    malformed_input_gets_400_and_a_message,
    an_oversized_body_gets_413_and_a_message,
    an_unknown_route_gets_a_translated_404_page,
    repeated_failed_logins_are_throttled,
    every_response_carries_the_security_headers_and_the_csp_nonce_matches,
    a_session_started_on_one_instance_is_valid_on_another,
    the_organisation_overview_is_limited_to_the_viewers_scope,
    a_threshold_below_three_is_refused_by_the_database,
    the_language_follows_the_browser_then_the_cookie,
    the_language_switch_only_returns_to_local_pages,
    account_creation_rejects_bad_input_and_duplicates,
    importing_a_hospital_creates_everything_and_a_reimport_changes_nothing,
    a_changed_file_moves_people_records_leavers_and_dates_the_move,
    bad_rows_block_the_import_until_skipped_and_skipped_people_are_kept,
    malformed_files_are_refused_whole_with_a_precise_reason,
    an_administrator_uploads_previews_and_applies_through_the_web,
    thresholds_are_checked_on_the_server,
    moving_a_person_dates_the_move_and_updates_headcounts,
    a_unit_cannot_be_moved_below_itself_nor_closed_while_staffed,
    every_role_reaches_only_its_scope,
    the_api_refuses_requests_without_a_valid_token,
    an_hr_system_syncs_with_json_and_csv_and_a_dry_run_writes_nothing,
    the_api_refuses_files_with_problems_unless_told_to_skip_them,
    the_openapi_document_describes_the_import,
    an_administrator_appoints_a_new_leader_who_then_sees_only_their_unit,
    roles_need_a_unit_where_they_have_a_scope_and_the_last_administrator_stays,
    a_copy_of_the_database_cannot_tie_an_invitation_to_fewer_than_k_answers,
    answers_of_a_tree_that_never_reaches_k_stay_sealed,
    the_mover_reads_the_inbox_in_pages_and_misses_no_answer,
    a_run_of_many_batches_files_each_as_if_it_moved_alone,
    simultaneous_submissions_count_each_code_exactly_once,
    a_code_sent_with_another_open_round_is_refused_and_stays_unused,
    a_schedule_opens_rotating_rounds_and_closes_them_when_due,
    a_code_card_answers_once_and_a_second_attempt_is_refused,
    changing_language_mid_questionnaire_keeps_the_answers,
    a_signed_in_staff_member_answers_their_own_invitation,
    an_administrator_creates_a_survey_through_the_form_and_its_round_opens,
    invitations_arrive_by_email_and_reminders_reach_only_those_who_have_not_answered,
    an_administrator_adds_own_questions_that_surveys_ask_like_shipped_ones,
    result_sums_move_only_in_batches_of_k_and_match_the_stored_answers,
    a_leader_sees_safe_figures_and_a_sibling_is_hidden_where_subtraction_would_reveal,
    a_small_units_page_names_where_its_answers_are_counted,
    the_results_api_answers_with_the_pages_figures_and_its_documented_errors,
    a_leader_polling_while_colleagues_answer_one_by_one_learns_no_single_answer,
    a_report_leaves_nothing_that_identifies_its_reporter,
    a_stranger_guessing_receipts_cannot_lock_a_reporter_out,
    only_handlers_read_cases_and_every_read_is_audited,
    bad_report_input_is_refused_and_nothing_is_written,
    the_same_report_form_sent_twice_files_one_case,
    a_reporter_follows_the_case_across_pages_and_leaves_it,
    retention_deletes_closed_cases_past_their_time_and_nothing_else,
    report_statistics_hide_small_counts_and_their_complements,
    handlers_hear_that_cases_arrived_and_nothing_more,
    an_administrator_creates_a_token_sees_it_once_and_can_revoke_it,
    two_database_copies_and_a_row_length_do_not_single_out_an_answer,
    cards_beyond_the_headcount_cannot_fill_a_batch_around_one_colleague,
    a_theme_watched_through_a_batch_with_dont_know_reveals_no_single_score,
    a_typed_headcount_cannot_unhide_a_small_clinics_absence,
    a_moved_unit_does_not_change_an_old_rounds_figures,
    a_report_quarter_watched_daily_reveals_no_single_report,
    a_moved_unit_does_not_unhide_a_quarters_absence,
    database_copies_place_no_report_or_reporters_message_within_its_day,
    a_headcount_of_the_day_of_entry_cannot_unhide_a_quarter,
    complementary_suppression_does_not_change_its_mind_between_looks,
    absence_entered_unit_by_unit_does_not_show_both_wards,
    a_changed_threshold_moves_no_figure_already_published,
);

async fn the_health_check_reaches_the_database(store: Store) {
    let app = TestApp::empty(store).await;
    let res = client().get(app.at("/healthz")).send().await.expect("get");
    assert_eq!(res.status(), 200);
    assert_eq!(res.text().await.expect("body"), "ok");
}

async fn the_demo_organisation_is_seeded_once_with_small_teams(store: Store) {
    let app = TestApp::demo(store).await;
    // A second seed must not add anything.
    assert!(!app::services::demo::seed_if_empty(&app.db)
        .await
        .expect("seed again"));
    let o = app::services::org::overview(&app.db)
        .await
        .expect("overview");
    let teams: Vec<_> = o.units.iter().filter(|u| u.kind == "team").collect();
    let departments = o.units.iter().filter(|u| u.kind == "department").count();
    assert_eq!(departments, 4);
    assert!((10..=12).contains(&teams.len()), "{} teams", teams.len());
    assert!(teams.iter().all(|t| (3..=25).contains(&t.direct)));
    let below = teams.iter().filter(|t| t.direct < o.k_score).count();
    assert!(below >= 2, "some teams must fall below k: {below}");
    let root = &o.units[0];
    assert_eq!(root.kind, "organisation");
    assert_eq!(root.total, teams.iter().map(|t| t.direct).sum::<i64>());
    let without_email: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM people WHERE email IS NULL")
        .fetch_one(&app.db.pool)
        .await
        .expect("count");
    assert!(without_email > 0, "some demo employees have no e-mail");
}

async fn a_staff_member_signs_in_sees_their_roles_and_signs_out(store: Store) {
    let app = TestApp::demo(store).await;
    let c = client();
    let res = login(&app, &c, LEADER, app::services::demo::DEMO_PASSWORD).await;
    assert_eq!(res.status(), 200);
    let cookie = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("trivsel_session="))
        .expect("a session cookie")
        .to_owned();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    assert!(
        !cookie.contains("Secure"),
        "plain http on loopback: no Secure flag"
    );

    let page = c
        .get(app.at("/overview"))
        .header("accept-language", "en")
        .send()
        .await
        .expect("overview");
    assert_eq!(page.status(), 200);
    let html = page.text().await.expect("html");
    assert!(html.contains("Welcome, Lene Leder"), "{html}");
    assert!(html.contains("Medicinsk afdeling"));

    // The database holds only a hash of the token.
    let token = cookie
        .split(';')
        .next()
        .and_then(|kv| kv.split_once('='))
        .map(|(_, v)| v.to_owned())
        .expect("token");
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sessions WHERE token_hash = $1")
        .bind(&token)
        .fetch_one(&app.db.pool)
        .await
        .expect("count");
    assert_eq!(stored, 0, "the raw token must not be stored");

    let out = c.post(app.at("/api/logout")).send().await.expect("logout");
    assert!(out.status().is_success());
    let sessions: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sessions")
        .fetch_one(&app.db.pool)
        .await
        .expect("count");
    assert_eq!(sessions, 0);
    let after = c.get(app.at("/overview")).send().await.expect("overview");
    assert_eq!(after.status(), 401);
}

async fn a_wrong_password_and_an_unknown_account_get_the_same_answer(store: Store) {
    let app = TestApp::demo(store).await;
    let wrong = login(&app, &client(), ADMIN, "not the password").await;
    let unknown = login(
        &app,
        &client(),
        "nobody@demo.trivsel.test",
        "not the password",
    )
    .await;
    assert_eq!(wrong.status(), 401);
    assert_eq!(unknown.status(), 401);
    let a = wrong.text().await.expect("body");
    let b = unknown.text().await.expect("body");
    assert_eq!(a, b);
    assert_eq!(a, "\"InvalidCredentials\"");
}

async fn a_form_post_without_javascript_returns_to_the_form_with_the_error_in_the_users_language(
    store: Store,
) {
    let app = TestApp::demo(store).await;
    let c = client();
    let res = c
        .post(app.at("/api/login"))
        .header("accept", "text/html")
        .header("accept-language", "sv-SE,sv;q=0.9")
        .form(&[
            ("__back", "/login"),
            ("email", ADMIN),
            ("password", "wrong password"),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), 302);
    let location = res.headers()["location"]
        .to_str()
        .expect("location")
        .to_owned();
    assert!(location.starts_with("/login?"), "{location}");
    let page = c
        .get(app.at(&location))
        .header("accept-language", "sv-SE,sv;q=0.9")
        .send()
        .await
        .expect("get");
    assert_eq!(page.status(), 401, "the page shows the error's status");
    let html = page.text().await.expect("html");
    assert!(
        html.contains("E-postadressen eller lösenordet är fel."),
        "{html}"
    );
    assert!(html.contains("lang=\"sv\""));
}

async fn a_successful_form_post_without_javascript_goes_to_the_overview(store: Store) {
    let app = TestApp::demo(store).await;
    let c = client();
    let res = c
        .post(app.at("/api/login"))
        .header("accept", "text/html")
        .form(&[
            ("__back", "/login"),
            ("email", COMMITTEE),
            ("password", app::services::demo::DEMO_PASSWORD),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), 302);
    assert_eq!(res.headers()["location"], "/overview");
    let html = c
        .get(app.at("/overview"))
        .header("accept-language", "da")
        .send()
        .await
        .expect("get")
        .text()
        .await
        .expect("html");
    assert!(html.contains("Velkommen, Ulla Udvalg"), "{html}");
    assert!(html.contains("HMU: Hospital Nord"));
}

async fn malformed_input_gets_400_and_a_message(store: Store) {
    let app = TestApp::demo(store).await;
    // The password field is missing.
    let res = client()
        .post(app.at("/api/login"))
        .form(&[("email", ADMIN)])
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), 400);
    assert_eq!(
        res.text().await.expect("body"),
        r#"{"BadRequest":"error-malformed-form"}"#
    );
    // Not a form at all.
    let res = client()
        .post(app.at("/api/login"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("%%%&&&=")
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), 400);
    // An overlong e-mail is refused before any lookup.
    let long = format!("{}@x.dk", "a".repeat(300));
    let res = login(&app, &client(), &long, "x").await;
    assert_eq!(res.status(), 400);
}

async fn an_oversized_body_gets_413_and_a_message(store: Store) {
    let app = TestApp::demo(store).await;
    let big = "x".repeat(200 * 1024);
    let res = client()
        .post(app.at("/api/login"))
        .form(&[("email", ADMIN), ("password", big.as_str())])
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), 413);
    assert_eq!(res.text().await.expect("body"), "\"PayloadTooLarge\"");
    // The same without JavaScript: a page in the user's language.
    let res = client()
        .post(app.at("/api/login"))
        .header("accept", "text/html")
        .header("accept-language", "da")
        .form(&[("email", ADMIN), ("password", big.as_str())])
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), 413);
    let html = res.text().await.expect("html");
    assert!(html.contains("Det, du sendte, er for stort."), "{html}");
}

async fn an_unknown_route_gets_a_translated_404_page(store: Store) {
    let app = TestApp::empty(store).await;
    for (lang, text) in [
        ("da", "Siden findes ikke"),
        ("sv", "Sidan finns inte"),
        ("en", "Page not found"),
    ] {
        let res = client()
            .get(app.at("/no/such/page"))
            .header("accept-language", lang)
            .send()
            .await
            .expect("get");
        assert_eq!(res.status(), 404);
        let html = res.text().await.expect("html");
        assert!(html.contains(text), "{lang}: {html}");
    }
    let res = client()
        .post(app.at("/api/no_such_fn"))
        .send()
        .await
        .expect("post");
    assert!(res.status().is_client_error(), "{}", res.status());
}

async fn repeated_failed_logins_are_throttled(store: Store) {
    let app = TestApp::demo(store).await;
    let mut statuses = Vec::new();
    for _ in 0..7 {
        statuses.push(
            login(&app, &client(), HANDLER, "wrong password")
                .await
                .status()
                .as_u16(),
        );
    }
    assert_eq!(&statuses[..5], &[401; 5]);
    assert_eq!(statuses[5], 429);
    // Even the right password waits out the limit: the throttle is per account.
    let res = login(&app, &client(), HANDLER, app::services::demo::DEMO_PASSWORD).await;
    assert_eq!(res.status(), 429);
    // Other accounts are not affected.
    let res = login(&app, &client(), ADMIN, app::services::demo::DEMO_PASSWORD).await;
    assert_eq!(res.status(), 200);
}

async fn every_response_carries_the_security_headers_and_the_csp_nonce_matches(store: Store) {
    let app = TestApp::empty(store).await;
    for path in ["/", "/login", "/nope", "/healthz"] {
        let res = client().get(app.at(path)).send().await.expect("get");
        let h = res.headers().clone();
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(h["referrer-policy"], "no-referrer", "{path}");
        let csp = h["content-security-policy"]
            .to_str()
            .expect("csp")
            .to_owned();
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert!(!csp.contains("unsafe-inline"), "{path}: {csp}");
        if path == "/login" {
            let html = res.text().await.expect("html");
            let nonce = csp
                .split("'nonce-")
                .nth(1)
                .and_then(|s| s.split('\'').next())
                .expect("a nonce in the CSP");
            let scripts = html.matches("<script").count();
            let with_nonce = html.matches(&format!("nonce=\"{nonce}\"")).count();
            assert!(scripts > 0);
            assert_eq!(
                scripts, with_nonce,
                "every script carries this response's nonce"
            );
        }
    }
}

async fn a_session_started_on_one_instance_is_valid_on_another(store: Store) {
    let app = TestApp::demo(store).await;
    let other = app.second_instance().await;
    let c = login_ok(&app, ADMIN).await;
    let res = c
        .get(format!("{other}/overview"))
        .header("accept-language", "en")
        .send()
        .await
        .expect("get");
    assert_eq!(res.status(), 200);
    assert!(res
        .text()
        .await
        .expect("html")
        .contains("Welcome, Astrid Admin"));
}

async fn the_organisation_overview_is_limited_to_the_viewers_scope(store: Store) {
    let app = TestApp::demo(store).await;
    let names = |body: serde_json::Value| -> Vec<String> {
        body["units"]
            .as_array()
            .expect("units")
            .iter()
            .map(|u| u["name"].as_str().expect("name").to_owned())
            .collect()
    };
    let fetch = |c: reqwest::Client| {
        let url = app.at("/api/org/overview");
        async move { c.post(url).send().await.expect("post") }
    };
    let admin = fetch(login_ok(&app, ADMIN).await).await;
    assert_eq!(admin.status(), 200);
    let all = names(admin.json().await.expect("json"));
    assert_eq!(all.len(), 17);

    let leader = fetch(login_ok(&app, LEADER).await).await;
    let mine = names(leader.json().await.expect("json"));
    assert_eq!(mine[0], "Medicinsk afdeling");
    assert_eq!(mine.len(), 4, "{mine:?}");
    assert!(!mine.iter().any(|n| n.starts_with("Akut")));

    let committee = fetch(login_ok(&app, COMMITTEE).await).await;
    let scope = names(committee.json().await.expect("json"));
    assert_eq!(scope[0], "Hospital Nord");
    assert!(!scope.contains(&"Region Demo".to_owned()));

    let handler = fetch(login_ok(&app, HANDLER).await).await;
    assert_eq!(handler.status(), 403);
    let anonymous = fetch(client()).await;
    assert_eq!(anonymous.status(), 401);

    // The page says the same with JavaScript off.
    let page = client()
        .get(app.at("/organisation"))
        .send()
        .await
        .expect("get");
    assert_eq!(page.status(), 401);
}

async fn a_threshold_below_three_is_refused_by_the_database(store: Store) {
    let app = TestApp::demo(store).await;
    for column in ["k_score", "k_comment", "k_sensitive"] {
        let r = sqlx::query(sqlx::AssertSqlSafe(format!(
            "UPDATE organisation SET {column} = 2"
        )))
        .execute(&app.db.pool)
        .await;
        assert!(r.is_err(), "{column} = 2 must be refused");
    }
    let ok = sqlx::query("UPDATE organisation SET k_score = 3")
        .execute(&app.db.pool)
        .await;
    assert!(ok.is_ok());
}

async fn the_language_follows_the_browser_then_the_cookie(store: Store) {
    let app = TestApp::empty(store).await;
    let get = |lang: &'static str, cookie: Option<&'static str>| {
        let mut req = client()
            .get(app.at("/login"))
            .header("accept-language", lang);
        if let Some(c) = cookie {
            req = req.header("cookie", c);
        }
        async move { req.send().await.expect("get").text().await.expect("html") }
    };
    assert!(get("da-DK", None).await.contains("<h1>Log ind<"));
    assert!(get("sv", None).await.contains("<h1>Logga in<"));
    assert!(get("de", None).await.contains("<h1>Sign in<"));
    assert!(get("da", Some("trivsel_lang=sv"))
        .await
        .contains("<h1>Logga in<"));
}

async fn the_language_switch_only_returns_to_local_pages(store: Store) {
    let app = TestApp::empty(store).await;
    let res = client()
        .get(app.at("/lang/sv?next=/login"))
        .send()
        .await
        .expect("get");
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/login");
    let cookie = res.headers()["set-cookie"].to_str().expect("cookie");
    assert!(cookie.starts_with("trivsel_lang=sv;"), "{cookie}");
    for evil in ["//evil.example/", "https://evil.example/"] {
        let res = client()
            .get(app.at(&format!("/lang/da?next={evil}")))
            .send()
            .await
            .expect("get");
        assert_eq!(res.headers()["location"], "/", "{evil}");
    }
    let res = client().get(app.at("/lang/xx")).send().await.expect("get");
    assert_eq!(res.status(), 404);
}

async fn account_creation_rejects_bad_input_and_duplicates(store: Store) {
    use app::services::accounts::{self, AccountError};
    let app = TestApp::empty(store).await;
    let db = &app.db;
    assert!(matches!(
        accounts::create(db, "not-an-email", "A", "long enough password", "da").await,
        Err(AccountError::InvalidEmail)
    ));
    assert!(matches!(
        accounts::create(db, "a@region.dk", "A", "short", "da").await,
        Err(AccountError::WeakPassword("error-password-short"))
    ));
    assert!(matches!(
        accounts::create(db, "b@region.dk", "B", "password1234", "da").await,
        Err(AccountError::WeakPassword("error-password-common"))
    ));
    accounts::create(db, "A@Region.dk", "A", "long enough password", "da")
        .await
        .expect("first account");
    assert!(matches!(
        accounts::create(db, "a@region.dk", "A", "long enough password", "da").await,
        Err(AccountError::Exists)
    ));
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM accounts")
        .fetch_one(&db.pool)
        .await
        .expect("count");
    assert_eq!(n, 1);
}
