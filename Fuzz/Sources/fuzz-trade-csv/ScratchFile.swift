#if canImport(Glibc)
import Glibc
#endif

/// One file rewritten for every input, because `TradeCSV` reads only from a path: creating a
/// file per run would cost more than the parse. On tmpfs when there is one, so no run waits
/// for a disk. Removed at exit; a crash leaves it behind (one small file).
enum ScratchFile {
    static let (path, fd): (String, Int32) = {
        let dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp"
        var template = Array("\(dir)/fuzz-trade-csv-XXXXXX".utf8CString)
        let fd = mkstemp(&template)
        guard fd >= 0 else { fatalError("cannot create a scratch file in \(dir)") }
        let path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        atexit { unlink(ScratchFile.path) }
        return (path, fd)
    }()

    /// Replaces the file's contents with `bytes` and returns its path.
    static func write(_ bytes: [UInt8]) -> String {
        guard ftruncate(fd, 0) == 0,
              bytes.withUnsafeBytes({ pwrite(fd, $0.baseAddress, $0.count, 0) }) == bytes.count
        else { fatalError("cannot write the scratch file \(path)") }
        return path
    }
}
