// The configuration tree both JunOS syntaxes parse into. Curly-brace text and `display set`
// lines describe the same hierarchy; here every word of a statement is one node (a trie), so
// `policy p1 { match { application [ a b ]; } }` and `set … policy p1 match application a`
// give the same nodes in the same order (first mention wins, as JunOS orders set lines).
// Each node keeps where its word was first written. The interpreters (address books,
// applications, policies, filters) walk this tree once and mark what they understood, so
// the importer can warn about the rest and count coverage.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "models/diagnostics.h"
#include "models/source.h"

namespace flowaudit::junos {

// What the importer made of a leaf statement (for warnings and coverage).
enum class Use : uint8_t {
  kUnread,      // nobody looked at it: warned about at the end
  kUnderstood,  // modelled, or known not to affect filtering
  kReported,    // a located warning was already given
};

class Node {
 public:
  Node() = default;
  Node(std::string word, SourceRange range, Node* parent)
      : word_(std::move(word)), range_(std::move(range)), parent_(parent) {}

  const std::string& word() const { return word_; }
  const SourceRange& range() const { return range_; }
  const Node* parent() const { return parent_; }

  // A node is active when some active statement wrote it and no `inactive:` prefix or
  // `deactivate` line disabled it. (A statement under an inactive block is inactive, so
  // the words an inactive statement alone created stay inactive.)
  bool IsActive() const { return !deactivated_ && active_statements_ > 0; }
  std::vector<const Node*> ActiveChildren() const;
  const std::vector<std::unique_ptr<Node>>& children() const { return children_; }
  std::vector<Node*> MutableActiveChildren();
  // The active child with this word, or nullptr.
  const Node* Find(std::string_view word) const;
  Node* FindMutable(std::string_view word);
  // The child with this word, created (inactive until counted) when missing.
  Node& Ensure(const std::string& word, const SourceRange& range);

  void CountActiveStatement() { ++active_statements_; }
  void SetDeactivated(bool deactivated) { deactivated_ = deactivated; }
  void SetFromGroup() { from_group_ = true; }
  bool from_group() const { return from_group_; }

  Use use() const { return use_; }
  // Marks this node and its subtree (nodes still unread only).
  void Mark(Use use) const;
  // Marks the subtree whatever it was (a warning overrides an earlier kUnderstood).
  void ForceMark(Use use) const;
  void MarkSelf(Use use) const {
    if (use_ == Use::kUnread) use_ = use;
  }

  // The words from the root down to this node: "security policies from-zone a …".
  std::string Path() const;

 private:
  std::string word_;
  SourceRange range_;
  Node* parent_ = nullptr;
  bool deactivated_ = false;
  bool from_group_ = false;
  int active_statements_ = 0;
  mutable Use use_ = Use::kUnread;
  std::vector<std::unique_ptr<Node>> children_;
  std::unordered_map<std::string, size_t> index_;
};

// The parsed config: a root node (always active) whose children are the top-level sections.
struct ConfigTree {
  std::unique_ptr<Node> root;
  bool set_syntax = false;  // the text was `display set` lines
};

// The words of a path below `node`: Walk(n, {"security", "policies"}) or nullptr.
const Node* Walk(const Node* node, std::initializer_list<std::string_view> words);

// Reports about the tree with locations; shared by the interpreters.
class Reporter {
 public:
  explicit Reporter(Diagnostics& diagnostics) : diagnostics_(diagnostics) {}
  // A located warning; the node (and its subtree) counts as not understood.
  void Warn(const Node& at, std::string message);
  void Error(const Node& at, std::string message);
  Diagnostics& diagnostics() { return diagnostics_; }

 private:
  Diagnostics& diagnostics_;
};

}  // namespace flowaudit::junos
