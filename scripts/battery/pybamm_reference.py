"""Reference data for ampere's battery validation, generated with PyBaMM (pip install pybamm).

Writes into crates/ampere-core/tests/data/battery/:
  ocv_<set>.csv                      OCV(SOC) of Chen2020 and Prada2013: U_p(sto_p) - U_n(sto_n) along the
                                     electrode-SOH stoichiometry line (SOC 0/1 = lower/upper cut-off).
  thevenin_cell.toml                 the 2-RC cell given to PyBaMM's Thevenin model, in ampere's cell format.
  thevenin_cc1c.csv, thevenin_wltc.csv   PyBaMM Thevenin (2 RC) outputs for that cell (1C from SOC 0.99
                                     (PyBaMM needs SOC < 1), dynamic profile from SOC 0.8).
  spme_<set>_hppc.csv                SPMe response to an HPPC test from SOC 0.95 in 5 % steps (fit data).
  spme_<set>_wltc.csv                SPMe response to the 1800 s dynamic profile (validation data).
Profiles come from ../shared/anchors/pybamm/profile_wltc_crate.csv (PyBaMM's WLTC power trace scaled to 2C).
Positive current = discharge. Usage: python scripts/battery/pybamm_reference.py [path/to/shared]
"""

import sys
from pathlib import Path

import numpy as np
import pybamm

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "crates/ampere-core/tests/data/battery"
SHARED = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared"
SOC_GRID = np.linspace(0.0, 1.0, 41)


def ocv_curve(set_name):
    """OCV on SOC_GRID from the electrode OCPs and the electrode-SOH stoichiometry limits."""
    param = pybamm.ParameterValues(set_name)
    esoh = pybamm.lithium_ion.ElectrodeSOHSolver(param)
    x0, x100, y100, y0 = esoh.get_min_max_stoichiometries()
    out = []
    for soc in SOC_GRID:
        x = x0 + soc * (x100 - x0)
        y = y0 - soc * (y0 - y100)
        u_p = param.evaluate(pybamm.FunctionParameter("Positive electrode OCP [V]", {"sto": pybamm.Scalar(y)}))
        u_n = param.evaluate(pybamm.FunctionParameter("Negative electrode OCP [V]", {"sto": pybamm.Scalar(x)}))
        out.append(float(u_p) - float(u_n))
    return np.array(out)


def write_csv(path, header, columns):
    data = np.column_stack(columns)
    np.savetxt(path, data, delimiter=",", header=header, comments="", fmt="%.9g")


def load_profile(capacity_ah):
    crate = np.loadtxt(SHARED / "anchors/pybamm/profile_wltc_crate.csv", delimiter=",", skiprows=1)
    return crate[:, 0], crate[:, 1] * capacity_ah


def hppc_profile(capacity_ah, soc_step=0.05, n_steps=17):
    """1 s samples: per SOC point a 10 s 1C discharge pulse, 40 s rest, 10 s 0.75C charge pulse, 40 s rest,
    then a 1C discharge of soc_step, then 600 s rest."""
    one_c = capacity_ah
    seq = [(0.0, 600)]
    for _ in range(n_steps):
        seq += [(one_c, 10), (0.0, 40), (-0.75 * one_c, 10), (0.0, 40),
                (one_c, int(round(soc_step * 3600))), (0.0, 600)]
    current = [0.0]
    for value, duration in seq:
        current += [value] * duration
    current = np.array(current)
    return np.arange(len(current), dtype=float), current


def run_current(model, param, time_s, current_a, initial_soc, cutoff_margin_v=0.0):
    """Every sample time is a solver stop (t_eval), so that the adaptive solver cannot step over a short pulse
    after a long rest (with t_eval = [0, end] it did: the committed HPPC files of 38330a0 had frozen states).
    cutoff_margin_v widens the voltage cut-offs (the HPPC charge pulse at SOC 0.95 passes the upper one)."""
    param = param.copy()
    param["Current function [A]"] = pybamm.Interpolant(time_s, current_a, pybamm.t)
    param["Upper voltage cut-off [V]"] += cutoff_margin_v
    param["Lower voltage cut-off [V]"] -= cutoff_margin_v
    sim = pybamm.Simulation(model, parameter_values=param, solver=pybamm.IDAKLUSolver(rtol=1e-8, atol=1e-8))
    sol = sim.solve(time_s, t_interp=time_s, initial_soc=initial_soc)
    return sol["Time [s]"].entries, sol["Current [A]"].entries, sol["Voltage [V]"].entries


def thevenin_cell():
    """A 5 Ah 2-RC cell on the Chen2020 OCV, SOC-dependent R0/R1/R2/C1/C2 (identical in ampere and PyBaMM)."""
    soc = np.array([0.0, 0.1, 0.2, 0.4, 0.6, 0.8, 1.0])
    r0 = np.array([0.040, 0.030, 0.026, 0.024, 0.023, 0.022, 0.023])
    r1 = np.array([0.020, 0.014, 0.011, 0.010, 0.010, 0.009, 0.010])
    tau1 = np.array([12.0, 11.0, 10.0, 10.0, 10.0, 9.0, 9.0])
    r2 = np.array([0.030, 0.020, 0.016, 0.014, 0.013, 0.013, 0.014])
    tau2 = np.array([150.0, 140.0, 120.0, 110.0, 110.0, 100.0, 100.0])
    return soc, r0, r1, tau1, r2, tau2


