#include "importers/junos/config_parser.h"

#include <optional>

#include "importers/junos/lexer.h"

namespace flowaudit::junos {
namespace {

using Kind = Token::Kind;

// Bounds that keep the recursive tree code (parsing, marking, destruction) far from the
// stack's end on hostile input; real configs nest about 10 deep.
constexpr int kMaxDepth = 200;
constexpr size_t kMaxWords = 500;

// One statement's words, with at most one `[ … ]` list among them.
struct Words {
  std::vector<const Token*> before, list, after;
  bool has_list = false;
  bool empty() const { return before.empty() && list.empty() && after.empty(); }
};

class TreeWriter {
 public:
  explicit TreeWriter(const SourceFilePtr& file) : file_(file) {}

  // Adds the path of `words` below `context`; returns the node of its last word.
  Node* Insert(Node& context, const std::vector<const Token*>& words, bool active) {
    Node* node = &context;
    for (const Token* word : words) {
      node = &node->Ensure(word->value, RangeOf(file_, word->text));
      if (active) node->CountActiveStatement();
    }
    return node;
  }

  // One statement per list element (or one without a list). A statement longer than
  // kMaxWords keeps only its first words.
  std::vector<Node*> InsertAll(Node& context, Words words, bool active) {
    if (words.before.size() > kMaxWords) words.before.resize(kMaxWords);
    if (words.after.size() > kMaxWords) words.after.resize(kMaxWords);
    std::vector<Node*> last;
    if (!words.has_list || words.list.empty()) {
      std::vector<const Token*> path = words.before;
      path.insert(path.end(), words.after.begin(), words.after.end());
      last.push_back(Insert(context, path, active));
      return last;
    }
    for (const Token* element : words.list) {
      std::vector<const Token*> path = words.before;
      path.push_back(element);
      path.insert(path.end(), words.after.begin(), words.after.end());
      last.push_back(Insert(context, path, active));
    }
    return last;
  }

 private:
  const SourceFilePtr& file_;
};

class BraceParser {
 public:
  BraceParser(const std::vector<Token>& tokens, const SourceFilePtr& file, Diagnostics& diagnostics)
      : tokens_(tokens), file_(file), diagnostics_(diagnostics), writer_(file) {}

  void Parse(Node& root) {
    while (pos_ < tokens_.size()) {
      ParseBlock(root, /*active=*/true);
      if (pos_ < tokens_.size()) {  // a '}' with no block open
        Error(tokens_[pos_], "unexpected '}' (no block is open)");
        ++pos_;
      }
    }
  }

 private:
  void Error(const Token& at, std::string message) {
    diagnostics_.Error(RangeOf(file_, at.text), std::move(message));
  }

  // Statements until a '}' (left for the caller) or the end of the text.
  void ParseBlock(Node& context, bool active) {
    while (pos_ < tokens_.size()) {
      const Token& token = tokens_[pos_];
      if (token.kind == Kind::kNewline || token.kind == Kind::kSemicolon) {
        ++pos_;
      } else if (token.kind == Kind::kCloseBrace) {
        return;
      } else {
        ParseStatement(context, active);
      }
    }
  }

  void ParseStatement(Node& context, bool active) {
    bool inactive = false, skipped = false;
    const Token* first = &tokens_[pos_];
    Words words;
    bool in_list = false;
    const Token* list_open = nullptr;
    while (pos_ < tokens_.size()) {
      const Token& token = tokens_[pos_];
      if (token.kind == Kind::kNewline) {
        ++pos_;
      } else if (token.kind == Kind::kWord) {
        ++pos_;
        if (words.empty() && !in_list && IsPrefix(token.text)) {
          inactive |= token.text == "inactive:";
          skipped |= token.text == "delete:";
          continue;
        }
        if (in_list) {
          words.list.push_back(&token);
        } else {
          (words.has_list ? words.after : words.before).push_back(&token);
        }
      } else if (token.kind == Kind::kOpenBracket) {
        ++pos_;
        if (in_list || words.has_list) {
          Error(token, "only one '[ … ]' list is allowed in a statement");
        }
        in_list = true;
        words.has_list = true;
        list_open = &token;
      } else if (token.kind == Kind::kCloseBracket) {
        ++pos_;
        if (!in_list) Error(token, "unexpected ']'");
        in_list = false;
      } else {
        break;  // ; { }
      }
    }
    if (in_list) Error(*list_open, "missing ']' for this '['");
    const bool this_active = active && !inactive && !skipped;
    if (pos_ >= tokens_.size() || tokens_[pos_].kind == Kind::kCloseBrace) {
      const Token& at = pos_ < tokens_.size() ? tokens_[pos_] : *first;
      Error(at, pos_ < tokens_.size() ? "expected ';' or '{' before '}'"
                                      : "expected ';' or '{' at the end of the text");
      if (!words.empty() && !skipped) Write(context, words, this_active, inactive);
      return;
    }
    const Token& end = tokens_[pos_++];
    if (words.empty()) {
      Error(end, end.kind == Kind::kOpenBrace ? "a block needs a name before '{'"
                                              : "expected a statement");
      if (end.kind == Kind::kOpenBrace) SkipBlock(end);
      return;
    }
    if (end.kind == Kind::kSemicolon) {
      if (!skipped) Write(context, words, this_active, inactive);
      return;
    }
    // A block.
    if (words.has_list) Error(*list_open, "a '[ … ]' list cannot open a block");
    if (depth_ >= kMaxDepth) {
      Error(end, "blocks are nested too deeply (more than " + std::to_string(kMaxDepth) + ")");
      if (!SkipToMatchingBrace()) MissingBrace(end);
      return;
    }
    Node scratch;  // `delete:` blocks are parsed and dropped
    Node* node = skipped ? &scratch : Write(context, words, this_active, inactive);
    ++depth_;
    ParseBlock(*node, this_active);
    --depth_;
    if (pos_ >= tokens_.size()) {
      MissingBrace(end);
      return;
    }
    ++pos_;  // '}'
  }

