// Helpers for the path-validation tests: the chains of tests/vectors/x509/chains/generated (make_chains.sh).
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "nxs/x509/certificate.h"
#include "nxs/x509/trust_store.h"
#include "nxs/x509/verify.h"
#include "x509_test_support.h"

namespace nxs::x509::test {

inline Certificate chain_cert(const std::string& name) {
    const auto bytes = read_vector("chains/generated/" + name);
    auto certs = parse_certificates(bytes);
    EXPECT_TRUE(certs.ok()) << name << ": " << (certs.ok() ? "" : certs.error().to_string());
    EXPECT_TRUE(certs.ok() && certs->size() == 1) << name;
    return certs->front();
}

inline std::vector<Certificate> chain_certs(std::initializer_list<const char*> names) {
    std::vector<Certificate> out;
    for (const char* name : names) {
        out.push_back(chain_cert(name));
    }
    return out;
}

inline TrustStore store_of(std::initializer_list<const char*> names) {
    TrustStore store;
    for (const char* name : names) {
        store.add(chain_cert(name));
    }
    return store;
}

// Options at a time inside every generated certificate's validity (an hour after the leaf's notBefore).
inline VerifyOptions options_for(const Certificate& leaf, PeerName peer = PeerName::none()) {
    VerifyOptions options;
    options.time = leaf.not_before() + 3600;
    options.peer = std::move(peer);
    return options;
}

// Asserts the code, the depth and a fragment of the message of a failed verification.
#define EXPECT_VERIFY_ERROR(result, code, expected_depth, fragment)                                  \
    do {                                                                                             \
        const auto& r_ = (result);                                                                   \
        ASSERT_FALSE(r_.ok()) << "verification succeeded";                                           \
        EXPECT_EQ(r_.error().status(), (code)) << r_.error().to_string();                            \
        EXPECT_EQ(r_.error().detail().depth, (expected_depth)) << r_.error().to_string();            \
        EXPECT_NE(r_.error().message().find(fragment), std::string::npos) << r_.error().to_string(); \
    } while (false)

}  // namespace nxs::x509::test
