#!/bin/bash
# Time two ampere binaries alternately on FASTSim's four BEVs over UDDS, so that both see the same load.
# Prints the median single-run time (µs) of each repetition: `ampere bench --samples 1001`.
# Usage (from the repository root): scripts/bench/ab_vehicle.sh BINARY_A BINARY_B [repetitions, default 3]
set -euo pipefail
A=$1; B=$2; R=${3:-3}
D=crates/ampere-core/tests/data/fastsim
median_us() {
  "$1" bench --vehicle "$D/$2.yaml" --cycle "$D/udds_mps.csv" --samples 1001 --batch-runs 2 --json |
    python3 -c 'import json,sys; print(round(json.load(sys.stdin)["median_run_us"], 1))'
}
for v in 2016_Nissan_Leaf_30_kWh_thrml 2020_Chevrolet_Bolt_EV_thrml 2022_Tesla_Model_3_RWD_thrml 2022_Renault_Zoe_ZE50_R135; do
  ra=(); rb=()
  for _ in $(seq "$R"); do
    ra+=("$(median_us "$A" "$v")"); rb+=("$(median_us "$B" "$v")")
  done
  echo "$v A: ${ra[*]} | B: ${rb[*]}"
done
