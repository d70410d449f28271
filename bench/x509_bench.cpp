#include "x509_bench.h"

#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include <cstdio>
#include <ctime>
#include <memory>
#include <string>
#include <vector>

#include "nxs/x509/certificate.h"
#include "nxs/x509/pem.h"
#include "nxs/x509/trust_store.h"
#include "nxs/x509/verify.h"

namespace nxs_bench {
namespace {

using Der = std::vector<std::uint8_t>;

std::vector<Der> pem_to_der(const std::string& pem) {
    std::vector<Der> out;
    const auto blocks = nxs::x509::parse_pem(pem);
    if (!blocks.ok()) {
        std::fprintf(stderr, "x509 bench: %s\n", blocks.error().to_string().c_str());
        return out;
    }
    for (const auto& block : *blocks) {
        out.emplace_back(block.der.begin(), block.der.end());
    }
    return out;
}

struct OpensslX509Free {
    void operator()(X509* x) const { X509_free(x); }
};
using X509Ptr = std::unique_ptr<X509, OpensslX509Free>;

X509Ptr openssl_parse(const Der& der) {
    const unsigned char* p = der.data();
    return X509Ptr(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
}

// What both verifiers share: the parsed chain and the trust anchor, made once.
struct Workload {
    std::vector<Der> ders;  // leaf, intermediate, root
    std::vector<nxs::x509::Certificate> nxs_certs;
    nxs::x509::TrustStore nxs_store;
    nxs::x509::VerifyOptions nxs_options;
    std::vector<X509Ptr> openssl_certs;
    std::unique_ptr<X509_STORE, decltype(&X509_STORE_free)> openssl_store{X509_STORE_new(), &X509_STORE_free};
    std::unique_ptr<STACK_OF(X509), void (*)(STACK_OF(X509)*)> openssl_untrusted{
        sk_X509_new_null(), [](STACK_OF(X509) * s) { sk_X509_free(s); }};
};

}  // namespace

X509Steps make_x509_steps(KeyType type) {
    const auto files = load_cert_files(type);
    auto work = std::make_shared<Workload>();
    work->ders = pem_to_der(files.chain_pem);
    for (auto& der : pem_to_der(files.root_pem)) {
        work->ders.push_back(std::move(der));
    }
    for (const auto& der : work->ders) {
        work->nxs_certs.push_back(nxs::x509::Certificate::parse(der).value());
        work->openssl_certs.push_back(openssl_parse(der));
    }
    work->nxs_store.add(work->nxs_certs.back());
    work->nxs_options.time = static_cast<std::int64_t>(std::time(nullptr));
    work->nxs_options.peer = nxs::x509::PeerName::dns(std::string(kServerName));
    work->nxs_options.purpose = nxs::x509::Purpose::kServerAuth;
    X509_STORE_add_cert(work->openssl_store.get(), work->openssl_certs.back().get());
    sk_X509_push(work->openssl_untrusted.get(), work->openssl_certs[1].get());

    X509Steps steps;
    steps.certificates_per_parse = static_cast<double>(work->ders.size());
    steps.nxs_parse = [work] {
        for (const auto& der : work->ders) {
            if (!nxs::x509::Certificate::parse(der).ok()) {
                return false;
            }
        }
        return true;
    };
    steps.openssl_parse = [work] {
        for (const auto& der : work->ders) {
            if (!openssl_parse(der)) {
                return false;
            }
        }
        return true;
    };
    steps.nxs_verify = [work] {
        const auto intermediates = std::span<const nxs::x509::Certificate>(work->nxs_certs).subspan(1, 1);
        const auto verified =
            nxs::x509::verify_chain(work->nxs_certs.front(), intermediates, work->nxs_store, work->nxs_options);
        if (!verified.ok()) {
            std::fprintf(stderr, "x509 bench (nxs): %s\n", verified.error().to_string().c_str());
        }
        return verified.ok();
    };
    steps.openssl_verify = [work] {
        X509_STORE_CTX* ctx = X509_STORE_CTX_new();
        bool ok =
            ctx != nullptr && X509_STORE_CTX_init(ctx, work->openssl_store.get(), work->openssl_certs.front().get(),
                                                  work->openssl_untrusted.get()) == 1;
        if (ok) {
            X509_VERIFY_PARAM* param = X509_STORE_CTX_get0_param(ctx);
            X509_VERIFY_PARAM_set1_host(param, kServerName.data(), kServerName.size());
            X509_VERIFY_PARAM_set_purpose(param, X509_PURPOSE_SSL_SERVER);
            ok = X509_verify_cert(ctx) == 1;
            if (!ok) {
                std::fprintf(stderr, "x509 bench (openssl): %s\n",
                             X509_verify_cert_error_string(X509_STORE_CTX_get_error(ctx)));
            }
        }
        X509_STORE_CTX_free(ctx);
        return ok;
    };
    return steps;
}

}  // namespace nxs_bench
