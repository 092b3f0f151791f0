// The NetScaler importer: what each vserver listener answers (forward to which members, with
// which persistence, idle timeout, monitors and source NAT; redirect with which status and
// location; reject; respond; unknown and why) and every diagnostic with its location.
#include <doctest/doctest.h>

#include <fstream>
#include <random>
#include <sstream>
#include <string>

#include "importers/importer.h"
#include "importers/netscaler/commands.h"
#include "importers/netscaler/expressions.h"
#include "importers/netscaler/netscaler_importer.h"
#include "tests/importers/importer_test_util.h"

namespace flowaudit {
namespace {

using namespace flowaudit::testing;

Imported Import(std::string_view text) {
  NetscalerImporter importer;
  return ImportText(importer, "ns.conf", text);
}

std::string ReadFixture(const std::string& name) { return testing::ReadFixture("netscaler", name); }

Imported ImportFixture(const std::string& name) {
  NetscalerImporter importer;
  return ImportText(importer, name, ReadFixture(name));
}

// "@18" for a value set on line 18, "@default" for a vendor default.
std::string At(const SourceRange& r) {
  return r.IsValid() ? "@" + std::to_string(r.Start().line) : "@default";
}

// Everything the checks read of one listener, on one line.
std::string Describe(const VirtualServer& vs) {
  std::string out = vs.name + (vs.protocol == 17 ? " udp " : " tcp ") + vs.Endpoint() + " ";
  switch (vs.mode) {
    case VirtualServer::Mode::kForward:
      out += "forward";
      break;
    case VirtualServer::Mode::kRedirect:
      return out + "redirect " + std::to_string(vs.redirect_status) + " " + vs.redirect_location +
             At(vs.location);
    case VirtualServer::Mode::kReject:
      return out + "reject";
    case VirtualServer::Mode::kRespond:
      return out + "respond " + std::to_string(vs.redirect_status) + At(vs.location);
    case VirtualServer::Mode::kUnknown:
      out += "unknown (" + vs.unknown_reason + At(vs.unknown_at) + ")";
      break;
  }
  for (const PoolMember& m : vs.members) {
    VirtualServer endpoint;
    endpoint.address = m.address;
    endpoint.port = m.port;
    out += " " + m.name + "=" + endpoint.Endpoint() + (m.enabled ? "" : " off") + At(m.location);
  }
  out += std::string(" snat ") + SourceTranslationName(vs.source_translation);
  if (vs.source_nat) out += " " + vs.source_nat->ToString();
  const LbSettings& s = vs.settings;
  out += std::string(" persist ") + PersistenceName(s.persistence);
  if (!s.persistence_name.empty()) out += " " + s.persistence_name;
  if (s.persistence_cookie_http_only) out += " httponly";
  out += At(s.persistence_at);
  out += " idle " + (s.idle_timeout_s ? std::to_string(*s.idle_timeout_s) : "none") +
         At(s.idle_timeout_at);
  out += " monitors";
  for (const HealthMonitor& h : s.monitors) {
    out += " " + h.name + "/" + h.type + "/" + std::to_string(h.port) + At(h.location);
  }
  if (s.tls_terminated) out += " tls";
  return out;
}

std::string DescribeAll(const Imported& imported) {
  std::string out;
  for (const VirtualServer& vs : imported.device.virtual_servers) out += Describe(vs) + "\n";
  return out;
}

TEST_CASE("netscaler: a Lync Front End pool: service groups, SOURCEIP, cltTimeout, 5061 monitor") {
  Imported lb = ImportFixture("lync-pool.conf");
  CHECK(Summary(lb) == "");
  CHECK(DescribeAll(lb) ==
        "vs_web_int_http tcp 10.1.0.100:80 forward fe01=10.1.0.11:80@26 fe02=10.1.0.12:80@27 "
        "snat device 10.1.0.5 persist source-address@18 idle 1800@18 "
        "monitors mon_lync_5061/tcp/5061@17\n"
        "vs_web_int_https tcp 10.1.0.100:443 forward fe01=10.1.0.11:443@29 "
        "fe02=10.1.0.12:443@30 snat device 10.1.0.5 persist source-address@19 idle 1800@19 "
        "monitors mon_lync_5061/tcp/5061@17\n"
        "vs_web_ext_https tcp 10.1.0.101:4443 forward fe01=10.1.0.11:4443@32 "
        "fe02=10.1.0.12:4443@33 snat device 10.1.0.5 persist none@20 idle 1800@20 "
        "monitors mon_lync_5061/tcp/5061@17\n"
        "vs_web_ext_http tcp 10.1.0.101:8080 forward fe01=10.1.0.11:8080@35 "
        "fe02=10.1.0.12:8080@36 snat device 10.1.0.5 persist none@21 idle 1800@21 "
        "monitors mon_lync_5061/tcp/5061@17\n");
  // Each member carries its group's monitors.
  const PoolMember& fe01 = lb.device.virtual_servers[0].members[0];
  REQUIRE(fe01.monitors.size() == 1);
  CHECK(fe01.monitors[0].name == "mon_lync_5061");
  CHECK(fe01.monitors[0].port == 5061);
  CHECK(lb.device.vendor == "netscaler");
  CHECK(lb.device.coverage.total == 36);
  CHECK(lb.device.coverage.understood == 36);
  CHECK(lb.device.filters.empty());
}

TEST_CASE("netscaler: a disabled port-80 vserver listens nowhere") {
  Imported lb = ImportFixture("lync-443-only.conf");
  CHECK(Summary(lb) ==
        "lync-443-only.conf:19:113: note: vs_web_int_http is disabled: nothing listens on its "
        "address and port\n");
  REQUIRE(lb.device.virtual_servers.size() == 3);
  CHECK(lb.device.FindVirtualServer(*ParseIpAddress("10.1.0.100"), 6, 80) == nullptr);
  CHECK(lb.device.virtual_servers[0].name == "vs_web_int_https");
}

TEST_CASE("netscaler: services by server and by address, USIP, disabled members, monitors") {
  Imported lb = Import(R"CFG(add server app1 10.2.0.11
add server app2 10.2.0.12 -state DISABLED
add service svc1 app1 TCP 8443 -usip YES
add service svc2 app2 TCP 8443 -usip YES
add service svc3 10.2.0.13 TCP 8443 -usip YES
disable service svc3
add service dns1 10.2.0.21 DNS 53
add service unwatched 10.2.0.22 TCP 8443 -healthMonitor NO -usip YES
add lb monitor mon_https HTTP -secure YES -destPort 443
bind service svc1 -monitorName mon_https
bind service svc1 -monitorName ping
add lb vserver vs_app TCP 10.2.0.100 8443
bind lb vserver vs_app svc1
bind lb vserver vs_app svc2
bind lb vserver vs_app svc3
bind lb vserver vs_app unwatched
add lb vserver vs_dns DNS 10.2.0.100 53
bind lb vserver vs_dns dns1
)CFG");
  CHECK(Summary(lb) == "");
  CHECK(DescribeAll(lb) ==
        "vs_app tcp 10.2.0.100:8443 forward app1=10.2.0.11:8443@3 app2=10.2.0.12:8443 off@4 "
        "10.2.0.13=10.2.0.13:8443 off@5 10.2.0.22=10.2.0.22:8443@8 snat none persist "
        "none@default idle 9000@default monitors mon_https/https/443@9 ping/icmp/0@11 "
        "tcp-default/tcp/0@default\n"
        "vs_dns udp 10.2.0.100:53 forward 10.2.0.21=10.2.0.21:53@7 snat device persist "
        "none@default idle 120@default monitors ping-default/icmp/0@default\n");
  const VirtualServer& app = lb.device.virtual_servers[0];
  CHECK(app.members[1].monitors.size() == 1);
  CHECK(app.members[1].monitors[0].name == "tcp-default");
  CHECK(app.members[3].monitors.empty());  // -healthMonitor NO: never probed
  REQUIRE(app.ActiveMembers().size() == 2);
  CHECK(app.ActiveMembers()[0]->name == "app1");
}

TEST_CASE("netscaler: USIP mode, SNIPs and net profiles decide the source address") {
  std::string pool = R"CFG(add ns ip 10.3.0.5 255.255.255.0 -type SNIP
add ns ip 10.4.0.5 255.255.0.0
add ns ip 10.3.0.100 255.255.255.255 -type VIP
add server s1 10.3.0.11
add server s2 10.4.1.11
add service a s1 HTTP 80
add service b s2 HTTP 80
add lb vserver v1 HTTP 10.3.0.100 80
bind lb vserver v1 a
add lb vserver v2 HTTP 10.3.0.100 81
bind lb vserver v2 a
bind lb vserver v2 b
add lb vserver v3 HTTP 10.3.0.100 82 -netProfile np1
bind lb vserver v3 a
)CFG";
  Imported lb = Import(pool);
  REQUIRE(lb.device.virtual_servers.size() == 3);
  CHECK(lb.device.virtual_servers[0].source_translation == SourceTranslation::kDeviceOwn);
  CHECK(lb.device.virtual_servers[0].source_nat == ParseIpAddress("10.3.0.5"));
  // No SNIP has both members' subnet: NetScaler's pick is not modelled.
  CHECK(lb.device.virtual_servers[1].source_translation == SourceTranslation::kDeviceOwn);
  CHECK_FALSE(lb.device.virtual_servers[1].source_nat.has_value());
  CHECK_FALSE(lb.device.virtual_servers[2].source_nat.has_value());
  CHECK(Summary(lb) ==
        "ns.conf:13:38: note: a net profile sets the source address: not modelled\n");
  Imported usip = Import("enable ns mode FR USIP\n" + pool);
  CHECK(usip.device.virtual_servers[0].source_translation == SourceTranslation::kNone);
  CHECK_FALSE(usip.device.virtual_servers[0].source_nat.has_value());
  Imported mixed = Import("enable ns mode USIP\n" + pool + "set service b -usip NO\n");
  CHECK(mixed.device.virtual_servers[1].source_translation == SourceTranslation::kDeviceOwn);
  CHECK(Summary(mixed).find("ns.conf:11:1: note: some members of v2 keep the client's address "
                            "(USIP) and others do not") != std::string::npos);
}

TEST_CASE("netscaler: a responder redirect to HTTPS on a vserver without services") {
  Imported lb = Import(R"CFG(enable ns feature LB RESPONDER
add responder action act_https redirect "\"https://\" + HTTP.REQ.HOSTNAME.HTTP_URL_SAFE + HTTP.REQ.URL.PATH_AND_QUERY.HTTP_URL_SAFE" -responseStatusCode 301
add responder action act_302 redirect '"https://" + HTTP.REQ.HOSTNAME + HTTP.REQ.URL.PATH_AND_QUERY'
add responder policy pol_valid "HTTP.REQ.IS_VALID" act_https
add responder policy pol_true true act_302
add responder policy pol_not_ssl "!CLIENT.SSL.IS_SSL" act_302
add responder policy pol_ssl CLIENT.SSL.IS_SSL act_302
add responder policy pol_port "CLIENT.TCP.DSTPORT.EQ(80) && HTTP.REQ.IS_VALID" act_https
add lb vserver r1 HTTP 10.5.0.1 80
bind lb vserver r1 -policyName pol_valid -priority 100 -gotoPriorityExpression END -type REQUEST
add lb vserver r2 HTTP 10.5.0.2 80
bind lb vserver r2 -policyName pol_true -priority 10
add lb vserver r3 HTTP 10.5.0.3 80
bind lb vserver r3 -policyName pol_not_ssl -priority 10
add lb vserver r4 HTTP 10.5.0.4 80
bind lb vserver r4 -policyName pol_ssl -priority 10
add lb vserver r5 HTTP 10.5.0.5 80
bind lb vserver r5 -policyName pol_port -priority 20
bind lb vserver r5 -policyName pol_ssl -priority 10
add lb vserver r6 HTTP 10.5.0.6 8080
bind lb vserver r6 -policyName pol_port -priority 20
)CFG");
  CHECK(DescribeAll(lb) ==
        "r1 tcp 10.5.0.1:80 redirect 301 "
        "https://{HTTP.REQ.HOSTNAME.HTTP_URL_SAFE}{HTTP.REQ.URL.PATH_AND_QUERY.HTTP_URL_SAFE}"
        "@10\n"
        "r2 tcp 10.5.0.2:80 redirect 302 https://{HTTP.REQ.HOSTNAME}{HTTP.REQ.URL.PATH_AND_QUERY}"
        "@12\n"
        "r3 tcp 10.5.0.3:80 redirect 302 https://{HTTP.REQ.HOSTNAME}{HTTP.REQ.URL.PATH_AND_QUERY}"
        "@14\n"
        "r4 tcp 10.5.0.4:80 reject\n"
        "r5 tcp 10.5.0.5:80 redirect 301 "
        "https://{HTTP.REQ.HOSTNAME.HTTP_URL_SAFE}{HTTP.REQ.URL.PATH_AND_QUERY.HTTP_URL_SAFE}"
        "@18\n"
        "r6 tcp 10.5.0.6:8080 reject\n");
  CHECK(Summary(lb) ==
        "ns.conf:15:1: note: r4 has no service bound: it is DOWN and NetScaler refuses its "
        "connections\n"
        "ns.conf:20:1: note: r6 has no service bound: it is DOWN and NetScaler refuses its "
        "connections\n");
}

TEST_CASE("netscaler: responder actions other than redirect, content rules, global bindings") {
  std::string config = R"CFG(add server s1 10.6.0.11
add service svc s1 HTTP 80
add responder action say_hi respondwith "\"HTTP/1.1 200 OK\r\n\r\nhi\""
add responder action to_path redirect "HTTP.REQ.URL + \"/x\""
add responder policy p_hi true say_hi
add responder policy p_drop true DROP
add responder policy p_noop true NOOP
add responder policy p_admin "HTTP.REQ.URL.STARTSWITH(\"/admin\")" RESET
add responder policy p_computed true to_path
add lb vserver a HTTP 10.6.0.1 80
bind lb vserver a svc
bind lb vserver a -policyName p_hi -priority 10
add lb vserver b HTTP 10.6.0.2 80
bind lb vserver b svc
bind lb vserver b -policyName p_noop -priority 5
bind lb vserver b -policyName p_drop -priority 10
add lb vserver c HTTP 10.6.0.3 80
bind lb vserver c svc
bind lb vserver c -policyName p_admin -priority 10
add lb vserver d HTTP 10.6.0.4 80
bind lb vserver d svc
bind lb vserver d -policyName p_noop -priority 10
add lb vserver e HTTP 10.6.0.5 80
bind lb vserver e svc
bind lb vserver e -policyName p_computed -priority 10
)CFG";
  Imported lb = Import(config);
  CHECK(DescribeAll(lb) ==
        "a tcp 10.6.0.1:80 respond 200@12\n"
        "b tcp 10.6.0.2:80 reject\n"
        "c tcp 10.6.0.3:80 unknown (responder policy 'p_admin' decides by the request "
        "('HTTP.REQ.URL.STARTSWITH(\"/admin\")')@19) s1=10.6.0.11:80@2 snat device persist "
        "none@default idle 180@default monitors tcp-default/tcp/0@default\n"
        "d tcp 10.6.0.4:80 forward s1=10.6.0.11:80@2 snat device persist none@default idle "
        "180@default monitors tcp-default/tcp/0@default\n"
        "e tcp 10.6.0.5:80 unknown (responder action 'to_path' redirects to a computed URL "
        "({HTTP.REQ.URL}/x)@25) s1=10.6.0.11:80@2 snat device persist none@default idle "
        "180@default monitors tcp-default/tcp/0@default\n");
  CHECK(Summary(lb) ==
        "ns.conf:19:1: warning: responder policy 'p_admin' decides by the request "
        "('HTTP.REQ.URL.STARTSWITH(\"/admin\")'): what c does is unknown\n"
        "ns.conf:25:1: warning: responder action 'to_path' redirects to a computed URL "
        "({HTTP.REQ.URL}/x): what e does is unknown\n");
  // A global override runs before the vserver's own policies.
  Imported global = Import(config + "bind responder global p_drop 1 END -type REQ_OVERRIDE\n");
  CHECK(Describe(global.device.virtual_servers[0]) == "a tcp 10.6.0.1:80 reject");
  // Without the RESPONDER feature, policies do nothing.
  Imported off = Import("enable ns feature LB\n" + config);
  CHECK(Describe(off.device.virtual_servers[0]) ==
        "a tcp 10.6.0.1:80 forward s1=10.6.0.11:80@3 snat device persist none@default idle "
        "180@default monitors tcp-default/tcp/0@default");
  CHECK(Summary(off).find("ns.conf:13:1: note: the RESPONDER feature is not enabled") == 0);
}

