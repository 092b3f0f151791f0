#include "importers/nftables/nftables_importer.h"

#include <algorithm>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "importers/iptables/netfilter_names.h"
#include "importers/nftables/hook_composition.h"
#include "importers/nftables/lexer.h"
#include "importers/nftables/rule_parser.h"

namespace flowaudit {
namespace nftables {
namespace {

std::string Quoted(std::string_view text) { return "'" + std::string(text) + "'"; }

struct ChainDef {
  std::string name;
  const Token* name_token = nullptr;
  bool base = false;
  std::string type, hook;
  int priority = 0;
  std::optional<Action> policy;  // base chains: accept unless the policy says drop
  SourceRange location;          // the `type … hook …` line of a base chain, else the name
  std::vector<std::span<const Token>> rules;
};

struct TableDef {
  std::string family, name;
  bool dormant = false;
  std::map<std::string, NamedSet> sets;
  std::vector<ChainDef> chains;
};

// Named chain priorities of the ip, ip6 and inet families (nft(8), CHAINS).
std::optional<int> NamedPriority(std::string_view name) {
  static const std::pair<std::string_view, int> kNames[] = {
      {"raw", -300}, {"mangle", -150}, {"dstnat", -100},
      {"filter", 0}, {"security", 50}, {"srcnat", 100},
  };
  for (const auto& [n, value] : kNames) {
    if (n == name) return value;
  }
  return std::nullopt;
}

// "-150", "filter", "filter + 10", "mangle - 5" (the words of the rest of the line).
std::optional<int> ParsePriority(std::span<const Token> words) {
  std::string text;
  for (const Token& t : words) text += t.text;
  size_t sign = text.find_first_of("+-", 1);
  std::string_view base = std::string_view(text).substr(0, sign);
  std::optional<int> value;
  if (std::optional<int> named = NamedPriority(base)) {
    value = named;
  } else {
    bool negative = base.starts_with("-");
    std::optional<uint64_t> n = iptables::ParseNumber(base.substr(negative ? 1 : 0), 1u << 31);
    if (!n) return std::nullopt;
    value = negative ? -int64_t(*n) : int64_t(*n);
  }
  if (sign == std::string::npos) return value;
  std::optional<uint64_t> offset = iptables::ParseNumber(text.substr(sign + 1), 1u << 31);
  if (!offset || NamedPriority(base) == std::nullopt) return std::nullopt;
  return text[sign] == '+' ? *value + int(*offset) : *value - int(*offset);
}

// Reads the block structure of `nft list ruleset` output: tables, sets, chains and the token
// spans of their rules (parsed later, once every set of the table is known).
class RulesetReader {
 public:
  RulesetReader(const std::vector<Token>& tokens, const SourceFilePtr& file,
                Diagnostics& diagnostics)
      : tokens_(tokens), file_(file), diagnostics_(diagnostics) {}

  std::vector<TableDef> Read() {
    std::vector<TableDef> tables;
    while (SkipSeparators()) {
      const Token& t = tokens_[pos_];
      if (t.Is("table")) {
        ++pos_;
        if (std::optional<TableDef> table = ReadTable(t)) tables.push_back(std::move(*table));
      } else {
        Error(t, "expected 'table', got " + Quoted(t.text));
        SkipStatement(t);
      }
    }
    return tables;
  }

 private:
  SourceRange At(const Token& t) const { return RangeOf(file_, t.text); }
  void Error(const Token& t, std::string message) { diagnostics_.Error(At(t), std::move(message)); }
  void Warning(const Token& t, std::string message) {
    diagnostics_.Warning(At(t), std::move(message));
  }
  SourceRange Span(std::span<const Token> words) const {
    std::string_view first = words.front().text, last = words.back().text;
    return RangeOf(file_, std::string_view(first.data(), last.data() + last.size() - first.data()));
  }

  // Skips blank statements; false at the end of the text.
  bool SkipSeparators() {
    while (pos_ < tokens_.size() &&
           (tokens_[pos_].kind == Token::Kind::kNewline || tokens_[pos_].Is(";"))) {
      ++pos_;
    }
    return pos_ < tokens_.size();
  }

