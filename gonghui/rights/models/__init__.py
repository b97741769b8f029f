"""Rights' models, one module per domain: legal aid, supervision letters (一函两书), collective
consultation and contracts. Each module lists its models in __all__."""

from gonghui.rights.models.contracts import *  # noqa: F403
from gonghui.rights.models.legal import *  # noqa: F403
from gonghui.rights.models.letters import *  # noqa: F403
