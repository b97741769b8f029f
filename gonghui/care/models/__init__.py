"""Care's models, one module per domain: hardship files and assistance, condolence and welfare,
micro-wishes, recuperation, retirement honors and women-worker care. Each module lists its models
in __all__."""

from gonghui.care.models.hardship import *  # noqa: F403
from gonghui.care.models.honors import *  # noqa: F403
from gonghui.care.models.recuperation import *  # noqa: F403
from gonghui.care.models.welfare import *  # noqa: F403
from gonghui.care.models.wishes import *  # noqa: F403
from gonghui.care.models.women import *  # noqa: F403
