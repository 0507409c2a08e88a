"""Time BLAST-Lite 1.1.0 on the inputs of ampere's `ageing` bench (issue 4), one ten-year run per model with
BLAST-Lite's defaults, median of N runs:

* without `--series`, the commuter_temperate test profile tiled to ten years of hourly samples (87 600), the
  `ageing_10y_hourly` group's input;
* with `--series FILE`, one year of samples that BLAST-Lite repeats to ten years itself, e.g. the year the
  `ageing_10y_usage_oncpu` group ages, written by
  `ampere age --model nmc811_grsi_lg_m50 --usage commuter --climate paris --series-out FILE`.

  python3 -m venv /tmp/blast-venv && /tmp/blast-venv/bin/pip install 'blast-lite==1.1.0' 'numpy<2'
  /tmp/blast-venv/bin/python scripts/ageing/time_blast.py [N] [--series FILE]
"""
import csv
import os
import statistics
import sys
import time

import numpy as np
from blast import models

from make_blast_reference import MODELS, read_series  # same six models as the reference data

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
    args = sys.argv[1:]
    series = None
    if "--series" in args:
        at = args.index("--series")
        series = args[at + 1]
        del args[at:at + 2]
    runs = int(args[0]) if args else 3
    data = read_series(series) if series else ten_years()
    print(f"samples {len(data['Time_s'])}, runs {runs}, load average {os.getloadavg()}")
    for name in MODELS:
        times = []
        for _ in range(runs):
            cell = getattr(models, name)()
            start = time.perf_counter()
            cell.simulate_battery_life(data, threshold_time=10)
            times.append(time.perf_counter() - start)
        print(f"{name:32s} median {statistics.median(times):.3f} s  q10 {cell.outputs['q'][-1]:.6f}")
    print(f"load average {os.getloadavg()}")


if __name__ == "__main__":
    main()
