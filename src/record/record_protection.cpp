#include "record/record_protection.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <limits>
#include <string>
#include <utility>

namespace nxs::record {

namespace {

// RFC 8446 §5.5: For AES-GCM, up to 2^24.5 full-size records (about 24 million) may be encrypted on a given
// connection while keeping a safety margin of approximately 2^-57 for Authenticated Encryption (AE) security.
constexpr std::uint64_t kAesGcmRecordLimit = 23726566;  // floor(2^24.5)

// RFC 9147 §4.5.3: [TLS13] does not specify a limit for AEAD_AES_128_CCM, but the analysis in Appendix B shows that
// a limit of 2^23 packets can be used to obtain the same confidentiality protection as the limits specified in TLS.
// CCM_8 differs only in its tag, which bears on forgeries (integrity), not on this limit.
constexpr std::uint64_t kAesCcmRecordLimit = std::uint64_t{1} << 23;

// A sequence number is never used twice: the last value is kept back so the counter cannot wrap to 0.
constexpr std::uint64_t kSequenceExhausted = std::numeric_limits<std::uint64_t>::max();

// RFC 8446 §5.5: for ChaCha20/Poly1305, the record sequence number would wrap before the safety limit is reached.
// Rekeying this far before the wrap leaves sequence numbers for the KeyUpdate and any alert sent before it.
constexpr std::uint64_t kSequenceRekeyLimit = kSequenceExhausted - 0xFFFF;

}  // namespace

std::uint64_t default_key_update_limit(crypto::AeadAlgorithm aead) noexcept {
    switch (aead) {
        case crypto::AeadAlgorithm::kAes128Gcm:
        case crypto::AeadAlgorithm::kAes256Gcm:
            return kAesGcmRecordLimit;
        case crypto::AeadAlgorithm::kAes128Ccm:
        case crypto::AeadAlgorithm::kAes128Ccm8:
            return kAesCcmRecordLimit;
        case crypto::AeadAlgorithm::kChaCha20Poly1305:
            return kSequenceRekeyLimit;
    }
    return kAesCcmRecordLimit;  // an AEAD added without a limit gets the smallest one
}

Result<RecordProtection> RecordProtection::create(const crypto::Provider& provider, crypto::AeadAlgorithm aead,
                                                  Bytes key, Bytes iv, crypto::AeadUse use) {
    if (key.size() != crypto::aead_key_length(aead) || iv.size() != crypto::kAeadNonceLength) {
        return Error(Status::kTlsInvalidState,
                     "record key or IV has the wrong length for " + std::string(crypto::aead_name(aead)));
    }
    NXS_TRY_ASSIGN(auto aead_key, provider.new_aead_for(use, aead, key));
    return RecordProtection(aead, std::move(aead_key), Secret(iv));
}

RecordProtection::RecordProtection(crypto::AeadAlgorithm aead, std::unique_ptr<crypto::AeadKey> key, Secret iv) noexcept
    : m_aead(aead),
      m_key(std::move(key)),
      m_iv(std::move(iv)),
      m_tag_length(crypto::aead_tag_length(aead)),
      m_key_update_limit(default_key_update_limit(aead)) {}

void RecordProtection::set_key_update_limit(std::uint64_t records) noexcept {
    const std::uint64_t safe = default_key_update_limit(m_aead);
    m_key_update_limit = records == 0 ? safe : std::min(records, safe);
}

Result<void> RecordProtection::set_record_size_limit(std::size_t limit) {
    if (limit < 2) {
        return Error(Status::kTlsInvalidState, "record_size_limit below 2 cannot carry content");
    }
    m_max_inner = std::min(limit, kMaxInnerPlaintext);
    return {};
}

Result<std::array<std::uint8_t, crypto::kAeadNonceLength>> RecordProtection::take_nonce() {
    // RFC 8446 §5.3: If a TLS implementation would need to wrap a sequence number, it MUST either rekey
    // (Section 4.6.3) or terminate the connection.
    if (m_sequence == kSequenceExhausted) {
        return Error(Status::kTlsInvalidState, "record sequence number exhausted; the key must be updated");
    }
    // RFC 8446 §5.3: The 64-bit record sequence number is encoded in network byte order and padded to the left with
    // zeros to iv_length. The padded sequence number is XORed with either the static client_write_iv or
    // server_write_iv.
    std::array<std::uint8_t, crypto::kAeadNonceLength> nonce{};
    std::memcpy(nonce.data(), m_iv.data(), nonce.size());
    for (std::size_t i = 0; i < 8; ++i) {
        nonce[nonce.size() - 1 - i] ^= static_cast<std::uint8_t>((m_sequence >> (8 * i)) & 0xFF);
    }
    ++m_sequence;
    return nonce;
}

std::size_t RecordProtection::inner_size(std::size_t content_length) const noexcept {
    const std::size_t unpadded = content_length + 1;
    if (m_padding.block <= 1) {
        return unpadded;
    }
    const std::size_t rounded = (unpadded + m_padding.block - 1) / m_padding.block * m_padding.block;
    // RFC 8446 §5.4: the full encoded TLSInnerPlaintext MUST NOT exceed 2^14 + 1 octets (and RFC 8449 may lower it).
    return std::max(unpadded, std::min(rounded, m_max_inner));
}

std::size_t RecordProtection::sealed_size(std::size_t content_length) const noexcept {
    return kHeaderSize + inner_size(content_length) + m_tag_length;
}

Result<void> RecordProtection::seal_into(ContentType type, Bytes content, MutableBytes record) {
    // RFC 8449 §4: An endpoint MUST NOT generate a protected record with plaintext that is larger than the
    // RecordSizeLimit value it receives from its peer.
    if (content.size() > max_content()) {
        return Error(Status::kTlsInvalidState, "record content of " + std::to_string(content.size()) +
                                                   " bytes exceeds the " + std::to_string(max_content()) +
                                                   "-byte limit");
    }
    const std::size_t inner = inner_size(content.size());
    if (record.size() != kHeaderSize + inner + m_tag_length) {
        return Error(Status::kTlsInvalidState, "record buffer does not match sealed_size()");
    }
    // RFC 8446 §5.2: The outer opaque_type field of a TLSCiphertext record is always set to the value 23
    // (application_data) ... legacy_record_version field is always 0x0303.
    write_header(record, ContentType::kApplicationData, kLegacyRecordVersion, inner + m_tag_length);
    // RFC 8446 §5.2: TLSInnerPlaintext = content || type || zeros. The content is encrypted from where it lies; the
    // type byte and padding are written after where it goes and encrypted there.
    const MutableBytes plaintext = record.subspan(kHeaderSize, inner);
    plaintext[content.size()] = static_cast<std::uint8_t>(type);
    std::fill(plaintext.begin() + static_cast<std::ptrdiff_t>(content.size()) + 1, plaintext.end(), std::uint8_t{0});
    NXS_TRY_ASSIGN(const auto nonce, take_nonce());
    // RFC 8446 §5.2: additional_data = TLSCiphertext.opaque_type || TLSCiphertext.legacy_record_version ||
    // TLSCiphertext.length.
    return m_key->seal_from(nonce, record.first(kHeaderSize), content, plaintext, record.subspan(kHeaderSize + inner));
}

Result<void> RecordProtection::seal_in_place(ContentType type, MutableBytes record, std::size_t content_length) {
    if (record.size() < kHeaderSize + content_length) {
        return Error(Status::kTlsInvalidState, "record buffer does not match sealed_size()");
    }
    return seal_into(type, record.subspan(kHeaderSize, content_length), record);
}

template <typename Buffer>
Result<void> RecordProtection::append_sealed(ContentType type, Bytes content, Buffer& out) {
    if (content.size() > max_content()) {
        return Error(Status::kTlsInvalidState, "record content exceeds the record size limit");
    }
    const std::size_t start = out.size();
    const std::size_t size = sealed_size(content.size());
    // The record is encrypted from `content` into `out`: a ByteBuffer grows without zero-filling, so each byte of
    // the record is written once (for a full 16 KiB record a zero fill was a tenth of the instructions of sending
    // it, docs/performance.md).
    out.resize(start + size);
    auto sealed = seal_into(type, content, MutableBytes(out.data() + start, size));
    if (!sealed.ok()) {
        out.resize(start);
    }
    return sealed;
}

Result<void> RecordProtection::seal(ContentType type, Bytes content, std::vector<std::uint8_t>& out) {
    return append_sealed(type, content, out);
}

Result<void> RecordProtection::seal(ContentType type, Bytes content, ByteBuffer& out) {
    return append_sealed(type, content, out);
}

Result<OpenedRecord> RecordProtection::open(const RecordView& record) {
    return open_fragment(record.type, record.header, record.fragment, record.fragment);
}

Result<OpenedRecord> RecordProtection::open_into(ContentType type, Bytes header, Bytes fragment,
                                                 MutableBytes destination) {
    if (destination.size() < fragment.size()) {
        return Error(Status::kTlsInvalidState, "the destination is shorter than the record's fragment");
    }
    auto opened = open_fragment(type, header, fragment, destination);
    if (!opened.ok() && opened.status() == Status::kTlsAeadDecryptFail) {
        // Whatever the cipher wrote before the tag check failed is not plaintext anyone may see.
        std::fill(destination.begin(), destination.begin() + static_cast<std::ptrdiff_t>(fragment.size()),
                  std::uint8_t{0});
    }
    return opened;
}

Result<OpenedRecord> RecordProtection::open_fragment(ContentType outer_type, Bytes header, Bytes fragment,
                                                     MutableBytes plaintext_out) {
    // RFC 8446 §5.2: The outer opaque_type field of a TLSCiphertext record is always set to the value 23.
    if (outer_type != ContentType::kApplicationData) {
        return Error(Status::kTlsUnexpectedMessage, std::string("an unprotected ") +
                                                        std::string(content_type_name(outer_type)) +
                                                        " record arrived after record protection started");
    }
    if (fragment.size() < m_tag_length) {
        return Error(Status::kTlsAeadDecryptFail, "protected record is shorter than its authentication tag");
    }
    const std::size_t inner = fragment.size() - m_tag_length;
    // RFC 8446 §5.4: If the length of the full encoded TLSInnerPlaintext exceeds 2^14 + 1 octets, the receiver MUST
    // terminate the connection with a "record_overflow" alert.
    // RFC 8449 §4: A TLS endpoint that receives a record larger than its advertised limit MUST generate a fatal
    // "record_overflow" alert.
    if (inner > m_max_inner) {
        return Error(Status::kTlsRecordOverflow, "protected record carries " + std::to_string(inner) +
                                                     " bytes of inner plaintext; the limit is " +
                                                     std::to_string(m_max_inner));
    }
    // No record count is enforced on receipt beyond the sequence number wrap (take_nonce). RFC 8446 §5.5 puts the
    // confidentiality limit on the sender ("may be encrypted"), and not every peer rekeys by itself, so refusing a
    // peer's 2^24.5th record would only break working connections. The integrity limit
    // counts forgery attempts (RFC 9147 §4.5.3), and TLS allows one: the first record that fails to authenticate
    // below ends the connection with bad_record_mac.
    NXS_TRY_ASSIGN(const auto nonce, take_nonce());
    const MutableBytes plaintext = plaintext_out.first(inner);
    // RFC 8446 §5.2: If the decryption fails, the receiver MUST terminate the connection with a "bad_record_mac"
    // alert.
    NXS_TRY(m_key->open_into(nonce, header, fragment.first(inner), plaintext, fragment.subspan(inner)));

    // RFC 8446 §5.4: the receiving implementation scans the field from the end toward the beginning until it finds
    // a non-zero octet. This non-zero octet is the content type of the message. ... If a receiving implementation
    // does not find a non-zero octet in the cleartext, it MUST terminate the connection with an
    // "unexpected_message" alert.
    std::size_t end = plaintext.size();
    while (end > 0 && plaintext[end - 1] == 0) {
        --end;
    }
    if (end == 0) {
        return Error(Status::kTlsUnexpectedMessage, "protected record has no content type (all zeros)");
    }
    const auto type = static_cast<ContentType>(plaintext[end - 1]);
    if (!is_known(type)) {
        return Error(Status::kTlsUnrecognizedMessageType,
                     "protected record has inner content type " + std::to_string(plaintext[end - 1]));
    }
    // RFC 8446 §5: An implementation which receives ... a protected change_cipher_spec record MUST abort the
    // handshake with an "unexpected_message" alert.
    if (type == ContentType::kChangeCipherSpec) {
        return Error(Status::kTlsBadCipherspec, "change_cipher_spec inside a protected record");
    }
    const MutableBytes content = plaintext.first(end - 1);
    NXS_TRY(check_content_length(type, content.size()));
    return OpenedRecord{type, content};
}

}  // namespace nxs::record
