// Security rules and the default rules (see panos_rules.h).
#include <map>

#include "importers/panos/panos_rules.h"

namespace flowaudit::panos {

std::optional<Term> ZoneTerm(Term::Kind kind, const std::vector<const xml::Element*>& members,
                             const std::set<std::string>* defined) {
  std::vector<Match> zones;
  for (const xml::Element* member : members) {
    std::string_view zone = member->TrimmedText();
    if (zone == "any") return std::nullopt;
    // A zone the vsys does not define fails the commit: which zone was meant is unknown.
    if (defined && !defined->empty() && !defined->count(std::string(zone))) {
      zones.push_back(Match({Term::Unknown("undefined zone " + Quoted(std::string(zone)))}));
      continue;
    }
    zones.push_back(Match({Term::Zone(kind, std::string(zone))}));
  }
  if (zones.size() == 1) return zones.front().terms().front();
  return Term::AnyOf(std::move(zones));
}

std::optional<Term> AddressTerm(Field field, const AddressList& list, bool negated) {
  if (list.any) {
    if (!negated) return std::nullopt;
    return Term::AnyOf({});  // everything but any: nothing
  }
  std::vector<Match> alternatives;
  for (const AddressAtom& atom : list.atoms) alternatives.push_back(atom.ToMatch(field));
  return Term::AnyOf(std::move(alternatives), negated);
}

std::optional<Term> ServiceTerm(const ServiceList& list) {
  if (list.any) return std::nullopt;
  return Term::AnyOf(list.alternatives);
}

namespace {

// Not a gap in the config but in the packet: a query without zones.
constexpr const char* kZonesUnknown = "the packet's zones are not known";

// Whether the match holds an UNKNOWN condition from the config (the zones of the packet do not
// count: they make no rule less understood).
bool HasConfigUnknown(const Match& match) {
  for (const Term& t : match.terms()) {
    if (t.kind == Term::Kind::kUnknown && t.reason != kZonesUnknown) return true;
    for (const Match& m : t.alternatives) {
      if (HasConfigUnknown(m)) return true;
    }
  }
  return false;
}

// Both zones unknown: the packet may be intrazone or not.
Match ZonesUnknown() {
  return Match({Term::Zone(Term::Kind::kFromZone, "+", /*negated=*/true),
                Term::Zone(Term::Kind::kToZone, "+", /*negated=*/true),
                Term::Unknown(kZonesUnknown)});
}

// from == to, over the zones the policy knows.
Term SameZone(const std::set<std::string>& zones) {
  std::vector<Match> same;
  for (const std::string& zone : zones) {
    same.push_back(
        Match({Term::Zone(Term::Kind::kFromZone, zone), Term::Zone(Term::Kind::kToZone, zone)}));
  }
  same.push_back(ZonesUnknown());
  return Term::AnyOf(std::move(same));
}

std::optional<Action> ParseAction(std::string_view text) {
  if (text == "allow") return Action::Of(ActionKind::kAccept, "allow");
  if (text == "deny" || text == "drop") return Action::Of(ActionKind::kDrop, std::string(text));
  if (text == "reset-client" || text == "reset-server" || text == "reset-both" ||
      text == "reset-both-client-and-server") {
    return Action::Of(ActionKind::kReject, std::string(text));
  }
  return std::nullopt;
}

// Elements of a rule that never change which packets it matches.
bool IsBookkeeping(std::string_view name) {
  static const std::set<std::string_view> kNames = {
      "description",      "tag",         "log-start",
      "log-end",          "log-setting", "profile-setting",
      "option",           "group-tag",   "qos",
      "icmp-unreachable", "uuid",        "disable-server-response-inspection",
      "audit-comment"};
  return kNames.count(name) > 0;
}

// Conditions flowaudit cannot see (users, URL categories, HIP, subscriber ids): `any` (or
// the given neutral value) adds nothing, anything else an UNKNOWN term.
bool IsInvisibleCondition(std::string_view name) {
  static const std::set<std::string_view> kNames = {
      "source-user",  "category",    "source-hip",  "destination-hip",
      "hip-profiles", "source-imei", "source-imsi", "source-nw-slice"};
  return kNames.count(name) > 0;
}

class SecurityRuleBuilder {
 public:
  SecurityRuleBuilder(const xml::Element& entry, const Scope& scope, const PolicyInput& policy,
                      RuleContext& context)
      : entry_(entry), scope_(scope), policy_(policy), context_(context), reader_(context.reader) {}

