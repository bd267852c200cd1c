// A plain main for the fuzz targets: runs files, or every file under directories, through the
// same LLVMFuzzerTestOneInput as libFuzzer does, so that the g++ build and ctest replay the
// corpus without clang. Flags that start with '-' are ignored except those the target's
// LLVMFuzzerInitialize handles (e.g. fuzz_interleaving's --syncsim-profiles), so a libFuzzer
// command line works unchanged.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv);
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

namespace fs = std::filesystem;

bool collect(const std::string& arg, std::vector<std::string>& out) {
  std::error_code ec;
  if (fs::is_directory(arg, ec)) {
    std::vector<std::string> files;
    for (const auto& e : fs::recursive_directory_iterator(arg, ec))
      if (e.is_regular_file()) files.push_back(e.path().string());
    std::sort(files.begin(), files.end());  // paths are unique: no ties
    out.insert(out.end(), files.begin(), files.end());
    return !ec;
  }
  if (fs::is_regular_file(arg, ec)) {
    out.push_back(arg);
    return true;
  }
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  LLVMFuzzerInitialize(&argc, &argv);
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (!arg.empty() && arg[0] == '-') continue;
    if (!collect(arg, files)) {
      std::fprintf(stderr, "%s: %s: no such file or directory\n", argv[0], arg.c_str());
      return 2;
    }
  }
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s FILE|DIR...  (runs each input through the fuzz target)\n",
                 argv[0]);
    return 2;
  }
  const auto start = std::chrono::steady_clock::now();
  for (const auto& path : files) {
    std::ifstream f(path, std::ios::binary);
    const std::vector<char> bytes((std::istreambuf_iterator<char>(f)),
                                  std::istreambuf_iterator<char>());
    std::fprintf(stderr, "Running: %s (%zu bytes)\n", path.c_str(), bytes.size());
    std::fflush(stderr);
    LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
  }
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - start);
  std::fprintf(stderr, "Executed %zu inputs in %lld ms\n", files.size(),
               static_cast<long long>(ms.count()));
  return 0;
}
