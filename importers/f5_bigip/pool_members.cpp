#include "importers/f5_bigip/pool_members.h"

#include <functional>
#include <map>
#include <set>

namespace flowaudit::f5 {

void MarkPriorityBackups(std::vector<PoolMember>& members, const std::vector<int>& priorities,
                         int min_active) {
  if (min_active <= 0 || members.empty() || members.size() != priorities.size()) return;
  std::set<int, std::greater<int>> groups(priorities.begin(), priorities.end());
  int serving = 0;
  int lowest_serving = *groups.begin();
  for (int group : groups) {
    if (serving >= min_active) break;
    lowest_serving = group;
    for (size_t i = 0; i < members.size(); ++i) {
      if (priorities[i] == group && members[i].enabled) ++serving;
    }
  }
  for (size_t i = 0; i < members.size(); ++i) members[i].backup = priorities[i] < lowest_serving;
}

std::optional<std::string> BuiltinMonitorType(std::string_view name) {
  static const std::map<std::string, std::string, std::less<>> types = {
      {"tcp", "tcp"},           {"tcp_half_open", "tcp"},
      {"tcp-half-open", "tcp"}, {"http", "http"},
      {"http_head_f5", "http"}, {"https", "https"},
      {"https_443", "https"},   {"https_head_f5", "https"},
      {"gateway_icmp", "icmp"}, {"icmp", "icmp"},
      {"udp", "udp"},           {"tcp_echo", "tcp"},
      {"inband", "other"}};
  auto it = types.find(name);
  if (it == types.end()) return std::nullopt;
  return it->second;
}

}  // namespace flowaudit::f5
