#include "importers/nginx/behaviour.h"

#include <charconv>

namespace flowaudit::nginx {
namespace {

using Mode = VirtualServer::Mode;

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

bool LooksLikeUrl(std::string_view text) {
  return StartsWith(text, "http://") || StartsWith(text, "https://") ||
         StartsWith(text, "$scheme://");
}

bool IsRedirectStatus(int code) {
  return code == 301 || code == 302 || code == 303 || code == 307 || code == 308;
}

// Regexes that match every request URI: only these make a `rewrite` a packet-level answer.
bool IsCatchAll(std::string_view regex) {
  for (std::string_view all : {"^", "^(.*)$", "^(.*)", "^/(.*)$", "^/(.*)", "^/?(.*)$", ".*",
                               "^.*$", "^.*", "(.*)", "^/.*", "/", "^/"}) {
    if (regex == all) return true;
  }
  return false;
}

Behaviour Reject(const Directive& d) {
  Behaviour b;
  b.mode = Mode::kReject;
  b.decided_by = d.range;
  return b;
}

// `return CODE [URL]` or `return URL`.
Behaviour Return(const Directive& d, Diagnostics& diagnostics) {
  Behaviour b = Reject(d);
  if (d.args.size() == 1 && LooksLikeUrl(d.Arg(0))) {
    b.mode = Mode::kRedirect;
    b.redirect_status = 302;
    b.redirect_location = d.Arg(0);
    return b;
  }
  int code = 0;
  const std::string& text = d.Arg(0);
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), code);
  if (d.args.empty() || d.args.size() > 2 || ec != std::errc() ||
      end != text.data() + text.size() || code < 0 || code > 999) {
    diagnostics.Error(d.args.empty() ? d.name.range : d.args[0].range,
                      "invalid return code \"" + text + "\"");
    return b;
  }
  if (IsRedirectStatus(code)) {
    b.mode = Mode::kRedirect;
    b.redirect_status = code;
    b.redirect_location = d.Arg(1);
  } else if (code != 444) {  // 444 closes the connection without a response: a reject
    diagnostics.Warning(d.range, "return " + text +
                                     " answers from nginx itself; modelled as reject (nothing "
                                     "is forwarded)");
  }
  return b;
}

// `rewrite REGEX URL [redirect|permanent]` on every URI is a redirect; anything narrower
// depends on the request.
std::optional<Behaviour> Rewrite(const Directive& d, Diagnostics& diagnostics) {
  const std::string& flag = d.Arg(2);
  bool external = LooksLikeUrl(d.Arg(1)) || flag == "redirect" || flag == "permanent";
  if (d.args.size() < 2 || !external) {
    diagnostics.Warning(d.range, "internal rewrite is not modelled; ignored");
    return std::nullopt;
  }
  if (!IsCatchAll(d.Arg(0))) {
    diagnostics.Warning(d.args[0].range, "rewrite of some URIs only (\"" + d.Arg(0) +
                                             "\") depends on the request; ignored");
    return std::nullopt;
  }
  Behaviour b = Reject(d);
  b.mode = Mode::kRedirect;
  b.redirect_status = flag == "permanent" ? 301 : 302;
  b.redirect_location = d.Arg(1);
  // A trailing "?" only keeps nginx from appending the query string.
  if (!b.redirect_location.empty() && b.redirect_location.back() == '?') {
    b.redirect_location.pop_back();
  }
  return b;
}

// The rewrite phase of a server or location block: the first return or catch-all redirect.
std::optional<Behaviour> RewritePhase(const std::vector<Directive>& block,
                                      Diagnostics& diagnostics) {
  for (const Directive& d : block) {
    if (d.Name() == "return") return Return(d, diagnostics);
    if (d.Name() == "rewrite") {
      if (auto b = Rewrite(d, diagnostics)) return b;
    }
    if (d.Name() == "if") {
      diagnostics.Warning(d.range, "if depends on the request; its block is not modelled");
    }
  }
  return std::nullopt;
}

