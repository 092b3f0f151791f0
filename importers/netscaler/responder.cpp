#include "importers/netscaler/responder.h"

#include <algorithm>
#include <cctype>

#include "importers/common/suggest.h"

namespace flowaudit::netscaler {
namespace {

struct Bound {
  int group = 1;  // 0 global override, 1 the vserver's, 2 global default
  long priority = 0;
  const Command* bind = nullptr;
  const Entity* policy = nullptr;
};

long PriorityOf(const Word* w) {
  if (!w || w->text.empty() || w->text.size() > 9) return 0;
  for (char c : w->text) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return 0;
  }
  return std::stol(w->text);
}

const Entity* FindEntity(const std::map<std::string, Entity>& map, const std::string& name) {
  auto it = map.find(name);
  return it == map.end() ? nullptr : &it->second;
}

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// What one policy's action does when its rule holds.
ResponderOutcome ActionOutcome(const Config& config, const Entity& policy, const Bound& b) {
  ResponderOutcome out;
  out.at = b.bind->at;
  const Word& action_word = policy.add->args[2];
  std::string builtin = Upper(action_word.text);
  if (builtin == "NOOP") return out;
  if (builtin == "DROP" || builtin == "RESET") {
    out.kind = ResponderOutcome::Kind::kReject;
    return out;
  }
  const Entity* action = FindEntity(config.responder_actions, action_word.text);
  if (!action || action->add->args.size() < 2) {
    out.kind = ResponderOutcome::Kind::kUnknown;
    out.reason = "responder action '" + action_word.text + "' is not understood";
    return out;
  }
  std::string type = Lower(action->add->args[1].text);
  int status = 0;
  if (const Option* s = action->Find("responsestatuscode"); s && s->Value()) {
    status = static_cast<int>(PriorityOf(s->Value()));
  }
  if (type == "noop") return out;
  if (type == "redirect" && action->add->args.size() >= 3) {
    RedirectTarget target = RenderRedirectTarget(action->add->args[2].text);
    if (!target.starts_with_literal) {
      out.kind = ResponderOutcome::Kind::kUnknown;
      out.reason = "responder action '" + action->name + "' redirects to a computed URL (" +
                   target.location + ")";
      return out;
    }
    out.kind = ResponderOutcome::Kind::kRedirect;
    out.location = target.location;
    out.status = status ? status : 302;  // NetScaler's default redirect status
    return out;
  }
  if (type.rfind("respondwith", 0) == 0 || type.rfind("sqlresponse", 0) == 0) {
    out.kind = ResponderOutcome::Kind::kRespond;
    out.status = status ? status : 200;
    return out;
  }
  out.kind = ResponderOutcome::Kind::kUnknown;
  out.reason = "responder action '" + action->name + "' of type " + type + " is not modelled";
  return out;
}

}  // namespace

void CheckResponders(const Config& config, Diagnostics& diagnostics) {
  std::vector<std::string> action_names = {"NOOP", "DROP", "RESET"};
  for (const auto& [name, e] : config.responder_actions) {
    action_names.push_back(name);
    if (e.add->args.size() < 2) diagnostics.Error(e.add->End(), "expected the action type");
  }
  for (const auto& [name, e] : config.responder_policies) {
    const std::vector<Word>& args = e.add->args;
    if (args.size() < 3) {
      diagnostics.Error(e.add->End(), args.size() < 2 ? "expected the policy's rule and action"
                                                      : "expected the policy's action");
      continue;
    }
    std::string builtin = Upper(args[2].text);
    if (builtin == "NOOP" || builtin == "DROP" || builtin == "RESET") continue;
    if (!config.responder_actions.count(args[2].text)) {
      diagnostics.Error(args[2].at, "no responder action named '" + args[2].text + "'" +
                                        DidYouMean(args[2].text, action_names));
    }
  }
}

ResponderOutcome EvaluateResponders(const Config& config, const std::vector<const Command*>& binds,
                                    const ListenerFacts& facts, Diagnostics& diagnostics) {
  std::vector<Bound> bound;
  for (const Command* c : binds) {
    const Option* name = c->Find("policyname");
    const Entity* policy = FindEntity(config.responder_policies, name->Value()->text);
    bound.push_back(Bound{
        1, PriorityOf(c->Find("priority") ? c->Find("priority")->Value() : nullptr), c, policy});
  }
  for (const Command* c : config.responder_global) {
    if (c->args.empty()) continue;
    const Entity* policy = FindEntity(config.responder_policies, c->args[0].text);
    if (!policy) continue;  // reported by the vserver builder's reference check
    const Option* type = c->Find("type");
    std::string t = type && type->Value() ? Upper(type->Value()->text) : "REQ_DEFAULT";
    if (t != "REQ_OVERRIDE" && t != "REQ_DEFAULT") continue;
    bound.push_back(Bound{t == "REQ_OVERRIDE" ? 0 : 2,
                          PriorityOf(c->args.size() > 1 ? &c->args[1] : nullptr), c, policy});
  }
  std::stable_sort(bound.begin(), bound.end(), [](const Bound& a, const Bound& b) {
    return a.group != b.group ? a.group < b.group : a.priority < b.priority;
  });
  ResponderOutcome out;
  if (bound.empty()) return out;
  if (config.features_listed && !config.features.count("responder")) {
    diagnostics.Note(bound.front().bind->at,
                     "the RESPONDER feature is not enabled (enable ns feature): responder "
                     "policies are not evaluated");
    return out;
  }
  for (const Bound& b : bound) {
    if (!b.policy || b.policy->add->args.size() < 3) continue;
    if (b.bind->Find("invoke")) {
      out.kind = ResponderOutcome::Kind::kUnknown;
      out.reason = "a policy label is invoked (" + b.bind->at.ToString() + ")";
      out.at = b.bind->at;
      return out;
    }
    const std::string& rule = b.policy->add->args[1].text;
    Truth truth = EvaluateRule(rule, facts);
    if (truth == Truth::kFalse) continue;
    ResponderOutcome action = ActionOutcome(config, *b.policy, b);
    if (action.kind == ResponderOutcome::Kind::kNone) continue;  // NOOP: evaluation goes on
    if (truth == Truth::kUnknown) {
      out.kind = ResponderOutcome::Kind::kUnknown;
      out.reason =
          "responder policy '" + b.policy->name + "' decides by the request ('" + rule + "')";
      out.at = b.bind->at;
      return out;
    }
    return action;
  }
  return out;
}

}  // namespace flowaudit::netscaler
