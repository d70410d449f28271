// nxs x509 show — a readable dump of certificates, like `openssl x509 -text`: every field, every extension decoded.
//
// Registration: `int cmd_x509_show(std::span<const std::string_view>)` goes in x509_commands.h and kX509Commands
// (cmd_x509.cpp), owned by the x509 verify/limbo command.
#include <cstdio>
#include <span>
#include <string>
#include <string_view>

#include "args.h"
#include "commands.h"
#include "nxs/x509/certificate.h"
#include "x509/der.h"
#include "x509/extensions.h"
#include "x509/oids.h"
#include "x509/time.h"
#include "x509_commands.h"

namespace nxs::cli {

int cmd_x509_show(std::span<const std::string_view> args);

namespace {

using x509::Bytes;
using x509::DerReader;
namespace oid = x509::oid;
namespace tag = x509::tag;

constexpr CommandSpec kSpec{"x509 show",
                            "FILE...",
                            "Prints every certificate of each FILE (PEM, all CERTIFICATE blocks, or DER) field by\n"
                            "field: version, serial, signature algorithm, issuer, validity, subject, public key,\n"
                            "each extension decoded, and the signature. A file that does not parse prints the\n"
                            "NX_SECURE_* code and its reason and the command exits 1.",
                            {}};

std::string hex(Bytes bytes, std::string_view separator = ":") {
    constexpr char kDigits[] = "0123456789ABCDEF";
    std::string out;
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        if (i != 0) {
            out += separator;
        }
        out += kDigits[bytes[i] >> 4];
        out += kDigits[bytes[i] & 0x0F];
    }
    return out;
}

// "ab:cd:..." wrapped 18 bytes per line at `indent`.
std::string hex_block(Bytes bytes, std::size_t indent) {
    std::string out;
    for (std::size_t i = 0; i < bytes.size(); i += 18) {
        out += std::string(indent, ' ') + hex(bytes.subspan(i, std::min<std::size_t>(18, bytes.size() - i)));
        out += i + 18 < bytes.size() ? ":\n" : "\n";
    }
    return out;
}

std::string text(Bytes bytes) {
    return std::string(bytes.begin(), bytes.end());
}

std::string oid_text(Bytes oid_bytes) {
    const auto name = x509::oid_name(oid_bytes);
    return name.empty() ? x509::oid_to_string(oid_bytes) : std::string(name);
}

std::string ip_text(Bytes address) {
    std::string out;
    if (address.size() == 4 || address.size() == 8) {
        for (std::size_t i = 0; i < address.size(); ++i) {
            out += (i == 0 ? "" : (i == 4 ? "/" : ".")) + std::to_string(address[i]);
        }
        return out;
    }
    char buffer[8];
    for (std::size_t i = 0; i + 1 < address.size(); i += 2) {
        std::snprintf(buffer, sizeof buffer, "%x", static_cast<unsigned>((address[i] << 8) | address[i + 1]));
        out += (i == 0 ? "" : (i == 16 ? "/" : ":")) + std::string(buffer);
    }
    return out;
}

std::string general_name_text(const x509::GeneralName& name) {
    using Kind = x509::GeneralName::Kind;
    switch (name.kind) {
        case Kind::kDnsName:
            return "DNS:" + text(name.value);
        case Kind::kRfc822Name:
            return "email:" + text(name.value);
        case Kind::kUri:
            return "URI:" + text(name.value);
        case Kind::kIpAddress:
            return "IP:" + ip_text(name.value);
        case Kind::kDirectoryName:
            return "DirName:" + x509::Name{name.value}.to_string();
        case Kind::kRegisteredId:
            return "RID:" + x509::oid_to_string(name.value);
        case Kind::kOtherName:
            return "othername:<" + std::to_string(name.value.size()) + " bytes>";
        case Kind::kX400Address:
            return "X400Name:<unsupported>";
        case Kind::kEdiPartyName:
            return "EdiPartyName:<unsupported>";
    }
    return "?";
}

std::string names_text(const x509::GeneralNames& names) {
    std::string out;
    names.for_each([&out](const x509::GeneralName& name) {
        out += (out.empty() ? "" : ", ") + general_name_text(name);
        return true;
    });
    return out;
}

std::string key_usage_text(std::uint16_t bits) {
    constexpr const char* kNames[] = {"Digital Signature", "Non Repudiation", "Key Encipherment",
                                      "Data Encipherment", "Key Agreement",   "Certificate Sign",
                                      "CRL Sign",          "Encipher Only",   "Decipher Only"};
    std::string out;
    for (std::size_t bit = 0; bit < std::size(kNames); ++bit) {
        if ((bits & (1U << bit)) != 0) {
            out += (out.empty() ? "" : ", ") + std::string(kNames[bit]);
        }
    }
    return out;
}

// The list of OIDs / SEQUENCEs inside a SEQUENCE's contents, each through `show`.
template <typename Show>
std::string each(Bytes contents, Show show) {
    std::string out;
    DerReader reader(contents);
    while (!reader.empty()) {
        const auto element = reader.read_any();
        if (!element.ok()) {
            break;
        }
        out += show(*element);
    }
    return out;
}

std::string extension_body(const x509::ExtensionView& extension, const x509::Extensions& ext) {
    const std::string pad(12, ' ');
    const Bytes id = extension.oid;
    if (x509::oid_equals(id, oid::kBasicConstraints) && ext.basic_constraints) {
        std::string out = pad + (ext.basic_constraints->ca ? "CA:TRUE" : "CA:FALSE");
        if (ext.basic_constraints->path_length) {
            out += ", pathlen:" + std::to_string(*ext.basic_constraints->path_length);
        }
        return out + "\n";
    }
    if (x509::oid_equals(id, oid::kKeyUsage) && ext.key_usage) {
        return pad + key_usage_text(*ext.key_usage) + "\n";
    }
    if (x509::oid_equals(id, oid::kExtKeyUsage) && ext.extended_key_usage) {
        std::string list;
        DerReader reader(*ext.extended_key_usage);
        while (!reader.empty()) {
            const auto purpose = reader.read_oid();
            if (!purpose.ok()) {
                break;
            }
            list += (list.empty() ? "" : ", ") + oid_text(*purpose);
        }
        return pad + list + "\n";
    }
    if (x509::oid_equals(id, oid::kSubjectAltName) && ext.subject_alt_name) {
        return pad + names_text(*ext.subject_alt_name) + "\n";
    }
    if (x509::oid_equals(id, oid::kIssuerAltName) && ext.issuer_alt_name) {
        return pad + names_text(*ext.issuer_alt_name) + "\n";
    }
    if (x509::oid_equals(id, oid::kSubjectKeyIdentifier) && ext.subject_key_id) {
        return pad + hex(*ext.subject_key_id) + "\n";
    }
    if (x509::oid_equals(id, oid::kAuthorityKeyIdentifier)) {
        std::string out = ext.authority_key_id ? pad + "keyid:" + hex(*ext.authority_key_id) + "\n" : "";
        if (ext.authority_key_id_has_issuer_and_serial) {
            out += pad + "(with authorityCertIssuer and authorityCertSerialNumber)\n";
        }
        return out;
    }
    if (x509::oid_equals(id, oid::kNameConstraints) && ext.name_constraints) {
        std::string out;
        if (ext.name_constraints->permitted) {
            out += pad + "Permitted: " + names_text(*ext.name_constraints->permitted) + "\n";
        }
        if (ext.name_constraints->excluded) {
            out += pad + "Excluded: " + names_text(*ext.name_constraints->excluded) + "\n";
        }
        return out;
    }
    if (x509::oid_equals(id, oid::kCertificatePolicies) && ext.certificate_policies) {
        return each(*ext.certificate_policies, [&](const x509::Element& information) {
            DerReader reader = x509::contents_reader(information);
            const auto policy = reader.read_oid();
            return pad + "Policy: " + (policy.ok() ? oid_text(*policy) : "?") +
                   (reader.empty() ? "" : " (with qualifiers)") + "\n";
        });
    }
    if (x509::oid_equals(id, oid::kAuthorityInfoAccess) && ext.authority_info_access) {
        return each(*ext.authority_info_access, [&](const x509::Element& description) {
            DerReader reader = x509::contents_reader(description);
            const auto method = reader.read_oid();
            const auto location = reader.read_any();
            std::string where = "?";
            if (location.ok()) {
                const std::uint8_t number = location->tag & 0x1F;
                where =
                    general_name_text({static_cast<x509::GeneralName::Kind>(number > 8 ? 0 : number), location->value});
            }
            return pad + (method.ok() ? oid_text(*method) : "?") + " - " + where + "\n";
        });
    }
    if (x509::oid_equals(id, oid::kCrlDistributionPoints) && ext.crl_distribution_points) {
        return each(*ext.crl_distribution_points, [&](const x509::Element& point) {
            // fullName URIs are what nearly every CRL DP holds; other forms are summarised.
            DerReader reader = x509::contents_reader(point);
            const auto name = reader.read_optional(tag::context_constructed(0));
            if (!name.ok() || !*name) {
                return pad + "(cRLIssuer only)\n";
            }
            DerReader inner = x509::contents_reader(**name);
            const auto choice = inner.read_any();
            if (!choice.ok() || choice->tag != tag::context_constructed(0)) {
                return pad + "(relative name)\n";
            }
            x509::Element names = *choice;
            names.tag = tag::kSequence;
            return pad + "Full Name: " + names_text(x509::GeneralNames{names.value}) + "\n";
        });
    }
    if (x509::oid_equals(id, oid::kPolicyConstraints) || x509::oid_equals(id, oid::kInhibitAnyPolicy) ||
        x509::oid_equals(id, oid::kPolicyMappings)) {
        return pad + hex(extension.value.value) + "\n";
    }
    return pad + "<" + std::to_string(extension.value.value.size()) + " bytes> " +
           hex(extension.value.value.subspan(0, std::min<std::size_t>(extension.value.value.size(), 32))) +
           (extension.value.value.size() > 32 ? "..." : "") + "\n";
}

std::string signature_algorithm_text(const x509::SignatureAlgorithmId& id) {
    std::string out = oid_text(id.oid);
    if (id.algorithm && id.algorithm->kind == crypto::SignatureKind::kRsaPss) {
        out += " (hash " + std::string(crypto::hash_name(id.algorithm->hash)) + ", MGF1 with " +
               std::string(crypto::hash_name(id.algorithm->mgf1_hash)) + ", salt " +
               std::to_string(id.algorithm->pss_salt_length) + ")";
    }
    if (!id.algorithm) {
        out += " (not supported by nxs)";
    }
    return out;
}

std::string public_key_text(const x509::PublicKeyInfo& key) {
    std::string out = "        Public Key Algorithm: " + oid_text(key.algorithm_oid) + "\n";
    if (!key.type) {
        return out + "            (not supported by nxs)\n";
    }
    out += "            " + std::string(crypto::key_type_name(*key.type));
    if (*key.type == crypto::KeyType::kEc) {
        out += " " + std::string(crypto::curve_name(key.curve));
    }
    out += ", " + std::to_string(key.bits) + " bits\n";
    return out + hex_block(key.key.subspan(0, std::min<std::size_t>(key.key.size(), 72)), 12) +
           (key.key.size() > 72 ? "            ...\n" : "");
}

std::string describe(const x509::Certificate& cert) {
    std::string out = "Certificate:\n";
    out += "    Version: " + std::to_string(cert.version()) + " (0x" + std::to_string(cert.version() - 1) + ")\n";
    out += "    Serial Number: " + hex(cert.serial()) + "\n";
    out += "    Signature Algorithm: " + signature_algorithm_text(cert.signature_algorithm()) + "\n";
    out += "    Issuer: " + cert.issuer().to_string() + "\n";
    out += "    Validity\n";
    out += "        Not Before: " + x509::format_time(cert.not_before()) + "\n";
    out += "        Not After : " + x509::format_time(cert.not_after()) + "\n";
    out += "    Subject: " + cert.subject().to_string() + "\n";
    out += "    Subject Public Key Info:\n" + public_key_text(cert.public_key());
    if (cert.extensions().count != 0) {
        out += "    X509v3 extensions:\n";
        DerReader reader(cert.extensions_der());
        while (!reader.empty()) {
            const auto extension = x509::read_extension(reader);
            if (!extension.ok()) {
                break;
            }
            out += "        " + oid_text(extension->oid) + (extension->critical ? ": critical\n" : ":\n");
            out += extension_body(*extension, cert.extensions());
        }
    }
    out += "    Signature Algorithm: " + signature_algorithm_text(cert.signature_algorithm()) + "\n";
    out += "    Signature Value:\n" + hex_block(cert.signature(), 8);
    return out;
}

}  // namespace

int cmd_x509_show(std::span<const std::string_view> args) {
    const auto parsed = parse_args(kSpec, args);
    if (!parsed.ok()) {
        return usage_error(kSpec, parsed.error());
    }
    if (parsed.args().has("--help")) {
        return print_help(kSpec);
    }
    const auto& files = parsed.args().positional();
    if (files.empty()) {
        return usage_error(kSpec, "no FILE given");
    }
    int exit_code = kExitOk;
    for (const auto& file : files) {
        const auto data = read_file_or_stdin(file);
        auto certificates =
            data.ok() ? x509::parse_certificates(*data) : Result<std::vector<x509::Certificate>>(data.error());
        if (!certificates.ok()) {
            std::fprintf(stderr, "%s: %s\n", file.c_str(), certificates.error().to_string().c_str());
            exit_code = kExitFailure;
            continue;
        }
        for (const auto& certificate : *certificates) {
            std::fputs(describe(certificate).c_str(), stdout);
        }
    }
    return exit_code;
}

}  // namespace nxs::cli
