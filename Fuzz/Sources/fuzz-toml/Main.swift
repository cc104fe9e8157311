import FuzzSupport

@main enum FuzzTOML {
    static func main() { runLibFuzzer(fuzz) }
}
