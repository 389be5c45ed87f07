"""mea_trade: trade rules of environmental agreements as pure functions over cited data.

Multilateral Environmental Agreements (MEAs) regulate trade; this package turns
their rules into functions over bundled, dated, cited data.

>>> import mea_trade as mt
>>> mt.substance("R-22").annex_group
'C/I'
>>> from mea_trade.units import ureg
>>> print(f'{mt.odp_tonnes("R-502", 1 * ureg.t):.6g~}')
0.33404 ODP_t

Importing the package is cheap: data files are parsed and pint is imported on
first use of the functions that need them. Importing it never imports pandas:
when the application imports pandas (before or after), the accessor
``DataFrame.mea`` is registered (``df.mea.screen()``).
"""

from __future__ import annotations

import importlib
import sys
from typing import TYPE_CHECKING, Any

from mea_trade.errors import (
    InvalidArgumentError,
    InvalidCASError,
    InvalidCompositionError,
    InvalidDataError,
    InvalidDateError,
    InvalidHSCodeError,
    InvalidQuantityError,
    InvalidWasteCodeError,
    MeaTradeError,
    MissingDataError,
    QuotaExceededError,
    UnknownBasisError,
    UnknownChemicalError,
    UnknownCommodityError,
    UnknownCountryError,
    UnknownInstrumentError,
    UnknownMixtureError,
    UnknownNameError,
    UnknownOrganismError,
    UnknownSubstanceError,
)

__version__ = "0.1.0"
#: Version of the bundled data: the newest "as of" date of its datasets. Each dataset
#: has its own (:func:`data_as_of`, :func:`datasets`, ``mea-trade datasets``): a list
#: can be much older than this.
DATA_VERSION = "2026.12.01"

if TYPE_CHECKING:
    from mea_trade import (
        assessment,
        basel,
        cartagena,
        chemicals,
        cites,
        countries,
        cwc,
        hs,
        instruments,
        minamata,
        montreal,
        organisms,
        parties,
        registry,
        rotterdam,
        stockholm,
        units,
        wastes,
    )
    from mea_trade.assessment import Assessment, Shipment, assess
    from mea_trade.catalog import (
        GWP_BASES,
        Component,
        Control,
        Mixture,
        Substance,
        lookup,
        mixture,
        mixtures,
        substance,
        substances,
    )
    from mea_trade.chemicals import Chemical, chemical
    from mea_trade.citations import Citation
    from mea_trade.listings import listings
    from mea_trade.manifest import Dataset, datasets
    from mea_trade.manifest import as_of as data_as_of
    from mea_trade.montreal import quota
    from mea_trade.records import Listing
    from mea_trade.screening import screen
    from mea_trade.units import co2e_tonnes, odp_tonnes

_LAZY: dict[str, tuple[str, str | None]] = {
    "Chemical": ("mea_trade.chemicals", "Chemical"),
    "Citation": ("mea_trade.citations", "Citation"),
    "Component": ("mea_trade.catalog", "Component"),
    "Control": ("mea_trade.catalog", "Control"),
    "Dataset": ("mea_trade.manifest", "Dataset"),
    "GWP_BASES": ("mea_trade.catalog", "GWP_BASES"),
    "Mixture": ("mea_trade.catalog", "Mixture"),
    "Assessment": ("mea_trade.assessment", "Assessment"),
    "Listing": ("mea_trade.records", "Listing"),
    "Shipment": ("mea_trade.records", "Shipment"),
    "assess": ("mea_trade.assessment", "assess"),
    "screen": ("mea_trade.screening", "screen"),
    "Substance": ("mea_trade.catalog", "Substance"),
    "chemical": ("mea_trade.chemicals", "chemical"),
    "co2e_tonnes": ("mea_trade.units", "co2e_tonnes"),
    "datasets": ("mea_trade.manifest", "datasets"),
    "data_as_of": ("mea_trade.manifest", "as_of"),
    "listings": ("mea_trade.listings", "listings"),
    "lookup": ("mea_trade.catalog", "lookup"),
    "mixture": ("mea_trade.catalog", "mixture"),
    "mixtures": ("mea_trade.catalog", "mixtures"),
    "odp_tonnes": ("mea_trade.units", "odp_tonnes"),
    "substance": ("mea_trade.catalog", "substance"),
    "substances": ("mea_trade.catalog", "substances"),
    "units": ("mea_trade.units", None),
    "countries": ("mea_trade.countries", None),
    "hs": ("mea_trade.hs", None),
    "instruments": ("mea_trade.instruments", None),
    "assessment": ("mea_trade.assessment", None),
    "montreal": ("mea_trade.montreal", None),
    "basel": ("mea_trade.basel", None),
    "cartagena": ("mea_trade.cartagena", None),
    "organisms": ("mea_trade.organisms", None),
    "wastes": ("mea_trade.wastes", None),
    "cites": ("mea_trade.cites", None),
    "rotterdam": ("mea_trade.rotterdam", None),
    "stockholm": ("mea_trade.stockholm", None),
    "minamata": ("mea_trade.minamata", None),
    "cwc": ("mea_trade.cwc", None),
    "chemicals": ("mea_trade.chemicals", None),
    "quota": ("mea_trade.montreal.quota", None),
    "registry": ("mea_trade.registry", None),
    "parties": ("mea_trade.parties", None),
}

