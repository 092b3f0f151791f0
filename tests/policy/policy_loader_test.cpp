#include <doctest/doctest.h>

#include <regex>
#include <set>

#include "src/policy/policy.h"
#include "tests/temp_dir.h"

namespace flowaudit {
namespace {

using testing::TempDir;

TEST_CASE("built-in packs load and carry the fixed requirement ids") {
  std::vector<std::string> ids = BuiltinPacks();
  CHECK(std::find(ids.begin(), ids.end(), "lync-2013") != ids.end());
  CHECK(std::find(ids.begin(), ids.end(), "baseline") != ids.end());
  std::set<std::string> seen;
  for (const std::string& id : ids) {
    Diagnostics diagnostics;
    auto pack = LoadPack(id, diagnostics);
    for (const Diagnostic& d : diagnostics.All()) MESSAGE(FormatDiagnostic(d));
    REQUIRE(pack.has_value());
    CHECK(pack->id == id);
    for (const Requirement& r : pack->requirements) {
      INFO(r.id);
      CHECK(std::regex_match(r.id, std::regex("[a-z0-9]+(-[a-z0-9]+)*")));
      CHECK(seen.insert(r.id).second);
      CHECK_FALSE(r.title.empty());
      CHECK_FALSE(r.rationale.empty());
      CHECK_FALSE(r.sources.empty());
    }
  }
  for (const char* fixed :
       {"lync-int-web-http", "lync-int-web-https", "lync-hlb-web-listeners", "lync-edge-crl-http",
        "lync-rp-http-redirect", "lync-no-internet-to-internal-web"}) {
    CHECK_MESSAGE(seen.count(fixed) == 1, fixed);
  }
}

std::string Errors(TempDir& dir, const std::string& text) {
  std::string path = dir.Write("pack.yaml", text);
  Diagnostics diagnostics;
  auto pack = LoadPack(path, diagnostics);
  CHECK_FALSE(pack.has_value());
  std::string out;
  for (const Diagnostic& d : diagnostics.All()) out += FormatDiagnostic(d);
  for (size_t at; (at = out.find(dir.path().string())) != std::string::npos;) {
    out.replace(at, dir.path().string().size(), "DIR");
  }
  return out;
}

TEST_CASE("bad packs are located errors") {
  TempDir dir;
  CHECK(
      Errors(dir,
             "pack: t\nrequirements:\n  - id: a\n    severity: hihg\n    check: {kind: flow}\n") ==
      "DIR/pack.yaml:4:15: error: unknown severity 'hihg'; did you mean 'high'?\n"
      "    severity: hihg\n"
      "              ^~~~\n");
  CHECK(Errors(dir,
               "pack: t\nrequirements:\n  - id: a\n    severity: high\n"
               "    check: {kind: flow, from: {zones: [a]}, to: {zones: [b]}, service: "
               "[tcp/70000]}\n") ==
        "DIR/pack.yaml:5:73: error: port 70000 is out of range 0-65535\n"
        "    check: {kind: flow, from: {zones: [a]}, to: {zones: [b]}, service: [tcp/70000]}\n"
        "                                                                        ^~~~~~~~~\n");
  CHECK(
      Errors(dir,
             "pack: t\nrequirements:\n  - id: a\n    severity: high\n    check: {kind: flwo}\n") ==
      "DIR/pack.yaml:5:19: error: unknown check kind 'flwo'; did you mean 'flow'?\n"
      "    check: {kind: flwo}\n"
      "                  ^~~~\n");
  CHECK(
      Errors(dir,
             "pack: t\nrequirements:\n  - id: a\n    severity: high\n"
             "    check: {kind: flow, from: {zone: [a]}, to: {zones: [b]}, service: [tcp/80]}\n") ==
      "DIR/pack.yaml:5:32: error: unknown key 'zone' in selector 'from'; did you mean 'zones'?\n"
      "    check: {kind: flow, from: {zone: [a]}, to: {zones: [b]}, service: [tcp/80]}\n"
      "                               ^~~~\n");
}

TEST_CASE("an unknown built-in pack suggests the closest") {
  Diagnostics diagnostics;
  CHECK_FALSE(LoadPack("lync-2031", diagnostics).has_value());
  REQUIRE(diagnostics.All().size() == 1);
  CHECK(FormatDiagnostic(diagnostics.All()[0]) ==
        "lync-2031: error: unknown policy pack 'lync-2031'; did you mean 'lync-2013'?\n");
}

}  // namespace
}  // namespace flowaudit