TEST_CASE("netscaler: -redirectURL is the backup URL, used only while the vserver is DOWN") {
  Imported lb = Import(R"CFG(add server s1 10.7.0.11
add service svc s1 HTTP 80
add service off s1 HTTP 81 -state DISABLED
add lb vserver healthy HTTP 10.7.0.1 80 -redirectURL "https://lync.contoso.com/"
bind lb vserver healthy svc
add lb vserver redirector HTTP 10.7.0.2 80 -redirectURL "https://lync.contoso.com/"
add lb vserver all_off HTTP 10.7.0.3 80 -redirectURL "https://lync.contoso.com/"
bind lb vserver all_off off
add lb vserver empty HTTP 10.7.0.4 80
add lb vserver backup HTTP 10.7.0.5 80 -backupVServer healthy
)CFG");
  CHECK(DescribeAll(lb) ==
        "healthy tcp 10.7.0.1:80 forward s1=10.7.0.11:80@2 snat device persist none@default "
        "idle 180@default monitors tcp-default/tcp/0@default\n"
        "redirector tcp 10.7.0.2:80 redirect 302 https://lync.contoso.com/@6\n"
        "all_off tcp 10.7.0.3:80 redirect 302 https://lync.contoso.com/@7\n"
        "empty tcp 10.7.0.4:80 reject\n"
        "backup tcp 10.7.0.5:80 unknown (backup has no service bound; its backup vserver "
        "takes the traffic (not modelled)@10) snat device persist none@default idle "
        "180@default monitors\n");
  CHECK(Summary(lb) ==
        "ns.conf:4:41: note: -redirectURL is the backup URL, used only while healthy is DOWN; "
        "with services bound it forwards\n"
        "ns.conf:6:44: note: redirector has no service bound: it is always DOWN and answers "
        "with a redirect to its backup URL (-redirectURL)\n"
        "ns.conf:7:41: note: all_off has no enabled service: it is always DOWN and answers "
        "with a redirect to its backup URL (-redirectURL)\n"
        "ns.conf:9:1: note: empty has no service bound: it is DOWN and NetScaler refuses its "
        "connections\n"
        "ns.conf:10:40: warning: backup has no service bound: its backup vserver is not "
        "modelled\n");
}

