# Loaded by pytest before Django is configured: test mode (fixed keys, fast hashing, sync jobs).
import os

os.environ["GONGHUI_TESTING"] = "1"
os.environ.setdefault("GONGHUI_DATA_DIR", os.path.join(os.path.dirname(__file__), ".pytest-data"))
