// Fuzz target for the PEM reader (include/nxs/x509/pem.h) and parse_certificates over PEM or DER input.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "nxs/x509/certificate.h"
#include "nxs/x509/pem.h"

namespace {

void check(bool condition) {
    if (!condition) {
        std::abort();
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto blocks = nxs::x509::parse_pem(text);
    if (blocks.ok()) {
        for (const auto& block : *blocks) {
            check(!block.label.empty() && !block.der.empty());
            // base64 decodes to 3 bytes per 4 characters at most.
            check(block.der.size() <= size);
        }
    } else {
        check(blocks.status() == nxs::Status::kX509InvalidCertificateData);
    }
    const auto certificates = nxs::x509::parse_certificates({data, size});
    if (certificates.ok()) {
        check(!certificates->empty());
    }
    return 0;
}
