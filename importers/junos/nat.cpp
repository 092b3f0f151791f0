#include "importers/junos/nat.h"

#include "importers/junos/junos_names.h"

namespace flowaudit::junos {
namespace {

uint8_t FamilyBit(Family family) { return family == Family::kIpv6 ? 1 : 0; }

class NatReader {
 public:
  explicit NatReader(Reporter& reporter) : reporter_(reporter) {}

  // The rules of one rule-set kind ("static", "destination" or "source"), interface
  // rule-sets before zone ones.
  void ReadRuleSets(const Node& section, const std::string& kind, Chain& chain) {
    const Node* rule_sets = section.Find("rule-set");
    if (!rule_sets) return;
    rule_sets->MarkSelf(Use::kUnderstood);
    for (const char* wanted : {"interface", "zone", "routing-instance"}) {
      for (const Node* rule_set : rule_sets->ActiveChildren()) {
        const Node* from = Walk(rule_set, {"from"});
        const Node* context = from ? from->Find(wanted) : nullptr;
        if (!context && !(std::string(wanted) == "routing-instance" && !from)) continue;
        ReadRuleSet(*rule_set, from, kind, chain);
      }
    }
  }

  const Node* pools = nullptr;

 private:
  void ReadRuleSet(const Node& rule_set, const Node* from, const std::string& kind, Chain& chain) {
    rule_set.MarkSelf(Use::kUnderstood);
    Match context;
    std::string unknown;
    if (!from) {
      unknown = "NAT rule-set without 'from'";
    } else {
      from->MarkSelf(Use::kUnderstood);
      AddContext(*from, Term::Kind::kInInterface, Term::Kind::kFromZone, context, unknown);
    }
    if (const Node* to = rule_set.Find("to")) {
      to->MarkSelf(Use::kUnderstood);
      AddContext(*to, Term::Kind::kOutInterface, Term::Kind::kToZone, context, unknown);
    }
    if (!unknown.empty()) reporter_.Warn(from ? *from : rule_set, unknown + " (UNKNOWN)");
    if (!unknown.empty()) context.Add(Term::Unknown(unknown));
    for (const Node* child : rule_set.ActiveChildren()) {
      if (child->word() == "rule") {
        child->MarkSelf(Use::kUnderstood);
        for (const Node* rule : child->ActiveChildren()) {
          chain.rules.push_back(ReadRule(*rule, context, kind));
        }
      } else if (child->word() == "description") {
        child->Mark(Use::kUnderstood);
      } else if (child->word() != "from" && child->word() != "to") {
        reporter_.Warn(*child, "unsupported NAT rule-set statement '" + child->word() + "'");
      }
    }
  }

  void AddContext(const Node& side, Term::Kind interface_kind, Term::Kind zone_kind, Match& context,
                  std::string& unknown) {
    for (const Node* kind : side.ActiveChildren()) {
      std::vector<Match> any_of;
      for (const Node* name : kind->ActiveChildren()) {
        if (kind->word() == "interface") {
          any_of.push_back(Match({Term::Interface(interface_kind, name->word())}));
        } else if (kind->word() == "zone") {
          any_of.push_back(Match({Term::Zone(zone_kind, name->word())}));
        }
      }
      if (kind->word() == "interface" || kind->word() == "zone") {
        kind->Mark(Use::kUnderstood);
        context.Add(Term::AnyOf(std::move(any_of)));
      } else {
        unknown = "NAT rule-set '" + side.word() + " " + kind->word() + "' is not modelled";
        kind->Mark(Use::kReported);
      }
    }
  }

  Rule ReadRule(const Node& rule, const Match& context, const std::string& kind) {
    rule.MarkSelf(Use::kUnderstood);
    Rule out;
    out.label = rule.word();
    out.location = rule.range();
    out.match = context;
    std::optional<Prefix> destination;  // a single destination prefix, for static NAT
    if (const Node* match = rule.Find("match")) {
      match->MarkSelf(Use::kUnderstood);
      for (const Node* condition : match->ActiveChildren()) {
        ReadCondition(*condition, out.match, destination);
      }
    }
    const Node* then = rule.Find("then");
    if (then) then->MarkSelf(Use::kUnderstood);
    if (kind == "source") {
      // Source NAT runs after the policies; flowaudit does not translate sources yet.
      reporter_.Warn(rule, "source NAT is not modelled: packets rule '" + rule.word() +
                               "' matches are UNKNOWN");
      out.action = Action::Of(ActionKind::kUnknown, "source-nat");
      return out;
    }
    out.action =
        kind == "static" ? StaticAction(then, destination) : DestinationAction(then, rule.word());
    return out;
  }

