// One importer from the table (FUZZ_IMPORTER_ID) on arbitrary text. Importers never throw and
// report what they do not understand as diagnostics, so any crash, sanitizer report or
// exception here is a bug. The config is read "from" an empty temporary folder so NGINX
// includes resolve there and nowhere else.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "importers/importer.h"
#include "tests/fuzz/fuzz_util.h"

#ifndef FUZZ_IMPORTER_ID
#error "FUZZ_IMPORTER_ID names the importer to fuzz"
#endif

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace flowaudit;
  static const ImporterInfo* info = [] {
    const ImporterInfo* found = FindImporter(FUZZ_IMPORTER_ID);
    if (found == nullptr) std::abort();  // the table and tests/fuzz/CMakeLists.txt disagree
    return found;
  }();
  std::string text(reinterpret_cast<const char*>(data), size);
  info->sniff(text);
  auto importer = CreateImporterForFile(*info, fuzz::TempDir() / "config", "config");
  Diagnostics diagnostics;
  Device device = importer->Import(MakeSourceFile("config", std::move(text)), diagnostics);
  fuzz::FormatAll(diagnostics);
  return 0;
}
