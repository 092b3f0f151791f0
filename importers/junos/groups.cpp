#include "importers/junos/groups.h"

#include <fnmatch.h>

namespace flowaudit::junos {
namespace {

bool IsWildcard(const std::string& word) {
  return word.size() >= 2 && word.front() == '<' && word.back() == '>';
}

bool WildcardMatches(const std::string& pattern, const std::string& word) {
  std::string glob = pattern.substr(1, pattern.size() - 2);
  return fnmatch(glob.c_str(), word.c_str(), 0) == 0;
}

bool Excepts(const Node& node, const std::string& group) {
  const Node* except = node.Find("apply-groups-except");
  return except && except->Find(group);
}

class Expander {
 public:
  Expander(const Node* groups, Reporter& reporter) : groups_(groups), reporter_(reporter) {}

  void Visit(Node& node, std::vector<std::string>& path) {
    if (const Node* apply = node.Find("apply-groups")) {
      apply->MarkSelf(Use::kUnderstood);
      for (const Node* name : apply->ActiveChildren()) Apply(node, path, *name);
    }
    if (const Node* except = node.Find("apply-groups-except")) except->Mark(Use::kUnderstood);
    for (Node* child : node.MutableActiveChildren()) {
      if (path.empty() && child->word() == "groups") continue;
      path.push_back(child->word());
      Visit(*child, path);
      path.pop_back();
    }
  }

 private:
  void Apply(Node& target, const std::vector<std::string>& path, const Node& name) {
    const Node* group = groups_ ? groups_->Find(name.word()) : nullptr;
    if (!group) {
      reporter_.Error(name, "unknown configuration group '" + name.word() + "'");
      return;
    }
    name.Mark(Use::kUnderstood);
    // The group's nodes at the same path (a wildcard name may match several).
    std::vector<const Node*> at = {group};
    for (const std::string& word : path) {
      std::vector<const Node*> next;
      for (const Node* n : at) {
        for (const Node* child : n->ActiveChildren()) {
          if (child->word() == word ||
              (IsWildcard(child->word()) && WildcardMatches(child->word(), word))) {
            next.push_back(child);
          }
        }
      }
      at = std::move(next);
    }
    for (const Node* source : at) Merge(target, *source, name.word());
  }

  void Merge(Node& target, const Node& source, const std::string& group) {
    const bool single_valued = target.word() == "default-policy";
    for (const Node* child : source.ActiveChildren()) {
      if (child->word() == "apply-groups" || child->word() == "apply-groups-except") {
        reporter_.Warn(*child,
                       "'" + child->word() + "' inside a configuration group is not followed");
        continue;
      }
      if (IsWildcard(child->word())) {
        for (Node* existing : target.MutableActiveChildren()) {
          if (existing->from_group() || !WildcardMatches(child->word(), existing->word())) {
            continue;
          }
          if (!Excepts(*existing, group)) Merge(*existing, *child, group);
        }
        continue;
      }
      Node* existing = target.FindMutable(child->word());
      if (existing && !existing->IsActive()) continue;  // written and deactivated: stays so
      if (existing) {
        if (!Excepts(*existing, group)) Merge(*existing, *child, group);
        continue;
      }
      if (single_valued && !target.ActiveChildren().empty()) continue;
      Node& copy = target.Ensure(child->word(), child->range());
      copy.CountActiveStatement();
      copy.SetFromGroup();
      Merge(copy, *child, group);
    }
  }

  const Node* groups_;
  Reporter& reporter_;
};

}  // namespace

void ExpandGroups(Node& root, Reporter& reporter) {
  const Node* groups = root.Find("groups");
  std::vector<std::string> path;
  Expander(groups, reporter).Visit(root, path);
  if (groups) groups->Mark(Use::kUnderstood);  // templates: counted where they are applied
}

}  // namespace flowaudit::junos
