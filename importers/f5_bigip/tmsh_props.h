// Reading tmsh property blocks: `key value` pairs written one per line or several on one line
// (`{ address 10.1.0.11 session user-disabled }`), name lists, monitor expressions, and the
// property names accepted without modelling them. Used by tmsh_config.cpp.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "importers/f5_bigip/tmsh_config.h"

namespace flowaudit::f5 {

Ref RefOf(const Node& node);

// Properties that never change what a virtual server answers or where it sends a connection:
// accepted without a warning. Each takes one value (or a block).
const std::set<std::string>& HarmlessKeys();

// Walks `key value` properties of a block; one-line forms (`{ address 10.1.0.11 session
// user-disabled }`) and one-per-line forms read alike.
class Props {
 public:
  Props(const std::vector<Node>& nodes, Diagnostics& diagnostics)
      : nodes_(nodes), diagnostics_(diagnostics) {}

  bool Done() const { return i_ >= nodes_.size(); }
  const Node& Key() { return nodes_[i_++]; }

  // The value after `key` on its line; an error when there is none.
  std::optional<Ref> Value(const Node& key) {
    if (i_ < nodes_.size() && !nodes_[i_].line_start && !key.has_block) {
      return RefOf(nodes_[i_++]);
    }
    diagnostics_.Error(key.at, "'" + key.text + "' needs a value");
    return std::nullopt;
  }

  // The words after the key up to the end of its line (`monitor a and b`).
  std::vector<const Node*> RestOfLine() {
    std::vector<const Node*> out;
    while (i_ < nodes_.size() && !nodes_[i_].line_start) out.push_back(&nodes_[i_++]);
    return out;
  }

  // A key not modelled: skips its block or its one value on the same line.
  void Skip(const Node& key, bool warn, const std::string& where) {
    if (warn) {
      diagnostics_.Warning(key.at, "'" + key.text + "' in " + where + " is not modelled; ignored");
    }
    if (!key.has_block && i_ < nodes_.size() && !nodes_[i_].line_start && !nodes_[i_].has_block) {
      ++i_;
    }
  }

 private:
  const std::vector<Node>& nodes_;
  Diagnostics& diagnostics_;
  size_t i_ = 0;
};

// The names in a block: `rules { /Common/a /Common/b }`.
std::vector<Ref> Names(const Node& block_owner);
// `monitor /Common/http and /Common/tcp`, `monitor min 1 of { a b }`, `monitor none`.
std::vector<Ref> MonitorList(const std::vector<const Node*>& words);
// A non-negative decimal number of at most nine digits.
bool ParseInt(const std::string& text, int* out);

}  // namespace flowaudit::f5
