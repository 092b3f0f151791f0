// The F5 BIG-IP importer, tmsh text: what each virtual server (VIP, protocol, port) answers —
// forward to which members (with their enabled and backup flags), redirect with which status
// and location, reject, unknown, or no listener —, the settings the HLB checks read
// (persistence, idle timeout, monitors, TLS, SNAT) with the lines that set them, and every
// diagnostic with its location. AS3 declarations: f5_as3_test.cpp.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "importers/f5_bigip/f5_bigip_importer.h"
#include "tests/importers/f5_test_util.h"

namespace flowaudit {
namespace {

using namespace flowaudit::testing;

Imported Import(std::string_view text) {
  F5BigipImporter importer;
  return ImportText(importer, "bigip.conf", text);
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(std::string(FLOWAUDIT_SOURCE_DIR) + "/" + path);
  REQUIRE_MESSAGE(in.good(), path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST_CASE("f5: the Lync Front End pool example: listeners, persistence, idle timeout, monitor") {
  std::string text = ReadFile("examples/lync-f5-pool/configs/bigip.conf");
  Imported lb = Import(text);
  CHECK(Summary(lb) == "");
  CHECK(Answer(lb, "10.1.0.100", 80) ==
        "forward fe01=10.1.0.11:80 fe02=10.1.0.12:80 snat 10.1.0.5");
  CHECK(Answer(lb, "10.1.0.100", 443) ==
        "forward fe01=10.1.0.11:443 fe02=10.1.0.12:443 snat 10.1.0.5");
  CHECK(Answer(lb, "10.1.0.101", 4443) ==
        "forward fe01=10.1.0.11:4443 fe02=10.1.0.12:4443 snat 10.1.0.5");
  CHECK(Answer(lb, "10.1.0.101", 8080) ==
        "forward fe01=10.1.0.11:8080 fe02=10.1.0.12:8080 snat 10.1.0.5");
  CHECK(Answer(lb, "10.1.0.101", 443) == "no-listener");
  CHECK(Answer(lb, "10.1.0.100", 80, 17) == "no-listener");
  const VirtualServer& http = Vs(lb, "10.1.0.100", 80);
  CHECK(http.name == "web_int_http");
  CHECK(Line(http.location) == 90);
  CHECK(Settings(http) ==
        "persistence source-address lync_source_addr line 95; idle 1800 line 88; "
        "monitors lync_fe_5061/tcp/5061 line 24; snat device 10.1.0.5");
  CHECK(Settings(Vs(lb, "10.1.0.101", 4443)) ==
        "persistence none; idle 1800 line 88; monitors lync_fe_5061/tcp/5061 line 24; "
        "snat device 10.1.0.5");
  CHECK(lb.device.virtual_servers.size() == 4);
  CHECK(lb.device.coverage.total == lb.device.coverage.understood);
  CHECK(lb.device.filters.empty());
}

TEST_CASE("f5: the 443-only example has no port-80 listener on the internal web VIP") {
  Imported lb = Import(ReadFile("examples/lync-f5-443-only/configs/bigip.conf"));
  CHECK(Summary(lb) == "");
  CHECK(Answer(lb, "10.1.0.100", 80) == "no-listener");
  CHECK(Answer(lb, "10.1.0.100", 443) ==
        "forward fe01=10.1.0.11:443 fe02=10.1.0.12:443 snat 10.1.0.5");
}

TEST_CASE("f5: destinations: IPv6 dot port, port names, any, wildcard, relative names") {
  Imported lb = Import(R"CFG(ltm pool p {
    members {
        10.1.0.11:https { address 10.1.0.11 }
    }
}
ltm pool /Common/p6 {
    members {
        /Common/2001:db8::11.443 {
            address 2001:db8::11
        }
    }
}
ltm virtual v4_named_port {
    destination 10.1.0.100:https
    pool p
    profiles { tcp { } }
}
ltm virtual /Common/v6 {
    destination /Common/2001:db8::100.443
    mask ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff
    pool /Common/p6
}
ltm virtual /Common/any_port {
    destination /Common/10.1.0.102:any
    mask 255.255.255.255
    pool p
}
ltm virtual /Common/wildcard {
    destination /Common/0.0.0.0:any
    mask any
    reject
}
ltm virtual /Common/udp_dns {
    destination /Common/10.1.0.103:domain
    ip-protocol udp
    pool p
}
)CFG");
  CHECK(Summary(lb) == "");
  CHECK(Answer(lb, "10.1.0.100", 443) == "forward 10.1.0.11=10.1.0.11:443");
  CHECK(Answer(lb, "2001:db8::100", 443) == "forward 2001:db8::11=[2001:db8::11]:443");
  const VirtualServer& any = Vs(lb, "10.1.0.102", 5061);
  CHECK(any.any_port);
  CHECK_FALSE(any.any_address);
  CHECK(any.Endpoint() == "10.1.0.102:any");
  const VirtualServer& wildcard = Vs(lb, "192.0.2.1", 22);
  CHECK(wildcard.Endpoint() == "*:any");
  CHECK(Answer(lb, "192.0.2.1", 22) == "reject");
  CHECK(Answer(lb, "10.1.0.103", 53, 17) == "forward 10.1.0.11=10.1.0.11:443");
  CHECK(Answer(lb, "10.1.0.103", 53, 6) == "reject");  // the wildcard virtual, tcp only
  CHECK(Vs(lb, "10.1.0.100", 443).settings.idle_timeout_s == 300);
  CHECK_FALSE(Vs(lb, "10.1.0.100", 443).settings.idle_timeout_at.IsValid());
  CHECK(Vs(lb, "10.1.0.103", 53, 17).settings.idle_timeout_s == 60);
}

TEST_CASE("f5: route domains, disabled and network virtual servers, ip-protocol any") {
  Imported lb = Import(R"CFG(ltm virtual-address /Common/vip1 {
    address 10.1.0.100%2
}
ltm virtual /Common/rd {
    destination /Common/vip1:80
    rules { /Common/_sys_https_redirect }
    profiles { /Common/http { } /Common/tcp { } }
}
ltm virtual /Common/off {
    destination /Common/10.1.0.110:80
    disabled
    pool /Common/none_needed
}
ltm virtual /Common/net {
    destination /Common/10.2.0.0:443
    mask 255.255.255.0
}
ltm virtual /Common/both {
    destination /Common/10.1.0.120:5060
    ip-protocol any
}
)CFG");
  CHECK(Summary(lb) ==
        "bigip.conf:2:13: warning: route domain %2 is not modelled: addresses are taken as "
        "written, without their route domain\n"
        "bigip.conf:9:13: note: virtual off is disabled: it does not listen\n"
        "bigip.conf:16:10: warning: network virtual server (mask 255.255.255.0) is not "
        "modelled: its answer is unknown on every address\n"
        "bigip.conf:20:17: note: ip-protocol any: modelled as a tcp and a udp virtual server\n");
  CHECK(Answer(lb, "10.1.0.100", 80) == "redirect 302 https://[HTTP::host][HTTP::uri]");
  CHECK(Line(Vs(lb, "10.1.0.100", 80).location) == 6);
  CHECK(Answer(lb, "10.1.0.110", 80) == "no-listener");  // disabled
  CHECK(Answer(lb, "10.1.0.110", 443) == "unknown");     // only the network virtual
  CHECK(Vs(lb, "10.1.0.110", 443).name == "net");
  CHECK(Vs(lb, "10.1.0.110", 443).unknown_reason ==
        "network virtual server net (mask 255.255.255.0) is not modelled");
  CHECK(Answer(lb, "10.1.0.120", 5060, 6) == "reject");
  CHECK(Answer(lb, "10.1.0.120", 5060, 17) == "reject");
}

TEST_CASE("f5: members: session and state, disabled nodes, one-line blocks, priority groups") {
  Imported lb = Import(R"CFG(ltm node /Common/fe03 {
    address 10.1.0.13
    session user-disabled
}
ltm node /Common/10.1.0.14 {
    address 10.1.0.14
    state user-down
}
ltm pool /Common/web {
    members {
        /Common/fe01:443 { address 10.1.0.11 session user-disabled }
        /Common/fe02:443 { address 10.1.0.12 state user-down }
        /Common/fe03:443 { }
        /Common/10.1.0.14:443 { address 10.1.0.14 }
        /Common/fe05:443 { address 10.1.0.15 session monitor-enabled state up }
    }
}
ltm pool /Common/groups {
    min-active-members 2
    members {
        /Common/10.1.0.21:80 { address 10.1.0.21 priority-group 10 }
        /Common/10.1.0.22:80 { address 10.1.0.22 priority-group 10 state user-down }
        /Common/10.1.0.23:80 { address 10.1.0.23 priority-group 5 }
        /Common/10.1.0.24:80 { address 10.1.0.24 priority-group 1 }
        /Common/10.1.0.25:any { address 10.1.0.25 priority-group 5 }
    }
}
ltm virtual /Common/web {
    destination /Common/10.1.0.100:443
    pool /Common/web
}
ltm virtual /Common/groups {
    destination /Common/10.1.0.101:80
    pool /Common/groups
}
)CFG");
  CHECK(Summary(lb) ==
        "bigip.conf:13:9: note: node fe03 is disabled: member /Common/fe03:443 takes no new "
        "connections\n"
        "bigip.conf:14:9: note: node 10.1.0.14 is disabled: member /Common/10.1.0.14:443 takes "
        "no new connections\n");
  CHECK(Answer(lb, "10.1.0.100", 443) ==
        "forward fe01=10.1.0.11:443(disabled) fe02=10.1.0.12:443(disabled) "
        "fe03=10.1.0.13:443(disabled) 10.1.0.14=10.1.0.14:443(disabled) fe05=10.1.0.15:443");
  CHECK(Line(Vs(lb, "10.1.0.100", 443).members.at(1).location) == 12);
  // Groups 10 (one enabled member) and 5 serve to reach two; group 1 is a backup. A member on
  // port any receives the virtual server's port.
  CHECK(Answer(lb, "10.1.0.101", 80) ==
        "forward 10.1.0.21=10.1.0.21:80 10.1.0.22=10.1.0.22:80(disabled) 10.1.0.23=10.1.0.23:80 "
        "10.1.0.24=10.1.0.24:80(backup) 10.1.0.25=10.1.0.25:80");
}

TEST_CASE("f5: monitors: and, min N of, built-in, custom with alias port and defaults-from") {
  Imported lb = Import(R"CFG(ltm monitor tcp /Common/sip_tls {
    defaults-from /Common/tcp
    destination *:sip-tls
}
ltm monitor tcp /Common/sip_tls_fast {
    defaults-from /Common/sip_tls
    interval 2
}
ltm monitor http /Common/health {
    defaults-from /Common/http
    destination *:*
    send "GET /health HTTP/1.1\r\nHost: a\r\n
Connection: close\r\n\r\n"
}
ltm pool /Common/a {
    members { /Common/10.1.0.11:443 { address 10.1.0.11 monitor /Common/gateway_icmp } }
    monitor /Common/sip_tls_fast and http
}
ltm pool /Common/b {
    members { /Common/10.1.0.11:443 { address 10.1.0.11 } }
    monitor min 1 of { /Common/health /Common/tcp_half_open https_443 }
}
ltm virtual /Common/a {
    destination /Common/10.1.0.100:443
    pool /Common/a
}
ltm virtual /Common/b {
    destination /Common/10.1.0.101:443
    pool /Common/b
}
)CFG");
  CHECK(Summary(lb) == "");
  CHECK(Monitors(Vs(lb, "10.1.0.100", 443).settings.monitors) ==
        "sip_tls_fast/tcp/5061 line 5, http/http/0 line 17");
  CHECK(Monitors(Vs(lb, "10.1.0.100", 443).members.at(0).monitors) ==
        "gateway_icmp/icmp/0 line 16");
  CHECK(Monitors(Vs(lb, "10.1.0.101", 443).settings.monitors) ==
        "health/http/0 line 9, tcp_half_open/tcp/0 line 21, https_443/https/443 line 21");
}

