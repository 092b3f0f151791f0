// The symbolic evaluator (Filter::Analyze over BDDs) against the reference evaluator
// (Filter::Evaluate on concrete packets), on thousands of random rules and packets.
#include "models/filter.h"

#include <doctest/doctest.h>

#include <random>

namespace flowaudit {
namespace {

class RandomRules {
 public:
  explicit RandomRules(uint32_t seed) : rng_(seed) {}

  int Pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }
  bool Chance(int percent) { return Pick(100) < percent; }

  // Values come from a small pool so rules overlap and packets hit their edges.
  uint128 Address() { return (uint128{10} << 24) | Pick(4) << 8 | Pick(8); }
  uint16_t Port() { return static_cast<uint16_t>(Pick(3) == 0 ? Pick(5) + 78 : Pick(8) * 100); }

  Term RandomTerm(int depth) {
    bool neg = Chance(25);
    switch (Pick(depth > 0 ? 9 : 8)) {
      case 0: {
        uint128 a = Address();
        int len = 24 + Pick(9);
        uint128 mask = PrefixMask(len, 32);
        return Term::FieldIn(Pick(2) ? Field::kSrcAddress : Field::kDstAddress,
                             {{a & mask, (a & mask) | (~mask & 0xffffffff)}}, neg);
      }
      case 1:
        return Term::Masked(Pick(2) ? Field::kSrcAddress : Field::kDstAddress, Address(),
                            0xffff00ffu, neg);
      case 2: {
        uint16_t lo = Port(), hi = static_cast<uint16_t>(lo + Pick(3) * 10);
        return Term::FieldIn(Pick(2) ? Field::kDstPort : Field::kSrcPort,
                             {{lo, hi}, {Port(), Port()}}, neg);
      }
      case 3:
        return Term::FieldIs(
            Field::kProtocol,
            std::vector<uint8_t>{protocol::kTcp, protocol::kUdp, protocol::kIcmp}[Pick(3)], neg);
      case 4:
        return Term::FieldIn(Field::kIcmpType, {{static_cast<uint128>(Pick(10)), 8}}, neg);
      case 5:
        return Term::Interface(Pick(2) ? Term::Kind::kInInterface : Term::Kind::kOutInterface,
                               Pick(2) ? "eth0" : "eth+", neg);
      case 6:
        return Term::Unknown("random", neg);
      case 7:
        return Term::FieldIs(Field::kFamily, 0, neg);
      default: {
        std::vector<Match> alternatives;
        for (int i = Pick(3); i >= 0; --i) alternatives.push_back(RandomMatch(depth - 1));
        return Term::AnyOf(std::move(alternatives), neg);
      }
    }
  }

  Match RandomMatch(int depth) {
    Match m;
    for (int i = Pick(4); i > 0; --i) {
      Term t = RandomTerm(depth);
      if (t.kind == Term::Kind::kUnknown && !Chance(20)) continue;
      m.Add(std::move(t));
    }
    return m;
  }

  Action RandomAction(int chain_index, int chains) {
    int kind = Pick(10);
    if (kind < 3) return Action::Of(ActionKind::kAccept, "ACCEPT");
    if (kind < 5) return Action::Of(ActionKind::kDrop, "DROP");
    if (kind < 6) return Action::Of(ActionKind::kReject, "REJECT");
    if (kind < 7) return Action::Of(ActionKind::kContinue, "LOG");
    if (kind < 8) return Action::Of(ActionKind::kReturn, "RETURN");
    // Jumps only go to later chains, as a loaded ruleset never loops.
    if (chain_index + 1 >= chains) return Action::Of(ActionKind::kAccept, "ACCEPT");
    Action a = Action::Of(kind == 8 ? ActionKind::kJump : ActionKind::kGoto, "chain");
    a.chain = "c" + std::to_string(chain_index + 1 + Pick(chains - chain_index - 1));
    return a;
  }