TEST_CASE("netscaler: persistence types, cookie names and the HttpOnly flag") {
  std::string config = R"CFG(add service svc 10.8.0.11 HTTP 80
add lb vserver c1 HTTP 10.8.0.1 80 -persistenceType COOKIEINSERT -cookieName MS-WSMAN
add lb vserver c2 HTTP 10.8.0.2 80 -persistenceType cookieinsert -timeout 0
add lb vserver c3 SSL 10.8.0.3 443 -persistenceType SSLSESSION
add lb vserver c4 HTTP 10.8.0.4 80 -persistenceType SOURCEIP
bind lb vserver c1 svc
bind lb vserver c2 svc
bind lb vserver c3 svc
bind lb vserver c4 svc
)CFG";
  Imported lb = Import(config);
  CHECK(Summary(lb) == "");
  const std::vector<VirtualServer>& vs = lb.device.virtual_servers;
  REQUIRE(vs.size() == 4);
  CHECK(vs[0].settings.persistence == Persistence::kCookie);
  CHECK(vs[0].settings.persistence_name == "MS-WSMAN");
  CHECK(vs[0].settings.persistence_cookie_http_only);
  CHECK(vs[0].settings.persistence_at.Start().line == 2);
  CHECK(vs[1].settings.persistence_name == "NSC_c2");
  CHECK(vs[2].settings.persistence == Persistence::kOther);
  CHECK(vs[2].settings.persistence_name == "SSLSESSION");
  CHECK(vs[2].settings.tls_terminated);
  CHECK(vs[2].settings.idle_timeout_s == 180);
  CHECK(vs[3].settings.persistence == Persistence::kSourceAddress);
  Imported plain = Import("set lb parameter -httpOnlyCookieFlag DISABLED\n" + config);
  CHECK_FALSE(plain.device.virtual_servers[0].settings.persistence_cookie_http_only);
  // `set` changes an option of an earlier add; `unset` removes it.
  Imported changed = Import(config +
                            "set lb vserver c4 -persistenceType NONE\n"
                            "unset lb vserver c1 -persistenceType\n");
  CHECK(changed.device.virtual_servers[0].settings.persistence == Persistence::kNone);
  CHECK_FALSE(changed.device.virtual_servers[0].settings.persistence_at.IsValid());
  CHECK(changed.device.virtual_servers[3].settings.persistence == Persistence::kNone);
  CHECK(changed.device.virtual_servers[3].settings.persistence_at.Start().line == 10);
}

