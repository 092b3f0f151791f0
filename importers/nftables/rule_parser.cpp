#include "importers/nftables/rule_parser.h"

#include <string_view>

#include "importers/iptables/conntrack_state.h"
#include "importers/iptables/netfilter_names.h"

namespace flowaudit::nftables {
namespace {

using iptables::ParseNumber;

// What a selector compares, which decides how its values are read.
enum class ValueKind {
  kIpv4,
  kIpv6,
  kPort,
  kProtocol,
  kIcmp,
  kIcmpv6,
  kState,
  kInterface,
  kFamily
};

struct NamedValue {
  std::string_view name;
  uint8_t value;
};

// nft's own names (src/proto.c icmp_type_tbl, icmp6_type_tbl in nftables 1.0.6); they differ
// from iptables' for ICMPv6.
constexpr NamedValue kIcmpTypes[] = {
    {"echo-reply", 0},           {"destination-unreachable", 3},
    {"source-quench", 4},        {"redirect", 5},
    {"echo-request", 8},         {"router-advertisement", 9},
    {"router-solicitation", 10}, {"time-exceeded", 11},
    {"parameter-problem", 12},   {"timestamp-request", 13},
    {"timestamp-reply", 14},     {"info-request", 15},
    {"info-reply", 16},          {"address-mask-request", 17},
    {"address-mask-reply", 18},
};
constexpr NamedValue kIcmpv6Types[] = {
    {"destination-unreachable", 1},  {"packet-too-big", 2},         {"time-exceeded", 3},
    {"parameter-problem", 4},        {"echo-request", 128},         {"echo-reply", 129},
    {"mld-listener-query", 130},     {"mld-listener-report", 131},  {"mld-listener-done", 132},
    {"mld-listener-reduction", 132}, {"nd-router-solicit", 133},    {"nd-router-advert", 134},
    {"nd-neighbor-solicit", 135},    {"nd-neighbor-advert", 136},   {"nd-redirect", 137},
    {"router-renumbering", 138},     {"ind-neighbor-solicit", 141}, {"ind-neighbor-advert", 142},
    {"mld2-listener-report", 143},
};
constexpr NamedValue kStates[] = {
    {"invalid", iptables::ct::kInvalid},         {"new", iptables::ct::kNew},
    {"established", iptables::ct::kEstablished}, {"related", iptables::ct::kRelated},
    {"untracked", iptables::ct::kUntracked},
};
// Transport protocols whose header starts with source and destination ports (`th`).
constexpr uint8_t kPortProtocols[] = {protocol::kTcp, protocol::kUdp, protocol::kUdplite,
                                      protocol::kSctp, protocol::kDccp};

template <size_t N>
std::optional<uint8_t> Lookup(const NamedValue (&table)[N], std::string_view name) {
  for (const NamedValue& entry : table) {
    if (entry.name == name) return entry.value;
  }
  return std::nullopt;
}

bool IsVerdictKeyword(const Token& t) {
  for (std::string_view v :
       {"accept", "drop", "reject", "jump", "goto", "return", "continue", "queue"}) {
    if (t.Is(v)) return true;
  }
  return false;
}

std::string Quoted(std::string_view text) { return "'" + std::string(text) + "'"; }

Term FamilyTerm(Family family) { return Term::FieldIs(Field::kFamily, uint128(family)); }

class RuleParser {
 public:
  RuleParser(std::span<const Token> tokens, const SourceFilePtr& file, const RuleEnvironment& env,
             Diagnostics& diagnostics)
      : tokens_(tokens), file_(file), env_(env), diagnostics_(diagnostics) {}

