// The iptables importer: reads `iptables-save` (IPv4) or `ip6tables-save` (IPv6) output, and
// the iptables-restore input that hand-made files use (-N, -P, -I, long options), into a
// models::Device.
//
// What the device holds:
//   filters   every chain of every table as "TABLE/CHAIN" ("filter/WEB_IN", "nat/PREROUTING"),
//             and the filter table's built-in chains also as "INPUT", "FORWARD", "OUTPUT";
//   forward   raw, mangle, nat (DNAT), mangle, filter, security, mangle, nat (SNAT) stages of
//             transit traffic, for the tables present in the file;
//   local     the stages of traffic addressed to the host, up to nat INPUT.
// One file holds one address family: every chain of an iptables ruleset answers UNKNOWN for
// IPv6 packets (their rules are in the ip6tables-save file) and vice versa. Verdicts are for
// the first packet of a connection (see conntrack_state.h).
#pragma once

#include <memory>
#include <string_view>

#include "importers/importer.h"
#include "importers/iptables/ipset_resolver.h"
#include "models/ip_address.h"

namespace flowaudit {

class IptablesImporter final : public Importer {
 public:
  // `ipsets` resolves `-m set` matches once an `ipset save` loader exists; without it they
  // are UNKNOWN.
  explicit IptablesImporter(Family family,
                            std::shared_ptr<const iptables::IpSetResolver> ipsets = nullptr)
      : family_(family), ipsets_(std::move(ipsets)) {}

 private:
  Device DoImport(const SourceFilePtr& file, Diagnostics& diagnostics) override;

  Family family_;
  std::shared_ptr<const iptables::IpSetResolver> ipsets_;
};

// Factories and sniffs for the importer table (`iptables` and `ip6tables` rows).
std::unique_ptr<Importer> CreateIptablesImporter();
std::unique_ptr<Importer> CreateIp6tablesImporter();
// Whether the text looks like iptables-save output whose addresses are IPv4 (or, for the
// second, IPv6). A dump without any address counts as IPv4 unless it uses ICMPv6.
bool SniffIptables(std::string_view text);
bool SniffIp6tables(std::string_view text);

}  // namespace flowaudit
