#include "importers/haproxy/virtual_servers.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "importers/haproxy/conditions.h"

namespace flowaudit::haproxy {
namespace {

using Endpoint = std::tuple<IpAddress, uint8_t, uint16_t>;

class Builder {
 public:
  Builder(const Config& config, Diagnostics& diagnostics)
      : config_(config), diagnostics_(diagnostics) {}

  std::vector<VirtualServer> Build();

 private:
  bool CheckBackends(const Proxy& frontend);
  void AddListener(const Proxy& proxy, const Bind& bind, const BindAddress& a,
                   const IpAddress& address, bool any_address, uint16_t port);
  bool Redirects(const Proxy& proxy, const Listener& listener, VirtualServer& vs);
  std::vector<const Proxy*> Backends(const Proxy& proxy, const Listener& listener);
  void AddMembers(const Proxy& backend, VirtualServer& vs);
  void SetSourceNat(const std::vector<const Proxy*>& backends, VirtualServer& vs);
  void SetSettings(const Proxy& frontend, const std::vector<const Proxy*>& backends, bool ssl,
                   VirtualServer& vs);
  // Each message is given once per place, not once per port of a range.
  void WarnOnce(const SourceRange& at, const std::string& message);
  void NoteOnce(const SourceRange& at, const std::string& message);

