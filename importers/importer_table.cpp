#include <algorithm>

#include "importers/importer.h"

namespace flowaudit {

const char* MaturityName(Maturity maturity) {
  switch (maturity) {
    case Maturity::kStable:
      return "stable";
    case Maturity::kAlpha:
      return "alpha";
    case Maturity::kWip:
      return "wip";
  }
  return "?";
}

const std::vector<ImporterInfo>& Importers() {
  static const std::vector<ImporterInfo> table = {};
  return table;
}

const ImporterInfo* FindImporter(std::string_view id) {
  for (const ImporterInfo& info : Importers()) {
    if (id == info.id) return &info;
  }
  return nullptr;
}

const ImporterInfo* SniffImporter(std::string_view text) {
  for (const ImporterInfo& info : Importers()) {
    if (info.sniff(text)) return &info;
  }
  return nullptr;
}

}  // namespace flowaudit
