// NAT rules (see panos_rules.h for how the two NAT stages keep PAN-OS's single lookup).
#include "importers/panos/panos_rules.h"
#include "models/ip_address.h"

namespace flowaudit::panos {
namespace {

// The parts of one NAT rule, kept apart so the source stage can swap the destination.
struct NatRule {
  std::vector<Term> terms;  // zones, source, interface
  std::optional<Term> destination, service;
  std::optional<Action> dnat, snat;  // nullopt: no such translation
  SourceRange location;
  std::string name;
};

class NatRuleBuilder {
 public:
  NatRuleBuilder(const xml::Element& entry, const Scope& scope, RuleContext& context)
      : entry_(entry), scope_(scope), context_(context), reader_(context.reader) {}

  std::optional<NatRule> Build();

 private:
  void Unknown(const SourceRange& at, const std::string& what) {
    reader_.Warning(at, what + "; NAT rule " + Quoted(rule_.name) + " is UNKNOWN");
    rule_.terms.push_back(Term::Unknown(what));
  }
  // Members, or the element's own text (<service>any</service>, <translated-address>X</…>).
  std::vector<const xml::Element*> Values(const xml::Element& element) {
    if (element.children.empty()) return {&element};
    return reader_.Members(element, "NAT rule " + Quoted(rule_.name));
  }
  AddressList Addresses(const xml::Element& element) {
    AddressList list;
    for (const xml::Element* v : Values(element)) list.Append(context_.objects.Address(scope_, *v));
    return list;
  }
  // One address or range to translate to; nullopt (reported) otherwise.
  std::optional<NatTranslation> Pool(const xml::Element& element);
  void SourceTranslation(const xml::Element& element);
  void DestinationTranslation(const xml::Element& element);