bool HasAccessRules(const std::vector<Directive>& block) {
  for (const Directive& d : block) {
    if (d.Name() == "allow" || d.Name() == "deny") return true;
  }
  return false;
}

// allow/deny, first match: `deny all` first refuses everyone (nginx answers 403; nothing is
// forwarded). Rules by client address cannot be one virtual server's answer.
std::optional<Behaviour> AccessPhase(const std::vector<Directive>& block,
                                     Diagnostics& diagnostics) {
  for (const Directive& d : block) {
    if (d.Name() != "allow" && d.Name() != "deny") continue;
    if (d.Arg(0) == "all") {
      if (d.Name() == "deny") return Reject(d);
      return std::nullopt;
    }
    diagnostics.Warning(
        d.range, d.Name() + " " + d.Arg(0) + ": access by client address is not modelled; ignored");
    return std::nullopt;
  }
  return std::nullopt;
}

Behaviour ProxyPass(const Directive& d, const Upstreams& upstreams, bool stream,
                    Diagnostics& diagnostics) {
  Behaviour b = Reject(d);
  b.mode = Mode::kForward;
  std::string target = d.Arg(0);
  if (target.find('$') != std::string::npos) {
    diagnostics.Warning(d.range,
                        "proxy_pass with variables is resolved per request; members "
                        "unknown");
    return b;
  }
  std::optional<uint16_t> default_port;
  if (!stream) {
    if (StartsWith(target, "http://")) {
      target = target.substr(7);
      default_port = 80;
    } else if (StartsWith(target, "https://")) {
      target = target.substr(8);
      default_port = 443;
    } else {
      diagnostics.Error(d.args.empty() ? d.name.range : d.args[0].range,
                        "invalid URL prefix in \"" + d.Arg(0) + "\"");
      return Reject(d);
    }
    target = target.substr(0, target.find('/'));  // a URI part rewrites the path only
  }
  if (auto it = upstreams.find(target); it != upstreams.end()) {
    b.members = it->second.members;
    b.persistence = it->second.persistence;
    b.persistence_at = it->second.persistence_at;
    return b;
  }
  if (StartsWith(target, "unix:")) {
    diagnostics.Warning(d.range, "proxy_pass to a unix socket is not a network endpoint");
    return b;
  }
  Token endpoint = d.args.empty() ? d.name : d.args[0];
  endpoint.text = target;
  std::string error;
  auto member = ParseEndpoint(endpoint, default_port, &error);
  if (member) {
    b.members.push_back(std::move(*member));
  } else if (error.empty()) {
    diagnostics.Warning(endpoint.range, "host \"" + target +
                                            "\" is neither an upstream nor an address; "
                                            "not resolved");
  } else {
    diagnostics.Error(endpoint.range, error + " in upstream \"" + target + "\"");
  }
  return b;
}

// Directives that hand the request to something that is not modelled.
bool IsOtherHandler(std::string_view name) {
  for (std::string_view h :
       {"grpc_pass", "fastcgi_pass", "uwsgi_pass", "scgi_pass", "memcached_pass"}) {
    if (name == h) return true;
  }
  return false;
}

// What one location does, with the server's access rules inherited unless it has its own.
Behaviour LocationBehaviour(const Directive& location, const Directive& server,
                            const Upstreams& upstreams, Diagnostics& diagnostics) {
  if (auto b = RewritePhase(location.block, diagnostics)) return *b;
  const auto& access = HasAccessRules(location.block) ? location.block : server.block;
  if (auto b = AccessPhase(access, diagnostics)) return *b;
  for (const Directive& d : location.block) {
    if (d.Name() == "proxy_pass") return ProxyPass(d, upstreams, false, diagnostics);
    if (IsOtherHandler(d.Name())) {
      diagnostics.Warning(d.range, d.Name() + " is not modelled; modelled as reject");
      return Reject(d);
    }
  }
  diagnostics.Warning(location.range,
                      "no proxy_pass or return: nginx answers by itself; "
                      "modelled as reject (nothing is forwarded)");
  return Reject(location);
}

std::string LocationName(const Directive& location) {
  std::string name;
  for (const Token& arg : location.args) name += (name.empty() ? "" : " ") + arg.text;
  return name;
}

}  // namespace

