// Helpers shared by the crypto tests: hex literals and the shared vectors folder.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/hex.h"
#include "nxs/crypto/provider.h"

namespace nxs::crypto::test {

// Hex text (spaces allowed, as the RFCs print it) to bytes; an invalid literal fails the test.
inline std::vector<std::uint8_t> hex(std::string_view text) {
    auto bytes = from_hex(text);
    EXPECT_TRUE(bytes.has_value()) << "bad hex literal: " << text;
    return bytes.value_or(std::vector<std::uint8_t>{});
}

inline std::vector<std::uint8_t> to_vector(std::span<const std::uint8_t> bytes) {
    return {bytes.begin(), bytes.end()};
}

inline std::vector<std::uint8_t> to_vector(const Secret& secret) {
    return to_vector(secret.span());
}

inline Bytes as_bytes(std::string_view text) {
    return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

inline std::string shared_path(std::string_view relative) {
    return std::string(NXS_SHARED_DIR) + "/" + std::string(relative);
}

}  // namespace nxs::crypto::test
