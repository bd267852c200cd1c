#pragma once
// Loss-class coverage (`syncsim run --coverage CATALOG`): which of a catalogue's loss classes
// a set of runs hit. A *loss class* is a catalogue pattern together with a note it decides
// (sim/search/catalog.h): its facts written with that note, and the effect it loses the note
// with. A run hits the class when, over its chosen steps, every fact "A before B" holds (A
// happened, and B had not happened by then or never did) and, after its settle phase, the
// run loses that note with exactly that effect. Events are named as the catalogue names them
// (sim/search/catalog_events.h) and, as in the catalogue, only chosen steps make events: the
// catalogue's executions end where nothing is enabled and then settle without events.
#include <cstdint>
#include <string>
#include <vector>

#include "sim/search/catalog_events.h"

namespace syncsim {

struct LossClass {
  std::size_t pattern = 0;  ///< the pattern's number in the catalogue (1-based)
  std::string note;
  std::string effect;              ///< e.g. "reachability-orphan@c1 reachability-orphan@server"
  std::vector<std::string> facts;  ///< "A|B": A happened before B, with this note's name
};

/// The first step (1-based) at which each event a class mentions happened in one run.
struct RunEvents {
  std::vector<std::uint64_t> first_step;  ///< per event id of the matcher; 0 = never
  std::uint64_t steps = 0;
  catalog_events::EventNames scratch;
};

/// What one run hit: the classes (indices, ascending) and whether it lost a note some way
/// that no class describes.
struct CoverageMatch {
  std::vector<std::size_t> hit;
  bool unclassified_loss = false;
};

class CoverageMatcher {
 public:
  /// Each fact must contain '|' (the caller checks input).
  explicit CoverageMatcher(std::vector<LossClass> classes);
  const std::vector<LossClass>& classes() const { return classes_; }

  RunEvents start() const;
  /// Before `a` executes in `w` as a chosen step.
  void observe(RunEvents& run, const Workload& wl, const World& w, const Action& a) const;
  /// After the settle phase: `outcome` is the settled world's checked outcome.
  CoverageMatch match(const RunEvents& run, const Outcome& outcome) const;

 private:
  struct Fact {
    std::uint32_t before, after;  ///< event ids
  };
  std::uint32_t intern(const std::string& name);

  std::vector<LossClass> classes_;
  std::vector<std::string> events_;             ///< event names the facts mention, by id
  std::vector<std::vector<Fact>> class_facts_;  ///< per class
};

}  // namespace syncsim
