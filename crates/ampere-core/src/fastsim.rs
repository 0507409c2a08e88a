//! Import of FASTSim 3 battery-electric vehicle files (YAML, as FASTSim 3.1.0 serialises a `Vehicle`).
//!
//! The import maps FASTSim's fields onto a [`VehicleSpec`] with `convention = "fastsim"`, so that the run
//! follows FASTSim's conventions (see [`crate::vehicle::Conventions::FASTSIM`]). FASTSim models neither a
//! reduction ratio nor a torque limit, so the ratio is set to 1 and only the power limit applies; it has no
//! on-board charger model beyond its label's constant 0.86 wall-to-battery factor, which becomes the charger
//! efficiency. Cabin and HVAC models are not imported (with ambient at the cabin set point, as in FASTSim's
//! reference runs, they draw no power); the battery's lumped thermal model is not imported either, so the
//! battery stays at its initial 22 °C (FASTSim warms it by about 0.2 K over a UDDS).

use serde::Deserialize;
use serde_yaml_ng::Value;

use crate::battery::{BatterySpec, EnergyStoreSpec};
use crate::battery::{StoreEfficiencySpec, StoreEfficiencyTableSpec};
use crate::error::{Error, Format, Result};
use crate::interp::Interpolation;
use crate::units::J_PER_KWH;
use crate::vehicle::spec::{
    AuxSpec, ChargerSpec, ConventionSpec, DriveAxle, DrivelineSpec, EfficiencySpec, EfficiencyTableSpec,
    HomologationSpec, MassSpec, MotorSpec, RegenSpec, RoadLoadSpec, TractionSpec, WheelsSpec,
};
use crate::vehicle::{Vehicle, VehicleSpec};

/// FASTSim's constant wall-to-battery efficiency in its label procedure (`DEFAULT_CHG_EFF`).
pub const FASTSIM_CHARGER_EFFICIENCY: f64 = 0.86;

#[derive(Deserialize)]
struct FsVehicle {
    name: String,
    pt_type: FsPowertrain,
    chassis: FsChassis,
    mass_kilograms: f64,
    pwr_aux_base_watts: f64,
}

#[derive(Deserialize)]
struct FsPowertrain {
    #[serde(rename = "BEV")]
    bev: Option<FsBev>,
}

#[derive(Deserialize)]
struct FsBev {
    res: FsBattery,
    em: FsMotor,
    transmission: FsTransmission,
}

#[derive(Deserialize)]
struct FsBattery {
    pwr_out_max_watts: f64,
    energy_capacity_joules: f64,
    eff_interp: Value,
    min_soc: f64,
    max_soc: f64,
}

#[derive(Deserialize)]
struct FsMotor {
    eff_interp_achieved: FsInterp,
    pwr_out_max_watts: f64,
}

#[derive(Deserialize)]
struct FsTransmission {
    eff_interp: f64,
}

#[derive(Deserialize)]
struct FsInterp {
    data: FsInterpData,
    strategy: Value,
}

#[derive(Deserialize)]
struct FsInterpData {
    grid: Vec<Vec<f64>>,
    values: Value,
}

#[derive(Deserialize)]
struct FsChassis {
    drag_coef: f64,
    frontal_area_square_meters: f64,
    wheel_rr_coef: f64,
    wheel_inertia_kilogram_square_meters: f64,
    num_wheels: u32,
    wheel_radius_meters: f64,
    cg_height_meters: f64,
    wheel_fric_coef: f64,
    drive_type: String,
    drive_axle_weight_frac: f64,
    wheel_base_meters: f64,
}

/// Convert a FASTSim 3 BEV YAML file into an ampere vehicle spec (`convention = "fastsim"`).
pub fn spec_from_yaml(text: &str, origin: &str) -> Result<VehicleSpec> {
    let fs: FsVehicle = serde_yaml_ng::from_str(text).map_err(|e| Error::Syntax {
        origin: origin.to_owned(),
        format: Format::Yaml,
        message: e.to_string(),
    })?;
    let bev = fs.pt_type.bev.ok_or_else(|| {
        Error::field(origin, "pt_type", "not BEV", "only battery-electric FASTSim vehicles (pt_type: BEV) are imported")
    })?;
    let chassis = &fs.chassis;
    Ok(VehicleSpec {
        name: fs.name,
        convention: ConventionSpec::Fastsim,
        source: None,
        mass: MassSpec {
            running_order_kg: fs.mass_kilograms,
            max_laden_mass_kg: None,
            payload_share: 0.0,
            payload_kg: None,
            test_mass_kg: Some(fs.mass_kilograms),
            rotating_mass_share: 0.0,
            battery_kg: None,
        },
        road_load: RoadLoadSpec::Physics {
            drag_coefficient: chassis.drag_coef,
            frontal_area_m2: chassis.frontal_area_square_meters,
            rolling_resistance_coefficient: chassis.wheel_rr_coef,
            rolling_resistance_speed_s_per_m: 0.0,
        },
        wheels: WheelsSpec {
            radius_m: chassis.wheel_radius_meters,
            inertia_kg_m2: Some(chassis.wheel_inertia_kilogram_square_meters),
            count: chassis.num_wheels,
        },
        driveline: DrivelineSpec { ratio: 1.0, efficiency: EfficiencySpec::Constant(bev.transmission.eff_interp) },
        motor: MotorSpec {
            peak_power_kw: bev.em.pwr_out_max_watts / 1e3,
            peak_torque_nm: None,
            max_speed_rpm: None,
            efficiency: motor_efficiency(&bev.em.eff_interp_achieved, origin)?,
            regen_efficiency: None,
        },
        regen: RegenSpec::default(),
        aux: AuxSpec { power_w: fs.pwr_aux_base_watts },
        battery: BatterySpec::Energy(EnergyStoreSpec {
            energy_kwh: Some(bev.res.energy_capacity_joules / J_PER_KWH),
            usable_energy_kwh: None,
            min_soc: bev.res.min_soc,
            max_soc: bev.res.max_soc,
            max_discharge_power_kw: bev.res.pwr_out_max_watts / 1e3,
            max_charge_power_kw: bev.res.pwr_out_max_watts / 1e3,
            efficiency: Some(battery_efficiency(&bev.res.eff_interp, origin)?),
            resistance_ohm: None,
            nominal_voltage_v: None,
        }),
        charger: ChargerSpec { ac_efficiency: FASTSIM_CHARGER_EFFICIENCY, ..ChargerSpec::default() },
        traction: Some(TractionSpec {
            friction_coefficient: chassis.wheel_fric_coef,
            drive: drive_axle(&chassis.drive_type, origin)?,
            drive_axle_weight_share: chassis.drive_axle_weight_frac,
            // FASTSim-2-era resources encode rear-wheel drive with a negative height as well (Tesla Model 3:
            // −0.53 m with drive_type RWD); FASTSim 3 then applies both signs. ampere takes the height as a
            // length, which gives RWD its physical load transfer; the limit does not bind on UDDS or HWFET.
            cg_height_m: chassis.cg_height_meters.abs(),
            wheelbase_m: chassis.wheel_base_meters,
        }),
        homologation: HomologationSpec::default(),
    })
}

