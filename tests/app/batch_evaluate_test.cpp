// EvaluateEach (rule-major, indexed) against Filter::Evaluate (the reference evaluator) on
// random rule sets with jumps, gotos, returns, loops, unknown matches, negations and
// interface conditions: the decisions must be the same.
#include "src/app/batch_evaluate.h"

#include <doctest/doctest.h>

#include <random>

namespace flowaudit {
namespace {

class Random {
 public:
  explicit Random(uint32_t seed) : rng_(seed) {}
  int Pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }
  uint128 Address() { return (uint128{10} << 24) | Pick(3) << 8 | Pick(6); }
  uint128 Port() { return static_cast<uint128>(Pick(4) == 0 ? Pick(3) : 80 + Pick(4)); }

  Term RandomTerm(int depth) {
    bool negated = Pick(5) == 0;
    switch (Pick(depth > 0 ? 8 : 7)) {
      case 0:
      case 1: {
        Field field = Pick(2) ? Field::kDstAddress : Field::kSrcAddress;
        uint128 a = Address(), b = Address();
        return Term::FieldIn(field, {{std::min(a, b), std::max(a, b)}, {Address(), 0}}, negated);
      }
      case 2:
        return Term::FieldIn(Pick(2) ? Field::kDstPort : Field::kSrcPort, {{Port(), Port() + 2}},
                             negated);
      case 3:
        return Term::FieldIs(Field::kProtocol, Pick(2) ? protocol::kTcp : protocol::kUdp, negated);
      case 4:
        return Term::Interface(Term::Kind::kInInterface, Pick(2) ? "eth0" : "eth+", negated);
      case 5:
        return Term::Unknown("random", negated);
      case 6:
        return Term::Masked(Field::kDstAddress, Address(), 0xffffff00u, negated);
      default: {
        std::vector<Match> alternatives;
        for (int i = Pick(3); i >= 0; --i) alternatives.push_back(RandomMatch(depth - 1));
        return Term::AnyOf(std::move(alternatives), negated);
      }
    }
  }

  Match RandomMatch(int depth) {
    Match m;
    for (int i = Pick(4); i > 0; --i) {
      Term t = RandomTerm(depth);
      if (t.kind == Term::Kind::kUnknown && Pick(4) != 0) continue;
      m.Add(std::move(t));
    }
    return m;
  }

  Action RandomAction() {
    static const char* const kChains[] = {"C1", "C2", "C3", "FORWARD", "MISSING"};
    switch (Pick(9)) {
      case 0:
      case 1:
        return Action::Of(ActionKind::kAccept, "ACCEPT");
      case 2:
        return Action::Of(ActionKind::kDrop, "DROP");
      case 3:
        return Action::Of(ActionKind::kReject, "REJECT");
      case 4:
        return Action::Of(ActionKind::kContinue, "LOG");
      case 5:
        return Action::Of(ActionKind::kReturn, "RETURN");
      default: {
        Action a = Action::Of(Pick(3) ? ActionKind::kJump : ActionKind::kGoto, "JUMP");
        a.chain = kChains[Pick(Pick(6) == 0 ? 5 : 3)];  // rarely a loop or a missing chain
        return a;
      }
    }
  }

  std::mt19937 rng_;
};

TEST_CASE("EvaluateEach gives Filter::Evaluate's decisions") {
  SourceFilePtr file = MakeSourceFile("random.rules", std::string(4096, 'x'));
  for (uint32_t seed = 1; seed <= 60; ++seed) {
    Random random(seed);
    auto rules = std::make_shared<RuleSet>();
    uint32_t offset = 0;
    for (const char* name : {"FORWARD", "C1", "C2", "C3"}) {
      Chain chain{name, {}, std::nullopt, {}};
      if (std::string(name) == "FORWARD") chain.policy = Action::Of(ActionKind::kDrop, "DROP");
      for (int i = random.Pick(12); i > 0; --i) {
        chain.rules.push_back(
            Rule{random.RandomMatch(2), random.RandomAction(), SourceRange{file, offset++, 1}, {}});
      }
      // Keyed apart from the name, as an importer may do ("filter/FORWARD").
      rules->chains["k-" + std::string(name)] = std::move(chain);
    }
    for (auto& [key, chain] : rules->chains) {
      for (Rule& rule : chain.rules) {
        if (!rule.action.chain.empty() && rule.action.chain != "MISSING") {
          rule.action.chain = "k-" + rule.action.chain;
        }
      }
    }
    Filter filter("FORWARD", rules, "k-FORWARD");
    std::vector<PacketSpec> packets;
    for (int i = 0; i < 200; ++i) {
      PacketSpec spec;
      spec.packet.src = random.Address();
      spec.packet.dst = random.Address();
      spec.packet.protocol = random.Pick(2) ? protocol::kTcp : protocol::kUdp;
      spec.packet.dst_port = static_cast<uint16_t>(random.Port());
      spec.packet.src_port = static_cast<uint16_t>(random.Port());
      spec.context.in_interface = random.Pick(3) ? "eth0" : "eth1";
      packets.push_back(spec);
    }
    int compared = 0;
    EvaluateEach(filter, packets, [&](size_t i, const Decision& got) {
      Decision want = filter.Evaluate(packets[i].packet, packets[i].context);
      INFO("seed ", seed, " packet ", packets[i].packet.ToString());
      CHECK(VerdictName(got.verdict) == std::string(VerdictName(want.verdict)));
      CHECK(got.action.kind == want.action.kind);
      CHECK(got.action.name == want.action.name);
      CHECK((got.rule == nullptr) == (want.rule == nullptr));
      if (got.rule && want.rule) CHECK(got.rule->location.offset == want.rule->location.offset);
      CHECK((got.chain ? got.chain->name : "") == (want.chain ? want.chain->name : ""));
      CHECK(got.problem == want.problem);
      CHECK(got.jumps.size() == want.jumps.size());
      CHECK(got.uncertain.size() == want.uncertain.size());
      ++compared;
    });
    CHECK(compared == 200);
  }
}

}  // namespace
}  // namespace flowaudit
