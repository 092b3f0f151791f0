// Baselines: finding keys, reading a JSON report back, and marking known requirements.
#include "src/gate/baseline.h"

#include <doctest/doctest.h>

#include <sstream>

#include "src/report/json_report.h"
#include "tests/report/sample_result.h"

namespace flowaudit {
namespace {

std::string JsonOf(const AuditResult& audit) {
  std::ostringstream out;
  RenderJsonReport(audit, ReportOptions{}, out);
  return out.str();
}

std::string Readable(std::string key) {
  for (char& c : key) c = c == '\x1f' ? '|' : c;
  return key;
}

TEST_CASE("baseline: finding keys per path for flows, per detail for other kinds") {
  AuditResult audit = testing::SampleResult();
  std::set<std::string> listeners = FindingKeys(audit.requirements[0]);
  REQUIRE(listeners.size() == 1);
  CHECK(Readable(*listeners.begin()) == "lync-hlb-web-listeners|fail|no listener on 10.1.0.100:80");
  std::set<std::string> http = FindingKeys(audit.requirements[1]);
  REQUIRE(http.size() == 1);
  CHECK(Readable(*http.begin()) ==
        "lync-int-web-http|fail|zone clients|service web-int VIP 10.1.0.100|tcp/80|clients -> "
        "core-fw -> servers -> hlb");
  CHECK(FindingKeys(audit.requirements[2]).empty());  // passes
}

TEST_CASE("baseline: the same result is known; a new path or status is not") {
  AuditResult before = testing::SampleResult();
  std::string error;
  std::optional<Baseline> baseline = ParseBaseline(JsonOf(before), &error);
  REQUIRE(baseline);
  CHECK(error == "");

  AuditResult same = testing::SampleResult();
  ApplyBaseline(*baseline, same);
  CHECK(same.requirements[0].baseline);
  CHECK(same.requirements[1].baseline);
  CHECK_FALSE(same.requirements[2].baseline);  // passing: nothing to know

  AuditResult worse = testing::SampleResult();
  PathResult other = worse.requirements[1].flows[0].paths[0];
  other.vertices = {"clients", "edge-fw", "servers", "hlb"};
  worse.requirements[1].flows[0].paths.push_back(other);
  worse.requirements[0].status = Status::kUnknown;
  worse.requirements[2].status = Status::kFail;  // newly broken
  worse.requirements[2].details = {"new"};
  ApplyBaseline(*baseline, worse);
  CHECK_FALSE(worse.requirements[0].baseline);
  CHECK_FALSE(worse.requirements[1].baseline);
  CHECK_FALSE(worse.requirements[2].baseline);

  // Fewer findings than before are still all known.
  AuditResult better = testing::SampleResult();
  better.requirements[0].status = Status::kPass;
  ApplyBaseline(*baseline, better);
  CHECK_FALSE(better.requirements[0].baseline);
  CHECK(better.requirements[1].baseline);
}

TEST_CASE("baseline: what is not a report is an error that says where") {
  std::string error;
  CHECK_FALSE(ParseBaseline("{\"requirements\": [", &error));
  CHECK(error.rfind("not JSON: parse error at line 1, column 19", 0) == 0);
  CHECK_FALSE(ParseBaseline("[1, 2]", &error));
  CHECK(error == "not a 'flowaudit check --format json' report: no 'requirements' list");
  CHECK_FALSE(ParseBaseline(R"({"requirements": [{"id": 3}]})", &error));
  CHECK(error == "requirements[0].id: expected a string");
  CHECK_FALSE(ParseBaseline(
      R"({"requirements": [{"id": "a", "status": "broken", "flows": [], "details": []}]})",
      &error));
  CHECK(error == "requirements[0].status: expected a status, got 'broken'");
  CHECK_FALSE(ParseBaseline(
      R"({"requirements": [{"id": "a", "status": "fail", "flows": [{"from": "x"}], "details": []}]})",
      &error));
  CHECK(error == "requirements[0].flows[0].to: expected a string");
  CHECK(ParseBaseline(R"({"requirements": []})", &error));
}

}  // namespace
}  // namespace flowaudit
