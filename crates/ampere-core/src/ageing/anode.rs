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

/// Anode-to-lithium potential in volts at state of charge `soc` (fraction, 0–1).
pub fn anode_potential_v(soc: f64) -> f64 {
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
}
