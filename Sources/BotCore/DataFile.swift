#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reading data files (candles, trades) whole, and quoting their contents in errors.
public enum DataFile {
    /// The file's bytes in one read; a clear error for a folder, a device or a missing file
    /// (a folder given as a CSV once crashed with an arithmetic overflow: its "size" was huge).
    public static func read(_ path: String) throws(DataFileError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw DataFileError(file: path, line: 0, message: "cannot read the file (\(String(cString: strerror(errno))))") }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw DataFileError(file: path, line: 0, message: "cannot read the file (\(String(cString: strerror(errno))))") }
        switch st.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw DataFileError(file: path, line: 0, message: "is a folder, not a data file")
        // A pipe or a terminal is read until it ends; anything else is not data.
        case S_IFIFO, S_IFCHR: break
        default: throw DataFileError(file: path, line: 0, message: "is not a regular file")
        }
        var out = [UInt8](repeating: 0, count: st.st_mode & S_IFMT == S_IFREG ? max(Int(st.st_size), 0) + 1 : 1 << 16)
        var used = 0
        while true {
            if used == out.count { out.append(contentsOf: repeatElement(0, count: out.count)) }
            let got = out.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + used, $0.count - used) }
            if got < 0 {
                if errno == EINTR { continue }
                throw DataFileError(file: path, line: 0, message: "cannot read the file (\(String(cString: strerror(errno))))")
            }
            if got == 0 { break }
            used += got
        }
        out.removeSubrange(used...)
        return out
    }

    /// 3 when `bytes` start with UTF-8's byte-order mark (spreadsheets write one), else 0.
    public static func byteOrderMarkLength(_ bytes: some Collection<UInt8>) -> Int {
        bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    }

    /// A field as an error message may show it: control bytes escaped, at most 40 characters.
    public static func quote(_ bytes: some Collection<UInt8>) -> String {
        let s = String(decoding: bytes, as: UTF8.self)
        return s.count > 40 ? String(s.prefix(40)).printable + "…" : s.printable
    }
}
