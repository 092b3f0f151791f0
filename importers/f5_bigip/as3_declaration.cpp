#include "importers/f5_bigip/as3_declaration.h"

#include <nlohmann/json.hpp>
#include <set>

#include "importers/common/json_depth.h"
#include "importers/f5_bigip/addresses.h"
#include "importers/f5_bigip/as3_positions.h"
#include "importers/f5_bigip/as3_service.h"

namespace flowaudit::f5 {

using json = nlohmann::ordered_json;

std::vector<VirtualServer> ImportAs3(const SourceFilePtr& file, Diagnostics& diagnostics) {
  json root;
  if (auto deep = JsonTooDeepAt(file->text)) {
    diagnostics.Error(SourceRange{file, static_cast<uint32_t>(*deep), 1},
                      "JSON nested deeper than " + std::to_string(kMaxJsonDepth) + " levels");
    return {};
  }
  try {
    root = json::parse(file->text);
  } catch (const json::parse_error& error) {
    // nlohmann counts bytes from 1 and may point past the end of a truncated text.
    size_t offset = error.byte == 0 ? 0 : std::min<size_t>(error.byte - 1, file->text.size());
    std::string message = error.what();
    size_t colon = message.find(": ", message.find("parse error"));
    diagnostics.Error(
        SourceRange{file, static_cast<uint32_t>(offset), 1},
        "invalid JSON: " + message.substr(colon == std::string::npos ? 0 : colon + 2));
    return {};
  }
  JsonPositions positions(file);
  As3Context context{root, positions, diagnostics, nullptr, ""};
  const json* adc = &root;
  std::string pointer;
  if (root.is_object() && root.value("class", "") == "AS3") {
    auto it = root.find("declaration");
    if (it == root.end() || !it->is_object()) {
      diagnostics.Error(positions.At(""), "an AS3 request needs a 'declaration' object");
      return {};
    }
    adc = &*it;
    pointer = "/declaration";
  }
  if (!adc->is_object() || adc->value("class", "") != "ADC") {
    diagnostics.Error(positions.At(pointer), "expected an AS3 declaration ('class': 'ADC')");
    return {};
  }
  context.adc = adc;
  context.adc_pointer = pointer;
  std::vector<VirtualServer> out;
  // AS3 refuses a class it does not expect where tenants and applications go: skipping the
  // object would silently drop every service in it.
  auto expect = [&](const json& object, const std::string& at, const char* wanted) {
    if (!object.is_object() || !object.contains("class")) return false;
    std::string actual = object.value("class", "");
    if (actual == wanted) return true;
    if (actual != "Controls") {
      diagnostics.Error(positions.At(JsonPositions::Child(at, "class")),
                        "class '" + actual + "' where AS3 expects class '" + wanted + "'");
    }
    return false;
  };
  for (const auto& [tenant_name, tenant] : adc->items()) {
    std::string tenant_pointer = JsonPositions::Child(pointer, tenant_name);
    if (!expect(tenant, tenant_pointer, "Tenant")) continue;
    for (const auto& [app_name, app] : tenant.items()) {
      std::string app_pointer = JsonPositions::Child(tenant_pointer, app_name);
      if (!expect(app, app_pointer, "Application")) continue;
      if (app.contains("template") && app["template"] != "generic" && app["template"] != "shared" &&
          app["template"] != "http" && app["template"] != "https" && app["template"] != "tcp" &&
          app["template"] != "udp" && app["template"] != "l4") {
        diagnostics.Warning(positions.At(JsonPositions::Child(app_pointer, "template")),
                            "application template is not modelled");
      }
      for (const auto& [name, item] : app.items()) {
        if (!item.is_object() || !item.contains("class")) continue;
        As3Place place{tenant_name, app_name, name, JsonPositions::Child(app_pointer, name)};
        ReadService(context, place, item, out);
      }
    }
  }
  return out;
}

}  // namespace flowaudit::f5
