#include "handshake/msgs/end_of_early_data.h"

namespace nxs::tls13 {

Result<EndOfEarlyData> EndOfEarlyData::decode(Bytes body) {
    NXS_TRY(Reader(body).expect_end());
    return EndOfEarlyData{};
}

Result<void> EndOfEarlyData::encode(Writer& /*writer*/) const {
    return {};
}

}  // namespace nxs::tls13
