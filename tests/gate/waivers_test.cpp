// Waivers: the loader's located errors, scope matching, expiry and unused waivers.
#include "src/gate/waivers.h"

#include <doctest/doctest.h>

#include "tests/report/sample_result.h"

namespace flowaudit {
namespace {

struct Parsed {
  std::optional<std::vector<WaiverEntry>> waivers;
  std::string errors;  // every diagnostic, formatted
};

Parsed Parse(const std::string& text) {
  Diagnostics diagnostics;
  Parsed parsed;
  parsed.waivers = ParseWaivers(MakeSourceFile("waivers.yaml", text), diagnostics);
  for (const Diagnostic& d : diagnostics.All()) parsed.errors += FormatDiagnostic(d);
  return parsed;
}

constexpr const char* kTwoWaivers = R"Y(waivers:
  - id: lync-edge-crl-http
    scope: {device: edge-fw}
    justification: "CRL via proxy; ticket NET-1234"
    owner: netsec@contoso.com
    expires: 2027-03-31
  - id: lync-int-web-http
    scope: {path: "clients->core-fw -> servers ->hlb"}
    justification: port 80 goes away with the new HLB
    owner: web-team
    expires: 2026-12-01
)Y";

TEST_CASE("waivers: a valid file") {
  Parsed p = Parse(kTwoWaivers);
  CHECK(p.errors == "");
  REQUIRE(p.waivers);
  REQUIRE(p.waivers->size() == 2);
  const Waiver& crl = (*p.waivers)[0].waiver;
  CHECK(crl.id == "lync-edge-crl-http");
  CHECK(crl.scope_kind == "device");
  CHECK(crl.scope_value == "edge-fw");
  CHECK(crl.justification == "CRL via proxy; ticket NET-1234");
  CHECK(crl.owner == "netsec@contoso.com");
  CHECK(crl.expires == "2027-03-31");
  CHECK(crl.file == "waivers.yaml");
  CHECK(crl.line == 2);
  const Waiver& http = (*p.waivers)[1].waiver;
  CHECK(http.scope_kind == "path");
  CHECK(http.scope_value == "clients -> core-fw -> servers -> hlb");  // normalized
  CHECK(http.line == 7);
  CHECK(Parse("waivers: []\n").waivers->empty());
  CHECK(Parse("waivers:\n").waivers->empty());
}

TEST_CASE("waivers: every loader error is located and fails the load") {
  auto error_of = [](const std::string& text) {
    Parsed p = Parse(text);
    CHECK_FALSE(p.waivers.has_value());
    return p.errors;
  };
  CHECK(error_of(
            "waivers:\n  - id: a\n    justification: j\n    owner: o\n    expires: 2027-3-31\n") ==
        "waivers.yaml:5:14: error: waiver 'expires' must be a date YYYY-MM-DD, got '2027-3-31'\n"
        "    expires: 2027-3-31\n"
        "             ^~~~~~~~~\n");
  CHECK(
      error_of("waivers:\n  - id: a\n    justification: j\n    owner: o\n    expires: 2027-02-29\n")
          .rfind("waivers.yaml:5:14: error: waiver 'expires' must be a date YYYY-MM-DD, got "
                 "'2027-02-29'\n",
                 0) == 0);
  CHECK(error_of("waivers:\n  - id: a\n    owner: o\n    expires: 2027-01-01\n")
            .rfind("waivers.yaml:2:5: error: waiver needs 'justification'\n", 0) == 0);
  CHECK(
      error_of(
          "waivers:\n  - id: a\n    justification: \"  \"\n    owner: o\n    expires: 2027-01-01\n")
          .rfind("waivers.yaml:3:20: error: waiver 'justification' must not be empty\n", 0) == 0);
  CHECK(error_of("waivers:\n  - id: a\n    justification: j\n    expires: 2027-01-01\n")
            .rfind("waivers.yaml:2:5: error: waiver needs 'owner'\n", 0) == 0);
  CHECK(error_of("waivers:\n  - justification: j\n    owner: o\n    expires: 2027-01-01\n")
            .rfind("waivers.yaml:2:5: error: waiver needs 'id'\n", 0) == 0);
  CHECK(error_of("waivers:\n  - id: a\n    justification: j\n    owner: o\n")
            .rfind("waivers.yaml:2:5: error: waiver needs 'expires'\n", 0) == 0);
  CHECK(
      error_of("waivers:\n  - id: a\n    justification: j\n    owner: o\n    expires: 2027-01-01\n"
               "    scope: {device: fw, zone: dmz}\n")
          .rfind("waivers.yaml:6:12: error: waiver scope needs exactly one of 'device', 'zone' "
                 "or 'path'\n",
                 0) == 0);
  CHECK(
      error_of("waivers:\n  - id: a\n    justification: j\n    owner: o\n    expires: 2027-01-01\n"
               "    scope: {devcie: fw}\n")
          .rfind("waivers.yaml:6:13: error: unknown key 'devcie' in waiver scope; did you mean "
                 "'device'?\n",
                 0) == 0);
  CHECK(
      error_of("waivers:\n  - id: a\n    justification: j\n    owner: o\n    expires: 2027-01-01\n"
               "    scope: {zone: [a, b]}\n")
          .rfind("waivers.yaml:6:19: error: waiver scope 'zone' must be a single value\n", 0) == 0);
  CHECK(
      error_of("waivers:\n  - id: a\n    justification: j\n    owner: o\n    expires: 2027-01-01\n"
               "    expiry: 2028-01-01\n")
          .rfind("waivers.yaml:6:5: error: unknown key 'expiry' in waiver; did you mean "
                 "'expires'?\n",
                 0) == 0);
  CHECK(error_of("waivers: {id: a}\n")
            .rfind("waivers.yaml:1:10: error: waivers must be a list\n", 0) == 0);
  CHECK(error_of("waiver: []\n")
            .rfind("waivers.yaml:1:1: error: unknown key 'waiver' in the waivers file; did you "
                   "mean 'waivers'?\n",
                   0) == 0);
  CHECK(error_of("").rfind("waivers.yaml:1:1: error: empty file: expected a YAML mapping\n", 0) ==
        0);
  CHECK(error_of("waivers: [\n").rfind("waivers.yaml:", 0) == 0);
}

TEST_CASE("waivers: dates") {
  CHECK(IsValidDate("2027-03-31"));
  CHECK(IsValidDate("2028-02-29"));  // leap year
  CHECK(IsValidDate("2000-02-29"));
  CHECK_FALSE(IsValidDate("1900-02-29"));
  CHECK_FALSE(IsValidDate("2027-02-29"));
  CHECK_FALSE(IsValidDate("2027-04-31"));
  CHECK_FALSE(IsValidDate("2027-13-01"));
  CHECK_FALSE(IsValidDate("2027-00-10"));
  CHECK_FALSE(IsValidDate("2027-01-00"));
  CHECK_FALSE(IsValidDate("27-01-01"));
  CHECK_FALSE(IsValidDate("2027/01/01"));
  CHECK_FALSE(IsValidDate("2027-01-1x"));
}

TEST_CASE("waivers: an id that no loaded pack has is an error at the id") {
  Parsed p = Parse(kTwoWaivers);
  REQUIRE(p.waivers);
  Diagnostics diagnostics;
  CheckWaiverIds(*p.waivers, {"lync-edge-crl-http", "lync-int-web-https"}, diagnostics);
  REQUIRE(diagnostics.ErrorCount() == 1);
  CHECK(FormatDiagnostic(diagnostics.All()[0])
            .rfind("waivers.yaml:7:9: error: waiver for unknown requirement 'lync-int-web-http'; "
                   "did you "
                   "mean 'lync-int-web-https'?\n",
                   0) == 0);
}

Waiver Scoped(const std::string& id, const std::string& kind, const std::string& value) {
  Waiver w;
  w.id = id;
  w.scope_kind = kind;
  w.scope_value = value;
  w.justification = "j";
  w.owner = "o";
  w.expires = "2027-01-01";
  return w;
}

TEST_CASE("waivers: scope matching") {
  AuditResult audit = testing::SampleResult();
  const RequirementResult& listeners = audit.requirements[0];  // details name no device
  const RequirementResult& http = audit.requirements[1];   // clients -> core-fw -> servers -> hlb
  const RequirementResult& https = audit.requirements[2];  // passes

  CHECK(WaiverCovers(Scoped("lync-int-web-http", "", ""), http));
  CHECK_FALSE(WaiverCovers(Scoped("lync-int-web-http", "", ""), listeners));  // another id
  CHECK_FALSE(WaiverCovers(Scoped("lync-int-web-https", "", ""), https));     // nothing to waive

  CHECK(WaiverCovers(Scoped("lync-int-web-http", "device", "core-fw"), http));
  CHECK(WaiverCovers(Scoped("lync-int-web-http", "device", "hlb"), http));
  CHECK_FALSE(WaiverCovers(Scoped("lync-int-web-http", "device", "edge-fw"), http));
  CHECK(WaiverCovers(Scoped("lync-int-web-http", "zone", "clients"), http));
  CHECK(WaiverCovers(Scoped("lync-int-web-http", "zone", "hlb"), http));  // path's last vertex
  CHECK_FALSE(WaiverCovers(Scoped("lync-int-web-http", "zone", "servers"), http));  // middle
  CHECK(WaiverCovers(Scoped("lync-int-web-http", "path", "clients -> core-fw -> servers -> hlb"),
                     http));
  CHECK_FALSE(
      WaiverCovers(Scoped("lync-int-web-http", "path", "clients -> core-fw -> servers"), http));

  // A second failing path through another device: a device scope must cover both.
  RequirementResult two = http;
  PathResult other = two.flows[0].paths[0];
  other.vertices = {"phones", "edge-fw", "servers", "hlb"};
  two.flows[0].paths.push_back(other);
  CHECK_FALSE(WaiverCovers(Scoped("lync-int-web-http", "device", "core-fw"), two));
  CHECK(WaiverCovers(Scoped("lync-int-web-http", "device", "hlb"), two));
  CHECK_FALSE(WaiverCovers(Scoped("lync-int-web-http", "zone", "clients"), two));
  // ... unless that path passes: only non-passing findings need covering.
  two.flows[0].paths[1].status = Status::kPass;
  CHECK(WaiverCovers(Scoped("lync-int-web-http", "device", "core-fw"), two));

  // Kinds without flows: every detail and location must name the device, as a whole name.
  RequirementResult hlb = listeners;
  hlb.details = {"service web-int: no listener on 10.1.0.100:80 (hlb)"};
  hlb.locations = {
      Location{"site.yaml", 36, 3, "service web-int: no listener on 10.1.0.100:80 (hlb)"}};
  CHECK(WaiverCovers(Scoped("lync-hlb-web-listeners", "device", "hlb"), hlb));
  CHECK_FALSE(WaiverCovers(Scoped("lync-hlb-web-listeners", "device", "hl"), hlb));
  CHECK_FALSE(WaiverCovers(Scoped("lync-hlb-web-listeners", "zone", "servers"), hlb));
  hlb.details.push_back("service web-ext: no listener on 10.2.0.100:8080 (hlb2)");
  CHECK_FALSE(WaiverCovers(Scoped("lync-hlb-web-listeners", "device", "hlb"), hlb));
}

TEST_CASE("waivers: applying attaches, expires and reports unused ones") {
  Parsed p = Parse(kTwoWaivers);
  REQUIRE(p.waivers);
  // The CRL waiver's requirement is not in the result: unused. The HTTP one covers its path.
  AuditResult audit = testing::SampleResult();
  Diagnostics diagnostics;
  ApplyWaivers(*p.waivers, "2026-11-25", audit, diagnostics);
  REQUIRE(audit.requirements[1].waiver.has_value());
  CHECK(audit.requirements[1].waiver->owner == "web-team");
  CHECK_FALSE(audit.requirements[0].waiver.has_value());
  CHECK(diagnostics.ErrorCount() == 0);
  REQUIRE(diagnostics.WarningCount() == 1);
  CHECK(FormatDiagnostic(diagnostics.All()[0])
            .rfind("waivers.yaml:2:5: warning: unused waiver for lync-edge-crl-http (device "
                   "edge-fw): the "
                   "requirement has no finding it covers\n",
                   0) == 0);
  CHECK_FALSE(CountsForGate(audit.requirements[1]));
  CHECK(CountsForGate(audit.requirements[0]));

  // The last day of a waiver still waives; the day after, it is an error and does not waive.
  AuditResult last_day = testing::SampleResult();
  Diagnostics d1;
  ApplyWaivers(*p.waivers, "2026-12-01", last_day, d1);
  CHECK(last_day.requirements[1].waiver.has_value());
  CHECK(d1.ErrorCount() == 0);
  AuditResult expired = testing::SampleResult();
  Diagnostics d2;
  ApplyWaivers(*p.waivers, "2026-12-02", expired, d2);
  CHECK_FALSE(expired.requirements[1].waiver.has_value());
  REQUIRE(d2.ErrorCount() == 1);
  CHECK(
      FormatDiagnostic(d2.All()[1])
          .rfind(
              "waivers.yaml:7:5: error: waiver for lync-int-web-http expired on 2026-12-01 (owner "
              "web-team)\n",
              0) == 0);
}

}  // namespace
}  // namespace flowaudit
