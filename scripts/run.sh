#!/usr/bin/env bash
# The run command: installs missing Debian packages, builds botctl in release mode and
# backtests the shipped sample bot on the market simulator (needs nothing but the clone).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
swift build -c release --product botctl
.build/release/botctl lint runtime.toml
.build/release/botctl backtest bots/rsi-cross-btc.toml --data "sim:seed=7,days=30" --out out/rsi-cross-sim "$@"
