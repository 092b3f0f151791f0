#include "importers/netscaler/virtual_servers.h"

#include <algorithm>

#include "importers/common/suggest.h"
#include "importers/netscaler/vserver_builder.h"

namespace flowaudit::netscaler {
namespace {

std::vector<std::string> NamesOf(const std::map<std::string, Entity>& map) {
  std::vector<std::string> names;
  for (const auto& [name, e] : map) names.push_back(name);
  return names;
}

// The entities of `map` in the order of their add lines.
std::vector<const Entity*> InFileOrder(const std::map<std::string, Entity>& map) {
  std::vector<const Entity*> out;
  for (const auto& [name, e] : map) out.push_back(&e);
  std::sort(out.begin(), out.end(),
            [](const Entity* a, const Entity* b) { return a->add->at.offset < b->add->at.offset; });
  return out;
}

}  // namespace

VserverBuilder::VserverBuilder(const Config& config, Diagnostics& diagnostics)
    : config_(config), diagnostics_(diagnostics), backends_(config, diagnostics) {}

void VserverBuilder::MarkUnknown(VirtualServer& vs, const std::string& reason,
                                 const SourceRange& at) {
  if (!vs.unknown_reason.empty()) return;  // the first reason is reported
  vs.unknown_reason = reason;
  vs.unknown_at = at;
}

void VserverBuilder::ErrorOnce(const SourceRange& at, const std::string& message) {
  if (said_.insert({at.offset, message}).second) diagnostics_.Error(at, message);
}

void VserverBuilder::WarnOnce(const SourceRange& at, const std::string& message) {
  if (said_.insert({at.offset, message}).second) diagnostics_.Warning(at, message);
}

void VserverBuilder::NoteOnce(const SourceRange& at, const std::string& message) {
  if (said_.insert({at.offset, message}).second) diagnostics_.Note(at, message);
}

void VserverBuilder::CheckReferences() {
  auto check_vserver_binds = [&](const Binds& binds, const std::map<std::string, Entity>& map,
                                 const char* kind) {
    for (const auto& [name, list] : binds) {
      if (map.count(name)) continue;
      for (const Command* c : list) {
        diagnostics_.Error(c->args[0].at, std::string("no ") + kind + " named '" + name + "'" +
                                              DidYouMean(name, NamesOf(map)));
      }
    }
  };
  check_vserver_binds(config_.lb_binds, config_.lb_vservers, "lb vserver");
  check_vserver_binds(config_.cs_binds, config_.cs_vservers, "cs vserver");
  for (const Command* c : config_.responder_global) {
    if (c->args.empty() || config_.responder_policies.count(c->args[0].text)) continue;
    diagnostics_.Error(c->args[0].at,
                       "no responder policy named '" + c->args[0].text + "'" +
                           DidYouMean(c->args[0].text, NamesOf(config_.responder_policies)));
  }
  for (const auto& [name, policy] : config_.cs_policies) {
    const Option* action = policy.Find("action");
    if (!action || !action->Value() || config_.cs_actions.count(action->Value()->text)) continue;
    diagnostics_.Error(action->Value()->at,
                       "no cs action named '" + action->Value()->text + "'" +
                           DidYouMean(action->Value()->text, NamesOf(config_.cs_actions)));
  }
  for (const auto& [name, action] : config_.cs_actions) {
    const Option* target = action.Find("targetlbvserver");
    if (!target) {
      WarnOnce(action.add->verb.at,
               "cs action " + name + " does not name a -targetLBVserver; not modelled");
      continue;
    }
    if (!target->Value() || config_.lb_vservers.count(target->Value()->text)) continue;
    diagnostics_.Error(target->Value()->at,
                       "no lb vserver named '" + target->Value()->text + "'" +
                           DidYouMean(target->Value()->text, NamesOf(config_.lb_vservers)));
  }
}

void VserverBuilder::Emit(const VserverHead& head, bool cs) {
  const Entity& e = *head.entity;
  if (!head.address) {  // non-addressable: only a content-switching target
    if (const Option* pattern = e.Find("ippattern")) {
      WarnOnce(pattern->name.at, e.name + " listens on an address pattern: not modelled");
    }
    return;
  }
  SourceRange off;
  if (e.Disabled(&off)) {
    NoteOnce(off, e.name + " is disabled: nothing listens on its address and port");
    return;
  }
  std::vector<uint8_t> protocols;
  if (head.type->transport != ServiceType::Transport::kUdp) protocols.push_back(6);
  if (head.type->transport != ServiceType::Transport::kTcp) protocols.push_back(17);
  for (uint8_t protocol : protocols) {
    VirtualServer vs;
    vs.name = e.name;
    vs.address = *head.address;
    vs.protocol = protocol;
    vs.port = head.port;
    vs.any_port = head.any_port;
    vs.location = e.add->at;
    auto [it, added] = endpoints_.insert({{vs.address, protocol, vs.port, vs.any_port}, e.add->at});
    if (!added) {
      diagnostics_.Error(e.add->args[2].at, e.name +
                                                " uses the address and port of the vserver "
                                                "at " +
                                                it->second.ToString());
      continue;
    }
    if (cs) {
      FillCs(head, vs);
    } else {
      FillLb(head, vs);
    }
    out_.push_back(std::move(vs));
  }
  const Option* from = e.Find("redirectfromport");
  const Option* url = e.Find("httpsredirecturl");
  if (!from || !from->Value() || !url || !url->Value()) return;
  std::optional<uint16_t> port = ParsePortWord(*from->Value(), false, diagnostics_);
  if (!port) return;
  // NetScaler opens this port on the vserver's address and redirects every request there.
  VirtualServer r;
  r.name = e.name;
  r.address = *head.address;
  r.port = *port;
  r.mode = VirtualServer::Mode::kRedirect;
  r.redirect_location = url->Value()->text;
  r.redirect_status = 302;
  r.location = from->name.at;
  auto [it, added] = endpoints_.insert({{r.address, 6, r.port, false}, from->name.at});
  if (!added) {
    diagnostics_.Error(from->Value()->at, "port " + from->Value()->text +
                                              " of this address is already used by the vserver "
                                              "at " +
                                              it->second.ToString());
    return;
  }
  out_.push_back(std::move(r));
}

std::vector<VirtualServer> VserverBuilder::Build() {
  CheckResponders(config_, diagnostics_);
  CheckReferences();
  for (const Entity* e : InFileOrder(config_.lb_vservers)) {
    if (std::optional<VserverHead> head = ParseHead(*e)) lb_heads_[e->name] = *head;
  }
  std::vector<VserverHead> cs_heads;
  for (const Entity* e : InFileOrder(config_.cs_vservers)) {
    if (std::optional<VserverHead> head = ParseHead(*e)) cs_heads.push_back(*head);
  }
  for (const Entity* e : InFileOrder(config_.lb_vservers)) {
    auto head = lb_heads_.find(e->name);
    if (head != lb_heads_.end()) Emit(head->second, false);
  }
  for (const VserverHead& head : cs_heads) Emit(head, true);
  return std::move(out_);
}

std::vector<VirtualServer> BuildVirtualServers(const Config& config, Diagnostics& diagnostics) {
  return VserverBuilder(config, diagnostics).Build();
}

}  // namespace flowaudit::netscaler
