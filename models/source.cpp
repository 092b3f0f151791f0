#include "models/source.h"

#include <algorithm>

#include "models/uint128.h"

namespace flowaudit {

std::string ToDecimal(uint128 value) {
  if (value == 0) return "0";
  std::string digits;
  while (value != 0) {
    digits.push_back(static_cast<char>('0' + static_cast<int>(value % 10)));
    value /= 10;
  }
  std::reverse(digits.begin(), digits.end());
  return digits;
}

const std::vector<uint32_t>& SourceFile::LineStarts() const {
  if (!line_starts) {
    auto starts = std::make_unique<std::vector<uint32_t>>();
    starts->push_back(0);
    for (size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '\n') starts->push_back(static_cast<uint32_t>(i + 1));
    }
    line_starts = std::move(starts);
  }
  return *line_starts;
}

LineColumn SourceRange::Start() const {
  LineColumn lc{1, 1};
  if (!file) return lc;
  uint32_t end = static_cast<uint32_t>(std::min<size_t>(offset, file->text.size()));
  const std::vector<uint32_t>& starts = file->LineStarts();
  auto line = std::upper_bound(starts.begin(), starts.end(), end) - 1;
  lc.line = static_cast<int>(line - starts.begin()) + 1;
  lc.column = static_cast<int>(end - *line) + 1;
  return lc;
}

std::string_view SourceRange::LineText() const {
  if (!file) return {};
  std::string_view text = file->text;
  size_t at = std::min<size_t>(offset, text.size());
  size_t begin = at == 0 ? std::string_view::npos : text.rfind('\n', at - 1);
  begin = begin == std::string_view::npos ? 0 : begin + 1;
  size_t end = text.find('\n', at);
  if (end == std::string_view::npos) end = text.size();
  std::string_view line = text.substr(begin, end - begin);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

std::string_view SourceRange::Text() const {
  if (!file) return {};
  std::string_view text = file->text;
  size_t at = std::min<size_t>(offset, text.size());
  std::string_view piece = text.substr(at, length);
  size_t newline = piece.find('\n');
  if (newline != std::string_view::npos) piece = piece.substr(0, newline);
  return piece;
}

std::string SourceRange::ToString(bool with_column) const {
  if (!file) return {};
  LineColumn lc = Start();
  std::string out = file->name + ":" + std::to_string(lc.line);
  if (with_column) out += ":" + std::to_string(lc.column);
  return out;
}

SourceRange RangeOf(const SourceFilePtr& file, std::string_view piece_of_text) {
  SourceRange range;
  range.file = file;
  const char* base = file->text.data();
  if (piece_of_text.data() >= base && piece_of_text.data() <= base + file->text.size()) {
    range.offset = static_cast<uint32_t>(piece_of_text.data() - base);
    range.length = static_cast<uint32_t>(piece_of_text.size());
  }
  return range;
}

}  // namespace flowaudit
