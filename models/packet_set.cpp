#include "models/packet_set.h"

#include <bdd.h>
// Use BuDDy's C interface: its C++ class cannot be built from a root we keep ourselves.
#undef bddtrue
#undef bddfalse
#undef bdd_ithvar
#undef bdd_nithvar
#undef bdd_init
#undef bdd_makeset

#include <algorithm>
#include <array>
#include <csetjmp>
#include <cstdio>
#include <cstdlib>

// BuDDy's jump target for an interrupted operation (kernel.h, not in bdd.h).
extern "C" jmp_buf bddexception;

namespace flowaudit {
namespace {

constexpr BDD bddfalse = 0;
constexpr BDD bddtrue = 1;

// Set by the error hook when BuDDy ran out of nodes under the limit; the operation then
// returns a meaningless root, which Ref turns into BddNodeLimitExceeded.
bool node_limit_hit = false;
size_t node_limit = 0;  // 0: not yet read from the environment

void ThrowIfLimitHit() {
  if (!node_limit_hit) return;
  node_limit_hit = false;
  bdd_clear_error();  // also drops the operator caches, which may hold the meaningless results
  throw BddNodeLimitExceeded(node_limit);
}

// A referenced BDD root. BuDDy collects unreferenced nodes whenever it allocates, so every
// intermediate result is held in one of these (what BuDDy's own C++ class does).
class Ref {
 public:
  Ref() : root_(bddfalse) {}
  explicit Ref(BDD root) : root_(root) {
    ThrowIfLimitHit();  // every BuDDy operation's result passes through here
    bdd_addref(root_);
  }
  Ref(const Ref& other) : root_(bdd_addref(other.root_)) {}
  Ref& operator=(const Ref& other) {
    if (root_ != other.root_) {
      bdd_addref(other.root_);
      bdd_delref(root_);
      root_ = other.root_;
    }
    return *this;
  }
  ~Ref() { bdd_delref(root_); }
  BDD get() const { return root_; }
  Ref operator&(const Ref& o) const { return Ref(bdd_and(root_, o.root_)); }
  Ref operator|(const Ref& o) const { return Ref(bdd_or(root_, o.root_)); }
  Ref operator-(const Ref& o) const { return Ref(bdd_apply(root_, o.root_, bddop_diff)); }
  Ref operator!() const { return Ref(bdd_not(root_)); }
  bool IsFalse() const { return root_ == bddfalse; }

