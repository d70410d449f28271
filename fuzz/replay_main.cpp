// A main() for fuzz targets built without libFuzzer: runs LLVMFuzzerTestOneInput once on every file named on the
// command line, or on every regular file below each directory named (sorted, so runs are repeatable). It fails when
// no input was found, so a mistyped corpus path cannot pass silently. A crash or sanitizer report fails the test.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <span>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

std::vector<std::filesystem::path> collect_inputs(std::span<char*> args) {
    std::vector<std::filesystem::path> inputs;
    for (const char* arg : args) {
        const std::filesystem::path path(arg);
        if (std::filesystem::is_directory(path)) {
            std::vector<std::filesystem::path> files;
            for (const auto& entry : std::filesystem::recursive_directory_iterator(path)) {
                if (entry.is_regular_file()) {
                    files.push_back(entry.path());
                }
            }
            std::sort(files.begin(), files.end());
            inputs.insert(inputs.end(), files.begin(), files.end());
        } else if (std::filesystem::is_regular_file(path)) {
            inputs.push_back(path);
        } else {
            std::fprintf(stderr, "replay: no such file or directory: %s\n", arg);
        }
    }
    return inputs;
}

}  // namespace

int main(int argc, char** argv) {
    const std::span<char*> args(argv, static_cast<std::size_t>(argc));
    if (args.size() < 2) {
        std::fprintf(stderr, "usage: %s CORPUS_DIR_OR_FILE...\n", args.empty() ? "replay" : args[0]);
        return 2;
    }
    const auto inputs = collect_inputs(args.subspan(1));
    if (inputs.empty()) {
        std::fprintf(stderr, "replay: no inputs found\n");
        return 1;
    }
    for (const auto& input : inputs) {
        std::ifstream in(input, std::ios::binary);
        const std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        // The buffer is handed over as bytes, as libFuzzer does; an empty file is a valid input.
        std::vector<std::uint8_t> data(bytes.begin(), bytes.end());
        LLVMFuzzerTestOneInput(data.data(), data.size());
    }
    std::printf("replay: %zu inputs ran without a crash\n", inputs.size());
    return 0;
}
