// scanner.hpp: the interface the milter uses. A Scanner is built once per
// configuration (immutable, shared by all threads); begin() gives one Job per
// message, fed from the MTA callbacks and finished at end-of-data:
//
//   auto s = Scanner::create(options);            // Result<unique_ptr<Scanner>>
//   auto job = (*s)->begin(envelope);              // at the first header
//   job->header("Subject", " hello");              // value as the MTA gave it,
//   job->eoh();                                    //   leading space included
//   job->body(chunk); ...                          // raw body bytes, CRLF lines
//   Outcome o = job->finish();                     // at end-of-data, bounded by timeout
//   verdict::Verdict v = decide(options, o, envelope.authenticated);
//
// Chain runs several scanners (the config's scanner sections, in order) on one
// message and stops at the first that rejects, tempfails or discards.
// A Job never throws and never blocks beyond its deadlines; after a failure
// it ignores further input and finish() reports the failure. abort() (or the
// destructor) drops the connection and removes any spool files. Jobs keep the
// options alive, so a Scanner may be replaced (reload) while jobs run.
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "metrics/events.hpp"
#include "scan/decide.hpp"
#include "scan/endpoint.hpp"
#include "scan/hold.hpp"
#include "scan/options.hpp"
#include "scan/outcome.hpp"
#include "util/result.hpp"

namespace mp::scan {

struct Envelope {
    std::string queue_id;
    std::string sender;                   // "<a@b>" or "<>"
    std::vector<std::string> recipients;  // "<c@d>"
    std::string client_addr;              // "192.0.2.1" (sendmail's "IPv6:" prefix is fine)
    std::string client_name;
    std::string helo;
    std::string protocol = "ESMTP";
    bool authenticated = false;
};

class Job {
public:
    virtual ~Job() = default;
    virtual void header(std::string_view name, std::string_view value) = 0;
    virtual void eoh() = 0;
    virtual void body(std::string_view chunk) = 0;
    virtual Outcome finish() = 0;
    virtual void abort() = 0;
};

class Scanner {
public:
    static Result<std::unique_ptr<Scanner>> create(const Options& options);
    std::unique_ptr<Job> begin(const Envelope& envelope) const;
    const Options& options() const { return *options_; }

private:
    Scanner(std::shared_ptr<const Options> o, util::Endpoint ep);
    std::shared_ptr<const Options> options_;
    util::Endpoint endpoint_;

public:
    // Its counters and latency histogram (metrics/events.hpp), by label or kind.
    const metrics::ScannerSeries& series() const { return series_; }
    // Its pause after a timeout (hold.hpp), shared by every job; a reload starts a new one.
    Hold& hold() const { return hold_; }

private:
    metrics::ScannerSeries series_;
    mutable Hold hold_;
};

class ChainJob;

class Chain {
public:
    static Result<Chain> create(const std::vector<Options>& options);
    std::unique_ptr<ChainJob> begin(const Envelope& envelope) const;
    bool empty() const { return scanners_.empty(); }

private:
    std::vector<std::shared_ptr<const Scanner>> scanners_;
};

class ChainJob {
public:
    ChainJob(std::vector<std::shared_ptr<const Scanner>> scanners, const Envelope& envelope);
    void header(std::string_view name, std::string_view value);
    void eoh();
    void body(std::string_view chunk);
    // The first reject/tempfail/discard wins (later scanners are aborted);
    // otherwise continue (or quarantine) with every scanner's header and rcpt
    // edits. Logs each scanner's failure with the queue id.
    verdict::Verdict finish();
    void abort();

private:
    std::vector<std::shared_ptr<const Scanner>> scanners_;
    std::vector<std::unique_ptr<Job>> jobs_;
    std::string queue_id_;
    bool authenticated_ = false;
};

}  // namespace mp::scan
