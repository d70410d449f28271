// Fuzz target for the receive side of the record layer (src/record/): RecordReader framing, the plaintext record
// checks, alerts, the compatibility CCS, HandshakeFramer reassembly, and RecordProtection::open on garbage.
//
// The first input byte chooses the reader's settings (protected or not, version policy, a small receive buffer);
// the rest is a byte stream as a peer would send it. The target checks what the record layer promises: a framed
// record lies inside the input and within the length limits in force, "need more bytes" only when the input really
// is short, every failure is one of the documented codes, and handshake messages are no larger than the limit.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <variant>
#include <vector>

#include "nxs/crypto/provider.h"
#include "record/alert.h"
#include "record/handshake_framer.h"
#include "record/record.h"
#include "record/record_protection.h"
#include "record/record_reader.h"

namespace {

using nxs::Status;
using namespace nxs::record;  // NOLINT(google-build-using-namespace): a .cpp file, for readability

void check(bool condition) {
    if (!condition) {
        std::abort();
    }
}

void check_status(Status status, std::initializer_list<Status> allowed) {
    for (const Status s : allowed) {
        if (s == status) {
            return;
        }
    }
    std::abort();
}

constexpr std::size_t kMaxMessage = 4096;

void feed_handshake(HandshakeFramer& framer, Bytes content) {
    const auto fed = framer.feed(content);
    if (!fed.ok()) {
        check_status(fed.status(), {Status::kTlsUnexpectedMessage});
        framer.reset();
        return;
    }
    while (true) {
        auto next = framer.next();
        if (!next.ok()) {
            check_status(next.status(), {Status::kTlsPacketBufferTooSmall});
            framer.reset();
            return;
        }
        if (!next->has_value()) {
            return;
        }
        const HandshakeMessage& message = **next;
        check(message.encoded.size() == message.body.size() + kHandshakeHeaderSize);
        check(message.body.size() <= kMaxMessage);
        check(message.encoded[0] == message.type);
    }
}

RecordProtection* opener() {
    // A fixed key: the fuzzer cannot forge tags, but every length and ordering check before the AEAD is reached.
    static std::unique_ptr<RecordProtection> protection = [] {
        const std::vector<std::uint8_t> key(16, 0x11);
        const std::vector<std::uint8_t> iv(12, 0x22);
        auto created =
            RecordProtection::create(*nxs::crypto::default_provider(), nxs::crypto::AeadAlgorithm::kAes128Gcm, key, iv);
        check(created.ok());
        return std::make_unique<RecordProtection>(std::move(created).value());
    }();
    return protection.get();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) {
        return 0;
    }
    const std::uint8_t settings = data[0];
    std::vector<std::uint8_t> input(data + 1, data + size);

    RecordReaderConfig config;
    config.receive_buffer_size = (settings & 0x04) != 0 ? 512 : kMaxRecord;
    config.version_policy = (settings & 0x02) != 0 ? RecordVersionPolicy::kTls12 : RecordVersionPolicy::kInitial;
    RecordReader reader(config);
    reader.set_protected((settings & 0x01) != 0);
    HandshakeFramerConfig framer_config;
    framer_config.max_message = kMaxMessage;
    framer_config.max_certificate_message = kMaxMessage;
    HandshakeFramer framer(framer_config);

    MutableBytes rest(input);
    while (true) {
        const auto framed = reader.frame(rest);
        if (!framed.ok()) {
            check_status(framed.status(), {Status::kTlsUnrecognizedMessageType, Status::kTlsUnknownTlsVersion,
                                           Status::kTlsRecordOverflow, Status::kTlsPacketBufferTooSmall});
            check(rest.size() >= kHeaderSize);
            break;
        }
        if (const auto* need = std::get_if<NeedMoreBytes>(&*framed)) {
            check(need->bytes > 0);
            check(rest.size() < kHeaderSize ||
                  rest.size() + need->bytes == kHeaderSize + ((std::size_t{rest[3]} << 8) | rest[4]));
            break;
        }
        const RecordView view = std::get<RecordView>(*framed);
        check(view.header.data() == rest.data() && view.header.size() == kHeaderSize);
        check(view.wire_size() <= rest.size() && view.wire_size() <= config.receive_buffer_size);
        check(view.fragment.size() <= reader.max_length());
        check(is_known(view.type));

        switch (view.type) {
            case ContentType::kChangeCipherSpec: {
                const auto ccs = check_compat_change_cipher_spec(view, true);
                check(ccs.ok() == (view.fragment.size() == 1 && view.fragment[0] == 1));
                break;
            }
            case ContentType::kAlert: {
                const auto alert = decode_alert(view.fragment);
                check(alert.ok() == (view.fragment.size() == kAlertSize));
                break;
            }
            case ContentType::kHandshake: {
                const auto content = plaintext_content(view);
                if (content.ok()) {
                    feed_handshake(framer, *content);
                }
                break;
            }
            case ContentType::kApplicationData: {
                const auto opened = opener()->open(view);
                if (!opened.ok()) {
                    check_status(opened.status(), {Status::kTlsAeadDecryptFail, Status::kTlsRecordOverflow});
                }
                break;
            }
            default:
                std::abort();
        }
        rest = rest.subspan(view.wire_size());
    }
    return 0;
}
