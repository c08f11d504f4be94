"""SQLite storage: the connection (``db.Database``), the numbered migrations applied at start,
and the nightly backup. The repositories live beside the domain they serve (``bot.users``,
``bot.forms.repo``, ``bot.reminders.repo`` …), not here."""
