// --fail-on levels on hand-built results: what each word counts, and what never counts.
#include "src/gate/fail_on.h"

#include <doctest/doctest.h>

#include "tests/report/sample_result.h"

namespace flowaudit {
namespace {

bool Fails(const AuditResult& audit, const char* word) {
  std::optional<FailOn> fail_on = ParseFailOn(word);
  REQUIRE(fail_on);
  return ShouldFail(audit, *fail_on);
}

// Only passing requirements, no diagnostics.
AuditResult Clean() {
  AuditResult audit = testing::SampleResult();
  for (RequirementResult& r : audit.requirements) r.status = Status::kPass;
  audit.diagnostics = Diagnostics();
  return audit;
}

TEST_CASE("fail-on: a clean result passes every level") {
  for (const std::string& word : FailOnWords()) CHECK_FALSE(Fails(Clean(), word.c_str()));
}

TEST_CASE("fail-on: error counts failing requirements of severity low and above") {
  AuditResult audit = Clean();
  audit.requirements[1].status = Status::kPartial;  // high
  CHECK(Fails(audit, "error"));
  CHECK(Fails(audit, "warning"));
  CHECK(Fails(audit, "info"));
  CHECK(Fails(audit, "high"));
  CHECK_FALSE(Fails(audit, "critical"));
  CHECK_FALSE(Fails(audit, "never"));
  audit.requirements[1].severity = Level::kInfo;  // an info-severity failure: only `info`
  CHECK_FALSE(Fails(audit, "error"));
  CHECK_FALSE(Fails(audit, "warning"));
  CHECK(Fails(audit, "info"));
}

TEST_CASE("fail-on: warning adds warnings about the inputs; info adds info results") {
  AuditResult warned = Clean();
  SourceFilePtr file = MakeSourceFile("site.yaml", "x: 1\n");
  warned.diagnostics.Warning(RangeOf(file, "x"), "unknown key 'x'");
  CHECK_FALSE(Fails(warned, "error"));
  CHECK(Fails(warned, "warning"));
  CHECK(Fails(warned, "info"));
  CHECK_FALSE(Fails(warned, "never"));

  AuditResult info = Clean();
  info.requirements[2].status = Status::kInfo;
  CHECK_FALSE(Fails(info, "error"));
  CHECK_FALSE(Fails(info, "warning"));
  CHECK(Fails(info, "info"));
  info.requirements[2].baseline = true;  // a known info result does not count
  CHECK_FALSE(Fails(info, "info"));
}

TEST_CASE("fail-on: waived and baseline requirements do not count; an error always does") {
  AuditResult audit = Clean();
  audit.requirements[0].status = Status::kFail;
  audit.requirements[0].waiver = Waiver{};
  audit.requirements[1].status = Status::kUnknown;
  audit.requirements[1].baseline = true;
  CHECK_FALSE(Fails(audit, "error"));
  CHECK_FALSE(Fails(audit, "info"));
  audit.requirements[1].baseline = false;
  CHECK(Fails(audit, "error"));

  AuditResult expired = Clean();  // an expired waiver's error fails even a passing run
  SourceFilePtr file = MakeSourceFile("waivers.yaml", "- id: a\n");
  expired.diagnostics.Error(RangeOf(file, "id"), "waiver for a expired on 2020-01-01 (owner o)");
  CHECK(Fails(expired, "critical"));
  CHECK(Fails(expired, "error"));
  CHECK_FALSE(Fails(expired, "never"));
}

}  // namespace
}  // namespace flowaudit
