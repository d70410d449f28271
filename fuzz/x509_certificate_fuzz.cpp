// Fuzz target for nxs::x509::Certificate::parse: any input either parses or fails with an X.509 code; a parsed
// certificate's views lie inside its own copy, and every accessor and walker runs over the result.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "nxs/x509/certificate.h"

namespace {

void check(bool condition) {
    if (!condition) {
        std::abort();
    }
}

bool inside(nxs::x509::Bytes part, nxs::x509::Bytes whole) {
    return part.empty() || (part.data() >= whole.data() && part.data() + part.size() <= whole.data() + whole.size());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto cert = nxs::x509::Certificate::parse({data, size});
    if (!cert.ok()) {
        const auto code = static_cast<unsigned>(cert.status());
        check(code >= 0x181 && code <= 0x1A0);
        check(!cert.error().message().empty());
        return 0;
    }
    const auto whole = cert->der();
    check(whole.size() == size);
    check(inside(cert->tbs_der(), whole) && inside(cert->serial(), whole) && inside(cert->signature(), whole));
    check(inside(cert->subject().der, whole) && inside(cert->public_key().der, whole));
    check(cert->version() >= 1 && cert->version() <= 3);
    static_cast<void>(cert->subject().to_string());
    static_cast<void>(cert->issuer().common_name());
    static_cast<void>(cert->is_self_issued());
    const auto& ext = cert->extensions();
    auto visit = [&whole](const nxs::x509::GeneralName& name) {
        check(inside(name.value, whole));
        if (name.kind == nxs::x509::GeneralName::Kind::kDirectoryName) {
            static_cast<void>(nxs::x509::Name{name.value}.to_string());
        }
        return true;
    };
    if (ext.subject_alt_name) {
        ext.subject_alt_name->for_each(visit);
    }
    if (ext.name_constraints) {
        if (ext.name_constraints->permitted) {
            ext.name_constraints->permitted->for_each(visit);
        }
        if (ext.name_constraints->excluded) {
            ext.name_constraints->excluded->for_each(visit);
        }
    }
    // Parsing the same bytes again gives the same answer.
    auto again = nxs::x509::Certificate::parse(whole);
    check(again.ok() && nxs::x509::names_equal(again->subject(), cert->subject()));
    return 0;
}
