//! The server secret: random bytes in a file outside the database, from which
//! the key that seals pending answers is derived. A copy of the database alone
//! cannot open them.

use anyhow::{bail, Context};
use app::{anonymity::sealed::InboxKey, services::ids};
use std::{io::Write, path::Path};

/// Writes a new secret (48 random bytes, base64) readable by the owner only.
pub fn create(path: &Path) -> anyhow::Result<()> {
    if path.exists() {
        bail!(
            "{} exists already; a new secret would make pending answers unreadable",
            path.display()
        );
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options
        .open(path)
        .with_context(|| format!("creating {}", path.display()))?;
    writeln!(file, "{}", ids::random_token(48)).context("writing the secret")?;
    Ok(())
}

/// Reads the secret and derives the inbox key.
pub fn load(path: &Path) -> anyhow::Result<InboxKey> {
    let text = std::fs::read_to_string(path).with_context(|| {
        format!(
            "no server secret at {} — create one with `server create-secret` (and back it up apart from the database)",
            path.display()
        )
    })?;
    InboxKey::derive(text.trim().as_bytes()).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
}