  ParsedRule Run() {
    ParsedRule out;
    while (pos_ < tokens_.size()) {
      const Token& t = tokens_[pos_];
      if (failed_ && !verdict_ && !IsVerdictKeyword(t)) {
        ++pos_;  // after an error, still read the verdict
        continue;
      }
      if (verdict_) {
        if (t.Is("comment") && pos_ + 1 < tokens_.size()) {
          pos_ += 2;
          continue;
        }
        Unsupported(t, "unexpected " + Quoted(t.text) + " after the verdict");
        break;
      }
      if (IsVerdictKeyword(t)) {
        ParseVerdict();
      } else {
        ParseStatement();
      }
    }
    if (failed_) terms_.push_back(Term::Unknown("a rule flowaudit could not read"));
    std::string_view first = tokens_.front().text, last = tokens_.back().text;
    SourceRange location =
        RangeOf(file_, std::string_view(first.data(), last.data() + last.size() - first.data()));
    if (vmap_.empty() || failed_) vmap_ = {{std::nullopt, action_}};
    for (auto& [key, action] : vmap_) {
      Rule rule;
      std::vector<Term> terms = terms_;
      if (key) terms.push_back(std::move(*key));
      rule.match = Match(std::move(terms));
      rule.action = std::move(action);
      rule.location = location;
      out.rules.push_back(std::move(rule));
    }
    out.targets = std::move(targets_);
    return out;
  }

 private:
  SourceRange At(const Token& t) const { return RangeOf(file_, t.text); }
  void Error(const Token& t, std::string message) {
    diagnostics_.Error(At(t), std::move(message));
    failed_ = true;
  }
  const Token* Next() { return pos_ < tokens_.size() ? &tokens_[pos_++] : nullptr; }
  const Token* Peek() const { return pos_ < tokens_.size() ? &tokens_[pos_] : nullptr; }
  bool PeekIs(std::string_view word) const { return Peek() && Peek()->Is(word); }

  // Something flowaudit does not model: the rule's match becomes partly unknown, and parsing
  // resumes at the verdict.
  void Unsupported(const Token& at, const std::string& message) {
    diagnostics_.Warning(At(at), message + "; the rule's match is unknown");
    terms_.push_back(Term::Unknown("nftables: " + std::string(at.text)));
    int depth = 0;
    while (pos_ < tokens_.size()) {
      const Token& t = tokens_[pos_];
      if (t.Is("{")) ++depth;
      if (t.Is("}")) --depth;
      if (depth == 0 && IsVerdictKeyword(t) && &t != &at) return;
      ++pos_;
    }
  }

  void ParseStatement() {
    const Token& t = *Next();
    const Token* what = Peek();
    auto field_is = [&](std::string_view word) { return what && what->Is(word); };
    if (t.Is("counter")) {
      while (PeekIs("packets") || PeekIs("bytes")) pos_ += 2;
    } else if (t.Is("log")) {
      SkipLogOptions();
    } else if (t.Is("comment")) {
      if (!Next()) Error(t, "expected a string after 'comment'");
    } else if (t.Is("ip") && (field_is("saddr") || field_is("daddr"))) {
      ++pos_;
      Compare(*what, ValueKind::kIpv4, what->Is("saddr") ? Field::kSrcAddress : Field::kDstAddress,
              {FamilyTerm(Family::kIpv4)});
    } else if (t.Is("ip6") && (field_is("saddr") || field_is("daddr"))) {
      ++pos_;
      Compare(*what, ValueKind::kIpv6, what->Is("saddr") ? Field::kSrcAddress : Field::kDstAddress,
              {FamilyTerm(Family::kIpv6)});
    } else if (t.Is("ip") && field_is("protocol")) {
      ++pos_;
      Compare(*what, ValueKind::kProtocol, Field::kProtocol, {FamilyTerm(Family::kIpv4)});
    } else if (t.Is("ip6") && field_is("nexthdr")) {
      ++pos_;
      Compare(*what, ValueKind::kProtocol, Field::kProtocol, {FamilyTerm(Family::kIpv6)});
    } else if (t.Is("meta") && field_is("l4proto")) {
      ++pos_;
      Compare(*what, ValueKind::kProtocol, Field::kProtocol, {});
    } else if (t.Is("meta") && field_is("nfproto")) {
      ++pos_;
      Compare(*what, ValueKind::kFamily, Field::kFamily, {});
    } else if (t.Is("meta") && what &&
               (field_is("iifname") || field_is("oifname") || field_is("iif") || field_is("oif"))) {
      ++pos_;
      CompareInterface(*what);
    } else if (t.Is("iifname") || t.Is("oifname") || t.Is("iif") || t.Is("oif")) {
      CompareInterface(t);
    } else if (std::optional<uint8_t> proto = L4Protocol(t);
               proto && (field_is("dport") || field_is("sport"))) {
      ++pos_;
      Compare(*what, ValueKind::kPort, what->Is("dport") ? Field::kDstPort : Field::kSrcPort,
              {Term::FieldIs(Field::kProtocol, *proto)}, *proto);
    } else if (t.Is("th") && (field_is("dport") || field_is("sport"))) {
      ++pos_;
      CompareTransportPort(*what);
    } else if (t.Is("icmp") && field_is("type")) {
      ++pos_;
      Compare(*what, ValueKind::kIcmp, Field::kIcmpType,
              {FamilyTerm(Family::kIpv4), Term::FieldIs(Field::kProtocol, protocol::kIcmp)});
    } else if (t.Is("icmpv6") && field_is("type")) {
      ++pos_;
      Compare(*what, ValueKind::kIcmpv6, Field::kIcmpType,
              {FamilyTerm(Family::kIpv6), Term::FieldIs(Field::kProtocol, protocol::kIcmpv6)});
    } else if (t.Is("ct") && field_is("state")) {
      ++pos_;
      CompareState(*what);
    } else {
      --pos_;
      std::string name(t.text);
      if (what && what->kind == Token::Kind::kWord && !IsVerdictKeyword(*what)) {
        name += " " + std::string(what->text);
      }
      Unsupported(t, "unsupported expression " + Quoted(name));
    }
  }

