// test_daemon_fds.cpp: when the daemon counts its descriptors as running out
// (fds_short, a pure function of the open count and the limit).
#include <doctest/doctest.h>

#include <vector>

#include "daemon/fds.hpp"

using mp::daemon::fds_short;

TEST_CASE("fds_short: fewer than max(8, limit/32) descriptors left") {
    struct Row {
        long open, limit;
        bool want;
    };
    for (const Row& r : std::vector<Row>{
             {0, 64, false},
             {55, 64, false},      // 9 left
             {56, 64, false},      // 8 left: not fewer than 8
             {57, 64, true},       // 7 left
             {64, 64, true},
             {70, 64, true},       // counted while the limit was lowered
             {3000, 4096, false},  // 1096 left
             {3968, 4096, false},  // 128 = 4096/32 left
             {3969, 4096, true},
             {10, 0, false},       // unknown limit: never short
         }) {
        CAPTURE(r.open);
        CAPTURE(r.limit);
        CHECK(fds_short(r.open, r.limit) == r.want);
    }
}
