// nxs x509 limbo — runs an x509-limbo test file (https://x509-limbo.com) through nxs::x509::verify_chain.
//
// For each testcase: the trusted certificates become a TrustStore, the untrusted intermediates the candidate pool,
// and the case's validation time, peer name, EKU, key usage, depth limit and CRLs become VerifyOptions. The result
// JSON (limbo's harness format) goes to stdout, one summary line to stderr:
//   LIMBO agreed=N disagreed=M skipped=K total=T
// and one "DISAGREE id: expected X, got Y: reason" line per disagreement before it.
//
// Mapping decisions (docs/x509-conformance.md):
// - validation_time absent: a fixed time, kFallbackTime (2024-01-01T00:00:00Z), never the clock, so runs repeat.
// - fractions of a second in validation_time are dropped (X.509 times have whole seconds).
// - extended_key_usage: serverAuth or clientAuth sets the purpose; empty: the purpose of validation_kind
//   (SERVER: serverAuth, CLIENT: clientAuth); any other EKU: SKIPPED.
// - signature_algorithms non-empty: SKIPPED (nxs has no per-call algorithm allow-list).
// - A trusted or intermediate certificate that nxs cannot parse is left out (it cannot be a path member), which is
//   how limbo's "unknown critical extension in an unrelated root" cases are meant to go; a peer certificate that
//   does not parse is a FAILURE with the parse error.
// - Host names are checked with the Public Suffix List (--psl FILE, else the system list when installed; --no-psl
//   turns it off), so a wildcard over a public suffix ("*.co.uk") does not match.
// - features are informational: nxs runs every case with its one profile (web PKI + RFC 5280), and documents the
//   cases where the two profiles conflict.
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "args.h"
#include "commands.h"
#include "nxs/status.h"
#include "nxs/x509/certificate.h"
#include "nxs/x509/trust_store.h"
#include "nxs/x509/verify.h"
#include "x509/time.h"
#include "x509_commands.h"

