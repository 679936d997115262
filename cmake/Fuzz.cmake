# Fuzz.cmake: MP_FUZZ builds every library with libFuzzer's coverage
# instrumentation plus ASan and UBSan, and adds the targets of tests/fuzz.
# clang only; scripts/fuzz.sh configures build-fuzz with it and builds only the
# fuzz targets. With MP_FUZZ OFF (the default) this file changes nothing.
option(MP_FUZZ "Build the libFuzzer targets in tests/fuzz (clang; scripts/fuzz.sh)" OFF)
if(MP_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "MP_FUZZ needs clang (CC=clang CXX=clang++): libFuzzer is part of clang")
  endif()
  if(MP_SANITIZE OR MP_TSAN)
    message(FATAL_ERROR "MP_FUZZ brings its own sanitizers: leave MP_SANITIZE and MP_TSAN off")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer
                      -fno-sanitize-recover=all)
  add_link_options(-fsanitize=address,undefined)
endif()
