// bind.hpp: the binding half of an option row (see table.hpp): where the
// value of one option goes in a module's Options struct, as Postfix's
// CONFIG_*_TABLE rows name their variable. A Bind<S> says which row types it
// can take, the member's representable range, the Enum/Flags words, and how
// to write the section's typed value into an S.
//
//   to<&O::file>()                              string, bool, integer, duration, string list
//   to<&O::timing, &Timing::grey_wait>()        a member of a member
//   one_of<&O::sync>({{"full", Sync::Full}, {"none", Sync::None}})   Enum: {word, enumerator}
//   words<&O::facility>({"mail", "daemon"})     Enum kept as its word
//   flags<O>({{"soft_bounce", &O::soft_bounce}})  Flags: one bool member per word
//   parsed<&O::reply>(parse_reply)              a string through a parser returning Result<T>
//   each<&O::networks>(Network::parse_result)   each string of a list through such a parser
//
// A parser's error message is reported at the option's location by read();
// it must not contain a location itself.
#pragma once
#include <chrono>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "config/config.hpp"
#include "config/schema.hpp"

namespace mp::config {

template <class S>
struct Bind {
    using Writer = std::function<std::optional<std::string>(const Section&, std::string_view option, S&)>;
    std::vector<Type> types;              // row types this binding can take (empty: unbound)
    std::vector<std::string_view> words;  // Enum/Flags choices, in table order
    int64_t lo = std::numeric_limits<int64_t>::min();  // what the member can hold (Int, Size, Time)
    int64_t hi = std::numeric_limits<int64_t>::max();
    Writer write;  // the section's value into S; an error message, or nothing
    // Int/Size/Time members: the member's value as the row counts it (seconds
    // for durations), so Table::check() holds a struct built in code to the bounds.
    std::function<int64_t(const S&)> number;
};

namespace bind_detail {

template <class C, class T>
C class_of(T C::*);

template <auto M>
using Owner = decltype(class_of(M));

// s.*M1.*M2...: the member a path of pointers-to-member names.
template <auto M, auto... Rest, class C>
auto& at(C& c) {
    if constexpr (sizeof...(Rest) == 0) return c.*M;
    else return at<Rest...>(c.*M);
}

template <auto M, auto...>
struct First {
    static constexpr auto value = M;
};
template <auto... Ms>
using Root = Owner<First<Ms...>::value>;

template <auto... Ms>
using Member = std::remove_reference_t<decltype(at<Ms...>(std::declval<Root<Ms...>&>()))>;

template <class T>
struct is_duration : std::false_type {};
template <class R, class P>
struct is_duration<std::chrono::duration<R, P>> : std::true_type {};

template <class T>
struct unwrap {
    using type = T;
};
template <class T>
struct unwrap<std::optional<T>> {
    using type = T;
};

template <class M>
void range_of(int64_t& lo, int64_t& hi) {
    using L = std::numeric_limits<M>;
    lo = L::min() < 0 ? int64_t(L::min()) : 0;
    hi = uint64_t(L::max()) > uint64_t(std::numeric_limits<int64_t>::max()) ? std::numeric_limits<int64_t>::max()
                                                                             : int64_t(L::max());
}

}  // namespace bind_detail

// A plain member: the row type decides which accessor reads it.
template <auto... Ms>
Bind<bind_detail::Root<Ms...>> to() {
    using S = bind_detail::Root<Ms...>;
    using M = bind_detail::Member<Ms...>;
    Bind<S> b;
    if constexpr (std::is_same_v<M, std::string>) {
        b.types = {Type::String};
        b.write = [](const Section& s, std::string_view n, S& o) -> std::optional<std::string> {
            bind_detail::at<Ms...>(o) = s.str(n);
            return std::nullopt;
        };
    } else if constexpr (std::is_same_v<M, bool>) {
        b.types = {Type::Bool};
        b.write = [](const Section& s, std::string_view n, S& o) -> std::optional<std::string> {
            bind_detail::at<Ms...>(o) = s.boolean(n);
            return std::nullopt;
        };
    } else if constexpr (std::is_integral_v<M>) {
        b.types = {Type::Int, Type::Size, Type::Time};
        bind_detail::range_of<M>(b.lo, b.hi);
        b.write = [](const Section& s, std::string_view n, S& o) -> std::optional<std::string> {
            Type t = s.type_of(n);
            auto& m = bind_detail::at<Ms...>(o);
            if (t == Type::Size) m = M(s.size(n));
            else if (t == Type::Time) m = M(s.time(n).count());
            else m = M(s.num(n));
            return std::nullopt;
        };
        b.number = [](const S& o) { return int64_t(bind_detail::at<Ms...>(o)); };
    } else if constexpr (bind_detail::is_duration<M>::value) {
        b.types = {Type::Time};
        b.lo = 0;
        b.hi = std::chrono::duration_cast<std::chrono::seconds>(M::max()).count();
        b.write = [](const Section& s, std::string_view n, S& o) -> std::optional<std::string> {
            bind_detail::at<Ms...>(o) = std::chrono::duration_cast<M>(s.time(n));
            return std::nullopt;
        };
        b.number = [](const S& o) {
            return int64_t(std::chrono::duration_cast<std::chrono::seconds>(bind_detail::at<Ms...>(o)).count());
        };
    } else {
        static_assert(std::is_same_v<M, std::vector<std::string>>, "to<>: no plain binding for this member type");
        b.types = {Type::StringList};
        b.write = [](const Section& s, std::string_view n, S& o) -> std::optional<std::string> {
            bind_detail::at<Ms...>(o) = s.list(n);
            return std::nullopt;
        };
    }
    return b;
}

// Enum into an enumeration member (or std::optional of one): each word once,
// next to the enumerator it means, so a word cannot be left unmapped.
template <auto... Ms>
Bind<bind_detail::Root<Ms...>> one_of(
    std::initializer_list<std::pair<std::string_view, typename bind_detail::unwrap<bind_detail::Member<Ms...>>::type>>
        choices) {
    using S = bind_detail::Root<Ms...>;
    using E = typename bind_detail::unwrap<bind_detail::Member<Ms...>>::type;
    static_assert(std::is_enum_v<E>, "one_of<>: the member must be an enum (or an optional enum)");
    std::vector<std::pair<std::string_view, E>> table(choices);
    Bind<S> b;
    b.types = {Type::Enum};
    for (const auto& c : table) b.words.push_back(c.first);
    b.write = [table](const Section& s, std::string_view n, S& o) -> std::optional<std::string> {
        std::string w = s.word(n);
        for (const auto& [word, e] : table)
            if (word == w) {
                bind_detail::at<Ms...>(o) = e;
                return std::nullopt;
            }
        return "internal error: '" + w + "' has no enumerator";  // the parser allows only table words
    };
    return b;
}

// Enum kept as its (lowercase) word, for values that are names (syslog facilities).
template <auto... Ms>
Bind<bind_detail::Root<Ms...>> words(std::initializer_list<std::string_view> choices) {
    using S = bind_detail::Root<Ms...>;
    static_assert(std::is_same_v<bind_detail::Member<Ms...>, std::string>, "words<>: the member must be a string");
    Bind<S> b;
    b.types = {Type::Enum};
    b.words.assign(choices);
    b.write = [](const Section& s, std::string_view n, S& o) -> std::optional<std::string> {
        bind_detail::at<Ms...>(o) = s.word(n);
        return std::nullopt;
    };
    return b;
}

template <class S>
struct FlagWord {
    std::string_view word;
    bool S::*member;
};

// Flags: each word sets its own bool member; words not listed clear theirs.
template <class S>
Bind<S> flags(std::initializer_list<FlagWord<S>> choices) {
    std::vector<FlagWord<S>> table(choices);
    Bind<S> b;
    b.types = {Type::Flags};
    for (const auto& c : table) b.words.push_back(c.word);
    b.write = [table](const Section& s, std::string_view n, S& o) -> std::optional<std::string> {
        for (const auto& c : table) o.*(c.member) = s.flag(n, c.word);
        return std::nullopt;
    };
    return b;
}

// A string row through `parse` (text -> Result<T>, T assignable to the member).
template <auto... Ms, class Parse>
Bind<bind_detail::Root<Ms...>> parsed(Parse parse) {
    using S = bind_detail::Root<Ms...>;
    Bind<S> b;
    b.types = {Type::String};
    b.write = [parse](const Section& s, std::string_view n, S& o) -> std::optional<std::string> {
        auto r = parse(s.str(n));
        if (!r) return r.error().message;
        bind_detail::at<Ms...>(o) = std::move(*r);
        return std::nullopt;
    };
    return b;
}

// A string list row into a vector, each item through `parse`.
template <auto... Ms, class Parse>
Bind<bind_detail::Root<Ms...>> each(Parse parse) {
    using S = bind_detail::Root<Ms...>;
    Bind<S> b;
    b.types = {Type::StringList};
    b.write = [parse](const Section& s, std::string_view n, S& o) -> std::optional<std::string> {
        auto& v = bind_detail::at<Ms...>(o);
        v.clear();
        for (const auto& item : s.list(n)) {
            auto r = parse(item);
            if (!r) return r.error().message;
            v.push_back(std::move(*r));
        }
        return std::nullopt;
    };
    return b;
}

}  // namespace mp::config
