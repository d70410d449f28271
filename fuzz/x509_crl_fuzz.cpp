// Fuzz target for nxs::x509::Crl::parse and parse_crls: parse, then walk every revoked entry and look one up.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "nxs/x509/crl.h"

namespace {

void check(bool condition) {
    if (!condition) {
        std::abort();
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto crl = nxs::x509::Crl::parse({data, size});
    if (!crl.ok()) {
        const auto code = static_cast<unsigned>(crl.status());
        check(code >= 0x181 && code <= 0x1A0);
    } else {
        std::size_t count = 0;
        nxs::x509::Bytes last;
        crl->for_each_revoked([&](const nxs::x509::RevokedCertificate& entry) {
            ++count;
            last = entry.serial;
            return true;
        });
        check(count == crl->revoked_count());
        if (count != 0) {
            check(crl->find_revoked(last).has_value());
        }
        static_cast<void>(crl->issuer().to_string());
    }
    static_cast<void>(nxs::x509::parse_crls({data, size}));
    return 0;
}
