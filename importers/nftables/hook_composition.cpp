#include "importers/nftables/hook_composition.h"

namespace flowaudit::nftables {
namespace {

std::string StageName(const std::string& hook, size_t i) {
  return i == 0 ? hook : hook + " stage " + std::to_string(i + 1);
}

// An accept in stage i: the packet goes on to the next base chain, if there is one.
Action PassOn(const Action& accept, const std::string& next) {
  if (next.empty()) return accept;
  Action action = accept;
  action.kind = ActionKind::kGoto;
  action.chain = next;
  return action;
}

}  // namespace

Filter ComposeHook(const std::string& hook, const std::vector<BaseChainRef>& chains) {
  auto rules = std::make_shared<RuleSet>();
  for (size_t i = 0; i < chains.size(); ++i) {
    const BaseChainRef& base = chains[i];
    const std::string prefix = hook + "/" + std::to_string(i + 1) + " ";
    const std::string next = i + 1 < chains.size() ? StageName(hook, i + 1) : "";
    for (const auto& [name, chain] : base.table->chains) {
      Chain copy = chain;
      copy.name = prefix + name;
      copy.policy.reset();  // reached by a jump: its end returns to the stage entry
      for (Rule& rule : copy.rules) {
        if (rule.action.kind == ActionKind::kJump || rule.action.kind == ActionKind::kGoto) {
          rule.action.chain = prefix + rule.action.chain;
        } else if (rule.action.kind == ActionKind::kAccept) {
          rule.action = PassOn(rule.action, next);
        }
      }
      rules->chains.emplace(copy.name, std::move(copy));
    }
    const Chain* original = base.table->Find(base.chain);
    Chain entry;
    entry.name = StageName(hook, i);
    entry.location = original->location;
    Rule call;
    call.action = Action::Of(ActionKind::kJump, "jump " + base.key);
    call.action.chain = prefix + base.chain;
    call.label = "base chain " + base.key;
    entry.rules.push_back(std::move(call));
    Rule policy;
    Action verdict = original->policy.value_or(Action::Of(ActionKind::kAccept, "accept"));
    policy.action = verdict.kind == ActionKind::kAccept ? PassOn(verdict, next) : verdict;
    policy.location = original->location;
    policy.label = "policy of " + base.key;
    entry.rules.push_back(std::move(policy));
    if (i == 0) entry.policy = verdict;  // never reached: the policy rule above decides
    rules->chains.emplace(entry.name, std::move(entry));
  }
  return Filter(hook, rules, hook);
}

}  // namespace flowaudit::nftables