  // nullopt: the rule is disabled.
  std::optional<Rule> Build();

 private:
  void Unknown(const SourceRange& at, const std::string& what, const std::string& reason) {
    reader_.Warning(at, what + "; rule " + Quoted(name_) + " is UNKNOWN where it matters");
    match_.Add(Term::Unknown(reason));
  }
  void Invisible(const xml::Element& element);
  void CheckZones(const std::vector<const xml::Element*>& members);
  void Target(const xml::Element& element);
  void Applications(const xml::Element* applications, const ServiceList& services);
  const xml::Element* Require(const xml::Element* element, const char* name);

  const xml::Element& entry_;
  const Scope& scope_;
  const PolicyInput& policy_;
  RuleContext& context_;
  Reader& reader_;
  std::string name_;
  Match match_;
};

void SecurityRuleBuilder::Invisible(const xml::Element& element) {
  for (const xml::Element* member : reader_.Members(element, "rule " + Quoted(name_))) {
    std::string_view value = member->TrimmedText();
    if (value == "any") continue;
    Unknown(member->TextOrTag(),
            "<" + element.name + "> " + Quoted(value) + " is not visible in packet headers",
            "<" + element.name + "> " + Quoted(value));
    return;
  }
}

// A zone the vsys does not define is a typo or a leftover, and the firewall refuses to commit
// it: the rule is UNKNOWN for the packets that zone might have meant (ZoneTerm).
void SecurityRuleBuilder::CheckZones(const std::vector<const xml::Element*>& members) {
  if (policy_.defined_zones.empty()) return;
  for (const xml::Element* member : members) {
    std::string zone(member->TrimmedText());
    if (zone == "any" || policy_.defined_zones.count(zone)) continue;
    std::string known;
    for (const std::string& z : policy_.defined_zones) known += (known.empty() ? "" : ", ") + z;
    reader_.Warning(member->TextOrTag(), "zone " + Quoted(zone) + " is not defined in " +
                                             policy_.name + " (its zones: " + known + "); rule " +
                                             Quoted(name_) + " is UNKNOWN where it matters");
  }
}

void SecurityRuleBuilder::Target(const xml::Element& element) {
  // Panorama: the rule applies to some firewalls only. Without them it applies to all.
  const xml::Element* devices = element.Child("devices");
  const xml::Element* tags = element.Child("tags");
  bool restricted = (devices && !devices->children.empty()) || (tags && !tags->children.empty());
  if (restricted) {
    Unknown(element.name_range, "<target> limits the rule to some firewalls",
            "rule targets some firewalls only");
  }
}

// Applications, with the services they are combined with (see panos_applications.h).
void SecurityRuleBuilder::Applications(const xml::Element* applications,
                                       const ServiceList& services) {
  ApplicationList list;
  for (const xml::Element* member : reader_.Members(*applications, "rule " + Quoted(name_))) {
    ApplicationList part = context_.objects.Application(scope_, *member);
    list.any = list.any || part.any;
    list.applications.insert(list.applications.end(), part.applications.begin(),
                             part.applications.end());
    list.unresolved.insert(list.unresolved.end(), part.unresolved.begin(), part.unresolved.end());
    if (!part.any &&
        context_.warned_applications.insert(std::string(member->TrimmedText())).second) {
      reader_.Warning(member->TextOrTag(),
                      "application " + Quoted(member->TrimmedText()) +
                          " is identified by App-ID (layer 7), which flowaudit cannot see: rules "
                          "naming it are UNKNOWN for the packets its ports allow");
    }
  }
  if (list.any) {
    if (services.application_default) {
      match_.Add(Term::Unknown("service application-default with application any"));
    }
    return;
  }
  std::vector<Match> alternatives;
  for (const std::string& reason : list.unresolved) {
    alternatives.push_back(Match({Term::Unknown(reason)}));
  }
  for (const ApplicationShape& app : list.applications) {
    Match m({Term::Unknown("App-ID application " + Quoted(app.name))});
    const std::optional<std::vector<Match>>& shape =
        services.application_default ? app.default_ports : app.envelope;
    if (shape) {
      m.Add(Term::AnyOf(*shape));
    } else if (services.application_default) {
      m.Add(Term::Unknown("standard ports of application " + Quoted(app.name)));
    }
    alternatives.push_back(std::move(m));
  }
  match_.Add(Term::AnyOf(std::move(alternatives)));
}

const xml::Element* SecurityRuleBuilder::Require(const xml::Element* element, const char* name) {
  if (!element) {
    std::string message = "rule " + Quoted(name_) + " has no <" + name + ">";
    reader_.Error(entry_.location, message);
    match_.Add(Term::Unknown(message));
  }
  return element;
}

std::optional<Rule> SecurityRuleBuilder::Build() {
  name_ = reader_.EntryName(entry_);
  reader_.CheckAttributes(entry_);
  std::map<std::string, const xml::Element*> parts;
  bool negate_source = false, negate_destination = false;
  for (const xml::Element& child : entry_.children) {
    const std::string& n = child.name;
    if (n == "from" || n == "to" || n == "source" || n == "destination" || n == "service" ||
        n == "application" || n == "action" || n == "rule-type") {
      if (parts.count(n)) {
        reader_.Error(child.name_range, "duplicate <" + n + "> in rule " + Quoted(name_));
      }
      parts[n] = &child;
    } else if (n == "negate-source") {
      negate_source = reader_.YesNo(child);
    } else if (n == "negate-destination") {
      negate_destination = reader_.YesNo(child);
    } else if (n == "disabled") {
      if (reader_.YesNo(child)) {
        reader_.Note(child.TextOrTag(),
                     "rule " + Quoted(name_) + " is disabled: it does not apply");
        return std::nullopt;
      }
    } else if (IsInvisibleCondition(n)) {
      Invisible(child);
    } else if (n == "schedule") {
      Unknown(child.TextOrTag(),
              "<schedule> " + Quoted(child.TrimmedText()) + " makes the rule time-dependent",
              "schedule " + Quoted(child.TrimmedText()));
    } else if (n == "target") {
      Target(child);
    } else if (!IsBookkeeping(n)) {
      Unknown(child.name_range, "unknown element <" + n + "> in security rule " + Quoted(name_),
              "<" + n + ">");
    }
  }
  Rule rule;
  rule.location = entry_.location;
  rule.label = name_;
  for (const char* zone : {"from", "to"}) {
    if (const xml::Element* e = Require(parts[zone], zone)) {
      auto kind = std::string_view(zone) == "from" ? Term::Kind::kFromZone : Term::Kind::kToZone;
      std::vector<const xml::Element*> members = reader_.Members(*e, "rule " + Quoted(name_));
      CheckZones(members);
      if (std::optional<Term> t = ZoneTerm(kind, members, &policy_.defined_zones)) {
        match_.Add(*t);
      }
    }
  }
  for (const char* side : {"source", "destination"}) {
    const xml::Element* e = Require(parts[side], side);
    if (!e) continue;
    AddressList list;
    for (const xml::Element* member : reader_.Members(*e, "rule " + Quoted(name_))) {
      list.Append(context_.objects.Address(scope_, *member));
    }
    bool is_source = std::string_view(side) == "source";
    if (std::optional<Term> t = AddressTerm(is_source ? Field::kSrcAddress : Field::kDstAddress,
                                            list, is_source ? negate_source : negate_destination)) {
      match_.Add(*t);
    }
  }
  ServiceList services;
  if (const xml::Element* e = Require(parts["service"], "service")) {
    for (const xml::Element* member : reader_.Members(*e, "rule " + Quoted(name_))) {
      services.Append(context_.objects.Service(scope_, *member));
    }
    if (services.application_default && (services.any || !services.alternatives.empty())) {
      reader_.Error(e->location, "application-default cannot be combined with other services");
    }
    if (!services.application_default) {
      if (std::optional<Term> t = ServiceTerm(services)) match_.Add(*t);
    }
  }
  if (const xml::Element* e = Require(parts["application"], "application"))
    Applications(e, services);
  if (const xml::Element* type = parts["rule-type"]) {
    std::string_view value = type->TrimmedText();
    if (value == "intrazone") {
      match_.Add(SameZone(policy_.zones));
    } else if (value == "interzone") {
      // Different zones: not the same known zone, and not both unknown (then it may be).
      Term same = SameZone(policy_.zones);
      same.alternatives.pop_back();
      same.negated = true;
      match_.Add(same);
      match_.Add(Term::AnyOf({Match({Term::Zone(Term::Kind::kFromZone, "+")}),
                              Match({Term::Zone(Term::Kind::kToZone, "+")}),
                              Match({Term::Unknown(kZonesUnknown)})}));
    } else if (value != "universal") {
      reader_.Error(type->TextOrTag(),
                    "expected 'universal', 'intrazone' or 'interzone', got " + Quoted(value));
      match_.Add(Term::Unknown("rule-type " + Quoted(value)));
    }
  }
  if (const xml::Element* action = Require(parts["action"], "action")) {
    std::optional<Action> parsed = ParseAction(action->TrimmedText());
    if (!parsed) {
      reader_.Error(action->TextOrTag(),
                    "unknown action " + Quoted(action->TrimmedText()) +
                        " (expected allow, deny, drop, reset-client, reset-server or reset-both)");
    }
    rule.action =
        parsed ? *parsed : Action::Of(ActionKind::kUnknown, std::string(action->TrimmedText()));
  } else {
    rule.action = Action::Of(ActionKind::kUnknown, "no action");
  }
  rule.match = std::move(match_);
  return rule;
}

// The two default rules, with the first override found (most specific scope first).
void AddDefaultRules(Chain& chain, const PolicyInput& policy, RuleContext& context) {
  struct Default {
    const char* name;
    Action action;
    SourceRange location;
  };
  Default intrazone{"intrazone-default", Action::Of(ActionKind::kAccept, "allow"), {}};
  Default interzone{"interzone-default", Action::Of(ActionKind::kDrop, "deny"), {}};
  std::set<std::string> overridden;
  for (const Rulebase& base : policy.default_rules) {
    for (const xml::Element* entry : base.rules->ChildrenNamed("entry")) {
      const int problems = context.reader.ProblemCount();
      std::string name = context.reader.EntryName(*entry);
      Default* target = name == intrazone.name   ? &intrazone
                        : name == interzone.name ? &interzone
                                                 : nullptr;
      ++context.coverage.total;
      if (!target) {
        context.reader.Warning(entry->location, "unknown default rule " + Quoted(name) +
                                                    " (expected intrazone-default or "
                                                    "interzone-default)");
        continue;
      }
      if (!overridden.insert(name).second) continue;  // a more specific scope overrode it
      for (const xml::Element& child : entry->children) {
        if (child.name == "action") {
          std::optional<Action> action = ParseAction(child.TrimmedText());
          if (!action) {
            context.reader.Error(child.TextOrTag(),
                                 "unknown action " + Quoted(child.TrimmedText()));
            action = Action::Of(ActionKind::kUnknown, std::string(child.TrimmedText()));
          }
          target->action = *action;
        } else if (!IsBookkeeping(child.name)) {
          context.reader.Warning(child.name_range, "unknown element <" + child.name +
                                                       "> in default rule " + Quoted(name) +
                                                       " (ignored)");
        }
      }
      target->location = entry->location;
      if (context.reader.ProblemCount() == problems) ++context.coverage.understood;
    }
  }
  Rule intra{Match({SameZone(policy.zones)}), intrazone.action, intrazone.location, intrazone.name};
  Rule inter{Match(), interzone.action, interzone.location, interzone.name};
  chain.rules.push_back(std::move(intra));
  chain.rules.push_back(std::move(inter));
}

}  // namespace

Chain BuildSecurityChain(const PolicyInput& policy, RuleContext& context) {
  Chain chain;
  chain.name = policy.name;
  for (const Rulebase& base : policy.security) {
    for (const xml::Element* entry : base.rules->ChildrenNamed("entry")) {
      const int problems = context.reader.ProblemCount();
      std::optional<Rule> rule = SecurityRuleBuilder(*entry, *base.scope, policy, context).Build();
      ++context.coverage.total;
      bool understood =
          context.reader.ProblemCount() == problems &&
          (!rule || (!HasConfigUnknown(rule->match) && rule->action.kind != ActionKind::kUnknown));
      if (understood) ++context.coverage.understood;
      if (rule) chain.rules.push_back(std::move(*rule));
    }
  }
  AddDefaultRules(chain, policy, context);
  return chain;
}

}  // namespace flowaudit::panos