TEST_CASE("netscaler: types decide the transport, idle timeout and TLS; ANY and port *") {
  Imported lb = Import(R"CFG(add service t 10.9.0.11 TCP 5061
add service u 10.9.0.11 UDP 3478
add service any 10.9.0.12 ANY *
add lb vserver v_tcp TCP 10.9.0.1 5061
add lb vserver v_bridge SSL_BRIDGE 10.9.0.1 443 -cltTimeout 1800
add lb vserver v_ssltcp SSL_TCP 10.9.0.1 5062
add lb vserver v_udp UDP 10.9.0.1 3478
add lb vserver v_any ANY 10.9.0.2 *
add lb vserver v_any25 ANY 10.9.0.3 25
bind lb vserver v_tcp t
bind lb vserver v_bridge t
bind lb vserver v_ssltcp t
bind lb vserver v_udp u
bind lb vserver v_any any
bind lb vserver v_any25 any
)CFG");
  CHECK(Summary(lb) ==
        "ns.conf:3:1: warning: member 10.9.0.12 takes every port behind a vserver on every "
        "port: the port is kept, which is not modelled\n");
  std::string tail = " snat device persist none@default idle ";
  CHECK(DescribeAll(lb) ==
        "v_tcp tcp 10.9.0.1:5061 forward 10.9.0.11=10.9.0.11:5061@1" + tail +
            "9000@default monitors tcp-default/tcp/0@default\n"
            "v_bridge tcp 10.9.0.1:443 forward 10.9.0.11=10.9.0.11:5061@1" +
            tail +
            "1800@5 monitors tcp-default/tcp/0@default\n"
            "v_ssltcp tcp 10.9.0.1:5062 forward 10.9.0.11=10.9.0.11:5061@1" +
            tail +
            "9000@default monitors tcp-default/tcp/0@default tls\n"
            "v_udp udp 10.9.0.1:3478 forward 10.9.0.11=10.9.0.11:3478@2" +
            tail +
            "120@default monitors ping-default/icmp/0@default\n"
            "v_any tcp 10.9.0.2:any unknown (member 10.9.0.12 takes every port behind a vserver "
            "on every port@3) 10.9.0.12=10.9.0.12:0@3" +
            tail +
            "9000@default monitors ping-default/icmp/0@default\n"
            "v_any udp 10.9.0.2:any unknown (member 10.9.0.12 takes every port behind a vserver "
            "on every port@3) 10.9.0.12=10.9.0.12:0@3" +
            tail +
            "9000@default monitors ping-default/icmp/0@default\n"
            "v_any25 tcp 10.9.0.3:25 forward 10.9.0.12=10.9.0.12:25@3" +
            tail +
            "9000@default monitors ping-default/icmp/0@default\n"
            "v_any25 udp 10.9.0.3:25 forward 10.9.0.12=10.9.0.12:25@3" +
            tail + "9000@default monitors ping-default/icmp/0@default\n");
}

