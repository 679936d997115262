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
