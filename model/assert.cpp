#include "model/assert.h"

#include <string_view>

namespace syncsim::model {
namespace {

/// The build compiles `../../model/x.cpp`: report `model/x.cpp`, the path a reader greps for.
const char* repo_relative(const char* file) {
  std::string_view f(file);
  while (f.starts_with("../") || f.starts_with("./")) f.remove_prefix(f.starts_with("./") ? 2 : 3);
  return file + (std::string_view(file).size() - f.size());
}

}  // namespace

AssertionFailure::AssertionFailure(const char* file, int line, const char* condition,
                                   std::string message)
    : file_(repo_relative(file)), line_(line), condition_(condition), message_(std::move(message)) {
  what_ = std::string(file_) + ":" + std::to_string(line_) + ": assertion failed: " + condition_;
  if (!message_.empty()) what_ += " (" + message_ + ")";
}

void assertion_failed(const char* file, int line, const char* condition, std::string message) {
  throw AssertionFailure(file, line, condition, std::move(message));
}

}  // namespace syncsim::model
