// The site loader on arbitrary YAML written as site.yaml into the temporary folder. Before the
// first input the folder gets configs/ with the example configs (first example wins on a name
// clash), so seeds made from examples/*/site.yaml import real configs; names that do not exist
// are errors the loader must report. Paths outside the folder are refused (the default
// SiteOptions), so includes and configs are only ever read below it.
#include <cstddef>
#include <cstdint>
#include <filesystem>

#include "src/site/site.h"
#include "tests/fuzz/fuzz_util.h"

namespace {

void CopyExampleConfigs() {
  namespace fs = std::filesystem;
  fs::path target = flowaudit::fuzz::TempDir() / "configs";
  fs::create_directories(target);
  std::error_code ignored;
  for (const fs::directory_entry& example :
       fs::directory_iterator(fs::path(FLOWAUDIT_SOURCE_DIR) / "examples")) {
    fs::path configs = example.path() / "configs";
    if (!fs::is_directory(configs)) continue;
    fs::copy(configs, target, fs::copy_options::recursive | fs::copy_options::skip_existing,
             ignored);
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  CopyExampleConfigs();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace flowaudit;
  std::string path = fuzz::WriteTempFile("site.yaml", data, size);
  Diagnostics diagnostics;
  auto site = LoadSite(path, SiteOptions{}, diagnostics);
  fuzz::FormatAll(diagnostics);
  return 0;
}
