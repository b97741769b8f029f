"""The home pages members contributes (discovered by core.homes)."""

from gonghui.core import homes
from gonghui.members.views.workbench import cadre_workbench, worker_home

homes.register("worker", worker_home)
homes.register("cadre", cadre_workbench)
