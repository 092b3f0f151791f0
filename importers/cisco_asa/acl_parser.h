// Pass two of the ASA importer: turns `access-list NAME extended …` lines into one chain per
// ACL (rules in file order, implicit deny as the chain policy). Remarks are skipped, inactive
// ACEs are left out (they match nothing), time-ranges make an ACE UNKNOWN. Standard, webtype
// and ethertype ACLs are not traffic ACLs: a warning each, and no rules.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "importers/cisco_asa/asa_config.h"
#include "importers/cisco_asa/config_reader.h"
#include "models/filter.h"

namespace flowaudit::asa {

struct Acls {
  std::map<std::string, Chain> chains;  // by ACL name
  int rule_count = 0;
  int unknown_rule_count = 0;
};

Acls ParseAccessLists(const std::vector<Line>& lines, const Config& config, Resolver& resolver,
                      const SourceFilePtr& file, Diagnostics& diagnostics);

}  // namespace flowaudit::asa
