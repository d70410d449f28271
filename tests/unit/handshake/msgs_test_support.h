// Helpers for the handshake message and extension codec tests.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <string_view>
#include <vector>

#include "common/hex.h"
#include "common/reader.h"
#include "common/writer.h"
#include "nxs/result.h"

namespace nxs::test {

inline std::vector<std::uint8_t> hex(std::string_view text) {
    auto bytes = from_hex(text);
    EXPECT_TRUE(bytes.has_value()) << "bad hex in test data";
    return bytes.value_or(std::vector<std::uint8_t>{});
}

inline std::vector<std::uint8_t> cat(std::vector<std::uint8_t> a, const std::vector<std::uint8_t>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

// The body an encoder writes for `value` (a message or an extension struct).
template <typename T>
std::vector<std::uint8_t> encode_body(const T& value) {
    std::vector<std::uint8_t> out;
    Writer writer(out);
    const auto written = value.encode(writer);
    EXPECT_TRUE(written.ok()) << (written.ok() ? "" : written.error().to_string());
    return out;
}

template <typename T>
Status status_of(const Result<T>& result) {
    return result.status();
}

template <typename T>
std::optional<AlertDescription> alert_of(const Result<T>& result) {
    return result.ok() ? std::nullopt : result.error().alert();
}

// Every strict prefix of `data` must be rejected with `expected` (and never crash). `allowed` lists prefix lengths
// that are themselves a valid encoding (e.g. a ClientHello that ends before its extensions).
template <typename Decode>
void expect_every_prefix_fails(const std::vector<std::uint8_t>& data, Decode decode, Status expected,
                               std::vector<std::size_t> allowed = {}) {
    for (std::size_t length = 0; length < data.size(); ++length) {
        const auto result = decode(Bytes(data.data(), length));
        if (std::find(allowed.begin(), allowed.end(), length) != allowed.end()) {
            EXPECT_TRUE(result.ok()) << "prefix of " << length << " bytes should decode";
            continue;
        }
        ASSERT_FALSE(result.ok()) << "prefix of " << length << " bytes decoded";
        EXPECT_EQ(result.status(), expected) << "prefix of " << length << " bytes";
    }
}

// One byte more than a valid encoding must be rejected with 0x10A.
template <typename Decode>
void expect_trailing_byte_fails(std::vector<std::uint8_t> data, Decode decode) {
    data.push_back(0x00);
    const auto result = decode(Bytes(data));
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.status(), Status::kTlsIncorrectMessageLength);
}

}  // namespace nxs::test
