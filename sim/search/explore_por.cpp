// Partial-order reduction for exhaustive search (sim/search/explore.h): stubborn sets over
// "processes" (Valmari; Godefroid's persistent sets), computed per state.
//
// A process is a sequential source of actions: each workload script (admin = script 0,
// device d = script d+1), each device's uplink and downlink, r2m, and m2r. At most one action
// of a process is enabled at a time, and a process's later actions come only after it. The
// set of processes T chosen at a state is closed under:
//  - for an enabled process in T: every process whose actions (now or later) may be
//    *dependent* with its action (not commute, or disable it) is in T;
//  - for a disabled process in T: every process that can enable it is in T.
// Exploring only T's enabled actions then preserves every terminal (deadlock) state, which is
// where outcomes are checked, so the set of outcomes is exact; execution counts are then
// counts of representative executions, not of every interleaving.
//
// The dependency table below is derived from World's actions (sim/world_exec.cpp) for the
// fragment it covers: device writes (insert/edit/delete/move), additive deploys, deliveries,
// r2m steps and re-insert batches, with every device online, no fault budget, no pending
// reset, no manual reset strategy (their listeners and logs add dependencies) and no clock
// skew or drift (with them a write's timestamp depends on the step it runs at). Outside
// that fragment every enabled action is explored. explore_test checks the outcomes against
// the unreduced searches.
//
//   device write (script d+1)  ~ downlink d (the client's state), other devices' writes and
//                                m2r (the shared clock orders their timestamps)
//   deploy (script 0)          ~ uplinks (it reads the server head), r2m (it reads Atlas and
//                                pauses r2m), m2r (it adds a job)
//   uplink d                   ~ other uplinks and m2r (both write the server), deploy
//   downlink d                 ~ device d's writes
//   r2m                        ~ deploy, m2r (it resumes r2m; drain-then-snapshot drains it)
// Everything else commutes: e.g. a write pushes to its uplink's back while a delivery pops its
// front; a delivery appends to history while r2m reads an entry that already exists.
#include "sim/search/explore_por.h"

#include <bit>

#include "sim/search/explore.h"

namespace syncsim::explore_detail {
namespace {

using Mask = std::uint64_t;

constexpr Mask bit(int i) {
  return Mask{1} << i;
}

class Processes {
 public:
  Processes(const World& w, const Workload& wl)
      : w_(w),
        wl_(wl),
        scripts_(static_cast<int>(wl.scripts.size())),
        devices_(static_cast<int>(w.devices().size())) {}

  int count() const { return scripts_ + 2 * devices_ + 2; }
  int script(int s) const { return s; }
  int up(int d) const { return scripts_ + d; }
  int down(int d) const { return scripts_ + devices_ + d; }
  int r2m() const { return scripts_ + 2 * devices_; }
  int m2r() const { return r2m() + 1; }

  /// Is the state inside the fragment the dependency table covers?
  bool covered(const std::vector<Action>& enabled) const {
    if (count() > 64) return false;
    for (const auto& d : w_.devices()) {
      if (!d.net.online || d.net.stalled || d.net.in_outage || d.net.dropped || d.reset_pending ||
          d.listener_waiting || d.net.disconnects_left > 0 || d.net.partitions_left > 0)
        return false;
      // A skewed or drifting clock makes a write's timestamp depend on how many steps ran
      // before it, so every action would be dependent with every write.
      if (d.net.clock_offset_ms != 0 || d.net.drift_ppm != 0) return false;
      const auto mode = d.client.reset_mode();
      if (mode == model::ResetMode::ManualByObject || mode == model::ResetMode::ManualByField ||
          mode == model::ResetMode::ManualUpdatesLog ||
          mode == model::ResetMode::ManualOverwriteBackend)
        return false;
    }
    for (int s = 0; s < scripts_; ++s)
      for (std::size_t i = w_.next_items()[static_cast<std::size_t>(s)];
           i < wl_.scripts[static_cast<std::size_t>(s)].size(); ++i)
        if (!covered_item(s, wl_.scripts[static_cast<std::size_t>(s)][i])) return false;
    for (const auto& a : enabled)
      if (a.kind != ActionKind::Work && !is_system(a.kind)) return false;
    return true;
  }

  int process_of(const Action& a) const {
    switch (a.kind) {
      case ActionKind::Work:
        return script(static_cast<int>(a.script()));
      case ActionKind::DeliverUp:
        return up(a.device());
      case ActionKind::DeliverDown:
        return down(a.device());
      case ActionKind::R2MStep:
        return r2m();
      default:
        return m2r();
    }
  }

