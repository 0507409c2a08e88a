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

impl CellThermal {
    /// Temperature after `dt_s` with `heat_w` generated in the cell (W, ≥ 0 warms) at ambient `ambient_k`.
    #[inline]
    pub fn step(&self, temperature_k: f64, heat_w: f64, ambient_k: f64, dt_s: f64) -> f64 {
        self.step_with(temperature_k, heat_w, ambient_k, dt_s, &self.decays(dt_s))
    }

    /// The decay factors e^{−GΔt/C} of a step of `dt_s`: [passive only, passive and coolant]. They depend on
    /// the step length alone, so runs with a fixed step compute them once.
    #[inline]
    pub fn decays(&self, dt_s: f64) -> [f64; 2] {
        let decay = |total_g: f64| (-total_g * dt_s / self.heat_capacity_j_per_k).exp();
        [
            decay(self.ambient_conductance_w_per_k),
            decay(self.ambient_conductance_w_per_k + self.coolant_conductance_w_per_k),
        ]
    }

    /// [`CellThermal::step`] with the decay factors of [`CellThermal::decays`] for the same `dt_s`.
    #[inline]
    pub fn step_with(&self, temperature_k: f64, heat_w: f64, ambient_k: f64, dt_s: f64, decays: &[f64; 2]) -> f64 {
        let cooling = temperature_k > self.coolant_temperature_k;
        let coolant_g = if cooling { self.coolant_conductance_w_per_k } else { 0.0 };
        let total_g = self.ambient_conductance_w_per_k + coolant_g;
        if total_g <= 0.0 {
            return temperature_k + heat_w * dt_s / self.heat_capacity_j_per_k;
        }
        let steady_k =
            (self.ambient_conductance_w_per_k * ambient_k + coolant_g * self.coolant_temperature_k + heat_w) / total_g;
        steady_k + (temperature_k - steady_k) * decays[usize::from(cooling)]
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
