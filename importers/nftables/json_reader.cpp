#include "importers/nftables/json_reader.h"

#include <algorithm>
#include <memory>
#include <nlohmann/json.hpp>
#include <string_view>

#include "importers/common/json_depth.h"
#include "importers/nftables/json_positions.h"
#include "importers/nftables/json_rule.h"

namespace flowaudit::nftables {
namespace {

using nlohmann::json;

std::string Quoted(std::string_view text) { return "'" + std::string(text) + "'"; }

std::string StringMember(const json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

// The parsed text and its positions, kept alive by the rules that parse later.
struct Document {
  json root;
  JsonPosition positions;
};

class JsonRulesetReader {
 public:
  JsonRulesetReader(const SourceFilePtr& file, Diagnostics& diagnostics)
      : file_(file), diagnostics_(diagnostics), doc_(std::make_shared<Document>()) {}

  std::vector<TableDef> Read() {
    if (!Parse()) return {};
    const json& root = doc_->root;
    auto list = root.is_object() ? root.find("nftables") : root.end();
    if (list == root.end() || !list->is_array()) {
      diagnostics_.Error(RangeAt(file_, doc_->positions),
                         "expected {\"nftables\": [ … ]} (the output of `nft -j list ruleset`)");
      return {};
    }
    const JsonPosition& items = doc_->positions.Member("nftables");
    for (size_t i = 0; i < list->size(); ++i) Object((*list)[i], items.Element(i));
    return std::move(tables_);
  }

 private:
  bool Parse() {
    if (auto deep = JsonTooDeepAt(file_->text)) {
      diagnostics_.Error(SourceRange{file_, static_cast<uint32_t>(*deep), 1},
                         "JSON nested deeper than " + std::to_string(kMaxJsonDepth) + " levels");
      return false;
    }
    try {
      doc_->root = json::parse(file_->text);
    } catch (const json::parse_error& error) {
      // nlohmann counts bytes from 1 and points past the end for a truncated text.
      size_t size = file_->text.size();
      uint32_t offset = uint32_t(error.byte == 0 ? 0 : std::min(error.byte - 1, size));
      if (offset == size && offset > 0) --offset;
      std::string message = error.what();
      size_t colon = message.find(": ", message.find("parse error"));
      if (colon != std::string::npos) message = message.substr(colon + 2);
      diagnostics_.Error(SourceRange{file_, offset, 1}, "invalid JSON: " + message);
      return false;
    }
    doc_->positions = ScanJsonPositions(file_->text);
    return true;
  }

  SourceRange At(const JsonPosition& where) const { return RangeAt(file_, where); }

  // One element of the list: {"table": …}, or a command {"add": {"table": …}}.
  void Object(const json& item, const JsonPosition& where) {
    if (!item.is_object() || item.size() != 1) {
      diagnostics_.Error(At(where), "expected an object with one member, such as {\"rule\": …}");
      return;
    }
    const std::string& key = item.begin().key();
    const json& body = item.begin().value();
    const JsonPosition& body_at = where.Member(key);
    if (key == "add" || key == "create" || key == "insert") {
      if (!body.is_object() || body.size() != 1) {
        diagnostics_.Error(At(body_at), "expected an object such as {\"rule\": …}");
        return;
      }
      insert_ = key == "insert";
      Object(body, body_at);
      insert_ = false;
      return;
    }
    if (key == "metainfo") return;
    if (key == "flush" && body.is_object() && body.contains("ruleset")) return;
    if (!body.is_object()) {
      diagnostics_.Error(At(body_at), "expected an object after " + Quoted(key));
      return;
    }
    if (key == "table") return Table(body, body_at);
    if (key == "chain") return Chain(body, body_at);
    if (key == "set" || key == "map") return Set(key == "map", body, body_at);
    if (key == "rule") return Rule(body, body_at);
    if (key == "element") return Element(body, body_at);
    diagnostics_.Warning(At(where), "unsupported object " + Quoted(key) + "; skipped");
  }

  TableDef* FindTable(const json& body, const JsonPosition& at, const char* name_key) {
    std::string family = StringMember(body, "family"), name = StringMember(body, name_key);
    for (TableDef& table : tables_) {
      if (table.family == family && table.name == name) return &table;
    }
    diagnostics_.Error(At(at), "undefined table " + Quoted(family + " " + name));
    return nullptr;
  }

  void Table(const json& body, const JsonPosition& at) {
    TableDef table;
    table.family = StringMember(body, "family");
    table.name = StringMember(body, "name");
    for (const TableDef& other : tables_) {
      if (other.family == table.family && other.name == table.name) return;  // `add` again
    }
    table.supported = table.family == "ip" || table.family == "ip6" || table.family == "inet";
    if (!table.supported) {
      diagnostics_.Warning(At(at), "table family " + Quoted(table.family) +
                                       " is not modelled; its chains are ignored");
    }
    auto flags = body.find("flags");
    if (flags != body.end()) {
      table.dormant =
          *flags == "dormant" ||
          (flags->is_array() && std::find(flags->begin(), flags->end(), "dormant") != flags->end());
    }
    tables_.push_back(std::move(table));
  }

  void Chain(const json& body, const JsonPosition& at) {
    TableDef* table = FindTable(body, at, "table");
    if (!table) return;
    ChainDef chain;
    chain.name = StringMember(body, "name");
    chain.location = At(at);
    for (const ChainDef& other : table->chains) {
      if (other.name == chain.name) return;  // `add chain` of one that exists
    }
    if (body.contains("hook")) {
      chain.base = true;
      chain.type = StringMember(body, "type");
      chain.hook = StringMember(body, "hook");
      auto prio = body.find("prio");
      std::optional<int> priority;
      if (prio != body.end() && prio->is_number_integer()) priority = prio->get<int>();
      if (prio != body.end() && prio->is_string())
        priority = NamedPriority(prio->get<std::string>());
      if (!priority) {
        diagnostics_.Error(At(at.Member("prio")), "expected a priority in a base chain");
        return;
      }
      chain.priority = *priority;
      std::string policy = body.contains("policy") ? StringMember(body, "policy") : "accept";
      if (policy != "accept" && policy != "drop") {
        diagnostics_.Error(At(at.Member("policy")), "expected 'accept' or 'drop' as the policy");
        return;
      }
      chain.policy =
          Action::Of(policy == "accept" ? ActionKind::kAccept : ActionKind::kDrop, policy);
    }
    table->chains.push_back(std::move(chain));
  }

  void Set(bool map, const json& body, const JsonPosition& at) {
    TableDef* table = FindTable(body, at, "table");
    if (!table) return;
    NamedSet set;
    set.name = StringMember(body, "name");
    set.location = At(at);
    set.map = map;
    auto type = body.find("type");
    if (type != body.end() && type->is_string()) set.type = type->get<std::string>();
    for (size_t i = 0; type != body.end() && type->is_array() && i < type->size(); ++i) {
      std::string part = (*type)[i].is_string() ? (*type)[i].get<std::string>() : "?";
      set.type += (i ? " . " : "") + part;  // a concatenation, as nft's text prints it
    }
    set.verdict_map = map && StringMember(body, "map") == "verdict";
    auto flags = body.find("flags");
    if (flags != body.end()) {
      for (const json& flag : flags->is_array() ? *flags : json::array({*flags})) {
        set.dynamic = set.dynamic || flag == "dynamic" || flag == "timeout";
      }
    }
    set.dynamic = set.dynamic || body.contains("timeout");
    if (table->sets.count(set.name)) {
      diagnostics_.Error(At(at), "set " + Quoted(set.name) + " is defined twice");
      return;
    }
    Elements(body, at, set);
    table->sets.emplace(set.name, std::move(set));
  }

  // {"element": {"family", "table", "name", "elem": […]}}: more elements for a set or map.
  void Element(const json& body, const JsonPosition& at) {
    TableDef* table = FindTable(body, at, "table");
    if (!table) return;
    auto set = table->sets.find(StringMember(body, "name"));
    if (set == table->sets.end()) {
      diagnostics_.Error(At(at), "undefined set " + Quoted(StringMember(body, "name")));
      return;
    }
    Elements(body, at, set->second);
  }

  void Elements(const json& body, const JsonPosition& at, NamedSet& set) {
    auto elements = body.find("elem");
    if (elements == body.end() || !elements->is_array()) return;
    set.has_elements = true;
    const JsonPosition& elements_at = at.Member("elem");
    for (size_t i = 0; i < elements->size(); ++i) {
      const json& element = (*elements)[i];
      const JsonPosition& element_at = elements_at.Element(i);
      std::optional<ValueItem> key;
      std::optional<VerdictSpec> verdict;
      if (set.verdict_map && element.is_array() && element.size() == 2) {
        key = JsonValueItem(element[0], element_at.Element(0), file_);
        verdict = JsonVerdict(element[1], element_at.Element(1), file_);
      } else if (!set.map) {
        key = JsonValueItem(element, element_at, file_);
      }
      if (!key || (set.verdict_map && !verdict)) {
        // A concatenation or an expression: users of the set report it as unknown.
        set.unreadable = true;
        continue;
      }
      set.elements.push_back(std::move(*key));
      if (verdict) set.verdicts.push_back(std::move(*verdict));
    }
  }

  void Rule(const json& body, const JsonPosition& at) {
    TableDef* table = FindTable(body, at, "table");
    if (!table) return;
    std::string name = StringMember(body, "chain");
    if (!table->supported) {
      ++table->skipped_rules;
      return;
    }
    for (ChainDef& chain : table->chains) {
      if (chain.name != name) continue;
      RuleSource source{At(at), [doc = doc_, rule = &body, where = &at, file = file_](
                                    const RuleEnvironment& env, Diagnostics& diagnostics) {
                          return ParseJsonRule(*rule, *where, file, env, diagnostics);
                        }};
      auto place = insert_ ? chain.rules.begin() : chain.rules.end();
      chain.rules.insert(place, std::move(source));
      return;
    }
    diagnostics_.Error(At(at), "rule for undefined chain " + Quoted(name));
  }

  const SourceFilePtr& file_;
  Diagnostics& diagnostics_;
  std::shared_ptr<Document> doc_;
  std::vector<TableDef> tables_;
  bool insert_ = false;
};

}  // namespace

std::vector<TableDef> ReadJsonRuleset(const SourceFilePtr& file, Diagnostics& diagnostics) {
  return JsonRulesetReader(file, diagnostics).Read();
}

}  // namespace flowaudit::nftables
