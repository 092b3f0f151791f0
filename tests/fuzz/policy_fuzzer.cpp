// The policy-pack loader on arbitrary YAML, read from a file in the temporary folder.
#include <cstddef>
#include <cstdint>

#include "src/policy/policy.h"
#include "tests/fuzz/fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace flowaudit;
  std::string path = fuzz::WriteTempFile("pack.yaml", data, size);
  Diagnostics diagnostics;
  auto pack = LoadPack(path, diagnostics);
  fuzz::FormatAll(diagnostics);
  return 0;
}
