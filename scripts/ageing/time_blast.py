"""Time BLAST-Lite 1.1.0 on the input of ampere's `ageing` bench (issue 4): the commuter_temperate test profile
tiled to ten years of hourly samples (87 600), one run per model with BLAST-Lite's defaults, median of N runs.

  python3 -m venv /tmp/blast-venv && /tmp/blast-venv/bin/pip install 'blast-lite==1.1.0' 'numpy<2'
  /tmp/blast-venv/bin/python scripts/ageing/time_blast.py [N]
"""
import csv
import os
import statistics
import sys
import time

import numpy as np
from blast import models

from make_blast_reference import MODELS  # same six models as the reference data

PROFILE = "crates/ampere-core/tests/data/ageing/profile_commuter_temperate.csv"


def ten_years():
    with open(PROFILE) as f:
        rows = list(csv.DictReader(f))
    t = np.array([float(r["t_secs"]) for r in rows])
    soc = np.array([float(r["soc"]) for r in rows])
    temp = np.array([float(r["T_celsius"]) for r in rows])
    period = t[-1] + 3600.0
    return {
        "Time_s": np.concatenate([t + k * period for k in range(10)]),
        "SOC": np.tile(soc, 10),
        "Temperature_C": np.tile(temp, 10),
    }


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    data = ten_years()
    print(f"samples {len(data['Time_s'])}, runs {runs}, load average {os.getloadavg()}")
    for name in MODELS:
        times = []
        for _ in range(runs):
            cell = getattr(models, name)()
            start = time.perf_counter()
            cell.simulate_battery_life(data, threshold_time=10)
            times.append(time.perf_counter() - start)
        print(f"{name:32s} median {statistics.median(times):.3f} s  q10 {cell.outputs['q'][-1]:.4f}")
    print(f"load average {os.getloadavg()}")


if __name__ == "__main__":
    main()
