// The nftables importer on `nft -j list ruleset` JSON: the same semantics as the text (one
// builder behind both front-ends), deciding rules located at their rule object, handles and
// comments in labels, `nft -j -f` command objects, coverage, and every diagnostic with its exact
// text. kRulesetJson was loaded into a kernel with `nft -j -f` (nft 1.0.6) and kRulesetText is
// what `nft list ruleset` printed back.
#include <doctest/doctest.h>

#include <string>

#include "importers/importer.h"
#include "importers/nftables/nftables_importer.h"
#include "tests/importers/importer_test_util.h"

namespace flowaudit {
namespace {

using namespace flowaudit::testing;

Imported Import(std::string_view text, std::string_view name = "fw.json") {
  NftablesImporter importer;
  return ImportText(importer, name, text);
}

// Warnings and errors as users see them.
std::string Messages(const Imported& fw) {
  std::string out;
  for (const Diagnostic& d : fw.diagnostics.All()) {
    if (d.severity != Severity::kNote) out += FormatDiagnostic(d);
  }
  return out;
}

// "permit 13:10 (handle 9)", "deny policy": the verdict and the deciding rule's place.
std::string Decide(const Imported& fw, const std::string& filter, const Packet& packet,
                   const MatchContext& context = {}) {
  Decision d = fw.filter(filter).Evaluate(packet, context);
  std::string out = VerdictName(d.verdict);
  if (!d.rule) return out + " policy";
  LineColumn at = d.rule->location.Start();
  out += " " + std::to_string(at.line) + ":" + std::to_string(at.column);
  if (!d.rule->label.empty()) out += " (" + d.rule->label + ")";
  return out;
}

constexpr std::string_view kRulesetJson = R"JSON({"nftables": [
{"metainfo": {"version": "1.0.6", "release_name": "Lester Gooch #5", "json_schema_version": 1}},
{"table": {"family": "inet", "name": "fw", "handle": 1}},
{"set": {"family": "inet", "name": "admin_v4", "table": "fw", "type": "ipv4_addr", "handle": 3, "flags": ["interval"], "elem": [{"prefix": {"addr": "192.0.2.0", "len": 24}}, {"range": ["198.51.100.10", "198.51.100.20"]}]}},
{"set": {"family": "inet", "name": "web_ports", "table": "fw", "type": "inet_service", "handle": 4, "elem": [80, 4443]}},
{"chain": {"family": "inet", "table": "fw", "name": "input", "handle": 1, "type": "filter", "hook": "input", "prio": 0, "policy": "drop"}},
{"chain": {"family": "inet", "table": "fw", "name": "web", "handle": 2}},
{"chain": {"family": "inet", "table": "fw", "name": "legacy", "handle": 3}},
{"map": {"family": "inet", "name": "svc", "table": "fw", "type": "inet_service", "handle": 5, "map": "verdict", "elem": [[8080, {"jump": {"target": "web"}}], [8443, {"accept": null}]]}},
{"rule": {"family": "inet", "table": "fw", "chain": "input", "handle": 6, "expr": [{"match": {"op": "==", "left": {"meta": {"key": "iifname"}}, "right": "lo"}}, {"accept": null}]}},
{"rule": {"family": "inet", "table": "fw", "chain": "input", "handle": 7, "expr": [{"match": {"op": "in", "left": {"ct": {"key": "state"}}, "right": ["established", "related"]}}, {"accept": null}]}},
{"rule": {"family": "inet", "table": "fw", "chain": "input", "handle": 8, "expr": [{"match": {"op": "in", "left": {"ct": {"key": "state"}}, "right": "invalid"}}, {"drop": null}]}},
{"rule": {"family": "inet", "table": "fw", "chain": "input", "handle": 9, "expr": [{"match": {"op": "==", "left": {"payload": {"protocol": "ip", "field": "saddr"}}, "right": "@admin_v4"}}, {"match": {"op": "==", "left": {"payload": {"protocol": "tcp", "field": "dport"}}, "right": 22}}, {"accept": null}]}},
{"rule": {"family": "inet", "table": "fw", "chain": "input", "handle": 10, "expr": [{"match": {"op": "==", "left": {"payload": {"protocol": "ip6", "field": "saddr"}}, "right": {"prefix": {"addr": "fe80::", "len": 10}}}}, {"match": {"op": "==", "left": {"payload": {"protocol": "udp", "field": "dport"}}, "right": 546}}, {"accept": null}]}},
{"rule": {"family": "inet", "table": "fw", "chain": "input", "handle": 11, "expr": [{"match": {"op": "==", "left": {"payload": {"protocol": "tcp", "field": "dport"}}, "right": {"set": [80, 443, {"range": [8000, 8080]}]}}}, {"jump": {"target": "web"}}]}},
{"rule": {"family": "inet", "table": "fw", "chain": "input", "handle": 12, "comment": "dns", "expr": [{"match": {"op": "==", "left": {"meta": {"key": "l4proto"}}, "right": {"set": ["tcp", "udp"]}}}, {"match": {"op": "==", "left": {"payload": {"protocol": "th", "field": "dport"}}, "right": 53}}, {"accept": null}]}},
{"rule": {"family": "inet", "table": "fw", "chain": "input", "handle": 13, "expr": [{"match": {"op": "!=", "left": {"payload": {"protocol": "ip", "field": "saddr"}}, "right": {"prefix": {"addr": "10.0.0.0", "len": 8}}}}, {"match": {"op": "==", "left": {"payload": {"protocol": "tcp", "field": "dport"}}, "right": 3306}}, {"drop": null}]}},
{"rule": {"family": "inet", "table": "fw", "chain": "input", "handle": 14, "expr": [{"match": {"op": "==", "left": {"payload": {"protocol": "icmp", "field": "type"}}, "right": {"set": ["echo-request", "timestamp-request"]}}}, {"accept": null}]}},
{"rule": {"family": "inet", "table": "fw", "chain": "input", "handle": 15, "expr": [{"match": {"op": "==", "left": {"meta": {"key": "iifname"}}, "right": "eth*"}}, {"match": {"op": "==", "left": {"payload": {"protocol": "tcp", "field": "dport"}}, "right": "@web_ports"}}, {"counter": {"packets": 0, "bytes": 0}}, {"log": {"prefix": "web "}}, {"accept": null}]}},
{"rule": {"family": "inet", "table": "fw", "chain": "input", "handle": 16, "expr": [{"match": {"op": "==", "left": {"payload": {"protocol": "tcp", "field": "dport"}}, "right": 25}}, {"reject": {"type": "icmpx", "expr": "admin-prohibited"}}]}},
{"rule": {"family": "inet", "table": "fw", "chain": "input", "handle": 17, "expr": [{"match": {"op": "==", "left": {"payload": {"protocol": "tcp", "field": "dport"}}, "right": 26}}, {"reject": {"type": "tcp reset"}}]}},
{"rule": {"family": "inet", "table": "fw", "chain": "input", "handle": 18, "expr": [{"vmap": {"key": {"payload": {"protocol": "tcp", "field": "dport"}}, "data": "@svc"}}]}},
{"rule": {"family": "inet", "table": "fw", "chain": "input", "handle": 19, "expr": [{"vmap": {"key": {"payload": {"protocol": "udp", "field": "dport"}}, "data": {"set": [[27, {"drop": null}], [{"range": [28, 30]}, {"goto": {"target": "legacy"}}]]}}}]}},
{"rule": {"family": "inet", "table": "fw", "chain": "web", "handle": 20, "expr": [{"match": {"op": "==", "left": {"payload": {"protocol": "ip", "field": "daddr"}}, "right": {"prefix": {"addr": "10.1.0.0", "len": 16}}}}, {"return": null}]}},
{"rule": {"family": "inet", "table": "fw", "chain": "web", "handle": 21, "expr": [{"match": {"op": "<", "left": {"payload": {"protocol": "tcp", "field": "dport"}}, "right": 100}}, {"accept": null}]}},
{"rule": {"family": "inet", "table": "fw", "chain": "web", "handle": 22, "expr": [{"goto": {"target": "legacy"}}]}},
{"rule": {"family": "inet", "table": "fw", "chain": "legacy", "handle": 23, "expr": [{"drop": null}]}}
]}
)JSON";

