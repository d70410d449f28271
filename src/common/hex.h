// Hex text <-> bytes, for tests, the CLI and readable dumps.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace nxs {

// Lower-case hex, optionally with a separator between bytes ("ab:cd").
std::string to_hex(std::span<const std::uint8_t> bytes, std::string_view separator = {});
// Accepts upper or lower case and ignores ':' and white space; nullopt on an odd count or a non-hex character.
std::optional<std::vector<std::uint8_t>> from_hex(std::string_view text);

}  // namespace nxs
