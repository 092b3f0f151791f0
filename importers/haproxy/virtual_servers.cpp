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
  std::vector<IpAddress> Targets(const BindAddress& a, uint16_t port);
  void AddListener(const Proxy& proxy, const Bind& bind, const BindAddress& a,
                   const IpAddress& address, uint16_t port);
  bool Redirects(const Proxy& proxy, const Listener& listener, VirtualServer& vs);
  std::vector<const Proxy*> Backends(const Proxy& proxy, const Listener& listener);
  void AddMembers(const Proxy& backend, VirtualServer& vs);
  void SetSourceNat(const std::vector<const Proxy*>& backends, VirtualServer& vs);
  // Each message is given once per place, not once per port of a range.
  void WarnOnce(const SourceRange& at, const std::string& message);
  void NoteOnce(const SourceRange& at, const std::string& message);

  const Config& config_;
  Diagnostics& diagnostics_;
  std::set<Endpoint> explicit_;  // endpoints some bind names with its address
  std::vector<IpAddress> named_addresses_;
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

// A listener on every address is modelled on the addresses other binds name (the host has
// them); the more specific bind wins there, as in the kernel's socket lookup.
std::vector<IpAddress> Builder::Targets(const BindAddress& a, uint16_t port) {
  if (a.address) return {*a.address};
  std::vector<IpAddress> targets;
  for (const IpAddress& address : named_addresses_) {
    bool family_ok = address.family == Family::kIpv4 ? a.any_ipv4 : a.any_ipv6;
    if (family_ok && !explicit_.count({address, a.protocol, port})) targets.push_back(address);
  }
  return targets;
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
      WarnOnce(r->at, "redirect condition decided by HTTP content ('" + criterion + "'): whether " +
                          proxy.name + " redirects is unknown; modelled as not redirecting");
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
  bool any_active = std::any_of(backend.servers.begin(), backend.servers.end(),
                                [](const Server& s) { return !s.disabled && !s.backup; });
  for (const Server& s : backend.servers) {
    if (s.disabled || (s.backup && any_active)) continue;
    int port = s.port_kind == Server::PortKind::kFixed    ? s.port
               : s.port_kind == Server::PortKind::kOffset ? vs.port + s.port
                                                          : vs.port;
    if (port < 1 || port > 65535) {
      WarnOnce(s.at, "server '" + s.name + "' port is out of range for listener port " +
                         std::to_string(vs.port) + "; not a member there");
      continue;
    }
    vs.members.push_back(PoolMember{s.name, s.address, static_cast<uint16_t>(port), s.at});
  }
}

void Builder::SetSourceNat(const std::vector<const Proxy*>& backends, VirtualServer& vs) {
  std::optional<IpAddress> common;
  bool same = true;
  for (const Proxy* b : backends) {
    if (b->servers.empty()) continue;
    if (!b->source) {
      NoteOnce(b->at, "connections to the servers of " + b->name +
                          " leave from the load balancer's own address, which the config "
                          "does not name: source NAT is not modelled");
      same = false;
    } else if (b->source_is_client) {
      same = false;  // transparent: the client's address is kept
    } else if (common && *common != *b->source) {
      same = false;
    } else {
      common = b->source;
    }
  }
  if (same && common) vs.source_nat = common;
}

void Builder::AddListener(const Proxy& proxy, const Bind& bind, const BindAddress& a,
                          const IpAddress& address, uint16_t port) {
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
  vs.protocol = a.protocol;
  vs.port = port;
  vs.location = bind.at;
  Listener listener{address, port, bind.ssl, proxy.mode == "http"};
  if (!Redirects(proxy, listener, vs)) {
    std::vector<const Proxy*> backends = Backends(proxy, listener);
    if (backends.empty()) {
      vs.mode = VirtualServer::Mode::kReject;
      NoteOnce(proxy.at, proxy.name +
                             " has no backend: HAProxy answers 503 (mode http) or "
                             "closes the connection (mode tcp)");
    }
    for (const Proxy* b : backends) AddMembers(*b, vs);
    SetSourceNat(backends, vs);
  }
  out_.push_back(std::move(vs));
}

std::vector<VirtualServer> Builder::Build() {
  std::vector<const Proxy*> frontends;
  for (const Proxy& p : config_.proxies) {
    if (p.HasFrontend() && CheckBackends(p)) frontends.push_back(&p);
  }
  for (const Proxy* p : frontends) {
    for (const Bind& bind : p->binds) {
      for (const BindAddress& a : bind.addresses) {
        if (!a.address) continue;
        if (std::find(named_addresses_.begin(), named_addresses_.end(), *a.address) ==
            named_addresses_.end()) {
          named_addresses_.push_back(*a.address);
        }
        for (int port = a.first_port; port <= a.last_port; ++port) {
          explicit_.insert({*a.address, a.protocol, static_cast<uint16_t>(port)});
        }
      }
    }
  }
  for (const Proxy* p : frontends) {
    for (const Bind& bind : p->binds) {
      for (const BindAddress& a : bind.addresses) {
        bool placed = false;
        for (int port = a.first_port; port <= a.last_port; ++port) {
          for (const IpAddress& address : Targets(a, static_cast<uint16_t>(port))) {
            AddListener(*p, bind, a, address, static_cast<uint16_t>(port));
            placed = true;
          }
        }
        if (a.address) continue;
        WarnOnce(a.at, placed ? std::string("listens on every address; modelled on the "
                                            "addresses other binds name, the host's others "
                                            "are not known")
                              : std::string("listens on every address and no bind names one; "
                                            "not modelled (bind the VIP's address)"));
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
