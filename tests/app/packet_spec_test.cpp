// Packet SPECs of `flowaudit query` (DESIGN §8): every field, and every error with its exact
// message and position.
#include "src/app/packet_spec.h"

#include <doctest/doctest.h>

namespace flowaudit {
namespace {

PacketSpec Parse(std::string_view text) {
  SpecError error;
  std::optional<PacketSpec> spec = ParsePacketSpec(text, &error);
  INFO("error: ", error.message);
  REQUIRE(spec.has_value());
  return *spec;
}

// "COLUMN: MESSAGE" (1-based column) so each case reads on one line.
std::string Error(std::string_view text) {
  SpecError error;
  std::optional<PacketSpec> spec = ParsePacketSpec(text, &error);
  if (spec) return "parsed";
  return std::to_string(error.offset + 1) + ": " + error.message;
}

TEST_CASE("packet spec: tcp with the default source port") {
  PacketSpec s = Parse("10.10.0.5 10.1.0.100 tcp 80");
  CHECK(s.packet.family == Family::kIpv4);
  CHECK(s.packet.Source().ToString() == "10.10.0.5");
  CHECK(s.packet.Destination().ToString() == "10.1.0.100");
  CHECK(s.packet.protocol == protocol::kTcp);
  CHECK(s.packet.dst_port == 80);
  CHECK(s.packet.src_port == kDefaultSourcePort);
  CHECK(s.context.in_interface.empty());
}

TEST_CASE("packet spec: source port, interfaces and zones") {
  PacketSpec s = Parse("  10.0.0.1\t10.0.0.2 UDP 53 5353 in=eth0 out=eth1 from=clients to=dmz ");
  CHECK(s.packet.protocol == protocol::kUdp);
  CHECK(s.packet.dst_port == 53);
  CHECK(s.packet.src_port == 5353);
  CHECK(s.context.in_interface == "eth0");
  CHECK(s.context.out_interface == "eth1");
  CHECK(s.context.from_zone == "clients");
  CHECK(s.context.to_zone == "dmz");
}

TEST_CASE("packet spec: ICMP type and code, ICMPv6, protocols without ports") {
  PacketSpec echo = Parse("10.0.0.1 10.0.0.2 icmp 8");
  CHECK(echo.packet.icmp_type == 8);
  CHECK(echo.packet.icmp_code == 0);
  CHECK(echo.packet.src_port == 0);
  PacketSpec unreachable = Parse("10.0.0.1 10.0.0.2 icmp 3/4 in=eth0");
  CHECK(unreachable.packet.icmp_type == 3);
  CHECK(unreachable.packet.icmp_code == 4);
  CHECK(unreachable.context.in_interface == "eth0");
  PacketSpec v6 = Parse("2001:db8::1 2001:db8::2 icmpv6 128/0");
  CHECK(v6.packet.family == Family::kIpv6);
  CHECK(v6.packet.protocol == protocol::kIcmpv6);
  CHECK(v6.packet.icmp_type == 128);
  PacketSpec gre = Parse("10.0.0.1 10.0.0.2 gre -");
  CHECK(gre.packet.protocol == protocol::kGre);
  CHECK(gre.packet.dst_port == 0);
  CHECK(Parse("10.0.0.1 10.0.0.2 esp out=eth1").context.out_interface == "eth1");
  CHECK(Parse("10.0.0.1 10.0.0.2 ah").packet.protocol == protocol::kAh);
  CHECK(Parse("10.0.0.1 10.0.0.2 sctp 3868").packet.src_port == kDefaultSourcePort);
  CHECK(Parse("10.0.0.1 10.0.0.2 89 -").packet.protocol == 89);
  CHECK(Parse("10.0.0.1 10.0.0.2 6 443").packet.dst_port == 443);
}

TEST_CASE("packet spec: errors name the field and point at it") {
  CHECK(Error("") == "1: expected a packet: SRC DST PROTO DPORT [SPORT]");
  CHECK(Error("10.0.0.1") == "9: expected destination address");
  CHECK(Error("10.0.0.300 10.0.0.1 tcp 80") == "1: '10.0.0.300' is not an IP address");
  CHECK(Error("10.0.0.1 10.0.0.300 tcp 80") == "10: '10.0.0.300' is not an IP address");
  CHECK(Error("10.0.0.1 2001:db8::1 tcp 80") ==
        "10: source and destination are of different address families");
  CHECK(Error("10.0.0.1 10.0.0.2") == "18: expected protocol (tcp, udp, icmp, icmpv6 or a number)");
  CHECK(Error("10.0.0.1 10.0.0.2 tpc 80") == "19: unknown protocol 'tpc'; did you mean 'tcp'?");
  CHECK(Error("10.0.0.1 10.0.0.2 xyzzy 80") ==
        "19: unknown protocol 'xyzzy'; expected one of: ah, esp, gre, icmp, icmpv6, ipv6-icmp, "
        "sctp, tcp, udp");
  CHECK(Error("10.0.0.1 10.0.0.2 300 -") == "19: protocol 300 is out of range 0-255");
  CHECK(Error("10.0.0.1 10.0.0.2 tcp") == "22: expected destination port after 'tcp'");
  CHECK(Error("10.0.0.1 10.0.0.2 tcp 70000") == "23: port 70000 is out of range 0-65535");
  CHECK(Error("10.0.0.1 10.0.0.2 tcp http") == "23: expected a port number, got 'http'");
  CHECK(Error("10.0.0.1 10.0.0.2 tcp -") == "23: tcp needs a destination port");
  CHECK(Error("10.0.0.1 10.0.0.2 udp 53 99999") == "26: port 99999 is out of range 0-65535");
  CHECK(Error("10.0.0.1 10.0.0.2 tcp 80 1024 7") ==
        "31: unexpected '7'; expected in=IF, out=IF, from=ZONE or to=ZONE");
  CHECK(Error("10.0.0.1 10.0.0.2 icmp") == "23: expected ICMP type[/code] after 'icmp'");
  CHECK(Error("10.0.0.1 10.0.0.2 icmp echo") == "24: expected ICMP type[/code], got 'echo'");
  CHECK(Error("10.0.0.1 10.0.0.2 icmp 300/0") == "24: ICMP type 300 is out of range 0-255");
  CHECK(Error("10.0.0.1 10.0.0.2 icmp 3/256") == "26: ICMP code 256 is out of range 0-255");
  CHECK(Error("10.0.0.1 10.0.0.2 icmp 8 1234") == "26: icmp has no source port");
  CHECK(Error("2001:db8::1 2001:db8::2 icmp 128") ==
        "25: icmp is for IPv4 packets; use icmpv6 for IPv6");
  CHECK(Error("10.0.0.1 10.0.0.2 icmpv6 8") == "19: icmpv6 is for IPv6 packets; use icmp for IPv4");
  CHECK(Error("10.0.0.1 10.0.0.2 gre 80") == "23: protocol gre has no ports; write '-'");
  CHECK(Error("10.0.0.1 10.0.0.2 gre - 80") == "25: protocol gre has no source port");
  CHECK(Error("10.0.0.1 10.0.0.2 tcp 80 ot=eth1") == "26: unknown field 'ot'; did you mean 'out'?");
  CHECK(Error("10.0.0.1 10.0.0.2 tcp 80 in=a in=b") == "31: 'in=' is given twice");
  CHECK(Error("10.0.0.1 10.0.0.2 tcp 80 to=") == "26: expected a name after 'to='");
}

TEST_CASE("packets file: comments and blank lines skipped, bad lines located with a caret") {
  SourceFilePtr file = MakeSourceFile("packets.txt", R"TXT(# web
10.10.0.5 10.1.0.100 tcp 80   # plain HTTP

10.10.0.5 10.1.0.100 tcp 70000
   # indented comment
10.10.0.5 10.1.0.300 tcp 443
10.10.0.5 10.1.0.100 icmp 8
)TXT");
  Diagnostics diagnostics;
  std::vector<PacketSpec> specs = ParsePacketLines(file, diagnostics);
  REQUIRE(specs.size() == 2);
  CHECK(specs[0].packet.dst_port == 80);
  CHECK(specs[1].packet.icmp_type == 8);
  REQUIRE(diagnostics.ErrorCount() == 2);
  CHECK(FormatDiagnostic(diagnostics.All()[0]) ==
        "packets.txt:4:26: error: port 70000 is out of range 0-65535\n"
        "10.10.0.5 10.1.0.100 tcp 70000\n"
        "                         ^~~~~\n");
  CHECK(FormatDiagnostic(diagnostics.All()[1]) ==
        "packets.txt:6:11: error: '10.1.0.300' is not an IP address\n"
        "10.10.0.5 10.1.0.300 tcp 443\n"
        "          ^~~~~~~~~~\n");
}

}  // namespace
}  // namespace flowaudit
