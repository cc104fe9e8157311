#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

import BotCore
import Foundation

/// Reads the values `credentials add` stores, from standard input: at a prompt with the
/// terminal's echo off, or as plain lines (`--stdin`). The bytes read are wiped once they
/// are text; nothing read is ever written back.
enum SecretInput {
    /// A line longer than this is not a credential (and a bigger buffer would be reallocated,
    /// leaving copies behind).
    static let maximumLine = 4096

    /// One line of standard input without its line ending; nil at the end of input. Read a
    /// byte at a time so nothing after the line is taken from the next reader.
    static func line(_ what: String) throws -> String? {
        var bytes = [UInt8]()
        bytes.reserveCapacity(maximumLine)
        defer { wipe(&bytes) }
        var byte: UInt8 = 0
        while true {
            let n = read(STDIN_FILENO, &byte, 1)
            if n < 0 && errno == EINTR { continue }
            guard n >= 0 else { throw Failure("cannot read the \(what) from standard input: \(String(cString: strerror(errno)))") }
            if n == 0 && bytes.isEmpty { return nil }
            if n == 0 || byte == UInt8(ascii: "\n") { break }
            guard bytes.count < maximumLine else { throw Failure("the \(what) is longer than \(maximumLine) bytes: nothing was stored") }
            bytes.append(byte)
        }
        byte = 0
        if bytes.last == UInt8(ascii: "\r") {
            bytes[bytes.count - 1] = 0
            bytes.removeLast()
        }
        guard let text = String(validating: bytes, as: UTF8.self) else { throw Failure("the \(what) is not UTF-8 text: nothing was stored") }
        return text
    }

    /// Asks for `what` on standard error and reads the answer with echo off. The prompt shows
    /// once echo is off, so what is typed after it is never shown.
    static func prompt(_ what: String, shown: String, for account: String) throws -> String? {
        try Terminal.withEchoOff {
            FileHandle.standardError.write(Data("\(shown) for \(account.printable): ".utf8))
            defer { FileHandle.standardError.write(Data("\n".utf8)) }  // the typed newline was not echoed
            return try line(what)
        }
    }
}

/// Zeroes `bytes` in place, in a way the optimiser may not drop as a dead store.
private func wipe(_ bytes: inout [UInt8]) {
    bytes.withUnsafeMutableBytes { b in
        guard let base = b.baseAddress else { return }
        #if canImport(Glibc)
        explicit_bzero(base, b.count)
        #else
        _ = memset_s(base, b.count, 0, b.count)
        #endif
    }
}

/// The terminal's echo, turned off while a secret is typed and always turned back on: when
/// reading ends, fails, or is interrupted by a signal (Ctrl-C, a hang-up, a kill).
enum Terminal {
    /// The settings to put back; a fixed allocation a signal handler can read without Swift's
    /// runtime (no exclusivity check, no allocation).
    nonisolated(unsafe) private static let saved = UnsafeMutablePointer<termios>.allocate(capacity: 1)
    /// Ctrl-Z is left alone: the shell puts its own settings back on the terminal when a job
    /// stops, and turning echo back off after SIGCONT is more than this needs.
    private static let signals = [SIGINT, SIGTERM, SIGHUP, SIGQUIT]

    static func withEchoOff<R>(_ body: () throws -> R) throws -> R {
        guard tcgetattr(STDIN_FILENO, saved) == 0 else {
            throw Failure("cannot read the terminal's settings: \(String(cString: strerror(errno))); use --stdin to pipe the values in")
        }
        var quiet = saved.pointee
        quiet.c_lflag &= ~tcflag_t(ECHO)
        // The handlers go in before echo goes off, and come out after it is back on. The
        // signals are unblocked meanwhile: a prompt must yield to Ctrl-C even under a parent
        // that blocked it (test runners do).
        let previous = signals.map { ($0, signal($0, restoreAndDie)) }
        var unblock = sigset_t(), mask = sigset_t()
        sigemptyset(&unblock)
        for s in signals { sigaddset(&unblock, s) }
        pthread_sigmask(SIG_UNBLOCK, &unblock, &mask)
        defer {
            tcsetattr(STDIN_FILENO, TCSANOW, saved)
            for (s, handler) in previous { signal(s, handler) }
            pthread_sigmask(SIG_SETMASK, &mask, nil)
        }
        guard tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) == 0 else {
            throw Failure("cannot turn the terminal's echo off: \(String(cString: strerror(errno))); use --stdin to pipe the values in")
        }
        return try body()
    }

    /// Puts the terminal back, then dies of the signal as if it had not been caught (the
    /// shell sees the same status). Only async-signal-safe calls.
    private static let restoreAndDie: @convention(c) (Int32) -> Void = { sig in
        tcsetattr(STDIN_FILENO, TCSANOW, Terminal.saved)
        signal(sig, SIG_DFL)
        raise(sig)
    }
}