  // The tokens of one statement: up to a line end or ';' outside braces, up to (not including)
  // a '}' that closes the enclosing block, or up to a '{' that ends its line (a block header,
  // included). Braced values such as `elements = { … }` may span lines.
  std::span<const Token> ReadLine() {
    size_t start = pos_;
    int depth = 0;
    while (pos_ < tokens_.size()) {
      const Token& t = tokens_[pos_];
      if (depth == 0 && (t.kind == Token::Kind::kNewline || t.Is(";"))) break;
      if (t.Is("}")) {
        if (depth == 0) break;
        --depth;
      }
      if (t.Is("{")) {
        // `chain NAME {` and `set NAME {` end their line: the block's statements follow.
        bool opens_block =
            depth == 0 && !(pos_ > start && tokens_[pos_ - 1].Is("=")) &&
            (pos_ + 1 == tokens_.size() || tokens_[pos_ + 1].kind == Token::Kind::kNewline);
        ++depth;
        if (opens_block) {
          ++pos_;
          break;
        }
      }
      ++pos_;
    }
    return std::span<const Token>(tokens_).subspan(start, pos_ - start);
  }

  // `NAME {` after a keyword; false (with an error) otherwise.
  const Token* ReadBlockStart(const Token& keyword) {
    const Token* name = pos_ < tokens_.size() ? &tokens_[pos_] : nullptr;
    if (!name || name->kind == Token::Kind::kNewline || name->kind == Token::Kind::kPunct) {
      Error(name && name->kind != Token::Kind::kNewline ? *name : keyword,
            "expected a name after " + Quoted(keyword.text));
      return nullptr;
    }
    ++pos_;
    if (pos_ >= tokens_.size() || !tokens_[pos_].Is("{")) {
      Error(*name, "expected '{' after " + Quoted(keyword.text) + " " + Quoted(name->text));
      return nullptr;
    }
    ++pos_;
    return name;
  }

  // Calls `statement` for each statement of a block; consumes the closing brace.
  template <typename F>
  bool ReadBlock(const Token& opener, F statement) {
    while (SkipSeparators()) {
      if (tokens_[pos_].Is("}")) {
        ++pos_;
        return true;
      }
      std::span<const Token> line = ReadLine();
      if (!line.empty()) statement(line);
    }
    Error(opener, "expected '}' to close " + Quoted(opener.text));
    return false;
  }

  std::optional<TableDef> ReadTable(const Token& keyword) {
    TableDef table;
    const Token* family = pos_ < tokens_.size() ? &tokens_[pos_] : nullptr;
    if (!family || family->kind != Token::Kind::kWord) {
      Error(keyword, "expected a family and a name after 'table'");
      SkipStatement(keyword);
      return std::nullopt;
    }
    ++pos_;
    const Token* name = ReadBlockStart(keyword);
    if (!name) {
      SkipStatement(keyword);
      return std::nullopt;
    }
    table.family = std::string(family->text);
    table.name = std::string(name->value);
    bool supported = table.family == "ip" || table.family == "ip6" || table.family == "inet";
    if (!supported) {
      Warning(*family,
              "table family " + Quoted(family->text) + " is not modelled; its chains are ignored");
    }
    ReadBlock(*name, [&](std::span<const Token> line) {
      const Token& first = line[0];
      if (!supported) {
        if (line.back().Is("{")) SkipBlock(first);
        return;
      }
      if (first.Is("flags")) {
        for (const Token& t : line) table.dormant = table.dormant || t.Is("dormant");
      } else if ((first.Is("set") || first.Is("map")) && line.size() == 3 && line[2].Is("{")) {
        ReadSet(line, table);
      } else if (first.Is("chain") && line.size() == 3 && line[2].Is("{")) {
        ReadChain(line, table);
      } else if (first.Is("comment")) {
      } else {
        Warning(first, "unsupported table statement " + Quoted(first.text) + "; skipped");
        if (line.back().Is("{")) SkipBlock(first);
      }
    });
    if (!supported) return std::nullopt;
    return table;
  }

  // Skips a statement that could not be read, with its block if it opens one.
  void SkipStatement(const Token& at) {
    std::span<const Token> line = ReadLine();
    if (line.empty()) {
      ++pos_;  // a stray '}'
    } else if (line.back().Is("{")) {
      SkipBlock(at);
    }
  }

  void SkipBlock(const Token& opener) {
    ReadBlock(opener, [](std::span<const Token>) {});
  }

