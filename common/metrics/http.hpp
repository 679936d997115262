// http.hpp: the metrics endpoint, libmicrohttpd serving the registry's
// Prometheus text at GET /metrics (every other path: 404) from its own
// thread. The daemons start it after the privilege drop:
//   auto srv = metrics::Server::start(opts.listen);   // Result<unique_ptr<Server>>
// The Server stops when destroyed. Rendering takes the registry's lock, never
// a lock the hot path takes.
#pragma once
#include <memory>
#include <string>

#include "util/result.hpp"

struct MHD_Daemon;

namespace mp::metrics {

class Server {
public:
    static Result<std::unique_ptr<Server>> start(const std::string& listen);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

private:
    explicit Server(MHD_Daemon* d) : d_(d) {}
    MHD_Daemon* d_;
};

}  // namespace mp::metrics
