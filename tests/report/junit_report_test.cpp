// The JUnit reporter on a hand-built AuditResult: suites per pack, failures with their
// findings and deciding lines, escaping.
#include "src/report/junit_report.h"

#include <doctest/doctest.h>

#include <sstream>

#include "tests/report/sample_result.h"

namespace flowaudit {
namespace {

std::string Render(const AuditResult& audit) {
  std::ostringstream out;
  ReportOptions options = testing::Options(false, "test");
  options.timestamp = "2026-11-25T06:00:00";
  options.hostname = "ci-runner";
  RenderJunitReport(audit, options, out);
  return out.str();
}

TEST_CASE("junit report: one suite per pack, a failure per requirement that does not pass") {
  AuditResult audit = testing::SampleResult();
  audit.site = "contoso";
  audit.packs = {"lync-2013"};
  std::string xml = Render(audit);
  CHECK(xml.find("<testsuite name=\"lync-2013\" package=\"flowaudit.contoso\" id=\"0\" "
                 "timestamp=\"2026-11-25T06:00:00\" hostname=\"ci-runner\" tests=\"3\" "
                 "failures=\"2\" errors=\"0\" skipped=\"0\" time=\"0\">") != std::string::npos);
  CHECK(xml.find("<testcase name=\"lync-hlb-web-listeners\" classname=\"lync-2013\" "
                 "time=\"0\">\n      <failure type=\"fail\" message=\"[critical] web-int listens "
                 "on 443 but not 80\">web-int listens on 443 but not 80\n  no listener on "
                 "10.1.0.100:80\n  at configs/hlb.conf:3: virtual server web-int-443\n"
                 "</failure>") != std::string::npos);
  // The passing requirement is a testcase without a failure.
  CHECK(xml.find("<testcase name=\"lync-int-web-https\" classname=\"lync-2013\" time=\"0\">\n"
                 "    </testcase>") != std::string::npos);
}

TEST_CASE("junit report: markup in messages is escaped; not-applicable is skipped") {
  AuditResult audit = testing::SampleResult();
  audit.requirements[0].message = "a <b> & \"c\"";
  audit.requirements[2].status = Status::kNotApplicable;
  std::string xml = Render(audit);
  CHECK(xml.find("message=\"[critical] a &lt;b&gt; &amp; &quot;c&quot;\"") != std::string::npos);
  CHECK(xml.find("<skipped message=\"all 1 flows allowed\"/>") != std::string::npos);
  CHECK(xml.find("skipped=\"1\"") != std::string::npos);
}

TEST_CASE("junit report: waived and known requirements are skipped, not failures") {
  std::string xml = Render(testing::WaivedAndKnown());
  CHECK(xml.find("failures=\"0\" errors=\"0\" skipped=\"2\"") != std::string::npos);
  CHECK(xml.find("<testcase name=\"lync-hlb-web-listeners\" classname=\"lync-2013\" time=\"0\">\n"
                 "      <skipped message=\"waived until 2027-03-31 by web-team (device hlb): new "
                 "HLB in March; CHG-7\"/>\n") != std::string::npos);
  CHECK(xml.find("<skipped message=\"known (in the baseline): [fail] clients cannot reach web-int "
                 "on tcp/80\"/>") != std::string::npos);
  CHECK(xml.find("<failure") == std::string::npos);
}

}  // namespace
}  // namespace flowaudit
