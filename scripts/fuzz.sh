#!/usr/bin/env bash
# Fuzzes the parsers of what users and peers send (the Fuzz/ package): builds the libFuzzer
# targets, runs each for SECONDS on a fresh copy of its seeds (Fuzz/Corpus/<target>/ and the
# fixed crashes in Fuzz/Crashes/<target>/), prints executions, exec/s, peak RSS and crashes per
# target, and exits non-zero if any target crashed, naming the saved input.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]        default: 60 s, every target
#   FUZZ_ARGS="-jobs=..." scripts/fuzz.sh ...    extra libFuzzer flags
#
# Runs go to Fuzz/.build-runs/<time>/<target>/ (git-ignored): the grown corpus, the log, and
# any crash-*/timeout-*/oom-* input. Those are never committed as they are: minimise a crash
# (command printed below), add it to Fuzz/Crashes/<target>/, and list it in
# Fuzz/Crashes/open.txt until its bug is fixed.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
[ $# -gt 0 ] && shift
all=(fuzz-toml fuzz-candle-csv fuzz-trade-csv fuzz-control)
if [ $# -gt 0 ]; then targets=("$@"); else targets=("${all[@]}"); fi
for t in "${targets[@]}"; do
  [ -d "Fuzz/Corpus/$t" ] || { echo "unknown target '$t' (known: ${all[*]})" >&2; exit 2; }
done

scripts/deps.sh
# libFuzzer and AddressSanitizer ship with the Swift toolchain: nothing to install for them.
swift build --package-path Fuzz --scratch-path Fuzz/.build -c release \
  -Xswiftc -sanitize=fuzzer,address >&2
bin=Fuzz/.build/release

# Allocation stack traces halve the rate (Swift allocates often); turn them back on
# (ASAN_OPTIONS=malloc_context_size=30) when rerunning a saved heap error.
export ASAN_OPTIONS=${ASAN_OPTIONS:-malloc_context_size=0}
# libFuzzer reports the crash and saves the input; Swift's backtracer would only add seconds.
export SWIFT_BACKTRACE=enable=no
symbolizer=$(dirname "$(command -v swift)")/llvm-symbolizer
[ -x "$symbolizer" ] && export ASAN_SYMBOLIZER_PATH=$symbolizer

runs=Fuzz/.build-runs/$(date +%Y%m%d-%H%M%S)
mkdir -p "$runs"
failed=0
summary=()
for t in "${targets[@]}"; do
  dir=$runs/$t
  mkdir -p "$dir/corpus" "$dir/crashes"
  cp Fuzz/Corpus/"$t"/* "$dir/corpus/"
  # Crashes whose bug is fixed are regression seeds; open ones would stop the run at once.
  skipped=0
  for f in Fuzz/Crashes/"$t"/*; do
    [ -f "$f" ] || continue
    if awk '{print $1}' Fuzz/Crashes/open.txt 2>/dev/null | grep -qxF "$t/$(basename "$f")"; then skipped=$((skipped + 1)); else cp "$f" "$dir/corpus/"; fi
  done
  [ $skipped -gt 0 ] && echo "$t: $skipped known-open crash input(s) left out (Fuzz/Crashes/open.txt)" >&2
  echo "$t: fuzzing for ${seconds}s, log in $dir/log" >&2
  set +e
  # CPU seconds as well as wall time: on a shared machine exec/s says more about the load.
  TIMEFORMAT='%U %S'
  # shellcheck disable=SC2086  # FUZZ_ARGS is a list of flags
  { time "$bin/$t" -max_total_time="$seconds" -timeout=10 -print_final_stats=1 \
      -artifact_prefix="$dir/crashes/" ${FUZZ_ARGS:-} "$dir/corpus" > "$dir/log" 2>&1; } 2> "$dir/cpu"
  rc=$?
  set -e
  cpu=$(awk '{printf "%.0f", $1 + $2}' "$dir/cpu")
  stat() { sed -n "s/^stat::$1: *//p" "$dir/log" | tail -1; }
  found=$(find "$dir/crashes" -type f | wc -l)
  execs=$(stat number_of_executed_units)
  summary+=("$(printf '%-16s %12s %8s %8s %12s %8s %8s' "$t" "$execs" "$(stat average_exec_per_sec)" "$cpu" \
    "$(awk -v e="${execs:-0}" -v c="$cpu" 'BEGIN { if (c > 0) printf "%.0f", e / c; else print "-" }')" \
    "$(stat peak_rss_mb)" "$found")")
  if [ $rc -ne 0 ] || [ "$found" -gt 0 ]; then
    failed=1
    echo "$t: FAILED (exit $rc)" >&2
    grep -m3 -E "^==[0-9]+==ERROR|Fatal error|invariant:|ERROR: libFuzzer" "$dir/log" >&2 || tail -5 "$dir/log" >&2
    for f in "$dir"/crashes/*; do
      [ -f "$f" ] || continue
      echo "  input: $f" >&2
      echo "  minimise: $bin/$t -minimize_crash=1 -runs=20000 -exact_artifact_path=Fuzz/Crashes/$t/NAME $f" >&2
    done
  fi
done

printf '%-16s %12s %8s %8s %12s %8s %8s\n' target executions exec/s cpu_s exec/cpu_s rss_mb crashes
printf '%s\n' "${summary[@]}"
echo "runs: $runs"
exit $failed
