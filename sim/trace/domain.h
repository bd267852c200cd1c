#pragma once
// Which features of model::Feature a scenario or trace uses, so that it can be checked
// against a profile's domain (model/policy.h; spec §8): `syncsim profiles --for FILE`, the
// replay of known fuzz findings under the correct profiles whose domain covers them.
#include "model/policy.h"
#include "sim/trace/scenario.h"

namespace syncsim {

/// The features the scenario's workload, devices, migrations and pinned knobs use. Static:
/// a Verdant truancy reset (an offline window longer than `truancy_ms`) is reported as an
/// offline window, not as a forced reset.
model::Domain workload_domain(const Scenario& s);

}  // namespace syncsim
