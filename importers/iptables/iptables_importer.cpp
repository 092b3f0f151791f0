#include "importers/iptables/iptables_importer.h"

#include <cstdio>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "importers/common/coverage.h"
#include "importers/iptables/rule_parser.h"
#include "importers/iptables/table_builder.h"
#include "importers/iptables/tokenizer.h"

namespace flowaudit {
namespace iptables {
namespace {

enum class Command { kAppend, kInsert, kNewChain, kPolicy, kUnsupported };

std::optional<Command> CommandOf(const Token& token) {
  if (!token.IsOption()) return std::nullopt;
  std::string_view v = token.value;
  if (v == "-A" || v == "--append") return Command::kAppend;
  if (v == "-I" || v == "--insert") return Command::kInsert;
  if (v == "-N" || v == "--new-chain") return Command::kNewChain;
  if (v == "-P" || v == "--policy") return Command::kPolicy;
  if (v == "-D" || v == "--delete" || v == "-R" || v == "--replace" || v == "-F" ||
      v == "--flush" || v == "-X" || v == "--delete-chain" || v == "-Z" || v == "--zero" ||
      v == "-E" || v == "--rename-chain" || v == "-L" || v == "--list" || v == "-S" ||
      v == "--list-rules" || v == "-C" || v == "--check") {
    return Command::kUnsupported;
  }
  return std::nullopt;
}

bool IsAllDigits(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// One import of one file.
class ImportRun {
 public:
  ImportRun(Family family, const IpSetResolver* ipsets, const SourceFilePtr& file,
            Diagnostics& diagnostics)
      : family_(family), ipsets_(ipsets), file_(file), diagnostics_(diagnostics) {}

  Device Run();

 private:
  bool RejectBinary();
  void ParseLine(std::string_view line);
  void StartTable(const Token& header);
  void CloseTable();
  void DeclareChain(std::span<const Token> tokens, std::string_view line);
  void ParseCommand(std::span<const Token> tokens, std::string_view line);
  void AddRule(ChainBuilder& chain, std::span<const Token> rule_tokens, std::string_view line,
               std::optional<size_t> position);
  std::optional<Action> ParsePolicy(const Token& token, const ChainBuilder& chain);
  ChainBuilder& AddChain(TableBuilder& table, std::string_view name, bool builtin,
                         SourceRange location);
  Device NewDevice() const;  // vendor and source, no filters yet
  Device BuildDevice();
  void Error(std::string_view at, std::string message) {
    diagnostics_.Error(RangeOf(file_, at), std::move(message));
  }

  const Family family_;
  const IpSetResolver* ipsets_;
  const SourceFilePtr& file_;
  Diagnostics& diagnostics_;

  std::optional<RuleCounts> rule_counts_;
  Rule family_guard_;
  Tokenizer tokenizer_;
  std::vector<Token> tokens_;
  std::vector<Token> scratch_;  // rule words when the command is not the first word
  std::vector<Term> term_buffer_;
  std::vector<TableBuilder> tables_;
  std::optional<size_t> open_table_;
  bool skipping_table_ = false;  // inside a block of an unknown table
  bool seen_content_ = false;
  bool stop_ = false;
  bool packets_may_be_untracked_ = false;
  RuleEnvironment environment_;
  int rule_count_ = 0;
  int unknown_rule_count_ = 0;
};

bool ImportRun::RejectBinary() {
  const std::string& text = file_->text;
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v') || c == 0x7F) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "0x%02X", c);
      Error(std::string_view(text).substr(i, 1),
            std::string("not an iptables-save file: binary data (byte ") + hex + ")");
      return true;
    }
  }
  return false;
}

Device ImportRun::NewDevice() const {
  Device device;
  device.vendor = family_ == Family::kIpv4 ? "iptables" : "ip6tables";
  device.family = family_;
  device.sources.push_back(file_);
  return device;
}

Device ImportRun::Run() {
  if (RejectBinary()) return NewDevice();
  std::string_view text = file_->text;
  // NOTRACK anywhere may make any packet UNTRACKED; state matches must allow for that.
  packets_may_be_untracked_ = text.find("NOTRACK") != std::string_view::npos ||
                              text.find("--notrack") != std::string_view::npos;
  environment_.family = family_;
  environment_.ipsets = ipsets_;
  environment_.is_chain = [this](std::string_view name) {
    return open_table_ && tables_[*open_table_].Find(name) != nullptr;
  };
  environment_.is_builtin_chain = [this](std::string_view name) {
    if (!open_table_) return false;
    const ChainBuilder* chain = tables_[*open_table_].Find(name);
    return chain && chain->builtin;
  };
  rule_counts_.emplace(text);
  // Packets of the other family are not this file's business: its chains answer UNKNOWN.
  family_guard_.match = Match({Term::FieldIs(Field::kFamily, family_ == Family::kIpv4 ? 1 : 0)});
  family_guard_.label = family_ == Family::kIpv4 ? "no ip6tables ruleset for IPv6 packets"
                                                 : "no iptables ruleset for IPv4 packets";
  family_guard_.action = Action::Of(ActionKind::kUnknown, family_guard_.label);
  size_t start = 0;
  while (start < text.size() && !stop_) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    ParseLine(text.substr(start, end - start));
    start = end + 1;
  }
  if (stop_) return NewDevice();
  if (open_table_) {
    // Point just past the last non-blank character of the file.
    size_t last = text.find_last_not_of(" \t\r\n");
    size_t at = last == std::string_view::npos ? 0 : last + 1;
    Error(text.substr(at, 0), "missing COMMIT for table " + Quoted(tables_[*open_table_].name) +
                                  " at the end of the file");
    CloseTable();
  }
  return BuildDevice();
}

void ImportRun::ParseLine(std::string_view line) {
  size_t begin = line.find_first_not_of(" \t");
  if (begin == std::string_view::npos) return;
  size_t end = line.find_last_not_of(" \t\r");
  line = line.substr(begin, end - begin + 1);
  if (line[0] == '#') return;
  std::string_view open_quote;
  if (!tokenizer_.Split(line, &tokens_, &open_quote)) {
    Error(open_quote, "missing closing quote");
    return;
  }
  if (tokens_.empty()) return;
  const Token& first = tokens_[0];
  const bool first_content = !seen_content_;
  seen_content_ = true;
  if (line[0] == '*') {
    StartTable(first);
  } else if (first.value == "COMMIT") {
    if (!open_table_ && !skipping_table_) {
      Error(first.text, "COMMIT outside a table");
    } else {
      CloseTable();
    }
  } else if (skipping_table_) {
    return;  // the unknown table was reported at its header
  } else if (line[0] == ':') {
    DeclareChain(tokens_, line);
  } else if (line[0] == '-' || line[0] == '[') {
    ParseCommand(tokens_, line);
  } else if (first_content) {
    Error(first.text,
          "not an iptables-save file: expected a '*table' line, got " + Quoted(first.value));
    stop_ = true;
  } else {
    Error(first.text, "unexpected " + Quoted(first.value) +
                          ": expected '*table', ':CHAIN POLICY', a rule such as '-A CHAIN …', "
                          "or COMMIT");
  }
}

void ImportRun::StartTable(const Token& header) {
  std::string_view name = header.value.substr(1);
  if (open_table_) {
    Error(header.text,
          "missing COMMIT for table " + Quoted(tables_[*open_table_].name) + " before this table");
    CloseTable();
  }
  skipping_table_ = false;
  if (!IsKnownTable(name)) {
    Error(header.text,
          "unknown table " + Quoted(name) + ": expected raw, mangle, nat, filter or security");
    skipping_table_ = true;
    return;
  }
  for (size_t i = 0; i < tables_.size(); ++i) {
    if (tables_[i].name == name) {
      diagnostics_.Warning(RangeOf(file_, header.text),
                           "table " + Quoted(name) +
                               " appears twice; like iptables-restore, this block replaces the "
                               "earlier one");
      tables_.erase(tables_.begin() + static_cast<std::ptrdiff_t>(i));
      break;
    }
  }
  TableBuilder& table = tables_.emplace_back();
  table.name = std::string(name);
  table.header = RangeOf(file_, header.text);
  for (std::string_view chain : BuiltinChains(name)) {
    AddChain(table, chain, true, table.header).policy = Action::Of(ActionKind::kAccept, "ACCEPT");
  }
  open_table_ = tables_.size() - 1;
  environment_.table = tables_.back().name;
  environment_.states.family = family_;
  environment_.states.before_conntrack = name == "raw";
  environment_.states.packets_may_be_untracked = packets_may_be_untracked_;
}

ChainBuilder& ImportRun::AddChain(TableBuilder& table, std::string_view name, bool builtin,
                                  SourceRange location) {
  ChainBuilder& chain = table.Add(std::string(name), builtin, std::move(location));
  chain.rules.reserve(1 + rule_counts_->Of(table.name, name));
  chain.rules.push_back(family_guard_);
  return chain;
}

void ImportRun::CloseTable() {
  skipping_table_ = false;
  if (!open_table_) return;
  TableBuilder& table = tables_[*open_table_];
  CheckJumps(table, diagnostics_);
  CheckLoops(table, diagnostics_);
  open_table_.reset();
}

std::optional<Action> ImportRun::ParsePolicy(const Token& token, const ChainBuilder& chain) {
  std::string_view policy = token.value;
  if (!chain.builtin) {
    if (policy != "-") {
      Error(token.text, "user chain " + Quoted(chain.name) +
                            " cannot have a policy (only built-in chains do): use '-'");
    }
    return std::nullopt;
  }
  if (policy == "ACCEPT") return Action::Of(ActionKind::kAccept, "ACCEPT");
  if (policy == "DROP") return Action::Of(ActionKind::kDrop, "DROP");
  if (policy == "-") {
    diagnostics_.Warning(RangeOf(file_, token.text),
                         "built-in chain " + Quoted(chain.name) +
                             " has no policy; assuming ACCEPT, the kernel's default");
    return Action::Of(ActionKind::kAccept, "ACCEPT");
  }
  Error(token.text, "invalid policy " + Quoted(policy) + " for chain " + Quoted(chain.name) +
                        ": expected ACCEPT or DROP");
  return std::nullopt;
}

void ImportRun::DeclareChain(std::span<const Token> tokens, std::string_view line) {
  if (!open_table_) {
    Error(tokens[0].text,
          "chain declaration outside a table: a '*filter' (or other '*table') "
          "line must come first");
    return;
  }
  TableBuilder& table = tables_[*open_table_];
  std::string_view name = tokens[0].value.substr(1);
  if (name.empty()) {
    Error(tokens[0].text, "missing chain name after ':'");
    return;
  }
  ChainBuilder* chain = table.Find(name);
  if (chain && !chain->builtin) {
    Error(tokens[0].text, "chain " + Quoted(name) + " is declared twice");
    return;
  }
  if (!chain) chain = &AddChain(table, name, false, {});
  chain->location = RangeOf(file_, line);
  if (tokens.size() < 2) {
    Error(tokens[0].text, "chain declaration needs a policy: ':" + std::string(name) +
                              " POLICY [packets:bytes]' (POLICY is '-' for user chains)");
    return;
  }
  if (std::optional<Action> policy = ParsePolicy(tokens[1], *chain)) chain->policy = policy;
}

void ImportRun::ParseCommand(std::span<const Token> tokens, std::string_view line) {
  // An optional "[packets:bytes]" prefix (iptables-save -c).
  size_t first = 0;
  if (!tokens[0].quoted && tokens[0].value.front() == '[' && tokens[0].value.back() == ']') {
    first = 1;
  }
  size_t at = first;
  while (at < tokens.size() && !CommandOf(tokens[at])) ++at;
  if (at == tokens.size()) {
    const Token& shown = tokens[std::min(first, tokens.size() - 1)];
    Error(shown.text, "expected a command such as '-A CHAIN', got " + Quoted(shown.value));
    return;
  }
  const Token& command_token = tokens[at];
  Command command = *CommandOf(command_token);
  if (command == Command::kUnsupported) {
    Error(command_token.text, "command " + Quoted(command_token.value) +
                                  " is not supported in a ruleset file (use -A, -I, -N or -P)");
    return;
  }
  if (!open_table_) {
    Error(command_token.text,
          command == Command::kAppend || command == Command::kInsert
              ? "rule outside a table: a '*filter' (or other '*table') line must come first"
              : Quoted(command_token.value) +
                    " outside a table: a '*filter' (or other '*table') line must come first");
    return;
  }
  TableBuilder& table = tables_[*open_table_];
  size_t next = at + 1;
  if (next >= tokens.size() || tokens[next].IsOption() || tokens[next].IsBang()) {
    Error(command_token.text, "option " + Quoted(command_token.value) + " needs a chain name");
    return;
  }
  const Token& chain_token = tokens[next++];
  std::string_view chain_name = chain_token.value;
  if (command == Command::kNewChain) {
    if (table.Find(chain_name)) {
      Error(chain_token.text, "chain " + Quoted(chain_name) + " already exists");
      return;
    }
    AddChain(table, chain_name, false, RangeOf(file_, line));
    return;
  }
  ChainBuilder* chain = table.Find(chain_name);
  if (!chain) {
    Error(chain_token.text,
          "unknown chain " + Quoted(chain_name) + " in table " + Quoted(table.name));
    return;
  }
  if (command == Command::kPolicy) {
    if (next >= tokens.size()) {
      Error(command_token.text, "option " + Quoted(command_token.value) + " needs a policy");
      return;
    }
    if (!chain->builtin) {
      Error(tokens[next].text,
            "user chain " + Quoted(chain_name) + " cannot have a policy (only built-in chains do)");
      return;
    }
    if (std::optional<Action> policy = ParsePolicy(tokens[next], *chain)) chain->policy = policy;
    return;
  }
  std::optional<size_t> position;  // an index into the chain's rules, after the guard
  if (command == Command::kInsert) {
    position = 1;
    if (next < tokens.size() && !tokens[next].quoted && IsAllDigits(tokens[next].value)) {
      const Token& number = tokens[next++];
      size_t n = std::stoul(std::string(number.value.substr(0, 9)));
      size_t rules = chain->rules.size() - 1;  // without the family guard
      if (n == 0 || n > rules + 1) {
        Error(number.text, "cannot insert at rule " + std::string(number.value) + ": chain " +
                               Quoted(chain_name) + " has " + std::to_string(rules) + " rules");
        return;
      }
      position = n;
    }
  }
  // The rule's own words: everything but the counters, the command and its arguments.
  std::span<const Token> rule_tokens = tokens.subspan(next);
  if (at != first) {
    scratch_.assign(tokens.begin() + static_cast<std::ptrdiff_t>(first),
                    tokens.begin() + static_cast<std::ptrdiff_t>(at));
    scratch_.insert(scratch_.end(), tokens.begin() + static_cast<std::ptrdiff_t>(next),
                    tokens.end());
    rule_tokens = scratch_;
  }
  AddRule(*chain, rule_tokens, line, position);
}

void ImportRun::AddRule(ChainBuilder& chain, std::span<const Token> rule_tokens,
                        std::string_view line, std::optional<size_t> position) {
  TableBuilder& table = tables_[*open_table_];
  environment_.chain = chain.name;
  environment_.builtin_chain = chain.builtin;
  ParsedRule parsed =
      RuleParser(environment_, file_, diagnostics_, term_buffer_).Parse(rule_tokens);
  if (parsed.other_family) return;  // `-6` in an iptables file: iptables skips it too
  Rule rule{std::move(parsed.match), std::move(parsed.action), RangeOf(file_, line),
            std::move(parsed.comment)};
  ++rule_count_;
  // Invalid rules are errors already; the note counts what flowaudit does not understand.
  if (!parsed.failed && (rule.action.kind == ActionKind::kUnknown || rule.match.HasUnknown())) {
    ++unknown_rule_count_;
  }
  if (rule.action.kind == ActionKind::kJump || rule.action.kind == ActionKind::kGoto) {
    size_t from = table.index.at(chain.name);
    table.jumps.push_back(JumpReference{from, rule.action.chain, parsed.target_location,
                                        rule.action.kind == ActionKind::kGoto});
  }
  if (position) {
    chain.rules.insert(chain.rules.begin() + static_cast<std::ptrdiff_t>(*position),
                       std::move(rule));
  } else {
    chain.rules.push_back(std::move(rule));
  }
}

Device ImportRun::BuildDevice() {
  Device device = NewDevice();
  std::map<std::string, std::shared_ptr<const RuleSet>> by_table;
  for (TableBuilder& table : tables_) {
    auto rules = std::make_shared<RuleSet>();
    rules->family = family_;  // addresses in this dump are of one family: smaller BDDs
    for (ChainBuilder& builder : table.chains) {
      Chain chain;
      chain.name = builder.name;
      chain.policy = builder.builtin ? builder.policy : std::nullopt;
      chain.location = builder.location;
      chain.rules = std::move(builder.rules);
      rules->chains.emplace(builder.name, std::move(chain));
    }
    std::shared_ptr<const RuleSet> shared = rules;
    for (const ChainBuilder& builder : table.chains) {
      std::string key = table.name + "/" + builder.name;
      device.filters.emplace(key, Filter(key, shared, builder.name));
      if (table.name == "filter" && builder.builtin) {
        device.filters.emplace(builder.name, Filter(builder.name, shared, builder.name));
      }
    }
    by_table.emplace(table.name, shared);
  }
  if (device.filters.count("FORWARD")) device.default_filter = "FORWARD";  // transit traffic

  auto stage = [&](std::vector<Stage>& pipeline, std::string_view table, std::string_view chain,
                   StageKind kind) {
    auto it = by_table.find(std::string(table));
    if (it == by_table.end()) return;
    std::string key = std::string(table) + "/" + std::string(chain);
    pipeline.push_back(Stage{kind, Filter(key, it->second, std::string(chain))});
  };
  for (auto* pipeline : {&device.forward, &device.local}) {
    stage(*pipeline, "raw", "PREROUTING", StageKind::kFilter);
    stage(*pipeline, "mangle", "PREROUTING", StageKind::kFilter);
    stage(*pipeline, "nat", "PREROUTING", StageKind::kDestinationNat);
  }
  stage(device.forward, "mangle", "FORWARD", StageKind::kFilter);
  stage(device.forward, "filter", "FORWARD", StageKind::kFilter);
  stage(device.forward, "security", "FORWARD", StageKind::kFilter);
  stage(device.forward, "mangle", "POSTROUTING", StageKind::kFilter);
  stage(device.forward, "nat", "POSTROUTING", StageKind::kSourceNat);
  stage(device.local, "mangle", "INPUT", StageKind::kFilter);
  stage(device.local, "filter", "INPUT", StageKind::kFilter);
  stage(device.local, "security", "INPUT", StageKind::kFilter);
  stage(device.local, "nat", "INPUT", StageKind::kSourceNat);

  if (unknown_rule_count_ > 0) {
    auto count = [](int n, const char* one, const char* many) {
      return std::to_string(n) + " " + (n == 1 ? one : many);
    };
    diagnostics_.Note(RangeOf(file_, std::string_view(file_->text).substr(0, 0)),
                      "imported " + count(rule_count_, "rule", "rules") + " in " +
                          count(static_cast<int>(tables_.size()), "table", "tables") + "; " +
                          count(unknown_rule_count_, "rule contains", "rules contain") +
                          " constructs flowaudit does not understand (UNKNOWN)");
  }
  return device;
}

}  // namespace
}  // namespace iptables

Device IptablesImporter::DoImport(const SourceFilePtr& file, Diagnostics& diagnostics) {
  size_t first_diagnostic = diagnostics.All().size();
  Device device = iptables::ImportRun(family_, ipsets_.get(), file, diagnostics).Run();
  device.coverage = CoverageOf("lines", StatementLines(file, "#"), diagnostics, first_diagnostic);
  return device;
}

std::unique_ptr<Importer> CreateIptablesImporter() {
  return std::make_unique<IptablesImporter>(Family::kIpv4);
}

std::unique_ptr<Importer> CreateIp6tablesImporter() {
  return std::make_unique<IptablesImporter>(Family::kIpv6);
}

}  // namespace flowaudit
