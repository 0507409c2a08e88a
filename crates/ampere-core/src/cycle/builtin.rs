//! The standard cycles compiled into the binary, from `data/cycles/` (sources in `data/cycles/SOURCES.md`).

use super::DriveCycle;
use crate::error::{Result, lookup};

macro_rules! builtin_cycles {
    ($($name:literal),* $(,)?) => {
        /// Names and CSV text of every built-in cycle.
        const CYCLES: &[(&str, &str)] = &[
            $(($name, include_str!(concat!("../../../../data/cycles/", $name, ".csv")))),*
        ];
    };
}

builtin_cycles!(
    "wltc_class1",
    "wltc_class2",
    "wltc_class3a",
    "wltc_class3b",
    "nedc",
    "udds",
    "ftp75",
    "hwfet",
    "us06",
    "sc03",
    "artemis_urban",
    "artemis_rural",
    "artemis_motorway_150",
);

/// Phase boundaries: `cycle,phase,start_s,end_s`.
const PHASES_CSV: &str = include_str!("../../../../data/cycles/phases.csv");

/// Names of the built-in cycles, in a stable order.
pub fn names() -> impl Iterator<Item = &'static str> {
    CYCLES.iter().map(|(name, _)| *name)
}

/// Load a built-in cycle with its phases (or one phase "All" where the standard defines none).
pub fn load(name: &str) -> Result<DriveCycle> {
    let cycle = DriveCycle::from_csv(lookup(CYCLES, "cycle", name)?, name)?;
    let phases = phases_of(name);
    if phases.is_empty() { Ok(cycle) } else { cycle.with_phases(&phases) }
}

fn phases_of(cycle: &str) -> Vec<(String, f64, f64)> {
    PHASES_CSV
        .lines()
        .skip(1)
        .filter_map(|line| {
            let fields: Vec<&str> = line.split(',').collect();
            match fields.as_slice() {
                [c, phase, start, end] if *c == cycle => {
                    Some(((*phase).to_owned(), start.parse().ok()?, end.parse().ok()?))
                }
                _ => None,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_loads() {
        for name in names() {
            let cycle = load(name).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(cycle.speed_mps()[0], 0.0, "{name} starts at rest");
        }
    }

    #[test]
    fn wltc_has_four_phases() {
        let cycle = load("wltc_class3b").unwrap();
        let names: Vec<_> = cycle.phases().iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["Low", "Medium", "High", "Extra-High"]);
    }

    #[test]
    fn unknown_name_lists_known_ones() {
        let err = load("wltc4").unwrap_err().to_string();
        assert!(err.contains("unknown cycle `wltc4`") && err.contains("wltc_class3b"), "{err}");
    }
}
