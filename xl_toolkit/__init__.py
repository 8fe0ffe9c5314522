"""xl_toolkit: annual plans run from Excel, with Python doing the hard parts.

The core (models, registry, plan import, rules, consolidation, attainment) knows nothing of
Excel; `xl_toolkit.io`, `xl_toolkit.excel` and `xl_toolkit.cli` are thin adapters around it.
"""

from .models import AssignmentMode, Plan, Role, Section, Task, Unit, UnitKind
from .plan import PlanImportError, parse_promotion_plan
from .registry import Resolution, UnitRegistry, default_registry

__version__ = "0.1.0"

__all__ = [
    "AssignmentMode",
    "Plan",
    "PlanImportError",
    "Resolution",
    "Role",
    "Section",
    "Task",
    "Unit",
    "UnitKind",
    "UnitRegistry",
    "__version__",
    "default_registry",
    "parse_promotion_plan",
]
