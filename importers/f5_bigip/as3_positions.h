// Where each value of an AS3 declaration is written. nlohmann::json keeps no positions, so the
// (already validated) text is scanned once more and every value is filed under its JSON
// pointer ("/declaration/T1/App1/web_pool/members/0"): diagnostics and member locations then
// point at the exact line.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "models/source.h"

namespace flowaudit::f5 {

class JsonPositions {
 public:
  // `file->text` must be valid JSON.
  explicit JsonPositions(const SourceFilePtr& file);

  // The value at `pointer`; for a missing one, its nearest ancestor that exists.
  SourceRange At(const std::string& pointer) const;
  // The member name of the value at `pointer` (`"virtualPort"`), else At(pointer).
  SourceRange KeyAt(const std::string& pointer) const;

  // `parent` + "/" + the escaped `key` or index.
  static std::string Child(const std::string& parent, std::string_view key);
  static std::string Child(const std::string& parent, size_t index);

  struct Place {
    uint32_t key = 0, key_length = 0;  // key_length 0: an array element or the root
    uint32_t value = 0, value_length = 0;
  };

 private:
  const Place* Find(std::string pointer) const;

  SourceFilePtr file_;
  std::map<std::string, Place> places_;
};

}  // namespace flowaudit::f5
