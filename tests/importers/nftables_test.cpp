// The nftables importer (`nft list ruleset` text): structure, match and verdict semantics on
// concrete first packets (Filter::Evaluate names the deciding rule's line), hooks with several
// base chains, the device pipelines, and every diagnostic with its exact text. The valid
// rulesets were loaded into a kernel (in a network namespace) with nft 1.0.6 and are written
// as `nft list ruleset` printed them back; the ones that test diagnostics are hand-made.
#include <doctest/doctest.h>

#include <string>

#include "importers/importer.h"
#include "importers/nftables/nftables_importer.h"
#include "tests/importers/importer_test_util.h"

namespace flowaudit {
namespace {

using namespace flowaudit::testing;

Imported Import(std::string_view text) {
  NftablesImporter importer;
  return ImportText(importer, "fw.nft", text);
}

Imported ImportClean(std::string_view text) {
  Imported out = Import(text);
  CHECK_MESSAGE(out.diagnostics.All().empty(), out.Messages());
  return out;
}

std::string Errors(std::string_view text) { return Import(text).Messages(); }

// "permit line 7", "deny policy", "permit (label)", "unknown line 3"…
std::string Verdict(const Imported& fw, const std::string& filter, const Packet& packet,
                    const MatchContext& context = {}) {
  return DescribeDecision(fw.filter(filter).Evaluate(packet, context));
}

// The verdict of a pipeline of stages, as the network model runs it: every stage must permit.
std::string PipelineVerdict(const std::vector<Stage>& stages, const Packet& packet,
                            const MatchContext& context = {}) {
  for (const Stage& stage : stages) {
    if (stage.family && *stage.family != packet.family) continue;
    Decision d = stage.filter.Evaluate(packet, context);
    if (d.verdict != Verdict::kPermit) {
      return std::string(VerdictName(d.verdict)) + " in " + stage.filter.name();
    }
  }
  return "permit";
}

constexpr std::string_view kRuleset = R"CFG(table inet fw {
	set admin_v4 {
		type ipv4_addr
		flags interval
		elements = { 192.0.2.0/24, 198.51.100.10-198.51.100.20 }
	}

	set web_ports {
		type inet_service
		elements = { 80, 443 }
	}

