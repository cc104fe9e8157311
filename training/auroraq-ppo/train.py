"""Train the AuroraQ PPO policy on 5m candles, evaluate it on held-out months, export it.

    python train.py --out ../../bots/models
"""
import sys

sys.dont_write_bytecode = True  # keep __pycache__ out of the repository

import argparse
import json
import platform
import time
from datetime import datetime, timezone
from pathlib import Path

import gymnasium
import numpy as np
import pandas as pd
import stable_baselines3
import torch
from safetensors.torch import save_file
from stable_baselines3 import PPO
from stable_baselines3.common.callbacks import BaseCallback

import export_fixtures
import observation
from env import EPISODE_BARS, FEE, AuroraEnv, next_position, step_pnl

NAME = "auroraq-ppo-btc-5m"
HYPERPARAMETERS = {"n_steps": 2048, "batch_size": 64, "n_epochs": 10, "gamma": 0.99, "gae_lambda": 0.95,
                   "clip_range": 0.2, "learning_rate": 3e-4, "ent_coef": 0.0, "vf_coef": 0.5}


def ms(iso: str) -> int:
    return int(pd.Timestamp(iso, tz="UTC").value // 1_000_000)


def iso(ts_ms: int) -> str:
    return datetime.fromtimestamp(ts_ms / 1000, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def max_drawdown(curve: np.ndarray) -> float:
    return float(np.max(1 - curve / np.maximum.accumulate(curve)))


def evaluate(probs: np.ndarray, close: np.ndarray, allow_short: bool = False) -> dict:
    """One continuous pass, argmax (first of equals) at every bar, the training env's semantics.

    probs[j] and close[j] belong to the j-th evaluation bar. The last bar's decision has no next
    bar to earn; a position still open then is closed at the last close (one more fee).
    """
    actions = probs.argmax(axis=1)
    position, equity, trades = 0, 1.0, 0
    curve = [equity]
    for j in range(len(close) - 1):
        new = next_position(position, int(actions[j]), allow_short)
        trades += position == 0 and new != 0
        equity *= 1 + step_pnl(position, new, close[j], close[j + 1])
        position = new
        curve.append(equity)
    if position != 0:
        equity *= 1 - FEE
        curve[-1] = equity
    hold = close / close[0]  # buy and hold from the first evaluation close, no fees
    return {"bars": len(close), "return": equity - 1, "trades": int(trades),
            "max_drawdown": max_drawdown(np.array(curve)),
            "buy_and_hold_return": float(hold[-1] - 1), "buy_and_hold_max_drawdown": max_drawdown(hold),
            "top_probability_at_least_0_7": float(np.mean(probs.max(axis=1) >= 0.7)),
            "action_shares": {a: float(np.mean(actions == i)) for i, a in enumerate(["hold", "long", "short"])}}


class Progress(BaseCallback):
    def __init__(self, every=50_000):
        super().__init__()
        self.every, self.next, self.start = every, every, time.time()

    def _on_step(self):
        if self.num_timesteps >= self.next:
            self.next += self.every
            print(f"  {self.num_timesteps:>8,} steps  {time.time() - self.start:6.0f} s", flush=True)
        return True


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=str(export_fixtures.DEFAULT_DATA), help="candle CSV ts_ms,open,high,low,close,volume (5m)")
    ap.add_argument("--timesteps", type=int, default=300_000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", default=str(export_fixtures.DEFAULT_MODEL.parent), help="directory for the model and its sidecar")
    ap.add_argument("--train-from", default="2024-03-01")
    ap.add_argument("--eval-from", default="2025-03-01", help="end of training, start of the evaluation")
    ap.add_argument("--fixtures", default=str(export_fixtures.DEFAULT_FIXTURES), help="parity fixture directory, or 'none'")
    ap.add_argument("--cache", default=str(export_fixtures.REPO.parent / "scratch-ppo"), help="observation cache directory")
    args = ap.parse_args()
    torch.set_num_threads(2)

    df = observation.load_candles(args.data)
    data_sha = observation.sha256(args.data)
    t0 = time.time()
    obs = observation.cached_build(df, data_sha, args.cache)
    print(f"observations: {len(df):,} bars, {time.time() - t0:.1f} s (cache {args.cache})")

    ts, close = df["ts_ms"].to_numpy(), df["close"].to_numpy()
    train_from, eval_from = ms(args.train_from), ms(args.eval_from)
    i_train, i_eval = (int(np.searchsorted(ts, x)) for x in (train_from, eval_from))
    first = max(i_train, observation.MIN_BARS - 1)
    last_start = i_eval - 1 - EPISODE_BARS  # every close an episode reads is a training bar
    env = AuroraEnv(obs, close, first, last_start, allow_short=False)

    model = PPO("MlpPolicy", env, seed=args.seed, device="cpu", verbose=0, **HYPERPARAMETERS)
    t0 = time.time()
    model.learn(total_timesteps=args.timesteps, callback=Progress())
    wall = time.time() - t0
    print(f"training: {model.num_timesteps:,} steps, {wall:.1f} s")

    actor = {k: v.detach().to(torch.float32).contiguous()
             for k, v in model.policy.state_dict().items() if k in export_fixtures.ACTOR}
    probs = export_fixtures.actor_probabilities(actor, obs[i_eval:])
    evaluation = {"from": iso(eval_from), "to": iso(int(ts[-1])), **evaluate(probs, close[i_eval:])}
    print("evaluation:", json.dumps(evaluation, indent=2))

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    model_path = out / f"{NAME}.safetensors"
    save_file(actor, str(model_path))
    sidecar = {
        "format": "botruntime-ppo/1",
        "observation": {"spec": observation.SPEC, "size": len(observation.FEATURE_NAMES),
                        "features": observation.FEATURE_NAMES, "window": observation.WINDOW,
                        "min_bars": observation.MIN_BARS,
                        "normalisation": "fixed scalings in the feature definitions (Sources/Strategies/AuroraQ/README.md); no running normalisation",
                        "sentiment": "neutral fallback [0, 0.5, 0, 0, 0, 0] throughout: no sentiment history"},
        "actions": ["hold", "long", "short"],
        "timeframe": "5m",
        "network": {"policy": "MlpPolicy", "hidden": [64, 64], "activation": "tanh", "dtype": "float32"},
        "training": {"data": Path(args.data).name, "sha256": data_sha, "symbol": "BTCUSDT",
                     "train_from": iso(train_from), "train_to": iso(eval_from),
                     "timesteps": int(model.num_timesteps), "seed": args.seed,
                     "episode_bars": EPISODE_BARS, "fee": FEE, "allow_short": False,
                     "reward": "clip(10 * step PnL net of fees, -1, 1) (rule_e)",
                     "hyperparameters": HYPERPARAMETERS, "wall_seconds": round(wall, 1)},
        "versions": {"python": platform.python_version(), "stable_baselines3": stable_baselines3.__version__,
                     "gymnasium": gymnasium.__version__, "torch": torch.__version__,
                     "numpy": np.__version__, "pandas": pd.__version__},
        "evaluation": evaluation,
    }
    (out / f"{NAME}.json").write_text(json.dumps(sidecar, indent=2) + "\n")
    print(f"wrote {model_path} and {NAME}.json")

    if args.fixtures != "none":
        fx = export_fixtures.export(model_path, args.data, args.fixtures, df, data_sha)
        # A full 100-bar window depends on nothing older: the stretch agrees with the whole file there.
        full = fx["rows"] >= observation.WINDOW - 1
        assert np.array_equal(fx["observations"][full], obs[fx["first_row"] + fx["rows"][full]])
        pick = np.r_[0:3, len(fx["rows"]) - 2:len(fx["rows"]) + 3, len(fx["inputs"]) - 3:len(fx["inputs"])]
        with torch.no_grad():
            sb3 = model.policy.get_distribution(torch.as_tensor(fx["inputs"][pick], dtype=torch.float32))
            sb3 = sb3.distribution.probs.numpy()
        gap = float(np.abs(sb3 - fx["probabilities"][pick]).max())
        print(f"SB3 float32 vs stored-weights float64 probabilities on {len(pick)} rows: max |diff| {gap:.2e}")
        assert gap <= 1e-5
        print(f"wrote {args.fixtures}")


if __name__ == "__main__":
    main()
