#include "importers/nftables/text_reader.h"

#include <optional>
#include <span>
#include <string>

#include "importers/iptables/netfilter_names.h"
#include "importers/nftables/rule_parser.h"

namespace flowaudit::nftables {
namespace {

std::string Quoted(std::string_view text) { return "'" + std::string(text) + "'"; }

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
    table.supported = supported;
    if (!supported) {
      Warning(*family,
              "table family " + Quoted(family->text) + " is not modelled; its chains are ignored");
    }
    ReadBlock(*name, [&](std::span<const Token> line) {
      const Token& first = line[0];
      if (!supported) {
        if (first.Is("chain") && line.back().Is("{")) {
          table.skipped_rules += CountRules(first);
        } else if (line.back().Is("{")) {
          SkipBlock(first);
        }
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

  // The rules of a chain block whose table is not modelled.
  int CountRules(const Token& opener) {
    int rules = 0;
    ReadBlock(opener, [&](std::span<const Token> line) {
      for (std::string_view word : {"type", "policy", "comment", "devices", "device"}) {
        if (line[0].Is(word)) return;
      }
      ++rules;
    });
    return rules;
  }

  void ReadSet(std::span<const Token> header, TableDef& table) {
    NamedSet set;
    set.name = std::string(header[1].value);
    set.location = At(header[1]);
    set.map = header[0].Is("map");
    ReadBlock(header[1], [&](std::span<const Token> line) {
      if (line[0].Is("type") || line[0].Is("typeof")) {
        // `type inet_service : verdict`: the key type, then the data type of a map.
        std::string* part = &set.type;
        for (const Token& t : line.subspan(1)) {
          if (t.Is(":")) {
            set.verdict_map = line.back().Is("verdict");
            break;
          }
          *part += (part->empty() ? "" : " ") + std::string(t.text);
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
        std::span<const Token> items = line.subspan(3, line.size() - 4);
        if (set.verdict_map) {
          std::vector<std::pair<ValueItem, VerdictSpec>> pairs;
          if (!ReadVerdictPairs(items, file_, &pairs, diagnostics_)) {
            set.unreadable = true;
            return;
          }
          for (auto& [key, verdict] : pairs) {
            set.elements.push_back(std::move(key));
            set.verdicts.push_back(std::move(verdict));
          }
          return;
        }
        for (const Token& item : items) {
          if (item.Is(",") || item.kind == Token::Kind::kNewline) continue;
          set.elements.push_back(ItemOf(item, file_));
        }
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
        chain.rules.push_back(
            {Span(line), [line, file = file_](const RuleEnvironment& env, Diagnostics& d) {
               return ParseRule(line, file, env, d);
             }});
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

}  // namespace

std::vector<TableDef> ReadTextRuleset(const std::vector<Token>& tokens, const SourceFilePtr& file,
                                      Diagnostics& diagnostics) {
  return RulesetReader(tokens, file, diagnostics).Read();
}

}  // namespace flowaudit::nftables
