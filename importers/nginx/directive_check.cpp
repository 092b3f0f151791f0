#include "importers/nginx/directive_check.h"

#include <initializer_list>
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

}  // namespace

void WarnUnknownDirectives(const std::vector<Directive>& main, Diagnostics& diagnostics) {
  Walk(main, Context::kMain, diagnostics);
}

}  // namespace flowaudit::nginx
