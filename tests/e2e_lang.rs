//! The interface language in the real binary (tmux): the locale chooses it, `--lang`
//! overrides, and `L` switches it and is remembered in the config for the next start.

mod common;

use common::tmux::{Tmux, sample_copy};

#[test]
fn the_locale_chooses_indonesian_and_l_is_remembered() {
    let dir = sample_copy();
    let path = dir.path().to_str().expect("utf8");
    let home = tempfile::tempdir().expect("config home");
    let config_home = home.path().to_str().expect("utf8");
    let env = [
        ("LC_ALL", ""),
        ("LANG", "id_ID.UTF-8"),
        ("XDG_CONFIG_HOME", config_home),
    ];
    let config_file = home.path().join("tandai/config.toml");
    std::fs::create_dir_all(home.path().join("tandai")).expect("mkdir");
    std::fs::write(&config_file, "# mine\ncoder = \"ana\"\n").expect("write");
    let t = Tmux::start_env(&[path], 100, 30, &env);
    let s = t.wait_text("informan-a.txt");
    assert!(
        s.contains("Kontak") && !s.contains("Contact"),
        "LANG=id_ID.UTF-8 shows the codebook in Indonesian:\n{s}"
    );
    t.keys(&["L"]);
    t.wait_text("Contact");
    let config = std::fs::read_to_string(&config_file).expect("the config is written");
    assert!(config.contains("lang = \"en\""), "{config}");
    assert!(
        config.starts_with("# mine\ncoder = \"ana\"\n"),
        "the user's lines kept: {config}"
    );
    t.keys(&["q"]);
    assert_eq!(t.exit_status(), 0);

    // The config's choice beats the locale; --lang beats the config.
    let t = Tmux::start_env(&[path], 100, 30, &env);
    let s = t.wait_text("informan-a.txt");
    assert!(s.contains("Contact"), "config lang = en:\n{s}");
    t.keys(&["q"]);
    let t = Tmux::start_env(&[path, "--lang", "id"], 100, 30, &env);
    let s = t.wait_text("informan-a.txt");
    assert!(s.contains("Kontak"), "--lang id:\n{s}");
    t.keys(&["q"]);

    // A language tandai does not speak in the config is named with the file.
    std::fs::write(&config_file, "coder = \"ana\"\nlang = \"jawa\"\n").expect("write");
    let t = Tmux::start_env(&[path], 100, 30, &env);
    let s = t.wait_text("[exit");
    assert!(
        s.contains("config.toml: lang:") && s.contains("jawa"),
        "{s}"
    );
}
