#include "importers/haproxy/config_reader.h"

#include <algorithm>
#include <set>

#include "importers/haproxy/addresses.h"
#include "importers/haproxy/conditions.h"

namespace flowaudit::haproxy {
namespace {

// Sections whose content never changes where a connection to a listener goes.
const std::set<std::string>& OtherSections() {
  static const std::set<std::string> names = {
      "global", "userlist", "peers",       "resolvers", "mailers", "http-errors", "ring",
      "cache",  "program",  "log-forward", "crt-store", "traces",  "fcgi-app"};
  return names;
}

// HAProxy proxy keywords that may change where a connection goes but are not modelled: a
// located warning each. Any other keyword is one HAProxy itself rejects.
const std::set<std::string>& UnmodelledProxyKeywords() {
  static const std::set<std::string> names = {
      "use-server",   "tcp-response", "monitor",           "monitor-net",  "transparent",
      "use-fcgi-app", "bind-process", "server-state-file", "quic-initial", "dynamic-cookie-key"};
  return names;
}

// Proxy keywords accepted without modelling them: logging, limits, health checks, headers,
// statistics, … They do not decide which listener answers or where it sends a connection.
const std::set<std::string>& HarmlessProxyKeywords() {
  static const std::set<std::string> names = {"log",
                                              "maxconn",
                                              "retries",
                                              "retry-on",
                                              "http-check",
                                              "tcp-check",
                                              "default-server",
                                              "compression",
                                              "errorfile",
                                              "errorfiles",
                                              "http-response",
                                              "http-after-response",
                                              "capture",
                                              "monitor-uri",
                                              "stats",
                                              "fullconn",
                                              "hash-type",
                                              "http-reuse",
                                              "description",
                                              "id",
                                              "log-format",
                                              "log-tag",
                                              "unique-id-format",
                                              "unique-id-header",
                                              "errorloc",
                                              "errorloc302",
                                              "errorloc303",
                                              "rate-limit",
                                              "email-alert",
                                              "hash-balance-factor",
                                              "load-server-state-from-file",
                                              "max-keep-alive-queue",
                                              "persist",
                                              "backlog",
                                              "declare",
                                              "filter",
                                              "force-persist",
                                              "ignore-persist",
                                              "grace",
                                              "http-send-name-header",
                                              "log-format-sd",
                                              "external-check",
                                              "enabled",
                                              "server-state-file-name",
                                              "error-log-format",
                                              "log-steps",
                                              "guid",
                                              "http-error",
                                              "balance",
                                              "stick-table",
                                              "stick",
                                              "timeout",
                                              "option",
                                              "no"};
  return names;
}

// `http-request` actions that answer the request themselves instead of forwarding it.
const std::set<std::string>& AnsweringHttpActions() {
  static const std::set<std::string> names = {"deny",   "reject",      "tarpit",     "auth",
                                              "return", "silent-drop", "use-service"};
  return names;
}

class Reader {
 public:
  Reader(const SourceFilePtr& file, Diagnostics& diagnostics)
      : file_(file), diagnostics_(diagnostics) {}

  Config Read();

 private:
  void StartSection(const Words& w);
  void ProxyLine(const Words& w);
  void ReadBind(const Words& w);
  void ReadServer(const Words& w);
  void ReadRedirect(const Words& w, size_t first, bool http_request);
  void ReadUseBackend(const Words& w);
  void ReadSource(const Words& w);
  void ReadTimeout(const Words& w);
  void ReadOption(const Words& w);
  void ReadStick(const Words& w);
  // Reads `if|unless COND` starting at w[i]; false (with an error) when malformed.
  bool ReadCondition(const Words& w, size_t i, Condition& out);
  void EndSection();
  SourceRange Line(const Words& w) const;
  void NotInSection(const Word& keyword, const char* what);

