// stream.cpp: see stream.hpp. Byte-level state machine; body bytes between
// line starts are copied in runs, only a "." at a line start is held back
// until the next byte says whether it is stuffing, data or the final dot.
#include "pmilter/stream.hpp"

namespace mp::pmilter {

namespace {

// A header field name: printable ASCII without blanks, non-empty (RFC 5322 2.2).
bool field_name(std::string_view n) {
    if (n.empty()) return false;
    for (unsigned char c : n)
        if (c <= ' ' || c >= 0x7f) return false;
    return true;
}

}  // namespace

void MessageStream::feed(std::string_view chunk, MessageSink& sink) {
    std::string out;
    for (size_t i = 0; i < chunk.size() && state_ != State::Done; ++i) {
        if (state_ == State::Headers) {
            header_byte(chunk[i], sink);
        } else if (held_.empty() && !line_start_) {
            size_t nl = chunk.find('\n', i);
            size_t end = nl == std::string_view::npos ? chunk.size() : nl + 1;
            out.append(chunk.substr(i, end - i));
            line_start_ = nl != std::string_view::npos;
            i = end - 1;
        } else {
            body_byte(chunk[i], out);
        }
    }
    if (!out.empty()) sink.body(out);
}

void MessageStream::finish(MessageSink& sink) {
    if (state_ == State::Headers) {
        if (!line_.empty()) header_line(sink);
        if (state_ == State::Body && !line_.empty()) sink.body(line_);  // a last line without its end
        line_.clear();
        if (state_ == State::Headers) end_headers(sink);
    }
    if (state_ == State::Body && !held_.empty()) sink.body(held_);
    held_.clear();
    state_ = State::Done;
}

void MessageStream::header_byte(char c, MessageSink& sink) {
    if (c != '\n') return void(line_ += c);
    bool cr = !line_.empty() && line_.back() == '\r';
    if (cr) line_.pop_back();
    header_line(sink);
    // A line that was not a field started the body: give it back its line end.
    if (state_ == State::Body && !line_.empty()) sink.body(line_ + (cr ? "\r\n" : "\n"));
    line_.clear();
}

// One complete line of the header block (line_, without its line end). A
// non-field line is left in line_ for the caller to pass on as body.
void MessageStream::header_line(MessageSink& sink) {
    if (line_ == ".") {
        line_.clear();
        end_headers(sink);
        state_ = State::Done;
        return;
    }
    if (line_.starts_with("..")) line_.erase(0, 1);
    if (line_.empty()) return end_headers(sink);
    if ((line_[0] == ' ' || line_[0] == '\t') && !name_.empty()) {
        value_ += "\r\n" + line_;
        return line_.clear();
    }
    size_t colon = line_.find(':');
    if (colon == std::string::npos || !field_name(std::string_view(line_).substr(0, colon)))
        return end_headers(sink);
    flush_field(sink);
    name_ = line_.substr(0, colon);
    value_ = line_.substr(colon + 1);
    line_.clear();
}

void MessageStream::flush_field(MessageSink& sink) {
    if (name_.empty()) return;
    sink.header(name_, value_);
    names_.push_back(std::move(name_));
    name_.clear();
    value_.clear();
}

void MessageStream::end_headers(MessageSink& sink) {
    flush_field(sink);
    sink.eoh();
    state_ = State::Body;
    line_start_ = true;
}

void MessageStream::body_byte(char c, std::string& out) {
    if (held_ == ".") {
        held_.clear();
        if (c == '.') return void((out += '.', line_start_ = false));
        if (c == '\r') return void(held_ = ".\r");
        if (c == '\n') return void(state_ = State::Done);
        out += '.';
        line_start_ = false;
    } else if (held_ == ".\r") {
        held_.clear();
        if (c == '\n') return void(state_ = State::Done);
        out += ".\r";
        line_start_ = false;
    }
    if (line_start_ && c == '.') return void(held_ = ".");
    out += c;
    line_start_ = c == '\n';
}

}  // namespace mp::pmilter
