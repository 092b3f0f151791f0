// Turns the statements of one nftables rule (`ip saddr 10.0.0.0/8 tcp dport { 22, 80 } accept`)
// into flowaudit Rules: the matches become a conjunction of terms, with the protocol
// dependencies nft adds implicitly (`ip saddr` only matches IPv4, `tcp dport` only TCP), and
// the verdict becomes the rule's action (a verdict map gives one rule per element). Statements
// that never decide (`counter`, `log`, `comment`) are dropped; anything else the parser does
// not understand becomes an unknown term with a located warning, so verdicts that depend on it
// are UNKNOWN. Used by the nftables importer only.
#pragma once

#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "importers/nftables/lexer.h"
#include "models/diagnostics.h"
#include "models/filter.h"

namespace flowaudit::nftables {

// A named set of a table (`set NAME { type ipv4_addr; flags interval; elements = {…} }`).
struct NamedSet {
  std::string name;
  std::string type;                 // "ipv4_addr", "inet_service"… ("" when missing)
  bool dynamic = false;             // flags dynamic / timeout: contents change at runtime
  bool has_elements = false;        // an `elements = { … }` line was present
  std::span<const Token> elements;  // the tokens between its braces
  SourceRange location;             // the set's name
};

// What a rule's meaning depends on besides its own text.
struct RuleEnvironment {
  std::string family;  // the table's: "ip", "ip6" or "inet"
  const std::map<std::string, NamedSet>* sets = nullptr;
  bool before_conntrack = false;  // a chain that runs before conntrack (priority < -200)
};

struct ParsedRule {
  // One rule, or one per element of a verdict map (`tcp dport vmap { 80 : accept, … }`): the
  // keys are disjoint, so trying them in turn is the map lookup.
  std::vector<Rule> rules;
  std::vector<const Token*> targets;  // the chain names after jump/goto, for checking
};

// Parses one rule: `tokens` are its words up to (not including) the line end.
ParsedRule ParseRule(std::span<const Token> tokens, const SourceFilePtr& file,
                     const RuleEnvironment& env, Diagnostics& diagnostics);

}  // namespace flowaudit::nftables
