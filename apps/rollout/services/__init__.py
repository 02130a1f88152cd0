"""Rollout services, one module per concern: participants (denominators and counters),
deadlines (the cascade), sessions (sessions and attendance), study (make-up, quiz,
commitment) and reminders."""
