// Comparing and naming the answers a listener may give: the rule run yields one answer per
// way a request can end, and the listener's answer is definite only when they are all the same.
#pragma once

#include <string>

#include "models/device.h"

namespace flowaudit::iis {

// "forward to 10.1.0.11:4443", "redirect 301 to https://…", "answer 200", "abort",
// "unknown (…)": for the reason of an UNKNOWN listener.
std::string Describe(const VirtualServer& vs);
// Same mode and the same destination: members (address, port, enabled) and their settings,
// redirect location and status, or answered status.
bool SameAnswer(const VirtualServer& a, const VirtualServer& b);

}  // namespace flowaudit::iis
