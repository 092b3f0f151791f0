// The meaning of one nftables rule, shared by both front-ends (`nft list ruleset` text in
// rule_parser.h, `nft -j list ruleset` JSON in json_rule.h). A front-end names what a rule
// compares (a Selector such as `ip saddr`, `tcp dport`, `ct state`), the operator and the
// values as nft prints them ("10.0.0.0/8", "80-90", "established"), and the verdict; the
// builder turns that into flowaudit Rules: a conjunction of terms with the protocol
// dependencies nft adds implicitly (`ip saddr` only matches IPv4, `tcp dport` only TCP), and
// the verdict as the rule's action (a verdict map gives one rule per element). It also refuses
// what nft refuses (conflicting protocols), with nft's message. Used by the nftables importer
// only.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "models/diagnostics.h"
#include "models/filter.h"

namespace flowaudit::nftables {

// One value as nft prints it: "192.0.2.0/24", "198.51.100.10-198.51.100.20", "80", "8000-8080",
// "tcp", "established", "eth*".
struct ValueItem {
  std::string text;
  SourceRange at;
  bool quoted = false;  // a string literal: only there is a trailing '*' a wildcard
};

// A verdict as written: `accept`, `jump web`, `reject with tcp reset`, `queue`.
struct VerdictSpec {
  std::string keyword;  // "accept", "drop", "reject", "jump", "goto", "return", "continue", …
  std::string name;     // for reports: "reject with icmpx admin-prohibited", "jump web"
  std::string target;   // jump/goto
  SourceRange at;
  SourceRange target_at;  // jump/goto: the chain name
  SourceRange with_at;    // reject: the `with …` type (nft points there on conflicts)
};

// A named set or map of a table (`set NAME { type ipv4_addr; elements = {…} }`).
struct NamedSet {
  std::string name;
  std::string type;          // key type: "ipv4_addr", "inet_service" ("" when missing)
  bool map = false;          // a map (`map NAME`)
  bool verdict_map = false;  // a map whose data are verdicts (`type … : verdict`)
  bool dynamic = false;      // flags dynamic / timeout: contents change at runtime
  bool has_elements = false;
  bool unreadable = false;  // some elements flowaudit cannot read (an expression)
  std::vector<ValueItem> elements;
  std::vector<VerdictSpec> verdicts;  // verdict maps: the verdict of each element
  SourceRange location;               // the set's name
};

// What a rule's meaning depends on besides its own text.
struct RuleEnvironment {
  std::string family;  // the table's: "ip", "ip6" or "inet"
  const std::map<std::string, NamedSet>* sets = nullptr;
  bool before_conntrack = false;  // a chain that runs before conntrack (priority < -200)
};

struct ParsedRule {
  // One rule, or one per element of a verdict map: the keys are disjoint, so trying them in
  // turn is the map lookup.
  std::vector<Rule> rules;
  std::vector<std::pair<std::string, SourceRange>> targets;  // jump/goto chain names
  // It starts with words no nft statement starts with (see RuleBuilder::VerdictMayBeHidden).
  bool unreadable = false;
};

// What a rule compares, and how its values read.
struct Selector {
  enum class Kind { kValues, kTransportPort, kInterface, kState };
  enum class Values { kIpv4, kIpv6, kPort, kProtocol, kIcmp, kIcmpv6, kFamily, kNone };
  Kind kind = Kind::kValues;
  Values values = Values::kNone;
  Field field = Field::kProtocol;
  bool input_interface = false;  // kInterface: iif/iifname (else oif/oifname)
  std::string text;              // "tcp dport", "ip saddr", "ct state": for messages
  SourceRange at;
  std::vector<Term> implied;     // dependencies that hold whatever the value
  std::string network;           // "ip" / "ip6": the header it reads
  std::string transport;         // "tcp", "icmp"…: the header it reads
  uint8_t transport_number = 0;  // its protocol number
  bool names_transport = false;  // ip protocol, ip6 nexthdr, meta l4proto
};

// The selector for `HEAD FIELD` as nft writes it (`ip saddr`, `meta l4proto`, `ct state`,
// `tcp dport`, `th sport`; `iifname` alone is `meta iifname`); nullopt when not modelled.
std::optional<Selector> FindSelector(std::string_view head, std::string_view field,
                                     const SourceRange& at);

class RuleBuilder {
 public:
  RuleBuilder(const RuleEnvironment& env, Diagnostics& diagnostics);

