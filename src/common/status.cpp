// The one table behind nxs::Status: names, our descriptions and default alerts.
// docs/errors.md is written from the same rows; tests/unit/common/status_table_test.cpp keeps both honest.
#include "nxs/status.h"

#include <array>
#include <charconv>
#include <cstdlib>

namespace nxs {
namespace {

using S = Status;
using A = AlertDescription;

// Alert choices follow RFC 8446 §6.2: decode_error for malformed messages, illegal_parameter for well-formed but
// wrong values, bad_record_mac for any record that fails authentication, unknown_ca when no anchor is reached.
constexpr StatusInfo kStatusTable[] = {
    {S::kTlsSuccess, "NX_SECURE_TLS_SUCCESS", "success", "the operation completed", std::nullopt},
    {S::kX509Success, "NX_SECURE_X509_SUCCESS", "success", "the X.509 operation completed", std::nullopt},
    {S::kTlsSessionUninitialized, "NX_SECURE_TLS_SESSION_UNINITIALIZED", "tls",
     "the connection was used before it was set up with a configuration", A::kInternalError},
    {S::kTlsUnrecognizedMessageType, "NX_SECURE_TLS_UNRECOGNIZED_MESSAGE_TYPE", "tls",
     "a record arrived with a content type TLS does not define", A::kUnexpectedMessage},
    {S::kTlsInvalidState, "NX_SECURE_TLS_INVALID_STATE", "tls",
     "the connection reached a state it does not know (a bug in nxs)", A::kInternalError},
    {S::kTlsInvalidPacket, "NX_SECURE_TLS_INVALID_PACKET", "tls", "data handed to the engine held no TLS record",
     A::kDecodeError},
    {S::kTlsUnknownCiphersuite, "NX_SECURE_TLS_UNKNOWN_CIPHERSUITE", "tls",
     "the peer chose a cipher suite we did not offer, or the suite is unknown", A::kIllegalParameter},
    {S::kTlsUnsupportedCipher, "NX_SECURE_TLS_UNSUPPORTED_CIPHER", "tls",
     "the negotiated cipher is disabled or has no implementation for this record", A::kInternalError},
    {S::kTlsHandshakeFailure, "NX_SECURE_TLS_HANDSHAKE_FAILURE", "tls",
     "the handshake could not agree on parameters acceptable to both sides", A::kHandshakeFailure},
    {S::kTlsHashMacVerifyFailure, "NX_SECURE_TLS_HASH_MAC_VERIFY_FAILURE", "tls",
     "the MAC of a received record is wrong: tampered or mis-keyed data", A::kBadRecordMac},
    {S::kTlsTcpSendFailed, "NX_SECURE_TLS_TCP_SEND_FAILED", "tls", "the transport refused to send a record",
     std::nullopt},
    {S::kTlsIncorrectMessageLength, "NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH", "tls",
     "a received message's length fields disagree with its contents", A::kDecodeError},
    {S::kTlsBadCipherspec, "NX_SECURE_TLS_BAD_CIPHERSPEC", "tls",
     "a ChangeCipherSpec record was not the single byte 0x01 or arrived when not allowed", A::kUnexpectedMessage},
    {S::kTlsInvalidServerCert, "NX_SECURE_TLS_INVALID_SERVER_CERT", "tls",
     "the server's certificate could not be parsed", A::kBadCertificate},
    {S::kTlsUnsupportedPublicCipher, "NX_SECURE_TLS_UNSUPPORTED_PUBLIC_CIPHER", "tls",
     "the certificate's public key algorithm is not one nxs supports", A::kUnsupportedCertificate},
    {S::kTlsNoSupportedCiphers, "NX_SECURE_TLS_NO_SUPPORTED_CIPHERS", "tls",
     "the ClientHello offered no cipher suite this side has enabled", A::kHandshakeFailure},
    {S::kTlsUnknownTlsVersion, "NX_SECURE_TLS_UNKNOWN_TLS_VERSION", "tls",
     "a record or hello named a protocol version that is not TLS", A::kProtocolVersion},
    {S::kTlsUnsupportedTlsVersion, "NX_SECURE_TLS_UNSUPPORTED_TLS_VERSION", "tls",
     "the peer's TLS version is valid but not enabled on this side", A::kProtocolVersion},
    {S::kTlsAllocatePacketFailed, "NX_SECURE_TLS_ALLOCATE_PACKET_FAILED", "tls",
     "memory for a TLS message could not be allocated", A::kInternalError},
    {S::kTlsInvalidCertificate, "NX_SECURE_TLS_INVALID_CERTIFICATE", "tls", "an X.509 certificate could not be parsed",
     A::kBadCertificate},
    {S::kTlsNoCloseResponse, "NX_SECURE_TLS_NO_CLOSE_RESPONSE", "tls",
     "the peer closed the transport without answering our close_notify", std::nullopt},
    {S::kTlsAlertReceived, "NX_SECURE_TLS_ALERT_RECEIVED", "tls",
     "the peer sent a fatal alert and the connection is over", std::nullopt},
    {S::kTlsFinishedHashFailure, "NX_SECURE_TLS_FINISHED_HASH_FAILURE", "tls",
     "the peer's Finished does not match the handshake transcript", A::kDecryptError},
    {S::kTlsUnknownCertSigAlgorithm, "NX_SECURE_TLS_UNKNOWN_CERT_SIG_ALGORITHM", "tls",
     "a certificate is signed with an algorithm nxs does not support", A::kBadCertificate},
    {S::kTlsCertificateSigCheckFailed, "NX_SECURE_TLS_CERTIFICATE_SIG_CHECK_FAILED", "tls",
     "a certificate's signature does not verify under its issuer's key", A::kBadCertificate},
    {S::kTlsBadCompressionMethod, "NX_SECURE_TLS_BAD_COMPRESSION_METHOD", "tls",
     "a hello used a compression method other than null", A::kIllegalParameter},
    {S::kTlsCertificateNotFound, "NX_SECURE_TLS_CERTIFICATE_NOT_FOUND", "tls",
     "no configured certificate fits what the peer asked for", A::kHandshakeFailure},
    {S::kTlsInvalidSelfSignedCert, "NX_SECURE_TLS_INVALID_SELF_SIGNED_CERT", "tls",
     "the peer sent a self-signed certificate that is not a trust anchor", A::kBadCertificate},
    {S::kTlsIssuerCertificateNotFound, "NX_SECURE_TLS_ISSUER_CERTIFICATE_NOT_FOUND", "tls",
     "the peer's chain does not lead to any trusted certificate", A::kUnknownCa},
    {S::kTlsOutOfOrderMessage, "NX_SECURE_TLS_OUT_OF_ORDER_MESSAGE", "tls",
     "a DTLS handshake message arrived out of order, probably after a lost datagram", std::nullopt},
    {S::kTlsInvalidRemoteHost, "NX_SECURE_TLS_INVALID_REMOTE_HOST", "tls",
     "a datagram came from an address that has no session", std::nullopt},
    {S::kTlsInvalidEpoch, "NX_SECURE_TLS_INVALID_EPOCH", "tls",
     "a DTLS record has the wrong epoch for its session and is dropped", std::nullopt},
    {S::kTlsRepeatMessageReceived, "NX_SECURE_TLS_REPEAT_MESSAGE_RECEIVED", "tls",
     "a DTLS record repeats a sequence number already seen and is dropped", std::nullopt},
    {S::kTlsNeedDtlsSession, "NX_SECURE_TLS_NEED_DTLS_SESSION", "tls",
     "a TLS connection was passed to a DTLS-only call", A::kInternalError},
    {S::kTlsNeedTlsSession, "NX_SECURE_TLS_NEED_TLS_SESSION", "tls", "a DTLS connection was passed to a TLS-only call",
     A::kInternalError},
    {S::kTlsSendAddressMismatch, "NX_SECURE_TLS_SEND_ADDRESS_MISMATCH", "tls",
     "a DTLS send named an address or port other than the session's peer", std::nullopt},
    {S::kTlsNoFreeDtlsSessions, "NX_SECURE_TLS_NO_FREE_DTLS_SESSIONS", "tls",
     "the DTLS server has no free session slot for a new peer", std::nullopt},
    {S::kDtlsSessionNotFound, "NX_SECURE_DTLS_SESSION_NOT_FOUND", "tls",
     "no DTLS session matches the given address and port", std::nullopt},
    {S::kTlsNoMorePskSpace, "NX_SECURE_TLS_NO_MORE_PSK_SPACE", "tls", "the pre-shared key store is full", std::nullopt},
    {S::kTlsNoMatchingPsk, "NX_SECURE_TLS_NO_MATCHING_PSK", "tls",
     "the peer's PSK identity matches no key in our store", A::kUnknownPskIdentity},
    {S::kTlsCloseNotifyReceived, "NX_SECURE_TLS_CLOSE_NOTIFY_RECEIVED", "tls",
     "the peer sent close_notify: it will send no more data", std::nullopt},
    {S::kTlsNoAvailableSessions, "NX_SECURE_TLS_NO_AVAILABLE_SESSIONS", "tls",
     "every session slot of the server is in use", std::nullopt},
    {S::kTlsNoCertSpaceAllocated, "NX_SECURE_TLS_NO_CERT_SPACE_ALLOCATED", "tls",
     "no room was set aside to store the peer's certificates", A::kInternalError},
    {S::kTlsPaddingCheckFailed, "NX_SECURE_TLS_PADDING_CHECK_FAILED", "tls",
     "the CBC padding of a received record is malformed", A::kBadRecordMac},
    {S::kTlsUnsupportedCertSignType, "NX_SECURE_TLS_UNSUPPORTED_CERT_SIGN_TYPE", "tls",
     "the CertificateRequest names no certificate type we can provide", A::kHandshakeFailure},
    {S::kTlsUnsupportedCertSignAlg, "NX_SECURE_TLS_UNSUPPORTED_CERT_SIGN_ALG", "tls",
     "the CertificateRequest names no signature scheme our certificate can sign with", A::kHandshakeFailure},
    {S::kTlsInsufficientCertSpace, "NX_SECURE_TLS_INSUFFICIENT_CERT_SPACE", "tls",
     "a certificate is larger than the space configured for it", A::kInternalError},
    {S::kTlsProtocolVersionChanged, "NX_SECURE_TLS_PROTOCOL_VERSION_CHANGED", "tls",
     "a record's version differs from the one negotiated for this connection", A::kProtocolVersion},
    {S::kTlsNoRenegotiationError, "NX_SECURE_TLS_NO_RENEGOTIATION_ERROR", "tls",
     "the peer asked to renegotiate and renegotiation is refused", A::kNoRenegotiation},
    {S::kTlsUnsupportedFeature, "NX_SECURE_TLS_UNSUPPORTED_FEATURE", "tls",
     "the peer used a feature that is disabled in this configuration", A::kHandshakeFailure},
    {S::kTlsCertificateVerifyFailure, "NX_SECURE_TLS_CERTIFICATE_VERIFY_FAILURE", "tls",
     "the client's CertificateVerify signature does not verify", A::kDecryptError},
    {S::kTlsEmptyRemoteCertificateReceived, "NX_SECURE_TLS_EMPTY_REMOTE_CERTIFICATE_RECEIVED", "tls",
     "the peer sent a Certificate message with no certificate in it", A::kDecodeError},
    {S::kTlsRenegotiationExtensionError, "NX_SECURE_TLS_RENEGOTIATION_EXTENSION_ERROR", "tls",
     "the renegotiation_info extension is malformed or does not match", A::kHandshakeFailure},
    {S::kTlsRenegotiationSessionInactive, "NX_SECURE_TLS_RENEGOTIATION_SESSION_INACTIVE", "tls",
     "renegotiation was asked for on a connection that is not established", std::nullopt},
    {S::kTlsPacketBufferTooSmall, "NX_SECURE_TLS_PACKET_BUFFER_TOO_SMALL", "tls",
     "a record is larger than the receive buffer this connection was configured with", A::kRecordOverflow},
    {S::kTlsExtensionNotFound, "NX_SECURE_TLS_EXTENSION_NOT_FOUND", "tls",
     "the peer did not send the extension that was asked about", std::nullopt},
    {S::kTlsSniExtensionInvalid, "NX_SECURE_TLS_SNI_EXTENSION_INVALID", "tls", "the server_name extension is malformed",
     A::kDecodeError},
    {S::kTlsCertIdInvalid, "NX_SECURE_TLS_CERT_ID_INVALID", "tls",
     "a server certificate was added with the reserved ID 0", std::nullopt},
    {S::kTlsCertIdDuplicate, "NX_SECURE_TLS_CERT_ID_DUPLICATE", "tls",
     "a server certificate was added with an ID that is already in use", std::nullopt},
    {S::kTlsRenegotiationFailure, "NX_SECURE_TLS_RENEGOTIATION_FAILURE", "tls",
     "the peer does not support secure renegotiation, so it cannot be done", A::kHandshakeFailure},
    {S::kTlsMissingCryptoRoutine, "NX_SECURE_TLS_MISSING_CRYPTO_ROUTINE", "tls",
     "the crypto provider has no implementation of a needed algorithm", A::kInternalError},
    {S::kTlsEmptyEcGroup, "NX_SECURE_TLS_EMPTY_EC_GROUP", "tls",
     "an ECC cipher suite is enabled but no elliptic curve group is", A::kHandshakeFailure},
    {S::kTlsEmptyEcPointFormat, "NX_SECURE_TLS_EMPTY_EC_POINT_FORMAT", "tls",
     "an ECC cipher suite is enabled but no supported point format is", A::kHandshakeFailure},
    {S::kTlsBadServerhelloKeyshare, "NX_SECURE_TLS_BAD_SERVERHELLO_KEYSHARE", "tls",
     "the ServerHello key_share names a group we did not offer or holds a bad key", A::kIllegalParameter},
    {S::kTlsInsufficientMetadataSpace, "NX_SECURE_TLS_INSUFFICIENT_METADATA_SPACE", "tls",
     "scratch space given for a crypto operation is too small", A::kInternalError},
    {S::kTlsPostHandshakeReceived, "NX_SECURE_TLS_POST_HANDSHAKE_RECEIVED", "tls",
     "a post-handshake message was handled; not an error, keep reading", std::nullopt},
    {S::kTlsBadClienthelloKeyshare, "NX_SECURE_TLS_BAD_CLIENTHELLO_KEYSHARE", "tls",
     "the ClientHello key_share is malformed or holds an invalid key", A::kIllegalParameter},
    {S::kTls13UnknownCiphersuite, "NX_SECURE_TLS_1_3_UNKNOWN_CIPHERSUITE", "tls",
     "the peer chose a TLS 1.3 cipher suite we did not offer", A::kIllegalParameter},
    {S::kTlsInvalidSessionTicket, "NX_SECURE_TLS_INVALID_SESSION_TICKET", "tls",
     "a session ticket is malformed, expired or cannot be decrypted", A::kDecodeError},
    {S::kTlsMissingExtension, "NX_SECURE_TLS_MISSING_EXTENSION", "tls",
     "a message lacks an extension that TLS requires in it", A::kMissingExtension},
    {S::kTlsCertificateRequired, "NX_SECURE_TLS_CERTIFICATE_REQUIRED", "tls",
     "the client sent no certificate but this server requires one", A::kCertificateRequired},
    {S::kTlsUnexpectedClienthello, "NX_SECURE_TLS_UNEXPECTED_CLIENTHELLO", "tls",
     "a ClientHello arrived on an established TLS 1.3 connection", A::kUnexpectedMessage},
    {S::kTlsInappropriateFallback, "NX_SECURE_TLS_INAPPROPRIATE_FALLBACK", "tls",
     "the client signalled a fallback (TLS_FALLBACK_SCSV) to a version below our best", A::kInappropriateFallback},
    {S::kTlsBadClienthelloPskExtension, "NX_SECURE_TLS_BAD_CLIENTHELLO_PSK_EXTENSION", "tls",
     "the ClientHello pre_shared_key extension is malformed or misplaced", A::kIllegalParameter},
    {S::kTlsPskBinderMismatch, "NX_SECURE_TLS_PSK_BINDER_MISMATCH", "tls",
     "the PSK binder does not match the ClientHello transcript", A::kDecryptError},
    {S::kTlsCryptoKeysTooLarge, "NX_SECURE_TLS_CRYPTO_KEYS_TOO_LARGE", "tls",
     "the negotiated key material is larger than the key buffer", A::kInternalError},
    {S::kTlsUnsupportedEccCurve, "NX_SECURE_TLS_UNSUPPORTED_ECC_CURVE", "tls",
     "the peer used an elliptic curve group we do not support or did not offer", A::kIllegalParameter},
    {S::kTlsUnsupportedEccFormat, "NX_SECURE_TLS_UNSUPPORTED_ECC_FORMAT", "tls",
     "the peer used an unsupported curve type or point format", A::kIllegalParameter},
    {S::kTlsUnsupportedSignatureAlgorithm, "NX_SECURE_TLS_UNSUPPORTED_SIGNATURE_ALGORITHM", "tls",
     "the peer signed with a scheme we did not offer or do not support", A::kIllegalParameter},
    {S::kTlsSignatureVerificationError, "NX_SECURE_TLS_SIGNATURE_VERIFICATION_ERROR", "tls",
     "the peer's handshake signature does not verify", A::kDecryptError},
    {S::kTlsUnexpectedMessage, "NX_SECURE_TLS_UNEXPECTED_MESSAGE", "tls",
     "the peer sent a message that is not allowed at this point of the protocol", A::kUnexpectedMessage},
    {S::kTlsAeadDecryptFail, "NX_SECURE_TLS_AEAD_DECRYPT_FAIL", "tls",
     "a received record failed AEAD authentication: tampered or mis-keyed data", A::kBadRecordMac},
    {S::kTlsRecordOverflow, "NX_SECURE_TLS_RECORD_OVERFLOW", "tls", "a received record is longer than TLS allows",
     A::kRecordOverflow},
    {S::kTlsHandshakeFragmentReceived, "NX_SECURE_TLS_HANDSHAKE_FRAGMENT_RECEIVED", "tls",
     "part of a handshake message arrived; more records are needed to complete it", std::nullopt},
    {S::kX509MultibyteTagUnsupported, "NX_SECURE_X509_MULTIBYTE_TAG_UNSUPPORTED", "x509",
     "the DER data uses a multi-byte (high) tag number", A::kBadCertificate},
    {S::kX509Asn1LengthTooLong, "NX_SECURE_X509_ASN1_LENGTH_TOO_LONG", "x509",
     "a DER length is larger than the data or than nxs accepts", A::kBadCertificate},
    {S::kX509FoundNonZeroPadding, "NX_SECURE_X509_FOUND_NON_ZERO_PADDING", "x509",
     "a BIT STRING has non-zero unused bits or padding that must be zero", A::kBadCertificate},
    {S::kX509MissingPublicKey, "NX_SECURE_X509_MISSING_PUBLIC_KEY", "x509",
     "a certificate or key has no public key where one is required", A::kBadCertificate},
    {S::kX509InvalidPublicKey, "NX_SECURE_X509_INVALID_PUBLIC_KEY", "x509",
     "a public key is malformed or uses unsupported parameters", A::kBadCertificate},
    {S::kX509InvalidCertificateSequence, "NX_SECURE_X509_INVALID_CERTIFICATE_SEQUENCE", "x509",
     "the data does not start with the SEQUENCE of a certificate", A::kBadCertificate},
    {S::kX509MissingSignatureAlgorithm, "NX_SECURE_X509_MISSING_SIGNATURE_ALGORITHM", "x509",
     "a certificate has no signature algorithm or an inconsistent one", A::kBadCertificate},
    {S::kX509InvalidCertificateData, "NX_SECURE_X509_INVALID_CERTIFICATE_DATA", "x509",
     "a certificate field (name, serial, identity data) is malformed", A::kBadCertificate},
    {S::kX509UnexpectedAsn1Tag, "NX_SECURE_X509_UNEXPECTED_ASN1_TAG", "x509",
     "a DER element has a tag other than the one the structure requires", A::kBadCertificate},
    {S::kPkcs1InvalidPrivateKey, "NX_SECURE_PKCS1_INVALID_PRIVATE_KEY", "x509", "a PKCS#1 RSA private key is malformed",
     std::nullopt},
    {S::kX509ChainTooShort, "NX_SECURE_X509_CHAIN_TOO_SHORT", "x509",
     "the space for the certificate chain is too small to hold all of it", A::kInternalError},
    {S::kX509ChainVerifyFailure, "NX_SECURE_X509_CHAIN_VERIFY_FAILURE", "x509",
     "the certificate chain could not be verified", A::kBadCertificate},
    {S::kX509Pkcs7ParsingFailed, "NX_SECURE_X509_PKCS7_PARSING_FAILED", "x509",
     "an RSA signature's DigestInfo could not be decoded", A::kDecryptError},
    {S::kX509CertificateNotFound, "NX_SECURE_X509_CERTIFICATE_NOT_FOUND", "x509", "no certificate matches the lookup",
     std::nullopt},
    {S::kX509InvalidVersion, "NX_SECURE_X509_INVALID_VERSION", "x509",
     "a certificate has a field its version does not allow, or an unknown version", A::kBadCertificate},
    {S::kX509InvalidTagClass, "NX_SECURE_X509_INVALID_TAG_CLASS", "x509",
     "a DER element has a tag class the structure does not allow", A::kBadCertificate},
    {S::kX509InvalidExtensions, "NX_SECURE_X509_INVALID_EXTENSIONS", "x509",
     "the extensions field does not hold a SEQUENCE of extensions", A::kBadCertificate},
    {S::kX509InvalidExtensionSequence, "NX_SECURE_X509_INVALID_EXTENSION_SEQUENCE", "x509",
     "an extension is malformed, duplicated, or critical and unknown", A::kBadCertificate},
    {S::kX509CertificateExpired, "NX_SECURE_X509_CERTIFICATE_EXPIRED", "x509",
     "a certificate's notAfter is in the past", A::kCertificateExpired},
    {S::kX509CertificateNotYetValid, "NX_SECURE_X509_CERTIFICATE_NOT_YET_VALID", "x509",
     "a certificate's notBefore is in the future", A::kCertificateExpired},
    {S::kX509CertificateDnsMismatch, "NX_SECURE_X509_CERTIFICATE_DNS_MISMATCH", "x509",
     "the certificate is not valid for the expected host name or IP address", A::kBadCertificate},
    {S::kX509InvalidDateFormat, "NX_SECURE_X509_INVALID_DATE_FORMAT", "x509",
     "a UTCTime or GeneralizedTime is not in the strict DER form", A::kBadCertificate},
    {S::kX509CrlIssuerMismatch, "NX_SECURE_X509_CRL_ISSUER_MISMATCH", "x509",
     "the CRL was not issued by the certificate's issuer", std::nullopt},
    {S::kX509CrlSignatureCheckFailed, "NX_SECURE_X509_CRL_SIGNATURE_CHECK_FAILED", "x509",
     "the CRL's signature does not verify under its issuer's key", A::kBadCertificate},
    {S::kX509CrlCertificateRevoked, "NX_SECURE_X509_CRL_CERTIFICATE_REVOKED", "x509",
     "the certificate is listed as revoked in a valid CRL", A::kCertificateRevoked},
    {S::kX509WrongSignatureMethod, "NX_SECURE_X509_WRONG_SIGNATURE_METHOD", "x509",
     "the signature algorithm does not fit the issuer's key type or parameters", A::kBadCertificate},
    {S::kX509ExtensionNotFound, "NX_SECURE_X509_EXTENSION_NOT_FOUND", "x509",
     "the certificate has no extension with the requested OID", std::nullopt},
    {S::kX509AltNameNotFound, "NX_SECURE_X509_ALT_NAME_NOT_FOUND", "x509",
     "the name is not among the certificate's subjectAltName entries", std::nullopt},
    {S::kX509InvalidPrivateKeyType, "NX_SECURE_X509_INVALID_PRIVATE_KEY_TYPE", "x509",
     "a private key is of an unknown or unsupported type", std::nullopt},
    {S::kX509NameStringTooLong, "NX_SECURE_X509_NAME_STRING_TOO_LONG", "x509", "a name is longer than nxs accepts",
     A::kBadCertificate},
    {S::kX509ExtKeyUsageNotFound, "NX_SECURE_X509_EXT_KEY_USAGE_NOT_FOUND", "x509",
     "the certificate's extendedKeyUsage does not allow the purpose asked for", A::kUnsupportedCertificate},
    {S::kX509KeyUsageError, "NX_SECURE_X509_KEY_USAGE_ERROR", "x509",
     "a certificate's keyUsage does not allow the use it is put to", A::kUnsupportedCertificate},
};

constexpr bool ascii_iequal(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
        auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; };
        if (lower(a[i]) != lower(b[i])) {
            return false;
        }
    }
    return true;
}

