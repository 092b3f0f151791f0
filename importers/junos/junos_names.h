// JunOS's own names for ports, IP protocols and ICMP types (firewall filters and
// applications use the same tables), and the predefined `junos-*` applications of the
// `junos-defaults` group, which configs use but never contain. Used by the junos importer
// only; other vendors ship their own tables.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "models/match.h"

namespace flowaudit::junos {

// `http`, `bgp`, `domain`… or a number 0-65535.
std::optional<uint16_t> LookUpPort(std::string_view name);
// `tcp`, `icmp6`, `ospf`… or a number 0-255.
std::optional<uint8_t> LookUpProtocol(std::string_view name);
// `echo-request`, `unreachable`… (ICMPv6 names when `icmp6`) or a number 0-255.
std::optional<uint8_t> LookUpIcmpType(std::string_view name, bool icmp6);

// A value, name or `a-b` range of ports ("80", "http", "1024-65535", "ftp-data-ftp").
std::optional<ValueRange> ParsePortRange(std::string_view text);

// One term of a predefined application.
struct PredefinedTerm {
  uint8_t protocol = 0;  // 0 with any_protocol: every protocol
  bool any_protocol = false;
  uint16_t port_lo = 0, port_hi = 0;  // destination ports; 0-0 with no ports: any
  int icmp_type = -1;                 // -1: any
};

// The terms of predefined application or application-set `name`, or nullopt when it is not
// in the table (see junos_names.cpp for the table and its source).
std::optional<std::vector<PredefinedTerm>> LookUpPredefinedApplication(std::string_view name);

}  // namespace flowaudit::junos
