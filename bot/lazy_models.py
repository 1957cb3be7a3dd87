"""Import aiogram without building all its pydantic models up front (cold start: ~2 s of ~3 s).

``import aiogram.types`` ends with ``model_rebuild()`` on each of its ~600 models, to resolve their forward
references (types imported only under TYPE_CHECKING), and aiogram.methods builds its ~170 method models as they
are defined. pydantic then builds a validator for every model, most of which a bot never receives or sends
(aiogram issues #1876 and #1891). Here, while aiogram is first imported:

- the types' ``model_rebuild(_types_namespace=...)`` is not run; instead the names it would resolve are put into
  each type's module, where pydantic looks for them when the model is first used;
- pydantic's ``defer_build`` default is on, so the method models are built on their first use as well.

Each model is then built the first time the bot validates or sends it (an Update and a Message take ~70 ms on the
first update, then nothing). Everything else about the models is unchanged; tests/unit/test_lazy_models.py checks
that every type and method still validates and serialises as aiogram's eager import does.

Nothing happens if aiogram.types was already imported (the models are then complete already), nor when the
environment sets AIOGRAM_EAGER_MODELS=1 (aiogram's own eager import: a way back if a model ever failed to build
lazily, and the "before" of bench/cold_start.py --eager).
"""

from __future__ import annotations

import os
import sys
from typing import Any

_PREFIX = "aiogram.types."


def install() -> None:
    if "aiogram.types" in sys.modules or os.environ.get("AIOGRAM_EAGER_MODELS") == "1":
        return
    from pydantic import BaseModel
    from pydantic._internal import _config

    original = BaseModel.__dict__["model_rebuild"]  # the classmethod object itself

    def model_rebuild(cls: type[BaseModel], *, _types_namespace: Any = None, **kwargs: Any) -> bool | None:
        if _types_namespace is not None and not kwargs and cls.__module__.startswith(_PREFIX):
            module = sys.modules[cls.__module__].__dict__
            for name, value in _types_namespace.items():
                module.setdefault(name, value)
            return None
        return original.__func__(cls, _types_namespace=_types_namespace, **kwargs)  # type: ignore[no-any-return]

    defer = _config.config_defaults.get("defer_build", False)
    BaseModel.model_rebuild = classmethod(model_rebuild)  # type: ignore[method-assign,assignment]
    _config.config_defaults["defer_build"] = True
    try:
        import aiogram.methods
        import aiogram.types  # noqa: F401
    finally:
        BaseModel.model_rebuild = original  # type: ignore[method-assign]
        _config.config_defaults["defer_build"] = defer
