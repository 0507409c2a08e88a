//! Validated 1-D and 2-D lookup tables (efficiency maps, OCV curves, limit maps).
//!
//! Axes are checked once at construction (finite, strictly increasing, lengths matching), so evaluation
//! never fails and never allocates. Outside the axis range a table holds its end value (clamping): model
//! code that must not extrapolate checks its inputs against [`Table1d::domain`] itself and reports it.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// How a 1-D table is read between its points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Interpolation {
    /// Straight line between neighbouring points.
    #[default]
    Linear,
    /// The value at the largest grid point ≤ x ("step, lower", as FASTSim's `Step: Lower`).
    StepLower,
}

/// A 1-D table y(x) with a strictly increasing x axis.
#[derive(Debug, Clone, PartialEq)]
pub struct Table1d {
    x: Vec<f64>,
    y: Vec<f64>,
    /// (y[i+1] − y[i]) / (x[i+1] − x[i]), precomputed so that evaluation needs no division.
    slopes: Vec<f64>,
    interpolation: Interpolation,
}

impl Table1d {
    /// Build a table; `origin` and `field` name the source in errors.
    pub fn new(x: Vec<f64>, y: Vec<f64>, interpolation: Interpolation, origin: &str, field: &str) -> Result<Self> {
        check_axis(&x, origin, &format!("{field} (x axis)"))?;
        if y.len() != x.len() {
            return Err(Error::field(
                origin,
                field,
                format!("{} values for {} grid points", y.len(), x.len()),
                "needs one value per grid point",
            ));
        }
        check_finite(&y, origin, &format!("{field} (values)"))?;
        Ok(Self::from_checked(x, y, interpolation))
    }

    /// A table from an axis and values already checked (finite, axis strictly increasing, lengths equal).
    fn from_checked(x: Vec<f64>, y: Vec<f64>, interpolation: Interpolation) -> Self {
        let slopes = x.windows(2).zip(y.windows(2)).map(|(xs, ys)| (ys[1] - ys[0]) / (xs[1] - xs[0])).collect();
        Table1d { x, y, slopes, interpolation }
    }

    /// A table that is `value` everywhere.
    pub fn constant(value: f64) -> Self {
        Table1d { x: vec![0.0], y: vec![value], slopes: Vec::new(), interpolation: Interpolation::Linear }
    }

    /// Evaluate at `x` (clamped to the axis range).
    #[inline(always)]
    pub fn eval(&self, x: f64) -> f64 {
        match self.edge_value(x) {
            Some(y) => y,
            None => self.value_in_segment(segment_of(&self.x, x), x),
        }
    }

    /// [`Table1d::eval`] with the segment search started at `*hint` (the segment of a nearby `x`, such as the
    /// previous step's), which is left holding the segment found: constant time while `x` moves little. (The
    /// drive loop's efficiency look-ups use `eval`: there the extra test costs more than the scan it saves.)
    #[inline]
    pub fn eval_near(&self, x: f64, hint: &mut usize) -> f64 {
        if let Some(y) = self.edge_value(x) {
            return y;
        }
        let guess = *hint;
        let inside_guess = guess < self.x.len() - 1 && self.x[guess] <= x && x < self.x[guess + 1];
        let idx = if inside_guess { guess } else { segment_of(&self.x, x) };
        *hint = idx;
        self.value_in_segment(idx, x)
    }

    /// The clamped value when `x` is at or beyond either end of the axis.
    #[inline]
    fn edge_value(&self, x: f64) -> Option<f64> {
        let last = self.x.len() - 1;
        if x <= self.x[0] {
            Some(self.y[0])
        } else if x >= self.x[last] {
            Some(self.y[last])
        } else {
            None
        }
    }

    /// The value at `x` inside segment `idx`.
    #[inline]
    fn value_in_segment(&self, idx: usize, x: f64) -> f64 {
        match self.interpolation {
            Interpolation::StepLower => self.y[idx],
            Interpolation::Linear => self.y[idx] + (x - self.x[idx]) * self.slopes[idx],
        }
    }

    /// The x axis.
    pub fn x(&self) -> &[f64] {
        &self.x
    }

    /// The values.
    pub fn y(&self) -> &[f64] {
        &self.y
    }

    /// First and last grid point.
    pub fn domain(&self) -> (f64, f64) {
        (self.x[0], self.x[self.x.len() - 1])
    }

    /// Smallest and largest value.
    pub fn range(&self) -> (f64, f64) {
        self.y.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| (lo.min(v), hi.max(v)))
    }
}

/// A 2-D table z(x, y), bilinear, clamped at the edges. `z[i][j]` belongs to `x[i]`, `y[j]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Table2d {
    x: Vec<f64>,
    y: Vec<f64>,
    /// 1 / (x[i+1] − x[i]) and 1 / (y[j+1] − y[j]), precomputed so that evaluation needs no division.
    inverse_dx: Vec<f64>,
    inverse_dy: Vec<f64>,
    /// Row-major, `x.len() × y.len()`.
    z: Vec<f64>,
}

