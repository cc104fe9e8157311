/// Bot ids as a user types them on a phone: whole, or abbreviated when that names one bot.
enum BotNames {
    enum Match: Equatable {
        case one(String)
        case none(candidates: [String])
        case ambiguous(candidates: [String])
    }

    /// The bot among `ids` that `typed` names: the id itself, else the one id it begins, else
    /// the one id containing it (case ignored). None or several: the ids it could have meant
    /// (all of them when nothing comes close), for the reply to list.
    static func resolve(_ typed: String, among ids: [String]) -> Match {
        if ids.contains(typed) { return .one(typed) }
        let t = typed.lowercased()
        for rule in [{ (id: String) in id.lowercased().hasPrefix(t) }, { (id: String) in id.lowercased().contains(t) }] {
            let found = ids.filter(rule).sorted()
            if found.count == 1 { return .one(found[0]) }
            if found.count > 1 { return .ambiguous(candidates: found) }
        }
        return .none(candidates: ids.sorted())
    }
}
