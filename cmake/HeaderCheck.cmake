# Header self-containment: every first-party header compiled alone, in a
# translation unit of its own that includes nothing else, with the include
# paths and dependencies of the library that owns it. The release, ASan and
# TSan trees and the Debian package are unity builds (8 sources to a file),
# where a header that forgets an #include still compiles when an earlier
# file of its batch included it; this check does not depend on batches.
#
# The target `header_check` is not part of `all`: the ctest test
# build.headers builds it (while the other tests mostly wait on their peers).
# The owner of a header is the mp_* library defined in its directory.

function(mp_header_check_target target)
  get_target_property(dir ${target} SOURCE_DIR)
  file(GLOB headers CONFIGURE_DEPENDS ${dir}/*.hpp)
  if(NOT headers)
    return()
  endif()
  set(tus "")
  foreach(h ${headers})
    file(RELATIVE_PATH rel ${PROJECT_SOURCE_DIR} ${h})
    string(MAKE_C_IDENTIFIER ${rel} stem)
    set(tu ${PROJECT_BINARY_DIR}/header_check/${stem}.cpp)
    file(CONFIGURE OUTPUT ${tu} CONTENT "#include \"${h}\"\n")
    list(APPEND tus ${tu})
  endforeach()
  add_library(hc_${target} OBJECT EXCLUDE_FROM_ALL ${tus})
  set_target_properties(hc_${target} PROPERTIES UNITY_BUILD OFF)
  # Parsing is the check; no code, no object (ninja then runs it every time).
  target_compile_options(hc_${target} PRIVATE -fsyntax-only)
  target_link_libraries(hc_${target} PRIVATE ${target})
  add_dependencies(header_check hc_${target})
endfunction()

# One mp_* library per directory: mp_<directory name> when there is one
# (pmilter/ also defines mp_pmilter_api), else the first.
function(mp_header_check_in dir)
  get_property(targets DIRECTORY ${dir} PROPERTY BUILDSYSTEM_TARGETS)
  get_filename_component(base ${dir} NAME)
  set(owner "")
  foreach(t ${targets})
    if(t STREQUAL "mp_${base}")
      set(owner ${t})
      break()
    elseif(t MATCHES "^mp_" AND NOT owner)
      set(owner ${t})
    endif()
  endforeach()
  if(owner)
    mp_header_check_target(${owner})
  endif()
endfunction()

add_custom_target(header_check)
cmake_language(DEFER DIRECTORY ${PROJECT_SOURCE_DIR} CALL mp_foreach_directory ${PROJECT_SOURCE_DIR} mp_header_check_in)
