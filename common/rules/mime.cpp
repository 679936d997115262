// mime.cpp: see mime.hpp. The body is cut into lines; each line is either a
// boundary of an open multipart, a line of a part's header block, or a line
// of the current part's body (text to decode, or skipped).
#include "rules/mime.hpp"

#include <algorithm>

#include "util/strings.hpp"

namespace mp::rules {

namespace {

constexpr size_t kMaxLine = 8192;          // a longer line is cut there
constexpr size_t kMaxHeaderBlock = 16384;  // a part's header fields, unfolded
constexpr size_t kMaxDepth = 8;            // nested multiparts followed

// "--b" or "--b--" (trailing blanks allowed, RFC 2046 5.1.1): 1 open, 2 close, 0 neither.
int boundary_kind(std::string_view l, std::string_view b) {
    if (l.size() < b.size() + 2 || l.compare(0, 2, "--") != 0 || l.compare(2, b.size(), b) != 0) return 0;
    std::string_view rest = l.substr(b.size() + 2);
    bool close = rest.size() >= 2 && rest.compare(0, 2, "--") == 0;
    if (close) rest.remove_prefix(2);
    for (char c : rest)
        if (c != ' ' && c != '\t') return 0;
    return close ? 2 : 1;
}

}  // namespace

void MimeWalker::header(std::string_view name, std::string_view value) {
    if (started_) return;
    if (util::iequals(name, "Content-Type")) top_.type = parse_content_type(value);
    if (util::iequals(name, "Content-Transfer-Encoding")) top_.enc = parse_encoding(value);
}

void MimeWalker::body(std::string_view chunk) {
    if (!started_) {
        started_ = true;
        start_body(top_);
    }
    if (read_ >= max_) return;
    chunk = chunk.substr(0, max_ - read_);
    read_ += chunk.size();
    while (!chunk.empty()) {
        size_t nl = chunk.find('\n');
        std::string_view part = chunk.substr(0, nl);
        if (pending_.size() + part.size() > kMaxLine) {  // cut: the rest is a line of its own
            size_t room = kMaxLine - pending_.size();
            pending_.append(part.substr(0, room));
            line(pending_);
            pending_.clear();
            chunk.remove_prefix(room);
            continue;
        }
        if (nl == std::string_view::npos) {
            pending_.append(part);
            return;
        }
        chunk.remove_prefix(nl + 1);
        if (pending_.empty()) {
            whole_line(part);
        } else {
            pending_.append(part);
            whole_line(pending_);
            pending_.clear();
        }
    }
}

// A line without its '\n'; a CR before it is dropped.
void MimeWalker::whole_line(std::string_view l) {
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    line(l);
}

void MimeWalker::finish() {
    if (!started_) body({});
    if (!pending_.empty()) line(pending_);
    pending_.clear();
    end_text();
}

void MimeWalker::line(std::string_view l) {
    if (boundary(l)) return;
    if (in_headers_) part_header_line(l);
    else body_line(l);
}

// A boundary of an open multipart closes the parts inside it.
bool MimeWalker::boundary(std::string_view l) {
    if (boundaries_.empty() || l.size() < 3 || l[0] != '-' || l[1] != '-') return false;
    for (size_t i = boundaries_.size(); i-- > 0;) {
        int kind = boundary_kind(l, boundaries_[i]);
        if (!kind) continue;
        end_text();
        boundaries_.resize(kind == 2 ? i : i + 1);
        in_headers_ = kind == 1;  // the next part's headers; after a close, the epilogue
        mode_ = Mode::Skip;
        part_ = Entity{};
        field_.clear();
        header_bytes_ = 0;
        return true;
    }
    return false;
}

void MimeWalker::part_header_line(std::string_view l) {
    if (l.empty()) return end_part_headers();
    if (l[0] == ' ' || l[0] == '\t') {
        if (!field_.empty() && field_.size() + l.size() < kMaxHeaderBlock) field_.append(l);
        return;
    }
    header_bytes_ += l.size();
    if (l.find(':') == std::string_view::npos || header_bytes_ > kMaxHeaderBlock) {
        // Not a header field: a part without headers, taken as raw text.
        in_headers_ = false;
        field_.clear();
        start_body(Entity{});
        return body_line(l);
    }
    if (!field_.empty()) entity_field(field_);
    field_.assign(l);
}

void MimeWalker::entity_field(std::string_view field) {
    size_t colon = field.find(':');
    std::string_view name = util::trim(field.substr(0, colon)), value = field.substr(colon + 1);
    if (util::iequals(name, "Content-Type")) part_.type = parse_content_type(value);
    if (util::iequals(name, "Content-Transfer-Encoding")) part_.enc = parse_encoding(value);
}

void MimeWalker::end_part_headers() {
    if (!field_.empty()) entity_field(field_);
    field_.clear();
    header_bytes_ = 0;
    in_headers_ = false;
    Entity e = part_;
    part_ = Entity{};
    if (e.type.message()) {  // an attached message: its own header block follows
        in_headers_ = true;
        return;
    }
    start_body(e);
}

// Multipart: the preamble is skipped up to the first boundary. Without a
// usable boundary (or nested too deep) the part is matched as raw text.
void MimeWalker::start_body(const Entity& e) {
    b64_.reset();
    enc_ = e.enc;
    if (e.type.multipart() && !e.type.boundary.empty() && boundaries_.size() < kMaxDepth) {
        boundaries_.push_back(e.type.boundary);
        mode_ = Mode::Skip;
    } else if (e.type.multipart() || e.type.text()) {
        mode_ = Mode::Text;
        if (e.type.multipart()) enc_ = Encoding::Identity;
    } else {
        mode_ = Mode::Skip;
    }
}

void MimeWalker::body_line(std::string_view l) {
    if (mode_ != Mode::Text || text_.size() >= max_) return;
    if (enc_ == Encoding::Identity) {
        emit(l);
        return emit("\n");
    }
    scratch_.clear();
    if (enc_ == Encoding::QuotedPrintable) decode_qp_line(l, scratch_);
    else b64_.feed(l, scratch_);
    emit(scratch_);
}

// Decoded bytes into the text, CRLF as '\n', at most max_ bytes.
void MimeWalker::emit(std::string_view bytes) {
    while (!bytes.empty() && text_.size() < max_) {
        if (bytes[0] == '\n' && !text_.empty() && text_.back() == '\r') {
            text_.back() = '\n';
            bytes.remove_prefix(1);
            continue;
        }
        size_t cr = bytes.find('\r');  // a CR is a run of its own: the next byte may be its LF
        std::string_view run = bytes.substr(0, std::min({cr == 0 ? 1 : cr, bytes.size(), max_ - text_.size()}));
        text_.append(run);
        bytes.remove_prefix(run.size());
    }
}

// A part's text ends with a line end, so the next part starts a line.
void MimeWalker::end_text() {
    if (!text_.empty() && text_.back() == '\r') text_.back() = '\n';
    if (!text_.empty() && text_.back() != '\n' && text_.size() < max_) text_.push_back('\n');
}

}  // namespace mp::rules
