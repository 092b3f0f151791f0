#include "models/packet_set.h"

#include <doctest/doctest.h>

#include <string>

namespace flowaudit {
namespace {

Prefix P(const char* text) {
  std::string error;
  auto p = ParsePrefix(text, &error);
  REQUIRE_MESSAGE(p.has_value(), error);
  return *p;
}

Packet TcpPacket(const char* src, const char* dst, uint16_t sport, uint16_t dport) {
  Packet p;
  auto s = ParseIpAddress(src);
  auto d = ParseIpAddress(dst);
  p.family = s->family;
  p.src = s->value;
  p.dst = d->value;
  p.protocol = protocol::kTcp;
  p.src_port = sport;
  p.dst_port = dport;
  return p;
}

TEST_CASE("prefix parsing rejects bad lengths and clears host bits") {
  std::string error;
  CHECK_FALSE(ParsePrefix("10.0.0.0/33", &error).has_value());
  CHECK(error == "prefix length 33 is out of range 0-32 for IPv4");
  CHECK_FALSE(ParsePrefix("2001:db8::/129", &error).has_value());
  CHECK(error == "prefix length 129 is out of range 0-128 for IPv6");
  CHECK_FALSE(ParsePrefix("10.0.0.256", &error).has_value());
  CHECK(error == "'10.0.0.256' is not an IP address");
  CHECK(P("10.1.2.3/16").ToString() == "10.1.0.0/16");
  CHECK(P("2001:db8::1/32").ToString() == "2001:db8::/32");
  CHECK(P("192.0.2.7").ToString() == "192.0.2.7");
}

TEST_CASE("set algebra over prefixes and ports") {
  PacketSet clients = PacketSet::SourcePrefix(P("10.10.0.0/16"));
  PacketSet web = PacketSet::Protocol(protocol::kTcp) &
                  PacketSet::FieldRange(Field::kDstPort, 80, 80) &
                  PacketSet::DestinationPrefix(P("10.1.0.100"));
  PacketSet flow = clients & web;
  CHECK_FALSE(flow.IsEmpty());
  CHECK(flow.IsSubsetOf(clients));
  CHECK(flow.Contains(TcpPacket("10.10.3.4", "10.1.0.100", 50000, 80)));
  CHECK_FALSE(flow.Contains(TcpPacket("10.11.3.4", "10.1.0.100", 50000, 80)));
  CHECK_FALSE(flow.Contains(TcpPacket("10.10.3.4", "10.1.0.100", 50000, 443)));
  CHECK((flow - clients).IsEmpty());
  CHECK((~flow & flow).IsEmpty());
  CHECK((~flow | flow) == PacketSet::All());
  CHECK(((clients - flow) | flow) == clients);
}

TEST_CASE("families do not mix and ports exist only for port protocols") {
  PacketSet v4 = PacketSet::OfFamily(Family::kIpv4);
  PacketSet v6 = PacketSet::OfFamily(Family::kIpv6);
  CHECK((v4 & v6).IsEmpty());
  CHECK((v4 | v6) == PacketSet::All());
  // An IPv4 destination above 32 bits is not a packet.
  CHECK((v4 & PacketSet::FieldRange(Field::kDstAddress, uint128{1} << 40, uint128{1} << 41))
            .IsEmpty());
  // GRE has no ports: asking for GRE to port 80 yields nothing.
  CHECK((PacketSet::Protocol(protocol::kGre) & PacketSet::FieldEquals(Field::kDstPort, 80))
            .IsEmpty());
  CHECK_FALSE(
      (PacketSet::Protocol(protocol::kGre) & PacketSet::FieldEquals(Field::kDstPort, 0)).IsEmpty());
}

TEST_CASE("witness is readable and inside the set") {
  PacketSet set =
      PacketSet::SourcePrefix(P("10.10.0.0/16")) & PacketSet::DestinationPrefix(P("10.1.0.100")) &
      PacketSet::Protocol(protocol::kTcp) & PacketSet::FieldRange(Field::kDstPort, 80, 443);
  auto w = set.Witness();
  REQUIRE(w.has_value());
  CHECK(set.Contains(*w));
  CHECK(w->ToString() == "10.10.0.0:49152 -> 10.1.0.100:80 tcp");
  CHECK_FALSE(PacketSet().Witness().has_value());
  // From "anywhere", the witness avoids 0.0.0.0/8, which is never a real endpoint.
  PacketSet anywhere = PacketSet::OfFamily(Family::kIpv4) & PacketSet::Protocol(protocol::kTcp) &
                       PacketSet::FieldEquals(Field::kDstPort, 80);
  CHECK(anywhere.Witness()->ToString() == "1.0.0.0:49152 -> 1.0.0.0:80 tcp");
}

TEST_CASE("summary prints cubes as prefixes and port ranges") {
  PacketSet set = PacketSet::SourcePrefix(P("10.10.0.0/16")) &
                  PacketSet::DestinationPrefix(P("10.1.0.100")) &
                  PacketSet::Protocol(protocol::kTcp) & PacketSet::FieldEquals(Field::kDstPort, 80);
  auto lines = set.Summary();
  REQUIRE(lines.size() == 1);
  CHECK(lines[0] == "10.10.0.0/16 -> 10.1.0.100 tcp/80");
}

TEST_CASE("rewriting a field models NAT") {
  PacketSet to_vip = PacketSet::DestinationPrefix(P("10.1.0.100")) &
                     PacketSet::Protocol(protocol::kTcp) &
                     PacketSet::FieldEquals(Field::kDstPort, 80);
  PacketSet to_member = to_vip.WithField(Field::kDstAddress, ParseIpAddress("10.1.0.11")->value)
                            .WithField(Field::kDstPort, 8080);
  CHECK(to_member.Contains(TcpPacket("1.2.3.4", "10.1.0.11", 40000, 8080)));
  CHECK_FALSE(to_member.Contains(TcpPacket("1.2.3.4", "10.1.0.100", 40000, 80)));
}

}  // namespace
}  // namespace flowaudit
