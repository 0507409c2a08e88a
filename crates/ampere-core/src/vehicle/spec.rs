//! The TOML shape of a vehicle (`data/vehicles/*.toml`). Human units in every key name; validated into a
//! [`Vehicle`](super::Vehicle) by [`Vehicle::from_spec`](super::Vehicle::from_spec).

use serde::{Deserialize, Serialize};

use crate::battery::BatterySpec;
use crate::interp::Interpolation;

/// A whole vehicle as written in a file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VehicleSpec {
    /// Display name.
    pub name: String,
    /// Physics conventions: `ampere` (default) or `fastsim` (FASTSim 3.1.0's, for parity checks).
    #[serde(default)]
    pub convention: ConventionSpec,
    /// Where the figures come from and which are estimates (documentation only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<toml::Table>,
    /// Published figures of the real car (documentation and validation: the drive simulation never reads
    /// them; a charging session reads the chemistry and gross energy of an energy-store car to build its
    /// equivalent pack, `charging::equivalent`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub official: Option<OfficialSpec>,
    /// Masses and the test-mass rule.
    pub mass: MassSpec,
    /// Road load: physics or coast-down coefficients.
    pub road_load: RoadLoadSpec,
    /// Wheels.
    pub wheels: WheelsSpec,
    /// Reduction gear and its efficiency.
    pub driveline: DrivelineSpec,
    /// Traction motor and inverter.
    pub motor: MotorSpec,
    /// Regenerative braking rules.
    #[serde(default)]
    pub regen: RegenSpec,
    /// Auxiliary loads.
    #[serde(default)]
    pub aux: AuxSpec,
    /// Traction battery.
    pub battery: BatterySpec,
    /// On-board (AC) charger.
    #[serde(default)]
    pub charger: ChargerSpec,
    /// Tyre-grip limit on acceleration (optional: without it traction is not limited).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub traction: Option<TractionSpec>,
    /// Declared figures used by the official procedures.
    #[serde(default)]
    pub homologation: HomologationSpec,
}

/// A car's published figures, each optional, with its source named in the file's `[source]` table. WLTP
/// consumption is the official combined figure at the wall (it includes charging losses); EPA consumption is
/// the label's combined figure at the wall.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OfficialSpec {
    /// Market the figures are for (e.g. "FR", "DE", "CN", "US").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub market: Option<String>,
    /// Model year of the figures.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model_year: Option<u32>,
    /// WLTP combined pure-electric range, km.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wltp_range_km: Option<f64>,
    /// WLTP city (Low + Medium phases) range, km.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wltp_city_range_km: Option<f64>,
    /// WLTP combined electric energy consumption at the wall, Wh/km.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wltp_consumption_wh_per_km: Option<f64>,
    /// EPA label combined range, km.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub epa_range_km: Option<f64>,
    /// EPA label combined consumption at the wall, Wh/km.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub epa_consumption_wh_per_km: Option<f64>,
    /// CLTC-P range, km.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cltc_range_km: Option<f64>,
    /// NEDC range, km.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nedc_range_km: Option<f64>,
    /// Gross (installed) battery energy, kWh.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub battery_gross_kwh: Option<f64>,
    /// Usable battery energy, kWh.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub battery_usable_kwh: Option<f64>,
    /// Cell chemistry as published (e.g. "LFP", "NMC").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chemistry: Option<String>,
    /// Cell supplier as published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cell_supplier: Option<String>,
    /// Kerb mass as published (the source says whether a driver is included), kg.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kerb_mass_kg: Option<f64>,
    /// Peak motor power, kW.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub motor_power_kw: Option<f64>,
    /// Peak motor torque, N·m.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub motor_torque_nm: Option<f64>,
    /// Top speed, km/h.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub top_speed_kmh: Option<f64>,
    /// Peak DC charging power, kW.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dc_peak_power_kw: Option<f64>,
    /// DC charging time over `dc_charge_window`, min.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dc_charge_time_min: Option<f64>,
    /// SOC window of `dc_charge_time_min` as published (e.g. "10-80 %").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dc_charge_window: Option<String>,
    /// Largest AC charging power, kW.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ac_power_kw: Option<f64>,
    /// List price, EUR (market and year in `price_market` / `price_year`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price_eur: Option<f64>,
    /// List price in China, CNY.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price_cny: Option<f64>,
    /// List price in the US, USD.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price_usd: Option<f64>,
    /// Market of the price (e.g. "FR").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price_market: Option<String>,
    /// Year of the price.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price_year: Option<u32>,
}

