"""Writes data/cells/*.toml, ampere's cell library, from the values and sources below (plain Python 3).

OCV curves: Chen2020 (NMC811) and Prada2013 (LFP) come from PyBaMM's electrode OCPs
(crates/ampere-core/tests/data/battery/ocv_*.csv, made by pybamm_reference.py). Every other curve and every
resistance table is an ESTIMATE: a chemistry-typical shape or value, marked as such in the file.
Resistances: R(SOC, T) = R_25 * f_soc(SOC) * f_T(T); f_T is an Arrhenius-like factor (estimate).
Usage: python3 scripts/battery/make_cells.py
"""

import csv
import math
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "crates/ampere-core/tests/data/battery"
SOC = [i / 20 for i in range(21)]
R_SOC = [0.0, 0.1, 0.2, 0.5, 0.8, 1.0]
F_SOC = [1.8, 1.25, 1.08, 1.0, 1.0, 1.06]
R_T = [-20.0, 0.0, 25.0, 45.0]
CHARGE_SOC = [0.0, 0.5, 0.8, 0.9, 1.0]
CHARGE_T = [-20.0, 0.0, 10.0, 25.0, 45.0]


def read_ocv(name):
    with open(DATA / f"ocv_{name}.csv") as f:
        rows = list(csv.DictReader(f))
    return [float(r["soc"]) for r in rows], [float(r["ocv_v"]) for r in rows]


def interp(x, xs, ys):
    if x <= xs[0]:
        return ys[0]
    for i in range(1, len(xs)):
        if x <= xs[i]:
            f = (x - xs[i - 1]) / (xs[i] - xs[i - 1])
            return ys[i - 1] + f * (ys[i] - ys[i - 1])
    return ys[-1]


def rescaled(name, v_min, v_max):
    """A PyBaMM OCV curve restricted to [v_min, v_max] with SOC re-based on that window."""
    xs, ys = read_ocv(name)
    fine = [i / 4000 for i in range(4001)]
    v = [interp(s, xs, ys) for s in fine]
    inside = [(s, u) for s, u in zip(fine, v) if v_min <= u <= v_max]
    s0, s1 = inside[0][0], inside[-1][0]
    return [interp(s0 + z * (s1 - s0), fine, v) for z in SOC]


def shape(points):
    """OCV on SOC from (soc, V) knots, linear between them."""
    xs, ys = zip(*points)
    return [interp(z, xs, ys) for z in SOC]


def arrhenius(activation_ev):
    k_b = 8.617e-5
    return [math.exp(activation_ev / k_b * (1 / (t + 273.15) - 1 / 298.15)) for t in R_T]


def fmt(values, digits=5):
    return "[" + ", ".join(f"{v:.{digits}g}" for v in values) + "]"


def table(r25, f_t, digits=4):
    rows = [fmt([r25 * fs * ft for ft in f_t], digits) for fs in F_SOC]
    return "[\n  " + ",\n  ".join(rows) + ",\n]"


