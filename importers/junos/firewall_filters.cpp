#include "importers/junos/firewall_filters.h"

#include "importers/junos/filter_conditions.h"

namespace flowaudit::junos {
namespace {

// Actions that change nothing about whether the packet passes: counters, logging, sampling,
// policers and class-of-service marks. (A policer drops only packets over its rate, which
// a single first packet is not.)
bool IsModifier(const std::string& word) {
  return word == "count" || word == "log" || word == "syslog" || word == "sample" ||
         word == "port-mirror" || word == "policer" || word == "three-color-policer" ||
         word == "forwarding-class" || word == "loss-priority" || word == "dscp" ||
         word == "traffic-class" || word == "packet-mode" || word == "service-accounting" ||
         word == "traffic-class-count" || word == "port-mirror-instance";
}

class FilterReader {
 public:
  FilterReader(const Node& root, Reporter& reporter) : root_(root), reporter_(reporter) {}

  FirewallFilter Read(const Node& filter, Family family) {
    filter.MarkSelf(Use::kUnderstood);
    filter.parent()->MarkSelf(Use::kUnderstood);
    FirewallFilter out;
    out.family = family == Family::kIpv4 ? "inet" : "inet6";
    out.name = filter.word();
    out.chain.name = out.family + "/" + out.name;
    out.chain.location = filter.range();
    for (const Node* child : filter.ActiveChildren()) {
      const std::string& word = child->word();
      if (word == "term") {
        child->MarkSelf(Use::kUnderstood);
        for (const Node* term : child->ActiveChildren()) {
          out.chain.rules.push_back(ReadTerm(*term, family));
        }
      } else if (word == "interface-specific" || word == "enhanced-mode" ||
                 word == "physical-interface-filter" || word == "instance-shared" ||
                 word == "fast-lookup-filter" || word == "description") {
        child->Mark(Use::kUnderstood);  // counters and hardware placement only
      } else if (word != "apply-groups" && word != "apply-groups-except") {
        reporter_.Warn(*child, "unsupported filter statement '" + word + "'");
      }
    }
    // The implicit final discard, as a rule: chains reached by goto end in their caller.
    Rule end;
    end.label = "implicit discard";
    end.action = Action::Of(ActionKind::kDrop, "implicit discard");
    out.chain.rules.push_back(std::move(end));
    out.chain.policy = Action::Of(ActionKind::kDrop, "implicit discard");
    return out;
  }

 private:
  Rule ReadTerm(const Node& term, Family family) {
    term.MarkSelf(Use::kUnderstood);
    Rule rule;
    rule.label = term.word();
    rule.location = term.range();
    rule.match.Add(Term::FieldIs(Field::kFamily, family == Family::kIpv6 ? 1 : 0));
    rule.action = Action::Of(ActionKind::kAccept, "accept");  // no `then`: accept
    for (const Node* child : term.ActiveChildren()) {
      if (child->word() == "from") {
        ReadFromConditions(*child, root_, family, reporter_, rule.match);
      } else if (child->word() == "then") {
        rule.action = ReadThen(*child);
      } else if (child->word() == "filter") {
        reporter_.Warn(*child, "a term that calls another filter is not modelled (UNKNOWN)");
        rule.action = Action::Of(ActionKind::kUnknown, "filter");
      } else {
        reporter_.Warn(*child, "unsupported term statement '" + child->word() + "'");
      }
    }
    return rule;
  }

  Action ReadThen(const Node& then) {
    then.MarkSelf(Use::kUnderstood);
    std::optional<Action> action;
    for (const Node* child : then.ActiveChildren()) {
      const std::string& word = child->word();
      std::optional<Action> this_action;
      if (word == "accept") {
        this_action = Action::Of(ActionKind::kAccept, "accept");
      } else if (word == "discard") {
        this_action = Action::Of(ActionKind::kDrop, "discard");
      } else if (word == "reject") {
        this_action = Action::Of(ActionKind::kReject, "reject");  // any ICMP message or RST
      } else if (word == "next" && child->Find("term")) {
        this_action = Action::Of(ActionKind::kContinue, "next term");
      } else if (word == "routing-instance") {
        // Accepted, then forwarded by another routing table.
        this_action = Action::Of(ActionKind::kAccept, "routing-instance");
      } else if (IsModifier(word)) {
        child->Mark(Use::kUnderstood);
        continue;
      } else {
        reporter_.Warn(*child, "unsupported filter action '" + word + "' (UNKNOWN)");
        this_action = Action::Of(ActionKind::kUnknown, word);
      }
      child->Mark(Use::kUnderstood);
      if (action && this_action) {
        reporter_.Error(*child, "a term can have only one terminating action");
      } else {
        action = this_action;
      }
    }
    // Only modifiers (count, log, …): the packet is accepted.
    return action.value_or(Action::Of(ActionKind::kAccept, "accept"));
  }

  const Node& root_;
  Reporter& reporter_;
};

}  // namespace

std::vector<FirewallFilter> ReadFirewallFilters(const Node& root, Reporter& reporter) {
  std::vector<FirewallFilter> filters;
  const Node* firewall = root.Find("firewall");
  if (!firewall) return filters;
  firewall->MarkSelf(Use::kUnderstood);
  FilterReader reader(root, reporter);
  auto read_all = [&](const Node& filter_list, Family family) {
    filter_list.MarkSelf(Use::kUnderstood);
    for (const Node* filter : filter_list.ActiveChildren()) {
      filters.push_back(reader.Read(*filter, family));
    }
  };
  for (const Node* child : firewall->ActiveChildren()) {
    const std::string& word = child->word();
    if (word == "filter") {
      read_all(*child, Family::kIpv4);  // `firewall filter` is family inet
    } else if (word == "family") {
      child->MarkSelf(Use::kUnderstood);
      for (const Node* family : child->ActiveChildren()) {
        const Node* list = family->Find("filter");
        if (family->word() != "inet" && family->word() != "inet6") {
          reporter.Warn(*family, "firewall family '" + family->word() +
                                     "' is not modelled (its filters are not imported)");
          continue;
        }
        family->MarkSelf(Use::kUnderstood);
        if (list) read_all(*list, family->word() == "inet" ? Family::kIpv4 : Family::kIpv6);
        for (const Node* other : family->ActiveChildren()) {
          if (other->word() != "filter") {
            reporter.Warn(*other, "unsupported firewall statement '" + other->word() + "'");
          }
        }
      }
    } else if (word == "policer" || word == "three-color-policer" ||
               word == "hierarchical-policer") {
      child->Mark(Use::kUnderstood);  // rate limits: see IsModifier
    } else if (word != "apply-groups" && word != "apply-groups-except") {
      reporter.Warn(*child, "unsupported firewall statement '" + word + "'");
    }
  }
  return filters;
}

}  // namespace flowaudit::junos
