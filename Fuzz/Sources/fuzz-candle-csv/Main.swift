import FuzzSupport

@main enum FuzzCandleCSV {
    static func main() { runLibFuzzer(fuzz) }
}