const StatusInfo* find_info(Status s) noexcept {
    for (const auto& info : kStatusTable) {
        if (info.status == s) {
            return &info;
        }
    }
    return nullptr;
}

std::optional<std::uint32_t> parse_number(std::string_view text) noexcept {
    int base = 10;
    if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
        text.remove_prefix(2);
        base = 16;
    }
    std::uint32_t value = 0;
    const auto* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value, base);
    if (ec != std::errc{} || ptr != end || text.empty()) {
        return std::nullopt;
    }
    return value;
}

}  // namespace

std::span<const StatusInfo> all_statuses() noexcept {
    return kStatusTable;
}

std::string_view status_name(Status s) noexcept {
    const auto* info = find_info(s);
    return info != nullptr ? info->name : std::string_view("NX_SECURE_UNKNOWN");
}

std::string_view status_description(Status s) noexcept {
    const auto* info = find_info(s);
    return info != nullptr ? info->description : std::string_view("a value that is not a NetX Secure code");
}

std::optional<AlertDescription> default_alert(Status s) noexcept {
    const auto* info = find_info(s);
    return info != nullptr ? info->alert : std::optional<AlertDescription>(AlertDescription::kInternalError);
}

std::optional<Status> find_status(std::string_view name_or_value) noexcept {
    for (const auto& info : kStatusTable) {
        if (ascii_iequal(info.name, name_or_value)) {
            return info.status;
        }
    }
    const auto value = parse_number(name_or_value);
    if (!value || *value > 0xFFFF) {
        return std::nullopt;
    }
    const auto* info = find_info(static_cast<Status>(*value));
    return info != nullptr ? std::optional<Status>(info->status) : std::nullopt;
}