  // SELECTOR OP VALUES; op is "==" (also for "in"), "!=", "<", ">", "<=" or ">=". `values`
  // hold one item, or the elements of an anonymous set.
  void Compare(const Selector& selector, std::string_view op, const SourceRange& value_at,
               const std::vector<ValueItem>& values);
  // SELECTOR OP @name
  void CompareNamedSet(const Selector& selector, std::string_view op, const ValueItem& ref);
  // SELECTOR vmap { KEY : VERDICT, … }
  void VerdictMap(const Selector& selector,
                  const std::vector<std::pair<ValueItem, VerdictSpec>>& entries);
  // SELECTOR vmap @name
  void NamedVerdictMap(const Selector& selector, const ValueItem& ref);
  void Verdict(const VerdictSpec& verdict);

  // The dependencies of a selector whose value cannot be read (`ip daddr . tcp dport …`):
  // what is unknown is then unknown for IPv4 only.
  void Implied(const Selector& selector);
  // Something flowaudit does not model: a located warning, and an unknown term.
  void Unsupported(const SourceRange& at, const std::string& message);
  // Words flowaudit cannot place may hide the rule's verdict (a damaged `… accept` line): unless
  // a verdict follows, the rule's action is UNKNOWN rather than `continue`.
  void VerdictMayBeHidden() { verdict_may_be_hidden_ = true; }
  // Input nft itself would refuse.
  void Error(const SourceRange& at, std::string message);
  // The front-end already reported why the rule cannot be read.
  void Failed() { failed_ = true; }

  bool failed() const { return failed_; }
  bool has_verdict() const { return has_verdict_; }
  // A verdict other than `continue`: nft refuses statements after it.
  bool terminal_verdict() const {
    return has_verdict_ && !(vmap_.empty() && action_.kind == ActionKind::kContinue);
  }

  ParsedRule Finish(const SourceRange& location, const std::string& label);

 private:
  bool CheckProtocols(const Selector& selector, const std::vector<ValueItem>& values,
                      std::string_view op);
  bool AddRanges(const Selector& selector, const ValueItem& item, std::vector<ValueRange>* out);
  std::optional<Action> ActionOf(const VerdictSpec& verdict);
  std::optional<Term> KeyTerm(const Selector& selector, const ValueItem& key);
  void CompareTransportPort(const Selector& selector, std::string_view op,
                            const SourceRange& value_at, const std::vector<ValueItem>& values);
  void CompareInterface(const Selector& selector, std::string_view op,
                        const std::vector<ValueItem>& values);
  void CompareState(const Selector& selector, std::string_view op,
                    const std::vector<ValueItem>& values);
  void AddRejectDependency(const VerdictSpec& verdict);

  const RuleEnvironment& env_;
  Diagnostics& diagnostics_;
  bool failed_ = false;
  bool has_verdict_ = false;
  bool verdict_may_be_hidden_ = false;
  std::string network_;  // "ip"/"ip6" the rule relies on
  // The transport protocols the rule relies on (a header it reads, or `meta l4proto` values).
  std::vector<std::pair<std::string, uint8_t>> transport_;
  std::vector<Term> terms_;
  Action action_ = Action::Of(ActionKind::kContinue, "continue");
  std::vector<std::pair<std::optional<Term>, Action>> vmap_;  // key condition, verdict
  std::vector<std::pair<std::string, SourceRange>> targets_;
};

}  // namespace flowaudit::nftables
