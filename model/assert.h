#pragma once
// Assertions: preconditions, postconditions and invariants at the boundaries of model/ and the
// kernel, in the style of TigerBeetle's TIGER_STYLE.md. They are on in every build: a
// simulator that silently continues from a corrupt state reports wrong findings, and an
// assertion turns that into a loud, replayable failure a fuzzer can find.
//
// Two levels:
//  - SYNCSIM_ASSERT(cond[, message literal]): O(1) checks, always evaluated (the hot path pays a
//    compare and a predictable branch);
//  - SYNCSIM_ASSERT_SLOW(cond[, message literal]): whole-state invariants (every list index in
//    range, history versions contiguous, ...), evaluated only when slow assertions are on:
//    tests and `syncsim replay` turn them on, fuzzing and `syncsim run` leave them off.
//
// A failure throws AssertionFailure. model/ knows no seed and no step; the kernel catches the
// failure at the step boundary and adds both (sim/runner.h, StepFailure), the CLI prints them
// with the replay command and exits 3, and a fuzz target lets it escape (an abort).
#include <atomic>
#include <exception>
#include <string>

namespace syncsim::model {

/// A violated assertion: where, what, and an optional explanation.
class AssertionFailure : public std::exception {
 public:
  AssertionFailure(const char* file, int line, const char* condition, std::string message);
  const char* file() const { return file_; }
  int line() const { return line_; }
  const char* condition() const { return condition_; }
  const std::string& message() const { return message_; }
  /// "model/store.cpp:42: assertion failed: cond (message)"
  const char* what() const noexcept override { return what_.c_str(); }

 private:
  const char* file_;
  int line_;
  const char* condition_;
  std::string message_;
  std::string what_;
};

/// Throws AssertionFailure. Out of line, cold, and taking the message as the literal it is:
/// the inline part of an assertion is then a compare and a call, so that a small hot function
/// holding one stays small enough to inline. Building the std::string at the call site put a
/// string construction and its unwinding into every such function, and the fuzz preset
/// (clang, ASan+UBSan) stopped inlining some (fuzz/BENCH_NOTES.md "2026-12-07, evening").
[[noreturn]] [[gnu::cold]] void assertion_failed(const char* file, int line, const char* condition,
                                                 const char* message);

/// Slow (whole-state) assertions. Off by default; tests and replay switch them on for the
/// whole process. Only ever read by assertions, so it cannot change behaviour.
inline std::atomic<bool> slow_assertions_on{false};
inline bool slow_assertions() {
  return slow_assertions_on.load(std::memory_order_relaxed);
}
inline void set_slow_assertions(bool on) {
  slow_assertions_on.store(on, std::memory_order_relaxed);
}

/// The optional message of an assertion: a string literal.
constexpr const char* assert_message() {
  return "";
}
constexpr const char* assert_message(const char* message) {
  return message;
}

}  // namespace syncsim::model

#define SYNCSIM_ASSERT(cond, ...)                                                        \
  do {                                                                                   \
    if (!(cond)) [[unlikely]]                                                            \
      ::syncsim::model::assertion_failed(__FILE__, __LINE__, #cond,                      \
                                         ::syncsim::model::assert_message(__VA_ARGS__)); \
  } while (0)

#define SYNCSIM_ASSERT_SLOW(cond, ...)                                                   \
  do {                                                                                   \
    if (::syncsim::model::slow_assertions() && !(cond)) [[unlikely]]                     \
      ::syncsim::model::assertion_failed(__FILE__, __LINE__, #cond,                      \
                                         ::syncsim::model::assert_message(__VA_ARGS__)); \
  } while (0)
