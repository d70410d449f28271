# Warnings and sanitizers shared by every nxs target through the `nxs_build_flags` interface target.
add_library(nxs_build_flags INTERFACE)
target_compile_options(nxs_build_flags INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion
                                                 -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Wnull-dereference
                                                 -Wimplicit-fallthrough)
if(NXS_WERROR)
  target_compile_options(nxs_build_flags INTERFACE -Werror)
endif()
if(NXS_SANITIZE)
  target_compile_options(nxs_build_flags INTERFACE -fsanitize=${NXS_SANITIZE} -fno-omit-frame-pointer
                                                   -fno-sanitize-recover=all)
  target_link_options(nxs_build_flags INTERFACE -fsanitize=${NXS_SANITIZE})
endif()
if(NXS_BUILD_FUZZ AND CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  # Coverage-guided fuzzing: instrument every nxs object (not only the fuzz entry points) so libFuzzer sees the
  # library's branches, and run it all under ASan + UBSan. The fuzz_* binaries add -fsanitize=fuzzer at link time.
  target_compile_options(nxs_build_flags INTERFACE -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer
                                                   -fno-sanitize-recover=all)
  target_link_options(nxs_build_flags INTERFACE -fsanitize=address,undefined)
endif()
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  # GCC 12 reports -Wrestrict false positives for `"literal" + std::string` once inlined at -O2 and above (GCC bug
  # 105329); the code is correct, so the check is off for GCC before 13 only.
  target_compile_options(nxs_build_flags INTERFACE -Wno-restrict)
endif()
