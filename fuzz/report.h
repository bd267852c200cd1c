#pragma once
// How a fuzz target reports a failure so that libFuzzer and ClusterFuzz can work with it:
// a syncsim trace named after the input's SHA-1 (like libFuzzer's `crash-<sha1>`), a
// `DEDUP_TOKEN: <signature>` line (libFuzzer's -minimize_crash keeps an input only while the
// token stays the same) and an abort from a function of its own per signature (ClusterFuzz
// groups crashes by their top stack frames).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "sim/trace/scenario.h"

namespace syncsim::fuzz {

/// $SYNCSIM_FINDINGS, or `findings` when unset or empty.
std::string findings_dir();

/// Writes `trace` as `<findings_dir>/<sha1(data)>.trace`; returns the path ("" on failure,
/// after a warning on stderr).
std::string write_finding(const std::uint8_t* data, std::size_t size, const Scenario& trace);

/// With SYNCSIM_FUZZ_ONCE=1, only the first input of each (profile, signature) per findings
/// directory is reported: a marker `seen/<profile>--<signature>` is created exclusively (safe
/// across -fork jobs); later ones return false and the target carries on. Without it: true.
bool claim_finding(std::string_view profile, std::string_view signature);

/// Prints the token and aborts from the signature's own function; a signature without one
/// aborts from syncsim_violation_other().
[[noreturn]] void abort_for_signature(std::string_view signature);

}  // namespace syncsim::fuzz
