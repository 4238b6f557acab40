"""Symmetric alpha-stable draws per second on one core, numpy's vectorised Chambers-Mallows-Stuck and
scipy.stats.levy_stable.rvs, for comparison with Basin's (basin-bench StableBenchmark).

    OPENBLAS_NUM_THREADS=1 python3 bench/stable_draws.py --alpha 1.5 --n 1000000
"""
import argparse
import time

import numpy as np


def cms(rng, alpha, n):
    v = rng.uniform(-np.pi / 2, np.pi / 2, n)
    w = rng.exponential(1.0, n)
    if alpha == 1:
        return np.tan(v)
    return np.sin(alpha * v) / np.cos(v) ** (1 / alpha) * (np.cos((1 - alpha) * v) / w) ** ((1 - alpha) / alpha)


def best(f, repeats=5):
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    return min(times)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--alpha", type=float, default=1.5)
    ap.add_argument("--n", type=int, default=1_000_000)
    a = ap.parse_args()
    rng = np.random.default_rng(1)
    t = best(lambda: cms(rng, a.alpha, a.n))
    print(f"numpy-cms    alpha={a.alpha} draws_per_s={a.n / t:.3e}")
    try:
        from scipy.stats import levy_stable
        m = min(a.n, 200_000)
        t = best(lambda: levy_stable.rvs(a.alpha, 0, size=m, random_state=1), repeats=3)
        print(f"scipy-levy   alpha={a.alpha} draws_per_s={m / t:.3e}")
    except ImportError:
        print("scipy-levy   not installed")


if __name__ == "__main__":
    main()
