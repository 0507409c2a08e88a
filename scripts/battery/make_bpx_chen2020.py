"""Write a BPX file of PyBaMM's Chen2020 set (LG M50 21700, graphite-SiOx | NMC811) for ampere's BPX import test.

Input: ../shared/anchors/pybamm/params_Chen2020.json (PyBaMM 26.10.1.1's parameter dump: scalars, the OCP
formulas and the electrode-SOH stoichiometries at SOC 0 and 1). Output:
crates/ampere-core/tests/data/battery/bpx_chen2020.json. Pure Python (no PyBaMM or numpy needed).

Conversions (BPX schema, FaradayInstitution/BPX `bpx/schema.py`):
- negative OCP as an expression string (Chen2020's formula), positive OCP as a 201-point table of Chen2020's
  formula, so that the import test covers both kinds;
- stoichiometry limits = PyBaMM's electrode-SOH values at SOC 0 / 1 (the same line as tests/data/battery/ocv_chen2020.csv);
- surface area per volume a = 3 eps_s / R_p; transport efficiency = porosity ** 1.5 (Bruggeman 1.5);
- BPX rate constant k with j0 = F k sqrt(c_e/c_e0 * c/c_max * (1 - c/c_max)) from PyBaMM's
  j0 = m_ref sqrt(c_e c (c_max - c)): k = m_ref sqrt(c_e0) c_max / F;
- Chen2020 has no cell mass or specific heat: 68.9 g (LG INR21700M50 datasheet) and 1100 J/(kg K) (estimate, as
  data/cells/nmc811_lg_m50.toml) give the density and specific heat written here.
Usage: python3 scripts/battery/make_bpx_chen2020.py [path/to/shared]
"""

import json
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHARED = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared"
OUT = ROOT / "crates/ampere-core/tests/data/battery/bpx_chen2020.json"
F = 96485.33212

NEG_OCP = ("1.9793 * exp(-39.3631 * x) + 0.2482 - 0.0909 * tanh(29.8538 * (x - 0.1234))"
           " - 0.04478 * tanh(14.9159 * (x - 0.2769)) - 0.0205 * tanh(30.4444 * (x - 0.6103))")


def pos_ocp(x):
    return (-0.8090 * x + 4.4875 - 0.0428 * math.tanh(18.5138 * (x - 0.5542))
            - 17.7326 * math.tanh(15.7890 * (x - 0.3117)) + 17.5842 * math.tanh(15.9308 * (x - 0.3120)))


def main():
    dump = json.loads((SHARED / "anchors/pybamm/params_Chen2020.json").read_text())
    s = dump["scalars"]
    states = dump["initial_states"]
    ce0 = s["Initial concentration in electrolyte [mol.m-3]"]
    mass_kg, cp = 0.0689, 1100.0
    sto = [k / 200 for k in range(201)]

    def electrode(name, ocp, m_ref, ea_reaction, sto_min, sto_max):
        eps = s[f"{name} electrode porosity"]
        radius = s[f"{name} particle radius [m]"]
        c_max = s[f"Maximum concentration in {name.lower()} electrode [mol.m-3]"]
        return {
            "Particle radius [m]": radius,
            "Thickness [m]": s[f"{name} electrode thickness [m]"],
            "Diffusivity [m2.s-1]": s[f"{name} particle diffusivity [m2.s-1]"],
            "OCP [V]": ocp,
            "Entropic change coefficient [V.K-1]": s[f"{name} electrode OCP entropic change [V.K-1]"],
            "Conductivity [S.m-1]": s[f"{name} electrode conductivity [S.m-1]"],
            "Surface area per unit volume [m-1]": 3 * s[f"{name} electrode active material volume fraction"] / radius,
            "Porosity": eps,
            "Transport efficiency": eps ** 1.5,
            "Reaction rate constant [mol.m-2.s-1]": m_ref * math.sqrt(ce0) * c_max / F,
            "Minimum stoichiometry": sto_min,
            "Maximum stoichiometry": sto_max,
            "Maximum concentration [mol.m-3]": c_max,
            "Diffusivity activation energy [J.mol-1]": 0.0,
            "Reaction rate constant activation energy [J.mol-1]": ea_reaction,
        }

    bpx = {
        "Header": {
            "BPX": "0.5.0",
            "Title": "LG M50 21700 graphite-SiOx|NMC811 (PyBaMM Chen2020), converted for ampere's tests",
            "Description": "Chen et al. 2020, J. Electrochem. Soc. 167 080534, as in PyBaMM "
                           f"{dump['pybamm_version']}; written by scripts/battery/make_bpx_chen2020.py. "
                           "Mass (datasheet) and specific heat (estimate) are not part of Chen2020.",
            "References": "Chang-Hui Chen et al 2020 J. Electrochem. Soc. 167 080534",
            "Model": "DFN",
        },
        "Parameterisation": {
            "Cell": {
                "Electrode area [m2]": s["Electrode height [m]"] * s["Electrode width [m]"],
                "External surface area [m2]": s["Cell cooling surface area [m2]"],
                "Volume [m3]": s["Cell volume [m3]"],
                "Number of electrode pairs connected in parallel to make a cell": 1,
                "Lower voltage cut-off [V]": s["Lower voltage cut-off [V]"],
                "Upper voltage cut-off [V]": s["Upper voltage cut-off [V]"],
                "Nominal cell capacity [A.h]": s["Nominal cell capacity [A.h]"],
                "Reference temperature [K]": s["Reference temperature [K]"],
                "Density [kg.m-3]": mass_kg / s["Cell volume [m3]"],
                "Specific heat capacity [J.K-1.kg-1]": cp,
            },
            "Electrolyte": {
                "Cation transference number": s["Cation transference number"],
                "Conductivity [S.m-1]": "0.1297 * (x / 1000) ** 3 - 2.51 * (x / 1000) ** 1.5 + 3.329 * (x / 1000)",
                "Diffusivity [m2.s-1]": "8.794e-11 * (x / 1000) ** 2 - 3.972e-10 * (x / 1000) + 4.862e-10",
                "Conductivity activation energy [J.mol-1]": 0.0,
                "Diffusivity activation energy [J.mol-1]": 0.0,
            },
            "Negative electrode": electrode("Negative", NEG_OCP, 6.48e-7, 35000.0,
                                            states["soc_0.0"]["x_n_init"], states["soc_1.0"]["x_n_init"]),
            "Positive electrode": electrode("Positive", {"x": sto, "y": [pos_ocp(x) for x in sto]}, 3.42e-6, 17800.0,
                                            states["soc_1.0"]["y_p_init"], states["soc_0.0"]["y_p_init"]),
            "Separator": {
                "Thickness [m]": s["Separator thickness [m]"],
                "Porosity": s["Separator porosity"],
                "Transport efficiency": s["Separator porosity"] ** 1.5,
            },
        },
        "State": {
            "Initial conditions": {
                "Initial state-of-charge": 1.0,
                "Initial temperature [K]": s["Initial temperature [K]"],
                "Initial electrolyte concentration [mol.m-3]": ce0,
                "Initial hysteresis state: Positive electrode": 0.0,
                "Initial hysteresis state: Negative electrode": 0.0,
            },
            "Thermal state": {
                "Ambient temperature [K]": s["Ambient temperature [K]"],
                "Heat transfer coefficient [W.m-2.K-1]": s["Total heat transfer coefficient [W.m-2.K-1]"],
            },
        },
    }
    OUT.write_text(json.dumps(bpx, indent=2) + "\n")


if __name__ == "__main__":
    main()
