// The text reporter on a hand-built AuditResult: exact expected output.
#include "src/report/text_report.h"

#include <doctest/doctest.h>

#include <sstream>

#include "tests/report/sample_result.h"

namespace flowaudit {
namespace {

std::string Render(const AuditResult& result, bool color = false) {
  std::ostringstream out;
  RenderTextReport(result, testing::Options(color, "test"), out);
  return out.str();
}

TEST_CASE("text report: aligned requirement lines, failing flows traced, summary") {
  CHECK(Render(testing::SampleResult()) ==
        R"(site contoso (examples/contoso/site.yaml), packs: lync-2013
FAIL  critical  lync-hlb-web-listeners  web-int listens on 443 but not 80
  no listener on 10.1.0.100:80
  configs/hlb.conf:3: virtual server web-int-443
FAIL  high      lync-int-web-http       clients cannot reach web-int on tcp/80
  flow zone clients -> service web-int VIP 10.1.0.100 tcp/80: fail: no path delivers any packet
    path clients -> core-fw -> servers -> hlb: fail: no listener on 10.1.0.100:80
      dropped 10.10.0.1:49152 -> 10.1.0.100:80 tcp: dropped by hlb
        core-fw: in inside (clients), out dmz (servers)
          filter FORWARD: permit by configs/fw.rules:12: -A FORWARD -d 10.1.0.100 -j ACCEPT
        hlb: from servers
          virtual server: no listener
PASS  high      lync-int-web-https      all 1 flows allowed
3 requirements: 1 pass, 2 fail; 1 warning about the inputs
)");
}

TEST_CASE("text report: colour only on the status word, padding outside the escapes") {
  AuditResult result = testing::SampleResult();
  result.requirements.resize(1);
  result.requirements[0].status = Status::kPass;
  result.diagnostics = Diagnostics();
  CHECK(Render(result, true) ==
        "site contoso (examples/contoso/site.yaml), packs: lync-2013\n"
        "\033[32mPASS\033[0m  critical  lync-hlb-web-listeners  web-int listens on 443 but not 80\n"
        "1 requirement: 1 pass, 0 fail\n");
}

TEST_CASE("text report: an empty result") {
  AuditResult result;
  result.site = "lab";
  CHECK(Render(result) == "site lab, packs: none\n0 requirements: 0 pass, 0 fail\n");
}

TEST_CASE("trace text: a delivered witness of a must-deny flow") {
  Trace trace;
  trace.packet = testing::SamplePacket(443);
  trace.outcome = "delivered to 10.1.0.100:443";
  Hop hop{"core-fw", "outside", "", "", "", {}};
  hop.steps.push_back(
      Step{"filter FORWARD", "deny", RuleRef{"core-fw", "FORWARD", "", 0, "", "policy DROP"}});
  trace.hops = {hop};
  std::ostringstream out;
  RenderTraceText(trace, "path 1:", "", out);
  CHECK(out.str() ==
        "path 1: 10.10.0.1:49152 -> 10.1.0.100:443 tcp: delivered to 10.1.0.100:443\n"
        "  core-fw: in outside\n"
        "    filter FORWARD: deny by policy DROP\n");
}

TEST_CASE("text report: waived and known requirements say so under their line") {
  std::string text = Render(testing::WaivedAndKnown());
  CHECK(text.find("FAIL  critical  lync-hlb-web-listeners  web-int listens on 443 but not 80\n"
                  "  waived until 2027-03-31 by web-team (device hlb): new HLB in March; CHG-7\n"
                  "  no listener on 10.1.0.100:80\n") != std::string::npos);
  CHECK(text.find("FAIL  high      lync-int-web-http       clients cannot reach web-int on tcp/80\n"
                  "  known: every finding is in the baseline\n") != std::string::npos);
  CHECK(text.find("\n3 requirements: 1 pass, 2 fail; 1 waived; 1 known from the baseline; 1 "
                  "warning about the inputs\n") != std::string::npos);
}

}  // namespace
}  // namespace flowaudit
