//! The server binary as an operator uses it: subcommands, exit codes, and what
//! it writes to its logs.

use std::{
    io::Read,
    net::TcpListener,
    process::{Command, Stdio},
    time::Duration,
};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_server"));
    c.env_remove("DATABASE_URL")
        .env("TRIVSEL_LOG_FORMAT", "text");
    c
}

fn sqlite_url(dir: &tempfile::TempDir) -> String {
    format!("sqlite://{}/trivsel.db", dir.path().display())
}

#[test]
fn create_admin_makes_an_account_and_refuses_a_weak_password() {
    let dir = tempfile::tempdir().expect("tmp");
    let url = sqlite_url(&dir);
    let ok = bin()
        .args([
            "--database-url",
            &url,
            "create-admin",
            "--email",
            "boss@region.dk",
            "--name",
            "Boss",
        ])
        .env("TRIVSEL_ADMIN_PASSWORD", "a long enough password")
        .output()
        .expect("run");
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert!(String::from_utf8_lossy(&ok.stdout).contains("boss@region.dk"));

    let weak = bin()
        .args([
            "--database-url",
            &url,
            "create-admin",
            "--email",
            "x@region.dk",
            "--name",
            "X",
        ])
        .env("TRIVSEL_ADMIN_PASSWORD", "short")
        .output()
        .expect("run");
    assert!(!weak.status.success());
    let err = String::from_utf8_lossy(&weak.stderr);
    assert!(err.contains("at least 12 characters"), "{err}");

    // The password can come from standard input too.
    let mut child = bin()
        .args([
            "--database-url",
            &url,
            "create-admin",
            "--email",
            "y@region.dk",
            "--name",
            "Y",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().expect("stdin");
        stdin.write_all(b"another long password\n").expect("write");
    }
    let out = child.wait_with_output().expect("wait");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn an_unsupported_database_url_is_a_clear_error() {
    let out = bin()
        .args(["--database-url", "mysql://x/y", "migrate"])
        .output()
        .expect("run");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("unsupported DATABASE_URL"), "{err}");
}

#[test]
fn the_demo_command_seeds_once_and_prints_the_logins() {
    let dir = tempfile::tempdir().expect("tmp");
    let url = sqlite_url(&dir);
    let first = bin()
        .args(["--database-url", &url, "demo"])
        .output()
        .expect("run");
    assert!(first.status.success());
    let text = String::from_utf8_lossy(&first.stdout);
    for email in ["admin@", "leder@", "udvalg@", "handler@"] {
        assert!(text.contains(email), "{text}");
    }
    let second = bin()
        .args(["--database-url", &url, "demo"])
        .output()
        .expect("run");
    assert!(String::from_utf8_lossy(&second.stdout).contains("not empty"));
}

/// The access log must not hold anything that could identify a person: no
/// client address, no user agent, no query string, no path beyond its first
/// segment (where answering and reporting codes will live).
#[test]
fn the_logs_never_hold_addresses_user_agents_query_strings_or_codes() {
    let dir = tempfile::tempdir().expect("tmp");
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("port");
    let secret = dir.path().join("secret.key");
    let made = bin()
        .arg("create-secret")
        .env("TRIVSEL_SECRET_FILE", &secret)
        .output()
        .expect("run");
    assert!(made.status.success());
    let mut server = bin()
        .args([
            "--database-url",
            &sqlite_url(&dir),
            "serve",
            "--addr",
            &format!("127.0.0.1:{port}"),
        ])
        .env("TRIVSEL_LOG", "debug")
        .env("TRIVSEL_SECRET_FILE", &secret)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    // Read the output while the server runs: at debug level it writes more
    // than a pipe holds, and a full pipe would stop it mid-write.
    let drain = |mut r: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut s = String::new();
            let _ = r.read_to_string(&mut s);
            s
        })
    };
    let out = drain(Box::new(server.stdout.take().expect("stdout")));
    let err = drain(Box::new(server.stderr.take().expect("stderr")));
    let base = format!("http://127.0.0.1:{port}");
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async {
        let c = reqwest::Client::new();
        for _ in 0..100 {
            if c.get(format!("{base}/healthz")).send().await.is_ok() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        for path in [
            "/a/SECRETCODE4711?token=QUERYSECRET",
            "/a/open?code=OPENCODE9911",
            "/login?email=someone%40x.dk",
            "/r/RECEIPT0815",
        ] {
            let _ = c
                .get(format!("{base}{path}"))
                .header("user-agent", "UNIQUE-BROWSER-FINGERPRINT")
                .header("x-forwarded-for", "203.0.113.77")
                .send()
                .await;
        }
        // The answering form post, with a code, answers and a comment.
        let _ = c
            .post(format!("{base}/a/submit"))
            .header("user-agent", "UNIQUE-BROWSER-FINGERPRINT")
            .header("x-forwarded-for", "203.0.113.77")
            .form(&[
                ("round", "ROUNDSECRET"),
                ("code", "SUBM-ITCO-DE42"),
                ("q.wb-1", "7"),
                ("comment", "COMMENTSECRET"),
            ])
            .send()
            .await;
        // A report, and a receipt tried on the case page.
        let _ = c
            .post(format!("{base}/report/submit"))
            .header("user-agent", "UNIQUE-BROWSER-FINGERPRINT")
            .header("x-forwarded-for", "203.0.113.77")
            .form(&[
                ("category", "harassment"),
                ("description", "REPORTSECRET text"),
            ])
            .send()
            .await;
        let _ = c
            .post(format!("{base}/report/case"))
            .header("user-agent", "UNIQUE-BROWSER-FINGERPRINT")
            .form(&[
                ("receipt", "RCPT-SECR-ET00-0000-0000-0000"),
                ("message", "MESSAGESECRET"),
            ])
            .send()
            .await;
        // A change of language in the middle of a questionnaire.
        let _ = c
            .post(format!("{base}/a/language"))
            .header("user-agent", "UNIQUE-BROWSER-FINGERPRINT")
            .form(&[
                ("round", "ROUNDSECRET"),
                ("q.wb-1", "4"),
                ("comment", "LANGCOMMENTSECRET"),
                ("switch", "da:2"),
            ])
            .send()
            .await;
        let _ = c
            .post(format!("{base}/api/login"))
            .header("user-agent", "UNIQUE-BROWSER-FINGERPRINT")
            .form(&[("email", "someone@x.dk"), ("password", "PASSWORDSECRET")])
            .send()
            .await;
    });
    // SIGTERM, as a service manager would send; the server shuts down gracefully.
    let _ = Command::new("kill").arg(server.id().to_string()).status();
    let status = server.wait().expect("wait");
    let log = out.join().expect("stdout") + &err.join().expect("stderr");
    assert!(
        status.success(),
        "graceful shutdown on SIGTERM: {status:?}\n{log}"
    );
    // Every line carries its time of day: no line may be written for an
    // answer, a report or anything else an anonymous person's page does
    // (issue 15, attack 6). They are counted per day instead.
    let dated: Vec<&str> = log
        .lines()
        .filter(|l| {
            [
                "/a",
                "/r",
                "/report",
                "/api/answer",
                "/api/report",
                "/lang",
                "/pkg",
            ]
            .iter()
            .any(|a| l.contains(&format!("area={a} ")) || l.ends_with(&format!("area={a}")))
        })
        .collect();
    assert!(
        dated.is_empty(),
        "lines that date an anonymous request: {dated:#?}"
    );
    assert!(
        log.contains("area=/api/login"),
        "staff requests are logged: {log}"
    );
    for secret in [
        "SECRETCODE4711",
        "OPENCODE9911",
        "SUBM-ITCO-DE42",
        "ROUNDSECRET",
        "COMMENTSECRET",
        "QUERYSECRET",
        "someone",
        "RECEIPT0815",
        "UNIQUE-BROWSER-FINGERPRINT",
        "203.0.113.77",
        "127.0.0.1:", // the client's address and port
        "PASSWORDSECRET",
        "REPORTSECRET",
        "RCPT",
        "MESSAGESECRET",
        "LANGCOMMENTSECRET",
        "ROUNDSECRET",
    ] {
        let hits: Vec<&str> = log.lines().filter(|l| l.contains(secret)).collect();
        // The listening address itself is printed once at start-up.
        let hits: Vec<&str> = hits
            .into_iter()
            .filter(|l| !l.contains("listening on"))
            .collect();
        assert!(hits.is_empty(), "{secret} appears in the log: {hits:?}");
    }
}

#[test]
fn the_server_secret_is_created_once_and_serving_without_one_is_a_clear_error() {
    let dir = tempfile::tempdir().expect("tmp");
    let secret = dir.path().join("keys").join("secret.key");
    let first = bin()
        .arg("create-secret")
        .env("TRIVSEL_SECRET_FILE", &secret)
        .output()
        .expect("run");
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&secret)
            .expect("meta")
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(mode, 0o600, "only the owner may read the secret");
    }
    let second = bin()
        .arg("create-secret")
        .env("TRIVSEL_SECRET_FILE", &secret)
        .output()
        .expect("run");
    assert!(
        !second.status.success(),
        "an existing secret is never overwritten"
    );
    let missing = bin()
        .args([
            "--database-url",
            &sqlite_url(&dir),
            "serve",
            "--addr",
            "127.0.0.1:9",
        ])
        .env("TRIVSEL_SECRET_FILE", dir.path().join("nope.key"))
        .output()
        .expect("run");
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("create-secret"));
}
