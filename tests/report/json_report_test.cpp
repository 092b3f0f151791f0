// The JSON reporter on a hand-built AuditResult: the documented schema
// (src/report/json_schema.md), keys in their documented order.
#include "src/report/json_report.h"

#include <doctest/doctest.h>

#include <sstream>

#include "src/report/reporter.h"
#include "tests/report/sample_result.h"

namespace flowaudit {
namespace {

TEST_CASE("json report: top level, summary and the passing requirement") {
  OrderedJson j = AuditResultJson(testing::SampleResult(), testing::Options(false, "test"));
  std::vector<std::string> keys;
  for (auto it = j.begin(); it != j.end(); ++it) keys.push_back(it.key());
  CHECK(keys == std::vector<std::string>{"flowaudit", "site", "site_file", "packs", "summary",
                                         "requirements", "diagnostics"});
  CHECK(j["summary"].dump() ==
        R"({"pass":1,"fail":2,"partial":0,"unknown":0,"info":0,"not-applicable":0})");
  CHECK(j["requirements"][2].dump() ==
        R"({"id":"lync-int-web-https","pack":"lync-2013",)"
        R"("title":"Clients reach internal web services on TCP 443","severity":"high",)"
        R"("kind":"flow","status":"pass","message":"all 1 flows allowed",)"
        R"("rationale":"Address book and meeting content download over HTTP.",)"
        R"("sources":["https://learn.microsoft.com/lync/ports"],)"
        R"("flows":[{"from":"zone clients","to":"service web-int VIP 10.1.0.100",)"
        R"("service":"tcp/443","status":"pass","message":"","paths":[]}],)"
        R"("details":[],"locations":[],"waiver":null,"baseline":false})");
  CHECK(j["diagnostics"].dump() ==
        R"([{"severity":"warning","file":"examples/contoso/site.yaml","line":2,"column":1,)"
        R"("message":"unknown key 'flag'"}])");
}

TEST_CASE("json report: a failing flow with its dropped witness traced hop by hop") {
  OrderedJson j = AuditResultJson(testing::SampleResult(), testing::Options(false, "test"));
  CHECK(j["requirements"][1]["flows"][0]["paths"][0].dump() ==
        R"({"vertices":["clients","core-fw","servers","hlb"],"status":"fail",)"
        R"("reason":"no listener on 10.1.0.100:80","delivered":[],)"
        R"("dropped":["10.10.0.0/16 -> 10.1.0.100 tcp/80"],"unknown":[],)"
        R"("delivered_witness":null,)"
        R"("dropped_witness":{"packet":{"src":"10.10.0.1","dst":"10.1.0.100","protocol":"tcp",)"
        R"("dport":80,"sport":49152},"outcome":"dropped by hlb","hops":[)"
        R"({"device":"core-fw","in":"inside","out":"dmz","from_zone":"clients",)"
        R"("to_zone":"servers","steps":[{"stage":"filter FORWARD","outcome":"permit",)"
        R"("rule":{"device":"core-fw","filter":"FORWARD","file":"configs/fw.rules","line":12,)"
        R"("text":"-A FORWARD -d 10.1.0.100 -j ACCEPT","action":"ACCEPT"}}]},)"
        R"({"device":"hlb","in":null,"out":null,"from_zone":"servers","to_zone":null,)"
        R"("steps":[{"stage":"virtual server","outcome":"no listener",)"
        R"("rule":{"device":"hlb","filter":"virtual-servers","file":null,"line":null,)"
        R"("text":null,"action":"no listener"}}]}]},)"
        R"("unknown_witness":null})");
  CHECK(j["requirements"][0]["locations"].dump() ==
        R"([{"file":"configs/hlb.conf","line":3,"column":1,)"
        R"("message":"virtual server web-int-443"}])");
}

TEST_CASE("json report: rendered through the reporter table, pretty-printed, one newline") {
  const ReporterInfo* json = FindReporter("json");
  REQUIRE(json != nullptr);
  AuditResult result;
  result.site = "lab";
  result.site_file = "lab.yaml";
  result.packs = {"baseline"};
  std::ostringstream out;
  json->render(result, testing::Options(false, "0.1.0"), out);
  CHECK(out.str() == R"({
  "flowaudit": "0.1.0",
  "site": "lab",
  "site_file": "lab.yaml",
  "packs": [
    "baseline"
  ],
  "summary": {
    "pass": 0,
    "fail": 0,
    "partial": 0,
    "unknown": 0,
    "info": 0,
    "not-applicable": 0
  },
  "requirements": [],
  "diagnostics": []
}
)");
}

TEST_CASE("json report: packets of every shape; bad UTF-8 in config text does not throw") {
  Packet icmp = testing::SamplePacket(0);
  icmp.protocol = protocol::kIcmp;
  icmp.src_port = 0;
  icmp.icmp_type = 8;
  CHECK(PacketJson(icmp).dump() ==
        R"({"src":"10.10.0.1","dst":"10.1.0.100","protocol":"icmp","type":8,"code":0})");
  Packet gre = icmp;
  gre.protocol = protocol::kGre;
  CHECK(PacketJson(gre).dump() == R"({"src":"10.10.0.1","dst":"10.1.0.100","protocol":"gre"})");
  AuditResult result;
  result.site = "caf\xe9";  // Latin-1
  std::ostringstream out;
  RenderJsonReport(result, testing::Options(false, "test"), out);
  CHECK(out.str().find("\"site\": \"caf\xef\xbf\xbd\"") != std::string::npos);
}

TEST_CASE("reporter table: sorted ids") {
  CHECK(ReporterIds() ==
        std::vector<std::string>{"github", "json", "junit", "markdown", "sarif", "text"});
  CHECK(FindReporter("xml") == nullptr);
}

TEST_CASE("json report: waiver object and baseline flag") {
  OrderedJson j = AuditResultJson(testing::WaivedAndKnown(), ReportOptions{});
  CHECK(j["requirements"][0]["waiver"].dump() ==
        R"({"id":"lync-hlb-web-listeners","scope":{"device":"hlb"},)"
        R"("justification":"new HLB in March; CHG-7","owner":"web-team","expires":"2027-03-31",)"
        R"("file":"waivers.yaml","line":2})");
  CHECK(j["requirements"][0]["baseline"] == false);
  CHECK(j["requirements"][1]["waiver"].is_null());
  CHECK(j["requirements"][1]["baseline"] == true);
  AuditResult whole = testing::WaivedAndKnown();
  whole.requirements[0].waiver->scope_kind.clear();
  CHECK(AuditResultJson(whole, ReportOptions{})["requirements"][0]["waiver"]["scope"].is_null());
}

}  // namespace
}  // namespace flowaudit
