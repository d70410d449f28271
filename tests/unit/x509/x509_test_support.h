// Helpers for the X.509 tests: the OpenSSL-generated files of tests/vectors/x509/, and a tiny DER builder for the
// hand-corrupted variants (a good certificate split into its fields, one field changed, put back together).
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <initializer_list>
#include <iterator>
#include <string>
#include <vector>

#include "nxs/x509/pem.h"
#include "x509/der.h"

namespace nxs::x509::test {

using ByteVec = std::vector<std::uint8_t>;

inline ByteVec read_vector(const std::string& name) {
    std::ifstream in(std::string(NXS_SOURCE_DIR) + "/tests/vectors/x509/" + name, std::ios::binary);
    EXPECT_TRUE(in.good()) << "missing test vector " << name;
    return ByteVec(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline std::string read_text(const std::string& name) {
    const auto bytes = read_vector(name);
    return std::string(bytes.begin(), bytes.end());
}

// The DER of the first PEM block of a vector file.
inline ByteVec pem_der(const std::string& name) {
    auto blocks = parse_pem(read_text(name));
    EXPECT_TRUE(blocks.ok() && !blocks->empty()) << name;
    return blocks.ok() && !blocks->empty() ? (*blocks)[0].der : ByteVec();
}

inline bool looks_like_pem_file(const std::string& name) {
    return name.size() > 4 && name.substr(name.size() - 4) == ".pem";
}

inline ByteVec tlv(std::uint8_t tag, const ByteVec& contents) {
    ByteVec out{tag};
    const std::size_t n = contents.size();
    if (n < 0x80) {
        out.push_back(static_cast<std::uint8_t>(n));
    } else if (n < 0x100) {
        out.insert(out.end(), {0x81, static_cast<std::uint8_t>(n)});
    } else if (n < 0x10000) {
        out.insert(out.end(), {0x82, static_cast<std::uint8_t>(n >> 8), static_cast<std::uint8_t>(n)});
    } else {
        out.insert(out.end(), {0x83, static_cast<std::uint8_t>(n >> 16), static_cast<std::uint8_t>(n >> 8),
                               static_cast<std::uint8_t>(n)});
    }
    out.insert(out.end(), contents.begin(), contents.end());
    return out;
}

inline ByteVec cat(std::initializer_list<ByteVec> parts) {
    ByteVec out;
    for (const auto& part : parts) {
        out.insert(out.end(), part.begin(), part.end());
    }
    return out;
}

inline ByteVec seq(std::initializer_list<ByteVec> parts) {
    return tlv(tag::kSequence, cat(parts));
}

inline ByteVec str(const std::string& text) {
    return ByteVec(text.begin(), text.end());
}

// The top-level TLVs inside the contents of `der` (one TLV).
inline std::vector<ByteVec> children(const ByteVec& der) {
    DerReader outer(der);
    auto element = outer.read_any();
    EXPECT_TRUE(element.ok());
    std::vector<ByteVec> out;
    if (!element.ok()) {
        return out;
    }
    DerReader inner(element->value);
    while (!inner.empty()) {
        auto child = inner.read_any();
        EXPECT_TRUE(child.ok());
        if (!child.ok()) {
            break;
        }
        out.emplace_back(child->encoded.begin(), child->encoded.end());
    }
    return out;
}

inline ByteVec join(std::uint8_t tag, const std::vector<ByteVec>& parts) {
    ByteVec contents;
    for (const auto& part : parts) {
        contents.insert(contents.end(), part.begin(), part.end());
    }
    return tlv(tag, contents);
}

// A certificate taken apart: tbs holds the TBSCertificate's fields (version, serial, signature, issuer, validity,
// subject, spki, [extensions]).
struct CertParts {
    std::vector<ByteVec> tbs;
    ByteVec algorithm;
    ByteVec signature;

    ByteVec build() const { return seq({join(tag::kSequence, tbs), algorithm, signature}); }

    // The Extension SEQUENCEs of the last TBS field ([3] EXPLICIT Extensions).
    std::vector<ByteVec> extensions() const { return children(children(tbs.back())[0]); }
    void set_extensions(const std::vector<ByteVec>& list) {
        tbs.back() = tlv(tag::context_constructed(3), join(tag::kSequence, list));
    }
};

inline CertParts split_certificate(const ByteVec& der) {
    const auto top = children(der);
    EXPECT_EQ(top.size(), 3U);
    return CertParts{children(top.at(0)), top.at(1), top.at(2)};
}

inline ByteVec oid_bytes(std::initializer_list<std::uint8_t> contents) {
    return tlv(tag::kOid, ByteVec(contents));
}

inline ByteVec extension(const ByteVec& oid_tlv, bool critical, const ByteVec& value) {
    return critical ? seq({oid_tlv, ByteVec{0x01, 0x01, 0xFF}, tlv(tag::kOctetString, value)})
                    : seq({oid_tlv, tlv(tag::kOctetString, value)});
}

}  // namespace nxs::x509::test
