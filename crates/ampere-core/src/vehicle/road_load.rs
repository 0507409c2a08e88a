//! Road load over one time step: aerodynamic drag, rolling resistance, grade and inertia.
//!
//! Within a step of length Δt the speed is taken to change linearly from v₀ to v₁ (constant acceleration), so
//! the mean powers are exact integrals of the force laws:
//!
//! - mean speed          m₁ = (v₀ + v₁)/2
//! - mean of v²          m₂ = (v₀² + v₀v₁ + v₁²)/3
//! - mean of v³          m₃ = (v₀ + v₁)(v₀² + v₁²)/4
//!
//! aero = ½ρC_dA·m₃, rolling = m·g·C_rr·cos α·(m₁ + k·m₂), grade = m·g·sin α·m₁ (α = atan θ),
//! inertia = (m + m_rot)(v₁² − v₀²)/(2Δt). With coast-down coefficients the load is f0·m₁ + f1·m₂ + f2·m₃
//! (f0 and f1 are booked as rolling, f2 as aero). FASTSim's convention evaluates everything at the mean
//! speed instead (m₂ = m₁², m₃ = m₁³), uses θ for sin α and 1/√(1+θ²) for cos α, g = 9.80 m/s² and a fixed
//! air density.

use super::{Conventions, GradeForm, SpeedIntegration};

/// Road-load model in SI units.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum RoadLoad {
    /// Built from physics.
    Physics {
        /// C_d·A, m².
        drag_area_m2: f64,
        /// Rolling-resistance coefficient.
        rolling_coefficient: f64,
        /// Speed term of the rolling resistance, s/m.
        rolling_speed_s_per_m: f64,
    },
    /// Coast-down coefficients F = f0 + f1·v + f2·v² (v in m/s).
    Coastdown {
        /// f0, N.
        f0_n: f64,
        /// f1, N·s/m.
        f1_n_s_per_m: f64,
        /// f2, N·s²/m².
        f2_n_s2_per_m2: f64,
    },
}

/// Mean powers at the wheels over one step, W (positive: the vehicle must supply it).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct RoadLoadPower {
    /// Aerodynamic drag.
    pub aero_w: f64,
    /// Rolling resistance (and f0/f1 of a coast-down).
    pub rolling_w: f64,
    /// Climbing (negative downhill).
    pub grade_w: f64,
    /// Change of kinetic energy, translational and rotational.
    pub inertia_w: f64,
}

impl RoadLoadPower {
    /// Sum of all terms: the tractive power the wheels must deliver (negative when braking is needed).
    #[inline]
    pub fn total_w(&self) -> f64 {
        self.aero_w + self.rolling_w + self.grade_w + self.inertia_w
    }
}

/// What the road-load computation needs of a step.
#[derive(Debug, Clone, Copy)]
pub struct StepKinematics {
    /// Speed at the start of the step, m/s.
    pub v0_mps: f64,
    /// Speed at the end of the step, m/s.
    pub v1_mps: f64,
    /// Step length, s.
    pub dt_s: f64,
    /// Grade, rise/run.
    pub grade: f64,
    /// Air density, kg/m³.
    pub air_density_kg_m3: f64,
}

/// Masses that the road load acts on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LoadedMass {
    /// Static mass, kg.
    pub mass_kg: f64,
    /// Equivalent mass of the rotating parts, kg.
    pub rotating_mass_kg: f64,
}

impl RoadLoad {
    /// Mean road-load powers over the step.
    #[inline]
    pub fn power(&self, k: &StepKinematics, mass: &LoadedMass, conventions: &Conventions) -> RoadLoadPower {
        let (v0, v1) = (k.v0_mps, k.v1_mps);
        let m1 = 0.5 * (v0 + v1);
        let (m2, m3) = match conventions.speed_integration {
            SpeedIntegration::ExactRamp => ((v0 * v0 + v0 * v1 + v1 * v1) / 3.0, m1 * (v0 * v0 + v1 * v1) / 2.0),
            SpeedIntegration::MeanSpeed => (m1 * m1, m1 * m1 * m1),
        };
        let (sin_slope, cos_slope) = match conventions.grade {
            _ if k.grade == 0.0 => (0.0, 1.0),
            GradeForm::Sine => {
                let hyp = (1.0 + k.grade * k.grade).sqrt();
                (k.grade / hyp, 1.0 / hyp)
            }
            GradeForm::Tangent => (k.grade, 1.0 / (1.0 + k.grade * k.grade).sqrt()),
        };
        let weight_n = mass.mass_kg * conventions.gravity_mps2;
        let (aero_w, rolling_w) = match *self {
            RoadLoad::Physics { drag_area_m2, rolling_coefficient, rolling_speed_s_per_m } => (
                0.5 * k.air_density_kg_m3 * drag_area_m2 * m3,
                weight_n * rolling_coefficient * cos_slope * (m1 + rolling_speed_s_per_m * m2),
            ),
            RoadLoad::Coastdown { f0_n, f1_n_s_per_m, f2_n_s2_per_m2 } => {
                (f2_n_s2_per_m2 * m3, f0_n * m1 + f1_n_s_per_m * m2)
            }
        };
        RoadLoadPower {
            aero_w,
            rolling_w,
            grade_w: weight_n * sin_slope * m1,
            inertia_w: (mass.mass_kg + mass.rotating_mass_kg) * (v1 * v1 - v0 * v0) * (0.5 / k.dt_s),
        }
    }

    /// Steady-state road-load force at constant speed `v_mps` on the flat, N (for checks and reports).
    pub fn steady_force_n(&self, v_mps: f64, mass_kg: f64, air_density_kg_m3: f64, gravity_mps2: f64) -> f64 {
        match *self {
            RoadLoad::Physics { drag_area_m2, rolling_coefficient, rolling_speed_s_per_m } => {
                0.5 * air_density_kg_m3 * drag_area_m2 * v_mps * v_mps
                    + mass_kg * gravity_mps2 * rolling_coefficient * (1.0 + rolling_speed_s_per_m * v_mps)
            }
            RoadLoad::Coastdown { f0_n, f1_n_s_per_m, f2_n_s2_per_m2 } => {
                f0_n + f1_n_s_per_m * v_mps + f2_n_s2_per_m2 * v_mps * v_mps
            }
        }
    }
}
