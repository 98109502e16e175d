use super::*;
use std::sync::atomic::{AtomicUsize, Ordering};

#[test]
fn latest_state_wins_and_outcomes_arrive() {
    let writes = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&writes);
    let gate = Arc::new(Mutex::new(()));
    let held = gate.lock().expect("gate");
    let g2 = Arc::clone(&gate);
    let saver = Saver::with_writer(Box::new(move |p, b, _| {
        let _wait = g2.lock();
        seen.lock().expect("w").push((p.to_path_buf(), b.to_vec()));
        Ok(Written::default())
    }));
    let a = PathBuf::from("a");
    saver.submit(a.clone(), Target::Sidecar(0), 1, b"1".to_vec());
    std::thread::sleep(Duration::from_millis(50));
    saver.submit(a.clone(), Target::Sidecar(0), 2, b"2".to_vec());
    saver.submit(a.clone(), Target::Sidecar(0), 3, b"3".to_vec());
    assert!(saver.busy());
    drop(held);
    assert!(saver.flusher().flush(Duration::from_secs(5)));
    let w = writes.lock().expect("w").clone();
    assert_eq!(
        w,
        [(a.clone(), b"1".to_vec()), (a, b"3".to_vec())],
        "generation 2 was coalesced"
    );
    let gens: Vec<u64> = saver.outcomes().iter().map(|o| o.generation).collect();
    assert_eq!(gens, [1, 3]);
    assert!(!saver.busy());
}

#[test]
fn parked_bytes_are_written_only_by_flush_and_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("state/positions.json");
    let saver = Saver::start();
    saver.park(path.clone(), b"old".to_vec());
    saver.park(path.clone(), b"new".to_vec());
    assert!(!path.exists());
    assert!(saver.flusher().flush(Duration::from_secs(5)));
    assert_eq!(std::fs::read(&path).expect("written"), b"new");
    let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
}

#[test]
fn a_file_changed_by_someone_else_is_kept_before_writing() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("a.txt.ana.tandai.json");
    std::fs::write(&path, b"mine-1").expect("write");
    let saver = Saver::start();
    saver.watch(path.clone(), Some(b"mine-1".to_vec()));
    saver.submit(path.clone(), Target::Sidecar(0), 1, b"mine-2".to_vec());
    assert!(saver.flusher().flush(Duration::from_secs(5)));
    assert_eq!(saver.outcomes()[0].conflict, None, "unchanged: plain write");
    // Same size, same second: only the content tells.
    std::fs::write(&path, b"them-2").expect("write");
    saver.submit(path.clone(), Target::Sidecar(0), 2, b"mine-3".to_vec());
    assert!(saver.flusher().flush(Duration::from_secs(5)));
    let out = saver.outcomes();
    let copy = out[0].conflict.clone().expect("conflict kept");
    assert_eq!(std::fs::read(&copy).expect("copy"), b"them-2");
    assert_eq!(std::fs::read(&path).expect("ours"), b"mine-3");
    assert!(
        copy.file_name()
            .expect("name")
            .to_string_lossy()
            .starts_with("a.txt.ana.tandai.conflict-")
    );
}

/// A toy merge: each line is an item; lines added or removed on one side are taken,
/// and a line `!` on either side refuses the merge.
fn line_merge() -> MergeFn {
    Arc::new(|base, ours, theirs| {
        let lines = |b: &[u8]| -> Vec<String> {
            String::from_utf8_lossy(b)
                .lines()
                .map(str::to_owned)
                .collect()
        };
        let (base, ours, theirs) = (lines(base.unwrap_or(b"")), lines(ours), lines(theirs));
        if ours.iter().chain(&theirs).any(|l| l == "!") {
            return Err("refused".into());
        }
        let mut out: Vec<String> = ours
            .iter()
            .filter(|l| theirs.contains(l) || !base.contains(l))
            .cloned()
            .collect();
        let added: Vec<&String> = theirs
            .iter()
            .filter(|l| !base.contains(l) && !ours.contains(l))
            .collect();
        let n = added.len()
            + base
                .iter()
                .filter(|l| ours.contains(l) && !theirs.contains(l))
                .count();
        out.extend(added.into_iter().cloned());
        Ok((format!("{}\n", out.join("\n")).into_bytes(), n))
    })
}