  void ReadSet(std::span<const Token> header, TableDef& table) {
    NamedSet set;
    set.name = std::string(header[1].value);
    set.location = At(header[1]);
    if (header[0].Is("map")) set.type = "map";
    ReadBlock(header[1], [&](std::span<const Token> line) {
      if (line[0].Is("type") && set.type != "map") {
        for (const Token& t : line.subspan(1)) {
          set.type += (set.type.empty() ? "" : " ") + std::string(t.text);
        }
      } else if (line[0].Is("flags")) {
        for (const Token& t : line) set.dynamic = set.dynamic || t.Is("dynamic") || t.Is("timeout");
      } else if (line[0].Is("timeout")) {
        set.dynamic = true;
      } else if (line[0].Is("elements")) {
        if (line.size() < 3 || !line[1].Is("=") || !line[2].Is("{") || !line.back().Is("}")) {
          Error(line[0], "expected 'elements = { … }'");
          return;
        }
        set.has_elements = true;
        set.elements = line.subspan(3, line.size() - 4);
      }
    });
    if (table.sets.count(set.name)) {
      Error(header[1], "set " + Quoted(set.name) + " is defined twice");
      return;
    }
    table.sets.emplace(set.name, std::move(set));
  }

  void ReadChain(std::span<const Token> header, TableDef& table) {
    ChainDef chain;
    chain.name = std::string(header[1].value);
    chain.name_token = &header[1];
    chain.location = At(header[1]);
    ReadBlock(header[1], [&](std::span<const Token> line) {
      if (line[0].Is("type")) {
        ReadChainType(line, chain);
      } else if (line[0].Is("policy")) {
        if (!chain.base || line.size() != 2 || !(line[1].Is("accept") || line[1].Is("drop"))) {
          Error(line.size() > 1 ? line[1] : line[0],
                chain.base ? "expected 'accept' or 'drop' after 'policy'"
                           : "a policy needs a base chain ('type … hook …')");
          return;
        }
        chain.policy = Action::Of(line[1].Is("accept") ? ActionKind::kAccept : ActionKind::kDrop,
                                  std::string(line[1].text));
      } else if (line[0].Is("comment") && line.size() == 2) {
      } else if (line[0].Is("devices") || line[0].Is("device")) {
      } else {
        chain.rules.push_back(line);
      }
    });
    for (const ChainDef& other : table.chains) {
      if (other.name == chain.name) {
        Error(header[1], "chain " + Quoted(chain.name) + " is defined twice");
        return;
      }
    }
    table.chains.push_back(std::move(chain));
  }

  // type filter hook input [device eth0] priority filter
  void ReadChainType(std::span<const Token> line, ChainDef& chain) {
    size_t hook = 0, priority = 0;
    for (size_t i = 0; i < line.size(); ++i) {
      if (line[i].Is("hook")) hook = i;
      if (line[i].Is("priority")) priority = i;
    }
    if (line.size() < 2 || hook != 2 || hook + 1 >= line.size() || priority == 0 ||
        priority + 1 >= line.size()) {
      Error(line[0], "expected 'type TYPE hook HOOK priority PRIORITY'");
      return;
    }
    std::optional<int> value = ParsePriority(line.subspan(priority + 1));
    if (!value) {
      Error(line[priority + 1],
            "expected a priority, got " + Quoted(Span(line.subspan(priority + 1)).Text()));
      return;
    }
    chain.base = true;
    chain.type = std::string(line[1].text);
    chain.hook = std::string(line[hook + 1].text);
    chain.priority = *value;
    chain.location = Span(line);
  }

  const std::vector<Token>& tokens_;
  const SourceFilePtr& file_;
  Diagnostics& diagnostics_;
  size_t pos_ = 0;
};

constexpr std::string_view kHooks[] = {"prerouting", "input", "forward", "output", "postrouting"};

struct HookChain {
  BaseChainRef ref;
  std::optional<Family> family;  // the table's, for ip and ip6
  size_t order = 0;              // declaration order breaks priority ties
};

class DeviceBuilder {
 public:
  DeviceBuilder(const SourceFilePtr& file, Diagnostics& diagnostics)
      : file_(file), diagnostics_(diagnostics) {}

