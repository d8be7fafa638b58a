//! A throwaway PostgreSQL cluster for the test process, made from the
//! machine's PostgreSQL 15 server binaries: `initdb` into a temp folder, start
//! on a free loopback port with fsync off, and a watchdog process that stops
//! the server and removes the folder when this test process exits (also when
//! it panics or is killed).

use std::{
    net::TcpListener,
    path::{Path, PathBuf},
    process::{Command, Stdio},
    sync::OnceLock,
};

const DEFAULT_BIN: &str = "/usr/lib/postgresql/15/bin";

pub struct Cluster {
    pub port: u16,
}

static CLUSTER: OnceLock<Cluster> = OnceLock::new();

/// The cluster shared by every test in this process, started on first use.
pub fn cluster() -> &'static Cluster {
    CLUSTER.get_or_init(start)
}

fn bin_dir() -> PathBuf {
    let dir = PathBuf::from(std::env::var("TRIVSEL_PG_BIN").unwrap_or_else(|_| DEFAULT_BIN.into()));
    if !dir.join("initdb").exists() || !dir.join("pg_ctl").exists() {
        panic!(
            "PostgreSQL 15 server binaries were not found in {}.\n\
             The test suite runs every scenario on PostgreSQL too and never skips it.\n\
             Install them with `apt-get install -y postgresql-15` (Debian), or point\n\
             TRIVSEL_PG_BIN at a folder holding initdb and pg_ctl.",
            dir.display()
        );
    }
    dir
}

fn running_as_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

/// A command run as the `postgres` system user when we are root (initdb
/// refuses to run as root), as ourselves otherwise.
fn pg_command(root: bool, program: &Path) -> Command {
    if root {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(program);
        c
    } else {
        Command::new(program)
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("no free loopback port")
}

fn start() -> Cluster {
    let bin = bin_dir();
    let root = running_as_root();
    let dir =
        std::env::temp_dir().join(format!("trivsel-pg-{}-{}", std::process::id(), free_port()));
    std::fs::create_dir_all(&dir).expect("creating the cluster folder");
    if root {
        let ok = Command::new("chown")
            .args(["postgres:postgres"])
            .arg(&dir)
            .status()
            .map(|s| s.success())
            .unwrap_or(false);
        assert!(ok, "could not hand {} to the postgres user", dir.display());
    }
    let data = dir.join("data");
    let out = pg_command(root, &bin.join("initdb"))
        .args([
            "--auth=trust",
            "--no-sync",
            "--username=postgres",
            "--encoding=UTF8",
            "-D",
        ])
        .arg(&data)
        .output()
        .expect("running initdb");
    assert!(
        out.status.success(),
        "initdb failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let port = free_port();
    let opts = format!(
        "-p {port} -k {} -c listen_addresses=127.0.0.1 -c fsync=off \
         -c synchronous_commit=off -c full_page_writes=off -c max_connections=300",
        dir.display()
    );
    let out = pg_command(root, &bin.join("pg_ctl"))
        .args(["-D"])
        .arg(&data)
        .args(["-o", &opts, "-l"])
        .arg(dir.join("server.log"))
        .args(["-w", "start"])
        .output()
        .expect("running pg_ctl start");
    assert!(
        out.status.success(),
        "pg_ctl start failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    spawn_watchdog(&bin, &data, &dir, root);
    Cluster { port }
}

/// Stops the cluster and removes its folder once this process is gone.
#[expect(
    clippy::zombie_processes,
    reason = "the watchdog must outlive this process; init reaps it"
)]
fn spawn_watchdog(bin: &Path, data: &Path, dir: &Path, root: bool) {
    let as_pg = if root { "runuser -u postgres -- " } else { "" };
    let script = format!(
        "while kill -0 {pid} 2>/dev/null; do sleep 0.5; done; \
         {as_pg}'{pg_ctl}' -D '{data}' -m immediate stop >/dev/null 2>&1; rm -rf '{dir}'",
        pid = std::process::id(),
        pg_ctl = bin.join("pg_ctl").display(),
        data = data.display(),
        dir = dir.display(),
    );
    Command::new("sh")
        .args(["-c", &script])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("starting the cluster watchdog");
}

impl Cluster {
    pub fn url(&self, database: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{database}", self.port)
    }
}
