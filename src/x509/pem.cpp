#include "nxs/x509/pem.h"

#include <optional>

namespace nxs::x509 {
namespace {

constexpr std::string_view kBegin = "-----BEGIN ";
constexpr std::string_view kEnd = "-----END ";
constexpr std::string_view kDashes = "-----";

Error pem_error(std::size_t line, const std::string& what) {
    return Error(Status::kX509InvalidCertificateData, "PEM line " + std::to_string(line) + ": " + what);
}

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && is_space(text.front())) {
        text.remove_prefix(1);
    }
    while (!text.empty() && is_space(text.back())) {
        text.remove_suffix(1);
    }
    return text;
}

// The label of an encapsulation boundary "-----BEGIN X-----" / "-----END X-----", or nullopt.
std::optional<std::string_view> boundary_label(std::string_view line, std::string_view prefix) {
    line = trim(line);
    if (!line.starts_with(prefix) || !line.ends_with(kDashes) || line.size() < prefix.size() + kDashes.size()) {
        return std::nullopt;
    }
    return line.substr(prefix.size(), line.size() - prefix.size() - kDashes.size());
}

int base64_value(char c) {
    if (c >= 'A' && c <= 'Z') {
        return c - 'A';
    }
    if (c >= 'a' && c <= 'z') {
        return c - 'a' + 26;
    }
    if (c >= '0' && c <= '9') {
        return c - '0' + 52;
    }
    if (c == '+') {
        return 62;
    }
    if (c == '/') {
        return 63;
    }
    return -1;
}

// Decodes the base64 text of one block (RFC 4648 §4; RFC 7468 §3 allows white space between characters).
class Base64Decoder {
public:
    Result<void> add_line(std::string_view line, std::size_t line_number) {
        for (const char c : line) {
            if (is_space(c)) {
                continue;
            }
            if (c == '=') {
                ++m_padding;
                if (m_padding > 2) {
                    return pem_error(line_number, "too much base64 padding");
                }
                continue;
            }
            const int value = base64_value(c);
            if (value < 0) {
                const auto byte = static_cast<unsigned>(static_cast<unsigned char>(c));
                return pem_error(line_number, byte >= 0x20 && byte < 0x7F
                                                  ? std::string("invalid base64 character '") + c + "'"
                                                  : "invalid base64 byte " + std::to_string(byte));
            }
            if (m_padding != 0) {
                return pem_error(line_number, "base64 data after the padding");
            }
            m_bits = (m_bits << 6) | static_cast<std::uint32_t>(value);
            if (++m_count % 4 == 0) {
                m_out.push_back(static_cast<std::uint8_t>(m_bits >> 16));
                m_out.push_back(static_cast<std::uint8_t>(m_bits >> 8));
                m_out.push_back(static_cast<std::uint8_t>(m_bits));
                m_bits = 0;
            }
        }
        return {};
    }

    Result<std::vector<std::uint8_t>> finish(std::size_t line_number) {
        const std::size_t rest = m_count % 4;
        if (m_count == 0) {
            return pem_error(line_number, "the block holds no data");
        }
        // RFC 4648 §4: the final quantum is 4 characters; 2 or 3 data characters take 2 or 1 '=' respectively.
        if ((rest == 0 && m_padding != 0) || rest == 1 || (rest != 0 && rest + m_padding != 4)) {
            return pem_error(line_number, "base64 length or padding is wrong");
        }
        if (rest == 2) {
            // 12 bits: one byte; the low 4 bits must be zero (RFC 4648 §3.5, canonical encoding).
            if ((m_bits & 0x0F) != 0) {
                return pem_error(line_number, "non-zero bits in the base64 padding");
            }
            m_out.push_back(static_cast<std::uint8_t>(m_bits >> 4));
        } else if (rest == 3) {
            if ((m_bits & 0x03) != 0) {
                return pem_error(line_number, "non-zero bits in the base64 padding");
            }
            m_out.push_back(static_cast<std::uint8_t>(m_bits >> 10));
            m_out.push_back(static_cast<std::uint8_t>(m_bits >> 2));
        }
        return std::move(m_out);
    }

private:
    std::vector<std::uint8_t> m_out;
    std::uint32_t m_bits = 0;
    std::size_t m_count = 0;
    std::size_t m_padding = 0;
};

// Splits text into lines, tracking the line number.
class Lines {
public:
    explicit Lines(std::string_view text) : m_text(text) {}
    std::optional<std::string_view> next() {
        if (m_pos >= m_text.size()) {
            return std::nullopt;
        }
        const std::size_t end = m_text.find('\n', m_pos);
        const std::size_t stop = end == std::string_view::npos ? m_text.size() : end;
        const std::string_view line = m_text.substr(m_pos, stop - m_pos);
        m_pos = stop + 1;
        ++m_number;
        return line;
    }
    std::size_t number() const { return m_number; }

private:
    std::string_view m_text;
    std::size_t m_pos = 0;
    std::size_t m_number = 0;
};

// Reads the body of a block whose BEGIN line was just read, through its END line.
Result<PemBlock> read_block(Lines& lines, std::string_view label) {
    PemBlock block;
    block.label = std::string(label);
    block.line = lines.number();
    Base64Decoder decoder;
    bool first_line = true;
    bool in_headers = false;
    while (const auto line = lines.next()) {
        if (const auto end_label = boundary_label(*line, kEnd)) {
            // RFC 7468 §2: the label of the post-encapsulation boundary matches the pre-encapsulation one.
            if (*end_label != label) {
                return pem_error(lines.number(),
                                 "BEGIN " + std::string(label) + " ended by END " + std::string(*end_label));
            }
            NXS_TRY_ASSIGN(block.der, decoder.finish(lines.number()));
            return block;
        }
        if (boundary_label(*line, kBegin)) {
            return pem_error(lines.number(), "BEGIN inside the block begun on line " + std::to_string(block.line));
        }
        // RFC 1421 §4.4 headers ("Proc-Type: 4,ENCRYPTED", "DEK-Info: ...") up to an empty line: recorded, skipped.
        if (first_line && line->find(':') != std::string_view::npos) {
            in_headers = true;
            block.has_headers = true;
        }
        first_line = false;
        if (in_headers) {
            in_headers = !trim(*line).empty();
            continue;
        }
        NXS_TRY(decoder.add_line(*line, lines.number()));
    }
    return pem_error(block.line, "BEGIN " + std::string(label) + " without its END line");
}

}  // namespace

Result<std::vector<PemBlock>> parse_pem(std::string_view text) {
    std::vector<PemBlock> blocks;
    Lines lines(text);
    while (const auto line = lines.next()) {
        const auto label = boundary_label(*line, kBegin);
        if (!label) {
            continue;  // RFC 7468 §2: explanatory text around blocks
        }
        if (label->empty() || label->find("--") != std::string_view::npos) {
            return pem_error(lines.number(), "malformed BEGIN line");
        }
        NXS_TRY_ASSIGN(auto block, read_block(lines, *label));
        blocks.push_back(std::move(block));
    }
    return blocks;
}

bool looks_like_pem(std::span<const std::uint8_t> data) noexcept {
    const std::string_view text(reinterpret_cast<const char*>(data.data()), data.size());
    return text.find(kBegin) != std::string_view::npos;
}

}  // namespace nxs::x509
