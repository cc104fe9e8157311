import FuzzSupport

@main enum FuzzOKXMarket {
    static func main() { runLibFuzzer(fuzz) }
}
