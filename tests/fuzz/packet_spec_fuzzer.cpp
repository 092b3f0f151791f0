// The packet-spec parser (`query --packets` files) on arbitrary lines; the first line also goes
// through ParsePacketSpec directly, as `--packet` does.
#include <cstddef>
#include <cstdint>
#include <string>

#include "src/app/packet_spec.h"
#include "tests/fuzz/fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace flowaudit;
  std::string text(reinterpret_cast<const char*>(data), size);
  SpecError error;
  ParsePacketSpec(std::string_view(text).substr(0, text.find('\n')), &error);
  Diagnostics diagnostics;
  ParsePacketLines(MakeSourceFile("packets", std::move(text)), diagnostics);
  fuzz::FormatAll(diagnostics);
  return 0;
}