constexpr std::string_view kRulesetText = R"CFG(table inet fw {
	set admin_v4 {
		type ipv4_addr
		flags interval
		elements = { 192.0.2.0/24, 198.51.100.10-198.51.100.20 }
	}

	set web_ports {
		type inet_service
		elements = { 80, 4443 }
	}

	map svc {
		type inet_service : verdict
		elements = { 8080 : jump web, 8443 : accept }
	}

	chain input {
		type filter hook input priority filter; policy drop;
		iifname "lo" accept
		ct state established,related accept
		ct state invalid drop
		ip saddr @admin_v4 tcp dport 22 accept
		ip6 saddr fe80::/10 udp dport 546 accept
		tcp dport { 80, 443, 8000-8080 } jump web
		meta l4proto { tcp, udp } th dport 53 accept comment "dns"
		ip saddr != 10.0.0.0/8 tcp dport 3306 drop
		icmp type { echo-request, timestamp-request } accept
		iifname "eth*" tcp dport @web_ports counter packets 0 bytes 0 log prefix "web " accept
		tcp dport 25 reject with icmpx admin-prohibited
		tcp dport 26 reject with tcp reset
		tcp dport vmap @svc
		udp dport vmap { 27 : drop, 28-30 : goto legacy }
	}

	chain web {
		ip daddr 10.1.0.0/16 return
		tcp dport < 100 accept
		goto legacy
	}

	chain legacy {
		drop
	}
}
)CFG";

