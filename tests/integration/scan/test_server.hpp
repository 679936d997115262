// test_server.hpp: a one-shot fake clamd for the garbage-reply cases only (a
// real clamd never answers garbage). It accepts one connection on a unix
// socket, reads a well-formed zINSTREAM up to the zero-length chunk, sends
// the canned reply and closes. Every wait is bounded (5 s).
#pragma once
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <filesystem>
#include <string>
#include <thread>

namespace scantest {

class TestServer {
public:
    explicit TestServer(std::string reply) : reply_(std::move(reply)) {
        std::string t = "/tmp/mp-fakeclamd-XXXXXX";
        dir_ = ::mkdtemp(t.data());
        path_ = dir_ + "/s.sock";
        listen_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_un un{};
        un.sun_family = AF_UNIX;
        std::strncpy(un.sun_path, path_.c_str(), sizeof un.sun_path - 1);
        if (::bind(listen_, reinterpret_cast<sockaddr*>(&un), sizeof un) != 0 || ::listen(listen_, 4) != 0) return;
        thread_ = std::thread([this] { serve(); });
    }
    ~TestServer() {
        if (thread_.joinable()) thread_.join();
        ::close(listen_);
        std::error_code ec;
        std::filesystem::remove_all(dir_, ec);
    }
    const std::string& path() const { return path_; }
    bool received_end() {
        if (thread_.joinable()) thread_.join();
        return got_end_;
    }

private:
    bool read_exact(int fd, char* p, size_t n) {
        while (n > 0) {
            pollfd pf{fd, POLLIN, 0};
            if (::poll(&pf, 1, 60000) <= 0) return false;
            ssize_t r = ::read(fd, p, n);
            if (r <= 0) return false;
            p += r;
            n -= static_cast<size_t>(r);
        }
        return true;
    }
    void serve() {
        pollfd pf{listen_, POLLIN, 0};
        if (::poll(&pf, 1, 60000) <= 0) return;
        int fd = ::accept(listen_, nullptr, nullptr);
        if (fd < 0) return;
        char cmd[10];
        if (read_exact(fd, cmd, 10) && std::memcmp(cmd, "zINSTREAM\0", 10) == 0) {
            std::string chunk;
            for (;;) {
                unsigned char len[4];
                if (!read_exact(fd, reinterpret_cast<char*>(len), 4)) break;
                uint32_t n = uint32_t(len[0]) << 24 | uint32_t(len[1]) << 16 | uint32_t(len[2]) << 8 | len[3];
                if (n == 0) {
                    got_end_ = true;
                    break;
                }
                chunk.resize(n);
                if (!read_exact(fd, chunk.data(), n)) break;
            }
        }
        if (!reply_.empty()) (void)!::write(fd, reply_.data(), reply_.size());
        ::close(fd);
    }

    std::string reply_, dir_, path_;
    int listen_ = -1;
    std::thread thread_;
    std::atomic<bool> got_end_{false};
};

}  // namespace scantest
