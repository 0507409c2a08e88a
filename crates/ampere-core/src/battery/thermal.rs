//! Lumped thermal model of a cell (one temperature per cell; every cell of a pack alike).
//!
//! C·dT/dt = Q − G_a(T − T_amb) − G_c(T − T_cool)·[T > T_cool] + P_heater, where C is the cell heat capacity,
//! Q = I²-type losses plus the reversible heat, G_a a passive conductance to ambient, G_c the cooling
//! conductance to a coolant that only cools (a chiller loop), and P_heater a heater share. With Q constant
//! over a step it is solved exactly: T(Δt) = T∞ + (T − T∞)·e^{−GΔt/C}, T∞ = (G_aT_amb + G_cT_cool + Q)/G.
//! Reference: Bernardi, Pawlikowski, Newman, J. Electrochem. Soc. 132 (1985) 5 (heat generation);
//! Lin et al., J. Power Sources 257 (2014) 1 (lumped cell thermal model).

/// Per-cell thermal parameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CellThermal {
    /// Heat capacity, J/K.
    pub heat_capacity_j_per_k: f64,
    /// Passive conductance to ambient, W/K.
    pub ambient_conductance_w_per_k: f64,
    /// Cooling conductance to the coolant, W/K (0: no active cooling).
    pub coolant_conductance_w_per_k: f64,
    /// Coolant temperature, K.
    pub coolant_temperature_k: f64,
}

/// What a step of one length does to the temperature, for one cooling state (chiller off or on):
/// T(Δt) = d·T + w·(G_a·T_amb + G_c·T_cool + Q), with d = e^{−GΔt/C} and w = (1 − d)/G (Δt/C when G = 0,
/// its limit). The same exact solution as T∞ + (T − T∞)·d, rearranged so that a step multiplies where it
/// divided by G: the temperature feeds the next step's resistances, so the division sat on the drive loop's
/// critical path.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ThermalStep {
    /// Decay factor d of the temperature's distance to its steady state, 1.
    pub decay: f64,
    /// Weight w of the heat inflow, K/W.
    pub heat_weight_k_per_w: f64,
}

impl CellThermal {
    /// Temperature after `dt_s` with `heat_w` generated in the cell (W, ≥ 0 warms) at ambient `ambient_k`.
    #[inline]
    pub fn step(&self, temperature_k: f64, heat_w: f64, ambient_k: f64, dt_s: f64) -> f64 {
        self.step_with(temperature_k, heat_w, ambient_k, &self.steps(dt_s))
    }

    /// The [`ThermalStep`]s of a step of `dt_s`: [passive only, passive and coolant]. They depend on the step
    /// length alone, so runs with a fixed step compute them once.
    pub fn steps(&self, dt_s: f64) -> [ThermalStep; 2] {
        let step = |total_g: f64| {
            let rate = total_g / self.heat_capacity_j_per_k;
            if total_g > 0.0 {
                // 1 − d as −expm1(−GΔt/C): exact also when GΔt/C is tiny.
                ThermalStep { decay: (-rate * dt_s).exp(), heat_weight_k_per_w: -(-rate * dt_s).exp_m1() / total_g }
            } else {
                ThermalStep { decay: 1.0, heat_weight_k_per_w: dt_s / self.heat_capacity_j_per_k }
            }
        };
        [
            step(self.ambient_conductance_w_per_k),
            step(self.ambient_conductance_w_per_k + self.coolant_conductance_w_per_k),
        ]
    }

    /// [`CellThermal::step`] with the [`ThermalStep`]s of [`CellThermal::steps`] for the step's length.
    #[inline]
    pub fn step_with(&self, temperature_k: f64, heat_w: f64, ambient_k: f64, steps: &[ThermalStep; 2]) -> f64 {
        let cooling = temperature_k > self.coolant_temperature_k;
        let coolant_g = if cooling { self.coolant_conductance_w_per_k } else { 0.0 };
        let step = &steps[usize::from(cooling)];
        let inflow_w = self.ambient_conductance_w_per_k * ambient_k + coolant_g * self.coolant_temperature_k + heat_w;
        step.decay * temperature_k + step.heat_weight_k_per_w * inflow_w
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relaxes_to_steady_state() {
        let th = CellThermal {
            heat_capacity_j_per_k: 100.0,
            ambient_conductance_w_per_k: 0.5,
            coolant_conductance_w_per_k: 0.0,
            coolant_temperature_k: 298.15,
        };
        let t = th.step(300.0, 1.0, 290.0, 1e6);
        assert!((t - 292.0).abs() < 1e-9);
        // Exact for any step length: one long step equals many short ones.
        let mut many = 300.0;
        for _ in 0..100 {
            many = th.step(many, 1.0, 290.0, 1.0);
        }
        assert!((many - th.step(300.0, 1.0, 290.0, 100.0)).abs() < 1e-9);
    }

    #[test]
    fn adiabatic_heats_linearly() {
        let th = CellThermal {
            heat_capacity_j_per_k: 50.0,
            ambient_conductance_w_per_k: 0.0,
            coolant_conductance_w_per_k: 0.0,
            coolant_temperature_k: 0.0,
        };
        assert!((th.step(300.0, 5.0, 0.0, 10.0) - 301.0).abs() < 1e-12);
    }
}
