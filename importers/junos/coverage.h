// After the readers ran: sections known not to affect transit filtering are marked
// understood; every statement still unread gets one located warning (per unread subtree);
// and the leaf statements are counted for Device::coverage.
#pragma once

#include "importers/junos/config_tree.h"
#include "models/device.h"

namespace flowaudit::junos {

// `system`, `snmp`, `protocols`, … and the parts of `security` that act on traffic to the
// device (host-inbound) or on whole sessions, not on first-packet verdicts.
void MarkSectionsWithoutFiltering(const Node& root);

// Warns about unread statements and counts active leaves (the `groups` templates are counted
// where they are applied).
ImportCoverage ReportUnread(const Node& root, Reporter& reporter);

}  // namespace flowaudit::junos
