// load.cpp: parse()/load(): bounded read, syntax, validation, one verdict.
// A file larger than kMaxFileSize is refused before it is parsed.
#include <cerrno>
#include <cstring>
#include <fstream>

#include "config/impl.hpp"

namespace mp::config {

namespace {
Unexpected<Diagnostics> one_error(std::string msg) { return {Diagnostics{{std::move(msg)}}}; }
}  // namespace

Config::Config(std::string file, std::unique_ptr<Section> root) : file_(std::move(file)), root_(std::move(root)) {}

Result<Config, Diagnostics> parse(std::string_view text, const std::string& name, const SectionSpec& root) {
    if (text.size() > kMaxFileSize)
        return one_error(name + ": file too large (" + std::to_string(text.size()) + " bytes, limit " +
                         std::to_string(kMaxFileSize >> 20) + " MiB)");
    DiagSink diag(name);
    RawSection raw = parse_syntax(text, diag);
    if (!diag.full()) {
        auto tree = build_tree(raw, root, diag);
        if (diag.empty()) return Config(name, std::make_unique<Section>(std::move(tree)));
    }
    return Unexpected<Diagnostics>{diag.finish()};
}

Result<Config, Diagnostics> load(const std::string& path, const SectionSpec& root) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return one_error(path + ": cannot open: " + std::strerror(errno));
    in.seekg(0, std::ios::end);
    auto size = in.tellg();
    if (size < 0) return one_error(path + ": cannot read");
    if (size_t(size) > kMaxFileSize)
        return one_error(path + ": file too large (" + std::to_string(size) + " bytes, limit " +
                         std::to_string(kMaxFileSize >> 20) + " MiB)");
    in.seekg(0);
    std::string text(size_t(size), '\0');
    if (!in.read(text.data(), size)) return one_error(path + ": cannot read");
    return parse(text, path, root);
}

}  // namespace mp::config
