//! Links the release binary with the code a start runs laid out together.
//!
//! A start (the first frame on a folder, a few keys, quitting) runs about 700 of the
//! binary's functions, 1.2 MB of its 5 MB of code. Left where the compiler puts them
//! they are spread over the whole text, and the kernel maps the 64 KiB around every
//! page touched, so a start had 4 MB of the binary resident. `link/startup.order`
//! names those functions (`scripts/startup-order` makes it from a run under
//! callgrind), and LLD's `--symbol-ordering-file` puts them first: about 1.3 MB
//! resident. See docs/large-projects.md, "Memory at the start".
//!
//! Only where LLD is the linker (Rust's default on x86_64 Linux since 1.90), only for
//! the release profile the file was made from. A name the file lists that the binary
//! no longer has (a renamed function, another compiler) is skipped: the binary is the
//! same, only less compact. `TANDAI_NO_STARTUP_ORDER=1` turns it off.

use std::env;
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=link/startup.order");
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=TANDAI_NO_STARTUP_ORDER");
    println!("cargo:rerun-if-env-changed=CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_LINKER");
    let dir = env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".into());
    // A missing file would stop the link: without it the binary is only less compact.
    let listed = std::path::Path::new(&dir)
        .join("link/startup.order")
        .is_file();
    if listed && lld_links_release() {
        // -Xlinker hands the next argument over whole: a path may hold commas.
        for arg in [
            "-Xlinker".to_string(),
            format!("--symbol-ordering-file={dir}/link/startup.order"),
            "-Xlinker".to_string(),
            "--no-warn-symbol-ordering".to_string(),
        ] {
            println!("cargo:rustc-link-arg-bin=tandai={arg}");
        }
    }
}

/// Whether this build is a release build linked by the LLD that rustc brings.
fn lld_links_release() -> bool {
    let var = |name: &str| env::var(name).unwrap_or_default();
    if var("PROFILE") != "release"
        || var("TARGET") != "x86_64-unknown-linux-gnu"
        || !var("TANDAI_NO_STARTUP_ORDER").is_empty()
        // Another linker chosen: it may not know the option.
        || env::var_os("CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_LINKER").is_some()
    {
        return false;
    }
    let flags = var("CARGO_ENCODED_RUSTFLAGS");
    if ["linker", "link-self-contained", "link-arg"]
        .iter()
        .any(|f| flags.contains(f))
    {
        return false;
    }
    rustc_minor().is_some_and(|minor| minor >= 90)
}

/// The minor version of the compiler building this (1.95.0 -> 95).
fn rustc_minor() -> Option<u32> {
    let rustc = env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let out = Command::new(rustc).arg("-vV").output().ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    let release = text.lines().find_map(|l| l.strip_prefix("release: "))?;
    let mut parts = release.split('.');
    (parts.next()? == "1").then_some(())?;
    parts.next()?.parse().ok()
}