  const Config& config_;
  Diagnostics& diagnostics_;
  std::vector<VirtualServer> out_;
  std::map<Endpoint, size_t> built_;  // index in out_
  std::set<std::pair<uint32_t, std::string>> said_;
};

void Builder::WarnOnce(const SourceRange& at, const std::string& message) {
  if (said_.insert({at.offset, message}).second) diagnostics_.Warning(at, message);
}

void Builder::NoteOnce(const SourceRange& at, const std::string& message) {
  if (said_.insert({at.offset, message}).second) diagnostics_.Note(at, message);
}

bool Builder::CheckBackends(const Proxy& frontend) {
  bool ok = true;
  auto check = [&](const Word& name) {
    if (config_.FindBackend(name.text)) return;
    diagnostics_.Error(name.at, "no backend named '" + name.text + "'");
    ok = false;
  };
  if (frontend.default_backend) check(*frontend.default_backend);
  for (const UseBackend& rule : frontend.use_backends) check(rule.backend);
  return ok;
}

bool Builder::Redirects(const Proxy& proxy, const Listener& listener, VirtualServer& vs) {
  std::vector<const Redirect*> ordered;
  for (const Redirect& r : proxy.redirects) {
    if (r.http_request) ordered.push_back(&r);
  }
  for (const Redirect& r : proxy.redirects) {
    if (!r.http_request) ordered.push_back(&r);
  }
  if (!ordered.empty() && !listener.http) {
    WarnOnce(ordered.front()->at,
             "redirect needs 'mode http'; HAProxy ignores it in " + proxy.name + " (mode tcp)");
    return false;
  }
  for (const Redirect* r : ordered) {
    std::string criterion;
    Truth t = Evaluate(r->condition, proxy, listener, &criterion);
    if (t == Truth::kTrue) {
      vs.mode = VirtualServer::Mode::kRedirect;
      vs.redirect_location = r->location;
      vs.redirect_status = r->status;
      vs.location = r->at;  // the rule that answers, for `query`'s "by FILE:LINE"
      return true;
    }
    if (t == Truth::kUnknown) {
      // Some requests are redirected and others go on to the backends: the answer for a
      // packet is not known. Later rules cannot make it known again.
      WarnOnce(r->at, "redirect condition decided by HTTP content ('" + criterion + "'): whether " +
                          proxy.name + " redirects is unknown");
      vs.mode = VirtualServer::Mode::kUnknown;
      vs.unknown_reason = "redirect decided by HTTP content ('" + criterion + "')";
      vs.unknown_at = r->at;
      vs.redirect_location = r->location;
      vs.redirect_status = r->status;
      return false;
    }
  }
  return false;
}

std::vector<const Proxy*> Builder::Backends(const Proxy& proxy, const Listener& listener) {
  std::vector<const Proxy*> backends;
  auto add = [&](const Proxy* p) {
    if (p && std::find(backends.begin(), backends.end(), p) == backends.end()) {
      backends.push_back(p);
    }
  };
  const UseBackend* undecided = nullptr;
  std::string criterion;
  bool decided = false;
  for (const UseBackend& rule : proxy.use_backends) {
    std::string why;
    Truth t = Evaluate(rule.condition, proxy, listener, &why);
    if (t == Truth::kFalse) continue;
    add(config_.FindBackend(rule.backend.text));
    if (t == Truth::kTrue) {
      decided = true;
      break;
    }
    if (!undecided) {
      undecided = &rule;
      criterion = why;
    }
  }
  if (!decided) {
    if (proxy.default_backend) {
      add(config_.FindBackend(proxy.default_backend->text));
    } else if (proxy.kind == Proxy::Kind::kListen) {
      add(&proxy);
    }
  }
  if (undecided && backends.size() > 1) {
    WarnOnce(undecided->at, std::string("use_backend condition decided by ") +
                                (listener.http ? "HTTP" : "connection") + " content ('" +
                                criterion + "'); all possible backends are reported");
  }
  return backends;
}

void Builder::AddMembers(const Proxy& backend, VirtualServer& vs) {
  for (const Server& s : backend.servers) {
    int port = s.port_kind == Server::PortKind::kFixed    ? s.port
               : s.port_kind == Server::PortKind::kOffset ? vs.port + s.port
                                                          : vs.port;
    if (port < 1 || port > 65535) {
      WarnOnce(s.at, "server '" + s.name + "' port is out of range for listener port " +
                         std::to_string(vs.port) + "; not a member there");
      continue;
    }
    PoolMember m;
    m.name = s.name;
    m.address = s.address;
    m.port = static_cast<uint16_t>(port);
    m.location = s.at;
    m.enabled = !s.disabled;
    m.backup = s.backup;
    if (s.check) {
      // `check` probes the server's port (or `port N`) with TCP, or HTTP under option httpchk.
      m.monitors.push_back(HealthMonitor{"check", backend.hlb.http_check ? "http" : "tcp",
                                         static_cast<uint16_t>(s.check_port.value_or(0)), s.at});
    }
    vs.members.push_back(std::move(m));
  }
}

// Persistence and idle timeout as the listener's backends set them (HAProxy keeps them per
// backend; several backends that disagree leave the answer to the strictest reading).
void Builder::SetSettings(const Proxy& frontend, const std::vector<const Proxy*>& backends,
                          bool ssl, VirtualServer& vs) {
  LbSettings& out = vs.settings;
  out.tls_terminated = ssl;
  for (const Proxy* b : backends) {
    const HlbSettings& h = b->hlb;
    Persistence p = Persistence::kNone;
    SourceRange at;
    std::string name;
    if (h.stick_on_source) {
      p = Persistence::kSourceAddress, at = h.stick_at;
    } else if (h.balance == "source") {
      p = Persistence::kSourceAddress, at = h.balance_at;
    } else if (!h.cookie_name.empty() && b->mode == "http") {  // ignored in mode tcp
      p = Persistence::kCookie, at = h.cookie_at, name = h.cookie_name;
    }
    if (b == backends.front()) {
      out.persistence = p, out.persistence_at = at, out.persistence_name = name;
      out.persistence_cookie_http_only = h.cookie_http_only;
    } else if (p != out.persistence) {
      out.persistence = Persistence::kOther;
      out.persistence_name = "differs between backends";
    }
  }
  // The connection idles out at the shorter of the client and server timeouts; none set means
  // it never does (HAProxy warns at startup).
  auto consider = [&](const std::optional<int64_t>& ms, const SourceRange& at) {
    if (!ms) return;
    int64_t s = *ms / 1000;
    if (!out.idle_timeout_s || s < *out.idle_timeout_s) {
      out.idle_timeout_s = s;
      out.idle_timeout_at = at;
    }
  };
  consider(frontend.hlb.timeout_client_ms, frontend.hlb.timeout_client_at);
  for (const Proxy* b : backends) consider(b->hlb.timeout_server_ms, b->hlb.timeout_server_at);
}

// HAProxy is a proxy: its server-side connections leave from its own address unless
// `source ADDR` names one or `usesrc clientip` keeps the client's (transparent).
void Builder::SetSourceNat(const std::vector<const Proxy*>& backends, VirtualServer& vs) {
  std::optional<SourceTranslation> kind;
  std::optional<IpAddress> common;
  bool same = true;
  for (const Proxy* b : backends) {
    if (b->servers.empty()) continue;
    SourceTranslation k = !b->source            ? SourceTranslation::kDeviceOwn
                          : b->source_is_client ? SourceTranslation::kNone
                                                : SourceTranslation::kGiven;
    if (k == SourceTranslation::kDeviceOwn) {
      NoteOnce(b->at, "connections to the servers of " + b->name +
                          " leave from the load balancer's own address, which the config "
                          "does not name: paths beyond keep the client's address");
    }
    if (kind && *kind != k) same = false;
    if (!kind) kind = k;
    if (k == SourceTranslation::kGiven) {
      if (common && *common != *b->source) same = false;
      common = b->source;
    }
  }
  if (!kind) return;
  vs.source_translation = same ? *kind : SourceTranslation::kDeviceOwn;
  if (same && *kind == SourceTranslation::kGiven) vs.source_nat = common;
}

void Builder::AddListener(const Proxy& proxy, const Bind& bind, const BindAddress& a,
                          const IpAddress& address, bool any_address, uint16_t port) {
  auto [it, added] = built_.insert({{address, a.protocol, port}, out_.size()});
  if (!added) {
    const VirtualServer& other = out_[it->second];
    WarnOnce(a.at, "also listened on by " + other.name + " (" + other.location.ToString() +
                       "); the kernel spreads connections over both; only the first is "
                       "modelled");
    return;
  }
  VirtualServer vs;
  vs.name = proxy.name;
  vs.address = address;
  vs.any_address = any_address;
  vs.protocol = a.protocol;
  vs.port = port;
  vs.location = bind.at;
  Listener listener{address, port, bind.ssl, proxy.mode == "http"};
  if (!Redirects(proxy, listener, vs)) {
    std::vector<const Proxy*> backends = Backends(proxy, listener);
    if (backends.empty() && vs.mode == VirtualServer::Mode::kForward) {
      vs.mode = VirtualServer::Mode::kReject;
      NoteOnce(proxy.at, proxy.name +
                             " has no backend: HAProxy answers 503 (mode http) or "
                             "closes the connection (mode tcp)");
    }
    for (const Proxy* b : backends) AddMembers(*b, vs);
    SetSourceNat(backends, vs);
    SetSettings(proxy, backends, bind.ssl, vs);
  }
  out_.push_back(std::move(vs));
}

std::vector<VirtualServer> Builder::Build() {
  for (const Proxy& p : config_.proxies) {
    if (!p.HasFrontend() || !CheckBackends(p)) continue;
    for (const Bind& bind : p.binds) {
      for (const BindAddress& a : bind.addresses) {
        // A bind without an address listens on every address of its family (`::` on both
        // unless v6only); a bind on the packet's own address takes precedence in the model,
        // as in the kernel's socket lookup.
        std::vector<std::pair<IpAddress, bool>> targets;
        if (a.address) targets.push_back({*a.address, false});
        if (!a.address && a.any_ipv4) targets.push_back({*ParseIpAddress("0.0.0.0"), true});
        if (!a.address && a.any_ipv6) targets.push_back({*ParseIpAddress("::"), true});
        for (int port = a.first_port; port <= a.last_port; ++port) {
          for (const auto& [address, any] : targets) {
            AddListener(p, bind, a, address, any, static_cast<uint16_t>(port));
          }
        }
      }
    }
  }
  return std::move(out_);
}

}  // namespace

std::vector<VirtualServer> BuildVirtualServers(const Config& config, Diagnostics& diagnostics) {
  return Builder(config, diagnostics).Build();
}

}  // namespace flowaudit::haproxy