	chain input {
		type filter hook input priority filter; policy drop;
		iifname "lo" accept
		ct state established,related accept
		ct state invalid drop
		ip saddr @admin_v4 tcp dport 22 accept
		ip6 saddr fe80::/10 udp dport 546 accept
		tcp dport { 80, 443, 8000-8080 } jump web
		meta l4proto { tcp, udp } th dport 53 accept
		ip saddr != 10.0.0.0/8 tcp dport 3306 drop
		icmp type { echo-request, timestamp-request } accept
		icmpv6 type { echo-request, nd-neighbor-solicit } accept
		iifname "eth*" tcp dport @web_ports counter packets 0 bytes 0 log prefix "web " accept
		tcp dport 25 reject with icmpx admin-prohibited
		tcp dport 26 reject with tcp reset
		udp dport 27 reject
		ip protocol gre accept comment "tunnel"
		counter packets 0 bytes 0 comment "tail"
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

TEST_CASE("nftables: filters by table and chain, and by hook") {
  Imported fw = ImportClean(kRuleset);
  CHECK(fw.device.vendor == "nftables");
  std::vector<std::string> names;
  for (const auto& [name, filter] : fw.device.filters) names.push_back(name);
  CHECK(names ==
        std::vector<std::string>{"inet fw input", "inet fw legacy", "inet fw web", "input"});
  CHECK(fw.device.local.size() == 1);
  CHECK(fw.device.forward.empty());
  CHECK(SniffNftables(kRuleset));
  CHECK_FALSE(SniffNftables("*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n"));
  REQUIRE(FindImporter("nftables") != nullptr);
  CHECK(SniffImporter(kRuleset) == FindImporter("nftables"));
}

TEST_CASE("nftables: addresses, named sets, ports and families in an inet table") {
  Imported fw = ImportClean(kRuleset);
  const std::string in = "inet fw input";
  CHECK(Verdict(fw, in, Tcp("192.0.2.7", "10.0.0.1", 22)) == "permit line 18");
  CHECK(Verdict(fw, in, Tcp("198.51.100.20", "10.0.0.1", 22)) == "permit line 18");
  CHECK(Verdict(fw, in, Tcp("198.51.100.21", "10.0.0.1", 22)) == "deny policy");
  CHECK(Verdict(fw, in, Udp("fe80::1", "fe80::2", 546)) == "permit line 19");
  CHECK(Verdict(fw, in, Udp("2001:db8::1", "fe80::2", 546)) == "deny policy");
  // `ip saddr != 10.0.0.0/8` never matches IPv6: the IPv6 packet falls to the policy.
  CHECK(Verdict(fw, in, Tcp("172.16.0.1", "10.0.0.1", 3306)) == "deny line 22");
  CHECK(Verdict(fw, in, Tcp("10.2.0.1", "10.0.0.1", 3306)) == "deny policy");
  CHECK(Verdict(fw, in, Tcp("2001:db8::1", "2001:db8::2", 3306)) == "deny policy");
  // th dport with l4proto: TCP and UDP, not SCTP.
  CHECK(Verdict(fw, in, Udp("2001:db8::1", "2001:db8::2", 53)) == "permit line 21");
  CHECK(Verdict(fw, in, Tcp("10.2.0.1", "10.0.0.1", 53)) == "permit line 21");
  Packet sctp = Tcp("10.2.0.1", "10.0.0.1", 53);
  sctp.protocol = protocol::kSctp;
  CHECK(Verdict(fw, in, sctp) == "deny policy");
  // ip protocol: IPv4 only.
  CHECK(Verdict(fw, in, Make("10.2.0.1", "10.0.0.1", protocol::kGre)) == "permit line 29");
  CHECK(Verdict(fw, in, Make("2001:db8::1", "2001:db8::2", protocol::kGre)) == "deny policy");
}

TEST_CASE("nftables: jump, return, goto and relational port matches") {
  Imported fw = ImportClean(kRuleset);
  const std::string in = "inet fw input";
  // web: return for 10.1/16 continues after the jump in input (and meets the policy).
  CHECK(Verdict(fw, in, Tcp("10.2.0.1", "10.1.2.3", 80)) == "deny policy");
  CHECK(Verdict(fw, in, Tcp("10.2.0.1", "10.9.2.3", 80)) == "permit line 35");
  // 8080 is not < 100: goto legacy drops.
  CHECK(Verdict(fw, in, Tcp("10.2.0.1", "10.9.2.3", 8080)) == "deny line 40");
}

TEST_CASE("nftables: interfaces, wildcards, conntrack states and ICMP types") {
  Imported fw = ImportClean(kRuleset);
  const std::string in = "inet fw input";
  CHECK(Verdict(fw, in, Tcp("10.2.0.1", "10.0.0.1", 5000), In("lo")) == "permit line 15");
  // eth* is a wildcard; web ports come from a named set. 80 is caught by the jump first.
  CHECK(Verdict(fw, in, Tcp("10.2.0.1", "10.1.0.1", 443), In("eth1")) == "permit line 25");
  CHECK(Verdict(fw, in, Tcp("10.2.0.1", "10.1.0.1", 443), In("wlan0")) == "deny policy");
  // First packets: an echo request is NEW, an echo reply INVALID (dropped on line 17).
  CHECK(Verdict(fw, in, Icmp("10.2.0.1", "10.0.0.1", 8)) == "permit line 23");
  CHECK(Verdict(fw, in, Icmp("10.2.0.1", "10.0.0.1", 13)) == "permit line 23");
  CHECK(Verdict(fw, in, Icmp("10.2.0.1", "10.0.0.1", 0)) == "deny line 17");
  // Neighbour solicitations are UNTRACKED, not INVALID: they reach the icmpv6 rule.
  CHECK(Verdict(fw, in, Icmp("fe80::1", "fe80::2", 135)) == "permit line 24");
  CHECK(Verdict(fw, in, Icmp("fe80::1", "fe80::2", 128)) == "permit line 24");
  CHECK(Verdict(fw, in, Icmp("fe80::1", "fe80::2", 8)) == "deny line 17");
}

TEST_CASE("nftables: reject forms, counter and log do not decide") {
  Imported fw = ImportClean(kRuleset);
  const std::string in = "inet fw input";
  CHECK(Verdict(fw, in, Tcp("10.2.0.1", "10.0.0.1", 25)) == "deny line 26");
  CHECK(Verdict(fw, in, Tcp("10.2.0.1", "10.0.0.1", 26)) == "deny line 27");
  CHECK(Verdict(fw, in, Udp("10.2.0.1", "10.0.0.1", 27)) == "deny line 28");
  Decision d = fw.filter(in).Evaluate(Tcp("10.2.0.1", "10.0.0.1", 25), {});
  CHECK(d.action.kind == ActionKind::kReject);
  CHECK(d.action.name == "reject with icmpx admin-prohibited");
  d = fw.filter(in).Evaluate(Tcp("10.2.0.1", "10.0.0.1", 26), {});
  CHECK(d.action.name == "reject with tcp reset");
}

// Two tables on the input hook: `ip extra early` (priority filter - 5) runs before `inet fw
// input` (filter); both must accept.
constexpr std::string_view kTwoChains = R"CFG(table inet fw {
	chain input {
		type filter hook input priority filter; policy drop;
		tcp dport 22 accept
		tcp dport 23 jump sub
	}

	chain sub {
		ip saddr 10.0.0.0/8 accept
	}
}
table ip extra {
	chain early {
		type filter hook input priority filter - 5; policy accept;
		ip saddr 192.0.2.0/24 drop
		tcp dport 22 accept
		tcp dport 80 jump nested
	}

	chain nested {
		ip saddr 198.51.100.0/24 accept
		return
	}

	chain forward_extra {
		type filter hook forward priority filter + 10; policy accept;
		ip daddr 10.9.0.0/16 drop
	}
}
)CFG";

TEST_CASE("nftables: several base chains on one hook all have to accept") {
  Imported fw = ImportClean(kTwoChains);
  // An accept in `early` only ends that chain: `input` still decides.
  CHECK(Verdict(fw, "ip extra early", Tcp("10.2.0.1", "10.0.0.1", 80)) == "permit policy");
  CHECK(Verdict(fw, "input", Tcp("10.2.0.1", "10.0.0.1", 22)) == "permit line 4");
  CHECK(Verdict(fw, "input", Tcp("10.2.0.1", "10.0.0.1", 80)) == "deny line 3");
  // An accept from inside a jumped-to chain of the first stage goes on to the next stage.
  CHECK(Verdict(fw, "input", Tcp("198.51.100.1", "10.0.0.1", 80)) == "deny line 3");
  CHECK(Verdict(fw, "input", Tcp("198.51.100.1", "10.0.0.1", 23)) == "deny line 3");
  CHECK(Verdict(fw, "input", Tcp("10.2.0.1", "10.0.0.1", 23)) == "permit line 9");
  // A drop in the first stage is final.
  CHECK(Verdict(fw, "input", Tcp("192.0.2.1", "10.0.0.1", 22)) == "deny line 15");
  // IPv6 does not traverse the ip table; only the inet chain decides.
  CHECK(Verdict(fw, "input", Tcp("2001:db8::1", "2001:db8::2", 22)) == "permit line 4");
  CHECK(Verdict(fw, "ip extra early", Tcp("2001:db8::1", "2001:db8::2", 80)) ==
        "permit (ipv6 packets do not traverse table ip extra)");
  // The forward hook: one chain, policy accept.
  CHECK(Verdict(fw, "forward", Tcp("10.2.0.1", "10.9.0.1", 22)) == "deny line 27");
  CHECK(Verdict(fw, "forward", Tcp("10.2.0.1", "10.8.0.1", 22)) == "permit line 26");
  CHECK(Verdict(fw, "forward", Tcp("2001:db8::1", "2001:db8::2", 22)) ==
        "permit (ipv6 packets do not traverse table ip extra)");
}

TEST_CASE("nftables: device pipelines are the base chains in priority order") {
  Imported fw = ImportClean(kTwoChains);
  REQUIRE(fw.device.local.size() == 2);
  CHECK(fw.device.local[0].filter.name() == "ip extra early");
  CHECK(fw.device.local[0].family == Family::kIpv4);
  CHECK(fw.device.local[1].filter.name() == "inet fw input");
  CHECK_FALSE(fw.device.local[1].family.has_value());
  REQUIRE(fw.device.forward.size() == 1);
  CHECK(fw.device.forward[0].filter.name() == "ip extra forward_extra");
  CHECK(PipelineVerdict(fw.device.local, Tcp("10.2.0.1", "10.0.0.1", 80)) ==
        "deny in inet fw input");
  CHECK(PipelineVerdict(fw.device.local, Tcp("192.0.2.1", "10.0.0.1", 22)) ==
        "deny in ip extra early");
  CHECK(PipelineVerdict(fw.device.local, Tcp("10.2.0.1", "10.0.0.1", 22)) == "permit");
  // The composed hook filter agrees with the pipeline on every packet.
  const Filter& hook = fw.filter("input");
  PacketSet permitted = hook.Analyze(PacketSet::All(), {}).WithVerdict(Verdict::kPermit);
  PacketSet expected = PacketSet::All();
  for (const Stage& stage : fw.device.local) {
    PacketSet stage_permits =
        stage.filter.Analyze(PacketSet::All(), {}).WithVerdict(Verdict::kPermit);
    expected &= stage_permits;
  }
  CHECK(permitted == expected);
  CHECK(hook.Verdicts(PacketSet::All(), {}).permit == permitted);
  CHECK(permitted.Contains(Tcp("10.2.0.1", "10.0.0.1", 23)));
  CHECK_FALSE(permitted.Contains(Tcp("2001:db8::1", "2001:db8::2", 23)));
}

TEST_CASE("nftables: return in a base chain applies its policy; policy defaults to accept") {
  // Written as an nft input file: `nft list ruleset` would print "priority filter; policy
  // accept;" for the first chain.
  Imported fw = ImportClean(R"CFG(table ip6 t {
	chain out {
		type filter hook output priority 0;
		tcp dport 22 return
		tcp dport 23 drop
	}

	chain fwd2 {
		type filter hook forward priority 0; policy drop;
		udp dport 53 goto dns
		udp dport 54 continue
		udp dport 54 accept
	}

	chain dns {
		ip6 daddr 2001:db8::53 accept
	}
}
)CFG");
  CHECK(Verdict(fw, "ip6 t out", Tcp("2001:db8::1", "2001:db8::2", 22)) == "permit policy");
  CHECK(Verdict(fw, "ip6 t out", Tcp("2001:db8::1", "2001:db8::2", 23)) == "deny line 5");
  CHECK(Verdict(fw, "output", Tcp("2001:db8::1", "2001:db8::2", 22)) == "permit line 3");
  CHECK(Verdict(fw, "ip6 t fwd2", Udp("2001:db8::1", "2001:db8::53", 53)) == "permit line 16");
  CHECK(Verdict(fw, "ip6 t fwd2", Udp("2001:db8::1", "2001:db8::54", 53)) == "deny policy");
  CHECK(Verdict(fw, "forward", Udp("2001:db8::1", "2001:db8::54", 53)) == "deny line 9");
  CHECK(Verdict(fw, "ip6 t fwd2", Udp("2001:db8::1", "2001:db8::54", 54)) == "permit line 12");
  // The IPv4 packet passes the ip6 table.
  CHECK(Verdict(fw, "forward", Udp("10.0.0.1", "10.0.0.2", 53)) ==
        "permit (ipv4 packets do not traverse table ip6 t)");
}

