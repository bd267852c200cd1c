#include "tests/differential/realm/gen.h"

#include <optional>

#include "sim/prng.h"
#include "tests/differential/realm/writes.h"

namespace syncsim::differential {

namespace {

std::vector<NoteId> note_ids(const model::Store& st, bool with_root) {
  std::vector<NoteId> out;
  for (const auto& [id, n] : st.notes())
    if (with_root || id != model::root_of(kUser)) out.push_back(id);
  return out;
}

std::optional<NoteId> pick(Prng& rng, const std::vector<NoteId>& ids) {
  if (ids.empty()) return std::nullopt;
  return ids[rng.below(ids.size())];
}

CaseSpec random_spec(Prng& rng, const GenOptions& opt) {
  CaseSpec spec;
  spec.devices = static_cast<int>(rng.range(2, opt.max_devices));
  const auto tree_notes = static_cast<std::uint32_t>(rng.range(1, 5));
  for (std::uint32_t k = 1; k <= tree_notes; ++k) {
    const std::uint32_t parent = static_cast<std::uint32_t>(rng.below(k));  // 0: the root
    spec.tree.emplace_back(model::tree_note(kUser, k),
                           parent == 0 ? 0 : model::tree_note(kUser, parent));
  }
  for (int d = 0; d < spec.devices; ++d) spec.skew_ms.push_back(rng.range(-3, 3));
  return spec;
}

/// A write by device d in its own state; nullopt when the state offers nothing to write on.
std::optional<Action> random_write(Prng& rng, const model::Store& st, int d,
                                   std::uint32_t& next_note, const GenOptions& opt) {
  Action a{.device = d};
  const auto any = pick(rng, note_ids(st, true));
  const auto non_root = pick(rng, note_ids(st, false));
  const std::uint64_t roll = rng.below(100);
  if (roll < 35 && any) {
    a.verb = Verb::Insert;
    a.note = model::device_note(static_cast<std::uint32_t>(d), ++next_note);
    a.parent = *any;
  } else if (roll < 50 && non_root) {
    a.verb = Verb::Edit, a.note = *non_root;
  } else if (roll < 65 && non_root) {
    a.verb = Verb::Delete, a.note = *non_root;
  } else if (roll < 80 && non_root && any) {
    a.verb = Verb::Move, a.note = *non_root, a.parent = *any;
  } else if (roll < 86 && any) {
    a.verb = Verb::Clear, a.note = *any;
  } else if (roll < 92 && any) {
    a.verb = Verb::ClearCopy, a.note = *any;
  } else if (opt.array_move && any) {
    const model::Note* n = st.find(*any);
    if (n->children.size() < 2) return std::nullopt;
    a.verb = Verb::ArrayMove, a.note = *any;
    a.from = static_cast<std::uint32_t>(rng.below(n->children.size()));
    a.to = static_cast<std::uint32_t>(rng.below(n->children.size()));
  } else {
    return std::nullopt;
  }
  return a;
}

std::optional<Action> random_action(Prng& rng, const CaseRun& run,
                                    std::vector<std::uint32_t>& next_note, const GenOptions& opt) {
  const int d = static_cast<int>(rng.range(1, run.devices()));
  const std::uint64_t roll = rng.below(100);
  if (roll < 40)
    return random_write(rng, run.device_store(d), d, next_note[static_cast<std::size_t>(d - 1)],
                        opt);
  if (roll < 52) return Action{.verb = Verb::Upload, .device = d};
  if (roll < 64) return Action{.verb = Verb::Integrate, .device = d};
  if (roll < 76) return Action{.verb = Verb::Download, .device = d};
  if (roll < 88) return Action{.verb = Verb::Apply, .device = d};
  if (roll < 91) return Action{.verb = Verb::Disconnect, .device = d};
  if (roll < 95)
    return Action{.verb = Verb::Tick, .from = static_cast<std::uint32_t>(rng.range(0, 3))};
  if (!opt.reinsert) return std::nullopt;
  if (roll < 97 || !run.has_snapshot()) return Action{.verb = Verb::Snapshot};
  const auto note = pick(rng, note_ids(run.server_store(), true));
  if (!note) return std::nullopt;
  return Action{.verb = rng.chance(1, 2) ? Verb::Reinsert : Verb::ReinsertMerge, .note = *note};
}

}  // namespace

RandomCase run_random_case(std::uint64_t seed, std::uint64_t index, const GenOptions& opt,
                           ReplicaPool& pool) {
  Prng rng(seed, index);
  RandomCase out;
  out.spec = random_spec(rng, opt);
  CaseRun run(out.spec, pool);
  std::vector<std::uint32_t> next_note(static_cast<std::size_t>(out.spec.devices), 0);
  const auto actions = static_cast<int>(rng.range(4, opt.max_actions));
  bool agree = true;
  for (int k = 0; k < actions && agree; ++k) {
    const auto a = random_action(rng, run, next_note, opt);
    if (!a) continue;
    out.spec.actions.push_back(*a);
    agree = run.step(*a);
  }
  if (agree) run.finish();
  out.result = run.result();
  return out;
}

std::string to_corpus_text(const CaseSpec& spec) {
  std::string s = "devices " + std::to_string(spec.devices) + "\n";
  for (const auto& [note, parent] : spec.tree)
    s += "tree " + model::note_name(note) + " " +
         (parent == 0 ? std::string("root") : model::note_name(parent)) + "\n";
  for (std::size_t d = 0; d < spec.skew_ms.size(); ++d)
    if (spec.skew_ms[d] != 0)
      s += "skew d" + std::to_string(d + 1) + " " + std::to_string(spec.skew_ms[d]) + "\n";
  for (const Action& a : spec.actions) s += to_string(a) + "\n";
  return s;
}

}  // namespace syncsim::differential
