#include "importers/nftables/rule_parser.h"

#include <string_view>

namespace flowaudit::nftables {
namespace {

bool IsVerdictKeyword(const Token& t) {
  for (std::string_view v :
       {"accept", "drop", "reject", "jump", "goto", "return", "continue", "queue"}) {
    if (t.Is(v)) return true;
  }
  return false;
}

// Words that begin an nft expression or a statement that never ends a rule's evaluation
// (nft(8)): a rule that only adds an unsupported one of these to its matches and has no verdict
// goes on to the next rule. Any other word — a damaged line, a statement such as synproxy, fwd,
// tproxy or a NAT that may end it — leaves the rule's verdict unknown.
bool StartsNonTerminalStatement(const Token& t) {
  for (std::string_view word :
       {"ip",      "ip6",     "inet",    "tcp",      "udp",     "udplite", "sctp",     "dccp",
        "icmp",    "icmpv6",  "igmp",    "ah",       "esp",     "comp",    "th",       "ether",
        "vlan",    "arp",     "meta",    "ct",       "iif",     "iifname", "oif",      "oifname",
        "iiftype", "oiftype", "mark",    "skuid",    "skgid",   "nfproto", "l4proto",  "pkttype",
        "cpu",     "cgroup",  "rt",      "fib",      "socket",  "osf",     "ipsec",    "numgen",
        "jhash",   "symhash", "exthdr",  "hbh",      "frag",    "dst",     "mh",       "srh",
        "counter", "log",     "limit",   "quota",    "notrack", "set",     "add",      "update",
        "delete",  "meter",   "secmark", "last",     "dup",     "length",  "priority", "time",
        "day",     "hour",    "random",  "protocol", "tunnel",  "sdif",    "sdifname", "flow"}) {
    if (t.Is(word)) return true;
  }
  return false;
}

std::string Quoted(std::string_view text) { return "'" + std::string(text) + "'"; }

SourceRange Between(const SourceFilePtr& file, const Token& first, const Token& last) {
  return RangeOf(file, std::string_view(first.text.data(),
                                        last.text.data() + last.text.size() - first.text.data()));
}

class RuleParser {
 public:
  RuleParser(std::span<const Token> tokens, const SourceFilePtr& file, const RuleEnvironment& env,
             Diagnostics& diagnostics)
      : tokens_(tokens), file_(file), diagnostics_(diagnostics), builder_(env, diagnostics) {}

  ParsedRule Run() {
    while (pos_ < tokens_.size()) {
      const Token& t = tokens_[pos_];
      if (builder_.failed() && !builder_.has_verdict() && !IsVerdictKeyword(t)) {
        ++pos_;  // after an error, still read the verdict
        continue;
      }
      if (builder_.has_verdict()) {
        if (t.Is("comment") && pos_ + 1 < tokens_.size()) {
          comment_ = std::string(tokens_[pos_ + 1].value);
          pos_ += 2;
          continue;
        }
        if (builder_.terminal_verdict()) {
          builder_.Error(At(t), "Statement after terminal statement has no effect");
        } else {
          Unsupported(t, "unexpected " + Quoted(t.text) + " after the verdict");
        }
        break;
      }
      if (IsVerdictKeyword(t)) {
        ParseVerdict();
      } else {
        ParseStatement();
      }
    }
    return builder_.Finish(Between(file_, tokens_.front(), tokens_.back()), Label());
  }

 private:
  SourceRange At(const Token& t) const { return RangeOf(file_, t.text); }

  // "handle 4" (`nft -a` prints `# handle 4` after the rule), ": comment" when there is one:
  // the labels the JSON front-end gives.
  std::string Label() const {
    std::string_view rest = file_->text;
    std::string_view last = tokens_.back().text;
    rest = rest.substr(last.data() + last.size() - rest.data());
    rest = rest.substr(0, rest.find('\n'));
    std::string label;
    size_t handle = rest.find("# handle ");
    if (handle != std::string_view::npos) {
      std::string_view number = rest.substr(handle + 9);
      label = "handle " + std::string(number.substr(0, number.find_first_not_of("0123456789")));
    }
    if (!comment_.empty()) label += (label.empty() ? "" : ": ") + comment_;
    return label;
  }
  const Token* Next() { return pos_ < tokens_.size() ? &tokens_[pos_++] : nullptr; }
  const Token* Peek(size_t ahead = 0) const {
    return pos_ + ahead < tokens_.size() ? &tokens_[pos_ + ahead] : nullptr;
  }
  bool PeekIs(std::string_view word, size_t ahead = 0) const {
    return Peek(ahead) && Peek(ahead)->Is(word);
  }

