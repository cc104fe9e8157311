// What the fakes share (FakeClock, JSON, WSTestClient, FakeError, MalformedFrame, the TLS
// host) moved to FakeKit; re-exported so that code importing OKXFake alone still sees it.
@_exported import FakeKit
