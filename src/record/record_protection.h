// RecordProtection — TLS 1.3 AEAD record protection for one direction (RFC 8446 §5.2–§5.5, RFC 8449).
//
// One object per direction and per key: the write key seals the records we send, the read key opens the records we
// receive. It holds the AEAD key, the static IV (client/server_write_iv, RFC 8446 §7.3) and the 64-bit sequence
// number; a key change (handshake → application traffic, KeyUpdate) replaces the object, which starts again at 0.
//
// Receiving decrypts in place: open() turns the record's fragment into TLSInnerPlaintext where it lies and returns
// the content as a view into it; open_into() decrypts a record the caller keeps read-only (the bytes a connection
// was fed) into another buffer, the decryption being the only copy. Sending encrypts the content from the caller's
// buffer straight into the output (seal_into: header, type byte and padding are written around it), so the
// content is read once and the ciphertext written once, with no copy before the encryption.
//
// Errors when opening:
//   outer type is not application_data         → NX_SECURE_TLS_UNEXPECTED_MESSAGE (0x14F)
//   TLSInnerPlaintext longer than 2^14 + 1, or than the record_size_limit we advertised
//                                              → NX_SECURE_TLS_RECORD_OVERFLOW (0x151), record_overflow
//   shorter than the tag, or the tag is wrong  → NX_SECURE_TLS_AEAD_DECRYPT_FAIL (0x150), bad_record_mac
//   no non-zero byte (no content type)         → NX_SECURE_TLS_UNEXPECTED_MESSAGE (0x14F), unexpected_message
//   inner content type unknown                 → NX_SECURE_TLS_UNRECOGNIZED_MESSAGE_TYPE (0x102)
//   inner content type change_cipher_spec      → NX_SECURE_TLS_BAD_CIPHERSPEC (0x10B), unexpected_message
//   empty handshake or alert content           → NX_SECURE_TLS_UNEXPECTED_MESSAGE (0x14F)
//   sequence number exhausted                  → NX_SECURE_TLS_INVALID_STATE (0x103): the peer had to re-key
// When sealing, an exhausted sequence number is NX_SECURE_TLS_INVALID_STATE too: the caller must send a KeyUpdate
// (RFC 8446 §4.6.3) first; needs_key_update() says when one is due well before that.
//
// Key usage limits (RFC 8446 §5.5) are the sender's duty: needs_key_update() counts the records this key sealed
// against the AEAD's confidentiality limit (default_key_update_limit), or a lower limit the Config asks for. The
// receiving side enforces no count of its own beyond the sequence number wrap: see open().
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "nxs/crypto/provider.h"
#include "nxs/result.h"
#include "nxs/secret.h"
#include "record/record.h"

namespace nxs::record {

// RFC 8446 §5.4 padding of TLSInnerPlaintext. Padding hides the length of the content; it costs bandwidth.
struct PaddingPolicy {
    // 0 (or 1): no padding. N > 1: TLSInnerPlaintext (content + type byte + zeros) is padded up to a multiple of N,
    // or to the largest inner plaintext allowed, whichever is smaller.
    std::size_t block = 0;

    static constexpr PaddingPolicy none() noexcept { return PaddingPolicy{}; }
    static constexpr PaddingPolicy multiple_of(std::size_t n) noexcept { return PaddingPolicy{n}; }
};

// RFC 8446 §5.5, RFC 9147 §4.5.3: how many records one key may protect with `aead` before it should be updated.
//   AES-GCM (128 and 256)        2^24.5 (23726566): RFC 8446 §5.5, a 2^-57 margin for AE security
//   AES-128-CCM, AES-128-CCM-8   2^23 (8388608): RFC 9147 §4.5.3 / draft-irtf-cfrg-aead-limits, the same margin
//   ChaCha20-Poly1305            no cryptographic limit below the sequence number space (RFC 8446 §5.5): 2^64 - 2^16,
//                                so the sequence number never wraps and the KeyUpdate itself still has one to use
std::uint64_t default_key_update_limit(crypto::AeadAlgorithm aead) noexcept;

// The content of a record after opening: a view into the record's (now decrypted) fragment.
struct OpenedRecord {
    ContentType type = ContentType::kInvalid;
    MutableBytes content;
};

class RecordProtection {
public:
    // `key` is aead_key_length(aead) bytes and `iv` kAeadNonceLength (12) bytes, both from RFC 8446 §7.3. A
    // connection's read key is made with `use` kOpenOnly and its write key with kSealOnly (one cipher context each);
    // sealing with the former or opening with the latter then fails with NX_SECURE_TLS_INVALID_STATE.
    static Result<RecordProtection> create(const crypto::Provider& provider, crypto::AeadAlgorithm aead, Bytes key,
                                           Bytes iv, crypto::AeadUse use = crypto::AeadUse::kSealAndOpen);

