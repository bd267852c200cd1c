// Loss-class coverage (sim/search/coverage.h).
#include "sim/search/coverage.h"

#include <algorithm>

namespace syncsim {

CoverageMatcher::CoverageMatcher(std::vector<LossClass> classes) : classes_(std::move(classes)) {
  for (const LossClass& c : classes_) {
    std::vector<Fact> facts;
    for (const std::string& f : c.facts) {
      const auto bar = f.find('|');
      const std::uint32_t a = intern(f.substr(0, bar));
      facts.push_back(Fact{a, intern(f.substr(bar + 1))});
    }
    class_facts_.push_back(std::move(facts));
  }
}

std::uint32_t CoverageMatcher::intern(const std::string& name) {
  const auto it = std::find(events_.begin(), events_.end(), name);
  if (it != events_.end()) return static_cast<std::uint32_t>(it - events_.begin());
  events_.push_back(name);
  return static_cast<std::uint32_t>(events_.size() - 1);
}

RunEvents CoverageMatcher::start() const {
  RunEvents run;
  run.first_step.assign(events_.size(), 0);
  return run;
}

void CoverageMatcher::observe(RunEvents& run, const Workload& wl, const World& w,
                              const Action& a) const {
  ++run.steps;
  // Acknowledgements are always named: a catalogue that dropped them has no fact about them.
  catalog_events::name_events(wl, w, a, true, run.scratch);
  for (const auto& [name, note] : run.scratch) {
    const auto it = std::find(events_.begin(), events_.end(), name);
    if (it == events_.end()) continue;
    std::uint64_t& first = run.first_step[static_cast<std::size_t>(it - events_.begin())];
    if (first == 0) first = run.steps;
  }
}

CoverageMatch CoverageMatcher::match(const RunEvents& run, const Outcome& outcome) const {
  CoverageMatch m;
  const auto holds = [&](const Fact& f) {
    const std::uint64_t a = run.first_step[f.before], b = run.first_step[f.after];
    return a != 0 && (b == 0 || a < b);
  };
  for (const auto& [note, effect] : catalog_events::effects_of(outcome)) {
    bool classified = false;
    for (std::size_t c = 0; c < classes_.size(); ++c) {
      if (classes_[c].note != note || classes_[c].effect != effect) continue;
      const auto& facts = class_facts_[c];
      if (!std::all_of(facts.begin(), facts.end(), holds)) continue;
      m.hit.push_back(c);
      classified = true;
    }
    m.unclassified_loss = m.unclassified_loss || !classified;
  }
  std::sort(m.hit.begin(), m.hit.end());
  return m;
}

}  // namespace syncsim
