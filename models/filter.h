// Filters: ordered, first-match rule lists with chains, as iptables, nftables and most
// firewalls evaluate them. A RuleSet holds named chains; a Filter is an entry chain in one.
// Jumps and gotos are followed (inlined) during evaluation, with cycle and depth guards.
//
// Two evaluators share one semantics:
//   Evaluate — concrete, one packet at a time (the reference evaluator; also names the rule
//              that decides, for reports);
//   Analyze  — symbolic, partitions a PacketSet by the rule that decides (NAT stages, diffs);
//   Verdicts — symbolic, only the permitted / denied / unknown sets, computed by flattening the
//              chains and merging halves (divide and conquer), so a 50,000-rule filter costs a
//              few passes over its final BDD instead of one pass per rule.
// Rules whose match is partly unknown (see match.h) split packets three ways: packets they
// surely match, packets they may match, and the rest. A packet that such a rule may match is
// UNKNOWN unless every way it could go ends in the same outcome.
#pragma once

#include <array>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "models/match.h"
#include "models/source.h"

namespace flowaudit {

enum class ActionKind {
  kAccept,
  kDrop,
  kReject,
  kJump,        // call a chain; falls back here when it ends or returns
  kGoto,        // continue in a chain; its end returns to our caller
  kReturn,      // back to the caller (in a built-in chain: the policy decides)
  kContinue,    // non-terminal (LOG, counters, marks): evaluation goes on
  kDnat,        // destination NAT (terminal in a NAT stage)
  kSnat,        // source NAT to given addresses
  kMasquerade,  // source NAT to the egress interface address
  kRedirect,    // destination NAT to the device itself
  kUnknown,     // an action flowaudit does not understand
};

enum class Verdict { kPermit, kDeny, kUnknown };
const char* VerdictName(Verdict verdict);  // "permit", "deny", "unknown"

// Where NAT sends a packet: an address range and/or a port range (absent = unchanged).
struct NatTranslation {
  std::optional<ValueRange> addresses;
  std::optional<ValueRange> ports;
  Family family = Family::kIpv4;
  std::string ToString() const;  // "10.1.0.11:80", "10.1.0.11-10.1.0.12", ":8080"
};

struct Action {
  ActionKind kind = ActionKind::kAccept;
  std::string chain;   // target of kJump / kGoto
  std::string name;    // as written, for reports: "ACCEPT", "REJECT", "LOG", "DNAT"
  NatTranslation nat;  // kDnat, kSnat

  static Action Of(ActionKind kind, std::string name) {
    return Action{kind, {}, std::move(name), {}};
  }
};

bool IsTerminal(ActionKind kind);  // decides the packet in this stage
Verdict VerdictOf(ActionKind kind);

struct Rule {
  Match match;
  Action action;
  SourceRange location;  // the rule's text in its file
  std::string label;     // a rule name where the format has one
};

struct Chain {
  std::string name;
  std::vector<Rule> rules;
  std::optional<Action> policy;  // built-in chains; user chains return to their caller
  SourceRange location;          // where the chain (or its policy) is declared
};

struct RuleSet {
  std::map<std::string, Chain> chains;
  // Set when only packets of one family reach these rules (an iptables-save dump, whose chains
  // divert the other family first): address conditions then need no branch for the other.
  std::optional<Family> family;
  const Chain* Find(const std::string& name) const;
  // The packet sets of a rule's match in a context, built once and kept: the checker asks for
  // the same rules on every flow and path.
  const MatchSets& SetsOf(const Rule& rule, const MatchContext& context) const;

 private:
  mutable std::map<std::string, std::unordered_map<const Rule*, MatchSets>> match_cache_;
};

// The rule (or chain policy) that decided one packet.
struct Decision {
  Verdict verdict = Verdict::kUnknown;
  Action action;
  const Rule* rule = nullptr;      // nullptr: a chain's policy (or the end of the chain) decided
  const Chain* chain = nullptr;    // the chain holding `rule`, or whose policy decided
  std::vector<const Rule*> jumps;  // jump/goto rules followed on the way
  std::vector<const Rule*> uncertain;  // rules with unknown matches that could change it
  std::string problem;                 // why the verdict is unknown, when it is
};

struct Part {
  const Rule* rule = nullptr;  // as in Decision
  const Chain* chain = nullptr;
  Action action;
  PacketSet packets;
};

struct Analysis {
  std::vector<Part> parts;  // disjoint; together they cover the input
  PacketSet uncertain;      // packets whose outcome depends on what flowaudit did not understand
  std::string problem;      // set when the whole input is uncertain: the BDD node limit was hit
  PacketSet WithVerdict(Verdict verdict) const;  // kUnknown includes `uncertain`
};

// A box around packets: for each header field an inclusive range of values. A rule whose own
// conditions lie outside the box of the packets being analysed cannot match any of them, so
// Analyze skips it without building its BDD — what keeps a diff's small candidate set cheap to
// walk through a 50,000-rule filter. Conservative: only plain (non-negated) field conditions
// narrow a rule, and address fields only when the rule set holds one family.
struct FieldBox {
  std::array<ValueRange, kFieldCount> ranges;
  FieldBox();  // every value of every field
  // The smallest box around the packets a rule can match (per field, the hull of its
  // conditions); `addresses` false leaves address fields whole.
  static FieldBox Around(const Match& match, bool addresses);
  void Include(const FieldBox& other);  // grows to the hull of both
  bool Empty() const;                   // some field has no value
  bool MayMatch(const Match& match, bool addresses) const;
};

struct FilterVerdicts {
  PacketSet permit;
  PacketSet deny;
  PacketSet unknown;
  std::string problem;  // as Analysis::problem
};

class Filter {
 public:
  Filter() = default;
  Filter(std::string name, std::shared_ptr<const RuleSet> rules, std::string entry)
      : name_(std::move(name)), rules_(std::move(rules)), entry_(std::move(entry)) {}

  const std::string& name() const { return name_; }
  const RuleSet& rules() const { return *rules_; }
  const Chain& entry() const;
  bool IsValid() const { return rules_ && rules_->Find(entry_) != nullptr; }

  Decision Evaluate(const Packet& packet, const MatchContext& context) const;
  // With `box` (around `input`), rules outside it are skipped: same result, less work.
  // Analyze and Verdicts answer "all unknown", with `problem` set, when deciding would take
  // more BDD nodes than the limit (BddNodeLimitExceeded, docs/limits.md).
  Analysis Analyze(const PacketSet& input, const MatchContext& context,
                   const FieldBox* box = nullptr) const;
  FilterVerdicts Verdicts(const PacketSet& input, const MatchContext& context) const;

 private:
  Analysis AnalyzeWithin(const PacketSet& input, const MatchContext& context,
                         const FieldBox* box) const;
  FilterVerdicts VerdictsWithin(const PacketSet& input, const MatchContext& context) const;
  std::string TooComplex(const BddNodeLimitExceeded& e) const;

  std::string name_;
  std::shared_ptr<const RuleSet> rules_;
  std::string entry_;
};

// True when two terminal actions end a packet the same way (drop and reject both deny; NAT
// actions must translate alike).
bool SameOutcome(const Action& a, const Action& b);

}  // namespace flowaudit
