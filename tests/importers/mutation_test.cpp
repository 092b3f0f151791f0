// Bad input never crashes: thousands of random mutations of realistic configs (bytes flipped,
// deleted, duplicated, lines cut short, binary junk) go through every importer. Each must
// return normally — with errors where the text is broken — and never throw.
#include <doctest/doctest.h>

#include <fstream>
#include <random>
#include <sstream>

#include "importers/importer.h"
#include "tests/importers/importer_test_util.h"

namespace flowaudit {
namespace {

using testing::ReadSourceFile;

std::string Mutate(std::string text, std::mt19937& rng) {
  static const std::string kPieces[] = {
      "!",  "-j", "-g", ":",  "/",      "-",   "[",      "]",    "{",  "}",  "\"",      "'",
      "\\", "#",  "\n", "\0", "999999", "/33", "COMMIT", "*nat", ": ", "- ", "\xff\xfe"};
  int edits = 1 + static_cast<int>(rng() % 6);
  for (int e = 0; e < edits && !text.empty(); ++e) {
    size_t at = rng() % text.size();
    switch (rng() % 5) {
      case 0:
        text[at] = static_cast<char>(rng() % 256);
        break;
      case 1:
        text.erase(at, 1 + rng() % 20);
        break;
      case 2:
        text.insert(at, kPieces[rng() % std::size(kPieces)]);
        break;
      case 3:
        text.insert(at, text.substr(rng() % text.size(), rng() % 40));
        break;
      default:
        text.resize(at);  // truncated file
    }
  }
  return text;
}

void Fuzz(const char* importer_id, const std::string& seed_text, int rounds) {
  const ImporterInfo* info = FindImporter(importer_id);
  REQUIRE(info != nullptr);
  std::mt19937 rng(2024);
  int with_errors = 0;
  for (int i = 0; i < rounds; ++i) {
    std::string text = Mutate(seed_text, rng);
    Diagnostics diagnostics;
    INFO("round " << i);
    CHECK_NOTHROW(info->create()->Import(MakeSourceFile("fuzz", text), diagnostics));
    with_errors += diagnostics.HasErrors();
    for (const Diagnostic& d : diagnostics.All()) {
      // Every message can be printed with its location.
      CHECK_FALSE(FormatDiagnostic(d).empty());
    }
  }
  // The mutations must actually produce broken input, or this test proves nothing.
  CHECK(with_errors > rounds / 4);
}

TEST_CASE("mutated iptables-save dumps never crash the importer") {
  Fuzz("iptables", ReadSourceFile("examples/lync-contoso/configs/internal-fw.rules"), 20000);
  Fuzz("ip6tables", ReadSourceFile("tests/oracle/hand/icmp6.rules"), 10000);
}

TEST_CASE("mutated flowaudit YAML never crashes the importer") {
  Fuzz("flowaudit-yaml", ReadSourceFile("examples/lync-contoso/configs/perimeter-fw.yaml"), 10000);
  Fuzz("flowaudit-yaml", ReadSourceFile("examples/lync-contoso/configs/hlb.yaml"), 10000);
}

}  // namespace
}  // namespace flowaudit
