// test_config_table.cpp: config::Table, rows bound to struct members. Every
// binding kind read back through the real parser; a parser's error and a
// broken rule located once (the rule at the later option it names); a
// subsection and a label bound; defects of a table that does not fit its
// struct reported by validate_spec(); check() on a struct built in code.
#include <doctest/doctest.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "config/table.hpp"

using namespace mp;
using namespace mp::config;

namespace {

enum class Colour { Red, Green, Blue };

struct Inner {
    int64_t depth = 1;
    std::string path = "/x";
};

struct Opts {
    std::string label;
    std::string name = "unset";
    bool on = false;
    int count = 3;
    uint64_t size = 0;
    std::chrono::milliseconds wait{0};
    int64_t secs = 0;
    std::vector<std::string> list;
    Colour colour = Colour::Red;
    std::optional<Colour> maybe;
    bool fa = false, fb = false;
    char ch = '+';
    std::vector<int> nums;
    Inner inner;
};

Result<char> one_char(std::string_view t) {
    if (t.size() != 1) return fail("ch must be one character");
    return t[0];
}

Result<int> small(std::string_view t) {
    if (t.size() != 1 || t[0] < '0' || t[0] > '9') return fail("'" + std::string(t) + "' is not a digit");
    return t[0] - '0';
}

const Table<Inner>& inner_table() {
    static const Table<Inner> t{{
        .name = "inner",
        .doc = "a subsection",
        .rows = {
            {.name = "depth", .type = Type::Int, .def = "2", .min = 0, .max = 100, .to = to<&Inner::depth>(), .doc = "d"},
            {.name = "path", .type = Type::String, .to = to<&Inner::path>(), .doc = "p"},
        },
        .rules = {{.options = {"path"}, .message = "path must be absolute",
                   .holds = [](const Inner& i) { return i.path.starts_with('/'); }}},
    }};
    return t;
}

const Table<Opts>& opts_table() {
    using O = Opts;
    static const Table<O> t{{
        .name = "thing",
        .doc = "every binding kind",
        .rows = {
            {.name = "name", .type = Type::String, .to = to<&O::name>(), .doc = "no default"},
            {.name = "on", .type = Type::Bool, .def = "yes", .to = to<&O::on>(), .doc = "b"},
            {.name = "count", .type = Type::Int, .def = "5", .min = 0, .max = 10, .to = to<&O::count>(), .doc = "i"},
            {.name = "size", .type = Type::Size, .def = "2KB", .min = 0, .max = int64_t(1) << 30, .to = to<&O::size>(),
             .doc = "s"},
            {.name = "wait", .type = Type::Time, .def = "1m", .min = 0, .max = 3600, .to = to<&O::wait>(), .doc = "t"},
            {.name = "secs", .type = Type::Time, .def = "1h", .min = 0, .max = 86400, .to = to<&O::secs>(), .doc = "t"},
            {.name = "list", .type = Type::StringList, .def = "{ a, b }", .to = to<&O::list>(), .doc = "l"},
            {.name = "colour", .type = Type::Enum, .def = "green",
             .to = one_of<&O::colour>({{"red", Colour::Red}, {"green", Colour::Green}, {"blue", Colour::Blue}}),
             .doc = "e"},
            {.name = "maybe", .type = Type::Enum, .to = one_of<&O::maybe>({{"red", Colour::Red}, {"blue", Colour::Blue}}),
             .doc = "optional enum"},
            {.name = "flags", .type = Type::Flags, .def = "{ fa }", .to = flags<O>({{"fa", &O::fa}, {"fb", &O::fb}}),
             .doc = "f"},
            {.name = "ch", .type = Type::String, .def = "\"-\"", .to = parsed<&O::ch>(one_char), .doc = "parsed"},
            {.name = "nums", .type = Type::StringList, .to = each<&O::nums>(small), .doc = "each"},
        },
        .sections = {sub<&O::inner>(inner_table())},
        .rules = {{.options = {"count", "size"}, .message = "count must be 0 when size is 0",
                   .holds = [](const O& o) { return o.size != 0 || o.count == 0; }},
                  {.options = {}, .message = "secs must not be 13",
                   .holds = [](const O& o) { return o.secs != 13; }}},
        .label = &O::label,
        .repeatable = true,
    }};
    return t;
}

const SectionSpec& root() {
    static const SectionSpec r{.name = "", .doc = "test root", .sections = {&opts_table().spec()}};
    return r;
}

// The struct read from `text`, or the one error as printed.
Result<Opts> read_text(const std::string& text) {
    auto cfg = parse(text, "t.conf", root());
    if (!cfg) return fail(cfg.error().str());
    auto o = read(*cfg->root().section("thing"), opts_table());
    if (!o) return fail(o.error().str());
    return *o;
}

}  // namespace

TEST_CASE("the test table is well formed and takes its choices from the bindings") {
    auto d = validate_spec(root());
    for (const auto& e : d.errors) MESSAGE(e);
    CHECK(d.errors.empty());
    const auto& colour = opts_table().spec().options[7];
    REQUIRE(colour.name == "colour");
    CHECK(colour.choices == std::vector<std::string_view>{"red", "green", "blue"});
    CHECK(opts_table().spec().labelled);
    CHECK(opts_table().spec().sections.at(0) == &inner_table().spec());
}