TEST_CASE("f5: persistence: source address, custom cookie chains, default cookie, default yes") {
  Imported lb = Import(R"CFG(ltm persistence cookie /Common/wsman_base {
    cookie-name MS-WSMAN
    defaults-from /Common/cookie
    httponly disabled
}
ltm persistence cookie /Common/wsman {
    defaults-from /Common/wsman_base
    expiration 0
}
ltm pool /Common/p { members { /Common/10.1.0.11:443 { address 10.1.0.11 } } }
ltm virtual /Common/wsman {
    destination /Common/10.1.0.100:443
    pool /Common/p
    persist { /Common/wsman { default yes } }
}
ltm virtual /Common/cookie {
    destination /Common/10.1.0.101:443
    pool /Common/p
    persist { cookie { default yes } }
}
ltm virtual /Common/two {
    destination /Common/10.1.0.102:443
    pool /Common/p
    persist {
        /Common/dest_addr { default no }
        /Common/source_addr { default yes }
    }
}
ltm virtual /Common/none {
    destination /Common/10.1.0.103:443
    pool /Common/p
}
)CFG");
  CHECK(Summary(lb) == "");
  const LbSettings& wsman = Vs(lb, "10.1.0.100", 443).settings;
  CHECK(wsman.persistence == Persistence::kCookie);
  CHECK(wsman.persistence_name == "MS-WSMAN");
  CHECK_FALSE(wsman.persistence_cookie_http_only);
  CHECK(Line(wsman.persistence_at) == 14);
  const LbSettings& cookie = Vs(lb, "10.1.0.101", 443).settings;
  CHECK(cookie.persistence == Persistence::kCookie);
  CHECK(cookie.persistence_name == "BIGipServerp");
  CHECK(cookie.persistence_cookie_http_only);
  const LbSettings& two = Vs(lb, "10.1.0.102", 443).settings;
  CHECK(two.persistence == Persistence::kSourceAddress);
  CHECK(two.persistence_name == "source_addr");
  CHECK(Line(two.persistence_at) == 26);
  const LbSettings& none = Vs(lb, "10.1.0.103", 443).settings;
  CHECK(none.persistence == Persistence::kNone);
  CHECK_FALSE(none.persistence_at.IsValid());
}

