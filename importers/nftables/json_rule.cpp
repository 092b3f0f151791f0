#include "importers/nftables/json_rule.h"

#include <string_view>

namespace flowaudit::nftables {
namespace {

using nlohmann::json;

std::string Quoted(std::string_view text) { return "'" + std::string(text) + "'"; }

// The single member of {"key": value} objects, which is how nft writes expressions.
const json::object_t::value_type* OnlyMember(const json& value) {
  if (!value.is_object() || value.size() != 1) return nullptr;
  return &*value.get_ref<const json::object_t&>().begin();
}

std::string StringMember(const json& object, const char* key) {
  if (!object.is_object()) return "";
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

// "tcp dport", "meta iifname", "ct state": how nft would print the left-hand side.
std::string Describe(const json& left) {
  const auto* member = OnlyMember(left);
  if (!member) return left.is_string() ? left.get<std::string>() : "expression";
  const auto& [key, body] = *member;
  if (key == "payload" && body.contains("protocol")) {
    return StringMember(body, "protocol") + " " + StringMember(body, "field");
  }
  if (key == "meta" || key == "ct" || key == "rt" || key == "fib") {
    return key + " " + StringMember(body, "key");
  }
  if ((key == "&" || key == "|" || key == "^") && body.is_array() && !body.empty()) {
    return Describe(body[0]);
  }
  return key;
}

std::optional<Selector> SelectorOf(const json& left, const SourceRange& at) {
  const auto* member = OnlyMember(left);
  if (!member) return std::nullopt;
  const auto& [key, body] = *member;
  if (key == "payload") {
    return FindSelector(StringMember(body, "protocol"), StringMember(body, "field"), at);
  }
  if ((key == "meta" || key == "ct") && !body.contains("dir")) {
    return FindSelector(key, StringMember(body, "key"), at);
  }
  return std::nullopt;
}

class JsonRuleReader {
 public:
  JsonRuleReader(const SourceFilePtr& file, const RuleEnvironment& env, Diagnostics& diagnostics)
      : file_(file), builder_(env, diagnostics) {}

  ParsedRule Run(const json& rule, const JsonPosition& where) {
    auto expr = rule.find("expr");
    if (expr == rule.end() || !expr->is_array()) {
      builder_.Error(RangeAt(file_, where), "expected an 'expr' array in a rule");
      return builder_.Finish(RangeAt(file_, where), Label(rule));
    }
    const JsonPosition& list = where.Member("expr");
    for (size_t i = 0; i < expr->size(); ++i) {
      const json& statement = (*expr)[i];
      const JsonPosition& at = list.Element(i);
      std::optional<VerdictSpec> verdict = JsonVerdict(statement, at, file_);
      if (builder_.terminal_verdict()) {
        builder_.Error(RangeAt(file_, at), "Statement after terminal statement has no effect");
        break;
      }
      if (builder_.has_verdict()) {
        builder_.Unsupported(RangeAt(file_, at), "unexpected statement after the verdict");
        break;
      }
      if (verdict) {
        builder_.Verdict(*verdict);
        continue;
      }
      if (builder_.failed()) continue;  // after an error, still read the verdict
      Statement(statement, at);
    }
    return builder_.Finish(RangeAt(file_, where), Label(rule));
  }

 private:
  static std::string Label(const json& rule) {
    std::string label;
    auto handle = rule.find("handle");
    if (handle != rule.end() && handle->is_number_integer()) {
      label = "handle " + std::to_string(handle->get<int64_t>());
    }
    std::string comment = StringMember(rule, "comment");
    if (!comment.empty()) label += (label.empty() ? "" : ": ") + comment;
    return label;
  }

  void Statement(const json& statement, const JsonPosition& at) {
    const auto* member = OnlyMember(statement);
    if (!member) {
      builder_.Error(RangeAt(file_, at),
                     "expected a statement object with one member, such as {\"accept\": null}");
      return;
    }
    const auto& [key, body] = *member;
    const JsonPosition& body_at = at.Member(key);
    if (key == "counter" || key == "log") return;  // never decide
    if (key == "match" && body.is_object()) return Compare(body, body_at);
    if (key == "vmap" && body.is_object()) return VerdictMap(body, body_at);
    builder_.Unsupported(RangeAt(file_, at), "unsupported statement " + Quoted(key));
  }

  std::optional<Selector> Left(const json& body, const JsonPosition& body_at, const char* name) {
    auto left = body.find(name);
    const JsonPosition& left_at = body_at.Member(name);
    if (left == body.end()) {
      builder_.Error(RangeAt(file_, body_at), std::string("expected '") + name + "'");
      return std::nullopt;
    }
    std::optional<Selector> selector = SelectorOf(*left, RangeAt(file_, left_at));
    if (!selector && left->is_object() && left->contains("concat")) {
      // `ip daddr . tcp dport`: each part still brings its protocol dependency.
      const json& parts = (*left)["concat"];
      for (size_t i = 0; parts.is_array() && i < parts.size(); ++i) {
        const JsonPosition& part_at = left_at.Member("concat").Element(i);
        if (auto part = SelectorOf(parts[i], RangeAt(file_, part_at))) builder_.Implied(*part);
      }
      builder_.Unsupported(RangeAt(file_, left_at), "unsupported concatenation");
    } else if (!selector) {
      builder_.Unsupported(RangeAt(file_, left_at),
                           "unsupported expression " + Quoted(Describe(*left)));
    }
    return selector;
  }

  void Compare(const json& body, const JsonPosition& body_at) {
    std::string op = body.contains("op") ? StringMember(body, "op") : "==";
    if (op == "in") op = "==";  // `ct state a,b` (a bitmask test): membership for one state
    std::optional<Selector> selector = Left(body, body_at, "left");
    if (!selector) return;
    for (std::string_view known : {"==", "!=", "<", ">", "<=", ">="}) {
      if (op == known) return Right(*selector, op, body, body_at);
    }
    builder_.Unsupported(RangeAt(file_, body_at.Member("op")),
                         "unsupported operator " + Quoted(op));
  }

  void Right(const Selector& selector, const std::string& op, const json& body,
             const JsonPosition& body_at) {
    auto right = body.find("right");
    const JsonPosition& right_at = body_at.Member("right");
    if (right == body.end()) {
      builder_.Error(RangeAt(file_, body_at), "expected 'right'");
      return;
    }
    if (right->is_string() && right->get_ref<const std::string&>().starts_with("@")) {
      return builder_.CompareNamedSet(selector, op, *JsonValueItem(*right, right_at, file_));
    }
    // {"set": [...]} (an anonymous set) or [...] (a list: `ct state a,b`), or one value.
    const json* list = right->is_array() ? &*right : nullptr;
    const JsonPosition* list_at = &right_at;
    if (right->is_object() && right->contains("set") && right->size() == 1) {
      list = &(*right)["set"];
      list_at = &right_at.Member("set");
    }
    std::vector<ValueItem> items;
    if (list) {
      if (!list->is_array()) list = nullptr;
      for (size_t i = 0; list && i < list->size(); ++i) {
        if (!Item(selector, (*list)[i], list_at->Element(i), &items)) return;
      }
    } else if (!Item(selector, *right, right_at, &items)) {
      return;
    }
    if (items.empty()) {
      builder_.Error(RangeAt(file_, right_at), "expected a value");
      return;
    }
    builder_.Compare(selector, op, RangeAt(file_, right_at), items);
  }

  bool Item(const Selector& selector, const json& value, const JsonPosition& at,
            std::vector<ValueItem>* out) {
    std::optional<ValueItem> item = JsonValueItem(value, at, file_);
    if (!item) {
      builder_.Implied(selector);
      std::string what = value.is_object() && OnlyMember(value) ? OnlyMember(value)->first
                                                                : std::string(value.type_name());
      builder_.Unsupported(RangeAt(file_, at), "unsupported value " + Quoted(what));
      return false;
    }
    out->push_back(std::move(*item));
    return true;
  }

  // {"key": LEFT, "data": {"set": [[KEY, VERDICT], …]} or "@map"}
  void VerdictMap(const json& body, const JsonPosition& body_at) {
    std::optional<Selector> selector = Left(body, body_at, "key");
    if (!selector) return;
    SourceRange vmap_at = RangeAt(file_, body_at);
    auto data = body.find("data");
    const JsonPosition& data_at = body_at.Member("data");
    if (data != body.end() && data->is_string() &&
        data->get_ref<const std::string&>().starts_with("@")) {
      return builder_.NamedVerdictMap(*selector, *JsonValueItem(*data, data_at, file_));
    }
    if (data == body.end() || !data->is_object() || !data->contains("set") ||
        !(*data)["set"].is_array()) {
      builder_.Unsupported(vmap_at, "unsupported 'vmap' lookup");
      return;
    }
    std::vector<std::pair<ValueItem, VerdictSpec>> entries;
    const json& pairs = (*data)["set"];
    const JsonPosition& pairs_at = data_at.Member("set");
    for (size_t i = 0; i < pairs.size(); ++i) {
      const JsonPosition& pair_at = pairs_at.Element(i);
      std::optional<ValueItem> key;
      std::optional<VerdictSpec> verdict;
      if (pairs[i].is_array() && pairs[i].size() == 2) {
        key = JsonValueItem(pairs[i][0], pair_at.Element(0), file_);
        verdict = JsonVerdict(pairs[i][1], pair_at.Element(1), file_);
      }
      if (!key || !verdict) {
        builder_.Unsupported(RangeAt(file_, pair_at), "unsupported verdict map element");
        return;
      }
      entries.emplace_back(std::move(*key), std::move(*verdict));
    }
    builder_.VerdictMap(*selector, entries);
  }

  const SourceFilePtr& file_;
  RuleBuilder builder_;
};

}  // namespace

SourceRange RangeAt(const SourceFilePtr& file, const JsonPosition& where) {
  return SourceRange{file, where.begin, where.end - where.begin};
}

std::optional<ValueItem> JsonValueItem(const json& value, const JsonPosition& where,
                                       const SourceFilePtr& file) {
  SourceRange at = RangeAt(file, where);
  if (value.is_string()) return ValueItem{value.get<std::string>(), at, true};
  if (value.is_number_unsigned()) return ValueItem{std::to_string(value.get<uint64_t>()), at};
  if (value.is_number_integer()) return ValueItem{std::to_string(value.get<int64_t>()), at};
  const auto* member = OnlyMember(value);
  if (!member) return std::nullopt;
  const auto& [key, body] = *member;
  const JsonPosition& body_at = where.Member(key);
  if (key == "prefix" && body.is_object()) {
    auto addr = body.find("addr");
    auto len = body.find("len");
    if (addr == body.end() || !addr->is_string() || len == body.end() ||
        !len->is_number_unsigned()) {
      return std::nullopt;
    }
    return ValueItem{addr->get<std::string>() + "/" + std::to_string(len->get<uint64_t>()), at};
  }
  if (key == "range" && body.is_array() && body.size() == 2) {
    std::optional<ValueItem> lo = JsonValueItem(body[0], body_at.Element(0), file);
    std::optional<ValueItem> hi = JsonValueItem(body[1], body_at.Element(1), file);
    if (!lo || !hi) return std::nullopt;
    return ValueItem{lo->text + "-" + hi->text, at};
  }
  if (key == "elem" && body.is_object() && body.contains("val")) {
    return JsonValueItem(body["val"], body_at.Member("val"), file);
  }
  return std::nullopt;
}

std::optional<VerdictSpec> JsonVerdict(const json& value, const JsonPosition& where,
                                       const SourceFilePtr& file) {
  const auto* member = OnlyMember(value);
  if (!member) return std::nullopt;
  const auto& [key, body] = *member;
  VerdictSpec verdict;
  verdict.keyword = key;
  verdict.name = key;
  verdict.at = RangeAt(file, where);
  for (std::string_view plain : {"accept", "drop", "return", "continue", "queue"}) {
    if (key == plain) return verdict;
  }
  if (key == "jump" || key == "goto") {
    verdict.target = StringMember(body, "target");
    verdict.target_at = RangeAt(file, where.Member(key).Member("target"));
    verdict.name += " " + verdict.target;
    return verdict;
  }
  if (key == "reject") {
    // {"type": "tcp reset"} or {"type": "icmpx", "expr": "admin-prohibited"}, as the text's
    // `reject with tcp reset`, `reject with icmpx admin-prohibited`.
    std::string type = StringMember(body, "type");
    std::string code = StringMember(body, "expr");
    if (!type.empty()) verdict.name += " with " + type + (code.empty() ? "" : " " + code);
    const JsonPosition& body_at = where.Member(key);
    verdict.with_at = RangeAt(file, body_at.Member(code.empty() ? "type" : "expr"));
    return verdict;
  }
  return std::nullopt;
}

ParsedRule ParseJsonRule(const json& rule, const JsonPosition& where, const SourceFilePtr& file,
                         const RuleEnvironment& env, Diagnostics& diagnostics) {
  return JsonRuleReader(file, env, diagnostics).Run(rule, where);
}

}  // namespace flowaudit::nftables
