#!/usr/bin/env bash
# Fuzzes the parsers of what users and peers send (the Fuzz/ package): builds the libFuzzer
# targets, runs each for SECONDS on a fresh copy of its seeds (Fuzz/Corpus/<target>/ and the
# fixed crashes in Fuzz/Crashes/<target>/), prints executions, exec/s, CPU time, peak RSS and
# crashes per target, and exits non-zero if any target crashed, naming the saved input.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]        default: 60 s, every target
#   FUZZ_KEEP_GOING=1 scripts/fuzz.sh 600        after a crash, fuzz on until SECONDS are up
#   FUZZ_ARGS="-max_len=20000" scripts/fuzz.sh   extra libFuzzer flags
#   FUZZ_SANITIZERS=fuzzer scripts/fuzz.sh       without AddressSanitizer: ~3x the rate and a
#                                                tenth of the memory; Swift still checks bounds
#                                                and overflow, only unsafe-pointer code loses
#
# Runs go to Fuzz/.build-runs/<time>/<target>/ (git-ignored): the grown corpus, the logs, and
# any crash-*/timeout-*/oom-* input. Never commit them as they are: minimise a crash (the
# command is printed), add it to Fuzz/Crashes/<target>/, and list it in Fuzz/Crashes/open.txt
# until its bug is fixed.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=60
if [[ ${1:-} =~ ^[0-9]+$ ]]; then seconds=$1; shift; fi
all=(fuzz-toml fuzz-candle-csv fuzz-trade-csv fuzz-control fuzz-okx-market fuzz-binance-market fuzz-safetensors)
if [ $# -gt 0 ]; then targets=("$@"); else targets=("${all[@]}"); fi
for t in "${targets[@]}"; do
  [ -d "Fuzz/Corpus/$t" ] || { echo "unknown target '$t' (known: ${all[*]})" >&2; exit 2; }
done

scripts/deps.sh
# libFuzzer and AddressSanitizer ship with the Swift toolchain: nothing to install for them.
sanitizers=${FUZZ_SANITIZERS:-fuzzer,address}
scratch=Fuzz/.build
[ "$sanitizers" = fuzzer,address ] || scratch=Fuzz/.build-${sanitizers//,/-}
swift build --package-path Fuzz --scratch-path "$scratch" -c release -Xswiftc -sanitize="$sanitizers" >&2
bin=$scratch/release

# Allocation stack traces halve the rate (Swift allocates often); turn them back on
# (ASAN_OPTIONS=malloc_context_size=30) when rerunning a saved heap error.
export ASAN_OPTIONS=${ASAN_OPTIONS:-malloc_context_size=0}
# libFuzzer reports the crash and saves the input; Swift's backtracer would only add seconds.
export SWIFT_BACKTRACE=enable=no
symbolizer=$(dirname "$(command -v swift)")/llvm-symbolizer
[ -x "$symbolizer" ] && export ASAN_SYMBOLIZER_PATH=$symbolizer
# CPU seconds as well as wall time: on a shared machine exec/s mostly measures the load.
TIMEFORMAT='%U %S'

# Copies the seeds of $1 into $2: crashes whose bug is fixed are regression seeds; open ones
# would stop the run at once.
seed() {
  cp Fuzz/Corpus/"$1"/* "$2/"
  local f skipped=0
  for f in Fuzz/Crashes/"$1"/*; do
    [ -f "$f" ] || continue
    if awk '{print $1}' Fuzz/Crashes/open.txt 2>/dev/null | grep -qxF "$1/$(basename "$f")"; then
      skipped=$((skipped + 1))
    else
      cp "$f" "$2/"
    fi
  done
  [ $skipped -eq 0 ] || echo "$1: $skipped known-open crash input(s) left out (Fuzz/Crashes/open.txt)" >&2
}

runs=Fuzz/.build-runs/$(date +%Y%m%d-%H%M%S)
mkdir -p "$runs"
failed=0
summary=()
for t in "${targets[@]}"; do
  dir=$runs/$t
  mkdir -p "$dir/corpus" "$dir/crashes"
  seed "$t" "$dir/corpus"
  echo "$t: fuzzing for ${seconds}s, logs in $dir/" >&2
  # One libFuzzer run, or with FUZZ_KEEP_GOING a new one on the grown corpus after each crash.
  execs=0 cpu=0 rss=0 rc=0 n=0
  start=$SECONDS
  while left=$((start + seconds - SECONDS)); [ $left -gt 0 ]; do
    n=$((n + 1))
    log=$dir/log.$n
    set +e
    # shellcheck disable=SC2086  # FUZZ_ARGS is a list of flags
    { time "$bin/$t" -max_total_time=$left -timeout=10 -print_final_stats=1 \
        -artifact_prefix="$dir/crashes/" ${FUZZ_ARGS:-} "$dir/corpus" > "$log" 2>&1; } 2> "$dir/cpu.$n"
    code=$?
    set -e
    stat() { sed -n "s/^stat::$1: *//p" "$log" | tail -1; }
    execs=$((execs + $(stat number_of_executed_units || true) + 0))
    r=$(stat peak_rss_mb); [ "${r:-0}" -gt $rss ] && rss=$r
    cpu=$(awk -v c="$cpu" '{ printf "%.1f", c + $1 + $2 }' "$dir/cpu.$n")
    if [ $code -ne 0 ]; then
      rc=$code
      echo "$t: crashed (exit $code) after $((SECONDS - start)) s:" >&2
      grep -m3 -E "^==[0-9]+==ERROR|Fatal error|invariant:|ERROR: libFuzzer" "$log" >&2 || tail -5 "$log" >&2
      [ -n "${FUZZ_KEEP_GOING:-}" ] || break
    else
      break
    fi
  done
  wall=$((SECONDS - start))
  found=$(find "$dir/crashes" -type f | wc -l)
  summary+=("$(awk -v t="$t" -v e=$execs -v w=$wall -v c="$cpu" -v r=$rss -v f="$found" -v n=$n 'BEGIN {
    printf "%-16s %12d %6d %8.0f %6.0f %11.0f %7d %8d %5d", t, e, w, (w > 0 ? e / w : 0), c, (c > 0 ? e / c : 0), r, f, n }')")
  if [ $rc -ne 0 ] || [ "$found" -gt 0 ]; then
    failed=1
    for f in "$dir"/crashes/*; do
      [ -f "$f" ] || continue
      echo "  input: $f" >&2
      echo "  minimise: $bin/$t -minimize_crash=1 -max_total_time=120 -exact_artifact_path=Fuzz/Crashes/$t/NAME $f" >&2
    done
  fi
done

printf '%-16s %12s %6s %8s %6s %11s %7s %8s %5s\n' \
  target executions wall_s exec/s cpu_s exec/cpu_s rss_mb crashes runs
printf '%s\n' "${summary[@]}"
echo "runs: $runs"
exit $failed