TEST_CASE("nftables json: sniffed, filters by table and chain, and by hook") {
  Imported fw = Import(kRulesetJson);
  CHECK(Messages(fw).empty());
  CHECK(SniffNftables(kRulesetJson));
  CHECK(SniffNftables("  {\n \"nftables\": []}"));
  CHECK_FALSE(SniffNftables("{\"rules\": []}"));
  CHECK(SniffImporter(kRulesetJson) == FindImporter("nftables"));
  std::vector<std::string> names;
  for (const auto& [name, filter] : fw.device.filters) names.push_back(name);
  CHECK(names ==
        std::vector<std::string>{"inet fw input", "inet fw legacy", "inet fw web", "input"});
  CHECK(fw.device.local.size() == 1);
  CHECK(fw.device.forward.empty());
}

TEST_CASE("nftables json: verdicts and the deciding rule's location, handle and comment") {
  Imported fw = Import(kRulesetJson);
  const std::string in = "inet fw input";
  CHECK(Decide(fw, in, Tcp("10.2.0.1", "10.0.0.1", 5000), In("lo")) == "permit 10:10 (handle 6)");
  CHECK(Decide(fw, in, Tcp("192.0.2.7", "10.0.0.1", 22)) == "permit 13:10 (handle 9)");
  CHECK(Decide(fw, in, Tcp("198.51.100.20", "10.0.0.1", 22)) == "permit 13:10 (handle 9)");
  CHECK(Decide(fw, in, Tcp("198.51.100.21", "10.0.0.1", 22)) == "deny policy");
  CHECK(Decide(fw, in, Udp("fe80::1", "fe80::2", 546)) == "permit 14:10 (handle 10)");
  CHECK(Decide(fw, in, Udp("2001:db8::1", "fe80::2", 546)) == "deny policy");
  CHECK(Decide(fw, in, Udp("2001:db8::1", "2001:db8::2", 53)) == "permit 16:10 (handle 12: dns)");
  // `ip saddr != 10.0.0.0/8` never matches IPv6.
  CHECK(Decide(fw, in, Tcp("172.16.0.1", "10.0.0.1", 3306)) == "deny 17:10 (handle 13)");
  CHECK(Decide(fw, in, Tcp("10.2.0.1", "10.0.0.1", 3306)) == "deny policy");
  CHECK(Decide(fw, in, Tcp("2001:db8::1", "2001:db8::2", 3306)) == "deny policy");
  // First packets: an echo request is NEW, an echo reply INVALID.
  CHECK(Decide(fw, in, Icmp("10.2.0.1", "10.0.0.1", 8)) == "permit 18:10 (handle 14)");
  CHECK(Decide(fw, in, Icmp("10.2.0.1", "10.0.0.1", 0)) == "deny 12:10 (handle 8)");
  // A named set of ports behind an interface wildcard; counter and log do not decide.
  CHECK(Decide(fw, in, Tcp("10.2.0.1", "10.0.0.1", 4443), In("eth1")) ==
        "permit 19:10 (handle 15)");
  CHECK(Decide(fw, in, Tcp("10.2.0.1", "10.0.0.1", 4443), In("wlan0")) == "deny policy");
}

