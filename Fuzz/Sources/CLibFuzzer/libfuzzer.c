// Header-only: the declaration is all this target provides; SwiftPM needs one source file.
#include "libfuzzer.h"
