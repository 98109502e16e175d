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
//! Only for the release profile the file was made from, on x86_64 Linux, and only
//! when a trial link of an empty program with the same compiler, linker and
//! RUSTFLAGS accepts the option: LLD does (Rust's default there since 1.90), but a
//! rustc built without its LLD (a distribution's), a linker chosen in
//! `.cargo/config.toml` (cargo tells `RUSTC_LINKER`) or in RUSTFLAGS may be GNU ld,
//! which would stop the link. A name the file lists that the binary no longer has (a
//! renamed function, another compiler) is skipped: the binary is the same, only less
//! compact. `TANDAI_NO_STARTUP_ORDER=1` turns it off.

use std::env;
use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=link/startup.order");
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=TANDAI_NO_STARTUP_ORDER");
    println!("cargo:rerun-if-env-changed=CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_LINKER");
    let dir = env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".into());
    let order = Path::new(&dir).join("link/startup.order");
    // -Xlinker hands the next argument over whole: a path may hold spaces and commas.
    let args = [
        "-Xlinker".to_string(),
        format!("--symbol-ordering-file={}", order.display()),
        "-Xlinker".to_string(),
        "--no-warn-symbol-ordering".to_string(),
    ];
    // A missing or unreadable file would stop the link: without it the binary is
    // only less compact.
    let readable = order.is_file() && std::fs::File::open(&order).is_ok();
    if readable && release_on_x86_64_linux() && linker_takes(&args) {
        for arg in args {
            println!("cargo:rustc-link-arg-bin=tandai={arg}");
        }
    }
}

/// Whether this is a release build for x86_64 Linux, not turned off.
fn release_on_x86_64_linux() -> bool {
    let var = |name: &str| env::var(name).unwrap_or_default();
    var("PROFILE") == "release"
        && var("TARGET") == "x86_64-unknown-linux-gnu"
        && var("TANDAI_NO_STARTUP_ORDER").is_empty()
}

/// Whether the linker this build uses links an empty program given `args`: the
/// compiler, target, RUSTFLAGS and linker of the build, the program in `OUT_DIR`.
/// Any doubt (no `OUT_DIR`, rustc not found) is a no.
fn linker_takes(args: &[String]) -> bool {
    let Some(out) = env::var_os("OUT_DIR").map(PathBuf::from) else {
        return false;
    };
    let source = out.join("startup_order_probe.rs");
    if std::fs::write(&source, "fn main() {}\n").is_err() {
        return false;
    }
    let rustc = env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let mut cmd = Command::new(rustc);
    cmd.arg(&source)
        .arg("--crate-type=bin")
        .arg("--target=x86_64-unknown-linux-gnu")
        .arg("-o")
        .arg(out.join("startup_order_probe"));
    let flags = env::var("CARGO_ENCODED_RUSTFLAGS").unwrap_or_default();
    cmd.args(flags.split('\x1f').filter(|f| !f.is_empty()));
    if let Some(linker) = env::var_os("RUSTC_LINKER") {
        let mut arg = std::ffi::OsString::from("-Clinker=");
        arg.push(linker);
        cmd.arg(arg);
    }
    for arg in args {
        cmd.arg(format!("-Clink-arg={arg}"));
    }
    let linked = cmd.output().is_ok_and(|o| o.status.success());
    if !linked {
        println!(
            "cargo:warning=link/startup.order not used: the linker refuses --symbol-ordering-file (LLD has it)"
        );
    }
    linked
}