TEST_CASE("nftables json: jump, return, goto, verdict maps and rejects") {
  Imported fw = Import(kRulesetJson);
  const std::string in = "inet fw input";
  CHECK(Decide(fw, in, Tcp("10.2.0.1", "10.1.2.3", 80)) == "deny policy");  // web returns
  CHECK(Decide(fw, in, Tcp("10.2.0.1", "10.9.2.3", 80)) == "permit 25:10 (handle 21)");
  CHECK(Decide(fw, in, Tcp("10.2.0.1", "10.9.2.3", 8080)) == "deny 27:10 (handle 23)");
  CHECK(Decide(fw, in, Tcp("10.2.0.1", "10.9.2.3", 8443)) == "permit 22:10 (handle 18)");
  CHECK(Decide(fw, in, Udp("10.2.0.1", "10.9.2.3", 27)) == "deny 23:10 (handle 19)");
  CHECK(Decide(fw, in, Udp("10.2.0.1", "10.9.2.3", 29)) == "deny 27:10 (handle 23)");
  CHECK(Decide(fw, in, Udp("10.2.0.1", "10.9.2.3", 31)) == "deny policy");
  Decision d = fw.filter(in).Evaluate(Tcp("10.2.0.1", "10.0.0.1", 25), {});
  CHECK(d.action.kind == ActionKind::kReject);
  CHECK(d.action.name == "reject with icmpx admin-prohibited");
  d = fw.filter(in).Evaluate(Tcp("10.2.0.1", "10.0.0.1", 26), {});
  CHECK(d.action.name == "reject with tcp reset");
  // tcp reset carries a TCP match: UDP port 26 goes on.
  CHECK(Decide(fw, in, Udp("10.2.0.1", "10.0.0.1", 26)) == "deny policy");
}

TEST_CASE("nftables json: the JSON and the text of one ruleset give the same verdicts") {
  Imported json = Import(kRulesetJson);
  NftablesImporter importer;
  Imported text = ImportText(importer, "fw.nft", kRulesetText);
  CHECK(Messages(text).empty());
  int compared = 0;
  for (const char* src : {"192.0.2.7", "172.16.0.1", "10.2.0.1", "fe80::1", "2001:db8::1"}) {
    bool v6 = std::string_view(src).find(':') != std::string_view::npos;
    for (const char* dst : {"10.1.2.3", "10.9.2.3", "2001:db8::2", "fe80::2"}) {
      if ((std::string_view(dst).find(':') != std::string_view::npos) != v6) continue;
      for (uint16_t port : {22, 25, 26, 27, 29, 53, 80, 443, 546, 3306, 4443, 8080, 8443, 9999}) {
        for (const char* iface : {"", "lo", "eth1"}) {
          for (const Packet& p : {Tcp(src, dst, port), Udp(src, dst, port)}) {
            flowaudit::Verdict a = json.filter("input").Evaluate(p, In(iface)).verdict;
            flowaudit::Verdict b = text.filter("input").Evaluate(p, In(iface)).verdict;
            CHECK_MESSAGE(a == b, src, " ", dst, " ", port, " ", iface);
            ++compared;
          }
        }
      }
    }
  }
  CHECK(compared == 840);
}

