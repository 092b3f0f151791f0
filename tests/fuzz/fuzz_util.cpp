#include "tests/fuzz/fuzz_util.h"

#include <cstdlib>
#include <fstream>

namespace flowaudit::fuzz {
namespace {

std::filesystem::path MakeTempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "flowaudit-fuzz-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) std::abort();
  return pattern;
}

void RemoveTempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(TempDir(), ignored);
}

}  // namespace

const std::filesystem::path& TempDir() {
  static const std::filesystem::path dir = [] {
    std::filesystem::path made = MakeTempDir();
    std::atexit(RemoveTempDir);
    return made;
  }();
  return dir;
}

std::string WriteTempFile(const std::string& name, const uint8_t* data, size_t size) {
  std::filesystem::path full = TempDir() / name;
  std::ofstream out(full, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  return full.string();
}

size_t FormatAll(const Diagnostics& diagnostics) {
  size_t total = 0;
  for (const Diagnostic& diagnostic : diagnostics.All()) {
    total += FormatDiagnostic(diagnostic).size();
  }
  return total;
}

}  // namespace flowaudit::fuzz