TEST_CASE("nftables: what is not understood is unknown, with a located warning") {
  Imported fw = Import(R"CFG(table ip extra {
	chain early {
		type filter hook input priority filter - 5; policy drop;
		limit rate 10/second accept
		meta mark vmap { 1 : accept }
		tcp dport 22 accept
	}
}
)CFG");
  CHECK(fw.Messages() ==
        "fw.nft:4:3: warning: unsupported expression 'limit rate'; the rule's match is unknown\n"
        "\t\tlimit rate 10/second accept\n"
        "\t\t^~~~~\n"
        "fw.nft:5:3: warning: unsupported expression 'meta mark'; the rule's match is unknown\n"
        "\t\tmeta mark vmap { 1 : accept }\n"
        "\t\t^~~~\n");
  // Every way a port-22 packet can go ends in accept; port 23 depends on the unknown rules.
  CHECK(Verdict(fw, "ip extra early", Tcp("10.0.0.1", "10.0.0.2", 22)) == "permit line 6");
  CHECK(Verdict(fw, "ip extra early", Tcp("10.0.0.1", "10.0.0.2", 23)) == "unknown policy");
}

TEST_CASE("nftables: a base chain whose hook line is damaged makes every hook UNKNOWN") {
  // "tpye" reads as a rule, so `input` is a regular chain nothing jumps to: its drop of port 23
  // would be lost. It may be a base chain at any hook instead: what it could drop is UNKNOWN.
  // (With `policy …` on that line, the policy of a regular chain is already an error.)
  Imported fw = Import(R"CFG(table inet fw {
	chain input {
		tpye filter hook input priority filter;
		tcp dport 23 drop
	}
	chain forward {
		type filter hook forward priority filter; policy accept;
		tcp dport 80 drop
		jump checks
	}
	chain checks {
		zq9 rate 10/second accept
	}
	chain spare {
		meta mark 0x00000001 drop
	}
}
)CFG");
  std::string messages = fw.Messages();
  CHECK(messages.find("fw.nft:3:3: warning: chain 'input' is not a base chain and no rule jumps "
                      "to it, but its first line does not start like an nft statement: if it is "
                      "the chain's damaged "
                      "'type … hook … priority …' line, the chain may drop packets at any hook "
                      "of table inet fw; packets it could drop are UNKNOWN\n") !=
        std::string::npos);
  // `checks` starts with a line not understood, but `forward` jumps to it: no stand-in for it;
  // `spare` is reached by nothing, but `meta mark` starts like nft (an expression flowaudit
  // does not model): no stand-in either.
  CHECK(messages.find("chain 'checks' is not") == std::string::npos);
  CHECK(messages.find("fw.nft:15:3: warning: unsupported expression 'meta mark'") !=
        std::string::npos);
  CHECK(messages.find("chain 'spare' is not") == std::string::npos);
  CHECK(Verdict(fw, "input", Tcp("10.0.0.1", "10.0.0.2", 22)) == "unknown line 3");
  CHECK(Verdict(fw, "forward", Tcp("10.0.0.1", "10.0.0.2", 80)) == "deny line 8");
  CHECK(Verdict(fw, "forward", Tcp("10.0.0.1", "10.0.0.2", 443)) == "unknown line 7");
  // Undamaged, the same table decides both definitely.
  Imported fixed = Import(R"CFG(table inet fw {
	chain input {
		type filter hook input priority filter; policy accept;
		tcp dport 23 drop
	}
}
)CFG");
  CHECK(Verdict(fixed, "input", Tcp("10.0.0.1", "10.0.0.2", 22)) == "permit line 3");
}

