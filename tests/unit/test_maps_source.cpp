// test_maps_source.cpp: reloadable maps. A broken replacement keeps the old
// map answering and reports its errors; a fixed file replaces it; refresh()
// notices changes by stat, loads them once settled (settled() as a table, and
// `now` passed in: no clock in these tests) and reports a broken file once.
#include <doctest/doctest.h>

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include "maps/source.hpp"
#include "maps/textmap.hpp"

namespace fs = std::filesystem;
using namespace mp::maps;

namespace {

Source<TextMap>::Loader text_loader() {
    return [](const std::string& path) -> mp::Result<std::shared_ptr<const TextMap>, Errors> {
        auto m = TextMap::load(path);
        if (!m) return mp::Unexpected<Errors>{m.error()};
        return std::make_shared<const TextMap>(std::move(*m));
    };
}

// Replace the file the way operators' tools do: write a new file, rename over.
void replace(const fs::path& p, const std::string& text) {
    fs::path tmp = p;
    tmp += ".new";
    std::ofstream(tmp, std::ios::binary) << text;
    fs::rename(tmp, p);
}

struct TempDir {
    fs::path dir = fs::temp_directory_path() / ("mp_source_" + std::to_string(::getpid()));
    TempDir() { fs::create_directories(dir); }
    ~TempDir() { fs::remove_all(dir); }
};

std::string rhs(const Source<TextMap>& s, const char* key) {
    auto snap = s.get();
    const Entry* e = snap ? snap->find(key) : nullptr;
    return e ? e->rhs : "<none>";
}

}  // namespace

TEST_CASE("reload keeps the old map when the new file is broken") {
    TempDir t;
    fs::path p = t.dir / "access";
    replace(p, "old.key v1\n");
    Source<TextMap> src(p.string(), text_loader());
    CHECK_FALSE(src.get());
    REQUIRE(src.reload());
    CHECK(rhs(src, "old.key") == "v1");

    replace(p, "new.key v2\nbroken-line\n");
    auto r = src.reload();
    REQUIRE_FALSE(r);
    CHECK(r.error().errors.at(0) == p.string() + ":2:12: missing right-hand side after key 'broken-line'");
    CHECK(rhs(src, "old.key") == "v1");
    CHECK(rhs(src, "new.key") == "<none>");

    replace(p, "new.key v2\n");
    REQUIRE(src.reload());
    CHECK(rhs(src, "old.key") == "<none>");
    CHECK(rhs(src, "new.key") == "v2");
}

// refresh at `now` (wall ns): a change is loaded at the second check that sees it unchanged.
constexpr long long kLater = 4102444800LL * 1000000000LL;  // 2100-01-01, after any mtime here

TEST_CASE("refresh reloads on change only and reports a broken file once") {
    TempDir t;
    fs::path p = t.dir / "map";
    replace(p, "a 1\n");
    Source<TextMap> src(p.string(), text_loader());
    auto seen = src.refresh(kLater);  // first sight of the file: not yet settled
    REQUIRE(seen);
    CHECK_FALSE(*seen);
    auto first = src.refresh(kLater);
    REQUIRE(first);
    CHECK(*first);
    auto again = src.refresh(kLater);
    REQUIRE(again);
    CHECK_FALSE(*again);

    replace(p, "a\n");
    CHECK(src.refresh(kLater));  // settling
    CHECK_FALSE(src.refresh(kLater));
    auto quiet = src.refresh(kLater);  // same broken file: not reported again
    REQUIRE(quiet);
    CHECK_FALSE(*quiet);
    CHECK(rhs(src, "a") == "1");

    replace(p, "a 2\n");
    CHECK(src.refresh(kLater));
    auto fixed = src.refresh(kLater);
    REQUIRE(fixed);
    CHECK(*fixed);
    CHECK(rhs(src, "a") == "2");

    fs::remove(p);
    CHECK_FALSE(src.refresh(kLater));  // vanished: reported at once, old map stays
    CHECK(rhs(src, "a") == "2");
}

