import FuzzSupport

@main enum FuzzSafeTensorsMain {
    static func main() { runLibFuzzer(fuzz) }
}
