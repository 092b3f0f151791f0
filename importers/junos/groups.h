// JunOS configuration groups: `groups { G { … } }` holds config fragments, and
// `apply-groups [ G … ]` at a node merges group G's statements at the same path into that
// node's subtree (JunOS inheritance). Explicit statements win: a node already written keeps
// its own children and gains the group's other ones after them; for the single-valued
// `default-policy` the explicit value is kept alone. `<pattern>` names in a group (`<*>`,
// `<ge-*>`) match existing nodes with that glob (they create nothing). `apply-groups-except
// G` at a node keeps G out of that node's subtree. `apply-groups` inside a group is not
// followed (warned). The predefined `junos-defaults` group is not in configs; the importer
// knows its applications from a table instead.
#pragma once

#include "importers/junos/config_tree.h"

namespace flowaudit::junos {

void ExpandGroups(Node& root, Reporter& reporter);

}  // namespace flowaudit::junos
