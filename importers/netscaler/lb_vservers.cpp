// The lb vserver part of VserverBuilder: what a load-balancing vserver does with one listener's
// connections.
#include <algorithm>

#include "importers/common/suggest.h"
#include "importers/netscaler/config_reader.h"
#include "importers/netscaler/vserver_builder.h"
#include "importers/netscaler/vserver_options.h"

namespace flowaudit::netscaler {
namespace {

bool IsZero(const IpAddress& a) { return a.value == 0; }

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

const std::vector<std::string>& PersistenceTypes() {
  static const std::vector<std::string> types = {
      "CALLID",      "COOKIEINSERT", "CUSTOMSERVERID", "DESTIP",     "DIAMETER",
      "FIXSESSION",  "NONE",         "RTSPSID",        "RULE",       "SOURCEIP",
      "SRCIPDESTIP", "SSLSESSION",   "URLPASSIVE",     "USERSESSION"};
  return types;
}

}  // namespace

std::optional<VserverHead> VserverBuilder::ParseHead(const Entity& e) {
  const std::vector<Word>& args = e.add->args;
  if (args.size() < 2) {
    diagnostics_.Error(e.add->End(), "expected the vserver's service type");
    return std::nullopt;
  }
  VserverHead head;
  head.entity = &e;
  head.type = FindServiceType(args[1], diagnostics_);
  if (!head.type) return std::nullopt;
  if (args.size() == 2) return head;  // non-addressable
  if (args.size() == 3) {
    diagnostics_.Error(e.add->End(), "expected a port after the address");
    return std::nullopt;
  }
  std::optional<IpAddress> address = ParseIpAddress(args[2].text);
  if (!address) {
    diagnostics_.Error(args[2].at, "invalid address '" + args[2].text + "'");
    return std::nullopt;
  }
  if (IsZero(*address) && args[3].text == "0") return head;  // non-addressable
  std::optional<uint16_t> port = ParsePortWord(args[3], true, diagnostics_);
  if (!port) return std::nullopt;
  head.address = address;
  head.port = *port;
  head.any_port = *port == 0;
  return head;
}

ListenerFacts VserverBuilder::FactsOf(const VserverHead& head, const VirtualServer& vs) {
  return ListenerFacts{head.type->tls_terminated, vs.port, vs.any_port};
}

void VserverBuilder::CommonSettings(const VserverHead& head, VirtualServer& vs) {
  const Entity& e = *head.entity;
  vs.settings.tls_terminated = head.type->tls_terminated;
  vs.settings.idle_timeout_s = head.type->default_client_timeout;
  if (const Option* t = e.Find("clttimeout"); t && t->Value()) {
    const std::string& text = t->Value()->text;
    bool digits = !text.empty() && text.size() <= 9 &&
                  text.find_first_not_of("0123456789") == std::string::npos;
    if (digits) {
      vs.settings.idle_timeout_s = std::stoll(text);
      vs.settings.idle_timeout_at = t->Value()->at;
    } else {
      ErrorOnce(t->Value()->at, "expected the client idle timeout in seconds, got '" + text + "'");
    }
  }
  for (const auto& [name, option] : e.options) {
    std::string why = UnknownBecauseOf(option);
    if (why.empty()) continue;
    WarnOnce(option.name.at, why + ": what " + e.name + " does is unknown");
    MarkUnknown(vs, why, option.name.at);
  }
  for (const GlobalUnknown& g : config_.global_unknowns) MarkUnknown(vs, g.reason, g.at);
}

void VserverBuilder::SetPersistence(const VserverHead& lb, VirtualServer& vs) {
  const Entity& e = *lb.entity;
  LbSettings& s = vs.settings;
  const Option* type = e.Find("persistencetype");
  if (!type || !type->Value()) return;  // NetScaler's default: NONE
  std::string value = Upper(type->Value()->text);
  if (std::find(PersistenceTypes().begin(), PersistenceTypes().end(), value) ==
      PersistenceTypes().end()) {
    ErrorOnce(type->Value()->at, "unknown persistence type '" + type->Value()->text + "'" +
                                     DidYouMean(value, PersistenceTypes()));
    return;
  }
  s.persistence_at = type->Value()->at;
  if (value == "NONE") return;
  if (value == "SOURCEIP") {
    s.persistence = Persistence::kSourceAddress;
  } else if (value == "COOKIEINSERT") {
    s.persistence = Persistence::kCookie;
    const Option* cookie = e.Find("cookiename");
    // Without -cookieName NetScaler names the cookie NSC_ followed by an encoding of the
    // vserver's name; reported as NSC_<name>.
    s.persistence_name = cookie && cookie->Value() ? cookie->Value()->text : "NSC_" + e.name;
    s.persistence_cookie_http_only = config_.http_only_cookie;
  } else {
    s.persistence = Persistence::kOther;
    s.persistence_name = value;
  }
}

bool VserverBuilder::ApplyBinds(const VserverHead& head, const std::vector<const Command*>& binds,
                                VirtualServer& vs, std::vector<const Backend*>& backends) {
  std::vector<const Command*> responders;
  for (const Command* c : binds) {
    if (c->args.size() >= 2) {
      const std::string& name = c->args[1].text;
      if (const std::vector<Backend>* found = backends_.Find(name)) {
        for (const Backend& b : *found) backends.push_back(&b);
      } else if (!config_.services.count(name) && !config_.service_groups.count(name)) {
        ErrorOnce(c->args[1].at, "no service or service group named '" + name + "'" +
                                     DidYouMean(name, backends_.Names()));
      }
      continue;
    }
    const Option* policy = c->Find("policyname");
    if (!policy || !policy->Value()) {
      WarnOnce(c->verb.at,
               "this binding is not modelled: what " + head.entity->name + " does is unknown");
      MarkUnknown(vs, "a binding is not modelled (" + c->at.ToString() + ")", c->verb.at);
      continue;
    }
    const std::string& name = policy->Value()->text;
    if (config_.responder_policies.count(name)) {
      responders.push_back(c);
    } else if (auto other = config_.other_policies.find(name);
               other != config_.other_policies.end()) {
      if (!IsHarmlessPolicyModule(other->second)) {
        std::string why = other->second + " policy " + name + " is bound to it";
        WarnOnce(policy->Value()->at, why + ": what " + head.entity->name + " does is unknown");
        MarkUnknown(vs, why, policy->Value()->at);
      }
    } else {
      ErrorOnce(policy->Value()->at, "no policy named '" + name + "'");
    }
  }
  return ApplyResponders(head, responders, vs);
}

bool VserverBuilder::ApplyResponders(const VserverHead& head,
                                     const std::vector<const Command*>& binds, VirtualServer& vs) {
  if (!head.type->http) {
    for (const Command* c : binds) {
      WarnOnce(c->verb.at, "responder policies apply to HTTP and SSL vservers only; ignored");
    }
    return false;
  }
  Diagnostics notes;
  ResponderOutcome r = EvaluateResponders(config_, binds, FactsOf(head, vs), notes);
  for (const Diagnostic& d : notes.All()) NoteOnce(d.location, d.message);
  switch (r.kind) {
    case ResponderOutcome::Kind::kNone:
      return false;
    case ResponderOutcome::Kind::kRedirect:
      vs.mode = VirtualServer::Mode::kRedirect;
      vs.redirect_location = r.location;
      vs.redirect_status = r.status;
      break;
    case ResponderOutcome::Kind::kRespond:
      vs.mode = VirtualServer::Mode::kRespond;
      vs.redirect_status = r.status;
      break;
    case ResponderOutcome::Kind::kReject:
      vs.mode = VirtualServer::Mode::kReject;
      break;
    case ResponderOutcome::Kind::kUnknown:
      WarnOnce(r.at, r.reason + ": what " + head.entity->name + " does is unknown");
      MarkUnknown(vs, r.reason, r.at);
      return false;  // it may still forward: members are kept
  }
  vs.location = r.at;
  return true;
}

void VserverBuilder::AddMembers(const std::vector<const Backend*>& backends, VirtualServer& vs) {
  for (const Backend* b : backends) {
    if (!b->address) {
      MarkUnknown(vs, "member " + b->server + " is a domain name", b->fqdn_at);
      continue;
    }
    PoolMember m;
    m.name = b->server;
    m.address = *b->address;
    m.port = b->port != 0 ? b->port : vs.port;
    if (b->port == 0 && vs.any_port) {
      std::string why = "member " + b->server + " takes every port behind a vserver on every port";
      WarnOnce(b->at, why + ": the port is kept, which is not modelled");
      MarkUnknown(vs, why, b->at);
    }
    m.location = b->at;
    m.enabled = b->enabled;
    m.monitors = b->monitors;
    vs.members.push_back(std::move(m));
    for (const HealthMonitor& h : b->monitors) {
      auto same = [&](const HealthMonitor& o) { return o.name == h.name; };
      if (std::none_of(vs.settings.monitors.begin(), vs.settings.monitors.end(), same)) {
        vs.settings.monitors.push_back(h);
      }
    }
  }
}

void VserverBuilder::SetSourceNat(const VserverHead& head,
                                  const std::vector<const Backend*>& backends, VirtualServer& vs) {
  vs.source_translation = SourceTranslation::kDeviceOwn;
  if (backends.empty()) return;
  size_t usip = static_cast<size_t>(
      std::count_if(backends.begin(), backends.end(), [](const Backend* b) { return b->usip; }));
  if (usip == backends.size()) {
    vs.source_translation = SourceTranslation::kNone;
    return;
  }
  if (usip > 0) {
    NoteOnce(head.entity->add->at, "some members of " + head.entity->name +
                                       " keep the client's address (USIP) and others do not; "
                                       "modelled as the SNIP for all, address not named");
    return;
  }
  const Option* profile = head.entity->Find("netprofile");
  for (const Backend* b : backends) {
    if (b->netprofile_at) {
      NoteOnce(*b->netprofile_at, "a net profile sets the source address: not modelled");
      return;
    }
  }
  if (profile) {
    NoteOnce(profile->name.at, "a net profile sets the source address: not modelled");
    return;
  }
  // NetScaler sends from the SNIP of the member's subnet; name it when exactly one fits all.
  std::optional<IpAddress> common;
  for (const Snip& snip : config_.snips) {
    bool fits = std::all_of(backends.begin(), backends.end(), [&](const Backend* b) {
      return b->address && snip.subnet.Contains(*b->address);
    });
    if (!fits) continue;
    if (common) return;  // more than one: NetScaler's choice is not modelled
    common = snip.address;
  }
  vs.source_nat = common;
}

void VserverBuilder::DownOrForward(const VserverHead& head,
                                   const std::vector<const Backend*>& backends, VirtualServer& vs) {
  const Entity& e = *head.entity;
  bool up =
      std::any_of(backends.begin(), backends.end(), [](const Backend* b) { return b->enabled; });
  const Option* url = e.Find("redirecturl");
  if (url && !url->Value()) url = nullptr;
  if (up) {
    if (url) {
      NoteOnce(url->name.at, "-redirectURL is the backup URL, used only while " + e.name +
                                 " is DOWN; with services bound it forwards");
    }
    return;
  }
  auto cs = config_.cs_vservers.find(e.name);
  bool is_cs = cs != config_.cs_vservers.end() && &cs->second == &e;
  std::string why = is_cs              ? " has no lb vserver to switch to"
                    : backends.empty() ? " has no service bound"
                                       : " has no enabled service";
  if (url && head.type->http) {
    vs.mode = VirtualServer::Mode::kRedirect;
    vs.redirect_location = url->Value()->text;
    vs.redirect_status = 302;
    vs.location = url->name.at;
    NoteOnce(url->name.at, e.name + why +
                               ": it is always DOWN and answers with a redirect to "
                               "its backup URL (-redirectURL)");
    return;
  }
  if (const Option* backup = e.Find("backupvserver"); backup && backup->Value()) {
    MarkUnknown(vs, e.name + why + "; its backup vserver takes the traffic (not modelled)",
                backup->name.at);
    WarnOnce(backup->name.at, e.name + why + ": its backup vserver is not modelled");
    return;
  }
  vs.mode = VirtualServer::Mode::kReject;
  NoteOnce(e.add->at, e.name + why + ": it is DOWN and NetScaler refuses its connections");
}

void VserverBuilder::FillLb(const VserverHead& lb, VirtualServer& vs) {
  CommonSettings(lb, vs);
  SetPersistence(lb, vs);
  static const std::vector<const Command*> kNoBinds;
  auto binds = config_.lb_binds.find(lb.entity->name);
  std::vector<const Backend*> backends;
  bool answered =
      ApplyBinds(lb, binds == config_.lb_binds.end() ? kNoBinds : binds->second, vs, backends);
  std::string reason = vs.unknown_reason;
  SourceRange reason_at = vs.unknown_at;
  AddMembers(backends, vs);
  SetSourceNat(lb, backends, vs);
  bool up =
      std::any_of(backends.begin(), backends.end(), [](const Backend* b) { return b->enabled; });
  const Option* url = lb.entity->Find("redirecturl");
  if (url && url->Value() && !up && lb.type->http) answered = false;  // DOWN: the URL answers
  if (!answered) DownOrForward(lb, backends, vs);
  if (vs.mode != VirtualServer::Mode::kForward) {
    // It does not forward: what is unknown about its members does not matter.
    vs.unknown_reason = reason;
    vs.unknown_at = reason_at;
  }
  if (!vs.unknown_reason.empty()) vs.mode = VirtualServer::Mode::kUnknown;
}

}  // namespace flowaudit::netscaler
