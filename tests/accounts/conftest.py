import pytest

from gonghui.accounts.senders import MemorySender


@pytest.fixture(autouse=True)
def memory_sender(settings):
    """Codes go to memory, where tests read them with MemorySender.last_code(phone)."""
    settings.GONGHUI_CODE_SENDER = "gonghui.accounts.senders.MemorySender"
    MemorySender.clear()
    yield MemorySender
    MemorySender.clear()
