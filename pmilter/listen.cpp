// listen.cpp: see listen.hpp.
#include "pmilter/listen.hpp"

#include <sys/stat.h>

#include <charconv>
#include <fstream>
#include <sstream>
#include <thread>

namespace mp::pmilter {

namespace {

std::string unix_path(const std::string& spec) {
    for (const char* p : {"unix:", "local:"})
        if (spec.starts_with(p)) return spec.substr(std::string_view(p).size());
    return spec.find(':') == std::string::npos ? spec : std::string();
}

bool is_socket(const std::string& path) {
    struct stat st;
    return ::stat(path.c_str(), &st) == 0 && S_ISSOCK(st.st_mode);
}

std::string read_file(const char* path) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

bool up(const std::string& spec) {
    if (std::string path = unix_path(spec); !path.empty()) return is_socket(path);
    return tcp_listening(read_file("/proc/net/tcp"), inet_port(spec)) ||
           tcp_listening(read_file("/proc/net/tcp6"), inet_port(spec));
}

}  // namespace

int inet_port(const std::string& spec) {
    if (!spec.starts_with("inet:")) return 0;
    size_t at = spec.find('@');
    std::string_view port = std::string_view(spec).substr(5, at == std::string::npos ? std::string::npos : at - 5);
    int n = 0;
    auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), n);
    if (ec != std::errc() || end != port.data() + port.size() || n <= 0 || n > 65535) return 0;
    return n;
}

// Lines: "sl local_address rem_address st ...", local "0100007F:0D05", st 0A = LISTEN.
bool tcp_listening(const std::string& table, int port) {
    if (port <= 0) return false;
    std::istringstream in(table);
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream f(line);
        std::string sl, local, remote, st;
        if (!(f >> sl >> local >> remote >> st) || st != "0A") continue;
        size_t colon = local.rfind(':');
        int n = 0;
        if (colon == std::string::npos) continue;
        auto [end, ec] = std::from_chars(local.data() + colon + 1, local.data() + local.size(), n, 16);
        if (ec == std::errc() && end == local.data() + local.size() && n == port) return true;
    }
    return false;
}

Result<void> wait_listening(const std::string& spec, std::chrono::milliseconds limit) {
    auto deadline = std::chrono::steady_clock::now() + limit;
    while (!up(spec)) {
        if (std::chrono::steady_clock::now() >= deadline)
            return fail("libpmilter did not open " + spec + " within " + std::to_string(limit.count() / 1000) + "s");
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return {};
}

}  // namespace mp::pmilter
