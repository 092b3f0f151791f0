#include "importers/netscaler/vserver_options.h"

#include <set>

namespace flowaudit::netscaler {
namespace {

// Read by the importer (persistence, timeouts, redirects, state) or harmless tuning.
const std::set<std::string>& KnownOptions() {
  static const std::set<std::string> options = {
      // read by the importer
      "backupvserver", "clttimeout", "cookiename", "httpsredirecturl", "netprofile",
      "persistencetype", "redirectfromport", "redirecturl", "state", "targettype", "td",
      "listenpolicy", "m", "ippattern", "ipmask", "ipset",
      // tuning: load-balancing method, persistence details, profiles, logging, RHI, …
      "adfsproxyprofile", "appflowlog", "authentication", "authenticationhost", "authn401",
      "authnprofile", "authnvsname", "backuplbmethod", "backuppersistencetimeout", "bypassaaaa",
      "cacheable", "casesensitive", "comment", "connfailover", "cookiedomain", "cookietimeout",
      "datalength", "dataoffset", "dbprofilename", "dbslb", "disableprimaryondown", "dns64",
      "dnsprofilename", "dnsrecordtype", "downstateflush", "hashlength", "healththreshold",
      "httpprofilename", "icmpvsrresponse", "insertvserveripport", "l2conn", "lbmethod",
      "lbprofilename", "listenpriority", "macmoderetainvlan", "maxautoscalemembers",
      "minautoscalemembers", "mssqlserverversion", "mysqlcharacterset", "mysqlprotocolversion",
      "mysqlservercapabilities", "mysqlserverversion", "netmask", "newservicerequest",
      "newservicerequestincrementinterval", "newservicerequestunit", "orderthreshold",
      "persistencebackup", "persistmask", "precedence", "probeport", "probeprotocol",
      "probesuccessresponsecode", "processlocal", "push", "pushlabel", "pushmulticlients",
      "pushvserver", "quicbridgeprofilename", "range", "recursionavailable", "redirectportrewrite",
      "resrule", "retainconnectionsoncluster", "rhistate", "rule", "sessionless", "skippersistency",
      "sobackupaction", "somethod", "sopersistence", "sopersistencetimeout", "sothreshold",
      "stateupdate", "tcpprofilename", "timeout", "toggleorder", "tosid", "trofspersistence",
      "v6netmasklen", "v6persistmasklen", "vipheader", "weight"};
  return options;
}

std::string ValueOf(const Option& option) {
  return option.Value() ? Lower(option.Value()->text) : "";
}

}  // namespace

std::string UnknownBecauseOf(const Option& option) {
  const std::string& name = option.name.text;
  std::string value = ValueOf(option);
  if (!KnownOptions().count(name)) return "option -" + option.name.text + " is not modelled";
  if (name == "listenpolicy" && value != "none") {
    return "a listen policy decides which clients it accepts";
  }
  if (name == "m" && value != "ip") {
    return "redirection mode " + value + " (the members receive the VIP as destination)";
  }
  if (name == "td" && value != "0") return "it is in traffic domain " + value;
  if (name == "ippattern" || name == "ipset") return "it listens on an address pattern or set";
  if (name == "targettype" && value == "gslb") return "it switches to GSLB vservers";
  if ((name == "authentication" || name == "authn401") && value == "on") {
    return "clients must authenticate first (-" + option.name.text + " ON)";
  }
  return "";
}

}  // namespace flowaudit::netscaler
