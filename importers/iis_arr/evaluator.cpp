#include "importers/iis_arr/evaluator.h"

#include <cctype>

#include "importers/iis_arr/config_values.h"
#include "importers/iis_arr/patterns.h"

namespace flowaudit::iis {
namespace {

// Beyond this many endings the run stops forking and reports an unknown end: each
// content-dependent rule doubles the branches.
constexpr size_t kMaxEndings = 64;
// Each content-dependent rule on the way is one level of recursion: bound it so that no file
// can exhaust the stack.
constexpr int kMaxForkDepth = 500;

// The value of one server variable as the listener knows it.
KnownValue Variable(const std::string& name, const Listener& l) {
  std::string upper = Lower(name);
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (upper == "HTTPS") return {{l.https ? "on" : "off"}, false};
  if (upper == "SERVER_PORT") return {{std::to_string(l.port)}, false};
  if (upper == "SERVER_PORT_SECURE") return {{l.https ? "1" : "0"}, false};
  if (upper == "CACHE_URL") return {{l.https ? "https://" : "http://"}, true};
  if (upper == "LOCAL_ADDR" && l.address) return {{l.address->ToString()}, false};
  if (upper == "HTTP_HOST" && !l.host.empty()) {
    return {{l.host, l.host + ":" + std::to_string(l.port)}, false};
  }
  if (upper == "SERVER_NAME" && !l.host.empty()) return {{l.host}, false};
  return {{}, true};
}

// An input like "{HTTP_HOST}{REQUEST_URI}": literal text and variables, known as far as the
// first unknown piece.
KnownValue Input(const std::string& input, const Listener& l) {
  KnownValue out{{""}, false};
  size_t i = 0;
  while (i < input.size()) {
    size_t open = input.find('{', i);
    std::string literal = input.substr(i, open == std::string::npos ? std::string::npos : open - i);
    for (std::string& c : out.candidates) c += literal;
    if (open == std::string::npos) break;
    size_t close = input.find('}', open);
    if (close == std::string::npos) return {{}, true};
    KnownValue v = Variable(input.substr(open + 1, close - open - 1), l);
    if (v.candidates.empty()) {
      out.open_tail = true;
      return out;
    }
    std::vector<std::string> next;
    for (const std::string& a : out.candidates) {
      for (const std::string& b : v.candidates) next.push_back(a + b);
    }
    out.candidates = std::move(next);
    if (v.open_tail) {
      out.open_tail = true;
      return out;
    }
    i = close + 1;
  }
  return out;
}

struct Verdict {
  Truth truth = Truth::kTrue;
  std::string reason;
  SourceRange at;
};

Truth And(Truth a, Truth b) {
  if (a == Truth::kFalse || b == Truth::kFalse) return Truth::kFalse;
  return a == Truth::kUnknown || b == Truth::kUnknown ? Truth::kUnknown : Truth::kTrue;
}

Truth Or(Truth a, Truth b) {
  if (a == Truth::kTrue || b == Truth::kTrue) return Truth::kTrue;
  return a == Truth::kUnknown || b == Truth::kUnknown ? Truth::kUnknown : Truth::kFalse;
}

Verdict Decide(const RunRule& r, const Listener& l) {
  const Rule& rule = *r.rule;
  Verdict v;
  auto note = [&](Truth t, std::string reason, const SourceRange& at) {
    if (t == Truth::kUnknown && v.reason.empty()) {
      v.reason = std::move(reason);
      v.at = at;
    }
  };
  Truth match = Test(rule.match, {{}, true});
  note(match,
       "rule '" + rule.name + "' matches the URL path '" + rule.match.text +
           "', which only the request decides",
       rule.match.at);
  Truth conditions = rule.match_all ? Truth::kTrue : Truth::kFalse;
  if (rule.conditions.empty()) conditions = Truth::kTrue;
  for (const Condition& c : rule.conditions) {
    Truth t = Truth::kUnknown;
    std::string why;
    if (c.kind != Condition::Kind::kPattern) {
      why = "rule '" + rule.name + "' tests the file system (" + c.input + ")";
    } else {
      t = Test(c.pattern, Input(c.input, l));
      why = "rule '" + rule.name + "' tests " + c.input + " against '" + c.pattern.text +
            "', which only the request decides";
    }
    note(t, why, c.kind == Condition::Kind::kPattern ? c.pattern.at : c.at);
    conditions = rule.match_all ? And(conditions, t) : Or(conditions, t);
  }
  v.truth = And(match, conditions);
  if (v.truth != Truth::kTrue) {
    // A false part settles the rule; an unknown part's reason stays only when it matters.
    if (v.truth == Truth::kFalse) v.reason.clear();
    return v;
  }
  if (!r.scope_reason.empty()) {
    v.truth = Truth::kUnknown;
    v.reason = r.scope_reason;
    v.at = r.scope_at;
  }
  return v;
}

bool IsAbsolute(const std::string& url) {
  std::string lower = Lower(url.substr(0, 8));
  return lower.rfind("http://", 0) == 0 || lower.rfind("https://", 0) == 0;
}

class Run {
 public:
  Run(const std::vector<RunRule>& rules, const Listener& listener)
      : rules_(rules), listener_(listener) {}

