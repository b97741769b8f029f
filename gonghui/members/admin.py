"""Membership has no admin: members, applications, transfers and data requests are people's
personal data, opened (and logged) on the cadre pages by those whose scope they are in. A platform
admin sees no more personal data than its work needs (DESIGN.md)."""