  static std::optional<uint8_t> L4Protocol(const Token& t) {
    if (t.Is("tcp")) return protocol::kTcp;
    if (t.Is("udp")) return protocol::kUdp;
    if (t.Is("udplite")) return protocol::kUdplite;
    if (t.Is("sctp")) return protocol::kSctp;
    if (t.Is("dccp")) return protocol::kDccp;
    return std::nullopt;
  }

  void SkipLogOptions() {
    while (const Token* t = Peek()) {
      if (t->Is("prefix") || t->Is("level") || t->Is("group") || t->Is("snaplen") ||
          t->Is("queue-threshold")) {
        pos_ += 2;
      } else if (t->Is("flags")) {
        ++pos_;
        while (Peek() && (PeekIs("all") || PeekIs("tcp") || PeekIs("ip") || PeekIs("sequence") ||
                          PeekIs("options") || PeekIs("skuid") || PeekIs("ether") || PeekIs(","))) {
          ++pos_;
        }
      } else {
        return;
      }
    }
  }

  // The operator after a selector ("==" when absent) and the value tokens after it.
  struct Operand {
    std::string_view op = "==";
    const Token* at = nullptr;        // the value (or its opening brace / @name)
    std::vector<const Token*> items;  // one per element
    bool unknown = false;             // an unusable named set: already reported
  };

  std::optional<Operand> ReadOperand(const Token& selector) {
    Operand out;
    const Token* t = Peek();
    for (std::string_view op : {"==", "!=", "<", ">", "<=", ">="}) {
      if (t && t->Is(op)) {
        out.op = op;
        ++pos_;
      }
    }
    t = Next();
    if (!t || (t->kind == Token::Kind::kPunct && !t->Is("{")) || IsVerdictKeyword(*t)) {
      Error(t ? *t : selector, "expected a value after " + Quoted(selector.text));
      return std::nullopt;
    }
    out.at = t;
    if (t->Is(".")) {
      --pos_;
      Unsupported(*t, "unsupported concatenation");
      return std::nullopt;
    }
    if (t->Is("vmap") || t->Is("map")) {
      --pos_;
      Unsupported(*t, "unsupported " + Quoted(t->text) + " lookup");
      return std::nullopt;
    }
    if (t->Is("{")) {
      while (true) {
        const Token* item = Next();
        if (!item) {
          Error(*t, "expected '}' to close this set");
          return std::nullopt;
        }
        if (item->Is("}")) break;
        if (item->Is(",") || item->kind == Token::Kind::kNewline) continue;
        out.items.push_back(item);
      }
    } else if (t->kind == Token::Kind::kWord && t->text.starts_with("@")) {
      if (!ResolveSet(*t, &out)) return std::nullopt;
    } else {
      out.items.push_back(t);
      // `ct state established,related`: a list without braces (a bitmask test).
      while (PeekIs(",") && pos_ + 1 < tokens_.size()) {
        ++pos_;
        out.items.push_back(Next());
      }
    }
    return out;
  }

