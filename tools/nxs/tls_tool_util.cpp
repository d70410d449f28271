#include "tls_tool_util.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <cstdlib>

#include "common/hex.h"
#include "nxs/x509/private_key.h"
#include "x509_commands.h"

namespace nxs::cli {
namespace {

std::vector<std::string_view> split_list(std::string_view list) {
    std::vector<std::string_view> items;
    while (!list.empty()) {
        const auto end = list.find_first_of(",:");
        const auto item = list.substr(0, end);
        if (!item.empty()) {
            items.push_back(item);
        }
        if (end == std::string_view::npos) {
            break;
        }
        list.remove_prefix(end + 1);
    }
    return items;
}

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

Error usage(std::string message) {
    return Error(Status::kTlsUnsupportedFeature, std::move(message));
}

}  // namespace

Result<HostPort> parse_host_port(std::string_view text, bool allow_no_host) {
    HostPort result;
    std::string_view port_text = text;
    if (!text.empty() && text.front() == '[') {
        const auto close = text.find(']');
        if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':') {
            return usage("'" + std::string(text) + "' is not [IPv6]:PORT");
        }
        result.host = std::string(text.substr(1, close - 1));
        port_text = text.substr(close + 2);
    } else if (const auto colon = text.rfind(':'); colon != std::string_view::npos) {
        result.host = std::string(text.substr(0, colon));
        port_text = text.substr(colon + 1);
    } else if (!allow_no_host) {
        return usage("'" + std::string(text) + "' is not HOST:PORT");
    }
    unsigned value = 0;
    const auto [ptr, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), value);
    if (ec != std::errc{} || ptr != port_text.data() + port_text.size() || value > 65535 || port_text.empty()) {
        return usage("'" + std::string(port_text) + "' is not a port number");
    }
    result.port = static_cast<std::uint16_t>(value);
    return result;
}

Result<std::uint64_t> parse_key_update_after(std::string_view text) {
    std::uint64_t value = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || ptr != text.data() + text.size() || text.empty() || value == 0) {
        return usage("--key-update-after needs a number of records, 1 or more (not '" + std::string(text) + "')");
    }
    return value;
}

Result<void> add_certificate_files(Config& config, std::uint32_t id, const std::string& cert_file,
                                   const std::string& key_file) {
    NXS_TRY_ASSIGN(const auto cert_data, read_file_or_stdin(cert_file));
    NXS_TRY_ASSIGN(auto chain, x509::parse_certificates(cert_data));
    if (chain.empty()) {
        return Error(Status::kTlsCertificateNotFound, cert_file + " holds no certificate");
    }
    NXS_TRY_ASSIGN(const auto key_data, read_file_or_stdin(key_file));
    NXS_TRY_ASSIGN(auto key, x509::load_private_key(config.provider(), key_data));
    return config.add_certificate(id, std::move(chain), std::move(key));
}

Result<std::shared_ptr<const x509::TrustStore>> load_trust_anchors(const std::string& file) {
    auto store = std::make_shared<x509::TrustStore>();
    if (file.empty()) {
        NXS_TRY(store->load_system());
    } else {
        NXS_TRY(store->load_file(file));
    }
    return std::shared_ptr<const x509::TrustStore>(std::move(store));
}

Result<std::vector<crypto::NamedGroup>> parse_groups(std::string_view list) {
    using crypto::NamedGroup;
    std::vector<NamedGroup> groups;
    for (const auto item : split_list(list)) {
        const auto name = lower(item);
        if (name == "x25519") {
            groups.push_back(NamedGroup::kX25519);
        } else if (name == "x448") {
            groups.push_back(NamedGroup::kX448);
        } else if (name == "p256" || name == "p-256" || name == "secp256r1" || name == "prime256v1") {
            groups.push_back(NamedGroup::kSecp256r1);
        } else if (name == "p384" || name == "p-384" || name == "secp384r1") {
            groups.push_back(NamedGroup::kSecp384r1);
        } else if (name == "p521" || name == "p-521" || name == "secp521r1") {
            groups.push_back(NamedGroup::kSecp521r1);
        } else if (name == "ffdhe2048") {
            groups.push_back(NamedGroup::kFfdhe2048);
        } else if (name == "ffdhe3072") {
            groups.push_back(NamedGroup::kFfdhe3072);
        } else if (name == "ffdhe4096") {
            groups.push_back(NamedGroup::kFfdhe4096);
        } else if (name == "ffdhe6144") {
            groups.push_back(NamedGroup::kFfdhe6144);
        } else if (name == "ffdhe8192") {
            groups.push_back(NamedGroup::kFfdhe8192);
        } else {
            return usage("unknown group '" + std::string(item) +
                         "' (x25519, p256, p384, p521, x448, ffdhe2048, ffdhe3072, ffdhe4096, ffdhe6144, ffdhe8192)");
        }
    }
    if (groups.empty()) {
        return usage("the group list is empty");
    }
    return groups;
}

