// The cs vserver part of VserverBuilder: a content-switching vserver is the listener; its
// policies pick an lb vserver by priority, the default (`-lbvserver`) takes the rest. When a
// rule depends on the request, every lb vserver it may pick is reported, with a warning.
#include <algorithm>

#include "importers/common/suggest.h"
#include "importers/netscaler/vserver_builder.h"

namespace flowaudit::netscaler {
namespace {

struct Candidate {
  long priority = 0;
  const Command* bind = nullptr;
  std::string policy;
  std::string rule;      // empty: always
  bool classic = false;  // -domain/-url: decided by the request
  const Word* target = nullptr;
};

long Number(const Option* o) {
  if (!o || !o->Value()) return 0;
  const std::string& t = o->Value()->text;
  if (t.empty() || t.size() > 9 || t.find_first_not_of("0123456789") != std::string::npos) {
    return 0;
  }
  return std::stol(t);
}

const Word* ValueOf(const Option* o) { return o ? o->Value() : nullptr; }

}  // namespace

std::vector<const Entity*> VserverBuilder::CsTargets(const VserverHead& cs,
                                                     const ListenerFacts& facts,
                                                     std::vector<const Command*>& responders) {
  const Word* default_target = nullptr;
  std::vector<Candidate> candidates;
  auto binds = config_.cs_binds.find(cs.entity->name);
  std::vector<const Command*> none;
  for (const Command* c : binds == config_.cs_binds.end() ? none : binds->second) {
    const Word* policy = ValueOf(c->Find("policyname"));
    if (!policy) {
      const Word* lb = ValueOf(c->Find("lbvserver"));
      if (!lb && c->args.size() >= 2) lb = &c->args[1];  // older `bind cs vserver CS LB`
      if (lb) {
        default_target = lb;
      } else {
        WarnOnce(c->verb.at, "this binding is not modelled; ignored");
      }
      continue;
    }
    if (config_.responder_policies.count(policy->text)) {
      responders.push_back(c);
      continue;
    }
    auto p = config_.cs_policies.find(policy->text);
    if (p == config_.cs_policies.end()) {
      if (!config_.other_policies.count(policy->text)) {
        ErrorOnce(policy->at, "no policy named '" + policy->text + "'");
      }
      continue;
    }
    Candidate cand;
    cand.priority = Number(c->Find("priority"));
    cand.bind = c;
    cand.policy = policy->text;
    if (const Word* rule = ValueOf(p->second.Find("rule"))) {
      cand.rule = rule->text;
    } else if (p->second.Find("domain") || p->second.Find("url")) {
      cand.classic = true;
    }
    cand.target = ValueOf(c->Find("targetlbvserver"));
    if (!cand.target && c->args.size() >= 2) cand.target = &c->args[1];
    if (!cand.target) {
      if (const Word* a = ValueOf(p->second.Find("action"))) {
        auto action = config_.cs_actions.find(a->text);
        if (action != config_.cs_actions.end()) {
          cand.target = ValueOf(action->second.Find("targetlbvserver"));
        }
      }
    }
    if (!cand.target) {
      WarnOnce(c->verb.at, "cs policy " + policy->text +
                               " has no lb vserver target the importer understands; ignored");
      continue;
    }
    candidates.push_back(cand);
  }
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const Candidate& a, const Candidate& b) { return a.priority < b.priority; });
  std::vector<const Word*> picked;
  bool decided = false;
  for (const Candidate& cand : candidates) {
    Truth t = cand.classic        ? Truth::kUnknown
              : cand.rule.empty() ? Truth::kTrue
                                  : EvaluateRule(cand.rule, facts);
    if (t == Truth::kFalse) continue;
    picked.push_back(cand.target);
    if (t == Truth::kTrue) {
      decided = true;
      break;
    }
    WarnOnce(cand.bind->verb.at, "cs policy " + cand.policy +
                                     " decides by the request; every lb vserver " +
                                     cs.entity->name + " may pick is reported");
  }
  if (!decided && default_target) picked.push_back(default_target);
  std::vector<const Entity*> out;
  for (const Word* w : picked) {
    auto lb = config_.lb_vservers.find(w->text);
    if (lb == config_.lb_vservers.end()) {
      std::vector<std::string> names;
      for (const auto& [n, e] : config_.lb_vservers) names.push_back(n);
      ErrorOnce(w->at, "no lb vserver named '" + w->text + "'" + DidYouMean(w->text, names));
      continue;
    }
    SourceRange off;
    if (lb->second.Disabled(&off)) {
      NoteOnce(off, lb->first + " is disabled: " + cs.entity->name + " does not use it");
      continue;
    }
    if (std::find(out.begin(), out.end(), &lb->second) == out.end()) out.push_back(&lb->second);
  }
  return out;
}