  bool ResolveSet(const Token& ref, Operand* out) {
    std::string name(ref.text.substr(1));
    auto it = env_.sets->find(name);
    if (it == env_.sets->end()) {
      Error(ref, "undefined set " + Quoted(ref.text));
      return false;
    }
    const NamedSet& set = it->second;
    std::string problem;
    if (set.dynamic) {
      problem = "set " + Quoted(name) + " is dynamic (its elements change at runtime)";
    } else if (set.type == "map") {
      problem = Quoted(ref.text) + " is a map, not a set";
    } else if (set.type.find('.') != std::string::npos) {
      problem = "set " + Quoted(name) + " has a concatenated type";
    } else if (!set.has_elements) {
      problem = "set " + Quoted(name) +
                " lists no elements (empty, or listed with -t/--terse, which omits them)";
    }
    if (!problem.empty()) {
      diagnostics_.Warning(At(ref), problem + "; the rule's match is unknown");
      terms_.push_back(Term::Unknown("nftables set @" + name));
      out->unknown = true;
      return true;
    }
    for (const Token& item : set.elements) {
      if (item.Is(",") || item.kind == Token::Kind::kNewline) continue;
      out->items.push_back(&item);
    }
    return true;
  }

  void Compare(const Token& selector, ValueKind kind, Field field, std::vector<Term> implied,
               uint8_t port_protocol = protocol::kTcp) {
    // The dependencies hold whatever the value: `ip saddr @unusable` is unknown for IPv4 only.
    for (Term& term : implied) terms_.push_back(std::move(term));
    if (PeekIs("vmap") && pos_ + 1 < tokens_.size() && tokens_[pos_ + 1].Is("{")) {
      ParseVerdictMap(kind, field, port_protocol);
      return;
    }
    std::optional<Operand> operand = ReadOperand(selector);
    if (!operand || operand->unknown) return;
    std::vector<ValueRange> ranges;
    for (const Token* item : operand->items) {
      if (!AddRanges(kind, *item, port_protocol, &ranges)) return;
    }
    bool negated = operand->op == "!=";
    if (operand->op != "==" && !negated) {
      if (kind != ValueKind::kPort || ranges.size() != 1 || ranges[0].lo != ranges[0].hi) {
        Error(*operand->at, "operator " + Quoted(operand->op) + " needs one port");
        return;
      }
      uint128 v = ranges[0].lo;
      std::string_view op = operand->op;
      if ((op == "<" && v == 0) || (op == ">" && v == 0xFFFF)) {
        ranges.clear();
      } else if (op == "<" || op == "<=") {
        ranges[0] = {0, op == "<" ? v - 1 : v};
      } else {
        ranges[0] = {op == ">" ? v + 1 : v, 0xFFFF};
      }
    }
    terms_.push_back(Term::FieldIn(field, std::move(ranges), negated));
  }

