#include "importers/junos/security_policies.h"

namespace flowaudit::junos {
namespace {

class PolicyReader {
 public:
  PolicyReader(AddressBooks& books, Applications& applications, Reporter& reporter)
      : books_(books), applications_(applications), reporter_(reporter) {}

  // One policy; `from`/`to` empty for a global policy.
  Rule Read(const Node& policy, const std::string& from, const std::string& to) {
    policy.MarkSelf(Use::kUnderstood);
    policy.parent()->MarkSelf(Use::kUnderstood);
    Rule rule;
    rule.label = policy.word();
    rule.location = policy.range();
    const bool global = from.empty();
    if (!global) {
      rule.match.Add(Term::Zone(Term::Kind::kFromZone, from));
      rule.match.Add(Term::Zone(Term::Kind::kToZone, to));
    }
    for (const Node* child : policy.ActiveChildren()) {
      if (child->word() == "match") {
        ReadMatch(*child, global ? "" : from, global ? "" : to, global, rule.match);
      } else if (child->word() == "then") {
        rule.action = ReadThen(*child, policy);
      } else if (child->word() == "description" || child->word() == "scheduler-name") {
        if (child->word() == "scheduler-name") {
          reporter_.Warn(*child,
                         "policy schedulers are not modelled (the policy is taken as "
                         "always active)");
        } else {
          child->Mark(Use::kUnderstood);
        }
      } else {
        reporter_.Warn(*child, "unsupported policy statement '" + child->word() + "'");
      }
    }
    if (!policy.Find("then")) {
      reporter_.Warn(policy, "policy '" + policy.word() + "' has no 'then' action (UNKNOWN)");
      rule.action = Action::Of(ActionKind::kUnknown, "no action");
    }
    return rule;
  }

 private:
  void ReadMatch(const Node& match, const std::string& from, const std::string& to, bool global,
                 Match& out) {
    match.MarkSelf(Use::kUnderstood);
    const bool source_excluded = match.Find("source-address-excluded") != nullptr;
    const bool destination_excluded = match.Find("destination-address-excluded") != nullptr;
    for (const Node* condition : match.ActiveChildren()) {
      const std::string& key = condition->word();
      if (key == "source-address") {
        out.Add(AddressTerm(books_.Resolve(*condition, from), Field::kSrcAddress, source_excluded));
      } else if (key == "destination-address") {
        out.Add(
            AddressTerm(books_.Resolve(*condition, to), Field::kDstAddress, destination_excluded));
      } else if (key == "source-address-excluded" || key == "destination-address-excluded") {
        condition->Mark(Use::kUnderstood);
      } else if (key == "application") {
        out.Add(applications_.Resolve(*condition));
      } else if (global && (key == "from-zone" || key == "to-zone")) {
        out.Add(
            ZoneTerm(*condition, key == "from-zone" ? Term::Kind::kFromZone : Term::Kind::kToZone));
      } else if (key == "dynamic-application" && OnlyAnyOrNone(*condition)) {
        condition->Mark(Use::kUnderstood);  // no AppID condition
      } else {
        reporter_.Warn(*condition, "unsupported policy match '" + key + "' (UNKNOWN)");
        out.Add(Term::Unknown("policy match " + key));
      }
    }
  }

  static bool OnlyAnyOrNone(const Node& condition) {
    for (const Node* value : condition.ActiveChildren()) {
      if (value->word() != "any" && value->word() != "none") return false;
    }
    return true;
  }

  Term ZoneTerm(const Node& list, Term::Kind kind) {
    list.Mark(Use::kUnderstood);
    std::vector<Match> zones;
    for (const Node* zone : list.ActiveChildren()) {
      if (zone->word() == "any") return Term::AnyOf({Match()});
      zones.push_back(Match({Term::Zone(kind, zone->word())}));
    }
    return Term::AnyOf(std::move(zones));
  }

  Action ReadThen(const Node& then, const Node& policy) {
    then.MarkSelf(Use::kUnderstood);
    std::optional<Action> action;
    for (const Node* child : then.ActiveChildren()) {
      const std::string& word = child->word();
      std::optional<Action> this_action;
      if (word == "permit") {
        // Services (application-services, tunnel, services-offload) act on permitted
        // traffic; the policy still permits it.
        child->Mark(Use::kUnderstood);
        if (const Node* auth = child->Find("firewall-authentication")) {
          reporter_.Warn(*auth,
                         "firewall authentication is not modelled (the policy is taken "
                         "to permit)");
        }
        this_action = Action::Of(ActionKind::kAccept, "permit");
      } else if (word == "services-offload") {  // capirca's expresspath: permits
        child->Mark(Use::kUnderstood);
        this_action = Action::Of(ActionKind::kAccept, "permit");
      } else if (word == "deny") {
        child->Mark(Use::kUnderstood);
        this_action = Action::Of(ActionKind::kDrop, "deny");
      } else if (word == "reject") {
        child->Mark(Use::kUnderstood);
        this_action = Action::Of(ActionKind::kReject, "reject");
      } else if (word == "log" || word == "count") {
        child->Mark(Use::kUnderstood);  // side information, not a decision
      } else {
        reporter_.Warn(*child, "unsupported policy action '" + word + "'");
      }
      if (this_action && action) {
        reporter_.Error(*child, "policy '" + policy.word() + "' has more than one action");
      } else if (this_action) {
        action = this_action;
      }
    }
    if (!action) {
      reporter_.Warn(
          then, "policy '" + policy.word() + "' has no permit, deny or reject action (UNKNOWN)");
      return Action::Of(ActionKind::kUnknown, "no action");
    }
    return *action;
  }

