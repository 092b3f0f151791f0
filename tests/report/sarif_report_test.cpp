// The SARIF reporter on a hand-built AuditResult: rules, results on config lines, levels by
// severity, and fingerprints that ignore line numbers.
#include "src/report/sarif_report.h"

#include <doctest/doctest.h>

#include "tests/report/sample_result.h"

namespace flowaudit {
namespace {

TEST_CASE("sarif report: one rule per requirement, results for those that do not pass") {
  AuditResult audit = testing::SampleResult();
  audit.site_file = "site.yaml";
  OrderedJson j = AuditResultSarif(audit, testing::Options(false, "test"));
  CHECK(j["version"] == "2.1.0");
  const OrderedJson& run = j["runs"][0];
  CHECK(run["tool"]["driver"]["rules"].size() == 3);
  CHECK(run["tool"]["driver"]["rules"][1]["help"]["text"] ==
        "Address book and meeting content download over HTTP.\n"
        "Source: https://learn.microsoft.com/lync/ports");
  CHECK(run["tool"]["driver"]["rules"][0]["defaultConfiguration"]["level"] == "error");
  REQUIRE(run["results"].size() == 2);  // the passing requirement has none
  const OrderedJson& listeners = run["results"][0];
  CHECK(listeners["ruleId"] == "lync-hlb-web-listeners");
  CHECK(listeners["ruleIndex"] == 0);
  CHECK(listeners["level"] == "error");
  CHECK(listeners["message"]["text"] == "[fail] web-int listens on 443 but not 80");
  CHECK(listeners["locations"][0]["physicalLocation"].dump() ==
        R"({"artifactLocation":{"uri":"configs/hlb.conf","uriBaseId":"%SRCROOT%"},)"
        R"("region":{"startLine":3,"startColumn":1}})");
  CHECK(run["results"][1]["ruleIndex"] == 1);
}

TEST_CASE("sarif report: levels follow severity and status; fingerprints ignore lines") {
  AuditResult audit = testing::SampleResult();
  audit.requirements[1].severity = Level::kMedium;
  std::string before = AuditResultSarif(
      audit,
      ReportOptions{})["runs"][0]["results"][1]["partialFingerprints"]["flowauditFinding/v1"];
  CHECK(AuditResultSarif(audit, ReportOptions{})["runs"][0]["results"][1]["level"] == "warning");
  audit.requirements[1].locations[0].line = 40;  // the rule moved down the file
  std::string after = AuditResultSarif(
      audit,
      ReportOptions{})["runs"][0]["results"][1]["partialFingerprints"]["flowauditFinding/v1"];
  CHECK(before == after);
  CHECK(before.size() == 16);
  audit.requirements[1].status = Status::kUnknown;
  OrderedJson unknown = AuditResultSarif(audit, ReportOptions{})["runs"][0]["results"][1];
  CHECK(unknown["level"] == "warning");
  CHECK(unknown["partialFingerprints"]["flowauditFinding/v1"] != before);
  // Nothing located in a config: the site file is where to look.
  audit.requirements[1].locations.clear();
  audit.site_file = "site.yaml";
  CHECK(AuditResultSarif(audit, ReportOptions{})["runs"][0]["results"][1]["locations"][0]
                                                ["physicalLocation"]["artifactLocation"]["uri"] ==
        "site.yaml");
}

TEST_CASE("sarif report: waived results carry a suppression, known ones a baseline state") {
  OrderedJson results =
      AuditResultSarif(testing::WaivedAndKnown(), ReportOptions{})["runs"][0]["results"];
  REQUIRE(results.size() == 2);  // still reported, so code scanning shows them as suppressed
  CHECK(results[0]["suppressions"].dump() ==
        R"([{"kind":"external","status":"accepted","justification":"new HLB in March; CHG-7",)"
        R"("properties":{"owner":"web-team","expires":"2027-03-31"}}])");
  CHECK_FALSE(results[0].contains("baselineState"));
  CHECK(results[1]["baselineState"] == "unchanged");
  CHECK_FALSE(results[1].contains("suppressions"));
}

TEST_CASE("sarif report: paths from the repository root when the caller knows it") {
  ReportOptions options;
  options.repository_paths["configs/hlb.conf"] = "net/dc1/configs/hlb.conf";
  options.repository_root_uri = "file:///src/repo/";
  OrderedJson run = AuditResultSarif(testing::SampleResult(), options)["runs"][0];
  CHECK(run["originalUriBaseIds"].dump() == R"({"%SRCROOT%":{"uri":"file:///src/repo/"}})");
  CHECK(run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] ==
        "net/dc1/configs/hlb.conf");
  // A path the mapping does not know stays as it is.
  CHECK(run["results"][1]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] ==
        "configs/fw.rules");
  CHECK(AuditResultSarif(testing::SampleResult(), ReportOptions{})["runs"][0]["originalUriBaseIds"]
            .dump() == R"({"%SRCROOT%":{"uri":"./"}})");
}

}  // namespace
}  // namespace flowaudit
