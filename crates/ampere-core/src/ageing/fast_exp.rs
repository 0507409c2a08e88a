//! `e^x` (and a cube root built on it) for the per-sample rate laws, within 2 ulp of the C library's `exp`
//! (relative difference < 5e−16, far below the 1e−12 to which results are pinned) but inlined into the sample
//! loops instead of a library call per sample.
//!
//! The rate laws evaluate one to three exponentials per sample; over ten years of hourly samples that is up to
//! a quarter of a million calls, which dominated the run time (issue 4 §5; measurements in BENCHMARKS.md). Method (Tang's table-driven
//! reduction, as in most libms): `x = (32·m + j)·ln2/32 + r` with `|r| ≤ ln2/64`, so
//! `e^x = 2^m · 2^(j/32) · e^r`, `2^(j/32)` from a 32-entry table and `e^r` from its degree-6 Taylor polynomial
//! (truncation error < 4e−18). It is branch-free for `|x| ≤ 700`, so it inlines into the sample loops; beyond
//! (overflow, underflow to subnormals, NaN) it defers to [`f64::exp`].

/// Largest |x| handled by the fast path (e^±700 is well inside the normal range).
const LIMIT: f64 = 700.0;
/// 1.5·2^52: adding it rounds to an integer kept in the low mantissa bits.
const SHIFT: f64 = 6_755_399_441_055_744.0;
/// 32/ln2.
const N_OVER_LN2: f64 = 46.166_241_308_446_83;
/// ln2/32 split in a high part with 31 significant bits (so `n·HI` is exact for |n| < 2^22) and the rest.
const LN2_OVER_N_HI: f64 = 0.021_660_849_379_259_16;
const LN2_OVER_N_LO: f64 = 1.323_912_926_815_401_2e-11;

/// `2^(j/32)` for j = 0…31, correctly rounded (computed with 60-digit decimals).
#[allow(clippy::excessive_precision, clippy::approx_constant, reason = "exact table values")]
const TABLE: [f64; 32] = [
    1.0,
    1.0218971486541166,
    1.0442737824274138,
    1.0671404006768237,
    1.0905077326652577,
    1.1143867425958924,
    1.1387886347566916,
    1.1637248587775775,
    1.189207115002721,
    1.215247359980469,
    1.241857812073484,
    1.2690509571917332,
    1.2968395546510096,
    1.3252366431597413,
    1.3542555469368927,
    1.383909881963832,
    1.4142135623730951,
    1.4451808069770467,
    1.4768261459394993,
    1.5091644275934228,
    1.5422108254079407,
    1.5759808451078865,
    1.6104903319492543,
    1.645755478153965,
    1.681792830507429,
    1.718619298122478,
    1.7562521603732995,
    1.7947090750031072,
    1.8340080864093424,
    1.8741676341103,
    1.9152065613971474,
    1.9571441241754002,
];

/// `e^x`, within 2 ulp of [`f64::exp`]; NaN, infinities, overflow and underflow as [`f64::exp`].
#[inline(always)]
pub fn exp(x: f64) -> f64 {
    if x.abs() > LIMIT || x.is_nan() {
        return x.exp();
    }
    exp_in_range(x)
}

/// Replaces every `x` of `xs` by `e^x` (the values of [`exp`]). When all are within the fast range this is one
/// branch-free loop that the compiler vectorises (two lanes with the baseline x86-64 SSE2, the table lookup
/// included), about half the instructions per value of a call per sample; otherwise element by element.
pub fn exp_slice(xs: &mut [f64]) {
    // A fold rather than `all` so that the range check has no early exit and vectorises too (NaN fails it).
    if xs.iter().fold(true, |in_range, &x| in_range & (x.abs() <= LIMIT)) {
        xs.iter_mut().for_each(|x| *x = exp_in_range(*x));
    } else {
        xs.iter_mut().for_each(|x| *x = exp(*x));
    }
}

