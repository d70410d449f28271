#include "args.h"

#include <algorithm>
#include <cstdio>
#include <string>

namespace nxs::cli {
namespace {

constexpr Option kHelpOption{"--help", "", "show this help and exit (also -h)"};

const Option* find_option(const CommandSpec& spec, std::string_view name) {
    if (name == "-h" || name == kHelpOption.name) {
        return &kHelpOption;
    }
    const auto it = std::find_if(spec.options.begin(), spec.options.end(),
                                 [name](const Option& option) { return option.name == name; });
    return it != spec.options.end() ? &*it : nullptr;
}

bool looks_like_option(std::string_view arg) {
    return arg.size() > 1 && arg[0] == '-';
}

}  // namespace

std::optional<std::string> ParsedArgs::value(std::string_view name) const {
    const auto it = m_values.find(name);
    if (it == m_values.end() || it->second.empty()) {
        return std::nullopt;
    }
    return it->second.back();
}

std::vector<std::string> ParsedArgs::values(std::string_view name) const {
    const auto it = m_values.find(name);
    return it != m_values.end() ? it->second : std::vector<std::string>{};
}

ParseResult parse_args(const CommandSpec& spec, std::span<const std::string_view> args) {
    ParseResult result;
    bool options_ended = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string_view arg = args[i];
        if (options_ended || !looks_like_option(arg)) {
            result.m_args.m_positional.emplace_back(arg);
            continue;
        }
        if (arg == "--") {
            options_ended = true;
            continue;
        }
        const auto equals = arg.find('=');
        const std::string_view name = arg.substr(0, equals);
        const Option* option = find_option(spec, name);
        if (option == nullptr) {
            result.m_error = concat({"unknown option '", name, "'"});
            return result;
        }
        std::string value;
        if (option->value.empty()) {
            if (equals != std::string_view::npos) {
                result.m_error = concat({"option '", name, "' takes no value"});
                return result;
            }
        } else if (equals != std::string_view::npos) {
            value = std::string(arg.substr(equals + 1));
        } else if (i + 1 < args.size()) {
            value = std::string(args[++i]);
        } else {
            result.m_error = concat({"option '", name, "' needs a value (", option->value, ")"});
            return result;
        }
        auto& slot = result.m_args.m_values[std::string(option->name)];
        if (!slot.empty() && !option->repeatable && option != &kHelpOption) {
            result.m_error = concat({"option '", name, "' given more than once"});
            return result;
        }
        slot.push_back(std::move(value));
    }
    return result;
}

std::string concat(std::initializer_list<std::string_view> parts) {
    std::size_t size = 0;
    for (const auto part : parts) {
        size += part.size();
    }
    std::string out;
    out.reserve(size);
    for (const auto part : parts) {
        out.append(part);
    }
    return out;
}

std::string format_help(const CommandSpec& spec) {
    std::string out = concat({"usage: nxs ", spec.name});
    if (!spec.synopsis.empty()) {
        out += concat({" ", spec.synopsis});
    }
    out += "\n";
    if (!spec.description.empty()) {
        out += concat({"\n", spec.description, "\n"});
    }
    std::vector<Option> options(spec.options.begin(), spec.options.end());
    options.push_back(kHelpOption);
    std::size_t width = 0;
    for (const auto& option : options) {
        const std::size_t label = option.name.size() + (option.value.empty() ? 0 : option.value.size() + 1);
        width = std::max(width, label);
    }
    out += "\noptions:\n";
    for (const auto& option : options) {
        std::string label(option.name);
        if (!option.value.empty()) {
            label += concat({" ", option.value});
        }
        label.resize(width, ' ');
        out += concat({"  ", label, "  ", option.help});
        if (option.repeatable) {
            out += " (repeatable)";
        }
        out += "\n";
    }
    return out;
}

int print_help(const CommandSpec& spec) {
    std::fputs(format_help(spec).c_str(), stdout);
    return kExitOk;
}

int usage_error(const CommandSpec& spec, std::string_view message) {
    std::fprintf(stderr, "nxs %.*s: %.*s\n\n%s", static_cast<int>(spec.name.size()), spec.name.data(),
                 static_cast<int>(message.size()), message.data(), format_help(spec).c_str());
    return kExitUsage;
}

}  // namespace nxs::cli
