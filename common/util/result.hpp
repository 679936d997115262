// result.hpp: errors as values. Result<T> holds either a T or an Error (a
// message for the operator's log). Every backend returns one; no exception
// crosses a C callback. C++20 stand-in for std::expected, same vocabulary.
#pragma once
#include <string>
#include <utility>
#include <variant>

namespace mp {

struct Error {
    std::string message;
};

template <class E>
struct Unexpected {
    E error;
};

inline Unexpected<Error> fail(std::string message) { return {Error{std::move(message)}}; }

template <class T, class E = Error>
class [[nodiscard]] Result {
public:
    Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}
    Result(Unexpected<E> e) : v_(std::in_place_index<1>, std::move(e.error)) {}

    bool has_value() const { return v_.index() == 0; }
    explicit operator bool() const { return has_value(); }
    T& value() & { return std::get<0>(v_); }
    const T& value() const& { return std::get<0>(v_); }
    T&& value() && { return std::get<0>(std::move(v_)); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    const E& error() const { return std::get<1>(v_); }

private:
    std::variant<T, E> v_;
};

template <class E>
class [[nodiscard]] Result<void, E> {
public:
    Result() = default;
    Result(Unexpected<E> e) : err_(std::move(e.error)), ok_(false) {}

    bool has_value() const { return ok_; }
    explicit operator bool() const { return ok_; }
    const E& error() const { return err_; }

private:
    E err_{};
    bool ok_ = true;
};

}  // namespace mp
