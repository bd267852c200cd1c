// syncsim_realm_diff: syncsim's transform model side by side with realm-core's Transformer
// (docs/differential-realm.md). Runs random cases and/or corpus files; exit 0 when every case
// has its expected outcome, 1 on an unexpected difference, 2 on bad input.
#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "tests/differential/realm/corpus.h"
#include "tests/differential/realm/gen.h"

namespace dr = syncsim::differential;

namespace {

struct Options {
  std::uint64_t cases = 1000;
  std::uint64_t seed = 20261207;
  dr::GenOptions gen;
  std::vector<std::string> corpus;  ///< files or directories
  std::uint64_t show = 3;           ///< example cases printed per kind of difference
};

[[noreturn]] void usage_error(const std::string& msg) {
  std::fprintf(stderr, "syncsim_realm_diff: %s\n", msg.c_str());
  std::fprintf(stderr,
               "usage: syncsim_realm_diff [--cases N] [--seed S] [--devices 2..8] [--actions N] "
               "[--no-array-move] [--no-reinsert] [--show N] [--corpus FILE|DIR]...\n");
  std::exit(2);
}

std::uint64_t parse_number(const std::string& flag, const char* text, std::uint64_t lo,
                           std::uint64_t hi) {
  std::uint64_t v = 0;
  const std::string s = text;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || v < lo || v > hi)
    usage_error(flag + ": bad number '" + s + "' (expected " + std::to_string(lo) + ".." +
                std::to_string(hi) + ")");
  return v;
}

Options parse_options(int argc, char** argv) {
  Options o;
  for (int k = 1; k < argc; ++k) {
    const std::string a = argv[k];
    const auto value = [&]() -> const char* {
      if (k + 1 >= argc) usage_error(a + " needs a value");
      return argv[++k];
    };
    if (a == "--cases")
      o.cases = parse_number(a, value(), 0, 1ull << 40);
    else if (a == "--seed")
      o.seed = parse_number(a, value(), 0, ~0ull);
    else if (a == "--devices")
      o.gen.max_devices = static_cast<int>(parse_number(a, value(), 2, 8));
    else if (a == "--actions")
      o.gen.max_actions = static_cast<int>(parse_number(a, value(), 4, 10000));
    else if (a == "--no-array-move")
      o.gen.array_move = false;
    else if (a == "--no-reinsert")
      o.gen.reinsert = false;
    else if (a == "--show")
      o.show = parse_number(a, value(), 0, 1000);
    else if (a == "--corpus")
      o.corpus.emplace_back(value());
    else
      usage_error("unknown argument '" + a + "'");
  }
  return o;
}

std::vector<std::string> corpus_files(const std::vector<std::string>& args) {
  std::vector<std::string> files;
  for (const auto& a : args) {
    if (!std::filesystem::is_directory(a)) {
      files.push_back(a);
      continue;
    }
    for (const auto& e : std::filesystem::directory_iterator(a))
      if (e.path().extension() == ".case") files.push_back(e.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

/// The kind of a difference, for grouping: where it showed, what differs (without names), and
/// whether the case wrote an ArrayMove (which no syncsim workload writes yet).
std::string kind_of(const dr::RandomCase& c) {
  const dr::CaseResult& r = c.result;
  std::string where = r.where.substr(r.where.find('(') + 1);
  where = where.substr(0, where.find_first_of(",)"));
  std::string what = r.difference;
  if (what.rfind("realm threw: ", 0) == 0)
    what = what.substr(0, what.find_first_of("'(0123456789", 13));
  else if (what.find("not in realm") != std::string::npos)
    what = "object only in the model";
  else if (what.find("not in the model") != std::string::npos)
    what = "object only in realm";
  else if (what.find("} realm {") != std::string::npos) {
    const auto m = what.find(" children="), k = what.find(" children=", what.find("} realm {"));
    const bool fields_differ =
        what.substr(what.find("model {"), m - what.find("model {")).substr(7) !=
        what.substr(what.find("realm {") + 7, k - what.find("realm {") - 7);
    what = fields_differ ? "fields differ" : "children differ";
  }
  const bool array_move =
      std::any_of(c.spec.actions.begin(), c.spec.actions.end(),
                  [](const dr::Action& a) { return a.verb == dr::Verb::ArrayMove; });
  return std::string(array_move ? "[array-move] " : "") + "after " + where + ": " + what;
}

int run_corpus(const Options& o, dr::ReplicaPool& pool) {
  int failed = 0;
  const auto files = corpus_files(o.corpus);
  for (const auto& f : files) {
    dr::CorpusCase c;
    try {
      c = dr::parse_corpus_case(f);
    } catch (const dr::CorpusError& e) {
      std::fprintf(stderr, "%s\n", e.what());
      std::exit(2);
    }
    const std::string problem = dr::check_corpus_case(c, pool);
    std::printf("%s %s%s%s\n", problem.empty() ? "ok  " : "FAIL", f.c_str(),
                problem.empty() ? "" : ": ", problem.c_str());
    failed += problem.empty() ? 0 : 1;
  }
  std::printf("corpus: %zu cases, %d unexpected\n", files.size(), failed);
  return failed;
}

struct Tally {
  std::uint64_t count = 0;
  std::vector<std::string> examples;
};

std::uint64_t run_random(const Options& o, dr::ReplicaPool& pool) {
  std::map<std::string, Tally> kinds;
  std::uint64_t differ = 0, actions = 0;
  const auto start = std::chrono::steady_clock::now();
  for (std::uint64_t i = 0; i < o.cases; ++i) {
    const dr::RandomCase c = dr::run_random_case(o.seed, i, o.gen, pool);
    actions += c.result.actions_run;
    if (c.result.agree) continue;
    ++differ;
    Tally& t = kinds[kind_of(c)];
    if (t.count++ < o.show)
      t.examples.push_back("# seed " + std::to_string(o.seed) + " case " + std::to_string(i) +
                           "\n# " + c.result.where + ": " + c.result.difference + "\n" +
                           dr::to_corpus_text(c.spec));
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf(
      "random: %llu cases (seed %llu), %llu agree, %llu differ, %llu actions, %.1f s, %.0f "
      "cases/s\n",
      static_cast<unsigned long long>(o.cases), static_cast<unsigned long long>(o.seed),
      static_cast<unsigned long long>(o.cases - differ), static_cast<unsigned long long>(differ),
      static_cast<unsigned long long>(actions), seconds,
      seconds > 0 ? static_cast<double>(o.cases) / seconds : 0.0);
  for (const auto& [kind, t] : kinds) {
    std::printf("difference x%llu: %s\n", static_cast<unsigned long long>(t.count), kind.c_str());
    for (const auto& e : t.examples) std::printf("%s\n", e.c_str());
  }
  return differ;
}

}  // namespace

int main(int argc, char** argv) {
  const Options o = parse_options(argc, argv);
  dr::ReplicaPool pool(8);
  const int corpus_failed = o.corpus.empty() ? 0 : run_corpus(o, pool);
  const std::uint64_t differ = run_random(o, pool);
  return corpus_failed == 0 && differ == 0 ? 0 : 1;
}