TEST_CASE("netscaler: content switching: policies by priority, the default lb vserver") {
  std::string config = R"CFG(add service web 10.10.0.11 HTTP 80
add service api 10.10.0.12 HTTP 8080
add lb vserver lb_web HTTP 0.0.0.0 0 -persistenceType SOURCEIP
add lb vserver lb_api HTTP -persistenceType SOURCEIP
bind lb vserver lb_web web
bind lb vserver lb_api api
add cs action to_api -targetLBVserver lb_api
add cs policy p_api -rule "HTTP.REQ.URL.PATH.STARTSWITH(\"/api\")" -action to_api
add cs policy p_all -rule true -action to_api
add cs policy p_classic -url "/api/*"
add cs vserver cs_plain HTTP 10.10.0.1 80 -cltTimeout 600
bind cs vserver cs_plain -lbvserver lb_web
add cs vserver cs_content HTTP 10.10.0.2 80
bind cs vserver cs_content -policyName p_api -priority 100
bind cs vserver cs_content -lbvserver lb_web
add cs vserver cs_all HTTP 10.10.0.3 80
bind cs vserver cs_all -policyName p_all -priority 100
bind cs vserver cs_all -lbvserver lb_web
add cs vserver cs_old HTTP 10.10.0.4 80
bind cs vserver cs_old lb_api -policyName p_classic -priority 10
add cs vserver cs_none HTTP 10.10.0.5 80
)CFG";
  Imported lb = Import(config);
  CHECK(DescribeAll(lb) ==
        "cs_plain tcp 10.10.0.1:80 forward 10.10.0.11=10.10.0.11:80@1 snat device persist "
        "source-address@3 idle 600@11 monitors tcp-default/tcp/0@default\n"
        "cs_content tcp 10.10.0.2:80 forward 10.10.0.12=10.10.0.12:8080@2 "
        "10.10.0.11=10.10.0.11:80@1 snat device persist source-address@4 idle 180@default "
        "monitors tcp-default/tcp/0@default\n"
        "cs_all tcp 10.10.0.3:80 forward 10.10.0.12=10.10.0.12:8080@2 snat device persist "
        "source-address@4 idle 180@default monitors tcp-default/tcp/0@default\n"
        "cs_old tcp 10.10.0.4:80 forward 10.10.0.12=10.10.0.12:8080@2 snat device persist "
        "source-address@4 idle 180@default monitors tcp-default/tcp/0@default\n"
        "cs_none tcp 10.10.0.5:80 reject\n");
  CHECK(Summary(lb) ==
        "ns.conf:14:1: warning: cs policy p_api decides by the request; every lb vserver "
        "cs_content may pick is reported\n"
        "ns.conf:20:1: warning: cs policy p_classic decides by the request; every lb vserver "
        "cs_old may pick is reported\n"
        "ns.conf:21:1: note: cs_none has no lb vserver to switch to: it is DOWN and NetScaler "
        "refuses "
        "its connections\n");
}

TEST_CASE("netscaler: redirectFromPort and httpsRedirectUrl add a redirecting listener") {
  Imported lb = Import(R"CFG(add service s 10.11.0.11 SSL 443
add lb vserver v SSL 10.11.0.1 443 -redirectFromPort 80 -httpsRedirectUrl "https://lync.contoso.com"
bind lb vserver v s
)CFG");
  CHECK(Summary(lb) == "");
  REQUIRE(lb.device.virtual_servers.size() == 2);
  CHECK(Describe(lb.device.virtual_servers[1]) ==
        "v tcp 10.11.0.1:80 redirect 302 https://lync.contoso.com@2");
}

TEST_CASE("netscaler: references resolve after the whole file; enable/disable; rm") {
  Imported lb = Import(R"CFG(bind lb vserver v sg
bind serviceGroup sg s1 80
bind serviceGroup sg s2 80 -state DISABLED
bind serviceGroup sg 10.12.0.13 80
add lb vserver v HTTP 10.12.0.1 80
add lb vserver w HTTP 10.12.0.2 80
add lb vserver gone HTTP 10.12.0.3 80
rm lb vserver gone
disable lb vserver w
enable lb vserver w
disable server s1
add serviceGroup sg HTTP
add server s1 10.12.0.11
add server s2 10.12.0.12
set lb vserver v -cltTimeout 900
)CFG");
  CHECK(Summary(lb) ==
        "ns.conf:6:1: note: w has no service bound: it is DOWN and NetScaler refuses its "
        "connections\n");
  CHECK(DescribeAll(lb) ==
        "v tcp 10.12.0.1:80 forward s1=10.12.0.11:80 off@2 s2=10.12.0.12:80 off@3 "
        "10.12.0.13=10.12.0.13:80@4 snat device persist none@default idle 900@15 "
        "monitors tcp-default/tcp/0@default\n"
        "w tcp 10.12.0.2:80 reject\n");
}

TEST_CASE("netscaler: unbind, and enable/disable of one service group member") {
  Imported lb = Import(R"CFG(add serviceGroup sg TCP
bind serviceGroup sg 10.14.0.11 443
bind serviceGroup sg 10.14.0.12 443 -state DISABLED
bind serviceGroup sg 10.14.0.13 443
bind serviceGroup sg 10.14.0.14 443
disable serviceGroup sg 10.14.0.11 443
enable serviceGroup sg 10.14.0.12 443
unbind serviceGroup sg 10.14.0.13 443
add service extra 10.14.0.15 TCP 443
add lb vserver v TCP 10.14.0.1 443
bind lb vserver v sg
bind lb vserver v extra
unbind lb vserver v extra
unbind lb vserver v nothing
add lb vserver p HTTP -IPPattern 10.14.1.0 -IPMask 255.255.255.0
)CFG");
  CHECK(Summary(lb) ==
        "ns.conf:14:1: warning: nothing bound earlier matches this unbind; ignored\n"
        "ns.conf:15:23: warning: p listens on an address pattern: not modelled\n");
  CHECK(DescribeAll(lb) ==
        "v tcp 10.14.0.1:443 forward 10.14.0.11=10.14.0.11:443 off@2 10.14.0.12=10.14.0.12:443@3 "
        "10.14.0.14=10.14.0.14:443@5 snat device persist none@default idle 9000@default "
        "monitors tcp-default/tcp/0@default\n");
}

