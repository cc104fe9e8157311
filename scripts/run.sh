#!/usr/bin/env bash
# The run command: installs missing Debian packages, builds botd and botctl (release), checks the
# shipped configuration and starts the daemon on it in the foreground: paper trading on the
# market simulator, no network, no secrets. Stop it with Ctrl-C (or `botctl shutdown`).
# Watch it from another terminal:  .build/release/botctl status
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
swift build -c release --product botd
swift build -c release --product botctl
.build/release/botctl lint runtime.toml
echo "botd starting; in another terminal: .build/release/botctl status   (orders, pnl, balance, events, metrics)"
exec .build/release/botd --config runtime.toml "$@"