  std::shared_ptr<RuleSet> RandomRuleSet() {
    auto rules = std::make_shared<RuleSet>();
    int chains = 1 + Pick(4);
    for (int c = 0; c < chains; ++c) {
      Chain chain;
      chain.name = "c" + std::to_string(c);
      if (c == 0) {
        chain.policy = Action::Of(Chance(50) ? ActionKind::kAccept : ActionKind::kDrop, "policy");
      }
      for (int r = Pick(12); r > 0; --r) {
        chain.rules.push_back(Rule{RandomMatch(2), RandomAction(c, chains), {}, {}});
      }
      rules->chains[chain.name] = std::move(chain);
    }
    return rules;
  }

  Packet RandomPacket() {
    Packet p;
    p.family = Chance(90) ? Family::kIpv4 : Family::kIpv6;
    p.src = Address();
    p.dst = Address();
    p.protocol = std::vector<uint8_t>{protocol::kTcp, protocol::kUdp, protocol::kIcmp,
                                      protocol::kGre}[Pick(4)];
    if (p.family == Family::kIpv6 && p.protocol == protocol::kIcmp) p.protocol = protocol::kIcmpv6;
    if (HasPorts(p.protocol)) {
      p.src_port = Port();
      p.dst_port = Port();
    }
    if (p.IsIcmp()) p.icmp_type = static_cast<uint8_t>(Pick(12));
    return p;
  }

  MatchContext RandomContext() {
    const char* names[] = {"", "eth0", "eth1", "lo"};
    return MatchContext{names[Pick(4)], names[Pick(4)], "", ""};
  }