  void ReadCondition(const Node& condition, Match& match, std::optional<Prefix>& destination) {
    const std::string& key = condition.word();
    std::vector<const Node*> values = condition.ActiveChildren();
    if (key == "destination-address" || key == "source-address") {
      std::vector<Match> any_of;
      for (const Node* value : values) {
        std::string error;
        auto prefix = ParsePrefix(value->word(), &error);
        if (!prefix) {
          reporter_.Error(*value, "expected a prefix, got '" + value->word() + "'");
          any_of.push_back(Match({Term::Unknown("NAT address " + value->word())}));
          continue;
        }
        if (key == "destination-address") destination = *prefix;
        Field field = key == "source-address" ? Field::kSrcAddress : Field::kDstAddress;
        any_of.push_back(Match({Term::FieldIs(Field::kFamily, FamilyBit(prefix->address.family)),
                                Term::FieldIn(field, {{prefix->First(), prefix->Last()}})}));
      }
      condition.Mark(Use::kUnderstood);
      match.Add(Term::AnyOf(std::move(any_of)));
    } else if (key == "destination-port" || key == "source-port") {
      // `destination-port 80`, `destination-port 80 to 90`, or a list of those.
      std::vector<ValueRange> ranges;
      for (const Node* value : values) {
        auto lo = LookUpPort(value->word());
        const Node* to = value->Find("to");
        auto hi =
            to && !to->ActiveChildren().empty() ? LookUpPort(to->ActiveChildren()[0]->word()) : lo;
        if (!lo || !hi || *lo > *hi) {
          reporter_.Error(*value, "expected a port or 'PORT to PORT'");
          continue;
        }
        ranges.push_back({*lo, *hi});
      }
      condition.Mark(Use::kUnderstood);
      match.Add(Term::FieldIn(key == "destination-port" ? Field::kDstPort : Field::kSrcPort,
                              std::move(ranges)));
    } else if (key == "protocol") {
      std::vector<ValueRange> protocols;
      for (const Node* value : values) {
        if (auto p = LookUpProtocol(value->word())) protocols.push_back({*p, *p});
      }
      condition.Mark(Use::kUnderstood);
      match.Add(Term::FieldIn(Field::kProtocol, std::move(protocols)));
    } else {
      reporter_.Warn(condition, "unsupported NAT match '" + key + "' (UNKNOWN)");
      match.Add(Term::Unknown("NAT match " + key));
    }
  }

  Action DestinationAction(const Node* then, const std::string& rule) {
    const Node* nat = then ? then->Find("destination-nat") : nullptr;
    if (nat && nat->Find("off")) {
      nat->Mark(Use::kUnderstood);
      return Action::Of(ActionKind::kAccept, "destination-nat off");
    }
    const Node* pool_ref = nat ? nat->Find("pool") : nullptr;
    std::vector<const Node*> names =
        pool_ref ? pool_ref->ActiveChildren() : std::vector<const Node*>{};
    if (names.empty()) {
      reporter_.Warn(then ? *then : *nat,
                     "unsupported destination NAT action in rule '" + rule + "' (UNKNOWN)");
      return Action::Of(ActionKind::kUnknown, "destination-nat");
    }
    nat->Mark(Use::kUnderstood);
    const Node* pool = Walk(pools, {names[0]->word()});
    const Node* address = Walk(pool, {"address"});
    std::vector<const Node*> values =
        address ? address->ActiveChildren() : std::vector<const Node*>{};
    if (!pool || values.empty()) {
      reporter_.Error(*names[0], "unknown destination NAT pool '" + names[0]->word() + "'");
      return Action::Of(ActionKind::kUnknown, "destination-nat");
    }
    pool->Mark(Use::kUnderstood);
    std::string error;
    auto prefix = ParsePrefix(values[0]->word(), &error);
    if (!prefix) {
      reporter_.Warn(*values[0], "unsupported pool address '" + values[0]->word() + "' (UNKNOWN)");
      return Action::Of(ActionKind::kUnknown, "destination-nat");
    }
    Action action = Action::Of(ActionKind::kDnat, "destination-nat");
    action.nat.family = prefix->address.family;
    action.nat.addresses = ValueRange{prefix->First(), prefix->Last()};
    if (const Node* to = values[0]->Find("to")) {  // `address A to B`
      auto last = to->ActiveChildren().empty() ? std::nullopt
                                               : ParseIpAddress(to->ActiveChildren()[0]->word());
      if (last) action.nat.addresses->hi = last->value;
    }
    const Node* port = values[0]->Find("port");
    if (!port) port = Walk(pool, {"address", "port"});
    if (port && !port->ActiveChildren().empty()) {
      if (auto p = LookUpPort(port->ActiveChildren()[0]->word())) {
        action.nat.ports = ValueRange{*p, *p};
      }
    }
    return action;
  }

