// The contract: nxs::Status must hold exactly the codes of ../shared/spec/error-codes.tsv, with exactly their values.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include "nxs/status.h"

namespace nxs {
namespace {

struct SpecRow {
    std::string name;
    unsigned value;
    std::string table;
};

std::vector<SpecRow> read_spec() {
    std::ifstream in(std::string(NXS_SHARED_DIR) + "/spec/error-codes.tsv");
    EXPECT_TRUE(in.good()) << "cannot open " << NXS_SHARED_DIR << "/spec/error-codes.tsv";
    std::vector<SpecRow> rows;
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') {
            continue;
        }
        std::istringstream fields(line);
        std::string name, value, table;
        std::getline(fields, name, '\t');
        std::getline(fields, value, '\t');
        std::getline(fields, table, '\t');
        rows.push_back({name, static_cast<unsigned>(std::stoul(value, nullptr, 16)), table});
    }
    return rows;
}

TEST(StatusTable, MatchesSpecExactly) {
    const auto spec = read_spec();
    ASSERT_EQ(spec.size(), 116u);

    std::map<std::string, SpecRow> by_name;
    for (const auto& row : spec) {
        by_name[row.name] = row;
    }
    std::set<std::string> seen;
    for (const auto& info : all_statuses()) {
        const std::string name(info.name);
        EXPECT_TRUE(seen.insert(name).second) << "duplicate name in nxs table: " << name;
        const auto it = by_name.find(name);
        if (it == by_name.end()) {
            ADD_FAILURE() << "extra code in nxs, not in the spec: " << name;
            continue;
        }
        EXPECT_EQ(to_underlying(info.status), it->second.value) << name;
        EXPECT_EQ(info.table, it->second.table) << name;
        EXPECT_FALSE(info.description.empty()) << name;
    }
    for (const auto& row : spec) {
        EXPECT_TRUE(seen.count(row.name) == 1) << "code missing from nxs: " << row.name;
    }
}

TEST(StatusTable, NamesAndLookups) {
    EXPECT_EQ(status_name(Status::kTlsIssuerCertificateNotFound), "NX_SECURE_TLS_ISSUER_CERTIFICATE_NOT_FOUND");
    EXPECT_EQ(to_underlying(Status::kTlsIssuerCertificateNotFound), 0x11B);
    EXPECT_EQ(find_status("0x11B"), Status::kTlsIssuerCertificateNotFound);
    EXPECT_EQ(find_status("0x11b"), Status::kTlsIssuerCertificateNotFound);
    EXPECT_EQ(find_status("283"), Status::kTlsIssuerCertificateNotFound);
    EXPECT_EQ(find_status("nx_secure_tls_issuer_certificate_not_found"), Status::kTlsIssuerCertificateNotFound);
    EXPECT_EQ(find_status("NX_SECURE_X509_KEY_USAGE_ERROR"), Status::kX509KeyUsageError);
    EXPECT_EQ(status_name(Status::kX509Success), "NX_SECURE_TLS_SUCCESS");  // both success names share value 0
}

TEST(StatusTable, UnknownLookupsFail) {
    EXPECT_FALSE(find_status("0x1FF"));
    EXPECT_FALSE(find_status("0x"));
    EXPECT_FALSE(find_status(""));
    EXPECT_FALSE(find_status("NX_SECURE_NOT_A_CODE"));
    EXPECT_FALSE(find_status("0x11B "));
    EXPECT_FALSE(find_status("99999999999"));
    EXPECT_EQ(status_name(static_cast<Status>(0x1FF)), "NX_SECURE_UNKNOWN");
}

TEST(StatusTable, DefaultAlertsFollowRfc8446) {
    EXPECT_EQ(default_alert(Status::kTlsAeadDecryptFail), AlertDescription::kBadRecordMac);
    EXPECT_EQ(default_alert(Status::kTlsIncorrectMessageLength), AlertDescription::kDecodeError);
    EXPECT_EQ(default_alert(Status::kTlsUnexpectedMessage), AlertDescription::kUnexpectedMessage);
    EXPECT_EQ(default_alert(Status::kTlsFinishedHashFailure), AlertDescription::kDecryptError);
    EXPECT_EQ(default_alert(Status::kTlsIssuerCertificateNotFound), AlertDescription::kUnknownCa);
    EXPECT_EQ(default_alert(Status::kTlsMissingExtension), AlertDescription::kMissingExtension);
    EXPECT_EQ(default_alert(Status::kTlsCertificateRequired), AlertDescription::kCertificateRequired);
    EXPECT_EQ(default_alert(Status::kX509CrlCertificateRevoked), AlertDescription::kCertificateRevoked);
    EXPECT_EQ(default_alert(Status::kTlsRecordOverflow), AlertDescription::kRecordOverflow);
    // Signals never send an alert.
    EXPECT_FALSE(default_alert(Status::kTlsCloseNotifyReceived));
    EXPECT_FALSE(default_alert(Status::kTlsPostHandshakeReceived));
    EXPECT_FALSE(default_alert(Status::kTlsHandshakeFragmentReceived));
    EXPECT_FALSE(default_alert(Status::kTlsSuccess));
    EXPECT_EQ(alert_name(AlertDescription::kNoApplicationProtocol), "no_application_protocol");
}

}  // namespace
}  // namespace nxs
