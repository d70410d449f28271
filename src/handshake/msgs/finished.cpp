#include "handshake/msgs/finished.h"

namespace nxs::handshake {

Result<Finished> Finished::decode(Bytes body, std::size_t verify_data_length) {
    // RFC 8446 §4.4.4: opaque verify_data[Hash.length] — the body is exactly the hash length.
    if (body.size() != verify_data_length) {
        return codec_error(Status::kTlsIncorrectMessageLength, "Finished.verify_data",
                           "Finished is not as long as the negotiated hash");
    }
    return Finished{body};
}

Result<void> Finished::encode(Writer& writer) const {
    writer.bytes(verify_data);
    return {};
}

}  // namespace nxs::handshake
