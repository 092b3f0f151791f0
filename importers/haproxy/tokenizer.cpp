#include "importers/haproxy/tokenizer.h"

namespace flowaudit::haproxy {

TokenizedLine TokenizeLine(const SourceFilePtr& file, std::string_view line) {
  TokenizedLine out;
  const size_t base = static_cast<size_t>(line.data() - file->text.data());
  size_t i = 0;
  while (i < line.size()) {
    char c = line[i];
    if (c == ' ' || c == '\t' || c == '\r') {
      ++i;
      continue;
    }
    if (c == '#') break;
    size_t start = i;
    std::string text;
    char quote = 0;
    while (i < line.size()) {
      c = line[i];
      if (quote == 0 && (c == ' ' || c == '\t' || c == '\r' || c == '#')) break;
      if (c == '\\' && quote != '\'' && i + 1 < line.size()) {
        text += line[i + 1];
        i += 2;
        continue;
      }
      if (quote == 0 && (c == '"' || c == '\'')) {
        quote = c;
      } else if (quote != 0 && c == quote) {
        quote = 0;
      } else {
        if (quote == '"' && c == '$' && i + 1 < line.size() && line[i + 1] == '{') {
          out.unresolved = "environment variable";
        }
        text += c;
      }
      ++i;
    }
    SourceRange at{file, static_cast<uint32_t>(base + start), static_cast<uint32_t>(i - start)};
    out.words.push_back(Word{std::move(text), at});
  }
  return out;
}

}  // namespace flowaudit::haproxy