TEST_CASE("nftables: errors in values are located") {
  std::string messages = Errors(R"CFG(table inet t {
	chain c {
		type filter hook input priority filter; policy bogus;
		ip saddr 10.0.0.300 accept
		ip6 saddr 10.0.0.1 accept
		tcp dport htp accept
		tcp dport 90-80 accept
		ct state bogus accept
		icmp type bogus accept
		icmpv6 type echo accept
		meta l4proto nosuch accept
		ip saddr @nope accept
		jump nowhere
		tcp dport
	}
}
)CFG");
  CHECK(messages ==
        "fw.nft:3:50: error: expected 'accept' or 'drop' after 'policy'\n"
        "\t\ttype filter hook input priority filter; policy bogus;\n"
        "\t\t                                               ^~~~~\n"
        "fw.nft:4:12: error: '10.0.0.300' is not an IP address\n"
        "\t\tip saddr 10.0.0.300 accept\n"
        "\t\t         ^~~~~~~~~~\n"
        "fw.nft:5:13: error: expected an IPv6 address, got '10.0.0.1'\n"
        "\t\tip6 saddr 10.0.0.1 accept\n"
        "\t\t          ^~~~~~~~\n"
        "fw.nft:6:13: error: expected a port, got 'htp'\n"
        "\t\ttcp dport htp accept\n"
        "\t\t          ^~~\n"
        "fw.nft:7:13: error: Range has zero or negative size\n"
        "\t\ttcp dport 90-80 accept\n"
        "\t\t          ^~~~~\n"
        "fw.nft:8:12: error: unknown conntrack state 'bogus'\n"
        "\t\tct state bogus accept\n"
        "\t\t         ^~~~~\n"
        "fw.nft:9:13: error: unknown ICMP type 'bogus'\n"
        "\t\ticmp type bogus accept\n"
        "\t\t          ^~~~~\n"
        "fw.nft:10:15: error: unknown ICMPv6 type 'echo'\n"
        "\t\ticmpv6 type echo accept\n"
        "\t\t            ^~~~\n"
        "fw.nft:11:16: error: unknown protocol 'nosuch'\n"
        "\t\tmeta l4proto nosuch accept\n"
        "\t\t             ^~~~~~\n"
        "fw.nft:12:12: error: undefined set '@nope'\n"
        "\t\tip saddr @nope accept\n"
        "\t\t         ^~~~~\n"
        "fw.nft:13:8: error: jump to undefined chain 'nowhere'\n"
        "\t\tjump nowhere\n"
        "\t\t     ^~~~~~~\n"
        "fw.nft:14:7: error: expected a value after 'dport'\n"
        "\t\ttcp dport\n"
        "\t\t    ^~~~~\n");
}

TEST_CASE("nftables: structure errors") {
  CHECK(Errors("table inet t {\n\tchain c {\n\t\tcounter\n") ==
        "fw.nft:2:8: error: expected '}' to close 'c'\n"
        "\tchain c {\n"
        "\t      ^\n"
        "fw.nft:1:12: error: expected '}' to close 't'\n"
        "table inet t {\n"
        "           ^\n");
  CHECK(Errors("flush ruleset\n") ==
        "fw.nft:1:1: error: expected 'table', got 'flush'\n"
        "flush ruleset\n"
        "^~~~~\n");
  CHECK(Errors("table inet t {\n\tchain c {\n\t\tiifname \"eth0 accept\n\t}\n}\n") ==
        "fw.nft:3:11: error: unterminated string\n"
        "\t\tiifname \"eth0 accept\n"
        "\t\t        ^~~~~~~~~~~~\n");
  CHECK(Errors("table inet t {\n\tchain c {\n\t\ttype filter hook input priority x;\n\t}\n}\n") ==
        "fw.nft:3:35: error: expected a priority, got 'x'\n"
        "\t\ttype filter hook input priority x;\n"
        "\t\t                                ^\n");
}

