#include "importers/nginx/directive_check.h"

#include <algorithm>
#include <initializer_list>
#include <string>
#include <string_view>

#include "importers/nginx/known_directives.h"

namespace flowaudit::nginx {
namespace {

enum class Context { kMain, kEvents, kHttp, kHttpServer, kLocation, kStream, kStreamServer };

bool OneOf(std::string_view name, std::initializer_list<std::string_view> names) {
  for (std::string_view n : names) {
    if (name == n) return true;
  }
  return false;
}

// Directives the importer reads itself in each context.
bool IsModelled(Context context, std::string_view name) {
  switch (context) {
    case Context::kMain:
      return OneOf(name, {"events", "http", "stream"});
    case Context::kEvents:
      return false;
    case Context::kHttp:
    case Context::kStream:
      return OneOf(name, {"upstream", "server"});
    case Context::kHttpServer:
      return OneOf(
          name, {"listen", "server_name", "location", "return", "rewrite", "if", "allow", "deny"});
    case Context::kLocation:
      return OneOf(
          name, {"location", "return", "rewrite", "if", "allow", "deny", "proxy_pass", "grpc_pass",
                 "fastcgi_pass", "uwsgi_pass", "scgi_pass", "memcached_pass"});
    case Context::kStreamServer:
      return OneOf(name, {"listen", "proxy_pass", "return", "allow", "deny"});
  }
  return false;
}

void Walk(const std::vector<Directive>& block, Context context, Diagnostics& diagnostics) {
  for (const Directive& d : block) {
    const std::string& name = d.Name();
    if (!IsModelled(context, name) && !IsHarmlessDirective(name)) {
      if (!(d.has_block && IsOpaqueBlock(name))) {
        diagnostics.Warning(d.name.range,
                            "unknown directive \"" + name + "\" (not modelled; ignored)");
      }
      continue;
    }
    if (!d.has_block || name == "upstream" || name == "if") continue;  // read elsewhere
    Context inner = context;
    if (name == "events") inner = Context::kEvents;
    if (name == "http") inner = Context::kHttp;
    if (name == "stream") inner = Context::kStream;
    if (name == "server") {
      inner = context == Context::kStream ? Context::kStreamServer : Context::kHttpServer;
    }
    if (name == "location") inner = Context::kLocation;
    Walk(d.block, inner, diagnostics);
  }
}

bool Unknown(Context context, const Directive& d) {
  return !IsModelled(context, d.Name()) && !IsHarmlessDirective(d.Name()) &&
         !(d.has_block && IsOpaqueBlock(d.Name()));
}

// The first unknown directive of a server block or location, nested locations included.
const Directive* FirstUnknownIn(const std::vector<Directive>& block, Context context) {
  for (const Directive& d : block) {
    if (Unknown(context, d)) return &d;
    if (d.has_block && d.Name() == "location") {
      if (const Directive* inner = FirstUnknownIn(d.block, Context::kLocation)) return inner;
    }
  }
  return nullptr;
}

// The upstream name a `*_pass` target names: "https://lync_ext_web/x" -> "lync_ext_web".
std::string PassTarget(const std::string& target) {
  size_t scheme = target.find("://");
  size_t begin = scheme == std::string::npos ? 0 : scheme + 3;
  size_t end = target.find_first_of("/:", begin);
  return target.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
}

void PassTargets(const std::vector<Directive>& block, std::vector<std::string>& out) {
  for (const Directive& d : block) {
    if (d.Name().size() > 5 && d.Name().substr(d.Name().size() - 5) == "_pass") {
      out.push_back(PassTarget(d.Arg(0)));
    }
    if (d.has_block && d.Name() == "location") PassTargets(d.block, out);
  }
}

}  // namespace

const Directive* FirstUnknownDirective(const Directive& context, const Directive& server,
                                       bool stream) {
  Context outer = stream ? Context::kStream : Context::kHttp;
  for (const Directive& d : context.block) {
    if (Unknown(outer, d)) return &d;
  }
  Context inner = stream ? Context::kStreamServer : Context::kHttpServer;
  if (const Directive* d = FirstUnknownIn(server.block, inner)) return d;
  std::vector<std::string> targets;
  PassTargets(server.block, targets);
  for (const Directive& up : context.block) {
    if (up.Name() != "upstream" || !up.has_block) continue;
    if (std::find(targets.begin(), targets.end(), up.Arg(0)) == targets.end()) continue;
    for (const Directive& d : up.block) {
      // As ReadUpstreams reads them: `server` is modelled, the rest harmless or unknown.
      if (d.Name() != "server" && !IsHarmlessDirective(d.Name()) &&
          d.Name() != "keepalive_requests") {
        return &d;
      }
    }
  }
  return nullptr;
}

void WarnUnknownDirectives(const std::vector<Directive>& main, Diagnostics& diagnostics) {
  Walk(main, Context::kMain, diagnostics);
}

}  // namespace flowaudit::nginx
