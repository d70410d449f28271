// X.509 on its own (issue 3): certificates parsed per second and chains verified per second, nxs beside OpenSSL's
// d2i_X509 / X509_verify_cert on the same DER bytes and the same root → intermediate → leaf chain.
#pragma once

#include <functional>

#include "bench.h"

namespace nxs_bench {

struct X509Steps {
    // Each parse step parses every certificate of the chain and the root once (`certificates_per_parse` of them).
    std::function<bool()> nxs_parse;
    std::function<bool()> openssl_parse;
    double certificates_per_parse = 0;
    // Each verify step validates the chain (signatures, validity, constraints, serverAuth, host name) once.
    std::function<bool()> nxs_verify;
    std::function<bool()> openssl_verify;
};

X509Steps make_x509_steps(KeyType type);

}  // namespace nxs_bench
