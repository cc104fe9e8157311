import CLibFuzzer
#if canImport(Glibc)
import Glibc
#endif

/// Hands the process to libFuzzer, which runs `target` on each input and exits. Every fuzz
/// target's `main` is this one call.
public func runLibFuzzer(_ target: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt) -> Never {
    var argc = CommandLine.argc
    var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
    exit(LLVMFuzzerRunDriver(&argc, &argv, target))
}
