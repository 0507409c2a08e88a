//! `e^x` (and a cube root built on it) for the per-sample rate laws, within 2 ulp of the C library's `exp`
//! (relative difference < 5e−16, far below the 1e−12 to which results are pinned) but inlined into the sample
//! loops instead of a library call per sample.
//!
//! The rate laws evaluate one to three exponentials per sample; over ten years of hourly samples that is up to
//! a quarter of a million calls, which dominated the run time (issue 4 §5; measurements in BENCHMARKS.md).
//! Method (Tang's table-driven reduction, as in most libms): `x = (256·m + j)·ln2/256 + r` with
//! `|r| ≤ ln2/512`, so `e^x = 2^m · 2^(j/256) · e^r`, `2^(j/256)` from a 256-entry table (2 KiB) and `e^r` from
//! its degree-4 Taylor polynomial (truncation error < 4e−17). The larger table keeps the polynomial short: two
//! multiply-adds fewer per value than with 32 entries and degree 6. It is branch-free for `|x| ≤ 700`, so it
//! inlines into the sample loops; beyond (overflow, underflow to subnormals, NaN) it defers to [`f64::exp`].
//!
//! [`exp_slice`], which takes a chunk's exponents at once, uses a table-free polynomial instead: in a
//! vectorised loop the table lookup is four scalar loads per AVX2 register, which cost more than the
//! polynomial's extra fused multiply-adds (ninth round in BENCHMARKS.md).

/// Below this |x| (2^−27), `e^x` rounds to `1 + x`: the next term, x²/2, is under a quarter of an ulp of 1.
pub const LINEAR_EXP_LIMIT: f64 = 7.450_580_596_923_828e-9;

/// Largest |x| handled by the fast path (e^±700 is well inside the normal range).
const LIMIT: f64 = 700.0;
/// 1.5·2^52: adding it rounds to an integer kept in the low mantissa bits.
const SHIFT: f64 = 6_755_399_441_055_744.0;
/// Table entries per factor of 2 (a power of two).
const N: usize = 256;
/// 256/ln2.
const N_OVER_LN2: f64 = 369.329_930_467_574_6;
/// ln2/256 split in a high part with 34 significant bits (so `n·HI` is exact for |n| < 2^19) and the rest.
const LN2_OVER_N_HI: f64 = 0.002_707_606_173_999_011;
const LN2_OVER_N_LO: f64 = 6.327_543_041_662_719e-14;

