//! Embeds the built site in the binary, so that `server serve` needs nothing
//! beside it but its data and its secret.
//!
//! `scripts/build.sh` writes the browser bundle and the stylesheet to
//! `target/site/pkg`, named `trivsel-<hash>.{js,wasm,css}` after their content. The name is
//! handed to the code as `TRIVSEL_ASSETS`; pages ask for the bundle under it,
//! so a browser may keep those files for a year and still never mixes an old
//! bundle with a new page. The public files (icons) come straight from
//! `public/`.
//!
//! Without a built site (clippy, or `cargo test` before `scripts/build.sh
//! --site-only`) a placeholder stylesheet is embedded instead, with a warning:
//! such a server works without JavaScript and without styles.
use std::{fs, path::PathBuf};

fn main() {
    println!("cargo::rerun-if-env-changed=TRIVSEL_SITE_DIR");
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let site = std::env::var_os("TRIVSEL_SITE_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| manifest.join("../target/site"));
    let public = manifest.join("../public");
    // Cargo reruns this script when the site is rebuilt (build.sh replaces
    // the whole folder) or first appears.
    println!("cargo::rerun-if-changed={}", site.display());
    println!("cargo::rerun-if-changed={}", site.join("pkg").display());

    let bundle = fs::read_dir(site.join("pkg")).ok().and_then(|dir| {
        dir.filter_map(|e| e.ok()?.file_name().into_string().ok())
            .find_map(|n| Some(n.strip_suffix(".css")?.to_owned()))
    });
    println!("cargo::rerun-if-changed={}", public.display());
    let (pkg, name) = match bundle {
        Some(name) => (site.join("pkg"), name),
        None => {
            println!(
                "cargo::warning=no built site in {}: embedding a placeholder \
                 (run scripts/build.sh --site-only first)",
                site.display()
            );
            let out = PathBuf::from(std::env::var("OUT_DIR").expect("set by cargo"));
            let placeholder = out.join("placeholder");
            fs::create_dir_all(&placeholder).expect("creating the placeholder site");
            let name = "trivsel-unbuilt".to_owned();
            fs::write(
                placeholder.join(format!("{name}.css")),
                "/* the site was not built */\n",
            )
            .expect("writing the placeholder stylesheet");
            (placeholder, name)
        }
    };
    println!("cargo::rustc-env=TRIVSEL_ASSETS={name}");
    // One line per file on every build is noise; the placeholder's warning
    // above is the one that matters.
    std::env::set_var("MEMORY_SERVE_QUIET", "1");
    // Embedded in every profile (not only release): the binary that tests
    // run is then the one users run.
    memory_serve::load_names_directories([("pkg", pkg), ("public", public)], true);
}
