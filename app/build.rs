//! Rebuild when translations or migrations change: both are compiled into the
//! crate by macros (fluent-templates' `static_loader!`, sqlx's `migrate!`)
//! that cargo cannot see into.
fn main() {
    println!("cargo:rerun-if-changed=locales");
    println!("cargo:rerun-if-changed=../migrations");
}
