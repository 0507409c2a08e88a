//! Graphite anode potential versus SOC, used by the ageing models as a smooth "SOC plateau" stressor.
//!
//! Lithiation fraction (Schimpe et al., J. Electrochem. Soc. 165 (2018) A181, doi:10.1149/2.1181714jes):
//! `x_a = 0.0085 + soc·(0.78 − 0.0085)`.
//!
//! Anode open-circuit potential (Safari & Delacourt, J. Electrochem. Soc. 158 (2011) A562,
//! doi:10.1149/1.3567007), in volts versus Li/Li⁺:
//! `U_a = 0.6379 + 0.5416·e^(−305.5309·x) + 0.044·tanh(−(x − 0.1958)/0.1088) − 0.1978·tanh((x − 1.0571)/0.0854)
//!        − 0.6875·tanh((x + 0.0117)/0.0529) − 0.0175·tanh((x − 0.5692)/0.0875)`.
//!
//! BLAST-Lite 1.1.0 applies the same curve to every cell, graphite-dominated or not (see `docs/models/ageing.md`).

use std::sync::OnceLock;

/// Intervals of the lookup table over SOC 0–1.
const TABLE_INTERVALS: usize = 8192;

/// Anode potential in volts at `soc` (fraction, 0–1), by linear interpolation in a table of
/// [`anode_potential_exact_v`] built once (8192 intervals; largest error 6e−5 V, next to SOC 0 where the
/// exponential term is steep, and < 1e−6 V above SOC 0.05). The drivers call this once per sample, where the
/// six transcendental functions of the exact form dominated the run time.
pub fn anode_potential_v(soc: f64) -> f64 {
    static TABLE: OnceLock<Vec<f64>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        (0..=TABLE_INTERVALS).map(|idx| anode_potential_exact_v(idx as f64 / TABLE_INTERVALS as f64)).collect()
    });
    let position = soc.clamp(0.0, 1.0) * TABLE_INTERVALS as f64;
    let idx = (position as usize).min(TABLE_INTERVALS - 1);
    let w = position - idx as f64;
    table[idx] + w * (table[idx + 1] - table[idx])
}

/// Anode-to-lithium potential in volts at state of charge `soc` (fraction, 0–1), evaluated exactly.
pub fn anode_potential_exact_v(soc: f64) -> f64 {
    let x = 0.0085 + soc * (0.78 - 0.0085);
    0.6379 + 0.5416 * (-305.5309 * x).exp() + 0.044 * (-(x - 0.1958) / 0.1088).tanh()
        - 0.1978 * ((x - 1.0571) / 0.0854).tanh()
        - 0.6875 * ((x + 0.0117) / 0.0529).tanh()
        - 0.0175 * ((x - 0.5692) / 0.0875).tanh()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_published_points() {
        // Values quoted in BLAST.md §2.0 (4 significant digits).
        for (soc, want) in [(0.0, 0.684), (0.5, 0.1233), (0.9, 0.0882), (1.0, 0.0864)] {
            let got = anode_potential_v(soc);
            assert!((got - want).abs() < 6e-4, "Ua({soc}) = {got}, want {want}");
        }
    }

    #[test]
    fn table_stays_close_to_the_exact_curve() {
        for idx in 0..=100_000 {
            let soc = idx as f64 / 100_000.0;
            let error = (anode_potential_v(soc) - anode_potential_exact_v(soc)).abs();
            let bound = if soc < 0.05 { 6e-5 } else { 1e-6 };
            assert!(error < bound, "Ua({soc}) off by {error}");
        }
    }
}
