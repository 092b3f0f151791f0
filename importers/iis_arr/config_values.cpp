#include "importers/iis_arr/config_values.h"

#include <cctype>

#include "importers/common/suggest.h"

namespace flowaudit::iis {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::optional<bool> BoolAttribute(const xml::Element& e, std::string_view name, bool fallback,
                                  Diagnostics& diagnostics) {
  const xml::Attribute* a = e.FindAttribute(name);
  if (!a) return fallback;
  if (EqualsIgnoreCase(a->value, "true")) return true;
  if (EqualsIgnoreCase(a->value, "false")) return false;
  diagnostics.Error(a->value_range,
                    std::string(name) + " must be true or false, got '" + a->value + "'");
  return std::nullopt;
}

namespace {

std::optional<int64_t> Number(std::string_view s, int64_t max) {
  if (s.empty() || s.size() > 12) return std::nullopt;
  int64_t n = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + (c - '0');
  }
  if (n > max) return std::nullopt;
  return n;
}

}  // namespace

std::optional<uint16_t> PortAttribute(const xml::Element& e, std::string_view name,
                                      uint16_t fallback, Diagnostics& diagnostics) {
  const xml::Attribute* a = e.FindAttribute(name);
  if (!a) return fallback;
  std::optional<int64_t> n = Number(a->value, 65535);
  if (!n || *n == 0) {
    diagnostics.Error(a->value_range,
                      std::string(name) + " must be a port 1-65535, got '" + a->value + "'");
    return std::nullopt;
  }
  return static_cast<uint16_t>(*n);
}

std::optional<int64_t> ParseTimeSpan(std::string_view text) {
  int64_t days = 0;
  size_t colon = text.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  size_t dot = text.substr(0, colon).find('.');
  if (dot != std::string_view::npos) {
    std::optional<int64_t> d = Number(text.substr(0, dot), 10675199);
    if (!d) return std::nullopt;
    days = *d;
    text.remove_prefix(dot + 1);
  }
  size_t fraction = text.find('.');
  if (fraction != std::string_view::npos) {
    if (!Number(text.substr(fraction + 1), 9999999)) return std::nullopt;
    text = text.substr(0, fraction);
  }
  int64_t parts[3];
  for (int i = 0; i < 3; ++i) {
    size_t end = i < 2 ? text.find(':') : text.size();
    if (end == std::string_view::npos) return std::nullopt;
    std::optional<int64_t> n = Number(text.substr(0, end), i == 0 ? 23 : 59);
    if (!n) return std::nullopt;
    parts[i] = *n;
    text.remove_prefix(i < 2 ? end + 1 : end);
  }
  return ((days * 24 + parts[0]) * 60 + parts[1]) * 60 + parts[2];
}

std::optional<size_t> EnumAttribute(const xml::Attribute& a, std::string_view what,
                                    const std::vector<std::string>& names,
                                    Diagnostics& diagnostics) {
  for (size_t i = 0; i < names.size(); ++i) {
    if (EqualsIgnoreCase(a.value, names[i])) return i;
  }
  std::string list;
  for (const std::string& n : names) list += (list.empty() ? "" : ", ") + n;
  diagnostics.Error(a.value_range, "unknown " + std::string(what) + " '" + a.value + "' (" + list +
                                       ")" + DidYouMean(a.value, names));
  return std::nullopt;
}

SourceRange ValuePiece(const xml::Attribute& a, std::string_view piece) {
  std::string_view value = a.value;
  if (a.value_range.length != value.size() || piece.data() < value.data() ||
      piece.data() + piece.size() > value.data() + value.size()) {
    return a.value_range;
  }
  SourceRange range = a.value_range;
  range.offset += static_cast<uint32_t>(piece.data() - value.data());
  range.length = static_cast<uint32_t>(piece.size());
  return range;
}

std::optional<Binding> ParseBindingInformation(const xml::Attribute& a, Diagnostics& diagnostics) {
  std::string_view text = a.value;
  auto fail = [&](std::string_view at, const std::string& message) -> std::optional<Binding> {
    diagnostics.Error(ValuePiece(a, at), message);
    return std::nullopt;
  };
  Binding binding;
  std::string_view ip;
  size_t port_start;
  if (!text.empty() && text.front() == '[') {
    size_t close = text.find(']');
    if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':') {
      return fail(text, "bindingInformation must be [IPV6]:PORT:HOST, got '" + a.value + "'");
    }
    ip = text.substr(1, close - 1);
    port_start = close + 2;
  } else {
    size_t colon = text.find(':');
    if (colon == std::string_view::npos) {
      return fail(text, "bindingInformation must be IP:PORT:HOST, got '" + a.value + "'");
    }
    ip = text.substr(0, colon);
    port_start = colon + 1;
  }
  size_t port_end = text.find(':', port_start);
  if (port_end == std::string_view::npos) {
    return fail(text,
                "bindingInformation must be IP:PORT:HOST (the host part may be empty), "
                "got '" +
                    a.value + "'");
  }
  std::string_view port = text.substr(port_start, port_end - port_start);
  std::optional<int64_t> n = Number(port, 65535);
  if (!n || *n == 0)
    return fail(port, "binding port must be 1-65535, got '" + std::string(port) + "'");
  binding.port = static_cast<uint16_t>(*n);
  if (!ip.empty() && ip != "*") {
    binding.address = ParseIpAddress(ip);
    if (!binding.address) {
      return fail(ip, "binding address must be an IP address or *, got '" + std::string(ip) + "'");
    }
  }
  binding.host = Lower(text.substr(port_end + 1));
  return binding;
}

}  // namespace flowaudit::iis
