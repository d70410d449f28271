#include "raw_cipher.h"

#include <openssl/evp.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <vector>

namespace nxs_bench {

struct RawCipher::State {
    EVP_CIPHER* cipher = nullptr;
    EVP_CIPHER_CTX* seal = nullptr;
    EVP_CIPHER_CTX* open = nullptr;
    std::array<unsigned char, 12> nonce{};
    std::array<unsigned char, 5> header{0x17, 0x03, 0x03, 0x40, 0x11};
    std::array<unsigned char, 16> tag{};
    std::vector<unsigned char> plaintext = std::vector<unsigned char>(kRecordSize + 1, 0x5a);
    std::vector<unsigned char> ciphertext = std::vector<unsigned char>(kRecordSize + 1, 0);
    std::vector<unsigned char> opened = std::vector<unsigned char>(kRecordSize + 1, 0);
    std::uint64_t sequence = 0;
};

namespace {

[[noreturn]] void die(const char* what) {
    std::fprintf(stderr, "raw cipher: %s\n", what);
    std::abort();
}

}  // namespace

RawCipher::RawCipher(BulkCipher cipher) : m_state(std::make_unique<State>()) {
    const char* name = cipher == BulkCipher::kAes128Gcm ? "AES-128-GCM" : "ChaCha20-Poly1305";
    const int key_size = cipher == BulkCipher::kAes128Gcm ? 16 : 32;
    const std::vector<unsigned char> key(static_cast<std::size_t>(key_size), 0x42);
    m_state->cipher = EVP_CIPHER_fetch(nullptr, name, nullptr);
    m_state->seal = EVP_CIPHER_CTX_new();
    m_state->open = EVP_CIPHER_CTX_new();
    if (m_state->cipher == nullptr || m_state->seal == nullptr || m_state->open == nullptr ||
        EVP_EncryptInit_ex2(m_state->seal, m_state->cipher, key.data(), nullptr, nullptr) != 1 ||
        EVP_DecryptInit_ex2(m_state->open, m_state->cipher, key.data(), nullptr, nullptr) != 1) {
        die("setup");
    }
}

RawCipher::~RawCipher() {
    EVP_CIPHER_CTX_free(m_state->seal);
    EVP_CIPHER_CTX_free(m_state->open);
    EVP_CIPHER_free(m_state->cipher);
}

bool RawCipher::seal_open(std::size_t count) {
    State& s = *m_state;
    const int length = static_cast<int>(s.plaintext.size());
    const int header_length = static_cast<int>(s.header.size());
    for (std::size_t i = 0; i < count; ++i) {
        // RFC 8446 §5.3: the per-record nonce is the IV XOR the sequence number; here the IV is zero.
        ++s.sequence;
        for (std::size_t b = 0; b < 8; ++b) {
            s.nonce[s.nonce.size() - 1 - b] = static_cast<unsigned char>(s.sequence >> (8 * b));
        }
        int out = 0;
        if (EVP_EncryptInit_ex2(s.seal, nullptr, nullptr, s.nonce.data(), nullptr) != 1 ||
            EVP_EncryptUpdate(s.seal, nullptr, &out, s.header.data(), header_length) != 1 ||
            EVP_EncryptUpdate(s.seal, s.ciphertext.data(), &out, s.plaintext.data(), length) != 1 ||
            EVP_EncryptFinal_ex(s.seal, s.ciphertext.data() + out, &out) != 1 ||
            EVP_CIPHER_CTX_ctrl(s.seal, EVP_CTRL_AEAD_GET_TAG, static_cast<int>(s.tag.size()), s.tag.data()) != 1) {
            return false;
        }
        if (EVP_DecryptInit_ex2(s.open, nullptr, nullptr, s.nonce.data(), nullptr) != 1 ||
            EVP_DecryptUpdate(s.open, nullptr, &out, s.header.data(), header_length) != 1 ||
            EVP_DecryptUpdate(s.open, s.opened.data(), &out, s.ciphertext.data(), length) != 1 ||
            EVP_CIPHER_CTX_ctrl(s.open, EVP_CTRL_AEAD_SET_TAG, static_cast<int>(s.tag.size()), s.tag.data()) != 1 ||
            EVP_DecryptFinal_ex(s.open, s.opened.data() + out, &out) != 1) {
            return false;
        }
    }
    return true;
}

}  // namespace nxs_bench
