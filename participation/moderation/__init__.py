"""Moderation: reports, the queue, hiding with a public reason, appeals, blocks, audit."""