/// Import and validate in one go.
pub fn vehicle_from_yaml(text: &str, origin: &str) -> Result<Vehicle> {
    Vehicle::from_spec(&spec_from_yaml(text, origin)?, origin)
}

fn motor_efficiency(interp: &FsInterp, origin: &str) -> Result<EfficiencySpec> {
    let field = "pt_type.BEV.em.eff_interp_achieved";
    let grid = match interp.data.grid.as_slice() {
        [grid] if grid.first().is_some_and(|&x| x >= 0.0) => grid.clone(),
        _ => return Err(Error::field(origin, field, "grid", "a 1-D grid over output-power fraction starting at ≥ 0")),
    };
    let values: Vec<f64> = serde_yaml_ng::from_value(interp.data.values.clone())
        .map_err(|e| Error::field(origin, field, "values", format!("a list of numbers ({e})")))?;
    Ok(EfficiencySpec::Table(EfficiencyTableSpec::PowerFraction {
        output_power_fraction: grid,
        efficiency: values,
        interpolation: strategy(&interp.strategy, origin, field)?,
    }))
}

fn strategy(value: &Value, origin: &str, field: &str) -> Result<Interpolation> {
    match value {
        Value::String(s) if s == "Linear" => Ok(Interpolation::Linear),
        Value::Mapping(m) if m.get("Step").and_then(Value::as_str) == Some("Lower") => Ok(Interpolation::StepLower),
        other => Err(Error::field(origin, field, format!("{other:?}"), "strategy Linear or Step: Lower")),
    }
}

fn battery_efficiency(value: &Value, origin: &str) -> Result<StoreEfficiencySpec> {
    let field = "pt_type.BEV.res.eff_interp";
    let unsupported = || Error::field(origin, field, "variant", "Constant, CRate or CRateTemperature (linear)");
    let Value::Mapping(map) = value else { return Err(unsupported()) };
    if let Some(eta) = map.get("Constant").and_then(Value::as_f64) {
        return Ok(StoreEfficiencySpec::Constant(eta));
    }
    let table = |key: &str| -> Result<Option<FsInterp>> {
        map.get(key)
            .map(|v| serde_yaml_ng::from_value(v.clone()).map_err(|e| Error::field(origin, field, key, e.to_string())))
            .transpose()
    };
    if let Some(t) = table("CRate")? {
        let values = serde_yaml_ng::from_value(t.data.values).map_err(|_| unsupported())?;
        let c_rate = t.data.grid.into_iter().next().ok_or_else(unsupported)?;
        return Ok(StoreEfficiencySpec::Table(StoreEfficiencyTableSpec::CRate { c_rate, efficiency: values }));
    }
    if let Some(t) = table("CRateTemperature")? {
        let values = serde_yaml_ng::from_value(t.data.values).map_err(|_| unsupported())?;
        let mut axes = t.data.grid.into_iter();
        let (Some(c_rate), Some(temperature_degc)) = (axes.next(), axes.next()) else { return Err(unsupported()) };
        return Ok(StoreEfficiencySpec::Table(StoreEfficiencyTableSpec::CRateTemperature {
            c_rate,
            temperature_degc,
            efficiency: values,
        }));
    }
    Err(unsupported())
}

fn drive_axle(drive_type: &str, origin: &str) -> Result<DriveAxle> {
    match drive_type {
        "FWD" => Ok(DriveAxle::Fwd),
        "RWD" => Ok(DriveAxle::Rwd),
        "AWD" => Ok(DriveAxle::Awd),
        other => Err(Error::field(origin, "chassis.drive_type", other, "FWD, RWD or AWD")),
    }
}
