"""Parity fixtures for the Swift side: observations of real candles and the policy's probabilities.

    python export_fixtures.py --model ../../bots/models/auroraq-ppo-btc-5m.safetensors
"""
import sys

sys.dont_write_bytecode = True  # keep __pycache__ out of the repository

import argparse
import json
from pathlib import Path

import numpy as np
import torch
from safetensors.torch import load_file

import observation

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data" / "binance_BTCUSDT_5m.csv"
DEFAULT_MODEL = REPO / "bots" / "models" / "auroraq-ppo-btc-5m.safetensors"
DEFAULT_FIXTURES = REPO / "Tests" / "Fixtures" / "auroraq-ppo"
EVAL_FROM_MS = 1740787200000  # 2025-03-01T00:00:00Z
STRETCH_BARS = 1200
SYNTHETIC_ROWS = 200
ACTOR = ["mlp_extractor.policy_net.0.weight", "mlp_extractor.policy_net.0.bias",
         "mlp_extractor.policy_net.2.weight", "mlp_extractor.policy_net.2.bias",
         "action_net.weight", "action_net.bias"]


def actor_probabilities(tensors: dict, x: np.ndarray) -> np.ndarray:
    """The MlpPolicy actor in float64 from the (float32) stored weights, as the runtime computes it."""
    w0, b0, w1, b1, wa, ba = (tensors[name].to(torch.float64) for name in ACTOR)
    h = torch.tanh(torch.as_tensor(x, dtype=torch.float64) @ w0.T + b0)
    h = torch.tanh(h @ w1.T + b1)
    return torch.softmax(h @ wa.T + ba, dim=-1).numpy()


def fmt(x) -> str:
    return repr(float(x))  # shortest round-trip


def write_csv(path, header, rows):
    with open(path, "w", newline="\n") as f:
        f.write(",".join(header) + "\n")
        for row in rows:
            f.write(",".join(row) + "\n")


def stretch_observations(df):
    """The fixture stretch (100 bars before the evaluation start, 1,200 bars) and its observations,
    built from the stretch alone so a replay from its first bar reproduces them."""
    i0 = int(np.searchsorted(df["ts_ms"].to_numpy(), EVAL_FROM_MS)) - 100
    stretch = df.iloc[i0:i0 + STRETCH_BARS].reset_index(drop=True)
    obs = observation.build(stretch, processes=1)
    rows = np.arange(observation.MIN_BARS - 1, STRETCH_BARS)
    return i0, stretch, rows, obs[rows]


def synthetic_observations():
    rng = np.random.default_rng(11)
    # Half plain N(0, 1), half scaled by 3 so the tanh layers saturate too.
    return np.array([rng.normal(0, 1, 26) * (1 if k < SYNTHETIC_ROWS // 2 else 3)
                     for k in range(SYNTHETIC_ROWS)])


def export(model_path, data_path, out_dir, df=None, data_sha=None):
    if df is None:
        df = observation.load_candles(data_path)
    data_sha = data_sha or observation.sha256(data_path)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)

    i0, stretch, rows, obs = stretch_observations(df)
    assert len(stretch) == STRETCH_BARS and np.isfinite(obs).all()
    ts = stretch["ts_ms"].to_numpy()[rows]
    write_csv(out_dir / "observations.csv", ["ts_ms"] + observation.FEATURE_NAMES,
              ([str(int(t))] + [fmt(v) for v in o] for t, o in zip(ts, obs)))
    meta = {"data": Path(data_path).name, "sha256": data_sha, "first_ts_ms": int(stretch["ts_ms"].iloc[0]),
            "bars": STRETCH_BARS}
    (out_dir / "observations.json").write_text(json.dumps(meta, indent=2) + "\n")

    inputs = np.vstack([obs, synthetic_observations()])
    probs = actor_probabilities(load_file(str(model_path)), inputs)
    write_csv(out_dir / "probabilities.csv",
              ["p_hold", "p_long", "p_short"] + [f"o{i}" for i in range(1, 27)],
              ([fmt(v) for v in p] + [fmt(v) for v in o] for p, o in zip(probs, inputs)))
    return {"first_row": i0, "stretch": stretch, "observations": obs, "rows": rows,
            "inputs": inputs, "probabilities": probs}


def main():
    torch.set_num_threads(2)
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default=str(DEFAULT_MODEL))
    ap.add_argument("--data", default=str(DEFAULT_DATA))
    ap.add_argument("--fixtures", default=str(DEFAULT_FIXTURES))
    args = ap.parse_args()
    result = export(args.model, args.data, args.fixtures)
    print(f"wrote {args.fixtures}: {len(result['rows'])} observations, {len(result['inputs'])} probability rows")


if __name__ == "__main__":
    main()
