/// OKX v5 on the wire (being built).
public enum OKXWire {}
