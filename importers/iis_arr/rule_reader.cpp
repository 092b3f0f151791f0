#include "importers/iis_arr/rule_reader.h"

#include <algorithm>
#include <regex>
#include <set>

#include "importers/common/suggest.h"
#include "importers/iis_arr/config_values.h"
#include "importers/iis_arr/patterns.h"

namespace flowaudit::iis {
namespace {

// IIS refuses a rule whose elements carry attributes its schema does not know (500.19), and a
// misspelt one (`stopprocessing`) would otherwise silently keep the default.
void CheckAttributes(const xml::Element& e, const std::vector<std::string>& known,
                     Diagnostics& diagnostics) {
  for (const xml::Attribute& a : e.attributes) {
    if (std::find(known.begin(), known.end(), a.name) != known.end()) continue;
    diagnostics.Warning(a.name_range, "unknown attribute '" + a.name + "' of <" + e.name +
                                          "> (IIS refuses it)" + DidYouMean(a.name, known));
  }
}

class RuleReader {
 public:
  explicit RuleReader(Diagnostics& diagnostics) : diagnostics_(diagnostics) {}
  std::optional<Rule> Read(const xml::Element& e);

 private:
  std::optional<Pattern> ReadPattern(const xml::Element& e, std::string_view attribute,
                                     PatternSyntax syntax, bool required);
  bool ReadConditions(const xml::Element& e, Rule& rule, PatternSyntax syntax);
  bool ReadAction(const xml::Element& e, Rule& rule);

