//! NCA/graphite Panasonic NCR18650B (calendar: Keil et al., J. Electrochem. Soc. 2016,
//! doi:10.1149/2.0411609jes; cycle: Preger et al., J. Electrochem. Soc. 2020, doi:10.1149/1945-7111/abae37;
//! parameters in `data/ageing/nca_gr_panasonic_3ah.toml`).
//!
//! ```text
//! k_cal = A·exp(B/T)·exp(C·SOC/T)                          q_loss_t   = k_cal·t_days^p_cal
//! k_cyc = (A2 + B2·Crate + C2·DOD)·(exp(D2/T) + exp(−E2/T)) q_loss_EFC = k_cyc·EFC^p_cyc
//! q = 1 − q_loss_t − q_loss_EFC
//! ```

use serde::Deserialize;

use super::{FadeLaw, Health, INVERSE_TEMPERATURE_RANGE_PER_K, TwoLosses};
use crate::ageing::fast_exp::LINEAR_EXP_LIMIT;
use crate::ageing::stressors::{AverageScratch, Chunk, ChunkStressors, Sample};

/// Fitted parameters (see the module doc for where each enters).
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs, reason = "names are the paper's symbols, documented in the module equations")]
pub struct Params {
    pub a: f64,
    pub b: f64,
    pub c: f64,
    pub p_cal: f64,
    pub a2: f64,
    pub b2: f64,
    pub c2: f64,
    pub d2: f64,
    pub e2: f64,
    pub p_cyc: f64,
}

/// The Panasonic NCA law.
#[derive(Debug, Clone, Copy)]
pub struct NcaPanasonic {
    /// Fitted parameters.
    pub params: Params,
}

impl NcaPanasonic {
    /// True when `|D2/T|` and `|E2/T|` stay below [`LINEAR_EXP_LIMIT`] at every accepted temperature, so that
    /// `e^(D2/T)` and `e^(−E2/T)` round to `1 + D2/T` and `1 − E2/T` (the published fit: both about 1e−13).
    fn cycle_temperature_is_linear(&self) -> bool {
        let largest_inv_t = INVERSE_TEMPERATURE_RANGE_PER_K[1];
        self.params.d2.abs().max(self.params.e2.abs()) * largest_inv_t <= LINEAR_EXP_LIMIT
    }
}

impl FadeLaw for NcaPanasonic {
    type Rates = [f64; 2];
    type State = TwoLosses;
    type Cache = ();

    fn rates(
        &self,
        chunk: &Chunk<'_>,
        stressors: &ChunkStressors,
        _: &mut (),
        scratch: &mut AverageScratch,
    ) -> [f64; 2] {
        let p = &self.params;
        let stress = p.a2 + p.b2 * stressors.c_rate_per_h + p.c2 * stressors.dod;
        let calendar_exponent = |s: Sample, inv_t: f64| (p.b + p.c * s.soc) * inv_t;
        // A is constant, so it multiplies the average rather than every sample.
        let (k_cal_exponential, k_cyc_temperature) = if self.cycle_temperature_is_linear() {
            // e^(D2/T) + e^(−E2/T) rounds to 2 + (D2 − E2)/T at every accepted temperature, and its mean to
            // 2 + (D2 − E2)·mean(1/T): one plain average instead of two exponentials per sample.
            let ([k_cal_exponential], [mean_inv_t]) = chunk.time_average(scratch, |s| {
                let inv_t = 1.0 / s.temperature_k;
                ([calendar_exponent(s, inv_t)], [inv_t])
            });
            (k_cal_exponential, 2.0 + (p.d2 - p.e2) * mean_inv_t)
        } else {
            let ([k_cal_exponential, k_cyc_major, k_cyc_minor], []) = chunk.time_average(scratch, |s| {
                let inv_t = 1.0 / s.temperature_k;
                ([calendar_exponent(s, inv_t), p.d2 * inv_t, -p.e2 * inv_t], [])
            });
            (k_cal_exponential, k_cyc_major + k_cyc_minor)
        };
        [p.a * k_cal_exponential, stress * k_cyc_temperature]
    }

    fn advance(&self, state: &mut TwoLosses, rates: &[f64; 2], stressors: &ChunkStressors, scalar: f64) {
        let p = &self.params;
        let dx = [stressors.delta_days, stressors.delta_efc];
        state.advance_power_laws(*rates, [p.p_cal, p.p_cyc], dx, scalar);
    }

    fn health(&self, state: &TwoLosses) -> Health {
        state.health()
    }

    fn positive_parameters(&self) -> Vec<(&'static str, f64)> {
        let p = &self.params;
        vec![("p_cal", p.p_cal), ("p_cyc", p.p_cyc)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The published parameters take the linear route; it must give the rates of the two exponentials.
    #[test]
    fn linear_cycle_temperature_matches_the_exponentials() {
        let text = include_str!("../../../../../data/ageing/nca_gr_panasonic_3ah.toml");
        let (_, params) = super::super::parse_model_file::<Params>(text, "nca").expect("parse");
        let law = NcaPanasonic { params };
        assert!(law.cycle_temperature_is_linear());
        // A day of hourly samples from −60 °C to 100 °C (the accepted extremes) and back, SOC cycling.
        let t_s: Vec<f64> = (0..25).map(|h| h as f64 * 3600.0).collect();
        let temperature_degc: Vec<f64> =
            (0..25).map(|h| -60.0 + 160.0 * (1.0 - (h as f64 - 12.0).abs() / 12.0)).collect();
        let soc: Vec<f64> = (0..25).map(|h| 0.5 + 0.4 * (h as f64 * 0.7).sin()).collect();
        let chunk = Chunk { t_s: &t_s, soc: &soc, temperature_degc: &temperature_degc, current: None };
        let stressors = chunk.stressors(1.0, crate::ageing::DriverMode::Default);
        let got = law.rates(&chunk, &stressors, &mut (), &mut AverageScratch::default());
        // The same rate with the two exponentials averaged per sample.
        let ([major, minor], []) = chunk.time_average(&mut AverageScratch::default(), |s| {
            ([params.d2 / s.temperature_k, -params.e2 / s.temperature_k], [])
        });
        let stress = params.a2 + params.b2 * stressors.c_rate_per_h + params.c2 * stressors.dod;
        let want = stress * (major + minor);
        assert!((got[1] - want).abs() <= 4.0 * f64::EPSILON * want, "{} vs {want}", got[1]);
        // And the route is left when the terms are no longer negligible.
        let steep = NcaPanasonic { params: Params { e2: 1e-3, ..params } };
        assert!(!steep.cycle_temperature_is_linear());
    }
}