impl Table2d {
    /// Build a table from rows `z[i]` (one per x point, each with one value per y point).
    pub fn new(x: Vec<f64>, y: Vec<f64>, z: Vec<Vec<f64>>, origin: &str, field: &str) -> Result<Self> {
        check_axis(&x, origin, &format!("{field} (first axis)"))?;
        check_axis(&y, origin, &format!("{field} (second axis)"))?;
        if z.len() != x.len() || z.iter().any(|row| row.len() != y.len()) {
            return Err(Error::field(
                origin,
                field,
                format!("{} rows", z.len()),
                format!("needs {} rows of {} values", x.len(), y.len()),
            ));
        }
        let z: Vec<f64> = z.into_iter().flatten().collect();
        check_finite(&z, origin, &format!("{field} (values)"))?;
        let inverse_spacing = |axis: &[f64]| axis.windows(2).map(|w| 1.0 / (w[1] - w[0])).collect();
        Ok(Table2d { inverse_dx: inverse_spacing(&x), inverse_dy: inverse_spacing(&y), x, y, z })
    }

    /// Evaluate at (`x`, `y`), bilinear, clamped to the axis ranges. Always inlined, as is [`Table2d::locate`]:
    /// called, they hand the [`GridPoint`] back through memory, and the drive loop stalled on reading it.
    #[inline(always)]
    pub fn eval(&self, x: f64, y: f64) -> f64 {
        self.eval_at(&self.locate(x, y))
    }

    /// Where (`x`, `y`) falls on the grid (clamped to the axis ranges).
    #[inline(always)]
    fn locate(&self, x: f64, y: f64) -> GridPoint {
        let (i, fx) = locate(&self.x, &self.inverse_dx, x);
        let (j, fy) = locate(&self.y, &self.inverse_dy, y);
        GridPoint { i, j, i1: (i + 1).min(self.x.len() - 1), j1: (j + 1).min(self.y.len() - 1), fx, fy }
    }

    /// Bilinear value at a point located on this table's grid.
    #[inline]
    fn eval_at(&self, point: &GridPoint) -> f64 {
        let GridPoint { i, j, i1, j1, fx, fy } = *point;
        let n_y = self.y.len();
        let at = |i: usize, j: usize| self.z[i * n_y + j];
        let low = at(i, j) + fy * (at(i, j1) - at(i, j));
        let high = at(i1, j) + fy * (at(i1, j1) - at(i1, j));
        low + fx * (high - low)
    }

    /// The 1-D table z(x) at a fixed `y` (clamped to the axis range): for a model that reads this table at one
    /// `y` for a while, a look-up on one axis instead of two. Equal to [`Table2d::eval`] at that `y` up to
    /// rounding (the two linear interpolations are taken in the other order).
    pub fn slice_at_y(&self, y: f64) -> Table1d {
        let (j, fy) = locate(&self.y, &self.inverse_dy, y);
        let j1 = (j + 1).min(self.y.len() - 1);
        let n_y = self.y.len();
        let values: Vec<f64> = (0..self.x.len())
            .map(|i| {
                let (z0, z1) = (self.z[i * n_y + j], self.z[i * n_y + j1]);
                z0 + fy * (z1 - z0)
            })
            .collect();
        Table1d::from_checked(self.x.clone(), values, Interpolation::Linear)
    }

    /// Whether `other` has exactly the same axes.
    pub fn same_grid(&self, other: &Table2d) -> bool {
        self.x == other.x && self.y == other.y
    }

    /// First axis.
    pub fn x(&self) -> &[f64] {
        &self.x
    }

    /// Second axis.
    pub fn y(&self) -> &[f64] {
        &self.y
    }

    /// Smallest and largest value.
    pub fn range(&self) -> (f64, f64) {
        self.z.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| (lo.min(v), hi.max(v)))
    }
}

/// A point on a [`Table2d`] grid: the corner indices of its cell and the fractions along each axis.
#[derive(Debug, Clone, Copy, PartialEq)]
struct GridPoint {
    i: usize,
    j: usize,
    i1: usize,
    j1: usize,
    fx: f64,
    fy: f64,
}

/// Index of the segment holding `x`, for `x` strictly inside the axis. Short axes (efficiency curves, the
/// common case in the drive loop) are scanned from the left, which beats a binary search below ~16 points.
#[inline]
fn segment_of(axis: &[f64], x: f64) -> usize {
    if axis.len() <= 16 {
        axis[1..].iter().take_while(|&&a| a <= x).count()
    } else {
        // partition_point gives the first grid point above x, so the segment starts one before it.
        axis.partition_point(|&a| a <= x) - 1
    }
}

