// SRX applications: `applications application NAME` (protocol, destination-port, source-port,
// icmp-type/-code, icmp6-type/-code, or several `term T …` alternatives, written as one
// line or as separate statements), `application-set` (nested, cycles are errors), and the
// predefined `junos-*` applications from junos_names.h. An unknown `junos-*` name is an
// UNKNOWN match with a warning; an unknown other name is an error.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "importers/common/nesting.h"
#include "importers/junos/config_tree.h"
#include "models/match.h"

namespace flowaudit::junos {

class Applications {
 public:
  Applications(const Node& root, Reporter& reporter);

  // The term for the names listed under `list` (`application [ a b ]`): one of them holds.
  Term Resolve(const Node& list);

 private:
  std::vector<Match> ResolveName(const Node& ref, std::vector<std::string>& stack);
  std::vector<Match> Application(const Node& application);
  Match ApplicationTerm(const Node& owner, const std::string& application);

  // `matches` of a set copied for `ref`; copied into another set (`stack` not empty), counted
  // against the config's expansion budget, and UNKNOWN once it is spent.
  std::vector<Match> Charged(const Node& ref, const std::vector<Match>& matches,
                             const std::vector<std::string>& stack);

  Reporter& reporter_;
  const Node* applications_ = nullptr;
  std::map<const Node*, std::vector<Match>> cache_;
  ExpansionBudget budget_;
};

}  // namespace flowaudit::junos