 private:
  BDD root_;
};

constexpr std::array<Field, kFieldCount> kFieldOrder = {
    Field::kFamily,     Field::kDstAddress, Field::kDstPort,  Field::kProtocol,
    Field::kSrcAddress, Field::kSrcPort,    Field::kIcmpType, Field::kIcmpCode};

struct Space {
  std::array<int, kFieldCount> offset{};
  int variables = 0;
  Ref universe;
  std::array<Ref, kFieldCount> field_vars;  // variable sets for quantification
};

[[noreturn]] void AbortOperation() {
  node_limit_hit = true;
  // Returning would let the operation go on with a full table, collecting garbage before
  // every further node it wants. BuDDy's operations (apply, not, exist: all flowaudit calls
  // after start-up) catch this jump as they catch a reordering request: they retry once and
  // then return false. Only C frames lie between here and there.
  std::longjmp(bddexception, 1);
}

void OnBddError(int code) {
  if (code == BDD_NODENUM) {
    AbortOperation();
  }
  std::fprintf(stderr, "flowaudit: internal error: BDD library: %s\n", bdd_errstring(code));
  std::exit(3);
}

// After a garbage collection: with the table at the limit, a collection that frees less than
// an eighth of it would be followed by another soon, and another (thrashing until BuDDy finally
// runs out): treat it as out of nodes now.
void OnGc(int pre, bddGbcStat* stat) {
  if (pre || node_limit == 0) return;
  size_t nodes = static_cast<size_t>(stat->nodes);
  bool at_limit = nodes + 1000 >= node_limit;  // BuDDy sizes its table to a prime <= the limit
  if (at_limit && static_cast<size_t>(stat->freenodes) * 8 < nodes) AbortOperation();
}

int VarOf(const Space& s, Field f, int bit_from_msb) {
  return s.offset[static_cast<int>(f)] + bit_from_msb;
}

Ref RangeBdd(const Space& s, Field f, uint128 lo, uint128 hi,
             std::optional<Family> family = std::nullopt);
Ref RangeBits(const Space& s, Field f, int first, int width, uint128 lo, uint128 hi);

Ref EqualsBdd(const Space& s, Field f, uint128 value) { return RangeBdd(s, f, value, value); }
Ref EqualsFamily(const Space& s, Family family) {
  return RangeBits(s, Field::kFamily, 0, 1, family == Family::kIpv6, family == Family::kIpv6);
}

Space& GetSpace() {
  static Space* space = [] {
    auto* s = new Space();
    if (!bdd_isrunning()) {
      node_limit = kDefaultBddNodeLimit;
      if (const char* env = std::getenv("FLOWAUDIT_BDD_NODES")) {
        char* end = nullptr;
        unsigned long long n = std::strtoull(env, &end, 10);
        if (end != env && *end == '\0' && n >= 10000) node_limit = std::min<size_t>(n, 1u << 30);
      }
      // BuDDy rounds the initial size up to a prime; the limit must stay above it.
      bdd_init(static_cast<int>(std::min<size_t>(1 << 19, node_limit / 2)), 1 << 16);
      node_limit = std::max(node_limit, static_cast<size_t>(bdd_getallocnum()) + 1);
      bdd_setmaxnodenum(static_cast<int>(node_limit));
      bdd_error_hook(OnBddError);
      bdd_gbc_hook(OnGc);
      bdd_setmaxincrease(1 << 23);
      bdd_setcacheratio(32);  // measured: a smaller cache resets faster on every GC
    }
    int next = 0;
    for (Field f : kFieldOrder) {
      s->offset[static_cast<int>(f)] = next;
      next += FieldWidth(f);
    }
    s->variables = next;
    bdd_setvarnum(next);
    for (Field f : kFieldOrder) {
      std::vector<int> vars;
      for (int i = 0; i < FieldWidth(f); ++i) vars.push_back(VarOf(*s, f, i));
      s->field_vars[static_cast<int>(f)] =
          Ref(bdd_makeset(vars.data(), static_cast<int>(vars.size())));
    }
    Ref v4 = EqualsFamily(*s, Family::kIpv4);
    Ref v6 = EqualsFamily(*s, Family::kIpv6);
    // IPv4 addresses use the 32 most significant bits of an address field; the other 96 are
    // left free ("don't care") rather than pinned to zero, so IPv4 sets need no nodes for them.
    Ref with_ports = EqualsBdd(*s, Field::kProtocol, protocol::kTcp) |
                     EqualsBdd(*s, Field::kProtocol, protocol::kUdp) |
                     EqualsBdd(*s, Field::kProtocol, protocol::kSctp) |
                     EqualsBdd(*s, Field::kProtocol, protocol::kUdplite) |
                     EqualsBdd(*s, Field::kProtocol, protocol::kDccp);
    Ref ports =
        with_ports | (EqualsBdd(*s, Field::kSrcPort, 0) & EqualsBdd(*s, Field::kDstPort, 0));
    Ref icmp = (v4 & EqualsBdd(*s, Field::kProtocol, protocol::kIcmp)) |
               (v6 & EqualsBdd(*s, Field::kProtocol, protocol::kIcmpv6));
    Ref icmp_fields =
        icmp | (EqualsBdd(*s, Field::kIcmpType, 0) & EqualsBdd(*s, Field::kIcmpCode, 0));
    s->universe = ports & icmp_fields;
    return s;
  }();
  return *space;
}

// x >= lo and x <= hi over `width` bits of the field starting at `first` (counted from the most
// significant), built from the least significant bit up so the BDD has O(width) nodes.
Ref RangeBits(const Space& s, Field f, int first, int width, uint128 lo, uint128 hi) {
  uint128 max = MaxValueForWidth(width);
  if (lo > hi || lo > max) return Ref();
  if (hi > max) hi = max;
  // An aligned block (a prefix, a single value, everything) is a cube of its fixed bits: one
  // node per bit, built bottom-up, instead of two comparison chains.
  uint128 size = hi - lo;  // block size minus one
  if ((size & (size + 1)) == 0 && (lo & size) == 0) {
    Ref cube(bddtrue);
    int free_bits = 0;
    while (free_bits < width && ((size >> free_bits) & 1)) ++free_bits;
    for (int i = width - 1 - free_bits; i >= 0; --i) {
      int var = VarOf(s, f, first + i);
      bool one = (lo >> (width - 1 - i)) & 1;
      cube = Ref(one ? bdd_ithvar(var) : bdd_nithvar(var)) & cube;
    }
    return cube;
  }
  Ref ge(bddtrue), le(bddtrue);
  for (int i = width - 1; i >= 0; --i) {
    uint128 bit = uint128{1} << (width - 1 - i);
    Ref var(bdd_ithvar(VarOf(s, f, first + i)));
    Ref nvar(bdd_nithvar(VarOf(s, f, first + i)));
    ge = (lo & bit) ? (var & ge) : (var | ge);
    le = (hi & bit) ? (nvar | le) : (nvar & le);
  }
  return ge & le;
}

Ref MaskedBits(const Space& s, Field f, int first, int width, uint128 value, uint128 mask) {
  Ref result(bddtrue);
  for (int i = width - 1; i >= 0; --i) {
    uint128 bit = uint128{1} << (width - 1 - i);
    if (!(mask & bit)) continue;
    int var = VarOf(s, f, first + i);
    result = result & Ref((value & bit) ? bdd_ithvar(var) : bdd_nithvar(var));
  }
  return result;
}

bool IsAddress(Field f) { return f == Field::kSrcAddress || f == Field::kDstAddress; }
constexpr uint128 kMax32 = 0xffffffffu;

// Address fields hold an IPv4 address in their 32 most significant bits (the rest is free) and
// an IPv6 address in all 128, so an IPv4 prefix costs as many BDD nodes as its length. Values
// are numeric, as in Packet: a range or mask applies to the address of either family.
Ref RangeBdd(const Space& s, Field f, uint128 lo, uint128 hi, std::optional<Family> family) {
  if (!IsAddress(f)) {
    Ref range = RangeBits(s, f, 0, FieldWidth(f), lo, hi);
    return family ? EqualsFamily(s, *family) & range : range;
  }
  Ref four, six;
  if (family != Family::kIpv6 && lo <= kMax32) {
    four = EqualsFamily(s, Family::kIpv4) & RangeBits(s, f, 0, 32, lo, std::min(hi, kMax32));
  }
  if (family != Family::kIpv4)
    six = EqualsFamily(s, Family::kIpv6) & RangeBits(s, f, 0, 128, lo, hi);
  return four | six;
}

Ref MaskedBdd(const Space& s, Field f, uint128 value, uint128 mask, std::optional<Family> family) {
  if (!IsAddress(f)) {
    Ref masked = MaskedBits(s, f, 0, FieldWidth(f), value, mask);
    return family ? EqualsFamily(s, *family) & masked : masked;
  }
  Ref four, six;
  if (family != Family::kIpv6 && (value & mask & ~kMax32) == 0) {
    four = EqualsFamily(s, Family::kIpv4) & MaskedBits(s, f, 0, 32, value, mask & kMax32);
  }
  if (family != Family::kIpv4)
    six = EqualsFamily(s, Family::kIpv6) & MaskedBits(s, f, 0, 128, value, mask);
  return four | six;
}

// The bit of `value` that BDD variable `bit_from_msb` of the field stands for.
bool BitOf(const Packet& p, Field f, int bit_from_msb) {
  uint128 value = p.Get(f);
  if (IsAddress(f) && p.family == Family::kIpv4) {
    return bit_from_msb < 32 && ((value >> (31 - bit_from_msb)) & 1);
  }
  return (value >> (FieldWidth(f) - 1 - bit_from_msb)) & 1;
}

Ref AsRef(int root) { return Ref(root); }

// The smallest value of `field` among the packets of `set`, narrowing `set` to it.
uint128 PinMinimum(const Space& s, Field f, Ref& set) {
  int width = FieldWidth(f);
  uint128 value = 0;
  for (int i = 0; i < width; ++i) {
    int var = VarOf(s, f, i);
    Ref zero = set & Ref(bdd_nithvar(var));
    value <<= 1;
    if (!zero.IsFalse()) {
      set = zero;
    } else {
      set = set & Ref(bdd_ithvar(var));
      value |= 1;
    }
  }
  return value;
}

// Narrows `set` to `preferred` if that leaves something.
void Prefer(Ref& set, const Ref& preferred) {
  Ref narrowed = set & preferred;
  if (!narrowed.IsFalse()) set = narrowed;
}

}  // namespace

BddNodeLimitExceeded::BddNodeLimitExceeded(size_t limit)
    : std::runtime_error("too complex to decide within " + std::to_string(limit) + " BDD nodes"),
      limit_(limit) {}

size_t BddNodeLimit() {
  GetSpace();
  return node_limit;
}

void SetBddNodeLimit(size_t nodes) {
  GetSpace();
  size_t floor = static_cast<size_t>(bdd_getallocnum()) + 1;  // BuDDy cannot shrink its table
  node_limit = std::max(nodes, floor);
  bdd_setmaxnodenum(static_cast<int>(node_limit));
}

PacketSet::PacketSet() : root_(bddfalse) { GetSpace(); }
PacketSet::PacketSet(int root) : root_(bdd_addref(root)) {}
PacketSet::PacketSet(const PacketSet& other) : root_(bdd_addref(other.root_)) {}
PacketSet& PacketSet::operator=(const PacketSet& other) {
  if (root_ != other.root_) {
    bdd_addref(other.root_);
    bdd_delref(root_);
    root_ = other.root_;
  }
  return *this;
}
PacketSet::~PacketSet() { bdd_delref(root_); }

PacketSet PacketSet::All() { return PacketSet(GetSpace().universe.get()); }

PacketSet PacketSet::OfFamily(Family family) {
  return FieldEquals(Field::kFamily, family == Family::kIpv6 ? 1 : 0);
}

PacketSet PacketSet::FieldRange(Field field, uint128 lo, uint128 hi, std::optional<Family> family) {
  const Space& s = GetSpace();
  return PacketSet((RangeBdd(s, field, lo, hi, family) & s.universe).get());
}

PacketSet PacketSet::FieldMasked(Field field, uint128 value, uint128 mask,
                                 std::optional<Family> family) {
  const Space& s = GetSpace();
  return PacketSet((MaskedBdd(s, field, value, mask, family) & s.universe).get());
}

PacketSet PacketSet::RawFieldRange(Field field, uint128 lo, uint128 hi,
                                   std::optional<Family> family) {
  return PacketSet(RangeBdd(GetSpace(), field, lo, hi, family).get());
}

PacketSet PacketSet::RawFieldMasked(Field field, uint128 value, uint128 mask,
                                    std::optional<Family> family) {
  return PacketSet(MaskedBdd(GetSpace(), field, value, mask, family).get());
}

PacketSet PacketSet::RawAny() {
  GetSpace();
  return PacketSet(bddtrue);
}

PacketSet PacketSet::RawComplement() const { return PacketSet(Ref(bdd_not(root_)).get()); }

PacketSet PacketSet::SourcePrefix(const Prefix& p) {
  return OfFamily(p.address.family) & FieldRange(Field::kSrcAddress, p.First(), p.Last());
}

PacketSet PacketSet::DestinationPrefix(const Prefix& p) {
  return OfFamily(p.address.family) & FieldRange(Field::kDstAddress, p.First(), p.Last());
}

PacketSet PacketSet::Protocol(uint8_t ip_protocol) {
  return FieldEquals(Field::kProtocol, ip_protocol);
}

PacketSet PacketSet::Of(const Packet& packet) {
  const Space& s = GetSpace();
  Ref cube(bddtrue);
  for (Field f : kFieldOrder) {
    cube = cube &
           (f == Field::kFamily ? EqualsFamily(s, packet.family) : EqualsBdd(s, f, packet.Get(f)));
  }
  return PacketSet((cube & s.universe).get());
}

PacketSet PacketSet::operator|(const PacketSet& o) const {
  return PacketSet((AsRef(root_) | AsRef(o.root_)).get());
}
PacketSet PacketSet::operator&(const PacketSet& o) const {
  return PacketSet((AsRef(root_) & AsRef(o.root_)).get());
}
PacketSet PacketSet::operator-(const PacketSet& o) const {
  return PacketSet((AsRef(root_) - AsRef(o.root_)).get());
}
PacketSet PacketSet::operator~() const {
  return PacketSet((GetSpace().universe - AsRef(root_)).get());
}
PacketSet& PacketSet::operator|=(const PacketSet& o) { return *this = *this | o; }
PacketSet& PacketSet::operator&=(const PacketSet& o) { return *this = *this & o; }
PacketSet& PacketSet::operator-=(const PacketSet& o) { return *this = *this - o; }

bool PacketSet::IsEmpty() const { return root_ == bddfalse; }
bool PacketSet::IsSubsetOf(const PacketSet& o) const { return (*this - o).IsEmpty(); }
bool PacketSet::Intersects(const PacketSet& o) const { return !(*this & o).IsEmpty(); }

bool PacketSet::Contains(const Packet& packet) const {
  // Walk the BDD along the packet's bits: O(variables), no allocation.
  const Space& s = GetSpace();
  BDD node = root_;
  while (node != bddtrue && node != bddfalse) {
    int var = bdd_var(node);
    Field field = kFieldOrder[0];
    for (Field f : kFieldOrder) {
      if (var >= s.offset[static_cast<int>(f)]) field = f;
    }
    bool bit = BitOf(packet, field, var - s.offset[static_cast<int>(field)]);
    node = bit ? bdd_high(node) : bdd_low(node);
  }
  return node == bddtrue;
}

PacketSet PacketSet::WithFieldRange(Field field, uint128 lo, uint128 hi) const {
  const Space& s = GetSpace();
  Ref forgotten(bdd_exist(root_, s.field_vars[static_cast<int>(field)].get()));
  return PacketSet((forgotten & RangeBdd(s, field, lo, hi) & s.universe).get());
}

PacketSet PacketSet::Forget(const std::vector<Field>& fields) const {
  const Space& s = GetSpace();
  Ref result = AsRef(root_);
  for (Field f : fields)
    result = Ref(bdd_exist(result.get(), s.field_vars[static_cast<int>(f)].get()));
  return PacketSet((result & s.universe).get());
}

std::optional<Packet> PacketSet::Witness() const {
  if (IsEmpty()) return std::nullopt;
  const Space& s = GetSpace();
  Ref set = AsRef(root_);
  Prefer(set, EqualsBdd(s, Field::kFamily, 0));
  // 0.0.0.0/8 ("this network") is the lowest IPv4 block but never a real endpoint.
  for (Field f : {Field::kSrcAddress, Field::kDstAddress}) {
    Prefer(set, !(EqualsFamily(s, Family::kIpv4) & RangeBits(s, f, 0, 8, 0, 0)));
  }
  Ref common = EqualsBdd(s, Field::kProtocol, protocol::kTcp) |
               EqualsBdd(s, Field::kProtocol, protocol::kUdp) |
               EqualsBdd(s, Field::kProtocol, protocol::kIcmp) |
               EqualsBdd(s, Field::kProtocol, protocol::kIcmpv6);
  Prefer(set, EqualsBdd(s, Field::kProtocol, protocol::kTcp));
  Prefer(set, common);
  Prefer(set, RangeBdd(s, Field::kSrcPort, 49152, 65535));
  Prefer(set, RangeBdd(s, Field::kIcmpType, 8, 8) | RangeBdd(s, Field::kIcmpType, 128, 128));
  Packet packet;
  for (Field f : {Field::kFamily, Field::kProtocol, Field::kDstAddress, Field::kDstPort,
                  Field::kSrcAddress, Field::kSrcPort, Field::kIcmpType, Field::kIcmpCode}) {
    uint128 value = PinMinimum(s, f, set);
    if (IsAddress(f) && packet.family == Family::kIpv4) value >>= 96;
    packet.Set(f, value);
  }
  return packet;
}

namespace {

// One path of the BDD: per variable 0, 1, or -1 (either).
using Cube = std::vector<int8_t>;

void CollectCubes(BDD node, Cube& cube, std::vector<Cube>& out, size_t limit) {
  if (out.size() >= limit || node == bddfalse) return;
  if (node == bddtrue) {
    out.push_back(cube);
    return;
  }
  int var = bdd_var(node);
  cube[var] = 0;
  CollectCubes(bdd_low(node), cube, out, limit);
  cube[var] = 1;
  CollectCubes(bdd_high(node), cube, out, limit);
  cube[var] = -1;
}

struct Ternary {
  uint128 value = 0;
  uint128 care = 0;  // bits that are fixed
  int width = 0;
  bool IsAny() const { return care == 0; }
  bool IsPrefix(int* length) const {
    int n = 0;
    while (n < width && ((care >> (width - 1 - n)) & 1)) ++n;
    *length = n;
    return care == PrefixMaskOf(n);
  }
  uint128 PrefixMaskOf(int n) const {
    return n == 0 ? 0 : MaxValueForWidth(width) & ~MaxValueForWidth(width - n);
  }
};

Ternary FieldOf(const Space& s, const Cube& cube, Field f, int width) {
  Ternary t;
  t.width = width;
  int full = FieldWidth(f);
  int first = IsAddress(f) ? 0 : full - width;
  for (int i = first; i < first + width; ++i) {
    int8_t b = cube[VarOf(s, f, i)];
    t.value <<= 1;
    t.care <<= 1;
    if (b >= 0) {
      t.care |= 1;
      t.value |= static_cast<uint128>(b);
    }
  }
  return t;
}

std::string AddressText(const Ternary& t, Family family) {
  if (t.IsAny()) return "any";
  int length = 0;
  if (t.IsPrefix(&length)) return Prefix{{family, t.value}, length}.ToString();
  return IpAddress{family, t.value}.ToString() + "&" + IpAddress{family, t.care}.ToString();
}

std::string NumberText(const Ternary& t) {
  int length = 0;
  if (t.IsPrefix(&length)) {
    uint128 hi = t.value | (MaxValueForWidth(t.width) & ~t.care);
    if (hi == t.value) return ToDecimal(t.value);
    return ToDecimal(t.value) + "-" + ToDecimal(hi);
  }
  return ToDecimal(t.value) + "&" + ToDecimal(t.care);
}

std::string CubeText(const Space& s, const Cube& cube) {
  int8_t fam = cube[VarOf(s, Field::kFamily, 0)];
  std::vector<Family> families;
  if (fam != 1) families.push_back(Family::kIpv4);
  if (fam != 0) families.push_back(Family::kIpv6);
  std::string text;
  for (Family family : families) {
    int bits = AddressBits(family);
    if (!text.empty()) text += " | ";
    Ternary src = FieldOf(s, cube, Field::kSrcAddress, bits);
    Ternary dst = FieldOf(s, cube, Field::kDstAddress, bits);
    text += AddressText(src, family) + " -> " + AddressText(dst, family);
    if (fam < 0) text += family == Family::kIpv4 ? " (ipv4)" : " (ipv6)";
  }
  Ternary proto = FieldOf(s, cube, Field::kProtocol, 8);
  if (proto.IsAny()) return text + " any";
  if (proto.care != 0xff) return text + " proto " + NumberText(proto);
  uint8_t p = static_cast<uint8_t>(proto.value);
  text += " " + ProtocolName(p);
  if (HasPorts(p)) {
    Ternary dport = FieldOf(s, cube, Field::kDstPort, 16);
    Ternary sport = FieldOf(s, cube, Field::kSrcPort, 16);
    text += "/" + (dport.IsAny() ? std::string("any") : NumberText(dport));
    if (!sport.IsAny()) text += " sport " + NumberText(sport);
  } else if (p == protocol::kIcmp || p == protocol::kIcmpv6) {
    Ternary type = FieldOf(s, cube, Field::kIcmpType, 8);
    Ternary code = FieldOf(s, cube, Field::kIcmpCode, 8);
    if (!type.IsAny()) text += " type " + NumberText(type);
    if (!code.IsAny()) text += " code " + NumberText(code);
  }
  return text;
}

}  // namespace

std::vector<std::string> PacketSet::Summary(size_t max_cubes) const {
  const Space& s = GetSpace();
  std::vector<std::string> lines;
  if (IsEmpty()) return {"(no packets)"};
  if (*this == All()) return {"any"};
  std::vector<Cube> cubes;
  Cube cube(s.variables, -1);
  CollectCubes(root_, cube, cubes, max_cubes + 1);
  for (size_t i = 0; i < cubes.size() && i < max_cubes; ++i) lines.push_back(CubeText(s, cubes[i]));
  if (cubes.size() > max_cubes) {
    double total = bdd_pathcount(root_);
    lines.push_back(
        "… and " +
        std::to_string(static_cast<long long>(total) - static_cast<long long>(max_cubes)) +
        " more");
  }
  return lines;
}

int PacketSet::NodeCount() const { return bdd_nodecount(root_); }

}  // namespace flowaudit