TEST_CASE("nftables: sets without elements, dynamic sets and other families are flagged") {
  Imported fw = Import(R"CFG(table inet t {
	set terse {
		type ipv4_addr
		flags interval
	}

	set meter {
		type ipv4_addr
		flags dynamic
	}

	chain c {
		type filter hook input priority filter; policy drop;
		ip saddr @terse accept
		ip saddr @meter accept
		ip daddr . tcp dport { 10.0.0.1 . 22 } accept
		tcp dport 22 queue
	}
}
table bridge b {
	chain c {
		type filter hook input priority filter; policy drop;
	}
}
)CFG");
  CHECK(fw.Messages() ==
        "fw.nft:20:7: warning: table family 'bridge' is not modelled; its chains are ignored\n"
        "table bridge b {\n"
        "      ^~~~~~\n"
        "fw.nft:14:12: warning: set 'terse' lists no elements (empty, or listed with -t/--terse, "
        "which omits them); the rule's match is unknown\n"
        "\t\tip saddr @terse accept\n"
        "\t\t         ^~~~~~\n"
        "fw.nft:15:12: warning: set 'meter' is dynamic (its elements change at runtime); the "
        "rule's match is unknown\n"
        "\t\tip saddr @meter accept\n"
        "\t\t         ^~~~~~\n"
        "fw.nft:16:12: warning: unsupported concatenation; the rule's match is unknown\n"
        "\t\tip daddr . tcp dport { 10.0.0.1 . 22 } accept\n"
        "\t\t         ^\n"
        "fw.nft:17:16: warning: unsupported verdict 'queue'; the rule's action is unknown\n"
        "\t\ttcp dport 22 queue\n"
        "\t\t             ^~~~~\n");
  CHECK(Verdict(fw, "inet t c", Tcp("10.0.0.1", "10.0.0.2", 22)) == "unknown line 17");
  CHECK(Verdict(fw, "inet t c", Tcp("10.0.0.1", "10.0.0.2", 23)) == "unknown policy");
  // Every unknown here is about IPv4 (or TCP port 22): other packets are decided.
  CHECK(Verdict(fw, "inet t c", Tcp("2001:db8::1", "2001:db8::2", 23)) == "deny policy");
  CHECK(fw.device.filters.count("bridge b c") == 0);
}

// Three tables on the input hook (one dormant), a raw-priority chain before conntrack and a
// nat chain.
constexpr std::string_view kPriorities = R"CFG(table ip v4only {
	set blocked {
		type ipv4_addr
		flags interval
		elements = { 198.51.100.7, 203.0.113.0/24 }
	}

	chain pre {
		type filter hook prerouting priority raw; policy accept;
		ct state new drop
	}

	chain in {
		type filter hook input priority filter + 10; policy accept;
		ip saddr @blocked drop
		ct state != { established, related, new } drop
		iifname { "eth0", "wg*" } tcp sport 1024-65535 tcp dport != { 22, 2222 } drop
		oifname != "eth1" udp dport 9 drop
	}
}
table inet middle {
	flags dormant

	chain in {
		type filter hook input priority filter + 5; policy drop;
	}
}
table inet fw {
	chain in {
		type filter hook input priority filter; policy drop;
		ip6 nexthdr tcp accept
		meta l4proto icmp return
		udp dport > 1023 udp dport <= 2000 accept
	}

	chain nat_pre {
		type nat hook prerouting priority dstnat; policy accept;
		tcp dport 8080 dnat ip to 10.0.0.5:80
	}
}
)CFG";

MatchContext Out(std::string interface) {
  MatchContext c;
  c.out_interface = std::move(interface);
  return c;
}

TEST_CASE("nftables: priorities order the stages; dormant tables and nat chains") {
  Imported fw = Import(kPriorities);
  CHECK(fw.Messages() ==
        "fw.nft:38:18: warning: unsupported expression 'dnat ip'; the rule's match is unknown\n"
        "\t\ttcp dport 8080 dnat ip to 10.0.0.5:80\n"
        "\t\t               ^~~~\n"
        "fw.nft:37:3: warning: nat chains are not modelled; verdicts ignore their translations\n"
        "\t\ttype nat hook prerouting priority dstnat; policy accept;\n"
        "\t\t^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n");
  REQUIRE(fw.device.local.size() == 3);
  CHECK(fw.device.local[0].filter.name() == "ip v4only pre");
  CHECK(fw.device.local[1].filter.name() == "inet fw in");
  CHECK(fw.device.local[2].filter.name() == "ip v4only in");
  REQUIRE(fw.device.forward.size() == 1);
  CHECK(fw.device.forward[0].filter.name() == "ip v4only pre");
  CHECK(fw.device.filters.count("inet middle in") == 1);  // a filter, but in no pipeline
  CHECK(fw.device.filters.count("prerouting") == 1);

  CHECK(Verdict(fw, "input", Tcp("10.2.0.1", "10.0.0.1", 22)) == "deny line 30");
  CHECK(Verdict(fw, "input", Udp("10.2.0.1", "10.0.0.1", 1500)) == "permit line 14");
  CHECK(Verdict(fw, "input", Udp("198.51.100.7", "10.0.0.1", 1500)) == "deny line 15");
  CHECK(Verdict(fw, "input", Udp("203.0.113.9", "10.0.0.1", 1024)) == "deny line 15");
  CHECK(Verdict(fw, "input", Udp("10.2.0.1", "10.0.0.1", 1023)) == "deny line 30");
  CHECK(Verdict(fw, "input", Udp("10.2.0.1", "10.0.0.1", 2001)) == "deny line 30");
  CHECK(Verdict(fw, "input", Tcp("2001:db8::1", "2001:db8::2", 22)) ==
        "permit (ipv6 packets do not traverse table ip v4only)");
  // `return` in a base chain: its policy (drop) decides.
  CHECK(Verdict(fw, "input", Icmp("10.2.0.1", "10.0.0.1", 8)) == "deny line 30");

  // Symbolically, the composed hook permits exactly what every input stage permits, and the
  // flattening evaluator agrees with the partitioning one.
  const Filter& hook = fw.filter("input");
  PacketSet permitted = hook.Analyze(PacketSet::All(), {}).WithVerdict(Verdict::kPermit);
  PacketSet expected = PacketSet::All();
  for (const char* stage : {"inet fw in", "ip v4only in"}) {
    expected &= fw.filter(stage).Analyze(PacketSet::All(), {}).WithVerdict(Verdict::kPermit);
  }
  CHECK(permitted == expected);
  CHECK(hook.Verdicts(PacketSet::All(), {}).permit == permitted);
  CHECK(PipelineVerdict(fw.device.local, Udp("10.2.0.1", "10.0.0.1", 1500)) == "permit");
  CHECK(PipelineVerdict(fw.device.local, Icmp("10.2.0.1", "10.0.0.1", 0)) == "deny in inet fw in");
}