TEST_CASE("nftables json: coverage counts rules, for JSON and for text") {
  Imported json = Import(kRulesetJson);
  CHECK(json.device.coverage.unit == "rules");
  CHECK(json.device.coverage.total == 18);
  CHECK(json.device.coverage.understood == 18);
  NftablesImporter importer;
  Imported text = ImportText(importer, "fw.nft", kRulesetText);
  CHECK(text.device.coverage.total == 18);
  CHECK(text.device.coverage.understood == 18);
}

TEST_CASE("nftables json: malformed JSON is a located error") {
  CHECK(Messages(Import("{\"nftables\": [\n{\"table\": {\"family\": \"inet\", \"name\": \"t\"}},\n"
                        "{\"chain\": }\n]}\n")) ==
        "fw.json:3:11: error: invalid JSON: syntax error while parsing value - unexpected '}'; "
        "expected '[', '{', or a literal\n"
        "{\"chain\": }\n"
        "          ^\n");
  CHECK(Messages(Import("{\"nftables\": [\n")) ==
        "fw.json:1:15: error: invalid JSON: syntax error while parsing value - unexpected "
        "end of input; expected '[', '{', or a literal\n"
        "{\"nftables\": [\n"
        "              ^\n");
  CHECK(Messages(Import("{\"rules\": []}")) ==
        "fw.json:1:1: error: expected {\"nftables\": [ … ]} (the output of `nft -j list "
        "ruleset`)\n"
        "{\"rules\": []}\n"
        "^~~~~~~~~~~~~\n");
}

TEST_CASE("nftables json: unknown expressions are located warnings and unknown terms") {
  Imported fw = Import(R"JSON({"nftables": [
{"table": {"family": "ip", "name": "t", "handle": 1}},
{"chain": {"family": "ip", "table": "t", "name": "c", "handle": 1, "type": "filter", "hook": "input", "prio": 0, "policy": "drop"}},
{"rule": {"family": "ip", "table": "t", "chain": "c", "handle": 2, "expr": [
  {"match": {"op": "==", "left": {"meta": {"key": "mark"}}, "right": 1}},
  {"accept": null}]}},
{"rule": {"family": "ip", "table": "t", "chain": "c", "handle": 3, "expr": [
  {"limit": {"rate": 10, "per": "second"}},
  {"accept": null}]}},
{"rule": {"family": "ip", "table": "t", "chain": "c", "handle": 4, "expr": [
  {"match": {"op": "==", "left": {"payload": {"protocol": "tcp", "field": "flags"}}, "right": "syn"}},
  {"accept": null}]}},
{"rule": {"family": "ip", "table": "t", "chain": "c", "handle": 5, "expr": [
  {"match": {"op": "==", "left": {"payload": {"protocol": "tcp", "field": "dport"}}, "right": 22}},
  {"queue": {"num": 1}}]}},
{"rule": {"family": "ip", "table": "t", "chain": "c", "handle": 6, "expr": [
  {"match": {"op": "==", "left": {"payload": {"protocol": "tcp", "field": "dport"}}, "right": 23}},
  {"accept": null}]}}
]}
)JSON");
  CHECK(
      Messages(fw) ==
      "fw.json:5:34: warning: unsupported expression 'meta mark'; the rule's match is unknown\n"
      "  {\"match\": {\"op\": \"==\", \"left\": {\"meta\": {\"key\": \"mark\"}}, \"right\": 1}},\n"
      "                                 ^~~~~~~~~~~~~~~~~~~~~~~~~\n"
      "fw.json:8:3: warning: unsupported statement 'limit'; the rule's match is unknown\n"
      "  {\"limit\": {\"rate\": 10, \"per\": \"second\"}},\n"
      "  ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n"
      "fw.json:11:34: warning: unsupported expression 'tcp flags'; the rule's match is unknown\n"
      "  {\"match\": {\"op\": \"==\", \"left\": {\"payload\": {\"protocol\": \"tcp\", \"field\": "
      "\"flags\"}}, \"right\": \"syn\"}},\n"
      "                                 ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n"
      "fw.json:15:3: warning: unsupported verdict 'queue'; the rule's action is unknown\n"
      "  {\"queue\": {\"num\": 1}}]}},\n"
      "  ^~~~~~~~~~~~~~~~~~~~~\n");
  // Port 23: every way ends in accept; port 24 is accepted or meets the policy.
  CHECK(Decide(fw, "ip t c", Tcp("10.0.0.1", "10.0.0.2", 23)) == "permit 16:10 (handle 6)");
  CHECK(Decide(fw, "ip t c", Tcp("10.0.0.1", "10.0.0.2", 24)) == "unknown policy");
  CHECK(Decide(fw, "ip t c", Tcp("10.0.0.1", "10.0.0.2", 22)) == "unknown 13:10 (handle 5)");
  CHECK(fw.device.coverage.total == 5);
  CHECK(fw.device.coverage.understood == 1);
}

