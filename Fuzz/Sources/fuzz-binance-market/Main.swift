import FuzzSupport

@main enum FuzzBinanceMarket {
    static func main() { runLibFuzzer(fuzz) }
}