def thevenin_param(ocv):
    soc, r0, r1, tau1, r2, tau2 = thevenin_cell()
    param = pybamm.ParameterValues("ECM_Example")

    def table(name, values):
        return lambda T_cell, current, s: pybamm.Interpolant(soc, values, s, name=name)

    param.update({
        "Cell capacity [A.h]": 5.0, "Nominal cell capacity [A.h]": 5.0,
        "Upper voltage cut-off [V]": 4.2, "Lower voltage cut-off [V]": 2.5,
        "Open-circuit voltage [V]": lambda s: pybamm.Interpolant(SOC_GRID, ocv, s, name="ocv"),
        "Entropic change [V/K]": 0.0,
        "R0 [Ohm]": table("r0", r0), "R1 [Ohm]": table("r1", r1), "C1 [F]": table("c1", tau1 / r1),
        "R2 [Ohm]": table("r2", r2), "C2 [F]": table("c2", tau2 / r2),
        "Element-2 initial overpotential [V]": 0.0,
    }, check_already_exists=False)
    return param


def write_thevenin_toml(ocv):
    soc, r0, r1, tau1, r2, tau2 = thevenin_cell()
    fmt = lambda a: "[" + ", ".join(f"{v:.9g}" for v in a) + "]"
    rows = lambda a: "[" + ", ".join(f"[{v:.9g}, {v:.9g}]" for v in a) + "]"
    text = f"""# Validation cell given identically to PyBaMM's Thevenin model (scripts/battery/pybamm_reference.py).
# OCV: Chen2020 electrode OCPs (PyBaMM); resistances: synthetic, SOC-dependent, temperature-independent.
name = "thevenin_validation"
chemistry = "nmc811"
capacity_ah = 5.0
nominal_voltage_v = 3.63
min_voltage_v = 2.5
max_voltage_v = 4.2
mass_kg = 0.0689
volume_l = 0.02558
specific_heat_j_per_kg_k = 1100.0
max_discharge_current_a = 15.0
max_charge_current_a = 10.0
min_temperature_degc = -30.0
max_temperature_degc = 60.0

[source]
all = "scripts/battery/pybamm_reference.py (PyBaMM {pybamm.__version__})"

[ocv]
soc = {fmt(SOC_GRID)}
voltage_v = {fmt(ocv)}

[resistance]
soc = {fmt(soc)}
temperature_degc = [0.0, 40.0]
r0_mohm = {rows(r0 * 1e3)}
r1_mohm = {rows(r1 * 1e3)}
tau1_s = {rows(tau1)}
r2_mohm = {rows(r2 * 1e3)}
tau2_s = {rows(tau2)}
"""
    (OUT / "thevenin_cell.toml").write_text(text)


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    ocvs = {}
    for set_name in ["Chen2020", "Prada2013"]:
        ocvs[set_name] = ocv_curve(set_name)
        write_csv(OUT / f"ocv_{set_name.lower()}.csv", "soc,ocv_v", [SOC_GRID, ocvs[set_name]])

    ocv = ocvs["Chen2020"]
    write_thevenin_toml(ocv)
    thevenin = pybamm.equivalent_circuit.Thevenin(options={"number of rc elements": 2})
    param = thevenin_param(ocv)
    cc_t = np.arange(0.0, 3601.0)
    for name, (t, i, soc0) in {
        "cc1c": (cc_t, np.full_like(cc_t, 5.0), 0.99),
        "wltc": (*load_profile(5.0), 0.8),
    }.items():
        p = param.copy()
        p["Initial SoC"] = soc0
        p["Current function [A]"] = pybamm.Interpolant(t, i, pybamm.t)
        sim = pybamm.Simulation(thevenin, parameter_values=p, solver=pybamm.IDAKLUSolver(rtol=1e-9, atol=1e-9))
        sol = sim.solve([0, t[-1]], t_interp=t)
        write_csv(OUT / f"thevenin_{name}.csv", "time_s,current_a,voltage_v",
                  [sol["Time [s]"].entries, sol["Current [A]"].entries, sol["Voltage [V]"].entries])

    for set_name in ["Chen2020", "Prada2013"]:
        param = pybamm.ParameterValues(set_name)
        capacity = param["Nominal cell capacity [A.h]"]
        for name, (t, i, soc0, margin) in {
            "hppc": (*hppc_profile(capacity), 0.95, 0.3),
            "wltc": (*load_profile(capacity), 0.8, 0.0),
        }.items():
            tt, ii, vv = run_current(pybamm.lithium_ion.SPMe(), param, t, i, soc0, margin)
            write_csv(OUT / f"spme_{set_name.lower()}_{name}.csv", "time_s,current_a,voltage_v", [tt, ii, vv])


if __name__ == "__main__":
    main()
