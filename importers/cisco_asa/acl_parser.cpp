#include "importers/cisco_asa/acl_parser.h"

#include "importers/cisco_asa/asa_names.h"

namespace flowaudit::asa {
namespace {

bool IsPortOperator(std::string_view word) {
  return word == "eq" || word == "neq" || word == "lt" || word == "gt" || word == "range";
}

Term UnknownTerm(const std::string& reason) { return Term::Unknown(reason); }

class AceParser {
 public:
  AceParser(const Line& line, const Config& config, Resolver& resolver)
      : config_(config), resolver_(resolver), in_(line, 2, resolver) {}

  // The rule's match and action; nullopt after an error (reported).
  std::optional<Rule> Parse(bool* inactive, std::string* time_range);

 private:
  bool Protocol();
  bool AddressTerm(Field field);
  bool MaybePorts(Field field);
  bool Options(bool* inactive, std::string* time_range);
  bool IsPortGroup(std::string_view name) const {
    auto it = config_.groups.find(std::string(name));
    return it != config_.groups.end() && it->second.kind == GroupKind::kPortService;
  }

  const Config& config_;
  Resolver& resolver_;
  Cursor in_;
  Match match_;
  bool ports_allowed_ = false;  // the protocol has ports and no service object gave them
  bool icmp_allowed_ = false;
  bool icmp6_ = false;
  uint8_t port_protocol_ = 0;  // names in port operators: 6, 17 or 0 (both)
};

std::optional<Rule> AceParser::Parse(bool* inactive, std::string* time_range) {
  if (in_.Peek() == "line") {  // an insertion hint, never saved; accept it anyway
    in_.Take();
    in_.Take();
  }
  std::optional<std::string_view> type = in_.Expect("'extended'");
  if (!type) return std::nullopt;
  if (*type != "extended") {
    in_.Error(*type, "expected 'extended', got '" + std::string(*type) + "'");
    return std::nullopt;
  }
  std::optional<std::string_view> verb = in_.Expect("'permit' or 'deny'");
  if (!verb) return std::nullopt;
  Rule rule;
  if (*verb == "permit") {
    rule.action = Action::Of(ActionKind::kAccept, "permit");
  } else if (*verb == "deny") {
    rule.action = Action::Of(ActionKind::kDrop, "deny");
  } else {
    in_.Error(*verb, "expected 'permit' or 'deny', got '" + std::string(*verb) + "'");
    return std::nullopt;
  }
  if (!Protocol()) return std::nullopt;
  if (!AddressTerm(Field::kSrcAddress) || !MaybePorts(Field::kSrcPort) ||
      !AddressTerm(Field::kDstAddress) || !MaybePorts(Field::kDstPort)) {
    return std::nullopt;
  }
  if (icmp_allowed_ && !in_.AtEnd()) {
    std::string_view word = in_.Peek();
    if (word == "object-group") {
      in_.Take();
      std::optional<std::string_view> name = in_.Expect("an icmp-type group name");
      if (!name) return std::nullopt;
      std::optional<Group> group = resolver_.Flatten(*name, GroupKind::kIcmpType);
      if (!group) {
        in_.Error(*name, "unknown icmp-type object-group '" + std::string(*name) + "'");
        match_.Add(UnknownTerm("unknown icmp-type object-group '" + std::string(*name) + "'"));
      } else if (!group->unknown.empty()) {
        match_.Add(UnknownTerm(group->unknown));
      } else {
        match_.Add(Term::FieldIn(Field::kIcmpType, group->values));
      }
    } else if (std::optional<uint8_t> type = LookUpIcmpType(word, icmp6_)) {
      in_.Take();
      match_.Add(Term::FieldIs(Field::kIcmpType, *type));
      // An optional code follows a numeric type.
      if (std::optional<uint8_t> code = LookUpIcmpType(in_.Peek(), icmp6_);
          code && !in_.Peek().empty() && in_.Peek()[0] >= '0' && in_.Peek()[0] <= '9') {
        in_.Take();
        match_.Add(Term::FieldIs(Field::kIcmpCode, *code));
      }
    }
  }
  if (!Options(inactive, time_range)) return std::nullopt;
  rule.match = std::move(match_);
  return rule;
}

bool AceParser::Protocol() {
  std::optional<std::string_view> word = in_.Expect("a protocol");
  if (!word) return false;
  if (*word == "object" || *word == "object-group") {
    bool group = *word == "object-group";
    std::optional<std::string_view> name = in_.Expect(group ? "a group name" : "an object name");
    if (!name) return false;
    std::vector<ServiceAtom> services;
    if (!group) {
      services = resolver_.ServiceObject(*name);
    } else if (std::optional<Group> protocols = resolver_.Flatten(*name, GroupKind::kProtocol)) {
      if (!protocols->unknown.empty()) {
        match_.Add(UnknownTerm(protocols->unknown));
        ports_allowed_ = true;
        return true;
      }
      if (!protocols->any_protocol) match_.Add(Term::FieldIn(Field::kProtocol, protocols->values));
      bool all_port_protocols = !protocols->any_protocol && !protocols->values.empty();
      bool tcp = false, udp = false;
      for (const ValueRange& r : protocols->values) {
        tcp = tcp || r.lo == 6 || r.lo == 132;
        udp = udp || r.lo == 17;
        if (r.lo != 6 && r.lo != 17 && r.lo != 132) all_port_protocols = false;
      }
      ports_allowed_ = all_port_protocols;
      port_protocol_ = tcp && udp ? 0 : udp ? 17 : 6;
      return true;
    } else if (std::optional<Group> svc = resolver_.Flatten(*name, GroupKind::kService);
               svc && svc->kind == GroupKind::kService) {
      services = svc->services;
    } else {
      std::string message =
          IsPortGroup(*name)
              ? "object-group '" + std::string(*name) +
                    "' holds ports only; it cannot stand for the protocol"
              : "unknown protocol or service object-group '" + std::string(*name) + "'";
      in_.Error(*name, message);
      match_.Add(UnknownTerm(message));
      return true;
    }
    std::vector<Match> alternatives;
    for (const ServiceAtom& s : services) alternatives.push_back(s.ToMatch());
    match_.Add(Term::AnyOf(std::move(alternatives)));
    return true;
  }
  bool any = false;
  std::optional<uint8_t> p = LookUpProtocol(*word, &any);
  if (!p && !any) {
    in_.Error(*word, "unknown protocol '" + std::string(*word) + "'");
    return false;
  }
  if (any) return true;
  match_.Add(Term::FieldIs(Field::kProtocol, *p));
  ports_allowed_ = *p == 6 || *p == 17 || *p == 132;
  port_protocol_ = *p == 17 ? 17 : 6;
  icmp_allowed_ = *p == 1 || *p == 58;
  icmp6_ = *p == 58;
  return true;
}

// The address operand: adds its condition on `field` (none for `any`). False after an error.
bool AceParser::AddressTerm(Field field) {
  // Identity firewall and TrustSec conditions come before the address.
  std::string_view word = in_.Peek();
  if (word == "user" || word == "user-group" || word == "object-group-user" ||
      word == "security-group" || word == "object-group-security") {
    in_.Take();
    std::string_view what = in_.Take();
    if (word == "security-group") what = in_.Take();  // `security-group name X` / `tag N`
    resolver_.WarningOnce(
        word, "'" + std::string(word) + "' conditions are not modelled; the ACE is UNKNOWN");
    match_.Add(UnknownTerm(std::string(word) + " " + std::string(what)));
  }
  std::optional<std::string_view> first = in_.Expect("an address");
  if (!first) return false;
  if (*first == "any") return true;
  if (*first == "any4" || *first == "any6") {
    match_.Add(Term::FieldIs(Field::kFamily, *first == "any6" ? 1 : 0));
    return true;
  }
  std::vector<AddressAtom> atoms;
  if (*first == "object" || *first == "object-group" || *first == "interface") {
    std::optional<std::string_view> name = in_.Expect("a name");
    if (!name) return false;
    if (*first == "object") {
      atoms = resolver_.NetworkObject(*name);
    } else if (*first == "interface") {
      const Interface* i = config_.FindInterface(*name);
      if (!i) {
        in_.Error(*name, "unknown interface '" + std::string(*name) + "'");
        atoms.push_back(AddressAtom::Unknown("unknown interface " + std::string(*name)));
      } else if (!i->address) {
        atoms.push_back(AddressAtom::Unknown("interface " + i->nameif + " has no address"));
      } else {
        const uint128 all =
            i->address->family == Family::kIpv4 ? (uint128(1) << 32) - 1 : ~uint128(0);
        atoms.push_back(AddressAtom{i->address->family, i->address->value, all, {}});
      }
    } else if (std::optional<Group> group = resolver_.Flatten(*name, GroupKind::kNetwork)) {
      atoms = group->addresses;
    } else {
      std::string message = "unknown network object-group '" + std::string(*name) + "'";
      in_.Error(*name, message);
      atoms.push_back(AddressAtom::Unknown(message));
    }
  } else {
    in_.Back();
    std::optional<AddressAtom> atom = in_.Address(config_);
    if (!atom) return false;
    atoms.push_back(*atom);
  }
  if (atoms.size() == 1 && atoms[0].unknown.empty()) {
    match_.Append(atoms[0].ToMatch(field));
    return true;
  }
  std::vector<Match> alternatives;
  for (const AddressAtom& a : atoms) alternatives.push_back(a.ToMatch(field));
  match_.Add(Term::AnyOf(std::move(alternatives)));
  return true;
}

// An optional port condition: an operator or a typed service group. False after an error.
bool AceParser::MaybePorts(Field field) {
  std::string_view word = in_.Peek();
  if (!ports_allowed_) return true;
  if (IsPortOperator(word)) {
    std::optional<std::vector<ValueRange>> ports = in_.PortOperator(port_protocol_);
    if (!ports) return false;
    match_.Add(Term::FieldIn(field, std::move(*ports)));
    return true;
  }
  if (word == "object-group" && IsPortGroup(in_.PeekAt(1))) {
    in_.Take();
    std::string_view name = in_.Take();
    std::optional<Group> group = resolver_.Flatten(name, GroupKind::kPortService);
    if (!group->unknown.empty()) {
      match_.Add(UnknownTerm(group->unknown));
    } else {
      match_.Add(Term::FieldIn(field, group->values));
      // A typed group also restricts the protocol (tcp or udp; tcp-udp keeps both).
      if (group->port_protocol != 0)
        match_.Add(Term::FieldIs(Field::kProtocol, group->port_protocol));
    }
  }
  return true;
}

bool AceParser::Options(bool* inactive, std::string* time_range) {
  while (!in_.AtEnd()) {
    std::string_view word = in_.Take();
    if (word == "log") {
      std::string_view next = in_.Peek();
      if (next == "disable" || next == "default") {
        in_.Take();
        continue;
      }
      if (!next.empty() && next[0] >= '0' && next[0] <= '9') in_.Take();  // level
      static constexpr std::string_view kLevels[] = {"emergencies",   "alerts",   "critical",
                                                     "errors",        "warnings", "notifications",
                                                     "informational", "debugging"};
      for (std::string_view level : kLevels) {
        if (in_.Peek() == level) in_.Take();
      }
      if (in_.Peek() == "interval") {
        in_.Take();
        if (!in_.Expect("an interval")) return false;
      }
    } else if (word == "inactive") {
      *inactive = true;
    } else if (word == "time-range") {
      std::optional<std::string_view> name = in_.Expect("a time-range name");
      if (!name) return false;
      *time_range = *name;
    } else {
      in_.Error(word, "unexpected '" + std::string(word) + "' in an access-list entry");
      return false;
    }
  }
  return true;
}

}  // namespace

Acls ParseAccessLists(const std::vector<Line>& lines, const Config& config, Resolver& resolver,
                      const SourceFilePtr& file, Diagnostics& diagnostics) {
  Acls acls;
  for (const Line& line : lines) {
    if (line.words.size() < 3) {
      resolver.ErrorOnce(line.text.substr(line.text.size()),
                         "expected an access-list entry at the end of the line");
      continue;
    }
    std::string name(line.words[1]);
    std::string_view type = line.words[2];
    if (type == "remark") continue;
    if (type == "standard" || type == "webtype" || type == "ethertype") {
      diagnostics.Warning(
          RangeOf(file, type),
          "'" + std::string(type) + "' access-lists are not traffic ACLs; not modelled");
      continue;
    }
    Chain& chain = acls.chains[name];
    if (chain.name.empty()) {
      chain.name = name;
      chain.policy = Action::Of(ActionKind::kDrop, "implicit deny");
      chain.location = RangeOf(file, line.text);
    }
    bool inactive = false;
    std::string time_range;
    AceParser parser(line, config, resolver);
    std::optional<Rule> rule = parser.Parse(&inactive, &time_range);
    if (!rule) {
      // Never drop a rule silently: what could not be read may match anything.
      rule = Rule{Match({Term::Unknown("invalid access-list entry")}),
                  Action::Of(ActionKind::kUnknown, "invalid"),
                  {},
                  {}};
    }
    if (inactive) continue;  // disabled: matches nothing
    if (!time_range.empty()) {
      diagnostics.Warning(RangeOf(file, line.text),
                          "time-range '" + time_range + "' is not modelled: the entry is UNKNOWN");
      rule->match.Add(Term::Unknown("time-range " + time_range));
    }
    rule->location = RangeOf(file, line.text);
    ++acls.rule_count;
    if (rule->match.HasUnknown()) ++acls.unknown_rule_count;
    chain.rules.push_back(std::move(*rule));
  }
  return acls;
}

}  // namespace flowaudit::asa