TEST_CASE("netscaler: bad input is a located error") {
  CHECK(Import("add lb vserver v HTTP 10.0.0.1 80 -redirectURL \"https://x\n").Messages() ==
        "ns.conf:1:48: error: unterminated \" quote; the command is not read\n"
        "add lb vserver v HTTP 10.0.0.1 80 -redirectURL \"https://x\n"
        "                                               ^\n");
  CHECK(Summary(Import("add lb vserver v HTPP 10.0.0.1 80\n")) ==
        "ns.conf:1:18: error: unknown service type 'HTPP'; did you mean 'HTTP'?\n");
  CHECK(Summary(Import("add service s 10.0.0.2 HTTP http\n")) ==
        "ns.conf:1:29: error: invalid port 'http'; NetScaler takes a number from 1 to 65535 "
        "or *\n");
  CHECK(Summary(Import("add serviceGroup sg_web HTTP\nbind serviceGroup sg_wbe 10.0.0.2 80\n")) ==
        "ns.conf:2:19: error: no service group named 'sg_wbe'; did you mean 'sg_web'?\n");
  CHECK(Summary(Import("add server fe01 10.0.0.2\nadd service s fe1 HTTP 80\n")) ==
        "ns.conf:2:15: error: no server named 'fe1'; did you mean 'fe01'?\n");
  CHECK(Summary(Import("add lb vserver vs_web HTTP 0.0.0.0 0\nbind lb vserver vs_wbe s\n")) ==
        "ns.conf:2:17: error: no lb vserver named 'vs_wbe'; did you mean 'vs_web'?\n");
  CHECK(Summary(Import("add lb vserver v HTTP 10.0.0.1 80\nbind lb vserver v svc1\n")) ==
        "ns.conf:2:19: error: no service or service group named 'svc1'\n"
        "ns.conf:1:1: note: v has no service bound: it is DOWN and NetScaler refuses its "
        "connections\n");
  CHECK(
      Summary(Import("add service s 10.0.0.2 TCP 80\nbind service s -monitorName tcp-defualt\n")) ==
      "ns.conf:2:29: error: no monitor named 'tcp-defualt'; did you mean 'tcp-default'?\n");
  CHECK(Summary(Import("add lb vserver v HTTP 10.0.0.1 80\nbind lb vserver v -policyName p "
                       "-priority 1\n")) ==
        "ns.conf:2:31: error: no policy named 'p'\n"
        "ns.conf:1:1: note: v has no service bound: it is DOWN and NetScaler refuses its "
        "connections\n");
  CHECK(Summary(Import("add server a 10.0.0.2\nadd server a 10.0.0.3\n")) ==
        "ns.conf:2:12: error: server 'a' is already added at ns.conf:1\n");
  CHECK(Summary(Import("add lb vserver a HTTP 10.0.0.1 80\nadd lb vserver b HTTP 10.0.0.1 80\n")) ==
        "ns.conf:1:1: note: a has no service bound: it is DOWN and NetScaler refuses its "
        "connections\n"
        "ns.conf:2:23: error: b uses the address and port of the vserver at ns.conf:1\n");
  CHECK(Summary(Import("add lb vserver v HTTP 10.0.0.1\n")) ==
        "ns.conf:1:31: error: expected a port after the address\n");
  CHECK(Summary(Import("add lb vserver v HTTP 10.0.0.300 80\n")) ==
        "ns.conf:1:23: error: invalid address '10.0.0.300'\n");
  CHECK(Summary(Import("add lb vserver v HTTP 10.0.0.1 80 -persistenceType SOURCE_IP\n")) ==
        "ns.conf:1:52: error: unknown persistence type 'SOURCE_IP'; did you mean 'SOURCEIP'?\n"
        "ns.conf:1:1: note: v has no service bound: it is DOWN and NetScaler refuses its "
        "connections\n");
  CHECK(
      Summary(Import("add lb vserver v HTTP 10.0.0.1 80 -cltTimeout 30m\n"))
          .find("ns.conf:1:47: error: expected the client idle timeout in seconds, got '30m'\n") ==
      0);
  // Built twice (TCP and UDP), reported once.
  CHECK(Summary(Import("add service s 10.0.0.2 ANY 53\nadd lb vserver v ANY 10.0.0.1 53 "
                       "-persistenceType BOGUS\nbind lb vserver v s\nbind lb vserver v t\n")) ==
        "ns.conf:2:51: error: unknown persistence type 'BOGUS'\n"
        "ns.conf:4:19: error: no service or service group named 't'\n");
  CHECK(Summary(Import("add server a 10.0.0.256\n")) ==
        "ns.conf:1:14: error: invalid address '10.0.0.256'\n");
  CHECK(Summary(Import("add responder policy p true act\n")) ==
        "ns.conf:1:29: error: no responder action named 'act'\n");
  CHECK(Summary(Import("set lb vserver nope -cltTimeout 10\n")) ==
        "ns.conf:1:16: error: no lb vserver named 'nope'\n");
  CHECK(Summary(Import("add service s 10.0.0.2 HTTP\n")) ==
        "ns.conf:1:28: error: expected a port\n");
  CHECK(Summary(Import("add cs policy p -rule true -action a\n")) ==
        "ns.conf:1:36: error: no cs action named 'a'\n");
}

