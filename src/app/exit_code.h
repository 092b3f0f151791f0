// Process exit codes of every command (DESIGN §8). Scripts and CI rely on them.
#pragma once

namespace flowaudit::exit_code {

inline constexpr int kOk = 0;        // nothing at or above --fail-on
inline constexpr int kFindings = 1;  // findings at or above --fail-on
inline constexpr int kInput = 2;     // usage or input error
inline constexpr int kInternal = 3;  // a bug: an exception reached main

}  // namespace flowaudit::exit_code
