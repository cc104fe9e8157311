// Placeholder until the fake Bot API server lands (issue 13).
