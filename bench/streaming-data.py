"""Writes the streaming benchmark's tables: friedman1 with 15 noise columns (20 inputs, y last).

usage: python3 bench/streaming-data.py ROWS OUT.csv TEST_ROWS TEST.csv
"""
import sys

import numpy as np


def write(path, rows, seed):
    rng = np.random.default_rng(seed)
    with open(path, "w") as out:
        out.write(",".join([f"x{i}" for i in range(20)] + ["y"]) + "\n")
        for start in range(0, rows, 200_000):
            n = min(200_000, rows - start)
            x = rng.uniform(size=(n, 20))
            y = (
                10 * np.sin(np.pi * x[:, 0] * x[:, 1])
                + 20 * (x[:, 2] - 0.5) ** 2
                + 10 * x[:, 3]
                + 5 * x[:, 4]
                + rng.normal(size=n)
            )
            np.savetxt(out, np.column_stack([x, y]), fmt="%.6f", delimiter=",")


write(sys.argv[2], int(sys.argv[1]), 1)
write(sys.argv[4], int(sys.argv[3]), 2)