  Node* Write(Node& context, const Words& words, bool active, bool deactivate) {
    if (words.before.size() + words.after.size() > kMaxWords) {
      Error(words.before.empty() ? *words.after.front() : *words.before.front(),
            "statement longer than " + std::to_string(kMaxWords) + " words (the rest is ignored)");
    }
    std::vector<Node*> last = writer_.InsertAll(context, words, active);
    if (deactivate) {
      for (Node* node : last) node->SetDeactivated(true);
    }
    return last.front();
  }

  // Only the innermost unclosed block is reported: the outer ones lack the same '}'s.
  void MissingBrace(const Token& open) {
    if (missing_brace_reported_) return;
    missing_brace_reported_ = true;
    Error(open, "missing '}' for this '{'");
  }

  // After a '{' that opens too deep a block: past its matching '}' (or to the end).
  bool SkipToMatchingBrace() {
    int open = 1;
    while (pos_ < tokens_.size() && open > 0) {
      if (tokens_[pos_].kind == Kind::kOpenBrace) ++open;
      if (tokens_[pos_].kind == Kind::kCloseBrace) --open;
      ++pos_;
    }
    return open == 0;
  }

  void SkipBlock(const Token& open) {
    if (!SkipToMatchingBrace()) MissingBrace(open);
  }

  static bool IsPrefix(std::string_view word) {
    return word == "inactive:" || word == "replace:" || word == "protect:" || word == "delete:" ||
           word == "active:";
  }

  const std::vector<Token>& tokens_;
  const SourceFilePtr& file_;
  Diagnostics& diagnostics_;
  TreeWriter writer_;
  size_t pos_ = 0;
  int depth_ = 0;
  bool missing_brace_reported_ = false;
};

// `set`, `deactivate`, `activate` and `delete` lines.
void ParseSetLines(const std::vector<Token>& tokens, Node& root, const SourceFilePtr& file,
                   Diagnostics& diagnostics) {
  TreeWriter writer(file);
  size_t pos = 0;
  while (pos < tokens.size()) {
    size_t end = pos;
    while (end < tokens.size() && tokens[end].kind != Kind::kNewline) ++end;
    if (end == pos) {
      ++pos;
      continue;
    }
    const Token& command = tokens[pos];
    Words words;
    bool bad = false;
    bool in_list = false;
    for (size_t i = pos + 1; i < end && !bad; ++i) {
      const Token& t = tokens[i];
      if (t.kind == Kind::kWord) {
        (in_list ? words.list : words.has_list ? words.after : words.before).push_back(&t);
      } else if (t.kind == Kind::kOpenBracket && !words.has_list) {
        in_list = words.has_list = true;
      } else if (t.kind == Kind::kCloseBracket && in_list) {
        in_list = false;
      } else {
        diagnostics.Error(RangeOf(file, t.text),
                          "unexpected '" + std::string(t.text) + "' in a set line");
        bad = true;
      }
    }
    if (!bad && command.kind == Kind::kWord && !words.empty()) {
      if (words.before.size() + words.after.size() > kMaxWords) {
        diagnostics.Error(
            RangeOf(file, command.text),
            "statement longer than " + std::to_string(kMaxWords) + " words (the rest is ignored)");
      }
      if (command.text == "set") {
        writer.InsertAll(root, words, /*active=*/true);
      } else if (command.text == "deactivate" || command.text == "activate") {
        for (Node* node : writer.InsertAll(root, words, /*active=*/false)) {
          node->SetDeactivated(command.text == "deactivate");
        }
      } else if (command.text == "delete") {
        diagnostics.Warning(RangeOf(file, command.text),
                            "'delete' lines are not applied (the statement is ignored)");
      } else {
        diagnostics.Error(
            RangeOf(file, command.text),
            "expected 'set', 'deactivate', 'activate' or 'delete', got '" + command.value + "'");
      }
    } else if (!bad) {
      diagnostics.Error(RangeOf(file, command.text),
                        command.kind == Kind::kWord
                            ? "'" + command.value + "' needs a configuration path"
                            : "expected 'set' or 'deactivate' at the start of a line");
    }
    pos = end;
  }
}

bool LooksLikeSetLines(const std::vector<Token>& tokens) {
  for (const Token& t : tokens) {
    if (t.kind == Kind::kNewline) continue;
    return t.kind == Kind::kWord && (t.text == "set" || t.text == "deactivate");
  }
  return false;
}

}  // namespace

ConfigTree ParseConfig(const SourceFilePtr& file, Diagnostics& diagnostics) {
  ConfigTree tree;
  tree.root = std::make_unique<Node>();
  tree.root->CountActiveStatement();
  const int errors_before = diagnostics.ErrorCount();
  std::vector<Token> tokens = Tokenize(file, diagnostics);
  // After an unterminated string or comment the text is cut short: the parser's complaints
  // about the missing rest (unclosed braces) would only repeat that error.
  Diagnostics after_lexer_error;
  Diagnostics& parser_diagnostics =
      diagnostics.ErrorCount() > errors_before ? after_lexer_error : diagnostics;
  tree.set_syntax = LooksLikeSetLines(tokens);
  if (tree.set_syntax) {
    ParseSetLines(tokens, *tree.root, file, parser_diagnostics);
  } else {
    BraceParser(tokens, file, parser_diagnostics).Parse(*tree.root);
  }
  return tree;
}

}  // namespace flowaudit::junos
