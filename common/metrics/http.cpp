// http.cpp: see http.hpp.
#include "metrics/http.hpp"

#include <microhttpd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "metrics/options.hpp"
#include "metrics/registry.hpp"

namespace mp::metrics {

namespace {

MHD_Result reply(MHD_Connection* c, unsigned status, const std::string& body, const char* type) {
    MHD_Response* r = MHD_create_response_from_buffer(body.size(), const_cast<char*>(body.data()),
                                                      MHD_RESPMEM_MUST_COPY);
    if (!r) return MHD_NO;
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
    MHD_Result ok = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    return ok;
}

MHD_Result handle(void*, MHD_Connection* c, const char* url, const char* method, const char*, const char*,
                  size_t*, void**) {
    if (std::strcmp(method, "GET") != 0 && std::strcmp(method, "HEAD") != 0)
        return reply(c, MHD_HTTP_METHOD_NOT_ALLOWED, "GET /metrics only\n", "text/plain");
    if (std::strcmp(url, "/metrics") != 0) return reply(c, MHD_HTTP_NOT_FOUND, "GET /metrics only\n", "text/plain");
    return reply(c, MHD_HTTP_OK, registry().render(), "text/plain; version=0.0.4; charset=utf-8");
}

}  // namespace

Result<std::unique_ptr<Server>> Server::start(const std::string& listen) {
    auto ep = parse_listen(listen);
    if (!ep) return fail(ep.error().message);
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_POLL;
    if (ep->addr.ss_family == AF_INET6) flags |= MHD_USE_IPv6;
    errno = 0;
    MHD_Daemon* d = MHD_start_daemon(flags, 0, nullptr, nullptr, &handle, nullptr, MHD_OPTION_SOCK_ADDR,
                                     reinterpret_cast<const sockaddr*>(&ep->addr), MHD_OPTION_CONNECTION_TIMEOUT,
                                     10u, MHD_OPTION_END);
    if (!d) return fail("metrics listen " + listen + ": " + (errno ? std::strerror(errno) : "cannot start"));
    return std::unique_ptr<Server>(new Server(d));
}

Server::~Server() { MHD_stop_daemon(d_); }

}  // namespace mp::metrics