TEST_CASE("nftables json: errors nft would refuse, undefined names, unreadable values") {
  Imported fw = Import(R"JSON({"nftables": [
{"table": {"family": "inet", "name": "t"}},
{"chain": {"family": "inet", "table": "t", "name": "c", "type": "filter", "hook": "input", "prio": 0}},
{"rule": {"family": "inet", "table": "t", "chain": "c", "expr": [
  {"match": {"op": "==", "left": {"payload": {"protocol": "tcp", "field": "dport"}}, "right": 80}},
  {"match": {"op": "==", "left": {"payload": {"protocol": "udp", "field": "dport"}}, "right": 53}},
  {"accept": null}]}},
{"rule": {"family": "inet", "table": "t", "chain": "c", "expr": [
  {"match": {"op": "==", "left": {"payload": {"protocol": "ip", "field": "saddr"}}, "right": "@nope"}},
  {"jump": {"target": "nowhere"}}]}},
{"rule": {"family": "inet", "table": "t", "chain": "missing", "expr": [{"accept": null}]}},
{"rule": {"family": "inet", "table": "t", "chain": "c", "expr": [
  {"match": {"op": "==", "left": {"payload": {"protocol": "tcp", "field": "dport"}}, "right": "htp"}},
  {"accept": null}]}},
{"rule": {"family": "inet", "table": "t", "chain": "c", "expr": [
  {"match": {"op": "==", "left": {"payload": {"protocol": "ip", "field": "saddr"}}, "right": "10.0.0.1"}},
  {"reject": {"type": "icmpv6", "expr": "admin-prohibited"}}]}},
{"rule": {"family": "inet", "table": "t", "chain": "c", "expr": [
  {"match": {"op": "==", "left": {"payload": {"protocol": "ip", "field": "saddr"}}, "right": {"fib": {}}}},
  {"accept": null}]}}
]}
)JSON");
  CHECK(
      Messages(fw) ==
      "fw.json:11:10: error: rule for undefined chain 'missing'\n"
      "{\"rule\": {\"family\": \"inet\", \"table\": \"t\", \"chain\": \"missing\", \"expr\": "
      "[{\"accept\": null}]}},\n"
      "         ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n"
      "fw.json:6:34: error: conflicting protocols specified: tcp vs. udp\n"
      "  {\"match\": {\"op\": \"==\", \"left\": {\"payload\": {\"protocol\": \"udp\", \"field\": "
      "\"dport\"}}, \"right\": 53}},\n"
      "                                 ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n"
      "fw.json:9:94: error: undefined set '@nope'\n"
      "  {\"match\": {\"op\": \"==\", \"left\": {\"payload\": {\"protocol\": \"ip\", \"field\": "
      "\"saddr\"}}, \"right\": \"@nope\"}},\n"
      "                                                                                            "
      " "
      "^~~~~~~\n"
      "fw.json:10:23: error: jump to undefined chain 'nowhere'\n"
      "  {\"jump\": {\"target\": \"nowhere\"}}]}},\n"
      "                      ^~~~~~~~~\n"
      "fw.json:13:95: error: expected a port, got 'htp'\n"
      "  {\"match\": {\"op\": \"==\", \"left\": {\"payload\": {\"protocol\": \"tcp\", \"field\": "
      "\"dport\"}}, \"right\": \"htp\"}},\n"
      "                                                                                            "
      "  "
      "^~~~~\n"
      "fw.json:17:41: error: conflicting protocols specified: ip vs ip6\n"
      "  {\"reject\": {\"type\": \"icmpv6\", \"expr\": \"admin-prohibited\"}}]}},\n"
      "                                        ^~~~~~~~~~~~~~~~~~\n"
      "fw.json:19:94: warning: unsupported value 'fib'; the rule's match is unknown\n"
      "  {\"match\": {\"op\": \"==\", \"left\": {\"payload\": {\"protocol\": \"ip\", \"field\": "
      "\"saddr\"}}, \"right\": {\"fib\": {}}}},\n"
      "                                                                                            "
      " "
      "^~~~~~~~~~~\n");
  CHECK(fw.device.coverage.total == 5);
  CHECK(fw.device.coverage.understood == 0);
  // An unreadable rule is unknown only where its readable part matches: for IPv6 traffic
  // every way ends in accept (the unreadable port rule accepts, so does the policy).
  CHECK(Decide(fw, "inet t c", Tcp("2001:db8::1", "2001:db8::2", 80)) == "permit policy");
}