  Device Build(const std::vector<TableDef>& tables) {
    Device device;
    device.vendor = "nftables";
    device.sources.push_back(file_);
    std::map<std::string, std::vector<HookChain>> hooks;
    for (const TableDef& table : tables) {
      auto rules = std::make_shared<RuleSet>();
      std::vector<const ChainDef*> bases;
      for (const ChainDef& def : table.chains) {
        rules->chains.emplace(def.name, BuildChain(table, def));
        if (def.base) bases.push_back(&def);
      }
      for (const ChainDef& def : table.chains) {
        std::string key = table.family + " " + table.name + " " + def.name;
        device.filters.emplace(key, Filter(key, rules, def.name));
      }
      if (table.dormant) continue;  // `flags dormant`: the kernel does not run it
      for (const ChainDef* def : bases) {
        if (def->type == "nat") {
          diagnostics_.Warning(def->location,
                               "nat chains are not modelled; verdicts ignore their translations");
          continue;
        }
        if (std::find(std::begin(kHooks), std::end(kHooks), def->hook) == std::end(kHooks)) {
          diagnostics_.Warning(def->location, "hook " + Quoted(def->hook) + " is not modelled");
          continue;
        }
        HookChain hc;
        hc.ref = {table.family + " " + table.name + " " + def->name, rules, def->name,
                  def->priority};
        hc.family = TableFamily(table);
        hc.order = order_++;
        hooks[def->hook].push_back(std::move(hc));
      }
    }
    for (auto& [hook, chains] : hooks) {
      std::stable_sort(chains.begin(), chains.end(), [](const HookChain& a, const HookChain& b) {
        return a.ref.priority < b.ref.priority;
      });
      std::vector<BaseChainRef> refs;
      for (const HookChain& c : chains) refs.push_back(c.ref);
      device.filters.emplace(hook, ComposeHook(hook, refs));
    }
    auto stages = [&](std::vector<Stage>& pipeline, const std::string& hook) {
      for (const HookChain& c : hooks[hook]) {
        pipeline.push_back(Stage{StageKind::kFilter, device.filters.at(c.ref.key), c.family});
      }
    };
    for (const char* hook : {"prerouting", "forward", "postrouting"}) stages(device.forward, hook);
    for (const char* hook : {"prerouting", "input"}) stages(device.local, hook);
    return device;
  }

 private:
  static std::optional<Family> TableFamily(const TableDef& table) {
    if (table.family == "ip") return Family::kIpv4;
    if (table.family == "ip6") return Family::kIpv6;
    return std::nullopt;
  }

  Chain BuildChain(const TableDef& table, const ChainDef& def) {
    Chain chain;
    chain.name = def.name;
    chain.location = def.location;
    RuleEnvironment env;
    env.family = table.family;
    env.sets = &table.sets;
    // Conntrack runs at priority -200 in prerouting and output; chains before it see no state.
    env.before_conntrack =
        def.base && (def.hook == "prerouting" || def.hook == "output") && def.priority < -200;
    std::optional<Family> family = TableFamily(table);
    if (def.base) {
      chain.policy = def.policy.value_or(Action::Of(ActionKind::kAccept, "accept"));
      if (family) {
        // Packets of the other family never traverse this table's chains.
        Family other = *family == Family::kIpv4 ? Family::kIpv6 : Family::kIpv4;
        Rule pass;
        pass.match = Match({Term::FieldIs(Field::kFamily, uint128(other))});
        pass.action = Action::Of(ActionKind::kAccept, "accept");
        pass.label = std::string(FamilyName(other)) + " packets do not traverse table " +
                     table.family + " " + table.name;
        chain.rules.push_back(std::move(pass));
      }
    }
    for (std::span<const Token> tokens : def.rules) {
      ParsedRule parsed = ParseRule(tokens, file_, env, diagnostics_);
      for (const Token* target : parsed.targets) {
        bool found = std::any_of(table.chains.begin(), table.chains.end(),
                                 [&](const ChainDef& c) { return c.name == target->value; });
        if (!found) {
          diagnostics_.Error(RangeOf(file_, target->text),
                             "jump to undefined chain " + Quoted(target->text));
        }
      }
      for (Rule& rule : parsed.rules) chain.rules.push_back(std::move(rule));
    }
    return chain;
  }

  const SourceFilePtr& file_;
  Diagnostics& diagnostics_;
  size_t order_ = 0;
};

}  // namespace
}  // namespace nftables

Device NftablesImporter::DoImport(const SourceFilePtr& file, Diagnostics& diagnostics) {
  const nftables::Token* unterminated = nullptr;
  std::vector<nftables::Token> tokens = nftables::Tokenize(file->text, &unterminated);
  if (unterminated) {
    diagnostics.Error(RangeOf(file, unterminated->text), "unterminated string");
    Device device;
    device.vendor = "nftables";
    device.sources.push_back(file);
    return device;
  }
  std::vector<nftables::TableDef> tables =
      nftables::RulesetReader(tokens, file, diagnostics).Read();
  return nftables::DeviceBuilder(file, diagnostics).Build(tables);
}

std::unique_ptr<Importer> CreateNftablesImporter() { return std::make_unique<NftablesImporter>(); }

bool SniffNftables(std::string_view text) {
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    std::string_view line = text.substr(start, end - start);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.remove_suffix(1);
    if (line.starts_with("table ") && line.ends_with("{")) return true;
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return false;
}

}  // namespace flowaudit