TEST_CASE("f5: idle timeout from tcp profile chains; TLS termination from client-ssl profiles") {
  Imported lb = Import(R"CFG(ltm profile tcp /Common/long {
    defaults-from /Common/tcp-lan-optimized
    idle-timeout 1800
}
ltm profile tcp /Common/long_child {
    defaults-from /Common/long
    nagle disabled
}
ltm profile tcp /Common/forever { defaults-from /Common/tcp idle-timeout indefinite }
ltm profile fastl4 /Common/fast { defaults-from /Common/fastL4 }
ltm profile client-ssl /Common/web_tls {
    defaults-from /Common/clientssl
    cert-key-chain { default { cert /Common/web.crt key /Common/web.key } }
}
ltm pool /Common/p { members { /Common/10.1.0.11:443 { address 10.1.0.11 } } }
ltm virtual /Common/a {
    destination /Common/10.1.0.100:443
    pool /Common/p
    profiles {
        /Common/long_child { context all }
        /Common/web_tls { context clientside }
        /Common/serverssl { context serverside }
    }
}
ltm virtual /Common/b {
    destination /Common/10.1.0.101:443
    pool /Common/p
    profiles { /Common/forever { } /Common/clientssl { context clientside } }
}
ltm virtual /Common/c {
    destination /Common/10.1.0.102:443
    pool /Common/p
    profiles { /Common/fast { } }
}
ltm virtual /Common/d {
    destination /Common/10.1.0.103:443
    pool /Common/p
    profiles { /Common/tcp { } /Common/serverssl { context serverside } }
}
)CFG");
  CHECK(Summary(lb) == "");
  const LbSettings& a = Vs(lb, "10.1.0.100", 443).settings;
  CHECK(a.idle_timeout_s == 1800);
  CHECK(Line(a.idle_timeout_at) == 3);
  CHECK(a.tls_terminated);
  const LbSettings& b = Vs(lb, "10.1.0.101", 443).settings;
  CHECK_FALSE(b.idle_timeout_s.has_value());
  CHECK(Line(b.idle_timeout_at) == 9);
  CHECK(b.tls_terminated);
  const LbSettings& c = Vs(lb, "10.1.0.102", 443).settings;
  CHECK(c.idle_timeout_s == 300);
  CHECK_FALSE(c.idle_timeout_at.IsValid());
  CHECK_FALSE(c.tls_terminated);
  const LbSettings& d = Vs(lb, "10.1.0.103", 443).settings;
  CHECK(d.idle_timeout_s == 300);
  CHECK_FALSE(d.tls_terminated);
}

