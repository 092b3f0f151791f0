// What an iRule does to a virtual server's answer, as far as flowaudit can tell. Recognised:
// `when HTTP_REQUEST { HTTP::redirect URL }` (a 302, as BIG-IP sends) and
// `when HTTP_REQUEST { HTTP::respond 3xx Location URL … }`, optionally followed by `return`, and
// rules with no code at all. Anything else — conditions (if, switch), pool/node/drop/reject,
// other events or commands — may change where a connection goes: the answer is unknown.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace flowaudit::f5 {

struct IruleEffect {
  enum class Kind { kNone, kRedirect, kUnknown };
  Kind kind = Kind::kNone;
  int status = 302;
  std::string location;  // kRedirect, as written in the rule
  std::string reason;    // kUnknown: what was not understood
  size_t offset = 0;     // in the body: the command that decides (or is not understood)
};

// `body` is the Tcl text between the braces of `ltm rule NAME { … }`.
IruleEffect AnalyzeIrule(std::string_view body);

// The body of the built-in /Common/_sys_https_redirect (not in bigip.conf): a 302 to
// https://[HTTP::host][HTTP::uri] (its real code strips a port from the host with getfield).
IruleEffect SysHttpsRedirect();

}  // namespace flowaudit::f5
