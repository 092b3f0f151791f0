#include "importers/iptables/tokenizer.h"

namespace flowaudit::iptables {
namespace {

bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

}  // namespace

bool Tokenizer::Split(std::string_view line, std::vector<Token>* tokens,
                      std::string_view* open_quote) {
  tokens->clear();
  unescaped_.clear();
  size_t i = 0;
  const size_t n = line.size();
  while (i < n) {
    if (IsBlank(line[i])) {
      ++i;
      continue;
    }
    const size_t start = i;
    // Fast path: a plain word, the common case; its value is a slice of the text.
    while (i < n && !IsBlank(line[i]) && line[i] != '"') ++i;
    if (i == n || line[i] != '"') {
      std::string_view word = line.substr(start, i - start);
      tokens->push_back(Token{word, word, false});
      continue;
    }
    // The word has a quoted part: build its value, which ends at the closing quote.
    std::string value(line.substr(start, i - start));
    const size_t quote = i++;
    bool closed = false;
    while (i < n) {
      char c = line[i++];
      if (c == '\\' && i < n) {
        value.push_back(line[i++]);
      } else if (c == '"') {
        closed = true;
        break;
      } else {
        value.push_back(c);
      }
    }
    if (!closed) {
      *open_quote = line.substr(quote, 1);
      return false;
    }
    std::string_view text = line.substr(start, i - start);
    std::string_view stored = unescaped_.emplace_back(std::move(value));
    tokens->push_back(Token{text, stored, true});
  }
  return true;
}

}  // namespace flowaudit::iptables