void VserverBuilder::MergeTargets(const VserverHead& cs, const std::vector<VirtualServer>& targets,
                                  VirtualServer& vs) {
  const VirtualServer& first = targets.front();
  vs.mode = first.mode;
  vs.redirect_location = first.redirect_location;
  vs.redirect_status = first.redirect_status;
  vs.source_translation = first.source_translation;
  vs.source_nat = first.source_nat;
  vs.settings.persistence = first.settings.persistence;
  vs.settings.persistence_name = first.settings.persistence_name;
  vs.settings.persistence_cookie_http_only = first.settings.persistence_cookie_http_only;
  vs.settings.persistence_at = first.settings.persistence_at;
  for (const VirtualServer& t : targets) {
    if (!t.unknown_reason.empty()) MarkUnknown(vs, t.unknown_reason, t.unknown_at);
    if (&t != &first && t.mode != first.mode) {
      MarkUnknown(vs, "its target lb vservers do different things", cs.entity->add->at);
    }
    if (t.settings.persistence != vs.settings.persistence ||
        t.settings.persistence_name != vs.settings.persistence_name) {
      vs.settings.persistence = Persistence::kOther;
      vs.settings.persistence_name = "differs by target";
    }
    if (t.source_translation != vs.source_translation || t.source_nat != vs.source_nat) {
      vs.source_translation = SourceTranslation::kDeviceOwn;
      vs.source_nat.reset();
    }
    for (const PoolMember& m : t.members) {
      auto same = [&](const PoolMember& o) {
        return o.name == m.name && o.address == m.address && o.port == m.port;
      };
      if (std::none_of(vs.members.begin(), vs.members.end(), same)) vs.members.push_back(m);
    }
    for (const HealthMonitor& h : t.settings.monitors) {
      auto same = [&](const HealthMonitor& o) { return o.name == h.name; };
      if (std::none_of(vs.settings.monitors.begin(), vs.settings.monitors.end(), same)) {
        vs.settings.monitors.push_back(h);
      }
    }
  }
}

void VserverBuilder::FillCs(const VserverHead& cs, VirtualServer& vs) {
  CommonSettings(cs, vs);
  std::vector<const Command*> responders;
  std::vector<const Entity*> targets = CsTargets(cs, FactsOf(cs, vs), responders);
  bool answered = ApplyResponders(cs, responders, vs);
  if (!answered && targets.empty()) {
    DownOrForward(cs, {}, vs);
  } else if (!answered) {
    std::vector<VirtualServer> filled;
    for (const Entity* lb : targets) {
      auto head = lb_heads_.find(lb->name);
      if (head == lb_heads_.end()) continue;  // its add line has an error
      VirtualServer t;
      t.name = lb->name;
      t.address = vs.address;
      t.protocol = vs.protocol;
      t.port = vs.port;
      t.any_port = vs.any_port;
      FillLb(head->second, t);
      filled.push_back(std::move(t));
    }
    if (!filled.empty()) MergeTargets(cs, filled, vs);
  }
  if (!vs.unknown_reason.empty()) vs.mode = VirtualServer::Mode::kUnknown;
}

}  // namespace flowaudit::netscaler
