"""Time NREL FASTSim 3.1.0 and ampere side by side on the same BEVs and cycles, in one run.

For each of FASTSim's four BEV resource vehicles (the YAML files in crates/ampere-core/tests/data/fastsim/) on
UDDS and HWFET (FASTSim's own traces), this script
  1. times FASTSim: `SimDrive(vehicle, cycle).walk()` with history saving off (its faster mode), median of N;
  2. runs `ampere bench --vehicle FILE.yaml --cycle FILE.csv --json` (same vehicle, FASTSim conventions) five
     times for ampere's single-run time (median of the five medians of 2001 runs);
and prints one table with both times, the DC energies and the speed ratio.

Usage (from the repository root, after `cargo build --release -p ampere-cli`):
    python3 -m venv /tmp/fastsim-venv && /tmp/fastsim-venv/bin/pip install fastsim==3.1.0
    /tmp/fastsim-venv/bin/python scripts/fastsim/bench_vs_fastsim.py [--samples 100]
"""

import argparse
import json
import pathlib
import statistics
import subprocess
import time

import fastsim as fsim

ROOT = pathlib.Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "crates/ampere-core/tests/data/fastsim"
VEHICLES = [
    "2016_Nissan_Leaf_30_kWh_thrml",
    "2020_Chevrolet_Bolt_EV_thrml",
    "2022_Tesla_Model_3_RWD_thrml",
    "2022_Renault_Zoe_ZE50_R135",
]
CYCLES = {"udds": "udds_mps.csv", "hwfet": "hwfet_mps.csv"}


def fastsim_median_ms(vehicle_file, cycle_resource, samples):
    vehicle = fsim.Vehicle.from_file(str(vehicle_file))
    as_dict = vehicle.to_pydict()
    as_dict["save_interval"] = None
    vehicle = fsim.Vehicle.from_pydict(as_dict)
    cycle = fsim.Cycle.from_resource(cycle_resource)
    times = []
    energy_kwh = None
    for _ in range(samples):
        start = time.perf_counter()
        drive = fsim.SimDrive(vehicle, cycle)
        drive.walk()
        times.append(time.perf_counter() - start)
    result = drive.to_pydict()
    energy_j = result["veh"]["pt_type"]["BEV"]["res"]["state"]["energy_out_electrical_joules"]
    energy_kwh = energy_j / 3.6e6
    return statistics.median(times) * 1e3, energy_kwh


def ampere_median_us(vehicle_file, cycle_file):
    binary = ROOT / "target/release/ampere"
    # Five processes of 2001 runs each, median of their medians: one process lasts ~0.1 s, short enough for a
    # burst of work elsewhere on a shared machine to move its median (FASTSim's 100 runs span ~2 s).
    medians = []
    for _ in range(5):
        out = subprocess.run(
            [str(binary), "bench", "--vehicle", str(vehicle_file), "--cycle", str(cycle_file), "--json",
             "--samples", "2001", "--batch-runs", "2"],
            check=True, capture_output=True, text=True,
        ).stdout
        medians.append(json.loads(out)["median_run_us"])
    energy = subprocess.run(
        [str(binary), "simulate", "--vehicle", str(vehicle_file), "--cycle", str(cycle_file),
         "--ambient-degc", "22", "--json"],
        check=True, capture_output=True, text=True,
    ).stdout
    return statistics.median(medians), json.loads(energy)["battery_energy_dc_kwh"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", type=int, default=100)
    args = parser.parse_args()
    print("vehicle,cycle,fastsim_ms,ampere_us,speedup,fastsim_dc_kwh,ampere_dc_kwh")
    for name in VEHICLES:
        vehicle_file = FIXTURES / f"{name}.yaml"
        for cycle, csv_name in CYCLES.items():
            fs_ms, fs_kwh = fastsim_median_ms(vehicle_file, f"{cycle}.csv", args.samples)
            am_us, am_kwh = ampere_median_us(vehicle_file, FIXTURES / csv_name)
            print(f"{name},{cycle},{fs_ms:.3f},{am_us:.2f},{fs_ms * 1e3 / am_us:.0f},{fs_kwh:.6f},{am_kwh:.6f}")


if __name__ == "__main__":
    main()
