"""Generate BLAST-Lite 1.1.0 reference results for ampere's blast-compat tests (issue 4).

Writes, under crates/ampere-core/tests/data/ageing/:
  profile_<name>.csv      one year of hourly t_secs,soc,T_celsius (deterministic synthetic EV profiles)
  blast_reference.csv     profile,model,years,q,r,efc,t_days: BLAST-Lite after 10 years with its defaults
                          (the profile repeats; conserve energy throughput on; 1 day / 1 EFC breakpoints)

With `--usage-year FILE` it instead runs BLAST-Lite the same way on a year that ampere's usage generator wrote
(too large to keep as a test file; the test regenerates it) and writes blast_reference_usage.csv, profile
`usage_commuter_paris`:
  ampere age --model nmc811_grsi_lg_m50 --usage commuter --climate paris --series-out /tmp/year.csv
  /work/venvs/blast/bin/python scripts/ageing/make_blast_reference.py --usage-year /tmp/year.csv

Run from the repository root with a throwaway venv outside the repo:
  python3 -m venv /work/venvs/blast && /work/venvs/blast/bin/pip install "blast-lite==1.1.0" "numpy<2"
  /work/venvs/blast/bin/python scripts/ageing/make_blast_reference.py
"""
import csv
import math
import pathlib
import sys

import numpy as np
from blast import models

OUT = pathlib.Path("crates/ampere-core/tests/data/ageing")
YEARS = 10
MODELS = [
    "Lfp_Gr_250AhPrismatic",
    "Lfp_Gr_SonyMurata3Ah_Battery",
    "Nmc811_GrSi_LGM50_5Ah_Battery",
    "Nmc622_Gr_DENSO50Ah_Battery",
    "Nca_Gr_Panasonic3Ah_Battery",
    "Nmc111_Gr_Kokam75Ah_Battery",
]


def temperature(hour, mean, seasonal, daily):
    day = hour / 24.0
    return mean - seasonal * math.cos(2 * math.pi * (day - 15) / 365) - daily * math.cos(2 * math.pi * (hour % 24 - 3) / 24)




def make_profile(trips, charge_hours, target, rate, t_args):
    hours = np.arange(365 * 24)
    soc = np.empty(len(hours))
    s = target
    for i, h in enumerate(hours):
        day, hod = divmod(int(h), 24)
        if hod in charge_hours and s < target:
            s = min(target, s + rate)
        s -= trips.get((day % 7, hod), 0.0)
        soc[i] = round(s, 4)
    temp = np.array([round(temperature(h, *t_args), 2) for h in hours])
    return hours * 3600.0, soc, temp


def profiles():
    weekday = {(d, 8): 0.10 for d in range(5)} | {(d, 18): 0.10 for d in range(5)}
    commuter = weekday | {(5, 11): 0.25}
    yield "commuter_temperate", make_profile(commuter, {22, 23, 0, 1}, 0.8, 0.1, (12.0, 8.0, 4.0))
    taxi = {(d, h): 0.12 for d in range(7) for h in (7, 8, 9, 10, 11, 14, 15, 16, 17)}
    yield "taxi_hot", make_profile(taxi, {12, 13, 20, 21, 22, 23}, 0.95, 0.35, (27.0, 6.0, 5.0))
    parked = {(6, 10): 0.3}
    yield "parked_full_cold", make_profile(parked, set(range(24)), 1.0, 0.3, (4.0, 9.0, 3.0))


def read_series(path):
    """A `t_secs,soc,T_celsius` CSV (ampere's series format) as BLAST-Lite's input dictionary."""
    with open(path) as f:
        rows = list(csv.DictReader(f))
    return {key: np.array([float(r[column]) for r in rows]) for key, column in
            [("Time_s", "t_secs"), ("SOC", "soc"), ("Temperature_C", "T_celsius")]}


def reference_rows(name, t, soc, temp):
    """BLAST-Lite's result after YEARS for every model, as rows of the reference file."""
    rows = []
    for model in MODELS:
        cell = getattr(models, model)()
        cell.simulate_battery_life({"Time_s": t, "SOC": soc, "Temperature_C": temp}, threshold_time=YEARS)
        r = cell.outputs["r"][-1] if "r" in cell.outputs else 1.0
        rows.append([name, model, YEARS, f"{cell.outputs['q'][-1]:.6f}", f"{r:.6f}",
                     f"{cell.stressors['efc'][-1]:.4f}", f"{cell.stressors['t_days'][-1]:.4f}"])
        print(*rows[-1])
    return rows


def write_reference(path, rows):
    with open(path, "w", newline="") as f:
        f.write("# BLAST-Lite 1.1.0 (pip blast-lite with numpy<2), made by scripts/ageing/make_blast_reference.py\n")
        w = csv.writer(f)
        w.writerow(["profile", "model", "years", "q", "r", "efc", "t_days"])
        w.writerows(rows)


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    if "--usage-year" in sys.argv:
        year = read_series(sys.argv[sys.argv.index("--usage-year") + 1])
        columns = (year["Time_s"], year["SOC"], year["Temperature_C"])
        write_reference(OUT / "blast_reference_usage.csv", reference_rows("usage_commuter_paris", *columns))
        return
    rows = []
    for name, (t, soc, temp) in profiles():
        with open(OUT / f"profile_{name}.csv", "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["t_secs", "soc", "T_celsius"])
            for row in zip(t, soc, temp):
                w.writerow([f"{row[0]:.0f}", f"{row[1]:.4f}", f"{row[2]:.2f}"])
        rows += reference_rows(name, t, soc, temp)
    write_reference(OUT / "blast_reference.csv", rows)


if __name__ == "__main__":
    main()
