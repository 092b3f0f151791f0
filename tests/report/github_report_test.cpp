// The github reporter: one workflow command per failing requirement, levels by severity,
// GitHub's escaping rules, and a summary line.
#include "src/report/github_report.h"

#include <doctest/doctest.h>

#include <sstream>

#include "tests/report/sample_result.h"

namespace flowaudit {
namespace {

std::string Render(const AuditResult& audit, const ReportOptions& options = {}) {
  std::ostringstream out;
  RenderGithubReport(audit, options, out);
  return out.str();
}

TEST_CASE("github report: an annotation per failing requirement and a summary line") {
  CHECK(Render(testing::SampleResult()) ==
        "::error file=configs/hlb.conf,line=3,col=1,title=lync-hlb-web-listeners::[fail] web-int "
        "listens on 443 but not 80\n"
        "::error file=configs/fw.rules,line=12,title=lync-int-web-http::[fail] clients cannot "
        "reach web-int on tcp/80\n"
        "::error title=flowaudit::2 of 3 requirements fail on site contoso\n");
}

TEST_CASE("github report: levels by severity; unknown is a warning; no file, no property") {
  AuditResult audit = testing::SampleResult();
  audit.requirements[0].severity = Level::kMedium;
  audit.requirements[1].severity = Level::kLow;
  audit.requirements[2].status = Status::kUnknown;
  audit.requirements[2].severity = Level::kCritical;
  audit.requirements[2].message = "depends on an unknown rule";
  std::string out = Render(audit);
  CHECK(out ==
        "::warning file=configs/hlb.conf,line=3,col=1,title=lync-hlb-web-listeners::[fail] "
        "web-int listens on 443 but not 80\n"
        "::notice file=configs/fw.rules,line=12,title=lync-int-web-http::[fail] clients cannot "
        "reach web-int on tcp/80\n"
        "::warning title=lync-int-web-https::[unknown] depends on an unknown rule\n"
        "::error title=flowaudit::3 of 3 requirements fail on site contoso\n");
  audit.requirements[1].severity = Level::kInfo;
  CHECK(Render(audit).find("::notice file=configs/fw.rules") != std::string::npos);
}

TEST_CASE("github report: escaping of data and properties; repository paths") {
  CHECK(EscapeGithubData("100% done\r\nnext: a,b") == "100%25 done%0D%0Anext: a,b");
  CHECK(EscapeGithubProperty("C:\\a,b%\n") == "C%3A\\a%2Cb%25%0A");
  AuditResult audit = testing::SampleResult();
  audit.requirements = {audit.requirements[0]};
  audit.requirements[0].message = "50% of\nlines";
  audit.requirements[0].locations[0].file = "dir,x/a:b.conf";
  ReportOptions options;
  options.repository_paths["examples/contoso/site.yaml"] = "net/examples/contoso/site.yaml";
  CHECK(Render(audit, options) ==
        "::error file=dir%2Cx/a%3Ab.conf,line=3,col=1,title=lync-hlb-web-listeners::[fail] 50%25 "
        "of%0Alines\n"
        "::error title=flowaudit::1 of 1 requirement fails on site contoso\n");
  options.repository_paths["dir,x/a:b.conf"] = "net/a.conf";
  CHECK(Render(audit, options).rfind("::error file=net/a.conf,line=3,", 0) == 0);
}

TEST_CASE("github report: waived and known requirements are notices; a clean run a notice") {
  AuditResult audit = testing::SampleResult();
  Waiver waiver;
  waiver.id = "lync-hlb-web-listeners";
  waiver.justification = "new HLB in March";
  waiver.owner = "web";
  waiver.expires = "2027-03-31";
  audit.requirements[0].waiver = waiver;
  audit.requirements[1].baseline = true;
  CHECK(Render(audit) ==
        "::notice file=configs/hlb.conf,line=3,col=1,title=lync-hlb-web-listeners (waived)::[fail] "
        "web-int listens on 443 but not 80 (waived until 2027-03-31 by web: new HLB in March)\n"
        "::notice file=configs/fw.rules,line=12,title=lync-int-web-http (known)::[fail] clients "
        "cannot reach web-int on tcp/80 (known: every finding is in the baseline)\n"
        "::notice title=flowaudit::all requirements pass (1 waived, 1 known from the baseline) on "
        "site contoso\n");
}

}  // namespace
}  // namespace flowaudit
