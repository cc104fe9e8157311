extension Venue {
    /// A text message from a client.
    func received(_ text: String, session id: Int) {
        guard let s = sessions[id], !s.closed else { return }
        s.lastInboundMs = now
        if text == "ping" {
            send("pong", to: s)
            return
        }
    }
}
