#!/usr/bin/env python3
"""Generate GRID's reference series for Tests/IndicatorsTests from the original TradingBoost code.

Run once by hand (needs numpy and pandas, and a checkout of seungdori/TradingBoost-Strategy at
the commit seed-systems.md names); the tests read the committed output and need no Python.
The original modules are loaded from the checkout by file path, unmodified: GRID's ATR
(GRID/indicators/helpers.py), MAMA/FAMA (shared/indicators/_mama_fama.py) and the levels
(GRID/analysis/grid_logic.py), called as GRID/main/periodic_analysis.py calls them. The fixture
stores ts_ms, atr14, mama, fama and levels 0-20 in shortest round-trip form (repr), empty
where the original gives NaN, for the first ROWS candles of each file.

    python3 scripts/gen_grid_fixtures.py CHECKOUT ../shared/data Tests/IndicatorsTests/Fixtures
"""
import csv
import importlib.util
import math
import os
import sys

import pandas as pd

ROWS = 1200
SOURCES = {"binance_BTCUSDT_15m.csv": "grid_btcusdt_15m.csv", "binance_ETHUSDT_15m.csv": "grid_ethusdt_15m.csv"}


def load(checkout, name, relative):
    spec = importlib.util.spec_from_file_location(name, os.path.join(checkout, relative))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def cell(x):
    return "" if x is None or (isinstance(x, float) and math.isnan(x)) else repr(float(x))


def main(checkout, data, out):
    helpers = load(checkout, "grid_helpers", "GRID/indicators/helpers.py")
    mama_fama = load(checkout, "grid_mama_fama", "shared/indicators/_mama_fama.py")
    grid_logic = load(checkout, "grid_logic", "GRID/analysis/grid_logic.py")
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
