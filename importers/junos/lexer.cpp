#include "importers/junos/lexer.h"

namespace flowaudit::junos {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

bool EndsWord(char c) {
  return IsSpace(c) || c == '\n' || c == '{' || c == '}' || c == ';' || c == '[' || c == ']' ||
         c == '"';
}

}  // namespace

std::vector<Token> Tokenize(const SourceFilePtr& file, Diagnostics& diagnostics) {
  std::string_view text = file->text;
  std::vector<Token> tokens;
  size_t i = 0;
  auto single = [&](Token::Kind kind) {
    tokens.push_back(Token{kind, text.substr(i, 1), {}});
    ++i;
  };
  while (i < text.size()) {
    char c = text[i];
    if (IsSpace(c)) {
      ++i;
    } else if (c == '\n') {
      single(Token::Kind::kNewline);
    } else if (c == '{') {
      single(Token::Kind::kOpenBrace);
    } else if (c == '}') {
      single(Token::Kind::kCloseBrace);
    } else if (c == ';') {
      single(Token::Kind::kSemicolon);
    } else if (c == '[') {
      single(Token::Kind::kOpenBracket);
    } else if (c == ']') {
      single(Token::Kind::kCloseBracket);
    } else if (c == '#') {
      while (i < text.size() && text[i] != '\n') ++i;
    } else if (text.substr(i, 2) == "/*") {
      size_t end = text.find("*/", i + 2);
      if (end == std::string_view::npos) {
        diagnostics.Error(RangeOf(file, text.substr(i, 2)), "unterminated comment");
        break;
      }
      i = end + 2;
    } else if (c == '"') {
      size_t start = i++;
      std::string value;
      bool closed = false;
      while (i < text.size()) {
        if (text[i] == '\\' && i + 1 < text.size()) {
          value += text[i + 1];
          i += 2;
        } else if (text[i] == '"') {
          closed = true;
          ++i;
          break;
        } else {
          value += text[i++];
        }
      }
      if (!closed) {
        diagnostics.Error(RangeOf(file, text.substr(start, 1)), "unterminated string");
        break;
      }
      tokens.push_back(Token{Token::Kind::kWord, text.substr(start, i - start), std::move(value)});
    } else {
      size_t start = i;
      while (i < text.size() && !EndsWord(text[i])) ++i;
      std::string_view word = text.substr(start, i - start);
      tokens.push_back(Token{Token::Kind::kWord, word, std::string(word)});
    }
  }
  return tokens;
}

}  // namespace flowaudit::junos
