// Rendering of `flowaudit query` answers. JSON: one object per packet per line, in input order
// (DESIGN §8). Text: one aligned line per packet, "PACKET  VERDICT  by FILE:LINE  RULE-TEXT".
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "src/app/query.h"

namespace flowaudit {

// One line of JSON, without the newline.
std::string QueryAnswerJson(const QueryAnswer& answer);
void WriteQueryJson(const std::vector<QueryAnswer>& answers, std::ostream& out);
void WriteQueryText(const std::vector<QueryAnswer>& answers, std::ostream& out);

}  // namespace flowaudit