TEST_CASE("nftables: negated sets, interface sets and conntrack before and after conntrack") {
  Imported fw = Import(kPriorities);
  const std::string in = "ip v4only in";
  // An echo reply is INVALID as a first packet; an echo request is NEW.
  CHECK(Verdict(fw, in, Icmp("10.2.0.1", "10.0.0.1", 0)) == "deny line 16");
  CHECK(Verdict(fw, in, Icmp("10.2.0.1", "10.0.0.1", 8)) == "permit policy");
  CHECK(Verdict(fw, in, Tcp("10.2.0.1", "10.0.0.1", 80), In("eth0")) == "deny line 17");
  CHECK(Verdict(fw, in, Tcp("10.2.0.1", "10.0.0.1", 80), In("wg7")) == "deny line 17");
  CHECK(Verdict(fw, in, Tcp("10.2.0.1", "10.0.0.1", 2222), In("wg7")) == "permit policy");
  CHECK(Verdict(fw, in, Tcp("10.2.0.1", "10.0.0.1", 80), In("eth1")) == "permit policy");
  Packet low_source = Tcp("10.2.0.1", "10.0.0.1", 80);
  low_source.src_port = 1000;
  CHECK(Verdict(fw, in, low_source, In("eth0")) == "permit policy");
  CHECK(Verdict(fw, in, Udp("10.2.0.1", "10.0.0.1", 9), Out("eth1")) == "permit policy");
  CHECK(Verdict(fw, in, Udp("10.2.0.1", "10.0.0.1", 9), Out("eth2")) == "deny line 18");
  // At raw priority conntrack has not run yet: no packet is NEW there.
  CHECK(Verdict(fw, "ip v4only pre", Tcp("10.2.0.1", "10.0.0.1", 22)) == "permit policy");
  // ip6 nexthdr only matches IPv6.
  CHECK(Verdict(fw, "inet fw in", Tcp("2001:db8::1", "2001:db8::2", 22)) == "permit line 31");
  CHECK(Verdict(fw, "inet fw in", Tcp("10.2.0.1", "10.0.0.1", 22)) == "deny policy");
}

TEST_CASE("nftables: set elements that nft wraps over several lines") {
  Imported fw = ImportClean(R"CFG(table inet big {
	set many {
		type ipv4_addr
		flags interval
		elements = { 10.0.0.1, 10.0.0.3,
			     10.0.0.5, 10.0.0.7,
			     10.0.0.9, 10.0.0.11,
			     10.0.0.13, 10.0.0.15,
			     10.0.0.17, 10.0.0.19,
			     10.0.0.21, 10.0.0.23,
			     10.0.0.25 }
	}

	set ports {
		type inet_service
		flags interval
		elements = { 1-10, 20, 30-40 }
	}

	chain c {
		type filter hook forward priority filter; policy drop;
		ip saddr @many tcp dport @ports accept
		tcp dport { 1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31, 33, 35, 37, 39, 41, 43 } drop
	}
}
)CFG");
  const std::string c = "inet big c";
  CHECK(Verdict(fw, c, Tcp("10.0.0.25", "10.9.0.1", 35)) == "permit line 22");
  CHECK(Verdict(fw, c, Tcp("10.0.0.13", "10.9.0.1", 20)) == "permit line 22");
  CHECK(Verdict(fw, c, Tcp("10.0.0.2", "10.9.0.1", 20)) == "deny policy");
  CHECK(Verdict(fw, c, Tcp("10.0.0.13", "10.9.0.1", 21)) == "deny line 23");
  CHECK(Verdict(fw, c, Tcp("10.0.0.13", "10.9.0.1", 11)) == "deny line 23");
  CHECK(Verdict(fw, "forward", Tcp("10.0.0.13", "10.9.0.1", 12)) == "deny line 21");
}

