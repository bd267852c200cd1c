// Which lanes of the sequence diagram an action connects (spec §2): uploads go from a
// device to the server, downloads back, r2m writes Atlas, m2r's re-insert batches write the
// server, the admin deploys to the server; local writes and connection faults are notes
// over the device's lane.
#include "tools/render/report.h"

namespace syncsim::render {
namespace {

/// "deliver c1->server upload[n1.1]" -> "upload[n1.1]": the lanes already say who to whom.
std::string after_arrow_part(const std::string& label) {
  const auto space = label.rfind(' ', label.find('['));
  return space == std::string::npos ? label : label.substr(space + 1);
}

/// "c1 insert n1.1 under root" -> "insert n1.1 under root".
std::string without_actor(const std::string& label) {
  const auto space = label.find(' ');
  return space == std::string::npos ? label : label.substr(space + 1);
}

std::string device_name(const World& w, std::int32_t index) {
  const auto& devices = w.devices();
  const auto i = static_cast<std::size_t>(index);
  return i < devices.size() ? devices[i].name : "c?";
}

}  // namespace

LaneMove lane_move(const World& w, const Action& a, const std::string& label) {
  switch (a.kind) {
    case ActionKind::Work:
      // Script 0 is the admin's; script d+1 is device d's (sim/workload.h).
      if (a.script() == 0) return {"admin", "server", without_actor(label)};
      return {device_name(w, static_cast<std::int32_t>(a.script()) - 1), "", without_actor(label)};
    case ActionKind::DeliverUp:
      return {device_name(w, a.device()), "server", after_arrow_part(label)};
    case ActionKind::DeliverDown:
      return {"server", device_name(w, a.device()), after_arrow_part(label)};
    case ActionKind::R2MStep:
      return {"r2m", "Atlas", without_actor(label)};
    case ActionKind::Reinsert:
      return {"m2r", "server", without_actor(label)};
    default:
      return {device_name(w, a.device()), "", without_actor(label)};
  }
}

}  // namespace syncsim::render