#[test]
fn a_merging_file_takes_the_other_writers_changes_or_keeps_their_copy() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("codebook.json");
    std::fs::write(&path, b"a\n").expect("write");
    let saver = Saver::start();
    saver.watch_merging(path.clone(), Some(b"a\n".to_vec()), line_merge());
    std::fs::write(&path, b"a\ntheirs\n").expect("another coder adds a line");
    saver.submit(path.clone(), Target::Codebook, 1, b"a\nours\n".to_vec());
    assert!(saver.flusher().flush(Duration::from_secs(5)));
    let out = saver.outcomes().remove(0);
    assert_eq!(out.result, Ok(()));
    assert_eq!(out.conflict, None, "merged: no copy");
    assert_eq!(
        out.merge,
        Some(Merge::Done {
            ours: b"a\nours\n".to_vec(),
            written: b"a\nours\ntheirs\n".to_vec(),
            changes: 1
        })
    );
    assert_eq!(std::fs::read(&path).expect("read"), b"a\nours\ntheirs\n");
    // The merged version is what tandai knows now: its next save goes over it.
    saver.submit(
        path.clone(),
        Target::Codebook,
        2,
        b"a\nours\ntheirs\nmore\n".to_vec(),
    );
    assert!(saver.flusher().flush(Duration::from_secs(5)));
    assert_eq!(saver.outcomes()[0].merge, None);
    std::fs::write(&path, b"!\n").expect("an edit that cannot be merged");
    saver.submit(path.clone(), Target::Codebook, 3, b"a\n".to_vec());
    assert!(saver.flusher().flush(Duration::from_secs(5)));
    let out = saver.outcomes().remove(0);
    assert_eq!(out.merge, Some(Merge::Refused("refused".into())));
    let copy = out.conflict.expect("their version kept");
    assert_eq!(std::fs::read(&copy).expect("copy"), b"!\n");
    assert_eq!(std::fs::read(&path).expect("ours"), b"a\n");
}

#[test]
fn failures_are_reported() {
    let calls = Arc::new(AtomicUsize::new(0));
    let c = Arc::clone(&calls);
    let saver = Saver::with_writer(Box::new(move |_, _, _| {
        c.fetch_add(1, Ordering::SeqCst);
        Err("disk full".into())
    }));
    saver.submit(PathBuf::from("x"), Target::State, 7, Vec::new());
    assert!(saver.flusher().flush(Duration::from_secs(5)));
    let out = saver.outcomes();
    assert_eq!(
        out,
        [Outcome::new(Target::State, 7, Err("disk full".into()))]
    );
    assert_eq!(calls.load(Ordering::SeqCst), 1);
}

#[test]
fn log_lines_are_on_disk_before_the_sidecar_written_after_them() {
    let dir = tempfile::tempdir().expect("tmp");
    let log = dir.path().join("tandai-log/ana.jsonl");
    let seen = Arc::new(Mutex::new(Vec::new()));
    let (l2, s2) = (log.clone(), Arc::clone(&seen));
    let saver = Saver::with_writer(Box::new(move |_, b, _| {
        // What the log held when the sidecar was written.
        let logged = std::fs::read_to_string(&l2).unwrap_or_default();
        s2.lock().expect("seen").push((b.to_vec(), logged));
        Ok(Written::default())
    }));
    saver.log(log.clone(), b"{\"n\":1}\n");
    saver.submit(PathBuf::from("s"), Target::Sidecar(0), 1, b"one".to_vec());
    saver.log(log.clone(), b"{\"n\":2}\n");
    saver.log(log.clone(), b"{\"n\":3}\n");
    saver.submit(PathBuf::from("s"), Target::Sidecar(0), 2, b"two".to_vec());
    assert!(saver.flusher().flush(Duration::from_secs(5)));
    for (bytes, logged) in seen.lock().expect("seen").iter() {
        let want = if bytes == b"one" { 1 } else { 3 };
        assert!(
            logged.lines().count() >= want,
            "{:?} written with the log holding only {logged:?}",
            String::from_utf8_lossy(bytes)
        );
    }
    assert_eq!(
        std::fs::read_to_string(&log).expect("log"),
        "{\"n\":1}\n{\"n\":2}\n{\"n\":3}\n",
        "every line, once, in order, though the sidecar writes were coalesced"
    );
}

