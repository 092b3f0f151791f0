#include "importers/junos/applications.h"

#include <algorithm>

#include "importers/common/nesting.h"
#include "importers/junos/junos_names.h"

namespace flowaudit::junos {
namespace {

struct Pair {
  const Node* key;
  const Node* value;  // nullptr for a flag
};

// The keyword/value pairs below `node`. `term t1 protocol tcp destination-port 22;` is one
// chain of nodes in curly-brace text and separate statements in set lines; both give the
// same pairs.
void CollectPairs(const Node& node, std::vector<Pair>& out) {
  for (const Node* key : node.ActiveChildren()) {
    std::vector<const Node*> values = key->ActiveChildren();
    if (values.empty()) out.push_back({key, nullptr});
    for (const Node* value : values) {
      out.push_back({key, value});
      CollectPairs(*value, out);
    }
  }
}

bool Ignorable(const std::string& key) {
  // Session and ALG settings: they do not change which first packets match.
  return key == "description" || key == "inactivity-timeout" || key == "application-protocol" ||
         key == "alg" || key == "do-not-translate-A-query-to-AAAA-query" ||
         key == "do-not-translate-AAAA-query-to-A-query";
}

Match FromPredefined(const PredefinedTerm& term) {
  Match match;
  if (!term.any_protocol) match.Add(Term::FieldIs(Field::kProtocol, term.protocol));
  if (term.port_lo != 0 || term.port_hi != 0) {
    match.Add(Term::FieldIn(Field::kDstPort, {{term.port_lo, term.port_hi}}));
  }
  if (term.icmp_type >= 0) match.Add(Term::FieldIs(Field::kIcmpType, term.icmp_type));
  return match;
}

}  // namespace

Applications::Applications(const Node& root, Reporter& reporter) : reporter_(reporter) {
  applications_ = root.Find("applications");
  // Definitions are read when a policy names them; unused ones do not affect filtering.
  if (applications_) applications_->Mark(Use::kUnderstood);
}

Term Applications::Resolve(const Node& list) {
  list.MarkSelf(Use::kUnderstood);
  std::vector<Match> alternatives;
  for (const Node* ref : list.ActiveChildren()) {
    std::vector<std::string> stack;
    std::vector<Match> more = ResolveName(*ref, stack);
    alternatives.insert(alternatives.end(), more.begin(), more.end());
  }
  return Term::AnyOf(std::move(alternatives));
}

std::vector<Match> Applications::ResolveName(const Node& ref, std::vector<std::string>& stack) {
  ref.MarkSelf(Use::kUnderstood);
  const std::string& name = ref.word();
  if (name == "any") return {Match()};
  if (const Node* application = Walk(applications_, {"application", name})) {
    auto cached = cache_.find(application);
    if (cached != cache_.end()) return cached->second;
    return cache_[application] = Application(*application);
  }
  if (const Node* set = Walk(applications_, {"application-set", name})) {
    if (std::find(stack.begin(), stack.end(), name) != stack.end()) {
      std::string cycle;
      for (const std::string& s : stack) cycle += s + " -> ";
      reporter_.Error(ref, "application-set cycle: " + cycle + name);
      return {Match({Term::Unknown("application-set cycle through '" + name + "'")})};
    }
    auto cached = cache_.find(set);
    if (cached != cache_.end()) return Charged(ref, cached->second, stack);
    if (stack.size() >= kMaxGroupNesting) {
      reporter_.Error(ref, GroupsNestedTooDeep("application-set"));
      return {Match({Term::Unknown(GroupsNestedTooDeep("application-set"))})};
    }
    if (budget_.Exhausted()) return {Match({Term::Unknown(budget_.TooFar("application-set"))})};
    stack.push_back(name);
    std::vector<Match> matches;
    for (const Node* member : set->ActiveChildren()) {
      if (member->word() == "description") continue;
      if (member->word() != "application" && member->word() != "application-set") {
        reporter_.Warn(*member,
                       "unsupported application-set member '" + member->word() + "' (UNKNOWN)");
        matches.push_back(Match({Term::Unknown("application-set " + name)}));
        continue;
      }
      for (const Node* inner : member->ActiveChildren()) {
        std::vector<Match> more = ResolveName(*inner, stack);
        matches.insert(matches.end(), more.begin(), more.end());
      }
    }
    stack.pop_back();
    return Charged(ref, cache_[set] = matches, stack);
  }
  if (auto predefined = LookUpPredefinedApplication(name)) {
    std::vector<Match> matches;
    for (const PredefinedTerm& term : *predefined) matches.push_back(FromPredefined(term));
    return matches;
  }
  if (name.rfind("junos-", 0) == 0) {
    reporter_.Warn(ref, "predefined application '" + name +
                            "' is not in flowaudit's table of junos-defaults (UNKNOWN)");
    return {Match({Term::Unknown("predefined application " + name)})};
  }
  reporter_.Error(ref, "unknown application or application-set '" + name + "'");
  return {Match({Term::Unknown("unknown application " + name)})};
}

std::vector<Match> Applications::Charged(const Node& ref, const std::vector<Match>& matches,
                                         const std::vector<std::string>& stack) {
  if (stack.empty()) return matches;  // a policy's own reference: copied once, not expanding
  if (budget_.Spend(matches.size() + 1,
                    [&] { reporter_.Error(ref, budget_.TooFar("application-set")); })) {
    return matches;
  }
  return {Match({Term::Unknown(budget_.TooFar("application-set"))})};
}

std::vector<Match> Applications::Application(const Node& application) {
  std::vector<Match> terms;
  if (const Node* term_list = application.Find("term")) {
    for (const Node* term : term_list->ActiveChildren()) {
      terms.push_back(ApplicationTerm(*term, application.word()));
    }
  }
  // Attributes written directly under the application form one more term.
  bool has_direct = false;
  for (const Node* child : application.ActiveChildren()) {
    has_direct |= child->word() != "term" && !Ignorable(child->word());
  }
  if (has_direct || terms.empty()) terms.push_back(ApplicationTerm(application, ""));
  return terms;
}

Match Applications::ApplicationTerm(const Node& owner, const std::string& application) {
  const std::string name = application.empty() ? owner.word() : application;
  std::vector<Pair> pairs;
  for (const Node* key : owner.ActiveChildren()) {
    if (key->word() == "term" && application.empty()) continue;
    std::vector<const Node*> values = key->ActiveChildren();
    if (values.empty()) pairs.push_back({key, nullptr});
    for (const Node* value : values) {
      pairs.push_back({key, value});
      CollectPairs(*value, pairs);
    }
  }
  Match match;
  std::optional<uint8_t> protocol;
  for (const Pair& pair : pairs) {
    if (pair.key->word() == "protocol" && pair.value) {
      protocol = LookUpProtocol(pair.value->word());
    }
  }
  const bool icmp6 = protocol == protocol::kIcmpv6;
  for (const Pair& pair : pairs) {
    const std::string& key = pair.key->word();
    const std::string value = pair.value ? pair.value->word() : "";
    if (Ignorable(key)) continue;
    const Node& at = pair.value ? *pair.value : *pair.key;
    if (key == "protocol" && pair.value) {
      if (!protocol) {
        reporter_.Error(at, "unknown protocol '" + value + "' in application '" + name + "'");
        match.Add(Term::Unknown("protocol " + value));
      } else {
        match.Add(Term::FieldIs(Field::kProtocol, *protocol));
      }
    } else if ((key == "destination-port" || key == "source-port") && pair.value) {
      auto range = ParsePortRange(value);
      if (!range) {
        reporter_.Error(at, "expected a port, port name or range, got '" + value + "'");
        match.Add(Term::Unknown("port " + value));
      } else {
        match.Add(
            Term::FieldIn(key == "destination-port" ? Field::kDstPort : Field::kSrcPort, {*range}));
      }
    } else if ((key == "icmp-type" || key == "icmp6-type") && pair.value) {
      auto type = LookUpIcmpType(value, icmp6 || key == "icmp6-type");
      if (!type) {
        reporter_.Error(at, "unknown ICMP type '" + value + "'");
        match.Add(Term::Unknown("icmp-type " + value));
      } else {
        match.Add(Term::FieldIs(Field::kIcmpType, *type));
      }
    } else if ((key == "icmp-code" || key == "icmp6-code") && pair.value) {
      auto code = LookUpProtocol(value);  // a plain number 0-255
      if (!code || value.find_first_not_of("0123456789") != std::string::npos) {
        reporter_.Error(at, "expected an ICMP code 0-255, got '" + value + "'");
        match.Add(Term::Unknown("icmp-code " + value));
      } else {
        match.Add(Term::FieldIs(Field::kIcmpCode, *code));
      }
    } else {
      reporter_.Warn(*pair.key,
                     "unsupported application attribute '" + key + "' in '" + name + "' (UNKNOWN)");
      match.Add(Term::Unknown("application attribute " + key));
    }
  }
  return match;
}

}  // namespace flowaudit::junos
