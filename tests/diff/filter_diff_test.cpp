// The filter diff against the concrete evaluator: on generated rulesets and one-rule edits,
// a packet lies in a reported change exactly when the two filters decide it differently, and
// the change names the rules that decide it on each side.
#include "src/diff/filter_diff.h"

#include <doctest/doctest.h>

#include <random>
#include <sstream>

#include "importers/importer.h"

namespace flowaudit {
namespace {

Device Import(const std::string& name, const std::string& text) {
  Diagnostics diagnostics;
  Device device =
      FindImporter("iptables")->create()->Import(MakeSourceFile(name, text), diagnostics);
  for (const Diagnostic& d : diagnostics.All()) MESSAGE(FormatDiagnostic(d));
  REQUIRE_FALSE(diagnostics.HasErrors());
  return device;
}

FilterDiff Diff(const std::string& before, const std::string& after) {
  Device b = Import("before.rules", before), a = Import("after.rules", after);
  return DiffFilter("fw", "FORWARD", b.filters.at("FORWARD"), a.filters.at("FORWARD"));
}

Prefix Net(const char* text) {
  std::string error;
  return *ParsePrefix(text, &error);
}

const char* kHead = "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n";

TEST_CASE("filter diff: an added accept rule newly permits exactly its packets") {
  std::string before =
      std::string(kHead) + "-A FORWARD -d 10.1.0.100 -p tcp --dport 443 -j ACCEPT\nCOMMIT\n";
  std::string after = std::string(kHead) +
                      "-A FORWARD -d 10.1.0.100 -p tcp --dport 443 -j ACCEPT\n"
                      "-A FORWARD -s 10.10.0.0/16 -d 10.1.0.100 -p tcp --dport 80 -j ACCEPT\n"
                      "COMMIT\n";
  FilterDiff d = Diff(before, after);
  CHECK(d.status == "changed");
  REQUIRE(d.changes.size() == 1);
  const PacketChange& c = d.changes[0];
  CHECK(c.kind == "newly-permitted");
  CHECK(c.before.action == "policy DROP");
  CHECK(c.after.file == "after.rules");
  CHECK(c.after.line == 6);
  CHECK(c.set == (PacketSet::SourcePrefix(Net("10.10.0.0/16")) &
                  PacketSet::DestinationPrefix(Net("10.1.0.100/32")) & PacketSet::Protocol(6) &
                  PacketSet::FieldEquals(Field::kDstPort, 80)));
  CHECK(d.no_effect.empty());
}

TEST_CASE("filter diff: a shadowed rule and a move that changes nothing are no effective change") {
  std::string before = std::string(kHead) +
                       "-A FORWARD -d 10.1.0.0/24 -j ACCEPT\n"
                       "-A FORWARD -d 10.2.0.1 -p tcp --dport 22 -j ACCEPT\n"
                       "-A FORWARD -d 10.3.0.1 -p udp --dport 53 -j ACCEPT\nCOMMIT\n";
  std::string after = std::string(kHead) +
                      "-A FORWARD -d 10.1.0.0/24 -j ACCEPT\n"
                      "-A FORWARD -d 10.1.0.7 -p tcp --dport 80 -j ACCEPT\n"  // shadowed
                      "-A FORWARD -d 10.3.0.1 -p udp --dport 53 -j ACCEPT\n"
                      "-A FORWARD -d 10.2.0.1 -p tcp --dport 22 -j ACCEPT\nCOMMIT\n";
  FilterDiff d = Diff(before, after);
  CHECK(d.status == "unchanged");
  CHECK(d.changes.empty());
  std::vector<std::string> kinds;
  for (const IneffectiveRule& r : d.no_effect) kinds.push_back(r.change);
  CHECK(kinds == std::vector<std::string>{"moved", "moved", "added"});
}

TEST_CASE("filter diff: an identical file has nothing to compare") {
  std::string rules = std::string(kHead) + "-A FORWARD -p tcp --dport 80 -j ACCEPT\nCOMMIT\n";
  FilterDiff d = Diff(rules, rules);
  CHECK(d.status == "unchanged");
  CHECK(d.changes.empty());
  CHECK(d.no_effect.empty());
}

TEST_CASE("filter diff: a policy change compares every packet") {
  std::string before = std::string(kHead) + "-A FORWARD -p tcp --dport 80 -j DROP\nCOMMIT\n";
  std::string after = before;
  after.replace(after.find(":FORWARD DROP"), 13, ":FORWARD ACCEPT");
  FilterDiff d = Diff(before, after);
  REQUIRE(d.changes.size() == 1);
  CHECK(d.changes[0].kind == "newly-permitted");
  PacketSet ipv4 = PacketSet::OfFamily(Family::kIpv4);  // an iptables-save dump is IPv4 only
  CHECK(d.changes[0].set ==
        (ipv4 - (PacketSet::Protocol(6) & PacketSet::FieldEquals(Field::kDstPort, 80))));
}

// --- Generated rulesets -------------------------------------------------------------------

struct Generator {
  std::mt19937 rng;
  explicit Generator(unsigned seed) : rng(seed) {}
  int Pick(int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); }
  std::string Host() { return "10.0.0." + std::to_string(Pick(8)); }
  std::string Rule(const std::string& chain, bool may_jump) {
    std::ostringstream r;
    r << "-A " << chain;
    if (Pick(3) == 0) r << " -s " << Host() << (Pick(2) ? "/30" : "");
    if (Pick(2) == 0) r << " -d " << Host() << (Pick(2) ? "/31" : "");
    if (Pick(4) == 0) r << (Pick(2) ? " -i eth0" : " ! -i eth1");
    int proto = Pick(3);
    if (proto == 1) r << " -p tcp --dport " << (Pick(2) ? "80" : "443");
    if (proto == 2) r << " -p udp --dport 53";
    int action = Pick(may_jump ? 6 : 4);
    const char* actions[] = {" -j ACCEPT", " -j DROP", " -j REJECT",
                             " -j RETURN", " -j USER", " -j LOG"};
    r << actions[action];
    return r.str();
  }
};

std::string Render(const std::vector<std::string>& forward, const std::vector<std::string>& user,
                   const std::string& policy) {
  std::string text = "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD " + policy +
                     " [0:0]\n:OUTPUT ACCEPT [0:0]\n:USER - [0:0]\n";
  for (const std::string& r : forward) text += r + "\n";
  for (const std::string& r : user) text += r + "\n";
  return text + "COMMIT\n";
}

// One random edit: add, remove, replace or move a rule of one chain.
void Edit(Generator& g, std::vector<std::string>& rules, const std::string& chain, bool jumps) {
  int what = rules.empty() ? 0 : g.Pick(4);
  size_t at = rules.empty() ? 0 : static_cast<size_t>(g.Pick(static_cast<int>(rules.size())));
  if (what == 0) {
    rules.insert(rules.begin() + static_cast<long>(at), g.Rule(chain, jumps));
  } else if (what == 1) {
    rules.erase(rules.begin() + static_cast<long>(at));
  } else if (what == 2) {
    rules[at] = g.Rule(chain, jumps);
  } else {
    std::string moved = rules[at];
    rules.erase(rules.begin() + static_cast<long>(at));
    size_t to = static_cast<size_t>(g.Pick(static_cast<int>(rules.size()) + 1));
    rules.insert(rules.begin() + static_cast<long>(to), moved);
  }
}

Packet RandomPacket(Generator& g) {
  Packet p;
  p.src = ParseIpAddress("10.0.0." + std::to_string(g.Pick(8)))->value;
  p.dst = ParseIpAddress("10.0.0." + std::to_string(g.Pick(8)))->value;
  int proto = g.Pick(3);
  p.protocol = static_cast<uint8_t>(proto == 0 ? 6 : proto == 1 ? 17 : 1);
  if (proto == 0) p.dst_port = g.Pick(2) ? 80 : 443;
  if (proto == 1) p.dst_port = g.Pick(2) ? 53 : 54;
  if (proto != 2) p.src_port = 40000;
  return p;
}

// True when a rule the FORWARD chain can reach names interface `in`.
bool Names(const std::string& text, const std::string& in) {
  bool user_reached = text.find("-j USER") != std::string::npos;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    bool reachable =
        line.rfind("-A FORWARD", 0) == 0 || (user_reached && line.rfind("-A USER", 0) == 0);
    if (reachable && line.find("-i " + in) != std::string::npos) return true;
  }
  return false;
}

