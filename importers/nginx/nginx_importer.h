// The NGINX importer: reads nginx.conf (http and stream servers, upstreams, included files)
// into a models::Device with virtual servers; no filters.
//
// What each virtual server holds: one per listening address:port and protocol (tcp, or udp for
// a stream `listen … udp`), on 0.0.0.0 or :: for a listen on all addresses. Its answer is the
// default server's: `return 301…308 URL` or a catch-all `rewrite … redirect|permanent` is a
// redirect (with `$scheme` replaced by the listener's own scheme), `proxy_pass` in
// `location /` (or the sole location; in stream, the server) forwards to the upstream's members
// or the address, and `return 444`, `deny all` or nginx answering by itself is a reject.
// Content-dependent choices (Host header, other locations, `if`) are located warnings.
//
// `include` needs file access, which the importer table's factory does not give: the caller
// that knows the config's folder passes an IncludeResolver (importers/nginx/include_resolver.h).
// Without one, the output of `nginx -T` (all files in one text) has its includes resolved
// within itself (importers/nginx/nginx_dump.h).
#pragma once

#include <memory>
#include <string_view>

#include "importers/importer.h"
#include "importers/nginx/include_resolver.h"

namespace flowaudit {

class NginxImporter final : public Importer {
 public:
  // `includes`: how `include` reads files; null: every include is a warning.
  explicit NginxImporter(std::unique_ptr<nginx::IncludeResolver> includes = nullptr)
      : includes_(std::move(includes)) {}

 private:
  Device DoImport(const SourceFilePtr& file, Diagnostics& diagnostics) override;
  std::unique_ptr<nginx::IncludeResolver> includes_;
};

// Factory and sniff for the importer table (`nginx` row).
std::unique_ptr<Importer> CreateNginxImporter();
// Whether the text looks like an nginx config: an `events {` or `upstream NAME {` block, or an
// `http {` / `server {` block together with a `listen` directive.
bool SniffNginx(std::string_view text);

}  // namespace flowaudit
