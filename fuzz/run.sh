#!/usr/bin/env bash
# Runs one fuzz target: fuzz/run.sh TARGET [SECONDS]   (default 600 seconds)
#
#   TARGET    sidecar_parse | decode_segment | sanitize | docx | odt | vtt | srt | qdpx_import
#
# - Builds with cargo-fuzz on the stable toolchain: RUSTC_BOOTSTRAP=1 lets stable rustc
#   accept the -Z flags cargo-fuzz passes (-Zsanitizer=address). The address sanitizer
#   runtime ships with stable, so ASan is on; set TANDAI_FUZZ_SANITIZER=none to build
#   without it (faster, catches less).
# - One fuzzing process: no -jobs/-fork/-workers (libFuzzer then runs a single
#   in-process worker; cargo fuzz --jobs defaults to 1). The build itself is a normal
#   cargo build of fuzz/ into fuzz/target, never of the main crate's target.
# - Generated inputs go to a scratch corpus outside the repo,
#   ${TANDAI_FUZZ_CORPUS:-/tmp/tandai-fuzz-corpus}/TARGET, seeded by copying
#   fuzz/corpus/TARGET (the committed seeds stay small and unchanged).
# - Crashes are written to fuzz/artifacts/TARGET/ (git-ignored).
# - The full libFuzzer log goes to ${TANDAI_FUZZ_LOGS:-/tmp/tandai-fuzz-logs}; the
#   final stats are printed at the end. Exit status is libFuzzer's (0: no finding).
set -euo pipefail

usage() { echo "usage: $0 TARGET [SECONDS]   (targets: sidecar_parse decode_segment sanitize docx odt vtt srt qdpx_import)" >&2; exit 2; }
[ $# -ge 1 ] && [ $# -le 2 ] || usage
target=$1
secs=${2:-600}
case $target in sidecar_parse|decode_segment|sanitize|docx|odt|vtt|srt|qdpx_import) ;; *) usage ;; esac
case $secs in ''|*[!0-9]*) usage ;; esac

fuzz_dir=$(cd "$(dirname "$0")" && pwd)
sanitizer=${TANDAI_FUZZ_SANITIZER:-address}
corpus=${TANDAI_FUZZ_CORPUS:-/tmp/tandai-fuzz-corpus}/$target
logs=${TANDAI_FUZZ_LOGS:-/tmp/tandai-fuzz-logs}
log=$logs/$target-$(date +%Y%m%d-%H%M%S).log

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "cargo-fuzz is missing: cargo install cargo-fuzz --locked" >&2
    exit 2
fi

mkdir -p "$corpus" "$logs" "$fuzz_dir/artifacts/$target"
cp -n "$fuzz_dir/corpus/$target"/* "$corpus"/ 2>/dev/null || true

# Archives and REFI-QDA projects are larger than sidecars or transcript lines: the
# reference projects' project.qde files run to 30 KB.
max_len=16384
[ "$target" = qdpx_import ] && max_len=65536

dict=()
[ -f "$fuzz_dir/dict/$target.dict" ] && dict=("-dict=$fuzz_dir/dict/$target.dict")

cd "$fuzz_dir"
export RUSTC_BOOTSTRAP=1
echo "== building $target (sanitizer: $sanitizer)" >&2
cargo fuzz build --fuzz-dir "$fuzz_dir" --sanitizer "$sanitizer" "$target" >&2

echo "== fuzzing $target for ${secs}s; corpus $corpus; log $log" >&2
status=0
cargo fuzz run --fuzz-dir "$fuzz_dir" --sanitizer "$sanitizer" "$target" "$corpus" -- \
    -max_total_time="$secs" \
    -timeout=10 \
    -rss_limit_mb=2048 \
    -max_len="$max_len" \
    -print_final_stats=1 \
    "${dict[@]}" \
    >"$log" 2>&1 || status=$?

echo "== $target: libFuzzer exit status $status" >&2
# The last progress line (#N DONE / pulse / NEW ... cov: ft: corp: exec/s:) and the
# final stats.
grep -E '^#[0-9]+' "$log" | tail -n 1 || true
grep -E '^(stat::|Done [0-9]+ runs)' "$log" || true
if [ "$status" -ne 0 ]; then
    grep -E 'panicked at|ERROR: libFuzzer|ERROR: AddressSanitizer|SUMMARY|Test unit written to' "$log" ||
        tail -n 5 "$log" # not a finding: e.g. a bad flag or dictionary
    echo "reproduce: RUSTC_BOOTSTRAP=1 cargo fuzz run --sanitizer $sanitizer $target <artifact>   (in fuzz/)"
fi
echo "log: $log"
exit "$status"
