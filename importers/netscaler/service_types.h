// NetScaler service and vserver types (`add service S SRV HTTP 80`, `add lb vserver V SSL …`):
// the transport each listens on, whether the NetScaler ends TLS, whether responder policies
// apply, the default client idle timeout and the default monitor, plus the port word (`80`
// or `*`).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "importers/netscaler/commands.h"
#include "models/diagnostics.h"

namespace flowaudit::netscaler {

struct ServiceType {
  std::string_view name;  // uppercase, as NetScaler prints it
  enum class Transport { kTcp, kUdp, kAny } transport = Transport::kTcp;
  bool tls_terminated = false;     // SSL, SSL_TCP, …: the NetScaler holds the certificate
  bool http = false;               // HTTP and SSL: responder and HTTP cs policies apply
  int64_t default_client_timeout;  // seconds: the vserver's -cltTimeout default
};

// The type `word` names (case-insensitive), or nullptr after an error at the word with a
// did-you-mean.
const ServiceType* FindServiceType(const Word& word, Diagnostics& diagnostics);

// A port word: 1-65535, or `*` (every port, returned as 0) when `star_ok`. Errors at the word.
std::optional<uint16_t> ParsePortWord(const Word& word, bool star_ok, Diagnostics& diagnostics);

}  // namespace flowaudit::netscaler
