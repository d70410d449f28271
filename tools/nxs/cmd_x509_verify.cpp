// nxs x509 verify — verifies a certificate chain the way a TLS peer would, and says why when it does not.
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "args.h"
#include "commands.h"
#include "nxs/x509/certificate.h"
#include "nxs/x509/trust_store.h"
#include "nxs/x509/verify.h"
#include "x509_commands.h"

namespace nxs::cli {
namespace {

constexpr Option kOptions[] = {
    {"--cafile", "FILE", "trust anchors (PEM bundle or DER); default: the system store"},
    {"--untrusted", "FILE", "intermediate certificates (PEM bundle or DER)", true},
    {"--host", "NAME", "expected DNS host name"},
    {"--ip", "ADDR", "expected IP address"},
    {"--purpose", "server|client", "the extended key usage the leaf must allow (default server)"},
    {"--crl", "FILE", "CRLs to check (PEM bundle or DER)", true},
    {"--at", "UNIX_SECONDS", "verify at this time instead of now"},
    {"--psl", "FILE", "Public Suffix List (default: /usr/share/publicsuffix/public_suffix_list.dat when present)"},
    {"--no-psl", "", "no Public Suffix List: accept wildcards such as *.co.uk"},
};

constexpr CommandSpec kSpec{
    "x509 verify",
    "[--cafile F] [--untrusted F]... [--host NAME | --ip ADDR] [--purpose server|client] [--crl F]... "
    "[--at UNIX_SECONDS] [--psl F | --no-psl] LEAF",
    "Builds a path from LEAF (PEM or DER; extra certificates in a PEM LEAF file count as --untrusted) to a trust\n"
    "anchor and validates it (RFC 5280 §6, web PKI profile). Prints OK and exits 0, or prints the NX_SECURE_* code\n"
    "and the reason and exits 1. Without --host or --ip the peer name is not checked. A wildcard SAN over a public\n"
    "suffix (*.co.uk) never matches --host; the Public Suffix List is --psl F, else the system one when installed.",
    kOptions};

int fail(const std::string& text) {
    std::printf("%s\n", text.c_str());
    return kExitFailure;
}

Result<std::vector<x509::Certificate>> load_certificates(const std::string& path) {
    NXS_TRY_ASSIGN(const auto data, read_file_or_stdin(path));
    return x509::parse_certificates(data);
}

}  // namespace

int cmd_x509_verify(std::span<const std::string_view> args) {
    const auto parsed = parse_args(kSpec, args);
    if (!parsed.ok()) {
        return usage_error(kSpec, parsed.error());
    }
    const ParsedArgs& a = parsed.args();
    if (a.has("--help")) {
        return print_help(kSpec);
    }
    if (a.positional().size() != 1) {
        return usage_error(kSpec, "expected one LEAF certificate file");
    }
    if (a.has("--host") && a.has("--ip")) {
        return usage_error(kSpec, "--host and --ip exclude each other");
    }
    if (a.has("--psl") && a.has("--no-psl")) {
        return usage_error(kSpec, "--psl and --no-psl exclude each other");
    }
    x509::VerifyOptions options;
    options.peer = x509::PeerName::none();
    if (const auto host = a.value("--host")) {
        options.peer = x509::PeerName::dns(*host);
    } else if (const auto ip = a.value("--ip")) {
        options.peer = x509::PeerName::ip(*ip);
    }
    const std::string purpose = a.value("--purpose").value_or("server");
    if (purpose == "server") {
        options.purpose = x509::Purpose::kServerAuth;
    } else if (purpose == "client") {
        options.purpose = x509::Purpose::kClientAuth;
    } else {
        return usage_error(kSpec, "--purpose is server or client");
    }
    if (const auto at = a.value("--at")) {
        try {
            std::size_t used = 0;
            options.time = std::stoll(*at, &used);
            if (used != at->size()) {
                throw std::invalid_argument("trailing characters");
            }
        } catch (const std::exception&) {
            return usage_error(kSpec, "--at needs seconds since 1970");
        }
    } else {
        // The CLI is where the clock is read; the library only takes the time it is given.
        options.time =
            std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
                .count();
    }

    auto public_suffixes = load_public_suffixes(a.value("--psl"), a.has("--no-psl"));
    if (!public_suffixes.ok()) {
        return fail(public_suffixes.error().to_string());
    }
    options.public_suffixes = *public_suffixes;

    x509::TrustStore store;
    if (const auto cafile = a.value("--cafile")) {
        auto loaded = store.load_file(*cafile);
        if (!loaded.ok()) {
            return fail(loaded.error().to_string());
        }
    } else {
        auto loaded = store.load_system();
        if (!loaded.ok()) {
            return fail(loaded.error().to_string());
        }
    }
    auto leaf_certs = load_certificates(a.positional().front());
    if (!leaf_certs.ok()) {
        return fail(leaf_certs.error().to_string());
    }
    if (leaf_certs->empty()) {
        return fail("NX_SECURE_TLS_EMPTY_REMOTE_CERTIFICATE_RECEIVED: no certificate in " + a.positional().front());
    }
    std::vector<x509::Certificate> intermediates(leaf_certs->begin() + 1, leaf_certs->end());
    for (const auto& path : a.values("--untrusted")) {
        auto certs = load_certificates(path);
        if (!certs.ok()) {
            return fail(certs.error().to_string());
        }
        intermediates.insert(intermediates.end(), certs->begin(), certs->end());
    }
    for (const auto& path : a.values("--crl")) {
        auto data = read_file_or_stdin(path);
        if (!data.ok()) {
            return fail(data.error().to_string());
        }
        auto crls = parse_crls(*data);
        if (!crls.ok()) {
            return fail(crls.error().to_string());
        }
        options.crls.insert(options.crls.end(), crls->begin(), crls->end());
    }
    auto verified = x509::verify_chain(leaf_certs->front(), intermediates, store, options);
    if (!verified.ok()) {
        return fail(verified.error().to_string());
    }
    std::printf("OK\n");
    return kExitOk;
}

}  // namespace nxs::cli
