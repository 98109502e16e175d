//! The shape of the code: the UI-free core and the pure app layer never import the
//! terminal crates, and the README's key table is the keymap's.

use std::path::Path;

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn core_and_app_do_not_import_terminal_crates() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&root.join("core"), &mut files);
    rust_files(&root.join("app"), &mut files);
    assert!(files.len() > 10, "found the sources");
    for file in files {
        let text = std::fs::read_to_string(&file).expect("read");
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            assert!(
                !code.contains("ratatui") && !code.contains("crossterm"),
                "{}:{}: the UI-free layers must not use the terminal crates: {line}",
                file.display(),
                n + 1
            );
        }
    }
}

/// The README's key table, generated from the default keymap and the action docs.
fn key_table() -> String {
    let keymap = tandai::app::keymap::Keymap::load(None).expect("keymap");
    let mut out = String::from("| keys | action | keymap name |\n|---|---|---|\n");
    for c in tandai::app::action::COMMANDS {
        let keys: Vec<String> = keymap
            .keys_for(c.name)
            .iter()
            .map(|k| format!("`{}`", k.label()))
            .collect();
        out.push_str(&format!(
            "| {} | {} | `{}` |\n",
            keys.join(" "),
            c.help,
            c.name
        ));
    }
    out
}

#[test]
fn readme_key_table_is_the_keymap() {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README");
    let table = key_table();
    assert!(
        readme.contains(&table),
        "README.md's key table is out of date; it should contain:\n\n{table}"
    );
}

/// The README's quick start names the test command, and CI runs exactly that command.
#[test]
fn ci_runs_the_readme_test_command() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).expect("README");
    let quick = readme
        .split("## Quick start")
        .nth(1)
        .and_then(|s| s.split("```sh\n").nth(1))
        .and_then(|s| s.split("```").next())
        .expect("a sh block in the quick start");
    let commands: Vec<&str> = quick
        .lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .filter(|l| !l.is_empty())
        .collect();
    assert_eq!(commands.len(), 2, "run and test: {commands:?}");
    assert!(commands[0].contains("sample-data"), "{commands:?}");
    let test = commands[1];
    let ci = std::fs::read_to_string(root.join(".ci/run")).expect(".ci/run");
    assert!(
        ci.lines().any(|l| l.trim() == test),
        ".ci/run must run the README's test command {test:?}:\n{ci}"
    );
    let script = root.join(test.split_whitespace().next().expect("a command"));
    assert!(script.is_file(), "{} exists", script.display());
}
