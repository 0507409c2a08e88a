//! LFP/graphite Sony/Murata 3 Ah, capacity and resistance (data: Naumann et al., J. Energy Storage 2018,
//! doi:10.1016/j.est.2018.01.019, and J. Power Sources 2020, doi:10.1016/j.jpowsour.2019.227666; model:
//! Gasper et al., J. Electrochem. Soc. 2022, doi:10.1149/1945-7111/ac86a8; parameters in
//! `data/ageing/lfp_gr_sony_murata_3ah.toml`).
//!
//! ```text
//! q_loss_t   = 2·q1·(½ − 1/(1 + exp((q2·t_days)^q3)))                     (sigmoid in days)
//!   q1 = |q1_b0·exp(q1_b1·Ua^½/T²)·exp(q1_b2·Ua^½/T)|
//!   q3 = |q3_b0·exp(q3_b1·Ua^⅓/T⁴)·exp(q3_b2·T³·Ua^¼)·exp(q3_b3·Ua^⅓/T³)·exp(q3_b4·T²·Ua^¼)|
//! q_loss_EFC = (q5·EFC)^q6,  q5 = |q5_b0 + q5_b1·DOD + q5_b2·exp(DOD²·Crate³)|
//! q_breakin  = 2·q7·(½ − 1/(1 + exp((q8·EFC)^q9)))   only while ΔEFC/Δdays > 3
//!   q7 = |q7_b0·skewN(SOC)·skewN(DOD)·2·(½ − 1/(1 + exp(q7_dod_growth·DOD)))|
//!   skewN(x; a, w) = 2·φ((x − ½)/w)·Φ(a·(x − ½)/w)
//! dr_t   = k_ref·exp(−Ea/R·(1/T − 1/298.15))·(C·(SOC − ½)³ + D)·Δt_s
//! dr_EFC = (A·Crate + B)·(C2·(DOD − ½)³ + D2)·ΔEFC/100
//! q = 1 − q_loss_t − q_loss_EFC − q_breakin,   r = 1 + r_t + r_EFC
//! ```

use serde::Deserialize;

use super::{FadeLaw, Health, arrhenius_exponent};
use crate::ageing::anode::anode_potential_v;
use crate::ageing::fast_exp::cbrt;
use crate::ageing::laws::{power_b_step, sigmoid_step};
use crate::ageing::stressors::{AverageScratch, Chunk, ChunkStressors, Memo, SocCache};

/// Fitted parameters (see the module doc for where each enters).
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs, reason = "names are the paper's symbols, documented in the module equations")]
pub struct Params {
    pub q2: f64,
    pub q1_b0: f64,
    pub q1_b1: f64,
    pub q1_b2: f64,
    pub q3_b0: f64,
    pub q3_b1: f64,
    pub q3_b2: f64,
    pub q3_b3: f64,
    pub q3_b4: f64,
    pub q5_b0: f64,
    pub q5_b1: f64,
    pub q5_b2: f64,
    pub q6: f64,
    pub q7_b0: f64,
    pub q7_soc_skew: f64,
    pub q7_soc_width: f64,
    pub q7_dod_skew: f64,
    pub q7_dod_width: f64,
    pub q7_dod_growth: f64,
    pub q8: f64,
    pub q9: f64,
    pub k_ref_r_cal: f64,
    pub ea_r_cal: f64,
    pub c_r_cal: f64,
    pub d_r_cal: f64,
    pub a_r_cyc: f64,
    pub b_r_cyc: f64,
    pub c_r_cyc: f64,
    pub d_r_cyc: f64,
}

/// Break-in fires only above this throughput per day (EFC/day).
const BREAK_IN_MIN_EFC_PER_DAY: f64 = 3.0;

/// The Sony/Murata LFP law.
#[derive(Debug, Clone, Copy)]
pub struct LfpSony {
    /// Fitted parameters.
    pub params: Params,
}

/// Rates of one chunk.
#[derive(Debug, Clone, Copy)]
pub struct Rates {
    q1: f64,
    q3: f64,
    q5: f64,
    /// Break-in rate, for chunks where break-in advances (see [`break_in_advances`]).
    q7: Option<f64>,
    r_calendar_per_s: f64,
    r_cycling: f64,
}

/// Losses and resistance gains.
#[derive(Debug, Clone, Copy)]
pub struct State {
    calendar: f64,
    cycling: f64,
    break_in: f64,
    r_calendar: f64,
    r_cycling: f64,
}

impl Default for State {
    /// A new cell. BLAST-Lite starts the break-in sigmoid just above zero so that its slope is defined.
    fn default() -> Self {
        State { calendar: 0.0, cycling: 0.0, break_in: 1e-10, r_calendar: 0.0, r_cycling: 0.0 }
    }
}

impl FadeLaw for LfpSony {
    type Rates = Rates;
    type State = State;
    /// The SOC-only terms per SOC.
    type Cache = SocCache<4>;

