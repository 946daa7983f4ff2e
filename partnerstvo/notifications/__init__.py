"""Notices to people, and how each person gets them: at once, in a daily or in a weekly digest.

Apps call ``services.notify(person=..., kind=..., subject=..., text=..., url=...)``; transactional
mail (a confirmation with its .ics, a receipt) is sent directly by the app, never through here."""
