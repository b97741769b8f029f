"""Rights: contracts — tasks, imported by rights/tasks.py."""