TEST_CASE("netscaler: what could change a vserver is a warning and makes it UNKNOWN") {
  Imported lb = Import(R"CFG(add server fe01 10.13.0.11
add server web fe.contoso.com
add service s fe01 HTTP 80
add service named web HTTP 80
add appfw policy waf true APPFW_BLOCK
add lb vserver lp HTTP 10.13.0.1 80 -listenPolicy "CLIENT.IP.SRC.IN_SUBNET(10.0.0.0/8)"
add lb vserver dsr HTTP 10.13.0.2 80 -m MAC
add lb vserver td HTTP 10.13.0.3 80 -td 2
add lb vserver odd HTTP 10.13.0.4 80 -frobnicate YES
add lb vserver fq HTTP 10.13.0.5 80
add lb vserver waf HTTP 10.13.0.6 80
bind lb vserver lp s
bind lb vserver dsr s
bind lb vserver td s
bind lb vserver odd s
bind lb vserver fq named
bind lb vserver waf s
bind lb vserver waf -policyName waf -priority 10
add lb group g1
frobnicate everything
add vlan 10
set system parameter -strongpassword enableall
)CFG");
  CHECK(Summary(lb) ==
        "ns.conf:5:1: warning: 'add appfw policy' is not modelled: a vserver it is bound to is "
        "UNKNOWN\n"
        "ns.conf:19:1: warning: 'add lb group' is not modelled\n"
        "ns.conf:20:1: warning: 'frobnicate everything' is not known to the NetScaler "
        "importer; ignored\n"
        "ns.conf:2:16: warning: server 'web' is a domain name, resolved at run time: its "
        "address is unknown\n"
        "ns.conf:6:37: warning: a listen policy decides which clients it accepts: what lp does "
        "is unknown\n"
        "ns.conf:7:38: warning: redirection mode mac (the members receive the VIP as "
        "destination): what dsr does is unknown\n"
        "ns.conf:8:37: warning: it is in traffic domain 2: what td does is unknown\n"
        "ns.conf:9:38: warning: option -frobnicate is not modelled: what odd does is unknown\n"
        "ns.conf:18:33: warning: appfw policy waf is bound to it: what waf does is unknown\n");
  std::string unknowns;
  for (const VirtualServer& vs : lb.device.virtual_servers) {
    CHECK(vs.mode == VirtualServer::Mode::kUnknown);
    unknowns += vs.name + ": " + vs.unknown_reason + At(vs.unknown_at) + "\n";
  }
  CHECK(unknowns ==
        "lp: a listen policy decides which clients it accepts@6\n"
        "dsr: redirection mode mac (the members receive the VIP as destination)@7\n"
        "td: it is in traffic domain 2@8\n"
        "odd: option -frobnicate is not modelled@9\n"
        "fq: member web is a domain name@4\n"
        "waf: appfw policy waf is bound to it@18\n");
  CHECK(lb.device.coverage.total == 22);
  CHECK(lb.device.coverage.understood == 13);
  CHECK(Summary(Import("add vpn vserver gw SSL 10.13.0.9 443\n")) ==
        "ns.conf:1:1: warning: 'add vpn vserver' is not modelled: nothing is known of what its "
        "address and port answer\n");
  Imported aaa = Import("add lb vserver v HTTP 10.13.0.1 80 -authentication ON\n");
  CHECK(aaa.device.virtual_servers[0].unknown_reason ==
        "clients must authenticate first (-authentication ON)");
  Imported acl = Import(
      "add ns acl a1 DENY -srcIP = 10.0.0.1\napply ns acls\n"
      "add service s 10.13.0.11 HTTP 80\nadd lb vserver v HTTP 10.13.0.1 80\n"
      "bind lb vserver v s\n");
  REQUIRE(acl.device.virtual_servers.size() == 1);
  CHECK(acl.device.virtual_servers[0].mode == VirtualServer::Mode::kUnknown);
  CHECK(acl.device.virtual_servers[0].unknown_reason ==
        "an ns ACL (ns.conf:1) may drop its traffic");
}

TEST_CASE("netscaler: words split as NetScaler does: quotes, escapes, quoted names") {
  SourceFilePtr file = MakeSourceFile(
      "ns.conf",
      "add lb vserver \"Web App\" HTTP 10.0.0.1 80 -comment 'a \"b\"' -cip ENABLED X-FF\n"
      "# comment\n"
      "add responder action a redirect \"\\\"https://\\\" + HTTP.REQ.HOSTNAME\"\n");
  Diagnostics diagnostics;
  std::vector<netscaler::Command> commands = netscaler::ReadCommands(file, diagnostics);
  CHECK_FALSE(diagnostics.HasErrors());
  REQUIRE(commands.size() == 2);
  CHECK(commands[0].verb.text == "add");
  CHECK(commands[0].object == "lb vserver");
  REQUIRE(commands[0].args.size() == 4);
  CHECK(commands[0].args[0].text == "Web App");
  CHECK(commands[0].args[0].at.Start().column == 16);
  REQUIRE(commands[0].options.size() == 2);
  CHECK(commands[0].options[0].name.text == "comment");
  CHECK(commands[0].options[0].values[0].text == "a \"b\"");
  CHECK(commands[0].options[1].values.size() == 2);
  REQUIRE(commands[1].args.size() == 3);
  CHECK(commands[1].args[2].text == "\"https://\" + HTTP.REQ.HOSTNAME");
  Imported lb = Import(
      "add lb vserver \"Web App\" HTTP 10.0.0.1 80\n"
      "bind lb vserver \"Web App\" svc\n"
      "add service svc 10.0.0.2 HTTP 80\n");
  REQUIRE(lb.device.virtual_servers.size() == 1);
  CHECK(lb.device.virtual_servers[0].name == "Web App");
  CHECK(lb.device.virtual_servers[0].members.size() == 1);
}

