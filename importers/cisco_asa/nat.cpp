#include "importers/cisco_asa/nat.h"

#include <algorithm>
#include <charconv>

namespace flowaudit::asa {
namespace {

constexpr size_t kMaxPairs = 256;  // larger one-to-one mappings are not expanded

// Addresses as a NAT rule names them.
struct Addresses {
  bool any = false;
  std::vector<AddressAtom> atoms;
  std::string unknown;  // not understood: why
};

Addresses Unknown(std::string reason) {
  Addresses a;
  a.unknown = std::move(reason);
  return a;
}

uint128 AllOnes(Family family) {
  int bits = AddressBits(family);
  return bits == 128 ? ~uint128(0) : (uint128(1) << bits) - 1;
}

// The addresses in ascending order, or nullopt when there are more than kMaxPairs or a mask
// is not contiguous.
std::optional<std::vector<IpAddress>> Enumerate(const Addresses& addresses) {
  if (addresses.any || !addresses.unknown.empty()) return std::nullopt;
  std::vector<IpAddress> out;
  for (const AddressAtom& atom : addresses.atoms) {
    if (!atom.unknown.empty()) return std::nullopt;
    uint128 host = AllOnes(atom.family) & ~atom.mask;
    if (((host + 1) & host) != 0 || host >= kMaxPairs) return std::nullopt;
    for (uint128 i = 0; i <= host; ++i) {
      out.push_back({atom.family, (atom.value & atom.mask) + i});
      if (out.size() > kMaxPairs) return std::nullopt;
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

bool SameAddresses(const Addresses& a, const Addresses& b) {
  if (a.any || b.any) return a.any && b.any;
  auto key = [](const Addresses& x) {
    std::vector<std::tuple<Family, uint128, uint128>> k;
    for (const AddressAtom& atom : x.atoms) k.emplace_back(atom.family, atom.value, atom.mask);
    std::sort(k.begin(), k.end());
    return k;
  };
  return a.unknown.empty() && b.unknown.empty() && key(a) == key(b);
}

Match MatchOf(const Addresses& a, Field field) {
  if (!a.unknown.empty()) return Match({Term::Unknown(a.unknown)});
  if (a.any) return Match();
  if (a.atoms.size() == 1) return a.atoms.front().ToMatch(field);
  std::vector<Match> alternatives;
  for (const AddressAtom& atom : a.atoms) alternatives.push_back(atom.ToMatch(field));
  return Match({Term::AnyOf(std::move(alternatives))});
}

Match And(Match a, const Match& b) {
  for (const Term& t : b.terms()) a.Add(t);
  return a;
}

// How the addresses of one side become those of the other.
struct Mapping {
  enum class Kind { kIdentity, kPairs, kPool, kUnknown };
  Kind kind = Kind::kUnknown;
  std::vector<std::pair<IpAddress, IpAddress>> pairs;
  IpAddress pool_lo, pool_hi;
  std::string reason;
};

Mapping UnknownMapping(std::string reason) {
  Mapping m;
  m.reason = std::move(reason);
  return m;
}

// Static NAT maps the n-th real address to the n-th mapped one.
Mapping MapStatic(const Addresses& from, const Addresses& to) {
  if (!from.unknown.empty()) return UnknownMapping(from.unknown);
  if (!to.unknown.empty()) return UnknownMapping(to.unknown);
  if (SameAddresses(from, to)) return Mapping{Mapping::Kind::kIdentity, {}, {}, {}, {}};
  if (from.any || to.any) return UnknownMapping("'any' can only be mapped to itself");
  auto a = Enumerate(from), b = Enumerate(to);
  if (!a || !b) {
    return UnknownMapping("static NAT of more than " + std::to_string(kMaxPairs) +
                          " addresses is modelled only as identity NAT");
  }
  if (a->size() != b->size()) {
    return UnknownMapping("static NAT between " + std::to_string(a->size()) + " and " +
                          std::to_string(b->size()) + " addresses is not modelled");
  }
  Mapping m{Mapping::Kind::kPairs, {}, {}, {}, {}};
  for (size_t i = 0; i < a->size(); ++i) {
    if ((*a)[i].family != (*b)[i].family) return UnknownMapping("NAT46/NAT64 is not modelled");
    m.pairs.emplace_back((*a)[i], (*b)[i]);
  }
  return m;
}

// Dynamic NAT/PAT takes some address of the mapped pool, which must be one range.
Mapping MapDynamic(const Addresses& to) {
  if (!to.unknown.empty()) return UnknownMapping(to.unknown);
  if (to.any || to.atoms.empty()) return UnknownMapping("dynamic NAT needs mapped addresses");
  std::vector<AddressAtom> atoms = to.atoms;
  std::sort(atoms.begin(), atoms.end(),
            [](const AddressAtom& x, const AddressAtom& y) { return x.value < y.value; });
  Mapping m{Mapping::Kind::kPool, {}, {}, {}, {}};
  for (const AddressAtom& atom : atoms) {
    uint128 host = AllOnes(atom.family) & ~atom.mask;
    if (!atom.unknown.empty() || ((host + 1) & host) != 0) {
      return UnknownMapping("a mapped pool with a non-contiguous mask is not modelled");
    }
    IpAddress lo{atom.family, atom.value & atom.mask}, hi{atom.family, lo.value | host};
    if (&atom == &atoms.front()) {
      m.pool_lo = lo;
    } else if (atom.family != m.pool_hi.family || lo.value != m.pool_hi.value + 1) {
      return UnknownMapping("a mapped pool of several ranges is not modelled");
    }
    m.pool_hi = hi;
  }
  return m;
}

// One NAT rule as written.
struct NatRule {
  int section = 1;
  std::string real_ifc, mapped_ifc;  // empty: any
  bool is_static = true;
  Addresses real, mapped;
  bool has_destination = false;
  Addresses mapped_dst, real_dst;
  bool has_service = false;  // object NAT `service PROTO REAL MAPPED`
  uint8_t protocol = 0;
  uint16_t real_port = 0, mapped_port = 0;
  bool unidirectional = false;
  bool inactive = false;
  std::string unknown;  // an option flowaudit does not model
  std::string object;
  std::string_view text;
};

class Parser {
 public:
  Parser(const Config& config, Resolver& resolver) : config_(config), resolver_(resolver) {}
  std::optional<NatRule> Parse(const NatLine& nat);

 private:
  bool Interfaces(Cursor& in, NatRule& rule);
  Addresses Operand(Cursor& in, const NatRule& rule, bool mapped);
  bool Options(Cursor& in, NatRule& rule);

  const Config& config_;
  Resolver& resolver_;
};

std::optional<NatRule> Parser::Parse(const NatLine& nat) {
  NatRule rule;
  rule.text = nat.line.text;
  rule.object = nat.object;
  Cursor in(nat.line, 1, resolver_);
  if (in.Peek().starts_with("(") && !Interfaces(in, rule)) return std::nullopt;
  if (!nat.object.empty()) {
    rule.section = 2;
    auto it = config_.network_objects.find(nat.object);
    rule.real.atoms = it->second;
  } else {
    if (in.Peek() == "after-auto" || in.Peek() == "after-object") {
      rule.section = 3;
      in.Take();
    }
    std::string_view hint = in.Peek();
    int number = 0;
    if (!hint.empty() && std::from_chars(hint.data(), hint.data() + hint.size(), number).ptr ==
                             hint.data() + hint.size()) {
      in.Take();  // `line N` insertion hint: the running config is already in order
    }
    std::optional<std::string_view> source = in.Expect("'source'");
    if (!source) return std::nullopt;
    if (*source != "source") {
      in.Error(*source, "expected 'source', got '" + std::string(*source) + "'");
      return std::nullopt;
    }
  }
  std::optional<std::string_view> kind = in.Expect("'static' or 'dynamic'");
  if (!kind) return std::nullopt;
  if (*kind != "static" && *kind != "dynamic") {
    in.Error(*kind, "expected 'static' or 'dynamic', got '" + std::string(*kind) + "'");
    return std::nullopt;
  }
  rule.is_static = *kind == "static";
  if (nat.object.empty()) rule.real = Operand(in, rule, false);
  if (in.Peek() == "pat-pool") {
    rule.mapped = Unknown("'pat-pool' is not modelled");  // Options warns at the keyword
  } else {
    rule.mapped = Operand(in, rule, true);
  }
  if (!Options(in, rule)) return std::nullopt;
  return rule;
}

bool Parser::Interfaces(Cursor& in, NatRule& rule) {
  std::string_view text = in.Take();
  size_t comma = text.find(',');
  if (!text.ends_with(")") || comma == std::string_view::npos) {
    in.Error(text, "expected '(REAL_IFC,MAPPED_IFC)', got '" + std::string(text) + "'");
    return false;
  }
  std::string_view names[2] = {text.substr(1, comma - 1),
                               text.substr(comma + 1, text.size() - comma - 2)};
  std::string* out[2] = {&rule.real_ifc, &rule.mapped_ifc};
  for (int i = 0; i < 2; ++i) {
    if (names[i] == "any") continue;
    if (!config_.FindInterface(names[i])) {
      in.Error(names[i],
               "unknown interface '" + std::string(names[i]) + "' (no interface has this nameif)");
      return false;
    }
    *out[i] = names[i];
  }
  return true;
}

Addresses Parser::Operand(Cursor& in, const NatRule& rule, bool mapped) {
  std::optional<std::string_view> word = in.Expect(mapped ? "the mapped addresses"
                                                          : "the real "
                                                            "addresses");
  if (!word) return Unknown("missing operand");
  if (*word == "any") {
    Addresses a;
    a.any = true;
    return a;
  }
  if (*word == "interface" && mapped) {
    if (in.Peek() == "ipv6") {
      in.Take();
      return Unknown("the IPv6 address of an interface is not read");
    }
    const Interface* i = rule.mapped_ifc.empty() ? nullptr : config_.FindInterface(rule.mapped_ifc);
    if (!i || !i->address) {
      return Unknown("the mapped interface has no address in the config");
    }
    Addresses a;
    a.atoms.push_back(
        AddressAtom{i->address->family, i->address->value, AllOnes(i->address->family), {}});
    return a;
  }
  if (std::optional<IpAddress> literal = ParseIpAddress(*word)) {
    Addresses a;
    a.atoms.push_back(AddressAtom{literal->family, literal->value, AllOnes(literal->family), {}});
    return a;
  }
  Addresses a;
  if (config_.network_objects.count(std::string(*word))) {
    a.atoms = resolver_.NetworkObject(*word);
  } else if (std::optional<Group> group = resolver_.Flatten(*word, GroupKind::kNetwork)) {
    a.atoms = group->addresses;
  } else {
    std::string message = "unknown network object or object-group '" + std::string(*word) + "'";
    in.Error(*word, message);
    return Unknown(message);
  }
  for (const AddressAtom& atom : a.atoms) {
    if (!atom.unknown.empty()) return Unknown(atom.unknown);
  }
  return a;
}

bool Parser::Options(Cursor& in, NatRule& rule) {
  auto unknown = [&](std::string_view at, std::string reason) {
    if (rule.unknown.empty()) rule.unknown = reason;
    resolver_.WarningOnce(at, reason + ": packets this rule matches are UNKNOWN");
  };
  while (!in.AtEnd()) {
    std::string_view word = in.Take();
    if (word == "description") return true;  // the rest of the line is text
    if (word == "inactive") {
      rule.inactive = true;
    } else if (word == "unidirectional") {
      rule.unidirectional = true;
    } else if (word == "dns" || word == "no-proxy-arp" || word == "route-lookup" ||
               word == "net-to-net" || word == "interface") {
      // No effect on which packets are translated to what: ARP, DNS rewriting, the egress
      // lookup, and the fallback to the interface when a pool is exhausted.
    } else if (word == "destination" && rule.section != 2) {
      std::optional<std::string_view> kind = in.Expect("'static'");
      if (!kind) return false;
      if (*kind != "static") {
        in.Error(*kind, "expected 'static' after 'destination', got '" + std::string(*kind) + "'");
        return false;
      }
      rule.has_destination = true;
      rule.mapped_dst = Operand(in, rule, false);
      rule.real_dst = Operand(in, rule, false);
    } else if (word == "service" && rule.section == 2) {
      std::optional<std::string_view> protocol = in.Expect("'tcp', 'udp' or 'sctp'");
      if (!protocol) return false;
      if (*protocol != "tcp" && *protocol != "udp" && *protocol != "sctp") {
        in.Error(*protocol,
                 "expected 'tcp', 'udp' or 'sctp', got '" + std::string(*protocol) + "'");
        return false;
      }
      rule.has_service = true;
      rule.protocol = *protocol == "tcp" ? 6 : *protocol == "udp" ? 17 : 132;
      std::optional<uint16_t> real = in.Port(rule.protocol);
      std::optional<uint16_t> mapped = real ? in.Port(rule.protocol) : std::nullopt;
      if (!mapped) return false;
      rule.real_port = *real;
      rule.mapped_port = *mapped;
    } else if (word == "service") {
      unknown(word, "twice NAT 'service' translation is not modelled");
      in.Take();
      in.Take();
    } else if (word == "pat-pool") {
      unknown(word, "'pat-pool' is not modelled");
      return true;
    } else {
      unknown(word, "unknown NAT option '" + std::string(word) + "'");
      return true;
    }
  }
  return true;
}

uint128 Size(const Addresses& a) {
  if (a.any || !a.unknown.empty()) return ~uint128(0);
  uint128 total = 0;
  for (const AddressAtom& atom : a.atoms) {
    uint128 host = AllOnes(atom.family) & ~atom.mask;
    total = host == ~uint128(0) || total + host + 1 < total ? ~uint128(0) : total + host + 1;
  }
  return total;
}

uint128 Lowest(const Addresses& a) {
  uint128 lowest = ~uint128(0);
  for (const AddressAtom& atom : a.atoms) lowest = std::min(lowest, atom.value & atom.mask);
  return lowest;
}

// ASA's order: sections; in section 2 static first, fewer real addresses, lower address, name.
bool Before(const NatRule& a, const NatRule& b) {
  if (a.section != b.section) return a.section < b.section;
  if (a.section != 2) return false;
  if (a.is_static != b.is_static) return a.is_static;
  if (Size(a.real) != Size(b.real)) return Size(a.real) < Size(b.real);
  if (Lowest(a.real) != Lowest(b.real)) return Lowest(a.real) < Lowest(b.real);
  return a.object < b.object;
}

class ChainBuilder {
 public:
  ChainBuilder(NatChains& out, const SourceFilePtr& file, Diagnostics& diagnostics)
      : out_(out), file_(file), diagnostics_(diagnostics) {}
  void Add(const NatRule& rule);

 private:
  // Rules of `chain` that translate field `field` of packets in `from` as `mapping` says.
  void Emit(Chain& chain, ActionKind kind, const Match& base, Field field, const Addresses& from,
            const Mapping& mapping, std::optional<uint16_t> port);
  void Keep(Chain& chain, const Match& base);  // the rule matches and translates nothing

  static Match Interfaces(const std::string& in, const std::string& out) {
    Match m;
    if (!in.empty()) m.Add(Term::Interface(Term::Kind::kInInterface, in));
    if (!out.empty()) m.Add(Term::Interface(Term::Kind::kOutInterface, out));
    return m;
  }
  static Match Service(const NatRule& r, Field port_field, uint16_t port) {
    if (!r.has_service) return Match();
    return Match({Term::FieldIs(Field::kProtocol, r.protocol), Term::FieldIs(port_field, port)});
  }

  NatChains& out_;
  const SourceFilePtr& file_;
  Diagnostics& diagnostics_;
  const NatRule* rule_ = nullptr;
  bool warned_ = false;  // about rule_
};

void ChainBuilder::Add(const NatRule& r) {
  rule_ = &r;
  warned_ = !r.unknown.empty();  // the parser has warned already
  ++out_.rule_count;
  if (!r.unknown.empty()) ++out_.unknown_rule_count;
  const bool twice = r.section != 2;
  Match rest = r.unknown.empty() ? Match() : Match({Term::Unknown(r.unknown)});

  // From the real side to the mapped side.
  Match forward = And(And(Interfaces(r.real_ifc, ""), MatchOf(r.real, Field::kSrcAddress)),
                      Service(r, Field::kSrcPort, r.real_port));
  forward = And(forward, rest);
  if (twice) {
    if (r.has_destination) {
      Emit(out_.destination, ActionKind::kDnat, forward, Field::kDstAddress, r.mapped_dst,
           MapStatic(r.mapped_dst, r.real_dst), std::nullopt);
    } else {
      Keep(out_.destination, forward);  // one rule per connection: it also keeps the destination
    }
  }
  // The real source is matched by Emit (per address, for one-to-one mappings).
  Match forward_base =
      And(Interfaces(r.real_ifc, r.mapped_ifc), Service(r, Field::kSrcPort, r.real_port));
  forward_base = And(forward_base, rest);
  if (r.has_destination) forward_base = And(forward_base, MatchOf(r.real_dst, Field::kDstAddress));
  Emit(out_.source, ActionKind::kSnat, forward_base, Field::kSrcAddress, r.real,
       r.is_static ? MapStatic(r.real, r.mapped) : MapDynamic(r.mapped),
       r.has_service ? std::optional<uint16_t>(r.mapped_port) : std::nullopt);

  // Static NAT also lets the mapped side open connections to the real one.
  if (!r.is_static || r.unidirectional) return;
  Match backward = And(Interfaces(r.mapped_ifc, ""), Service(r, Field::kDstPort, r.mapped_port));
  backward = And(backward, rest);
  if (r.has_destination) backward = And(backward, MatchOf(r.real_dst, Field::kSrcAddress));
  Emit(out_.destination, ActionKind::kDnat, backward, Field::kDstAddress, r.mapped,
       MapStatic(r.mapped, r.real),
       r.has_service ? std::optional<uint16_t>(r.real_port) : std::nullopt);
  if (!twice) return;  // object NAT translates the two addresses by separate rules
  Match backward_out =
      And(Interfaces(r.mapped_ifc, r.real_ifc), MatchOf(r.real, Field::kDstAddress));
  backward_out = And(backward_out, rest);
  if (r.has_destination) {
    Emit(out_.source, ActionKind::kSnat, backward_out, Field::kSrcAddress, r.real_dst,
         MapStatic(r.real_dst, r.mapped_dst), std::nullopt);
  } else {
    Keep(out_.source, backward_out);
  }
}

void ChainBuilder::Emit(Chain& chain, ActionKind kind, const Match& base, Field field,
                        const Addresses& from, const Mapping& mapping,
                        std::optional<uint16_t> port) {
  SourceRange where = RangeOf(file_, rule_->text);
  const char* name = kind == ActionKind::kDnat ? "nat (destination)" : "nat (source)";
  auto action = [&](std::optional<IpAddress> to) {
    Action a = Action::Of(kind, name);
    if (to) {
      a.nat.addresses = ValueRange{to->value, to->value};
      a.nat.family = to->family;
    }
    if (port) a.nat.ports = ValueRange{*port, *port};
    return a;
  };
  switch (mapping.kind) {
    case Mapping::Kind::kIdentity:
      if (!port) {
        Keep(chain, And(base, MatchOf(from, field)));
      } else {
        chain.rules.push_back(
            Rule{And(base, MatchOf(from, field)), action(std::nullopt), where, "identity NAT"});
      }
      break;
    case Mapping::Kind::kPairs:
      for (const auto& [a, b] : mapping.pairs) {
        Match one = And(base, AddressAtom{a.family, a.value, AllOnes(a.family), {}}.ToMatch(field));
        chain.rules.push_back(Rule{one, action(b), where, "static NAT"});
      }
      break;
    case Mapping::Kind::kPool: {
      Action a = Action::Of(kind, name);
      a.nat.addresses = ValueRange{mapping.pool_lo.value, mapping.pool_hi.value};
      a.nat.family = mapping.pool_lo.family;
      chain.rules.push_back(Rule{And(base, MatchOf(from, field)), a, where, "dynamic NAT"});
      break;
    }
    case Mapping::Kind::kUnknown:
      chain.rules.push_back(Rule{And(base, MatchOf(from, field)),
                                 Action::Of(ActionKind::kUnknown, "nat: " + mapping.reason), where,
                                 "NAT not modelled"});
      if (!warned_) {
        diagnostics_.Warning(where, mapping.reason + ": packets this rule matches are UNKNOWN");
        ++out_.unknown_rule_count;
        warned_ = true;
      }
      break;
  }
}

void ChainBuilder::Keep(Chain& chain, const Match& base) {
  chain.rules.push_back(Rule{base, Action::Of(ActionKind::kAccept, "no translation"),
                             RangeOf(file_, rule_->text), "identity NAT"});
}

}  // namespace

NatChains BuildNat(const std::vector<NatLine>& lines, const Config& config, Resolver& resolver,
                   const SourceFilePtr& file, Diagnostics& diagnostics) {
  NatChains out;
  out.destination = Chain{"nat destination", {}, Action::Of(ActionKind::kAccept, "no NAT"), {}};
  out.source = Chain{"nat source", {}, Action::Of(ActionKind::kAccept, "no NAT"), {}};
  Parser parser(config, resolver);
  std::vector<NatRule> rules;
  for (const NatLine& line : lines) {
    std::optional<NatRule> rule = parser.Parse(line);
    if (rule && !rule->inactive) rules.push_back(std::move(*rule));
  }
  std::stable_sort(rules.begin(), rules.end(), Before);
  ChainBuilder builder(out, file, diagnostics);
  for (const NatRule& rule : rules) builder.Add(rule);
  return out;
}

}  // namespace flowaudit::asa
