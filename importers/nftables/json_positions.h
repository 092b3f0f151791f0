// Where each value of a JSON text starts and ends. nlohmann::json keeps no positions, so the
// JSON front-end scans the (already validated) text once more and walks this tree beside the
// parsed document: every rule and expression then has a real file:line:col. Used by the
// nftables importer only.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace flowaudit::nftables {

struct JsonPosition {
  uint32_t begin = 0, end = 0;         // byte offsets of the value's text
  std::vector<JsonPosition> children;  // array elements, or object members in text order
  std::vector<std::string> keys;       // objects: the member names (escapes kept as written)

  // The member `key` (the last one of that name, as nlohmann keeps it), or this value's own
  // position when there is none, so callers always get a usable place.
  const JsonPosition& Member(std::string_view key) const;
  // The array element `index`, or this value's own position.
  const JsonPosition& Element(size_t index) const;
};

// Positions of every value in `text`, which must be valid JSON. Nesting deeper than 256
// levels keeps only the outer positions.
JsonPosition ScanJsonPositions(std::string_view text);

}  // namespace flowaudit::nftables
