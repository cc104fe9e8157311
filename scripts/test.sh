#!/usr/bin/env bash
# The test command: installs missing Debian packages, builds, runs the whole suite.
#
# In two runs: the tests that talk to local servers over real sockets (the venue fakes, WebSocket
# and HTTP servers, botd trading on the fake) wait on timers and answers, and on CI's two cores
# the CPU-bound tests running beside them (backtests, fuzz replays, HYPERRSI's warm-up check)
# starve them into timeouts. Each run is parallel within itself. Telegram's tests run a daemon's
# insides (or botd itself) per test beside their fake: a third run, so that their load does not
# stretch the venue tests' timeouts either (a 200 ms curl timeout was seen to take 5.4 s).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
swift build --build-tests
network='OKXTests|OKXFakeTests|BinanceFakeTests|BinanceTests|VenueSocketTests|HTTPTransportTests|OKXDaemonTests|BinanceDaemonTests|CredentialsTests'
telegram='TelegramFakeTests|TelegramTests|TelegramDaemonTests'
swift test --skip-build --skip "$network|$telegram"
swift test --skip-build --filter "$network"
swift test --skip-build --filter "$telegram"
