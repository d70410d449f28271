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