  // Something flowaudit does not model: the rule's match becomes partly unknown, and parsing
  // resumes at the verdict.
  void Unsupported(const Token& at, const std::string& message) {
    builder_.Unsupported(At(at), message);
    int depth = 0;
    while (pos_ < tokens_.size()) {
      const Token& t = tokens_[pos_];
      if (t.Is("{")) ++depth;
      if (t.Is("}")) --depth;
      if (depth == 0 && IsVerdictKeyword(t) && &t != &at) return;
      ++pos_;
    }
  }

  void ParseStatement() {
    const Token& t = *Next();
    const Token* what = Peek();
    if (t.Is("counter")) {
      // `counter packets 0 bytes 0`, or `counter name "c1"` (a named counter object)
      while (PeekIs("packets") || PeekIs("bytes") || PeekIs("name")) pos_ += 2;
      return;
    }
    if (t.Is("log")) return SkipLogOptions();
    if (t.Is("comment")) {
      const Token* text = Next();
      if (!text) builder_.Error(At(t), "expected a string after 'comment'");
      if (text) comment_ = std::string(text->value);
      if (const Token* after = Peek()) {  // a comment ends the rule
        builder_.Error(At(*after), "syntax error, unexpected " + std::string(after->text) +
                                       ", expecting newline or semicolon");
        pos_ = tokens_.size();
      }
      return;
    }
    std::optional<Selector> selector;
    const Token* field = nullptr;
    if (t.Is("iifname") || t.Is("oifname") || t.Is("iif") || t.Is("oif")) {
      selector = FindSelector("meta", t.text, At(t));
      field = &t;
    } else if (what && what->kind == Token::Kind::kWord) {
      selector = FindSelector(t.text, what->text, Between(file_, t, *what));
      field = what;
    }
    if (!selector) {
      --pos_;
      std::string name(t.text);
      if (what && what->kind == Token::Kind::kWord && !IsVerdictKeyword(*what)) {
        name += " " + std::string(what->text);
      }
      if (!StartsNonTerminalStatement(t)) builder_.VerdictMayBeHidden();
      Unsupported(t, "unsupported expression " + Quoted(name));
      return;
    }
    if (field == what) ++pos_;
    ReadOperand(*selector, *field);
  }

  void SkipLogOptions() {
    while (const Token* t = Peek()) {
      if (t->Is("prefix") || t->Is("level") || t->Is("group") || t->Is("snaplen") ||
          t->Is("queue-threshold")) {
        pos_ += 2;
      } else if (t->Is("flags")) {
        ++pos_;
        while (Peek() && (PeekIs("all") || PeekIs("tcp") || PeekIs("ip") || PeekIs("sequence") ||
                          PeekIs("options") || PeekIs("skuid") || PeekIs("ether") || PeekIs(","))) {
          ++pos_;
        }
      } else {
        return;
      }
    }
  }

  // [OP] VALUE | [OP] { VALUES } | [OP] @set | vmap { … } | vmap @map, after a selector.
  void ReadOperand(const Selector& selector, const Token& field) {
    if (PeekIs("vmap") && Peek(1) && (PeekIs("{", 1) || Peek(1)->text.starts_with("@"))) {
      ++pos_;  // vmap
      if (PeekIs("{")) return ReadVerdictMap(selector);
      return builder_.NamedVerdictMap(selector, ItemOf(*Next(), file_));
    }
    std::string_view op = "==";
    for (std::string_view candidate : {"==", "!=", "<", ">", "<=", ">="}) {
      if (PeekIs(candidate)) {
        op = candidate;
        ++pos_;
        break;
      }
    }
    const Token* t = Next();
    if (!t || (t->kind == Token::Kind::kPunct && !t->Is("{")) || IsVerdictKeyword(*t)) {
      builder_.Error(At(t ? *t : field), "expected a value after " + Quoted(field.text));
      return;
    }
    if (t->Is(".")) {
      --pos_;
      builder_.Implied(selector);
      return Unsupported(*t, "unsupported concatenation");
    }
    if (t->Is("vmap") || t->Is("map")) {
      --pos_;
      builder_.Implied(selector);
      return Unsupported(*t, "unsupported " + Quoted(t->text) + " lookup");
    }
    if (t->kind == Token::Kind::kWord && t->text.starts_with("@")) {
      return builder_.CompareNamedSet(selector, op, ItemOf(*t, file_));
    }
    std::vector<ValueItem> items;
    if (t->Is("{")) {
      while (true) {
        const Token* item = Next();
        if (!item) {
          builder_.Error(At(*t), "expected '}' to close this set");
          return;
        }
        if (item->Is("}")) break;
        if (item->Is(",") || item->kind == Token::Kind::kNewline) continue;
        items.push_back(ItemOf(*item, file_));
      }
    } else {
      items.push_back(ItemOf(*t, file_));
      // `ct state established,related`: a list without braces (a bitmask test).
      while (PeekIs(",") && pos_ + 1 < tokens_.size()) {
        ++pos_;
        items.push_back(ItemOf(*Next(), file_));
      }
    }
    if (items.empty()) {
      builder_.Error(At(*t), "expected a value after " + Quoted(field.text));
      return;
    }
    builder_.Compare(selector, op, At(*t), items);
  }