def write(cell):
    c = cell
    lines = [f"# {c['title']}", "# Written by scripts/battery/make_cells.py; edit there. Units in the names.", ""]
    lines += [f'name = "{c["name"]}"', f'chemistry = "{c["chemistry"]}"']
    for key in ["capacity_ah", "nominal_voltage_v", "min_voltage_v", "max_voltage_v", "mass_kg", "volume_l",
                "specific_heat_j_per_kg_k", "max_discharge_current_a", "max_charge_current_a",
                "min_temperature_degc", "max_temperature_degc"]:
        note = c.get("notes", {}).get(key)
        lines.append(f"{key} = {c[key]:g}" + (f"  # {note}" if note else ""))
    lines += ["", "[source]"] + [f'{k} = "{v}"' for k, v in c["source"].items()]
    lines += ["", "[ocv]", f"# {c['ocv_note']}", f"soc = {fmt(SOC, 3)}", f"voltage_v = {fmt(c['ocv'], 5)}"]
    if "entropic" in c:
        lines.append(f"entropic_mv_per_k = {fmt([interp(z, *zip(*c['entropic'])) for z in SOC], 3)}  # estimate")
    if c.get("hysteresis_v"):
        lines += [f"hysteresis_v = {c['hysteresis_v']}  # estimate, half-gap of the branches",
                  f"hysteresis_rate = {c['hysteresis_rate']}  # estimate"]
    f_t = arrhenius(c["activation_ev"])
    f_t_rc = arrhenius(c["activation_ev"] * 0.8)
    lines += ["", "[resistance]",
              f"# Estimate: R(SOC, T) = R_25 x f_soc x f_T, R_25 = {c['r0']}/{c['r1']}/{c['r2']} mOhm "
              f"(R0/R1/R2), Arrhenius f_T with Ea = {c['activation_ev']} eV ({c['r_note']}).",
              f"soc = {fmt(R_SOC, 3)}", f"temperature_degc = {fmt(R_T, 3)}",
              f"r0_mohm = {table(c['r0'], f_t)}", f"r1_mohm = {table(c['r1'], f_t_rc)}",
              f"tau1_s = {table(c['tau1'], [1.0] * len(R_T), 3)}",
              f"r2_mohm = {table(c['r2'], f_t_rc)}", f"tau2_s = {table(c['tau2'], [1.0] * len(R_T), 3)}"]
    cm = c["charge_c_rate"]
    lines += ["", "[charge_limit]", f"# {c['charge_note']}", f"soc = {fmt(CHARGE_SOC, 3)}",
              f"temperature_degc = {fmt(CHARGE_T, 3)}",
              "c_rate = [\n  " + ",\n  ".join(fmt([cm[t] * taper for t in CHARGE_T], 3)
                                         for taper in c["charge_taper"]) + ",\n]", ""]
    (ROOT / "data/cells" / f"{c['name']}.toml").write_text("\n".join(lines))


NMC_CHARGE = {-20.0: 0.05, 0.0: 0.3, 10.0: 0.7, 25.0: 1.5, 45.0: 1.5}
NMC_TAPER = [1.0, 1.0, 0.6, 0.35, 0.15]
LFP_CHARGE = {-20.0: 0.05, 0.0: 0.25, 10.0: 0.8, 25.0: 2.0, 45.0: 2.0}
LFP_TAPER = [1.0, 1.0, 0.75, 0.4, 0.15]
CHARGE_NOTE = ("Estimate: sustained charge C-rate; cold limits follow lithium-plating guidance (no fast charge "
               "below ~10 degC), taper above 80 % SOC sized so 10-80 % times land near published ones.")