  // vmap { KEY : VERDICT, … } where VERDICT is accept, drop, return, continue, jump C or goto C.
  void ParseVerdictMap(ValueKind kind, Field field, uint8_t port_protocol) {
    pos_ += 2;  // vmap {
    const Token& open = tokens_[pos_ - 1];
    std::vector<std::pair<std::optional<Term>, Action>> entries;
    while (true) {
      const Token* key = Next();
      while (key && (key->Is(",") || key->kind == Token::Kind::kNewline)) key = Next();
      if (!key) {
        Error(open, "expected '}' to close this map");
        return;
      }
      if (key->Is("}")) break;
      const Token* colon = Next();
      const Token* verdict = colon && colon->Is(":") ? Next() : nullptr;
      if (!verdict) {
        Error(colon ? *colon : *key, "expected 'KEY : VERDICT' in a verdict map");
        return;
      }
      std::string name(verdict->text);
      Action action;
      if (verdict->Is("accept") || verdict->Is("drop") || verdict->Is("return") ||
          verdict->Is("continue")) {
        ActionKind kinds[] = {ActionKind::kAccept, ActionKind::kDrop, ActionKind::kReturn,
                              ActionKind::kContinue};
        int i = verdict->Is("accept") ? 0 : verdict->Is("drop") ? 1 : verdict->Is("return") ? 2 : 3;
        action = Action::Of(kinds[i], name);
      } else if ((verdict->Is("jump") || verdict->Is("goto")) && Peek() &&
                 Peek()->kind != Token::Kind::kPunct) {
        const Token* target = Next();
        action = Action::Of(verdict->Is("jump") ? ActionKind::kJump : ActionKind::kGoto,
                            name + " " + std::string(target->value));
        action.chain = std::string(target->value);
        targets_.push_back(target);
      } else {
        Error(*verdict, "expected a verdict, got " + Quoted(verdict->text));
        return;
      }
      std::vector<ValueRange> ranges;
      if (!AddRanges(kind, *key, port_protocol, &ranges)) return;
      entries.emplace_back(Term::FieldIn(field, std::move(ranges)), std::move(action));
    }
    verdict_ = true;
    vmap_ = std::move(entries);
  }

  bool AddRanges(ValueKind kind, const Token& item, uint8_t port_protocol,
                 std::vector<ValueRange>* out) {
    std::string_view text = item.value;
    switch (kind) {
      case ValueKind::kIpv4:
      case ValueKind::kIpv6: {
        Family family = kind == ValueKind::kIpv4 ? Family::kIpv4 : Family::kIpv6;
        std::string expected = family == Family::kIpv4 ? "expected an IPv4 address, got "
                                                       : "expected an IPv6 address, got ";
        size_t dash = text.find('-');
        if (dash != std::string_view::npos) {
          std::optional<IpAddress> lo = ParseIpAddress(text.substr(0, dash));
          std::optional<IpAddress> hi = ParseIpAddress(text.substr(dash + 1));
          if (!lo || !hi || lo->family != family || hi->family != family || lo->value > hi->value) {
            Error(item, expected + Quoted(text));
            return false;
          }
          out->push_back({lo->value, hi->value});
          return true;
        }
        std::string error;
        std::optional<Prefix> prefix = ParsePrefix(text, &error);
        if (!prefix || prefix->address.family != family) {
          Error(item, prefix ? expected + Quoted(text) : error);
          return false;
        }
        out->push_back({prefix->First(), prefix->Last()});
        return true;
      }
      case ValueKind::kPort: {
        size_t dash = text.find('-');
        std::optional<uint16_t> lo = Port(text.substr(0, dash), port_protocol);
        std::optional<uint16_t> hi =
            dash == std::string_view::npos ? lo : Port(text.substr(dash + 1), port_protocol);
        if (!lo || !hi || *lo > *hi) {
          Error(item, "expected a port, got " + Quoted(text));
          return false;
        }
        out->push_back({*lo, *hi});
        return true;
      }
      case ValueKind::kProtocol: {
        std::optional<uint64_t> number = ParseNumber(text, 255);
        std::optional<uint8_t> proto =
            number ? std::optional<uint8_t>(uint8_t(*number)) : iptables::LookupProtocol(text);
        if (!proto || text == "all") {
          Error(item, "unknown protocol " + Quoted(text));
          return false;
        }
        out->push_back({*proto, *proto});
        return true;
      }
      case ValueKind::kIcmp:
      case ValueKind::kIcmpv6: {
        std::optional<uint64_t> number = ParseNumber(text, 255);
        std::optional<uint8_t> type = number
                                          ? std::optional<uint8_t>(uint8_t(*number))
                                          : (kind == ValueKind::kIcmp ? Lookup(kIcmpTypes, text)
                                                                      : Lookup(kIcmpv6Types, text));
        if (!type) {
          Error(item, std::string(kind == ValueKind::kIcmp ? "unknown ICMP type "
                                                           : "unknown ICMPv6 type ") +
                          Quoted(text));
          return false;
        }
        out->push_back({*type, *type});
        return true;
      }
      case ValueKind::kFamily: {
        if (text != "ipv4" && text != "ipv6") {
          Error(item, "expected 'ipv4' or 'ipv6', got " + Quoted(text));
          return false;
        }
        uint128 f = uint128(text == "ipv4" ? Family::kIpv4 : Family::kIpv6);
        out->push_back({f, f});
        return true;
      }
      case ValueKind::kState:
      case ValueKind::kInterface:
        break;
    }
    return false;
  }