  const xml::Element& entry_;
  const Scope& scope_;
  RuleContext& context_;
  Reader& reader_;
  NatRule rule_;
};

std::optional<NatTranslation> NatRuleBuilder::Pool(const xml::Element& element) {
  AddressList list = Addresses(element);
  if (list.any || list.atoms.size() != 1 || !list.atoms[0].unknown.empty() ||
      list.atoms[0].masked) {
    if (!list.HasUnknown()) {
      reader_.Warning(element.TextOrTag(),
                      "translation to " + std::string(list.any ? "any" : "several ranges") +
                          " is not modelled; NAT rule " + Quoted(rule_.name) + " is UNKNOWN");
    }
    return std::nullopt;
  }
  NatTranslation nat;
  nat.family = list.atoms[0].family;
  nat.addresses = ValueRange{list.atoms[0].lo, list.atoms[0].hi};
  return nat;
}

void NatRuleBuilder::SourceTranslation(const xml::Element& element) {
  const std::string label = "snat " + rule_.name;
  for (const xml::Element& kind : element.children) {
    const xml::Element* translated = kind.Child("translated-address");
    const xml::Element* interface = kind.Child("interface-address");
    std::optional<NatTranslation> nat;
    if (kind.name == "static-ip" || kind.name == "dynamic-ip" ||
        kind.name == "dynamic-ip-and-port") {
      if (const xml::Element* bidi = kind.Child("bi-directional"); bidi && reader_.YesNo(*bidi)) {
        reader_.Warning(bidi->TextOrTag(), "the reverse direction of bi-directional NAT rule " +
                                               Quoted(rule_.name) + " is not modelled");
      }
      if (const xml::Element* fallback = kind.Child("fallback")) {
        reader_.Warning(fallback->name_range, "NAT fallback of rule " + Quoted(rule_.name) +
                                                  " is not modelled (the primary pool is)");
      }
      if (interface && !translated) {
        // The interface's address: given literally in <ip>, else not in the policy.
        // <ip> is the interface's address with its subnet length ("203.0.113.1/24").
        const xml::Element* ip = interface->Child("ip");
        std::optional<IpAddress> address =
            ip ? ParseIpAddress(ip->TrimmedText().substr(0, ip->TrimmedText().find('/')))
               : std::nullopt;
        if (address) {
          nat = NatTranslation{ValueRange{address->value, address->value}, std::nullopt,
                               address->family};
        } else {
          rule_.snat = Action::Of(ActionKind::kMasquerade, label);
          return;
        }
      } else if (translated) {
        nat = Pool(*translated);
      } else {
        reader_.Error(
            kind.location,
            "<" + kind.name + "> without <translated-address> in NAT rule " + Quoted(rule_.name));
      }
    } else {
      reader_.Warning(kind.name_range, "unknown source translation <" + kind.name + ">");
    }
    rule_.snat =
        nat ? Action{ActionKind::kSnat, {}, label, *nat} : Action::Of(ActionKind::kUnknown, label);
    return;
  }
  reader_.Error(element.location, "empty <source-translation> in NAT rule " + Quoted(rule_.name));
  rule_.snat = Action::Of(ActionKind::kUnknown, label);
}

void NatRuleBuilder::DestinationTranslation(const xml::Element& element) {
  const std::string label = "dnat " + rule_.name;
  std::optional<NatTranslation> nat = NatTranslation{};
  const xml::Element* address = element.Child("translated-address");
  if (address) nat = Pool(*address);
  if (const xml::Element* port = element.Child("translated-port"); port && nat) {
    std::string error;
    std::optional<std::vector<ValueRange>> ports = ParsePorts(port->TrimmedText(), &error);
    if (!ports || ports->size() != 1 || ports->front().lo != ports->front().hi) {
      reader_.Error(port->TextOrTag(), "invalid <translated-port> " + Quoted(port->TrimmedText()));
      nat.reset();
    } else {
      nat->ports = ports->front();
    }
  }
  for (const xml::Element& child : element.children) {
    if (child.name != "translated-address" && child.name != "translated-port" &&
        child.name != "dns-rewrite") {
      reader_.Warning(child.name_range,
                      "unknown element <" + child.name + "> in destination translation (ignored)");
    }
  }
  if (nat && !nat->addresses && !nat->ports) {
    reader_.Error(element.location,
                  "<destination-translation> without a translated address or port");
    nat.reset();
  }
  rule_.dnat =
      nat ? Action{ActionKind::kDnat, {}, label, *nat} : Action::Of(ActionKind::kUnknown, label);
}

std::optional<NatRule> NatRuleBuilder::Build() {
  rule_.name = reader_.EntryName(entry_);
  rule_.location = entry_.location;
  reader_.CheckAttributes(entry_);
  const xml::Element* to = nullptr;
  const xml::Element* to_interface = nullptr;
  for (const xml::Element& child : entry_.children) {
    const std::string& n = child.name;
    if (n == "from") {
      if (auto t = ZoneTerm(Term::Kind::kFromZone,
                            reader_.Members(child, "NAT rule " + Quoted(rule_.name)))) {
        rule_.terms.push_back(*t);
      }
    } else if (n == "to") {
      to = &child;
    } else if (n == "source" || n == "destination") {
      std::optional<Term> t = AddressTerm(n == "source" ? Field::kSrcAddress : Field::kDstAddress,
                                          Addresses(child), false);
      if (n == "destination") {
        rule_.destination = t;
      } else if (t) {
        rule_.terms.push_back(*t);
      }
    } else if (n == "service") {
      ServiceList services;
      for (const xml::Element* v : Values(child))
        services.Append(context_.objects.Service(scope_, *v));
      rule_.service = ServiceTerm(services);
    } else if (n == "to-interface") {
      to_interface = &child;
    } else if (n == "nat-type") {
      if (child.TrimmedText() != "ipv4") {
        Unknown(child.TextOrTag(), "nat-type " + Quoted(child.TrimmedText()) + " is not modelled");
      }
    } else if (n == "source-translation") {
      SourceTranslation(child);
    } else if (n == "destination-translation") {
      DestinationTranslation(child);
    } else if (n == "disabled") {
      if (reader_.YesNo(child)) {
        reader_.Note(child.TextOrTag(),
                     "NAT rule " + Quoted(rule_.name) + " is disabled: it does not apply");
        return std::nullopt;
      }
    } else if (n == "target") {
      const xml::Element* devices = child.Child("devices");
      if (devices && !devices->children.empty()) {
        Unknown(child.name_range, "<target> limits the NAT rule to some firewalls");
      }
    } else if (n != "description" && n != "tag" && n != "uuid" && n != "group-tag" &&
               n != "active-active-device-binding" && n != "audit-comment") {
      Unknown(child.name_range, "unknown element <" + n + "> in NAT rule " + Quoted(rule_.name));
    }
  }
  // The `to` zone and egress interface are those of the pre-NAT destination: checkable only
  // when the destination is not translated (panos_rules.h).
  if (to && !rule_.dnat) {
    if (auto t =
            ZoneTerm(Term::Kind::kToZone, reader_.Members(*to, "NAT rule " + Quoted(rule_.name)))) {
      rule_.terms.push_back(*t);
    }
  }
  if (to_interface && !rule_.dnat && to_interface->TrimmedText() != "any") {
    rule_.terms.push_back(
        Term::Interface(Term::Kind::kOutInterface, std::string(to_interface->TrimmedText())));
  }
  return rule_;
}

Rule StageRule(const NatRule& nat, bool source_stage) {
  Rule rule;
  rule.location = nat.location;
  rule.label = nat.name;
  rule.match = Match(nat.terms);
  const bool translated = source_stage && nat.dnat && nat.dnat->kind == ActionKind::kDnat;
  if (translated && nat.dnat->nat.addresses) {
    const ValueRange& a = *nat.dnat->nat.addresses;
    rule.match.Add(Term::FieldIs(Field::kFamily, nat.dnat->nat.family == Family::kIpv6 ? 1 : 0));
    rule.match.Add(Term::FieldIn(Field::kDstAddress, {a}));
  } else if (nat.destination) {
    rule.match.Add(*nat.destination);
  }
  if (translated && nat.dnat->nat.ports) {
    rule.match.Add(Term::FieldIn(Field::kDstPort, {*nat.dnat->nat.ports}));
  } else if (nat.service) {
    rule.match.Add(*nat.service);
  }
  const std::optional<Action>& action = source_stage ? nat.snat : nat.dnat;
  rule.action = action
                    ? *action
                    : Action::Of(ActionKind::kAccept, source_stage ? "no source translation"
                                                                   : "no destination translation");
  return rule;
}

}  // namespace

std::optional<NatChains> BuildNatChains(const PolicyInput& policy, RuleContext& context) {
  NatChains chains;
  chains.destination.name = policy.name + ":nat-destination";
  chains.source.name = policy.name + ":nat-source";
  chains.destination.policy = Action::Of(ActionKind::kAccept, "no NAT rule");
  chains.source.policy = Action::Of(ActionKind::kAccept, "no NAT rule");
  bool any = false;
  for (const Rulebase& base : policy.nat) {
    for (const xml::Element* entry : base.rules->ChildrenNamed("entry")) {
      any = true;
      const int problems = context.reader.ProblemCount();
      std::optional<NatRule> rule = NatRuleBuilder(*entry, *base.scope, context).Build();
      ++context.coverage.total;
      if (!rule) {
        ++context.coverage.understood;
        continue;
      }
      Rule dnat = StageRule(*rule, false), snat = StageRule(*rule, true);
      bool understood = context.reader.ProblemCount() == problems && !dnat.match.HasUnknown() &&
                        !snat.match.HasUnknown() && dnat.action.kind != ActionKind::kUnknown &&
                        snat.action.kind != ActionKind::kUnknown;
      if (understood) ++context.coverage.understood;
      chains.destination.rules.push_back(std::move(dnat));
      chains.source.rules.push_back(std::move(snat));
    }
  }
  if (!any) return std::nullopt;
  return chains;
}

}  // namespace flowaudit::panos
