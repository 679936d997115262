// lines.cpp: see lines.hpp.
#include "maps/lines.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "util/raii.hpp"

namespace mp::maps {

void Errors::add(int line, int column, std::string_view message) {
    if (errors.size() >= cap) {
        ++dropped;
        return;
    }
    where_.emplace_back(line, column);
    errors.push_back(file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " +
                     std::string(message));
}

void Errors::sort() {
    if (where_.size() != errors.size()) return;  // some were pushed directly: keep their order
    std::vector<size_t> order(errors.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return where_[a] < where_[b]; });
    std::vector<std::string> e;
    std::vector<std::pair<int, int>> w;
    for (size_t i : order) {
        e.push_back(std::move(errors[i]));
        w.push_back(where_[i]);
    }
    errors = std::move(e);
    where_ = std::move(w);
}

std::string Errors::joined() const {
    std::string out;
    for (auto& e : errors) out += e + "\n";
    if (dropped) out += "... and " + std::to_string(dropped) + " more errors\n";
    return out;
}

Result<std::string> read_bounded(const std::string& path, size_t max_bytes) {
    util::Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd) return fail(path + ": cannot open: " + std::strerror(errno));
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0) return fail(path + ": cannot stat: " + std::strerror(errno));
    if (!S_ISREG(st.st_mode)) return fail(path + ": not a regular file");
    if (size_t(st.st_size) > max_bytes)
        return fail(path + ": file too large (" + std::to_string(st.st_size) + " bytes, limit " +
                    std::to_string(max_bytes) + ")");
    std::string data;
    char buf[65536];
    for (;;) {
        ssize_t n = ::read(fd.get(), buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return fail(path + ": read error: " + std::strerror(errno));
        if (n == 0) break;
        if (data.size() + size_t(n) > max_bytes) return fail(path + ": file grew beyond the size limit");
        data.append(buf, size_t(n));
    }
    return data;
}

namespace {

bool is_blank_or_cr(char c) { return c == ' ' || c == '\t' || c == '\r'; }

void one_line(std::string_view raw, int lineno, const Limits& limits, Errors& errors, const LineFn& fn) {
    if (raw.size() > limits.max_line_bytes) {
        errors.add(lineno, 1, "line too long (" + std::to_string(raw.size()) + " bytes, limit " +
                                  std::to_string(limits.max_line_bytes) + ")");
        return;
    }
    if (auto nul = raw.find('\0'); nul != std::string_view::npos) {
        errors.add(lineno, int(nul) + 1, "NUL byte in line");
        return;
    }
    size_t b = 0;
    while (b < raw.size() && is_blank_or_cr(raw[b])) ++b;
    size_t e = raw.size();
    while (e > b && is_blank_or_cr(raw[e - 1])) --e;
    if (b == e || raw[b] == '#') return;
    fn(lineno, raw.substr(b, e - b), int(b) + 1);
}

}  // namespace

void for_each_line(std::string_view text, const Limits& limits, Errors& errors, const LineFn& fn) {
    errors.cap = limits.max_errors;
    int lineno = 0;
    size_t pos = 0;
    while (pos < text.size()) {
        size_t nl = text.find('\n', pos);
        size_t end = nl == std::string_view::npos ? text.size() : nl;
        one_line(text.substr(pos, end - pos), ++lineno, limits, errors, fn);
        pos = end + 1;
    }
}

}  // namespace mp::maps
