// doctest_main.cpp: the one main() shared by every unit_<dir> executable.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
