#include "sim/trace/domain.h"

#include <algorithm>
#include <string>
#include <vector>

namespace syncsim {

model::Domain workload_domain(const Scenario& s) {
  using F = model::Feature;
  model::Domain d;
  std::vector<std::string> writers;
  std::vector<std::string> targets;
  for (const auto& w : s.workload) {
    switch (w.kind) {
      case WorkKind::Insert:
        d |= F::Inserts;
        writers.push_back(w.actor);
        break;
      case WorkKind::Edit:
        d |= F::Edits;
        writers.push_back(w.actor);
        break;
      case WorkKind::Delete:
        d |= F::Deletes;
        writers.push_back(w.actor);
        break;
      case WorkKind::Move:
        d |= F::Moves;
        writers.push_back(w.actor);
        break;
      case WorkKind::Deploy:
        d |= w.breaking ? F::BreakingDeploy : F::AdditiveDeploy;
        break;
      case WorkKind::UpgradeApp:
        d |= F::AppUpgrade;
        break;
      case WorkKind::Offline:
      case WorkKind::Online:
        d |= F::OfflineWindow;
        break;
      case WorkKind::TerminateSync:
        d |= F::TerminateSync;
        break;
      case WorkKind::ResetClient:
        d |= F::ForcedReset;
        targets.push_back(w.target);
        break;
    }
  }
  for (const auto& t : targets)
    if (std::find(writers.begin(), writers.end(), t) != writers.end()) d |= F::ResetOfWriter;
  if (!s.migrations.empty()) d |= F::AppUpgrade;
  for (const auto& dev : s.devices) {
    if (dev.clock_offset_ms != 0 || dev.drift_ppm != 0) d |= F::ClockSkew;
    if (dev.app_schema != 1) d |= F::AppUpgrade;
  }
  for (const auto& k : s.knobs) {
    if ((k.name == "disconnects" || k.name == "partitions") && k.value > 0) d |= F::Faults;
    if (k.name == "max_offline_ms" && k.value > 0) d |= F::MaxOffline;
  }
  return d;
}

}  // namespace syncsim
