// The `hlb` check on a small site whose load balancer is a real HAProxy config: each setting
// passes on a good config and fails on a bad one, naming the line that sets the value.
#include <doctest/doctest.h>

#include "src/check/checker.h"
#include "tests/temp_dir.h"

namespace flowaudit {
namespace {

using testing::TempDir;

const char* kSite = R"YAML(site: test
zones:
  clients:  { subnets: [10.10.0.0/16], tags: [lync-clients] }
  servers:  { subnets: [10.1.0.0/24] }
hosts:
  fe01: { address: 10.1.0.11, roles: [front-end] }
  fe02: { address: 10.1.0.12, roles: [front-end] }
services:
  web-int: { vip: 10.1.0.100, members: [fe01, fe02], role: front-end-web-internal, device: hlb }
  web-ext: { vip: 10.1.0.101, members: [fe01, fe02], role: front-end-web-external, device: hlb }
  av:      { vip: 10.1.0.102, members: [fe01], role: edge-av-internal, device: hlb }
devices:
  hlb: { kind: load-balancer, vendor: haproxy, config: hlb.cfg, zone: servers }
policies: [lync-2013]
)YAML";

// A correct Lync pool; each test breaks one thing with a replacement.
const char* kGood = R"CFG(defaults
    mode tcp
    timeout client 30m
    timeout server 30m
frontend web-int
    bind 10.1.0.100:80
    bind 10.1.0.100:443
    default_backend int
backend int
    stick on src
    server fe01 10.1.0.11 check port 5061
    server fe02 10.1.0.12 check port 5061
frontend web-ext
    bind 10.1.0.101:4443
    bind 10.1.0.101:8080
    default_backend ext
backend ext
    server fe01 10.1.0.11 check port 5061
    server fe02 10.1.0.12 check port 5061
listen av
    bind 10.1.0.102:443
    source 0.0.0.0 usesrc clientip
    server fe01 10.1.0.11:443
)CFG";

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  size_t at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

struct Audit {
  TempDir dir;
  AuditResult result;
  explicit Audit(const std::string& config) {
    std::string site = dir.Write("site.yaml", kSite);
    dir.Write("hlb.cfg", config);
    Diagnostics diagnostics;
    auto loaded = LoadSite(site, {}, diagnostics);
    REQUIRE(loaded.has_value());
    std::vector<Pack> packs;
    for (const std::string& id : loaded->policies) packs.push_back(*LoadPack(id, diagnostics));
    result = RunAudit(*loaded, packs);
  }
  const RequirementResult& Get(const std::string& id) const {
    for (const RequirementResult& r : result.requirements) {
      if (r.id == id) return r;
    }
    FAIL("no requirement " << id);
    return result.requirements.front();
  }
  // "pass", or "fail hlb.cfg:LINE message" for the first finding.
  std::string Outcome(const std::string& id) const {
    const RequirementResult& r = Get(id);
    if (r.status != Status::kFail) return StatusName(r.status);
    std::string where =
        r.locations.empty()
            ? "-"
            : r.locations.front().file.substr(r.locations.front().file.rfind('/') + 1) + ":" +
                  std::to_string(r.locations.front().line);
    return "fail " + where + " " + r.message;
  }
};

TEST_CASE("hlb checks: a correct Lync pool passes every HLB setting") {
  Audit audit(kGood);
  for (const char* id :
       {"lync-hlb-int-web-persistence", "lync-hlb-ext-web-persistence", "lync-hlb-web-idle-timeout",
        "lync-hlb-web-monitor-sip", "lync-hlb-web-members-enabled", "lync-hlb-int-web-member-ports",
        "lync-hlb-ext-web-member-ports", "lync-hlb-edge-av-no-snat"}) {
    CAPTURE(id);
    CHECK(audit.Outcome(id) == "pass");
  }
  CHECK(audit.Get("lync-hlb-int-web-persistence").message ==
        "2 virtual servers checked: persistence source-address");
}

