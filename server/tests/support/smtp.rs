//! A real SMTP sink for the tests: MailDev (from npm, installed with the
//! end-to-end tools) in its own process on loopback. The tests send through it
//! and read what arrived over its HTTP API.

use std::{
    net::TcpListener,
    path::PathBuf,
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

pub struct SmtpSink {
    pub smtp_url: String,
    web: String,
    child: Child,
    // Its own mail folder: MailDev's default is shared by every instance.
    _dir: tempfile::TempDir,
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

impl SmtpSink {
    pub async fn start() -> SmtpSink {
        let bin =
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../end2end/node_modules/.bin/maildev");
        assert!(
            bin.exists(),
            "MailDev is missing: run `make test` (or `cd end2end && npm ci`) first"
        );
        let (smtp, web) = (free_port(), free_port());
        let dir = tempfile::tempdir().expect("mail folder");
        let child = Command::new(bin)
            .args([
                "--ip",
                "127.0.0.1",
                "--smtp",
                &smtp.to_string(),
                "--web",
                &web.to_string(),
            ])
            .arg("--mail-directory")
            .arg(dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("starting MailDev");
        let sink = SmtpSink {
            smtp_url: format!("smtp://127.0.0.1:{smtp}"),
            web: format!("http://127.0.0.1:{web}"),
            child,
            _dir: dir,
        };
        let start = Instant::now();
        while reqwest::get(format!("{}/api/email", sink.web))
            .await
            .is_err()
        {
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "MailDev did not start"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        sink
    }

    /// Every message received so far: (to, subject, text).
    pub async fn messages(&self) -> Vec<(String, String, String)> {
        let list: Vec<serde_json::Value> = reqwest::get(format!("{}/api/email", self.web))
            .await
            .expect("maildev")
            .json()
            .await
            .expect("json");
        list.iter()
            .map(|m| {
                (
                    m["to"][0]["address"].as_str().unwrap_or("").to_owned(),
                    m["subject"].as_str().unwrap_or("").to_owned(),
                    m["text"].as_str().unwrap_or("").to_owned(),
                )
            })
            .collect()
    }

    pub async fn clear(&self) {
        reqwest::Client::new()
            .delete(format!("{}/api/email/all", self.web))
            .send()
            .await
            .expect("clear");
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