  Action StaticAction(const Node* then, const std::optional<Prefix>& destination) {
    const Node* target = then ? Walk(then, {"static-nat", "prefix"}) : nullptr;
    std::vector<const Node*> values =
        target ? target->ActiveChildren() : std::vector<const Node*>{};
    std::string error;
    auto prefix = values.empty() ? std::nullopt : ParsePrefix(values[0]->word(), &error);
    const int host = prefix ? AddressBits(prefix->address.family) : 0;
    if (!prefix || !destination || prefix->length != host || destination->length != host) {
      reporter_.Warn(then ? *then : *target,
                     "static NAT other than host to host is not modelled "
                     "(UNKNOWN)");
      return Action::Of(ActionKind::kUnknown, "static-nat");
    }
    target->parent()->Mark(Use::kUnderstood);
    Action action = Action::Of(ActionKind::kDnat, "static-nat");
    action.nat.family = prefix->address.family;
    action.nat.addresses = ValueRange{prefix->First(), prefix->First()};
    return action;
  }

  Reporter& reporter_;
};

}  // namespace

NatChains ReadNat(const Node& root, Reporter& reporter) {
  NatChains out;
  const Node* nat = Walk(&root, {"security", "nat"});
  if (!nat) return out;
  nat->MarkSelf(Use::kUnderstood);
  NatReader reader(reporter);
  reader.pools = Walk(nat, {"destination", "pool"});
  Chain destination{
      "destination nat", {}, Action::Of(ActionKind::kAccept, "no destination NAT"), {}};
  Chain source{"source nat", {}, Action::Of(ActionKind::kAccept, "no source NAT"), {}};
  for (const Node* section : nat->ActiveChildren()) {
    const std::string& word = section->word();
    section->MarkSelf(Use::kUnderstood);
    if (word == "static") {
      reader.ReadRuleSets(*section, "static", destination);
    } else if (word == "destination") {
      if (const Node* pools = section->Find("pool")) pools->MarkSelf(Use::kUnderstood);
    } else if (word == "source") {
      reader.ReadRuleSets(*section, "source", source);
      if (const Node* pools = section->Find("pool")) pools->Mark(Use::kUnderstood);
    } else if (word == "proxy-arp" || word == "proxy-ndp") {
      section->Mark(Use::kUnderstood);  // answering ARP for NAT addresses: no verdict
    } else {
      reporter.Warn(*section, "unsupported NAT statement '" + word + "'");
    }
  }
  // Static NAT before destination NAT, whatever the order in the text.
  if (const Node* section = nat->Find("destination")) {
    reader.ReadRuleSets(*section, "destination", destination);
  }
  // The reverse direction of static NAT translates sources.
  if (const Node* section = nat->Find("static")) {
    if (const Node* rule_sets = section->Find("rule-set")) {
      for (const Node* rule_set : rule_sets->ActiveChildren()) {
        for (const Node* rule : rule_set->Find("rule") ? rule_set->Find("rule")->ActiveChildren()
                                                       : std::vector<const Node*>{}) {
          if (!Walk(rule, {"then", "static-nat", "prefix"})) continue;
          Rule reverse;
          reverse.label = rule->word() + " (reverse)";
          reverse.location = rule->range();
          std::string error;
          const Node* prefix_node = Walk(rule, {"then", "static-nat", "prefix"});
          auto values = prefix_node->ActiveChildren();
          auto prefix = values.empty() ? std::nullopt : ParsePrefix(values[0]->word(), &error);
          if (!prefix) continue;
          reverse.match.Add(Term::FieldIs(Field::kFamily, FamilyBit(prefix->address.family)));
          reverse.match.Add(Term::FieldIn(Field::kSrcAddress, {{prefix->First(), prefix->Last()}}));
          reverse.action = Action::Of(ActionKind::kUnknown, "static-nat (source)");
          source.rules.push_back(std::move(reverse));
        }
      }
    }
  }
  if (!destination.rules.empty()) out.destination = std::move(destination);
  if (!source.rules.empty()) out.source = std::move(source);
  return out;
}

}  // namespace flowaudit::junos
