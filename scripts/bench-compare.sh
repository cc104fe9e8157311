#!/bin/bash
# Runs the benchmark set on two release builds alternately, BEFORE (a worktree of the earlier
# commit) and AFTER (default: this checkout), so both meet the machine in the same mood.
# Each needs `swift build -c release --package-path Benchmarks` and `--product botctl` first.
# usage: BEFORE=../wt-before scripts/bench-compare.sh [ROUNDS]
set -u
B=${BEFORE:?set BEFORE to the checkout built before the change}; A=${AFTER:-$(pwd)}
R=${1:-2}
run() { # label dir cmd...
  local label=$1 dir=$2; shift 2
  echo "### $label: $*"
  (cd $dir && "$@" 2>&1 | grep -vE "^\s*$" | tail -12)
}
e2e() { # dir
  local dir=$1; cd $dir
  local n=30 t0 t1 total=0
  for i in 1 2 3; do .build/release/botctl backtest bots/rsi-cross-btc.toml --data ../shared/data/binance_BTCUSDT_1m.csv >/dev/null; done
  for i in $(seq $n); do t0=$(date +%s%N); .build/release/botctl backtest bots/rsi-cross-btc.toml --data ../shared/data/binance_BTCUSDT_1m.csv >/dev/null; t1=$(date +%s%N); total=$((total + t1 - t0)); done
  echo "end to end mean: $((total / n / 1000)) us over $n runs"
}
for r in $(seq $R); do
  for side in before after; do
    d=$B; [ $side = after ] && d=$A
    echo "======== round $r $side"
    run $side $d Benchmarks/.build/release/bench
    (e2e $d)
    run $side $d Benchmarks/.build/release/runtime-bench single
    run $side $d Benchmarks/.build/release/runtime-bench fanout 1000 100 20
    run $side $d Benchmarks/.build/release/runtime-bench fanout 10000 10 30
    run $side $d Benchmarks/.build/release/runtime-bench startup 10000
    run $side $d Benchmarks/.build/release/runtime-bench journal
    if [ $side = after ]; then run $side $d env SLOW=1 Benchmarks/.build/release/runtime-bench fanout 1000 100 20; fi
  done
done
