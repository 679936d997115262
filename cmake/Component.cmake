# mp_component(NAME [DEPS ...]): the static library mp_NAME from every .cpp in
# the calling directory (an INTERFACE library while it has none). Include paths
# are rooted at common/, so code writes #include "maps/textmap.hpp".
function(mp_component name)
  cmake_parse_arguments(MC "" "" "DEPS" ${ARGN})
  file(GLOB srcs CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cpp)
  if(srcs)
    add_library(mp_${name} STATIC ${srcs})
    target_include_directories(mp_${name} PUBLIC ${PROJECT_SOURCE_DIR}/common)
    target_link_libraries(mp_${name} PUBLIC ${MC_DEPS})
  else()
    add_library(mp_${name} INTERFACE)
    target_include_directories(mp_${name} INTERFACE ${PROJECT_SOURCE_DIR}/common)
    target_link_libraries(mp_${name} INTERFACE ${MC_DEPS})
  endif()
endfunction()

# Stricter warnings for every first-party target, on top of the project-wide
# -Wall -Wextra (and -Werror with MP_WERROR). They are added per target, not
# globally, so third-party code built in this tree can opt out: set the target
# property MP_THIRD_PARTY to TRUE. C++-only flags are not passed to C sources.
set(MP_STRICT_WARNINGS
  -Wshadow -Wcast-align -Wunused -Wnull-dereference -Wformat=2 -Wimplicit-fallthrough
  $<$<COMPILE_LANGUAGE:CXX>:-Wnon-virtual-dtor -Woverloaded-virtual>)

# mp_strict_warnings(TARGET): give one target the stricter warnings.
function(mp_strict_warnings target)
  get_target_property(type ${target} TYPE)
  get_target_property(third_party ${target} MP_THIRD_PARTY)
  if(type STREQUAL "INTERFACE_LIBRARY" OR type STREQUAL "UTILITY" OR third_party)
    return()
  endif()
  target_compile_options(${target} PRIVATE ${MP_STRICT_WARNINGS})
endfunction()

# mp_foreach_directory(DIR FN): FN(D) for DIR and every directory below it.
function(mp_foreach_directory dir fn)
  cmake_language(CALL ${fn} ${dir})
  get_property(subdirs DIRECTORY ${dir} PROPERTY SUBDIRECTORIES)
  foreach(d ${subdirs})
    mp_foreach_directory(${d} ${fn})
  endforeach()
endfunction()

# mp_strict_warnings_in(DIR): every target defined in DIR.
function(mp_strict_warnings_in dir)
  get_property(targets DIRECTORY ${dir} PROPERTY BUILDSYSTEM_TARGETS)
  foreach(t ${targets})
    mp_strict_warnings(${t})
  endforeach()
endfunction()

# Run once the top-level CMakeLists.txt has added every directory, so a new
# component, adapter, test or bench target gets the warnings without asking.
cmake_language(DEFER DIRECTORY ${PROJECT_SOURCE_DIR} CALL mp_foreach_directory ${PROJECT_SOURCE_DIR} mp_strict_warnings_in)