TEST_CASE("nftables json: `nft -j -f` command objects (add, insert, flush)") {
  Imported fw = Import(R"JSON({"nftables": [
  {"flush": {"ruleset": null}},
  {"add": {"table": {"family": "ip", "name": "t"}}},
  {"add": {"chain": {"family": "ip", "table": "t", "name": "c", "type": "filter", "hook": "forward", "prio": 0, "policy": "drop"}}},
  {"add": {"rule": {"family": "ip", "table": "t", "chain": "c", "expr": [{"match": {"op": "==", "left": {"payload": {"protocol": "tcp", "field": "dport"}}, "right": 22}}, {"accept": null}]}}},
  {"insert": {"rule": {"family": "ip", "table": "t", "chain": "c", "expr": [{"match": {"op": "==", "left": {"payload": {"protocol": "ip", "field": "saddr"}}, "right": "192.0.2.1"}}, {"drop": null}]}}}
]}
)JSON");
  CHECK(Messages(fw).empty());
  CHECK(Decide(fw, "forward", Tcp("192.0.2.1", "10.0.0.2", 22)) == "deny 6:23");
  CHECK(Decide(fw, "forward", Tcp("192.0.2.2", "10.0.0.2", 22)) == "permit 5:20");
  CHECK(Decide(fw, "forward", Tcp("192.0.2.2", "10.0.0.2", 23)) == "deny 4:21 (policy of ip t c)");
  // An ip table: IPv6 packets pass it untouched.
  CHECK(fw.device.forward.size() == 1);
  CHECK(fw.device.forward[0].family == Family::kIpv4);
}

// Elements added to a named set by a later command (loaded with `nft -j -f`).
TEST_CASE("nftables json: add element fills a named set") {
  Imported fw = Import(R"JSON({"nftables": [
  {"add": {"table": {"family": "ip", "name": "t"}}},
  {"add": {"set": {"family": "ip", "table": "t", "name": "ssh_ok", "type": "ipv4_addr", "flags": ["interval"]}}},
  {"add": {"element": {"family": "ip", "table": "t", "name": "ssh_ok", "elem": [{"prefix": {"addr": "10.1.0.0", "len": 16}}]}}},
  {"add": {"chain": {"family": "ip", "table": "t", "name": "c", "type": "filter", "hook": "forward", "prio": 0, "policy": "drop"}}},
  {"add": {"rule": {"family": "ip", "table": "t", "chain": "c", "expr": [{"match": {"op": "==", "left": {"payload": {"protocol": "ip", "field": "saddr"}}, "right": "@ssh_ok"}}, {"accept": null}]}}}
]}
)JSON");
  CHECK(Messages(fw).empty());
  CHECK(Decide(fw, "forward", Tcp("10.1.2.3", "10.0.0.2", 22)) == "permit 6:20");
  CHECK(Decide(fw, "forward", Tcp("10.2.2.3", "10.0.0.2", 22)) == "deny 5:21 (policy of ip t c)");
}

}  // namespace
}  // namespace flowaudit