namespace nxs::cli {
namespace {

constexpr std::int64_t kFallbackTime = 1704067200;  // 2024-01-01T00:00:00Z

constexpr Option kOptions[] = {
    {"--min-agreed", "N", "exit 1 when fewer than N cases agree (for CI)"},
    {"--quiet", "", "do not list the disagreements on stderr"},
    {"--psl", "FILE", "Public Suffix List (default: /usr/share/publicsuffix/public_suffix_list.dat when present)"},
    {"--no-psl", "", "no Public Suffix List: accept wildcards such as *.co.uk"},
};

constexpr CommandSpec kSpec{"x509 limbo", "[--min-agreed N] [--psl F | --no-psl] FILE|-",
                            "Runs the x509-limbo test file FILE (or stdin) through nxs's path validation and prints\n"
                            "the harness result JSON on stdout and `LIMBO agreed=N disagreed=M skipped=K total=T` on\n"
                            "stderr. Disagreements are a report, not an error: the exit code is 0 unless the file\n"
                            "(or the --psl file) cannot be read or --min-agreed is not reached. Host names are\n"
                            "checked with the Public Suffix List: --psl F, else the system one when installed.",
                            kOptions};

std::vector<std::uint8_t> to_bytes(const std::string& text) {
    return {text.begin(), text.end()};
}

// RFC 3339 "2024-03-01T00:00:00.999+00:00" / "...Z" -> seconds since 1970, fractions dropped.
std::optional<std::int64_t> parse_rfc3339(const std::string& text) {
    // "YYYY-MM-DDTHH:MM:SS" at fixed positions, every digit checked (sscanf would accept signs and spaces).
    constexpr std::string_view kShape = "dddd-dd-ddTdd:dd:dd";
    if (text.size() < kShape.size()) {
        return std::nullopt;
    }
    for (std::size_t i = 0; i < kShape.size(); ++i) {
        const bool digit = text[i] >= '0' && text[i] <= '9';
        if (kShape[i] == 'd' ? !digit : text[i] != kShape[i]) {
            return std::nullopt;
        }
    }
    const auto number = [&text](std::size_t at, std::size_t length) {
        int value = 0;
        for (std::size_t i = at; i < at + length; ++i) {
            value = value * 10 + (text[i] - '0');
        }
        return value;
    };
    const int year = number(0, 4);
    const int month = number(5, 2);
    const int day = number(8, 2);
    const int hour = number(11, 2);
    const int minute = number(14, 2);
    const int second = number(17, 2);
    if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) {
        return std::nullopt;
    }
    const std::size_t consumed = kShape.size();
    std::string_view rest = std::string_view(text).substr(consumed);
    if (!rest.empty() && rest.front() == '.') {
        rest.remove_prefix(1);
        while (!rest.empty() && rest.front() >= '0' && rest.front() <= '9') {
            rest.remove_prefix(1);
        }
    }
    std::int64_t offset = 0;
    if (rest == "Z" || rest == "z") {
        offset = 0;
    } else if (rest.size() == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':') {
        const std::int64_t oh = (rest[1] - '0') * 10 + (rest[2] - '0');
        const std::int64_t om = (rest[4] - '0') * 10 + (rest[5] - '0');
        offset = (rest[0] == '-' ? -1 : 1) * (oh * 3600 + om * 60);
    } else {
        return std::nullopt;
    }
    return x509::to_unix_seconds(year, month, day, hour, minute, second) - offset;
}

std::optional<std::uint16_t> key_usage_bit(const std::string& name) {
    static const std::pair<const char*, std::uint16_t> kBits[] = {
        {"digitalSignature", x509::kDigitalSignature},
        {"contentCommitment", x509::kNonRepudiation},
        {"keyEncipherment", x509::kKeyEncipherment},
        {"dataEncipherment", x509::kDataEncipherment},
        {"keyAgreement", x509::kKeyAgreement},
        {"keyCertSign", x509::kKeyCertSign},
        {"cRLSign", x509::kCrlSign},
        {"encipherOnly", x509::kEncipherOnly},
        {"decipherOnly", x509::kDecipherOnly},
    };
    for (const auto& [n, bit] : kBits) {
        if (name == n) {
            return bit;
        }
    }
    return std::nullopt;
}

struct Outcome {
    std::string result;  // SUCCESS, FAILURE, SKIPPED
    std::string context;
};

Outcome skipped(std::string why) {
    return {"SKIPPED", std::move(why)};
}

std::vector<x509::Certificate> parse_pems(const nlohmann::json& list) {
    std::vector<x509::Certificate> out;
    for (const auto& pem : list) {
        auto certs = x509::parse_certificates(to_bytes(pem.get<std::string>()));
        if (certs.ok()) {
            out.insert(out.end(), certs->begin(), certs->end());
        }
    }
    return out;
}

Outcome run_case(const nlohmann::json& tc, const std::shared_ptr<const x509::PublicSuffixList>& public_suffixes) {
    if (tc.contains("signature_algorithms") && !tc["signature_algorithms"].empty()) {
        return skipped("signature_algorithms constraints are not supported");
    }
    x509::VerifyOptions options;
    options.public_suffixes = public_suffixes;
    const std::string kind = tc.value("validation_kind", "SERVER");
    options.purpose = kind == "CLIENT" ? x509::Purpose::kClientAuth : x509::Purpose::kServerAuth;
    for (const auto& eku : tc.value("extended_key_usage", nlohmann::json::array())) {
        const auto name = eku.get<std::string>();
        if (name == "serverAuth") {
            options.purpose = x509::Purpose::kServerAuth;
        } else if (name == "clientAuth") {
            options.purpose = x509::Purpose::kClientAuth;
        } else {
            return skipped("extended key usage " + name + " is not a TLS purpose");
        }
    }
    for (const auto& ku : tc.value("key_usage", nlohmann::json::array())) {
        const auto bit = key_usage_bit(ku.get<std::string>());
        if (!bit) {
            return skipped("unknown key usage " + ku.get<std::string>());
        }
        options.required_leaf_key_usage = static_cast<std::uint16_t>(options.required_leaf_key_usage | *bit);
    }
    if (tc.contains("max_chain_depth") && !tc["max_chain_depth"].is_null()) {
        options.max_intermediates = tc["max_chain_depth"].get<std::size_t>();
    }
    options.time = kFallbackTime;
    if (tc.contains("validation_time") && !tc["validation_time"].is_null()) {
        const auto t = parse_rfc3339(tc["validation_time"].get<std::string>());
        if (!t) {
            return skipped("unreadable validation_time");
        }
        options.time = *t;
    }
    options.peer = x509::PeerName::none();
    std::vector<nlohmann::json> names;
    if (tc.contains("expected_peer_name") && !tc["expected_peer_name"].is_null()) {
        names.push_back(tc["expected_peer_name"]);
    }
    for (const auto& n : tc.value("expected_peer_names", nlohmann::json::array())) {
        names.push_back(n);
    }
    // Every expected name must match the leaf: the first through verify_chain, the others with check_peer_name.
    std::vector<x509::PeerName> peers;
    for (const auto& name : names) {
        const std::string peer_kind = name.value("kind", "");
        const std::string value = name.value("value", "");
        if (peer_kind == "DNS") {
            peers.push_back(x509::PeerName::dns(value));
        } else if (peer_kind == "IP") {
            peers.push_back(x509::PeerName::ip(value));
        } else if (peer_kind == "RFC822") {
            peers.push_back(x509::PeerName::email(value));
        } else {
            return skipped("peer name kind " + peer_kind + " is not supported");
        }
    }
    if (!peers.empty()) {
        options.peer = peers.front();
    }
    for (const auto& pem : tc.value("crls", nlohmann::json::array())) {
        auto crls = parse_crls(to_bytes(pem.get<std::string>()));
        if (!crls.ok()) {
            return {"FAILURE", crls.error().to_string()};
        }
        options.crls.insert(options.crls.end(), crls->begin(), crls->end());
    }

    x509::TrustStore store;
    for (const auto& cert : parse_pems(tc.value("trusted_certs", nlohmann::json::array()))) {
        store.add(cert);
    }
    const auto intermediates = parse_pems(tc.value("untrusted_intermediates", nlohmann::json::array()));
    auto peer = x509::parse_certificates(to_bytes(tc.value("peer_certificate", "")));
    if (!peer.ok()) {
        return {"FAILURE", peer.error().to_string()};
    }
    if (peer->size() != 1) {
        return {"FAILURE", "peer_certificate holds " + std::to_string(peer->size()) + " certificates"};
    }
    auto verified = x509::verify_chain(peer->front(), intermediates, store, options);
    if (!verified.ok()) {
        return {"FAILURE", verified.error().to_string()};
    }
    for (std::size_t i = 1; i < peers.size(); ++i) {
        auto matched = x509::check_peer_name(peer->front(), peers[i], options.purpose, false, public_suffixes.get());
        if (!matched.ok()) {
            return {"FAILURE", matched.error().to_string()};
        }
    }
    return {"SUCCESS", {}};
}

}  // namespace

