// test_maps_source.cpp: reloadable maps. A broken replacement keeps the old
// map answering and reports its errors; a fixed file replaces it; refresh()
// notices changes by stat and reports a broken file once per change.
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

TEST_CASE("refresh reloads on change only and reports a broken file once") {
    TempDir t;
    fs::path p = t.dir / "map";
    replace(p, "a 1\n");
    Source<TextMap> src(p.string(), text_loader());
    auto first = src.refresh();
    REQUIRE(first);
    CHECK(*first);
    auto again = src.refresh();
    REQUIRE(again);
    CHECK_FALSE(*again);

    replace(p, "a\n");
    CHECK_FALSE(src.refresh());
    auto quiet = src.refresh();  // same broken file: not reported again
    REQUIRE(quiet);
    CHECK_FALSE(*quiet);
    CHECK(rhs(src, "a") == "1");

    replace(p, "a 2\n");
    auto fixed = src.refresh();
    REQUIRE(fixed);
    CHECK(*fixed);
    CHECK(rhs(src, "a") == "2");

    fs::remove(p);
    CHECK_FALSE(src.refresh());  // vanished: reported, old map stays
    CHECK(rhs(src, "a") == "2");
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