/// `e^x` for `|x| ≤ LIMIT`, branch-free.
#[inline(always)]
fn exp_in_range(x: f64) -> f64 {
    let shifted = x * N_OVER_LN2 + SHIFT;
    let n = shifted - SHIFT;
    let r = (x - n * LN2_OVER_N_HI) - n * LN2_OVER_N_LO;
    // The integer n sits in the low mantissa bits of `shifted` (|n| ≤ 32 400 here).
    let n_bits = shifted.to_bits().wrapping_sub(SHIFT.to_bits());
    let j = (n_bits & 31) as usize;
    // 2^m·2^(j/32) with m = n >> 5 by adding m to the table entry's exponent (stays normal: |m| ≤ 1010).
    // `(n << 47)` with the low 52 bits cleared is `m << 52` in two's complement, using only logical shifts.
    let m_exponent = (n_bits << 47) & !((1u64 << 52) - 1);
    let scale = f64::from_bits(TABLE[j].to_bits().wrapping_add(m_exponent));
    let poly = r + r * r * (0.5 + r * (1.0 / 6.0 + r * (1.0 / 24.0 + r * (1.0 / 120.0 + r * (1.0 / 720.0)))));
    scale + scale * poly
}

/// Cube root of a positive `x` as `e^(ln x/3)`, within a few ulp of [`f64::cbrt`] (whose portable
/// implementation is several times slower than the C library's `log`); other `x` go to [`f64::cbrt`].
#[inline]
pub fn cbrt(x: f64) -> f64 {
    if x > 0.0 && x.is_finite() { exp(x.ln() / 3.0) } else { x.cbrt() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ulps(got: f64, want: f64) -> f64 {
        (got - want).abs() / (want.abs() * f64::EPSILON)
    }

    #[test]
    fn within_two_ulp_of_std_over_the_fast_range() {
        let mut worst: f64 = 0.0;
        let steps = 2_000_000;
        for idx in 0..=steps {
            // Irrational step so that the sweep hits every table slot and reduced argument.
            let x = -LIMIT + 2.0 * LIMIT * (idx as f64 / steps as f64) + 1e-3 * std::f64::consts::PI;
            worst = worst.max(ulps(exp(x), x.exp()));
        }
        for x in [0.0, 1e-300, -1e-300, 1e-13, -2.8e-9, 0.5, -0.5, 1.0, 40.0, -516.7, 699.9, -699.9] {
            worst = worst.max(ulps(exp(x), x.exp()));
        }
        assert!(worst <= 2.0, "worst {worst} ulp");
    }

    #[test]
    fn cbrt_within_a_few_ulp_of_std() {
        let mut worst: f64 = 0.0;
        for idx in 1..=200_000 {
            let x = idx as f64 * 1.3e-5 * std::f64::consts::E;
            worst = worst.max(ulps(cbrt(x), x.cbrt()));
        }
        assert!(worst <= 4.0, "worst {worst} ulp");
        assert_eq!(cbrt(0.0), 0.0);
        assert_eq!(cbrt(-8.0), -2.0);
    }

    #[test]
    fn slice_matches_scalar() {
        for outlier in [None, Some(-720.0), Some(f64::NAN)] {
            let mut xs: Vec<f64> = (0..101).map(|idx| -50.0 + idx as f64 * 0.987).collect();
            xs.extend(outlier);
            let want: Vec<u64> = xs.iter().map(|&x| exp(x).to_bits()).collect();
            exp_slice(&mut xs);
            assert_eq!(xs.iter().map(|x| x.to_bits()).collect::<Vec<_>>(), want);
        }
    }

    #[test]
    fn exact_at_zero_and_std_outside() {
        assert_eq!(exp(0.0), 1.0);
        assert_eq!(exp(-0.0), 1.0);
        for x in [-745.0, -720.0, -700.5, 709.0, 710.0, f64::INFINITY, f64::NEG_INFINITY] {
            assert_eq!(exp(x).to_bits(), x.exp().to_bits(), "{x}");
        }
        assert!(exp(f64::NAN).is_nan());
    }
}
