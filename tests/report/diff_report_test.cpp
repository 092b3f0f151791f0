// The diff reporters on a hand-made DiffResult: every format names the changed packets, the
// rules on both sides and the requirement changes, and escapes what it must.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "src/report/diff_reporter.h"

namespace flowaudit {
namespace {

RuleRef Rule(const std::string& file, int line, const std::string& action,
             const std::string& text) {
  RuleRef r;
  r.device = "fw";
  r.filter = "FORWARD";
  r.file = file;
  r.line = line;
  r.action = action;
  r.text = text;
  return r;
}

DiffResult Sample() {
  DiffResult d;
  d.subject = "site";
  d.before = "HEAD:site.yaml";
  d.after = "site.yaml";
  RequirementChange r;
  r.id = "lync-int-web-http";
  r.title = "Clients reach the internal web VIP on tcp/80";
  r.severity = Level::kHigh;
  r.change = "newly-failing";
  r.before = Status::kPass;
  r.after = Status::kFail;
  r.message_after = "dropped by fw | policy DROP";
  r.details = {"tcp/80 zone clients to VIP: pass -> fail"};
  r.locations = {{"configs/fw.rules", 4, 0, ""}};
  d.requirements.push_back(r);
  FilterDiff f;
  f.device = "fw";
  f.filter = "FORWARD";
  f.status = "changed";
  PacketChange c;
  c.kind = "newly-denied";
  c.context = "in=eth0";
  c.packets = {"10.10.0.0/16 -> 10.1.0.100 tcp/80"};
  c.verdict_before = "permit";
  c.verdict_after = "deny";
  c.before = Rule("HEAD:configs/fw.rules", 12, "ACCEPT", "-A FORWARD -p tcp --dport 80 -j ACCEPT");
  c.after = Rule("configs/fw.rules", 4, "policy DROP", ":FORWARD DROP [0:0]");
  f.changes.push_back(c);
  f.no_effect.push_back({"moved", Rule("HEAD:configs/fw.rules", 13, "ACCEPT", "-A FORWARD -j X"),
                         Rule("configs/fw.rules", 14, "ACCEPT", "-A FORWARD -j X")});
  d.filters.push_back(f);
  return d;
}

std::string Render(void (*render)(const DiffResult&, const ReportOptions&, std::ostream&)) {
  std::ostringstream out;
  render(Sample(), ReportOptions{}, out);
  return out.str();
}

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST_CASE("diff reporters: every check format has a diff reporter") {
  CHECK(DiffReporterIds() ==
        std::vector<std::string>{"github", "json", "junit", "markdown", "sarif", "text"});
  CHECK(FindDiffReporter("html") == nullptr);
}

TEST_CASE("diff sarif: a result per newly failing requirement and per changed rule") {
  nlohmann::json j = nlohmann::json::parse(Render(RenderDiffSarif));
  const auto& run = j["runs"][0];
  REQUIRE(run["results"].size() == 2);
  CHECK(run["results"][0]["ruleId"] == "lync-int-web-http");
  CHECK(run["results"][0]["level"] == "error");
  CHECK(run["results"][1]["ruleId"] == "flowaudit-diff/newly-denied");
  CHECK(run["results"][1]["locations"][0]["physicalLocation"]["region"]["startLine"] == 4);
  CHECK(run["tool"]["driver"]["rules"].size() == 2);
}

TEST_CASE("diff junit: newly failing requirements and changed filters are failures") {
  std::string xml = Render(RenderDiffJunit);
  CHECK(Has(xml, "tests=\"2\" failures=\"2\""));
  CHECK(Has(xml, "<testcase name=\"fw FORWARD\" classname=\"filters\""));
  CHECK(Has(xml, "before: HEAD:configs/fw.rules:12 ACCEPT"));
}

TEST_CASE("diff text: requirements, then packets with both rules, then rules without effect") {
  std::string text = Render(RenderDiffText);
  CHECK(Has(text, "NEWLY FAILING  lync-int-web-http (high): pass -> fail"));
  CHECK(Has(text, "NEWLY DENIED [in=eth0] (permit -> deny)"));
  CHECK(
      Has(text, "before: HEAD:configs/fw.rules:12 ACCEPT  -A FORWARD -p tcp --dport 80 -j ACCEPT"));
  CHECK(Has(text, "after:  configs/fw.rules:4 policy DROP"));
  CHECK(Has(text,
            "no effective change: moved HEAD:configs/fw.rules:13 ACCEPT -> configs/fw.rules:14"));
  CHECK(Has(text, "1 filter changed: 1 newly denied; 1 requirement newly failing"));
}

TEST_CASE("diff json: stable keys and values") {
  nlohmann::json j = nlohmann::json::parse(Render(RenderDiffJson));
  CHECK(j["subject"] == "site");
  CHECK(j["requirements"][0]["change"] == "newly-failing");
  CHECK(j["requirements"][0]["before"] == "pass");
  CHECK(j["filters"][0]["changes"][0]["before"]["line"] == 12);
  CHECK(j["filters"][0]["changes"][0]["after"]["action"] == "policy DROP");
  CHECK(j["filters"][0]["changes"][0]["witness"].is_null());
  CHECK(j["filters"][0]["no_effect"][0]["change"] == "moved");
  CHECK(j["filters"][0]["note"].is_null());
}

TEST_CASE("diff markdown: verdict, escaped cells, links to the AFTER lines") {
  std::string md = Render(RenderDiffMarkdown);
  CHECK(md.rfind("### flowaudit diff: **1 requirement newly failing**", 0) == 0);
  CHECK(Has(md, "[lync-int-web-http](configs/fw.rules#L4)"));
  CHECK(Has(md, "dropped by fw \\| policy DROP"));
  CHECK(Has(md, "| **newly denied** |"));
  CHECK(Has(md, "[configs/fw.rules:4](configs/fw.rules#L4) `policy DROP`"));
  CHECK(Has(md, "<details><summary>Rules with no effective change (1)</summary>"));
}

TEST_CASE("diff github: an error per newly failing requirement, a warning per changed rule") {
  std::string gh = Render(RenderDiffGithub);
  CHECK(Has(gh,
            "::error file=configs/fw.rules,line=4,title=flowaudit lync-int-web-http::"
            "lync-int-web-http newly failing: dropped by fw | policy DROP\n"));
  CHECK(Has(gh,
            "::warning file=configs/fw.rules,line=4,title=flowaudit newly denied::fw FORWARD "
            "newly denied: 10.10.0.0/16 -> 10.1.0.100 tcp/80 (before: HEAD:configs/fw.rules:12 "
            "ACCEPT)\n"));
}

}  // namespace
}  // namespace flowaudit
