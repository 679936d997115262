// test_qmail_spool.cpp: the message spool keeps small messages in memory,
// moves large ones to a temporary file, and reads back the same bytes.
#include <doctest/doctest.h>

#include <unistd.h>

#include <string>
#include <thread>

#include "qmail/spool.hpp"

using namespace mp::qmail;

TEST_CASE("small in memory, large on disk, same bytes back") {
    struct Case {
        size_t size;
        bool on_disk;
    };
    const Case cases[] = {{0, false}, {100, false}, {Spool::kInMemory, false}, {Spool::kInMemory + 1, true},
                          {3 * Spool::kInMemory + 12345, true}};
    for (const auto& c : cases) {
        CAPTURE(c.size);
        std::string data(c.size, '\0');
        for (size_t i = 0; i < c.size; ++i) data[i] = char('a' + (i * 7919) % 26);
        int p[2];
        REQUIRE(pipe(p) == 0);
        std::thread writer([&] {
            for (size_t at = 0; at < data.size();) at += size_t(write(p[1], data.data() + at, data.size() - at));
            close(p[1]);
        });
        auto s = Spool::read_from(p[0]);
        writer.join();
        close(p[0]);
        REQUIRE(s);
        CHECK(s->size() == c.size);
        CHECK(s->on_disk() == c.on_disk);
        std::string back;
        for (size_t at = 0; at < s->size(); at += 65536) back += *s->at(at, 65536);
        CHECK(back == data);
        CHECK(*s->at(c.size, 10) == "");
    }
}
