#include "importers/nftables/lexer.h"

namespace flowaudit::nftables {

std::vector<Token> Tokenize(std::string_view text, const Token** unterminated) {
  std::vector<Token> tokens;
  size_t bad = std::string_view::npos;
  size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    if (c == '\n') {
      tokens.push_back({Token::Kind::kNewline, text.substr(i, 1), text.substr(i, 1)});
      ++i;
    } else if (c == ' ' || c == '\t' || c == '\r') {
      ++i;
    } else if (c == '#') {
      while (i < text.size() && text[i] != '\n') ++i;
    } else if (c == '{' || c == '}' || c == ';' || c == ',') {
      tokens.push_back({Token::Kind::kPunct, text.substr(i, 1), text.substr(i, 1)});
      ++i;
    } else if (c == '"') {
      size_t end = i + 1;
      while (end < text.size() && text[end] != '"' && text[end] != '\n') {
        end += text[end] == '\\' && end + 1 < text.size() ? 2 : 1;
      }
      bool closed = end < text.size() && text[end] == '"';
      if (!closed && bad == std::string_view::npos) bad = tokens.size();
      size_t stop = closed ? end + 1 : end;
      tokens.push_back(
          {Token::Kind::kString, text.substr(i, stop - i), text.substr(i + 1, end - i - 1)});
      i = stop;
    } else {
      size_t end = i;
      while (end < text.size() &&
             std::string_view(" \t\r\n{};,\"#").find(text[end]) == std::string_view::npos) {
        ++end;
      }
      tokens.push_back({Token::Kind::kWord, text.substr(i, end - i), text.substr(i, end - i)});
      i = end;
    }
  }
  *unterminated = bad == std::string_view::npos ? nullptr : &tokens[bad];
  return tokens;
}

}  // namespace flowaudit::nftables