std::string_view alert_name(AlertDescription a) noexcept {
    switch (a) {
        case A::kCloseNotify:
            return "close_notify";
        case A::kUnexpectedMessage:
            return "unexpected_message";
        case A::kBadRecordMac:
            return "bad_record_mac";
        case A::kDecryptionFailed:
            return "decryption_failed";
        case A::kRecordOverflow:
            return "record_overflow";
        case A::kHandshakeFailure:
            return "handshake_failure";
        case A::kBadCertificate:
            return "bad_certificate";
        case A::kUnsupportedCertificate:
            return "unsupported_certificate";
        case A::kCertificateRevoked:
            return "certificate_revoked";
        case A::kCertificateExpired:
            return "certificate_expired";
        case A::kCertificateUnknown:
            return "certificate_unknown";
        case A::kIllegalParameter:
            return "illegal_parameter";
        case A::kUnknownCa:
            return "unknown_ca";
        case A::kAccessDenied:
            return "access_denied";
        case A::kDecodeError:
            return "decode_error";
        case A::kDecryptError:
            return "decrypt_error";
        case A::kProtocolVersion:
            return "protocol_version";
        case A::kInsufficientSecurity:
            return "insufficient_security";
        case A::kInternalError:
            return "internal_error";
        case A::kInappropriateFallback:
            return "inappropriate_fallback";
        case A::kUserCanceled:
            return "user_canceled";
        case A::kNoRenegotiation:
            return "no_renegotiation";
        case A::kMissingExtension:
            return "missing_extension";
        case A::kUnsupportedExtension:
            return "unsupported_extension";
        case A::kUnrecognizedName:
            return "unrecognized_name";
        case A::kBadCertificateStatusResponse:
            return "bad_certificate_status_response";
        case A::kUnknownPskIdentity:
            return "unknown_psk_identity";
        case A::kCertificateRequired:
            return "certificate_required";
        case A::kNoApplicationProtocol:
            return "no_application_protocol";
    }
    return "unknown";
}

}  // namespace nxs
