#!/usr/bin/env bash
# Soak test: runs the release botd on the shipped bots for MINUTES (default 10) at SPEED
# simulated minutes per second (default 600) and watches it for leaks and unbounded growth.
#
#   scripts/soak.sh [MINUTES] [SPEED]
#
# botd runs on a temporary copy of runtime.toml, bots/ and data/instruments.toml (so its
# database and socket live in that copy: the repo's var/ is never touched; the metrics port is
# turned off so it cannot clash with another botd). Every SOAK_INTERVAL seconds (default: 5, or
# less for short runs, so there are at least 40 samples) it records botd's RSS (VmRSS, with its
# RssAnon and RssFile parts: SQLite's WAL index is a shared file mapping, counted in RssFile),
# open files (/proc/PID/fd), threads, the SQLite WAL's and the database's sizes, and the total and
# maximum of `botruntime_queue_depth` over the bots (`botctl metrics`, on the copy's socket).
# It prints them as a table and writes them to OUT/samples.csv (OUT: SOAK_OUT, default
# out/soak-DATE), with botd's log and a summary.
#
# Verdict (exit 1 when any fails):
#   - RSS, open files, threads, queue depth: none may grow by more than 10 % over the second
#     half of the run (the first half is warm-up: caches, the bots' first orders, SQLite's page
#     cache fill). See `growth` below for how.
#   - the WAL may never exceed max(64 MiB, the database's size at that moment).
#   - botd must stay up and stop with exit status 0 on SIGTERM.
# At the end botd gets SIGTERM and the script reports whether the clean stop truncated the WAL.
#
# env: SCRATCH (SwiftPM scratch path, default .build), SOAK_INTERVAL, SOAK_OUT,
#      SOAK_MIN_FREE_MB (stop sampling early when the disk has less free, default 2048),
#      SOAK_KEEP=1 (keep the temporary copy with its database).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
minutes="${1:-10}"
speed="${2:-600}"
[[ "$minutes" =~ ^[0-9]+([.][0-9]+)?$ && "$speed" =~ ^[0-9]+([.][0-9]+)?$ ]] || { echo "usage: $0 [MINUTES] [SPEED]" >&2; exit 64; }
scratch="${SCRATCH:-.build}"
duration=$(awk -v m="$minutes" 'BEGIN { printf "%d", m * 60 }')
(( duration >= 10 )) || { echo "$0: run for at least 10 seconds" >&2; exit 64; }
interval="${SOAK_INTERVAL:-$(( duration / 40 < 5 ? (duration / 40 > 0 ? duration / 40 : 1) : 5 ))}"
min_free_mb="${SOAK_MIN_FREE_MB:-2048}"

scripts/deps.sh
echo "building release botd and botctl (scratch path $scratch) ..."
swift build -c release --scratch-path "$scratch" --product botd 2>&1 | grep -E "error|Build complete" || true
swift build -c release --scratch-path "$scratch" --product botctl 2>&1 | grep -E "error|Build complete" || true
bin="$root/$scratch/release"
[[ -x "$bin/botd" && -x "$bin/botctl" ]] || { echo "build failed" >&2; exit 1; }

out="${SOAK_OUT:-out/soak-$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
csv="$out/samples.csv"
summary="$out/summary.txt"

