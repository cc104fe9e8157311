#pragma once
#include <stddef.h>
#include <stdint.h>

// libFuzzer's driver, from libclang_rt.fuzzer (linked by -sanitize=fuzzer). The fuzz targets
// call it from their own main: SwiftPM names an executable's entry point after its module on
// Linux, so libFuzzer's main() is never linked in.
int LLVMFuzzerRunDriver(int *_Nonnull argc, char *_Nullable *_Nullable *_Nonnull argv,
                        int (*_Nonnull callback)(const uint8_t *_Nonnull data, size_t size));
