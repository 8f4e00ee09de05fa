"""The coordination office's figures: processes, reviews, answers, participation, moderation."""
