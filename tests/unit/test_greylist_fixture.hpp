// test_greylist_fixture.hpp: a temporary directory and a real redis-server for
// the greylisting store tests. The server is started by the fixture
// (`redis-server --port 0|N --bind 127.0.0.1 --unixsocket DIR/redis.sock
// --save '' --daemonize no`), waited for with a bounded poll, and stopped by
// pid (SIGTERM, bounded wait, then SIGKILL). A missing redis-server fails the
// test; it is never skipped.
#pragma once
#include <doctest/doctest.h>
#include <hiredis/hiredis.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <fcntl.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "greylist/options.hpp"

namespace greyfix {

// The error text of a failed Result, "" otherwise: safe inside doctest's
// *_MESSAGE macros, which evaluate their message even on success under -s.
template <class R>
std::string why(const R& r) {
    return r ? std::string() : r.error().message;
}

struct TempDir {
    std::string path;
    TempDir() {
        char tmpl[] = "/tmp/mp-greylist-XXXXXX";
        REQUIRE(mkdtemp(tmpl));
        path = tmpl;
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path, ec);
    }
};

// Wait for a child with a bound; its exit code, 128 + signal, or -1 (killed after the bound).
inline int reap(pid_t pid, int seconds = 20) {
    for (int i = 0; i < seconds * 50; ++i) {
        int st = 0;
        if (waitpid(pid, &st, WNOHANG) == pid) return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
        usleep(20000);
    }
    kill(pid, SIGKILL);
    waitpid(pid, nullptr, 0);
    return -1;
}

// A free TCP port on 127.0.0.1 (bind to 0, read it back, close).
inline int free_port() {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    REQUIRE(bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
    REQUIRE(getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0);
    close(fd);
    return ntohs(a.sin_port);
}

struct RedisConfig {
    bool tcp = false;
    std::string password;
};

class RedisServer {
public:
    using Config = RedisConfig;
    RedisServer() : RedisServer(RedisConfig{}) {}
    explicit RedisServer(RedisConfig c) : cfg_(c) {
        socket_ = dir_.path + "/redis.sock";
        port_ = c.tcp ? free_port() : 0;
        start();
    }
    ~RedisServer() { stop(); }
    RedisServer(const RedisServer&) = delete;
    RedisServer& operator=(const RedisServer&) = delete;

    mp::greylist::RedisOptions options(const std::string& prefix = "t:") const {
        mp::greylist::RedisOptions o;
        if (cfg_.tcp) {
            o.address = "127.0.0.1";
            o.port = port_;
        } else {
            o.path = socket_;
        }
        o.password = cfg_.password;
        o.prefix = prefix;
        o.timeout = std::chrono::seconds(1);
        return o;
    }
    pid_t pid() const { return pid_; }
    void pause() { kill(pid_, SIGSTOP); }
    void resume() { kill(pid_, SIGCONT); }

    void start() {
        std::vector<std::string> args{"redis-server", "--port", std::to_string(port_), "--bind", "127.0.0.1",
                                      "--unixsocket", socket_, "--unixsocketperm", "700", "--save", "",
                                      "--appendonly", "no", "--daemonize", "no", "--dir", dir_.path};
        if (!cfg_.password.empty()) {
            args.push_back("--requirepass");
            args.push_back(cfg_.password);
        }
        pid_ = fork();
        REQUIRE(pid_ >= 0);
        if (pid_ == 0) {
            prctl(PR_SET_PDEATHSIG, SIGTERM);  // a crashed parent leaves no server behind
            int log = open((dir_.path + "/redis.log").c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
            dup2(log, 1);
            dup2(log, 2);
            std::vector<char*> argv;
            for (auto& a : args) argv.push_back(a.data());
            argv.push_back(nullptr);
            execvp("redis-server", argv.data());
            _exit(127);
        }
        for (int i = 0; i < 500; ++i) {  // bounded: 10 s
            int status = 0;
            if (waitpid(pid_, &status, WNOHANG) == pid_) {
                pid_ = -1;
                FAIL("redis-server exited at start (exit " << WEXITSTATUS(status) << "; 127: not installed)");
            }
            if (ping()) return;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        stop();
        FAIL("redis-server did not answer PING within 10 s");
    }

    void stop() {
        if (pid_ <= 0) return;
        kill(pid_, SIGCONT);
        kill(pid_, SIGTERM);
        for (int i = 0; i < 250; ++i) {  // bounded: 5 s, then SIGKILL
            if (waitpid(pid_, nullptr, WNOHANG) == pid_) {
                pid_ = -1;
                return;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        kill(pid_, SIGKILL);
        waitpid(pid_, nullptr, 0);
        pid_ = -1;
    }

    // A command on a fresh connection (for checks that bypass the store).
    std::string command(const std::vector<std::string>& argv, int db = 0) const {
        timeval tv{2, 0};
        redisContext* c = redisConnectUnixWithTimeout(socket_.c_str(), tv);
        std::string out = "(connect failed)";
        if (c && !c->err) {
            if (!cfg_.password.empty()) freeReplyObject(redisCommand(c, "AUTH %s", cfg_.password.c_str()));
            if (db != 0) freeReplyObject(redisCommand(c, "SELECT %d", db));
            std::vector<const char*> p;
            std::vector<size_t> l;
            for (auto& a : argv) {
                p.push_back(a.data());
                l.push_back(a.size());
            }
            auto* r = static_cast<redisReply*>(redisCommandArgv(c, int(argv.size()), p.data(), l.data()));
            if (r && (r->type == REDIS_REPLY_STRING || r->type == REDIS_REPLY_STATUS || r->type == REDIS_REPLY_ERROR))
                out = std::string(r->str, r->len);
            else if (r && r->type == REDIS_REPLY_INTEGER)
                out = std::to_string(r->integer);
            else if (r)
                out = "(type " + std::to_string(r->type) + ")";
            freeReplyObject(r);
        }
        if (c) redisFree(c);
        return out;
    }

private:
    bool ping() const {
        timeval tv{1, 0};
        redisContext* c = redisConnectUnixWithTimeout(socket_.c_str(), tv);
        bool ok = c && !c->err;
        if (ok) {
            auto* r = static_cast<redisReply*>(redisCommand(c, "PING"));
            ok = r != nullptr;  // PONG, or NOAUTH when a password is set: either way it serves
            freeReplyObject(r);
        }
        if (c) redisFree(c);
        return ok;
    }

    Config cfg_;
    TempDir dir_;
    std::string socket_;
    int port_ = 0;
    pid_t pid_ = -1;
};

}  // namespace greyfix
