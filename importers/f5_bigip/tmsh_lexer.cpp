#include "importers/f5_bigip/tmsh_lexer.h"

namespace flowaudit::f5 {
namespace {

constexpr int kMaxDepth = 64;

class Lexer {
 public:
  Lexer(const SourceFilePtr& file, Diagnostics& diagnostics)
      : file_(file), text_(file->text), diagnostics_(diagnostics) {}

  std::vector<Node> Read() {
    std::vector<Node> top;
    ReadBlock(top, 0, nullptr);
    return top;
  }

 private:
  SourceRange At(size_t offset, size_t length) const {
    return SourceRange{file_, static_cast<uint32_t>(offset), static_cast<uint32_t>(length)};
  }

  // Reads nodes into `out` until the `}` that closes `open` (or the end of the text at the top
  // level). Returns false after an error that ends reading.
  bool ReadBlock(std::vector<Node>& out, int depth, const Node* open) {
    bool line_start = true;
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      if (c == '\n') {
        line_start = true;
        ++pos_;
      } else if (c == ' ' || c == '\t' || c == '\r') {
        ++pos_;
      } else if (c == '#') {
        while (pos_ < text_.size() && text_[pos_] != '\n') ++pos_;
      } else if (c == '}') {
        if (!open) {
          diagnostics_.Error(At(pos_, 1), "unbalanced braces: '}' closes no '{'");
          return false;
        }
        ++pos_;
        return true;
      } else if (c == '{') {
        if (out.empty() || out.back().has_block) {
          diagnostics_.Error(At(pos_, 1), "'{' must follow a name or keyword");
          return false;
        }
        Node& owner = out.back();
        owner.has_block = true;
        owner.block_at = At(pos_, 1);
        ++pos_;
        if (depth == 0 && IsTclBody(out)) {
          if (!ReadTcl(owner)) return false;
        } else {
          if (depth + 1 > kMaxDepth) {
            diagnostics_.Error(owner.block_at, "blocks nested more than 64 deep");
            return false;
          }
          if (!ReadBlock(owner.block, depth + 1, &owner)) return false;
        }
        line_start = false;
      } else {
        Node word = Word();
        if (word.at.length == 0) return false;  // unterminated quote, reported
        word.line_start = line_start;
        line_start = false;
        out.push_back(std::move(word));
      }
    }
    if (open) {
      diagnostics_.Error(open->block_at,
                         "unbalanced braces: this '{' of '" + open->text + "' is never closed");
      return false;
    }
    return true;
  }

  // `ltm rule NAME {` (also `gtm rule`, `cli script`): the statement's words so far.
  static bool IsTclBody(const std::vector<Node>& top) {
    size_t n = top.size();
    if (n < 3 || !top[n - 3].line_start) return false;
    const std::string& a = top[n - 3].text;
    const std::string& b = top[n - 2].text;
    return ((a == "ltm" || a == "gtm") && b == "rule") || (a == "cli" && b == "script");
  }

  bool ReadTcl(Node& owner) {
    size_t begin = pos_;
    int depth = 1;
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      if (c == '\\') {
        pos_ += 2;
        continue;
      }
      if (c == '{') ++depth;
      if (c == '}' && --depth == 0) break;
      ++pos_;
    }
    if (depth != 0 || pos_ >= text_.size()) {
      diagnostics_.Error(owner.block_at, "unbalanced braces: the body of '" + owner.text +
                                             "' is never closed (Tcl brace rules)");
      pos_ = text_.size();
      return false;
    }
    owner.raw = true;
    owner.raw_at = At(begin, pos_ - begin);
    ++pos_;  // the closing brace
    return true;
  }

  Node Word() {
    Node node;
    size_t start = pos_;
    if (text_[pos_] == '"') {
      node.quoted = true;
      ++pos_;
      while (pos_ < text_.size() && text_[pos_] != '"') {
        if (text_[pos_] == '\\' && pos_ + 1 < text_.size()) {
          node.text += text_[pos_ + 1];
          pos_ += 2;
          continue;
        }
        node.text += text_[pos_++];
      }
      if (pos_ >= text_.size()) {
        diagnostics_.Error(At(start, 1), "unterminated quoted string");
        pos_ = text_.size();
        return node;  // length 0 marks the failure
      }
      ++pos_;
    } else {
      while (pos_ < text_.size()) {
        char c = text_[pos_];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '{' || c == '}') break;
        node.text += c;
        ++pos_;
      }
    }
    node.at = At(start, pos_ - start);
    return node;
  }

  const SourceFilePtr& file_;
  const std::string& text_;
  Diagnostics& diagnostics_;
  size_t pos_ = 0;
};

}  // namespace

std::vector<Node> ReadTmsh(const SourceFilePtr& file, Diagnostics& diagnostics) {
  return Lexer(file, diagnostics).Read();
}

size_t EndOfLine(const std::vector<Node>& nodes, size_t begin) {
  size_t end = begin + 1;
  while (end < nodes.size() && !nodes[end].line_start) ++end;
  return std::min(end, nodes.size());
}

}  // namespace flowaudit::f5
