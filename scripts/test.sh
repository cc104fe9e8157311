#!/usr/bin/env bash
# The test command: installs missing Debian packages, builds, runs the whole suite.
#
# In two runs: the tests that talk to local servers over real sockets (the venue fakes, WebSocket
# and HTTP servers, botd trading on the fake) wait on timers and answers, and on CI's two cores
# the CPU-bound tests running beside them (backtests, fuzz replays, HYPERRSI's warm-up check)
# starve them into timeouts. Each run is parallel within itself.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
swift build --build-tests
network='OKXTests|OKXFakeTests|BinanceFakeTests|BinanceTests|VenueSocketTests|HTTPTransportTests|OKXDaemonTests|BinanceDaemonTests|CredentialsTests|TelegramFakeTests|TelegramTests|TelegramDaemonTests'
swift test --skip-build --skip "$network"
swift test --skip-build --filter "$network"