TEST_CASE("hlb checks: persistence on the internal and external web VIPs") {
  Audit none(Replace(kGood, "    stick on src\n", ""));
  CHECK(none.Outcome("lync-hlb-int-web-persistence") ==
        "fail hlb.cfg:6 service web-int 10.1.0.100:80 (hlb): persistence none, required "
        "source-address");
  // Cookies need mode http (HAProxy ignores them in mode tcp).
  auto with_cookie = [](const std::string& cookie) {
    std::string http = Replace(kGood, "frontend web-ext\n", "frontend web-ext\n    mode http\n");
    return Replace(http, "\nbackend ext\n", "\nbackend ext\n    mode http\n    " + cookie + "\n");
  };
  Audit tcp_cookie(Replace(kGood, "\nbackend ext\n", "\nbackend ext\n    cookie SRV insert\n"));
  CHECK(tcp_cookie.Outcome("lync-hlb-ext-web-persistence") == "pass");
  Audit cookie(with_cookie("cookie SRV insert"));
  CHECK(cookie.Outcome("lync-hlb-ext-web-persistence") ==
        "fail hlb.cfg:20 service web-ext 10.1.0.101:4443 (hlb): persistence cookie SRV, required "
        "none or source-address or cookie (cookie MS-WSMAN, not httpOnly)");
  Audit wsman(with_cookie("cookie MS-WSMAN insert"));
  CHECK(wsman.Outcome("lync-hlb-ext-web-persistence") == "pass");
  Audit http_only(with_cookie("cookie MS-WSMAN insert httponly"));
  CHECK(http_only.Outcome("lync-hlb-ext-web-persistence").rfind("fail hlb.cfg:20", 0) == 0);
}

TEST_CASE("hlb checks: idle timeout, monitor, disabled member, member ports, SNAT") {
  Audit idle(Replace(kGood, "    timeout server 30m\n", "    timeout server 5m\n"));
  CHECK(idle.Outcome("lync-hlb-web-idle-timeout") ==
        "fail hlb.cfg:4 service web-int 10.1.0.100:80 (hlb): TCP idle timeout 300 s, required ≥ "
        "1800 s");
  Audit monitor(Replace(kGood, "    server fe02 10.1.0.12 check port 5061\nfrontend web-ext",
                        "    server fe02 10.1.0.12 check\nfrontend web-ext"));
  CHECK(monitor.Outcome("lync-hlb-web-monitor-sip") ==
        "fail hlb.cfg:12 service web-int 10.1.0.100:80 (hlb): member fe02 (10.1.0.12:80) is "
        "health-checked on tcp/80 only, required a probe of port 5061");
  Audit disabled(Replace(kGood, "    server fe02 10.1.0.12 check port 5061\nfrontend web-ext",
                         "    server fe02 10.1.0.12 check port 5061 disabled\nfrontend web-ext"));
  CHECK(disabled.Outcome("lync-hlb-web-members-enabled") ==
        "fail hlb.cfg:12 service web-int 10.1.0.100:80 (hlb): member fe02 (10.1.0.12:80) is "
        "disabled");
  Audit ports(Replace(kGood,
                      "    server fe01 10.1.0.11 check port 5061\n    server fe02 10.1.0.12 "
                      "check port 5061\nlisten",
                      "    server fe01 10.1.0.11:443 check port 5061\n    server fe02 10.1.0.12 "
                      "check port 5061\nlisten"));
  CHECK(ports.Outcome("lync-hlb-ext-web-member-ports") ==
        "fail hlb.cfg:18 service web-ext 10.1.0.101:4443 (hlb) forwards to fe01 (10.1.0.11:443), "
        "required member port 4443");
  Audit snat(Replace(kGood, "    source 0.0.0.0 usesrc clientip\n", ""));
  CHECK(snat.Outcome("lync-hlb-edge-av-no-snat") ==
        "fail hlb.cfg:21 service av 10.1.0.102:443 (hlb): source NAT device; required none "
        "(servers must see the client's address)");
}

TEST_CASE("listener check: a listener whose answer depends on the request is UNKNOWN") {
  std::string config = Replace(kGood, "frontend web-int\n",
                               "frontend web-int\n    mode http\n"
                               "    http-request redirect scheme https if { path_beg /x }\n");
  config = Replace(config, "backend int\n", "backend int\n    mode http\n");
  Audit audit(config);
  const RequirementResult& r = audit.Get("lync-hlb-web-listeners");
  CHECK(StatusName(r.status) == std::string("unknown"));
  CHECK(r.message ==
        "service web-int: what 10.1.0.100:80 does is unknown (redirect decided by HTTP content "
        "('path_beg'))");
  // Settings are still judged: the listener may forward.
  CHECK(audit.Outcome("lync-hlb-int-web-persistence") == "pass");
}

}  // namespace
}  // namespace flowaudit
