#include "handshake/msgs/certificate.h"

namespace nxs::tls13 {

Result<Certificate> Certificate::decode(Bytes body) {
    Reader reader(body);
    Certificate certificate;
    NXS_TRY_ASSIGN(certificate.certificate_request_context, reader.vec8_bytes());
    NXS_TRY_ASSIGN(Reader list, reader.vec24());
    NXS_TRY(reader.expect_end());
    while (!list.empty()) {
        CertificateEntry entry;
        NXS_TRY_ASSIGN(entry.cert_data, list.vec24_bytes());
        // opaque cert_data<1..2^24-1>
        if (entry.cert_data.empty()) {
            return handshake::codec_error(Status::kTlsIncorrectMessageLength, "Certificate.cert_data",
                                          "a certificate entry is empty");
        }
        NXS_TRY_ASSIGN(entry.extensions, handshake::ExtensionList::decode(list));
        certificate.certificate_list.push_back(std::move(entry));
    }
    return certificate;
}

Result<void> Certificate::encode(Writer& writer) const {
    NXS_TRY(writer.vec8(certificate_request_context));
    const auto list = writer.open(3);
    for (const auto& entry : certificate_list) {
        NXS_TRY(writer.vec24(entry.cert_data));
        NXS_TRY(entry.extensions.encode(writer));
    }
    return writer.close(list);
}

}  // namespace nxs::tls13