  static std::optional<uint16_t> Port(std::string_view text, uint8_t ip_protocol) {
    if (std::optional<uint64_t> n = ParseNumber(text, 65535)) return uint16_t(*n);
    // Older nft, and `nft -S`, print service names.
    return iptables::LookupService(text, ip_protocol).port;
  }

  // `th dport`: the first bytes of any transport header. Only protocols with ports are
  // modelled; for the others the bytes are something else, so the match is unknown there.
  void CompareTransportPort(const Token& selector) {
    size_t before = terms_.size();
    Compare(selector, ValueKind::kPort, selector.Is("dport") ? Field::kDstPort : Field::kSrcPort,
            {});
    if (terms_.size() != before + 1 || failed_) return;
    std::vector<ValueRange> with_ports;
    for (uint8_t p : kPortProtocols) with_ports.push_back({p, p});
    Term port = std::move(terms_.back());
    terms_.pop_back();
    std::vector<Match> ways;
    ways.push_back(Match({Term::FieldIn(Field::kProtocol, with_ports), std::move(port)}));
    ways.push_back(Match({Term::FieldIn(Field::kProtocol, with_ports, true),
                          Term::Unknown("th port of a protocol without ports")}));
    terms_.push_back(Term::AnyOf(std::move(ways)));
  }

  void CompareInterface(const Token& selector) {
    std::optional<Operand> operand = ReadOperand(selector);
    if (!operand || operand->unknown) return;
    if (operand->op != "==" && operand->op != "!=") {
      Error(*operand->at, "operator " + Quoted(operand->op) + " cannot compare interface names");
      return;
    }
    Term::Kind kind =
        selector.text.starts_with("i") ? Term::Kind::kInInterface : Term::Kind::kOutInterface;
    std::vector<Match> names;
    for (const Token* item : operand->items) {
      std::string name(item->value);
      // nft's wildcard is a trailing '*'; flowaudit's (iptables') is '+'.
      if (item->kind == Token::Kind::kString && name.ends_with("*") && !name.ends_with("\\*")) {
        name.back() = '+';
      }
      names.push_back(Match({Term::Interface(kind, std::move(name))}));
    }
    bool negated = operand->op == "!=";
    if (names.size() == 1) {
      Term term = names[0].terms()[0];
      term.negated = negated;
      terms_.push_back(std::move(term));
    } else {
      terms_.push_back(Term::AnyOf(std::move(names), negated));
    }
  }

  void CompareState(const Token& selector) {
    std::optional<Operand> operand = ReadOperand(selector);
    if (!operand || operand->unknown) return;
    if (operand->op != "==" && operand->op != "!=") {
      Error(*operand->at, "operator " + Quoted(operand->op) + " cannot compare states");
      return;
    }
    uint8_t states = 0;
    for (const Token* item : operand->items) {
      std::optional<uint8_t> bit = Lookup(kStates, item->value);
      if (!bit) {
        Error(*item, "unknown conntrack state " + Quoted(item->value));
        return;
      }
      states |= *bit;
    }
    bool negated = operand->op == "!=";
    auto term_for = [&](Family family) {
      iptables::StateMatchContext context;
      context.family = family;
      context.before_conntrack = env_.before_conntrack;
      return iptables::StateTerm(states, negated, context);
    };
    if (env_.family == "ip") {
      terms_.push_back(term_for(Family::kIpv4));
    } else if (env_.family == "ip6") {
      terms_.push_back(term_for(Family::kIpv6));
    } else {
      std::vector<Match> ways;
      ways.push_back(Match({FamilyTerm(Family::kIpv4), term_for(Family::kIpv4)}));
      ways.push_back(Match({FamilyTerm(Family::kIpv6), term_for(Family::kIpv6)}));
      terms_.push_back(Term::AnyOf(std::move(ways)));
    }
  }

