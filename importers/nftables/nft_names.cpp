#include "importers/nftables/nft_names.h"

#include "importers/iptables/netfilter_names.h"

namespace flowaudit::nftables {
namespace {

struct NamedValue {
  std::string_view name;
  uint8_t value;
};

constexpr NamedValue kIcmpTypes[] = {
    {"echo-reply", 0},           {"destination-unreachable", 3},
    {"source-quench", 4},        {"redirect", 5},
    {"echo-request", 8},         {"router-advertisement", 9},
    {"router-solicitation", 10}, {"time-exceeded", 11},
    {"parameter-problem", 12},   {"timestamp-request", 13},
    {"timestamp-reply", 14},     {"info-request", 15},
    {"info-reply", 16},          {"address-mask-request", 17},
    {"address-mask-reply", 18},
};
constexpr NamedValue kIcmpv6Types[] = {
    {"destination-unreachable", 1},  {"packet-too-big", 2},         {"time-exceeded", 3},
    {"parameter-problem", 4},        {"echo-request", 128},         {"echo-reply", 129},
    {"mld-listener-query", 130},     {"mld-listener-report", 131},  {"mld-listener-done", 132},
    {"mld-listener-reduction", 132}, {"nd-router-solicit", 133},    {"nd-router-advert", 134},
    {"nd-neighbor-solicit", 135},    {"nd-neighbor-advert", 136},   {"nd-redirect", 137},
    {"router-renumbering", 138},     {"ind-neighbor-solicit", 141}, {"ind-neighbor-advert", 142},
    {"mld2-listener-report", 143},
};
constexpr NamedValue kStates[] = {
    {"invalid", iptables::ct::kInvalid},         {"new", iptables::ct::kNew},
    {"established", iptables::ct::kEstablished}, {"related", iptables::ct::kRelated},
    {"untracked", iptables::ct::kUntracked},
};

template <size_t N>
std::optional<uint8_t> Lookup(const NamedValue (&table)[N], std::string_view name) {
  for (const NamedValue& entry : table) {
    if (entry.name == name) return entry.value;
  }
  return std::nullopt;
}

}  // namespace

std::optional<uint8_t> IcmpType(std::string_view name) { return Lookup(kIcmpTypes, name); }
std::optional<uint8_t> Icmpv6Type(std::string_view name) { return Lookup(kIcmpv6Types, name); }
std::optional<uint8_t> ConntrackState(std::string_view name) { return Lookup(kStates, name); }

}  // namespace flowaudit::nftables