__all__ = [
    "DATA_VERSION",
    "GWP_BASES",
    "Assessment",
    "Chemical",
    "Citation",
    "Component",
    "Control",
    "Dataset",
    "InvalidArgumentError",
    "InvalidCASError",
    "InvalidCompositionError",
    "InvalidDataError",
    "InvalidDateError",
    "InvalidHSCodeError",
    "InvalidQuantityError",
    "InvalidWasteCodeError",
    "Listing",
    "MeaTradeError",
    "MissingDataError",
    "Mixture",
    "QuotaExceededError",
    "Shipment",
    "Substance",
    "UnknownBasisError",
    "UnknownChemicalError",
    "UnknownCommodityError",
    "UnknownCountryError",
    "UnknownInstrumentError",
    "UnknownMixtureError",
    "UnknownNameError",
    "UnknownOrganismError",
    "UnknownSubstanceError",
    "__version__",
    "assess",
    "assessment",
    "basel",
    "cartagena",
    "chemical",
    "chemicals",
    "cites",
    "co2e_tonnes",
    "countries",
    "cwc",
    "data_as_of",
    "datasets",
    "hs",
    "instruments",
    "listings",
    "lookup",
    "minamata",
    "mixture",
    "mixtures",
    "montreal",
    "odp_tonnes",
    "organisms",
    "parties",
    "quota",
    "registry",
    "rotterdam",
    "screen",
    "stockholm",
    "substance",
    "substances",
    "units",
    "wastes",
]


#: Names whose use may read a commodity text: the registry of rooms installs the rooms'
#: readers (taxa) before they are handed out.
_NEEDS_ROOMS = frozenset(
    {"Shipment", "assess", "assessment", "screen", "listings", "Listing", "cites"}
)


def _mea_accessor(frame: Any) -> Any:
    """``DataFrame.mea``: builds :class:`mea_trade.screening.MeaAccessor` on first use."""
    from mea_trade.screening import MeaAccessor

    return MeaAccessor(frame)


def _register_pandas_accessor(pandas: Any) -> None:
    """Register ``DataFrame.mea`` with an imported pandas (once)."""
    frame = getattr(pandas, "DataFrame", None)
    if frame is None or "mea" in getattr(frame, "_accessors", ()):
        return
    try:
        from pandas.api.extensions import register_dataframe_accessor
    except ImportError:  # pragma: no cover - a pandas without the extension API
        return
    register_dataframe_accessor("mea")(_mea_accessor)


class _WhenPandasImported:
    """A finder on ``sys.meta_path`` that registers the accessor once pandas is imported.

    It finds nothing itself: when ``pandas`` is about to be imported it steps aside,
    asks the other finders for pandas' spec and wraps that loader's ``exec_module``
    (on the one loader object, for that one call) so that the accessor is
    registered as soon as pandas has finished importing.
    """

    def find_spec(self, name: str, path: object = None, target: object = None) -> Any:
        if name != "pandas":
            return None
        import importlib.util

        _remove_hook()
        spec = importlib.util.find_spec("pandas")
        loader = getattr(spec, "loader", None)
        original = getattr(loader, "exec_module", None)
        if spec is None or loader is None or original is None:
            return spec

        def exec_module(module: Any) -> None:
            try:
                original(module)
            finally:
                del loader.exec_module  # the loader's own method again
            _register_pandas_accessor(module)

        try:
            loader.exec_module = exec_module
        except (AttributeError, TypeError):  # pragma: no cover - a loader without __dict__
            return spec
        return spec


def _remove_hook() -> None:
    sys.meta_path[:] = [f for f in sys.meta_path if not isinstance(f, _WhenPandasImported)]


def _install_pandas_hook() -> None:
    pandas = sys.modules.get("pandas")
    if pandas is not None and hasattr(pandas, "DataFrame"):
        _register_pandas_accessor(pandas)
    elif not any(isinstance(f, _WhenPandasImported) for f in sys.meta_path):
        sys.meta_path.insert(0, _WhenPandasImported())


_install_pandas_hook()


def __getattr__(name: str) -> Any:
    try:
        module_name, attr = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module 'mea_trade' has no attribute {name!r}") from None
    if name in _NEEDS_ROOMS:
        importlib.import_module("mea_trade.registry")
    module = importlib.import_module(module_name)
    value = module if attr is None else getattr(module, attr)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
