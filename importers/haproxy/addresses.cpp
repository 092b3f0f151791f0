#include "importers/haproxy/addresses.h"

#include <charconv>

namespace flowaudit::haproxy {

SplitAddress SplitHostPort(std::string_view text) {
  SplitAddress out;
  size_t at = text.find('@');
  if (at != std::string_view::npos) {
    out.prefix = std::string(text.substr(0, at));
    text.remove_prefix(at + 1);
  }
  if (!text.empty() && text.front() == '[') {
    size_t close = text.find(']');
    if (close == std::string_view::npos) {
      out.host = std::string(text);
      return out;
    }
    out.host = std::string(text.substr(1, close - 1));
    std::string_view rest = text.substr(close + 1);
    if (!rest.empty() && rest.front() == ':') {
      out.has_port = true;
      out.port = std::string(rest.substr(1));
    }
    return out;
  }
  size_t colon = text.rfind(':');
  if (colon == std::string_view::npos) {
    out.host = std::string(text);
    return out;
  }
  out.host = std::string(text.substr(0, colon));
  out.port = std::string(text.substr(colon + 1));
  out.has_port = true;
  return out;
}

namespace {
std::optional<uint16_t> ParsePort(std::string_view text) {
  unsigned value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value > 65535) return std::nullopt;
  return static_cast<uint16_t>(value);
}
}  // namespace

std::optional<std::pair<uint16_t, uint16_t>> ParsePortRange(std::string_view text) {
  size_t dash = text.find('-');
  auto first = ParsePort(text.substr(0, dash));
  if (!first) return std::nullopt;
  if (dash == std::string_view::npos) return std::make_pair(*first, *first);
  auto last = ParsePort(text.substr(dash + 1));
  if (!last || *last < *first) return std::nullopt;
  return std::make_pair(*first, *last);
}

std::optional<int64_t> ParseDurationMs(std::string_view text) {
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end == text.data()) return std::nullopt;
  std::string_view unit(end, text.data() + text.size() - end);
  if (unit.empty() || unit == "ms") return value;
  if (unit == "us") return value / 1000;
  if (unit == "s") return value * 1000;
  if (unit == "m") return value * 60'000;
  if (unit == "h") return value * 3'600'000;
  if (unit == "d") return value * 86'400'000;
  return std::nullopt;
}

}  // namespace flowaudit::haproxy