  const SourceFilePtr& file_;
  Diagnostics& diagnostics_;
  Config config_;
  std::optional<Proxy> current_;   // the proxy or defaults section being read
  std::string section_keyword_;    // its keyword ("frontend", …), for HAProxy's own messages
  bool in_other_section_ = false;  // global, userlist, …
  // Whether the other section's first line is indented (-1: no line yet): its keywords are
  // not checked, but an unindented line in an indented body is no keyword of it.
  int other_indented_ = -1;
  Proxy last_defaults_;  // applies to the next proxies
  std::map<std::string, Proxy> named_defaults_;
};

SourceRange Reader::Line(const Words& w) const {
  SourceRange first = w.front().at, last = w.back().at;
  return SourceRange{file_, first.offset, last.offset + last.length - first.offset};
}

void Reader::NotInSection(const Word& keyword, const char* what) {
  diagnostics_.Error(keyword.at, "'" + keyword.text + "' is not allowed in " + what);
}

void Reader::EndSection() {
  if (!current_) return;
  if (current_->kind == Proxy::Kind::kDefaults) {
    if (!current_->name.empty()) named_defaults_[current_->name] = *current_;
    last_defaults_ = *current_;
  } else {
    config_.proxies.push_back(std::move(*current_));
  }
  current_.reset();
}

void Reader::StartSection(const Words& w) {
  EndSection();
  const std::string& keyword = w[0].text;
  section_keyword_ = keyword;
  in_other_section_ = OtherSections().count(keyword) > 0;
  other_indented_ = -1;
  if (in_other_section_) return;
  Proxy::Kind kind = keyword == "defaults"   ? Proxy::Kind::kDefaults
                     : keyword == "frontend" ? Proxy::Kind::kFrontend
                     : keyword == "backend"  ? Proxy::Kind::kBackend
                                             : Proxy::Kind::kListen;
  size_t i = 1;
  std::string name;
  if (i < w.size() && w[i].text != "from") name = w[i++].text;
  if (name.empty() && kind != Proxy::Kind::kDefaults) {
    diagnostics_.Error(w[0].at, "'" + keyword + "' needs a name");
  }
  Proxy proxy = last_defaults_;
  if (i + 1 < w.size() && w[i].text == "from") {
    auto it = named_defaults_.find(w[i + 1].text);
    if (it == named_defaults_.end()) {
      diagnostics_.Error(w[i + 1].at, "no defaults section named '" + w[i + 1].text + "'");
    } else {
      proxy = it->second;
    }
    i += 2;
  }
  if (i < w.size()) diagnostics_.Warning(w[i].at, "unexpected '" + w[i].text + "'; ignored");
  proxy.kind = kind;
  proxy.name = name;
  proxy.at = Line(w);
  current_ = std::move(proxy);
}

bool Reader::ReadCondition(const Words& w, size_t i, Condition& out) {
  if (i >= w.size()) return true;
  if (w[i].text != "if" && w[i].text != "unless") {
    diagnostics_.Error(w[i].at, "expected 'if' or 'unless', got '" + w[i].text + "'");
    return false;
  }
  if (i + 1 >= w.size()) {
    diagnostics_.Error(w[i].at, "'" + w[i].text + "' needs a condition");
    return false;
  }
  out.present = true;
  out.negate = w[i].text == "unless";
  out.words.assign(w.begin() + static_cast<long>(i) + 1, w.end());
  if (auto missing = UndeclaredAcl(out, *current_)) {
    diagnostics_.Error(missing->at,
                       "no ACL named '" + missing->text + "' in '" + current_->name + "'");
    return false;
  }
  return true;
}

void Reader::ReadBind(const Words& w) {
  if (!current_->HasFrontend()) return NotInSection(w[0], "a backend or defaults section");
  if (w.size() < 2) {
    diagnostics_.Error(w[0].at, "bind needs ADDRESS:PORT");
    return;
  }
  Bind bind;
  bind.at = Line(w);
  bool v6only = false;
  for (size_t i = 2; i < w.size(); ++i) {
    if (w[i].text == "ssl") bind.ssl = true;
    if (w[i].text == "v6only") v6only = true;
  }
  const Word& list = w[1];
  size_t begin = 0;
  while (begin <= list.text.size()) {
    size_t comma = list.text.find(',', begin);
    if (comma == std::string::npos) comma = list.text.size();
    std::string item = list.text.substr(begin, comma - begin);
    begin = comma + 1;
    SplitAddress split = SplitHostPort(item);
    if (split.host.starts_with("/") || split.prefix == "unix" || split.prefix == "abns" ||
        split.prefix == "fd" || split.prefix == "sockpair") {
      diagnostics_.Note(list.at, "'" + item + "' is not a network listener; not modelled");
      continue;
    }
    BindAddress a;
    a.at = list.at;
    if (split.prefix == "quic4" || split.prefix == "quic6" || split.prefix == "udp" ||
        split.prefix == "udp4" || split.prefix == "udp6") {
      a.protocol = 17;
    }
    auto ports = split.has_port ? ParsePortRange(split.port) : std::nullopt;
    if (!ports) {
      diagnostics_.Error(list.at, split.has_port && !split.port.empty()
                                      ? "bad port '" + split.port + "' in '" + item + "'"
                                      : "bind '" + item + "' has no port");
      continue;
    }
    a.first_port = ports->first;
    a.last_port = ports->second;
    if (split.host.empty() || split.host == "*" || split.host == "0.0.0.0") {
      a.any_ipv4 = true;
    } else if (split.host == "::") {
      a.any_ipv6 = true;
      a.any_ipv4 = !v6only && split.prefix != "ipv6";
    } else if (auto address = ParseIpAddress(split.host)) {
      a.address = address;
    } else {
      diagnostics_.Warning(list.at, "bind address '" + split.host +
                                        "' is a host name, resolved by HAProxy at startup; "
                                        "not modelled");
      continue;
    }
    bind.addresses.push_back(a);
  }
  if (!bind.addresses.empty()) current_->binds.push_back(std::move(bind));
}

void Reader::ReadServer(const Words& w) {
  if (!current_->HasBackend()) return NotInSection(w[0], "a frontend or defaults section");
  if (w.size() < 3) {
    diagnostics_.Error(w.back().at, "server needs a name and an address");
    return;
  }
  Server server;
  server.name = w[1].text;
  server.at = Line(w);
  SplitAddress split = SplitHostPort(w[2].text);
  auto address = ParseIpAddress(split.host);
  if (!address) {
    diagnostics_.Warning(w[2].at, "server address '" + split.host +
                                      "' is a host name, resolved by HAProxy; not modelled");
    return;
  }
  server.address = *address;
  if (split.has_port && !split.port.empty()) {
    bool relative = split.port[0] == '+' || split.port[0] == '-';
    auto port = ParsePortRange(relative ? split.port.substr(1) : split.port);
    if (!port || port->first != port->second) {
      diagnostics_.Error(w[2].at, "bad server port '" + split.port + "'");
      return;
    }
    server.port_kind = relative ? Server::PortKind::kOffset : Server::PortKind::kFixed;
    server.port = split.port[0] == '-' ? -port->first : port->first;
  }
  for (size_t i = 3; i < w.size(); ++i) {
    const std::string& option = w[i].text;
    if (option == "disabled") server.disabled = true;
    if (option == "backup") server.backup = true;
    if (option == "check") server.check = true;
    if (option == "port" && i + 1 < w.size()) {
      auto port = ParsePortRange(w[i + 1].text);
      if (port) server.check_port = port->first;
    }
  }
  if (server.disabled) {
    diagnostics_.Note(w[1].at, "server '" + server.name + "' is disabled: not a member");
  } else if (server.backup) {
    diagnostics_.Note(w[1].at, "backup server '" + server.name +
                                   "' serves only when every active server is down: a member "
                                   "only when the backend has no active server");
  }
  current_->servers.push_back(std::move(server));
}

void Reader::ReadRedirect(const Words& w, size_t first, bool http_request) {
  if (current_->kind == Proxy::Kind::kBackend) {
    diagnostics_.Warning(w[0].at, "redirect in a backend is not modelled");
    return;
  }
  if (first + 1 >= w.size()) {
    diagnostics_.Error(w[first - 1].at,
                       "redirect needs 'scheme', 'location' or 'prefix' and a value");
    return;
  }
  Redirect r;
  r.at = Line(w);
  r.http_request = http_request;
  const std::string& type = w[first].text;
  const std::string& value = w[first + 1].text;
  if (type == "scheme") {
    r.location = value + "://%host%%uri%";
  } else if (type == "location") {
    r.location = value;
  } else if (type == "prefix") {
    r.location = value + "%uri%";
  } else {
    diagnostics_.Error(w[first].at,
                       "expected 'scheme', 'location' or 'prefix', got '" + type + "'");
    return;
  }
  size_t i = first + 2;
  while (i < w.size() && w[i].text != "if" && w[i].text != "unless") {
    if (w[i].text == "code" && i + 1 < w.size()) {
      auto code = ParsePortRange(w[i + 1].text);
      if (!code || code->first < 301 || code->first > 308) {
        diagnostics_.Error(w[i + 1].at, "redirect code must be 301, 302, 303, 307 or 308");
        return;
      }
      r.status = code->first;
      ++i;
    }
    ++i;
  }
  if (!ReadCondition(w, i, r.condition)) return;
  current_->redirects.push_back(std::move(r));
}

void Reader::ReadUseBackend(const Words& w) {
  if (!current_->HasFrontend()) return NotInSection(w[0], "a backend or defaults section");
  if (w.size() < 2) {
    diagnostics_.Error(w[0].at, "use_backend needs a backend name");
    return;
  }
  UseBackend rule;
  rule.backend = w[1];
  rule.at = Line(w);
  if (!ReadCondition(w, 2, rule.condition)) return;
  if (rule.backend.text.find("%[") != std::string::npos) {
    diagnostics_.Warning(w[1].at,
                         "backend name is computed at run time; this rule is not modelled");
    return;
  }
  current_->use_backends.push_back(std::move(rule));
}

void Reader::ReadSource(const Words& w) {
  if (w.size() < 2) {
    diagnostics_.Error(w[0].at, "source needs an address");
    return;
  }
  SplitAddress split = SplitHostPort(w[1].text);
  auto address = ParseIpAddress(split.host);
  if (!address) {
    diagnostics_.Warning(w[1].at, "source '" + w[1].text + "' not understood; not modelled");
    return;
  }
  current_->source = address;
  current_->source_is_client = false;
  if (w.size() >= 4 && w[2].text == "usesrc") {
    if (w[3].text == "clientip" || w[3].text == "client") {
      current_->source_is_client = true;
    } else {
      diagnostics_.Warning(w[3].at, "usesrc '" + w[3].text + "' not modelled");
      current_->source.reset();
    }
  }
}

void Reader::ReadTimeout(const Words& w) {
  if (w.size() < 3) return;
  auto ms = ParseDurationMs(w[2].text);
  if (!ms) {
    diagnostics_.Error(w[2].at, "bad timeout '" + w[2].text + "'");
    return;
  }
  if (w[1].text == "client") {
    current_->hlb.timeout_client_ms = ms;
    current_->hlb.timeout_client_at = Line(w);
  }
  if (w[1].text == "server") {
    current_->hlb.timeout_server_ms = ms;
    current_->hlb.timeout_server_at = Line(w);
  }
  if (w[1].text == "tunnel") current_->hlb.timeout_tunnel_ms = ms;
}

void Reader::ReadOption(const Words& w) {
  if (w.size() < 2) return;
  const std::string& option = w[1].text;
  if (option == "httpchk") current_->hlb.http_check = true;
  if (option == "transparent" || option == "http_proxy") {
    diagnostics_.Warning(w[1].at, "option " + option +
                                      " sends connections to their original destination; "
                                      "not modelled");
  }
}

void Reader::ReadStick(const Words& w) {
  if (w[0].text == "stick-table") {
    for (size_t i = 1; i + 1 < w.size(); ++i) {
      if (w[i].text == "type") current_->hlb.stick_table_type = w[i + 1].text;
    }
    return;
  }
  if (w.size() >= 3 && (w[1].text == "on" || w[1].text == "match") && w[2].text == "src") {
    current_->hlb.stick_on_source = true;
    current_->hlb.stick_at = Line(w);
  }
}

void Reader::ProxyLine(const Words& w) {
  const std::string& k = w[0].text;
  if (k == "bind") return ReadBind(w);
  if (k == "server") return ReadServer(w);
  if (k == "mode") {
    if (w.size() < 2 || (w[1].text != "http" && w[1].text != "tcp")) {
      diagnostics_.Error(w.size() < 2 ? w[0].at : w[1].at, "mode must be http or tcp");
      return;
    }
    current_->mode = w[1].text;
    return;
  }
  if (k == "default_backend") {
    if (current_->kind == Proxy::Kind::kBackend) return NotInSection(w[0], "a backend section");
    if (w.size() < 2) return diagnostics_.Error(w[0].at, "default_backend needs a name");
    current_->default_backend = w[1];
    return;
  }
  if (k == "use_backend") return ReadUseBackend(w);
  if (k == "acl") {
    if (w.size() < 3) return diagnostics_.Error(w[0].at, "acl needs a name and a criterion");
    current_->acls[w[1].text].push_back(AclLine{Words(w.begin() + 2, w.end()), Line(w)});
    return;
  }
  if (k == "redirect") return ReadRedirect(w, 1, false);
  if (k == "http-request") {
    if (w.size() >= 2 && w[1].text == "redirect") return ReadRedirect(w, 2, true);
    if (w.size() >= 2 && AnsweringHttpActions().count(w[1].text)) {
      diagnostics_.Warning(w[1].at,
                           "http-request " + w[1].text + " answers requests itself; not modelled");
    }
    return;
  }
  if (k == "tcp-request") {
    bool harmless =
        w.size() >= 2 && (w[1].text == "inspect-delay" || (w.size() >= 3 && w[2].text == "accept"));
    if (!harmless) {
      diagnostics_.Warning(w[0].at, "tcp-request rules may reject connections; not modelled");
    }
    return;
  }
  if (k == "source") return ReadSource(w);
  if (k == "timeout") return ReadTimeout(w);
  if (k == "option") return ReadOption(w);
  if (k == "balance") {
    if (w.size() >= 2) current_->hlb.balance = w[1].text;
    current_->hlb.balance_at = Line(w);
    return;
  }
  if (k == "cookie") {
    if (w.size() < 2) return diagnostics_.Error(w[0].at, "cookie needs a name");
    current_->hlb.cookie_name = w[1].text;
    current_->hlb.cookie_at = Line(w);
    current_->hlb.cookie_http_only =
        std::any_of(w.begin() + 2, w.end(), [](const Word& x) { return x.text == "httponly"; });
    return;
  }
  if (k == "stick-table" || k == "stick") return ReadStick(w);
  if (k == "disabled") {
    diagnostics_.Warning(w[0].at, "a disabled proxy does not listen; not modelled");
    return;
  }
  if (k == "server-template" || k == "dispatch") {
    diagnostics_.Warning(w[0].at, k + " is not modelled; its servers are not members");
    return;
  }
  if (HarmlessProxyKeywords().count(k)) return;
  if (!UnmodelledProxyKeywords().count(k)) {
    // HAProxy refuses to start on a keyword it does not know; ignoring it could hide a damaged
    // bind, server or default_backend line.
    diagnostics_.Error(w[0].at,
                       "unknown keyword '" + k + "' in '" + section_keyword_ + "' section");
    return;
  }
  diagnostics_.Warning(w[0].at, "'" + k + "' not understood; ignored");
}

Config Reader::Read() {
  std::string_view text = file_->text;
  size_t begin = 0;
  while (begin < text.size()) {
    size_t end = text.find('\n', begin);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line_text = text.substr(begin, end - begin);
    TokenizedLine line = TokenizeLine(file_, line_text);
    begin = end + 1;
    const Words& w = line.words;
    if (w.empty()) continue;
    const std::string& k = w[0].text;
    if (!line.unresolved.empty()) {
      diagnostics_.Warning(w[0].at, "line uses an " + line.unresolved +
                                        ", resolved by HAProxy at startup; not modelled");
      continue;
    }
    if (k.starts_with(".")) {
      diagnostics_.Warning(
          w[0].at, "conditional block '" + k + "' is not evaluated; every line inside is read");
      continue;
    }
    if (k == "defaults" || k == "frontend" || k == "backend" || k == "listen" ||
        OtherSections().count(k)) {
      StartSection(w);
      continue;
    }
    if (in_other_section_) {
      bool indented = line_text.find_first_not_of(" \t") > 0;
      if (other_indented_ < 0) other_indented_ = indented;
      if (other_indented_ == 1 && !indented) {
        // A damaged section line: HAProxy would read it, and the section's lines after it,
        // as keywords of the section before and refuse them.
        diagnostics_.Error(w[0].at, "'" + k +
                                        "' is not a section keyword (the lines above are "
                                        "indented as the body of '" +
                                        section_keyword_ + "')");
      }
      continue;
    }
    if (!current_) {
      diagnostics_.Error(w[0].at, "'" + k + "' is not a section keyword");
      continue;
    }
    ProxyLine(w);
  }
  EndSection();
  return std::move(config_);
}

}  // namespace

const Proxy* Config::FindBackend(const std::string& name) const {
  for (const Proxy& p : proxies) {
    if (p.name == name && p.HasBackend()) return &p;
  }
  return nullptr;
}

Config ReadConfig(const SourceFilePtr& file, Diagnostics& diagnostics) {
  return Reader(file, diagnostics).Read();
}

}  // namespace flowaudit::haproxy
