#include "importers/nftables/json_positions.h"

namespace flowaudit::nftables {
namespace {

constexpr int kMaxDepth = 256;

class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}

  JsonPosition Value(int depth) {
    SkipSpace();
    JsonPosition out;
    out.begin = uint32_t(pos_);
    char c = pos_ < text_.size() ? text_[pos_] : '\0';
    if (c == '{' || c == '[') {
      Container(c, depth, &out);
    } else if (c == '"') {
      String();
    } else {
      // numbers, true, false, null
      while (pos_ < text_.size() &&
             std::string_view(",]} \t\r\n").find(text_[pos_]) == std::string_view::npos) {
        ++pos_;
      }
    }
    out.end = uint32_t(pos_);
    return out;
  }

 private:
  void SkipSpace() {
    while (pos_ < text_.size() &&
           std::string_view(" \t\r\n").find(text_[pos_]) != std::string_view::npos) {
      ++pos_;
    }
  }

  // A string starting at pos_; returns its text without quotes.
  std::string_view String() {
    size_t start = ++pos_;
    while (pos_ < text_.size() && text_[pos_] != '"') pos_ += text_[pos_] == '\\' ? 2 : 1;
    std::string_view inside = text_.substr(start, std::min(pos_, text_.size()) - start);
    ++pos_;
    return inside;
  }

  void Container(char open, int depth, JsonPosition* out) {
    char close = open == '{' ? '}' : ']';
    ++pos_;
    SkipSpace();
    while (pos_ < text_.size() && text_[pos_] != close) {
      if (open == '{') {
        SkipSpace();
        std::string_view key = String();
        SkipSpace();
        ++pos_;  // ':'
        JsonPosition value = Value(depth + 1);
        if (depth < kMaxDepth) {
          out->keys.emplace_back(key);
          out->children.push_back(std::move(value));
        }
      } else {
        JsonPosition value = Value(depth + 1);
        if (depth < kMaxDepth) out->children.push_back(std::move(value));
      }
      SkipSpace();
      if (pos_ < text_.size() && text_[pos_] == ',') ++pos_;
      SkipSpace();
    }
    ++pos_;
  }

  std::string_view text_;
  size_t pos_ = 0;
};

}  // namespace

const JsonPosition& JsonPosition::Member(std::string_view key) const {
  for (size_t i = keys.size(); i > 0; --i) {
    if (keys[i - 1] == key) return children[i - 1];
  }
  return *this;
}

const JsonPosition& JsonPosition::Element(size_t index) const {
  return index < children.size() && keys.empty() ? children[index] : *this;
}

JsonPosition ScanJsonPositions(std::string_view text) { return Scanner(text).Value(0); }

}  // namespace flowaudit::nftables
