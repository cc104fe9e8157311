"""A gymnasium Env over precomputed auroraq-obs-v1 observations (one bar per step)."""
import gymnasium as gym
import numpy as np

FEE = 0.0005  # taker fee per side, charged on every change of position
EPISODE_BARS = 2016  # 7 days of 5m bars


def next_position(position: int, action: int, allow_short: bool) -> int:
    """The README's action map: a close never reverses in the same decision."""
    if action == 1:
        return 1 if position == 0 else (0 if position < 0 else position)
    if action == 2:
        if position == 0:
            return -1 if allow_short else 0
        return 0 if position > 0 else position
    return position


def step_pnl(position: int, new_position: int, close_now: float, close_next: float, fee: float = FEE) -> float:
    """The action is applied at this bar's close; the position then earns the next bar's return."""
    return new_position * (close_next / close_now - 1) - fee * abs(new_position - position)


class AuroraEnv(gym.Env):
    """Episodes of `episode_bars` steps from a random bar t with first <= t <= last_start.

    The caller picks the range so that every close an episode reads (up to t + episode_bars)
    lies in the training period.
    """

    def __init__(self, observations, close, first, last_start, episode_bars=EPISODE_BARS,
                 fee=FEE, allow_short=False):
        assert np.isfinite(observations[first:last_start + episode_bars + 1]).all()
        self.observations = observations
        self.close = close
        self.first, self.last_start = first, last_start
        self.episode_bars, self.fee, self.allow_short = episode_bars, fee, allow_short
        self.action_space = gym.spaces.Discrete(3)
        # SB3 wants float32 observations; the float64 features are cast on return.
        self.observation_space = gym.spaces.Box(-np.inf, np.inf, (observations.shape[1],), np.float32)

    def _obs(self):
        return self.observations[self.t].astype(np.float32)

    def reset(self, *, seed=None, options=None):
        super().reset(seed=seed)
        self.t = int(self.np_random.integers(self.first, self.last_start + 1))
        self.steps, self.position = 0, 0
        return self._obs(), {}

    def step(self, action):
        new = next_position(self.position, int(action), self.allow_short)
        pnl = step_pnl(self.position, new, self.close[self.t], self.close[self.t + 1], self.fee)
        self.position = new
        self.t += 1
        self.steps += 1
        reward = float(np.clip(10 * pnl, -1, 1))
        return self._obs(), reward, False, self.steps >= self.episode_bars, {"pnl": pnl}
