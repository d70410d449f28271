// Runs the Project Wycheproof vectors (../shared/vectors/wycheproof/, read in place) against the default provider.
//
// Rule (vectors/README.md): an `invalid` vector accepted or a `valid` one rejected is a failure; `acceptable` may go
// either way. Vectors with parameters the provider does not offer (AES-192, nonces other than 12 bytes, CCM tags other
// than 16 and 8 bytes, ...) are counted as skipped. Each file prints exactly one line:
//   WYCHEPROOF <file> passed=N failed=M skipped=K
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <fstream>
#include <functional>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "test_support.h"

namespace nxs::crypto::test {
namespace {

using nlohmann::json;

enum class Outcome { kPass, kFail, kSkip };

struct Counts {
    int passed = 0;
    int failed = 0;
    int skipped = 0;
    std::vector<std::string> failures;  // "tcId N: why", the first few
};

// The verdict for one vector given whether the provider accepted it.
Outcome judge(const json& test, bool accepted) {
    const std::string result = test.at("result");
    if (result == "acceptable") {
        return Outcome::kPass;
    }
    return accepted == (result == "valid") ? Outcome::kPass : Outcome::kFail;
}

std::vector<std::uint8_t> field(const json& object, const char* name) {
    return hex(object.at(name).get<std::string>());
}

std::optional<HashAlgorithm> hash_from(const std::string& name) {
    if (name == "SHA-1") {
        return HashAlgorithm::kSha1;
    }
    if (name == "SHA-256") {
        return HashAlgorithm::kSha256;
    }
    if (name == "SHA-384") {
        return HashAlgorithm::kSha384;
    }
    if (name == "SHA-512") {
        return HashAlgorithm::kSha512;
    }
    return std::nullopt;
}

const Provider& provider() {
    return *default_provider();
}

// ---- one function per schema: runs a test of a group and says pass, fail or skip ----

using Runner = std::function<Outcome(const json& group, const json& test)>;

Outcome run_aead(const std::string& algorithm, const json& group, const json& test) {
    const int key_bits = group.at("keySize");
    const int iv_bits = group.at("ivSize");
    const int tag_bits = group.at("tagSize");
    if (iv_bits != 96) {
        return Outcome::kSkip;
    }
    std::optional<AeadAlgorithm> aead;
    if (algorithm == "AES-GCM" && tag_bits == 128) {
        aead = key_bits == 128   ? std::optional(AeadAlgorithm::kAes128Gcm)
               : key_bits == 256 ? std::optional(AeadAlgorithm::kAes256Gcm)
                                 : std::nullopt;
    } else if (algorithm == "AES-CCM" && key_bits == 128) {
        aead = tag_bits == 128  ? std::optional(AeadAlgorithm::kAes128Ccm)
               : tag_bits == 64 ? std::optional(AeadAlgorithm::kAes128Ccm8)
                                : std::nullopt;
    } else if (algorithm == "CHACHA20-POLY1305" && key_bits == 256 && tag_bits == 128) {
        aead = AeadAlgorithm::kChaCha20Poly1305;
    }
    if (!aead) {
        return Outcome::kSkip;
    }
    const auto key = field(test, "key");
    const auto iv = field(test, "iv");
    const auto aad = field(test, "aad");
    const auto msg = field(test, "msg");
    const auto ct = field(test, "ct");
    const auto tag = field(test, "tag");
    auto sealer = provider().new_aead(*aead, key);
    if (!sealer) {
        return judge(test, false);
    }
    auto& aead_key = **sealer;
    // Decrypting is where acceptance is decided.
    auto buffer = ct;
    const bool opened = aead_key.open(iv, aad, buffer, tag).ok() && buffer == msg;
    if (test.at("result") == "valid") {
        // A valid vector must also encrypt to exactly the given ciphertext and tag.
        auto sealed = msg;
        std::vector<std::uint8_t> sealed_tag(aead_tag_length(*aead));
        if (!aead_key.seal(iv, aad, sealed, sealed_tag).ok() || sealed != ct || sealed_tag != tag) {
            return Outcome::kFail;
        }
    }
    return judge(test, opened);
}

// RFC 5652 §6.3 / PKCS#5 padding, done here on top of the provider's unpadded CBC.
std::optional<std::vector<std::uint8_t>> unpad(const std::vector<std::uint8_t>& data) {
    if (data.empty()) {
        return std::nullopt;
    }
    const std::size_t pad = data.back();
    if (pad == 0 || pad > 16 || pad > data.size()) {
        return std::nullopt;
    }
    for (std::size_t i = data.size() - pad; i < data.size(); ++i) {
        if (data[i] != pad) {
            return std::nullopt;
        }
    }
    return std::vector<std::uint8_t>(data.begin(), data.end() - static_cast<std::ptrdiff_t>(pad));
}

Outcome run_cbc(const json& group, const json& test) {
    const int key_bits = group.at("keySize");
    if (key_bits != 128 && key_bits != 256) {
        return Outcome::kSkip;
    }
    const auto algorithm = key_bits == 128 ? CbcAlgorithm::kAes128Cbc : CbcAlgorithm::kAes256Cbc;
    const auto key = field(test, "key");
    const auto iv = field(test, "iv");
    const auto msg = field(test, "msg");
    const auto ct = field(test, "ct");
    auto cbc = provider().new_cbc(algorithm, key);
    if (!cbc) {
        return judge(test, false);
    }
    if (test.at("result") == "valid") {
        auto padded = msg;
        const auto pad = static_cast<std::uint8_t>(16 - msg.size() % 16);
        padded.insert(padded.end(), pad, pad);
        if (!(*cbc)->encrypt(iv, padded).ok() || padded != ct) {
            return Outcome::kFail;
        }
    }
    auto buffer = ct;
    if (!(*cbc)->decrypt(iv, buffer).ok()) {
        return judge(test, false);
    }
    const auto plain = unpad(buffer);
    return judge(test, plain.has_value() && *plain == msg);
}

Outcome run_key_agreement(NamedGroup group_id, const json& test) {
    const auto priv = field(test, "private");
    const auto peer = field(test, "public");
    const auto shared = field(test, "shared");
    auto share = provider().key_share_from_private(group_id, priv);
    if (!share) {
        return judge(test, false);
    }
    auto secret = (*share)->derive(peer);
    return judge(test, secret.ok() && to_vector(*secret) == shared);
}

Outcome run_ecdh(const json& group, const json& test) {
    const std::string curve = group.at("curve");
    const NamedGroup id = curve == "secp256r1"   ? NamedGroup::kSecp256r1
                          : curve == "secp384r1" ? NamedGroup::kSecp384r1
                                                 : NamedGroup::kSecp521r1;
    return run_key_agreement(id, test);
}

Outcome run_xdh(const json& group, const json& test) {
    return run_key_agreement(group.at("curve") == "curve25519" ? NamedGroup::kX25519 : NamedGroup::kX448, test);
}

// Signature files: the key is loaded once per group.
class SignatureRunner {
public:
    explicit SignatureRunner(SignatureKind kind) : m_kind(kind) {}

