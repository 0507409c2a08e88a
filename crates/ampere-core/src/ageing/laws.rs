//! State integrators for the empirical fade laws (one explicit step per chunk).
//!
//! Each law is a trajectory `y(x)` for constant stressors; under varying stressors the state is advanced with
//! the slope at the "equivalent x" that reproduces the current state (the approach of Smith et al., ACC 2017,
//! IEEE 7963578, as BLAST-Lite 1.1.0 implements it):
//!
//! * power, `y = k·x^p`: `dy = k·p·(y/k)^((p−1)/p)·Δx`;
//! * power B, `y = (k·x)^p`: `z = y^(1/p)/k`, `dy = p·(k·z)^p/z·Δx`;
//! * sigmoid, `y = 2·y∞·(½ − 1/(1 + e^((k·x)^p)))`: `x* = ln(−2y∞/(y − y∞) − 1)^(1/p)/k`, `z = (k·x*)^p`,
//!   `dy = 2·y∞·p·e^z·z/(x*·(e^z + 1)²)·Δx`.
//!
//! From `y = 0` the exact value `y(Δx)` is taken, so constant stressors reproduce the closed form. Two guards
//! keep the result finite where BLAST-Lite would produce NaN: a power state whose rate changed sign restarts
//! from its current value, and a sigmoid state at or above its asymptote stops growing.
//!
//! The powers of the equivalent states are taken as `e^(e·ln x)` ([`pow_positive`]) rather than with the C
//! library's `pow`: the next chunk waits on these steps (the capacity it rescales SOC with comes out of
//! them), and the logarithm plus the inlined exponential is a shorter chain of dependent instructions.

use crate::ageing::fast_exp::exp;

/// `x^e` for `x > 0` as `e^(e·ln x)` with the inlined [`exp`]: within a few ulp of [`f64::powf`] where
/// `|e·ln x|` is small, as in the state steps (the rounding of `ln x` is scaled by `|e·ln x|`). Other `x` give
/// what `e^(e·ln x)` gives: NaN below zero, 0 or +∞ at zero (as `powf`).
pub fn pow_positive(x: f64, e: f64) -> f64 {
    exp(e * x.ln())
}

/// Increment of a power-law state `y = k·x^p` over `dx` (units of `x`, e.g. days or EFC), starting from `y`.
pub fn power_step(y: f64, dx: f64, k: f64, p: f64) -> f64 {
    power_step_by(y, dx, k, p, pow_positive)
}

/// [`power_step`] with `pow` raising the equivalent state to `(p − 1)/p`: for a law whose `p` is a
/// compile-time constant, [`f64::powf`] lets the compiler replace the power (`x^−1` by `1/x` for `p = ½`).
pub fn power_step_by(y: f64, dx: f64, k: f64, p: f64, pow: impl Fn(f64, f64) -> f64) -> f64 {
    if dx == 0.0 {
        return 0.0;
    }
    // From zero, or when a rate changed sign under the state (possible only for fits whose rate crosses
    // zero, e.g. DENSO calendar fade near SOC 0), restart the law from the current state.
    if y == 0.0 || y / k <= 0.0 {
        return k * dx.powf(p);
    }
    k * p * pow(y / k, (p - 1.0) / p) * dx
}

/// Increment of a state `y = (k·x)^p` over `dx`, starting from `y`.
pub fn power_b_step(y: f64, dx: f64, k: f64, p: f64) -> f64 {
    if dx == 0.0 {
        return 0.0;
    }
    if y <= 0.0 {
        return (k * dx).powf(p);
    }
    // With the equivalent x z = y^(1/p)/k, the slope p·(k·z)^p/z is p·y/z: (k·z)^p is y itself, so it is not
    // raised back (one `powf` fewer per step; the same up to rounding, and 0 rather than NaN for k = 0).
    let z = pow_positive(y, 1.0 / p) / k;
    p * y / z * dx
}

/// Increment of a sigmoid state `y = 2·y∞·(½ − 1/(1 + e^((k·x)^p)))` over `dx`, starting from `y`.
pub fn sigmoid_step(y: f64, dx: f64, y_inf: f64, k: f64, p: f64) -> f64 {
    if dx == 0.0 {
        return 0.0;
    }
    if y == 0.0 {
        return 2.0 * y_inf * (0.5 - 1.0 / (1.0 + ((k * dx).powf(p)).exp()));
    }
    // e^z at the equivalent x, from inverting the sigmoid: z = ln(e^z) = (k·x*)^p, so neither z nor e^z needs
    // a further power or exponential (one `powf` and one `exp` fewer per step than recomputing them from x*;
    // the same values up to rounding).
    let ez = -(2.0 * y_inf / (y - y_inf)) - 1.0;
    let z = ez.ln();
    let x_equiv = pow_positive(z, 1.0 / p) / k;
    // A state at or above its (chunk-dependent) asymptote has saturated: it does not grow further.
    if !(x_equiv.is_finite() && x_equiv > 0.0) {
        return 0.0;
    }
    2.0 * y_inf * p * ez * z / (x_equiv * (ez + 1.0).powi(2)) * dx
}

#[cfg(test)]
mod tests {
    use super::*;

    fn integrate(step: impl Fn(f64, f64) -> f64, n: usize, dx: f64) -> f64 {
        (0..n).fold(0.0, |y, _| y + step(y, dx))
    }

    #[test]
    fn power_law_reproduces_closed_form() {
        let y = integrate(|y, dx| power_step(y, dx, 1.4e-3, 0.526), 3650, 1.0);
        assert!((y - 1.4e-3 * 3650f64.powf(0.526)).abs() < 1e-4, "{y}");
    }

    #[test]
    fn power_b_law_reproduces_closed_form() {
        let y = integrate(|y, dx| power_b_step(y, dx, 2e-5, 1.128), 1000, 1.0);
        assert!((y - (2e-5 * 1000f64).powf(1.128)).abs() < 1e-4, "{y}");
    }

    #[test]
    fn sigmoid_law_reproduces_closed_form() {
        let (y_inf, k, p) = (0.5, 1.3e-4, 0.41);
        let y = integrate(|y, dx| sigmoid_step(y, dx, y_inf, k, p), 3650, 1.0);
        let exact = 2.0 * y_inf * (0.5 - 1.0 / (1.0 + ((k * 3650.0f64).powf(p)).exp()));
        assert!((y - exact).abs() < 1e-4, "{y} vs {exact}");
    }

    #[test]
    fn pow_positive_is_close_to_powf() {
        for idx in 1..=20_000 {
            let x = idx as f64 * 0.05 * std::f64::consts::E / 20.0;
            for e in [-1.0, -0.47, 0.5, 1.9, 2.4] {
                let (got, want) = (pow_positive(x, e), x.powf(e));
                // The exponential's 2 ulp plus the rounding of ln x scaled by |e·ln x|.
                let ulps = 4.0 + 2.0 * (e * x.ln()).abs();
                assert!((got - want).abs() <= ulps * f64::EPSILON * want, "{x}^{e}: {got} vs {want}");
            }
        }
        assert_eq!(pow_positive(0.0, 0.5), 0.0);
        assert!(pow_positive(-1.0, 0.5).is_nan());
    }

    #[test]
    fn zero_step_is_zero() {
        assert_eq!(power_step(0.1, 0.0, 1.0, 0.5), 0.0);
        assert_eq!(sigmoid_step(0.1, 0.0, 1.0, 1.0, 1.0), 0.0);
    }
}
