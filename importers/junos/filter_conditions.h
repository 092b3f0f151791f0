// The `from` conditions of a JunOS firewall filter term, as Terms: addresses and prefix lists
// (longest-match with `except`), protocols, ports, ICMP types and codes, TCP connection
// flags. Conditions flowaudit does not model become UNKNOWN terms with a warning.
#pragma once

#include "importers/junos/config_tree.h"
#include "models/match.h"

namespace flowaudit::junos {

// Adds the terms for one `from` block to `match`.
void ReadFromConditions(const Node& from, const Node& root, Family family, Reporter& reporter,
                        Match& match);

}  // namespace flowaudit::junos