TEST_CASE("nftables: verdict maps become one rule per element") {
  Imported fw = ImportClean(R"CFG(table inet fw {
	chain input {
		type filter hook input priority filter; policy drop;
		tcp dport { 80, 443, 8000-8080 } jump web
		meta l4proto vmap { icmp : accept, tcp : jump web }
	}

	chain web {
		tcp dport vmap { 80 : accept, 443 : drop, 8000-8080 : goto legacy }
	}

	chain legacy {
		ip saddr 10.0.0.0/8 accept
	}
}
)CFG");
  const std::string in = "inet fw input";
  CHECK(Verdict(fw, in, Tcp("10.2.0.1", "10.0.0.1", 80)) == "permit line 9");
  CHECK(Verdict(fw, in, Tcp("10.2.0.1", "10.0.0.1", 443)) == "deny line 9");
  CHECK(Verdict(fw, in, Tcp("10.2.0.1", "10.0.0.1", 8080)) == "permit line 13");
  // legacy falls off its end: goto returns to input's caller, so the policy decides.
  CHECK(Verdict(fw, in, Tcp("192.0.2.1", "10.0.0.1", 8080)) == "deny policy");
  // Not in web's map: web ends, input goes on; the second map sends TCP to web again.
  CHECK(Verdict(fw, in, Tcp("10.2.0.1", "10.0.0.1", 22)) == "deny policy");
  CHECK(Verdict(fw, in, Icmp("10.2.0.1", "10.0.0.1", 8)) == "permit line 5");
  CHECK(Verdict(fw, in, Udp("10.2.0.1", "10.0.0.1", 80)) == "deny policy");
  CHECK(Errors(R"CFG(table inet fw {
	chain input {
		tcp dport vmap { 80 : jump nowhere, 443 : bounce }
	}
}
)CFG") ==
        "fw.nft:3:45: error: expected a verdict, got 'bounce'\n"
        "\t\ttcp dport vmap { 80 : jump nowhere, 443 : bounce }\n"
        "\t\t                                          ^~~~~~\n"
        "fw.nft:3:30: error: jump to undefined chain 'nowhere'\n"
        "\t\ttcp dport vmap { 80 : jump nowhere, 443 : bounce }\n"
        "\t\t                           ^~~~~~~\n");
}

}  // namespace
}  // namespace flowaudit

namespace flowaudit {
namespace {

using namespace flowaudit::testing;

// Regression (found by the kernel oracle): nft adds a match the listing does not print, so
// these rejects let other packets go on to the next rule.
TEST_CASE(
    "nftables: reject with tcp reset applies only to TCP, inet icmp/icmpv6 only to their family") {
  Imported fw = Import(R"NFT(table inet t {
	chain input {
		type filter hook input priority filter; policy accept;
		ip saddr 10.0.0.2 reject with tcp reset
		meta l4proto esp reject with icmpv6 type admin-prohibited
		meta l4proto gre reject with icmp type host-prohibited
	}
}
)NFT");
  CHECK_MESSAGE(fw.diagnostics.All().empty(), fw.Messages());
  // (The hook filter reports the chain policy at the chain's `type` line, line 3.)
  CHECK(Verdict(fw, "input", Tcp("10.0.0.2", "10.9.9.9", 80)) == "deny line 4");
  CHECK(Verdict(fw, "input", Udp("10.0.0.2", "10.9.9.9", 80)) == "permit line 3");
  CHECK(Verdict(fw, "input", Make("10.0.0.3", "10.9.9.9", protocol::kEsp)) == "permit line 3");
  CHECK(Verdict(fw, "input", Make("2001:db8::3", "2001:db8::9", protocol::kEsp)) == "deny line 5");
  CHECK(Verdict(fw, "input", Make("10.0.0.3", "10.9.9.9", protocol::kGre)) == "deny line 6");
  CHECK(Verdict(fw, "input", Make("2001:db8::3", "2001:db8::9", protocol::kGre)) ==
        "permit line 3");
}

// Regression: the importer accepted rules that nft refuses. Messages and places are nft
// 1.0.6's (`nft -c -f`); the rules that follow them are valid and stay clean.
TEST_CASE("nftables: conflicting protocols are errors, as in nft") {
  Imported fw = Import(R"NFT(table inet t {
	chain c {
		type filter hook input priority filter; policy drop;
		tcp dport 80 udp dport 53 accept
		meta l4proto { tcp, udp } tcp dport 1 accept
		ip saddr 1.2.3.4 ip6 daddr ::1 accept
		ip saddr 1.1.1.1 reject with icmpv6 type admin-prohibited
		udp dport 1 reject with tcp reset
		icmp type echo-request tcp dport 22 accept
		meta l4proto tcp meta l4proto udp accept
		ip saddr 1.2.3.4 icmpv6 type echo-request accept
		ip protocol icmp icmp type echo-request accept
		tcp dport 22 th dport 22 accept
	}
}
table ip t4 {
	chain c {
		type filter hook input priority filter; policy drop;
		ip6 saddr ::1 accept
		meta nfproto ipv4 accept
		tcp dport 22 reject with icmpv6 type admin-prohibited
	}
}
)NFT");
  CHECK(fw.Messages() ==
        "fw.nft:4:16: error: conflicting protocols specified: tcp vs. udp\n"
        "\t\ttcp dport 80 udp dport 53 accept\n"
        "\t\t             ^~~~~~~~~\n"
        "fw.nft:5:29: error: conflicting protocols specified: udp vs. tcp\n"
        "\t\tmeta l4proto { tcp, udp } tcp dport 1 accept\n"
        "\t\t                          ^~~~~~~~~\n"
        "fw.nft:6:20: error: conflicting protocols specified: ip vs. ip6\n"
        "\t\tip saddr 1.2.3.4 ip6 daddr ::1 accept\n"
        "\t\t                 ^~~~~~~~~\n"
        "fw.nft:7:44: error: conflicting protocols specified: ip vs ip6\n"
        "\t\tip saddr 1.1.1.1 reject with icmpv6 type admin-prohibited\n"
        "\t\t                                         ^~~~~~~~~~~~~~~~\n"
        "fw.nft:8:15: error: you cannot use tcp reset with this protocol\n"
        "\t\tudp dport 1 reject with tcp reset\n"
        "\t\t            ^~~~~~\n"
        "fw.nft:9:26: error: conflicting protocols specified: icmp vs. tcp\n"
        "\t\ticmp type echo-request tcp dport 22 accept\n"
        "\t\t                       ^~~~~~~~~\n"
        "fw.nft:19:3: error: conflicting protocols specified: ip vs. ip6\n"
        "\t\tip6 saddr ::1 accept\n"
        "\t\t^~~~~~~~~\n"
        "fw.nft:20:3: error: meta nfproto is only useful in the inet family\n"
        "\t\tmeta nfproto ipv4 accept\n"
        "\t\t^~~~~~~~~~~~\n"
        "fw.nft:21:40: error: conflicting protocols specified: ip vs ip6\n"
        "\t\ttcp dport 22 reject with icmpv6 type admin-prohibited\n"
        "\t\t                                     ^~~~~~~~~~~~~~~~\n");
  CHECK(fw.device.coverage.total == 13);
  CHECK(fw.device.coverage.understood == 4);
}

