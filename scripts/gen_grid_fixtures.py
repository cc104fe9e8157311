#!/usr/bin/env python3
"""Generate GRID's reference series for Tests/IndicatorsTests from the original TradingBoost code.

Run once by hand (needs numpy and pandas, and a checkout of seungdori/TradingBoost-Strategy at
the commit seed-systems.md names); the tests read the committed output and need no Python.
The original modules are loaded from the checkout by file path, unmodified: GRID's ATR
(GRID/indicators/helpers.py), MAMA/FAMA (shared/indicators/_mama_fama.py) and the levels
(GRID/analysis/grid_logic.py), called as GRID/main/periodic_analysis.py calls them. The fixture
stores ts_ms, atr14, mama, fama and levels 0-20 in shortest round-trip form (repr), empty
where the original gives NaN, for the first ROWS candles of each file; and, for 4h bars built
from each whole file (open of the first, highest high, lowest low, close of the last 15m candle
of each 4h period), the regime: adx, +DI, -DI and adx_state from shared/indicators/_adx.py and
GRID/indicators/grid_specific.py.

    python3 scripts/gen_grid_fixtures.py CHECKOUT ../shared/data Tests/IndicatorsTests/Fixtures
"""
import csv
import importlib.util
import math
import os
import sys
import types

import pandas as pd

ROWS = 1200
SOURCES = {"binance_BTCUSDT_15m.csv": "grid_btcusdt_15m.csv", "binance_ETHUSDT_15m.csv": "grid_ethusdt_15m.csv"}
REGIME = {"binance_BTCUSDT_15m.csv": "grid_regime_btcusdt_4h.csv", "binance_ETHUSDT_15m.csv": "grid_regime_ethusdt_4h.csv"}


def load(checkout, name, relative):
    spec = importlib.util.spec_from_file_location(name, os.path.join(checkout, relative))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def cell(x):
    return "" if x is None or (isinstance(x, float) and math.isnan(x)) else repr(float(x))


def main(checkout, data, out):
    # grid_specific imports the checkout's shared.indicators; the `shared` package's own
    # __init__ pulls in the whole application (Redis, exchange helpers), so only its path is
    # registered, and shared.indicators is imported as it is.
    shared = types.ModuleType("shared")
    shared.__path__ = [os.path.join(checkout, "shared")]
    sys.modules["shared"] = shared
    helpers = load(checkout, "grid_helpers", "GRID/indicators/helpers.py")
    mama_fama = load(checkout, "grid_mama_fama", "shared/indicators/_mama_fama.py")
    grid_logic = load(checkout, "grid_logic", "GRID/analysis/grid_logic.py")
    adx = load(checkout, "grid_adx", "shared/indicators/_adx.py")
    specific = load(checkout, "grid_specific", "GRID/indicators/grid_specific.py")
    for source, target in REGIME.items():
        m = pd.read_csv(os.path.join(data, source))
        m["bucket"] = m["ts_ms"] // 14_400_000 * 14_400_000
        g = m.groupby("bucket", sort=True)
        h4 = pd.DataFrame({"ts_ms": g["ts_ms"].first() // 14_400_000 * 14_400_000, "open": g["open"].first(), "high": g["high"].max(),
                           "low": g["low"].min(), "close": g["close"].last()}).reset_index(drop=True)
        h4 = adx.calculate_adx(h4, 28, 28)
        h4["adx_state"] = 0
        h4 = specific.update_adx_state(h4)
        with open(os.path.join(out, target), "w", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["ts_ms", "adx", "plus_di", "minus_di", "adx_state"])
            for i in range(len(h4)):
                w.writerow([int(h4["ts_ms"].iloc[i]), cell(h4["adx"].iloc[i]), cell(h4["plusDM"].iloc[i]), cell(h4["minusDM"].iloc[i]),
                            int(h4["adx_state"].iloc[i])])
    for source, target in SOURCES.items():
        df = pd.read_csv(os.path.join(data, source)).iloc[:ROWS].copy()
        df = helpers.atr(df, 14)
        mama, fama = mama_fama.compute_mama_fama(df["close"], length=20)
        df["mama"], df["fama"], df["main_plot"] = mama, fama, fama
        levels = grid_logic.calculate_grid_levels(df, n_levels=20)
        columns = ["atr", "mama", "fama"] + [f"grid_level_{n}" for n in range(21)]
        with open(os.path.join(out, target), "w", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["ts_ms", "atr14", "mama", "fama"] + [f"L{n}" for n in range(21)])
            for i in range(len(levels)):
                w.writerow([int(levels["ts_ms"].iloc[i])] + [cell(levels[c].iloc[i]) for c in columns])


if __name__ == "__main__":
    main(*sys.argv[1:4])
