// Filter::Evaluate for many packets at once. Evaluate walks a chain rule by rule, so N packets
// against R rules read every rule N times; at 50,000 rules (tens of MB of rules and terms) that
// is memory-bound: seconds for a thousand packets. Here each rule is read once for all packets.
#pragma once

#include <cstddef>
#include <functional>
#include <vector>

#include "models/filter.h"
#include "src/app/packet_spec.h"

namespace flowaudit {

// Calls `answer(i, decision)` for each packet in order with exactly the Decision that
// filter.Evaluate(packets[i].packet, packets[i].context) gives, except that `rule`, `chain`,
// `jumps` and `uncertain` point into a reduced copy of the rules (same names, actions and
// locations) that lives only during the call.
void EvaluateEach(const Filter& filter, const std::vector<PacketSpec>& packets,
                  const std::function<void(size_t, const Decision&)>& answer);

}  // namespace flowaudit
