// NetScaler default-syntax policy expressions, as far as the importer needs them: whether a
// rule is true for every request a given vserver receives (`true`, `HTTP.REQ.IS_VALID`,
// `!CLIENT.SSL.IS_SSL` on a plain-HTTP vserver, `CLIENT.TCP.DSTPORT.EQ(80)` on port 80, with
// `&&`, `||`, `!`, `.NOT` and parentheses), false for all of them, or decided by the request's
// content; and the location a responder `redirect` expression builds.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace flowaudit::netscaler {

enum class Truth { kFalse, kTrue, kUnknown };

// What is known of every connection a vserver accepts.
struct ListenerFacts {
  bool ssl = false;  // the NetScaler ends TLS (an SSL vserver)
  uint16_t port = 0;
  bool any_port = false;
};

Truth EvaluateRule(std::string_view expression, const ListenerFacts& facts);

// A redirect target such as `"https://" + HTTP.REQ.HOSTNAME + HTTP.REQ.URL.PATH_AND_QUERY`:
// string literals are kept, other terms are written `{TERM}`:
// "https://{HTTP.REQ.HOSTNAME}{HTTP.REQ.URL.PATH_AND_QUERY}".
struct RedirectTarget {
  bool starts_with_literal = false;  // the scheme and host are fixed by the config
  std::string location;
};
RedirectTarget RenderRedirectTarget(std::string_view expression);

}  // namespace flowaudit::netscaler
