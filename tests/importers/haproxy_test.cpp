// The HAProxy importer: what each listener (VIP, protocol, port) answers — forward to which
// members, redirect with which status and location, reject, or no listener — and every
// diagnostic with its location. The fixtures under data/haproxy/ also pass `haproxy -c`
// (ctest haproxy_configs_valid).
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "importers/haproxy/config_reader.h"
#include "importers/haproxy/haproxy_importer.h"
#include "importers/haproxy/tokenizer.h"
#include "importers/importer.h"
#include "tests/importers/importer_test_util.h"

namespace flowaudit {
namespace {

using namespace flowaudit::testing;

Imported Import(std::string_view text) {
  HaproxyImporter importer;
  return ImportText(importer, "haproxy.cfg", text);
}

std::string ReadFixture(const std::string& name) { return testing::ReadFixture("haproxy", name); }

Imported ImportFixture(const std::string& name) {
  HaproxyImporter importer;
  return ImportText(importer, name, ReadFixture(name));
}

// What `flowaudit query` answers for a TCP packet to VIP:PORT:
// "forward fe1=10.1.0.11:443 fe2=10.1.0.12:443 snat 10.1.0.5", "redirect 301 https://…",
// "reject", "no-listener".
std::string Answer(const Imported& imported, const char* vip, uint16_t port, uint8_t protocol = 6) {
  const VirtualServer* vs = imported.device.FindVirtualServer(*ParseIpAddress(vip), protocol, port);
  if (!vs) return "no-listener";
  switch (vs->mode) {
    case VirtualServer::Mode::kRedirect:
      return "redirect " + std::to_string(vs->redirect_status) + " " + vs->redirect_location;
    case VirtualServer::Mode::kReject:
      return "reject";
    case VirtualServer::Mode::kRespond:
      return "respond " + std::to_string(vs->redirect_status);
    case VirtualServer::Mode::kUnknown:
    case VirtualServer::Mode::kForward:
      break;
  }
  std::string out = vs->mode == VirtualServer::Mode::kUnknown ? "unknown forward" : "forward";
  for (const PoolMember* m : vs->ActiveMembers()) {
    VirtualServer endpoint;
    endpoint.address = m->address;
    endpoint.port = m->port;
    out += " " + m->name + "=" + endpoint.Endpoint();
  }
  if (vs->source_nat) out += " snat " + vs->source_nat->ToString();
  return out;
}

TEST_CASE("haproxy: a Lync Front End pool: redirect, SNAT, listen with disabled and backup") {
  Imported lb = ImportFixture("lync-hlb.cfg");
  CHECK(Answer(lb, "10.1.0.100", 80) == "redirect 301 https://%host%%uri%");
  CHECK(Answer(lb, "10.1.0.100", 443) ==
        "forward fe1=10.1.0.11:443 fe2=10.1.0.12:443 snat 10.1.0.5");
  // No server port: the port the client connected to. fe3 is disabled, spare is a backup.
  CHECK(Answer(lb, "10.1.0.101", 4443) == "forward fe1=10.1.0.11:4443 fe2=10.1.0.12:4443");
  CHECK(Answer(lb, "10.1.0.101", 8080) == "forward fe1=10.1.0.11:8080 fe2=10.1.0.12:8080");
  CHECK(Answer(lb, "10.1.0.101", 443) == "no-listener");
  CHECK(Answer(lb, "10.1.0.100", 80, 17) == "no-listener");
  CHECK(Summary(lb) ==
        "lync-hlb.cfg:35:12: note: server 'fe3' is disabled: not a member\n"
        "lync-hlb.cfg:36:12: note: backup server 'spare' serves only when every active server "
        "is down: a member only when the backend has no active server\n"
        "lync-hlb.cfg:27:1: note: connections to the servers of web-ext leave from the load "
        "balancer's own address, which the config does not name: paths beyond keep the client's "
        "address\n");
  CHECK(lb.device.coverage.total == 29);
  CHECK(lb.device.coverage.understood == 29);
  CHECK(lb.device.virtual_servers.size() == 4);
  CHECK(lb.device.default_filter.empty());
  CHECK(lb.device.filters.empty());
}

TEST_CASE("haproxy: persistence, timeouts and health checks are kept for the HLB checks") {
  Diagnostics diagnostics;
  haproxy::Config config =
      haproxy::ReadConfig(MakeSourceFile("lync-hlb.cfg", ReadFixture("lync-hlb.cfg")), diagnostics);
  const haproxy::Proxy* ext = config.FindBackend("web-ext");
  REQUIRE(ext);
  CHECK(ext->hlb.balance == "source");
  CHECK(ext->hlb.stick_on_source);
  CHECK(ext->hlb.stick_table_type == "ip");
  CHECK(ext->hlb.timeout_client_ms == 1'800'000);  // from defaults: 30m
  CHECK(ext->hlb.timeout_server_ms == 1'800'000);
  CHECK(ext->hlb.timeout_tunnel_ms == 3'600'000);
  CHECK(ext->servers.at(0).check);
  CHECK(ext->servers.at(0).check_port == 5061);
  CHECK_FALSE(ext->hlb.http_check);
}

TEST_CASE(
    "haproxy: content switching reports every possible backend; redirects by scheme, "
    "location and prefix") {
  Imported lb = ImportFixture("content-switch.cfg");
  // TLS is terminated on 443, so `redirect … if !{ ssl_fc }` does not apply there.
  CHECK(Answer(lb, "10.2.0.10", 443) ==
        "forward api1=10.2.1.21:9000 meet1=10.2.1.31:443 app1=10.2.1.11:8080 "
        "app2=10.2.1.12:8080");
  CHECK(Answer(lb, "10.2.0.10", 80) == "redirect 308 https://%host%%uri%");
  CHECK(Answer(lb, "10.2.0.11", 80) == "redirect 301 https://www.contoso.com/");
  CHECK(Answer(lb, "10.2.0.12", 80) == "redirect 302 https://new.contoso.com%uri%");
  // A redirect on the request path is unknown for a packet: the answer is UNKNOWN (it may
  // forward), naming the rule, with a warning.
  CHECK(Answer(lb, "10.2.0.13", 80) == "unknown forward app1=10.2.1.11:8080 app2=10.2.1.12:8080");
  const VirtualServer* maintenance =
      lb.device.FindVirtualServer(*ParseIpAddress("10.2.0.13"), 6, 80);
  CHECK(maintenance->unknown_reason == "redirect decided by HTTP content ('path_beg')");
  CHECK(maintenance->unknown_at.Start().line == 29);
  CHECK(Summary(lb) ==
        "content-switch.cfg:15:5: warning: use_backend condition decided by HTTP content "
        "('path_beg'); all possible backends are reported\n"
        "content-switch.cfg:37:1: note: connections to the servers of be-api leave from the "
        "load balancer's own address, which the config does not name: paths beyond keep the "
        "client's address\n"
        "content-switch.cfg:40:1: note: connections to the servers of be-meet leave from the "
        "load balancer's own address, which the config does not name: paths beyond keep the "
        "client's address\n"
        "content-switch.cfg:32:1: note: connections to the servers of be-app leave from the "
        "load balancer's own address, which the config does not name: paths beyond keep the "
        "client's address\n"
        "content-switch.cfg:29:5: warning: redirect condition decided by HTTP content "
        "('path_beg'): whether fe-maintenance redirects is unknown\n");
}

TEST_CASE("haproxy: every-address, range, comma, IPv6 binds; relative and omitted ports") {
  Imported lb = ImportFixture("binds.cfg");
  // `bind :8000` listens on every IPv4 address, named by other binds or not.
  CHECK(Answer(lb, "10.3.0.10", 8000) == "forward r1=10.3.1.1:9000 r2=10.3.1.2:8000");
  CHECK(Answer(lb, "192.0.2.77", 8000) == "forward r1=10.3.1.1:9000 r2=10.3.1.2:8000");
  CHECK(Answer(lb, "10.3.0.13", 8000) == "forward r1=10.3.1.1:9000 r2=10.3.1.2:8000");
  CHECK(Answer(lb, "2001:db8::10", 8000) == "no-listener");
  CHECK(Answer(lb, "10.3.0.10", 8001) == "forward r1=10.3.1.1:9001 r2=10.3.1.2:8001");
  CHECK(Answer(lb, "10.3.0.10", 8002) == "forward r1=10.3.1.1:9002 r2=10.3.1.2:8002");
  CHECK(Answer(lb, "10.3.0.11", 8001) == "forward r1=10.3.1.1:9001 r2=10.3.1.2:8001");
  CHECK(Answer(lb, "10.3.0.11", 8002) == "no-listener");
  CHECK(Answer(lb, "2001:db8::10", 443) == "forward r1=10.3.1.1:1443 r2=10.3.1.2:443");
  CHECK(Answer(lb, "2001:db8::11", 443) == "forward r1=10.3.1.1:1443 r2=10.3.1.2:443");
  // The second anonymous defaults (mode tcp) applies from here on.
  CHECK(Answer(lb, "10.3.0.12", 5061) == "forward s1=10.3.1.3:5061");
  CHECK(Answer(lb, "10.3.0.13", 9000) == "reject");
  CHECK(Summary(lb) ==
        "binds.cfg:29:12: note: server 's2' is disabled: not a member\n"
        "binds.cfg:16:1: note: connections to the servers of be-relative leave from the load "
        "balancer's own address, which the config does not name: paths beyond keep the client's "
        "address\n"
        "binds.cfg:26:1: note: connections to the servers of sip-tls leave from the load "
        "balancer's own address, which the config does not name: paths beyond keep the client's "
        "address\n"
        "binds.cfg:31:1: note: fe-no-backend has no backend: HAProxy answers 503 (mode http) "
        "or closes the connection (mode tcp)\n");
}

TEST_CASE("haproxy: bad input is a located error") {
  CHECK(Import("bind :80\n").Messages() ==
        "haproxy.cfg:1:1: error: 'bind' is not a section keyword\n"
        "bind :80\n"
        "^~~~\n");
  CHECK(Summary(Import("frontend f\n    bind 10.0.0.1\n")) ==
        "haproxy.cfg:2:10: error: bind '10.0.0.1' has no port\n");
  CHECK(Summary(Import("frontend f\n    bind 10.0.0.1:http\n")) ==
        "haproxy.cfg:2:10: error: bad port 'http' in '10.0.0.1:http'\n");
  CHECK(Summary(Import("backend b\n    server s1\n")) ==
        "haproxy.cfg:2:12: error: server needs a name and an address\n");
  CHECK(Summary(Import("frontend f\n    bind 10.0.0.1:80\n    use_backend nope\n")) ==
        "haproxy.cfg:3:17: error: no backend named 'nope'\n");
  CHECK(Summary(Import("frontend f\n    bind 10.0.0.1:80\n    default_backend nope\n")) ==
        "haproxy.cfg:3:21: error: no backend named 'nope'\n");
  CHECK(Summary(Import("frontend f\n    use_backend b if !is_api\nbackend b\n")) ==
        "haproxy.cfg:2:22: error: no ACL named 'is_api' in 'f'\n");
  CHECK(Summary(Import("backend b\n    bind :80\n")) ==
        "haproxy.cfg:2:5: error: 'bind' is not allowed in a backend or defaults section\n");
  CHECK(Summary(Import("frontend f\n    mode udp\n")) ==
        "haproxy.cfg:2:10: error: mode must be http or tcp\n");
  CHECK(Summary(Import("frontend f from nodefaults\n")) ==
        "haproxy.cfg:1:17: error: no defaults section named 'nodefaults'\n");
}

TEST_CASE("haproxy: a keyword HAProxy does not know is a located error, as haproxy -c says") {
  CHECK(Summary(Import("frontend f\n    bind 10.0.0.1:80\n    frobnicate on\n"))
            .starts_with("haproxy.cfg:3:5: error: unknown keyword 'frobnicate' in 'frontend' "
                         "section\n"));
  CHECK(Summary(Import("backend b\n    zq9 zq9 zq9\n    server s1 10.0.1.1:80\n")) ==
        "haproxy.cfg:2:5: error: unknown keyword 'zq9' in 'backend' section\n");
}

TEST_CASE("haproxy: what is not understood is a located warning") {
  Imported lb = Import(R"CFG(frontend f
    bind 10.0.0.1:80
    use-server s1 if { src 10.7.0.0/16 }
    http-request deny if { src 10.9.0.0/16 }
    tcp-request connection reject if { src 10.8.0.0/16 }
    use_backend %[req.hdr(host),lower,map(/etc/haproxy/hosts.map,b)]
    default_backend b
backend b
    server named app.contoso.com:80
    server s1 10.0.1.1:80
)CFG");
  CHECK(Summary(lb) ==
        "haproxy.cfg:3:5: warning: 'use-server' not understood; ignored\n"
        "haproxy.cfg:4:18: warning: http-request deny answers requests itself; not modelled\n"
        "haproxy.cfg:5:5: warning: tcp-request rules may reject connections; not modelled\n"
        "haproxy.cfg:6:17: warning: backend name is computed at run time; this rule is not "
        "modelled\n"
        "haproxy.cfg:9:18: warning: server address 'app.contoso.com' is a host name, resolved "
        "by HAProxy; not modelled\n"
        "haproxy.cfg:8:1: note: connections to the servers of b leave from the load balancer's "
        "own address, which the config does not name: paths beyond keep the client's address\n");
  CHECK(Answer(lb, "10.0.0.1", 80) == "forward s1=10.0.1.1:80");
  CHECK(lb.device.coverage.total == 10);
  CHECK(lb.device.coverage.understood == 5);
}

TEST_CASE("haproxy: a bind on every address listens on any address of its family") {
  Imported lb = Import(
      "listen l\n    bind *:443\n    bind 10.0.0.9:443\n    server s 10.0.1.1:443\n"
      "listen m\n    bind 10.0.0.9:443\n    server t 10.0.1.2:443\n");
  REQUIRE(lb.device.virtual_servers.size() == 2);
  CHECK(lb.device.virtual_servers[0].any_address);
  CHECK(lb.device.virtual_servers[0].Endpoint() == "*:443");
  CHECK(Answer(lb, "10.9.9.9", 443) == "forward s=10.0.1.1:443");
  CHECK(Answer(lb, "2001:db8::1", 443) == "no-listener");
  // The bind on the address itself wins, as in the kernel's socket lookup; the first bind
  // naming it is the one modelled.
  CHECK(Answer(lb, "10.0.0.9", 443) == "forward s=10.0.1.1:443");
  CHECK(!lb.device.OwnsAddress(*ParseIpAddress("10.9.9.9")));
}

TEST_CASE("haproxy: conditions known per listener: ssl_fc, dst_port, TRUE; ORed ACL lines") {
  Imported lb = Import(R"CFG(defaults
    mode http
frontend f
    bind 10.0.0.1:443 ssl crt site.pem
    bind 10.0.0.1:80,10.0.0.1:8080
    http-request redirect scheme https if !{ ssl_fc } { dst_port 80 }
    acl alt dst_port 8080
    acl alt dst_port 8443
    use_backend b_alt if alt || FALSE
    use_backend b_tls if { ssl_fc }
backend b_alt
    server a 10.0.1.1:81
backend b_tls
    source 10.0.0.5
    server t 10.0.1.2:443
)CFG");
  CHECK(Answer(lb, "10.0.0.1", 80) == "redirect 302 https://%host%%uri%");
  CHECK(Answer(lb, "10.0.0.1", 8080) == "forward a=10.0.1.1:81");
  CHECK(Answer(lb, "10.0.0.1", 443) == "forward t=10.0.1.2:443 snat 10.0.0.5");
  CHECK(Summary(lb) ==
        "haproxy.cfg:11:1: note: connections to the servers of b_alt leave from the load "
        "balancer's own address, which the config does not name: paths beyond keep the client's "
        "address\n");
}

TEST_CASE("haproxy: http-request redirect runs before redirect; redirects need mode http") {
  Imported lb = Import(R"CFG(frontend web
    mode http
    bind 10.0.0.1:80
    redirect location https://second.example/
    http-request redirect location https://first.example/ code 307
frontend plain
    bind 10.0.0.2:80
    redirect scheme https
    default_backend b
backend b
    source 0.0.0.0 usesrc clientip
    server s 10.0.1.1
)CFG");
  CHECK(Answer(lb, "10.0.0.1", 80) == "redirect 307 https://first.example/");
  CHECK(Answer(lb, "10.0.0.2", 80) == "forward s=10.0.1.1:80");
  CHECK(Summary(lb) ==
        "haproxy.cfg:8:5: warning: redirect needs 'mode http'; HAProxy ignores it in plain "
        "(mode tcp)\n");
}

TEST_CASE("haproxy: backup servers serve when no active server is left") {
  Imported lb = Import(R"CFG(listen l
    bind 10.0.0.1:5061
    source 10.0.0.5
    server a 10.0.1.1:5061 disabled
    server b 10.0.1.2:5061 backup
)CFG");
  CHECK(Answer(lb, "10.0.0.1", 5061) == "forward b=10.0.1.2:5061 snat 10.0.0.5");
}

TEST_CASE("haproxy: IPv6 every-address bind is dual-stack unless v6only; quic is UDP") {
  Imported lb = Import(R"CFG(frontend f
    bind :::443 v4v6
    bind 10.0.0.1:80,[2001:db8::1]:80
    bind quic4@10.0.0.1:443
    default_backend b
frontend g
    bind [::]:8443 v6only
    default_backend b
backend b
    source 10.0.0.5
    server s 10.0.1.1:443
)CFG");
  CHECK(Answer(lb, "10.0.0.1", 443) == "forward s=10.0.1.1:443 snat 10.0.0.5");
  CHECK(Answer(lb, "2001:db8::1", 443) == "forward s=10.0.1.1:443 snat 10.0.0.5");
  CHECK(Answer(lb, "10.0.0.1", 443, 17) == "forward s=10.0.1.1:443 snat 10.0.0.5");
  CHECK(Answer(lb, "2001:db8::1", 8443) == "forward s=10.0.1.1:443 snat 10.0.0.5");
  CHECK(Answer(lb, "10.0.0.1", 8443) == "no-listener");
}

TEST_CASE("haproxy: two binds on one endpoint: the first is modelled, with a warning") {
  Imported lb = Import(R"CFG(listen a
    bind 10.0.0.1:80
    source 10.0.0.5
    server s 10.0.1.1
listen b
    bind 10.0.0.1:80
    source 10.0.0.5
    server t 10.0.1.2
)CFG");
  CHECK(Answer(lb, "10.0.0.1", 80) == "forward s=10.0.1.1:80 snat 10.0.0.5");
  CHECK(Summary(lb) ==
        "haproxy.cfg:6:10: warning: also listened on by a (haproxy.cfg:2); the kernel "
        "spreads connections over both; only the first is modelled\n");
}

TEST_CASE("haproxy: words split as HAProxy does: quotes, escapes, comments") {
  SourceFilePtr file =
      MakeSourceFile("t.cfg", R"(  acl h hdr(host) -i "a b"\ c 'x\y' \#z # comment)");
  haproxy::TokenizedLine line = haproxy::TokenizeLine(file, file->text);
  std::string joined;
  for (const haproxy::Word& w : line.words) joined += "[" + w.text + "]";
  CHECK(joined == R"([acl][h][hdr(host)][-i][a b c][x\y][#z])");
  CHECK(line.words[4].at.ToString(true) == "t.cfg:1:22");
}

TEST_CASE("haproxy: environment variables and conditional blocks are warned about") {
  Imported lb = Import(".if defined(X)\nfrontend f\n    bind \"${VIP}:80\"\n.endif\n");
  CHECK(Summary(lb) ==
        "haproxy.cfg:1:1: warning: conditional block '.if' is not evaluated; every line "
        "inside is read\n"
        "haproxy.cfg:3:5: warning: line uses an environment variable, resolved by HAProxy at "
        "startup; not modelled\n"
        "haproxy.cfg:4:1: warning: conditional block '.endif' is not evaluated; every line "
        "inside is read\n");
}

TEST_CASE("haproxy: sniff and table row") {
  CHECK(SniffHaproxy("global\n  log stdout local0\ndefaults\n  mode http\n"));
  CHECK(SniffHaproxy("frontend f\n    bind :80\n"));
  CHECK(SniffHaproxy(ReadFixture("binds.cfg")));
  CHECK_FALSE(SniffHaproxy("*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n"));
  CHECK_FALSE(SniffHaproxy("server {\n    listen 80;\n}\n"));
  const ImporterInfo* info = FindImporter("haproxy");
  REQUIRE(info);
  CHECK(info->status == Maturity::kAlpha);
  CHECK(SniffImporter(ReadFixture("lync-hlb.cfg")) == info);
}

TEST_CASE("haproxy: HLB settings: persistence, idle timeout, health checks, SNAT kind") {
  Imported lb = Import(
      "defaults\n"                               // 1
      "    mode tcp\n"                           // 2
      "    timeout client 30m\n"                 // 3
      "    timeout server 1h\n"                  // 4
      "frontend web\n"                           // 5
      "    bind 10.0.0.100:443\n"                // 6
      "    timeout client 5m\n"                  // 7
      "    default_backend sticky\n"             // 8
      "backend sticky\n"                         // 9
      "    stick-table type ip size 1m\n"        // 10
      "    stick on src\n"                       // 11
      "    server a 10.0.1.1 check port 5061\n"  // 12
      "    server b 10.0.1.2 check disabled\n"   // 13
      "    server c 10.0.1.3 backup\n"           // 14
      "frontend ext\n"                           // 15
      "    mode http\n"                          // 16
      "    bind 10.0.0.101:4443\n"               // 17
      "    default_backend cookie\n"             // 18
      "backend cookie\n"                         // 19
      "    mode http\n"                          // 20
      "    option httpchk\n"                     // 21
      "    cookie MS-WSMAN insert httponly\n"    // 22
      "    source 10.0.0.5\n"                    // 23
      "    server a 10.0.1.1 check\n"            // 24
      "listen src\n"                             // 25
      "    bind 10.0.0.102:443\n"                // 26
      "    balance source\n"                     // 27
      "    source 0.0.0.0 usesrc clientip\n"     // 28
      "    server a 10.0.1.1\n");                // 29
  const VirtualServer* web = lb.device.FindVirtualServer(*ParseIpAddress("10.0.0.100"), 6, 443);
  REQUIRE(web);
  CHECK(web->settings.persistence == Persistence::kSourceAddress);
  CHECK(web->settings.persistence_at.Start().line == 11);
  // The shorter of the frontend's client and the backend's server timeout.
  CHECK(web->settings.idle_timeout_s == 300);
  CHECK(web->settings.idle_timeout_at.Start().line == 7);
  REQUIRE(web->members.size() == 3);
  CHECK(web->members[0].monitors.size() == 1);
  CHECK(web->members[0].monitors[0].type == "tcp");
  CHECK(web->members[0].monitors[0].port == 5061);
  CHECK(web->members[1].monitors[0].port == 0);  // the member's own port
  CHECK(!web->members[1].enabled);
  CHECK(web->members[2].backup);
  CHECK(web->members[2].monitors.empty());
  CHECK(web->source_translation == SourceTranslation::kDeviceOwn);
  CHECK(!web->source_nat);

  const VirtualServer* ext = lb.device.FindVirtualServer(*ParseIpAddress("10.0.0.101"), 6, 4443);
  REQUIRE(ext);
  CHECK(ext->settings.persistence == Persistence::kCookie);
  CHECK(ext->settings.persistence_name == "MS-WSMAN");
  CHECK(ext->settings.persistence_cookie_http_only);
  CHECK(ext->members[0].monitors[0].type == "http");
  CHECK(ext->source_translation == SourceTranslation::kGiven);
  CHECK(ext->source_nat->ToString() == "10.0.0.5");

  const VirtualServer* src = lb.device.FindVirtualServer(*ParseIpAddress("10.0.0.102"), 6, 443);
  REQUIRE(src);
  CHECK(src->settings.persistence == Persistence::kSourceAddress);
  CHECK(src->settings.persistence_at.Start().line == 27);
  CHECK(src->source_translation == SourceTranslation::kNone);
}

TEST_CASE("haproxy: an unindented line in an indented global section is no keyword of it") {
  // A damaged `defaults` line: HAProxy would read it and the lines after as global keywords.
  Imported lb =
      Import("global\n    maxconn 4000\nzq9 zq9 zq9\n    mode tcp\n    source 10.1.0.5\n");
  CHECK(Summary(lb) ==
        "haproxy.cfg:3:1: error: 'zq9' is not a section keyword (the lines above "
        "are indented as the body of 'global')\n");
  // Written without indentation, the body is not checked.
  CHECK(Summary(Import("global\nmaxconn 4000\nnbthread 2\n")).empty());
}

}  // namespace
}  // namespace flowaudit