    RecordProtection(RecordProtection&&) noexcept = default;
    RecordProtection& operator=(RecordProtection&&) noexcept = default;
    RecordProtection(const RecordProtection&) = delete;
    RecordProtection& operator=(const RecordProtection&) = delete;
    ~RecordProtection() = default;

    // --- sending ---
    // The most content one record may carry: 2^14, or less under a record_size_limit.
    std::size_t max_content() const noexcept { return m_max_inner - 1; }
    // The size of the whole record (header included) that seal() writes for `content_length` bytes of content.
    std::size_t sealed_size(std::size_t content_length) const noexcept;
    // Appends one protected record carrying `content` (at most max_content() bytes) of type `type` to `out`.
    Result<void> seal(ContentType type, Bytes content, std::vector<std::uint8_t>& out);
    Result<void> seal(ContentType type, Bytes content, ByteBuffer& out);
    // Writes one protected record carrying `content` to `record`, which is sealed_size(content.size()) bytes and
    // does not overlap `content`: the content is encrypted from where it lies.
    Result<void> seal_into(ContentType type, Bytes content, MutableBytes record);
    // The same, in place: `record` is sealed_size(content_length) bytes with the content already at offset
    // kHeaderSize; the header, type byte, padding and tag are written around it.
    Result<void> seal_in_place(ContentType type, MutableBytes record, std::size_t content_length);

    // --- receiving ---
    // Opens `record` (outer type application_data) in place and returns its real content type and content.
    Result<OpenedRecord> open(const RecordView& record);
    // Opens the record `header` || `fragment` (outer type `type`, left unchanged) into `destination`, which holds at
    // least fragment.size() bytes and does not overlap the record; the content returned lies in `destination`. The
    // checks and errors are open()'s, and when the record does not authenticate, nothing of it is left in
    // `destination` (the bytes written there are zeroed before the error is returned).
    Result<OpenedRecord> open_into(ContentType type, Bytes header, Bytes fragment, MutableBytes destination);

    // --- settings ---
    void set_padding(PaddingPolicy padding) noexcept { m_padding = padding; }
    PaddingPolicy padding() const noexcept { return m_padding; }
    // RFC 8449 record_size_limit, the largest TLSInnerPlaintext (content + type + padding): on the write side the
    // limit the peer advertised, on the read side the limit we advertised. Values above 2^14 + 1 mean no limit
    // beyond TLS's own; values below 2 cannot carry any content and are refused (NX_SECURE_TLS_INVALID_STATE).
    Result<void> set_record_size_limit(std::size_t limit);
    std::size_t record_size_limit() const noexcept { return m_max_inner; }

    crypto::AeadAlgorithm algorithm() const noexcept { return m_aead; }
    // The sequence number the next record will use.
    std::uint64_t sequence() const noexcept { return m_sequence; }
    // For tests and for resuming a known state (e.g. RFC 8448 traces): the next record uses `sequence`.
    void set_sequence(std::uint64_t sequence) noexcept { m_sequence = sequence; }
    // The records this key may seal before needs_key_update(): `records` when it is positive and below the AEAD's
    // default_key_update_limit(), else that default (0 restores it). A key change makes a new object, so the count
    // starts again at 0 with every new key, whichever side asked for it.
    void set_key_update_limit(std::uint64_t records) noexcept;
    std::uint64_t key_update_limit() const noexcept { return m_key_update_limit; }
    // RFC 8446 §5.5: true once this key has sealed key_update_limit() records; the sender should then update its
    // keys (RFC 8446 §4.6.3) before its next application record.
    bool needs_key_update() const noexcept { return m_sequence >= m_key_update_limit; }
    // How many more records this key may seal before needs_key_update() (0 once it is due).
    std::uint64_t records_until_key_update() const noexcept {
        return needs_key_update() ? 0 : m_key_update_limit - m_sequence;
    }

private:
    RecordProtection(crypto::AeadAlgorithm aead, std::unique_ptr<crypto::AeadKey> key, Secret iv) noexcept;

    // RFC 8446 §5.3 per-record nonce for the current sequence number, which is then consumed.
    Result<std::array<std::uint8_t, crypto::kAeadNonceLength>> take_nonce();
    std::size_t inner_size(std::size_t content_length) const noexcept;
    template <typename Buffer>
    Result<void> append_sealed(ContentType type, Bytes content, Buffer& out);
    // open() and open_into(): decrypts `fragment` into plaintext (the fragment itself, or elsewhere).
    Result<OpenedRecord> open_fragment(ContentType outer_type, Bytes header, Bytes fragment, MutableBytes plaintext);

    crypto::AeadAlgorithm m_aead;
    std::unique_ptr<crypto::AeadKey> m_key;
    Secret m_iv;
    std::size_t m_tag_length;
    std::uint64_t m_sequence = 0;
    std::uint64_t m_key_update_limit;
    PaddingPolicy m_padding;
    std::size_t m_max_inner = kMaxInnerPlaintext;
};

}  // namespace nxs::record