int LineOf(const Decision& d) {
  if (d.rule)
    return d.rule->location.IsValid() ? static_cast<int>(d.rule->location.Start().line) : 0;
  return d.chain && d.chain->location.IsValid() ? static_cast<int>(d.chain->location.Start().line)
                                                : 0;
}

TEST_CASE("filter diff: agrees with the concrete evaluator on 300 generated one-rule edits") {
  Generator g(20261125);
  int compared = 0, differing = 0;
  for (int round = 0; round < 300; ++round) {
    std::vector<std::string> forward, user;
    for (int i = 0, n = 3 + g.Pick(8); i < n; ++i) forward.push_back(g.Rule("FORWARD", true));
    for (int i = 0, n = g.Pick(5); i < n; ++i) user.push_back(g.Rule("USER", false));
    std::string policy = g.Pick(2) ? "DROP" : "ACCEPT";
    std::string before_text = Render(forward, user, policy);
    if (g.Pick(3) == 0 && !user.empty()) {
      Edit(g, user, "USER", false);
    } else {
      Edit(g, forward, "FORWARD", true);
    }
    if (g.Pick(20) == 0) policy = policy == "DROP" ? "ACCEPT" : "DROP";
    std::string after_text = Render(forward, user, policy);
    Device b = Import("b.rules", before_text), a = Import("a.rules", after_text);
    const Filter& fb = b.filters.at("FORWARD");
    const Filter& fa = a.filters.at("FORWARD");
    FilterDiff d = DiffFilter("fw", "FORWARD", fb, fa);
    CAPTURE(before_text);
    CAPTURE(after_text);
    for (std::string in : {"eth0", "eth1", "eth9"}) {
      MatchContext context{in, "", "", ""};
      // The diff names contexts by the interfaces the rules mention; eth9 is "(other)".
      for (int i = 0; i < 60; ++i) {
        Packet p = RandomPacket(g);
        Decision db = fb.Evaluate(p, context), da = fa.Evaluate(p, context);
        const PacketChange* hit = nullptr;
        // A change lists its contexts ("in=eth0, in=(other)"), none when it holds in all.
        // An interface no reachable rule names is "(other)".
        bool named = Names(before_text, in) || Names(after_text, in);
        std::string mine = "in=" + (named ? in : std::string("(other)"));
        for (const PacketChange& c : d.changes) {
          std::string list = ", " + c.context + ",";
          bool same_context =
              c.context.empty() || list.find(", " + mine + ",") != std::string::npos;
          if (same_context && c.set.Contains(p)) hit = &c;
        }
        bool changed = db.verdict != da.verdict;
        ++compared;
        CAPTURE(p.ToString());
        CAPTURE(in);
        CHECK(changed == (hit != nullptr));
        if (changed && hit) {
          ++differing;
          CHECK(hit->verdict_before == VerdictName(db.verdict));
          CHECK(hit->verdict_after == VerdictName(da.verdict));
          CHECK(hit->before.line == LineOf(db));
          CHECK(hit->after.line == LineOf(da));
        }
      }
    }
  }
  MESSAGE("compared " << compared << " packets, " << differing << " with a changed verdict");
  CHECK(differing > 500);
}

}  // namespace
}  // namespace flowaudit