/// Index of the segment holding `x` and the fraction along it; clamped to the ends (fraction 0).
/// `inverse_spacing[i]` is 1 / (axis[i+1] − axis[i]).
#[inline(always)]
fn locate(axis: &[f64], inverse_spacing: &[f64], x: f64) -> (usize, f64) {
    let last = axis.len() - 1;
    if last == 0 || x <= axis[0] {
        return (0, 0.0);
    }
    if x >= axis[last] {
        return (last, 0.0);
    }
    let idx = segment_of(axis, x);
    (idx, (x - axis[idx]) * inverse_spacing[idx])
}

fn check_axis(axis: &[f64], origin: &str, field: &str) -> Result<()> {
    if axis.is_empty() {
        return Err(Error::field(origin, field, "[]", "needs at least one point"));
    }
    check_finite(axis, origin, field)?;
    if let Some(pair) = axis.windows(2).find(|w| w[1] <= w[0]) {
        return Err(Error::field(
            origin,
            field,
            format!("… {}, {} …", pair[0], pair[1]),
            "must be strictly increasing",
        ));
    }
    Ok(())
}

fn check_finite(values: &[f64], origin: &str, field: &str) -> Result<()> {
    match values.iter().find(|v| !v.is_finite()) {
        Some(v) => Err(Error::field(origin, field, v, "every value must be finite")),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(interpolation: Interpolation) -> Table1d {
        Table1d::new(vec![0.0, 1.0, 3.0], vec![10.0, 20.0, 0.0], interpolation, "test", "t").unwrap()
    }

    #[test]
    fn linear_interpolates_and_clamps() {
        let t = table(Interpolation::Linear);
        assert_eq!(t.eval(-1.0), 10.0);
        assert_eq!(t.eval(0.5), 15.0);
        assert_eq!(t.eval(2.0), 10.0);
        assert_eq!(t.eval(3.0), 0.0);
        assert_eq!(t.eval(9.0), 0.0);
    }

    #[test]
    fn a_search_hint_never_changes_the_value() {
        let t = table(Interpolation::Linear);
        for hint0 in [0, 1, 2, 7, usize::MAX] {
            for x in [-1.0, 0.0, 0.3, 1.0, 1.5, 2.99, 3.0, 4.0] {
                let mut hint = hint0;
                assert_eq!(t.eval_near(x, &mut hint).to_bits(), t.eval(x).to_bits(), "x {x}, hint {hint0}");
            }
        }
        let mut hint = 0;
        t.eval_near(2.0, &mut hint);
        assert_eq!(hint, 1, "the hint is left on the segment found");
    }

    #[test]
    fn step_lower_takes_left_value() {
        let t = table(Interpolation::StepLower);
        assert_eq!(t.eval(0.99), 10.0);
        assert_eq!(t.eval(1.0), 20.0);
        assert_eq!(t.eval(2.9), 20.0);
    }

    #[test]
    fn rejects_non_increasing_axis() {
        let err = Table1d::new(vec![0.0, 0.0], vec![1.0, 2.0], Interpolation::Linear, "f.toml", "eff").unwrap_err();
        assert!(err.to_string().contains("strictly increasing"), "{err}");
    }

    #[test]
    fn bilinear_matches_plane() {
        // z = 2x + 3y is reproduced exactly by bilinear interpolation.
        let x = vec![0.0, 1.0, 2.0];
        let y = vec![0.0, 10.0];
        let z = x.iter().map(|&xi| y.iter().map(|&yj| 2.0 * xi + 3.0 * yj).collect()).collect();
        let t = Table2d::new(x, y, z, "test", "z").unwrap();
        assert!((t.eval(1.5, 4.0) - 15.0).abs() < 1e-12);
        assert!((t.eval(5.0, 20.0) - (4.0 + 30.0)).abs() < 1e-12);
    }

    #[test]
    fn one_grid_point_serves_tables_on_the_same_axes() {
        let axes = || (vec![0.0, 0.5, 1.0], vec![-10.0, 25.0]);
        let (x, y) = axes();
        let a = Table2d::new(x, y, vec![vec![1.0, 2.0], vec![3.0, 5.0], vec![4.0, 9.0]], "t", "a").unwrap();
        let (x, y) = axes();
        let b = Table2d::new(x, y, vec![vec![7.0, 1.0], vec![0.5, 2.5], vec![6.0, 3.0]], "t", "b").unwrap();
        assert!(a.same_grid(&b));
        for (px, py) in [(0.2, 0.0), (0.75, 30.0), (-1.0, -20.0), (0.5, 25.0)] {
            let point = a.locate(px, py);
            assert_eq!(b.eval_at(&point).to_bits(), b.eval(px, py).to_bits());
        }
        let c = Table2d::new(vec![0.0, 1.0], vec![0.0], vec![vec![1.0], vec![2.0]], "t", "c").unwrap();
        assert!(!a.same_grid(&c));
    }
}
