#!/usr/bin/env python3
"""Generate the TA-Lib reference fixtures for Tests/IndicatorsTests.

Run once by hand (needs `pip install ta-lib numpy`); the tests read the committed output and
need no Python. Inputs are the first ROWS candles of each data file in ../shared/data; the
fixture stores ts_ms plus each TA-Lib output in shortest round-trip form (repr), empty where
TA-Lib gives NaN, so a test can compare bit for bit.

    python3 scripts/gen_talib_fixtures.py ../shared/data Tests/IndicatorsTests/Fixtures
"""
import csv
import os
import sys

import numpy as np
import talib

ROWS = 1500
SOURCES = {
    "binance_BTCUSDT_1h.csv": "talib_btcusdt_1h.csv",
    "freqtrade_UNITTEST-BTC_1m.csv": "talib_unittest_1m.csv",
}


def load(path):
    with open(path) as f:
        rows = list(csv.DictReader(f))[:ROWS]
    col = lambda k: np.array([float(r[k]) for r in rows], dtype=np.float64)
    return [int(r["ts_ms"]) for r in rows], col("open"), col("high"), col("low"), col("close")


def series(h, l, c):
    out = {}
    out["sma20"] = talib.SMA(c, 20)
    out["ema10"] = talib.EMA(c, 10)
    out["ema50"] = talib.EMA(c, 50)
    out["rsi14"] = talib.RSI(c, 14)
    out["rsi5"] = talib.RSI(c, 5)
    m, s, hist = talib.MACD(c, 12, 26, 9)
    out["macd"], out["macd_signal"], out["macd_hist"] = m, s, hist
    u, mid, lo = talib.BBANDS(c, 20, 2.0, 2.0, talib.MA_Type.SMA)
    out["bb_upper"], out["bb_middle"], out["bb_lower"] = u, mid, lo
    out["atr14"] = talib.ATR(h, l, c, 14)
    out["plus_di14"] = talib.PLUS_DI(h, l, c, 14)
    out["minus_di14"] = talib.MINUS_DI(h, l, c, 14)
    out["adx14"] = talib.ADX(h, l, c, 14)
    k, d = talib.STOCH(h, l, c, 14, 3, talib.MA_Type.SMA, 3, talib.MA_Type.SMA)
    out["stoch_k"], out["stoch_d"] = k, d
    out["mama"], out["fama"] = talib.MAMA(c, 0.5, 0.05)
    return out


def main(src_dir, dst_dir):
    os.makedirs(dst_dir, exist_ok=True)
    for src, dst in SOURCES.items():
        ts, _o, h, l, c = load(os.path.join(src_dir, src))
        out = series(h, l, c)
        names = list(out)
        with open(os.path.join(dst_dir, dst), "w", newline="") as f:
            f.write(f"# TA-Lib {talib.__ta_version__.decode()} (PyPI ta-lib {talib.__version__}); "
                    f"input: first {ROWS} rows of {src}\n")
            f.write(",".join(["ts_ms"] + names) + "\n")
            for i, t in enumerate(ts):
                vals = ["" if np.isnan(out[n][i]) else repr(float(out[n][i])) for n in names]
                f.write(",".join([str(t)] + vals) + "\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