 private:
  std::mt19937 rng_;
};

Verdict SymbolicVerdict(const Analysis& a, const Packet& p) {
  if (a.uncertain.Contains(p)) return Verdict::kUnknown;
  for (const Part& part : a.parts) {
    if (part.packets.Contains(p)) {
      Verdict v = VerdictOf(part.action.kind);
      return part.action.kind == ActionKind::kReturn ? Verdict::kUnknown : v;
    }
  }
  FAIL("packet in no part: ", p.ToString());
  return Verdict::kUnknown;
}

TEST_CASE("symbolic and reference evaluators agree on random filters") {
  int packets_checked = 0;
  for (uint32_t seed = 1; seed <= 300; ++seed) {
    RandomRules gen(seed);
    auto rules = gen.RandomRuleSet();
    Filter filter("f", rules, "c0");
    MatchContext context = gen.RandomContext();
    Analysis analysis = filter.Analyze(PacketSet::All(), context);
    // Parts are disjoint and cover every packet.
    PacketSet covered;
    for (const Part& part : analysis.parts) {
      CHECK_FALSE(covered.Intersects(part.packets));
      covered |= part.packets;
    }
    CHECK(covered == PacketSet::All());
    // The divide-and-conquer verdicts equal the rule-by-rule partition.
    FilterVerdicts verdicts = filter.Verdicts(PacketSet::All(), context);
    CHECK(verdicts.permit == analysis.WithVerdict(Verdict::kPermit));
    CHECK(verdicts.deny == analysis.WithVerdict(Verdict::kDeny));
    CHECK(verdicts.unknown == analysis.WithVerdict(Verdict::kUnknown));
    for (int i = 0; i < 40; ++i) {
      Packet p = gen.RandomPacket();
      Decision d = filter.Evaluate(p, context);
      INFO("seed ", seed, " packet ", p.ToString());
      REQUIRE(d.verdict == SymbolicVerdict(analysis, p));
      if (d.verdict != Verdict::kUnknown) {
        for (const Part& part : analysis.parts) {
          if (part.packets.Contains(p)) CHECK(part.rule == d.rule);
        }
      }
      ++packets_checked;
    }
  }
  CHECK(packets_checked == 12000);
}

TEST_CASE("jump, goto and return follow iptables semantics") {
  auto rules = std::make_shared<RuleSet>();
  auto tcp_port = [](uint16_t port) {
    return Match(
        {Term::FieldIs(Field::kProtocol, protocol::kTcp), Term::FieldIs(Field::kDstPort, port)});
  };
  Chain input{"INPUT", {}, Action::Of(ActionKind::kDrop, "DROP"), {}};
  Action jump = Action::Of(ActionKind::kJump, "WEB");
  jump.chain = "WEB";
  Action go = Action::Of(ActionKind::kGoto, "SSH");
  go.chain = "SSH";
  input.rules.push_back({Match(), jump, {}, {}});
  input.rules.push_back({tcp_port(22), go, {}, {}});
  input.rules.push_back({tcp_port(22), Action::Of(ActionKind::kAccept, "ACCEPT"), {}, {}});
  input.rules.push_back({tcp_port(81), Action::Of(ActionKind::kAccept, "ACCEPT"), {}, {}});
  Chain web{"WEB", {}, std::nullopt, {}};
  web.rules.push_back({tcp_port(81), Action::Of(ActionKind::kReturn, "RETURN"), {}, {}});
  web.rules.push_back({tcp_port(80), Action::Of(ActionKind::kAccept, "ACCEPT"), {}, {}});
  Chain ssh{"SSH", {}, std::nullopt, {}};  // empty: a goto that falls off returns past INPUT
  rules->chains["INPUT"] = input;
  rules->chains["WEB"] = web;
  rules->chains["SSH"] = ssh;
  Filter filter("INPUT", rules, "INPUT");
  auto verdict = [&](uint16_t port) {
    Packet p;
    p.dst_port = port;
    return filter.Evaluate(p, {}).verdict;
  };
  CHECK(verdict(80) == Verdict::kPermit);  // accepted inside WEB
  CHECK(verdict(81) == Verdict::kPermit);  // WEB returns, INPUT accepts
  CHECK(verdict(22) == Verdict::kDeny);    // goto SSH falls off: policy, not the next rule
  CHECK(verdict(23) == Verdict::kDeny);
  Analysis a = filter.Analyze(PacketSet::All(), {});
  PacketSet permitted = a.WithVerdict(Verdict::kPermit);
  PacketSet tcp = PacketSet::Protocol(protocol::kTcp);
  CHECK(permitted == ((PacketSet::FieldEquals(Field::kDstPort, 80) |
                       PacketSet::FieldEquals(Field::kDstPort, 81)) &
                      tcp));
}

TEST_CASE("an unknown rule makes a verdict unknown only where outcomes differ") {
  auto rules = std::make_shared<RuleSet>();
  Chain input{"INPUT", {}, Action::Of(ActionKind::kDrop, "DROP"), {}};
  Match unknown_port80({Term::FieldIs(Field::kDstPort, 80), Term::Unknown("ipset")});
  input.rules.push_back({unknown_port80, Action::Of(ActionKind::kAccept, "ACCEPT"), {}, {}});
  input.rules.push_back(
      {Match({Term::FieldIs(Field::kDstPort, 80), Term::FieldIs(Field::kSrcPort, 1000)}),
       Action::Of(ActionKind::kAccept, "ACCEPT"),
       {},
       {}});
  rules->chains["INPUT"] = input;
  Filter filter("INPUT", rules, "INPUT");
  Packet p;
  p.dst_port = 80;
  p.src_port = 1000;
  CHECK(filter.Evaluate(p, {}).verdict == Verdict::kPermit);  // accepted either way
  p.src_port = 2000;
  Decision d = filter.Evaluate(p, {});
  CHECK(d.verdict == Verdict::kUnknown);
  REQUIRE(d.uncertain.size() == 1);
  p.dst_port = 81;
  CHECK(filter.Evaluate(p, {}).verdict == Verdict::kDeny);  // the unknown rule cannot match
}

}  // namespace
}  // namespace flowaudit
