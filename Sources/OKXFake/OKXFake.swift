/// A local OKX for the tests (being built).
public enum OKXFake {}