/// `2^(j/256)` for j = 0…255, correctly rounded (computed with 70-digit decimals).
#[rustfmt::skip]
#[allow(clippy::excessive_precision, clippy::approx_constant, clippy::unreadable_literal, reason = "exact table values")]
const TABLE: [f64; N] = [
    1.0, 1.0027112750502025, 1.0054299011128027, 1.0081558981184175,
    1.0108892860517005, 1.0136300849514894, 1.016378314910953, 1.019133996077738,
    1.0218971486541166, 1.0246677928971357, 1.0274459491187637, 1.030231637686041,
    1.0330248790212284, 1.0358256936019572, 1.0386341019613787, 1.041450124688316,
    1.0442737824274138, 1.0471050958792898, 1.0499440858006872, 1.0527907730046264,
    1.0556451783605572, 1.0585073227945128, 1.061377227289262, 1.0642549128844645,
    1.0671404006768237, 1.0700337118202419, 1.0729348675259756, 1.075843889062791,
    1.0787607977571199, 1.0816856149932152, 1.0846183622133092, 1.0875590609177697,
    1.0905077326652577, 1.0934643990728858, 1.0964290818163769, 1.099401802630222,
    1.102382583307841, 1.1053714457017412, 1.1083684117236787, 1.1113735033448175,
    1.1143867425958924, 1.1174081515673693, 1.1204377524096067, 1.12347556733302,
    1.1265216186082418, 1.129575928566288, 1.1326385195987192, 1.1357094141578055,
    1.1387886347566916, 1.1418762039695616, 1.1449721444318042, 1.148076478840179,
    1.1511892299529827, 1.154310420590216, 1.1574400736337511, 1.1605782120274988,
    1.1637248587775775, 1.1668800369524817, 1.1700437696832502, 1.1732160801636373,
    1.1763969916502812, 1.1795865274628758, 1.182784710984341, 1.1859915656609938,
    1.189207115002721, 1.1924313825831512, 1.1956643920398273, 1.1989061670743806,
    1.202156731452703, 1.2054161090051239, 1.2086843236265816, 1.2119613992768012,
    1.215247359980469, 1.2185422298274085, 1.2218460329727576, 1.2251587936371455,
    1.22848053610687, 1.2318112847340759, 1.2351510639369334, 1.2384998981998165,
    1.241857812073484, 1.245224830175258, 1.2486009771892048, 1.2519862778663162,
    1.255380757024691, 1.2587844395497165, 1.2621973503942507, 1.2656195145788063,
    1.2690509571917332, 1.2724917033894028, 1.275941778396392, 1.2794012075056693,
    1.2828700160787783, 1.2863482295460256, 1.2898358734066657, 1.2933329732290895,
    1.2968395546510096, 1.3003556433796506, 1.3038812651919358, 1.3074164459346773,
    1.3109612115247644, 1.3145155879493546, 1.318079601266064, 1.3216532776031575,
    1.3252366431597413, 1.3288297242059544, 1.3324325470831615, 1.3360451382041458,
    1.339667524053303, 1.3432997311868353, 1.3469417862329458, 1.3505937158920345,
    1.3542555469368927, 1.3579273062129011, 1.3616090206382248, 1.365300717204012,
    1.3690024229745905, 1.3727141650876684, 1.3764359707545302, 1.380167867260238,
    1.383909881963832, 1.387662042298529, 1.3914243757719262, 1.3951969099662003,
    1.3989796725383112, 1.4027726912202048, 1.4065759938190154, 1.4103896082172707,
    1.4142135623730951, 1.4180478843204152, 1.4218926021691656, 1.4257477441054942,
    1.42961333839197, 1.433489413367789, 1.4373759974489824, 1.4412731191286257,
    1.4451808069770467, 1.449099089642035, 1.4530279958490526, 1.4569675544014438,
    1.460917794180647, 1.4648787441464057, 1.4688504333369818, 1.4728328908693675,
    1.4768261459394993, 1.4808302278224719, 1.4848451658727524, 1.488870989524397,
    1.4929077282912648, 1.4969554117672355, 1.5010140696264256, 1.5050837316234065,
    1.5091644275934228, 1.5132561874526098, 1.5173590411982147, 1.5214730189088146,
    1.5255981507445384, 1.529734466947287, 1.533881997840956, 1.5380407738316568,
    1.5422108254079407, 1.5463921831410214, 1.550584877685, 1.5547889397770887,
    1.559004400237837, 1.5632312899713576, 1.567469639965553, 1.5717194812923414,
    1.5759808451078865, 1.5802537626528246, 1.5845382652524937, 1.588834384317164,
    1.593142151342267, 1.597461597908627, 1.6017927556826934, 1.606135656416771,
    1.6104903319492543, 1.6148568142048607, 1.6192351351948637, 1.6236253270173289,
    1.6280274218573478, 1.632441451987275, 1.6368674497669644, 1.6413054476440063,
    1.645755478153965, 1.6502175739206177, 1.6546917676561943, 1.6591780921616162,
    1.6636765803267364, 1.6681872651305825, 1.6727101796415966, 1.6772453570178785,
    1.681792830507429, 1.6863526334483934, 1.6909247992693053, 1.6955093614893326,
    1.7001063537185235, 1.7047158096580513, 1.709337763100463, 1.713972247929926,
    1.718619298122478, 1.723278947746274, 1.7279512309618377, 1.732636182022311,
    1.7373338352737062, 1.7420442251551564, 1.746767386199169, 1.7515033530318782,
    1.7562521603732995, 1.761013843037584, 1.7657884359332727, 1.7705759740635547,
    1.7753764925265212, 1.7801900265154245, 1.785016611318935, 1.789856282321401,
    1.7947090750031072, 1.7995750249405351, 1.804454167806624, 1.809346539371032,
    1.8142521755003989, 1.8191711121586085, 1.8241033854070534, 1.8290490314048973,
    1.8340080864093424, 1.8389805867758937, 1.843966568958626, 1.8489660695104508,
    1.8539791250833855, 1.8590057724288205, 1.864046048397789, 1.8690999899412386,
    1.8741676341103, 1.8792490180565602, 1.8843441790323345, 1.8894531543909392,
    1.8945759815869656, 1.8997126981765553, 1.9048633418176741, 1.9100279502703899,
    1.9152065613971474, 1.9203992131630474, 1.925605943636125, 1.930826790987627,
    1.9360617934922943, 1.9413109895286405, 1.9465744175792332, 1.9518521162309783,
    1.9571441241754002, 1.9624504802089273, 1.9677712232331759, 1.9731063922552343,
    1.978456026387951, 1.9838201648502194, 1.9891988469672663, 1.9945921121709402,
];

