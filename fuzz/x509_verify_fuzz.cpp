// Fuzz target for path building and validation (nxs::x509::verify_chain).
//
// The input is a sequence of DER certificates back to back: the first is the leaf, the last a trust anchor, the
// ones between untrusted intermediates (certificates that do not parse are dropped). The chain is verified at a time
// inside the leaf's validity, once without a peer name and once against "www.example.com", so path building, name
// constraints and the host-name check all see hostile inputs. The target checks that verification ends within its
// work limits and that every failure carries a detail message.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <vector>

#include "nxs/x509/certificate.h"
#include "nxs/x509/trust_store.h"
#include "nxs/x509/verify.h"
#include "x509/der.h"

namespace {

void check(bool condition) {
    if (!condition) {
        std::abort();
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace nxs::x509;
    std::vector<Certificate> certs;
    DerReader reader(std::span<const std::uint8_t>(data, size));
    while (!reader.empty() && certs.size() < 16) {
        auto element = reader.read_any();
        if (!element.ok()) {
            break;
        }
        auto cert = Certificate::parse(element->encoded);
        if (cert.ok()) {
            certs.push_back(std::move(*cert));
        }
    }
    if (certs.size() < 2) {
        return 0;
    }
    TrustStore store;
    store.add(certs.back());
    const std::span<const Certificate> intermediates(certs.data() + 1, certs.size() - 2);
    VerifyOptions options;
    options.time = certs.front().not_before() + 1;
    options.max_signature_checks = 32;
    options.max_candidates = 64;
    for (const auto& peer : {PeerName::none(), PeerName::dns("www.example.com")}) {
        options.peer = peer;
        const auto result = verify_chain(certs.front(), intermediates, store, options);
        if (result.ok()) {
            check(!result->certificates.empty() && result->signature_checks <= options.max_signature_checks);
        } else {
            check(!result.error().message().empty());
        }
    }
    return 0;
}
