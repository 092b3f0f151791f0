#include "importers/junos/config_tree.h"

namespace flowaudit::junos {

std::vector<const Node*> Node::ActiveChildren() const {
  std::vector<const Node*> out;
  out.reserve(children_.size());
  for (const auto& child : children_) {
    if (child->IsActive()) out.push_back(child.get());
  }
  return out;
}

std::vector<Node*> Node::MutableActiveChildren() {
  std::vector<Node*> out;
  for (const auto& child : children_) {
    if (child->IsActive()) out.push_back(child.get());
  }
  return out;
}

const Node* Node::Find(std::string_view word) const {
  auto it = index_.find(std::string(word));
  if (it == index_.end()) return nullptr;
  const Node* child = children_[it->second].get();
  return child->IsActive() ? child : nullptr;
}

Node* Node::FindMutable(std::string_view word) {
  auto it = index_.find(std::string(word));
  return it == index_.end() ? nullptr : children_[it->second].get();
}

Node& Node::Ensure(const std::string& word, const SourceRange& range) {
  auto [it, inserted] = index_.emplace(word, children_.size());
  if (inserted) children_.push_back(std::make_unique<Node>(word, range, this));
  return *children_[it->second];
}

void Node::Mark(Use use) const {
  MarkSelf(use);
  for (const auto& child : children_) child->Mark(use);
}

void Node::ForceMark(Use use) const {
  use_ = use;
  for (const auto& child : children_) child->ForceMark(use);
}

std::string Node::Path() const {
  if (!parent_) return "";
  std::string above = parent_->Path();
  return above.empty() ? word_ : above + " " + word_;
}

const Node* Walk(const Node* node, std::initializer_list<std::string_view> words) {
  for (std::string_view word : words) {
    if (!node) return nullptr;
    node = node->Find(word);
  }
  return node;
}

void Reporter::Warn(const Node& at, std::string message) {
  diagnostics_.Warning(at.range(), std::move(message));
  at.ForceMark(Use::kReported);
}

void Reporter::Error(const Node& at, std::string message) {
  diagnostics_.Error(at.range(), std::move(message));
  at.ForceMark(Use::kReported);
}

}  // namespace flowaudit::junos
