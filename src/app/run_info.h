// When and where a run happens, for the reports that record it (JUnit, SARIF).
#pragma once

#include <string>

namespace flowaudit {

std::string UtcTime(const char* format);  // strftime format, UTC: "%Y-%m-%dT%H:%M:%S"
std::string HostName();                   // "localhost" when unknown

}  // namespace flowaudit
