// greylist_bench.cpp: in-process greylisting throughput and footprint.
//  - decisions/s through Greylister::check() for the LMDB store (sync full,
//    meta, periodic and none; concurrent threads share group commits), the
//    journal store (sync full and periodic) and the redis store (a redis-server started here on a unix socket, stopped by
//    pid at the end), 1, 2 and 16 threads;
//    every decision is a read-modify-write of one entry (each client address
//    is new or retried, as on a real MX, so every decision writes).
//  - size per million entries: insert N entries (default 200000) with
//    triplet keys, read LMDB's used pages / data.mdb size, the journal
//    store's resident memory (from /proc/self/statm) and snapshot file, and
//    redis's INFO used_memory before and after, and scale by 1e6 / N (linear
//    extrapolation: both grow per entry; LMDB's B-tree overhead is included
//    in the used pages).
// Absolute rates depend on the disk (fsync) and the 2 shared cores.
//
//   greylist_bench [seconds-per-case, default 2] [entries-for-size, default 200000]
#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "greylist/greylister.hpp"
#include "greylist/journal_file.hpp"
#include "greylist/journal_store.hpp"
#include "greylist/lmdb_store.hpp"
#include "greylist/redis_store.hpp"

using namespace mp::greylist;
using Clock = std::chrono::steady_clock;

