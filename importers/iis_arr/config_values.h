// Attribute values of the IIS configuration schema: booleans, ports, time spans, enums and
// the `IP:PORT:HOST` binding information. Each reader reports a located error and returns
// nullopt on a value IIS would refuse.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "importers/common/xml.h"
#include "importers/iis_arr/iis_config.h"
#include "models/diagnostics.h"

namespace flowaudit::iis {

bool EqualsIgnoreCase(std::string_view a, std::string_view b);
std::string Lower(std::string_view s);

// The attribute's value as a boolean ("true"/"false", any case), `fallback` when absent.
std::optional<bool> BoolAttribute(const xml::Element& e, std::string_view name, bool fallback,
                                  Diagnostics& diagnostics);
// A TCP port 1-65535; `fallback` when absent.
std::optional<uint16_t> PortAttribute(const xml::Element& e, std::string_view name,
                                      uint16_t fallback, Diagnostics& diagnostics);
// A time span `[d.]hh:mm:ss[.fraction]` in whole seconds.
std::optional<int64_t> ParseTimeSpan(std::string_view text);
// One of `names` (any case); the index. Unknown: an error with "did you mean".
std::optional<size_t> EnumAttribute(const xml::Attribute& a, std::string_view what,
                                    const std::vector<std::string>& names,
                                    Diagnostics& diagnostics);
// `IP:PORT:HOST`, `[IPv6]:PORT:HOST`, `*:80:`; the IP part `*` or empty means every address.
std::optional<Binding> ParseBindingInformation(const xml::Attribute& a, Diagnostics& diagnostics);

// The range of `piece`, a substring of the attribute's value, when the value is written
// verbatim (no entities); else the whole value.
SourceRange ValuePiece(const xml::Attribute& a, std::string_view piece);

}  // namespace flowaudit::iis