# The temporary copy. Its relative paths (storage, socket) resolve against its own folder.
work="$(mktemp -d -t botruntime-soak.XXXXXX)"
cp runtime.toml "$work/"
cp -r bots "$work/bots"
mkdir -p "$work/data"
cp data/instruments.toml "$work/data/"
config="$work/runtime.toml"
sed -i -E "s/^speed = [0-9.]+/speed = $speed/; s/^address = .*/address = \"\"/" "$config"
grep -qE "^speed = $speed( |$)" "$config" || { echo "$0: could not set the speed in $config" >&2; exit 1; }
# The [storage] path, which must stay inside the copy.
storage_rel=$(awk -F'"' '/^\[storage\]/ { s = 1; next } /^\[/ { s = 0 } s && /^path *=/ { print $2; exit }' "$config")
case "$storage_rel" in "" | /*) echo "$0: runtime.toml's [storage] path must be relative (got '$storage_rel')" >&2; exit 1 ;; esac
storage="$work/$storage_rel"
"$bin/botctl" lint "$config"

pid=""
stopped=0
cleanup() {
    if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
    fi
    if [[ "${SOAK_KEEP:-0}" == 1 ]]; then echo "kept the copy: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

"$bin/botd" --config "$config" >/dev/null 2>"$out/botd.log" &
pid=$!
for _ in $(seq 1 600); do
    "$bin/botctl" bots --config "$config" >/dev/null 2>&1 && break
    kill -0 "$pid" 2>/dev/null || { echo "botd exited at start; its log:" >&2; tail -20 "$out/botd.log" >&2; exit 1; }
    sleep 0.1
done
echo "botd pid $pid on $work (speed $speed, $minutes min, a sample every $interval s); samples: $csv"

mib() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1048576 }'; }
echo "t_s,rss_kb,open_files,threads,wal_bytes,db_bytes,queue_depth_total,queue_depth_max,events_total,rss_anon_kb,rss_file_kb,rss_shmem_kb" >"$csv"
printf "%7s %9s %8s %6s %7s %9s %8s %7s %7s %11s\n" "t(s)" "RSS MiB" "file MiB" "fds" "threads" "WAL MiB" "DB MiB" "q total" "q max" "events" | tee "$summary"
start=$(date +%s%N)
died=0
early=""
next=0
while :; do
    now=$(( ($(date +%s%N) - start) / 1000000000 ))
    (( now <= duration )) || break
    if ! kill -0 "$pid" 2>/dev/null; then died=1; break; fi
    status=$(cat "/proc/$pid/status" 2>/dev/null) || { died=1; break; }
    rss=$(awk '/^VmRSS:/ { print $2 }' <<<"$status")
    threads=$(awk '/^Threads:/ { print $2 }' <<<"$status")
    read -r anon file shmem < <(awk '/^RssAnon:/ { a = $2 } /^RssFile:/ { f = $2 } /^RssShmem:/ { s = $2 } END { print a + 0, f + 0, s + 0 }' <<<"$status")
    fds=$(ls -U "/proc/$pid/fd" 2>/dev/null | wc -l)
    wal=$(stat -c %s "$storage-wal" 2>/dev/null || echo 0)
    db=$(stat -c %s "$storage" 2>/dev/null || echo 0)
    metrics=$("$bin/botctl" metrics --config "$config" 2>/dev/null || true)
    read -r qtotal qmax events < <(awk '
        /^botruntime_queue_depth\{/ { v = $NF + 0; t += v; if (v > m) m = v; n++ }
        /^botruntime_events_total/ { e += $NF }
        END { if (n == 0) print "NA NA NA"; else printf "%d %d %d\n", t, m, e }' <<<"$metrics")
    echo "$now,$rss,$fds,$threads,$wal,$db,$qtotal,$qmax,$events,$anon,$file,$shmem" >>"$csv"
    printf "%7d %9s %8s %6d %7d %9s %8s %7s %7s %11s\n" "$now" "$(mib $((rss * 1024)))" "$(mib $((file * 1024)))" "$fds" "$threads" "$(mib "$wal")" \
        "$(mib "$db")" "$qtotal" "$qmax" "$events" | tee -a "$summary"
    free_mb=$(df -Pm "$work" | awk 'NR == 2 { print $4 }')
    if (( free_mb < min_free_mb )); then early="the disk has ${free_mb} MiB free (< $min_free_mb)"; break; fi
    next=$(( next + interval ))
    wait_ns=$(( start + next * 1000000000 - $(date +%s%N) ))
    (( wait_ns > 0 )) && sleep "$(awk -v n="$wait_ns" 'BEGIN { printf "%.3f", n / 1e9 }')"
done

fail=()
{
    echo
    [[ -n "$early" ]] && echo "stopped sampling early: $early"
    samples=$(( $(wc -l <"$csv") - 1 ))
    echo "$samples samples over $(tail -1 "$csv" | cut -d, -f1) s"
} | tee -a "$summary"
if (( died )); then
    fail+=("botd exited during the run")
    echo "botd exited during the run; the end of its log:" | tee -a "$summary"
    tail -20 "$out/botd.log" | tee -a "$summary"
fi

# growth: over the second half of the samples, the median of its first quarter against the
# median of its last quarter. Medians of quarters, not single samples or a plain slope: a
# transient spike (a botctl connection's fd, a burst of bars in a queue, a page-cache fill)
# moves one or two samples and no median, while a leak moves the whole last quarter. The
# second half only: the first is warm-up. A metric fails when it grows by more than 10 % AND by
# more than a small absolute slack (RSS 1 MiB, 2 files, 2 threads, 10 queued events), so that
# 0 -> 1 queued event or 20 -> 22 files is not read as a leak. The least-squares slope of the
# second half is printed beside it, for information.
growth() { # column name slack kind
    awk -F, -v col="$1" -v name="$2" -v slack="$3" -v kind="$4" '
        NR > 1 && $col != "NA" { v[++n] = $col + 0; t[n] = $1 + 0 }
        function median(a, lo, hi,    i, j, k, m, x, tmp) {
            m = 0
            for (i = lo; i <= hi; i++) tmp[++m] = a[i]
            for (i = 2; i <= m; i++) { x = tmp[i]; for (j = i - 1; j >= 1 && tmp[j] > x; j--) tmp[j + 1] = tmp[j]; tmp[j + 1] = x }
            return m % 2 ? tmp[(m + 1) / 2] : (tmp[m / 2] + tmp[m / 2 + 1]) / 2
        }
        END {
            if (n < 8) { printf "%-14s too few samples (%d)\n", name, n; exit 0 }
            lo = int(n / 2) + 1; m = n - lo + 1; q = int(m / 4); if (q < 1) q = 1
            a = median(v, lo, lo + q - 1); b = median(v, n - q + 1, n)
            sx = sy = sxx = sxy = 0
            for (i = lo; i <= n; i++) { sx += t[i]; sy += v[i]; sxx += t[i] * t[i]; sxy += t[i] * v[i] }
            d = m * sxx - sx * sx; slope = d ? (m * sxy - sx * sy) / d * 60 : 0
            pct = a > 0 ? (b - a) / a * 100 : (b > 0 ? 1e9 : 0)
            bad = pct > 10 && b - a > slack
            printf "%-14s second half: first quarter median %s, last quarter median %s: %s; slope %+.2f/min%s\n",
                name, a, b, (a > 0 ? sprintf("%+.1f %%", pct) : (b > 0 ? "from 0" : "flat")), slope, bad ? (kind == "info" ? "  (> 10 %; for information)" : "  FAIL (> 10 %)") : ""
            exit bad
        }' "$csv"
}
{
    echo
    echo "growth over the second half (median of its first quarter -> median of its last quarter):"
} | tee -a "$summary"
for spec in "2 rss_kb 1024 verdict" "10 rss_anon_kb 1024 info" "11 rss_file_kb 1024 info" "3 open_files 2 verdict" "4 threads 2 verdict" \
    "7 queue_total 10 verdict" "8 queue_max 10 verdict"; do
    read -r col name slack kind <<<"$spec"
    if line=$(growth "$col" "$name" "$slack" "$kind"); then ok=1; else ok=0; fi
    echo "$line" | tee -a "$summary"
    [[ $kind == info ]] || (( ok )) || fail+=("$name grew by more than 10 % over the second half")
done

# The WAL against max(64 MiB, the database), at every sample.
wal_report=$(awk -F, 'NR > 1 {
        limit = $6 > 67108864 ? $6 : 67108864
        if ($5 > max) { max = $5; maxt = $1; maxdb = $6 }
        if ($5 > limit && !over) { over = 1; t = $1; w = $5; dbs = $6 }
    }
    END {
        printf "WAL: largest %.1f MiB at %d s (database %.1f MiB then)", max / 1048576, maxt, maxdb / 1048576
        if (over) printf "; FAIL: first above max(64 MiB, database) at %d s: %.1f MiB against a %.1f MiB database\n", t, w / 1048576, dbs / 1048576
        else printf "; never above max(64 MiB, database)\n"
        exit over
    }' "$csv") && wal_ok=1 || wal_ok=0
echo "$wal_report" | tee -a "$summary"
(( wal_ok )) || fail+=("the WAL exceeded max(64 MiB, the database's size)")

# A graceful stop, and what it left of the WAL.
if (( ! died )); then
    wal_before=$(stat -c %s "$storage-wal" 2>/dev/null || echo 0)
    t0=$(date +%s%N)
    kill -TERM "$pid"
    code=""
    for _ in $(seq 1 600); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then
        kill -KILL "$pid"; wait "$pid" 2>/dev/null || true
        fail+=("botd did not stop within 60 s of SIGTERM (killed)")
        code="killed"
    else
        wait "$pid" && code=0 || code=$?
        (( code == 0 )) || fail+=("botd exited with status $code on SIGTERM")
    fi
    stop_s=$(awk -v n="$(( $(date +%s%N) - t0 ))" 'BEGIN { printf "%.2f", n / 1e9 }')
    pid=""
    if [[ -e "$storage-wal" ]]; then wal_after=$(stat -c %s "$storage-wal"); else wal_after=absent; fi
    db_after=$(stat -c %s "$storage" 2>/dev/null || echo 0)
    if [[ "$wal_after" == absent || "$wal_after" == 0 ]]; then truncated="yes (WAL $wal_after)"; else truncated="NO: $(mib "$wal_after") MiB left"; fi
    {
        echo "graceful stop (SIGTERM): exit $code after $stop_s s; WAL before it $(mib "$wal_before") MiB, after it: truncated $truncated; database $(mib "$db_after") MiB"
    } | tee -a "$summary"
fi
above=$(grep -vc '"level":"\(info\|debug\|trace\)"' "$out/botd.log" || true)
echo "botd log: $(wc -l <"$out/botd.log") lines, $above above info ($out/botd.log)" | tee -a "$summary"
grep -v '"level":"\(info\|debug\|trace\)"' "$out/botd.log" | sed -E 's/"ts":"[^"]*",//' | sort | uniq -c | sort -rn | head -5 | tee -a "$summary" || true

echo | tee -a "$summary"
if (( ${#fail[@]} )); then
    printf 'FAIL: %s\n' "${fail[@]}" | tee -a "$summary"
    echo "samples: $csv; summary: $summary"
    exit 1
fi
echo "PASS; samples: $csv; summary: $summary" | tee -a "$summary"
