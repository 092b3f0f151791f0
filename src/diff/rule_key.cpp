#include "src/diff/rule_key.h"

namespace flowaudit {
namespace {

void AppendValue(std::string& out, uint128 value) {
  out += ToDecimal(value);
  out += ',';
}

void AppendMatch(std::string& out, const Match& match);

void AppendTerm(std::string& out, const Term& term) {
  out += std::to_string(static_cast<int>(term.kind));
  out += term.negated ? "!" : "";
  out += '(';
  switch (term.kind) {
    case Term::Kind::kField:
      out += FieldName(term.field);
      out += ':';
      for (const ValueRange& r : term.ranges) {
        AppendValue(out, r.lo);
        AppendValue(out, r.hi);
      }
      break;
    case Term::Kind::kMasked:
      out += FieldName(term.field);
      out += ':';
      AppendValue(out, term.value);
      AppendValue(out, term.mask);
      break;
    case Term::Kind::kAnyOf:
      for (const Match& m : term.alternatives) {
        AppendMatch(out, m);
        out += '|';
      }
      break;
    case Term::Kind::kUnknown:
      out += term.reason;
      break;
    default:  // interface and zone names
      out += term.name;
  }
  out += ')';
}

void AppendMatch(std::string& out, const Match& match) {
  out += '[';
  for (const Term& term : match.terms()) AppendTerm(out, term);
  out += ']';
}

void AppendAction(std::string& out, const Action& action) {
  out += std::to_string(static_cast<int>(action.kind));
  out += '/' + action.name + '/' + action.chain + '/';
  if (action.kind >= ActionKind::kDnat) out += action.nat.ToString();
}

}  // namespace

std::string RuleKey(const Rule& rule) {
  std::string key;
  AppendMatch(key, rule.match);
  key += "->";
  AppendAction(key, rule.action);
  return key;
}

std::string PolicyKey(const Chain& chain) {
  std::string key;
  if (chain.policy) AppendAction(key, *chain.policy);
  return key;
}

}  // namespace flowaudit
