// Placeholder until the Bot API values land (issue 13).
