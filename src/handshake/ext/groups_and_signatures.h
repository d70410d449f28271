// supported_groups (RFC 8446 §4.2.7), signature_algorithms and signature_algorithms_cert (RFC 8446 §4.2.3).
// Lists of 16-bit code points; unknown values are kept. An empty list or an odd length is 0x10A.
#pragma once

#include <vector>

#include "handshake/ext/extension_list.h"
#include "nxs/crypto/algorithms.h"

namespace nxs::handshake {

struct SupportedGroups {
    static constexpr ExtensionType kType = ExtensionType::kSupportedGroups;
    std::vector<crypto::NamedGroup> groups;  // in preference order

    bool contains(crypto::NamedGroup group) const noexcept;
    static Result<SupportedGroups> decode(Bytes data);
    Result<void> encode(Writer& writer) const;
};

struct SignatureAlgorithms {
    static constexpr ExtensionType kType = ExtensionType::kSignatureAlgorithms;
    std::vector<crypto::SignatureScheme> schemes;  // in preference order

    bool contains(crypto::SignatureScheme scheme) const noexcept;
    static Result<SignatureAlgorithms> decode(Bytes data);
    Result<void> encode(Writer& writer) const;
};

struct SignatureAlgorithmsCert {
    static constexpr ExtensionType kType = ExtensionType::kSignatureAlgorithmsCert;
    std::vector<crypto::SignatureScheme> schemes;

    bool contains(crypto::SignatureScheme scheme) const noexcept;
    static Result<SignatureAlgorithmsCert> decode(Bytes data);
    Result<void> encode(Writer& writer) const;
};

}  // namespace nxs::handshake
