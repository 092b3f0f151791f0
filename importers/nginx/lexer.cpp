#include "importers/nginx/lexer.h"

namespace flowaudit::nginx {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

SourceRange Range(const SourceFilePtr& file, size_t begin, size_t end) {
  return SourceRange{file, static_cast<uint32_t>(begin), static_cast<uint32_t>(end - begin)};
}

// nginx unescapes only these pairs; any other backslash stays in the value.
void AppendUnescaped(std::string_view raw, std::string& out) {
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '\\' && i + 1 < raw.size()) {
      char next = raw[i + 1];
      if (next == '"' || next == '\'' || next == '\\') {
        out += next;
        ++i;
        continue;
      }
      if (next == 't' || next == 'r' || next == 'n') {
        out += next == 't' ? '\t' : next == 'r' ? '\r' : '\n';
        ++i;
        continue;
      }
    }
    out += raw[i];
  }
}

}  // namespace

std::vector<Token> Tokenize(const SourceRange& part, Diagnostics& diagnostics) {
  const SourceFilePtr& file = part.file;
  // Ends the text where the part ends; offsets stay those of the whole file.
  const std::string_view s = std::string_view(file->text).substr(0, part.offset + part.length);
  std::vector<Token> tokens;
  size_t i = part.offset;
  while (i < s.size()) {
    char c = s[i];
    if (IsSpace(c)) {
      ++i;
      continue;
    }
    if (c == '#') {
      while (i < s.size() && s[i] != '\n') ++i;
      continue;
    }
    if (c == ';' || c == '{' || c == '}') {
      Token t;
      t.kind = c == ';'   ? Token::Kind::kSemicolon
               : c == '{' ? Token::Kind::kOpenBrace
                          : Token::Kind::kCloseBrace;
      t.text = std::string(1, c);
      t.range = Range(file, i, i + 1);
      tokens.push_back(std::move(t));
      ++i;
      continue;
    }
    Token t;
    size_t begin = i;
    if (c == '"' || c == '\'') {
      size_t j = i + 1;
      while (j < s.size() && s[j] != c) j += s[j] == '\\' ? 2 : 1;
      if (j >= s.size()) {
        diagnostics.Error(Range(file, begin, begin + 1),
                          "unexpected end of file, expecting \"" + std::string(1, c) + "\"");
        return tokens;
      }
      AppendUnescaped(s.substr(i + 1, j - i - 1), t.text);
      t.quoted = true;
      i = j + 1;
      if (i < s.size() && !IsSpace(s[i]) && s[i] != ';' && s[i] != '{' && s[i] != '}') {
        diagnostics.Error(Range(file, i, i + 1), "unexpected \"" + std::string(1, s[i]) + "\"");
        return tokens;
      }
    } else {
      int variable_braces = 0;  // inside "${name}"
      while (i < s.size()) {
        char d = s[i];
        if (d == '\\' && i + 1 < s.size()) {
          i += 2;
          continue;
        }
        if (d == '$' && i + 1 < s.size() && s[i + 1] == '{') {
          variable_braces = 1;
          i += 2;
          continue;
        }
        if (variable_braces && d == '}') {
          variable_braces = 0;
          ++i;
          continue;
        }
        if (IsSpace(d) || d == ';' || d == '{' || d == '}') break;
        ++i;
      }
      AppendUnescaped(s.substr(begin, i - begin), t.text);
    }
    t.range = Range(file, begin, i);
    tokens.push_back(std::move(t));
  }
  return tokens;
}

}  // namespace flowaudit::nginx
