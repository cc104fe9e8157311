import FuzzSupport

@main enum FuzzControl {
    static func main() { runLibFuzzer(fuzz) }
}
