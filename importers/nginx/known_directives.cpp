#include "importers/nginx/known_directives.h"

namespace flowaudit::nginx {
namespace {

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

}  // namespace

bool IsHarmlessDirective(std::string_view name) {
  // Families: TLS, logging, compression, client limits and the proxy module's tuning.
  for (std::string_view prefix :
       {"ssl_", "gzip", "client_", "proxy_", "keepalive", "log_", "open_file_cache", "worker_",
        "limit_", "types_hash_", "server_names_hash_", "variables_hash_", "lingering_"}) {
    if (StartsWith(name, prefix)) return true;
  }
  for (std::string_view known : {"user",
                                 "pid",
                                 "error_log",
                                 "access_log",
                                 "daemon",
                                 "master_process",
                                 "load_module",
                                 "env",
                                 "thread_pool",
                                 "timer_resolution",
                                 "pcre_jit",
                                 "lock_file",
                                 "use",
                                 "multi_accept",
                                 "accept_mutex",
                                 "accept_mutex_delay",
                                 "sendfile",
                                 "sendfile_max_chunk",
                                 "tcp_nopush",
                                 "tcp_nodelay",
                                 "default_type",
                                 "charset",
                                 "source_charset",
                                 "server_tokens",
                                 "root",
                                 "alias",
                                 "index",
                                 "autoindex",
                                 "add_header",
                                 "expires",
                                 "etag",
                                 "error_page",
                                 "resolver",
                                 "resolver_timeout",
                                 "send_timeout",
                                 "reset_timedout_connection",
                                 "http2",
                                 "http3",
                                 "large_client_header_buffers",
                                 "output_buffers",
                                 "postpone_output",
                                 "merge_slashes",
                                 "underscores_in_headers",
                                 "ignore_invalid_headers",
                                 "real_ip_header",
                                 "set_real_ip_from",
                                 "real_ip_recursive",
                                 "absolute_redirect",
                                 "port_in_redirect",
                                 "server_name_in_redirect",
                                 "msie_padding",
                                 "aio",
                                 "directio",
                                 "read_ahead",
                                 "least_conn",
                                 "ip_hash",
                                 "hash",
                                 "random",
                                 "zone",
                                 "preread_timeout",
                                 "preread_buffer_size",
                                 "variables_hash_max_size",
                                 "map_hash_bucket_size",
                                 "map_hash_max_size",
                                 "satisfy",
                                 "auth_basic",
                                 "auth_basic_user_file",
                                 "internal",
                                 "try_files",
                                 "set",
                                 "break",
                                 "status_zone",
                                 "stub_status",
                                 "subrequest_output_buffer_size"}) {
    if (name == known) return true;
  }
  return false;
}

bool IsOpaqueBlock(std::string_view name) {
  for (std::string_view known :
       {"map", "geo", "types", "split_clients", "charset_map", "match", "limit_except"}) {
    if (name == known) return true;
  }
  return false;
}

}  // namespace flowaudit::nginx
