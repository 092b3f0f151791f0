#include "importers/iis_arr/rewrite_target.h"

#include "importers/iis_arr/config_values.h"

namespace flowaudit::iis {

std::optional<RewriteTarget> ParseRewriteTarget(const std::string& url, const Config& config) {
  RewriteTarget t;
  std::string scheme = Lower(url.substr(0, 8));
  size_t start;
  if (scheme.rfind("https://", 0) == 0) {
    t.https = true;
    start = 8;
  } else if (scheme.rfind("http://", 0) == 0) {
    start = 7;
  } else {
    return std::nullopt;
  }
  size_t end = url.find_first_of("/?#", start);
  std::string authority =
      url.substr(start, end == std::string::npos ? std::string::npos : end - start);
  t.host_offset = start;
  std::string port;
  bool has_port = false;
  if (!authority.empty() && authority.front() == '[') {
    size_t close = authority.find(']');
    t.host = authority.substr(0, close == std::string::npos ? authority.size() : close + 1);
    if (close != std::string::npos && close + 1 < authority.size() && authority[close + 1] == ':') {
      has_port = true;
      port = authority.substr(close + 2);
    }
    if (close != std::string::npos) t.ip = ParseIpAddress(authority.substr(1, close - 1));
  } else {
    size_t colon = authority.rfind(':');
    // A `:` inside `{…}` (a rewrite map lookup) is not a port separator.
    if (colon != std::string::npos && authority.find('}', colon) == std::string::npos) {
      t.host = authority.substr(0, colon);
      has_port = true;
      port = authority.substr(colon + 1);
    } else {
      t.host = authority;
    }
  }
  t.from_request = authority.find('{') != std::string::npos;
  if (t.from_request) return t;
  if (!t.ip) t.ip = ParseIpAddress(t.host);
  if (!t.ip) t.farm = config.FindFarm(t.host);
  if (has_port) {
    bool digits = !port.empty() && port.size() <= 5;
    for (char c : port) digits &= c >= '0' && c <= '9';
    int value = digits ? std::stoi(port) : 0;
    if (value < 1 || value > 65535) {
      t.port_invalid = true;
    } else {
      t.port = static_cast<uint16_t>(value);
    }
  }
  return t;
}

}  // namespace flowaudit::iis
