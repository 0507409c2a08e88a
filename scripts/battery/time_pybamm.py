"""Time PyBaMM's Thevenin model and ampere's ECM cell side by side on one cell and the 1800 s dynamic profile
(issue 3 section 7).

Input, identical for both: the 2-RC cell of crates/ampere-core/tests/data/battery/thevenin_cell.toml (Chen2020
OCV, SOC-dependent R0/R1/C1/R2/C2; PyBaMM gets it through pybamm_reference.thevenin_param, exactly as for the
validation data) and the current column of thevenin_wltc.csv (the 1800 s profile of
../shared/anchors/pybamm/profile_wltc_crate.csv at 5 A per C), from SOC 0.8 at 25 degC.

PyBaMM: pybamm.equivalent_circuit.Thevenin with 2 RC elements, its default solver (pybamm.Simulation without
a solver argument), the current as a linear Interpolant through the 1 s samples, output on the 1 s grid
(t_interp). Reported separately: build (model, parameters, Simulation.build) and first solve; the figure
compared is the median of warm sim.solve() calls.
ampere: the criterion bench battery/cell_thevenin_1800s (crates/ampere-core/benches/battery.rs, the same cell,
profile and options), run by this script after PyBaMM; its median comes from criterion's estimates.json.

Usage (from the repository root):
  python3 -m venv /tmp/pybamm-venv && /tmp/pybamm-venv/bin/pip install pybamm==26.10.1.1
  /tmp/pybamm-venv/bin/python scripts/battery/time_pybamm.py [--repeats 7]
"""

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import numpy as np
import pybamm

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "crates/ampere-core/tests/data/battery"
sys.path.insert(0, str(Path(__file__).resolve().parent))
from pybamm_reference import thevenin_param  # noqa: E402  (the validation cell's PyBaMM parameters)

BENCH_ID = "battery/cell_thevenin_1800s"


def load_profile():
    data = np.loadtxt(DATA / "thevenin_wltc.csv", delimiter=",", skiprows=1)
    return data[:, 0], data[:, 1]


def time_pybamm(repeats):
    cell = tomllib.loads((DATA / "thevenin_cell.toml").read_text())
    ocv = np.array(cell["ocv"]["voltage_v"])
    time_s, current_a = load_profile()
    t0 = time.perf_counter()
    model = pybamm.equivalent_circuit.Thevenin(options={"number of rc elements": 2})
    param = thevenin_param(ocv)
    param["Initial SoC"] = 0.8
    param["Current function [A]"] = pybamm.Interpolant(time_s, current_a, pybamm.t)
    sim = pybamm.Simulation(model, parameter_values=param)
    sim.build()
    build_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    solution = sim.solve([0, time_s[-1]], t_interp=time_s)
    first_s = time.perf_counter() - t0
    warm = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        solution = sim.solve([0, time_s[-1]], t_interp=time_s)
        warm.append(time.perf_counter() - t0)
    voltage = solution["Voltage [V]"].entries
    return {
        "solver": type(sim.solver).__name__,
        "build_s": build_s,
        "first_solve_s": first_s,
        "warm_solves_s": warm,
        "warm_median_s": statistics.median(warm),
        "samples": len(voltage),
    }


def time_ampere():
    cmd = ["cargo", "bench", "-p", "ampere-core", "--bench", "battery", "--", "cell_thevenin_1800s"]
    subprocess.run(cmd, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    estimates = json.loads((target / "criterion" / BENCH_ID / "new/estimates.json").read_text())
    median = estimates["median"]
    return {
        "median_s": median["point_estimate"] * 1e-9,
        "median_ci_s": [median["confidence_interval"]["lower_bound"] * 1e-9,
                        median["confidence_interval"]["upper_bound"] * 1e-9],
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=7, help="warm PyBaMM solves (median taken)")
    args = parser.parse_args()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    print(f"commit {commit.stdout.strip()}, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
          f"load average {os.getloadavg()[0]:.2f}, PyBaMM {pybamm.__version__}, Python {platform.python_version()}")
    pyb = time_pybamm(args.repeats)
    amp = time_ampere()
    print(f"load average after the runs {os.getloadavg()[0]:.2f}")
    print("| | PyBaMM Thevenin (2 RC) | ampere ECM cell |")
    print("|---|---|---|")
    print(f"| solver | {pyb['solver']} (default) | exact discretisation, 1 s steps |")
    print(f"| build (not in the ratio) | {pyb['build_s'] * 1e3:.1f} ms | - |")
    print(f"| first solve | {pyb['first_solve_s'] * 1e3:.1f} ms | - |")
    print(f"| 1800 s profile, median | {pyb['warm_median_s'] * 1e3:.1f} ms (of {args.repeats}) "
          f"| {amp['median_s'] * 1e6:.1f} us (CI {amp['median_ci_s'][0] * 1e6:.1f}-{amp['median_ci_s'][1] * 1e6:.1f}) |")
    print(f"| ratio | {pyb['warm_median_s'] / amp['median_s']:.0f}x | |")
    print(json.dumps({"pybamm": pyb, "ampere": amp, "ratio": pyb["warm_median_s"] / amp["median_s"]}))


if __name__ == "__main__":
    main()
