// The -m match modules flowaudit understands, and how their options become Match terms.
// Any other module becomes an UNKNOWN term with a warning.
#include <strings.h>

#include "importers/iptables/netfilter_names.h"
#include "importers/iptables/rule_parser.h"

namespace flowaudit::iptables {

enum class ModuleKind {
  kTcp,
  kUdp,
  kSctp,
  kIcmp,
  kIcmp6,
  kMultiport,
  kIprange,
  kState,
  kConntrack,
  kComment,
  kSet
};

struct ModuleSpec {
  std::string_view name;
  ModuleKind kind;
  std::span<const OptionSpec> options;
  std::optional<Family> only_in = std::nullopt;  // icmp: iptables only; icmp6: ip6tables only
  uint8_t protocol = 0;                          // the -p the module requires (0: none or special)
  uint32_t required_any = 0;                     // bits of option ids of which one must be given
  std::string_view required_text = {};
};

namespace {

enum OptionId : int {
  kSport,
  kDport,
  kTcpFlags,
  kSyn,
  kIcmpType,
  kSports,
  kDports,
  kPorts,
  kSrcRange,
  kDstRange,
  kState,
  kCtState,
  kComment,
  kMatchSet,
  kNotModelled,  // an option flowaudit does not model: the rule becomes UNKNOWN
};

constexpr uint32_t Bit(int id) { return 1u << id; }

constexpr OptionSpec kTcpOptions[] = {
    {"sport", kSport, 1, true},
    {"source-port", kSport, 1, true},
    {"dport", kDport, 1, true},
    {"destination-port", kDport, 1, true},
    {"tcp-flags", kTcpFlags, 2, true},
    {"syn", kSyn, 0, true},
    {"tcp-option", kNotModelled, 1, true},
};
constexpr OptionSpec kUdpOptions[] = {
    {"sport", kSport, 1, true},
    {"source-port", kSport, 1, true},
    {"dport", kDport, 1, true},
    {"destination-port", kDport, 1, true},
};
constexpr OptionSpec kSctpOptions[] = {
    {"sport", kSport, 1, true},
    {"source-port", kSport, 1, true},
    {"dport", kDport, 1, true},
    {"destination-port", kDport, 1, true},
    {"chunk-types", kNotModelled, 2, true},
};
constexpr OptionSpec kIcmpOptions[] = {{"icmp-type", kIcmpType, 1, true}};
constexpr OptionSpec kIcmp6Options[] = {{"icmpv6-type", kIcmpType, 1, true}};
constexpr OptionSpec kMultiportOptions[] = {
    {"sports", kSports, 1, true}, {"source-ports", kSports, 1, true},
    {"dports", kDports, 1, true}, {"destination-ports", kDports, 1, true},
    {"ports", kPorts, 1, true},
};
constexpr OptionSpec kIprangeOptions[] = {
    {"src-range", kSrcRange, 1, true},
    {"dst-range", kDstRange, 1, true},
};
constexpr OptionSpec kStateOptions[] = {{"state", kState, 1, true}};
constexpr OptionSpec kConntrackOptions[] = {
    {"ctstate", kCtState, 1, true},           {"ctproto", kNotModelled, 1, true},
    {"ctorigsrc", kNotModelled, 1, true},     {"ctorigdst", kNotModelled, 1, true},
    {"ctreplsrc", kNotModelled, 1, true},     {"ctrepldst", kNotModelled, 1, true},
    {"ctorigsrcport", kNotModelled, 1, true}, {"ctorigdstport", kNotModelled, 1, true},
    {"ctreplsrcport", kNotModelled, 1, true}, {"ctrepldstport", kNotModelled, 1, true},
    {"ctstatus", kNotModelled, 1, true},      {"ctexpire", kNotModelled, 1, true},
    {"ctdir", kNotModelled, 1, false},
};
constexpr OptionSpec kCommentOptions[] = {{"comment", kComment, 1, false}};
constexpr OptionSpec kSetOptions[] = {
    {"match-set", kMatchSet, 2, true},
    {"set", kMatchSet, 2, true},
    {"return-nomatch", kNotModelled, 0, false},
    {"update-counters", kNotModelled, 0, true},
    {"update-subcounters", kNotModelled, 0, true},
    {"packets-eq", kNotModelled, 1, true},
    {"packets-lt", kNotModelled, 1, true},
    {"packets-gt", kNotModelled, 1, true},
    {"bytes-eq", kNotModelled, 1, true},
    {"bytes-lt", kNotModelled, 1, true},
    {"bytes-gt", kNotModelled, 1, true},
};

constexpr ModuleSpec kModules[] = {
    {.name = "tcp", .kind = ModuleKind::kTcp, .options = kTcpOptions, .protocol = protocol::kTcp},
    {.name = "udp", .kind = ModuleKind::kUdp, .options = kUdpOptions, .protocol = protocol::kUdp},
    {.name = "sctp",
     .kind = ModuleKind::kSctp,
     .options = kSctpOptions,
     .protocol = protocol::kSctp},
    {.name = "icmp",
     .kind = ModuleKind::kIcmp,
     .options = kIcmpOptions,
     .only_in = Family::kIpv4,
     .protocol = protocol::kIcmp,
     .required_any = Bit(kIcmpType),
     .required_text = "'--icmp-type'"},
    {.name = "icmp6",
     .kind = ModuleKind::kIcmp6,
     .options = kIcmp6Options,
     .only_in = Family::kIpv6,
     .protocol = protocol::kIcmpv6,
     .required_any = Bit(kIcmpType),
     .required_text = "'--icmpv6-type'"},
    {.name = "multiport",
     .kind = ModuleKind::kMultiport,
     .options = kMultiportOptions,
     .required_any = Bit(kSports) | Bit(kDports) | Bit(kPorts),
     .required_text = "'--sports', '--dports' or '--ports'"},
    {.name = "iprange",
     .kind = ModuleKind::kIprange,
     .options = kIprangeOptions,
     .required_any = Bit(kSrcRange) | Bit(kDstRange),
     .required_text = "'--src-range' or '--dst-range'"},
    {.name = "state",
     .kind = ModuleKind::kState,
     .options = kStateOptions,
     .required_any = Bit(kState),
     .required_text = "'--state'"},
    {.name = "conntrack",
     .kind = ModuleKind::kConntrack,
     .options = kConntrackOptions,
     .required_any = Bit(kCtState) | Bit(kNotModelled),
     .required_text = "an option such as '--ctstate'"},
    {.name = "comment", .kind = ModuleKind::kComment, .options = kCommentOptions},
    {.name = "set",
     .kind = ModuleKind::kSet,
     .options = kSetOptions,
     .required_any = Bit(kMatchSet),
     .required_text = "'--match-set'"},
};

const ModuleSpec* FindModule(std::string_view name, Family family) {
  // ip6tables loads icmp6 for these spellings too.
  if (family == Family::kIpv6 && (name == "icmpv6" || name == "ipv6-icmp")) name = "icmp6";
  for (const ModuleSpec& spec : kModules) {
    if (spec.name == name) return &spec;
  }
  return nullptr;
}

const OptionSpec* FindOption(const ModuleSpec& spec, std::string_view name) {
  for (const OptionSpec& option : spec.options) {
    if (option.name == name) return &option;
  }
  return nullptr;
}

// The module iptables loads by itself when a rule with `-p PROTO` uses its options.
const ModuleSpec* ProtocolModule(uint8_t ip_protocol, Family family) {
  switch (ip_protocol) {
    case protocol::kTcp:
      return FindModule("tcp", family);
    case protocol::kUdp:
      return FindModule("udp", family);
    case protocol::kSctp:
      return FindModule("sctp", family);
    case protocol::kIcmp:
      return family == Family::kIpv4 ? FindModule("icmp", family) : nullptr;
    case protocol::kIcmpv6:
      return family == Family::kIpv6 ? FindModule("icmp6", family) : nullptr;
    default:
      return nullptr;
  }
}

bool HasPortsForMultiport(uint8_t p) {
  return p == protocol::kTcp || p == protocol::kUdp || p == protocol::kUdplite ||
         p == protocol::kSctp || p == protocol::kDccp;
}

// Calls `f` on each comma-separated item of `list`.
template <typename F>
void ForEachItem(std::string_view list, F f) {
  while (true) {
    size_t comma = list.find(',');
    f(list.substr(0, comma));
    if (comma == std::string_view::npos) return;
    list.remove_prefix(comma + 1);
  }
}

bool AllDigits(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace

void RuleParser::OpenModule(const Token& option, const Token& name) {
  const ModuleSpec* spec = FindModule(name.value, env_.family);
  if (spec && spec->only_in && *spec->only_in != env_.family) {
    Error(name, env_.family == Family::kIpv4
                    ? "match " + Quoted(name.value) + " does not exist in iptables (use 'icmp')"
                    : "match " + Quoted(name.value) + " does not exist in ip6tables (use 'icmp6')");
    return;
  }
  ModuleUse use;
  use.spec = spec;
  use.name = &name;
  use.first = IndexOf(option);
  use.last = IndexOf(name);
  modules_.push_back(use);
  owner_is_target_ = false;
  opaque_module_open_ = spec == nullptr;
}

bool RuleParser::ParseModuleOption(const Token& option, bool negated) {
  if (option.value.substr(0, 2) != "--") return false;
  std::string_view name = option.value.substr(2);
  if (opaque_module_open_) {
    SkipValues();
    modules_.back().last = pos_ - 1;
    return true;
  }
  for (size_t i = modules_.size(); i-- > 0;) {
    if (!modules_[i].spec) continue;
    if (const OptionSpec* spec = FindOption(*modules_[i].spec, name)) {
      return ApplyModuleOption(modules_[i], *spec, option, negated);
    }
  }
  if (protocol_ && !protocol_negated_) {
    if (const ModuleSpec* implicit = ProtocolModule(*protocol_, env_.family)) {
      if (const OptionSpec* spec = FindOption(*implicit, name)) {
        ModuleUse use;
        use.spec = implicit;
        use.first = use.last = IndexOf(option);
        modules_.push_back(use);
        return ApplyModuleOption(modules_.back(), *spec, option, negated);
      }
    }
  }
  return false;
}

bool RuleParser::ApplyModuleOption(ModuleUse& module, const OptionSpec& spec, const Token& option,
                                   bool negated) {
  const ModuleSpec& m = *module.spec;
  if (negated && !spec.invertible) {
    Error(option, "'!' cannot be used with " + Quoted(option.value));
    return true;
  }
  const uint32_t port_lists = Bit(kSports) | Bit(kDports) | Bit(kPorts);
  if (m.kind == ModuleKind::kMultiport && (module.given & port_lists) &&
      (Bit(spec.id) & port_lists)) {
    Error(option, "match 'multiport' takes only one of '--sports', '--dports' and '--ports'");
    return true;
  }
  if ((module.given & Bit(spec.id)) && spec.id != kNotModelled) {
    Error(option, "option " + Quoted(option.value) + " may only be given once");
    return true;
  }
  module.given |= Bit(spec.id);
  const Token* values[2] = {nullptr, nullptr};
  for (int i = 0; i < spec.values; ++i) {
    values[i] = TakeValue(option, i == 0 && spec.invertible ? &negated : nullptr);
    if (!values[i]) return true;
  }
  module.last = pos_ - 1;
  uint8_t ports_of = m.protocol != 0 ? m.protocol : protocol_.value_or(protocol::kTcp);
  switch (spec.id) {
    case kSport:
      ParsePortOption(*values[0], Field::kSrcPort, ports_of, negated);
      break;
    case kDport:
      ParsePortOption(*values[0], Field::kDstPort, ports_of, negated);
      break;
    case kTcpFlags:
      ParseTcpFlags(*values[0], *values[1], negated);
      break;
    case kSyn:
      // --syn is --tcp-flags SYN,RST,ACK,FIN SYN: true for every first packet.
      if (negated) terms_.push_back(Term::AnyOf({}));
      break;
    case kIcmpType:
      ParseIcmpOption(*values[0], negated);
      break;
    case kSports:
    case kDports:
    case kPorts:
      ParseMultiport(*values[0], spec, negated);
      break;
    case kSrcRange:
      ParseRange(*values[0], Field::kSrcAddress, negated);
      break;
    case kDstRange:
      ParseRange(*values[0], Field::kDstAddress, negated);
      break;
    case kState:
      ParseStates(*values[0], /*with_nat=*/false, negated);
      break;
    case kCtState:
      ParseStates(*values[0], /*with_nat=*/true, negated);
      break;
    case kComment:
      rule_.comment = std::string(values[0]->value);
      break;
    case kMatchSet:
      ParseSet(option, *values[0], *values[1], negated);
      break;
    case kNotModelled:
      module.unknown_option = true;
      Warning(option, "option " + Quoted(option.value) + " of match " + Quoted(m.name) +
                          " is not understood by flowaudit; rules using it are UNKNOWN");
      terms_.push_back(Term::Unknown(std::string(SourceText(IndexOf(option), module.last))));
      break;
  }
  return true;
}

std::optional<uint16_t> RuleParser::ParsePort(const Token& at, std::string_view text,
                                              uint8_t ip_protocol) {
  if (std::optional<uint64_t> number = ParseNumber(text, 65535)) {
    return static_cast<uint16_t>(*number);
  }
  if (AllDigits(text)) {
    Error(at, "port " + std::string(text) + " is out of range 0-65535");
    return std::nullopt;
  }
  if (text.empty()) {
    Error(at, "missing port number in " + Quoted(at.value));
    return std::nullopt;
  }
  ServiceLookup service = LookupService(text, ip_protocol);
  if (service.port) return service.port;
  std::string message = "unknown port name " + Quoted(text);
  if (service.other_protocol_only) message += " for " + ProtocolName(ip_protocol);
  Error(at, message);
  return std::nullopt;
}

void RuleParser::ParsePortOption(const Token& value, Field field, uint8_t ip_protocol,
                                 bool negated) {
  std::string_view text = value.value;
  size_t colon = text.find(':');
  ValueRange range;
  if (colon == std::string_view::npos) {
    std::optional<uint16_t> port = ParsePort(value, text, ip_protocol);
    if (!port) return;
    range = {*port, *port};
  } else {
    // "a:b", ":b" (from 0) and "a:" (to 65535).
    std::string_view lo_text = text.substr(0, colon), hi_text = text.substr(colon + 1);
    std::optional<uint16_t> lo = lo_text.empty() ? 0 : ParsePort(value, lo_text, ip_protocol);
    if (!lo) return;
    std::optional<uint16_t> hi = hi_text.empty() ? 65535 : ParsePort(value, hi_text, ip_protocol);
    if (!hi) return;
    if (*lo > *hi) {
      Error(value, "invalid port range " + Quoted(text) + ": " + std::to_string(*lo) +
                       " is greater than " + std::to_string(*hi));
      return;
    }
    range = {*lo, *hi};
  }
  terms_.push_back(Term::FieldIn(field, {range}, negated));
}

void RuleParser::ParseMultiport(const Token& value, const OptionSpec& spec, bool negated) {
  constexpr int kMaxPorts = 15;  // XT_MULTI_PORTS; a range takes two slots
  uint8_t ip_protocol = protocol_.value_or(protocol::kTcp);
  std::vector<ValueRange> ranges;
  int slots = 0;
  bool ok = true;
  ForEachItem(value.value, [&](std::string_view item) {
    if (!ok) return;
    size_t colon = item.find(':');
    if (colon == std::string_view::npos) {
      std::optional<uint16_t> port = ParsePort(value, item, ip_protocol);
      if (!port) {
        ok = false;
        return;
      }
      ranges.push_back({*port, *port});
      slots += 1;
      return;
    }
    std::string_view lo_text = item.substr(0, colon), hi_text = item.substr(colon + 1);
    if (lo_text.empty() || hi_text.empty()) {
      Error(value, "invalid port range " + Quoted(item) + " in a multiport list");
      ok = false;
      return;
    }
    std::optional<uint16_t> lo = ParsePort(value, lo_text, ip_protocol);
    std::optional<uint16_t> hi = lo ? ParsePort(value, hi_text, ip_protocol) : std::nullopt;
    if (!lo || !hi) {
      ok = false;
      return;
    }
    if (*lo >= *hi) {
      Error(value, "invalid port range " + Quoted(item) +
                       " in a multiport list: the first port must be lower than the last");
      ok = false;
      return;
    }
    ranges.push_back({*lo, *hi});
    slots += 2;
  });
  if (!ok) return;
  if (slots > kMaxPorts) {
    Error(value, "too many ports in " + Quoted(value.value) +
                     ": multiport takes at most 15 (a range counts as 2)");
    return;
  }
  if (spec.id == kPorts) {
    // --ports matches when either the source or the destination port is listed.
    terms_.push_back(Term::AnyOf({Match({Term::FieldIn(Field::kSrcPort, ranges)}),
                                  Match({Term::FieldIn(Field::kDstPort, ranges)})},
                                 negated));
    return;
  }
  Field field = spec.id == kSports ? Field::kSrcPort : Field::kDstPort;
  terms_.push_back(Term::FieldIn(field, std::move(ranges), negated));
}

void RuleParser::ParseTcpFlags(const Token& mask, const Token& compare, bool negated) {
  // libxt_tcp.c tcp_flag_names.
  static constexpr std::pair<std::string_view, uint8_t> kFlags[] = {
      {"FIN", 0x01}, {"SYN", 0x02}, {"RST", 0x04}, {"PSH", 0x08},
      {"ACK", 0x10}, {"URG", 0x20}, {"ALL", 0x3F}, {"NONE", 0x00},
  };
  auto parse = [&](const Token& token) -> std::optional<uint8_t> {
    uint8_t flags = 0;
    bool ok = true;
    ForEachItem(token.value, [&](std::string_view name) {
      if (!ok) return;
      for (const auto& [flag_name, bit] : kFlags) {
        if (name.size() == flag_name.size() &&
            strncasecmp(name.data(), flag_name.data(), name.size()) == 0) {
          flags |= bit;
          return;
        }
      }
      Error(token, "unknown TCP flag " + Quoted(name));
      ok = false;
    });
    return ok ? std::optional<uint8_t>(flags) : std::nullopt;
  };
  std::optional<uint8_t> mask_bits = parse(mask);
  std::optional<uint8_t> compare_bits = mask_bits ? parse(compare) : std::nullopt;
  if (!compare_bits) return;
  // The first packet of a TCP connection is a SYN: flags are exactly SYN. The match is
  // decided here, for all TCP packets at once (the rule's -p tcp keeps it to TCP).
  constexpr uint8_t kSynOnly = 0x02;
  bool holds = ((kSynOnly & *mask_bits) == *compare_bits) != negated;
  if (!holds) terms_.push_back(Term::AnyOf({}));
}

void RuleParser::ParseIcmpOption(const Token& value, bool negated) {
  std::string error;
  std::optional<IcmpTypeMatch> icmp = ParseIcmpType(value.value, env_.family, &error);
  if (!icmp) {
    Error(value, error);
    return;
  }
  if (icmp->any) {
    if (negated) terms_.push_back(Term::AnyOf({}));
    return;
  }
  if (icmp->code_min == 0 && icmp->code_max == 0xFF) {
    terms_.push_back(Term::FieldIs(Field::kIcmpType, icmp->type, negated));
    return;
  }
  terms_.push_back(
      Term::AnyOf({Match({Term::FieldIs(Field::kIcmpType, icmp->type),
                          Term::FieldIn(Field::kIcmpCode, {{icmp->code_min, icmp->code_max}})})},
                  negated));
}

void RuleParser::ParseRange(const Token& value, Field field, bool negated) {
  std::string_view text = value.value;
  size_t dash = text.find('-');
  std::string_view lo_text = text.substr(0, dash);
  std::string_view hi_text = dash == std::string_view::npos ? lo_text : text.substr(dash + 1);
  std::optional<IpAddress> lo = ParseIpAddress(lo_text);
  std::optional<IpAddress> hi = ParseIpAddress(hi_text);
  for (auto [address, address_text] : {std::pair{lo, lo_text}, std::pair{hi, hi_text}}) {
    if (!address) {
      Error(value, Quoted(address_text) + " is not an IP address");
      return;
    }
    if (address->family != env_.family) {
      Error(value, Quoted(address_text) + " is an " +
                       (env_.family == Family::kIpv4 ? "IPv6" : "IPv4") +
                       " address, but this ruleset is " +
                       (env_.family == Family::kIpv4 ? "IPv4" : "IPv6"));
      return;
    }
  }
  if (lo->value > hi->value) {
    Warning(value, "range " + std::string(text) + " is reversed and never matches");
    terms_.push_back(Term::FieldIn(field, {}, negated));
    return;
  }
  terms_.push_back(Term::FieldIn(field, {{lo->value, hi->value}}, negated));
}

void RuleParser::ParseStates(const Token& value, bool with_nat, bool negated) {
  uint8_t states = 0;
  bool ok = true;
  ForEachItem(value.value, [&](std::string_view word) {
    if (!ok) return;
    uint8_t bit = LookupConntrackState(word, with_nat);
    if (!bit) {
      Error(value, "unknown conntrack state " + Quoted(word));
      ok = false;
    }
    states |= bit;
  });
  if (ok) terms_.push_back(StateTerm(states, negated, env_.states));
}

void RuleParser::ParseSet(const Token& option, const Token& name, const Token& flags,
                          bool negated) {
  constexpr size_t kMaxDimensions = 6;  // IPSET_DIM_MAX
  std::vector<SetDirection> directions;
  bool ok = true;
  ForEachItem(flags.value, [&](std::string_view flag) {
    if (!ok) return;
    if (flag == "src") {
      directions.push_back(SetDirection::kSource);
    } else if (flag == "dst") {
      directions.push_back(SetDirection::kDestination);
    } else {
      Error(flags, "ipset direction must be 'src' or 'dst', not " + Quoted(flag));
      ok = false;
    }
  });
  if (!ok) return;
  if (directions.size() > kMaxDimensions) {
    Error(flags, "an ipset has at most 6 dimensions");
    return;
  }
  if (env_.ipsets) {
    if (std::optional<Match> members = env_.ipsets->Resolve(name.value, directions)) {
      terms_.push_back(Term::AnyOf({std::move(*members)}, negated));
      return;
    }
  }
  Warning(name, "ipset " + Quoted(name.value) +
                    " contents are not in this file; rules matching it are UNKNOWN");
  terms_.push_back(Term::Unknown("ipset " + Quoted(name.value), negated));
}

void RuleParser::FinishModules() {
  for (const ModuleUse& module : modules_) {
    if (rule_.failed) return;
    if (!module.spec) {
      Warning(*module.name, "match " + Quoted(module.name->value) +
                                " is not understood by flowaudit; rules using it are UNKNOWN");
      terms_.push_back(Term::Unknown(std::string(SourceText(module.first, module.last))));
      continue;
    }
    const ModuleSpec& spec = *module.spec;
    if (!module.name) continue;  // loaded by iptables itself for -p: nothing to check
    if (spec.required_any && !(module.given & spec.required_any)) {
      Error(*module.name,
            "match " + Quoted(spec.name) + " needs " + std::string(spec.required_text));
      return;
    }
    if (spec.protocol != 0 && !ProtocolIs(spec.protocol)) {
      Error(*module.name, "match " + Quoted(module.name->value) + " needs '-p " +
                              ProtocolName(spec.protocol) + "'");
      return;
    }
    if (spec.kind == ModuleKind::kMultiport &&
        !(protocol_ && !protocol_negated_ && HasPortsForMultiport(*protocol_))) {
      Error(*module.name,
            "match 'multiport' needs '-p tcp', '-p udp', '-p udplite', '-p sctp' or '-p dccp'");
      return;
    }
  }
}

}  // namespace flowaudit::iptables
