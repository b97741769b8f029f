"""Rights: legal — tasks, imported by rights/tasks.py."""
