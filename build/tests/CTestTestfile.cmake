# CMake generated Testfile for 
# Source directory: /work/main/tests
# Build directory: /work/main/build/tests
# 
# This file includes the relevant testing commands required for 
# testing this directory and lists subdirectories to be tested as well.
include("/work/main/build/tests/nxs_common_tests[1]_include.cmake")
include("/work/main/build/tests/nxs_x509_tests[1]_include.cmake")
include("/work/main/build/tests/nxs_record_tests[1]_include.cmake")
include("/work/main/build/tests/nxs_handshake_tests[1]_include.cmake")
include("/work/main/build/tests/nxs_cli_tests[1]_include.cmake")
include("/work/main/build/tests/nxs_crypto_tests[1]_include.cmake")
include("/work/main/build/tests/nxs_conn_tests[1]_include.cmake")
include("/work/main/build/tests/nxs_interop_tests[1]_include.cmake")
add_test([=[x509_limbo]=] "/work/main/build/nxs" "x509" "limbo" "--min-agreed" "199" "/work/main/../shared/vectors/x509-limbo/limbo-core.json")
set_tests_properties([=[x509_limbo]=] PROPERTIES  LABELS "limbo" _BACKTRACE_TRIPLES "/work/main/tests/CMakeLists.txt;39;add_test;/work/main/tests/CMakeLists.txt;0;")
