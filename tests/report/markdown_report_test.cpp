// The markdown reporter on a hand-built AuditResult: verdict, table, details, diagnostics, and
// escaping of everything that comes from the inputs.
#include "src/report/markdown_report.h"

#include <doctest/doctest.h>

#include <sstream>

#include "tests/report/sample_result.h"

namespace flowaudit {
namespace {

std::string Render(const AuditResult& audit) {
  std::ostringstream out;
  RenderMarkdownReport(audit, ReportOptions{}, out);
  return out.str();
}

TEST_CASE("markdown report: verdict, table, details per requirement, diagnostics") {
  CHECK(Render(testing::SampleResult()) ==
        R"MD(**flowaudit: 2 of 3 requirements fail** on site contoso

1 pass · 2 fail · 1 warning about the inputs

| status | severity | requirement | message | location |
|---|---|---|---|---|
| fail | critical | lync-hlb-web-listeners | web-int listens on 443 but not 80 | [configs/hlb.conf:3](configs/hlb.conf#L3) |
| fail | high | lync-int-web-http | clients cannot reach web-int on tcp/80 | [configs/fw.rules:12](configs/fw.rules#L12) |

<details><summary>lync-hlb-web-listeners: fail</summary>

HLB listens on 80 and 443

- no listener on 10.1.0.100:80
- at [configs/hlb.conf:3](configs/hlb.conf#L3): virtual server web-int-443

</details>

<details><summary>lync-int-web-http: fail</summary>

Clients reach internal web services on TCP 80

- flow zone clients -> service web-int VIP 10.1.0.100 tcp/80: fail: no path delivers any packet
  - path clients -> core-fw -> servers -> hlb: fail: no listener on 10.1.0.100:80
    - dropped 10.10.0.0/16 -> 10.1.0.100 tcp/80
- at [configs/fw.rules:12](configs/fw.rules#L12): rule on the path

</details>

**Diagnostics**

- examples/contoso/site.yaml:2:1: warning: unknown key 'flag'
)MD");
}

TEST_CASE("markdown report: all pass; one failure; no table without findings") {
  AuditResult audit = testing::SampleResult();
  audit.requirements = {audit.requirements[2]};
  audit.diagnostics = Diagnostics();
  CHECK(Render(audit) ==
        "**flowaudit: all requirements pass** on site contoso\n\n1 pass · 0 fail\n");
  AuditResult one = testing::SampleResult();
  one.requirements.pop_back();
  one.requirements[0].status = Status::kPass;
  CHECK(Render(one).rfind("**flowaudit: 1 of 2 requirements fails** on site contoso\n", 0) == 0);
}

TEST_CASE("markdown report: pipes and markdown in cells are escaped; links encode the target") {
  CHECK(EscapeMarkdown("a|b *c* _d_ `e` [f](g) <script> ~~h~~ & \\ -> #1\nnext") ==
        "a\\|b \\*c\\* \\_d\\_ \\`e\\` \\[f\\](g) \\<script> \\~\\~h\\~\\~ \\& \\\\ -> #1 next");
  AuditResult audit = testing::SampleResult();
  audit.requirements = {audit.requirements[0]};
  audit.diagnostics = Diagnostics();
  audit.site = "dc|1";
  audit.requirements[0].message = "port 80 | 443 *both*";
  audit.requirements[0].locations[0].file = "my configs/hlb (new).conf";
  std::string out = Render(audit);
  CHECK(out.rfind("**flowaudit: 1 of 1 requirement fails** on site dc\\|1\n", 0) == 0);
  CHECK(out.find("| fail | critical | lync-hlb-web-listeners | port 80 \\| 443 \\*both\\* | "
                 "[my configs/hlb (new).conf:3](my%20configs/hlb%20%28new%29.conf#L3) |\n") !=
        std::string::npos);
}

TEST_CASE("markdown report: waived and known requirements") {
  AuditResult audit = testing::SampleResult();
  audit.diagnostics = Diagnostics();
  Waiver waiver;
  waiver.id = "lync-hlb-web-listeners";
  waiver.scope_kind = "device";
  waiver.scope_value = "hlb";
  waiver.justification = "new HLB in March";
  waiver.owner = "web";
  waiver.expires = "2027-03-31";
  audit.requirements[0].waiver = waiver;
  audit.requirements[1].baseline = true;
  std::string out = Render(audit);
  CHECK(out.rfind("**flowaudit: all requirements pass (1 waived, 1 known from the baseline)** on "
                  "site contoso\n",
                  0) == 0);
  CHECK(out.find("| fail (waived) | critical | lync-hlb-web-listeners |") != std::string::npos);
  CHECK(out.find("| fail (known) | high | lync-int-web-http |") != std::string::npos);
  CHECK(out.find("<details><summary>lync-hlb-web-listeners: fail (waived)</summary>\n\nHLB listens "
                 "on 80 and 443\n\n*waived until 2027-03-31 by web (device hlb): new HLB in "
                 "March*\n\n") != std::string::npos);
  CHECK(out.find("*known: every finding is in the baseline*\n") != std::string::npos);
}

}  // namespace
}  // namespace flowaudit