  Diagnostics& diagnostics_;
};

std::optional<Pattern> RuleReader::ReadPattern(const xml::Element& e, std::string_view attribute,
                                               PatternSyntax syntax, bool required) {
  Pattern p;
  p.syntax = syntax;
  const xml::Attribute* a = e.FindAttribute(attribute);
  if (!a && required) {
    diagnostics_.Error(e.name_range, "<" + e.name + "> needs " + std::string(attribute));
    return std::nullopt;
  }
  p.text = a ? a->value : ".*";
  p.at = a ? a->value_range : e.location;
  std::optional<bool> negate = BoolAttribute(e, "negate", false, diagnostics_);
  std::optional<bool> ignore_case = BoolAttribute(e, "ignoreCase", true, diagnostics_);
  if (!negate || !ignore_case) return std::nullopt;
  p.negate = *negate;
  p.ignore_case = *ignore_case;
  std::string error;
  if (!CompilePattern(p, &error)) {
    diagnostics_.Error(p.at, "invalid pattern '" + p.text + "': " + error);
    return std::nullopt;
  }
  return p;
}

bool RuleReader::ReadConditions(const xml::Element& e, Rule& rule, PatternSyntax syntax) {
  bool ok = true;
  CheckAttributes(e, {"logicalGrouping", "trackAllCaptures"}, diagnostics_);
  if (const xml::Attribute* grouping = e.FindAttribute("logicalGrouping")) {
    std::optional<size_t> i =
        EnumAttribute(*grouping, "logicalGrouping", {"MatchAll", "MatchAny"}, diagnostics_);
    if (!i) return false;
    rule.match_all = *i == 0;
  }
  for (const xml::Element& child : e.children) {
    if (child.name == "clear") {
      rule.conditions.clear();
      continue;
    }
    if (child.name != "add") {
      diagnostics_.Warning(child.name_range,
                           "<" + child.name + "> in <conditions> is not modelled");
      continue;
    }
    CheckAttributes(child, {"input", "matchType", "pattern", "ignoreCase", "negate"}, diagnostics_);
    Condition c;
    c.at = child.location;
    c.input = std::string(child.AttributeValue("input"));
    if (!child.FindAttribute("input")) {
      diagnostics_.Error(child.name_range, "condition needs an input");
      ok = false;
      continue;
    }
    if (const xml::Attribute* type = child.FindAttribute("matchType")) {
      std::optional<size_t> i =
          EnumAttribute(*type, "matchType", {"Pattern", "IsFile", "IsDirectory"}, diagnostics_);
      if (!i) {
        ok = false;
        continue;
      }
      c.kind = static_cast<Condition::Kind>(*i);
    }
    bool needs_pattern = c.kind == Condition::Kind::kPattern;
    std::optional<Pattern> p = ReadPattern(child, "pattern", syntax, needs_pattern);
    if (!p) {
      ok = false;
      continue;
    }
    c.pattern = *p;
    rule.conditions.push_back(std::move(c));
  }
  return ok;
}

bool RuleReader::ReadAction(const xml::Element& e, Rule& rule) {
  CheckAttributes(e,
                  {"type", "url", "appendQueryString", "logRewrittenUrl", "redirectType",
                   "statusCode", "subStatusCode", "statusReason", "statusDescription"},
                  diagnostics_);
  Action& action = rule.action;
  action.at = e.location;
  if (const xml::Attribute* type = e.FindAttribute("type")) {
    std::optional<size_t> i = EnumAttribute(
        *type, "action type", {"None", "Rewrite", "Redirect", "CustomResponse", "AbortRequest"},
        diagnostics_);
    if (!i) return false;
    action.type = static_cast<Action::Type>(*i);
  }
  if (const xml::Attribute* url = e.FindAttribute("url")) {
    action.url = url->value;
    action.url_at = url->value_range;
  }
  bool needs_url = action.type == Action::Type::kRewrite || action.type == Action::Type::kRedirect;
  if (needs_url && action.url.empty()) {
    diagnostics_.Error(
        e.name_range,
        std::string(action.type == Action::Type::kRewrite ? "a Rewrite" : "a Redirect") +
            " action needs a url");
    return false;
  }
  if (action.type == Action::Type::kRedirect) {
    action.status = 301;  // redirectType defaults to Permanent
    if (const xml::Attribute* type = e.FindAttribute("redirectType")) {
      static const int kStatus[] = {301, 302, 303, 307};
      std::optional<size_t> i = EnumAttribute(
          *type, "redirectType", {"Permanent", "Found", "SeeOther", "Temporary"}, diagnostics_);
      if (!i) return false;
      action.status = kStatus[*i];
      action.status_at = type->value_range;
    }
  }
  if (action.type == Action::Type::kCustomResponse) {
    const xml::Attribute* code = e.FindAttribute("statusCode");
    int value = 0;
    bool valid = code && !code->value.empty() && code->value.size() <= 3 &&
                 std::all_of(code->value.begin(), code->value.end(),
                             [](char c) { return c >= '0' && c <= '9'; });
    if (valid) value = std::stoi(code->value);
    if (!valid || value < 100) {
      diagnostics_.Error(code ? code->value_range : e.name_range,
                         "a CustomResponse action needs a statusCode 100-999");
      return false;
    }
    action.status = value;
    action.status_at = code->value_range;
  }
  return true;
}

std::optional<Rule> RuleReader::Read(const xml::Element& e) {
  CheckAttributes(e, {"name", "enabled", "patternSyntax", "stopProcessing"}, diagnostics_);
  Rule rule;
  rule.at = e.location;
  rule.name = std::string(e.AttributeValue("name"));
  rule.action.at = e.location;
  if (rule.name.empty()) {
    diagnostics_.Error(e.name_range, "<rule> needs a name");
    return std::nullopt;
  }
  std::optional<bool> enabled = BoolAttribute(e, "enabled", true, diagnostics_);
  std::optional<bool> stop = BoolAttribute(e, "stopProcessing", false, diagnostics_);
  if (!enabled || !stop) return std::nullopt;
  rule.enabled = *enabled;
  rule.stop_processing = *stop;
  PatternSyntax syntax = PatternSyntax::kEcmaScript;
  if (const xml::Attribute* a = e.FindAttribute("patternSyntax")) {
    std::optional<size_t> i =
        EnumAttribute(*a, "patternSyntax", {"ECMAScript", "Wildcard", "ExactMatch"}, diagnostics_);
    if (!i) return std::nullopt;
    syntax = static_cast<PatternSyntax>(*i);
  }
  const xml::Element* match = e.Child("match");
  if (!match) {
    diagnostics_.Error(e.name_range, "rule '" + rule.name + "' has no <match url=…>");
    return std::nullopt;
  }
  bool ok = true;
  for (const xml::Element& child : e.children) {
    if (child.name == "match") {
      CheckAttributes(child, {"url", "ignoreCase", "negate"}, diagnostics_);
      std::optional<Pattern> p = ReadPattern(child, "url", syntax, true);
      if (p) rule.match = *p;
      ok &= p.has_value();
    } else if (child.name == "conditions") {
      ok &= ReadConditions(child, rule, syntax);
    } else if (child.name == "action") {
      ok &= ReadAction(child, rule);
    } else if (child.name == "serverVariables") {
      diagnostics_.Note(child.name_range,
                        "server variables set by a rule change what the back end sees, not "
                        "where the request goes: skipped");
    } else {
      diagnostics_.Warning(child.name_range, "<" + child.name + "> in <rule> is not modelled");
    }
  }
  if (!ok) return std::nullopt;
  return rule;
}

}  // namespace

RuleLevel ReadRuleLevel(const xml::Element& rules, Diagnostics& diagnostics) {
  RuleLevel level;
  RuleReader reader(diagnostics);
  std::set<std::string> names;  // lower case: rule names are unique regardless of case
  auto find = [&](std::string_view name) {
    return std::find_if(level.rules.begin(), level.rules.end(),
                        [&](const Rule& r) { return EqualsIgnoreCase(r.name, name); });
  };
  for (const xml::Element& e : rules.children) {
    if (e.name == "clear") {
      level.clear = true;
      level.rules.clear();
      names.clear();
    } else if (e.name == "remove") {
      std::string name(e.AttributeValue("name"));
      if (names.erase(Lower(name))) {
        level.rules.erase(find(name));
      } else {
        level.removed.push_back(name);
      }
    } else if (e.name == "rule") {
      std::optional<Rule> rule = reader.Read(e);
      if (!rule) continue;
      if (!names.insert(Lower(rule->name)).second) {
        diagnostics.Error(e.FindAttribute("name")->value_range,
                          "a second rule named '" + rule->name + "' in this collection");
        continue;
      }
      level.rules.push_back(std::move(*rule));
    } else {
      diagnostics.Warning(e.name_range, "<" + e.name + "> in <" + rules.name + "> is not modelled");
    }
  }
  return level;
}

}  // namespace flowaudit::iis
