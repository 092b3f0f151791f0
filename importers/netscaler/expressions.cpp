#include "importers/netscaler/expressions.h"

#include <cctype>
#include <vector>

namespace flowaudit::netscaler {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::string Upper(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (!std::isspace(static_cast<unsigned char>(c))) {
      out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
  }
  return out;
}

// Splits at `op` where it is outside string literals and parentheses.
std::vector<std::string_view> SplitTopLevel(std::string_view s, std::string_view op) {
  std::vector<std::string_view> parts;
  int depth = 0;
  bool in_string = false;
  size_t start = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '(') {
      ++depth;
    } else if (c == ')') {
      --depth;
    } else if (depth == 0 && s.compare(i, op.size(), op) == 0) {
      parts.push_back(s.substr(start, i - start));
      i += op.size() - 1;
      start = i + 1;
    }
  }
  parts.push_back(s.substr(start));
  return parts;
}

// Whether the parentheses at both ends enclose the whole expression.
bool Enclosed(std::string_view s) {
  if (s.size() < 2 || s.front() != '(' || s.back() != ')') return false;
  int depth = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '(') ++depth;
    if (s[i] == ')' && --depth == 0 && i + 1 < s.size()) return false;
  }
  return true;
}

Truth Not(Truth t) {
  return t == Truth::kUnknown ? t : (t == Truth::kTrue ? Truth::kFalse : Truth::kTrue);
}

Truth Bool(bool b) { return b ? Truth::kTrue : Truth::kFalse; }

// `CLIENT.TCP.DSTPORT.EQ(80)` and `.NE(80)`.
Truth PortTest(const std::string& atom, const ListenerFacts& facts) {
  for (const char* op : {"CLIENT.TCP.DSTPORT.EQ(", "CLIENT.TCP.DSTPORT.NE("}) {
    std::string prefix = op;
    if (atom.compare(0, prefix.size(), prefix) != 0 || atom.back() != ')') continue;
    std::string number = atom.substr(prefix.size(), atom.size() - prefix.size() - 1);
    if (number.empty() || number.size() > 5 || facts.any_port) return Truth::kUnknown;
    for (char c : number) {
      if (!std::isdigit(static_cast<unsigned char>(c))) return Truth::kUnknown;
    }
    bool equal = std::stoi(number) == facts.port;
    return Bool(prefix.find(".EQ(") != std::string::npos ? equal : !equal);
  }
  return Truth::kUnknown;
}

Truth Atom(std::string_view text, const ListenerFacts& facts) {
  std::string atom = Upper(text);
  if (atom == "TRUE") return Truth::kTrue;
  if (atom == "FALSE") return Truth::kFalse;
  if (atom == "HTTP.REQ.IS_VALID") return Truth::kTrue;  // a request the vserver parsed
  if (atom == "CLIENT.SSL.IS_SSL") return Bool(facts.ssl);
  return PortTest(atom, facts);
}

// `depth` bounds the recursion: a rule nested deeper than any real one is not decided.
Truth Evaluate(std::string_view expression, const ListenerFacts& facts, int depth) {
  std::string_view s = Trim(expression);
  if (s.empty() || depth > 64) return Truth::kUnknown;
  std::vector<std::string_view> alternatives = SplitTopLevel(s, "||");
  if (alternatives.size() > 1) {
    Truth out = Truth::kFalse;
    for (std::string_view a : alternatives) {
      Truth t = Evaluate(a, facts, depth + 1);
      if (t == Truth::kTrue) return t;
      if (t == Truth::kUnknown) out = t;
    }
    return out;
  }
  std::vector<std::string_view> conjuncts = SplitTopLevel(s, "&&");
  if (conjuncts.size() > 1) {
    Truth out = Truth::kTrue;
    for (std::string_view c : conjuncts) {
      Truth t = Evaluate(c, facts, depth + 1);
      if (t == Truth::kFalse) return t;
      if (t == Truth::kUnknown) out = t;
    }
    return out;
  }
  if (Enclosed(s)) return Evaluate(s.substr(1, s.size() - 2), facts, depth + 1);
  if (s.front() == '!') return Not(Evaluate(s.substr(1), facts, depth + 1));
  std::string upper = Upper(s);
  if (upper.size() > 4 && upper.compare(upper.size() - 4, 4, ".NOT") == 0) {
    return Not(Evaluate(s.substr(0, s.find_last_of('.')), facts, depth + 1));
  }
  return Atom(s, facts);
}

}  // namespace

Truth EvaluateRule(std::string_view expression, const ListenerFacts& facts) {
  return Evaluate(expression, facts, 0);
}

RedirectTarget RenderRedirectTarget(std::string_view expression) {
  RedirectTarget out;
  bool first = true;
  for (std::string_view term : SplitTopLevel(Trim(expression), "+")) {
    term = Trim(term);
    if (term.size() >= 2 && term.front() == '"' && term.back() == '"') {
      std::string_view inner = term.substr(1, term.size() - 2);
      for (size_t i = 0; i < inner.size(); ++i) {
        if (inner[i] == '\\' && i + 1 < inner.size()) ++i;
        out.location += inner[i];
      }
      if (first) out.starts_with_literal = true;
    } else {
      out.location += "{" + std::string(term) + "}";
    }
    first = false;
  }
  return out;
}

}  // namespace flowaudit::netscaler