  AddressBooks& books_;
  Applications& applications_;
  Reporter& reporter_;
};

}  // namespace

SecurityPolicies ReadSecurityPolicies(const Node& root, AddressBooks& books,
                                      Applications& applications, Reporter& reporter) {
  SecurityPolicies out;
  out.chain.name = "security-policies";
  out.chain.policy = Action::Of(ActionKind::kDrop, "default-policy deny-all");
  const Node* security = root.Find("security");
  const Node* policies = Walk(security, {"policies"});
  out.present = policies || Walk(security, {"zones"});
  if (!policies) return out;
  policies->MarkSelf(Use::kUnderstood);
  PolicyReader reader(books, applications, reporter);
  std::vector<Rule> global_rules;
  for (const Node* child : policies->ActiveChildren()) {
    const std::string& word = child->word();
    if (word == "from-zone") {
      child->MarkSelf(Use::kUnderstood);
      for (const Node* from : child->ActiveChildren()) {
        from->MarkSelf(Use::kUnderstood);
        for (const Node* to_keyword : from->ActiveChildren()) {
          if (to_keyword->word() != "to-zone") {
            reporter.Warn(*to_keyword, "expected 'to-zone' after 'from-zone " + from->word() + "'");
            continue;
          }
          to_keyword->MarkSelf(Use::kUnderstood);
          for (const Node* to : to_keyword->ActiveChildren()) {
            to->MarkSelf(Use::kUnderstood);
            for (const Node* item : to->ActiveChildren()) {
              if (item->word() != "policy") {
                if (item->word() != "apply-groups" && item->word() != "apply-groups-except") {
                  reporter.Warn(*item,
                                "unsupported statement '" + item->word() + "' in a zone pair");
                }
                continue;
              }
              for (const Node* policy : item->ActiveChildren()) {
                out.chain.rules.push_back(reader.Read(*policy, from->word(), to->word()));
              }
            }
          }
        }
      }
    } else if (word == "global") {
      child->MarkSelf(Use::kUnderstood);
      for (const Node* item : child->ActiveChildren()) {
        if (item->word() != "policy") {
          if (item->word() != "apply-groups" && item->word() != "apply-groups-except") {
            reporter.Warn(*item, "unsupported statement '" + item->word() + "' in global");
          }
          continue;
        }
        for (const Node* policy : item->ActiveChildren()) {
          global_rules.push_back(reader.Read(*policy, "", ""));
        }
      }
    } else if (word == "default-policy") {
      std::vector<const Node*> values = child->ActiveChildren();
      if (values.size() != 1 ||
          (values[0]->word() != "permit-all" && values[0]->word() != "deny-all")) {
        reporter.Error(*child, "expected 'default-policy permit-all' or 'deny-all'");
        continue;
      }
      child->Mark(Use::kUnderstood);
      bool permit = values[0]->word() == "permit-all";
      out.chain.policy = Action::Of(permit ? ActionKind::kAccept : ActionKind::kDrop,
                                    "default-policy " + values[0]->word());
      out.chain.location = values[0]->range();
    } else if (word == "policy-rematch" || word == "policy-stats") {
      child->Mark(Use::kUnderstood);  // session handling after a commit; not a verdict
    } else if (word != "apply-groups" && word != "apply-groups-except") {
      reporter.Warn(*child, "unsupported statement 'security policies " + word + "'");
    }
  }
  for (Rule& rule : global_rules) out.chain.rules.push_back(std::move(rule));
  return out;
}

std::map<std::string, std::string> ReadZoneInterfaces(const Node& root, Reporter& reporter) {
  std::map<std::string, std::string> zones;
  const Node* security_zones = Walk(&root, {"security", "zones", "security-zone"});
  if (!security_zones) return zones;
  security_zones->parent()->MarkSelf(Use::kUnderstood);
  security_zones->MarkSelf(Use::kUnderstood);
  for (const Node* zone : security_zones->ActiveChildren()) {
    zone->MarkSelf(Use::kUnderstood);
    for (const Node* child : zone->ActiveChildren()) {
      const std::string& word = child->word();
      if (word == "interfaces") {
        child->MarkSelf(Use::kUnderstood);
        for (const Node* interface : child->ActiveChildren()) {
          // host-inbound-traffic below an interface controls traffic to the device itself,
          // not transit traffic.
          interface->Mark(Use::kUnderstood);
          std::string name = interface->word();
          if (name.find('.') == std::string::npos) name += ".0";
          auto [it, inserted] = zones.emplace(name, zone->word());
          if (!inserted && it->second != zone->word()) {
            reporter.Error(*interface,
                           "interface '" + name + "' is already in zone '" + it->second + "'");
          }
        }
      } else if (word == "host-inbound-traffic" || word == "screen" || word == "description" ||
                 word == "tcp-rst" || word == "application-tracking" || word == "address-book") {
        // Traffic to the device, attack screens, logging; address books are read on use.
        child->Mark(Use::kUnderstood);
      } else if (word != "apply-groups" && word != "apply-groups-except") {
        reporter.Warn(*child, "unsupported zone statement '" + word + "'");
      }
    }
  }
  return zones;
}

}  // namespace flowaudit::junos