  void ParseVerdict() {
    const Token& t = *Next();
    verdict_ = true;
    Action& action = action_;
    std::string name(t.text);
    if (t.Is("accept")) {
      action = Action::Of(ActionKind::kAccept, name);
    } else if (t.Is("drop")) {
      action = Action::Of(ActionKind::kDrop, name);
    } else if (t.Is("return")) {
      action = Action::Of(ActionKind::kReturn, name);
    } else if (t.Is("continue")) {
      action = Action::Of(ActionKind::kContinue, name);
    } else if (t.Is("jump") || t.Is("goto")) {
      const Token* target = Next();
      if (!target || target->kind == Token::Kind::kPunct) {
        Error(t, "expected a chain name after " + Quoted(t.text));
        return;
      }
      action = Action::Of(t.Is("jump") ? ActionKind::kJump : ActionKind::kGoto,
                          name + " " + std::string(target->value));
      action.chain = std::string(target->value);
      targets_.push_back(target);
    } else if (t.Is("reject")) {
      // reject [with icmp|icmpv6|icmpx [type] NAME | with tcp reset]
      if (PeekIs("with")) {
        for (int i = 0; i < 3 && Peek() && !PeekIs("comment"); ++i) {
          name += " " + std::string(Next()->text);
          if (i == 1 && PeekIs("type")) name += " " + std::string(Next()->text);
        }
      }
      action = Action::Of(ActionKind::kReject, name);
      AddRejectDependency(name);
    } else {  // queue: the verdict is user space's
      diagnostics_.Warning(
          At(t), "unsupported verdict " + Quoted(t.text) + "; the rule's action is unknown");
      action = Action::Of(ActionKind::kUnknown, name);
      while (Peek() && !PeekIs("comment")) ++pos_;
    }
  }

  // nft adds a match that its listing does not print: `reject with tcp reset` applies only to
  // TCP, and in an inet table `with icmp` only to IPv4, `with icmpv6` only to IPv6. Other
  // packets go on to the next rule (kernel-checked by tests/oracle/compare_nftables.py).
  void AddRejectDependency(const std::string& name) {
    auto has = [&name](std::string_view piece) { return name.find(piece) != std::string::npos; };
    if (has(" with tcp reset")) terms_.push_back(Term::FieldIs(Field::kProtocol, protocol::kTcp));
    if (env_.family != "inet") return;
    if (has(" with icmpv6")) {
      terms_.push_back(Term::FieldIs(Field::kFamily, 1));
    } else if (has(" with icmp ") || name.ends_with(" with icmp")) {
      terms_.push_back(Term::FieldIs(Field::kFamily, 0));
    }
  }

  std::span<const Token> tokens_;
  const SourceFilePtr& file_;
  const RuleEnvironment& env_;
  Diagnostics& diagnostics_;
  size_t pos_ = 0;
  bool verdict_ = false;
  bool failed_ = false;
  std::vector<Term> terms_;
  Action action_ = Action::Of(ActionKind::kContinue, "continue");
  std::vector<std::pair<std::optional<Term>, Action>> vmap_;  // key condition, verdict
  std::vector<const Token*> targets_;
};

}  // namespace

ParsedRule ParseRule(std::span<const Token> tokens, const SourceFilePtr& file,
                     const RuleEnvironment& env, Diagnostics& diagnostics) {
  return RuleParser(tokens, file, env, diagnostics).Run();
}

}  // namespace flowaudit::nftables