bool Behaviour::SameAs(const Behaviour& other) const {
  if (mode != other.mode) return false;
  if (mode == Mode::kRedirect) {
    return redirect_status == other.redirect_status && redirect_location == other.redirect_location;
  }
  if (mode == Mode::kForward) {
    if (members.size() != other.members.size()) return false;
    for (size_t i = 0; i < members.size(); ++i) {
      if (members[i].address != other.members[i].address ||
          members[i].port != other.members[i].port) {
        return false;
      }
    }
  }
  return true;
}

std::string Behaviour::Describe() const {
  switch (mode) {
    case Mode::kForward: {
      std::string out = "forward to";
      for (size_t i = 0; i < members.size(); ++i) {
        VirtualServer endpoint;
        endpoint.address = members[i].address;
        endpoint.port = members[i].port;
        out += (i ? ", " : " ") + endpoint.Endpoint();
      }
      return members.empty() ? "forward to unknown members" : out;
    }
    case Mode::kRedirect:
      return "redirect " + std::to_string(redirect_status) + " " + redirect_location;
    case Mode::kReject:
      return "reject";
    case Mode::kRespond:
      return "answer " + std::to_string(redirect_status);
    case Mode::kUnknown:
      return "unknown";
  }
  return "?";
}

std::string ResolveScheme(const std::string& location, bool ssl) {
  std::string out = location;
  const std::string variable = "$scheme";
  for (size_t at = out.find(variable); at != std::string::npos; at = out.find(variable, at)) {
    out.replace(at, variable.size(), ssl ? "https" : "http");
  }
  return out;
}

Behaviour HttpServerBehaviour(const Directive& server, const Upstreams& upstreams,
                              Diagnostics& diagnostics) {
  if (auto b = RewritePhase(server.block, diagnostics)) return *b;
  std::vector<const Directive*> locations;
  for (const Directive& d : server.block) {
    if (d.Name() == "location" && d.has_block) locations.push_back(&d);
  }
  const Directive* decider = nullptr;
  for (const Directive* l : locations) {
    if (l->args.size() == 1 && l->Arg(0) == "/") decider = l;
  }
  if (!decider && locations.size() == 1) decider = locations.front();
  if (!decider) {
    if (auto b = AccessPhase(server.block, diagnostics)) return *b;
    diagnostics.Warning(server.name.range,
                        locations.empty()
                            ? "server without locations: nginx answers by itself; modelled as "
                              "reject (nothing is forwarded)"
                            : "no \"location /\": the answer depends on the request URI; "
                              "modelled as reject (nothing is forwarded)");
    return Reject(server);
  }
  Behaviour chosen = LocationBehaviour(*decider, server, upstreams, diagnostics);
  for (const Directive* l : locations) {
    if (l == decider) continue;
    Diagnostics scratch;  // its own warnings do not decide anything
    Behaviour other = LocationBehaviour(*l, server, upstreams, scratch);
    if (!other.SameAs(chosen)) {
      diagnostics.Warning(l->range, "location \"" + LocationName(*l) + "\" answers differently (" +
                                        other.Describe() +
                                        "); the answer depends on the request URI; modelled "
                                        "location \"" +
                                        LocationName(*decider) + "\"");
    }
  }
  return chosen;
}

Behaviour StreamServerBehaviour(const Directive& server, const Upstreams& upstreams,
                                Diagnostics& diagnostics) {
  if (auto b = AccessPhase(server.block, diagnostics)) return *b;
  for (const Directive& d : server.block) {
    if (d.Name() == "proxy_pass") return ProxyPass(d, upstreams, true, diagnostics);
    if (d.Name() == "return") {
      diagnostics.Warning(d.range,
                          "stream return answers from nginx itself; modelled as "
                          "reject (nothing is forwarded)");
      return Reject(d);
    }
  }
  diagnostics.Warning(server.name.range, "stream server without proxy_pass; modelled as reject");
  return Reject(server);
}

}  // namespace flowaudit::nginx