  RunResult Go() {
    Continue(0, Ending{}, 0);
    if (truncated_) result_.endings.push_back(Ending{Ending::Kind::kUnknown, "", 0, truncated_at_});
    return std::move(result_);
  }

 private:
  void Continue(size_t index, Ending state, int depth);
  void Finish(const Ending& ending) {
    if (!Full()) {
      result_.endings.push_back(ending);
    } else if (!truncated_) {
      truncated_ = true;
      truncated_at_ = ending.rule;
    }
  }
  bool Full() const { return result_.endings.size() >= kMaxEndings; }

  const std::vector<RunRule>& rules_;
  const Listener& listener_;
  RunResult result_;
  bool truncated_ = false;  // endings were left unexplored
  const Rule* truncated_at_ = nullptr;
};

// Whether applying the rule differs from skipping it: a None that does not stop, or a rewrite
// to the target already chosen, does not.
bool ChangesRun(const Rule& rule, const Ending& state) {
  if (rule.stop_processing) return true;
  const Action& action = rule.action;
  if (action.type == Action::Type::kNone) return false;
  if (action.type != Action::Type::kRewrite) return true;
  Ending::Kind kind = IsAbsolute(action.url) ? Ending::Kind::kProxy : Ending::Kind::kLocal;
  return kind != state.kind || (kind == Ending::Kind::kProxy && action.url != state.url);
}

void Run::Continue(size_t index, Ending state, int depth) {
  for (size_t i = index; i < rules_.size(); ++i) {
    if (truncated_) return;
    const Rule& rule = *rules_[i].rule;
    if (!rule.enabled) continue;
    Verdict v = Decide(rules_[i], listener_);
    if (v.truth == Truth::kFalse) continue;
    if (v.truth == Truth::kUnknown) {
      if (!ChangesRun(rule, state)) continue;  // both branches go on the same way
      if (result_.unknown_reason.empty()) {
        result_.unknown_reason = v.reason;
        result_.unknown_at = v.at;
      }
      if (Full() || depth >= kMaxForkDepth) {
        if (!truncated_) truncated_at_ = &rule;
        truncated_ = true;
        return;
      }
      Continue(i + 1, state, depth + 1);  // the branch where the rule does not match
    }
    const Action& action = rule.action;
    switch (action.type) {
      case Action::Type::kNone:
        break;
      case Action::Type::kRewrite:
        state = Ending{IsAbsolute(action.url) ? Ending::Kind::kProxy : Ending::Kind::kLocal,
                       action.url, 200, &rule};
        break;
      case Action::Type::kRedirect:
        return Finish(Ending{Ending::Kind::kRedirect, action.url, action.status, &rule});
      case Action::Type::kCustomResponse:
        return Finish(Ending{Ending::Kind::kRespond, "", action.status, &rule});
      case Action::Type::kAbortRequest:
        return Finish(Ending{Ending::Kind::kReject, "", 0, &rule});
    }
    if (rule.stop_processing) return Finish(state);
  }
  Finish(state);
}

}  // namespace

RunResult RunRules(const std::vector<RunRule>& rules, const Listener& listener) {
  return Run(rules, listener).Go();
}

}  // namespace flowaudit::iis
