// Parses the options of one iptables rule (everything after `-A CHAIN`) into a models::Match
// and a models::Action, the way iptables reads them: main options (-s, -p, -i, -j…), match
// modules (-m tcp, multiport, conntrack…) and target options (--reject-with,
// --to-destination…), with `!` before an option or, in the old form, before its value.
// Problems are reported at the offending word. Used by the iptables importer only.
//
// The implementation is split along the three kinds of options: rule_parser.cpp (the rule
// and its main options), match_modules.cpp (-m modules), targets.cpp (-j/-g and NAT).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "importers/iptables/conntrack_state.h"
#include "importers/iptables/ipset_resolver.h"
#include "importers/iptables/tokenizer.h"
#include "models/diagnostics.h"
#include "models/filter.h"
#include "models/source.h"

namespace flowaudit::iptables {

// 'text', for messages.
inline std::string Quoted(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  out.push_back('\'');
  out.append(text);
  out.push_back('\'');
  return out;
}

// Where a rule is, as far as parsing it cares.
struct RuleEnvironment {
  Family family = Family::kIpv4;
  std::string_view table;  // "filter", "nat"…
  std::string_view chain;  // "INPUT", "WEB_IN"…
  bool builtin_chain = false;
  StateMatchContext states;
  const IpSetResolver* ipsets = nullptr;  // may be null: every ipset is UNKNOWN
  // Whether a name is a chain of the table (user or built-in), for `-j NAME`.
  std::function<bool(std::string_view)> is_chain;
  std::function<bool(std::string_view)> is_builtin_chain;
};

struct ParsedRule {
  Match match;
  Action action = Action::Of(ActionKind::kContinue, "");  // no target: a counter
  std::string comment;          // -m comment --comment, kept as the rule's label
  bool other_family = false;    // -6 in iptables or -4 in ip6tables: not loaded
  bool untracks = false;        // NOTRACK or CT --notrack
  bool failed = false;          // an error was reported; the rule is UNKNOWN
  SourceRange target_location;  // the chain name of a -j/-g
};

// Option specifications of match modules and targets (match_modules.cpp, targets.cpp).
struct OptionSpec {
  std::string_view name;  // without the leading "--"
  int id;
  int values;  // how many words follow the option
  bool invertible;
};

struct ModuleSpec;  // match_modules.cpp

class RuleParser {
 public:
  // `term_buffer` is scratch space the caller keeps between rules, so that building a
  // rule's terms does not allocate and grow a vector every time.
  RuleParser(const RuleEnvironment& environment, const SourceFilePtr& file,
             Diagnostics& diagnostics, std::vector<Term>& term_buffer);
  ParsedRule Parse(std::span<const Token> tokens);

 private:
  // A -m module in this rule (or one iptables loads implicitly for `-p tcp --dport 22`).
  struct ModuleUse {
    const ModuleSpec* spec = nullptr;  // null: a module flowaudit does not understand
    const Token* name = nullptr;
    size_t first = 0, last = 0;   // its words, for the reason of an unknown term
    uint32_t given = 0;           // bits of option ids seen
    bool unknown_option = false;  // an option flowaudit does not model was used
  };
  enum class TargetKind {
    kNone,
    kPlain,
    kReject,
    kDnat,
    kSnat,
    kMasquerade,
    kRedirect,
    kCt,
    kOpaque
  };

  // rule_parser.cpp
  bool ParseMainOption(const Token& option, bool negated);
  void ParseAddress(const Token& option, Field field, bool negated);
  void ParseProtocol(const Token& option, bool negated);
  void ParseInterface(const Token& option, Term::Kind kind, bool negated);
  const Token* TakeValue(const Token& option, bool* negated);
  void SkipValues();
  size_t IndexOf(const Token& token) const;
  std::string_view SourceText(size_t first, size_t last) const;
  bool ProtocolIs(uint8_t ip_protocol) const;
  void Error(const Token& at, std::string message);
  void Warning(const Token& at, std::string message);

  // match_modules.cpp
  void OpenModule(const Token& option, const Token& name);
  bool ParseModuleOption(const Token& option, bool negated);
  bool ApplyModuleOption(ModuleUse& module, const OptionSpec& spec, const Token& option,
                         bool negated);
  std::optional<uint16_t> ParsePort(const Token& at, std::string_view text, uint8_t ip_protocol);
  void ParsePortOption(const Token& value, Field field, uint8_t ip_protocol, bool negated);
  void ParseMultiport(const Token& value, const OptionSpec& spec, bool negated);
  void ParseTcpFlags(const Token& mask, const Token& compare, bool negated);
  void ParseIcmpOption(const Token& value, bool negated);
  void ParseRange(const Token& value, Field field, bool negated);
  void ParseStates(const Token& value, bool with_nat, bool negated);
  void ParseSet(const Token& option, const Token& name, const Token& flags, bool negated);
  void FinishModules();

  // targets.cpp
  void ParseTarget(const Token& option, const Token& name, bool is_goto);
  bool ParseTargetOption(const Token& option, bool negated);
  std::optional<NatTranslation> ParseNatSpec(const Token& value, bool with_address);
  void FinishTarget();

  const RuleEnvironment& env_;
  const SourceFilePtr& file_;
  Diagnostics& diagnostics_;

  std::span<const Token> tokens_;
  size_t pos_ = 0;
  ParsedRule rule_;
  std::vector<Term>& terms_;
  uint32_t main_given_ = 0;  // bits of main options seen
  std::optional<uint8_t> protocol_;
  bool protocol_negated_ = false;
  std::vector<ModuleUse> modules_;
  TargetKind target_ = TargetKind::kNone;
  const Token* target_name_ = nullptr;
  bool target_has_to_ = false;
  bool owner_is_target_ = false;  // options after -j belong to the target
  // The options right after `-m NAME` of a module flowaudit does not understand are its own,
  // up to the next main option (iptables-save prints a module's options together).
  bool opaque_module_open_ = false;
  std::string_view reject_with_;
  const Token* reject_with_token_ = nullptr;
  const Token* nat_ports_token_ = nullptr;
};

}  // namespace flowaudit::iptables
