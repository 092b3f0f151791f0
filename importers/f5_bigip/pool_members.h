// Pool behaviour shared by the tmsh and AS3 readers: priority-group activation, which turns
// lower priority groups into backups.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "models/device.h"

namespace flowaudit::f5 {

// BIG-IP priority-group activation (`min-active-members N`, AS3 `minimumMembersActive`): the
// highest priority group serves, and lower groups join, highest first, until at least N enabled
// members serve; members of groups left out are backups. With N = 0 every member serves.
// `priorities[i]` belongs to `members[i]`.
void MarkPriorityBackups(std::vector<PoolMember>& members, const std::vector<int>& priorities,
                         int min_active);

// The monitor type ("tcp", "http", "https", "icmp", "udp", "other") of a built-in BIG-IP
// monitor (`tcp`, `http`, `gateway_icmp`, `tcp_half_open` …; AS3 spells some with dashes), or
// nullopt when `name` is not built in.
std::optional<std::string> BuiltinMonitorType(std::string_view name);

}  // namespace flowaudit::f5
