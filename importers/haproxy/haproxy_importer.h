// The HAProxy importer: reads haproxy.cfg (HAProxy 2.x) into a models::Device holding one
// virtual server per listened address, protocol and port. A listener forwards to the servers
// of the backend its rules pick (the union when HTTP content decides, with a warning),
// redirects when an `http-request redirect` / `redirect` rule applies to every connection it
// accepts, or rejects when no backend is left. No filters: default_filter stays empty.
//
// Persistence, timeouts and health checks are read (haproxy::HlbSettings) but not yet on the
// device: models::VirtualServer has no fields for them.
#pragma once

#include <memory>
#include <string_view>

#include "importers/importer.h"

namespace flowaudit {

class HaproxyImporter final : public Importer {
 private:
  Device DoImport(const SourceFilePtr& file, Diagnostics& diagnostics) override;
};

// Factory and sniff for the importer table (`haproxy` row).
std::unique_ptr<Importer> CreateHaproxyImporter();
// Whether the text looks like haproxy.cfg: a frontend/backend/listen section line with bind or
// server lines, or global and defaults sections.
bool SniffHaproxy(std::string_view text);

}  // namespace flowaudit