/// Which physics conventions to follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConventionSpec {
    /// ampere's physics: standard gravity, air density from ambient, exact road-load integrals over the
    /// step, regen efficiency at the operating point, sine of the slope angle for grade.
    #[default]
    Ampere,
    /// FASTSim 3.1.0's conventions, to reproduce its results (see `docs/models/vehicle.md`).
    Fastsim,
}

/// Masses. The simulated mass is `test_mass_kg` when given, otherwise the WLTP rule
/// MRO + 25 kg + `payload_share` × (max laden mass − MRO − 25 kg), or MRO + 25 kg + `payload_kg`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MassSpec {
    /// Mass in running order (EU definition: kerb mass with 90 % fuel, i.e. none for a BEV, and a 75 kg driver), kg.
    pub running_order_kg: f64,
    /// Technically permissible maximum laden mass, kg (for the WLTP representative payload).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_laden_mass_kg: Option<f64>,
    /// Share of the maximum vehicle load taken as representative payload (WLTP M1: 0.15).
    #[serde(default = "default_payload_share")]
    pub payload_share: f64,
    /// Payload when no maximum laden mass is known, kg.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payload_kg: Option<f64>,
    /// Explicit simulated mass, kg; overrides the rule above.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub test_mass_kg: Option<f64>,
    /// Rotating-mass allowance as a share of the simulated mass (WLTP default 0.03). Ignored when the wheels
    /// have an inertia.
    #[serde(default = "default_rotating_share")]
    pub rotating_mass_share: f64,
    /// Mass of the traction battery included in `running_order_kg`, kg (lets a pack swap change the mass).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub battery_kg: Option<f64>,
}

fn default_payload_share() -> f64 {
    0.15
}

fn default_rotating_share() -> f64 {
    0.03
}

/// Road load: either built from physics or taken from a coast-down test.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "model", rename_all = "snake_case", deny_unknown_fields)]
pub enum RoadLoadSpec {
    /// ½ρC_dA·v² + m·g·C_rr·(1 + k·v)·cos α.
    Physics {
        /// Drag coefficient C_d.
        drag_coefficient: f64,
        /// Frontal area A, m².
        frontal_area_m2: f64,
        /// Tyre rolling-resistance coefficient C_rr (dimensionless; a tyre label class A is ≤ 0.0065).
        rolling_resistance_coefficient: f64,
        /// Speed term k of the rolling resistance, s/m (0 for none).
        #[serde(default)]
        rolling_resistance_speed_s_per_m: f64,
    },
    /// WLTP road-load coefficients F = f0 + f1·v + f2·v² with v in km/h.
    WltpCoastdown {
        /// f0, N.
        f0_n: f64,
        /// f1, N/(km/h).
        f1_n_per_kmh: f64,
        /// f2, N/(km/h)².
        f2_n_per_kmh2: f64,
    },
    /// EPA target coefficients F = A + B·v + C·v² with v in mph and F in lbf.
    EpaCoastdown {
        /// A, lbf.
        a_lbf: f64,
        /// B, lbf/mph.
        b_lbf_per_mph: f64,
        /// C, lbf/mph².
        c_lbf_per_mph2: f64,
    },
}

/// Wheels.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WheelsSpec {
    /// Dynamic rolling radius, m.
    pub radius_m: f64,
    /// Rotational inertia of one wheel (with tyre, brake disc and half-shaft), kg·m²; replaces the
    /// rotating-mass share when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inertia_kg_m2: Option<f64>,
    /// Number of wheels.
    #[serde(default = "default_wheel_count")]
    pub count: u32,
}

fn default_wheel_count() -> u32 {
    4
}

/// Reduction gear between motor and wheels.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DrivelineSpec {
    /// Overall reduction ratio (motor speed / wheel speed).
    pub ratio: f64,
    /// Efficiency: a number, or a map over motor speed and torque.
    pub efficiency: EfficiencySpec,
}

/// An efficiency: a constant, a curve against output-power fraction, or a map over speed and torque.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum EfficiencySpec {
    /// Constant efficiency (0, 1].
    Constant(f64),
    /// A table, see [`EfficiencyTableSpec`].
    Table(EfficiencyTableSpec),
}

