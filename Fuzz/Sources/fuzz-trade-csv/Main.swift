import FuzzSupport

@main enum FuzzTradeCSV {
    static func main() { runLibFuzzer(fuzz) }
}