TEST_CASE("f5: source address translation: automap, snat pools, legacy syntax, none") {
  Imported lb = Import(R"CFG(net self /Common/self_int {
    address 10.1.0.4%0/24
    traffic-group /Common/traffic-group-local-only
    vlan /Common/internal
}
net self /Common/float_int {
    address 10.1.0.5/24
    traffic-group /Common/traffic-group-1
    vlan /Common/internal
}
net self /Common/self_ext {
    address 192.0.2.4/24
    traffic-group /Common/traffic-group-local-only
    vlan /Common/external
}
ltm snatpool /Common/one { members { /Common/10.1.0.50 } }
ltm snatpool /Common/two {
    members {
        10.1.0.51
        10.1.0.52
    }
}
ltm pool /Common/int { members { /Common/10.1.0.11:80 { address 10.1.0.11 } } }
ltm pool /Common/ext { members { /Common/198.51.100.7:80 { address 198.51.100.7 } } }
ltm virtual /Common/automap {
    destination /Common/10.1.0.100:80
    pool /Common/int
    source-address-translation { type automap }
}
ltm virtual /Common/automap_unknown {
    destination /Common/10.1.0.101:80
    pool /Common/ext
    source-address-translation { type automap }
}
ltm virtual /Common/pool_one {
    destination /Common/10.1.0.102:80
    pool /Common/int
    source-address-translation {
        pool /Common/one
        type snat
    }
}
ltm virtual /Common/pool_two {
    destination /Common/10.1.0.103:80
    pool /Common/int
    source-address-translation { type snat pool two }
}
ltm virtual /Common/legacy {
    destination /Common/10.1.0.104:80
    pool /Common/int
    snatpool /Common/one
}
ltm virtual /Common/none {
    destination /Common/10.1.0.105:80
    pool /Common/int
    source-address-translation { type none }
}
)CFG");
  CHECK(Summary(lb) ==
        "bigip.conf:17:14: note: snatpool two has 2 addresses: modelled with the first, "
        "10.1.0.51\n");
  CHECK(Snat(lb, "10.1.0.100") == "device 10.1.0.5");
  CHECK(Snat(lb, "10.1.0.101") == "device");
  CHECK(Snat(lb, "10.1.0.102") == "snat-pool 10.1.0.50");
  CHECK(Snat(lb, "10.1.0.103") == "snat-pool 10.1.0.51");
  CHECK(Snat(lb, "10.1.0.104") == "snat-pool 10.1.0.50");
  CHECK(Snat(lb, "10.1.0.105") == "none");
}

