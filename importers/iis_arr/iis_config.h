// What the IIS ARR importer reads from an applicationHost.config or web.config before it
// decides anything: site bindings (the listeners), ARR web farms (the pools), the ARR proxy
// switch, and the URL Rewrite rule sets in the order IIS runs them. config_reader.cpp fills
// it from the XML; evaluator.cpp and virtual_servers.cpp turn it into virtual servers.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "models/ip_address.h"
#include "models/source.h"

namespace flowaudit::iis {

// One `<binding protocol="http|https" bindingInformation="IP:PORT:HOST"/>` of a site.
struct Binding {
  bool https = false;
  std::optional<IpAddress> address;  // unset: `*`, every address (both families)
  uint16_t port = 0;
  std::string host;  // the host-header part; empty: every host name
  SourceRange at;
  // A protocol IIS does not know: what listens there is unknown (its endpoint is kept).
  std::string unknown_protocol;
  SourceRange unknown_at;
};

enum class PatternSyntax { kEcmaScript, kWildcard, kExactMatch };

// A `<match url=…>` or a condition `<add input=… pattern=…>`.
struct Pattern {
  std::string text;
  PatternSyntax syntax = PatternSyntax::kEcmaScript;
  bool negate = false;
  bool ignore_case = true;
  SourceRange at;  // the pattern's value (or the element when the value is absent)
};

struct Condition {
  std::string input;  // "{HTTPS}", "{HTTP_HOST}{REQUEST_URI}"
  enum class Kind { kPattern, kIsFile, kIsDirectory } kind = Kind::kPattern;
  Pattern pattern;
  SourceRange at;  // the `<add>` element
};

struct Action {
  enum class Type { kNone, kRewrite, kRedirect, kCustomResponse, kAbortRequest } type = Type::kNone;
  std::string url;
  SourceRange url_at;  // the url value, for pointing at the host part
  int status = 301;    // Redirect: from redirectType; CustomResponse: statusCode
  SourceRange status_at;
  SourceRange at;  // the `<action>` element, else the rule
};

struct Rule {
  std::string name;
  bool enabled = true;
  bool stop_processing = false;
  Pattern match;
  bool match_all = true;  // conditions logicalGrouping MatchAll (default) or MatchAny
  std::vector<Condition> conditions;
  Action action;
  SourceRange at;  // the `<rule>` start tag
};

// The rules one configuration level contributes, and whether it drops inherited ones.
struct RuleLevel {
  bool clear = false;                // `<clear/>`: inherited rules are dropped
  std::vector<std::string> removed;  // `<remove name=…/>`
  std::vector<Rule> rules;
  // `<location path="SITE/app">`: the rules see only requests under /app, which depends on
  // the request path; empty for the site or server level.
  std::string sub_path;
  SourceRange sub_path_at;
};

// `<system.webServer><httpRedirect enabled destination httpResponseStatus/>`.
struct HttpRedirect {
  bool enabled = false;
  std::string destination;
  int status = 302;
  SourceRange at;
};

struct Site {
  std::string name;
  std::vector<Binding> bindings;
  std::vector<RuleLevel> levels;              // `<location path="SITE">` blocks, in file order
  std::optional<HttpRedirect> http_redirect;  // from a `<location path="SITE">`
  SourceRange at;
  // `<application applicationPool=…>` of the site, checked against `<applicationPools>`.
  std::vector<std::pair<std::string, SourceRange>> pools_used;
  std::string unknown_reason;  // set: every answer of the site is UNKNOWN
  SourceRange unknown_at;
};

struct FarmServer {
  std::string address;          // as written
  std::optional<IpAddress> ip;  // when `address` is an IP literal
  bool enabled = true;
  uint16_t http_port = 80;
  uint16_t https_port = 443;
  SourceRange at;
};

struct WebFarm {
  std::string name;
  bool enabled = true;
  std::vector<FarmServer> servers;
  bool cookie_affinity = false;
  std::string cookie_name = "ARRAffinity";
  SourceRange affinity_at;
  std::string health_url;
  SourceRange health_at;
  int64_t timeout_s = 30;  // `<protocol timeout>`, ARR default 00:00:30
  SourceRange timeout_at;
  SourceRange at;
};

// `<system.webServer><proxy enabled=… timeout=…/>`.
struct ProxySwitch {
  std::optional<bool> enabled;  // unset: no `<proxy>` element in the file
  SourceRange enabled_at;
  int64_t timeout_s = 30;  // default 00:00:30
  SourceRange timeout_at;
};

struct Config {
  bool has_application_host = false;                  // the file holds `<system.applicationHost>`
  std::optional<std::vector<std::string>> app_pools;  // `<applicationPools>` names, when read
  std::vector<Site> sites;
  std::vector<WebFarm> farms;
  std::vector<Rule> global_rules;  // `<globalRules>`: every site, first
  RuleLevel server_rules;          // `<rules>` outside a site location: every site
  ProxySwitch proxy;
  HttpRedirect http_redirect;         // server level
  std::vector<SourceRange> elements;  // every element read, for the coverage count

  const WebFarm* FindFarm(std::string_view name) const;  // case-insensitive
  const Site* FindSite(std::string_view name) const;     // case-insensitive
};

}  // namespace flowaudit::iis
