#!/usr/bin/env python3
"""One day of a commuter cell logged every second, as a battery management system reports it: SOC in whole percent,
current exact. Writes `t_secs,soc,T_celsius,current_a` CSV to stdout (with --no-current, the first three only;
with --unrounded, the SOC as integrated).

Parked at 90 % until 08:00, 30 min at 0.5 C discharge, parked, 30 min at 0.5 C from 17:00, parked, a 0.25 C
charge from 20:00 back to 90 %, parked; 25 °C. The SOC is the current integrated by the trapezoid, then rounded to
0.01. Usage: quantised_day.py [--capacity-ah 5] [--no-current] [--unrounded] > day.csv
"""
import argparse

parser = argparse.ArgumentParser()
parser.add_argument("--capacity-ah", type=float, default=5.0)
parser.add_argument("--no-current", action="store_true")
parser.add_argument("--unrounded", action="store_true")
args = parser.parse_args()


def c_rate(t_s):
    """C-rate at second t_s, positive on discharge."""
    hour = t_s / 3600
    if 8 <= hour < 8.5 or 17 <= hour < 17.5:
        return 0.5
    if 20 <= hour < 24 and charge_left > 0:
        return -0.25
    return 0.0


print("t_secs,soc,T_celsius" + ("" if args.no_current else ",current_a"))
soc, previous, charge_left = 0.9, 0.0, 0.0
for t_s in range(86_401):
    rate = c_rate(t_s)
    if t_s > 0:
        soc -= 0.5 * (previous + rate) / 3600
    charge_left = 0.9 - soc if t_s >= 18 * 3600 else 0.0
    previous = rate
    row = f"{t_s},{soc!r},25" if args.unrounded else f"{t_s},{round(soc, 2):.2f},25"
    print(row if args.no_current else f"{row},{rate * args.capacity_ah:.6g}")