/// Efficiency as a table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum EfficiencyTableSpec {
    /// FASTSim-style curve against output power / peak power.
    PowerFraction {
        /// Output power as a fraction of peak power, increasing, 0–1.
        output_power_fraction: Vec<f64>,
        /// Efficiency at each fraction.
        efficiency: Vec<f64>,
        /// How to read between points.
        #[serde(default)]
        interpolation: Interpolation,
    },
    /// The industry-standard map over shaft speed and torque (torque ≥ 0; braking reads it at |torque|).
    SpeedTorque {
        /// Shaft speeds, rpm, increasing.
        speed_rpm: Vec<f64>,
        /// Shaft torques, N·m, increasing.
        torque_nm: Vec<f64>,
        /// One row per speed, one value per torque.
        efficiency: Vec<Vec<f64>>,
    },
}

/// Traction motor with its inverter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MotorSpec {
    /// Peak mechanical output power, kW.
    pub peak_power_kw: f64,
    /// Peak torque below base speed, N·m (base speed = peak power / peak torque). Without it, power is the
    /// only limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub peak_torque_nm: Option<f64>,
    /// Highest shaft speed, rpm (sets the vehicle's top speed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_speed_rpm: Option<f64>,
    /// Motoring efficiency (motor and inverter, shaft to DC bus).
    pub efficiency: EfficiencySpec,
    /// Generating efficiency; defaults to the motoring one read at the braking operating point.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regen_efficiency: Option<EfficiencySpec>,
}

/// How braking is shared between the motor and the friction brakes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegenSpec {
    /// Below this speed regen fades linearly to zero, km/h.
    #[serde(default = "default_fade_start")]
    pub fade_start_kmh: f64,
    /// At and below this speed regen is zero, km/h.
    #[serde(default = "default_fade_end")]
    pub fade_end_kmh: f64,
    /// Deceleration above which friction brakes take the rest (brake blending), m/s²; none by default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_deceleration_mps2: Option<f64>,
}

impl Default for RegenSpec {
    fn default() -> Self {
        RegenSpec {
            fade_start_kmh: default_fade_start(),
            fade_end_kmh: default_fade_end(),
            max_deceleration_mps2: None,
        }
    }
}

fn default_fade_start() -> f64 {
    10.0
}

fn default_fade_end() -> f64 {
    3.0
}

/// Auxiliary loads on the high-voltage bus (HVAC comes with the thermal model).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuxSpec {
    /// Constant electrical power, W.
    pub power_w: f64,
}

impl Default for AuxSpec {
    fn default() -> Self {
        AuxSpec { power_w: 300.0 }
    }
}

/// On-board charger (AC → DC).
///
/// Charging from the wall at power P delivers `ac_efficiency × (P − no_load_loss_w)` to the battery terminals:
/// a constant draw while the car is awake for the charge, then a conversion loss in proportion to the power
/// converted. The constant draw is why slow charging is lossier (`docs/models/vehicle-database.md`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChargerSpec {
    /// Conversion efficiency of AC charging, wall to battery terminals (charger and cabling), on the power left
    /// once the no-load draw is paid.
    pub ac_efficiency: f64,
    /// AC charging power, kW.
    pub ac_power_kw: f64,
    /// Constant draw from the wall while charging, W: the charger's no-load loss and the car's electronics
    /// that stay awake for the charge (default 0: all losses in `ac_efficiency`).
    #[serde(default)]
    pub no_load_loss_w: f64,
}

impl Default for ChargerSpec {
    fn default() -> Self {
        ChargerSpec { ac_efficiency: 0.9, ac_power_kw: 11.0, no_load_loss_w: 0.0 }
    }
}

/// Which axle drives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DriveAxle {
    /// Front-wheel drive.
    Fwd,
    /// Rear-wheel drive.
    Rwd,
    /// All-wheel drive.
    Awd,
}

/// Tyre-grip limit on acceleration, with load transfer: a_max = μ·f·g / (1 + s·h·μ/L).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TractionSpec {
    /// Tyre-road friction coefficient μ.
    pub friction_coefficient: f64,
    /// Driven axle.
    pub drive: DriveAxle,
    /// Static share of the weight on the driven axle f (AWD: 1).
    pub drive_axle_weight_share: f64,
    /// Height of the centre of gravity h, m.
    pub cg_height_m: f64,
    /// Wheelbase L, m.
    pub wheelbase_m: f64,
}

/// Declared figures the procedures use.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HomologationSpec {
    /// Rated power for the WLTP power-to-mass ratio, kW (default: motor peak power).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rated_power_kw: Option<f64>,
    /// Declared maximum speed, km/h (WLTC class 3a/3b split; default: from the motor's top speed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_speed_kmh: Option<f64>,
}