  /// Processes that can act now or later.
  Mask may_act() const {
    Mask m = 0;
    for (int s = 0; s < scripts_; ++s)
      if (pending(s)) m |= bit(script(s));
    Mask ups = 0;
    for (int d = 0; d < devices_; ++d)
      if (!w_.devices()[static_cast<std::size_t>(d)].net.up.empty() || pending(d + 1))
        ups |= bit(up(d));
    m |= ups;
    const bool m2r_may = w_.m2r().has_job() || pending(0);
    if (m2r_may) m |= bit(m2r());
    const bool appends = ups != 0 || m2r_may;
    for (int d = 0; d < devices_; ++d)
      if (!w_.devices()[static_cast<std::size_t>(d)].net.down.empty() || appends) m |= bit(down(d));
    if (w_.r2m().can_step(w_.server()) || appends) m |= bit(r2m());
    return m;
  }

  /// Processes whose actions may be dependent with process p's.
  Mask dependent(int p) const {
    if (p == script(0)) return all_ups() | bit(r2m()) | bit(m2r());
    if (p < scripts_) return bit(down(p - 1)) | (device_scripts() & ~bit(p)) | bit(m2r());
    if (p < scripts_ + devices_) return (all_ups() & ~bit(p)) | bit(m2r()) | bit(script(0));
    if (p < r2m()) return bit(script(p - scripts_ - devices_ + 1));
    if (p == r2m()) return bit(script(0)) | bit(m2r());
    return all_ups() | bit(r2m()) | bit(script(0)) | device_scripts();
  }

  /// Processes that can enable process p when it is disabled.
  Mask enablers(int p) const {
    if (p < scripts_) return 0;  // a script is enabled while it has items left
    if (p < scripts_ + devices_) return bit(script(p - scripts_ + 1));
    if (p == m2r()) return bit(script(0));
    return all_ups() | bit(m2r());  // downlinks and r2m: appends to the history
  }

 private:
  bool pending(int s) const {
    return w_.next_items()[static_cast<std::size_t>(s)] <
           wl_.scripts[static_cast<std::size_t>(s)].size();
  }
  bool covered_item(int s, const WorkItem& item) const {
    if (s == 0) return item.kind == WorkKind::Deploy && !item.breaking;
    return item.kind == WorkKind::Insert || item.kind == WorkKind::Edit ||
           item.kind == WorkKind::Delete || item.kind == WorkKind::Move;
  }
  Mask all_ups() const { return ((bit(devices_) - 1) << scripts_); }
  Mask device_scripts() const { return (bit(scripts_) - 1) & ~Mask{1}; }

  const World& w_;
  const Workload& wl_;
  int scripts_, devices_;
};

/// The stubborn closure of `seed`; returns its enabled processes.
Mask closure(const Processes& pr, int seed, Mask enabled, Mask may) {
  Mask in = bit(seed), todo = bit(seed);
  while (todo != 0) {
    const int p = std::countr_zero(todo);
    todo &= todo - 1;
    const Mask add = ((enabled & bit(p)) != 0 ? pr.dependent(p) : pr.enablers(p)) & may & ~in;
    in |= add;
    todo |= add;
  }
  return in & enabled;
}

}  // namespace

bool independent(const World& w, const Workload& wl, const std::vector<Action>& enabled,
                 const Action& a, const Action& b) {
  const Processes pr(w, wl);
  if (!pr.covered(enabled)) return false;
  const int pa = pr.process_of(a), pb = pr.process_of(b);
  return pa != pb && (pr.dependent(pa) & bit(pb)) == 0 && (pr.dependent(pb) & bit(pa)) == 0;
}

void persistent_set(const World& w, const Workload& wl, const std::vector<Action>& enabled,
                    std::vector<std::uint32_t>& out) {
  out.clear();
  const Processes pr(w, wl);
  Mask best = 0;
  if (enabled.size() > 1 && pr.covered(enabled)) {
    Mask on = 0;
    for (const auto& a : enabled) on |= bit(pr.process_of(a));
    const Mask may = pr.may_act() | on;
    best = on;
    for (Mask rest = on; rest != 0 && std::popcount(best) > 1; rest &= rest - 1) {
      const Mask t = closure(pr, std::countr_zero(rest), on, may);
      if (std::popcount(t) < std::popcount(best)) best = t;
    }
  }
  for (std::size_t i = 0; i < enabled.size(); ++i)
    if (best == 0 || (best & bit(pr.process_of(enabled[i]))) != 0)
      out.push_back(static_cast<std::uint32_t>(i));
}

}  // namespace syncsim::explore_detail
