#include "importers/nginx/config_tree.h"

namespace flowaudit::nginx {
namespace {

constexpr int kMaxIncludeDepth = 16;  // nginx has no limit; this stops include cycles
constexpr int kMaxBlockDepth = 200;   // blocks are parsed recursively: bound the stack

SourceRange Span(const SourceRange& from, const SourceRange& to) {
  SourceRange r = from;
  if (to.file == from.file && to.offset + to.length >= from.offset) {
    r.length = to.offset + to.length - from.offset;
  }
  return r;
}

class Parser {
 public:
  Parser(IncludeResolver* resolver, Diagnostics& diagnostics, ConfigTree& tree)
      : resolver_(resolver), diagnostics_(diagnostics), tree_(tree) {}

  // Parses one file's directives into `out`; an included file holds whole directives only.
  bool ParseFile(const SourceRange& part, std::vector<Directive>& out, int depth) {
    int errors = diagnostics_.ErrorCount();
    std::vector<Token> tokens = Tokenize(part, diagnostics_);
    // After a lexical error the tokens stop early: keep what they hold, without a second
    // error about the end of the file.
    bool saved = truncated_;
    truncated_ = diagnostics_.ErrorCount() > errors;
    size_t pos = 0;
    bool ok = ParseBlock(part, tokens, pos, out, /*in_block=*/false, depth);
    truncated_ = saved;
    return ok && diagnostics_.ErrorCount() == errors;
  }

 private:
  bool ParseBlock(const SourceRange& file, const std::vector<Token>& tokens, size_t& pos,
                  std::vector<Directive>& out, bool in_block, int depth) {
    while (pos < tokens.size()) {
      const Token& first = tokens[pos];
      if (first.kind == Token::Kind::kCloseBrace) {
        if (!in_block) {
          diagnostics_.Error(first.range, "unexpected \"}\"");
          return false;
        }
        ++pos;
        return true;
      }
      if (first.kind != Token::Kind::kWord) {
        diagnostics_.Error(first.range, "unexpected \"" + first.text + "\"");
        return false;
      }
      Directive d;
      d.name = first;
      ++pos;
      while (pos < tokens.size() && tokens[pos].kind == Token::Kind::kWord) {
        d.args.push_back(tokens[pos++]);
      }
      if (pos >= tokens.size()) {
        if (!truncated_) {
          diagnostics_.Error(EndOf(file), "unexpected end of file, expecting \";\" or \"}\"");
        }
        return false;
      }
      const Token& end = tokens[pos++];
      d.range = Span(d.name.range, end.range);
      if (end.kind == Token::Kind::kCloseBrace) {
        diagnostics_.Error(end.range, "unexpected \"}\"");
        return false;
      }
      if (end.kind == Token::Kind::kOpenBrace) {
        d.has_block = true;
        if (open_blocks_ >= kMaxBlockDepth) {
          diagnostics_.Error(
              end.range, "blocks nested deeper than " + std::to_string(kMaxBlockDepth) + " levels");
          return false;
        }
        ++open_blocks_;
        bool ok = ParseBlock(file, tokens, pos, d.block, /*in_block=*/true, depth);
        --open_blocks_;
        if (!ok) return false;
        out.push_back(std::move(d));
        continue;
      }
      if (d.Name() == "include") {
        Include(d, out, depth);
        continue;
      }
      out.push_back(std::move(d));
    }
    if (in_block) {
      if (!truncated_) diagnostics_.Error(EndOf(file), "unexpected end of file, expecting \"}\"");
      return false;
    }
    return true;
  }

  void Include(const Directive& d, std::vector<Directive>& out, int depth) {
    if (d.args.size() != 1) {
      diagnostics_.Error(d.name.range, "invalid number of arguments in \"include\" directive");
      return;
    }
    const std::string& pattern = d.args[0].text;
    if (!resolver_) {
      diagnostics_.Warning(d.range, "include \"" + pattern +
                                        "\" not followed: no file access here (import the "
                                        "output of `nginx -T` or the files it names)");
      return;
    }
    if (depth >= kMaxIncludeDepth) {
      diagnostics_.Error(
          d.range, "includes nested deeper than " + std::to_string(kMaxIncludeDepth) + " levels");
      return;
    }
    IncludeResult result = resolver_->Resolve(pattern);
    if (!result.error.empty()) {
      diagnostics_.Error(d.args[0].range, result.error);
      return;
    }
    for (const SourceRange& part : result.parts) {
      bool known = false;
      for (const SourceFilePtr& f : tree_.included) known |= f == part.file;
      if (!known) tree_.included.push_back(part.file);
      ParseFile(part, out, depth + 1);
    }
  }

  // Where a part ends, on its last line rather than past it.
  static SourceRange EndOf(const SourceRange& part) {
    size_t end = part.offset + part.length;
    if (end > part.offset && part.file->text[end - 1] == '\n') --end;
    return SourceRange{part.file, static_cast<uint32_t>(end), 0};
  }

  IncludeResolver* resolver_;
  Diagnostics& diagnostics_;
  ConfigTree& tree_;
  bool truncated_ = false;  // the current file's tokens end at a lexical error
  int open_blocks_ = 0;     // blocks being parsed, across included files
};

}  // namespace

const std::string& Directive::Arg(size_t i) const {
  static const std::string kEmpty;
  return i < args.size() ? args[i].text : kEmpty;
}

ConfigTree ParseConfig(const SourceRange& main, IncludeResolver* resolver,
                       Diagnostics& diagnostics) {
  ConfigTree tree;
  Parser(resolver, diagnostics, tree).ParseFile(main, tree.directives, 0);
  return tree;
}

}  // namespace flowaudit::nginx
