#include "importers/haproxy/conditions.h"

#include <charconv>
#include <set>

namespace flowaudit::haproxy {
namespace {

// Predefined ACLs (configuration manual §7.4).
const std::set<std::string>& PredefinedAcls() {
  static const std::set<std::string> names = {
      "FALSE",        "HTTP",         "HTTP_1.0",     "HTTP_1.1",       "HTTP_2.0",
      "HTTP_3.0",     "HTTP_CONTENT", "HTTP_URL_ABS", "HTTP_URL_SLASH", "HTTP_URL_STAR",
      "LOCALHOST",    "METH_CONNECT", "METH_DELETE",  "METH_GET",       "METH_HEAD",
      "METH_OPTIONS", "METH_POST",    "METH_PUT",     "METH_TRACE",     "RDP_COOKIE",
      "REQ_CONTENT",  "TRUE",         "WAIT_END"};
  return names;
}

Truth Not(Truth t) {
  if (t == Truth::kUnknown) return t;
  return t == Truth::kTrue ? Truth::kFalse : Truth::kTrue;
}

Truth And(Truth a, Truth b) {
  if (a == Truth::kFalse || b == Truth::kFalse) return Truth::kFalse;
  if (a == Truth::kUnknown || b == Truth::kUnknown) return Truth::kUnknown;
  return Truth::kTrue;
}

Truth Or(Truth a, Truth b) {
  if (a == Truth::kTrue || b == Truth::kTrue) return Truth::kTrue;
  if (a == Truth::kUnknown || b == Truth::kUnknown) return Truth::kUnknown;
  return Truth::kFalse;
}

bool PortMatches(const std::string& value, uint16_t port) {
  size_t dash = value.find('-');
  std::string first = value.substr(0, dash);
  std::string last = dash == std::string::npos ? first : value.substr(dash + 1);
  int lo = 0, hi = 0;
  auto a = std::from_chars(first.data(), first.data() + first.size(), lo);
  auto b = std::from_chars(last.data(), last.data() + last.size(), hi);
  if (a.ec != std::errc() || b.ec != std::errc()) return false;
  return port >= lo && port <= hi;
}

// `criterion [flags] values…` of one ACL line or anonymous ACL.
Truth EvaluateCriterion(const Words& words, size_t begin, size_t end, const Listener& listener,
                        std::string* unknown) {
  if (begin >= end) return Truth::kUnknown;
  const std::string& criterion = words[begin].text;
  if (criterion == "ssl_fc") return listener.ssl ? Truth::kTrue : Truth::kFalse;
  if (criterion == "always_true") return Truth::kTrue;
  if (criterion == "always_false") return Truth::kFalse;
  if (criterion == "dst_port") {
    for (size_t i = begin + 1; i < end; ++i) {
      if (!words[i].text.empty() && words[i].text[0] != '-' &&
          PortMatches(words[i].text, listener.port)) {
        return Truth::kTrue;
      }
    }
    return Truth::kFalse;
  }
  if (unknown->empty()) *unknown = criterion;
  return Truth::kUnknown;
}

Truth EvaluateNamed(const std::string& name, const Proxy& proxy, const Listener& listener,
                    std::string* unknown) {
  if (name == "TRUE") return Truth::kTrue;
  if (name == "FALSE") return Truth::kFalse;
  if (name == "HTTP") return listener.http ? Truth::kTrue : Truth::kFalse;
  auto it = proxy.acls.find(name);
  if (it == proxy.acls.end()) {
    if (unknown->empty()) *unknown = name;
    return Truth::kUnknown;
  }
  Truth result = Truth::kFalse;
  for (const AclLine& line : it->second) {
    const Words& w = line.criterion_and_values;
    result = Or(result, EvaluateCriterion(w, 0, w.size(), listener, unknown));
  }
  return result;
}

// Visits the terms of a condition: (negated, named ACL) or (negated, anonymous ACL words
// [begin, end)), and the OR separators. Returns false when the braces do not balance.
template <typename OnTerm, typename OnOr>
bool ForEachTerm(const Words& words, OnTerm on_term, OnOr on_or) {
  bool negated = false;
  for (size_t i = 0; i < words.size(); ++i) {
    std::string text = words[i].text;
    if (text == "||" || text == "or") {
      on_or();
      negated = false;
      continue;
    }
    size_t bangs = 0;
    while (bangs < text.size() && text[bangs] == '!') ++bangs;
    if (bangs % 2 == 1) negated = !negated;
    text = text.substr(bangs);
    if (text.empty()) continue;
    if (text == "{") {
      size_t close = i + 1;
      while (close < words.size() && words[close].text != "}") ++close;
      if (close == words.size()) return false;
      on_term(negated, nullptr, i + 1, close);
      i = close;
    } else {
      on_term(negated, &text, 0, 0);
    }
    negated = false;
  }
  return true;
}

}  // namespace

Truth Evaluate(const Condition& condition, const Proxy& proxy, const Listener& listener,
               std::string* unknown_criterion) {
  if (!condition.present) return Truth::kTrue;
  Truth any = Truth::kFalse;  // OR of the AND groups
  Truth group = Truth::kTrue;
  bool balanced = ForEachTerm(
      condition.words,
      [&](bool negated, const std::string* name, size_t begin, size_t end) {
        Truth t = name
                      ? EvaluateNamed(*name, proxy, listener, unknown_criterion)
                      : EvaluateCriterion(condition.words, begin, end, listener, unknown_criterion);
        group = And(group, negated ? Not(t) : t);
      },
      [&] {
        any = Or(any, group);
        group = Truth::kTrue;
      });
  if (!balanced) {
    if (unknown_criterion->empty()) *unknown_criterion = "{";
    return Truth::kUnknown;
  }
  any = Or(any, group);
  return condition.negate ? Not(any) : any;
}

std::optional<Word> UndeclaredAcl(const Condition& condition, const Proxy& proxy) {
  std::optional<Word> missing;
  const Words& words = condition.words;
  // Names come back as copies without their `!`; find the word again to keep its range.
  ForEachTerm(
      words,
      [&](bool, const std::string* name, size_t, size_t) {
        if (!name || missing) return;
        if (proxy.acls.count(*name) || PredefinedAcls().count(*name)) return;
        for (const Word& word : words) {
          if (word.text.ends_with(*name)) {
            missing = Word{*name, word.at};
            break;
          }
        }
      },
      [] {});
  return missing;
}

}  // namespace flowaudit::haproxy
