#include "importers/nftables/rule_builder.h"

#include "importers/iptables/conntrack_state.h"
#include "importers/iptables/netfilter_names.h"
#include "importers/nftables/nft_names.h"

namespace flowaudit::nftables {
namespace {

using iptables::ParseNumber;

std::string Quoted(std::string_view text) { return "'" + std::string(text) + "'"; }

Term FamilyTerm(Family family) { return Term::FieldIs(Field::kFamily, uint128(family)); }

std::optional<uint8_t> TransportNumber(std::string_view head) {
  if (head == "tcp") return protocol::kTcp;
  if (head == "udp") return protocol::kUdp;
  if (head == "udplite") return protocol::kUdplite;
  if (head == "sctp") return protocol::kSctp;
  if (head == "dccp") return protocol::kDccp;
  return std::nullopt;
}

std::optional<uint16_t> Port(std::string_view text, uint8_t ip_protocol) {
  if (std::optional<uint64_t> n = ParseNumber(text, 65535)) return uint16_t(*n);
  // Older nft, and `nft -S`, print service names.
  return iptables::LookupService(text, ip_protocol).port;
}

std::optional<uint8_t> ProtocolNumber(std::string_view text) {
  if (text == "all") return std::nullopt;
  if (std::optional<uint64_t> n = ParseNumber(text, 255)) return uint8_t(*n);
  return iptables::LookupProtocol(text);
}

}  // namespace

std::optional<Selector> FindSelector(std::string_view head, std::string_view field,
                                     const SourceRange& at) {
  Selector s;
  s.text = std::string(head) + " " + std::string(field);
  s.at = at;
  using V = Selector::Values;
  auto values = [&](V kind, Field f) {
    s.values = kind;
    s.field = f;
    return s;
  };
  bool address = field == "saddr" || field == "daddr";
  Field address_field = field == "saddr" ? Field::kSrcAddress : Field::kDstAddress;
  if (head == "ip" || head == "ip6") {
    Family family = head == "ip" ? Family::kIpv4 : Family::kIpv6;
    s.network = std::string(head);
    s.implied = {FamilyTerm(family)};
    if (address) return values(head == "ip" ? V::kIpv4 : V::kIpv6, address_field);
    if (field == (head == "ip" ? "protocol" : "nexthdr")) {
      s.names_transport = true;
      return values(V::kProtocol, Field::kProtocol);
    }
    return std::nullopt;
  }
  if (head == "meta") {
    if (field == "l4proto") {
      s.names_transport = true;
      return values(V::kProtocol, Field::kProtocol);
    }
    if (field == "nfproto") return values(V::kFamily, Field::kFamily);
    if (field == "iifname" || field == "oifname" || field == "iif" || field == "oif") {
      s.text = std::string(field);
      s.kind = Selector::Kind::kInterface;
      s.input_interface = field.starts_with("i");
      return s;
    }
    return std::nullopt;
  }
  if (head == "ct" && field == "state") {
    s.kind = Selector::Kind::kState;
    return s;
  }
  if (head == "th" && (field == "dport" || field == "sport")) {
    s.kind = Selector::Kind::kTransportPort;
    return values(V::kPort, field == "dport" ? Field::kDstPort : Field::kSrcPort);
  }
  if (std::optional<uint8_t> proto = TransportNumber(head);
      proto && (field == "dport" || field == "sport")) {
    s.transport = std::string(head);
    s.transport_number = *proto;
    s.implied = {Term::FieldIs(Field::kProtocol, *proto)};
    return values(V::kPort, field == "dport" ? Field::kDstPort : Field::kSrcPort);
  }
  if ((head == "icmp" || head == "icmpv6") && field == "type") {
    bool v4 = head == "icmp";
    s.transport = std::string(head);
    s.transport_number = v4 ? protocol::kIcmp : protocol::kIcmpv6;
    s.implied = {FamilyTerm(v4 ? Family::kIpv4 : Family::kIpv6),
                 Term::FieldIs(Field::kProtocol, s.transport_number)};
    return values(v4 ? V::kIcmp : V::kIcmpv6, Field::kIcmpType);
  }
  return std::nullopt;
}

RuleBuilder::RuleBuilder(const RuleEnvironment& env, Diagnostics& diagnostics)
    : env_(env), diagnostics_(diagnostics) {
  if (env.family == "ip" || env.family == "ip6") network_ = env.family;
}

void RuleBuilder::Error(const SourceRange& at, std::string message) {
  diagnostics_.Error(at, std::move(message));
  failed_ = true;
}

void RuleBuilder::Implied(const Selector& selector) {
  for (const Term& term : selector.implied) terms_.push_back(term);
}

void RuleBuilder::Unsupported(const SourceRange& at, const std::string& message) {
  diagnostics_.Warning(at, message + "; the rule's match is unknown");
  terms_.push_back(Term::Unknown("nftables: " + std::string(at.Text())));
}

// nft (src/payload.c) refuses a rule whose header dependencies contradict each other:
// `tcp dport 80 udp dport 53`, `meta l4proto udp tcp dport 80`, `ip saddr … ip6 daddr …`.
bool RuleBuilder::CheckProtocols(const Selector& selector, const std::vector<ValueItem>& values,
                                 std::string_view op) {
  if (selector.values == Selector::Values::kFamily && env_.family != "inet") {
    Error(selector.at, "meta nfproto is only useful in the inet family");
    return false;
  }
  if (!selector.network.empty()) {
    if (!network_.empty() && network_ != selector.network) {
      Error(selector.at,
            "conflicting protocols specified: " + network_ + " vs. " + selector.network);
      return false;
    }
    network_ = selector.network;
  }
  if (selector.values == Selector::Values::kFamily && op == "==" && values.size() == 1 &&
      (values[0].text == "ipv4" || values[0].text == "ipv6") && network_.empty()) {
    network_ = values[0].text == "ipv4" ? "ip" : "ip6";
  }
  if (!selector.transport.empty()) {
    // `meta l4proto { tcp, udp } tcp dport 80`: nft names the last one that disagrees.
    for (auto it = transport_.rbegin(); it != transport_.rend(); ++it) {
      if (it->second == selector.transport_number) continue;
      Error(selector.at,
            "conflicting protocols specified: " + it->first + " vs. " + selector.transport);
      return false;
    }
    transport_ = {{selector.transport, selector.transport_number}};
  }
  if (selector.names_transport && op == "==" && transport_.empty()) {
    for (const ValueItem& item : values) {
      std::optional<uint8_t> number = ProtocolNumber(item.text);
      if (!number) return true;  // reported with the values
      transport_.emplace_back(item.text, *number);
    }
  }
  return true;
}

void RuleBuilder::Compare(const Selector& selector, std::string_view op,
                          const SourceRange& value_at, const std::vector<ValueItem>& values) {
  // The dependencies hold whatever the value: `ip saddr @unusable` is unknown for IPv4 only.
  for (const Term& term : selector.implied) terms_.push_back(term);
  if (!CheckProtocols(selector, values, op)) return;
  switch (selector.kind) {
    case Selector::Kind::kTransportPort:
      return CompareTransportPort(selector, op, value_at, values);
    case Selector::Kind::kInterface:
      return CompareInterface(selector, op, values);
    case Selector::Kind::kState:
      return CompareState(selector, op, values);
    case Selector::Kind::kValues:
      break;
  }
  std::vector<ValueRange> ranges;
  for (const ValueItem& item : values) {
    if (!AddRanges(selector, item, &ranges)) return;
  }
  bool negated = op == "!=";
  if (op != "==" && !negated) {
    if (selector.values != Selector::Values::kPort || ranges.size() != 1 ||
        ranges[0].lo != ranges[0].hi) {
      Error(value_at, "operator " + Quoted(op) + " needs one port");
      return;
    }
    uint128 v = ranges[0].lo;
    if ((op == "<" && v == 0) || (op == ">" && v == 0xFFFF)) {
      ranges.clear();
    } else if (op == "<" || op == "<=") {
      ranges[0] = {0, op == "<" ? v - 1 : v};
    } else {
      ranges[0] = {op == ">" ? v + 1 : v, 0xFFFF};
    }
  }
  terms_.push_back(Term::FieldIn(selector.field, std::move(ranges), negated));
}

void RuleBuilder::CompareNamedSet(const Selector& selector, std::string_view op,
                                  const ValueItem& ref) {
  std::string name = ref.text.substr(1);
  auto it = env_.sets->find(name);
  if (it == env_.sets->end()) {
    for (const Term& term : selector.implied) terms_.push_back(term);
    Error(ref.at, "undefined set " + Quoted(ref.text));
    return;
  }
  const NamedSet& set = it->second;
  std::string problem;
  if (set.dynamic) {
    problem = "set " + Quoted(name) + " is dynamic (its elements change at runtime)";
  } else if (set.map) {
    problem = Quoted(ref.text) + " is a map, not a set";
  } else if (set.type.find('.') != std::string::npos) {
    problem = "set " + Quoted(name) + " has a concatenated type";
  } else if (set.unreadable) {
    problem = "set " + Quoted(name) + " has elements flowaudit cannot read";
  } else if (!set.has_elements) {
    problem = "set " + Quoted(name) +
              " lists no elements (empty, or listed with -t/--terse, which omits them)";
  }
  if (!problem.empty()) {
    for (const Term& term : selector.implied) terms_.push_back(term);
    if (!CheckProtocols(selector, {}, op)) return;
    diagnostics_.Warning(ref.at, problem + "; the rule's match is unknown");
    terms_.push_back(Term::Unknown("nftables set @" + name));
    return;
  }
  Compare(selector, op, ref.at, set.elements);
}

std::optional<Action> RuleBuilder::ActionOf(const VerdictSpec& verdict) {
  static const std::pair<std::string_view, ActionKind> kKinds[] = {
      {"accept", ActionKind::kAccept},     {"drop", ActionKind::kDrop},
      {"reject", ActionKind::kReject},     {"return", ActionKind::kReturn},
      {"continue", ActionKind::kContinue}, {"jump", ActionKind::kJump},
      {"goto", ActionKind::kGoto},
  };
  for (const auto& [keyword, kind] : kKinds) {
    if (verdict.keyword != keyword) continue;
    Action action = Action::Of(kind, verdict.name);
    if (kind == ActionKind::kJump || kind == ActionKind::kGoto) {
      action.chain = verdict.target;
      targets_.emplace_back(verdict.target, verdict.target_at);
    }
    return action;
  }
  return std::nullopt;
}

void RuleBuilder::VerdictMap(const Selector& selector,
                             const std::vector<std::pair<ValueItem, VerdictSpec>>& entries) {
  for (const Term& term : selector.implied) terms_.push_back(term);
  if (!CheckProtocols(selector, {}, "==")) return;
  std::vector<std::pair<std::optional<Term>, Action>> rules;
  for (const auto& [key, verdict] : entries) {
    std::optional<Action> action = ActionOf(verdict);
    bool needs_target = verdict.keyword == "jump" || verdict.keyword == "goto";
    if (!action || verdict.keyword == "reject" || (needs_target && verdict.target.empty())) {
      Error(verdict.at, "expected a verdict, got " + Quoted(verdict.name));
      return;
    }
    std::optional<Term> condition = KeyTerm(selector, key);
    if (!condition) return;
    rules.emplace_back(std::move(*condition), std::move(*action));
  }
  has_verdict_ = true;
  vmap_ = std::move(rules);
}

// The condition `SELECTOR == KEY`, built as a comparison would build it (`ct state`,
// interface names and `th` ports have their own terms); nullopt after an error.
std::optional<Term> RuleBuilder::KeyTerm(const Selector& selector, const ValueItem& key) {
  Selector plain = selector;
  plain.implied.clear();  // the map's dependencies are already there
  size_t before = terms_.size();
  switch (selector.kind) {
    case Selector::Kind::kValues: {
      std::vector<ValueRange> ranges;
      if (!AddRanges(selector, key, &ranges)) return std::nullopt;
      return Term::FieldIn(selector.field, std::move(ranges));
    }
    case Selector::Kind::kTransportPort:
      CompareTransportPort(plain, "==", key.at, {key});
      break;
    case Selector::Kind::kInterface:
      CompareInterface(plain, "==", {key});
      break;
    case Selector::Kind::kState:
      CompareState(plain, "==", {key});
      break;
  }
  if (failed_ || terms_.size() != before + 1) return std::nullopt;
  Term term = std::move(terms_.back());
  terms_.pop_back();
  return term;
}

void RuleBuilder::NamedVerdictMap(const Selector& selector, const ValueItem& ref) {
  std::string name = ref.text.substr(1);
  auto it = env_.sets->find(name);
  if (it == env_.sets->end()) {
    Error(ref.at, "undefined map " + Quoted(ref.text));
    return;
  }
  const NamedSet& map = it->second;
  if (!map.verdict_map || map.dynamic || map.unreadable || !map.has_elements) {
    std::string why = !map.verdict_map ? " is not a verdict map"
                      : map.dynamic    ? " is dynamic (its elements change at runtime)"
                      : map.unreadable ? " has elements flowaudit cannot read"
                                       : " lists no elements";
    Unsupported(ref.at, "map " + Quoted(name) + why);
    has_verdict_ = true;
    action_ = Action::Of(ActionKind::kUnknown, "vmap " + ref.text);
    return;
  }
  std::vector<std::pair<ValueItem, VerdictSpec>> entries;
  for (size_t i = 0; i < map.elements.size() && i < map.verdicts.size(); ++i) {
    entries.emplace_back(map.elements[i], map.verdicts[i]);
  }
  VerdictMap(selector, entries);
}

void RuleBuilder::Verdict(const VerdictSpec& verdict) {
  has_verdict_ = true;
  if (std::optional<Action> action = ActionOf(verdict)) {
    action_ = std::move(*action);
    if (verdict.keyword == "reject") AddRejectDependency(verdict);
    return;
  }
  // queue and the like: the verdict is user space's.
  diagnostics_.Warning(verdict.at, "unsupported verdict " + Quoted(verdict.keyword) +
                                       "; the rule's action is unknown");
  action_ = Action::Of(ActionKind::kUnknown, verdict.name);
}

// nft adds a match that its listing does not print: `reject with tcp reset` applies only to
// TCP, and in an inet table `with icmp` only to IPv4, `with icmpv6` only to IPv6. Other packets
// go on to the next rule (kernel-checked by tests/oracle/compare_nftables.py).
void RuleBuilder::AddRejectDependency(const VerdictSpec& verdict) {
  const std::string& name = verdict.name;
  auto has = [&name](std::string_view piece) { return name.find(piece) != std::string::npos; };
  bool v6 = has(" with icmpv6");
  bool v4 = !v6 && (has(" with icmp ") || name.ends_with(" with icmp"));
  if (has(" with tcp reset")) {
    bool tcp = transport_.size() == 1 && transport_[0].second == protocol::kTcp;
    if (!transport_.empty() && !tcp) {
      Error(verdict.at, "you cannot use tcp reset with this protocol");
      return;
    }
    terms_.push_back(Term::FieldIs(Field::kProtocol, protocol::kTcp));
  }
  if (has(" with icmpx") && env_.family != "inet") {
    Error(verdict.with_at.IsValid() ? verdict.with_at : verdict.at,
          "abstracted ICMP unreachable not supported");
    return;
  }
  if ((v4 && network_ == "ip6") || (v6 && network_ == "ip")) {
    Error(verdict.with_at.IsValid() ? verdict.with_at : verdict.at,
          "conflicting protocols specified: ip vs ip6");  // nft's words, either way round
    return;
  }
  if (env_.family != "inet") return;
  if (v6) terms_.push_back(FamilyTerm(Family::kIpv6));
  if (v4) terms_.push_back(FamilyTerm(Family::kIpv4));
}

bool RuleBuilder::AddRanges(const Selector& selector, const ValueItem& item,
                            std::vector<ValueRange>* out) {
  std::string_view text = item.text;
  using V = Selector::Values;
  switch (selector.values) {
    case V::kIpv4:
    case V::kIpv6: {
      Family family = selector.values == V::kIpv4 ? Family::kIpv4 : Family::kIpv6;
      std::string expected = family == Family::kIpv4 ? "expected an IPv4 address, got "
                                                     : "expected an IPv6 address, got ";
      size_t dash = text.find('-');
      if (dash != std::string_view::npos) {
        std::optional<IpAddress> lo = ParseIpAddress(text.substr(0, dash));
        std::optional<IpAddress> hi = ParseIpAddress(text.substr(dash + 1));
        if (!lo || !hi || lo->family != family || hi->family != family) {
          Error(item.at, expected + Quoted(text));
          return false;
        }
        if (lo->value > hi->value) {
          Error(item.at, "Range has zero or negative size");  // nft's words
          return false;
        }
        out->push_back({lo->value, hi->value});
        return true;
      }
      std::string error;
      std::optional<Prefix> prefix = ParsePrefix(text, &error);
      if (!prefix || prefix->address.family != family) {
        Error(item.at, prefix ? expected + Quoted(text) : error);
        return false;
      }
      out->push_back({prefix->First(), prefix->Last()});
      return true;
    }
    case V::kPort: {
      uint8_t proto = selector.transport_number ? selector.transport_number : protocol::kTcp;
      size_t dash = text.find('-');
      std::optional<uint16_t> lo = Port(text.substr(0, dash), proto);
      std::optional<uint16_t> hi =
          dash == std::string_view::npos ? lo : Port(text.substr(dash + 1), proto);
      if (!lo || !hi) {
        Error(item.at, "expected a port, got " + Quoted(text));
        return false;
      }
      if (*lo > *hi) {
        Error(item.at, "Range has zero or negative size");
        return false;
      }
      out->push_back({*lo, *hi});
      return true;
    }
    case V::kProtocol: {
      std::optional<uint8_t> proto = ProtocolNumber(text);
      if (!proto) {
        Error(item.at, "unknown protocol " + Quoted(text));
        return false;
      }
      out->push_back({*proto, *proto});
      return true;
    }
    case V::kIcmp:
    case V::kIcmpv6: {
      bool v4 = selector.values == V::kIcmp;
      std::optional<uint64_t> number = ParseNumber(text, 255);
      std::optional<uint8_t> type = number ? std::optional<uint8_t>(uint8_t(*number))
                                           : (v4 ? IcmpType(text) : Icmpv6Type(text));
      if (!type) {
        Error(item.at,
              std::string(v4 ? "unknown ICMP type " : "unknown ICMPv6 type ") + Quoted(text));
        return false;
      }
      out->push_back({*type, *type});
      return true;
    }
    case V::kFamily: {
      if (text != "ipv4" && text != "ipv6") {
        Error(item.at, "expected 'ipv4' or 'ipv6', got " + Quoted(text));
        return false;
      }
      uint128 f = uint128(text == "ipv4" ? Family::kIpv4 : Family::kIpv6);
      out->push_back({f, f});
      return true;
    }
    case V::kNone:
      break;
  }
  return false;
}

// `th dport`: the first bytes of any transport header. Only protocols with ports are modelled;
// for the others the bytes are something else, so the match is unknown there.
void RuleBuilder::CompareTransportPort(const Selector& selector, std::string_view op,
                                       const SourceRange& value_at,
                                       const std::vector<ValueItem>& values) {
  Selector plain = selector;
  plain.kind = Selector::Kind::kValues;
  size_t before = terms_.size();
  Compare(plain, op, value_at, values);
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

void RuleBuilder::CompareInterface(const Selector& selector, std::string_view op,
                                   const std::vector<ValueItem>& values) {
  if (op != "==" && op != "!=") {
    Error(values.front().at, "operator " + Quoted(op) + " cannot compare interface names");
    return;
  }
  Term::Kind kind = selector.input_interface ? Term::Kind::kInInterface : Term::Kind::kOutInterface;
  std::vector<Match> names;
  for (const ValueItem& item : values) {
    std::string name = item.text;
    // nft's wildcard is a trailing '*'; flowaudit's (iptables') is '+'.
    if (item.quoted && name.ends_with("*") && !name.ends_with("\\*")) name.back() = '+';
    names.push_back(Match({Term::Interface(kind, std::move(name))}));
  }
  bool negated = op == "!=";
  if (names.size() == 1) {
    Term term = names[0].terms()[0];
    term.negated = negated;
    terms_.push_back(std::move(term));
  } else {
    terms_.push_back(Term::AnyOf(std::move(names), negated));
  }
}

void RuleBuilder::CompareState(const Selector& selector, std::string_view op,
                               const std::vector<ValueItem>& values) {
  (void)selector;
  if (op != "==" && op != "!=") {
    Error(values.front().at, "operator " + Quoted(op) + " cannot compare states");
    return;
  }
  uint8_t states = 0;
  for (const ValueItem& item : values) {
    std::optional<uint8_t> bit = ConntrackState(item.text);
    if (!bit) {
      Error(item.at, "unknown conntrack state " + Quoted(item.text));
      return;
    }
    states |= *bit;
  }
  bool negated = op == "!=";
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

ParsedRule RuleBuilder::Finish(const SourceRange& location, const std::string& label) {
  ParsedRule out;
  if (failed_) terms_.push_back(Term::Unknown("a rule flowaudit could not read"));
  if (verdict_may_be_hidden_ && !has_verdict_) {
    action_ = Action::Of(ActionKind::kUnknown, "a verdict flowaudit could not read");
  }
  if (vmap_.empty() || failed_) vmap_ = {{std::nullopt, action_}};
  for (auto& [key, action] : vmap_) {
    Rule rule;
    std::vector<Term> terms = terms_;
    if (key) terms.push_back(std::move(*key));
    rule.match = Match(std::move(terms));
    rule.action = std::move(action);
    rule.location = location;
    rule.label = label;
    out.rules.push_back(std::move(rule));
  }
  out.targets = std::move(targets_);
  out.unreadable = verdict_may_be_hidden_;
  return out;
}

}  // namespace flowaudit::nftables