namespace {

// redis-server on DIR/redis.sock; stopped by pid (SIGTERM, 5 s bound, SIGKILL).
struct Redis {
    pid_t pid = -1;
    std::string sock;
    bool start(const std::string& dir) {
        sock = dir + "/redis.sock";
        pid = fork();
        if (pid == 0) {
            prctl(PR_SET_PDEATHSIG, SIGTERM);  // a crashed parent leaves no server behind
            int log = open((dir + "/redis.log").c_str(), O_WRONLY | O_CREAT, 0600);
            dup2(log, 1);
            dup2(log, 2);
            execlp("redis-server", "redis-server", "--port", "0", "--unixsocket", sock.c_str(), "--save", "",
                   "--appendonly", "no", "--daemonize", "no", "--dir", dir.c_str(), (char*)nullptr);
            _exit(127);
        }
        RedisOptions o;
        o.path = sock;
        for (int i = 0; i < 500; ++i) {
            if (std::filesystem::exists(sock) && RedisStore(o).get("ping")) return true;
            usleep(20000);
        }
        return false;
    }
    ~Redis() {
        if (pid <= 0) return;
        kill(pid, SIGTERM);
        for (int i = 0; i < 250; ++i) {
            if (waitpid(pid, nullptr, WNOHANG) == pid) return;
            usleep(20000);
        }
        kill(pid, SIGKILL);
        waitpid(pid, nullptr, 0);
    }
};

mp::util::IpAddr ip_of(uint32_t i) { return mp::util::IpAddr::v4(0x0A000000u | (i & 0xFFFFFF)); }

// Decisions per second with `threads` threads for `seconds`.
double rate(Greylister& g, int threads, double seconds) {
    std::atomic<uint64_t> done{0}, errors{0};
    std::atomic<bool> stop{false};
    std::vector<std::thread> ts;
    auto now = std::chrono::system_clock::now();
    for (int t = 0; t < threads; ++t)
        ts.emplace_back([&, t] {
            for (uint32_t i = 0; !stop; ++i) {
                // half new clients, half retries of one seen earlier
                uint32_t n = (i % 2 ? i : i / 2) * 2 + uint32_t(t) * 0x400000u;
                if (!g.check({ip_of(n), "<s@x.example>", "<r@y.example>", now})) ++errors;
                ++done;
            }
        });
    auto start = Clock::now();
    std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
    stop = true;
    for (auto& t : ts) t.join();
    double secs = std::chrono::duration<double>(Clock::now() - start).count();
    if (errors) std::printf("    (%llu errors)\n", (unsigned long long)errors.load());
    return double(done) / secs;
}

uint64_t field(const std::string& detail, const std::string& name) {
    auto p = detail.find(name + "=");
    return p == std::string::npos ? 0 : std::strtoull(detail.c_str() + p + name.size() + 1, nullptr, 10);
}

// Insert n triplet entries with two threads; returns false on a store error.
bool fill(Store& s, int n) {
    std::atomic<bool> ok{true};
    Policy p;
    int64_t now = std::time(nullptr);
    auto work = [&](int from, int to) {
        for (int i = from; i < to && ok; ++i) {
            std::string key = ip_of(uint32_t(i)).str() + " <sender" + std::to_string(i) + "@mail.example.com> <user" +
                              std::to_string(i % 5000) + "@example.net>";
            if (!s.decide({key, ""}, now, p)) ok = false;
        }
    };
    std::thread a(work, 0, n / 2), b(work, n / 2, n);
    a.join();
    b.join();
    return ok;
}

double resident_mb() {
    long pages = 0, resident = 0;
    if (FILE* f = std::fopen("/proc/self/statm", "r")) {
        if (std::fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = 0;
        std::fclose(f);
    }
    return double(resident) * double(sysconf(_SC_PAGESIZE)) / 1e6;
}

// The journal store's memory (resident growth while filling) and its snapshot file.
void journal_size(const std::string& dir, int n, double scale) {
    JournalOptions jo;
    jo.path = dir + "/size-journal";
    jo.sync = JournalOptions::Sync::None;
    jo.journal_size = 256ull << 20;  // no rotation while filling (about 100 bytes an entry)
    double before = resident_mb();
    {
        auto j = JournalStore::open(jo, uint64_t(n) * 2);
        if (!j || !fill(**j, n)) return (void)std::printf("journal fill failed\n");
        double mem = resident_mb() - before;
        std::printf("journal %d entries: resident +%.1f MB -> per million: %.0f MB\n", n, mem, mem * scale);
    }
    jo.journal_size = JournalOptions().journal_size;  // as deployed
    auto t0 = std::chrono::steady_clock::now();
    auto j = JournalStore::open(jo, uint64_t(n) * 2);  // recovery, then a snapshot of every entry
    if (!j) return (void)std::printf("journal reopen failed: %s\n", j.error().message.c_str());
    std::printf("journal %d entries: reopen (read back, new snapshot, journal zeroed) %.0f ms\n", n,
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    for (int i = 0; i < 3000 && !std::filesystem::exists(jo.path + "/journal.spare"); ++i)  // made in the background
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    j->reset();
    t0 = std::chrono::steady_clock::now();
    j = JournalStore::open(jo, uint64_t(n) * 2);
    if (!j) return (void)std::printf("journal reopen failed: %s\n", j.error().message.c_str());
    std::printf("journal %d entries: reopen again (the spare journal reused) %.0f ms\n", n,
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    std::error_code ec;
    auto bytes = std::filesystem::file_size(journal::snapshot_path(jo.path, (*j)->generation()), ec);
    std::printf("journal %d entries: snapshot %.1f MB -> per million: %.0f MB\n", n, double(bytes) / 1e6,
                double(bytes) / 1e6 * scale);
}

void sizes(const std::string& dir, const RedisOptions& ro, int n) {
    double scale = 1e6 / n;
    LmdbOptions lo;
    lo.path = dir + "/size-env";
    lo.sync = LmdbOptions::Sync::None;
    lo.max_map_size = 8ull << 30;
    auto l = LmdbStore::open(lo, uint64_t(n) * 2);
    if (!l || !fill(**l, n)) return (void)std::printf("lmdb fill failed\n");
    auto ls = (*l)->stats();
    std::printf("lmdb  %d entries: used %.1f MB, data.mdb %.1f MB -> per million: used %.0f MB, file %.0f MB\n", n,
                field(ls->detail, "used_bytes") / 1e6, field(ls->detail, "file_bytes") / 1e6,
                field(ls->detail, "used_bytes") / 1e6 * scale, field(ls->detail, "file_bytes") / 1e6 * scale);
    l->reset();
    journal_size(dir, n, scale);
    RedisStore r(ro);
    auto before = r.stats();
    if (!before || !fill(r, n)) return (void)std::printf("redis fill failed\n");
    auto after = r.stats();
    double delta = double(field(after->detail, "used_memory")) - double(field(before->detail, "used_memory"));
    std::printf("redis %d entries: used_memory +%.1f MB -> per million: %.0f MB\n", n, delta / 1e6, delta / 1e6 * scale);
}

}  // namespace

int main(int argc, char** argv) {
    double secs = argc > 1 ? std::atof(argv[1]) : 2.0;
    int n = argc > 2 ? std::atoi(argv[2]) : 200000;
    char tmpl[] = "/tmp/mp-greylist-bench-XXXXXX";
    if (!mkdtemp(tmpl)) return 1;
    std::string dir = tmpl;
    int rc = 0;
    {
        Redis redis;
        if (!redis.start(dir)) {
            std::fprintf(stderr, "redis-server did not start\n");
            rc = 1;
        } else {
            std::printf("greylisting decisions/s (Greylister::check, key=client_ip, %.1f s per case)\n", secs);
            using L = LmdbOptions::Sync;
            using J = JournalOptions::Sync;
            struct Case { const char* name; StoreKind store; L sync; J jsync; };
            const Case cases[] = {{"lmdb sync=full", StoreKind::Lmdb, L::Full, J::Full},
                                  {"lmdb sync=meta", StoreKind::Lmdb, L::Meta, J::Full},
                                  {"lmdb sync=periodic", StoreKind::Lmdb, L::Periodic, J::Full},
                                  {"lmdb sync=none", StoreKind::Lmdb, L::None, J::Full},
                                  {"journal sync=full", StoreKind::Journal, L::Full, J::Full},
                                  {"journal sync=periodic", StoreKind::Journal, L::Full, J::Periodic},
                                  {"redis (unix socket)", StoreKind::Redis, L::Full, J::Full}};
            int k = 0;
            for (const auto& c : cases) {
                Options o;
                o.store = c.store;
                o.lmdb.path = dir + "/env" + std::to_string(k++);
                o.lmdb.sync = c.sync;
                o.journal.path = dir + "/journal" + std::to_string(k);
                o.journal.sync = c.jsync;
                o.redis.path = redis.sock;
                o.redis.prefix = "bench" + std::to_string(k) + ":";
                auto g = Greylister::create(o);
                if (!g) {
                    std::printf("%s: %s\n", c.name, g.error().message.c_str());
                    continue;
                }
                double r1 = rate(**g, 1, secs), r2 = rate(**g, 2, secs), r16 = rate(**g, 16, secs);
                std::printf("%-22s 1 thread %9.0f/s   2 threads %9.0f/s   16 threads %9.0f/s\n", c.name, r1, r2, r16);
            }
            RedisOptions ro;
            ro.path = redis.sock;
            ro.prefix = "size:";
            ro.timeout = std::chrono::seconds(5);
            sizes(dir, ro, n);
        }
    }
    std::filesystem::remove_all(dir);
    return rc;
}
