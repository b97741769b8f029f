"""Date and number formats per language (settings.FORMAT_MODULE_PATH): one place says how a date
reads on every page, notification and history, so templates write `{{ day|date }}` and Python
`formats.date_format(day)`, never a format string of their own. ISO values (inputs, files, API)
are not for people and keep their own format."""