TEST_CASE("settled: the same stamp at two checks, at least one interval old") {
    FileStamp a{1, 2, 10, 5000000000LL, 5000000000LL};
    FileStamp grown = a, touched = a, moved = a;
    grown.size = 20;
    touched.mtime_ns += 1;
    moved.ino = 3;
    struct Row {
        const char* name;
        std::optional<FileStamp> previous, current;
        long long now;
        bool want;
    };
    const long long s = kSettleNs;
    for (const Row& r : std::vector<Row>{
             {"first sight", std::nullopt, a, a.mtime_ns + 10 * s, false},
             {"vanished", a, std::nullopt, a.mtime_ns + 10 * s, false},
             {"unchanged and old", a, a, a.mtime_ns + s, true},
             {"unchanged but younger than the interval", a, a, a.mtime_ns + s - 1, false},
             {"mtime in the future (clock skew)", a, a, a.mtime_ns - s, true},
             {"size changed", a, grown, a.mtime_ns + 10 * s, false},
             {"mtime changed", a, touched, a.mtime_ns + 10 * s, false},
             {"replaced (inode)", a, moved, a.mtime_ns + 10 * s, false},
         }) {
        CAPTURE(r.name);
        CHECK(settled(r.previous, r.current, r.now, s) == r.want);
    }
}

TEST_CASE("whole: what reload() (start, SIGUSR1) loads") {
    FileStamp a{1, 2, 10, 5000000000LL, 5000000000LL};
    FileStamp empty = a, grown = a;
    empty.size = 0;
    grown.size = 20;
    struct Row {
        const char* name;
        std::optional<FileStamp> before, after;
        bool newline;
        long long now;
        bool want;
    };
    const long long s = kSettleNs;
    for (const Row& r : std::vector<Row>{
             {"unchanged, complete, just written", a, a, true, a.mtime_ns + 1, true},
             {"last line incomplete", a, a, false, a.mtime_ns + 10 * s, false},
             {"growing during the pause", a, grown, true, a.mtime_ns + 1, false},
             {"gone during the pause", a, std::nullopt, true, a.mtime_ns + 1, false},
             {"empty, just truncated", empty, empty, true, a.mtime_ns + 1, false},
             {"empty for an interval: meant", empty, empty, true, a.mtime_ns + s, true},
         }) {
        CAPTURE(r.name);
        CHECK(whole(r.before, r.after, r.newline, r.now, s) == r.want);
    }
}

TEST_CASE("a file rewritten in place is not loaded while its last line is incomplete") {
    TempDir t;
    fs::path p = t.dir / "map";
    replace(p, "blocked 1\n");
    Source<TextMap> src(p.string(), text_loader());
    REQUIRE(src.reload());
    {
        std::ofstream(p, std::ios::binary | std::ios::trunc) << "other 2\nblock";  // the writer pauses here
    }
    CHECK(src.refresh(kLater));           // changed: settling
    auto paused = src.refresh(kLater);    // settled, but mid-line: reported, not loaded
    REQUIRE_FALSE(paused);
    CHECK(paused.error().joined().find("no newline") != std::string::npos);
    CHECK(src.refresh(kLater));           // reported once
    CHECK(rhs(src, "blocked") == "1");
    CHECK(rhs(src, "other") == "<none>");
    {
        std::ofstream(p, std::ios::binary | std::ios::app) << "ed 3\n";
    }
    CHECK(src.refresh(kLater));
    auto done = src.refresh(kLater);
    REQUIRE(done);
    CHECK(*done);
    CHECK(rhs(src, "blocked") == "3");
    CHECK(rhs(src, "other") == "2");
}

TEST_CASE("ends_in_newline") {
    TempDir t;
    fs::path p = t.dir / "f";
    for (const auto& row : std::vector<std::pair<std::string, bool>>{
             {"", true}, {"a\n", true}, {"a", false}, {"a\nb", false}, {"\n", true}}) {
        const auto& [text, want] = row;
        std::ofstream(p, std::ios::binary | std::ios::trunc) << text;
        CAPTURE(row.first);  // clang 14 cannot capture a structured binding
        CHECK(ends_in_newline(p.string()) == want);
    }
    CHECK_FALSE(ends_in_newline((t.dir / "none").string()));
}

TEST_CASE("readers keep a consistent snapshot while the map is replaced") {
    TempDir t;
    fs::path p = t.dir / "map";
    replace(p, "k 0\nk2 0\n");
    Source<TextMap> src(p.string(), text_loader());
    REQUIRE(src.reload());
    std::atomic<bool> stop{false};
    std::atomic<int> torn{0};
    std::thread reader([&] {
        while (!stop.load()) {
            auto snap = src.get();  // both keys come from the same file version
            if (snap->find("k")->rhs != snap->find("k2")->rhs) ++torn;
        }
    });
    for (int i = 1; i <= 200; ++i) {
        replace(p, "k " + std::to_string(i) + "\nk2 " + std::to_string(i) + "\n");
        REQUIRE(src.reload());
    }
    stop = true;
    reader.join();
    CHECK(torn.load() == 0);
    CHECK(rhs(src, "k") == "200");
}