    Outcome operator()(const json& group, const json& test) {
        if (&group != m_group) {
            m_group = &group;
            auto loaded = provider().load_public_key(field(group, "publicKeyDer"));
            m_key = loaded ? std::move(*loaded) : nullptr;
            m_algorithm = SignatureAlgorithm{.kind = m_kind};
            if (group.contains("sha")) {
                m_hash_ok = hash_from(group.at("sha")).has_value();
                m_algorithm.hash = hash_from(group.at("sha")).value_or(HashAlgorithm::kSha256);
            }
            if (group.contains("mgfSha")) {
                m_hash_ok = m_hash_ok && hash_from(group.at("mgfSha")).has_value();
                m_algorithm.mgf1_hash = hash_from(group.at("mgfSha")).value_or(HashAlgorithm::kSha256);
                m_algorithm.pss_salt_length = group.at("sLen");
            }
        }
        if (!m_hash_ok) {
            return Outcome::kSkip;
        }
        if (!m_key) {
            return judge(test, false);
        }
        return judge(test, m_key->verify(m_algorithm, field(test, "msg"), field(test, "sig")).ok());
    }

private:
    SignatureKind m_kind;
    const json* m_group = nullptr;
    std::shared_ptr<PublicKey> m_key;
    SignatureAlgorithm m_algorithm;
    bool m_hash_ok = true;
};

Outcome run_hkdf(HashAlgorithm hash, const json& test) {
    const auto prk = provider().hkdf_extract(hash, field(test, "salt"), field(test, "ikm"));
    if (!prk) {
        return judge(test, false);
    }
    const auto okm = provider().hkdf_expand(hash, prk->span(), field(test, "info"), test.at("size"));
    // The prepared PRK (keyed once, as the TLS 1.3 key schedule uses it) must agree with the one-shot expansion.
    const auto prepared = provider().new_hkdf_prk(hash, prk->span());
    const auto prepared_okm =
        prepared.ok() ? (*prepared)->expand(field(test, "info"), test.at("size")) : Result<Secret>(prepared.error());
    EXPECT_EQ(prepared_okm.ok(), okm.ok()) << "tcId " << test.at("tcId");
    if (okm.ok() && prepared_okm.ok()) {
        EXPECT_EQ(to_vector(*prepared_okm), to_vector(*okm)) << "tcId " << test.at("tcId");
    }
    return judge(test, okm.ok() && to_vector(*okm) == field(test, "okm"));
}

Outcome run_hmac(HashAlgorithm hash, const json& group, const json& test) {
    const std::size_t tag_bytes = group.at("tagSize").get<std::size_t>() / 8;
    std::vector<std::uint8_t> mac(hash_length(hash));
    if (!provider().hmac(hash, field(test, "key"), field(test, "msg"), mac).ok()) {
        return judge(test, false);
    }
    // Truncated HMAC (RFC 2104 §5) compares the leftmost bytes.
    mac.resize(std::min(tag_bytes, mac.size()));
    return judge(test, mac == field(test, "tag"));
}

struct FileCase {
    const char* file;
    std::function<Runner()> make_runner;  // fresh per file: runners may cache per group
};

Runner with_hash(HashAlgorithm hash, Outcome (*run)(HashAlgorithm, const json&)) {
    return [hash, run](const json&, const json& test) { return run(hash, test); };
}

Runner hmac_runner(HashAlgorithm hash) {
    return [hash](const json& group, const json& test) { return run_hmac(hash, group, test); };
}

Runner aead_runner(std::string algorithm) {
    return [algorithm = std::move(algorithm)](const json& group, const json& test) {
        return run_aead(algorithm, group, test);
    };
}

const std::vector<FileCase>& files() {
    static const std::vector<FileCase> cases = {
        {"aes_gcm_test.json", [] { return aead_runner("AES-GCM"); }},
        {"aes_ccm_test.json", [] { return aead_runner("AES-CCM"); }},
        {"chacha20_poly1305_test.json", [] { return aead_runner("CHACHA20-POLY1305"); }},
        {"aes_cbc_pkcs5_test.json", [] { return Runner(run_cbc); }},
        {"ecdh_secp256r1_ecpoint_test.json", [] { return Runner(run_ecdh); }},
        {"ecdh_secp384r1_ecpoint_test.json", [] { return Runner(run_ecdh); }},
        {"ecdh_secp521r1_ecpoint_test.json", [] { return Runner(run_ecdh); }},
        {"x25519_test.json", [] { return Runner(run_xdh); }},
        {"x448_test.json", [] { return Runner(run_xdh); }},
        {"ecdsa_secp256r1_sha256_test.json", [] { return Runner(SignatureRunner(SignatureKind::kEcdsa)); }},
        {"ecdsa_secp384r1_sha384_test.json", [] { return Runner(SignatureRunner(SignatureKind::kEcdsa)); }},
        {"ecdsa_secp521r1_sha512_test.json", [] { return Runner(SignatureRunner(SignatureKind::kEcdsa)); }},
        {"ed25519_test.json", [] { return Runner(SignatureRunner(SignatureKind::kEd25519)); }},
        {"ed448_test.json", [] { return Runner(SignatureRunner(SignatureKind::kEd448)); }},
        {"rsa_signature_2048_sha256_test.json", [] { return Runner(SignatureRunner(SignatureKind::kRsaPkcs1)); }},
        {"rsa_signature_3072_sha384_test.json", [] { return Runner(SignatureRunner(SignatureKind::kRsaPkcs1)); }},
        {"rsa_signature_4096_sha512_test.json", [] { return Runner(SignatureRunner(SignatureKind::kRsaPkcs1)); }},
        {"rsa_pss_2048_sha256_mgf1_32_test.json", [] { return Runner(SignatureRunner(SignatureKind::kRsaPss)); }},
        {"rsa_pss_3072_sha256_mgf1_32_test.json", [] { return Runner(SignatureRunner(SignatureKind::kRsaPss)); }},
        {"rsa_pss_4096_sha384_mgf1_48_test.json", [] { return Runner(SignatureRunner(SignatureKind::kRsaPss)); }},
        {"rsa_pss_4096_sha512_mgf1_64_test.json", [] { return Runner(SignatureRunner(SignatureKind::kRsaPss)); }},
        {"hkdf_sha256_test.json", [] { return with_hash(HashAlgorithm::kSha256, run_hkdf); }},
        {"hkdf_sha384_test.json", [] { return with_hash(HashAlgorithm::kSha384, run_hkdf); }},
        {"hkdf_sha512_test.json", [] { return with_hash(HashAlgorithm::kSha512, run_hkdf); }},
        {"hmac_sha1_test.json", [] { return hmac_runner(HashAlgorithm::kSha1); }},
        {"hmac_sha256_test.json", [] { return hmac_runner(HashAlgorithm::kSha256); }},
        {"hmac_sha384_test.json", [] { return hmac_runner(HashAlgorithm::kSha384); }},
        {"hmac_sha512_test.json", [] { return hmac_runner(HashAlgorithm::kSha512); }},
    };
    return cases;
}

class Wycheproof : public ::testing::TestWithParam<FileCase> {};

TEST_P(Wycheproof, File) {
    const FileCase& file_case = GetParam();
    std::ifstream in(shared_path(std::string("vectors/wycheproof/") + file_case.file));
    ASSERT_TRUE(in) << "cannot open " << file_case.file << " under " << NXS_SHARED_DIR;
    const json document = json::parse(in, nullptr, /*allow_exceptions=*/false);
    ASSERT_FALSE(document.is_discarded()) << file_case.file << " is not valid JSON";

    Counts counts;
    Runner runner = file_case.make_runner();
    for (const json& group : document.at("testGroups")) {
        for (const json& test : group.at("tests")) {
            switch (runner(group, test)) {
                case Outcome::kPass:
                    ++counts.passed;
                    break;
                case Outcome::kSkip:
                    ++counts.skipped;
                    break;
                case Outcome::kFail:
                    ++counts.failed;
                    if (counts.failures.size() < 10) {
                        std::ostringstream why;
                        why << "tcId " << test.at("tcId").get<int>() << " (" << test.at("result").get<std::string>()
                            << "): " << test.value("comment", "");
                        counts.failures.push_back(why.str());
                    }
                    break;
            }
        }
    }
    std::cout << "WYCHEPROOF " << file_case.file << " passed=" << counts.passed << " failed=" << counts.failed
              << " skipped=" << counts.skipped << std::endl;
    for (const auto& failure : counts.failures) {
        ADD_FAILURE() << file_case.file << ": " << failure;
    }
    EXPECT_EQ(counts.failed, 0);
    EXPECT_GT(counts.passed, 0);
    // The file's own count guards against a runner that silently stops early.
    EXPECT_EQ(counts.passed + counts.failed + counts.skipped, document.at("numberOfTests").get<int>());
}

std::string file_case_name(const ::testing::TestParamInfo<FileCase>& info) {
    std::string name = info.param.file;
    name = name.substr(0, name.find('.'));
    for (char& c : name) {
        if (c == '-') {
            c = '_';
        }
    }
    return name;
}

INSTANTIATE_TEST_SUITE_P(Files, Wycheproof, ::testing::ValuesIn(files()), file_case_name);

}  // namespace
}  // namespace nxs::crypto::test
