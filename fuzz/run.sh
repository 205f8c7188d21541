#!/usr/bin/env bash
# broadsheet's fuzzers, on the stable toolchain: libFuzzer (from the libfuzzer-sys crate)
# with sanitizer coverage passes set by hand, as cargo-fuzz would set them without a
# sanitizer. No nightly toolchain and no cargo-fuzz are needed.
#
# Usage:
#   fuzz/run.sh build                  build every target
#   fuzz/run.sh TARGET SECONDS         fuzz one target for SECONDS (one core)
#   fuzz/run.sh smoke SECONDS          every target for SECONDS each, two at a time
#   fuzz/run.sh totals                 executions per target recorded in fuzz/LEDGER.md
#
# The working corpus grows in fuzz/corpus/TARGET (not committed), started from the
# committed seeds in fuzz/seeds/TARGET. A crash stops the run, is written to
# fuzz/artifacts/TARGET/ and fails the script: minimize it, add it under
# tests/fuzz-regressions/TARGET/ (replayed by `cargo test`), fix, and record the run in
# fuzz/LEDGER.md. Each run prints one line: `TARGET EXECUTIONS CRASHES SECONDS`; with
# RECORD=1 it is also added to fuzz/LEDGER.md with the date and the commit.
set -euo pipefail
cd "$(dirname "$0")"

triple=$(rustc -vV | sed -n 's/^host: //p')
flags=(
  -Cpasses=sancov-module
  -Cllvm-args=-sanitizer-coverage-level=4
  -Cllvm-args=-sanitizer-coverage-inline-8bit-counters
  -Cllvm-args=-sanitizer-coverage-pc-table
  -Cllvm-args=-sanitizer-coverage-trace-compares
  --cfg fuzzing
)
targets=(spec content image linebreak render preflight)

build() {
  # --target keeps the coverage passes out of build scripts and proc macros.
  RUSTFLAGS="${flags[*]}" CARGO_TARGET_DIR=target \
    cargo build --quiet --release --target "$triple" --bins
}

max_len() {
  case $1 in
    image) echo 4096 ;;
    preflight) echo 32768 ;;
    linebreak) echo 1024 ;;
    spec) echo 16384 ;;
    *) echo 8192 ;;
  esac
}

fuzz() {
  local target=$1 seconds=$2
  mkdir -p "corpus/$target" "artifacts/$target"
  local log
  log=$(mktemp)
  local status=0
  local started=$SECONDS
  "target/$triple/release/$target" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=1024 \
    -max_len="$(max_len "$target")" -print_final_stats=1 \
    -artifact_prefix="artifacts/$target/" \
    "corpus/$target" "seeds/$target" >"$log" 2>&1 || status=$?
  local execs
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  local crashes
  crashes=$(find "artifacts/$target" -type f | wc -l)
  local ran=$((SECONDS - started))
  echo "$target ${execs:-0} $crashes $ran"
  if [ "${RECORD:-0}" = 1 ]; then
    local commit
    commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
    echo "| $(date -u +%Y-%m-%d) | $target | ${execs:-0} | $ran | $crashes | $commit |" >>LEDGER.md
  fi
  if [ "$status" -ne 0 ]; then
    echo "fuzz target $target failed (exit $status); the last lines of its log:" >&2
    tail -30 "$log" >&2
    rm -f "$log"
    return 1
  fi
  rm -f "$log"
}

case ${1:-} in
  build) build ;;
  totals)
    awk -F'|' '/^\| 20/ { gsub(/ /, "", $3); gsub(/ /, "", $4); n[$3] += $4; r[$3]++ }
      END { for (t in n) printf "%-10s %12d executions in %d runs\n", t, n[t], r[t] }' LEDGER.md |
      sort
    ;;
  smoke)
    seconds=${2:?seconds per target}
    build
    failed=0
    pids=()
    for t in "${targets[@]}"; do
      fuzz "$t" "$seconds" &
      pids+=($!)
      if [ ${#pids[@]} -ge 2 ]; then
        wait "${pids[0]}" || failed=1
        pids=("${pids[@]:1}")
      fi
    done
    for p in "${pids[@]}"; do wait "$p" || failed=1; done
    exit $failed
    ;;
  "") sed -n '2,/^set -euo/p' "$0" | sed '$d'; exit 2 ;;
  *)
    build
    fuzz "$1" "${2:?seconds}"
    ;;
esac
