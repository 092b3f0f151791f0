// The nftables importer: reads `nft list ruleset` text or `nft -j list ruleset` JSON (tables
// of the ip, ip6 and inet families, their sets, maps, base chains and regular chains) into a
// models::Device. Two front-ends (text_reader.h with rule_parser.h, json_reader.h with
// json_rule.h) feed one semantic core (rule_builder.h, ruleset.h), so both mean the same.
//
// What the device holds:
//   filters   every chain as "FAMILY TABLE CHAIN" ("inet filter input"), and for each hook
//             that has filter chains ("prerouting", "input", "forward", "output",
//             "postrouting") one filter that runs all of that hook's base chains in priority
//             order (see hook_composition.h);
//   forward   one stage per base chain of the prerouting, forward and postrouting hooks, in
//             priority order: every chain must accept, a drop anywhere is final;
//   local     the same for prerouting and input.
// A base chain of an `ip` (`ip6`) table never sees IPv6 (IPv4) packets: its filter starts with
// a rule that lets them pass, and its stage is limited to its family. Verdicts are for the first
// packet of a connection (`ct state` is resolved by importers/iptables/conntrack_state.h).
#pragma once

#include <memory>
#include <string_view>

#include "importers/importer.h"

namespace flowaudit {

class NftablesImporter final : public Importer {
 private:
  Device DoImport(const SourceFilePtr& file, Diagnostics& diagnostics) override;
};

// Factory and sniff for the importer table (`nftables` row).
std::unique_ptr<Importer> CreateNftablesImporter();
// Whether the text looks like `nft list ruleset` output (a line "table FAMILY NAME {") or
// `nft -j` JSON ({"nftables": …}).
bool SniffNftables(std::string_view text);

}  // namespace flowaudit
