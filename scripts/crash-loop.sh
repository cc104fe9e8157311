#!/usr/bin/env bash
# The crash loop, long: builds the package with its tests and runs
# Tests/BotctlTests/CrashLoopTests.swift for ROUNDS rounds (default 35). Each round starts botd
# (debug build, paper, simulator at speed 600) on the shipped bots plus a 100x bot that gets
# liquidated, SIGKILLs it at a random moment (one round in five during its start, the others
# 0.1-4 s after it answers) and checks, after the kill and again once the restarted botd answers
# on its socket:
#   - the store check (Sources/Store/StoreCheck.swift, read-only): PRAGMA integrity_check; no
#     client order id minted twice (sequence unique per bot, below the snapshot's next_sequence,
#     id = ClientOrderID(bot, sequence)); every fill has its order (liquidation fills without one,
#     and liquidation ids reused across fills, named apart); filled = sum of fills <= quantity;
#     positions = signed sum of fills per bot and side;
#   - no order or fill rows lost across the restart;
#   - every bot `running` again (botctl status --json), none restarted by the supervisor.
# The last round stops botd with SIGTERM and checks the record once more.
#
#   scripts/crash-loop.sh [ROUNDS]
#   env: BOTRUNTIME_CRASH_SEED=N (replay a run), BOTRUNTIME_CRASH_TOLERATE=inv1,inv2 (known
#        violations that do not fail), BOTRUNTIME_CRASH_KEEP=1 (keep the run's folder),
#        SCRATCH=.build-xyz (SwiftPM scratch path, default .build)
# Exit status: the test's (0 when every round passed).
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-35}"
case "$rounds" in '' | *[!0-9]*) echo "usage: $0 [ROUNDS]" >&2; exit 64 ;; esac
scratch="${SCRATCH:-.build}"

scripts/deps.sh
echo "building (scratch path $scratch) ..."
swift build --scratch-path "$scratch" --build-tests 2>&1 | grep -E "error|warning: unre|Compiling|Build complete" | grep -v Compiling || true
test -x "$scratch/debug/botd" || { echo "build failed" >&2; exit 1; }

log="$(mktemp -t crash-loop.XXXXXX.log)"
echo "running $rounds rounds (full output: $log) ..."
set +e
BOTRUNTIME_CRASH_ROUNDS="$rounds" BOTRUNTIME_CRASH_KEEP="${BOTRUNTIME_CRASH_KEEP:-0}" \
    swift test --scratch-path "$scratch" --skip-build --filter CrashLoopTests >"$log" 2>&1
status=$?
set -e

echo
echo "== what the test printed: per round, the checks that failed (a violation that stays in the record"
echo "   is shown once, when new); then the table (socket s: spawn to botd's first answer on its socket;"
echo "   running s: to every bot running; orders/fills: rows after the kill)"
awk '/^crash-loop: /{on=1} /recorded an issue|^(✘|✔|◇|↳)/{on=0} on' "$log" | sed 's/^crash-loop: //'
echo
if [ "$status" -eq 0 ]; then
    echo "PASS: $rounds kills and restarts, every check passed"
else
    echo "FAIL; distinct violations over the run:"
    awk '/recorded an issue/{on=1; next} /^crash-loop: FAIL/{on=0} on' "$log" | sed 's/^↳ //' | head -60
    # The run's folder (database, WAL, botd.log) is kept by the test on failure; it can be large.
    kept=$(grep -oE 'folder kept: [^ ]+' "$log" | tail -1 | cut -d' ' -f3 || true)
    if [ -n "$kept" ] && [ -d "$kept" ]; then
        echo "kept: $kept ($(du -sh "$kept" | cut -f1)); remove it with: rm -rf $kept"
    fi
fi
exit "$status"