TEST_CASE("netscaler: rules that hold for every request of a listener") {
  using netscaler::EvaluateRule;
  using netscaler::Truth;
  netscaler::ListenerFacts http{false, 80, false}, ssl{true, 443, false};
  CHECK(EvaluateRule("true", http) == Truth::kTrue);
  CHECK(EvaluateRule("HTTP.REQ.IS_VALID", ssl) == Truth::kTrue);
  CHECK(EvaluateRule("!CLIENT.SSL.IS_SSL", http) == Truth::kTrue);
  CHECK(EvaluateRule("!CLIENT.SSL.IS_SSL", ssl) == Truth::kFalse);
  CHECK(EvaluateRule("CLIENT.SSL.IS_SSL.NOT", http) == Truth::kTrue);
  CHECK(EvaluateRule("client.tcp.dstport.eq(80)", http) == Truth::kTrue);
  CHECK(EvaluateRule("CLIENT.TCP.DSTPORT.NE(80)", http) == Truth::kFalse);
  CHECK(EvaluateRule("(true) && HTTP.REQ.URL.CONTAINS(\"&&\")", http) == Truth::kUnknown);
  CHECK(EvaluateRule("false || HTTP.REQ.URL.CONTAINS(\"x\")", http) == Truth::kUnknown);
  CHECK(EvaluateRule("CLIENT.SSL.IS_SSL || HTTP.REQ.URL.CONTAINS(\"x\")", ssl) == Truth::kTrue);
  CHECK(EvaluateRule("CLIENT.SSL.IS_SSL && HTTP.REQ.URL.CONTAINS(\"x\")", http) == Truth::kFalse);
  netscaler::RedirectTarget t =
      netscaler::RenderRedirectTarget("\"https://\" + HTTP.REQ.HOSTNAME + \"/a\\\"b\"");
  CHECK(t.starts_with_literal);
  CHECK(t.location == "https://{HTTP.REQ.HOSTNAME}/a\"b");
  CHECK_FALSE(netscaler::RenderRedirectTarget("HTTP.REQ.URL").starts_with_literal);
  // Nesting deeper than any real rule is not decided (and does not exhaust the stack).
  CHECK(EvaluateRule(std::string(100000, '(') + "true" + std::string(100000, ')'), http) ==
        Truth::kUnknown);
  CHECK(EvaluateRule(std::string(100000, '!') + "true", http) == Truth::kUnknown);
  CHECK(EvaluateRule("((!!true))", http) == Truth::kTrue);
}

TEST_CASE("netscaler: sniff and table row") {
  CHECK(SniffNetscaler("#NS13.1 Build 49.13\n"));
  CHECK(SniffNetscaler("set ns config -IPAddress 10.0.0.1 -netmask 255.255.255.0\n"));
  CHECK(SniffNetscaler("add server a 10.0.0.1\nadd lb vserver v HTTP 10.0.0.1 80\n"));
  CHECK_FALSE(SniffNetscaler("*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n"));
  CHECK_FALSE(SniffNetscaler("frontend f\n    bind :80\n"));
  CHECK_FALSE(SniffNetscaler("set security policies from-zone a to-zone b policy p match\n"));
  const ImporterInfo* info = FindImporter("netscaler");
  REQUIRE(info);
  CHECK(info->status == Maturity::kAlpha);
  CHECK(SniffImporter(ReadFixture("lync-pool.conf")) == info);
  CHECK(SniffImporter(ReadFixture("lync-443-only.conf")) == info);
}

TEST_CASE("netscaler: no crash on truncated or odd commands") {
  for (const char* text :
       {"add\n", "add lb\n", "add lb vserver\n", "bind lb vserver v\n", "bind serviceGroup\n",
        "add service\n", "add responder policy p\n",
        "add cs vserver c HTTP 10.0.0.1 80\n"
        "bind cs vserver c -policyName\n",
        "unbind lb vserver v x\n", "-x\n", "\"\"\n", "add ns ip 10.0.0.5\n",
        "add lb vserver v ANY 10.0.0.1 0\n", "enable ns feature\nbind responder global\n"}) {
    Imported lb = Import(text);
    CHECK(lb.device.coverage.total >= 1);
  }
}

TEST_CASE("netscaler: a web farm: SSL offload, responder redirect, content switch, rewrite") {
  Imported lb = ImportFixture("web-farm.conf");
  CHECK(Summary(lb) ==
        "web-farm.conf:32:1: warning: cs policy pol_api decides by the request; every lb "
        "vserver cs_front may pick is reported\n");
  CHECK(DescribeAll(lb) ==
        "vs_web_ssl tcp 203.0.113.10:443 forward web1=10.1.20.11:8080@11 "
        "web2=10.1.20.12:8080@12 10.1.20.13=10.1.20.13:80@14 snat device 10.1.20.5 persist "
        "cookie NSC_vs_web_ssl httponly@17 idle 300@17 monitors mon_http/http/0@16 "
        "tcp-default/tcp/0@default tls\n"
        "vs_web_http tcp 203.0.113.10:80 redirect 301 "
        "https://{HTTP.REQ.HOSTNAME.HTTP_URL_SAFE}{HTTP.REQ.URL.PATH_AND_QUERY.HTTP_URL_SAFE}"
        "@28\n"
        "cs_front tcp 203.0.113.20:443 forward api server=10.1.20.21:8081@15 "
        "web1=10.1.20.11:8080@11 web2=10.1.20.12:8080@12 10.1.20.13=10.1.20.13:80@14 snat "
        "device 10.1.20.5 persist other differs by target@default idle 600@29 monitors "
        "tcp-default/tcp/0@default mon_http/http/0@16 tls\n");
}

// Random edits of realistic configs (bytes changed, deleted, duplicated, quotes and dashes
// inserted, files cut short) must never crash the importer or leave a diagnostic unprintable.
TEST_CASE("netscaler: mutated ns.conf never crashes the importer") {
  std::mt19937 rng(2026);
  const std::string pieces[] = {"\"", "'", "\\",        "-",      " -state DISABLED", "#",
                                "\n", "*", "0.0.0.0 0", "999999", "bind lb vserver ", "\xff"};
  int with_errors = 0, rounds = 0;
  for (const char* fixture : {"lync-pool.conf", "web-farm.conf"}) {
    std::string seed = ReadFixture(fixture);
    for (int i = 0; i < 3000; ++i, ++rounds) {
      std::string text = seed;
      for (int e = 1 + static_cast<int>(rng() % 6); e > 0 && !text.empty(); --e) {
        size_t at = rng() % text.size();
        switch (rng() % 5) {
          case 0:
            text[at] = static_cast<char>(rng() % 256);
            break;
          case 1:
            text.erase(at, 1 + rng() % 20);
            break;
          case 2:
            text.insert(at, pieces[rng() % std::size(pieces)]);
            break;
          case 3:
            text.insert(at, text.substr(rng() % text.size(), rng() % 60));
            break;
          default:
            text.resize(at);
        }
      }
      INFO(fixture << " round " << i);
      Imported lb;
      CHECK_NOTHROW(lb = Import(text));
      with_errors += lb.diagnostics.HasErrors();
      for (const Diagnostic& d : lb.diagnostics.All()) CHECK_FALSE(FormatDiagnostic(d).empty());
    }
  }
  CHECK(with_errors > rounds / 4);
}

}  // namespace
}  // namespace flowaudit
