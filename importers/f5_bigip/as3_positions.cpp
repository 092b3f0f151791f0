#include "importers/f5_bigip/as3_positions.h"

#include <vector>

namespace flowaudit::f5 {
namespace {

constexpr int kMaxDepth = 128;

class Scanner {
 public:
  Scanner(std::string_view text, std::map<std::string, JsonPositions::Place>& places)
      : text_(text), places_(places) {}

  void Value(const std::string& pointer, JsonPositions::Place place, int depth);

 private:
  void Blank() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' ||
                                   text_[pos_] == '\r' || text_[pos_] == '\n')) {
      ++pos_;
    }
  }

  std::string_view String() {
    size_t start = ++pos_;
    while (pos_ < text_.size() && text_[pos_] != '"') pos_ += text_[pos_] == '\\' ? 2 : 1;
    std::string_view inside = text_.substr(start, std::min(pos_, text_.size()) - start);
    ++pos_;
    return inside;
  }

  std::string_view text_;
  std::map<std::string, JsonPositions::Place>& places_;
  size_t pos_ = 0;
};

}  // namespace

void Scanner::Value(const std::string& pointer, JsonPositions::Place place, int depth) {
  Blank();
  place.value = static_cast<uint32_t>(pos_);
  char c = pos_ < text_.size() ? text_[pos_] : '\0';
  if (c == '{' || c == '[') {
    char close = c == '{' ? '}' : ']';
    ++pos_;
    Blank();
    size_t index = 0;
    while (pos_ < text_.size() && text_[pos_] != close) {
      JsonPositions::Place child;
      std::string child_pointer;
      if (c == '{') {
        child.key = static_cast<uint32_t>(pos_);
        std::string_view key = String();
        child.key_length = static_cast<uint32_t>(key.size() + 2);
        child_pointer = JsonPositions::Child(pointer, key);
        Blank();
        ++pos_;  // ':'
      } else {
        child_pointer = JsonPositions::Child(pointer, index++);
      }
      if (depth < kMaxDepth) {
        Value(child_pointer, child, depth + 1);
      } else {
        Value("", child, depth + 1);  // too deep to file
      }
      Blank();
      if (pos_ < text_.size() && text_[pos_] == ',') ++pos_;
      Blank();
    }
    ++pos_;
  } else if (c == '"') {
    String();
  } else {
    while (pos_ < text_.size() &&
           std::string_view(",]} \t\r\n").find(text_[pos_]) == std::string_view::npos) {
      ++pos_;
    }
  }
  place.value_length = static_cast<uint32_t>(pos_ - place.value);
  if (depth <= kMaxDepth) places_[pointer] = place;
}

JsonPositions::JsonPositions(const SourceFilePtr& file) : file_(file) {
  Scanner scanner(file->text, places_);
  scanner.Value("", Place{}, 0);
}

std::string JsonPositions::Child(const std::string& parent, std::string_view key) {
  std::string out = parent + "/";
  for (char c : key) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

std::string JsonPositions::Child(const std::string& parent, size_t index) {
  return parent + "/" + std::to_string(index);
}

const JsonPositions::Place* JsonPositions::Find(std::string pointer) const {
  while (true) {
    auto it = places_.find(pointer);
    if (it != places_.end()) return &it->second;
    if (pointer.empty()) return nullptr;
    pointer.erase(pointer.rfind('/'));
  }
}

SourceRange JsonPositions::At(const std::string& pointer) const {
  const Place* p = Find(pointer);
  if (!p) return SourceRange{file_, 0, 0};
  return SourceRange{file_, p->value, p->value_length};
}

SourceRange JsonPositions::KeyAt(const std::string& pointer) const {
  auto it = places_.find(pointer);
  if (it == places_.end() || it->second.key_length == 0) return At(pointer);
  return SourceRange{file_, it->second.key, it->second.key_length};
}

}  // namespace flowaudit::f5
