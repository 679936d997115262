# Every external library is a Debian package found through pkg-config or CMake;
# each becomes an IMPORTED target dep::<name> that components link to.
# Only libraries some module links are declared here.
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(OpenSSL 3 REQUIRED)

pkg_check_modules(HIREDIS REQUIRED IMPORTED_TARGET hiredis)
pkg_check_modules(LMDB REQUIRED IMPORTED_TARGET lmdb)
add_library(dep::hiredis ALIAS PkgConfig::HIREDIS)
add_library(dep::lmdb ALIAS PkgConfig::LMDB)
pkg_check_modules(MICROHTTPD REQUIRED IMPORTED_TARGET libmicrohttpd)
add_library(dep::microhttpd ALIAS PkgConfig::MICROHTTPD)
# common/dns (ldns), common/spf (libspf2), common/dmarc (libpsl).
pkg_check_modules(LDNS REQUIRED IMPORTED_TARGET ldns)
add_library(dep::ldns ALIAS PkgConfig::LDNS)
pkg_check_modules(PSL REQUIRED IMPORTED_TARGET libpsl)
add_library(dep::psl ALIAS PkgConfig::PSL)
# libspf2 ships no .pc file on Debian.
find_path(SPF2_INCLUDE spf2/spf.h REQUIRED)
find_library(SPF2_LIB spf2 REQUIRED)
add_library(dep::spf2 INTERFACE IMPORTED)
target_include_directories(dep::spf2 INTERFACE ${SPF2_INCLUDE})
target_link_libraries(dep::spf2 INTERFACE ${SPF2_LIB})
pkg_check_modules(PCRE2 REQUIRED IMPORTED_TARGET libpcre2-8)
add_library(dep::pcre2 ALIAS PkgConfig::PCRE2)

# libmilter ships no .pc file on Debian.
find_path(MILTER_INCLUDE libmilter/mfapi.h REQUIRED)
find_library(MILTER_LIB milter REQUIRED)
add_library(dep::milter INTERFACE IMPORTED)
target_include_directories(dep::milter INTERFACE ${MILTER_INCLUDE})
target_link_libraries(dep::milter INTERFACE ${MILTER_LIB} Threads::Threads)

find_path(DOCTEST_INCLUDE doctest/doctest.h REQUIRED)
