/// A broken invariant must stop the process the way a crash does, so libFuzzer saves the input
/// and `-minimize_crash` can shrink it; `fatalError` keeps its message in release builds, where
/// `precondition`'s is dropped.
public func invariant(_ condition: Bool, _ message: @autoclosure () -> String,
                      file: StaticString = #fileID, line: UInt = #line) {
    if !condition { fatalError("invariant: \(message())", file: file, line: line) }
}

/// The input as an array: every entry point under test takes `[UInt8]` or `String`.
public func bytes(_ data: UnsafePointer<UInt8>, _ size: Int) -> [UInt8] {
    Array(UnsafeBufferPointer(start: data, count: size))
}