int cmd_x509_limbo(std::span<const std::string_view> args) {
    const auto parsed = parse_args(kSpec, args);
    if (!parsed.ok()) {
        return usage_error(kSpec, parsed.error());
    }
    if (parsed.args().has("--help")) {
        return print_help(kSpec);
    }
    if (parsed.args().positional().size() != 1) {
        return usage_error(kSpec, "expected one FILE (or - for stdin)");
    }
    std::size_t min_agreed = 0;
    if (const auto v = parsed.args().value("--min-agreed")) {
        try {
            min_agreed = std::stoul(*v);
        } catch (const std::exception&) {
            return usage_error(kSpec, "--min-agreed needs a number");
        }
    }
    if (parsed.args().has("--psl") && parsed.args().has("--no-psl")) {
        return usage_error(kSpec, "--psl and --no-psl exclude each other");
    }
    const auto public_suffixes = load_public_suffixes(parsed.args().value("--psl"), parsed.args().has("--no-psl"));
    if (!public_suffixes.ok()) {
        std::fprintf(stderr, "nxs x509 limbo: %s\n", public_suffixes.error().to_string().c_str());
        return kExitFailure;
    }
    const auto data = read_file_or_stdin(parsed.args().positional().front());
    if (!data.ok()) {
        std::fprintf(stderr, "nxs x509 limbo: %s\n", data.error().message().c_str());
        return kExitFailure;
    }
    const auto doc = nlohmann::json::parse(data->begin(), data->end(), nullptr, false);
    if (doc.is_discarded() || !doc.is_object() || !doc.contains("testcases") || !doc["testcases"].is_array()) {
        std::fprintf(stderr, "nxs x509 limbo: %s is not an x509-limbo test file\n",
                     parsed.args().positional().front().c_str());
        return kExitFailure;
    }
    const bool quiet = parsed.args().has("--quiet");
    nlohmann::json results = nlohmann::json::array();
    std::size_t agreed = 0;
    std::size_t disagreed = 0;
    std::size_t skipped_count = 0;
    for (const auto& tc : doc["testcases"]) {
        const std::string id = tc.value("id", "");
        Outcome outcome;
        try {
            outcome = run_case(tc, *public_suffixes);
        } catch (const nlohmann::json::exception& e) {
            outcome = skipped(std::string("malformed testcase: ") + e.what());
        }
        const std::string expected = tc.value("expected_result", "");
        if (outcome.result == "SKIPPED") {
            ++skipped_count;
        } else if (outcome.result == expected) {
            ++agreed;
        } else {
            ++disagreed;
            if (!quiet) {
                std::fprintf(stderr, "DISAGREE %s: expected %s, got %s%s%s\n", id.c_str(), expected.c_str(),
                             outcome.result.c_str(), outcome.context.empty() ? "" : ": ", outcome.context.c_str());
            }
        }
        results.push_back(
            {{"id", id},
             {"actual_result", outcome.result},
             {"context", outcome.context.empty() ? nlohmann::json(nullptr) : nlohmann::json(outcome.context)}});
    }
    const nlohmann::json out = {{"version", 1}, {"harness", "nxs"}, {"results", results}};
    std::cout << out.dump(1) << "\n";
    std::fprintf(stderr, "LIMBO agreed=%zu disagreed=%zu skipped=%zu total=%zu\n", agreed, disagreed, skipped_count,
                 doc["testcases"].size());
    if (agreed < min_agreed) {
        std::fprintf(stderr, "nxs x509 limbo: %zu agreed, below the floor of %zu\n", agreed, min_agreed);
        return kExitFailure;
    }
    return kExitOk;
}

}  // namespace nxs::cli