#[test]
fn a_log_that_cannot_be_written_is_reported_once_retried_and_does_not_stop_saving() {
    let dir = tempfile::tempdir().expect("tmp");
    // A folder where the log's folder should be: appending fails.
    std::fs::write(dir.path().join("tandai-log"), b"not a folder").expect("write");
    let log = dir.path().join("tandai-log/ana.jsonl");
    let sidecar = dir.path().join("a.txt.ana.tandai.json");
    let saver = Saver::start();
    let state = tempfile::tempdir().expect("state");
    saver.log_aside(state.path().to_path_buf());
    saver.log(log.clone(), b"{\"n\":1}\n");
    saver.submit(sidecar.clone(), Target::Sidecar(0), 1, b"one".to_vec());
    assert!(
        saver.flusher().flush(Duration::from_secs(5)),
        "a stuck log does not hang the flush"
    );
    let aside = crate::core::coding::audit::aside_path(state.path(), &log);
    assert_eq!(
        std::fs::read(&aside).expect("kept aside"),
        b"{\"n\":1}\n",
        "a crash now would not lose the line"
    );
    assert!(saver.log_waiting());
    saver.log(log.clone(), b"{\"n\":2}\n");
    saver.submit(sidecar.clone(), Target::Sidecar(0), 2, b"two".to_vec());
    assert!(saver.flusher().flush(Duration::from_secs(5)));
    let out = saver.outcomes();
    let log_outcomes: Vec<&Outcome> = out.iter().filter(|o| o.target == Target::Log).collect();
    assert_eq!(log_outcomes.len(), 1, "reported once: {out:?}");
    assert!(log_outcomes[0].result.is_err());
    assert_eq!(
        std::fs::read(&sidecar).expect("sidecar"),
        b"two",
        "saving went on"
    );
    // The folder appears: the kept lines and the new ones are written, in order.
    std::fs::remove_file(dir.path().join("tandai-log")).expect("rm");
    saver.log(log.clone(), b"{\"n\":3}\n");
    assert!(saver.flusher().flush(Duration::from_secs(5)));
    assert_eq!(
        std::fs::read_to_string(&log).expect("log"),
        "{\"n\":1}\n{\"n\":2}\n{\"n\":3}\n"
    );
    let again = saver.outcomes();
    assert!(
        again
            .iter()
            .any(|o| o.target == Target::Log && o.result.is_ok()),
        "{again:?}"
    );
    assert!(
        !aside.exists(),
        "nothing waits aside once the log has the lines"
    );
    assert!(!saver.log_waiting());
}

#[test]
fn made_bytes_are_made_on_the_saver_thread_and_not_written_when_the_file_holds_them() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("a.txt.ana.tandai.json");
    std::fs::write(&path, b"same").expect("write");
    let saver = Saver::start();
    let (waker, wakes) = crate::core::wake::pair().expect("pair");
    saver.set_waker(waker);
    saver.watch(path.clone(), Some(b"same".to_vec()));
    let here = std::thread::current().id();
    let made_on = Arc::new(Mutex::new(None));
    let seen = Arc::clone(&made_on);
    saver.submit_made(
        path.clone(),
        Target::Sidecar(0),
        1,
        Box::new(move || {
            *seen.lock().expect("seen") = Some(std::thread::current().id());
            b"same".to_vec()
        }),
    );
    assert!(saver.flusher().flush(Duration::from_secs(5)));
    assert_ne!(
        *made_on.lock().expect("made"),
        Some(here),
        "made on the saver thread"
    );
    assert_eq!(saver.outcomes()[0].result, Ok(()));
    assert!(wakes.drain(), "the outcome woke the loop");
    // Nothing changed on tandai's side: another program's version is left alone (as
    // when tandai skipped the write itself)...
    std::fs::write(&path, b"theirs").expect("write");
    saver.submit_made(
        path.clone(),
        Target::Sidecar(0),
        2,
        Box::new(|| b"same".to_vec()),
    );
    assert!(saver.flusher().flush(Duration::from_secs(5)));
    assert_eq!(saver.outcomes()[0].result, Ok(()));
    assert_eq!(std::fs::read(&path).expect("read"), b"theirs");
    // ...and a change is written, theirs kept as a conflict copy.
    saver.submit_made(
        path.clone(),
        Target::Sidecar(0),
        3,
        Box::new(|| b"new".to_vec()),
    );
    assert!(saver.flusher().flush(Duration::from_secs(5)));
    let o = saver.outcomes();
    assert_eq!(std::fs::read(&path).expect("read"), b"new");
    let kept = o[0].conflict.clone().expect("their version kept");
    assert_eq!(std::fs::read(kept).expect("copy"), b"theirs");
}