    fn rates(
        &self,
        chunk: &Chunk<'_>,
        s: &ChunkStressors,
        soc_cache: &mut SocCache<4>,
        scratch: &mut AverageScratch,
    ) -> Rates {
        let p = &self.params;
        // SOC-only terms: Ua^(1/2), Ua^(1/3), Ua^(1/4) and the SOC polynomial of the resistance law.
        let soc_terms = |soc: f64| {
            let ua = anode_potential_v(soc);
            let ua_half = ua.sqrt();
            [ua_half, cbrt(ua), ua_half.sqrt(), p.c_r_cal * (soc - 0.5).powi(3) + p.d_r_cal]
        };
        // The products of exponentials of q1 and q3 are taken as one exponential of the summed exponents, and
        // their constant factors multiply the averages rather than every sample (e^x > 0, so |b0·e^x| = |b0|·e^x);
        // so does the resistance law's k_ref.
        // The previous sample's SOC checked first: over rests it repeats, and the compare is cheaper than the hash.
        let mut soc_memo = Memo::new(|soc| soc_cache.get(soc, soc_terms));
        let ([q1_exponential, q3_exponential, arrhenius], [k_soc]) = chunk.time_average(scratch, |sample| {
            let t = sample.temperature_k;
            let (inv_t, t2) = (1.0 / t, t * t);
            let inv_t2 = inv_t * inv_t;
            let [ua_half, ua_third, ua_quarter, k_soc] = soc_memo.get(sample.soc);
            let q1_exponent = ua_half * (p.q1_b1 * inv_t2 + p.q1_b2 * inv_t);
            let q3_exponent = ua_third * (p.q3_b1 * inv_t2 * inv_t2 + p.q3_b3 * inv_t2 * inv_t)
                + ua_quarter * (p.q3_b2 * t2 * t + p.q3_b4 * t2);
            ([q1_exponent, q3_exponent, arrhenius_exponent(t, p.ea_r_cal)], [k_soc])
        });
        let k_temperature = p.k_ref_r_cal * arrhenius;
        let (q1, q3) = (p.q1_b0.abs() * q1_exponential, p.q3_b0.abs() * q3_exponential);
        // The break-in rate (two more exponentials per sample) is averaged only for chunks where it advances.
        let q7 = break_in_advances(s).then(|| {
            let dod_factor = skew_normal_pdf(s.dod, p.q7_dod_skew, p.q7_dod_width)
                * 2.0
                * (0.5 - 1.0 / (1.0 + (p.q7_dod_growth * s.dod).exp()));
            let ([], [q7]) = chunk.time_average(scratch, |sample| {
                ([], [(p.q7_b0 * skew_normal_pdf(sample.soc, p.q7_soc_skew, p.q7_soc_width) * dod_factor).abs()])
            });
            q7
        });
        let q5 = (p.q5_b0 + p.q5_b1 * s.dod + p.q5_b2 * (s.dod * s.dod * s.c_rate_per_h.powi(3)).exp()).abs();
        let r_cycling = (p.a_r_cyc * s.c_rate_per_h + p.b_r_cyc) * (p.c_r_cyc * (s.dod - 0.5).powi(3) + p.d_r_cyc);
        Rates { q1, q3, q5, q7, r_calendar_per_s: k_temperature * k_soc, r_cycling }
    }

    fn advance(&self, state: &mut State, rates: &Rates, s: &ChunkStressors, scalar: f64) {
        let p = &self.params;
        state.calendar += scalar * sigmoid_step(state.calendar, s.delta_days, rates.q1, p.q2, rates.q3);
        state.cycling += scalar * power_b_step(state.cycling, s.delta_efc, rates.q5, p.q6);
        if let Some(q7) = rates.q7 {
            state.break_in += scalar * sigmoid_step(state.break_in, s.delta_efc, q7, p.q8, p.q9);
        }
        state.r_calendar += scalar * rates.r_calendar_per_s * s.delta_days * 86_400.0;
        state.r_cycling += scalar * rates.r_cycling * s.delta_efc / 100.0;
    }

    fn health(&self, state: &State) -> Health {
        let cycling_loss = state.cycling + state.break_in;
        Health {
            q: 1.0 - state.calendar - cycling_loss,
            r: 1.0 + state.r_calendar + state.r_cycling,
            calendar_loss: state.calendar,
            cycling_loss,
        }
    }

    fn positive_parameters(&self) -> Vec<(&'static str, f64)> {
        let p = &self.params;
        vec![("q2", p.q2), ("q6", p.q6), ("q8", p.q8), ("q9", p.q9)]
    }
}

/// Break-in advances only in chunks above [`BREAK_IN_MIN_EFC_PER_DAY`].
fn break_in_advances(s: &ChunkStressors) -> bool {
    s.delta_days > 0.0 && s.delta_efc > BREAK_IN_MIN_EFC_PER_DAY * s.delta_days
}

/// Skew-normal shape `2·φ(x')·Φ(a·x')` with `x' = (x − ½)/w`.
fn skew_normal_pdf(x: f64, skew: f64, width: f64) -> f64 {
    let x_prime = (x - 0.5) / width;
    let pdf = (-0.5 * x_prime * x_prime).exp() / (2.0 * std::f64::consts::PI).sqrt();
    2.0 * pdf * normal_cdf(skew * x_prime)
}

/// Standard normal CDF via the complementary error function.
fn normal_cdf(x: f64) -> f64 {
    0.5 * erfc(-x / std::f64::consts::SQRT_2)
}

/// Complementary error function, Chebyshev fit `erfcc` of Numerical Recipes in C (2nd ed., §6.2), fractional
/// error < 1.2e−7 everywhere.
fn erfc(x: f64) -> f64 {
    let z = x.abs();
    let t = 1.0 / (1.0 + 0.5 * z);
    let poly = -z * z - 1.26551223
        + t * (1.00002368
            + t * (0.37409196
                + t * (0.09678418
                    + t * (-0.18628806
                        + t * (0.27886807
                            + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
    let value = t * poly.exp();
    if x >= 0.0 { value } else { 2.0 - value }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normal_cdf_known_values() {
        for (x, want) in [(0.0, 0.5), (1.0, 0.841_344_746), (-1.96, 0.024_997_895), (3.0, 0.998_650_102)] {
            assert!((normal_cdf(x) - want).abs() < 1e-6, "Φ({x}) = {}", normal_cdf(x));
        }
    }
}