/// `e^x`, within 2 ulp of [`f64::exp`]; NaN, infinities, overflow and underflow as [`f64::exp`].
#[inline(always)]
pub fn exp(x: f64) -> f64 {
    if x.abs() > LIMIT || x.is_nan() {
        return x.exp();
    }
    exp_in_range(x)
}

/// Replaces every `x` of `xs` by `e^x`, within 2 ulp of [`f64::exp`]. When all are within the fast range this is
/// one branch-free loop that the compiler vectorises ([`exp_fma`], no table lookup); otherwise element by element
/// with [`exp`]. Compiled for AVX2 with FMA besides the baseline x86-64, the copy chosen at run time from the
/// CPU's features (`multiversion`): the same operations in the same order, and `mul_add` is exactly rounded with
/// or without FMA hardware, so both copies give the same bits. An AVX-512 copy was faster in isolation but
/// slowed the whole run on this project's machines (BENCHMARKS.md, ninth round).
#[allow(unsafe_code, reason = "the macro's run-time dispatch calls a copy only on a CPU that has its features")]
#[multiversion::multiversion(targets("x86_64+avx2+fma+avx"))]
pub fn exp_slice(xs: &mut [f64]) {
    // A fold rather than `all` so that the range check has no early exit and vectorises too (NaN fails it).
    if xs.iter().fold(true, |in_range, &x| in_range & (x.abs() <= LIMIT)) {
        xs.iter_mut().for_each(|x| *x = exp_fma(*x));
    } else {
        xs.iter_mut().for_each(|x| *x = exp(*x));
    }
}

/// `e^x` for `|x| ≤ LIMIT` without a table, within 2 ulp of [`f64::exp`] (1 ulp in the tests' sweep), for the
/// loop that the compiler vectorises ([`exp_slice`]). `x = k·ln2 + r` with `|r| ≤ ln2/2`,
/// `e^r` from its degree-13 Taylor polynomial (truncation `r^14/14!` < 1e−17 relative) in fused multiply-adds, and `2^k`
/// added to the exponent bits. `mul_add` is exactly rounded, so the value is the same on every CPU; without FMA
/// hardware it is a library call, and slow. Outside the range the result is meaningless: callers check the range.
#[inline(always)]
fn exp_fma(x: f64) -> f64 {
    // k = round(x/ln2), kept in the low mantissa bits of `shifted`.
    let shifted = x.mul_add(std::f64::consts::LOG2_E, SHIFT);
    let k = shifted - SHIFT;
    let r = (-k).mul_add(LN2_HI, x);
    let r = (-k).mul_add(LN2_LO, r);
    let poly = TAYLOR_13.iter().fold(1.0_f64 / 6_227_020_800.0, |acc, &c| acc.mul_add(r, c));
    // 2^k·e^r by adding k to the exponent (|k| ≤ 1010: the result stays normal).
    let k_bits = shifted.to_bits().wrapping_sub(SHIFT.to_bits());
    f64::from_bits(poly.to_bits().wrapping_add(k_bits << 52))
}

/// ln2 split in a high part with 32 significant bits (so `k·LN2_HI` is exact for |k| < 2^21) and the rest.
const LN2_HI: f64 = 0.693_147_180_369_123_8;
const LN2_LO: f64 = 1.908_214_929_270_587_7e-10;