  void ReadVerdictMap(const Selector& selector) {
    const Token& open = *Next();
    size_t start = pos_;
    int depth = 1;
    while (pos_ < tokens_.size() && depth > 0) {
      if (tokens_[pos_].Is("{")) ++depth;
      if (tokens_[pos_].Is("}")) --depth;
      ++pos_;
    }
    if (depth > 0) {
      builder_.Error(At(open), "expected '}' to close this map");
      return;
    }
    std::vector<std::pair<ValueItem, VerdictSpec>> entries;
    if (!ReadVerdictPairs(tokens_.subspan(start, pos_ - 1 - start), file_, &entries,
                          diagnostics_)) {
      builder_.Failed();
      return;
    }
    builder_.VerdictMap(selector, entries);
  }

  void ParseVerdict() {
    const Token& t = *Next();
    VerdictSpec verdict;
    verdict.keyword = std::string(t.text);
    verdict.name = verdict.keyword;
    verdict.at = At(t);
    if (t.Is("jump") || t.Is("goto")) {
      const Token* target = Next();
      if (!target || target->kind == Token::Kind::kPunct) {
        builder_.Error(At(t), "expected a chain name after " + Quoted(t.text));
        return;
      }
      verdict.target = std::string(target->value);
      verdict.target_at = At(*target);
      verdict.name += " " + verdict.target;
    } else if (t.Is("reject") && PeekIs("with")) {
      // reject with icmp|icmpv6|icmpx [type] NAME | with tcp reset
      for (int i = 0; i < 3 && Peek() && !PeekIs("comment"); ++i) {
        const Token& word = *Next();
        verdict.name += " " + std::string(word.text);
        if (i == 1 && PeekIs("type")) verdict.name += " " + std::string(Next()->text);
        if (i == 2) verdict.with_at = At(word);
      }
    } else if (t.Is("queue")) {
      while (Peek() && !PeekIs("comment")) ++pos_;
    }
    builder_.Verdict(verdict);
  }

  std::span<const Token> tokens_;
  const SourceFilePtr& file_;
  Diagnostics& diagnostics_;
  RuleBuilder builder_;
  size_t pos_ = 0;
  std::string comment_;
};

}  // namespace

ValueItem ItemOf(const Token& token, const SourceFilePtr& file) {
  return ValueItem{std::string(token.value), RangeOf(file, token.text),
                   token.kind == Token::Kind::kString};
}

bool ReadVerdictPairs(std::span<const Token> tokens, const SourceFilePtr& file,
                      std::vector<std::pair<ValueItem, VerdictSpec>>* out,
                      Diagnostics& diagnostics) {
  size_t i = 0;
  auto skip = [&] {
    while (i < tokens.size() && (tokens[i].Is(",") || tokens[i].kind == Token::Kind::kNewline)) {
      ++i;
    }
  };
  for (skip(); i < tokens.size(); skip()) {
    const Token& key = tokens[i++];
    const Token* colon = i < tokens.size() ? &tokens[i++] : nullptr;
    const Token* word = colon && colon->Is(":") && i < tokens.size() ? &tokens[i++] : nullptr;
    if (!word) {
      diagnostics.Error(RangeOf(file, (colon ? *colon : key).text),
                        "expected 'KEY : VERDICT' in a verdict map");
      return false;
    }
    VerdictSpec verdict;
    verdict.keyword = std::string(word->text);
    verdict.name = verdict.keyword;
    verdict.at = RangeOf(file, word->text);
    if ((word->Is("jump") || word->Is("goto")) && i < tokens.size() &&
        tokens[i].kind != Token::Kind::kPunct) {
      verdict.target = std::string(tokens[i].value);
      verdict.target_at = RangeOf(file, tokens[i].text);
      verdict.name += " " + verdict.target;
      ++i;
    }
    out->emplace_back(ItemOf(key, file), std::move(verdict));
  }
  return true;
}

ParsedRule ParseRule(std::span<const Token> tokens, const SourceFilePtr& file,
                     const RuleEnvironment& env, Diagnostics& diagnostics) {
  return RuleParser(tokens, file, env, diagnostics).Run();
}

}  // namespace flowaudit::nftables