Result<std::vector<CipherSuiteId>> parse_cipher_suites(std::string_view list) {
    struct Named {
        std::string_view name;
        CipherSuiteId id;
    };
    static constexpr Named kSuites[] = {
        {"TLS_AES_128_GCM_SHA256", CipherSuiteId::kAes128GcmSha256},
        {"TLS_AES_256_GCM_SHA384", CipherSuiteId::kAes256GcmSha384},
        {"TLS_CHACHA20_POLY1305_SHA256", CipherSuiteId::kChaCha20Poly1305Sha256},
        {"TLS_AES_128_CCM_SHA256", CipherSuiteId::kAes128CcmSha256},
        {"TLS_AES_128_CCM_8_SHA256", CipherSuiteId::kAes128Ccm8Sha256},
    };
    std::vector<CipherSuiteId> suites;
    for (const auto item : split_list(list)) {
        const auto* it =
            std::find_if(std::begin(kSuites), std::end(kSuites), [&](const Named& n) { return n.name == item; });
        if (it == std::end(kSuites)) {
            return usage("unknown cipher suite '" + std::string(item) + "'");
        }
        suites.push_back(it->id);
    }
    if (suites.empty()) {
        return usage("the cipher suite list is empty");
    }
    return suites;
}

Result<std::vector<std::string>> parse_alpn(std::string_view list) {
    std::vector<std::string> protocols;
    while (true) {
        const auto end = list.find(',');
        const auto item = list.substr(0, end);
        // RFC 7301 §3.1: ProtocolName<1..2^8-1>.
        if (item.empty() || item.size() > 255) {
            return usage("ALPN protocol names are 1 to 255 bytes, separated by commas");
        }
        protocols.emplace_back(item);
        if (end == std::string_view::npos) {
            return protocols;
        }
        list.remove_prefix(end + 1);
    }
}

Result<void> add_psk_option(Config& config, const std::optional<std::string>& hex,
                            const std::optional<std::string>& identity) {
    if (hex.has_value() != identity.has_value()) {
        return usage("--psk and --psk-identity go together");
    }
    if (!hex) {
        return {};
    }
    const auto key = from_hex(*hex);
    if (!key || key->empty()) {
        return usage("--psk needs the key in hex, e.g. --psk 1a2b3c...");
    }
    return config.add_external_psk(std::vector<std::uint8_t>(identity->begin(), identity->end()), *key);
}

KeyLogCallback key_log_to_file(std::string path) {
    return [path = std::move(path)](std::string_view line) {
        if (FILE* f = std::fopen(path.c_str(), "a")) {
            std::fprintf(f, "%.*s\n", static_cast<int>(line.size()), line.data());
            std::fclose(f);
        }
    };
}

KeyLogCallback key_log_from(const std::optional<std::string>& keylogfile) {
    if (keylogfile && !keylogfile->empty()) {
        return key_log_to_file(*keylogfile);
    }
    if (const char* env = std::getenv("SSLKEYLOGFILE"); env != nullptr && *env != '\0') {
        return key_log_to_file(env);
    }
    return {};
}

std::string brief_summary(const Connection& conn) {
    const auto& info = conn.info();
    return "version=" + info.version_name + " suite=" + info.cipher_suite_name + " group=" + info.group_name +
           " alpn=" + (info.alpn.empty() ? std::string("-") : info.alpn) + " resumed=" + (info.resumed ? "yes" : "no") +
           " verify=" + (info.peer_verified ? "ok" : "none");
}

std::string describe_error(const Error& error) {
    return error.to_string();
}

}  // namespace nxs::cli
