// raii.hpp: owning handles for C library objects. Handle<T, fn> is a
// unique_ptr whose deleter calls the library's own free function, so every
// redisContext, MDB_cursor, EVP_PKEY or BIO has one owner.
//   using Pkey = mp::util::Handle<EVP_PKEY, EVP_PKEY_free>;
#pragma once
#include <memory>

namespace mp::util {

template <auto Fn>
struct CallFree {
    template <class T>
    void operator()(T* p) const noexcept {
        if (p) Fn(p);
    }
};

template <class T, auto Fn>
using Handle = std::unique_ptr<T, CallFree<Fn>>;

// A file descriptor with one owner.
class Fd {
public:
    Fd() = default;
    explicit Fd(int fd) : fd_(fd) {}
    Fd(Fd&& o) noexcept : fd_(o.release()) {}
    Fd& operator=(Fd&& o) noexcept;
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    ~Fd();
    int get() const { return fd_; }
    explicit operator bool() const { return fd_ >= 0; }
    int release() { int f = fd_; fd_ = -1; return f; }
    void reset(int fd = -1);

private:
    int fd_ = -1;
};

}  // namespace mp::util
