// The NGINX importer: the tokenizer and parser with nginx's own error wording, includes through
// an IncludeResolver, and the virtual servers each construct yields (forward to which
// member:port, redirect status and location, reject, no listener), with exact diagnostics.
#include <doctest/doctest.h>

#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>

#include "importers/nginx/include_resolver.h"
#include "importers/nginx/nginx_importer.h"
#include "tests/importers/importer_test_util.h"

namespace flowaudit {
namespace {

using namespace flowaudit::testing;

Imported Import(std::string_view text, std::unique_ptr<nginx::IncludeResolver> includes = nullptr) {
  NginxImporter importer(std::move(includes));
  return ImportText(importer, "nginx.conf", text);
}

Imported ImportClean(std::string_view text) {
  Imported out = Import(text);
  CHECK_MESSAGE(out.diagnostics.All().empty(), out.Messages());
  return out;
}

// "203.0.113.10:443/tcp forward 10.0.1.11:4443 10.0.1.12:4443", one line per virtual server.
std::string VirtualServers(const Imported& imported) {
  std::string out;
  for (const VirtualServer& vs : imported.device.virtual_servers) {
    out += vs.Endpoint() + (vs.protocol == 17 ? "/udp " : "/tcp ");
    switch (vs.mode) {
      case VirtualServer::Mode::kForward:
        out += "forward";
        for (const PoolMember* m : vs.ActiveMembers()) {
          VirtualServer member;
          member.address = m->address;
          member.port = m->port;
          out += " " + member.Endpoint();
        }
        break;
      case VirtualServer::Mode::kRespond:
        out += "respond " + std::to_string(vs.redirect_status);
        break;
      case VirtualServer::Mode::kUnknown:
        out += "unknown (" + vs.unknown_reason + ")";
        break;
      case VirtualServer::Mode::kRedirect:
        out += "redirect " + std::to_string(vs.redirect_status) + " " + vs.redirect_location;
        break;
      case VirtualServer::Mode::kReject:
        out += "reject";
        break;
    }
    out += "\n";
  }
  return out;
}

const VirtualServer* Find(const Imported& imported, const char* address, uint16_t port,
                          uint8_t protocol = 6) {
  return imported.device.FindVirtualServer(*ParseIpAddress(address), protocol, port);
}

std::string Fixture(const std::string& name) {
  return std::string(FLOWAUDIT_SOURCE_DIR) + "/tests/importers/data/nginx/" + name;
}

// --- reverse proxy -------------------------------------------------------------------------

constexpr const char* kLyncReverseProxy = R"CFG(events { worker_connections 64; }
http {
    upstream fe_external_web {
        server 10.0.1.11:4443;
        server 10.0.1.12:4443 weight=2;
        server 10.0.1.13:4443 backup;
        server 10.0.1.14:4443 down;
    }
    server {
        listen 203.0.113.10:443 ssl;
        server_name webext.contoso.com;
        ssl_certificate     site.crt;
        ssl_certificate_key site.key;
        proxy_read_timeout  900s;
        keepalive_timeout   65;
        location / {
            proxy_pass https://fe_external_web;
            proxy_set_header Host $host;
        }
    }
    server {
        listen 203.0.113.10:80;
        server_name webext.contoso.com;
        return 301 https://$host$request_uri;
    }
}
)CFG";

TEST_CASE("nginx: upstream persistence, down members, stream proxy_timeout") {
  Imported lb = ImportClean(R"CFG(events {}
stream {
    upstream web {
        hash $remote_addr consistent;
        server 10.0.1.11:443;
        server 10.0.1.12:443 down;
    }
    proxy_timeout 30m;
    server {
        listen 10.0.0.100:443;
        proxy_pass web;
    }
    server {
        listen 10.0.0.101:443;
        proxy_bind 10.0.0.5;
        proxy_timeout 90m;
        proxy_pass 10.0.1.13:443;
    }
}
)CFG");
  const VirtualServer* web = Find(lb, "10.0.0.100", 443);
  REQUIRE(web);
  CHECK(web->settings.persistence == Persistence::kSourceAddress);
  CHECK(web->settings.persistence_at.Start().line == 4);
  CHECK(web->settings.idle_timeout_s == 1800);
  CHECK(web->settings.idle_timeout_at.Start().line == 8);
  REQUIRE(web->members.size() == 2);
  CHECK(!web->members[1].enabled);
  CHECK(web->ActiveMembers().size() == 1);
  const VirtualServer* other = Find(lb, "10.0.0.101", 443);
  REQUIRE(other);
  CHECK(other->settings.persistence == Persistence::kNone);
  CHECK(other->settings.idle_timeout_s == 5400);
  CHECK(other->settings.idle_timeout_at.Start().line == 16);
  CHECK(web->source_translation == SourceTranslation::kDeviceOwn);
  CHECK(other->source_translation == SourceTranslation::kGiven);
  CHECK(other->source_nat->ToString() == "10.0.0.5");
}

TEST_CASE("nginx: Lync publishing: 443 forwards to the pool's 4443, 80 redirects to https") {
  Imported rp = ImportClean(kLyncReverseProxy);
  CHECK(VirtualServers(rp) ==
        "203.0.113.10:443/tcp forward 10.0.1.11:4443 10.0.1.12:4443\n"
        "203.0.113.10:80/tcp redirect 301 https://$host$request_uri\n");
  const VirtualServer* https = Find(rp, "203.0.113.10", 443);
  REQUIRE(https);
  CHECK(https->name == "webext.contoso.com");
  CHECK(https->location.ToString(true) == "nginx.conf:17:13");  // the proxy_pass
  // `backup` and `down` members are kept, flagged: the backup takes users only when the
  // others are down, the down one never.
  REQUIRE(https->members.size() == 4);
  CHECK(https->members[2].backup);
  CHECK(https->members[2].enabled);
  CHECK(!https->members[3].enabled);
  CHECK(https->source_translation == SourceTranslation::kDeviceOwn);
  CHECK(https->settings.idle_timeout_s == 900);
  CHECK(https->settings.idle_timeout_at.Start().line == 14);
  CHECK(https->settings.tls_terminated);
  const VirtualServer* http = Find(rp, "203.0.113.10", 80);
  CHECK(http->settings.idle_timeout_s == 60);  // proxy_read_timeout's default
  CHECK(!http->settings.idle_timeout_at.IsValid());
  CHECK(Find(rp, "203.0.113.10", 8080) == nullptr);  // no listener
  CHECK(rp.device.vendor == "nginx");
  CHECK(rp.device.coverage.total == 26);
  CHECK(rp.device.coverage.understood == 26);
}

TEST_CASE("nginx: servers that differ by Host header: the default server's answer, marked") {
  Imported rp = Import(R"CFG(events {}
http {
    upstream discover { server 10.0.1.11:8080; }
    server {
        listen 203.0.113.10:80;
        server_name lyncdiscover.contoso.com;
        location / { proxy_pass http://discover; }
    }
    server {
        listen 203.0.113.10:80 default_server;
        server_name webext.contoso.com;
        return 301 https://$host$request_uri;
    }
}
)CFG");
  CHECK(VirtualServers(rp) == "203.0.113.10:80/tcp redirect 301 https://$host$request_uri\n");
  CHECK(rp.device.virtual_servers.at(0).name ==
        "webext.contoso.com (default server; others by Host header)");
  CHECK(
      rp.Messages() ==
      R"(nginx.conf:10:9: warning: servers on 203.0.113.10:80 answer differently by Host header ("lyncdiscover.contoso.com": forward to 10.0.1.11:8080); modelled the default server "webext.contoso.com": redirect 301 https://$host$request_uri
        listen 203.0.113.10:80 default_server;
        ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
)");
}

TEST_CASE("nginx: without default_server the first server of an address:port is the default") {
  Imported rp = Import(R"CFG(events {}
http {
    server { listen 10.0.0.1:80; server_name a.example; return 302 https://a.example/; }
    server { listen 10.0.0.1:80; server_name b.example; return 302 https://a.example/; }
}
)CFG");
  CHECK(rp.diagnostics.All().empty());  // same answer: nothing depends on the Host header
  CHECK(VirtualServers(rp) == "10.0.0.1:80/tcp redirect 302 https://a.example/\n");
  CHECK(rp.device.virtual_servers.at(0).name == "a.example");
}

// --- the $scheme trap ------------------------------------------------------------------------

TEST_CASE("nginx: return 301 $scheme:// on an HTTP listener redirects to http, not https") {
  Imported rp = ImportClean(R"CFG(events {}
http {
    server {
        listen 80;
        listen [::]:80;
        return 301 $scheme://$host$request_uri;
    }
    server {
        listen 443 ssl;
        return 308 $scheme://www.example.com$request_uri;
    }
}
)CFG");
  CHECK(VirtualServers(rp) ==
        "*:80/tcp redirect 301 http://$host$request_uri\n"
        "[::]:80/tcp redirect 301 http://$host$request_uri\n"
        "*:443/tcp redirect 308 https://www.example.com$request_uri\n");
}

TEST_CASE("nginx: return URL alone is a 302; rewrite permanent and redirect when catch-all") {
  Imported rp = ImportClean(R"CFG(events {}
http {
    server { listen 81; return https://example.com/; }
    server { listen 82; rewrite ^ https://$host$request_uri? permanent; }
    server { listen 83; rewrite ^/(.*)$ https://example.com/$1 redirect; }
}
)CFG");
  CHECK(VirtualServers(rp) ==
        "*:81/tcp redirect 302 https://example.com/\n"
        "*:82/tcp redirect 301 https://$host$request_uri\n"
        "*:83/tcp redirect 302 https://example.com/$1\n");
}

TEST_CASE("nginx: a rewrite of some URIs only depends on the request") {
  Imported rp = Import(R"CFG(events {}
http {
    server {
        listen 80;
        rewrite ^/old/(.*)$ https://example.com/new/$1 permanent;
        return 301 https://example.com$request_uri;
    }
}
)CFG");
  CHECK(VirtualServers(rp) == "*:80/tcp redirect 301 https://example.com$request_uri\n");
  CHECK(
      rp.Messages() ==
      R"(nginx.conf:5:17: warning: rewrite of some URIs only ("^/old/(.*)$") depends on the request; ignored
        rewrite ^/old/(.*)$ https://example.com/new/$1 permanent;
                ^~~~~~~~~~~
)");
}

// --- listen ----------------------------------------------------------------------------------

TEST_CASE("nginx: no listen is *:80; [::]:80 is IPv6 only unless ipv6only=off") {
  Imported rp = ImportClean(R"CFG(events {}
http {
    server { location / { proxy_pass http://10.0.3.5; } }
    server { listen [::]:8080 ipv6only=off; location / { proxy_pass https://10.0.3.6; } }
    server { listen *:8081; listen [2001:db8::1]:8082; listen 10.0.0.1; return 444; }
}
)CFG");
  CHECK(VirtualServers(rp) ==
        "*:80/tcp forward 10.0.3.5:80\n"
        "[::]:8080/tcp forward 10.0.3.6:443\n"
        "*:8080/tcp forward 10.0.3.6:443\n"
        "*:8081/tcp reject\n"
        "[2001:db8::1]:8082/tcp reject\n"
        "10.0.0.1:80/tcp reject\n");
}

TEST_CASE("nginx: listen proxy_protocol is a note; bad listen forms are located errors") {
  Imported rp = Import(R"CFG(events {}
http {
    server { listen 8082 proxy_protocol; return 444; }
    server { listen 70000; return 444; }
    server { listen 80 fast; return 444; }
}
)CFG");
  CHECK(VirtualServers(rp) == "*:8082/tcp reject\n");
  CHECK(
      rp.Messages() ==
      R"(nginx.conf:3:14: note: proxy_protocol: connections must start with a PROXY protocol header (sent by a load balancer in front); direct clients fail
    server { listen 8082 proxy_protocol; return 444; }
             ^~~~~~~~~~~~~~~~~~~~~~~~~~~
nginx.conf:4:21: error: invalid port in "70000" of the "listen" directive
    server { listen 70000; return 444; }
                    ^~~~~
nginx.conf:5:24: error: invalid parameter "fast"
    server { listen 80 fast; return 444; }
                       ^~~~
)");
}

// --- refusals --------------------------------------------------------------------------------

TEST_CASE("nginx: return 444 and deny all refuse; return 404 is nginx answering itself") {
  Imported rp = Import(R"CFG(events {}
http {
    server { listen 81; return 444; }
    server { listen 82; location / { deny all; proxy_pass http://10.0.3.5:8000; } }
    server { listen 83; return 404; }
}
)CFG");
  CHECK(VirtualServers(rp) ==
        "*:81/tcp reject\n"
        "*:82/tcp reject\n"
        "*:83/tcp reject\n");
  CHECK(
      rp.Messages() ==
      R"(nginx.conf:5:25: warning: return 404 answers from nginx itself; modelled as reject (nothing is forwarded)
    server { listen 83; return 404; }
                        ^~~~~~~~~~~
)");
}

// --- locations ------------------------------------------------------------------------------

TEST_CASE("nginx: location / decides; other locations with other targets are warned about") {
  Imported rp = Import(R"CFG(events {}
http {
    server {
        listen 80;
        location /admin/ { proxy_pass http://10.0.3.6:9000/; }
        location / { proxy_pass http://10.0.3.5:8000/app/; }
        location /static/ { proxy_pass http://10.0.3.5:8000; }
    }
}
)CFG");
  CHECK(VirtualServers(rp) == "*:80/tcp forward 10.0.3.5:8000\n");
  CHECK(
      rp.Messages() ==
      R"(nginx.conf:5:9: warning: location "/admin/" answers differently (forward to 10.0.3.6:9000); the answer depends on the request URI; modelled location "/"
        location /admin/ { proxy_pass http://10.0.3.6:9000/; }
        ^~~~~~~~~~~~~~~~~~
)");
}

TEST_CASE("nginx: the sole location decides; none, or several without /, is nginx itself") {
  Imported sole = ImportClean(R"CFG(events {}
http { server { listen 80; location /lync/ { proxy_pass http://10.0.3.5:8080; } } }
)CFG");
  CHECK(VirtualServers(sole) == "*:80/tcp forward 10.0.3.5:8080\n");
  Imported none = Import(R"CFG(events {}
http { server { listen 80; root /srv/www; } }
)CFG");
  CHECK(VirtualServers(none) == "*:80/tcp reject\n");
  CHECK(
      none.Messages() ==
      R"(nginx.conf:2:8: warning: server without locations: nginx answers by itself; modelled as reject (nothing is forwarded)
http { server { listen 80; root /srv/www; } }
       ^~~~~~
)");
}

TEST_CASE("nginx: proxy_pass with variables or to a host name is a warning") {
  Imported rp = Import(R"CFG(events {}
http {
    server { listen 81; location / { proxy_pass http://$backend; } }
    server { listen 82; location / { proxy_pass http://app.internal:8080; } }
}
)CFG");
  CHECK(VirtualServers(rp) == "*:81/tcp forward\n*:82/tcp forward\n");
  CHECK(
      rp.Messages() ==
      R"(nginx.conf:3:38: warning: proxy_pass with variables is resolved per request; members unknown
    server { listen 81; location / { proxy_pass http://$backend; } }
                                     ^~~~~~~~~~~~~~~~~~~~~~~~~~~
nginx.conf:4:49: warning: host "app.internal:8080" is neither an upstream nor an address; not resolved
    server { listen 82; location / { proxy_pass http://app.internal:8080; } }
                                                ^~~~~~~~~~~~~~~~~~~~~~~~
)");
}

// --- stream ---------------------------------------------------------------------------------

TEST_CASE("nginx: stream servers forward TCP and UDP to upstreams or addresses") {
  Imported rp = ImportClean(R"CFG(events {}
stream {
    upstream edge_sip { server 10.0.2.21:5061; server 10.0.2.22:5061; }
    server { listen 198.51.100.5:5061; proxy_pass edge_sip; proxy_timeout 10m; }
    server { listen 198.51.100.5:3478 udp; proxy_pass 10.0.2.21:3478; }
}
)CFG");
  CHECK(VirtualServers(rp) ==
        "198.51.100.5:5061/tcp forward 10.0.2.21:5061 10.0.2.22:5061\n"
        "198.51.100.5:3478/udp forward 10.0.2.21:3478\n");
  CHECK(Find(rp, "198.51.100.5", 3478, 17) != nullptr);
  CHECK(Find(rp, "198.51.100.5", 3478, 6) == nullptr);
}

TEST_CASE("nginx: stream errors as nginx words them") {
  Imported rp = Import(R"CFG(events {}
stream {
    upstream u { server 10.0.2.21; }
    server { proxy_pass u; }
    server { listen 5061; proxy_pass 10.0.2.21; }
}
)CFG");
  CHECK(rp.Messages() ==
        R"(nginx.conf:3:25: error: no port in upstream "10.0.2.21"
    upstream u { server 10.0.2.21; }
                        ^~~~~~~~~
nginx.conf:4:5: error: no "listen" is defined for server
    server { proxy_pass u; }
    ^~~~~~
nginx.conf:5:38: error: no port in upstream "10.0.2.21"
    server { listen 5061; proxy_pass 10.0.2.21; }
                                     ^~~~~~~~~
)");
}

// --- directives -----------------------------------------------------------------------------

TEST_CASE("nginx: unknown directives are warnings; known harmless ones are silent") {
  Imported rp = Import(R"CFG(user www-data;
worker_processes 1;
events { worker_connections 64; }
http {
    sendfile on;
    log_format main '$remote_addr "$request" { }';
    map $http_upgrade $connection_upgrade { default upgrade; '' close; }
    server {
        listen 80;
        frobnicate on;
        location / { proxy_pass http://10.0.3.5; proxy_set_header Upgrade $http_upgrade; }
    }
}
)CFG");
  // nginx refuses a directive it does not know: the server's answer is unknown.
  CHECK(VirtualServers(rp) == "*:80/tcp unknown (directive \"frobnicate\" is not understood)\n");
  CHECK(rp.Messages() ==
        R"(nginx.conf:10:9: warning: unknown directive "frobnicate" (not modelled; ignored)
        frobnicate on;
        ^~~~~~~~~~
)");
  CHECK(rp.device.coverage.total == 13);
  CHECK(rp.device.coverage.understood == 12);
}

// --- tokenizer and parser -------------------------------------------------------------------

TEST_CASE("nginx: quotes, escapes, ${variables} and comments tokenize as nginx does") {
  Imported rp = ImportClean(R"CFG(events {}  # a comment { not a block
http {
    server {
        listen "10.0.0.1:80";   # quoted
        server_name 'it\'s.example' "q\"uote" a#b;
        return 301 "https://${host}$request_uri";
    }
}
)CFG");
  CHECK(VirtualServers(rp) == "10.0.0.1:80/tcp redirect 301 https://${host}$request_uri\n");
  CHECK(rp.device.virtual_servers.at(0).name == "it's.example");
}

TEST_CASE("nginx: syntax errors in nginx's words, located") {
  CHECK(Import("events {}\n}\n").Messages() ==
        R"(nginx.conf:2:1: error: unexpected "}"
}
^
)");
  CHECK(Import("events {}\nhttp {\n  server { listen 80; }\n").Messages() ==
        R"(nginx.conf:3:24: error: unexpected end of file, expecting "}"
  server { listen 80; }
                       ^
)");
  CHECK(Import("events {}\nhttp { server { listen 80 } }\n").Messages() ==
        R"(nginx.conf:2:27: error: unexpected "}"
http { server { listen 80 } }
                          ^
)");
  CHECK(Import("events {}\nuser nginx").Messages() ==
        R"(nginx.conf:2:11: error: unexpected end of file, expecting ";" or "}"
user nginx
          ^
)");
  CHECK(Import("events {}\nerror_log \"x;\n").Messages() ==
        R"(nginx.conf:2:11: error: unexpected end of file, expecting """
error_log "x;
          ^
)");
}

// --- includes -------------------------------------------------------------------------------

TEST_CASE("nginx: include expands resolved files in place, in name order") {
  auto files = std::make_unique<nginx::MapIncludeResolver>(std::map<std::string, std::string>{
      {"sites/b_site.conf",
       "server { listen 10.0.4.1:80; location / { proxy_pass http://app; } }\n"},
      {"sites/a_app.conf", "upstream app { server 10.0.4.11:8000; server 10.0.4.12:8000; }\n"},
      {"other/x.conf", "server { listen 81; return 444; }\n"}});
  Imported rp = Import("events {}\nhttp {\n    include sites/*.conf;\n}\n", std::move(files));
  CHECK(rp.diagnostics.All().empty());
  CHECK(VirtualServers(rp) == "10.0.4.1:80/tcp forward 10.0.4.11:8000 10.0.4.12:8000\n");
  REQUIRE(rp.device.sources.size() == 3);
  CHECK(rp.device.sources[1]->name == "sites/a_app.conf");
}

TEST_CASE("nginx: include outside the config's folder, a missing file, or no resolver") {
  auto files = std::make_unique<nginx::MapIncludeResolver>(std::map<std::string, std::string>{});
  Imported rp =
      Import("events {}\ninclude ../secret.conf;\ninclude missing.conf;\n", std::move(files));
  CHECK(rp.Messages() ==
        R"(nginx.conf:2:9: error: "../secret.conf" leaves the config's folder
include ../secret.conf;
        ^~~~~~~~~~~~~~
nginx.conf:3:9: error: cannot read "missing.conf"
include missing.conf;
        ^~~~~~~~~~~~
)");
  CHECK(
      Import("events {}\ninclude mime.types;\n").Messages() ==
      R"(nginx.conf:2:1: warning: include "mime.types" not followed: no file access here (import the output of `nginx -T` or the files it names)
include mime.types;
^~~~~~~~~~~~~~~~~~~
)");
}

TEST_CASE("nginx: an include cycle stops at 16 levels with an error, not a stack overflow") {
  auto files = std::make_unique<nginx::MapIncludeResolver>(std::map<std::string, std::string>{
      {"a.conf", "include b.conf;\n"}, {"b.conf", "include a.conf;\n"}});
  Imported rp = Import("events {}\ninclude a.conf;\n", std::move(files));
  std::string messages = rp.Messages();
  CHECK(messages.find("error: includes nested deeper than 16 levels") != std::string::npos);
  CHECK(messages.find("error") == messages.rfind("error"));
}

TEST_CASE("nginx: an nginx -T dump resolves includes within itself; locations in the dump") {
  Imported rp = Import(R"CFG(# configuration file /etc/nginx/nginx.conf:
events {}
http {
    include /etc/nginx/conf.d/*.conf;
    include sites/*.conf;
    include mime.types;
}

# configuration file /etc/nginx/conf.d/app.conf:
upstream app { server 10.0.4.11:8000; }

# configuration file /etc/nginx/sites/web.conf:
server {
    listen 10.0.4.1:80;
    location / { proxy_pass http://app; }
    frobnicate;
}
)CFG");
  CHECK(VirtualServers(rp) ==
        "10.0.4.1:80/tcp unknown (directive \"frobnicate\" is not understood)\n");
  CHECK(rp.Messages() ==
        R"(nginx.conf:6:13: error: "/etc/nginx/mime.types" is not in the nginx -T output
    include mime.types;
            ^~~~~~~~~~
nginx.conf:16:5: warning: unknown directive "frobnicate" (not modelled; ignored)
    frobnicate;
    ^~~~~~~~~~
)");
  CHECK(rp.device.sources.size() == 1);
}

TEST_CASE("nginx: FolderIncludeResolver globs inside the folder and refuses to leave it") {
  nginx::FolderIncludeResolver folder(Fixture(""));
  nginx::IncludeResult sites = folder.Resolve("sites/*.conf");
  CHECK(sites.error.empty());
  REQUIRE(sites.parts.size() == 2);
  CHECK(sites.parts[0].file->name == "sites/a_app.conf");
  CHECK(sites.parts[1].file->name == "sites/b_site.conf");
  CHECK(folder.Resolve("../nginx_test_outside.conf").error ==
        "\"../nginx_test_outside.conf\" leaves the config's folder");
  CHECK(folder.Resolve("/etc/passwd").error == "\"/etc/passwd\" leaves the config's folder");
  CHECK(folder.Resolve("nothing/*.conf").parts.empty());  // a glob may match nothing
}

// --- fixtures (the same files nginx -t checks, tests/lb/nginx_configs_valid.sh) -------------

Imported ImportFixture(const std::string& name) {
  std::ifstream in(Fixture(name));
  std::ostringstream buffer;
  buffer << in.rdbuf();
  NginxImporter importer(std::make_unique<nginx::FolderIncludeResolver>(Fixture("")));
  return ImportText(importer, name, buffer.str());
}

TEST_CASE("nginx: the fixtures nginx -t accepts import to the expected virtual servers") {
  Imported lync = ImportFixture("lync_reverse_proxy.conf");
  CHECK(VirtualServers(lync) ==
        "203.0.113.10:443/tcp forward 10.0.1.11:4443 10.0.1.12:4443\n"
        "203.0.113.10:80/tcp redirect 301 https://$host$request_uri\n");
  CHECK(lync.diagnostics.WarningCount() == 1);  // lyncdiscover on 80 differs by Host header
  Imported trap = ImportFixture("scheme_trap.conf");
  CHECK(VirtualServers(trap) ==
        "*:80/tcp redirect 301 http://$host$request_uri\n"
        "[::]:80/tcp redirect 301 http://$host$request_uri\n"
        "*:443/tcp redirect 308 https://www.example.com$request_uri\n");
  Imported stream = ImportFixture("stream.conf");
  CHECK(VirtualServers(stream) ==
        "198.51.100.5:5061/tcp forward 10.0.2.21:5061 10.0.2.22:5061\n"
        "198.51.100.5:3478/udp forward 10.0.2.21:3478\n");
  Imported defaults = ImportFixture("defaults.conf");
  CHECK(VirtualServers(defaults) ==
        "*:80/tcp forward 10.0.3.5:80\n"
        "[::]:8080/tcp redirect 301 https://www.example.com$request_uri\n"
        "*:8080/tcp redirect 301 https://www.example.com$request_uri\n"
        "*:8081/tcp reject\n"
        "*:8082/tcp reject\n");
  Imported includes = ImportFixture("with_includes.conf");
  CHECK(includes.diagnostics.All().empty());
  CHECK(VirtualServers(includes) == "10.0.4.1:80/tcp forward 10.0.4.11:8000 10.0.4.12:8000\n");
}

// --- sniff ----------------------------------------------------------------------------------

TEST_CASE("nginx: sniff") {
  CHECK(SniffNginx("events {}\n"));
  CHECK(SniffNginx("upstream app {\n server 10.0.0.1;\n}\n"));
  CHECK(SniffNginx("server {\n  listen 80;\n}\n"));
  CHECK(SniffNginx("http{ server { listen 80; } }"));
  CHECK_FALSE(SniffNginx("server {\n  root /srv;\n}\n"));  // no listen
  CHECK_FALSE(SniffNginx("*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n"));
  CHECK_FALSE(SniffNginx("security { policies { from-zone a to-zone b { } } }"));
}

TEST_CASE("nginx: a directive not understood makes the servers it can change unknown") {
  // nginx -t refuses an unknown directive; here it may be a damaged proxy_pass or member.
  Imported lb = Import(R"(events {}
stream {
    upstream a { server 10.0.1.1:443; zq9 10.0.1.2:443; }
    upstream b { server 10.0.2.1:443; }
    server { listen 10.0.0.1:443; proxy_pass a; }
    server { listen 10.0.0.2:443; proxy_pass b; }
    server { listen 10.0.0.3:443; zq9 b; }
}
)");
  CHECK_FALSE(lb.diagnostics.HasErrors());
  CHECK(VirtualServers(lb) ==
        "10.0.0.1:443/tcp unknown (directive \"zq9\" is not understood)\n"
        "10.0.0.2:443/tcp forward 10.0.2.1:443\n"
        "10.0.0.3:443/tcp unknown (directive \"zq9\" is not understood)\n");
  CHECK(lb.device.virtual_servers[0].unknown_at.Start().line == 3);
  CHECK(lb.device.virtual_servers[2].unknown_at.Start().line == 7);
  // At the top of the http block it can change every server there (proxy_bind, say).
  Imported http = Import(
      "events {}\nhttp {\n    zq9 172.16.1.20;\n    server { listen 10.0.0.1:80; return 204; "
      "}\n}\n");
  CHECK(VirtualServers(http) == "10.0.0.1:80/tcp unknown (directive \"zq9\" is not understood)\n");
}

TEST_CASE("nginx: a server without listen and with a directive not understood is an error") {
  // The damaged line may have been its listen: where it listens is not known.
  Imported lb = Import(
      "events {}\nhttp {\n    server {\n        zq9 zq9 zq9;\n        return 204;\n    }\n}\n");
  CHECK(Summary(lb).find("nginx.conf:4:9: error: unknown directive \"zq9\" in a server without "
                         "\"listen\": where it listens is not known\n") != std::string::npos);
}

}  // namespace
}  // namespace flowaudit
