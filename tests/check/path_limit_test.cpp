// The path search bound (docs/limits.md): a topology with more paths than the search follows
// makes the flow UNKNOWN with a message that says so, never a silently partial PASS.
#include <doctest/doctest.h>

#include "src/check/checker.h"
#include "tests/temp_dir.h"

namespace flowaudit {
namespace {

using testing::TempDir;

// Ten steps from the clients to the servers, each through either of two firewalls: 2^10 = 1024
// paths, twice the 512 the search follows.
std::string Ladder() {
  std::string site = "site: ladder\nzones:\n";
  for (int i = 0; i <= 10; ++i) {
    std::string name = i == 0 ? "clients" : i == 10 ? "servers" : "z" + std::to_string(i);
    site += "  " + name + ": { subnets: [10." + std::to_string(i + 100) + ".0.0/16]" +
            (i == 0 ? ", tags: [lync-clients]" : "") + " }\n";
  }
  site += "hosts:\n  fe01: { address: 10.110.0.11, roles: [front-end] }\ndevices:\n";
  for (int i = 0; i < 10; ++i) {
    std::string from = i == 0 ? "clients" : "z" + std::to_string(i);
    std::string to = i == 9 ? "servers" : "z" + std::to_string(i + 1);
    for (const char* side : {"a", "b"}) {
      site += "  fw" + std::to_string(i) + side +
              ":\n    kind: firewall\n    interfaces: { x: " + from + ", y: " + to +
              " }\n    rules:\n      - { service: tcp/80, action: permit }\n";
    }
  }
  return site;
}

const char* kPack = R"YAML(pack: t
requirements:
  - id: web
    severity: high
    check:
      kind: flow
      from: {tags: [lync-clients]}
      to: {roles: [front-end]}
      service: [tcp/80]
      expect: allow
)YAML";

TEST_CASE("limits: more paths than the search follows make the flow UNKNOWN, and say so") {
  TempDir dir;
  Diagnostics diagnostics;
  auto site = LoadSite(dir.Write("site.yaml", Ladder()), {}, diagnostics);
  for (const Diagnostic& d : diagnostics.All()) MESSAGE(FormatDiagnostic(d));
  REQUIRE(site.has_value());
  auto pack = LoadPack(dir.Write("pack.yaml", kPack), diagnostics);
  REQUIRE(pack.has_value());
  AuditResult result = RunAudit(*site, {*pack});
  REQUIRE(result.requirements.size() == 1);
  const RequirementResult& web = result.requirements[0];
  CHECK(web.status == Status::kUnknown);
  REQUIRE(web.flows.size() == 1);
  CHECK(web.flows[0].paths.size() == 512);
  CHECK(web.flows[0].message ==
        "too many paths: the search stopped early, the answer is incomplete");
}

}  // namespace
}  // namespace flowaudit
