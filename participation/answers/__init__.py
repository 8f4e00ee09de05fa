"""Official responses to proposals: who answers by when, the answer, and who hears of it."""