/// `1/12!, 1/11!, …, 1/1!, 1/0!`: the Taylor coefficients of `e^r` below the leading `1/13!`, for Horner's scheme.
#[allow(clippy::excessive_precision, reason = "exact reciprocals of factorials")]
const TAYLOR_13: [f64; 13] = [
    1.0 / 479_001_600.0,
    1.0 / 39_916_800.0,
    1.0 / 3_628_800.0,
    1.0 / 362_880.0,
    1.0 / 40_320.0,
    1.0 / 5_040.0,
    1.0 / 720.0,
    1.0 / 120.0,
    1.0 / 24.0,
    1.0 / 6.0,
    0.5,
    1.0,
    1.0,
];

/// `e^x` for `|x| ≤ LIMIT`, branch-free.
#[inline(always)]
fn exp_in_range(x: f64) -> f64 {
    let shifted = x * N_OVER_LN2 + SHIFT;
    let n = shifted - SHIFT;
    let r = (x - n * LN2_OVER_N_HI) - n * LN2_OVER_N_LO;
    // The integer n sits in the low mantissa bits of `shifted` (|n| ≤ 258 600 here).
    let n_bits = shifted.to_bits().wrapping_sub(SHIFT.to_bits());
    let j = (n_bits & (N as u64 - 1)) as usize;
    // 2^m·2^(j/256) with m = n >> 8 by adding m to the table entry's exponent (stays normal: |m| ≤ 1010).
    // `(n << 44)` with the low 52 bits cleared is `m << 52` in two's complement, using only logical shifts.
    let m_exponent = (n_bits << (52 - N.trailing_zeros())) & !((1u64 << 52) - 1);
    let scale = f64::from_bits(TABLE[j].to_bits().wrapping_add(m_exponent));
    let poly = r + r * r * (0.5 + r * (1.0 / 6.0 + r * (1.0 / 24.0)));
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

    /// The worst distance of `f` from [`f64::exp`] over the fast range, in ulp.
    fn worst_ulps(f: impl Fn(f64) -> f64) -> f64 {
        let mut worst: f64 = 0.0;
        let steps = 2_000_000;
        for idx in 0..=steps {
            // Irrational step so that the sweep hits every table slot and reduced argument.
            let x = -LIMIT + 2.0 * LIMIT * (idx as f64 / steps as f64) + 1e-3 * std::f64::consts::PI;
            worst = worst.max(ulps(f(x), x.exp()));
        }
        for x in [0.0, 1e-300, -1e-300, 1e-13, -2.8e-9, 0.5, -0.5, 1.0, 40.0, -516.7, 699.9, -699.9, 700.0, -700.0] {
            worst = worst.max(ulps(f(x), x.exp()));
        }
        worst
    }

    #[test]
    fn within_two_ulp_of_std_over_the_fast_range() {
        let worst = worst_ulps(exp);
        assert!(worst <= 2.0, "worst {worst} ulp");
    }

    #[test]
    fn fma_polynomial_within_two_ulp_of_std_over_its_range() {
        let worst = worst_ulps(exp_fma);
        assert!(worst <= 2.0, "worst {worst} ulp");
        assert_eq!(exp_fma(0.0), 1.0);
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

    /// On a CPU with AVX2 and FMA (the development and CI machines) this checks that copy of `exp_slice` bit for
    /// bit against the scalar polynomial, or against [`exp`] where a value leaves the range.
    #[test]
    fn slice_matches_scalar() {
        for outlier in [None, Some(-720.0), Some(f64::NAN)] {
            let mut xs: Vec<f64> = (0..101).map(|idx| -50.0 + idx as f64 * 0.987).collect();
            xs.extend(outlier);
            let scalar = if outlier.is_some() { exp } else { exp_fma };
            let want: Vec<u64> = xs.iter().map(|&x| scalar(x).to_bits()).collect();
            exp_slice(&mut xs);
            assert_eq!(xs.iter().map(|x| x.to_bits()).collect::<Vec<_>>(), want);
        }
    }

    #[test]
    fn linear_below_the_limit() {
        for idx in 0..=10_000 {
            let x = LINEAR_EXP_LIMIT * (idx as f64 / 5_000.0 - 1.0);
            assert!(ulps(1.0 + x, x.exp()) <= 1.0, "{x}");
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
