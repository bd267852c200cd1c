#include "model/assert.h"

#include <string_view>

namespace syncsim::model {
namespace {

/// How this build names source files: this file's own __FILE__ is `<prefix>model/assert.cpp`,
/// where <prefix> is the checkout's absolute path (CMake hands Ninja absolute paths) or
/// `../../` (a launcher such as ccache with base_dir makes them relative). Every file is
/// compiled alike, so stripping <prefix> reports `model/x.cpp`, the path a reader greps for.
constexpr std::string_view kThisFile = __FILE__;
constexpr std::string_view kThisFileInRepo = "model/assert.cpp";
static_assert(kThisFile.ends_with(kThisFileInRepo),
              "model/assert.cpp moved: update kThisFileInRepo");
constexpr std::string_view kSourcePrefix =
    kThisFile.substr(0, kThisFile.size() - kThisFileInRepo.size());

const char* repo_relative(const char* file) {
  const std::string_view f(file);
  return f.starts_with(kSourcePrefix) ? file + kSourcePrefix.size() : file;
}

}  // namespace

AssertionFailure::AssertionFailure(const char* file, int line, const char* condition,
                                   std::string message)
    : file_(repo_relative(file)), line_(line), condition_(condition), message_(std::move(message)) {
  what_ = std::string(file_) + ":" + std::to_string(line_) + ": assertion failed: " + condition_;
  if (!message_.empty()) what_ += " (" + message_ + ")";
}

void assertion_failed(const char* file, int line, const char* condition, const char* message) {
  throw AssertionFailure(file, line, condition, message);
}

}  // namespace syncsim::model
