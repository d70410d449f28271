# nxs_add_layer(NAME [DEPENDS layer...] [LINKS target...])
# Makes the object library nxs_<NAME> from every .cpp under src/<NAME>/.
set(NXS_LAYERS "" CACHE INTERNAL "")

function(nxs_add_layer name)
  cmake_parse_arguments(ARG "" "" "DEPENDS;LINKS" ${ARGN})
  file(GLOB_RECURSE sources CONFIGURE_DEPENDS "${PROJECT_SOURCE_DIR}/src/${name}/*.cpp")
  if(NOT sources)
    message(STATUS "nxs: layer ${name} has no sources yet; skipped")
    return()
  endif()
  add_library(nxs_${name} OBJECT ${sources})
  target_include_directories(nxs_${name} PUBLIC "${PROJECT_SOURCE_DIR}/include" "${PROJECT_SOURCE_DIR}/src")
  target_compile_definitions(nxs_${name} PRIVATE NXS_BUILDING_LIBRARY)
  target_link_libraries(nxs_${name} PUBLIC nxs_build_flags ${ARG_LINKS})
  foreach(dep IN LISTS ARG_DEPENDS)
    target_link_libraries(nxs_${name} PUBLIC nxs_${dep})
  endforeach()
  set(NXS_LAYERS ${NXS_LAYERS} ${name} CACHE INTERNAL "")
endfunction()

# nxs (static) and nxs_shared (libnxs.so with a SONAME) from every layer's objects.
function(nxs_add_library)
  set(objects "")
  foreach(layer IN LISTS NXS_LAYERS)
    list(APPEND objects $<TARGET_OBJECTS:nxs_${layer}>)
  endforeach()
  add_library(nxs STATIC ${objects})
  add_library(nxs_shared SHARED ${objects})
  set_target_properties(nxs_shared PROPERTIES OUTPUT_NAME nxs VERSION ${PROJECT_VERSION}
                                              SOVERSION ${PROJECT_VERSION_MAJOR})
  # Never unloaded (as OpenSSL's libcrypto): the random generator registers a pthread_atfork handler
  # (src/crypto/openssl/rng.cpp), which a dlclose() would leave pointing at unmapped code for the next fork().
  target_link_options(nxs_shared PRIVATE "LINKER:-z,nodelete")
  foreach(target nxs nxs_shared)
    target_include_directories(${target} PUBLIC "${PROJECT_SOURCE_DIR}/include")
    target_link_libraries(${target} PUBLIC OpenSSL::Crypto PRIVATE nxs_build_flags)
  endforeach()
  # Internal headers (src/) for the tools and tests that are built with the library.
  add_library(nxs_internal INTERFACE)
  target_include_directories(nxs_internal INTERFACE "${PROJECT_SOURCE_DIR}/src")
  target_link_libraries(nxs_internal INTERFACE nxs nxs_build_flags)
endfunction()
