// The seam for ipset contents. `-m set --match-set NAME src,dst` refers to a set whose
// members live in the kernel (dumped by `ipset save`), not in the iptables-save file. Until a
// loader for `ipset save` supplies them, such matches are UNKNOWN. A loader implements this
// interface and is handed to the iptables importer.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "models/match.h"

namespace flowaudit::iptables {

// Which packet field each dimension of a set is compared with, in the order written after
// the set name: `src,dst` on a hash:ip,port set compares the source address and the
// destination port.
enum class SetDirection { kSource, kDestination };

class IpSetResolver {
 public:
  virtual ~IpSetResolver() = default;
  // The packets that are members of set `name` looked up with `directions`, or nullopt
  // when the set is not known (the match then stays UNKNOWN).
  virtual std::optional<Match> Resolve(std::string_view name,
                                       const std::vector<SetDirection>& directions) const = 0;
};

}  // namespace flowaudit::iptables
