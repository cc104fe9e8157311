"""The `auroraq-obs-v1` observation (Sources/Strategies/AuroraQ/README.md), in the seed's pandas style.

Each bar's observation is computed from its own window DataFrame with plain pandas calls, on
purpose: the Swift implementation is written independently from the same README, and the parity
fixtures compare the two.
"""
import hashlib
import multiprocessing
import os
from pathlib import Path

import numpy as np
import pandas as pd

SPEC = "auroraq-obs-v1"
WINDOW = 100
MIN_BARS = 50
FEATURE_NAMES = [
    "close_scaled", "volume_ratio", "rsi14", "macd", "adx14",
    "close_vs_ema12", "close_vs_ema26", "ema12_vs_ema26", "bb_position", "stoch_k", "stoch_d",
    "return_4", "return_19", "volatility14", "slope10",
    "sentiment_mean", "sentiment_fear_greed", "sentiment_volatility", "sentiment_trend",
    "sentiment_mean20", "sentiment_mean10",
    "pad1", "pad2", "pad3", "pad4", "pad5",
]
# No sentiment history exists for training: features 16-21 are the seed's neutral fallback.
SENTIMENT_FALLBACK = [0.0, 0.5, 0.0, 0.0, 0.0, 0.0]


def _or(value, default):
    value = float(value)
    return value if np.isfinite(value) else default


def observe(w: pd.DataFrame) -> np.ndarray:
    """The 26 features at the window's last bar (the window is the last min(n, 100) bars)."""
    close, high, low, volume = w["close"], w["high"], w["low"], w["volume"]
    c, v = float(close.iloc[-1]), float(volume.iloc[-1])

    ema12_raw = close.ewm(span=12, adjust=True).mean().iloc[-1]
    ema26_raw = close.ewm(span=26, adjust=True).mean().iloc[-1]
    ema12, ema26 = _or(ema12_raw, c), _or(ema26_raw, c)
    macd = _or(ema12_raw - ema26_raw, 0.0)

    delta = close.diff()
    gain = delta.where(delta > 0, 0.0).rolling(14).mean().iloc[-1]
    loss = (-delta).where(delta < 0, 0.0).rolling(14).mean().iloc[-1]
    with np.errstate(divide="ignore", invalid="ignore"):
        rsi = _or(100 - 100 / (1 + gain / loss), 50.0)  # loss 0: g/l = inf -> 100; 0/0 -> 50

    plus_dm = high.diff().clip(lower=0)
    minus_dm = (-low.diff()).clip(lower=0)
    prev_close = close.shift(1)
    tr = pd.concat([high - low, (high - prev_close).abs(), (low - prev_close).abs()], axis=1).max(axis=1)
    atr = tr.rolling(14).mean()
    plus_di = 100 * plus_dm.rolling(14).mean() / atr
    minus_di = 100 * minus_dm.rolling(14).mean() / atr
    dx = (plus_di - minus_di).abs() / (plus_di + minus_di) * 100
    adx = _or(dx.rolling(14).mean().iloc[-1], 25.0)

    mid = close.rolling(20).mean().iloc[-1]
    sd = close.rolling(20).std().iloc[-1]
    upper, lower = mid + 2 * sd, mid - 2 * sd
    bb = 0.5 if abs(upper - lower) <= 1e-8 else (c - lower) / (upper - lower)

    low14, high14 = low.rolling(14).min(), high.rolling(14).max()
    k = 100 * (close - low14) / (high14 - low14)
    stoch_k = _or(k.iloc[-1], 50.0)
    stoch_d = _or(k.rolling(3).mean().iloc[-1], 50.0)

    vol_mean = float(volume.tail(20).mean())
    vol_ratio = v / vol_mean if vol_mean != 0 else 1.0
    ret4 = (c - close.iloc[-5]) / close.iloc[-5]
    ret19 = (c - close.iloc[-20]) / close.iloc[-20]
    sigma = close.pct_change().tail(14).dropna().std()
    slope = np.polyfit(range(10), close.tail(10).to_numpy(), 1)[0]

    return np.array([
        c / 50000, min(vol_ratio, 5) / 5, rsi / 100, macd / 1000, adx / 100,
        (c - ema12) / c, (c - ema26) / c, (ema12 - ema26) / c, bb, stoch_k / 100, stoch_d / 100,
        ret4, ret19, min(sigma * 100, 10) / 10, slope / c * 1000,
        *SENTIMENT_FALLBACK, 0.0, 0.0, 0.0, 0.0, 0.0,
    ], dtype=np.float64)


def _rows(job):
    frame, first, offset = job  # frame holds the windows of bars first.. (frame row = bar - offset)
    out = []
    for t in range(first, offset + len(frame)):
        r = t - offset
        out.append(observe(frame.iloc[max(0, r - WINDOW + 1):r + 1]))
    return out


def build(df: pd.DataFrame, processes: int = 2) -> np.ndarray:
    """(len(df), 26) float64; rows before the 50th bar are NaN. Bar t sees df rows max(0, t-99)..t."""
    df = df[["open", "high", "low", "close", "volume"]].reset_index(drop=True)
    out = np.full((len(df), len(FEATURE_NAMES)), np.nan)
    bars = np.arange(MIN_BARS - 1, len(df))
    if len(bars) == 0:
        return out
    chunks = np.array_split(bars, max(1, processes * 8))
    jobs = []
    for chunk in chunks:
        if len(chunk):
            lo = max(0, int(chunk[0]) - WINDOW + 1)
            jobs.append((df.iloc[lo:int(chunk[-1]) + 1], int(chunk[0]), lo))
    if processes > 1:
        with multiprocessing.get_context("fork").Pool(processes) as pool:
            parts = pool.map(_rows, jobs)
    else:
        parts = [_rows(job) for job in jobs]
    out[bars] = np.array([row for part in parts for row in part])
    return out


def sha256(path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def load_candles(path) -> pd.DataFrame:
    return pd.read_csv(path, dtype={"ts_ms": "int64", "open": "float64", "high": "float64",
                                    "low": "float64", "close": "float64", "volume": "float64"})


def cached_build(df: pd.DataFrame, data_sha: str, cache_dir, processes: int = 2) -> np.ndarray:
    """build() over the whole file, cached by the data's sha256 (and this file's, so an edit recomputes)."""
    code_sha = sha256(__file__)[:12]
    path = Path(cache_dir) / f"{SPEC}-{data_sha[:16]}-{code_sha}.npy"
    if path.exists():
        return np.load(path)
    obs = build(df, processes)
    os.makedirs(cache_dir, exist_ok=True)
    tmp = path.with_suffix(".tmp.npy")
    np.save(tmp, obs)
    os.replace(tmp, path)
    return obs