TEST_CASE("f5: iRules: built-in and simple redirects, anything else makes the answer unknown") {
  Imported lb = Import(R"CFG(ltm rule /Common/to_https {
when HTTP_REQUEST {
    # Tcl comment with a brace in it: { (balanced, as Tcl requires) }
    HTTP::redirect "https://[HTTP::host][HTTP::uri]"
}
}
ltm rule /Common/moved {
    when HTTP_REQUEST {
        HTTP::respond 301 Location "https://meet.contoso.com[HTTP::uri]" Connection Close
        return
    }
}
ltm rule /Common/choose {
when HTTP_REQUEST {
    if { [HTTP::host] eq "old.contoso.com" } { HTTP::redirect "https://new.contoso.com/" }
}
}
ltm rule /Common/pick_pool {
    when CLIENT_ACCEPTED { pool /Common/other }
}
ltm rule /Common/quoted {
    when HTTP_REQUEST {
        HTTP::respond 200 content "{\"status\": \"ok\"}\n"
    }
}
ltm pool /Common/p { members { /Common/10.1.0.11:80 { address 10.1.0.11 } } }
ltm virtual /Common/sys {
    destination /Common/10.1.0.100:80
    profiles { /Common/http { } /Common/tcp { } }
    rules { /Common/_sys_https_redirect }
}
ltm virtual /Common/custom {
    destination /Common/10.1.0.101:80
    pool /Common/p
    profiles { /Common/http { } /Common/tcp { } }
    rules { to_https }
}
ltm virtual /Common/moved {
    destination /Common/10.1.0.102:80
    profiles { /Common/http { } /Common/tcp { } }
    rules { /Common/moved }
}
ltm virtual /Common/choose {
    destination /Common/10.1.0.103:80
    pool /Common/p
    profiles { /Common/http { } /Common/tcp { } }
    rules { /Common/choose }
}
ltm virtual /Common/pick_pool {
    destination /Common/10.1.0.104:80
    pool /Common/p
    rules { /Common/pick_pool }
}
ltm virtual /Common/no_http_profile {
    destination /Common/10.1.0.105:80
    rules { /Common/_sys_https_redirect }
}
ltm virtual /Common/no_pool {
    destination /Common/10.1.0.106:80
}
ltm virtual /Common/respond {
    destination /Common/10.1.0.107:80
    profiles { /Common/http { } }
    rules { /Common/quoted }
}
ltm virtual /Common/policy {
    destination /Common/10.1.0.108:80
    pool /Common/p
    policies { /Common/asm_policy { } }
}
)CFG");
  CHECK(Summary(lb) ==
        "bigip.conf:15:5: warning: iRule choose: 'if' may change where the connection goes; "
        "what virtual choose does is unknown\n"
        "bigip.conf:19:10: warning: iRule pick_pool: event CLIENT_ACCEPTED is not modelled; "
        "what virtual pick_pool does is unknown\n"
        "bigip.conf:56:13: warning: an HTTP redirect iRule needs an http profile on virtual "
        "no_http_profile\n"
        "bigip.conf:23:9: warning: iRule quoted: answers HTTP 200 itself; what virtual respond "
        "does is unknown\n"
        "bigip.conf:69:16: warning: LTM policy /Common/asm_policy is not modelled: it can "
        "redirect, reject or choose a pool\n");
  CHECK(Answer(lb, "10.1.0.100", 80) == "redirect 302 https://[HTTP::host][HTTP::uri]");
  CHECK(Answer(lb, "10.1.0.101", 80) == "redirect 302 https://[HTTP::host][HTTP::uri]");
  CHECK(Line(Vs(lb, "10.1.0.101", 80).location) == 36);
  CHECK(Answer(lb, "10.1.0.102", 80) == "redirect 301 https://meet.contoso.com[HTTP::uri]");
  CHECK(Answer(lb, "10.1.0.103", 80) == "unknown");
  const VirtualServer& choose = Vs(lb, "10.1.0.103", 80);
  CHECK(choose.unknown_reason == "iRule choose: 'if' may change where the connection goes");
  CHECK(choose.unknown_at.ToString(true) == "bigip.conf:15:5");
  CHECK(choose.members.size() == 1);  // unknown, but it may still forward to the pool
  CHECK(Answer(lb, "10.1.0.104", 80) == "unknown");
  CHECK(Answer(lb, "10.1.0.105", 80) == "unknown");
  CHECK(Vs(lb, "10.1.0.105", 80).unknown_reason == "redirect iRule without an http profile");
  CHECK(Answer(lb, "10.1.0.106", 80) == "reject");  // no pool, no iRule: BIG-IP resets
  CHECK(Answer(lb, "10.1.0.107", 80) == "unknown");
  CHECK(Answer(lb, "10.1.0.108", 80) == "unknown");
  CHECK(Vs(lb, "10.1.0.108", 80).unknown_reason == "LTM policy /Common/asm_policy is not modelled");
}