TEST_CASE("defaults go through the bindings; unset options keep the struct's value") {
    auto o = read_text("thing t1 { }");
    REQUIRE_MESSAGE(o, (o ? "" : o.error().message));
    CHECK(o->label == "t1");
    CHECK(o->name == "unset");
    CHECK(o->on);
    CHECK(o->count == 5);
    CHECK(o->size == 2048);
    CHECK(o->wait == std::chrono::minutes(1));
    CHECK(o->secs == 3600);
    CHECK(o->list == std::vector<std::string>{"a", "b"});
    CHECK(o->colour == Colour::Green);
    CHECK_FALSE(o->maybe);
    CHECK(o->fa);
    CHECK_FALSE(o->fb);
    CHECK(o->ch == '-');
    CHECK(o->nums.empty());
    CHECK(o->inner.depth == 1);  // subsection absent: the struct's value
}

TEST_CASE("every binding kind reads what the file says") {
    auto o = read_text("thing t2 { name = n; on = no; count = 7; size = 1MB; wait = 2s; secs = 5m; list = { x };\n"
                       " colour = BLUE; maybe = red; flags = { fb }; ch = \"*\"; nums = { 1, 2 };\n"
                       " inner { depth = 9; path = \"/p\"; } }");
    REQUIRE_MESSAGE(o, (o ? "" : o.error().message));
    CHECK(o->name == "n");
    CHECK_FALSE(o->on);
    CHECK(o->count == 7);
    CHECK(o->size == 1u << 20);
    CHECK(o->wait == std::chrono::seconds(2));
    CHECK(o->secs == 300);
    CHECK(o->list == std::vector<std::string>{"x"});
    CHECK(o->colour == Colour::Blue);
    REQUIRE(o->maybe);
    CHECK(*o->maybe == Colour::Red);
    CHECK_FALSE(o->fa);
    CHECK(o->fb);
    CHECK(o->ch == '*');
    CHECK(o->nums == std::vector<int>{1, 2});
    CHECK(o->inner.depth == 9);
    CHECK(o->inner.path == "/p");
}

TEST_CASE("each error carries its location exactly once") {
    struct Case {
        const char* text;
        const char* error;
    } cases[] = {
        {"thing a {\n  ch = \"ab\"; }", "t.conf:2:3: ch must be one character"},
        {"thing a { nums = { 1,\n x }; }", "t.conf:1:11: 'x' is not a digit"},
        // a rule: at the later of its options written in the file
        {"thing a {\n size = 0;\n count = 2; }", "t.conf:3:2: count must be 0 when size is 0"},
        {"thing a {\n count = 2;\n size = 0; }", "t.conf:3:2: count must be 0 when size is 0"},
        {"thing a {\n name = x;\n secs = 13; }", "t.conf:1:1: secs must not be 13"},  // names no option
        // a subsection's rule, located in the subsection
        {"thing a {\n inner {\n  path = rel; } }", "t.conf:3:3: path must be absolute"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.text);
        auto o = read_text(c.text);
        REQUIRE_FALSE(o);
        CHECK(o.error().message == c.error);
    }
}

TEST_CASE("check(): a struct built in code against the rows' bounds and the rules") {
    Opts o;
    o.size = 1;
    CHECK(opts_table().check(o));
    o.count = 11;
    auto r = opts_table().check(o);
    REQUIRE_FALSE(r);
    CHECK(r.error().message == "thing: 'count' must be between 0 and 10");
    o.count = 2;
    o.size = 0;
    CHECK(opts_table().check(o).error().message == "thing: count must be 0 when size is 0");
    o.size = 1;
    o.inner.path = "rel";
    CHECK(opts_table().check(o).error().message == "inner: path must be absolute");
}

namespace {

struct Small {
    int8_t tiny = 0;
    bool b = false;
    std::string s;
};

}  // namespace

TEST_CASE("a table that does not fit its struct is a defect validate_spec() reports") {
    static const Table<Small> t{{
        .name = "bad",
        .doc = "defects",
        .rows = {
            {.name = "tiny", .type = Type::Int, .def = "1", .to = to<&Small::tiny>(), .doc = "unbounded into int8"},
            {.name = "b", .type = Type::Int, .def = "1", .min = 0, .max = 1, .to = to<&Small::b>(), .doc = "int into bool"},
            {.name = "unbound", .type = Type::String, .to = Bind<Small>(), .doc = "an empty binding"},
            {.name = "s", .type = Type::Enum, .def = "x", .to = to<&Small::s>(), .doc = "enum into a plain string"},
        },
        .rules = {{.options = {"nope"}, .message = "m", .holds = [](const Small&) { return true; }}},
    }};
    auto d = validate_spec(t.spec());
    std::string all = d.str();
    CAPTURE(all);
    CHECK(all.find("option 'tiny': bounds exceed what the member can hold") != std::string::npos);
    CHECK(all.find("option 'b': a row of type integer cannot be bound to this member") != std::string::npos);
    CHECK(all.find("option 'unbound': not bound to a member") != std::string::npos);
    CHECK(all.find("option 's': a row of type enum cannot be bound to this member") != std::string::npos);
    CHECK(all.find("rule names unknown option 'nope'") != std::string::npos);
}