// Regression: more input nft refuses (its words; the goto is refused by the kernel, which
// `nft -c` only reaches once the rest is valid).
TEST_CASE("nftables: reversed ranges, statements after a verdict, icmpx outside inet") {
  Imported fw = Import(R"NFT(table ip t {
	chain input {
		type filter hook input priority filter; policy drop;
		ip saddr 10.0.0.9-10.0.0.1 accept
		tcp dport 80 accept counter
		reject with icmpx type admin-prohibited
		tcp dport 81 goto forward
		tcp dport 82 continue counter
	}

	chain forward {
		type filter hook forward priority filter; policy drop;
	}
}
)NFT");
  CHECK(fw.Messages() ==
        "fw.nft:4:12: error: Range has zero or negative size\n"
        "\t\tip saddr 10.0.0.9-10.0.0.1 accept\n"
        "\t\t         ^~~~~~~~~~~~~~~~~\n"
        "fw.nft:5:23: error: Statement after terminal statement has no effect\n"
        "\t\ttcp dport 80 accept counter\n"
        "\t\t                    ^~~~~~~\n"
        "fw.nft:6:26: error: abstracted ICMP unreachable not supported\n"
        "\t\treject with icmpx type admin-prohibited\n"
        "\t\t                       ^~~~~~~~~~~~~~~~\n"
        "fw.nft:7:21: error: cannot jump to base chain 'forward' (the kernel refuses it: "
        "Operation not supported)\n"
        "\t\ttcp dport 81 goto forward\n"
        "\t\t                  ^~~~~~~\n"
        "fw.nft:8:25: warning: unexpected 'counter' after the verdict; the rule's match is "
        "unknown\n"
        "\t\ttcp dport 82 continue counter\n"
        "\t\t                      ^~~~~~~\n");
  CHECK(fw.device.coverage.total == 5);
  CHECK(fw.device.coverage.understood == 0);
}

// `nft -a list ruleset` prints handles as comments; rules are labelled like the JSON's.
TEST_CASE("nftables: handles of nft -a and comments label rules") {
  constexpr std::string_view kText = R"NFT(table inet t { # handle 1
	chain c { # handle 1
		type filter hook input priority filter; policy drop;
		tcp dport 22 accept comment "ssh" # handle 2
		tcp dport 80 accept # handle 3
		tcp dport 81 accept comment "web"
	}
}
)NFT";
  CHECK(SniffNftables(kText));
  Imported fw = Import(kText);
  CHECK_MESSAGE(fw.diagnostics.All().empty(), fw.Messages());
  const Chain* chain = fw.filter("inet t c").rules().Find("c");
  REQUIRE(chain != nullptr);
  std::vector<std::string> labels;
  for (const Rule& rule : chain->rules) labels.push_back(rule.label);
  CHECK(labels == std::vector<std::string>{"handle 2: ssh", "handle 3", "web"});
  // nft: a comment ends the rule.
  CHECK(Import("table ip t {\n\tchain c {\n\t\ttcp dport 81 comment \"web\" accept\n\t}\n}\n")
            .Messages() ==
        "fw.nft:3:30: error: syntax error, unexpected accept, expecting newline or semicolon\n"
        "\t\ttcp dport 81 comment \"web\" accept\n"
        "\t\t                           ^~~~~~\n");
}

TEST_CASE("nftables: verdict maps on conntrack state and interface names") {
  Imported fw = ImportClean(R"NFT(table inet t {
	chain c {
		type filter hook input priority filter; policy drop;
		ct state vmap { established : accept, related : accept, invalid : drop }
		iifname vmap { "lo" : accept, "eth*" : jump from_lan }
		tcp dport 22 accept
	}

	chain from_lan {
		tcp dport 80 accept
	}
}
)NFT");
  const std::string c = "inet t c";
  CHECK(Verdict(fw, c, Icmp("10.0.0.1", "10.0.0.2", 0), In("wlan0")) == "deny line 4");
  CHECK(Verdict(fw, c, Tcp("10.0.0.1", "10.0.0.2", 5000), In("lo")) == "permit line 5");
  CHECK(Verdict(fw, c, Tcp("10.0.0.1", "10.0.0.2", 80), In("eth1")) == "permit line 10");
  CHECK(Verdict(fw, c, Tcp("10.0.0.1", "10.0.0.2", 22), In("eth1")) == "permit line 6");
  CHECK(Verdict(fw, c, Tcp("10.0.0.1", "10.0.0.2", 23), In("wlan0")) == "deny policy");
}

}  // namespace
}  // namespace flowaudit
