// PacketSet: an exact, symbolic set of packets (a BDD over the header fields of packet.h).
// Value type: copy, compare, combine. Every set is a subset of the universe of well-formed
// first packets: ports are zero unless the protocol has ports,
// ICMP type/code are zero unless the packet is ICMP (v4) or ICMPv6 (v6). That keeps equality
// and witnesses meaningful. An IPv4 address takes the 32 most significant bits of its 128-bit
// field (the rest is ignored), so IPv4 conditions cost as few BDD nodes as IPv6 ones per bit.
// Backed by BuDDy, one global BDD space per process (not thread-safe; flowaudit evaluates on one
// thread).
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "models/ip_address.h"
#include "models/packet.h"

namespace flowaudit {

// BuDDy's node table grows without bound on a pathological rule set; it is capped at this many
// nodes (~20 bytes each), or at $FLOWAUDIT_BDD_NODES when set (docs/limits.md).
inline constexpr size_t kDefaultBddNodeLimit = size_t{1} << 25;

// Thrown by a PacketSet operation that would need more BDD nodes than the limit. The operation
// has no result; the BDD space stays usable (the failed operation's nodes are garbage). Filter
// evaluation catches it and answers UNKNOWN for the packets it was deciding.
class BddNodeLimitExceeded : public std::runtime_error {
 public:
  explicit BddNodeLimitExceeded(size_t limit);
  size_t limit() const { return limit_; }

 private:
  size_t limit_;
};

// The node limit in force, and a way to change it (tests; it cannot go below the table's
// current size, so a lower value takes effect as "no more growth").
size_t BddNodeLimit();
void SetBddNodeLimit(size_t nodes);

class PacketSet {
 public:
  PacketSet();  // empty
  PacketSet(const PacketSet& other);
  PacketSet& operator=(const PacketSet& other);
  ~PacketSet();

  static PacketSet Empty() { return PacketSet(); }
  static PacketSet All();
  static PacketSet OfFamily(Family family);
  // Packets whose `field` lies in [lo, hi] (inclusive).
  // With `family`, only packets of that family (address fields then need no branch for the
  // other family, which keeps IPv4 conditions small).
  static PacketSet FieldRange(Field field, uint128 lo, uint128 hi,
                              std::optional<Family> family = std::nullopt);
  static PacketSet FieldEquals(Field field, uint128 value) {
    return FieldRange(field, value, value);
  }
  // Packets whose `field` equals `value` on the bits set in `mask` (wildcard masks).
  static PacketSet FieldMasked(Field field, uint128 value, uint128 mask,
                               std::optional<Family> family = std::nullopt);
  // As FieldRange / FieldMasked but not intersected with the universe: only for building
  // larger conditions that are intersected with a proper set afterwards (Match::ToSets).
  static PacketSet RawFieldRange(Field field, uint128 lo, uint128 hi, std::optional<Family> family);
  static PacketSet RawFieldMasked(Field field, uint128 value, uint128 mask,
                                  std::optional<Family> family);
  static PacketSet RawAny();        // every assignment of the header bits
  PacketSet RawComplement() const;  // complement over all assignments
  static PacketSet SourcePrefix(const Prefix& prefix);
  static PacketSet DestinationPrefix(const Prefix& prefix);
  static PacketSet Protocol(uint8_t ip_protocol);
  static PacketSet Of(const Packet& packet);

  PacketSet operator|(const PacketSet& other) const;
  PacketSet operator&(const PacketSet& other) const;
  PacketSet operator-(const PacketSet& other) const;
  PacketSet operator~() const;  // complement within the universe
  PacketSet& operator|=(const PacketSet& other);
  PacketSet& operator&=(const PacketSet& other);
  PacketSet& operator-=(const PacketSet& other);
  bool operator==(const PacketSet& other) const { return root_ == other.root_; }

  bool IsEmpty() const;
  bool IsSubsetOf(const PacketSet& other) const;
  bool Intersects(const PacketSet& other) const;
  bool Contains(const Packet& packet) const;

  // The set with the given fields unconstrained (existential quantification): maps a set of
  // translated packets back to the originals when those fields were rewritten by NAT.
  PacketSet Forget(const std::vector<Field>& fields) const;
  // Packets of this set with `field` rewritten to any value in [lo, hi] (NAT).
  PacketSet WithFieldRange(Field field, uint128 lo, uint128 hi) const;
  PacketSet WithField(Field field, uint128 value) const {
    return WithFieldRange(field, value, value);
  }

  // One concrete packet, chosen to be readable: IPv4 before IPv6, TCP/UDP/ICMP before other
  // protocols, lowest addresses and destination port, a source port from the ephemeral range.
  std::optional<Packet> Witness() const;
  // Up to `max_cubes` lines such as "10.1.0.0/16 -> 10.2.0.10 tcp/80"; a last line says how
  // many more there are when the set needs more cubes than that.
  std::vector<std::string> Summary(size_t max_cubes = 4) const;
  // BDD node count (for benchmarks).
  int NodeCount() const;

 private:
  explicit PacketSet(int root);
  int root_;
};

}  // namespace flowaudit
