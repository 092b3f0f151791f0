// The target of a Rewrite to an absolute URL: `http(s)://HOST[:PORT]/…`, where HOST is an ARR
// web farm name (matched case-insensitively), an IP literal (IPv6 in brackets), a DNS name, or
// built from server variables (`{HTTP_HOST}`), which only the request decides.
#pragma once

#include <optional>
#include <string>

#include "importers/iis_arr/iis_config.h"

namespace flowaudit::iis {

struct RewriteTarget {
  bool https = false;
  std::string host;        // as written
  size_t host_offset = 0;  // in the url
  std::optional<uint16_t> port;
  bool port_invalid = false;
  bool from_request = false;  // host or port holds `{…}`
  const WebFarm* farm = nullptr;
  std::optional<IpAddress> ip;
  bool LooksLikeDnsName() const { return host.find('.') != std::string::npos; }
};

// nullopt when `url` is not absolute http(s).
std::optional<RewriteTarget> ParseRewriteTarget(const std::string& url, const Config& config);

}  // namespace flowaudit::iis