TEST_CASE("f5: iRule bodies: priority, escaped braces, Tcl comments; IPv6 monitor alias") {
  Imported lb = Import(R"CFG(ltm rule /Common/r {
# a comment with an unbalanced brace escaped: \{
when HTTP_REQUEST priority 100 {
    HTTP::respond 302 noserver Location "https://portal.contoso.com/\{x\}" Cache-Control no-cache
}
}
ltm monitor tcp /Common/alias6 {
    defaults-from /Common/tcp
    destination *.5061
}
ltm pool /Common/p {
    members { /Common/2001:db8::11.80 { address 2001:db8::11 } }
    monitor /Common/alias6
}
ltm virtual /Common/v {
    destination /Common/2001:db8::100.80
    pool /Common/p
    profiles { /Common/http { } }
    rules { /Common/r }
}
)CFG");
  CHECK(Summary(lb) == "");
  CHECK(Answer(lb, "2001:db8::100", 80) == "redirect 302 https://portal.contoso.com/\\{x\\}");
  CHECK(Monitors(Vs(lb, "2001:db8::100", 80).settings.monitors) == "alias6/tcp/5061 line 7");
}

TEST_CASE("f5: blocks nested too deep are an error, not a stack overflow") {
  std::string text = "sys x {\n";
  for (int i = 0; i < 100000; ++i) text += "a {";
  Imported lb = Import(text);
  CHECK(Summary(lb) == "bigip.conf:2:192: error: blocks nested more than 64 deep\n");
}

TEST_CASE("f5: FQDN members make the answer unknown") {
  Imported lb = Import(R"CFG(ltm pool /Common/p {
    members {
        /Common/_auto_10.1.0.11:80 { address 10.1.0.11 }
        /Common/web.contoso.com:80 {
            fqdn { autopopulate enabled name web.contoso.com }
        }
    }
}
ltm virtual /Common/v {
    destination /Common/10.1.0.100:80
    pool /Common/p
}
)CFG");
  CHECK(Summary(lb) ==
        "bigip.conf:5:13: warning: FQDN member /Common/web.contoso.com:80 gets its addresses "
        "from DNS at run time: not modelled\n");
  CHECK(Answer(lb, "10.1.0.100", 80) == "unknown");
  CHECK(Vs(lb, "10.1.0.100", 80).members.size() == 1);
  CHECK(Vs(lb, "10.1.0.100", 80).unknown_reason == "pool p has FQDN members");
}

TEST_CASE("f5: tmsh list output: relative names, quoted strings spanning lines, other modules") {
  Imported lb = Import(R"CFG(sys syslog {
    include "destination remote { tcp(\"192.0.2.9\" port(514)); };
filter f_all { level(info..emerg); };"
}
ltm virtual web {
    description "internal web { 80 }"
    destination 192.168.1.191:http
    ip-protocol tcp
    mask 255.255.255.255
    pool web
    profiles {
        http { }
        tcp { }
    }
    rules {
        MOBILE
    }
    vlans-disabled
}
ltm pool web {
    members {
        web1:http {
            address 192.168.1.11
        }
    }
    monitor http
}
ltm rule MOBILE {
when HTTP_REQUEST {
  HTTP::redirect https://[getfield [HTTP::host] ":" 1][HTTP::uri]
}
}
auth user admin {
    role admin
}
)CFG");
  CHECK(Summary(lb) == "");
  CHECK(Answer(lb, "192.168.1.191", 80) ==
        "redirect 302 https://[getfield [HTTP::host] \":\" 1][HTTP::uri]");
  CHECK(Vs(lb, "192.168.1.191", 80).members.size() == 1);
}

TEST_CASE("f5: unknown properties, VLAN restrictions and global SNAT are warnings") {
  Imported lb = Import(R"CFG(ltm pool /Common/p {
    members { /Common/10.1.0.11:80 { address 10.1.0.11 weird-knob 7 } }
    surprise yes
}
ltm virtual /Common/v {
    destination /Common/10.1.0.100:80
    pool /Common/p
    vlans {
        /Common/external
    }
    vlans-enabled
    source 10.0.0.0/8
    frobnicate on
}
ltm snat /Common/outbound {
    origins { 10.1.0.0/24 { } }
    automap
}
)CFG");
  CHECK(Summary(lb) ==
        "bigip.conf:2:56: warning: 'weird-knob' in member /Common/10.1.0.11:80 of pool p is not "
        "modelled; ignored\n"
        "bigip.conf:3:5: warning: 'surprise' in pool p is not modelled; ignored\n"
        "bigip.conf:13:5: warning: 'frobnicate' in virtual v is not modelled; ignored\n"
        "bigip.conf:15:1: warning: 'ltm snat' applies address translation outside virtual "
        "servers, which is not modelled\n"
        "bigip.conf:12:12: warning: source restriction 10.0.0.0/8 is not modelled: every "
        "client is assumed to match\n"
        "bigip.conf:11:5: warning: virtual v listens only on some VLANs; VLANs are not "
        "modelled, it is assumed to listen on every VLAN\n");
  // tmsh refuses an unknown property, so one not understood may hide a damaged pool or
  // destination: the answer is unknown, at the first one.
  CHECK(Answer(lb, "10.1.0.100", 80) == "unknown");
  CHECK(Line(Vs(lb, "10.1.0.100", 80).unknown_at) == 13);
  CHECK(lb.device.coverage.total == 18);
  CHECK(lb.device.coverage.understood == 12);
}

