// The clock, JSON, the WebSocket test client and the TLS host are FakeKit's; re-exported so
// that a test (or a benchmark, which sees only products) importing BinanceFake has them.
@_exported import FakeKit
