/// The languages replies and notifications are written in (`[users.NAME] language`): English,
/// and Korean for the seed's users.
public enum Language: String, Sendable, CaseIterable {
    case en, ko

    public init(code: String) { self = Language(rawValue: code) ?? .en }

    /// Picks the text of this language: every template is written as `t("…", "…")`, so a
    /// message missing in one language does not compile.
    func t(_ en: String, _ ko: String) -> String { self == .ko ? ko : en }
}