TEST_CASE("f5: bad input: located errors") {
  struct Case {
    const char* text;
    const char* error;
  };
  const Case cases[] = {
      {"ltm virtual /Common/v {\n    destination /Common/10.1.0.100:80\n",
       "bigip.conf:1:23: error: unbalanced braces: this '{' of '/Common/v' is never closed\n"},
      {"ltm pool /Common/p {\n}\n}\n",
       "bigip.conf:3:1: error: unbalanced braces: '}' closes no '{'\n"},
      {"ltm virtual /Common/v {\n    description \"open\n}\n",
       "bigip.conf:2:17: error: unterminated quoted string\n"},
      {"ltm rule /Common/r {\nwhen HTTP_REQUEST {\n  HTTP::redirect \"https://x/\"\n}\n",
       "bigip.conf:1:20: error: unbalanced braces: the body of '/Common/r' is never closed (Tcl "
       "brace rules)\n"},
      {"ltm pool /Common/web_pool { }\nltm virtual /Common/v {\n    destination 10.1.0.100:80\n"
       "    pool /Common/web_pol\n}\n",
       "bigip.conf:4:10: error: no pool named '/Common/web_pol'; did you mean 'web_pool'?\n"},
      {"ltm virtual /Common/v {\n    destination /Common/10.1.0.100:htp\n}\n",
       "bigip.conf:2:36: error: unknown port name 'htp'; did you mean 'http'?\n"},
      {"ltm virtual /Common/v {\n    destination /Common/2001:db8::1.htps\n}\n",
       "bigip.conf:2:37: error: unknown port name 'htps'; did you mean 'https'?\n"},
      {"ltm pool /Common/p {\n    members { /Common/10.1.0.11:wbcache { address 10.1.0.11 } }\n}\n"
       "ltm virtual /Common/v {\n    destination 10.1.0.100:80\n    pool p\n}\n",
       "bigip.conf:2:33: error: unknown port name 'wbcache'; did you mean 'webcache'?\n"},
      {"ltm virtual /Common/v {\n    destination 10.1.0.100\n}\n",
       "bigip.conf:2:17: error: expected ADDRESS:PORT (IPv6: ADDRESS.PORT), got '10.1.0.100'\n"},
      {"ltm virtual /Common/v {\n    destination vip9:80\n}\n",
       "bigip.conf:2:17: error: 'vip9' is neither an address nor a virtual-address\n"},
      {"ltm virtual /Common/v {\n    destination 10.1.0.100:80\n    rules { /Common/nope }\n}\n",
       "bigip.conf:3:13: error: no iRule named '/Common/nope'\n"},
      {"ltm pool /Common/p {\n    members { /Common/fe9:80 { } }\n    monitor /Common/mon\n}\n"
       "ltm virtual /Common/v {\n    destination 10.1.0.100:80\n    pool p\n}\n",
       "bigip.conf:2:15: error: member '/Common/fe9:80' has no address and no node named 'fe9'\n"
       "bigip.conf:3:13: error: no monitor named '/Common/mon'\n"},
      {"ltm virtual /Common/v {\n    destination 10.1.0.100:80\n    snatpool sp\n}\n",
       "bigip.conf:3:14: error: no snatpool named 'sp'\n"},
      {"ltm profile tcp /Common/t {\n    idle-timeout forever\n}\nltm virtual /Common/v {\n"
       "    destination 10.1.0.100:80\n    profiles { t { } }\n}\n",
       "bigip.conf:2:18: error: idle-timeout must be seconds, 'indefinite' or 'immediate', got "
       "'forever'\n"},
      {"ltm virtual /Common/v {\n    destination\n}\n",
       "bigip.conf:2:5: error: 'destination' needs a value\n"
       "bigip.conf:1:13: warning: virtual v has no destination; skipped\n"},
      {"ltm virtual /Common/v\n", "bigip.conf:1:13: error: expected '{' after '/Common/v'\n"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    Imported lb = Import(c.text);
    CHECK(Summary(lb) == c.error);
    CHECK(lb.diagnostics.HasErrors());
  }
}

TEST_CASE("f5: the error shows the line and a caret under the column") {
  Imported lb = Import("ltm virtual /Common/v {\n    destination /Common/10.1.0.100:htp\n}\n");
  CHECK(lb.Messages() ==
        "bigip.conf:2:36: error: unknown port name 'htp'; did you mean 'http'?\n"
        "    destination /Common/10.1.0.100:htp\n"
        "                                   ^~~\n");
}

TEST_CASE("f5: never crashes: every prefix of the example config imports") {
  std::string text = ReadFile("examples/lync-f5-pool/configs/bigip.conf");
  text += "ltm rule /Common/r {\nwhen HTTP_REQUEST { if { 1 } { HTTP::redirect \"x\" } }\n}\n";
  for (size_t n = 0; n <= text.size(); n += 7) {
    Imported lb = Import(text.substr(0, n));
    CHECK(lb.device.vendor == "f5-bigip");
  }
}

TEST_CASE("f5: sniffing: tmsh and AS3 are f5-bigip, other formats are not") {
  CHECK(SniffF5Bigip("#TMSH-VERSION: 15.1.0\n\nsys global-settings { }\n"));
  CHECK(SniffF5Bigip("ltm virtual /Common/v {\n    destination 10.1.0.100:80\n}\n"));
  CHECK(SniffF5Bigip("{\"class\": \"AS3\", \"declaration\": {\"class\": \"ADC\"}}"));
  CHECK(SniffF5Bigip("{\n  \"class\" : \"ADC\",\n  \"schemaVersion\": \"3.50.0\"\n}"));
  CHECK_FALSE(SniffF5Bigip("{\"nftables\": [{\"metainfo\": {\"version\": \"1.0.6\"}}]}"));
  CHECK_FALSE(SniffF5Bigip("{\"label\": \"ADC\"}"));
  CHECK_FALSE(SniffF5Bigip("frontend web\n    bind *:80\n"));
  CHECK_FALSE(SniffF5Bigip("*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n"));
  CHECK_FALSE(SniffF5Bigip("http {\n    server { listen 80; }\n}\n"));
  const ImporterInfo* tmsh = SniffImporter(ReadFile("examples/lync-f5-pool/configs/bigip.conf"));
  REQUIRE(tmsh);
  CHECK(std::string(tmsh->id) == "f5-bigip");
  const ImporterInfo* as3 = SniffImporter(ReadFile("tests/importers/data/f5_bigip/lync-as3.json"));
  REQUIRE(as3);
  CHECK(std::string(as3->id) == "f5-bigip");
}

TEST_CASE("f5: a property not understood makes the virtual server unknown") {
  // tmsh refuses an unknown property on load; it may be a damaged pool, destination or SNAT.
  const char* pool = R"(ltm pool /Common/p {
    members {
        /Common/10.0.1.1:443 {
            address 10.0.1.1
        }
    }
}
)";
  Imported lb = Import(std::string(pool) + R"(ltm virtual /Common/v {
    destination /Common/10.0.0.1:443
    zq9 zq9 zq9
    pool /Common/p
}
)");
  CHECK_FALSE(lb.diagnostics.HasErrors());
  CHECK(Answer(lb, "10.0.0.1", 443) == "unknown");
  CHECK(Line(Vs(lb, "10.0.0.1", 443).unknown_at) == 10);
  // In a member of its pool, in a persistence option, in the SNAT block: the same.
  Imported member = Import(R"(ltm pool /Common/p {
    members {
        /Common/10.0.1.1:443 {
            zq9 zq9 zq9
        }
    }
}
ltm virtual /Common/v {
    destination /Common/10.0.0.1:443
    pool /Common/p
    source-address-translation {
        type automap
    }
}
)");
  CHECK(Answer(member, "10.0.0.1", 443) == "unknown");
  Imported snat = Import(std::string(pool) + R"(ltm virtual /Common/v {
    destination /Common/10.0.0.1:443
    pool /Common/p
    source-address-translation {
        zq9 zq9 zq9
    }
}
)");
  CHECK(Answer(snat, "10.0.0.1", 443) == "unknown");
  CHECK(Summary(snat).find("bigip.conf:12:9: warning: 'zq9' in source-address-translation of "
                           "virtual v is not modelled; ignored\n") != std::string::npos);
}

TEST_CASE("f5: a virtual with a property not understood and no destination is an error") {
  Imported lb = Import("ltm virtual /Common/v {\n    zq9 zq9 zq9\n}\n");
  CHECK(Summary(lb).find("bigip.conf:2:5: error: unknown property 'zq9' in virtual v, which has "
                         "no destination: where it listens is not known\n") != std::string::npos);
}

TEST_CASE("f5: more words than `key value` on a monitor or profile line are reported") {
  Imported lb = Import("ltm profile tcp /Common/t {\n    idle-timeout 1800\n    zq9 zq9 zq9\n}\n");
  CHECK(Summary(lb) ==
        "bigip.conf:3:13: warning: unexpected 'zq9' after property 'zq9' (one "
        "property per line); ignored\n");
}

}  // namespace
}  // namespace flowaudit
