// The checker: evaluates requirements against a site's network, exhaustively over packet sets,
// and explains single flows hop by hop. It never prints; reporters render its results.
#pragma once

#include <string>
#include <vector>

#include "src/check/result.h"
#include "src/policy/policy.h"
#include "src/site/site.h"

namespace flowaudit {

AuditResult RunAudit(const Site& site, const std::vector<Pack>& packs);

struct ExplainRequest {
  std::string from;     // zone, host, service name or address
  std::string to;       // likewise
  std::string service;  // "tcp/80"
};

struct ExplainResult {
  std::vector<Trace> traces;  // one per path, witness packet followed hop by hop
  std::string error;          // a usage problem (unknown name, bad service), else empty
};

ExplainResult Explain(const Site& site, const ExplainRequest& request);

}  // namespace flowaudit