CELLS = [
    dict(name="nmc811_lg_m50", chemistry="nmc811", title="LG M50 21700, graphite-SiOx | NMC811 (Chen et al. 2020)",
         capacity_ah=5.0, nominal_voltage_v=3.63, min_voltage_v=2.5, max_voltage_v=4.2, mass_kg=0.0689,
         volume_l=0.0242, specific_heat_j_per_kg_k=1100, max_discharge_current_a=14.6, max_charge_current_a=7.3,
         min_temperature_degc=-20, max_temperature_degc=60,
         notes=dict(mass_kg="LG INR21700M50 datasheet (69.25 g max)", volume_l="PyBaMM Chen2020 'Cell volume'",
                    specific_heat_j_per_kg_k="estimate (typical 21700)", max_discharge_current_a="estimate, 2x the datasheet 1.5C continuous",
                    max_charge_current_a="estimate, 1.5C regen pulse"),
         source=dict(cell="Chen et al. 2020, J. Electrochem. Soc. 167 080534 (PyBaMM Chen2020): 5 Ah, 2.5-4.2 V",
                     ocv="PyBaMM Chen2020 electrode OCPs along the electrode-SOH line (scripts/battery/pybamm_reference.py)"),
         ocv=rescaled("chen2020", 2.5, 4.2), ocv_note="PyBaMM Chen2020 (see [source])",
         entropic=[(0.0, -0.1), (0.5, 0.05), (1.0, -0.05)],
         r0=20.0, r1=8.0, tau1=12.0, r2=12.0, tau2=150.0, activation_ev=0.35,
         r_note="R0 near the LG M50 datasheet AC impedance <= 22 mOhm", charge_c_rate=NMC_CHARGE, charge_taper=NMC_TAPER,
         charge_note=CHARGE_NOTE),
    dict(name="lfp_a123_26650", chemistry="lfp", title="A123 ANR26650M1-B, graphite | LFP (Prada et al. 2013)",
         capacity_ah=2.3, nominal_voltage_v=3.3, min_voltage_v=2.0, max_voltage_v=3.6, mass_kg=0.076,
         volume_l=0.0345, specific_heat_j_per_kg_k=1108, max_discharge_current_a=120, max_charge_current_a=10,
         min_temperature_degc=-30, max_temperature_degc=55,
         notes=dict(mass_kg="A123 datasheet", volume_l="26 mm x 65 mm cylinder", specific_heat_j_per_kg_k="Forgez et al. 2010, J. Power Sources 195 2961",
                    max_discharge_current_a="A123 datasheet 10 s pulse", max_charge_current_a="A123 datasheet fast charge (4C)"),
         source=dict(cell="Prada et al. 2013, J. Electrochem. Soc. 160 A616 (PyBaMM Prada2013): 2.3 Ah, 2.0-3.6 V",
                     ocv="PyBaMM Prada2013 electrode OCPs (LFP OCP Afshar 2017) along the electrode-SOH line"),
         ocv=rescaled("prada2013", 2.0, 3.6), ocv_note="PyBaMM Prada2013 (see [source]); hysteresis added",
         hysteresis_v=0.01, hysteresis_rate=60, entropic=[(0.0, 0.1), (0.5, -0.05), (1.0, -0.1)],
         r0=8.0, r1=4.0, tau1=10.0, r2=6.0, tau2=120.0, activation_ev=0.3,
         r_note="R0 near the A123 datasheet AC impedance 6 mOhm", charge_c_rate=LFP_CHARGE, charge_taper=LFP_TAPER,
         charge_note=CHARGE_NOTE),
    dict(name="lfp_prismatic_blade", chemistry="lfp", title="Large prismatic LFP, BYD Blade class (estimates)",
         capacity_ah=138, nominal_voltage_v=3.2, min_voltage_v=2.5, max_voltage_v=3.65, mass_kg=2.76,
         volume_l=1.442, specific_heat_j_per_kg_k=1050, max_discharge_current_a=414, max_charge_current_a=276,
         min_temperature_degc=-30, max_temperature_degc=55,
         notes=dict(mass_kg="estimate: 160 Wh/kg (MARKET.md 2.2 generic LFP 160-180)",
                    volume_l="estimate: 905 x 118 x 13.5 mm blade format", specific_heat_j_per_kg_k="estimate",
                    max_discharge_current_a="estimate, 3C", max_charge_current_a="estimate, 2C"),
         source=dict(cell="estimate for a 138 Ah blade-format LFP cell; pack-level context ../shared/facts/MARKET.md 2.2",
                     ocv="PyBaMM Prada2013 LFP OCV restricted to 2.5-3.65 V"),
         ocv=rescaled("prada2013", 2.5, 3.6), ocv_note="Prada2013 shape (see [source]); hysteresis added",
         hysteresis_v=0.01, hysteresis_rate=60,
         r0=0.35, r1=0.15, tau1=15.0, r2=0.25, tau2=200.0, activation_ev=0.3,
         r_note="estimate: 8 mOhm x 2.3 Ah / 138 Ah scaled with a large-format penalty", charge_c_rate=LFP_CHARGE,
         charge_taper=LFP_TAPER, charge_note=CHARGE_NOTE),
    dict(name="nmc622_large", chemistry="nmc622", title="Large-format pouch NMC622, 78 Ah class (estimates)",
         capacity_ah=78, nominal_voltage_v=3.65, min_voltage_v=2.75, max_voltage_v=4.2, mass_kg=1.08,
         volume_l=0.489, specific_heat_j_per_kg_k=1050, max_discharge_current_a=234, max_charge_current_a=156,
         min_temperature_degc=-20, max_temperature_degc=60,
         notes=dict(mass_kg="estimate: 264 Wh/kg", volume_l="estimate: 355 x 102 x 13.5 mm pouch",
                    specific_heat_j_per_kg_k="estimate", max_discharge_current_a="estimate, 3C",
                    max_charge_current_a="estimate, 2C"),
         source=dict(cell="estimate for an automotive pouch NMC622 cell of the 78 Ah class",
                     ocv="Chen2020 NMC811 curve restricted to 2.75-4.2 V (estimate of the NMC shape)"),
         ocv=rescaled("chen2020", 2.75, 4.2), ocv_note="estimate, NMC shape from Chen2020",
         r0=0.9, r1=0.4, tau1=12.0, r2=0.5, tau2=150.0, activation_ev=0.35,
         r_note="estimate: M50 resistance scaled by capacity", charge_c_rate=NMC_CHARGE, charge_taper=NMC_TAPER,
         charge_note=CHARGE_NOTE),
    dict(name="nca_panasonic_18650", chemistry="nca", title="Panasonic NCR18650B class, graphite | NCA",
         capacity_ah=3.35, nominal_voltage_v=3.6, min_voltage_v=2.5, max_voltage_v=4.2, mass_kg=0.0485,
         volume_l=0.01654, specific_heat_j_per_kg_k=1100, max_discharge_current_a=6.7, max_charge_current_a=3.35,
         min_temperature_degc=-20, max_temperature_degc=60,
         notes=dict(capacity_ah="Panasonic NCR18650B datasheet (3.2 min / 3.35 typ)", mass_kg="NCR18650B datasheet",
                    volume_l="18 mm x 65 mm cylinder", specific_heat_j_per_kg_k="estimate",
                    max_discharge_current_a="NCR18650B datasheet 2C", max_charge_current_a="estimate, 1C regen"),
         source=dict(cell="Panasonic NCR18650B datasheet (3.35 Ah, 3.6 V, 2.5-4.2 V, 48.5 g)",
                     ocv="Chen2020 NMC811 curve (estimate of the NCA shape)"),
         ocv=rescaled("chen2020", 2.5, 4.2), ocv_note="estimate, layered-oxide shape from Chen2020",
         r0=35.0, r1=15.0, tau1=12.0, r2=20.0, tau2=150.0, activation_ev=0.35,
         r_note="estimate near datasheet-class DCIR", charge_c_rate=NMC_CHARGE, charge_taper=NMC_TAPER,
         charge_note=CHARGE_NOTE),
    dict(name="lmfp_prismatic", chemistry="lmfp", title="Prismatic LMFP (Mn:Fe 6:4), graphite (estimates)",
         capacity_ah=150, nominal_voltage_v=3.7, min_voltage_v=2.5, max_voltage_v=4.3, mass_kg=2.85,
         volume_l=1.25, specific_heat_j_per_kg_k=1050, max_discharge_current_a=450, max_charge_current_a=300,
         min_temperature_degc=-30, max_temperature_degc=55,
         notes=dict(mass_kg="estimate: 195 Wh/kg (MARKET.md 2.2: Blade gen 2 LMFP ~220 Wh/kg cell)",
                    volume_l="estimate", specific_heat_j_per_kg_k="estimate", max_discharge_current_a="estimate, 3C",
                    max_charge_current_a="estimate, 2C"),
         source=dict(cell="estimate; LMFP voltage +15-20 % over LFP (../shared/facts/MARKET.md 2.2)",
                     ocv="estimate: Fe plateau ~3.4 V, Mn plateau ~4.0 V against graphite"),
         ocv=shape([(0, 2.5), (0.04, 3.3), (0.35, 3.45), (0.42, 3.7), (0.48, 3.98), (0.92, 4.08), (1, 4.3)]),
         ocv_note="estimate, two-plateau shape", hysteresis_v=0.01, hysteresis_rate=60,
         r0=0.45, r1=0.2, tau1=15.0, r2=0.3, tau2=200.0, activation_ev=0.32,
         r_note="estimate, between LFP and NMC", charge_c_rate=LFP_CHARGE, charge_taper=LFP_TAPER,
         charge_note=CHARGE_NOTE),
    dict(name="sodium_ion_catl", chemistry="sodium_ion", title="Sodium-ion prismatic, CATL gen 1 class (estimates)",
         capacity_ah=100, nominal_voltage_v=3.1, min_voltage_v=1.5, max_voltage_v=4.0, mass_kg=1.94,
         volume_l=1.1, specific_heat_j_per_kg_k=1000, max_discharge_current_a=300, max_charge_current_a=200,
         min_temperature_degc=-40, max_temperature_degc=60,
         notes=dict(mass_kg="estimate: 160 Wh/kg (CATL gen 1, MARKET.md 2.2)", volume_l="estimate",
                    specific_heat_j_per_kg_k="estimate", max_discharge_current_a="estimate, 3C",
                    max_charge_current_a="estimate, 2C"),
         source=dict(cell="CATL 2021 launch: 160 Wh/kg, 90 % capacity at -20 degC (../shared/facts/MARKET.md 2.2); rest estimates",
                     ocv="estimate: sloping hard-carbon | layered-oxide curve"),
         ocv=shape([(0, 1.5), (0.03, 2.4), (0.2, 2.85), (0.5, 3.15), (0.8, 3.5), (0.97, 3.85), (1, 4.0)]),
         ocv_note="estimate, sloping shape", r0=0.6, r1=0.3, tau1=10.0, r2=0.4, tau2=120.0, activation_ev=0.25,
         r_note="estimate; weaker temperature dependence than Li-ion",
         charge_c_rate={-20.0: 0.3, 0.0: 0.8, 10.0: 1.2, 25.0: 2.0, 45.0: 2.0}, charge_taper=LFP_TAPER,
         charge_note=CHARGE_NOTE),
    dict(name="lmr_cobalt_free_2028", chemistry="lmr", title="Cobalt-free LMR prismatic, GM/LGES 2028 class (estimates)",
         capacity_ah=250, nominal_voltage_v=3.55, min_voltage_v=2.5, max_voltage_v=4.45, mass_kg=3.6,
         volume_l=1.6, specific_heat_j_per_kg_k=1050, max_discharge_current_a=500, max_charge_current_a=375,
         min_temperature_degc=-20, max_temperature_degc=55,
         notes=dict(mass_kg="estimate: ~245 Wh/kg", volume_l="estimate", specific_heat_j_per_kg_k="estimate",
                    max_discharge_current_a="estimate, 2C", max_charge_current_a="estimate, 1.5C"),
         source=dict(cell="GM/LGES LMR prismatic announcement 2025-05 (+33 % vs best LFP, 60-70 % Mn, 0-2 % Co; ../shared/facts/MARKET.md 2.2); values estimates",
                     ocv="estimate: sloping LMR curve; large hysteresis typical of Li-rich oxides"),
         ocv=shape([(0, 2.5), (0.04, 3.05), (0.3, 3.45), (0.6, 3.75), (0.9, 4.2), (1, 4.45)]),
         ocv_note="estimate, sloping shape with hysteresis", hysteresis_v=0.05, hysteresis_rate=20,
         r0=0.45, r1=0.25, tau1=15.0, r2=0.35, tau2=200.0, activation_ev=0.38,
         r_note="estimate; Li-rich oxides have higher impedance at low SOC",
         charge_c_rate={-20.0: 0.05, 0.0: 0.25, 10.0: 0.6, 25.0: 1.2, 45.0: 1.2}, charge_taper=NMC_TAPER,
         charge_note=CHARGE_NOTE),
]

if __name__ == "__main__":
    for cell in CELLS:
        write(cell)
