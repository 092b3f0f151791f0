// Runs a site's URL Rewrite rules for the requests one listener (binding) accepts, as IIS
// does: global rules, then the server's distributed rules, then the site's, in order. Rules
// are not first-match: a Rewrite changes the URL and goes on unless `stopProcessing`; None
// goes on likewise; Redirect, CustomResponse and AbortRequest end the request. A rule whose
// match depends on the request (path, host, headers) forks the run: both branches are
// followed, so the caller gets every possible end and can tell whether they all agree.
#pragma once

#include <string>
#include <vector>

#include "importers/iis_arr/iis_config.h"
#include "models/source.h"

namespace flowaudit::iis {

// What a listener knows before a request arrives.
struct Listener {
  bool https = false;
  uint16_t port = 0;
  std::optional<IpAddress> address;  // unset: every address
  std::string host;                  // the binding's host name, empty: any
};

// A rule in run order, with why it may apply to only some requests of the site even when its
// own match and conditions hold (its `<location path>` names a sub-path).
struct RunRule {
  const Rule* rule = nullptr;
  std::string scope_reason;
  SourceRange scope_at;
};

// One way a request can end.
struct Ending {
  enum class Kind { kLocal, kProxy, kRedirect, kRespond, kReject, kUnknown } kind = Kind::kLocal;
  std::string url;  // kProxy: the rewritten absolute URL; kRedirect: the location
  int status = 200;
  const Rule* rule = nullptr;  // the rule that decided, null when none did
};

struct RunResult {
  std::vector<Ending> endings;  // every possible end, in exploration order
  std::string unknown_reason;   // the first rule that made the run fork, when it did
  SourceRange unknown_at;
};

RunResult RunRules(const std::vector<RunRule>& rules, const Listener& listener);

}  // namespace flowaudit::iis
