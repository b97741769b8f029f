"""Rights: letters — tasks, imported by rights/tasks.py."""
